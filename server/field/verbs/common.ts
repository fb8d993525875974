// Shared checks for field verbs.
import { z } from "zod";
import type { Actor, UserActor } from "../../core/context.ts";
import { hasRole } from "../../core/context.ts";
import { Forbidden, Validation, fieldErrors } from "../../core/errors.ts";

/** Field verbs act for one inspector: the actor must be a signed-in user with that role. */
export function requireInspector(actor: Actor): UserActor {
  if (actor.kind !== "user" || !hasRole(actor, "inspector")) throw Forbidden("只有监督员可以使用城管通");
  return actor;
}

export function parse<T>(schema: z.ZodType<T>, input: unknown, code = "field.invalid"): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fields = fieldErrors(r.error.issues);
  throw Validation(code, Object.values(fields)[0] ?? "提交的内容有误，请检查后重试", fields);
}

/** A client-generated id: UUID-like, 8–64 safe characters. */
export const clientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "提交编号无效");
export const lng = z
  .number({ message: "还没有位置，请定位或在地图上选点" })
  .min(73, "位置不在服务范围内，请重新定位")
  .max(136, "位置不在服务范围内，请重新定位");
export const lat = z
  .number({ message: "还没有位置，请定位或在地图上选点" })
  .min(3, "位置不在服务范围内，请重新定位")
  .max(54, "位置不在服务范围内，请重新定位");
