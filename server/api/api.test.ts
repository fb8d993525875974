import { test, expect } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { testApp, Client, makeUser } from "../testing/index.ts";
import { setSetting } from "../core/settings.ts";
import { createClient } from "./verbs/save-client.ts";
import { runDailyExport, dayRange } from "./jobs/export.ts";
import { drainOutbox, backoff } from "./jobs/outbox.ts";

const sys = { kind: "system", job: "test" } as const;

test("API keys: scopes enforced, reports created through intake, updates received, timeline read", async () => {
  const t = testApp();
  const writer = createClient(t.deps.db, sys, {
    name: "市平台",
    scopes: ["cases:write", "cases:read", "updates:write"],
  }).key;
  const reader = createClient(t.deps.db, sys, { name: "只读", scopes: ["reference:read"] }).key;
  const req = (p: string, k: string | null, init: RequestInit = {}) =>
    t.app.request(p, { ...init, headers: { ...(k ? { "x-api-key": k } : {}), "content-type": "application/json" } });

  expect((await req("/api/v1/cases", null)).status).toBe(401);
  expect((await req("/api/v1/cases", "wk_not-a-real-key-at-all-000")).status).toBe(401);
  const denied = await req("/api/v1/cases", reader);
  expect(denied.status).toBe(403);
  expect(((await denied.json()) as any).error.code).toBe("api.scope");
  expect((await req("/api/v1/reports", reader, { method: "POST", body: "{}" })).status).toBe(403);

  const bad = await req("/api/v1/reports", writer, { method: "POST", body: JSON.stringify({ description: "x" }) });
  expect(bad.status).toBe(422);
  const created = await req("/api/v1/reports", writer, {
    method: "POST",
    body: JSON.stringify({
      category_code: "E06001",
      description: "暴露垃圾一堆",
      address: "人民路",
      reporter_phone: "13900000000",
    }),
  });
  expect(created.status).toBe(201);
  const { no } = (await created.json()) as any;
  const row = t.deps.db.sqlite.query("SELECT source, state, reporter_phone FROM cases WHERE no = ?").get(no);
  expect(row).toEqual({ source: "api", state: "reported", reporter_phone: "13900000000" });

  const one = (await (
    await t.app.request(`/api/v1/cases/${no}`, { headers: { authorization: `Bearer ${writer}` } })
  ).json()) as any;
  expect(one).toMatchObject({ no, state: "reported", state_name: "待受理", category_code: "E06001" });

  const up = await req(`/api/v1/cases/${no}/updates`, writer, {
    method: "POST",
    body: JSON.stringify({ external_id: "u-1", status: "noted", note: "市平台已登记" }),
  });
  expect(up.status).toBe(201);
  const again = await req(`/api/v1/cases/${no}/updates`, writer, {
    method: "POST",
    body: JSON.stringify({ external_id: "u-1", note: "市平台已登记" }),
  });
  expect(again.status).toBe(200);
  expect(((await again.json()) as any).duplicate).toBe(true);
  expect(
    (await req(`/api/v1/cases/19990101-0001/updates`, writer, { method: "POST", body: JSON.stringify({ note: "x" }) }))
      .status,
  ).toBe(404);
  const tl = (await (await req(`/api/v1/cases/${no}/timeline`, writer)).json()) as any;
  expect(tl.events.map((e: any) => e.action)).toEqual(["report"]);
  expect(tl.updates).toEqual([expect.objectContaining({ client: "市平台", external_id: "u-1", note: "市平台已登记" })]);

  const cats = (await (await req("/api/v1/categories", reader)).json()) as any;
  expect(cats.items.find((c: any) => c.code === "C01001")).toMatchObject({
    small_class: "供水井盖",
    big_class: "市政公用设施",
  });
  expect((await req("/api/v1/grids", reader)).status).toBe(200);
  expect((await req("/api/v1/components?bbox=1,2", reader)).status).toBe(422);
  expect((await req("/api/v1/components?bbox=115,28,116,29", reader)).status).toBe(200);

  const doc = (await (await t.app.request("/api/v1/openapi.json")).json()) as any;
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toContain("/cases/{no}/timeline");
  expect(doc.paths["/reports"].post.security[0]).toEqual({ apiKey: ["cases:write"] });
});

