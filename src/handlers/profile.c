/*
 * profile.c - profile pages and their API twins (PRO-1 to PRO-7,
 * PRO-10): my profile (/profile) with its completeness notice, the edit
 * form for the active view (/profile/edit), the photo (upload, remove,
 * serve), and someone's profile as I may see it (/people/{id}).
 *
 * Design: every visibility decision is app's (app_person_get returns
 * only what the viewer may see, each field with its visibility); the
 * page marks private fields with the padlock partial.  The edit form's
 * declared inputs are loose (long limits, text for numbers) so that the
 * app's rules speak with a message next to each field, and what was
 * typed is shown back.  The API's save is a partial update: a key left
 * out of the JSON keeps what is stored (so saving one part never loses
 * another); the form always sends everything.
 *
 * Traps: the date of birth comes from three boxes on the page (NHS date
 * input) and as one YYYY-MM-DD string from the API.  The photo is
 * served with Content-Disposition: attachment (our rule for uploads; an
 * <img> still shows it), its stored type and nosniff (set centrally).
 */
#include "handlers/handlers.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "app/profile.h"
#include "app/request.h"
#include "app/sessions.h"
#include "core/arena.h"
#include "core/config.h"
#include "view/json.h"

#define GUIDANCE_INTRO "Your personal statement is like a biography: your " \
	"mentor will see it once you are matched. Think about what your mentor " \
	"might like to know about you. We recommend you include at least:"
static const char *const guidance[] = {
	"why you are seeking peer mentoring",
	"the areas of support or advice you are looking for",
	"any limits on your availability (days and times you will or will not be available)",
	"your preferred way of meeting (which video platform, or places you would be happy to meet in person)",
	"any interests or other information you are comfortable sharing that may help your mentor get to know you",
	NULL,
};

static const struct {
	const char *value, *label;
} format_choices[] = {
	{"in_person", "In person"}, {"video", "Video call"}, {"phone", "Phone call"},
};

/* ---- helpers ---- */

static const char *
viewer_text(enum profile_viewer v)
{
	switch (v) {
	case VIEWER_SELF: return "self";
	case VIEWER_ADMIN: return "administrator";
	case VIEWER_PARTY: return "participant";
	case VIEWER_NONE: break;
	}
	return "none";
}

static json_t *
strings(const char *const *s, size_t n)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_string(s[i]));
	return list;
}

/* One field for pages and the API. */
static json_t *
item_json(const struct app_profile_item *it)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "key", it->key,
	    "label", it->label, "value", it->value, "visibility",
	    app_profile_vis_text(it->vis), "part", it->part);
	json_object_set_new(o, "is_long", json_boolean(it->is_long));
	json_object_set_new(o, "is_private", json_boolean(it->vis == VIS_PRIVATE));
	json_object_set_new(o, "is_equality", json_boolean(it->vis == VIS_EQUALITY));
	json_object_set_new(o, "is_empty", json_boolean(*it->value == '\0'));
	return o;
}

/* The person as the viewer may see it (the same for /profile,
 * /people/{id} and the API). */
static json_t *
person_json(struct request *req, const struct app_person *p)
{
	json_t *m = json_object();
	json_object_set_new(m, "id", json_integer(p->user_id));
	json_put_s(m, "name", p->name);
	json_put_s(m, "given_name", p->given_name);
	json_put_s(m, "family_name", p->family_name);
	json_object_set_new(m, "scheme_id", json_integer(p->scheme_id));
	json_put_s(m, "scheme_name", p->scheme_name);
	json_put_s(m, "viewer", viewer_text(p->viewer));
	json_object_set_new(m, "is_self", json_boolean(p->viewer == VIEWER_SELF));
	json_object_set_new(m, "is_admin_viewer", json_boolean(p->viewer == VIEWER_ADMIN));
	json_object_set_new(m, "has_photo", json_boolean(p->has_photo));
	if (p->has_photo)
		json_put_s(m, "photo_url", arena_printf(req->arena, "/people/%lld/photo",
		    (long long)p->user_id));
	json_t *shared = json_array(), *mentee = json_array(), *mentor = json_array();
	for (size_t i = 0; i < p->nitems; i++) {
		const struct app_profile_item *it = &p->items[i];
		json_t *list = strcmp(it->part, "mentee") == 0 ? mentee :
		    strcmp(it->part, "mentor") == 0 ? mentor : shared;
		json_array_append_new(list, item_json(it));
	}
	json_object_set_new(m, "shared", shared);
	json_object_set_new(m, "has_mentee_part", json_boolean(p->has_mentee_part));
	json_object_set_new(m, "has_mentor_part", json_boolean(p->has_mentor_part));
	if (p->has_mentee_part) {
		json_object_set_new(m, "mentee", mentee);
		json_object_set_new(m, "mentee_keywords", strings(p->mentee_keywords,
		    p->nmentee_keywords));
		json_object_set_new(m, "has_mentee_keywords",
		    json_boolean(p->nmentee_keywords > 0));
	} else {
		json_decref(mentee);
	}
	if (p->has_mentor_part) {
		json_object_set_new(m, "mentor", mentor);
		json_object_set_new(m, "mentor_keywords", strings(p->mentor_keywords,
		    p->nmentor_keywords));
		json_object_set_new(m, "has_mentor_keywords",
		    json_boolean(p->nmentor_keywords > 0));
	} else {
		json_decref(mentor);
	}
	json_object_set_new(m, "is_offered", json_boolean(p->is_offered));
	if (p->is_offered) {
		const struct finder_assessment *fa = &p->assessment;
		json_object_set_new(m, "match", json_pack("{s:i, s:o}", "score",
		    fa->score.score, "reasons", strings(fa->reasons, fa->nreasons)));
	}
	return m;
}

