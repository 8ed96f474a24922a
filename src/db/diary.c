/*
 * diary.c - typed queries for the learning diary and guides (diary.h).
 * Same pattern as training.c: statement from the table, bind, step,
 * copy into the caller's arena.
 *
 * Traps: the guide and page statements take the person whose progress
 * they report as ?1 (0 for nobody), so their own id is ?2.  Moves swap
 * two positions in one UPDATE; deletes close the gap so positions stay
 * 1, 2, 3 … and "page n" is simply position n.
 */
#include "db/diary.h"

#include "core/arena.h"
#include "db/db_int.h"

static enum err
changed(struct db *db, enum err rc)
{
	return rc == ERR_OK && sqlite3_changes(db->conn) == 0 ? ERR_NOT_FOUND : rc;
}

/* ---- diary entries ---- */

static void
fill_entry(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_diary_entry *e = row;
	e->id = db_col_i64(s, 0);
	e->author_id = db_col_i64(s, 1);
	e->title = db_col_text(a, s, 2);
	e->entry_date = db_col_text(a, s, 3);
	e->body = db_col_text(a, s, 4);
	e->relationship_id = db_col_i64(s, 5);
	e->session_id = db_col_i64(s, 6);
	e->guide_page_id = db_col_i64(s, 7);
	e->stage_id = db_col_i64(s, 8);
	e->is_shared = db_col_i64(s, 9) != 0;
	e->shared_at = db_col_i64(s, 10);
	e->created_at = db_col_i64(s, 11);
	e->updated_at = db_col_i64(s, 12);
	e->author_name = db_col_text(a, s, 13);
	e->mentor_id = db_col_i64(s, 14);
	e->mentee_id = db_col_i64(s, 15);
	e->rel_status = db_col_text(a, s, 16);
	e->mentor_name = db_col_text(a, s, 17);
	e->mentee_name = db_col_text(a, s, 18);
	e->scheme_id = db_col_i64(s, 19);
	e->session_starts_at = db_col_i64(s, 20);
	e->time_zone = db_col_text(a, s, 21);
	e->page_title = db_col_text(a, s, 22);
	e->guide_title = db_col_text(a, s, 23);
	e->guide_id = db_col_i64(s, 24);
	e->page_position = db_col_i64(s, 25);
	e->stage_name = db_col_text(a, s, 26);
}

static enum err
entries(struct db *db, struct arena *a, sqlite3_stmt *s, struct db_diary_entry **out,
    size_t *n, const char *what)
{
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_diary_entry), fill_entry, NULL,
	    &rows, n, what);
	*out = rows;
	return rc;
}

enum err
db_diary_get(struct db *db, struct arena *a, int64_t id, struct db_diary_entry *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DIARY_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "diary get");
	if (rc == ERR_OK) {
		fill_entry(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_diary_of_author(struct db *db, struct arena *a, int64_t author_id, int64_t limit,
    struct db_diary_entry **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DIARY_OF_AUTHOR);
	db_bind_i64(s, 1, author_id);
	db_bind_i64(s, 2, limit);
	return entries(db, a, s, out, n, "diary of author");
}

enum err
db_diary_of_author_between(struct db *db, struct arena *a, int64_t author_id,
    const char *from, const char *to, int64_t limit, struct db_diary_entry **out,
    size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DIARY_OF_AUTHOR_BETWEEN);
	db_bind_i64(s, 1, author_id);
	db_bind_text(s, 2, from);
	db_bind_text(s, 3, to);
	db_bind_i64(s, 4, limit);
	return entries(db, a, s, out, n, "diary between");
}

enum err
db_diary_shared_with(struct db *db, struct arena *a, int64_t user_id, int64_t limit,
    struct db_diary_entry **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DIARY_SHARED_WITH);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, limit);
	return entries(db, a, s, out, n, "diary shared");
}

