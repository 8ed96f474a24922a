/*
 * training.c - typed queries for training records, declared conflicts
 * and a scheme's people (training.h).  Same pattern as schemeconf.c:
 * statement from the table, bind, step, copy into the caller's arena.
 *
 * Trap: a conflict's mentor_id (or, for a mentor's declaration, its
 * mentee_id) is NULL when the person was named by email only; it comes
 * back as 0 and 0 binds NULL (db_bind_i64_or_null).  The counts query has
 * no ?2: its today is ?3, as in the list it shares its SQL with.
 */
#include "db/training.h"

#include "core/arena.h"
#include "db/rows_int.h"

/* ---- training records ---- */

static void
fill_training(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_training *t = row;
	t->id = db_col_i64(s, 0);
	t->user_id = db_col_i64(s, 1);
	t->kind = db_col_text(a, s, 2);
	t->course = db_col_text(a, s, 3);
	t->provider = db_col_text(a, s, 4);
	t->completed_on = db_col_text(a, s, 5);
	t->refresh_due_on = db_col_text(a, s, 6);
	t->certificate_name = db_col_text(a, s, 7);
	t->certificate_type = db_col_text(a, s, 8);
	t->certificate_filename = db_col_text(a, s, 9);
	t->verified_by = db_col_i64(s, 10);
	t->verified_at = db_col_i64(s, 11);
	t->created_at = db_col_i64(s, 12);
	t->verifier_name = db_col_text(a, s, 13);
	t->version = db_col_i64(s, 14);
}

enum err
db_training_list(struct db *db, struct arena *a, int64_t user_id,
    struct db_training **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_TRAINING_LIST);
	db_bind_i64(s, 1, user_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_training), fill_training, NULL,
	    &rows, n, "training list");
	*out = rows;
	return rc;
}

enum err
db_training_get(struct db *db, struct arena *a, int64_t id, struct db_training *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_TRAINING_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "training get");
	if (rc == ERR_OK) {
		fill_training(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_training_add(struct db *db, const struct db_training *t, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_TRAINING_ADD);
	db_bind_i64(s, 1, t->user_id);
	db_bind_text(s, 2, t->kind);
	db_bind_text(s, 3, t->course);
	db_bind_text(s, 4, t->provider);
	db_bind_text(s, 5, t->completed_on);
	db_bind_text(s, 6, t->refresh_due_on);
	db_bind_i64(s, 7, now);
	enum err rc = db_exec_stmt(db, s, "training add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

static enum err
changed(struct db *db, enum err rc)
{
	return rc == ERR_OK && sqlite3_changes(db->conn) == 0 ? ERR_NOT_FOUND : rc;
}

enum err
db_training_update(struct db *db, const struct db_training *t)
{
	sqlite3_stmt *s = db_stmt(db, STMT_TRAINING_UPDATE);
	db_bind_i64(s, 1, t->id);
	db_bind_text(s, 2, t->kind);
	db_bind_text(s, 3, t->course);
	db_bind_text(s, 4, t->provider);
	db_bind_text(s, 5, t->completed_on);
	db_bind_text(s, 6, t->refresh_due_on);
	return changed(db, db_exec_stmt(db, s, "training update"));
}

enum err
db_training_set_certificate(struct db *db, const struct db_training *t)
{
	sqlite3_stmt *s = db_stmt(db, STMT_TRAINING_SET_CERT);
	db_bind_i64(s, 1, t->id);
	db_bind_text(s, 2, t->certificate_name);
	db_bind_text(s, 3, t->certificate_type);
	db_bind_text(s, 4, t->certificate_filename);
	return changed(db, db_exec_stmt(db, s, "training certificate"));
}

enum err
db_training_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_TRAINING_DELETE);
	db_bind_i64(s, 1, id);
	return changed(db, db_exec_stmt(db, s, "training delete"));
}

enum err
db_training_verify(struct db *db, int64_t id, int64_t version, int64_t verified_by,
    int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_TRAINING_VERIFY);
	db_bind_i64(s, 1, id);
	db_bind_i64_or_null(s, 2, verified_by);
	db_bind_i64_or_null(s, 3, verified_by ? now : 0);
	db_bind_i64(s, 4, version);
	enum err rc = changed(db, db_exec_stmt(db, s, "training verify"));
	return rc == ERR_NOT_FOUND ? ERR_CONFLICT : rc;
}

static void
fill_mentor_training(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_mentor_training *m = row;
	struct db_training *t = &m->latest;
	m->user_id = db_col_i64(s, 0);
	m->name = db_col_text(a, s, 1);
	m->email = db_col_text(a, s, 2);
	t->id = db_col_i64(s, 3);
	t->user_id = m->user_id;
	t->kind = db_col_text(a, s, 4);
	t->course = db_col_text(a, s, 5);
	t->provider = db_col_text(a, s, 6);
	t->completed_on = db_col_text(a, s, 7);
	t->refresh_due_on = db_col_text(a, s, 8);
	t->certificate_name = db_col_text(a, s, 9);
	t->certificate_type = "";
	t->certificate_filename = "";
	t->verified_by = db_col_i64(s, 10);
	t->verified_at = db_col_i64(s, 11);
	t->created_at = 0;
	t->verifier_name = db_col_text(a, s, 12);
	m->nrecords = db_col_i64(s, 13);
	t->version = db_col_i64(s, 14);
}

enum err
db_training_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    const char *filter, const char *today, int64_t limit, int64_t offset,
    struct db_mentor_training **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_TRAINING_OF_SCHEME);
	db_bind_i64(s, 1, scheme_id);
	db_bind_text(s, 2, filter);
	db_bind_text(s, 3, today);
	db_bind_i64(s, 4, limit);
	db_bind_i64(s, 5, offset);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_mentor_training),
	    fill_mentor_training, NULL, &rows, n, "training of scheme");
	*out = rows;
	return rc;
}

