// Anti-abuse for anonymous forms: a fixed-window rate limit per client address and a
// single-use arithmetic challenge (no external service, readable by anyone).
import type { SQLQueryBindings } from "bun:sqlite";
import { randomBytes, randomInt } from "node:crypto";
import type { Db } from "../core/db.ts";
import { TooMany, Validation } from "../core/errors.ts";

/** Count one hit for key; throws 429 when more than `limit` hits fall in the current window. */
export function rateLimit(db: Db, key: string, limit: number, windowMs: number, now = Date.now()) {
  const window = now - (now % windowMs);
  const r = db.sqlite
    .query<{ n: number }, SQLQueryBindings[]>(
      "INSERT INTO public_rate (key, window, n) VALUES (?, ?, 1) ON CONFLICT(key, window) DO UPDATE SET n = n + 1 RETURNING n",
    )
    .get(key, window)!;
  if (Math.random() < 0.02) db.sqlite.query("DELETE FROM public_rate WHERE window < ?").run(now - 86400_000);
  if (r.n > limit)
    throw TooMany("public.rate", `操作太频繁，请 ${Math.ceil((window + windowMs - now) / 60000)} 分钟后再试`);
}

export type Challenge = { id: string; question: string };

export function newChallenge(db: Db, now = Date.now()): Challenge {
  const a = randomInt(2, 20);
  const b = randomInt(2, 10);
  const plus = randomInt(0, 2) === 1;
  const [x, y] = plus ? [a, b] : [a + b, b];
  const id = randomBytes(12).toString("base64url");
  db.sqlite
    .query("INSERT INTO public_challenges (id, answer, expires_at) VALUES (?, ?, ?)")
    .run(id, plus ? x + y : x - y, now + 30 * 60_000);
  if (Math.random() < 0.05) db.sqlite.query("DELETE FROM public_challenges WHERE expires_at < ?").run(now);
  return { id, question: `${x} ${plus ? "加" : "减"} ${y} 等于多少？` };
}

/** Single use: the challenge is consumed whether the answer is right or not. */
export function checkChallenge(db: Db, id: string | undefined, answer: string | undefined, now = Date.now()) {
  const bad = () => Validation("public.challenge", "验证题答案不对，请重新计算", { answer: "答案不对，请重新计算" });
  if (!id || !answer) throw bad();
  const row = db.sqlite
    .query<{ answer: number; expires_at: number }, SQLQueryBindings[]>(
      "DELETE FROM public_challenges WHERE id = ? RETURNING answer, expires_at",
    )
    .get(id);
  if (!row || row.expires_at < now || Number(answer.trim()) !== row.answer) throw bad();
}

/** Peek for tests. */
export function challengeAnswer(db: Db, id: string): number | null {
  return (
    db.sqlite.query<{ answer: number }, SQLQueryBindings[]>("SELECT answer FROM public_challenges WHERE id = ?").get(id)
      ?.answer ?? null
  );
}
