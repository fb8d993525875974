// Hotline desk: screen pop over SSE, wrap-up, manual logging, click-to-call,
// abandoned calls, wallboard, and the admin page for the AMI connection.
import { pickerOptions, pickedCategory } from "../catalog/index.ts";
import type { NavEntry } from "../core/nav.ts";
import type { Panel } from "../core/workbench.ts";
import { streamSSE } from "hono/streaming";
import type { Router, Ctx } from "../core/http.ts";
import { formFields, requireUser, html, isPartial, idParam } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { AppError, NotFound, Validation } from "../core/errors.ts";
import type { UserActor } from "../core/context.ts";
import type { BusEvent } from "../core/bus.ts";
import type { Db } from "../core/db.ts";
import { getSetting } from "../core/settings.ts";
import {
  WRAPUP_CODES,
  AGENT_STATE_NAMES,
  callById,
  listCalls,
  earlierCalls,
  pendingWrapups,
  abandonedCalls,
  listAgents,
  agentByUser,
  hotlineUsers,
  amiSettings,
  wallboard,
  todayStart,
  originateById,
  originatesForCase,
  type CallRow,
} from "./queries.ts";
import {
  earlierCasesForPhone,
  reportFormUrl,
  createReportFromCall,
  mergeCallIntoCase,
  callsForCase,
  caseContact,
} from "./cases-link.ts";
import type { CasePanel } from "../core/workbench.ts";
import { hotlineFor, CONNECTION_NAMES, type HotlineBusEvent, type HotlineService } from "./service.ts";
import { wrapUpCall } from "./verbs/wrap-up.ts";
import { setAgentState } from "./verbs/set-agent-state.ts";
import { logManualCall } from "./verbs/log-manual-call.ts";
import { saveHotlineSettings, saveAgentMapping } from "./verbs/save-settings.ts";
import { outcomeText, closeCallback } from "./verbs/record-originate.ts";
import {
  ConnectionBadge,
  CallTable,
  ScreenPop,
  CaseCalls,
  ReportFromCallForm,
  WrapUpForm,
  ManualCallForm,
  AgentStateBox,
  DeskPage,
  WallboardBody,
  SettingsPage,
  OriginateStatus,
  CaseCallPage,
} from "../../views/hotline/index.tsx";
import { PageHead } from "../../views/ui/index.tsx";

const AGENT = ["hotline", "shift_lead"] as const;
const SEE = ["hotline", "shift_lead", "admin", "leader"] as const;
const isAgent = (u: UserActor) => u.roles.some((r) => (AGENT as readonly string[]).includes(r));

/** The case page lists the calls linked to the case (the call list links to the case). */
export const CASE_PANELS: CasePanel[] = [
  { order: 20, render: (c, _u, caseId) => <CaseCalls calls={callsForCase(c.get("deps").db, caseId)} /> },
];
const codeOpts = Object.entries(WRAPUP_CODES).map(([value, label]) => ({ value, label }));
const STATE_NAMES = AGENT_STATE_NAMES as Record<string, string>;
/** Heartbeat comment interval on the SSE stream (Bun's idleTimeout is 120 s). */
export const SSE_HEARTBEAT_MS = 25_000;

const svc = (c: Ctx) => hotlineFor(c.get("deps"));
const conn = (s: HotlineService) => <ConnectionBadge state={s.state} text={CONNECTION_NAMES[s.state]} />;

function screenPopHtml(db: Db, call: CallRow): string {
  return String(
    <ScreenPop
      call={call}
      earlierCalls={earlierCalls(db, call.callerNum, call.id)}
      cases={earlierCasesForPhone(db, call.callerNum)}
      reportHref={reportFormUrl(call.id)}
      codes={WRAPUP_CODES}
    />,
  );
}
function originateStatusHtml(db: Db, id: number): string {
  const o = originateById(db, id);
  if (!o) return "";
  return String(<OriginateStatus id={o.id} number={o.number} outcome={o.outcome} text={outcomeText(o.outcome)} />);
}

function agentBox(db: Db, userId: number, s: HotlineService) {
  const a = agentByUser(db, userId);
  return (
    <AgentStateBox
      state={a?.state ?? null}
      stateNames={STATE_NAMES}
      pending={pendingWrapups(db, userId).length}
      pbxPaused={s.state === "connected" ? s.pbxPaused(a?.interface ?? null) : null}
    />
  );
}
const agentBoxHtml = (db: Db, userId: number, s: HotlineService) => String(agentBox(db, userId, s));

