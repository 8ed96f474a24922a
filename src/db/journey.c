/*
 * journey.c - typed queries for the journey / roadmap (journey.h).  Same
 * pattern as training.c: statement from the table, bind, step, copy
 * into the caller's arena.
 *
 * Trap: position is UNIQUE per scheme and SQLite checks that row by row,
 * so a swap goes through a temporary negative position (the CHECK only
 * forbids 0).
 */
#include "db/journey.h"

#include "core/arena.h"
#include "db/db_int.h"

static enum err
changed(struct db *db, enum err rc)
{
	return rc == ERR_OK && sqlite3_changes(db->conn) == 0 ? ERR_NOT_FOUND : rc;
}

/* ---- stages ---- */

static void
fill_stage(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_journey_stage *t = row;
	t->id = db_col_i64(s, 0);
	t->scheme_id = db_col_i64(s, 1);
	t->position = db_col_i64(s, 2);
	t->name = db_col_text(a, s, 3);
	t->description = db_col_text(a, s, 4);
	t->is_review = db_col_i64(s, 5) != 0;
	t->uses = db_col_i64(s, 6);
}

enum err
db_journey_stages(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_journey_stage **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_JSTAGE_LIST);
	db_bind_i64(s, 1, scheme_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_journey_stage), fill_stage, NULL,
	    &rows, n, "journey stages");
	*out = rows;
	return rc;
}

enum err
db_journey_stage_get(struct db *db, struct arena *a, int64_t id, struct db_journey_stage *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_JSTAGE_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "journey stage get");
	if (rc == ERR_OK) {
		fill_stage(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_journey_stage_add(struct db *db, int64_t scheme_id, const char *name,
    const char *description, bool is_review, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_JSTAGE_ADD);
	db_bind_i64(s, 1, scheme_id);
	db_bind_text(s, 2, name);
	db_bind_text(s, 3, description);
	db_bind_i64(s, 4, is_review);
	db_bind_i64(s, 5, now);
	enum err rc = db_exec_stmt(db, s, "journey stage add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_journey_stage_update(struct db *db, int64_t id, const char *name,
    const char *description, bool is_review, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_JSTAGE_UPDATE);
	db_bind_i64(s, 1, id);
	db_bind_text(s, 2, name);
	db_bind_text(s, 3, description);
	db_bind_i64(s, 4, is_review);
	db_bind_i64(s, 5, now);
	return changed(db, db_exec_stmt(db, s, "journey stage update"));
}

enum err
db_journey_stage_clear_review(struct db *db, int64_t scheme_id, int64_t except_id,
    int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_JSTAGE_CLEAR_REVIEW);
	db_bind_i64(s, 1, scheme_id);
	db_bind_i64(s, 2, except_id);
	db_bind_i64(s, 3, now);
	return db_exec_stmt(db, s, "journey stage clear review");
}

static enum err
set_position(struct db *db, int64_t id, int64_t position, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_JSTAGE_SET_POSITION);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, position);
	db_bind_i64(s, 3, now);
	return changed(db, db_exec_stmt(db, s, "journey stage position"));
}

enum err
db_journey_stage_swap(struct db *db, const struct db_journey_stage *x,
    const struct db_journey_stage *y, int64_t now)
{
	enum err rc;
	if ((rc = set_position(db, x->id, -x->position, now)) == ERR_OK &&
	    (rc = set_position(db, y->id, x->position, now)) == ERR_OK)
		rc = set_position(db, x->id, y->position, now);
	return rc;
}

enum err
db_journey_stage_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_JSTAGE_DELETE);
	db_bind_i64(s, 1, id);
	enum err rc = changed(db, db_exec_stmt(db, s, "journey stage delete"));
	/* a foreign key (something still names it) maps to ERR_BAD_INPUT */
	return rc == ERR_BAD_INPUT ? ERR_CONFLICT : rc;
}

/* ---- decisions ---- */

static void
fill_decision(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_journey_decision *d = row;
	d->id = db_col_i64(s, 0);
	d->relationship_id = db_col_i64(s, 1);
	d->stage_id = db_col_i64(s, 2);
	d->author_id = db_col_i64(s, 3);
	d->body = db_col_text(a, s, 4);
	d->created_at = db_col_i64(s, 5);
	d->updated_at = db_col_i64(s, 6);
	d->author_name = db_col_text(a, s, 7);
}

enum err
db_journey_decisions(struct db *db, struct arena *a, int64_t rel_id,
    struct db_journey_decision **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, STMT_JDEC_OF_REL);
	db_bind_i64(s, 1, rel_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_journey_decision), fill_decision,
	    NULL, &rows, n, "journey decisions");
	*out = rows;
	return rc;
}

enum err
db_journey_decision_get(struct db *db, struct arena *a, int64_t id,
    struct db_journey_decision *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_JDEC_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "journey decision get");
	if (rc == ERR_OK) {
		fill_decision(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_journey_decision_add(struct db *db, int64_t rel_id, int64_t stage_id, int64_t author_id,
    const char *body, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_JDEC_ADD);
	db_bind_i64(s, 1, rel_id);
	db_bind_i64(s, 2, stage_id);
	db_bind_i64(s, 3, author_id);
	db_bind_text(s, 4, body);
	db_bind_i64(s, 5, now);
	enum err rc = db_exec_stmt(db, s, "journey decision add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_journey_decision_update(struct db *db, int64_t id, int64_t stage_id, const char *body,
    int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_JDEC_UPDATE);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, stage_id);
	db_bind_text(s, 3, body);
	db_bind_i64(s, 4, now);
	return changed(db, db_exec_stmt(db, s, "journey decision update"));
}

