/*
 * cohortmatch.c - typed queries for cohort matching (cohortmatch.h).
 * Same pattern as training.c: statement from the table, bind, step,
 * copy into the caller's arena.
 *
 * Trap: the mentee rows are read by search.c's reader for SEARCH_MENTEE
 * (db_search_fill_mentee, same columns), so app/cohortmatch.c computes
 * the filled mask and the match_person exactly as the finder does.
 */
#include "db/cohortmatch.h"

#include <string.h>

#include "core/arena.h"
#include "db/rows_int.h"

enum err
db_cm_mentees(struct db *db, struct arena *a, int64_t scheme_id, int64_t cohort_id,
    struct db_search_person **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CM_MENTEES);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, cohort_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_search_person),
	    db_search_fill_mentee, NULL,
	    &rows, n, "cohortmatch mentees");
	*out = rows;
	return rc;
}

enum err
db_cm_cohort_mentors(struct db *db, struct arena *a, int64_t cohort_id, int64_t scheme_id,
    int64_t **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CM_COHORT_MENTORS);
	db_bind_i64(s, 1, cohort_id);
	db_bind_i64(s, 2, scheme_id);
	return db_ids(db, a, s, out, n, "cohortmatch cohort mentors");
}

static void
fill_conflict(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_cm_conflict *c = row;
	c->mentee_id = db_col_i64(s, 0);
	c->mentor_id = db_col_i64(s, 1);
	c->email = db_col_text(a, s, 2);
}

enum err
db_cm_conflicts(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_cm_conflict **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CM_CONFLICTS);
	db_bind_i64(s, 1, scheme_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_cm_conflict), fill_conflict, NULL,
	    &rows, n, "cohortmatch conflicts");
	*out = rows;
	return rc;
}

/* ---- runs ---- */

static void
fill_run(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_cm_run *r = row;
	int c = 0;
	r->id = db_col_i64(s, c++);
	r->scheme_id = db_col_i64(s, c++);
	r->cohort_id = db_col_i64(s, c++);
	r->cohort_name = db_col_text(a, s, c++);
	r->mode = db_col_text(a, s, c++);
	r->status = db_col_text(a, s, c++);
	r->created_by = db_col_i64(s, c++);
	r->created_by_name = db_col_text(a, s, c++);
	r->created_at = db_col_i64(s, c++);
	r->updated_at = db_col_i64(s, c++);
	r->confirmed_by = db_col_i64(s, c++);
	r->confirmed_at = db_col_i64(s, c++);
	r->matched = db_col_i64(s, c++);
	r->unmatched = db_col_i64(s, c++);
	r->objective = db_col_i64(s, c++);
	r->blocking = db_col_i64(s, c++);
	r->elapsed_us = db_col_i64(s, c++);
	r->score_total = db_col_i64(s, c++);
	r->blocking_text = db_col_text(a, s, c++);
	r->replaced_by = db_col_i64(s, c++);
	r->everyone = db_col_i64(s, c) != 0;
}

enum err
db_cm_run_get(struct db *db, struct arena *a, int64_t id, struct db_cm_run *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CM_RUN_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "cohortmatch run get");
	if (rc == ERR_OK) {
		fill_run(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_cm_run_list(struct db *db, struct arena *a, int64_t scheme_id, int64_t limit,
    struct db_cm_run **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CM_RUN_LIST);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, limit);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_cm_run), fill_run, NULL, &rows, n,
	    "cohortmatch run list");
	*out = rows;
	return rc;
}

enum err
db_cm_run_insert(struct db *db, const struct db_cm_run *r, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CM_RUN_INSERT);
	db_bind_i64(s, 1, r->scheme_id);
	db_bind_i64_or_null(s, 2, r->cohort_id);
	db_bind_text(s, 3, r->mode);
	db_bind_i64_or_null(s, 4, r->created_by);
	db_bind_i64(s, 5, now);
	db_bind_i64(s, 6, r->matched);
	db_bind_i64(s, 7, r->unmatched);
	db_bind_i64(s, 8, r->objective);
	db_bind_i64(s, 9, r->blocking);
	db_bind_i64(s, 10, r->elapsed_us);
	db_bind_i64(s, 11, r->score_total);
	db_bind_text(s, 12, r->blocking_text ? r->blocking_text : "");
	db_bind_i64(s, 13, r->everyone);
	enum err rc = db_exec_stmt(db, s, "cohortmatch run insert");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

static enum err
changed(struct db *db, enum err rc, enum err none)
{
	return rc == ERR_OK && sqlite3_changes(db->conn) == 0 ? none : rc;
}

