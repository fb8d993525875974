// Shared bits for case verbs: input parsing, media rows, requests awaiting a decision.
import type { SQLQueryBindings } from "bun:sqlite";
import { z } from "zod";
import type { Db } from "../../core/db.ts";
import { nowIso } from "../../core/db.ts";
import { promoteUpload } from "../../core/uploads.ts";
import { getSetting } from "../../core/settings.ts";
import type { Actor } from "../../core/context.ts";
import { Conflict, Validation, fieldErrors } from "../../core/errors.ts";
import { transition, loadCase, type Patch, type TransitionResult } from "../transition.ts";
import type { Action, CaseState } from "../lifecycle.ts";

export type StoredFile = { path: string; mime: string; size: number; thumbPath?: string | null };
export type Base = { caseId: number; expect?: CaseState; note?: string | null };

export const base = {
  caseId: z.number().int().positive(),
  expect: z.string().optional() as z.ZodType<CaseState | undefined>,
  note: z.string().trim().max(2000).nullish(),
};

export function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw Validation("case.invalid", "提交的内容不完整或有误，请检查后重试", fieldErrors(r.error.issues));
}

export function requireNote(note: string | null | undefined, what: string): string {
  if (!note?.trim()) throw Validation("case.note_required", `请填写${what}`, { note: `请填写${what}` });
  return note.trim();
}

/** Per-user daily upload quota (setting media.daily_quota_mb, default 500 MB; 0 = no limit). */
export function checkDailyQuota(db: Db, userId: number, files: StoredFile[]) {
  const mb = Number(getSetting(db, "media.daily_quota_mb") || 500);
  if (!(mb > 0)) return;
  const since = new Date(Date.now() - 86400_000).toISOString();
  const used =
    db.sqlite
      .query<{ n: number | null }, [number, string]>(
        "SELECT SUM(size) AS n FROM case_media WHERE uploaded_by = ? AND created_at >= ?",
      )
      .get(userId, since)?.n ?? 0;
  const adding = files.reduce((s, f) => s + f.size, 0);
  if (used + adding > mb * 1024 * 1024)
    throw Validation("media.quota", `24 小时内上传的照片已超过 ${mb} MB，请明天再传或联系管理员`, {
      photos: "今日上传额度已用完",
    });
}

export function saveMedia(
  db: Db,
  actor: Actor,
  caseId: number,
  eventId: number | null,
  kind: "before" | "after" | "check" | "other",
  files: StoredFile[] = [],
) {
  if (actor.kind === "user" && files.length) checkDailyQuota(db, actor.userId, files);
  const ins = db.sqlite.query(
    "INSERT INTO case_media (case_id, event_id, kind, path, mime, size, thumb_path, created_at, uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  for (const f of files) {
    promoteUpload(db, f.path);
    promoteUpload(db, f.thumbPath);
    ins.run(
      caseId,
      eventId,
      kind,
      f.path,
      f.mime,
      f.size,
      f.thumbPath ?? null,
      nowIso(),
      actor.kind === "user" ? actor.userId : null,
    );
  }
}

/** Simple verb: one action, optional note, optional required note. */
export function simple(
  db: Db,
  actor: Actor,
  input: Base,
  action: Action,
  opts: { noteRequired?: string; patch?: Patch } = {},
): TransitionResult {
  const i = parse(z.object(base), input);
  if (opts.noteRequired) requireNote(i.note, opts.noteRequired);
  return transition(db, actor, { caseId: i.caseId, action, expect: i.expect, note: i.note, patch: opts.patch });
}

type Kind = "return" | "extend" | "suspend" | "cancel";

/** Ask for a decision: records the request and marks the case as pending. */
export function openRequest(
  db: Db,
  actor: Actor,
  kind: Kind,
  input: Base & { minutes?: number | null },
  action: Action,
): TransitionResult {
  const note = requireNote(input.note, "申请理由");
  const row = loadCase(db, input.caseId);
  if (row.pending) throw Conflict("case.request_pending", `案件 ${row.no} 已有待审批的申请，请等待审批结果`);
  return transition(db, actor, {
    caseId: input.caseId,
    action,
    expect: input.expect,
    note,
    patch: { pending: kind },
    data: input.minutes ? { minutes: input.minutes } : undefined,
    then: () => {
      db.sqlite
        .query(
          "INSERT INTO case_requests (case_id, kind, status, note, minutes, requested_by, requested_at) VALUES (?, ?, 'pending', ?, ?, ?, ?)",
        )
        .run(input.caseId, kind, note, input.minutes ?? null, actor.kind === "user" ? actor.userId : null, nowIso());
    },
  });
}

export type PendingRequest = {
  id: number;
  kind: Kind;
  note: string | null;
  minutes: number | null;
  requested_by: number | null;
  requested_at: string;
};

export function pendingRequest(db: Db, caseId: number, kind: Kind): PendingRequest | null {
  return db.sqlite
    .query<PendingRequest, SQLQueryBindings[]>(
      "SELECT * FROM case_requests WHERE case_id = ? AND kind = ? AND status = 'pending' ORDER BY id DESC LIMIT 1",
    )
    .get(caseId, kind);
}

/** Decide a pending request: approve or deny, closing the request row in the same transaction. */
export function decideRequest(
  db: Db,
  actor: Actor,
  kind: Kind,
  input: Base & { approve: boolean },
  approveAction: Action,
  denyAction: Action,
  extra: Omit<Parameters<typeof transition>[2], "caseId" | "action"> = {},
): TransitionResult {
  const req = pendingRequest(db, input.caseId, kind);
  if (!req) throw Conflict("case.no_request", "没有待审批的申请（可能已被他人审批），请刷新");
  if (!input.approve) requireNote(input.note, "驳回理由");
  return transition(db, actor, {
    ...extra,
    ...(input.approve ? {} : { clock: "keep" as const }),
    caseId: input.caseId,
    action: input.approve ? approveAction : denyAction,
    expect: input.expect,
    note: input.note,
    patch: { ...(input.approve ? (extra.patch ?? {}) : {}), pending: null },
    data: { request: req.id, ...(extra.data ?? {}) },
    then: (eventId, row) => {
      const r = db.sqlite
        .query(
          "UPDATE case_requests SET status = ?, decided_by = ?, decided_at = ?, decision_note = ? WHERE id = ? AND status = 'pending'",
        )
        .run(
          input.approve ? "approved" : "denied",
          actor.kind === "user" ? actor.userId : null,
          nowIso(),
          input.note ?? null,
          req.id,
        );
      if (r.changes !== 1) throw Conflict("case.no_request", "该申请已被他人审批，请刷新");
      if (input.approve) extra.then?.(eventId, row);
    },
  });
}
