/*
 * journey.c - the journey / roadmap (NOTE-5): the rules of journey.h.
 *
 * Design: a relationship's records go through app_relationship_guard
 * (LRLA_VIEW to read, LRLA_ADD_CONTENT to write, inside the write's
 * BEGIN IMMEDIATE transaction, so a relationship completed meanwhile
 * refuses the change).  An item (decision, action point) is loaded
 * first and its relationship guarded next: an id from another pair
 * gives the same ERR_NOT_FOUND as one that does not exist.  Stages are
 * the scheme's; their administrators change them, audited.
 *
 * Traps: administrators never get content from app_journey_summary (the
 * relationship page); only app_journey_open hands it over, and only
 * after its audit row committed (ADM-8: no unaudited look).  The text of
 * decisions and action points never goes into the audit log or the
 * logs: ids only.  A stage in use cannot be deleted: the count comes
 * from the stage query, and the foreign keys (ON DELETE RESTRICT) are
 * the backstop.
 */
#include "app/journey.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/date.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/strparse.h"
#include "core/tz.h"

#define STAGE_PICK "Choose a stage of the journey"
#define NOT_YOURS "Only the person who wrote it can change or delete it"
#define ADMIN_NO_WRITE "Administrators can read the journey but not change it"

static enum err
finish(struct db *db, enum err rc)
{
	if (rc == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

static const char *
nz(const char *s)
{
	return s ? s : "";
}

/* ---- rules ---- */

/* Nothing but spaces and line breaks. */
static bool
is_blank(const char *s)
{
	for (s = nz(s); *s != '\0'; s++)
		if (strchr(" \t\r\n", *s) == NULL)
			return false;
	return true;
}

/* Required text (not blank) of at most max characters. */
static void
check_text(struct app_problems *ps, const char *field, const char *text, size_t max,
    const char *missing, const char *too_long)
{
	if (is_blank(text))
		app_problem(ps, field, missing);
	else if (str_utf8_len(text) > max)
		app_problem(ps, field, too_long);
}

enum err
app_journey_stage_check(const struct app_stage_in *in, struct app_problems *ps)
{
	size_t before = ps->n;
	check_text(ps, "name", in->name, APP_JOURNEY_NAME_MAX, "Enter the name of the stage",
	    "The name of the stage must be 120 characters or fewer");
	if (str_utf8_len(nz(in->description)) > APP_JOURNEY_DESC_MAX)
		app_problem(ps, "description", "The description must be 4,000 characters "
		    "or fewer");
	return ps->n > before ? ERR_BAD_INPUT : ERR_OK;
}

enum err
app_journey_owner(const struct db_relationship *r, enum lc_actor actor, const char *owner,
    int64_t *owner_id)
{
	int64_t id = 0;
	owner = nz(owner);
	*owner_id = 0;
	if (actor != LC_MENTOR && actor != LC_MENTEE)
		return ERR_BAD_INPUT;
	int64_t mine = actor == LC_MENTOR ? r->mentor_id : r->mentee_id;
	int64_t theirs = actor == LC_MENTOR ? r->mentee_id : r->mentor_id;
	if (strcmp(owner, "me") == 0)
		id = mine;
	else if (strcmp(owner, "other") == 0)
		id = theirs;
	else if (strcmp(owner, "mentor") == 0)
		id = r->mentor_id;
	else if (strcmp(owner, "mentee") == 0)
		id = r->mentee_id;
	else if (str_to_i64(owner, 1, INT64_MAX, &id) != ERR_OK)
		id = 0;
	if (id == 0 || (id != r->mentor_id && id != r->mentee_id))
		return ERR_BAD_INPUT;
	*owner_id = id;
	return ERR_OK;
}

const char *
app_journey_due_problem(const char *due, const char *today, const char *kept)
{
	due = nz(due);
	if (*due == '\0')
		return NULL;
	if (!app_date_is_real(due))
		return "Due date must be a real date";
	if (strcmp(due, today) < 0 && strcmp(due, nz(kept)) != 0)
		return "Due date must be today or in the future";
	return NULL;
}

bool
app_journey_is_overdue(const struct db_journey_action *x, const char *today)
{
	return x->done_at == 0 && *nz(x->due) != '\0' && strcmp(x->due, today) < 0;
}

/* Days since 1970-01-01 of a real "YYYY-MM-DD" (Howard Hinnant's
 * days_from_civil). */
static int64_t
days_of(const char *iso)
{
	int y = 0, m = 0, d = 0;
	if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return 0;
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

const char *
app_journey_due_words(struct arena *a, const char *due, const char *today)
{
	if (!app_date_is_real(nz(due)) || !app_date_is_real(nz(today)))
		return "";
	int64_t diff = days_of(due) - days_of(today);
	if (diff == 0)
		return "Due today";
	if (diff < 0)
		return arena_printf(a, "%lld day%s overdue", (long long)-diff,
		    diff == -1 ? "" : "s");
	return arena_printf(a, "Due in %lld day%s", (long long)diff, diff == 1 ? "" : "s");
}

void
app_journey_today(const struct db_scheme_settings *st, char out[11])
{
	struct tz_local l;
	tz_to_local(tz_or_default(st ? st->time_zone : NULL), clock_now(), &l);
	char buf[48];
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", l.year, l.month, l.day);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

/* ---- administration of stages ---- */

static const char *
stage_subject(struct arena *a, int64_t id)
{
	return arena_printf(a, "journey_stage:%lld", (long long)id);
}

enum err
app_journey_scheme(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct app_journey_scheme *out)
{
	memset(out, 0, sizeof(*out));
	if (me == NULL || !app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	enum err rc = db_scheme_get(db, a, scheme_id, &out->scheme);
	if (rc == ERR_OK)
		rc = db_journey_stages(db, a, scheme_id, &out->stages, &out->n);
	return rc;
}

enum err
app_journey_stage(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t stage_id, struct db_journey_stage *out)
{
	enum err rc = db_journey_stage_get(db, a, stage_id, out);
	if (rc == ERR_OK && (me == NULL || !app_is_scheme_admin(me, out->scheme_id)))
		rc = ERR_NOT_FOUND;
	return rc;
}

enum err
app_journey_stage_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const struct app_stage_in *in, const char *ip,
    struct app_problems *ps, int64_t *id)
{
	struct app_journey_scheme js;
	enum err rc = app_journey_scheme(db, a, me, scheme_id, &js);
	if (rc != ERR_OK)
		return rc;
	if ((rc = app_journey_stage_check(in, ps)) != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	struct db_journey_stage *stages;
	size_t n;
	int64_t now = clock_now();
	if ((rc = db_journey_stages(db, a, scheme_id, &stages, &n)) != ERR_OK)
		goto out;
	if (n >= APP_JOURNEY_STAGES_MAX) {
		app_problem(ps, "name", "A journey can have at most 20 stages. Delete or "
		    "change a stage instead");
		rc = ERR_BAD_INPUT;
		goto out;
	}
	/* the flag moves: cleared first, as the index allows one at a time */
	if (in->is_review &&
	    (rc = db_journey_stage_clear_review(db, scheme_id, 0, now)) != ERR_OK)
		goto out;
	if ((rc = db_journey_stage_add(db, scheme_id, in->name, nz(in->description),
	    in->is_review, now, id)) != ERR_OK)
		goto out;
	rc = app_audit_tx(db, me->user_id, scheme_id, "journey.stage_add",
	    stage_subject(a, *id), in->name, nz(ip));
out:
	return finish(db, rc);
}

enum err
app_journey_stage_update(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t stage_id, const struct app_stage_in *in, const char *ip,
    struct app_problems *ps)
{
	struct db_journey_stage st;
	enum err rc = app_journey_stage(db, a, me, stage_id, &st);
	if (rc != ERR_OK)
		return rc;
	if ((rc = app_journey_stage_check(in, ps)) != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	int64_t now = clock_now();
	if (in->is_review)
		rc = db_journey_stage_clear_review(db, st.scheme_id, stage_id, now);
	if (rc == ERR_OK)
		rc = db_journey_stage_update(db, stage_id, in->name, nz(in->description),
		    in->is_review, now);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, st.scheme_id, "journey.stage_edit",
		    stage_subject(a, stage_id), in->name, nz(ip));
	return finish(db, rc);
}

enum err
app_journey_stage_move(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t stage_id, bool up, const char *ip)
{
	struct db_journey_stage st, *stages;
	size_t n, i;
	enum err rc = app_journey_stage(db, a, me, stage_id, &st);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if ((rc = db_journey_stages(db, a, st.scheme_id, &stages, &n)) != ERR_OK)
		goto out;
	for (i = 0; i < n && stages[i].id != stage_id; i++)
		;
	if (i == n) {
		rc = ERR_NOT_FOUND;
		goto out;
	}
	size_t j = up ? i - 1 : i + 1;
	if ((up && i == 0) || (!up && i + 1 == n))
		goto out;   /* already first or last: nothing to do */
	if ((rc = db_journey_stage_swap(db, &stages[i], &stages[j], clock_now())) != ERR_OK)
		goto out;
	rc = app_audit_tx(db, me->user_id, st.scheme_id, "journey.stage_move",
	    stage_subject(a, stage_id), up ? "up" : "down", nz(ip));
out:
	return finish(db, rc);
}

enum err
app_journey_stage_delete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t stage_id, const char *ip, struct app_problems *ps)
{
	static const char in_use[] = "This stage cannot be deleted because pairs have "
	    "recorded decisions or action points at it, or are at this stage now. You can "
	    "rename it or change its description instead";
	struct db_journey_stage st;
	enum err rc = app_journey_stage(db, a, me, stage_id, &st);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	/* again inside the transaction: a pair may have just used it */
	if ((rc = db_journey_stage_get(db, a, stage_id, &st)) != ERR_OK)
		goto out;
	if (st.uses > 0) {
		rc = ERR_CONFLICT;
	} else if ((rc = db_journey_stage_delete(db, stage_id)) == ERR_OK) {
		rc = app_audit_tx(db, me->user_id, st.scheme_id, "journey.stage_delete",
		    stage_subject(a, stage_id), st.name, nz(ip));
	}
	if (rc == ERR_CONFLICT)
		app_problem(ps, "", in_use);
out:
	return finish(db, rc);
}

/* ---- a relationship's journey ---- */

/* Everything but the content. */
static enum err
load_frame(struct db *db, struct arena *a, const struct app_auth *me, int64_t rel_id,
    struct app_journey *out)
{
	memset(out, 0, sizeof(*out));
	enum err rc = app_relationship_guard(db, a, me, rel_id, LRLA_VIEW, &out->rel);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_scheme_settings_get(db, a, out->rel.r.scheme_id, &out->settings)) !=
	    ERR_OK)
		return rc;
	out->is_party = out->rel.actor == LC_MENTOR || out->rel.actor == LC_MENTEE;
	out->can_write = out->is_party && out->rel.status == LRL_ACTIVE;
	out->admin_may_open = out->rel.actor == LC_ADMIN && out->settings.admin_sees_documents;
	app_journey_today(&out->settings, out->today);
	if ((rc = db_journey_counts(db, rel_id, &out->counts)) != ERR_OK)
		return rc;
	return db_journey_stages(db, a, out->rel.r.scheme_id, &out->stages, &out->nstages);
}

static enum err
load_content(struct db *db, struct arena *a, int64_t rel_id, bool review,
    struct app_journey *out)
{
	enum err rc = db_journey_current_get(db, rel_id, &out->current_stage_id);
	if (rc == ERR_OK)
		rc = db_journey_decisions(db, a, rel_id, &out->decisions, &out->ndecisions);
	if (rc == ERR_OK)
		rc = review ? db_journey_actions_open(db, a, rel_id, &out->actions, &out->nactions) :
		    db_journey_actions(db, a, rel_id, &out->actions, &out->nactions);
	if (rc == ERR_OK)
		out->can_open = true;
	return rc;
}

enum err
app_journey_summary(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, struct app_journey *out)
{
	enum err rc = load_frame(db, a, me, rel_id, out);
	if (rc == ERR_OK && out->is_party)
		rc = load_content(db, a, rel_id, false, out);
	return rc;
}

enum err
app_journey_open(struct db *db, struct arena *a, const struct app_auth *me, int64_t rel_id,
    bool review, const char *ip, struct app_journey *out)
{
	enum err rc = load_frame(db, a, me, rel_id, out);
	if (rc != ERR_OK)
		return rc;
	if (!out->is_party) {
		if (!out->admin_may_open)
			return ERR_FORBIDDEN;
		/* ADM-8: every opening by an administrator is recorded */
		if ((rc = db_begin(db)) != ERR_OK)
			return rc;
		rc = finish(db, app_audit_tx(db, me->user_id, out->rel.r.scheme_id,
		    "content.view", arena_printf(a, "journey:%lld", (long long)rel_id),
		    review ? "progress review opened by an administrator" :
		    "journey opened by an administrator", nz(ip)));
		if (rc != ERR_OK)
			return rc;
	}
	return load_content(db, a, rel_id, review, out);
}

/* ---- writes ---- */

/* The guard inside a write: ended is a conflict with its sentence; an
 * administrator may read but never write. */
static enum err
guard_write(struct db *db, struct arena *a, const struct app_auth *me, int64_t rel_id,
    struct app_relationship *rel, struct app_problems *ps)
{
	enum err rc = app_relationship_guard(db, a, me, rel_id, LRLA_ADD_CONTENT, rel);
	if (rc == ERR_CONFLICT)
		app_problem(ps, "", APP_REL_ENDED);
	else if (rc == ERR_FORBIDDEN)
		app_problem(ps, "", ADMIN_NO_WRITE);
	return rc;
}

/* stage_id must be one of the scheme's stages. */
static void
check_stage(struct db *db, struct arena *a, int64_t scheme_id, int64_t stage_id,
    struct app_problems *ps)
{
	struct db_journey_stage st;
	if (stage_id <= 0 || db_journey_stage_get(db, a, stage_id, &st) != ERR_OK ||
	    st.scheme_id != scheme_id)
		app_problem(ps, "stage_id", STAGE_PICK);
}

enum err
app_journey_set_stage(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, int64_t stage_id, struct app_problems *ps)
{
	struct app_relationship rel;
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	if ((rc = guard_write(db, a, me, rel_id, &rel, ps)) != ERR_OK)
		goto out;
	size_t before = ps->n;
	check_stage(db, a, rel.r.scheme_id, stage_id, ps);
	if (ps->n > before)
		rc = ERR_BAD_INPUT;
	else
		rc = db_journey_current_set(db, rel_id, stage_id, me->user_id, clock_now());
out:
	return finish(db, rc);
}

static enum err
check_decision(struct db *db, struct arena *a, int64_t scheme_id,
    const struct app_decision_in *in, struct app_problems *ps)
{
	size_t before = ps->n;
	check_stage(db, a, scheme_id, in->stage_id, ps);
	check_text(ps, "text", in->text, APP_JOURNEY_DECISION_MAX, "Enter the decision",
	    "The decision must be 4,000 characters or fewer");
	return ps->n > before ? ERR_BAD_INPUT : ERR_OK;
}

enum err
app_journey_decision_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, const struct app_decision_in *in, struct app_problems *ps,
    int64_t *id)
{
	struct app_relationship rel;
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	if ((rc = guard_write(db, a, me, rel_id, &rel, ps)) == ERR_OK &&
	    (rc = check_decision(db, a, rel.r.scheme_id, in, ps)) == ERR_OK)
		rc = db_journey_decision_add(db, rel_id, in->stage_id, me->user_id, in->text,
		    clock_now(), id);
	return finish(db, rc);
}

/* An item's relationship, guarded for writing, and the author rule. */
static enum err
decision_for_write(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct db_journey_decision *d, struct app_relationship *rel, struct app_problems *ps)
{
	enum err rc = db_journey_decision_get(db, a, id, d);
	if (rc != ERR_OK)
		return rc;
	/* strangers: the same 404 as a missing id */
	if ((rc = app_relationship_guard(db, a, me, d->relationship_id, LRLA_VIEW, rel)) !=
	    ERR_OK)
		return rc;
	if ((rc = guard_write(db, a, me, d->relationship_id, rel, ps)) != ERR_OK)
		return rc;
	if (d->author_id != me->user_id) {
		app_problem(ps, "", NOT_YOURS);
		return ERR_FORBIDDEN;
	}
	return ERR_OK;
}

enum err
app_journey_decision_for_edit(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, struct db_journey_decision *out, struct app_journey *j,
    struct app_problems *ps)
{
	struct app_relationship rel;
	enum err rc = decision_for_write(db, a, me, id, out, &rel, ps);
	if (rc == ERR_OK)
		rc = load_frame(db, a, me, out->relationship_id, j);
	return rc;
}

enum err
app_journey_decision_update(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const struct app_decision_in *in, struct app_problems *ps, int64_t *rel_id)
{
	struct db_journey_decision d;
	struct app_relationship rel;
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	if ((rc = decision_for_write(db, a, me, id, &d, &rel, ps)) != ERR_OK)
		goto out;
	*rel_id = d.relationship_id;
	if ((rc = check_decision(db, a, rel.r.scheme_id, in, ps)) == ERR_OK)
		rc = db_journey_decision_update(db, id, in->stage_id, in->text, clock_now());
out:
	return finish(db, rc);
}

enum err
app_journey_decision_delete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, struct app_problems *ps, int64_t *rel_id)
{
	struct db_journey_decision d;
	struct app_relationship rel;
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	if ((rc = decision_for_write(db, a, me, id, &d, &rel, ps)) == ERR_OK) {
		*rel_id = d.relationship_id;
		rc = db_journey_decision_delete(db, id);
	}
	return finish(db, rc);
}

