// Case pages: lists (workbench queues) with filters and export, the case page, one POST per verb.
import { categoryLabel } from "../catalog/index.ts";
import type { NavEntry } from "../core/nav.ts";
import type { Panel } from "../core/workbench.ts";
import type { Router, Ctx } from "../core/http.ts";
import { requireUser, isPartial, html, formWithFiles, idParam } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { AppError, Forbidden, NotFound, Validation } from "../core/errors.ts";
import type { Role, UserActor } from "../core/context.ts";
import {
  STATES,
  SOURCES,
  URGENCIES,
  TRANSITIONS,
  diagram,
  eventName,
  type Action,
  type CaseState,
} from "./lifecycle.ts";
import { countdown } from "./model.ts";
import {
  listCases,
  countCases,
  caseDetail,
  timeline,
  media,
  mediaById,
  pendingRequests,
  availableActions,
  canView,
  nearbyOpen,
  categoriesForSelect,
  inspectors,
  subUnits,
  towns,
  caseIdByNo,
  type CaseFilter,
  type CaseListRow,
} from "./queries.ts";
import { loadCase } from "./transition.ts";
import { queuesFor, scopeFor, QUEUES } from "./queues.ts";
import { proposeDepartment } from "./refdata.ts";
import { listDepartments } from "../departments/index.ts";
import { unreadCount } from "../notify/index.ts";
import { getSetting } from "../core/settings.ts";
import { storeUploads } from "./media.ts";
import { CaseList, CaseTable, type ListRowView } from "../../views/cases/list.tsx";
import { CaseMain, CaseLocation, type ActionView, type CasePageProps, type Field } from "../../views/cases/page.tsx";
import { MapPicker, MapHead } from "../../views/maps/picker.tsx";
import { mapConfig } from "../maps/index.ts";
import { readLngLat } from "../maps/index.ts";
import { relocate } from "./verbs/relocate.ts";
import { CaseStyles } from "../../views/cases/notifications.tsx";
import { LiveScript, fmtCn } from "../../views/cases/parts.tsx";
import { Alert } from "../../views/ui/index.tsx";
import { requestVerify } from "./verbs/request-verify.ts";
import { verified } from "./verbs/verified.ts";
import { fileCase } from "./verbs/file.ts";
import { reject } from "./verbs/reject.ts";
import { merge } from "./verbs/merge.ts";
import { requestCancel, decideCancel } from "./verbs/cancel.ts";
import { dispatch } from "./verbs/dispatch.ts";
import { accept } from "./verbs/accept.ts";
import { subDispatch } from "./verbs/sub-dispatch.ts";
import { fallbackNote } from "./recipients.ts";
import { casePanelsFor } from "./events.ts";
import { requestReturn, decideReturn } from "./verbs/return.ts";
import { requestExtend, decideExtend } from "./verbs/extend.ts";
import { requestSuspend, decideSuspend, resume } from "./verbs/suspend.ts";
import { complete } from "./verbs/complete.ts";
import { sendCheck } from "./verbs/send-check.ts";
import { check } from "./verbs/check.ts";
import { close } from "./verbs/close.ts";
import { urge } from "./verbs/urge.ts";
import { reopen } from "./verbs/reopen.ts";

const VIEWERS: Role[] = ["intake", "shift_lead", "dispatcher", "handler", "leader", "hotline", "admin", "inspector"];
export const head = () => (
  <>
    <CaseStyles />
    <LiveScript />
  </>
);

type Form = { f: Record<string, string>; files: unknown[] };
type Spec = {
  actions: Action[];
  label: string;
  fields: Field[];
  danger?: boolean;
  run: (c: Ctx, u: UserActor, id: number, x: Form) => Promise<unknown> | unknown;
};

const num = (s: string | undefined) => (s && /^\d+$/.test(s) ? Number(s) : undefined);
const base = (id: number, x: Form) => ({
  caseId: id,
  expect: (x.f.expect || undefined) as CaseState | undefined,
  note: x.f.note || null,
});
const photos = async (c: Ctx, x: Form) => storeUploads(c.get("deps").config.dataDir, x.files);

