// Free space of the data directory: a full disk stops every write, so monitoring must see it coming.
import { statfsSync } from "node:fs";
import type { Db } from "../core/db.ts";
import { getSetting } from "../core/settings.ts";

export const DISK_MIN_FREE_KEY = "ops.disk_min_free_mb";
const DEFAULT_MIN_FREE_MB = 1024;

export function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return Number(s.bavail) * Number(s.bsize);
}

/** Free bytes of the data directory and whether they are under the threshold (setting, MB). */
export function diskStatus(db: Db, dataDir: string): { free: number; minFree: number; low: boolean } {
  const raw = getSetting(db, DISK_MIN_FREE_KEY);
  const mb = raw === "" || !(Number(raw) >= 0) ? DEFAULT_MIN_FREE_MB : Number(raw);
  const minFree = mb * 1024 * 1024;
  const free = freeBytes(dataDir);
  return { free, minFree, low: free < minFree };
}
