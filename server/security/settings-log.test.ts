// One settings change writes exactly one security_log row, carrying the value it replaced.
import { test, expect } from "bun:test";
import { testApp, Client, makeUser } from "../testing/index.ts";

const configRows = (t: ReturnType<typeof testApp>, afterId = 0) =>
  t.deps.db.sqlite
    .query("SELECT entity_id, before, after, actor FROM security_log WHERE kind = 'config' AND id > ? ORDER BY id")
    .all(afterId) as { entity_id: string; before: string | null; after: string | null; actor: string }[];

test("changing one evaluation setting writes one security_log row with the old value", async () => {
  const t = testApp();
  await makeUser(t, "adm", ["admin"]);
  const a = new Client(t);
  await a.login("adm");
  const form = await (await a.get("/evaluation/settings")).text();
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) fields[m[1]!] = m[2]!;
  delete fields._csrf;
  expect(fields.reportHour).toBe("1");
  expect((await a.post("/evaluation/settings", fields)).status).toBe(303); // stores the default weights once
  const seen = (t.deps.db.sqlite.query("SELECT max(id) AS n FROM security_log").get() as { n: number }).n;
  const res = await a.post("/evaluation/settings", { ...fields, reportHour: "4" });
  expect(res.status).toBe(303);
  expect(configRows(t, seen)).toEqual([{ entity_id: "reports.hour", before: "1", after: "4", actor: "adm" }]);
});

test("changing a security setting writes one row per changed key with the old value", async () => {
  const t = testApp();
  await makeUser(t, "sec", ["security_admin"]);
  const s = new Client(t);
  await s.login("sec");
  const res = await s.post("/security/settings", {
    minLength: "12",
    classes: "3",
    maxAgeDays: "90",
    lockFailures: "5",
    lockFailuresPerIp: "20",
    lockMinutes: "15",
    idleMinutes: "30",
  });
  expect(res.status).toBe(303);
  expect(configRows(t)).toEqual([
    { entity_id: "security.password.min_length", before: "10", after: "12", actor: "sec" },
  ]);
});
