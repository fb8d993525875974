import { PageHead, Badge, fmtTime } from "../ui/index.tsx";

export type JobSummaryRow = {
  job: string;
  runs: number;
  failed: number;
  last_at: string | null;
  last_status: string | null;
  last_failed_at: string | null;
  last_error: string | null;
};
export type RecentErrorRow = {
  at: string;
  rid: string | null;
  method: string;
  path: string;
  status: number;
  message: string;
};

export function JobsPage(p: {
  jobs: { name: string; title: string; cron: string; running: boolean }[];
  runs: {
    id: number;
    job: string;
    trigger: string;
    started_at: string;
    finished_at: string | null;
    status: string;
    message: string | null;
    actor: string | null;
  }[];
  summary?: JobSummaryRow[];
  errors?: RecentErrorRow[];
}) {
  const tone = (s: string) => (s === "ok" ? "green" : s === "failed" ? "red" : s === "running" ? "blue" : "grey");
  const label: Record<string, string> = { ok: "成功", failed: "失败", running: "运行中", skipped: "跳过" };
  return (
    <>
      <PageHead title="定时任务" />
      <table>
        <thead>
          <tr>
            <th>任务</th>
            <th>名称</th>
            <th>计划（北京时间）</th>
            <th>状态</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {p.jobs.map((j) => (
            <tr>
              <td>{j.title}</td>
              <td>
                <code>{j.name}</code>
              </td>
              <td>
                <code>{j.cron}</code>
              </td>
              <td>{j.running ? <Badge tone="blue">运行中</Badge> : <Badge tone="grey">空闲</Badge>}</td>
              <td>
                <button type="button" hx-post={`/admin/jobs/${j.name}/run`} hx-target="#runs" hx-swap="outerHTML">
                  立即运行
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.summary && <JobSummary rows={p.summary} />}
      {p.errors && <RecentErrors rows={p.errors} />}
      <h3>最近运行记录</h3>
      <JobRuns runs={p.runs} tone={tone} label={label} />
    </>
  );
}

export function JobRuns(p: { runs: any[]; tone?: (s: string) => any; label?: Record<string, string> }) {
  const tone = p.tone ?? ((s: string) => (s === "ok" ? "green" : s === "failed" ? "red" : "grey"));
  const label = p.label ?? { ok: "成功", failed: "失败", running: "运行中", skipped: "跳过" };
  return (
    <table id="runs">
      <thead>
        <tr>
          <th>#</th>
          <th>任务</th>
          <th>触发</th>
          <th>开始</th>
          <th>结束</th>
          <th>结果</th>
          <th>说明</th>
        </tr>
      </thead>
      <tbody>
        {p.runs.map((r) => (
          <tr>
            <td>{r.id}</td>
            <td>{r.job}</td>
            <td>{r.trigger === "manual" ? `手动（${r.actor ?? ""}）` : r.trigger === "cron" ? "定时" : "启动"}</td>
            <td>{fmtTime(r.started_at)}</td>
            <td>{fmtTime(r.finished_at)}</td>
            <td>
              <Badge tone={tone(r.status)}>{label[r.status] ?? r.status}</Badge>
            </td>
            <td class="muted">{(r.message ?? "").slice(0, 200)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function JobSummary(p: { rows: JobSummaryRow[] }) {
  return (
    <>
      <h3>近 7 天运行情况</h3>
      <table>
        <thead>
          <tr>
            <th>任务</th>
            <th>运行次数</th>
            <th>失败次数</th>
            <th>最近运行</th>
            <th>最近失败</th>
            <th>最近错误</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              <td>
                <code>{r.job}</code>
              </td>
              <td>{r.runs}</td>
              <td>{r.failed ? <Badge tone="red">{r.failed}</Badge> : <Badge tone="green">0</Badge>}</td>
              <td>{fmtTime(r.last_at)}</td>
              <td>{fmtTime(r.last_failed_at)}</td>
              <td class="muted">{(r.last_error ?? "").split("\n")[0]?.slice(0, 200)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function RecentErrors(p: { rows: RecentErrorRow[] }) {
  return (
    <>
      <h3>最近的系统错误（本次启动以来）</h3>
      {p.rows.length === 0 ? (
        <p class="muted">无。</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>时间</th>
              <th>请求</th>
              <th>请求编号</th>
              <th>错误</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((e) => (
              <tr>
                <td>{fmtTime(e.at)}</td>
                <td>
                  <code>
                    {e.method} {e.path}
                  </code>
                </td>
                <td>
                  <code>{e.rid ?? ""}</code>
                </td>
                <td class="muted">{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
