// Reads: evaluate a unit kind over a period, rankings with change against the previous
// period, the cases behind any number, weights and the minimum-volume rule.
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "../core/db.ts";
import { eq, sql } from "drizzle-orm";
import { prepared } from "../core/prepared.ts";
import { departments } from "../departments/tables.ts";
import type { evalObjections } from "./schema.ts";
import { getSetting } from "../core/settings.ts";
import { loadFacts, type Fact } from "./facts.ts";
import { SPECS, termScores, grade, type UnitKind, type Spec } from "./indicators.ts";
import { previousPeriod, type Period } from "./period.ts";

export type UnitRow = {
  id: number;
  name: string;
  values: Record<string, number>;
  rates: Record<string, number | null>;
  terms: Record<string, number>;
  score: number | null;
  grade: string;
  volume: number;
  ranked: boolean;
  rank: number | null;
  prevRank?: number | null;
  prevScore?: number | null;
};
export type Evaluation = {
  kind: UnitKind;
  period: Period;
  spec: Spec;
  weights: Record<string, number>;
  minVolume: number;
  rows: UnitRow[];
  total: Record<string, number>;
  cases: number;
  /** Set when the period was published: the figures are its frozen snapshot. */
  published: Published | null;
};
export type Published = { at: string; by: string | null; lateObjections: LateObjection[] };
export type LateObjection = { no: string; dept: string; indicator: string; decidedAt: string };
/** A published period's figures per unit kind. */
export type Snapshot = Partial<
  Record<UnitKind, Pick<Evaluation, "rows" | "total" | "weights" | "minVolume" | "cases">>
>;

export const DEFAULT_MIN_VOLUME = 5;

export function weightsFor(db: Db, kind: UnitKind): Record<string, number> {
  const spec = SPECS[kind];
  const out: Record<string, number> = Object.fromEntries(spec.terms.map((t) => [t.key, t.weight]));
  const raw = getSetting(db, `eval.weights.${kind}`);
  if (raw) {
    try {
      const saved = JSON.parse(raw) as Record<string, number>;
      for (const t of spec.terms)
        if (typeof saved[t.key] === "number" && saved[t.key]! >= 0) out[t.key] = saved[t.key]!;
    } catch {
      /* fall back to defaults */
    }
  }
  return out;
}

export function minVolume(db: Db): number {
  const n = Number(getSetting(db, "eval.min_volume"));
  return Number.isFinite(n) && n >= 0 && getSetting(db, "eval.min_volume") !== "" ? n : DEFAULT_MIN_VOLUME;
}

/** Names of the units of a kind; every known unit is listed even with nothing to count. */
export function unitNames(db: Db, kind: UnitKind): Map<number, string> {
  const m = new Map<number, string>();
  const q = (sql: string) => db.sqlite.query<{ id: number; name: string }, SQLQueryBindings[]>(sql).all();
  if (kind === "region") {
    for (const r of q("SELECT id, name FROM regions WHERE level = 'town' ORDER BY code")) m.set(r.id, r.name);
  } else if (kind === "department") {
    for (const r of q("SELECT id, name FROM departments WHERE active = 1 ORDER BY code")) m.set(r.id, r.name);
  } else {
    const roles = kind === "inspector" ? "'inspector'" : kind === "intake" ? "'intake','shift_lead'" : "'dispatcher'";
    for (const r of q(
      `SELECT DISTINCT u.id, u.name FROM users u JOIN user_roles ur ON ur.user_id = u.id WHERE ur.role IN (${roles}) AND u.active = 1 ORDER BY u.id`,
    ))
      m.set(r.id, r.name);
  }
  return m;
}

