// Test data directories are removed after each test file. The fixtures run in a child
// `bun test --isolate` (as npm test runs) with its own TMPDIR: each fixture file fails if its
// directories survive its file, and nothing at all may be left in that TMPDIR afterwards.
import { expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

test("every directory testDb, testApp and tempDir make is gone after its test file", async () => {
  const root = mkdtempSync(join(tmpdir(), "wanmi-cleanup-check-"));
  try {
    const fixtures = join(import.meta.dir, "fixtures");
    const child = Bun.spawn(
      [
        process.execPath,
        "test",
        "--isolate",
        join(fixtures, "dirs.fixture.ts"),
        join(fixtures, "dirs-again.fixture.ts"),
      ],
      { env: { ...process.env, TMPDIR: root }, stdout: "pipe", stderr: "pipe" },
    );
    const [out, err, code] = await Promise.all([
      new Response(child.stdout).text(),
      new Response(child.stderr).text(),
      child.exited,
    ]);
    const report = out + err;
    expect(report).toContain(" 2 pass");
    expect(report).toContain(" 0 fail");
    expect(code).toBe(0);
    expect(readdirSync(root)).toEqual([]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
