// Who hears about a case event: each fallback of recipients(), and the dispatch forms' warnings.
import { test, expect, describe } from "bun:test";
import { testDb, testApp, Client } from "../testing/index.ts";
import { world, dept, fastUser, type World } from "./fixtures.ts";
import type { Db } from "../core/db.ts";
import { createCase, appendNote } from "./index.ts";
import { fileCase } from "./verbs/file.ts";
import { dispatch } from "./verbs/dispatch.ts";
import { accept } from "./verbs/accept.ts";
import { subDispatch } from "./verbs/sub-dispatch.ts";
import { urge } from "./verbs/urge.ts";
import { availableActions } from "./queries.ts";
import { loadCase } from "./transition.ts";
import { recipients, fallbackNote } from "./recipients.ts";

/** Who was notified about this case for this kind of event, as usernames (sorted). */
function told(db: Db, caseId: number, kind: string): string[] {
  return (
    db.sqlite
      .query(
        "SELECT u.username FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.case_id = ? AND n.kind = ? ORDER BY u.username",
      )
      .all(caseId, kind) as { username: string }[]
  ).map((r) => r.username);
}
const deactivate = (db: Db, userId: number) => db.sqlite.query("UPDATE users SET active = 0 WHERE id = ?").run(userId);

function setup(db: Db = testDb()) {
  const w = world(db);
  // 城关镇市容所: a sub-unit of the town sub-centre with no accounts at all.
  const unit_empty = dept(db, "CGZ-SR", "城关镇市容所", "unit", w.dept_town);
  const id = createCase(db, w.inspector_wang, {
    source: "inspector",
    description: "东门路井盖缺失",
    address: "东门路 12 号",
    lng: 115.905,
    lat: 28.605,
    categoryId: w.cat_manhole,
  }).id;
  fileCase(db, w.intake_qian, { caseId: id });
  return { db, w, id, unit_empty };
}
const toTown = (db: Db, w: World, id: number) =>
  dispatch(db, w.dispatcher_zhou, { caseId: id, departmentId: w.dept_town });

describe("recipients", () => {
  test("dispatch reaches the department's own handlers", () => {
    const { db, w, id } = setup();
    dispatch(db, w.dispatcher_zhou, { caseId: id, departmentId: w.dept_water });
    expect(told(db, id, "dispatch")).toEqual(["water_wu"]);
  });
  test("a sub-unit without accounts falls back to its sub-centre", () => {
    const { db, w, id, unit_empty } = setup();
    toTown(db, w, id);
    subDispatch(db, w.town_zheng, { caseId: id, departmentId: unit_empty });
    // The actor (town_zheng) is never told about their own step, so the fallback is seen through recipients().
    expect(recipients(db, loadCase(db, id), "sub_dispatch", w.dispatcher_zhou)).toEqual([w.town_zheng.userId]);
  });
  test("a department with no handlers and no parent falls back to the dispatchers", () => {
    const { db, w, id } = setup();
    deactivate(db, w.roads_he.userId);
    dispatch(db, w.dispatcher_zhou, { caseId: id, departmentId: w.dept_roads });
    expect(recipients(db, loadCase(db, id), "dispatch", w.leader_li)).toEqual([w.dispatcher_zhou.userId]);
    // The only dispatcher is the actor, who is never told of their own step: the shift lead is, not nobody.
    expect(told(db, id, "dispatch")).toEqual(["shiftlead_zhao"]);
    urge(db, w.leader_li, { caseId: id, note: "请尽快处理" });
    expect(told(db, id, "urge")).toEqual(["dispatcher_zhou"]);
  });
  test("with no dispatchers either, the shift lead hears; never nobody", () => {
    const { db, w, id } = setup();
    deactivate(db, w.roads_he.userId);
    dispatch(db, w.dispatcher_zhou, { caseId: id, departmentId: w.dept_roads });
    deactivate(db, w.dispatcher_zhou.userId);
    urge(db, w.leader_li, { caseId: id, note: "请尽快处理" });
    expect(told(db, id, "urge")).toEqual(["shiftlead_zhao"]);
  });
  test("督办 on a sub-dispatched case with no accounts reaches the sub-centre", () => {
    const { db, w, id, unit_empty } = setup();
    toTown(db, w, id);
    subDispatch(db, w.town_zheng, { caseId: id, departmentId: unit_empty });
    urge(db, w.leader_li, { caseId: id, note: "今天必须处理" });
    expect(told(db, id, "urge")).toEqual(["town_zheng"]);
  });
  test("督办 reaches the unit, the parent department and the sub-centre that sub-dispatched", () => {
    const { db, w, id } = setup();
    toTown(db, w, id);
    subDispatch(db, w.town_zheng, { caseId: id, departmentId: w.dept_town_unit });
    accept(db, w.unit_feng, { caseId: id });
    urge(db, w.leader_li, { caseId: id, note: "今天必须处理" });
    expect(told(db, id, "urge")).toEqual(["town_zheng", "unit_feng"]);
    // A county department under another (parent without sub-dispatch) is reached too.
    const db2 = testDb();
    const s = setup(db2);
    const branch = dept(db2, "SWJ-1", "县水务局城区站", "unit", s.w.dept_water);
    fastUser(db2, "branch_ma", ["handler"], branch);
    dispatch(db2, s.w.dispatcher_zhou, { caseId: s.id, departmentId: branch });
    urge(db2, s.w.leader_li, { caseId: s.id, note: "请处理" });
    expect(told(db2, s.id, "urge")).toEqual(["branch_ma", "water_wu"]);
  });
  test("a new report reaches intake, else the shift lead; a repeat call reaches whoever holds the case", () => {
    const { db, w, id } = setup();
    dispatch(db, w.dispatcher_zhou, { caseId: id, departmentId: w.dept_water });
    appendNote(db, w.hotline_sun, { caseId: id, kind: "hotline_call", note: "市民再次来电" });
    expect(told(db, id, "hotline_call")).toEqual(["water_wu"]);
    deactivate(db, w.intake_qian.userId);
    const c = createCase(db, w.hotline_sun, { source: "hotline", description: "路灯不亮", address: "西门路" });
    expect(told(db, c.id, "report")).toEqual(["shiftlead_zhao"]);
  });
});

