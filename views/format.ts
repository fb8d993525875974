// Formatting shared by pages, exports and printed reports (pure functions, no data access).

/** A ratio as a percentage with one decimal, or — when there is none. */
export const pct = (x: number | null | undefined) => (x === null || x === undefined ? "—" : `${(x * 100).toFixed(1)}%`);

/** An ISO instant as Beijing time "YYYY-MM-DD HH:MM", or —. */
export const shTime = (iso: string | null) =>
  iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ") : "—";
