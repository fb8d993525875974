// Unit grids (单元网格) and responsibility grids (责任网格); point-in-grid lookup.
import type { Module } from "../core/module.ts";
import { registerGrid, NAV } from "./routes.tsx";

export { lookupGrid, invalidateGrids, type GridHit } from "./lookup.ts";
export { gridIdByCode } from "./queries.ts";
export {
  checkLocation,
  countyExtent,
  EXTENT_MARGIN,
  OUTSIDE_GRIDS_QUESTION,
  type LocationCheck,
} from "./location.ts";

export const gridModule: Module = {
  name: "grid",
  routes: (r) => registerGrid(r),
  nav: NAV,
};
