/*
 * matchprefs.c - preferences for cohort matching (REQ-11): mentees'
 * ranked wishes, mentors' "prefer not" marks and the scheme's weights;
 * rules in matchprefs.h.
 *
 * Design: which mentors a mentee may choose is the finder's answer, not
 * a copy of its rules: the list is app_finder_search by name (its
 * in-memory index, a page of 50 at a time), and a saved choice is
 * checked with app_finder_assess (at most three calls).  A mentor who
 * is only full or paused for now stays acceptable when the mentee had
 * already chosen them, so a mentee does not lose a wish because a place
 * is taken today (cohort matching checks capacity itself); a NEW choice
 * must be a mentor the finder offers, or the answer would reveal a
 * hidden mentor's name (the finder shows full and paused mentors to
 * nobody).
 *
 * Trap: a mentor's mark is an email address stored as typed and never
 * looked up here (PRO-10); only app_matchprefs_scheme and the
 * administrators' list resolve it, in SQL.
 */
#include "app/matchprefs.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/finder.h"
#include "core/arena.h"
#include "core/clock.h"

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
	return s != NULL ? s : "";
}

/* ---- settings ---- */

void
app_match_settings_from_db(const struct db_matchprefs_settings *in,
    struct app_match_settings *out)
{
	for (int i = 0; i < APP_WISHES_MAX; i++)
		out->wish_weight[i] = (int)in->wish_weight[i];
	out->avoid_hard = in->avoid_hard;
	out->avoid_penalty = (int)in->avoid_penalty;
	out->stable_mode = in->stable_mode;
}

enum err
app_match_settings_check(const struct app_match_settings *st, struct app_problems *ps)
{
	static const char *const field[APP_WISHES_MAX] = {"wish_weight_1", "wish_weight_2",
		"wish_weight_3"};
	static const char *const text[APP_WISHES_MAX] = {
		"Weight for a first choice must be from 0 to 100",
		"Weight for a second choice must be from 0 to 100",
		"Weight for a third choice must be from 0 to 100"};
	size_t before = ps->n;
	for (int i = 0; i < APP_WISHES_MAX; i++)
		if (st->wish_weight[i] < 0 || st->wish_weight[i] > 100)
			app_problem(ps, field[i], text[i]);
	if (st->avoid_penalty < 0 || st->avoid_penalty > 100)
		app_problem(ps, "avoid_penalty", "Points taken off for \"prefer not\" must be "
		    "from 0 to 100");
	return ps->n > before ? ERR_BAD_INPUT : ERR_OK;
}

enum err
app_match_settings_get(struct db *db, int64_t scheme_id, struct app_match_settings *out)
{
	struct db_matchprefs_settings s;
	enum err rc = db_matchprefs_settings_get(db, scheme_id, &s);
	if (rc == ERR_OK)
		app_match_settings_from_db(&s, out);
	return rc;
}

/* ---- what cohort matching reads (the contract) ---- */

