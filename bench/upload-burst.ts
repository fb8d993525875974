// Memory under a burst of large anonymous uploads to the citizen portal (issue #19 point 4).
// Ten concurrent 60 MB posts (over the portal limit), then ten 30 MB posts (within it; the hourly
// rate limit and the concurrent-upload cap answer most of them before their bodies are read).
// Prints the server's resident memory before, at its peak and after, the statuses, and /healthz latency.
// Usage: bun bench/upload-burst.ts
import { readFileSync, rmSync } from "node:fs";
import { startServer, freshDir, Http } from "./lib.ts";

const dir = freshDir();
const server = await startServer(dir);
const pid = server.proc.pid;
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 20);

async function burst(label: string, size: number) {
  const body = new Uint8Array(size).fill(0x41);
  const boundary = "----burst";
  const head = new TextEncoder().encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
  );
  const payload = new Uint8Array(head.length + body.length);
  payload.set(head);
  payload.set(body, head.length);
  const before = rssMb();
  peak = before;
  const statuses = new Map<number, number>();
  let healthMs = 0;
  await Promise.all([
    ...Array.from({ length: 10 }, async () => {
      const h = new Http(server.base);
      const csrf = await h.csrf();
      const r = await h
        .req(`/p/report?_=${Math.random()}`, {
          method: "POST",
          body: payload,
          headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "x-csrf-token": csrf },
        })
        .catch(() => null);
      const s = r?.status ?? 0;
      await r?.arrayBuffer().catch(() => null);
      statuses.set(s, (statuses.get(s) ?? 0) + 1);
    }),
    (async () => {
      await Bun.sleep(50);
      const t0 = performance.now();
      await (await fetch(server.base + "/healthz")).arrayBuffer();
      healthMs = performance.now() - t0;
    })(),
  ]);
  Bun.gc(true);
  await Bun.sleep(200);
  console.log(
    `${label}: RSS ${before.toFixed(0)} MB before, ${peak.toFixed(0)} MB peak (+${(peak - before).toFixed(0)}), ${rssMb().toFixed(0)} MB after; ` +
      `statuses ${[...statuses].map(([s, n]) => `${n}×${s}`).join(", ")}; /healthz during the burst ${healthMs.toFixed(0)} ms`,
  );
}

try {
  await burst("10 × 60 MB anonymous posts", 60 * 1024 * 1024);
  await burst("10 × 30 MB anonymous posts", 30 * 1024 * 1024);
} finally {
  clearInterval(sampler);
  server.proc.kill();
  await server.proc.exited;
  rmSync(dir, { recursive: true, force: true });
}
