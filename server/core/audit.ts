// The audit log for reference data: who changed what, before and after. Security-relevant
// changes are also written to the security log, by the verb that makes them (server/security).
import type { Db } from "./db.ts";
import { type Actor, actorLabel } from "./context.ts";

export function audit(
  db: Db,
  actor: Actor,
  entity: string,
  entityId: string | number,
  action: string,
  before: unknown,
  after: unknown,
) {
  db.sqlite
    .query(
      "INSERT INTO audit_log (at, actor, user_id, entity, entity_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .run(
      new Date().toISOString(),
      actorLabel(actor),
      actor.kind === "user" ? actor.userId : null,
      entity,
      String(entityId),
      action,
      before == null ? null : JSON.stringify(before),
      after == null ? null : JSON.stringify(after),
    );
}
