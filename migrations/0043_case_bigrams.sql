-- 1–2 character search: every overlapping pair of characters of a case's number, address and
-- description as a token (wanmi_bigrams(), registered on every connection by core/db.ts).
CREATE VIRTUAL TABLE cases_bigram USING fts5(t, content='', tokenize='unicode61 remove_diacritics 0');
INSERT INTO cases_bigram (rowid, t) SELECT id, wanmi_bigrams(no || ' ' || coalesce(address, '') || ' ' || description) FROM cases;
CREATE TRIGGER cases_bigram_ins AFTER INSERT ON cases BEGIN
  INSERT INTO cases_bigram (rowid, t) VALUES (new.id, wanmi_bigrams(new.no || ' ' || coalesce(new.address, '') || ' ' || new.description));
END;
CREATE TRIGGER cases_bigram_upd AFTER UPDATE OF no, address, description ON cases BEGIN
  INSERT INTO cases_bigram (cases_bigram, rowid, t) VALUES ('delete', old.id, wanmi_bigrams(old.no || ' ' || coalesce(old.address, '') || ' ' || old.description));
  INSERT INTO cases_bigram (rowid, t) VALUES (new.id, wanmi_bigrams(new.no || ' ' || coalesce(new.address, '') || ' ' || new.description));
END;
CREATE TRIGGER cases_bigram_del AFTER DELETE ON cases BEGIN
  INSERT INTO cases_bigram (cases_bigram, rowid, t) VALUES ('delete', old.id, wanmi_bigrams(old.no || ' ' || coalesce(old.address, '') || ' ' || old.description));
END;
