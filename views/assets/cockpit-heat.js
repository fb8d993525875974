// Leader cockpit: the maps module's county map with the case heat layer of the period
// (config in <script type="application/json" id="cockpit-map-config">; no inline code).
import { createMap, gridHover } from "/assets/map-style.js";

const el = document.getElementById("cockpit-map");
if (el) {
  const cfg = JSON.parse(document.getElementById("cockpit-map-config").textContent);
  const map = createMap(el, cfg);
  map.on("load", async () => {
    for (const id of ["comp-cluster", "comp-cluster-count", "comp-point", "comp-single"])
      if (map.getLayer(id)) map.setLayoutProperty(id, "visibility", "none");
    gridHover(map);
    try {
      const r = await fetch(cfg.heat, { headers: { accept: "application/json" } });
      const h = await r.json();
      map.addSource("heat", { type: "geojson", data: h.points });
      map.addLayer({
        id: "heat",
        type: "heatmap",
        source: "heat",
        paint: {
          "heatmap-radius": ["interpolate", ["linear"], ["zoom"], 10, 6, 16, 22],
          "heatmap-intensity": 0.35,
          "heatmap-opacity": 0.75,
        },
      });
      const ol = document.getElementById("cockpit-hotspots");
      if (ol)
        ol.innerHTML = h.hotspots
          .map((s) => `<li>${s.count} 件 · ${s.lng.toFixed(4)}, ${s.lat.toFixed(4)}</li>`)
          .join("");
    } catch (e) {
      console.error(e);
    }
    document.documentElement.dataset.mapReady = "1";
  });
}