function desk(
  c: Ctx,
  u: UserActor,
  o: {
    flash?: string;
    error?: AppError;
    manual?: Record<string, string>;
    wrapErr?: { id: number; fields: Record<string, string> };
  } = {},
) {
  const { db } = c.get("deps");
  const s = svc(c);
  const pending = pendingWrapups(db, u.userId);
  const csrf = c.get("csrf");
  const body = (
    <DeskPage
      csrf={csrf}
      conn={conn(s)}
      agentBox={agentBox(db, u.userId, s)}
      pending={pending.map((call) => (
        <WrapUpForm
          call={call}
          codes={codeOpts}
          csrf={csrf}
          reportHref={reportFormUrl(call.id)}
          errors={o.wrapErr?.id === call.id ? o.wrapErr.fields : undefined}
        />
      ))}
      manual={
        <ManualCallForm
          csrf={csrf}
          codes={codeOpts}
          values={o.manual}
          errors={o.manual ? o.error?.fields : undefined}
        />
      }
      recent={<CallTable rows={listCalls(db, { limit: 30 })} codes={WRAPUP_CODES} reportable />}
      flash={o.flash}
      error={o.error?.message}
    />
  );
  return page(c, body, { title: "热线坐席", current: "/hotline", status: o.error?.status });
}

export const NAV: NavEntry[] = [
  { href: "/hotline", label: "热线坐席", group: "热线", roles: AGENT, order: 10 },
  { href: "/hotline/calls", label: "来电记录", group: "热线", roles: SEE, order: 11 },
  { href: "/hotline/abandoned", label: "放弃来电回拨", group: "热线", roles: AGENT, order: 12 },
  { href: "/hotline/wallboard", label: "队列看板", group: "热线", roles: SEE, order: 13 },
  { href: "/admin/hotline", label: "热线与交换机", group: "系统管理", roles: ["admin"], order: 80 },
];

export const PANELS: Panel[] = [
  {
    roles: ["hotline"],
    order: 10,
    render: (c, u) => {
      const { db } = c.get("deps");
      const s = svc(c);
      const n = pendingWrapups(db, u.userId).length;
      return (
        <div class="card">
          <p>{conn(s)}</p>
          <p>
            <a class="btn" href="/hotline">
              进入热线坐席
            </a>{" "}
            {n > 0 && <span class="error-text">有 {n} 个来电待话后处理</span>}
          </p>
        </div>
      );
    },
  },
];

