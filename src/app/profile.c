/*
 * profile.c - profiles (profile.h): the visibility decision, reading a
 * profile for a viewer, the edit form's data, checking and saving, the
 * photo, and completeness.
 *
 * Design: the built-in fields are one table (builtins[]) with their
 * label, part and fixed visibility (docs/profiles.md); a scheme's own
 * fields carry theirs.  app_person_get first decides the viewer kind
 * (decide_viewer), then walks the fields and keeps those
 * app_profile_shows allows, so there is one place to get right.  A save
 * merges what was sent over what is stored (NULL keeps), checks it all,
 * and writes in one transaction.
 *
 * Traps: never put a value in a log line or an audit detail (equality
 * answers must not leak).  Files: a new photo is stored before the
 * transaction and deleted again if it fails; the old one is deleted only
 * after the commit, so a crash leaves an orphan file, never a profile
 * pointing at nothing.  The photo is judged by its bytes only
 * (image_clean), never by the name or type the browser sent.
 */
#include "app/profile.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/files.h"
#include "core/image.h"
#include "core/log.h"
#include "core/strparse.h"

/* ---- the visibility rule ---- */

enum profile_vis
app_profile_vis_parse(const char *s)
{
	if (s != NULL && strcmp(s, "public") == 0)
		return VIS_PUBLIC;
	if (s != NULL && strcmp(s, "private") == 0)
		return VIS_PRIVATE;
	return VIS_EQUALITY;
}

const char *
app_profile_vis_text(enum profile_vis v)
{
	switch (v) {
	case VIS_PUBLIC: return "public";
	case VIS_PRIVATE: return "private";
	case VIS_EQUALITY: break;
	}
	return "equality";
}

bool
app_profile_shows(enum profile_viewer viewer, enum profile_vis vis)
{
	switch (viewer) {
	case VIEWER_SELF: return true;
	case VIEWER_ADMIN: return vis == VIS_PUBLIC || vis == VIS_PRIVATE;
	case VIEWER_PARTY: return vis == VIS_PUBLIC;
	case VIEWER_NONE: break;
	}
	return false;
}

/* ---- small checks ---- */

