/*
 * evalresults.c - typed queries for evaluation results (evalresults.h).
 * Same pattern as training.c: statement from the table, bind, step,
 * copy into the caller's arena.
 *
 * Trap: the filters bind the same four parameters in every results
 * statement (bind_filter); a statement with more binds them after.
 */
#include "db/evalresults.h"

#include <string.h>

#include "core/arena.h"
#include "db/db_int.h"

static void
bind_filter(sqlite3_stmt *s, int64_t id, const struct db_evalres_filter *fl)
{
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, fl->from_at);
	db_bind_i64(s, 3, fl->to_at);
	db_bind_i64(s, 4, fl->mentor_id);
}

enum err
db_evalres_counts(struct db *db, int64_t form_id, int64_t version_id,
    const struct db_evalres_filter *fl, struct db_evalres_counts *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALRES_COUNTS);
	bind_filter(s, form_id, fl);
	db_bind_i64(s, 5, version_id);
	memset(out, 0, sizeof(*out));
	enum err rc = db_step_one(db, s, "evaluation results counts");
	if (rc == ERR_OK) {
		out->issued = db_col_i64(s, 0);
		out->answered = db_col_i64(s, 1);
		out->answered_version = db_col_i64(s, 2);
		sqlite3_reset(s);
	}
	return rc;
}

static void
fill_count(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)a;
	(void)ud;
	struct db_evalres_count *c = row;
	c->question_id = db_col_i64(s, 0);
	c->option = db_col_i64(s, 1);
	c->n = db_col_i64(s, 2);
}

enum err
db_evalres_dist(struct db *db, struct arena *a, int64_t version_id,
    const struct db_evalres_filter *fl, struct db_evalres_count **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALRES_DIST);
	bind_filter(s, version_id, fl);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_evalres_count), fill_count, NULL,
	    &rows, n, "evaluation results distributions");
	*out = rows;
	return rc;
}

static void
fill_text(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_evalres_text *t = row;
	t->question_id = db_col_i64(s, 0);
	t->response_id = db_col_i64(s, 1);
	t->text = db_col_text(a, s, 2);
	t->submitted_at = db_col_i64(s, 3);
	t->name = db_col_text(a, s, 4);
	t->total = db_col_i64(s, 5);
}

enum err
db_evalres_texts(struct db *db, struct arena *a, int64_t version_id,
    const struct db_evalres_filter *fl, int64_t cap, struct db_evalres_text **out,
    size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALRES_TEXTS);
	bind_filter(s, version_id, fl);
	db_bind_i64(s, 5, cap);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_evalres_text), fill_text, NULL,
	    &rows, n, "evaluation results texts");
	*out = rows;
	return rc;
}

static void
fill_row(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_evalres_row *r = row;
	r->id = db_col_i64(s, 0);
	r->evaluation_id = db_col_i64(s, 1);
	r->version_id = db_col_i64(s, 2);
	r->submitted_at = db_col_i64(s, 3);
	r->is_shared = db_col_i64(s, 4) != 0;
	r->form_id = db_col_i64(s, 5);
	r->user_id = db_col_i64(s, 6);
	r->name = db_col_text(a, s, 7);
	r->role = db_col_text(a, s, 8);
	r->occasion = db_col_text(a, s, 9);
	r->due_at = db_col_i64(s, 10);
	r->relationship_id = db_col_i64(s, 11);
	r->mentor_id = db_col_i64(s, 12);
	r->mentor_name = db_col_text(a, s, 13);
	r->mentee_id = db_col_i64(s, 14);
	r->mentee_name = db_col_text(a, s, 15);
	r->scheme_id = sqlite3_column_count(s) > 16 ? db_col_i64(s, 16) : 0;
}

