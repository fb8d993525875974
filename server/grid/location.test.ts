// Location checks (issue #15 point 7): one rule in grid/location.ts, applied on every channel.
// The fixture county has one unit grid, 115.90–115.91 × 28.60–28.61; the extent adds 0.05°.
import { describe, test, expect } from "bun:test";
import { testApp, Client, type TestApp } from "../testing/index.ts";
import { world, PNG_1x1, type World } from "../cases/fixtures.ts";
import { challengeAnswer } from "../public/abuse.ts";
import { checkLocation, OUTSIDE_GRIDS_QUESTION } from "./index.ts";

const IN = { lng: 115.905, lat: 28.605 };
const NEAR = { lng: 115.93, lat: 28.605 }; // inside the extent, outside every grid
const FAR = { lng: 116.5, lat: 28.605 };
const ZERO = { lng: 0, lat: 0 };

function setup() {
  const t = testApp();
  return { t, w: world(t.deps.db) };
}
const lastCase = (t: TestApp) =>
  t.deps.db.sqlite.query("SELECT id, no, grid_id, lng FROM cases ORDER BY id DESC LIMIT 1").get() as {
    id: number;
    no: string;
    grid_id: number | null;
    lng: number;
  } | null;
const count = (t: TestApp) => (t.deps.db.sqlite.query("SELECT count(*) AS n FROM cases").get() as { n: number }).n;

test("checkLocation: grid, outside grids, (0,0), non-finite, outside the county; no extent before grids exist", () => {
  const { t, w } = setup();
  const db = t.deps.db;
  const r = checkLocation(db, IN.lng, IN.lat);
  expect(r.ok && r.grid?.gridId).toBe(w.grid_030101);
  expect(checkLocation(db, NEAR.lng, NEAR.lat)).toEqual({ ok: true, grid: null });
  expect(checkLocation(db, 0, 0)).toMatchObject({ ok: false, code: "location.zero" });
  expect(checkLocation(db, Number.NaN, 28.6)).toMatchObject({ ok: false, code: "location.invalid" });
  expect(checkLocation(db, Infinity, 28.6)).toMatchObject({ ok: false, code: "location.invalid" });
  const far = checkLocation(db, FAR.lng, FAR.lat);
  expect(far).toMatchObject({ ok: false, code: "location.outside_county" });
  expect(!far.ok && far.message).toContain("不在本县范围内");
  const empty = testApp().deps.db;
  expect(checkLocation(empty, FAR.lng, FAR.lat)).toEqual({ ok: true, grid: null });
  expect(checkLocation(empty, 0, 0)).toMatchObject({ ok: false, code: "location.zero" });
});

describe("desk report form", () => {
  const post = (cl: Client, at: { lng: number; lat: number }, extra: Record<string, string> = {}) =>
    cl.post("/reports", {
      source: "video",
      urgency: "normal",
      description: "井盖缺失很危险",
      address: "东门路",
      lng: String(at.lng),
      lat: String(at.lat),
      ...extra,
    });
  test("refuses (0,0) and points outside the county; outside the grids asks, confirm=1 files into 位置待核实", async () => {
    const { t } = setup();
    const desk = new Client(t);
    await desk.login("intake_qian");
    for (const [at, msg] of [
      [ZERO, "不是有效位置"],
      [FAR, "不在本县范围内"],
    ] as const) {
      const r = await post(desk, at);
      expect(r.status).toBe(422);
      const html = await r.text();
      expect(html).toContain(msg);
      expect(html).not.toContain('name="confirm"');
    }
    const ask = await post(desk, NEAR);
    expect(ask.status).toBe(422);
    const html = await ask.text();
    expect(html).toContain(OUTSIDE_GRIDS_QUESTION);
    expect(html).toContain('<input type="hidden" name="confirm" value="1"');
    expect(count(t)).toBe(0);
    // a forged confirm does not let (0,0) through
    expect((await post(desk, ZERO, { confirm: "1" })).status).toBe(422);
    const ok = await post(desk, NEAR, { confirm: "1" });
    expect(ok.status).toBe(303);
    const c = lastCase(t)!;
    expect([c.grid_id, c.lng]).toEqual([null, NEAR.lng]);
    const inside = await post(desk, IN);
    expect(inside.status).toBe(303);
    // the 位置待核实 queue holds the confirmed one only
    const q = await (await desk.get("/cases?queue=locate")).text();
    expect(q).toContain("位置待核实");
    expect(q).toContain(c.no);
    expect(q).not.toContain(lastCase(t)!.no);
    const ev = t.deps.db.sqlite
      .query("SELECT data FROM case_events WHERE case_id = ? AND action = 'report'")
      .get(c.id) as { data: string };
    expect(JSON.parse(ev.data)).toMatchObject({ grid: null, location_unverified: true });
  });
});

