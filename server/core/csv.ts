// CSV helpers shared by every import (calendar, components, …).

/** Split one CSV line (RFC 4180 quoting, no embedded newlines). Null on an unterminated quote. */
export function splitCsvLine(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = "";
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return null;
        const ch = line[i]!;
        if (ch === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += ch;
        i++;
      }
      // Tolerate spaces between the closing quote and the comma.
      while (i < line.length && line[i] !== ",") i++;
    } else {
      const j = line.indexOf(",", i);
      field = j < 0 ? line.slice(i) : line.slice(i, j);
      i = j < 0 ? line.length : j;
    }
    out.push(field.trim());
    if (i >= line.length) return out;
    i++; // skip comma
  }
}

/**
 * One CSV cell, quoted, with spreadsheet formulas neutralised: text starting with = + - @ tab or CR
 * is prefixed with ' so Excel/WPS show it as text (CSV injection). Numbers are written as they are.
 */
export function csvCell(v: unknown): string {
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  let s = v == null ? "" : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return `"${s.replace(/"/g, '""')}"`;
}

/** Rows as a CSV document: UTF-8 BOM (Excel/WPS read Chinese correctly), CRLF line ends. */
export function toCsvText(rows: Iterable<readonly unknown[]>): string {
  const lines: string[] = [];
  for (const r of rows) lines.push(r.map(csvCell).join(","));
  return "\ufeff" + lines.join("\r\n") + "\r\n";
}
