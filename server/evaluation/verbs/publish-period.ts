// A shift lead publishes a finished month, quarter or year: every unit kind's figures are stored
// as a snapshot (with the weights and minimum volume used) and read from it ever after.
import type { Db } from "../../core/db.ts";
import { tx } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Conflict, Forbidden, Validation } from "../../core/errors.ts";
import { loadFacts } from "../facts.ts";
import { SPECS, type UnitKind } from "../indicators.ts";
import type { Period } from "../period.ts";
import { evaluateFacts, publishedOf, type Snapshot } from "../queries.ts";

export const PUBLISHABLE = new Set(["month", "quarter", "year"]);

export function publishPeriod(db: Db, actor: Actor, period: Period, now = new Date()) {
  if (actor.kind !== "user") throw Forbidden();
  if (!PUBLISHABLE.has(period.kind))
    throw Validation("eval.publish_kind", "只能发布月度、季度或年度考评", { period: "只能发布月度、季度或年度考评" });
  if (period.to > now.toISOString())
    throw Validation("eval.publish_open", `${period.label}尚未结束，不能发布`, { period: "期间尚未结束" });
  return tx(db, () => {
    if (publishedOf(db, period)) throw Conflict("eval.published", `${period.label}已发布，发布后不再变更`);
    const facts = loadFacts(db, period.from, period.to, now);
    const snap: Snapshot = {};
    for (const kind of Object.keys(SPECS) as UnitKind[]) {
      const e = evaluateFacts(db, kind, period, facts);
      snap[kind] = { rows: e.rows, total: e.total, weights: e.weights, minVolume: e.minVolume, cases: e.cases };
    }
    db.sqlite
      .query(
        "INSERT INTO eval_published (period_kind, period_key, period_from, period_to, snapshot, published_by, published_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .run(period.kind, period.key, period.from, period.to, JSON.stringify(snap), actor.userId, now.toISOString());
  });
}
