// Shared map setup for every Wanmi map (dispatcher map, location picker, case page).
// Offline only: the style is built here from the county's own data; no glyphs, no sprites,
// no remote URLs. CJK labels are drawn locally by MapLibre with the system font.
import * as maplibregl from "/assets/maplibre-gl.mjs";

export { maplibregl };
// Not new URL(): it would percent-encode the {z}/{x}/{y} template braces.
export const abs = (u) => (u.startsWith("/") ? location.origin + u : u);

let pmtilesReady = false;
function ensurePmtiles() {
  if (pmtilesReady || !globalThis.pmtiles) return !!globalThis.pmtiles;
  const protocol = new globalThis.pmtiles.Protocol();
  maplibregl.addProtocol("pmtiles", protocol.tile);
  pmtilesReady = true;
  return true;
}

export const COLORS = {
  background: "#eef1ea",
  town: "#8a6d3b",
  grid: "#4a78a8",
  resp: "#7b3fa0",
  comp: "#2f7d4f",
  damaged: "#d98200",
  lost: "#c62828",
  cluster: "#3a7bd5",
  open: "#1565c0",
  overdue: "#d32f2f",
  track: "#00897b",
};

/** The plain county style: background, towns, unit grids (+ codes), responsibility grids, components. */
export function countyStyle(cfg) {
  return {
    version: 8,
    sources: {
      regions: { type: "geojson", data: abs(cfg.regions) },
      grids: { type: "geojson", data: abs(cfg.grids), promoteId: "code" },
      components: { type: "vector", tiles: [abs(cfg.tiles)], minzoom: 10, maxzoom: 18 },
    },
    layers: [
      { id: "background", type: "background", paint: { "background-color": COLORS.background } },
      {
        id: "town-fill",
        type: "fill",
        source: "regions",
        filter: ["==", ["get", "level"], "town"],
        paint: { "fill-color": "#f7f3e8", "fill-opacity": 0.8 },
      },
      {
        id: "town-line",
        type: "line",
        source: "regions",
        filter: ["==", ["get", "level"], "town"],
        paint: { "line-color": COLORS.town, "line-width": 2, "line-dasharray": [3, 2] },
      },
      {
        id: "grid-fill",
        type: "fill",
        source: "grids",
        paint: {
          "fill-color": ["case", ["boolean", ["feature-state", "hover"], false], "#ffd54f", "#ffffff"],
          "fill-opacity": ["case", ["boolean", ["feature-state", "hover"], false], 0.55, 0.35],
        },
      },
      {
        id: "grid-line",
        type: "line",
        source: "grids",
        paint: { "line-color": COLORS.grid, "line-width": ["interpolate", ["linear"], ["zoom"], 12, 0.4, 16, 1.4] },
      },
      {
        id: "resp-line",
        type: "line",
        source: "grids",
        filter: ["!=", ["get", "resp"], ""],
        layout: { visibility: "none" },
        paint: { "line-color": COLORS.resp, "line-width": 2.5, "line-opacity": 0.8 },
      },
      {
        id: "town-label",
        type: "symbol",
        source: "regions",
        filter: ["==", ["get", "level"], "town"],
        layout: { "text-field": ["get", "name"], "text-size": 15 },
        paint: { "text-color": "#5d4a22", "text-halo-color": "#fff", "text-halo-width": 1.5 },
      },
      {
        id: "grid-label",
        type: "symbol",
        source: "grids",
        minzoom: 15,
        layout: { "text-field": ["get", "code"], "text-size": 10 },
        paint: { "text-color": COLORS.grid, "text-halo-color": "#fff", "text-halo-width": 1 },
      },
      {
        id: "comp-cluster",
        type: "circle",
        source: "components",
        "source-layer": "components",
        maxzoom: 14,
        filter: [">", ["get", "count"], 1],
        paint: {
          "circle-color": COLORS.cluster,
          "circle-opacity": 0.75,
          "circle-stroke-color": "#fff",
          "circle-stroke-width": 1,
          "circle-radius": ["interpolate", ["linear"], ["sqrt", ["get", "count"]], 1, 6, 10, 14, 100, 28],
        },
      },
      {
        id: "comp-cluster-count",
        type: "symbol",
        source: "components",
        "source-layer": "components",
        maxzoom: 14,
        filter: [">", ["get", "count"], 1],
        layout: { "text-field": ["to-string", ["get", "count"]], "text-size": 11, "text-allow-overlap": true },
        paint: { "text-color": "#fff" },
      },
      {
        id: "comp-point",
        type: "circle",
        source: "components",
        "source-layer": "components",
        filter: ["!", ["has", "cluster"]],
        paint: {
          "circle-radius": ["interpolate", ["linear"], ["zoom"], 14, 2.5, 18, 6],
          "circle-color": ["match", ["get", "status"], "damaged", COLORS.damaged, "lost", COLORS.lost, COLORS.comp],
          "circle-stroke-color": "#fff",
          "circle-stroke-width": 0.8,
        },
      },
      {
        id: "comp-single",
        type: "circle",
        source: "components",
        "source-layer": "components",
        maxzoom: 14,
        filter: ["==", ["get", "count"], 1],
        paint: { "circle-radius": 3, "circle-color": COLORS.comp },
      },
    ],
  };
}

