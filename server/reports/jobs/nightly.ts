// The nightly job: at the configured hour (setting reports.hour, Asia/Shanghai; read at
// start-up) write yesterday's 日报, and the 周报 / 月报 when yesterday closed a week / month.
import type { Deps } from "../../core/http.ts";
import type { JobDef } from "../../core/scheduler.ts";
import { lastCompletePeriod, type ReportKind } from "../data.ts";
import { generateReport } from "../generate.tsx";
import { reportHour } from "../../evaluation/index.ts";

export const NIGHTLY_JOB = "reports.nightly";

export async function runNightly(
  deps: Pick<Deps, "db" | "config">,
  now = new Date(),
  opts: { pdf?: boolean; chromium?: string } = {},
): Promise<string> {
  const done: string[] = [];
  for (const kind of ["daily", "weekly", "monthly"] as ReportKind[]) {
    const p = lastCompletePeriod(kind, now);
    if (!p) continue;
    const row = await generateReport(deps.db, deps.config.dataDir, kind, p, "系统任务(reports.nightly)", {
      ...opts,
      now,
    });
    done.push(`${row.title}${row.pdf_path ? "（HTML+PDF）" : `（仅 HTML：${row.pdf_note}）`}`);
  }
  return `已生成：${done.join("；")}`;
}

/** The nightly job at the configured hour (read when the app starts). */
export function nightlyJob(deps: Deps): JobDef {
  const hour = reportHour(deps.db);
  return {
    name: NIGHTLY_JOB,
    title: `生成日报/周报/月报（每天 ${hour}:10）`,
    cron: `10 ${hour} * * *`,
    run: () => runNightly(deps),
  };
}
