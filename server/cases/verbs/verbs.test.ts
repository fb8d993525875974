// Each verb: the happy path with concrete stored values, and the wrong role refused.
import { test, expect, describe } from "bun:test";
import { testDb } from "../../testing/index.ts";
import { world, type World } from "../fixtures.ts";
import { createCase } from "../index.ts";
import { requestVerify } from "./request-verify.ts";
import { verified } from "./verified.ts";
import { fileCase } from "./file.ts";
import { reject } from "./reject.ts";
import { merge } from "./merge.ts";
import { requestCancel, decideCancel } from "./cancel.ts";
import { dispatch } from "./dispatch.ts";
import { accept } from "./accept.ts";
import { subDispatch } from "./sub-dispatch.ts";
import { requestReturn, decideReturn } from "./return.ts";
import { requestExtend, decideExtend } from "./extend.ts";
import { requestSuspend, decideSuspend, resume } from "./suspend.ts";
import { complete } from "./complete.ts";
import { sendCheck } from "./send-check.ts";
import { check } from "./check.ts";
import { close } from "./close.ts";
import { urge } from "./urge.ts";
import { reopen } from "./reopen.ts";
import { loadCase } from "../transition.ts";
import { nearbyOpen, timeline, listCases } from "../queries.ts";
import { unreadCount } from "../../notify/index.ts";
import type { Db } from "../../core/db.ts";

const photo = [{ path: "cases/x.png", mime: "image/png", size: 68 }];

function setup() {
  const db = testDb();
  const w = world(db);
  const c = createCase(db, w.inspector_wang, {
    source: "inspector",
    description: "东门路井盖缺失",
    address: "东门路 12 号",
    lng: 115.905,
    lat: 28.605,
    categoryId: w.cat_manhole,
    photos: photo,
  });
  return { db, w, id: c.id };
}
function toInProgress(db: Db, w: World, id: number) {
  fileCase(db, w.intake_qian, { caseId: id });
  dispatch(db, w.dispatcher_zhou, { caseId: id });
  accept(db, w.water_wu, { caseId: id });
}
const events = (db: Db, id: number) => timeline(db, id).map((e) => e.action);

describe("report", () => {
  test("gets a readable number, the grid and town, a filing clock and a timeline entry", () => {
    const { db, w, id } = setup();
    const c = loadCase(db, id);
    expect(c.no).toMatch(/^\d{8}-0001$/);
    expect(c.grid_id).toBe(w.grid_030101);
    expect(c.town_id).toBe(w.town_chengguan);
    expect(c.state).toBe("reported");
    expect(Date.parse(c.due_at!) - Date.parse(c.created_at)).toBe(3600_000); // 1 natural hour for this category
    expect(events(db, id)).toEqual(["report"]);
    expect(unreadCount(db, w.intake_qian.userId)).toBe(1);
    const second = createCase(db, w.intake_qian, { source: "hotline", description: "又一个井盖", address: "西门路" });
    expect(second.no.endsWith("-0002")).toBe(true);
  });
  test("refuses a report without location", () => {
    const { db, w } = setup();
    expect(() => createCase(db, w.intake_qian, { source: "hotline", description: "没有地址的上报" })).toThrow(/地址/);
  });
  test("duplicate hint finds open cases of the same category nearby, not far ones", () => {
    const { db, w, id } = setup();
    const near = nearbyOpen(db, { categoryId: w.cat_manhole, lng: 115.9051, lat: 28.6051 }, 50);
    expect(near.map((n) => n.id)).toEqual([id]);
    expect(nearbyOpen(db, { categoryId: w.cat_manhole, lng: 115.91, lat: 28.61 }, 50)).toEqual([]);
  });
});

