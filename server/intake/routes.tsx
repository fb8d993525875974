// 问题上报 pages: the report form for desk roles; a created report opens its case page.
import type { NavEntry } from "../core/nav.ts";
import type { Router, Ctx } from "../core/http.ts";
import { requireUser, formWithFiles } from "../core/http.ts";
import { page } from "../core/page.tsx";
import { AppError } from "../core/errors.ts";
import type { Role } from "../core/context.ts";
import { SOURCES, URGENCIES } from "../cases/index.ts";
import { pickerOptions, pickedCategory } from "../catalog/index.ts";
import { createCase } from "../cases/index.ts";
import { storeUploads } from "../cases/index.ts";
import { ReportForm, type ReportValues } from "../../views/intake/report-form.tsx";
import { MapPicker, MapHead } from "../../views/maps/picker.tsx";
import { mapConfig } from "../maps/index.ts";
import { readLngLat } from "../maps/index.ts";

const REPORTERS: Role[] = ["intake", "hotline", "shift_lead", "inspector"];

function form(c: Ctx, values: ReportValues, err?: AppError) {
  const db = c.get("deps").db;
  const at =
    values.lng && values.lat && Number.isFinite(+values.lng) && Number.isFinite(+values.lat)
      ? { lng: +values.lng, lat: +values.lat }
      : null;
  return page(
    c,
    <ReportForm
      csrf={c.get("csrf")}
      values={values}
      errors={err?.fields ?? {}}
      error={err?.message}
      confirmOutside={err?.code === "location.unconfirmed"}
      map={<MapPicker config={mapConfig(c)} value={at} />}
      sources={Object.entries(SOURCES).map(([value, label]) => ({ value, label }))}
      categories={pickerOptions(db)}
      urgencies={Object.entries(URGENCIES).map(([value, label]) => ({ value, label }))}
    />,
    { title: "问题上报", current: "/reports/new", status: err?.status, head: <MapHead /> },
  );
}

export const NAV: NavEntry[] = [
  {
    href: "/reports/new",
    label: "问题上报",
    group: "案件",
    roles: ["intake", "hotline", "shift_lead"],
    order: 19,
  },
];

export function registerIntakeRoutes(r: Router) {
  r.get("/reports/new", REPORTERS, (c) => {
    const u = requireUser(c);
    const source = u.roles.includes("hotline") ? "hotline" : u.roles.includes("inspector") ? "inspector" : "hotline";
    return form(c, { source, urgency: "normal" });
  });
  r.post("/reports", REPORTERS, async (c) => {
    const u = requireUser(c);
    const { f, files } = await formWithFiles(c);
    try {
      // a point may come in GCJ-02/BD-09 from a phone map app; stored as WGS-84
      const pt = f.lng || f.lat ? readLngLat({ lng: f.lng, lat: f.lat, crs: f.crs }) : null;
      const photos = await storeUploads(c.get("deps").config.dataDir, files);
      const row = createCase(c.get("deps").db, u, {
        source: f.source as any,
        categoryId: pickedCategory(c.get("deps").db, f.categoryId),
        urgency: (f.urgency || "normal") as any,
        description: f.description ?? "",
        address: f.address || null,
        lng: pt?.lng ?? null,
        lat: pt?.lat ?? null,
        reporterName: f.reporterName || null,
        reporterPhone: f.reporterPhone || null,
        photos,
        locationCheck: { confirmed: f.confirm === "1" },
      });
      return c.redirect(`/cases/${row.id}?ok=reported`, 303);
    } catch (e) {
      if (e instanceof AppError && e.kind === "validation") return form(c, f, e);
      throw e;
    }
  });
}
