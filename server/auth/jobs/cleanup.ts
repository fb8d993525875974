// Housekeeping of auth's own tables: expired sessions and old sign-in attempts.
import type { Db } from "../../core/db.ts";
import type { JobDef } from "../../core/scheduler.ts";

export function cleanupJob(db: Db): JobDef {
  return {
    name: "sessions.cleanup",
    title: "清理过期会话与登录记录",
    cron: "17 3 * * *",
    run: () => {
      const now = new Date().toISOString();
      const monthAgo = new Date(Date.now() - 30 * 86400_000).toISOString();
      const s = db.sqlite.query("DELETE FROM sessions WHERE expires_at <= ?").run(now).changes;
      const a = db.sqlite.query("DELETE FROM login_attempts WHERE at < ?").run(monthAgo).changes;
      return `删除过期会话 ${s} 条，登录记录 ${a} 条`;
    },
  };
}