describe("intake verbs", () => {
  test("request verify → verified by the assigned inspector only", () => {
    const { db, w, id } = setup();
    expect(() => requestVerify(db, w.dispatcher_zhou, { caseId: id, inspectorId: w.inspector_wang.userId })).toThrow(
      /无权/,
    );
    requestVerify(db, w.intake_qian, { caseId: id, inspectorId: w.inspector_wang.userId });
    expect(loadCase(db, id).state).toBe("verifying");
    expect(() => verified(db, w.inspector_li, { caseId: id, genuine: true, note: "属实" })).toThrow(/无权/);
    verified(db, w.inspector_wang, { caseId: id, genuine: true, note: "属实" });
    expect(loadCase(db, id).state).toBe("reported");
  });
  test("file sets the dispatch clock; reject needs a reason", () => {
    const { db, w, id } = setup();
    expect(() => fileCase(db, w.water_wu, { caseId: id })).toThrow(/无权/);
    expect(() => reject(db, w.intake_qian, { caseId: id })).toThrow(/理由/);
    const r = fileCase(db, w.intake_qian, { caseId: id });
    expect(r.row.state).toBe("filed");
    expect(r.row.filed_at).not.toBeNull();
    expect(Date.parse(r.row.due_at!) - Date.parse(r.row.stage_started_at!)).toBe(3600_000);
  });
  test("reject closes the report", () => {
    const { db, w, id } = setup();
    expect(reject(db, w.intake_qian, { caseId: id, note: "不在管辖范围" }).row.state).toBe("rejected");
  });
  test("merge a duplicate into an open case: both timelines record it", () => {
    const { db, w, id } = setup();
    const dup = createCase(db, w.intake_qian, { source: "citizen", description: "井盖没了", address: "东门路 12 号" });
    expect(() => merge(db, w.dispatcher_zhou, { caseId: dup.id, targetId: id })).toThrow(/无权/);
    const r = merge(db, w.intake_qian, { caseId: dup.id, targetId: id });
    expect(r.row.state).toBe("merged");
    expect(r.row.merged_into).toBe(id);
    expect(events(db, id)).toEqual(["report", "merged_in"]);
  });
  test("cancel: intake asks, only the shift lead approves", () => {
    const { db, w, id } = setup();
    expect(() => requestCancel(db, w.intake_qian, { caseId: id })).toThrow(/理由/);
    requestCancel(db, w.intake_qian, { caseId: id, note: "测试数据" });
    expect(loadCase(db, id).pending).toBe("cancel");
    expect(() => requestCancel(db, w.intake_qian, { caseId: id, note: "再来" })).toThrow(/待审批/);
    expect(() => decideCancel(db, w.intake_qian, { caseId: id, approve: true })).toThrow(/无权/);
    const r = decideCancel(db, w.shiftlead_zhao, { caseId: id, approve: true });
    expect(r.row.state).toBe("cancelled");
    expect(r.row.pending).toBeNull();
    expect((db.sqlite.query("SELECT status FROM case_requests WHERE case_id = ?").get(id) as any).status).toBe(
      "approved",
    );
  });
});

