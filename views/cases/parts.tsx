// Small pieces shared by case views: deadline badge, state badge, notification bell, live script.
import { Badge } from "../ui/index.tsx";
import type { Countdown } from "../../server/cases/model.ts";

export const DeadlineBadge = (p: { cd: Countdown; id?: number }) => (
  <span class="deadline" data-deadline={p.id}>
    <Badge tone={p.cd.tone} title="处理时限">{p.cd.label}</Badge>
  </span>
);

const TONE: Record<string, "green" | "amber" | "red" | "grey" | "blue"> = {
  intake: "blue", open: "amber", suspended: "grey", closed: "green",
};
export const StateBadge = (p: { name: string; type: string }) => <Badge tone={TONE[p.type] ?? "grey"}>{p.name}</Badge>;

export const NotifyBell = (p: { unread: number }) => (
  <a class="bell" href="/notifications" title="通知">
    通知 <span id="notify-count" class={`count ${p.unread ? "on" : ""}`}>{p.unread}</span>
  </a>
);

/** Live updates over SSE: unread count, and a refresh hint on pages showing a changed case. */
export const LiveScript = () => (
  <script
    dangerouslySetInnerHTML={{
      __html: `(function(){if(!window.EventSource)return;var es=new EventSource('/events');
es.addEventListener('notify',function(e){var n=document.getElementById('notify-count');if(n){n.textContent=e.data;n.className='count'+(e.data!=='0'?' on':'');}});
es.addEventListener('case',function(e){var d=JSON.parse(e.data);var live=document.querySelector('[data-live]');if(!live)return;
var ids=(live.getAttribute('data-live')||'').split(',');if(ids[0]==='*'||ids.indexOf(String(d.caseId))>=0){var b=document.getElementById('live-hint');if(b)b.hidden=false;}});})();`,
    }}
  />
);

export const LiveHint = () => (
  <div id="live-hint" class="alert info" hidden>
    案件有更新，<a href="">点击刷新</a>
  </div>
);
