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
