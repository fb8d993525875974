// A user whose password has expired may only change it (or sign out).
import type { MiddlewareHandler } from "hono";
import type { Env } from "../core/http.ts";
import { AppError } from "../core/errors.ts";
import { passwordExpired } from "./policy.ts";

const ALLOWED = ["/account/password", "/logout", "/assets/", "/healthz", "/metrics"];

export function passwordExpiryMiddleware(): MiddlewareHandler<Env> {
  return async (c, next) => {
    const u = c.get("user");
    if (!u || ALLOWED.some((p) => c.req.path === p || (p.endsWith("/") && c.req.path.startsWith(p)))) return next();
    if (!passwordExpired(c.get("deps").db, u.userId)) return next();
    if (c.req.method === "GET" && c.req.header("hx-request") !== "true")
      return c.redirect("/account/password?expired=1");
    throw new AppError("forbidden", "auth.password_expired", "密码已过期，请先修改密码");
  };
}
