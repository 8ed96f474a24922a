/*
 * cohortmatch.c - cohort matching (REQ-11): see cohortmatch.h for the
 * rules, docs/cohort-matching.md for the administrator's guide.
 *
 * Design.  Everything about a scheme that matching needs is read in a
 * handful of set-based queries into a context (struct ctx): the rules
 * and weights (app_matching_load), the preferences
 * (app_matchprefs_scheme), every mentor (db_search_mentors, the
 * finder's own read), every waiting mentee (db_cm_mentees), both roles'
 * keywords and every declared conflict, one statement each: never one
 * query per person.  Then the pure functions of match.h decide each
 * pair (match_check, match_score, match_reasons), the costs go to the
 * solver (assign.h), and `finish` turns an assignment into the rows a
 * run stores: score and reasons for each pair, and for each unmatched
 * mentee why, in words.  `finish` is also how a run is re-evaluated
 * after a swap (the totals, the blocking pairs and the reasons of the
 * unmatched change with it).
 *
 * Traps: a run is a snapshot; the people move on.  Viewing a run reads
 * the stored rows; a swap, a re-run and a confirm read the context
 * afresh and re-check.  Confirm, a swap and the locks load the context
 * and the run's rows INSIDE their transaction (BEGIN IMMEDIATE), so the
 * places counted and another administrator's change cannot be lost
 * under them.  Locked pairs are fixed by the administrator, so they are
 * outside the solver's problem and outside the blocking-pair count.
 */
#include "app/cohortmatch.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/app.h"
#include "app/cohorts.h"
#include "app/finder.h"
#include "app/match.h"
#include "app/pairing.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "db/schemeconf.h"

/* ---- the cost ---- */

int
app_cohortmatch_cost(int score, int wish_rank, bool avoided,
    const struct app_match_settings *st)
{
	int cost = 100 - score;
	if (wish_rank >= 1 && wish_rank <= APP_WISHES_MAX)
		cost -= st->wish_weight[wish_rank - 1];
	if (avoided && !st->avoid_hard)
		cost += st->avoid_penalty;
	if (cost < 0)
		cost = 0;
	if (cost > APP_CM_COST_MAX)
		cost = APP_CM_COST_MAX;
	return cost;
}

/* ---- the context ---- */

struct cm_mentor {
	int64_t id;
	const char *name, *email;
	struct match_person p;
	bool is_complete, is_available, is_paused, in_scope;
	int64_t capacity, live;
	bool in_pool;                 /* in scope, available, not paused, complete, room */
};

struct cm_mentee {
	int64_t id;
	const char *name;
	struct match_person p;
	const struct db_cm_conflict *conf;
	size_t nconf;
	int64_t wish[APP_WISHES_MAX]; /* mentor ids by rank, 0 none */
};

struct ctx {
	int64_t scheme_id;
	bool is_on;
	struct match_rules rules;
	uint32_t mentor_required, mentee_required;
	struct app_match_settings st;
	struct app_match_avoid *avoids;   /* sorted by mentor, mentee */
	size_t navoids;
	struct cm_mentor *mentors;        /* by user id */
	size_t nmentors;
	struct cm_mentee *mentees;        /* by user id */
	size_t nmentees;
	struct db_option *kw;             /* keyword labels, by id */
	size_t nkw;
};

enum cx { CX_NONE, CX_SELF, CX_CONFLICT, CX_ORGANISATION, CX_SPECIALTY, CX_DISTANCE,
	CX_INCOMPLETE, CX_AVOID, CX__MAX };

static int
cmp_option(const void *x, const void *y)
{
	const struct db_option *a = x, *b = y;
	return (a->id > b->id) - (a->id < b->id);
}

static int
cmp_avoid(const void *x, const void *y)
{
	const struct app_match_avoid *a = x, *b = y;
	if (a->mentor_id != b->mentor_id)
		return (a->mentor_id > b->mentor_id) - (a->mentor_id < b->mentor_id);
	return (a->mentee_id > b->mentee_id) - (a->mentee_id < b->mentee_id);
}

