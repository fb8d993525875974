import { PageHead, Badge, fmtTime } from "../ui/index.tsx";

export function JobsPage(p: { jobs: { name: string; title: string; cron: string; running: boolean }[]; runs: { id: number; job: string; trigger: string; started_at: string; finished_at: string | null; status: string; message: string | null; actor: string | null }[] }) {
  const tone = (s: string) => (s === "ok" ? "green" : s === "failed" ? "red" : s === "running" ? "blue" : "grey");
  const label: Record<string, string> = { ok: "成功", failed: "失败", running: "运行中", skipped: "跳过" };
  return (
    <>
      <PageHead title="定时任务" />
      <table>
        <thead><tr><th>任务</th><th>名称</th><th>计划（北京时间）</th><th>状态</th><th></th></tr></thead>
        <tbody>
          {p.jobs.map((j) => (
            <tr>
              <td>{j.title}</td><td><code>{j.name}</code></td><td><code>{j.cron}</code></td>
              <td>{j.running ? <Badge tone="blue">运行中</Badge> : <Badge tone="grey">空闲</Badge>}</td>
              <td>
                <button hx-post={`/admin/jobs/${j.name}/run`} hx-target="#runs" hx-swap="outerHTML">立即运行</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
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
      <thead><tr><th>#</th><th>任务</th><th>触发</th><th>开始</th><th>结束</th><th>结果</th><th>说明</th></tr></thead>
      <tbody>
        {p.runs.map((r) => (
          <tr>
            <td>{r.id}</td><td>{r.job}</td><td>{r.trigger === "manual" ? `手动（${r.actor ?? ""}）` : r.trigger === "cron" ? "定时" : "启动"}</td>
            <td>{fmtTime(r.started_at)}</td><td>{fmtTime(r.finished_at)}</td>
            <td><Badge tone={tone(r.status)}>{label[r.status] ?? r.status}</Badge></td>
            <td class="muted">{(r.message ?? "").slice(0, 200)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
