/*
 * requests.c - typed queries of match requests and proposals
 * (requests.h).  Same pattern as pairing.c.
 *
 * Trap: db_request_decide and db_request_resubmit are compare-and-set
 * updates (WHERE status = the expected one): "no row changed" is
 * ERR_CONFLICT, how a decision that lost a race is told apart.
 */
#include "db/requests.h"

#include "core/arena.h"
#include "db/db_int.h"

static void
fill_request(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_request *r = row;
	r->id = db_col_i64(s, 0);
	r->scheme_id = db_col_i64(s, 1);
	r->mentee_id = db_col_i64(s, 2);
	r->mentor_id = db_col_i64(s, 3);
	r->kind = db_col_text(a, s, 4);
	r->status = db_col_text(a, s, 5);
	r->message = db_col_text(a, s, 6);
	r->response = db_col_text(a, s, 7);
	r->closed_reason = db_col_text(a, s, 8);
	r->score = db_col_i64(s, 9);
	r->rank_group = db_col_i64(s, 10);
	r->rank = db_col_i64(s, 11);
	r->first_session = db_col_text(a, s, 12);
	r->relationship_id = db_col_i64(s, 13);
	r->created_at = db_col_i64(s, 14);
	r->submitted_at = db_col_i64(s, 15);
	r->deadline_at = db_col_i64(s, 16);
	r->decided_at = db_col_i64(s, 17);
	r->mentee_name = db_col_text(a, s, 18);
	r->mentor_name = db_col_text(a, s, 19);
}

enum err
db_request_insert(struct db *db, const struct db_request_new *r, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_REQS_INSERT);
	db_bind_i64(s, 1, r->scheme_id);
	db_bind_i64(s, 2, r->mentee_id);
	db_bind_i64(s, 3, r->mentor_id);
	db_bind_text(s, 4, r->kind);
	db_bind_text(s, 5, r->status);
	db_bind_text(s, 6, r->message);
	db_bind_i64_or_null(s, 7, r->score);
	db_bind_i64(s, 8, now);
	db_bind_i64_or_null(s, 9, r->submitted_at);
	db_bind_i64_or_null(s, 10, r->deadline_at);
	enum err rc = db_exec_stmt(db, s, "request insert");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_request_set_rank(struct db *db, int64_t id, int64_t group, int64_t rank)
{
	sqlite3_stmt *s = db_stmt(db, STMT_REQS_SET_RANK);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, group);
	db_bind_i64(s, 3, rank);
	return db_exec_stmt(db, s, "request rank");
}

enum err
db_request_get(struct db *db, struct arena *a, int64_t id, struct db_request *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_REQS_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "request");
	if (rc != ERR_OK)
		return rc;
	fill_request(a, s, out, NULL);
	sqlite3_reset(s);
	return ERR_OK;
}

static enum err
list(struct db *db, struct arena *a, enum stmt id, int64_t x, int64_t y, size_t nbind,
    struct db_request **out, size_t *n, const char *what)
{
	sqlite3_stmt *s = db_stmt(db, id);
	db_bind_i64(s, 1, x);
	if (nbind > 1)
		db_bind_i64(s, 2, y);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_request), fill_request, NULL, &rows,
	    n, what);
	*out = rows;
	return rc;
}

enum err
db_requests_of_mentor(struct db *db, struct arena *a, int64_t mentor_id, int64_t scheme_id,
    struct db_request **out, size_t *n)
{
	return list(db, a, STMT_REQS_OF_MENTOR, mentor_id, scheme_id, 2, out, n,
	    "requests of mentor");
}

enum err
db_requests_of_mentee(struct db *db, struct arena *a, int64_t mentee_id, int64_t scheme_id,
    struct db_request **out, size_t *n)
{
	return list(db, a, STMT_REQS_OF_MENTEE, mentee_id, scheme_id, 2, out, n,
	    "requests of mentee");
}

enum err
db_requests_group_open(struct db *db, struct arena *a, int64_t group,
    struct db_request **out, size_t *n)
{
	return list(db, a, STMT_REQS_GROUP_OPEN, group, 0, 1, out, n, "request group");
}

static enum err
count(struct db *db, enum stmt id, int64_t x, int64_t y, int64_t z, size_t nbind,
    int64_t *n, const char *what)
{
	sqlite3_stmt *s = db_stmt(db, id);
	db_bind_i64(s, 1, x);
	db_bind_i64(s, 2, y);
	if (nbind > 2)
		db_bind_i64(s, 3, z);
	enum err rc = db_step_one(db, s, what);
	if (rc != ERR_OK)
		return rc;
	*n = db_col_i64(s, 0);
	sqlite3_reset(s);
	return ERR_OK;
}

enum err
db_requests_open_pair(struct db *db, int64_t scheme_id, int64_t mentee_id, int64_t mentor_id,
    int64_t *n)
{
	return count(db, STMT_REQS_OPEN_PAIR, scheme_id, mentee_id, mentor_id, 3, n,
	    "open pair");
}

enum err
db_requests_open_count(struct db *db, int64_t scheme_id, int64_t mentee_id, int64_t *n)
{
	return count(db, STMT_REQS_OPEN_COUNT, scheme_id, mentee_id, 0, 2, n, "open count");
}

enum err
db_requests_outstanding(struct db *db, int64_t mentor_id, int64_t scheme_id, int64_t *n)
{
	return count(db, STMT_REQS_OUTSTANDING, mentor_id, scheme_id, 0, 2, n, "outstanding");
}

enum err
db_request_decide(struct db *db, int64_t id, const char *from, const char *to,
    const char *response, const char *first_session, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_REQS_DECIDE);
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, from);
	db_bind_text(s, 3, to);
	db_bind_text(s, 4, response);
	db_bind_i64(s, 5, now);
	db_bind_text(s, 6, first_session);
	enum err rc = db_exec_stmt(db, s, "request decide");
	if (rc == ERR_OK && sqlite3_changes(db->conn) == 0)
		return ERR_CONFLICT;
	return rc;
}

enum err
db_request_set_relationship(struct db *db, int64_t id, int64_t rel_id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_REQS_SET_REL);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, rel_id);
	return db_exec_stmt(db, s, "request relationship");
}

enum err
db_request_resubmit(struct db *db, int64_t id, const char *from, const char *message,
    int64_t now, int64_t deadline)
{
	sqlite3_stmt *s = db_stmt(db, STMT_REQS_RESUBMIT);
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, from);
	db_bind_text(s, 3, message);
	db_bind_i64(s, 4, now);
	db_bind_i64(s, 5, deadline);
	enum err rc = db_exec_stmt(db, s, "request resubmit");
	if (rc == ERR_OK && sqlite3_changes(db->conn) == 0)
		return ERR_CONFLICT;
	return rc;
}