static int
cmp_id(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

/* Load the scheme's matching context: cohort_id > 0 restricts the
 * mentees to that cohort; scope_cohort > 0 restricts the mentors to that
 * cohort's mentors when it has any. */
static enum err
ctx_load(struct db *db, struct arena *a, int64_t scheme_id, int64_t cohort_id,
    int64_t scope_cohort, struct ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->scheme_id = scheme_id;
	struct db_scheme_settings ss;
	struct app_match_wish *wishes;
	size_t nwishes;
	struct db_search_person *mrows, *erows;
	size_t nm, ne, nmk, nek, nconf, nscope = 0;
	struct db_search_keyword *mk, *ek;
	struct db_cm_conflict *conf;
	int64_t *scope = NULL;
	enum err rc;
	if ((rc = db_scheme_settings_get(db, a, scheme_id, &ss)) != ERR_OK ||
	    (rc = app_matching_load(db, a, scheme_id, &c->rules, &c->mentor_required,
	    &c->mentee_required)) != ERR_OK ||
	    (rc = app_matchprefs_scheme(db, a, scheme_id, &c->st, &wishes, &nwishes,
	    &c->avoids, &c->navoids)) != ERR_OK ||
	    (rc = db_search_mentors(db, a, scheme_id, &mrows, &nm)) != ERR_OK ||
	    (rc = db_search_scheme_keywords(db, a, scheme_id, "mentor", &mk, &nmk)) != ERR_OK ||
	    (rc = db_cm_mentees(db, a, scheme_id, cohort_id, &erows, &ne)) != ERR_OK ||
	    (rc = db_search_scheme_keywords(db, a, scheme_id, "mentee", &ek, &nek)) != ERR_OK ||
	    (rc = db_cm_conflicts(db, a, scheme_id, &conf, &nconf)) != ERR_OK ||
	    (rc = db_options_list(db, a, scheme_id, "keyword", true, &c->kw, &c->nkw)) !=
	    ERR_OK)
		return rc;
	if (scope_cohort > 0 && (rc = db_cm_cohort_mentors(db, a, scope_cohort, scheme_id,
	    &scope, &nscope)) != ERR_OK)
		return rc;
	c->is_on = ss.allow_cohort_matching;
	if (c->nkw > 1)
		qsort(c->kw, c->nkw, sizeof(*c->kw), cmp_option);
	if (c->navoids > 1)
		qsort(c->avoids, c->navoids, sizeof(*c->avoids), cmp_avoid);

	c->nmentors = nm;
	c->mentors = arena_calloc(a, nm ? nm : 1, sizeof(*c->mentors));
	int64_t *mkids = arena_calloc(a, nmk ? nmk : 1, sizeof(int64_t));
	size_t k = 0;
	for (size_t i = 0; i < nm; i++) {
		const struct db_search_person *r = &mrows[i];
		struct cm_mentor *m = &c->mentors[i];
		const int64_t *kw;
		size_t nkw;
		m->id = r->user_id;
		m->name = r->name;
		m->email = r->email;
		app_finder_keywords_of(mk, nmk, &k, r->user_id, mkids, &kw, &nkw);
		app_finder_person(r, kw, nkw, &m->p);
		m->is_complete = match_missing(c->mentor_required,
		    app_finder_mentor_filled(r, m->p.formats), "mentor") == 0;
		m->is_available = r->is_available;
		m->is_paused = r->is_paused;
		m->capacity = r->capacity;
		m->live = r->active_mentees;
		m->in_scope = nscope == 0 ||
		    bsearch(&m->id, scope, nscope, sizeof(int64_t), cmp_id) != NULL;
		/* completeness is a per-pair exclusion below, so the reasons
		 * of an unmatched mentee can name it */
		m->in_pool = m->in_scope && m->is_available && !m->is_paused &&
		    m->live < m->capacity;
	}

	c->nmentees = ne;
	c->mentees = arena_calloc(a, ne ? ne : 1, sizeof(*c->mentees));
	int64_t *ekids = arena_calloc(a, nek ? nek : 1, sizeof(int64_t));
	size_t kc = 0, kw = 0;
	k = 0;
	for (size_t i = 0; i < ne; i++) {
		const struct db_search_person *r = &erows[i];
		struct cm_mentee *e = &c->mentees[i];
		const int64_t *ekw;
		size_t nekw;
		e->id = r->user_id;
		e->name = r->name;
		app_finder_keywords_of(ek, nek, &k, r->user_id, ekids, &ekw, &nekw);
		app_finder_person(r, ekw, nekw, &e->p);
		while (kc < nconf && conf[kc].mentee_id < e->id)
			kc++;
		e->conf = conf + kc;
		while (kc < nconf && conf[kc].mentee_id == e->id)
			kc++;
		e->nconf = (size_t)(conf + kc - e->conf);
		/* wishes come ordered by mentee then rank */
		while (kw < nwishes && wishes[kw].mentee_id < e->id)
			kw++;
		while (kw < nwishes && wishes[kw].mentee_id == e->id) {
			int rk = wishes[kw].rank;
			if (rk >= 1 && rk <= APP_WISHES_MAX)
				e->wish[rk - 1] = wishes[kw].mentor_id;
			kw++;
		}
	}
	return ERR_OK;
}

struct kw_list {
	const struct db_option *kw;
	size_t nkw;
};

static const char *
keyword_label(int64_t id, void *ud)
{
	const struct kw_list *c = ud;
	struct db_option key = {.id = id};
	const struct db_option *o = bsearch(&key, c->kw, c->nkw, sizeof(*c->kw), cmp_option);
	return o ? o->label : "a keyword";
}

static bool
is_conflict(const struct cm_mentee *e, const struct cm_mentor *m)
{
	for (size_t i = 0; i < e->nconf; i++) {
		if (e->conf[i].mentor_id != 0 ? e->conf[i].mentor_id == m->id
		    : strcasecmp(e->conf[i].email, m->email) == 0)
			return true;
	}
	return false;
}

static bool
is_avoided(const struct ctx *c, int64_t mentor_id, int64_t mentee_id)
{
	struct app_match_avoid key = {.mentor_id = mentor_id, .mentee_id = mentee_id};
	return c->navoids > 0 &&
	    bsearch(&key, c->avoids, c->navoids, sizeof(key), cmp_avoid) != NULL;
}

static int
wish_rank(const struct cm_mentee *e, int64_t mentor_id)
{
	for (int r = 0; r < APP_WISHES_MAX; r++)
		if (e->wish[r] == mentor_id)
			return r + 1;
	return 0;
}

/* Why mentor m may not take mentee e (CX_NONE: the pair is allowed). */
static enum cx
pair_check(const struct ctx *c, const struct cm_mentee *e, const struct cm_mentor *m)
{
	if (e->id == m->id)
		return CX_SELF;
	switch (match_check(&e->p, &m->p, &c->rules, is_conflict(e, m))) {
	case MX_NONE:
		break;
	case MX_ORGANISATION:
		return CX_ORGANISATION;
	case MX_SPECIALTY:
		return CX_SPECIALTY;
	case MX_DISTANCE:
		return CX_DISTANCE;
	default:
		return CX_CONFLICT;
	}
	if (!m->is_complete)
		return CX_INCOMPLETE;
	if (c->st.avoid_hard && is_avoided(c, m->id, e->id))
		return CX_AVOID;
	return CX_NONE;
}

/* The score, wish rank and cost of an allowed pair. */
static int
pair_cost(const struct ctx *c, const struct cm_mentee *e, const struct cm_mentor *m,
    struct match_score *sc, int *rank)
{
	match_score(&e->p, &m->p, &c->rules, sc);
	*rank = wish_rank(e, m->id);
	return app_cohortmatch_cost(sc->score, *rank, is_avoided(c, m->id, e->id), &c->st);
}

static int
cmp_mentee_at(const void *key, const void *elem)
{
	return cmp_id(key, &((const struct cm_mentee *)elem)->id);
}

static int
cmp_mentor_at(const void *key, const void *elem)
{
	return cmp_id(key, &((const struct cm_mentor *)elem)->id);
}

static ssize_t
mentee_index(const struct ctx *c, int64_t id)
{
	const struct cm_mentee *e = c->nmentees ? bsearch(&id, c->mentees, c->nmentees,
	    sizeof(*c->mentees), cmp_mentee_at) : NULL;
	return e ? e - c->mentees : -1;
}

static ssize_t
mentor_index(const struct ctx *c, int64_t id)
{
	const struct cm_mentor *m = c->nmentors ? bsearch(&id, c->mentors, c->nmentors,
	    sizeof(*c->mentors), cmp_mentor_at) : NULL;
	return m ? m - c->mentors : -1;
}

/* ---- the solver's problem ---- */

struct prob {
	struct assign_problem p;
	int32_t *emap;        /* problem mentee -> ctx mentee */
	int32_t *mmap;        /* problem mentor -> ctx mentor */
	int32_t *mback;       /* ctx mentor -> problem mentor, -1 */
};

/* The problem over the mentees marked in `include` and the pool
 * mentors, each with room[m] places; arcs = allowed pairs. */
static void
prob_build(struct arena *a, const struct ctx *c, const bool *include, const int64_t *room,
    struct prob *pr)
{
	size_t ne = 0, nm = 0, narcs = 0;
	pr->mback = arena_calloc(a, c->nmentors + 1, sizeof(int32_t));
	pr->mmap = arena_calloc(a, c->nmentors + 1, sizeof(int32_t));
	int32_t *cap = arena_calloc(a, c->nmentors + 1, sizeof(int32_t));
	for (size_t j = 0; j < c->nmentors; j++) {
		pr->mback[j] = -1;
		if (!c->mentors[j].in_pool)
			continue;
		pr->mback[j] = (int32_t)nm;
		pr->mmap[nm] = (int32_t)j;
		cap[nm++] = (int32_t)(room[j] > 0 ? room[j] : 0);
	}
	pr->emap = arena_calloc(a, c->nmentees + 1, sizeof(int32_t));
	for (size_t i = 0; i < c->nmentees; i++) {
		if (!include[i])
			continue;
		pr->emap[ne++] = (int32_t)i;
		for (size_t k = 0; k < nm; k++)
			narcs += pair_check(c, &c->mentees[i], &c->mentors[pr->mmap[k]]) == CX_NONE;
	}
	int64_t *first = arena_calloc(a, ne + 1, sizeof(int64_t));
	int32_t *mentor = arena_calloc(a, narcs + 1, sizeof(int32_t));
	int64_t *cost = arena_calloc(a, narcs + 1, sizeof(int64_t));
	size_t arc = 0;
	for (size_t i = 0; i < ne; i++) {
		const struct cm_mentee *e = &c->mentees[pr->emap[i]];
		first[i] = (int64_t)arc;
		for (size_t k = 0; k < nm; k++) {
			const struct cm_mentor *m = &c->mentors[pr->mmap[k]];
			if (pair_check(c, e, m) != CX_NONE)
				continue;
			struct match_score sc;
			int rank;
			mentor[arc] = (int32_t)k;
			cost[arc++] = pair_cost(c, e, m, &sc, &rank);
		}
	}
	first[ne] = (int64_t)arc;
	pr->p = (struct assign_problem){.nmentees = (int32_t)ne, .nmentors = (int32_t)nm,
	    .capacity = cap, .first = first, .mentor = mentor, .cost = cost};
}

/* ---- from an assignment to the rows of a run ---- */

struct cm_out {
	struct db_cm_pair *rows;      /* by ctx mentee; only in_run ones filled */
	int64_t matched, unmatched, objective, score_total, blocking;
	const char *blocking_text;
};

static const char *
names_of(struct arena *a, const char **names, size_t n)
{
	struct buf b;
	buf_init_arena(&b, a, 4096);
	size_t shown = n > 3 ? 3 : n;
	for (size_t i = 0; i < shown; i++) {
		if (i > 0)
			buf_puts(&b, i + 1 == shown && n <= 3 ? " and " : ", ");
		buf_puts(&b, names[i]);
	}
	if (n > 3)
		buf_printf(&b, " and %zu more", n - 3);
	return buf_str(&b);
}

/* Why an unmatched mentee is unmatched, in words. */
static const char *
why_unmatched(struct arena *a, const struct ctx *c, const struct cm_mentee *e,
    const int64_t *used)
{
	size_t count[CX__MAX] = {0}, npool = 0, nallowed = 0, nfree = 0, nout = 0;
	const char **named[CX__MAX] = {0};
	const char **allowed = arena_calloc(a, c->nmentors + 1, sizeof(char *));
	const char **free_names = arena_calloc(a, c->nmentors + 1, sizeof(char *));
	for (size_t j = 0; j < c->nmentors; j++) {
		const struct cm_mentor *m = &c->mentors[j];
		if (m->id == e->id)
			continue;
		if (!m->in_pool) {
			/* full, not available or paused: not weighed for anyone,
			 * but an administrator should know they are there */
			nout += m->in_scope;
			continue;
		}
		npool++;
		enum cx x = pair_check(c, e, m);
		if (x == CX_NONE) {
			allowed[nallowed++] = m->name;
			if (m->capacity - m->live - used[j] > 0)
				free_names[nfree++] = m->name;
			continue;
		}
		if (named[x] == NULL)
			named[x] = arena_calloc(a, c->nmentors + 1, sizeof(char *));
		named[x][count[x]++] = m->name;
	}
	if (npool == 0)
		return "No mentor in this run has a free place: every one is full, not "
		    "available or paused.";
	if (nfree > 0)
		return arena_printf(a, "%s may still take them (a place is free after your "
		    "changes): choose a mentor for them or re-run the matching.",
		    names_of(a, free_names, nfree));
	if (nallowed > 0)
		return arena_printf(a, "Every mentor who may take them (%s) is full or was "
		    "given to other mentees.", names_of(a, allowed, nallowed));
	static const char *const label[CX__MAX] = {
		[CX_CONFLICT] = "declared conflict",
		[CX_SPECIALTY] = NULL, [CX_ORGANISATION] = NULL,
		[CX_DISTANCE] = "distance rule",
		[CX_INCOMPLETE] = "incomplete mentor profile",
		/* for the administrator only: the mentor's own word, not a
		 * fault of the mentee (the mentee is never told) */
		[CX_AVOID] = "\"prefer not\" marked by the mentor",
	};
	struct buf b;
	buf_init_arena(&b, a, 8192);
	buf_puts(&b, "No allowed mentor. Excluded by: ");
	bool any = false;
	for (int x = CX_CONFLICT; x < CX__MAX; x++) {
		if (count[x] == 0)
			continue;
		const char *l = label[x];
		if (x == CX_ORGANISATION)
			l = c->rules.organisation_rule == MATCH_SAME ? "same organisation rule"
			    : "different organisation rule";
		else if (x == CX_SPECIALTY)
			l = c->rules.specialty_rule == MATCH_SAME ? "same specialty rule"
			    : "different specialty rule";
		if (any)
			buf_puts(&b, ", ");
		any = true;
		/* people named for what is personal; counts for the rules */
		if (x == CX_CONFLICT || x == CX_AVOID || count[x] <= 2)
			buf_printf(&b, "%s (%s)", l, names_of(a, named[x], count[x]));
		else
			buf_printf(&b, "%s (%zu mentors)", l, count[x]);
	}
	buf_puts(&b, ".");
	if (nout > 0)
		buf_printf(&b, " %zu other %s full or not available.", nout,
		    nout == 1 ? "mentor is" : "mentors are");
	return buf_str(&b);
}

static const char *
join_lines(struct arena *a, const char **lines, size_t n)
{
	struct buf b;
	buf_init_arena(&b, a, 16384);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&b, '\n');
		buf_puts(&b, lines[i]);
	}
	return buf_str(&b);
}

