import { afterEach, describe, expect, test } from "bun:test";
import { AmiClient, AmiError, type AmiState, type AmiTimers } from "./client.ts";
import type { AmiMessage } from "./parser.ts";
import { FakeAmiServer, loadTimeline, loadTranscript } from "../testing/fake-ami-server.ts";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(fixture: string, opts: Partial<ConstructorParameters<typeof AmiClient>[0]> = {}, serverOpts = {}) {
  const server = await FakeAmiServer.start(fixture, serverOpts);
  const client = new AmiClient({
    port: server.port,
    username: "hotline",
    secret: "hotline-secret",
    keepaliveMs: 0,
    reconnect: { minMs: 20, maxMs: 200 },
    actionIdPrefix: "t",
    ...opts,
  });
  const states: AmiState[] = [];
  const events: AmiMessage[] = [];
  client.on("state", (s) => states.push(s));
  client.on("event", (e) => events.push(e));
  cleanups.push(() => server.close());
  cleanups.push(() => client.close());
  return { server, client, states, events };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A fake clock for the reconnect back-off: records each requested delay; the test fires them. */
function fakeTimers() {
  const scheduled: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const timers: AmiTimers = {
    set: (fn, ms) => scheduled.push({ fn, ms, cleared: false }) - 1,
    clear: (h) => {
      scheduled[h as number]!.cleared = true;
    },
  };
  return { timers, scheduled, delays: () => scheduled.map((s) => s.ms) };
}

/** Poll until a condition on real events holds (a connection made, a message received). */
async function until(cond: () => boolean, ms = 2000) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error("condition not met in time");
    await sleep(5);
  }
}

describe("fixtures", () => {
  test("timeline blocks concatenate to the exact .txt bytes", () => {
    for (const name of ["login-success", "call-answered", "originate-failure", "restart", "queue-status"]) {
      const s = loadTimeline(name)
        .filter((i) => i.dir === "server->client" || i.dir === "client->server")
        .map((i) => i.data)
        .join("");
      expect(Buffer.from(s, "utf8").equals(loadTranscript(name))).toBe(true);
    }
  });
});

