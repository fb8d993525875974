// Reads about standard categories (部件/事件 classes) and their time limits.
import type { Db } from "../core/db.ts";
import type { TimeUnit, TimeMode } from "../core/calendar.ts";

export const EDITIONS = ["CJ/T 214-2007", "GB/T 47678.5-2026"] as const;
export type Kind = "component" | "event";
export type Urgency = "normal" | "urgent" | "critical";
/** file = 立案, dispatch = 派遣, dispose = 处置, verify = 核实, check = 核查. */
export type Stage = "file" | "dispatch" | "dispose" | "verify" | "check";
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

export type CategoryRow = {
  id: number;
  edition: string;
  kind: Kind;
  big_code: string;
  big_name: string;
  small_code: string;
  small_name: string;
  code: string;
  confidence: string | null;
  dept_hint: string | null;
  filing_standard: string | null;
  closing_standard: string | null;
  active: number;
  updated_at: string;
};

export type Limit = { amount: number; unit: TimeUnit; mode: TimeMode };

export function categoryById(db: Db, id: number): CategoryRow | null {
  return db.sqlite.query("SELECT * FROM categories WHERE id = ?").get(id) as CategoryRow | null;
}

export function categoryByCode(db: Db, edition: string, kind: Kind, code: string): CategoryRow | null {
  return db.sqlite
    .query("SELECT * FROM categories WHERE edition = ? AND kind = ? AND code = ?")
    .get(edition, kind, code) as CategoryRow | null;
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
    .query(
      `SELECT * FROM categories ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY edition, kind, code`,
    )
    .all(...args) as CategoryRow[];
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
  const r = db.sqlite
    .query("SELECT amount, unit, mode FROM category_limits WHERE category_id = ? AND urgency = ? AND stage = ?")
    .get(categoryId, urgency, stage) as Limit | null;
  if (r) return { amount: r.amount, unit: r.unit, mode: r.mode };
  if (!categoryById(db, categoryId)) return null;
  const d = DEFAULT_LIMITS[urgency]?.[stage];
  return d ? { ...d } : null;
}

/** Limits explicitly set for a category, keyed "urgency.stage". */
export function limitsOf(db: Db, categoryId: number): Map<string, Limit> {
  const rows = db.sqlite
    .query("SELECT urgency, stage, amount, unit, mode FROM category_limits WHERE category_id = ?")
    .all(categoryId) as (Limit & { urgency: string; stage: string })[];
  return new Map(rows.map((r) => [`${r.urgency}.${r.stage}`, { amount: r.amount, unit: r.unit, mode: r.mode }]));
}