/* The fields of an action point; *owner_id set when they are fine. */
static enum err
check_action(struct db *db, struct arena *a, const struct app_relationship *rel,
    const struct app_action_in *in, const char *kept_due, struct app_problems *ps,
    int64_t *owner_id)
{
	size_t before = ps->n;
	struct db_scheme_settings st;
	char today[11];
	enum err rc = db_scheme_settings_get(db, a, rel->r.scheme_id, &st);
	if (rc != ERR_OK)
		return rc;
	app_journey_today(&st, today);
	check_stage(db, a, rel->r.scheme_id, in->stage_id, ps);
	check_text(ps, "text", in->text, APP_JOURNEY_ACTION_MAX, "Enter the action point",
	    "The action point must be 1,000 characters or fewer");
	if (app_journey_owner(&rel->r, rel->actor, in->owner, owner_id) != ERR_OK)
		app_problem(ps, "owner", "Choose who will do this: you or the other person "
		    "in this mentoring relationship");
	const char *why = app_journey_due_problem(in->due, today, kept_due);
	if (why != NULL)
		app_problem(ps, "due", why);
	return ps->n > before ? ERR_BAD_INPUT : ERR_OK;
}

enum err
app_journey_action_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, const struct app_action_in *in, struct app_problems *ps, int64_t *id)
{
	struct app_relationship rel;
	struct db_journey_action x = {0};
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	if ((rc = guard_write(db, a, me, rel_id, &rel, ps)) != ERR_OK ||
	    (rc = check_action(db, a, &rel, in, NULL, ps, &x.owner_id)) != ERR_OK)
		goto out;
	x.relationship_id = rel_id;
	x.stage_id = in->stage_id;
	x.body = in->text;
	x.due = nz(in->due);
	x.created_by = me->user_id;
	rc = db_journey_action_add(db, &x, clock_now(), id);
out:
	return finish(db, rc);
}

