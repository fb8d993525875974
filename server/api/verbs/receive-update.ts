// Another system reports progress on a case (e.g. the city platform's own handling notes).
// Stored beside the case timeline; idempotent per (client, external_id).
import type { SQLQueryBindings } from "bun:sqlite";
import { z } from "zod";
import type { Db } from "../../core/db.ts";
import { tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Validation, NotFound, fieldErrors } from "../../core/errors.ts";

const schema = z.object({
  no: z.string().min(1),
  external_id: z.string().trim().max(100).nullish(),
  status: z.string().trim().max(40).nullish(),
  note: z.string().trim().min(1, "note 不能为空").max(2000),
});

export function receiveUpdate(db: Db, actor: Actor, input: unknown): { id: number; duplicate: boolean } {
  if (actor.kind !== "api") throw Validation("api.actor", "仅限接口调用");
  const r = schema.safeParse(input);
  if (!r.success) throw Validation("api.update", "回传内容有误", fieldErrors(r.error.issues));
  const i = r.data;
  return tx(db, () => {
    const c = db.sqlite.query<{ id: number }, SQLQueryBindings[]>("SELECT id FROM cases WHERE no = ?").get(i.no);
    if (!c) throw NotFound("案件");
    if (i.external_id) {
      const dup = db.sqlite
        .query<{ id: number }, SQLQueryBindings[]>(
          "SELECT id FROM api_case_updates WHERE client_id = ? AND external_id = ?",
        )
        .get(actor.clientId, i.external_id);
      if (dup) return { id: dup.id, duplicate: true };
    }
    const row = db.sqlite
      .query<{ id: number }, SQLQueryBindings[]>(
        "INSERT INTO api_case_updates (case_id, client_id, external_id, status, note, at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      )
      .get(c.id, actor.clientId, i.external_id ?? null, i.status ?? null, i.note, nowIso())!;
    return { id: row.id, duplicate: false };
  });
}
