// Structured logs: one JSON object per line on stdout (journald keeps them), each with the
// request id when inside a request. LOG_LEVEL (config) filters.
import { currentRequest } from "../core/request-context.ts";

export type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
// Under `bun test` (NODE_ENV=test) only warnings and errors are printed unless LOG_LEVEL says otherwise.
let threshold: Level =
  (process.env.LOG_LEVEL as Level) in ORDER
    ? (process.env.LOG_LEVEL as Level)
    : process.env.NODE_ENV === "test"
      ? "warn"
      : "info";
let sink: (line: string) => void = (line) => process.stdout.write(line + "\n");

export function setLogLevel(l: Level) {
  threshold = l;
}
/** For tests: capture lines instead of writing them. Returns the previous sink. */
export function setLogSink(f: (line: string) => void) {
  const prev = sink;
  sink = f;
  return prev;
}

export function log(level: Level, msg: string, fields: Record<string, unknown> = {}) {
  if (ORDER[level] < ORDER[threshold]) return;
  const rid = currentRequest()?.requestId;
  const rec: Record<string, unknown> = { ts: new Date().toISOString(), level, msg, ...(rid ? { rid } : {}), ...fields };
  let line: string;
  try {
    line = JSON.stringify(rec);
  } catch {
    line = JSON.stringify({ ts: rec.ts, level, msg, rid, note: "unserialisable fields" });
  }
  sink(line);
}

export const logger = {
  debug: (m: string, f?: Record<string, unknown>) => log("debug", m, f),
  info: (m: string, f?: Record<string, unknown>) => log("info", m, f),
  warn: (m: string, f?: Record<string, unknown>) => log("warn", m, f),
  error: (m: string, f?: Record<string, unknown>) => log("error", m, f),
};

export type RecentError = {
  at: string;
  rid: string | null;
  method: string;
  path: string;
  status: number;
  message: string;
};
const recent: RecentError[] = [];
/** Remember a server error for the admin page (last 50, in memory). */
export function rememberError(e: RecentError) {
  recent.unshift(e);
  recent.length = Math.min(recent.length, 50);
}
export const recentErrors = (): RecentError[] => recent.slice();