function extraName(db: Db, kind: UnitKind, id: number): string {
  if (kind === "region")
    return id === 0
      ? "未定位"
      : (db.sqlite.query<{ name: string }, SQLQueryBindings[]>("SELECT name FROM regions WHERE id = ?").get(id)?.name ??
          `区域 ${id}`);
  if (kind === "department")
    return (
      db.sqlite.query<{ name: string }, SQLQueryBindings[]>("SELECT name FROM departments WHERE id = ?").get(id)
        ?.name ?? `部门 ${id}`
    );
  return (
    db.sqlite.query<{ name: string }, SQLQueryBindings[]>("SELECT name FROM users WHERE id = ?").get(id)?.name ??
    `用户 ${id}`
  );
}

/** Evaluate from already loaded facts (so a caller can reuse one pass for several kinds). */
export function evaluateFacts(db: Db, kind: UnitKind, period: Period, facts: Fact[]): Evaluation {
  const spec = SPECS[kind];
  const weights = weightsFor(db, kind);
  const minVol = minVolume(db);
  const counts = new Map<number, Record<string, number>>();
  const zero = () => Object.fromEntries(spec.counters.map((c) => [c.key, 0])) as Record<string, number>;
  const names = unitNames(db, kind);
  for (const id of names.keys()) counts.set(id, zero());
  const total = zero();
  for (const f of facts) {
    for (const c of spec.counters) {
      for (const u of c.of(f)) {
        let v = counts.get(u);
        if (!v) counts.set(u, (v = zero()));
        v[c.key]!++;
        total[c.key]!++;
      }
    }
  }
  const grids = new Map<number, number>();
  if (kind === "region")
    for (const g of db.sqlite
      .query<
        {
          id: number;
          n: number;
        },
        SQLQueryBindings[]
      >("SELECT town_id AS id, COUNT(*) AS n FROM grids GROUP BY town_id")
      .all())
      grids.set(g.id, g.n);
  const wsum = Object.values(weights).reduce((a, b) => a + b, 0) || 1;
  const rows: UnitRow[] = [];
  for (const [id, values] of counts) {
    if (!names.has(id) && Object.values(values).every((x) => x === 0)) continue;
    const rates: Record<string, number | null> = {};
    for (const r of spec.rates) rates[r.key] = values[r.den]! > 0 ? values[r.num]! / values[r.den]! : null;
    const terms = termScores(kind, values, rates, grids.get(id) ?? 0);
    const volume = values[spec.volume]!;
    const score =
      volume > 0
        ? Math.round((spec.terms.reduce((a, t) => a + terms[t.key]! * weights[t.key]!, 0) / wsum) * 100) / 100
        : null;
    rows.push({
      id,
      name: names.get(id) ?? extraName(db, kind, id),
      values,
      rates,
      terms,
      score,
      grade: grade(score),
      volume,
      ranked: score !== null && volume >= minVol && volume > 0,
      rank: null,
    });
  }
  // Rank: only units with enough volume; ties share a rank.
  const ranked = rows.filter((r) => r.ranked).sort((a, b) => b.score! - a.score! || b.volume - a.volume);
  ranked.forEach((r, i) => (r.rank = i > 0 && ranked[i - 1]!.score === r.score ? ranked[i - 1]!.rank : i + 1));
  rows.sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || b.volume - a.volume || a.id - b.id);
  return { kind, period, spec, weights, minVolume: minVol, rows, total, cases: facts.length, published: null };
}

type PublishedRow = { snapshot: string; published_at: string; by: string | null };
/** The published snapshot of a period, if a shift lead published it. */
export function publishedOf(db: Db, period: Period): PublishedRow | null {
  if (period.kind === "custom") return null;
  return db.sqlite
    .query<PublishedRow, string[]>(
      `SELECT p.snapshot, p.published_at, u.name AS by FROM eval_published p LEFT JOIN users u ON u.id = p.published_by
        WHERE p.period_kind = ? AND p.period_key = ?`,
    )
    .get(period.kind, period.key);
}

