// The printed 日报/周报/月报 (A4): reads like a county 通报 — totals and rates, sources,
// top categories, region and department rankings, the worst overdue cases. Charts are
// inline SVG so the page prints and converts to PDF without scripts.
import { raw } from "hono/html";
import { Print } from "../layouts/print.tsx";
import type { ReportData } from "../../server/reports/data.ts";
import { DataTable } from "../evaluation/pages.tsx";
import { pct, shTime } from "../format.ts";
import type { Table } from "../../server/evaluation/export.ts";

export const Bars = (p: { items: { name: string; n: number }[]; width?: number; color?: string }) => {
  const w = p.width ?? 640;
  const rowH = 20;
  const labelW = 170;
  const max = Math.max(1, ...p.items.map((i) => i.n));
  return (
    <svg
      class="chart"
      xmlns="http://www.w3.org/2000/svg"
      width={w}
      height={p.items.length * rowH + 6}
      viewBox={`0 0 ${w} ${p.items.length * rowH + 6}`}
    >
      {p.items.map((it, i) => (
        <g>
          <text x={labelW - 6} y={i * rowH + 15} text-anchor="end" font-size="11">
            {it.name.length > 16 ? it.name.slice(0, 15) + "…" : it.name}
          </text>
          <rect
            x={labelW}
            y={i * rowH + 4}
            height={rowH - 7}
            width={Math.max(1, ((w - labelW - 50) * it.n) / max)}
            fill={p.color ?? "#b03a2e"}
          />
          <text x={labelW + ((w - labelW - 50) * it.n) / max + 4} y={i * rowH + 15} font-size="11">
            {it.n}
          </text>
        </g>
      ))}
    </svg>
  );
};

