// The application: one Hono app, every module registered through the Router so that
// each route declares who may use it.
import { PoolBusy } from "./core/pool.ts";
import { Hono } from "hono";
import type { Deps, Env } from "./core/http.ts";
import { Router, wantsJson, isPartial, html } from "./core/http.ts";
import { toAppError } from "./core/errors.ts";
import { ASSETS, mountAssets } from "./core/assets.ts";
import { Nav } from "./core/nav.ts";
import { Workbench } from "./core/workbench.ts";
import type { Module } from "./core/module.ts";
import { page } from "./core/page.tsx";
import { migrationLevel } from "./core/migrate.ts";
import { currentRequest } from "./core/request-context.ts";
import { Alert } from "../views/ui/index.tsx";
import { renderLayout } from "../views/layouts/index.tsx";
import { VIEW_ASSETS } from "../views/assets/index.ts";
import { authModule, sessionMiddleware, csrfCookieMiddleware } from "./auth/index.ts";
import { securityModule, passwordExpiryMiddleware } from "./security/index.ts";
import {
  opsModule,
  requestMiddleware,
  securityHeaders,
  metricsFor,
  log,
  rememberError,
  diskStatus,
} from "./ops/index.ts";
import { homeModule } from "./home/index.ts";
import { adminModule } from "./admin/index.ts";
import { gridModule } from "./grid/index.ts";
import { catalogModule } from "./catalog/index.ts";
import { componentsModule } from "./components/index.ts";
import { departmentsModule } from "./departments/index.ts";
import { calendarModule } from "./calendar/index.ts";
import { mapsModule } from "./maps/index.ts";
import { intakeModule } from "./intake/index.ts";
import { casesModule } from "./cases/index.ts";
import { notifyModule } from "./notify/index.ts";
import { hotlineModule } from "./hotline/index.ts";
import { exchangeModule } from "./exchange/index.ts";
import { fieldModule } from "./field/index.ts";
import { evaluationModule } from "./evaluation/index.ts";
import { reportsModule } from "./reports/index.ts";
import { dashboardModule } from "./dashboard/index.ts";
import { publicModule } from "./public/index.ts";
import { apiModule } from "./api/index.ts";

/** The table of contents of the product: every module, in registration order. */
export const MODULES: readonly Module[] = [
  authModule,
  homeModule,
  adminModule,
  gridModule,
  catalogModule,
  componentsModule,
  departmentsModule,
  calendarModule,
  mapsModule,
  intakeModule,
  casesModule,
  notifyModule,
  hotlineModule,
  exchangeModule,
  fieldModule,
  evaluationModule,
  reportsModule,
  dashboardModule,
  publicModule,
  apiModule,
  securityModule,
  opsModule,
];

for (const [name, path] of VIEW_ASSETS) ASSETS.set(name, path);

export type App = { app: Hono<Env>; router: Router; nav: Nav; workbench: Workbench };

export function createApp(deps: Deps): App {
  const app = new Hono<Env>();
  const router = new Router(app);
  const nav = new Nav();
  const workbench = new Workbench();

  app.use("*", requestMiddleware(metricsFor(deps), deps.config.TRUSTED_PROXIES)); // request id, JSON access log, metrics (server/ops)
  app.use("*", securityHeaders()); // CSP, nosniff … (server/ops/middleware.ts)
  app.use("*", async (c, next) => {
    c.set("deps", deps);
    c.set("nav", nav);
    c.set("layout", renderLayout);
    await next();
    c.header("x-content-type-options", "nosniff");
    c.header("referrer-policy", "same-origin");
    if (!c.res.headers.get("x-frame-options")) c.header("x-frame-options", "SAMEORIGIN");
  });

  app.get("/healthz", (c) => {
    try {
      const row = deps.db.sqlite.query<{ ok: number }, []>("SELECT 1 AS ok").get()!;
      const disk = diskStatus(deps.db, deps.config.dataDir);
      return c.json({
        ok: row.ok === 1,
        status: disk.low ? "degraded" : "ok",
        db: "ok",
        disk: { free_bytes: disk.free, min_free_bytes: disk.minFree },
        migration: migrationLevel(deps.db),
        version: deps.version,
      });
    } catch (e) {
      return c.json({ ok: false, db: String((e as Error).message), version: deps.version }, 503);
    }
  });
  mountAssets(app, deps.version);
  app.get("/favicon.ico", (c) => c.body(null, 204));

  app.use("*", sessionMiddleware());
  app.use("*", csrfCookieMiddleware());
  app.use("*", passwordExpiryMiddleware());

  for (const m of MODULES) {
    m.routes?.(router, { deps, workbench });
    nav.add(...(m.nav ?? []));
    workbench.add(...(m.panels ?? []));
    workbench.addCasePanels(...(m.casePanels ?? []));
    for (const job of m.jobs?.(deps) ?? []) deps.scheduler.register(job);
    m.start?.(deps);
  }

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
    if (e instanceof PoolBusy) c.header("retry-after", String(e.retryAfter));
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
