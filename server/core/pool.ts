// The worker pool: heavy reads (exports, reports, large searches) run in Bun Workers, each with its own
// read-only SQLite connection (WAL lets them read beside the writer), so the request thread stays free.
// Design and measurements: ../shared/design/stack.md §12.
// - A bounded FIFO queue; a full queue is a 503 with Retry-After (稍后重试), never a hung server.
// - A job whose request has gone away (AbortSignal) is dropped before it starts.
// - Each worker has a cancel flag (SharedArrayBuffer). Queries in jobs put `not_cancelled()` in their
//   WHERE so a timeout or an abort stops them within a row; jobs also check it between chunks.
// - Jobs are named functions registered by modules (server/pool-jobs.ts); the worker entry is
//   server/worker.ts. Core imports none of them: the app passes the entry's URL.
import { AppError } from "./errors.ts";
import type { Db } from "./db.ts";

/**
 * A job a module runs in the pool: a read-only connection, its (structured-clone) args, and
 * `cancelled()` to check between chunks. SQL may call `not_cancelled()` per row to stop mid-query.
 */
export type PoolJob = (db: Db, args: any, cancelled: () => boolean) => unknown;

/** What a job returns must survive structured clone: aggregates, strings, bytes — not a million rows. */
export type JobResult = unknown;

export type PoolOptions = {
  /** The SQLite file the workers open read-only. */
  dbPath: string;
  /** The worker entry (server/worker.ts); without it the pool refuses work. */
  workerUrl?: URL | string;
  /** Number of workers (default 2). */
  workers?: number;
  /** Jobs waiting beyond the running ones before new work is refused (default 16). */
  queue?: number;
  /** Per-job time limit in ms (default 60 s). */
  timeoutMs?: number;
  /** Seconds a refused client is told to wait (Retry-After). */
  retryAfter?: number;
};

type Pending = {
  id: number;
  name: string;
  args: unknown;
  signal?: AbortSignal;
  timeoutMs: number;
  resolve: (v: JobResult) => void;
  reject: (e: unknown) => void;
};

type Slot = {
  worker: Worker;
  flag: Int32Array;
  job: Pending | null;
  timer: ReturnType<typeof setTimeout> | null;
  onAbort: (() => void) | null;
  /** Set when the running job was cancelled: its late answer is discarded. */
  cancelled: boolean;
};

export class PoolBusy extends AppError {
  constructor(public retryAfter: number) {
    super("unavailable", "pool.busy", "系统繁忙，导出和统计任务正在排队，请稍后重试");
  }
}

export class Pool {
  readonly size: number;
  readonly queueMax: number;
  readonly timeoutMs: number;
  readonly retryAfter: number;
  private slots: Slot[] = [];
  private queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  /** Counters for /ops and the tests. */
  readonly stats = { started: 0, done: 0, failed: 0, dropped: 0, refused: 0, cancelled: 0 };

  constructor(private o: PoolOptions) {
    this.size = Math.max(1, o.workers ?? 2);
    this.queueMax = Math.max(0, o.queue ?? 16);
    this.timeoutMs = o.timeoutMs ?? 60_000;
    this.retryAfter = o.retryAfter ?? 5;
  }

  /** Jobs waiting (not yet started). */
  get waiting() {
    return this.queue.length;
  }
  /** Jobs running now. */
  get running() {
    return this.slots.filter((s) => s.job).length;
  }

  /**
   * Run the named job with args in a worker. Rejects with PoolBusy (503) when the queue is full,
   * with "request.aborted" when the signal fires before the job starts, with "pool.timeout" after timeoutMs.
   */
  run<T = JobResult>(name: string, args: unknown, o: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<T> {
    if (this.closed || !this.o.workerUrl)
      return Promise.reject(new AppError("unavailable", "pool.closed", "后台任务服务未启动，请稍后重试"));
    if (o.signal?.aborted) {
      this.stats.dropped++;
      return Promise.reject(aborted());
    }
    this.spawn();
    const idle = this.slots.find((s) => !s.job);
    if (!idle && this.queue.length >= this.queueMax) {
      this.stats.refused++;
      return Promise.reject(new PoolBusy(this.retryAfter));
    }
    return new Promise<T>((resolve, reject) => {
      const p: Pending = {
        id: this.nextId++,
        name,
        args,
        signal: o.signal,
        timeoutMs: o.timeoutMs ?? this.timeoutMs,
        resolve: resolve as (v: JobResult) => void,
        reject,
      };
      if (idle) this.start(idle, p);
      else this.queue.push(p);
    });
  }

  /** Start the workers now (serve does this so the first export does not pay for their start). */
  warm() {
    if (!this.closed && this.o.workerUrl) this.spawn();
  }

  /** Stop every worker; waiting and running jobs are rejected. */
  close() {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new AppError("unavailable", "pool.closed", "服务正在停止"));
    for (const s of this.slots) {
      Atomics.store(s.flag, 0, 1);
      if (s.job)
        this.finish(s, { ok: false, error: { kind: "unavailable", code: "pool.closed", message: "服务正在停止" } });
      s.worker.terminate();
    }
    this.slots = [];
  }

