// Citizens and other systems: portal (/p), Open311 GeoReport v2 (/open311/v2).
import type { Router, Deps } from "../core/http.ts";
import type { Nav } from "../core/nav.ts";
import type { Workbench } from "../home/routes.tsx";
import { registerPublicPortal } from "./routes.tsx";
import { registerOpen311 } from "./open311/routes.ts";

export { submitReport, type SubmitInput, type Submitted } from "./verbs/submit-report.ts";
export { rateCase, RATINGS } from "./verbs/rate-case.ts";
export { stripJpegMetadata, stripPngMetadata, stripMetadata } from "./exif.ts";
export { caseByToken, publicTimeline } from "./queries.ts";

export function registerPublic(router: Router, nav: Nav, workbench: Workbench, _deps: Deps) {
  registerPublicPortal(router, nav, workbench);
  registerOpen311(router);
}
