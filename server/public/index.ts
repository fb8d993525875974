// Citizens: the portal (/p), reports from the public, ratings and 不满意 reviews.
import { registerPublicPortal, NAV, PANELS } from "./routes.tsx";
import type { Module } from "../core/module.ts";

export { submitReport, type SubmitInput, type Submitted } from "./verbs/submit-report.ts";
export { rateCase, RATINGS } from "./verbs/rate-case.ts";
export { stripJpegMetadata, stripPngMetadata, stripWebpMetadata, stripMetadata } from "./exif.ts";
export { caseByToken, publicTimeline, PUBLIC_STEPS } from "./queries.ts";
export {
  publicCategories,
  legacyServices,
  categoryByServiceCode,
  serviceCode,
  type PublicCategory,
} from "./categories.ts";
export { STATE_NAMES, CLOSED_STATES, type CaseState } from "./cases-adapter.ts";
export { rateLimit } from "./abuse.ts";
export { storeUploads } from "./media.ts";

export const publicModule: Module = {
  name: "public",
  routes: (r) => registerPublicPortal(r),
  nav: NAV,
  panels: PANELS,
};
