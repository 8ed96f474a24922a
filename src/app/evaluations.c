/*
 * evaluations.c - evaluations to answer (see evaluations.h): the
 * triggers and the daily job (EVAL-2, EVAL-6), answering, deferring and
 * sharing (EVAL-3, EVAL-4), the lists the pages show, and the demo's
 * forms and answered evaluations.
 *
 * Design: an evaluation is created by INSERT OR IGNORE against the
 * unique index evaluations_once (form, person, relationship,
 * occasion), so the job run twice, after a restart, or alongside a
 * completion never makes two; its eval.due email is queued only when a
 * row was really inserted, in the same transaction.  Each trigger is one
 * set-based query over every form and scheme (db/evaluations.def).
 * Days are UTC days, as relationships store them (issue 10 moves them
 * to the scheme's zone); closing times are instants, shown in the
 * scheme's zone.
 *
 * Answering reads the form's current questions INSIDE BEGIN IMMEDIATE
 * and checks the values against them there, so what is stored always
 * matches the questions as they are (an administrator may have added a
 * version, or edited one nobody has answered in place).  The page sends
 * a key of the questions it showed (app_eval_questions_key); when they
 * changed, the person is shown the new questions with what they typed
 * for those that remain (422).  The response is stored with the
 * version's id and every answer, setting answered_at by compare-and-set
 * (a second submission is 409).
 *
 * Traps: private answers never reach logs (ids only); a mentee's own
 * answers are never shown to their mentor (EVAL-4: the RESULTS pages
 * show only aggregates); only completion creates the "completion"
 * evaluations, never an early ending (ended_early).
 */
#include "app/evaluations.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/date.h"
#include "app/relationship.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/strparse.h"
#include "core/tz.h"

#define DAY INT64_C(86400)
#define TICK_BATCH 200
#define TICK_BATCHES 50

/* ---- small helpers ---- */