describe("command and department verbs", () => {
  test("dispatch proposes the department from routing rules, and may be changed", () => {
    const { db, w, id } = setup();
    fileCase(db, w.intake_qian, { caseId: id });
    expect(() => dispatch(db, w.intake_qian, { caseId: id })).toThrow(/无权/);
    const r = dispatch(db, w.dispatcher_zhou, { caseId: id });
    expect(r.row.department_id).toBe(w.dept_water);
    expect(Date.parse(r.row.due_at!) - Date.parse(r.row.stage_started_at!)).toBe(24 * 3600_000);
    const { db: db2, w: w2, id: id2 } = setup();
    fileCase(db2, w2.intake_qian, { caseId: id2 });
    expect(dispatch(db2, w2.dispatcher_zhou, { caseId: id2, departmentId: w2.dept_roads }).row.department_id).toBe(
      w2.dept_roads,
    );
  });
  test("accept only by the case's department", () => {
    const { db, w, id } = setup();
    fileCase(db, w.intake_qian, { caseId: id });
    dispatch(db, w.dispatcher_zhou, { caseId: id });
    expect(() => accept(db, w.roads_he, { caseId: id })).toThrow(/无权/);
    expect(accept(db, w.water_wu, { caseId: id }).row.state).toBe("in_progress");
  });
  test("sub-dispatch: town sub-centre to its own unit only, keeping the deadline", () => {
    const { db, w, id } = setup();
    fileCase(db, w.intake_qian, { caseId: id });
    const d = dispatch(db, w.dispatcher_zhou, { caseId: id, departmentId: w.dept_town });
    expect(() => subDispatch(db, w.town_zheng, { caseId: id, departmentId: w.dept_water })).toThrow(/下属/);
    expect(() => subDispatch(db, w.water_wu, { caseId: id, departmentId: w.dept_town_unit })).toThrow();
    const r = subDispatch(db, w.town_zheng, { caseId: id, departmentId: w.dept_town_unit });
    expect(r.row.department_id).toBe(w.dept_town_unit);
    expect(r.row.due_at).toBe(d.row.due_at);
    expect(accept(db, w.unit_feng, { caseId: id }).row.state).toBe("in_progress");
  });
  test("return: department asks, dispatcher approves → filed again, counted", () => {
    const { db, w, id } = setup();
    toInProgress(db, w, id);
    requestReturn(db, w.water_wu, { caseId: id, note: "不属于我局" });
    expect(() => decideReturn(db, w.water_wu, { caseId: id, approve: true })).toThrow(/无权/);
    const r = decideReturn(db, w.dispatcher_zhou, { caseId: id, approve: true });
    expect([r.row.state, r.row.department_id, r.row.return_count, r.row.pending]).toEqual(["filed", null, 1, null]);
  });
  test("return denied keeps the case with the department and needs a reason", () => {
    const { db, w, id } = setup();
    toInProgress(db, w, id);
    requestReturn(db, w.water_wu, { caseId: id, note: "不属于我局" });
    expect(() => decideReturn(db, w.dispatcher_zhou, { caseId: id, approve: false })).toThrow(/理由/);
    const r = decideReturn(db, w.dispatcher_zhou, { caseId: id, approve: false, note: "属于水务" });
    expect([r.row.state, r.row.department_id, r.row.return_count]).toEqual(["in_progress", w.dept_water, 0]);
  });
  test("extension moves the deadline by the approved working time", () => {
    const { db, w, id } = setup();
    toInProgress(db, w, id);
    // pin the due date to a Monday 10:00 Shanghai (02:00Z) for exact working-time arithmetic
    db.sqlite.query("UPDATE cases SET due_at = '2026-11-23T02:00:00.000Z' WHERE id = ?").run(id);
    expect(() => requestExtend(db, w.dispatcher_zhou, { caseId: id, hours: 7, note: "配件未到" })).toThrow(/无权/);
    requestExtend(db, w.water_wu, { caseId: id, hours: 7, note: "配件未到" });
    const r = decideExtend(db, w.dispatcher_zhou, { caseId: id, approve: true });
    expect(r.row.due_at).toBe("2026-11-24T02:00:00.000Z"); // 7 working hours = Tue 10:00
    expect(r.row.extend_count).toBe(1);
  });
  test("suspension stops the clock and resume restores the remaining working minutes", () => {
    const { db, w, id } = setup();
    toInProgress(db, w, id);
    db.sqlite.query("UPDATE cases SET due_at = '2026-11-23T02:00:00.000Z' WHERE id = ?").run(id); // Mon 10:00
    requestSuspend(db, w.water_wu, { caseId: id, note: "需要道路封闭审批" });
    const s = decideSuspend(db, w.dispatcher_zhou, { caseId: id, approve: true }, new Date("2026-11-23T01:00:00.000Z")); // Mon 09:00
    expect([s.row.state, s.row.due_at, s.row.suspended_remaining]).toEqual(["suspended", null, 60]);
    expect(() => resume(db, w.water_wu, { caseId: id })).toThrow(/无权/);
    const r = resume(db, w.dispatcher_zhou, { caseId: id }, new Date("2026-11-25T06:00:00.000Z")); // Wed 14:00
    expect([r.row.state, r.row.due_at, r.row.suspended_remaining]).toEqual([
      "in_progress",
      "2026-11-25T07:00:00.000Z",
      null,
    ]);
  });
  test("complete needs after-photos; check fail is rework with a new clock; pass → close", () => {
    const { db, w, id } = setup();
    toInProgress(db, w, id);
    expect(() => complete(db, w.water_wu, { caseId: id, note: "已更换", photos: [] })).toThrow(/照片/);
    complete(db, w.water_wu, { caseId: id, note: "已更换井盖", photos: photo });
    expect(() => sendCheck(db, w.water_wu, { caseId: id, inspectorId: w.inspector_li.userId })).toThrow(/无权/);
    sendCheck(db, w.intake_qian, { caseId: id, inspectorId: w.inspector_li.userId });
    expect(() => check(db, w.inspector_wang, { caseId: id, pass: false, note: "未修好", photos: photo })).toThrow(
      /无权/,
    );
    const f = check(db, w.inspector_li, { caseId: id, pass: false, note: "井盖不平", photos: photo });
    expect([f.row.state, f.row.rework_count]).toEqual(["in_progress", 1]);
    expect(Date.parse(f.row.due_at!) - Date.parse(f.row.stage_started_at!)).toBe(24 * 3600_000);
    complete(db, w.water_wu, { caseId: id, note: "重新安装", photos: photo });
    sendCheck(db, w.intake_qian, { caseId: id, inspectorId: w.inspector_li.userId });
    expect(check(db, w.inspector_li, { caseId: id, pass: true, photos: photo }).row.state).toBe("to_close");
    expect(() => close(db, w.dispatcher_zhou, { caseId: id })).toThrow(/无权/);
    const c = close(db, w.intake_qian, { caseId: id });
    expect([c.row.state, c.row.due_at]).toEqual(["closed", null]);
    const kinds = db.sqlite
      .query("SELECT kind, count(*) n FROM case_media WHERE case_id = ? GROUP BY kind ORDER BY kind")
      .all(id);
    expect(kinds).toEqual([
      { kind: "after", n: 2 },
      { kind: "before", n: 1 },
      { kind: "check", n: 2 },
    ]);
    expect(events(db, id)).toEqual([
      "report",
      "file",
      "dispatch",
      "accept",
      "complete",
      "send_check",
      "check_fail",
      "complete",
      "send_check",
      "check_pass",
      "close",
    ]);
  });
  test("urge is recorded and counted; reopen needs a shift lead and a reason", () => {
    const { db, w, id } = setup();
    toInProgress(db, w, id);
    expect(() => urge(db, w.water_wu, { caseId: id, note: "快" })).toThrow(/无权/);
    expect(urge(db, w.leader_li, { caseId: id, note: "请今日处理" }).row.urge_count).toBe(1);
    expect(unreadCount(db, w.water_wu.userId)).toBeGreaterThanOrEqual(1);
    reject(db, w.intake_qian, {
      caseId: createCase(db, w.intake_qian, { source: "media", description: "媒体曝光垃圾", address: "南街" }).id,
      note: "重复",
    });
    const rejected = listCases(db, { state: ["rejected"] }).rows[0]!;
    expect(() => reopen(db, w.intake_qian, { caseId: rejected.id, note: "误判" })).toThrow(/无权/);
    expect(() => reopen(db, w.shiftlead_zhao, { caseId: rejected.id })).toThrow(/理由/);
    expect(reopen(db, w.shiftlead_zhao, { caseId: rejected.id, note: "误判" }).row.state).toBe("reported");
  });
});

