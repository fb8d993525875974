/**
 * Coordinate reference systems seen in Chinese field data.
 *
 * - WGS-84 (GPS) and CGCS2000 (the national frame, what Wanmi stores) are
 *   treated as identical: they differ by centimetres, far below grid scale.
 * - GCJ-02 ("Mars" coordinates): the obfuscated frame used by Chinese map
 *   apps (Amap/Gaode, Tencent, Google China) and by phones' location APIs
 *   when a Chinese map SDK is in use. Offsets are a few hundred metres.
 * - BD-09: Baidu's extra offset on top of GCJ-02.
 *
 * The GCJ-02 forward transform is the widely published algorithm with the
 * Krasovsky ellipsoid constants (a = 6378245.0, ee = 0.00669342162296594323).
 * It has no closed-form inverse; `gcj02ToWgs84` inverts it by fixed-point
 * iteration to ~1e-9° (sub-millimetre), not the common one-step
 * approximation that is off by up to a couple of metres.
 *
 * All functions take and return (lng, lat) in degrees, in that order, as
 * GeoJSON does. Pure module: no I/O.
 */

export type Crs = "wgs84" | "cgcs2000" | "gcj02" | "bd09";
export type LngLat = [lng: number, lat: number];

const KRASOVSKY_A = 6378245.0;
const KRASOVSKY_EE = 0.00669342162296594323;
const X_PI = (Math.PI * 3000.0) / 180.0;
/** Mean Earth radius (IUGG), metres. */
export const EARTH_MEAN_RADIUS_M = 6371008.8;

/** Iteration stop threshold in degrees (~0.1 mm). */
const INVERSE_EPS_DEG = 1e-9;
const INVERSE_MAX_ITER = 30;

/**
 * Whether a point is outside the rectangle where GCJ-02 applies. This is the
 * conventional bounding box used by every public implementation (it is not
 * the real border); outside it GCJ-02 equals WGS-84.
 */
export function outOfChina(lng: number, lat: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320.0 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return ret;
}

function transformLng(x: number, y: number): number {
  let ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return ret;
}

/** GCJ-02 offset (degrees) to add to a WGS-84 point. */
function gcjDelta(lng: number, lat: number): LngLat {
  let dLat = transformLat(lng - 105.0, lat - 35.0);
  let dLng = transformLng(lng - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - KRASOVSKY_EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180.0) / ((KRASOVSKY_A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [dLng, dLat];
}

function assertFinite(lng: number, lat: number): void {
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) throw new RangeError("coordinates must be finite numbers");
}

/** WGS-84 → GCJ-02. Identity outside China. */
export function wgs84ToGcj02(lng: number, lat: number): LngLat {
  assertFinite(lng, lat);
  if (outOfChina(lng, lat)) return [lng, lat];
  const [dLng, dLat] = gcjDelta(lng, lat);
  return [lng + dLng, lat + dLat];
}

/**
 * Invert a forward transform f by fixed-point iteration: find w with f(w) = g.
 * The offsets vary slowly (their derivative is ~1e-3), so each step gains
 * about three digits; 3–4 iterations reach 1e-9°.
 */
function invert(g: LngLat, f: (lng: number, lat: number) => LngLat): LngLat {
  let wLng = g[0];
  let wLat = g[1];
  for (let i = 0; i < INVERSE_MAX_ITER; i++) {
    const [fLng, fLat] = f(wLng, wLat);
    const eLng = g[0] - fLng;
    const eLat = g[1] - fLat;
    wLng += eLng;
    wLat += eLat;
    if (Math.abs(eLng) < INVERSE_EPS_DEG && Math.abs(eLat) < INVERSE_EPS_DEG) break;
  }
  return [wLng, wLat];
}

/**
 * GCJ-02 → WGS-84, iterative (round-trip error well under 1 mm inside China).
 * Identity outside China.
 */
export function gcj02ToWgs84(lng: number, lat: number): LngLat {
  assertFinite(lng, lat);
  if (outOfChina(lng, lat)) return [lng, lat];
  return invert([lng, lat], wgs84ToGcj02);
}

/** GCJ-02 → BD-09 (Baidu's published forward formula). */
export function gcj02ToBd09(lng: number, lat: number): LngLat {
  assertFinite(lng, lat);
  const z = Math.sqrt(lng * lng + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
  const theta = Math.atan2(lat, lng) + 0.000003 * Math.cos(lng * X_PI);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

/**
 * BD-09 → GCJ-02. Starts from the usual closed-form approximation and refines
 * it by iterating the forward formula, so `gcj02ToBd09(bd09ToGcj02(p)) ≈ p`
 * to ~1e-9°.
 */
export function bd09ToGcj02(lng: number, lat: number): LngLat {
  assertFinite(lng, lat);
  const x = lng - 0.0065;
  const y = lat - 0.006;
  const z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * X_PI);
  const theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * X_PI);
  const approx: LngLat = [z * Math.cos(theta), z * Math.sin(theta)];
  // Refine: w ← w + (target − f(w)).
  let [wLng, wLat] = approx;
  for (let i = 0; i < INVERSE_MAX_ITER; i++) {
    const [fLng, fLat] = gcj02ToBd09(wLng, wLat);
    const eLng = lng - fLng;
    const eLat = lat - fLat;
    wLng += eLng;
    wLat += eLat;
    if (Math.abs(eLng) < INVERSE_EPS_DEG && Math.abs(eLat) < INVERSE_EPS_DEG) break;
  }
  return [wLng, wLat];
}

/** WGS-84 → BD-09 (via GCJ-02). */
export function wgs84ToBd09(lng: number, lat: number): LngLat {
  const [gLng, gLat] = wgs84ToGcj02(lng, lat);
  return gcj02ToBd09(gLng, gLat);
}

/** BD-09 → WGS-84 (via GCJ-02, both steps iterative). */
export function bd09ToWgs84(lng: number, lat: number): LngLat {
  const [gLng, gLat] = bd09ToGcj02(lng, lat);
  return gcj02ToWgs84(gLng, gLat);
}

/** Convert a point in any supported CRS to WGS-84/CGCS2000 (what Wanmi stores). */
export function toWgs84(lng: number, lat: number, crs: Crs): LngLat {
  switch (crs) {
    case "wgs84":
    case "cgcs2000":
      assertFinite(lng, lat);
      return [lng, lat];
    case "gcj02":
      return gcj02ToWgs84(lng, lat);
    case "bd09":
      return bd09ToWgs84(lng, lat);
    default:
      throw new RangeError(`unknown CRS ${String(crs)}`);
  }
}

/** Convert a WGS-84/CGCS2000 point to another CRS (e.g. for a GCJ-02 base map). */
export function fromWgs84(lng: number, lat: number, crs: Crs): LngLat {
  switch (crs) {
    case "wgs84":
    case "cgcs2000":
      assertFinite(lng, lat);
      return [lng, lat];
    case "gcj02":
      return wgs84ToGcj02(lng, lat);
    case "bd09":
      return wgs84ToBd09(lng, lat);
    default:
      throw new RangeError(`unknown CRS ${String(crs)}`);
  }
}

/** Great-circle distance in metres on a sphere of the mean Earth radius. */
export function haversineMeters(a: LngLat | readonly [number, number], b: LngLat | readonly [number, number]): number {
  const toRad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * toRad;
  const dLng = (b[0] - a[0]) * toRad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * toRad) * Math.cos(b[1] * toRad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_MEAN_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}
