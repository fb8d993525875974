// HTTP plumbing shared by every module: the Hono env, the route registry (every route
// declares who may use it), htmx fragment-vs-page helpers and the error mapping.
import type { Pool } from "./pool.ts";
import type { Context, Hono, MiddlewareHandler, Next } from "hono";
import type { Config } from "./config.ts";
import type { Db } from "./db.ts";
import type { Scheduler } from "./scheduler.ts";
import type { Bus } from "./bus.ts";
import type { Nav } from "./nav.ts";
import type { LayoutRenderer } from "./layout.ts";
import { type Actor, type Role, type UserActor, ROLES } from "./context.ts";
import { Forbidden, Unauthorized, AppError, NotFound } from "./errors.ts";
import { getCookie } from "hono/cookie";

export const CSRF = "wanmi_csrf";

/** pool: the worker pool for heavy reads (exports, reports); see core/pool.ts. */
export type Deps = { db: Db; config: Config; scheduler: Scheduler; bus: Bus; version: string; pool: Pool };

export type Env = {
  Variables: {
    deps: Deps;
    actor: Actor;
    user: UserActor | null;
    csrf: string;
    /** The sidebar entries of every module (set by the app for each request). */
    nav: Nav;
    /** Wraps a page body in the role's layout (views/layouts, set by the app). */
    layout: LayoutRenderer;
  };
};
export type Ctx = Context<Env>;

/** "public": anyone; "user": any signed-in user; a role list: only those roles. */
export type Access = "public" | "user" | readonly Role[];
export type RouteInfo = { method: string; path: string; access: Access; csrf: boolean };
/** Per-route body options: the largest body accepted (bytes) and a check run before the body is read. */
export type BodyOptions = { maxBytes?: number; before?: (c: Ctx) => void | Response | Promise<void | Response> };

/** Body limits: signed-in users (photos), anonymous requests to public routes unless the route says otherwise. */
export const BODY_LIMIT = 64 * 1024 * 1024;
export const ANON_BODY_LIMIT = 256 * 1024;
/** Bodies above this size count as uploads; at most UPLOAD_SLOTS read at once (ANON_UPLOAD_SLOTS anonymous). */
export const UPLOAD_THRESHOLD = 1024 * 1024;
export const UPLOAD_SLOTS = 4;
export const ANON_UPLOAD_SLOTS = 2;
const inFlight = { all: 0, anon: 0 };

const tooLarge = (max: number) =>
  new AppError(
    "too_large",
    "http.too_large",
    `提交的内容太大（上限 ${Math.max(1, Math.round(max / 1024 / 1024))} MB）`,
  );

/**
 * Before any body is read: the declared length against the route's limit (anonymous requests get
 * ANON_BODY_LIMIT unless the route allows more, and must declare a length), the CSRF cookie is
 * present, the route's own cheap check (rate limit), and a cap on concurrent large uploads.
 */
function bodyGuard(opts: BodyOptions, csrf: boolean): MiddlewareHandler<Env> {
  return async (c, next) => {
    const anon = !c.get("user");
    const max = anon ? (opts.maxBytes ?? ANON_BODY_LIMIT) : Math.max(opts.maxBytes ?? 0, BODY_LIMIT);
    const raw = c.req.header("content-length");
    const len = raw === undefined ? null : Number(raw);
    if (len === null && anon && c.req.header("transfer-encoding"))
      throw new AppError("too_large", "http.length_required", "请求缺少长度信息");
    if (len !== null && (!Number.isFinite(len) || len > max)) throw tooLarge(max);
    if (csrf && !c.req.header("x-csrf-token") && !getCookie(c, CSRF)) throw csrfRefused();
    if (opts.before) {
      const r = await opts.before(c);
      if (r) return r;
    }
    if ((len ?? 0) <= UPLOAD_THRESHOLD) return next();
    if (inFlight.all >= UPLOAD_SLOTS || (anon && inFlight.anon >= ANON_UPLOAD_SLOTS))
      throw new AppError("too_many", "http.busy", "服务器正在处理其他上传，请稍后再试");
    inFlight.all++;
    if (anon) inFlight.anon++;
    try {
      await next();
    } finally {
      inFlight.all--;
      if (anon) inFlight.anon--;
    }
  };
}

type Handler = (c: Ctx, next: Next) => Response | Promise<Response | void> | void;

export class Router {
  readonly table: RouteInfo[] = [];
  constructor(readonly app: Hono<Env>) {}

