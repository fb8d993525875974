/**
 * Point-in-polygon lookup for unit grids (单元网格), and polygon validation.
 *
 * Pure module: no DB, no server imports. Coordinates are (lng, lat) degrees
 * in CGCS2000/WGS-84, GeoJSON order. Computation is planar on degrees, which
 * is what "inside a polygon drawn on a map" means at grid scale.
 *
 * Edge rule (deterministic): a grid *contains* a point when the point lies in
 * its closed polygon — interior or boundary (outer ring or hole ring), where
 * "on the boundary" means within EDGE_EPSILON_DEG (1e-10°, ~0.01 mm) of an
 * edge. A point strictly inside a hole is not contained. `lookup` returns the
 * SMALLEST id (see `compareGridIds`) among the grids that contain the point,
 * so a point on an edge or vertex shared by several grids belongs to exactly
 * one of them, and the answer does not depend on input order. The same rule
 * picks a winner if (invalid) grids overlap.
 */

import Flatbush from "flatbush";

export type Position = readonly number[];
export type PolygonCoordinates = readonly (readonly Position[])[];
export type MultiPolygonCoordinates = readonly PolygonCoordinates[];
export type PolygonGeometry =
  | { type: "Polygon"; coordinates: PolygonCoordinates }
  | { type: "MultiPolygon"; coordinates: MultiPolygonCoordinates };
export type GridId = number | string;

export interface GridInput {
  id: GridId;
  /** A GeoJSON Polygon/MultiPolygon geometry, or bare coordinates of either (told apart by nesting depth). */
  polygon: PolygonGeometry | PolygonCoordinates | MultiPolygonCoordinates;
}

export interface GridIndex {
  /** Number of grids indexed. */
  readonly size: number;
  /** The grid containing the point (smallest id on shared boundaries), or null. */
  lookup(lng: number, lat: number): GridId | null;
  /** Every grid whose closed polygon contains the point, sorted by `compareGridIds`. */
  lookupAll(lng: number, lat: number): GridId[];
}

export type PolygonIssueCode =
  | "GEOM_TYPE"
  | "GEOM_STRUCTURE"
  | "GEOM_EMPTY"
  | "GEOM_COORD_NOT_NUMBER"
  | "GEOM_COORD_RANGE"
  | "GEOM_RING_TOO_SHORT"
  | "GEOM_RING_NOT_CLOSED"
  | "GEOM_ZERO_AREA"
  | "GEOM_SELF_INTERSECTION";

export interface PolygonIssue {
  code: PolygonIssueCode;
  /** Chinese, for the administrator. */
  reason: string;
  /** 0-based polygon index (always 0 for a Polygon), when the issue is inside one. */
  polygon?: number;
  /** 0-based ring index: 0 = outer ring, 1.. = holes. */
  ring?: number;
  /** 0-based position index within the ring. */
  position?: number;
}

export interface GridIssue extends PolygonIssue {
  id: GridId;
}

/** Thrown by `buildGridIndex` when input grids are invalid; carries every problem found. */
export class GridIndexError extends Error {
  constructor(readonly issues: GridIssue[]) {
    super(`invalid grids: ${issues.map((i) => `${String(i.id)}: ${i.code}`).join("; ")}`);
    this.name = "GridIndexError";
  }
}

/** Distance (degrees) within which a point counts as on an edge. */
export const EDGE_EPSILON_DEG = 1e-10;

/**
 * Total order on grid ids: numbers before strings, numbers by value, strings
 * by UTF-16 code units (so equal-length digit codes such as 15-digit grid
 * codes sort numerically).
 */
