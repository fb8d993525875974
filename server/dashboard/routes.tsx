// 领导驾驶舱 and its heat-layer data; a panel on the leader workbench links here.
import type { NavEntry } from "../core/nav.ts";
import type { Panel } from "../core/workbench.ts";
import type { Router } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { dashboardData } from "./queries.ts";
import { localDate } from "../evaluation/index.ts";
import { Cockpit, DASH_HEAD } from "../../views/dashboard/cockpit.tsx";
import { ASSETS } from "../core/assets.ts";
import { mapConfig } from "../maps/index.ts";
import cockpitHeat from "../../views/assets/cockpit-heat.js" with { type: "file" };

export const NAV: NavEntry[] = [
  { href: "/dashboard", label: "驾驶舱", group: "评价与报表", roles: ["leader"], order: 59 },
];

export const PANELS: Panel[] = [
  {
    roles: ["leader"],
    order: 10,
    render: () => (
      <section class="card">
        <h3>领导驾驶舱</h3>
        <p>今日与本月运行态势、趋势、高发问题、热点与部门排名。</p>
        <a class="btn" href="/dashboard">
          进入驾驶舱
        </a>{" "}
        <a class="btn secondary" href="/evaluation/ranking">
          排名
        </a>{" "}
        <a class="btn secondary" href="/reports">
          报表
        </a>
      </section>
    ),
  },
];

export function registerDashboard(r: Router) {
  ASSETS.set("cockpit-heat.js", cockpitHeat);
  r.get("/dashboard", ["leader"], (c) => {
    const { db, version } = c.get("deps");
    const d = dashboardData(db);
    const map = {
      ...mapConfig(c),
      heat: `/api/maps/heat?from=${d.period.start}&to=${localDate(Date.parse(d.period.to))}`,
    };
    return page(c, <Cockpit d={d} evalHref="/evaluation" map={map} />, {
      title: "领导驾驶舱",
      head: DASH_HEAD(version),
    });
  });
}