  private add(
    method: "GET" | "POST" | "PUT" | "DELETE",
    path: string,
    access: Access,
    handlers: Handler[],
    csrf = true,
    body: BodyOptions = {},
  ) {
    if (Array.isArray(access))
      for (const r of access) if (!ROLES.includes(r)) throw new Error(`unknown role ${r} on ${path}`);
    this.table.push({ method, path, access, csrf });
    const pre =
      method === "GET"
        ? [guard(access)]
        : csrf
          ? [bodyGuard(body, true), csrfCheck, guard(access)]
          : [bodyGuard(body, false), guard(access)];
    (this.app.on as any)(method, path, ...pre, ...handlers);
  }
  get(path: string, access: Access, ...h: Handler[]) {
    this.add("GET", path, access, h);
  }
  post(path: string, access: Access, ...h: Handler[]) {
    this.add("POST", path, access, h);
  }
  /** A POST with its own body limit and a cheap check (rate limit) run before the body is read. */
  postBody(path: string, access: Access, body: BodyOptions, ...h: Handler[]) {
    this.add("POST", path, access, h, true, body);
  }
  /** For machine clients authenticated otherwise (API keys): no CSRF cookie check. */
  postNoCsrf(path: string, access: Access, ...h: Handler[]) {
    this.add("POST", path, access, h, false);
  }
  put(path: string, access: Access, ...h: Handler[]) {
    this.add("PUT", path, access, h);
  }
  delete(path: string, access: Access, ...h: Handler[]) {
    this.add("DELETE", path, access, h);
  }
}

/** Double-submit check: the form field `_csrf` or header X-CSRF-Token must equal the HttpOnly cookie. */
export const csrfCheck: MiddlewareHandler<Env> = async (c, next) => {
  let sent = c.req.header("x-csrf-token");
  if (!sent) {
    const ct = c.req.header("content-type") ?? "";
    if (ct.includes("form")) {
      const body = await parseForm(c);
      const v = body._csrf;
      sent = typeof v === "string" ? v : Array.isArray(v) && typeof v[0] === "string" ? v[0] : undefined;
    }
  }
  const cookie = getCookie(c, CSRF);
  if (!sent || !cookie || sent !== cookie) throw csrfRefused();
  return next();
};
const csrfRefused = () => new AppError("forbidden", "auth.csrf", "页面已过期或来源不明，请刷新页面后重试");

type FormBody = Record<string, string | File | (string | File)[]>;
/**
 * The one place a form body is parsed (urlencoded or multipart, every value kept). A malformed body
 * (broken multipart boundary, truncated upload) is a 400 with a stable code, never a 500.
 */
export async function parseForm(c: Context): Promise<FormBody> {
  try {
    return (await c.req.parseBody({ all: true })) as FormBody;
  } catch {
    throw new AppError("bad_request", "http.malformed_body", "提交的表单格式有误，请刷新页面后重试");
  }
}

export function guard(access: Access): MiddlewareHandler<Env> {
  return async (c, next) => {
    if (access === "public") return next();
    const user = c.get("user");
    if (!user) throw Unauthorized();
    if (access !== "user" && !user.roles.some((r) => (access as readonly Role[]).includes(r))) throw Forbidden();
    return next();
  };
}

/** True when htmx asked for a fragment (not a boosted full-page navigation). */
export function isPartial(c: Context): boolean {
  return c.req.header("hx-request") === "true" && c.req.header("hx-request-type") !== "full";
}

export function wantsJson(c: Context): boolean {
  const a = c.req.header("accept") ?? "";
  return c.req.path.startsWith("/api/") || (a.includes("application/json") && !a.includes("text/html"));
}

/** The `:id` route parameter as a positive integer, or 404 (what = the Chinese name of the record). */
export function idParam(c: Context, what = "记录", code = "not_found"): number {
  const id = Number(c.req.param("id"));
  if (!Number.isInteger(id) || id <= 0) throw NotFound(what, code);
  return id;
}

export function requireUser(c: Ctx): UserActor {
  const u = c.get("user");
  if (!u) throw Unauthorized();
  return u;
}

/** Read a urlencoded or multipart body as a flat string map (files dropped). */
export async function formFields(c: Context): Promise<Record<string, string>> {
  const body = await parseForm(c);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === "string") out[k] = first.trim();
  }
  return out;
}

/** A multipart form as trimmed string fields plus the uploaded files of one field (default "photos"). */
export async function formWithFiles(
  c: Context,
  fileField = "photos",
): Promise<{ f: Record<string, string>; files: unknown[] }> {
  const body = await parseForm(c);
  const f: Record<string, string> = {};
  let files: unknown[] = [];
  for (const [k, v] of Object.entries(body)) {
    const list = Array.isArray(v) ? v : [v];
    if (k === fileField) files = list;
    else {
      // a repeated field (e.g. the map picker's hidden input and its no-script twin): first non-empty wins
      const strs = list.filter((x): x is string => typeof x === "string").map((x) => x.trim());
      if (strs.length) f[k] = strs.find((x) => x !== "") ?? "";
    }
  }
  return { f, files };
}

/** All values of a repeated field (checkbox lists). */
export async function formList(c: Context, name: string): Promise<string[]> {
  const body = await parseForm(c);
  const v = body[name] ?? body[name + "[]"];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string");
}

export function html(c: Context, node: unknown, status = 200) {
  const s = String(node);
  const full = s.startsWith("<html") ? "<!DOCTYPE html>" + s : s;
  return c.html(full, status as any);
}
