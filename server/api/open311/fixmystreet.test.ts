// Open311 as FixMyStreet's client (perl-lib/Open311.pm) and mySociety's open311-adapter use it:
// form-encoded and multipart POSTs, XML answers parsed strictly, jurisdiction_id, comments pushed
// back as servicerequestupdates, and long update windows read page by page.
import { test, expect, beforeAll } from "bun:test";
import { SaxesParser } from "saxes";
import { testApp, type TestApp } from "../../testing/index.ts";
import { createClient } from "../verbs/save-client.ts";
import { submitReport } from "../../public/index.ts";
import { timeline } from "../../cases/index.ts";
import { setSetting } from "../../core/settings.ts";
import { PNG_1x1 } from "../../cases/fixtures.ts";
import { validateAs } from "./validate.ts";
import { toXml, xmlText } from "./format.ts";

let t: TestApp;
let key: string;
const sys = { kind: "system", job: "test" } as const;
const B = "/open311/v2";

beforeAll(() => {
  t = testApp();
  key = createClient(t.deps.db, sys, { name: "FixMyStreet", scopes: ["open311"] }).key;
});

const get = (p: string, headers: Record<string, string> = {}) => t.app.request(p, { headers });
const post = (p: string, form: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return t.app.request(p, {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
};
const report = (extra: Record<string, string | string[]> = {}) =>
  post(`${B}/requests.json`, {
    api_key: key,
    service_code: "C01001",
    lat: "28.68",
    long: "115.89",
    description: "井盖缺失了",
    ...extra,
  });

type X = { name: string; selfClosing: boolean; text: string; children: X[] };
/** A strict, well-formedness-checking parse (saxes throws on any forbidden character or bad markup). */
function parseXml(s: string): X {
  const p = new SaxesParser({ xmlns: false });
  const stack: X[] = [];
  let root: X | null = null;
  p.on("opentag", (tag) => {
    const n: X = { name: tag.name, selfClosing: tag.isSelfClosing, text: "", children: [] };
    stack.at(-1)?.children.push(n);
    stack.push(n);
  });
  p.on("text", (s) => {
    if (stack.length) stack.at(-1)!.text += s;
  });
  p.on("closetag", () => {
    root = stack.pop()!;
  });
  p.on("error", (e) => {
    throw e;
  });
  p.write(s).close();
  return root!;
}

const LISTS = new Set(["formats", "endpoints", "attributes", "values"]);
/** The JSON an XML answer says, by the format's rules: list roots and known list elements are arrays. */
function xmlToJson(x: X, isList: boolean): unknown {
  if (isList) return x.children.map((c) => xmlToJson(c, false));
  if (x.selfClosing) return null;
  if (LISTS.has(x.name)) return x.children.map((c) => xmlToJson(c, false));
  if (!x.children.length) return x.text;
  return Object.fromEntries(x.children.map((c) => [c.name, xmlToJson(c, false)]));
}
/** JSON with every scalar as the string XML carries (characters XML cannot hold left out). */
const asText = (v: unknown): unknown =>
  v === null
    ? null
    : Array.isArray(v)
      ? v.map(asText)
      : typeof v === "object"
        ? Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, asText(x)]))
        : xmlText(String(v));

test("every character XML forbids is dropped from XML, kept in JSON; the list parses strictly", async () => {
  const bad = [
    ...Array.from({ length: 9 }, (_, i) => String.fromCharCode(i)),
    "\u000B",
    "\u000C",
    ...Array.from({ length: 18 }, (_, i) => String.fromCharCode(0x0e + i)),
    "\uD800",
    "x",
    "\uDFFF",
    "\uFFFE",
    "\uFFFF",
  ];
  const text = `井盖${bad.join("")}<&>"'缺\t失😀`;
  const r = await report({ description: text });
  expect(r.status).toBe(200);
  const { service_request_id: no } = ((await r.json()) as any)[0];
  const xml = await (await get(`${B}/requests.xml`)).text();
  const doc = parseXml(xml);
  const mine = doc.children.find((c) => c.children.find((d) => d.name === "service_request_id")?.text === no)!;
  expect(mine.children.find((d) => d.name === "description")!.text).toBe(`井盖\uFFFDx\uFFFD<&>"'缺\t失😀`);
  // (lone surrogates cannot travel in UTF-8: the form decoder already made them U+FFFD; the writer drops them too)
  expect(parseXml(toXml("r", null, { d: "a\uD800b\uDFFFc\uFFFEd" })).children[0]!.text).toBe("abcd");
  const json = (await (await get(`${B}/requests/${no}.json`)).json()) as any;
  // JSON keeps the text as stored (JSON can carry any character; a lone surrogate becomes U+FFFD in UTF-8).
  expect(json[0].description).toBe(text.replace(/\p{Cs}/gu, "\uFFFD"));
  // the strict parser is strict: the old escaping would fail here
  expect(() => parseXml(`<a>\u000B</a>`)).toThrow();
});

