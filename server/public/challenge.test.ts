import { test, expect } from "bun:test";
import { statSync } from "node:fs";
import { join } from "node:path";
import { testApp, Client } from "../testing/index.ts";
import { challengeAnswer, newChallenge } from "./abuse.ts";

function rowCounts(t: ReturnType<typeof testApp>) {
  const s = t.deps.db.sqlite;
  const tables = s
    .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all();
  return Object.fromEntries(
    tables.map(({ name }) => [name, (s.query(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]),
  );
}

const tokenOf = (html: string) => /name="challenge" value="([^"]+)"/.exec(html)![1]!;

let peer = 0;
/** Each post from its own address, so the rate limit stays out of the way. */
async function post(t: ReturnType<typeof testApp>, challenge: string, answer: string) {
  const cl = new Client(t, `10.7.0.${++peer}`);
  const fd = new FormData();
  fd.append("_csrf", await cl.csrf());
  fd.append("challenge", challenge);
  fd.append("answer", answer);
  fd.append("description", "垃圾很多很多");
  fd.append("address", "人民路");
  return cl.request("/p/report", { method: "POST", body: fd });
}

test("anonymous GET /p/report writes nothing: 50 GETs leave every table's row count unchanged", async () => {
  const t = testApp();
  const cl = new Client(t);
  await cl.get("/p/report");
  const before = rowCounts(t);
  for (let i = 0; i < 50; i++) expect((await cl.get("/p/report")).status).toBe(200);
  expect(rowCounts(t)).toEqual(before);
  const key = statSync(join(t.deps.config.dataDir, "secrets", "challenge.key"));
  expect(key.mode & 0o777).toBe(0o600);
});

test("signed challenge: right answer passes once; wrong, forged or expired tokens get the Chinese message", async () => {
  const t = testApp();
  const cl = new Client(t);
  const dir = t.deps.config.dataDir;
  const refused = async (r: Response) => {
    expect(r.status).toBe(422);
    expect(await r.text()).toContain("答案不对");
  };
  const ok = tokenOf(await (await cl.get("/p/report")).text());
  const answer = challengeAnswer(dir, ok)!;
  expect(answer).not.toBeNull();
  // wrong answer (burns the token)
  const w = tokenOf(await (await cl.get("/p/report")).text());
  await refused(await post(t, w, String(challengeAnswer(dir, w)! + 1)));
  await refused(await post(t, w, String(challengeAnswer(dir, w))));
  // forged: a made-up signature; a later expiry and another nonce under a real signature
  const [exp, , mac] = ok.split(".") as [string, string, string];
  await refused(await post(t, `${exp}.${"A".repeat(12)}.${"A".repeat(43)}`, String(answer)));
  await refused(await post(t, `${Number(exp) + 1}.${"B".repeat(12)}.${mac}`, String(answer)));
  // expired, though correctly signed
  const old = newChallenge(dir, Date.now() - 31 * 60_000);
  await refused(await post(t, old.id, String(challengeAnswer(dir, old.id))));
  // the right answer passes, once
  expect((await post(t, ok, String(answer))).status).toBe(200);
  await refused(await post(t, ok, String(answer)));
});