describe("search", () => {
  test("trigram search for ≥3 characters, the bigram index for 1–2, kept in step on update", () => {
    const { db, w, id } = setup();
    const lamp = createCase(db, w.intake_qian, {
      source: "hotline",
      description: "路灯不亮",
      address: "西门路 3 号",
    }).id;
    expect(listCases(db, { q: "井盖缺" }).rows.map((r) => r.id)).toEqual([id]);
    expect(listCases(db, { q: "路灯" }).rows.map((r) => r.id)).toEqual([lamp]);
    expect(listCases(db, { q: "门路" }).total).toBe(2);
    expect(listCases(db, { q: "灯" }).rows.map((r) => r.id)).toEqual([lamp]); // one character: prefix of a pair
    expect(listCases(db, { q: "亮" }).total).toBe(1); // the last character of a run is found too
    expect(listCases(db, { q: "灯路" }).total).toBe(0); // not adjacent in any text
    expect(listCases(db, { q: loadCase(db, id).no }).rows[0]!.id).toBe(id);
    db.sqlite.query("UPDATE cases SET description = '路面塌陷' WHERE id = ?").run(lamp);
    expect(listCases(db, { q: "路灯" }).total).toBe(0);
    expect(listCases(db, { q: "塌陷" }).rows.map((r) => r.id)).toEqual([lamp]);
  });
});
