// Password policy and expiry.
import type { Db } from "../core/db.ts";
import { Validation } from "../core/errors.ts";
import { securitySettings } from "./settings.ts";
import { isCommonPassword } from "./common-passwords.ts";

export function passwordClasses(pw: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length;
}

/** Problems with a new password under the current policy, in Chinese; empty when it is acceptable. */
export function passwordProblems(db: Db, pw: string, username?: string): string[] {
  const s = securitySettings(db);
  const out: string[] = [];
  if (pw.length < s.minLength) out.push(`密码至少 ${s.minLength} 位`);
  if (pw.length > 128) out.push("密码不能超过 128 位");
  if (passwordClasses(pw) < s.classes) out.push(`密码须包含小写字母、大写字母、数字、符号中的至少 ${s.classes} 类`);
  if (username && pw.toLowerCase().includes(username.toLowerCase()) && username.length >= 3)
    out.push("密码不能包含用户名");
  if (isCommonPassword(pw)) out.push("密码过于常见（如 Password1、Admin@123），请换一个不易猜到的密码");
  return out;
}

/** Throws a field Validation error when the password does not meet the policy. */
export function checkPassword(db: Db, pw: string, username?: string) {
  const p = passwordProblems(db, pw, username);
  if (p.length) throw Validation("user.password_policy", p.join("；"), { password: p.join("；") });
}

/** True when the user's password is older than the configured maximum age. */
export function passwordExpired(db: Db, userId: number, now = Date.now()): boolean {
  const { maxAgeDays } = securitySettings(db);
  if (!maxAgeDays) return false;
  const r = db.sqlite
    .query<{ at: string | null }, [number]>("SELECT password_changed_at AS at FROM users WHERE id = ?")
    .get(userId);
  if (!r?.at) return false;
  return now - Date.parse(r.at) > maxAgeDays * 86400_000;
}
