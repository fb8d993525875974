// The shift lead closes a 不满意 review with an outcome, optionally reopening the case
// (through the cases module's reopen verb) so that it goes round the loop again.
import type { SQLQueryBindings } from "bun:sqlite";
import { z } from "zod";
import type { Db } from "../../core/db.ts";
import { tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Conflict, Validation } from "../../core/errors.ts";
import { reopen } from "../../cases/index.ts";

const schema = z.object({
  reviewId: z.number().int().positive(),
  outcome: z.string().trim().min(2, "请填写复核结论").max(1000),
  reopen: z.boolean().default(false),
});

export function closeReview(db: Db, actor: Actor, input: z.input<typeof schema>): { reopened: boolean } {
  const r = schema.safeParse(input);
  if (!r.success) throw Validation("public.review", "请填写复核结论", { outcome: "请填写复核结论" });
  const i = r.data;
  return tx(db, () => {
    const rv = db.sqlite
      .query<{ case_id: number }, SQLQueryBindings[]>(
        "SELECT case_id FROM public_reviews WHERE id = ? AND status = 'open'",
      )
      .get(i.reviewId);
    if (!rv) throw Conflict("public.review_done", "该复核已处理，请刷新");
    if (i.reopen) reopen(db, actor, { caseId: rv.case_id, expect: "closed", note: `群众不满意复核：${i.outcome}` });
    db.sqlite
      .query("UPDATE public_reviews SET status = 'done', outcome = ?, decided_by = ?, decided_at = ? WHERE id = ?")
      .run(
        i.reopen ? `${i.outcome}（已重新办理）` : i.outcome,
        actor.kind === "user" ? actor.userId : null,
        nowIso(),
        i.reviewId,
      );
    return { reopened: i.reopen };
  });
}