/*
 * The rows and totals of an assignment: as[i] the ctx mentor of ctx
 * mentee i (-1 unmatched), for the mentees marked in_run; locked[i]
 * fixed by the administrator; extra[j] places mentor j holds in the run
 * for mentees outside the context (NULL: none).
 */
static void
finish(struct arena *a, const struct ctx *c, const bool *in_run, const int32_t *as,
    const bool *locked, const int64_t *extra, struct cm_out *o)
{
	memset(o, 0, sizeof(*o));
	o->rows = arena_calloc(a, c->nmentees + 1, sizeof(*o->rows));
	int64_t *used = arena_calloc(a, c->nmentors + 1, sizeof(int64_t));
	int64_t *room = arena_calloc(a, c->nmentors + 1, sizeof(int64_t));
	for (size_t j = 0; j < c->nmentors; j++)
		used[j] = extra ? extra[j] : 0;
	for (size_t i = 0; i < c->nmentees; i++)
		if (in_run[i] && as[i] >= 0)
			used[as[i]]++;
	for (size_t i = 0; i < c->nmentees; i++) {
		if (!in_run[i])
			continue;
		const struct cm_mentee *e = &c->mentees[i];
		struct db_cm_pair *r = &o->rows[i];
		r->mentee_id = e->id;
		r->mentee_name = e->name;
		r->reasons = r->why = r->mentor_name = "";
		if (as[i] < 0) {
			r->why = why_unmatched(a, c, e, used);
			o->unmatched++;
			continue;
		}
		const struct cm_mentor *m = &c->mentors[as[i]];
		struct match_score sc;
		int rank;
		r->mentor_id = m->id;
		r->mentor_name = m->name;
		r->cost = pair_cost(c, e, m, &sc, &rank);
		r->score = sc.score;
		r->wish_rank = rank;
		r->locked = locked[i];
		size_t nr;
		struct kw_list kl = {c->kw, c->nkw};
		const char **reasons = match_reasons(a, &sc, keyword_label, &kl, &nr);
		if (!c->st.avoid_hard && is_avoided(c, m->id, e->id)) {
			/* a soft "prefer not" (a hard one never pairs them):
			 * say what it cost, for the administrator */
			const char **more = arena_calloc(a, nr + 2, sizeof(char *));
			memcpy(more, reasons, nr * sizeof(char *));
			more[nr++] = arena_printf(a, "The mentor marked this mentee \"prefer not\" "
			    "(%d points against the pair)", c->st.avoid_penalty);
			reasons = more;
		}
		r->reasons = join_lines(a, reasons, nr);
		o->matched++;
		o->objective += r->cost;
		o->score_total += r->score;
	}

	/* blocking pairs among what the solver decides: the unlocked mentees,
	 * the pool's places less the extra and locked ones */
	bool *include = arena_calloc(a, c->nmentees + 1, sizeof(bool));
	for (size_t j = 0; j < c->nmentors; j++)
		room[j] = c->mentors[j].capacity - c->mentors[j].live - (extra ? extra[j] : 0);
	for (size_t i = 0; i < c->nmentees; i++) {
		include[i] = in_run[i] && !(locked[i] && as[i] >= 0);
		if (in_run[i] && locked[i] && as[i] >= 0)
			room[as[i]]--;
	}
	struct prob pr;
	prob_build(a, c, include, room, &pr);
	int32_t *mentor_of = arena_calloc(a, (size_t)pr.p.nmentees + 1, sizeof(int32_t));
	for (int32_t i = 0; i < pr.p.nmentees; i++) {
		int32_t j = as[pr.emap[i]];
		mentor_of[i] = j >= 0 ? pr.mback[j] : -1;
	}
	struct assign_pair bp[APP_CM_BLOCKING_SHOWN];
	o->blocking = (int64_t)assign_blocking(&pr.p, mentor_of, bp, APP_CM_BLOCKING_SHOWN);
	size_t shown = o->blocking < APP_CM_BLOCKING_SHOWN ? (size_t)o->blocking
	    : APP_CM_BLOCKING_SHOWN;
	const char **lines = arena_calloc(a, shown + 1, sizeof(char *));
	for (size_t k = 0; k < shown; k++) {
		int32_t ei = pr.emap[bp[k].mentee];
		const struct cm_mentee *e = &c->mentees[ei];
		const struct cm_mentor *m = &c->mentors[pr.mmap[bp[k].mentor]];
		const char *now = as[ei] >= 0
		    ? arena_printf(a, "proposed with %s", c->mentors[as[ei]].name)
		    : "unmatched";
		lines[k] = arena_printf(a, "%s (%s) and %s would both rather be paired "
		    "with each other.", e->name, now, m->name);
	}
	o->blocking_text = join_lines(a, lines, shown);
}

