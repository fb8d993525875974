// Chinese text search for 1–2 character queries. FTS5's trigram tokenizer cannot match fewer
// than 3 characters, so a second, contentless FTS5 index holds every overlapping pair of
// characters as a token ("井盖缺失" → "井盖 盖缺 缺失 失"): a 2-character query is one exact token,
// a 1-character query a prefix query. SQLite computes the pairs through a function registered on
// every connection (core/db.ts), so triggers keep the index in step with the table.

/** Overlapping character pairs of each run of letters, digits and CJK, separated by spaces. */
export function bigrams(text: string | null | undefined): string {
  if (!text) return "";
  const out: string[] = [];
  for (const run of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    const cs = [...run];
    if (!cs.length) continue;
    for (let i = 0; i + 1 < cs.length; i++) out.push(cs[i]! + cs[i + 1]!);
    out.push(cs[cs.length - 1]!); // the last character alone, so a 1-character prefix query finds it too
  }
  return out.join(" ");
}

/** The FTS5 query for a 1–2 character search on the bigram index. */
export function bigramQuery(q: string): string {
  const cs = [...q.toLowerCase()].filter((c) => /[\p{L}\p{N}]/u.test(c));
  if (cs.length === 0) return '""';
  return cs.length === 1 ? `"${cs[0]}"*` : `"${cs[0]}${cs[1]}"`;
}