/** Add a PMTiles basemap under the county layers. Vector: generic fills/lines/labels per source layer. */
export async function addBasemap(map, b) {
  if (!ensurePmtiles()) return;
  const url = "pmtiles://" + abs(b.url);
  const before = "town-fill";
  if (b.tileType !== "mvt") {
    map.addSource("basemap", { type: "raster", url, tileSize: 256 });
    map.addLayer({ id: "basemap-raster", type: "raster", source: "basemap" }, before);
    return;
  }
  map.addSource("basemap", { type: "vector", url });
  let layers = [];
  try {
    const meta = await new globalThis.pmtiles.PMTiles(abs(b.url)).getMetadata();
    layers = (meta?.vector_layers ?? []).map((l) => l.id);
  } catch (e) {
    console.warn("pmtiles metadata", e);
  }
  for (const l of layers) {
    const water = /water|ocean|river|lake/i.test(l);
    map.addLayer(
      {
        id: `bm-${l}-fill`,
        type: "fill",
        source: "basemap",
        "source-layer": l,
        filter: ["==", ["geometry-type"], "Polygon"],
        paint: { "fill-color": water ? "#b9d3ee" : "#e4e6de", "fill-opacity": 0.9 },
      },
      before,
    );
    map.addLayer(
      {
        id: `bm-${l}-line`,
        type: "line",
        source: "basemap",
        "source-layer": l,
        filter: ["==", ["geometry-type"], "LineString"],
        paint: { "line-color": water ? "#8fb5dc" : "#ffffff", "line-width": /road|transport|street/i.test(l) ? 2 : 1 },
      },
      before,
    );
    map.addLayer({
      id: `bm-${l}-label`,
      type: "symbol",
      source: "basemap",
      "source-layer": l,
      filter: ["has", "name"],
      layout: {
        "text-field": ["get", "name"],
        "text-size": 11,
        "symbol-placement": /road|transport|street/i.test(l) ? "line" : "point",
      },
      paint: { "text-color": "#555", "text-halo-color": "#fff", "text-halo-width": 1 },
    });
  }
}

export function removeBasemap(map) {
  for (const l of map.getStyle().layers) if (l.source === "basemap") map.removeLayer(l.id);
  if (map.getSource("basemap")) map.removeSource("basemap");
}

/** Create a map in `el` over the county extent. */
export function createMap(el, cfg, opts = {}) {
  const e = cfg.extent ?? [115.8, 28.6, 115.95, 28.75];
  const map = new maplibregl.Map({
    container: el,
    style: countyStyle(cfg),
    bounds: [
      [e[0], e[1]],
      [e[2], e[3]],
    ],
    fitBoundsOptions: { padding: 20 },
    maxZoom: 19,
    attributionControl: false,
    localIdeographFontFamily: "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif",
    // Keeps the WebGL buffer so the map prints and screenshots.
    canvasContextAttributes: { preserveDrawingBuffer: true },
    ...opts,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-left");
  globalThis.__wanmiMap = map; // for tests and debugging
  return map;
}

/** Show grid code/name on hover over the grid layer. */
export function gridHover(map) {
  let hovered = null;
  const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, className: "grid-popup" });
  map.on("mousemove", "grid-fill", (ev) => {
    const f = ev.features?.[0];
    if (!f) return;
    if (hovered !== null) map.setFeatureState({ source: "grids", id: hovered }, { hover: false });
    hovered = f.properties.code;
    map.setFeatureState({ source: "grids", id: hovered }, { hover: true });
    const p = f.properties;
    popup
      .setLngLat(ev.lngLat)
      .setHTML(
        `<b>${esc(p.code)}</b><br>${esc(p.town)} ${esc(p.community)}${p.resp ? `<br>责任网格 ${esc(p.resp)}` : ""}`,
      )
      .addTo(map);
  });
  map.on("mouseleave", "grid-fill", () => {
    if (hovered !== null) map.setFeatureState({ source: "grids", id: hovered }, { hover: false });
    hovered = null;
    popup.remove();
  });
}

export const esc = (s) =>
  String(s ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  );