export function registerHotline(r: Router) {
  r.get("/hotline", AGENT, (c) =>
    desk(c, requireUser(c), {
      flash: c.req.query("ok") === "report" ? "已由来电新建上报" : c.req.query("ok") ? "已登记" : undefined,
    }),
  );

  r.get("/hotline/status", [...SEE], (c) => {
    const s = svc(c);
    return c.json({
      state: s.state,
      text: CONNECTION_NAMES[s.state],
      since: s.since,
      activeCalls: s.activeCalls().length,
      lastError: s.lastError,
    });
  });

  // Server-Sent Events: screen pops for this agent, connection and agent state.
  r.get("/hotline/stream", [...SEE], (c) => {
    const u = requireUser(c);
    const { db, bus } = c.get("deps");
    const s = svc(c);
    const csrf = c.get("csrf");
    return streamSSE(c, async (stream) => {
      const queue: { event: string; data: string }[] = [];
      let wake: (() => void) | null = null;
      let closed = false;
      const onBus = (e: BusEvent) => {
        if (e.topic !== "hotline") return;
        const d = e.data as HotlineBusEvent;
        if (d.kind === "connection")
          queue.push({
            event: "connection",
            data: String(<ConnectionBadge state={d.state} text={CONNECTION_NAMES[d.state]} />),
          });
        else if (d.kind === "originate" && d.userId === u.userId && d.outcome !== null)
          queue.push({ event: "originate", data: originateStatusHtml(db, d.id) });
        else if (d.kind === "agent" && d.userId === u.userId)
          queue.push({ event: "agent", data: agentBoxHtml(db, u.userId, s) });
        else if (d.kind === "call" && d.agentUserId === u.userId) {
          if (d.type === "agent_ringing" || d.type === "answered") {
            const call = callById(db, d.callId);
            if (call) queue.push({ event: "screenpop", data: screenPopHtml(db, call) });
          } else if (d.type === "ended") {
            const call = callById(db, d.callId);
            if (call?.answeredAt && !call.wrapupAt)
              queue.push({
                event: "wrapup",
                data: String(
                  <WrapUpForm call={call} codes={codeOpts} csrf={csrf} reportHref={reportFormUrl(call.id)} />,
                ),
              });
          }
        } else if (d.kind === "call")
          queue.push({ event: "call", data: JSON.stringify({ type: d.type, callId: d.callId }) });
        else return;
        wake?.();
      };
      const unsub = bus.subscribe(onBus);
      stream.onAbort(() => {
        closed = true;
        unsub();
        wake?.();
      });
      await stream.writeSSE({ event: "connection", data: String(conn(s)) });
      while (!closed) {
        while (queue.length && !closed) await stream.writeSSE(queue.shift()!);
        if (closed) break;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timedOut = await new Promise<boolean>((res) => {
          wake = () => res(false);
          timer = setTimeout(() => res(true), SSE_HEARTBEAT_MS);
        });
        clearTimeout(timer);
        wake = null;
        if (timedOut && !closed) await stream.write(": ping\n\n");
      }
      unsub();
    });
  });

  r.get("/hotline/calls/:id/pop", AGENT, (c) => {
    const { db } = c.get("deps");
    const call = callById(db, idParam(c));
    if (!call) throw NotFound("来电记录");
    return html(c, screenPopHtml(db, call));
  });

  r.get("/hotline/calls", [...SEE], (c) => {
    const { db } = c.get("deps");
    const phone = (c.req.query("phone") ?? "").trim();
    const rows = listCalls(db, { phone: phone || undefined, limit: 200 });
    const body = (
      <>
        <PageHead title="来电记录" />
        <form class="filters" method="get">
          <input name="phone" value={phone} placeholder="来电号码" />
          <button type="submit" class="secondary">
            查询
          </button>
        </form>
        <CallTable rows={rows} codes={WRAPUP_CODES} reportable={isAgent(requireUser(c))} />
      </>
    );
    return page(c, body, { title: "来电记录" });
  });

  r.post("/hotline/calls/manual", AGENT, async (c) => {
    const u = requireUser(c);
    const f = await formFields(c);
    try {
      logManualCall(c.get("deps").db, u, {
        callerNum: f.callerNum ?? "",
        callerName: f.callerName,
        code: f.code ?? "",
        note: f.note ?? "",
        talkMinutes: f.talkMinutes ? Number(f.talkMinutes) : null,
      });
    } catch (e) {
      if (e instanceof AppError && e.kind === "validation") return desk(c, u, { error: e, manual: f });
      throw e;
    }
    return c.redirect("/hotline?ok=manual", 303);
  });

  r.post("/hotline/calls/:id/wrapup", AGENT, async (c) => {
    const u = requireUser(c);
    const id = idParam(c);
    const f = await formFields(c);
    const { db, bus } = c.get("deps");
    let res;
    try {
      res = wrapUpCall(db, u, { callId: id, code: f.code ?? "", note: f.note ?? "" });
    } catch (e) {
      if (e instanceof AppError && e.kind === "validation")
        return desk(c, u, { error: e, wrapErr: { id, fields: e.fields ?? {} } });
      throw e;
    }
    await svc(c).pause(res.agentUserId, false);
    bus.publish("hotline", { kind: "agent", userId: res.agentUserId } satisfies HotlineBusEvent);
    if (f.code === "complaint") return c.redirect(reportFormUrl(id), 303);
    return c.redirect("/hotline", 303);
  });

  // "New report from this call": a report with source 'hotline', the caller pre-filled, linked both ways.
  const reportForm = (c: Ctx, call: CallRow, values: Record<string, string>, err?: AppError) =>
    page(
      c,
      <ReportFromCallForm
        call={call}
        csrf={c.get("csrf")}
        values={values}
        errors={err?.fields}
        error={err?.message}
        earlier={earlierCasesForPhone(c.get("deps").db, call.callerNum).filter((x) => x.open)}
        categories={pickerOptions(c.get("deps").db)}
      />,
      { title: "由来电新建上报", current: "/hotline", status: err?.status },
    );
  r.get("/hotline/calls/:id/report", AGENT, (c) => {
    const call = callById(c.get("deps").db, idParam(c));
    if (!call) throw NotFound("来电记录");
    if (call.caseId) return c.redirect(`/cases/${call.caseId}`, 303);
    return reportForm(c, call, {
      reporterPhone: call.callerNum ?? "",
      reporterName: call.callerName ?? "",
      description: call.wrapupNote ?? "",
    });
  });
  r.post("/hotline/calls/:id/merge", AGENT, async (c) => {
    const { db } = c.get("deps");
    const call = callById(db, idParam(c));
    if (!call) throw NotFound("来电记录");
    const f = await formFields(c);
    const target = earlierCasesForPhone(db, call.callerNum).find((x) => x.open && x.id === Number(f.caseId));
    if (!target) throw NotFound("该号码仍在办理的案件");
    mergeCallIntoCase(db, requireUser(c), call.id, target.id, call.wrapupNote);
    return c.redirect(`/cases/${target.id}`, 303);
  });
  r.post("/hotline/calls/:id/report", AGENT, async (c) => {
    let made: { caseId: number };
    const u = requireUser(c);
    const { db } = c.get("deps");
    const call = callById(db, idParam(c));
    if (!call) throw NotFound("来电记录");
    const f = await formFields(c);
    try {
      made = createReportFromCall(db, u, call.id, {
        description: f.description ?? "",
        address: f.address || null,
        reporterName: f.reporterName || null,
        reporterPhone: f.reporterPhone || null,
        categoryId: pickedCategory(db, f.categoryId),
      });
    } catch (e) {
      if (e instanceof AppError && e.kind === "validation") return reportForm(c, call, f, e);
      throw e;
    }
    return c.redirect(`/cases/${made.caseId}?ok=reported`, 303);
  });

  r.post("/hotline/agent/state", ["hotline"], async (c) => {
    const u = requireUser(c);
    const f = await formFields(c);
    const { db, bus } = c.get("deps");
    setAgentState(db, u, { state: (f.state as "free" | "busy") ?? "free" });
    if (f.state === "free") await svc(c).pause(u.userId, false);
    bus.publish("hotline", { kind: "agent", userId: u.userId } satisfies HotlineBusEvent);
    if (isPartial(c)) return html(c, agentBoxHtml(db, u.userId, svc(c)));
    return c.redirect("/hotline", 303);
  });

  r.post("/hotline/originate", ["hotline", "shift_lead", "dispatcher"], async (c) => {
    const u = requireUser(c);
    const f = await formFields(c);
    const number = (f.number ?? "").replace(/[\s-]/g, "");
    if (!/^\+?\d{3,20}$/.test(number))
      throw Validation("hotline.bad_number", "号码格式不正确", { number: "号码格式不正确" });
    const purpose = f.purpose === "callback" || f.purpose === "chase" ? f.purpose : "other";
    const { db } = c.get("deps");
    // Returns at once: the outcome (from the citizen's leg) follows over SSE (event "originate").
    const { id } = svc(c).originate(u, {
      number,
      purpose,
      callId: f.callId ? Number(f.callId) : null,
      caseId: f.caseId ? Number(f.caseId) : null,
    });
    c.header("x-originate-id", String(id));
    const status = originateStatusHtml(db, id);
    if (isPartial(c)) return html(c, status);
    return page(
      c,
      <>
        <PageHead title="外呼" />
        <div id="originate-result">
          <OriginateStatus id={id} number={number} outcome={null} text="" />
        </div>
        <a href="/hotline">返回坐席</a>
        <script src="/assets/hotline.js" defer></script>
      </>,
      { title: "外呼" },
    );
  });

  // Click-to-call from a case (the case page links here): the reporter's number and every attempt.
  r.get("/hotline/cases/:id/call", ["hotline", "shift_lead", "dispatcher"], (c) => {
    const { db } = c.get("deps");
    const k = caseContact(db, idParam(c, "案件"));
    if (!k) throw NotFound("案件");
    const attempts = originatesForCase(db, k.id).map((o) => ({
      id: o.id,
      at: o.at,
      number: o.number,
      outcome: o.outcome,
      text: outcomeText(o.outcome),
    }));
    return page(c, <CaseCallPage kase={k} attempts={attempts} csrf={c.get("csrf")} />, {
      title: `电话回访 ${k.no}`,
    });
  });

  r.post("/hotline/calls/:id/callback/close", ["shift_lead", "admin"], async (c) => {
    const u = requireUser(c);
    const f = await formFields(c);
    closeCallback(c.get("deps").db, u, idParam(c), f.reason ?? "");
    return c.redirect("/hotline/abandoned", 303);
  });

  r.get("/hotline/abandoned", AGENT, (c) => {
    const { db } = c.get("deps");
    const canClose = requireUser(c).roles.some((x) => x === "shift_lead" || x === "admin");
    const rows = abandonedCalls(db);
    return page(
      c,
      <>
        <PageHead title="放弃来电回拨" />
        <p class="muted">
          排队中挂断的来电，须在时限内回拨（回拨时限 {getSetting(db, "hotline.callback_hours") || "2"} 小时）。
        </p>
        <div id="originate-result"></div>
        <CallTable
          rows={rows}
          codes={WRAPUP_CODES}
          showCallback
          csrf={c.get("csrf")}
          attemptText={outcomeText}
          canClose={canClose}
        />
        <script src="/assets/hotline.js" defer></script>
      </>,
      { title: "放弃来电回拨" },
    );
  });

  r.get("/hotline/wallboard", [...SEE], (c) => {
    const { db } = c.get("deps");
    const s = svc(c);
    const active = s.activeCalls().filter((x) => x.status === "ringing" || x.status === "queued");
    const now = Date.now();
    const w = wallboard(db, todayStart());
    const body = (
      <WallboardBody
        waiting={active.length}
        longestWait={active.length ? Math.max(...active.map((x) => Math.round((now - x.enteredAt) / 1000))) : null}
        answered={w.answeredToday}
        abandoned={w.abandonedToday}
        serviceLevel={w.serviceLevel}
        avgTalk={w.avgTalk}
        callbacksDue={w.callbacksDue}
        agents={listAgents(db)}
        stateNames={STATE_NAMES}
        conn={conn(s)}
      />
    );
    return page(
      c,
      <>
        <PageHead title="队列看板" />
        {body}
      </>,
      { title: "队列看板", fragment: body },
    );
  });

  // ---- admin ----------------------------------------------------------------
  const settingsPage = (c: Ctx, o: { error?: AppError; flash?: string } = {}) => {
    const { db, config } = c.get("deps");
    const s = amiSettings(db, config);
    const agents = new Map(listAgents(db).map((a) => [a.userId, a]));
    return page(
      c,
      <SettingsPage
        csrf={c.get("csrf")}
        conn={conn(svc(c))}
        lastError={svc(c).lastError}
        v={{
          host: s.host,
          port: String(s.port),
          user: s.user,
          queues: s.queues.join(","),
          entryContexts: s.entryContexts.join(","),
          originateContext: s.originateContext,
          callerId: s.callerId,
          pauseInWrapup: s.pauseInWrapup,
          callbackHours: String(s.callbackHours),
          secretSet: !!s.secret,
          origin: s.origin,
        }}
        errors={o.error?.fields}
        error={o.error?.message}
        flash={o.flash}
        agents={hotlineUsers(db).map((u) => ({
          userId: u.id,
          name: u.name,
          username: u.username,
          interface: agents.get(u.id)?.interface ?? "",
          extension: agents.get(u.id)?.extension ?? "",
          state: agents.get(u.id)?.state ?? "free",
        }))}
      />,
      { title: "热线与交换机设置", status: o.error?.status },
    );
  };
  r.get("/admin/hotline", ["admin"], (c) => settingsPage(c, { flash: c.req.query("ok") ? "已保存" : undefined }));
  r.post("/admin/hotline", ["admin"], async (c) => {
    const u = requireUser(c);
    const f = await formFields(c);
    try {
      saveHotlineSettings(c.get("deps").db, u, {
        host: f.host ?? "",
        port: f.port ?? "",
        user: f.user ?? "",
        secret: f.secret ?? "",
        queues: f.queues ?? "",
        entryContexts: f.entryContexts ?? "",
        originateContext: f.originateContext ?? "",
        callerId: f.callerId ?? "",
        pauseInWrapup: f.pauseInWrapup === "1",
        callbackHours: f.callbackHours ?? "",
      });
    } catch (e) {
      if (e instanceof AppError && e.kind === "validation") return settingsPage(c, { error: e });
      throw e;
    }
    void svc(c).start(); // reconnect with the new settings in the background
    return c.redirect("/admin/hotline?ok=1", 303);
  });
  r.post("/admin/hotline/agents/:id", ["admin"], async (c) => {
    const u = requireUser(c);
    const f = await formFields(c);
    saveAgentMapping(c.get("deps").db, u, {
      userId: idParam(c),
      interface: f.interface ?? "",
      extension: f.extension ?? "",
    });
    return c.redirect("/admin/hotline?ok=1", 303);
  });
}
