// `wanmi user add`: creates the first administrator from the command line (password from stdin).
import { test, expect } from "bun:test";
import { join } from "node:path";
import { tempDir } from "../testing/index.ts";
import { openDb } from "../core/db.ts";

const MAIN = join(import.meta.dir, "../main.ts");
const run = (dir: string, args: string[], stdin = "") =>
  Bun.spawnSync([process.execPath, MAIN, ...args], {
    env: { PATH: process.env.PATH!, DATA_DIR: dir },
    stdin: new TextEncoder().encode(stdin),
    stdout: "pipe",
    stderr: "pipe",
  });

test("user add creates an administrator with the password from stdin; bad input is refused with a Chinese message", async () => {
  const dir = tempDir();
  const ok = run(
    dir,
    ["user", "add", "--username", "root", "--name", "县城管局管理员", "--roles", "admin,leader"],
    "a-long-secret-1\n",
  );
  expect(ok.stdout.toString()).toContain("已创建用户 root");
  expect(ok.exitCode).toBe(0);
  const db = openDb(join(dir, "wanmi.db"));
  const u = db.sqlite.query("SELECT id, name, password_hash FROM users WHERE username = 'root'").get() as any;
  expect(u.name).toBe("县城管局管理员");
  expect(await Bun.password.verify("a-long-secret-1", u.password_hash)).toBe(true);
  expect(
    (
      db.sqlite
        .query("SELECT group_concat(role, ',') AS r FROM (SELECT role FROM user_roles WHERE user_id = ? ORDER BY role)")
        .get(u.id) as any
    ).r,
  ).toBe("admin,leader");

  const badRole = run(dir, ["user", "add", "--username", "x", "--roles", "boss"], "a-long-secret-1\n");
  expect(badRole.exitCode).toBe(2);
  expect(badRole.stderr.toString()).toContain("未知角色: boss");
  const short = run(dir, ["user", "add", "--username", "yy", "--roles", "admin"], "short\n");
  expect(short.exitCode).toBe(1);
  expect(short.stderr.toString()).toContain("密码");
  const dup = run(dir, ["user", "add", "--username", "ROOT", "--roles", "admin"], "a-long-secret-1\n");
  expect(dup.exitCode).toBe(1);
  expect(dup.stderr.toString()).toContain("已被使用");
  expect((db.sqlite.query("SELECT count(*) AS n FROM users").get() as any).n).toBe(1);
}, 60_000);
