// Anti-abuse for anonymous forms: a fixed-window rate limit per client address and a
// single-use arithmetic challenge signed with an HMAC (no external service, nothing stored on GET).
import type { SQLQueryBindings } from "bun:sqlite";
import { createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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

const TTL = 30 * 60_000;
const keys = new Map<string, Buffer>();

/** The challenge signing key: generated once in DATA_DIR/secrets (0600), cached per data directory. */
function challengeKey(dataDir: string): Buffer {
  let k = keys.get(dataDir);
  if (k) return k;
  const dir = join(dataDir, "secrets");
  const file = join(dir, "challenge.key");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
  } catch {} // exists already
  k = Buffer.from(readFileSync(file, "utf8").trim(), "hex");
  keys.set(dataDir, k);
  return k;
}

const sign = (dataDir: string, body: string, answer: number) =>
  createHmac("sha256", challengeKey(dataDir)).update(`${body}.${answer}`).digest("base64url");

/** Stateless: the token is `expiry.nonce.HMAC(expiry.nonce.answer)`; nothing is written on GET. */
export function newChallenge(dataDir: string, now = Date.now()): Challenge {
  const a = randomInt(2, 20);
  const b = randomInt(2, 10);
  const plus = randomInt(0, 2) === 1;
  const [x, y] = plus ? [a, b] : [a + b, b];
  const body = `${now + TTL}.${randomBytes(9).toString("base64url")}`;
  return {
    id: `${body}.${sign(dataDir, body, plus ? x + y : x - y)}`,
    question: `${x} ${plus ? "加" : "减"} ${y} 等于多少？`,
  };
}

function verify(dataDir: string, id: string, answer: number, now: number): boolean {
  const m = /^(\d+)\.([\w-]{12})\.([\w-]{43})$/.exec(id);
  if (!m || Number(m[1]) < now || !Number.isInteger(answer)) return false;
  const want = Buffer.from(sign(dataDir, `${m[1]}.${m[2]}`, answer));
  const got = Buffer.from(m[3]!);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** Single use: a token is remembered (on POST only) until it expires, whether the answer is right or not. */
export function checkChallenge(
  db: Db,
  dataDir: string,
  id: string | undefined,
  answer: string | undefined,
  now = Date.now(),
) {
  const bad = () => Validation("public.challenge", "验证题答案不对，请重新计算", { answer: "答案不对，请重新计算" });
  if (!id || !answer?.trim()) throw bad();
  const m = /^(\d+)\.([\w-]{12})\./.exec(id);
  if (!m || Number(m[1]) < now) throw bad();
  const fresh = db.sqlite
    .query("INSERT INTO public_challenges (id, answer, expires_at) VALUES (?, 0, ?) ON CONFLICT(id) DO NOTHING")
    .run(m[2]!, Number(m[1]));
  if (Math.random() < 0.05) db.sqlite.query("DELETE FROM public_challenges WHERE expires_at < ?").run(now);
  if (fresh.changes === 0 || !verify(dataDir, id, Number(answer.trim()), now)) throw bad();
}

/** For tests: the answer that the token was signed with. */
export function challengeAnswer(dataDir: string, id: string): number | null {
  for (let n = -1; n <= 40; n++) if (verify(dataDir, id, n, 0)) return n;
  return null;
}
