// The case row as stored, and small helpers shared by queries and verbs.
import type { cases } from "./tables.ts";

/** A row of `cases`, typed from the drizzle schema. */
export type CaseRow = typeof cases.$inferSelect;

export type Countdown = { tone: "green" | "amber" | "red" | "grey"; label: string };

/** The deadline badge: green, amber inside the warning window, red when overdue. */
export function countdown(
  row: Pick<CaseRow, "due_at" | "warn_at" | "state" | "suspended_remaining">,
  now = Date.now(),
): Countdown {
  if (row.state === "suspended") return { tone: "grey", label: "挂账停表" };
  if (!row.due_at) return { tone: "grey", label: "—" };
  const due = Date.parse(row.due_at);
  const left = due - now;
  const fmt = (ms: number) => {
    const m = Math.round(Math.abs(ms) / 60000);
    if (m < 60) return `${m}分钟`;
    const h = Math.floor(m / 60);
    if (h < 48) return `${h}小时${m % 60 ? (m % 60) + "分" : ""}`;
    return `${Math.floor(h / 24)}天${h % 24 ? (h % 24) + "小时" : ""}`;
  };
  if (left <= 0) return { tone: "red", label: `超期 ${fmt(left)}` };
  if (row.warn_at && Date.parse(row.warn_at) <= now) return { tone: "amber", label: `剩余 ${fmt(left)}` };
  return { tone: "green", label: `剩余 ${fmt(left)}` };
}