/** One POST per verb: /cases/:id/<slug>. Access is the union of the lifecycle roles for its actions. */
export const SPECS: Record<string, Spec> = {
  "request-verify": {
    actions: ["request_verify"],
    label: "派发核实",
    fields: ["inspector", "note"],
    run: (c, u, id, x) =>
      requestVerify(c.get("deps").db, u, { ...base(id, x), inspectorId: num(x.f.inspectorId) ?? 0 }),
  },
  verified: {
    actions: ["verified"],
    label: "核实反馈",
    fields: ["genuine", "noteRequired", "photos"],
    run: async (c, u, id, x) =>
      verified(c.get("deps").db, u, { ...base(id, x), genuine: x.f.genuine !== "0", photos: await photos(c, x) }),
  },
  file: {
    actions: ["file"],
    label: "立案",
    fields: ["category", "urgency", "note"],
    run: (c, u, id, x) =>
      fileCase(c.get("deps").db, u, {
        ...base(id, x),
        categoryId: num(x.f.categoryId),
        urgency: (x.f.urgency || undefined) as any,
      }),
  },
  reject: {
    actions: ["reject"],
    label: "不予立案",
    fields: ["noteRequired"],
    danger: true,
    run: (c, u, id, x) => reject(c.get("deps").db, u, base(id, x)),
  },
  merge: {
    actions: ["merge"],
    label: "合并到已有案件",
    fields: ["target", "note"],
    run: (c, u, id, x) => {
      const db = c.get("deps").db;
      const targetId = caseIdByNo(db, (x.f.targetNo ?? "").trim());
      if (!targetId) throw Validation("case.merge_target", "找不到这个案件编号", { targetNo: "找不到这个案件编号" });
      return merge(db, u, { ...base(id, x), targetId });
    },
  },
  "request-cancel": {
    actions: ["request_cancel"],
    label: "申请作废",
    fields: ["noteRequired"],
    danger: true,
    run: (c, u, id, x) => requestCancel(c.get("deps").db, u, base(id, x)),
  },
  "decide-cancel": {
    actions: ["approve_cancel", "deny_cancel"],
    label: "审批作废申请",
    fields: ["note", "approve"],
    run: (c, u, id, x) => decideCancel(c.get("deps").db, u, { ...base(id, x), approve: x.f.approve === "1" }),
  },
  dispatch: {
    actions: ["dispatch"],
    label: "派遣",
    fields: ["department", "note"],
    run: (c, u, id, x) => dispatch(c.get("deps").db, u, { ...base(id, x), departmentId: num(x.f.departmentId) }),
  },
  accept: {
    actions: ["accept"],
    label: "接收",
    fields: ["note"],
    run: (c, u, id, x) => accept(c.get("deps").db, u, base(id, x)),
  },
  "sub-dispatch": {
    actions: ["sub_dispatch"],
    label: "二级派遣",
    fields: ["subunit", "note"],
    run: (c, u, id, x) =>
      subDispatch(c.get("deps").db, u, { ...base(id, x), departmentId: num(x.f.departmentId) ?? 0 }),
  },
  "request-return": {
    actions: ["request_return"],
    label: "申请回退",
    fields: ["noteRequired"],
    danger: true,
    run: (c, u, id, x) => requestReturn(c.get("deps").db, u, base(id, x)),
  },
  "decide-return": {
    actions: ["approve_return", "deny_return"],
    label: "审批回退申请",
    fields: ["note", "approve"],
    run: (c, u, id, x) => decideReturn(c.get("deps").db, u, { ...base(id, x), approve: x.f.approve === "1" }),
  },
  "request-extend": {
    actions: ["request_extend"],
    label: "申请延期",
    fields: ["hours", "noteRequired"],
    run: (c, u, id, x) => requestExtend(c.get("deps").db, u, { ...base(id, x), hours: Number(x.f.hours) }),
  },
  "decide-extend": {
    actions: ["approve_extend", "deny_extend"],
    label: "审批延期申请",
    fields: ["note", "approve"],
    run: (c, u, id, x) => decideExtend(c.get("deps").db, u, { ...base(id, x), approve: x.f.approve === "1" }),
  },
  "request-suspend": {
    actions: ["request_suspend"],
    label: "申请挂账",
    fields: ["noteRequired"],
    run: (c, u, id, x) => requestSuspend(c.get("deps").db, u, base(id, x)),
  },
  "decide-suspend": {
    actions: ["approve_suspend", "deny_suspend"],
    label: "审批挂账申请",
    fields: ["note", "approve"],
    run: (c, u, id, x) => decideSuspend(c.get("deps").db, u, { ...base(id, x), approve: x.f.approve === "1" }),
  },
  resume: {
    actions: ["resume"],
    label: "恢复处置",
    fields: ["note"],
    run: (c, u, id, x) => resume(c.get("deps").db, u, base(id, x)),
  },
  complete: {
    actions: ["complete"],
    label: "处置反馈",
    fields: ["noteRequired", "photosRequired"],
    run: async (c, u, id, x) => complete(c.get("deps").db, u, { ...base(id, x), photos: await photos(c, x) }),
  },
  "send-check": {
    actions: ["send_check"],
    label: "派发核查",
    fields: ["inspector", "note"],
    run: (c, u, id, x) => sendCheck(c.get("deps").db, u, { ...base(id, x), inspectorId: num(x.f.inspectorId) ?? 0 }),
  },
  check: {
    actions: ["check_pass", "check_fail"],
    label: "核查",
    fields: ["passfail", "note", "photosRequired"],
    run: async (c, u, id, x) =>
      check(c.get("deps").db, u, { ...base(id, x), pass: x.f.pass !== "0", photos: await photos(c, x) }),
  },
  close: {
    actions: ["close"],
    label: "结案",
    fields: ["note"],
    run: (c, u, id, x) => close(c.get("deps").db, u, base(id, x)),
  },
  urge: {
    actions: ["urge"],
    label: "督办",
    fields: ["noteRequired"],
    run: (c, u, id, x) => urge(c.get("deps").db, u, base(id, x)),
  },
  reopen: {
    actions: ["reopen"],
    label: "重新启用",
    fields: ["noteRequired"],
    danger: true,
    run: (c, u, id, x) => reopen(c.get("deps").db, u, base(id, x)),
  },
  // shown with the map on the case page (not in the generic action list)
  relocate: {
    actions: ["relocate"],
    label: "更正位置",
    fields: ["note"],
    run: (c, u, id, x) => {
      const { lng, lat } = readLngLat({ lng: x.f.lng, lat: x.f.lat, crs: x.f.crs });
      return relocate(c.get("deps").db, u, { ...base(id, x), lng, lat });
    },
  },
};
const SLUG_OF = new Map<Action, string>();
for (const [slug, s] of Object.entries(SPECS)) for (const a of s.actions) SLUG_OF.set(a, slug);
const rolesOf = (actions: Action[]) =>
  [...new Set(TRANSITIONS.filter((t) => actions.includes(t.action)).flatMap((t) => t.roles))].filter(
    (r) => r !== "system",
  ) as Role[];

