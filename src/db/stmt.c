/*
 * stmt.c - the text of every SQL statement, one row per enum stmt.
 * All are prepared when a connection opens, so a statement that no
 * longer matches the schema stops the server at start-up, not at 3 a.m.
 */
#include "db/db_int.h"

#define USER_COLS "id, username, email, given_name, family_name, password_hash, " \
	"status, is_site_admin, failed_logins, locked_at, theme, sidebar_hidden, " \
	"created_at, approved_at, last_login_at"
#define USER_COLS_U "u.id, u.username, u.email, u.given_name, u.family_name, " \
	"u.password_hash, u.status, u.is_site_admin, u.failed_logins, u.locked_at, " \
	"u.theme, u.sidebar_hidden, u.created_at, u.approved_at, u.last_login_at"
#define SCHEME_COLS "id, slug, name, description, is_active, created_at"
#define MAIL_COLS "id, to_addr, subject, body_text, body_html, status, attempts, " \
	"next_attempt_at, last_error, created_at, sent_at, ics, ics_method, kind, " \
	"coalesce(user_id, 0), coalesce(scheme_id, 0), is_secret, unsubscribe, is_bulk, " \
	"msg_token"
#define MAIL_COLS_O "o.id, o.to_addr, o.subject, o.body_text, o.body_html, o.status, " \
	"o.attempts, o.next_attempt_at, o.last_error, o.created_at, o.sent_at, o.ics, " \
	"o.ics_method, o.kind, coalesce(o.user_id, 0), coalesce(o.scheme_id, 0), " \
	"o.is_secret, o.unsubscribe, o.is_bulk, o.msg_token"

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
	    "privacy_notice_version, escalation_contact, updated_at, ranked_requests, "
	    "proposal_threshold, time_zone, document_max_kb, document_types, "
	    "registration_open, approval_required, allow_cohort_matching "
	    "FROM scheme_settings WHERE scheme_id = ?1",
	[STMT_SETTINGS_PUT] = "INSERT INTO scheme_settings (scheme_id, "
	    "allow_mentee_requests, allow_system_proposals, allow_admin_assignment, "
	    "default_capacity, session_cap, extension_sessions, min_minutes_per_month, "
	    "response_deadline_days, admin_sees_documents, privacy_notice, "
	    "privacy_notice_version, escalation_contact, updated_at, ranked_requests, "
	    "proposal_threshold, time_zone, document_max_kb, document_types, "
	    "registration_open, approval_required, allow_cohort_matching) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
	    "?17, ?18, ?19, ?20, ?21, ?22) "
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
	    "updated_at = excluded.updated_at, ranked_requests = excluded.ranked_requests, "
	    "proposal_threshold = excluded.proposal_threshold, "
	    "time_zone = excluded.time_zone, document_max_kb = excluded.document_max_kb, "
	    "document_types = excluded.document_types, "
	    "registration_open = excluded.registration_open, "
	    "approval_required = excluded.approval_required, "
	    "allow_cohort_matching = excluded.allow_cohort_matching",

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

	/* msg_token: every INSERT INTO outbox gives the row its own (0026) */
	[STMT_OUTBOX_ADD] = "INSERT INTO outbox (to_addr, subject, body_text, body_html, "
	    "next_attempt_at, created_at, msg_token) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?5, lower(hex(randomblob(16))))",
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
	    "subject, detail, ip) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[STMT_AUDIT_COUNT] = "SELECT count(*) FROM audit_log",

	[STMT_SESSIONS_PURGE] = "DELETE FROM sessions WHERE expires_at <= ?1",

	/* ---- accounts.c ---- */
	[STMT_USER_SET_STATUS] = "UPDATE users SET status = ?2, rejection_reason = ?3, "
	    "status_changed_at = ?4, approved_at = CASE WHEN ?2 = 'active' "
	    "THEN coalesce(approved_at, ?4) ELSE approved_at END WHERE id = ?1",
	[STMT_USER_LOGIN_FAILED] = "UPDATE users SET failed_logins = failed_logins + 1, "
	    "locked_at = CASE WHEN locked_at IS NULL AND failed_logins + 1 >= ?2 "
	    "THEN ?3 ELSE locked_at END WHERE id = ?1 "
	    "RETURNING failed_logins, coalesce(locked_at, 0)",
	[STMT_USER_LOGIN_OK] = "UPDATE users SET failed_logins = 0, last_login_at = ?2 "
	    "WHERE id = ?1",
	[STMT_USER_UNLOCK] = "UPDATE users SET failed_logins = 0, locked_at = NULL "
	    "WHERE id = ?1",
	[STMT_USER_SET_PASSWORD] = "UPDATE users SET password_hash = ?2 WHERE id = ?1",
	[STMT_USER_SET_APPEARANCE] = "UPDATE users SET theme = ?2, sidebar_hidden = ?3 "
	    "WHERE id = ?1",
	[STMT_USER_SEARCH] = "SELECT " USER_COLS_U " FROM users u WHERE "
	    "(?1 = '' OR u.username LIKE ?1 ESCAPE '\\' OR u.email LIKE ?1 ESCAPE '\\' "
	    "OR (u.given_name || ' ' || u.family_name) LIKE ?1 ESCAPE '\\') "
	    "AND (?2 = 0 OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id "
	    "AND r.scheme_id = ?2)) ORDER BY u.family_name, u.given_name, u.id "
	    "LIMIT ?3 OFFSET ?4",
	[STMT_USERS_PENDING] = "SELECT " USER_COLS_U " FROM users u WHERE u.status = 'pending' "
	    "AND (?1 = 0 OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id "
	    "AND r.scheme_id = ?1)) ORDER BY u.created_at, u.id LIMIT 500",
	[STMT_USERS_LOCKED] = "SELECT " USER_COLS_U " FROM users u WHERE u.locked_at IS NOT NULL "
	    "AND (?1 = 0 OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id "
	    "AND r.scheme_id = ?1)) ORDER BY u.locked_at DESC LIMIT 500",
	[STMT_SCHEME_ADMINS] = "SELECT " USER_COLS_U " FROM users u JOIN user_roles r "
	    "ON r.user_id = u.id WHERE r.scheme_id = ?1 AND r.role = 'scheme_admin' "
	    "AND u.status = 'active' ORDER BY u.id",
	[STMT_SESSION_CREATE] = "INSERT INTO sessions (token_hash, user_id, csrf_token, "
	    "active_scheme, active_role, created_at, last_seen_at, expires_at, kind, ip, "
	    "user_agent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9, ?10)",
	[STMT_SESSION_GET] = "SELECT user_id, csrf_token, coalesce(active_scheme, 0), "
	    "coalesce(active_role, ''), created_at, last_seen_at, expires_at, kind "
	    "FROM sessions WHERE token_hash = ?1",
	[STMT_SESSION_TOUCH] = "UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1",
	[STMT_SESSION_SET_VIEW] = "UPDATE sessions SET active_scheme = ?2, active_role = ?3 "
	    "WHERE token_hash = ?1",
	[STMT_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = ?1",
	[STMT_SESSIONS_END_USER] = "DELETE FROM sessions WHERE user_id = ?1 "
	    "AND token_hash != ?2",
	[STMT_SESSIONS_OF_USER] = "SELECT created_at, last_seen_at, expires_at, kind, ip, "
	    "user_agent FROM sessions WHERE user_id = ?1 ORDER BY last_seen_at DESC LIMIT 100",
	[STMT_CONSENT_ADD] = "INSERT INTO consents (user_id, scheme_id, version, accepted_at) "
	    "VALUES (?1, ?2, ?3, ?4)",
	[STMT_CONSENT_CURRENT] = "SELECT version, accepted_at, coalesce(withdrawn_at, 0) "
	    "FROM consents WHERE user_id = ?1 AND scheme_id = ?2 ORDER BY id DESC LIMIT 1",
	[STMT_CONSENT_WITHDRAW] = "UPDATE consents SET withdrawn_at = ?3 WHERE id = "
	    "(SELECT id FROM consents WHERE user_id = ?1 AND scheme_id = ?2 "
	    "ORDER BY id DESC LIMIT 1) AND withdrawn_at IS NULL",
	[STMT_RESET_ADD] = "INSERT INTO password_resets (token_hash, user_id, created_at, "
	    "expires_at) VALUES (?1, ?2, ?3, ?4)",
	[STMT_RESET_GET] = "SELECT user_id, expires_at, coalesce(used_at, 0) "
	    "FROM password_resets WHERE token_hash = ?1",
	[STMT_RESET_USE] = "UPDATE password_resets SET used_at = ?2 WHERE token_hash = ?1 "
	    "AND used_at IS NULL",
	[STMT_PREFS_OF_USER] = "SELECT kind, is_enabled, frequency FROM notification_prefs "
	    "WHERE user_id = ?1",
	[STMT_PREF_PUT] = "INSERT INTO notification_prefs (user_id, kind, is_enabled, "
	    "frequency) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (user_id, kind) DO UPDATE SET "
	    "is_enabled = excluded.is_enabled, frequency = excluded.frequency",
	[STMT_DIGEST_ADD] = "INSERT INTO digest_items (user_id, kind, subject, body_text, "
	    "created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	[STMT_DIGEST_USERS] = "SELECT DISTINCT user_id FROM digest_items ORDER BY user_id "
	    "LIMIT ?1",
	[STMT_DIGEST_OF_USER] = "SELECT kind, subject, body_text, created_at FROM "
	    "digest_items WHERE user_id = ?1 ORDER BY id",
	[STMT_DIGEST_DELETE_USER] = "DELETE FROM digest_items WHERE user_id = ?1",
	[STMT_OUTBOX_RETRY_NOW] = "UPDATE outbox SET status = 'queued', next_attempt_at = ?2 "
	    "WHERE id = ?1 AND status = 'failed'",
	[STMT_VIEWS_OF_USER] = "SELECT r.scheme_id, s.name, r.role FROM user_roles r "
	    "JOIN schemes s ON s.id = r.scheme_id WHERE r.user_id = ?1 AND s.is_active = 1 "
	    "ORDER BY s.id, CASE r.role WHEN 'mentee' THEN 1 WHEN 'mentor' THEN 2 ELSE 3 END",
	[STMT_CONSENT_NEEDED] = "SELECT r.scheme_id FROM user_roles r JOIN scheme_settings ss "
	    "ON ss.scheme_id = r.scheme_id WHERE r.user_id = ?1 "
	    "AND r.role IN ('mentee', 'mentor') AND coalesce((SELECT c.version FROM consents c "
	    "WHERE c.user_id = r.user_id AND c.scheme_id = r.scheme_id AND c.withdrawn_at IS NULL "
	    "ORDER BY c.id DESC LIMIT 1), 0) < ss.privacy_notice_version "
	    "ORDER BY r.scheme_id LIMIT 1",
	[STMT_RESETS_END_USER] = "UPDATE password_resets SET used_at = ?2 "
	    "WHERE user_id = ?1 AND used_at IS NULL",
	[STMT_RESETS_PURGE] = "DELETE FROM password_resets WHERE expires_at <= ?1",
	[STMT_VIEWS_PENDING] = "SELECT r.user_id, r.scheme_id, s.name, r.role FROM users u "
	    "JOIN user_roles r ON r.user_id = u.id JOIN schemes s ON s.id = r.scheme_id "
	    "WHERE u.status = 'pending' ORDER BY r.user_id, r.scheme_id, r.role",
	[STMT_VIEWS_LOCKED] = "SELECT r.user_id, r.scheme_id, s.name, r.role FROM users u "
	    "JOIN user_roles r ON r.user_id = u.id JOIN schemes s ON s.id = r.scheme_id "
	    "WHERE u.locked_at IS NOT NULL ORDER BY r.user_id, r.scheme_id, r.role",
	[STMT_OUTBOX_GET] = "SELECT " MAIL_COLS " FROM outbox WHERE id = ?1",
	[STMT_AUDIT_LIST] = "SELECT id, at, coalesce(actor_id, 0), coalesce(scheme_id, 0), "
	    "action, subject, detail, ip FROM audit_log WHERE (?1 = 0 OR actor_id = ?1 "
	    "OR subject = ?2) ORDER BY id DESC LIMIT ?3",

#define STMT(id, sql) [STMT_##id] = sql,
#include "db/profiles.def"
#include "db/schemeconf.def"
#include "db/search.def"
#include "db/training.def"
#include "db/pairing.def"
#include "db/requests.def"
#include "db/relationships.def"
#include "db/deadlines.def"
#include "db/sessions.def"
#include "db/activity.def"
#include "db/notes.def"
#include "db/journey.def"
#include "db/diary.def"
#include "db/agreement.def"
#include "db/calendar.def"
#include "db/chats.def"
#include "db/messages.def"
#include "db/news.def"
#include "db/concerns.def"
#include "db/mail.def"
#include "db/evalforms.def"
#include "db/evaluations.def"
#include "db/evalresults.def"
#include "db/audit.def"
#include "db/cohorts.def"
#include "db/people.def"
#include "db/schemes.def"
#include "db/reports.def"
#include "db/annual.def"
#include "db/matchprefs.def"
#include "db/cohortmatch.def"
#undef STMT
};