/* ---- my profile ---- */

static json_t *
missing_json(struct request *req, enum err *rc)
{
	const char **labels;
	size_t n;
	*rc = app_profile_missing(req->db, req->arena, req->auth, &labels, &n);
	if (*rc != ERR_OK)
		return NULL;
	return strings(labels, n);
}

static enum err
handle_profile(struct request *req, struct response *resp)
{
	const struct app_auth *me = req->auth;
	struct app_person p;
	enum err rc = app_person_get(req->db, req->arena, me, me->user_id, &p);
	if (rc != ERR_OK)
		return rc;
	json_t *m = person_json(req, &p);
	json_t *missing = missing_json(req, &rc);
	if (missing == NULL) {
		json_decref(m);
		return rc;
	}
	json_object_set_new(m, "has_missing", json_boolean(json_array_size(missing) > 0));
	json_object_set_new(m, "missing", missing);
	const struct app_view *v = me->active;
	json_put_s(m, "role", v && strcmp(v->role, "scheme_admin") != 0 ? v->role : "");
	/* SES-5: the person's own hours, both roles, every scheme */
	int64_t minutes = 0;
	if ((rc = app_my_minutes(req->db, me, &minutes)) != ERR_OK) {
		json_decref(m);
		return rc;
	}
	json_put_i(m, "mentoring_minutes", minutes);
	json_put_s(m, "mentoring_hours", app_hours_words(req->arena, minutes));
	if (!req->is_api) {
		const char *done = req_str(req, "done");
		json_object_set_new(m, "is_saved", json_boolean(strcmp(done, "saved") == 0));
		json_object_set_new(m, "is_photo_saved", json_boolean(strcmp(done, "photo") == 0));
		json_object_set_new(m, "is_photo_removed",
		    json_boolean(strcmp(done, "photo_removed") == 0));
	}
	return page_respond(req, resp, 200, "profile", m);
}

/* ---- the edit form ---- */

/* Is this value among the request's list (or, first time, stored csv)? */
static bool
in_list(const char *const *items, size_t n, const char *v)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(items[i], v) == 0)
			return true;
	return false;
}

/* Is v one of the items of a list separated by any of `seps`: meeting
 * formats are stored comma-separated, multiple-choice answers one per
 * line (their choices may contain commas). */
static bool
in_items(const char *list, const char *seps, const char *v)
{
	size_t vlen = strlen(v);
	for (const char *p = list; *p; ) {
		size_t len = strcspn(p, seps);
		if (len == vlen && strncmp(p, v, len) == 0)
			return true;
		p += len;
		if (*p)
			p++;
	}
	return false;
}

/* A select's options: [{value, label, selected, retired}] */
static json_t *
options_json(const struct db_option *o, size_t n, const char *current)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:b, s:b}", "label", o[i].label,
		    "is_selected", strcasecmp(o[i].label, current) == 0,
		    "is_retired", o[i].is_retired));
	return list;
}

/* The date of birth from the three boxes (app_date_from_parts): "" when
 * all are empty, else YYYY-MM-DD.  When a part is missing or it is not a
 * date, *why says which, and the text as typed goes on to app, which
 * refuses it too (the handler shows *why: it names the missing part). */
