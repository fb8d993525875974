// Administrator pages: users, departments, scheduled jobs, basic settings.
import type { NavEntry } from "../core/nav.ts";
import type { Router, Ctx } from "../core/http.ts";
import { formFields, formList, requireUser, isPartial, html, idParam } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { AppError } from "../core/errors.ts";
import { ROLES, ROLE_NAMES, type Role } from "../core/context.ts";
import { listUsers, userById, rolesOf } from "../auth/index.ts";
import { saveUser } from "../auth/index.ts";
import { listDepartments, departmentById, LEVEL_NAMES, type DeptLevel } from "../departments/index.ts";
import { saveDepartment } from "../departments/index.ts";
import { UserList, UserForm, type UserFormValues } from "../../views/admin/users.tsx";
import { DepartmentList, DepartmentForm, type DeptFormValues } from "../../views/admin/departments.tsx";
import { JobsPage, JobRuns } from "../../views/admin/jobs.tsx";
import { jobSummary } from "../ops/index.ts";
import { recentErrors } from "../ops/index.ts";

const ADMIN = ["admin"] as const;
const roleOpts = ROLES.map((r) => ({ value: r, label: ROLE_NAMES[r] }));
const levelOpts = (Object.keys(LEVEL_NAMES) as DeptLevel[]).map((l) => ({ value: l, label: LEVEL_NAMES[l] }));
const deptOpts = (c: Ctx) =>
  listDepartments(c.get("deps").db, { activeOnly: true }).map((d) => ({
    value: String(d.id),
    label: `${d.name}（${d.code}）`,
  }));

function userForm(c: Ctx, values: UserFormValues, id?: number, err?: AppError) {
  return page(
    c,
    <UserForm
      id={id}
      csrf={c.get("csrf")}
      values={values}
      errors={err?.fields ?? {}}
      error={err?.message}
      roles={roleOpts}
      departments={deptOpts(c)}
    />,
    { title: id ? "编辑用户" : "新增用户", current: "/admin/users", status: err?.status },
  );
}

function deptForm(c: Ctx, values: DeptFormValues, id?: number, err?: AppError) {
  const parents = deptOpts(c).filter((d) => d.value !== String(id));
  return page(
    c,
    <DepartmentForm
      id={id}
      csrf={c.get("csrf")}
      values={values}
      errors={err?.fields ?? {}}
      error={err?.message}
      levels={levelOpts}
      parents={parents}
    />,
    { title: id ? "编辑部门" : "新增部门", current: "/admin/departments", status: err?.status },
  );
}

async function readUserForm(c: Ctx) {
  const f = await formFields(c);
  const roles = (await formList(c, "roles")) as Role[];
  const values: UserFormValues = {
    username: f.username,
    name: f.name,
    phone: f.phone,
    departmentId: f.departmentId,
    roles,
    active: f.active === "1",
  };
  const input = {
    username: f.username ?? "",
    name: f.name ?? "",
    phone: f.phone || null,
    roles,
    departmentId: f.departmentId ? Number(f.departmentId) : null,
    password: f.password || undefined,
  };
  return { values, input };
}

async function readDeptForm(c: Ctx) {
  const f = await formFields(c);
  const values: DeptFormValues = {
    code: f.code,
    name: f.name,
    level: f.level,
    parentId: f.parentId,
    phone: f.phone,
    active: f.active === "1",
  };
  const input = {
    code: f.code ?? "",
    name: f.name ?? "",
    level: f.level as DeptLevel,
    parentId: f.parentId ? Number(f.parentId) : null,
    phone: f.phone || null,
  };
  return { values, input };
}

export const NAV: NavEntry[] = [
  { href: "/admin/users", label: "用户管理", group: "系统管理", roles: ADMIN, order: 90 },
  { href: "/admin/departments", label: "部门管理", group: "系统管理", roles: ADMIN, order: 91 },
  { href: "/admin/jobs", label: "定时任务", group: "系统管理", roles: ADMIN, order: 98 },
];