static bool
email_ok(const char *e)
{
	const char *at = strchr(e, '@');
	if (at == NULL || at == e || strchr(at + 1, '@') != NULL || strlen(e) > 254)
		return false;
	const char *dot = strrchr(at, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0')
		return false;
	for (const char *p = e; *p; p++)
		if (isspace((unsigned char)*p) || *p == '<' || *p == '>' || *p == ',')
			return false;
	return true;
}

static bool
phone_ok(const char *p)
{
	size_t digits = 0;
	for (const char *c = p; *c; c++) {
		if (isdigit((unsigned char)*c))
			digits++;
		else if (strchr(" +()-", *c) == NULL)
			return false;
	}
	return digits >= 6 && digits <= 15;
}

/* ---- a scheme's own fields ---- */

/* Is v one of the lines of choices? */
static bool
is_choice(const char *choices, const char *v)
{
	size_t vlen = strlen(v);
	const char *p = choices;
	while (*p) {
		size_t len = strcspn(p, "\n");
		size_t l = len;
		while (l > 0 && (p[l - 1] == '\r' || p[l - 1] == ' '))
			l--;
		if (l == vlen && strncmp(p, v, vlen) == 0)
			return true;
		p += len;
		if (*p == '\n')
			p++;
	}
	return false;
}

/* Is v one of the lines of text (a multiple-choice answer as stored)? */
static bool
in_lines(const char *text, const char *v)
{
	size_t vlen = strlen(v);
	for (const char *p = text; *p; ) {
		size_t len = strcspn(p, "\n");
		if (len == vlen && strncmp(p, v, len) == 0)
			return true;
		p += len;
		if (*p)
			p++;
	}
	return false;
}

enum err
app_profile_field_check(struct arena *a, const struct db_field *f,
    const char *const *values, size_t n, const char **stored, const char **why)
{
	/* an answer held now stays acceptable when the administrator has
	 * since edited the choices: saving something else must not wipe it */
	const char *held = *stored != NULL ? *stored : "";
	*stored = "";
	*why = NULL;
	const char *label = f->label;
	size_t given = 0;
	for (size_t i = 0; i < n; i++)
		if (values[i] != NULL && values[i][0] != '\0')
			given++;
	if (given == 0) {
		if (f->is_required) {
			bool pick = strcmp(f->kind, "choice") == 0 || strcmp(f->kind, "multi") == 0;
			*why = arena_printf(a, "%s %s", pick ? "Select" : "Enter", label);
			return ERR_BAD_INPUT;
		}
		return ERR_OK;
	}
	const char *v = NULL;
	for (size_t i = 0; i < n && v == NULL; i++)
		if (values[i] != NULL && values[i][0] != '\0')
			v = values[i];
	if (strcmp(f->kind, "multi") == 0) {
		char *out = arena_strdup(a, "");
		for (size_t i = 0; i < n; i++) {
			if (values[i] == NULL || values[i][0] == '\0')
				continue;
			if (!is_choice(f->choices, values[i]) && !in_lines(held, values[i])) {
				*why = arena_printf(a, "Select %s from the choices given", label);
				return ERR_BAD_INPUT;
			}
			if (in_lines(out, values[i]))
				continue;   /* the same choice twice counts once */
			out = arena_printf(a, "%s%s%s", out, *out ? "\n" : "", values[i]);
		}
		*stored = out;
		return ERR_OK;
	}
	if (given > 1) {
		*why = arena_printf(a, "Give one answer for %s", label);
		return ERR_BAD_INPUT;
	}
	if (strcmp(f->kind, "choice") == 0) {
		if (!is_choice(f->choices, v) && strcmp(held, v) != 0) {
			*why = arena_printf(a, "Select %s from the choices given", label);
			return ERR_BAD_INPUT;
		}
	} else if (strcmp(f->kind, "date") == 0) {
		if (!app_date_is_real(v)) {
			*why = arena_printf(a, "%s must be a real date", label);
			return ERR_BAD_INPUT;
		}
	} else if (strcmp(f->kind, "number") == 0) {
		int64_t num;
		if (str_to_i64(v, -1000000000LL, 1000000000LL, &num) != ERR_OK) {
			*why = arena_printf(a, "Enter %s as a whole number", label);
			return ERR_BAD_INPUT;
		}
		v = arena_printf(a, "%lld", (long long)num);
	} else {
		bool is_long = strcmp(f->kind, "long_text") == 0;
		size_t max = is_long ? PROFILE_LONG_MAX : PROFILE_SHORT_MAX;
		if (str_utf8_len(v) > max) {
			*why = arena_printf(a, "Enter %s in %zu characters or fewer", label, max);
			return ERR_BAD_INPUT;
		}
		if (!is_long && strchr(v, '\n') != NULL) {
			*why = arena_printf(a, "Enter %s on one line", label);
			return ERR_BAD_INPUT;
		}
	}
	*stored = v;
	return ERR_OK;
}

/* ---- the built-in fields ---- */

enum bpart { B_SHARED, B_MENTEE, B_MENTOR };

struct builtin {
	const char *key;
	const char *label;
	enum profile_vis vis;
	enum bpart part;
	bool is_long;
};

static const struct builtin builtins[] = {
	{"preferred_name", "Preferred name", VIS_PUBLIC, B_SHARED, false},
	{"pronouns", "Pronouns", VIS_PUBLIC, B_SHARED, false},
	{"contact_email", "Contact email", VIS_PRIVATE, B_SHARED, false},
	{"phone", "Phone number", VIS_PRIVATE, B_SHARED, false},
	{"job_role", "Job role or training grade", VIS_PUBLIC, B_SHARED, false},
	{"organisation", "Employing organisation", VIS_PUBLIC, B_SHARED, false},
	{"specialty", "Specialty", VIS_PUBLIC, B_SHARED, false},
	{"site", "Current site", VIS_PUBLIC, B_SHARED, false},
	{"previous_organisations", "Previous organisations", VIS_PUBLIC, B_SHARED, true},
	{"country_of_origin", "Country of origin", VIS_EQUALITY, B_SHARED, false},
	{"gender", "Gender or gender identity", VIS_EQUALITY, B_SHARED, false},
	{"date_of_birth", "Date of birth", VIS_EQUALITY, B_SHARED, false},
	{"statement", "Personal statement", VIS_PUBLIC, B_MENTEE, true},
	{"reasons", "Why you are seeking mentoring", VIS_PUBLIC, B_MENTEE, true},
	{"support_areas", "Areas of support", VIS_PUBLIC, B_MENTEE, true},
	{"availability", "Availability", VIS_PUBLIC, B_MENTEE, false},
	{"mentee_formats", "Preferred meeting formats", VIS_PUBLIC, B_MENTEE, false},
	{"max_travel_miles", "Maximum travel distance", VIS_PUBLIC, B_MENTEE, false},
	{"biography", "Biography", VIS_PUBLIC, B_MENTOR, true},
	{"skills", "Skills and experience", VIS_PUBLIC, B_MENTOR, true},
	{"capacity", "Capacity", VIS_PUBLIC, B_MENTOR, false},
	{"is_available", "Taking new mentees", VIS_PUBLIC, B_MENTOR, false},
	{"mentor_formats", "Meeting formats offered", VIS_PUBLIC, B_MENTOR, false},
};
#define NBUILTINS (sizeof(builtins) / sizeof(builtins[0]))

static const char *
formats_words(struct arena *a, const char *csv)
{
	unsigned bits = 0;
	if (csv == NULL || *csv == '\0' || match_formats_parse(csv, &bits) != ERR_OK ||
	    bits == 0)
		return "";
	const char *w = match_formats_words(a, bits);
	return w ? w : "";
}

/* The display value of a built-in field. */
static const char *
builtin_value(struct arena *a, const struct builtin *b, const struct db_profile *p,
    const struct db_mentee_profile *me, const struct db_mentor_profile *mr,
    int64_t default_capacity)
{
	const char *k = b->key;
	if (strcmp(k, "preferred_name") == 0) return p->preferred_name;
	if (strcmp(k, "pronouns") == 0) return p->pronouns;
	if (strcmp(k, "contact_email") == 0) return p->contact_email;
	if (strcmp(k, "phone") == 0) return p->phone;
	if (strcmp(k, "job_role") == 0) return p->job_role;
	if (strcmp(k, "organisation") == 0) return p->organisation;
	if (strcmp(k, "specialty") == 0) return p->specialty;
	if (strcmp(k, "site") == 0) return p->site;
	if (strcmp(k, "previous_organisations") == 0) return p->previous_organisations;
	if (strcmp(k, "country_of_origin") == 0) return p->country_of_origin;
	if (strcmp(k, "gender") == 0) return p->gender;
	if (strcmp(k, "date_of_birth") == 0) return p->date_of_birth;
	if (strcmp(k, "statement") == 0) return me->statement;
	if (strcmp(k, "reasons") == 0) return me->reasons;
	if (strcmp(k, "support_areas") == 0) return me->support_areas;
	if (strcmp(k, "availability") == 0) return me->availability;
	if (strcmp(k, "mentee_formats") == 0) return formats_words(a, me->formats);
	if (strcmp(k, "max_travel_miles") == 0)
		return me->max_travel_miles < 0 ? "" :
		    arena_printf(a, "%lld miles", (long long)me->max_travel_miles);
	if (strcmp(k, "biography") == 0) return mr->biography;
	if (strcmp(k, "skills") == 0) return mr->skills;
	if (strcmp(k, "capacity") == 0)
		return mr->capacity < 0 ?
		    arena_printf(a, "%lld mentees at a time (the scheme's default)",
		    (long long)default_capacity) :
		    arena_printf(a, "%lld mentee%s at a time", (long long)mr->capacity,
		    mr->capacity == 1 ? "" : "s");
	if (strcmp(k, "is_available") == 0)
		return mr->is_available ? "Yes, available for new mentees" :
		    "No, not available at the moment";
	if (strcmp(k, "mentor_formats") == 0) return formats_words(a, mr->formats);
	return "";
}

/* ---- loading a person's parts ---- */

struct parts {
	struct db_user user;
	struct db_profile profile;
	struct db_mentee_profile mentee;
	struct db_mentor_profile mentor;
	int64_t default_capacity;
};

static void
empty_parts(struct parts *p, int64_t user_id, int64_t scheme_id)
{
	p->profile = (struct db_profile){.user_id = user_id, .preferred_name = "",
	    .pronouns = "", .contact_email = "", .phone = "", .job_role = "",
	    .organisation = "", .specialty = "", .site = "", .previous_organisations = "",
	    .country_of_origin = "", .gender = "", .date_of_birth = "", .photo_name = "",
	    .photo_type = ""};
	p->mentee = (struct db_mentee_profile){.user_id = user_id, .scheme_id = scheme_id,
	    .statement = "", .reasons = "", .support_areas = "", .availability = "",
	    .formats = "", .max_travel_miles = -1};
	p->mentor = (struct db_mentor_profile){.user_id = user_id, .scheme_id = scheme_id,
	    .biography = "", .skills = "", .capacity = -1, .is_available = true,
	    .formats = ""};
	p->default_capacity = 0;
}

/* A missing row is an empty part. */
static enum err
missing_ok(enum err rc)
{
	return rc == ERR_NOT_FOUND ? ERR_OK : rc;
}

static enum err
load_parts(struct db *db, struct arena *a, int64_t user_id, int64_t scheme_id,
    struct parts *p)
{
	empty_parts(p, user_id, scheme_id);
	enum err rc = db_user_get(db, a, user_id, &p->user);
	if (rc == ERR_OK)
		rc = missing_ok(db_profile_get(db, a, user_id, &p->profile));
	if (rc == ERR_OK && scheme_id > 0) {
		rc = missing_ok(db_mentee_profile_get(db, a, user_id, scheme_id, &p->mentee));
		if (rc == ERR_OK)
			rc = missing_ok(db_mentor_profile_get(db, a, user_id, scheme_id,
			    &p->mentor));
		struct db_scheme_settings st;
		if (rc == ERR_OK && (rc = db_scheme_settings_get(db, a, scheme_id, &st)) == ERR_OK)
			p->default_capacity = st.default_capacity;
		rc = missing_ok(rc);
	}
	return rc;
}

/* ---- who is looking ---- */

struct decision {
	enum profile_viewer viewer;
	int64_t scheme_id;
	bool mentee_part, mentor_part;
	bool assess;          /* a mentee looking at a mentor: score it */
};

static bool
has_role(struct db *db, int64_t user_id, int64_t scheme_id, const char *role)
{
	return db_profile_has_role(db, user_id, scheme_id, role) == ERR_OK;
}

static bool
role_is(const struct app_view *v, const char *role)
{
	return v != NULL && strcmp(v->role, role) == 0;
}

static enum err
decide_viewer(struct db *db, struct arena *a, const struct app_auth *me, int64_t user_id,
    struct decision *d)
{
	*d = (struct decision){.viewer = VIEWER_NONE};
	if (me == NULL)
		return ERR_NOT_FOUND;
	const struct app_view *v = me->active;
	if (user_id == me->user_id) {
		d->viewer = VIEWER_SELF;
		d->scheme_id = v ? v->scheme_id : 0;
		d->mentee_part = role_is(v, "mentee");
		d->mentor_part = role_is(v, "mentor");
		return ERR_OK;
	}
	if (role_is(v, "mentee") && has_role(db, user_id, v->scheme_id, "mentor")) {
		bool ok = db_profile_related(db, v->scheme_id, user_id, me->user_id) == ERR_OK;
		if (!ok) {
			struct finder_assessment fa;
			enum err rc = app_finder_assess(db, a, v->scheme_id, me->user_id,
			    user_id, &fa);
			if (rc != ERR_OK && rc != ERR_NOT_FOUND)
				return rc;
			ok = rc == ERR_OK && fa.exclusion == MX_NONE;
		}
		if (ok) {
			*d = (struct decision){.viewer = VIEWER_PARTY, .scheme_id = v->scheme_id,
			    .mentor_part = true, .assess = true};
			return ERR_OK;
		}
	}
	if (role_is(v, "mentor") && has_role(db, user_id, v->scheme_id, "mentee") &&
	    db_profile_related(db, v->scheme_id, me->user_id, user_id) == ERR_OK) {
		*d = (struct decision){.viewer = VIEWER_PARTY, .scheme_id = v->scheme_id,
		    .mentee_part = true};
		return ERR_OK;
	}
	/* an administrator of a scheme the person belongs to: the active
	 * view's scheme first, else the first such scheme */
	struct db_role *roles;
	size_t nroles;
	enum err rc = db_roles_of_user(db, a, user_id, &roles, &nroles);
	if (rc != ERR_OK)
		return rc;
	int64_t scheme = 0;
	for (size_t i = 0; i < nroles; i++) {
		if (!app_is_scheme_admin(me, roles[i].scheme_id))
			continue;
		if (scheme == 0 || (v != NULL && roles[i].scheme_id == v->scheme_id))
			scheme = roles[i].scheme_id;
	}
	if (scheme == 0)
		return ERR_NOT_FOUND;
	d->viewer = VIEWER_ADMIN;
	d->scheme_id = scheme;
	for (size_t i = 0; i < nroles; i++) {
		if (roles[i].scheme_id != scheme)
			continue;
		if (strcmp(roles[i].role, "mentee") == 0)
			d->mentee_part = true;
		if (strcmp(roles[i].role, "mentor") == 0)
			d->mentor_part = true;
	}
	return ERR_OK;
}

/* ---- someone's profile ---- */

static const char **
keyword_labels(struct arena *a, const struct db_keyword *k, size_t n)
{
	const char **out = arena_calloc(a, n + 1, sizeof(*out));
	for (size_t i = 0; i < n; i++)
		out[i] = k[i].label;
	return out;
}

/* The display text of a stored own-field answer. */
static const char *
field_display(struct arena *a, const struct db_field *f, const char *stored)
{
	if (strcmp(f->kind, "multi") != 0)
		return stored;
	char *out = arena_strdup(a, stored);
	for (char *p = out; *p; p++)
		if (*p == '\n')
			*p = ',';
	/* "a,b" -> "a, b" */
	char *res = arena_strdup(a, "");
	for (char *tok = out; tok != NULL; ) {
		char *comma = strchr(tok, ',');
		if (comma)
			*comma = '\0';
		res = arena_printf(a, "%s%s%s", res, *res ? ", " : "", tok);
		tok = comma ? comma + 1 : NULL;
	}
	return res;
}

static bool
field_applies(const struct db_field *f, bool mentee, bool mentor)
{
	if (strcmp(f->applies_to, "both") == 0)
		return mentee || mentor;
	if (strcmp(f->applies_to, "mentee") == 0)
		return mentee;
	return strcmp(f->applies_to, "mentor") == 0 && mentor;
}

enum err
app_person_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t user_id, struct app_person *out)
{
	struct decision d;
	*out = (struct app_person){.user_id = user_id};
	enum err rc = decide_viewer(db, a, me, user_id, &d);
	if (rc != ERR_OK)
		return rc;
	struct parts p;
	if ((rc = load_parts(db, a, user_id, d.scheme_id, &p)) != ERR_OK)
		return rc;
	out->viewer = d.viewer;
	out->scheme_id = d.scheme_id;
	out->scheme_name = "";
	if (d.scheme_id > 0) {
		struct db_scheme s;
		if (db_scheme_get(db, a, d.scheme_id, &s) == ERR_OK)
			out->scheme_name = s.name;
	}
	out->given_name = p.user.given_name;
	out->family_name = p.user.family_name;
	out->name = *p.profile.preferred_name ? p.profile.preferred_name :
	    arena_printf(a, "%s %s", p.user.given_name, p.user.family_name);
	out->has_photo = *p.profile.photo_name != '\0';
	out->has_mentee_part = d.mentee_part;
	out->has_mentor_part = d.mentor_part;

	struct db_field *fields = NULL;
	size_t nfields = 0;
	struct db_field_value *values = NULL;
	size_t nvalues = 0;
	if (d.scheme_id > 0) {
		if ((rc = db_fields_list(db, a, d.scheme_id, false, &fields, &nfields)) != ERR_OK)
			return rc;
		if ((rc = db_field_values(db, a, user_id, d.scheme_id, &values, &nvalues)) != ERR_OK)
			return rc;
	}
	out->items = arena_calloc(a, NBUILTINS + nfields + 1, sizeof(*out->items));
	for (size_t i = 0; i < NBUILTINS; i++) {
		const struct builtin *b = &builtins[i];
		if ((b->part == B_MENTEE && !d.mentee_part) ||
		    (b->part == B_MENTOR && !d.mentor_part))
			continue;
		if (!app_profile_shows(d.viewer, b->vis))
			continue;
		out->items[out->nitems++] = (struct app_profile_item){.key = b->key,
		    .label = b->label, .vis = b->vis, .is_long = b->is_long,
		    .part = b->part == B_SHARED ? "shared" : b->part == B_MENTEE ?
		    "mentee" : "mentor",
		    .value = builtin_value(a, b, &p.profile, &p.mentee, &p.mentor,
		    p.default_capacity)};
	}
	for (size_t i = 0; i < nfields; i++) {
		const struct db_field *f = &fields[i];
		enum profile_vis vis = app_profile_vis_parse(f->visibility);
		if (!field_applies(f, d.mentee_part, d.mentor_part) ||
		    !app_profile_shows(d.viewer, vis))
			continue;
		const char *stored = "";
		for (size_t j = 0; j < nvalues; j++)
			if (values[j].field_id == f->id)
				stored = values[j].value;
		out->items[out->nitems++] = (struct app_profile_item){
		    .key = arena_printf(a, "field_%lld", (long long)f->id),
		    .label = f->label, .vis = vis,
		    .is_long = strcmp(f->kind, "long_text") == 0,
		    .part = strcmp(f->applies_to, "both") == 0 ? "shared" : f->applies_to,
		    .value = field_display(a, f, stored)};
	}
	struct db_keyword *kw;
	size_t nkw;
	if (d.mentee_part) {
		if ((rc = db_profile_keywords(db, a, user_id, d.scheme_id, "mentee", &kw,
		    &nkw)) != ERR_OK)
			return rc;
		out->mentee_keywords = keyword_labels(a, kw, nkw);
		out->nmentee_keywords = nkw;
	}
	if (d.mentor_part) {
		if ((rc = db_profile_keywords(db, a, user_id, d.scheme_id, "mentor", &kw,
		    &nkw)) != ERR_OK)
			return rc;
		out->mentor_keywords = keyword_labels(a, kw, nkw);
		out->nmentor_keywords = nkw;
	}
	if (d.assess) {
		rc = app_finder_assess(db, a, d.scheme_id, me->user_id, user_id,
		    &out->assessment);
		if (rc == ERR_OK)
			out->is_offered = out->assessment.exclusion == MX_NONE;
		else if (rc != ERR_NOT_FOUND)
			return rc;
		rc = ERR_OK;
	}
	return ERR_OK;
}

