#!/usr/bin/env bun
// The wanmi command: serve | migrate | user add | version (same binary, subcommands).
import { parseArgs } from "node:util";
import { boot, openAndMigrate, VERSION, workerPool } from "./boot.ts";
import { parseConfig, ConfigError } from "./core/config.ts";
import { MigrationError } from "./core/migrate.ts";
import { saveUser } from "./auth/verbs/save-user.ts";
import { ROLES, type Role } from "./core/context.ts";
import { AppError } from "./core/errors.ts";
import { DEMO_PASSWORD } from "./demo/accounts.ts";
import { seedDemoCounty, scaled } from "./demo/county.ts";
import { seedDemoCases, DEMO_CASES } from "./demo/cases.ts";
import { countUsers } from "./auth/queries.ts";
import { startHotline } from "./hotline/service.ts";

const HELP = `万米 Wanmi ${VERSION} — 数字城管一体机

用法 (usage):
  wanmi serve [--demo-if-empty]   启动服务 (start the server; PORT, HOST, DATA_DIR from the environment)
  wanmi demo [--scale F] [--seed N] [--history N] [--open N]
                                  载入演示县（默认 600 个单元网格、60,000 个部件、3,000 件历史案件、72 件在办案件；
                                  --scale 10 约 5,000 网格、60 万部件；--history 1000000 生成百万历史案件）
  wanmi migrate                   备份并升级数据库后退出 (back up and migrate, then exit)
  wanmi user add --username U --name N --roles admin[,leader…] [--password P] [--department-id ID]
                                  添加用户；不给 --password 时从标准输入读取
  wanmi backup                    立即备份数据库与照片附件到 DATA_DIR/backups（服务运行时也可执行）
  wanmi restore FILE              从备份文件恢复（须先停止服务；先校验再替换，原数据移到 backups/pre-restore-*）
  wanmi check                     系统自检：数据库完整性、迁移、照片附件、配置、磁盘、备份
  wanmi version                   显示版本
角色 (roles): ${ROLES.join(", ")}
`;

async function readStdinLine(): Promise<string> {
  for await (const chunk of Bun.stdin.stream()) return new TextDecoder().decode(chunk).split(/\r?\n/)[0] ?? "";
  return "";
}

