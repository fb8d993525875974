// Where the cases module publishes domain events after commit: one Bus per app (per Db).
import type { Db } from "../core/db.ts";
import type { Bus } from "../core/bus.ts";

import type { Workbench } from "../core/workbench.ts";

const buses = new WeakMap<Db, Bus>();
const workbenches = new WeakMap<Db, Workbench>();
/** Other modules' sections of the case page (Module.casePanels), per app. */
export const attachWorkbench = (db: Db, wb: Workbench) => workbenches.set(db, wb);
export const casePanelsFor = (db: Db) => workbenches.get(db)?.casePanels ?? [];
export const attachBus = (db: Db, bus: Bus) => buses.set(db, bus);
export const busFor = (db: Db): Bus | undefined => buses.get(db);

/** Topic "case": {caseId, no, action, from, to, departmentId}. Topic "notify": {userIds}. */
export type CaseEvent = {
  caseId: number;
  no: string;
  action: string;
  from: string | null;
  to: string;
  departmentId: number | null;
};
