// The 2007 → 2026 mapping (category_map): edit one row, and move routing rules and component
// classes of a legacy edition to their mapped class of the edition in force in one action.
// The routing_rules and components rows are rewritten here by SQL only (their modules import
// catalog, so catalog cannot import them); the action is audited and has a dry run (preview).
import type { Db } from "../../core/db.ts";
import { tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Validation, NotFound } from "../../core/errors.ts";
import { audit } from "../../core/audit.ts";
import { activeEdition, categoryById, categoryByCode } from "../queries.ts";

export type MapRow = {
  from_id: number;
  from_code: string;
  from_name: string;
  from_edition: string;
  kind: "component" | "event";
  to_id: number | null;
  to_code: string | null;
  to_name: string | null;
  confidence: "name" | "renamed" | "manual" | "none";
  note: string | null;
};

/** The mapping table, legacy classes by kind and code. */
export function mappingRows(db: Db): MapRow[] {
  return db.sqlite
    .query<MapRow, []>(
      `SELECT m.from_id, o.code AS from_code, o.small_name AS from_name, o.edition AS from_edition, o.kind,
              m.to_id, n.code AS to_code, n.small_name AS to_name, m.confidence, m.note
       FROM category_map m JOIN categories o ON o.id = m.from_id LEFT JOIN categories n ON n.id = m.to_id
       ORDER BY o.kind DESC, o.code`,
    )
    .all();
}

/** Set a legacy class's counterpart by its code in the edition in force (blank = none). */
export function saveMapping(db: Db, actor: Actor, fromId: number, toCode: string, note: string) {
  const from = categoryById(db, fromId);
  if (!from) throw NotFound("类别", "category.not_found");
  const ed = activeEdition(db);
  if (from.edition === ed)
    throw Validation("catalog.map_same_edition", "现行版本的类别无需映射", { toCode: "请选择旧版类别" });
  const code = toCode.trim();
  const to = code ? categoryByCode(db, ed, from.kind, code) : null;
  if (code && !to)
    throw Validation(
      "catalog.map_unknown_target",
      `现行版本中没有${from.kind === "event" ? "事件" : "部件"}代码 ${code}`,
      {
        toCode: "代码不存在",
      },
    );
  tx(db, () => {
    const before = db.sqlite.query("SELECT to_id, confidence, note FROM category_map WHERE from_id = ?").get(fromId);
    db.sqlite
      .query(
        `INSERT INTO category_map (from_id, to_id, confidence, note, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(from_id) DO UPDATE SET to_id = excluded.to_id, confidence = excluded.confidence, note = excluded.note, updated_at = excluded.updated_at`,
      )
      .run(fromId, to?.id ?? null, to ? "manual" : "none", note.trim() || null, nowIso());
    audit(db, actor, "category_map", fromId, "update", before, { to_id: to?.id ?? null, note });
  });
}

export type MigrationReport = {
  applied: boolean;
  rules: { id: number; from: string; to: string }[];
  components: { from: string; to: string; n: number }[];
  unmapped: { what: "rule" | "component"; code: string; name: string; edition: string; n: number }[];
  conflicts: { id: number; from: string; to: string }[];
};

type Hit = {
  id: number;
  cat: number;
  code: string;
  name: string;
  edition: string;
  to_id: number | null;
  to_code: string | null;
  to_name: string | null;
};

/**
 * Move routing rules and component classes of other editions to their mapped class of the edition
 * in force. dryRun: report only (the preview). A rule whose target already has a rule for the same
 * place is a conflict and stays; classes without a mapping are reported.
 */
export function migrateLegacy(db: Db, actor: Actor, o: { dryRun: boolean }): MigrationReport {
  const ed = activeEdition(db);
  const label = (code: string | null, name: string | null) => `${code} ${name}`;
  return tx(db, () => {
    const rules = db.sqlite
      .query<Hit & { region_id: number | null; grid_id: number | null }, [string, string]>(
        `SELECT r.id, r.category_id AS cat, r.region_id, r.grid_id, o.code, o.small_name AS name, o.edition, n.id AS to_id, n.code AS to_code, n.small_name AS to_name
         FROM routing_rules r JOIN categories o ON o.id = r.category_id
         LEFT JOIN category_map m ON m.from_id = o.id LEFT JOIN categories n ON n.id = m.to_id AND n.edition = ?
         WHERE o.edition <> ? ORDER BY o.code, r.id`,
      )
      .all(ed, ed);
    const comps = db.sqlite
      .query<Hit & { n: number }, [string, string]>(
        `SELECT 0 AS id, o.id AS cat, o.code, o.small_name AS name, o.edition, n.id AS to_id, n.code AS to_code, n.small_name AS to_name, COUNT(*) AS n
         FROM components p JOIN categories o ON o.id = p.category_id
         LEFT JOIN category_map m ON m.from_id = o.id LEFT JOIN categories n ON n.id = m.to_id AND n.edition = ?
         WHERE o.edition <> ? GROUP BY o.id ORDER BY o.code`,
      )
      .all(ed, ed);
    const r: MigrationReport = { applied: !o.dryRun, rules: [], components: [], unmapped: [], conflicts: [] };
    const taken = db.sqlite.query<{ id: number }, [number, number | null, number | null, number]>(
      "SELECT id FROM routing_rules WHERE category_id = ? AND region_id IS ? AND grid_id IS ? AND id <> ?",
    );
    const planned = new Set<string>();
    for (const x of rules) {
      if (!x.to_id) {
        r.unmapped.push({ what: "rule", code: x.code, name: x.name, edition: x.edition, n: 1 });
        continue;
      }
      const key = `${x.to_id}:${x.region_id}:${x.grid_id}`;
      const item = { id: x.id, from: label(x.code, x.name), to: label(x.to_code, x.to_name) };
      if (taken.get(x.to_id, x.region_id, x.grid_id, x.id) || planned.has(key)) {
        r.conflicts.push(item);
        continue;
      }
      planned.add(key);
      r.rules.push(item);
      if (!o.dryRun)
        db.sqlite
          .query("UPDATE routing_rules SET category_id = ?, updated_at = ? WHERE id = ?")
          .run(x.to_id, nowIso(), x.id);
    }
    for (const x of comps) {
      if (!x.to_id) {
        r.unmapped.push({ what: "component", code: x.code, name: x.name, edition: x.edition, n: x.n });
        continue;
      }
      r.components.push({ from: label(x.code, x.name), to: label(x.to_code, x.to_name), n: x.n });
      if (!o.dryRun)
        db.sqlite
          .query("UPDATE components SET category_id = ?, updated_at = ? WHERE category_id = ?")
          .run(x.to_id, nowIso(), x.cat);
    }
    if (!o.dryRun)
      audit(db, actor, "category_map", "migrate", "apply", null, {
        rules: r.rules.length,
        components: r.components.reduce((s, x) => s + x.n, 0),
        unmapped: r.unmapped.length,
        conflicts: r.conflicts.length,
      });
    return r;
  });
}
