// The portal and Open311 offer the edition in force (server/catalog activeEdition). A class of another
// edition (CJ/T 214-2007 codes are 4 digits, 2026 codes 5, so service codes never collide) is still
// described when a published request carries it: served as its own service, marked legacy.
import type { Db } from "../core/db.ts";
import { activeEdition } from "../catalog/index.ts";

export type PublicCategory = {
  id: number;
  kind: "component" | "event";
  code: string;
  serviceCode: string;
  bigCode: string;
  bigName: string;
  smallName: string;
  deptHint: string | null;
  edition: string;
  /** A class of an edition no longer in force, described only because published requests carry it. */
  legacy: boolean;
};

/** Plain-language group by kind + big-class code (GB/T 47678.5-2026). */
const GROUPS: [string, string][] = [
  ["event:06", "垃圾、污水、脏乱差"],
  ["event:09", "占道经营、乱停乱放"],
  ["event:07", "乱贴乱画、违规广告"],
  ["event:08", "工地施工、渣土扬尘"],
  ["component:01", "井盖、路灯、水电气设施损坏"],
  ["event:01", "井盖、路灯、水电气设施损坏"],
  ["component:02", "道路、交通设施损坏"],
  ["event:02", "道路、交通设施损坏"],
  ["component:03", "垃圾桶、公厕等环卫设施"],
  ["event:03", "垃圾桶、公厕等环卫设施"],
  ["component:04", "树木、绿地"],
  ["event:04", "树木、绿地"],
];
export const OTHER_GROUP = "其他问题";

export function plainGroup(kind: string, bigCode: string): string {
  return GROUPS.find(([k]) => k === `${kind}:${bigCode}`)?.[1] ?? OTHER_GROUP;
}

export const serviceCode = (kind: string, code: string) => (kind === "component" ? "C" : "E") + code;

type Row = {
  id: number;
  kind: "component" | "event";
  code: string;
  big_code: string;
  big_name: string;
  small_name: string;
  dept_hint: string | null;
  edition: string;
};
const COLS = "id, kind, code, big_code, big_name, small_name, dept_hint, edition";
const toPublic = (r: Row, active: string): PublicCategory => ({
  id: r.id,
  kind: r.kind,
  code: r.code,
  serviceCode: serviceCode(r.kind, r.code),
  bigCode: r.big_code,
  bigName: r.big_name,
  smallName: r.small_name,
  deptHint: r.dept_hint,
  edition: r.edition,
  legacy: r.edition !== active,
});

/** Active classes of the edition in force, events first, by code. */
export function publicCategories(db: Db): PublicCategory[] {
  const ed = activeEdition(db);
  return db.sqlite
    .query<Row, [string]>(`SELECT ${COLS} FROM categories WHERE edition = ? AND active = 1 ORDER BY kind DESC, code`)
    .all(ed)
    .map((r) => toPublic(r, ed));
}

/** Classes of other editions that cases from `sources` (the published ones) carry: legacy services. */
export function legacyServices(db: Db, sources: readonly string[]): PublicCategory[] {
  if (!sources.length) return [];
  const ed = activeEdition(db);
  return db.sqlite
    .query<Row, string[]>(
      // One probe of cases_category per legacy class (~100), not a DISTINCT over every case: at a
      // million cases the DISTINCT took 5–17 s per services.json (bench/open311.ts).
      `SELECT ${COLS} FROM categories cat WHERE edition <> ? AND EXISTS
        (SELECT 1 FROM cases c WHERE c.category_id = cat.id AND c.source IN (${sources.map(() => "?").join(",")}))
       ORDER BY kind DESC, code`,
    )
    .all(ed, ...sources)
    .map((r) => toPublic(r, ed));
}

/**
 * The class behind a service code: the edition in force first; with `legacy`, a class of another
 * edition too (to describe and filter published requests; new reports take the edition in force only).
 */
export function categoryByServiceCode(db: Db, sc: string, o: { legacy?: boolean } = {}): PublicCategory | null {
  const m = /^([CE])(\d{4,6})$/.exec(sc);
  if (!m) return null;
  const ed = activeEdition(db);
  const r = db.sqlite
    .query<Row, string[]>(
      `SELECT ${COLS} FROM categories WHERE kind = ? AND code = ? ${o.legacy ? "" : "AND edition = ? AND active = 1"}
       ORDER BY edition = ? DESC LIMIT 1`,
    )
    .get(m[1] === "C" ? "component" : "event", m[2]!, ...(o.legacy ? [] : [ed]), ed);
  return r ? toPublic(r, ed) : null;
}

/** Portal select: groups in a fixed order, each with its small classes. */
export function portalGroups(db: Db): { label: string; items: { id: number; name: string }[] }[] {
  const rows = publicCategories(db);
  const order = [...new Set(GROUPS.map(([, g]) => g)), OTHER_GROUP];
  const map = new Map<string, { id: number; name: string }[]>(order.map((g) => [g, []]));
  for (const r of rows) map.get(plainGroup(r.kind, r.bigCode))!.push({ id: r.id, name: r.smallName });
  return order.map((label) => ({ label, items: map.get(label)! })).filter((g) => g.items.length);
}