export function toListRow(r: CaseListRow, now = Date.now()): ListRowView {
  const s = STATES[r.state];
  return {
    id: r.id,
    no: r.no,
    stateName: s.name,
    stateType: s.type,
    source: SOURCES[r.source],
    category: r.category_name,
    description: r.description,
    address: r.address,
    town: r.town_name,
    department: r.department_name,
    createdAt: r.created_at,
    cd: countdown(r, now),
    pending: r.pending,
    rework: r.rework_count,
  };
}

function filterFrom(
  c: Ctx,
  u: UserActor,
): { filter: CaseFilter; query: Record<string, string>; queue: string; title: string } {
  const q = c.req.query();
  const queues = queuesFor(u);
  const queue = queues.find((x) => x.key === q.queue) ?? queues[0] ?? QUEUES.at(-1)!;
  const filter: CaseFilter = { ...queue.filter, ...scopeFor(c.get("deps").db, u) };
  if (queue.key === "my_tasks") filter.inspectorId = u.userId;
  if (q.state && q.state in STATES) filter.state = [q.state];
  if (q.source && q.source in SOURCES) filter.source = q.source;
  if (num(q.category)) filter.categoryId = num(q.category);
  if (num(q.town)) filter.townId = num(q.town);
  if (num(q.dept)) filter.departmentId = num(q.dept);
  if (q.overdue === "1") filter.overdue = true;
  if (q.q) filter.q = q.q.slice(0, 100);
  filter.page = num(q.page) ?? 1;
  if (num(q.before)) filter.before = num(q.before);
  const query: Record<string, string> = {};
  for (const k of ["queue", "state", "source", "category", "town", "dept", "overdue", "q"]) if (q[k]) query[k] = q[k]!;
  query.queue = queue.key;
  return { filter, query, queue: queue.key, title: queue.label };
}

