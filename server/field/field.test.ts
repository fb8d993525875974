// 城管通 through the real app: offline-queue replay and dedupe, uploads, tasks, patrols, attendance,
// nearest-inspector assignment, and who may see what.
import { describe, test, expect } from "bun:test";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { testApp, Client, type TestApp } from "../testing/index.ts";
import { world, PNG_1x1, type World } from "../cases/fixtures.ts";
import { requestVerify } from "../cases/verbs/request-verify.ts";
import { submitReport } from "./verbs/submit-report.ts";
import { startPatrol } from "./verbs/start-patrol.ts";
import { recordTrack } from "./verbs/record-track.ts";
import { clock } from "./verbs/clock.ts";
import { coverageOfDay, myTasks } from "./queries.ts";
import { shanghaiDate } from "../core/calendar.ts";

// Inside grid 030101 of the fixture county (115.90–115.91, 28.60–28.61).
const SPOT = { lng: 115.905, lat: 28.605 };

/** The cases fixture county (its manhole class is the seeded 2026 class 01001). */
function fieldWorld(db: TestApp["deps"]["db"]): World {
  return world(db);
}

async function setup() {
  const t = testApp();
  const w = fieldWorld(t.deps.db);
  const wang = new Client(t);
  await wang.login("inspector_wang");
  return { t, w, wang, db: t.deps.db };
}

function reportForm(
  clientId: string,
  w: World,
  o: { photo?: Uint8Array | null; name?: string; type?: string; extra?: Record<string, string> } = {},
) {
  const fd = new FormData();
  const fields: Record<string, string> = {
    clientId,
    madeAt: "2026-11-23T08:00:00.000Z",
    categoryId: String(w.cat_manhole),
    description: "井盖缺失，有行人跌落风险",
    lng: String(SPOT.lng),
    lat: String(SPOT.lat),
    accuracy: "8",
    address: "人民路 12 号门前",
    ...(o.extra ?? {}),
  };
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (o.photo !== null)
    fd.append(
      "photos",
      new File([(o.photo ?? PNG_1x1) as BlobPart], o.name ?? "photo-1.png", { type: o.type ?? "image/png" }),
    );
  return fd;
}

async function send(c: Client, path: string, body: FormData) {
  const csrf = await c.csrf();
  return c.request(path, { method: "POST", body, headers: { "x-csrf-token": csrf, accept: "application/json" } });
}

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
  } catch {
    return [];
  }
}

const countCases = (t: TestApp) => (t.deps.db.sqlite.query("SELECT COUNT(*) AS n FROM cases").get() as { n: number }).n;

