// Set a category's filing/closing standards (立案/结案标准), active flag and time limits.
import type { Db } from "../../core/db.ts";
import { tx, nowIso } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Validation, NotFound } from "../../core/errors.ts";
import { audit } from "../../core/audit.ts";
import { categoryById, limitsOf, STAGES, URGENCIES, type Limit, type Stage, type Urgency } from "../queries.ts";

export type SaveStandardsInput = {
  filingStandard: string;
  closingStandard: string;
  active: boolean;
  /** "urgency.stage" → limit; a missing key removes the override (the default applies). */
  limits: Record<string, Limit>;
};

export function saveStandards(db: Db, actor: Actor, id: number, v: SaveStandardsInput) {
  const f: Record<string, string> = {};
  if (v.filingStandard.length > 2000) f.filingStandard = "立案标准过长（最多 2000 字）";
  if (v.closingStandard.length > 2000) f.closingStandard = "结案标准过长（最多 2000 字）";
  for (const [k, l] of Object.entries(v.limits)) {
    const [u, st] = k.split(".") as [Urgency, Stage];
    if (!URGENCIES.includes(u) || !STAGES.includes(st)) f[k] = "未知的紧急程度或环节";
    else if (!(l.amount > 0) || l.amount > 100000) f[k] = "时限须为正数";
    else if (!["minute", "hour", "day"].includes(l.unit)) f[k] = "单位无效";
    else if (!["working", "natural"].includes(l.mode)) f[k] = "计时方式无效";
  }
  if (Object.keys(f).length) throw Validation("category.invalid", "标准或时限有误，请检查标红的项", f);
  tx(db, () => {
    const before = categoryById(db, id);
    if (!before) throw NotFound("类别", "category.not_found");
    const beforeLimits = Object.fromEntries(limitsOf(db, id));
    db.sqlite
      .query("UPDATE categories SET filing_standard = ?, closing_standard = ?, active = ?, updated_at = ? WHERE id = ?")
      .run(v.filingStandard || null, v.closingStandard || null, v.active ? 1 : 0, nowIso(), id);
    db.sqlite.query("DELETE FROM category_limits WHERE category_id = ?").run(id);
    const ins = db.sqlite.prepare(
      "INSERT INTO category_limits (category_id, urgency, stage, amount, unit, mode) VALUES (?, ?, ?, ?, ?, ?)",
    );
    for (const [k, l] of Object.entries(v.limits)) {
      const [u, st] = k.split(".");
      ins.run(id, u!, st!, l.amount, l.unit, l.mode);
    }
    audit(
      db,
      actor,
      "category",
      id,
      "update",
      {
        filing_standard: before.filing_standard,
        closing_standard: before.closing_standard,
        active: before.active,
        limits: beforeLimits,
      },
      { filing_standard: v.filingStandard, closing_standard: v.closingStandard, active: v.active, limits: v.limits },
    );
  });
}
