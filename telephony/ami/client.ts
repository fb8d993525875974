/**
 * AmiClient: a small AMI client over node:net.
 *
 * Why not the `asterisk-manager` npm package (0.2.0) named in the design card?
 * stack.md section 6 documents its quirks, and each one breaks a hotline
 * requirement:
 *   - reconnect back-off is hard-coded (10 s, +10 s per failure, up to 60 s) and
 *     `keepConnected()` silently does nothing once the socket is open;
 *   - a wrong password is silent: the login callback is swallowed and queued
 *     actions are held forever;
 *   - an action sent while disconnected is written to the dead socket and its
 *     callback never fires;
 *   - Login sends `Event: on` instead of `Events: on`;
 *   - there is no per-action timeout, no list (EventList) collection, no types.
 * Wrapping it would mean re-implementing state, timeouts and reconnection
 * around it anyway, so (as stack.md recommends) this is a short in-house
 * client: the protocol is trivial (see ./parser.ts).
 *
 * Guarantees:
 *   - state is one of disconnected | connecting | connected | auth_failed,
 *     observable with `on("state", (state, prev) => ...)`;
 *   - every action gets our own ActionID (prefix + counter) and its own timeout;
 *   - `Response: Error` rejects with AmiError code "response_error";
 *   - an action while not connected rejects immediately ("not_connected");
 *     pending actions reject with "connection_lost" when the socket drops;
 *   - list actions (`EventList: start` ... `EventList: Complete`) resolve once,
 *     with all their item events collected;
 *   - a failed login moves to `auth_failed`, emits "auth_failed" and does NOT
 *     retry (no reconnect storm against a PBX that rejects the credentials);
 *   - keepalive Ping every `keepaliveMs`; an unanswered Ping destroys the
 *     socket (dead peer) which triggers a reconnect;
 *   - reconnect with exponential back-off (minMs * factor^n, capped at maxMs,
 *     reset after a successful login) after a drop, EOF (e.g. after
 *     `Event: Shutdown`) or ECONNREFUSED.
 * Login does not wait for `FullyBooted`: Asterisk accepts logins while it is
 * still loading modules (see the restart fixtures) and `FullyBooted` is just
 * delivered as an ordinary event.
 */
import { EventEmitter } from "node:events";
import * as net from "node:net";
import { type AmiMessage, AmiParser, serializeBlock, type AmiHeader } from "./parser.ts";

export type AmiState = "disconnected" | "connecting" | "connected" | "auth_failed";

export type AmiErrorCode =
  | "not_connected"
  | "connection_lost"
  | "timeout"
  | "response_error"
  | "auth_failed"
  | "closed";

export class AmiError extends Error {
  readonly code: AmiErrorCode;
  readonly response?: AmiMessage;
  readonly action?: string;
  constructor(code: AmiErrorCode, message: string, extra: { response?: AmiMessage; action?: string } = {}) {
    super(message);
    this.name = "AmiError";
    this.code = code;
    this.response = extra.response;
    this.action = extra.action;
  }
}

export interface AmiBackoffOptions {
  /** First delay (default 500 ms). */
  minMs?: number;
  /** Cap (default 30 000 ms). */
  maxMs?: number;
  /** Multiplier per failed attempt (default 2). */
  factor?: number;
  /** Random +/- fraction added to each delay (default 0: deterministic). */
  jitter?: number;
}

/** Schedules the reconnect attempts (default: setTimeout); a test passes a fake clock to see each delay. */
export interface AmiTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const REAL_TIMERS: AmiTimers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface AmiClientOptions {
  host?: string;
  port: number;
  username: string;
  secret: string;
  /** `Events:` header of the Login (default "on"; e.g. "call,agent,system"). */
  events?: string;
  /** Ping interval; 0 disables keepalive (default 20 000 ms). */
  keepaliveMs?: number;
  /** How long a keepalive Ping may stay unanswered (default 5 000 ms). */
  keepaliveTimeoutMs?: number;
  /** Default per-action timeout (default 10 000 ms). */
  actionTimeoutMs?: number;
  /** TCP connect + banner + login must finish within this (default 10 000 ms). */
  connectTimeoutMs?: number;
  reconnect?: AmiBackoffOptions | false;
  /** Timers for the reconnect back-off (default: real ones). */
  timers?: AmiTimers;
  /** ActionID prefix (default "wm-<random>"). */
  actionIdPrefix?: string;
}

export type AmiActionValue = string | number | boolean | readonly string[] | undefined;
/** Action fields; `Variable`-like arrays become repeated header lines. Keys are sent as given. */
export type AmiActionFields = { Action: string } & Record<string, AmiActionValue>;

