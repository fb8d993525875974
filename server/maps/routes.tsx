// Maps: the dispatcher's map page, component vector tiles, GeoJSON layers, point location,
// PMTiles basemaps (Range) and their administration.
import type { NavEntry } from "../core/nav.ts";
import { join } from "node:path";
import type { Router, Ctx } from "../core/http.ts";
import { requireUser, wantsJson } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { NotFound, Validation } from "../core/errors.ts";
import type { Role } from "../core/context.ts";
import type { Db } from "../core/db.ts";
import { registerMapAssets } from "./assets.ts";
import { ComponentTiles, layerVersion } from "./tiles.ts";
import { validTile } from "./mvt.ts";
import { readLngLat } from "./input.ts";
import {
  caseHeat,
  componentCard,
  categoriesForFilter,
  dataExtent,
  gridsGeoJson,
  locate,
  regionsGeoJson,
  tracksGeoJson,
} from "./queries.ts";
import { BASEMAP_NAME, basemapDir, listBasemaps, rangeResponse } from "./basemaps.ts";
import { saveBasemap, deleteBasemap } from "./verbs/save-basemap.ts";
import { MapPage, type MapConfig } from "../../views/maps/map-page.tsx";
import { BasemapAdmin } from "../../views/maps/basemaps.tsx";
import { MapHead } from "../../views/maps/picker.tsx";

/** Roles that see the 地图 entry. */
export const MAP_NAV_ROLES: readonly Role[] = ["dispatcher", "intake", "shift_lead", "leader", "admin"];
/** The page is also open to inspectors (phones). */
export const MAP_ROLES: readonly Role[] = [...MAP_NAV_ROLES, "inspector"];
/**
 * The map's data scope: supervisors (the desk roles above) see every case and every inspector's track;
 * an inspector sees the cases they report or check and their own track only (the scope of /cases/:id).
 */
export function mapOwnerScope(c: Ctx): number | undefined {
  const u = requireUser(c);
  return u.roles.some((r) => MAP_NAV_ROLES.includes(r)) ? undefined : u.userId;
}
const ADMIN = ["admin"] as const;

const tileCaches = new WeakMap<Db, ComponentTiles>();
/** The component tile cache of this database (one per app). */
export function componentTiles(db: Db, dataDir: string): ComponentTiles {
  let t = tileCaches.get(db);
  if (!t) tileCaches.set(db, (t = new ComponentTiles(db, { cacheDir: join(dataDir, "tiles", "components") })));
  return t;
}

function etagJson(c: Ctx, etag: string, body: () => unknown) {
  if (c.req.header("if-none-match") === etag) return new Response(null, { status: 304, headers: { etag } });
  return new Response(JSON.stringify(body()), {
    headers: { "content-type": "application/geo+json; charset=utf-8", etag, "cache-control": "private, no-cache" },
  });
}

const intParam = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : undefined);
const dateParam = (v: string | undefined, field: string) => {
  if (!v) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}/.test(v))
    throw Validation("maps.date", "日期格式应为 YYYY-MM-DD", { [field]: "日期格式不正确" });
  return v;
};

export function mapConfig(c: Ctx): MapConfig {
  const { db, config } = c.get("deps");
  return {
    extent: dataExtent(db),
    tiles: `/api/maps/tiles/components/{z}/{x}/{y}?v=${layerVersion(db, "components")}`,
    grids: `/api/maps/grids.geojson?v=${layerVersion(db, "grids")}`,
    regions: `/api/maps/regions.geojson?v=${layerVersion(db, "regions")}`,
    basemaps: listBasemaps(config.dataDir).map((b) => ({
      name: b.name,
      url: `/maps/basemaps/${b.name}`,
      tileType: b.tileType,
      maxZoom: b.maxZoom,
    })),
  };
}

export const NAV: NavEntry[] = [
  { href: "/map", label: "地图", group: "综合", roles: MAP_NAV_ROLES, order: 60 },
  { href: "/admin/maps", label: "底图与瓦片", group: "系统管理", roles: ADMIN, order: 95 },
];

