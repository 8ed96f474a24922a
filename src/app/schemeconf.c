/*
 * schemeconf.c - a scheme administrator's settings for profiles and
 * matching (schemeconf.h): option lists, the scheme's own fields, the
 * matching rules, weights, required fields and default capacity.
 *
 * Design: the pure rules (coordinates, choices, kinds, numbers, the
 * field and matching checks) come first and touch no database, so the
 * unit tests prove them directly.  Each database function then follows
 * one shape: may `me` manage the scheme (else ERR_NOT_FOUND), is the
 * option or field the scheme's own (else ERR_NOT_FOUND), check the
 * rules (ERR_BAD_INPUT with problems), then one transaction with the
 * change, its audit row and, where the search text depends on it,
 * app_finder_reindex_scheme_tx.
 *
 * Traps: coordinates are parsed with strtod only after the text has
 * been checked to be plain decimal (strtod alone accepts "inf", "nan",
 * hex and exponents).  Moving renumbers the whole list 1..n, so equal
 * positions left by older data cannot make a move do nothing.  Label
 * uniqueness is checked here (ASCII case, as SQLite's NOCASE) and the
 * UNIQUE constraint stays the last word: ERR_CONFLICT from the database
 * (a race) becomes the same "already in the list" problem.
 */
#include "app/schemeconf.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/finder.h"
#include "app/match.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/strparse.h"

const char *const app_sc_lists[4] = {"keyword", "specialty", "organisation", "site"};

static const char *const kinds[] = {"text", "long_text", "choice", "multi", "date",
	"number", NULL};
static const char *const visibilities[] = {"public", "private", "equality", NULL};
static const char *const applies[] = {"mentee", "mentor", "both", NULL};
static const char *const rules[] = {"any", "same", "different", NULL};

static bool
one_of(const char *s, const char *const *set)
{
	if (s == NULL)
		return false;
	for (size_t i = 0; set[i] != NULL; i++)
		if (strcmp(s, set[i]) == 0)
			return true;
	return false;
}

static const char *
nz(const char *s)
{
	return s ? s : "";
}

/* ---- pure rules ---- */

bool
app_sc_list_valid(const char *list)
{
	for (size_t i = 0; i < 4; i++)
		if (list != NULL && strcmp(list, app_sc_lists[i]) == 0)
			return true;
	return false;
}

const char *
app_sc_list_title(const char *list)
{
	static const char *const titles[4] = {"Standard keywords", "Specialties",
		"Organisations", "Sites"};
	for (size_t i = 0; i < 4; i++)
		if (list != NULL && strcmp(list, app_sc_lists[i]) == 0)
			return titles[i];
	return "";
}

enum err
app_sc_parse_coordinate(const char *s, double min, double max, bool *present,
    double *out)
{
	*present = false;
	if (s == NULL || *s == '\0')
		return ERR_OK;
	size_t len = strlen(s), i = 0, digits = 0, dots = 0;
	if (len > 20)
		return ERR_BAD_INPUT;
	if (s[i] == '-' || s[i] == '+')
		i++;
	for (; i < len; i++) {
		if (isdigit((unsigned char)s[i]))
			digits++;
		else if (s[i] == '.' && dots == 0)
			dots++;
		else
			return ERR_BAD_INPUT;
	}
	if (digits == 0)
		return ERR_BAD_INPUT;
	char *end = NULL;
	errno = 0;
	double v = strtod(s, &end);
	if (errno != 0 || end == NULL || *end != '\0' || !isfinite(v) || v < min ||
	    v > max)
		return ERR_BAD_INPUT;
	*present = true;
	*out = v;
	return ERR_OK;
}

enum err
app_sc_parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	if (s == NULL || *s == '\0' || strlen(s) > 20)
		return ERR_BAD_INPUT;
	return str_to_i64(s, min, max, out);
}

