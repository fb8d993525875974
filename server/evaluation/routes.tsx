// 综合评价 / 排名 / 申诉 / 权重设置, with Excel and CSV export of every table.
import type { NavEntry } from "../core/nav.ts";
import type { Router, Ctx } from "../core/http.ts";
import { formFields, requireUser } from "../core/http.ts";
import type { Role } from "../core/context.ts";
import { page } from "../core/page.tsx";
import { Validation } from "../core/errors.ts";
import { SPECS, UNIT_NAMES, type UnitKind } from "./indicators.ts";
import {
  evaluate,
  ranking,
  casesBehind,
  weightsFor,
  minVolume,
  departmentNames,
  listObjections,
  objectionDepartments,
} from "./queries.ts";
import { saveEvalSettings } from "./verbs/save-settings.ts";
import { periodFromQuery, periodQuery, localDate, reportHour, type Period } from "./period.ts";
import { indicatorTable, rankingTable, casesTable, shTime } from "./tables.ts";
import { toXlsx, toCsv, download, XLSX, type Table } from "./export.ts";
import type { EvalExportArgs } from "./jobs.ts";
import { fileObjection, INDICATOR_NAMES } from "./verbs/file-objection.ts";
import { decideObjection } from "./verbs/decide-objection.ts";
import { publishPeriod, PUBLISHABLE } from "./verbs/publish-period.ts";
import {
  EVAL_HEAD,
  IndicatorsPage,
  RankingPage,
  CasesPage,
  ObjectionsPage,
  SettingsPage,
  type PeriodProps,
} from "../../views/evaluation/pages.tsx";

export const EVAL_ROLES: readonly Role[] = ["leader", "shift_lead", "dispatcher", "admin"];
const OBJ_ROLES: readonly Role[] = ["handler", "shift_lead", "leader", "admin"];
const KINDS = Object.entries(UNIT_NAMES) as [UnitKind, string][];

const kindOf = (q: string | undefined): UnitKind => (q && q in SPECS ? (q as UnitKind) : "region");

function periodProps(_c: Ctx, action: string, kind: UnitKind, p: Period): PeriodProps {
  return {
    action,
    kind,
    kinds: KINDS,
    period: p.kind,
    date: p.start,
    from: p.kind === "custom" ? p.start : "",
    to: p.kind === "custom" ? p.end : "",
    label: p.label,
  };
}
const tabs = (base: string, kind: UnitKind, p: Period) => (
  <nav class="tabs">
    {KINDS.map(([k, n]) => (
      <a class={k === kind ? "active" : ""} href={`${base}?kind=${k}&${periodQuery(p)}`}>
        {n}
      </a>
    ))}
  </nav>
);

export async function sendTable(c: Ctx, tables: Table[], name: string) {
  const format = c.req.query("format");
  if (format === "csv") return download(toCsv(tables[0]!), `${name}.csv`, "text/csv; charset=utf-8");
  return download(await toXlsx(tables), `${name}.xlsx`, XLSX);
}

/** An indicator or ranking export, evaluated and written in the worker pool (./jobs.ts). */
async function pooledExport(c: Ctx, table: EvalExportArgs["table"], kind: UnitKind, name: string) {
  const format = c.req.query("format") === "csv" ? "csv" : "xlsx";
  const args: EvalExportArgs = { table, kind, query: c.req.query(), format };
  const body = await c.get("deps").pool.run<Uint8Array | string>("evaluation.export", args, {
    signal: c.req.raw.signal,
  });
  return format === "csv"
    ? download(body, `${name}.csv`, "text/csv; charset=utf-8")
    : download(body, `${name}.xlsx`, XLSX);
}

const deptNames = (c: Ctx) => departmentNames(c.get("deps").db);

export const NAV: NavEntry[] = [
  { href: "/evaluation", label: "综合评价", group: "评价与报表", roles: EVAL_ROLES, order: 60 },
  { href: "/evaluation/ranking", label: "排名", group: "评价与报表", roles: EVAL_ROLES, order: 61 },
  { href: "/evaluation/objections", label: "申诉", group: "评价与报表", roles: OBJ_ROLES, order: 62 },
  { href: "/evaluation/settings", label: "评价权重设置", group: "系统设置", roles: ["admin"], order: 90 },
];