/* An action point's relationship guarded for writing; with `creator`,
 * only the person who added it may go on. */
static enum err
action_for_write(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    bool creator, struct db_journey_action *x, struct app_relationship *rel,
    struct app_problems *ps)
{
	enum err rc = db_journey_action_get(db, a, id, x);
	if (rc != ERR_OK)
		return rc;
	if ((rc = app_relationship_guard(db, a, me, x->relationship_id, LRLA_VIEW, rel)) !=
	    ERR_OK)
		return rc;
	if ((rc = guard_write(db, a, me, x->relationship_id, rel, ps)) != ERR_OK)
		return rc;
	if (creator && x->created_by != me->user_id) {
		app_problem(ps, "", "Only the person who added this action point can change "
		    "or delete it");
		return ERR_FORBIDDEN;
	}
	return ERR_OK;
}

enum err
app_journey_action_for_edit(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, struct db_journey_action *out, struct app_journey *j,
    struct app_problems *ps)
{
	struct app_relationship rel;
	enum err rc = action_for_write(db, a, me, id, true, out, &rel, ps);
	if (rc == ERR_OK)
		rc = load_frame(db, a, me, out->relationship_id, j);
	return rc;
}

enum err
app_journey_action_update(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const struct app_action_in *in, struct app_problems *ps, int64_t *rel_id)
{
	struct db_journey_action x;
	struct app_relationship rel;
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	if ((rc = action_for_write(db, a, me, id, true, &x, &rel, ps)) != ERR_OK)
		goto out;
	*rel_id = x.relationship_id;
	if ((rc = check_action(db, a, &rel, in, x.due, ps, &x.owner_id)) != ERR_OK)
		goto out;
	x.stage_id = in->stage_id;
	x.body = in->text;
	x.due = nz(in->due);
	rc = db_journey_action_update(db, &x, clock_now());
out:
	return finish(db, rc);
}

