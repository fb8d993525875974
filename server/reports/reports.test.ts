import { test, expect } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { testApp } from "../testing/index.ts";
import { buildScenario } from "../evaluation/fixtures.ts";
import { runNightly, NIGHTLY_JOB } from "./jobs/nightly.ts";
import { lastCompletePeriod } from "./data.ts";
import { renderReportHtml } from "./generate.tsx";
import { periodOf } from "../evaluation/period.ts";

test("last complete periods: the night after 30 Nov 2026 closes the day and the month, not the week", () => {
  const now = new Date("2026-11-30T17:10:00Z"); // 1 Dec 01:10 Shanghai
  expect(lastCompletePeriod("daily", now)?.key).toBe("2026-11-30");
  expect(lastCompletePeriod("monthly", now)?.key).toBe("2026-11");
  expect(lastCompletePeriod("weekly", now)).toBeNull();
  expect(lastCompletePeriod("weekly", new Date("2026-11-29T17:10:00Z"))?.key).toBe("2026-W48");
});

test("the monthly report reads like a 通报: totals, rates, department ranking, worst overdue cases", () => {
  const t = testApp();
  buildScenario(t.deps.db);
  const html = renderReportHtml(
    t.deps.db,
    "monthly",
    periodOf("month", "2026-11-01"),
    new Date("2026-12-01T00:00:00Z"),
  );
  expect(html).toContain("示范县数字化城市管理");
  expect(html).toContain("数字化城市管理工作月报");
  expect(html).toContain("共受理问题 9 件");
  expect(html).toContain("立案 8 件");
  expect(html).toContain("结案 6 件");
  expect(html).toContain("市政工程处");
  expect(html).toContain("20261110-0001"); // the open overdue case is listed
  expect(html).toContain("@bottom-center"); // page numbers from print.css, inlined
  expect(html).not.toContain("/assets/print.css");
});

test("the nightly job writes HTML and PDF under DATA_DIR/reports and records them in the archive", async () => {
  const t = testApp();
  buildScenario(t.deps.db);
  const msg = await runNightly(t.deps, new Date("2026-11-30T17:10:00Z"));
  expect(msg).toContain("2026年11月月报");
  const rows = t.deps.db.sqlite
    .query("SELECT kind, period_key, html_path, pdf_path FROM reports ORDER BY kind")
    .all() as any[];
  expect(rows.map((r) => `${r.kind}:${r.period_key}`)).toEqual(["daily:2026-11-30", "monthly:2026-11"]);
  for (const r of rows) {
    expect(existsSync(join(t.dir, r.html_path))).toBe(true);
    if (existsSync("/usr/bin/chromium")) {
      expect(r.pdf_path).toBe(r.html_path.replace(/\.html$/, ".pdf"));
      expect(readFileSync(join(t.dir, r.pdf_path)).subarray(0, 5).toString()).toBe("%PDF-");
    }
  }
  expect(t.deps.scheduler.list().map((j) => j.name)).toContain(NIGHTLY_JOB);
}, 120_000);

test("without Chromium the HTML is kept and the PDF marked unavailable", async () => {
  const t = testApp();
  buildScenario(t.deps.db);
  await runNightly(t.deps, new Date("2026-11-30T17:10:00Z"), { chromium: "/nonexistent/chromium" });
  const r = t.deps.db.sqlite.query("SELECT pdf_path, pdf_note FROM reports WHERE kind = 'monthly'").get() as any;
  expect(r.pdf_path).toBeNull();
  expect(r.pdf_note).toBe("未安装 Chromium，无法生成 PDF");
});

test("report totals use the evaluation's denominators: a case not yet due is in no 应结案, an old case closed in the month counts", async () => {
  const { reportData } = await import("./data.ts");
  const { addDispatched } = await import("../evaluation/fixtures.ts");
  const t = testApp();
  const db = t.deps.db;
  const s = buildScenario(db);
  const DEC = periodOf("month", "2026-12-01");
  const today = new Date("2026-12-03T04:00:00Z");
  const mk = (no: string, at: string, due: string, done?: string) => addDispatched(db, s, no, at, due, done);
  mk("20261201-0001", "2026-12-01T02:00:00Z", "2026-12-10T02:00:00Z"); // due next week
  mk("20261120-0001", "2026-11-20T02:00:00Z", "2026-11-21T02:00:00Z", "2026-12-02T02:00:00Z"); // old, closed late
  const d = reportData(db, "monthly", DEC, today);
  expect(d.totals).toMatchObject({ reports: 1, filed: 1, shouldClose: 1, closed: 1, onTimeClosed: 0, overdue: 1 });
});