export function registerEvaluation(r: Router) {
  r.get("/evaluation", EVAL_ROLES, async (c) => {
    const { db } = c.get("deps");
    const kind = kindOf(c.req.query("kind"));
    const p = periodFromQuery(c.req.query());
    if (c.req.query("format")) return pooledExport(c, "indicators", kind, `${UNIT_NAMES[kind]}评价-${p.key}`);
    const e = evaluate(db, kind, p);
    const table = indicatorTable(e);
    const spec = SPECS[kind];
    const body = (
      <IndicatorsPage
        title={`综合评价 · ${UNIT_NAMES[kind]}`}
        form={periodProps(c, "/evaluation", kind, p)}
        tabs={tabs("/evaluation", kind, p)}
        table={table}
        exportBase={`/evaluation?kind=${kind}&${periodQuery(p)}`}
        publish={{
          published: e.published,
          canPublish:
            PUBLISHABLE.has(p.kind) && p.to <= new Date().toISOString() && requireUser(c).roles.includes("shift_lead"),
          csrf: c.get("csrf"),
          period: p.kind,
          date: p.start,
        }}
        formulas={{
          defs: spec.counters.map((x) => ({ label: x.label, text: x.def })),
          rates: spec.rates.map((x) => {
            const den = spec.counters.find((c) => c.key === x.den);
            return { label: x.label, text: den ? `${x.formula}；分母「${den.label}」口径：${den.def}` : x.formula };
          }),
          composite: spec.terms.map((t) => ({
            label: `${t.label} × ${e.weights[t.key]}%`,
            text: `${t.label} = ${t.score}`,
          })),
          minVolume: e.minVolume,
          volumeLabel: spec.volumeLabel,
        }}
      />
    );
    return page(c, body, { title: "综合评价", head: EVAL_HEAD(c.get("deps").version) });
  });

  r.get("/evaluation/ranking", EVAL_ROLES, async (c) => {
    const { db } = c.get("deps");
    const kind = kindOf(c.req.query("kind"));
    const p = periodFromQuery(c.req.query());
    if (c.req.query("format")) return pooledExport(c, "ranking", kind, `${UNIT_NAMES[kind]}排名-${p.key}`);
    const e = ranking(db, kind, p);
    const table = rankingTable(e);
    const body = (
      <RankingPage
        title={`排名 · ${UNIT_NAMES[kind]}`}
        form={periodProps(c, "/evaluation/ranking", kind, p)}
        tabs={tabs("/evaluation/ranking", kind, p)}
        table={table}
        exportBase={`/evaluation/ranking?kind=${kind}&${periodQuery(p)}`}
        note={`按综合指标值排名；名次变化对比上期（${e.previous.label}）。${e.spec.volumeLabel}少于 ${e.minVolume} 件的单位不参加排名。已通过的申诉已核减。`}
      />
    );
    return page(c, body, { title: "排名", head: EVAL_HEAD(c.get("deps").version) });
  });

  r.get("/evaluation/cases", EVAL_ROLES, async (c) => {
    const { db } = c.get("deps");
    const kind = kindOf(c.req.query("kind"));
    const p = periodFromQuery(c.req.query());
    const key = c.req.query("key") ?? "";
    const counter = SPECS[kind].counters.find((x) => x.key === key);
    if (!counter) throw Validation("eval.key", "未知的指标", { key: "未知的指标" });
    const unitQ = c.req.query("unit");
    const unit = unitQ === undefined || unitQ === "" ? null : Number(unitQ);
    const e = evaluate(db, kind, p);
    const unitName = unit === null ? "全部" : (e.rows.find((x) => x.id === unit)?.name ?? String(unit));
    const facts = casesBehind(db, kind, p, key, unit);
    const table = casesTable(`${unitName}-${counter.label}`, facts, deptNames(c));
    if (c.req.query("format")) return sendTable(c, [table], `${unitName}-${counter.label}-${p.key}`);
    const body = (
      <CasesPage
        title={`${unitName} · ${counter.label}：${facts.length} 件`}
        subtitle={`${p.label}｜口径：${counter.def}`}
        table={table}
        back={`/evaluation?kind=${kind}&${periodQuery(p)}`}
        exportBase={`/evaluation/cases?kind=${kind}&key=${key}${unit === null ? "" : `&unit=${unit}`}&${periodQuery(p)}`}
      />
    );
    return page(c, body, { title: "指标明细", head: EVAL_HEAD(c.get("deps").version) });
  });

  const objectionsView = (c: Ctx, flash?: string) => {
    const { db } = c.get("deps");
    const u = requireUser(c);
    const canDecide = u.roles.includes("shift_lead");
    const canFile = u.roles.some((x) => x === "handler" || x === "shift_lead" || x === "admin");
    const onlyMine = !u.roles.some((x) => x === "shift_lead" || x === "leader" || x === "admin");
    const rows = listObjections(db, onlyMine ? (u.departmentId ?? -1) : null).map((o) => ({
      id: o.id,
      caseId: o.case_id,
      caseNo: o.no,
      dept: o.dept,
      indicator: INDICATOR_NAMES[o.indicator as keyof typeof INDICATOR_NAMES],
      reason: o.reason,
      status: { pending: "待审核", accepted: "已通过", rejected: "已驳回" }[o.status as string] ?? o.status,
      filedBy: o.filer ?? "",
      filedAt: shTime(o.filed_at),
      decidedBy: o.decider,
      decisionNote: o.decision_note,
    }));
    const table: Table = {
      title: "申诉",
      headers: ["案件编号", "部门", "指标", "理由", "提出人", "提出时间", "状态", "处理人", "处理意见"],
      rows: rows.map((o) => [
        o.caseNo,
        o.dept,
        o.indicator,
        o.reason,
        o.filedBy,
        o.filedAt,
        o.status,
        o.decidedBy ?? "",
        o.decisionNote ?? "",
      ]),
    };
    const depts = objectionDepartments(db, onlyMine ? (u.departmentId ?? -1) : null);
    return { rows, table, depts, canDecide, canFile, u, flash };
  };

  r.get("/evaluation/objections", OBJ_ROLES, async (c) => {
    const v = objectionsView(c, c.req.query("ok") ? "已保存" : undefined);
    if (c.req.query("format")) return sendTable(c, [v.table], "申诉");
    return page(
      c,
      <ObjectionsPage
        csrf={c.get("csrf")}
        canFile={v.canFile}
        canDecide={v.canDecide}
        depts={v.depts}
        myDept={v.u.departmentId}
        rows={v.rows}
        table={v.table}
        flash={v.flash}
        exportBase="/evaluation/objections?x=1"
      />,
      { title: "申诉", head: EVAL_HEAD(c.get("deps").version) },
    );
  });

  r.post("/evaluation/objections", ["handler", "shift_lead", "admin"], async (c) => {
    const { db } = c.get("deps");
    const f = await formFields(c);
    fileObjection(db, requireUser(c), {
      caseNo: f.caseNo ?? "",
      departmentId: f.departmentId ?? "",
      indicator: f.indicator as any,
      reason: f.reason ?? "",
    });
    return c.redirect("/evaluation/objections?ok=1", 303);
  });

  r.post("/evaluation/publish", ["shift_lead"], async (c) => {
    const { db } = c.get("deps");
    const f = await formFields(c);
    const p = periodFromQuery({ period: f.period, date: f.date });
    publishPeriod(db, requireUser(c), p);
    return c.redirect(`/evaluation?${periodQuery(p)}`, 303);
  });

  r.post("/evaluation/objections/:id/decide", ["shift_lead"], async (c) => {
    const { db } = c.get("deps");
    const f = await formFields(c);
    decideObjection(db, requireUser(c), {
      id: Number(c.req.param("id")),
      accept: f.decision === "accept",
      note: f.note,
    });
    return c.redirect("/evaluation/objections?ok=1", 303);
  });

  r.get("/evaluation/settings", ["admin"], (c) => {
    const { db } = c.get("deps");
    const groups = KINDS.map(([k, n]) => {
      const w = weightsFor(db, k);
      return {
        kind: k,
        name: n,
        terms: SPECS[k].terms.map((t) => ({ key: t.key, label: t.label, weight: w[t.key]! })),
      };
    });
    return page(
      c,
      <SettingsPage
        csrf={c.get("csrf")}
        groups={groups}
        minVolume={minVolume(db)}
        hour={reportHour(db)}
        flash={c.req.query("ok") ? "已保存，排名将按新权重重新计算" : undefined}
      />,
      { title: "评价权重设置", head: EVAL_HEAD(c.get("deps").version) },
    );
  });

  r.post("/evaluation/settings", ["admin"], async (c) => {
    const { db } = c.get("deps");
    const u = requireUser(c);
    const f = await formFields(c);
    const errors: Record<string, string> = {};
    const next: Record<string, string> = {};
    for (const [k] of KINDS) {
      const w: Record<string, number> = {};
      for (const t of SPECS[k].terms) {
        const v = Number(f[`w.${k}.${t.key}`]);
        if (!Number.isFinite(v) || v < 0 || v > 100) errors[`w.${k}.${t.key}`] = "权重应为 0–100";
        w[t.key] = v;
      }
      if (Object.values(w).reduce((a, b) => a + b, 0) <= 0) errors[`w.${k}`] = `${UNIT_NAMES[k]}的权重之和必须大于 0`;
      next[`eval.weights.${k}`] = JSON.stringify(w);
    }
    const mv = Number(f.minVolume);
    if (!Number.isInteger(mv) || mv < 0) errors.minVolume = "最小样本数应为非负整数";
    const hr = Number(f.reportHour);
    if (!Number.isInteger(hr) || hr < 0 || hr > 23) errors.reportHour = "生成时间应为 0–23 点";
    if (Object.keys(errors).length) throw Validation("eval.settings", Object.values(errors)[0]!, errors);
    next["eval.min_volume"] = String(mv);
    next["reports.hour"] = String(hr);
    saveEvalSettings(db, u, next);
    return c.redirect("/evaluation/settings?ok=1", 303);
  });
}

export { localDate };
