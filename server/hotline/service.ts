// HotlineService: owns the AMI connection and the CallBridge for one app, writes
// every call event to SQLite first (idempotent by Uniqueid), then publishes on the
// bus (topic "hotline") for the SSE streams. Constructed with deps and an AMI
// client factory so tests drive it against the fake AMI server.
import {
  AmiClient,
  CallBridge,
  type AmiClientOptions,
  type AmiMessage,
  type AmiState,
  type CallEvent,
} from "../../telephony/index.ts";
import type { Deps } from "../core/http.ts";
import type { Actor } from "../core/context.ts";
import {
  amiSettings,
  agentByUser,
  agentByInterface,
  callById,
  listAgents,
  openAmiCalls,
  type AmiSettings,
} from "./queries.ts";
import { recordCallEvent } from "./verbs/record-call-event.ts";
import { closeStaleCalls } from "./verbs/close-stale-calls.ts";
import {
  startOriginate,
  finishOriginate,
  agentLegOutcome,
  type OriginateFinish,
  type OriginateRequestInput,
} from "./verbs/record-originate.ts";
import { nowIso } from "../core/db.ts";

export type ConnectionState = "unconfigured" | AmiState;
export const CONNECTION_NAMES: Record<ConnectionState, string> = {
  unconfigured: "未配置交换机（手工登记模式）",
  disconnected: "交换机未连接（正在重试）",
  connecting: "正在连接交换机",
  connected: "交换机已连接",
  auth_failed: "交换机登录失败（请检查用户名和密码）",
};

/** What SSE listeners receive on the bus topic "hotline". */
export type HotlineBusEvent =
  | { kind: "call"; type: CallEvent["type"]; callId: number; agentUserId: number | null; callerNum: string | null }
  | { kind: "connection"; state: ConnectionState }
  | { kind: "agent"; userId: number }
  /** A click-to-call attempt started (`outcome` null) or finished. */
  | { kind: "originate"; userId: number | null; id: number; outcome: string | null };

export type AmiFactory = (opts: AmiClientOptions) => AmiClient;
export const defaultAmiFactory: AmiFactory = (opts) => new AmiClient(opts);

export type HotlineServiceOptions = {
  amiFactory?: AmiFactory;
  /** Clock for the bridge (epoch ms). */
  now?: () => number;
  /** Extra AmiClient options (tests: small back-off, no keepalive). */
  clientOptions?: Partial<AmiClientOptions>;
  endGraceMs?: number;
};

export class HotlineService {
  private client: AmiClient | null = null;
  private bridge: CallBridge | null = null;
  private _state: ConnectionState = "unconfigured";
  private settings: AmiSettings;
  lastError: string | null = null;
  since: string = nowIso();
  /** Promise chain so call events are written strictly in arrival order. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private deps: Deps,
    private opts: HotlineServiceOptions = {},
  ) {
    this.settings = amiSettings(deps.db, deps.config);
  }

  get state(): ConnectionState {
    return this._state;
  }
  get configured() {
    return !!this.settings.host;
  }
  /** Calls the bridge is tracking right now (waiting or talking). */
  activeCalls() {
    return this.bridge?.activeCalls() ?? [];
  }

  private setState(s: ConnectionState) {
    if (s === this._state) return;
    this._state = s;
    this.since = nowIso();
    this.deps.bus.publish("hotline", { kind: "connection", state: s } satisfies HotlineBusEvent);
  }

  /** Connect with the current settings. Never throws: with no PBX the desk keeps working manually. */
  async start(): Promise<void> {
    await this.stop();
    this.settings = amiSettings(this.deps.db, this.deps.config);
    if (!this.settings.host) {
      this.setState("unconfigured");
      return;
    }
    // Calls left open by a previous bridge (process restart, settings saved) are not closed here:
    // at every login the PBX's own picture decides (reconcile()).
    const s = this.settings;
    const client = (this.opts.amiFactory ?? defaultAmiFactory)({
      host: s.host,
      port: s.port,
      username: s.user,
      secret: s.secret,
      events: "on",
      keepaliveMs: 20_000,
      reconnect: { minMs: 500, maxMs: 30_000, factor: 2, jitter: 0.2 },
      ...this.opts.clientOptions,
    });
    const bridge = new CallBridge(client, {
      now: this.opts.now,
      entryContexts: s.entryContexts.length ? s.entryContexts : undefined,
      endGraceMs: this.opts.endGraceMs,
    });
    this.client = client;
    this.bridge = bridge;
    client.on("state", (st: AmiState) => {
      this.setState(st);
      if (st === "connected") {
        this.chain = this.chain
          .then(() => this.reconcile(bridge))
          .catch((e) => {
            this.lastError = String(e);
          });
        void this.reapplyPauses();
      }
    });
    client.on("event", (m: AmiMessage) => this.onMemberEvent(m));
    bridge.on("error", (e: Error) => (this.lastError = e.message));
    bridge.on("call", (e: CallEvent) => {
      if (s.queues.length && e.call.queue && !s.queues.includes(e.call.queue)) return;
      this.chain = this.chain
        .then(() => this.onCall(e))
        .catch((err) => {
          this.lastError = String(err?.message ?? err);
          console.error("hotline: call event not recorded", err);
        });
    });
    this.setState("connecting");
    try {
      await client.start();
    } catch (e) {
      this.lastError = (e as Error).message;
      // auth_failed: wait for new settings; other failures: the client keeps retrying.
    }
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = null;
    this.bridge = null;
    if (c) await c.close();
    await this.chain;
    await Promise.all(this.attempts.values());
  }