static const char *
dob_from_boxes(struct request *req, const char **why)
{
	const char *d = req_str(req, "dob_day"), *mo = req_str(req, "dob_month"),
	    *y = req_str(req, "dob_year"), *iso;
	if (app_date_from_parts(req->arena, "Date of birth", d, mo, y, &iso, why) ==
	    ERR_OK)
		return iso;
	return arena_printf(req->arena, "%s/%s/%s", d, mo, y);
}

/* What the form shows for one text input: typed (on a re-render) or stored. */
static const char *
shown(struct request *req, bool typed, const char *name, const char *stored)
{
	return typed ? req_str(req, name) : stored;
}

/* The value(s) typed for an own field on a re-render. */
static bool
typed_field_has(const struct param *prefixed, const char *name, const char *v)
{
	for (const struct param *p = prefixed; p; p = p->next)
		if (strcmp(p->name, name) == 0 && strcmp(p->value, v) == 0)
			return true;
	return false;
}

static const char *
typed_field(const struct param *prefixed, const char *name)
{
	for (const struct param *p = prefixed; p; p = p->next)
		if (strcmp(p->name, name) == 0)
			return p->value;
	return "";
}

static json_t *
own_field_json(struct request *req, const struct db_field *f, const char *stored,
    bool typed, const struct param *prefixed)
{
	const char *name = arena_printf(req->arena, "field_%lld", (long long)f->id);
	enum profile_vis vis = app_profile_vis_parse(f->visibility);
	json_t *o = json_pack("{s:s, s:s, s:s, s:b}", "name", name, "label", f->label,
	    "hint", f->hint, "is_required", f->is_required);
	json_object_set_new(o, "is_private", json_boolean(vis == VIS_PRIVATE));
	json_object_set_new(o, "is_equality", json_boolean(vis == VIS_EQUALITY));
	const char *k = f->kind;
	bool is_pick = strcmp(k, "choice") == 0 || strcmp(k, "multi") == 0;
	json_object_set_new(o, strcmp(k, "long_text") == 0 ? "is_long" :
	    strcmp(k, "choice") == 0 ? "is_choice" : strcmp(k, "multi") == 0 ?
	    "is_multi" : strcmp(k, "date") == 0 ? "is_date" : strcmp(k, "number") == 0 ?
	    "is_number" : "is_text", json_true());
	const char *value = typed ? typed_field(prefixed, name) : stored;
	json_put_s(o, "value", value);
	if (is_pick) {
		json_t *choices = json_array();
		const char *p = f->choices;
		int i = 0;
		while (*p) {
			size_t len = strcspn(p, "\n");
			size_t l = len;
			while (l > 0 && (p[l - 1] == '\r' || p[l - 1] == ' '))
				l--;
			if (l > 0) {
				const char *c = arena_strndup(req->arena, p, l);
				bool on = typed ? typed_field_has(prefixed, name, c) :
				    strcmp(k, "multi") == 0 ? in_items(stored, "\n", c) :
				    strcmp(stored, c) == 0;
				json_array_append_new(choices, json_pack("{s:s, s:s, s:b}",
				    "value", c, "id", arena_printf(req->arena, "%s-%d", name, ++i),
				    "is_checked", on));
			}
			p += len;
			if (*p)
				p++;
		}
		/* an answer held that is no longer a choice (the administrator
		 * edited the choices): shown, ticked, so saving keeps it */
		for (const char *q = stored; !typed && *q; ) {
			size_t len = strcspn(q, "\n");
			const char *held = arena_strndup(req->arena, q, len);
			if (len > 0 && !in_items(f->choices, "\n", held))
				json_array_append_new(choices, json_pack("{s:s, s:s, s:b, s:b}",
				    "value", held, "id", arena_printf(req->arena, "%s-%d", name, ++i),
				    "is_checked", true, "is_unlisted", true));
			q += len;
			if (*q)
				q++;
		}
		json_object_set_new(o, "choices", choices);
	}
	const char *e = req_error(req, name);
	if (e)
		json_put_s(o, "error", e);
	return o;
}

/* The form's text inputs: label, hint, visibility and limits, rendered
 * by partials/profile-input (one line) or profile-textarea. */