static int64_t
elapsed_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (int64_t)(t1.tv_sec - t0->tv_sec) * 1000000 +
	    (t1.tv_nsec - t0->tv_nsec) / 1000;
}

/*
 * Solve: the locks (rows with a mentor) that are still valid are kept
 * fixed; the rest go to the solver.  *as and *locked are by ctx mentee.
 */
static enum err
compute(struct arena *a, const struct ctx *c, bool stable, const struct db_cm_pair *locks,
    size_t nlocks, int32_t **as_out, bool **locked_out, size_t *dropped, int64_t *elapsed)
{
	int32_t *as = arena_calloc(a, c->nmentees + 1, sizeof(int32_t));
	bool *locked = arena_calloc(a, c->nmentees + 1, sizeof(bool));
	bool *include = arena_calloc(a, c->nmentees + 1, sizeof(bool));
	int64_t *room = arena_calloc(a, c->nmentors + 1, sizeof(int64_t));
	*dropped = 0;
	for (size_t j = 0; j < c->nmentors; j++)
		room[j] = c->mentors[j].capacity - c->mentors[j].live;
	for (size_t i = 0; i < c->nmentees; i++) {
		as[i] = -1;
		include[i] = true;
	}
	for (size_t k = 0; k < nlocks; k++) {
		ssize_t i = mentee_index(c, locks[k].mentee_id);
		ssize_t j = mentor_index(c, locks[k].mentor_id);
		if (i < 0 || j < 0 || !c->mentors[j].in_pool || room[j] <= 0 || locked[i] ||
		    pair_check(c, &c->mentees[i], &c->mentors[j]) != CX_NONE) {
			(*dropped)++;
			continue;
		}
		as[i] = (int32_t)j;
		locked[i] = true;
		include[i] = false;
		room[j]--;
	}
	struct prob pr;
	prob_build(a, c, include, room, &pr);
	int32_t *mentor_of = arena_calloc(a, (size_t)pr.p.nmentees + 1, sizeof(int32_t));
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	enum err rc;
	if (stable) {
		rc = assign_stable(&pr.p, mentor_of);
	} else {
		int64_t total;
		int32_t matched;
		rc = assign_solve(&pr.p, mentor_of, &total, &matched);
	}
	*elapsed = elapsed_since(&t0);
	if (rc != ERR_OK) {
		log_error("cohort matching: the solver refused the problem (%d)", (int)rc);
		return ERR_INTERNAL;
	}
	for (int32_t i = 0; i < pr.p.nmentees; i++)
		if (mentor_of[i] >= 0)
			as[pr.emap[i]] = pr.mmap[mentor_of[i]];
	*as_out = as;
	*locked_out = locked;
	return ERR_OK;
}

/* ---- saving ---- */

static enum err
save_run_tx(struct db *db, struct db_cm_run *r, const struct ctx *c,
    const struct cm_out *o, int64_t *id)
{
	r->matched = o->matched;
	r->unmatched = o->unmatched;
	r->objective = o->objective;
	r->blocking = o->blocking;
	r->score_total = o->score_total;
	r->blocking_text = o->blocking_text;
	enum err rc = db_cm_run_insert(db, r, clock_now(), id);
	for (size_t i = 0; i < c->nmentees && rc == ERR_OK; i++)
		rc = db_cm_pair_insert(db, *id, &o->rows[i]);
	return rc;
}

