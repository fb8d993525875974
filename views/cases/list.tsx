// Case lists (workbench queues): filters, paging, export links, deadline badges.
import { Pager, Empty, PageHead } from "../ui/index.tsx";
import { DeadlineBadge, StateBadge, NotifyBell, LiveHint, fmtCn as fmtTime } from "./parts.tsx";
import type { Countdown } from "../../server/cases/model.ts";

export type ListRowView = {
  id: number;
  no: string;
  stateName: string;
  stateType: string;
  source: string;
  category: string | null;
  description: string;
  address: string | null;
  town: string | null;
  department: string | null;
  createdAt: string;
  cd: Countdown;
  pending: string | null;
  rework: number;
};
/** group: optgroup label (category pickers: big class). */
export type Opt = { value: string; label: string; group?: string };
export type ListProps = {
  title: string;
  rows: ListRowView[];
  total: number;
  page: number;
  pages: number;
  query: Record<string, string>;
  queues: { key: string; label: string; count?: number }[];
  queue: string;
  states: Opt[];
  sources: Opt[];
  categories: Opt[];
  towns: Opt[];
  departments: Opt[];
  unread: number;
  canReport: boolean;
};

const qs = (q: Record<string, string>, over: Record<string, string>) => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...q, ...over })) if (v) u.set(k, v);
  const s = u.toString();
  return s ? `?${s}` : "";
};
const PENDING: Record<string, string> = {
  return: "回退申请",
  extend: "延期申请",
  suspend: "挂账申请",
  cancel: "作废申请",
};

const Sel = (p: { name: string; label: string; opts: Opt[]; value?: string }) => (
  <select name={p.name} aria-label={p.label}>
    <option value="">{p.label}（全部）</option>
    {p.opts.map((o) => (
      <option value={o.value} selected={o.value === p.value}>
        {o.label}
      </option>
    ))}
  </select>
);

export const CaseTable = (p: { rows: ListRowView[] }) =>
  p.rows.length ? (
    <table class="cases">
      <thead>
        <tr>
          <th>案件编号</th>
          <th>状态</th>
          <th>时限</th>
          <th>类别</th>
          <th>问题描述</th>
          <th>街道</th>
          <th>处置部门</th>
          <th>上报时间</th>
        </tr>
      </thead>
      <tbody>
        {p.rows.map((r) => (
          <tr>
            <td>
              <a href={`/cases/${r.id}`}>{r.no}</a>
            </td>
            <td>
              <StateBadge name={r.stateName} type={r.stateType} />
              {r.pending && (
                <div>
                  <small class="badge amber">{PENDING[r.pending]}</small>
                </div>
              )}
              {r.rework > 0 && (
                <div>
                  <small class="badge red">返工 {r.rework}</small>
                </div>
              )}
            </td>
            <td>
              <DeadlineBadge cd={r.cd} id={r.id} />
            </td>
            <td>{r.category ?? "—"}</td>
            <td class="desc">
              {r.description}
              <div class="muted">{r.address}</div>
            </td>
            <td>{r.town ?? ""}</td>
            <td>{r.department ?? ""}</td>
            <td>{fmtTime(r.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  ) : (
    <Empty>没有符合条件的案件。</Empty>
  );

export function CaseList(p: ListProps) {
  const q = p.query;
  return (
    <div data-live="*">
      <PageHead title={p.title}>
        <NotifyBell unread={p.unread} />
        {p.canReport && (
          <a class="btn" href="/reports/new">
            问题上报
          </a>
        )}
        <a class="btn secondary" href={`/cases/export.csv${qs(q, { page: "" })}`}>
          导出 CSV
        </a>
        <a class="btn secondary" href={`/cases/export.xlsx${qs(q, { page: "" })}`}>
          导出 Excel
        </a>
      </PageHead>
      <LiveHint />
      <nav class="queues">
        {p.queues.map((x) => (
          <a href={`/cases?queue=${x.key}`} class={x.key === p.queue ? "active" : ""}>
            {x.label}
            {x.count !== undefined && <span class={`count ${x.count ? "on" : ""}`}>{x.count}</span>}
          </a>
        ))}
      </nav>
      <form class="filters" method="get" action="/cases">
        <input type="hidden" name="queue" value={p.queue} />
        <input
          type="search"
          name="q"
          value={q.q ?? ""}
          placeholder="编号、地址或描述"
          aria-label="搜索"
          style="width:14rem"
        />
        <Sel name="state" label="状态" opts={p.states} value={q.state} />
        <Sel name="source" label="来源" opts={p.sources} value={q.source} />
        <Sel name="category" label="类别" opts={p.categories} value={q.category} />
        <Sel name="town" label="街道/乡镇" opts={p.towns} value={q.town} />
        <Sel name="dept" label="处置部门" opts={p.departments} value={q.dept} />
        <label class="checks">
          <input type="checkbox" name="overdue" value="1" checked={q.overdue === "1"} />
          只看超期
        </label>
        <button type="submit">筛选</button>
      </form>
      <p class="muted">共 {p.total > 10000 ? "1万+ 件（请缩小范围）" : `${p.total} 件`}</p>
      <CaseTable rows={p.rows} />
      <Pager page={p.page} pages={p.pages} href={(n) => `/cases${qs(q, { page: String(n) })}`} />
    </div>
  );
}
