// The application: one Hono app, every module registered through the Router so that
// each route declares who may use it.
import { Hono } from "hono";
import type { Deps, Env } from "./core/http.ts";
import { Router, wantsJson, isPartial, html } from "./core/http.ts";
import { toAppError } from "./core/errors.ts";
import { mountAssets } from "./core/assets.ts";
import { Nav } from "./core/nav.ts";
import { setNav, page } from "./core/page.tsx";
import { migrationLevel } from "./core/migrate.ts";
import { sessionMiddleware, csrfCookieMiddleware } from "./auth/middleware.ts";
import { registerAuth } from "./auth/routes.tsx";
import { registerAdmin } from "./admin/routes.tsx";
import { registerReference } from "./reference.tsx";
import { registerHome, Workbench } from "./home/routes.tsx";
import { registerEvaluationModules } from "./evaluation/index.ts";
import { registerPublic } from "./public/index.ts";
import { registerApi } from "./api/index.tsx";
import { registerMaps } from "./maps/routes.tsx";
import { registerHotline } from "./hotline/routes.tsx";
import { registerField } from "./field/routes.tsx";
import { Alert } from "../views/ui/index.tsx";
import { Metrics } from "./ops/metrics.ts";
import { requestMiddleware, securityHeaders } from "./ops/middleware.ts";
import { registerOps } from "./ops/routes.tsx";
import { log, rememberError } from "./ops/log.ts";
import { currentRequest } from "./core/request-context.ts";
import { registerSecurity } from "./security/routes.tsx";
import { passwordExpiryMiddleware } from "./security/middleware.ts";
import { registerCases } from "./cases/index.ts";

export type App = { app: Hono<Env>; router: Router; nav: Nav; workbench: Workbench };

export function createApp(deps: Deps): App {
  const app = new Hono<Env>();
  const router = new Router(app);
  const nav = new Nav();
  const workbench = new Workbench();
  setNav(nav);
  const metrics = new Metrics();

  app.use("*", requestMiddleware(metrics)); // request id, JSON access log, metrics (server/ops)
  app.use("*", securityHeaders()); // CSP, nosniff … (server/ops/middleware.ts)
  app.use("*", async (c, next) => {
    c.set("deps", deps);
    await next();
    c.header("x-content-type-options", "nosniff");
    c.header("referrer-policy", "same-origin");
    if (!c.res.headers.get("x-frame-options")) c.header("x-frame-options", "SAMEORIGIN");
  });

  app.get("/healthz", (c) => {
    try {
      const row = deps.db.sqlite.query("SELECT 1 AS ok").get() as { ok: number };
      return c.json({ ok: row.ok === 1, db: "ok", migration: migrationLevel(deps.db), version: deps.version });
    } catch (e) {
      return c.json({ ok: false, db: String((e as Error).message), version: deps.version }, 503);
    }
  });
  mountAssets(app, deps.version);
  app.get("/favicon.ico", (c) => c.body(null, 204));

  app.use("*", sessionMiddleware());
  app.use("*", csrfCookieMiddleware());
  app.use("*", passwordExpiryMiddleware());

  registerAuth(router);
  registerHome(router, nav, workbench);
  registerAdmin(router, nav);
  registerReference(router, nav);
  registerMaps(router, nav);
  registerCases(router, nav, workbench, deps);
  registerHotline(router, nav, workbench);
  registerField(router, nav, workbench);
  registerEvaluationModules(router, nav, workbench, deps);
  registerPublic(router, nav, workbench, deps);
  registerApi(router, nav, deps);
  registerSecurity(router, nav);
  registerOps(router, nav, deps, metrics);

  // The one place errors become HTTP.
  app.onError((err, c) => {
    const e = toAppError(err);
    if (e.kind === "internal" || e.kind === "unavailable") {
      const rid = currentRequest()?.requestId ?? null;
      log("error", "unhandled error", {
        rid,
        method: c.req.method,
        path: c.req.path,
        error: (err as Error)?.stack ?? String(err),
      });
      rememberError({
        at: new Date().toISOString(),
        rid,
        method: c.req.method,
        path: c.req.path,
        status: e.status,
        message: String((err as Error)?.message ?? err).slice(0, 300),
      });
    }
    if (e.kind === "unauthorized" && !wantsJson(c) && c.req.method === "GET" && !isPartial(c)) {
      return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`);
    }
    if (wantsJson(c)) return c.json({ error: { code: e.code, message: e.message, fields: e.fields } }, e.status as any);
    c.header("x-error-code", e.code);
    if (isPartial(c)) {
      c.header("HX-Retarget", "#flash");
      c.header("HX-Reswap", "innerHTML");
      return html(c, <Alert kind="error">{e.message}</Alert>, e.status);
    }
    const env = c as any;
    if (!env.get("csrf")) return c.text(e.message, e.status as any);
    return page(env, <Alert kind="error">{e.message}</Alert>, { title: "出错了", status: e.status });
  });
  app.notFound((c) => {
    if (wantsJson(c)) return c.json({ error: { code: "not_found", message: "页面不存在" } }, 404);
    return c.text("页面不存在 (404)", 404);
  });

  return { app, router, nav, workbench };
}