export function compareGridIds(a: GridId, b: GridId): number {
  if (typeof a === "number") {
    if (typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
    return -1;
  }
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------
// Geometry normalisation

type Normalized =
  | { kind: "ok"; type: "Polygon" | "MultiPolygon"; polygons: unknown[][] }
  | { kind: "error"; issue: PolygonIssue };

function normalize(geometry: unknown): Normalized {
  let type: string;
  let coords: unknown;
  if (Array.isArray(geometry)) {
    // Bare coordinates: Polygon = Position[][] (depth 3), MultiPolygon = depth 4.
    const probe = (geometry as unknown[][][])[0]?.[0]?.[0];
    if (typeof probe === "number") type = "Polygon";
    else if (Array.isArray(probe)) type = "MultiPolygon";
    else
      return {
        kind: "error",
        issue: { code: "GEOM_STRUCTURE", reason: "坐标结构错误：无法识别为 Polygon 或 MultiPolygon 坐标" },
      };
    coords = geometry;
  } else if (geometry !== null && typeof geometry === "object" && "type" in geometry) {
    type = String((geometry as { type: unknown }).type);
    coords = (geometry as { coordinates?: unknown }).coordinates;
  } else {
    return { kind: "error", issue: { code: "GEOM_TYPE", reason: "几何必须是 GeoJSON 的 Polygon 或 MultiPolygon" } };
  }
  if (type !== "Polygon" && type !== "MultiPolygon") {
    return {
      kind: "error",
      issue: { code: "GEOM_TYPE", reason: `几何类型必须是 Polygon 或 MultiPolygon，实际为 ${type}` },
    };
  }
  if (!Array.isArray(coords)) {
    return { kind: "error", issue: { code: "GEOM_STRUCTURE", reason: "坐标结构错误：coordinates 必须是数组" } };
  }
  const polygons = (type === "Polygon" ? [coords] : coords) as unknown[];
  if (polygons.length === 0)
    return { kind: "error", issue: { code: "GEOM_EMPTY", reason: "几何为空：没有任何多边形" } };
  for (let p = 0; p < polygons.length; p++) {
    const rings = polygons[p];
    if (!Array.isArray(rings)) {
      return {
        kind: "error",
        issue: { code: "GEOM_STRUCTURE", reason: `坐标结构错误：第 ${p + 1} 个多边形不是数组`, polygon: p },
      };
    }
    if (rings.length === 0) {
      return { kind: "error", issue: { code: "GEOM_EMPTY", reason: `第 ${p + 1} 个多边形没有任何环`, polygon: p } };
    }
    for (let r = 0; r < rings.length; r++) {
      if (!Array.isArray(rings[r])) {
        return {
          kind: "error",
          issue: { code: "GEOM_STRUCTURE", reason: `坐标结构错误：${where(type, p, r)}不是数组`, polygon: p, ring: r },
        };
      }
    }
  }
  return { kind: "ok", type, polygons: polygons as unknown[][] };
}

function where(type: string, p: number, r: number): string {
  const ring = r === 0 ? "外环" : `第 ${r} 个内环（洞）`;
  return type === "MultiPolygon" || p > 0 ? `第 ${p + 1} 个多边形的${ring}` : ring;
}

// ---------------------------------------------------------------------------
// Validation

/**
 * Check a geometry. Returns null when valid, else the first problem found,
 * in this order per ring: structure, numbers, range, length, closure, zero
 * area, self-intersection.
 *
 * Not checked (callers may add later): holes lying inside their shell, rings
 * of one polygon crossing each other, overlaps between MultiPolygon parts.
 * Consecutive duplicate positions are tolerated.
 */
export function validatePolygon(geometry: unknown): PolygonIssue | null {
  const n = normalize(geometry);
  if (n.kind === "error") return n.issue;
  const type = n.type;
  for (let p = 0; p < n.polygons.length; p++) {
    const rings = n.polygons[p]!;
    for (let r = 0; r < rings.length; r++) {
      const issue = validateRing(rings[r] as unknown[], type, p, r);
      if (issue) return issue;
    }
  }
  return null;
}

function validateRing(ring: unknown[], type: string, p: number, r: number): PolygonIssue | null {
  const at = where(type, p, r);
  const loc = { polygon: p, ring: r };
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < ring.length; i++) {
    const pos = ring[i];
    if (!Array.isArray(pos) || pos.length < 2) {
      return {
        code: "GEOM_STRUCTURE",
        reason: `坐标结构错误：${at}第 ${i + 1} 个点不是 [经度, 纬度]`,
        ...loc,
        position: i,
      };
    }
    const [x, y] = pos as unknown[];
    if (typeof x !== "number" || typeof y !== "number" || !Number.isFinite(x) || !Number.isFinite(y)) {
      return { code: "GEOM_COORD_NOT_NUMBER", reason: `${at}第 ${i + 1} 个点的坐标不是有效数字`, ...loc, position: i };
    }
    if (x < -180 || x > 180 || y < -90 || y > 90) {
      return {
        code: "GEOM_COORD_RANGE",
        reason: `${at}第 ${i + 1} 个点超出范围：经度须在 -180 到 180 之间，纬度须在 -90 到 90 之间（实际 ${x}, ${y}）`,
        ...loc,
        position: i,
      };
    }
    xs.push(x);
    ys.push(y);
  }
  if (xs.length < 4) {
    return {
      code: "GEOM_RING_TOO_SHORT",
      reason: `${at}只有 ${xs.length} 个点，至少需要 4 个（首尾为同一点）`,
      ...loc,
    };
  }
  const last = xs.length - 1;
  if (xs[0] !== xs[last] || ys[0] !== ys[last]) {
    return { code: "GEOM_RING_NOT_CLOSED", reason: `${at}未闭合：首点与末点必须相同`, ...loc };
  }
  // Drop consecutive duplicates (zero-length edges).
  const px: number[] = [xs[0]!];
  const py: number[] = [ys[0]!];
  for (let i = 1; i < xs.length; i++) {
    if (xs[i] !== px[px.length - 1] || ys[i] !== py[py.length - 1]) {
      px.push(xs[i]!);
      py.push(ys[i]!);
    }
  }
  if (px.length < 4 || allCollinear(px, py)) {
    return { code: "GEOM_ZERO_AREA", reason: `${at}面积为零（点重合或共线）`, ...loc };
  }
  const hit = findSelfIntersection(px, py);
  if (hit) {
    return {
      code: "GEOM_SELF_INTERSECTION",
      reason: `${at}自相交：第 ${hit[0] + 1} 条边与第 ${hit[1] + 1} 条边相交或重叠`,
      ...loc,
    };
  }
  if (ringArea2(px, py) === 0) {
    return { code: "GEOM_ZERO_AREA", reason: `${at}面积为零`, ...loc };
  }
  return null;
}

/** Twice the signed area (shoelace) of a closed ring given as coordinate arrays. */
function ringArea2(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i + 1 < xs.length; i++) s += xs[i]! * ys[i + 1]! - xs[i + 1]! * ys[i]!;
  return s;
}

