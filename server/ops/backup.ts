// Online backups: VACUUM INTO (a consistent snapshot while the server keeps serving) plus the
// media folder, packed with a manifest into one tar, with a sha256 file beside it.
// Retention keeps 7 daily, 4 weekly and 12 monthly backups. Restore verifies the checksum,
// the manifest and PRAGMA integrity_check first and refuses while a server holds DATA_DIR.
import { Database } from "bun:sqlite";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  createReadStream,
  openSync,
  closeSync,
  unlinkSync,
} from "node:fs";
import { join, relative, basename } from "node:path";
import { ownerOnly, type Db } from "../core/db.ts";
import { migrationLevel } from "../core/migrate.ts";

export const BACKUP_RE = /^wanmi-(\d{8})-(\d{6})(?:-([a-z0-9-]+))?\.tar$/;
export const RETENTION = { daily: 7, weekly: 4, monthly: 12 };

export type Manifest = {
  format: 1;
  createdAt: string;
  version: string;
  migration: number;
  db: { file: "wanmi.db"; sha256: string; bytes: number };
  tables: Record<string, number>;
  media: { path: string; sha256: string; bytes: number }[];
};

export type BackupInfo = {
  file: string;
  name: string;
  bytes: number;
  createdAt: string;
  sha256: string | null;
  label: string | null;
};

export class BackupError extends Error {
  override name = "BackupError";
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash("sha256");
  await new Promise<void>((res, rej) => {
    createReadStream(path)
      .on("data", (d) => h.update(d))
      .on("end", () => res())
      .on("error", rej);
  });
  return h.digest("hex");
}

function walk(dir: string, base = dir, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, base, out);
    else if (e.isFile()) out.push(relative(base, p));
  }
  return out.sort();
}

function stampOf(d: Date) {
  const p = (n: number) => String(n).padStart(2, "0");
  // Named in Beijing time so the county's IT staff read the date they expect.
  const b = new Date(d.getTime() + 8 * 3600_000);
  return `${b.getUTCFullYear()}${p(b.getUTCMonth() + 1)}${p(b.getUTCDate())}-${p(b.getUTCHours())}${p(b.getUTCMinutes())}${p(b.getUTCSeconds())}`;
}

function run(cmd: string[], what: string) {
  const r = Bun.spawnSync(cmd, { stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new BackupError(`${what}失败: ${r.stderr.toString().trim() || "exit " + r.exitCode}`);
}

export function tableCounts(sqlite: Database): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { name } of sqlite
    .query<{ name: string }, []>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all())
    out[name] = sqlite.query<{ n: number }, []>(`SELECT count(*) AS n FROM "${name.replace(/"/g, '""')}"`).get()!.n;
  return out;
}

/**
 * Take a backup now. Returns the tar's path. Media files are read while the server runs;
 * media are written once and never modified (new name per upload), so a file listed in the
 * snapshot is complete.
 */
