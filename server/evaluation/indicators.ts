// Indicator definitions (GB/T 30428 / CJ/T 292 method, standards.md §5) as data: counters
// say which units a case counts for, rates divide two counters, the composite (综合指标值)
// weighs scores with administrator-set weights. Pure functions over Fact[].
import type { Fact } from "./facts.ts";
import { inWin, liveAttempts, type Attempt } from "./facts.ts";

export type UnitKind = "region" | "department" | "inspector" | "intake" | "dispatcher";
export const UNIT_NAMES: Record<UnitKind, string> = {
  region: "区域（街道/乡镇）",
  department: "专业部门",
  inspector: "监督员",
  intake: "受理员",
  dispatcher: "派遣员",
};

export type Counter = { key: string; label: string; def: string; of: (f: Fact) => Iterable<number> };
export type Rate = { key: string; label: string; num: string; den: string; formula: string };
export type Term = { key: string; label: string; weight: number; score: string };
export type Spec = {
  kind: UnitKind;
  counters: Counter[];
  rates: Rate[];
  terms: Term[];
  volume: string;
  volumeLabel: string;
};

const one = (cond: boolean, id: number | null | undefined): number[] => (cond && id != null ? [id] : []);
/** Users of the tasks done inside the fact's period (and matching pred). */
const users = (f: Fact, ts: { user: number | null; at: string }[], pred: (t: any) => boolean = () => true) =>
  new Set(
    ts
      .filter((t) => inWin(f.win, t.at) && pred(t))
      .map((t) => t.user)
      .filter((u): u is number => u !== null),
  );
const depts = (f: Fact, pred: (dept: number) => boolean) => new Set(f.attempts.map((a) => a.dept).filter(pred));
/** 应结案: filed, not cancelled or parked, and closed in the period or due in it and still open at its end. */
const shouldClose = (f: Fact) => f.filed && !f.cancelled && f.state !== "suspended" && f.closeDue;
const closedIn = (f: Fact) => f.closed && inWin(f.win, f.closedAt);
/** The department's live attempts in the period's 应处置. */
const due = (f: Fact, d: number) => liveAttempts(f, d).filter((a) => a.inPeriod);
const finishedIn = (f: Fact, a: Attempt) => {
  const fin = a.done ?? (f.closed ? f.closedAt : null);
  return fin !== null && fin < f.win.to;
};
const attemptsOk = (f: Fact, d: number) => {
  const live = due(f, d);
  return live.length > 0 && live.every((a) => !a.overdue && finishedIn(f, a));
};
const parked = (f: Fact) => f.cancelled || f.state === "suspended";