describe("reports from the phone", () => {
  test("a report creates one case with grid, photo and source; the same client id sent again returns that case", async () => {
    const { t, w, wang, db } = await setup();
    const first = await send(wang, "/api/field/reports", reportForm("a1b2c3d4-0001", w));
    expect(first.status).toBe(201);
    const j = (await first.json()) as { caseId: number; no: string; duplicate: boolean };
    expect(j.duplicate).toBe(false);
    expect(j.no).toMatch(/^\d{8}-0001$/);
    const row = db.sqlite
      .query("SELECT source, state, grid_id, town_id, reported_by, category_id, address FROM cases WHERE id = ?")
      .get(j.caseId);
    expect(row).toEqual({
      source: "inspector",
      state: "reported",
      grid_id: w.grid_030101,
      town_id: w.town_chengguan,
      reported_by: w.inspector_wang.userId,
      category_id: w.cat_manhole,
      address: "人民路 12 号门前",
    });

    const again = await send(wang, "/api/field/reports", reportForm("a1b2c3d4-0001", w));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ caseId: j.caseId, no: j.no, duplicate: true });
    expect(countCases(t)).toBe(1);
    // The replay's photo was not stored a second time; the one photo lives outside any served folder.
    const files = filesUnder(join(t.dir, "media"));
    expect(files.length).toBe(1);
    expect(
      (db.sqlite.query("SELECT COUNT(*) AS n FROM case_media WHERE case_id = ?").get(j.caseId) as { n: number }).n,
    ).toBe(1);
    expect(db.sqlite.query("SELECT kind, case_id, user_id FROM field_submissions").all()).toEqual([
      { kind: "report", case_id: j.caseId, user_id: w.inspector_wang.userId },
    ]);
  });

  test("an offline queue replayed twice (lost responses) creates each report exactly once, in order", async () => {
    const { t, w, wang } = await setup();
    const queue = ["q-000000001", "q-000000002", "q-000000003"];
    const nos: string[] = [];
    for (const id of queue)
      nos.push(((await (await send(wang, "/api/field/reports", reportForm(id, w))).json()) as { no: string }).no);
    // The phone never saw the answers, so it sends the whole queue again.
    const replay: { no: string; duplicate: boolean }[] = [];
    for (const id of queue)
      replay.push(
        (await (await send(wang, "/api/field/reports", reportForm(id, w))).json()) as {
          no: string;
          duplicate: boolean;
        },
      );
    expect(replay.map((r) => r.no)).toEqual(nos);
    expect(replay.every((r) => r.duplicate)).toBe(true);
    expect(countCases(t)).toBe(3);
    const page = await (await wang.get("/m/reports")).text();
    for (const no of nos) expect(page).toContain(no);
  });

  test("another inspector's client id is not accepted as a duplicate of theirs", async () => {
    const { t, w, wang } = await setup();
    await send(wang, "/api/field/reports", reportForm("shared-id-01", w));
    const li = new Client(t);
    await li.login("inspector_li");
    const res = await send(li, "/api/field/reports", reportForm("shared-id-01", w));
    expect(res.status).toBe(409);
    expect(((await res.json()) as any).error.code).toBe("field.client_id_taken");
    expect(countCases(t)).toBe(1);
  });

  test("uploads are checked by content and size, and a report needs a photo, a category and a position", async () => {
    const { t, w, wang } = await setup();
    const fake = await send(
      wang,
      "/api/field/reports",
      reportForm("bad-type-01", w, {
        photo: new TextEncoder().encode("<script>alert(1)</script>"),
        name: "x.jpg",
        type: "image/jpeg",
      }),
    );
    expect(fake.status).toBe(422);
    expect(((await fake.json()) as any).error.code).toBe("media.type");
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set([0xff, 0xd8, 0xff]);
    const tooBig = await send(
      wang,
      "/api/field/reports",
      reportForm("too-big-01", w, { photo: big, name: "big.jpg", type: "image/jpeg" }),
    );
    expect(tooBig.status).toBe(422);
    expect(((await tooBig.json()) as any).error.code).toBe("media.too_large");
    const noPhoto = await send(wang, "/api/field/reports", reportForm("no-photo-01", w, { photo: null }));
    expect(((await noPhoto.json()) as any).error.code).toBe("field.photo_required");
    const noCat = await send(wang, "/api/field/reports", reportForm("no-cat-001", w, { extra: { categoryId: "" } }));
    expect(noCat.status).toBe(422);
    expect(((await noCat.json()) as any).error.fields.categoryId).toBe("请选择问题类别");
    const outside = await send(
      wang,
      "/api/field/reports",
      reportForm("no-pos-001", w, { extra: { lng: "0", lat: "0" } }),
    );
    expect(outside.status).toBe(422);
    expect(((await outside.json()) as any).error.code).toBe("location.zero");
    expect(countCases(t)).toBe(0);
  });

  test("a component can be given by its code; an unknown code is refused in Chinese", async () => {
    const { t, w, wang, db } = await setup();
    const comp = db.sqlite
      .query(
        "INSERT INTO components (code, category_id, lng, lat, grid_id, created_at, updated_at) VALUES ('360121010100001', ?, ?, ?, ?, 'x', 'x') RETURNING id",
      )
      .get(w.cat_manhole, SPOT.lng + 0.0001, SPOT.lat, w.grid_030101) as { id: number };
    const bad = await send(
      wang,
      "/api/field/reports",
      reportForm("comp-bad-01", w, { extra: { componentCode: "999" } }),
    );
    expect(((await bad.json()) as any).error.message).toBe("部件编号 999 不存在");
    const ok = await send(
      wang,
      "/api/field/reports",
      reportForm("comp-ok-001", w, { extra: { componentCode: "360121010100001" } }),
    );
    const j = (await ok.json()) as { caseId: number };
    expect((db.sqlite.query("SELECT component_id FROM cases WHERE id = ?").get(j.caseId) as any).component_id).toBe(
      comp.id,
    );
    // The locate endpoint lists it as nearby, about 10 m away, with the grid and street.
    const loc = (await (await wang.get(`/api/field/locate?lng=${SPOT.lng}&lat=${SPOT.lat}`)).json()) as any;
    expect(loc.grid.gridId).toBe(w.grid_030101);
    expect(loc.grid.townName).toBe("城关镇");
    expect(loc.components.map((c: any) => [c.code, c.distance_m])).toEqual([["360121010100001", 10]]);
    expect(countCases(t)).toBe(1);
  });

  test("the verb refuses anyone who is not an inspector", () => {
    const t = testApp();
    const w = fieldWorld(t.deps.db);
    expect(() =>
      submitReport(t.deps.db, w.intake_qian, {
        clientId: "xxxxxxxx-1",
        categoryId: w.cat_manhole,
        description: "井盖缺失",
        lng: SPOT.lng,
        lat: SPOT.lat,
        photos: [{ path: "p", mime: "image/png", size: 1 }],
      }),
    ).toThrow("只有监督员可以使用城管通");
  });
});

