// Saved filters (workbench queues) per role, and how a user's scope narrows every list.
import type { Db } from "../core/db.ts";
import type { UserActor } from "../core/context.ts";
import { departmentTree } from "../departments/index.ts";
import type { CaseFilter } from "./queries.ts";

export type Queue = { key: string; label: string; roles: string[]; filter: CaseFilter };

export const QUEUES: Queue[] = [
  { key: "new", label: "新上报", roles: ["intake", "shift_lead"], filter: { state: ["reported"] } },
  {
    // a point outside every unit grid, accepted on the reporter's confirmation (grid/location.ts);
    // 更正位置 (relocate) takes the case out of the queue
    key: "locate",
    label: "位置待核实",
    roles: ["intake", "shift_lead"],
    filter: { open: true, locationUnverified: true },
  },
  { key: "verifying", label: "核实中", roles: ["intake"], filter: { state: ["verifying"] } },
  { key: "checking", label: "待核查", roles: ["intake"], filter: { state: ["checking"] } },
  { key: "to_close", label: "待结案", roles: ["intake", "shift_lead"], filter: { state: ["to_close"] } },
  { key: "cancel_requests", label: "作废审批", roles: ["shift_lead"], filter: { pending: "cancel" } },
  { key: "to_dispatch", label: "待派遣", roles: ["dispatcher"], filter: { state: ["filed"] } },
  { key: "returns", label: "回退申请", roles: ["dispatcher"], filter: { pending: "return" } },
  { key: "extensions", label: "延期申请", roles: ["dispatcher"], filter: { pending: "extend" } },
  { key: "suspensions", label: "挂账申请", roles: ["dispatcher"], filter: { pending: "suspend" } },
  { key: "suspended", label: "挂账中", roles: ["dispatcher"], filter: { state: ["suspended"] } },
  { key: "to_accept", label: "待接收", roles: ["handler"], filter: { state: ["dispatched"] } },
  { key: "in_progress", label: "处置中", roles: ["handler", "dispatcher"], filter: { state: ["in_progress"] } },
  { key: "rework", label: "返工", roles: ["handler"], filter: { state: ["in_progress"], rework: true } },
  { key: "my_tasks", label: "我的核实/核查任务", roles: ["inspector"], filter: { state: ["verifying", "checking"] } },
  {
    key: "overdue",
    label: "超期",
    roles: ["dispatcher", "handler", "shift_lead", "leader", "intake"],
    filter: { overdue: true },
  },
  {
    key: "open",
    label: "全部在办",
    roles: ["intake", "shift_lead", "dispatcher", "handler", "leader", "hotline", "admin"],
    filter: { open: true },
  },
  {
    key: "all",
    label: "全部案件",
    roles: ["intake", "shift_lead", "dispatcher", "handler", "leader", "hotline", "admin", "inspector"],
    filter: {},
  },
];

export const queuesFor = (u: UserActor) => QUEUES.filter((q) => q.roles.some((r) => u.roles.includes(r as any)));

const CENTRAL = ["intake", "shift_lead", "dispatcher", "leader", "admin", "hotline"];
/** Handlers see their department tree (a town sub-centre also its sub-units); inspectors their own tasks and reports. */
export function scopeFor(db: Db, u: UserActor): CaseFilter {
  if (u.roles.some((r) => CENTRAL.includes(r))) return {};
  if (u.roles.includes("handler")) return { departmentTree: u.departmentId ? departmentTree(db, u.departmentId) : [] };
  if (u.roles.includes("inspector")) return { inspectorId: u.userId };
  return { departmentTree: [] };
}