test("a multipart report with photo1..n, several media_url, email, names and unknown attributes keeps them all", async () => {
  const png = PNG_1x1;
  const form = new FormData();
  for (const [k, v] of Object.entries({
    api_key: key,
    jurisdiction_id: "",
    service_code: "C01001",
    lat: "28.68",
    long: "115.89",
    description: "井盖缺失",
    email: "jane@example.org",
    first_name: "Jane",
    last_name: "Doe",
    phone: "13800000000",
    "attribute[landmark]": "邮局门口",
    "attribute[fixmystreet_id]": "4242",
    "attribute[easting]": "123",
  }))
    form.append(k, v);
  form.append("media_url", "https://fms.example.org/photo/1.jpeg");
  form.append("media_url", "https://fms.example.org/photo/2.jpeg");
  form.append("photo1", new File([png], "a.png", { type: "image/png" }));
  form.append("photo2", new File([png], "b.png", { type: "image/png" }));
  const r = await t.app.request(`${B}/requests.xml`, { method: "POST", body: form });
  const x = await r.text();
  expect(r.status).toBe(200);
  const no = parseXml(x).children[0]!.children.find((c) => c.name === "service_request_id")!.text;
  const db = t.deps.db;
  const c = db.sqlite
    .query("SELECT id, reporter_name, reporter_phone, description FROM cases WHERE no = ?")
    .get(no) as any;
  expect(c.reporter_name).toBe("Jane Doe");
  expect(c.reporter_phone).toBe("13800000000");
  expect(c.description).toContain(
    "图片链接：https://fms.example.org/photo/1.jpeg；图片链接：https://fms.example.org/photo/2.jpeg",
  );
  expect((db.sqlite.query("SELECT count(*) AS n FROM case_media WHERE case_id = ?").get(c.id) as any).n).toBe(2);
  const facts = timeline(db, c.id).find((e) => e.action === "open311_details")!;
  expect(JSON.parse(String(facts.data))).toMatchObject({
    email: "jane@example.org",
    first_name: "Jane",
    last_name: "Doe",
    attributes: { fixmystreet_id: "4242", easting: "123" },
    media_urls: ["https://fms.example.org/photo/1.jpeg", "https://fms.example.org/photo/2.jpeg"],
  });
  // staff only: the public list shows none of it
  const pub = JSON.stringify(await (await get(`${B}/requests/${no}.json`)).json());
  expect(pub).not.toContain("jane@example.org");
  expect(pub).not.toContain("13800000000");
  expect(pub).not.toContain("Jane");
});

