// Admin: revoke a 12345 client (its key stops working at once) or rotate its key (the new key is
// returned once; the old one stops working). Both are audited.
import { randomBytes } from "node:crypto";
import { type Db, tx } from "../../core/db.ts";
import { type Actor, hasRole } from "../../core/context.ts";
import { Forbidden, NotFound } from "../../core/errors.ts";
import { audit } from "../../core/audit.ts";
import { hashKey } from "../queries.ts";

export const newKey = () => `wm_${randomBytes(24).toString("base64url")}`;

export function revokeClient(db: Db, actor: Actor, clientId: number) {
  if (!hasRole(actor, "admin")) throw Forbidden();
  tx(db, () => {
    const n = db.sqlite.query("UPDATE exchange_clients SET active = 0 WHERE id = ?").run(clientId).changes;
    if (!n) throw NotFound("接入方");
    audit(db, actor, "exchange_client", clientId, "revoke", null, null);
  });
}

export function rotateClientKey(db: Db, actor: Actor, clientId: number): string {
  if (!hasRole(actor, "admin")) throw Forbidden();
  const key = newKey();
  tx(db, () => {
    const n = db.sqlite
      .query("UPDATE exchange_clients SET key_hash = ?, active = 1 WHERE id = ?")
      .run(hashKey(key), clientId).changes;
    if (!n) throw NotFound("接入方");
    audit(db, actor, "exchange_client", clientId, "rotate_key", null, null);
  });
  return key;
}
