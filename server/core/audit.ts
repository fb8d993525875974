// The audit log for reference data: who changed what, before and after.
import type { Db } from "./db.ts";
import { type Actor, actorLabel } from "./context.ts";
import { securityLog } from "../security/log.ts";

/** Entities whose changes are permission changes for the security log (等保: 权限变更). */
const PERMISSION_ENTITIES = new Set(["user", "api_client"]);

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
  if (PERMISSION_ENTITIES.has(entity) || entity.startsWith("setting"))
    securityLog(db, {
      kind: PERMISSION_ENTITIES.has(entity) ? "permission" : "config",
      actor: actorLabel(actor),
      userId: actor.kind === "user" ? actor.userId : null,
      entity,
      entityId,
      before,
      after,
      detail: action,
    });
}
