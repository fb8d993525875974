// 领导驾驶舱 and its heat-layer data; a panel on the leader workbench links here.
import type { Router } from "../core/http.ts";
import type { Nav } from "../core/nav.ts";
import type { Workbench } from "../home/routes.tsx";
import { page } from "../core/page.tsx";
import { dashboardData } from "./queries.ts";
import { periodFromQuery } from "../evaluation/period.ts";
import { Cockpit, DASH_HEAD } from "../../views/dashboard/cockpit.tsx";

export function registerDashboard(r: Router, nav: Nav, wb: Workbench) {
  nav.add({ href: "/dashboard", label: "驾驶舱", group: "评价与报表", roles: ["leader"], order: 59 });
  wb.add({
    roles: ["leader"],
    order: 10,
    render: () => (
      <section class="card">
        <h3>领导驾驶舱</h3>
        <p>今日与本月运行态势、趋势、高发问题、热点与部门排名。</p>
        <a class="btn" href="/dashboard">进入驾驶舱</a> <a class="btn secondary" href="/evaluation/ranking">排名</a> <a class="btn secondary" href="/reports">报表</a>
      </section>
    ),
  });
  r.get("/dashboard", ["leader"], (c) => {
    const { db, version } = c.get("deps");
    return page(c, <Cockpit d={dashboardData(db)} evalHref="/evaluation" />, { title: "领导驾驶舱", head: DASH_HEAD(version) });
  });
  /** Heat-layer points for the map module: [[lng, lat, weight]] of the period's cases. */
  r.get("/dashboard/heat.json", ["leader"], (c) => {
    const { db } = c.get("deps");
    const p = periodFromQuery(c.req.query());
    const rows = db.sqlite
      .query("SELECT round(lng, 4) AS x, round(lat, 4) AS y, COUNT(*) AS n FROM cases WHERE created_at >= ? AND created_at < ? AND lng IS NOT NULL GROUP BY x, y LIMIT 20000")
      .all(p.from, p.to) as { x: number; y: number; n: number }[];
    return c.json({ period: p.label, points: rows.map((r) => [r.x, r.y, r.n]) });
  });
}
