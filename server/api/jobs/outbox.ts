// The outbox: every queued item is POSTed to the configured URL until the receiver answers
// 2xx. Failures only push next_at back (exponential back-off, capped); items are never dropped.
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "../../core/db.ts";
import { nowIso } from "../../core/db.ts";
import { getSetting } from "../../core/settings.ts";
import { PUSH_URL } from "./export.ts";

export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_MAX_MS = 3600_000;

export function backoff(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
}

type Item = { id: number; kind: string; ref: string | null; payload: string; attempts: number };
export type DrainResult = { sent: number; failed: number; pending: number };

export async function drainOutbox(
  db: Db,
  opts: { now?: number; fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<DrainResult> {
  const now = opts.now ?? Date.now();
  const url = getSetting(db, PUSH_URL);
  const f = opts.fetch ?? fetch;
  let sent = 0;
  let failed = 0;
  if (url) {
    const due = db.sqlite
      .query<Item, SQLQueryBindings[]>(
        "SELECT id, kind, ref, payload, attempts FROM upward_outbox WHERE status = 'pending' AND next_at <= ? ORDER BY id LIMIT 50",
      )
      .all(new Date(now).toISOString());
    for (const it of due) {
      let err: string | null = null;
      try {
        const res = await f(url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-wanmi-kind": it.kind,
            "x-wanmi-item": String(it.id),
            "idempotency-key": `wanmi-${it.id}`,
          },
          body: it.payload,
          signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
        });
        if (!res.ok) err = `HTTP ${res.status}`;
        await res.body?.cancel().catch(() => {});
      } catch (e) {
        err = (e as Error).message || String(e);
      }
      if (err === null) {
        db.sqlite
          .query(
            "UPDATE upward_outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL WHERE id = ?",
          )
          .run(nowIso(), it.id);
        sent++;
      } else {
        const next = new Date(now + backoff(it.attempts + 1)).toISOString();
        db.sqlite
          .query("UPDATE upward_outbox SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ?")
          .run(next, err.slice(0, 500), it.id);
        failed++;
      }
    }
  }
  const pending = db.sqlite
    .query<{ n: number }, []>("SELECT count(*) AS n FROM upward_outbox WHERE status = 'pending'")
    .get()!.n;
  return { sent, failed, pending };
}
