// The administrator changes the evaluation weights, the minimum volume and the report hour.
import type { Db } from "../../core/db.ts";
import { tx } from "../../core/db.ts";
import type { UserActor } from "../../core/context.ts";
import { getSetting, setSetting } from "../../core/settings.ts";
import { audit } from "../../core/audit.ts";
import { logSettingChange } from "../../security/index.ts";

/** Store the changed settings (key → value) in one transaction, each change audited. */
export function saveEvalSettings(db: Db, actor: UserActor, next: Record<string, string>) {
  tx(db, () => {
    for (const [k, v] of Object.entries(next)) {
      const before = getSetting(db, k);
      if (before !== v) {
        setSetting(db, k, v, actor.userId);
        audit(db, actor, "setting", k, "update", before, v);
        logSettingChange(db, actor, k, before, v);
      }
    }
  });
}