describe("tasks", () => {
  async function verifyTask() {
    const s = await setup();
    const res = await send(s.wang, "/api/field/reports", reportForm("task-src-01", s.w));
    const { caseId } = (await res.json()) as { caseId: number };
    requestVerify(s.db, s.w.intake_qian, { caseId, inspectorId: s.w.inspector_wang.userId });
    return { ...s, caseId };
  }

  test("a verify task is listed for its inspector only, nearest first, and answering needs a photo", async () => {
    const { t, w, wang, db, caseId } = await verifyTask();
    // A second task farther away.
    const far = db.sqlite
      .query(
        "INSERT INTO cases (no, source, state, description, lng, lat, inspector_id, created_at, updated_at) VALUES ('20261123-9999', 'hotline', 'verifying', '占道经营', 115.95, 28.65, ?, 'x', 'x') RETURNING id",
      )
      .get(w.inspector_wang.userId) as { id: number };
    expect(myTasks(db, w.inspector_wang.userId, SPOT).map((x) => x.id)).toEqual([caseId, far.id]);
    expect(myTasks(db, w.inspector_wang.userId, { lng: 115.95, lat: 28.65 }).map((x) => x.id)).toEqual([
      far.id,
      caseId,
    ]);
    const list = await (await wang.get(`/m/tasks?lng=${SPOT.lng}&lat=${SPOT.lat}`, { "hx-request": "true" })).text();
    expect(list.indexOf("20261123-9999")).toBeGreaterThan(list.indexOf("核实"));
    expect(list).toContain("uri.amap.com/navigation");
    expect(list).toContain("距离 0 米");

    const li = new Client(t);
    await li.login("inspector_li");
    expect((await li.get(`/m/tasks/${caseId}`)).status).toBe(404);
    const liAnswer = await send(li, `/api/field/tasks/${caseId}/answer`, answerForm("li-answer-01", "1"));
    expect(liAnswer.status).toBe(404);

    const noPhoto = await send(wang, `/api/field/tasks/${caseId}/answer`, answerForm("ans-nophoto-1", "1", null));
    expect(noPhoto.status).toBe(422);
    expect(((await noPhoto.json()) as any).error.code).toBe("field.photo_required");

    const ok = await send(wang, `/api/field/tasks/${caseId}/answer`, answerForm("ans-000001", "1"));
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ caseId, duplicate: false, kind: "verify" });
    expect((db.sqlite.query("SELECT state FROM cases WHERE id = ?").get(caseId) as any).state).toBe("reported");
    const ev = db.sqlite
      .query("SELECT action, note, data FROM case_events WHERE case_id = ? ORDER BY id DESC LIMIT 1")
      .get(caseId) as any;
    expect([ev.action, ev.note, JSON.parse(ev.data).genuine]).toEqual(["verified", "现场核实：问题属实", true]);
    expect(
      (db.sqlite.query("SELECT COUNT(*) AS n FROM case_media WHERE case_id = ? AND kind = 'before'").get(caseId) as any)
        .n,
    ).toBe(2);
    // Replayed answer: same result, nothing new.
    const replay = await send(wang, `/api/field/tasks/${caseId}/answer`, answerForm("ans-000001", "1"));
    expect(replay.status).toBe(200);
    expect(((await replay.json()) as any).duplicate).toBe(true);
    expect(
      (
        db.sqlite
          .query("SELECT COUNT(*) AS n FROM case_events WHERE case_id = ? AND action = 'verified'")
          .get(caseId) as any
      ).n,
    ).toBe(1);
  });

  test("a failed check needs a reason and sends the case back as rework", async () => {
    const { w, wang, db, caseId } = await verifyTask();
    db.sqlite
      .query("UPDATE cases SET state = 'checking', inspector_id = ? WHERE id = ?")
      .run(w.inspector_wang.userId, caseId);
    const noReason = await send(wang, `/api/field/tasks/${caseId}/answer`, answerForm("chk-000001", "0"));
    expect(((await noReason.json()) as any).error.code).toBe("field.note_required");
    const fail = await send(
      wang,
      `/api/field/tasks/${caseId}/answer`,
      answerForm("chk-000002", "0", PNG_1x1, "井盖仍未更换"),
    );
    expect(fail.status).toBe(201);
    expect(db.sqlite.query("SELECT state, rework_count FROM cases WHERE id = ?").get(caseId)).toEqual({
      state: "in_progress",
      rework_count: 1,
    });
    expect(
      (db.sqlite.query("SELECT COUNT(*) AS n FROM case_media WHERE case_id = ? AND kind = 'check'").get(caseId) as any)
        .n,
    ).toBe(1);
  });

  test("photos are served only to the inspector who reported or is assigned, with their type", async () => {
    const { t, wang, db, caseId } = await verifyTask();
    const m = db.sqlite.query("SELECT id FROM case_media WHERE case_id = ?").get(caseId) as { id: number };
    const mine = await wang.get(`/m/media/${m.id}`);
    expect(mine.status).toBe(200);
    expect(mine.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await mine.arrayBuffer())).toEqual(PNG_1x1);
    const li = new Client(t);
    await li.login("inspector_li");
    expect((await li.get(`/m/media/${m.id}`)).status).toBe(404);
    expect(await (await li.get("/m/reports")).text()).not.toContain("井盖缺失");
    expect((await new Client(t).get(`/m/media/${m.id}`)).status).toBe(302);
  });
});

