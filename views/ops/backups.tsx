import { PageHead, Alert, Empty, Badge, fmtTime } from "../ui/index.tsx";
import { Csrf } from "../layouts/shell.tsx";

export type BackupRow = { name: string; bytes: number; createdAt: string; sha256: string | null; label: string | null };

const size = (b: number) => (b >= 1024 ** 3 ? `${(b / 1024 ** 3).toFixed(2)} GB` : `${(b / 1024 ** 2).toFixed(1)} MB`);

export function BackupsPage(p: {
  csrf: string;
  rows: BackupRow[];
  dir: string;
  flash?: string;
  error?: string;
  retention: { daily: number; weekly: number; monthly: number };
}) {
  return (
    <>
      <PageHead title="数据备份">
        <form method="post" action="/admin/backups">
          <Csrf token={p.csrf} />
          <button type="submit">立即备份</button>
        </form>
      </PageHead>
      {p.flash && <Alert kind="ok">{p.flash}</Alert>}
      {p.error && <Alert kind="error">{p.error}</Alert>}
      <p class="muted">
        每天凌晨 2:30 自动备份数据库与全部照片附件，保留最近 {p.retention.daily} 天每天一份、{p.retention.weekly}{" "}
        周每周一份、{p.retention.monthly} 个月每月一份。 备份目录：<code>{p.dir}</code>。请定期把备份文件连同 .sha256
        校验文件复制到另一台机器或移动硬盘。恢复方法：停止服务后运行 <code>wanmi restore 备份文件</code>。
      </p>
      {p.rows.length === 0 ? (
        <Empty>还没有备份。</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th>备份文件</th>
              <th>时间</th>
              <th>大小</th>
              <th>SHA-256</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((b) => (
              <tr>
                <td>
                  <code>{b.name}</code>
                  {b.label && (
                    <>
                      {" "}
                      <Badge tone="blue">{b.label === "manual" ? "手动" : b.label}</Badge>
                    </>
                  )}
                </td>
                <td>{fmtTime(b.createdAt)}</td>
                <td>{size(b.bytes)}</td>
                <td>
                  <code title={b.sha256 ?? ""}>{b.sha256 ? b.sha256.slice(0, 16) + "…" : "缺少校验文件"}</code>
                </td>
                <td>
                  <a href={`/admin/backups/${encodeURIComponent(b.name)}`} download>
                    下载
                  </a>{" "}
                  ·{" "}
                  <a href={`/admin/backups/${encodeURIComponent(b.name)}.sha256`} download>
                    校验文件
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
