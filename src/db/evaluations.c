/*
 * evaluations.c - typed queries for evaluations (evaluations.h).  Same
 * pattern as evalforms.c: statement from the table, bind, step, copy
 * into the caller's arena.  Compare-and-set writes turn "no row
 * changed" into ERR_CONFLICT.
 */
#include "db/evaluations.h"

#include <string.h>

#include "core/arena.h"
#include "db/db_int.h"

static enum err
changed(struct db *db, enum err rc)
{
	return rc == ERR_OK && sqlite3_changes(db->conn) == 0 ? ERR_CONFLICT : rc;
}

static void
fill_eval(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_evaluation *e = row;
	e->id = db_col_i64(s, 0);
	e->form_id = db_col_i64(s, 1);
	e->scheme_id = db_col_i64(s, 2);
	e->user_id = db_col_i64(s, 3);
	e->relationship_id = db_col_i64(s, 4);
	e->role = db_col_text(a, s, 5);
	e->occasion = db_col_text(a, s, 6);
	e->due_at = db_col_i64(s, 7);
	e->closes_at = db_col_i64(s, 8);
	e->deferred_at = db_col_i64(s, 9);
	e->reminded_at = db_col_i64(s, 10);
	e->answered_at = db_col_i64(s, 11);
	e->created_at = db_col_i64(s, 12);
	e->form_title = db_col_text(a, s, 13);
	e->form_intro = db_col_text(a, s, 14);
	e->form_status = db_col_text(a, s, 15);
	e->form_kind = db_col_text(a, s, 16);
	e->scheme_name = db_col_text(a, s, 17);
	e->mentor_id = db_col_i64(s, 18);
	e->mentee_id = db_col_i64(s, 19);
	e->mentor_name = db_col_text(a, s, 20);
	e->mentee_name = db_col_text(a, s, 21);
	e->response_id = db_col_i64(s, 22);
	e->version_id = db_col_i64(s, 23);
	e->submitted_at = db_col_i64(s, 24);
	e->shared = db_col_i64(s, 25) != 0;
	e->rel_status = db_col_text(a, s, 26);
}

static enum err
eval_rows(struct db *db, struct arena *a, sqlite3_stmt *s, struct db_evaluation **out,
    size_t *n, const char *what)
{
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_evaluation), fill_eval, NULL, &rows, n,
	    what);
	*out = rows;
	return rc;
}

enum err
db_eval_get(struct db *db, struct arena *a, int64_t id, struct db_evaluation *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVAL_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "evaluation get");
	if (rc == ERR_OK) {
		fill_eval(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_evals_of_user(struct db *db, struct arena *a, int64_t user_id, int64_t scheme_id,
    struct db_evaluation **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVAL_OF_USER);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, scheme_id);
	return eval_rows(db, a, s, out, n, "evaluations of user");
}

enum err
db_evals_shared_with(struct db *db, struct arena *a, int64_t mentee_id, int64_t scheme_id,
    struct db_evaluation **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVAL_SHARED_WITH);
	db_bind_i64(s, 1, mentee_id);
	db_bind_i64(s, 2, scheme_id);
	return eval_rows(db, a, s, out, n, "evaluations shared with");
}

enum err
db_evals_of_rel(struct db *db, struct arena *a, int64_t rel_id, struct db_evaluation **out,
    size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVAL_OF_REL);
	db_bind_i64(s, 1, rel_id);
	return eval_rows(db, a, s, out, n, "evaluations of relationship");
}

static void
fill_answer(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_eval_answer *x = row;
	x->question_id = db_col_i64(s, 0);
	x->option = db_col_i64(s, 1);
	x->text = db_col_text(a, s, 2);
}

enum err
db_eval_answers_of(struct db *db, struct arena *a, int64_t response_id,
    struct db_eval_answer **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVAL_ANSWERS_OF);
	db_bind_i64(s, 1, response_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_eval_answer), fill_answer, NULL, &rows,
	    n, "evaluation answers");
	*out = rows;
	return rc;
}

/* ---- writes ---- */