enum err
app_sc_parse_choices(struct arena *a, const char *in, const char ***out, size_t *n,
    const char **text, const char **problem)
{
	const char **list = arena_alloc(a, sizeof(*list) * (SC_CHOICES_MAX + 1));
	size_t count = 0;
	struct buf b;
	const char *p = nz(in);

	*n = 0;
	*out = list;
	*text = "";
	*problem = NULL;
	buf_init_arena(&b, a, 16384);
	while (*p) {
		size_t len = strcspn(p, "\n");
		size_t start = 0, end = len;
		while (start < end && isspace((unsigned char)p[start]))
			start++;
		while (end > start && isspace((unsigned char)p[end - 1]))
			end--;
		if (end > start) {
			const char *c = arena_strndup(a, p + start, end - start);
			if (count == SC_CHOICES_MAX) {
				*problem = "Enter no more than 50 choices";
				return ERR_BAD_INPUT;
			}
			if (str_utf8_len(c) > SC_CHOICE_MAX) {
				*problem = arena_printf(a, "Choice \"%.40s...\" is too long: "
				    "each choice must be 100 characters or fewer", c);
				return ERR_BAD_INPUT;
			}
			for (size_t i = 0; i < count; i++) {
				if (strcasecmp(list[i], c) == 0) {
					*problem = arena_printf(a, "\"%s\" is listed more than "
					    "once: each choice must be different", c);
					return ERR_BAD_INPUT;
				}
			}
			list[count++] = c;
			buf_printf(&b, "%s%s", b.len ? "\n" : "", c);
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	if (count < SC_CHOICES_MIN) {
		*problem = count == 0 ? "Enter the choices, one on each line" :
		    "Enter at least 2 choices, one on each line";
		return ERR_BAD_INPUT;
	}
	list[count] = NULL;
	*n = count;
	*text = buf_str(&b);
	return ERR_OK;
}

bool
app_sc_kind_change_ok(const char *from, const char *to, bool has_answers)
{
	if (!has_answers || strcmp(from, to) == 0)
		return true;
	bool from_text = strcmp(from, "text") == 0 || strcmp(from, "long_text") == 0;
	bool to_text = strcmp(to, "text") == 0 || strcmp(to, "long_text") == 0;
	return from_text && to_text;
}

enum err
app_sc_field_check(struct arena *a, const struct app_sc_field_in *in,
    const char **choices_text, struct app_problems *ps)
{
	size_t before = ps->n;
	size_t len = str_utf8_len(nz(in->label));

	*choices_text = "";
	if (len == 0)
		app_problem(ps, "label", "Enter the question people will be asked");
	else if (len > SC_FIELD_LABEL_MAX)
		app_problem(ps, "label", "The question must be 200 characters or fewer");
	if (str_utf8_len(nz(in->hint)) > SC_HINT_MAX)
		app_problem(ps, "hint", "The hint must be 500 characters or fewer");
	if (!one_of(in->kind, kinds))
		app_problem(ps, "kind", "Select the kind of answer");
	if (!one_of(in->visibility, visibilities))
		app_problem(ps, "visibility", "Select who can see the answers");
	if (!one_of(in->applies_to, applies))
		app_problem(ps, "applies_to", "Select who is asked this question");
	if (in->is_required && in->visibility != NULL &&
	    strcmp(in->visibility, "equality") == 0)
		app_problem(ps, "is_required", "An equality monitoring question cannot "
		    "be required: answering it must always be optional");
	if (one_of(in->kind, kinds) && (strcmp(in->kind, "choice") == 0 ||
	    strcmp(in->kind, "multi") == 0)) {
		const char **list, *problem;
		size_t n;
		if (app_sc_parse_choices(a, in->choices, &list, &n, choices_text,
		    &problem) != ERR_OK)
			app_problem(ps, "choices", problem);
	}
	return ps->n > before ? ERR_BAD_INPUT : ERR_OK;
}

bool
app_sc_field_key_for(size_t mf, bool mentor)
{
	if (mf >= MF__MAX)
		return false;
	enum match_role_part p = match_fields[mf].part;
	return p == MF_SHARED || p == MF_EITHER || p == (mentor ? MF_MENTOR : MF_MENTEE);
}

/* The keys given, as a mask; a problem on `field` for an unknown key or
 * one of the other role's part. */
static void
required_mask(struct arena *a, const char *const *keys, size_t n, bool mentor,
    const char *field, uint32_t *mask, struct app_problems *ps)
{
	*mask = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		while (k < MF__MAX && strcmp(match_fields[k].key, keys[i]) != 0)
			k++;
		if (k == MF__MAX || !app_sc_field_key_for(k, mentor)) {
			app_problem(ps, field, arena_printf(a, "\"%.40s\" cannot be required "
			    "of %s", keys[i], mentor ? "mentors" : "mentees"));
			return;
		}
		*mask |= 1u << k;
	}
}

static void
weight(const char *s, int64_t min, int64_t max, const char *field,
    const char *message, int64_t *out, struct app_problems *ps)
{
	if (app_sc_parse_int(s, min, max, out) != ERR_OK)
		app_problem(ps, field, message);
}

enum err
app_sc_matching_check(struct arena *a, const struct app_sc_matching_in *in,
    struct app_sc_matching *out, struct app_problems *ps)
{
	size_t before = ps->n;
	struct db_matching *m = &out->m;

	m->exclude_conflicts = in->exclude_conflicts;
	m->organisation_rule = nz(in->organisation_rule);
	m->specialty_rule = nz(in->specialty_rule);
	if (!one_of(in->organisation_rule, rules))
		app_problem(ps, "organisation_rule", "Select a rule for organisations");
	if (!one_of(in->specialty_rule, rules))
		app_problem(ps, "specialty_rule", "Select a rule for specialties");
	weight(in->max_distance_miles, 0, 1000, "max_distance_miles",
	    "Enter a whole number of miles from 0 to 1000 (0 means no limit)",
	    &m->max_distance_miles, ps);
	weight(in->weight_keyword, 0, 100, "weight_keyword",
	    "Enter a whole number from 0 to 100", &m->weight_keyword, ps);
	weight(in->weight_specialty, 0, 100, "weight_specialty",
	    "Enter a whole number from 0 to 100", &m->weight_specialty, ps);
	weight(in->weight_organisation, -100, 100, "weight_organisation",
	    "Enter a whole number from -100 to 100", &m->weight_organisation, ps);
	weight(in->weight_distance, 0, 100, "weight_distance",
	    "Enter a whole number from 0 to 100", &m->weight_distance, ps);
	weight(in->weight_format, 0, 100, "weight_format",
	    "Enter a whole number from 0 to 100", &m->weight_format, ps);
	weight(in->default_capacity, 1, 50, "default_capacity",
	    "Enter a whole number of mentees from 1 to 50", &out->default_capacity, ps);
	required_mask(a, in->mentor_required, in->nmentor_required, true,
	    "mentor_required", &out->mentor_mask, ps);
	required_mask(a, in->mentee_required, in->nmentee_required, false,
	    "mentee_required", &out->mentee_mask, ps);
	m->mentor_required = match_fields_text(a, out->mentor_mask);
	m->mentee_required = match_fields_text(a, out->mentee_mask);
	return ps->n > before ? ERR_BAD_INPUT : ERR_OK;
}

/* ---- shared steps ---- */

static enum err
may_manage(const struct app_auth *me, int64_t scheme_id)
{
	return me != NULL && scheme_id > 0 && app_is_scheme_admin(me, scheme_id) ?
	    ERR_OK : ERR_NOT_FOUND;
}

/* The scheme exists (a site administrator may ask for any id). */
static enum err
scheme_exists(struct db *db, struct arena *a, int64_t scheme_id, struct db_scheme *s)
{
	struct db_scheme tmp;
	return db_scheme_get(db, a, scheme_id, s ? s : &tmp);
}

static enum err
check_scheme(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id)
{
	enum err rc = may_manage(me, scheme_id);
	return rc == ERR_OK ? scheme_exists(db, a, scheme_id, NULL) : rc;
}

static enum err
finish(struct db *db, enum err rc)
{
	if (rc == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

/* ---- option lists ---- */

enum err
app_sc_options(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *list, struct db_option **out, size_t *n)
{
	enum err rc = check_scheme(db, a, me, scheme_id);
	if (rc != ERR_OK)
		return rc;
	if (!app_sc_list_valid(list))
		return ERR_NOT_FOUND;
	return db_options_list(db, a, scheme_id, list, true, out, n);
}

enum err
app_sc_option(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *list, int64_t option_id, struct db_option *out)
{
	enum err rc = check_scheme(db, a, me, scheme_id);
	if (rc != ERR_OK)
		return rc;
	if (!app_sc_list_valid(list))
		return ERR_NOT_FOUND;
	if ((rc = db_option_get(db, a, option_id, out)) != ERR_OK)
		return rc;
	if (out->scheme_id != scheme_id || strcmp(out->list, list) != 0)
		return ERR_NOT_FOUND;
	return ERR_OK;
}

#define DUPLICATE_LABEL "This is already in the list (ignoring capitals)"

/* Label and coordinates checked; o filled.  `except` the option being
 * renamed (0 for a new one). */
static void
option_check(struct arena *a, const struct db_option *all, size_t n, const char *list,
    const struct app_sc_option_in *in, int64_t except, struct db_option *o,
    struct app_problems *ps)
{
	size_t len = str_utf8_len(nz(in->label));
	o->label = nz(in->label);
	if (len == 0)
		app_problem(ps, "label", "Enter a name");
	else if (len > SC_LABEL_MAX)
		app_problem(ps, "label", "The name must be 100 characters or fewer");
	else {
		for (size_t i = 0; i < n; i++) {
			if (all[i].id != except && strcasecmp(all[i].label, o->label) == 0) {
				app_problem(ps, "label", DUPLICATE_LABEL);
				break;
			}
		}
	}
	o->has_location = false;
	if (strcmp(list, "site") != 0)
		return;
	bool has_lat = false, has_lon = false;
	if (app_sc_parse_coordinate(in->latitude, -90, 90, &has_lat, &o->latitude) != ERR_OK)
		app_problem(ps, "latitude", "Enter the latitude as a decimal number "
		    "from -90 to 90, like 53.4808");
	else if (app_sc_parse_coordinate(in->longitude, -180, 180, &has_lon,
	    &o->longitude) != ERR_OK)
		app_problem(ps, "longitude", "Enter the longitude as a decimal number "
		    "from -180 to 180, like -2.2426");
	else if (has_lat != has_lon)
		app_problem(ps, has_lat ? "longitude" : "latitude", has_lat ?
		    "Enter the longitude too, or leave both empty" :
		    "Enter the latitude too, or leave both empty");
	else
		o->has_location = has_lat;
	(void)a;
}

static const char *
option_subject(struct arena *a, int64_t id)
{
	return arena_printf(a, "option:%lld", (long long)id);
}

enum err
app_sc_option_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *list, const struct app_sc_option_in *in,
    const char *ip, struct app_problems *ps, int64_t *id)
{
	struct db_option *all;
	size_t n;
	enum err rc = app_sc_options(db, a, me, scheme_id, list, &all, &n);
	if (rc != ERR_OK)
		return rc;
	struct db_option o = {.scheme_id = scheme_id, .list = list};
	size_t before = ps->n;
	option_check(a, all, n, list, in, 0, &o, ps);
	if (ps->n == before && n >= SC_OPTIONS_MAX)
		app_problem(ps, "label", "This list is full: retire or rename an entry");
	if (ps->n > before)
		return ERR_BAD_INPUT;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_option_add(db, &o, clock_now(), id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, "scheme.option_add",
		    option_subject(a, *id), arena_printf(a, "%s: %s%s", list, o.label,
		    o.has_location ? arena_printf(a, " (%.5f, %.5f)", o.latitude,
		    o.longitude) : ""), nz(ip));
	rc = finish(db, rc);
	if (rc == ERR_CONFLICT) {
		app_problem(ps, "label", DUPLICATE_LABEL);
		return ERR_BAD_INPUT;
	}
	return rc;
}

enum err
app_sc_option_edit(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *list, int64_t option_id,
    const struct app_sc_option_in *in, const char *ip, struct app_problems *ps)
{
	struct db_option old, *all;
	size_t n;
	enum err rc = app_sc_option(db, a, me, scheme_id, list, option_id, &old);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_options_list(db, a, scheme_id, list, true, &all, &n)) != ERR_OK)
		return rc;
	struct db_option o = old;
	size_t before = ps->n;
	option_check(a, all, n, list, in, option_id, &o, ps);
	if (ps->n > before)
		return ERR_BAD_INPUT;
	bool renamed = strcmp(old.label, o.label) != 0;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_option_update(db, &o);
	if (rc == ERR_OK && renamed && strcmp(list, "keyword") == 0) {
		/* keywords are held by id: only the search text changes */
		rc = app_finder_reindex_scheme_tx(db, scheme_id);
	} else if (rc == ERR_OK && renamed) {
		/* profiles hold the label; each person's search text, in every
		 * scheme where they mentor, follows */
		int64_t *who;
		size_t nwho;
		rc = db_option_rename_who(db, a, scheme_id, list, old.label, &who, &nwho);
		for (size_t i = 0; rc == ERR_OK && i < nwho; i++)
			if ((rc = db_option_rename_one(db, who[i], list, o.label)) == ERR_OK)
				rc = app_finder_reindex_user_tx(db, who[i]);
	}
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, "scheme.option_edit",
		    option_subject(a, option_id), arena_printf(a, "%s: %s -> %s%s", list,
		    old.label, o.label, o.has_location ? arena_printf(a, " (%.5f, %.5f)",
		    o.latitude, o.longitude) : ""), nz(ip));
	rc = finish(db, rc);
	if (rc == ERR_CONFLICT) {
		app_problem(ps, "label", DUPLICATE_LABEL);
		return ERR_BAD_INPUT;
	}
	return rc;
}

