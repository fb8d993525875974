-- 2007 → 2026 category mapping (catalog). One row per CJ/T 214-2007 class: its GB/T 47678.5-2026
-- counterpart (NULL = no counterpart known) and how sure the mapping is. Seeded by name, as
-- standards.md §2.4 advises ("do not map by number; map by name"); the administrator edits the rest.
CREATE TABLE category_map (
  from_id     INTEGER PRIMARY KEY REFERENCES categories(id),
  to_id       INTEGER REFERENCES categories(id),
  confidence  TEXT NOT NULL CHECK (confidence IN ('name', 'renamed', 'manual', 'none')),
  note        TEXT,
  updated_at  TEXT NOT NULL
);

-- Same kind, same small-class name (exactly one 2026 class of that name).
INSERT INTO category_map (from_id, to_id, confidence, note, updated_at)
SELECT o.id, MIN(n.id), 'name', '同名小类（预置）', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM categories o JOIN categories n
  ON n.edition = 'GB/T 47678.5-2026' AND n.kind = o.kind AND n.small_name = o.small_name
WHERE o.edition = 'CJ/T 214-2007'
GROUP BY o.id HAVING COUNT(*) = 1;

-- Renamed components (standards.md §2.4: 上水→供水, 通讯→通信).
INSERT INTO category_map (from_id, to_id, confidence, note, updated_at)
SELECT o.id, MIN(n.id), 'renamed', '改名小类（预置）', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM categories o JOIN categories n
  ON n.edition = 'GB/T 47678.5-2026' AND n.kind = o.kind
 AND n.small_name = replace(replace(o.small_name, '上水', '供水'), '通讯', '通信')
WHERE o.edition = 'CJ/T 214-2007' AND o.id NOT IN (SELECT from_id FROM category_map)
GROUP BY o.id HAVING COUNT(*) = 1;

-- Every other 2007 class: known, not mapped yet.
INSERT INTO category_map (from_id, to_id, confidence, note, updated_at)
SELECT id, NULL, 'none', NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM categories WHERE edition = 'CJ/T 214-2007' AND id NOT IN (SELECT from_id FROM category_map);
