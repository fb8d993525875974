// The shift lead closes a 不满意 review with an outcome.
import { z } from "zod";
import type { Db } from "../../core/db.ts";
import { tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Conflict, Validation } from "../../core/errors.ts";

const schema = z.object({ reviewId: z.number().int().positive(), outcome: z.string().trim().min(2, "请填写复核结论").max(1000) });

export function closeReview(db: Db, actor: Actor, input: z.input<typeof schema>) {
  const r = schema.safeParse(input);
  if (!r.success) throw Validation("public.review", "请填写复核结论", { outcome: "请填写复核结论" });
  return tx(db, () => {
    const u = db.sqlite
      .query("UPDATE public_reviews SET status = 'done', outcome = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'open'")
      .run(r.data.outcome, actor.kind === "user" ? actor.userId : null, nowIso(), r.data.reviewId);
    if (u.changes !== 1) throw Conflict("public.review_done", "该复核已处理，请刷新");
  });
}
