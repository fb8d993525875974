// The pool worker entry (server/core/pool.ts): one read-only SQLite connection, the jobs modules
// declare (server/pool-jobs.ts), a cancel flag shared with the main thread. Listed as an entry point
// in deploy/build.sh so it exists inside the compiled binary.
import { openReadOnlyDb, type Db } from "./core/db.ts";
import { toAppError } from "./core/errors.ts";
import { POOL_JOBS } from "./pool-jobs.ts";

declare const self: Worker;
let db: Db | null = null;
let flag = new Int32Array(new SharedArrayBuffer(4));
const cancelled = () => Atomics.load(flag, 0) !== 0;

self.onmessage = async (e: MessageEvent) => {
  const m = e.data;
  if (m.type === "init") {
    flag = new Int32Array(m.flag);
    db = openReadOnlyDb(m.dbPath);
    // Per-row check: put `not_cancelled()` in a WHERE so a cancelled query stops within a row.
    db.sqlite.function("not_cancelled", () => {
      if (cancelled()) throw new Error("job cancelled");
      return 1;
    });
    return;
  }
  if (m.type !== "job") return;
  try {
    const fn = POOL_JOBS[m.name as keyof typeof POOL_JOBS];
    if (!fn) throw new Error(`unknown pool job ${m.name}`);
    const value = await fn(db!, m.args, cancelled);
    self.postMessage({ ok: true, value });
  } catch (err) {
    const a = toAppError(err);
    self.postMessage({ ok: false, error: { kind: a.kind, code: a.code, message: a.message } });
  }
};
