// Operations: /metrics, the backup page and downloads, the nightly backup job.
import { clientAddress } from "../core/client-address.ts";
import type { NavEntry } from "../core/nav.ts";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Router } from "../core/http.ts";
import { requireUser } from "../core/http.ts";
import type { Deps } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { NotFound, AppError } from "../core/errors.ts";
import { getSetting } from "../core/settings.ts";
import { actorLabel, systemActor } from "../core/context.ts";
import { metricsFor, setAmiConnected } from "./metrics.ts";
import type { JobDef } from "../core/scheduler.ts";
import { createBackup, applyRetention, listBackups, BACKUP_RE, RETENTION } from "./backup.ts";
import { securityLog } from "../security/index.ts";
import { logger } from "./log.ts";
import { BackupsPage } from "../../views/ops/backups.tsx";

const ADMIN = ["admin"] as const;
// The data directory layout (as in boot.ts dataPaths; not imported to avoid an import cycle).
const dataPaths = (config: Deps["config"]) => ({
  backups: join(config.dataDir, "backups"),
  media: join(config.dataDir, "media"),
});

/** Take a backup and apply retention; records the outcome in the security log. */
export async function backupNow(deps: Deps, by = "系统任务(ops.backup)", label?: string): Promise<string> {
  const p = dataPaths(deps.config);
  try {
    const file = await createBackup(
      deps.db,
      { dataDir: deps.config.dataDir, backups: p.backups, media: p.media },
      { version: deps.version, label },
    );
    const dropped = applyRetention(p.backups);
    securityLog(deps.db, {
      kind: "backup",
      actor: by,
      entity: "backup",
      entityId: file.split("/").pop(),
      detail: dropped.length ? `按保留策略删除 ${dropped.length} 份旧备份` : null,
    });
    logger.info("backup done", { file, dropped });
    return `备份完成: ${file}${dropped.length ? `；按保留策略删除 ${dropped.join(", ")}` : ""}`;
  } catch (e) {
    securityLog(deps.db, { kind: "backup", outcome: "fail", actor: by, detail: (e as Error).message.slice(0, 500) });
    logger.error("backup failed", { error: (e as Error).message });
    throw e;
  }
}

function isLoopback(ip: string) {
  return ip === "127.0.0.1" || ip === "::1" || ip === "::ffff:127.0.0.1" || ip === "local";
}

export const NAV: NavEntry[] = [
  { href: "/admin/backups", label: "数据备份", group: "系统管理", roles: ADMIN, order: 97 },
];

/** The hotline publishes its AMI connection state on the bus; the gauge follows it. */
export function followAmiState(deps: Deps) {
  deps.bus.subscribe((e) => {
    const d = e.data as { kind?: string; state?: string } | null;
    if (e.topic === "hotline" && d?.kind === "connection") setAmiConnected(d.state === "connected");
  });
}

export function backupJob(deps: Deps): JobDef {
  return {
    name: "ops.backup",
    title: "每日备份（数据库与照片附件）",
    cron: "30 2 * * *",
    run: () => backupNow(deps, actorLabel(systemActor("ops.backup"))),
  };
}

export function registerOps(r: Router, deps: Deps) {
  const metrics = metricsFor(deps);
  // Prometheus. Open to the local machine; from elsewhere it needs the token set in the
  // ops.metrics_token setting (Authorization: Bearer …).
  r.get("/metrics", "public", async (c) => {
    // Through a trusted reverse proxy the socket is the proxy; the client is in X-Forwarded-For.
    const ip = clientAddress(c).ip;
    const token = getSetting(deps.db, "ops.metrics_token");
    const auth = c.req.header("authorization") ?? "";
    if (!isLoopback(ip) && !(token && auth === `Bearer ${token}`))
      throw new AppError("forbidden", "metrics.forbidden", "仅允许本机或持有令牌的监控系统访问");
    return c.body(metrics.render(deps.db, dataPaths(deps.config).backups, deps.config.dataDir), 200, {
      "content-type": "text/plain; version=0.0.4; charset=utf-8",
    });
  });

  r.get("/admin/backups", ADMIN, (c) => {
    const p = dataPaths(deps.config);
    const rows = listBackups(p.backups);
    return page(
      c,
      <BackupsPage
        csrf={c.get("csrf")}
        rows={rows}
        dir={p.backups}
        retention={RETENTION}
        flash={c.req.query("done") ? "备份完成" : undefined}
      />,
      { title: "数据备份" },
    );
  });
  r.post("/admin/backups", ADMIN, async (c) => {
    const u = requireUser(c);
    await backupNow(deps, u.name, "manual");
    return c.redirect("/admin/backups?done=1", 303);
  });
  r.get("/admin/backups/:name", ADMIN, (c) => {
    const raw = c.req.param("name") ?? "";
    const isSum = raw.endsWith(".sha256");
    const name = isSum ? raw.slice(0, -7) : raw;
    if (!BACKUP_RE.test(name)) throw NotFound("备份文件", "backup.not_found");
    const backups = dataPaths(deps.config).backups;
    const file = join(backups, isSum ? name + ".sha256" : name);
    if (!existsSync(file) || !listBackups(backups).some((b) => b.name === name))
      throw NotFound("备份文件", "backup.not_found");
    const u = requireUser(c);
    if (!isSum)
      securityLog(deps.db, {
        kind: "export",
        actor: u.name,
        userId: u.userId,
        username: u.username,
        entity: "backup",
        entityId: name,
        detail: "下载备份",
      });
    return new Response(Bun.file(file), {
      headers: {
        "content-type": isSum ? "text/plain; charset=utf-8" : "application/x-tar",
        "content-disposition": `attachment; filename="${isSum ? name + ".sha256" : name}"`,
      },
    });
  });
}
