import type { NavEntry } from "../core/nav.ts";
import type { Panel } from "../core/workbench.ts";
import { setTrackSource } from "../maps/index.ts";
// 城管通 routes: the inspector's phone pages under /m, JSON endpoints for the offline queue under
// /api/field, and the supervision centre's patrol page under /field.
import { join, normalize } from "node:path";
import type { Context } from "hono";
import type { Router, Ctx } from "../core/http.ts";
import { requireUser, formFields } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { NotFound, Validation } from "../core/errors.ts";
import { shanghaiDate } from "../core/calendar.ts";
import { hasRole } from "../core/context.ts";
import { wgs84ToGcj02 } from "../core/coords.ts";
import * as q from "./queries.ts";
import { storeUploads, MAX_PHOTOS, STATES, countdown, type StoredFile } from "./cases-adapter.ts";
import { submitReport, alreadySubmitted } from "./verbs/submit-report.ts";
import { answerTask } from "./verbs/answer-task.ts";
import { startPatrol } from "./verbs/start-patrol.ts";
import { endPatrol } from "./verbs/end-patrol.ts";
import { recordTrack } from "./verbs/record-track.ts";
import { clock } from "./verbs/clock.ts";
import { assignNearest } from "./verbs/assign-nearest.ts";
import { serviceWorker, MANIFEST, ICON_SVG } from "./assets.ts";
import { FieldHead } from "../../views/field/parts.tsx";
import { FieldHome } from "../../views/field/home.tsx";
import { ReportForm } from "../../views/field/report.tsx";
import { TasksPage, TaskList, TaskDetail, type TaskItem } from "../../views/field/tasks.tsx";
import { PatrolPage } from "../../views/field/patrol.tsx";
import { MyReports } from "../../views/field/reports.tsx";
import { SupervisionPage } from "../../views/field/supervision.tsx";
import { Badge } from "../../views/ui/index.tsx";

/** Seconds between track samples while the patrol page is open. */
export const SAMPLE_SECONDS = 30;
const INSPECTOR = ["inspector"] as const;
const SUPERVISION = ["intake", "shift_lead", "leader"] as const;

const TONE: Record<string, string> = { intake: "blue", open: "amber", suspended: "grey", closed: "green" };

function mobile(c: Ctx, title: string, body: unknown, o: { back?: string; fragment?: unknown } = {}) {
  const { version } = c.get("deps");
  return page(c, body as any, {
    title,
    layout: "mobile",
    back: o.back,
    head: <FieldHead version={version} />,
    fragment: o.fragment as any,
  });
}

function navLink(lng: number | null, lat: number | null, label: string): string | null {
  if (lng == null || lat == null) return null;
  const [gl, ga] = wgs84ToGcj02(lng, lat); // Chinese map apps expect GCJ-02
  return `https://uri.amap.com/navigation?to=${gl.toFixed(6)},${ga.toFixed(6)},${encodeURIComponent(label)}&mode=walk&coordinate=gaode&callnative=1`;
}

function taskItem(t: q.Task): TaskItem {
  return { ...t, badge: countdown(t as any), nav: navLink(t.lng, t.lat, t.no) };
}

function position(c: Context): { lng: number; lat: number } | null {
  const lng = Number(c.req.query("lng")),
    lat = Number(c.req.query("lat"));
  return c.req.query("lng") && Number.isFinite(lng) && Number.isFinite(lat) ? { lng, lat } : null;
}

type Body = Record<string, string | File | (string | File)[]>;
async function multipart(
  c: Context,
): Promise<{ s: (k: string) => string | undefined; n: (k: string) => number | undefined; files: unknown[] }> {
  const ct = c.req.header("content-type") ?? "";
  if (!ct.includes("multipart/form-data") && !ct.includes("application/x-www-form-urlencoded"))
    throw Validation("field.content_type", "请以表单方式提交");
  const body = (await c.req.parseBody({ all: true })) as Body;
  const s = (k: string) => {
    const v = body[k];
    const f = Array.isArray(v) ? v[0] : v;
    return typeof f === "string" && f.trim() !== "" ? f.trim() : undefined;
  };
  const n = (k: string) => {
    const v = s(k);
    if (v === undefined) return undefined;
    const x = Number(v);
    if (!Number.isFinite(x)) throw Validation("field.number", "提交的数字格式不对", { [k]: "格式不对" });
    return x;
  };
  const p = body.photos ?? body["photos[]"];
  return { s, n, files: p === undefined ? [] : Array.isArray(p) ? p : [p] };
}

