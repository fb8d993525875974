// Choose the edition in force (catalog.edition); every channel reads it through activeEdition().
import type { Db } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Validation } from "../../core/errors.ts";
import { audit } from "../../core/audit.ts";
import { setSetting } from "../../core/settings.ts";
import { EDITIONS, EDITION_SETTING, activeEdition } from "../queries.ts";

export function setEdition(db: Db, actor: Actor, edition: string) {
  if (!(EDITIONS as readonly string[]).includes(edition))
    throw Validation("catalog.edition_unknown", "未知的分类标准版本", { edition: "请选择一个版本" });
  const before = activeEdition(db);
  setSetting(db, EDITION_SETTING, edition, actor.kind === "user" ? actor.userId : null);
  audit(db, actor, "setting", EDITION_SETTING, "update", { edition: before }, { edition });
}