enum err
db_evalres_list(struct db *db, struct arena *a, int64_t version_id,
    const struct db_evalres_filter *fl, int64_t limit, int64_t offset,
    struct db_evalres_row **out, size_t *n, int64_t *total)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALRES_LIST_COUNT);
	bind_filter(s, version_id, fl);
	enum err rc = db_step_one(db, s, "evaluation results list count");
	*out = NULL;
	*n = 0;
	*total = 0;
	if (rc != ERR_OK)
		return rc;
	*total = db_col_i64(s, 0);
	sqlite3_reset(s);
	s = db_stmt(db, STMT_EVALRES_LIST);
	bind_filter(s, version_id, fl);
	db_bind_i64(s, 5, limit);
	db_bind_i64(s, 6, offset);
	void *rows;
	rc = db_rows(db, a, s, sizeof(struct db_evalres_row), fill_row, NULL, &rows, n,
	    "evaluation results list");
	*out = rows;
	return rc;
}

static void
fill_answer(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_evalres_answer *x = row;
	x->response_id = db_col_i64(s, 0);
	x->question_id = db_col_i64(s, 1);
	x->option = db_col_i64(s, 2);
	x->text = db_col_text(a, s, 3);
}

enum err
db_evalres_answers(struct db *db, struct arena *a, int64_t version_id,
    const struct db_evalres_filter *fl, struct db_evalres_answer **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALRES_ANSWERS);
	bind_filter(s, version_id, fl);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_evalres_answer), fill_answer, NULL,
	    &rows, n, "evaluation results answers");
	*out = rows;
	return rc;
}

static void
fill_person(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_evalres_person *p = row;
	p->id = db_col_i64(s, 0);
	p->name = db_col_text(a, s, 1);
}

enum err
db_evalres_mentors(struct db *db, struct arena *a, int64_t form_id,
    struct db_evalres_person **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALRES_MENTORS);
	db_bind_i64(s, 1, form_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_evalres_person), fill_person, NULL,
	    &rows, n, "evaluation results mentors");
	*out = rows;
	return rc;
}

enum err
db_evalres_get(struct db *db, struct arena *a, int64_t response_id,
    struct db_evalres_row *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALRES_GET);
	db_bind_i64(s, 1, response_id);
	enum err rc = db_step_one(db, s, "evaluation response get");
	if (rc == ERR_OK) {
		fill_row(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_evalres_answers_of(struct db *db, struct arena *a, int64_t response_id,
    struct db_evalres_answer **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALRES_ANSWERS_OF);
	db_bind_i64(s, 1, response_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_evalres_answer), fill_answer, NULL,
	    &rows, n, "evaluation response answers");
	*out = rows;
	return rc;
}

static void
fill_feedback(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)a;
	(void)ud;
	struct db_evalres_count *c = row;
	c->version_id = db_col_i64(s, 0);
	c->question_id = db_col_i64(s, 1);
	c->option = db_col_i64(s, 2);
	c->n = db_col_i64(s, 3);
}

enum err
db_evalres_feedback(struct db *db, struct arena *a, int64_t mentor_id, int64_t scheme_id,
    int64_t min, struct db_evalres_count **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALRES_FEEDBACK);
	db_bind_i64(s, 1, mentor_id);
	db_bind_i64(s, 2, scheme_id);
	db_bind_i64(s, 3, min);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_evalres_count), fill_feedback, NULL,
	    &rows, n, "evaluation feedback");
	*out = rows;
	return rc;
}

static void
fill_fq(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_evalres_fq *x = row;
	x->form_id = db_col_i64(s, 0);
	x->title = db_col_text(a, s, 1);
	x->version = db_col_i64(s, 2);
	struct db_evalquestion *q = &x->q;
	q->id = db_col_i64(s, 3);
	q->version_id = db_col_i64(s, 4);
	q->position = db_col_i64(s, 5);
	q->kind = db_col_text(a, s, 6);
	q->prompt = db_col_text(a, s, 7);
	q->hint = db_col_text(a, s, 8);
	q->is_required = db_col_i64(s, 9) != 0;
	q->options = db_col_text(a, s, 10);
	q->max_length = db_col_i64(s, 11);
}

enum err
db_evalres_feedback_questions(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_evalres_fq **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_EVALRES_FEEDBACK_QUESTIONS);
	db_bind_i64(s, 1, scheme_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_evalres_fq), fill_fq, NULL, &rows, n,
	    "evaluation feedback questions");
	*out = rows;
	return rc;
}