enum err
app_sc_option_move(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *list, int64_t option_id, int dir, const char *ip)
{
	struct db_option one, *all;
	size_t n, at = 0;
	enum err rc = app_sc_option(db, a, me, scheme_id, list, option_id, &one);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_options_list(db, a, scheme_id, list, true, &all, &n)) != ERR_OK)
		return rc;
	while (at < n && all[at].id != option_id)
		at++;
	if (at == n)
		return ERR_NOT_FOUND;
	size_t to = dir < 0 ? (at == 0 ? at : at - 1) : (at + 1 < n ? at + 1 : at);
	if (to == at)
		return ERR_OK;
	struct db_option tmp = all[at];
	all[at] = all[to];
	all[to] = tmp;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	for (size_t i = 0; i < n && rc == ERR_OK; i++) {
		if (all[i].position == (int64_t)i + 1)
			continue;
		all[i].position = (int64_t)i + 1;
		rc = db_option_update(db, &all[i]);
	}
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, "scheme.option_move",
		    option_subject(a, option_id), arena_printf(a, "%s: %s moved %s", list,
		    one.label, dir < 0 ? "up" : "down"), nz(ip));
	return finish(db, rc);
}

enum err
app_sc_option_retire(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *list, int64_t option_id, bool retired,
    const char *ip)
{
	struct db_option o;
	enum err rc = app_sc_option(db, a, me, scheme_id, list, option_id, &o);
	if (rc != ERR_OK)
		return rc;
	if (o.is_retired == retired)
		return ERR_OK;
	o.is_retired = retired;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_option_update(db, &o);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, retired ?
		    "scheme.option_retire" : "scheme.option_restore",
		    option_subject(a, option_id), arena_printf(a, "%s: %s", list, o.label),
		    nz(ip));
	return finish(db, rc);
}

