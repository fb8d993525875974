// Publication rules per source and the redaction of published text, through the real feeds.
import { describe, expect, test } from "bun:test";
import { testApp } from "../testing/index.ts";
import { world } from "./fixtures.ts";
import { setSetting } from "../core/settings.ts";
import { createCase } from "./index.ts";
import { publication, redact } from "./publication.ts";
import { createExchangeClient } from "../exchange/verbs/create-client.ts";
import { submitReport } from "../public/index.ts";

const ID = "360121199001011234";

describe("redact", () => {
  test("takes out ID-card numbers, phone numbers and the name after 市民", () => {
    expect(redact(`市民张三反映，身份证 ${ID}，电话 13912345678 或 0791-88123456`)).toBe(
      "市民张某反映，身份证 ［身份证号已隐去］，电话 ［电话已隐去］ 或 ［电话已隐去］",
    );
    expect(redact("市民：欧阳娜娜称井盖缺失")).toBe("市民欧阳某某称井盖缺失");
    expect(redact("市民王先生来电，15 号楼井盖缺失")).toBe("市民王先生来电，15 号楼井盖缺失");
    expect(redact("东门路 12 号井盖缺失")).toBe("东门路 12 号井盖缺失");
    expect(redact(`身份证号${ID.slice(0, 17)}X`)).toBe("身份证号［身份证号已隐去］");
  });
});

describe("publication", () => {
  test("by source: inspector, portal and Open311 by default; hotline and 12345 never, whatever the setting", () => {
    const t = testApp();
    const db = t.deps.db;
    expect(publication(db, { source: "inspector" })).toBe(true);
    expect(publication(db, { source: "citizen", channel: "portal" })).toBe(true);
    expect(publication(db, { source: "api", channel: "open311" })).toBe(true);
    expect(publication(db, { source: "video" })).toBe(false);
    expect(publication(db, { source: "hotline" })).toBe(false);
    expect(publication(db, { source: "api", channel: "12345" })).toBe(false);
    setSetting(db, "open311.public_sources", "hotline,api,video");
    expect(publication(db, { source: "video" })).toBe(true);
    expect(publication(db, { source: "hotline" })).toBe(false);
    expect(publication(db, { source: "api", channel: "12345" })).toBe(false);
  });

  test("a 12345 order with an ID-card number never reaches Open311; an Open311 report is served redacted", async () => {
    const t = testApp();
    const db = t.deps.db;
    const w = world(db);
    const { key } = createExchangeClient(db, w.admin_root, { name: "市12345平台" });
    const posted = await t.app.request("/api/exchange/12345/orders", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ orderNo: "GD1", content: `井盖缺失，来电人身份证 ${ID}`, address: "人民路 1 号" }),
    });
    expect(posted.status).toBe(201);
    createCase(db, w.hotline_sun, { source: "hotline", description: `热线：身份证 ${ID}`, address: "西门路" });
    const mine = submitReport(
      db,
      { kind: "system", job: "test" },
      {
        channel: "open311",
        description: `市民李四反映东门路井盖缺失，电话 13912345678，身份证 ${ID}`,
        address: "东门路 12 号",
      },
    );
    setSetting(db, "open311.public_sources", "hotline,api,inspector"); // even when an admin asks for hotline
    const res = await t.app.request("/open311/v2/requests.json");
    const text = await res.text();
    const list = JSON.parse(text) as { service_request_id: string; description: string }[];
    expect(list.map((r) => r.service_request_id)).toEqual([mine.no]);
    expect(list[0]!.description).toBe("市民李某反映东门路井盖缺失，电话 ［电话已隐去］，身份证 ［身份证号已隐去］");
    expect(text).not.toContain(ID);
    const order = db.sqlite.query("SELECT no FROM cases WHERE channel = '12345'").get() as { no: string };
    expect((await t.app.request(`/open311/v2/requests/${order.no}.json`)).status).toBe(404);
    const upd = await t.app.request("/open311/v2/servicerequestupdates.json");
    expect(upd.status).toBe(200);
    const updates = await upd.text();
    expect(updates).toContain(mine.no);
    expect(updates).not.toContain(order.no);
    // The portal's progress page (by the reporter's private link) shows the same redacted text.
    const portal = await (await t.app.request(`/p/c/${mine.token}`)).text();
    expect(portal).toContain("市民李某反映");
    expect(portal).not.toContain(ID);
  });
});
