/*
 * stmt.c - the text of every SQL statement, one row per enum stmt.
 * All are prepared when a connection opens, so a statement that no
 * longer matches the schema stops the server at start-up, not at 3 a.m.
 */
#include "db/db_int.h"

#define USER_COLS "id, username, email, given_name, family_name, password_hash, " \
	"status, is_site_admin, failed_logins, locked_at, theme, sidebar_hidden, " \
	"created_at, approved_at, last_login_at"
#define SCHEME_COLS "id, slug, name, description, is_active, created_at"
#define MAIL_COLS "id, to_addr, subject, body_text, body_html, status, attempts, " \
	"next_attempt_at, last_error, created_at, sent_at"

const char *const stmt_sql[STMT__MAX] = {
	[STMT_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[STMT_META_SET] = "INSERT INTO meta (key, value) VALUES (?1, ?2) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",

	[STMT_SCHEME_CREATE] = "INSERT INTO schemes (slug, name, description, created_at) "
	    "VALUES (?1, ?2, ?3, ?4)",
	[STMT_SCHEME_GET] = "SELECT " SCHEME_COLS " FROM schemes WHERE id = ?1",
	[STMT_SCHEME_BY_SLUG] = "SELECT " SCHEME_COLS " FROM schemes WHERE slug = ?1",
	[STMT_SCHEME_LIST] = "SELECT " SCHEME_COLS " FROM schemes ORDER BY id",
	[STMT_SETTINGS_GET] = "SELECT scheme_id, allow_mentee_requests, "
	    "allow_system_proposals, allow_admin_assignment, default_capacity, "
	    "session_cap, extension_sessions, min_minutes_per_month, "
	    "response_deadline_days, admin_sees_documents, privacy_notice, "
	    "privacy_notice_version, escalation_contact, updated_at "
	    "FROM scheme_settings WHERE scheme_id = ?1",
	[STMT_SETTINGS_PUT] = "INSERT INTO scheme_settings (scheme_id, "
	    "allow_mentee_requests, allow_system_proposals, allow_admin_assignment, "
	    "default_capacity, session_cap, extension_sessions, min_minutes_per_month, "
	    "response_deadline_days, admin_sees_documents, privacy_notice, "
	    "privacy_notice_version, escalation_contact, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
	    "ON CONFLICT (scheme_id) DO UPDATE SET "
	    "allow_mentee_requests = excluded.allow_mentee_requests, "
	    "allow_system_proposals = excluded.allow_system_proposals, "
	    "allow_admin_assignment = excluded.allow_admin_assignment, "
	    "default_capacity = excluded.default_capacity, "
	    "session_cap = excluded.session_cap, "
	    "extension_sessions = excluded.extension_sessions, "
	    "min_minutes_per_month = excluded.min_minutes_per_month, "
	    "response_deadline_days = excluded.response_deadline_days, "
	    "admin_sees_documents = excluded.admin_sees_documents, "
	    "privacy_notice = excluded.privacy_notice, "
	    "privacy_notice_version = excluded.privacy_notice_version, "
	    "escalation_contact = excluded.escalation_contact, "
	    "updated_at = excluded.updated_at",

	[STMT_USER_CREATE] = "INSERT INTO users (username, email, given_name, "
	    "family_name, password_hash, status, is_site_admin, created_at, approved_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[STMT_USER_GET] = "SELECT " USER_COLS " FROM users WHERE id = ?1",
	[STMT_USER_BY_USERNAME] = "SELECT " USER_COLS " FROM users WHERE username = ?1",
	[STMT_USER_COUNT] = "SELECT count(*) FROM users",
	[STMT_ROLE_ADD] = "INSERT INTO user_roles (user_id, scheme_id, role, created_at) "
	    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
	[STMT_ROLES_OF_USER] = "SELECT scheme_id, role FROM user_roles "
	    "WHERE user_id = ?1 ORDER BY scheme_id, role",

	[STMT_OUTBOX_ADD] = "INSERT INTO outbox (to_addr, subject, body_text, body_html, "
	    "next_attempt_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
	[STMT_OUTBOX_DUE] = "SELECT " MAIL_COLS " FROM outbox "
	    "WHERE status = 'queued' AND next_attempt_at <= ?1 ORDER BY id LIMIT ?2",
	[STMT_OUTBOX_SENT] = "UPDATE outbox SET status = 'sent', sent_at = ?2, "
	    "attempts = attempts + 1, last_error = '' WHERE id = ?1",
	[STMT_OUTBOX_RETRY] = "UPDATE outbox SET attempts = attempts + 1, "
	    "next_attempt_at = ?2, last_error = ?3, "
	    "status = CASE WHEN ?4 THEN 'failed' ELSE 'queued' END WHERE id = ?1",
	[STMT_OUTBOX_LIST] = "SELECT " MAIL_COLS " FROM outbox ORDER BY id DESC LIMIT ?1",
	[STMT_OUTBOX_LIST_STATUS] = "SELECT " MAIL_COLS " FROM outbox WHERE status = ?2 "
	    "ORDER BY id DESC LIMIT ?1",

	[STMT_AUDIT_ADD] = "INSERT INTO audit_log (at, actor_id, scheme_id, action, "
	    "subject, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[STMT_AUDIT_COUNT] = "SELECT count(*) FROM audit_log",

	[STMT_SESSIONS_PURGE] = "DELETE FROM sessions WHERE expires_at <= ?1",
};
