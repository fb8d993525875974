// Save the security settings (the only writer of security.* settings). Each change is
// recorded in the security log here (before/after, who, from where).
import type { Db } from "../../core/db.ts";
import { tx } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { Validation } from "../../core/errors.ts";
import { setSetting } from "../../core/settings.ts";
import { logSettingChange } from "../log.ts";
import { SECURITY_KEYS, securitySettings, type SecuritySettings } from "../settings.ts";

export function saveSecuritySettings(db: Db, actor: Actor, raw: Record<string, string | undefined>): SecuritySettings {
  const fields: Record<string, string> = {};
  const values: Partial<SecuritySettings> = {};
  for (const [k, d] of Object.entries(SECURITY_KEYS) as [
    keyof SecuritySettings,
    (typeof SECURITY_KEYS)[keyof SecuritySettings],
  ][]) {
    const s = (raw[k] ?? "").trim();
    const n = Number(s);
    if (s === "" || !/^\d+$/.test(s) || n < d.min || n > d.max) fields[k] = `${d.label}须为 ${d.min}–${d.max} 的整数`;
    else values[k] = n;
  }
  if (Object.keys(fields).length) throw Validation("security.invalid", "安全设置有误，请检查标红的项", fields);
  const userId = actor.kind === "user" ? actor.userId : null;
  const cur = securitySettings(db);
  tx(db, () => {
    for (const k of Object.keys(values) as (keyof SecuritySettings)[])
      if (values[k] !== cur[k]) {
        setSetting(db, SECURITY_KEYS[k].key, String(values[k]), userId);
        logSettingChange(db, actor, SECURITY_KEYS[k].key, String(cur[k]), String(values[k]));
      }
  });
  return securitySettings(db);
}
