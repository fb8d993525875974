// The administrator sets (or clears) the URL the daily export is pushed to.
import type { Db } from "../../core/db.ts";
import type { UserActor } from "../../core/context.ts";
import { Validation } from "../../core/errors.ts";
import { getSetting, setSetting } from "../../core/settings.ts";
import { logSettingChange } from "../../security/index.ts";
import { PUSH_URL } from "../jobs/export.ts";

export function savePushUrl(db: Db, actor: UserActor, url: string) {
  if (url && !/^https?:\/\/\S+$/.test(url)) throw Validation("api.url", "推送地址须以 http:// 或 https:// 开头");
  const before = getSetting(db, PUSH_URL);
  if (before === url) return;
  setSetting(db, PUSH_URL, url, actor.userId);
  logSettingChange(db, actor, PUSH_URL, before, url);
}
