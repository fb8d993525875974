// The demo county (示范县, code 360121): towns, communities, unit and responsibility grids,
// departments, users of every role, components, routing rules and the 2026 holiday calendar.
// Deterministic from a seed (mulberry32). Loaded with prepared statements in one transaction.
import type { SQLQueryBindings } from "bun:sqlite";
import { createHash } from "node:crypto";
import type { Db } from "../core/db.ts";
import { tx } from "../core/db.ts";
import { setSetting } from "../core/settings.ts";
import { seedDemoAccounts, DEMO_PASSWORD } from "./accounts.ts";
import { hashPassword } from "../auth/index.ts";
import { invalidateGrids } from "../grid/index.ts";
import { invalidateCalendar } from "../calendar/index.ts";

export const COUNTY_CODE = "360121";
export const COUNTY_NAME = "示范县";
/** South-west corner of the county's built-up area (WGS-84). */
const ORIGIN = { lng: 115.87, lat: 28.66 };
/** One unit grid: 0.001° lng × 0.0009° lat ≈ 98 m × 100 m at lat 28.7. */
const CELL_LNG = 0.001;
const CELL_LAT = 0.0009;
/** All generated rows carry this timestamp so the data is reproducible. */
const STAMP = "2026-01-01T00:00:00.000Z";
const EDITION = "CJ/T 214-2007";
const EDITION_2026 = "GB/T 47678.5-2026";

export type DemoOptions = {
  seed?: number;
  grids?: number;
  components?: number;
  respGrids?: number;
  log?: (s: string) => void;
};
export type DemoSummary = {
  towns: number;
  communities: number;
  grids: number;
  respGrids: number;
  departments: number;
  users: number;
  components: number;
  rules: number;
  seconds: number;
};

/** Sizes for a --scale factor: 1 → 600 grids, 60,000 components; capped at 5,000 grids and 1,000,000 components. */
export function scaled(scale: number): { grids: number; components: number; respGrids: number } {
  const grids = Math.max(6, Math.min(5000, Math.round(600 * scale)));
  return {
    grids,
    components: Math.max(0, Math.min(1_000_000, Math.round(60_000 * scale))),
    respGrids: Math.max(6, Math.round(grids / 15)),
  };
}

export { mulberry32 } from "../core/prng.ts";
import { mulberry32 } from "../core/prng.ts";

// GB/T 10114: 001–099 街道, 100–199 镇, 200–399 乡.
const TOWNS = [
  { code: "001", name: "东湖街道", dept: "DHJD" },
  { code: "002", name: "西城街道", dept: "XCJD" },
  { code: "100", name: "城关镇", dept: "CGZ" },
  { code: "101", name: "青岚镇", dept: "QLZ" },
  { code: "102", name: "白沙镇", dept: "BSZ" },
  { code: "200", name: "桃源乡", dept: "TYX" },
];
const COMMUNITY_NAMES = [
  "幸福",
  "和平",
  "文化",
  "建设",
  "光明",
  "新华",
  "胜利",
  "朝阳",
  "民主",
  "团结",
  "永安",
  "长青",
  "振兴",
  "育才",
  "丰收",
  "红星",
  "友谊",
  "繁荣",
  "前进",
  "东风",
  "南苑",
  "北湖",
  "锦绣",
  "滨江",
  "花园",
  "学府",
  "翠竹",
  "金桥",
  "荷塘",
  "龙泉",
];

