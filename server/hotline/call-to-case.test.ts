// 登记为案件 from a logged call: the form prefilled, case and call linked both ways, and a repeat
// caller's open case offered for 合并 instead of a second case.
import { describe, expect, test } from "bun:test";
import { testApp, Client } from "../testing/index.ts";
import { world } from "../cases/fixtures.ts";
import { listCalls } from "./queries.ts";

async function setup() {
  const t = testApp();
  const w = world(t.deps.db);
  const agent = new Client(t);
  await agent.login("hotline_sun");
  return { t, w, db: t.deps.db, agent };
}

describe("hotline → case in one step", () => {
  test("a logged call offers 登记为案件; the form is prefilled; the case and the call link both ways", async () => {
    const { db, agent } = await setup();
    await agent.post("/hotline/calls/manual", {
      callerNum: "13800138000",
      callerName: "张女士",
      code: "complaint",
      note: "人民路井盖缺失",
    });
    const call = listCalls(db)[0]!;
    const list = await (await agent.get("/hotline/calls")).text();
    expect(list).toContain(`href="/hotline/calls/${call.id}/report"`);
    expect(list).toContain("登记为案件");
    const form = await (await agent.get(`/hotline/calls/${call.id}/report`)).text();
    expect(form).toContain('value="13800138000"');
    expect(form).toContain('value="张女士"');
    expect(form).toContain("人民路井盖缺失");
    expect(form).toContain(`来电 #${call.id}`);
    const r = await agent.post(`/hotline/calls/${call.id}/report`, {
      reporterPhone: "13800138000",
      reporterName: "张女士",
      address: "城关镇人民路 12 号",
      description: "人民路井盖缺失，有行人跌倒风险",
    });
    expect(r.status).toBe(303);
    const caseId = listCalls(db)[0]!.caseId!;
    expect(r.headers.get("location")).toBe(`/cases/${caseId}?ok=reported`);
    const casePage = await (await agent.get(`/cases/${caseId}`)).text();
    expect(casePage).toContain("关联来电（1）");
    expect(casePage).toContain(`来电 #${call.id}`);
    const after = await (await agent.get("/hotline/calls")).text();
    expect(after).toContain(`href="/cases/${caseId}"`);
    expect(after).not.toContain(`href="/hotline/calls/${call.id}/report"`);
  });

  test("a repeat caller's open case is offered for 合并: the call joins it and whoever holds it hears", async () => {
    const { db, agent, w } = await setup();
    await agent.post("/hotline/calls/manual", { callerNum: "13800138000", code: "complaint", note: "井盖缺失" });
    const first = listCalls(db)[0]!;
    await agent.post(`/hotline/calls/${first.id}/report`, {
      reporterPhone: "13800138000",
      address: "城关镇人民路 12 号",
      description: "人民路井盖缺失",
    });
    const caseId = listCalls(db).find((c) => c.id === first.id)!.caseId!;
    await agent.post("/hotline/calls/manual", { callerNum: "13800138000", code: "repeat", note: "催问进度" });
    const second = listCalls(db).find((c) => c.wrapupCode === "repeat")!;
    const form = await (await agent.get(`/hotline/calls/${second.id}/report`)).text();
    expect(form).toContain("该号码仍在办理的案件（1）");
    expect(form).toContain("合并到此案件");
    const before = (
      db.sqlite.query("SELECT count(*) AS n FROM notifications WHERE user_id = ?").get(w.intake_qian.userId) as {
        n: number;
      }
    ).n;
    const m = await agent.post(`/hotline/calls/${second.id}/merge`, { caseId: String(caseId) });
    expect(m.status).toBe(303);
    expect(m.headers.get("location")).toBe(`/cases/${caseId}`);
    expect(listCalls(db).find((c) => c.id === second.id)!.caseId).toBe(caseId);
    const notes = db.sqlite
      .query("SELECT note FROM case_events WHERE case_id = ? AND action = 'hotline_call' ORDER BY id")
      .all(caseId) as { note: string }[];
    expect(notes.at(-1)!.note).toBe(`市民再次来电（来电 #${second.id}）：催问进度`);
    const nowN = (
      db.sqlite.query("SELECT count(*) AS n FROM notifications WHERE user_id = ?").get(w.intake_qian.userId) as {
        n: number;
      }
    ).n;
    expect(nowN).toBe(before + 1); // the case is still at intake (reported): intake hears of the repeat call
    expect((await agent.post(`/hotline/calls/${second.id}/merge`, { caseId: "999999" })).status).toBe(404);
  });
});
