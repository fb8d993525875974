// Sessions and sign-in (issue #19 point 7).
import { test, expect, setSystemTime, afterEach } from "bun:test";
import { testApp, Client, makeUser, TEST_PASSWORD } from "../testing/index.ts";
import { setSetting } from "../core/settings.ts";

afterEach(() => setSystemTime());

test("/login?next= only ever redirects to a same-origin path", async () => {
  const t = testApp();
  await makeUser(t, "leader_a", ["leader"]);
  for (const [next, offsite] of [
    ["/\\evil.example", true],
    ["//evil.example", true],
    ["/\\/evil.example", true],
    ["https://evil.example/", true],
    ["/cases?queue=all", false],
  ] as const) {
    const c = new Client(t);
    const res = await c.post("/login", { username: "leader_a", password: TEST_PASSWORD, next });
    expect(res.status).toBe(303);
    const loc = res.headers.get("location")!;
    if (offsite) expect({ next, loc: loc.startsWith("/") && !/^\/[/\\]/.test(loc) }).toEqual({ next, loc: true });
    else expect(loc).toBe(next);
    expect(loc).not.toContain("evil");
  }
});

test("changing a password ends the user's other sessions and keeps this one", async () => {
  const t = testApp();
  await makeUser(t, "leader_b", ["leader"]);
  const here = new Client(t, "10.0.0.1");
  const there = new Client(t, "10.0.0.2");
  await here.login("leader_b");
  await there.login("leader_b");
  expect((await there.get("/account/password")).status).toBe(200);
  const res = await here.post("/account/password", {
    current: TEST_PASSWORD,
    password: "Another-pass-2026",
    password2: "Another-pass-2026",
  });
  expect(res.status).toBe(303);
  expect((await here.get("/account/password")).status).toBe(200);
  expect((await there.get("/account/password")).status).toBe(302);
});

test("the idle timeout runs from the last request: active every 20 s under a 1-minute timeout stays signed in", async () => {
  const t = testApp();
  await makeUser(t, "leader_c", ["leader"]);
  setSetting(t.deps.db, "security.session.idle_minutes", "1");
  const c = new Client(t);
  const t0 = Date.now();
  setSystemTime(t0);
  await c.login("leader_c");
  for (let s = 20; s <= 200; s += 20) {
    setSystemTime(t0 + s * 1000);
    expect({ s, status: (await c.get("/account/password")).status }).toEqual({ s, status: 200 });
  }
  setSystemTime(t0 + 200_000 + 61_000);
  expect((await c.get("/account/password")).status).toBe(302);
});
