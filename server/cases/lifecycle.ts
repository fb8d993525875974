// The case lifecycle as pure data: states with a type and transitions {from, action, to, roles}.
// No DB imports. transition.ts is the only code that applies it.
import type { Role } from "../core/context.ts";

export type StateType = "intake" | "open" | "suspended" | "closed";
export type CaseState =
  | "reported"
  | "verifying"
  | "filed"
  | "dispatched"
  | "in_progress"
  | "checking"
  | "to_close"
  | "suspended"
  | "closed"
  | "rejected"
  | "cancelled"
  | "merged";

/** Which clock runs in a state (category_limits.stage); null = no clock. */
export type Stage = "file" | "dispatch" | "dispose" | "verify" | "check";

export const STATES: Record<CaseState, { type: StateType; name: string; stage: Stage | null }> = {
  reported: { type: "intake", name: "待受理", stage: "file" },
  verifying: { type: "intake", name: "核实中", stage: "verify" },
  filed: { type: "open", name: "待派遣", stage: "dispatch" },
  dispatched: { type: "open", name: "待接收", stage: "dispose" },
  in_progress: { type: "open", name: "处置中", stage: "dispose" },
  checking: { type: "open", name: "待核查", stage: "check" },
  to_close: { type: "open", name: "待结案", stage: null },
  suspended: { type: "suspended", name: "挂账", stage: null },
  closed: { type: "closed", name: "已结案", stage: null },
  rejected: { type: "closed", name: "不予立案", stage: null },
  cancelled: { type: "closed", name: "已作废", stage: null },
  merged: { type: "closed", name: "已合并", stage: null },
};

export type Action =
  | "request_verify"
  | "verified"
  | "file"
  | "reject"
  | "merge"
  | "request_cancel"
  | "approve_cancel"
  | "deny_cancel"
  | "dispatch"
  | "accept"
  | "sub_dispatch"
  | "request_return"
  | "approve_return"
  | "deny_return"
  | "request_extend"
  | "approve_extend"
  | "deny_extend"
  | "request_suspend"
  | "approve_suspend"
  | "deny_suspend"
  | "resume"
  | "complete"
  | "send_check"
  | "check_pass"
  | "check_fail"
  | "close"
  | "urge"
  | "reopen"
  | "relocate"
  | "warn"
  | "overdue";

export const ACTION_NAMES: Record<Action | "report", string> = {
  report: "上报",
  request_verify: "派发核实",
  verified: "核实反馈",
  file: "立案",
  reject: "不予立案",
  merge: "合并到已有案件",
  request_cancel: "申请作废",
  approve_cancel: "批准作废",
  deny_cancel: "驳回作废申请",
  dispatch: "派遣",
  accept: "接收",
  sub_dispatch: "二级派遣",
  request_return: "申请回退",
  approve_return: "同意回退",
  deny_return: "驳回回退",
  request_extend: "申请延期",
  approve_extend: "批准延期",
  deny_extend: "驳回延期",
  request_suspend: "申请挂账",
  approve_suspend: "批准挂账",
  deny_suspend: "驳回挂账",
  resume: "恢复处置",
  complete: "处置反馈",
  send_check: "派发核查",
  check_pass: "核查通过",
  check_fail: "核查不通过（返工）",
  close: "结案",
  urge: "督办",
  reopen: "重新启用",
  relocate: "更正位置",
  warn: "临期预警",
  overdue: "超期",
};

/**
 * The kinds of timeline note: rows that record something without changing the state (a call,
 * an objection, a merged duplicate…). `appendNote()` (timeline.ts) accepts only these keys, and
 * the case page labels every row with these names.
 */
export const NOTE_NAMES = {
  merged_in: "合并重复上报",
  hotline_call: "热线来电",
  phone_call: "电话联系",
  objection: "部门申诉",
  objection_accepted: "申诉通过（核减）",
  objection_rejected: "申诉驳回",
  open311_details: "上报人信息（Open311）",
  open311_update: "群众补充（Open311）",
} as const satisfies Record<string, string>;
export type NoteKind = keyof typeof NOTE_NAMES;

/** The Chinese label of any timeline action. */
export const eventName = (action: string): string =>
  (ACTION_NAMES as Record<string, string>)[action] ?? (NOTE_NAMES as Record<string, string>)[action] ?? action;

/** The case row's counters; only transition() changes them, as declared effects of an action. */
export type Counter = "rework_count" | "return_count" | "urge_count" | "extend_count";

/**
 * What an action does to the row besides its state and clock, declared here so no verb
 * writes the counters itself: 返工 counts a rework and the disposal is no longer complete,
 * an approved return / extension and every 督办 are counted.
 */
export const EFFECTS: Partial<Record<Action, { count?: Counter; clear?: readonly "completed_at"[] }>> = {
  check_fail: { count: "rework_count", clear: ["completed_at"] },
  approve_return: { count: "return_count" },
  approve_extend: { count: "extend_count" },
  urge: { count: "urge_count" },
};