static enum err
finish(struct db *db, enum err rc)
{
	if (rc == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

static const char *
eval_path(struct arena *a, int64_t id)
{
	return arena_printf(a, "/evaluations/%lld", (long long)id);
}

static const char *
eval_subject(struct arena *a, int64_t id)
{
	return arena_printf(a, "evaluation:%lld", (long long)id);
}

static const char *
zone_of(struct db *db, struct arena *a, int64_t scheme_id)
{
	struct db_scheme_settings st;
	if (db_scheme_settings_get(db, a, scheme_id, &st) != ERR_OK || st.time_zone == NULL)
		return "";
	return st.time_zone;
}

bool
app_eval_is_open(const struct db_evaluation *e, int64_t now)
{
	return e->answered_at == 0 && now < e->closes_at && strcmp(e->form_status, "draft") != 0;
}

const char *
app_eval_until_words(struct arena *a, const char *zone, int64_t closes_at)
{
	if (closes_at <= 0)
		return "";
	struct tz_local l;
	tz_to_local(tz_or_default(zone), closes_at - 1, &l);
	return app_date_words(a, arena_printf(a, "%04d-%02d-%02d", l.year, l.month, l.day));
}

const char *
app_eval_about(struct arena *a, const struct db_evaluation *e, int64_t viewer_id)
{
	if (e->relationship_id == 0)
		return arena_printf(a, "Annual review of %s", e->scheme_name);
	bool by_mentor = strcmp(e->role, "mentor") == 0;
	/* the mentee reading their mentor's shared answers (EVAL-4) */
	if (e->user_id != viewer_id)
		return arena_printf(a, "%s's evaluation of your mentoring", by_mentor ?
		    e->mentor_name : e->mentee_name);
	return arena_printf(a, "Your mentoring with %s", by_mentor ? e->mentee_name :
	    e->mentor_name);
}

/* The end of day iso (YYYY-MM-DD) in zone, as an instant; 0 when iso is
 * not a real date. */
static int64_t
end_of_day(const char *zone, const char *iso)
{
	int y, m, d;
	int64_t t;
	if (!app_date_is_real(iso) || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    !tz_from_local(tz_or_default(zone), y, m, d, 23, 59, &t))
		return 0;
	return t + 60;
}

/* ---- creating evaluations (EVAL-2, EVAL-6) ---- */

/* Insert one candidate (inside the caller's transaction) and email its
 * owner when it was new.  *is_new says which. */
static enum err
create_one(struct db *db, struct arena *a, const struct db_eval_due *d, const char *zone,
    int64_t now, int64_t silent_for, bool *is_new)
{
	*is_new = false;
	int64_t closes = d->relationship_id == 0 ? end_of_day(zone, d->closes_on) :
	    now + APP_EVAL_WINDOW_DAYS * DAY;
	if (closes <= now)
		return ERR_OK;     /* an annual review whose period is over */
	int64_t id;
	enum err rc = db_eval_insert(db, &(struct db_eval_new){.form_id = d->form_id,
	    .scheme_id = d->scheme_id, .user_id = d->user_id,
	    .relationship_id = d->relationship_id, .role = d->role, .occasion = d->occasion,
	    .due_at = now, .closes_at = closes}, &id);
	if (rc != ERR_OK || id == 0)
		return rc;
	*is_new = true;
	if (d->user_id == silent_for)
		return ERR_OK;
	const char *until = app_eval_until_words(a, zone, closes);
	const char *what = d->relationship_id != 0 ? arena_printf(a,
	    "%s asks you to answer a short evaluation, \"%s\", about your mentoring with %s.",
	    d->scheme_name, d->form_title, d->other_name) : arena_printf(a,
	    "%s asks every participant to answer its annual review, \"%s\".",
	    d->scheme_name, d->form_title);
	return app_notice_tx(db, &(struct app_notice){.user_id = d->user_id, .to = d->email,
	    .kind = "eval.due", .scheme_id = d->scheme_id,
	    .subject = arena_printf(a, "Please answer an evaluation: %s", d->form_title),
	    .text = arena_printf(a, "Hello %s,\n\n%s\n\nIt takes a few minutes, and your "
	    "answers help the scheme improve. You can answer it until %s.\n\nTandem\n",
	    d->given_name, what, until),
	    .path = eval_path(a, id)});
}

enum err
app_eval_relationship_completed_tx(struct db *db, struct arena *a, int64_t rel_id,
    int64_t now)
{
	struct db_eval_due *d;
	size_t n;
	enum err rc = db_eval_due_completion(db, a, rel_id, &d, &n);
	if (rc != ERR_OK || n == 0)
		return rc;
	/* the mentor who marked it complete is taken straight to their form
	 * (EVAL-3): no email for them; everyone else is emailed */
	struct db_relationship r;
	if ((rc = db_rel_get(db, a, rel_id, &r)) != ERR_OK)
		return rc;
	const char *zone = zone_of(db, a, d[0].scheme_id);
	for (size_t i = 0; rc == ERR_OK && i < n; i++) {
		bool is_new;
		rc = create_one(db, a, &d[i], zone, now, r.ended_by, &is_new);
	}
	return rc;
}

enum err
app_eval_after_complete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t rel_id, int64_t *eval_id)
{
	*eval_id = 0;
	struct db_evaluation *rows;
	size_t n;
	enum err rc = db_evals_of_rel(db, a, rel_id, &rows, &n);
	if (rc != ERR_OK)
		return rc;
	int64_t now = clock_now();
	for (size_t i = 0; i < n; i++)
		if (rows[i].user_id == me->user_id && strcmp(rows[i].role, "mentor") == 0 &&
		    strcmp(rows[i].occasion, "completion") == 0 && app_eval_is_open(&rows[i], now))
			*eval_id = rows[i].id;
	return ERR_OK;
}

enum err
app_eval_open_annual_tx(struct db *db, struct arena *a, const struct db_evalform *f,
    int64_t now, size_t *created)
{
	*created = 0;
	struct db_eval_due *d;
	size_t n;
	const char *occasion = arena_printf(a, "annual:%s", f->opens_on);
	const char *zone = zone_of(db, a, f->scheme_id);
	/* reopened with the same opening day (the occasion is the same): the
	 * unanswered evaluations already asked, which closing the review
	 * shortened to then, close at the new period's end again */
	int64_t closes = end_of_day(zone, f->closes_on);
	size_t moved = 0;
	enum err rc = closes > now ? db_eval_annual_reclose(db, f->id, occasion, closes, &moved) :
	    ERR_OK;
	if (rc == ERR_OK)
		rc = db_eval_due_annual_form(db, a, f->id, f->scheme_id, f->respondent, occasion,
		    f->title, f->closes_on, &d, &n);
	for (size_t i = 0; rc == ERR_OK && i < n; i++) {
		bool is_new;
		rc = create_one(db, a, &d[i], zone, now, 0, &is_new);
		*created += is_new;
	}
	return rc;
}

/* One batch of candidates from `get`, created in one transaction. */
typedef enum err (*due_fn)(struct db *db, struct arena *a, const char *today,
    struct db_eval_due **out, size_t *n);

static enum err
offsets(struct db *db, struct arena *a, const char *today, struct db_eval_due **out,
    size_t *n)
{
	return db_eval_due_offsets(db, a, today, APP_EVAL_WINDOW_DAYS, TICK_BATCH, out, n);
}

static enum err
joiners(struct db *db, struct arena *a, const char *today, struct db_eval_due **out,
    size_t *n)
{
	return db_eval_due_annual_joiners(db, a, today, TICK_BATCH, out, n);
}

static enum err
create_due(struct db *db, due_fn get, const char *today, int64_t now,
    struct app_eval_tick *r)
{
	enum err rc = ERR_OK;
	for (int batch = 0; rc == ERR_OK && batch < TICK_BATCHES; batch++) {
		struct arena *a = arena_new(0);
		struct db_eval_due *d;
		size_t n, made = 0;
		if ((rc = get(db, a, today, &d, &n)) != ERR_OK || n == 0) {
			arena_free(a);
			break;
		}
		if ((rc = db_begin(db)) != ERR_OK) {
			arena_free(a);
			break;
		}
		/* rows come by form, so by scheme: one settings read per scheme */
		int64_t zone_scheme = 0;
		const char *zone = "";
		enum err one = ERR_OK;
		for (size_t i = 0; one == ERR_OK && i < n; i++) {
			if (zone_scheme != d[i].scheme_id) {
				zone = zone_of(db, a, d[i].scheme_id);
				zone_scheme = d[i].scheme_id;
			}
			bool is_new;
			one = create_one(db, a, &d[i], zone, now, 0, &is_new);
			made += is_new;
		}
		if ((one = finish(db, one)) != ERR_OK) {
			r->failed += n;
			log_warn("evaluations: a batch of %zu evaluations could not be created", n);
			made = 0;
		}
		r->created += made;
		arena_free(a);
		if (n < TICK_BATCH || made == 0)
			break;
	}
	return rc;
}

/* The one reminder (EVAL-2): every evaluation unanswered
 * APP_EVAL_REMIND_DAYS after it became due, marked in the transaction
 * that queues its email, so it is never sent twice.  A deferred one is
 * reminded too: deferring is "later", not "never". */
static enum err
remind_due(struct db *db, int64_t now, struct app_eval_tick *r)
{
	enum err rc = ERR_OK;
	for (int batch = 0; rc == ERR_OK && batch < TICK_BATCHES; batch++) {
		struct arena *a = arena_new(0);
		struct db_eval_due *d;
		size_t n, done = 0;
		if ((rc = db_eval_remind_due(db, a, now, now - APP_EVAL_REMIND_DAYS * DAY,
		    TICK_BATCH, &d, &n)) != ERR_OK || n == 0) {
			arena_free(a);
			break;
		}
		if ((rc = db_begin(db)) != ERR_OK) {
			arena_free(a);
			break;
		}
		int64_t zone_scheme = 0;
		const char *zone = "";
		enum err one = ERR_OK;
		for (size_t i = 0; one == ERR_OK && i < n; i++) {
			if (zone_scheme != d[i].scheme_id) {
				zone = zone_of(db, a, d[i].scheme_id);
				zone_scheme = d[i].scheme_id;
			}
			one = db_eval_mark_reminded(db, d[i].eval_id, now);
			if (one == ERR_CONFLICT) {
				one = ERR_OK;
				continue;
			}
			if (one != ERR_OK)
				break;
			const char *about = d[i].relationship_id != 0 ? arena_printf(a,
			    "about your mentoring with %s ", d[i].other_name) : "";
			one = app_notice_tx(db, &(struct app_notice){.user_id = d[i].user_id,
			    .to = d[i].email, .kind = "eval.reminder", .scheme_id = d[i].scheme_id,
			    .subject = arena_printf(a, "Reminder: please answer an evaluation: %s",
			    d[i].form_title),
			    .text = arena_printf(a, "Hello %s,\n\nA week ago %s asked you to answer "
			    "the evaluation \"%s\" %sand you have not answered it yet. This is the "
			    "only reminder we will send.\n\nYou can answer it until %s.\n\nTandem\n",
			    d[i].given_name, d[i].scheme_name, d[i].form_title, about,
			    app_eval_until_words(a, zone, d[i].closes_at)),
			    .path = eval_path(a, d[i].eval_id)});
			done += one == ERR_OK;
		}
		if ((one = finish(db, one)) != ERR_OK) {
			r->failed += n;
			log_warn("evaluations: a batch of %zu reminders could not be sent", n);
			done = 0;
		}
		r->reminded += done;
		arena_free(a);
		if (n < TICK_BATCH || done == 0)
			break;
	}
	return rc;
}

enum err
app_evaluations_tick(struct db *db, int64_t now, struct app_eval_tick *r)
{
	r->created = r->reminded = r->failed = 0;
	char today[11];
	app_day_of(now, today);
	enum err rc = create_due(db, offsets, today, now, r);
	if (rc == ERR_OK)
		rc = create_due(db, joiners, today, now, r);
	if (rc == ERR_OK)
		rc = remind_due(db, now, r);
	return rc;
}

/* ---- reading ---- */

/* Load evaluation id for me: mine, or (mentee) the mentor's shared one. */
enum err
app_eval_page(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct app_eval_page *out)
{
	memset(out, 0, sizeof(*out));
	if (me == NULL)
		return ERR_NOT_FOUND;
	enum err rc = db_eval_get(db, a, id, &out->e);
	if (rc != ERR_OK)
		return rc;
	const struct db_evaluation *e = &out->e;
	if (strcmp(e->form_status, "draft") == 0)
		return ERR_NOT_FOUND;
	out->is_mine = e->user_id == me->user_id;
	out->is_shared_view = !out->is_mine && e->relationship_id != 0 &&
	    strcmp(e->role, "mentor") == 0 && e->user_id == e->mentor_id &&
	    e->mentee_id == me->user_id && e->response_id != 0 && e->shared;
	if (!out->is_mine && !out->is_shared_view)
		return ERR_NOT_FOUND;
	int64_t now = clock_now();
	out->is_open = out->is_mine && app_eval_is_open(e, now);
	out->is_closed = e->answered_at == 0 && now >= e->closes_at;
	out->can_share = out->is_mine && e->relationship_id != 0 &&
	    strcmp(e->role, "mentor") == 0;
	out->time_zone = zone_of(db, a, e->scheme_id);
	/* the questions answered, or those to answer now */
	rc = app_evalform_load(db, a, e->form_id, e->response_id != 0 ? e->version_id : 0,
	    &out->form);
	if (rc == ERR_OK && e->response_id != 0)
		rc = db_eval_answers_of(db, a, e->response_id, &out->answers, &out->nanswers);
	return rc;
}

/* ---- checking answers ---- */

static const char *
field_of(struct arena *a, int64_t qid)
{
	return arena_printf(a, "q%lld", (long long)qid);
}

/* The question id in a field name "q12", or 0. */
static int64_t
qid_of(const char *name)
{
	int64_t id;
	if (name == NULL || name[0] != 'q' || str_to_i64(name + 1, 1, INT64_MAX, &id) != ERR_OK)
		return 0;
	return id;
}

enum err
app_eval_check(struct arena *a, const struct db_evalquestion *q, size_t nq,
    const struct app_eval_value *v, size_t nv, struct app_problems *ps,
    struct app_eval_answer_in **out, size_t *nout)
{
	size_t cap = nv + 1;
	struct app_eval_answer_in *rows = arena_alloc(a, cap * sizeof(*rows));
	size_t n = 0;
	size_t before = ps->n;
	bool stranger = false;
	/* every input must belong to a question of this version */
	for (size_t i = 0; i < nv; i++) {
		int64_t id = qid_of(v[i].name);
		bool known = false;
		for (size_t k = 0; id != 0 && k < nq; k++)
			known = known || q[k].id == id;
		stranger = stranger || !known;
	}
	if (stranger)
		app_problem(ps, APP_EVAL_FIELD_QUESTIONS, APP_EVAL_CHANGED);
	for (size_t k = 0; k < nq; k++) {
		const struct db_evalquestion *x = &q[k];
		const char *field = field_of(a, x->id);
		const char **labels;
		size_t nlabels;
		app_evalq_labels(a, x, &labels, &nlabels);
		/* the values given for this question, trimmed, empty ones dropped */
		const char *vals[APP_EVAL_OPTIONS_MAX + 1];
		size_t nvals = 0;
		bool too_many = false;
		for (size_t i = 0; i < nv; i++) {
			if (qid_of(v[i].name) != x->id)
				continue;
			char *t = str_trim(arena_strdup(a, v[i].value != NULL ? v[i].value : ""));
			if (*t == '\0')
				continue;
			if (nvals < APP_EVAL_OPTIONS_MAX + 1)
				vals[nvals++] = t;
			else
				too_many = true;
		}
		const char *p = x->prompt;
		if (nvals == 0) {
			if (x->is_required)
				app_problem(ps, field, strcmp(x->kind, "text") == 0 ?
				    arena_printf(a, "Answer '%s'", p) : strcmp(x->kind, "multiple") == 0 ?
				    arena_printf(a, "Select at least one answer to '%s'", p) :
				    arena_printf(a, "Select an answer to '%s'", p));
			continue;
		}
		if (strcmp(x->kind, "text") == 0) {
			int64_t max = x->max_length > 0 ? x->max_length : APP_EVAL_TEXT_MAX;
			if (nvals > 1) {
				app_problem(ps, field, arena_printf(a, "Give one answer to '%s'", p));
			} else if ((int64_t)str_utf8_len(vals[0]) > max) {
				app_problem(ps, field, arena_printf(a, "Your answer to '%s' must be "
				    "%lld characters or fewer", p, (long long)max));
			} else if (n < cap) {
				rows[n++] = (struct app_eval_answer_in){x->id, 0, vals[0]};
			}
			continue;
		}
		if (nvals > 1 && strcmp(x->kind, "multiple") != 0) {
			app_problem(ps, field, arena_printf(a, "Select only one answer to '%s'", p));
			continue;
		}
		if (too_many) {
			app_problem(ps, field, arena_printf(a, "Select only the answers given for "
			    "'%s'", p));
			continue;
		}
		int64_t max = strcmp(x->kind, "rating") == 0 ? 5 : (int64_t)nlabels;
		int64_t chosen[APP_EVAL_OPTIONS_MAX + 1];
		bool bad = false, repeated = false;
		for (size_t i = 0; i < nvals; i++) {
			int64_t o = 0;
			if (strcmp(x->kind, "yes_no") == 0)
				o = strcmp(vals[i], "yes") == 0 ? 1 : strcmp(vals[i], "no") == 0 ? 2 : 0;
			else if (str_to_i64(vals[i], 1, max > 0 ? max : 1, &o) != ERR_OK || max < 1)
				o = 0;
			if (o == 0)
				bad = true;
			for (size_t j = 0; j < i; j++)
				repeated = repeated || chosen[j] == o;
			chosen[i] = o;
		}
		if (bad)
			app_problem(ps, field, arena_printf(a, "Select one of the answers given for "
			    "'%s'", p));
		else if (repeated)
			app_problem(ps, field, arena_printf(a, "Select each answer to '%s' only once",
			    p));
		for (size_t i = 0; !bad && !repeated && i < nvals && n < cap; i++)
			rows[n++] = (struct app_eval_answer_in){x->id, chosen[i], ""};
	}
	*out = rows;
	*nout = n;
	return ps->n > before ? ERR_BAD_INPUT : ERR_OK;
}

/* ---- answering ---- */

/* 409 with a sentence when e cannot be answered now. */
static enum err
not_answerable(struct arena *a, const struct app_eval_page *p, int64_t now,
    struct app_problems *ps)
{
	if (p->e.answered_at != 0) {
		app_problem(ps, "", APP_EVAL_ANSWERED);
		return ERR_CONFLICT;
	}
	if (now >= p->e.closes_at) {
		app_problem(ps, "", arena_printf(a, "This evaluation closed on %s, so it can no "
		    "longer be answered", app_eval_until_words(a, p->time_zone, p->e.closes_at)));
		return ERR_CONFLICT;
	}
	return ERR_OK;
}

/* The mentee, told the first time their mentor shares (EVAL-4). */
static enum err
tell_shared(struct db *db, struct arena *a, const struct db_evaluation *e)
{
	struct db_brief b;
	enum err rc = db_brief_get(db, a, e->mentee_id, &b);
	if (rc != ERR_OK)
		return rc;
	return app_notice_tx(db, &(struct app_notice){.user_id = b.id, .to = b.email,
	    .kind = "eval.shared", .scheme_id = e->scheme_id,
	    .subject = arena_printf(a, "%s shared their evaluation of your mentoring",
	    e->mentor_name),
	    .text = arena_printf(a, "Hello %s,\n\n%s has chosen to share their answers to "
	    "\"%s\", their evaluation of your mentoring relationship in %s, with you. Only "
	    "you, %s and your scheme's administrators can read them.\n\nTandem\n",
	    b.given_name, e->mentor_name,
	    e->form_title, e->scheme_name, e->mentor_name),
	    .path = eval_path(a, e->id)});
}

/* Inside the transaction: share or unshare, audited; the first share
 * emails the mentee. */
static enum err
share_tx(struct db *db, struct arena *a, const struct app_auth *me,
    const struct db_evaluation *e, bool shared, const char *ip)
{
	const char *subject = eval_subject(a, e->id);
	bool ever = false;
	enum err rc = db_eval_ever_shared(db, me->user_id, subject, &ever);
	if (rc == ERR_OK)
		rc = db_eval_share_set(db, e->id, shared);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, e->scheme_id, shared ? "evaluation.share" :
		    "evaluation.unshare", subject, "", ip != NULL ? ip : "");
	if (rc == ERR_OK && shared && !ever)
		rc = tell_shared(db, a, e);
	return rc;
}