enum err
db_cm_run_totals(struct db *db, const struct db_cm_run *r, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CM_RUN_TOTALS);
	db_bind_i64(s, 1, r->id);
	db_bind_i64(s, 2, r->matched);
	db_bind_i64(s, 3, r->unmatched);
	db_bind_i64(s, 4, r->objective);
	db_bind_i64(s, 5, r->blocking);
	db_bind_i64(s, 6, r->score_total);
	db_bind_text(s, 7, r->blocking_text ? r->blocking_text : "");
	db_bind_i64(s, 8, now);
	return changed(db, db_exec_stmt(db, s, "cohortmatch run totals"), ERR_CONFLICT);
}

enum err
db_cm_run_status(struct db *db, int64_t id, const char *status, int64_t by,
    int64_t replaced_by, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CM_RUN_STATUS);
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, status);
	db_bind_i64_or_null(s, 3, by);
	db_bind_i64(s, 4, now);
	db_bind_i64_or_null(s, 5, replaced_by);
	return changed(db, db_exec_stmt(db, s, "cohortmatch run status"), ERR_CONFLICT);
}

/* ---- pairs ---- */

/* CM_PAIR_INSERT and CM_PAIR_SET take the same nine parameters. */
static sqlite3_stmt *
bind_pair(sqlite3_stmt *s, int64_t run_id, const struct db_cm_pair *p)
{
	db_bind_i64(s, 1, run_id);
	db_bind_i64(s, 2, p->mentee_id);
	db_bind_i64_or_null(s, 3, p->mentor_id);
	db_bind_i64(s, 4, p->score);
	db_bind_i64(s, 5, p->cost);
	db_bind_i64(s, 6, p->wish_rank);
	db_bind_i64(s, 7, p->locked);
	db_bind_text(s, 8, p->reasons ? p->reasons : "");
	db_bind_text(s, 9, p->why ? p->why : "");
	return s;
}

enum err
db_cm_pair_insert(struct db *db, int64_t run_id, const struct db_cm_pair *p)
{
	return db_exec_stmt(db, bind_pair(db_stmt(db, STMT_CM_PAIR_INSERT), run_id, p),
	    "cohortmatch pair insert");
}

static void
fill_pair(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_cm_pair *p = row;
	int c = 0;
	p->mentee_id = db_col_i64(s, c++);
	p->mentee_name = db_col_text(a, s, c++);
	p->mentor_id = db_col_i64(s, c++);
	p->mentor_name = db_col_text(a, s, c++);
	p->score = db_col_i64(s, c++);
	p->cost = db_col_i64(s, c++);
	p->wish_rank = db_col_i64(s, c++);
	p->locked = db_col_i64(s, c++) != 0;
	p->reasons = db_col_text(a, s, c++);
	p->why = db_col_text(a, s, c++);
	p->relationship_id = db_col_i64(s, c);
}

enum err
db_cm_pairs(struct db *db, struct arena *a, int64_t run_id, struct db_cm_pair **out,
    size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CM_PAIR_LIST);
	db_bind_i64(s, 1, run_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_cm_pair), fill_pair, NULL, &rows, n,
	    "cohortmatch pairs");
	*out = rows;
	return rc;
}

enum err
db_cm_pair_set(struct db *db, int64_t run_id, const struct db_cm_pair *p)
{
	return changed(db, db_exec_stmt(db, bind_pair(db_stmt(db, STMT_CM_PAIR_SET), run_id,
	    p), "cohortmatch pair set"), ERR_NOT_FOUND);
}

enum err
db_cm_pairs_unlock(struct db *db, int64_t run_id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CM_PAIR_UNLOCK_ALL);
	db_bind_i64(s, 1, run_id);
	return db_exec_stmt(db, s, "cohortmatch unlock");
}

enum err
db_cm_pair_lock(struct db *db, int64_t run_id, int64_t mentee_id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CM_PAIR_LOCK);
	db_bind_i64(s, 1, run_id);
	db_bind_i64(s, 2, mentee_id);
	return changed(db, db_exec_stmt(db, s, "cohortmatch lock"), ERR_NOT_FOUND);
}

enum err
db_cm_pair_set_rel(struct db *db, int64_t run_id, int64_t mentee_id,
    int64_t relationship_id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CM_PAIR_SET_REL);
	db_bind_i64(s, 1, run_id);
	db_bind_i64(s, 2, mentee_id);
	db_bind_i64(s, 3, relationship_id);
	return changed(db, db_exec_stmt(db, s, "cohortmatch pair relationship"),
	    ERR_NOT_FOUND);
}
