// Notifications page, mark-read, and the live stream (SSE) with heartbeats every 25 s
// (Bun's idleTimeout is 120 s in main.ts).
import { streamSSE } from "hono/streaming";
import type { Router } from "../core/http.ts";
import { requireUser } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { listNotifications, markAllRead, unreadCount } from "./notifications.ts";
import { NotificationList, CaseStyles } from "../../views/cases/notifications.tsx";
import { departmentTree } from "../departments/index.ts";

export const HEARTBEAT_MS = 25_000;

export function registerNotifyRoutes(r: Router) {
  r.get("/notifications", "user", (c) => {
    const u = requireUser(c);
    const db = c.get("deps").db;
    return page(
      c,
      <NotificationList
        rows={listNotifications(db, u.userId)}
        csrf={c.get("csrf")}
        unread={unreadCount(db, u.userId)}
      />,
      { title: "通知", head: <CaseStyles /> },
    );
  });
  r.post("/notifications/read", "user", (c) => {
    const u = requireUser(c);
    markAllRead(c.get("deps").db, u.userId);
    return c.redirect("/notifications", 303);
  });
  r.get("/events", "user", (c) => {
    const u = requireUser(c);
    const { db, bus } = c.get("deps");
    const central = u.roles.some((x) => x !== "handler" && x !== "inspector");
    const mine = !central && u.departmentId ? new Set(departmentTree(db, u.departmentId)) : null;
    return streamSSE(c, async (stream) => {
      const queue: { event: string; data: string }[] = [];
      let wake: (() => void) | null = null;
      const push = (m: { event: string; data: string }) => {
        queue.push(m);
        wake?.();
      };
      const off = bus.subscribe((e) => {
        if (e.topic === "notify" && (e.data as { userIds: number[] }).userIds.includes(u.userId))
          push({ event: "notify", data: String(unreadCount(db, u.userId)) });
        if (e.topic === "case") {
          const d = e.data as { departmentId: number | null };
          if (central || (mine && d.departmentId && mine.has(d.departmentId)))
            push({ event: "case", data: JSON.stringify(e.data) });
        }
      });
      let open = true;
      stream.onAbort(() => {
        open = false;
        off();
        wake?.();
      });
      await stream.writeSSE({ event: "notify", data: String(unreadCount(db, u.userId)) });
      while (open) {
        while (queue.length) await stream.writeSSE(queue.shift()!);
        await new Promise<void>((res) => {
          wake = res;
          setTimeout(res, HEARTBEAT_MS);
        });
        wake = null;
        if (!queue.length && open) await stream.write(": heartbeat\n\n");
      }
      off();
    });
  });
}
