// cases.escalate, every minute: marks warnings and overdue cases on their timeline and
// notifies the responsible users (overdue open work also reaches the dispatchers).
// Idempotent: warn_level only rises, and each level is recorded once per clock.
import type { Db } from "../../core/db.ts";
import type { CaseRow } from "../model.ts";
import { systemActor } from "../../core/context.ts";
import { transition } from "../transition.ts";
import { AppError } from "../../core/errors.ts";

export function escalate(db: Db, now = new Date()): { warned: number; overdue: number } {
  const at = now.toISOString();
  const actor = systemActor("cases.escalate");
  const due = db.sqlite
    .query<Pick<CaseRow, "id" | "state" | "warn_level" | "warn_at"> & { due_at: string }, [string, string]>(
      `SELECT id, state, warn_level, due_at, warn_at FROM cases
       WHERE due_at IS NOT NULL AND warn_level < 2 AND state NOT IN ('closed','rejected','cancelled','merged','suspended','to_close')
         AND ((warn_level < 1 AND warn_at <= ?) OR due_at <= ?)`,
    )
    .all(at, at);
  let warned = 0,
    overdue = 0;
  for (const c of due) {
    const isOver = c.due_at <= at;
    const level = isOver ? 2 : 1;
    try {
      transition(db, actor, {
        caseId: c.id,
        action: isOver ? "overdue" : "warn",
        expect: c.state,
        now,
        clock: "keep",
        note: isOver ? "已超过处理时限" : "即将到期",
        patch: isOver ? { warn_level: level, overdue_ever: 1 } : { warn_level: level },
        data: { due_at: c.due_at },
      });
      if (isOver) overdue++;
      else warned++;
    } catch (e) {
      if (e instanceof AppError && e.kind === "conflict") continue; // moved on meanwhile; next run sees the new clock
      throw e;
    }
  }
  return { warned, overdue };
}
