// The hotline driven end to end: fake AMI server replaying real Asterisk 22
// captures -> AmiClient -> CallBridge -> HotlineService -> SQLite and SSE.
import { afterEach, describe, expect, test } from "bun:test";
import { testApp, makeUser, Client } from "../testing/index.ts";
import type { UserActor, Role } from "../core/context.ts";
import { FakeAmiServer } from "../../telephony/testing/fake-ami-server.ts";
import { hotlineFor } from "./service.ts";
import {
  callByUniqueid,
  callById,
  agentByUser,
  listCalls,
  originatesForCase,
  abandonedCalls,
  amiSettings,
} from "./queries.ts";
import { saveHotlineSettings, saveAgentMapping } from "./verbs/save-settings.ts";
import { setAgentState } from "./verbs/set-agent-state.ts";
import { AppError } from "../core/errors.ts";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, ms = 4000) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error("condition not met in time");
    await sleep(5);
  }
}
const actor = (id: number, username: string, roles: Role[]): UserActor => ({
  kind: "user",
  userId: id,
  username,
  name: username,
  roles,
  departmentId: null,
});

/** A county desk: admin, two agents (agent_li on agent1's interface, agent_zhao on agent2's), AMI pointed at the fake PBX. */
async function desk(
  fixture: string | null,
  o: {
    library?: string[];
    li?: string;
    zhao?: string;
    pause?: boolean;
    beforeStart?: (db: any, liId: number) => void;
  } = {},
) {
  const t = testApp();
  const adminId = await makeUser(t, "admin_wu", ["admin"]);
  const liId = await makeUser(t, "agent_li", ["hotline"]);
  const zhaoId = await makeUser(t, "agent_zhao", ["hotline"]);
  const admin = actor(adminId, "admin_wu", ["admin"]);
  const db = t.deps.db;
  let server: FakeAmiServer | null = null;
  if (fixture) {
    server = await FakeAmiServer.start(fixture, { library: o.library ?? ["queue-status"] });
    cleanups.push(() => server!.close());
    saveHotlineSettings(db, admin, {
      host: "127.0.0.1",
      port: String(server.port),
      user: "hotline",
      secret: "hotline-secret",
      queues: "q12319",
      entryContexts: "hotline",
      originateContext: "outbound",
      callerId: '"Hotline 12319" <12319>',
      pauseInWrapup: o.pause ?? false,
      callbackHours: "2",
    });
  }
  saveAgentMapping(db, admin, { userId: liId, interface: o.li ?? "Local/agent1@agents", extension: "1001" });
  saveAgentMapping(db, admin, { userId: zhaoId, interface: o.zhao ?? "Local/agent2@agents", extension: "1002" });
  const svc = hotlineFor(t.deps, {
    clientOptions: { keepaliveMs: 0, reconnect: { minMs: 10, maxMs: 40 } },
    endGraceMs: 50,
  });
  cleanups.push(() => svc.stop());
  o.beforeStart?.(db, liId);
  await svc.start();
  const li = new Client(t);
  await li.login("agent_li");
  const zhao = new Client(t, "10.0.0.2");
  await zhao.login("agent_zhao");
  return { t, db, server, svc, adminId, liId, zhaoId, li, zhao, liActor: actor(liId, "agent_li", ["hotline"]) };
}

/** Read an SSE response body incrementally. */
function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let text = "";
  cleanups.push(() => reader.cancel().catch(() => {}));
  return {
    get text() {
      return text;
    },
    async until(pred: (s: string) => boolean) {
      while (!pred(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error("SSE stream ended; got: " + text);
        text += dec.decode(value, { stream: true });
      }
      return text;
    },
  };
}

