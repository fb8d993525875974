// One door to the timeline: no file outside the cases module's doors writes `cases` or
// `case_events`, and the doors (appendNote, createCase, transition's patch) behave as documented.
import { test, expect, describe } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { testDb } from "../testing/index.ts";
import { Bus, type BusEvent } from "../core/bus.ts";
import { tx } from "../core/db.ts";
import { systemActor } from "../core/context.ts";
import { unreadCount } from "../notify/index.ts";
import { world } from "./fixtures.ts";
import { attachBus } from "./events.ts";
import { appendNote, createCase, transition, loadCase } from "./index.ts";
import { fileReport } from "../field/cases-adapter.ts";
import { createReportFromOrder } from "../hotline/cases-link.ts";

const ROOT = join(import.meta.dir, "..", "..");
/** The only files that may write the two tables (server/cases/README.md, "The doors"). */
const DOORS = new Set(["server/cases/transition.ts", "server/cases/timeline.ts"]);
const SCANNED = ["server", "views", "telephony"];

// SQL that writes a table (INSERT [OR …] INTO, REPLACE INTO, UPDATE [OR …], DELETE FROM), and the
// drizzle query builder's db.insert(cases) / .update(caseEvents) / .delete(…).
const SQL_WRITE =
  /\b(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+["`[]?(cases|case_events)\b/g;
const DRIZZLE_WRITE = /\.(?:insert|update|delete)\(\s*(cases|caseEvents)\s*\)/g;

/** Every write of `cases` / `case_events` in a source text, with its 1-based line. */
export function caseWrites(text: string): { line: number; table: string; text: string }[] {
  const lines = text.split("\n");
  const found: { line: number; table: string; text: string }[] = [];
  for (const re of [SQL_WRITE, DRIZZLE_WRITE])
    for (const m of text.matchAll(re)) {
      const line = text.slice(0, m.index).split("\n").length;
      found.push({ line, table: m[1]!, text: lines[line - 1]!.trim() });
    }
  return found.sort((a, b) => a.line - b.line);
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : sources(p);
    return /\.(ts|tsx|js|mjs)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe("the door", () => {
  test("the scanner sees SQL and drizzle writes of cases / case_events, and not reads or other tables", () => {
    const sample = [
      "db.query('SELECT * FROM cases WHERE id = ?')", // 1 read
      "db.query(`UPDATE", // 2 write, split over lines
      "  cases SET urge_count = urge_count + 1`)",
      'db.query("INSERT INTO case_events (case_id) VALUES (?)")', // 4 write
      'db.query("INSERT INTO case_media (case_id) VALUES (?)")', // 5 another table
      'db.query("DELETE FROM cases WHERE id = 1")', // 6 write
      "db.insert(caseEvents).values(x)", // 7 drizzle write
      "db.select().from(cases)", // 8 read
      'db.query("INSERT OR IGNORE INTO cases_fts VALUES (1)")', // 9 another table
    ].join("\n");
    expect(caseWrites(sample).map((w) => [w.line, w.table])).toEqual([
      [2, "cases"],
      [4, "case_events"],
      [6, "cases"],
      [7, "caseEvents"],
    ]);
  });

  test("no source file outside the doors writes cases or case_events (migrations and tests exempt)", () => {
    const files = SCANNED.flatMap((d) => sources(join(ROOT, d)));
    expect(files.length).toBeGreaterThan(100);
    const offending = files
      .map((f) => relative(ROOT, f))
      .filter((f) => !DOORS.has(f))
      .flatMap((f) => caseWrites(readFileSync(join(ROOT, f), "utf8")).map((w) => `${f}:${w.line}: ${w.text}`));
    if (offending.length)
      console.error(
        `Write cases/case_events only through transition(), appendNote(), createCase() or importHistory():\n${offending.join("\n")}`,
      );
    expect(offending).toEqual([]);
    // the doors themselves are still where the writes are
    for (const f of DOORS) expect(caseWrites(readFileSync(join(ROOT, f), "utf8")).length).toBeGreaterThan(0);
  });
});

function setup() {
  const db = testDb();
  const w = world(db);
  const bus = new Bus();
  attachBus(db, bus);
  const seen: BusEvent[] = [];
  bus.subscribe((e) => seen.push(e));
  return { db, w, seen };
}
const count = (db: ReturnType<typeof testDb>, sql: string, ...args: (string | number)[]) =>
  (db.sqlite.query(`SELECT count(*) AS n FROM ${sql}`).get(...args) as { n: number }).n;

describe("appendNote", () => {
  test("writes one row in the current state and publishes after commit, notifying only whom it is told", () => {
    const { db, w, seen } = setup();
    const c = createCase(db, w.intake_qian, { source: "hotline", description: "路灯不亮", address: "西门路 3 号" });
    const before = count(db, "case_events WHERE case_id = ?", c.id);
    const notesBefore = unreadCount(db, w.dispatcher_zhou.userId);
    seen.length = 0;
    const r = tx(db, () => {
      const r = appendNote(db, w.hotline_sun, {
        caseId: c.id,
        kind: "phone_call",
        note: "回访 13800138000：已接通",
        data: { originateId: 7 },
        at: "2026-11-20T02:00:00.000Z",
        notify: [w.dispatcher_zhou.userId],
      });
      expect(seen).toEqual([]); // not before commit
      return r;
    });
    expect(count(db, "case_events WHERE case_id = ?", c.id)).toBe(before + 1);
    const row = db.sqlite.query("SELECT * FROM case_events WHERE id = ?").get(r.eventId) as Record<string, unknown>;
    expect(row).toMatchObject({
      case_id: c.id,
      at: "2026-11-20T02:00:00.000Z",
      action: "phone_call",
      from_state: "reported",
      to_state: "reported",
      actor: "hotline_sun",
      user_id: w.hotline_sun.userId,
      note: "回访 13800138000：已接通",
      data: JSON.stringify({ originateId: 7 }),
    });
    expect(loadCase(db, c.id).state).toBe("reported");
    expect(seen.filter((e) => e.topic === "case").map((e) => e.data)).toEqual([
      { caseId: c.id, no: c.no, action: "phone_call", from: "reported", to: "reported", departmentId: null },
    ]);
    expect(unreadCount(db, w.dispatcher_zhou.userId)).toBe(notesBefore + 1);
  });

  test("refuses an unknown case and an unknown kind", () => {
    const { db, w } = setup();
    expect(() => appendNote(db, w.hotline_sun, { caseId: 999, kind: "hotline_call" })).toThrow(/案件/);
    const c = createCase(db, w.intake_qian, { source: "hotline", description: "路灯不亮", address: "西门路 3 号" });
    // @ts-expect-error: note kinds are the keys of NOTE_NAMES
    expect(() => appendNote(db, w.hotline_sun, { caseId: c.id, kind: "gossip" })).toThrow(/gossip/);
    expect(count(db, "case_events WHERE case_id = ?", c.id)).toBe(1);
  });
});

describe("createCase", () => {
  test("from the field app and from a 12345 order: the case, its first event, the intake operators told", () => {
    const { db, w, seen } = setup();
    const field = fileReport(db, w.inspector_wang, {
      description: "东门路井盖缺失",
      address: "东门路 12 号",
      lng: 115.905,
      lat: 28.605,
      categoryId: w.cat_manhole,
      photos: [{ path: "cases/x.png", mime: "image/png", size: 68 }],
    });
    const orderId = createReportFromOrder(db, systemActor("exchange.receive"), {
      orderNo: "GD20261120001",
      callerPhone: "13800138000",
      callerName: "张先生",
      content: "小区门口垃圾满溢",
      address: "南街 8 号",
    });
    expect(orderId).not.toBeNull();
    const order = loadCase(db, orderId!);
    expect([field.source, field.state, field.grid_id]).toEqual(["inspector", "reported", w.grid_030101]);
    expect([order.source, order.state, order.reporter_phone]).toEqual(["api", "reported", "13800138000"]);
    expect(order.description).toBe("【12345 工单 GD20261120001】小区门口垃圾满溢");
    for (const c of [field, order]) {
      const evs = db.sqlite
        .query("SELECT action, from_state, to_state, note FROM case_events WHERE case_id = ? ORDER BY id")
        .all(c.id);
      expect(evs).toEqual([
        {
          action: "report",
          from_state: null,
          to_state: "reported",
          note: c.source === "api" ? "接口/数据交换" : "监督员上报",
        },
      ]);
      expect(
        count(db, "notifications WHERE case_id = ? AND user_id = ? AND kind = 'report'", c.id, w.intake_qian.userId),
      ).toBe(1);
    }
    expect(count(db, "case_media WHERE case_id = ? AND kind = 'before'", field.id)).toBe(1);
    expect(
      seen.filter((e) => e.topic === "case").map((e) => (e.data as { caseId: number; action: string }).caseId),
    ).toEqual([field.id, order.id]);
  });
});

describe("transition patch", () => {
  test("a column outside the allow-list is a type error and throws, changing nothing", () => {
    const { db, w } = setup();
    const c = createCase(db, w.intake_qian, { source: "hotline", description: "路灯不亮", address: "西门路 3 号" });
    const events = count(db, "case_events WHERE case_id = ?", c.id);
    expect(() =>
      transition(db, w.intake_qian, {
        caseId: c.id,
        action: "file",
        // @ts-expect-error: counters are effects of actions, not patchable
        patch: { rework_count: 5 },
      }),
    ).toThrow(/rework_count/);
    expect(() =>
      transition(db, w.intake_qian, { caseId: c.id, action: "file", patch: { state: "closed" } as never }),
    ).toThrow(/state/);
    const row = loadCase(db, c.id);
    expect([row.state, row.rework_count]).toEqual(["reported", 0]);
    expect(count(db, "case_events WHERE case_id = ?", c.id)).toBe(events);
    // an allowed column goes through
    transition(db, w.intake_qian, { caseId: c.id, action: "file", patch: { urgency: "urgent" } });
    expect([loadCase(db, c.id).state, loadCase(db, c.id).urgency]).toEqual(["filed", "urgent"]);
  });
});