function buildCasePage(c: Ctx, u: UserActor, id: number): CasePageProps {
  const { db } = c.get("deps");
  const d = caseDetail(db, id);
  if (!d) throw NotFound("案件", "case.not_found");
  if (!canView(db, u, d)) throw Forbidden("您无权查看该案件");
  const ms = media(db, id);
  const evs = timeline(db, id);
  const pend = d.pending ? (pendingRequests(db, id).find((r) => r.kind === d.pending) ?? null) : null;
  const acts = availableActions(db, u, d);
  const seen = new Set<string>();
  const actions: ActionView[] = [];
  for (const t of acts) {
    const slug = SLUG_OF.get(t.action);
    if (!slug || seen.has(slug) || slug === "relocate") continue;
    seen.add(slug);
    const s = SPECS[slug]!;
    actions.push({ slug, label: s.label, fields: s.fields, danger: s.danger });
  }
  const needs = (f: Field) => actions.some((a) => a.fields.includes(f));
  const proposal =
    needs("department") && d.category_id
      ? proposeDepartment(db, { categoryId: d.category_id, gridId: d.grid_id, componentId: d.component_id })
      : null;
  const radius = Number(getSetting(db, "cases.duplicate_radius_m")) || 50;
  const dups =
    d.state === "reported"
      ? nearbyOpen(db, { id: d.id, categoryId: d.category_id, lng: d.lng, lat: d.lat }, radius)
      : [];
  const inEvent = new Map<number, number[]>();
  for (const m of ms) if (m.event_id) inEvent.set(m.event_id, [...(inEvent.get(m.event_id) ?? []), m.id]);
  return {
    c: {
      id: d.id,
      no: d.no,
      state: d.state,
      stateName: STATES[d.state].name,
      stateType: STATES[d.state].type,
      source: SOURCES[d.source],
      urgency: URGENCIES[d.urgency],
      urgencyKey: d.urgency,
      categoryId: d.category_id,
      category: d.category_name
        ? categoryLabel(db, { code: d.category_code!, small_name: d.category_name, edition: d.category_edition! })
        : null,
      description: d.description,
      address: d.address,
      lng: d.lng,
      lat: d.lat,
      grid: d.grid_code,
      town: d.town_name,
      community: d.community_name,
      // Every source names its reporter: the citizen's name/phone, else the account that reported it
      // (an inspector's own report); the inspector is the assigned one, else the inspector who reported.
      reporter:
        [d.reporter_name, d.reporter_phone].filter(Boolean).join(" ") ||
        (d.reported_by_name ? `${d.reported_by_name}（${SOURCES[d.source]}）` : null),
      reporterPhone: d.reporter_phone,
      department: d.department_name,
      inspector: d.inspector_name ?? (d.source === "inspector" ? d.reported_by_name : null),
      createdAt: d.created_at,
      dueAt: d.due_at,
      cd: countdown(d),
      counts: { rework: d.rework_count, returns: d.return_count, urges: d.urge_count, extends: d.extend_count },
      mergedInto: d.merged_into && d.merged_into_no ? { id: d.merged_into, no: d.merged_into_no } : null,
      pending: pend ? { kind: pend.kind, note: pend.note, requester: pend.requester, minutes: pend.minutes } : null,
    },
    photos: {
      before: ms.filter((m) => m.kind === "before").map((m) => ({ id: m.id, kind: m.kind, at: m.created_at })),
      after: ms.filter((m) => m.kind === "after").map((m) => ({ id: m.id, kind: m.kind, at: m.created_at })),
      check: ms.filter((m) => m.kind === "check").map((m) => ({ id: m.id, kind: m.kind, at: m.created_at })),
    },
    events: evs.map((e) => {
      const data = e.data ? JSON.parse(e.data) : {};
      const detail = [
        data.departmentName && `部门：${data.departmentName}`,
        data.targetNo && `合并到 ${data.targetNo}`,
        data.fromNo && `来自 ${data.fromNo}`,
        data.minutes && `${Math.round(data.minutes / 60)} 工作小时`,
        data.due_at && `时限：${fmtCn(data.due_at)}`,
      ]
        .filter(Boolean)
        .join("；");
      return {
        at: e.at,
        label: eventName(e.action),
        actor: e.actor,
        note: e.note,
        detail: detail || null,
        photos: inEvent.get(e.id) ?? [],
        stateName: STATES[e.to_state as CaseState]?.name ?? e.to_state,
      };
    }),
    actions,
    duplicates: dups.map((x) => ({
      id: x.id,
      no: x.no,
      description: x.description,
      distance: x.distance,
      stateName: STATES[x.state as CaseState].name,
    })),
    opts: {
      inspectors: needs("inspector") ? inspectors(db).map((i) => ({ value: String(i.id), label: i.name })) : [],
      categories: needs("category")
        ? categoriesForSelect(db).map((x) => ({
            value: String(x.id),
            label: `${x.code} ${x.small_name}`,
            group: `${x.big_code} ${x.big_name}`,
          }))
        : [],
      departments: needs("department")
        ? listDepartments(db, { activeOnly: true }).map((x) => ({
            value: String(x.id),
            label: x.name,
            warn: fallbackNote(db, x.id),
          }))
        : [],
      subunits:
        needs("subunit") && u.departmentId
          ? subUnits(db, u.departmentId).map((x) => ({
              value: String(x.id),
              label: x.name,
              warn: fallbackNote(db, x.id),
            }))
          : [],
      urgencies: Object.entries(URGENCIES).map(([value, label]) => ({ value, label })),
    },
    proposal: proposal ? { id: proposal.departmentId, name: proposal.departmentName, rule: proposal.rule } : null,
    csrf: c.get("csrf"),
    unread: unreadCount(db, u.userId),
    canRelocate: acts.some((t) => t.action === "relocate"),
  };
}

