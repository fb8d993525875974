// Reads about standard categories (部件/事件 classes) and their time limits.
import type { Db } from "../core/db.ts";
import type { TimeUnit, TimeMode } from "../core/calendar.ts";
import { and, count, desc, eq, sql } from "drizzle-orm";
import { getSetting } from "../core/settings.ts";
import { prepared } from "../core/prepared.ts";
import { categories, categoryLimits } from "./tables.ts";

export const EDITIONS = ["CJ/T 214-2007", "GB/T 47678.5-2026"] as const;
export type { Kind, Urgency, Stage } from "./tables.ts";
import type { Kind, Urgency, Stage } from "./tables.ts";
export const KIND_NAMES: Record<Kind, string> = { component: "部件", event: "事件" };
export const URGENCY_NAMES: Record<Urgency, string> = { normal: "一般", urgent: "紧急", critical: "特急" };
export const STAGE_NAMES: Record<Stage, string> = {
  file: "立案",
  dispatch: "派遣",
  dispose: "处置",
  verify: "核实",
  check: "核查",
};
export const UNIT_NAMES: Record<TimeUnit, string> = { minute: "分钟", hour: "小时", day: "天" };
export const MODE_NAMES: Record<TimeMode, string> = { working: "工作时间", natural: "自然时间" };
export const URGENCIES = Object.keys(URGENCY_NAMES) as Urgency[];
export const STAGES = Object.keys(STAGE_NAMES) as Stage[];

export type CategoryRow = typeof categories.$inferSelect;

export type Limit = { amount: number; unit: TimeUnit; mode: TimeMode };

const q = prepared((orm) => ({
  byId: orm
    .select()
    .from(categories)
    .where(eq(categories.id, sql.placeholder("id")))
    .prepare(),
  byCode: orm
    .select()
    .from(categories)
    .where(
      and(
        eq(categories.edition, sql.placeholder("edition")),
        eq(categories.kind, sql.placeholder("kind")),
        eq(categories.code, sql.placeholder("code")),
      ),
    )
    .prepare(),
  limit: orm
    .select({ amount: categoryLimits.amount, unit: categoryLimits.unit, mode: categoryLimits.mode })
    .from(categoryLimits)
    .where(
      and(
        eq(categoryLimits.category_id, sql.placeholder("categoryId")),
        eq(categoryLimits.urgency, sql.placeholder("urgency")),
        eq(categoryLimits.stage, sql.placeholder("stage")),
      ),
    )
    .prepare(),
  limitsOf: orm
    .select()
    .from(categoryLimits)
    .where(eq(categoryLimits.category_id, sql.placeholder("categoryId")))
    .prepare(),
  limitCounts: orm
    .select({ category_id: categoryLimits.category_id, n: count() })
    .from(categoryLimits)
    .groupBy(categoryLimits.category_id)
    .prepare(),
}));

export function categoryById(db: Db, id: number): CategoryRow | null {
  return q(db).byId.get({ id }) ?? null;
}

export function categoryByCode(db: Db, edition: string, kind: Kind, code: string): CategoryRow | null {
  return q(db).byCode.get({ edition, kind, code }) ?? null;
}

/** How many limits each category sets explicitly. */
export function limitCounts(db: Db): Map<number, number> {
  return new Map(
    q(db)
      .limitCounts.all()
      .map((x) => [x.category_id, x.n]),
  );
}

/** Categories filtered by edition, kind and a search over code and names; ordered by code. */
export function listCategories(
  db: Db,
  o: { edition?: string; kind?: Kind; q?: string; activeOnly?: boolean } = {},
): CategoryRow[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (o.edition) where.push("edition = ?"), args.push(o.edition);
  if (o.kind) where.push("kind = ?"), args.push(o.kind);
  if (o.activeOnly) where.push("active = 1");
  if (o.q) {
    where.push("(code LIKE ? OR small_name LIKE ? OR big_name LIKE ?)");
    const like = `%${o.q}%`;
    args.push(`${o.q}%`, like, like);
  }
  return db.sqlite
    .query<CategoryRow, (string | number)[]>(
      `SELECT * FROM categories ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY edition, kind, code`,
    )
    .all(...args);
}

/**
 * Defaults when an administrator has set no limit for a category (typical 数字城管 practice):
 * 立案 30 working minutes, 派遣 30 working minutes, 处置 by urgency, 核实/核查 1 working hour.
 */
