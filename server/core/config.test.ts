import { test, expect } from "bun:test";
import { parseConfig, ConfigError } from "./config.ts";

test("defaults give a working configuration", () => {
  const c = parseConfig({});
  expect(c.PORT).toBe(3000);
  expect(c.dataDir).toEndWith("/data");
  expect(Object.isFrozen(c)).toBe(true);
});

test("every problem is listed at once, readably, in Chinese", () => {
  try {
    parseConfig({ PORT: "http", COOKIE_SECURE: "maybe", LOG_LEVEL: "loud" });
    throw new Error("should have thrown");
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    const ce = e as ConfigError;
    expect(ce.problems.length).toBe(3);
    expect(ce.message).toContain('PORT="http": 端口必须是 1–65535 的整数');
    expect(ce.message).toContain('COOKIE_SECURE="maybe"');
    expect(ce.message).toContain("LOG_LEVEL");
  }
});

test("port out of range and half an AMI configuration are refused", () => {
  expect(() => parseConfig({ PORT: "70000" })).toThrow(/PORT="70000"/);
  expect(() => parseConfig({ AMI_HOST: "10.0.0.5" })).toThrow(/AMI_HOST\/AMI_USER\/AMI_SECRET 须同时设置/);
  expect(parseConfig({ AMI_HOST: "10.0.0.5", AMI_USER: "u", AMI_SECRET: "s", AMI_PORT: "5038" }).AMI_PORT).toBe(5038);
});
