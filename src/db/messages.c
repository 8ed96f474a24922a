/*
 * messages.c - typed queries for administrator messages (messages.h).
 * Same pattern as training.c: statement from the table, bind, step,
 * copy into the caller's arena.
 *
 * Trap: MSG_AUDIENCE and MSG_RECIPIENTS_ADD share their SQL and their
 * first seven parameters (bind_audience); the insert's message id is ?8.
 */
#include "db/messages.h"

#include "core/arena.h"
#include "db/db_int.h"

static void
bind_audience(sqlite3_stmt *s, const struct db_audience *au)
{
	db_bind_i64(s, 1, au->scheme_id);
	db_bind_text(s, 2, au->role ? au->role : "");
	db_bind_text(s, 3, au->status ? au->status : "");
	db_bind_i64(s, 4, au->is_incomplete);
	db_bind_i64(s, 5, (int64_t)au->mentee_required);
	db_bind_i64(s, 6, (int64_t)au->mentor_required);
	db_bind_text(s, 7, au->people ? au->people : "");
	db_bind_i64(s, 9, au->cohort_id);
}

static void
fill_person(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	struct db_message_person *p = row;
	p->user_id = db_col_i64(s, 0);
	p->name = db_col_text(a, s, 1);
	p->email = db_col_text(a, s, 2);
	if (ud != NULL) {            /* a recipient: with the times */
		p->read_at = db_col_i64(s, 3);
		p->first_reply_at = db_col_i64(s, 4);
		p->last_reply_at = db_col_i64(s, 5);
		p->nreplies = db_col_i64(s, 6);
	}
}

enum err
db_message_audience(struct db *db, struct arena *a, const struct db_audience *au,
    struct db_message_person **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSG_AUDIENCE);
	bind_audience(s, au);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_message_person), fill_person, NULL,
	    &rows, n, "message audience");
	*out = rows;
	return rc;
}

enum err
db_message_add(struct db *db, const struct db_message *m, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSG_ADD);
	db_bind_i64(s, 1, m->scheme_id);
	db_bind_i64_or_null(s, 2, m->sender_id);
	db_bind_text(s, 3, m->subject);
	db_bind_text(s, 4, m->body);
	db_bind_text(s, 5, m->audience ? m->audience : "");
	db_bind_i64(s, 6, m->sent_at);
	enum err rc = db_exec_stmt(db, s, "message add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_message_recipients_add(struct db *db, int64_t message_id, const struct db_audience *au,
    int64_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSG_RECIPIENTS_ADD);
	bind_audience(s, au);
	db_bind_i64(s, 8, message_id);
	enum err rc = db_exec_stmt(db, s, "message recipients");
	*n = rc == ERR_OK ? sqlite3_changes(db->conn) : 0;
	if (rc != ERR_OK)
		return rc;
	s = db_stmt(db, STMT_MSG_SET_COUNT);
	db_bind_i64(s, 1, message_id);
	db_bind_i64(s, 2, *n);
	return db_exec_stmt(db, s, "message count");
}

/* Columns 0..9 (MSG_COLS); kind 1: admin counts follow, 2: a recipient's. */
static void
fill_message(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	struct db_message *m = row;
	int kind = ud ? *(const int *)ud : 0;
	m->id = db_col_i64(s, 0);
	m->scheme_id = db_col_i64(s, 1);
	m->sender_id = db_col_i64(s, 2);
	m->subject = db_col_text(a, s, 3);
	m->body = db_col_text(a, s, 4);
	m->audience = db_col_text(a, s, 5);
	m->nrecipients = db_col_i64(s, 6);
	m->sent_at = db_col_i64(s, 7);
	m->scheme_name = db_col_text(a, s, 8);
	m->sender_name = db_col_text(a, s, 9);
	if (kind == 1) {
		m->nread = db_col_i64(s, 10);
		m->nreplied = db_col_i64(s, 11);
		m->nreplies = db_col_i64(s, 12);
	} else if (kind == 2) {
		m->read_at = db_col_i64(s, 10);
		m->first_reply_at = db_col_i64(s, 11);
		m->last_reply_at = db_col_i64(s, 12);
		m->my_nreplies = db_col_i64(s, 13);
		m->nfiles = db_col_i64(s, 14);
	}
}

static int KIND_ADMIN = 1, KIND_INBOX = 2;   /* fill_message's ud */

enum err
db_message_get(struct db *db, struct arena *a, int64_t id, struct db_message *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSG_GET);
	db_bind_i64(s, 1, id);
	*out = (struct db_message){0};
	enum err rc = db_step_one(db, s, "message get");
	if (rc == ERR_OK) {
		fill_message(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_messages_admin(struct db *db, struct arena *a, int64_t user_id, bool all, int64_t max,
    struct db_message **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSG_ADMIN_LIST);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, all);
	db_bind_i64(s, 3, max);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_message), fill_message,
	    &KIND_ADMIN, &rows, n, "messages admin");
	*out = rows;
	return rc;
}

enum err
db_messages_inbox(struct db *db, struct arena *a, int64_t user_id, int64_t max,
    struct db_message **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSG_INBOX);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, max);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_message), fill_message,
	    &KIND_INBOX, &rows, n, "messages inbox");
	*out = rows;
	return rc;
}

