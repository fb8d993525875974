// `wanmi check`: a readable health report for county IT (integrity, migrations, media files
// referenced by cases, configuration, disk, backups). Opens the database read-only.
import { Database } from "bun:sqlite";
import { existsSync, statfsSync, accessSync, constants } from "node:fs";
import { join, resolve, sep } from "node:path";
import { parseConfig, ConfigError } from "../core/config.ts";
import { MIGRATIONS } from "../core/migrate.ts";
import type { EmbeddedMigration } from "../core/migrations.macro.ts";
import { listBackups, runningServer } from "./backup.ts";

export type CheckItem = { title: string; status: "ok" | "warn" | "fail"; detail: string };

export function runChecks(
  env: Record<string, string | undefined>,
  opts: { migrations?: EmbeddedMigration[]; now?: number } = {},
): CheckItem[] {
  const items: CheckItem[] = [];
  const add = (title: string, status: CheckItem["status"], detail: string) => items.push({ title, status, detail });
  let config;
  try {
    config = parseConfig(env);
    add(
      "配置",
      "ok",
      `数据目录 ${config.dataDir}，端口 ${config.PORT}，监听 ${config.HOST}${config.AMI_HOST ? `，AMI ${config.AMI_HOST}:${config.AMI_PORT ?? 5038}` : "，未配置 AMI（12319 热线电话联动关闭）"}`,
    );
  } catch (e) {
    add("配置", "fail", e instanceof ConfigError ? e.problems.join("；") : String(e));
    return items;
  }
  const dbPath = join(config.dataDir, "wanmi.db");
  if (!existsSync(dbPath)) {
    add("数据库", "fail", `找不到数据库文件 ${dbPath}（首次运行 wanmi serve 会自动创建）`);
    return items;
  }
  try {
    accessSync(config.dataDir, constants.W_OK);
    const fs = statfsSync(config.dataDir);
    const free = fs.bavail * fs.bsize;
    const gb = (free / 1024 ** 3).toFixed(1);
    add(
      "磁盘空间",
      free < 1024 ** 3 ? "fail" : free < 5 * 1024 ** 3 ? "warn" : "ok",
      `数据目录所在磁盘可用 ${gb} GB${free < 5 * 1024 ** 3 ? "，请尽快清理或扩容" : ""}`,
    );
  } catch (e) {
    add("磁盘空间", "fail", `数据目录不可写: ${(e as Error).message}`);
  }
  const pid = runningServer(config.dataDir);
  add("服务进程", "ok", pid ? `万米服务正在运行（PID ${pid}）` : "万米服务未运行");

  const db = new Database(dbPath, { readonly: true });
  try {
    db.run("PRAGMA busy_timeout = 5000");
    const t0 = Date.now();
    const ic = db
      .query<{ integrity_check: string }, []>("PRAGMA integrity_check")
      .all()
      .map((r) => r.integrity_check);
    add(
      "数据库完整性 (integrity_check)",
      ic.length === 1 && ic[0] === "ok" ? "ok" : "fail",
      ic.length === 1 && ic[0] === "ok" ? `通过（${Date.now() - t0} 毫秒）` : ic.slice(0, 10).join("；"),
    );
    const fk = db.query<{ table: string }, []>("PRAGMA foreign_key_check").all();
    add(
      "外键一致性 (foreign_key_check)",
      fk.length ? "fail" : "ok",
      fk.length ? `${fk.length} 处引用失效，涉及表 ${[...new Set(fk.map((f) => f.table))].join("、")}` : "通过",
    );

    const all = opts.migrations ?? MIGRATIONS;
    const known = new Map(all.map((m) => [m.id, m]));
    const hasMig = db.query("SELECT 1 FROM sqlite_master WHERE name = '_migrations'").get();
    const done = hasMig
      ? db
          .query<{ id: number; name: string; checksum: string }, []>(
            "SELECT id, name, checksum FROM _migrations ORDER BY id",
          )
          .all()
      : [];
    const unknown = done.filter((d) => !known.has(d.id));
    const changed = done.filter((d) => known.has(d.id) && known.get(d.id)!.checksum !== d.checksum);
    const pending = all.filter((m) => !done.some((d) => d.id === m.id));
    if (unknown.length)
      add(
        "数据库迁移",
        "fail",
        `数据库含本程序不认识的迁移 ${unknown.map((u) => u.name).join("、")}：数据库比程序新，请换用更新的程序`,
      );
    else if (changed.length) add("数据库迁移", "fail", `迁移内容被改动: ${changed.map((u) => u.name).join("、")}`);
    else if (pending.length)
      add(
        "数据库迁移",
        "warn",
        `有 ${pending.length} 个迁移待应用（${pending.map((p) => p.name).join("、")}），启动服务时会先备份再自动应用`,
      );
    else add("数据库迁移", "ok", `已是最新（共 ${done.length} 个，级别 ${done.at(-1)?.id ?? 0}）`);

    if (db.query("SELECT 1 FROM sqlite_master WHERE name = 'case_media'").get()) {
      const mediaRoot = resolve(config.dataDir, "media");
      let n = 0;
      const missing: string[] = [];
      const outside: string[] = [];
      for (const r of db
        .query<{ path: string; thumb_path: string | null }, []>("SELECT path, thumb_path FROM case_media")
        .iterate()) {
        for (const p of [r.path, r.thumb_path]) {
          if (!p) continue;
          n++;
          const full = resolve(mediaRoot, p);
          if (!full.startsWith(mediaRoot + sep)) outside.push(p);
          else if (!existsSync(full)) missing.push(p);
        }
      }
      const bad = missing.length + outside.length;
      add(
        "案件照片与附件",
        bad ? "fail" : "ok",
        bad
          ? `${n} 个文件中缺失 ${missing.length} 个${outside.length ? `、路径越界 ${outside.length} 个` : ""}: ${[...missing, ...outside].slice(0, 5).join("、")}${bad > 5 ? " …" : ""}（可从备份恢复）`
          : `${n} 个文件均存在`,
      );
    } else add("案件照片与附件", "ok", "尚无案件附件表（案件模块未安装）");
  } finally {
    db.close();
  }

  const backups = listBackups(join(config.dataDir, "backups"));
  const newest = backups[0];
  const now = opts.now ?? Date.now();
  if (!newest) add("备份", "warn", "还没有备份。请运行 wanmi backup，或确认定时任务「每日备份」已启用");
  else {
    const h = (now - Date.parse(newest.createdAt)) / 3600_000;
    add(
      "备份",
      h > 48 ? "warn" : "ok",
      `最近一次备份 ${newest.name}（${h.toFixed(1)} 小时前，${(newest.bytes / 1024 ** 2).toFixed(1)} MB），共 ${backups.length} 份${h > 48 ? "；已超过 48 小时，请检查定时任务" : ""}`,
    );
  }
  return items;
}

const MARK = { ok: "✔ 正常", warn: "⚠ 注意", fail: "✘ 异常" };

export function formatReport(items: CheckItem[]): string {
  const lines = ["万米系统自检报告", "================", ""];
  for (const i of items) lines.push(`${MARK[i.status]}  ${i.title}`, `        ${i.detail}`);
  const fails = items.filter((i) => i.status === "fail").length;
  const warns = items.filter((i) => i.status === "warn").length;
  lines.push(
    "",
    fails
      ? `结论：发现 ${fails} 项异常${warns ? `、${warns} 项需注意` : ""}，请按上述说明处理或联系技术支持。`
      : warns
        ? `结论：无异常，${warns} 项需注意。`
        : "结论：一切正常。",
  );
  return lines.join("\n");
}
