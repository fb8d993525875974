/**
 * Incremental parser for the Asterisk Manager Interface (AMI) wire format.
 *
 * The stream is: one banner line `Asterisk Call Manager/x.y.z\r\n`, then
 * blocks of `Key: value\r\n` lines, each block terminated by an empty line
 * (`\r\n\r\n`). TCP may split the stream anywhere, including inside a UTF-8
 * multi-byte character, so bytes are accumulated as Buffers and only complete
 * blocks are decoded.
 *
 * Pure: no I/O, no imports from the application.
 */

const CRLF = Buffer.from("\r\n");
const BLOCK_END = Buffer.from("\r\n\r\n");
const BANNER_PREFIX = "Asterisk Call Manager/";

export type AmiHeader = readonly [name: string, value: string];

/** One AMI block (an event, a response, or - when parsing client traffic - an action). */
export class AmiMessage {
  /** Headers in wire order with their original casing; repeated keys are kept. */
  readonly headers: AmiHeader[];
  /** Lines without a `:` (e.g. `--END COMMAND--` of old `Command` output). */
  readonly extraLines: string[];
  private readonly index = new Map<string, string[]>();

  constructor(headers: AmiHeader[], extraLines: string[] = []) {
    this.headers = headers;
    this.extraLines = extraLines;
    for (const [name, value] of headers) {
      const key = name.toLowerCase();
      const list = this.index.get(key);
      if (list) list.push(value);
      else this.index.set(key, [value]);
    }
  }

  /** First value of a header, case-insensitive. */
  get(name: string): string | undefined {
    return this.index.get(name.toLowerCase())?.[0];
  }

  /** All values of a (possibly repeated) header, case-insensitive. */
  getAll(name: string): string[] {
    return this.index.get(name.toLowerCase())?.slice() ?? [];
  }

  has(name: string): boolean {
    return this.index.has(name.toLowerCase());
  }

  /** Integer value of a header, or undefined when absent/not numeric. */
  int(name: string): number | undefined {
    const v = this.get(name);
    if (v === undefined || v.trim() === "") return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }

  /** `Event:` value, if this is an event. */
  get event(): string | undefined {
    return this.get("Event");
  }

  /** `Response:` value, if this is a response. */
  get response(): string | undefined {
    return this.get("Response");
  }

  get actionId(): string | undefined {
    return this.get("ActionID");
  }

  get kind(): "event" | "response" | "action" | "unknown" {
    // OriginateResponse carries both Event: and Response:; Event wins.
    if (this.has("Event")) return "event";
    if (this.has("Response")) return "response";
    if (this.has("Action")) return "action";
    return "unknown";
  }

  /** Plain object with original-cased keys; repeated keys become arrays. */
  toObject(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of this.headers) {
      const prev = out[name];
      if (prev === undefined) out[name] = value;
      else if (Array.isArray(prev)) prev.push(value);
      else out[name] = [prev, value];
    }
    return out;
  }

  /** Parse one block of text (without the terminating blank line). */
  static parse(text: string): AmiMessage {
    const headers: AmiHeader[] = [];
    const extra: string[] = [];
    for (const rawLine of text.split(/\r?\n/)) {
      if (rawLine === "") continue;
      const colon = rawLine.indexOf(":");
      if (colon <= 0) {
        extra.push(rawLine);
        continue;
      }
      const name = rawLine.slice(0, colon).trim();
      // AMI writes "Key: value"; tolerate a missing space after the colon.
      let value = rawLine.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      headers.push([name, value]);
    }
    return new AmiMessage(headers, extra);
  }
}

export type AmiParserOutput =
  | { type: "banner"; banner: string; version: string }
  | { type: "message"; message: AmiMessage; raw: string };

export interface AmiParserOptions {
  /** Expect the `Asterisk Call Manager/x.y.z` banner first (default true). */
  expectBanner?: boolean;
  /** Refuse to buffer more than this many bytes without a block end (default 4 MiB). */
  maxBufferBytes?: number;
}

export class AmiParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AmiParseError";
  }
}

/**
 * Feed it chunks with `push()`; it returns the banner / complete messages
 * found so far and keeps any incomplete tail for the next chunk.
 */
export class AmiParser {
  private buf: Buffer = Buffer.alloc(0);
  private needBanner: boolean;
  private readonly maxBuffer: number;

  constructor(options: AmiParserOptions = {}) {
    this.needBanner = options.expectBanner ?? true;
    this.maxBuffer = options.maxBufferBytes ?? 4 * 1024 * 1024;
  }

  /** Bytes currently buffered (an incomplete block). */
  get pendingBytes(): number {
    return this.buf.length;
  }

  reset(expectBanner = true): void {
    this.buf = Buffer.alloc(0);
    this.needBanner = expectBanner;
  }

  push(chunk: Uint8Array | string): AmiParserOutput[] {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk);
    this.buf = this.buf.length === 0 ? bytes : Buffer.concat([this.buf, bytes]);
    const out: AmiParserOutput[] = [];

    if (this.needBanner) {
      const eol = this.buf.indexOf(CRLF);
      if (eol < 0) {
        this.checkSize();
        return out;
      }
      const line = this.buf.subarray(0, eol).toString("utf8");
      this.buf = this.buf.subarray(eol + 2);
      this.needBanner = false;
      if (line.startsWith(BANNER_PREFIX)) {
        out.push({ type: "banner", banner: line, version: line.slice(BANNER_PREFIX.length) });
      } else {
        // Not a banner: treat the line as the start of a block.
        this.buf = Buffer.concat([Buffer.from(line + "\r\n", "utf8"), this.buf]);
      }
    }

    let start = 0;
    for (;;) {
      const end = this.buf.indexOf(BLOCK_END, start);
      if (end < 0) break;
      const raw = this.buf.subarray(start, end).toString("utf8");
      start = end + BLOCK_END.length;
      // Stray empty lines between blocks produce empty blocks; skip them.
      if (raw.replace(/\r?\n/g, "") === "") continue;
      out.push({ type: "message", message: AmiMessage.parse(raw), raw });
    }
    if (start > 0) this.buf = this.buf.subarray(start);
    this.checkSize();
    return out;
  }

  private checkSize(): void {
    if (this.buf.length > this.maxBuffer) {
      const n = this.buf.length;
      this.buf = Buffer.alloc(0);
      throw new AmiParseError(`AMI block larger than ${this.maxBuffer} bytes (${n} buffered)`);
    }
  }
}

/** Serialise an action (or any block) to wire bytes. Values must not contain CR/LF. */
export function serializeBlock(headers: Iterable<AmiHeader>): string {
  let s = "";
  for (const [name, value] of headers) {
    if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) {
      throw new TypeError(`AMI header ${JSON.stringify(name)} contains CR/LF`);
    }
    s += `${name}: ${value}\r\n`;
  }
  return s + "\r\n";
}
