// 作废: the intake operator asks, the shift lead approves (or denies).
import type { Db } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { openRequest, decideRequest, type Base } from "./common.ts";

export const requestCancel = (db: Db, actor: Actor, input: Base) =>
  openRequest(db, actor, "cancel", input, "request_cancel");
export const decideCancel = (db: Db, actor: Actor, input: Base & { approve: boolean }) =>
  decideRequest(db, actor, "cancel", input, "approve_cancel", "deny_cancel", {
    patch: { closed_at: new Date().toISOString() },
  });
