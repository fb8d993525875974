// 2007 → 2026 类别映射: the mapping table (editable) and the one-action migration with its preview.
import { PageHead, Alert, Badge } from "../ui/index.tsx";
import { Csrf } from "../layouts/shell.tsx";

export type MapRowView = {
  fromId: number;
  from: string;
  kind: string;
  to: string;
  toCode: string;
  confidence: string;
  note: string;
};
export type ReportView = {
  applied: boolean;
  rules: { id: number; from: string; to: string }[];
  components: { from: string; to: string; n: number }[];
  unmapped: { what: string; code: string; name: string; edition: string; n: number }[];
  conflicts: { id: number; from: string; to: string }[];
};

export function MappingPage(p: { csrf: string; rows: MapRowView[]; active: string; flash?: string; error?: string }) {
  return (
    <>
      <PageHead title="旧版类别映射">
        <a href="/admin/categories/migrate">预览迁移</a>
      </PageHead>
      {p.flash && <Alert kind="ok">{p.flash}</Alert>}
      {p.error && <Alert kind="error">{p.error}</Alert>}
      <p class="muted">
        每个旧版（CJ/T 214-2007）小类对应现行版本（{p.active}
        ）的一个小类。可信度：同名＝小类名称相同（预置），改名＝已知改名（预置），人工＝管理员确认，无＝尚未映射。
      </p>
      <table>
        <thead>
          <tr>
            <th>类型</th>
            <th>旧版小类</th>
            <th>现行小类</th>
            <th>可信度</th>
            <th>修改（现行代码，留空＝无对应）</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              <td>{r.kind}</td>
              <td>{r.from}</td>
              <td>{r.to || <span class="muted">（无）</span>}</td>
              <td>
                <Badge tone={r.confidence === "无" ? "amber" : r.confidence === "人工" ? "green" : "blue"}>
                  {r.confidence}
                </Badge>
              </td>
              <td>
                <form method="post" action={`/admin/categories/map/${r.fromId}`} class="inline">
                  <Csrf token={p.csrf} />
                  <input name="toCode" value={r.toCode} size={6} aria-label="现行代码" />
                  <input name="note" value={r.note} placeholder="备注" aria-label="备注" />
                  <button type="submit">保存</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function MigrationPage(p: { csrf: string; report: ReportView }) {
  const r = p.report;
  return (
    <>
      <PageHead title={r.applied ? "迁移结果" : "迁移预览"}>
        <a href="/admin/categories/map">类别映射表</a>
      </PageHead>
      <p>
        派遣规则 {r.rules.length} 条、部件 {r.components.reduce((s, x) => s + x.n, 0)} 个
        {r.applied ? "已迁移" : "将迁移"}到现行版本；无法映射 {r.unmapped.length} 项，冲突 {r.conflicts.length} 项。
      </p>
      {!r.applied && (
        <form method="post" action="/admin/categories/migrate">
          <Csrf token={p.csrf} />
          <button type="submit">执行迁移</button>
        </form>
      )}
      <h2>无法映射（请先在映射表中补全）</h2>
      <ul class="unmapped">
        {r.unmapped.map((u) => (
          <li>
            {u.what === "rule" ? "派遣规则" : `部件 ${u.n} 个`}：{u.code} {u.name}（{u.edition}）
          </li>
        ))}
      </ul>
      <h2>冲突（目标类别已有同一地域的规则，保持不变）</h2>
      <ul>
        {r.conflicts.map((x) => (
          <li>
            规则 #{x.id}：{x.from} → {x.to}
          </li>
        ))}
      </ul>
      <h2>派遣规则</h2>
      <ul>
        {r.rules.map((x) => (
          <li>
            规则 #{x.id}：{x.from} → {x.to}
          </li>
        ))}
      </ul>
      <h2>部件类别</h2>
      <ul>
        {r.components.map((x) => (
          <li>
            {x.from} → {x.to}：{x.n} 个
          </li>
        ))}
      </ul>
    </>
  );
}
