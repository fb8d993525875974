// Reads for the public side: what a citizen may see of a case (never names, phones or staff).
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "../core/db.ts";
import {
  STATE_NAMES,
  CLOSED_STATES,
  redact,
  publication,
  timeline,
  media,
  mediaById,
  type CaseState,
} from "./cases-adapter.ts";
import type { cases } from "../cases/tables.ts";

export type PublicCase = {
  id: number;
  no: string;
  state: CaseState;
  stateName: string;
  closed: boolean;
  description: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  categoryName: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  token: string | null;
  rating: string | null;
  reviewOpen: boolean;
  /** The publication rule (server/cases/publication.ts) allows showing this case's text. */
  published: boolean;
};

/** What the public timeline says for each action; actions not listed stay internal. */
export const PUBLIC_STEPS: Record<string, string> = {
  report: "已收到您的反映",
  file: "已立案",
  reject: "经核实不予立案",
  merge: "已与相同问题合并处理",
  dispatch: "已派遣至处置部门",
  accept: "处置部门已接收",
  sub_dispatch: "已转交具体处置单位",
  complete: "处置完成，等待核查",
  check_pass: "现场核查通过",
  check_fail: "核查未通过，正在返工",
  close: "已结案",
  approve_suspend: "暂缓处理（挂账）",
  resume: "恢复处理",
  reopen: "重新处理",
  approve_cancel: "已作废",
};

const SELECT = `SELECT c.id, c.no, c.state, c.description, c.address, c.lng, c.lat, c.created_at, c.updated_at, c.closed_at, c.reporter_phone AS phone, c.source, c.channel,
  cat.small_name AS category_name, p.token, r.rating,
  EXISTS (SELECT 1 FROM public_reviews v WHERE v.case_id = c.id AND v.status = 'open') AS review_open
  FROM cases c LEFT JOIN categories cat ON cat.id = c.category_id LEFT JOIN public_reports p ON p.case_id = c.id
  LEFT JOIN public_ratings r ON r.case_id = c.id`;

type CaseRow = Pick<
  typeof cases.$inferSelect,
  "id" | "no" | "state" | "description" | "address" | "lng" | "lat" | "created_at" | "updated_at" | "closed_at"
> & {
  phone: string | null;
  source: string;
  channel: string | null;
  category_name: string | null;
  token: string | null;
  rating: string | null;
  review_open: number;
};

function toCase(db: Db, r: CaseRow | null): PublicCase | null {
  if (!r) return null;
  return {
    id: r.id,
    no: r.no,
    state: r.state,
    stateName: STATE_NAMES[r.state as CaseState] ?? r.state,
    closed: CLOSED_STATES.includes(r.state),
    description: redact(r.description),
    address: r.address && redact(r.address),
    lng: r.lng,
    lat: r.lat,
    categoryName: r.category_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
    token: r.token,
    rating: r.rating,
    reviewOpen: !!r.review_open,
    published: publication(db, r),
  };
}

export function caseByToken(db: Db, token: string): PublicCase | null {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  return toCase(db, db.sqlite.query<CaseRow, [string]>(`${SELECT} WHERE p.token = ?`).get(token));
}

const digits = (s: string) => s.replace(/\D/g, "");

/** Lookup by case number + the phone given when reporting (digits compared). */
export function caseByNoAndPhone(db: Db, no: string, phone: string): PublicCase | null {
  const r = db.sqlite.query<CaseRow, [string]>(`${SELECT} WHERE c.no = ?`).get(no.trim());
  if (!r?.phone || !digits(phone) || digits(r.phone) !== digits(phone)) return null;
  return toCase(db, r);
}

export type PublicStep = { at: string; text: string };

export function publicTimeline(db: Db, caseId: number): PublicStep[] {
  const rows = db.sqlite
    .query<
      {
        at: string;
        action: string;
      },
      SQLQueryBindings[]
    >("SELECT at, action FROM case_events WHERE case_id = ? ORDER BY id")
    .all(caseId);
  return rows.filter((r) => PUBLIC_STEPS[r.action]).map((r) => ({ at: r.at, text: PUBLIC_STEPS[r.action]! }));
}

export type PublicPhoto = { id: number; mime: string; path: string; caseId: number };

export function publicPhotos(db: Db, caseId: number): PublicPhoto[] {
  return db.sqlite
    .query<PublicPhoto, SQLQueryBindings[]>(
      "SELECT id, mime, path, case_id AS caseId FROM public_media WHERE case_id = ? ORDER BY id",
    )
    .all(caseId);
}

export function publicPhoto(db: Db, id: number): PublicPhoto | null {
  return db.sqlite
    .query<PublicPhoto, SQLQueryBindings[]>("SELECT id, mime, path, case_id AS caseId FROM public_media WHERE id = ?")
    .get(id);
}

export type Review = {
  id: number;
  caseId: number;
  no: string;
  description: string;
  reason: string | null;
  createdAt: string;
  status: string;
  outcome: string | null;
};

export function reviews(db: Db, status: "open" | "done"): Review[] {
  return db.sqlite
    .query<
      Review,
      SQLQueryBindings[]
    >(`SELECT v.id, v.case_id AS caseId, c.no, c.description, v.reason, v.created_at AS createdAt, v.status, v.outcome
      FROM public_reviews v JOIN cases c ON c.id = v.case_id WHERE v.status = ? ORDER BY v.id DESC LIMIT 200`)
    .all(status);
}

export type PublicResult = { note: string; at: string; photos: number[] };

/** 处置反馈 as the citizen sees it: the last 处置完成 note (redacted) and its after-photos, when
 *  the work is reported done and the publication rule allows it. */
export function publicResult(db: Db, pc: PublicCase): PublicResult | null {
  if (!pc.published) return null;
  const done = timeline(db, pc.id)
    .filter((e) => e.action === "complete")
    .at(-1);
  if (!done) return null;
  const photos = media(db, pc.id)
    .filter((m) => m.kind === "after" && m.event_id === done.id)
    .map((m) => m.id);
  return { note: redact(done.note?.trim() || "问题已处置完毕。"), at: done.at, photos };
}

/** An after-photo of this case (case_media, kind after) for the portal; null when it is not one. */
export function publicResultPhoto(db: Db, pc: PublicCase, id: number): { path: string } | null {
  const r = publicResult(db, pc);
  if (!r?.photos.includes(id)) return null;
  const m = mediaById(db, id);
  return m && { path: m.path };
}
