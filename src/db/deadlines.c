/*
 * deadlines.c - typed queries for the request deadline job and
 * responsiveness (deadlines.h).  Same pattern as pairing.c.
 *
 * Trap: the set/pause updates are compare-and-set; "no row changed" is
 * ERR_CONFLICT (or *changed false), which is what keeps a second run of
 * the job at the same moment from emailing twice.
 */
#include "db/deadlines.h"

#include "core/arena.h"
#include "db/db_int.h"

static void
fill_due(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_due *d = row;
	d->id = db_col_i64(s, 0);
	d->scheme_id = db_col_i64(s, 1);
	d->mentee_id = db_col_i64(s, 2);
	d->mentor_id = db_col_i64(s, 3);
	d->kind = db_col_text(a, s, 4);
	d->rank_group = db_col_i64(s, 5);
	d->submitted_at = db_col_i64(s, 6);
	d->deadline_at = db_col_i64(s, 7);
	d->reminded_at = db_col_i64(s, 8);
}

static enum err
due_list(struct db *db, struct arena *a, enum stmt id, int64_t t, size_t max,
    struct db_due **out, size_t *n, const char *what)
{
	sqlite3_stmt *s = db_stmt(db, id);
	db_bind_i64(s, 1, t);
	db_bind_i64(s, 2, (int64_t)max);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_due), fill_due, NULL, &rows, n, what);
	*out = rows;
	return rc;
}

enum err
db_due_reminders(struct db *db, struct arena *a, int64_t now, size_t max,
    struct db_due **out, size_t *n)
{
	return due_list(db, a, STMT_DL_DUE_REMINDERS, now, max, out, n, "due reminders");
}

enum err
db_due_alerts(struct db *db, struct arena *a, int64_t before, size_t max,
    struct db_due **out, size_t *n)
{
	return due_list(db, a, STMT_DL_DUE_ALERTS, before, max, out, n, "due alerts");
}

static enum err
cas(struct db *db, enum stmt id, int64_t row, int64_t now, const char *what)
{
	sqlite3_stmt *s = db_stmt(db, id);
	db_bind_i64(s, 1, row);
	db_bind_i64(s, 2, now);
	enum err rc = db_exec_stmt(db, s, what);
	if (rc == ERR_OK && sqlite3_changes(db->conn) == 0)
		rc = ERR_CONFLICT;
	return rc;
}

enum err
db_req_set_reminded(struct db *db, int64_t id, int64_t now)
{
	return cas(db, STMT_DL_SET_REMINDED, id, now, "request reminded");
}

enum err
db_req_set_alerted(struct db *db, int64_t id, int64_t now)
{
	return cas(db, STMT_DL_SET_ALERTED, id, now, "request alerted");
}

enum err
db_mentor_miss(struct db *db, int64_t mentor_id, int64_t scheme_id, int64_t *misses,
    int64_t *paused_at)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DL_MISS);
	db_bind_i64(s, 1, mentor_id);
	db_bind_i64(s, 2, scheme_id);
	enum err rc = db_exec_stmt(db, s, "missed deadline");
	if (rc != ERR_OK)
		return rc;
	s = db_stmt(db, STMT_DL_MISSES);
	db_bind_i64(s, 1, mentor_id);
	db_bind_i64(s, 2, scheme_id);
	if ((rc = db_step_one(db, s, "missed deadlines")) != ERR_OK)
		return rc;
	*misses = db_col_i64(s, 0);
	*paused_at = db_col_i64(s, 1);
	sqlite3_reset(s);
	return ERR_OK;
}

enum err
db_mentor_pause(struct db *db, int64_t mentor_id, int64_t scheme_id, int64_t now,
    bool *changed)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DL_PAUSE);
	db_bind_i64(s, 1, mentor_id);
	db_bind_i64(s, 2, scheme_id);
	db_bind_i64(s, 3, now);
	enum err rc = db_exec_stmt(db, s, "pause mentor");
	*changed = rc == ERR_OK && sqlite3_changes(db->conn) > 0;
	return rc;
}

enum err
db_mentor_unpause(struct db *db, int64_t user_id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DL_UNPAUSE);
	db_bind_i64(s, 1, user_id);
	return db_exec_stmt(db, s, "unpause mentor");
}

enum err
db_user_touch_active(struct db *db, int64_t user_id, int64_t now, int64_t every)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DL_TOUCH_ACTIVE);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, now);
	db_bind_i64(s, 3, every);
	return db_exec_stmt(db, s, "last active");
}