describe("phone app report", () => {
  const form = (w: World, id: string, at: { lng: number; lat: number }, confirm = "") => {
    const fd = new FormData();
    const f: Record<string, string> = {
      clientId: id,
      categoryId: String(w.cat_manhole),
      description: "井盖缺失很危险",
      lng: String(at.lng),
      lat: String(at.lat),
      confirm,
    };
    for (const [k, v] of Object.entries(f)) fd.append(k, v);
    fd.append("photos", new File([PNG_1x1], "p.png", { type: "image/png" }));
    return fd;
  };
  test("refusals with stable codes; outside the grids only with confirm=1", async () => {
    const { t, w } = setup();
    const wang = new Client(t);
    await wang.login("inspector_wang");
    const send = async (fd: FormData) =>
      wang.request("/api/field/reports", {
        method: "POST",
        body: fd,
        headers: { "x-csrf-token": await wang.csrf(), accept: "application/json" },
      });
    const codes: string[] = [];
    for (const [i, at] of [ZERO, FAR, NEAR].entries()) {
      const r = await send(form(w, `a1b2c3d4-000${i}`, at));
      expect(r.status).toBe(422);
      codes.push(((await r.json()) as { error: { code: string } }).error.code);
    }
    expect(codes).toEqual(["location.zero", "location.outside_county", "location.unconfirmed"]);
    expect(count(t)).toBe(0);
    const ok = await send(form(w, "a1b2c3d4-0009", NEAR, "1"));
    expect(ok.status).toBe(201);
    expect(lastCase(t)!.grid_id).toBeNull();
  });
});

describe("portal report", () => {
  async function submit(cl: Client, at: { lng: number; lat: number }, confirm?: string) {
    const html0 = await (await cl.get("/p/report")).text();
    const ch = /name="challenge" value="([^"]+)"/.exec(html0)![1]!;
    return cl.post("/p/report", {
      challenge: ch,
      answer: String(challengeAnswer(cl.t.deps.config.dataDir, ch)),
      description: "垃圾堆了好几天",
      address: "东门路",
      lng: String(at.lng),
      lat: String(at.lat),
      ...(confirm ? { confirm } : {}),
    });
  }
  test("refuses (0,0) and far points; asks outside the grids; confirm=1 accepts", async () => {
    const { t } = setup();
    const cl = new Client(t);
    const zero = await submit(cl, ZERO);
    expect(zero.status).toBe(422);
    expect(await zero.text()).toContain("不是有效位置");
    const far = await submit(cl, FAR);
    expect(far.status).toBe(422);
    expect(await far.text()).toContain("不在本县范围内");
    const ask = await submit(cl, NEAR);
    expect(ask.status).toBe(422);
    const html = await ask.text();
    expect(html).toContain(OUTSIDE_GRIDS_QUESTION);
    expect(html).toContain('name="confirm" value="1"');
    expect(html).toContain("确认提交");
    expect(count(t)).toBe(0);
    const ok = await submit(cl, NEAR, "1");
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('id="case-no"');
    expect(lastCase(t)!.grid_id).toBeNull();
  });
});
