// Admin pages: unit grids (list, import/export GeoJSON, point lookup) and responsibility grids.
import type { NavEntry } from "../core/nav.ts";
import type { Router, Ctx } from "../core/http.ts";
import { formFields, formList, requireUser, isPartial, html, idParam } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { AppError, NotFound } from "../core/errors.ts";
import type { Crs } from "../core/coords.ts";
import { lookupGrid } from "./lookup.ts";
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
  const where = q ? "WHERE g.code LIKE ?1 OR g.name LIKE ?2 OR cm.name LIKE ?2 OR t.name LIKE ?2" : "";
  const args = q ? [q + "%", `%${q}%`] : [];
  const total = (
    db.sqlite
      .query(
        `SELECT count(*) AS n FROM grids g JOIN regions cm ON cm.id = g.community_id JOIN regions t ON t.id = g.town_id ${where}`,
      )
      .get(...args) as { n: number }
  ).n;
  const rows = db.sqlite
    .query(
      `SELECT g.id, g.code, g.name, t.name AS town, cm.name AS community, round(g.area_m2) AS area,
       (SELECT group_concat(r.name, '、') FROM resp_grid_units u JOIN resp_grids r ON r.id = u.resp_grid_id WHERE u.grid_id = g.id) AS resp
     FROM grids g JOIN regions cm ON cm.id = g.community_id JOIN regions t ON t.id = g.town_id ${where} ORDER BY g.code LIMIT ${PAGE} OFFSET ${(pg - 1) * PAGE}`,
    )
    .all(...args) as any[];
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
  const s = db.get("deps").db.sqlite;
  const r = s.query("SELECT code, name FROM resp_grids WHERE id = ?").get(id) as { code: string; name: string } | null;
  if (!r) throw NotFound("责任网格", "resp_grid.not_found");
  const codes = (
    s
      .query(
        "SELECT g.code FROM resp_grid_units u JOIN grids g ON g.id = u.grid_id WHERE u.resp_grid_id = ? ORDER BY g.code",
      )
      .all(id) as { code: string }[]
  ).map((x) => x.code);
  const insp = (
    s.query("SELECT user_id FROM resp_grid_inspectors WHERE resp_grid_id = ?").all(id) as { user_id: number }[]
  ).map((x) => String(x.user_id));
  return { code: r.code, name: r.name, gridCodes: codes.join("\n"), inspectorIds: insp };
}
function respForm(c: Ctx, v: Parameters<typeof RespGridForm>[0]["v"], id?: number, err?: AppError) {
  const inspectors = (
    c
      .get("deps")
      .db.sqlite.query(
        "SELECT u.id, u.name, u.username FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'inspector' WHERE u.active = 1 ORDER BY u.username",
      )
      .all() as { id: number; name: string; username: string }[]
  ).map((u) => ({ value: String(u.id), label: `${u.name}（${u.username}）` }));
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
    const rows = c
      .get("deps")
      .db.sqlite.query(
        `SELECT r.id, r.code, r.name, (SELECT count(*) FROM resp_grid_units u WHERE u.resp_grid_id = r.id) AS units,
         (SELECT group_concat(u.name, '、') FROM resp_grid_inspectors i JOIN users u ON u.id = i.user_id WHERE i.resp_grid_id = r.id) AS inspectors
       FROM resp_grids r ORDER BY r.code`,
      )
      .all() as any[];
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