/* Is every input a question of q? */
static bool
all_known(const struct db_evalquestion *q, size_t nq, const struct app_eval_value *v,
    size_t nv)
{
	for (size_t i = 0; i < nv; i++) {
		int64_t id = qid_of(v[i].name);
		bool known = false;
		for (size_t k = 0; id != 0 && k < nq; k++)
			known = known || q[k].id == id;
		if (!known)
			return false;
	}
	return true;
}

const char *
app_eval_questions_key(struct arena *a, const struct app_evalform_full *f)
{
	/* FNV-1a over everything a person answers: the version and each
	 * question's id, position, kind, wording, options and limits */
	uint64_t h = UINT64_C(14695981039346656037);
#define MIX(str) do { \
		for (const unsigned char *c_ = (const unsigned char *)(str); *c_; c_++) \
			h = (h ^ *c_) * UINT64_C(1099511628211); \
		h = (h ^ 0x1f) * UINT64_C(1099511628211); \
	} while (0)
	MIX(arena_printf(a, "%lld", (long long)f->form.version_id));
	for (size_t i = 0; i < f->nq; i++) {
		const struct db_evalquestion *q = &f->q[i];
		MIX(arena_printf(a, "%lld:%lld:%d:%lld", (long long)q->id, (long long)q->position,
		    q->is_required ? 1 : 0, (long long)q->max_length));
		MIX(q->kind);
		MIX(q->prompt);
		MIX(q->hint != NULL ? q->hint : "");
		MIX(q->options != NULL ? q->options : "");
	}