static const struct input_spec {
	const char *name, *label, *hint, *autocomplete;
	enum profile_vis vis;
	bool is_long, is_numeric;
} input_specs[] = {
	{"preferred_name", "Preferred name (optional)", "The name you like to be called, if it is not your first name.", "nickname", VIS_PUBLIC, false, false},
	{"pronouns", "Pronouns (optional)", "For example, she/her, he/him or they/them.", "off", VIS_PUBLIC, false, false},
	{"contact_email", "Contact email (optional)", "If you want to be contacted somewhere other than your account email.", "email", VIS_PRIVATE, false, false},
	{"phone", "Phone number (optional)", "", "tel", VIS_PRIVATE, false, false},
	{"job_role", "Job role or training grade", "For example, ST4 in general surgery, or consultant anaesthetist.", "organization-title", VIS_PUBLIC, false, false},
	{"organisation", "Employing organisation", "The trust or organisation that employs you.", "organization", VIS_PUBLIC, false, false},
	{"specialty", "Specialty", "Your school or specialty.", "off", VIS_PUBLIC, false, false},
	{"site", "Current site", "The hospital or site where you work now. Used for distance when matching.", "off", VIS_PUBLIC, false, false},
	{"previous_organisations", "Previous organisations (optional)", "Organisations you have worked for before.", "off", VIS_PUBLIC, true, false},
	{"country_of_origin", "Country of origin (optional)", "", "country-name", VIS_EQUALITY, false, false},
	{"gender", "Gender or gender identity (optional)", "", "off", VIS_EQUALITY, false, false},
	{"statement", "Personal statement", "", "off", VIS_PUBLIC, true, false},
	{"reasons", "Why you are seeking mentoring", "", "off", VIS_PUBLIC, true, false},
	{"support_areas", "Areas of support", "The support or advice you are looking for, in your own words.", "off", VIS_PUBLIC, true, false},
	{"availability", "Availability", "Days and times you can or cannot meet.", "off", VIS_PUBLIC, true, false},
	{"max_travel_miles", "Maximum travel distance, in miles (optional)", "How far you would travel to meet in person.", "off", VIS_PUBLIC, false, true},
	{"biography", "Biography", "About you and your career, for mentees choosing a mentor.", "off", VIS_PUBLIC, true, false},
	{"skills", "Skills and experience", "What you can help with.", "off", VIS_PUBLIC, true, false},
	{"capacity", "Capacity (optional)", "", "off", VIS_PUBLIC, false, true},
};

static void
input_obj(struct request *req, json_t *m, const char *name, const char *value)
{
	for (size_t i = 0; i < sizeof(input_specs) / sizeof(input_specs[0]); i++) {
		const struct input_spec *sp = &input_specs[i];
		if (strcmp(sp->name, name) != 0)
			continue;
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", name,
		    "label", sp->label, "hint", sp->hint, "autocomplete", sp->autocomplete,
		    "value", value ? value : "");
		json_object_set_new(o, "is_private", json_boolean(sp->vis == VIS_PRIVATE));
		json_object_set_new(o, "is_equality", json_boolean(sp->vis == VIS_EQUALITY));
		json_object_set_new(o, "is_numeric", json_boolean(sp->is_numeric));
		json_object_set_new(o, "has_hint", json_boolean(*sp->hint != '\0'));
		const char *e = req_error(req, name);
		if (e)
			json_put_s(o, "error", e);
		json_put_s(o, "describedby", arena_printf(req->arena, "%s%s%s%s%s%s",
		    *sp->hint ? name : "", *sp->hint ? "-hint " : "",
		    sp->vis == VIS_EQUALITY ? name : "", sp->vis == VIS_EQUALITY ? "-eq " : "",
		    e ? name : "", e ? "-error" : ""));
		json_object_set_new(o, sp->is_long ? "is_long" : "is_line", json_true());
		json_object_set_new(m, arena_printf(req->arena, "f_%s", name), o);
		return;
	}
}

/* A list in use: the input becomes a select of its options. */
static void
as_select(json_t *m, const char *key, json_t *options)
{
	json_t *o = json_object_get(m, key);
	json_object_del(o, "is_line");
	json_object_set_new(o, "is_select", json_true());
	json_object_set_new(o, "options", options);
}

