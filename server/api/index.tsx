// Data exchange API /api/v1, Open311 GeoReport v2 (/open311/v2) (API keys with scopes; no CSRF cookie: machine clients), the
// admin page for keys, the daily upward export and the outbox jobs.
import type { NavEntry } from "../core/nav.ts";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { Router, Ctx, Deps } from "../core/http.ts";
import { formFields, formList, requireUser } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { AppError, NotFound, Validation } from "../core/errors.ts";
import { getSetting, setSetting } from "../core/settings.ts";
import { authenticate, apiActor, listClients, SCOPES, type Scope } from "./keys.ts";
import { createClient, updateClient } from "./verbs/save-client.ts";
import { receiveUpdate } from "./verbs/receive-update.ts";
import { openapi } from "./openapi.ts";
import type { Module } from "../core/module.ts";
import { logSettingChange } from "../security/index.ts";
import type { JobDef } from "../core/scheduler.ts";
import { runDailyExport, PUSH_URL } from "./jobs/export.ts";
import { drainOutbox } from "./jobs/outbox.ts";
import { submitReport, categoryByServiceCode, publicCategories, STATE_NAMES, type CaseState } from "../public/index.ts";
import { registerOpen311 } from "./open311/routes.ts";
import { ClientsPage } from "../../views/api/clients.tsx";

export { authenticate, SCOPES, type Scope } from "./keys.ts";
export { runDailyExport } from "./jobs/export.ts";
export { drainOutbox, backoff } from "./jobs/outbox.ts";

const V1 = "/api/v1";

function key(c: Ctx): string | null {
  const auth = c.req.header("authorization");
  if (auth?.startsWith("Bearer ")) return auth.slice(7).trim();
  return c.req.header("x-api-key") ?? null;
}
const need = (c: Ctx, scope: Scope) => authenticate(c.get("deps").db, key(c), scope);

const CASE_SQL = `SELECT c.no, c.source, c.state, cat.kind, cat.code, cat.small_name AS category_name, c.description, c.address, c.lng, c.lat,
  g.code AS grid_code, d.name AS department, c.due_at, c.created_at, c.updated_at, c.closed_at
  FROM cases c LEFT JOIN categories cat ON cat.id = c.category_id LEFT JOIN grids g ON g.id = c.grid_id LEFT JOIN departments d ON d.id = c.department_id`;
const toCase = (r: any) => {
  const { kind, code, ...rest } = r;
  return {
    ...rest,
    state_name: STATE_NAMES[r.state as CaseState] ?? r.state,
    category_code: kind ? (kind === "component" ? "C" : "E") + code : null,
  };
};

async function jsonBody(c: Ctx): Promise<Record<string, unknown>> {
  try {
    const b = await c.req.json();
    if (b && typeof b === "object" && !Array.isArray(b)) return b as Record<string, unknown>;
  } catch {}
  throw Validation("api.json", "请求体必须是 JSON 对象");
}

function adminPage(c: Ctx, o: { newKey?: string; error?: AppError } = {}) {
  const db = c.get("deps").db;
  const outbox = db.sqlite
    .query("SELECT id, kind, ref, status, attempts, next_at, last_error FROM upward_outbox ORDER BY id DESC LIMIT 50")
    .all() as any[];
  return page(
    c,
    <ClientsPage
      csrf={c.get("csrf")}
      clients={listClients(db)}
      scopes={SCOPES}
      newKey={o.newKey}
      error={o.error?.message}
      pushUrl={getSetting(db, PUSH_URL)}
      outbox={outbox}
    />,
    { title: "数据交换接口", current: "/admin/api-clients", status: o.error?.status },
  );
}

const ADMIN = ["admin"] as const;

export const NAV: NavEntry[] = [
  { href: "/admin/api-clients", label: "数据交换接口", group: "系统管理", roles: ADMIN, order: 95 },
];