  /** Wait until every call event received so far is in SQLite (tests, shutdown). */
  flush(): Promise<void> {
    return this.chain;
  }

  private async onCall(e: CallEvent) {
    const { db, bus } = this.deps;
    const r = recordCallEvent(db, { kind: "telephony" }, e, { callbackHours: this.settings.callbackHours });
    bus.publish("hotline", {
      kind: "call",
      type: e.type,
      callId: r.callId,
      agentUserId: r.agentUserId,
      callerNum: e.call.callerNum,
    } satisfies HotlineBusEvent);
    if (r.agentUserId) bus.publish("hotline", { kind: "agent", userId: r.agentUserId } satisfies HotlineBusEvent);
    if (e.type === "ended" && r.agentUserId && this.settings.pauseInWrapup) {
      const call = callById(db, r.callId);
      if (call?.answeredAt && !call.wrapupAt) await this.pause(r.agentUserId, true);
    }
  }

  /**
   * QueuePause the agent's interface in each configured queue (wrap-up), if enabled (default on)
   * and connected; without configured queues, in every queue. Best effort.
   */
  async pause(userId: number, paused: boolean): Promise<boolean> {
    const a = agentByUser(this.deps.db, userId);
    return a?.interface ? this.pauseInterface(a.interface, paused) : false;
  }

  private async pauseInterface(iface: string, paused: boolean): Promise<boolean> {
    const client = this.client;
    if (!this.settings.pauseInWrapup || !client || client.state !== "connected") return false;
    const queues: (string | undefined)[] = this.settings.queues.length ? this.settings.queues : [undefined];
    let ok = true;
    for (const q of queues) {
      try {
        await client.action({
          Action: "QueuePause",
          Interface: iface,
          Queue: q,
          Paused: paused ? "true" : "false",
          Reason: paused ? "wrapup" : undefined,
        });
      } catch (e) {
        ok = false;
        this.lastError = (e as Error).message;
      }
    }
    return ok;
  }

  /**
   * Reconcile, never guess: at every login ask the PBX (CoreShowChannels + QueueStatus). Open rows
   * whose caller channel is still up keep their row and agent and are followed again; callers
   * waiting appear (wallboard) and get a row; only rows the PBX no longer has are ended `reconciled`.
   */
  private async reconcile(bridge: CallBridge): Promise<void> {
    const { db } = this.deps;
    let snap: Awaited<ReturnType<CallBridge["pbxSnapshot"]>>;
    try {
      snap = await bridge.pbxSnapshot();
    } catch (e) {
      this.lastError = `reconcile: ${(e as Error).message}`;
      return;
    }
    const tracked = new Set(bridge.activeCalls().map((c) => c.uniqueid));
    const keep = new Set([...snap.channels.keys()].filter((u) => !tracked.has(u)));
    for (const row of openAmiCalls(db)) {
      if (tracked.has(row.uniqueid) || !snap.channels.has(row.uniqueid)) continue;
      const t = (iso: string | null) => (iso ? Date.parse(iso) : null);
      bridge.adopt({
        uniqueid: row.uniqueid,
        linkedid: row.linkedid ?? row.uniqueid,
        channel: row.channel ?? "",
        callerNum: row.callerNum,
        queue: row.queue,
        status: row.answeredAt ? "answered" : row.status === "ringing" ? "ringing" : "queued",
        enteredAt: t(row.enteredAt) ?? Date.now(),
        answeredAt: t(row.answeredAt),
        agentInterface: row.agentInterface,
        agentMember: row.agentMember,
        waitSeconds: row.waitSeconds,
      });
    }
    const n = closeStaleCalls(
      db,
      { kind: "telephony" },
      { keep: new Set([...keep, ...tracked]), reason: "reconciled" },
    );
    if (n) this.deps.bus.publish("hotline", { kind: "connection", state: this._state } satisfies HotlineBusEvent);
    const now = this.opts.now?.() ?? Date.now();
    for (const w of snap.waiting)
      bridge.adopt(
        {
          uniqueid: w.uniqueid,
          channel: w.channel,
          callerNum: w.callerNum,
          queue: w.queue,
          status: "queued",
          position: w.position,
          enteredAt: now - (w.waitSeconds ?? 0) * 1000,
        },
        true,
      );
  }

  /** After every login (first or re-): agents still in wrap-up are paused again (a PBX restart forgets it). */
  private async reapplyPauses(): Promise<void> {
    for (const a of listAgents(this.deps.db))
      if (a.state === "wrapup" && a.interface) await this.pauseInterface(a.interface, true);
  }

