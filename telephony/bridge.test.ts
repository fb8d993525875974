import { afterEach, describe, expect, test } from "bun:test";
import { EventEmitter } from "node:events";
import { AmiClient, AmiError, type AmiActionResult, type AmiState } from "./ami/client.ts";
import { AmiMessage } from "./ami/parser.ts";
import { CallBridge, type CallBridgeOptions, type CallEvent, type CallRecord } from "./bridge.ts";
import { FakeAmiServer, loadTimeline } from "./testing/fake-ami-server.ts";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, ms = 3000) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error("condition not met in time");
    await sleep(5);
  }
}

const T0 = Date.UTC(2026, 10, 23, 0, 0, 0);

/** End-to-end: fake server replaying a capture -> AmiClient -> CallBridge. */
async function e2e(fixture: string, bridgeOpts: CallBridgeOptions = {}, serverOpts = {}) {
  const server = await FakeAmiServer.start(fixture, serverOpts);
  const client = new AmiClient({
    port: server.port,
    username: "hotline",
    secret: "hotline-secret",
    keepaliveMs: 0,
    reconnect: { minMs: 10, maxMs: 40 },
  });
  const states: AmiState[] = [];
  const log: string[] = [];
  client.on("state", (s) => {
    states.push(s);
    log.push(`state:${s}`);
  });
  client.on("event", (e) => {
    if (e.event === "FullyBooted") log.push("FullyBooted");
  });
  const bridge = new CallBridge(client, { now: () => T0, entryContexts: ["hotline"], endGraceMs: 50, ...bridgeOpts });
  const events: CallEvent[] = [];
  bridge.on("call", (e) => events.push(e));
  cleanups.push(() => server.close());
  cleanups.push(() => client.close());
  await client.start();
  const ended = () => events.filter((e) => e.type === "ended");
  return { server, client, bridge, events, states, ended, log };
}

/** Unit: feed a capture's events straight into a bridge, the clock following t_ms. */
class StubAmi extends EventEmitter {
  state: AmiState = "connected";
  sent: Record<string, unknown>[] = [];
  private n = 0;
  nextActionId() {
    return `stub-${++this.n}`;
  }
  async action(fields: Record<string, unknown>): Promise<AmiActionResult> {
    this.sent.push(fields);
    throw new AmiError("timeout", "stub: no PBX behind this");
  }
  setState(s: AmiState) {
    const prev = this.state;
    this.state = s;
    this.emit("state", s, prev);
  }
}
function captured(name: string) {
  return loadTimeline(name)
    .filter((i) => i.dir === "server->client" && i.data.startsWith("Event:"))
    .map((i) => ({ t: i.t_ms, msg: AmiMessage.parse(i.data) }));
}
function feedSetup(opts: CallBridgeOptions = {}) {
  const ami = new StubAmi();
  const clock = { t: T0 };
  const bridge = new CallBridge(ami, { now: () => clock.t, entryContexts: ["hotline"], endGraceMs: 30, ...opts });
  const events: CallEvent[] = [];
  bridge.on("call", (e) => events.push(e));
  const feed = (list: { t: number; msg: AmiMessage }[]) => {
    for (const { t, msg } of list) {
      clock.t = T0 + Math.round(t);
      bridge.handleEvent(msg);
    }
  };
  return { ami, clock, bridge, events, feed };
}
const types = (events: CallEvent[]) => events.map((e) => e.type);
const last = (events: CallEvent[]): CallRecord => events[events.length - 1]!.call;

