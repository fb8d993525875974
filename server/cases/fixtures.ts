// Named test fixtures that read like a story. Reference rows are inserted directly
// (the ref branch owns their verbs); users go through saveUser.
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "../core/db.ts";
import { saveUser } from "../auth/verbs/save-user.ts";
import type { Role, UserActor } from "../core/context.ts";
import { nowIso } from "../core/db.ts";

const at = () => nowIso();
const sys = { kind: "system" as const, job: "test" };

export function dept(
  db: Db,
  code: string,
  name: string,
  level: "county" | "town" | "unit",
  parentId: number | null = null,
): number {
  return db.sqlite
    .query<{ id: number }, SQLQueryBindings[]>(
      "INSERT INTO departments (code, name, level, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .get(code, name, level, parentId, at(), at())!.id;
}

let hash: string | null = null;
/** Insert a user directly, reusing one password hash (saveUser hashes each time, which is slow). */
export function fastUser(db: Db, username: string, roles: Role[], departmentId: number | null): number {
  if (!hash) {
    const tmp = saveUser(db, sys, {
      username: "__hash",
      name: "x",
      roles: ["leader"],
      password: "test-pass-123",
      departmentId: null,
    });
    hash = db.sqlite
      .query<{ password_hash: string }, SQLQueryBindings[]>("SELECT password_hash FROM users WHERE id = ?")
      .get(tmp)!.password_hash;
    db.sqlite.query("DELETE FROM user_roles WHERE user_id = ?").run(tmp);
    db.sqlite.query("DELETE FROM users WHERE id = ?").run(tmp);
  }
  const id = db.sqlite
    .query<{ id: number }, SQLQueryBindings[]>(
      "INSERT INTO users (username, name, password_hash, department_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .get(username, username, hash, departmentId, at(), at())!.id;
  for (const r of roles) db.sqlite.query("INSERT INTO user_roles (user_id, role) VALUES (?, ?)").run(id, r);
  return id;
}

export type World = ReturnType<typeof world>;

/** A small county: one town with one community and grid 030101, a manhole category, departments, one user per role. */
export function world(db: Db) {
  const region = (code: string, name: string, level: string, parent: number | null) =>
    db.sqlite
      .query<{ id: number }, SQLQueryBindings[]>(
        "INSERT INTO regions (code, name, level, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      )
      .get(code, name, level, parent, at(), at())!.id;
  const county = region("360121", "示范县", "county", null);
  const town_chengguan = region("360121001", "城关镇", "town", county);
  const comm_dongmen = region("360121001001", "东门社区", "community", town_chengguan);
  const poly = {
    type: "Polygon",
    coordinates: [
      [
        [115.9, 28.6],
        [115.91, 28.6],
        [115.91, 28.61],
        [115.9, 28.61],
        [115.9, 28.6],
      ],
    ],
  };
  const grid_030101 = db.sqlite
    .query<{ id: number }, SQLQueryBindings[]>(
      "INSERT INTO grids (code, community_id, town_id, geometry, min_lng, min_lat, max_lng, max_lat, created_at, updated_at) VALUES (?, ?, ?, ?, 115.90, 28.60, 115.91, 28.61, ?, ?) RETURNING id",
    )
    .get("360121001001030101".slice(0, 15), comm_dongmen, town_chengguan, JSON.stringify(poly), at(), at())!.id;
  // 供水井盖 (component 01001) of the edition in force (GB/T 47678.5-2026, seeded by 0010); inserted when the seed is absent.
  const cat_manhole = (
    db.sqlite
      .query<{ id: number }, []>(
        "SELECT id FROM categories WHERE edition = 'GB/T 47678.5-2026' AND kind = 'component' AND code = '01001'",
      )
      .get() ??
    db.sqlite
      .query<{ id: number }, SQLQueryBindings[]>(
        "INSERT INTO categories (edition, kind, big_code, big_name, small_code, small_name, code, updated_at) VALUES ('GB/T 47678.5-2026', 'component', '01', '市政公用设施', '001', '供水井盖', '01001', ?) RETURNING id",
      )
      .get(at())!
  ).id;
  db.sqlite.query("DELETE FROM category_limits WHERE category_id = ?").run(cat_manhole);
  const lim = db.sqlite.query(
    "INSERT INTO category_limits (category_id, urgency, stage, amount, unit, mode) VALUES (?, 'normal', ?, ?, ?, ?)",
  );
  lim.run(cat_manhole, "file", 1, "hour", "natural");
  lim.run(cat_manhole, "dispatch", 1, "hour", "natural");
  lim.run(cat_manhole, "dispose", 24, "hour", "natural");
  lim.run(cat_manhole, "check", 2, "hour", "natural");
  lim.run(cat_manhole, "verify", 1, "hour", "natural");
  const dept_supervision = dept(db, "JDZX", "监督中心", "county");
  const dept_command = dept(db, "ZHZX", "指挥中心", "county");
  const dept_water = dept(db, "SWJ", "县水务局", "county");
  const dept_roads = dept(db, "JTJ", "县交通局", "county");
  const dept_town = dept(db, "CGZ", "城关镇分中心", "town");
  const dept_town_unit = dept(db, "CGZ-HW", "城关镇环卫所", "unit", dept_town);
  db.sqlite
    .query("INSERT INTO routing_rules (category_id, department_id, created_at, updated_at) VALUES (?, ?, ?, ?)")
    .run(cat_manhole, dept_water, at(), at());
  const user = (username: string, roles: Role[], departmentId: number | null): UserActor => {
    const id = fastUser(db, username, roles, departmentId);
    return { kind: "user", userId: id, username, name: username, roles, departmentId };
  };
  return {
    county,
    town_chengguan,
    comm_dongmen,
    grid_030101,
    cat_manhole,
    dept_supervision,
    dept_command,
    dept_water,
    dept_roads,
    dept_town,
    dept_town_unit,
    intake_qian: user("intake_qian", ["intake"], dept_supervision),
    shiftlead_zhao: user("shiftlead_zhao", ["shift_lead"], dept_supervision),
    dispatcher_zhou: user("dispatcher_zhou", ["dispatcher"], dept_command),
    inspector_wang: user("inspector_wang", ["inspector"], dept_supervision),
    inspector_li: user("inspector_li", ["inspector"], dept_supervision),
    water_wu: user("water_wu", ["handler"], dept_water),
    roads_he: user("roads_he", ["handler"], dept_roads),
    town_zheng: user("town_zheng", ["handler"], dept_town),
    unit_feng: user("unit_feng", ["handler"], dept_town_unit),
    leader_li: user("leader_li", ["leader"], null),
    hotline_sun: user("hotline_sun", ["hotline"], dept_supervision),
    admin_root: user("admin_root", ["admin"], null),
  };
}

/** A 1×1 PNG as an uploaded photo. */
export const PNG_1x1: Uint8Array<ArrayBuffer> = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);
