// Admin pages: unit grids (list, import/export GeoJSON, point lookup) and responsibility grids.
import type { NavEntry } from "../core/nav.ts";
import type { Router, Ctx } from "../core/http.ts";
import { formFields, formList, requireUser, isPartial, html, idParam } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { AppError, NotFound } from "../core/errors.ts";
import type { Crs } from "../core/coords.ts";
import { lookupGrid } from "./lookup.ts";
import { activeInspectors, gridPage, respGridById, respGridList } from "./queries.ts";
import { importGrids, exportGrids } from "./verbs/import-grids.ts";
import { saveRespGrid } from "./verbs/save-resp-grid.ts";
import { GridsPage, LookupResult, RespGridsPage, RespGridForm } from "../../views/admin/reference.tsx";

const ADMIN = ["admin"] as const;
const PAGE = 50;
const CRS = ["wgs84", "cgcs2000", "gcj02", "bd09"];

function gridsPage(c: Ctx, extra: Partial<Parameters<typeof GridsPage>[0]> = {}, status?: number) {
  const db = c.get("deps").db;
  const q = (c.req.query("q") ?? "").trim();
  const pg = Math.max(1, Number(c.req.query("page")) || 1);
  const { total, rows } = gridPage(db, q, PAGE, (pg - 1) * PAGE);
  return page(
    c,
    <GridsPage
      csrf={c.get("csrf")}
      rows={rows}
      total={total}
      q={q}
      page={pg}
      pages={Math.ceil(total / PAGE)}
      {...extra}
    />,
    { title: "单元网格", current: "/admin/grids", status },
  );
}

function respValues(db: Ctx, id: number) {
  const r = respGridById(db.get("deps").db, id);
  if (!r) throw NotFound("责任网格", "resp_grid.not_found");
  return { code: r.code, name: r.name, gridCodes: r.gridCodes.join("\n"), inspectorIds: r.inspectorIds.map(String) };
}
function respForm(c: Ctx, v: Parameters<typeof RespGridForm>[0]["v"], id?: number, err?: AppError) {
  const inspectors = activeInspectors(c.get("deps").db).map((u) => ({
    value: String(u.id),
    label: `${u.name}（${u.username}）`,
  }));
  return page(
    c,
    <RespGridForm
      id={id}
      csrf={c.get("csrf")}
      v={v}
      inspectors={inspectors}
      errors={err?.fields ?? {}}
      error={err?.message}
    />,
    { title: "责任网格", current: "/admin/resp-grids", status: err?.status },
  );
}
async function readResp(c: Ctx) {
  const f = await formFields(c);
  const ids = await formList(c, "inspectorIds");
  return {
    v: { code: f.code ?? "", name: f.name ?? "", gridCodes: f.gridCodes ?? "", inspectorIds: ids },
    input: {
      code: f.code ?? "",
      name: f.name ?? "",
      gridCodes: (f.gridCodes ?? "").split(/[\s,，]+/),
      inspectorIds: ids.map(Number).filter((n) => n > 0),
    },
  };
}

export const NAV: NavEntry[] = [
  { href: "/admin/grids", label: "单元网格", group: "基础数据", roles: ADMIN, order: 80 },
  { href: "/admin/resp-grids", label: "责任网格", group: "基础数据", roles: ADMIN, order: 81 },
];

export function registerGrid(r: Router) {
  r.get("/admin/grids", ADMIN, (c) => gridsPage(c));
  r.get("/admin/grids/lookup", ADMIN, (c) => {
    const lng = c.req.query("lng") ?? "",
      lat = c.req.query("lat") ?? "";
    const x = Number(lng),
      y = Number(lat);
    const bad = !lng || !lat || !Number.isFinite(x) || !Number.isFinite(y);
    const hit = bad ? null : lookupGrid(c.get("deps").db, x, y);
    if (isPartial(c)) return html(c, <LookupResult hit={hit} error={bad ? "请输入有效的经纬度数字" : undefined} />);
    return gridsPage(c, { lookup: { lng, lat, hit } });
  });
  r.post("/admin/grids/import", ADMIN, async (c) => {
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) return gridsPage(c, { error: "请选择 GeoJSON 文件" }, 422);
    const crs = (CRS.includes(String(body.crs)) ? String(body.crs) : "wgs84") as Crs;
    try {
      const res = importGrids(c.get("deps").db, requireUser(c), { fileName: file.name, text: await file.text(), crs });
      return gridsPage(c, {
        imported: {
          created: res.created,
          updated: res.updated,
          rejected: res.rejected.map((x) => ({ row: x.feature, code: x.code, reason: x.reason })),
        },
      });
    } catch (e) {
      if (e instanceof AppError && e.kind === "validation") return gridsPage(c, { error: e.message }, 422);
      throw e;
    }
  });
  r.get("/admin/grids/export.geojson", ADMIN, (c) => {
    c.header("content-disposition", 'attachment; filename="grids.geojson"');
    return c.json(exportGrids(c.get("deps").db));
  });

  r.get("/admin/resp-grids", ADMIN, (c) => {
    const rows = respGridList(c.get("deps").db);
    return page(c, <RespGridsPage rows={rows} />, { title: "责任网格" });
  });
  r.get("/admin/resp-grids/new", ADMIN, (c) => respForm(c, { code: "", name: "", gridCodes: "", inspectorIds: [] }));
  r.post("/admin/resp-grids", ADMIN, async (c) => {
    const { v, input } = await readResp(c);
    try {
      saveRespGrid(c.get("deps").db, requireUser(c), input);
    } catch (e) {
      if (e instanceof AppError && e.kind !== "internal") return respForm(c, v, undefined, e);
      throw e;
    }
    return c.redirect("/admin/resp-grids", 303);
  });
  r.get("/admin/resp-grids/:id", ADMIN, (c) => {
    const id = idParam(c);
    return respForm(c, respValues(c, id), id);
  });
  r.post("/admin/resp-grids/:id", ADMIN, async (c) => {
    const id = idParam(c);
    const { v, input } = await readResp(c);
    try {
      saveRespGrid(c.get("deps").db, requireUser(c), input, id);
    } catch (e) {
      if (e instanceof AppError && e.kind !== "internal") return respForm(c, v, id, e);
      throw e;
    }
    return c.redirect("/admin/resp-grids", 303);
  });
}
