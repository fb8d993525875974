// 城管通 service worker (scope /m; VERSION is prepended by the server). The app shell is cached so
// the inspector can open the app without a signal; the offline queue itself lives in IndexedDB
// and is sent by the page (field.js). API calls are never cached.
const CACHE = `field-${VERSION}`;
const SHELL = [
  "/m",
  "/m/report",
  "/m/tasks",
  "/m/patrol",
  "/m/reports",
  "/assets/app.css",
  "/assets/app.js",
  "/assets/htmx.min.js",
  `/assets/field.css?v=${VERSION}`,
  `/assets/field.js?v=${VERSION}`,
];

self.addEventListener("install", (e) => {
  e.waitUntil(
    caches
      .open(CACHE)
      .then((c) =>
        Promise.all(
          SHELL.map((u) =>
            fetch(u, { credentials: "same-origin", redirect: "manual" })
              .then((r) => (r.ok && r.type === "basic" ? c.put(u, r) : null))
              .catch(() => null),
          ),
        ),
      )
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith("field-") && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

const inApp = (u) =>
  u.pathname === "/m" ||
  (u.pathname.startsWith("/m/") && !u.pathname.startsWith("/m/media/") && u.pathname !== "/m/sw.js");

self.addEventListener("fetch", (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/assets/")) {
    e.respondWith(
      caches.match(req).then(
        (hit) =>
          hit ||
          fetch(req).then((r) => {
            if (r.ok) {
              const copy = r.clone();
              caches.open(CACHE).then((c) => c.put(req, copy));
            }
            return r;
          }),
      ),
    );
    return;
  }
  if (req.mode === "navigate" && inApp(url)) {
    // Network first (fresh tasks and states); the cached copy when there is no signal.
    e.respondWith(
      fetch(req)
        .then((r) => {
          if (r.ok && !r.redirected && !req.headers.get("hx-request")) {
            const copy = r.clone();
            caches.open(CACHE).then((c) => c.put(url.pathname, copy));
          }
          return r;
        })
        .catch(() =>
          caches
            .match(url.pathname)
            .then((hit) => hit || caches.match("/m"))
            .then(
              (hit) =>
                hit ||
                new Response("<meta charset=utf-8><p>离线，且此页面尚未缓存。", {
                  headers: { "content-type": "text/html; charset=utf-8" },
                }),
            ),
        ),
    );
  }
});
