// The case list exports (CSV, Excel), run as pool jobs (server/core/pool.ts) on a worker's read-only
// connection: the route passes the filter, the worker returns the finished file.
import { toCsvText } from "../core/csv.ts";
import ExcelJS from "exceljs";
import type { Db } from "../core/db.ts";
import type { PoolJob } from "../core/pool.ts";
import { listCases, type CaseFilter } from "./queries.ts";
import { toListRow } from "./routes.tsx";
import { fmtCn } from "../../views/cases/parts.tsx";

export const EXPORT_MAX_ROWS = 50_000;

const EXPORT_HEAD = [
  "案件编号",
  "状态",
  "时限",
  "来源",
  "类别",
  "问题描述",
  "地址",
  "街道/乡镇",
  "处置部门",
  "上报时间",
];

function exportRows(db: Db, filter: CaseFilter) {
  const r = listCases(db, { ...filter, page: 1, perPage: EXPORT_MAX_ROWS });
  return r.rows.map((x) => {
    const v = toListRow(x);
    return [
      v.no,
      v.stateName,
      v.cd.label,
      v.source,
      v.category ?? "",
      v.description,
      v.address ?? "",
      v.town ?? "",
      v.department ?? "",
      fmtCn(v.createdAt),
    ];
  });
}

/** The jobs this module runs in the worker pool (listed in server/pool-jobs.ts). */
export const CASES_POOL_JOBS: Record<string, PoolJob> = {
  "cases.export.csv": (db, a: { filter: CaseFilter }) => {
    return toCsvText([EXPORT_HEAD, ...exportRows(db, a.filter)]);
  },
  "cases.export.xlsx": async (db, a: { filter: CaseFilter }) => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("案件");
    sheet.addRow(EXPORT_HEAD).font = { bold: true };
    for (const row of exportRows(db, a.filter)) sheet.addRow(row);
    sheet.columns.forEach((col, i) => (col.width = [16, 10, 14, 12, 14, 40, 30, 12, 16, 20][i] ?? 14));
    return new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer);
  },
};