function allCollinear(xs: number[], ys: number[]): boolean {
  const x0 = xs[0]!;
  const y0 = ys[0]!;
  const dx = xs[1]! - x0;
  const dy = ys[1]! - y0;
  for (let i = 2; i < xs.length; i++) {
    if (dx * (ys[i]! - y0) - dy * (xs[i]! - x0) !== 0) return false;
  }
  return true;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/** c is collinear with a–b and lies within its bounding box. */
function onSegment(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return (
    orient(ax, ay, bx, by, cx, cy) === 0 &&
    Math.min(ax, bx) <= cx &&
    cx <= Math.max(ax, bx) &&
    Math.min(ay, by) <= cy &&
    cy <= Math.max(ay, by)
  );
}

function segmentsIntersect(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): boolean {
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) return true;
  return (
    onSegment(ax, ay, bx, by, cx, cy) ||
    onSegment(ax, ay, bx, by, dx, dy) ||
    onSegment(cx, cy, dx, dy, ax, ay) ||
    onSegment(cx, cy, dx, dy, bx, by)
  );
}

/**
 * First pair of edges (i < j) that intersect improperly, or null. Edge i runs
 * from position i to i + 1 of a closed ring without consecutive duplicates.
 * Adjacent edges may only share their common vertex; any other contact is an
 * intersection. Edges are swept in order of min x, so typical rings cost far
 * less than the O(n²) worst case.
 */