enum err
db_diary_add(struct db *db, const struct db_diary_in *in, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DIARY_ADD);
	db_bind_i64(s, 1, in->author_id);
	db_bind_text(s, 2, in->title);
	db_bind_text(s, 3, in->entry_date);
	db_bind_text(s, 4, in->body);
	db_bind_i64_or_null(s, 5, in->relationship_id);
	db_bind_i64_or_null(s, 6, in->session_id);
	db_bind_i64_or_null(s, 7, in->guide_page_id);
	db_bind_i64_or_null(s, 8, in->stage_id);
	db_bind_i64(s, 9, now);
	enum err rc = db_exec_stmt(db, s, "diary add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_diary_update(struct db *db, int64_t id, const struct db_diary_in *in, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DIARY_UPDATE);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, in->author_id);
	db_bind_text(s, 3, in->title);
	db_bind_text(s, 4, in->entry_date);
	db_bind_text(s, 5, in->body);
	db_bind_i64_or_null(s, 6, in->relationship_id);
	db_bind_i64_or_null(s, 7, in->session_id);
	db_bind_i64_or_null(s, 8, in->guide_page_id);
	db_bind_i64_or_null(s, 9, in->stage_id);
	db_bind_i64(s, 10, now);
	return changed(db, db_exec_stmt(db, s, "diary update"));
}

enum err
db_diary_set_shared(struct db *db, int64_t id, int64_t author_id, bool shared, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DIARY_SET_SHARED);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, author_id);
	db_bind_i64(s, 3, shared ? 1 : 0);
	db_bind_i64(s, 4, now);
	return changed(db, db_exec_stmt(db, s, "diary share"));
}

enum err
db_diary_delete(struct db *db, int64_t id, int64_t author_id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DIARY_DELETE);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, author_id);
	return changed(db, db_exec_stmt(db, s, "diary delete"));
}

static void
fill_stage(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_diary_stage *x = row;
	x->id = db_col_i64(s, 0);
	x->scheme_id = db_col_i64(s, 1);
	x->name = db_col_text(a, s, 2);
	x->scheme_name = db_col_text(a, s, 3);
}

enum err
db_diary_stages_for(struct db *db, struct arena *a, int64_t user_id,
    struct db_diary_stage **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DIARY_STAGES_FOR);
	db_bind_i64(s, 1, user_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_diary_stage), fill_stage, NULL,
	    &rows, n, "diary stages");
	*out = rows;
	return rc;
}

enum err
db_diary_stage_get(struct db *db, struct arena *a, int64_t id, struct db_diary_stage *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_DIARY_STAGE_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "diary stage");
	if (rc == ERR_OK) {
		fill_stage(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

/* ---- guides ---- */

static void
fill_guide(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_guide *g = row;
	g->id = db_col_i64(s, 0);
	g->scheme_id = db_col_i64(s, 1);
	g->scheme_name = db_col_text(a, s, 2);
	g->title = db_col_text(a, s, 3);
	g->summary = db_col_text(a, s, 4);
	g->audience = db_col_text(a, s, 5);
	g->position = db_col_i64(s, 6);
	g->is_published = db_col_i64(s, 7) != 0;
	g->is_before_matching = db_col_i64(s, 8) != 0;
	g->created_at = db_col_i64(s, 9);
	g->updated_at = db_col_i64(s, 10);
	g->npages = db_col_i64(s, 11);
	g->nread = db_col_i64(s, 12);
	g->completed_at = db_col_i64(s, 13);
	g->last_page_id = db_col_i64(s, 14);
	g->last_page_n = db_col_i64(s, 15);
}

static enum err
guides(struct db *db, struct arena *a, sqlite3_stmt *s, struct db_guide **out, size_t *n,
    const char *what)
{
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_guide), fill_guide, NULL, &rows, n,
	    what);
	*out = rows;
	return rc;
}

enum err
db_guides_for_user(struct db *db, struct arena *a, int64_t user_id, struct db_guide **out,
    size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_GUIDES_FOR_USER);
	db_bind_i64(s, 1, user_id);
	return guides(db, a, s, out, n, "guides for user");
}

enum err
db_guides_of_scheme(struct db *db, struct arena *a, int64_t scheme_id, int64_t user_id,
    struct db_guide **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_GUIDES_OF_SCHEME);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, scheme_id);
	return guides(db, a, s, out, n, "guides of scheme");
}