/* ---- the scheme's own fields ---- */

enum err
app_sc_fields(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct db_field **out, size_t *n)
{
	enum err rc = check_scheme(db, a, me, scheme_id);
	if (rc != ERR_OK)
		return rc;
	return db_fields_list(db, a, scheme_id, true, out, n);
}

enum err
app_sc_field(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t field_id, struct db_field *out, bool *has_answers)
{
	enum err rc = check_scheme(db, a, me, scheme_id);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_field_get(db, a, field_id, out)) != ERR_OK)
		return rc;
	if (out->scheme_id != scheme_id)
		return ERR_NOT_FOUND;
	int64_t count = 0;
	if ((rc = db_field_answers(db, field_id, &count)) != ERR_OK)
		return rc;
	*has_answers = count > 0;
	return ERR_OK;
}

static const char *
field_subject(struct arena *a, int64_t id)
{
	return arena_printf(a, "field:%lld", (long long)id);
}

enum err
app_sc_field_save(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t field_id, const struct app_sc_field_in *in,
    const char *ip, struct app_problems *ps, int64_t *id)
{
	struct db_field old = {0};
	bool has_answers = false;
	enum err rc;

	if (field_id != 0)
		rc = app_sc_field(db, a, me, scheme_id, field_id, &old, &has_answers);
	else
		rc = check_scheme(db, a, me, scheme_id);
	if (rc != ERR_OK)
		return rc;
	const char *choices = "";
	size_t before = ps->n;
	app_sc_field_check(a, in, &choices, ps);
	if (field_id != 0 && one_of(in->kind, kinds) &&
	    !app_sc_kind_change_ok(old.kind, in->kind, has_answers))
		app_problem(ps, "kind", "People have already answered this question, so "
		    "its kind cannot change (only between short and long text). Retire "
		    "it and add a new question instead");
	/* PRO-3: an equality answer was given on the promise that no one
	 * would see it; that promise cannot be withdrawn afterwards */
	if (field_id != 0 && strcmp(old.visibility, "equality") == 0 &&
	    in->visibility != NULL && strcmp(in->visibility, "equality") != 0)
		app_problem(ps, "visibility", "Equality monitoring questions cannot be "
		    "made visible: people answered them on the promise that no one would "
		    "see their answers. Retire it and add a new question instead");
	else if (field_id != 0 && has_answers && strcmp(old.visibility, "private") == 0 &&
	    in->visibility != NULL && strcmp(in->visibility, "public") == 0)
		app_problem(ps, "visibility", "People have answered this question as "
		    "private, so it cannot become public. Retire it and add a new "
		    "question instead");
	if (field_id == 0 && ps->n == before) {
		struct db_field *all;
		size_t n;
		if ((rc = db_fields_list(db, a, scheme_id, true, &all, &n)) != ERR_OK)
			return rc;
		if (n >= SC_FIELDS_MAX)
			app_problem(ps, "label", "This scheme has 100 questions already: "
			    "change or retire one instead");
	}
	if (ps->n > before)
		return ERR_BAD_INPUT;

	struct db_field f = old;
	f.scheme_id = scheme_id;
	f.label = in->label;
	f.hint = nz(in->hint);
	f.kind = in->kind;
	f.choices = choices;
	f.visibility = in->visibility;
	f.applies_to = in->applies_to;
	f.is_required = in->is_required;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if (field_id == 0) {
		rc = db_field_add(db, &f, clock_now(), id);
		if (rc == ERR_OK)
			rc = app_audit_tx(db, me->user_id, scheme_id, "scheme.field_add",
			    field_subject(a, *id), arena_printf(a, "%s (%s, %s, %s%s)",
			    f.label, f.kind, f.visibility, f.applies_to,
			    f.is_required ? ", required" : ""), nz(ip));
	} else {
		*id = field_id;
		rc = db_field_update(db, &f);
		bool reindex = strcmp(old.label, f.label) != 0 ||
		    strcmp(old.visibility, f.visibility) != 0 ||
		    strcmp(old.applies_to, f.applies_to) != 0 ||
		    strcmp(old.kind, f.kind) != 0;
		if (rc == ERR_OK && reindex)
			rc = app_finder_reindex_scheme_tx(db, scheme_id);
		if (rc == ERR_OK)
			rc = app_audit_tx(db, me->user_id, scheme_id, "scheme.field_edit",
			    field_subject(a, field_id), arena_printf(a, "%s (%s, %s, %s%s)",
			    f.label, f.kind, f.visibility, f.applies_to,
			    f.is_required ? ", required" : ""), nz(ip));
	}
	return finish(db, rc);
}

