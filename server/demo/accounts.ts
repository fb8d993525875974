// Demo accounts: one per role, documented in the README. Loaded only into an empty database.
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "../core/db.ts";
import { tx } from "../core/db.ts";
import type { Role } from "../core/context.ts";
import { saveUser } from "../auth/index.ts";
import { saveDepartment } from "../departments/index.ts";
import { countUsers } from "../auth/index.ts";

export const DEMO_PASSWORD = "wanmi2026";

export const DEMO_ACCOUNTS: { username: string; name: string; roles: Role[]; dept?: string }[] = [
  { username: "admin", name: "系统管理员", roles: ["admin"] },
  { username: "leader", name: "李县长", roles: ["leader"] },
  { username: "shiftlead", name: "赵值班长", roles: ["shift_lead", "intake"], dept: "JDZX" },
  { username: "intake", name: "钱受理员", roles: ["intake"], dept: "JDZX" },
  { username: "hotline", name: "孙话务员", roles: ["hotline"], dept: "JDZX" },
  { username: "dispatcher", name: "周派遣员", roles: ["dispatcher"], dept: "ZHZX" },
  { username: "inspector", name: "王监督员", roles: ["inspector"], dept: "JDZX" },
  { username: "water", name: "吴处置员（水务）", roles: ["handler"], dept: "SWJ" },
  { username: "town", name: "郑处置员（城关镇分中心）", roles: ["handler"], dept: "CGZ" },
];

const DEMO_DEPTS = [
  { code: "JDZX", name: "城市管理监督中心", level: "county" as const },
  { code: "ZHZX", name: "城市管理指挥中心", level: "county" as const },
  { code: "SWJ", name: "县水务局", level: "county" as const },
  { code: "CGZ", name: "城关镇分中心", level: "town" as const },
];

/** Seed the minimal demo (departments + one account per role) if there are no users. */
export function seedDemoAccounts(db: Db): boolean {
  if (countUsers(db) > 0) return false;
  const actor = { kind: "system" as const, job: "demo" };
  tx(db, () => {
    const ids = new Map<string, number>();
    for (const d of DEMO_DEPTS) {
      const existing = db.sqlite
        .query<{ id: number }, SQLQueryBindings[]>("SELECT id FROM departments WHERE code = ?")
        .get(d.code);
      ids.set(d.code, existing?.id ?? saveDepartment(db, actor, d));
    }
    for (const a of DEMO_ACCOUNTS) {
      saveUser(db, actor, {
        username: a.username,
        name: a.name,
        roles: a.roles,
        password: DEMO_PASSWORD,
        departmentId: a.dept ? ids.get(a.dept)! : null,
      });
    }
  });
  return true;
}
