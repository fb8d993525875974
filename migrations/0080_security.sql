-- Security (等保 2.0): two new roles, password age, and an append-only security log.

-- 1. user_roles: its CHECK lists the roles and SQLite cannot alter a CHECK, so rebuild it
--    with security_admin (安全管理员) and auditor (审计员) added.
CREATE TABLE user_roles_new (
  user_id  INTEGER NOT NULL REFERENCES users(id),
  role     TEXT NOT NULL CHECK (role IN ('inspector','hotline','intake','shift_lead','dispatcher','handler','leader','admin','security_admin','auditor')),
  PRIMARY KEY (user_id, role)
) WITHOUT ROWID;
INSERT INTO user_roles_new (user_id, role) SELECT user_id, role FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_new RENAME TO user_roles;
CREATE INDEX user_roles_role ON user_roles(role, user_id);

-- 2. When each password was last set (for the expiry policy); kept by triggers so that
--    every writer of password_hash is covered.
ALTER TABLE users ADD COLUMN password_changed_at TEXT;
UPDATE users SET password_changed_at = updated_at;
CREATE TRIGGER users_password_set_ins AFTER INSERT ON users BEGIN
  UPDATE users SET password_changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id;
END;
CREATE TRIGGER users_password_set_upd AFTER UPDATE OF password_hash ON users
  WHEN NEW.password_hash IS NOT OLD.password_hash BEGIN
  UPDATE users SET password_changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = NEW.id;
END;

-- 3. The security log: every sign-in (ok or failed), sign-out, permission change,
--    configuration change, backup and restore. Append-only: the triggers refuse UPDATE/DELETE.
CREATE TABLE security_log (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  -- signin | signout | permission | config | backup | restore | export
  kind       TEXT NOT NULL,
  outcome    TEXT NOT NULL CHECK (outcome IN ('ok', 'fail')),
  actor      TEXT NOT NULL,          -- who acted (display label)
  user_id    INTEGER,                -- acting user, if any
  username   TEXT,                   -- sign-ins: the name that was typed
  ip         TEXT,
  entity     TEXT,
  entity_id  TEXT,
  before     TEXT,                   -- JSON
  after      TEXT,                   -- JSON
  detail     TEXT
);
CREATE INDEX security_log_at ON security_log(at);
CREATE INDEX security_log_kind ON security_log(kind, id);
CREATE TRIGGER security_log_no_update BEFORE UPDATE ON security_log BEGIN
  SELECT RAISE(ABORT, 'security_log is append-only');
END;
CREATE TRIGGER security_log_no_delete BEFORE DELETE ON security_log BEGIN
  SELECT RAISE(ABORT, 'security_log is append-only');
END;