enum err
app_sc_field_move(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t field_id, int dir, const char *ip)
{
	struct db_field one, *all;
	bool has_answers;
	size_t n, at = 0;
	enum err rc = app_sc_field(db, a, me, scheme_id, field_id, &one, &has_answers);
	if (rc != ERR_OK)
		return rc;
	if ((rc = db_fields_list(db, a, scheme_id, true, &all, &n)) != ERR_OK)
		return rc;
	while (at < n && all[at].id != field_id)
		at++;
	if (at == n)
		return ERR_NOT_FOUND;
	size_t to = dir < 0 ? (at == 0 ? at : at - 1) : (at + 1 < n ? at + 1 : at);
	if (to == at)
		return ERR_OK;
	struct db_field tmp = all[at];
	all[at] = all[to];
	all[to] = tmp;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	for (size_t i = 0; i < n && rc == ERR_OK; i++) {
		if (all[i].position == (int64_t)i + 1)
			continue;
		all[i].position = (int64_t)i + 1;
		rc = db_field_update(db, &all[i]);
	}
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, "scheme.field_move",
		    field_subject(a, field_id), arena_printf(a, "%s moved %s", one.label,
		    dir < 0 ? "up" : "down"), nz(ip));
	return finish(db, rc);
}

enum err
app_sc_field_retire(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t field_id, bool retired, const char *ip)
{
	struct db_field f;
	bool has_answers;
	enum err rc = app_sc_field(db, a, me, scheme_id, field_id, &f, &has_answers);
	if (rc != ERR_OK)
		return rc;
	if (f.is_retired == retired)
		return ERR_OK;
	f.is_retired = retired;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_field_update(db, &f);
	if (rc == ERR_OK)
		rc = app_finder_reindex_scheme_tx(db, scheme_id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, retired ?
		    "scheme.field_retire" : "scheme.field_restore",
		    field_subject(a, field_id), f.label, nz(ip));
	return finish(db, rc);
}

