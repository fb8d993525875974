// Open311 GeoReport v2 at /open311/v2/ (http://wiki.open311.org/GeoReport_v2) with the
// mySociety servicerequestupdates extension. Reads are public; POST needs an API key with
// the "open311" scope (no CSRF cookie: machine clients). Errors use the spec's format.
import type { Context } from "hono";
import type { Router, Ctx } from "../../core/http.ts";
import { parseForm } from "../../core/http.ts";
import { AppError } from "../../core/errors.ts";
import type { Db } from "../../core/db.ts";
import { getSetting } from "../../core/settings.ts";
import { clientByKey, apiActor } from "../keys.ts";
import { PUBLIC_SOURCES_SETTING, publicationSql, publicSources, redact } from "../../cases/index.ts";
import {
  publicCategories,
  categoryByServiceCode,
  legacyServices,
  serviceCode,
  submitReport,
  STATE_NAMES,
  CLOSED_STATES,
  PUBLIC_STEPS,
  rateLimit,
  type PublicCategory,
  type CaseState,
} from "../../public/index.ts";
import { appendNote } from "../../cases/index.ts";
import { checkLocation } from "../../grid/index.ts";
import { clientAddress } from "../../core/client-address.ts";
import { storeUploads } from "../../public/index.ts";
import { caseByNo, caseNoByToken, updateByExternalId, requestRows, updateRows, type Row } from "./queries.ts";
import { isoCst, reply, replyError, splitFmt, Open311Error, type Fmt } from "./format.ts";

export const BASE = "/open311/v2";
export const DEFAULT_DAYS = 90;
export const MAX_RESULTS = 1000;
export const POSTS_PER_HOUR = 600;
/** The service code of a case without a category (the spec wants a code, never an empty string). */
export const UNCLASSIFIED = "UNCLASSIFIED";
/** Setting: the jurisdiction_id clients must send (when they send one); default the county code. */
export const JURISDICTION_SETTING = "open311.jurisdiction_id";
/** Which cases Open311 shows, and the redaction of their text: the cases module's publication rule. */
export { PUBLIC_SOURCES_SETTING };

/** Rich state → mySociety update status. */
export const UPDATE_STATUS: Record<CaseState, string> = {
  reported: "open",
  verifying: "investigating",
  filed: "action_scheduled",
  dispatched: "action_scheduled",
  in_progress: "in_progress",
  checking: "in_progress",
  to_close: "fixed",
  suspended: "action_scheduled",
  closed: "fixed",
  rejected: "no_further_action",
  cancelled: "closed",
  merged: "duplicate",
};

const ATTRIBUTES = [
  {
    variable: true,
    code: "landmark",
    datatype: "string",
    required: false,
    datatype_description: "附近的标志物，如店铺名、门牌号",
    order: 1,
    description: "附近标志物",
  },
  {
    variable: true,
    code: "urgency",
    datatype: "singlevaluelist",
    required: false,
    datatype_description: null,
    order: 2,
    description: "紧急程度",
    values: [
      { key: "normal", name: "一般" },
      { key: "urgent", name: "紧急" },
    ],
  },
];

const service = (s: PublicCategory) => ({
  service_code: s.serviceCode,
  service_name: s.smallName,
  description: `${s.kind === "component" ? "部件" : "事件"} ${s.code} ${s.bigName} / ${s.smallName}${s.legacy ? `（旧版 ${s.edition}，仅用于已公开的请求）` : ""}`,
  metadata: true,
  type: "realtime",
  keywords: [s.bigName, s.smallName].join(","),
  group: s.legacy ? `${s.bigName}（${s.edition}）` : s.bigName,
});

/** The edition in force, then every legacy class a published request carries (README: Open311). */
const allServices = (db: Db) => [...publicCategories(db), ...legacyServices(db, publicSources(db))];