static enum err
finish_tx(struct db *db, enum err rc)
{
	if (rc == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

/* A run of a scheme `me` administers: ERR_NOT_FOUND otherwise. */
static enum err
run_load(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct db_cm_run *out)
{
	enum err rc = db_cm_run_get(db, a, id, out);
	if (rc != ERR_OK)
		return rc;
	if (me != NULL && !app_is_scheme_admin(me, out->scheme_id))
		return ERR_NOT_FOUND;
	return ERR_OK;
}

static enum err
not_draft(struct arena *a, const struct db_cm_run *r, struct app_problems *ps)
{
	(void)a;
	const char *why = strcmp(r->status, "confirmed") == 0
	    ? "This run has already been confirmed: its relationships have been made."
	    : strcmp(r->status, "replaced") == 0
	    ? "This run has been replaced by a re-run. Open the newer run."
	    : "This run has been discarded. Run the matching again.";
	app_problem(ps, "", why);
	return ERR_CONFLICT;
}

/* A draft run of a scheme `me` administers: ERR_NOT_FOUND as run_load,
 * ERR_CONFLICT (with the problem in words) when it is no longer a draft. */
static enum err
draft_load(struct db *db, struct arena *a, const struct app_auth *me, int64_t id,
    struct db_cm_run *out, struct app_problems *ps)
{
	enum err rc = run_load(db, a, me, id, out);
	if (rc == ERR_OK && strcmp(out->status, "draft") != 0)
		rc = not_draft(a, out, ps);
	return rc;
}

static const char *
run_subject(struct arena *a, int64_t id)
{
	return arena_printf(a, "match_run:%lld", (long long)id);
}

/* ---- the scheme's page ---- */

enum err
app_cohortmatch_overview(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct app_cm_overview *out)
{
	memset(out, 0, sizeof(*out));
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	struct db_scheme_settings ss;
	struct app_match_settings st;
	struct app_match_wish *w;
	struct app_match_avoid *av;
	struct db_search_person *mentees;
	size_t nw, nav;
	enum err rc;
	if ((rc = db_scheme_settings_get(db, a, scheme_id, &ss)) != ERR_OK ||
	    (rc = app_matchprefs_scheme(db, a, scheme_id, &st, &w, &nw, &av, &nav)) != ERR_OK ||
	    (rc = app_cohorts_list(db, a, me, scheme_id, &out->cohorts, &out->ncohorts)) !=
	    ERR_OK ||
	    (rc = db_cm_run_list(db, a, scheme_id, APP_CM_RUNS_SHOWN, &out->runs,
	    &out->nruns)) != ERR_OK ||
	    (rc = db_cm_mentees(db, a, scheme_id, 0, &mentees, &out->waiting)) != ERR_OK)
		return rc;
	out->is_on = ss.allow_cohort_matching;
	out->stable_mode = st.stable_mode;
	return ERR_OK;
}

/* Check a run's inputs: the cohort is the scheme's, the mode offered. */
static enum err
run_inputs(struct db *db, struct arena *a, int64_t scheme_id, int64_t cohort_id,
    const char *mode, bool stable_offered, struct app_problems *ps)
{
	if (cohort_id > 0) {
		struct db_cohort co;
		enum err rc = db_cohort_get(db, a, cohort_id, &co);
		if (rc != ERR_OK && rc != ERR_NOT_FOUND)
			return rc;
		if (rc == ERR_NOT_FOUND || co.scheme_id != scheme_id)
			app_problem(ps, "cohort_id", "Choose a cohort of this scheme, or everyone "
			    "waiting");
	}
	if (mode == NULL || (strcmp(mode, "optimal") != 0 && strcmp(mode, "stable") != 0))
		app_problem(ps, "mode", "Choose how to match: best overall or stable");
	else if (strcmp(mode, "stable") == 0 && !stable_offered)
		app_problem(ps, "mode", "This scheme does not offer stable matching. Turn on "
		    "stable mode in the scheme's matching preferences first");
	return ps->n > 0 ? ERR_BAD_INPUT : ERR_OK;
}

/* Keep only the context's mentees whose ids are in only[0..n) (sorted):
 * the mentees stay by id. */
static void
ctx_keep_mentees(struct ctx *c, const int64_t *only, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < c->nmentees; i++)
		if (n > 0 && bsearch(&c->mentees[i].id, only, n, sizeof(int64_t), cmp_id) != NULL)
			c->mentees[k++] = c->mentees[i];
	c->nmentees = k;
}

/* Load, solve, finish: the proposal for a scheme, not yet saved.  only
 * (sorted ids, NULL: no limit) keeps just those mentees: a re-run of a
 * run whose cohort was deleted matches the run's own mentees again,
 * never everyone waiting. */
static enum err
propose(struct db *db, struct arena *a, int64_t scheme_id, int64_t cohort_id, bool stable,
    const int64_t *only, size_t nonly, const struct db_cm_pair *locks, size_t nlocks,
    struct ctx *c, struct cm_out *o, size_t *dropped, int64_t *elapsed)
{
	int32_t *as;
	bool *locked;
	enum err rc = ctx_load(db, a, scheme_id, cohort_id, cohort_id, c);
	if (rc != ERR_OK)
		return rc;
	if (only != NULL)
		ctx_keep_mentees(c, only, nonly);
	if ((rc = compute(a, c, stable, locks, nlocks, &as, &locked, dropped, elapsed)) !=
	    ERR_OK)
		return rc;
	bool *in_run = arena_calloc(a, c->nmentees + 1, sizeof(bool));
	for (size_t i = 0; i < c->nmentees; i++)
		in_run[i] = true;
	finish(a, c, in_run, as, locked, NULL, o);
	return ERR_OK;
}

enum err
app_cohortmatch_run(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t cohort_id, const char *mode, const char *ip,
    struct app_problems *ps, int64_t *id)
{
	struct db_scheme_settings ss;
	struct app_match_settings st;
	struct app_match_wish *w;
	struct app_match_avoid *av;
	size_t nw, nav;
	*id = 0;
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	enum err rc;
	if ((rc = db_scheme_settings_get(db, a, scheme_id, &ss)) != ERR_OK ||
	    (rc = app_matchprefs_scheme(db, a, scheme_id, &st, &w, &nw, &av, &nav)) != ERR_OK)
		return rc;
	if (!ss.allow_cohort_matching) {
		app_problem(ps, "", "Cohort matching is turned off for this scheme. Turn on "
		    "cohort matching in the scheme's settings first.");
		return ERR_FORBIDDEN;
	}
	if ((rc = run_inputs(db, a, scheme_id, cohort_id, mode, st.stable_mode, ps)) != ERR_OK)
		return rc;
	bool stable = strcmp(mode, "stable") == 0;
	struct ctx c;
	struct cm_out o;
	size_t dropped;
	int64_t elapsed;
	if ((rc = propose(db, a, scheme_id, cohort_id, stable, NULL, 0, NULL, 0, &c, &o,
	    &dropped, &elapsed)) != ERR_OK)
		return rc;
	if (c.nmentees == 0) {
		/* a run of nobody would stay a draft for ever */
		app_problem(ps, "cohort_id", cohort_id ? "No mentee of this cohort is waiting "
		    "for a mentor: choose another cohort, or everyone waiting" :
		    "No mentee of this scheme is waiting for a mentor: there is nobody to match");
		return ERR_BAD_INPUT;
	}
	struct db_cm_run r = {.scheme_id = scheme_id, .cohort_id = cohort_id,
	    .mode = stable ? "stable" : "optimal", .created_by = me->user_id,
	    .elapsed_us = elapsed, .everyone = cohort_id == 0};
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = save_run_tx(db, &r, &c, &o, id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, "match.run", run_subject(a, *id),
		    arena_printf(a, "%s, %s: %lld matched, %lld unmatched, cost %lld",
		    cohort_id ? arena_printf(a, "cohort %lld", (long long)cohort_id)
		    : "everyone waiting", r.mode, (long long)o.matched, (long long)o.unmatched,
		    (long long)o.objective), ip ? ip : "");
	return finish_tx(db, rc);
}

/* ---- one run ---- */

static int
cmp_load(const void *x, const void *y)
{
	const struct app_cm_load *a = x, *b = y;
	return strcasecmp(a->name, b->name);
}

static const char **
split_lines(struct arena *a, const char *text, size_t *n)
{
	size_t cap = 1;
	for (const char *p = text; *p; p++)
		cap += *p == '\n';
	const char **out = arena_calloc(a, cap + 1, sizeof(char *));
	*n = 0;
	if (*text == '\0')
		return out;
	const char *p = text;
	for (;;) {
		const char *nl = strchr(p, '\n');
		out[(*n)++] = nl ? arena_strndup(a, p, (size_t)(nl - p)) : arena_strdup(a, p);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return out;
}

enum err
app_cohortmatch_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t run_id, struct app_cm_view *out)
{
	memset(out, 0, sizeof(*out));
	enum err rc = run_load(db, a, me, run_id, &out->run);
	if (rc != ERR_OK)
		return rc;
	struct db_search_person *mentors;
	size_t nm;
	if ((rc = db_cm_pairs(db, a, run_id, &out->pairs, &out->npairs)) != ERR_OK ||
	    (rc = db_search_mentors(db, a, out->run.scheme_id, &mentors, &nm)) != ERR_OK)
		return rc;
	out->is_draft = strcmp(out->run.status, "draft") == 0;
	out->blocking = split_lines(a, out->run.blocking_text, &out->nblocking);
	out->mean_score = out->run.matched > 0
	    ? (int)((out->run.score_total * 2 + out->run.matched) / (out->run.matched * 2))
	    : 0;
	/* each mentor's load: the run's pairs grouped (mentors are by id) */
	out->loads = arena_calloc(a, out->npairs + 1, sizeof(*out->loads));
	for (size_t i = 0; i < out->npairs; i++) {
		const struct db_cm_pair *p = &out->pairs[i];
		out->nlocked += p->locked;
		if (p->mentor_id == 0)
			continue;
		size_t k = 0;
		while (k < out->nloads && out->loads[k].mentor_id != p->mentor_id)
			k++;
		if (k == out->nloads) {
			out->loads[k] = (struct app_cm_load){.mentor_id = p->mentor_id,
			    .name = p->mentor_name};
			for (size_t j = 0; j < nm; j++) {
				if (mentors[j].user_id == p->mentor_id) {
					out->loads[k].capacity = mentors[j].capacity;
					out->loads[k].live = mentors[j].active_mentees;
				}
			}
			out->nloads++;
		}
		out->loads[k].proposed++;
	}
	if (out->nloads > 1)
		qsort(out->loads, out->nloads, sizeof(*out->loads), cmp_load);
	return ERR_OK;
}

/* The state of a draft run against a fresh context: in_run, as, locked
 * by ctx mentee, extra places held by rows outside the context. */
struct run_state {
	struct db_cm_pair *pairs;
	size_t npairs;
	bool *in_run;
	int32_t *as;
	bool *locked;
	int64_t *extra;
	struct ctx c;
};

static enum err
state_load(struct db *db, struct arena *a, const struct db_cm_run *r, struct run_state *s)
{
	memset(s, 0, sizeof(*s));
	enum err rc = db_cm_pairs(db, a, r->id, &s->pairs, &s->npairs);
	if (rc != ERR_OK)
		return rc;
	if ((rc = ctx_load(db, a, r->scheme_id, 0, r->cohort_id, &s->c)) != ERR_OK)
		return rc;
	const struct ctx *c = &s->c;
	s->in_run = arena_calloc(a, c->nmentees + 1, sizeof(bool));
	s->as = arena_calloc(a, c->nmentees + 1, sizeof(int32_t));
	s->locked = arena_calloc(a, c->nmentees + 1, sizeof(bool));
	s->extra = arena_calloc(a, c->nmentors + 1, sizeof(int64_t));
	for (size_t i = 0; i < c->nmentees; i++)
		s->as[i] = -1;
	for (size_t k = 0; k < s->npairs; k++) {
		const struct db_cm_pair *p = &s->pairs[k];
		ssize_t i = mentee_index(c, p->mentee_id);
		ssize_t j = p->mentor_id ? mentor_index(c, p->mentor_id) : -1;
		if (i < 0) {
			if (j >= 0)
				s->extra[j]++;
			continue;
		}
		s->in_run[i] = true;
		s->locked[i] = p->locked;
		s->as[i] = (int32_t)j;
	}
	return ERR_OK;
}

/* Write back every row of the context and the run's totals (rows of
 * mentees outside the context keep their stored values and count). */
static enum err
state_save_tx(struct db *db, struct arena *a, struct db_cm_run *r, struct run_state *s)
{
	struct cm_out o;
	finish(a, &s->c, s->in_run, s->as, s->locked, s->extra, &o);
	enum err rc = ERR_OK;
	for (size_t i = 0; i < s->c.nmentees && rc == ERR_OK; i++)
		if (s->in_run[i])
			rc = db_cm_pair_set(db, r->id, &o.rows[i]);
	for (size_t k = 0; k < s->npairs; k++) {
		const struct db_cm_pair *p = &s->pairs[k];
		if (mentee_index(&s->c, p->mentee_id) >= 0)
			continue;
		if (p->mentor_id) {
			o.matched++;
			o.objective += p->cost;
			o.score_total += p->score;
		} else {
			o.unmatched++;
		}
	}
	r->matched = o.matched;
	r->unmatched = o.unmatched;
	r->objective = o.objective;
	r->blocking = o.blocking;
	r->score_total = o.score_total;
	r->blocking_text = o.blocking_text;
	if (rc == ERR_OK)
		rc = db_cm_run_totals(db, r, clock_now());
	return rc;
}

static int
cmp_option_score(const void *x, const void *y)
{
	const struct app_cm_option *a = x, *b = y;
	if (a->score != b->score)
		return b->score - a->score;
	return strcasecmp(a->name, b->name);
}

/* The options of mentee i in state s (all of them, unsorted). */
static struct app_cm_option *
options_of(struct arena *a, const struct run_state *s, size_t i, size_t *n)
{
	const struct ctx *c = &s->c;
	int64_t *used = arena_calloc(a, c->nmentors + 1, sizeof(int64_t));
	for (size_t j = 0; j < c->nmentors; j++)
		used[j] = s->extra[j];
	for (size_t k = 0; k < c->nmentees; k++)
		if (k != i && s->in_run[k] && s->as[k] >= 0)
			used[s->as[k]]++;
	struct app_cm_option *out = arena_calloc(a, c->nmentors + 1, sizeof(*out));
	*n = 0;
	for (size_t j = 0; j < c->nmentors; j++) {
		const struct cm_mentor *m = &c->mentors[j];
		int64_t free_places = m->capacity - m->live - used[j];
		if (!m->in_pool || free_places <= 0 ||
		    pair_check(c, &c->mentees[i], m) != CX_NONE)
			continue;
		struct match_score sc;
		int rank;
		pair_cost(c, &c->mentees[i], m, &sc, &rank);
		out[(*n)++] = (struct app_cm_option){.mentor_id = m->id, .name = m->name,
		    .score = sc.score, .wish_rank = rank, .free = free_places - 1,
		    .is_current = s->as[i] == (int32_t)j};
	}
	return out;
}

/* A draft run, its state, and the mentee's index in it. */
static enum err
draft_mentee(struct db *db, struct arena *a, const struct app_auth *me, int64_t run_id,
    int64_t mentee_id, struct db_cm_run *r, struct run_state *s, size_t *index,
    struct app_problems *ps)
{
	enum err rc = run_load(db, a, me, run_id, r);
	if (rc != ERR_OK)
		return rc;
	if ((rc = state_load(db, a, r, s)) != ERR_OK)
		return rc;
	const struct db_cm_pair *row = NULL;
	for (size_t k = 0; k < s->npairs; k++)
		if (s->pairs[k].mentee_id == mentee_id)
			row = &s->pairs[k];
	if (row == NULL)
		return ERR_NOT_FOUND;
	if (strcmp(r->status, "draft") != 0)
		return not_draft(a, r, ps);
	ssize_t i = mentee_index(&s->c, mentee_id);
	if (i < 0) {
		app_problem(ps, "", arena_printf(a, "%s has a mentor now or has left the "
		    "scheme. Re-run the matching.", row->mentee_name));
		return ERR_CONFLICT;
	}
	*index = (size_t)i;
	return ERR_OK;
}

enum err
app_cohortmatch_options(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t run_id, int64_t mentee_id, struct db_cm_pair *row,
    struct app_cm_option **out, size_t *n, struct app_problems *ps)
{
	struct db_cm_run r;
	struct run_state s;
	size_t i;
	*out = NULL;
	*n = 0;
	enum err rc = draft_mentee(db, a, me, run_id, mentee_id, &r, &s, &i, ps);
	if (rc != ERR_OK)
		return rc;
	for (size_t k = 0; k < s.npairs; k++)
		if (s.pairs[k].mentee_id == mentee_id)
			*row = s.pairs[k];
	*out = options_of(a, &s, i, n);
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), cmp_option_score);
	if (*n > APP_CM_OPTIONS_MAX)
		*n = APP_CM_OPTIONS_MAX;
	return ERR_OK;
}

