// Import components from CSV or GeoJSON: validates every row, imports good rows in
// transactions of CHUNK rows (progress visible in import_batches), rejects bad rows with
// their row number and reason. Existing codes are updated; every row writes component_changes.
import type { components } from "../tables.ts";
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "../../core/db.ts";
import { tx, nowIso } from "../../core/db.ts";
import { type Actor, actorLabel } from "../../core/context.ts";
import { getSetting } from "../../core/settings.ts";
import { Validation } from "../../core/errors.ts";
import { toWgs84, type Crs } from "../../core/coords.ts";
import { lookupGrid } from "../../grid/index.ts";
import { parseComponentCsv, parseComponentGeoJson, type RawRecord } from "../parse.ts";

export const CHUNK = 5000;
/** At most this many rejected rows are kept in the report (the count is always exact). */
export const REPORT_CAP = 5000;
const STATUS: Record<string, string> = {
  normal: "normal",
  damaged: "damaged",
  lost: "lost",
  removed: "removed",
  完好: "normal",
  正常: "normal",
  破损: "damaged",
  损坏: "damaged",
  丢失: "lost",
  缺失: "lost",
  移除: "removed",
  拆除: "removed",
};
export type Rejected = { row: number; code: string; reason: string };
export type ImportInput = { fileName: string; format: "csv" | "geojson"; text: string; crs?: Crs };

/** Create the batch (status running) and return its id plus a promise that runs the import. */
export function startComponentImport(
  db: Db,
  actor: Actor,
  input: ImportInput,
): { batchId: number; done: Promise<void> } {
  const parsed = input.format === "geojson" ? parseComponentGeoJson(input.text) : parseComponentCsv(input.text);
  if (parsed.records.length === 0 && parsed.errors.length === 1 && parsed.errors[0]!.row <= 1)
    throw Validation("components.import_file", `文件无法导入：${parsed.errors[0]!.reason}`);
  const total = parsed.records.length + parsed.errors.length;
  const { id: batchId } = db.sqlite
    .query<{ id: number }, SQLQueryBindings[]>(
      "INSERT INTO import_batches (kind, file_name, status, total, imported, rejected, report, started_at, user_id) VALUES ('components', ?, 'running', ?, 0, 0, '[]', ?, ?) RETURNING id",
    )
    .get(input.fileName, total, nowIso(), actor.kind === "user" ? actor.userId : null)!;
  const done = run(db, actor, batchId, parsed.records, parsed.errors, input.crs ?? "wgs84").catch((e) => {
    db.sqlite
      .query(
        "UPDATE import_batches SET status = 'failed', finished_at = ?, report = json_insert(coalesce(report, '[]'), '$[#]', json_object('row', 0, 'code', '', 'reason', ?)) WHERE id = ?",
      )
      .run(nowIso(), `导入中断：${(e as Error).message}；中断前已提交的行已导入`, batchId);
  });
  return { batchId, done };
}

/** Run a whole import and wait for it (CLI and tests). */
export async function importComponents(db: Db, actor: Actor, input: ImportInput): Promise<number> {
  const { batchId, done } = startComponentImport(db, actor, input);
  await done;
  return batchId;
}

