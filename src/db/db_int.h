/*
 * db_int.h - private to src/db/: the connection, the statement table and
 * small binding helpers.  Nothing outside src/db/ includes this (or
 * sqlite3.h).
 */
#ifndef TANDEM_DB_DB_INT_H
#define TANDEM_DB_DB_INT_H

#include <sqlite3.h>

#include "db/db.h"

/* Every statement of the program.  Text in stmt.c, one row each, and in
 * the area files db/<area>.def, where each row is STMT(NAME, "SQL"): the
 * id and its text side by side, expanded here into STMT_NAME and in
 * stmt.c into the text table (an area can be worked on without touching
 * this file). */
enum stmt {
	STMT_META_GET,
	STMT_META_SET,
	STMT_SCHEME_CREATE,
	STMT_SCHEME_GET,
	STMT_SCHEME_BY_SLUG,
	STMT_SCHEME_LIST,
	STMT_SETTINGS_GET,
	STMT_SETTINGS_PUT,
	STMT_USER_CREATE,
	STMT_USER_GET,
	STMT_USER_BY_USERNAME,
	STMT_USER_COUNT,
	STMT_ROLE_ADD,
	STMT_ROLES_OF_USER,
	STMT_OUTBOX_ADD,
	STMT_OUTBOX_DUE,
	STMT_OUTBOX_SENT,
	STMT_OUTBOX_RETRY,
	STMT_OUTBOX_LIST,
	STMT_OUTBOX_LIST_STATUS,
	STMT_AUDIT_ADD,
	STMT_AUDIT_COUNT,
	STMT_SESSIONS_PURGE,
	/* accounts.c */
	STMT_USER_SET_STATUS,
	STMT_USER_LOGIN_FAILED,
	STMT_USER_LOGIN_OK,
	STMT_USER_UNLOCK,
	STMT_USER_SET_PASSWORD,
	STMT_USER_SET_APPEARANCE,
	STMT_USER_SEARCH,
	STMT_USERS_PENDING,
	STMT_USERS_LOCKED,
	STMT_SCHEME_ADMINS,
	STMT_SESSION_CREATE,
	STMT_SESSION_GET,
	STMT_SESSION_TOUCH,
	STMT_SESSION_SET_VIEW,
	STMT_SESSION_DELETE,
	STMT_SESSIONS_END_USER,
	STMT_SESSIONS_OF_USER,
	STMT_CONSENT_ADD,
	STMT_CONSENT_CURRENT,
	STMT_CONSENT_WITHDRAW,
	STMT_RESET_ADD,
	STMT_RESET_GET,
	STMT_RESET_USE,
	STMT_PREFS_OF_USER,
	STMT_PREF_PUT,
	STMT_DIGEST_ADD,
	STMT_DIGEST_USERS,
	STMT_DIGEST_OF_USER,
	STMT_DIGEST_DELETE_USER,
	STMT_OUTBOX_RETRY_NOW,
	STMT_AUDIT_LIST,
	STMT_VIEWS_OF_USER,
	STMT_CONSENT_NEEDED,
	STMT_OUTBOX_GET,
	STMT_RESETS_END_USER,
	STMT_RESETS_PURGE,
	STMT_VIEWS_PENDING,
	STMT_VIEWS_LOCKED,
#define STMT(id, sql) STMT_##id,
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
	STMT__MAX
};

extern const char *const stmt_sql[STMT__MAX];

struct db {
	sqlite3 *conn;
	sqlite3_stmt *stmt[STMT__MAX];
	struct db *next;   /* pool list */
};

/* Reset and clear-bindings, then return the statement. */
sqlite3_stmt *db_stmt(struct db *db, enum stmt id);

/* Map a SQLite result code to enum err, logging unexpected ones.
 * SQLITE_FULL, SQLITE_IOERR*, SQLITE_READONLY* and SQLITE_CANTOPEN give
 * ERR_STORAGE and are noted with incident_failure() (logged once per
 * incident, not here). */
enum err db_err(struct db *db, int rc, const char *what);

/* Step a single-row query: ERR_OK with the row ready (the caller
 * resets), or ERR_NOT_FOUND / a mapped error with the statement reset. */
enum err db_step_one(struct db *db, sqlite3_stmt *s, const char *what);

/* Fill one row of `size` bytes from the statement's current row. */
typedef void (*db_fill_fn)(struct arena *a, sqlite3_stmt *s, void *row, void *ud);

/* Step a query to the end, one `size`-byte row per result row, filled by
 * `fill` into an arena array (*out, *n).  Resets the statement. */
enum err db_rows(struct db *db, struct arena *a, sqlite3_stmt *s, size_t size,
    db_fill_fn fill, void *ud, void **out, size_t *n, const char *what);

/* Grow an arena array of `size`-byte rows when it is full. */
void *db_grow(struct arena *a, void *rows, size_t n, size_t *cap, size_t size);

/* Step a statement that returns no rows. */
enum err db_exec_stmt(struct db *db, sqlite3_stmt *s, const char *what);

/* Bind helpers (index from 1).  Text is bound SQLITE_TRANSIENT-free:
 * the caller's string must outlive the step. */
void db_bind_text(sqlite3_stmt *s, int i, const char *v);
void db_bind_i64(sqlite3_stmt *s, int i, int64_t v);
/* 0 binds NULL: used for optional foreign keys and times. */
void db_bind_i64_or_null(sqlite3_stmt *s, int i, int64_t v);

/* Column helpers: text copied into the arena ("" for NULL). */
const char *db_col_text(struct arena *a, sqlite3_stmt *s, int i);
int64_t db_col_i64(sqlite3_stmt *s, int i);

#endif