export async function createBackup(
  db: Db,
  dirs: { dataDir: string; backups: string; media: string },
  opts: { version: string; label?: string; now?: Date } = { version: "dev" },
): Promise<string> {
  mkdirSync(dirs.backups, { recursive: true, mode: 0o700 });
  const now = opts.now ?? new Date();
  // two backups within one second (a double click) get -2, -3 … instead of failing
  let name = `wanmi-${stampOf(now)}${opts.label ? "-" + opts.label : ""}`;
  for (let i = 2; existsSync(join(dirs.backups, name + ".tar")) || existsSync(join(dirs.backups, `.${name}.tmp`)); i++)
    name = `wanmi-${stampOf(now)}-${opts.label ? opts.label + "-" : ""}${i}`;
  const tar = join(dirs.backups, name + ".tar");
  const staging = join(dirs.backups, `.${name}.tmp`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { mode: 0o700 });
  try {
    const snap = join(staging, "wanmi.db");
    db.sqlite.run(`VACUUM INTO '${snap.replace(/'/g, "''")}'`);
    const check = new Database(snap, { readonly: true });
    let tables: Record<string, number>;
    let migration: number;
    try {
      const ic = check.query<{ integrity_check: string }, []>("PRAGMA integrity_check").all();
      if (ic.length !== 1 || ic[0]!.integrity_check !== "ok")
        throw new BackupError("备份快照未通过完整性检查: " + ic.map((r) => r.integrity_check).join("; "));
      tables = tableCounts(check);
      migration = check.query<{ m: number }, []>("SELECT max(id) AS m FROM _migrations").get()!.m;
    } finally {
      check.close();
    }
    const mediaFiles = walk(dirs.media);
    const media = [];
    for (const f of mediaFiles) {
      const p = join(dirs.media, f);
      media.push({ path: f, sha256: await sha256File(p), bytes: statSync(p).size });
    }
    const manifest: Manifest = {
      format: 1,
      createdAt: now.toISOString(),
      version: opts.version,
      migration: migration ?? migrationLevel(db),
      db: { file: "wanmi.db", sha256: await sha256File(snap), bytes: statSync(snap).size },
      tables,
      media,
    };
    writeFileSync(join(staging, "manifest.json"), JSON.stringify(manifest, null, 1));
    // The media list goes to tar through a file so names with odd characters stay intact.
    const list = join(staging, ".media-list");
    writeFileSync(list, mediaFiles.map((f) => "media/" + f).join("\0"));
    const part = tar + ".part";
    run(["tar", "-cf", part, "-C", staging, "manifest.json", "wanmi.db"], "打包数据库");
    if (mediaFiles.length) run(["tar", "-rf", part, "-C", dirs.dataDir, "--null", "-T", list], "打包照片与附件");
    const sum = await sha256File(part);
    ownerOnly(part);
    renameSync(part, tar);
    writeFileSync(tar + ".sha256", `${sum}  ${basename(tar)}\n`, { mode: 0o600 });
    return tar;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export function listBackups(backupsDir: string): BackupInfo[] {
  if (!existsSync(backupsDir)) return [];
  return readdirSync(backupsDir)
    .filter((f) => BACKUP_RE.test(f))
    .map((f) => {
      const m = BACKUP_RE.exec(f)!;
      const file = join(backupsDir, f);
      const sumFile = file + ".sha256";
      const sha = existsSync(sumFile) ? (readFileSync(sumFile, "utf8").split(/\s+/)[0] ?? null) : null;
      const d = m[1]!,
        t = m[2]!;
      const createdAt = new Date(
        `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}+08:00`,
      ).toISOString();
      return { file, name: f, bytes: statSync(file).size, createdAt, sha256: sha, label: m[3] ?? null };
    })
    .sort((a, b) => (a.name < b.name ? 1 : -1));
}

/**
 * Which backups to keep: the newest of each of the last `daily` days, `weekly` ISO weeks and
 * `monthly` months (Beijing dates), counted from the newest backup. Pure; returns names to delete.
 */
export function retentionPlan(names: string[], r = RETENTION): { keep: string[]; drop: string[] } {
  const items = names
    .map((n) => ({ n, m: BACKUP_RE.exec(n) }))
    .filter((x) => x.m)
    .map((x) => {
      const d = x.m![1]!;
      const date = new Date(Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8)));
      // ISO week key: Thursday of the week
      const th = new Date(date);
      th.setUTCDate(date.getUTCDate() + 3 - ((date.getUTCDay() + 6) % 7));
      return { n: x.n, day: d, week: th.toISOString().slice(0, 10), month: d.slice(0, 6) };
    })
    .sort((a, b) => (a.n < b.n ? 1 : -1)); // newest first
  const keep = new Set<string>();
  const pick = (key: "day" | "week" | "month", count: number) => {
    const seen = new Set<string>();
    for (const it of items) {
      if (seen.has(it[key])) continue;
      if (seen.size >= count) break;
      seen.add(it[key]);
      keep.add(it.n);
    }
  };
  pick("day", r.daily);
  pick("week", r.weekly);
  pick("month", r.monthly);
  return {
    keep: items.filter((i) => keep.has(i.n)).map((i) => i.n),
    drop: items.filter((i) => !keep.has(i.n)).map((i) => i.n),
  };
}

export function applyRetention(backupsDir: string, r = RETENTION): string[] {
  const { drop } = retentionPlan(
    listBackups(backupsDir).map((b) => b.name),
    r,
  );
  for (const n of drop) {
    rmSync(join(backupsDir, n), { force: true });
    rmSync(join(backupsDir, n + ".sha256"), { force: true });
  }
  return drop;
}

// ---- the lock a running server holds on DATA_DIR ----

export const PID_FILE = "wanmi.pid";

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid of a live `wanmi serve` holding dataDir, or null. */
export function runningServer(dataDir: string): number | null {
  const f = join(dataDir, PID_FILE);
  if (!existsSync(f)) return null;
  const pid = Number(readFileSync(f, "utf8").trim());
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : null;
}

