/*
 * chats.c - typed queries for chats (chats.h).  The shape of notes.c:
 * statement from the table, bind, step, copy into the caller's arena.
 * A write that touches no row is ERR_NOT_FOUND.
 */
#include "db/chats.h"

#include "core/arena.h"
#include "db/db_int.h"

static enum err
changed(struct db *db, enum err rc)
{
	return rc == ERR_OK && sqlite3_changes(db->conn) == 0 ? ERR_NOT_FOUND : rc;
}

static void
fill_message(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_chat_message *m = row;
	m->id = db_col_i64(s, 0);
	m->relationship_id = db_col_i64(s, 1);
	m->author_id = db_col_i64(s, 2);
	m->recipient_id = db_col_i64(s, 3);
	m->body = db_col_text(a, s, 4);
	m->created_at = db_col_i64(s, 5);
	m->edited_at = db_col_i64(s, 6);
	m->deleted_at = db_col_i64(s, 7);
	m->changed_at = db_col_i64(s, 8);
	m->author_name = db_col_text(a, s, 9);
}

static enum err
one_int(struct db *db, sqlite3_stmt *s, const char *what, int64_t *out)
{
	enum err rc = db_step_one(db, s, what);
	if (rc == ERR_OK) {
		*out = db_col_i64(s, 0);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_chat_add(struct db *db, const struct db_chat_message *m, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CHAT_ADD);
	db_bind_i64(s, 1, m->relationship_id);
	db_bind_i64(s, 2, m->author_id);
	db_bind_i64(s, 3, m->recipient_id);
	db_bind_text(s, 4, m->body);
	db_bind_i64(s, 5, now);
	enum err rc = db_exec_stmt(db, s, "chat add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_chat_get(struct db *db, struct arena *a, int64_t id, struct db_chat_message *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CHAT_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "chat get");
	if (rc == ERR_OK) {
		fill_message(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_chat_page(struct db *db, struct arena *a, int64_t rel_id, int64_t before, int64_t max,
    struct db_chat_message **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CHAT_PAGE);
	db_bind_i64(s, 1, rel_id);
	db_bind_i64(s, 2, before);
	db_bind_i64(s, 3, max);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_chat_message), fill_message, NULL,
	    &rows, n, "chat page");
	struct db_chat_message *m = rows;
	/* newest first from the index; the page reads oldest first */
	for (size_t i = 0; rc == ERR_OK && i < *n / 2; i++) {
		struct db_chat_message t = m[i];
		m[i] = m[*n - 1 - i];
		m[*n - 1 - i] = t;
	}
	*out = m;
	return rc;
}

enum err
db_chat_since(struct db *db, struct arena *a, int64_t rel_id, int64_t after, int64_t since,
    int64_t max, struct db_chat_message **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CHAT_SINCE);
	db_bind_i64(s, 1, rel_id);
	db_bind_i64(s, 2, after);
	db_bind_i64(s, 3, since);
	db_bind_i64(s, 4, max);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_chat_message), fill_message, NULL,
	    &rows, n, "chat since");
	*out = rows;
	return rc;
}

enum err
db_chat_newest(struct db *db, int64_t rel_id, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CHAT_NEWEST);
	db_bind_i64(s, 1, rel_id);
	return one_int(db, s, "chat newest", id);
}

enum err
db_chat_newest_to(struct db *db, int64_t rel_id, int64_t user_id, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CHAT_NEWEST_TO);
	db_bind_i64(s, 1, rel_id);
	db_bind_i64(s, 2, user_id);
	return one_int(db, s, "chat newest to", id);
}

enum err
db_chat_edit(struct db *db, int64_t id, const char *body, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CHAT_EDIT);
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, body);
	db_bind_i64(s, 3, now);
	return changed(db, db_exec_stmt(db, s, "chat edit"));
}

enum err
db_chat_delete(struct db *db, int64_t id, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CHAT_DELETE);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, now);
	return changed(db, db_exec_stmt(db, s, "chat delete"));
}

enum err
db_chat_state_ensure(struct db *db, int64_t user_id, int64_t rel_id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CHAT_STATE_ENSURE);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, rel_id);
	return db_exec_stmt(db, s, "chat state ensure");
}

enum err
db_chat_state_get(struct db *db, struct arena *a, int64_t user_id, int64_t rel_id,
    struct db_chat_state *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CHAT_STATE_GET);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, rel_id);
	*out = (struct db_chat_state){.draft = ""};
	enum err rc = db_step_one(db, s, "chat state get");
	if (rc == ERR_OK) {
		out->last_read_id = db_col_i64(s, 0);
		out->emailed_at = db_col_i64(s, 1);
		out->draft = db_col_text(a, s, 2);
		out->draft_at = db_col_i64(s, 3);
		sqlite3_reset(s);
	}
	return rc == ERR_NOT_FOUND ? ERR_OK : rc;
}

enum err
db_chat_mark_read(struct db *db, int64_t user_id, int64_t rel_id, int64_t id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CHAT_MARK_READ);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, rel_id);
	db_bind_i64(s, 3, id);
	return db_exec_stmt(db, s, "chat mark read");
}

enum err
db_chat_set_emailed(struct db *db, int64_t user_id, int64_t rel_id, int64_t at)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CHAT_EMAILED);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, rel_id);
	db_bind_i64_or_null(s, 3, at);
	return db_exec_stmt(db, s, "chat emailed");
}

enum err
db_chat_draft_put(struct db *db, int64_t user_id, int64_t rel_id, const char *draft,
    int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CHAT_DRAFT_PUT);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, rel_id);
	db_bind_text(s, 3, draft);
	db_bind_i64_or_null(s, 4, draft[0] ? now : 0);
	return db_exec_stmt(db, s, "chat draft");
}

enum err
db_chat_unread_total(struct db *db, int64_t user_id, int64_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CHAT_UNREAD_TOTAL);
	db_bind_i64(s, 1, user_id);
	return one_int(db, s, "chat unread", n);
}

enum err
db_chat_unread_rel(struct db *db, int64_t rel_id, int64_t user_id, int64_t mark, int64_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CHAT_UNREAD_REL);
	db_bind_i64(s, 1, rel_id);
	db_bind_i64(s, 2, user_id);
	db_bind_i64(s, 3, mark);
	return one_int(db, s, "chat unread rel", n);
}

static void
fill_conv(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_chat_conv *c = row;
	c->relationship_id = db_col_i64(s, 0);
	c->scheme_id = db_col_i64(s, 1);
	c->scheme_name = db_col_text(a, s, 2);
	c->status = db_col_text(a, s, 3);
	c->mentor_id = db_col_i64(s, 4);
	c->mentee_id = db_col_i64(s, 5);
	c->mentor_name = db_col_text(a, s, 6);
	c->mentee_name = db_col_text(a, s, 7);
	c->last_id = db_col_i64(s, 8);
	c->last_author_id = db_col_i64(s, 9);
	c->last_body = db_col_text(a, s, 10);
	c->last_at = db_col_i64(s, 11);
	c->last_deleted = db_col_i64(s, 12) != 0;
	c->unread = db_col_i64(s, 13);
	c->has_draft = db_col_i64(s, 14) != 0;
	c->started_at = db_col_i64(s, 15);
	c->time_zone = db_col_text(a, s, 16);
}

enum err
db_chat_list(struct db *db, struct arena *a, int64_t user_id, struct db_chat_conv **out,
    size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_CHAT_LIST);
	db_bind_i64(s, 1, user_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_chat_conv), fill_conv, NULL, &rows, n,
	    "chat list");
	*out = rows;
	return rc;
}
