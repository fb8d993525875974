// How long the server takes to store an 8-hour patrol track (960 points, one every 30 s) sent in
// one batch after a day offline, and to take the same batch again (a replay). Prints figures.
// Run: node_modules/.bin/bun bench/field-track.ts
import { testDb } from "../server/testing/index.ts";
import { seedDemoCounty } from "../server/demo/county.ts";
import { startPatrol } from "../server/field/verbs/start-patrol.ts";
import { recordTrack } from "../server/field/verbs/record-track.ts";
import { lookupGrid } from "../server/grid/index.ts";

const db = testDb();
seedDemoCounty(db);
const u = db.sqlite
  .query(
    "SELECT u.id, u.username, u.name FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'inspector' LIMIT 1",
  )
  .get() as { id: number; username: string; name: string };
const actor = {
  kind: "user" as const,
  userId: u.id,
  username: u.username,
  name: u.name,
  roles: ["inspector" as const],
  departmentId: null,
};
const start = new Date("2026-11-23T00:30:00Z");
const p = startPatrol(db, actor, start);
const N = 960;
const points = Array.from({ length: N }, (_, i) => ({
  at: new Date(start.getTime() + i * 30_000).toISOString(),
  lng: 115.8705 + (i % 100) * 0.0001,
  lat: 28.6604 + Math.floor(i / 100) * 0.0005,
  accuracy: 10,
}));
lookupGrid(db, 115.8705, 28.6604); // build the grid index outside the timing
const end = new Date(start.getTime() + N * 30_000);
let t = performance.now();
const first = recordTrack(db, actor, { patrolId: p.id, points }, end);
const ms1 = performance.now() - t;
t = performance.now();
const again = recordTrack(db, actor, { patrolId: p.id, points }, end);
const ms2 = performance.now() - t;
console.log(
  `first batch: ${first.stored} points stored in ${ms1.toFixed(1)} ms (${((ms1 / N) * 1000).toFixed(0)} µs/point), distance ${(first.patrol.distance_m / 1000).toFixed(2)} km`,
);
console.log(`replay:      ${again.stored} stored, ${again.ignored} ignored in ${ms2.toFixed(1)} ms`);