function answerForm(clientId: string, ok: "1" | "0", photo: Uint8Array | null = PNG_1x1, note = "") {
  const fd = new FormData();
  fd.append("clientId", clientId);
  fd.append("ok", ok);
  if (note) fd.append("note", note);
  if (photo) fd.append("photos", new File([photo as BlobPart], "p.png", { type: "image/png" }));
  return fd;
}

describe("patrols, tracks and attendance", () => {
  test("track points are stored once, inside the patrol's window, with their grid; coverage follows", async () => {
    const { t, w, wang, db } = await setup();
    const resp = db.sqlite
      .query(
        "INSERT INTO resp_grids (code, name, created_at, updated_at) VALUES ('R01', '东门责任网格', 'x', 'x') RETURNING id",
      )
      .get() as { id: number };
    db.sqlite.query("INSERT INTO resp_grid_units (resp_grid_id, grid_id) VALUES (?, ?)").run(resp.id, w.grid_030101);
    db.sqlite
      .query("INSERT INTO resp_grids (code, name, created_at, updated_at) VALUES ('R02', '西门责任网格', 'x', 'x')")
      .run();

    expect((await wang.post("/m/patrol/start")).status).toBe(303);
    const p = db.sqlite.query("SELECT id, started_at FROM patrols WHERE user_id = ?").get(w.inspector_wang.userId) as {
      id: number;
      started_at: string;
    };
    const t0 = Date.parse(p.started_at);
    const pts = [0, 30, 60].map((s, i) => ({
      at: new Date(t0 + s * 1000).toISOString(),
      lng: SPOT.lng + i * 0.001,
      lat: SPOT.lat,
      accuracy: 10,
    }));
    const early = { at: new Date(t0 - 3_600_000).toISOString(), lng: SPOT.lng, lat: SPOT.lat, accuracy: 10 };
    const vague = { at: new Date(t0 + 90_000).toISOString(), lng: SPOT.lng, lat: SPOT.lat, accuracy: 900 };
    const csrf = await wang.csrf();
    const post = (points: unknown[]) =>
      wang.request("/api/field/track", {
        method: "POST",
        body: JSON.stringify({ patrolId: p.id, points }),
        headers: { "content-type": "application/json", "x-csrf-token": csrf },
      });
    expect(await (await post([...pts, early, vague])).json()).toEqual({
      stored: 3,
      ignored: 2,
      points: 3,
      distance_m: 195,
    });
    expect(await (await post(pts)).json()).toEqual({ stored: 0, ignored: 3, points: 3, distance_m: 195 });
    expect(db.sqlite.query("SELECT grid_id FROM patrol_points WHERE patrol_id = ?").all(p.id)).toEqual([
      { grid_id: w.grid_030101 },
      { grid_id: w.grid_030101 },
      { grid_id: w.grid_030101 },
    ]);

    const day = shanghaiDate(new Date(t0));
    expect(coverageOfDay(db, day).map((c) => [c.code, c.units, c.visited, c.inspectors])).toEqual([
      ["R01", 1, 1, "inspector_wang"],
      ["R02", 0, 0, ""],
    ]);

    // Someone else's patrol cannot be written to.
    const li = new Client(t);
    await li.login("inspector_li");
    const liRes = await li.request("/api/field/track", {
      method: "POST",
      body: JSON.stringify({ patrolId: p.id, points: pts }),
      headers: { "content-type": "application/json", "x-csrf-token": await li.csrf() },
    });
    expect(liRes.status).toBe(404);

    expect((await wang.post("/m/patrol/start")).status).toBe(409);
    expect((await wang.post("/m/patrol/end")).status).toBe(303);
    expect(
      (db.sqlite.query("SELECT ended_at IS NOT NULL AS ended FROM patrols WHERE id = ?").get(p.id) as any).ended,
    ).toBe(1);

    const intake = new Client(t);
    await intake.login("intake_qian");
    const page = await (await intake.get(`/field/patrols?day=${day}`)).text();
    expect(page).toContain("东门责任网格");
    expect(page).toContain("全部覆盖");
    expect(page).toContain("未覆盖");
    expect(page).toContain('data-track-of="inspector_wang"');
    // the desk map's track layer shows the same patrol as a line
    const tracks = (await (await intake.get(`/api/maps/tracks.geojson?day=${day}`)).json()) as any;
    expect(
      tracks.features.map((f: any) => [f.geometry.type, f.geometry.coordinates.length, f.properties.name]),
    ).toEqual([["LineString", 3, "inspector_wang"]]);
  });

  test("clock-in and clock-out alternate; a second clock-in is refused", () => {
    const t = testApp();
    const w = fieldWorld(t.deps.db);
    const db = t.deps.db;
    const at = new Date("2026-11-23T00:30:00Z");
    expect(clock(db, w.inspector_wang, { kind: "in", lng: SPOT.lng, lat: SPOT.lat, accuracy: 12 }, at).kind).toBe("in");
    expect(() => clock(db, w.inspector_wang, { kind: "in" }, at)).toThrow("今天已签到，请勿重复签到");
    expect(clock(db, w.inspector_wang, { kind: "out" }, new Date("2026-11-23T09:30:00Z")).kind).toBe("out");
    expect(() => clock(db, w.inspector_li, { kind: "out" }, at)).toThrow("今天还没有签到，不能签退");
    expect(() => clock(db, w.intake_qian, { kind: "in" }, at)).toThrow("只有监督员可以使用城管通");
    expect(db.sqlite.query("SELECT day, kind FROM attendance ORDER BY id").all()).toEqual([
      { day: "2026-11-23", kind: "in" },
      { day: "2026-11-23", kind: "out" },
    ]);
  });

  test("the supervision centre sends a task to the nearest inspector on patrol", async () => {
    const { t, w, wang, db } = await setup();
    const res = await send(wang, "/api/field/reports", reportForm("near-src-01", w));
    const { caseId } = (await res.json()) as { caseId: number };
    const intake = new Client(t);
    await intake.login("intake_qian");
    const none = await intake.post(`/field/cases/${caseId}/assign-nearest`);
    expect(none.status).toBe(409);
    expect(await none.text()).toContain("当前没有正在巡查的监督员");

    const now = new Date();
    for (const [who, d] of [
      [w.inspector_wang, 0.004],
      [w.inspector_li, 0.001],
    ] as const) {
      const p = startPatrol(db, who, new Date(now.getTime() - 60_000));
      recordTrack(
        db,
        who,
        { patrolId: p.id, points: [{ at: now.toISOString(), lng: SPOT.lng + d, lat: SPOT.lat, accuracy: 10 }] },
        now,
      );
    }
    const ok = await intake.post(
      `/field/cases/${caseId}/assign-nearest`,
      {},
      { headers: { accept: "application/json" } },
    );
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as any).inspector).toEqual({
      id: w.inspector_li.userId,
      name: "inspector_li",
      distance_m: 98,
    });
    expect(db.sqlite.query("SELECT state, inspector_id FROM cases WHERE id = ?").get(caseId)).toEqual({
      state: "verifying",
      inspector_id: w.inspector_li.userId,
    });
    // Handlers may not do it.
    const water = new Client(t);
    await water.login("water_wu");
    expect((await water.post(`/field/cases/${caseId}/assign-nearest`)).status).toBe(403);
  });
});

