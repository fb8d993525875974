// Where each role lands after sign-in: its own workbench.
import type { Role, UserActor } from "../core/context.ts";

/** Order of precedence when a user holds several roles. */
const PRIMARY: Role[] = [
  "admin",
  "leader",
  "shift_lead",
  "intake",
  "dispatcher",
  "hotline",
  "handler",
  "inspector",
  "security_admin",
  "auditor",
];

export function workbenchPath(role: Role) {
  return role === "inspector" ? "/m" : `/workbench/${role}`;
}

export function landingFor(u: UserActor): string {
  const role = PRIMARY.find((r) => u.roles.includes(r)) ?? u.roles[0];
  return role ? workbenchPath(role) : "/login";
}