enum err
app_person_photo(struct db *db, struct arena *a, const struct app_auth *me,
    const char *data_dir, int64_t user_id, const char **path, const char **type)
{
	struct decision d;
	enum err rc = decide_viewer(db, a, me, user_id, &d);
	if (rc != ERR_OK)
		return rc;
	struct db_profile p;
	if ((rc = db_profile_get(db, a, user_id, &p)) != ERR_OK)
		return rc;
	if (*p.photo_name == '\0')
		return ERR_NOT_FOUND;
	*path = files_path(a, data_dir, p.photo_name);
	*type = p.photo_type;
	return *path == NULL ? ERR_NOT_FOUND : ERR_OK;
}

/* ---- the edit form ---- */

/* Active options of a list, plus the current value when it is retired
 * or gone (kept selectable so a save does not lose it). */
static enum err
options_with(struct db *db, struct arena *a, int64_t scheme_id, const char *list,
    const char *current, struct db_option **out, size_t *n)
{
	struct db_option *all;
	size_t nall;
	*out = NULL;
	*n = 0;
	enum err rc = db_options_list(db, a, scheme_id, list, true, &all, &nall);
	if (rc != ERR_OK)
		return rc;
	struct db_option *res = arena_calloc(a, nall + 1, sizeof(*res));
	size_t k = 0;
	bool has_active = false;
	for (size_t i = 0; i < nall; i++) {
		if (!all[i].is_retired)
			has_active = true;
		if (!all[i].is_retired || (current && strcasecmp(all[i].label, current) == 0))
			res[k++] = all[i];
	}
	if (!has_active) {
		*out = res;
		*n = 0;      /* no list in use: free text */
		return ERR_OK;
	}
	bool found = false;
	for (size_t i = 0; i < k; i++)
		if (current && strcasecmp(res[i].label, current) == 0)
			found = true;
	if (!found && current && *current)
		res[k++] = (struct db_option){.scheme_id = scheme_id, .list = list,
		    .label = current, .is_retired = true};
	*out = res;
	*n = k;
	return ERR_OK;
}