export function casePage(c: Ctx, u: UserActor, id: number, flash?: string, error?: string) {
  const p = buildCasePage(c, u, id);
  // The map sits outside #case-main so htmx swaps of the actions never re-create it.
  const canMove = p.canRelocate;
  const at = p.c.lng != null && p.c.lat != null ? { lng: p.c.lng, lat: p.c.lat } : null;
  const location = (
    <CaseLocation
      id={p.c.id}
      state={p.c.state}
      csrf={p.csrf}
      canMove={canMove}
      hasPoint={!!at}
      map={at || canMove ? <MapPicker config={mapConfig(c)} value={at} readonly={!canMove} id="case-map" /> : null}
    />
  );
  const { db } = c.get("deps");
  const body = (
    <>
      {flash && <Alert kind="ok">{flash}</Alert>}
      {error && <Alert kind="error">{error}（已刷新为最新状态）</Alert>}
      <CaseMain {...p} />
      {location}
      {casePanelsFor(db).map((x) => x.render(c, u, id))}
    </>
  );
  return page(c, body, {
    title: `案件 ${p.c.no}`,
    status: error ? 409 : undefined,
    current: "/cases",
    head: (
      <>
        {head()}
        <MapHead />
      </>
    ),
    fragment: <CaseMain {...p} />,
  });
}