static enum err
render_edit(struct request *req, struct response *resp, int status)
{
	struct app_profile_form f;
	enum err rc = app_profile_form_load(req->db, req->arena, req->auth, &f);
	if (rc != ERR_OK)
		return rc;
	bool typed = req->method == HTTP_POST && req->errors != NULL &&
	    strcmp(req->route->pattern, "/profile/edit") == 0;
	const struct db_profile *p = &f.profile;
	json_t *m = json_object();
	json_put_s(m, "given_name", f.user.given_name);
	json_put_s(m, "family_name", f.user.family_name);
	json_put_s(m, "scheme_name", f.scheme_name);
	json_put_s(m, "role", f.role);
	json_object_set_new(m, "is_mentee", json_boolean(strcmp(f.role, "mentee") == 0));
	json_object_set_new(m, "is_mentor", json_boolean(strcmp(f.role, "mentor") == 0));
	json_object_set_new(m, "has_other_role", json_boolean(f.has_other_role));
	json_put_s(m, "other_role", strcmp(f.role, "mentee") == 0 ? "mentor" : "mentee");
	json_object_set_new(m, "has_photo", json_boolean(*p->photo_name != '\0'));
	json_put_s(m, "photo_url", arena_printf(req->arena, "/people/%lld/photo",
	    (long long)f.user.id));
	static const char *const text_keys[] = {"preferred_name", "pronouns",
		"contact_email", "phone", "job_role", "previous_organisations",
		"country_of_origin", "gender", "organisation", "specialty", "site", NULL};
	const char *stored[] = {p->preferred_name, p->pronouns, p->contact_email,
		p->phone, p->job_role, p->previous_organisations, p->country_of_origin,
		p->gender, p->organisation, p->specialty, p->site};
	for (size_t i = 0; text_keys[i]; i++)
		input_obj(req, m, text_keys[i], shown(req, typed, text_keys[i], stored[i]));
	/* lists in use: selects */
	const char *org = shown(req, typed, "organisation", p->organisation);
	const char *spec = shown(req, typed, "specialty", p->specialty);
	const char *site = shown(req, typed, "site", p->site);
	if (f.norganisation_options)
		as_select(m, "f_organisation", options_json(f.organisation_options,
		    f.norganisation_options, org));
	if (f.nspecialty_options)
		as_select(m, "f_specialty", options_json(f.specialty_options,
		    f.nspecialty_options, spec));
	if (f.nsite_options)
		as_select(m, "f_site", options_json(f.site_options, f.nsite_options, site));
	/* date of birth boxes */
	const char *day = "", *month = "", *year = "";
	if (typed) {
		day = req_str(req, "dob_day");
		month = req_str(req, "dob_month");
		year = req_str(req, "dob_year");
	} else if (strlen(p->date_of_birth) == 10) {
		const char *d = p->date_of_birth;
		year = arena_strndup(req->arena, d, 4);
		month = arena_strndup(req->arena, d + 5 + (d[5] == '0'), d[5] == '0' ? 1 : 2);
		day = arena_strndup(req->arena, d + 8 + (d[8] == '0'), d[8] == '0' ? 1 : 2);
	}
	json_put_s(m, "dob_day", day);
	json_put_s(m, "dob_month", month);
	json_put_s(m, "dob_year", year);

	/* role part */
	if (*f.role) {
		bool is_mentee = strcmp(f.role, "mentee") == 0;
		const char *keys[] = {"statement", "reasons", "support_areas", "availability",
			"biography", "skills", NULL};
		const char *vals[] = {f.mentee.statement, f.mentee.reasons,
			f.mentee.support_areas, f.mentee.availability, f.mentor.biography,
			f.mentor.skills};
		for (size_t i = 0; keys[i]; i++)
			input_obj(req, m, keys[i], shown(req, typed, keys[i], vals[i]));
		input_obj(req, m, "max_travel_miles", shown(req, typed, "max_travel_miles",
		    f.mentee.max_travel_miles < 0 ? "" : arena_printf(req->arena, "%lld",
		    (long long)f.mentee.max_travel_miles)));
		input_obj(req, m, "capacity", shown(req, typed, "capacity",
		    f.mentor.capacity < 0 ? "" : arena_printf(req->arena, "%lld",
		    (long long)f.mentor.capacity)));
		json_object_set_new(m, "default_capacity", json_integer(f.default_capacity));
		json_t *cap = json_object_get(m, "f_capacity");
		json_put_s(cap, "hint", arena_printf(req->arena, "How many mentees you can "
		    "mentor at the same time, from 0 to %d. Leave it blank for the "
		    "scheme's default of %lld.", PROFILE_CAPACITY_MAX,
		    (long long)f.default_capacity));
		json_object_set_new(cap, "has_hint", json_true());
		json_put_s(cap, "describedby", req_error(req, "capacity") ?
		    "capacity-hint capacity-error" : "capacity-hint");
		bool avail = typed ? req_bool(req, "is_available") : f.mentor.is_available;
		json_object_set_new(m, "is_available", json_boolean(avail));
		const char *const *tf = NULL;
		size_t ntf = typed ? req_list(req, "formats", &tf) : 0;
		const char *fcsv = is_mentee ? f.mentee.formats : f.mentor.formats;
		json_t *formats = json_array();
		for (size_t i = 0; i < sizeof(format_choices) / sizeof(format_choices[0]); i++)
			json_array_append_new(formats, json_pack("{s:s, s:s, s:b}",
			    "value", format_choices[i].value, "label", format_choices[i].label,
			    "is_checked", typed ? in_list(tf, ntf, format_choices[i].value) :
			    in_items(fcsv, ",", format_choices[i].value)));
		json_object_set_new(m, "formats", formats);
		const char *const *tk = NULL;
		size_t ntk = typed ? req_list(req, "keywords", &tk) : 0;
		json_t *kws = json_array();
		for (size_t i = 0; i < f.nkeyword_options; i++) {
			const struct db_option *o = &f.keyword_options[i];
			const char *id = arena_printf(req->arena, "%lld", (long long)o->id);
			bool on = false;
			if (typed)
				on = in_list(tk, ntk, id);
			else
				for (size_t j = 0; j < f.nkeywords; j++)
					on = on || f.keywords[j].id == o->id;
			json_array_append_new(kws, json_pack("{s:s, s:s, s:b}", "value", id,
			    "label", o->label, "is_checked", on));
		}
		json_object_set_new(m, "keywords", kws);
		json_object_set_new(m, "has_keywords", json_boolean(f.nkeyword_options > 0));
		json_object_set_new(m, "guidance_intro", json_string(GUIDANCE_INTRO));
		json_object_set_new(m, "guidance", strings(guidance, 5));
		const struct param *prefixed = typed ? req_prefixed(req, "field_") : NULL;
		json_t *own = json_array();
		for (size_t i = 0; i < f.nfields; i++)
			json_array_append_new(own, own_field_json(req, &f.fields[i],
			    f.field_values[i], typed, prefixed));
		json_object_set_new(m, "fields", own);
		json_object_set_new(m, "has_fields", json_boolean(f.nfields > 0));
	}
	static const char *const errs[] = {"preferred_name", "pronouns", "contact_email",
		"phone", "job_role", "organisation", "specialty", "site",
		"previous_organisations", "country_of_origin", "gender", "date_of_birth",
		"statement", "reasons", "support_areas", "availability", "max_travel_miles",
		"biography", "skills", "capacity", "is_available", "formats", "keywords",
		"photo", NULL};
	for (size_t i = 0; errs[i]; i++) {
		const char *e = req_error(req, errs[i]);
		if (e)
			json_put_s(m, arena_printf(req->arena, "%s_error", errs[i]), e);
	}
	return page_render(req, resp, status, "profile-edit", m);
}

