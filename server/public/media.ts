// Photos from citizens and other systems: the original goes to the staff (case_media), a copy
// with metadata stripped is the only one ever served publicly (public_media).
import { randomUUID } from "node:crypto";
import { Validation } from "../core/errors.ts";
import { stageUpload } from "../core/uploads.ts";
import { stripMetadata, BadImage } from "./exif.ts";
import { storeEachUpload } from "../cases/index.ts";
import type { StoredFile } from "./cases-adapter.ts";

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_PHOTOS = 6;
export type PhotoPair = { original: StoredFile; clean: StoredFile };

export function storePublicPhoto(dataDir: string, bytes: Uint8Array, now = new Date()): PhotoPair {
  if (!bytes.length) throw Validation("media.empty", "上传的文件是空的", { photos: "上传的文件是空的" });
  if (bytes.length > MAX_PHOTO_BYTES)
    throw Validation("media.too_large", "每张照片不能超过 10 MB", { photos: "照片太大" });
  let s;
  try {
    s = stripMetadata(bytes);
  } catch (e) {
    if (e instanceof BadImage)
      throw Validation("media.broken", "照片文件已损坏，请换一张", { photos: "照片文件已损坏" });
    throw e;
  }
  if (!s)
    throw Validation("media.type", "只能上传 JPEG、PNG 或 WebP 格式的照片", {
      photos: "只能上传 JPEG、PNG 或 WebP 照片",
    });
  const month = now.toISOString().slice(0, 7).replace("-", "/");
  const id = randomUUID();
  const orig = `cases/${month}/${id}.${s.ext}`;
  const clean = `public/${month}/${id}.${s.ext}`;
  // both moved into place only when the report commits (saveMedia, submitReport)
  stageUpload(dataDir, orig, bytes);
  stageUpload(dataDir, clean, s.bytes);
  return {
    original: { path: orig, mime: s.mime, size: bytes.length },
    clean: { path: clean, mime: s.mime, size: s.bytes.length },
  };
}

export function storeUploads(dataDir: string, files: unknown[]): Promise<PhotoPair[]> {
  return storeEachUpload(files, (bytes) => storePublicPhoto(dataDir, bytes), MAX_PHOTOS);
}