enum err
app_profile_form_load(struct db *db, struct arena *a, const struct app_auth *me,
    struct app_profile_form *out)
{
	*out = (struct app_profile_form){.role = "", .scheme_name = ""};
	const struct app_view *v = me->active;
	int64_t scheme = v ? v->scheme_id : 0;
	struct parts p;
	enum err rc = load_parts(db, a, me->user_id, scheme, &p);
	if (rc != ERR_OK)
		return rc;
	out->scheme_id = scheme;
	out->user = p.user;
	out->profile = p.profile;
	out->mentee = p.mentee;
	out->mentor = p.mentor;
	out->default_capacity = p.default_capacity;
	if (scheme == 0)
		return ERR_OK;
	out->scheme_name = v->scheme_name;
	if (role_is(v, "mentee") || role_is(v, "mentor"))
		out->role = v->role;
	const char *other = role_is(v, "mentee") ? "mentor" : "mentee";
	out->has_other_role = *out->role && has_role(db, me->user_id, scheme, other);
	if ((rc = options_with(db, a, scheme, "specialty", p.profile.specialty,
	    &out->specialty_options, &out->nspecialty_options)) != ERR_OK ||
	    (rc = options_with(db, a, scheme, "organisation", p.profile.organisation,
	    &out->organisation_options, &out->norganisation_options)) != ERR_OK ||
	    (rc = options_with(db, a, scheme, "site", p.profile.site,
	    &out->site_options, &out->nsite_options)) != ERR_OK)
		return rc;
	if (*out->role == '\0')
		return ERR_OK;
	if ((rc = db_profile_keywords(db, a, me->user_id, scheme, out->role,
	    &out->keywords, &out->nkeywords)) != ERR_OK)
		return rc;
	struct db_option *kw;
	size_t nkw;
	if ((rc = db_options_list(db, a, scheme, "keyword", true, &kw, &nkw)) != ERR_OK)
		return rc;
	out->keyword_options = arena_calloc(a, nkw + 1, sizeof(*kw));
	for (size_t i = 0; i < nkw; i++) {
		bool picked = false;
		for (size_t j = 0; j < out->nkeywords; j++)
			if (out->keywords[j].id == kw[i].id)
				picked = true;
		if (!kw[i].is_retired || picked)
			out->keyword_options[out->nkeyword_options++] = kw[i];
	}
	struct db_field *fields;
	size_t nfields;
	if ((rc = db_fields_list(db, a, scheme, false, &fields, &nfields)) != ERR_OK)
		return rc;
	struct db_field_value *values;
	size_t nvalues;
	if ((rc = db_field_values(db, a, me->user_id, scheme, &values, &nvalues)) != ERR_OK)
		return rc;
	bool is_mentee = strcmp(out->role, "mentee") == 0;
	out->fields = arena_calloc(a, nfields + 1, sizeof(*fields));
	out->field_values = arena_calloc(a, nfields + 1, sizeof(char *));
	for (size_t i = 0; i < nfields; i++) {
		if (!field_applies(&fields[i], is_mentee, !is_mentee))
			continue;
		const char *stored = "";
		for (size_t j = 0; j < nvalues; j++)
			if (values[j].field_id == fields[i].id)
				stored = values[j].value;
		out->field_values[out->nfields] = stored;
		out->fields[out->nfields++] = fields[i];
	}
	return ERR_OK;
}

