// 满意度评价: once per closed case; 不满意 opens a review for the shift lead.
import type { SQLQueryBindings } from "bun:sqlite";
import { z } from "zod";
import type { Db } from "../../core/db.ts";
import { tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Conflict, Validation, NotFound } from "../../core/errors.ts";

export const RATINGS = { satisfied: "满意", basic: "基本满意", unsatisfied: "不满意" } as const;
export type Rating = keyof typeof RATINGS;

const schema = z.object({
  caseId: z.number().int().positive(),
  rating: z.enum(["satisfied", "basic", "unsatisfied"], { message: "请选择评价" }),
  comment: z.string().trim().max(500, "意见不能超过 500 字").nullish(),
});

export function rateCase(db: Db, _actor: Actor, input: z.input<typeof schema>): { reviewId: number | null } {
  const r = schema.safeParse(input);
  if (!r.success)
    throw Validation("public.rating", "请选择评价", { rating: r.error.issues[0]?.message ?? "请选择评价" });
  const i = r.data;
  return tx(db, () => {
    const c = db.sqlite
      .query<{ state: string }, SQLQueryBindings[]>("SELECT state FROM cases WHERE id = ?")
      .get(i.caseId);
    if (!c) throw NotFound("案件");
    if (c.state !== "closed") throw Conflict("public.not_closed", "案件结案后才能评价");
    const at = nowIso();
    const ins = db.sqlite
      .query("INSERT OR IGNORE INTO public_ratings (case_id, rating, comment, created_at) VALUES (?, ?, ?, ?)")
      .run(i.caseId, i.rating, i.comment || null, at);
    if (ins.changes !== 1) throw Conflict("public.rated", "该案件已经评价过了");
    if (i.rating !== "unsatisfied") return { reviewId: null };
    const rv = db.sqlite
      .query<{ id: number }, SQLQueryBindings[]>(
        "INSERT INTO public_reviews (case_id, status, reason, created_at) VALUES (?, 'open', ?, ?) RETURNING id",
      )
      .get(i.caseId, i.comment || null, at)!;
    const leads = db.sqlite
      .query<{ user_id: number }, []>("SELECT DISTINCT user_id FROM user_roles WHERE role = 'shift_lead'")
      .all();
    const no = db.sqlite
      .query<{ no: string }, SQLQueryBindings[]>("SELECT no FROM cases WHERE id = ?")
      .get(i.caseId)!.no;
    const note = db.sqlite.query(
      "INSERT INTO notifications (user_id, case_id, kind, text, created_at) VALUES (?, ?, 'public_review', ?, ?)",
    );
    for (const l of leads) note.run(l.user_id, i.caseId, `群众对案件 ${no} 的处理结果不满意，请复核`, at);
    return { reviewId: rv.id };
  });
}