enum err
app_matchprefs_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    struct app_match_settings *st, struct app_match_wish **wishes, size_t *nwishes,
    struct app_match_avoid **avoids, size_t *navoids)
{
	*wishes = NULL;
	*nwishes = 0;
	*avoids = NULL;
	*navoids = 0;
	struct db_match_wish *w;
	struct db_match_avoid *v;
	size_t nw, nv;
	enum err rc = app_match_settings_get(db, scheme_id, st);
	if (rc == ERR_OK)
		rc = db_match_wishes_of_scheme(db, a, scheme_id, &w, &nw);
	if (rc == ERR_OK)
		rc = db_match_avoids_of_scheme(db, a, scheme_id, &v, &nv);
	if (rc != ERR_OK)
		return rc;
	*wishes = arena_calloc(a, nw ? nw : 1, sizeof(**wishes));
	for (size_t i = 0; i < nw; i++)
		(*wishes)[i] = (struct app_match_wish){w[i].mentee_id, w[i].mentor_id,
		    (int)w[i].rank};
	*nwishes = nw;
	/* an address nobody in the scheme uses counts for nothing; the rows
	 * come by mentor then address, so re-sort is needed for "by mentor
	 * then mentee": a stable insertion per mentor (few marks each) */
	*avoids = arena_calloc(a, nv ? nv : 1, sizeof(**avoids));
	size_t n = 0;
	for (size_t i = 0; i < nv; i++) {
		if (v[i].mentee_id == 0)
			continue;
		struct app_match_avoid x = {v[i].mentor_id, v[i].mentee_id};
		size_t j = n;
		while (j > 0 && (*avoids)[j - 1].mentor_id == x.mentor_id &&
		    (*avoids)[j - 1].mentee_id > x.mentee_id) {
			(*avoids)[j] = (*avoids)[j - 1];
			j--;
		}
		if (j > 0 && (*avoids)[j - 1].mentor_id == x.mentor_id &&
		    (*avoids)[j - 1].mentee_id == x.mentee_id) {
			/* two spellings of one address cannot happen (NOCASE key),
			 * but never hand the matcher a pair twice */
			memmove(&(*avoids)[j], &(*avoids)[j + 1], (n - j) * sizeof(x));
			continue;
		}
		(*avoids)[j] = x;
		n++;
	}
	*navoids = n;
	return ERR_OK;
}

/* ---- whose page ---- */

/* me's active view when it is `role`, else NULL. */
static const struct app_view *
view_as(const struct app_auth *me, const char *role)
{
	if (me == NULL || me->active == NULL || strcmp(me->active->role, role) != 0)
		return NULL;
	return me->active;
}

static enum err
scheme_state(struct db *db, int64_t scheme_id, int64_t mentee_id,
    struct app_match_settings *st, enum app_mp_state *state)
{
	struct db_matchprefs_settings s;
	enum err rc = db_matchprefs_settings_get(db, scheme_id, &s);
	if (rc != ERR_OK)
		return rc;
	app_match_settings_from_db(&s, st);
	*state = s.allow_cohort_matching ? APP_MP_OPEN : APP_MP_NOT_USED;
	if (*state == APP_MP_OPEN && mentee_id != 0) {
		bool waiting;
		if ((rc = db_match_mentee_waiting(db, scheme_id, mentee_id, &waiting)) != ERR_OK)
			return rc;
		if (!waiting)
			*state = APP_MP_HAS_MENTOR;
	}
	return ERR_OK;
}

/* ---- a mentee's wishes ---- */

static int
cmp_choice(const void *x, const void *y)
{
	const struct app_mentor_choice *p = x, *q = y;
	int c = strcasecmp(p->name, q->name);
	return c != 0 ? c : (p->user_id > q->user_id) - (p->user_id < q->user_id);
}

/* The mentors the mentee may be offered (the finder's list, by name),
 * plus the current wishes' mentors when no longer offered. */
static enum err
choices_of(struct db *db, struct arena *a, const struct app_auth *me, int64_t scheme_id,
    const struct db_match_wish *w, size_t nw, struct app_mentor_choice **out, size_t *n)
{
	struct finder_query q = {.scheme_id = scheme_id, .mentee_id = me->user_id,
		.text = "", .sort = FINDER_SORT_NAME, .page = 1, .per_page = 50};
	struct app_mentor_choice *c = NULL;
	size_t nc = 0, cap = 0;
	for (;;) {
		struct finder_result r;
		struct app_problems ps = {0};
		enum err rc = app_finder_search(db, a, me, &q, &r, &ps);
		if (rc != ERR_OK)
			return rc;
		if (cap < r.total + nw + 1) {
			cap = r.total + nw + 1;
			struct app_mentor_choice *g = arena_calloc(a, cap, sizeof(*g));
			if (nc > 0)
				memcpy(g, c, nc * sizeof(*g));
			c = g;
		}
		for (size_t i = 0; i < r.nhits && nc < cap; i++)
			c[nc++] = (struct app_mentor_choice){r.hits[i].user_id, r.hits[i].name,
			    r.hits[i].job_role, r.hits[i].organisation, true};
		if (q.page >= r.pages || r.nhits == 0)
			break;
		q.page++;
	}
	if (c == NULL)
		c = arena_calloc(a, nw + 1, sizeof(*c));
	for (size_t i = 0; i < nw; i++) {
		bool found = false;
		for (size_t k = 0; k < nc && !found; k++)
			found = c[k].user_id == w[i].mentor_id;
		if (!found)
			c[nc++] = (struct app_mentor_choice){w[i].mentor_id, w[i].mentor_name,
			    w[i].mentor_job_role, w[i].mentor_organisation, false};
	}
	qsort(c, nc, sizeof(*c), cmp_choice);
	*out = c;
	*n = nc;
	return ERR_OK;
}

