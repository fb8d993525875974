// The map's data scope (issue #19 point 8): an inspector sees the cases they report or check and their
// own track; other inspectors' positions and cases are for the desk roles.
import { test, expect } from "bun:test";
import { testApp, Client, makeUser } from "../testing/index.ts";
import { importHistory } from "../cases/index.ts";

const DAY = "2026-11-30";

function patrol(db: any, userId: number, lng: number) {
  const p = db
    .query("INSERT INTO patrols (user_id, day, started_at) VALUES (?, ?, ?) RETURNING id")
    .get(userId, DAY, `${DAY}T01:00:00Z`) as { id: number };
  for (const [i, dy] of [0, 0.001, 0.002].entries())
    db.query("INSERT INTO patrol_points (patrol_id, at, lng, lat) VALUES (?, ?, ?, ?)").run(
      p.id,
      `${DAY}T01:0${i}:00Z`,
      lng,
      28.67 + dy,
    );
}

test("an inspector's map shows their own cases and track only; a dispatcher's shows everyone's", async () => {
  const t = testApp();
  const db = t.deps.db;
  const wang = await makeUser(t, "wang", ["inspector"]);
  const li = await makeUser(t, "li", ["inspector"]);
  await makeUser(t, "disp", ["dispatcher"]);
  const h = importHistory(db);
  const at = "2026-11-30T02:00:00Z";
  const base = { state: "dispatched", description: "测试", lat: 28.67, created_at: at };
  h.addCase({ ...base, no: "W1", lng: 115.9, reported_by: wang }); // Wang reported it
  h.addCase({ ...base, no: "W2", lng: 115.901, reported_by: li, inspector_id: wang }); // Wang checks it
  h.addCase({ ...base, no: "L1", lng: 115.902, reported_by: li, inspector_id: li }); // Li's alone
  patrol(db.sqlite, wang, 115.9);
  patrol(db.sqlite, li, 115.95);

  const codes = async (c: Client) =>
    ((await (await c.get("/api/maps/cases.geojson")).json()) as any).features.map((f: any) => f.properties.code).sort();
  const tracks = async (c: Client) =>
    ((await (await c.get(`/api/maps/tracks.geojson?day=${DAY}`)).json()) as any).features.map(
      (f: any) => f.properties.name,
    );
  const heat = async (c: Client) =>
    ((await (await c.get("/api/maps/heat?from=2026-11-01")).json()) as any).points.features.length;

  const w = new Client(t);
  await w.login("wang");
  expect(await codes(w)).toEqual(["W1", "W2"]);
  expect(await tracks(w)).toEqual(["wang"]);
  expect(await heat(w)).toBe(2);
  // The same scope as the case page: W2 opens, L1 does not.
  const ids = db.sqlite.query("SELECT no, id FROM cases").all() as { no: string; id: number }[];
  const id = (no: string) => ids.find((r) => r.no === no)!.id;
  expect((await w.get(`/cases/${id("W2")}`)).status).toBe(200);
  expect((await w.get(`/cases/${id("L1")}`)).status).toBe(403);

  const d = new Client(t);
  await d.login("disp");
  expect(await codes(d)).toEqual(["L1", "W1", "W2"]);
  expect((await tracks(d)).sort()).toEqual(["li", "wang"]);
  expect(await heat(d)).toBe(3);
});
