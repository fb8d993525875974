// Administrator: PMTiles basemaps in DATA_DIR/maps and the component tile cache.
import { Csrf } from "../layouts/shell.tsx";
import { PageHead, Alert, Empty } from "../ui/index.tsx";
import type { Basemap } from "../../server/maps/basemaps.ts";

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

export function BasemapAdmin(p: {
  csrf: string;
  basemaps: Basemap[];
  dir: string;
  version: number;
  memory: { tiles: number; bytes: number };
  error?: string;
}) {
  return (
    <>
      <PageHead title="底图与瓦片" />
      {p.error && <Alert kind="error">{p.error}</Alert>}
      <h3>PMTiles 底图</h3>
      <p class="muted">
        上传或直接放入数据目录 <code>{p.dir}</code> 的 <code>*.pmtiles</code>{" "}
        文件（矢量或影像），地图页可切换使用。制作方法见 README“离线底图”。
      </p>
      {p.basemaps.length ? (
        <table class="table">
          <thead>
            <tr>
              <th>文件</th>
              <th>类型</th>
              <th>级别</th>
              <th>范围</th>
              <th>大小</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {p.basemaps.map((b) => (
              <tr>
                <td>{b.name}</td>
                <td>{b.tileType === "mvt" ? "矢量 (MVT)" : `影像 (${b.tileType})`}</td>
                <td>{`${b.minZoom}–${b.maxZoom}`}</td>
                <td>{b.bounds ? b.bounds.map((v) => v.toFixed(3)).join(", ") : "—"}</td>
                <td>{mb(b.bytes)}</td>
                <td>
                  <form method="post" action={`/admin/maps/basemaps/${b.name}/delete`} class="inline">
                    <Csrf token={p.csrf} />
                    <button type="submit" class="link">
                      删除
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty>尚无底图文件。未配置时地图使用本县的网格与行政边界作为底图。</Empty>
      )}
      <form method="post" action="/admin/maps/basemaps" enctype="multipart/form-data" class="card">
        <Csrf token={p.csrf} />
        <label>
          上传 .pmtiles 文件 <input type="file" name="file" accept=".pmtiles" required />
        </label>
        <button type="submit">上传</button>
      </form>
      <h3>部件瓦片缓存</h3>
      <p>
        部件数据版本 {p.version}；内存缓存 {p.memory.tiles} 块（{mb(p.memory.bytes)}）。部件变更后缓存自动失效。
      </p>
      <form method="post" action="/admin/maps/tiles/clear">
        <Csrf token={p.csrf} />
        <button type="submit" class="secondary">
          清空瓦片缓存
        </button>
      </form>
    </>
  );
}
