// The layering rules of the house, read from the import lines of every non-test source file:
// a module is used only through its index.ts, no two modules import each other, core imports
// nothing above it, telephony imports nothing from server/, views/ takes only types from server/.
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "..");

/** Test files and test-support code (fixtures, test helpers) may reach anywhere. */
const exempt = (rel: string) =>
  /\.test\.tsx?$/.test(rel) || /(^|\/)fixtures\.ts$/.test(rel) || rel.startsWith("server/testing/");

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(join(ROOT, rel)).isDirectory()) out.push(...sources(rel));
    else if (/\.tsx?$/.test(name) && !exempt(rel)) out.push(rel);
  }
  return out;
}

export type Import = { file: string; line: number; text: string; target: string; typeOnly: boolean };

/** Static imports, re-exports and dynamic import() calls with a relative specifier, resolved to repository paths. */
export function importsOf(file: string): Import[] {
  const src = readFileSync(join(ROOT, file), "utf8");
  const out: Import[] = [];
  const push = (index: number, text: string, spec: string, typeOnly: boolean) => {
    if (!spec.startsWith(".")) return; // packages and node: builtins
    const target = relative(ROOT, resolve(join(ROOT, dirname(file)), spec));
    const line = src.slice(0, index).split("\n").length;
    out.push({ file, line, text: text.replace(/\s+/g, " ").trim(), target, typeOnly });
  };
  const stmt = /^[ \t]*(import|export)\s+(type\s+)?([^;"'`]*?)\s*from\s*["']([^"']+)["']/gm;
  for (const m of src.matchAll(stmt)) {
    const clause = m[3] ?? "";
    const named = /^\{([\s\S]*)\}$/.exec(clause.trim());
    const allTypes =
      !!named &&
      named[1]!
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
        .every((s) => s.startsWith("type "));
    push(m.index, m[0], m[4]!, !!m[2] || allTypes);
  }
  for (const m of src.matchAll(/^[ \t]*import\s+["']([^"']+)["']/gm)) push(m.index, m[0], m[1]!, false);
  for (const m of src.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) push(m.index, m[0], m[1]!, false);
  return out;
}

/** The module a server/ path belongs to ("core", "cases", …), or null for top-level files (app.tsx, main.ts). */
const moduleOf = (path: string) => /^server\/([^/]+)\//.exec(path)?.[1] ?? null;
const show = (list: Import[]) => list.map((i) => `${i.file}:${i.line}: ${i.text}`).join("\n");

const server = sources("server").flatMap(importsOf);

describe("architecture", () => {
  // A module's public surface: its index.ts, and its drizzle schema (tables.ts) that other
  // modules' queries join against; the no-cycle rule below still holds for both.
  test("a module is used by other modules only through its index.ts (or its tables.ts schema)", () => {
    const bad = server.filter((i) => {
      const a = moduleOf(i.file);
      const b = moduleOf(i.target);
      if (!a || !b || a === b || b === "core") return false;
      return !/^server\/[^/]+\/(index\.tsx?|tables\.ts)$/.test(i.target);
    });
    if (bad.length) console.error(`imports past a module's index.ts:\n${show(bad)}`);
    expect(bad.map((i) => `${i.file}:${i.line}`)).toEqual([]);
  });

  test("no two modules import each other (runtime or type)", () => {
    const edges = new Map<string, Import[]>();
    for (const i of server) {
      const a = moduleOf(i.file);
      const b = moduleOf(i.target);
      if (!a || !b || a === b) continue;
      const k = `${a}>${b}`;
      edges.set(k, [...(edges.get(k) ?? []), i]);
    }
    const pairs: string[] = [];
    for (const [k, list] of edges) {
      const [a, b] = k.split(">") as [string, string];
      const back = edges.get(`${b}>${a}`);
      if (!back || a > b) continue;
      pairs.push(`${a} ⇄ ${b}`);
      console.error(`${a} ⇄ ${b}:\n${show(list)}\n${show(back)}`);
    }
    expect(pairs).toEqual([]);
  });

  test("server/core imports nothing outside server/core", () => {
    const bad = server.filter((i) => moduleOf(i.file) === "core" && moduleOf(i.target) !== "core");
    if (bad.length) console.error(`core reaching up:\n${show(bad)}`);
    expect(bad.map((i) => `${i.file}:${i.line}`)).toEqual([]);
  });

  test("telephony/ imports nothing from server/", () => {
    const bad = sources("telephony")
      .flatMap(importsOf)
      .filter((i) => i.target.startsWith("server/"));
    if (bad.length) console.error(`telephony importing server/:\n${show(bad)}`);
    expect(bad.map((i) => `${i.file}:${i.line}`)).toEqual([]);
  });

  test("views/ takes only types from server/", () => {
    const bad = sources("views")
      .flatMap(importsOf)
      .filter((i) => i.target.startsWith("server/") && !i.typeOnly);
    if (bad.length) console.error(`views importing runtime values from server/:\n${show(bad)}`);
    expect(bad.map((i) => `${i.file}:${i.line}`)).toEqual([]);
  });

  test("the import reader sees type-only, runtime, multi-line and dynamic imports", () => {
    const mine = importsOf("server/architecture.test.ts");
    expect(mine).toEqual([]); // only package imports here
    const app = importsOf("server/app.tsx");
    expect(app.some((i) => i.target.startsWith("server/core/") && !i.typeOnly)).toBe(true);
  });
});
