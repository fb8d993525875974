// Reusable location picker: every [data-map-picker] element (see views/maps/picker.tsx).
// Click the map or drag the marker: the hidden inputs get WGS-84 lng/lat (crs=wgs84), and
// GET /api/maps/locate fills the info box with grid, street/town, community and nearby components.
// Fires "wanmi:location" on the element with detail = the locate answer.
// Programmatic: el.wanmiPicker.set(lng, lat, crs) (crs: wgs84|cgcs2000|gcj02|bd09, e.g. from a phone).
import { createMap, maplibregl, esc } from "/assets/map-style.js";

export function mountPicker(el) {
  if (el.wanmiPicker) return el.wanmiPicker;
  const cfg = JSON.parse(el.querySelector('[data-role="config"]').textContent);
  const $ = (r) => el.querySelector(`[data-role="${r}"]`);
  const lngIn = $("lng"),
    latIn = $("lat"),
    crsIn = $("crs"),
    info = $("info");
  const readonly = el.dataset.readonly === "1";
  const start = lngIn.value && latIn.value ? [Number(lngIn.value), Number(latIn.value)] : null;
  const map = createMap($("map"), cfg, start ? { center: start, zoom: 16, bounds: undefined } : {});
  const marker = new maplibregl.Marker({ draggable: !readonly, color: "#d32f2f" });
  let seq = 0;

  async function locate(lng, lat, crs = "wgs84") {
    const my = ++seq;
    const r = await fetch(`/api/maps/locate?lng=${lng}&lat=${lat}&crs=${crs}`, {
      headers: { accept: "application/json" },
    });
    const j = await r.json();
    if (my !== seq) return null;
    if (!r.ok) {
      info.textContent = j.error?.message ?? "定位失败";
      return null;
    }
    lngIn.value = String(j.lng);
    latIn.value = String(j.lat);
    crsIn.value = "wgs84";
    marker.setLngLat([j.lng, j.lat]).addTo(map);
    const comps = j.components
      .map((c) => `<li>${esc(c.category)} <code>${esc(c.code)}</code> ${c.distanceM} 米</li>`)
      .join("");
    info.innerHTML = j.grid
      ? `<div><b>单元网格</b> ${esc(j.grid.code)}</div><div><b>街道</b> ${esc(j.town?.name)} · <b>社区</b> ${esc(j.community?.name)}</div>`
      : `<div class="warn">该位置不在任何单元网格内</div>`;
    info.innerHTML +=
      `<div class="muted">${j.lng.toFixed(6)}, ${j.lat.toFixed(6)} (WGS-84)</div>` +
      (comps ? `<div><b>附近部件</b><ul>${comps}</ul></div>` : "");
    el.dispatchEvent(new CustomEvent("wanmi:location", { detail: j, bubbles: true }));
    return j;
  }

  if (start) marker.setLngLat(start).addTo(map);
  if (!readonly) {
    map.on("click", (ev) => locate(ev.lngLat.lng, ev.lngLat.lat));
    marker.on("dragend", () => {
      const p = marker.getLngLat();
      locate(p.lng, p.lat);
    });
  }
  map.on("load", () => {
    if (start) locate(start[0], start[1]);
    el.dataset.ready = "1";
  });
  const api = {
    map,
    set: (lng, lat, crs = "wgs84") =>
      locate(lng, lat, crs).then(
        (j) => (j && map.easeTo({ center: [j.lng, j.lat], zoom: Math.max(map.getZoom(), 16) }), j),
      ),
    /** Use the phone's GPS (browsers give WGS-84). */
    useDevice: () =>
      navigator.geolocation?.getCurrentPosition((p) => api.set(p.coords.longitude, p.coords.latitude, "wgs84")),
  };
  el.wanmiPicker = api;
  return api;
}

for (const el of document.querySelectorAll("[data-map-picker]")) mountPicker(el);
document.addEventListener("htmx:after:swap", () => {
  for (const el of document.querySelectorAll("[data-map-picker]")) mountPicker(el);
});
