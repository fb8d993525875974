// Hotline desk views: props only, no database.
import { CategoryPicker, type PickerGroupView } from "../catalog/picker.tsx";
import type { Child } from "hono/jsx";
import { Field, PageHead, Badge, Alert, Empty, fmtTime } from "../ui/index.tsx";
import { Csrf } from "../layouts/shell.tsx";

type Opt = { value: string; label: string };

export type CallView = {
  id: number;
  source: "ami" | "manual";
  callerNum: string | null;
  queue: string | null;
  status: string;
  enteredAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  agentName: string | null;
  agentMember: string | null;
  waitSeconds: number | null;
  talkSeconds: number | null;
  hungUpBy: string | null;
  abandoned: number;
  recordingFile: string | null;
  endReason: string | null;
  wrapupCode: string | null;
  wrapupNote: string | null;
  reportId: number | null;
  caseId: number | null;
  callbackDueAt: string | null;
  callbackAt: string | null;
  callbackCloseReason?: string | null;
  callbackAttempts?: number;
  lastAttemptOutcome?: string | null;
};
export type CaseView = {
  id: number;
  caseNo: string;
  title: string;
  state: string;
  stateName?: string;
  createdAt: string;
  dueAt: string | null;
  open: boolean;
  overdue: boolean;
  href: string;
};
export type AgentView = {
  userId: number;
  name: string;
  interface: string | null;
  extension: string | null;
  state: string;
  stateSince: string;
};

const HUNG: Record<string, string> = { agent: "话务员", caller: "来电人", transfer: "转接", system: "系统" };
const secs = (s: number | null) => (s == null ? "" : s >= 60 ? `${Math.floor(s / 60)}分${s % 60}秒` : `${s}秒`);
const TONE: Record<string, "green" | "amber" | "red" | "grey" | "blue"> = {
  free: "green",
  ringing: "amber",
  busy: "blue",
  wrapup: "amber",
};

export function ConnectionBadge(p: { state: string; text: string }) {
  const tone =
    p.state === "connected"
      ? "green"
      : p.state === "unconfigured"
        ? "grey"
        : p.state === "auth_failed"
          ? "red"
          : "amber";
  return (
    <span id="hotline-conn" data-state={p.state}>
      <Badge tone={tone}>{p.text}</Badge>
    </span>
  );
}

export function CallOutcome(p: { c: CallView }) {
  const c = p.c;
  if (c.source === "manual") return <Badge tone="grey">手工登记</Badge>;
  if (c.abandoned) return <Badge tone="red">放弃</Badge>;
  if (c.answeredAt) return <Badge tone="green">接通</Badge>;
  if (c.status !== "ended") return <Badge tone="amber">{c.status === "ringing" ? "振铃" : "排队"}</Badge>;
  return <Badge tone="grey">未接通</Badge>;
}