  /** The PBX's own paused flag per member interface (QueueMemberStatus/QueueMemberPause/QueueStatus). */
  private readonly memberPaused = new Map<string, Map<string, boolean>>();

  /** true if the PBX has the interface paused in any queue, false if not, null if it never said. */
  pbxPaused(iface: string | null): boolean | null {
    const m = iface ? this.memberPaused.get(iface.toLowerCase()) : undefined;
    if (!m || m.size === 0) return null;
    return [...m.values()].some(Boolean);
  }

  private onMemberEvent(m: AmiMessage): void {
    const ev = m.event;
    if (ev !== "QueueMemberStatus" && ev !== "QueueMemberPause" && ev !== "QueueMember") return;
    // QueueStatus's QueueMember says Location/Name where the events say Interface/MemberName.
    const iface = (ev === "QueueMember" ? m.get("Location") : m.get("Interface"))?.toLowerCase();
    const queue = m.get("Queue");
    const paused = m.get("Paused");
    if (!iface || !queue || paused === undefined) return;
    let q = this.memberPaused.get(iface);
    if (!q) this.memberPaused.set(iface, (q = new Map()));
    const was = this.pbxPaused(iface);
    q.set(queue, paused === "1");
    if (was !== this.pbxPaused(iface)) {
      const a = agentByInterface(this.deps.db, m.get(ev === "QueueMember" ? "Location" : "Interface") ?? null);
      if (a) this.deps.bus.publish("hotline", { kind: "agent", userId: a.userId } satisfies HotlineBusEvent);
    }
  }

  /** Click-to-call attempts still waiting for the PBX's outcome. */
  private attempts = new Map<number, Promise<void>>();

  /**
   * Click-to-call from the agent's own interface. Returns at once with the attempt id; the
   * outcome (from the citizen's leg) is recorded and published on the bus when the PBX tells.
   */
  originate(actor: Actor, req: OriginateRequestInput): { id: number } {
    const userId = actor.kind === "user" ? actor.userId : null;
    const id = startOriginate(this.deps.db, actor, req);
    const finish = (f: OriginateFinish) => {
      finishOriginate(this.deps.db, actor, id, f);
      this.deps.bus.publish("hotline", { kind: "originate", userId, id, outcome: f.outcome } satisfies HotlineBusEvent);
    };
    const agent = userId ? agentByUser(this.deps.db, userId) : null;
    const bridge = this.bridge;
    // Nothing to wait for: record the failure before answering the request.
    const now: OriginateFinish | null = !agent?.interface
      ? { outcome: "not_connected", message: "no agent interface" }
      : !bridge || this.client?.state !== "connected"
        ? { outcome: "not_connected", message: "AMI not connected" }
        : null;
    if (now) {
      finish(now);
      return { id };
    }
    this.deps.bus.publish("hotline", { kind: "originate", userId, id, outcome: null } satisfies HotlineBusEvent);
    const run = this.followOriginate(bridge!, agent!.interface!, req)
      .catch((e): OriginateFinish => ({ outcome: "unknown", message: String((e as Error)?.message ?? e) }))
      .then(finish)
      .catch((e) => {
        this.lastError = String((e as Error)?.message ?? e);
      })
      .finally(() => this.attempts.delete(id));
    this.attempts.set(id, run);
    return { id };
  }

  /** Resolves when the attempt's outcome is recorded (tests, shutdown). */
  originateSettled(id: number): Promise<void> {
    return this.attempts.get(id) ?? Promise.resolve();
  }

  private async followOriginate(
    bridge: CallBridge,
    agentInterface: string,
    req: OriginateRequestInput,
  ): Promise<OriginateFinish> {
    const r = await bridge.originate({
      agentInterface,
      number: req.number,
      context: this.settings.originateContext,
      callerId: this.settings.callerId,
      variables: { WANMI_PURPOSE: req.purpose, ...(req.caseId ? { WANMI_CASE: String(req.caseId) } : {}) },
    });
    if (!r.ok)
      return { outcome: agentLegOutcome(r.reasonText), actionId: r.actionId, reason: r.reason, message: r.message };
    const c = await bridge.citizenResult(r.uniqueid);
    return { outcome: c.outcome, actionId: r.actionId, uniqueid: r.uniqueid, dialStatus: c.dialStatus };
  }
}

// One service per app (keyed by its Deps), created lazily so routes, tests and
// `serve` share it.
const services = new WeakMap<Deps, HotlineService>();

export function hotlineFor(deps: Deps, opts?: HotlineServiceOptions): HotlineService {
  let s = services.get(deps);
  if (!s) {
    s = new HotlineService(deps, opts);
    services.set(deps, s);
  }
  return s;
}

/** Called once at serve time: connect to Asterisk if configured. */
export function startHotline(deps: Deps, opts?: HotlineServiceOptions): HotlineService {
  const s = hotlineFor(deps, opts);
  void s.start();
  return s;
}
