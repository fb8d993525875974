// In-app notifications (通知) and the live /events stream.
import type { Module } from "../core/module.ts";
import { registerNotifyRoutes } from "./routes.tsx";

export {
  notifyUsers,
  unreadCount,
  listNotifications,
  markAllRead,
  usersWithRole,
  type NotificationRow,
} from "./notifications.ts";

export const notifyModule: Module = {
  name: "notify",
  routes: (r) => registerNotifyRoutes(r),
};
