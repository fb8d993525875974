// Answer a 核实 (verify) or 核查 (check) task from the phone. A photo taken on site is required;
// the client id makes a replayed answer harmless.
import type { SQLQueryBindings } from "bun:sqlite";
import { z } from "zod";
import type { Db } from "../../core/db.ts";
import { tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { NotFound, Validation } from "../../core/errors.ts";
import { myTask } from "../queries.ts";
import { answerVerify, answerCheck, type StoredFile } from "../cases-adapter.ts";
import { requireInspector, parse, clientId } from "./common.ts";
import { alreadySubmitted, type SubmitResult } from "./submit-report.ts";

const schema = z.object({
  clientId,
  madeAt: z.string().datetime({ offset: true }).nullish(),
  caseId: z.number().int().positive(),
  /** verify: the report is genuine; check: the work passes. */
  ok: z.boolean(),
  note: z.string().trim().max(1000, "说明太长").nullish(),
});
export type AnswerTaskInput = z.input<typeof schema> & { photos: StoredFile[] };

export function answerTask(db: Db, actor: Actor, input: AnswerTaskInput): SubmitResult & { kind: "verify" | "check" } {
  const me = requireInspector(actor);
  const i = parse(schema, input, "field.answer_invalid");
  return tx(db, () => {
    const dup = alreadySubmitted(db, me.userId, i.clientId);
    if (dup) {
      const k = db.sqlite
        .query<{ kind: "verify" | "check" }, SQLQueryBindings[]>(
          "SELECT kind FROM field_submissions WHERE client_id = ?",
        )
        .get(i.clientId)!;
      return { ...dup, duplicate: true, kind: k.kind };
    }
    const task = myTask(db, me.userId, i.caseId);
    if (!task) throw NotFound("任务", "field.task_not_found");
    if (!input.photos?.length)
      throw Validation("field.photo_required", "请拍摄现场照片后再提交", { photos: "请拍摄现场照片后再提交" });
    const note = i.note || null;
    let kind: "verify" | "check";
    if (task.state === "verifying") {
      kind = "verify";
      answerVerify(db, actor, {
        caseId: task.id,
        genuine: i.ok,
        note: note ?? (i.ok ? "现场核实：问题属实" : "现场核实：问题不属实"),
        photos: input.photos,
      });
    } else {
      kind = "check";
      if (!i.ok && !note) throw Validation("field.note_required", "核查不通过时请说明原因", { note: "请说明原因" });
      answerCheck(db, actor, { caseId: task.id, pass: i.ok, note, photos: input.photos });
    }
    db.sqlite
      .query(
        "INSERT INTO field_submissions (client_id, user_id, kind, case_id, made_at, received_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(i.clientId, me.userId, kind, task.id, i.madeAt ?? null, nowIso());
    return { caseId: task.id, no: task.no, duplicate: false, kind };
  });
}
