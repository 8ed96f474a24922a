/*
 * news.c - typed queries for news items and resources (news.h).  Same
 * pattern as training.c: statement from the table, bind, step, copy
 * into the caller's arena.
 *
 * Trap: created_by is NULL for demo rows and for an account that was
 * deleted; it comes back as 0 and 0 binds NULL (db_bind_i64_or_null).
 */
#include "db/news.h"

#include <string.h>

#include "core/arena.h"
#include "db/db_int.h"

static enum err
changed(struct db *db, enum err rc)
{
	return rc == ERR_OK && sqlite3_changes(db->conn) == 0 ? ERR_NOT_FOUND : rc;
}

/* ---- news ---- */

static void
fill_news(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_news *n = row;
	n->id = db_col_i64(s, 0);
	n->scheme_id = db_col_i64(s, 1);
	n->title = db_col_text(a, s, 2);
	n->body = db_col_text(a, s, 3);
	n->audience = db_col_text(a, s, 4);
	n->published_on = db_col_text(a, s, 5);
	n->show_until = db_col_text(a, s, 6);
	n->created_by = db_col_i64(s, 7);
	n->author_name = db_col_text(a, s, 8);
	n->created_at = db_col_i64(s, 9);
	n->updated_at = db_col_i64(s, 10);
}

enum err
db_news_add(struct db *db, const struct db_news *n, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_NEWS_ADD);
	db_bind_i64(s, 1, n->scheme_id);
	db_bind_text(s, 2, n->title);
	db_bind_text(s, 3, n->body);
	db_bind_text(s, 4, n->audience);
	db_bind_text(s, 5, n->published_on);
	db_bind_text(s, 6, n->show_until);
	db_bind_i64_or_null(s, 7, n->created_by);
	db_bind_i64(s, 8, now);
	enum err rc = db_exec_stmt(db, s, "news add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_news_update(struct db *db, const struct db_news *n, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_NEWS_UPDATE);
	db_bind_i64(s, 1, n->id);
	db_bind_text(s, 2, n->title);
	db_bind_text(s, 3, n->body);
	db_bind_text(s, 4, n->audience);
	db_bind_text(s, 5, n->published_on);
	db_bind_text(s, 6, n->show_until);
	db_bind_i64(s, 7, now);
	return changed(db, db_exec_stmt(db, s, "news update"));
}

enum err
db_news_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_NEWS_DELETE);
	db_bind_i64(s, 1, id);
	return changed(db, db_exec_stmt(db, s, "news delete"));
}

enum err
db_news_get(struct db *db, struct arena *a, int64_t id, struct db_news *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_NEWS_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "news get");
	if (rc == ERR_OK) {
		fill_news(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_news_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_news **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_NEWS_OF_SCHEME);
	db_bind_i64(s, 1, scheme_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_news), fill_news, NULL, &rows, n,
	    "news of scheme");
	*out = rows;
	return rc;
}

enum err
db_news_current(struct db *db, struct arena *a, int64_t scheme_id, const char *aud1,
    const char *aud2, const char *today, const char *since, int64_t limit,
    struct db_news **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_NEWS_CURRENT);
	db_bind_i64(s, 1, scheme_id);
	db_bind_text(s, 2, aud1);
	db_bind_text(s, 3, aud2);
	db_bind_text(s, 4, today);
	db_bind_text(s, 5, since);
	db_bind_i64(s, 6, limit);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_news), fill_news, NULL, &rows, n,
	    "news current");
	*out = rows;
	return rc;
}

/* ---- resources ---- */

