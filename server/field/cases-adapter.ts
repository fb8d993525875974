// The one door from 城管通 into the case loop (modules `cases` and `intake`). Field code never
// writes cases itself: reports go through createCase (cases/index.ts), task answers through the case
// verbs (and so through transition.ts), assignments through request-verify / send-check.
import type { Db } from "../core/db.ts";
import type { Actor } from "../core/context.ts";
import { createCase } from "../cases/index.ts";
import { storeUploads, MAX_PHOTO_BYTES, MAX_PHOTOS } from "../cases/index.ts";
import { verified } from "../cases/index.ts";
import { check } from "../cases/index.ts";
import { requestVerify } from "../cases/index.ts";
import { sendCheck } from "../cases/index.ts";
import { STATES, type CaseState } from "../cases/index.ts";
import { countdown, type CaseRow } from "../cases/index.ts";
import type { StoredFile } from "../cases/index.ts";

export { storeUploads, MAX_PHOTO_BYTES, MAX_PHOTOS, STATES, countdown };
export type { CaseRow, CaseState, StoredFile };

export type FieldReport = {
  categoryId?: number | null;
  description: string;
  address?: string | null;
  lng?: number | null;
  lat?: number | null;
  componentId?: number | null;
  photos: StoredFile[];
  /** The location rule of the report channels (grid/location.ts via createCase). */
  locationCheck?: { confirmed: boolean };
};

/** 监督员上报: a new case in state "reported". */
export function fileReport(db: Db, actor: Actor, r: FieldReport): CaseRow {
  return createCase(db, actor, { source: "inspector", ...r });
}

/** 核实反馈 (verify task) with the photos taken on site. */
export function answerVerify(
  db: Db,
  actor: Actor,
  a: { caseId: number; genuine: boolean; note: string; photos: StoredFile[] },
) {
  return verified(db, actor, {
    caseId: a.caseId,
    expect: "verifying",
    genuine: a.genuine,
    note: a.note,
    photos: a.photos,
  }).row;
}

/** 核查 (check task): pass → 待结案, fail → 返工. */
export function answerCheck(
  db: Db,
  actor: Actor,
  a: { caseId: number; pass: boolean; note: string | null; photos: StoredFile[] },
) {
  return check(db, actor, { caseId: a.caseId, expect: "checking", pass: a.pass, note: a.note, photos: a.photos }).row;
}

/** Give a case to an inspector: 派发核实 for a fresh report, 派发核查 for finished work. */
export function assignInspector(db: Db, actor: Actor, row: CaseRow, inspectorId: number, note: string | null) {
  if (row.state === "reported")
    return requestVerify(db, actor, { caseId: row.id, expect: "reported", inspectorId, note }).row;
  return sendCheck(db, actor, { caseId: row.id, expect: "checking", inspectorId, note }).row;
}
