// API keys for other systems: random secret shown once, SHA-256 stored, scopes per key.
import { createHash } from "node:crypto";
import type { Db } from "../core/db.ts";
import { nowIso } from "../core/db.ts";
import { AppError } from "../core/errors.ts";

export const SCOPES = {
  open311: "Open311 提交问题",
  "cases:read": "读取案件与时间线",
  "cases:write": "创建上报",
  "updates:write": "回传案件进展",
  "reference:read": "读取分类、网格、部件",
  "export:read": "读取上报导出",
} as const;
export type Scope = keyof typeof SCOPES;
export const SCOPE_LIST = Object.keys(SCOPES) as Scope[];

export type ApiClient = {
  id: number;
  name: string;
  key_prefix: string;
  scopes: Scope[];
  active: number;
  created_at: string;
  last_used_at: string | null;
};

export const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

type ClientRow = Omit<ApiClient, "scopes"> & { scopes: string };

function toClient(r: ClientRow): ApiClient {
  return { ...r, scopes: JSON.parse(r.scopes) };
}

export function listClients(db: Db): ApiClient[] {
  return db.sqlite
    .query<ClientRow, []>(
      "SELECT id, name, key_prefix, scopes, active, created_at, last_used_at FROM api_clients ORDER BY id",
    )
    .all()
    .map(toClient);
}

export function clientByKey(db: Db, key: string | null | undefined): ApiClient | null {
  if (!key || key.length < 20 || key.length > 100) return null;
  const r = db.sqlite
    .query<ClientRow, [string]>(
      "SELECT id, name, key_prefix, scopes, active, created_at, last_used_at FROM api_clients WHERE key_hash = ? AND active = 1",
    )
    .get(hashKey(key));
  return r ? toClient(r) : null;
}

/** The client for this key if it holds the scope. 401 for a missing/unknown key, 403 for a missing scope. */
export function authenticate(db: Db, key: string | null | undefined, scope: Scope): ApiClient {
  const c = clientByKey(db, key);
  if (!c) throw new AppError("unauthorized", "api.key", "API 密钥无效或已停用");
  if (!c.scopes.includes(scope)) throw new AppError("forbidden", "api.scope", `API 密钥没有 ${scope} 权限`);
  db.sqlite.query("UPDATE api_clients SET last_used_at = ? WHERE id = ?").run(nowIso(), c.id);
  return c;
}

export const apiActor = (c: ApiClient) => ({ kind: "api" as const, clientId: c.id, name: c.name });