export const SPECS: Record<UnitKind, Spec> = {
  region: {
    kind: "region",
    volume: "filed",
    volumeLabel: "立案数",
    counters: [
      {
        key: "reports",
        label: "上报数",
        def: "本期上报（按上报时间）到该街道/乡镇的全部案件（不含合并的重复件）",
        of: (f) => one(f.reportedIn, f.town),
      },
      {
        key: "public_verified",
        label: "监督举报核实数",
        def: "本期上报、来自监督举报来源（默认：公众上报、热线/12345、媒体曝光，可在评价设置中调整；不含视频、领导批示、部门自查）且已立案的案件",
        of: (f) => one(f.reportedIn && f.publicReport, f.town),
      },
      { key: "filed", label: "立案数", def: "本期上报且已立案的案件", of: (f) => one(f.reportedIn && f.filed, f.town) },
      {
        key: "should_close",
        label: "应结案数",
        def: "已立案（不含作废、挂账中）且本期内结案的，或处置时限在本期内届满而期末（当期为此刻）仍未结案的；未到时限的在办案件不计入",
        of: (f) => one(shouldClose(f), f.town),
      },
      { key: "closed", label: "结案数", def: "应结案中本期内结案的", of: (f) => one(closedIn(f), f.town) },
      {
        key: "closed_on_time",
        label: "按期结案数",
        def: "本期内结案且各处置环节均未超期（经申诉核减的超期不计）",
        of: (f) => one(closedIn(f) && f.attempts.every((a) => a.returned || !a.overdue), f.town),
      },
    ],
    rates: [
      {
        key: "public_rate",
        label: "监督举报率",
        num: "public_verified",
        den: "filed",
        formula: "监督举报核实数 ÷ 立案数",
      },
      { key: "close_rate", label: "结案率", num: "closed", den: "should_close", formula: "结案数 ÷ 应结案数" },
      {
        key: "ontime_close_rate",
        label: "按期结案率",
        num: "closed_on_time",
        den: "should_close",
        formula: "按期结案数 ÷ 应结案数",
      },
    ],
    terms: [
      { key: "public", label: "监督举报率分值", weight: 10, score: "(1 − 监督举报率) × 100" },
      {
        key: "filed",
        label: "立案数分值",
        weight: 20,
        score: "按每个单元网格平均立案数分档：0→100，1–2→90，3–4→75，5–6→60，7–8→40，≥9→0",
      },
      { key: "close", label: "结案率分值", weight: 30, score: "结案率 × 100" },
      { key: "ontime", label: "按期结案率分值", weight: 40, score: "按期结案率 × 100" },
    ],
  },
  department: {
    kind: "department",
    volume: "assigned",
    volumeLabel: "应处置数",
    counters: [
      {
        key: "dispatched",
        label: "立案数（派至本部门）",
        def: "本期内派遣到该部门的案件（按派遣时间，含后来回退的）",
        of: (f) => depts(f, (d) => f.attempts.some((a) => a.dept === d && inWin(f.win, a.start))),
      },
      {
        key: "assigned",
        label: "应处置数",
        def: "派至该部门（未被回退、未作废、未挂账）且本期内处置完成的，或处置时限在本期内届满而期末（当期为此刻）仍未完成的；未到时限的在办案件不计入",
        of: (f) => (parked(f) ? [] : depts(f, (d) => due(f, d).length > 0)),
      },
      {
        key: "disposed",
        label: "处置数",
        def: "应处置案件中该部门在本期内反馈处置完成的",
        of: (f) => (parked(f) ? [] : depts(f, (d) => due(f, d).some((a) => finishedIn(f, a)))),
      },
      {
        key: "on_time",
        label: "按期处置数",
        def: "应处置案件中每一轮处置（含返工）都在时限内、且在本期内完成的；延期批准后按新时限，挂账时间不计",
        of: (f) => (parked(f) ? [] : depts(f, (d) => attemptsOk(f, d))),
      },
      {
        key: "overdue",
        label: "超期数",
        def: "应处置案件中该部门处置超过时限（超时处置或超时未处置）的，经申诉核减的不计",
        of: (f) => depts(f, (d) => due(f, d).some((a) => a.overdue)),
      },
      {
        key: "rework",
        label: "返工数",
        def: "应处置案件中核查不通过被退回该部门返工的，经申诉核减的不计",
        of: (f) => depts(f, (d) => due(f, d).some((a) => a.rework > 0)),
      },
      {
        key: "returns",
        label: "回退数",
        def: "该部门申请回退并于本期内获批准的案件，经申诉核减的不计",
        of: (f) =>
          depts(f, (d) =>
            f.attempts.some((a) => a.dept === d && a.returned && !a.returnExempt && inWin(f.win, a.returnedAt)),
          ),
      },
      {
        key: "should_close",
        label: "应结案数",
        def: "当前责任部门为本部门的已立案案件（不含作废、挂账中），本期内结案或时限在本期内届满而期末仍未结案的",
        of: (f) => one(shouldClose(f) && f.dept !== null && liveAttempts(f, f.dept).length > 0, f.dept),
      },
      {
        key: "closed",
        label: "结案数",
        def: "当前责任部门为本部门且本期内结案",
        of: (f) => one(closedIn(f) && f.dept !== null, f.dept),
      },
    ],
    rates: [
      { key: "dispose_rate", label: "处置率", num: "disposed", den: "assigned", formula: "处置数 ÷ 应处置数" },
      { key: "ontime_rate", label: "按期处置率", num: "on_time", den: "assigned", formula: "按期处置数 ÷ 应处置数" },
      { key: "rework_rate", label: "返工率", num: "rework", den: "should_close", formula: "返工数 ÷ 应结案数" },
      { key: "close_rate", label: "结案率", num: "closed", den: "should_close", formula: "结案数 ÷ 应结案数" },
    ],
    terms: [
      {
        key: "dispatched",
        label: "立案数分值",
        weight: 10,
        score: "派至本部门的立案数分档：0–50→100，51–100→90，101–200→75，201–500→60，501–1000→40，>1000→0",
      },
      { key: "close", label: "结案率分值", weight: 30, score: "结案率 × 100" },
      { key: "ontime", label: "按期处置率分值", weight: 30, score: "按期处置率 × 100" },
      { key: "rework", label: "返工率分值", weight: 30, score: "(1 − 返工率) × 100" },
    ],
  },
  inspector: {
    kind: "inspector",
    volume: "reported",
    volumeLabel: "上报数",
    counters: [
      {
        key: "reported",
        label: "上报数",
        def: "监督员本人本期内上报的案件",
        of: (f) => one(f.reportedIn && f.source === "inspector", f.reporter),
      },
      {
        key: "valid",
        label: "有效上报数",
        def: "本人本期内上报且已立案的案件",
        of: (f) => one(f.reportedIn && f.source === "inspector" && f.filed, f.reporter),
      },
      {
        key: "grid_filed",
        label: "责任网格立案数",
        def: "本期上报、位于本人责任网格内且已立案的案件（任何来源）",
        of: (f) => (f.reportedIn && f.filed ? f.missedBy : []),
      },
      {
        key: "missed",
        label: "漏报数",
        def: "责任网格立案数中来自监督举报来源的（公众、热线、媒体发现而监督员未上报的），记在该网格的责任监督员名下",
        of: (f) => (f.reportedIn && f.publicReport ? f.missedBy : []),
      },
      {
        key: "verify_due",
        label: "应核实数",
        def: "本人本期内反馈核实的，及核实时限在本期内届满而仍未反馈的；未到时限的核实任务不计入",
        of: (f) => {
          const s = users(f, f.verifies);
          if (f.pendingLate === "verify" && f.inspector) s.add(f.inspector);
          return s;
        },
      },
      {
        key: "verify_ontime",
        label: "按时核实数",
        def: "本期内在核实时限内反馈的",
        of: (f) => users(f, f.verifies, (t) => t.onTime),
      },
      {
        key: "check_due",
        label: "应核查数",
        def: "本人本期内反馈核查的，及核查时限在本期内届满而仍未反馈的；未到时限的核查任务不计入",
        of: (f) => {
          const s = users(f, f.checks);
          if (f.pendingLate === "check" && f.inspector) s.add(f.inspector);
          return s;
        },
      },
      {
        key: "check_ontime",
        label: "按时核查数",
        def: "本期内每次核查都在时限内反馈的",
        of: (f) => {
          const all = users(f, f.checks);
          const late = users(f, f.checks, (t) => !t.onTime);
          return [...all].filter((u) => !late.has(u));
        },
      },
    ],
    rates: [
      { key: "valid_rate", label: "有效上报率", num: "valid", den: "reported", formula: "有效上报数 ÷ 上报数" },
      {
        key: "miss_rate",
        label: "漏报率",
        num: "missed",
        den: "grid_filed",
        formula: "漏报数 ÷ 责任网格立案数",
      },
      {
        key: "verify_rate",
        label: "按时核实率",
        num: "verify_ontime",
        den: "verify_due",
        formula: "按时核实数 ÷ 应核实数",
      },
      {
        key: "check_rate",
        label: "按时核查率",
        num: "check_ontime",
        den: "check_due",
        formula: "按时核查数 ÷ 应核查数",
      },
    ],
    terms: [
      { key: "valid", label: "有效上报率分值", weight: 40, score: "有效上报率 × 100" },
      { key: "miss", label: "漏报率分值", weight: 20, score: "(1 − 漏报率) × 100" },
      { key: "verify", label: "按时核实率分值", weight: 20, score: "按时核实率 × 100" },
      { key: "check", label: "按时核查率分值", weight: 20, score: "按时核查率 × 100" },
    ],
  },
  intake: {
    kind: "intake",
    volume: "accepted",
    volumeLabel: "受理数",
    counters: [
      {
        key: "accepted",
        label: "受理数",
        def: "由本人在本期内作出立案、不予立案或合并决定的案件",
        of: (f) => one(inWin(f.win, f.decidedAt), f.decidedBy),
      },
      {
        key: "filed",
        label: "立案数",
        def: "由本人在本期内立案的案件",
        of: (f) => one(inWin(f.win, f.filedBy?.at), f.filedBy?.user),
      },
      {
        key: "file_ontime",
        label: "按时立案数",
        def: "本期内在立案时限内立案的",
        of: (f) => one(!!f.filedBy?.onTime && inWin(f.win, f.filedBy.at), f.filedBy?.user),
      },
      {
        key: "verify_sent",
        label: "派发核实数",
        def: "由本人在本期内派发核实任务的案件",
        of: (f) => users(f, f.verifyRequests),
      },
      {
        key: "verify_sent_ontime",
        label: "按时派发核实数",
        def: "本期内在受理时限内派发核实的",
        of: (f) => users(f, f.verifyRequests, (t) => t.onTime),
      },
      {
        key: "check_sent",
        label: "派发核查数",
        def: "由本人在本期内派发核查任务的案件",
        of: (f) => users(f, f.checkRequests),
      },
      {
        key: "check_sent_ontime",
        label: "按时派发核查数",
        def: "本期内在核查时限内派发的",
        of: (f) => users(f, f.checkRequests, (t) => t.onTime),
      },
    ],
    rates: [
      { key: "file_rate", label: "按时立案率", num: "file_ontime", den: "filed", formula: "按时立案数 ÷ 立案数" },
      {
        key: "verify_sent_rate",
        label: "核实按时派发率",
        num: "verify_sent_ontime",
        den: "verify_sent",
        formula: "按时派发核实数 ÷ 派发核实数",
      },
      {
        key: "check_sent_rate",
        label: "核查按时派发率",
        num: "check_sent_ontime",
        den: "check_sent",
        formula: "按时派发核查数 ÷ 派发核查数",
      },
    ],
    terms: [
      {
        key: "accepted",
        label: "受理数分值",
        weight: 20,
        score: "受理数分档：>2000→100，1201–2000→90，501–1200→75，301–500→60，101–300→40，≤100→0",
      },
      { key: "file", label: "按时立案率分值", weight: 25, score: "按时立案率 × 100" },
      { key: "verify", label: "核实按时派发率分值", weight: 30, score: "核实按时派发率 × 100" },
      { key: "check", label: "核查按时派发率分值", weight: 25, score: "核查按时派发率 × 100" },
    ],
  },
  dispatcher: {
    kind: "dispatcher",
    volume: "dispatched",
    volumeLabel: "派遣数",
    counters: [
      {
        key: "dispatched",
        label: "派遣数",
        def: "由本人在本期内派遣的案件（同一案件多次派遣计一件）",
        of: (f) => users(f, f.dispatches),
      },
      {
        key: "dispatch_ontime",
        label: "按时派遣数",
        def: "本期内每次派遣都在派遣时限内的",
        of: (f) => {
          const late = users(f, f.dispatches, (t) => !t.onTime);
          return [...users(f, f.dispatches)].filter((u) => !late.has(u));
        },
      },
      {
        key: "accurate",
        label: "准确派遣数",
        def: "本人派遣后未被部门回退（一次派准）的",
        of: (f) => {
          const bad = users(
            f,
            f.dispatches,
            (t) => f.attempts[t.attempt]!.returned && !f.attempts[t.attempt]!.returnExempt,
          );
          return [...users(f, f.dispatches)].filter((u) => !bad.has(u));
        },
      },
    ],
    rates: [
      {
        key: "dispatch_rate",
        label: "按时派遣率",
        num: "dispatch_ontime",
        den: "dispatched",
        formula: "按时派遣数 ÷ 派遣数",
      },
      {
        key: "accuracy",
        label: "准确派遣率",
        num: "accurate",
        den: "dispatched",
        formula: "准确派遣数 ÷ 派遣数（回退计为派遣不准）",
      },
    ],
    terms: [
      {
        key: "dispatched",
        label: "派遣数分值",
        weight: 20,
        score: "派遣数分档：>2000→100，1201–2000→90，501–1200→75，301–500→60，101–300→40，≤100→0",
      },
      { key: "ontime", label: "按时派遣率分值", weight: 40, score: "按时派遣率 × 100" },
      { key: "accuracy", label: "准确派遣率分值", weight: 40, score: "准确派遣率 × 100" },
    ],
  },
};

