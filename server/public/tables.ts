// Drizzle schema of the public module's tables (public_reports, public_media, public_ratings, public_reviews, public_challenges, public_rate).
// Migrations (migrations/*.sql) stay the source of truth; server/schema.test.ts checks this file against them.
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const publicReports = sqliteTable("public_reports", {
  case_id: integer().primaryKey(),
  token: text().notNull(),
  channel: text().notNull(),
  client_id: integer(),
  anonymous: integer().notNull().default(0),
  created_at: text().notNull(),
});

export const publicMedia = sqliteTable("public_media", {
  id: integer().primaryKey(),
  case_id: integer().notNull(),
  media_id: integer(),
  path: text().notNull(),
  mime: text().notNull(),
  created_at: text().notNull(),
});

export const publicRatings = sqliteTable("public_ratings", {
  case_id: integer().primaryKey(),
  rating: text().notNull(),
  comment: text(),
  created_at: text().notNull(),
});

export const publicReviews = sqliteTable("public_reviews", {
  id: integer().primaryKey(),
  case_id: integer().notNull(),
  status: text().notNull(),
  reason: text(),
  outcome: text(),
  created_at: text().notNull(),
  decided_by: integer(),
  decided_at: text(),
});

export const publicChallenges = sqliteTable("public_challenges", {
  id: text().primaryKey(),
  answer: integer().notNull(),
  expires_at: integer().notNull(),
});

export const publicRate = sqliteTable(
  "public_rate",
  {
    key: text().notNull(),
    window: integer().notNull(),
    n: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.window] })],
);
