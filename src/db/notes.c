/*
 * notes.c - typed queries for notes and documents (notes.h).  The shape
 * of training.c: statement from the table, bind, step, copy into the
 * caller's arena.  A write that touches no row is ERR_NOT_FOUND (the row
 * went meanwhile).
 */
#include "db/notes.h"

#include "core/arena.h"
#include "db/db_int.h"

static enum err
changed(struct db *db, enum err rc)
{
	return rc == ERR_OK && sqlite3_changes(db->conn) == 0 ? ERR_NOT_FOUND : rc;
}

/* ---- notes ---- */

static void
fill_note(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_note *n = row;
	n->id = db_col_i64(s, 0);
	n->relationship_id = db_col_i64(s, 1);
	n->author_id = db_col_i64(s, 2);
	n->body = db_col_text(a, s, 3);
	n->is_shared = db_col_i64(s, 4) != 0;
	n->shared_at = db_col_i64(s, 5);
	n->created_at = db_col_i64(s, 6);
	n->updated_at = db_col_i64(s, 7);
	n->author_name = db_col_text(a, s, 8);
}

enum err
db_note_add(struct db *db, const struct db_note *n, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_NOTE_ADD);
	db_bind_i64(s, 1, n->relationship_id);
	db_bind_i64(s, 2, n->author_id);
	db_bind_text(s, 3, n->body);
	db_bind_i64(s, 4, n->is_shared);
	db_bind_i64(s, 5, now);
	enum err rc = db_exec_stmt(db, s, "note add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_note_get(struct db *db, struct arena *a, int64_t id, struct db_note *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_NOTE_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "note get");
	if (rc == ERR_OK) {
		fill_note(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_notes_of_rel(struct db *db, struct arena *a, int64_t rel_id, int64_t viewer_id,
    struct db_note **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_NOTE_LIST);
	db_bind_i64(s, 1, rel_id);
	db_bind_i64(s, 2, viewer_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_note), fill_note, NULL, &rows, n,
	    "note list");
	*out = rows;
	return rc;
}

enum err
db_note_update(struct db *db, int64_t id, const char *body, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_NOTE_UPDATE);
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, body);
	db_bind_i64(s, 3, now);
	return changed(db, db_exec_stmt(db, s, "note update"));
}

enum err
db_note_share(struct db *db, int64_t id, bool shared, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_NOTE_SHARE);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, shared);
	db_bind_i64(s, 3, now);
	return changed(db, db_exec_stmt(db, s, "note share"));
}

enum err
db_note_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_NOTE_DELETE);
	db_bind_i64(s, 1, id);
	return changed(db, db_exec_stmt(db, s, "note delete"));
}

/* ---- documents ---- */

static void
fill_document(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_document *d = row;
	d->id = db_col_i64(s, 0);
	d->relationship_id = db_col_i64(s, 1);
	d->author_id = db_col_i64(s, 2);
	d->filename = db_col_text(a, s, 3);
	d->stored_name = db_col_text(a, s, 4);
	d->kind = db_col_text(a, s, 5);
	d->mime = db_col_text(a, s, 6);
	d->size = db_col_i64(s, 7);
	d->is_shared = db_col_i64(s, 8) != 0;
	d->shared_at = db_col_i64(s, 9);
	d->created_at = db_col_i64(s, 10);
	d->updated_at = db_col_i64(s, 11);
	d->author_name = db_col_text(a, s, 12);
	d->scheme_id = db_col_i64(s, 13);
	d->scheme_name = db_col_text(a, s, 14);
	d->mentor_id = db_col_i64(s, 15);
	d->mentee_id = db_col_i64(s, 16);
	d->mentor_name = db_col_text(a, s, 17);
	d->mentee_name = db_col_text(a, s, 18);
	d->rel_status = db_col_text(a, s, 19);
}

enum err
db_document_add(struct db *db, const struct db_document *d, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DOC_ADD);
	db_bind_i64(s, 1, d->relationship_id);
	db_bind_i64(s, 2, d->author_id);
	db_bind_text(s, 3, d->filename);
	db_bind_text(s, 4, d->stored_name);
	db_bind_text(s, 5, d->kind);
	db_bind_text(s, 6, d->mime);
	db_bind_i64(s, 7, d->size);
	db_bind_i64(s, 8, d->is_shared);
	db_bind_i64(s, 9, now);
	enum err rc = db_exec_stmt(db, s, "document add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_document_get(struct db *db, struct arena *a, int64_t id, struct db_document *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DOC_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "document get");
	if (rc == ERR_OK) {
		fill_document(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_documents_of_rel(struct db *db, struct arena *a, int64_t rel_id, int64_t viewer_id,
    struct db_document **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DOC_LIST);
	db_bind_i64(s, 1, rel_id);
	db_bind_i64(s, 2, viewer_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_document), fill_document, NULL,
	    &rows, n, "document list");
	*out = rows;
	return rc;
}

enum err
db_documents_of_user(struct db *db, struct arena *a, int64_t user_id,
    struct db_document **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DOC_MINE);
	db_bind_i64(s, 1, user_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_document), fill_document, NULL,
	    &rows, n, "documents of user");
	*out = rows;
	return rc;
}

enum err
db_document_share(struct db *db, int64_t id, bool shared, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DOC_SHARE);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, shared);
	db_bind_i64(s, 3, now);
	return changed(db, db_exec_stmt(db, s, "document share"));
}

enum err
db_document_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DOC_DELETE);
	db_bind_i64(s, 1, id);
	return changed(db, db_exec_stmt(db, s, "document delete"));
}