export function registerApi(router: Router) {
  router.get(`${V1}/openapi.json`, "public", (c) => c.json(openapi(new URL(c.req.url).origin)));

  router.get(`${V1}/cases`, "public", (c) => {
    need(c, "cases:read");
    const q = c.req.query();
    const size = Math.min(Math.max(Number(q.page_size) || 100, 1), 500);
    const pg = Math.max(Number(q.page) || 1, 1);
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.since) where.push("c.updated_at >= ?"), args.push(new Date(Date.parse(q.since) || 0).toISOString());
    if (q.state) where.push("c.state = ?"), args.push(q.state);
    const rows = c
      .get("deps")
      .db.sqlite.query(
        `${CASE_SQL} ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY c.id LIMIT ? OFFSET ?`,
      )
      .all(...args, size, (pg - 1) * size);
    return c.json({ items: rows.map(toCase), page: pg, page_size: size });
  });
  router.get(`${V1}/cases/:no`, "public", (c) => {
    need(c, "cases:read");
    const r = c
      .get("deps")
      .db.sqlite.query(`${CASE_SQL} WHERE c.no = ?`)
      .get(c.req.param("no") ?? "");
    if (!r) throw NotFound("案件");
    return c.json(toCase(r));
  });
  router.get(`${V1}/cases/:no/timeline`, "public", (c) => {
    need(c, "cases:read");
    const db = c.get("deps").db;
    const id = db.sqlite.query("SELECT id FROM cases WHERE no = ?").get(c.req.param("no") ?? "") as {
      id: number;
    } | null;
    if (!id) throw NotFound("案件");
    const events = db.sqlite
      .query("SELECT at, action, from_state, to_state, actor, note FROM case_events WHERE case_id = ? ORDER BY id")
      .all(id.id);
    const updates = db.sqlite
      .query(
        "SELECT u.at, a.name AS client, u.external_id, u.status, u.note FROM api_case_updates u JOIN api_clients a ON a.id = u.client_id WHERE u.case_id = ? ORDER BY u.id",
      )
      .all(id.id);
    return c.json({ events, updates });
  });
  router.postNoCsrf(`${V1}/cases/:no/updates`, "public", async (c) => {
    const client = need(c, "updates:write");
    const b = await jsonBody(c);
    const r = receiveUpdate(c.get("deps").db, apiActor(client), { ...b, no: c.req.param("no") });
    return c.json(r, r.duplicate ? 200 : 201);
  });
  router.postNoCsrf(`${V1}/reports`, "public", async (c) => {
    const client = need(c, "cases:write");
    const db = c.get("deps").db;
    const b = await jsonBody(c);
    const str = (k: string) => (typeof b[k] === "string" ? (b[k] as string) : null);
    const numv = (k: string) => (typeof b[k] === "number" ? (b[k] as number) : null);
    let categoryId: number | null = null;
    if (str("category_code")) {
      const cat = categoryByServiceCode(db, str("category_code")!);
      if (!cat) throw Validation("api.category", "分类代码不存在", { category_code: "分类代码不存在" });
      categoryId = cat.id;
    }
    const r = submitReport(db, apiActor(client), {
      channel: "api",
      clientId: client.id,
      categoryId,
      description: str("description") ?? "",
      address: str("address"),
      lng: numv("lng"),
      lat: numv("lat"),
      name: str("reporter_name"),
      phone: str("reporter_phone"),
    });
    return c.json({ no: r.no, state: "reported", created_at: r.createdAt }, 201);
  });
  router.get(`${V1}/categories`, "public", (c) => {
    need(c, "reference:read");
    return c.json({
      items: publicCategories(c.get("deps").db).map((x) => ({
        code: x.serviceCode,
        kind: x.kind,
        standard_code: x.code,
        big_class: x.bigName,
        small_class: x.smallName,
        department_hint: x.deptHint,
      })),
    });
  });
  router.get(`${V1}/grids`, "public", (c) => {
    need(c, "reference:read");
    const rows = c
      .get("deps")
      .db.sqlite.query(
        "SELECT g.code, g.name, g.geometry, t.name AS town, m.name AS community FROM grids g JOIN regions t ON t.id = g.town_id JOIN regions m ON m.id = g.community_id ORDER BY g.code",
      )
      .all() as any[];
    return c.json({
      type: "FeatureCollection",
      features: rows.map((r) => ({
        type: "Feature",
        geometry: JSON.parse(r.geometry),
        properties: { code: r.code, name: r.name, town: r.town, community: r.community },
      })),
    });
  });
  router.get(`${V1}/components`, "public", (c) => {
    need(c, "reference:read");
    const bb = (c.req.query("bbox") ?? "").split(",").map(Number);
    if (bb.length !== 4 || bb.some((x) => !Number.isFinite(x)))
      throw Validation("api.bbox", "bbox 参数格式为 minLng,minLat,maxLng,maxLat", { bbox: "格式错误" });
    const rows = c
      .get("deps")
      .db.sqlite.query(
        "SELECT p.code, p.name, p.lng, p.lat, p.status, p.address, cat.small_name AS category FROM components p JOIN categories cat ON cat.id = p.category_id WHERE p.lng BETWEEN ? AND ? AND p.lat BETWEEN ? AND ? LIMIT 5000",
      )
      .all(bb[0]!, bb[2]!, bb[1]!, bb[3]!);
    return c.json({ items: rows });
  });
  router.get(`${V1}/exports`, "public", (c) => {
    need(c, "export:read");
    return c.json({
      items: c
        .get("deps")
        .db.sqlite.query("SELECT day, cases, created_at FROM exchange_exports ORDER BY day DESC LIMIT 100")
        .all(),
    });
  });
  router.get(`${V1}/exports/:day`, "public", (c) => {
    need(c, "export:read");
    const { db, config } = c.get("deps");
    const r = db.sqlite.query("SELECT path FROM exchange_exports WHERE day = ?").get(c.req.param("day") ?? "") as {
      path: string;
    } | null;
    if (!r || !existsSync(join(config.dataDir, r.path))) throw NotFound("导出文件");
    return c.body(readFileSync(join(config.dataDir, r.path)), 200, { "content-type": "application/json" });
  });

  // Administrator page.
  router.get("/admin/api-clients", ADMIN, (c) => adminPage(c));
  router.post("/admin/api-clients", ADMIN, async (c) => {
    const f = await formFields(c);
    try {
      const r = createClient(c.get("deps").db, requireUser(c), {
        name: f.name ?? "",
        scopes: (await formList(c, "scopes")) as Scope[],
      });
      return adminPage(c, { newKey: r.key });
    } catch (e) {
      if (e instanceof AppError && e.kind === "validation") return adminPage(c, { error: e });
      throw e;
    }
  });
  router.post("/admin/api-clients/push-url", ADMIN, async (c) => {
    const f = await formFields(c);
    const url = f.url ?? "";
    if (url && !/^https?:\/\/\S+$/.test(url))
      return adminPage(c, { error: Validation("api.url", "推送地址须以 http:// 或 https:// 开头") });
    const db = c.get("deps").db;
    const u = requireUser(c);
    const before = getSetting(db, PUSH_URL);
    if (before !== url) {
      setSetting(db, PUSH_URL, url, u.userId);
      logSettingChange(db, u, PUSH_URL, before, url);
    }
    return c.redirect("/admin/api-clients", 303);
  });
  router.post("/admin/api-clients/:id", ADMIN, async (c) => {
    const f = await formFields(c);
    updateClient(c.get("deps").db, requireUser(c), {
      id: Number(c.req.param("id")),
      scopes: await formList(c, "scopes"),
      active: f.active === "1",
    });
    return c.redirect("/admin/api-clients", 303);
  });
}

export const apiModule: Module = {
  name: "api",
  routes: (r) => {
    registerApi(r);
    registerOpen311(r);
  },
  nav: NAV,
  settings: [{ key: PUSH_URL, label: "上报推送地址", page: "/admin/api-clients" }],
  jobs: (deps: Deps): JobDef[] => [
    {
      name: "exchange.export",
      title: "每日上报导出（昨日案件与指标）",
      cron: "30 1 * * *",
      run: () => {
        const r = runDailyExport(deps.db, deps.config.dataDir);
        return `导出 ${r.path}，案件 ${r.cases} 件${r.queued ? "，已排入发件箱" : ""}`;
      },
    },
    {
      name: "exchange.outbox",
      title: "发件箱推送（失败自动重试）",
      cron: "* * * * *",
      run: async () => {
        const r = await drainOutbox(deps.db);
        return `送达 ${r.sent}，失败 ${r.failed}，待发送 ${r.pending}`;
      },
    },
  ],
};
