// Admin pages: component search, view with change history, edit, import with progress.
import type { NavEntry } from "../core/nav.ts";
import type { Router, Ctx } from "../core/http.ts";
import { formFields, requireUser, html, isPartial, idParam } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { AppError, NotFound } from "../core/errors.ts";
import type { Crs } from "../core/coords.ts";
import { listDepartments } from "../departments/index.ts";
import {
  searchComponents,
  componentById,
  componentChanges,
  batchById,
  recentBatches,
  STATUS_NAMES,
} from "./queries.ts";
import { saveComponent } from "./verbs/save-component.ts";
import { startComponentImport } from "./verbs/import-components.ts";
import {
  ComponentsPage,
  ComponentPage,
  ComponentImportForm,
  ImportProgress,
  type CompFormValues,
} from "../../views/admin/reference.tsx";

const ADMIN = ["admin"] as const;
const PAGE = 50;
const TONE = { normal: "green", damaged: "amber", lost: "red", removed: "grey" } as const;
const FIELD_NAMES: Record<string, string> = {
  name: "名称",
  lng: "经度",
  lat: "纬度",
  grid_id: "网格",
  status: "状态",
  owner_dept_id: "权属单位",
  maint_dept_id: "养护单位",
  address: "地址",
  installed_on: "安装日期",
  category_id: "类别",
};

function view(c: Ctx, id: number, v?: CompFormValues, err?: AppError) {
  const db = c.get("deps").db;
  const x = componentById(db, id);
  if (!x) throw NotFound("部件", "component.not_found");
  const values: CompFormValues = v ?? {
    name: x.name ?? "",
    lng: String(x.lng),
    lat: String(x.lat),
    status: x.status,
    ownerDeptId: x.owner_dept_id ? String(x.owner_dept_id) : "",
    maintDeptId: x.maint_dept_id ? String(x.maint_dept_id) : "",
    address: x.address ?? "",
    installedOn: x.installed_on ?? "",
  };
  const changes = componentChanges(db, id).map((ch) => {
    const b = ch.before ? JSON.parse(ch.before) : {},
      a = ch.after ? JSON.parse(ch.after) : {};
    const diff = Object.keys(FIELD_NAMES)
      .filter((k) => k in a && String(b[k] ?? "") !== String(a[k] ?? ""))
      .map((k) => ({ field: FIELD_NAMES[k]!, before: String(b[k] ?? ""), after: String(a[k] ?? "") }));
    return {
      at: ch.at,
      actor: ch.actor,
      action:
        { create: "新建", update: "更新", import: ch.batch_id ? `导入 #${ch.batch_id}` : "导入", status: "状态变更" }[
          ch.action
        ] ?? ch.action,
      diff,
    };
  });
  const meta = [
    { label: "类别", value: `${x.category_code} ${x.category_name}（${x.edition}）` },
    { label: "单元网格", value: x.grid_code ?? "（不在任何网格内）" },
    { label: "权属单位 / 养护单位", value: `${x.owner_name ?? "—"} / ${x.maint_name ?? "—"}` },
    { label: "状态", value: STATUS_NAMES[x.status] ?? x.status },
  ];
  const depts = listDepartments(db, { activeOnly: true }).map((d) => ({ value: String(d.id), label: d.name }));
  return page(
    c,
    <ComponentPage
      csrf={c.get("csrf")}
      id={id}
      code={x.code}
      meta={meta}
      v={values}
      statuses={Object.entries(STATUS_NAMES).map(([value, label]) => ({ value, label }))}
      depts={depts}
      errors={err?.fields ?? {}}
      error={err?.message}
      flash={c.req.query("saved") ? "已保存，变更已备案" : undefined}
      changes={changes}
    />,
    { title: `部件 ${x.code}`, current: "/admin/components", status: err?.status },
  );
}

function progress(c: Ctx, id: number) {
  const b = batchById(c.get("deps").db, id);
  if (b?.kind !== "components") throw NotFound("导入批次", "import.not_found");
  const node = (
    <ImportProgress
      id={b.id}
      file={b.file_name}
      status={b.status}
      total={b.total}
      imported={b.imported}
      rejected={b.rejected}
      report={b.report ? JSON.parse(b.report) : []}
    />
  );
  if (isPartial(c)) return html(c, node);
  return page(c, node, { title: `导入批次 #${b.id}`, current: "/admin/components" });
}

