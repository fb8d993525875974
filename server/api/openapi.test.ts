// The /api/v1 document is generated from the zod schemas the routes validate with. Here: it is
// valid OpenAPI 3.1, every /api/v1 route is in it and every operation in it is a route, and every
// documented response is produced by a real request, its body matching the documented schema.
import { test, expect, beforeAll } from "bun:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import type { z } from "zod";
import { testApp, type TestApp } from "../testing/index.ts";
import { createClient } from "./verbs/save-client.ts";
import { runDailyExport } from "./jobs/export.ts";
import { OPS, ErrorBody } from "./openapi.ts";

const sys = { kind: "system", job: "test" } as const;
let t: TestApp;
let all: string;
let none: string;
let no: string;

beforeAll(async () => {
  t = testApp();
  all = createClient(t.deps.db, sys, {
    name: "全权",
    scopes: ["cases:read", "cases:write", "updates:write", "reference:read", "export:read"],
  }).key;
  none = createClient(t.deps.db, sys, { name: "无权", scopes: ["open311"] }).key;
  const r = await call("post", "/reports", all, { description: "暴露垃圾一堆在路边", address: "人民路" });
  no = ((await r.json()) as any).no;
  runDailyExport(t.deps.db, t.deps.config.dataDir, "2026-11-22");
});

