/*
 * agreement.c - typed queries for mentoring agreements (agreement.h).
 * Statement from the table, bind, step, copy into the caller's arena.
 *
 * Trap: the texts are bound from ?6 (add) or ?6 (update) onwards in the
 * order of AGREEMENT_TEXT; keep DB_AGREEMENT_NTEXT, the .def and
 * app/agreement.c's table in step.
 */
#include "db/agreement.h"

#include <string.h>

#include "core/arena.h"
#include "db/db_int.h"

#define TEXT_FIRST_COL 22      /* the first text column of AGREEMENT_COLS */
#define TEXT_FIRST_PARAM 6     /* the first text parameter of ADD and UPDATE */

static enum err
cas(struct db *db, enum err rc)
{
	return rc == ERR_OK && sqlite3_changes(db->conn) == 0 ? ERR_CONFLICT : rc;
}

static void
fill_agreement(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_agreement *g = row;
	g->id = db_col_i64(s, 0);
	g->relationship_id = db_col_i64(s, 1);
	g->version = db_col_i64(s, 2);
	g->status = db_col_text(a, s, 3);
	g->revision = db_col_i64(s, 4);
	g->ethics_shared = db_col_i64(s, 5) != 0;
	g->drafted_by = db_col_i64(s, 6);
	g->updated_by = db_col_i64(s, 7);
	g->mentor_confirmed_at = db_col_i64(s, 8);
	g->mentee_confirmed_at = db_col_i64(s, 9);
	g->agreed_at = db_col_i64(s, 10);
	g->review_from_at = db_col_i64(s, 11);
	g->review_due_at = db_col_i64(s, 12);
	g->remind_at = db_col_i64(s, 13);
	g->reminded_at = db_col_i64(s, 14);
	g->reviewed_at = db_col_i64(s, 15);
	g->reviewed_by = db_col_i64(s, 16);
	g->created_at = db_col_i64(s, 17);
	g->updated_at = db_col_i64(s, 18);
	g->drafted_by_name = db_col_text(a, s, 19);
	g->updated_by_name = db_col_text(a, s, 20);
	g->reviewed_by_name = db_col_text(a, s, 21);
	for (int i = 0; i < DB_AGREEMENT_NTEXT; i++)
		g->text[i] = db_col_text(a, s, TEXT_FIRST_COL + i);
}

enum err
db_agreements_of_rel(struct db *db, struct arena *a, int64_t relationship_id,
    struct db_agreement **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_AGREEMENTS_OF_REL);
	db_bind_i64(s, 1, relationship_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_agreement), fill_agreement, NULL,
	    &rows, n, "agreements of relationship");
	*out = rows;
	return rc;
}

enum err
db_agreement_by_version(struct db *db, struct arena *a, int64_t relationship_id,
    int64_t version, struct db_agreement *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_AGREEMENT_BY_VERSION);
	db_bind_i64(s, 1, relationship_id);
	db_bind_i64(s, 2, version);
	enum err rc = db_step_one(db, s, "agreement by version");
	if (rc == ERR_OK) {
		fill_agreement(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

static void
bind_texts(sqlite3_stmt *s, const struct db_agreement *ag)
{
	for (int i = 0; i < DB_AGREEMENT_NTEXT; i++)
		db_bind_text(s, TEXT_FIRST_PARAM + i, ag->text[i]);
}

enum err
db_agreement_add(struct db *db, const struct db_agreement *ag, int64_t by, int64_t now,
    int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_AGREEMENT_ADD);
	db_bind_i64(s, 1, ag->relationship_id);
	db_bind_i64(s, 2, ag->version);
	db_bind_i64(s, 3, ag->ethics_shared);
	db_bind_i64_or_null(s, 4, by);
	db_bind_i64(s, 5, now);
	bind_texts(s, ag);
	enum err rc = db_exec_stmt(db, s, "agreement add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_agreement_update(struct db *db, const struct db_agreement *ag, int64_t by, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_AGREEMENT_UPDATE);
	db_bind_i64(s, 1, ag->id);
	db_bind_i64(s, 2, ag->revision);
	db_bind_i64(s, 3, ag->ethics_shared);
	db_bind_i64_or_null(s, 4, by);
	db_bind_i64(s, 5, now);
	bind_texts(s, ag);
	return cas(db, db_exec_stmt(db, s, "agreement update"));
}

enum err
db_agreement_confirm(struct db *db, int64_t id, int64_t revision, const char *role,
    int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_AGREEMENT_CONFIRM);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, revision);
	db_bind_i64(s, 3, now);
	db_bind_text(s, 4, role);
	return cas(db, db_exec_stmt(db, s, "agreement confirm"));
}

