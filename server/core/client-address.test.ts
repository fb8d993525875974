// TRUSTED_PROXIES: X-Forwarded-* believed only from a trusted peer — for sign-in throttling,
// absolute URLs and /metrics alike. In-process requests come from 127.0.0.1 (see client-address.ts).
import { test, expect, describe } from "bun:test";
import { testApp, Client, makeUser, TEST_PASSWORD } from "../testing/index.ts";
import { THROTTLE } from "../auth/throttle.ts";
import { inCidrs, parseCidr, type Cidr } from "./client-address.ts";
import { parseConfig, ConfigError } from "./config.ts";

describe("CIDR matching", () => {
  const list = ["10.0.0.0/8", "192.168.1.5", "::1", "fd00::/8"].map((s) => parseCidr(s)!) as Cidr[];
  test("addresses and ranges, v4, v6 and v4-mapped", () => {
    expect(inCidrs("10.200.3.4", list)).toBe(true);
    expect(inCidrs("11.0.0.1", list)).toBe(false);
    expect(inCidrs("192.168.1.5", list)).toBe(true);
    expect(inCidrs("192.168.1.6", list)).toBe(false);
    expect(inCidrs("::ffff:10.1.1.1", list)).toBe(true);
    expect(inCidrs("::1", list)).toBe(true);
    expect(inCidrs("fd12:3456::1", list)).toBe(true);
    expect(inCidrs("fe80::1", list)).toBe(false);
    expect(inCidrs("not an ip", list)).toBe(false);
  });
  test("bad entries are refused at boot with a Chinese hint", () => {
    for (const bad of ["10.0.0.0/33", "nginx", "10.0.0.1/x"])
      expect(() => parseConfig({ TRUSTED_PROXIES: bad })).toThrow(ConfigError);
    expect(parseConfig({}).TRUSTED_PROXIES).toBe("127.0.0.1,::1");
  });
});

describe("behind a reverse proxy", () => {
  test("20 failed sign-ins from different forwarded addresses behind a trusted proxy lock nobody else out", async () => {
    const t = testApp();
    await makeUser(t, "leader1", ["leader"]);
    for (let i = 0; i < THROTTLE.perIp; i++)
      await new Client(t, `203.0.113.${i + 1}`).post("/login", { username: `guess${i}`, password: "x" });
    expect(
      (await new Client(t, "198.51.100.7").post("/login", { username: "leader1", password: TEST_PASSWORD })).status,
    ).toBe(303);
  });

  test("from an untrusted peer the forwarded address is ignored (all share the peer's address)", async () => {
    const t = testApp({ TRUSTED_PROXIES: "10.9.9.9" });
    await makeUser(t, "leader1", ["leader"]);
    for (let i = 0; i < THROTTLE.perIp; i++)
      await new Client(t, `203.0.113.${i + 1}`).post("/login", { username: `guess${i}`, password: "x" });
    expect(
      (await new Client(t, "198.51.100.7").post("/login", { username: "leader1", password: TEST_PASSWORD })).status,
    ).toBe(429);
  });

  const fwd = {
    "x-forwarded-proto": "https",
    "x-forwarded-host": "wanmi.example.gov.cn",
    "x-forwarded-for": "203.0.113.9",
  };
  test("Open311 discovery and media URLs use the forwarded scheme and host only from a trusted proxy", async () => {
    const trusted = testApp();
    const d = (await (await trusted.app.request("/open311/v2/discovery.json", { headers: fwd })).json()) as any;
    expect(d.endpoints[0].url).toBe("https://wanmi.example.gov.cn/open311/v2");
    const untrusted = testApp({ TRUSTED_PROXIES: "none" });
    const u = (await (await untrusted.app.request("/open311/v2/discovery.json", { headers: fwd })).json()) as any;
    expect(u.endpoints[0].url).toBe("http://localhost/open311/v2");
    const bad = { ...fwd, "x-forwarded-host": "evil.example/<x>" };
    const b = (await (await trusted.app.request("/open311/v2/discovery.json", { headers: bad })).json()) as any;
    expect(b.endpoints[0].url).toBe("https://localhost/open311/v2");
  });

  test("/metrics: a remote client behind the trusted proxy needs the token; a spoofed header from elsewhere does not help", async () => {
    const t = testApp();
    expect((await t.app.request("/metrics")).status).toBe(200);
    expect((await t.app.request("/metrics", { headers: fwd })).status).toBe(403);
    const spoof = testApp({ TRUSTED_PROXIES: "10.9.9.9" });
    // the peer (127.0.0.1) is not a trusted proxy: its claim to forward for 127.0.0.1 is ignored, the peer is local anyway
    expect((await spoof.app.request("/metrics", { headers: { "x-forwarded-for": "203.0.113.9" } })).status).toBe(200);
  });
});
