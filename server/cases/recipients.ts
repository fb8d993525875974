// Who hears about a step: the people who must act next.
import type { Db } from "../core/db.ts";
import type { Actor } from "../core/context.ts";
import type { Action } from "./lifecycle.ts";
import type { CaseRow } from "./model.ts";
import { usersWithRole } from "../notify/index.ts";

export function recipients(db: Db, row: CaseRow, action: Action, actor: Actor): number[] {
  const dept = row.department_id ? [row.department_id] : [];
  let ids: number[] = [];
  switch (action) {
    case "request_verify":
    case "send_check":
      ids = row.inspector_id ? [row.inspector_id] : [];
      break;
    case "verified":
    case "check_pass":
    case "complete":
      ids = usersWithRole(db, "intake");
      break;
    case "file":
    case "approve_return":
    case "reopen":
      ids = row.state === "filed" ? usersWithRole(db, "dispatcher") : usersWithRole(db, "intake");
      break;
    case "dispatch":
    case "sub_dispatch":
    case "check_fail":
    case "urge":
    case "resume":
    case "approve_extend":
    case "deny_extend":
    case "approve_suspend":
    case "deny_suspend":
    case "deny_return":
      ids = usersWithRole(db, "handler", dept);
      break;
    case "request_return":
    case "request_extend":
    case "request_suspend":
      ids = usersWithRole(db, "dispatcher");
      break;
    case "request_cancel":
      ids = usersWithRole(db, "shift_lead");
      break;
    case "warn":
    case "overdue": {
      const s = row.state;
      if (s === "reported") ids = usersWithRole(db, "intake");
      else if (s === "verifying" || s === "checking")
        ids = row.inspector_id ? [row.inspector_id] : usersWithRole(db, "intake");
      else if (s === "filed") ids = usersWithRole(db, "dispatcher");
      else ids = usersWithRole(db, "handler", dept);
      if (action === "overdue" && (s === "dispatched" || s === "in_progress"))
        ids = [...ids, ...usersWithRole(db, "dispatcher")];
      break;
    }
    default:
      ids = [];
  }
  const self = actor.kind === "user" ? actor.userId : -1;
  return [...new Set(ids)].filter((i) => i !== self);
}