/* ---- saving ---- */

static const char *
keep(const char *sent, const char *stored)
{
	return sent != NULL ? sent : stored;
}

/* Text of at most max characters; one line unless is_long. */
static void
check_text(struct app_problems *ps, struct arena *a, const char *field,
    const char *label, const char *v, size_t max, bool is_long)
{
	if (str_utf8_len(v) > max)
		app_problem(ps, field, arena_printf(a, "%s must be %zu characters or fewer",
		    label, max));
	else if (!is_long && strpbrk(v, "\r\n") != NULL)
		app_problem(ps, field, arena_printf(a, "Enter %s on one line", label));
}

/* A value from a scheme list (when the list is in use) or free text. */
static const char *
check_listed(struct app_problems *ps, struct arena *a, const char *field,
    const char *label, const char *v, const struct db_option *opts, size_t n)
{
	if (n == 0 || *v == '\0') {
		check_text(ps, a, field, label, v, PROFILE_SHORT_MAX, false);
		return v;
	}
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(opts[i].label, v) == 0)
			return opts[i].label;
	app_problem(ps, field, arena_printf(a, "Select %s from the list",
	    arena_strdup(a, label)));
	return v;
}

static const char *
join_csv(struct arena *a, const char *const *items, size_t n)
{
	char *s = arena_strdup(a, "");
	for (size_t i = 0; i < n; i++)
		s = arena_printf(a, "%s%s%s", s, *s ? "," : "", items[i]);
	return s;
}

