// Standard categories as the public sees them: plain-language groups for the portal and
// service codes for Open311 (kind letter + edition code, e.g. E06001 = 事件 06001).
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "../core/db.ts";

export const EDITION = "GB/T 47678.5-2026";

export type PublicCategory = {
  id: number;
  kind: "component" | "event";
  code: string;
  serviceCode: string;
  bigName: string;
  smallName: string;
  deptHint: string | null;
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
};
const toPublic = (r: Row): PublicCategory => ({
  id: r.id,
  kind: r.kind,
  code: r.code,
  serviceCode: serviceCode(r.kind, r.code),
  bigName: r.big_name,
  smallName: r.small_name,
  deptHint: r.dept_hint,
});

export function publicCategories(db: Db): PublicCategory[] {
  return db.sqlite
    .query<Row, SQLQueryBindings[]>(
      "SELECT id, kind, code, big_code, big_name, small_name, dept_hint FROM categories WHERE edition = ? AND active = 1 ORDER BY kind DESC, code",
    )
    .all(EDITION)
    .map(toPublic);
}

export function categoryByServiceCode(db: Db, sc: string): PublicCategory | null {
  const m = /^([CE])(\d{4,6})$/.exec(sc);
  if (!m) return null;
  const r = db.sqlite
    .query<Row, SQLQueryBindings[]>(
      "SELECT id, kind, code, big_code, big_name, small_name, dept_hint FROM categories WHERE edition = ? AND kind = ? AND code = ? AND active = 1",
    )
    .get(EDITION, m[1] === "C" ? "component" : "event", m[2]!);
  return r ? toPublic(r) : null;
}

/** Portal select: groups in a fixed order, each with its small classes. */
export function portalGroups(db: Db): { label: string; items: { id: number; name: string }[] }[] {
  const rows = db.sqlite
    .query<Row, SQLQueryBindings[]>(
      "SELECT id, kind, code, big_code, big_name, small_name, dept_hint FROM categories WHERE edition = ? AND active = 1 ORDER BY kind DESC, code",
    )
    .all(EDITION);
  const order = [...new Set(GROUPS.map(([, g]) => g)), OTHER_GROUP];
  const map = new Map<string, { id: number; name: string }[]>(order.map((g) => [g, []]));
  for (const r of rows) map.get(plainGroup(r.kind, r.big_code))!.push({ id: r.id, name: r.small_name });
  return order.map((label) => ({ label, items: map.get(label)! })).filter((g) => g.items.length);
}
