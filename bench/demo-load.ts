/**
 * Demo county load time. Run: node_modules/.bin/bun bench/demo-load.ts [scale…]
 * Prints seconds for the default size (scale 1) and a larger one (default 5). Asserts nothing.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDb } from "../server/core/db.ts";
import { migrate } from "../server/core/migrate.ts";
import { seedDemoCounty, scaled } from "../server/demo/county.ts";

const scales = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
for (const scale of scales.length ? scales : [1, 5]) {
  const db = openDb(join(mkdtempSync(join(tmpdir(), "wanmi-bench-")), "wanmi.db"));
  migrate(db);
  const r = seedDemoCounty(db, scaled(scale))!;
  console.log(
    `scale ${scale}: ${r.grids} grids, ${r.components} components, ${r.users} users — ${r.seconds.toFixed(2)} s`,
  );
  db.sqlite.close();
}
