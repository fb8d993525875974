// 报表: archive, reprint (stored HTML), PDF download, on-demand generation, live preview.
import type { NavEntry } from "../core/nav.ts";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Router } from "../core/http.ts";
import { formFields, requireUser, html } from "../core/http.ts";
import type { Role } from "../core/context.ts";
import { page } from "../core/page.tsx";
import { NotFound, Validation } from "../core/errors.ts";
import { periodOf, localDate, shTime } from "../evaluation/index.ts";
import { generateReport, renderReportHtml } from "./generate.tsx";
import { listReports, reportById } from "./queries.ts";
import { REPORT_PERIOD, type ReportKind } from "./data.ts";
import { Archive } from "../../views/reports/archive.tsx";
import { EVAL_HEAD } from "../../views/evaluation/pages.tsx";

export const REPORT_ROLES: readonly Role[] = ["leader", "shift_lead", "intake", "dispatcher", "admin"];
const isKind = (k: unknown): k is ReportKind => k === "daily" || k === "weekly" || k === "monthly";

export const NAV: NavEntry[] = [
  { href: "/reports", label: "报表", group: "评价与报表", roles: REPORT_ROLES, order: 63 },
];

export function registerReports(r: Router) {
  r.get("/reports", REPORT_ROLES, (c) => {
    const { db } = c.get("deps");
    const kind = c.req.query("kind");
    const rows = listReports(db, isKind(kind) ? kind : null);
    return page(
      c,
      <Archive
        csrf={c.get("csrf")}
        kind={isKind(kind) ? kind : ""}
        today={localDate(Date.now() - 86400_000)}
        flash={c.req.query("ok") ? "报表已生成并归档" : undefined}
        rows={rows.map((x) => ({
          id: x.id,
          kind: x.kind,
          title: x.title,
          generatedAt: shTime(x.generated_at),
          by: x.generated_by,
          pdf: !!x.pdf_path,
          pdfNote: x.pdf_note,
        }))}
      />,
      { title: "报表", head: EVAL_HEAD(c.get("deps").version) },
    );
  });

  r.post("/reports/generate", REPORT_ROLES, async (c) => {
    const { db, config } = c.get("deps");
    const u = requireUser(c);
    const f = await formFields(c);
    if (!isKind(f.kind)) throw Validation("reports.kind", "请选择报表类型", { kind: "请选择报表类型" });
    const p = periodOf(REPORT_PERIOD[f.kind], f.date || localDate(Date.now()));
    await generateReport(db, config.dataDir, f.kind, p, u.name);
    return c.redirect(`/reports?ok=1&kind=${f.kind}`, 303);
  });

  r.get("/reports/preview", REPORT_ROLES, (c) => {
    const { db } = c.get("deps");
    const kind = c.req.query("kind");
    if (!isKind(kind)) throw Validation("reports.kind", "请选择报表类型");
    return html(
      c,
      renderReportHtml(db, kind, periodOf(REPORT_PERIOD[kind], c.req.query("date") || localDate(Date.now()))),
    );
  });

  const stored = (c: any, which: "html_path" | "pdf_path") => {
    const { db, config } = c.get("deps");
    const row = reportById(db, Number(c.req.param("id")));
    const rel = row?.[which];
    if (!row || !rel || !existsSync(join(config.dataDir, rel))) throw NotFound("报表文件", "reports.not_found");
    return { row, path: join(config.dataDir, rel) };
  };
  r.get("/reports/:id/html", REPORT_ROLES, (c) => {
    const { path } = stored(c, "html_path");
    return new Response(Bun.file(path), { headers: { "content-type": "text/html; charset=utf-8" } });
  });
  r.get("/reports/:id/pdf", REPORT_ROLES, (c) => {
    const { row, path } = stored(c, "pdf_path");
    return new Response(Bun.file(path), {
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `inline; filename*=UTF-8''${encodeURIComponent(row.title)}.pdf`,
      },
    });
  });
}
