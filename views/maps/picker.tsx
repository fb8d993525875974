// The location picker for the report form and the case page: click or drag the marker;
// hidden inputs carry WGS-84 lng/lat (crs=wgs84), the info box shows grid, street and nearby components.
// Include <link rel="stylesheet" href="/assets/maplibre-gl.css"> and /assets/map.css in the page head (MapHead).
import { jsonScript, type MapConfig } from "./map-page.tsx";

export const MapHead = () => (
  <>
    <link rel="stylesheet" href="/assets/maplibre-gl.css" />
    <link rel="stylesheet" href="/assets/map.css" />
  </>
);

export function MapPicker(p: {
  config: MapConfig;
  /** Input names (default lng, lat, crs). */
  names?: { lng?: string; lat?: string; crs?: string };
  value?: { lng: number; lat: number } | null;
  readonly?: boolean;
  id?: string;
}) {
  const id = p.id ?? "map-picker";
  const n = { lng: "lng", lat: "lat", crs: "crs", ...(p.names ?? {}) };
  return (
    <div class="map-picker" id={id} data-map-picker data-readonly={p.readonly ? "1" : undefined}>
      <input type="hidden" name={n.lng} value={p.value ? String(p.value.lng) : ""} data-role="lng" />
      <input type="hidden" name={n.lat} value={p.value ? String(p.value.lat) : ""} data-role="lat" />
      <input type="hidden" name={n.crs} value="wgs84" data-role="crs" />
      <div class="map picker-map" data-role="map"></div>
      <div class="picker-info" data-role="info" aria-live="polite">
        {p.readonly ? "" : "点击地图或拖动标记设置位置"}
      </div>
      <script type="application/json" data-role="config">
        {jsonScript(p.config)}
      </script>
      <script src="/assets/pmtiles.js"></script>
      <script type="module" src="/assets/map-picker.js"></script>
    </div>
  );
}