export interface AmiActionResult {
  response: AmiMessage;
  /** Item events of a list action (without the final XxxComplete event). */
  events: AmiMessage[];
  /** The terminating `...Complete` event of a list action. */
  complete?: AmiMessage;
}

export interface AmiActionOptions {
  timeoutMs?: number;
}

interface Pending {
  actionId: string;
  action: string;
  resolve: (r: AmiActionResult) => void;
  reject: (e: AmiError) => void;
  timer: ReturnType<typeof setTimeout>;
  response?: AmiMessage;
  events: AmiMessage[];
}

export interface AmiClientEvents {
  state: [state: AmiState, previous: AmiState];
  event: [event: AmiMessage];
  connected: [];
  disconnected: [reason: string];
  auth_failed: [error: AmiError];
  /** A response whose ActionID we do not know (e.g. from another session's action). */
  unmatched: [message: AmiMessage];
  banner: [banner: string];
}

export class AmiClient extends EventEmitter {
  private readonly opts: Required<Omit<AmiClientOptions, "reconnect">> & {
    reconnect: Required<AmiBackoffOptions> | false;
  };
  private _state: AmiState = "disconnected";
  private socket: net.Socket | null = null;
  private parser = new AmiParser();
  private pending = new Map<string, Pending>();
  private counter = 0;
  private started = false;
  private attempt = 0;
  private reconnectTimer: unknown = null;
  private keepaliveTimer: ReturnType<typeof setInterval> | null = null;
  private connectTimer: ReturnType<typeof setTimeout> | null = null;
  private _lastError: AmiError | Error | null = null;
  private _banner: string | null = null;
  private sawShutdown = false;
  private loginActionId: string | null = null;

  constructor(options: AmiClientOptions) {
    super();
    const rc = options.reconnect;
    this.opts = {
      host: options.host ?? "127.0.0.1",
      port: options.port,
      username: options.username,
      secret: options.secret,
      events: options.events ?? "on",
      keepaliveMs: options.keepaliveMs ?? 20_000,
      keepaliveTimeoutMs: options.keepaliveTimeoutMs ?? 5_000,
      actionTimeoutMs: options.actionTimeoutMs ?? 10_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      timers: options.timers ?? REAL_TIMERS,
      actionIdPrefix: options.actionIdPrefix ?? `wm-${Math.random().toString(36).slice(2, 8)}`,
      reconnect:
        rc === false
          ? false
          : { minMs: rc?.minMs ?? 500, maxMs: rc?.maxMs ?? 30_000, factor: rc?.factor ?? 2, jitter: rc?.jitter ?? 0 },
    };
  }

  get state(): AmiState {
    return this._state;
  }

  get lastError(): AmiError | Error | null {
    return this._lastError;
  }

  /** The banner of the current/last connection, e.g. `Asterisk Call Manager/11.0.0`. */
  get banner(): string | null {
    return this._banner;
  }

  /** Number of failed connection attempts since the last successful login. */
  get failedAttempts(): number {
    return this.attempt;
  }

  override on<K extends keyof AmiClientEvents>(name: K, listener: (...args: AmiClientEvents[K]) => void): this {
    return super.on(name, listener as (...args: unknown[]) => void);
  }

  override once<K extends keyof AmiClientEvents>(name: K, listener: (...args: AmiClientEvents[K]) => void): this {
    return super.once(name, listener as (...args: unknown[]) => void);
  }

  override off<K extends keyof AmiClientEvents>(name: K, listener: (...args: AmiClientEvents[K]) => void): this {
    return super.off(name, listener as (...args: unknown[]) => void);
  }

  /** Generate a fresh ActionID (exposed so callers can register waiters before sending). */
  nextActionId(): string {
    this.counter += 1;
    return `${this.opts.actionIdPrefix}-${this.counter}`;
  }

  /**
   * Start connecting (and keep reconnecting). Resolves on the first successful
   * login; rejects if that first attempt fails (the client keeps retrying in the
   * background unless the failure was an authentication failure).
   */
  start(): Promise<void> {
    this.started = true;
    this.clearReconnect();
    return new Promise<void>((resolve, reject) => {
      const onState = (s: AmiState) => {
        if (s === "connected") {
          this.off("state", onState);
          resolve();
        } else if (s === "auth_failed" || s === "disconnected") {
          this.off("state", onState);
          reject(this._lastError ?? new AmiError("connection_lost", `AMI ${s}`));
        }
      };
      this.on("state", onState);
      this.connectNow();
    });
  }

