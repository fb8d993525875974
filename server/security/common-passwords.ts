// Passwords people choose first. A password is "common" when, after undoing the usual disguises
// (case, leetspeak digits and symbols, a year or digits and symbols added at either end), what is left
// is one of these words or a keyboard/number run. The list is short on purpose: it catches the
// `Password1` / `P@ssw0rd2026!` / `Admin@123456` family that a length-and-classes rule lets through.
const WORDS = [
  "password",
  "passwd",
  "passw",
  "pass",
  "pwd",
  "admin",
  "administrator",
  "root",
  "user",
  "guest",
  "test",
  "login",
  "welcome",
  "changeme",
  "default",
  "secret",
  "letmein",
  "iloveyou",
  "woaini",
  "monkey",
  "dragon",
  "master",
  "sunshine",
  "princess",
  "football",
  "baseball",
  "shadow",
  "superman",
  "trustno",
  "qwerty",
  "qwertyuiop",
  "asdfgh",
  "asdfghjkl",
  "zxcvbn",
  "zxcvbnm",
  "qazwsx",
  "qwe",
  "asd",
  "zxc",
  "abc",
  "abcd",
  "abcdef",
  "abcdefg",
  "abcdefgh",
  "china",
  "beijing",
  "wanmi",
  "system",
  "manager",
  "server",
  "hello",
  "huawei",
  "xiaomi",
  "aini",
  "love",
  "123qwe",
  "1qaz2wsx",
  "q1w2e3r4",
];
const SET = new Set(WORDS);
const LEET: Record<string, string> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "@": "a",
  "5": "s",
  $: "s",
  "7": "t",
  "!": "i",
};

function runs(s: string): boolean {
  // 123456…, 987654…, aaaaaa…: a run of one step over the whole string.
  if (s.length < 4) return true;
  const d = s.charCodeAt(1) - s.charCodeAt(0);
  if (Math.abs(d) > 1) return false;
  for (let i = 2; i < s.length; i++) if (s.charCodeAt(i) - s.charCodeAt(i - 1) !== d) return false;
  return true;
}

const unleet = (s: string) => [...s].map((ch) => LEET[ch] ?? ch).join("");
const ends = (s: string) => s.replace(/^[^a-z]+|[^a-z]+$/g, "");

/** True when the password is a common word or run under the usual disguises. */
export function isCommonPassword(pw: string): boolean {
  const lower = pw.toLowerCase();
  const core = ends(lower); // digits and symbols stuck on at either end (years, 123, !) removed
  const candidates = [
    lower,
    lower.replace(/[^a-z0-9]+$/, ""), // 1qaz2wsx!@
    core,
    unleet(core), // p@ssw0rd
    unleet(core).replace(/[^a-z]/g, ""),
    lower.replace(/[^a-z].*$/, ""), // a word, then anything
  ];
  if (core === "" || runs(lower) || runs(core)) return true;
  return candidates.some((c, i) => SET.has(c) && (i < 5 || c.length >= lower.length / 2));
}
