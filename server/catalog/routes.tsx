// Admin pages: categories by edition/kind, standards and time limits.
import type { NavEntry } from "../core/nav.ts";
import type { Router, Ctx } from "../core/http.ts";
import { formFields, requireUser } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { AppError, NotFound } from "../core/errors.ts";
import type { TimeUnit, TimeMode } from "../core/calendar.ts";
import {
  listCategories,
  categoryById,
  limitsOf,
  limitCounts,
  timeLimit,
  EDITIONS,
  activeEdition,
  KIND_NAMES,
  URGENCY_NAMES,
  STAGE_NAMES,
  UNIT_NAMES,
  MODE_NAMES,
  URGENCIES,
  STAGES,
  type Kind,
  type Limit,
} from "./queries.ts";
import { saveStandards } from "./verbs/save-standards.ts";
import { setEdition } from "./verbs/set-edition.ts";
import { mappingRows, saveMapping, migrateLegacy } from "./verbs/migrate-legacy.ts";
import { MappingPage, MigrationPage } from "../../views/catalog/map.tsx";
import { EditionForm } from "../../views/catalog/picker.tsx";
import { CategoriesPage, CategoryForm, type LimitCell } from "../../views/admin/reference.tsx";

const ADMIN = ["admin"] as const;
const opts = (m: Record<string, string>) => Object.entries(m).map(([value, label]) => ({ value, label }));

function form(
  c: Ctx,
  id: number,
  over?: { filing: string; closing: string; active: boolean; cells: Record<string, LimitCell> },
  err?: AppError,
) {
  const db = c.get("deps").db;
  const cat = categoryById(db, id);
  if (!cat) throw NotFound("类别", "category.not_found");
  const set = limitsOf(db, id);
  const cells: Record<string, LimitCell> = {};
  for (const u of URGENCIES)
    for (const s of STAGES) {
      const k = `${u}.${s}`;
      const l = set.get(k) ?? timeLimit(db, id, u, s)!;
      cells[k] = { key: k, amount: String(l.amount), unit: l.unit, mode: l.mode, isDefault: !set.has(k) };
    }
  return page(
    c,
    <CategoryForm
      csrf={c.get("csrf")}
      id={id}
      title={`${cat.code} ${cat.small_name}`}
      meta={`${cat.edition} · ${KIND_NAMES[cat.kind]} · 大类 ${cat.big_code} ${cat.big_name}${cat.dept_hint ? ` · 参考责任部门：${cat.dept_hint}` : ""}`}
      filing={over?.filing ?? cat.filing_standard ?? ""}
      closing={over?.closing ?? cat.closing_standard ?? ""}
      active={over?.active ?? !!cat.active}
      urgencies={opts(URGENCY_NAMES)}
      stages={opts(STAGE_NAMES)}
      units={opts(UNIT_NAMES)}
      modes={opts(MODE_NAMES)}
      cells={over?.cells ?? cells}
      errors={err?.fields ?? {}}
      error={err?.message}
    />,
    { title: "编辑类别", current: "/admin/categories", status: err?.status },
  );
}

export const NAV: NavEntry[] = [
  { href: "/admin/categories", label: "分类与时限", group: "基础数据", roles: ADMIN, order: 82 },
];