#undef MIX
	return arena_printf(a, "%016llx", (unsigned long long)h);
}

/* The values typed, for the questions as they are now: kept for a
 * question with the same id (edited in place); for the questions of a
 * copied version, given to the question with the same kind and wording,
 * else the same kind at the same position; dropped for questions that
 * are gone. */
static const struct app_eval_value *
carry(struct db *db, struct arena *a, const struct app_evalform_full *cur,
    const struct app_eval_value *v, size_t nv, size_t *nout)
{
	struct app_eval_value *out = arena_alloc(a, (nv + 1) * sizeof(*out));
	size_t n = 0;
	/* the version the page showed: that of the first input no current
	 * question has, when it is this form's */
	struct db_evalquestion *old = NULL;
	size_t nold = 0;
	for (size_t i = 0; i < nv; i++) {
		int64_t id = qid_of(v[i].name), form_id = 0;
		if (id == 0 || all_known(cur->q, cur->nq, &v[i], 1))
			continue;
		struct db_evalquestion oq;
		if (db_evalquestion_get(db, a, id, &oq, &form_id) == ERR_OK &&
		    form_id == cur->form.id && oq.version_id != cur->form.version_id &&
		    db_evalquestions_of_version(db, a, oq.version_id, &old, &nold) != ERR_OK)
			nold = 0;
		break;
	}
	int64_t *to = arena_calloc(a, nold + 1, sizeof(*to));
	bool *taken = arena_calloc(a, cur->nq + 1, sizeof(*taken));
	for (int pass = 0; pass < 2; pass++)
		for (size_t j = 0; j < nold; j++)
			for (size_t k = 0; to[j] == 0 && k < cur->nq; k++)
				if (!taken[k] && strcmp(old[j].kind, cur->q[k].kind) == 0 &&
				    (pass == 0 ? strcmp(old[j].prompt, cur->q[k].prompt) == 0 :
				    old[j].position == cur->q[k].position)) {
					to[j] = cur->q[k].id;
					taken[k] = true;
				}
	for (size_t i = 0; i < nv; i++) {
		int64_t id = qid_of(v[i].name);
		if (id != 0 && all_known(cur->q, cur->nq, &v[i], 1)) {
			out[n++] = v[i];
			continue;
		}
		for (size_t j = 0; id != 0 && j < nold; j++)
			if (old[j].id == id && to[j] != 0)
				out[n++] = (struct app_eval_value){field_of(a, to[j]), v[i].value};
	}
	*nout = n;
	return out;
}