function findSelfIntersection(xs: number[], ys: number[]): [number, number] | null {
  const m = xs.length - 1; // edges
  const order = Array.from({ length: m }, (_, i) => i).sort(
    (a, b) => Math.min(xs[a]!, xs[a + 1]!) - Math.min(xs[b]!, xs[b + 1]!),
  );
  let found: [number, number] | null = null;
  for (let oi = 0; oi < m; oi++) {
    const i = order[oi]!;
    const ax = xs[i]!,
      ay = ys[i]!,
      bx = xs[i + 1]!,
      by = ys[i + 1]!;
    const maxX = Math.max(ax, bx);
    const minY = Math.min(ay, by);
    const maxY = Math.max(ay, by);
    for (let oj = oi + 1; oj < m; oj++) {
      const j = order[oj]!;
      const cx = xs[j]!,
        cy = ys[j]!,
        dx = xs[j + 1]!,
        dy = ys[j + 1]!;
      if (Math.min(cx, dx) > maxX) break;
      if (Math.max(cy, dy) < minY || Math.min(cy, dy) > maxY) continue;
      const lo = Math.min(i, j);
      const hi = Math.max(i, j);
      let bad: boolean;
      if (hi === lo + 1) {
        // Share xs[hi]: bad only if they fold back over each other.
        const [px, py, qx, qy, rx, ry] = [xs[lo]!, ys[lo]!, xs[hi]!, ys[hi]!, xs[hi + 1]!, ys[hi + 1]!];
        bad = onSegment(px, py, qx, qy, rx, ry) || onSegment(qx, qy, rx, ry, px, py);
      } else if (lo === 0 && hi === m - 1) {
        // First and last edges share the closing vertex.
        const [px, py, qx, qy, rx, ry] = [xs[m - 1]!, ys[m - 1]!, xs[0]!, ys[0]!, xs[1]!, ys[1]!];
        bad = onSegment(px, py, qx, qy, rx, ry) || onSegment(qx, qy, rx, ry, px, py);
      } else {
        bad = segmentsIntersect(ax, ay, bx, by, cx, cy, dx, dy);
      }
      if (bad && (!found || lo < found[0] || (lo === found[0] && hi < found[1]))) found = [lo, hi];
    }
  }
  return found;
}

// ---------------------------------------------------------------------------
// Index

interface Part {
  grid: number;
  /** Flat closed rings: [x0, y0, x1, y1, …, x0, y0]; ring 0 is the shell. */
  rings: Float64Array[];
}

/**
 * Whether the closed polygon (shell minus holes, boundaries included)
 * contains the point. Even-odd ray casting over all rings, with an
 * epsilon-distance boundary test first.
 */
function partContains(part: Part, x: number, y: number): boolean {
  let inside = false;
  const eps = EDGE_EPSILON_DEG;
  const eps2 = eps * eps;
  for (const ring of part.rings) {
    const n = ring.length;
    let xi = ring[0]!;
    let yi = ring[1]!;
    for (let k = 2; k < n; k += 2) {
      const xj = ring[k]!;
      const yj = ring[k + 1]!;
      // Boundary: within eps of segment (xi,yi)–(xj,yj).
      if (
        x >= Math.min(xi, xj) - eps &&
        x <= Math.max(xi, xj) + eps &&
        y >= Math.min(yi, yj) - eps &&
        y <= Math.max(yi, yj) + eps
      ) {
        const dx = xj - xi;
        const dy = yj - yi;
        const len2 = dx * dx + dy * dy;
        let t = len2 === 0 ? 0 : ((x - xi) * dx + (y - yi) * dy) / len2;
        t = t < 0 ? 0 : Math.min(t, 1);
        const ex = x - (xi + t * dx);
        const ey = y - (yi + t * dy);
        if (ex * ex + ey * ey <= eps2) return true;
      }
      // Crossing of the rightward ray, half-open in y.
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      xi = xj;
      yi = yj;
    }
  }
  return inside;
}

/**
 * Whether closed polygon coordinates (one Polygon's rings) contain the point,
 * boundary included. Exposed for callers that hold a single geometry.
 */
export function polygonContains(
  geometry: PolygonGeometry | PolygonCoordinates | MultiPolygonCoordinates,
  lng: number,
  lat: number,
): boolean {
  const n = normalize(geometry);
  if (n.kind === "error") throw new RangeError(n.issue.reason);
  return n.polygons.some((rings) => partContains({ grid: 0, rings: toFlatRings(rings) }, lng, lat));
}

