/*
 * evalforms.c - typed queries for evaluation forms (evalforms.h).  Same
 * pattern as news.c: statement from the table, bind, step, copy into
 * the caller's arena.
 */
#include "db/evalforms.h"

#include <string.h>

#include "core/arena.h"
#include "db/db_int.h"

static void
fill_form(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_evalform *f = row;
	f->id = db_col_i64(s, 0);
	f->scheme_id = db_col_i64(s, 1);
	f->title = db_col_text(a, s, 2);
	f->intro = db_col_text(a, s, 3);
	f->kind = db_col_text(a, s, 4);
	f->respondent = db_col_text(a, s, 5);
	f->trigger_on = db_col_text(a, s, 6);
	f->trigger_days = db_col_i64(s, 7);
	f->status = db_col_text(a, s, 8);
	f->active_since = db_col_i64(s, 9);
	f->opens_on = db_col_text(a, s, 10);
	f->closes_on = db_col_text(a, s, 11);
	f->created_by = db_col_i64(s, 12);
	f->created_at = db_col_i64(s, 13);
	f->updated_at = db_col_i64(s, 14);
	f->version = db_col_i64(s, 15);
	f->version_id = db_col_i64(s, 16);
	f->responses = db_col_i64(s, 17);
}

static void
fill_version(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)a;
	(void)ud;
	struct db_evalversion *v = row;
	v->id = db_col_i64(s, 0);
	v->form_id = db_col_i64(s, 1);
	v->version = db_col_i64(s, 2);
	v->created_at = db_col_i64(s, 3);
	v->responses = db_col_i64(s, 4);
}

static void
fill_question(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_evalquestion *q = row;
	q->id = db_col_i64(s, 0);
	q->version_id = db_col_i64(s, 1);
	q->position = db_col_i64(s, 2);
	q->kind = db_col_text(a, s, 3);
	q->prompt = db_col_text(a, s, 4);
	q->hint = db_col_text(a, s, 5);
	q->is_required = db_col_i64(s, 6) != 0;
	q->options = db_col_text(a, s, 7);
	q->max_length = db_col_i64(s, 8);
}

enum err
db_evalform_get(struct db *db, struct arena *a, int64_t id, struct db_evalform *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALFORM_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "evaluation form get");
	if (rc == ERR_OK) {
		fill_form(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_evalforms_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_evalform **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALFORMS_OF_SCHEME);
	db_bind_i64(s, 1, scheme_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_evalform), fill_form, NULL, &rows, n,
	    "evaluation forms of scheme");
	*out = rows;
	return rc;
}

enum err
db_evalforms_active(struct db *db, struct arena *a, int64_t scheme_id, const char *trigger_on,
    struct db_evalform **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALFORMS_ACTIVE);
	db_bind_i64(s, 1, scheme_id);
	db_bind_text(s, 2, trigger_on);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_evalform), fill_form, NULL, &rows, n,
	    "evaluation forms active");
	*out = rows;
	return rc;
}

enum err
db_evalversions_of_form(struct db *db, struct arena *a, int64_t form_id,
    struct db_evalversion **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALVERSIONS_OF_FORM);
	db_bind_i64(s, 1, form_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_evalversion), fill_version, NULL,
	    &rows, n, "evaluation versions of form");
	*out = rows;
	return rc;
}

enum err
db_evalversion_get(struct db *db, struct arena *a, int64_t version_id,
    struct db_evalversion *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALVERSION_GET);
	db_bind_i64(s, 1, version_id);
	enum err rc = db_step_one(db, s, "evaluation version get");
	if (rc == ERR_OK) {
		fill_version(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_evalquestions_of_version(struct db *db, struct arena *a, int64_t version_id,
    struct db_evalquestion **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALQUESTIONS_OF_VERSION);
	db_bind_i64(s, 1, version_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_evalquestion), fill_question, NULL,
	    &rows, n, "evaluation questions of version");
	*out = rows;
	return rc;
}

/* ---- writes ---- */

