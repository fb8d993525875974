// Sign in and sign out: verify the password, throttle failures, rotate the session.
import type { Db } from "../../core/db.ts";
import { tx } from "../../core/db.ts";
import { TooMany, AppError } from "../../core/errors.ts";
import { userByUsername, actorFor } from "../queries.ts";
import { lockedFor, recordAttempt } from "../throttle.ts";
import type { UserActor } from "../../core/context.ts";

export const SESSION_DAYS = 7;

export function hashToken(token: string) {
  return new Bun.CryptoHasher("sha256").update(token).digest("hex");
}
export function newToken() {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
}

const BAD = () => new AppError("unauthorized", "auth.bad_credentials", "用户名或密码不正确");
// A constant hash so unknown usernames cost the same time as known ones.
let dummyHash: string | null = null;

export async function signIn(
  db: Db,
  p: { username: string; password: string; ip: string; userAgent?: string; oldToken?: string | null },
): Promise<{ token: string; actor: UserActor }> {
  const username = p.username.trim();
  const wait = lockedFor(db, username, p.ip);
  if (wait > 0) throw TooMany("auth.throttled", `登录失败次数过多，请 ${wait} 分钟后再试`);
  const u = username ? userByUsername(db, username) : null;
  dummyHash ??= await Bun.password.hash("wanmi-dummy-password", { algorithm: "argon2id" });
  const ok = await Bun.password.verify(p.password || "", u?.password_hash ?? dummyHash).catch(() => false);
  if (!u || !ok || !u.active) {
    recordAttempt(db, username || "(empty)", p.ip, false);
    if (u && ok && !u.active) throw new AppError("forbidden", "auth.disabled", "该账号已停用，请联系管理员");
    throw BAD();
  }
  const token = newToken();
  const now = new Date();
  tx(db, () => {
    // rotate: the pre-login session (if any) is discarded, a new id is issued
    if (p.oldToken) db.sqlite.query("DELETE FROM sessions WHERE id = ?").run(hashToken(p.oldToken));
    db.sqlite
      .query(
        "INSERT INTO sessions (id, user_id, created_at, last_seen, expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        hashToken(token),
        u.id,
        now.toISOString(),
        now.toISOString(),
        new Date(now.getTime() + SESSION_DAYS * 86400_000).toISOString(),
        p.ip,
        (p.userAgent ?? "").slice(0, 200),
      );
    recordAttempt(db, username, p.ip, true);
  });
  return { token, actor: actorFor(db, u) };
}

export function signOut(db: Db, token: string | null | undefined) {
  if (token) db.sqlite.query("DELETE FROM sessions WHERE id = ?").run(hashToken(token));
}

/** Slide the session's expiry; called at most once a minute per session. */
export function touchSession(db: Db, tokenHash: string) {
  const now = new Date();
  db.sqlite
    .query("UPDATE sessions SET last_seen = ?, expires_at = ? WHERE id = ?")
    .run(now.toISOString(), new Date(now.getTime() + SESSION_DAYS * 86400_000).toISOString(), tokenHash);
}
