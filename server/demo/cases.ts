// Demo cases for the demo county: a history of closed cases (through the cases module's bulk
// door for history, importHistory(), with the same timeline rows the transition door writes,
// so evaluation and reports read them like real ones)
// and a set of open cases driven through the real verbs, so every workbench has something to do.
// Deterministic from a seed. Historical volume scales to 1,000,000 for benchmarks.
import type { SQLQueryBindings } from "bun:sqlite";
import { activeEdition } from "../catalog/index.ts";
import type { Db } from "../core/db.ts";
import { tx } from "../core/db.ts";
import { mulberry32 } from "../core/prng.ts";
import { shanghaiDate } from "../core/calendar.ts";
import type { Actor, UserActor } from "../core/context.ts";
import { actorFor, userById, userByUsername } from "../auth/index.ts";
import { proposeDepartment } from "../departments/index.ts";
import { createCase, importHistory } from "../cases/index.ts";
import { storePhoto } from "../cases/index.ts";
import { fileCase } from "../cases/index.ts";
import { dispatch } from "../cases/index.ts";
import { accept } from "../cases/index.ts";
import { complete } from "../cases/index.ts";
import { sendCheck } from "../cases/index.ts";
import { check } from "../cases/index.ts";
import { requestVerify } from "../cases/index.ts";

export type DemoCasesOptions = {
  historical?: number;
  open?: number;
  days?: number;
  seed?: number;
  dataDir: string;
  now?: Date;
  log?: (s: string) => void;
};
/** What `npm start` loads: three months of history and a working day's open cases. */
export const DEMO_CASES = { historical: 3000, open: 72 };

export type DemoCasesSummary = { historical: number; open: number; seconds: number };

const PROBLEMS = [
  "井盖缺失",
  "井盖破损",
  "路灯不亮",
  "垃圾满溢",
  "占道经营",
  "乱停车",
  "绿化带损坏",
  "广告牌破损",
  "道路坑洼",
  "污水外溢",
  "乱堆物料",
  "违规张贴",
  "施工围挡破损",
  "积水",
  "噪音扰民",
];
const ROADS = ["人民路", "解放大道", "建设路", "东门路", "滨江路", "文化路", "新华街", "胜利路", "中山路", "青年路"];
const SOURCES = [
  "inspector",
  "inspector",
  "inspector",
  "hotline",
  "hotline",
  "citizen",
  "video",
  "leader",
  "media",
  "self_check",
];
const MIN = 60_000;
const HOUR = 60 * MIN;

// A tiny valid PNG for demo photos (before/after/check).
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);

type Grid = { id: number; town_id: number; community_id: number; lng: number; lat: number; w: number; h: number };

function usersWith(db: Db, role: string): { id: number; department_id: number | null }[] {
  return db.sqlite
    .query<{ id: number; department_id: number | null }, SQLQueryBindings[]>(
      "SELECT u.id, u.department_id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = ? AND u.active = 1 ORDER BY u.id",
    )
    .all(role);
}

