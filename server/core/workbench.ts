// The per-role workbenches: modules contribute panels to other roles' desks.
import type { Child } from "hono/jsx";
import type { Ctx } from "./http.ts";
import type { Role, UserActor } from "./context.ts";

export type Panel = { roles: readonly Role[]; order?: number; render: (c: Ctx, u: UserActor) => Child };

/** A section another module adds to the case page (e.g. the 12345 order behind the case); null to show nothing. */
export type CasePanel = { order?: number; render: (c: Ctx, u: UserActor, caseId: number) => Child };

export class Workbench {
  panels: Panel[] = [];
  casePanels: CasePanel[] = [];
  add(...p: Panel[]) {
    this.panels.push(...p);
  }
  addCasePanels(...p: CasePanel[]) {
    this.casePanels.push(...p);
    this.casePanels.sort((a, b) => (a.order ?? 50) - (b.order ?? 50));
  }
  for(role: Role) {
    return this.panels.filter((p) => p.roles.includes(role)).sort((a, b) => (a.order ?? 50) - (b.order ?? 50));
  }
}
