/**
 * CallBridge: turns raw AMI events into typed hotline call events.
 *
 * A call is keyed by the Uniqueid of the caller's channel, the one that joins
 * the queue (`QueueCallerJoin.Uniqueid`): the trunk channel, or the `;2` half
 * when the caller is a Local channel pair. Other legs (agent Local channels,
 * the caller's `;1` half) are attached through Linkedid / DestUniqueid.
 *
 * Every emitted CallEvent carries a full snapshot of the CallRecord.
 * Event order per call: ringing, queued, (agent_ringing, agent_noanswer)*,
 * answered | abandoned, recording?, ended. `ended` is always the last one and
 * is emitted exactly once per call.
 *
 * Restart / connection loss policy (see README):
 *   - `Event: Shutdown` then EOF: the PBX is going away and takes every channel
 *     with it, so calls still open are ended at once with endReason
 *     "pbx_restart" (a `core stop now` normally hangs them up first, and those
 *     end normally, with endReason "pbx_shutdown").
 *   - EOF/drop without Shutdown (network blip, crash, dead-peer keepalive):
 *     open calls are marked unresolved. After the next successful login the
 *     bridge runs `CoreShowChannels`; calls whose caller channel still exists
 *     keep being tracked, the others are ended with endReason "reconciled"
 *     (endedAt = the reconciliation time). If CoreShowChannels fails they are
 *     ended the same way. Late events for ended calls are ignored, so nothing
 *     is duplicated.
 *
 * Pure: imports nothing from the application; the clock is injectable.
 */
import { EventEmitter } from "node:events";
import type { AmiActionFields, AmiActionOptions, AmiActionResult, AmiState } from "./ami/client.ts";
import { AmiError } from "./ami/client.ts";
import { AmiMessage } from "./ami/parser.ts";

export type HungUpBy = "agent" | "caller" | "transfer" | "system";
export type EndReason = "normal" | "abandoned" | "pbx_shutdown" | "pbx_restart" | "connection_lost" | "reconciled";

/** The PBX's live picture: every channel (CoreShowChannels) and every waiting caller (QueueStatus). */
export interface PbxSnapshot {
  channels: Map<
    string,
    { channel: string; linkedid: string | null; callerNum: string | null; application: string | null }
  >;
  waiting: {
    queue: string;
    uniqueid: string;
    channel: string;
    callerNum: string | null;
    position: number | null;
    waitSeconds: number | null;
  }[];
}
export type CallStatus = "ringing" | "queued" | "answered" | "ended";

export interface CallRecord {
  /** Uniqueid of the caller's channel (the key). */
  uniqueid: string;
  linkedid: string;
  /** Caller channel name, e.g. `IAX2/carrier-533` or `Local/...;2`. */
  channel: string;
  callerNum: string | null;
  callerName: string | null;
  queue: string | null;
  status: CallStatus;
  /** Epoch ms from the injected clock. */
  enteredAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  agentInterface: string | null;
  agentMember: string | null;
  /** The agent leg's channel (DestChannel of AgentConnect). */
  agentChannel: string | null;
  /** Seconds in the queue (HoldTime of AgentConnect / QueueCallerAbandon). */
  waitSeconds: number | null;
  /** Seconds talking (TalkTime of AgentComplete, else clock difference). */
  talkSeconds: number | null;
  /** Ring time of the answering agent, seconds. */
  ringSeconds: number | null;
  /** Last known queue position. */
  position: number | null;
  hungUpBy: HungUpBy | null;
  abandoned: boolean;
  recordingFile: string | null;
  /** Q.850 cause from the caller's Hangup. */
  cause: number | null;
  causeText: string | null;
  endReason: EndReason | null;
}

