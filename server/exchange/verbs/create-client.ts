// Admin: register a 12345 platform client; the API key is returned once and only its hash is kept.
import type { SQLQueryBindings } from "bun:sqlite";
import { type Db, tx, nowIso } from "../../core/db.ts";
import { type Actor, hasRole } from "../../core/context.ts";
import { Forbidden, Validation } from "../../core/errors.ts";
import { audit } from "../../core/audit.ts";
import { hashKey } from "../queries.ts";
import { newKey } from "./client-keys.ts";

export function createExchangeClient(
  db: Db,
  actor: Actor,
  input: { name: string; callbackUrl?: string },
): { id: number; key: string } {
  if (!hasRole(actor, "admin")) throw Forbidden();
  const name = input.name.trim();
  const url = (input.callbackUrl ?? "").trim();
  const f: Record<string, string> = {};
  if (!name) f.name = "请填写接入方名称";
  if (url && !/^https?:\/\/\S+$/.test(url)) f.callbackUrl = "回调地址须以 http:// 或 https:// 开头";
  if (Object.keys(f).length) throw Validation("exchange.client_invalid", "接入方信息有误", f);
  const key = newKey();
  return tx(db, () => {
    const id = db.sqlite
      .query<{ id: number }, SQLQueryBindings[]>(
        `INSERT INTO exchange_clients (name, key_hash, callback_url, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
      )
      .get(name, hashKey(key), url || null, nowIso())!.id;
    audit(db, actor, "exchange_client", id, "create", null, { name, callbackUrl: url || null });
    return { id, key };
  });
}
