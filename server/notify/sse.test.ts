// The live stream: the first event carries the unread count; a notification for this user
// pushes a new count; case events reach central roles.
import { test, expect } from "bun:test";
import { testApp, Client } from "../testing/index.ts";
import { world } from "../cases/fixtures.ts";
import { notifyUsers } from "./notifications.ts";
import { tx } from "../core/db.ts";

test("GET /events streams notify counts and case events as SSE", async () => {
  const t = testApp();
  const w = world(t.deps.db);
  const cl = new Client(t);
  await cl.login("intake_qian");
  const listenersBefore = t.deps.bus.size; // other modules listen on the bus too
  const ac = new AbortController();
  const res = await cl.request("/events", { signal: ac.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = "";
  const next = async (want: string) => {
    while (!buf.includes(want)) buf += dec.decode((await reader.read()).value);
  };
  await next("event: notify\ndata: 0\n\n");
  tx(t.deps.db, () =>
    notifyUsers(t.deps.db, t.deps.bus, [w.intake_qian.userId], { caseId: null, kind: "test", text: "测试" }),
  );
  await next("event: notify\ndata: 1\n\n");
  t.deps.bus.publish("case", {
    caseId: 7,
    no: "20261123-0007",
    action: "file",
    from: "reported",
    to: "filed",
    departmentId: null,
  });
  await next('event: case\ndata: {"caseId":7');
  expect(t.deps.bus.size).toBe(listenersBefore + 1);
  ac.abort();
  await reader.cancel().catch(() => {});
});