function request(r: Row, origin: string) {
  return {
    service_request_id: r.no,
    status: CLOSED_STATES.includes(r.state) ? "closed" : "open",
    status_notes: `${STATE_NAMES[r.state]}（${r.state}）`,
    service_name: r.small_name ?? "未分类",
    service_code: r.kind && r.code ? serviceCode(r.kind, r.code) : UNCLASSIFIED,
    description: redact(r.description),
    agency_responsible: r.dept,
    service_notice: null,
    requested_datetime: isoCst(r.created_at)!,
    updated_datetime: isoCst(r.updated_at),
    expected_datetime: isoCst(r.due_at),
    address: r.address && redact(r.address),
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.lng,
    media_url: r.media ? `${origin}/p/media/${r.media}` : null,
    external_status_code: r.state,
  };
}

/** ISO 8601 date or date-time (W3C profile, as the spec says); anything else is refused. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
export function parseDate(s: string | undefined, what: string): string | null {
  if (!s) return null;
  const ms = ISO_8601.test(s) ? Date.parse(s.replace(" ", "T")) : Number.NaN;
  if (!Number.isFinite(ms)) throw new Open311Error(400, `${what} 不是有效的 ISO 8601 时间`);
  return new Date(ms).toISOString();
}

function intParam(s: string | undefined, def: number, min: number, max: number, what: string): number {
  if (s === undefined || s === "") return def;
  const n = Number(s);
  if (!Number.isInteger(n) || n < min || n > max) throw new Open311Error(400, `${what} 应为 ${min}–${max} 的整数`);
  return n;
}

export function listRequests(db: Db, q: Record<string, string | undefined>, origin: string) {
  const pub = publicationSql(db, "c");
  const where: string[] = [pub.sql];
  const args: (string | number)[] = [...pub.args];
  if (q.service_request_id) {
    const ids = q.service_request_id
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)
      .slice(0, MAX_RESULTS);
    where.push(`c.no IN (${ids.map(() => "?").join(",")})`);
    args.push(...ids);
  } else {
    if (q.service_code) {
      const codes = q.service_code
        .split(",")
        .map((s) => categoryByServiceCode(db, s.trim(), { legacy: true })?.id ?? -1);
      where.push(`c.category_id IN (${codes.map(() => "?").join(",")})`);
      args.push(...codes);
    }
    if (q.status) {
      const st = q.status.split(",").map((s) => s.trim());
      if (st.some((s) => s !== "open" && s !== "closed")) throw new Open311Error(400, "status 只能是 open 或 closed");
      if (st.length === 1) {
        where.push(`c.state ${st[0] === "closed" ? "" : "NOT "}IN (${CLOSED_STATES.map(() => "?").join(",")})`);
        args.push(...CLOSED_STATES);
      }
    }
    let start = parseDate(q.start_date, "start_date");
    const end = parseDate(q.end_date, "end_date");
    if (!start) start = new Date((end ? Date.parse(end) : Date.now()) - DEFAULT_DAYS * 86400_000).toISOString();
    where.push("c.created_at >= ?");
    args.push(start);
    if (end) where.push("c.created_at <= ?"), args.push(end);
  }
  const pageSize = intParam(q.page_size, MAX_RESULTS, 1, MAX_RESULTS, "page_size");
  const page = intParam(q.page, 1, 1, 1_000_000, "page");
  return requestRows(db, where, args, pageSize, (page - 1) * pageSize).map((r) => request(r, origin));
}

type H = (c: Ctx, fmt: Fmt, name: string) => Response | Promise<Response>;

/** Run a handler, mapping every failure to the spec's error body. */
function spec(fixed: Fmt | null, h: H) {
  return async (c: Ctx) => {
    let fmt: Fmt = fixed ?? "json";
    try {
      let name = "";
      if (!fixed) {
        const s = splitFmt(c.req.param("file") ?? "");
        if (!s) throw new Open311Error(404, "请求的格式不支持，请使用 .json 或 .xml");
        fmt = s.fmt;
        name = s.name;
      }
      if (c.req.method === "GET") checkJurisdiction(c.get("deps").db, c.req.query("jurisdiction_id"));
      return await h(c, fmt, name);
    } catch (e) {
      if (e instanceof Open311Error) return replyError(c, fmt, e);
      if (e instanceof AppError) {
        const status =
          e.kind === "not_found"
            ? 404
            : e.kind === "forbidden" || e.kind === "unauthorized"
              ? 403
              : e.kind === "validation"
                ? 400
                : e.kind === "too_many"
                  ? 429
                  : null;
        if (status) {
          const detail = e.fields ? Object.values(e.fields).join("；") : "";
          return replyError(c, fmt, new Open311Error(status, detail ? `${e.message}：${detail}` : e.message));
        }
      }
      throw e;
    }
  };
}