interface Base<T extends string> {
  type: T;
  uniqueid: string;
  /** Clock time the bridge handled the event (epoch ms). */
  at: number;
  call: CallRecord;
}
export type CallEvent =
  | Base<"ringing">
  | (Base<"queued"> & { position: number | null; count: number | null })
  | (Base<"agent_ringing"> & { agentInterface: string | null; agentMember: string | null; agentChannel: string | null })
  | (Base<"agent_noanswer"> & {
      agentInterface: string | null;
      agentMember: string | null;
      /** AgentRingNoAnswer's RingTime, which is in milliseconds. */
      ringMs: number | null;
      ringSeconds: number | null;
    })
  | (Base<"answered"> & {
      agentInterface: string | null;
      agentMember: string | null;
      holdSeconds: number | null;
      ringSeconds: number | null;
    })
  | (Base<"abandoned"> & { holdSeconds: number | null; position: number | null; originalPosition: number | null })
  | (Base<"recording"> & { file: string })
  | (Base<"ended"> & { reason: EndReason });
export type CallEventType = CallEvent["type"];

export interface OriginateRequest {
  /** Channel to ring first, e.g. `PJSIP/1001` or `Local/agent2@agents`. */
  agentInterface: string;
  /** Number to dial once the agent answers (Exten). */
  number: string;
  context: string;
  priority?: number;
  /** e.g. `"Hotline 12319" <12319>` */
  callerId?: string;
  variables?: Record<string, string>;
  /** Ring timeout of the first leg, ms (AMI `Timeout`, default 30 000). */
  timeoutMs?: number;
  /** Async originate (default true). With false, only the Response decides. */
  async?: boolean;
  /** How long to wait for OriginateResponse beyond timeoutMs (default 15 000 ms). */
  responseGraceMs?: number;
}

export type OriginateFailureText =
  | "failed" // 0: the channel could not be created/dialled (unknown technology, no such peer)
  | "hangup" // 1
  | "no_answer" // 2 ring / 3 ringing: timed out while ringing
  | "busy" // 5
  | "congestion" // 8
  | "rejected" // -1: Response: Error (e.g. sync "Originate failed", permission)
  | "timeout" // -2: no OriginateResponse in time
  | "not_connected" // -3: AMI not connected / connection lost
  | "unknown";

export type OriginateResult =
  | { ok: true; uniqueid: string; channel: string; actionId: string }
  | { ok: false; reason: number; reasonText: OriginateFailureText; message: string; actionId: string };

export function originateReasonText(reason: number): OriginateFailureText {
  switch (reason) {
    case 0:
      return "failed";
    case 1:
      return "hangup";
    case 2:
    case 3:
      return "no_answer";
    case 5:
      return "busy";
    case 8:
      return "congestion";
    case -1:
      return "rejected";
    case -2:
      return "timeout";
    case -3:
      return "not_connected";
    default:
      return "unknown";
  }
}

/**
 * What happened to the citizen's leg of a click-to-call. `OriginateResponse`
 * only covers the agent's leg; the citizen's result is the `DialEnd` whose
 * `Uniqueid` is the originated channel (the agent's `;1`) — see the
 * originate-citizen-* captures.
 */
export type CitizenOutcome =
  | "answered" // DialStatus ANSWER
  | "busy" // BUSY
  | "no_answer" // NOANSWER
  | "congestion" // CONGESTION
  | "unavailable" // CHANUNAVAIL
  | "cancelled" // CANCEL: the agent hung up while the citizen was ringing
  | "agent_hangup" // the agent's leg hung up before the citizen was dialled
  | "failed" // any other DialStatus
  | "unknown"; // no result in time, or the AMI connection dropped

export function citizenOutcomeOf(dialStatus: string): CitizenOutcome {
  switch (dialStatus.toUpperCase()) {
    case "ANSWER":
      return "answered";
    case "BUSY":
      return "busy";
    case "NOANSWER":
      return "no_answer";
    case "CONGESTION":
      return "congestion";
    case "CHANUNAVAIL":
      return "unavailable";
    case "CANCEL":
      return "cancelled";
    default:
      return "failed";
  }
}

export type CitizenResult = { outcome: CitizenOutcome; dialStatus: string | null; cause: number | null };

/** The part of AmiClient the bridge needs (so tests can drive it with anything). */
export interface AmiLike {
  readonly state: AmiState;
  on(name: "event", listener: (event: AmiMessage) => void): unknown;
  on(name: "state", listener: (state: AmiState, previous: AmiState) => void): unknown;
  action(fields: AmiActionFields, options?: AmiActionOptions): Promise<AmiActionResult>;
  nextActionId(): string;
}