describe("hotline over the fake AMI server", () => {
  test("answered call: call log row with wait/talk/agent/hungUpBy; screen pop only on the answering agent's stream", async () => {
    const d = await desk("call-answered");
    expect(d.svc.state).toBe("connected");
    const status = await (await d.li.get("/hotline/status")).json();
    expect(status).toMatchObject({ state: "connected", text: "交换机已连接" });

    const liRes = await d.li.get("/hotline/stream");
    expect(liRes.status).toBe(200);
    expect(liRes.headers.get("content-type")).toContain("text/event-stream");
    const liSse = sseReader(liRes);
    const zhaoSse = sseReader(await d.zhao.get("/hotline/stream"));
    await liSse.until((s) => s.includes("event: connection"));
    await zhaoSse.until((s) => s.includes("event: connection"));
    expect(liSse.text).toContain("交换机已连接");

    await d.server!.play();
    await until(() => callByUniqueid(d.db, "1795392177.0")?.status === "ended");
    await d.svc.flush();

    const row = callByUniqueid(d.db, "1795392177.0")!;
    expect(row).toMatchObject({
      source: "ami",
      callerNum: "13800138000",
      queue: "q12319",
      status: "ended",
      waitSeconds: 2,
      talkSeconds: 6,
      ringSeconds: 2,
      agentUserId: d.liId,
      agentName: "agent_li",
      agentInterface: "Local/agent1@agents",
      hungUpBy: "agent",
      abandoned: 0,
      endReason: "normal",
      linkedid: "1795392177.0",
      channel: "IAX2/carrier-533",
    });
    expect(listCalls(d.db).length).toBe(1);

    // The screen pop reached agent_li's stream with the caller and the report link.
    const pop = await liSse.until((s) => s.includes("event: screenpop"));
    expect(pop).toContain("13800138000");
    expect(pop).toContain(`/hotline/calls/${row.id}/report`);
    expect(pop).toContain("首次来电");
    await liSse.until((s) => s.includes("event: wrapup"));
    // agent_zhao saw the call's progress but no screen pop.
    await zhaoSse.until((s) => s.includes('"type":"ended"'));
    expect(zhaoSse.text).not.toContain("event: screenpop");
    expect(zhaoSse.text).toContain('"type":"answered"');

    // Wrap-up is required before the agent is free.
    expect(agentByUser(d.db, d.liId)!.state).toBe("wrapup");
    let err: unknown;
    try {
      setAgentState(d.db, d.liActor, { state: "free" });
    } catch (e) {
      err = e;
    }
    expect(err instanceof AppError && err.code).toBe("hotline.wrapup_required");
    const refused = await d.li.post("/hotline/agent/state", { state: "free" });
    expect(refused.status).toBe(409);
    const noNote = await d.li.post(`/hotline/calls/${row.id}/wrapup`, { code: "consultation", note: "" });
    expect(noNote.status).toBe(422);
    expect(await noNote.text()).toContain("请填写通话小结");
    const other = await d.zhao.post(`/hotline/calls/${row.id}/wrapup`, { code: "consultation", note: "x" });
    expect(other.status).toBe(403);
    const ok = await d.li.post(`/hotline/calls/${row.id}/wrapup`, {
      code: "consultation",
      note: "咨询占道经营投诉渠道",
    });
    expect(ok.status).toBe(303);
    expect(agentByUser(d.db, d.liId)!.state).toBe("free");
    expect(callByUniqueid(d.db, "1795392177.0")).toMatchObject({
      wrapupCode: "consultation",
      wrapupNote: "咨询占道经营投诉渠道",
    });

    // The desk shows the call in the log.
    const page = await (await d.li.get("/hotline")).text();
    expect(page).toContain("13800138000");
    expect(page).toContain("咨询占道经营投诉渠道");
  });

  test("abandoned call: waited 19 s, nobody answered, call-back deadline 2 h after the hang-up; ringing agent back to free", async () => {
    const d = await desk("call-abandoned");
    await d.server!.play();
    await until(
      () =>
        callByUniqueid(d.db, "1795392203.9")?.status === "ended" || listCalls(d.db).some((c) => c.status === "ended"),
    );
    await d.svc.flush();
    const [row] = listCalls(d.db);
    expect(row).toMatchObject({
      callerNum: "13900139000",
      abandoned: 1,
      waitSeconds: 19,
      answeredAt: null,
      agentUserId: null,
      hungUpBy: "caller",
      endReason: "abandoned",
      talkSeconds: null,
    });
    expect(Date.parse(row!.callbackDueAt!) - Date.parse(row!.endedAt!)).toBe(2 * 3600_000);
    expect(abandonedCalls(d.db).map((c) => c.id)).toEqual([row!.id]);
    expect(agentByUser(d.db, d.liId)!.state).toBe("free");
    expect(agentByUser(d.db, d.zhaoId)!.state).toBe("free");
    const list = await (await d.li.get("/hotline/abandoned")).text();
    expect(list).toContain("13900139000");
    expect(list).toContain("回拨");
    // Nothing to wrap up for an unanswered call.
    const r = await d.li.post(`/hotline/calls/${row!.id}/wrapup`, { code: "invalid", note: "x" });
    expect(r.status).toBe(409);
  });

  /** An abandoned call waiting for its call-back, linked to a case (through the report form). */
  async function abandonedWithCase(d: Awaited<ReturnType<typeof desk>>, number: string) {
    await d.li.post("/hotline/calls/manual", { callerNum: number, code: "complaint", note: "路灯不亮" });
    const call = listCalls(d.db)[0]!;
    d.db.sqlite
      .query("UPDATE hotline_calls SET abandoned = 1, callback_due_at = '2099-01-01T00:00:00.000Z' WHERE id = ?")
      .run(call.id);
    await d.li.post(`/hotline/calls/${call.id}/report`, {
      reporterPhone: number,
      address: "城关镇人民路 12 号",
      description: "人民路路灯不亮",
    });
    return listCalls(d.db)[0]!;
  }
  const lastNote = (d: Awaited<ReturnType<typeof desk>>, caseId: number) =>
    d.db.sqlite
      .query("SELECT action, note, data FROM case_events WHERE case_id = ? ORDER BY id DESC LIMIT 1")
      .get(caseId) as { action: string; note: string; data: string };

  test("call-back, citizen busy: returns at once, outcome over SSE, call-back stays open, attempt on the case timeline", async () => {
    const d = await desk("originate-citizen-busy");
    const call = await abandonedWithCase(d, "13700137000");
    const sse = sseReader(await d.li.get("/hotline/stream"));
    await sse.until((s) => s.includes("event: connection"));
    const res = await d.li.post(
      "/hotline/originate",
      { number: "13700137000", purpose: "callback", callId: String(call.id), caseId: String(call.caseId) },
      { headers: { "hx-request": "true" } },
    );
    expect(res.status).toBe(200);
    const id = Number(res.headers.get("x-originate-id"));
    expect(await res.text()).toContain('data-outcome="pending"');
    await d.svc.originateSettled(id);
    await sse.until((s) => s.includes("event: originate"));
    expect(sse.text).toContain(`id="originate-${id}"`);
    expect(sse.text).toContain("市民忙线");
    expect(originatesForCase(d.db, call.caseId!)).toMatchObject([
      { id, ok: 0, outcome: "busy", dialStatus: "BUSY", uniqueid: "1796111309.0", callId: call.id, userId: d.liId },
    ]);
    // The agent's phone answered (OriginateResponse Success) but the citizen did not: still to call back.
    expect(abandonedCalls(d.db).map((c) => [c.id, c.callbackAt, c.callbackAttempts, c.lastAttemptOutcome])).toEqual([
      [call.id, null, 1, "busy"],
    ]);
    expect(lastNote(d, call.caseId!)).toMatchObject({ action: "phone_call", note: "回访 13700137000：市民忙线" });
    const list = await (await d.li.get("/hotline/abandoned")).text();
    expect(list).toContain("已回拨 1 次，最近：市民忙线");
  });

  for (const [fixture, number, outcome, dialStatus, text, open] of [
    ["originate-citizen-noanswer", "13600136000", "no_answer", "NOANSWER", "市民无人接听", true],
    ["originate-citizen-answered", "13800138000", "answered", "ANSWER", "市民已接听", false],
  ] as const) {
    test(`call-back, ${fixture}: ${outcome} recorded, call-back ${open ? "still open" : "closed"}, on the timeline`, async () => {
      const d = await desk(fixture);
      const call = await abandonedWithCase(d, number);
      const { id } = d.svc.originate(d.liActor, { number, purpose: "callback", callId: call.id, caseId: call.caseId });
      await d.svc.originateSettled(id);
      expect(originatesForCase(d.db, call.caseId!)).toMatchObject([
        { outcome, dialStatus, ok: outcome === "answered" ? 1 : 0 },
      ]);
      expect(callById(d.db, call.id)!.callbackAt === null).toBe(open);
      expect(abandonedCalls(d.db).length).toBe(open ? 1 : 0);
      expect(lastNote(d, call.caseId!).note).toBe(`回访 ${number}：${text}`);
    });
  }

  test("click-to-call, agent's own phone busy / not answering: told apart from the citizen's outcome", async () => {
    const d = await desk("originate-failure", { li: "Local/busy@customers", zhao: "Local/noanswer@customers" });
    const a = d.svc.originate(d.liActor, { number: "13800138000", purpose: "chase", caseId: 7 });
    await d.svc.originateSettled(a.id);
    const zhao = actor(d.zhaoId, "agent_zhao", ["hotline"]);
    const b = d.svc.originate(zhao, { number: "13800138000", purpose: "chase", caseId: 7 });
    await d.svc.originateSettled(b.id);
    expect(originatesForCase(d.db, 7).map((o) => [o.ok, o.outcome, o.reason, o.uniqueid])).toEqual([
      [0, "agent_busy", 5, null],
      [0, "agent_no_answer", 3, null],
    ]);
  });

  test("a supervisor closes a call-back with a reason; agents may not; a reason is required", async () => {
    const d = await desk(null);
    const call = await abandonedWithCase(d, "13900139000");
    expect((await d.li.post(`/hotline/calls/${call.id}/callback/close`, { reason: "空号" })).status).toBe(403);
    await makeUser(d.t, "lead_sun", ["shift_lead"]);
    const lead = new Client(d.t, "10.0.0.7");
    await lead.login("lead_sun");
    expect((await lead.post(`/hotline/calls/${call.id}/callback/close`, { reason: " " })).status).toBe(422);
    expect((await lead.post(`/hotline/calls/${call.id}/callback/close`, { reason: "号码为空号" })).status).toBe(303);
    const row = d.db.sqlite
      .query("SELECT callback_at, callback_close_reason, callback_closed_by FROM hotline_calls WHERE id = ?")
      .get(call.id) as any;
    expect(row.callback_at).not.toBeNull();
    expect(row.callback_close_reason).toBe("号码为空号");
    expect(abandonedCalls(d.db)).toEqual([]);
    expect((await lead.post(`/hotline/calls/${call.id}/callback/close`, { reason: "again" })).status).toBe(409);
    // The case page links to the case's click-to-call page: reporter's number and every attempt.
    const kase = await (await d.li.get(`/cases/${call.caseId}`)).text();
    expect(kase).toContain(`/hotline/cases/${call.caseId}/call`);
    d.svc.originate(d.liActor, { number: "13900139000", purpose: "callback", caseId: call.caseId });
    const cc = await (await d.li.get(`/hotline/cases/${call.caseId}/call`)).text();
    expect(cc).toContain("呼叫上报人");
    expect(cc).toContain('value="13900139000"');
    expect(cc).toContain("未连接交换机");
  });

  test("wrap-up pause: re-applied per queue at every login; the desk shows the PBX's own paused state", async () => {
    const d = await desk("queuepause", {
      pause: true,
      // agent_li was in wrap-up when the bridge (re)connected: the PBX has forgotten the pause.
      beforeStart: (db, liId) =>
        db.sqlite.query("UPDATE hotline_agents SET state = 'wrapup' WHERE user_id = ?").run(liId),
    });
    await until(() => d.server!.received.some((m) => m.get("Action") === "QueuePause"));
    const sent = d.server!.received.find((m) => m.get("Action") === "QueuePause")!;
    expect([sent.get("Interface"), sent.get("Queue"), sent.get("Paused"), sent.get("Reason")]).toEqual([
      "Local/agent1@agents",
      "q12319",
      "true",
      "wrapup",
    ]);
    await until(() => d.svc.pbxPaused("Local/agent1@agents") === true);
    const deskPage = await (await d.li.get("/hotline")).text();
    expect(deskPage).toContain('data-pbx-paused="1"');
    expect(deskPage).toContain("已暂停接听队列来电");
    // 置闲 unpauses in the same queue; the PBX's QueueMemberPause (Paused: 0) is what the desk shows.
    await d.li.post("/hotline/agent/state", { state: "free" });
    const un = d.server!.received.filter((m) => m.get("Action") === "QueuePause");
    expect(un.map((m) => [m.get("Queue"), m.get("Paused")])).toEqual([
      ["q12319", "true"],
      ["q12319", "false"],
    ]);
    await until(() => d.svc.pbxPaused("Local/agent1@agents") === false);
  });

  test("wrap-up pause is on unless switched off", async () => {
    const t = testApp();
    expect(amiSettings(t.deps.db, t.deps.config).pauseInWrapup).toBe(true);
  });

  test("Asterisk restart mid-call: reconnect with back-off, one call row, ended once", async () => {
    const d = await desk("restart");
    await d.server!.play();
    await until(() => listCalls(d.db).some((c) => c.status === "answered"));
    await d.server!.play(); // teardown, Shutdown, EOF
    await until(() => d.svc.state !== "connected");
    await d.server!.listenAgain();
    await until(() => d.svc.state === "connected");
    await d.svc.flush();
    const rows = listCalls(d.db);
    expect(rows.length).toBe(1);
    expect(rows[0]).toMatchObject({
      uniqueid: "1795392297.0",
      status: "ended",
      endReason: "pbx_shutdown",
      hungUpBy: "system",
      agentUserId: d.liId,
    });
    expect(agentByUser(d.db, d.liId)!.state).toBe("wrapup");
  });

  test("reconcile on connect (connect-while-live): the talking call keeps its row and agent, the waiting callers appear, only the vanished call is closed", async () => {
    const now = new Date().toISOString();
    const d = await desk("connect-while-live", {
      beforeStart: (db, liId) => {
        // What a previous process (or the bridge before 保存并重新连接) left in the database.
        const ins = db.sqlite.query(
          `INSERT INTO hotline_calls (uniqueid, linkedid, channel, source, caller_num, queue, status, entered_at, answered_at, agent_interface, agent_user_id, created_at, updated_at)
           VALUES (?, ?, ?, 'ami', ?, 'q12319', ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        );
        const talking = ins.get(
          "1796111526.25",
          "1796111526.25",
          "IAX2/carrier-7297",
          "13800138000",
          "answered",
          now,
          now,
          "Local/agent1@agents",
          liId,
          now,
          now,
        ) as { id: number };
        ins.get(
          "1796000000.9",
          "1796000000.9",
          "IAX2/carrier-1",
          "13000000000",
          "queued",
          now,
          null,
          null,
          null,
          now,
          now,
        );
        db.sqlite
          .query("UPDATE hotline_agents SET state = 'busy', current_call_id = ? WHERE user_id = ?")
          .run(talking.id, liId);
      },
    });
    await until(() => d.svc.activeCalls().length === 3);
    await d.svc.flush();
    expect(callByUniqueid(d.db, "1796111526.25")).toMatchObject({
      status: "answered",
      endReason: null,
      agentUserId: d.liId,
    });
    expect(agentByUser(d.db, d.liId)!.state).toBe("busy");
    expect(callByUniqueid(d.db, "1796000000.9")).toMatchObject({ status: "ended", endReason: "reconciled" });
    expect(
      ["1796111529.28", "1796111530.31"].map((u) => [
        callByUniqueid(d.db, u)?.status,
        callByUniqueid(d.db, u)?.callerNum,
      ]),
    ).toEqual([
      ["queued", "13900139000"],
      ["queued", "13500135000"],
    ]);
    expect(
      d.svc
        .activeCalls()
        .map((c) => [c.uniqueid, c.status])
        .sort(),
    ).toEqual([
      ["1796111526.25", "answered"],
      ["1796111529.28", "queued"],
      ["1796111530.31", "queued"],
    ]);
    const board = await (await d.li.get("/hotline/wallboard")).text();
    expect(board).toContain('id="wb-waiting">2<');
  });
});

describe("hotline without Asterisk", () => {
  test("manual call logging works with no AMI configured", async () => {
    const d = await desk(null);
    expect(d.svc.state).toBe("unconfigured");
    const deskPage = await (await d.li.get("/hotline")).text();
    expect(deskPage).toContain("未配置交换机（手工登记模式）");
    const bad = await d.li.post("/hotline/calls/manual", { callerNum: "abc", code: "help", note: "" });
    expect(bad.status).toBe(422);
    const r = await d.li.post("/hotline/calls/manual", {
      callerNum: "139 0013 9000",
      code: "help",
      note: "井盖缺失，已告知上报渠道",
      talkMinutes: "3",
    });
    expect(r.status).toBe(303);
    const [row] = listCalls(d.db);
    expect(row).toMatchObject({
      source: "manual",
      callerNum: "13900139000",
      wrapupCode: "help",
      talkSeconds: 180,
      agentUserId: d.liId,
      status: "ended",
    });
    const o = await d.li.post(
      "/hotline/originate",
      { number: "13900139000", purpose: "callback" },
      { headers: { "hx-request": "true" } },
    );
    expect(await o.text()).toContain("未连接交换机");
    expect(await (await d.li.get("/hotline/status")).json()).toMatchObject({ state: "unconfigured" });
  });

  test("roles: a dispatcher cannot use the desk, only admins reach the settings", async () => {
    const d = await desk(null);
    await makeUser(d.t, "dispatcher_he", ["dispatcher"]);
    const disp = new Client(d.t, "10.0.0.9");
    await disp.login("dispatcher_he");
    expect((await disp.get("/hotline")).status).toBe(403);
    expect((await d.li.get("/admin/hotline")).status).toBe(403);
    const admin = new Client(d.t, "10.0.0.8");
    await admin.login("admin_wu");
    const s = await admin.get("/admin/hotline");
    expect(s.status).toBe(200);
    expect(await s.text()).toContain("agent_li");
    const bad = await admin.post("/admin/hotline", { host: "pbx.local", port: "99999", user: "", secret: "" });
    expect(bad.status).toBe(422);
  });
});

describe("hotline and the case loop", () => {
  test("new report from a call: source hotline, caller pre-filled, linked both ways; the next pop lists the case; call-backs land on the timeline", async () => {
    const d = await desk(null);
    await d.li.post("/hotline/calls/manual", { callerNum: "13800138000", code: "complaint", note: "人民路井盖缺失" });
    const [call] = listCalls(d.db);
    const form = await (await d.li.get(`/hotline/calls/${call!.id}/report`)).text();
    expect(form).toContain('value="13800138000"');
    expect(form).toContain("人民路井盖缺失");
    const r = await d.li.post(`/hotline/calls/${call!.id}/report`, {
      reporterPhone: "13800138000",
      reporterName: "张女士",
      address: "城关镇人民路 12 号",
      description: "人民路井盖缺失，有行人跌倒风险",
    });
    expect(r.status).toBe(303);
    const linked = listCalls(d.db)[0]!;
    expect(linked.caseId).toBeGreaterThan(0);
    expect(linked.reportId).toBe(linked.caseId);
    const kase = d.db.sqlite
      .query("SELECT no, source, reporter_phone, state FROM cases WHERE id = ?")
      .get(linked.caseId!) as any;
    expect(kase).toMatchObject({ source: "hotline", reporter_phone: "13800138000", state: "reported" });
    const ev = d.db.sqlite
      .query("SELECT action, note FROM case_events WHERE case_id = ? ORDER BY id")
      .all(linked.caseId!) as any[];
    expect(ev.map((e) => e.action)).toEqual(["report", "hotline_call"]);
    expect(ev[1].note).toBe(`来自热线来电 #${call!.id}`);
    // A second call from the same number: the pop shows the earlier call and the open case.
    await d.li.post("/hotline/calls/manual", { callerNum: "13800138000", code: "repeat", note: "催问进度" });
    const second = listCalls(d.db).find((c) => c.wrapupCode === "repeat")!;
    const pop = await (await d.li.get(`/hotline/calls/${second.id}/pop`)).text();
    expect(pop).toContain(kase.no);
    expect(pop).toContain("办理中");
    expect(pop).toContain("人民路井盖缺失");
    // Click-to-call on the case (no PBX here): the failed attempt is on the case timeline.
    await d.li.post("/hotline/originate", {
      number: "13800138000",
      purpose: "callback",
      caseId: String(linked.caseId),
    });
    const last = d.db.sqlite
      .query("SELECT action, note FROM case_events WHERE case_id = ? ORDER BY id DESC LIMIT 1")
      .get(linked.caseId!) as any;
    expect(last).toMatchObject({ action: "phone_call", note: "回访 13800138000：未连接交换机" });
  });
});