enum err
app_eval_answer(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    const struct app_eval_value *v, size_t nv, const char *seen, bool share, const char *ip,
    struct app_problems *ps, struct app_eval_page *page)
{
	enum err rc = app_eval_page(db, a, me, id, page);
	if (rc != ERR_OK)
		return rc;
	if (!page->is_mine)
		return ERR_NOT_FOUND;       /* a shared view is read-only */
	page->typed = v;
	page->ntyped = nv;
	int64_t now = clock_now();
	if ((rc = not_answerable(a, page, now, ps)) != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	/* the questions as they are at submission, read and checked inside
	 * the transaction: an administrator may have added a version, or
	 * edited one nobody has answered in place (wording, options, a
	 * question removed), since the page was opened */
	if ((rc = app_evalform_load(db, a, page->e.form_id, 0, &page->form)) != ERR_OK)
		return finish(db, rc);
	const struct app_evalform_full *cur = &page->form;
	bool changed = !all_known(cur->q, cur->nq, v, nv) || (seen != NULL && *seen != '\0' &&
	    strcmp(seen, app_eval_questions_key(a, cur)) != 0);
	struct app_eval_answer_in *rows;
	size_t nrows;
	if (changed) {
		/* the new questions, with what was typed for those that remain */
		page->typed = carry(db, a, cur, v, nv, &page->ntyped);
		app_problem(ps, APP_EVAL_FIELD_QUESTIONS, APP_EVAL_CHANGED);
		app_eval_check(a, cur->q, cur->nq, page->typed, page->ntyped, ps, &rows, &nrows);
		db_rollback(db);
		return ERR_BAD_INPUT;
	}
	if ((rc = app_eval_check(a, cur->q, cur->nq, v, nv, ps, &rows, &nrows)) != ERR_OK) {
		db_rollback(db);
		return rc;
	}
	bool shared = share && page->can_share;
	int64_t response_id = 0;
	rc = db_eval_respond(db, id, cur->form.version_id, false, now, &response_id);
	if (rc == ERR_CONFLICT) {
		/* answered or closed since the page was read */
		db_rollback(db);
		if (db_eval_get(db, a, id, &page->e) == ERR_OK &&
		    not_answerable(a, page, now, ps) != ERR_OK)
			return ERR_CONFLICT;
		app_problem(ps, "", APP_EVAL_ANSWERED);
		return ERR_CONFLICT;
	}
	for (size_t i = 0; rc == ERR_OK && i < nrows; i++)
		rc = db_eval_answer_add(db, response_id, rows[i].question_id, rows[i].option,
		    rows[i].text);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, page->e.scheme_id, "evaluation.answer",
		    eval_subject(a, id), arena_printf(a, "version %lld",
		    (long long)cur->form.version), ip != NULL ? ip : "");
	if (rc == ERR_OK && shared)
		rc = share_tx(db, a, me, &page->e, true, ip);
	return finish(db, rc);
}