function call(method: "get" | "post", path: string, key: string | null, body?: unknown) {
  return t.app.request(`/api/v1${path}`, {
    method: method.toUpperCase(),
    headers: { ...(key ? { "x-api-key": key } : {}), "content-type": "application/json" },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
}

test("the document is valid OpenAPI 3.1 with operationIds, required bodies and the shared error schema", async () => {
  const doc = (await (await call("get", "/openapi.json", null)).json()) as any;
  const v = await new Validator().validate(doc);
  expect(v.errors ?? []).toEqual([]);
  expect(v.valid).toBe(true);
  expect((await new Validator().validate({ openapi: "3.1.0", paths: { x: 1 } })).valid).toBe(false);
  expect(doc.openapi).toBe("3.1.0");
  const ids = new Set<string>();
  for (const [p, ops] of Object.entries<any>(doc.paths))
    for (const [m, op] of Object.entries<any>(ops)) {
      expect(op.operationId, `${m} ${p}`).toBeString();
      ids.add(op.operationId);
      if (m === "post") expect(op.requestBody.required).toBe(true);
      for (const [st, r] of Object.entries<any>(op.responses)) {
        const schema = r.content["application/json"].schema;
        if (Number(st) >= 400) expect(schema).toEqual({ $ref: "#/components/schemas/Error" });
        else if (p !== "/openapi.json") expect(Object.keys(schema.properties ?? {}).length).toBeGreaterThan(0);
      }
    }
  expect(ids.size).toBe(OPS.length);
  expect(doc.paths["/cases"].get.parameters.find((x: any) => x.name === "since").schema.anyOf.length).toBe(2);
});

test("every /api/v1 route is documented and every documented operation is a route", () => {
  const routes = new Set(
    t.app.routes
      .filter((r) => r.path.startsWith("/api/v1/") && (r.method === "GET" || r.method === "POST"))
      .map((r) => `${r.method.toLowerCase()} ${r.path.slice(7).replace(/:(\w+)/g, "{$1}")}`),
  );
  const documented = new Set(OPS.map((o) => `${o.method} ${o.path}`));
  expect([...routes].sort()).toEqual([...documented].sort());
});

/** A request that must produce each documented status of each operation. */
const cases: Record<string, Record<number, () => Promise<Response> | Response>> = {
  getOpenApi: { 200: () => call("get", "/openapi.json", null) },
  listCases: {
    200: () => call("get", "/cases?since=2026-01-01T00:00:00%2B08:00&page_size=5", all),
    401: () => call("get", "/cases", null),
    403: () => call("get", "/cases", none),
    422: () => call("get", "/cases?since=garbage", all),
  },
  getCase: {
    200: () => call("get", `/cases/${no}`, all),
    401: () => call("get", `/cases/${no}`, "wk_wrong"),
    403: () => call("get", `/cases/${no}`, none),
    404: () => call("get", "/cases/NOPE", all),
  },
  getCaseTimeline: {
    200: () => call("get", `/cases/${no}/timeline`, all),
    401: () => call("get", `/cases/${no}/timeline`, null),
    403: () => call("get", `/cases/${no}/timeline`, none),
    404: () => call("get", "/cases/NOPE/timeline", all),
  },
  postCaseUpdate: {
    201: () => call("post", `/cases/${no}/updates`, all, { external_id: "x-1", note: "已派人" }),
    200: async () => {
      await call("post", `/cases/${no}/updates`, all, { external_id: "x-0", note: "已派人" });
      return call("post", `/cases/${no}/updates`, all, { external_id: "x-0", note: "已派人" });
    },
    401: () => call("post", `/cases/${no}/updates`, null, { note: "n" }),
    403: () => call("post", `/cases/${no}/updates`, none, { note: "n" }),
    404: () => call("post", "/cases/NOPE/updates", all, { note: "n" }),
    422: () => call("post", `/cases/${no}/updates`, all, { note: "" }),
  },
  createReport: {
    201: () =>
      call("post", "/reports", all, { description: "井盖缺失很危险", address: "八一大道", lng: 115.9, lat: 28.7 }),
    401: () => call("post", "/reports", null, {}),
    403: () => call("post", "/reports", none, {}),
    422: () => call("post", "/reports", all, "not json"),
  },
  listCategories: {
    200: () => call("get", "/categories", all),
    401: () => call("get", "/categories", null),
    403: () => call("get", "/categories", none),
  },
  listGrids: {
    200: () => call("get", "/grids", all),
    401: () => call("get", "/grids", null),
    403: () => call("get", "/grids", none),
  },
  listComponents: {
    200: () => call("get", "/components?bbox=115,28,116,29", all),
    401: () => call("get", "/components?bbox=115,28,116,29", null),
    403: () => call("get", "/components?bbox=115,28,116,29", none),
    422: () => call("get", "/components?bbox=1,2", all),
  },
  listExports: {
    200: () => call("get", "/exports", all),
    401: () => call("get", "/exports", null),
    403: () => call("get", "/exports", none),
  },
  getExport: {
    200: () => call("get", "/exports/2026-11-22", all),
    401: () => call("get", "/exports/2026-11-22", null),
    403: () => call("get", "/exports/2026-11-22", none),
    404: () => call("get", "/exports/1999-01-01", all),
  },
};

test("every documented response is reachable and its body matches the documented schema", async () => {
  for (const op of OPS) {
    const documented = [...Object.keys(op.ok).map(Number), ...op.errors].sort();
    expect(
      Object.keys(cases[op.operationId] ?? {})
        .map(Number)
        .sort(),
      op.operationId,
    ).toEqual(documented);
    for (const st of documented) {
      const res = await cases[op.operationId]![st]!();
      const label = `${op.operationId} ${st}`;
      expect(res.status, label).toBe(st);
      const body = await res.json();
      const schema: z.ZodType = st >= 400 ? ErrorBody : op.ok[st]!.schema;
      const r = schema.safeParse(body);
      expect(r.success ? [] : r.error.issues, label).toEqual([]);
    }
  }
});

test("bad query parameters and bodies are refused with field errors, not ignored", async () => {
  for (const q of ["since=garbage", "since=2026-13-01", "page=0", "page_size=501", "page=x", "bogus=1"])
    expect((await call("get", `/cases?${q}`, all)).status, q).toBe(422);
  const e = (await (await call("get", "/cases?since=yesterday", all)).json()) as any;
  expect(e.error.code).toBe("api.query");
  expect(Object.keys(e.error.fields)).toEqual(["since"]);
  const b = (await (await call("post", "/reports", all, { description: "井盖缺失很危险", lng: "115" })).json()) as any;
  expect(b.error.fields).toHaveProperty("lng");
});
