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
  ) {
    if (Array.isArray(access))
      for (const r of access) if (!ROLES.includes(r)) throw new Error(`unknown role ${r} on ${path}`);
    this.table.push({ method, path, access, csrf });
    const pre = method === "GET" || !csrf ? [guard(access)] : [csrfCheck, guard(access)];
    (this.app.on as any)(method, path, ...pre, ...handlers);
  }
  get(path: string, access: Access, ...h: Handler[]) {
    this.add("GET", path, access, h);
  }
  post(path: string, access: Access, ...h: Handler[]) {
    this.add("POST", path, access, h);
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
      const body = await c.req.parseBody();
      sent = typeof body._csrf === "string" ? body._csrf : undefined;
    }
  }
  const cookie = getCookie(c, CSRF);
  if (!sent || !cookie || sent !== cookie) {
    throw new AppError("forbidden", "auth.csrf", "页面已过期或来源不明，请刷新页面后重试");
  }
  return next();
};

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
  const body = await c.req.parseBody({ all: true });
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
  const body = await c.req.parseBody({ all: true });
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
  const body = await c.req.parseBody({ all: true });
  const v = body[name] ?? body[name + "[]"];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string");
}

export function html(c: Context, node: unknown, status = 200) {
  const s = String(node);
  const full = s.startsWith("<html") ? "<!DOCTYPE html>" + s : s;
  return c.html(full, status as any);
}
