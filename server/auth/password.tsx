// Own password: the page and the change (also the way out of an expired password).
import type { Router } from "../core/http.ts";
import { formFields, requireUser } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { AppError } from "../core/errors.ts";
import { ROLES } from "../core/context.ts";
import type { NavEntry } from "../core/nav.ts";
import { securitySettings, type SecuritySettings } from "../security/index.ts";
import { changePassword } from "./verbs/change-password.ts";
import { hashToken } from "./verbs/sign-in.ts";
import { SID } from "./middleware.ts";
import { getCookie } from "hono/cookie";
import type { Context } from "hono";

const sessionHash = (c: Context) => {
  const t = getCookie(c, SID);
  return t ? hashToken(t) : null;
};
import { ChangePasswordPage } from "../../views/security/index.tsx";

export const PASSWORD_NAV: NavEntry[] = [
  { href: "/account/password", label: "修改密码", group: "我的账号", roles: ROLES, order: 99 },
];

function policyText(s: SecuritySettings) {
  return `至少 ${s.minLength} 位，包含小写字母、大写字母、数字、符号中的至少 ${s.classes} 类，不能包含用户名`;
}

export function registerPassword(r: Router) {
  r.get("/account/password", "user", (c) => {
    const s = securitySettings(c.get("deps").db);
    return page(
      c,
      <ChangePasswordPage
        csrf={c.get("csrf")}
        expired={c.req.query("expired") === "1"}
        errors={{}}
        policy={policyText(s)}
        flash={c.req.query("saved") ? "密码已修改" : undefined}
      />,
      { title: "修改密码" },
    );
  });
  r.post("/account/password", "user", async (c) => {
    const { db } = c.get("deps");
    const f = await formFields(c);
    try {
      await changePassword(
        db,
        requireUser(c),
        {
          current: f.current ?? "",
          password: f.password ?? "",
          password2: f.password2 ?? "",
        },
        sessionHash(c),
      );
    } catch (e) {
      if (e instanceof AppError && e.kind === "validation")
        return page(
          c,
          <ChangePasswordPage
            csrf={c.get("csrf")}
            expired={false}
            errors={e.fields ?? {}}
            error={e.message}
            policy={policyText(securitySettings(db))}
          />,
          { title: "修改密码", status: 422 },
        );
      throw e;
    }
    return c.redirect("/account/password?saved=1", 303);
  });
}