enum err
db_agreement_supersede(struct db *db, int64_t relationship_id, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_AGREEMENT_SUPERSEDE);
	db_bind_i64(s, 1, relationship_id);
	db_bind_i64(s, 2, now);
	return db_exec_stmt(db, s, "agreement supersede");
}

enum err
db_agreement_agree(struct db *db, int64_t id, int64_t now, int64_t due_at)
{
	sqlite3_stmt *s = db_stmt(db, STMT_AGREEMENT_AGREE);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, now);
	db_bind_i64(s, 3, due_at);
	return cas(db, db_exec_stmt(db, s, "agreement agree"));
}

enum err
db_agreement_reviewed(struct db *db, int64_t id, int64_t by, int64_t now, int64_t due_at)
{
	sqlite3_stmt *s = db_stmt(db, STMT_AGREEMENT_REVIEWED);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, now);
	db_bind_i64_or_null(s, 3, by);
	db_bind_i64(s, 4, due_at);
	return cas(db, db_exec_stmt(db, s, "agreement reviewed"));
}

/* ---- the review job ---- */

static void
fill_due(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_agreement_due *d = row;
	d->id = db_col_i64(s, 0);
	d->relationship_id = db_col_i64(s, 1);
	d->scheme_id = db_col_i64(s, 2);
	d->mentor_id = db_col_i64(s, 3);
	d->mentee_id = db_col_i64(s, 4);
	d->review_from_at = db_col_i64(s, 5);
	d->review_due_at = db_col_i64(s, 6);
	d->remind_at = db_col_i64(s, 7);
	d->version = db_col_i64(s, 8);
	d->mentor_name = db_col_text(a, s, 9);
	d->mentee_name = db_col_text(a, s, 10);
}

enum err
db_agreements_due(struct db *db, struct arena *a, int64_t now, int64_t limit,
    struct db_agreement_due **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_AGREEMENTS_DUE);
	db_bind_i64(s, 1, now);
	db_bind_i64(s, 2, limit);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_agreement_due), fill_due, NULL,
	    &rows, n, "agreements due");
	*out = rows;
	return rc;
}

enum err
db_agreement_reminded(struct db *db, int64_t id, int64_t was, int64_t now, int64_t next)
{
	sqlite3_stmt *s = db_stmt(db, STMT_AGREEMENT_REMINDED);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, now);
	db_bind_i64(s, 3, next);
	db_bind_i64(s, 4, was);
	return cas(db, db_exec_stmt(db, s, "agreement reminded"));
}

enum err
db_agreements_drop_ended(struct db *db, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_AGREEMENTS_DROP_ENDED);
	db_bind_i64(s, 1, now);
	return db_exec_stmt(db, s, "agreements drop ended");
}

/* ---- the home page ---- */

static void
fill_home(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_agreement_home *h = row;
	h->relationship_id = db_col_i64(s, 0);
	h->status = db_col_text(a, s, 1);
	h->version = db_col_i64(s, 2);
	h->mentor_confirmed_at = db_col_i64(s, 3);
	h->mentee_confirmed_at = db_col_i64(s, 4);
	h->review_due_at = db_col_i64(s, 5);
	h->updated_by = db_col_i64(s, 6);
	h->other_name = db_col_text(a, s, 7);
}

enum err
db_agreement_home(struct db *db, struct arena *a, int64_t scheme_id, const char *role,
    int64_t user_id, int64_t now, struct db_agreement_home **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, strcmp(role, "mentor") == 0 ?
	    STMT_AGREEMENT_HOME_MENTOR : STMT_AGREEMENT_HOME_MENTEE);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, user_id);
	db_bind_i64(s, 3, now);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_agreement_home), fill_home, NULL,
	    &rows, n, "agreement home");
	*out = rows;
	return rc;
}