export function registerCatalog(r: Router) {
  r.get("/admin/categories", ADMIN, (c) => {
    const db = c.get("deps").db;
    const edition = c.req.query("edition") ?? "";
    const kind = (c.req.query("kind") ?? "") as Kind | "";
    const q = (c.req.query("q") ?? "").trim();
    const counts = limitCounts(db);
    const rows = listCategories(db, { edition: edition || undefined, kind: kind || undefined, q: q || undefined }).map(
      (x) => ({
        id: x.id,
        edition: x.edition,
        kind: KIND_NAMES[x.kind],
        code: x.code,
        big_name: x.big_name,
        small_name: x.small_name,
        filing: !!x.filing_standard,
        limits: counts.get(x.id) ?? 0,
        active: !!x.active,
      }),
    );
    return page(
      c,
      <CategoriesPage
        rows={rows}
        editions={EDITIONS.map((e) => ({ value: e, label: e }))}
        kinds={opts(KIND_NAMES)}
        edition={edition}
        kind={kind}
        q={q}
        flash={c.req.query("saved") ? "已保存" : undefined}
        editionForm={
          <EditionForm
            csrf={c.get("csrf")}
            editions={EDITIONS.map((e) => ({ value: e, label: e }))}
            active={activeEdition(db)}
          />
        }
      />,
      { title: "分类与时限" },
    );
  });
  r.post("/admin/categories/edition", ADMIN, async (c) => {
    const f = await formFields(c);
    setEdition(c.get("deps").db, requireUser(c), f.edition ?? "");
    return c.redirect("/admin/categories?saved=1", 303);
  });
  const CONF: Record<string, string> = { name: "同名", renamed: "改名", manual: "人工", none: "无" };
  const mapPage = (c: Ctx, err?: AppError) => {
    const db = c.get("deps").db;
    const rows = mappingRows(db).map((x) => ({
      fromId: x.from_id,
      from: `${x.from_code} ${x.from_name}（${x.from_edition}）`,
      kind: KIND_NAMES[x.kind],
      to: x.to_code ? `${x.to_code} ${x.to_name}` : "",
      toCode: x.to_code ?? "",
      confidence: CONF[x.confidence] ?? x.confidence,
      note: x.note ?? "",
    }));
    return page(
      c,
      <MappingPage
        csrf={c.get("csrf")}
        rows={rows}
        active={activeEdition(db)}
        flash={c.req.query("saved") ? "已保存" : undefined}
        error={err?.message}
      />,
      { title: "旧版类别映射", current: "/admin/categories", status: err?.status },
    );
  };
  r.get("/admin/categories/map", ADMIN, (c) => mapPage(c));
  r.post("/admin/categories/map/:id", ADMIN, async (c) => {
    const f = await formFields(c);
    try {
      saveMapping(c.get("deps").db, requireUser(c), Number(c.req.param("id")), f.toCode ?? "", f.note ?? "");
    } catch (e) {
      if (e instanceof AppError && e.kind === "validation") return mapPage(c, e);
      throw e;
    }
    return c.redirect("/admin/categories/map?saved=1", 303);
  });
  r.get("/admin/categories/migrate", ADMIN, (c) =>
    page(
      c,
      <MigrationPage csrf={c.get("csrf")} report={migrateLegacy(c.get("deps").db, requireUser(c), { dryRun: true })} />,
      { title: "迁移预览", current: "/admin/categories" },
    ),
  );
  r.post("/admin/categories/migrate", ADMIN, (c) =>
    page(
      c,
      <MigrationPage
        csrf={c.get("csrf")}
        report={migrateLegacy(c.get("deps").db, requireUser(c), { dryRun: false })}
      />,
      { title: "迁移结果", current: "/admin/categories" },
    ),
  );
  r.get("/admin/categories/:id", ADMIN, (c) => form(c, Number(c.req.param("id"))));
  r.post("/admin/categories/:id", ADMIN, async (c) => {
    const id = Number(c.req.param("id"));
    const f = await formFields(c);
    const limits: Record<string, Limit> = {};
    const cells: Record<string, LimitCell> = {};
    for (const u of URGENCIES)
      for (const s of STAGES) {
        const k = `${u}.${s}`;
        const amount = f[`amount.${k}`] ?? "";
        const unit = (f[`unit.${k}`] ?? "hour") as TimeUnit,
          mode = (f[`mode.${k}`] ?? "working") as TimeMode;
        cells[k] = { key: k, amount, unit, mode, isDefault: amount === "" };
        if (amount !== "") limits[k] = { amount: Number(amount), unit, mode };
      }
    const v = { filing: f.filingStandard ?? "", closing: f.closingStandard ?? "", active: f.active === "1", cells };
    try {
      saveStandards(c.get("deps").db, requireUser(c), id, {
        filingStandard: v.filing,
        closingStandard: v.closing,
        active: v.active,
        limits,
      });
    } catch (e) {
      if (e instanceof AppError && e.kind === "validation") return form(c, id, v, e);
      throw e;
    }
    return c.redirect("/admin/categories?saved=1", 303);
  });
}
