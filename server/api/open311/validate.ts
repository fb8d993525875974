// A minimal JSON-Schema validator for the subset the Open311 schemas use: type (incl. integer,
// null, arrays of types), enum, required, properties, items, anyOf, minItems, maxLength,
// format date-time/uri and $ref to a sibling file. No dependency; used by the tests.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export type Schema = Record<string, any>;
const DIR = join(import.meta.dir, "schemas");
const cache = new Map<string, Schema>();

export function loadSchema(name: string): Schema {
  if (!cache.has(name)) cache.set(name, JSON.parse(readFileSync(join(DIR, name), "utf8")));
  return cache.get(name)!;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function typeOk(t: string, v: unknown): boolean {
  switch (t) {
    case "null":
      return v === null;
    case "integer":
      return Number.isInteger(v);
    case "number":
      return typeof v === "number" && Number.isFinite(v);
    case "array":
      return Array.isArray(v);
    case "object":
      return typeof v === "object" && v !== null && !Array.isArray(v);
    default:
      return typeof v === t;
  }
}

export function validate(schema: Schema, v: unknown, path = "$"): string[] {
  if (schema.$ref) return validate(loadSchema(schema.$ref), v, path);
  const errs: string[] = [];
  if (schema.type) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t: string) => typeOk(t, v)))
      return [`${path}: expected ${types.join("|")}, got ${JSON.stringify(v)?.slice(0, 40)}`];
  }
  if (schema.enum && !schema.enum.includes(v))
    errs.push(`${path}: ${JSON.stringify(v)} not in ${schema.enum.join(",")}`);
  if (schema.anyOf && !schema.anyOf.some((s: Schema) => validate(s, v, path).length === 0))
    errs.push(`${path}: matches none of anyOf`);
  if (typeof v === "string") {
    if (schema.maxLength !== undefined && v.length > schema.maxLength)
      errs.push(`${path}: longer than ${schema.maxLength}`);
    if (schema.format === "date-time" && !DATE_TIME.test(v)) errs.push(`${path}: not a date-time: ${v}`);
    if (schema.format === "uri" && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(v)) errs.push(`${path}: not a uri: ${v}`);
  }
  if (Array.isArray(v)) {
    if (schema.minItems !== undefined && v.length < schema.minItems)
      errs.push(`${path}: fewer than ${schema.minItems} items`);
    if (schema.items) v.forEach((x, i) => errs.push(...validate(schema.items, x, `${path}[${i}]`)));
  } else if (typeof v === "object" && v !== null) {
    for (const k of schema.required ?? []) if (!(k in v)) errs.push(`${path}: missing ${k}`);
    for (const [k, s] of Object.entries(schema.properties ?? {}))
      if (k in v) errs.push(...validate(s as Schema, (v as any)[k], `${path}.${k}`));
  }
  return errs;
}

export function validateAs(name: string, v: unknown): string[] {
  return validate(loadSchema(name), v);
}
