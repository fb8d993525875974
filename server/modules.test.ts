// The module contract: every module folder exports exactly one Module from its index.ts,
// app.tsx lists each once, and the app's jobs and settings pages come from the contract.
import { test, expect } from "bun:test";
import { readdirSync, statSync, existsSync } from "node:fs";
import { join } from "node:path";
import { MODULES } from "./app.tsx";
import { testApp } from "./testing/index.ts";
import type { Module } from "./core/module.ts";

/** Folders under server/ that are not modules: the base layer, the demo county loader (CLI only), test helpers. */
const NOT_MODULES = new Set(["core", "demo", "testing"]);
const isModule = (v: unknown): v is Module =>
  !!v && typeof v === "object" && typeof (v as Module).name === "string" && !Array.isArray(v);

test("every module folder exports exactly one Module, named like the folder, listed once in app.tsx", async () => {
  const folders = readdirSync(import.meta.dir).filter(
    (d) => statSync(join(import.meta.dir, d)).isDirectory() && !NOT_MODULES.has(d),
  );
  const found: string[] = [];
  for (const d of folders) {
    const file = ["index.ts", "index.tsx"].map((f) => join(import.meta.dir, d, f)).find(existsSync);
    expect(file ? d : `${d}: no index.ts`).toBe(d);
    const exports = Object.values(await import(file!)).filter(isModule);
    expect(exports.map((m) => m.name)).toEqual([d]);
    expect(MODULES.filter((m) => m === exports[0])).toHaveLength(1);
    found.push(d);
  }
  expect(MODULES.map((m) => m.name).sort()).toEqual(found.sort());
});

test("the scheduler holds exactly the jobs the modules declare", () => {
  const t = testApp();
  const declared = MODULES.flatMap((m) => m.jobs?.(t.deps) ?? []).map((j) => j.name);
  expect(new Set(declared).size).toBe(declared.length);
  expect(
    t.deps.scheduler
      .list()
      .map((j) => j.name)
      .sort(),
  ).toEqual(declared.sort());
  expect(declared).toContain("sessions.cleanup"); // auth's housekeeping, once in core
});

test("each declared setting's page is a page of the app, and the nav and panels reach the app", () => {
  const t = testApp();
  const gets = new Set(t.router.table.filter((r) => r.method === "GET").map((r) => r.path));
  const pages = MODULES.flatMap((m) => m.settings ?? []).flatMap((s) => (s.page ? [s.page] : []));
  expect(pages.length).toBeGreaterThan(0);
  expect(pages.filter((p) => !gets.has(p))).toEqual([]);
  expect(t.workbench.panels.length).toBe(MODULES.reduce((n, m) => n + (m.panels?.length ?? 0), 0));
  expect(t.nav.for(["admin"]).some((e) => e.href === "/admin/users")).toBe(true);
});