describe("CallBridge over the fake AMI server", () => {
  test("call-answered: agent hangs up", async () => {
    const { server, events, ended } = await e2e("call-answered");
    const r = await server.play();
    expect(r.stop).toBe("action"); // stopped at the captured Logoff
    await until(() => ended().length === 1);
    expect(types(events)).toEqual(["ringing", "queued", "agent_ringing", "answered", "ended"]);
    expect(events.every((e) => e.uniqueid === "1795392177.0")).toBe(true);
    const answered = events[3]!;
    expect(answered.type === "answered" && [answered.holdSeconds, answered.ringSeconds]).toEqual([2, 2]);
    expect(last(events)).toMatchObject({
      uniqueid: "1795392177.0",
      linkedid: "1795392177.0",
      channel: "IAX2/carrier-533",
      callerNum: "13800138000",
      queue: "q12319",
      status: "ended",
      agentInterface: "Local/agent1@agents",
      agentMember: "Agent One",
      agentChannel: "Local/agent1@agents-00000000;1",
      waitSeconds: 2,
      talkSeconds: 6,
      hungUpBy: "agent",
      abandoned: false,
      cause: 16,
      causeText: "Normal Clearing",
      endReason: "normal",
      enteredAt: T0,
      endedAt: T0,
    });
  });

  test("call-answered-caller-hangup: Cdr before AgentComplete, Reason caller", async () => {
    const { server, events, ended } = await e2e("call-answered-caller-hangup", {}, { chunkBytes: 5 });
    await server.play();
    await until(() => ended().length === 1);
    expect(types(events)).toEqual(["ringing", "queued", "agent_ringing", "answered", "ended"]);
    expect(last(events)).toMatchObject({
      uniqueid: "1795392187.3",
      hungUpBy: "caller",
      talkSeconds: 3,
      waitSeconds: 2,
      cause: 16,
    });
  });

  test("call-answered-local: keyed by the ;2 half that queues; NewCallerid gives the number", async () => {
    const { server, events, ended, bridge } = await e2e("call-answered-local");
    await server.play();
    await until(() => ended().length === 1);
    expect(types(events)).toEqual(["ringing", "queued", "agent_ringing", "answered", "ended"]);
    expect(events[0]!.call).toMatchObject({
      uniqueid: "1795392193.7",
      linkedid: "1795392193.6",
      callerNum: "13800138000",
      channel: "Local/13800138000@hotline-cli-00000002;2",
    });
    expect(last(events)).toMatchObject({
      hungUpBy: "agent",
      talkSeconds: 6,
      agentMember: "Agent One",
      endReason: "normal",
    });
    expect(bridge.activeCalls()).toEqual([]);
  });

  test("call-abandoned: RingTime 15000 ms = 15 s, abandoned after 19 s at position 1", async () => {
    const { server, events, ended } = await e2e("call-abandoned");
    await server.play();
    await until(() => ended().length === 1);
    expect(types(events)).toEqual([
      "ringing",
      "queued",
      "agent_ringing",
      "agent_noanswer",
      "agent_ringing",
      "abandoned",
      "ended",
    ]);
    const noanswer = events[3]!;
    expect(noanswer.type === "agent_noanswer" && [noanswer.agentMember, noanswer.ringMs, noanswer.ringSeconds]).toEqual(
      ["Agent One", 15000, 15],
    );
    const second = events[4]!;
    expect(second.type === "agent_ringing" && second.agentInterface).toBe("Local/agent2@agents");
    const ab = events[5]!;
    expect(ab.type === "abandoned" && [ab.holdSeconds, ab.position, ab.originalPosition]).toEqual([19, 1, 1]);
    expect(last(events)).toMatchObject({
      callerNum: "13900139000",
      abandoned: true,
      waitSeconds: 19,
      answeredAt: null,
      talkSeconds: null,
      agentInterface: null,
      hungUpBy: "caller",
      endReason: "abandoned",
    });
  });

  test("originate success: uniqueid and channel from OriginateResponse", async () => {
    const { server, bridge } = await e2e("originate");
    const res = await bridge.originate({
      agentInterface: "Local/agent2@agents",
      number: "13800138000",
      context: "outbound",
      callerId: '"Hotline 12319" <12319>',
      variables: { HOTLINE_TICKET: "T-42" },
      timeoutMs: 30000,
    });
    expect(res).toMatchObject({ ok: true, uniqueid: "1795392225.15", channel: "Local/agent2@agents-00000006;1" });
    const sent = server.received.find((m) => m.get("Action") === "Originate")!;
    expect(sent.actionId).toBe(res.actionId);
    expect(sent.getAll("Variable")).toEqual(["HOTLINE_TICKET=T-42"]);
    expect(sent.get("Async")).toBe("true");
    expect(sent.get("Channel")).toBe("Local/agent2@agents");
  });

  test("originate failures: busy 5, no answer 3, unknown tech 0, synchronous Response: Error", async () => {
    const { bridge } = await e2e("originate-failure");
    const base = { number: "13800138000", context: "outbound", callerId: '"Hotline 12319" <12319>' };
    const busy = await bridge.originate({ ...base, agentInterface: "Local/busy@customers" });
    expect(busy).toMatchObject({ ok: false, reason: 5, reasonText: "busy" });
    const noanswer = await bridge.originate({ ...base, agentInterface: "Local/noanswer@customers", timeoutMs: 4000 });
    expect(noanswer).toMatchObject({ ok: false, reason: 3, reasonText: "no_answer" });
    const badtech = await bridge.originate({ ...base, agentInterface: "PJSIP/1001" });
    expect(badtech).toMatchObject({ ok: false, reason: 0, reasonText: "failed" });
    const sync = await bridge.originate({ ...base, agentInterface: "Local/busy@customers", async: false });
    expect(sync).toMatchObject({ ok: false, reason: -1, reasonText: "rejected", message: "Originate failed" });
  });

  // OriginateResponse covers only the agent's leg; the citizen's result is the DialEnd from the agent's ;1.
  for (const [fixture, number, outcome, dialStatus] of [
    ["originate-citizen-busy", "13700137000", "busy", "BUSY"],
    ["originate-citizen-noanswer", "13600136000", "no_answer", "NOANSWER"],
    ["originate-citizen-answered", "13800138000", "answered", "ANSWER"],
  ] as const) {
    test(`${fixture}: agent leg ok, citizen outcome ${outcome} from DialEnd`, async () => {
      const { bridge } = await e2e(fixture);
      const res = await bridge.originate({ agentInterface: "Local/agent1@agents", number, context: "outbound-pstn" });
      expect(res).toMatchObject({ ok: true, channel: expect.stringMatching(/^Local\/agent1@agents-\d+;1$/) });
      if (!res.ok) throw new Error("unreachable");
      expect(await bridge.citizenResult(res.uniqueid)).toEqual({ outcome, dialStatus, cause: null });
    });
  }

  test("citizen result: unknown when the connection drops before any DialEnd", async () => {
    const { client, bridge } = await e2e("login-success");
    const p = bridge.citizenResult("1796111309.0");
    await client.close();
    expect(await p).toEqual({ outcome: "unknown", dialStatus: null, cause: null });
  });

  test("originate while disconnected resolves not_connected at once", async () => {
    const { client, bridge } = await e2e("login-success");
    await client.close();
    const res = await bridge.originate({ agentInterface: "Local/agent1@agents", number: "1", context: "outbound" });
    expect(res).toMatchObject({ ok: false, reason: -3, reasonText: "not_connected" });
  });

  for (const fixture of ["restart", "restart-core-restart"]) {
    test(`${fixture}: Shutdown + EOF -> back-off reconnect -> login before FullyBooted; one ended, no duplicates`, async () => {
      const { server, client, events, ended, states, bridge, log } = await e2e(fixture);
      let r = await server.play();
      expect(r.note).toContain("core");
      await until(() => events.some((e) => e.type === "answered"));
      r = await server.play(); // teardown, Shutdown, EOF; the PBX stops listening
      expect(r.stop).toBe("closed");
      expect(server.listening).toBe(false);
      await until(() => states.filter((s) => s === "connecting").length >= 3); // refused retries
      expect(client.state).not.toBe("connected");
      await server.listenAgain();
      await until(() => client.state === "connected");
      const logins = server.received.filter((m) => m.get("Action") === "Login");
      expect(logins.length).toBe(2);
      await until(() => log.filter((l) => l === "FullyBooted").length === 2);
      // Login was accepted (state connected) before this PBX start's FullyBooted arrived.
      expect(log.slice(log.lastIndexOf("state:connected"))).toContain("FullyBooted");
      expect(log.lastIndexOf("state:connected")).toBeLessThan(log.lastIndexOf("FullyBooted"));
      expect(ended().length).toBe(1);
      expect(types(events)).toEqual(["ringing", "queued", "agent_ringing", "answered", "ended"]);
      expect(last(events)).toMatchObject({
        uniqueid: fixture === "restart" ? "1795392297.0" : "1795392304.0",
        endReason: "pbx_shutdown",
        hungUpBy: "system",
        talkSeconds: 1,
      });
      expect(bridge.activeCalls()).toEqual([]);
      // Nothing was still open, so no reconciliation was needed.
      expect(server.received.some((m) => m.get("Action") === "CoreShowChannels")).toBe(false);
    });
  }

  test("connection lost mid-call without Shutdown: reconciled with CoreShowChannels after re-login", async () => {
    const { server, client, events, ended, bridge } = await e2e("restart", {}, { library: ["queue-status"] });
    await server.play();
    await until(() => events.some((e) => e.type === "answered"));
    await server.stopListening(); // crash: no teardown events, no Shutdown
    await until(() => client.state !== "connected");
    await sleep(30);
    expect(ended().length).toBe(0); // unresolved, not guessed
    expect(bridge.activeCalls().length).toBe(1);
    await server.listenAgain();
    await until(() => ended().length === 1);
    expect(server.received.map((m) => m.get("Action"))).toEqual(["Login", "Login", "CoreShowChannels"]);
    expect(last(events)).toMatchObject({ uniqueid: "1795392297.0", endReason: "reconciled", status: "ended" });
    expect(bridge.activeCalls()).toEqual([]);
  });
});

