/*
 * pairing.c - typed queries shared by requests and relationships
 * (pairing.h).  Same pattern as training.c.
 *
 * Trap: db_req_move and db_req_send are compare-and-set updates (WHERE
 * status = the expected one); "no row changed" is ERR_CONFLICT, which is
 * how a decision that lost a race to another one is told apart.
 */
#include "db/pairing.h"

#include "core/arena.h"
#include "db/db_int.h"

enum err
db_brief_get(struct db *db, struct arena *a, int64_t user_id, struct db_brief *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PAIR_BRIEF);
	db_bind_i64(s, 1, user_id);
	enum err rc = db_step_one(db, s, "person brief");
	if (rc != ERR_OK)
		return rc;
	out->id = db_col_i64(s, 0);
	out->name = db_col_text(a, s, 1);
	out->given_name = db_col_text(a, s, 2);
	out->email = db_col_text(a, s, 3);
	out->status = db_col_text(a, s, 4);
	sqlite3_reset(s);
	return ERR_OK;
}

enum err
db_rel_insert(struct db *db, const struct db_rel_insert *r, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PAIR_REL_INSERT);
	db_bind_i64(s, 1, r->scheme_id);
	db_bind_i64(s, 2, r->mentor_id);
	db_bind_i64(s, 3, r->mentee_id);
	db_bind_i64(s, 4, now);
	db_bind_text(s, 5, r->origin);
	db_bind_i64_or_null(s, 6, r->request_id);
	db_bind_i64_or_null(s, 7, r->assigned_by);
	db_bind_text(s, 8, r->override_reason);
	db_bind_text(s, 9, r->first_session);
	enum err rc = db_exec_stmt(db, s, "relationship insert");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_mentor_load(struct db *db, int64_t scheme_id, int64_t mentor_id, int64_t *capacity,
    int64_t *active)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PAIR_MENTOR_LOAD);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, mentor_id);
	enum err rc = db_step_one(db, s, "mentor load");
	if (rc != ERR_OK)
		return rc;
	*capacity = db_col_i64(s, 0);
	*active = db_col_i64(s, 1);
	sqlite3_reset(s);
	return ERR_OK;
}

enum err
db_mentee_live(struct db *db, int64_t scheme_id, int64_t mentee_id, int64_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PAIR_MENTEE_LIVE);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, mentee_id);
	enum err rc = db_step_one(db, s, "mentee live");
	if (rc != ERR_OK)
		return rc;
	*n = db_col_i64(s, 0);
	sqlite3_reset(s);
	return ERR_OK;
}

enum err
db_has_active_role(struct db *db, int64_t scheme_id, int64_t user_id, const char *role,
    bool *has)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PAIR_HAS_ROLE);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, user_id);
	db_bind_text(s, 3, role);
	enum err rc = db_step_one(db, s, "has role");
	*has = rc == ERR_OK;
	if (rc == ERR_OK)
		sqlite3_reset(s);
	return rc == ERR_NOT_FOUND ? ERR_OK : rc;
}

static void
fill_req(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_req_state *r = row;
	r->id = db_col_i64(s, 0);
	r->scheme_id = db_col_i64(s, 1);
	r->mentee_id = db_col_i64(s, 2);
	r->mentor_id = db_col_i64(s, 3);
	r->kind = db_col_text(a, s, 4);
	r->status = db_col_text(a, s, 5);
	r->rank_group = db_col_i64(s, 6);
	r->rank = db_col_i64(s, 7);
	r->message = db_col_text(a, s, 8);
}

enum err
db_req_state_get(struct db *db, struct arena *a, int64_t id, struct db_req_state *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PAIR_REQ_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "request state");
	if (rc != ERR_OK)
		return rc;
	fill_req(a, s, out, NULL);
	sqlite3_reset(s);
	return ERR_OK;
}

enum err
db_req_open_of_mentee(struct db *db, struct arena *a, int64_t scheme_id, int64_t mentee_id,
    int64_t except_id, struct db_req_state **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PAIR_REQ_OPEN_OF_MENTEE);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, mentee_id);
	db_bind_i64(s, 3, except_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_req_state), fill_req, NULL, &rows, n,
	    "open requests of mentee");
	*out = rows;
	return rc;
}

enum err
db_req_open_to_mentor(struct db *db, struct arena *a, int64_t mentor_id,
    struct db_req_state **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PAIR_REQ_OPEN_TO_MENTOR);
	db_bind_i64(s, 1, mentor_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_req_state), fill_req, NULL, &rows, n,
	    "open requests to mentor");
	*out = rows;
	return rc;
}

enum err
db_req_move(struct db *db, int64_t id, const char *from, const char *to,
    const char *closed_reason, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PAIR_REQ_MOVE);
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, from);
	db_bind_text(s, 3, to);
	db_bind_text(s, 4, closed_reason ? closed_reason : "");
	db_bind_i64(s, 5, now);
	enum err rc = db_exec_stmt(db, s, "request move");
	if (rc == ERR_OK && sqlite3_changes(db->conn) == 0)
		return ERR_CONFLICT;
	return rc;
}

enum err
db_req_next_queued(struct db *db, struct arena *a, int64_t rank_group,
    struct db_req_state *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PAIR_REQ_NEXT_QUEUED);
	db_bind_i64(s, 1, rank_group);
	enum err rc = db_step_one(db, s, "next queued");
	if (rc != ERR_OK)
		return rc;
	fill_req(a, s, out, NULL);
	sqlite3_reset(s);
	return ERR_OK;
}

enum err
db_req_send(struct db *db, int64_t id, int64_t now, int64_t deadline)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PAIR_REQ_SEND);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, now);
	db_bind_i64(s, 3, deadline);
	enum err rc = db_exec_stmt(db, s, "request send");
	if (rc == ERR_OK && sqlite3_changes(db->conn) == 0)
		return ERR_CONFLICT;
	return rc;
}

enum err
db_holidays(struct db *db, struct arena *a, int64_t scheme_id, const char ***out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_PAIR_HOLIDAYS);
	db_bind_i64(s, 1, scheme_id);
	size_t cap = 0, k = 0;
	const char **days = NULL;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		days = db_grow(a, days, k, &cap, sizeof(*days));
		days[k++] = db_col_text(a, s, 0);
	}
	sqlite3_reset(s);
	*out = days;
	*n = k;
	return db_err(db, rc, "holidays");
}
