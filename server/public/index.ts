// Citizens and other systems: portal (/p), Open311 GeoReport v2 (/open311/v2).
import { registerPublicPortal, NAV, PANELS } from "./routes.tsx";
import { registerOpen311 } from "./open311/routes.ts";
import type { Module } from "../core/module.ts";

export { submitReport, type SubmitInput, type Submitted } from "./verbs/submit-report.ts";
export { rateCase, RATINGS } from "./verbs/rate-case.ts";
export { stripJpegMetadata, stripPngMetadata, stripMetadata } from "./exif.ts";
export { caseByToken, publicTimeline } from "./queries.ts";

export const publicModule: Module = {
  name: "public",
  routes: (r) => {
    registerPublicPortal(r);
    registerOpen311(r);
  },
  nav: NAV,
  panels: PANELS,
};
