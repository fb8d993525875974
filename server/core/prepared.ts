// Drizzle queries are built and prepared once per database, then run with placeholders:
// building a query per call costs 5–30× (design/stack.md §9).
import type { BunSQLiteDatabase } from "drizzle-orm/bun-sqlite";
import type { Db } from "./db.ts";

/** `const byId = prepared((orm) => orm.select()…where(eq(t.id, sql.placeholder("id"))).prepare())`, then `byId(db).get({ id })`. */
export function prepared<P>(build: (orm: BunSQLiteDatabase) => P): (db: Db) => P {
  const cache = new WeakMap<Db, P>();
  return (db) => {
    let p = cache.get(db);
    if (!p) {
      p = build(db.orm);
      cache.set(db, p);
    }
    return p;
  };
}
