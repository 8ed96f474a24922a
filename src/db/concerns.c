/*
 * concerns.c - typed queries for concerns, their notes and the schemes'
 * escalation contacts (concerns.h).  Same pattern as training.c:
 * statement from the table, bind, step, copy into the caller's arena.
 *
 * Trap: IS_CONTACT_OK in concerns.def reads the scheme from ?1, so every
 * contact statement binds the scheme first.
 */
#include "db/concerns.h"

#include "core/arena.h"
#include "db/db_int.h"

/* ---- contacts ---- */

static void
fill_person(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_concern_person *p = row;
	p->id = db_col_i64(s, 0);
	p->name = db_col_text(a, s, 1);
	p->email = db_col_text(a, s, 2);
	p->added_at = db_col_i64(s, 3);
	p->given_name = db_col_text(a, s, 4);
}

static enum err
people(struct db *db, struct arena *a, enum stmt id, int64_t scheme_id,
    struct db_concern_person **out, size_t *n, const char *what)
{
	sqlite3_stmt *s = db_stmt(db, id);
	if (scheme_id != 0)
		db_bind_i64(s, 1, scheme_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_concern_person), fill_person,
	    NULL, &rows, n, what);
	*out = rows;
	return rc;
}

enum err
db_concern_contacts(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_concern_person **out, size_t *n)
{
	return people(db, a, STMT_CONCERN_CONTACTS, scheme_id, out, n, "concern contacts");
}

enum err
db_concern_contact_candidates(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_concern_person **out, size_t *n)
{
	return people(db, a, STMT_CONCERN_CONTACT_CANDIDATES, scheme_id, out, n,
	    "concern contact candidates");
}

enum err
db_concern_site_admins(struct db *db, struct arena *a, struct db_concern_person **out,
    size_t *n)
{
	return people(db, a, STMT_CONCERN_SITE_ADMINS, 0, out, n, "site admins");
}

enum err
db_concern_contact_is(struct db *db, int64_t scheme_id, int64_t user_id, bool *is_contact)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CONCERN_CONTACT_IS);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, user_id);
	enum err rc = db_step_one(db, s, "concern contact is");
	*is_contact = false;
	if (rc == ERR_OK) {
		*is_contact = db_col_i64(s, 0) > 0;
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_concern_contact_add(struct db *db, int64_t scheme_id, int64_t user_id,
    int64_t added_by, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CONCERN_CONTACT_ADD);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, user_id);
	db_bind_i64_or_null(s, 3, added_by);
	db_bind_i64(s, 4, now);
	return db_exec_stmt(db, s, "concern contact add");
}

static enum err
changed(struct db *db, enum err rc)
{
	return rc == ERR_OK && sqlite3_changes(db->conn) == 0 ? ERR_NOT_FOUND : rc;
}

enum err
db_concern_contact_remove(struct db *db, int64_t scheme_id, int64_t user_id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CONCERN_CONTACT_REMOVE);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, user_id);
	return changed(db, db_exec_stmt(db, s, "concern contact remove"));
}

/* ---- concerns ---- */

static void
fill_concern(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_concern *c = row;
	c->id = db_col_i64(s, 0);
	c->scheme_id = db_col_i64(s, 1);
	c->scheme_name = db_col_text(a, s, 2);
	c->raised_by = db_col_i64(s, 3);
	c->raiser_name = db_col_text(a, s, 4);
	c->raiser_email = db_col_text(a, s, 5);
	c->relationship_id = db_col_i64(s, 6);
	c->about_id = db_col_i64(s, 7);
	c->about_name = db_col_text(a, s, 8);
	c->kind = db_col_text(a, s, 9);
	c->details = db_col_text(a, s, 10);
	c->may_contact = db_col_i64(s, 11) != 0;
	c->contact_how = db_col_text(a, s, 12);
	c->status = db_col_text(a, s, 13);
	c->created_at = db_col_i64(s, 14);
	c->updated_at = db_col_i64(s, 15);
}

