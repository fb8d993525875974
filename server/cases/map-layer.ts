// The cases' layer on the map: open cases as GeoJSON points. Maps draws it; the lifecycle
// (which states are closed) stays here and is passed in.
import type { Router } from "../core/http.ts";
import { MAP_ROLES, mapOwnerScope, openCasesGeoJson } from "../maps/index.ts";
import { CLOSED_STATES } from "./lifecycle.ts";

export function registerCaseMapLayer(r: Router) {
  r.get("/api/maps/cases.geojson", MAP_ROLES, (c) => {
    const { db } = c.get("deps");
    const states = (c.req.query("state") ?? "").split(",").filter(Boolean);
    const category = c.req.query("category");
    const categoryId = category && /^\d+$/.test(category) ? Number(category) : undefined;
    return c.json(openCasesGeoJson(db, { closed: CLOSED_STATES, states, categoryId, ownerId: mapOwnerScope(c) }));
  });
}
