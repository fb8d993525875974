import { test, expect } from "bun:test";
import { testApp, Client, makeUser } from "../testing/index.ts";
import { isCommonPassword } from "./common-passwords.ts";
import { seedDemoAccounts, DEMO_PASSWORD } from "../demo/accounts.ts";

test("the default policy refuses Password1-style passwords and accepts long mixed ones", () => {
  for (const pw of [
    "Password1",
    "Password12",
    "P@ssw0rd2026!",
    "Admin@123456",
    "Qwerty!2026",
    "1qaz2WSX!@",
    "Abcd1234!!",
  ])
    expect([pw, isCommonPassword(pw)]).toEqual([pw, true]);
  for (const pw of ["Zhang-San-88", "Liu.Hai#2026", "Xq7-vLm2pa", "test-pass-123"])
    expect([pw, isCommonPassword(pw)]).toEqual([pw, false]);
});

test("an administrator cannot give a new user a weak password, by length, classes or commonness", async () => {
  const t = testApp();
  await makeUser(t, "adm", ["admin"]);
  const c = new Client(t);
  await c.login("adm");
  const user = (password: string) =>
    c.post("/admin/users", { username: "wu", name: "吴", password, roles: ["leader"] });
  // 9 characters, three classes: too short under the default (10).
  let res = await user("Abcdefg1!");
  expect(res.status).toBe(422);
  expect(await res.text()).toContain("密码至少 10 位");
  // 12 characters, two classes.
  res = await user("abcdefghijk1");
  expect(res.status).toBe(422);
  expect(await res.text()).toContain("至少 3 类");
  // Long enough and three classes, but a disguised common word.
  res = await user("Password2026!");
  expect(res.status).toBe(422);
  expect(await res.text()).toContain("密码过于常见");
  expect(t.deps.db.sqlite.query("SELECT count(*) AS n FROM users WHERE username = 'wu'").get()).toEqual({ n: 0 });
  expect((await user("Liu.Hai#2026")).status).toBe(303);
});

test("changing one's own password follows the same policy", async () => {
  const t = testApp();
  await makeUser(t, "li", ["leader"]);
  const c = new Client(t);
  await c.login("li");
  const res = await c.post("/account/password", {
    current: "test-pass-123",
    password: "Admin@123456",
    password2: "Admin@123456",
  });
  expect(res.status).toBe(422);
  expect(await res.text()).toContain("密码过于常见");
});

test("only the demo county's documented accounts are exempt", async () => {
  const t = testApp();
  expect(seedDemoAccounts(t.deps.db)).toBe(true);
  const c = new Client(t);
  expect((await c.login("admin", DEMO_PASSWORD)).status).toBe(303);
  const res = await c.post("/admin/users", { username: "wu", name: "吴", password: DEMO_PASSWORD, roles: ["leader"] });
  expect(res.status).toBe(422);
});