export function seedDemoCases(db: Db, o: DemoCasesOptions): DemoCasesSummary {
  const t0 = performance.now();
  const log = o.log ?? (() => {});
  const rnd = mulberry32(o.seed ?? 20261123);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const now = o.now ?? new Date();
  const s = db.sqlite;
  const grids = s
    .query<Grid, []>(
      "SELECT id, town_id, community_id, (min_lng + max_lng) / 2 AS lng, (min_lat + max_lat) / 2 AS lat, max_lng - min_lng AS w, max_lat - min_lat AS h FROM grids ORDER BY id",
    )
    .all();
  // the categories the county routes to a named department (so cases spread over departments),
  // else any event class
  // (the edition in force, plus a few legacy classes to show the mapping)
  const routed = s
    .query<{ id: number; edition: string; small_name: string }, []>(
      "SELECT DISTINCT r.category_id AS id, k.edition, k.small_name FROM routing_rules r JOIN categories k ON k.id = r.category_id ORDER BY 1",
    )
    .all();
  const current = routed.filter((r) => r.edition === activeEdition(db));
  const picked = current.length
    ? [...current, ...routed.filter((r) => r.edition !== activeEdition(db)).slice(0, 3)]
    : routed;
  const nameOf = new Map(picked.map((r) => [r.id, r.small_name]));
  let cats = picked.map((r) => r.id);
  if (!cats.length)
    cats = s
      .query<{ id: number }, []>("SELECT id FROM categories WHERE kind = 'event' AND active = 1 ORDER BY id LIMIT 80")
      .all()
      .map((r) => r.id);
  if (!grids.length || !cats.length) return { historical: 0, open: 0, seconds: 0 };
  const intake = usersWith(db, "intake");
  const dispatchers = usersWith(db, "dispatcher");
  const inspectors = usersWith(db, "inspector");
  const handlersByDept = new Map<number, number[]>();
  for (const h of usersWith(db, "handler"))
    if (h.department_id) handlersByDept.set(h.department_id, [...(handlersByDept.get(h.department_id) ?? []), h.id]);
  const deptCache = new Map<string, number | null>();
  const deptFor = (categoryId: number, gridId: number) => {
    const k = `${categoryId}:${gridId}`;
    if (!deptCache.has(k)) deptCache.set(k, proposeDepartment(db, { categoryId, gridId })?.departmentId ?? null);
    return deptCache.get(k)!;
  };
  const place = () => {
    const g = pick(grids);
    return {
      g,
      lng: +(g.lng + (rnd() - 0.5) * g.w * 0.8).toFixed(6),
      lat: +(g.lat + (rnd() - 0.5) * g.h * 0.8).toFixed(6),
    };
  };
  const text = (i: number, cat?: number) => {
    const road = pick(ROADS);
    const no = 1 + Math.floor(rnd() * 300);
    const what = (cat && nameOf.get(cat)) || pick(PROBLEMS);
    return {
      description: `${road}${no}号附近${what}，请尽快处理（演示数据 ${i + 1}）`,
      address: `${road} ${no} 号`,
    };
  };

  // ---- history: closed (and some rejected) cases over the past `days` days
  const H = o.historical ?? 0;
  // about 1,000 reports a day at most (a mid-size city); a million cases is three years of history
  const days = o.days ?? Math.max(90, Math.ceil(H / 1000));
  if (H > 0) {
    const history = importHistory(db);
    const counters = new Map<string, number>();
    const start = now.getTime() - days * 86400_000;
    // spread over the period, in daytime hours (07:00–20:00 Shanghai)
    const times = Array.from({ length: H }, () => {
      const d = Math.floor(rnd() * days);
      return start + d * 86400_000 - (start % 86400_000) - 8 * HOUR + 7 * HOUR + Math.floor(rnd() * 13 * HOUR);
    }).sort((a, b) => a - b);
    const iso = (t: number) => new Date(t).toISOString();
    const chunk = 20_000;
    for (let from = 0; from < H; from += chunk) {
      tx(db, () => {
        for (let i = from; i < Math.min(H, from + chunk); i++) {
          const at = times[i]!;
          if (at > now.getTime() - 3 * HOUR) continue;
          const day = shanghaiDate(at).replaceAll("-", "");
          const n = (counters.get(day) ?? 0) + 1;
          counters.set(day, n);
          const { g, lng, lat } = place();
          const cat = pick(cats);
          const source = pick(SOURCES);
          const reporter = source === "inspector" ? (pick(inspectors)?.id ?? null) : null;
          const op = pick(intake)?.id ?? null;
          const { description, address } = text(i, cat);
          const rejected = rnd() < 0.05;
          const dept = deptFor(cat, g.id);
          const tFile = at + (5 + rnd() * 35) * MIN;
          const reported = {
            no: `${day}-${String(n).padStart(4, "0")}`,
            source,
            category_id: cat,
            description,
            address,
            lng,
            lat,
            grid_id: g.id,
            town_id: g.town_id,
            community_id: g.community_id,
            reported_by: reporter,
            created_at: iso(at),
          };
          if (rejected || !dept) {
            const id = history.addCase({ ...reported, state: "rejected", updated_at: iso(tFile) });
            history.addEvent(id, {
              at: iso(at),
              action: "report",
              from: null,
              to: "reported",
              actor: "演示数据",
              userId: reporter,
              data: { due_at: iso(at + 30 * MIN) },
            });
            history.addEvent(id, {
              at: iso(tFile),
              action: "reject",
              from: "reported",
              to: "rejected",
              actor: "演示数据",
              userId: op,
              note: "不属于城市管理范围",
              data: { due_at: null },
            });
            continue;
          }
          const handler = pick(handlersByDept.get(dept) ?? [0]) || null;
          const disp = pick(dispatchers)?.id ?? null;
          const insp = pick(inspectors)?.id ?? null;
          const tDisp = tFile + (3 + rnd() * 27) * MIN;
          const due = tDisp + 48 * HOUR;
          const overdue = rnd() < 0.12;
          const tAccept = tDisp + (10 + rnd() * 110) * MIN;
          let tDone = overdue ? due + (2 + rnd() * 30) * HOUR : tAccept + (1 + rnd() * 40) * HOUR;
          const rework = rnd() < 0.06 ? 1 : 0;
          const ev: [number, string, string | null, string, number | null, string | null, unknown][] = [];
          ev.push([at, "report", null, "reported", reporter, null, { due_at: iso(at + 30 * MIN) }]);
          ev.push([tFile, "file", "reported", "filed", op, null, { due_at: iso(tFile + 30 * MIN) }]);
          ev.push([tDisp, "dispatch", "filed", "dispatched", disp, null, { departmentId: dept, due_at: iso(due) }]);
          ev.push([tAccept, "accept", "dispatched", "in_progress", handler, null, undefined]);
          if (overdue) ev.push([due, "overdue", "in_progress", "in_progress", null, "已超过处置时限", undefined]);
          ev.push([tDone, "complete", "in_progress", "checking", handler, "已处置完毕", { due_at: iso(tDone + HOUR) }]);
          let tCheck = tDone + (10 + rnd() * 80) * MIN;
          if (rework) {
            ev.push([
              tCheck,
              "check_fail",
              "checking",
              "in_progress",
              insp,
              "现场仍未整改到位，返工",
              { due_at: iso(tCheck + 24 * HOUR) },
            ]);
            tDone = tCheck + (2 + rnd() * 20) * HOUR;
            ev.push([tDone, "complete", "in_progress", "checking", handler, "返工完成", { due_at: iso(tDone + HOUR) }]);
            tCheck = tDone + (10 + rnd() * 80) * MIN;
          }
          ev.push([tCheck, "check_pass", "checking", "to_close", insp, "核查通过", { due_at: null }]);
          const tClose = tCheck + (5 + rnd() * 55) * MIN;
          ev.push([tClose, "close", "to_close", "closed", op, null, undefined]);
          const id = history.addCase({
            ...reported,
            state: "closed",
            department_id: dept,
            inspector_id: insp,
            rework_count: rework,
            overdue_ever: overdue ? 1 : 0,
            filed_at: iso(tFile),
            dispatched_at: iso(tDisp),
            completed_at: iso(tDone),
            closed_at: iso(tClose),
            updated_at: iso(tClose),
          });
          for (const [t, action, from, to, user, note, data] of ev)
            history.addEvent(id, {
              at: iso(t),
              action,
              from,
              to,
              actor: user ? "演示数据" : "系统",
              userId: user,
              note,
              data,
            });
        }
      });
      log(`  历史案件 ${Math.min(H, from + chunk)} / ${H}`);
    }
    const up = s.prepare(
      "INSERT INTO case_counters (day, n) VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET n = max(n, excluded.n)",
    );
    tx(db, () => {
      for (const [d, n] of counters) up.run(d, n);
    });
  }

  // ---- open cases through the real verbs, spread over the states of the loop
  const O = o.open ?? 0;
  let opened = 0;
  if (O > 0) {
    const as = (username: string): UserActor | null => {
      const u = userByUsername(db, username);
      return u ? actorFor(db, u) : null;
    };
    const byId = (id: number | undefined): UserActor | null => {
      if (!id) return null;
      const u = userById(db, id);
      return u ? actorFor(db, u) : null;
    };
    const inspector = as("inspector");
    const intakeA = as("intake");
    const dispA = as("dispatcher");
    const photo = () => [storePhoto(o.dataDir, PNG)];
    const STAGES = [
      "reported",
      "reported",
      "verifying",
      "filed",
      "filed",
      "dispatched",
      "dispatched",
      "in_progress",
      "in_progress",
      "in_progress",
      "checking",
      "to_close",
    ];
    for (let i = 0; i < O; i++) {
      const { lng, lat } = place();
      const cat = pick(cats);
      const source = pick(SOURCES);
      const actor: Actor =
        source === "inspector" && inspector ? inspector : (intakeA ?? { kind: "system", job: "demo" });
      const { description, address } = text(H + i, cat);
      const target = STAGES[i % STAGES.length]!;
      const row = createCase(db, actor, {
        source: source as any,
        categoryId: cat,
        description,
        address,
        lng,
        lat,
        reporterPhone: source === "hotline" ? `1380013${String(1000 + i).slice(-4)}` : null,
        photos: photo(),
      });
      opened++;
      if (!intakeA || !dispA) continue;
      if (target === "reported") continue;
      if (target === "verifying") {
        if (inspector) requestVerify(db, intakeA, { caseId: row.id, inspectorId: inspector.userId });
        continue;
      }
      fileCase(db, intakeA, { caseId: row.id });
      if (target === "filed") continue;
      const d = dispatch(db, dispA, { caseId: row.id });
      if (target === "dispatched") continue;
      const deptId = d.row.department_id;
      const handler = byId(deptId ? handlersByDept.get(deptId)?.[0] : undefined);
      if (!handler) continue;
      accept(db, handler, { caseId: row.id });
      if (target === "in_progress") continue;
      complete(db, handler, { caseId: row.id, note: "已处置完毕", photos: photo() });
      if (!inspector) continue;
      sendCheck(db, intakeA, { caseId: row.id, inspectorId: inspector.userId });
      if (target === "checking") continue;
      check(db, inspector, { caseId: row.id, pass: true, note: "核查通过", photos: photo() });
    }
  }
  db.sqlite.run("ANALYZE");
  return { historical: H, open: opened, seconds: (performance.now() - t0) / 1000 };
}