static enum err
handle_edit_get(struct request *req, struct response *resp)
{
	return render_edit(req, resp, 200);
}

/* For the API: was the key sent with a value (so "" clears, while an
 * absent key or null keeps: docs/api.md, "null or a missing key means
 * not given")? */
static bool
api_sent(const struct request *req, const char *name)
{
	json_t *v = req->json ? json_object_get(req->json, name) : NULL;
	return v != NULL && !json_is_null(v);
}

static const char *
api_value(struct request *req, const char *name)
{
	if (!req->is_api)
		return req_str(req, name);
	return api_sent(req, name) ? req_str(req, name) : NULL;
}

static enum err
handle_edit_post(struct request *req, struct response *resp)
{
	struct app_profile_input in = {.is_complete = !req->is_api, .is_available = -1};
	in.preferred_name = api_value(req, "preferred_name");
	in.pronouns = api_value(req, "pronouns");
	in.contact_email = api_value(req, "contact_email");
	in.phone = api_value(req, "phone");
	in.job_role = api_value(req, "job_role");
	in.organisation = api_value(req, "organisation");
	in.specialty = api_value(req, "specialty");
	in.site = api_value(req, "site");
	in.previous_organisations = api_value(req, "previous_organisations");
	in.country_of_origin = api_value(req, "country_of_origin");
	in.gender = api_value(req, "gender");
	const char *dob_why = NULL;
	in.date_of_birth = req->is_api ? api_value(req, "date_of_birth") :
	    dob_from_boxes(req, &dob_why);
	in.statement = api_value(req, "statement");
	in.reasons = api_value(req, "reasons");
	in.support_areas = api_value(req, "support_areas");
	in.availability = api_value(req, "availability");
	in.max_travel_miles = api_value(req, "max_travel_miles");
	in.biography = api_value(req, "biography");
	in.skills = api_value(req, "skills");
	in.capacity = api_value(req, "capacity");
	if (req_has(req, "is_available"))
		in.is_available = req_bool(req, "is_available");
	else if (!req->is_api && req_has(req, "has_mentor_part"))
		in.is_available = 0;
	in.has_formats = !req->is_api || api_sent(req, "formats");
	in.nformats = req_list(req, "formats", &in.formats);
	in.has_keywords = !req->is_api || api_sent(req, "keywords");
	in.nkeywords = req_list(req, "keywords", &in.keywords);
	size_t n = 0;
	for (const struct param *p = req_prefixed(req, "field_"); p; p = p->next)
		n++;
	const char **names = arena_calloc(req->arena, n + 1, sizeof(*names));
	const char **vals = arena_calloc(req->arena, n + 1, sizeof(*vals));
	n = 0;
	for (const struct param *p = req_prefixed(req, "field_"); p; p = p->next) {
		names[n] = p->name;
		vals[n++] = p->value;
	}
	in.field_names = names;
	in.field_inputs = vals;
	in.nfield_inputs = n;

	enum err rc = ERR_BAD_INPUT;
	if (req->errors == NULL) {
		struct app_problems ps = {.n = 0};
		rc = app_profile_save(req->db, req->arena, req->auth, &in, req->client_ip, &ps);
		if (rc == ERR_BAD_INPUT && dob_why != NULL)
			req_add_error(req, "date_of_birth", dob_why);
		if (rc == ERR_BAD_INPUT)
			page_add_problems(req, &ps);
		else if (rc != ERR_OK)
			return rc;
	}
	if (rc != ERR_OK) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return render_edit(req, resp, 400);
	}
	if (req->is_api)
		return handle_profile(req, resp);
	resp_redirect(resp, req, "/profile?done=saved");
	return ERR_OK;
}