enum err
app_cohortmatch_swap(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t run_id, int64_t mentee_id, int64_t mentor_id, const char *ip,
    struct app_problems *ps)
{
	struct db_cm_run r;
	struct run_state s;
	size_t i, n;
	/* the run's state is read INSIDE the transaction (BEGIN IMMEDIATE):
	 * read before it, another administrator's swap or locks saved in
	 * between would be written over with the stale rows (lost update) */
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	rc = draft_mentee(db, a, me, run_id, mentee_id, &r, &s, &i, ps);
	if (rc != ERR_OK) {
		db_rollback(db);
		return rc;
	}
	struct app_cm_option *opt = options_of(a, &s, i, &n);
	size_t k = 0;
	while (k < n && opt[k].mentor_id != mentor_id)
		k++;
	if (k == n) {
		db_rollback(db);
		app_problem(ps, "mentor_id", "Choose a mentor who may take this mentee and has "
		    "a free place");
		return ERR_BAD_INPUT;
	}
	s.as[i] = (int32_t)mentor_index(&s.c, mentor_id);
	s.locked[i] = true;
	rc = state_save_tx(db, a, &r, &s);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, r.scheme_id, "match.swap", run_subject(a, r.id),
		    arena_printf(a, "mentee %lld to mentor %lld, locked", (long long)mentee_id,
		    (long long)mentor_id), ip ? ip : "");
	if (rc == ERR_CONFLICT)
		not_draft(a, &r, ps);
	return finish_tx(db, rc);
}

