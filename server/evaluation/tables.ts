// The evaluation tables (shared by pages, exports and the printed reports).
import type { Evaluation } from "./queries.ts";
import type { Fact } from "./facts.ts";
import type { Table, Cell } from "./export.ts";
import { periodQuery } from "./period.ts";
import { UNIT_NAMES } from "./indicators.ts";
import { pct, shTime } from "../../views/format.ts";

export { pct };
const num = (x: number | null) => (x === null ? "—" : x.toFixed(1));

export function drillHref(e: Evaluation, key: string, unit: number | null) {
  return `/evaluation/cases?kind=${e.kind}&key=${key}${unit === null ? "" : `&unit=${unit}`}&${periodQuery(e.period)}`;
}

/** Every counter (clickable), every rate, the composite and grade. */
export function indicatorTable(e: Evaluation): Table {
  const s = e.spec;
  const headers = [
    "名称",
    ...s.counters.map((c) => c.label),
    ...s.rates.map((r) => r.label),
    "综合指标值",
    "等级",
    "排名",
  ];
  const rows: Cell[][] = e.rows.map((r) => [
    r.name,
    ...s.counters.map((c): Cell => ({ text: r.values[c.key]!, href: drillHref(e, c.key, r.id) })),
    ...s.rates.map((x) => pct(r.rates[x.key])),
    num(r.score),
    r.grade,
    r.ranked ? r.rank! : `不排名（${e.spec.volumeLabel}<${e.minVolume}）`,
  ]);
  rows.push([
    "合计",
    ...s.counters.map((c): Cell => ({ text: e.total[c.key]!, href: drillHref(e, c.key, null) })),
    ...s.rates.map((x) => pct(e.total[x.den]! > 0 ? e.total[x.num]! / e.total[x.den]! : null)),
    "",
    "",
    "",
  ]);
  return { title: `${UNIT_NAMES[e.kind]}评价`, headers, rows };
}

export function rankingTable(e: Evaluation & { previous: { label: string } }): Table {
  const rows: Cell[][] = e.rows.map((r) => {
    const change = r.rank !== null && r.prevRank != null ? r.prevRank - r.rank : null;
    return [
      r.rank ?? "—",
      r.name,
      num(r.score),
      r.grade,
      r.volume,
      r.prevRank ?? "—",
      num(r.prevScore ?? null),
      change === null
        ? r.rank !== null && r.prevRank == null
          ? "新进"
          : "—"
        : {
            text: change > 0 ? `↑${change}` : change < 0 ? `↓${-change}` : "—",
            tone: change > 0 ? "up" : change < 0 ? "down" : "",
          },
    ];
  });
  return {
    title: `${UNIT_NAMES[e.kind]}排名`,
    headers: [
      "排名",
      "名称",
      "综合指标值",
      "等级",
      e.spec.volumeLabel,
      `上期排名（${e.previous.label}）`,
      "上期得分",
      "名次变化",
    ],
    rows,
  };
}

export const STATE_NAMES: Record<string, string> = {
  reported: "待受理",
  verifying: "核实中",
  filed: "待派遣",
  dispatched: "待接收",
  in_progress: "处置中",
  checking: "待核查",
  to_close: "待结案",
  suspended: "挂账",
  closed: "已结案",
  rejected: "不予立案",
  cancelled: "已作废",
  merged: "已合并",
};
export const SOURCE_NAMES: Record<string, string> = {
  inspector: "监督员上报",
  hotline: "热线",
  citizen: "公众上报",
  video: "视频巡查",
  leader: "领导批示",
  media: "媒体曝光",
  self_check: "部门自查",
  api: "接口/数据交换",
};

export function casesTable(title: string, facts: Fact[], deptNames: Map<number, string>): Table {
  return {
    title,
    headers: ["案件编号", "来源", "状态", "上报时间", "责任部门", "地址", "问题描述", "返工", "回退", "延期"],
    rows: facts.map((f) => [
      { text: f.no, href: `/cases/${f.id}` },
      SOURCE_NAMES[f.source] ?? f.source,
      STATE_NAMES[f.state] ?? f.state,
      shTime(f.created),
      f.dept ? (deptNames.get(f.dept) ?? String(f.dept)) : "—",
      f.address ?? "",
      f.description.slice(0, 60),
      f.attempts.reduce((a, x) => a + x.rework, 0),
      f.attempts.filter((a) => a.returned).length,
      f.extensions,
    ]),
  };
}
export { shTime };
