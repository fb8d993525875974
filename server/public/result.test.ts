// The citizen sees the result (issue #15 point 6): after 处置反馈 the portal's progress page shows the
// disposal note (redacted) and the after-photos, served rebuilt without metadata, before the rating form.
import { test, expect } from "bun:test";
import { testApp, Client } from "../testing/index.ts";
import { world } from "../cases/fixtures.ts";
import { storePhoto } from "../cases/index.ts";
import { fileCase } from "../cases/verbs/file.ts";
import { dispatch } from "../cases/verbs/dispatch.ts";
import { accept } from "../cases/verbs/accept.ts";
import { complete } from "../cases/verbs/complete.ts";
import { sendCheck } from "../cases/verbs/send-check.ts";
import { check } from "../cases/verbs/check.ts";
import { close } from "../cases/verbs/close.ts";
import { challengeAnswer } from "./abuse.ts";

const seg = (m: number, p: number[]) => [0xff, m, ((p.length + 2) >> 8) & 255, (p.length + 2) & 255, ...p];
const a = (s: string) => [...s].map((c) => c.charCodeAt(0));
const JPEG = new Uint8Array([
  0xff,
  0xd8,
  ...seg(0xe1, [...a("Exif\0\0"), ...a("GPS 28.6N 115.9E")]),
  ...seg(0xc0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0]),
  ...seg(0xda, [1, 1, 0, 0, 0x3f, 0]),
  7,
  0xff,
  0xd9,
]);
const has = (b: Uint8Array, s: string) => Buffer.from(b).includes(Buffer.from(s));

test("progress page: disposal note and EXIF-free after-photo before the rating form", async () => {
  const t = testApp();
  const db = t.deps.db;
  const w = world(db);
  const cl = new Client(t);
  const html0 = await (await cl.get("/p/report")).text();
  const ch = /name="challenge" value="([^"]+)"/.exec(html0)![1]!;
  const res = await cl.post("/p/report", {
    challenge: ch,
    answer: String(challengeAnswer(t.deps.config.dataDir, ch)),
    categoryId: String(w.cat_manhole),
    description: "井盖缺失很危险",
    address: "东门路",
    lng: "115.905",
    lat: "28.605",
    phone: "13700000000",
  });
  const html = await res.text();
  const no = /id="case-no">([^<]+)</.exec(html)![1]!;
  const path = new URL(/id="private-link" href="([^"]+)"/.exec(html)![1]!).pathname;
  const id = (db.sqlite.query("SELECT id FROM cases WHERE no = ?").get(no) as { id: number }).id;
  expect(await (await cl.get(path)).text()).not.toContain('id="case-result"');

  fileCase(db, w.intake_qian, { caseId: id });
  dispatch(db, w.dispatcher_zhou, { caseId: id, departmentId: w.dept_water });
  accept(db, w.water_wu, { caseId: id });
  const photo = [storePhoto(t.deps.config.dataDir, JPEG)];
  complete(db, w.water_wu, { caseId: id, note: "已更换井盖，联系市民张三13912345678确认", photos: photo });
  sendCheck(db, w.intake_qian, { caseId: id, inspectorId: w.inspector_li.userId });
  check(db, w.inspector_li, { caseId: id, pass: true, photos: [storePhoto(t.deps.config.dataDir, JPEG)] });
  close(db, w.intake_qian, { caseId: id });

  const page = await (await cl.get(path)).text();
  expect(page).toContain("已更换井盖");
  expect(page).not.toContain("13912345678");
  expect(page).not.toContain("张三");
  const img = new RegExp(`<img src="(${path}/result/(\\d+))"`).exec(page);
  expect(img).not.toBeNull();
  expect(page.indexOf('id="case-result"')).toBeLessThan(page.indexOf('id="rate-form"'));
  // only the after-photo is offered (not the check photo)
  expect(page.match(/\/result\/\d+/g)!.length).toBe(1);

  const r = await cl.get(img![1]!);
  expect(r.status).toBe(200);
  expect(r.headers.get("content-type")).toBe("image/jpeg");
  const bytes = new Uint8Array(await r.arrayBuffer());
  expect(has(bytes, "Exif")).toBe(false);
  expect(has(bytes, "GPS")).toBe(false);
  expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);

  // the photo is reachable only through its own case's link, and only after-photos
  const checkId = (
    db.sqlite.query("SELECT id FROM case_media WHERE case_id = ? AND kind = 'check'").get(id) as { id: number }
  ).id;
  expect((await cl.get(`${path}/result/${checkId}`)).status).toBe(404);
  expect((await cl.get(`/p/c/${"x".repeat(32)}/result/${img![2]}`)).status).toBe(404);
});