enum err
app_journey_action_done(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, bool done, struct app_problems *ps, int64_t *rel_id)
{
	struct db_journey_action x;
	struct app_relationship rel;
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	if ((rc = action_for_write(db, a, me, id, false, &x, &rel, ps)) == ERR_OK) {
		*rel_id = x.relationship_id;
		rc = db_journey_action_set_done(db, id, done ? me->user_id : 0, clock_now());
	}
	return finish(db, rc);
}

enum err
app_journey_action_delete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, struct app_problems *ps, int64_t *rel_id)
{
	struct db_journey_action x;
	struct app_relationship rel;
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	if ((rc = action_for_write(db, a, me, id, true, &x, &rel, ps)) == ERR_OK) {
		*rel_id = x.relationship_id;
		rc = db_journey_action_delete(db, id);
	}
	return finish(db, rc);
}

/* ---- demo data ---- */

static const struct {
	const char *name, *description;
	bool is_review;
} demo_stages[] = {
	{"Getting to know each other",
	    "Meet, talk about your backgrounds and what brought you to mentoring, and agree "
	    "how you will work together: how often you will meet, how you will keep in "
	    "touch, and what stays confidential. Many pairs write this down as their "
	    "mentoring agreement.", false},
	{"Setting goals",
	    "The mentee describes where they are now and where they would like to be. "
	    "Together, turn that into two or three goals that are specific enough to know "
	    "when you have reached them, and record the first action points towards each.",
	    false},
	{"Progress review",
	    "Every few meetings, look back together: which action points are done, which "
	    "are stuck and why, and whether the goals still fit. Open the progress review "
	    "page to see every open action point and the decisions you have made so far.",
	    true},
	{"Ending",
	    "Plan a good ending: review what has changed since you started, what the mentee "
	    "will carry on doing on their own, and whether you will stay in touch. Then the "
	    "mentor marks the relationship as completed.", false},
};

