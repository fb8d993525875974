/**
 * A fake AMI server that replays transcripts captured from a real Asterisk 22
 * (see ./fixtures/README in the shared fixtures, copied here as *.timeline.jsonl
 * and *.txt). The bytes it sends are the captured server bytes; the only change
 * is the ActionID, which is rewritten to the one the client under test sent
 * (the client's ActionIDs differ from the captured ones).
 *
 * Model: the k-th accepted TCP connection replays capture connection k (or the
 * last captured one if the client connects more often). On accept it sends the
 * banner. When the client sends an Action, the server finds the next captured
 * client Action with the same name in that connection and plays the server
 * blocks that followed it, up to the next "stop": a client Action, a `note`
 * (what the capture harness did outside AMI, e.g. starting a call), the end of
 * that connection, or a `closed` marker (the server then closes the socket; if
 * the capture shows ECONNREFUSED next, it also stops listening, like the PBX
 * process going away). `play()` plays the next burst (past one note).
 *
 * Actions not found in the script may be answered from a `library` of other
 * captures (the server blocks that followed the same Action there). Otherwise
 * nothing is sent and the action is recorded in `unanswered`.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { type AmiMessage, AmiParser } from "../ami/parser.ts";

export const FIXTURES_DIR = path.join(import.meta.dir, "fixtures");

export type TimelineDir = "server->client" | "client->server" | "closed" | "refused" | "note";
export interface TimelineItem {
  t_ms: number;
  conn: number | null;
  dir: TimelineDir;
  data: string;
}

export function loadTimeline(name: string, dir = FIXTURES_DIR): TimelineItem[] {
  const text = fs.readFileSync(path.join(dir, `${name}.timeline.jsonl`), "utf8");
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as TimelineItem);
}

/** The exact bytes of NAME.txt (both directions concatenated). */
export function loadTranscript(name: string, dir = FIXTURES_DIR): Buffer {
  return fs.readFileSync(path.join(dir, `${name}.txt`));
}

function actionName(block: string): string | undefined {
  const m = /^Action: *([^\r\n]*)/im.exec(block);
  return m?.[1]?.trim().toLowerCase();
}

function blockActionId(block: string): string | undefined {
  const m = /^ActionID: *([^\r\n]*)/im.exec(block);
  return m?.[1];
}

export interface PlayResult {
  /** What stopped the burst. */
  stop: "action" | "note" | "closed" | "end";
  /** The note text when stop === "note" (the note is consumed by the next play()). */
  note?: string;
  /** Server blocks written. */
  blocks: number;
}

export interface FakeAmiServerOptions {
  /** Write every block in pieces of this many bytes (separate TCP writes). */
  chunkBytes?: number;
  /** Other captures to answer actions the script lacks (e.g. "login-success" for Ping). */
  library?: string[];
  fixturesDir?: string;
}

interface Session {
  index: number;
  conn: number;
  socket: net.Socket;
  cursor: number;
  /** captured ActionID -> client ActionID */
  ids: Map<string, string>;
  chain: Promise<void>;
  parser: AmiParser;
  ended: boolean;
}

export class FakeAmiServer {
  readonly name: string;
  readonly items: TimelineItem[];
  private readonly library: TimelineItem[][];
  private readonly chunkBytes: number;
  private server: net.Server | null = null;
  private _port = 0;
  private sessions: Session[] = [];
  private accepted = 0;
  private readonly conns: number[];
  /** Every action received from clients, in order. */
  readonly received: AmiMessage[] = [];
  /** Actions that neither the script nor the library could answer. */
  readonly unanswered: AmiMessage[] = [];
  /** When true, actions are recorded but not answered (a hung peer). */
  mute = false;
  private actionWaiters: Array<{ name: string; resolve: (m: AmiMessage) => void }> = [];
  private acceptWaiters: Array<() => void> = [];

  constructor(fixture: string, options: FakeAmiServerOptions = {}) {
    const dir = options.fixturesDir ?? FIXTURES_DIR;
    this.name = fixture;
    this.items = loadTimeline(fixture, dir);
    this.library = (options.library ?? []).map((n) => loadTimeline(n, dir));
    this.chunkBytes = options.chunkBytes ?? 0;
    this.conns = [...new Set(this.items.map((i) => i.conn).filter((c): c is number => c !== null))];
  }