enum err
db_training_scheme_counts(struct db *db, int64_t scheme_id, const char *today,
    struct db_training_counts *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_TRAINING_SCHEME_COUNTS);
	db_bind_i64(s, 1, scheme_id);
	db_bind_text(s, 3, today);
	enum err rc = db_step_one(db, s, "training counts");
	if (rc == ERR_OK) {
		out->mentors = db_col_i64(s, 0);
		out->overdue = db_col_i64(s, 1);
		out->without_training = db_col_i64(s, 2);
		out->unverified_records = db_col_i64(s, 3);
		out->unverified_mentors = db_col_i64(s, 4);
		sqlite3_reset(s);
	}
	return rc;
}

/* ---- people of a scheme ---- */

enum err
db_role_schemes(struct db *db, struct arena *a, int64_t user_id, const char *role,
    int64_t **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_ROLE_SCHEMES);
	db_bind_i64(s, 1, user_id);
	db_bind_text(s, 2, role);
	return db_ids(db, a, s, out, n, "role schemes");
}

static void
fill_person(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_person *p = row;
	p->id = db_col_i64(s, 0);
	p->name = db_col_text(a, s, 1);
	p->email = db_col_text(a, s, 2);
}

enum err
db_scheme_people(struct db *db, struct arena *a, int64_t scheme_id, const char *role,
    struct db_person **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SCHEME_PEOPLE);
	db_bind_i64(s, 1, scheme_id);
	db_bind_text(s, 2, role);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_person), fill_person, NULL,
	    &rows, n, "scheme people");
	*out = rows;
	return rc;
}

enum err
db_scheme_person_get(struct db *db, struct arena *a, int64_t scheme_id,
    const char *role, int64_t user_id, struct db_person *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SCHEME_PERSON_GET);
	db_bind_i64(s, 1, scheme_id);
	db_bind_text(s, 2, role);
	db_bind_i64(s, 3, user_id);
	enum err rc = db_step_one(db, s, "scheme person get");
	if (rc == ERR_OK) {
		fill_person(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_scheme_person_by_email(struct db *db, struct arena *a, int64_t scheme_id,
    const char *role, const char *email, struct db_person *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_SCHEME_PERSON_BY_EMAIL);
	db_bind_i64(s, 1, scheme_id);
	db_bind_text(s, 2, role);
	db_bind_text(s, 3, email);
	enum err rc = db_step_one(db, s, "scheme person by email");
	if (rc == ERR_OK) {
		fill_person(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

/* ---- declared conflicts ---- */

static void
fill_conflict(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_conflict *c = row;
	c->id = db_col_i64(s, 0);
	c->scheme_id = db_col_i64(s, 1);
	c->mentee_id = db_col_i64(s, 2);
	c->mentor_id = db_col_i64(s, 3);
	c->name = db_col_text(a, s, 4);
	c->email = db_col_text(a, s, 5);
	c->kind = db_col_text(a, s, 6);
	c->declared_by = db_col_i64(s, 7);
	c->created_at = db_col_i64(s, 8);
	c->mentee_name = db_col_text(a, s, 9);
	c->mentor_name = db_col_text(a, s, 10);
	c->declarer_name = db_col_text(a, s, 11);
	c->is_registered = db_col_i64(s, 12) != 0;
}

enum err
db_conflict_add(struct db *db, const struct db_conflict *c, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CONFLICT_ADD);
	db_bind_i64(s, 1, c->scheme_id);
	db_bind_i64_or_null(s, 2, c->mentee_id);
	db_bind_i64_or_null(s, 3, c->mentor_id);
	db_bind_text(s, 4, c->name);
	db_bind_text(s, 5, c->email);
	db_bind_text(s, 6, c->kind);
	db_bind_i64(s, 7, c->declared_by);
	db_bind_i64(s, 8, now);
	enum err rc = db_exec_stmt(db, s, "conflict add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_conflict_get(struct db *db, struct arena *a, int64_t id, struct db_conflict *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CONFLICT_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "conflict get");
	if (rc == ERR_OK) {
		fill_conflict(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_conflict_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CONFLICT_DELETE);
	db_bind_i64(s, 1, id);
	return changed(db, db_exec_stmt(db, s, "conflict delete"));
}

enum err
db_conflict_exists(struct db *db, int64_t scheme_id, int64_t declared_by,
    int64_t mentor_id, const char *email, bool *exists)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CONFLICT_DUPLICATE);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, declared_by);
	db_bind_i64_or_null(s, 3, mentor_id);
	db_bind_text(s, 4, email ? email : "");
	enum err rc = db_step_one(db, s, "conflict duplicate");
	if (rc == ERR_OK) {
		*exists = db_col_i64(s, 0) > 0;
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_conflicts_by_declarer(struct db *db, struct arena *a, int64_t declared_by,
    int64_t scheme_id, struct db_conflict **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CONFLICTS_BY_DECLARER);
	db_bind_i64(s, 1, declared_by);
	db_bind_i64(s, 2, scheme_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_conflict), fill_conflict, NULL,
	    &rows, n, "conflicts by declarer");
	*out = rows;
	return rc;
}

enum err
db_conflicts_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_conflict **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CONFLICTS_OF_SCHEME);
	db_bind_i64(s, 1, scheme_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_conflict), fill_conflict, NULL,
	    &rows, n, "conflicts of scheme");
	*out = rows;
	return rc;
}
