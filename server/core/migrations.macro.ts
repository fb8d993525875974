// Bun macro: runs at bundle time and inlines every migrations/NNNN_name.sql into the
// program, so `bun run`, `bun test` and the compiled binary carry the same migrations.
import { readdirSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";

export type EmbeddedMigration = { id: number; name: string; sql: string; checksum: string };

export function loadMigrations(): EmbeddedMigration[] {
  const dir = join(import.meta.dir, "../../migrations");
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const sql = readFileSync(join(dir, f), "utf8");
      return {
        id: Number(f.slice(0, 4)),
        name: f.replace(/\.sql$/, ""),
        sql,
        checksum: createHash("sha256").update(sql).digest("hex"),
      };
    });
}