/** Our absolute origin as the client sees it (X-Forwarded-Proto/-Host from a trusted proxy only). */
const origin = (c: Context) => clientAddress(c).origin;

/** A jurisdiction_id, when sent, must be ours (setting open311.jurisdiction_id, default the county code). */
function checkJurisdiction(db: Db, j: string | undefined) {
  if (j === undefined || j === "") return;
  const ours = getSetting(db, JURISDICTION_SETTING) || getSetting(db, "county.code") || "";
  if (j.trim() !== ours) throw new Open311Error(404, `jurisdiction_id ${j} 不是本系统的辖区（应为 ${ours}）`);
}

/** A point must be a real place inside the county's grids (with a margin); (0,0) never is.
 *  The rule is the grid module's, shared with every report channel (grid/location.ts). */
function checkPoint(db: Db, lat: number, lng: number) {
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180) throw new Open311Error(400, "lat/long 超出经纬度取值范围");
  const r = checkLocation(db, lng, lat);
  if (!r.ok) throw new Open311Error(400, r.message);
}

/** Form fields: text trimmed; repeated fields kept as lists; files apart. */
async function formOf(c: Ctx) {
  const body = await parseForm(c); // malformed bodies: 400 http.malformed_body
  const f: Record<string, string> = {};
  const many: Record<string, string[]> = {};
  const files: unknown[] = [];
  for (const [k, v] of Object.entries(body)) {
    for (const x of Array.isArray(v) ? v : [v]) {
      if (typeof x === "string") {
        (many[k] ??= []).push(x.trim());
        f[k] ??= x.trim();
      } else if (/^photo\d*$|^media$/.test(k)) files.push(x);
    }
  }
  return { f, many, files };
}

/** "张" + "三" → "张三"; "Jane" + "Doe" → "Jane Doe". */
function fullName(first?: string, last?: string): string | null {
  const parts = [first, last].filter((x): x is string => !!x);
  if (!parts.length) return null;
  return /[\u3400-\u9fff]/.test(parts.join("")) ? [last, first].filter(Boolean).join("") : parts.join(" ");
}

async function postRequest(c: Ctx, fmt: Fmt) {
  const { db, config } = c.get("deps");
  const { f, many, files } = await formOf(c);
  const client = clientByKey(db, f.api_key);
  if (!client?.scopes.includes("open311")) throw new Open311Error(403, "api_key 无效或没有提交权限");
  checkJurisdiction(db, f.jurisdiction_id);
  rateLimit(db, `open311:${client.id}`, POSTS_PER_HOUR, 3600_000);
  if (!f.service_code) throw new Open311Error(400, "缺少 service_code");
  const cat = categoryByServiceCode(db, f.service_code);
  if (!cat) throw new Open311Error(404, `服务代码 ${f.service_code} 不存在`);
  const lat = f.lat ? Number(f.lat) : null;
  const lng = f.long ? Number(f.long) : null;
  if ((lat === null) !== (lng === null) || (lat !== null && (!Number.isFinite(lat) || !Number.isFinite(lng!))))
    throw new Open311Error(400, "lat 与 long 必须同时提供且为数字");
  if (lat !== null) checkPoint(db, lat, lng!);
  if (lat === null && !f.address_string && !f.address_id)
    throw new Open311Error(400, "需要提供位置：lat/long、address_string 或 address_id");
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) {
    const m = /^attribute\[(.+)\]$/.exec(k);
    if (m) attrs[m[1]!] = v;
  }
  if (attrs.urgency && !["normal", "urgent"].includes(attrs.urgency))
    throw new Open311Error(400, "attribute[urgency] 取值无效");
  const known = new Set(ATTRIBUTES.map((a) => a.code));
  const extraAttrs = Object.fromEntries(Object.entries(attrs).filter(([k, v]) => !known.has(k) && v !== ""));
  const mediaUrls = (many.media_url ?? []).filter(Boolean);
  const extra = [
    attrs.landmark && `标志物：${attrs.landmark}`,
    attrs.urgency === "urgent" && "报告人标注：紧急",
    ...mediaUrls.map((u) => `图片链接：${u}`),
  ]
    .filter(Boolean)
    .join("；");
  const photos = await storeUploads(config.dataDir, files);
  const actor = apiActor(client);
  const r = submitReport(db, actor, {
    channel: "open311",
    clientId: client.id,
    categoryId: cat.id,
    description: [f.description ?? "", extra].filter(Boolean).join("\n"),
    address: f.address_string || (f.address_id ? `地址编号 ${f.address_id}` : null),
    lat,
    lng,
    name: fullName(f.first_name, f.last_name),
    phone: f.phone || null,
    photos,
  });
  // What the reporter gave beyond the case row (email, unknown attributes, links): staff-only facts.
  const facts = {
    email: f.email || null,
    first_name: f.first_name || null,
    last_name: f.last_name || null,
    phone: f.phone || null,
    device_id: f.device_id || null,
    account_id: f.account_id || null,
    media_urls: mediaUrls,
    attributes: extraAttrs,
  };
  if (facts.email || facts.device_id || facts.account_id || mediaUrls.length || Object.keys(extraAttrs).length)
    appendNote(db, actor, {
      caseId: r.caseId,
      kind: "open311_details",
      note: [
        facts.email && `邮箱：${facts.email}`,
        ...Object.entries(extraAttrs).map(([k, v]) => `${k}：${v}`),
        ...mediaUrls.map((u) => `图片链接：${u}`),
      ]
        .filter(Boolean)
        .join("；"),
      data: facts,
    });
  return reply(c, fmt, "service_requests", "request", [
    { service_request_id: r.no, token: r.token, service_notice: "已受理，将在工作时间内立案处理", account_id: null },
  ]);
}

