/*
 * annual.c - typed queries for the annual report and the scheme
 * standards (annual.h).  Same pattern as training.c: statement from the
 * table, bind, step, copy into the caller's arena.  The evidence is
 * three queries whatever the size of the scheme (annual.def).
 */
#include "db/annual.h"

#include "core/arena.h"
#include "db/db_int.h"

enum err
db_annual_get(struct db *db, struct arena *a, int64_t scheme_id, int64_t year,
    struct db_annual *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_ANNUAL_GET);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, year);
	enum err rc = db_step_one(db, s, "annual get");
	if (rc == ERR_OK) {
		out->scheme_id = db_col_i64(s, 0);
		out->year = db_col_i64(s, 1);
		out->aims = db_col_text(a, s, 2);
		out->changes = db_col_text(a, s, 3);
		out->plans = db_col_text(a, s, 4);
		out->updated_by = db_col_i64(s, 5);
		out->updated_at = db_col_i64(s, 6);
		out->updater_name = db_col_text(a, s, 7);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_annual_put(struct db *db, const struct db_annual *r, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_ANNUAL_PUT);
	db_bind_i64(s, 1, r->scheme_id);
	db_bind_i64(s, 2, r->year);
	db_bind_text(s, 3, r->aims);
	db_bind_text(s, 4, r->changes);
	db_bind_text(s, 5, r->plans);
	db_bind_i64_or_null(s, 6, r->updated_by);
	db_bind_i64(s, 7, now);
	return db_exec_stmt(db, s, "annual put");
}

static void
fill_note(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_standard_note *n = row;
	n->point = db_col_text(a, s, 0);
	n->body = db_col_text(a, s, 1);
	n->updated_by = db_col_i64(s, 2);
	n->updated_at = db_col_i64(s, 3);
	n->updater_name = db_col_text(a, s, 4);
}

enum err
db_standard_notes(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_standard_note **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_ANNUAL_NOTES);
	db_bind_i64(s, 1, scheme_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_standard_note), fill_note, NULL,
	    &rows, n, "standard notes");
	*out = rows;
	return rc;
}

enum err
db_standard_note_put(struct db *db, int64_t scheme_id, const char *point, const char *body,
    int64_t by, int64_t now)
{
	sqlite3_stmt *s;
	if (body[0] == '\0') {
		s = db_stmt(db, STMT_ANNUAL_NOTE_DELETE);
		db_bind_i64(s, 1, scheme_id);
		db_bind_text(s, 2, point);
		return db_exec_stmt(db, s, "standard note delete");
	}
	s = db_stmt(db, STMT_ANNUAL_NOTE_PUT);
	db_bind_i64(s, 1, scheme_id);
	db_bind_text(s, 2, point);
	db_bind_text(s, 3, body);
	db_bind_i64_or_null(s, 4, by);
	db_bind_i64(s, 5, now);
	return db_exec_stmt(db, s, "standard note put");
}

static void
fill_doc(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_standard_doc *d = row;
	d->id = db_col_i64(s, 0);
	d->scheme_id = db_col_i64(s, 1);
	d->point = db_col_text(a, s, 2);
	d->filename = db_col_text(a, s, 3);
	d->stored_name = db_col_text(a, s, 4);
	d->kind = db_col_text(a, s, 5);
	d->mime = db_col_text(a, s, 6);
	d->size = db_col_i64(s, 7);
	d->uploaded_by = db_col_i64(s, 8);
	d->created_at = db_col_i64(s, 9);
	d->uploader_name = db_col_text(a, s, 10);
}

enum err
db_standard_docs(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_standard_doc **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_ANNUAL_DOCS);
	db_bind_i64(s, 1, scheme_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_standard_doc), fill_doc, NULL,
	    &rows, n, "standard docs");
	*out = rows;
	return rc;
}

enum err
db_standard_doc_get(struct db *db, struct arena *a, int64_t id, struct db_standard_doc *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_ANNUAL_DOC_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "standard doc get");
	if (rc == ERR_OK) {
		fill_doc(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_standard_doc_add(struct db *db, const struct db_standard_doc *d, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_ANNUAL_DOC_ADD);
	db_bind_i64(s, 1, d->scheme_id);
	db_bind_text(s, 2, d->point);
	db_bind_text(s, 3, d->filename);
	db_bind_text(s, 4, d->stored_name);
	db_bind_text(s, 5, d->kind);
	db_bind_text(s, 6, d->mime);
	db_bind_i64(s, 7, d->size);
	db_bind_i64_or_null(s, 8, d->uploaded_by);
	db_bind_i64(s, 9, now);
	enum err rc = db_exec_stmt(db, s, "standard doc add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_standard_doc_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_ANNUAL_DOC_DELETE);
	db_bind_i64(s, 1, id);
	return db_exec_stmt(db, s, "standard doc delete");
}

enum err
db_annual_evidence(struct db *db, struct arena *a, int64_t scheme_id, int64_t from,
    int64_t to, const char *today, struct db_annual_evidence *out)
{
	*out = (struct db_annual_evidence){0};
	sqlite3_stmt *s = db_stmt(db, STMT_ANNUAL_EV_TRAINING);
	db_bind_i64(s, 1, scheme_id);
	db_bind_text(s, 2, today);
	enum err rc = db_step_one(db, s, "annual training");
	if (rc != ERR_OK)
		return rc;
	out->mentors = db_col_i64(s, 0);
	out->trained = db_col_i64(s, 1);
	out->refresher_due = db_col_i64(s, 2);
	out->awaiting_verification = db_col_i64(s, 3);
	sqlite3_reset(s);

	s = db_stmt(db, STMT_ANNUAL_EV_RELS);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, from);
	db_bind_i64(s, 3, to);
	if ((rc = db_step_one(db, s, "annual relationships")) != ERR_OK)
		return rc;
	int64_t *rel[] = {&out->started, &out->by_request, &out->by_proposal, &out->by_cohort,
		&out->by_assignment, &out->overrides, &out->ended_early, &out->completed,
		&out->live_now, &out->with_agreement, &out->running};
	for (int i = 0; i < (int)(sizeof(rel) / sizeof(rel[0])); i++)
		*rel[i] = db_col_i64(s, i);
	sqlite3_reset(s);

	s = db_stmt(db, STMT_ANNUAL_EV_COUNTS);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, from);
	db_bind_i64(s, 3, to);
	if ((rc = db_step_one(db, s, "annual counts")) != ERR_OK)
		return rc;
	int64_t *cnt[] = {&out->mentees, &out->mentor_roles, &out->guides,
		&out->guides_for_mentees, &out->guides_before_matching, &out->resources,
		&out->concern_contacts, &out->concerns, &out->conflicts, &out->forms_active,
		&out->evals_due, &out->evals_answered, &out->mentee_evals_due,
		&out->mentee_evals_answered};
	int i = 0;
	for (; i < (int)(sizeof(cnt) / sizeof(cnt[0])); i++)
		*cnt[i] = db_col_i64(s, i);
	out->exclude_conflicts = db_col_i64(s, i) != 0;
	out->organisation_rule = db_col_text(a, s, i + 1);
	out->specialty_rule = db_col_text(a, s, i + 2);
	out->max_distance_miles = db_col_i64(s, i + 3);
	sqlite3_reset(s);
	return ERR_OK;
}
