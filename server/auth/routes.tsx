// Sign-in, sign-out and the first-run page that creates the first administrator.
import { getCookie, setCookie, deleteCookie } from "hono/cookie";
import type { Router, Ctx } from "../core/http.ts";
import { formFields, html } from "../core/http.ts";
import { AppError } from "../core/errors.ts";
import { signIn, signOut, newToken } from "./verbs/sign-in.ts";
import { saveUser } from "./verbs/save-user.ts";
import { countUsers } from "./queries.ts";
import { SID, cookieOpts } from "./middleware.ts";
import { CSRF } from "../core/http.ts";
import { LoginPage, SetupPage } from "../../views/auth.tsx";
import { landingFor } from "./landing.ts";
import { securityLog } from "../security/index.ts";
import { getSetting } from "../core/settings.ts";
import { clientAddress } from "../core/client-address.ts";

/** The client's address; X-Forwarded-For counts only from TRUSTED_PROXIES (core/client-address.ts). */
export function clientIp(c: Ctx): string {
  return clientAddress(c).ip;
}

function safeNext(next: string | undefined) {
  // same-origin paths only: "/x", never "//host", "/\\host" (browsers read "\\" as "/") or control characters
  if (!next || !/^\/(?![/\\])/.test(next) || next.includes("\\")) return null;
  for (const ch of next) if (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) return null;
  return next;
}

export function registerAuth(r: Router) {
  r.get("/login", "public", (c) => {
    const { db } = c.get("deps");
    if (countUsers(db) === 0) return c.redirect("/setup");
    if (c.get("user")) return c.redirect(landingFor(c.get("user")!));
    return html(
      c,
      <LoginPage county={getSetting(db, "county.name")} csrf={c.get("csrf")} next={c.req.query("next") ?? ""} />,
    );
  });

  r.post("/login", "public", async (c) => {
    const { db } = c.get("deps");
    const f = await formFields(c);
    const county = getSetting(db, "county.name");
    try {
      const { token, actor } = await signIn(db, {
        username: f.username ?? "",
        password: f.password ?? "",
        ip: clientIp(c),
        userAgent: c.req.header("user-agent"),
        oldToken: getCookie(c, SID),
      });
      setCookie(c, SID, token, cookieOpts(c));
      setCookie(c, CSRF, newToken(), cookieOpts(c, 365)); // rotate CSRF too
      return c.redirect(safeNext(f.next) ?? landingFor(actor), 303);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      return html(
        c,
        <LoginPage county={county} csrf={c.get("csrf")} next={f.next ?? ""} error={e.message} username={f.username} />,
        e.status,
      );
    }
  });

  r.post("/logout", "public", (c) => {
    const { db } = c.get("deps");
    const u = c.get("user");
    if (u) securityLog(db, { kind: "signout", actor: u.name, userId: u.userId, username: u.username, ip: clientIp(c) });
    signOut(db, getCookie(c, SID));
    deleteCookie(c, SID, { path: "/" });
    return c.redirect("/login", 303);
  });

  r.get("/setup", "public", (c) => {
    const { db } = c.get("deps");
    if (countUsers(db) > 0) return c.redirect("/login");
    return html(c, <SetupPage county={getSetting(db, "county.name")} csrf={c.get("csrf")} />);
  });

  r.post("/setup", "public", async (c) => {
    const { db } = c.get("deps");
    if (countUsers(db) > 0) throw new AppError("forbidden", "setup.done", "系统已有用户，不能再次初始化");
    const f = await formFields(c);
    if ((f.password ?? "") !== (f.password2 ?? "")) {
      return html(
        c,
        <SetupPage
          county={getSetting(db, "county.name")}
          csrf={c.get("csrf")}
          values={f}
          errors={{ password2: "两次输入的密码不一致" }}
        />,
        422,
      );
    }
    try {
      saveUser(
        db,
        { kind: "system", job: "setup" },
        { username: f.username ?? "", name: f.name ?? "", password: f.password, roles: ["admin"] },
      );
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      return html(
        c,
        <SetupPage
          county={getSetting(db, "county.name")}
          csrf={c.get("csrf")}
          values={f}
          errors={e.fields ?? {}}
          error={e.message}
        />,
        e.status,
      );
    }
    return c.redirect("/login?created=1", 303);
  });
}