describe("dispatch forms", () => {
  test("二级派遣 only where the department has sub-units", () => {
    const { db, w, id } = setup();
    dispatch(db, w.dispatcher_zhou, { caseId: id, departmentId: w.dept_water });
    expect(availableActions(db, w.water_wu, loadCase(db, id)).map((t) => t.action)).not.toContain("sub_dispatch");
    const s = setup(testDb());
    toTown(s.db, s.w, s.id);
    expect(availableActions(s.db, s.w.town_zheng, loadCase(s.db, s.id)).map((t) => t.action)).toContain("sub_dispatch");
  });
  test("fallbackNote says where an accountless unit's notifications go", () => {
    const { db, w, unit_empty } = setup();
    expect(fallbackNote(db, w.dept_water)).toBeNull();
    expect(fallbackNote(db, unit_empty)).toBe("无在岗账号，通知将转至城关镇分中心");
    deactivate(db, w.roads_he.userId);
    expect(fallbackNote(db, w.dept_roads)).toBe("无在岗账号，通知将转至指挥中心调度员");
  });
  test("the sub-dispatch and dispatch forms warn before sending", async () => {
    const t = testApp();
    const { w, id } = setup(t.deps.db);
    deactivate(t.deps.db, w.roads_he.userId);
    const disp = new Client(t);
    await disp.login("dispatcher_zhou");
    const page1 = await (await disp.get(`/cases/${id}`)).text();
    expect(page1).toContain("县交通局（⚠ 无在岗账号，通知将转至指挥中心调度员）");
    toTown(t.deps.db, w, id);
    const town = new Client(t);
    await town.login("town_zheng");
    const page = await (await town.get(`/cases/${id}`)).text();
    expect(page).toContain("二级派遣");
    expect(page).toContain("城关镇市容所（⚠ 无在岗账号，通知将转至城关镇分中心）");
    expect(page).toContain("dispatch-warn");
    const water = new Client(t);
    await water.login("water_wu");
    const s2 = createCase(t.deps.db, w.inspector_wang, {
      source: "inspector",
      description: "南街井盖缺失",
      address: "南街",
      categoryId: w.cat_manhole,
    });
    fileCase(t.deps.db, w.intake_qian, { caseId: s2.id });
    dispatch(t.deps.db, w.dispatcher_zhou, { caseId: s2.id, departmentId: w.dept_water });
    expect(await (await water.get(`/cases/${s2.id}`)).text()).not.toContain("二级派遣");
  });
});

describe("intake: one operator per new report", () => {
  test("round-robin among signed-in intake operators; the others are not told", () => {
    const { db, w } = setup();
    const qian2 = fastUser(db, "intake_qian2", ["intake"], w.dept_supervision);
    fastUser(db, "intake_off", ["intake"], w.dept_supervision); // active but not signed in
    const signIn = (uid: number) =>
      db.sqlite
        .query(
          "INSERT INTO sessions (id, user_id, created_at, last_seen, expires_at) VALUES (?, ?, '2026-01-01', '2026-01-01', '2999-01-01')",
        )
        .run(`s${uid}`, uid);
    signIn(w.intake_qian.userId);
    signIn(qian2);
    const who = () => {
      const c = createCase(db, w.inspector_li, {
        source: "inspector",
        description: "西门路垃圾满溢",
        address: "西门路",
      });
      return told(db, c.id, "report");
    };
    const got = [who(), who(), who(), who()];
    expect(got.every((g) => g.length === 1)).toBe(true);
    expect(new Set(got.flat())).toEqual(new Set(["intake_qian", "intake_qian2"]));
    expect(got[0]).not.toEqual(got[1]);
    expect(got[1]).not.toEqual(got[2]);
    expect(got.flat()).not.toContain("intake_off");
  });
});
