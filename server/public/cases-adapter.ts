// The few things this module takes from the cases/intake modules, in one place.
// Reports are created only through createCase (server/cases/index.ts); state names come
// from the lifecycle.
import type { CaseState } from "../cases/index.ts";
import { STATES } from "../cases/index.ts";
/** Every text the portal shows passes the cases module's redaction (ID cards, phones, names after 市民). */
export { redact, publication, timeline, media, mediaById } from "../cases/index.ts";

export type { StoredFile } from "../cases/index.ts";
export type { CaseState };

export const STATE_NAMES: Record<CaseState, string> = Object.fromEntries(
  Object.entries(STATES).map(([k, v]) => [k, v.name]),
) as Record<CaseState, string>;
export const CLOSED_STATES: CaseState[] = (Object.keys(STATES) as CaseState[]).filter(
  (s) => STATES[s].type === "closed",
);