// Score bands (standards.md §5.1–5.3).
export function bandGridFiled(perGrid: number): number {
  if (perGrid <= 0) return 100;
  if (perGrid <= 2) return 90;
  if (perGrid <= 4) return 75;
  if (perGrid <= 6) return 60;
  if (perGrid <= 8) return 40;
  return 0;
}
export function bandDeptFiled(n: number): number {
  if (n <= 50) return 100;
  if (n <= 100) return 90;
  if (n <= 200) return 75;
  if (n <= 500) return 60;
  if (n <= 1000) return 40;
  return 0;
}
export function bandVolume(n: number): number {
  if (n > 2000) return 100;
  if (n > 1200) return 90;
  if (n > 500) return 75;
  if (n > 300) return 60;
  if (n > 100) return 40;
  return 0;
}

export function grade(score: number | null): "A" | "B" | "C" | "D" | "E" | "—" {
  if (score === null) return "—";
  if (score >= 90) return "A";
  if (score >= 75) return "B";
  if (score >= 60) return "C";
  if (score >= 40) return "D";
  return "E";
}

/** Term scores (0–100) from a unit's counts and rates. A rate with no denominator scores 100 (nothing was due). */
export function termScores(
  kind: UnitKind,
  v: Record<string, number>,
  r: Record<string, number | null>,
  grids: number,
): Record<string, number> {
  const s = (x: number | null) => (x === null ? 100 : x * 100);
  switch (kind) {
    case "region":
      return {
        public: r.public_rate === null ? 100 : (1 - r.public_rate!) * 100,
        filed: bandGridFiled(grids > 0 ? v.filed! / grids : v.filed!),
        close: s(r.close_rate!),
        ontime: s(r.ontime_close_rate!),
      };
    case "department":
      return {
        dispatched: bandDeptFiled(v.dispatched!),
        close: s(r.close_rate!),
        ontime: s(r.ontime_rate!),
        rework: r.rework_rate === null ? 100 : Math.max(0, 1 - r.rework_rate!) * 100,
      };
    case "inspector":
      return {
        valid: s(r.valid_rate!),
        miss: r.miss_rate === null ? 100 : (1 - r.miss_rate!) * 100,
        verify: s(r.verify_rate!),
        check: s(r.check_rate!),
      };
    case "intake":
      return {
        accepted: bandVolume(v.accepted!),
        file: s(r.file_rate!),
        verify: s(r.verify_sent_rate!),
        check: s(r.check_sent_rate!),
      };
    case "dispatcher":
      return { dispatched: bandVolume(v.dispatched!), ontime: s(r.dispatch_rate!), accuracy: s(r.accuracy!) };
  }
}
