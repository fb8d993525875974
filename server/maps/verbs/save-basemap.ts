// Store an uploaded PMTiles basemap under DATA_DIR/maps (the administrator's upload form).
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "../../core/db.ts";
import type { Actor } from "../../core/context.ts";
import { audit } from "../../core/audit.ts";
import { Validation } from "../../core/errors.ts";
import { BASEMAP_NAME, basemapDir, readHeader } from "../basemaps.ts";

export function saveBasemap(db: Db, actor: Actor, input: { dataDir: string; name: string; bytes: Uint8Array }) {
  const name = input.name.trim();
  if (!BASEMAP_NAME.test(name))
    throw Validation("maps.basemap_name", "文件名须为字母、数字、点、横线组成，并以 .pmtiles 结尾", {
      file: "文件名不合规",
    });
  const dir = basemapDir(input.dataDir);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${name}.upload`);
  writeFileSync(tmp, input.bytes);
  const h = readHeader(tmp);
  if (!h) {
    rmSync(tmp, { force: true });
    throw Validation("maps.basemap_format", "不是 PMTiles v3 文件", { file: "文件格式不正确" });
  }
  renameSync(tmp, join(dir, name));
  audit(db, actor, "basemap", name, "upload", null, { bytes: input.bytes.length, ...h });
  return { name, ...h };
}

export function deleteBasemap(db: Db, actor: Actor, input: { dataDir: string; name: string }) {
  if (!BASEMAP_NAME.test(input.name)) throw Validation("maps.basemap_name", "文件名不合规");
  rmSync(join(basemapDir(input.dataDir), input.name), { force: true });
  audit(db, actor, "basemap", input.name, "delete", null, null);
}
