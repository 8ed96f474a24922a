-- 0001-foundation: schemes and their settings, people and their roles,
-- sign-in sessions, the email outbox, the audit log and installation
-- metadata.  Later migrations add tables; they do not reshape these.
-- Times are Unix seconds (UTC) in INTEGER columns named *_at.

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

CREATE TABLE schemes (
	id          INTEGER PRIMARY KEY,
	slug        TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 64),
	name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	description TEXT NOT NULL DEFAULT '',
	is_active   INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
	created_at  INTEGER NOT NULL
) STRICT;

-- One settings record per scheme (ADM-2).  Later issues add columns.
CREATE TABLE scheme_settings (
	scheme_id                INTEGER PRIMARY KEY REFERENCES schemes(id) ON DELETE CASCADE,
	allow_mentee_requests    INTEGER NOT NULL DEFAULT 1 CHECK (allow_mentee_requests IN (0, 1)),
	allow_system_proposals   INTEGER NOT NULL DEFAULT 0 CHECK (allow_system_proposals IN (0, 1)),
	allow_admin_assignment   INTEGER NOT NULL DEFAULT 1 CHECK (allow_admin_assignment IN (0, 1)),
	default_capacity         INTEGER NOT NULL DEFAULT 2 CHECK (default_capacity BETWEEN 1 AND 50),
	session_cap              INTEGER NOT NULL DEFAULT 0 CHECK (session_cap >= 0),  -- 0: no cap
	extension_sessions       INTEGER NOT NULL DEFAULT 2 CHECK (extension_sessions >= 0),
	min_minutes_per_month    INTEGER NOT NULL DEFAULT 60 CHECK (min_minutes_per_month >= 0),
	response_deadline_days   INTEGER NOT NULL DEFAULT 5 CHECK (response_deadline_days BETWEEN 1 AND 60),
	admin_sees_documents     INTEGER NOT NULL DEFAULT 0 CHECK (admin_sees_documents IN (0, 1)),
	privacy_notice           TEXT NOT NULL DEFAULT '',
	privacy_notice_version   INTEGER NOT NULL DEFAULT 1,
	escalation_contact       TEXT NOT NULL DEFAULT '',
	updated_at               INTEGER NOT NULL
) STRICT;

CREATE TABLE users (
	id              INTEGER PRIMARY KEY,
	username        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(username) BETWEEN 3 AND 64),
	email           TEXT NOT NULL COLLATE NOCASE CHECK (length(email) BETWEEN 3 AND 254),
	given_name      TEXT NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
	family_name     TEXT NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),
	password_hash   TEXT NOT NULL,
	status          TEXT NOT NULL DEFAULT 'pending'
	                CHECK (status IN ('pending', 'active', 'rejected', 'deactivated')),
	is_site_admin   INTEGER NOT NULL DEFAULT 0 CHECK (is_site_admin IN (0, 1)),
	failed_logins   INTEGER NOT NULL DEFAULT 0,
	locked_at       INTEGER,
	theme           TEXT NOT NULL DEFAULT 'light' CHECK (theme IN ('light', 'dark')),
	sidebar_hidden  INTEGER NOT NULL DEFAULT 0 CHECK (sidebar_hidden IN (0, 1)),
	created_at      INTEGER NOT NULL,
	approved_at     INTEGER,
	last_login_at   INTEGER
) STRICT;
CREATE INDEX users_email ON users(email);
CREATE INDEX users_status ON users(status, created_at);

-- A person's roles, per scheme (ADM-9: one identity, many schemes).
CREATE TABLE user_roles (
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	scheme_id  INTEGER NOT NULL REFERENCES schemes(id) ON DELETE CASCADE,
	role       TEXT NOT NULL CHECK (role IN ('mentee', 'mentor', 'scheme_admin')),
	created_at INTEGER NOT NULL,
	PRIMARY KEY (user_id, scheme_id, role)
) STRICT, WITHOUT ROWID;
CREATE INDEX user_roles_scheme ON user_roles(scheme_id, role, user_id);

-- Sign-in sessions.  Only a hash of the 256-bit token is stored.
CREATE TABLE sessions (
	token_hash    TEXT PRIMARY KEY,
	user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf_token    TEXT NOT NULL,
	active_scheme INTEGER REFERENCES schemes(id) ON DELETE SET NULL,
	active_role   TEXT,
	created_at    INTEGER NOT NULL,
	last_seen_at  INTEGER NOT NULL,
	expires_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

-- Every email is written here in the same transaction as the change that
-- causes it (MSG-4) and sent later by the mail thread.
CREATE TABLE outbox (
	id              INTEGER PRIMARY KEY,
	to_addr         TEXT NOT NULL,
	subject         TEXT NOT NULL,
	body_text       TEXT NOT NULL,
	body_html       TEXT NOT NULL DEFAULT '',
	status          TEXT NOT NULL DEFAULT 'queued'
	                CHECK (status IN ('queued', 'sent', 'failed')),
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER NOT NULL,
	last_error      TEXT NOT NULL DEFAULT '',
	created_at      INTEGER NOT NULL,
	sent_at         INTEGER
) STRICT;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_created ON outbox(created_at);

-- Administrative actions and access to private data (ADM-7, ADM-8).
CREATE TABLE audit_log (
	id         INTEGER PRIMARY KEY,
	at         INTEGER NOT NULL,
	actor_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
	scheme_id  INTEGER REFERENCES schemes(id) ON DELETE SET NULL,
	action     TEXT NOT NULL,
	subject    TEXT NOT NULL DEFAULT '',
	detail     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_scheme ON audit_log(scheme_id, at);