/* ---- photo ---- */

static enum err
handle_photo_post(struct request *req, struct response *resp)
{
	const struct upload *u = req_file(req, "photo");
	enum err rc = ERR_BAD_INPUT;
	if (req->errors == NULL && u == NULL)
		req_add_error(req, "photo", "Select a photo");
	if (req->errors == NULL) {
		struct app_problems ps = {.n = 0};
		rc = app_profile_photo_set(req->db, req->arena, req->auth, req->config->data,
		    req->config->max_photo, u->path, u->len, req->client_ip, &ps);
		if (rc == ERR_BAD_INPUT)
			page_add_problems(req, &ps);
		else if (rc != ERR_OK)
			return rc;
	}
	if (rc != ERR_OK) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return render_edit(req, resp, 400);
	}
	if (req->is_api)
		return handle_profile(req, resp);
	resp_redirect(resp, req, "/profile?done=photo");
	return ERR_OK;
}

static enum err
handle_photo_remove(struct request *req, struct response *resp)
{
	enum err rc = app_profile_photo_remove(req->db, req->arena, req->auth,
	    req->config->data, req->client_ip);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return handle_profile(req, resp);
	resp_redirect(resp, req, "/profile?done=photo_removed");
	return ERR_OK;
}

static enum err
handle_person_photo(struct request *req, struct response *resp)
{
	const char *path, *type;
	enum err rc = app_person_photo(req->db, req->arena, req->auth, req->config->data,
	    req_int(req, "id"), &path, &type);
	if (rc != ERR_OK)
		return rc;
	const char *ext = strcmp(type, "image/png") == 0 ? "png" :
	    strcmp(type, "image/webp") == 0 ? "webp" : "jpg";
	const char *name = arena_printf(req->arena, "photo-%lld.%s",
	    (long long)req_int(req, "id"), ext);
	resp->status = 200;
	resp->content_type = type;
	resp->file_path = path;
	resp->file_name = name;
	/* private: the browser may keep it, no shared cache may */
	resp->is_cacheable = true;
	resp_header(resp, req, "Cache-Control", "private, no-cache");   /* ask each time: access can end */
	return ERR_OK;
}

/* ---- someone's profile ---- */

static enum err
handle_person(struct request *req, struct response *resp)
{
	struct app_person p;
	enum err rc = app_person_get(req->db, req->arena, req->auth, req_int(req, "id"), &p);
	if (rc != ERR_OK)
		return rc;
	json_t *m = person_json(req, &p);
	/* REQ-1: a mentee on an offered mentor's page may request them, or is
	 * told why not */
	if (p.is_offered) {
		const char *why = NULL;
		rc = app_request_check(req->db, req->arena, req->auth, p.user_id, &why);
		if (rc != ERR_OK && rc != ERR_NOT_FOUND) {
			json_decref(m);
			return rc;
		}
		json_put_b(m, "can_request", rc == ERR_OK && why == NULL);
		json_put_s(m, "request_why", why ? why : "");
		json_put_s(m, "request_url", arena_printf(req->arena, "/people/%lld/request",
		    (long long)p.user_id));
	}
	return page_respond(req, resp, 200, "person", m);
}

