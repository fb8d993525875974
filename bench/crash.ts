// (b) kill -9 in the middle of a stream of writes (reports with photo uploads, then 立案
// transitions), restart, and prove every acknowledged write is present and the database passes
// integrity_check. Prints figures. Usage: bun bench/crash.ts [rounds=3] [writers=6]
import { Database } from "bun:sqlite";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { freshDir, startServer, Http, PNG_1x1 } from "./lib.ts";

const rounds = Number(process.argv[2] ?? 3);
const writers = Number(process.argv[3] ?? 6);
const dir = freshDir("wanmi-crash-");
type Ack = { id: number; marker: string; filed: boolean };
const acks: Ack[] = [];
let catId = 0;
let failuresDuringKill = 0;

console.log(`data dir ${dir}; ${rounds} rounds × ${writers} concurrent writers`);
for (let round = 1; round <= rounds; round++) {
  const t0 = performance.now();
  const s = await startServer(dir, { demo: round === 1 });
  const startMs = performance.now() - t0;
  if (!catId) {
    const db = new Database(join(dir, "wanmi.db"), { readonly: true });
    catId = (db.query("SELECT id FROM categories WHERE kind = 'event' ORDER BY id LIMIT 1").get() as { id: number }).id;
    db.close();
  }
  let stop = false;
  let acked = 0;
  const worker = async (w: number) => {
    const h = new Http(s.base);
    await h.login("intake");
    let i = 0;
    while (!stop) {
      const marker = `crash-r${round}-w${w}-${i++}`;
      try {
        const fd = new FormData();
        for (const [k, v] of Object.entries({
          source: "hotline",
          categoryId: String(catId),
          urgency: "normal",
          description: `崩溃测试 ${marker}`,
          address: "测试路 1 号",
          lng: "115.905",
          lat: "28.67",
          reporterName: "测试",
          reporterPhone: "13800000000",
        }))
          fd.set(k, v);
        fd.append("photos", new File([PNG_1x1], "a.png", { type: "image/png" }));
        const r = await h.post("/reports", fd);
        await r.arrayBuffer();
        if (r.status !== 303) continue;
        const id = Number(r.headers.get("location")!.split("/")[2]!.split("?")[0]);
        const a: Ack = { id, marker, filed: false };
        acks.push(a);
        acked++;
        const f = await h.post(`/cases/${id}/file`, { expect: "reported" });
        await f.arrayBuffer();
        if (f.status === 303) a.filed = true;
      } catch {
        failuresDuringKill++;
        if (stop) break;
        await Bun.sleep(20);
      }
    }
  };
  const ws = Array.from({ length: writers }, (_, w) => worker(w).catch(() => {}));
  await Bun.sleep(1500 + Math.random() * 1500);
  s.proc.kill(9);
  await s.proc.exited;
  stop = true;
  await Promise.all(ws);
  console.log(
    `round ${round}: server up in ${startMs.toFixed(0)} ms, ${acked} reports acknowledged before kill -9 (total ${acks.length})`,
  );
}

// Restart once more and verify everything.
const s = await startServer(dir);
s.proc.kill("SIGTERM");
await s.proc.exited;
const db = new Database(join(dir, "wanmi.db"), { readonly: true });
const ic = (db.query("PRAGMA integrity_check").all() as { integrity_check: string }[]).map((r) => r.integrity_check);
const fk = db.query("PRAGMA foreign_key_check").all();
let missing = 0,
  lostFile = 0,
  lostTransition = 0;
const getCase = db.query("SELECT id, description, state FROM cases WHERE id = ?");
const getMedia = db.query("SELECT path, size FROM case_media WHERE case_id = ?");
for (const a of acks) {
  const c = getCase.get(a.id) as { description: string; state: string } | null;
  if (!c?.description.includes(a.marker)) {
    missing++;
    continue;
  }
  if (a.filed && c.state === "reported") lostTransition++;
  for (const m of getMedia.all(a.id) as { path: string; size: number }[]) {
    const p = join(dir, "media", m.path);
    if (!existsSync(p) || statSync(p).size !== m.size) lostFile++;
  }
}
const filed = acks.filter((a) => a.filed).length;
db.close();
console.log(`\nacknowledged reports: ${acks.length} (of which acknowledged 立案: ${filed})`);
console.log(
  `missing after restart: ${missing}; acknowledged transitions lost: ${lostTransition}; photo files missing/short: ${lostFile}`,
);
console.log(
  `integrity_check: ${ic.join("; ")}; foreign_key_check problems: ${fk.length}; client errors at kill time: ${failuresDuringKill}`,
);
process.exit(missing || lostTransition || lostFile || ic[0] !== "ok" || fk.length ? 1 : 0);
