// The dispatcher's map: basemap from the county's own data (or a PMTiles file), grids,
// components (vector tiles, clustered at low zoom), open cases, heat map, inspector tracks.
import { raw } from "hono/html";
import { PageHead } from "../ui/index.tsx";

export type MapConfig = {
  extent: [number, number, number, number] | null;
  tiles: string;
  grids: string;
  regions: string;
  basemaps: { name: string; url: string; tileType: string; maxZoom: number }[];
};

/** JSON for a <script type="application/json"> block (no "</script>" break-out). */
export const jsonScript = (v: unknown) => raw(JSON.stringify(v).replace(/</g, "\\u003c"));

export function MapPage(p: {
  config: MapConfig;
  categories: { id: number; code: string; name: string; kind: string }[];
  mobile?: boolean;
}) {
  return (
    <div class={`map-page${p.mobile ? " mobile" : ""}`}>
      {!p.mobile && <PageHead title="地图" />}
      <form class="map-tools" id="map-tools">
        <fieldset>
          <legend>图层</legend>
          <label>
            <input type="checkbox" name="layer" value="grids" checked /> 单元网格
          </label>
          <label>
            <input type="checkbox" name="layer" value="resp" /> 责任网格
          </label>
          <label>
            <input type="checkbox" name="layer" value="components" checked /> 部件
          </label>
          <label>
            <input type="checkbox" name="layer" value="cases" checked /> 在办案件
          </label>
          <label>
            <input type="checkbox" name="layer" value="heat" /> 热力图
          </label>
          <label>
            <input type="checkbox" name="layer" value="tracks" /> 今日巡查轨迹
          </label>
        </fieldset>
        <fieldset>
          <legend>热力图</legend>
          <select name="category" aria-label="类别">
            <option value="">全部类别</option>
            {p.categories.map((c) => (
              <option value={String(c.id)}>{`${c.kind === "component" ? "部件" : "事件"} ${c.code} ${c.name}`}</option>
            ))}
          </select>
          <input type="date" name="from" aria-label="起始日期" />
          <input type="date" name="to" aria-label="截止日期" />
        </fieldset>
        <fieldset>
          <legend>底图</legend>
          <select name="basemap" aria-label="底图">
            <option value="">本县数据（网格与边界）</option>
            {p.config.basemaps.map((b) => (
              <option value={b.name}>{`${b.name}（${b.tileType === "mvt" ? "矢量" : "影像"}）`}</option>
            ))}
          </select>
          <button type="button" class="secondary no-print" data-print>
            打印
          </button>
        </fieldset>
      </form>
      <div class="map-wrap">
        <div id="map" class="map" role="region" aria-label="地图"></div>
        <div class="map-legend" id="map-legend">
          <span>
            <i class="dot open"></i>在办
          </span>
          <span>
            <i class="dot overdue"></i>超期
          </span>
          <span>
            <i class="dot comp"></i>部件
          </span>
          <span>
            <i class="dot cluster"></i>部件聚合
          </span>
        </div>
        <ol class="hotspots" id="hotspots" hidden></ol>
      </div>
      <script type="application/json" id="map-config">
        {jsonScript(p.config)}
      </script>
      <script src="/assets/pmtiles.js"></script>
      <script type="module" src="/assets/map.js"></script>
    </div>
  );
}