async function run(db: Db, actor: Actor, batchId: number, records: RawRecord[], parseErrors: Rejected[], crs: Crs) {
  const s = db.sqlite;
  const county = getSetting(db, "county.code");
  const cats = new Map<string, number>();
  for (const c of s
    .query<{ id: number; edition: string; code: string }, []>(
      "SELECT id, edition, code FROM categories WHERE kind = 'component'",
    )
    .all())
    cats.set(`${c.edition === "GB/T 47678.5-2026" ? 5 : 4}:${c.code}`, c.id);
  const depts = new Map<string, number>();
  for (const d of s
    .query<{ id: number; code: string; name: string }, []>("SELECT id, code, name FROM departments")
    .all()) {
    depts.set(d.code, d.id);
    depts.set(d.name, d.id);
  }
  const rejected: Rejected[] = [...parseErrors];
  let rejectedCount = parseErrors.length;
  const reject = (r: Rejected) => {
    rejectedCount++;
    if (rejected.length < REPORT_CAP) rejected.push(r);
  };
  const seen = new Set<string>();
  const label = actorLabel(actor);
  const userId = actor.kind === "user" ? actor.userId : null;
  const byCode = s.prepare<typeof components.$inferSelect, [string]>("SELECT * FROM components WHERE code = ?");
  const ins = s.prepare<
    { id: number },
    SQLQueryBindings[]
  >(`INSERT INTO components (code, category_id, name, lng, lat, grid_id, owner_dept_id, maint_dept_id, status, address, installed_on, surveyed_on, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`);
  const upd = s.prepare(
    `UPDATE components SET category_id = ?, name = ?, lng = ?, lat = ?, grid_id = ?, owner_dept_id = ?, maint_dept_id = ?, status = ?, address = ?, installed_on = ?, surveyed_on = ?, updated_at = ? WHERE id = ?`,
  );
  const change = s.prepare(
    "INSERT INTO component_changes (component_id, at, actor, user_id, action, before, after, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const progress = s.prepare("UPDATE import_batches SET imported = ?, rejected = ? WHERE id = ?");
  let imported = 0;

  for (let start = 0; start < records.length; start += CHUNK) {
    tx(db, () => {
      const now = nowIso();
      for (const rec of records.slice(start, start + CHUNK)) {
        const f = rec.fields;
        const code = (f.code ?? "").trim();
        const bad = (reason: string) => reject({ row: rec.row, code, reason });
        if (!/^\d{16,17}$/.test(code)) {
          bad("部件编码须为 16 位（县代码6+大类2+小类2+序号6）或 17 位（小类3位）数字");
          continue;
        }
        if (!code.startsWith(county)) {
          bad(`部件编码须以本县行政区划代码 ${county} 开头`);
          continue;
        }
        const digits = code.length === 16 ? 4 : 5;
        const classCode = code.slice(6, 6 + digits);
        if (f.category && f.category !== classCode) {
          bad(`类别代码 ${f.category} 与编码中的类别 ${classCode} 不一致`);
          continue;
        }
        const categoryId = cats.get(`${digits}:${classCode}`);
        if (!categoryId) {
          bad(`编码中的部件类别 ${classCode} 不在标准分类中`);
          continue;
        }
        let lng = Number(f.lng),
          lat = Number(f.lat);
        if (
          f.lng === undefined ||
          f.lng === "" ||
          f.lat === undefined ||
          f.lat === "" ||
          !Number.isFinite(lng) ||
          !Number.isFinite(lat)
        ) {
          bad("经纬度缺失或不是数字");
          continue;
        }
        if (lng < 73 || lng > 136 || lat < 3 || lat > 54) {
          bad(`经纬度 (${lng}, ${lat}) 不在中国范围内，请检查是否填反或坐标系`);
          continue;
        }
        if (crs !== "wgs84" && crs !== "cgcs2000") [lng, lat] = toWgs84(lng, lat, crs);
        const status = f.status ? (STATUS[f.status.toLowerCase()] ?? STATUS[f.status]) : "normal";
        if (!status) {
          bad(`状态「${f.status}」无效，应为 完好/破损/丢失/移除`);
          continue;
        }
        const owner = f.owner ? depts.get(f.owner) : null;
        if (f.owner && !owner) {
          bad(`权属单位「${f.owner}」不存在（填部门编码或全称）`);
          continue;
        }
        const maint = f.maint ? depts.get(f.maint) : null;
        if (f.maint && !maint) {
          bad(`养护单位「${f.maint}」不存在（填部门编码或全称）`);
          continue;
        }
        for (const k of ["installed_on", "surveyed_on"] as const)
          if (f[k] && !/^\d{4}-\d{2}-\d{2}$/.test(f[k]!)) f[k] = "!";
        if (f.installed_on === "!" || f.surveyed_on === "!") {
          bad("日期须为 YYYY-MM-DD");
          continue;
        }
        if (seen.has(code)) {
          bad("文件内部件编码重复（保留先出现的行）");
          continue;
        }
        seen.add(code);
        const grid = lookupGrid(db, lng, lat);
        const after = {
          code,
          category_id: categoryId,
          name: f.name || null,
          lng,
          lat,
          grid_id: grid?.gridId ?? null,
          owner_dept_id: owner ?? null,
          maint_dept_id: maint ?? null,
          status,
          address: f.address || null,
          installed_on: f.installed_on || null,
          surveyed_on: f.surveyed_on || null,
        };
        const before = byCode.get(code);
        if (before) {
          upd.run(
            categoryId,
            after.name,
            lng,
            lat,
            after.grid_id,
            after.owner_dept_id,
            after.maint_dept_id,
            status,
            after.address,
            after.installed_on,
            after.surveyed_on,
            now,
            before.id as number,
          );
          change.run(
            before.id as number,
            now,
            label,
            userId,
            "import",
            JSON.stringify(before),
            JSON.stringify(after),
            batchId,
          );
        } else {
          const { id } = ins.get(
            code,
            categoryId,
            after.name,
            lng,
            lat,
            after.grid_id,
            after.owner_dept_id,
            after.maint_dept_id,
            status,
            after.address,
            after.installed_on,
            after.surveyed_on,
            now,
            now,
          )!;
          change.run(id, now, label, userId, "import", null, JSON.stringify(after), batchId);
        }
        imported++;
      }
      progress.run(imported, rejectedCount, batchId);
    });
    await Bun.sleep(0); // let the server answer progress polls between chunks
  }
  rejected.sort((a, b) => a.row - b.row);
  s.query(
    "UPDATE import_batches SET status = 'done', imported = ?, rejected = ?, report = ?, finished_at = ? WHERE id = ?",
  ).run(imported, rejectedCount, JSON.stringify(rejected), nowIso(), batchId);
}
