// Map assets, embedded into the binary and served under /assets/ with their exact names
// (maplibre-gl.mjs loads ./maplibre-gl-worker.mjs relative to its own URL).
import { ASSETS } from "../core/assets.ts";
import maplibre from "maplibre-gl/dist/maplibre-gl.mjs" with { type: "file" };
import maplibreWorker from "maplibre-gl/dist/maplibre-gl-worker.mjs" with { type: "file" };
import maplibreCss from "maplibre-gl/dist/maplibre-gl.css" with { type: "file" };
// pmtiles has an exports map that hides dist/: import by relative path (an IIFE defining global `pmtiles`).
import pmtiles from "../../node_modules/pmtiles/dist/pmtiles.js" with { type: "file" };
import mapStyle from "../../views/assets/map-style.js" with { type: "file" };
import mapPage from "../../views/assets/map.js" with { type: "file" };
import mapPicker from "../../views/assets/map-picker.js" with { type: "file" };
import mapCss from "../../views/assets/map.css" with { type: "file" };

export const MAP_ASSETS: [string, string][] = [
  ["maplibre-gl.mjs", maplibre],
  ["maplibre-gl-worker.mjs", maplibreWorker],
  ["maplibre-gl.css", maplibreCss],
  ["pmtiles.js", pmtiles],
  ["map-style.js", mapStyle],
  ["map.js", mapPage],
  ["map-picker.js", mapPicker],
  ["map.css", mapCss],
];

export function registerMapAssets() {
  for (const [name, path] of MAP_ASSETS) ASSETS.set(name, path);
}
