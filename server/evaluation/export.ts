// Tables as data: rendered as HTML, exported to .xlsx (Chinese headers) and CSV (UTF-8 with BOM).
import ExcelJS from "exceljs";
import { toCsvText } from "../core/csv.ts";

export type Cell = string | number | null | { text: string | number; href?: string; tone?: string };
export type Table = { title: string; headers: string[]; rows: Cell[][]; note?: string };

export const cellText = (c: Cell): string | number => (c === null ? "" : typeof c === "object" ? c.text : c);

export async function toXlsx(tables: Table[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "万米数字城管";
  for (const t of tables) {
    const ws = wb.addWorksheet(t.title.replace(/[\\/?*[\]:]/g, " ").slice(0, 31) || "Sheet");
    ws.addRow(t.headers);
    ws.getRow(1).font = { bold: true };
    for (const r of t.rows) ws.addRow(r.map(cellText));
    ws.columns.forEach((c, i) => (c.width = Math.min(40, Math.max(8, t.headers[i]!.length * 2 + 2))));
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export function toCsv(t: Table): string {
  return toCsvText([t.headers, ...t.rows.map((r) => r.map(cellText))]);
}

export function download(body: Uint8Array | string, filename: string, type: string): Response {
  return new Response(body as BodyInit, {
    headers: {
      "content-type": type,
      "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
    },
  });
}
export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