enum err
app_cohortmatch_locks(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t run_id, const int64_t *mentees, size_t n, const char *ip,
    struct app_problems *ps)
{
	struct db_cm_run r;
	struct run_state s;
	enum err rc = draft_load(db, a, me, run_id, &r, ps);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_cm_pairs_unlock(db, run_id);
	for (size_t k = 0; k < n && rc == ERR_OK; k++) {
		rc = db_cm_pair_lock(db, run_id, mentees[k]);
		if (rc == ERR_NOT_FOUND) {
			app_problem(ps, "locked", "Only a proposed pair of this run can be locked");
			rc = ERR_BAD_INPUT;
		}
	}
	/* the blocking pairs count the unlocked part: evaluate again */
	if (rc == ERR_OK)
		rc = state_load(db, a, &r, &s);
	if (rc == ERR_OK)
		rc = state_save_tx(db, a, &r, &s);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, r.scheme_id, "match.lock", run_subject(a, r.id),
		    arena_printf(a, "%zu pairs locked", n), ip ? ip : "");
	if (rc == ERR_CONFLICT)
		not_draft(a, &r, ps);
	return finish_tx(db, rc);
}

enum err
app_cohortmatch_rerun(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t run_id, const char *ip, struct app_problems *ps, int64_t *new_id)
{
	struct db_cm_run r;
	struct db_cm_pair *pairs;
	size_t npairs, nlocks = 0;
	*new_id = 0;
	enum err rc = draft_load(db, a, me, run_id, &r, ps);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_cm_pairs(db, a, run_id, &pairs, &npairs)) != ERR_OK)
		return rc;
	struct db_cm_pair *locks = arena_calloc(a, npairs + 1, sizeof(*locks));
	for (size_t k = 0; k < npairs; k++)
		if (pairs[k].locked && pairs[k].mentor_id)
			locks[nlocks++] = pairs[k];
	/* the cohort was deleted (cohort_id SET NULL, not "everyone"): the
	 * run's own mentees again, never everyone waiting */
	int64_t *only = NULL;
	size_t nonly = 0;
	if (r.cohort_id == 0 && !r.everyone) {
		only = arena_calloc(a, npairs + 1, sizeof(int64_t));
		for (size_t k = 0; k < npairs; k++)
			only[nonly++] = pairs[k].mentee_id;
		qsort(only, nonly, sizeof(int64_t), cmp_id);
	}
	/* a stable run re-run after the scheme stopped offering stable mode
	 * is matched best overall (the handler says so) */
	struct app_match_settings st;
	if ((rc = app_match_settings_get(db, r.scheme_id, &st)) != ERR_OK)
		return rc;
	bool stable = strcmp(r.mode, "stable") == 0 && st.stable_mode;
	struct ctx c;
	struct cm_out o;
	size_t dropped;
	int64_t elapsed;
	if ((rc = propose(db, a, r.scheme_id, r.cohort_id, stable, only, nonly, locks, nlocks,
	    &c, &o, &dropped, &elapsed)) != ERR_OK)
		return rc;
	if (c.nmentees == 0) {
		app_problem(ps, "", "None of this run's mentees is waiting for a mentor now, so "
		    "there is nobody to match again. Discard this run.");
		return ERR_CONFLICT;
	}
	struct db_cm_run nr = {.scheme_id = r.scheme_id, .cohort_id = r.cohort_id,
	    .mode = stable ? "stable" : "optimal", .created_by = me->user_id,
	    .elapsed_us = elapsed, .everyone = r.everyone};
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = save_run_tx(db, &nr, &c, &o, new_id);
	if (rc == ERR_OK)
		rc = db_cm_run_status(db, r.id, "replaced", 0, *new_id, clock_now());
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, r.scheme_id, "match.run",
		    run_subject(a, *new_id), arena_printf(a, "re-run of run %lld (%s) around %zu "
		    "locked pairs (%zu no longer possible): %lld matched, %lld unmatched, "
		    "cost %lld", (long long)r.id, nr.mode, nlocks - dropped, dropped,
		    (long long)o.matched, (long long)o.unmatched, (long long)o.objective),
		    ip ? ip : "");
	if (rc == ERR_CONFLICT)
		not_draft(a, &r, ps);
	return finish_tx(db, rc);
}

enum err
app_cohortmatch_discard(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t run_id, const char *ip, struct app_problems *ps)
{
	struct db_cm_run r;
	enum err rc = draft_load(db, a, me, run_id, &r, ps);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_cm_run_status(db, run_id, "discarded", 0, 0, clock_now());
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, r.scheme_id, "match.discard",
		    run_subject(a, run_id), "", ip ? ip : "");
	if (rc == ERR_CONFLICT)
		not_draft(a, &r, ps);
	return finish_tx(db, rc);
}

/* ---- confirming ---- */

/* Inside the caller's transaction: re-check every pair against a context
 * read now, then make the relationships.  actor 0: the system. */
static enum err
confirm_tx(struct db *db, struct arena *a, const struct db_cm_run *r, int64_t actor,
    const char *ip, struct app_problems *ps, size_t *created)
{
	struct db_cm_pair *pairs;
	size_t npairs;
	struct ctx c;
	*created = 0;
	enum err rc = db_cm_pairs(db, a, r->id, &pairs, &npairs);
	if (rc != ERR_OK)
		return rc;
	if ((rc = ctx_load(db, a, r->scheme_id, 0, 0, &c)) != ERR_OK)
		return rc;
	int64_t *taken = arena_calloc(a, c.nmentors + 1, sizeof(int64_t));
	for (size_t k = 0; k < npairs; k++) {
		const struct db_cm_pair *p = &pairs[k];
		if (p->mentor_id == 0)
			continue;
		ssize_t i = mentee_index(&c, p->mentee_id);
		ssize_t j = mentor_index(&c, p->mentor_id);
		const char *why = NULL;
		if (i < 0)
			why = arena_printf(a, "%s has a mentor now or is no longer an active mentee "
			    "of the scheme.", p->mentee_name);
		else if (j < 0)
			why = arena_printf(a, "%s is no longer an active mentor of the scheme.",
			    p->mentor_name);
		else if (!c.mentors[j].is_available || c.mentors[j].is_paused)
			why = arena_printf(a, "%s is not available for new mentees now.",
			    p->mentor_name);
		else if (c.mentors[j].capacity - c.mentors[j].live - taken[j] <= 0)
			why = arena_printf(a, "%s has no free place now: filled since this run "
			    "was made.", p->mentor_name);
		else {
			enum cx x = pair_check(&c, &c.mentees[i], &c.mentors[j]);
			if (x != CX_NONE)
				why = arena_printf(a, "%s and %s may no longer be paired: %s.",
				    p->mentee_name, p->mentor_name,
				    x == CX_INCOMPLETE ? "the mentor's profile lacks a required field"
				    : x == CX_AVOID ? "the mentor has marked them \"prefer not\""
				    : "a matching rule or a declared conflict excludes the pair now");
		}
		if (why != NULL) {
			app_problem(ps, "", arena_printf(a, "%s Re-run the matching.", why));
			return ERR_CONFLICT;
		}
		taken[j]++;
	}
	for (size_t k = 0; k < npairs && rc == ERR_OK; k++) {
		const struct db_cm_pair *p = &pairs[k];
		if (p->mentor_id == 0)
			continue;
		struct app_rel_new in = {.scheme_id = r->scheme_id, .mentor_id = p->mentor_id,
		    .mentee_id = p->mentee_id, .origin = "cohort", .assigned_by = actor,
		    .override_reason = "", .first_session = "", .actor_id = actor,
		    .ip = ip ? ip : ""};
		int64_t rel = 0;
		rc = app_relationship_create_tx(db, a, &in, &rel);
		if (rc == ERR_CONFLICT || rc == ERR_NOT_FOUND) {
			app_problem(ps, "", arena_printf(a, "%s and %s could not be paired: one of "
			    "them changed since this run was made. Re-run the matching.",
			    p->mentee_name, p->mentor_name));
			rc = ERR_CONFLICT;
		}
		if (rc == ERR_OK)
			rc = db_cm_pair_set_rel(db, r->id, p->mentee_id, rel);
		if (rc == ERR_OK)
			(*created)++;
	}
	if (rc == ERR_OK) {
		rc = db_cm_run_status(db, r->id, "confirmed", actor, 0, clock_now());
		if (rc == ERR_CONFLICT)
			not_draft(a, r, ps);
	}
	if (rc == ERR_OK)
		rc = app_audit_tx(db, actor, r->scheme_id, "match.confirm", run_subject(a, r->id),
		    arena_printf(a, "%zu relationships made", *created), ip ? ip : "");
	return rc;
}