/* ---- matching ---- */

enum err
app_sc_matching(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct app_sc_matching *out)
{
	enum err rc = check_scheme(db, a, me, scheme_id);
	if (rc != ERR_OK)
		return rc;
	memset(out, 0, sizeof(*out));
	if ((rc = db_matching_get(db, a, scheme_id, &out->m)) != ERR_OK)
		return rc;
	struct db_scheme_settings s;
	if ((rc = db_scheme_settings_get(db, a, scheme_id, &s)) != ERR_OK)
		return rc;
	out->default_capacity = s.default_capacity;
	const char *bad;
	/* stored keys are ours; an unknown one (older data) is dropped */
	if (match_fields_parse(a, out->m.mentor_required, &out->mentor_mask, &bad) != ERR_OK)
		out->mentor_mask = 0;
	if (match_fields_parse(a, out->m.mentee_required, &out->mentee_mask, &bad) != ERR_OK)
		out->mentee_mask = 0;
	return ERR_OK;
}

enum err
app_sc_matching_save(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const struct app_sc_matching_in *in, const char *ip,
    struct app_problems *ps)
{
	struct app_sc_matching old, m;
	enum err rc = app_sc_matching(db, a, me, scheme_id, &old);
	if (rc != ERR_OK)
		return rc;
	memset(&m, 0, sizeof(m));
	if ((rc = app_sc_matching_check(a, in, &m, ps)) != ERR_OK)
		return rc;
	m.m.scheme_id = scheme_id;
	m.m.updated_at = clock_now();
	struct db_scheme_settings s;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_matching_put(db, &m.m);
	if (rc == ERR_OK && m.default_capacity != old.default_capacity) {
		rc = db_scheme_settings_get(db, a, scheme_id, &s);
		if (rc == ERR_OK) {
			s.default_capacity = m.default_capacity;
			s.updated_at = m.m.updated_at;
			rc = db_scheme_settings_put(db, &s);
		}
	}
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, "scheme.matching",
		    arena_printf(a, "scheme:%lld", (long long)scheme_id),
		    arena_printf(a, "conflicts %s; organisation %s; specialty %s; "
		    "distance %lld; weights keyword %lld, specialty %lld, organisation "
		    "%lld, distance %lld, format %lld; mentors need %s; mentees need %s; "
		    "default capacity %lld", m.m.exclude_conflicts ? "excluded" :
		    "allowed", m.m.organisation_rule, m.m.specialty_rule,
		    (long long)m.m.max_distance_miles, (long long)m.m.weight_keyword,
		    (long long)m.m.weight_specialty, (long long)m.m.weight_organisation,
		    (long long)m.m.weight_distance, (long long)m.m.weight_format,
		    m.m.mentor_required, m.m.mentee_required,
		    (long long)m.default_capacity), nz(ip));
	return finish(db, rc);
}