export interface CallBridgeOptions {
  /** Clock (epoch ms). Default Date.now. */
  now?: () => number;
  /** Channel variables carrying the recording file name (VarSet). */
  recordingVariables?: string[];
  /**
   * Dialplan contexts where inbound calls enter. When set, `ringing` is emitted
   * as soon as a channel is seen there (Newchannel/NewCallerid/Newstate), before
   * it joins a queue. Without it, `ringing` is emitted at QueueCallerJoin.
   */
  entryContexts?: string[];
  /** After an answered caller's Hangup, wait this long for AgentComplete (default 2000 ms). */
  endGraceMs?: number;
  /** Reconcile unresolved calls with CoreShowChannels after a reconnect (default true). */
  reconcileOnReconnect?: boolean;
}

interface CallState {
  rec: CallRecord;
  legs: Set<string>;
  agentComplete: boolean;
  firstHangupSide: "caller" | "agent" | null;
  shutdown: boolean;
  callerGone: boolean;
  endTimer: ReturnType<typeof setTimeout> | null;
  unresolved: boolean;
}

const UNKNOWN = new Set(["", "<unknown>", "unknown"]);
function clean(v: string | undefined): string | null {
  return v === undefined || UNKNOWN.has(v) ? null : v;
}

export interface CallBridgeEvents {
  call: [event: CallEvent];
  error: [error: Error];
}

export class CallBridge extends EventEmitter {
  private readonly ami: AmiLike;
  private readonly now: () => number;
  private readonly recVars: Set<string>;
  private readonly entryContexts: Set<string> | null;
  private readonly endGraceMs: number;
  private readonly reconcile: boolean;
  private readonly calls = new Map<string, CallState>();
  private readonly byLinkedid = new Map<string, string>();
  private readonly byLeg = new Map<string, string>();
  private readonly ended = new Map<string, CallRecord>();
  private readonly originates = new Map<string, (m: AmiMessage) => void>();
  private shutdownSeen = false;
  private hadConnection = false;
  /** Recent citizen-leg results and hang-ups by originating Uniqueid (events can beat the waiter). */
  private readonly dialResults = new Map<string, CitizenResult>();
  private readonly citizenWaiters = new Map<string, (r: CitizenResult) => void>();

  constructor(ami: AmiLike, options: CallBridgeOptions = {}) {
    super();
    this.ami = ami;
    this.now = options.now ?? Date.now;
    this.recVars = new Set(
      (options.recordingVariables ?? ["RECORDING_FILE", "MIXMONITOR_FILENAME"]).map((v) => v.toUpperCase()),
    );
    this.entryContexts = options.entryContexts ? new Set(options.entryContexts) : null;
    this.endGraceMs = options.endGraceMs ?? 2000;
    this.reconcile = options.reconcileOnReconnect ?? true;
    ami.on("event", (m) => this.handleEvent(m));
    ami.on("state", (s, prev) => this.onState(s, prev));
    if (ami.state === "connected") this.hadConnection = true;
  }

  override on<K extends keyof CallBridgeEvents>(name: K, listener: (...args: CallBridgeEvents[K]) => void): this {
    return super.on(name, listener as (...args: unknown[]) => void);
  }

  /** Snapshots of the calls in progress. */
  activeCalls(): CallRecord[] {
    return [...this.calls.values()].map((c) => ({ ...c.rec }));
  }

  /** Snapshot of a call, in progress or recently ended. */
  getCall(uniqueid: string): CallRecord | undefined {
    const c = this.calls.get(uniqueid);
    if (c) return { ...c.rec };
    const e = this.ended.get(uniqueid);
    return e ? { ...e } : undefined;
  }