enum err
db_eval_insert(struct db *db, const struct db_eval_new *e, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVAL_INSERT);
	db_bind_i64(s, 1, e->form_id);
	db_bind_i64(s, 2, e->scheme_id);
	db_bind_i64(s, 3, e->user_id);
	db_bind_i64_or_null(s, 4, e->relationship_id);
	db_bind_text(s, 5, e->role);
	db_bind_text(s, 6, e->occasion);
	db_bind_i64(s, 7, e->due_at);
	db_bind_i64(s, 8, e->closes_at);
	enum err rc = db_exec_stmt(db, s, "evaluation insert");
	*id = rc == ERR_OK && sqlite3_changes(db->conn) > 0 ?
	    sqlite3_last_insert_rowid(db->conn) : 0;
	return rc;
}

enum err
db_eval_defer(struct db *db, int64_t id, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVAL_DEFER);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, now);
	return changed(db, db_exec_stmt(db, s, "evaluation defer"));
}

enum err
db_eval_respond(struct db *db, int64_t id, int64_t version_id, bool shared, int64_t now,
    int64_t *response_id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVAL_MARK_ANSWERED);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, now);
	enum err rc = changed(db, db_exec_stmt(db, s, "evaluation answered"));
	if (rc != ERR_OK)
		return rc;
	s = db_stmt(db, STMT_EVAL_RESPONSE_ADD);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, version_id);
	db_bind_i64(s, 3, now);
	db_bind_i64(s, 4, shared ? 1 : 0);
	rc = db_exec_stmt(db, s, "evaluation response add");
	if (rc == ERR_OK)
		*response_id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_eval_answer_add(struct db *db, int64_t response_id, int64_t question_id, int64_t option,
    const char *text)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVAL_ANSWER_ADD);
	db_bind_i64(s, 1, response_id);
	db_bind_i64(s, 2, question_id);
	db_bind_i64(s, 3, option);
	db_bind_text(s, 4, text);
	return db_exec_stmt(db, s, "evaluation answer add");
}

enum err
db_eval_share_set(struct db *db, int64_t eval_id, bool shared)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVAL_SHARE_SET);
	db_bind_i64(s, 1, eval_id);
	db_bind_i64(s, 2, shared ? 1 : 0);
	return changed(db, db_exec_stmt(db, s, "evaluation share"));
}

enum err
db_eval_ever_shared(struct db *db, int64_t actor_id, const char *subject, bool *ever)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVAL_EVER_SHARED);
	db_bind_i64(s, 1, actor_id);
	db_bind_text(s, 2, subject);
	enum err rc = db_step_one(db, s, "evaluation ever shared");
	*ever = false;
	if (rc == ERR_OK) {
		*ever = db_col_i64(s, 0) > 0;
		sqlite3_reset(s);
	}
	return rc;
}

/* ---- the triggers ---- */

static void
fill_due(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_eval_due *d = row;
	d->form_id = db_col_i64(s, 0);
	d->scheme_id = db_col_i64(s, 1);
	d->user_id = db_col_i64(s, 2);
	d->relationship_id = db_col_i64(s, 3);
	d->role = db_col_text(a, s, 4);
	d->occasion = db_col_text(a, s, 5);
	d->form_title = db_col_text(a, s, 6);
	d->email = db_col_text(a, s, 7);
	d->given_name = db_col_text(a, s, 8);
	d->other_name = db_col_text(a, s, 9);
	d->scheme_name = db_col_text(a, s, 10);
	d->closes_on = db_col_text(a, s, 11);
}

static enum err
due_rows(struct db *db, struct arena *a, sqlite3_stmt *s, db_fill_fn fill,
    struct db_eval_due **out, size_t *n, const char *what)
{
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_eval_due), fill, NULL, &rows, n, what);
	*out = rows;
	return rc;
}

enum err
db_eval_due_completion(struct db *db, struct arena *a, int64_t rel_id,
    struct db_eval_due **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVAL_DUE_COMPLETION);
	db_bind_i64(s, 1, rel_id);
	return due_rows(db, a, s, fill_due, out, n, "evaluations due on completion");
}

