// Request bodies: malformed multipart is a 400 with a stable code; limits, the CSRF cookie, the rate
// limit and a cap on concurrent uploads are checked before a body is read.
import { test, expect } from "bun:test";
import { testApp, Client, type TestApp } from "../testing/index.ts";
import { REPORT_LIMIT, PORTAL_BODY_LIMIT } from "../public/routes.tsx";
import { ANON_BODY_LIMIT, ANON_UPLOAD_SLOTS } from "../core/http.ts";

const BROKEN = '--XYZ\r\nContent-Disposition: form-data; name="username"\r\n\r\nabc'; // no closing boundary

async function post(cl: Client, path: string, body: BodyInit, headers: Record<string, string> = {}) {
  await cl.csrf();
  return cl.request(path, { method: "POST", body, headers: { accept: "application/json", ...headers } });
}

test("malformed multipart on /login, /p/report, /p/lookup and Open311 POST is a 400 with a stable code", async () => {
  const t = testApp();
  const cl = new Client(t);
  for (const path of ["/login", "/p/report", "/p/lookup", "/open311/v2/requests.json"]) {
    const res = await post(cl, path, BROKEN, { "content-type": "multipart/form-data; boundary=XYZ" });
    expect({ path, status: res.status }).toEqual({ path, status: 400 });
    const text = await res.text();
    expect(text).toContain("http.malformed_body");
    expect(text).not.toContain("    at ");
  }
});

/** A body that records whether anyone started reading it, and can be held open. */
function watchedBody(size: number) {
  const state = { read: false, started: Promise.withResolvers<void>(), release: Promise.withResolvers<void>() };
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(ctl) {
        state.read = true;
        state.started.resolve();
        await state.release.promise;
        ctl.enqueue(new Uint8Array(size));
        ctl.close();
      },
    },
    { highWaterMark: 0 },
  ); // pulled only when someone reads
  return { state, stream };
}

async function sendWatched(_t: TestApp, cl: Client, path: string, size: number) {
  await cl.csrf();
  const { state, stream } = watchedBody(size);
  const res = cl.request(path, {
    method: "POST",
    body: stream,
    headers: { "content-type": "multipart/form-data; boundary=XYZ", "content-length": String(size) },
  });
  return { state, res };
}

test("anonymous bodies over the route limit and rate-limited reports are refused before the body is read", async () => {
  const t = testApp();
  const cl = new Client(t, "203.0.113.7");
  const lookup = await sendWatched(t, cl, "/p/lookup", ANON_BODY_LIMIT + 1);
  expect((await lookup.res).status).toBe(413);
  expect(lookup.state.read).toBe(false);
  const huge = await sendWatched(t, cl, "/p/report", PORTAL_BODY_LIMIT + 1);
  expect((await huge.res).status).toBe(413);
  expect(huge.state.read).toBe(false);
  // no CSRF cookie at all: refused before reading
  const stranger = new Client(t, "203.0.113.8");
  const res = await stranger.request("/p/report", {
    method: "POST",
    body: watchedBody(10).stream,
    headers: { "content-type": "multipart/form-data; boundary=XYZ", "content-length": "10" },
  });
  expect(res.status).toBe(403);
  for (let i = 0; i < REPORT_LIMIT.perHour; i++)
    await post(cl, "/p/report", new URLSearchParams({ _csrf: await cl.csrf() }));
  const limited = await sendWatched(t, cl, "/p/report", 5 * 1024 * 1024);
  expect((await limited.res).status).toBe(429);
  expect(limited.state.read).toBe(false);
});

test("at most ANON_UPLOAD_SLOTS anonymous uploads are read at once; the next is told to retry", async () => {
  const t = testApp();
  const held = [];
  for (let i = 0; i < ANON_UPLOAD_SLOTS; i++) {
    const h = await sendWatched(t, new Client(t, `198.51.100.${i + 1}`), "/p/report", 2 * 1024 * 1024);
    await h.state.started.promise; // this one holds a slot and is reading
    held.push(h);
  }
  const extra = await sendWatched(t, new Client(t, "198.51.100.99"), "/p/report", 2 * 1024 * 1024);
  expect((await extra.res).status).toBe(429);
  expect(extra.state.read).toBe(false);
  for (const h of held) h.state.release.resolve();
  for (const h of held) expect((await h.res).status).toBe(400); // zeros are not a multipart body
});