function toFlatRings(rings: unknown[]): Float64Array[] {
  return rings.map((ring) => {
    const pts = ring as number[][];
    const out = new Float64Array(pts.length * 2);
    for (let i = 0; i < pts.length; i++) {
      out[2 * i] = pts[i]![0]!;
      out[2 * i + 1] = pts[i]![1]!;
    }
    return out;
  });
}

/**
 * Build a lookup index over unit grids. Each polygon part's bounding box goes
 * into a Flatbush R-tree; lookups then run an exact point-in-polygon test on
 * the few candidates. Ids must be unique.
 *
 * With `validate` (default true) every geometry goes through
 * `validatePolygon`; all problems are collected and thrown together as a
 * `GridIndexError`. Pass `validate: false` only for geometry validated
 * earlier (e.g. at import); malformed structure still throws.
 */
export function buildGridIndex(grids: readonly GridInput[], options: { validate?: boolean } = {}): GridIndex {
  const validate = options.validate ?? true;
  const issues: GridIssue[] = [];
  const ids: GridId[] = [];
  const seen = new Set<GridId>();
  const parts: Part[] = [];
  for (const g of grids) {
    if (typeof g.id !== "number" && typeof g.id !== "string") {
      issues.push({ id: String(g.id), code: "GEOM_STRUCTURE", reason: "网格编号必须是数字或字符串" });
      continue;
    }
    if (typeof g.id === "number" && !Number.isFinite(g.id)) {
      issues.push({ id: g.id, code: "GEOM_STRUCTURE", reason: "网格编号必须是有限数字" });
      continue;
    }
    if (seen.has(g.id)) {
      issues.push({ id: g.id, code: "GEOM_STRUCTURE", reason: `网格编号重复：${String(g.id)}` });
      continue;
    }
    seen.add(g.id);
    const issue = validate ? validatePolygon(g.polygon) : null;
    const n = normalize(g.polygon);
    if (issue || n.kind === "error") {
      issues.push({ id: g.id, ...(issue ?? (n as { issue: PolygonIssue }).issue) });
      continue;
    }
    const gridIndex = ids.length;
    ids.push(g.id);
    for (const rings of n.polygons) parts.push({ grid: gridIndex, rings: toFlatRings(rings) });
  }
  if (issues.length > 0) throw new GridIndexError(issues);

  // Rank of each grid in id order, so the edge rule compares small integers.
  const rank = new Int32Array(ids.length);
  ids
    .map((_, i) => i)
    .sort((a, b) => compareGridIds(ids[a]!, ids[b]!))
    .forEach((gridIdx, r) => (rank[gridIdx] = r));

  const tree = new Flatbush(Math.max(parts.length, 1));
  const eps = EDGE_EPSILON_DEG;
  for (const part of parts) {
    const shell = part.rings[0]!;
    let minX = Infinity,
      minY = Infinity,
      maxX = -Infinity,
      maxY = -Infinity;
    for (let k = 0; k < shell.length; k += 2) {
      const x = shell[k]!;
      const y = shell[k + 1]!;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    tree.add(minX - eps, minY - eps, maxX + eps, maxY + eps);
  }
  if (parts.length === 0) tree.add(0, 0, 0, 0); // Flatbush needs one item; never matched below.
  tree.finish();

  function candidates(lng: number, lat: number): number[] {
    if (!Number.isFinite(lng) || !Number.isFinite(lat) || parts.length === 0) return [];
    return tree.search(lng, lat, lng, lat);
  }

  return {
    size: ids.length,
    lookup(lng: number, lat: number): GridId | null {
      let best = -1;
      for (const pi of candidates(lng, lat)) {
        const part = parts[pi]!;
        if (best >= 0 && rank[part.grid]! >= rank[best]!) continue;
        if (partContains(part, lng, lat)) best = part.grid;
      }
      return best < 0 ? null : ids[best]!;
    },
    lookupAll(lng: number, lat: number): GridId[] {
      const hits = new Set<number>();
      for (const pi of candidates(lng, lat)) {
        const part = parts[pi]!;
        if (!hits.has(part.grid) && partContains(part, lng, lat)) hits.add(part.grid);
      }
      return [...hits].sort((a, b) => rank[a]! - rank[b]!).map((g) => ids[g]!);
    },
  };
}