/* ---- the hub ---- */

enum err
app_sc_counts(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct db_scheme *scheme, struct app_sc_counts *out)
{
	enum err rc = may_manage(me, scheme_id);
	if (rc != ERR_OK)
		return rc;
	if ((rc = scheme_exists(db, a, scheme_id, scheme)) != ERR_OK)
		return rc;
	memset(out, 0, sizeof(*out));
	struct db_option *o;
	size_t n;
	if ((rc = db_options_list(db, a, scheme_id, NULL, true, &o, &n)) != ERR_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		for (size_t l = 0; l < 4; l++) {
			if (strcmp(o[i].list, app_sc_lists[l]) == 0) {
				if (o[i].is_retired)
					out->retired[l]++;
				else
					out->options[l]++;
			}
		}
	}
	struct db_field *f;
	if ((rc = db_fields_list(db, a, scheme_id, true, &f, &n)) != ERR_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (f[i].is_retired)
			out->fields_retired++;
		else
			out->fields++;
	}
	return ERR_OK;
}

enum err
app_sc_scheme(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct db_scheme *out)
{
	enum err rc = may_manage(me, scheme_id);
	return rc == ERR_OK ? scheme_exists(db, a, scheme_id, out) : rc;
}

enum err
app_sc_managed(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_scheme **out, size_t *n)
{
	struct db_scheme *all;
	size_t count;
	enum err rc;

	*out = NULL;
	*n = 0;
	if (me == NULL || !app_is_any_admin(me))
		return ERR_OK;
	if ((rc = app_schemes_active(db, a, &all, &count)) != ERR_OK)
		return rc;
	struct db_scheme *list = arena_alloc(a, sizeof(*list) * (count + 1));
	for (size_t i = 0; i < count; i++)
		if (app_is_scheme_admin(me, all[i].id))
			list[(*n)++] = all[i];
	*out = list;
	return ERR_OK;
}
