// Landing and the per-role workbenches. Other modules contribute panels through the module contract.
import type { Router } from "../core/http.ts";
import { requireUser } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { ROLES, ROLE_NAMES, type Role } from "../core/context.ts";
import type { NavEntry } from "../core/nav.ts";
import type { Workbench } from "../core/workbench.ts";
import { landingFor, workbenchPath } from "../auth/index.ts";
import { PageHead, Empty } from "../../views/ui/index.tsx";

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

export const NAV: NavEntry[] = ROLES.map((role) => ({
  href: workbenchPath(role),
  label: role === "inspector" ? "首页" : `${ROLE_NAMES[role]}工作台`,
  group: "工作台",
  roles: [role],
  order: 1,
}));

export function registerHome(r: Router, wb: Workbench) {
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