  /** Feed one AMI event (called automatically for the client's "event"s). */
  handleEvent(m: AmiMessage): void {
    const ev = m.event;
    if (!ev) return;
    switch (ev) {
      case "OriginateResponse": {
        const id = m.actionId;
        const w = id !== undefined ? this.originates.get(id) : undefined;
        if (w) w(m);
        return;
      }
      case "DialEnd":
        return this.onDialEnd(m);
      case "Shutdown":
        this.shutdownSeen = true;
        for (const c of this.calls.values()) c.shutdown = true;
        return;
      case "Newchannel":
      case "NewCallerid":
      case "Newstate":
        return this.onChannel(m);
      case "QueueCallerJoin":
        return this.onJoin(m);
      case "AgentCalled":
      case "AgentRingNoAnswer":
      case "AgentConnect":
      case "AgentComplete":
        return this.onAgent(ev, m);
      case "QueueCallerAbandon":
        return this.onAbandon(m);
      case "HangupRequest":
      case "SoftHangupRequest":
        return this.onHangupRequest(ev, m);
      case "Hangup":
        this.onLegHangup(m);
        return this.onHangup(m);
      case "VarSet":
        return this.onVarSet(m);
      default:
        return;
    }
  }

  /**
   * Click-to-call: ring `agentInterface`, then dial `number` in `context`.
   * Correlates the immediate Response and the later OriginateResponse event by
   * ActionID. Never rejects; failures resolve with ok:false.
   */
  async originate(req: OriginateRequest): Promise<OriginateResult> {
    const actionId = this.ami.nextActionId();
    const timeoutMs = req.timeoutMs ?? 30_000;
    const isAsync = req.async ?? true;
    const fields: AmiActionFields = {
      Action: "Originate",
      ActionID: actionId,
      Channel: req.agentInterface,
      Context: req.context,
      Exten: req.number,
      Priority: req.priority ?? 1,
      CallerID: req.callerId,
      Timeout: timeoutMs,
      Variable: req.variables ? Object.entries(req.variables).map(([k, v]) => `${k}=${v}`) : undefined,
      Async: isAsync ? "true" : undefined,
    };
    const fail = (reason: number, message: string): OriginateResult => ({
      ok: false,
      reason,
      reasonText: originateReasonText(reason),
      message,
      actionId,
    });

    // Register the waiter before sending: OriginateResponse may race the Response.
    let onResponseEvent!: (m: AmiMessage) => void;
    const eventPromise = new Promise<AmiMessage>((resolve) => {
      onResponseEvent = resolve;
    });
    this.originates.set(actionId, (m) => onResponseEvent(m));
    try {
      let response: AmiActionResult;
      try {
        response = await this.ami.action(fields, {
          timeoutMs: isAsync ? 10_000 : timeoutMs + (req.responseGraceMs ?? 15_000),
        });
      } catch (e) {
        if (e instanceof AmiError) {
          if (e.code === "response_error") return fail(-1, e.response?.get("Message") ?? e.message);
          if (e.code === "timeout") return fail(-2, e.message);
          return fail(-3, e.message);
        }
        return fail(-3, String(e));
      }
      if (!isAsync) {
        const uid = clean(response.response.get("Uniqueid"));
        return uid
          ? { ok: true, uniqueid: uid, channel: response.response.get("Channel") ?? req.agentInterface, actionId }
          : { ok: true, uniqueid: "", channel: req.agentInterface, actionId };
      }
      const grace = req.responseGraceMs ?? 15_000;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let stateListener: ((s: AmiState) => void) | undefined;
      const outcome = await Promise.race([
        eventPromise,
        new Promise<"timeout">((resolve) => {
          timer = setTimeout(() => resolve("timeout"), timeoutMs + grace);
        }),
        new Promise<"lost">((resolve) => {
          stateListener = (s: AmiState) => {
            if (s !== "connected") resolve("lost");
          };
          this.ami.on("state", stateListener);
        }),
      ]);
      if (timer) clearTimeout(timer);
      if (stateListener && "off" in this.ami) (this.ami as unknown as EventEmitter).off("state", stateListener);
      if (outcome === "timeout") return fail(-2, `no OriginateResponse within ${timeoutMs + grace} ms`);
      if (outcome === "lost") return fail(-3, "AMI connection lost before OriginateResponse");
      const ok = (outcome.get("Response") ?? "").toLowerCase() === "success";
      const reason = outcome.int("Reason") ?? -99;
      if (ok) {
        return { ok: true, uniqueid: outcome.get("Uniqueid") ?? "", channel: outcome.get("Channel") ?? "", actionId };
      }
      return fail(reason, `Originate to ${outcome.get("Channel") ?? req.agentInterface} failed (Reason ${reason})`);
    } finally {
      this.originates.delete(actionId);
    }
  }

