// How fast call events reach SQLite: replays the captured answered call's event
// sequence for N synthetic calls through CallBridge + recordCallEvent.
// Run: node_modules/.bin/bun bench/hotline-record.ts [N]
import { testDb } from "../server/testing/index.ts";
import { CallBridge, AmiMessage, type CallEvent } from "../telephony/index.ts";
import { loadTimeline } from "../telephony/testing/fake-ami-server.ts";
import { recordCallEvent } from "../server/hotline/verbs/record-call-event.ts";

const N = Number(process.argv[2] ?? 1000);
const db = testDb();
const blocks = loadTimeline("call-answered")
  .filter((i) => i.dir === "server->client" && i.data.startsWith("Event:"))
  .map((i) => i.data);
const stub = {
  state: "connected" as const,
  on() {},
  action: async () => {
    throw new Error("none");
  },
  nextActionId: () => "x",
};
const bridge = new CallBridge(stub as any, { entryContexts: ["hotline"], endGraceMs: 1 });
const events: CallEvent[] = [];
bridge.on("call", (e) => events.push(e));
for (let i = 0; i < N; i++) {
  // a distinct uniqueid/linkedid per synthetic call
  for (const b of blocks) bridge.handleEvent(AmiMessage.parse(b.replaceAll("1795392177.", `${1795392177 + i * 10}.`)));
}
await new Promise((r) => setTimeout(r, 50));
const t0 = performance.now();
for (const e of events) recordCallEvent(db, { kind: "telephony" }, e);
const ms = performance.now() - t0;
const rows = (db.sqlite.query("SELECT count(*) AS n FROM hotline_calls").get() as { n: number }).n;
console.log(
  `${events.length} call events for ${rows} calls written in ${ms.toFixed(0)} ms: ${((events.length / ms) * 1000).toFixed(0)} events/s, ${(ms / events.length).toFixed(3)} ms/event`,
);