/** Objections on the period's cases decided after it was published: listed as a note, not applied. */
function lateObjections(db: Db, period: Period, publishedAt: string): LateObjection[] {
  return db.sqlite
    .query<LateObjection, string[]>(
      `SELECT c.no, d.name AS dept, o.indicator, o.decided_at AS decidedAt FROM eval_objections o
         JOIN cases c ON c.id = o.case_id JOIN departments d ON d.id = o.department_id
        WHERE o.status = 'accepted' AND o.decided_at > ? AND c.created_at < ? ORDER BY o.decided_at`,
    )
    .all(publishedAt, period.to);
}

export function evaluate(db: Db, kind: UnitKind, period: Period, now = new Date()): Evaluation {
  const pub = publishedOf(db, period);
  const snap = pub ? (JSON.parse(pub.snapshot) as Snapshot)[kind] : undefined;
  if (pub && snap)
    return {
      kind,
      period,
      spec: SPECS[kind],
      ...snap,
      published: { at: pub.published_at, by: pub.by, lateObjections: lateObjections(db, period, pub.published_at) },
    };
  return evaluateFacts(db, kind, period, loadFacts(db, period.from, period.to, now));
}

/** Evaluation with each unit's rank and score in the previous period. */
export function ranking(db: Db, kind: UnitKind, period: Period, now = new Date()): Evaluation & { previous: Period } {
  const cur = evaluate(db, kind, period, now);
  const prevP = previousPeriod(period);
  const prev = evaluate(db, kind, prevP, now);
  const byId = new Map(prev.rows.map((r) => [r.id, r]));
  for (const r of cur.rows) {
    const p = byId.get(r.id);
    r.prevRank = p?.rank ?? null;
    r.prevScore = p?.score ?? null;
  }
  return { ...cur, previous: prevP };
}

/** The exact cases behind one number: counter `key` of unit `unit` (unit omitted: the total). */
export function casesBehind(
  db: Db,
  kind: UnitKind,
  period: Period,
  key: string,
  unit: number | null,
  now = new Date(),
): Fact[] {
  const c = SPECS[kind].counters.find((x) => x.key === key);
  if (!c) return [];
  return loadFacts(db, period.from, period.to, now).filter((f) => {
    const units = [...c.of(f)];
    return unit === null ? units.length > 0 : units.includes(unit);
  });
}

export type ObjectionListRow = typeof evalObjections.$inferSelect & {
  no: string;
  dept: string;
  filer: string | null;
  decider: string | null;
};
/** Objections, pending first, newest first; only one department's when deptId is given. */
export function listObjections(db: Db, deptId: number | null): ObjectionListRow[] {
  return db.sqlite
    .query<ObjectionListRow, number[]>(
      `SELECT o.*, c.no, d.name AS dept, fu.name AS filer, du.name AS decider FROM eval_objections o JOIN cases c ON c.id = o.case_id
       JOIN departments d ON d.id = o.department_id LEFT JOIN users fu ON fu.id = o.filed_by LEFT JOIN users du ON du.id = o.decided_by
      ${deptId === null ? "" : "WHERE o.department_id = ?"} ORDER BY o.status = 'pending' DESC, o.id DESC LIMIT 500`,
    )
    .all(...(deptId === null ? [] : [deptId]));
}

const deptQ = prepared((orm) => ({
  all: orm.select({ id: departments.id, name: departments.name }).from(departments).prepare(),
  active: orm
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(eq(departments.active, 1))
    .orderBy(departments.code)
    .prepare(),
  one: orm
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(eq(departments.id, sql.placeholder("id")))
    .prepare(),
}));
/** Every department's name by id (inactive ones too: old cases name them). */
export const departmentNames = (db: Db) =>
  new Map(
    deptQ(db)
      .all.all()
      .map((d) => [d.id, d.name]),
  );
/** The departments an objection may be filed for: the user's own, or every active one. */
export const objectionDepartments = (db: Db, onlyId: number | null) =>
  onlyId === null ? deptQ(db).active.all() : deptQ(db).one.all({ id: onlyId });