  static async start(fixture: string, options: FakeAmiServerOptions = {}): Promise<FakeAmiServer> {
    const s = new FakeAmiServer(fixture, options);
    await s.listen(0);
    return s;
  }

  get port(): number {
    return this._port;
  }

  get connections(): number {
    return this.accepted;
  }

  get listening(): boolean {
    return this.server !== null;
  }

  /** The live session (latest accepted, not ended). */
  private get current(): Session | undefined {
    for (let i = this.sessions.length - 1; i >= 0; i--) if (!this.sessions[i]!.ended) return this.sessions[i];
    return undefined;
  }

  async listen(port = this._port): Promise<void> {
    if (this.server) return;
    const server = net.createServer((socket) => this.onAccept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this._port = (server.address() as net.AddressInfo).port;
  }

  /** Listen again on the same port (after stopListening / a replayed restart). */
  listenAgain(): Promise<void> {
    return this.listen(this._port);
  }

  /** Close every client socket (abruptly). */
  dropConnections(): void {
    for (const s of this.sessions) {
      s.ended = true;
      s.socket.destroy();
    }
  }

  /** Stop accepting connections; existing sockets are destroyed first. */
  async stopListening(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.dropConnections();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async close(): Promise<void> {
    await this.stopListening();
  }

  /** Resolve when the next connection is accepted (or now if `count` were already accepted). */
  waitForConnection(count = this.accepted + 1): Promise<void> {
    if (this.accepted >= count) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (this.accepted >= count) resolve();
        else this.acceptWaiters.push(check);
      };
      this.acceptWaiters.push(check);
    });
  }

  /** Resolve with the next received action of that name (case-insensitive). */
  waitForAction(name: string): Promise<AmiMessage> {
    return new Promise((resolve) => this.actionWaiters.push({ name: name.toLowerCase(), resolve }));
  }

  /**
   * Play the next burst of server blocks of the live connection: past one
   * note, up to the next note / client action / closed / end of connection.
   */
  async play(): Promise<PlayResult> {
    const s = this.current;
    if (!s) return { stop: "end", blocks: 0 };
    return this.playFrom(s, true);
  }

  /** play() repeatedly until stopped at a note containing `text` (which stays unconsumed). */
  async playUntilNote(text: string): Promise<PlayResult> {
    let total = 0;
    for (;;) {
      const r = await this.play();
      total += r.blocks;
      if (r.stop !== "note" || r.note?.includes(text)) return { ...r, blocks: total };
    }
  }

  /** The note the live connection is stopped at, if any. */
  get pendingNote(): string | undefined {
    const s = this.current;
    const it = s ? this.items[s.cursor] : undefined;
    return it?.dir === "note" ? it.data : undefined;
  }

  // ---------------------------------------------------------------- internals

  private onAccept(socket: net.Socket): void {
    socket.setNoDelay(true);
    this.accepted += 1;
    const conn = this.conns[Math.min(this.accepted, this.conns.length) - 1] ?? 1;
    const start = this.items.findIndex((i) => i.conn === conn);
    const s: Session = {
      index: this.accepted,
      conn,
      socket,
      cursor: start < 0 ? this.items.length : start,
      ids: new Map(),
      chain: Promise.resolve(),
      parser: new AmiParser({ expectBanner: false }),
      ended: false,
    };
    this.sessions.push(s);
    socket.on("error", () => {});
    socket.on("close", () => {
      s.ended = true;
    });
    socket.on("data", (chunk: Buffer) => {
      for (const out of s.parser.push(chunk)) {
        if (out.type === "message") void this.onAction(s, out.message);
      }
    });
    // Banner (and anything else before the first client action).
    void this.playFrom(s, false);
    const waiters = this.acceptWaiters;
    this.acceptWaiters = [];
    for (const w of waiters) w();
  }

  private async onAction(s: Session, msg: AmiMessage): Promise<void> {
    this.received.push(msg);
    const name = (msg.get("Action") ?? "").toLowerCase();
    const waiters = this.actionWaiters.filter((w) => w.name === name);
    this.actionWaiters = this.actionWaiters.filter((w) => w.name !== name);
    for (const w of waiters) w.resolve(msg);
    if (this.mute || s.ended) return;
    const clientId = msg.actionId ?? "";

    // 1. The script: the next captured action of the same name in this connection.
    for (let j = s.cursor; j < this.items.length; j++) {
      const it = this.items[j]!;
      if (it.conn !== null && it.conn !== s.conn) break;
      if (it.dir !== "client->server" || actionName(it.data) !== name) continue;
      const capturedId = blockActionId(it.data);
      if (capturedId !== undefined) s.ids.set(capturedId, clientId);
      // Blocks the server sent before that action in the capture go first.
      for (let k = s.cursor; k < j; k++) {
        const b = this.items[k]!;
        if (b.dir === "server->client") this.write(s, b.data);
      }
      s.cursor = j + 1;
      await this.playFrom(s, false);
      return;
    }

    // 2. The library: the server blocks right after the same action elsewhere.
    for (const lib of this.library) {
      const j = lib.findIndex((it) => it.dir === "client->server" && actionName(it.data) === name);
      if (j < 0) continue;
      const capturedId = blockActionId(lib[j]!.data);
      const ids = new Map(capturedId !== undefined ? [[capturedId, clientId]] : []);
      for (let k = j + 1; k < lib.length && lib[k]!.dir === "server->client"; k++) {
        this.write(s, lib[k]!.data, ids);
      }
      await s.chain;
      return;
    }
    this.unanswered.push(msg);
  }

  /** Play server blocks from the cursor to the next stop. */
  private async playFrom(s: Session, passNote: boolean): Promise<PlayResult> {
    let blocks = 0;
    let stop: PlayResult["stop"] = "end";
    let note: string | undefined;
    let i = s.cursor;
    // play() passes the note(s) the previous burst stopped at.
    if (passNote) while (i < this.items.length && this.items[i]!.dir === "note") i++;
    for (; i < this.items.length; i++) {
      const it = this.items[i]!;
      if (it.conn !== null && it.conn !== s.conn) {
        stop = "end";
        break;
      }
      if (it.dir === "server->client") {
        this.write(s, it.data);
        blocks++;
        continue;
      }
      if (it.dir === "client->server") {
        stop = "action";
        break;
      }
      if (it.dir === "note") {
        stop = "note";
        note = it.data;
        break;
      }
      if (it.dir === "closed") {
        i++;
        stop = "closed";
        const refusedNext = this.items.slice(i).find((x) => x.dir !== "note")?.dir === "refused";
        s.cursor = i;
        await s.chain;
        await this.endSocket(s);
        if (refusedNext) await this.stopListening();
        return { stop, blocks };
      }
      // "refused": nothing to send.
    }
    s.cursor = i;
    await s.chain;
    return { stop, note, blocks };
  }

  private async endSocket(s: Session): Promise<void> {
    s.ended = true;
    await new Promise<void>((resolve) => {
      if (s.socket.destroyed) return resolve();
      s.socket.end(() => resolve());
      setTimeout(resolve, 200);
    });
    s.socket.destroy();
  }

  /** Queue a block for writing (chained per socket), with ActionID rewriting. */
  private write(s: Session, data: string, ids: Map<string, string> = s.ids): void {
    let out = data;
    const captured = blockActionId(data);
    if (captured !== undefined && ids.has(captured)) {
      out = data.replace(/^(ActionID: *)([^\r\n]*)/im, (_m, p1: string) => p1 + ids.get(captured)!);
    }
    const bytes = Buffer.from(out, "utf8");
    const size = this.chunkBytes > 0 ? this.chunkBytes : bytes.length;
    s.chain = s.chain.then(async () => {
      for (let off = 0; off < bytes.length; off += size) {
        if (s.socket.destroyed) return;
        const piece = bytes.subarray(off, off + size);
        await new Promise<void>((resolve) => s.socket.write(piece, () => resolve()));
        if (size < bytes.length) await new Promise((r) => setImmediate(r));
      }
    });
  }
}