enum err
db_guide_get(struct db *db, struct arena *a, int64_t id, int64_t user_id,
    struct db_guide *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_GUIDE_GET);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, id);
	enum err rc = db_step_one(db, s, "guide get");
	if (rc == ERR_OK) {
		fill_guide(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_guide_readable(struct db *db, int64_t id, int64_t user_id, bool *readable)
{
	sqlite3_stmt *s = db_stmt(db, STMT_GUIDE_READABLE);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, id);
	enum err rc = db_step_one(db, s, "guide readable");
	*readable = false;
	if (rc == ERR_OK) {
		*readable = db_col_i64(s, 0) > 0;
		sqlite3_reset(s);
	}
	return rc;
}

static void
bind_guide(sqlite3_stmt *s, const struct db_guide_in *in, int64_t now)
{
	db_bind_text(s, 2, in->title);
	db_bind_text(s, 3, in->summary);
	db_bind_text(s, 4, in->audience);
	db_bind_i64(s, 5, in->is_published ? 1 : 0);
	db_bind_i64(s, 6, in->is_before_matching ? 1 : 0);
	db_bind_i64(s, 7, now);
}

enum err
db_guide_add(struct db *db, int64_t scheme_id, const struct db_guide_in *in, int64_t now,
    int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_GUIDE_ADD);
	db_bind_i64(s, 1, scheme_id);
	bind_guide(s, in, now);
	enum err rc = db_exec_stmt(db, s, "guide add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_guide_update(struct db *db, int64_t id, const struct db_guide_in *in, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_GUIDE_UPDATE);
	db_bind_i64(s, 1, id);
	bind_guide(s, in, now);
	return changed(db, db_exec_stmt(db, s, "guide update"));
}

enum err
db_guide_set_published(struct db *db, int64_t id, bool published, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_GUIDE_SET_PUBLISHED);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, published ? 1 : 0);
	db_bind_i64(s, 3, now);
	return changed(db, db_exec_stmt(db, s, "guide publish"));
}

enum err
db_guide_delete(struct db *db, const struct db_guide *g)
{
	sqlite3_stmt *s = db_stmt(db, STMT_GUIDE_DELETE);
	db_bind_i64(s, 1, g->id);
	enum err rc = changed(db, db_exec_stmt(db, s, "guide delete"));
	if (rc == ERR_OK) {
		s = db_stmt(db, STMT_GUIDE_CLOSE_GAP);
		db_bind_i64(s, 1, g->scheme_id);
		db_bind_i64(s, 2, g->position);
		rc = db_exec_stmt(db, s, "guide close gap");
	}
	return rc;
}

enum err
db_guide_swap(struct db *db, const struct db_guide *g, int64_t to)
{
	sqlite3_stmt *s = db_stmt(db, STMT_GUIDE_SWAP);
	db_bind_i64(s, 1, g->id);
	db_bind_i64(s, 2, g->scheme_id);
	db_bind_i64(s, 3, to);
	db_bind_i64(s, 4, g->position);
	enum err rc = db_exec_stmt(db, s, "guide swap");
	/* both rows or nothing to swap with */
	return rc == ERR_OK && sqlite3_changes(db->conn) != 2 ? ERR_CONFLICT : rc;
}

/* ---- pages ---- */

static void
fill_page(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	struct db_guide_page *p = row;
	p->id = db_col_i64(s, 0);
	p->guide_id = db_col_i64(s, 1);
	p->position = db_col_i64(s, 2);
	p->title = db_col_text(a, s, 3);
	p->body = db_col_text(a, s, 4);
	p->prompt = db_col_text(a, s, 5);
	p->created_at = db_col_i64(s, 6);
	p->updated_at = db_col_i64(s, 7);
	p->is_read = db_col_i64(s, 8) != 0;
	p->guide_title = ud != NULL ? db_col_text(a, s, 9) : "";
}

static enum err
page_one(struct db *db, struct arena *a, sqlite3_stmt *s, struct db_guide_page *out)
{
	enum err rc = db_step_one(db, s, "guide page");
	if (rc == ERR_OK) {
		fill_page(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_guide_pages(struct db *db, struct arena *a, int64_t guide_id, int64_t user_id,
    struct db_guide_page **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_GUIDE_PAGES);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, guide_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_guide_page), fill_page, NULL, &rows,
	    n, "guide pages");
	*out = rows;
	return rc;
}

