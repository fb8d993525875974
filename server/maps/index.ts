// Public surface of the maps module for other modules.
import type { Module } from "../core/module.ts";
import { registerMaps, NAV } from "./routes.tsx";
export { registerMaps, mapConfig, componentTiles, MAP_ROLES, MAP_NAV_ROLES, mapOwnerScope } from "./routes.tsx";
export { readLngLat, CRS_VALUES, CRS_NAMES } from "./input.ts";
export {
  locate,
  nearestComponents,
  setTrackSource,
  openCasesGeoJson,
  caseHeat,
  type Located,
  type TrackSource,
  type FeatureCollection,
} from "./queries.ts";
export { toWgs84, fromWgs84, wgs84ToGcj02, gcj02ToWgs84, type Crs } from "../core/coords.ts";
export { MapPicker, MapHead } from "../../views/maps/picker.tsx";

export const mapsModule: Module = {
  name: "maps",
  routes: (r) => registerMaps(r),
  nav: NAV,
};