export const NAV: NavEntry[] = [
  { href: "/admin/components", label: "部件管理", group: "基础数据", roles: ADMIN, order: 83 },
];

export function registerComponents(r: Router) {
  r.get("/admin/components", ADMIN, (c) => {
    const db = c.get("deps").db;
    const q = (c.req.query("q") ?? "").trim();
    const pg = Math.max(1, Number(c.req.query("page")) || 1);
    const { rows, total } = searchComponents(db, { q, limit: PAGE, offset: (pg - 1) * PAGE });
    const list = rows.map((x) => ({
      id: x.id,
      code: x.code,
      name: x.name,
      category: `${x.category_code} ${x.category_name}`,
      grid: x.grid_code,
      status: STATUS_NAMES[x.status] ?? x.status,
      statusTone: TONE[x.status as keyof typeof TONE] ?? "grey",
      maint: x.maint_name,
    }));
    const batches = recentBatches(db, "components", 5).map((b) => ({
      id: b.id,
      file: b.file_name,
      status: b.status,
      imported: b.imported,
      rejected: b.rejected,
      at: b.started_at,
    }));
    return page(
      c,
      <ComponentsPage rows={list} total={total} q={q} page={pg} pages={Math.ceil(total / PAGE)} batches={batches} />,
      { title: "部件管理" },
    );
  });
  r.get("/admin/components/import", ADMIN, (c) =>
    page(c, <ComponentImportForm csrf={c.get("csrf")} />, { title: "导入部件", current: "/admin/components" }),
  );
  r.post("/admin/components/import", ADMIN, async (c) => {
    const body = await c.req.parseBody();
    const file = body.file;
    const err = (m: string) =>
      page(c, <ComponentImportForm csrf={c.get("csrf")} error={m} />, {
        title: "导入部件",
        current: "/admin/components",
        status: 422,
      });
    if (!(file instanceof File) || file.size === 0) return err("请选择 CSV 或 GeoJSON 文件");
    const format = /\.(geo)?json$/i.test(file.name) ? "geojson" : "csv";
    const crs = (["wgs84", "cgcs2000", "gcj02", "bd09"].includes(String(body.crs)) ? String(body.crs) : "wgs84") as Crs;
    try {
      const { batchId } = startComponentImport(c.get("deps").db, requireUser(c), {
        fileName: file.name,
        format,
        text: await file.text(),
        crs,
      });
      return c.redirect(`/admin/components/imports/${batchId}`, 303);
    } catch (e) {
      if (e instanceof AppError && e.kind === "validation") return err(e.message);
      throw e;
    }
  });
  r.get("/admin/components/imports/:id", ADMIN, (c) => progress(c, idParam(c)));
  r.get("/admin/components/:id", ADMIN, (c) => view(c, idParam(c)));
  r.post("/admin/components/:id", ADMIN, async (c) => {
    const id = idParam(c);
    const f = await formFields(c);
    const v: CompFormValues = {
      name: f.name ?? "",
      lng: f.lng ?? "",
      lat: f.lat ?? "",
      status: f.status ?? "",
      ownerDeptId: f.ownerDeptId ?? "",
      maintDeptId: f.maintDeptId ?? "",
      address: f.address ?? "",
      installedOn: f.installedOn ?? "",
    };
    try {
      saveComponent(
        c.get("deps").db,
        requireUser(c),
        {
          name: v.name,
          lng: v.lng === "" ? NaN : Number(v.lng),
          lat: v.lat === "" ? NaN : Number(v.lat),
          status: v.status as any,
          ownerDeptId: v.ownerDeptId ? Number(v.ownerDeptId) : null,
          maintDeptId: v.maintDeptId ? Number(v.maintDeptId) : null,
          address: v.address,
          installedOn: v.installedOn || null,
        },
        id,
      );
    } catch (e) {
      if (e instanceof AppError && e.kind === "validation") return view(c, id, v, e);
      throw e;
    }
    return c.redirect(`/admin/components/${id}?saved=1`, 303);
  });
}