describe("AmiClient", () => {
  test("login success with Events: on, our ActionID, FullyBooted event, Ping and Logoff", async () => {
    const { server, client, states, events } = await setup("login-success");
    await client.start();
    expect(client.state).toBe("connected");
    expect(client.banner).toBe("Asterisk Call Manager/11.0.0");
    const login = server.received[0]!;
    expect(login.get("Action")).toBe("Login");
    expect(login.get("Events")).toBe("on");
    expect(login.get("Username")).toBe("hotline");
    expect(login.actionId).toBe("t-1");
    await until(() => events.length >= 2);
    expect(events.map((e) => e.event)).toEqual(["FullyBooted", "SuccessfulAuth"]);
    const pong = await client.action({ Action: "Ping" });
    expect(pong.response.get("Ping")).toBe("Pong");
    expect(pong.response.actionId).toBe("t-2"); // rewritten from the captured ping-1
    expect(pong.response.get("Timestamp")).toBe("1795392175.964315");
    await client.close();
    expect(states).toEqual(["connecting", "connected", "disconnected"]);
    expect(server.received.map((m) => m.get("Action"))).toEqual(["Login", "Ping", "Logoff"]);
  });

  test("login failure: auth_failed, error surfaced, no reconnect storm", async () => {
    const clock = fakeTimers();
    const { server, client, states } = await setup("login-failure", { secret: "wrong-secret", timers: clock.timers });
    let authErr: AmiError | undefined;
    client.on("auth_failed", (e) => (authErr = e));
    const err = await client.start().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AmiError);
    expect((err as AmiError).code).toBe("auth_failed");
    expect(authErr?.message).toContain("Authentication failed");
    expect(client.state).toBe("auth_failed");
    expect(clock.scheduled).toEqual([]); // no reconnect is even scheduled
    expect(server.connections).toBe(1);
    expect(states).toEqual(["connecting", "auth_failed"]);
    await expect(client.action({ Action: "Ping" })).rejects.toMatchObject({ code: "not_connected" });
  });

  test("actions while disconnected are rejected immediately with a typed error", async () => {
    const client = new AmiClient({ port: 1, username: "u", secret: "s", reconnect: false });
    // settled before the next macrotask: no timeout, no socket involved
    const next = new Promise((r) => setImmediate(() => r("still pending")));
    const err = await Promise.race([client.action({ Action: "Ping" }).catch((e: unknown) => e), next]);
    expect(err).toBeInstanceOf(AmiError);
    expect((err as AmiError).code).toBe("not_connected");
  });

  test("list action (QueueStatus) is collected into one result", async () => {
    const { server, client } = await setup("queue-status", { events: "off" });
    await client.start();
    const idle = await client.action({ Action: "QueueStatus", Queue: "q12319" });
    expect(idle.response.get("EventList")).toBe("start");
    expect(idle.events.map((e) => e.event)).toEqual(["QueueParams", "QueueMember", "QueueMember"]);
    expect(idle.complete?.event).toBe("QueueStatusComplete");
    expect(idle.complete?.int("ListItems")).toBe(3);
    await client.action({ Action: "QueueSummary", Queue: "q12319" });
    const csc = await client.action({ Action: "CoreShowChannels" });
    expect(csc.events).toEqual([]);
    expect(csc.complete?.int("ListItems")).toBe(0);
    // second moment: two callers waiting
    const two = await client.action({ Action: "QueueStatus", Queue: "q12319" });
    const entries = two.events.filter((e) => e.event === "QueueEntry");
    expect(entries.map((e) => [e.int("Position"), e.get("CallerIDNum"), e.int("Wait")])).toEqual([
      [1, "13800138000", 2],
      [2, "13900139000", 1],
    ]);
    expect(entries.every((e) => e.actionId === two.response.actionId)).toBe(true);
    expect(server.unanswered).toEqual([]);
  });

  test("per-action timeout and dead-peer keepalive trigger a reconnect", async () => {
    const { server, client, states } = await setup("login-success", {
      keepaliveMs: 40,
      keepaliveTimeoutMs: 40,
      actionTimeoutMs: 30,
    });
    await client.start();
    server.mute = true; // peer stops answering
    await expect(client.action({ Action: "Ping" })).rejects.toMatchObject({ code: "timeout" });
    client.on("disconnected", () => (server.mute = false)); // the PBX answers again after the drop
    await until(() => server.connections >= 2);
    await until(() => client.state === "connected");
    expect(states).toEqual(["connecting", "connected", "disconnected", "connecting", "connected"]);
  });

  test("pending actions are rejected when the connection drops", async () => {
    const { server, client } = await setup("login-success", { actionTimeoutMs: 5000 });
    await client.start();
    server.mute = true;
    const p = client.action({ Action: "Ping" });
    await until(() => server.received.some((m) => m.get("Action") === "Ping"));
    server.dropConnections();
    await expect(p).rejects.toMatchObject({ code: "connection_lost" });
  });

  test("chunked writes (7-byte TCP writes) are reassembled", async () => {
    const { client, events } = await setup("login-success", {}, { chunkBytes: 7 });
    await client.start();
    await until(() => events.length >= 2);
    expect(events[1]!.get("RemoteAddress")).toBe("IPV4/TCP/127.0.0.1/46894");
  });

  test("exponential back-off on ECONNREFUSED, capped, reset after success (fake clock)", async () => {
    const server = await FakeAmiServer.start("login-success");
    const port = server.port;
    await server.stopListening();
    const clock = fakeTimers();
    const client = new AmiClient({
      port,
      username: "hotline",
      secret: "hotline-secret",
      keepaliveMs: 0,
      reconnect: { minMs: 10, maxMs: 80 },
      timers: clock.timers,
    });
    cleanups.push(() => server.close());
    cleanups.push(() => client.close());
    void client.start().catch(() => {});
    // each refused connect schedules the next attempt; fire it at once instead of waiting
    for (let n = 1; n <= 5; n++) {
      await until(() => clock.scheduled.length === n);
      if (n < 5) clock.scheduled[n - 1]!.fn();
    }
    expect(clock.delays()).toEqual([10, 20, 40, 80, 80]);
    expect(client.failedAttempts).toBe(5);
    await server.listenAgain();
    clock.scheduled[4]!.fn();
    await until(() => client.state === "connected");
    expect(client.failedAttempts).toBe(0);
    server.dropConnections(); // after a success the back-off starts again from minMs
    await until(() => clock.scheduled.length === 6);
    expect(clock.delays()[5]).toBe(10);
  });
});
