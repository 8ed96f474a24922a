/*
 * matchprefs.c - typed queries for the preferences of cohort matching
 * (matchprefs.h).  Same pattern as training.c: statement from the
 * table, bind, step, copy into the caller's arena.
 *
 * Trap: the settings are read and written by their own statements, not
 * db_scheme_settings_get/put (whose upsert leaves these columns alone),
 * so the settings page saves both in one transaction.
 */
#include "db/matchprefs.h"

#include "core/arena.h"
#include "db/db_int.h"

enum err
db_matchprefs_settings_get(struct db *db, int64_t scheme_id,
    struct db_matchprefs_settings *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MP_SETTINGS_GET);
	db_bind_i64(s, 1, scheme_id);
	enum err rc = db_step_one(db, s, "matchprefs settings");
	if (rc == ERR_OK) {
		for (int i = 0; i < 3; i++)
			out->wish_weight[i] = db_col_i64(s, i);
		out->avoid_hard = db_col_i64(s, 3) != 0;
		out->avoid_penalty = db_col_i64(s, 4);
		out->stable_mode = db_col_i64(s, 5) != 0;
		out->allow_cohort_matching = db_col_i64(s, 6) != 0;
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_matchprefs_settings_put(struct db *db, int64_t scheme_id,
    const struct db_matchprefs_settings *in)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MP_SETTINGS_PUT);
	db_bind_i64(s, 1, scheme_id);
	for (int i = 0; i < 3; i++)
		db_bind_i64(s, 2 + i, in->wish_weight[i]);
	db_bind_i64(s, 5, in->avoid_hard);
	db_bind_i64(s, 6, in->avoid_penalty);
	db_bind_i64(s, 7, in->stable_mode);
	enum err rc = db_exec_stmt(db, s, "matchprefs settings put");
	if (rc == ERR_OK && sqlite3_changes(db->conn) == 0)
		rc = ERR_NOT_FOUND;
	return rc;
}

static void
fill_wish(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_match_wish *w = row;
	w->mentee_id = db_col_i64(s, 0);
	w->mentor_id = db_col_i64(s, 1);
	w->rank = db_col_i64(s, 2);
	w->created_at = db_col_i64(s, 3);
	w->mentee_name = db_col_text(a, s, 4);
	w->mentor_name = db_col_text(a, s, 5);
	w->mentor_job_role = db_col_text(a, s, 6);
	w->mentor_organisation = db_col_text(a, s, 7);
}

enum err
db_match_wishes_of_mentee(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t mentee_id, struct db_match_wish **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MP_WISHES_OF_MENTEE);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, mentee_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_match_wish), fill_wish, NULL,
	    &rows, n, "wishes of mentee");
	*out = rows;
	return rc;
}

enum err
db_match_wishes_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_match_wish **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MP_WISHES_OF_SCHEME);
	db_bind_i64(s, 1, scheme_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_match_wish), fill_wish, NULL,
	    &rows, n, "wishes of scheme");
	*out = rows;
	return rc;
}

enum err
db_match_wishes_set(struct db *db, int64_t scheme_id, int64_t mentee_id,
    const int64_t *mentor_ids, size_t n, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MP_WISHES_CLEAR);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, mentee_id);
	enum err rc = db_exec_stmt(db, s, "wishes clear");
	for (size_t i = 0; i < n && rc == ERR_OK; i++) {
		s = db_stmt(db, STMT_MP_WISH_ADD);
		db_bind_i64(s, 1, scheme_id);
		db_bind_i64(s, 2, mentee_id);
		db_bind_i64(s, 3, mentor_ids[i]);
		db_bind_i64(s, 4, (int64_t)i + 1);
		db_bind_i64(s, 5, now);
		rc = db_exec_stmt(db, s, "wish add");
	}
	return rc;
}

static void
fill_own_avoid(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	struct db_match_avoid *v = row;
	v->mentor_id = *(const int64_t *)ud;
	v->mentee_id = 0;
	v->email = db_col_text(a, s, 0);
	v->created_at = db_col_i64(s, 1);
	v->mentor_name = "";
	v->mentee_name = "";
}

enum err
db_match_avoids_of_mentor(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t mentor_id, struct db_match_avoid **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MP_AVOIDS_OF_MENTOR);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, mentor_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_match_avoid), fill_own_avoid,
	    &mentor_id, &rows, n, "avoids of mentor");
	*out = rows;
	return rc;
}

static void
fill_avoid(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_match_avoid *v = row;
	v->mentor_id = db_col_i64(s, 0);
	v->mentee_id = db_col_i64(s, 1);
	v->email = db_col_text(a, s, 2);
	v->created_at = db_col_i64(s, 3);
	v->mentor_name = db_col_text(a, s, 4);
	v->mentee_name = db_col_text(a, s, 5);
}

enum err
db_match_avoids_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_match_avoid **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MP_AVOIDS_OF_SCHEME);
	db_bind_i64(s, 1, scheme_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_match_avoid), fill_avoid, NULL,
	    &rows, n, "avoids of scheme");
	*out = rows;
	return rc;
}

enum err
db_match_avoid_add(struct db *db, int64_t scheme_id, int64_t mentor_id,
    const char *email, int64_t now, bool *added)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MP_AVOID_ADD);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, mentor_id);
	db_bind_text(s, 3, email);
	db_bind_i64(s, 4, now);
	enum err rc = db_exec_stmt(db, s, "avoid add");
	*added = rc == ERR_OK && sqlite3_changes(db->conn) > 0;
	return rc;
}

enum err
db_match_avoid_delete(struct db *db, int64_t scheme_id, int64_t mentor_id,
    const char *email)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MP_AVOID_DELETE);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, mentor_id);
	db_bind_text(s, 3, email);
	enum err rc = db_exec_stmt(db, s, "avoid delete");
	if (rc == ERR_OK && sqlite3_changes(db->conn) == 0)
		rc = ERR_NOT_FOUND;
	return rc;
}

enum err
db_match_mentee_waiting(struct db *db, int64_t scheme_id, int64_t mentee_id,
    bool *waiting)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MP_MENTEE_WAITING);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, mentee_id);
	enum err rc = db_step_one(db, s, "mentee waiting");
	*waiting = false;
	if (rc == ERR_OK) {
		*waiting = db_col_i64(s, 0) != 0;
		sqlite3_reset(s);
	}
	return rc;
}