type DeptSpec = { code: string; name: string; level: "county" | "town" | "unit"; parent?: string };
export const DEMO_COUNTY_DEPTS: DeptSpec[] = [
  { code: "JDZX", name: "城市管理监督中心", level: "county" },
  { code: "ZHZX", name: "城市管理指挥中心", level: "county" },
  { code: "SWJ", name: "县水务局", level: "county" },
  { code: "CGJ", name: "县城市管理局", level: "county" },
  { code: "ZFDD", name: "县城管执法大队", level: "county" },
  { code: "ZJJ", name: "县住房和城乡建设局", level: "county" },
  { code: "SZS", name: "县市政工程管理所", level: "county" },
  { code: "LDS", name: "县路灯管理所", level: "county" },
  { code: "HWS", name: "县环境卫生管理所", level: "county" },
  { code: "YLS", name: "县园林绿化管理所", level: "county" },
  { code: "JTJ", name: "县交通运输局", level: "county" },
  { code: "JJDD", name: "县公安局交警大队", level: "county" },
  { code: "GAJ", name: "县公安局", level: "county" },
  { code: "GSGS", name: "县自来水公司", level: "county" },
  { code: "GDGS", name: "国网示范县供电公司", level: "county" },
  { code: "RQGS", name: "示范县燃气公司", level: "county" },
  { code: "TXGS", name: "县通信运营商联合办", level: "county" },
  { code: "ZRZY", name: "县自然资源局", level: "county" },
  { code: "STHJ", name: "县生态环境局", level: "county" },
  { code: "SCJG", name: "县市场监督管理局", level: "county" },
  { code: "YJJ", name: "县应急管理局", level: "county" },
  { code: "MZJ", name: "县民政局", level: "county" },
  ...TOWNS.map((t) => ({ code: t.dept, name: `${t.name}分中心`, level: "town" as const })),
  { code: "CGZ-SR", name: "城关镇市容所", level: "unit", parent: "CGZ" },
  { code: "CGZ-HW", name: "城关镇环卫站", level: "unit", parent: "CGZ" },
];

/** Maintenance department by the legacy class's department hint (first keyword that matches). */
const HINT_DEPT: [RegExp, string][] = [
  [/供水|再生水|消防/, "GSGS"],
  [/排水|水务|水域|雨水|污水|化粪池/, "SWJ"],
  [/供电|电力/, "GDGS"],
  [/燃气|油气|供热/, "RQGS"],
  [/路灯|照明/, "LDS"],
  [/通信|通讯|广电|邮政/, "TXGS"],
  [/交警|公安/, "JJDD"],
  [/交通|道路/, "JTJ"],
  [/环卫|市容/, "HWS"],
  [/园林/, "YLS"],
  [/房管|人防/, "ZJJ"],
  [/安监|建设/, "ZJJ"],
  [/体育|商务|报刊|属地|公交/, "CGJ"],
];
/** Relative frequency of component small classes in a county (manholes, lamps, trees, bins dominate). */
const WEIGHT: Record<string, number> = {
  "0101": 8,
  "0102": 10,
  "0103": 10,
  "0104": 12,
  "0105": 5,
  "0106": 4,
  "0107": 6,
  "0117": 8,
  "0118": 14,
  "0209": 5,
  "0211": 4,
  "0213": 3,
  "0305": 10,
  "0402": 20,
  "0403": 6,
  "0405": 3,
  "0407": 3,
};

const pad = (n: number, w: number) => String(n).padStart(w, "0");

