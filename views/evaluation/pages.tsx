// Evaluation pages: indicator tables with formulas, rankings, the cases behind a number,
// objections and the weight settings. Props only.
import type { Child } from "hono/jsx";
import { PageHead, Empty, Alert } from "../ui/index.tsx";
import { Csrf } from "../layouts/shell.tsx";
import type { Table, Cell } from "../../server/evaluation/export.ts";

export const DataTable = (p: { t: Table; caption?: boolean }) => (
  <div class="table-wrap">
    <table class="data">
      {p.caption && <caption>{p.t.title}</caption>}
      <thead>
        <tr>
          {p.t.headers.map((h) => (
            <th>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {p.t.rows.map((r) => (
          <tr>
            {r.map((c: Cell) => (
              <td
                class={typeof c === "number" || (c && typeof c === "object" && typeof c.text === "number") ? "num" : ""}
              >
                {c !== null && typeof c === "object" ? (
                  c.href ? (
                    <a href={c.href}>{c.text}</a>
                  ) : (
                    <span class={c.tone ? `chg ${c.tone}` : ""}>{c.text}</span>
                  )
                ) : (
                  (c ?? "")
                )}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

export const ExportLinks = (p: { base: string }) => (
  <span class="export">
    <a class="btn secondary" href={`${p.base}&format=xlsx`}>
      导出 Excel
    </a>{" "}
    <a class="btn secondary" href={`${p.base}&format=csv`}>
      导出 CSV
    </a>
  </span>
);

export type PeriodProps = {
  action: string;
  kind: string;
  kinds: [string, string][];
  period: string;
  date: string;
  from: string;
  to: string;
  label: string;
};
export const PeriodForm = (p: PeriodProps) => (
  <form method="get" action={p.action} class="filters">
    <select name="kind">
      {p.kinds.map(([k, n]) => (
        <option value={k} selected={k === p.kind}>
          {n}
        </option>
      ))}
    </select>
    <select name="period">
      {[
        ["day", "日"],
        ["week", "周"],
        ["month", "月"],
        ["quarter", "季度"],
        ["year", "年"],
        ["custom", "自定义"],
      ].map(([k, n]) => (
        <option value={k} selected={k === p.period}>
          {n}
        </option>
      ))}
    </select>
    <label>
      日期 <input type="date" name="date" value={p.date} />
    </label>
    <label>
      自定义 <input type="date" name="from" value={p.from} /> 至 <input type="date" name="to" value={p.to} />
    </label>
    <button type="submit">查询</button>
    <span class="muted">统计期：{p.label}</span>
  </form>
);

export type Formula = { label: string; text: string };
export const Formulas = (p: {
  defs: Formula[];
  rates: Formula[];
  composite: Formula[];
  minVolume: number;
  volumeLabel: string;
}) => (
  <section class="card formulas">
    <h3>指标口径与计算公式（GB/T 30428 / CJ/T 292 方法）</h3>
    <p class="rule">
      <b>计入期间的规则</b>：上报、立案、派遣等数量按发生时间计入；应处置、应结案（及应核实、应核查）按时限计入——
      本期内完成的，或时限在本期内届满而期末（当期为此刻）仍未完成的，计入本期；未到时限的在办案件既不算按期也不算超期，不计入任何分母。
      跨期超时的案件在时限届满的月份记为超时未处置，在完成的月份记为超时处置。
    </p>
    <dl>
      {p.defs.map((d) => (
        <>
          <dt>{d.label}</dt>
          <dd>{d.text}</dd>
        </>
      ))}
    </dl>
    <dl>
      {p.rates.map((d) => (
        <>
          <dt>{d.label}</dt>
          <dd>{d.text}</dd>
        </>
      ))}
    </dl>
    <p>
      <b>综合指标值</b> ={" "}
      {p.composite.map((c, i) => (
        <>
          {i > 0 && " + "}
          {c.label}
        </>
      ))}
      （权重由管理员设置，按权重和归一）
    </p>
    <ul>
      {p.composite.map((c) => (
        <li>{c.text}</li>
      ))}
    </ul>
    <p class="muted">
      最小样本规则：{p.volumeLabel}少于 {p.minVolume} 件的单位照常显示指标，但不参加排名。等级：A ≥ 90，B 75–89，C
      60–74，D 40–59，E &lt; 40。点击任一数字可查看其对应的全部案件。
    </p>
  </section>
);

/** 已发布 (frozen snapshot, with objections decided later as a note) or 未发布 (live), with the publish button. */
export type PublishState = {
  published: {
    at: string;
    by: string | null;
    lateObjections: { no: string; dept: string; indicator: string; decidedAt: string }[];
  } | null;
  canPublish: boolean;
  csrf: string;
  period: string;
  date: string;
};
export const PublishStatus = (p: PublishState) =>
  p.published ? (
    <section class="card publish-status">
      <p>
        <b class="badge">已发布</b> {p.published.at.slice(0, 16).replace("T", " ")}（UTC）由 {p.published.by ?? "—"}{" "}
        发布：以下为发布时的快照，所用权重与最小样本数一并保存，此后不再变化。
      </p>
      {p.published.lateObjections.length > 0 && (
        <p class="note">
          注：发布后裁决核减的申诉 {p.published.lateObjections.length} 件（
          {p.published.lateObjections.map((o) => `${o.no} ${o.dept}`).join("、")}），不改本期，计入下一个未发布期间。
        </p>
      )}
    </section>
  ) : (
    <section class="card publish-status">
      <p>
        <b class="badge muted">未发布</b> 实时计算，数字会随案件办理与申诉裁决变化。
      </p>
      {p.canPublish && (
        <form method="post" action="/evaluation/publish" class="inline">
          <Csrf token={p.csrf} />
          <input type="hidden" name="period" value={p.period} />
          <input type="hidden" name="date" value={p.date} />
          <button type="submit">发布本期考评（发布后冻结）</button>
        </form>
      )}
    </section>
  );

export const IndicatorsPage = (p: {
  title: string;
  form: PeriodProps;
  table: Table;
  exportBase: string;
  formulas: Parameters<typeof Formulas>[0];
  tabs: Child;
  publish: PublishState;
}) => (
  <>
    <PageHead title={p.title}>
      <ExportLinks base={p.exportBase} />
    </PageHead>
    {p.tabs}
    <PeriodForm {...p.form} />
    <PublishStatus {...p.publish} />
    <DataTable t={p.table} />
    <Formulas {...p.formulas} />
  </>
);

export const RankingPage = (p: {
  title: string;
  form: PeriodProps;
  table: Table;
  exportBase: string;
  note: string;
  tabs: Child;
}) => (
  <>
    <PageHead title={p.title}>
      <ExportLinks base={p.exportBase} />
    </PageHead>
    {p.tabs}
    <PeriodForm {...p.form} />
    <p class="muted">{p.note}</p>
    <DataTable t={p.table} />
  </>
);

export const CasesPage = (p: { title: string; subtitle: string; table: Table; exportBase: string; back: string }) => (
  <>
    <PageHead title={p.title}>
      <a class="btn secondary" href={p.back}>
        返回
      </a>{" "}
      <ExportLinks base={p.exportBase} />
    </PageHead>
    <p class="muted">{p.subtitle}</p>
    {p.table.rows.length ? <DataTable t={p.table} /> : <Empty>没有对应的案件。</Empty>}
  </>
);

export type ObjectionRow = {
  id: number;
  caseId: number;
  caseNo: string;
  dept: string;
  indicator: string;
  reason: string;
  status: string;
  filedBy: string;
  filedAt: string;
  decidedBy: string | null;
  decisionNote: string | null;
};
export const ObjectionsPage = (p: {
  csrf: string;
  canFile: boolean;
  canDecide: boolean;
  depts: { id: number; name: string }[];
  myDept: number | null;
  rows: ObjectionRow[];
  table: Table;
  exportBase: string;
  flash?: string;
}) => (
  <>
    <PageHead title="申诉">
      <ExportLinks base={p.exportBase} />
    </PageHead>
    {p.flash && <Alert kind="ok">{p.flash}</Alert>}
    {p.canFile && (
      <form method="post" action="/evaluation/objections" class="card form-grid">
        <Csrf token={p.csrf} />
        <h3>提出申诉</h3>
        <label class="field">
          <span class="label">案件编号</span>
          <input name="caseNo" required placeholder="如 20261103-0001" />
        </label>
        <label class="field">
          <span class="label">部门</span>
          <select name="departmentId">
            {p.depts.map((d) => (
              <option value={d.id} selected={d.id === p.myDept}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="label">申诉指标</span>
          <select name="indicator">
            <option value="overdue">超期</option>
            <option value="rework">返工</option>
            <option value="return">回退</option>
          </select>
        </label>
        <label class="field">
          <span class="label">理由</span>
          <textarea name="reason" required minlength={4}></textarea>
        </label>
        <button type="submit">提交申诉</button>
      </form>
    )}
    {p.rows.length === 0 ? (
      <Empty>暂无申诉。</Empty>
    ) : (
      <table class="data">
        <thead>
          <tr>
            <th>案件</th>
            <th>部门</th>
            <th>指标</th>
            <th>理由</th>
            <th>提出</th>
            <th>状态</th>
            <th>处理</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              <td>
                <a href={`/cases/${r.caseId}`}>{r.caseNo}</a>
              </td>
              <td>{r.dept}</td>
              <td>{r.indicator}</td>
              <td>{r.reason}</td>
              <td>
                {r.filedBy}
                <br />
                <small class="muted">{r.filedAt}</small>
              </td>
              <td>
                {r.status}
                {r.decidedBy && (
                  <>
                    <br />
                    <small class="muted">
                      {r.decidedBy}：{r.decisionNote ?? ""}
                    </small>
                  </>
                )}
              </td>
              <td>
                {p.canDecide && r.status === "待审核" && (
                  <form method="post" action={`/evaluation/objections/${r.id}/decide`} class="inline">
                    <Csrf token={p.csrf} />
                    <input name="note" placeholder="意见（驳回必填）" />
                    <button name="decision" value="accept" type="submit">
                      通过
                    </button>{" "}
                    <button name="decision" value="reject" type="submit" class="danger">
                      驳回
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </>
);

export const SettingsPage = (p: {
  csrf: string;
  groups: { kind: string; name: string; terms: { key: string; label: string; weight: number }[] }[];
  minVolume: number;
  hour: number;
  flash?: string;
}) => (
  <>
    <PageHead title="评价权重与报表设置" />
    {p.flash && <Alert kind="ok">{p.flash}</Alert>}
    <form method="post" action="/evaluation/settings" class="card">
      <Csrf token={p.csrf} />
      {p.groups.map((g) => (
        <fieldset>
          <legend>{g.name}综合指标值权重（%）</legend>
          {g.terms.map((t) => (
            <label class="field">
              <span class="label">{t.label}</span>
              <input type="number" min="0" max="100" step="1" name={`w.${g.kind}.${t.key}`} value={String(t.weight)} />
            </label>
          ))}
        </fieldset>
      ))}
      <label class="field">
        <span class="label">最小样本数（低于此数不参加排名）</span>
        <input type="number" min="0" name="minVolume" value={String(p.minVolume)} />
      </label>
      <label class="field">
        <span class="label">报表每日生成时间（时，0–23，北京时间）</span>
        <input type="number" min="0" max="23" name="reportHour" value={String(p.hour)} />
      </label>
      <button type="submit">保存</button>
    </form>
  </>
);

export const EVAL_HEAD = (v: string) => <link rel="stylesheet" href={`/assets/evaluation.css?v=${v}`} />;