  /**
   * The citizen's result of a successful originate (`uniqueid` from its
   * OriginateResponse): the DialEnd dialled from that channel, or its Hangup
   * before any dial (`agent_hangup`). Resolves `unknown` after `timeoutMs` or
   * when the AMI connection drops. Never rejects.
   */
  citizenResult(uniqueid: string, timeoutMs = 180_000): Promise<CitizenResult> {
    const known = this.dialResults.get(uniqueid);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = (r: CitizenResult) => {
        if (timer) clearTimeout(timer);
        this.citizenWaiters.delete(uniqueid);
        resolve(r);
      };
      timer = setTimeout(() => done({ outcome: "unknown", dialStatus: null, cause: null }), timeoutMs);
      this.citizenWaiters.set(uniqueid, done);
    });
  }

  private settleCitizen(uniqueid: string, r: CitizenResult): void {
    if (this.dialResults.has(uniqueid)) return; // first result wins (DialEnd can repeat: NOANSWER then CANCEL)
    this.dialResults.set(uniqueid, r);
    if (this.dialResults.size > 500) this.dialResults.delete(this.dialResults.keys().next().value as string);
    this.citizenWaiters.get(uniqueid)?.(r);
  }

  private onDialEnd(m: AmiMessage): void {
    // A dial placed by Originate itself (the agent's leg) has no caller fields: skip it.
    const uid = clean(m.get("Uniqueid"));
    const status = m.get("DialStatus");
    if (!uid || !status || uid === m.get("DestUniqueid")) return;
    this.settleCitizen(uid, { outcome: citizenOutcomeOf(status), dialStatus: status.toUpperCase(), cause: null });
  }

  private onLegHangup(m: AmiMessage): void {
    const uid = clean(m.get("Uniqueid"));
    if (!uid || this.dialResults.has(uid)) return;
    this.settleCitizen(uid, { outcome: "agent_hangup", dialStatus: null, cause: m.int("Cause") ?? null });
  }

  /** Ask the PBX what is live now: CoreShowChannels + QueueStatus. Rejects if either action fails. */
  async pbxSnapshot(): Promise<PbxSnapshot> {
    const [ch, qs] = await Promise.all([
      this.ami.action({ Action: "CoreShowChannels" }),
      this.ami.action({ Action: "QueueStatus" }),
    ]);
    const channels: PbxSnapshot["channels"] = new Map();
    for (const e of ch.events) {
      const uid = clean(e.get("Uniqueid"));
      if (uid)
        channels.set(uid, {
          channel: e.get("Channel") ?? "",
          linkedid: clean(e.get("Linkedid")),
          callerNum: clean(e.get("CallerIDNum")),
          application: clean(e.get("Application")),
        });
    }
    const waiting = qs.events
      .filter((e) => e.event === "QueueEntry" && clean(e.get("Uniqueid")))
      .map((e) => ({
        queue: e.get("Queue") ?? "",
        uniqueid: e.get("Uniqueid")!,
        channel: e.get("Channel") ?? "",
        callerNum: clean(e.get("CallerIDNum")),
        position: e.int("Position") ?? null,
        waitSeconds: e.int("Wait") ?? null,
      }));
    return { channels, waiting };
  }

  /**
   * Follow a call that was already live when the bridge connected (from the database or the PBX's
   * QueueStatus): later events (AgentComplete, Hangup, QueueCallerAbandon) then find it. Emits
   * `queued` for a waiting caller seen for the first time (`announce`). No-op if already tracked or ended.
   */
  adopt(rec: Partial<CallRecord> & { uniqueid: string }, announce = false): boolean {
    if (this.calls.has(rec.uniqueid) || this.ended.has(rec.uniqueid)) return false;
    const m = new AmiMessage([
      ["Uniqueid", rec.uniqueid],
      ["Linkedid", rec.linkedid ?? rec.uniqueid],
      ["Channel", rec.channel ?? ""],
      ["CallerIDNum", rec.callerNum ?? ""],
    ]);
    const c = this.create(m, rec.uniqueid);
    Object.assign(c.rec, Object.fromEntries(Object.entries(rec).filter(([, v]) => v !== undefined && v !== null)));
    if (announce) this.emitCall({ ...this.base("queued", c), position: c.rec.position, count: null });
    return true;
  }

  // ------------------------------------------------------------ call logic

  private emitCall(e: CallEvent): void {
    this.emit("call", e);
  }

  private snapshot(c: CallState): CallRecord {
    return { ...c.rec };
  }

  private base<T extends CallEventType>(type: T, c: CallState): Base<T> {
    return { type, uniqueid: c.rec.uniqueid, at: this.now(), call: this.snapshot(c) };
  }

  private create(m: AmiMessage, uid: string): CallState {
    const linkedid = m.get("Linkedid") ?? uid;
    const rec: CallRecord = {
      uniqueid: uid,
      linkedid,
      channel: m.get("Channel") ?? "",
      callerNum: clean(m.get("CallerIDNum")),
      callerName: clean(m.get("CallerIDName")),
      queue: null,
      status: "ringing",
      enteredAt: this.now(),
      answeredAt: null,
      endedAt: null,
      agentInterface: null,
      agentMember: null,
      agentChannel: null,
      waitSeconds: null,
      talkSeconds: null,
      ringSeconds: null,
      position: null,
      hungUpBy: null,
      abandoned: false,
      recordingFile: null,
      cause: null,
      causeText: null,
      endReason: null,
    };
    const c: CallState = {
      rec,
      legs: new Set(),
      agentComplete: false,
      firstHangupSide: null,
      shutdown: this.shutdownSeen,
      callerGone: false,
      endTimer: null,
      unresolved: false,
    };
    this.calls.set(uid, c);
    if (!this.byLinkedid.has(linkedid)) this.byLinkedid.set(linkedid, uid);
    return c;
  }

  /** Find the call an event belongs to: caller Uniqueid, agent leg, or Linkedid. */
  private find(m: AmiMessage): CallState | undefined {
    const uid = m.get("Uniqueid");
    if (uid) {
      const c = this.calls.get(uid);
      if (c) return c;
      const viaLeg = this.byLeg.get(uid);
      if (viaLeg) return this.calls.get(viaLeg);
    }
    const dest = m.get("DestUniqueid");
    if (dest) {
      const viaLeg = this.byLeg.get(dest);
      if (viaLeg) return this.calls.get(viaLeg);
    }
    for (const key of ["Linkedid", "DestLinkedid"]) {
      const l = m.get(key);
      if (l) {
        const k = this.byLinkedid.get(l);
        if (k) return this.calls.get(k);
      }
    }
    return undefined;
  }

  private updateCaller(c: CallState, m: AmiMessage): void {
    const num = clean(m.get("CallerIDNum"));
    const name = clean(m.get("CallerIDName"));
    if (num) c.rec.callerNum = num;
    if (name) c.rec.callerName = name;
    const ch = m.get("Channel");
    if (ch) c.rec.channel = ch;
  }

  private onChannel(m: AmiMessage): void {
    const uid = m.get("Uniqueid");
    if (!uid || this.ended.has(uid)) return;
    const c = this.calls.get(uid);
    if (c) {
      this.updateCaller(c, m);
      return;
    }
    if (!this.entryContexts || this.byLeg.has(uid)) return;
    const ctx = m.get("Context");
    if (!ctx || !this.entryContexts.has(ctx)) return;
    const n = this.create(m, uid);
    this.emitCall(this.base("ringing", n));
  }

  private onJoin(m: AmiMessage): void {
    const uid = m.get("Uniqueid");
    if (!uid || this.ended.has(uid)) return;
    let c = this.calls.get(uid);
    if (!c) {
      c = this.create(m, uid);
      c.rec.queue = m.get("Queue") ?? null;
      this.emitCall(this.base("ringing", c));
    }
    this.updateCaller(c, m);
    c.rec.queue = m.get("Queue") ?? c.rec.queue;
    c.rec.position = m.int("Position") ?? null;
    if (c.rec.status === "ringing") c.rec.status = "queued";
    this.emitCall({ ...this.base("queued", c), position: m.int("Position") ?? null, count: m.int("Count") ?? null });
  }

  private onAgent(ev: "AgentCalled" | "AgentRingNoAnswer" | "AgentConnect" | "AgentComplete", m: AmiMessage): void {
    const c = this.find(m);
    if (!c) return;
    const dest = m.get("DestUniqueid");
    if (dest && dest !== c.rec.uniqueid) {
      c.legs.add(dest);
      this.byLeg.set(dest, c.rec.uniqueid);
    }
    const agentInterface = m.get("Interface") ?? null;
    const agentMember = m.get("MemberName") ?? null;
    const agentChannel = m.get("DestChannel") ?? null;
    switch (ev) {
      case "AgentCalled":
        if (c.rec.status === "ended") return;
        this.emitCall({ ...this.base("agent_ringing", c), agentInterface, agentMember, agentChannel });
        return;
      case "AgentRingNoAnswer": {
        // RingTime is in MILLISECONDS here (seconds in AgentConnect).
        const ringMs = m.int("RingTime") ?? null;
        this.emitCall({
          ...this.base("agent_noanswer", c),
          agentInterface,
          agentMember,
          ringMs,
          ringSeconds: ringMs === null ? null : ringMs / 1000,
        });
        return;
      }
      case "AgentConnect": {
        c.rec.status = "answered";
        c.rec.answeredAt = this.now();
        c.rec.agentInterface = agentInterface;
        c.rec.agentMember = agentMember;
        c.rec.agentChannel = agentChannel;
        c.rec.waitSeconds = m.int("HoldTime") ?? null;
        c.rec.ringSeconds = m.int("RingTime") ?? null;
        this.emitCall({
          ...this.base("answered", c),
          agentInterface,
          agentMember,
          holdSeconds: c.rec.waitSeconds,
          ringSeconds: c.rec.ringSeconds,
        });
        return;
      }
      case "AgentComplete": {
        c.agentComplete = true;
        const talk = m.int("TalkTime");
        if (talk !== undefined) c.rec.talkSeconds = talk;
        if (c.rec.waitSeconds === null) c.rec.waitSeconds = m.int("HoldTime") ?? null;
        const reason = m.get("Reason");
        if (reason === "agent" || reason === "caller" || reason === "transfer") c.rec.hungUpBy = reason;
        if (!c.rec.agentInterface) c.rec.agentInterface = agentInterface;
        if (!c.rec.agentMember) c.rec.agentMember = agentMember;
        if (c.callerGone) this.finish(c, "normal");
        return;
      }
    }
  }

  private onAbandon(m: AmiMessage): void {
    const c = this.find(m);
    if (!c) return;
    c.rec.abandoned = true;
    c.rec.waitSeconds = m.int("HoldTime") ?? c.rec.waitSeconds;
    c.rec.position = m.int("Position") ?? c.rec.position;
    this.emitCall({
      ...this.base("abandoned", c),
      holdSeconds: m.int("HoldTime") ?? null,
      position: m.int("Position") ?? null,
      originalPosition: m.int("OriginalPosition") ?? null,
    });
  }

  private onHangupRequest(ev: string, m: AmiMessage): void {
    const c = this.find(m);
    if (!c) return;
    // Soft-hangup reason flag 4 = AST_SOFTHANGUP_SHUTDOWN.
    if (ev === "SoftHangupRequest" && m.int("Cause") === 4) c.shutdown = true;
    if (c.firstHangupSide === null) {
      const uid = m.get("Uniqueid");
      c.firstHangupSide = uid === c.rec.uniqueid || uid === c.rec.linkedid ? "caller" : "agent";
    }
  }

  private onHangup(m: AmiMessage): void {
    const uid = m.get("Uniqueid");
    if (!uid) return;
    const c = this.calls.get(uid);
    if (!c || c.callerGone) return;
    c.callerGone = true;
    c.rec.endedAt = this.now();
    c.rec.cause = m.int("Cause") ?? null;
    c.rec.causeText = m.get("Cause-txt") ?? null;
    if (c.rec.answeredAt !== null && !c.agentComplete) {
      // AgentComplete (talk time, who hung up) may still follow: wait a little.
      c.endTimer = setTimeout(() => this.finish(c, "normal"), this.endGraceMs);
      return;
    }
    this.finish(c, "normal");
  }

  private onVarSet(m: AmiMessage): void {
    const name = (m.get("Variable") ?? "").toUpperCase();
    if (!this.recVars.has(name)) return;
    const c = this.find(m);
    const file = m.get("Value");
    if (!c || !file || c.rec.recordingFile === file) return;
    c.rec.recordingFile = file;
    this.emitCall({ ...this.base("recording", c), file });
  }

  private finish(c: CallState, reason: EndReason): void {
    if (c.rec.status === "ended") return;
    if (c.endTimer) clearTimeout(c.endTimer);
    c.endTimer = null;
    const r = c.rec;
    const now = this.now();
    if (r.endedAt === null) r.endedAt = now;
    let why = reason;
    if (why === "normal") {
      if (c.shutdown) why = "pbx_shutdown";
      else if (r.abandoned) why = "abandoned";
    }
    if (c.shutdown || why === "pbx_restart") r.hungUpBy = "system";
    if (r.hungUpBy === null && (why === "normal" || why === "abandoned")) {
      r.hungUpBy = r.abandoned ? "caller" : c.firstHangupSide;
    }
    if (r.answeredAt !== null && r.talkSeconds === null)
      r.talkSeconds = Math.max(0, Math.round((r.endedAt - r.answeredAt) / 1000));
    if (r.answeredAt === null && r.waitSeconds === null)
      r.waitSeconds = Math.max(0, Math.round((r.endedAt - r.enteredAt) / 1000));
    r.status = "ended";
    r.endReason = why;
    this.calls.delete(r.uniqueid);
    if (this.byLinkedid.get(r.linkedid) === r.uniqueid) this.byLinkedid.delete(r.linkedid);
    for (const leg of c.legs) this.byLeg.delete(leg);
    this.ended.set(r.uniqueid, { ...r });
    if (this.ended.size > 1000) this.ended.delete(this.ended.keys().next().value!);
    this.emitCall({ ...this.base("ended", c), reason: why });
  }

  // ------------------------------------------------------ connection lifecycle

  private onState(s: AmiState, prev: AmiState): void {
    if (prev === "connected" && s !== "connected") {
      for (const w of [...this.citizenWaiters.values()]) w({ outcome: "unknown", dialStatus: null, cause: null });
      const shutdown = this.shutdownSeen;
      for (const c of [...this.calls.values()]) {
        if (c.callerGone || shutdown) this.finish(c, c.callerGone && !shutdown ? "normal" : "pbx_restart");
        else c.unresolved = true;
      }
    }
    if (s === "connected") {
      const reconnect = this.hadConnection;
      this.hadConnection = true;
      this.shutdownSeen = false;
      if (reconnect) void this.reconcileCalls();
    }
  }

  private async reconcileCalls(): Promise<void> {
    const open = [...this.calls.values()].filter((c) => c.unresolved);
    if (open.length === 0) return;
    let alive: Set<string> | null = null;
    if (this.reconcile) {
      try {
        const r = await this.ami.action({ Action: "CoreShowChannels" });
        alive = new Set(r.events.map((e) => e.get("Uniqueid") ?? "").filter((u) => u !== ""));
      } catch (e) {
        if (this.listenerCount("error") > 0) this.emit("error", e as Error);
        alive = null;
      }
    }
    for (const c of open) {
      if (!this.calls.has(c.rec.uniqueid)) continue;
      if (alive?.has(c.rec.uniqueid)) c.unresolved = false;
      else this.finish(c, "reconciled");
    }
  }
}
