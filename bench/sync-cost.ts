// What durability costs: committed single-row inserts per second with synchronous NORMAL vs FULL
// (WAL, one transaction per insert, as a report is), and photos written with vs without fsync.
// Usage: bun bench/sync-cost.ts [inserts=2000]
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDb, tx } from "../server/core/db.ts";
import { writeDurable, fsyncDir } from "../server/core/uploads.ts";
import { freshDir } from "./lib.ts";

const N = Number(process.argv[2] ?? 2000);
const dir = freshDir("wanmi-sync-");
try {
  for (const mode of ["NORMAL", "FULL"]) {
    const db = openDb(join(dir, `${mode}.db`), { durable: mode === "FULL" });
    db.sqlite.run("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT, at TEXT)");
    const ins = db.sqlite.query("INSERT INTO t (body, at) VALUES (?, ?)");
    const t0 = performance.now();
    for (let i = 0; i < N; i++) tx(db, () => ins.run("东门路井盖缺失".repeat(10), new Date().toISOString()));
    const s = (performance.now() - t0) / 1000;
    console.log(`synchronous=${mode}: ${N} committed inserts in ${s.toFixed(2)} s = ${(N / s).toFixed(0)}/s`);
    db.sqlite.close();
  }
  const photo = new Uint8Array(3 * 1024 * 1024).fill(7);
  const M = 20;
  let t0 = performance.now();
  for (let i = 0; i < M; i++) writeFileSync(join(dir, `plain-${i}`), photo);
  const plain = (performance.now() - t0) / M;
  t0 = performance.now();
  for (let i = 0; i < M; i++) {
    writeDurable(join(dir, `durable-${i}`), photo);
    fsyncDir(dir);
  }
  const durable = (performance.now() - t0) / M;
  console.log(`3 MB photo: ${plain.toFixed(1)} ms plain, ${durable.toFixed(1)} ms with file + directory fsync`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