export function registerMaps(r: Router) {
  registerMapAssets();

  r.get("/map", MAP_ROLES, (c) => {
    const u = requireUser(c);
    const { db } = c.get("deps");
    const mobile = u.roles.length === 1 && u.roles[0] === "inspector";
    return page(c, <MapPage config={mapConfig(c)} categories={categoriesForFilter(db)} mobile={mobile} />, {
      title: "地图",
      layout: mobile ? "mobile" : "desk",
      head: <MapHead />,
    });
  });

  r.get("/api/maps/tiles/components/:z/:x/:y", "user", (c) => {
    const { db, config } = c.get("deps");
    const z = Number(c.req.param("z"));
    const x = Number(c.req.param("x"));
    const y = Number((c.req.param("y") ?? "").replace(/\.(mvt|pbf)$/, ""));
    if (!validTile(z, x, y)) throw NotFound("瓦片", "maps.tile");
    const t = componentTiles(db, config.dataDir).get(z, x, y);
    const immutable = c.req.query("v") === String(t.version);
    return new Response(t.data as Uint8Array<ArrayBuffer>, {
      headers: {
        "content-type": "application/vnd.mapbox-vector-tile",
        "cache-control": immutable ? "private, max-age=86400, immutable" : "private, no-cache",
        etag: `"c${t.version}"`,
        "x-tile-source": t.source,
      },
    });
  });

  r.get("/api/maps/components/:id", "user", (c) => {
    const card = componentCard(c.get("deps").db, intParam(c.req.param("id")) ?? 0);
    if (!card) throw NotFound("部件", "maps.component");
    return c.json(card);
  });

  r.get("/api/maps/grids.geojson", "user", (c) => {
    const { db } = c.get("deps");
    return etagJson(c, `"g${layerVersion(db, "grids")}"`, () => gridsGeoJson(db));
  });
  r.get("/api/maps/regions.geojson", "user", (c) => {
    const { db } = c.get("deps");
    return etagJson(c, `"r${layerVersion(db, "regions")}"`, () => regionsGeoJson(db));
  });

  r.get("/api/maps/locate", "user", (c) => {
    const { db } = c.get("deps");
    const p = readLngLat({ lng: c.req.query("lng"), lat: c.req.query("lat"), crs: c.req.query("crs") });
    const limit = Math.min(intParam(c.req.query("limit")) ?? 5, 20);
    return c.json({ crs: p.crs, input: p.input, ...locate(db, p.lng, p.lat, limit) });
  });

  r.get("/api/maps/heat", MAP_ROLES, (c) => {
    const { db } = c.get("deps");
    return c.json(
      caseHeat(db, {
        ownerId: mapOwnerScope(c),
        categoryId: intParam(c.req.query("category")),
        from: dateParam(c.req.query("from"), "from"),
        to: dateParam(c.req.query("to"), "to"),
      }),
    );
  });
  r.get("/api/maps/tracks.geojson", MAP_ROLES, (c) => {
    const { db } = c.get("deps");
    const day = dateParam(c.req.query("day"), "day") ?? new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    return c.json(tracksGeoJson(db, day, mapOwnerScope(c)));
  });

  r.get("/maps/basemaps/:name", "user", (c) => {
    const name = c.req.param("name") ?? "";
    if (!BASEMAP_NAME.test(name)) throw NotFound("底图", "maps.basemap");
    const p = join(basemapDir(c.get("deps").config.dataDir), name);
    if (!Bun.file(p).size) throw NotFound("底图", "maps.basemap");
    return rangeResponse(p, c.req.header("range"));
  });

  // ---- administration ----
  const adminPage = (c: Ctx, error?: string, status?: number) => {
    const { db, config } = c.get("deps");
    const tiles = componentTiles(db, config.dataDir);
    return page(
      c,
      <BasemapAdmin
        csrf={c.get("csrf")}
        basemaps={listBasemaps(config.dataDir)}
        dir={basemapDir(config.dataDir)}
        version={tiles.version()}
        memory={tiles.memoryStats}
        error={error}
      />,
      { title: "底图与瓦片", status },
    );
  };
  r.get("/admin/maps", ADMIN, (c) => adminPage(c));
  r.post("/admin/maps/basemaps", ADMIN, async (c) => {
    const u = requireUser(c);
    const body = await c.req.parseBody();
    const f = body.file;
    if (!(f instanceof File) || f.size === 0) return adminPage(c, "请选择 .pmtiles 文件", 422);
    try {
      saveBasemap(c.get("deps").db, u, {
        dataDir: c.get("deps").config.dataDir,
        name: f.name,
        bytes: new Uint8Array(await f.arrayBuffer()),
      });
    } catch (e) {
      if (wantsJson(c)) throw e;
      return adminPage(c, (e as Error).message, 422);
    }
    return c.redirect("/admin/maps", 303);
  });
  r.post("/admin/maps/basemaps/:name/delete", ADMIN, (c) => {
    deleteBasemap(c.get("deps").db, requireUser(c), {
      dataDir: c.get("deps").config.dataDir,
      name: c.req.param("name") ?? "",
    });
    return c.redirect("/admin/maps", 303);
  });
  r.post("/admin/maps/tiles/clear", ADMIN, (c) => {
    const { db, config } = c.get("deps");
    componentTiles(db, config.dataDir).clear();
    return c.redirect("/admin/maps", 303);
  });
}