static void
fill_resource(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_resource *r = row;
	r->id = db_col_i64(s, 0);
	r->scheme_id = db_col_i64(s, 1);
	r->title = db_col_text(a, s, 2);
	r->description = db_col_text(a, s, 3);
	r->category = db_col_text(a, s, 4);
	r->audience = db_col_text(a, s, 5);
	r->kind = db_col_text(a, s, 6);
	r->url = db_col_text(a, s, 7);
	r->filename = db_col_text(a, s, 8);
	r->stored_name = db_col_text(a, s, 9);
	r->file_kind = db_col_text(a, s, 10);
	r->mime = db_col_text(a, s, 11);
	r->size = db_col_i64(s, 12);
	r->created_by = db_col_i64(s, 13);
	r->author_name = db_col_text(a, s, 14);
	r->created_at = db_col_i64(s, 15);
	r->updated_at = db_col_i64(s, 16);
}

/* Columns 2..12 of the add and update statements are the same. */
static void
bind_resource(sqlite3_stmt *s, const struct db_resource *r)
{
	db_bind_text(s, 2, r->title);
	db_bind_text(s, 3, r->description);
	db_bind_text(s, 4, r->category);
	db_bind_text(s, 5, r->audience);
	db_bind_text(s, 6, r->kind);
	db_bind_text(s, 7, r->url);
	db_bind_text(s, 8, r->filename);
	db_bind_text(s, 9, r->stored_name);
	db_bind_text(s, 10, r->file_kind);
	db_bind_text(s, 11, r->mime);
	db_bind_i64(s, 12, r->size);
}

enum err
db_resource_add(struct db *db, const struct db_resource *r, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_RESOURCE_ADD);
	db_bind_i64(s, 1, r->scheme_id);
	bind_resource(s, r);
	db_bind_i64_or_null(s, 13, r->created_by);
	db_bind_i64(s, 14, now);
	enum err rc = db_exec_stmt(db, s, "resource add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_resource_update(struct db *db, const struct db_resource *r, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_RESOURCE_UPDATE);
	db_bind_i64(s, 1, r->id);
	bind_resource(s, r);
	db_bind_i64(s, 13, now);
	return changed(db, db_exec_stmt(db, s, "resource update"));
}

enum err
db_resource_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_RESOURCE_DELETE);
	db_bind_i64(s, 1, id);
	return changed(db, db_exec_stmt(db, s, "resource delete"));
}

enum err
db_resource_get(struct db *db, struct arena *a, int64_t id, struct db_resource *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_RESOURCE_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "resource get");
	if (rc == ERR_OK) {
		fill_resource(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_resources_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    const char *aud1, const char *aud2, struct db_resource **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_RESOURCES_OF_SCHEME);
	db_bind_i64(s, 1, scheme_id);
	db_bind_text(s, 2, aud1);
	db_bind_text(s, 3, aud2);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_resource), fill_resource, NULL,
	    &rows, n, "resources of scheme");
	*out = rows;
	return rc;
}

enum err
db_resources_recent(struct db *db, struct arena *a, int64_t scheme_id, const char *aud1,
    const char *aud2, int64_t since, int64_t limit, struct db_resource **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_RESOURCES_RECENT);
	db_bind_i64(s, 1, scheme_id);
	db_bind_text(s, 2, aud1);
	db_bind_text(s, 3, aud2);
	db_bind_i64(s, 4, since);
	db_bind_i64(s, 5, limit);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_resource), fill_resource, NULL,
	    &rows, n, "resources recent");
	*out = rows;
	return rc;
}

static void
fill_category(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	*(const char **)row = db_col_text(a, s, 0);
}

enum err
db_resource_categories(struct db *db, struct arena *a, int64_t scheme_id,
    const char ***out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_RESOURCE_CATEGORIES);
	db_bind_i64(s, 1, scheme_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(const char *), fill_category, NULL, &rows, n,
	    "resource categories");
	*out = rows;
	return rc;
}

enum err
db_data_dir(struct db *db, struct arena *a, const char **out)
{
	const char *file = sqlite3_db_filename(db->conn, "main");
	const char *slash = file != NULL ? strrchr(file, '/') : NULL;
	if (slash == NULL || slash == file)
		return ERR_NOT_FOUND;
	*out = arena_strndup(a, file, (size_t)(slash - file));
	return ERR_OK;
}
