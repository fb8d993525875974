// The report archive: browse, reprint, download PDF, generate on demand.
import { PageHead, Empty, Alert } from "../ui/index.tsx";
import { Csrf } from "../layouts/shell.tsx";

export type ArchiveRow = {
  id: number;
  kind: string;
  title: string;
  generatedAt: string;
  by: string;
  pdf: boolean;
  pdfNote: string | null;
};
export const Archive = (p: { csrf: string; rows: ArchiveRow[]; today: string; flash?: string; kind: string }) => (
  <>
    <PageHead title="报表" />
    {p.flash && <Alert kind="ok">{p.flash}</Alert>}
    <form method="post" action="/reports/generate" class="card filters">
      <Csrf token={p.csrf} />
      <b>按需生成</b>
      <select name="kind">
        <option value="daily">日报</option>
        <option value="weekly">周报</option>
        <option value="monthly">月报</option>
      </select>
      <label>
        所在日期 <input type="date" name="date" value={p.today} />
      </label>
      <button type="submit">生成并归档</button>
      <span class="muted">每晚按设置的时间自动生成前一日日报，周一生成上周周报，每月 1 日生成上月月报。</span>
    </form>
    <nav class="tabs">
      {[
        ["", "全部"],
        ["daily", "日报"],
        ["weekly", "周报"],
        ["monthly", "月报"],
      ].map(([k, n]) => (
        <a class={k === p.kind ? "active" : ""} href={k ? `/reports?kind=${k}` : "/reports"}>
          {n}
        </a>
      ))}
    </nav>
    {p.rows.length === 0 ? (
      <Empty>还没有归档的报表。</Empty>
    ) : (
      <table class="data">
        <thead>
          <tr>
            <th>报表</th>
            <th>生成时间</th>
            <th>生成方式</th>
            <th>打印版</th>
            <th>PDF</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              <td>{r.title}</td>
              <td>{r.generatedAt}</td>
              <td>{r.by}</td>
              <td>
                <a href={`/reports/${r.id}/html`} target="_blank" rel="noopener">
                  查看 / 打印
                </a>
              </td>
              <td>
                {r.pdf ? (
                  <a href={`/reports/${r.id}/pdf`}>下载 PDF</a>
                ) : (
                  <span class="muted">{r.pdfNote ?? "不可用"}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </>
);
