// Vendored static assets, embedded into the compiled binary by `with { type: "file" }`.
// No CDN, ever: the appliance runs in a data room with no internet.
import type { Hono } from "hono";
import htmx from "htmx.org/dist/htmx.min.js" with { type: "file" };
import htmxSse from "htmx.org/dist/ext/hx-sse.min.js" with { type: "file" };
import echartsJs from "echarts/dist/echarts.min.js" with { type: "file" };
import type { Env } from "./http.ts";

const TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json",
  png: "image/png",
  svg: "image/svg+xml",
  pbf: "application/x-protobuf",
};

/** name served under /assets/ → embedded path. The app adds the views' own files (views/assets/index.ts), modules theirs (maps). */
export const ASSETS = new Map<string, string>([
  ["htmx.min.js", htmx],
  ["hx-sse.min.js", htmxSse],
  ["echarts.min.js", echartsJs],
]);

const gzCache = new Map<string, Uint8Array<ArrayBuffer>>();

export function mountAssets(app: Hono<Env>, version: string) {
  app.get("/assets/:name{.+}", async (c) => {
    const name = c.req.param("name");
    const path = ASSETS.get(name);
    if (!path) return c.text("not found", 404);
    const ext = name.split(".").pop() ?? "";
    const headers: Record<string, string> = {
      "content-type": TYPES[ext] ?? "application/octet-stream",
      "cache-control": c.req.query("v") === version ? "public, max-age=31536000, immutable" : "public, max-age=300",
    };
    const gzipOk =
      (c.req.header("accept-encoding") ?? "").includes("gzip") && ["js", "mjs", "css", "json"].includes(ext);
    if (gzipOk) {
      let gz = gzCache.get(name);
      if (!gz) {
        gz = Bun.gzipSync(new Uint8Array(await Bun.file(path).arrayBuffer())) as Uint8Array<ArrayBuffer>;
        gzCache.set(name, gz);
      }
      return new Response(gz, { headers: { ...headers, "content-encoding": "gzip", vary: "accept-encoding" } });
    }
    return new Response(Bun.file(path), { headers });
  });
}