test("POST servicerequestupdates (as FixMyStreet sends a comment) adds a staff timeline note, once per update_id", async () => {
  const { service_request_id: no } = ((await (await report()).json()) as any)[0];
  const form = {
    api_key: key,
    jurisdiction_id: "",
    service_request_id: no,
    update_id: "fms-77",
    status: "OPEN",
    description: "井盖还是没有盖上",
    updated_datetime: "2026-11-30T09:00:00+08:00",
    email: "jane@example.org",
    first_name: "Jane",
    last_name: "Doe",
    media_url: "https://fms.example.org/c/77.jpeg",
  };
  const r = await post(`${B}/servicerequestupdates.xml`, form);
  expect(r.status).toBe(200);
  const doc = parseXml(await r.text());
  expect(doc.name).toBe("service_request_updates");
  const id = doc.children[0]!.children.find((c) => c.name === "update_id")!.text;
  expect(Number(id)).toBeGreaterThan(0);
  const again = (await (await post(`${B}/servicerequestupdates.json`, form)).json()) as any;
  expect(again).toEqual([{ update_id: id }]);
  const caseId = (t.deps.db.sqlite.query("SELECT id FROM cases WHERE no = ?").get(no) as any).id;
  const notes = timeline(t.deps.db, caseId).filter((e) => e.action === "open311_update");
  expect(notes.length).toBe(1);
  expect(notes[0]!.note).toBe("井盖还是没有盖上；状态：OPEN；图片链接：https://fms.example.org/c/77.jpeg");
  expect(notes[0]!.at).toBe("2026-11-30T01:00:00.000Z");
  expect(JSON.parse(String(notes[0]!.data))).toMatchObject({ email: "jane@example.org", name: "Jane Doe" });
  // citizens' own updates are not echoed back as public progress
  const ups = (await (await get(`${B}/servicerequestupdates.json?start_date=2026-01-01`)).json()) as any[];
  expect(ups.some((u) => u.update_id === id)).toBe(false);
  // errors in the spec's format
  const e404 = await post(`${B}/servicerequestupdates.json`, { ...form, service_request_id: "NOPE" });
  expect(e404.status).toBe(404);
  expect(validateAs("errors.json", await e404.json())).toEqual([]);
  const e400 = await post(`${B}/servicerequestupdates.json`, { ...form, description: "", media_url: "" });
  expect(e400.status).toBe(400);
  const e403 = await post(`${B}/servicerequestupdates.json`, { ...form, api_key: "wrong" });
  expect(e403.status).toBe(403);
});

test("service_code is never empty and external_status_code carries the case's state", async () => {
  const r = submitReport(t.deps.db, sys as any, {
    channel: "portal",
    categoryId: null,
    description: "不知道是什么问题",
    address: "八一大道",
  });
  const [x] = (await (await get(`${B}/requests/${r.no}.json`)).json()) as any[];
  expect(x.service_code).toBe("UNCLASSIFIED");
  expect(x.external_status_code).toBe("reported");
  const xml = await (await get(`${B}/requests/${r.no}.xml`)).text();
  expect(xml).toContain("<service_code>UNCLASSIFIED</service_code>");
  expect(xml).toContain("<external_status_code>reported</external_status_code>");
  const ups = (await (await get(`${B}/servicerequestupdates.json`)).json()) as any[];
  expect(ups.length).toBeGreaterThan(0);
  for (const u of ups) expect(u.external_status_code).toMatch(/^[a-z_]+$/);
});

test("servicerequestupdates are paged: page 1 holds the newest, `after` walks the whole window", async () => {
  for (let i = 0; i < 5; i++) await report();
  const all = (await (await get(`${B}/servicerequestupdates.json?start_date=2026-01-01`)).json()) as any[];
  expect(all.length).toBeGreaterThanOrEqual(5);
  const ids = all.map((u) => Number(u.update_id));
  expect(ids).toEqual([...ids].sort((a, b) => a - b));
  const p1 = (await (await get(`${B}/servicerequestupdates.json?start_date=2026-01-01&page_size=2`)).json()) as any[];
  expect(p1.map((u) => u.update_id)).toEqual(all.slice(-2).map((u) => u.update_id));
  const p2 = (await (
    await get(`${B}/servicerequestupdates.json?start_date=2026-01-01&page_size=2&page=2`)
  ).json()) as any[];
  expect(p2.map((u) => u.update_id)).toEqual(all.slice(-4, -2).map((u) => u.update_id));
  const walked: string[] = [];
  let after = "0";
  for (;;) {
    const page = (await (await get(`${B}/servicerequestupdates.json?after=${after}&page_size=2`)).json()) as any[];
    if (!page.length) break;
    walked.push(...page.map((u) => u.update_id));
    after = page.at(-1).update_id;
  }
  expect(walked).toEqual(all.map((u) => u.update_id));
  expect((await get(`${B}/servicerequestupdates.json?after=x`)).status).toBe(400);
});

