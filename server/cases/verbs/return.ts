// 回退: the department asks to send the case back (wrong department …); the dispatcher decides;
// an approved return is counted (EFFECTS.approve_return in lifecycle.ts).
import type { Db } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { openRequest, decideRequest, type Base } from "./common.ts";

export const requestReturn = (db: Db, actor: Actor, input: Base) =>
  openRequest(db, actor, "return", input, "request_return");
export function decideReturn(db: Db, actor: Actor, input: Base & { approve: boolean }) {
  return decideRequest(db, actor, "return", input, "approve_return", "deny_return", {
    patch: { department_id: null, dispatched_at: null },
  });
}