describe("CallBridge fed directly (clock follows the capture)", () => {
  test("timestamps: enteredAt at Newchannel, answeredAt at AgentConnect, endedAt at the caller's Hangup", () => {
    const { events, feed } = feedSetup();
    const list = captured("call-answered");
    feed(list);
    const at = (ev: string, uid: string) =>
      T0 + Math.round(list.find((x) => x.msg.event === ev && x.msg.get("Uniqueid") === uid)!.t);
    const rec = last(events);
    expect(rec.enteredAt).toBe(at("Newchannel", "1795392177.0"));
    expect(rec.answeredAt).toBe(at("AgentConnect", "1795392177.0"));
    expect(rec.endedAt).toBe(at("Hangup", "1795392177.0"));
    // 321.4 ms, 2826.2 ms and 8334.7 ms into the capture
    expect([rec.enteredAt - T0, rec.answeredAt! - T0, rec.endedAt! - T0]).toEqual([321, 2826, 8335]);
  });

  test("without entryContexts, ringing is emitted at QueueCallerJoin", () => {
    const { events, feed } = feedSetup({ entryContexts: undefined });
    feed(captured("call-answered-local"));
    expect(types(events)).toEqual(["ringing", "queued", "agent_ringing", "answered", "ended"]);
    expect(events[0]!.call.queue).toBe("q12319");
  });

  test("caller Hangup before AgentComplete: ended waits for AgentComplete", async () => {
    const { events, feed } = feedSetup();
    const list = captured("call-answered");
    const ac = list.findIndex((x) => x.msg.event === "AgentComplete");
    const [agentComplete] = list.splice(ac, 1);
    feed(list);
    expect(types(events)).not.toContain("ended");
    feed([agentComplete!]);
    expect(types(events)).toContain("ended");
    expect(last(events)).toMatchObject({ talkSeconds: 6, hungUpBy: "agent" });
  });

  test("AgentComplete never arrives: ended after the grace period with clock talk time", async () => {
    const { events, feed } = feedSetup();
    feed(captured("call-answered").filter((x) => x.msg.event !== "AgentComplete"));
    expect(types(events)).not.toContain("ended");
    await until(() => types(events).includes("ended")); // the grace timer fires
    const rec = last(events);
    expect(rec.status).toBe("ended");
    expect(rec.talkSeconds).toBe(Math.round((rec.endedAt! - rec.answeredAt!) / 1000));
    expect(rec.hungUpBy).toBe("agent"); // the first HangupRequest was on the agent's leg
  });

  test("AgentComplete with only Dest* fields is matched by DestLinkedid", () => {
    const { events, feed } = feedSetup();
    const list = captured("call-answered-caller-hangup").map((x) => {
      if (x.msg.event !== "AgentComplete") return x;
      const headers = x.msg.headers.filter(
        ([k]) =>
          k === "Event" ||
          k.startsWith("Dest") ||
          ["Queue", "Interface", "MemberName", "HoldTime", "TalkTime", "Reason"].includes(k),
      );
      expect(headers.some(([k]) => k === "Uniqueid" || k === "Linkedid")).toBe(false);
      return { t: x.t, msg: new AmiMessage(headers) };
    });
    feed(list);
    expect(last(events)).toMatchObject({ uniqueid: "1795392187.3", talkSeconds: 3, hungUpBy: "caller" });
  });

  test("Shutdown then EOF with the call still up: ended once as pbx_restart", () => {
    const { ami, events, feed } = feedSetup();
    const list = captured("restart");
    const stop = list.findIndex((x) => x.msg.event === "SoftHangupRequest");
    feed(list.slice(0, stop)); // call answered, teardown events never delivered (e.g. crash while stopping)
    feed(list.filter((x) => x.msg.event === "Shutdown"));
    ami.setState("disconnected");
    expect(types(events)).toEqual(["ringing", "queued", "agent_ringing", "answered", "ended"]);
    expect(last(events)).toMatchObject({ endReason: "pbx_restart", hungUpBy: "system" });
    // Late events for the same call (replayed) do not resurrect or duplicate it.
    feed(list.slice(stop));
    ami.setState("connected");
    expect(types(events).filter((t) => t === "ended").length).toBe(1);
    expect(types(events).filter((t) => t === "ringing").length).toBe(1);
  });

  test("recording file from a VarSet of a configured variable (synthetic: not in the captures)", () => {
    const { events, feed } = feedSetup({ recordingVariables: ["RECORDING_FILE", "MIXMONITOR_FILENAME"] });
    const list = captured("call-answered");
    const i = list.findIndex((x) => x.msg.event === "AgentConnect");
    const varset = new AmiMessage([
      ["Event", "VarSet"],
      ["Channel", "IAX2/carrier-533"],
      ["Uniqueid", "1795392177.0"],
      ["Linkedid", "1795392177.0"],
      ["Variable", "MIXMONITOR_FILENAME"],
      ["Value", "/var/spool/asterisk/monitor/q12319-1795392177.0.wav"],
    ]);
    feed([...list.slice(0, i + 1), { t: list[i]!.t, msg: varset }, ...list.slice(i + 1)]);
    const rec = events.find((e) => e.type === "recording")!;
    expect(rec.type === "recording" && rec.file).toBe("/var/spool/asterisk/monitor/q12319-1795392177.0.wav");
    expect(last(events).recordingFile).toBe("/var/spool/asterisk/monitor/q12319-1795392177.0.wav");
  });
});
