// The dispatcher's map page (/map): layer toggles, open cases, heat map, tracks, basemap switch.
import { createMap, gridHover, addBasemap, removeBasemap, maplibregl, COLORS, esc } from "/assets/map-style.js";

const cfg = JSON.parse(document.getElementById("map-config").textContent);
const form = document.getElementById("map-tools");
form.addEventListener("submit", (e) => e.preventDefault()); // the tools never leave the page
const map = createMap(document.getElementById("map"), cfg);
const empty = { type: "FeatureCollection", features: [] };

const GROUPS = {
  grids: ["grid-fill", "grid-line", "grid-label"],
  resp: ["resp-line"],
  components: ["comp-cluster", "comp-cluster-count", "comp-point", "comp-single"],
  cases: ["case-cluster", "case-cluster-count", "case-point"],
  heat: ["heat"],
  tracks: ["track-line"],
};

async function getJson(url) {
  const r = await fetch(url, { headers: { accept: "application/json" } });
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.json();
}

function params() {
  const f = new FormData(form);
  const q = new URLSearchParams();
  for (const k of ["category", "from", "to"]) if (f.get(k)) q.set(k, f.get(k));
  return q;
}

async function refreshCases() {
  map.getSource("cases").setData(await getJson("/api/maps/cases.geojson"));
}
async function refreshHeat() {
  const h = await getJson("/api/maps/heat?" + params());
  map.getSource("heat").setData(h.points);
  const ol = document.getElementById("hotspots");
  ol.innerHTML = h.hotspots.length
    ? '<li class="title">高发点位</li>' +
      h.hotspots
        .map(
          (s) =>
            `<li data-lng="${s.lng}" data-lat="${s.lat}">${s.count} 件 · ${s.lng.toFixed(4)}, ${s.lat.toFixed(4)}</li>`,
        )
        .join("")
    : "";
}
async function refreshTracks() {
  map.getSource("tracks").setData(await getJson("/api/maps/tracks.geojson"));
}

function applyVisibility() {
  const on = new Set(new FormData(form).getAll("layer"));
  for (const [g, ids] of Object.entries(GROUPS))
    for (const id of ids) if (map.getLayer(id)) map.setLayoutProperty(id, "visibility", on.has(g) ? "visible" : "none");
  document.getElementById("hotspots").hidden = !on.has("heat");
  if (on.has("heat")) refreshHeat().catch(console.error);
  if (on.has("tracks")) refreshTracks().catch(console.error);
}

map.on("load", async () => {
  map.addSource("heat", { type: "geojson", data: empty });
  map.addLayer(
    {
      id: "heat",
      type: "heatmap",
      source: "heat",
      layout: { visibility: "none" },
      paint: { "heatmap-radius": ["interpolate", ["linear"], ["zoom"], 10, 12, 16, 30], "heatmap-opacity": 0.75 },
    },
    "comp-cluster",
  );
  map.addSource("tracks", { type: "geojson", data: empty });
  map.addLayer({
    id: "track-line",
    type: "line",
    source: "tracks",
    layout: { visibility: "none" },
    paint: { "line-color": COLORS.track, "line-width": 3 },
  });
  map.addSource("cases", {
    type: "geojson",
    data: empty,
    cluster: true,
    clusterMaxZoom: 13,
    clusterRadius: 40,
    clusterProperties: { overdue: ["+", ["case", ["get", "overdue"], 1, 0]] },
  });
  map.addLayer({
    id: "case-cluster",
    type: "circle",
    source: "cases",
    filter: ["has", "point_count"],
    paint: {
      "circle-color": ["case", [">", ["get", "overdue"], 0], COLORS.overdue, COLORS.open],
      "circle-radius": ["interpolate", ["linear"], ["get", "point_count"], 2, 10, 100, 24],
      "circle-opacity": 0.85,
    },
  });
  map.addLayer({
    id: "case-cluster-count",
    type: "symbol",
    source: "cases",
    filter: ["has", "point_count"],
    layout: { "text-field": ["to-string", ["get", "point_count"]], "text-size": 11, "text-allow-overlap": true },
    paint: { "text-color": "#fff" },
  });
  map.addLayer({
    id: "case-point",
    type: "circle",
    source: "cases",
    filter: ["!", ["has", "point_count"]],
    paint: {
      "circle-radius": 7,
      "circle-color": ["case", ["get", "overdue"], COLORS.overdue, COLORS.open],
      "circle-stroke-color": "#fff",
      "circle-stroke-width": 2,
    },
  });
  gridHover(map);
  applyVisibility();
  try {
    await refreshCases();
  } catch (e) {
    console.error(e);
  }
  document.documentElement.dataset.mapReady = "1";
});

map.on("click", "case-point", (ev) => {
  const p = ev.features[0].properties;
  new maplibregl.Popup()
    .setLngLat(ev.lngLat)
    .setHTML(
      `<a href="/cases/${esc(p.id)}">${esc(p.code)}</a><br>${esc(p.state)}${p.overdue ? ' · <b class="overdue">超期</b>' : ""}`,
    )
    .addTo(map);
});
const STATUS = { normal: "完好", damaged: "损坏", lost: "丢失" };
map.on("click", "comp-point", async (ev) => {
  const f = ev.features[0];
  const p = await getJson(`/api/maps/components/${f.id}`);
  new maplibregl.Popup()
    .setLngLat(ev.lngLat)
    .setHTML(
      `${esc(p.category)} <b>${esc(p.code)}</b><br>${esc(p.name ?? "")} · ${esc(STATUS[p.status] ?? p.status)}${p.grid ? `<br>网格 ${esc(p.grid)}` : ""}`,
    )
    .addTo(map);
});
map.on("click", "comp-cluster", (ev) => map.easeTo({ center: ev.lngLat, zoom: Math.min(map.getZoom() + 2, 16) }));
map.on("click", "case-cluster", (ev) => map.easeTo({ center: ev.lngLat, zoom: Math.min(map.getZoom() + 2, 16) }));
for (const id of ["case-point", "comp-point", "comp-cluster", "case-cluster"]) {
  map.on("mouseenter", id, () => (map.getCanvas().style.cursor = "pointer"));
  map.on("mouseleave", id, () => (map.getCanvas().style.cursor = ""));
}

form.addEventListener("change", async (ev) => {
  const n = ev.target.name;
  if (n === "layer") applyVisibility();
  else if (n === "basemap") {
    removeBasemap(map);
    const b = cfg.basemaps.find((x) => x.name === ev.target.value);
    if (b) await addBasemap(map, b);
  } else refreshHeat().catch(console.error);
});
document.getElementById("hotspots").addEventListener("click", (ev) => {
  const li = ev.target.closest("li[data-lng]");
  if (li) map.flyTo({ center: [Number(li.dataset.lng), Number(li.dataset.lat)], zoom: 17 });
});
// Refresh open cases every minute (state and overdue change).
setInterval(() => refreshCases().catch(() => {}), 60_000);
window.addEventListener("beforeprint", () => map.resize());
