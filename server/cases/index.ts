// The cases module's public surface: the lifecycle, the door (transition), queries,
// and the module object (pages, panels, the escalation job, the bus bridge).
import type { Module } from "../core/module.ts";
import { attachBus, attachWorkbench } from "./events.ts";
import { escalate } from "./jobs/escalate.ts";
import { sendDigests, DIGEST_CRON } from "./digest.ts";
import { registerCaseRoutes, NAV, PANELS } from "./routes.tsx";
import { registerCaseMapLayer } from "./map-layer.ts";
import { sweepStaged } from "../core/uploads.ts";
import { mediaRecorded } from "./media.ts";

// The three doors to the timeline (server/cases/README.md), and the bulk door for history.
export { transition, loadCase, type Patch, type TransitionResult } from "./transition.ts";
export {
  appendNote,
  importHistory,
  onTimeline,
  type TimelineListener,
  type NoteInput,
  type HistoricalCase,
  type HistoricalEvent,
} from "./timeline.ts";
export { createCase, type ReportInput } from "./verbs/report.ts";
export {
  STATES,
  TRANSITIONS,
  SOURCES,
  NOTE_NAMES,
  URGENCIES,
  isOpen,
  type NoteKind,
  type CaseState,
} from "./lifecycle.ts";
export { countdown, type CaseRow } from "./model.ts";
export {
  publication,
  publicationSql,
  publicSources,
  redact,
  PUBLIC_SOURCES_SETTING,
  DEFAULT_PUBLIC_SOURCES,
} from "./publication.ts";
export { listCases, caseDetail, timeline, media, mediaById, categoriesForSelect } from "./queries.ts";
export { CASES_POOL_JOBS } from "./export.ts";
export { MAX_PHOTOS, MAX_PHOTO_BYTES, storeEachUpload, storePhoto, storeUploads } from "./media.ts";
export type { StoredFile } from "./verbs/common.ts";
// verbs other modules call (field app, portal, demo county)
export { fileCase } from "./verbs/file.ts";
export { dispatch } from "./verbs/dispatch.ts";
export { accept } from "./verbs/accept.ts";
export { complete } from "./verbs/complete.ts";
export { requestVerify } from "./verbs/request-verify.ts";
export { verified } from "./verbs/verified.ts";
export { sendCheck } from "./verbs/send-check.ts";
export { check } from "./verbs/check.ts";
export { reopen } from "./verbs/reopen.ts";

export const casesModule: Module = {
  name: "cases",
  routes: (r, ctx) => {
    attachWorkbench(ctx.deps.db, ctx.workbench);
    registerCaseRoutes(r);
    registerCaseMapLayer(r);
  },
  nav: NAV,
  settings: [
    { key: "cases.duplicate_radius_m", label: "疑似重复上报半径（米）" },
    { key: "cases.warn_ratio", label: "临期预警比例" },
    { key: "media.daily_quota_mb", label: "每人每日照片上传额度（MB，0 为不限）" },
  ],
  panels: PANELS,
  jobs: (deps) => [
    {
      name: "cases.escalate",
      title: "案件临期预警与超期督办",
      cron: "* * * * *",
      run: () => {
        const { warned, overdue } = escalate(deps.db);
        return `预警 ${warned} 件，超期 ${overdue} 件`;
      },
    },
    {
      name: "cases.digest",
      title: "工作摘要（受理、值班长、派遣员）",
      cron: DIGEST_CRON,
      run: () => `发送 ${sendDigests(deps.db, deps.bus)} 份`,
    },
    {
      name: "cases.media_sweep",
      title: "清理未提交的上传照片",
      cron: "17 * * * *",
      run: () =>
        `清理 ${sweepStaged(deps.config.dataDir, 3600_000, Date.now(), (rel) => mediaRecorded(deps.db, rel))} 个文件`,
    },
  ],
  start: (deps) => attachBus(deps.db, deps.bus),
};