async function main(argv: string[]) {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case "version":
    case "--version":
      console.log(VERSION);
      return 0;
    case "migrate": {
      const { applied, backup } = openAndMigrate(parseConfig(process.env));
      console.log(applied.length ? `已应用迁移: ${applied.join(", ")}` : "数据库已是最新");
      if (backup) console.log(`迁移前备份: ${backup}`);
      return 0;
    }
    case "backup": {
      const { db } = openAndMigrate(parseConfig(process.env));
      const { backupNow } = await import("./ops/routes.tsx");
      const { Scheduler } = await import("./core/scheduler.ts");
      const { Bus } = await import("./core/bus.ts");
      const config = parseConfig(process.env);
      console.log(
        await backupNow(
          {
            db,
            config,
            scheduler: new Scheduler(db),
            bus: new Bus(),
            version: VERSION,
            pool: workerPool(config, db.path),
          },
          "命令行(wanmi backup)",
          "manual",
        ),
      );
      return 0;
    }
    case "restore": {
      const file = rest[0];
      if (!file) {
        console.error("用法: wanmi restore 备份文件.tar");
        return 2;
      }
      const config = parseConfig(process.env);
      const { restoreBackup } = await import("./ops/backup.ts");
      const r = await restoreBackup(file, config.dataDir);
      console.log(
        `已恢复 ${file}\n  备份时间: ${r.manifest.createdAt}  程序版本: ${r.manifest.version}  迁移级别: ${r.manifest.migration}\n  照片附件: ${r.manifest.media.length} 个\n  原数据已移到: ${r.keptAside}`,
      );
      const { db } = openAndMigrate(config); // bring an older backup up to this binary's schema
      const { securityLog } = await import("./security/log.ts");
      securityLog(db, {
        kind: "restore",
        actor: "命令行(wanmi restore)",
        entity: "backup",
        entityId: file.split("/").pop(),
        detail: `原数据移到 ${r.keptAside}`,
      });
      db.sqlite.close();
      return 0;
    }
    case "check": {
      const { runChecks, formatReport } = await import("./ops/check.ts");
      const items = runChecks(process.env);
      console.log(formatReport(items));
      return items.some((i) => i.status === "fail") ? 1 : 0;
    }
    case "demo": {
      const { values } = parseArgs({
        args: rest,
        options: {
          scale: { type: "string" },
          seed: { type: "string" },
          history: { type: "string" },
          open: { type: "string" },
        },
      });
      const { db } = openAndMigrate(parseConfig(process.env));
      const scale = values.scale ? Number(values.scale) : 1;
      if (!(scale > 0)) {
        console.error("--scale 须为正数");
        return 2;
      }
      const r = seedDemoCounty(db, {
        ...scaled(scale),
        seed: values.seed ? Number(values.seed) : undefined,
        log: (s) => console.log(s),
      });
      if (!r) {
        console.error("数据库中已有网格或部件，未载入演示数据（请使用空的数据目录）");
        return 1;
      }
      console.log(
        `已载入演示县：${r.towns} 个街道/乡镇、${r.communities} 个社区/村、${r.grids} 个单元网格、${r.respGrids} 个责任网格、${r.departments} 个部门、${r.users} 个用户、${r.components} 个部件、${r.rules} 条派遣规则，用时 ${r.seconds.toFixed(2)} 秒；演示密码 ${DEMO_PASSWORD}`,
      );
      const cfg = parseConfig(process.env);
      const cs = seedDemoCases(db, {
        historical: values.history ? Number(values.history) : DEMO_CASES.historical,
        open: values.open ? Number(values.open) : DEMO_CASES.open,
        seed: values.seed ? Number(values.seed) : undefined,
        dataDir: cfg.dataDir,
        log: (s) => console.log(s),
      });
      console.log(`已生成演示案件：历史 ${cs.historical} 件、在办 ${cs.open} 件，用时 ${cs.seconds.toFixed(1)} 秒`);
      return 0;
    }
    case "user": {
      if (rest[0] !== "add") break;
      const { values } = parseArgs({
        args: rest.slice(1),
        options: {
          username: { type: "string" },
          name: { type: "string" },
          roles: { type: "string" },
          password: { type: "string" },
          "department-id": { type: "string" },
        },
      });
      const { db } = openAndMigrate(parseConfig(process.env));
      const roles = (values.roles ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = roles.filter((r) => !ROLES.includes(r as Role));
      if (bad.length) {
        console.error(`未知角色: ${bad.join(", ")}（可选: ${ROLES.join(", ")}）`);
        return 2;
      }
      const password = values.password ?? (await readStdinLine());
      const id = saveUser(
        db,
        { kind: "system", job: "cli" },
        {
          username: values.username ?? "",
          name: values.name ?? values.username ?? "",
          roles: roles as Role[],
          password,
          departmentId: values["department-id"] ? Number(values["department-id"]) : null,
        },
      );
      console.log(`已创建用户 ${values.username} (id ${id})`);
      return 0;
    }
    case "serve":
    case undefined: {
      const demo = rest.includes("--demo-if-empty");
      const { acquireServeLock } = await import("./ops/backup.ts");
      const { prepareDataDir } = await import("./boot.ts");
      const cfg = parseConfig(process.env);
      prepareDataDir(cfg);
      const unlock = acquireServeLock(cfg.dataDir); // `wanmi restore` refuses while this is held
      process.on("exit", unlock);
      const b = boot();
      if (b.migrated.length)
        console.log(`数据库已迁移: ${b.migrated.join(", ")}${b.backup ? `（备份: ${b.backup}）` : ""}`);
      if (demo && countUsers(b.deps.db) === 0) {
        const r = seedDemoCounty(b.deps.db);
        if (r) {
          const cs = seedDemoCases(b.deps.db, { ...DEMO_CASES, dataDir: b.deps.config.dataDir });
          console.log(
            `已载入演示县（${r.grids} 个单元网格、${r.components} 个部件、${r.users} 个用户、${cs.historical + cs.open} 件案件，用时 ${(r.seconds + cs.seconds).toFixed(1)} 秒；密码均为 ${DEMO_PASSWORD}，见 README）`,
          );
        }
      }
      if (b.deps.config.SCHEDULER) b.deps.scheduler.start();
      b.deps.pool.warm();
      startHotline(b.deps); // AMI bridge; without Asterisk the desk stays in manual mode
      const server = Bun.serve({
        port: b.deps.config.PORT,
        hostname: b.deps.config.HOST,
        fetch: b.app.fetch,
        idleTimeout: 120,
        maxRequestBodySize: 64 * 1024 * 1024,
      });
      console.log(
        `万米 ${VERSION} 已启动: http://${b.deps.config.HOST === "0.0.0.0" ? "localhost" : b.deps.config.HOST}:${server.port}  数据目录: ${b.deps.config.dataDir}`,
      );
      const stop = async () => {
        await b.deps.scheduler.stop();
        server.stop();
        b.deps.pool.close();
        b.deps.db.sqlite.close();
        process.exit(0);
      };
      process.on("SIGTERM", stop);
      process.on("SIGINT", stop);
      return null;
    }
    case "help":
    case "--help":
    case "-h":
      console.log(HELP);
      return 0;
  }
  console.error(HELP);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== null) process.exit(code);
  },
  (e) => {
    if (e instanceof ConfigError || e instanceof MigrationError || e?.name === "BackupError") console.error(e.message);
    else if (e instanceof AppError)
      console.error(`${e.message}${e.fields ? " " + JSON.stringify(e.fields) : ""} [${e.code}]`);
    else console.error(e);
    process.exit(1);
  },
);
