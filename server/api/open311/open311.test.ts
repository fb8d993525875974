import { test, expect, beforeAll } from "bun:test";
import { testApp, type TestApp } from "../../testing/index.ts";
import { createClient } from "../verbs/save-client.ts";
import { validateAs } from "./validate.ts";

let t: TestApp;
let key: string;
let readOnlyKey: string;
const sys = { kind: "system", job: "test" } as const;
const B = "/open311/v2";

beforeAll(() => {
  t = testApp();
  key = createClient(t.deps.db, sys, { name: "FixMyStreet", scopes: ["open311"] }).key;
  readOnlyKey = createClient(t.deps.db, sys, { name: "Reader", scopes: ["cases:read"] }).key;
});

const get = (p: string) => t.app.request(p);
const post = (p: string, form: Record<string, string>) =>
  t.app.request(p, {
    method: "POST",
    body: new URLSearchParams(form),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
async function json(res: Response, schema: string, status = 200) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/json");
  const body = await res.json();
  expect(validateAs(schema, body)).toEqual([]);
  return body as any;
}
async function xml(res: Response, root: string, status = 200) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("text/xml");
  const s = await res.text();
  expect(s.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  expect(s).toContain(`<${root}>`);
  return s;
}

test("the validator rejects wrong documents (so the schema checks below can fail)", () => {
  expect(validateAs("request.json", { service_request_id: 1, status: "pending" }).length).toBeGreaterThan(1);
  expect(
    validateAs("requests.json", [
      { service_request_id: "x", status: "open", service_code: "E1", requested_datetime: "2026-11-23 10:00" },
    ]),
  ).toEqual(["$[0].requested_datetime: not a date-time: 2026-11-23 10:00"]);
  expect(validateAs("errors.json", [])).toEqual(["$: fewer than 1 items"]);
});

test("discovery in JSON and XML", async () => {
  const d = await json(await get(`${B}/discovery.json`), "discovery.json");
  expect(d.endpoints[0].specification).toBe("http://wiki.open311.org/GeoReport_v2");
  expect(d.endpoints[0].url).toBe("http://localhost/open311/v2");
  const x = await xml(await get(`${B}/discovery.xml`), "discovery");
  expect(x).toContain("<formats><format>text/xml</format><format>application/json</format></formats>");
});

test("services: standard categories as codes, big class as group; service definition", async () => {
  const list = await json(await get(`${B}/services.json`), "services.json");
  const lid = list.find((s: any) => s.service_code === "C01001");
  expect(lid).toMatchObject({ service_name: "供水井盖", group: "市政公用设施", metadata: true, type: "realtime" });
  expect(list.some((s: any) => s.service_code.startsWith("E06"))).toBe(true);
  const x = await xml(await get(`${B}/services.xml`), "services");
  expect(x).toContain("<service><service_code>C01001</service_code><service_name>供水井盖</service_name>");
  const def = await json(await get(`${B}/services/C01001.json`), "service-definition.json");
  expect(def.service_code).toBe("C01001");
  expect(def.attributes.map((a: any) => a.code)).toEqual(["landmark", "urgency"]);
  const dx = await xml(await get(`${B}/services/C01001.xml`), "service_definition");
  expect(dx).toContain("<values><value><key>normal</key><name>一般</name></value>");
  const e = await json(await get(`${B}/services/X999.json`), "errors.json", 404);
  expect(e[0].code).toBe(404);
  const ex = await xml(await get(`${B}/services/X999.xml`), "errors", 404);
  expect(ex).toContain("<error><code>404</code>");
});

test("POST requests: key, location, attributes; then GET by id, token, list, updates", async () => {
  // errors first
  let e = await json(
    await post(`${B}/requests.json`, {
      service_code: "C01001",
      lat: "28.68",
      long: "115.89",
      description: "井盖缺失了",
    }),
    "errors.json",
    403,
  );
  expect(e[0]).toEqual({ code: 403, description: "api_key 无效或没有提交权限" });
  e = await json(
    await post(`${B}/requests.json`, {
      api_key: readOnlyKey,
      service_code: "C01001",
      lat: "28.68",
      long: "115.89",
      description: "井盖缺失了",
    }),
    "errors.json",
    403,
  );
  e = await json(
    await post(`${B}/requests.json`, { api_key: key, lat: "28.68", long: "115.89", description: "井盖缺失了" }),
    "errors.json",
    400,
  );
  expect(e[0].description).toBe("缺少 service_code");
  e = await json(
    await post(`${B}/requests.json`, { api_key: key, service_code: "C01001", description: "井盖缺失了" }),
    "errors.json",
    400,
  );
  expect(e[0].description).toContain("需要提供位置");
  e = await json(
    await post(`${B}/requests.json`, {
      api_key: key,
      service_code: "C01001",
      address_string: "人民路 1 号",
      description: "x",
    }),
    "errors.json",
    400,
  );
  expect(e[0].description).toContain("描述");
  await json(
    await post(`${B}/requests.json`, {
      api_key: key,
      service_code: "E99999",
      lat: "1",
      long: "2",
      description: "井盖缺失了",
    }),
    "errors.json",
    404,
  );
  const px = await xml(
    await post(`${B}/requests.xml`, {
      api_key: key,
      service_code: "C01001",
      long: "115.89",
      description: "井盖缺失了",
    }),
    "errors",
    400,
  );
  expect(px).toContain("<code>400</code>");

  const r = await json(
    await post(`${B}/requests.json`, {
      api_key: key,
      service_code: "C01001",
      lat: "28.68",
      long: "115.89",
      description: "人民路井盖缺失",
      "attribute[landmark]": "邮局门口",
      media_url: "https://example.org/p.jpg",
      first_name: "三",
      last_name: "张",
      phone: "13800000000",
    }),
    "post-response.json",
  );
  const id = r[0].service_request_id as string;
  expect(id).toMatch(/^\d{8}-\d{4}$/);
  const row = t.deps.db.sqlite
    .query("SELECT source, state, description, reporter_name, lat, lng FROM cases WHERE no = ?")
    .get(id) as any;
  expect(row).toEqual({
    source: "api",
    state: "reported",
    description: "人民路井盖缺失\n标志物：邮局门口；图片链接：https://example.org/p.jpg",
    reporter_name: "张三",
    lat: 28.68,
    lng: 115.89,
  });
  const rx = await xml(
    await post(`${B}/requests.xml`, {
      api_key: key,
      service_code: "E06001",
      address_string: "解放路菜场",
      description: "垃圾堆积",
    }),
    "service_requests",
  );
  const id2 = /<service_request_id>([^<]+)</.exec(rx)![1]!;

  const one = await json(await get(`${B}/requests/${id}.json`), "requests.json");
  expect(one).toHaveLength(1);
  expect(one[0]).toMatchObject({
    service_request_id: id,
    status: "open",
    status_notes: "待受理（reported）",
    service_code: "C01001",
    service_name: "供水井盖",
    lat: 28.68,
    long: 115.89,
  });
  expect(one[0].requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
  const onex = await xml(await get(`${B}/requests/${id}.xml`), "service_requests");
  expect(onex).toContain(`<request><service_request_id>${id}</service_request_id><status>open</status>`);
  await json(await get(`${B}/requests/20000101-9999.json`), "errors.json", 404);
  await xml(await get(`${B}/requests/20000101-9999.xml`), "errors", 404);
  await json(await get(`${B}/requests/${id}.html`), "errors.json", 404);

  // tokens
  const tok = r[0].token as string;
  const tk = await json(await get(`${B}/tokens/${tok}.json`), "tokens.json");
  expect(tk).toEqual([{ service_request_id: id, token: tok }]);
  expect(await xml(await get(`${B}/tokens/${tok}.xml`), "service_requests")).toContain(`<token>${tok}</token>`);
  await json(await get(`${B}/tokens/nope.json`), "errors.json", 404);

  // list with filters, defaults and paging
  const all = await json(await get(`${B}/requests.json`), "requests.json");
  expect(all.map((x: any) => x.service_request_id).sort()).toEqual([id, id2].sort());
  expect(
    (await json(await get(`${B}/requests.json?service_code=E06001`), "requests.json")).map(
      (x: any) => x.service_request_id,
    ),
  ).toEqual([id2]);
  expect(await json(await get(`${B}/requests.json?status=closed`), "requests.json")).toEqual([]);
  expect(await json(await get(`${B}/requests.json?status=open&page_size=1&page=2`), "requests.json")).toHaveLength(1);
  expect(await json(await get(`${B}/requests.json?service_request_id=${id},${id2}`), "requests.json")).toHaveLength(2);
  expect(
    await json(
      await get(`${B}/requests.json?start_date=2000-01-01T00:00:00%2B08:00&end_date=2000-02-01T00:00:00%2B08:00`),
      "requests.json",
    ),
  ).toEqual([]);
  // the 90-day default window: an old case is not listed unless asked for
  t.deps.db.sqlite
    .query("UPDATE cases SET created_at = ? WHERE no = ?")
    .run(new Date(Date.now() - 100 * 86400_000).toISOString(), id2);
  expect((await json(await get(`${B}/requests.json`), "requests.json")).map((x: any) => x.service_request_id)).toEqual([
    id,
  ]);
  expect(await json(await get(`${B}/requests.json?start_date=2000-01-01`), "requests.json")).toHaveLength(2);
  await json(await get(`${B}/requests.json?status=pending`), "errors.json", 400);
  await json(await get(`${B}/requests.json?page_size=5000`), "errors.json", 400);
  await json(await get(`${B}/requests.json?start_date=yesterday`), "errors.json", 400);
  expect(await xml(await get(`${B}/requests.xml?status=open`), "service_requests")).toContain(
    `<service_request_id>${id}</service_request_id>`,
  );
  await xml(await get(`${B}/requests.xml?status=bad`), "errors", 400);

  // closed state maps to closed with the real state in status_notes
  t.deps.db.sqlite
    .query("UPDATE cases SET state = 'rejected', updated_at = ? WHERE no = ?")
    .run(new Date().toISOString(), id);
  const closed = await json(await get(`${B}/requests.json?status=closed`), "requests.json");
  expect(closed.map((x: any) => [x.service_request_id, x.status, x.status_notes])).toEqual([
    [id, "closed", "不予立案（rejected）"],
  ]);

  // mySociety servicerequestupdates
  const caseId = (t.deps.db.sqlite.query("SELECT id FROM cases WHERE no = ?").get(id) as any).id;
  t.deps.db.sqlite
    .query(
      "INSERT INTO case_events (case_id, at, action, from_state, to_state, actor) VALUES (?, ?, 'reject', 'reported', 'rejected', 'x')",
    )
    .run(caseId, new Date().toISOString());
  const ups = await json(
    await get(`${B}/servicerequestupdates.json?start_date=2000-01-01T00:00:00Z`),
    "servicerequestupdates.json",
  );
  const last = ups.filter((u: any) => u.service_request_id === id).at(-1);
  expect(last).toMatchObject({ status: "no_further_action", description: "经核实不予立案（不予立案）" });
  expect(
    await xml(await get(`${B}/servicerequestupdates.xml?start_date=2000-01-01T00:00:00Z`), "service_requests_updates"),
  ).toContain("<request_update><update_id>");
  await json(await get(`${B}/servicerequestupdates.json?start_date=bad`), "errors.json", 400);
});

test("hotline cases stay out of Open311 (personal details); the sources are a setting", async () => {
  const t2 = testApp();
  const db = t2.deps.db;
  const at = new Date().toISOString();
  db.sqlite
    .query(
      "INSERT INTO cases (no, source, state, description, created_at, updated_at) VALUES ('20261123-0901', 'hotline', 'reported', '张三 13800000000 来电反映', ?, ?)",
    )
    .run(at, at);
  db.sqlite
    .query(
      "INSERT INTO cases (no, source, state, description, created_at, updated_at) VALUES ('20261123-0902', 'inspector', 'reported', '井盖破损', ?, ?)",
    )
    .run(at, at);
  const list = await json(await t2.app.request(`${B}/requests.json`), "requests.json");
  expect(list.map((r: any) => r.service_request_id)).toEqual(["20261123-0902"]);
  await json(await t2.app.request(`${B}/requests/20261123-0901.json`), "errors.json", 404);
  const { setSetting } = await import("../../core/settings.ts");
  setSetting(db, "open311.public_sources", "hotline,inspector");
  // Hotline cases are never published, whatever the setting (server/cases/publication.ts).
  expect(await json(await t2.app.request(`${B}/requests.json`), "requests.json")).toHaveLength(1);
});

test("POSTs per key are rate limited (429 in the spec's error format)", async () => {
  const t3 = testApp();
  const k = createClient(t3.deps.db, sys, { name: "Bulk", scopes: ["open311"] }).key;
  const { POSTS_PER_HOUR } = await import("./routes.ts");
  const id = (t3.deps.db.sqlite.query("SELECT id FROM api_clients").get() as any).id;
  const now = Date.now();
  t3.deps.db.sqlite
    .query("INSERT INTO public_rate (key, window, n) VALUES (?, ?, ?)")
    .run(`open311:${id}`, now - (now % 3600_000), POSTS_PER_HOUR);
  const e = await json(
    await t3.app.request(`${B}/requests.json`, {
      method: "POST",
      body: new URLSearchParams({ api_key: k, service_code: "C01001", lat: "1", long: "2", description: "井盖缺失了" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    }),
    "errors.json",
    429,
  );
  expect(e[0].code).toBe(429);
});
