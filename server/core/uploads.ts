// Staged uploads. A photo is written (and fsync'd) under DATA_DIR/media/.tmp when the request body is
// read, and moved to its final place only after the transaction that records it commits
// (promoteUpload, called where the media row is inserted). A refused request (422, 403, …) leaves
// nothing: its staged files are removed when the request ends (discardStaged), and a job removes
// any older than an hour (sweepStaged) in case the process died in between.
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { randomUUID } from "node:crypto";
import { onCommit, type Db } from "./db.ts";
import { currentRequest } from "./request-context.ts";

type Staged = { tmp: string; dest: string };
const pending = new Map<string, Staged>(); // by path relative to DATA_DIR/media
const perRequest = new WeakMap<object, string[]>();

export const stagingDir = (dataDir: string) => join(dataDir, "media", ".tmp");

/** Write bytes durably: write, fsync the file. */
export function writeDurable(path: string, bytes: Uint8Array) {
  const fd = openSync(path, "w", 0o600);
  try {
    let o = 0;
    while (o < bytes.length) o += writeSync(fd, bytes, o, bytes.length - o);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** fsync a directory so a rename or a new entry in it survives a power cut. */
export function fsyncDir(dir: string) {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // not supported on this platform/filesystem
  }
}

/** Stage an upload that will live at DATA_DIR/media/<rel> once its transaction commits. */
export function stageUpload(dataDir: string, rel: string, bytes: Uint8Array) {
  const dir = stagingDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // named after its destination, so a file whose row committed just before a crash can still be moved in
  const tmp = join(dir, `${rel.replaceAll("/", "~")}~${randomUUID().slice(0, 8)}`);
  writeDurable(tmp, bytes);
  pending.set(rel, { tmp, dest: join(dataDir, "media", rel) });
  const req = currentRequest();
  if (req) {
    const list = perRequest.get(req) ?? [];
    list.push(rel);
    perRequest.set(req, list);
  }
}

/** Move a staged upload into place after the current transaction commits (no-op for files already in place). */
export function promoteUpload(db: Db, rel: string | null | undefined) {
  if (!rel) return;
  const s = pending.get(rel);
  if (!s) return;
  onCommit(db, () => {
    pending.delete(rel);
    mkdirSync(dirname(s.dest), { recursive: true, mode: 0o700 });
    renameSync(s.tmp, s.dest);
    fsyncDir(dirname(s.dest));
  });
}

/** Remove what the current request staged but never committed. */
export function discardStaged(req: object) {
  for (const rel of perRequest.get(req) ?? []) {
    const s = pending.get(rel);
    if (!s) continue;
    pending.delete(rel);
    rmSync(s.tmp, { force: true });
  }
  perRequest.delete(req);
}

/**
 * Staged files older than maxAgeMs (the process died between upload and move): moved into place when
 * `committed(rel)` says a row refers to them (the crash fell between commit and move), else removed.
 * Returns how many were removed.
 */
export function sweepStaged(
  dataDir: string,
  maxAgeMs = 3600_000,
  now = Date.now(),
  committed: (rel: string) => boolean = () => false,
): number {
  const dir = stagingDir(dataDir);
  let n = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const p = join(dir, name);
    try {
      if (now - statSync(p).mtimeMs < maxAgeMs) continue;
      const rel = name.replace(/~[0-9a-f]{8}$/, "").replaceAll("~", "/");
      const dest = join(dataDir, "media", rel);
      if (rel !== name && !rel.startsWith(".") && !rel.includes("..") && committed(rel)) {
        mkdirSync(dirname(dest), { recursive: true, mode: 0o700 });
        renameSync(p, dest);
        fsyncDir(dirname(dest));
        continue;
      }
      rmSync(p, { force: true });
      for (const [rel, s] of pending) if (s.tmp === p) pending.delete(rel);
      n++;
    } catch {}
  }
  return n;
}