enum err
app_cohortmatch_confirm(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t run_id, const char *ip, struct app_problems *ps, size_t *created)
{
	struct db_cm_run r;
	struct db_scheme_settings ss;
	*created = 0;
	enum err rc = draft_load(db, a, me, run_id, &r, ps);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_scheme_settings_get(db, a, r.scheme_id, &ss)) != ERR_OK)
		return rc;
	if (!ss.allow_cohort_matching) {
		app_problem(ps, "", "Cohort matching is turned off for this scheme. Turn it on "
		    "in the scheme's settings to confirm this run.");
		return ERR_FORBIDDEN;
	}
	if (r.matched == 0) {
		app_problem(ps, "", "This run proposes no pairs, so there is nothing to confirm.");
		return ERR_CONFLICT;
	}
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	/* the run again, inside the transaction: another confirm may have won */
	if ((rc = db_cm_run_get(db, a, run_id, &r)) == ERR_OK) {
		if (strcmp(r.status, "draft") != 0)
			rc = not_draft(a, &r, ps);
		else
			rc = confirm_tx(db, a, &r, me->user_id, ip, ps, created);
	}
	if (rc != ERR_OK)
		*created = 0;
	return finish_tx(db, rc);
}

/* ---- the command line ---- */

enum err
app_cohortmatch_system(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t cohort_id, bool stable, bool save, struct app_problems *ps,
    struct app_cm_result *out)
{
	memset(out, 0, sizeof(*out));
	struct db_scheme s;
	enum err rc = db_scheme_get(db, a, scheme_id, &s);
	if (rc != ERR_OK)
		return rc;
	if ((rc = run_inputs(db, a, scheme_id, cohort_id, stable ? "stable" : "optimal", true,
	    ps)) != ERR_OK)
		return rc;
	struct ctx c;
	struct cm_out o;
	size_t dropped;
	int64_t elapsed;
	struct db_scheme_settings ss;
	if ((rc = db_scheme_settings_get(db, a, scheme_id, &ss)) != ERR_OK)
		return rc;
	out->is_on = ss.allow_cohort_matching;
	if (save && !out->is_on) {
		app_problem(ps, "", "Cohort matching is off in this scheme: turn it on in the "
		    "scheme's settings");
		return ERR_FORBIDDEN;
	}
	if ((rc = propose(db, a, scheme_id, cohort_id, stable, NULL, 0, NULL, 0, &c, &o,
	    &dropped, &elapsed)) != ERR_OK)
		return rc;
	out->run = (struct db_cm_run){.scheme_id = scheme_id, .cohort_id = cohort_id,
	    .mode = stable ? "stable" : "optimal", .status = "draft", .elapsed_us = elapsed,
	    .everyone = cohort_id == 0, .matched = o.matched, .unmatched = o.unmatched,
	    .objective = o.objective, .blocking = o.blocking, .score_total = o.score_total,
	    .blocking_text = o.blocking_text};
	out->pairs = o.rows;
	out->npairs = c.nmentees;
	if (!save)
		return ERR_OK;
	if (o.matched == 0) {
		/* never a saved run of nobody, nor a draft that nothing confirms */
		app_problem(ps, "", c.nmentees == 0 ? "No mentee is waiting for a mentor: there "
		    "is nobody to match. Nothing was saved." : "No mentee could be matched, so "
		    "there is nothing to confirm. Nothing was saved.");
		return ERR_CONFLICT;
	}
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = save_run_tx(db, &out->run, &c, &o, &out->run.id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, 0, scheme_id, "match.run", run_subject(a, out->run.id),
		    arena_printf(a, "command line, %s: %lld matched, %lld unmatched, cost %lld",
		    out->run.mode, (long long)o.matched, (long long)o.unmatched,
		    (long long)o.objective), "");
	if (rc == ERR_OK)
		rc = confirm_tx(db, a, &out->run, 0, "", ps, &out->created);
	if (rc == ERR_OK)
		out->run.status = "confirmed";
	return finish_tx(db, rc);
}

/* ---- instance files ---- */

/* The next integer of the text (skipping blanks): false at the end or on
 * anything else. */
static bool
next_int(const char **p, const char *end, int64_t *v)
{
	const char *s = *p;
	while (s < end && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++;
	if (s == end)
		return false;
	bool neg = false;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (s == end || *s < '0' || *s > '9')
		return false;
	int64_t x = 0;
	while (s < end && *s >= '0' && *s <= '9') {
		if (x > (INT64_MAX - 9) / 10)
			return false;
		x = x * 10 + (*s++ - '0');
	}
	*v = neg ? -x : x;
	*p = s;
	return true;
}

enum err
app_cohortmatch_instance(struct arena *a, const char *text, size_t len,
    struct assign_problem *p, const char **why)
{
	const char *s = text, *end = text + len;
	int64_t ne, nm;
	bool with_caps = false;
	while (s < end && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r'))
		s++;
	if (s < end && *s == 'c') {
		with_caps = true;
		s++;
		if (!next_int(&s, end, &ne) || !next_int(&s, end, &nm)) {
			*why = "the first line must be \"c MENTEES MENTORS\"";
			return ERR_BAD_INPUT;
		}
	} else if (!next_int(&s, end, &ne)) {
		*why = "the file must start with the number of mentees";
		return ERR_BAD_INPUT;
	} else {
		nm = ne;
	}
	if (ne < 1 || nm < 1 || ne > 1000000 || nm > 1000000 || ne * nm > 100000000) {
		*why = "the sizes must be from 1 to 1,000,000 (at most 100,000,000 pairs)";
		return ERR_BAD_INPUT;
	}
	int32_t *cap = arena_calloc(a, (size_t)nm, sizeof(int32_t));
	for (int64_t j = 0; j < nm; j++) {
		int64_t v = 1;
		if (with_caps && (!next_int(&s, end, &v) || v < 0 || v > INT32_MAX)) {
			*why = "each capacity must be a whole number, 0 or more";
			return ERR_BAD_INPUT;
		}
		cap[j] = (int32_t)v;
	}
	int64_t *first = arena_calloc(a, (size_t)ne + 1, sizeof(int64_t));
	int32_t *mentor = arena_calloc(a, (size_t)(ne * nm), sizeof(int32_t));
	int64_t *cost = arena_calloc(a, (size_t)(ne * nm), sizeof(int64_t));
	int64_t arc = 0;
	for (int64_t i = 0; i < ne; i++) {
		first[i] = arc;
		for (int64_t j = 0; j < nm; j++) {
			int64_t v;
			if (!next_int(&s, end, &v) || v > ASSIGN_COST_MAX) {
				*why = arena_printf(a, "the cost of mentee %lld and mentor %lld is "
				    "missing or too large", (long long)i + 1, (long long)j + 1);
				return ERR_BAD_INPUT;
			}
			if (v < 0)
				continue;   /* not allowed */
			mentor[arc] = (int32_t)j;
			cost[arc++] = v;
		}
	}
	first[ne] = arc;
	*p = (struct assign_problem){.nmentees = (int32_t)ne, .nmentors = (int32_t)nm,
	    .capacity = cap, .first = first, .mentor = mentor, .cost = cost};
	return ERR_OK;
}
