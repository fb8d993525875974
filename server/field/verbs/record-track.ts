// 巡查轨迹: store sampled positions of a patrol. Replays are harmless ((patrol, at) is unique);
// points outside the patrol's time window or too inaccurate are dropped and counted.
import { z } from "zod";
import type { Db } from "../../core/db.ts";
import { tx } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { NotFound } from "../../core/errors.ts";
import { haversineMeters } from "../../core/coords.ts";
import { lookupGrid } from "../../grid/index.ts";
import { patrolById, track, type Patrol } from "../queries.ts";
import { requireInspector, parse, lng, lat } from "./common.ts";

/** Fixes worse than this are not stored (metres). */
export const MAX_ACCURACY_M = 300;
const SLACK_MS = 2 * 60_000;

const schema = z.object({
  patrolId: z.number().int().positive(),
  points: z
    .array(z.object({ at: z.string().datetime({ offset: true }), lng, lat, accuracy: z.number().min(0).nullish() }))
    .min(1, "没有轨迹点")
    .max(2000, "一次最多提交 2000 个轨迹点"),
});
export type RecordTrackInput = z.input<typeof schema>;

export function recordTrack(
  db: Db,
  actor: Actor,
  input: RecordTrackInput,
  now = new Date(),
): { stored: number; ignored: number; patrol: Patrol } {
  const me = requireInspector(actor);
  const i = parse(schema, input, "field.track_invalid");
  return tx(db, () => {
    const p = patrolById(db, i.patrolId);
    if (!p || p.user_id !== me.userId) throw NotFound("巡查", "field.patrol_not_found");
    const from = Date.parse(p.started_at) - SLACK_MS;
    const to = (p.ended_at ? Date.parse(p.ended_at) : now.getTime()) + SLACK_MS;
    const ins = db.sqlite.query(
      "INSERT OR IGNORE INTO patrol_points (patrol_id, at, lng, lat, accuracy, grid_id) VALUES (?, ?, ?, ?, ?, ?)",
    );
    let stored = 0;
    for (const pt of i.points) {
      const t = Date.parse(pt.at);
      if (t < from || t > to || (pt.accuracy != null && pt.accuracy > MAX_ACCURACY_M)) continue;
      const grid = lookupGrid(db, pt.lng, pt.lat);
      stored += ins.run(
        p.id,
        new Date(t).toISOString(),
        pt.lng,
        pt.lat,
        pt.accuracy ?? null,
        grid?.gridId ?? null,
      ).changes;
    }
    // Recompute the summary from the whole track: points may arrive out of order after being offline.
    const pts = track(db, p.id);
    let dist = 0;
    for (let k = 1; k < pts.length; k++)
      dist += haversineMeters([pts[k - 1]!.lng, pts[k - 1]!.lat], [pts[k]!.lng, pts[k]!.lat]);
    const last = pts[pts.length - 1];
    db.sqlite
      .query("UPDATE patrols SET points = ?, distance_m = ?, last_lng = ?, last_lat = ?, last_at = ? WHERE id = ?")
      .run(pts.length, Math.round(dist), last?.lng ?? null, last?.lat ?? null, last?.at ?? null, p.id);
    return { stored, ignored: i.points.length - stored, patrol: patrolById(db, p.id)! };
  });
}