export const DEFAULT_LIMITS: Record<Urgency, Record<Stage, Limit>> = {
  normal: {
    file: { amount: 30, unit: "minute", mode: "working" },
    dispatch: { amount: 30, unit: "minute", mode: "working" },
    dispose: { amount: 2, unit: "day", mode: "working" },
    verify: { amount: 1, unit: "hour", mode: "working" },
    check: { amount: 1, unit: "hour", mode: "working" },
  },
  urgent: {
    file: { amount: 15, unit: "minute", mode: "natural" },
    dispatch: { amount: 15, unit: "minute", mode: "natural" },
    dispose: { amount: 4, unit: "hour", mode: "natural" },
    verify: { amount: 30, unit: "minute", mode: "natural" },
    check: { amount: 30, unit: "minute", mode: "natural" },
  },
  critical: {
    file: { amount: 10, unit: "minute", mode: "natural" },
    dispatch: { amount: 10, unit: "minute", mode: "natural" },
    dispose: { amount: 2, unit: "hour", mode: "natural" },
    verify: { amount: 20, unit: "minute", mode: "natural" },
    check: { amount: 20, unit: "minute", mode: "natural" },
  },
};

/** The category's limit for (urgency, stage); the default above when none is set; null for an unknown category. */
export function timeLimit(db: Db, categoryId: number, urgency: Urgency, stage: Stage): Limit | null {
  const r = q(db).limit.get({ categoryId, urgency, stage });
  if (r) return r;
  if (!categoryById(db, categoryId)) return null;
  const d = DEFAULT_LIMITS[urgency]?.[stage];
  return d ? { ...d } : null;
}

/** Limits explicitly set for a category, keyed "urgency.stage". */
export function limitsOf(db: Db, categoryId: number): Map<string, Limit> {
  return new Map(
    q(db)
      .limitsOf.all({ categoryId })
      .map((r) => [`${r.urgency}.${r.stage}`, { amount: r.amount, unit: r.unit, mode: r.mode }]),
  );
}

export const EDITION_SETTING = "catalog.edition";
export const ACTIVE_DEFAULT = "GB/T 47678.5-2026";
export const LEGACY_EDITION = "CJ/T 214-2007";
export const EDITION_SHORT: Record<string, string> = { "CJ/T 214-2007": "2007 版", "GB/T 47678.5-2026": "2026 版" };

/** The edition in force in this county (admin setting catalog.edition; GB/T 47678.5-2026 when unset). */
export function activeEdition(db: Db): string {
  const v = getSetting(db, EDITION_SETTING);
  return (EDITIONS as readonly string[]).includes(v) ? v : ACTIVE_DEFAULT;
}

/** A category labelled with its edition when it is not the active one (e.g. "0101 上水井盖（CJ/T 214-2007）"). */
export function categoryLabel(db: Db, c: Pick<CategoryRow, "code" | "small_name" | "edition">): string {
  return c.edition === activeEdition(db) ? `${c.code} ${c.small_name}` : `${c.code} ${c.small_name}（${c.edition}）`;
}

export type PickerItem = Pick<CategoryRow, "id" | "edition" | "kind" | "code" | "big_code" | "big_name" | "small_name">;
export type PickerGroup = { label: string; items: PickerItem[] };

const pickerQ = prepared((orm) => ({
  all: orm
    .select({
      id: categories.id,
      edition: categories.edition,
      kind: categories.kind,
      code: categories.code,
      big_code: categories.big_code,
      big_name: categories.big_name,
      small_name: categories.small_name,
    })
    .from(categories)
    .where(and(eq(categories.edition, sql.placeholder("edition")), eq(categories.active, 1)))
    .orderBy(desc(categories.kind), categories.code)
    .prepare(),
}));

/** Every active class of the edition (the active one by default), events first, by code. Never truncated. */
export function categoriesForPicker(db: Db, edition = activeEdition(db)): PickerItem[] {
  return pickerQ(db).all.all({ edition });
}

/** The picker's big class → small class grouping ("事件 09 街面秩序"). */
export function pickerGroups(items: PickerItem[]): PickerGroup[] {
  const out: PickerGroup[] = [];
  for (const it of items) {
    const label = `${KIND_NAMES[it.kind]} ${it.big_code} ${it.big_name}`;
    const last = out[out.length - 1];
    if (last?.label === label) last.items.push(it);
    else out.push({ label, items: [it] });
  }
  return out;
}

/** A class of the active edition by id (null when missing, inactive or of another edition). */
export function activeCategory(db: Db, id: number): CategoryRow | null {
  const c = categoryById(db, id);
  return c?.active && c.edition === activeEdition(db) ? c : null;
}
