// Shared bits of the 城管通 screens: head tags, the offline-queue bar, deadline badges.
import type { Child } from "hono/jsx";
import { Badge } from "../ui/index.tsx";

/** Page head for every /m screen: the app's stylesheet and script, the web app manifest. */
export const FieldHead = (p: { version: string }) => (
  <>
    <link rel="manifest" href="/m/manifest.webmanifest" />
    <link rel="stylesheet" href={`/assets/field.css?v=${p.version}`} />
    <script src={`/assets/field.js?v=${p.version}`} defer></script>
  </>
);

/** Shows how many reports/answers wait on the phone; filled by field.js from IndexedDB. */
export const QueueBar = () => (
  <div class="f-queue" id="queue-bar" data-queue-bar hidden>
    <span>
      待发送 <b data-queue-count>0</b> 条
    </span>
    <span class="f-net" data-net>
      在线
    </span>
    <button type="button" class="secondary f-send" data-queue-send>
      立即发送
    </button>
  </div>
);

export const DeadlineBadge = (p: { tone: "green" | "amber" | "red" | "grey"; label: string }) => (
  <Badge tone={p.tone}>{p.label}</Badge>
);

export const Section = (p: { title: string; children: Child }) => (
  <section class="f-card">
    <h3>{p.title}</h3>
    {p.children}
  </section>
);

export const meters = (m: number | null | undefined) =>
  m == null ? "" : m >= 1000 ? `${(m / 1000).toFixed(1)} 公里` : `${Math.round(m)} 米`;
