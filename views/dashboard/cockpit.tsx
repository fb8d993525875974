// 领导驾驶舱: figure cards, ECharts charts fed from one JSON block (no inline script),
// the hot-spot layer (map placeholder until the maps module is merged).
import { raw } from "hono/html";
import { PageHead } from "../ui/index.tsx";
import type { Dashboard } from "../../server/dashboard/queries.ts";

const pct = (a: number, b: number) => (b > 0 ? `${((a / b) * 100).toFixed(1)}%` : "—");
const Stat = (p: { n: string | number; l: string; href?: string }) => (
  <div class="stat">
    {p.href ? (
      <a href={p.href}>
        <div class="n">{p.n}</div>
      </a>
    ) : (
      <div class="n">{p.n}</div>
    )}
    <div class="l">{p.l}</div>
  </div>
);
const Chart = (p: { k: string; title: string; h?: number }) => (
  <section class="card chart-card">
    <h3>{p.title}</h3>
    <div data-chart={p.k} style={`height:${p.h ?? 260}px`}></div>
  </section>
);

export const Cockpit = (p: { d: Dashboard; evalHref: string; map?: Record<string, unknown> | null }) => {
  const d = p.d,
    t = d.today,
    m = d.month;
  const charts = {
    srcToday: { type: "pie", items: d.bySourceToday },
    srcMonth: { type: "pie", items: d.bySourceMonth },
    trend: { type: "trend", days: d.trend },
    cats: { type: "hbar", items: d.topCategories },
    towns: { type: "hbar", items: d.hotTowns },
    overdue: { type: "hbar", items: d.overdueByDept },
    points: { type: "points", points: d.points },
  };
  return (
    <div class="cockpit">
      <PageHead title="领导驾驶舱">
        <a class="btn secondary" href={p.evalHref}>
          综合评价
        </a>{" "}
        <a class="btn secondary" href="/evaluation/ranking?kind=department">
          部门排名
        </a>{" "}
        <a class="btn secondary" href="/reports">
          报表
        </a>
      </PageHead>
      <h3>今日（{t.label}）</h3>
      <div class="cards">
        <Stat n={t.reports} l="上报" />
        <Stat n={t.filed} l="立案" />
        <Stat n={t.dispatched} l="派遣" />
        <Stat n={t.closed} l="结案" />
        <Stat n={d.hotline.today} l="热线受理" />
        <Stat n={t.overdue} l="超期" />
      </div>
      <h3>本月（{m.label}）</h3>
      <div class="cards">
        <Stat n={m.reports} l="上报" href="/evaluation/cases?kind=region&key=reports&period=month" />
        <Stat n={m.filed} l="立案" href="/evaluation/cases?kind=region&key=filed&period=month" />
        <Stat n={m.dispatched} l="派遣" />
        <Stat n={m.closed} l="结案" href="/evaluation/cases?kind=region&key=closed&period=month" />
        <Stat n={pct(m.closed, m.shouldClose)} l="结案率" />
        <Stat n={pct(m.onTimeClosed, m.shouldClose)} l="按期结案率" />
        <Stat n={m.overdue} l="超期" />
        <Stat n={`${d.hotline.month} / ${pct(d.hotline.monthClosed, d.hotline.month)}`} l="热线受理 / 办结率" />
      </div>
      <div class="chart-grid">
        <Chart k="trend" title="近 30 天上报与结案趋势" />
        <Chart k="srcMonth" title="本月问题来源" />
        <Chart k="srcToday" title="今日问题来源" />
        <Chart k="cats" title="本月高发问题（前十）" h={300} />
        <Chart k="overdue" title="当前超期未处置（按部门）" h={300} />
        <Chart k="towns" title="本月热点街道/乡镇" h={300} />
      </div>
      <section class="card">
        <h3>本月案件热力图</h3>
        {p.map ? (
          <div class="cockpit-map-wrap">
            <div id="cockpit-map" class="map cockpit-map" role="region" aria-label="案件热力图"></div>
            <ol id="cockpit-hotspots" class="cockpit-hotspots" aria-label="高发点位"></ol>
            <script type="application/json" id="cockpit-map-config">
              {raw(JSON.stringify(p.map).replace(/</g, "\\u003c"))}
            </script>
          </div>
        ) : (
          <div class="map-placeholder">
            <p class="muted">地图模块未启用。下图为本月案件点位的经纬度分布。</p>
            <div data-chart="points" style="height:320px"></div>
          </div>
        )}
      </section>
      <section class="card">
        <h3>本月部门综合排名（前十）</h3>
        <ol>
          {d.deptRanking.map((r) => (
            <li>
              {r.name} <b>{r.score?.toFixed(1)}</b>
            </li>
          ))}
        </ol>
      </section>
      <script type="application/json" data-charts="">
        {raw(JSON.stringify(charts).replace(/</g, "\\u003c"))}
      </script>
    </div>
  );
};

export const DASH_HEAD = (v: string) => (
  <>
    <script src={`/assets/echarts.min.js?v=${v}`} defer></script>
    <script src={`/assets/charts.js?v=${v}`} defer></script>
    <link rel="stylesheet" href={`/assets/evaluation.css?v=${v}`} />
    <link rel="stylesheet" href="/assets/maplibre-gl.css" />
    <link rel="stylesheet" href="/assets/map.css" />
    <script src="/assets/pmtiles.js"></script>
    <script type="module" src={`/assets/cockpit-heat.js?v=${v}`}></script>
  </>
);
