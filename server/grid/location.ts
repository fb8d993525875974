// Location checks for every report channel (desk, phone, portal, Open311): one rule.
//   (0,0), non-finite or out-of-range coordinates      refused  location.invalid / location.zero
//   outside the county's extent (grids' box + margin)  refused  location.outside_county
//   inside the extent but outside every unit grid       ok, grid null: the channel asks for confirmation
//                                                       and intake verifies the place (位置待核实)
import type { Db } from "../core/db.ts";
import { lookupGrid, type GridHit } from "./lookup.ts";

/** Degrees around the grids' bounding box still counted as the county (≈ 5 km). */
export const EXTENT_MARGIN = 0.05;
export const OUTSIDE_GRIDS_QUESTION = "该位置不在任何单元网格内，提交后将由受理员核实位置，确认提交？";

export type Extent = { minLng: number; minLat: number; maxLng: number; maxLat: number };

/** The county's extent: the bounding box of all grids (null before grids are imported). */
export function countyExtent(db: Db): Extent | null {
  const r = db.sqlite
    .query<{ minLng: number | null; minLat: number; maxLng: number; maxLat: number }, []>(
      "SELECT min(min_lng) AS minLng, min(min_lat) AS minLat, max(max_lng) AS maxLng, max(max_lat) AS maxLat FROM grids",
    )
    .get();
  return r && r.minLng !== null ? (r as Extent) : null;
}

export type LocationCheck =
  | { ok: true; grid: GridHit | null }
  | { ok: false; code: "location.invalid" | "location.zero" | "location.outside_county"; message: string };

export function checkLocation(db: Db, lng: number, lat: number): LocationCheck {
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lat) > 90 || Math.abs(lng) > 180)
    return { ok: false, code: "location.invalid", message: "经纬度无效，请重新选点" };
  if (lng === 0 && lat === 0)
    return { ok: false, code: "location.zero", message: "位置为 (0,0)，不是有效位置，请重新定位或选点" };
  const e = countyExtent(db);
  if (
    e &&
    (lng < e.minLng - EXTENT_MARGIN ||
      lng > e.maxLng + EXTENT_MARGIN ||
      lat < e.minLat - EXTENT_MARGIN ||
      lat > e.maxLat + EXTENT_MARGIN)
  )
    return {
      ok: false,
      code: "location.outside_county",
      message: `位置 (${lat}, ${lng}) 不在本县范围内（纬度 ${e.minLat.toFixed(3)}–${e.maxLat.toFixed(3)}，经度 ${e.minLng.toFixed(3)}–${e.maxLng.toFixed(3)}），请重新选点`,
    };
  return { ok: true, grid: lookupGrid(db, lng, lat) };
}
