// Photo uploads: type by magic bytes (JPEG/PNG/WebP), a size cap, stored under DATA_DIR/media.
// No server-side thumbnails (no image library): pages show the original scaled by CSS, and a
// client may send its own small thumbnail which is checked and stored the same way.
import { randomUUID } from "node:crypto";
import { Validation } from "../core/errors.ts";
import type { Db } from "../core/db.ts";
import { stageUpload } from "../core/uploads.ts";
import type { StoredFile } from "./verbs/common.ts";

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_PHOTOS = 9;

export function sniffImage(b: Uint8Array): { mime: string; ext: string } | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { mime: "image/jpeg", ext: "jpg" };
  if (
    b.length >= 8 &&
    b[0] === 0x89 &&
    b[1] === 0x50 &&
    b[2] === 0x4e &&
    b[3] === 0x47 &&
    b[4] === 0x0d &&
    b[5] === 0x0a &&
    b[6] === 0x1a &&
    b[7] === 0x0a
  )
    return { mime: "image/png", ext: "png" };
  if (
    b.length >= 12 &&
    String.fromCharCode(...b.slice(0, 4)) === "RIFF" &&
    String.fromCharCode(...b.slice(8, 12)) === "WEBP"
  )
    return { mime: "image/webp", ext: "webp" };
  return null;
}

/** Check and stage one photo; returns the path (relative to DATA_DIR/media) it will have once committed. */
export function storePhoto(dataDir: string, bytes: Uint8Array, now = new Date()): StoredFile {
  if (!bytes.length) throw Validation("media.empty", "上传的文件是空的", { photos: "上传的文件是空的" });
  if (bytes.length > MAX_PHOTO_BYTES)
    throw Validation("media.too_large", `照片不能超过 ${MAX_PHOTO_BYTES / 1024 / 1024} MB`, { photos: "照片太大" });
  const kind = sniffImage(bytes);
  if (!kind)
    throw Validation("media.type", "只能上传 JPEG、PNG 或 WebP 格式的照片", {
      photos: "只能上传 JPEG、PNG 或 WebP 照片",
    });
  const month = now.toISOString().slice(0, 7).replace("-", "/");
  const rel = `cases/${month}/${randomUUID()}.${kind.ext}`;
  stageUpload(dataDir, rel, bytes); // moved into place when the media row commits (saveMedia)
  return { path: rel, mime: kind.mime, size: bytes.length };
}

/** Store the uploaded files of a multipart field (skips empty file inputs). */
export function storeUploads(dataDir: string, files: unknown[]): Promise<StoredFile[]> {
  return storeEachUpload(files, (bytes) => storePhoto(dataDir, bytes));
}

/** Each non-empty uploaded file of a multipart field through `store`, at most `max` of them. */
export async function storeEachUpload<T>(
  files: unknown[],
  store: (bytes: Uint8Array) => T,
  max = MAX_PHOTOS,
): Promise<T[]> {
  const real = files.filter(
    (f): f is File => typeof f === "object" && f !== null && "arrayBuffer" in f && (f as File).size > 0,
  );
  if (real.length > max) throw Validation("media.too_many", `最多上传 ${max} 张照片`, { photos: "照片太多" });
  const out: T[] = [];
  for (const f of real) out.push(store(new Uint8Array(await f.arrayBuffer())));
  return out;
}

/** True when a case_media row refers to this path (the media sweep's recovery after a crash). */
export function mediaRecorded(db: Db, rel: string): boolean {
  return db.sqlite.query("SELECT 1 FROM case_media WHERE path = ? OR thumb_path = ? LIMIT 1").get(rel, rel) !== null;
}