export const NAV: NavEntry[] = [
  {
    href: "/cases",
    label: "案件列表",
    group: "案件",
    roles: VIEWERS.filter((x) => x !== "inspector"),
    order: 20,
  },
  {
    href: "/cases?queue=my_tasks",
    label: "我的核实/核查任务",
    group: "案件",
    roles: ["inspector"],
    order: 21,
  },
  { href: "/notifications", label: "通知", group: "案件", roles: VIEWERS, order: 29 },
  { href: "/admin/lifecycle", label: "案件流程", group: "系统管理", roles: ["admin"], order: 90 },
];

export function registerCaseRoutes(r: Router) {
  r.get("/admin/lifecycle", ["admin"], (c) =>
    page(
      c,
      <>
        <h2>案件流程（状态与动作）</h2>
        <p class="muted">由 server/cases/lifecycle.ts 生成；括号内为可执行的角色。</p>
        <pre class="card">{diagram()}</pre>
      </>,
      { title: "案件流程" },
    ),
  );

  r.get("/cases", VIEWERS, (c) => {
    const u = requireUser(c);
    const { db } = c.get("deps");
    const { filter, query, queue, title } = filterFrom(c, u);
    const res = listCases(db, filter);
    const scope = scopeFor(db, u);
    const queues = queuesFor(u).map((x) => ({
      key: x.key,
      label: x.label,
      count:
        x.key === "all" || x.key === "open"
          ? undefined
          : countCases(db, { ...x.filter, ...scope, ...(x.key === "my_tasks" ? { inspectorId: u.userId } : {}) }),
    }));
    const rows = res.rows.map((x) => toListRow(x));
    const props = {
      title,
      rows,
      total: res.total,
      page: res.page,
      pages: res.pages,
      query,
      queues,
      queue,
      unread: unreadCount(db, u.userId),
      canReport: u.roles.some((x) => ["intake", "hotline", "shift_lead", "inspector"].includes(x)),
      states: Object.entries(STATES).map(([value, s]) => ({ value, label: s.name })),
      sources: Object.entries(SOURCES).map(([value, label]) => ({ value, label })),
      categories: categoriesForSelect(db).map((x) => ({ value: String(x.id), label: x.small_name })),
      towns: towns(db).map((x) => ({ value: String(x.id), label: x.name })),
      departments: listDepartments(db, { activeOnly: true }).map((x) => ({ value: String(x.id), label: x.name })),
    };
    return page(c, <CaseList {...props} />, {
      title,
      current: "/cases",
      head: head(),
      fragment: <CaseList {...props} />,
    });
  });

  // Exports run in the worker pool (server/core/pool.ts, jobs in ./export.ts): a 50,000-row export
  // never holds the request thread; a full queue answers 503 稍后重试.
  r.get("/cases/export.csv", VIEWERS, async (c) => {
    const { filter } = filterFrom(c, requireUser(c));
    const body = await c.get("deps").pool.run<string>("cases.export.csv", { filter }, { signal: c.req.raw.signal });
    c.header("content-type", "text/csv; charset=utf-8");
    c.header("content-disposition", `attachment; filename="cases.csv"`);
    return c.body(body);
  });
  r.get("/cases/export.xlsx", VIEWERS, async (c) => {
    const { filter } = filterFrom(c, requireUser(c));
    const buf = await c
      .get("deps")
      .pool.run<Uint8Array<ArrayBuffer>>("cases.export.xlsx", { filter }, { signal: c.req.raw.signal });
    c.header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    c.header("content-disposition", `attachment; filename="cases.xlsx"`);
    return c.body(buf);
  });

  r.get("/cases/:id", VIEWERS, (c) => {
    const u = requireUser(c);
    const ok = c.req.query("ok");
    return casePage(
      c,
      u,
      idParam(c, "案件", "case.not_found"),
      ok === "reported" ? "上报成功，已生成案件编号" : ok && ok in SPECS ? `已完成：${SPECS[ok]!.label}` : undefined,
    );
  });

  r.get("/media/:id", VIEWERS, async (c) => {
    const u = requireUser(c);
    const { db, config } = c.get("deps");
    const m = mediaById(db, idParam(c, "案件", "case.not_found"));
    if (!m) throw NotFound("照片", "media.not_found");
    if (!canView(db, u, loadCase(db, m.case_id))) throw Forbidden("您无权查看该照片");
    const file = Bun.file(`${config.dataDir}/media/${m.path}`);
    if (!(await file.exists())) throw NotFound("照片文件", "media.missing");
    c.header("content-type", m.mime);
    c.header("cache-control", "private, max-age=86400");
    return c.body(new Uint8Array(await file.arrayBuffer()));
  });

  // The workbench panel alone, for the live refresh (views/assets/live.js swaps it on a "case" event).
  r.get("/cases/panel/:role", VIEWERS, (c) => {
    const u = requireUser(c);
    const p = PANELS.find((x) => x.roles.includes(c.req.param("role") as Role));
    if (!p?.roles.some((r) => u.roles.includes(r))) throw NotFound("面板");
    return html(c, p.render(c, u));
  });

  for (const [slug, spec] of Object.entries(SPECS)) {
    r.post(`/cases/:id/${slug}`, rolesOf(spec.actions), async (c) => {
      const u = requireUser(c);
      const id = idParam(c, "案件", "case.not_found");
      const { f, files } = await formWithFiles(c);
      try {
        await spec.run(c, u, id, { f, files });
      } catch (e) {
        // 409: someone else moved the case. Show its current state and actions with the message.
        if (!(e instanceof AppError && e.kind === "conflict")) throw e;
        // A full page answers 409; an htmx swap answers 200 (htmx swaps only 2xx) with the fresh state.
        if (!isPartial(c)) return casePage(c, u, id, undefined, e.message);
        c.header("X-Wanmi-Conflict", e.code);
        return html(
          c,
          <>
            <CaseMain {...buildCasePage(c, u, id)} />
            <div id="flash" hx-swap-oob="true">
              <Alert kind="error">{e.message}（已刷新为最新状态）</Alert>
            </div>
          </>,
        );
      }
      if (isPartial(c)) {
        const p = buildCasePage(c, u, id);
        return html(
          c,
          <>
            <CaseMain {...p} />
            <div id="flash" hx-swap-oob="true">
              <Alert kind="ok">已完成：{spec.label}</Alert>
            </div>
          </>,
        );
      }
      return c.redirect(`/cases/${id}?ok=${slug}`, 303);
    });
  }
}