test("strict input: jurisdiction_id, (0,0), points outside the county, dates", async () => {
  setSetting(t.deps.db, "county.code", "360121");
  expect((await get(`${B}/services.json?jurisdiction_id=360121`)).status).toBe(200);
  const wrong = await get(`${B}/services.json?jurisdiction_id=london`);
  expect(wrong.status).toBe(404);
  expect(((await wrong.json()) as any)[0].description).toContain("jurisdiction_id london 不是本系统的辖区");
  expect((await report({ jurisdiction_id: "london" })).status).toBe(404);
  expect((await report({ jurisdiction_id: "360121" })).status).toBe(200);
  setSetting(t.deps.db, "open311.jurisdiction_id", "fms.example");
  expect((await report({ jurisdiction_id: "fms.example" })).status).toBe(200);
  expect((await get(`${B}/requests.xml?jurisdiction_id=360121`)).status).toBe(404);

  const zero = await report({ lat: "0", long: "0" });
  expect(zero.status).toBe(400);
  expect(((await zero.json()) as any)[0].description).toContain("(0,0)，不是有效位置");
  expect((await report({ lat: "91", long: "115" })).status).toBe(400);
  const q = (sql: string, ...a: (string | number)[]) => (t.deps.db.sqlite.query(sql).get(...a) as { id: number }).id;
  const at = "2026-01-01";
  const town = q(
    "INSERT INTO regions (code, name, level, created_at, updated_at) VALUES ('T-EXT', '镇', 'town', ?, ?) RETURNING id",
    at,
    at,
  );
  const comm = q(
    "INSERT INTO regions (code, name, level, parent_id, created_at, updated_at) VALUES ('C-EXT', '社区', 'community', ?, ?, ?) RETURNING id",
    town,
    at,
    at,
  );
  q(
    `INSERT INTO grids (code, community_id, town_id, geometry, min_lng, min_lat, max_lng, max_lat, created_at, updated_at)
     VALUES ('G-EXT', ?, ?, '{}', 115.8, 28.6, 115.95, 28.75, ?, ?) RETURNING id`,
    comm,
    town,
    at,
    at,
  );
  const far = await report({ lat: "39.9", long: "116.4" });
  expect(far.status).toBe(400);
  expect(((await far.json()) as any)[0].description).toContain("不在本县范围内");
  expect((await report()).status).toBe(200);

  for (const q of ["start_date=garbage", "end_date=1", "start_date=2026-13-45", "start_date=yesterday"]) {
    expect((await get(`${B}/requests.json?${q}`)).status).toBe(400);
    expect((await get(`${B}/servicerequestupdates.xml?${q}`)).status).toBe(400);
  }
  expect((await get(`${B}/requests.json?start_date=2026-01-01T00:00:00Z`)).status).toBe(200);
  expect((await get(`${B}/requests.json?start_date=2026-01-01`)).status).toBe(200);
});

test("JSON and XML say the same thing on every endpoint", async () => {
  const { service_request_id: no, token } = ((await (await report()).json()) as any)[0];
  const pairs: [string, boolean][] = [
    ["discovery", false],
    ["services", true],
    ["services/C01001", false],
    ["services/NOPE", true],
    ["requests", true],
    [`requests/${no}`, true],
    [`tokens/${token}`, true],
    ["servicerequestupdates", true],
    ["requests.json?status=bogus".replace(".json", ""), true],
  ];
  for (const [p, isList] of pairs) {
    const [path, query] = p.split("?");
    const qs = query ? `?${query}` : "";
    const j = await get(`${B}/${path}.json${qs}`);
    const x = await get(`${B}/${path}.xml${qs}`);
    expect(x.status).toBe(j.status);
    expect(xmlToJson(parseXml(await x.text()), isList)).toEqual(asText(await j.json()));
  }
  const form = { api_key: key, service_request_id: no, description: "补充", update_id: "eq-1" };
  const pj = await post(`${B}/servicerequestupdates.json`, form);
  const px = await post(`${B}/servicerequestupdates.xml`, form);
  expect(xmlToJson(parseXml(await px.text()), true)).toEqual(asText(await pj.json()));
});