enum err
db_concern_add(struct db *db, const struct db_concern *c, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CONCERN_ADD);
	db_bind_i64(s, 1, c->scheme_id);
	db_bind_i64_or_null(s, 2, c->raised_by);
	db_bind_i64_or_null(s, 3, c->relationship_id);
	db_bind_i64_or_null(s, 4, c->about_id);
	db_bind_text(s, 5, c->kind);
	db_bind_text(s, 6, c->details);
	db_bind_i64(s, 7, c->may_contact ? 1 : 0);
	db_bind_text(s, 8, c->contact_how ? c->contact_how : "");
	db_bind_i64(s, 9, now);
	enum err rc = db_exec_stmt(db, s, "concern add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_concern_get(struct db *db, struct arena *a, int64_t id, struct db_concern *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CONCERN_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "concern get");
	if (rc == ERR_OK) {
		fill_concern(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

static enum err
concerns(struct db *db, struct arena *a, enum stmt id, int64_t key, int64_t limit,
    struct db_concern **out, size_t *n, const char *what)
{
	sqlite3_stmt *s = db_stmt(db, id);
	db_bind_i64(s, 1, key);
	db_bind_i64(s, 2, limit);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_concern), fill_concern, NULL,
	    &rows, n, what);
	*out = rows;
	return rc;
}

enum err
db_concerns_of_scheme(struct db *db, struct arena *a, int64_t scheme_id, int64_t limit,
    struct db_concern **out, size_t *n)
{
	return concerns(db, a, STMT_CONCERNS_OF_SCHEME, scheme_id, limit, out, n,
	    "concerns of scheme");
}

enum err
db_concerns_of_raiser(struct db *db, struct arena *a, int64_t user_id, int64_t limit,
    struct db_concern **out, size_t *n)
{
	return concerns(db, a, STMT_CONCERNS_OF_RAISER, user_id, limit, out, n,
	    "concerns of raiser");
}

enum err
db_concern_set_status(struct db *db, int64_t id, const char *from, const char *to,
    int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CONCERN_SET_STATUS);
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, to);
	db_bind_i64(s, 3, now);
	db_bind_text(s, 4, from);
	enum err rc = changed(db, db_exec_stmt(db, s, "concern status"));
	return rc == ERR_NOT_FOUND ? ERR_CONFLICT : rc;
}

enum err
db_concern_touch(struct db *db, int64_t id, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CONCERN_TOUCH);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, now);
	return changed(db, db_exec_stmt(db, s, "concern touch"));
}

/* ---- notes ---- */

enum err
db_concern_note_add(struct db *db, int64_t concern_id, int64_t author_id,
    const char *status, const char *text, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CONCERN_NOTE_ADD);
	db_bind_i64(s, 1, concern_id);
	db_bind_i64_or_null(s, 2, author_id);
	db_bind_text(s, 3, status ? status : "");
	db_bind_text(s, 4, text ? text : "");
	db_bind_i64(s, 5, now);
	enum err rc = db_exec_stmt(db, s, "concern note add");
	if (rc == ERR_OK && id != NULL)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

static void
fill_note(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_concern_note *x = row;
	x->id = db_col_i64(s, 0);
	x->concern_id = db_col_i64(s, 1);
	x->author_id = db_col_i64(s, 2);
	x->author_name = db_col_text(a, s, 3);
	x->status = db_col_text(a, s, 4);
	x->text = db_col_text(a, s, 5);
	x->created_at = db_col_i64(s, 6);
}

enum err
db_concern_notes(struct db *db, struct arena *a, int64_t concern_id,
    struct db_concern_note **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CONCERN_NOTES);
	db_bind_i64(s, 1, concern_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_concern_note), fill_note, NULL,
	    &rows, n, "concern notes");
	*out = rows;
	return rc;
}