// Workbench panels: each role's queues with counts and the first rows of its main queue.
const panel = (role: Role, main: string, order = 10): Panel => ({
  roles: [role],
  order,
  render: (c, u) => {
    const { db } = c.get("deps");
    const scope = scopeFor(db, u);
    const qs = QUEUES.filter((q) => q.roles.includes(role) && q.key !== "all" && q.key !== "open");
    const counts = qs.map((q) => ({
      q,
      n: countCases(db, { ...q.filter, ...scope, ...(q.key === "my_tasks" ? { inspectorId: u.userId } : {}) }),
    }));
    const m = QUEUES.find((q) => q.key === main)!;
    const rows = listCases(db, { ...m.filter, ...scope, perPage: 8 }).rows.map((x) => toListRow(x));
    return (
      <section class="card" id={`panel-${role}`} data-live="*" data-live-src={`/cases/panel/${role}`}>
        <CaseStyles />
        <LiveScript />
        <div class="cards">
          {counts.map(({ q, n }) => (
            <a class="stat" href={`/cases?queue=${q.key}`}>
              <div class="n">{n}</div>
              <div class="l">{q.label}</div>
            </a>
          ))}
          <a class="stat" href="/notifications">
            <div class="n">
              <span id="notify-count">{unreadCount(db, u.userId)}</span>
            </div>
            <div class="l">未读通知</div>
          </a>
        </div>
        <h3>
          {m.label}{" "}
          <a href={`/cases?queue=${m.key}`} class="muted">
            全部 »
          </a>
        </h3>
        <CaseTable rows={rows} />
      </section>
    );
  },
});

export const PANELS: Panel[] = [
  panel("intake", "new"),
  panel("shift_lead", "cancel_requests"),
  panel("dispatcher", "to_dispatch"),
  panel("handler", "to_accept"),
  panel("leader", "overdue"),
  panel("hotline", "open"),
];