/** Load the demo county. Returns null if the database already has grids or components. */
export function seedDemoCounty(db: Db, o: DemoOptions = {}): DemoSummary | null {
  const t0 = performance.now();
  const s = db.sqlite;
  const log = o.log ?? (() => {});
  const has = s
    .query<{ n: number }, []>("SELECT (SELECT count(*) FROM grids) + (SELECT count(*) FROM components) AS n")
    .get()!.n;
  if (has > 0) return null;
  const size = {
    ...scaled(1),
    ...Object.fromEntries(
      Object.entries({ grids: o.grids, components: o.components, respGrids: o.respGrids }).filter(([, v]) => v != null),
    ),
  };
  const rnd = mulberry32(o.seed ?? 20260101);
  seedDemoAccounts(db); // the 9 documented accounts (no-op when users exist)
  const pwHash = hashPassword(DEMO_PASSWORD);
  let _users = 0,
    rules = 0,
    components = 0,
    nResp = 0,
    nComm = 0;

  tx(db, () => {
    // Departments (keep the ones the accounts already created).
    const dept = new Map<string, number>();
    const insDept = s.prepare<{ id: number }, SQLQueryBindings[]>(
      "INSERT INTO departments (code, name, level, parent_id, phone, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
    );
    for (const d of DEMO_COUNTY_DEPTS) {
      const ex = s.query<{ id: number }, SQLQueryBindings[]>("SELECT id FROM departments WHERE code = ?").get(d.code);
      const id =
        ex?.id ??
        insDept.get(
          d.code,
          d.name,
          d.level,
          d.parent ? dept.get(d.parent)! : null,
          `0791-8${pad(Math.floor(rnd() * 1e6), 6)}`,
          STAMP,
          STAMP,
        )!.id;
      dept.set(d.code, id);
    }

    // Regions: county → towns → communities; grids tile each town's rectangle.
    const insRegion = s.prepare<{ id: number }, SQLQueryBindings[]>(
      "INSERT INTO regions (code, name, level, parent_id, geometry, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    );
    const insGrid = s.prepare<{ id: number }, SQLQueryBindings[]>(
      "INSERT INTO grids (code, name, community_id, town_id, geometry, min_lng, min_lat, max_lng, max_lat, area_m2, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    );
    const perTown = Math.ceil(size.grids / TOWNS.length);
    const tw = Math.ceil(Math.sqrt(perTown));
    const th = Math.ceil(perTown / tw);
    const commPerTown = Math.max(1, Math.min(th, 5));
    const rect = (x0: number, y0: number, w: number, h: number) => {
      const a = ORIGIN.lng + x0 * CELL_LNG,
        b = ORIGIN.lat + y0 * CELL_LAT,
        c = a + w * CELL_LNG,
        d = b + h * CELL_LAT;
      const r = (v: number) => Math.round(v * 1e7) / 1e7;
      return {
        minLng: r(a),
        minLat: r(b),
        maxLng: r(c),
        maxLat: r(d),
        geom: JSON.stringify({
          type: "Polygon",
          coordinates: [
            [
              [r(a), r(b)],
              [r(c), r(b)],
              [r(c), r(d)],
              [r(a), r(d)],
              [r(a), r(b)],
            ],
          ],
        }),
      };
    };
    const all = rect(0, 0, tw * 3, th * 2);
    const countyId = insRegion.get(COUNTY_CODE, COUNTY_NAME, "county", null, all.geom, STAMP, STAMP)!.id;
    type G = {
      id: number;
      town: number;
      cx: number;
      cy: number;
      commName: string;
      townName: string;
      minLng: number;
      minLat: number;
    };
    const grids: G[] = [];
    const townIds: number[] = [];
    const commIds: number[][] = [];
    const areaM2 = CELL_LNG * 111320 * Math.cos((28.7 * Math.PI) / 180) * CELL_LAT * 110900;
    TOWNS.forEach((t, ti) => {
      const ox = (ti % 3) * tw,
        oy = Math.floor(ti / 3) * th;
      const tr = rect(ox, oy, tw, th);
      const townId = insRegion.get(COUNTY_CODE + t.code, t.name, "town", countyId, tr.geom, STAMP, STAMP)!.id;
      townIds.push(townId);
      commIds.push([]);
      // Communities: horizontal bands of rows. Towns (镇/乡) get 村 codes from 200 for outer bands.
      for (let ci = 0; ci < commPerTown; ci++) {
        const y0 = Math.floor((ci * th) / commPerTown),
          y1 = Math.floor(((ci + 1) * th) / commPerTown);
        const isVillage = t.code >= "100" && ci === commPerTown - 1;
        const base = COMMUNITY_NAMES[(ti * 5 + ci) % COMMUNITY_NAMES.length]!;
        const cname = isVillage ? `${base}村` : `${base}社区`;
        const ccode = COUNTY_CODE + t.code + (isVillage ? pad(200 + ci, 3) : pad(1 + ci, 3));
        const cr = rect(ox, oy + y0, tw, y1 - y0);
        const commId = insRegion.get(ccode, cname, "community", townId, cr.geom, STAMP, STAMP)!.id;
        commIds[ti]!.push(commId);
        nComm++;
        let serial = 0;
        for (let y = y0; y < y1; y++) {
          for (let x = 0; x < tw; x++) {
            serial++;
            const g = rect(ox + x, oy + y, 1, 1);
            const code = ccode + pad(serial, 3);
            const id = insGrid.get(
              code,
              `${t.name}${cname}${pad(serial, 3)}号网格`,
              commId,
              townId,
              g.geom,
              g.minLng,
              g.minLat,
              g.maxLng,
              g.maxLat,
              Math.round(areaM2),
              STAMP,
              STAMP,
            )!.id;
            grids.push({
              id,
              town: ti,
              cx: ox + x,
              cy: oy + y,
              commName: cname,
              townName: t.name,
              minLng: g.minLng,
              minLat: g.minLat,
            });
          }
        }
      }
    });
    log(`网格 ${grids.length} 个`);

    // Users beyond the 9 documented accounts: inspectors, handlers, operators, leaders.
    const insUser = s.prepare<{ id: number }, SQLQueryBindings[]>(
      "INSERT INTO users (username, name, password_hash, department_id, phone, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
    );
    const insRole = s.prepare("INSERT INTO user_roles (user_id, role) VALUES (?, ?)");
    const SURN =
      "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
    const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌辉鹏飞宇晨欣怡浩然子涵雨轩梓萱";
    const personName = () =>
      SURN[Math.floor(rnd() * SURN.length)]! +
      GIVEN[Math.floor(rnd() * GIVEN.length)]! +
      (rnd() < 0.6 ? GIVEN[Math.floor(rnd() * GIVEN.length)]! : "");
    const inspectorIds: number[] = [];
    const existingInspector = s.query<{ id: number }, []>("SELECT id FROM users WHERE username = 'inspector'").get();
    if (existingInspector) inspectorIds.push(existingInspector.id);
    const addUser = (username: string, roles: string[], deptCode: string | null, title: string) => {
      if (s.query("SELECT 1 FROM users WHERE username = ?").get(username)) return null;
      const id = insUser.get(
        username,
        `${personName()}（${title}）`,
        pwHash,
        deptCode ? dept.get(deptCode)! : null,
        `139${pad(Math.floor(rnd() * 1e8), 8)}`,
        STAMP,
        STAMP,
      )!.id;
      for (const r of roles) insRole.run(id, r);
      _users++;
      return id;
    };
    const nInspectors = Math.max(6, Math.round(size.respGrids * 0.65));
    for (let i = 1; i <= nInspectors; i++) {
      const id = addUser(`inspector${pad(i, 2)}`, ["inspector"], "JDZX", "监督员");
      if (id) inspectorIds.push(id);
    }
    for (let i = 1; i <= 3; i++) addUser(`hotline${pad(i, 2)}`, ["hotline"], "JDZX", "话务员");
    for (let i = 1; i <= 2; i++) addUser(`intake${pad(i, 2)}`, ["intake"], "JDZX", "受理员");
    addUser("shiftlead02", ["shift_lead", "intake"], "JDZX", "值班长");
    for (let i = 1; i <= 2; i++) addUser(`dispatcher${pad(i, 2)}`, ["dispatcher"], "ZHZX", "派遣员");
    addUser("leader02", ["leader"], null, "领导");
    const handlerDepts = [
      "CGJ",
      "ZFDD",
      "SZS",
      "LDS",
      "HWS",
      "YLS",
      "JTJ",
      "GSGS",
      "GDGS",
      "RQGS",
      ...TOWNS.map((t) => t.dept).filter((d) => d !== "CGZ"),
    ];
    for (const d of handlerDepts) addUser(`h-${d.toLowerCase()}`, ["handler"], d, "处置员");
    addUser("admin02", ["admin"], null, "管理员");

    // Responsibility grids: contiguous runs of unit grids within each town, each with 1–2 inspectors.
    const insResp = s.prepare<{ id: number }, SQLQueryBindings[]>(
      "INSERT INTO resp_grids (code, name, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id",
    );
    const insRU = s.prepare("INSERT INTO resp_grid_units (resp_grid_id, grid_id) VALUES (?, ?)");
    const insRI = s.prepare("INSERT OR IGNORE INTO resp_grid_inspectors (resp_grid_id, user_id) VALUES (?, ?)");
    for (let ti = 0; ti < TOWNS.length; ti++) {
      const mine = grids.filter((g) => g.town === ti);
      const perTownResp = Math.max(
        1,
        Math.floor(((ti + 1) * size.respGrids) / TOWNS.length) - Math.floor((ti * size.respGrids) / TOWNS.length),
      );
      for (let k = 0; k < perTownResp; k++) {
        const part = mine.slice(
          Math.floor((k * mine.length) / perTownResp),
          Math.floor(((k + 1) * mine.length) / perTownResp),
        );
        if (!part.length) continue;
        nResp++;
        const id = insResp.get(
          `ZR${COUNTY_CODE}${TOWNS[ti]!.code}${pad(k + 1, 2)}`,
          `${TOWNS[ti]!.name}第${k + 1}责任网格`,
          STAMP,
          STAMP,
        )!.id;
        for (const g of part) insRU.run(id, g.id);
        insRI.run(id, inspectorIds[(nResp - 1) % inspectorIds.length]!);
        if (rnd() < 0.3) insRI.run(id, inspectorIds[Math.floor(rnd() * inspectorIds.length)]!);
      }
    }

    // Routing rules: global default, per-category rules from the department hints, town rules for street order.
    const insRule = s.prepare(
      "INSERT INTO routing_rules (category_id, region_id, grid_id, department_id, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    const rule = (cat: number | null, region: number | null, grid: number | null, d: string, note: string) => {
      insRule.run(cat, region, grid, dept.get(d)!, note, STAMP, STAMP);
      rules++;
    };
    rule(null, null, null, "CGJ", "全局默认：县城市管理局");
    const cats = s
      .query<
        { id: number; kind: string; code: string; big_code: string; dept_hint: string | null },
        SQLQueryBindings[]
      >("SELECT id, kind, code, big_code, dept_hint FROM categories WHERE edition = ? ORDER BY kind, code")
      .all(EDITION);
    const maintOf = new Map<number, string>();
    for (const c of cats) {
      let d = HINT_DEPT.find(([re]) => re.test(c.dept_hint ?? ""))?.[1] ?? "CGJ";
      if (c.kind === "event")
        d = c.big_code === "03" ? "ZJJ" : c.big_code === "04" ? "YJJ" : c.big_code === "01" ? "HWS" : "ZFDD";
      if (c.kind === "component") maintOf.set(c.id, d);
      rule(c.id, null, null, d, "按类别默认");
    }
    // 市容环境 (01) and 街面秩序 (05) events go to the town sub-centre where they happen.
    for (const c of cats.filter((c) => c.kind === "event" && (c.big_code === "01" || c.big_code === "05")))
      TOWNS.forEach((t, ti) => rule(c.id, townIds[ti]!, null, t.dept, `${t.name}属地处置`));
    // The edition in force (GB/T 47678.5-2026): a category rule for every class, so a phone or portal
    // report is proposed to its owner (a 供水井盖 to the water company, a 雨水井盖 to 县水务局); 市容环境 (06) and 街面秩序 (09) events
    // also to the town sub-centre where they happen. The 2007 rules above stay to show the legacy mapping.
    const cats26 = s
      .query<
        { id: number; kind: string; code: string; big_code: string; small_name: string; dept_hint: string | null },
        [string]
      >("SELECT id, kind, code, big_code, small_name, dept_hint FROM categories WHERE edition = ? ORDER BY kind, code")
      .all(EDITION_2026);
    for (const c of cats26) {
      // the class name names the owner more often than the 2026 table's generic hint (市政公用部门)
      let d =
        HINT_DEPT.find(([re]) => re.test(c.small_name))?.[1] ??
        HINT_DEPT.find(([re]) => re.test(c.dept_hint ?? ""))?.[1] ??
        "CGJ";
      if (c.kind === "event")
        d = c.big_code === "06" ? "HWS" : c.big_code === "08" ? "ZJJ" : c.big_code === "09" ? "ZFDD" : d;
      rule(c.id, null, null, d, "按类别默认（现行标准）");
    }
    for (const c of cats26.filter((c) => c.kind === "event" && (c.big_code === "06" || c.big_code === "09")))
      TOWNS.forEach((t, ti) => rule(c.id, townIds[ti]!, null, t.dept, `${t.name}属地处置`));
    // One community rule and one grid rule, to show the precedence.
    const litter = cats.find((c) => c.kind === "event" && c.big_code === "01");
    if (litter) {
      rule(litter.id, commIds[2]![0]!, null, "CGZ-HW", "城关镇首个社区由环卫站处置");
      const g0 = grids.find((g) => g.town === 2);
      if (g0) rule(litter.id, null, g0.id, "CGZ-SR", "示例：单个网格由市容所处置");
    }

    // Components: weighted over the legacy component classes, uniformly over grids.
    const compCats = cats.filter((c) => c.kind === "component");
    const weights = compCats.map((c) => WEIGHT[c.code] ?? 0.6);
    const total = weights.reduce((a, b) => a + b, 0);
    const cum: number[] = [];
    weights.reduce((a, w, i) => ((cum[i] = (a + w) / total), a + w), 0);
    const pickCat = () => {
      const r = rnd();
      let lo = 0,
        hi = cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid]! < r) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const serial = new Map<number, number>();
    const ownerOf = (d: string) => (["LDS", "SZS", "HWS", "YLS"].includes(d) ? "CGJ" : d);
    const insComp = s.prepare(
      `INSERT INTO components (code, category_id, name, lng, lat, grid_id, owner_dept_id, maint_dept_id, status, address, photos, installed_on, surveyed_on, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)`,
    );
    const compNames = s
      .query<{ id: number; small_name: string }, SQLQueryBindings[]>(
        "SELECT id, small_name FROM categories WHERE edition = ? AND kind = 'component'",
      )
      .all(EDITION);
    const nameOf = new Map(compNames.map((c) => [c.id, c.small_name]));
    for (let i = 0; i < size.components; i++) {
      const c = compCats[pickCat()]!;
      const g = grids[Math.floor(rnd() * grids.length)]!;
      const n = (serial.get(c.id) ?? 0) + 1;
      serial.set(c.id, n);
      const lng = Math.round((g.minLng + (0.05 + 0.9 * rnd()) * CELL_LNG) * 1e7) / 1e7;
      const lat = Math.round((g.minLat + (0.05 + 0.9 * rnd()) * CELL_LAT) * 1e7) / 1e7;
      const r = rnd();
      const status = r < 0.95 ? "normal" : r < 0.985 ? "damaged" : r < 0.995 ? "lost" : "removed";
      const maint = maintOf.get(c.id)!;
      const y = 2008 + Math.floor(rnd() * 17),
        m = 1 + Math.floor(rnd() * 12),
        d = 1 + Math.floor(rnd() * 28);
      insComp.run(
        `${COUNTY_CODE}${c.code}${pad(n, 6)}`,
        c.id,
        nameOf.get(c.id)!,
        lng,
        lat,
        g.id,
        dept.get(ownerOf(maint))!,
        dept.get(maint)!,
        status,
        `${g.townName}${g.commName}`,
        `${y}-${pad(m, 2)}-${pad(d, 2)}`,
        "2025-11-01",
        STAMP,
        STAMP,
      );
      components++;
    }
    log(`部件 ${components} 个`);

    // 2026 public holidays and 调休 make-up workdays (国务院办公厅通知).
    const insDay = s.prepare("INSERT OR IGNORE INTO calendar_days (day, type, name) VALUES (?, ?, ?)");
    const hol = (from: string, n: number, name: string) => {
      const t = Date.parse(from + "T00:00:00Z");
      for (let i = 0; i < n; i++) insDay.run(new Date(t + i * 86400000).toISOString().slice(0, 10), "holiday", name);
    };
    hol("2026-01-01", 3, "元旦");
    insDay.run("2026-01-04", "workday", "元旦调休上班");
    hol("2026-02-15", 9, "春节");
    insDay.run("2026-02-14", "workday", "春节调休上班");
    insDay.run("2026-02-28", "workday", "春节调休上班");
    hol("2026-04-04", 3, "清明节");
    hol("2026-05-01", 5, "劳动节");
    insDay.run("2026-05-09", "workday", "劳动节调休上班");
    hol("2026-06-19", 3, "端午节");
    hol("2026-09-25", 3, "中秋节");
    hol("2026-10-01", 7, "国庆节");
    insDay.run("2026-09-20", "workday", "国庆节调休上班");
    insDay.run("2026-10-10", "workday", "国庆节调休上班");

    setSetting(db, "county.name", COUNTY_NAME);
    setSetting(db, "county.code", COUNTY_CODE);
    s.query(
      "INSERT INTO import_batches (kind, file_name, status, total, imported, rejected, report, started_at, finished_at) VALUES ('demo', ?, 'done', ?, ?, 0, '[]', ?, ?)",
    ).run(`演示数据 seed=${o.seed ?? 20260101}`, components, components, STAMP, STAMP);
    invalidateGrids(db);
    invalidateCalendar(db);
  });
  const deptCount = s.query<{ n: number }, []>("SELECT count(*) AS n FROM departments").get()!.n;
  const userCount = s.query<{ n: number }, []>("SELECT count(*) AS n FROM users").get()!.n;
  return {
    towns: TOWNS.length,
    communities: nComm,
    grids: s.query<{ n: number }, []>("SELECT count(*) AS n FROM grids").get()!.n,
    respGrids: nResp,
    departments: deptCount,
    users: userCount,
    components,
    rules,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** A hash of the generated reference data (not password hashes), for determinism checks. */
export function demoDataHash(db: Db): string {
  const h = createHash("sha256");
  const dump = (sql: string) => {
    for (const r of db.sqlite.query(sql).values()) h.update(JSON.stringify(r) + "\n");
  };
  dump("SELECT code, name, level, parent_id, geometry FROM regions ORDER BY id");
  dump("SELECT code, name, community_id, town_id, geometry, area_m2 FROM grids ORDER BY id");
  dump("SELECT code, name FROM resp_grids ORDER BY id");
  dump("SELECT resp_grid_id, grid_id FROM resp_grid_units ORDER BY 1, 2");
  dump("SELECT resp_grid_id, user_id FROM resp_grid_inspectors ORDER BY 1, 2");
  dump("SELECT code, name, level, parent_id, phone FROM departments ORDER BY id");
  dump("SELECT username, name, department_id, phone FROM users ORDER BY id");
  dump("SELECT category_id, region_id, grid_id, department_id FROM routing_rules ORDER BY id");
  dump(
    "SELECT code, category_id, name, lng, lat, grid_id, owner_dept_id, maint_dept_id, status, address, installed_on FROM components ORDER BY id",
  );
  dump("SELECT day, type, name FROM calendar_days ORDER BY day");
  return h.digest("hex");
}