  private spawn() {
    while (this.slots.length < this.size) {
      const worker = new Worker(this.o.workerUrl!);
      const sab = new SharedArrayBuffer(4);
      const slot: Slot = { worker, flag: new Int32Array(sab), job: null, timer: null, onAbort: null, cancelled: false };
      worker.postMessage({ type: "init", dbPath: this.o.dbPath, flag: sab });
      worker.onmessage = (e: MessageEvent) => this.finish(slot, e.data);
      worker.onerror = (e) => this.crashed(slot, e);
      (worker as Worker & { unref(): void }).unref(); // the pool never keeps the process alive
      this.slots.push(slot);
    }
  }

  private start(s: Slot, p: Pending) {
    Atomics.store(s.flag, 0, 0);
    s.job = p;
    s.cancelled = false;
    this.stats.started++;
    const cancel = (code: string) => {
      if (s.job !== p || s.cancelled) return;
      s.cancelled = true;
      this.stats.cancelled++;
      Atomics.store(s.flag, 0, 1);
      p.reject(
        code === "pool.timeout" ? new AppError("unavailable", code, "任务运行超时，请缩小范围后重试") : aborted(),
      );
    };
    s.timer = setTimeout(() => cancel("pool.timeout"), p.timeoutMs);
    if (p.signal) {
      s.onAbort = () => cancel("request.aborted");
      p.signal.addEventListener("abort", s.onAbort, { once: true });
    }
    s.worker.postMessage({ type: "job", id: p.id, name: p.name, args: p.args });
  }

  private finish(
    s: Slot,
    msg: { ok: boolean; value?: JobResult; error?: { kind: string; code: string; message: string } },
  ) {
    const p = s.job;
    if (!p) return;
    if (s.timer) clearTimeout(s.timer);
    if (s.onAbort && p.signal) p.signal.removeEventListener("abort", s.onAbort);
    s.timer = null;
    s.onAbort = null;
    s.job = null;
    if (!s.cancelled) {
      if (msg.ok) {
        this.stats.done++;
        p.resolve(msg.value);
      } else {
        this.stats.failed++;
        const e = msg.error!;
        p.reject(new AppError((e.kind as AppError["kind"]) ?? "internal", e.code, e.message));
      }
    }
    s.cancelled = false;
    Atomics.store(s.flag, 0, 0);
    this.next(s);
  }

  private next(s: Slot) {
    while (!this.closed && this.queue.length) {
      const p = this.queue.shift()!;
      if (p.signal?.aborted) {
        this.stats.dropped++;
        p.reject(aborted());
        continue;
      }
      this.start(s, p);
      return;
    }
  }

  /** A worker that threw outside a job's try (or died): fail its job, replace it, keep the queue moving. */
  private crashed(s: Slot, e: unknown) {
    console.error("pool worker crashed:", e);
    this.slots = this.slots.filter((x) => x !== s);
    s.worker.terminate();
    const p = s.job;
    s.job = null;
    if (s.timer) clearTimeout(s.timer);
    if (s.onAbort && p?.signal) p.signal.removeEventListener("abort", s.onAbort);
    if (p && !s.cancelled) {
      this.stats.failed++;
      p.reject(new AppError("internal", "pool.crashed", "后台任务失败，请重试"));
    }
    if (this.closed) return;
    this.spawn();
    for (const x of this.slots) if (!x.job) this.next(x);
  }
}

/** Jobs core itself offers: a cancellable spin (tests, and a smoke check that the pool answers). */
export const CORE_POOL_JOBS: Record<string, PoolJob> = {
  "pool.spin": (db, a: { n: number }) =>
    db.sqlite
      .query<{ n: number }, [number]>(
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < ? AND not_cancelled()) SELECT count(*) AS n FROM r",
      )
      .get(a.n)!.n,
};

function aborted() {
  return new AppError("unavailable", "request.aborted", "请求已取消");
}