enum err
db_message_received(struct db *db, struct arena *a, int64_t user_id, int64_t message_id,
    struct db_message *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSG_INBOX_ONE);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, message_id);
	*out = (struct db_message){0};
	enum err rc = db_step_one(db, s, "message received");
	if (rc == ERR_OK) {
		fill_message(a, s, out, &KIND_INBOX);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_messages_unread(struct db *db, int64_t user_id, int64_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSG_UNREAD_COUNT);
	db_bind_i64(s, 1, user_id);
	*n = 0;
	enum err rc = db_step_one(db, s, "messages unread");
	if (rc == ERR_OK) {
		*n = db_col_i64(s, 0);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_message_mark_read(struct db *db, int64_t message_id, int64_t user_id, int64_t now,
    bool *changed)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSG_MARK_READ);
	db_bind_i64(s, 1, message_id);
	db_bind_i64(s, 2, user_id);
	db_bind_i64(s, 3, now);
	enum err rc = db_exec_stmt(db, s, "message read");
	*changed = rc == ERR_OK && sqlite3_changes(db->conn) > 0;
	return rc;
}

static int WITH_TIMES = 1;

enum err
db_message_recipients(struct db *db, struct arena *a, int64_t message_id,
    struct db_message_person **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSG_RECIPIENTS);
	db_bind_i64(s, 1, message_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_message_person), fill_person,
	    &WITH_TIMES, &rows, n, "message recipients");
	*out = rows;
	return rc;
}

enum err
db_message_reply_add(struct db *db, int64_t message_id, int64_t user_id, const char *body,
    int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSG_REPLY_ADD);
	db_bind_i64(s, 1, message_id);
	db_bind_i64(s, 2, user_id);
	db_bind_text(s, 3, body);
	db_bind_i64(s, 4, now);
	enum err rc = db_exec_stmt(db, s, "message reply");
	if (rc != ERR_OK)
		return rc;
	*id = sqlite3_last_insert_rowid(db->conn);
	s = db_stmt(db, STMT_MSG_REPLIED);
	db_bind_i64(s, 1, message_id);
	db_bind_i64(s, 2, user_id);
	db_bind_i64(s, 3, now);
	rc = db_exec_stmt(db, s, "message replied");
	if (rc == ERR_OK && sqlite3_changes(db->conn) == 0)
		rc = ERR_NOT_FOUND;
	return rc;
}

static void
fill_reply(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_message_reply *r = row;
	r->id = db_col_i64(s, 0);
	r->message_id = db_col_i64(s, 1);
	r->user_id = db_col_i64(s, 2);
	r->name = db_col_text(a, s, 3);
	r->body = db_col_text(a, s, 4);
	r->created_at = db_col_i64(s, 5);
}

enum err
db_message_replies(struct db *db, struct arena *a, int64_t message_id, int64_t user_id,
    struct db_message_reply **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSG_REPLIES);
	db_bind_i64(s, 1, message_id);
	db_bind_i64(s, 2, user_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_message_reply), fill_reply, NULL,
	    &rows, n, "message replies");
	*out = rows;
	return rc;
}

static void
fill_file(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_message_file *f = row;
	f->id = db_col_i64(s, 0);
	f->message_id = db_col_i64(s, 1);
	f->uploader_id = db_col_i64(s, 2);
	f->filename = db_col_text(a, s, 3);
	f->stored_name = db_col_text(a, s, 4);
	f->kind = db_col_text(a, s, 5);
	f->mime = db_col_text(a, s, 6);
	f->size = db_col_i64(s, 7);
	f->created_at = db_col_i64(s, 8);
}

enum err
db_message_file_add(struct db *db, const struct db_message_file *f, int64_t now,
    int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSG_FILE_ADD);
	db_bind_i64(s, 1, f->uploader_id);
	db_bind_text(s, 2, f->filename);
	db_bind_text(s, 3, f->stored_name);
	db_bind_text(s, 4, f->kind);
	db_bind_text(s, 5, f->mime);
	db_bind_i64(s, 6, f->size);
	db_bind_i64(s, 7, now);
	enum err rc = db_exec_stmt(db, s, "message file add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_message_file_get(struct db *db, struct arena *a, int64_t id, struct db_message_file *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSG_FILE_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "message file get");
	if (rc == ERR_OK) {
		fill_file(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

static enum err
file_list(struct db *db, struct arena *a, enum stmt id, int64_t key,
    struct db_message_file **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, id);
	db_bind_i64(s, 1, key);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_message_file), fill_file, NULL,
	    &rows, n, "message files");
	*out = rows;
	return rc;
}

enum err
db_message_files(struct db *db, struct arena *a, int64_t message_id,
    struct db_message_file **out, size_t *n)
{
	return file_list(db, a, STMT_MSG_FILES_OF, message_id, out, n);
}

enum err
db_message_files_pending(struct db *db, struct arena *a, int64_t uploader_id,
    struct db_message_file **out, size_t *n)
{
	return file_list(db, a, STMT_MSG_FILES_PENDING, uploader_id, out, n);
}

enum err
db_message_file_claim(struct db *db, int64_t id, int64_t uploader_id, int64_t message_id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSG_FILE_CLAIM);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, uploader_id);
	db_bind_i64(s, 3, message_id);
	enum err rc = db_exec_stmt(db, s, "message file claim");
	if (rc == ERR_OK && sqlite3_changes(db->conn) == 0)
		rc = ERR_NOT_FOUND;
	return rc;
}

enum err
db_message_file_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_MSG_FILE_DELETE);
	db_bind_i64(s, 1, id);
	return db_exec_stmt(db, s, "message file delete");
}
