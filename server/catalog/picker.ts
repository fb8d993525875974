// The picker's data as every channel renders it: groups of the active edition with searchable text.
import type { Db } from "../core/db.ts";
import type { PickerGroupView } from "../../views/catalog/picker.tsx";
import { Validation } from "../core/errors.ts";
import { activeCategory, categoriesForPicker, pickerGroups, type PickerItem } from "./queries.ts";

export const pickerSearch = (x: PickerItem) => `${x.code} ${x.small_name} ${x.big_code} ${x.big_name}`;

/** Picker groups (big class → small class) of the edition in force, option value = category id. */
export function pickerOptions(db: Db, edition?: string): PickerGroupView[] {
  return pickerGroups(categoriesForPicker(db, edition)).map((g) => ({
    label: g.label,
    items: g.items.map((x) => ({ value: String(x.id), label: `${x.code} ${x.small_name}`, search: pickerSearch(x) })),
  }));
}

/** A picked category id (form text): null when blank; a class of the edition in force, or a clear error. */
export function pickedCategory(db: Db, raw: string | undefined | null): number | null {
  if (!raw) return null;
  const c = activeCategory(db, Number(raw));
  if (!c)
    throw Validation("category.not_in_edition", "所选类别不属于现行分类标准，请从列表中选择", {
      categoryId: "请从列表中选择类别",
    });
  return c.id;
}

/**
 * The class of the edition in force that another system's category text names (12345 orders):
 * a service code (E06001), a code (06001, when one kind has it), or the exact small-class name.
 */
export function matchCategory(db: Db, text: string): PickerItem | null {
  const t = text.trim();
  const items = categoriesForPicker(db);
  const m = /^([CE])?(\d{4,6})$/.exec(t);
  if (m) {
    const kind = m[1] === "C" ? "component" : m[1] === "E" ? "event" : null;
    const hits = items.filter((x) => x.code === m[2] && (!kind || x.kind === kind));
    return hits.length === 1 ? hits[0]! : null;
  }
  const byName = items.filter((x) => x.small_name === t);
  return byName.length === 1 ? byName[0]! : null;
}
