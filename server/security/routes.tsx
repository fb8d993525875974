// Security pages: settings (安全管理员), the audit log and its export (审计员), own password.
import type { NavEntry } from "../core/nav.ts";
import type { Router, Ctx } from "../core/http.ts";
import { formFields, requireUser } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { AppError } from "../core/errors.ts";
import { SECURITY_KEYS, securitySettings, type SecuritySettings } from "./settings.ts";
import { saveSecuritySettings } from "./verbs/save-security-settings.ts";
import { listSecurityLog, securityLogCsv, securityLog, kindName, SECURITY_KINDS, type LogFilter } from "./log.ts";
import { SecuritySettingsPage, SecurityLogPage } from "../../views/security/index.tsx";

const SEC_ADMIN = ["security_admin"] as const;
const AUDITOR = ["auditor"] as const;
const PAGE = 100;

function settingsPage(c: Ctx, values: Record<string, string>, err?: AppError, flash?: string) {
  const fields = (
    Object.entries(SECURITY_KEYS) as [keyof SecuritySettings, (typeof SECURITY_KEYS)[keyof SecuritySettings]][]
  ).map(([k, d]) => ({
    name: k,
    label: d.label,
    hint: d.hint,
    value: values[k] ?? "",
    min: d.min,
    max: d.max,
  }));
  return page(
    c,
    <SecuritySettingsPage
      csrf={c.get("csrf")}
      fields={fields}
      errors={err?.fields ?? {}}
      error={err?.message}
      flash={flash}
    />,
    {
      title: "安全设置",
      status: err?.status,
    },
  );
}

function logFilter(c: Ctx): LogFilter {
  const kind = c.req.query("kind") ?? "";
  return {
    kind: SECURITY_KINDS.includes(kind) ? kind : undefined,
    q: (c.req.query("q") ?? "").slice(0, 100) || undefined,
  };
}

export const NAV: NavEntry[] = [
  { href: "/security/settings", label: "安全设置", group: "安全管理", roles: SEC_ADMIN, order: 95 },
  { href: "/security/log", label: "安全审计日志", group: "安全审计", roles: AUDITOR, order: 96 },
];

export function registerSecurity(r: Router) {
  r.get("/security/settings", SEC_ADMIN, (c) => {
    const s = securitySettings(c.get("deps").db);
    const values = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, String(v)]));
    return settingsPage(c, values, undefined, c.req.query("saved") ? "已保存" : undefined);
  });
  r.post("/security/settings", SEC_ADMIN, async (c) => {
    const f = await formFields(c);
    try {
      saveSecuritySettings(c.get("deps").db, requireUser(c), f);
    } catch (e) {
      if (e instanceof AppError && e.kind === "validation") return settingsPage(c, f, e);
      throw e;
    }
    return c.redirect("/security/settings?saved=1", 303);
  });

  r.get("/security/log", AUDITOR, (c) => {
    const f = logFilter(c);
    const pg = Math.max(1, Math.min(1_000_000, Number.parseInt(c.req.query("page") ?? "1", 10) || 1));
    const { rows, total } = listSecurityLog(c.get("deps").db, { ...f, limit: PAGE, offset: (pg - 1) * PAGE });
    const qs = (extra: Record<string, string>) =>
      "?" +
      new URLSearchParams({ ...(f.kind ? { kind: f.kind } : {}), ...(f.q ? { q: f.q } : {}), ...extra }).toString();
    return page(
      c,
      <SecurityLogPage
        rows={rows}
        total={total}
        page={pg}
        pages={Math.max(1, Math.ceil(total / PAGE))}
        kind={f.kind ?? ""}
        q={f.q ?? ""}
        kinds={SECURITY_KINDS.map((k) => ({ value: k, label: kindName(k) }))}
        kindName={kindName}
        csvHref={"/security/log.csv" + qs({})}
        href={(p) => "/security/log" + qs({ page: String(p) })}
      />,
      { title: "安全审计日志" },
    );
  });
  r.get("/security/log.csv", AUDITOR, (c) => {
    const { db } = c.get("deps");
    const u = requireUser(c);
    const f = logFilter(c);
    securityLog(db, {
      kind: "export",
      actor: u.name,
      userId: u.userId,
      username: u.username,
      entity: "security_log",
      detail: JSON.stringify(f),
    });
    const stamp = new Date().toISOString().slice(0, 10);
    return c.body(securityLogCsv(db, f), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="security-log-${stamp}.csv"`,
    });
  });
}
