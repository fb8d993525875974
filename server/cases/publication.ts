// Publication: which cases may leave the building (Open311 feeds, the citizen portal), and the
// redaction every published text passes through. One rule, by source:
//   published by default   inspector (监督员上报), citizen (公众上报, the portal), api (Open311 itself)
//   never, whatever the setting   hotline (热线) and 12345 orders (source api, channel '12345'):
//                                  their text is a private complaint with the caller's details
// The administrator may widen the default (setting open311.public_sources, e.g. "video,self_check")
// but never to the private ones.
import type { Db } from "../core/db.ts";
import { getSetting } from "../core/settings.ts";
import type { Channel, Source } from "./lifecycle.ts";

export const PUBLIC_SOURCES_SETTING = "open311.public_sources";
export const DEFAULT_PUBLIC_SOURCES: readonly Source[] = ["inspector", "citizen", "api"];
const NEVER_SOURCES: readonly string[] = ["hotline"];
const NEVER_CHANNELS: readonly Channel[] = ["12345"];

/** The sources published (the setting, or the default), the private ones always left out. */
export function publicSources(db: Db): string[] {
  const set = getSetting(db, PUBLIC_SOURCES_SETTING);
  const list = set
    ? set
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : [...DEFAULT_PUBLIC_SOURCES];
  return list.filter((s) => !NEVER_SOURCES.includes(s));
}

/** May this case be published? */
export function publication(db: Db, row: { source: string; channel?: string | null }): boolean {
  if (NEVER_SOURCES.includes(row.source)) return false;
  if (row.channel && (NEVER_CHANNELS as readonly string[]).includes(row.channel)) return false;
  return publicSources(db).includes(row.source);
}

/** The same rule as a SQL condition on the cases table under `alias` (for list queries). */
export function publicationSql(db: Db, alias = "c"): { sql: string; args: string[] } {
  const sources = publicSources(db);
  const marks = (xs: readonly unknown[]) => xs.map(() => "?").join(",") || "NULL";
  return {
    sql: `${alias}.source IN (${marks(sources)}) AND coalesce(${alias}.channel, '') NOT IN (${marks(NEVER_CHANNELS)})`,
    args: [...sources, ...NEVER_CHANNELS],
  };
}

// ---- redaction ---------------------------------------------------------------------------------

/** Common surnames (单姓 and a few 复姓), for the name after 市民. */
const SURNAMES =
  "欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|令狐|王|李|张|刘|陈|杨|黄|赵|吴|周|徐|孙|马|朱|胡|郭|何|高|林|罗|郑|梁|谢|宋|唐|许|韩|冯|邓|曹|彭|曾|肖|萧|田|董|袁|潘|于|蒋|蔡|余|杜|叶|程|苏|魏|吕|丁|任|沈|姚|卢|姜|崔|钟|谭|陆|汪|范|金|石|廖|贾|夏|韦|付|傅|方|白|邹|孟|熊|秦|邱|江|尹|薛|闫|段|雷|侯|龙|史|陶|黎|贺|顾|毛|郝|龚|邵|万|钱|严|覃|武|戴|莫|孔|向|汤|常|温|康|施|文|牛|樊|葛|邢|安|齐|易|乔|伍|庞|颜|倪|庄|聂|章|鲁|岳|翟|殷|詹|申|欧|耿|关|兰|焦|俞|左|柳|甘|祝|包|宁|尚|符|舒|阮|柯|纪|梅|童|凌|毕|单|季|裴|霍|涂|成|苗|谷|盛|曲|翁|冉|骆|蓝|路|游|辛|靳|管|柴|蒙|鲍|华|喻|祁|蒲|房|滕|屈|饶|解|牟|艾|尤|阳|时|穆|农|司|卓|古|吉|缪|简|车|项|连|芦|麦|褚|娄|窦|戚|岑|景|党|宫|费|卜|冷|晏|席|卫|米|柏|宗|瞿|桂|全|佟|应|臧|闵|苟|邬|边|卞|姬|师|和|仇|栾|隋|商|刁|沙|荣|巫|寇|桑|郎|甄|丛|仲|虞|敖|巩|明|佘|池|查|麻|苑|迟|邝";
/** Characters that end a name after 市民 (the verb or particle that follows it). */
const STOP = "反映称投诉来电说表示报告要求希望在家的等和及与了向到对于因称讲诉称：:，,。.；;、（(）) ";

const ID_CARD = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
const PHONE = /(?<!\d)(1[3-9]\d{9}|0\d{2,3}[-\s]?\d{7,8}|\d{3,4}-\d{7,8})(?!\d)/g;
const AFTER_CITIZEN = new RegExp(`市民[：:\\s]*(${SURNAMES})([\\u4e00-\\u9fa5]{0,2})`, "g");

/** A published text with ID-card numbers, phone numbers and the names after 市民 taken out. */
export function redact(text: string | null | undefined): string {
  if (!text) return text ?? "";
  return text
    .replace(ID_CARD, "［身份证号已隐去］")
    .replace(PHONE, "［电话已隐去］")
    .replace(AFTER_CITIZEN, (m, surname: string, rest: string) => {
      if (/^(先生|女士|师傅|大爷|大妈|阿姨)/.test(rest)) return m; // a surname with an honorific names nobody
      let given = "";
      for (const ch of rest) {
        if (STOP.includes(ch)) break;
        given += ch;
      }
      return `市民${surname}${"某".repeat(Math.max(given.length, 1))}${rest.slice(given.length)}`;
    });
}
