// Registers the reference-data admin pages (grids, categories, components, routing, calendar).
import type { Router } from "./core/http.ts";
import type { Nav } from "./core/nav.ts";
import { registerGrid } from "./grid/routes.tsx";
import { registerCatalog } from "./catalog/routes.tsx";
import { registerComponents } from "./components/routes.tsx";
import { registerRouting } from "./departments/routes.tsx";
import { registerCalendar } from "./calendar/routes.tsx";

export function registerReference(r: Router, nav: Nav) {
  registerGrid(r, nav);
  registerCatalog(r, nav);
  registerComponents(r, nav);
  registerRouting(r, nav);
  registerCalendar(r, nav);
}