enum err
app_demo_journey_tx(struct db *db, int64_t scheme_id)
{
	struct arena *a = arena_new(0);
	int64_t now = clock_now(), ids[4] = {0}, id;
	struct db_user chidi, tom;
	struct db_relationship *rels;
	size_t n, k;
	enum err rc = ERR_OK;
	for (size_t i = 0; i < 4 && rc == ERR_OK; i++)
		rc = db_journey_stage_add(db, scheme_id, demo_stages[i].name,
		    demo_stages[i].description, demo_stages[i].is_review, now, &ids[i]);
	if (rc != ERR_OK ||
	    (rc = db_user_by_username(db, a, "chidi.okafor", &chidi)) != ERR_OK ||
	    (rc = db_user_by_username(db, a, "tom.hughes", &tom)) != ERR_OK ||
	    (rc = db_rel_of_person(db, a, scheme_id, "mentor", chidi.id, true, &rels, &n)) !=
	    ERR_OK)
		goto out;
	for (k = 0; k < n && rels[k].mentee_id != tom.id; k++)
		;
	if (k == n)
		goto out;   /* no demo pair: stages only */
	int64_t rel = rels[k].id;
	char due[11];
	app_day_of(now + 14 * 86400, due);
	struct db_journey_action done = {
		.relationship_id = rel, .stage_id = ids[0], .owner_id = tom.id, .due = "",
		.body = "Send Chidi a short summary of my current role and what I would like "
		    "to get out of mentoring", .created_by = tom.id,
	};
	struct db_journey_action open = {
		.relationship_id = rel, .stage_id = ids[1], .owner_id = chidi.id, .due = due,
		.body = "Share two examples of leadership development plans from the "
		    "registrar programme", .created_by = chidi.id,
	};
	if ((rc = db_journey_decision_add(db, rel, ids[1], tom.id, "We agreed to focus on "
	    "two goals: leading the ward's morning huddle with confidence, and preparing an "
	    "application for the leadership fellowship next spring.", now - 20 * 86400,
	    &id)) != ERR_OK ||
	    (rc = db_journey_action_add(db, &done, now - 28 * 86400, &id)) != ERR_OK ||
	    (rc = db_journey_action_set_done(db, id, tom.id, now - 25 * 86400)) != ERR_OK ||
	    (rc = db_journey_action_add(db, &open, now - 20 * 86400, &id)) != ERR_OK)
		goto out;
	rc = db_journey_current_set(db, rel, ids[1], tom.id, now - 20 * 86400);
out:
	arena_free(a);
	return rc;
}