enum err
app_wishes_get(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_wishes_page *out)
{
	memset(out, 0, sizeof(*out));
	const struct app_view *v = view_as(me, "mentee");
	if (v == NULL)
		return ERR_FORBIDDEN;
	out->scheme_id = v->scheme_id;
	out->scheme_name = nz(v->scheme_name);
	enum err rc = scheme_state(db, v->scheme_id, me->user_id, &out->st, &out->state);
	if (rc != ERR_OK || out->state != APP_MP_OPEN)
		return rc;
	if ((rc = db_match_wishes_of_mentee(db, a, v->scheme_id, me->user_id, &out->wishes,
	    &out->nwishes)) != ERR_OK)
		return rc;
	return choices_of(db, a, me, v->scheme_id, out->wishes, out->nwishes,
	    &out->choices, &out->nchoices);
}

static const char *const choice_field[APP_WISHES_MAX] = {"choice_1", "choice_2",
	"choice_3"};

enum err
app_wishes_check(const int64_t choice[APP_WISHES_MAX], struct app_problems *ps)
{
	size_t before = ps->n;
	for (int i = 1; i < APP_WISHES_MAX; i++) {
		if (choice[i] == 0)
			continue;
		if (choice[i - 1] == 0) {
			app_problem(ps, choice_field[i], i == 1 ?
			    "Choose a first choice before a second choice" :
			    "Choose a second choice before a third choice");
			continue;
		}
		for (int k = 0; k < i; k++)
			if (choice[k] == choice[i]) {
				app_problem(ps, choice_field[i], "Choose a different mentor for "
				    "each choice: this mentor is already one of your choices");
				break;
			}
	}
	for (int i = 0; i < APP_WISHES_MAX; i++)
		if (choice[i] < 0)
			app_problem(ps, choice_field[i], "Choose a mentor from the list");
	return ps->n > before ? ERR_BAD_INPUT : ERR_OK;
}

static const char *
ids_text(struct arena *a, const int64_t *ids, size_t n)
{
	if (n == 0)
		return "cleared";
	const char *t = "mentors";
	for (size_t i = 0; i < n; i++)
		t = arena_printf(a, "%s%s user:%lld", t, i ? "," : "", (long long)ids[i]);
	return t;
}