export const Trend = (p: { days: { day: string; reports: number; closed: number }[]; width?: number }) => {
  const w = p.width ?? 640,
    h = 150,
    pad = 28;
  const max = Math.max(1, ...p.days.map((d) => d.reports));
  const x = (i: number) => pad + (i * (w - pad * 2)) / Math.max(1, p.days.length - 1);
  const y = (n: number) => h - pad + 4 - (n * (h - pad - 10)) / max;
  const line = (k: "reports" | "closed") =>
    p.days.map((d, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(d[k]).toFixed(1)}`).join(" ");
  return (
    <svg class="chart" xmlns="http://www.w3.org/2000/svg" width={w} height={h} viewBox={`0 0 ${w} ${h}`}>
      <line x1={pad} y1={h - pad + 4} x2={w - pad} y2={h - pad + 4} stroke="#444" />
      <text x={pad - 4} y={y(max) + 4} text-anchor="end" font-size="10">
        {max}
      </text>
      <path d={line("reports")} fill="none" stroke="#b03a2e" stroke-width="2" />
      <path d={line("closed")} fill="none" stroke="#1f5f99" stroke-width="2" stroke-dasharray="4 2" />
      {p.days.map((d, i) =>
        i % Math.ceil(p.days.length / 10) === 0 ? (
          <text x={x(i)} y={h - 8} text-anchor="middle" font-size="10">
            {d.day.slice(5)}
          </text>
        ) : null,
      )}
      <text x={w - pad} y={12} text-anchor="end" font-size="10" fill="#b03a2e">
        — 上报
      </text>
      <text x={w - pad} y={24} text-anchor="end" font-size="10" fill="#1f5f99">
        - - 结案（按上报日）
      </text>
    </svg>
  );
};

const rate = (a: number, b: number) => (b > 0 ? pct(a / b) : "—");
const delta = (a: number, b: number) =>
  b === 0 ? "" : `，较上期${a >= b ? "增加" : "减少"} ${Math.abs(((a - b) / b) * 100).toFixed(1)}%`;

export const reportTitle = (kindName: string) => `数字化城市管理工作${kindName}`;

/** title: reportTitle(…); regionTable: the region indicators as a table (server/evaluation builds it). */
export const Report = (p: { d: ReportData; title: string; regionTable: Table; inlineCss?: string }) => {
  const d = p.d,
    t = d.totals;
  const regionTable = p.regionTable;
  regionTable.rows = regionTable.rows.map((r) => r.map((c) => (c && typeof c === "object" ? c.text : c)));
  const deptRows = d.departments.rows.filter((r) => r.volume > 0 || r.values.dispatched! > 0);
  const deptTable: Table = {
    title: "部门排名",
    headers: [
      "排名",
      "部门",
      "应处置",
      "按期处置",
      "按期处置率",
      "超期",
      "返工",
      "回退",
      "结案率",
      "综合指标值",
      "等级",
    ],
    rows: deptRows.map((r) => [
      r.rank ?? "不排名",
      r.name,
      r.values.assigned!,
      r.values.on_time!,
      pct(r.rates.ontime_rate),
      r.values.overdue!,
      r.values.rework!,
      r.values.returns!,
      pct(r.rates.close_rate),
      r.score === null ? "—" : r.score.toFixed(1),
      r.grade,
    ]),
  };
  const worst: Table = {
    title: "超期案件",
    headers: ["案件编号", "责任部门", "地址", "问题描述", "上报时间", "超期（小时）", "状态"],
    rows: d.worstOverdue.map((w) => [
      w.no,
      w.dept,
      w.address,
      w.description,
      shTime(w.created),
      w.overdueHours,
      w.state === "closed" ? "已结案" : "未结案",
    ]),
  };
  const header = `${d.county}  ${p.title}  ${d.period.label}`.replace(/"/g, "");
  const head = (
    <>
      {p.inlineCss && <style>{raw(p.inlineCss)}</style>}
      <style>
        {raw(`@page { @top-center { content: "${header}"; font-size: 9pt; color: #555; } }
.chart { display: block; margin: 4pt 0 8pt; } .num { text-align: right; } .lead { text-indent: 2em; line-height: 1.8; }
.figs { display: grid; grid-template-columns: repeat(4, 1fr); gap: 4pt; margin: 6pt 0; } .figs div { border: 1px solid #999; padding: 4pt; text-align: center; }
.figs b { display: block; font-size: 14pt; } .sig { text-align: right; margin-top: 18pt; } h2 { break-after: avoid; } .chart { break-inside: avoid; }`)}
      </style>
    </>
  );
  return (
    <Print
      title={p.title}
      county={d.county}
      period={`${d.period.label}（${d.period.start} 至 ${d.period.end}）`}
      head={head}
    >
      <h2>一、总体情况</h2>
      <p class="lead">
        本{d.kind === "daily" ? "日" : d.kind === "weekly" ? "周" : "月"}全县数字化城市管理系统共受理问题 {t.reports} 件
        {delta(t.reports, d.prevTotals.reports)}；立案 {t.filed} 件，立案率 {rate(t.filed, t.reports)}； 派遣{" "}
        {t.dispatched} 件；结案 {t.closed} 件，结案率 {rate(t.closed, t.shouldClose)}；按期结案 {t.onTimeClosed}{" "}
        件，按期结案率 {rate(t.onTimeClosed, t.shouldClose)}。 超期案件 {t.overdue} 件，返工 {t.rework} 件，回退{" "}
        {t.returns} 件，挂账 {t.suspended} 件，作废 {t.cancelled} 件。
      </p>
      <div class="figs">
        <div>
          <b>{t.reports}</b>受理
        </div>
        <div>
          <b>{t.filed}</b>立案
        </div>
        <div>
          <b>{t.closed}</b>结案
        </div>
        <div>
          <b>{rate(t.onTimeClosed, t.shouldClose)}</b>按期结案率
        </div>
      </div>
      <h2>二、问题来源</h2>
      {d.bySource.length ? <Bars items={d.bySource} color="#1f5f99" /> : <p>本期无上报。</p>}
      {d.daily.length > 0 && (
        <>
          <h2>三、每日上报与结案趋势</h2>
          <Trend days={d.daily} />
        </>
      )}
      <h2>{d.daily.length ? "四" : "三"}、高发问题（前十类）</h2>
      {d.topCategories.length ? <Bars items={d.topCategories} /> : <p>本期无立案类别数据。</p>}
      <h2>{d.daily.length ? "五" : "四"}、专业部门处置情况及排名</h2>
      <DataTable t={deptTable} />
      <p>
        注：按综合指标值排名（立案数分值 10%、结案率 30%、按期处置率 30%、返工率 30%，权重以系统设置为准）；应处置数少于{" "}
        {d.departments.minVolume} 件的部门不参加排名。
      </p>
      <h2>{d.daily.length ? "六" : "五"}、街道（乡镇）情况</h2>
      <DataTable t={regionTable} />
      <h2>{d.daily.length ? "七" : "六"}、超期案件通报</h2>
      {worst.rows.length ? <DataTable t={worst} /> : <p>本期无超期案件。</p>}
      <p class="sig">
        {d.county}数字化城市管理监督指挥中心
        <br />
        {shTime(d.generatedAt).slice(0, 10)}
      </p>
    </Print>
  );
};