enum err
db_eval_due_offsets(struct db *db, struct arena *a, const char *today, int64_t window_days,
    size_t max, struct db_eval_due **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVAL_DUE_OFFSETS);
	db_bind_text(s, 1, today);
	db_bind_i64(s, 2, window_days);
	db_bind_i64(s, 3, (int64_t)max);
	return due_rows(db, a, s, fill_due, out, n, "evaluations due by offsets");
}

enum err
db_eval_due_annual_form(struct db *db, struct arena *a, int64_t form_id, int64_t scheme_id,
    const char *respondent, const char *occasion, const char *title, const char *closes_on,
    struct db_eval_due **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVAL_DUE_ANNUAL_FORM);
	db_bind_i64(s, 1, form_id);
	db_bind_i64(s, 2, scheme_id);
	db_bind_text(s, 3, respondent);
	db_bind_text(s, 4, occasion);
	db_bind_text(s, 5, title);
	db_bind_text(s, 6, closes_on);
	return due_rows(db, a, s, fill_due, out, n, "annual review people");
}

enum err
db_eval_annual_reclose(struct db *db, int64_t form_id, const char *occasion,
    int64_t closes_at, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVAL_ANNUAL_RECLOSE);
	db_bind_i64(s, 1, form_id);
	db_bind_text(s, 2, occasion);
	db_bind_i64(s, 3, closes_at);
	enum err rc = db_exec_stmt(db, s, "annual review reclosed");
	*n = rc == ERR_OK ? (size_t)sqlite3_changes(db->conn) : 0;
	return rc;
}

enum err
db_eval_due_annual_joiners(struct db *db, struct arena *a, const char *today, size_t max,
    struct db_eval_due **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVAL_DUE_ANNUAL_JOINERS);
	db_bind_text(s, 1, today);
	db_bind_i64(s, 2, (int64_t)max);
	return due_rows(db, a, s, fill_due, out, n, "annual review joiners");
}

static void
fill_remind(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_eval_due *d = row;
	memset(d, 0, sizeof(*d));
	d->eval_id = db_col_i64(s, 0);
	d->scheme_id = db_col_i64(s, 1);
	d->user_id = db_col_i64(s, 2);
	d->email = db_col_text(a, s, 3);
	d->given_name = db_col_text(a, s, 4);
	d->form_title = db_col_text(a, s, 5);
	d->scheme_name = db_col_text(a, s, 6);
	d->closes_at = db_col_i64(s, 7);
	d->relationship_id = db_col_i64(s, 8);
	d->other_name = db_col_text(a, s, 9);
	d->role = d->occasion = d->closes_on = "";
}

enum err
db_eval_remind_due(struct db *db, struct arena *a, int64_t now, int64_t due_before,
    size_t max, struct db_eval_due **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVAL_REMIND_DUE);
	db_bind_i64(s, 1, now);
	db_bind_i64(s, 2, due_before);
	db_bind_i64(s, 3, (int64_t)max);
	return due_rows(db, a, s, fill_remind, out, n, "evaluations to remind");
}

enum err
db_eval_mark_reminded(struct db *db, int64_t id, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVAL_MARK_REMINDED);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, now);
	return changed(db, db_exec_stmt(db, s, "evaluation reminded"));
}

/* ---- the demo ---- */

enum err
db_eval_demo_rel(struct db *db, int64_t scheme_id, int64_t mentor_id, int64_t mentee_id,
    int64_t started_at, int64_t ended_at, const char *end_date, const char *comments,
    int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVAL_DEMO_REL);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, mentor_id);
	db_bind_i64(s, 3, mentee_id);
	db_bind_i64(s, 4, started_at);
	db_bind_i64(s, 5, ended_at);
	db_bind_text(s, 6, end_date);
	db_bind_text(s, 7, comments);
	enum err rc = db_exec_stmt(db, s, "demo completed relationship");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_eval_demo_mark(struct db *db, int64_t id, int64_t deferred_at, int64_t reminded_at)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVAL_DEMO_MARK);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, deferred_at);
	db_bind_i64(s, 3, reminded_at);
	return db_exec_stmt(db, s, "demo evaluation marked");
}
