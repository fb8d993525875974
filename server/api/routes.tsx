// The upward data-exchange API (/api/v1, API keys with scopes) and its administrator page.
import type { NavEntry } from "../core/nav.ts";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { Router, Ctx } from "../core/http.ts";
import { formFields, formList, requireUser } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { AppError, NotFound, Validation } from "../core/errors.ts";
import { getSetting } from "../core/settings.ts";
import { authenticate, apiActor, listClients, SCOPES, type Scope } from "./keys.ts";
import { createClient, updateClient } from "./verbs/save-client.ts";
import { receiveUpdate } from "./verbs/receive-update.ts";
import { savePushUrl } from "./verbs/save-push-url.ts";
import { openapi, queryOf, bodyOf, CasesQuery, ComponentsQuery, NewReport, CaseUpdate } from "./openapi.ts";
import { clientAddress } from "../core/client-address.ts";
import { PUSH_URL } from "./jobs/export.ts";
import { submitReport, categoryByServiceCode, publicCategories, STATE_NAMES, type CaseState } from "../public/index.ts";
import {
  apiCases,
  apiCaseByNo,
  caseIdByNo,
  apiCaseEvents,
  apiCaseUpdates,
  apiGrids,
  apiComponentsIn,
  exportList,
  exportPath,
  recentOutbox,
  type ApiCaseRow,
} from "./queries.ts";
import { ClientsPage } from "../../views/api/clients.tsx";

const V1 = "/api/v1";

function key(c: Ctx): string | null {
  const auth = c.req.header("authorization");
  if (auth?.startsWith("Bearer ")) return auth.slice(7).trim();
  return c.req.header("x-api-key") ?? null;
}
const need = (c: Ctx, scope: Scope) => authenticate(c.get("deps").db, key(c), scope);

const toCase = (r: ApiCaseRow) => {
  const { kind, code, ...rest } = r;
  return {
    ...rest,
    state_name: STATE_NAMES[r.state as CaseState] ?? r.state,
    category_code: kind ? (kind === "component" ? "C" : "E") + code : null,
  };
};

function adminPage(c: Ctx, o: { newKey?: string; error?: AppError } = {}) {
  const db = c.get("deps").db;
  const outbox = recentOutbox(db);
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
  router.get(`${V1}/openapi.json`, "public", (c) => c.json(openapi(clientAddress(c).origin)));

  router.get(`${V1}/cases`, "public", (c) => {
    need(c, "cases:read");
    const q = queryOf(c, CasesQuery);
    const rows = apiCases(c.get("deps").db, {
      since: q.since ? new Date(Date.parse(q.since)).toISOString() : undefined,
      state: q.state,
      size: q.page_size,
      page: q.page,
    });
    return c.json({ items: rows.map(toCase), page: q.page, page_size: q.page_size });
  });
  router.get(`${V1}/cases/:no`, "public", (c) => {
    need(c, "cases:read");
    const r = apiCaseByNo(c.get("deps").db, c.req.param("no") ?? "");
    if (!r) throw NotFound("案件");
    return c.json(toCase(r));
  });
  router.get(`${V1}/cases/:no/timeline`, "public", (c) => {
    need(c, "cases:read");
    const db = c.get("deps").db;
    const id = caseIdByNo(db, c.req.param("no") ?? "");
    if (!id) throw NotFound("案件");
    const events = apiCaseEvents(db, id);
    const updates = apiCaseUpdates(db, id);
    return c.json({ events, updates });
  });
  router.postNoCsrf(`${V1}/cases/:no/updates`, "public", async (c) => {
    const client = need(c, "updates:write");
    const b = await bodyOf(c, CaseUpdate);
    const r = receiveUpdate(c.get("deps").db, apiActor(client), { ...b, no: c.req.param("no") });
    return c.json(r, r.duplicate ? 200 : 201);
  });
  router.postNoCsrf(`${V1}/reports`, "public", async (c) => {
    const client = need(c, "cases:write");
    const db = c.get("deps").db;
    const b = await bodyOf(c, NewReport);
    let categoryId: number | null = null;
    if (b.category_code) {
      const cat = categoryByServiceCode(db, b.category_code);
      if (!cat) throw Validation("api.category", "分类代码不存在", { category_code: "分类代码不存在" });
      categoryId = cat.id;
    }
    const r = submitReport(db, apiActor(client), {
      channel: "api",
      clientId: client.id,
      categoryId,
      description: b.description,
      address: b.address ?? null,
      lng: b.lng ?? null,
      lat: b.lat ?? null,
      name: b.reporter_name ?? null,
      phone: b.reporter_phone ?? null,
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
    const rows = apiGrids(c.get("deps").db);
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
    const bb = queryOf(c, ComponentsQuery).bbox.split(",").map(Number);
    if (bb.length !== 4 || bb.some((x) => !Number.isFinite(x)))
      throw Validation("api.bbox", "bbox 参数格式为 minLng,minLat,maxLng,maxLat", { bbox: "格式错误" });
    const rows = apiComponentsIn(c.get("deps").db, bb[0]!, bb[1]!, bb[2]!, bb[3]!);
    return c.json({ items: rows });
  });
  router.get(`${V1}/exports`, "public", (c) => {
    need(c, "export:read");
    return c.json({
      items: exportList(c.get("deps").db),
    });
  });
  router.get(`${V1}/exports/:day`, "public", (c) => {
    need(c, "export:read");
    const { db, config } = c.get("deps");
    const path = exportPath(db, c.req.param("day") ?? "");
    if (!path || !existsSync(join(config.dataDir, path))) throw NotFound("导出文件");
    return c.body(readFileSync(join(config.dataDir, path)), 200, { "content-type": "application/json" });
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
    try {
      savePushUrl(c.get("deps").db, requireUser(c), f.url ?? "");
    } catch (e) {
      if (e instanceof AppError && e.kind === "validation") return adminPage(c, { error: e });
      throw e;
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
