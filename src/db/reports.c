/*
 * reports.c - the reports dashboard's aggregate queries (reports.h).
 * One wrapper for every statement: they share a row shape and bind
 * their parameters by name, so a statement that has no :today simply
 * does not get one.
 */
#include "db/reports.h"

#include "db/db_int.h"

static const enum stmt stmt_of[DB_REPORT__MAX] = {
	[DB_REPORT_PEOPLE] = STMT_REPORT_PEOPLE,
	[DB_REPORT_REQUESTS] = STMT_REPORT_REQUESTS,
	[DB_REPORT_RESPOND] = STMT_REPORT_RESPOND,
	[DB_REPORT_MATCH] = STMT_REPORT_MATCH,
	[DB_REPORT_RELATIONSHIPS] = STMT_REPORT_RELATIONSHIPS,
	[DB_REPORT_MONTHS] = STMT_REPORT_MONTHS,
	[DB_REPORT_EVALUATIONS] = STMT_REPORT_EVALUATIONS,
	[DB_REPORT_TRAINING] = STMT_REPORT_TRAINING,
	[DB_REPORT_EQUALITY] = STMT_REPORT_EQUALITY,
};

static void
bind_named_i64(sqlite3_stmt *s, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(s, name);
	if (i > 0)
		db_bind_i64(s, i, v);
}

static void
fill_row(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_report_row *r = row;
	r->k1 = db_col_text(a, s, 0);
	r->k2 = db_col_text(a, s, 1);
	for (int i = 0; i < 6; i++)
		r->v[i] = db_col_i64(s, 2 + i);
}

enum err
db_report_rows(struct db *db, struct arena *a, enum db_report_query q,
    const struct db_report_args *args, struct db_report_row **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, stmt_of[q]);
	bind_named_i64(s, ":lo", args->scheme_lo);
	bind_named_i64(s, ":hi", args->scheme_hi);
	bind_named_i64(s, ":from", args->from);
	bind_named_i64(s, ":to", args->to);
	bind_named_i64(s, ":cohort", args->cohort_id);
	bind_named_i64(s, ":now", args->now);
	bind_named_i64(s, ":off", args->offset);
	int i = sqlite3_bind_parameter_index(s, ":today");
	if (i > 0)
		db_bind_text(s, i, args->today);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_report_row), fill_row, NULL, &rows,
	    n, "report");
	*out = rows;
	return rc;
}

/* ---- the synthetic scheme at scale ---- */

enum err
db_report_seed_relationship(struct db *db, const struct db_report_seed_rel *r, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_REPORT_SEED_REL);
	bind_named_i64(s, ":scheme", r->scheme_id);
	bind_named_i64(s, ":mentor", r->mentor_id);
	bind_named_i64(s, ":mentee", r->mentee_id);
	db_bind_text(s, sqlite3_bind_parameter_index(s, ":status"), r->status);
	bind_named_i64(s, ":started", r->started_at);
	bind_named_i64(s, ":ended", r->ended_at);
	enum err rc = db_exec_stmt(db, s, "report seed relationship");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_report_seed_session(struct db *db, int64_t rel_id, int64_t starts_at, int64_t minutes,
    const char *status, int64_t added_by, const char *answer)
{
	sqlite3_stmt *s = db_stmt(db, STMT_REPORT_SEED_SESSION);
	bind_named_i64(s, ":rel", rel_id);
	bind_named_i64(s, ":starts", starts_at);
	bind_named_i64(s, ":minutes", minutes);
	db_bind_text(s, sqlite3_bind_parameter_index(s, ":status"), status);
	bind_named_i64(s, ":by", added_by);
	db_bind_text(s, sqlite3_bind_parameter_index(s, ":answer"), answer);
	return db_exec_stmt(db, s, "report seed session");
}

enum err
db_report_seed_request(struct db *db, int64_t scheme_id, int64_t mentee_id, int64_t mentor_id,
    const char *status, int64_t rel_id, int64_t submitted_at, int64_t decided_at)
{
	sqlite3_stmt *s = db_stmt(db, STMT_REPORT_SEED_REQUEST);
	bind_named_i64(s, ":scheme", scheme_id);
	bind_named_i64(s, ":mentee", mentee_id);
	bind_named_i64(s, ":mentor", mentor_id);
	db_bind_text(s, sqlite3_bind_parameter_index(s, ":status"), status);
	bind_named_i64(s, ":rel", rel_id);
	bind_named_i64(s, ":submitted", submitted_at);
	bind_named_i64(s, ":decided", decided_at);
	return db_exec_stmt(db, s, "report seed request");
}