test("admin manages keys: create shows the key once, scopes can be changed, non-admins get 403", async () => {
  const t = testApp();
  await makeUser(t, "boss", ["admin"]);
  await makeUser(t, "lead", ["shift_lead"]);
  const a = new Client(t);
  await a.login("boss");
  const res = await a.post("/admin/api-clients", { name: "省平台", scopes: ["export:read"] });
  expect(res.status).toBe(200);
  const key = /<code id="new-key">([^<]+)<\/code>/.exec(await res.text())![1]!;
  expect(key.startsWith("wk_")).toBe(true);
  expect((await t.app.request("/api/v1/exports", { headers: { "x-api-key": key } })).status).toBe(200);
  const id = (t.deps.db.sqlite.query("SELECT id FROM api_clients WHERE name = '省平台'").get() as any).id;
  expect((await a.post(`/admin/api-clients/${id}`, { scopes: ["cases:read"], active: "1" })).status).toBe(303);
  expect((await t.app.request("/api/v1/exports", { headers: { "x-api-key": key } })).status).toBe(403);
  await a.post(`/admin/api-clients/${id}`, { scopes: ["cases:read"] });
  expect((await t.app.request("/api/v1/cases", { headers: { "x-api-key": key } })).status).toBe(401);
  const l = new Client(t, "10.0.0.2");
  await l.login("lead");
  expect((await l.get("/admin/api-clients")).status).toBe(403);
  const audit = t.deps.db.sqlite.query("SELECT count(*) AS n FROM audit_log WHERE entity = 'api_client'").get() as any;
  expect(audit.n).toBe(3);
});

test("daily export file + outbox: receiver fails first, item retried with back-off and delivered once", async () => {
  const t = testApp();
  const db = t.deps.db;
  const hits: { body: string; item: string | null }[] = [];
  let failNext = 2;
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      hits.push({ body: await req.text(), item: req.headers.get("x-wanmi-item") });
      if (failNext-- > 0) return new Response("busy", { status: 503 });
      return new Response("ok");
    },
  });
  try {
    setSetting(db, "exchange.push_url", `http://127.0.0.1:${server.port}/ingest`);
    const [a] = dayRange("2026-11-22");
    db.sqlite
      .query(
        "INSERT INTO cases (no, source, state, description, created_at, updated_at) VALUES ('20261122-0001', 'citizen', 'reported', '测试案件', ?, ?)",
      )
      .run(a, a);
    const r = runDailyExport(db, t.deps.config.dataDir, "2026-11-22");
    expect(r).toEqual({ path: "exchange/2026-11-22.json", cases: 1, queued: true });
    const file = JSON.parse(readFileSync(join(t.deps.config.dataDir, r.path), "utf8"));
    expect(file.indicators.reported).toBe(1);
    expect(file.cases.map((c: any) => c.no)).toEqual(["20261122-0001"]);

    const t0 = Date.now() + 1000;
    expect(await drainOutbox(db, { now: t0 + 1 })).toEqual({ sent: 0, failed: 1, pending: 1 });
    let row = db.sqlite.query("SELECT status, attempts, next_at, last_error FROM upward_outbox").get() as any;
    expect(row).toEqual({
      status: "pending",
      attempts: 1,
      next_at: new Date(t0 + 1 + backoff(1)).toISOString(),
      last_error: "HTTP 503",
    });
    // not yet due: nothing is sent
    expect(await drainOutbox(db, { now: t0 + 1000 })).toEqual({ sent: 0, failed: 0, pending: 1 });
    expect(await drainOutbox(db, { now: t0 + 1 + backoff(1) })).toEqual({ sent: 0, failed: 1, pending: 1 });
    row = db.sqlite.query("SELECT attempts, next_at FROM upward_outbox").get() as any;
    expect(row.attempts).toBe(2);
    expect(backoff(2)).toBe(2 * backoff(1));
    expect(await drainOutbox(db, { now: t0 + 10 * 3600_000 })).toEqual({ sent: 1, failed: 0, pending: 0 });
    expect(hits).toHaveLength(3);
    expect(new Set(hits.map((h) => h.body)).size).toBe(1);
    expect(JSON.parse(hits[2]!.body).day).toBe("2026-11-22");
    expect(db.sqlite.query("SELECT status, attempts, last_error FROM upward_outbox").get()).toEqual({
      status: "sent",
      attempts: 3,
      last_error: null,
    });
    expect(await drainOutbox(db, { now: t0 + 20 * 3600_000 })).toEqual({ sent: 0, failed: 0, pending: 0 });
    expect(hits).toHaveLength(3);
  } finally {
    server.stop(true);
  }
  // a receiver that is down entirely: connection refused counts as failure, item kept
  setSetting(db, "exchange.push_url", `http://127.0.0.1:1/down`);
  runDailyExport(db, t.deps.config.dataDir, "2026-11-21");
  const r2 = await drainOutbox(db, { now: Date.now() + 1 });
  expect(r2).toEqual({ sent: 0, failed: 1, pending: 1 });
  expect(existsSync(join(t.deps.config.dataDir, "exchange/2026-11-21.json"))).toBe(true);
  expect(backoff(30)).toBe(3600_000);
});