export function registerAdmin(r: Router) {
  r.get("/admin/users", ADMIN, (c) => {
    const q = c.req.query("q") ?? "";
    const rows = listUsers(c.get("deps").db, { q }).map((u) => ({
      id: u.id,
      username: u.username,
      name: u.name,
      roles: u.roles ? u.roles.split(",") : [],
      department: u.department_name,
      active: !!u.active,
    }));
    const flash = c.req.query("saved") ? "已保存" : undefined;
    return page(c, <UserList rows={rows} roleNames={ROLE_NAMES} q={q} flash={flash} />, { title: "用户管理" });
  });
  r.get("/admin/users/new", ADMIN, (c) => userForm(c, { roles: [] }));
  r.post("/admin/users", ADMIN, async (c) => {
    const { values, input } = await readUserForm(c);
    try {
      saveUser(c.get("deps").db, requireUser(c), input);
    } catch (e) {
      if (e instanceof AppError && e.kind !== "internal") return userForm(c, values, undefined, e);
      throw e;
    }
    return c.redirect("/admin/users?saved=1", 303);
  });
  r.get("/admin/users/:id", ADMIN, (c) => {
    const id = idParam(c);
    const { db } = c.get("deps");
    const u = userById(db, id);
    if (!u) throw new AppError("not_found", "user.not_found", "用户不存在");
    return userForm(
      c,
      {
        username: u.username,
        name: u.name,
        phone: u.phone ?? "",
        departmentId: u.department_id ? String(u.department_id) : "",
        roles: rolesOf(db, id),
        active: !!u.active,
      },
      id,
    );
  });
  r.post("/admin/users/:id", ADMIN, async (c) => {
    const id = idParam(c);
    const { values, input } = await readUserForm(c);
    const me = requireUser(c);
    try {
      if (id === me.userId && (!values.active || !input.roles.includes("admin")))
        throw new AppError("validation", "user.self_lockout", "不能停用自己或取消自己的管理员角色");
      saveUser(c.get("deps").db, me, { ...input, active: values.active }, id);
    } catch (e) {
      if (e instanceof AppError && e.kind !== "internal") return userForm(c, values, id, e);
      throw e;
    }
    return c.redirect("/admin/users?saved=1", 303);
  });

  r.get("/admin/departments", ADMIN, (c) => {
    const rows = listDepartments(c.get("deps").db).map((d) => ({
      id: d.id,
      code: d.code,
      name: d.name,
      level: LEVEL_NAMES[d.level],
      parent: d.parent_name,
      users: d.users,
      active: !!d.active,
    }));
    return page(c, <DepartmentList rows={rows} flash={c.req.query("saved") ? "已保存" : undefined} />, {
      title: "部门管理",
    });
  });
  r.get("/admin/departments/new", ADMIN, (c) => deptForm(c, { level: "county" }));
  r.post("/admin/departments", ADMIN, async (c) => {
    const { values, input } = await readDeptForm(c);
    try {
      saveDepartment(c.get("deps").db, requireUser(c), input);
    } catch (e) {
      if (e instanceof AppError && e.kind !== "internal") return deptForm(c, values, undefined, e);
      throw e;
    }
    return c.redirect("/admin/departments?saved=1", 303);
  });
  r.get("/admin/departments/:id", ADMIN, (c) => {
    const id = idParam(c);
    const d = departmentById(c.get("deps").db, id);
    if (!d) throw new AppError("not_found", "department.not_found", "部门不存在");
    return deptForm(
      c,
      {
        code: d.code,
        name: d.name,
        level: d.level,
        parentId: d.parent_id ? String(d.parent_id) : "",
        phone: d.phone ?? "",
        active: !!d.active,
      },
      id,
    );
  });
  r.post("/admin/departments/:id", ADMIN, async (c) => {
    const id = idParam(c);
    const { values, input } = await readDeptForm(c);
    try {
      saveDepartment(c.get("deps").db, requireUser(c), { ...input, active: values.active }, id);
    } catch (e) {
      if (e instanceof AppError && e.kind !== "internal") return deptForm(c, values, id, e);
      throw e;
    }
    return c.redirect("/admin/departments?saved=1", 303);
  });

  r.get("/admin/jobs", ADMIN, (c) => {
    const { scheduler } = c.get("deps");
    const jobs = scheduler
      .list()
      .map((j) => ({ name: j.name, title: j.title, cron: j.cron, running: scheduler.isRunning(j.name) }));
    return page(
      c,
      <JobsPage
        jobs={jobs}
        runs={scheduler.lastRuns()}
        summary={jobSummary(c.get("deps").db)}
        errors={recentErrors()}
      />,
      { title: "定时任务" },
    );
  });
  r.post("/admin/jobs/:name/run", ADMIN, async (c) => {
    const { scheduler } = c.get("deps");
    await scheduler.runNow(c.req.param("name") ?? "", "manual", requireUser(c).username);
    if (!isPartial(c)) return c.redirect("/admin/jobs", 303);
    return html(c, <JobRuns runs={scheduler.lastRuns()} />);
  });
}
