// Landing and the per-role workbenches. Later modules contribute panels.
import type { Child } from "hono/jsx";
import type { Router, Ctx } from "../core/http.ts";
import { requireUser } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { ROLES, ROLE_NAMES, type Role, type UserActor } from "../core/context.ts";
import { landingFor, workbenchPath } from "../auth/landing.ts";
import type { Nav } from "../core/nav.ts";
import { PageHead, Empty } from "../../views/ui/index.tsx";

export type Panel = { roles: readonly Role[]; order?: number; render: (c: Ctx, u: UserActor) => Child };

export class Workbench {
  panels: Panel[] = [];
  add(p: Panel) {
    this.panels.push(p);
  }
  for(role: Role) {
    return this.panels.filter((p) => p.roles.includes(role)).sort((a, b) => (a.order ?? 50) - (b.order ?? 50));
  }
}

const INTRO: Record<Role, string> = {
  inspector: "上报问题、核实与核查任务、巡查轨迹与考勤。",
  hotline: "接听来电、查看来电人历史、登记与转为上报。",
  intake: "审核新上报、派发核实、立案、核查与结案。",
  shift_lead: "审批作废、不予立案、结案与重新启用。",
  dispatcher: "派遣案件、审批回退、延期与挂账申请、督办超期案件。",
  handler: "接收案件、处置反馈、申请回退/延期/挂账。",
  leader: "今日与本月运行态势、排名与报表。",
  admin: "用户、部门、网格、部件、分类与时限、工作日历、系统设置。",
  security_admin: "密码策略、登录锁定、会话超时与安全设置。",
  auditor: "查看与导出安全审计日志（登录、权限变更、配置变更）。",
};

export function registerHome(r: Router, nav: Nav, wb: Workbench) {
  for (const role of ROLES) {
    const label = role === "inspector" ? "首页" : `${ROLE_NAMES[role]}工作台`;
    nav.add({ href: workbenchPath(role), label, group: "工作台", roles: [role], order: 1 });
  }
  r.get("/", "public", (c) => {
    const u = c.get("user");
    return c.redirect(u ? landingFor(u) : "/login");
  });
  for (const role of ROLES) {
    if (role === "inspector") continue; // the inspector's workbench is the phone app at /m
    r.get(`/workbench/${role}`, [role], (c) => {
      const u = requireUser(c);
      const panels = wb.for(role);
      const body = (
        <>
          <PageHead title={`${ROLE_NAMES[role]}工作台`} />
          <p class="muted">{INTRO[role]}</p>
          {panels.length ? panels.map((p) => p.render(c, u)) : <Empty>此工作台的内容将在后续版本提供。</Empty>}
        </>
      );
      return page(c, body, { title: `${ROLE_NAMES[role]}工作台` });
    });
  }
}
