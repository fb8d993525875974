// Coordinates coming from outside (forms, phones, Chinese map apps): explicit CRS, converted to WGS-84.
import { z } from "zod";
import { toWgs84, type Crs, type LngLat } from "../core/coords.ts";
import { Validation } from "../core/errors.ts";

export const CRS_VALUES = ["wgs84", "cgcs2000", "gcj02", "bd09"] as const;
export const CRS_NAMES: Record<Crs, string> = {
  wgs84: "WGS-84 (GPS)",
  cgcs2000: "CGCS2000",
  gcj02: "GCJ-02 (高德/腾讯)",
  bd09: "BD-09 (百度)",
};

const schema = z.object({
  lng: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
  crs: z.enum(CRS_VALUES).default("wgs84"),
});

/**
 * Parse {lng, lat, crs} (strings or numbers; crs defaults to wgs84) and return the WGS-84/CGCS2000
 * point to store. Throws Validation (maps.coords) with a Chinese message.
 */
export function readLngLat(input: { lng?: unknown; lat?: unknown; crs?: unknown }): {
  lng: number;
  lat: number;
  crs: Crs;
  input: LngLat;
} {
  const crs = input.crs === "" || input.crs == null ? undefined : input.crs;
  const p = schema.safeParse({ lng: input.lng ?? "", lat: input.lat ?? "", crs });
  if (!p.success || input.lng === "" || input.lat === "" || input.lng == null || input.lat == null) {
    throw Validation(
      "maps.coords",
      "坐标无效：经度应在 -180~180，纬度应在 -90~90，坐标系为 wgs84/cgcs2000/gcj02/bd09 之一",
      {
        lng: "经度无效",
        lat: "纬度无效",
      },
    );
  }
  const [lng, lat] = toWgs84(p.data.lng, p.data.lat, p.data.crs);
  return { lng: round7(lng), lat: round7(lat), crs: p.data.crs, input: [p.data.lng, p.data.lat] };
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;