/** Called by `serve`: refuses to start a second server on the same data and records our pid. */
export function acquireServeLock(dataDir: string): () => void {
  const other = runningServer(dataDir);
  if (other) throw new BackupError(`数据目录 ${dataDir} 已被运行中的万米进程（PID ${other}）使用`);
  const f = join(dataDir, PID_FILE);
  writeFileSync(f, String(process.pid));
  return () => {
    try {
      if (readFileSync(f, "utf8").trim() === String(process.pid)) unlinkSync(f);
    } catch {}
  };
}

// ---- verify and restore ----

export type VerifyResult = { manifest: Manifest; dir: string };

/** Unpack into a fresh directory beside the data and check everything. Caller removes dir. */
export async function verifyBackup(file: string, workDir: string): Promise<VerifyResult> {
  if (!existsSync(file)) throw new BackupError(`备份文件不存在: ${file}`);
  const sumFile = file + ".sha256";
  if (existsSync(sumFile)) {
    const want = readFileSync(sumFile, "utf8").split(/\s+/)[0];
    const got = await sha256File(file);
    if (want !== got) throw new BackupError(`备份文件校验和不符（文件已损坏或被改动）: 期望 ${want}，实际 ${got}`);
  }
  const dir = join(workDir, `.restore-${Date.now()}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  try {
    run(["tar", "-xf", file, "-C", dir, "--no-same-owner", "--no-same-permissions"], "解包备份");
    const mf = join(dir, "manifest.json");
    if (!existsSync(mf) || !existsSync(join(dir, "wanmi.db")))
      throw new BackupError("备份文件不完整：缺少 manifest.json 或 wanmi.db");
    const manifest = JSON.parse(readFileSync(mf, "utf8")) as Manifest;
    if (manifest.format !== 1) throw new BackupError(`不认识的备份格式 ${manifest.format}`);
    const dbSum = await sha256File(join(dir, "wanmi.db"));
    if (dbSum !== manifest.db.sha256) throw new BackupError("备份中的数据库与清单校验和不符");
    const check = new Database(join(dir, "wanmi.db"), { readonly: true });
    try {
      const ic = check.query<{ integrity_check: string }, []>("PRAGMA integrity_check").all();
      if (ic.length !== 1 || ic[0]!.integrity_check !== "ok")
        throw new BackupError(
          "备份中的数据库未通过完整性检查: " +
            ic
              .slice(0, 5)
              .map((r) => r.integrity_check)
              .join("; "),
        );
      const counts = tableCounts(check);
      for (const [t, n] of Object.entries(manifest.tables))
        if (counts[t] !== n) throw new BackupError(`表 ${t} 行数与清单不符（${counts[t]} ≠ ${n}）`);
    } finally {
      check.close();
    }
    for (const m of manifest.media) {
      const p = join(dir, "media", m.path);
      if (!existsSync(p)) throw new BackupError(`备份缺少照片/附件 ${m.path}`);
      if ((await sha256File(p)) !== m.sha256) throw new BackupError(`照片/附件 ${m.path} 校验和不符`);
    }
    return { manifest, dir };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Replace the database and media in dataDir with the backup's. Refuses while a server runs.
 * The current database and media are kept aside (backups/pre-restore-*), never deleted.
 */
export async function restoreBackup(file: string, dataDir: string): Promise<{ manifest: Manifest; keptAside: string }> {
  const pid = runningServer(dataDir);
  if (pid)
    throw new BackupError(
      `万米服务正在运行（PID ${pid}），不能覆盖其数据库。请先停止服务（systemctl stop wanmi）再恢复。`,
    );
  mkdirSync(dataDir, { recursive: true });
  const { manifest, dir } = await verifyBackup(file, dataDir);
  // Hold the lock ourselves while swapping so a server cannot start half-way.
  const lockFd = openSync(join(dataDir, PID_FILE), "w");
  writeFileSync(lockFd, String(process.pid));
  closeSync(lockFd);
  const stamp = stampOf(new Date());
  const aside = join(dataDir, "backups", `pre-restore-${stamp}`);
  try {
    mkdirSync(aside, { recursive: true });
    for (const f of ["wanmi.db", "wanmi.db-wal", "wanmi.db-shm"])
      if (existsSync(join(dataDir, f))) renameSync(join(dataDir, f), join(aside, f));
    if (existsSync(join(dataDir, "media"))) renameSync(join(dataDir, "media"), join(aside, "media"));
    renameSync(join(dir, "wanmi.db"), join(dataDir, "wanmi.db"));
    if (existsSync(join(dir, "media"))) renameSync(join(dir, "media"), join(dataDir, "media"));
    else mkdirSync(join(dataDir, "media"), { recursive: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(dataDir, PID_FILE), { force: true });
  }
  return { manifest, keptAside: aside };
}