enum err
app_eval_defer(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct app_problems *ps, struct app_eval_page *page)
{
	enum err rc = app_eval_page(db, a, me, id, page);
	if (rc != ERR_OK)
		return rc;
	if (!page->is_mine)
		return ERR_NOT_FOUND;
	int64_t now = clock_now();
	if ((rc = not_answerable(a, page, now, ps)) != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_eval_defer(db, id, now);
	if (rc == ERR_CONFLICT)
		app_problem(ps, "", APP_EVAL_ANSWERED);
	if (rc == ERR_OK)
		page->e.deferred_at = now;
	return finish(db, rc);
}

enum err
app_eval_share(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    bool shared, const char *ip, struct app_problems *ps)
{
	struct app_eval_page p;
	enum err rc = app_eval_page(db, a, me, id, &p);
	if (rc != ERR_OK)
		return rc;
	if (!p.is_mine)
		return ERR_NOT_FOUND;
	if (!p.can_share) {
		app_problem(ps, "", "Only a mentor's evaluation of a mentoring relationship can "
		    "be shared");
		return ERR_CONFLICT;
	}
	if (p.e.response_id == 0) {
		app_problem(ps, "", "Answer the evaluation first, then you can share your answers");
		return ERR_CONFLICT;
	}
	if (p.e.shared == shared)
		return ERR_OK;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	return finish(db, share_tx(db, a, me, &p.e, shared, ip));
}

/* ---- lists ---- */

enum err
app_evals_mine(struct db *db, struct arena *a, const struct app_auth *me, bool with_shared,
    struct app_eval_mine *out)
{
	memset(out, 0, sizeof(*out));
	out->time_zone = "";
	if (me == NULL || me->active == NULL || (strcmp(me->active->role, "mentor") != 0 &&
	    strcmp(me->active->role, "mentee") != 0))
		return ERR_OK;
	int64_t scheme = me->active->scheme_id;
	out->time_zone = zone_of(db, a, scheme);
	enum err rc = db_evals_of_user(db, a, me->user_id, scheme, &out->rows, &out->n);
	if (rc == ERR_OK && with_shared && strcmp(me->active->role, "mentee") == 0)
		rc = db_evals_shared_with(db, a, me->user_id, scheme, &out->shared, &out->nshared);
	return rc;
}

enum err
app_evals_of_rel(struct db *db, struct arena *a, const struct app_auth *me, int64_t rel_id,
    struct db_evaluation **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_evaluation *rows;
	size_t nrows;
	enum err rc = db_evals_of_rel(db, a, rel_id, &rows, &nrows);
	if (rc != ERR_OK || me == NULL)
		return rc;
	size_t k = 0;
	for (size_t i = 0; i < nrows; i++) {
		const struct db_evaluation *e = &rows[i];
		bool mine = e->user_id == me->user_id;
		bool shared_with_me = e->mentee_id == me->user_id && e->user_id == e->mentor_id &&
		    strcmp(e->role, "mentor") == 0 && e->response_id != 0 && e->shared;
		if (mine || shared_with_me)
			rows[k++] = *e;
	}
	*out = rows;
	*n = k;
	return ERR_OK;
}

/* ---- the demo (inside app_demo_load's transaction) ---- */

struct demo_q {
	const char *kind, *prompt, *hint;
	bool is_required;
	const char *options;
	int64_t max_length;
};

#define AGREE "Strongly disagree\nDisagree\nNeither agree nor disagree\nAgree\nStrongly agree"
#define USEFUL "Not at all useful\nNot very useful\nQuite useful\nUseful\nVery useful"

static const struct demo_q mentee_qs[] = {
	{"rating", "My mentor listened and helped me think things through", "", true, AGREE, 0},
	{"rating", "I achieved what I hoped to from mentoring", "", true, AGREE, 0},
	{"single", "How many times did you meet your mentor?", "Count every meeting, in "
	    "person or online.", true, "1 or 2\n3 to 5\n6 to 9\n10 or more", 0},
	{"multiple", "What helped most?", "", false,
	    "Having time to talk things through\nMy mentor's advice from their own "
	    "experience\nSetting goals and action points\nBeing introduced to other "
	    "people\nLearning resources my mentor shared", 0},
	{"yes_no", "Would you recommend mentoring to a colleague?", "", true, "", 0},
	{"text", "What could your mentor do differently?", "Your mentor will not see your "
	    "answers on their own. The scheme shares feedback with mentors only when it is "
	    "combined with other mentees' answers.", false, "", 2000},
};

static const struct demo_q mentor_qs[] = {
	{"rating", "How useful do you think the mentoring was for your mentee?", "", true,
	    USEFUL, 0},
	{"rating", "I had the support I needed from the scheme as a mentor", "", true, AGREE, 0},
	{"yes_no", "Would you mentor for the scheme again?", "", true, "", 0},
	{"multiple", "What did you gain from mentoring?", "", false,
	    "A fresh view of my own work\nBetter coaching and listening skills\nEvidence for "
	    "my appraisal or revalidation\nSatisfaction from helping a colleague", 0},
	{"text", "What went well, and what would you change next time?", "", false, "", 2000},
};

/* A form with its first version and questions; *q_ids the questions. */
static enum err
demo_form(struct db *db, struct arena *a, int64_t scheme_id, const char *title,
    const char *intro, const char *respondent, const struct demo_q *qs, size_t nq,
    int64_t since, int64_t *form_id, int64_t *version_id, int64_t *q_ids)
{
	struct db_evalform f = {.scheme_id = scheme_id, .title = title, .intro = intro,
	    .kind = "relationship", .respondent = respondent, .trigger_on = "completion",
	    .trigger_days = 0, .status = "active", .active_since = since, .opens_on = "",
	    .closes_on = "", .created_by = 0};
	enum err rc = db_evalform_add(db, &f, since, form_id);
	if (rc == ERR_OK)
		rc = db_evalversion_add(db, *form_id, 1, 0, since, version_id);
	for (size_t i = 0; rc == ERR_OK && i < nq; i++) {
		struct db_evalquestion q = {.version_id = *version_id, .position = (int64_t)i + 1,
		    .kind = qs[i].kind, .prompt = qs[i].prompt, .hint = qs[i].hint,
		    .is_required = qs[i].is_required, .options = qs[i].options,
		    .max_length = qs[i].max_length};
		rc = db_evalquestion_add(db, &q, &q_ids[i]);
	}
	(void)a;
	return rc;
}

/* One demo answer: the question's index and option (0 text). */
struct demo_a {
	int q;
	int64_t option;
	const char *text;
};

/* An evaluation due at `due`, answered at `answered` (0: open) with the
 * answers given. */
static enum err
demo_eval(struct db *db, int64_t form_id, int64_t version_id, const int64_t *q_ids,
    int64_t scheme_id, int64_t user_id, int64_t rel_id, const char *role, int64_t due,
    int64_t answered, bool shared, const struct demo_a *ans, size_t nans, int64_t *id)
{
	enum err rc = db_eval_insert(db, &(struct db_eval_new){.form_id = form_id,
	    .scheme_id = scheme_id, .user_id = user_id, .relationship_id = rel_id, .role = role,
	    .occasion = "completion", .due_at = due,
	    .closes_at = due + APP_EVAL_WINDOW_DAYS * DAY}, id);
	if (rc != ERR_OK || answered == 0)
		return rc;
	int64_t response_id;
	rc = db_eval_respond(db, *id, version_id, shared, answered, &response_id);
	for (size_t i = 0; rc == ERR_OK && i < nans; i++)
		rc = db_eval_answer_add(db, response_id, q_ids[ans[i].q], ans[i].option,
		    ans[i].text != NULL ? ans[i].text : "");
	return rc;
}

enum err
app_demo_evaluations_tx(struct db *db, int64_t scheme_id)
{
	struct arena *a = arena_new(0);
	int64_t now = clock_now();
	struct db_user sarah, amy, ravi, fatima;
	int64_t mentee_form, mentee_v, mentor_form, mentor_v;
	int64_t mq[sizeof(mentee_qs) / sizeof(mentee_qs[0])];
	int64_t rq[sizeof(mentor_qs) / sizeof(mentor_qs[0])];
	enum err rc = db_user_by_username(db, a, "sarah.mitchell", &sarah);
	if (rc == ERR_OK)
		rc = db_user_by_username(db, a, "amy.clarke", &amy);
	if (rc == ERR_OK)
		rc = db_user_by_username(db, a, "ravi.patel", &ravi);
	if (rc == ERR_OK)
		rc = db_user_by_username(db, a, "fatima.begum", &fatima);
	if (rc == ERR_OK)
		rc = demo_form(db, a, scheme_id, "After your mentoring: your feedback",
		    "Thank you for taking part in the mentoring scheme. These questions take "
		    "about five minutes. Your answers help us improve the scheme and support "
		    "our mentors. Your mentor does not see your answers on their own.",
		    "mentee", mentee_qs, sizeof(mentee_qs) / sizeof(mentee_qs[0]),
		    now - 400 * DAY, &mentee_form, &mentee_v, mq);
	if (rc == ERR_OK)
		rc = demo_form(db, a, scheme_id, "Mentor's reflection at completion",
		    "A few questions about the mentoring relationship you have just completed. "
		    "You can choose to share your answers with your mentee.",
		    "mentor", mentor_qs, sizeof(mentor_qs) / sizeof(mentor_qs[0]),
		    now - 400 * DAY, &mentor_form, &mentor_v, rq);

	/* Sarah's three completed relationships: amy, ravi, then fatima */
	static const struct {
		int started_days, ended_days;
		const char *comments;
	} story[3] = {
		{300, 120, "Amy has a clear plan for her next step into a ward sister role."},
		{260, 75, "Ravi is now leading his team's audit project with confidence."},
		{200, 10, "We met our goals: Fatima is ready to mentor others herself."},
	};
	const struct db_user *mentees[3] = {&amy, &ravi, &fatima};
	int64_t rel[3] = {0}, ended[3] = {0};
	for (int i = 0; rc == ERR_OK && i < 3; i++) {
		char end_date[11];
		ended[i] = now - story[i].ended_days * DAY;
		app_day_of(ended[i], end_date);
		rc = db_eval_demo_rel(db, scheme_id, sarah.id, mentees[i]->id,
		    now - story[i].started_days * DAY, ended[i], end_date, story[i].comments,
		    &rel[i]);
	}
	static const struct demo_a amy_a[] = {
		{0, 5, NULL}, {1, 4, NULL}, {2, 3, NULL}, {3, 1, NULL}, {3, 3, NULL}, {4, 1, NULL},
		{5, 0, "Nothing really. Sometimes our meetings ran short because of rota changes, "
		    "so planning them further ahead would have helped."},
	};
	static const struct demo_a ravi_a[] = {
		{0, 4, NULL}, {1, 3, NULL}, {2, 2, NULL}, {3, 2, NULL}, {4, 1, NULL},
		{5, 0, "More time on practical examples from audits Sarah has led."},
	};
	static const struct demo_a sarah_amy[] = {
		{0, 5, NULL}, {1, 4, NULL}, {2, 1, NULL}, {3, 2, NULL}, {3, 4, NULL},
		{4, 0, "Amy came to every meeting prepared, and her goals were clear from the "
		    "start. Next time I would agree a review point halfway through."},
	};
	static const struct demo_a sarah_ravi[] = {
		{0, 4, NULL}, {1, 3, NULL}, {2, 1, NULL}, {3, 1, NULL},
		{4, 0, "Good progress once we focused on one project at a time."},
	};
	int64_t id;
#define N(x) (sizeof(x) / sizeof((x)[0]))
	if (rc == ERR_OK)
		rc = demo_eval(db, mentee_form, mentee_v, mq, scheme_id, amy.id, rel[0], "mentee",
		    ended[0], ended[0] + 2 * DAY, false, amy_a, N(amy_a), &id);
	if (rc == ERR_OK)
		rc = demo_eval(db, mentor_form, mentor_v, rq, scheme_id, sarah.id, rel[0], "mentor",
		    ended[0], ended[0] + 1 * DAY, true, sarah_amy, N(sarah_amy), &id);
	if (rc == ERR_OK)
		rc = demo_eval(db, mentee_form, mentee_v, mq, scheme_id, ravi.id, rel[1], "mentee",
		    ended[1], ended[1] + 9 * DAY, false, ravi_a, N(ravi_a), &id);
	if (rc == ERR_OK)
		rc = demo_eval(db, mentor_form, mentor_v, rq, scheme_id, sarah.id, rel[1], "mentor",
		    ended[1], ended[1] + 3 * DAY, false, sarah_ravi, N(sarah_ravi), &id);
	/* the most recent: fatima's still to answer (reminded three days ago),
	 * sarah's deferred ("do this later") */
	if (rc == ERR_OK)
		rc = demo_eval(db, mentee_form, mentee_v, mq, scheme_id, fatima.id, rel[2],
		    "mentee", ended[2], 0, false, NULL, 0, &id);
	if (rc == ERR_OK)
		rc = db_eval_demo_mark(db, id, 0, now - 3 * DAY);
	if (rc == ERR_OK)
		rc = demo_eval(db, mentor_form, mentor_v, rq, scheme_id, sarah.id, rel[2], "mentor",
		    ended[2], 0, false, NULL, 0, &id);
	if (rc == ERR_OK)
		rc = db_eval_demo_mark(db, id, ended[2] + 60, now - 3 * DAY);
#undef N
	arena_free(a);
	return rc;
}
