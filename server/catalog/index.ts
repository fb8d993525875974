// The 部件/事件 category editions and their time limits (分类与时限).
// Every channel that offers, routes or publishes a category reads the active edition from here.
import type { Module } from "../core/module.ts";
import { registerCatalog, NAV } from "./routes.tsx";
import { EDITION_SETTING } from "./queries.ts";
export {
  type CategoryRow,
  type PickerItem,
  type PickerGroup,
  DEFAULT_LIMITS,
  EDITIONS,
  LEGACY_EDITION,
  EDITION_SHORT,
  categoryById,
  categoryByCode,
  timeLimit,
  activeEdition,
  activeCategory,
  categoryLabel,
  categoriesForPicker,
  pickerGroups,
} from "./queries.ts";
export { setEdition } from "./verbs/set-edition.ts";
export { pickerOptions, pickedCategory, matchCategory } from "./picker.ts";

export const catalogModule: Module = {
  name: "catalog",
  routes: (r) => registerCatalog(r),
  nav: NAV,
  settings: [{ key: EDITION_SETTING, label: "现行分类标准版本", page: "/admin/categories" }],
};
