// Open311 output: JSON or XML from the same objects, spec error format, +08:00 times.
import type { Context } from "hono";

export type Fmt = "json" | "xml";

/** "2026-11-23T08:00:00.000Z" → "2026-11-23T16:00:00+08:00". */
export function isoCst(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return null;
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19) + "+08:00";
}

const ITEM: Record<string, string> = {
  formats: "format",
  endpoints: "endpoint",
  attributes: "attribute",
  values: "value",
};

/** Characters outside the XML 1.0 Char production (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
/** Text as XML content: forbidden characters dropped, markup escaped. JSON keeps text as is. */
export const xmlText = (s: string) => s.replace(NOT_XML_CHAR, "");
const esc = (s: string) =>
  xmlText(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function node(name: string, v: unknown): string {
  if (v === null || v === undefined) return `<${name}/>`;
  if (Array.isArray(v)) return `<${name}>${v.map((x) => node(ITEM[name] ?? "item", x)).join("")}</${name}>`;
  if (typeof v === "object")
    return `<${name}>${Object.entries(v as object)
      .map(([k, x]) => node(k, x))
      .join("")}</${name}>`;
  return `<${name}>${esc(String(v))}</${name}>`;
}

/** XML with a root and repeated items, e.g. toXml("services", "service", list). */
export function toXml(root: string, item: string | null, body: unknown): string {
  const inner =
    item && Array.isArray(body)
      ? body.map((x) => node(item, x)).join("")
      : Object.entries(body as object)
          .map(([k, x]) => node(k, x))
          .join("");
  return `<?xml version="1.0" encoding="utf-8"?>\n<${root}>${inner}</${root}>`;
}

export function reply(c: Context, fmt: Fmt, root: string, item: string | null, body: unknown, status = 200) {
  if (fmt === "json") return c.json(body, status as any);
  return c.body(toXml(root, item, body), status as any, { "content-type": "text/xml; charset=utf-8" });
}

export class Open311Error extends Error {
  constructor(
    public status: 400 | 403 | 404 | 413 | 415 | 429,
    message: string,
  ) {
    super(message);
  }
}

export function replyError(c: Context, fmt: Fmt, e: Open311Error) {
  const errs = [{ code: e.status, description: e.message }];
  return reply(c, fmt, "errors", "error", errs, e.status);
}

/** Split "services.json" / "E06001.xml" into name and format. */
export function splitFmt(file: string): { name: string; fmt: Fmt } | null {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  return m ? { name: m[1]!, fmt: m[2] as Fmt } : null;
}