enum err
db_evalform_add(struct db *db, const struct db_evalform *f, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALFORM_ADD);
	db_bind_i64(s, 1, f->scheme_id);
	db_bind_text(s, 2, f->title);
	db_bind_text(s, 3, f->intro);
	db_bind_text(s, 4, f->kind);
	db_bind_text(s, 5, f->respondent);
	db_bind_text(s, 6, f->trigger_on);
	db_bind_i64(s, 7, f->trigger_days);
	db_bind_text(s, 8, f->status);
	db_bind_i64(s, 9, f->active_since);
	db_bind_text(s, 10, f->opens_on);
	db_bind_text(s, 11, f->closes_on);
	db_bind_i64_or_null(s, 12, f->created_by);
	db_bind_i64(s, 13, now);
	enum err rc = db_exec_stmt(db, s, "evaluation form add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_evalversion_add(struct db *db, int64_t form_id, int64_t version, int64_t created_by,
    int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALVERSION_ADD);
	db_bind_i64(s, 1, form_id);
	db_bind_i64(s, 2, version);
	db_bind_i64_or_null(s, 3, created_by);
	db_bind_i64(s, 4, now);
	enum err rc = db_exec_stmt(db, s, "evaluation version add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_evalquestion_add(struct db *db, const struct db_evalquestion *q, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALQUESTION_ADD);
	db_bind_i64(s, 1, q->version_id);
	db_bind_i64(s, 2, q->position);
	db_bind_text(s, 3, q->kind);
	db_bind_text(s, 4, q->prompt);
	db_bind_text(s, 5, q->hint);
	db_bind_i64(s, 6, q->is_required ? 1 : 0);
	db_bind_text(s, 7, q->options);
	db_bind_i64(s, 8, q->max_length);
	enum err rc = db_exec_stmt(db, s, "evaluation question add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

/* added by their owner below */

enum err
db_evalform_update(struct db *db, const struct db_evalform *f, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALFORM_UPDATE);
	db_bind_i64(s, 1, f->id);
	db_bind_text(s, 2, f->title);
	db_bind_text(s, 3, f->intro);
	db_bind_text(s, 4, f->respondent);
	db_bind_text(s, 5, f->trigger_on);
	db_bind_i64(s, 6, f->trigger_days);
	db_bind_i64(s, 7, now);
	return db_exec_stmt(db, s, "evaluation form update");
}

enum err
db_evalform_set_status(struct db *db, const struct db_evalform *f, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALFORM_SET_STATUS);
	db_bind_i64(s, 1, f->id);
	db_bind_text(s, 2, f->status);
	db_bind_i64(s, 3, f->active_since);
	db_bind_text(s, 4, f->opens_on);
	db_bind_text(s, 5, f->closes_on);
	db_bind_i64(s, 6, now);
	return db_exec_stmt(db, s, "evaluation form status");
}

enum err
db_evalform_touch(struct db *db, int64_t id, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALFORM_TOUCH);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, now);
	return db_exec_stmt(db, s, "evaluation form touch");
}

enum err
db_evalform_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALFORM_DELETE);
	db_bind_i64(s, 1, id);
	return db_exec_stmt(db, s, "evaluation form delete");
}

enum err
db_evalform_end_unanswered(struct db *db, int64_t id, int64_t now, int64_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALFORM_END_UNANSWERED);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, now);
	enum err rc = db_exec_stmt(db, s, "evaluation form end unanswered");
	*n = rc == ERR_OK ? sqlite3_changes(db->conn) : 0;
	return rc;
}

enum err
db_evalform_issued(struct db *db, int64_t id, int64_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALFORM_ISSUED);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "evaluation form issued");
	if (rc == ERR_OK) {
		*n = db_col_i64(s, 0);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_evalquestion_get(struct db *db, struct arena *a, int64_t id, struct db_evalquestion *out,
    int64_t *form_id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALQUESTION_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "evaluation question get");
	if (rc == ERR_OK) {
		fill_question(a, s, out, NULL);
		*form_id = db_col_i64(s, 9);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_evalquestion_update(struct db *db, const struct db_evalquestion *q)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALQUESTION_UPDATE);
	db_bind_i64(s, 1, q->id);
	db_bind_text(s, 2, q->prompt);
	db_bind_text(s, 3, q->hint);
	db_bind_i64(s, 4, q->is_required ? 1 : 0);
	db_bind_text(s, 5, q->options);
	db_bind_i64(s, 6, q->max_length);
	return db_exec_stmt(db, s, "evaluation question update");
}

enum err
db_evalquestion_delete(struct db *db, int64_t id, int64_t version_id, int64_t position)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALQUESTION_DELETE);
	db_bind_i64(s, 1, id);
	enum err rc = db_exec_stmt(db, s, "evaluation question delete");
	if (rc == ERR_OK) {
		s = db_stmt(db, STMT_EVALQUESTIONS_LIFT);
		db_bind_i64(s, 1, version_id);
		db_bind_i64(s, 2, position);
		rc = db_exec_stmt(db, s, "evaluation questions lift");
	}
	if (rc == ERR_OK) {
		s = db_stmt(db, STMT_EVALQUESTIONS_LOWER);
		db_bind_i64(s, 1, version_id);
		rc = db_exec_stmt(db, s, "evaluation questions lower");
	}
	return rc;
}

static enum err
set_position(struct db *db, int64_t id, int64_t position)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALQUESTION_SET_POSITION);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, position);
	return db_exec_stmt(db, s, "evaluation question position");
}

enum err
db_evalquestions_swap(struct db *db, const struct db_evalquestion *x,
    const struct db_evalquestion *y)
{
	/* through a free number, so UNIQUE (version_id, position) holds */
	enum err rc = set_position(db, x->id, 200000 + x->position);
	if (rc == ERR_OK)
		rc = set_position(db, y->id, x->position);
	if (rc == ERR_OK)
		rc = set_position(db, x->id, y->position);
	return rc;
}

enum err
db_evalquestions_copy(struct db *db, int64_t from, int64_t to)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALQUESTIONS_COPY);
	db_bind_i64(s, 1, from);
	db_bind_i64(s, 2, to);
	return db_exec_stmt(db, s, "evaluation questions copy");
}
