// The evaluation's Excel/CSV exports of the indicator and ranking tables, run as pool jobs
// (server/core/pool.ts): the worker evaluates the period on its read-only connection and returns the file.
import type { PoolJob } from "../core/pool.ts";
import type { UnitKind } from "./indicators.ts";
import { evaluate, ranking } from "./queries.ts";
import { periodFromQuery } from "./period.ts";
import { indicatorTable, rankingTable } from "./tables.ts";
import { toCsv, toXlsx } from "./export.ts";

export type EvalExportArgs = {
  table: "indicators" | "ranking";
  kind: UnitKind;
  query: Record<string, string>;
  format: "csv" | "xlsx";
};

export const EVALUATION_POOL_JOBS: Record<string, PoolJob> = {
  "evaluation.export": (db, a: EvalExportArgs) => {
    const p = periodFromQuery(a.query);
    const t = a.table === "ranking" ? rankingTable(ranking(db, a.kind, p)) : indicatorTable(evaluate(db, a.kind, p));
    return a.format === "csv" ? toCsv(t) : toXlsx([t]);
  },
};
