// Who is acting. Every verb receives an Actor; the timeline records it.
export const ROLES = [
  "inspector",
  "hotline",
  "intake",
  "shift_lead",
  "dispatcher",
  "handler",
  "leader",
  "admin",
  "security_admin",
  "auditor",
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  inspector: "监督员",
  hotline: "话务员",
  intake: "受理员",
  shift_lead: "值班长",
  dispatcher: "派遣员",
  handler: "处置人员",
  leader: "领导",
  admin: "管理员",
  security_admin: "安全管理员",
  auditor: "审计员",
};

export type UserActor = {
  kind: "user";
  userId: number;
  username: string;
  name: string;
  roles: Role[];
  departmentId: number | null;
};
export type Actor =
  | UserActor
  | { kind: "system"; job: string }
  | { kind: "telephony" }
  | { kind: "public" }
  | { kind: "api"; clientId: number; name: string };

export const systemActor = (job: string): Actor => ({ kind: "system", job });

export function hasRole(a: Actor | null | undefined, ...roles: Role[]): boolean {
  return !!a && a.kind === "user" && a.roles.some((r) => roles.includes(r));
}

export function actorLabel(a: Actor): string {
  switch (a.kind) {
    case "user":
      return a.name;
    case "system":
      return `系统任务(${a.job})`;
    case "telephony":
      return "电话系统";
    case "public":
      return "公众";
    case "api":
      return `接口(${a.name})`;
  }
}