enum err
app_wishes_save(struct db *db, struct arena *a, const struct app_auth *me,
    const int64_t choice[APP_WISHES_MAX], const char *ip, struct app_problems *ps)
{
	const struct app_view *v = view_as(me, "mentee");
	if (v == NULL)
		return ERR_FORBIDDEN;
	struct app_match_settings st;
	enum app_mp_state state;
	enum err rc = scheme_state(db, v->scheme_id, me->user_id, &st, &state);
	if (rc != ERR_OK)
		return rc;
	if (state == APP_MP_NOT_USED)
		return ERR_NOT_FOUND;
	if (state == APP_MP_HAS_MENTOR) {
		app_problem(ps, "", "You have a mentor, so wishes for cohort matching are "
		    "not used");
		return ERR_CONFLICT;
	}
	if (app_wishes_check(choice, ps) != ERR_OK)
		return ERR_BAD_INPUT;
	/* a mentor full or paused for now stays acceptable only as a wish
	 * already made; a NEW choice must be one the finder offers (MX_NONE),
	 * else a mentee could learn a hidden mentor's name, job and
	 * organisation, or probe ids: every refusal reads the same */
	struct db_match_wish *stored;
	size_t nstored;
	if ((rc = db_match_wishes_of_mentee(db, a, v->scheme_id, me->user_id, &stored,
	    &nstored)) != ERR_OK)
		return rc;
	int64_t ids[APP_WISHES_MAX];
	size_t n = 0;
	for (int i = 0; i < APP_WISHES_MAX; i++) {
		if (choice[i] == 0)
			continue;
		bool kept = false;
		for (size_t k = 0; k < nstored && !kept; k++)
			kept = stored[k].mentor_id == choice[i];
		struct finder_assessment fa;
		rc = app_finder_assess(db, a, v->scheme_id, me->user_id, choice[i], &fa);
		if (rc == ERR_NOT_FOUND || (rc == ERR_OK && fa.exclusion != MX_NONE &&
		    !(kept && (fa.exclusion == MX_FULL || fa.exclusion == MX_PAUSED)))) {
			app_problem(ps, choice_field[i], "Choose a mentor from the list");
			continue;
		}
		if (rc != ERR_OK)
			return rc;
		ids[n++] = choice[i];
	}
	if (ps->n > 0)
		return ERR_BAD_INPUT;

	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_match_wishes_set(db, v->scheme_id, me->user_id, ids, n, clock_now());
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, v->scheme_id, "matchprefs.wishes",
		    arena_printf(a, "user:%lld", (long long)me->user_id), ids_text(a, ids, n),
		    nz(ip));
	return finish(db, rc);
}

/* ---- a mentor's "prefer not" ---- */

enum err
app_avoids_get(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_avoid_page *out)
{
	memset(out, 0, sizeof(*out));
	const struct app_view *v = view_as(me, "mentor");
	if (v == NULL)
		return ERR_FORBIDDEN;
	out->scheme_id = v->scheme_id;
	out->scheme_name = nz(v->scheme_name);
	enum err rc = scheme_state(db, v->scheme_id, 0, &out->st, &out->state);
	if (rc != ERR_OK || out->state != APP_MP_OPEN)
		return rc;
	return db_match_avoids_of_mentor(db, a, v->scheme_id, me->user_id, &out->avoids,
	    &out->navoids);
}

static bool
email_plausible(const char *e)
{
	const char *at = strchr(e, '@');
	size_t len = strlen(e);
	if (at == NULL || at == e || strchr(at + 1, '@') != NULL || len < 3 || len > 254)
		return false;
	const char *dot = strrchr(at, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0')
		return false;
	for (const char *p = e; *p; p++)
		if (isspace((unsigned char)*p) || (unsigned char)*p < 0x20 ||
		    *p == '<' || *p == '>' || *p == ',' || *p == ';' || *p == '"')
			return false;
	return true;
}

/* The mentor's view of a scheme using cohort matching, or an error. */
static enum err
mentor_open(struct db *db, const struct app_auth *me, const struct app_view **out)
{
	const struct app_view *v = view_as(me, "mentor");
	if (v == NULL)
		return ERR_FORBIDDEN;
	struct app_match_settings st;
	enum app_mp_state state;
	enum err rc = scheme_state(db, v->scheme_id, 0, &st, &state);
	if (rc == ERR_OK && state != APP_MP_OPEN)
		rc = ERR_NOT_FOUND;
	*out = v;
	return rc;
}

enum err
app_avoid_add(struct db *db, struct arena *a, const struct app_auth *me,
    const char *email, const char *ip, struct app_problems *ps)
{
	const struct app_view *v;
	enum err rc = mentor_open(db, me, &v);
	if (rc != ERR_OK)
		return rc;
	/* trim what a paste brings along */
	const char *e = nz(email);
	while (isspace((unsigned char)*e))
		e++;
	size_t len = strlen(e);
	while (len > 0 && isspace((unsigned char)e[len - 1]))
		len--;
	e = arena_strndup(a, e, len);
	if (*e == '\0')
		app_problem(ps, "email", "Enter the email address the mentee uses");
	else if (!email_plausible(e))
		app_problem(ps, "email", "Enter an email address in the correct format, like "
		    "name@example.nhs.uk");
	else if (strcasecmp(e, nz(me->email)) == 0)
		app_problem(ps, "email", "Enter someone else's email address, not your own");
	if (ps->n > 0)
		return ERR_BAD_INPUT;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	bool added = false;
	rc = db_match_avoid_add(db, v->scheme_id, me->user_id, e, clock_now(), &added);
	if (rc == ERR_OK && !added) {
		/* the mentor's own row: refusing it reveals nothing */
		app_problem(ps, "email", "You have already marked this email address");
		rc = ERR_BAD_INPUT;
	}
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, v->scheme_id, "matchprefs.avoid",
		    arena_printf(a, "user:%lld", (long long)me->user_id), "mark added", nz(ip));
	return finish(db, rc);
}

