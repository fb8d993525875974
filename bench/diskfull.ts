// (c) Fill the disk under a running server (DATA_DIR on a small tmpfs), keep submitting reports
// with photos, and show: writes fail with a clear error, reads keep working, nothing already
// saved is damaged, and writing resumes once space is freed. Needs root for `mount -t tmpfs`.
// Usage: bun bench/diskfull.ts [sizeMB=96]
import { Database } from "bun:sqlite";
import { mkdtempSync, writeFileSync, rmSync, statfsSync, existsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, Http, PNG_1x1 } from "./lib.ts";

const sizeMb = Number(process.argv[2] ?? 96);
const mnt = mkdtempSync(join(tmpdir(), "wanmi-full-"));
const m = Bun.spawnSync(["mount", "-t", "tmpfs", "-o", `size=${sizeMb}m`, "tmpfs", mnt], { stderr: "pipe" });
if (m.exitCode !== 0) {
  console.log(
    `mount -t tmpfs is not permitted here (${m.stderr.toString().trim()}); run as root or on a loop-mounted image.`,
  );
  process.exit(2);
}
const free = () => {
  const s = statfsSync(mnt);
  return s.bavail * s.bsize;
};
let server: Awaited<ReturnType<typeof startServer>> | null = null;
try {
  server = await startServer(mnt, { demo: true });
  const db0 = new Database(join(mnt, "wanmi.db"), { readonly: true });
  const catId = (
    db0.query("SELECT id FROM categories WHERE kind = 'event' ORDER BY id LIMIT 1").get() as { id: number }
  ).id;
  db0.close();
  console.log(`tmpfs ${sizeMb} MB at ${mnt}; after demo load ${(free() / 2 ** 20).toFixed(1)} MB free`);
  // leave ~2 MB
  const filler = join(mnt, "filler.bin");
  writeFileSync(filler, Buffer.alloc(Math.max(0, free() - 2 * 2 ** 20)));
  console.log(`filler written; ${(free() / 2 ** 20).toFixed(2)} MB free`);

  const h = new Http(server.base);
  await h.login("intake");
  // a valid PNG padded to ~150 KB (content check looks at the signature)
  const photo = new Uint8Array(150_000);
  photo.set(PNG_1x1);
  const acked: { id: number; marker: string }[] = [];
  const errors = new Map<string, number>();
  let firstError = "";
  for (let i = 0; i < 200; i++) {
    const marker = `disk-${i}`;
    const fd = new FormData();
    for (const [k, v] of Object.entries({
      source: "hotline",
      categoryId: String(catId),
      urgency: "normal",
      description: `磁盘测试 ${marker}`,
      address: "测试路",
      lng: "115.905",
      lat: "28.67",
    }))
      fd.set(k, v);
    fd.append("photos", new File([photo], "a.png", { type: "image/png" }));
    const r = await h.post("/reports", fd);
    const body = await r.text();
    if (r.status === 303) acked.push({ id: Number(r.headers.get("location")!.split("/")[2]!.split("?")[0]), marker });
    else {
      const msg = (body.match(/class="alert error">([^<]+)/)?.[1] ?? body.slice(0, 120)).trim();
      const key = `${r.status} ${r.headers.get("x-error-code") ?? ""} ${msg}`;
      errors.set(key, (errors.get(key) ?? 0) + 1);
      firstError ||= key;
      if ((errors.get(key) ?? 0) >= 20) break;
    }
  }
  console.log(`\nwhile full: ${acked.length} reports accepted, then refused:`);
  for (const [k, n] of errors) console.log(`  ${n} × ${k}`);
  const read = await h.get("/cases?queue=all");
  console.log(
    `reads while full: GET /cases → ${read.status}; /healthz → ${(await fetch(server.base + "/healthz")).status}`,
  );

  // free the space: writes work again without a restart
  rmSync(filler);
  const again = new FormData();
  for (const [k, v] of Object.entries({
    source: "hotline",
    categoryId: String(catId),
    urgency: "normal",
    description: "磁盘恢复后 after-free",
    address: "测试路",
    lng: "115.905",
    lat: "28.67",
  }))
    again.set(k, v);
  again.append("photos", new File([PNG_1x1], "a.png", { type: "image/png" }));
  const ra = await h.post("/reports", again);
  await ra.arrayBuffer();
  console.log(`after freeing space: POST /reports → ${ra.status}`);
  server.proc.kill("SIGTERM");
  await server.proc.exited;
  server = null;

  const db = new Database(join(mnt, "wanmi.db"), { readonly: true });
  const ic = (db.query("PRAGMA integrity_check").all() as { integrity_check: string }[]).map((r) => r.integrity_check);
  let missing = 0,
    badFiles = 0;
  for (const a of acked) {
    const c = db.query("SELECT description FROM cases WHERE id = ?").get(a.id) as { description: string } | null;
    if (!c?.description.includes(a.marker)) missing++;
    for (const mm of db.query("SELECT path, size FROM case_media WHERE case_id = ?").all(a.id) as {
      path: string;
      size: number;
    }[]) {
      const p = join(mnt, "media", mm.path);
      if (!existsSync(p) || statSync(p).size !== mm.size) badFiles++;
    }
  }
  const users = (db.query("SELECT count(*) AS n FROM users").get() as { n: number }).n;
  db.close();
  console.log(
    `\nintegrity_check: ${ic.join("; ")}; acknowledged reports missing: ${missing}/${acked.length}; their photos missing/short: ${badFiles}; users intact: ${users}`,
  );
  console.log(`first error a user saw: ${firstError || "(none — the disk never filled; lower sizeMB)"}`);
  process.exitCode = ic[0] === "ok" && !missing && !badFiles && errors.size ? 0 : 1;
} finally {
  if (server) {
    server.proc.kill(9);
    await server.proc.exited;
  }
  Bun.spawnSync(["umount", mnt]);
  rmSync(mnt, { recursive: true, force: true });
}