static void
fill_id(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)a;
	(void)ud;
	*(int64_t *)row = db_col_i64(s, 0);
}

static void
fill_overdue(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_overdue *o = row;
	o->id = db_col_i64(s, 0);
	o->kind = db_col_text(a, s, 1);
	o->mentee_id = db_col_i64(s, 2);
	o->mentee_name = db_col_text(a, s, 3);
	o->mentor_id = db_col_i64(s, 4);
	o->mentor_name = db_col_text(a, s, 5);
	o->submitted_at = db_col_i64(s, 6);
	o->deadline_at = db_col_i64(s, 7);
	o->reminded_at = db_col_i64(s, 8);
	o->alerted_at = db_col_i64(s, 9);
}

enum err
db_overdue_list(struct db *db, struct arena *a, int64_t scheme_id, int64_t now, size_t max,
    struct db_overdue **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DL_OVERDUE);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, now);
	db_bind_i64(s, 3, (int64_t)max);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_overdue), fill_overdue, NULL, &rows,
	    n, "overdue requests");
	*out = rows;
	return rc;
}

enum err
db_overdue_count(struct db *db, int64_t scheme_id, int64_t now, int64_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DL_OVERDUE_COUNT);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, now);
	enum err rc = db_step_one(db, s, "overdue count");
	if (rc != ERR_OK)
		return rc;
	*n = db_col_i64(s, 0);
	sqlite3_reset(s);
	return ERR_OK;
}

static void
fill_stat(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_mentor_stat *m = row;
	m->id = db_col_i64(s, 0);
	m->name = db_col_text(a, s, 1);
	m->last_active_at = db_col_i64(s, 2);
	m->missed_deadlines = db_col_i64(s, 3);
	m->paused_at = db_col_i64(s, 4);
	m->open_requests = db_col_i64(s, 5);
}

enum err
db_mentor_stats(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_mentor_stat **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DL_MENTOR_STATS);
	db_bind_i64(s, 1, scheme_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_mentor_stat), fill_stat, NULL, &rows,
	    n, "mentor stats");
	*out = rows;
	return rc;
}

static void
fill_time(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)a;
	(void)ud;
	struct db_response_time *t = row;
	t->mentor_id = db_col_i64(s, 0);
	t->seconds = db_col_i64(s, 1);
}

enum err
db_response_times(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_response_time **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DL_RESPONSE_TIMES);
	db_bind_i64(s, 1, scheme_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_response_time), fill_time, NULL, &rows,
	    n, "response times");
	*out = rows;
	return rc;
}

enum err
db_proposal_mentees(struct db *db, struct arena *a, int64_t scheme_id, int64_t after,
    size_t max, int64_t **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DL_PROPOSAL_MENTEES);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, after);
	db_bind_i64(s, 3, (int64_t)max);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(int64_t), fill_id, NULL, &rows, n,
	    "proposal mentees");
	*out = rows;
	return rc;
}

enum err
db_declined_by(struct db *db, struct arena *a, int64_t scheme_id, int64_t mentee_id,
    int64_t **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DL_DECLINED_BY);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, mentee_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(int64_t), fill_id, NULL, &rows, n,
	    "declined by");
	*out = rows;
	return rc;
}

static void
fill_holiday(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_holiday *h = row;
	h->day = db_col_text(a, s, 0);
	h->label = db_col_text(a, s, 1);
}

enum err
db_holiday_list(struct db *db, struct arena *a, int64_t scheme_id, struct db_holiday **out,
    size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DL_HOLIDAY_LIST);
	db_bind_i64(s, 1, scheme_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_holiday), fill_holiday, NULL, &rows,
	    n, "holidays");
	*out = rows;
	return rc;
}

enum err
db_holiday_add(struct db *db, int64_t scheme_id, const char *day, const char *label)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DL_HOLIDAY_ADD);
	db_bind_i64(s, 1, scheme_id);
	db_bind_text(s, 2, day);
	db_bind_text(s, 3, label);
	return db_exec_stmt(db, s, "holiday add");
}

enum err
db_holiday_remove(struct db *db, int64_t scheme_id, const char *day)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DL_HOLIDAY_REMOVE);
	db_bind_i64(s, 1, scheme_id);
	db_bind_text(s, 2, day);
	enum err rc = db_exec_stmt(db, s, "holiday remove");
	if (rc == ERR_OK && sqlite3_changes(db->conn) == 0)
		rc = ERR_NOT_FOUND;
	return rc;
}