enum err
app_profile_save(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_profile_input *in, const char *ip, struct app_problems *ps)
{
	struct app_profile_form cur;
	enum err rc = app_profile_form_load(db, a, me, &cur);
	if (rc != ERR_OK)
		return rc;
	const struct db_profile *op = &cur.profile;
	struct db_profile p = *op;
	p.preferred_name = keep(in->preferred_name, op->preferred_name);
	p.pronouns = keep(in->pronouns, op->pronouns);
	p.contact_email = keep(in->contact_email, op->contact_email);
	p.phone = keep(in->phone, op->phone);
	p.job_role = keep(in->job_role, op->job_role);
	p.previous_organisations = keep(in->previous_organisations,
	    op->previous_organisations);
	p.country_of_origin = keep(in->country_of_origin, op->country_of_origin);
	p.gender = keep(in->gender, op->gender);
	p.date_of_birth = keep(in->date_of_birth, op->date_of_birth);

	check_text(ps, a, "preferred_name", "Preferred name", p.preferred_name, 100, false);
	check_text(ps, a, "pronouns", "Pronouns", p.pronouns, 50, false);
	if (*p.contact_email && !email_ok(p.contact_email))
		app_problem(ps, "contact_email",
		    "Enter an email address in the correct format, like name@example.nhs.uk");
	if (*p.phone && !phone_ok(p.phone))
		app_problem(ps, "phone",
		    "Enter a phone number, like 01632 960 001 or +44 7700 900 982");
	check_text(ps, a, "job_role", "Job role or training grade", p.job_role,
	    PROFILE_SHORT_MAX, false);
	p.organisation = check_listed(ps, a, "organisation", "an employing organisation",
	    keep(in->organisation, op->organisation), cur.organisation_options,
	    cur.norganisation_options);
	p.specialty = check_listed(ps, a, "specialty", "a specialty",
	    keep(in->specialty, op->specialty), cur.specialty_options,
	    cur.nspecialty_options);
	p.site = check_listed(ps, a, "site", "a site", keep(in->site, op->site),
	    cur.site_options, cur.nsite_options);
	check_text(ps, a, "previous_organisations", "Previous organisations",
	    p.previous_organisations, PROFILE_MEDIUM_MAX, true);
	check_text(ps, a, "country_of_origin", "Country of origin", p.country_of_origin,
	    100, false);
	check_text(ps, a, "gender", "Gender or gender identity", p.gender, 100, false);
	if (*p.date_of_birth && !app_date_is_past(p.date_of_birth))
		app_problem(ps, "date_of_birth",
		    "Date of birth must be a real date in the past, like 27 3 1985");

	bool is_mentee = strcmp(cur.role, "mentee") == 0;
	bool is_mentor = strcmp(cur.role, "mentor") == 0;
	struct db_mentee_profile mt = cur.mentee;
	struct db_mentor_profile mr = cur.mentor;
	const char *formats = is_mentee ? mt.formats : mr.formats;
	if (in->has_formats) {
		unsigned bits;
		formats = join_csv(a, in->formats, in->nformats);
		if (match_formats_parse(formats, &bits) != ERR_OK)
			app_problem(ps, "formats",
			    "Select meeting formats from in person, video and phone");
		else
			formats = match_formats_text(a, bits);
	}
	int64_t *kw_ids = NULL;
	size_t nkw = 0;
	if (in->has_keywords && *cur.role) {
		kw_ids = arena_calloc(a, in->nkeywords + 1, sizeof(*kw_ids));
		for (size_t i = 0; i < in->nkeywords; i++) {
			int64_t id;
			bool ok = str_to_i64(in->keywords[i], 1, INT64_MAX, &id) == ERR_OK;
			bool known = false;
			for (size_t j = 0; ok && j < cur.nkeyword_options; j++)
				if (cur.keyword_options[j].id == id)
					known = true;
			if (!known) {
				app_problem(ps, "keywords", "Select keywords from the scheme's list");
				break;
			}
			kw_ids[nkw++] = id;
		}
	}
	if (is_mentee) {
		mt.statement = keep(in->statement, mt.statement);
		mt.reasons = keep(in->reasons, mt.reasons);
		mt.support_areas = keep(in->support_areas, mt.support_areas);
		mt.availability = keep(in->availability, mt.availability);
		mt.formats = formats;
		check_text(ps, a, "statement", "Personal statement", mt.statement,
		    PROFILE_LONG_MAX, true);
		check_text(ps, a, "reasons", "Why you are seeking mentoring", mt.reasons,
		    PROFILE_MEDIUM_MAX, true);
		check_text(ps, a, "support_areas", "Areas of support", mt.support_areas,
		    PROFILE_MEDIUM_MAX, true);
		check_text(ps, a, "availability", "Availability", mt.availability, 500, true);
		if (in->max_travel_miles != NULL) {
			if (*in->max_travel_miles == '\0')
				mt.max_travel_miles = -1;
			else if (str_to_i64(in->max_travel_miles, 0, PROFILE_TRAVEL_MAX,
			    &mt.max_travel_miles) != ERR_OK)
				app_problem(ps, "max_travel_miles", "Enter the maximum travel "
				    "distance as a whole number of miles from 0 to 1000");
		}
	}
	if (is_mentor) {
		mr.biography = keep(in->biography, mr.biography);
		mr.skills = keep(in->skills, mr.skills);
		mr.formats = formats;
		if (in->is_available >= 0)
			mr.is_available = in->is_available != 0;
		check_text(ps, a, "biography", "Biography", mr.biography, PROFILE_LONG_MAX, true);
		check_text(ps, a, "skills", "Skills and experience", mr.skills,
		    PROFILE_MEDIUM_MAX, true);
		if (in->capacity != NULL) {
			if (*in->capacity == '\0')
				mr.capacity = -1;
			else if (str_to_i64(in->capacity, 0, PROFILE_CAPACITY_MAX,
			    &mr.capacity) != ERR_OK)
				app_problem(ps, "capacity", arena_printf(a, "Enter a capacity as "
				    "a whole number from 0 to %d, or leave it blank for the "
				    "scheme's default of %lld", PROFILE_CAPACITY_MAX,
				    (long long)cur.default_capacity));
		}
	}
	/* own fields */
	const char **stored = arena_calloc(a, cur.nfields + 1, sizeof(*stored));
	bool *touched = arena_calloc(a, cur.nfields + 1, sizeof(*touched));
	for (size_t i = 0; i < cur.nfields; i++) {
		const struct db_field *f = &cur.fields[i];
		const char *name = arena_printf(a, "field_%lld", (long long)f->id);
		const char **vals = arena_calloc(a, in->nfield_inputs + 1, sizeof(*vals));
		size_t nv = 0;
		for (size_t j = 0; j < in->nfield_inputs; j++)
			if (strcmp(in->field_names[j], name) == 0)
				vals[nv++] = in->field_inputs[j];
		stored[i] = cur.field_values[i];
		if (nv == 0 && !in->is_complete)
			continue;
		const char *why;
		touched[i] = true;
		if (app_profile_field_check(a, f, vals, nv, &stored[i], &why) != ERR_OK)
			app_problem(ps, name, why);
	}
	if (ps->n > 0)
		return ERR_BAD_INPUT;

	int64_t now = clock_now();
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_profile_put(db, &p, now);
	if (rc == ERR_OK && is_mentee)
		rc = db_mentee_profile_put(db, &mt, now);
	if (rc == ERR_OK && is_mentor)
		rc = db_mentor_profile_put(db, &mr, now);
	if (rc == ERR_OK && kw_ids != NULL)
		rc = db_profile_keywords_set(db, me->user_id, cur.scheme_id, cur.role,
		    kw_ids, nkw);
	for (size_t i = 0; rc == ERR_OK && i < cur.nfields; i++)
		if (touched[i])
			rc = db_field_value_put(db, me->user_id, cur.fields[i].id, stored[i], now);
	if (rc == ERR_OK)
		rc = app_finder_reindex_user_tx(db, me->user_id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, cur.scheme_id, "profile.update",
		    arena_printf(a, "user:%lld", (long long)me->user_id),
		    *cur.role ? arena_printf(a, "shared and %s parts", cur.role) :
		    "shared part", ip);
	if (rc == ERR_OK)
		rc = db_commit(db);
	if (rc != ERR_OK)
		db_rollback(db);
	return rc;
}

