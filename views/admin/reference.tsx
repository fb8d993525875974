// Admin pages for reference data: grids, responsibility grids, categories, components, routing, calendar.
import type { Child } from "hono/jsx";
import { Field, PageHead, Badge, Alert, Empty, Pager, fmtTime } from "../ui/index.tsx";
import { Csrf } from "../layouts/shell.tsx";

type Opt = { value: string; label: string };
const Sel = (p: { name: string; opts: Opt[]; value?: string; blank?: string }) => (
  <select name={p.name}>
    {p.blank !== undefined && <option value="">{p.blank}</option>}
    {p.opts.map((o) => (
      <option value={o.value} selected={p.value === o.value}>
        {o.label}
      </option>
    ))}
  </select>
);
export type Rejected = { row: number; code: string; reason: string };

export const RejectedTable = (p: { rows: Rejected[]; rowLabel?: string; total: number }) =>
  p.total === 0 ? null : (
    <div class="card">
      <h3>
        未导入的行（共 {p.total} 行{p.rows.length < p.total ? `，下表列出前 ${p.rows.length} 行` : ""}）
      </h3>
      <table>
        <thead>
          <tr>
            <th>{p.rowLabel ?? "行号"}</th>
            <th>编码</th>
            <th>原因</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              <td>{r.row}</td>
              <td>{r.code}</td>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

// ---- grids
export type GridListRow = {
  id: number;
  code: string;
  name: string | null;
  town: string;
  community: string;
  area: number | null;
  resp: string | null;
};
export function GridsPage(p: {
  csrf: string;
  rows: GridListRow[];
  total: number;
  q: string;
  page: number;
  pages: number;
  lookup?: {
    lng: string;
    lat: string;
    hit: { gridCode: string; townName: string; communityName: string } | null;
  } | null;
  imported?: { created: number; updated: number; rejected: Rejected[] } | null;
  error?: string;
}) {
  return (
    <>
      <PageHead title="单元网格">
        <a class="btn secondary" href="/admin/grids/export.geojson">
          导出 GeoJSON
        </a>
        <a class="btn secondary" href="/admin/resp-grids">
          责任网格
        </a>
      </PageHead>
      {p.error && <Alert kind="error">{p.error}</Alert>}
      {p.imported && (
        <Alert kind="ok">
          导入完成：新增 {p.imported.created} 个，更新 {p.imported.updated} 个，拒绝 {p.imported.rejected.length} 个。
        </Alert>
      )}
      {p.imported && (
        <RejectedTable rows={p.imported.rejected} total={p.imported.rejected.length} rowLabel="要素序号" />
      )}
      <div class="cards">
        <form
          class="card"
          method="get"
          action="/admin/grids/lookup"
          hx-get="/admin/grids/lookup"
          hx-target="#lookup-result"
        >
          <h3>坐标查网格</h3>
          <div class="form-grid">
            <Field label="经度 (WGS-84)" name="lng">
              <input name="lng" value={p.lookup?.lng ?? "115.905"} />
            </Field>
            <Field label="纬度" name="lat">
              <input name="lat" value={p.lookup?.lat ?? "28.663"} />
            </Field>
          </div>
          <button type="submit">查询</button>
          <div id="lookup-result">{p.lookup && <LookupResult hit={p.lookup.hit} />}</div>
        </form>
        <form class="card" method="post" action="/admin/grids/import" enctype="multipart/form-data">
          <Csrf token={p.csrf} />
          <h3>导入 GeoJSON</h3>
          <p class="muted">
            FeatureCollection，Polygon/MultiPolygon，properties.code 为 15 位网格编码；可带
            name、town_name、community_name。同编码的网格将被更新。
          </p>
          <Field label="文件" name="file">
            <input type="file" name="file" accept=".geojson,.json" required />
          </Field>
          <Field label="坐标系" name="crs">
            <Sel
              name="crs"
              value="wgs84"
              opts={[
                { value: "wgs84", label: "WGS-84 / CGCS2000" },
                { value: "gcj02", label: "GCJ-02（火星坐标）" },
                { value: "bd09", label: "BD-09（百度）" },
              ]}
            />
          </Field>
          <button type="submit">导入</button>
        </form>
      </div>
      <form class="filters" method="get" action="/admin/grids">
        <input name="q" value={p.q} placeholder="网格编码、名称或社区" />
        <button type="submit">搜索</button>
        <span class="muted">共 {p.total} 个</span>
      </form>
      {p.rows.length === 0 ? (
        <Empty>没有网格。可导入 GeoJSON，或在空数据目录运行 wanmi demo 载入演示县。</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th>网格编码</th>
              <th>名称</th>
              <th>街道/乡镇</th>
              <th>社区/村</th>
              <th>面积 (m²)</th>
              <th>责任网格</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((g) => (
              <tr>
                <td>{g.code}</td>
                <td>{g.name ?? ""}</td>
                <td>{g.town}</td>
                <td>{g.community}</td>
                <td>{g.area ?? ""}</td>
                <td>{g.resp ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={p.page} pages={p.pages} href={(n) => `/admin/grids?q=${encodeURIComponent(p.q)}&page=${n}`} />
    </>
  );
}
export const LookupResult = (p: {
  hit: { gridCode: string; townName: string; communityName: string } | null;
  error?: string;
}) =>
  p.error ? (
    <Alert kind="error">{p.error}</Alert>
  ) : p.hit ? (
    <Alert kind="ok">
      位于单元网格 <b>{p.hit.gridCode}</b>（{p.hit.townName} {p.hit.communityName}）
    </Alert>
  ) : (
    <Alert kind="info">该点不在任何单元网格内</Alert>
  );

// ---- responsibility grids
export function RespGridsPage(p: {
  rows: { id: number; code: string; name: string; units: number; inspectors: string | null }[];
}) {
  return (
    <>
      <PageHead title="责任网格">
        <a class="btn" href="/admin/resp-grids/new">
          新增责任网格
        </a>
      </PageHead>
      <table>
        <thead>
          <tr>
            <th>编码</th>
            <th>名称</th>
            <th>单元网格数</th>
            <th>监督员</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              <td>{r.code}</td>
              <td>{r.name}</td>
              <td>{r.units}</td>
              <td>{r.inspectors ?? <Badge tone="amber">未分配</Badge>}</td>
              <td>
                <a href={`/admin/resp-grids/${r.id}`}>编辑</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
export function RespGridForm(p: {
  id?: number;
  csrf: string;
  v: { code: string; name: string; gridCodes: string; inspectorIds: string[] };
  inspectors: Opt[];
  errors: Record<string, string>;
  error?: string;
}) {
  return (
    <>
      <PageHead title={p.id ? "编辑责任网格" : "新增责任网格"}>
        <a href="/admin/resp-grids">返回列表</a>
      </PageHead>
      {p.error && <Alert kind="error">{p.error}</Alert>}
      <form class="card" method="post" action={p.id ? `/admin/resp-grids/${p.id}` : "/admin/resp-grids"}>
        <Csrf token={p.csrf} />
        <div class="form-grid">
          <Field label="编码" name="code" error={p.errors.code}>
            <input name="code" value={p.v.code} required />
          </Field>
          <Field label="名称" name="name" error={p.errors.name}>
            <input name="name" value={p.v.name} required />
          </Field>
        </div>
        <Field label="单元网格编码（每行或逗号分隔）" name="gridCodes" error={p.errors.gridCodes}>
          <textarea name="gridCodes" rows={6}>
            {p.v.gridCodes}
          </textarea>
        </Field>
        <Field label="监督员" name="inspectorIds" error={p.errors.inspectorIds}>
          <div class="checks">
            {p.inspectors.map((o) => (
              <label>
                <input
                  type="checkbox"
                  name="inspectorIds"
                  value={o.value}
                  checked={p.v.inspectorIds.includes(o.value)}
                />{" "}
                {o.label}
              </label>
            ))}
          </div>
        </Field>
        <button type="submit">保存</button>
      </form>
    </>
  );
}

// ---- categories
export type CatRow = {
  id: number;
  edition: string;
  kind: string;
  code: string;
  big_name: string;
  small_name: string;
  filing: boolean;
  limits: number;
  active: boolean;
};
export function CategoriesPage(p: {
  rows: CatRow[];
  editions: Opt[];
  kinds: Opt[];
  edition: string;
  kind: string;
  q: string;
  flash?: string;
  editionForm?: Child;
}) {
  return (
    <>
      <PageHead title="部件与事件分类" />
      {p.flash && <Alert kind="ok">{p.flash}</Alert>}
      {p.editionForm}
      <form class="filters" method="get" action="/admin/categories">
        <Sel name="edition" opts={p.editions} value={p.edition} blank="全部标准版本" />
        <Sel name="kind" opts={p.kinds} value={p.kind} blank="部件和事件" />
        <input name="q" value={p.q} placeholder="代码或名称" />
        <button type="submit">筛选</button>
        <span class="muted">共 {p.rows.length} 个小类</span>
      </form>
      <table>
        <thead>
          <tr>
            <th>标准版本</th>
            <th>类型</th>
            <th>代码</th>
            <th>大类</th>
            <th>小类</th>
            <th>立案标准</th>
            <th>自定时限</th>
            <th>状态</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((c) => (
            <tr>
              <td>{c.edition}</td>
              <td>{c.kind}</td>
              <td>{c.code}</td>
              <td>{c.big_name}</td>
              <td>{c.small_name}</td>
              <td>{c.filing ? <Badge tone="green">已设</Badge> : <Badge tone="grey">未设</Badge>}</td>
              <td>{c.limits || ""}</td>
              <td>{c.active ? <Badge tone="green">启用</Badge> : <Badge tone="grey">停用</Badge>}</td>
              <td>
                <a href={`/admin/categories/${c.id}`}>编辑</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
export type LimitCell = { key: string; amount: string; unit: string; mode: string; isDefault: boolean };
export function CategoryForm(p: {
  csrf: string;
  id: number;
  title: string;
  meta: string;
  filing: string;
  closing: string;
  active: boolean;
  urgencies: Opt[];
  stages: Opt[];
  units: Opt[];
  modes: Opt[];
  cells: Record<string, LimitCell>;
  errors: Record<string, string>;
  error?: string;
}) {
  return (
    <>
      <PageHead title={p.title}>
        <a href="/admin/categories">返回列表</a>
      </PageHead>
      <p class="muted">{p.meta}</p>
      {p.error && <Alert kind="error">{p.error}</Alert>}
      <form class="card" method="post" action={`/admin/categories/${p.id}`}>
        <Csrf token={p.csrf} />
        <Field label="立案标准" name="filingStandard" error={p.errors.filingStandard}>
          <textarea name="filingStandard" rows={3}>
            {p.filing}
          </textarea>
        </Field>
        <Field label="结案标准" name="closingStandard" error={p.errors.closingStandard}>
          <textarea name="closingStandard" rows={3}>
            {p.closing}
          </textarea>
        </Field>
        <label>
          <input type="checkbox" name="active" value="1" checked={p.active} /> 启用此类别
        </label>
        <h3>各环节时限</h3>
        <p class="muted">留空则使用系统默认时限（灰色显示）。工作时间按工作日历计算（节假日与调休）。</p>
        <table>
          <thead>
            <tr>
              <th>紧急程度</th>
              {p.stages.map((s) => (
                <th>{s.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {p.urgencies.map((u) => (
              <tr>
                <td>{u.label}</td>
                {p.stages.map((s) => {
                  const k = `${u.value}.${s.value}`;
                  const c = p.cells[k]!;
                  return (
                    <td class={p.errors[k] ? "has-error" : ""}>
                      <input
                        name={`amount.${k}`}
                        value={c.isDefault ? "" : c.amount}
                        placeholder={c.isDefault ? c.amount : ""}
                        size={4}
                        aria-label={`${u.label}${s.label}时限`}
                      />
                      <Sel name={`unit.${k}`} opts={p.units} value={c.unit} />
                      <Sel name={`mode.${k}`} opts={p.modes} value={c.mode} />
                      {p.errors[k] && <small class="error-text">{p.errors[k]}</small>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit">保存</button>
      </form>
    </>
  );
}

// ---- components
export type CompRow = {
  id: number;
  code: string;
  name: string | null;
  category: string;
  grid: string | null;
  status: string;
  statusTone: "green" | "amber" | "red" | "grey";
  maint: string | null;
};
export function ComponentsPage(p: {
  rows: CompRow[];
  total: number;
  q: string;
  page: number;
  pages: number;
  batches: { id: number; file: string | null; status: string; imported: number; rejected: number; at: string }[];
}) {
  return (
    <>
      <PageHead title="部件管理">
        <a class="btn" href="/admin/components/import">
          导入部件
        </a>
      </PageHead>
      <form class="filters" method="get" action="/admin/components">
        <input name="q" value={p.q} placeholder="部件编码（前缀）或名称" autofocus />
        <button type="submit">搜索</button>
        <span class="muted">共 {p.total.toLocaleString("zh-CN")} 个</span>
      </form>
      {p.rows.length === 0 ? (
        <Empty>没有符合条件的部件。</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th>部件编码</th>
              <th>名称</th>
              <th>类别</th>
              <th>单元网格</th>
              <th>养护单位</th>
              <th>状态</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((c) => (
              <tr>
                <td>
                  <a href={`/admin/components/${c.id}`}>{c.code}</a>
                </td>
                <td>{c.name ?? ""}</td>
                <td>{c.category}</td>
                <td>{c.grid ?? "（网格外）"}</td>
                <td>{c.maint ?? ""}</td>
                <td>
                  <Badge tone={c.statusTone}>{c.status}</Badge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={p.page} pages={p.pages} href={(n) => `/admin/components?q=${encodeURIComponent(p.q)}&page=${n}`} />
      {p.batches.length > 0 && (
        <div class="card">
          <h3>最近导入</h3>
          <table>
            <thead>
              <tr>
                <th>批次</th>
                <th>文件</th>
                <th>状态</th>
                <th>导入</th>
                <th>拒绝</th>
                <th>开始时间</th>
              </tr>
            </thead>
            <tbody>
              {p.batches.map((b) => (
                <tr>
                  <td>
                    <a href={`/admin/components/imports/${b.id}`}>#{b.id}</a>
                  </td>
                  <td>{b.file ?? ""}</td>
                  <td>{b.status}</td>
                  <td>{b.imported}</td>
                  <td>{b.rejected}</td>
                  <td>{fmtTime(b.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
export type CompFormValues = {
  name: string;
  lng: string;
  lat: string;
  status: string;
  ownerDeptId: string;
  maintDeptId: string;
  address: string;
  installedOn: string;
};
export function ComponentPage(p: {
  csrf: string;
  id: number;
  code: string;
  meta: { label: string; value: string }[];
  v: CompFormValues;
  statuses: Opt[];
  depts: Opt[];
  errors: Record<string, string>;
  error?: string;
  flash?: string;
  changes: { at: string; actor: string; action: string; diff: { field: string; before: string; after: string }[] }[];
}) {
  return (
    <>
      <PageHead title={`部件 ${p.code}`}>
        <a href="/admin/components">返回列表</a>
      </PageHead>
      {p.flash && <Alert kind="ok">{p.flash}</Alert>}
      {p.error && <Alert kind="error">{p.error}</Alert>}
      <div class="card">
        <dl>
          {p.meta.map((m) => (
            <>
              <dt>{m.label}</dt>
              <dd>{m.value}</dd>
            </>
          ))}
        </dl>
      </div>
      <form class="card" method="post" action={`/admin/components/${p.id}`}>
        <Csrf token={p.csrf} />
        <h3>部件更新备案</h3>
        <div class="form-grid">
          <Field label="名称" name="name" error={p.errors.name}>
            <input name="name" value={p.v.name} />
          </Field>
          <Field label="状态" name="status" error={p.errors.status}>
            <Sel name="status" opts={p.statuses} value={p.v.status} />
          </Field>
          <Field label="经度 (WGS-84)" name="lng" error={p.errors.lng}>
            <input name="lng" value={p.v.lng} />
          </Field>
          <Field label="纬度" name="lat" error={p.errors.lat}>
            <input name="lat" value={p.v.lat} />
          </Field>
          <Field label="权属单位" name="ownerDeptId" error={p.errors.ownerDeptId}>
            <Sel name="ownerDeptId" opts={p.depts} value={p.v.ownerDeptId} blank="（无）" />
          </Field>
          <Field label="养护单位" name="maintDeptId" error={p.errors.maintDeptId}>
            <Sel name="maintDeptId" opts={p.depts} value={p.v.maintDeptId} blank="（无）" />
          </Field>
          <Field label="地址" name="address" error={p.errors.address}>
            <input name="address" value={p.v.address} />
          </Field>
          <Field label="安装日期" name="installedOn" error={p.errors.installedOn}>
            <input name="installedOn" value={p.v.installedOn} placeholder="YYYY-MM-DD" />
          </Field>
        </div>
        <button type="submit">保存变更</button>
      </form>
      <div class="card">
        <h3>变更记录</h3>
        {p.changes.length === 0 ? (
          <Empty>尚无变更记录。</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>时间</th>
                <th>操作人</th>
                <th>操作</th>
                <th>变更内容</th>
              </tr>
            </thead>
            <tbody>
              {p.changes.map((c) => (
                <tr>
                  <td>{fmtTime(c.at)}</td>
                  <td>{c.actor}</td>
                  <td>{c.action}</td>
                  <td>
                    {c.diff.length === 0 ? (
                      "（无字段变化）"
                    ) : (
                      <ul>
                        {c.diff.map((d) => (
                          <li>
                            {d.field}：{d.before || "（空）"} → {d.after || "（空）"}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}
export function ComponentImportForm(p: { csrf: string; error?: string }) {
  return (
    <>
      <PageHead title="导入部件">
        <a href="/admin/components">返回列表</a>
      </PageHead>
      {p.error && <Alert kind="error">{p.error}</Alert>}
      <form class="card" method="post" action="/admin/components/import" enctype="multipart/form-data">
        <Csrf token={p.csrf} />
        <p class="muted">
          CSV（UTF-8，首行为表头）列：部件编码、名称、经度、纬度、状态（完好/破损/丢失/移除）、权属单位、养护单位（部门编码或全称）、地址、安装日期。
          GeoJSON：Point 要素，properties 同上。部件编码 = 县代码 6 位 + 大类 2 位 + 小类 2 位（或 3 位）+ 序号 6
          位；已存在的编码将被更新并记录变更。 单元网格按坐标自动确定。错误的行不会导入，导入完成后列出行号与原因。
        </p>
        <div class="form-grid">
          <Field label="文件" name="file">
            <input type="file" name="file" accept=".csv,.geojson,.json" required />
          </Field>
          <Field label="坐标系" name="crs">
            <Sel
              name="crs"
              value="wgs84"
              opts={[
                { value: "wgs84", label: "WGS-84 / CGCS2000" },
                { value: "gcj02", label: "GCJ-02（火星坐标）" },
                { value: "bd09", label: "BD-09（百度）" },
              ]}
            />
          </Field>
        </div>
        <button type="submit">开始导入</button>
      </form>
    </>
  );
}
export function ImportProgress(p: {
  id: number;
  file: string | null;
  status: string;
  total: number;
  imported: number;
  rejected: number;
  report: Rejected[];
}) {
  const done = p.imported + p.rejected;
  const pct = p.total ? Math.round((done / p.total) * 100) : 100;
  const running = p.status === "running";
  return (
    <div
      id="import-progress"
      {...(running
        ? { "hx-get": `/admin/components/imports/${p.id}`, "hx-trigger": "every 1s", "hx-swap": "outerHTML" }
        : {})}
    >
      <div class="card">
        <h3>
          导入批次 #{p.id} {p.file ?? ""}
        </h3>
        <progress max={100} value={pct} style="width:100%">
          {pct}%
        </progress>
        <p>
          {running ? "正在导入…" : p.status === "done" ? "导入完成。" : "导入失败。"} 共 {p.total} 行，已导入{" "}
          {p.imported} 行，拒绝 {p.rejected} 行（{pct}%）。
          {p.status === "failed" && " 中断前已提交的行已导入，未处理的行未导入。"}
        </p>
      </div>
      {!running && <RejectedTable rows={p.report} total={p.rejected} />}
    </div>
  );
}

// ---- routing
export type RuleRow = { id: number; category: string; place: string; dept: string; note: string | null; level: string };
export function RoutingPage(p: {
  csrf: string;
  rows: RuleRow[];
  categories: Opt[];
  regions: Opt[];
  depts: Opt[];
  errors: Record<string, string>;
  error?: string;
  flash?: string;
  v: { categoryId: string; regionId: string; gridCode: string; departmentId: string; note: string };
  test: { categoryId: string; lng: string; lat: string };
}) {
  return (
    <>
      <PageHead title="派遣规则" />
      <p class="muted">
        优先级：部件养护单位 ＞ 单元网格规则 ＞ 社区规则 ＞ 街道/乡镇规则 ＞ 类别默认规则 ＞
        全局默认规则；同一地域内指定类别的规则优先于“所有类别”。
      </p>
      {p.flash && <Alert kind="ok">{p.flash}</Alert>}
      {p.error && <Alert kind="error">{p.error}</Alert>}
      <div class="cards">
        <form
          class="card"
          method="get"
          action="/admin/routing/test"
          hx-get="/admin/routing/test"
          hx-target="#route-result"
        >
          <h3>谁会接到这个案件？</h3>
          <Field label="类别" name="categoryId">
            <Sel name="categoryId" opts={p.categories} value={p.test.categoryId} />
          </Field>
          <div class="form-grid">
            <Field label="经度" name="lng">
              <input name="lng" value={p.test.lng} />
            </Field>
            <Field label="纬度" name="lat">
              <input name="lat" value={p.test.lat} />
            </Field>
          </div>
          <button type="submit">测试</button>
          <div id="route-result"></div>
        </form>
        <form class="card" method="post" action="/admin/routing">
          <Csrf token={p.csrf} />
          <h3>新增规则</h3>
          <Field label="类别" name="categoryId" error={p.errors.categoryId}>
            <Sel name="categoryId" opts={p.categories} value={p.v.categoryId} blank="（所有类别）" />
          </Field>
          <Field label="街道/乡镇或社区" name="regionId" error={p.errors.regionId}>
            <Sel name="regionId" opts={p.regions} value={p.v.regionId} blank="（全县）" />
          </Field>
          <Field label="或单元网格编码" name="gridCode" error={p.errors.gridId}>
            <input name="gridCode" value={p.v.gridCode} placeholder="15 位编码，可空" />
          </Field>
          <Field label="处置部门" name="departmentId" error={p.errors.departmentId}>
            <Sel name="departmentId" opts={p.depts} value={p.v.departmentId} blank="请选择" />
          </Field>
          <Field label="备注" name="note">
            <input name="note" value={p.v.note} />
          </Field>
          <button type="submit">保存规则</button>
        </form>
      </div>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>层级</th>
            <th>类别</th>
            <th>地域</th>
            <th>处置部门</th>
            <th>备注</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              <td>{r.id}</td>
              <td>{r.level}</td>
              <td>{r.category}</td>
              <td>{r.place}</td>
              <td>{r.dept}</td>
              <td>{r.note ?? ""}</td>
              <td>
                <form method="post" action={`/admin/routing/${r.id}/delete`} class="inline">
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
    </>
  );
}
export const RouteResult = (p: { error?: string; grid?: string | null; dept?: string | null; rule?: string | null }) =>
  p.error ? (
    <Alert kind="error">{p.error}</Alert>
  ) : (
    <Alert kind={p.dept ? "ok" : "info"}>
      {p.grid ? `位置：单元网格 ${p.grid}。` : "位置不在任何单元网格内。"}
      {p.dept ? (
        <>
          {" "}
          派遣给 <b>{p.dept}</b>（依据：{p.rule}）
        </>
      ) : (
        " 没有适用的规则，请设置全局默认规则。"
      )}
    </Alert>
  );

// ---- calendar
export function CalendarPage(p: {
  csrf: string;
  periods: string;
  weekdays: string[];
  year: string;
  years: string[];
  days: { day: string; type: string; name: string | null; weekday: string }[];
  errors: Record<string, string>;
  error?: string;
  flash?: string;
  csvErrors?: { line: number; reason: string }[];
}) {
  const W = ["一", "二", "三", "四", "五", "六", "日"];
  return (
    <>
      <PageHead title="工作日历" />
      {p.flash && <Alert kind="ok">{p.flash}</Alert>}
      {p.error && <Alert kind="error">{p.error}</Alert>}
      {p.csvErrors && p.csvErrors.length > 0 && (
        <div class="card">
          <h3>未导入的行</h3>
          <table>
            <thead>
              <tr>
                <th>行号</th>
                <th>原因</th>
              </tr>
            </thead>
            <tbody>
              {p.csvErrors.map((e) => (
                <tr>
                  <td>{e.line}</td>
                  <td>{e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="cards">
        <form class="card" method="post" action="/admin/calendar/hours">
          <Csrf token={p.csrf} />
          <h3>每周工作时间</h3>
          <Field label="每日工作时段" name="periods" error={p.errors.periods} hint="如 08:30-12:00,14:00-17:30">
            <input name="periods" value={p.periods} />
          </Field>
          <Field label="工作日" name="weekdays" error={p.errors.weekdays}>
            <div class="checks">
              {W.map((w, i) => (
                <label>
                  <input
                    type="checkbox"
                    name="weekdays"
                    value={String(i + 1)}
                    checked={p.weekdays.includes(String(i + 1))}
                  />{" "}
                  周{w}
                </label>
              ))}
            </div>
          </Field>
          <button type="submit">保存</button>
        </form>
        <form class="card" method="post" action="/admin/calendar/days">
          <Csrf token={p.csrf} />
          <h3>节假日 / 调休上班</h3>
          <div class="form-grid">
            <Field label="日期" name="day" error={p.errors.day}>
              <input name="day" type="date" required />
            </Field>
            <Field label="类型" name="type" error={p.errors.type}>
              <Sel
                name="type"
                opts={[
                  { value: "holiday", label: "节假日（休息）" },
                  { value: "workday", label: "调休上班" },
                ]}
              />
            </Field>
            <Field label="名称" name="name" error={p.errors.name}>
              <input name="name" placeholder="如 国庆节" />
            </Field>
          </div>
          <button type="submit">添加</button>
        </form>
        <form class="card" method="post" action="/admin/calendar/import" enctype="multipart/form-data">
          <Csrf token={p.csrf} />
          <h3>导入 CSV</h3>
          <p class="muted">每行：日期,类型,名称。类型为 holiday/节假日 或 workday/补班。同一日期以导入为准。</p>
          <Field label="文件" name="file">
            <input type="file" name="file" accept=".csv,.txt" required />
          </Field>
          <button type="submit">导入</button>
        </form>
      </div>
      <form class="filters" method="get" action="/admin/calendar">
        <Sel name="year" opts={p.years.map((y) => ({ value: y, label: `${y} 年` }))} value={p.year} />
        <button type="submit">查看</button>
      </form>
      {p.days.length === 0 ? (
        <Empty>{p.year} 年尚未设置节假日。</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th>日期</th>
              <th>星期</th>
              <th>类型</th>
              <th>名称</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {p.days.map((d) => (
              <tr>
                <td>{d.day}</td>
                <td>{d.weekday}</td>
                <td>{d.type === "holiday" ? <Badge tone="red">休</Badge> : <Badge tone="blue">班</Badge>}</td>
                <td>{d.name ?? ""}</td>
                <td>
                  <form method="post" action={`/admin/calendar/days/${d.day}/delete`} class="inline">
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
      )}
    </>
  );
}
