// Admin: AMI connection settings and the agent ↔ interface mapping.
import { type Db, tx, nowIso } from "../../core/db.ts";
import { type Actor, hasRole } from "../../core/context.ts";
import { Forbidden, Validation } from "../../core/errors.ts";
import { setSetting, getSetting } from "../../core/settings.ts";
import { logSettingChange } from "../../security/index.ts";
import { audit } from "../../core/audit.ts";

export type HotlineSettingsInput = {
  host: string;
  port: string;
  user: string;
  secret: string;
  queues: string;
  entryContexts: string;
  originateContext: string;
  callerId: string;
  pauseInWrapup: boolean;
  callbackHours: string;
};

export function saveHotlineSettings(db: Db, actor: Actor, input: HotlineSettingsInput) {
  if (!hasRole(actor, "admin") || actor.kind !== "user") throw Forbidden();
  const f: Record<string, string> = {};
  const port = Number(input.port || 5038);
  if (!Number.isInteger(port) || port < 1 || port > 65535) f.port = "端口必须是 1–65535 的整数";
  if (input.host && !input.user) f.user = "请填写 AMI 用户名";
  if (input.host && !input.secret && !getSetting(db, "hotline.ami.secret")) f.secret = "请填写 AMI 密码";
  const hours = Number(input.callbackHours || 2);
  if (!(hours > 0 && hours <= 72)) f.callbackHours = "回拨时限为 0–72 小时";
  if (Object.keys(f).length) throw Validation("hotline.settings_invalid", "设置有误", f);
  tx(db, () => {
    const before: Record<string, string> = {};
    const after: Record<string, string> = {};
    const put = (k: string, v: string) => {
      before[k] = k.endsWith("secret") ? "***" : getSetting(db, `hotline.${k}`);
      after[k] = k.endsWith("secret") ? "***" : v;
      setSetting(db, `hotline.${k}`, v, actor.userId);
    };
    put("ami.host", input.host.trim());
    put("ami.port", String(port));
    put("ami.user", input.user.trim());
    if (input.secret) put("ami.secret", input.secret); // blank keeps the stored secret
    put("queues", input.queues.trim());
    put("entry_contexts", input.entryContexts.trim());
    put("originate_context", input.originateContext.trim());
    put("caller_id", input.callerId.trim());
    put("pause_in_wrapup", input.pauseInWrapup ? "1" : "0");
    put("callback_hours", String(hours));
    audit(db, actor, "setting", "hotline", "update", before, after);
    logSettingChange(db, actor, "hotline", before, after);
  });
}

export function saveAgentMapping(
  db: Db,
  actor: Actor,
  input: { userId: number; interface: string; extension: string },
) {
  if (!hasRole(actor, "admin") || actor.kind !== "user") throw Forbidden();
  const iface = input.interface.trim();
  if (iface && !/^[A-Za-z0-9]+\/[^\s]+$/.test(iface))
    throw Validation("hotline.bad_interface", "接口格式应如 PJSIP/1001 或 Local/agent1@agents", {
      interface: "格式无效",
    });
  tx(db, () => {
    const now = nowIso();
    const before = db.sqlite
      .query(`SELECT interface, extension FROM hotline_agents WHERE user_id = ?`)
      .get(input.userId);
    db.sqlite
      .query(
        `INSERT INTO hotline_agents (user_id, interface, extension, state, state_since, updated_at) VALUES (?, ?, ?, 'free', ?, ?)
         ON CONFLICT(user_id) DO UPDATE SET interface = excluded.interface, extension = excluded.extension, updated_at = excluded.updated_at`,
      )
      .run(input.userId, iface || null, input.extension.trim() || null, now, now);
    audit(db, actor, "hotline_agent", input.userId, "update", before, { interface: iface, extension: input.extension });
  });
}