/* ---- routes ---- */

static const struct param_spec profile_get[] = {
	{.name = "done", .type = P_STRING, .max_len = 40},
	{0},
};

#define SHORT(n, l) {.name = n, .type = P_STRING, .max_len = 1000, .label = l}
#define LONG(n, l) {.name = n, .type = P_TEXT, .max_len = 20000, .label = l}
static const struct param_spec edit_post[] = {
	SHORT("preferred_name", "your preferred name"),
	SHORT("pronouns", "your pronouns"),
	SHORT("contact_email", "a contact email address"),
	SHORT("phone", "a phone number"),
	SHORT("job_role", "your job role or training grade"),
	SHORT("organisation", "your employing organisation"),
	SHORT("specialty", "your specialty"),
	SHORT("site", "your current site"),
	LONG("previous_organisations", "your previous organisations"),
	SHORT("country_of_origin", "your country of origin"),
	SHORT("gender", "your gender"),
	SHORT("date_of_birth", "your date of birth"),
	{.name = "dob_day", .type = P_STRING, .max_len = 10, .label = "the day"},
	{.name = "dob_month", .type = P_STRING, .max_len = 10, .label = "the month"},
	{.name = "dob_year", .type = P_STRING, .max_len = 10, .label = "the year"},
	LONG("statement", "your personal statement"),
	LONG("reasons", "why you are seeking mentoring"),
	LONG("support_areas", "the areas of support you want"),
	LONG("availability", "your availability"),
	SHORT("max_travel_miles", "the maximum travel distance"),
	LONG("biography", "your biography"),
	LONG("skills", "your skills and experience"),
	SHORT("capacity", "your capacity"),
	{.name = "is_available", .type = P_BOOL, .label = "whether you are available"},
	{.name = "has_mentor_part", .type = P_BOOL},
	{.name = "formats", .type = P_LIST, .max_len = 20, .max = 10,
	    .label = "meeting formats"},
	{.name = "keywords", .type = P_LIST, .max_len = 20, .max = 200,
	    .label = "keywords"},
	{.name = "field_", .type = P_PREFIX, .max_len = 20000, .max = 200},
	{0},
};
#undef SHORT
#undef LONG

static const struct param_spec photo_post[] = {
	{.name = "photo", .type = P_FILE, .max_len = 1024LL * 1024 * 1024,
	    .label = "a photo"},
	{0},
};

static const struct param_spec person_get[] = {
	{.name = "id", .type = P_INT, .is_required = true, .min = 1, .max = INT64_MAX},
	{0},
};

#define S ACCESS_SIGNED_IN
const struct route profile_routes[] = {
	{HTTP_GET, "/profile", handle_profile, S, profile_get, 0, 0},
	{HTTP_GET, "/profile/edit", handle_edit_get, S, NULL, 0, 0},
	{HTTP_POST, "/profile/edit", handle_edit_post, S, edit_post, ROUTE_FORM, 0},
	{HTTP_POST, "/profile/photo", handle_photo_post, S, photo_post,
	    ROUTE_FORM | ROUTE_UPLOAD, 0},
	{HTTP_POST, "/profile/photo/remove", handle_photo_remove, S, NULL, 0, 0},
	{HTTP_GET, "/people/{id:int}", handle_person, S, person_get, 0, 0},
	{HTTP_GET, "/people/{id:int}/photo", handle_person_photo, S, person_get, 0, 0},

	{HTTP_GET, "/api/v1/profile", handle_profile, S, NULL, 0, 0},
	{HTTP_PUT, "/api/v1/profile", handle_edit_post, S, edit_post, 0, 0},
	{HTTP_POST, "/api/v1/profile", handle_edit_post, S, edit_post, 0, 0},
	{HTTP_POST, "/api/v1/profile/photo", handle_photo_post, S, photo_post,
	    ROUTE_UPLOAD, 0},
	{HTTP_DELETE, "/api/v1/profile/photo", handle_photo_remove, S, NULL, 0, 0},
	{HTTP_POST, "/api/v1/profile/photo/remove", handle_photo_remove, S, NULL, 0, 0},
	{HTTP_GET, "/api/v1/people/{id:int}", handle_person, S, person_get, 0, 0},
	{HTTP_GET, "/api/v1/people/{id:int}/photo", handle_person_photo, S, person_get,
	    0, 0},
};
#undef S

const size_t profile_nroutes = sizeof(profile_routes) / sizeof(profile_routes[0]);
