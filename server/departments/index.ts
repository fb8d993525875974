// Departments and the routing rules (派遣规则) that propose a department for a case.
import type { Module } from "../core/module.ts";
import { registerRouting, NAV } from "./routes.tsx";
export { type DeptLevel, LEVEL_NAMES, departmentById, departmentTree, listDepartments } from "./queries.ts";
export { saveDepartment } from "./verbs/save-department.ts";
export { type Proposal, proposeDepartment } from "./routing.ts";

export const departmentsModule: Module = {
  name: "departments",
  routes: (r) => registerRouting(r),
  nav: NAV,
};
