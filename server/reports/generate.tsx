// Render a report to HTML, print it to PDF with headless Chromium, store both under
// DATA_DIR/reports and record it in the archive. Without Chromium the HTML is kept and the
// PDF marked unavailable.
import { mkdirSync, writeFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "../core/db.ts";
import { nowIso } from "../core/db.ts";
import { ASSETS } from "../core/assets.ts";
import { reportData, REPORT_NAMES, type ReportKind, type ReportData } from "./data.ts";
import type { Period } from "../evaluation/index.ts";
import { Report, reportTitle as titleFor } from "../../views/reports/report.tsx";
import { indicatorTable } from "../evaluation/index.ts";

import type { reports } from "./tables.ts";

export const CHROMIUM = "/usr/bin/chromium";

export type ReportRow = typeof reports.$inferSelect;

export function renderReportHtml(db: Db, kind: ReportKind, period: Period, now = new Date()): string {
  const d = reportData(db, kind, period, now);
  const css = readFileSync(ASSETS.get("print.css")!, "utf8");
  return (
    "<!DOCTYPE html>" +
    String(<Report d={d} title={reportTitle(d)} regionTable={indicatorTable(d.regions)} inlineCss={css} />).replace(
      /<link rel="stylesheet" href="\/assets\/print.css"\/?>/,
      "",
    )
  );
}

/** Print an HTML file to PDF with headless Chromium. Returns an error note or null. */
export async function printPdf(htmlFile: string, pdfFile: string, chromium = CHROMIUM): Promise<string | null> {
  if (!existsSync(chromium)) return "未安装 Chromium，无法生成 PDF";
  const proc = Bun.spawn(
    [
      chromium,
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--no-pdf-header-footer",
      `--print-to-pdf=${pdfFile}`,
      `file://${htmlFile}`,
    ],
    { stdout: "ignore", stderr: "pipe", env: { ...process.env, HOME: process.env.HOME ?? "/tmp" } },
  );
  const timer = setTimeout(() => proc.kill(), 60_000);
  const code = await proc.exited;
  clearTimeout(timer);
  if (code !== 0 || !existsSync(pdfFile))
    return `PDF 生成失败（退出码 ${code}）：${(await new Response(proc.stderr).text()).slice(-300)}`;
  return null;
}

export async function generateReport(
  db: Db,
  dataDir: string,
  kind: ReportKind,
  period: Period,
  by: string,
  opts: { pdf?: boolean; chromium?: string; now?: Date } = {},
): Promise<ReportRow> {
  const dir = join(dataDir, "reports", kind);
  mkdirSync(dir, { recursive: true });
  const html = renderReportHtml(db, kind, period, opts.now);
  const rel = join("reports", kind, `${period.key}.html`);
  writeFileSync(join(dataDir, rel), html);
  let pdfRel: string | null = join("reports", kind, `${period.key}.pdf`);
  let note: string | null = null;
  if (opts.pdf === false) {
    pdfRel = null;
    note = "未生成 PDF";
  } else {
    note = await printPdf(join(dataDir, rel), join(dataDir, pdfRel), opts.chromium);
    if (note) pdfRel = null;
  }
  const title = `${period.label}${REPORT_NAMES[kind]}`;
  return db.sqlite
    .query<ReportRow, (string | null)[]>(
      `INSERT INTO reports (kind, period_key, period_from, period_to, title, html_path, pdf_path, pdf_note, generated_at, generated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(kind, period_key) DO UPDATE SET title = excluded.title, html_path = excluded.html_path, pdf_path = excluded.pdf_path,
         pdf_note = excluded.pdf_note, generated_at = excluded.generated_at, generated_by = excluded.generated_by, period_from = excluded.period_from, period_to = excluded.period_to
       RETURNING *`,
    )
    .get(kind, period.key, period.from, period.to, title, rel, pdfRel, note, nowIso(), by)!;
}

export const reportTitle = (d: Pick<ReportData, "kind">) => titleFor(REPORT_NAMES[d.kind]);
