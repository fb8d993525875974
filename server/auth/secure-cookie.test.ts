import { test, expect } from "bun:test";
import { testApp, Client, makeUser, TEST_PASSWORD, type TestApp } from "../testing/index.ts";

/** Sign in and return the session cookie's Set-Cookie line. */
async function sessionCookie(t: TestApp, url: string, headers: Record<string, string> = {}) {
  const cl = new Client(t);
  await cl.get(url, headers);
  const r = await cl.post(url, { username: "wang", password: TEST_PASSWORD }, { headers });
  expect(r.status).toBe(303);
  const line = r.headers.getSetCookie().find((s) => s.startsWith("wanmi_sid="));
  expect(line).toBeDefined();
  return line!;
}
const secure = (line: string) => /;\s*Secure/i.test(line);

test("session cookie is Secure over HTTPS: directly, or via X-Forwarded-Proto from a trusted proxy", async () => {
  const t = testApp(); // in-process peer 127.0.0.1 is a trusted proxy by default
  await makeUser(t, "wang", ["dispatcher"]);
  expect(secure(await sessionCookie(t, "http://wanmi.test/login"))).toBe(false);
  expect(secure(await sessionCookie(t, "https://wanmi.test/login"))).toBe(true);
  expect(secure(await sessionCookie(t, "http://wanmi.test/login", { "x-forwarded-proto": "https" }))).toBe(true);
  // the CSRF cookie set on the first visit follows the same rule
  const first = await new Client(t).get("http://wanmi.test/login", { "x-forwarded-proto": "https" });
  expect(secure(first.headers.getSetCookie().find((s) => s.startsWith("wanmi_csrf="))!)).toBe(true);
});

test("an untrusted peer's X-Forwarded-Proto is ignored", async () => {
  const t = testApp({ TRUSTED_PROXIES: "10.0.0.0/8" }); // the in-process peer 127.0.0.1 is not one
  await makeUser(t, "wang", ["dispatcher"]);
  expect(secure(await sessionCookie(t, "http://wanmi.test/login", { "x-forwarded-proto": "https" }))).toBe(false);
  expect(secure(await sessionCookie(t, "https://wanmi.test/login"))).toBe(true);
});
