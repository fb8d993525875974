// Small pieces shared by case views: deadline badge, state badge, notification bell, live script.
import { Badge } from "../ui/index.tsx";
import type { Countdown } from "../../server/cases/model.ts";

export const DeadlineBadge = (p: { cd: Countdown; id?: number }) => (
  <span class="deadline" data-deadline={p.id}>
    <Badge tone={p.cd.tone} title="处理时限">
      {p.cd.label}
    </Badge>
  </span>
);

const TONE: Record<string, "green" | "amber" | "red" | "grey" | "blue"> = {
  intake: "blue",
  open: "amber",
  suspended: "grey",
  closed: "green",
};
export const StateBadge = (p: { name: string; type: string }) => <Badge tone={TONE[p.type] ?? "grey"}>{p.name}</Badge>;

export const NotifyBell = (p: { unread: number }) => (
  <a class="bell" href="/notifications" title="通知">
    通知{" "}
    <span id="notify-count" class={`count ${p.unread ? "on" : ""}`}>
      {p.unread}
    </span>
  </a>
);

/** Live updates over SSE: unread count, and a refresh hint on pages showing a changed case. */
/** Live updates (SSE); a static asset so the page runs under a CSP without inline script. */
export const LiveScript = () => <script src="/assets/live.js" defer></script>;

export const LiveHint = () => (
  <div id="live-hint" class="alert info" hidden>
    案件有更新，<a href="">点击刷新</a>
  </div>
);

/** Shanghai wall-clock "YYYY/MM/DD HH:MM:SS" without Intl (toLocaleString builds a formatter per call). */
export function fmtCn(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
