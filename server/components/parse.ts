// Parsing component import files (CSV or GeoJSON) into raw records with their row numbers.
export type RawRecord = { row: number; fields: Record<string, string> };

/** Header aliases (Chinese or English) → field name. */
const ALIASES: Record<string, string> = {
  code: "code",
  部件编码: "code",
  编码: "code",
  标识码: "code",
  category: "category",
  category_code: "category",
  类别代码: "category",
  小类代码: "category",
  name: "name",
  名称: "name",
  部件名称: "name",
  lng: "lng",
  lon: "lng",
  longitude: "lng",
  经度: "lng",
  x: "lng",
  lat: "lat",
  latitude: "lat",
  纬度: "lat",
  y: "lat",
  status: "status",
  状态: "status",
  owner: "owner",
  owner_dept: "owner",
  权属单位: "owner",
  主管部门: "owner",
  maint: "maint",
  maint_dept: "maint",
  养护单位: "maint",
  address: "address",
  地址: "address",
  位置描述: "address",
  installed_on: "installed_on",
  安装日期: "installed_on",
  初始日期: "installed_on",
  surveyed_on: "surveyed_on",
  普查日期: "surveyed_on",
  变更日期: "surveyed_on",
};

import { splitCsvLine } from "../core/csv.ts";
export { splitCsvLine };

export type ParseResult = { records: RawRecord[]; errors: { row: number; code: string; reason: string }[] };

/** CSV with a header line; row numbers are file line numbers (header = 1). */
export function parseComponentCsv(text: string): ParseResult {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const errors: ParseResult["errors"] = [];
  const records: RawRecord[] = [];
  const header = splitCsvLine(lines[0] ?? "");
  if (!header) return { records, errors: [{ row: 1, code: "", reason: "表头引号未闭合" }] };
  const cols = header.map((h) => ALIASES[h.toLowerCase()] ?? ALIASES[h] ?? null);
  for (const need of ["code", "lng", "lat"]) {
    if (!cols.includes(need))
      return {
        records,
        errors: [{ row: 1, code: "", reason: `表头缺少必需列：${need}（部件编码、经度、纬度为必需）` }],
      };
  }
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === "") continue;
    const f = splitCsvLine(raw);
    if (!f) {
      errors.push({ row: i + 1, code: "", reason: "引号未闭合" });
      continue;
    }
    const fields: Record<string, string> = {};
    cols.forEach((c, k) => {
      if (c && f[k] !== undefined) fields[c] = f[k]!;
    });
    records.push({ row: i + 1, fields });
  }
  return { records, errors };
}

/** GeoJSON FeatureCollection of Points; row numbers are 1-based feature numbers. */
export function parseComponentGeoJson(text: string): ParseResult {
  let doc: any;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    return { records: [], errors: [{ row: 0, code: "", reason: `不是有效的 JSON：${(e as Error).message}` }] };
  }
  if (doc?.type !== "FeatureCollection" || !Array.isArray(doc.features))
    return { records: [], errors: [{ row: 0, code: "", reason: "须为 GeoJSON FeatureCollection" }] };
  const records: RawRecord[] = [];
  const errors: ParseResult["errors"] = [];
  doc.features.forEach((f: any, i: number) => {
    const props = (f?.properties ?? {}) as Record<string, unknown>;
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(props)) {
      const name = ALIASES[k.toLowerCase()] ?? ALIASES[k];
      if (name && v != null) fields[name] = String(v).trim();
    }
    const g = f?.geometry;
    if (g?.type !== "Point" || !Array.isArray(g.coordinates)) {
      errors.push({ row: i + 1, code: fields.code ?? "", reason: `几何须为 Point，实际为 ${g?.type ?? "空"}` });
      return;
    }
    fields.lng = String(g.coordinates[0]);
    fields.lat = String(g.coordinates[1]);
    records.push({ row: i + 1, fields });
  });
  return { records, errors };
}