enum err
db_journey_decision_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_JDEC_DELETE);
	db_bind_i64(s, 1, id);
	return changed(db, db_exec_stmt(db, s, "journey decision delete"));
}

/* ---- action points ---- */

static void
fill_action(struct arena *a, sqlite3_stmt *s, void *row, void *ud)
{
	(void)ud;
	struct db_journey_action *x = row;
	x->id = db_col_i64(s, 0);
	x->relationship_id = db_col_i64(s, 1);
	x->stage_id = db_col_i64(s, 2);
	x->body = db_col_text(a, s, 3);
	x->owner_id = db_col_i64(s, 4);
	x->due = db_col_text(a, s, 5);
	x->done_at = db_col_i64(s, 6);
	x->done_by = db_col_i64(s, 7);
	x->created_by = db_col_i64(s, 8);
	x->created_at = db_col_i64(s, 9);
	x->updated_at = db_col_i64(s, 10);
	x->owner_name = db_col_text(a, s, 11);
	x->done_by_name = db_col_text(a, s, 12);
	x->stage_name = db_col_text(a, s, 13);
}

static enum err
action_list(struct db *db, struct arena *a, enum stmt id, int64_t rel_id,
    struct db_journey_action **out, size_t *n)
{
	sqlite3_stmt *s = db_stmt(db, id);
	db_bind_i64(s, 1, rel_id);
	void *rows;
	enum err rc = db_rows(db, a, s, sizeof(struct db_journey_action), fill_action, NULL,
	    &rows, n, "journey actions");
	*out = rows;
	return rc;
}

enum err
db_journey_actions(struct db *db, struct arena *a, int64_t rel_id,
    struct db_journey_action **out, size_t *n)
{
	return action_list(db, a, STMT_JACT_OF_REL, rel_id, out, n);
}

enum err
db_journey_actions_open(struct db *db, struct arena *a, int64_t rel_id,
    struct db_journey_action **out, size_t *n)
{
	return action_list(db, a, STMT_JACT_OPEN_OF_REL, rel_id, out, n);
}

enum err
db_journey_action_get(struct db *db, struct arena *a, int64_t id,
    struct db_journey_action *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_JACT_GET);
	db_bind_i64(s, 1, id);
	enum err rc = db_step_one(db, s, "journey action get");
	if (rc == ERR_OK) {
		fill_action(a, s, out, NULL);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_journey_action_add(struct db *db, const struct db_journey_action *x, int64_t now,
    int64_t *id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_JACT_ADD);
	db_bind_i64(s, 1, x->relationship_id);
	db_bind_i64(s, 2, x->stage_id);
	db_bind_text(s, 3, x->body);
	db_bind_i64(s, 4, x->owner_id);
	db_bind_text(s, 5, x->due);
	db_bind_i64(s, 6, x->created_by);
	db_bind_i64(s, 7, now);
	enum err rc = db_exec_stmt(db, s, "journey action add");
	if (rc == ERR_OK)
		*id = sqlite3_last_insert_rowid(db->conn);
	return rc;
}

enum err
db_journey_action_update(struct db *db, const struct db_journey_action *x, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_JACT_UPDATE);
	db_bind_i64(s, 1, x->id);
	db_bind_i64(s, 2, x->stage_id);
	db_bind_text(s, 3, x->body);
	db_bind_i64(s, 4, x->owner_id);
	db_bind_text(s, 5, x->due);
	db_bind_i64(s, 6, now);
	return changed(db, db_exec_stmt(db, s, "journey action update"));
}

enum err
db_journey_action_set_done(struct db *db, int64_t id, int64_t done_by, int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_JACT_SET_DONE);
	db_bind_i64(s, 1, id);
	db_bind_i64(s, 2, done_by);
	db_bind_i64(s, 3, now);
	return changed(db, db_exec_stmt(db, s, "journey action done"));
}

enum err
db_journey_action_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_JACT_DELETE);
	db_bind_i64(s, 1, id);
	return changed(db, db_exec_stmt(db, s, "journey action delete"));
}

/* ---- counts and the current stage ---- */

enum err
db_journey_counts(struct db *db, int64_t rel_id, struct db_journey_counts *out)
{
	sqlite3_stmt *s = db_stmt(db, STMT_JOURNEY_COUNTS);
	db_bind_i64(s, 1, rel_id);
	enum err rc = db_step_one(db, s, "journey counts");
	if (rc == ERR_OK) {
		out->decisions = db_col_i64(s, 0);
		out->actions = db_col_i64(s, 1);
		out->open_actions = db_col_i64(s, 2);
		sqlite3_reset(s);
	}
	return rc;
}

enum err
db_journey_current_get(struct db *db, int64_t rel_id, int64_t *stage_id)
{
	sqlite3_stmt *s = db_stmt(db, STMT_JCUR_GET);
	db_bind_i64(s, 1, rel_id);
	enum err rc = db_step_one(db, s, "journey current get");
	*stage_id = 0;
	if (rc == ERR_OK) {
		*stage_id = db_col_i64(s, 0);
		sqlite3_reset(s);
	} else if (rc == ERR_NOT_FOUND) {
		rc = ERR_OK;
	}
	return rc;
}

enum err
db_journey_current_set(struct db *db, int64_t rel_id, int64_t stage_id, int64_t set_by,
    int64_t now)
{
	sqlite3_stmt *s = db_stmt(db, STMT_JCUR_SET);
	db_bind_i64(s, 1, rel_id);
	db_bind_i64(s, 2, stage_id);
	db_bind_i64_or_null(s, 3, set_by);
	db_bind_i64(s, 4, now);
	return db_exec_stmt(db, s, "journey current set");
}
