// Reference data the cases module needs, from the modules that own it (the one place to swap).
export { lookupGrid, checkLocation, OUTSIDE_GRIDS_QUESTION, type GridHit } from "../grid/index.ts";
export { proposeDepartment, type Proposal } from "../departments/index.ts";
export {
  categoryById,
  timeLimit,
  DEFAULT_LIMITS as CATALOG_DEFAULT_LIMITS,
  type CategoryRow,
} from "../catalog/index.ts";
export { loadCompiledCalendar as loadCalendar } from "../calendar/index.ts";