describe("app shell", () => {
  test("the service worker is served from /m with a scope covering the app; pages carry the manifest and script", async () => {
    const { t, w, wang, db } = await setup();
    const sw = await new Client(t).get("/m/sw.js");
    expect(sw.status).toBe(200);
    expect(sw.headers.get("service-worker-allowed")).toBe("/m");
    expect(await sw.text()).toStartWith('const VERSION = "test";');
    let html = await (await wang.get("/m/report")).text();
    expect(html).toContain('rel="manifest" href="/m/manifest.webmanifest"');
    expect(html).toContain("/assets/field.js?v=test");
    expect(html).not.toContain("最近使用");
    expect(html).toContain("供水井盖异常"); // the seeded national catalogue
    // After a report, its category is offered first under 最近使用 (a class of the edition in force;
    // the fixture's 2007 上水井盖 is legacy and never offered).
    const cover = db.sqlite
      .query<{ id: number }, []>(
        "SELECT id FROM categories WHERE edition = 'GB/T 47678.5-2026' AND small_name = '供水井盖异常' LIMIT 1",
      )
      .get()!.id;
    await send(wang, "/api/field/reports", reportForm("recent-0001", w, { extra: { categoryId: String(cover) } }));
    html = await (await wang.get("/m/report")).text();
    const recent = html.indexOf("最近使用");
    expect(recent).toBeGreaterThan(0);
    expect(html.indexOf("供水井盖异常")).toBeGreaterThan(recent);
    expect(html.indexOf("供水井盖异常")).toBeLessThan(html.indexOf("全部类别"));
    expect(html).not.toContain("上水井盖");
    expect((await wang.get("/assets/field.js")).status).toBe(200);
    const home = await (await wang.get("/m")).text();
    expect(home).toContain("<h1>城管通</h1>");
  });
});
