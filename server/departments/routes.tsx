// Admin page: routing rules (派遣规则) and the "who would get this?" tester.
import type { NavEntry } from "../core/nav.ts";
import type { Router, Ctx } from "../core/http.ts";
import { formFields, requireUser, html, isPartial } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { AppError, NotFound } from "../core/errors.ts";
import { listDepartments, routingCategories, routingRegions, routingRules } from "./queries.ts";
import { gridIdByCode } from "../grid/index.ts";
import { proposeDepartment } from "./routing.ts";
import { saveRoutingRule, deleteRoutingRule } from "./verbs/save-routing-rule.ts";
import { lookupGrid } from "../grid/index.ts";
import { RoutingPage, RouteResult } from "../../views/admin/reference.tsx";

const ADMIN = ["admin"] as const;
type V = { categoryId: string; regionId: string; gridCode: string; departmentId: string; note: string };
const EMPTY: V = { categoryId: "", regionId: "", gridCode: "", departmentId: "", note: "" };

function routingPage(c: Ctx, v: V = EMPTY, err?: AppError) {
  const db = c.get("deps").db;
  const rows = routingRules(db).map((r) => ({
    id: r.id,
    note: r.note,
    dept: r.dept,
    category: r.ccode ? `${r.ccode} ${r.cname}（${r.edition}）` : "所有类别",
    place: r.grid ? `网格 ${r.grid}` : (r.region ?? "全县"),
    level: r.grid
      ? "单元网格"
      : r.rlevel === "community"
        ? "社区"
        : r.region
          ? "街道/乡镇"
          : r.ccode
            ? "类别默认"
            : "全局默认",
  }));
  const categories = routingCategories(db).map((k) => ({
    value: String(k.id),
    label: `${k.kind === "event" ? "事件" : "部件"} ${k.code} ${k.small_name}`,
  }));
  const regions = routingRegions(db).map((x) => ({
    value: String(x.id),
    label: `${x.level === "community" ? "　" : ""}${x.name}（${x.code}）`,
  }));
  const depts = listDepartments(db, { activeOnly: true }).map((d) => ({
    value: String(d.id),
    label: d.name,
  }));
  return page(
    c,
    <RoutingPage
      csrf={c.get("csrf")}
      rows={rows}
      categories={categories}
      regions={regions}
      depts={depts}
      errors={err?.fields ?? {}}
      error={err?.message}
      flash={c.req.query("saved") ? "已保存" : undefined}
      v={v}
      test={{ categoryId: "", lng: "115.905", lat: "28.663" }}
    />,
    { title: "派遣规则", current: "/admin/routing", status: err?.status },
  );
}

export const NAV: NavEntry[] = [
  { href: "/admin/routing", label: "派遣规则", group: "基础数据", roles: ADMIN, order: 84 },
];

export function registerRouting(r: Router) {
  r.get("/admin/routing", ADMIN, (c) => routingPage(c));
  r.get("/admin/routing/test", ADMIN, (c) => {
    const db = c.get("deps").db;
    const categoryId = Number(c.req.query("categoryId")),
      lng = Number(c.req.query("lng")),
      lat = Number(c.req.query("lat"));
    let node;
    if (!categoryId || !Number.isFinite(lng) || !Number.isFinite(lat) || !c.req.query("lng") || !c.req.query("lat"))
      node = <RouteResult error="请选择类别并输入有效的经纬度" />;
    else {
      const hit = lookupGrid(db, lng, lat);
      const p = proposeDepartment(db, { categoryId, gridId: hit?.gridId ?? null });
      node = (
        <RouteResult
          grid={hit ? `${hit.gridCode}（${hit.townName} ${hit.communityName}）` : null}
          dept={p?.departmentName ?? null}
          rule={p?.rule ?? null}
        />
      );
    }
    if (isPartial(c)) return html(c, node);
    return page(c, node, { title: "派遣测试", current: "/admin/routing" });
  });
  r.post("/admin/routing", ADMIN, async (c) => {
    const f = await formFields(c);
    const v: V = {
      categoryId: f.categoryId ?? "",
      regionId: f.regionId ?? "",
      gridCode: f.gridCode ?? "",
      departmentId: f.departmentId ?? "",
      note: f.note ?? "",
    };
    try {
      const db = c.get("deps").db;
      let gridId: number | null = null;
      if (v.gridCode) {
        const g = gridIdByCode(db, v.gridCode);
        if (g === null)
          throw new AppError("validation", "routing.grid_missing", "单元网格不存在", {
            gridId: `网格编码 ${v.gridCode} 不存在`,
          });
        gridId = g;
      }
      saveRoutingRule(db, requireUser(c), {
        categoryId: v.categoryId ? Number(v.categoryId) : null,
        regionId: v.regionId ? Number(v.regionId) : null,
        gridId,
        departmentId: Number(v.departmentId) || 0,
        note: v.note || null,
      });
    } catch (e) {
      if (e instanceof AppError && e.kind !== "internal") return routingPage(c, v, e);
      throw e;
    }
    return c.redirect("/admin/routing?saved=1", 303);
  });
  r.post("/admin/routing/:id/delete", ADMIN, (c) => {
    const id = Number(c.req.param("id"));
    if (!Number.isInteger(id) || id <= 0) throw NotFound();
    deleteRoutingRule(c.get("deps").db, requireUser(c), id);
    return c.redirect("/admin/routing?saved=1", 303);
  });
}
