// Security settings (等保 2.0): password policy, expiry, lockout, session idle timeout.
// Stored in the settings table; these are the defaults and the bounds.
import type { Db } from "../core/db.ts";
import { getSetting, DEFAULTS } from "../core/settings.ts";

export type SecuritySettings = {
  /** Minimum password length. */
  minLength: number;
  /** How many of the classes lower/upper/digit/symbol a password must contain (1–4). */
  classes: number;
  /** Days after which a password must be changed; 0 = never. */
  maxAgeDays: number;
  /** Failed sign-ins for one account within the window that lock it. */
  lockFailures: number;
  /** Failed sign-ins from one address within the window that lock the address. */
  lockFailuresPerIp: number;
  /** Window and lock duration, minutes. */
  lockMinutes: number;
  /** Sign out after this many minutes without activity; 0 = only the absolute expiry. */
  idleMinutes: number;
};

export const SECURITY_KEYS: Record<
  keyof SecuritySettings,
  { key: string; def: number; min: number; max: number; label: string; hint: string }
> = {
  minLength: {
    key: "security.password.min_length",
    def: 10,
    min: 6,
    max: 64,
    label: "密码最小长度",
    hint: "默认 10 位；等保要求不少于 8 位",
  },
  classes: {
    key: "security.password.classes",
    def: 3,
    min: 1,
    max: 4,
    label: "密码须含字符种类数",
    hint: "小写字母、大写字母、数字、符号四类中至少几类；等保建议 3",
  },
  maxAgeDays: {
    key: "security.password.max_age_days",
    def: 90,
    min: 0,
    max: 3650,
    label: "密码有效期（天）",
    hint: "到期后登录须先修改密码；0 表示不过期",
  },
  lockFailures: {
    key: "security.lockout.failures",
    def: 5,
    min: 3,
    max: 100,
    label: "账号锁定：连续失败次数",
    hint: "同一账号在锁定时长内失败达到此次数即锁定",
  },
  lockFailuresPerIp: {
    key: "security.lockout.failures_per_ip",
    def: 20,
    min: 5,
    max: 1000,
    label: "地址锁定：失败次数",
    hint: "同一来源地址失败达到此次数即锁定该地址",
  },
  lockMinutes: { key: "security.lockout.minutes", def: 15, min: 1, max: 1440, label: "锁定时长（分钟）", hint: "" },
  idleMinutes: {
    key: "security.session.idle_minutes",
    def: 30,
    min: 0,
    max: 1440,
    label: "会话空闲超时（分钟）",
    hint: "无操作超过此时长自动退出；0 表示不启用",
  },
};

// Make the defaults visible to getSetting and to the before/after of the security log.
for (const d of Object.values(SECURITY_KEYS)) DEFAULTS[d.key] ??= String(d.def);

export function securitySettings(db: Db): SecuritySettings {
  const out = {} as SecuritySettings;
  for (const [k, d] of Object.entries(SECURITY_KEYS) as [
    keyof SecuritySettings,
    (typeof SECURITY_KEYS)[keyof SecuritySettings],
  ][]) {
    const raw = getSetting(db, d.key);
    const n = raw === "" ? d.def : Number(raw);
    out[k] = Number.isInteger(n) && n >= d.min && n <= d.max ? n : d.def;
  }
  return out;
}
