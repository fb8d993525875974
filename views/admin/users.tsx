import { Field, PageHead, Badge, Alert } from "../ui/index.tsx";
import { Csrf } from "../layouts/shell.tsx";

type Opt = { value: string; label: string };
export type UserFormValues = {
  username?: string;
  name?: string;
  phone?: string;
  departmentId?: string;
  roles?: string[];
  active?: boolean;
};

export function UserList(p: {
  rows: { id: number; username: string; name: string; roles: string[]; department: string | null; active: boolean }[];
  roleNames: Record<string, string>;
  q: string;
  flash?: string;
}) {
  return (
    <>
      <PageHead title="用户管理">
        <a class="btn" href="/admin/users/new">
          新增用户
        </a>
      </PageHead>
      {p.flash && <Alert kind="ok">{p.flash}</Alert>}
      <form class="filters" method="get">
        <input name="q" value={p.q} placeholder="用户名或姓名" />
        <button type="submit" class="secondary">
          查询
        </button>
      </form>
      <table>
        <thead>
          <tr>
            <th>用户名</th>
            <th>姓名</th>
            <th>角色</th>
            <th>部门</th>
            <th>状态</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((u) => (
            <tr>
              <td>{u.username}</td>
              <td>{u.name}</td>
              <td>{u.roles.map((r) => p.roleNames[r] ?? r).join("、")}</td>
              <td>{u.department ?? ""}</td>
              <td>{u.active ? <Badge tone="green">启用</Badge> : <Badge tone="grey">停用</Badge>}</td>
              <td>
                <a href={`/admin/users/${u.id}`}>编辑</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function UserForm(p: {
  id?: number;
  csrf: string;
  values: UserFormValues;
  errors: Record<string, string>;
  error?: string;
  roles: Opt[];
  departments: Opt[];
}) {
  const v = p.values;
  const e = p.errors;
  return (
    <>
      <PageHead title={p.id ? "编辑用户" : "新增用户"}>
        <a href="/admin/users">返回列表</a>
      </PageHead>
      {p.error && <Alert kind="error">{p.error}</Alert>}
      <form class="card" method="post" action={p.id ? `/admin/users/${p.id}` : "/admin/users"}>
        <Csrf token={p.csrf} />
        <div class="form-grid">
          <Field label="用户名" name="username" error={e.username}>
            <input name="username" value={v.username ?? ""} required />
          </Field>
          <Field label="姓名" name="name" error={e.name}>
            <input name="name" value={v.name ?? ""} required />
          </Field>
          <Field label="电话" name="phone" error={e.phone}>
            <input name="phone" value={v.phone ?? ""} />
          </Field>
          <Field label="所属部门" name="departmentId" error={e.departmentId}>
            <select name="departmentId">
              <option value="">（无）</option>
              {p.departments.map((d) => (
                <option value={d.value} selected={v.departmentId === d.value}>
                  {d.label}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label={p.id ? "新密码（不改请留空）" : "密码（至少 10 位，含三类字符）"}
            name="password"
            error={e.password}
          >
            <input name="password" type="password" autocomplete="new-password" required={!p.id} />
          </Field>
        </div>
        <Field label="角色（可多选）" name="roles" error={e.roles}>
          <div class="checks">
            {p.roles.map((r) => (
              <label>
                <input type="checkbox" name="roles" value={r.value} checked={(v.roles ?? []).includes(r.value)} />{" "}
                {r.label}
              </label>
            ))}
          </div>
        </Field>
        {p.id && (
          <Field label="状态" name="active">
            <label>
              <input type="checkbox" name="active" value="1" checked={v.active !== false} />{" "}
              启用（取消勾选即停用，停用后立即退出登录）
            </label>
          </Field>
        )}
        <button type="submit">保存</button>
      </form>
    </>
  );
}
