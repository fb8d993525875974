// 城管通 static files, embedded in the binary: the app script and styles under /assets/, and the
// service worker, which must be served from /m/ so that its scope covers the app.
import fieldJs from "../../views/assets/field.js" with { type: "file" };
import fieldCss from "../../views/assets/field.css" with { type: "file" };
import fieldSw from "../../views/assets/field-sw.js" with { type: "file" };
import { ASSETS } from "../core/assets.ts";

ASSETS.set("field.js", fieldJs);
ASSETS.set("field.css", fieldCss);

let swText: string | null = null;
/** The service worker source with the app version baked in (a new version refreshes the offline cache). */
export async function serviceWorker(version: string): Promise<string> {
  swText ??= await Bun.file(fieldSw).text();
  return `const VERSION = ${JSON.stringify(version)};\n` + swText;
}

export const MANIFEST = {
  name: "城管通 · 万米数字城管",
  short_name: "城管通",
  start_url: "/m",
  scope: "/m",
  display: "standalone",
  background_color: "#f3f5f8",
  theme_color: "#0b5cad",
  lang: "zh-CN",
  icons: [{ src: "/m/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" }],
};

export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><rect width="96" height="96" rx="18" fill="#0b5cad"/><text x="48" y="62" font-size="40" text-anchor="middle" fill="#fff" font-family="sans-serif">城</text></svg>`;
