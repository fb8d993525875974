import { Field, PageHead, Badge, Alert } from "../ui/index.tsx";
import { Csrf } from "../layouts/shell.tsx";

type Opt = { value: string; label: string };
export type DeptFormValues = {
  code?: string;
  name?: string;
  level?: string;
  parentId?: string;
  phone?: string;
  active?: boolean;
};

export function DepartmentList(p: {
  rows: {
    id: number;
    code: string;
    name: string;
    level: string;
    parent: string | null;
    users: number;
    active: boolean;
  }[];
  flash?: string;
}) {
  return (
    <>
      <PageHead title="部门管理">
        <a class="btn" href="/admin/departments/new">
          新增部门
        </a>
      </PageHead>
      {p.flash && <Alert kind="ok">{p.flash}</Alert>}
      <table>
        <thead>
          <tr>
            <th>编码</th>
            <th>名称</th>
            <th>级别</th>
            <th>上级</th>
            <th>人数</th>
            <th>状态</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((d) => (
            <tr>
              <td>{d.code}</td>
              <td>{d.name}</td>
              <td>{d.level}</td>
              <td>{d.parent ?? ""}</td>
              <td>{d.users}</td>
              <td>{d.active ? <Badge tone="green">启用</Badge> : <Badge tone="grey">停用</Badge>}</td>
              <td>
                <a href={`/admin/departments/${d.id}`}>编辑</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function DepartmentForm(p: {
  id?: number;
  csrf: string;
  values: DeptFormValues;
  errors: Record<string, string>;
  error?: string;
  levels: Opt[];
  parents: Opt[];
}) {
  const v = p.values;
  const e = p.errors;
  return (
    <>
      <PageHead title={p.id ? "编辑部门" : "新增部门"}>
        <a href="/admin/departments">返回列表</a>
      </PageHead>
      {p.error && <Alert kind="error">{p.error}</Alert>}
      <form class="card" method="post" action={p.id ? `/admin/departments/${p.id}` : "/admin/departments"}>
        <Csrf token={p.csrf} />
        <div class="form-grid">
          <Field label="部门编码" name="code" error={e.code}>
            <input name="code" value={v.code ?? ""} required />
          </Field>
          <Field label="部门名称" name="name" error={e.name}>
            <input name="name" value={v.name ?? ""} required />
          </Field>
          <Field label="级别" name="level" error={e.level}>
            <select name="level">
              {p.levels.map((l) => (
                <option value={l.value} selected={v.level === l.value}>
                  {l.label}
                </option>
              ))}
            </select>
          </Field>
          <Field label="上级部门" name="parentId" error={e.parentId} hint="三级处置单位必须选择上级">
            <select name="parentId">
              <option value="">（无）</option>
              {p.parents.map((d) => (
                <option value={d.value} selected={v.parentId === d.value}>
                  {d.label}
                </option>
              ))}
            </select>
          </Field>
          <Field label="电话" name="phone" error={e.phone}>
            <input name="phone" value={v.phone ?? ""} />
          </Field>
        </div>
        {p.id && (
          <Field label="状态" name="active">
            <label>
              <input type="checkbox" name="active" value="1" checked={v.active !== false} /> 启用
            </label>
          </Field>
        )}
        <button type="submit">保存</button>
      </form>
    </>
  );
}
