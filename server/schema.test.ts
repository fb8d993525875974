// The drizzle schema (server/*/tables.ts) must describe the database the hand-written
// migrations build: same tables, columns, type affinity, NOT NULL and primary key.
import { expect, test } from "bun:test";
import { join } from "node:path";
import { is } from "drizzle-orm";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { openDb } from "./core/db.ts";
import { migrate } from "./core/migrate.ts";

const SERVER = import.meta.dir;
/** Files that declare a module's tables; evaluation's tables.ts is taken by its report tables. */
const SCHEMA_FILES = new Bun.Glob("*/{tables,schema}.ts");

type Col = { type: string; notNull: boolean; pk: number };

/** SQLite's type-affinity rules (https://sqlite.org/datatype3.html §3.1). */
function affinity(declared: string): string {
  const t = declared.toUpperCase();
  if (t.includes("INT")) return "integer";
  if (/CHAR|CLOB|TEXT/.test(t)) return "text";
  if (t === "" || t.includes("BLOB")) return "blob";
  if (/REAL|FLOA|DOUB/.test(t)) return "real";
  return "numeric";
}

/** Ordinary tables of a migrated database (no virtual, shadow or internal tables). */
function migratedTables(): Map<string, Map<string, Col>> {
  const db = openDb(":memory:");
  migrate(db);
  const list = db.sqlite
    .query<{ name: string }, []>(
      "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '_migrations'",
    )
    .all();
  const out = new Map<string, Map<string, Col>>();
  for (const { name } of list) {
    const cols = db.sqlite
      .query<{ name: string; type: string; notnull: number; pk: number }, [string]>(
        'SELECT name, type, "notnull", pk FROM pragma_table_info(?)',
      )
      .all(name);
    out.set(
      name,
      new Map(cols.map((c) => [c.name, { type: affinity(c.type), notNull: c.notnull === 1 || c.pk > 0, pk: c.pk }])),
    );
  }
  db.sqlite.close();
  return out;
}

/** Every drizzle table declared by a module, with the file that declares it. */
async function declaredTables(): Promise<Map<string, { file: string; cols: Map<string, Col> }>> {
  const out = new Map<string, { file: string; cols: Map<string, Col> }>();
  for (const file of [...SCHEMA_FILES.scanSync(SERVER)].sort()) {
    const mod = await import(join(SERVER, file));
    for (const value of Object.values(mod)) {
      if (!is(value, SQLiteTable)) continue;
      const cfg = getTableConfig(value);
      const seen = out.get(cfg.name);
      if (seen) throw new Error(`table ${cfg.name} declared twice: ${seen.file} and ${file}`);
      const composite = cfg.primaryKeys[0]?.columns.map((c) => c.name) ?? [];
      const cols = new Map<string, Col>(
        cfg.columns.map((c) => [
          c.name,
          {
            type: affinity(c.getSQLType()),
            notNull: c.notNull,
            pk: c.primary ? 1 : composite.indexOf(c.name) + 1,
          },
        ]),
      );
      out.set(cfg.name, { file, cols });
    }
  }
  return out;
}

test("every migrated table is declared once in a module's tables.ts, and only those", async () => {
  const db = migratedTables();
  const declared = await declaredTables();
  const missing = [...db.keys()].filter((t) => !declared.has(t)).sort();
  const extra = [...declared.keys()].filter((t) => !db.has(t)).sort();
  expect({ missing, extra }).toEqual({ missing: [], extra: [] });
});

test("declared columns match the migrated database: names, affinity, NOT NULL, primary key", async () => {
  const db = migratedTables();
  const declared = await declaredTables();
  const problems: string[] = [];
  for (const [table, { file, cols }] of declared) {
    const real = db.get(table);
    if (!real) continue; // reported by the test above
    for (const [name, want] of real) {
      const got = cols.get(name);
      if (!got) problems.push(`${file}: ${table}.${name} is not declared`);
      else
        for (const k of ["type", "notNull", "pk"] as const)
          if (got[k] !== want[k])
            problems.push(`${file}: ${table}.${name} ${k} is ${got[k]}, the database says ${want[k]}`);
    }
    for (const name of cols.keys())
      if (!real.has(name)) problems.push(`${file}: ${table}.${name} does not exist in the database`);
  }
  expect(problems).toEqual([]);
});

test("type affinity follows SQLite's rules", () => {
  expect(affinity("VARCHAR(10)")).toBe("text");
  expect(affinity("INT")).toBe("integer");
  expect(affinity("DOUBLE")).toBe("real");
  expect(affinity("")).toBe("blob");
  expect(affinity("DECIMAL")).toBe("numeric");
});

/** SQL in a route file: a statement, a raw connection, or a drizzle handle. `c.req.query(` is not SQL. */
const SQL_IN_ROUTES = [
  /\bdb\.sqlite\b|\.sqlite\b/,
  /\bdb\.orm\b|\.orm\b/,
  /(?<!\breq)\.query\(/,
  /\.prepare\(/,
  /\b(SELECT\s+[\w*]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b/,
];

test("route files and module index files hold no SQL: reads live in queries.ts, writes in verbs", async () => {
  const found: string[] = [];
  for (const file of new Bun.Glob("**/{routes,index}.{ts,tsx}").scanSync(SERVER)) {
    if (file.startsWith("testing/")) continue;
    const lines = (await Bun.file(join(SERVER, file)).text()).split("\n");
    lines.forEach((line, i) => {
      if (SQL_IN_ROUTES.some((re) => re.test(line))) found.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  expect(found).toEqual([]);
});

test("the route check recognises SQL and leaves query strings alone", () => {
  const flagged = (line: string) => SQL_IN_ROUTES.some((re) => re.test(line));
  expect(flagged('const r = db.sqlite.query("SELECT id FROM cases").get();')).toBe(true);
  expect(flagged("const s = c.get('deps').db.sqlite;")).toBe(true);
  expect(flagged("db.orm.select().from(cases)")).toBe(true);
  expect(flagged("`DELETE FROM sessions WHERE id = ?`")).toBe(true);
  expect(flagged('const q = c.req.query("q") ?? "";')).toBe(false);
  expect(flagged('flash={c.req.query("saved") ? "已保存" : undefined}')).toBe(false);
});