export function CallTable(p: {
  rows: CallView[];
  codes: Record<string, string>;
  showCallback?: boolean;
  csrf?: string;
  /** Chinese text of a click-to-call outcome code (call-back column). */
  attemptText?: (outcome: string | null) => string;
  /** Supervisors may close a call-back with a reason. */
  canClose?: boolean;
  /** The viewer may turn a call into a case (登记为案件). */
  reportable?: boolean;
}) {
  if (!p.rows.length) return <Empty>暂无来电记录</Empty>;
  return (
    <table class="calls">
      <thead>
        <tr>
          <th>时间</th>
          <th>来电号码</th>
          <th>队列</th>
          <th>结果</th>
          <th>等待</th>
          <th>话务员</th>
          <th>通话</th>
          <th>挂断方</th>
          <th>小结</th>
          <th>录音</th>
          {p.showCallback && <th>回拨时限</th>}
        </tr>
      </thead>
      <tbody>
        {p.rows.map((c) => (
          <tr id={`call-${c.id}`}>
            <td>{fmtTime(c.enteredAt)}</td>
            <td>{c.callerNum ?? "未知号码"}</td>
            <td>{c.queue ?? ""}</td>
            <td>
              <CallOutcome c={c} />
            </td>
            <td>{secs(c.waitSeconds)}</td>
            <td>{c.agentName ?? c.agentMember ?? ""}</td>
            <td>{secs(c.talkSeconds)}</td>
            <td>{c.hungUpBy ? (HUNG[c.hungUpBy] ?? c.hungUpBy) : ""}</td>
            <td>
              {c.wrapupCode && <Badge tone="blue">{p.codes[c.wrapupCode] ?? c.wrapupCode}</Badge>} {c.wrapupNote ?? ""}
              {c.reportId && (
                <>
                  {" "}
                  ·{" "}
                  <a href={c.caseId ? `/cases/${c.caseId}` : `/reports/${c.reportId}`}>
                    {c.caseId ? "案件" : "上报"} #{c.caseId ?? c.reportId}
                  </a>
                </>
              )}
              {p.reportable && !c.reportId && !c.caseId && (
                <>
                  {" "}
                  <a class="btn secondary small" href={`/hotline/calls/${c.id}/report`}>
                    登记为案件
                  </a>
                </>
              )}
            </td>
            <td>{c.recordingFile ?? ""}</td>
            {p.showCallback && (
              <td>
                {c.callbackAt ? (
                  c.callbackCloseReason ? (
                    <Badge tone="grey">已关闭：{c.callbackCloseReason}</Badge>
                  ) : (
                    <Badge tone="green">已回拨（市民已接听）</Badge>
                  )
                ) : c.callbackDueAt ? (
                  <>
                    <Badge tone={c.callbackDueAt < new Date().toISOString() ? "red" : "amber"}>
                      {fmtTime(c.callbackDueAt)}
                    </Badge>{" "}
                    {c.callerNum && p.csrf && (
                      <CallButton number={c.callerNum} purpose="callback" callId={c.id} label="回拨" csrf={p.csrf} />
                    )}
                    {!!c.callbackAttempts && (
                      <span class="muted callback-attempts">
                        {" "}
                        已回拨 {c.callbackAttempts} 次，最近：
                        {p.attemptText ? p.attemptText(c.lastAttemptOutcome ?? null) : (c.lastAttemptOutcome ?? "")}
                      </span>
                    )}
                    {p.csrf && p.canClose && (
                      <form class="inline" method="post" action={`/hotline/calls/${c.id}/callback/close`}>
                        <Csrf token={p.csrf} />
                        <input name="reason" placeholder="关闭原因" required maxlength={200} />
                        <button type="submit" class="secondary">
                          关闭回拨
                        </button>
                      </form>
                    )}
                  </>
                ) : (
                  ""
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CallButton(p: {
  number: string;
  purpose: "callback" | "chase" | "other";
  callId?: number;
  caseId?: number;
  label: string;
  csrf?: string;
}) {
  return (
    <form
      class="inline"
      method="post"
      action="/hotline/originate"
      hx-post="/hotline/originate"
      hx-target="#originate-result"
      hx-swap="innerHTML"
      style="display:inline"
    >
      {p.csrf && <Csrf token={p.csrf} />}
      <input type="hidden" name="number" value={p.number} />
      <input type="hidden" name="purpose" value={p.purpose} />
      {p.callId && <input type="hidden" name="callId" value={String(p.callId)} />}
      {p.caseId && <input type="hidden" name="caseId" value={String(p.caseId)} />}
      <button type="submit" class="secondary">
        {p.label}
      </button>
    </form>
  );
}

/** A click-to-call attempt: "calling…" until the PBX reports the citizen's leg (replaced over SSE by id). */
export function OriginateStatus(p: { id: number; number: string; outcome: string | null; text: string }) {
  const kind = p.outcome === null ? "info" : p.outcome === "answered" ? "ok" : "error";
  return (
    <div id={`originate-${p.id}`} class="originate-status" data-outcome={p.outcome ?? "pending"}>
      <Alert kind={kind}>
        {p.outcome === null ? `正在呼叫 ${p.number}…（结果由交换机回报后自动显示）` : `呼叫 ${p.number}：${p.text}`}
      </Alert>
    </div>
  );
}

/** Click-to-call for a case: the reporter's number, a call button, every attempt and its outcome. */
export function CaseCallPage(p: {
  kase: { id: number; no: string; reporterName: string | null; reporterPhone: string | null };
  attempts: { id: number; at: string; number: string; outcome: string | null; text: string }[];
  csrf: string;
}) {
  const k = p.kase;
  return (
    <>
      <PageHead title={`电话回访 · 案件 ${k.no}`}>
        <a href={`/cases/${k.id}`}>返回案件</a>
      </PageHead>
      <p>
        上报人：{k.reporterName ?? "—"} {k.reporterPhone ?? "（未留电话）"}{" "}
        {k.reporterPhone && (
          <CallButton number={k.reporterPhone} purpose="callback" caseId={k.id} label="呼叫上报人" csrf={p.csrf} />
        )}
      </p>
      <div id="originate-result"></div>
      <h3>呼叫记录</h3>
      {p.attempts.length ? (
        <table class="attempts">
          <thead>
            <tr>
              <th>时间</th>
              <th>号码</th>
              <th>结果</th>
            </tr>
          </thead>
          <tbody>
            {p.attempts.map((a) => (
              <tr>
                <td>{fmtTime(a.at)}</td>
                <td>{a.number}</td>
                <td>
                  <OriginateStatus id={a.id} number={a.number} outcome={a.outcome} text={a.text} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty>尚无呼叫记录</Empty>
      )}
      <script src="/assets/hotline.js" defer></script>
    </>
  );
}

/** The screen pop: caller, earlier calls, earlier cases (open/overdue marked), new report. */
export function ScreenPop(p: {
  call: CallView;
  earlierCalls: CallView[];
  cases: CaseView[];
  reportHref: string;
  codes: Record<string, string>;
}) {
  const c = p.call;
  return (
    <div class="card screenpop" id="screenpop-card" data-call={String(c.id)}>
      <div class="page-head">
        <h3 style="margin:0">
          来电 <span class="caller-num">{c.callerNum ?? "未知号码"}</span>{" "}
          {c.answeredAt ? <Badge tone="blue">通话中</Badge> : <Badge tone="amber">振铃</Badge>}
        </h3>
        <div class="actions">
          <a class="btn" href={p.reportHref}>
            由此来电新建上报
          </a>
        </div>
      </div>
      <p class="muted">
        队列 {c.queue ?? "-"} · 等待 {secs(c.waitSeconds) || "-"} · 此前来电 {p.earlierCalls.length} 次 · 此前案件{" "}
        {p.cases.length} 件
      </p>
      <h4>此前案件</h4>
      {p.cases.length ? (
        <ul class="earlier-cases">
          {p.cases.map((k) => (
            <li>
              <a href={k.href}>{k.caseNo}</a> {k.title}{" "}
              {k.overdue ? (
                <Badge tone="red">超期</Badge>
              ) : k.open ? (
                <Badge tone="amber">办理中</Badge>
              ) : (
                <Badge tone="grey">已结束</Badge>
              )}{" "}
              <span class="muted">{k.stateName ?? ""}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">无</p>
      )}
      <h4>此前来电</h4>
      {p.earlierCalls.length ? (
        <ul class="earlier-calls">
          {p.earlierCalls.map((e) => (
            <li>
              {fmtTime(e.enteredAt)} <CallOutcome c={e} /> {e.wrapupCode ? p.codes[e.wrapupCode] : ""}{" "}
              {e.wrapupNote ?? ""}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">首次来电</p>
      )}
    </div>
  );
}

export function WrapUpForm(p: {
  call: CallView;
  codes: Opt[];
  csrf: string;
  errors?: Record<string, string>;
  reportHref: string;
}) {
  const c = p.call;
  const e = p.errors ?? {};
  return (
    <form class="card wrapup" method="post" action={`/hotline/calls/${c.id}/wrapup`} id={`wrapup-${c.id}`}>
      <Csrf token={p.csrf} />
      <strong>话后处理：{c.callerNum ?? "未知号码"}</strong>{" "}
      <span class="muted">
        {fmtTime(c.enteredAt)} · 通话 {secs(c.talkSeconds) || "进行中"}
      </span>
      <div class="form-grid">
        <Field label="类型" name="code" error={e.code}>
          <select name="code" required>
            <option value="">请选择</option>
            {p.codes.map((o) => (
              <option value={o.value} selected={c.wrapupCode === o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="通话小结" name="note" error={e.note}>
          <textarea name="note" rows={2} required>
            {c.wrapupNote ?? ""}
          </textarea>
        </Field>
      </div>
      <button type="submit">完成话后处理</button> <a href={p.reportHref}>转为上报</a>
    </form>
  );
}

export function ManualCallForm(p: {
  csrf: string;
  codes: Opt[];
  errors?: Record<string, string>;
  values?: Record<string, string>;
}) {
  const e = p.errors ?? {};
  const v = p.values ?? {};
  return (
    <form class="card" method="post" action="/hotline/calls/manual">
      <Csrf token={p.csrf} />
      <strong>手工登记来电</strong>
      <div class="form-grid">
        <Field label="来电号码" name="callerNum" error={e.callerNum}>
          <input name="callerNum" value={v.callerNum ?? ""} required inputmode="tel" />
        </Field>
        <Field label="来电人" name="callerName">
          <input name="callerName" value={v.callerName ?? ""} />
        </Field>
        <Field label="类型" name="code" error={e.code}>
          <select name="code" required>
            <option value="">请选择</option>
            {p.codes.map((o) => (
              <option value={o.value} selected={v.code === o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="通话时长（分钟）" name="talkMinutes" error={e.talkMinutes}>
          <input name="talkMinutes" value={v.talkMinutes ?? ""} inputmode="decimal" />
        </Field>
      </div>
      <Field label="通话小结" name="note" error={e.note}>
        <textarea name="note" rows={2} required>
          {v.note ?? ""}
        </textarea>
      </Field>
      <button type="submit">登记</button>
    </form>
  );
}

export function AgentStateBox(p: {
  state: string | null;
  stateNames: Record<string, string>;
  pending: number;
  /** The PBX's own paused flag for this agent's interface (null: not known). */
  pbxPaused?: boolean | null;
}) {
  const s = p.state ?? "free";
  return (
    <div
      id="agent-state"
      class="card"
      data-state={s}
      data-pbx-paused={p.pbxPaused === true ? "1" : p.pbxPaused === false ? "0" : ""}
    >
      我的状态：<Badge tone={TONE[s] ?? "grey"}>{p.stateNames[s] ?? s}</Badge>
      {p.pbxPaused != null && (
        <>
          {" "}
          交换机：
          <Badge tone={p.pbxPaused ? "amber" : "green"}>{p.pbxPaused ? "已暂停接听队列来电" : "接听队列来电"}</Badge>
        </>
      )}
      {p.pending > 0 && (
        <>
          {" "}
          <Badge tone="red">{p.pending} 个来电待话后处理</Badge>
        </>
      )}
      <form method="post" action="/hotline/agent/state" style="display:inline; margin-left:1rem">
        <input type="hidden" name="state" value="free" />
        <button
          type="submit"
          class="secondary"
          hx-post="/hotline/agent/state"
          hx-target="#agent-state"
          hx-swap="outerHTML"
        >
          置闲
        </button>
      </form>
    </div>
  );
}

export function DeskPage(p: {
  csrf: string;
  conn: Child;
  agentBox: Child;
  pending: Child[];
  manual: Child;
  recent: Child;
  flash?: string;
  error?: string;
}) {
  return (
    <>
      <PageHead title="热线坐席">
        {p.conn}
        <a class="btn secondary" href="/hotline/wallboard">
          队列看板
        </a>
        <a class="btn secondary" href="/hotline/abandoned">
          放弃来电
        </a>
      </PageHead>
      {p.flash && <Alert kind="ok">{p.flash}</Alert>}
      {p.error && <Alert kind="error">{p.error}</Alert>}
      {p.agentBox}
      <div id="screenpop" aria-live="polite"></div>
      <div id="originate-result"></div>
      <div id="wrapups">{p.pending}</div>
      {p.manual}
      <h3>最近来电</h3>
      {p.recent}
      <script src="/assets/hotline.js" defer></script>
    </>
  );
}

export function WallboardBody(p: {
  waiting: number;
  longestWait: number | null;
  answered: number;
  abandoned: number;
  serviceLevel: number | null;
  avgTalk: number | null;
  callbacksDue: number;
  agents: AgentView[];
  stateNames: Record<string, string>;
  conn: Child;
}) {
  return (
    <div id="wallboard" hx-get="/hotline/wallboard" hx-trigger="every 5s" hx-swap="outerHTML">
      <p>{p.conn}</p>
      <div class="cards">
        <div class="stat">
          <div class="n" id="wb-waiting">
            {p.waiting}
          </div>
          <div class="l">排队等待</div>
        </div>
        <div class="stat">
          <div class="n">{p.longestWait == null ? "-" : secs(p.longestWait)}</div>
          <div class="l">最长等待</div>
        </div>
        <div class="stat">
          <div class="n" id="wb-answered">
            {p.answered}
          </div>
          <div class="l">今日接通</div>
        </div>
        <div class="stat">
          <div class="n" id="wb-abandoned">
            {p.abandoned}
          </div>
          <div class="l">今日放弃</div>
        </div>
        <div class="stat">
          <div class="n" id="wb-sl">
            {p.serviceLevel == null ? "-" : `${p.serviceLevel}%`}
          </div>
          <div class="l">20 秒接通率</div>
        </div>
        <div class="stat">
          <div class="n">{p.avgTalk == null ? "-" : secs(p.avgTalk)}</div>
          <div class="l">平均通话</div>
        </div>
        <div class="stat">
          <div class="n">{p.callbacksDue}</div>
          <div class="l">待回拨</div>
        </div>
      </div>
      <table>
        <thead>
          <tr>
            <th>话务员</th>
            <th>分机/接口</th>
            <th>状态</th>
            <th>自</th>
          </tr>
        </thead>
        <tbody>
          {p.agents.map((a) => (
            <tr>
              <td>{a.name}</td>
              <td>
                {a.extension ?? ""} {a.interface ?? ""}
              </td>
              <td>
                <Badge tone={TONE[a.state] ?? "grey"}>{p.stateNames[a.state] ?? a.state}</Badge>
              </td>
              <td>{fmtTime(a.stateSince)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export type SettingsValues = {
  host: string;
  port: string;
  user: string;
  queues: string;
  entryContexts: string;
  originateContext: string;
  callerId: string;
  pauseInWrapup: boolean;
  callbackHours: string;
  secretSet: boolean;
  origin: string;
};

export function SettingsPage(p: {
  csrf: string;
  v: SettingsValues;
  errors?: Record<string, string>;
  error?: string;
  flash?: string;
  conn: Child;
  lastError: string | null;
  agents: { userId: number; name: string; username: string; interface: string; extension: string; state: string }[];
}) {
  const v = p.v;
  const e = p.errors ?? {};
  return (
    <>
      <PageHead title="热线与交换机设置">{p.conn}</PageHead>
      {p.flash && <Alert kind="ok">{p.flash}</Alert>}
      {p.error && <Alert kind="error">{p.error}</Alert>}
      {p.lastError && <p class="muted">最近错误：{p.lastError}</p>}
      <form class="card" method="post" action="/admin/hotline">
        <Csrf token={p.csrf} />
        <p class="muted">
          当前设置来源：
          {v.origin === "db"
            ? "本页面"
            : v.origin === "env"
              ? "启动环境变量 AMI_*（在此保存后以本页为准）"
              : "未配置（手工登记模式）"}
        </p>
        <div class="form-grid">
          <Field label="AMI 主机（留空则不连接）" name="host" error={e.host}>
            <input name="host" value={v.host} />
          </Field>
          <Field label="AMI 端口" name="port" error={e.port}>
            <input name="port" value={v.port} inputmode="numeric" />
          </Field>
          <Field label="AMI 用户名" name="user" error={e.user}>
            <input name="user" value={v.user} autocomplete="off" />
          </Field>
          <Field label={v.secretSet ? "AMI 密码（已设置，不改请留空）" : "AMI 密码"} name="secret" error={e.secret}>
            <input name="secret" type="password" autocomplete="new-password" />
          </Field>
          <Field label="队列（逗号分隔）" name="queues">
            <input name="queues" value={v.queues} />
          </Field>
          <Field label="呼入上下文（可选）" name="entryContexts" hint="如 hotline：来电进入即弹出振铃">
            <input name="entryContexts" value={v.entryContexts} />
          </Field>
          <Field label="外呼上下文" name="originateContext">
            <input name="originateContext" value={v.originateContext} />
          </Field>
          <Field label="外呼主叫号码" name="callerId">
            <input name="callerId" value={v.callerId} />
          </Field>
          <Field label="放弃来电回拨时限（小时）" name="callbackHours" error={e.callbackHours}>
            <input name="callbackHours" value={v.callbackHours} />
          </Field>
        </div>
        <label>
          <input type="checkbox" name="pauseInWrapup" value="1" checked={v.pauseInWrapup} />{" "}
          话后处理期间在队列中暂停该坐席（QueuePause）
        </label>
        <p>
          <button type="submit">保存并重新连接</button>
        </p>
      </form>
      <h3>坐席与分机</h3>
      {p.agents.length ? (
        <table>
          <thead>
            <tr>
              <th>话务员</th>
              <th>队列成员接口</th>
              <th>分机</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {p.agents.map((a) => (
              <tr>
                <td>
                  {a.name}（{a.username}）
                </td>
                <td colspan={3}>
                  <form method="post" action={`/admin/hotline/agents/${a.userId}`} style="display:flex; gap:.5rem">
                    <Csrf token={p.csrf} />
                    <input name="interface" value={a.interface} placeholder="PJSIP/1001" />
                    <input name="extension" value={a.extension} placeholder="1001" />
                    <button type="submit" class="secondary">
                      保存
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty>还没有话务员角色的用户</Empty>
      )}
    </>
  );
}

export function ReportFromCallForm(p: {
  call: CallView;
  csrf: string;
  values: Record<string, string>;
  errors?: Record<string, string>;
  error?: string;
  /** The caller's earlier open cases: this call may be merged into one instead (合并). */
  earlier?: { id: number; caseNo: string; title: string; stateName: string; createdAt: string; overdue: boolean }[];
  categories: PickerGroupView[];
}) {
  const v = p.values;
  const e = p.errors ?? {};
  return (
    <>
      <PageHead title="由来电新建上报">
        <a href="/hotline">返回坐席</a>
      </PageHead>
      {p.error && <Alert kind="error">{p.error}</Alert>}
      <form class="card" method="post" action={`/hotline/calls/${p.call.id}/report`}>
        <Csrf token={p.csrf} />
        <p class="muted">
          来源：12319 热线 · 来电 #{p.call.id} · {fmtTime(p.call.enteredAt)}
        </p>
        <div class="form-grid">
          <Field label="来电人电话" name="reporterPhone" error={e.reporterPhone}>
            <input name="reporterPhone" value={v.reporterPhone ?? ""} />
          </Field>
          <Field label="来电人" name="reporterName" error={e.reporterName}>
            <input name="reporterName" value={v.reporterName ?? ""} />
          </Field>
          <Field label="地址" name="address" error={e.address}>
            <input name="address" value={v.address ?? ""} required />
          </Field>
          <Field label="问题类别" name="categoryId" error={e.categoryId}>
            <CategoryPicker name="categoryId" groups={p.categories} value={v.categoryId} blank="（待受理员判定）" />
          </Field>
        </div>
        <Field label="问题描述" name="description" error={e.description}>
          <textarea name="description" rows={4} required>
            {v.description ?? ""}
          </textarea>
        </Field>
        <button type="submit">提交上报</button>
      </form>
      {p.earlier?.length ? (
        <section class="card earlier-cases">
          <h3>该号码仍在办理的案件（{p.earlier.length}）</h3>
          <p class="muted">如果是同一问题再次来电，请并入原案件，不要重复立案：来电记入原案件的时间线并提醒承办人。</p>
          <table>
            <tbody>
              {p.earlier.map((x) => (
                <tr>
                  <td>
                    <a href={`/cases/${x.id}`}>{x.caseNo}</a>
                  </td>
                  <td>{x.title}</td>
                  <td>
                    {x.stateName}
                    {x.overdue && (
                      <>
                        {" "}
                        <Badge tone="red">超期</Badge>
                      </>
                    )}
                  </td>
                  <td>{fmtTime(x.createdAt)}</td>
                  <td>
                    <form method="post" action={`/hotline/calls/${p.call.id}/merge`}>
                      <Csrf token={p.csrf} />
                      <input type="hidden" name="caseId" value={String(x.id)} />
                      <button type="submit" class="secondary">
                        合并到此案件
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}

/** On the case page: the hotline calls linked to the case (the other direction of the link). */
export function CaseCalls(p: { calls: { id: number; callerNum: string | null; enteredAt: string }[] }) {
  if (!p.calls.length) return null;
  return (
    <section class="card case-calls">
      <h3>关联来电（{p.calls.length}）</h3>
      <ul>
        {p.calls.map((x) => (
          <li>
            <a href={`/hotline/calls?phone=${encodeURIComponent(x.callerNum ?? "")}#call-${x.id}`}>来电 #{x.id}</a>{" "}
            {x.callerNum ?? "未知号码"} · {fmtTime(x.enteredAt)}
          </li>
        ))}
      </ul>
    </section>
  );
}