  /** Stop: Logoff if connected, close the socket, no more reconnects. */
  async close(): Promise<void> {
    this.started = false;
    this.clearReconnect();
    if (this._state === "connected" && this.socket) {
      try {
        await this.action({ Action: "Logoff" }, { timeoutMs: 1000 });
      } catch {
        /* the server may close first */
      }
    }
    this.teardown("closed by client", "closed");
    this.setState("disconnected");
  }

  /** Send an action; resolves with the response (and list items), rejects with AmiError. */
  action(fields: AmiActionFields, options: AmiActionOptions = {}): Promise<AmiActionResult> {
    if (this._state !== "connected" || !this.socket) {
      return Promise.reject(
        new AmiError("not_connected", `AMI not connected (state ${this._state}); ${fields.Action} not sent`, {
          action: fields.Action,
        }),
      );
    }
    return this.send(fields, options.timeoutMs ?? this.opts.actionTimeoutMs);
  }

  // ---------------------------------------------------------------- internals

  private send(fields: AmiActionFields, timeoutMs: number): Promise<AmiActionResult> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new AmiError("not_connected", "no socket", { action: fields.Action }));
    const given = fields.ActionID ?? fields.ActionId ?? fields.actionid;
    const actionId = typeof given === "string" && given !== "" ? given : this.nextActionId();
    const headers: AmiHeader[] = [
      ["Action", fields.Action],
      ["ActionID", actionId],
    ];
    for (const [k, v] of Object.entries(fields)) {
      const lk = k.toLowerCase();
      if (lk === "action" || lk === "actionid" || v === undefined) continue;
      if (Array.isArray(v)) for (const item of v) headers.push([k, String(item)]);
      else headers.push([k, String(v)]);
    }
    let bytes: string;
    try {
      bytes = serializeBlock(headers);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<AmiActionResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(actionId);
        reject(
          new AmiError("timeout", `AMI ${fields.Action} (${actionId}) timed out after ${timeoutMs} ms`, {
            action: fields.Action,
          }),
        );
      }, timeoutMs);
      this.pending.set(actionId, { actionId, action: fields.Action, resolve, reject, timer, events: [] });
      socket.write(bytes);
    });
  }

  private connectNow(): void {
    if (this.socket) return;
    this.setState("connecting");
    this.parser = new AmiParser();
    this.sawShutdown = false;
    this.loginActionId = null;
    this._banner = null;
    const socket = net.createConnection({ host: this.opts.host, port: this.opts.port });
    this.socket = socket;
    socket.setNoDelay(true);
    this.connectTimer = setTimeout(() => {
      this._lastError = new AmiError("timeout", `AMI connect/login timed out after ${this.opts.connectTimeoutMs} ms`);
      this.teardown("connect timeout", "connection_lost");
      this.afterDrop();
    }, this.opts.connectTimeoutMs);

    socket.on("data", (chunk: Buffer) => {
      if (this.socket !== socket) return;
      let outputs;
      try {
        outputs = this.parser.push(chunk);
      } catch (e) {
        this._lastError = e as Error;
        this.teardown("parse error", "connection_lost");
        this.afterDrop();
        return;
      }
      for (const out of outputs) {
        if (out.type === "banner") {
          this._banner = out.banner;
          this.emit("banner", out.banner);
          this.login(socket);
        } else {
          this.dispatch(out.message);
        }
      }
    });
    socket.on("error", (err: Error) => {
      if (this.socket !== socket) return;
      this._lastError = err;
    });
    socket.on("close", () => {
      if (this.socket !== socket) return;
      const reason = this.sawShutdown
        ? "EOF after Shutdown"
        : this._lastError
          ? String(this._lastError.message)
          : "socket closed";
      this.teardown(reason, "connection_lost");
      this.afterDrop();
    });
  }

  /**
   * Send Login. Its response is handled synchronously in dispatch() (not via a
   * promise) so that the state is "connected" before any event that follows
   * the response in the same TCP chunk is emitted.
   */
  private login(socket: net.Socket): void {
    const actionId = this.nextActionId();
    this.loginActionId = actionId;
    socket.write(
      serializeBlock([
        ["Action", "Login"],
        ["ActionID", actionId],
        ["Username", this.opts.username],
        ["Secret", this.opts.secret],
        ["Events", this.opts.events],
      ]),
    );
  }

  private onLoginResponse(msg: AmiMessage): void {
    this.loginActionId = null;
    if ((msg.response ?? "").toLowerCase() === "success") {
      this.clearConnectTimer();
      this.attempt = 0;
      this._lastError = null;
      this.setState("connected");
      this.startKeepalive();
      this.emit("connected");
      return;
    }
    const e = new AmiError("auth_failed", `AMI login failed: ${msg.get("Message") ?? msg.response ?? "error"}`, {
      response: msg,
      action: "Login",
    });
    this._lastError = e;
    this.teardown("auth failed", "auth_failed");
    this.started = false; // no reconnect storm: wait for an explicit start()
    this.setState("auth_failed");
    this.emit("auth_failed", e);
  }

  private dispatch(msg: AmiMessage): void {
    const id = msg.actionId;
    if (this.loginActionId !== null && id === this.loginActionId && msg.kind === "response") {
      this.onLoginResponse(msg);
      return;
    }
    const p = id !== undefined ? this.pending.get(id) : undefined;
    const kind = msg.kind;
    if (kind === "event") {
      if (msg.event === "Shutdown") this.sawShutdown = true;
      if (p?.response) {
        // Item of a list action started with `EventList: start`.
        const el = msg.get("EventList");
        if (el !== undefined && el.toLowerCase() === "complete") {
          this.finish(p);
          p.resolve({ response: p.response, events: p.events, complete: msg });
          return;
        }
        p.events.push(msg);
        return;
      }
      this.emit("event", msg);
      return;
    }
    if (kind === "response") {
      if (!p) {
        this.emit("unmatched", msg);
        return;
      }
      const r = (msg.response ?? "").toLowerCase();
      if (r === "error") {
        this.finish(p);
        p.reject(
          new AmiError("response_error", `AMI ${p.action} failed: ${msg.get("Message") ?? "Response: Error"}`, {
            response: msg,
            action: p.action,
          }),
        );
        return;
      }
      const el = msg.get("EventList");
      if (el !== undefined && el.toLowerCase() === "start") {
        p.response = msg; // wait for the items and the Complete event
        return;
      }
      this.finish(p);
      p.resolve({ response: msg, events: [] });
      return;
    }
    this.emit("unmatched", msg);
  }

  private finish(p: Pending): void {
    clearTimeout(p.timer);
    this.pending.delete(p.actionId);
  }

  private startKeepalive(): void {
    this.stopKeepalive();
    if (this.opts.keepaliveMs <= 0) return;
    const socket = this.socket;
    this.keepaliveTimer = setInterval(() => {
      if (this.socket !== socket || this._state !== "connected") return;
      this.send({ Action: "Ping" }, this.opts.keepaliveTimeoutMs).catch((err: AmiError) => {
        if (this.socket !== socket) return;
        if (err.code === "timeout") {
          this._lastError = new AmiError("timeout", "AMI keepalive Ping unanswered: peer presumed dead");
          this.teardown("keepalive timeout", "connection_lost");
          this.afterDrop();
        }
      });
    }, this.opts.keepaliveMs);
  }

  private stopKeepalive(): void {
    if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = null;
  }

  private clearConnectTimer(): void {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }

  private clearReconnect(): void {
    if (this.reconnectTimer !== null) this.opts.timers.clear(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  /** Drop the socket and reject everything pending. Does not change state. */
  private teardown(reason: string, code: AmiErrorCode): void {
    this.stopKeepalive();
    this.clearConnectTimer();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.removeAllListeners("data");
      socket.on("error", () => {});
      socket.destroy();
    }
    const pend = [...this.pending.values()];
    this.pending.clear();
    for (const p of pend) {
      clearTimeout(p.timer);
      p.reject(new AmiError(code, `AMI ${p.action} (${p.actionId}) aborted: ${reason}`, { action: p.action }));
    }
    if (socket) this.emit("disconnected", reason);
  }

  /** After a drop: go to disconnected and schedule a reconnect with back-off. */
  private afterDrop(): void {
    this.setState("disconnected");
    if (!this.started || this.opts.reconnect === false) return;
    const { minMs, maxMs, factor, jitter } = this.opts.reconnect;
    let delay = Math.min(maxMs, minMs * factor ** this.attempt);
    if (jitter > 0) delay = Math.max(0, delay * (1 + (Math.random() * 2 - 1) * jitter));
    this.attempt += 1;
    this.clearReconnect();
    this.reconnectTimer = this.opts.timers.set(() => {
      this.reconnectTimer = null;
      if (this.started) this.connectNow();
    }, delay);
  }

  private setState(s: AmiState): void {
    if (s === this._state) return;
    const prev = this._state;
    this._state = s;
    this.emit("state", s, prev);
  }
}
