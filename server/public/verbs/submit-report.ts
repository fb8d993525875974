// A report from outside (portal, Open311, exchange API) becomes a case through the cases
// module's createCase; we add the private token and the public (metadata-free) copies of the photos.
import type { SQLQueryBindings } from "bun:sqlite";
import { randomBytes } from "node:crypto";
import type { Db } from "../../core/db.ts";
import { tx, nowIso } from "../../core/db.ts";
import { promoteUpload } from "../../core/uploads.ts";
import type { Actor } from "../../core/context.ts";
import { createCase } from "../../cases/index.ts";
import type { PhotoPair } from "../media.ts";

export type SubmitInput = {
  channel: "portal" | "open311" | "api";
  clientId?: number | null;
  categoryId?: number | null;
  description: string;
  address?: string | null;
  lng?: number | null;
  lat?: number | null;
  name?: string | null;
  phone?: string | null;
  photos?: PhotoPair[];
  /** The portal's location rule (grid/location.ts via createCase); Open311 checks its point itself. */
  locationCheck?: { confirmed: boolean };
};
export type Submitted = { caseId: number; no: string; token: string; createdAt: string };

export const newToken = () => randomBytes(24).toString("base64url");

export function submitReport(db: Db, actor: Actor, input: SubmitInput): Submitted {
  return tx(db, () => {
    const photos = input.photos ?? [];
    const c = createCase(db, actor, {
      source: input.channel === "portal" ? "citizen" : "api",
      channel: input.channel === "portal" || input.channel === "open311" ? input.channel : null,
      categoryId: input.categoryId ?? null,
      description: input.description,
      address: input.address || null,
      lng: input.lng ?? null,
      lat: input.lat ?? null,
      reporterName: input.name || null,
      reporterPhone: input.phone || null,
      photos: photos.map((p) => p.original),
      locationCheck: input.locationCheck,
    });
    const token = newToken();
    const at = nowIso();
    db.sqlite
      .query(
        "INSERT INTO public_reports (case_id, token, channel, client_id, anonymous, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(c.id, token, input.channel, input.clientId ?? null, input.name || input.phone ? 0 : 1, at);
    const originals = db.sqlite
      .query<{ id: number; path: string }, SQLQueryBindings[]>(
        "SELECT id, path FROM case_media WHERE case_id = ? ORDER BY id",
      )
      .all(c.id);
    const ins = db.sqlite.query(
      "INSERT INTO public_media (case_id, media_id, path, mime, created_at) VALUES (?, ?, ?, ?, ?)",
    );
    for (const p of photos) {
      promoteUpload(db, p.clean.path);
      ins.run(c.id, originals.find((o) => o.path === p.original.path)?.id ?? null, p.clean.path, p.clean.mime, at);
    }
    return { caseId: c.id, no: c.no, token, createdAt: c.created_at };
  });
}
