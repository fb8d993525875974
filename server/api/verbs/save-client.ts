// Create an API client (the key is returned once), change its scopes, or switch it off.
import type { SQLQueryBindings } from "bun:sqlite";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "../../core/db.ts";
import { tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { logPermissionChange } from "../../security/index.ts";
import { audit } from "../../core/audit.ts";
import { Validation, NotFound, fieldErrors } from "../../core/errors.ts";
import { hashKey, SCOPE_LIST, type Scope } from "../keys.ts";

const scopes = z.array(z.enum(SCOPE_LIST as [Scope, ...Scope[]])).min(1, "请至少选择一项权限");
const createSchema = z.object({ name: z.string().trim().min(2, "请填写名称").max(60), scopes });

function parse<T>(s: z.ZodType<T>, input: unknown): T {
  const r = s.safeParse(input);
  if (r.success) return r.data;
  throw Validation("api.client", "请检查填写的内容", fieldErrors(r.error.issues));
}

export function createClient(db: Db, actor: Actor, input: z.input<typeof createSchema>): { id: number; key: string } {
  const i = parse(createSchema, input);
  const key = "wk_" + randomBytes(24).toString("base64url");
  return tx(db, () => {
    const { id } = db.sqlite
      .query<{ id: number }, SQLQueryBindings[]>(
        "INSERT INTO api_clients (name, key_prefix, key_hash, scopes, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      )
      .get(
        i.name,
        key.slice(0, 7),
        hashKey(key),
        JSON.stringify(i.scopes),
        nowIso(),
        actor.kind === "user" ? actor.userId : null,
      )!;
    const after = { name: i.name, scopes: i.scopes };
    audit(db, actor, "api_client", id, "create", null, after);
    logPermissionChange(db, actor, { entity: "api_client", entityId: id, action: "create", before: null, after });
    return { id, key };
  });
}

export function updateClient(db: Db, actor: Actor, input: { id: number; scopes: string[]; active: boolean }) {
  const s = parse(z.object({ scopes }), { scopes: input.scopes });
  tx(db, () => {
    const before = db.sqlite
      .query<{ scopes: string; active: number }, SQLQueryBindings[]>(
        "SELECT scopes, active FROM api_clients WHERE id = ?",
      )
      .get(input.id);
    if (!before) throw NotFound("API 客户端");
    db.sqlite
      .query("UPDATE api_clients SET scopes = ?, active = ? WHERE id = ?")
      .run(JSON.stringify(s.scopes), input.active ? 1 : 0, input.id);
    const change = {
      entity: "api_client",
      entityId: input.id,
      action: "update",
      before: { scopes: JSON.parse(before.scopes), active: !!before.active },
      after: { scopes: s.scopes, active: input.active },
    };
    audit(db, actor, change.entity, change.entityId, change.action, change.before, change.after);
    logPermissionChange(db, actor, change);
  });
}