/* ---- photo ---- */

enum err
app_profile_photo_set(struct db *db, struct arena *a, const struct app_auth *me,
    const char *data_dir, size_t max_photo, const char *tmp_path, size_t len,
    const char *ip, struct app_problems *ps)
{
	if (len == 0 || tmp_path == NULL) {
		app_problem(ps, "photo", "The selected file is empty");
		return ERR_BAD_INPUT;
	}
	if (len > max_photo) {
		app_problem(ps, "photo", max_photo >= 1024 * 1024 ?
		    arena_printf(a, "The photo must be %zu MB or smaller",
		    max_photo / (1024 * 1024)) :
		    arena_printf(a, "The photo must be %zu KB or smaller",
		    (max_photo + 1023) / 1024));
		return ERR_BAD_INPUT;
	}
	unsigned char *data;
	size_t dlen;
	enum err rc = files_read(a, tmp_path, max_photo, &data, &dlen);
	if (rc == ERR_TOO_LARGE) {
		app_problem(ps, "photo", "The photo is too large");
		return ERR_BAD_INPUT;
	}
	if (rc != ERR_OK)
		return rc;
	const char *why = NULL;
	unsigned char *clean = NULL;
	size_t clean_len = 0;
	struct image_info info = {.type = IMAGE_NONE};
	rc = image_clean(a, data, dlen, &info, &clean, &clean_len, &why);
	if (rc == ERR_BAD_INPUT) {
		app_problem(ps, "photo", why ? why :
		    "The selected file must be a JPG, PNG or WebP image");
		return rc;
	}
	if (rc != ERR_OK)
		return rc;
	const char *mime = image_mime(info.type);
	char name[FILES_NAME_MAX];
	if ((rc = files_store(data_dir, clean, clean_len, image_ext(info.type), name)) != ERR_OK)
		return rc;
	struct db_profile old;
	const char *old_name = "";
	if ((rc = db_begin(db)) != ERR_OK) {
		files_remove(data_dir, name);
		return rc;
	}
	rc = db_profile_get(db, a, me->user_id, &old);
	if (rc == ERR_OK)
		old_name = old.photo_name;
	rc = missing_ok(rc);
	if (rc == ERR_OK)
		rc = db_profile_set_photo(db, me->user_id, name, mime, clock_now());
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, me->active ? me->active->scheme_id : 0,
		    "profile.photo", arena_printf(a, "user:%lld", (long long)me->user_id),
		    mime, ip);
	if (rc == ERR_OK)
		rc = db_commit(db);
	if (rc != ERR_OK) {
		db_rollback(db);
		files_remove(data_dir, name);
		return rc;
	}
	if (*old_name)
		files_remove(data_dir, old_name);
	return ERR_OK;
}

