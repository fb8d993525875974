// Session and CSRF middleware. The session cookie is HttpOnly + SameSite=Lax (+ Secure over HTTPS) and is
// rotated at sign-in; every state-changing request must carry the CSRF token
// (double-submit: the HttpOnly cookie and a form field / X-CSRF-Token header).
import type { Context, MiddlewareHandler } from "hono";
import { clientAddress } from "../core/client-address.ts";
import { getCookie, setCookie } from "hono/cookie";
import { type Env, CSRF } from "../core/http.ts";
import { sessionUser } from "./queries.ts";
import { securitySettings, securityLog } from "../security/index.ts";
import { hashToken, newToken, touchSession, SESSION_DAYS } from "./verbs/sign-in.ts";

export const SID = "wanmi_sid";

/**
 * HttpOnly, SameSite=Lax; Secure when COOKIE_SECURE is set or the request came over HTTPS, directly
 * or through a trusted proxy's X-Forwarded-Proto (core/client-address.ts decides).
 */
export function cookieOpts(c: Context<Env>, days = SESSION_DAYS) {
  const secure = c.get("deps").config.COOKIE_SECURE || clientAddress(c).proto === "https";
  return { httpOnly: true, sameSite: "Lax" as const, secure, path: "/", maxAge: days * 86400 };
}

export function sessionMiddleware(): MiddlewareHandler<Env> {
  return async (c, next) => {
    const { db } = c.get("deps");
    c.set("user", null);
    c.set("actor", { kind: "public" });
    const token = getCookie(c, SID);
    if (token) {
      const h = hashToken(token);
      const s = sessionUser(db, h, new Date().toISOString());
      const idle = securitySettings(db).idleMinutes;
      if (s && idle > 0 && Date.now() - Date.parse(s.lastSeen) > idle * 60_000) {
        // idle timeout (security setting): the session ends, the user signs in again
        db.sqlite.query("DELETE FROM sessions WHERE id = ?").run(h);
        securityLog(db, {
          kind: "signout",
          actor: s.actor.name,
          userId: s.actor.userId,
          username: s.actor.username,
          detail: `空闲超过 ${idle} 分钟自动退出`,
        });
      } else if (s) {
        c.set("user", s.actor);
        c.set("actor", s.actor);
        // Sliding idle timeout measured from the last request. last_seen is written at most once a minute,
        // and at least every half idle period, so an active user is never taken for an idle one.
        const every = idle > 0 ? Math.min(60_000, (idle * 60_000) / 2) : 60_000;
        if (Date.now() - Date.parse(s.lastSeen) > every) touchSession(db, h);
      }
    }
    return next();
  };
}

/** Makes sure the browser holds a CSRF token cookie; the check itself is per route (core/http.ts). */
export function csrfCookieMiddleware(): MiddlewareHandler<Env> {
  return async (c, next) => {
    let token = getCookie(c, CSRF);
    if (!token || token.length < 20) {
      token = newToken();
      setCookie(c, CSRF, token, cookieOpts(c, 365));
    }
    c.set("csrf", token);
    return next();
  };
}
