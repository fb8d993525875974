// The per-role workbenches: modules contribute panels to other roles' desks.
import type { Child } from "hono/jsx";
import type { Ctx } from "./http.ts";
import type { Role, UserActor } from "./context.ts";

export type Panel = { roles: readonly Role[]; order?: number; render: (c: Ctx, u: UserActor) => Child };

export class Workbench {
  panels: Panel[] = [];
  add(...p: Panel[]) {
    this.panels.push(...p);
  }
  for(role: Role) {
    return this.panels.filter((p) => p.roles.includes(role)).sort((a, b) => (a.order ?? 50) - (b.order ?? 50));
  }
}