enum err
app_avoid_remove(struct db *db, struct arena *a, const struct app_auth *me,
    const char *email, const char *ip)
{
	const struct app_view *v;
	enum err rc = mentor_open(db, me, &v);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_match_avoid_delete(db, v->scheme_id, me->user_id, nz(email));
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, v->scheme_id, "matchprefs.avoid",
		    arena_printf(a, "user:%lld", (long long)me->user_id), "mark removed",
		    nz(ip));
	return finish(db, rc);
}

/* ---- administrators ---- */

enum err
app_matchprefs_admin(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct app_matchprefs_admin *out)
{
	memset(out, 0, sizeof(*out));
	if (me == NULL || !app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	enum err rc = db_scheme_get(db, a, scheme_id, &out->scheme);
	if (rc == ERR_OK)
		rc = app_match_settings_get(db, scheme_id, &out->st);
	if (rc == ERR_OK)
		rc = db_match_wishes_of_scheme(db, a, scheme_id, &out->wishes, &out->nwishes);
	if (rc == ERR_OK)
		rc = db_match_avoids_of_scheme(db, a, scheme_id, &out->avoids, &out->navoids);
	return rc;
}

/* ---- home ---- */

enum err
app_matchprefs_home(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_matchprefs_home *out)
{
	memset(out, 0, sizeof(*out));
	const struct app_view *v = view_as(me, "mentee");
	out->is_mentee = v != NULL;
	if (v == NULL)
		v = view_as(me, "mentor");
	if (v == NULL)
		return ERR_OK;
	struct app_match_settings st;
	enum app_mp_state state;
	enum err rc = scheme_state(db, v->scheme_id, out->is_mentee ? me->user_id : 0, &st,
	    &state);
	if (rc != ERR_OK || state != APP_MP_OPEN)
		return rc;
	out->show = true;
	if (out->is_mentee) {
		struct db_match_wish *w;
		rc = db_match_wishes_of_mentee(db, a, v->scheme_id, me->user_id, &w,
		    &out->nwishes);
	} else {
		struct db_match_avoid *x;
		rc = db_match_avoids_of_mentor(db, a, v->scheme_id, me->user_id, &x,
		    &out->navoids);
	}
	return rc;
}

/* ---- the side menu ---- */

enum err
app_matchprefs_menu(struct db *db, const struct app_auth *me, bool *wishes, bool *avoid)
{
	*wishes = *avoid = false;
	const struct app_view *v = view_as(me, "mentee");
	bool is_mentee = v != NULL;
	if (v == NULL && (v = view_as(me, "mentor")) == NULL)
		return ERR_OK;
	struct app_match_settings st;
	enum app_mp_state state;
	enum err rc = scheme_state(db, v->scheme_id, is_mentee ? me->user_id : 0, &st, &state);
	if (rc == ERR_NOT_FOUND)
		return ERR_OK;     /* a scheme gone under the session: no entries */
	if (rc != ERR_OK || state != APP_MP_OPEN)
		return rc;
	*wishes = is_mentee;
	*avoid = !is_mentee;
	return ERR_OK;
}