export const NAV: NavEntry[] = [
  { href: "/m/report", label: "上报", roles: INSPECTOR, order: 2 },
  { href: "/m/tasks", label: "任务", roles: INSPECTOR, order: 3 },
  { href: "/m/patrol", label: "巡查", roles: INSPECTOR, order: 4 },
  { href: "/m/reports", label: "我的", roles: INSPECTOR, order: 5 },
  { href: "/field/patrols", label: "巡查监督", group: "监督", roles: SUPERVISION, order: 40 },
];

export const PANELS: Panel[] = [
  {
    roles: ["intake", "shift_lead", "leader"],
    order: 40,
    render: (c) => {
      const { db } = c.get("deps");
      const day = shanghaiDate(new Date());
      const patrols = q.patrolsOfDay(db, day);
      const cov = q.coverageOfDay(db, day);
      return (
        <div class="card">
          <h3>今日巡查</h3>
          <p>
            巡查 {patrols.length} 次，正在巡查 {patrols.filter((p) => !p.ended_at).length} 人，责任网格覆盖{" "}
            {cov.filter((x) => x.visited > 0).length} / {cov.length}。 <a href="/field/patrols">查看轨迹与覆盖</a>
          </p>
        </div>
      );
    },
  },
];

export function registerField(r: Router) {
  // Today's inspector tracks on the desk map.
  setTrackSource((db, day) => ({
    type: "FeatureCollection",
    features: q
      .patrolsOfDay(db, day)
      .filter((p) => p.track.length >= 2)
      .map((p) => ({
        type: "Feature",
        id: p.id,
        geometry: { type: "LineString", coordinates: p.track.map((t) => [t.lng, t.lat]) },
        properties: { user: p.user_id, name: p.name },
      })),
  }));

  // ---- app shell: service worker (scope /m), manifest, icon ----
  r.get("/m/sw.js", "public", async (c) => {
    return c.body(await serviceWorker(c.get("deps").version), 200, {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "no-cache",
      "service-worker-allowed": "/m",
    });
  });
  r.get("/m/manifest.webmanifest", "public", (c) =>
    c.body(JSON.stringify(MANIFEST), 200, { "content-type": "application/manifest+json" }),
  );
  r.get("/m/icon.svg", "public", (c) =>
    c.body(ICON_SVG, 200, { "content-type": "image/svg+xml", "cache-control": "public, max-age=86400" }),
  );

  // ---- inspector pages ----
  r.get("/m", INSPECTOR, (c) => {
    const u = requireUser(c);
    const { db } = c.get("deps");
    const att = q.attendanceOfDay(db, u.userId, shanghaiDate(new Date()));
    return mobile(
      c,
      "城管通",
      <FieldHome
        intro="上报问题、核实与核查任务、巡查轨迹与考勤。"
        tasks={q.todayTaskCount(db, u.userId)}
        onPatrol={!!q.openPatrol(db, u.userId)}
        clockedIn={att.at(-1)?.kind === "in"}
      />,
    );
  });

  r.get("/m/report", INSPECTOR, (c) => {
    const u = requireUser(c);
    const { recent, all } = q.categoryOptions(c.get("deps").db, u.userId);
    return mobile(c, "上报问题", <ReportForm recent={recent} all={all} maxPhotos={MAX_PHOTOS} />, { back: "/m" });
  });

  r.get("/m/tasks", INSPECTOR, (c) => {
    const u = requireUser(c);
    const from = position(c);
    const tasks = q.myTasks(c.get("deps").db, u.userId, from).map(taskItem);
    return mobile(c, "我的任务", <TasksPage tasks={tasks} />, {
      back: "/m",
      fragment: <TaskList tasks={tasks} located={!!from} />,
    });
  });

  r.get("/m/tasks/:id{[0-9]+}", INSPECTOR, (c) => {
    const u = requireUser(c);
    const { db } = c.get("deps");
    const t = q.myTask(db, u.userId, Number(c.req.param("id")));
    if (!t) throw NotFound("任务", "field.task_not_found");
    const mediaIds = q.caseMediaIds(db, t.id).map((m) => m.id);
    return mobile(
      c,
      t.state === "verifying" ? "核实任务" : "核查任务",
      <TaskDetail task={taskItem(t)} mediaIds={mediaIds} />,
      { back: "/m/tasks" },
    );
  });

  r.get("/m/reports", INSPECTOR, (c) => {
    const u = requireUser(c);
    const rows = q.myReports(c.get("deps").db, u.userId).map((x) => {
      const st = STATES[x.state as keyof typeof STATES];
      return { ...x, stateName: st?.name ?? x.state, tone: TONE[st?.type ?? "intake"] ?? "grey" };
    });
    return mobile(c, "我的上报", <MyReports rows={rows} />, { back: "/m" });
  });

  r.get("/m/patrol", INSPECTOR, (c) => {
    const u = requireUser(c);
    const { db } = c.get("deps");
    return mobile(
      c,
      "巡查与考勤",
      <PatrolPage
        csrf={c.get("csrf")}
        patrol={q.openPatrol(db, u.userId)}
        today={q.attendanceOfDay(db, u.userId, shanghaiDate(new Date()))}
        intervalS={SAMPLE_SECONDS}
      />,
      { back: "/m" },
    );
  });
  r.post("/m/patrol/start", INSPECTOR, (c) => {
    startPatrol(c.get("deps").db, requireUser(c));
    return c.redirect("/m/patrol", 303);
  });
  r.post("/m/patrol/end", INSPECTOR, (c) => {
    endPatrol(c.get("deps").db, requireUser(c));
    return c.redirect("/m/patrol", 303);
  });
  r.post("/m/clock", INSPECTOR, async (c) => {
    const f = await formFields(c);
    const num = (k: string) => (f[k] ? Number(f[k]) : null);
    clock(c.get("deps").db, requireUser(c), {
      kind: f.kind as "in" | "out",
      lng: num("lng"),
      lat: num("lat"),
      accuracy: num("accuracy"),
    });
    return c.redirect("/m/patrol", 303);
  });

  /** Photos only through this route, only for cases the inspector reported or is assigned to. */
  r.get("/m/media/:id{[0-9]+}", INSPECTOR, async (c) => {
    const u = requireUser(c);
    const { db, config } = c.get("deps");
    const m = q.mediaForInspector(db, u.userId, Number(c.req.param("id")));
    if (!m) throw NotFound("照片", "field.media_not_found");
    const rel = normalize(m.path);
    if (rel.startsWith("..") || rel.startsWith("/")) throw NotFound("照片", "field.media_not_found");
    const file = Bun.file(join(config.dataDir, "media", rel));
    if (!(await file.exists())) throw NotFound("照片", "field.media_not_found");
    return new Response(file, {
      headers: {
        "content-type": m.mime,
        "cache-control": "private, max-age=86400",
        "x-content-type-options": "nosniff",
      },
    });
  });

  // ---- JSON for the offline queue ----
  r.get("/api/field/session", INSPECTOR, (c) => {
    const u = requireUser(c);
    return c.json({
      csrf: c.get("csrf"),
      user: { id: u.userId, name: u.name },
      patrol: q.openPatrol(c.get("deps").db, u.userId)?.id ?? null,
    });
  });

  r.get("/api/field/locate", INSPECTOR, (c) => {
    const p = position(c);
    if (!p) throw Validation("field.position", "缺少经纬度");
    const l = q.locate(c.get("deps").db, p.lng, p.lat);
    return c.json({ lng: p.lng, lat: p.lat, ...l });
  });

  r.post("/api/field/reports", INSPECTOR, async (c) => {
    const u = requireUser(c);
    const { db, config } = c.get("deps");
    const { s, n, files } = await multipart(c);
    const id = s("clientId") ?? "";
    // A replay of something already applied: answer with it before touching the uploaded files.
    const dup = id ? alreadySubmitted(db, u.userId, id) : null;
    if (dup) return c.json({ ...dup, duplicate: true });
    let componentId = n("componentId") ?? null;
    const code = s("componentCode");
    if (!componentId && code) {
      const comp = q.componentByCode(db, code);
      if (!comp) throw Validation("field.component", `部件编号 ${code} 不存在`, { componentCode: "部件编号不存在" });
      componentId = comp.id;
    }
    const photos: StoredFile[] = await storeUploads(config.dataDir, files);
    const res = submitReport(db, u, {
      clientId: id,
      madeAt: s("madeAt") ?? null,
      categoryId: n("categoryId") as number,
      description: s("description") ?? "",
      address: s("address") ?? null,
      lng: n("lng") as number,
      lat: n("lat") as number,
      componentId,
      photos,
      confirmOutside: s("confirm") === "1",
    });
    return c.json(res, res.duplicate ? 200 : 201);
  });

  r.post("/api/field/tasks/:id{[0-9]+}/answer", INSPECTOR, async (c) => {
    const u = requireUser(c);
    const { db, config } = c.get("deps");
    const { s, files } = await multipart(c);
    const id = s("clientId") ?? "";
    const dup = id ? alreadySubmitted(db, u.userId, id) : null;
    if (dup) return c.json({ ...dup, duplicate: true });
    if (!q.myTask(db, u.userId, Number(c.req.param("id")))) throw NotFound("任务", "field.task_not_found"); // before storing any file
    const photos = await storeUploads(config.dataDir, files);
    const res = answerTask(db, u, {
      clientId: id,
      madeAt: s("madeAt") ?? null,
      caseId: Number(c.req.param("id")),
      ok: s("ok") !== "0",
      note: s("note") ?? null,
      photos,
    });
    return c.json(res, res.duplicate ? 200 : 201);
  });

  r.post("/api/field/track", INSPECTOR, async (c) => {
    const body = await c.req.json().catch(() => null);
    if (!body) throw Validation("field.json", "请求内容不是有效的 JSON");
    const res = recordTrack(c.get("deps").db, requireUser(c), body);
    return c.json({
      stored: res.stored,
      ignored: res.ignored,
      points: res.patrol.points,
      distance_m: res.patrol.distance_m,
    });
  });

  // ---- supervision centre ----
  r.get("/field/patrols", SUPERVISION, (c) => {
    const u = requireUser(c);
    const { db } = c.get("deps");
    const qd = c.req.query("day");
    const day = qd && /^\d{4}-\d{2}-\d{2}$/.test(qd) ? qd : shanghaiDate(new Date());
    const assignable = q
      .assignableCases(db)
      .map((a) => ({ ...a, stateName: STATES[a.state as keyof typeof STATES]?.name ?? a.state }));
    // Who is on patrol right now (distances from a dummy point are not shown).
    const onPatrol = q.availableInspectors(db, 0, 0);
    const body = (
      <SupervisionPage
        day={day}
        csrf={c.get("csrf")}
        patrols={q.patrolsOfDay(db, day)}
        coverage={q.coverageOfDay(db, day)}
        attendance={q.attendanceSummary(db, day)}
        onPatrol={onPatrol}
        assignable={assignable}
        canAssign={hasRole(u, "intake", "shift_lead")}
      />
    );
    return page(c, body, {
      title: "巡查监督",
      head: <link rel="stylesheet" href={`/assets/field.css?v=${c.get("deps").version}`} />,
    });
  });

  r.post("/field/cases/:id{[0-9]+}/assign-nearest", ["intake", "shift_lead"], async (c) => {
    const f = await formFields(c);
    const { row, inspector } = assignNearest(c.get("deps").db, requireUser(c), {
      caseId: Number(c.req.param("id")),
      note: f.note || null,
    });
    const msg = `案件 ${row.no} 已派发给 ${inspector.name}（约 ${inspector.distance_m} 米）`;
    if (c.req.header("accept")?.includes("application/json"))
      return c.json({
        caseId: row.id,
        no: row.no,
        inspector: { id: inspector.user_id, name: inspector.name, distance_m: inspector.distance_m },
      });
    return page(
      c,
      <>
        <Badge tone="green">已派发</Badge> <p>{msg}</p>
        <p>
          <a href="/field/patrols">返回巡查监督</a>
        </p>
      </>,
      { title: "就近派发", flash: { kind: "ok", text: msg } },
    );
  });
}
