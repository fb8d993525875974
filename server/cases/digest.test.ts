// The per-user digest (issue #15 point 2): new reports go to one intake operator each; the others,
// and every desk user's queues, are summed up in one notification per run.
import { test, expect } from "bun:test";
import { testDb } from "../testing/index.ts";
import { world, fastUser } from "./fixtures.ts";
import { createCase } from "./index.ts";
import { fileCase } from "./verbs/file.ts";
import { sendDigests } from "./digest.ts";
import type { Db } from "../core/db.ts";

const notes = (db: Db, kind: string) =>
  db.sqlite
    .query(
      "SELECT u.username, n.text FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = ? ORDER BY u.username, n.id",
    )
    .all(kind) as { username: string; text: string }[];

test("each desk user gets one digest with the reports the others took and their own queues", () => {
  const db = testDb();
  const w = world(db);
  // A second intake operator: reports are shared round-robin, one notification each.
  const sunId = fastUser(db, "intake_sun", ["intake"], w.dept_supervision);
  const report = (d: string) =>
    createCase(db, w.inspector_wang, {
      source: "inspector",
      description: d,
      lng: 115.905,
      lat: 28.605,
      categoryId: w.cat_manhole,
    }).id;
  const ids = [report("井盖缺失一"), report("井盖缺失二"), report("井盖缺失三")];
  expect(notes(db, "report").map((n) => n.username)).toEqual(["intake_qian", "intake_qian", "intake_sun"]);
  fileCase(db, w.intake_qian, { caseId: ids[0]! });

  const now = new Date(Date.now() + 60_000);
  expect(sendDigests(db, undefined, now)).toBe(4);
  const digests = notes(db, "digest");
  expect(digests.map((d) => d.username)).toEqual(["dispatcher_zhou", "intake_qian", "intake_sun", "shiftlead_zhao"]);
  const text = Object.fromEntries(digests.map((d) => [d.username, d.text.replace(/^工作摘要（[^）]*）：/, "")]));
  expect(text).toEqual({
    dispatcher_zhou: "待办：待派遣 1 件",
    intake_qian: "本时段上报 3 件，分给你 2 件；待办：新上报 2 件",
    intake_sun: "本时段上报 3 件，分给你 1 件；待办：新上报 2 件",
    shiftlead_zhao: "本时段上报 3 件，分给你 0 件；待办：新上报 2 件",
  });
  // Handlers, inspectors, leaders and the hotline get no digest; an inactive operator neither.
  db.sqlite.query("UPDATE users SET active = 0 WHERE id = ?").run(sunId);
  expect(sendDigests(db, undefined, new Date(now.getTime() + 3 * 3600_000))).toBe(3);
  // The second run starts where the first ended: no new report, the queues as they are.
  const second = notes(db, "digest").filter((d) => d.username === "intake_qian")[1]!.text;
  expect(second).toEndWith("）：待办：新上报 2 件");
});