/** States still in the loop (intake, open or suspended) and the finished ones, derived from STATES. */
export const OPEN_STATES = (Object.keys(STATES) as CaseState[]).filter((s) => STATES[s].type !== "closed");
export const CLOSED_STATES = (Object.keys(STATES) as CaseState[]).filter((s) => STATES[s].type === "closed");
/** A state list as an SQL IN list: ('a','b'). State names are code constants, never input. */
export const sqlStates = (states: readonly string[]) => `(${states.map((s) => `'${s}'`).join(",")})`;

export type Who = Role | "system";
export type Transition = { from: CaseState; action: Action; to: CaseState; roles: readonly Who[] };

const OPEN = OPEN_STATES;
const CLOCKED: CaseState[] = ["reported", "verifying", "filed", "dispatched", "in_progress", "checking"];
const t = (
  from: CaseState | CaseState[],
  action: Action,
  to: CaseState | "same",
  roles: readonly Who[],
): Transition[] =>
  (Array.isArray(from) ? from : [from]).map((f) => ({ from: f, action, to: to === "same" ? f : to, roles }));

export const TRANSITIONS: Transition[] = [
  ...t("reported", "request_verify", "verifying", ["intake"]),
  ...t("verifying", "verified", "reported", ["inspector"]),
  ...t("reported", "file", "filed", ["intake", "shift_lead"]),
  ...t("reported", "reject", "rejected", ["intake", "shift_lead"]),
  ...t("reported", "merge", "merged", ["intake", "shift_lead"]),
  ...t(["reported", "filed"], "request_cancel", "same", ["intake"]),
  ...t(["reported", "filed"], "approve_cancel", "cancelled", ["shift_lead"]),
  ...t(["reported", "filed"], "deny_cancel", "same", ["shift_lead"]),
  ...t("filed", "dispatch", "dispatched", ["dispatcher"]),
  ...t("dispatched", "accept", "in_progress", ["handler"]),
  ...t(["dispatched", "in_progress"], "sub_dispatch", "dispatched", ["handler"]),
  ...t(["dispatched", "in_progress"], "request_return", "same", ["handler"]),
  ...t(["dispatched", "in_progress"], "approve_return", "filed", ["dispatcher"]),
  ...t(["dispatched", "in_progress"], "deny_return", "same", ["dispatcher"]),
  ...t("in_progress", "request_extend", "same", ["handler"]),
  ...t("in_progress", "approve_extend", "same", ["dispatcher"]),
  ...t("in_progress", "deny_extend", "same", ["dispatcher"]),
  ...t("in_progress", "request_suspend", "same", ["handler"]),
  ...t("in_progress", "approve_suspend", "suspended", ["dispatcher"]),
  ...t("in_progress", "deny_suspend", "same", ["dispatcher"]),
  ...t("suspended", "resume", "in_progress", ["dispatcher"]),
  ...t("in_progress", "complete", "checking", ["handler"]),
  ...t("checking", "send_check", "same", ["intake"]),
  ...t("checking", "check_pass", "to_close", ["inspector"]),
  ...t("checking", "check_fail", "in_progress", ["inspector"]),
  ...t("to_close", "close", "closed", ["intake", "shift_lead"]),
  ...t(OPEN, "urge", "same", ["dispatcher", "shift_lead", "leader"]),
  ...t(["reported", "verifying", "filed"], "relocate", "same", ["intake", "shift_lead"]),
  ...t("closed", "reopen", "filed", ["shift_lead"]),
  ...t(["rejected", "cancelled"], "reopen", "reported", ["shift_lead"]),
  ...t(CLOCKED, "warn", "same", ["system"]),
  ...t(CLOCKED, "overdue", "same", ["system"]),
];

export function findTransition(from: CaseState, action: Action): Transition | null {
  return TRANSITIONS.find((x) => x.from === from && x.action === action) ?? null;
}

/** Actions the given roles may take from a state (before department/assignment checks). */
export function actionsFor(from: CaseState, roles: readonly Who[]): Transition[] {
  return TRANSITIONS.filter((x) => x.from === from && x.roles.some((r) => roles.includes(r)));
}

export const isOpen = (s: CaseState) => STATES[s].type !== "closed";

export const SOURCES = {
  inspector: "监督员上报",
  hotline: "热线",
  citizen: "公众上报",
  video: "视频巡查",
  leader: "领导批示",
  media: "媒体曝光",
  self_check: "部门自查",
  api: "接口/数据交换",
} as const;
export type Source = keyof typeof SOURCES;
/** Where a case came in, finer than its source (cases.channel). */
export const CHANNELS = ["12345", "portal", "open311"] as const;
export type Channel = (typeof CHANNELS)[number];
export const URGENCIES = { normal: "一般", urgent: "紧急", critical: "特急" } as const;
export type Urgency = keyof typeof URGENCIES;

/** Mermaid-style text diagram for the admin page. */
export function diagram(): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const x of TRANSITIONS) {
    const k = `${x.from}-${x.action}-${x.to}`;
    if (seen.has(k) || x.roles.includes("system")) continue;
    seen.add(k);
    lines.push(`${STATES[x.from].name} --${ACTION_NAMES[x.action]}(${x.roles.join("/")})--> ${STATES[x.to].name}`);
  }
  return lines.join("\n");
}