enum err
app_profile_photo_remove(struct db *db, struct arena *a, const struct app_auth *me,
    const char *data_dir, const char *ip)
{
	struct db_profile old;
	enum err rc = db_begin(db);
	if (rc != ERR_OK)
		return rc;
	rc = db_profile_get(db, a, me->user_id, &old);
	if (rc == ERR_NOT_FOUND || (rc == ERR_OK && *old.photo_name == '\0')) {
		db_rollback(db);
		return ERR_OK;
	}
	if (rc == ERR_OK)
		rc = db_profile_set_photo(db, me->user_id, "", "", clock_now());
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, me->active ? me->active->scheme_id : 0,
		    "profile.photo_remove", arena_printf(a, "user:%lld",
		    (long long)me->user_id), "", ip);
	if (rc == ERR_OK)
		rc = db_commit(db);
	if (rc != ERR_OK) {
		db_rollback(db);
		return rc;
	}
	files_remove(data_dir, old.photo_name);
	return ERR_OK;
}

/* ---- completeness ---- */

enum err
app_profile_missing(struct db *db, struct arena *a, const struct app_auth *me,
    const char ***labels, size_t *n)
{
	*labels = NULL;
	*n = 0;
	struct app_profile_form f;
	enum err rc = app_profile_form_load(db, a, me, &f);
	if (rc != ERR_OK || *f.role == '\0')
		return rc;
	struct match_rules rules;
	uint32_t mentor_req, mentee_req;
	if ((rc = app_matching_load(db, a, f.scheme_id, &rules, &mentor_req,
	    &mentee_req)) != ERR_OK)
		return rc;
	bool is_mentee = strcmp(f.role, "mentee") == 0;
	const struct db_profile *p = &f.profile;
	uint32_t filled = 0;
#define FILLED(cond, bit) do { if (cond) filled |= 1u << (bit); } while (0)
	FILLED(*p->preferred_name, MF_PREFERRED_NAME);
	FILLED(*p->pronouns, MF_PRONOUNS);
	FILLED(*p->contact_email, MF_CONTACT_EMAIL);
	FILLED(*p->phone, MF_PHONE);
	FILLED(*p->photo_name, MF_PHOTO);
	FILLED(*p->job_role, MF_JOB_ROLE);
	FILLED(*p->organisation, MF_ORGANISATION);
	FILLED(*p->specialty, MF_SPECIALTY);
	FILLED(*p->site, MF_SITE);
	FILLED(*p->previous_organisations, MF_PREVIOUS_ORGANISATIONS);
	FILLED(*f.mentee.statement, MF_STATEMENT);
	FILLED(*f.mentee.reasons, MF_REASONS);
	FILLED(*f.mentee.support_areas, MF_SUPPORT_AREAS);
	FILLED(*f.mentee.availability, MF_AVAILABILITY);
	FILLED(f.mentee.max_travel_miles >= 0, MF_MAX_TRAVEL);
	FILLED(*(is_mentee ? f.mentee.formats : f.mentor.formats), MF_FORMATS);
	FILLED(f.nkeywords > 0, MF_KEYWORDS);
	FILLED(*f.mentor.biography, MF_BIOGRAPHY);
	FILLED(*f.mentor.skills, MF_SKILLS);
#undef FILLED
	int64_t ntraining = 0;
	if (!is_mentee && (rc = db_profile_training_count(db, me->user_id,
	    &ntraining)) != ERR_OK)
		return rc;
	if (ntraining > 0)
		filled |= 1u << MF_TRAINING;
	uint32_t missing = match_missing(is_mentee ? mentee_req : mentor_req, filled,
	    f.role);
	const char **out = arena_calloc(a, MF__MAX + f.nfields + 1, sizeof(*out));
	size_t k = 0;
	for (int i = 0; i < MF__MAX; i++)
		if (missing & (1u << i))
			out[k++] = match_fields[i].label;
	for (size_t i = 0; i < f.nfields; i++)
		if (f.fields[i].is_required && *f.field_values[i] == '\0')
			out[k++] = f.fields[i].label;
	*labels = out;
	*n = k;
	return ERR_OK;
}