/** FixMyStreet pushes a citizen's update (comment) on a report it sent: a staff-visible timeline note. */
async function postUpdate(c: Ctx, fmt: Fmt) {
  const { db } = c.get("deps");
  const { f, many } = await formOf(c);
  const client = clientByKey(db, f.api_key);
  if (!client?.scopes.includes("open311")) throw new Open311Error(403, "api_key 无效或没有提交权限");
  checkJurisdiction(db, f.jurisdiction_id);
  rateLimit(db, `open311:${client.id}`, POSTS_PER_HOUR, 3600_000);
  if (!f.service_request_id) throw new Open311Error(400, "缺少 service_request_id");
  if (!f.description && !many.media_url?.some(Boolean)) throw new Open311Error(400, "缺少 description");
  const at = parseDate(f.updated_datetime, "updated_datetime") ?? new Date().toISOString();
  const kase = caseByNo(db, f.service_request_id);
  if (!kase) throw new Open311Error(404, `请求 ${f.service_request_id} 不存在`);
  const externalId = f.update_id || null;
  const dup = externalId ? updateByExternalId(db, kase.id, client.id, externalId) : null;
  const eventId =
    dup ??
    appendNote(db, apiActor(client), {
      caseId: kase.id,
      kind: "open311_update",
      at,
      note: [
        f.description,
        f.status && `状态：${f.status}`,
        ...(many.media_url ?? []).filter(Boolean).map((u) => `图片链接：${u}`),
      ]
        .filter(Boolean)
        .join("；"),
      data: {
        client: client.id,
        update_id: externalId,
        status: f.status || null,
        email: f.email || null,
        first_name: f.first_name || null,
        last_name: f.last_name || null,
        name: fullName(f.first_name, f.last_name),
        media_urls: (many.media_url ?? []).filter(Boolean),
      },
    }).eventId;
  return reply(c, fmt, "service_request_updates", "request_update", [{ update_id: String(eventId) }]);
}

/**
 * Public progress since start_date (default one day). Paging: `after` (an update_id) gives the
 * next page_size updates after it, oldest first — the way to read a long window without loss.
 * Without `after`, page 1 is the newest page_size updates in the window (oldest first within the
 * page), page 2 the ones before them: the newest are never dropped.
 */
