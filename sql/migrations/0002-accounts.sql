-- 0002-accounts: what accounts and access need (issue 3, ACC-1 to ACC-9):
-- consent to each scheme's privacy notice, the reason for a rejection,
-- password reset links, notification settings and digests, and where a
-- sign-in session or audited action came from.

ALTER TABLE users ADD COLUMN rejection_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN status_changed_at INTEGER;

-- A person's consent to a scheme's privacy notice (ACC-2): the version
-- they accepted and when; withdrawing stamps withdrawn_at.  The newest
-- row per (user, scheme) is the one in force.
CREATE TABLE consents (
	id           INTEGER PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	scheme_id    INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	version      INTEGER NOT NULL,
	accepted_at  INTEGER NOT NULL,
	withdrawn_at INTEGER
) STRICT;
CREATE INDEX consents_user ON consents(user_id, scheme_id, id);

-- Single-use password reset links (ACC-6).  Only a hash of the token.
CREATE TABLE password_resets (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at    INTEGER
) STRICT;
CREATE INDEX password_resets_user ON password_resets(user_id);
CREATE INDEX password_resets_expiry ON password_resets(expires_at);

-- Per person and kind of email: on or off, now or in a daily digest
-- (ACC-8).  No row means the kind's default.
CREATE TABLE notification_prefs (
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	kind       TEXT NOT NULL,
	is_enabled INTEGER NOT NULL CHECK (is_enabled IN (0, 1)),
	frequency  TEXT NOT NULL CHECK (frequency IN ('immediate', 'daily')),
	PRIMARY KEY (user_id, kind)
) STRICT, WITHOUT ROWID;

-- Emails held for a person's daily digest; the digest job turns them
-- into one outbox message and deletes them in the same transaction.
CREATE TABLE digest_items (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	kind       TEXT NOT NULL,
	subject    TEXT NOT NULL,
	body_text  TEXT NOT NULL,
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX digest_items_user ON digest_items(user_id, id);

ALTER TABLE sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'cookie'
	CHECK (kind IN ('cookie', 'bearer'));
ALTER TABLE sessions ADD COLUMN ip TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';

ALTER TABLE audit_log ADD COLUMN ip TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_actor ON audit_log(actor_id, at);
CREATE INDEX users_locked ON users(locked_at) WHERE locked_at IS NOT NULL;