enum err
db_guide_pages_for_user(struct db *db, struct arena *a, int64_t user_id,
    struct db_guide_page **out, size_t *n)
{
	static int with_guide;
	sqlite3_stmt *s = db_stmt(db, STMT_GUIDE_PAGES_FOR_USER);
	db_bind_i64(s, 1, user_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_guide_page), fill_page, &with_guide,
	    &rows, n, "guide pages for user");
	*out = rows;
	return rc;
}

enum err
db_guide_page_get(struct db *db, struct arena *a, int64_t id, int64_t user_id,
    struct db_guide_page *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_GUIDE_PAGE_GET);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, id);
	return page_one(db, a, s, out);
}

enum err
db_guide_page_at(struct db *db, struct arena *a, int64_t guide_id, int64_t n,
    int64_t user_id, struct db_guide_page *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_GUIDE_PAGE_AT);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, guide_id);
	db_bind_i64(s, 3, n);
	return page_one(db, a, s, out);
}

enum err
db_guide_page_add(struct db *db, int64_t guide_id, const struct db_guide_page_in *in,
    int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_GUIDE_PAGE_ADD);
	db_bind_i64(s, 1, guide_id);
	db_bind_text(s, 2, in->title);
	db_bind_text(s, 3, in->body);
	db_bind_text(s, 4, in->prompt);
	db_bind_i64(s, 5, now);
	enum err rc = db_exec_stmt(db, s, "guide page add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_guide_page_update(struct db *db, int64_t id, const struct db_guide_page_in *in,
    int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_GUIDE_PAGE_UPDATE);
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, in->title);
	db_bind_text(s, 3, in->body);
	db_bind_text(s, 4, in->prompt);
	db_bind_i64(s, 5, now);
	return changed(db, db_exec_stmt(db, s, "guide page update"));
}

enum err
db_guide_page_delete(struct db *db, const struct db_guide_page *p)
{
	sqlite3_stmt *s = db_stmt(db, STMT_GUIDE_PAGE_DELETE);
	db_bind_i64(s, 1, p->id);
	enum err rc = changed(db, db_exec_stmt(db, s, "guide page delete"));
	if (rc == ERR_OK) {
		s = db_stmt(db, STMT_GUIDE_PAGE_CLOSE_GAP);
		db_bind_i64(s, 1, p->guide_id);
		db_bind_i64(s, 2, p->position);
		rc = db_exec_stmt(db, s, "guide page close gap");
	}
	return rc;
}

enum err
db_guide_page_swap(struct db *db, const struct db_guide_page *p, int64_t to)
{
	sqlite3_stmt *s = db_stmt(db, STMT_GUIDE_PAGE_SWAP);
	db_bind_i64(s, 1, p->id);
	db_bind_i64(s, 2, p->guide_id);
	db_bind_i64(s, 3, to);
	db_bind_i64(s, 4, p->position);
	enum err rc = db_exec_stmt(db, s, "guide page swap");
	return rc == ERR_OK && sqlite3_changes(db->conn) != 2 ? ERR_CONFLICT : rc;
}

enum err
db_guide_mark_read(struct db *db, int64_t user_id, const struct db_guide_page *p,
    int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_GUIDE_MARK_READ);
	db_bind_i64(s, 1, user_id);
	db_bind_i64(s, 2, p->id);
	db_bind_i64(s, 3, p->guide_id);
	db_bind_i64(s, 4, now);
	enum err rc = db_exec_stmt(db, s, "guide mark read");
	if (rc == ERR_OK) {
		s = db_stmt(db, STMT_GUIDE_PROGRESS_SAVE);
		db_bind_i64(s, 1, user_id);
		db_bind_i64(s, 2, p->guide_id);
		db_bind_i64(s, 3, p->id);
		db_bind_i64(s, 4, now);
		rc = db_exec_stmt(db, s, "guide progress");
	}
	return rc;
}
