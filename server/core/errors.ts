// One error family; mapped to HTTP in exactly one place (httpStatus + app.onError).
export type ErrorKind =
  | "bad_request"
  | "validation"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "too_large"
  | "too_many"
  | "unavailable"
  | "internal";

const STATUS: Record<ErrorKind, number> = {
  bad_request: 400,
  validation: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  too_many: 429,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  constructor(
    public kind: ErrorKind,
    /** Stable machine code, e.g. "case.state_changed". */
    public code: string,
    /** Message for people, in Chinese. */
    message: string,
    /** Field errors for forms: field -> Chinese message. */
    public fields?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
  }
  get status() {
    return STATUS[this.kind];
  }
}

export const Validation = (code: string, message: string, fields?: Record<string, string>) =>
  new AppError("validation", code, message, fields);
export const Unauthorized = (message = "请先登录") => new AppError("unauthorized", "auth.required", message);
export const Forbidden = (message = "您的角色无权执行此操作") => new AppError("forbidden", "auth.forbidden", message);
export const NotFound = (what = "记录", code = "not_found") => new AppError("not_found", code, `${what}不存在`);
export const Conflict = (code: string, message: string) => new AppError("conflict", code, message);
export const TooMany = (code: string, message: string) => new AppError("too_many", code, message);

/**
 * A zod error as form field errors (field → Chinese message). By default the last message for a
 * field wins; `keepFirst` keeps the first (the most basic check, e.g. "请填写" before a format rule).
 * Issues without a field go under `fallback`.
 */
export function fieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  o: { keepFirst?: boolean; fallback?: string } = {},
): Record<string, string> {
  const f: Record<string, string> = {};
  for (const i of issues) {
    const k = String(i.path[0] ?? o.fallback ?? "_");
    if (!o.keepFirst || !(k in f)) f[k] = i.message;
  }
  return f;
}

export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  if (/UNIQUE constraint failed/.test(msg)) return Conflict("db.unique", "记录已存在（编号或名称重复）");
  if (/FOREIGN KEY constraint failed/.test(msg)) return Validation("db.foreign_key", "引用的记录不存在或仍被使用");
  if (/SQLITE_FULL|database or disk is full|ENOSPC|no space left/i.test(msg))
    return new AppError(
      "unavailable",
      "disk.full",
      "服务器磁盘空间已满，本次提交未保存。请联系系统管理员清理磁盘后重试。",
    );
  if (/SQLITE_BUSY|database is locked/.test(msg)) return new AppError("conflict", "db.busy", "系统繁忙，请稍后重试");
  return new AppError("internal", "internal", "系统内部错误，请联系管理员");
}