export function updates(db: Db, q: Record<string, string | undefined>, origin: string) {
  const start = parseDate(q.start_date, "start_date") ?? new Date(Date.now() - 86400_000).toISOString();
  const end = parseDate(q.end_date, "end_date");
  const after = q.after === undefined || q.after === "" ? null : intParam(q.after, 0, 0, 2 ** 53 - 1, "after");
  const pageSize = intParam(q.page_size, MAX_RESULTS, 1, MAX_RESULTS, "page_size");
  const page = intParam(q.page, 1, 1, 1_000_000, "page");
  const actions = Object.keys(PUBLIC_STEPS);
  const rows = updateRows(db, {
    start: after === null ? start : q.start_date ? start : "",
    end,
    actions,
    published: publicationSql(db, "c"),
    limit: pageSize,
    after,
    offset: after === null ? (page - 1) * pageSize : 0,
  });
  return rows.map((r) => ({
    update_id: String(r.id),
    service_request_id: r.no,
    status: UPDATE_STATUS[r.to_state] ?? "open",
    updated_datetime: isoCst(r.at)!,
    description: `${PUBLIC_STEPS[r.action]}（${STATE_NAMES[r.to_state] ?? r.to_state}）`,
    media_url: r.media ? `${origin}/p/media/${r.media}` : null,
    external_status_code: r.to_state,
  }));
}

export function registerOpen311(router: Router) {
  for (const fmt of ["json", "xml"] as const) {
    router.get(
      `${BASE}/discovery.${fmt}`,
      "public",
      spec(fmt, (c, f) => {
        const { db } = c.get("deps");
        const o = origin(c);
        return reply(c, f, "discovery", null, {
          changeset: "2026-11-23T00:00:00+08:00",
          contact: `${getSetting(db, "county.name")}数字化城市管理监督指挥中心`,
          key_service: "API 密钥请向系统管理员申请",
          endpoints: [
            {
              specification: "http://wiki.open311.org/GeoReport_v2",
              url: `${o}${BASE}`,
              changeset: "2026-11-23T00:00:00+08:00",
              type: "production",
              formats: ["text/xml", "application/json"],
            },
          ],
        });
      }),
    );
    router.get(
      `${BASE}/services.${fmt}`,
      "public",
      spec(fmt, (c, f) => reply(c, f, "services", "service", allServices(c.get("deps").db).map(service))),
    );
    router.get(
      `${BASE}/requests.${fmt}`,
      "public",
      spec(fmt, (c, f) =>
        reply(c, f, "service_requests", "request", listRequests(c.get("deps").db, c.req.query(), origin(c))),
      ),
    );
    router.postNoCsrf(`${BASE}/requests.${fmt}`, "public", spec(fmt, postRequest));
    router.postNoCsrf(`${BASE}/servicerequestupdates.${fmt}`, "public", spec(fmt, postUpdate));
    router.get(
      `${BASE}/servicerequestupdates.${fmt}`,
      "public",
      spec(fmt, (c, f) =>
        reply(c, f, "service_requests_updates", "request_update", updates(c.get("deps").db, c.req.query(), origin(c))),
      ),
    );
  }
  router.get(
    `${BASE}/services/:file`,
    "public",
    spec(null, (c, fmt, code) => {
      const cat = categoryByServiceCode(c.get("deps").db, code, { legacy: true });
      if (!cat) throw new Open311Error(404, `服务代码 ${code} 不存在`);
      return reply(c, fmt, "service_definition", null, { service_code: cat.serviceCode, attributes: ATTRIBUTES });
    }),
  );
  router.get(
    `${BASE}/requests/:file`,
    "public",
    spec(null, (c, fmt, no) => {
      const list = listRequests(c.get("deps").db, { service_request_id: no }, origin(c));
      if (!list.length) throw new Open311Error(404, `请求 ${no} 不存在`);
      return reply(c, fmt, "service_requests", "request", list);
    }),
  );
  router.get(
    `${BASE}/tokens/:file`,
    "public",
    spec(null, (c, fmt, token) => {
      const r = caseNoByToken(c.get("deps").db, token);
      if (!r) throw new Open311Error(404, "token 不存在");
      return reply(c, fmt, "service_requests", "request", [{ service_request_id: r.no, token }]);
    }),
  );
}
