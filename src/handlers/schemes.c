/*
 * schemes.c - schemes, the site overview and the scheme settings page
 * (ADM-2, ADM-9), with their /api/v1 twins:
 *
 *   /admin/schemes                        GET the list and the site
 *                                         overview; POST creates a scheme
 *                                         (site administrators)
 *   /admin/schemes/{id}/settings          GET the settings page; POST saves
 *   /admin/schemes/{id}/settings/notice/{version}   GET one kept version
 *                                         of the privacy notice
 *   /admin/schemes/{id}/settings/admins   POST names an administrator
 *   /admin/schemes/{id}/settings/admins/{user}/remove   GET asks to
 *                                         confirm; POST removes one
 *
 * Design: rows use ACCESS_SIGNED_IN and app/schemes.c decides: another
 * scheme's administrator gets 404 on every scheme page, a participant
 * 403 on the list.  Numbers are declared P_INT with app's own ranges
 * (APP_SETTING_*), so a word where a number belongs and a number out of
 * range get the same message with the right range; when some fields
 * fail there, app_scheme_settings_check still runs on the rest, so
 * every field's problem is reported at once.  On the HTML form an absent
 * checkbox means "off"; API bodies may leave any setting out to keep it.
 *
 * Trap: the administrators form posts to its own route but re-renders
 * the whole settings page, so the settings part then shows stored values.
 */
#include "handlers/handlers.h"

#include <string.h>

#include "app/date.h"
#include "app/schemes.h"
#include "core/arena.h"
#include "view/json.h"

static int64_t
scheme_id(const struct request *req)
{
	return req_int(req, "id");
}

static const char *
settings_url(struct request *req, int64_t id)
{
	return arena_printf(req->arena, "/admin/schemes/%lld/settings", (long long)id);
}

static const char *
hours_text(struct arena *a, int64_t minutes)
{
	if (minutes % 60 == 0)
		return arena_printf(a, "%lld", (long long)(minutes / 60));
	return arena_printf(a, "%lld.%lld", (long long)(minutes / 60),
	    (long long)((minutes % 60) * 10 / 60));
}

/* ---- the list and the site overview ---- */

static json_t *
overview_json(struct request *req, const struct db_scheme_overview *r, bool totals)
{
	json_t *o = json_object();
	if (!totals) {
		json_put_i(o, "id", r->s.id);
		json_put_s(o, "slug", r->s.slug);
		json_put_b(o, "is_active", r->s.is_active);
		json_put_s(o, "settings_url", settings_url(req, r->s.id));
		json_put_s(o, "reports_url", arena_printf(req->arena,
		    "/admin/schemes/%lld/reports", (long long)r->s.id));
	}
	json_put_s(o, "name", r->s.name);
	json_put_i(o, "mentors", r->mentors);
	json_put_i(o, "mentees", r->mentees);
	json_put_i(o, "administrators", r->admins);
	json_put_i(o, "pending", r->pending);
	json_put_i(o, "requests_open", r->requests_open);
	json_put_i(o, "relationships_live", r->live);
	json_put_i(o, "relationships_completed", r->completed);
	json_put_i(o, "relationships_ended_early", r->ended_early);
	json_put_i(o, "sessions_this_year", r->sessions);
	json_put_i(o, "minutes_this_year", r->minutes);
	if (!req->is_api)
		json_put_s(o, "hours_text", hours_text(req->arena, r->minutes));
	return o;
}

static const char *const new_inputs[] = {"slug", "name", "description", "admin_username",
	NULL};
static const char *const dones[] = {"created", "saved", "unchanged", "admin_added",
	"admin_removed", "admin_removed_last", NULL};

static void
done_banner(struct request *req, json_t *m)
{
	if (req->method != HTTP_GET && req->method != HTTP_HEAD)
		return;
	const char *done = req_str(req, "done");
	const char *msg = strcmp(done, "created") == 0 ? "The scheme has been created." :
	    strcmp(done, "saved") == 0 ? "The settings have been saved." :
	    strcmp(done, "unchanged") == 0 ? "Nothing was changed." :
	    strcmp(done, "admin_added") == 0 ? "The administrator has been added." :
	    strcmp(done, "admin_removed") == 0 ? "The administrator has been removed." :
	    strcmp(done, "admin_removed_last") == 0 ? "The administrator has been removed. "
	    "The scheme has no administrators now: only site administrators can run it." :
	    NULL;
	if (msg != NULL)
		json_put_s(m, "done_message", msg);
}

static enum err
list_page(struct request *req, struct response *resp, int status)
{
	struct app_schemes_overview ov;
	enum err rc = app_schemes_overview(req->db, req->arena, req->auth, &ov);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	json_t *rows = json_array();
	for (size_t i = 0; i < ov.n; i++)
		json_array_append_new(rows, overview_json(req, &ov.rows[i], false));
	json_object_set_new(m, "schemes", rows);
	json_object_set_new(m, "totals", overview_json(req, &ov.totals, true));
	json_put_i(m, "year", ov.year);
	json_put_b(m, "may_create", ov.may_create);
	if (req->is_api)
		return page_respond(req, resp, status, "admin-schemes", m);
	json_put_b(m, "has_schemes", ov.n > 0);
	json_put_b(m, "has_several", ov.n > 1);
	for (size_t i = 0; new_inputs[i] != NULL; i++)
		json_put_s(m, new_inputs[i], req->method == HTTP_POST ?
		    req_str(req, new_inputs[i]) : "");
	page_field_errors(req, m, new_inputs);
	admin_menu(req, m, "schemes", 0);
	done_banner(req, m);
	return page_respond(req, resp, status, "admin-schemes", m);
}

static enum err
handle_list(struct request *req, struct response *resp)
{
	return list_page(req, resp, 200);
}

static enum err
handle_create(struct request *req, struct response *resp)
{
	if (req->errors == NULL) {
		struct app_problems ps = {0};
		struct app_scheme_new in = {req_str(req, "slug"), req_str(req, "name"),
			req_str(req, "description"), req_str(req, "admin_username")};
		int64_t id = 0;
		enum err rc = app_scheme_create(req->db, req->arena, req->auth, &in,
		    req->client_ip, &ps, &id);
		if (rc == ERR_OK) {
			if (req->is_api) {
				resp_json(resp, req, 201, json_pack("{s:I, s:s}", "id",
				    (json_int_t)id, "settings_url", settings_url(req, id)));
				return ERR_OK;
			}
			resp_redirect(resp, req, arena_printf(req->arena, "%s?done=created",
			    settings_url(req, id)));
			return ERR_OK;
		}
		if (rc != ERR_BAD_INPUT)
			return rc;
		page_add_problems(req, &ps);
	}
	if (req->is_api)
		return page_invalid(req, resp, 422);
	return list_page(req, resp, 422);
}

/* ---- the settings page ---- */

static const char *const setting_inputs[] = {"name", "description", "privacy_notice",
	"allow_mentee_requests", "default_capacity", "session_cap", "extension_sessions",
	"min_minutes_per_month", "response_deadline_days", "time_zone", "admin_username",
	"wish_weight_1", "wish_weight_2", "wish_weight_3", "avoid_hard", "avoid_penalty",
	"stable_mode", NULL};

/* cohort matching's preferences (REQ-11): on the HTML form they count
 * only when the form carried them (matching_prefs_form), so a form
 * without them keeps the stored values */
static const char *const match_nums[] = {"wish_weight_1", "wish_weight_2",
	"wish_weight_3", "avoid_penalty", NULL};
static const char *const match_bools[] = {"avoid_hard", "stable_mode", NULL};

static const char *const bool_names[] = {"is_active", "registration_open",
	"approval_required", "allow_mentee_requests", "ranked_requests",
	"allow_system_proposals", "allow_admin_assignment", "allow_cohort_matching",
	"admin_sees_documents", NULL};

static const char *const num_names[] = {"default_capacity", "session_cap",
	"extension_sessions", "min_minutes_per_month", "response_deadline_days", NULL};

static json_t *
settings_json(const struct app_scheme_settings_page *p)
{
	const struct db_scheme_settings *st = &p->st;
	json_t *o = json_pack("{s:s, s:s, s:b, s:b, s:b, s:s, s:I, s:b, s:b, s:b, s:b, s:b, "
	    "s:I, s:I, s:I, s:I, s:I, s:s, s:b}",
	    "name", p->scheme.name, "description", p->scheme.description,
	    "is_active", p->scheme.is_active,
	    "registration_open", st->registration_open,
	    "approval_required", st->approval_required,
	    "privacy_notice", st->privacy_notice,
	    "privacy_notice_version", (json_int_t)st->privacy_notice_version,
	    "allow_mentee_requests", st->allow_mentee_requests,
	    "ranked_requests", st->ranked_requests,
	    "allow_system_proposals", st->allow_system_proposals,
	    "allow_admin_assignment", st->allow_admin_assignment,
	    "allow_cohort_matching", st->allow_cohort_matching,
	    "default_capacity", (json_int_t)st->default_capacity,
	    "session_cap", (json_int_t)st->session_cap,
	    "extension_sessions", (json_int_t)st->extension_sessions,
	    "min_minutes_per_month", (json_int_t)st->min_minutes_per_month,
	    "response_deadline_days", (json_int_t)st->response_deadline_days,
	    "time_zone", st->time_zone,
	    "admin_sees_documents", st->admin_sees_documents);
	const struct app_match_settings *mt = &p->match;
	for (int i = 0; i < APP_WISHES_MAX; i++)
		json_put_i(o, match_nums[i], mt->wish_weight[i]);
	json_put_b(o, "avoid_hard", mt->avoid_hard);
	json_put_i(o, "avoid_penalty", mt->avoid_penalty);
	json_put_b(o, "stable_mode", mt->stable_mode);
	return o;
}

static const char *
plural(struct arena *a, int64_t n, const char *one, const char *many)
{
	return arena_printf(a, "%lld %s", (long long)n, n == 1 ? one : many);
}

/* "Managed on their own pages": one line each, with its link. */
static json_t *
managed_json(struct request *req, const struct app_scheme_settings_page *p)
{
	struct arena *a = req->arena;
	const struct db_scheme_managed *g = &p->managed;
	const char *base = arena_printf(a, "/admin/schemes/%lld", (long long)p->scheme.id);
	struct { const char *key, *label, *summary, *path; } rows[] = {
		{"profile_fields", "Profile fields and who sees them",
		    plural(a, g->fields, "profile field", "profile fields"), "/fields"},
		{"keywords", "Keywords", plural(a, g->keywords, "keyword", "keywords"),
		    "/lists/keyword"},
		{"lists", "Specialties, organisations and sites",
		    plural(a, g->other_options, "entry", "entries"), "/profiles"},
		{"matching", "Matching rules and score weights",
		    "Rules and weights for the match score", "/matching"},
		{"requests", "Proposal threshold and holidays",
		    plural(a, g->holidays, "holiday", "holidays"), "/request-settings"},
		{"journey", "Journey stages", plural(a, g->stages, "stage", "stages"),
		    "/journey"},
		{"guides", "Guides", arena_printf(a, "%s, %lld published",
		    plural(a, g->guides, "guide", "guides"), (long long)g->guides_published),
		    "/guides"},
		{"evaluations", "Evaluation forms and when they are sent",
		    plural(a, g->forms_active, "active evaluation form",
		    "active evaluation forms"), "/evaluations"},
		{"escalation", "Escalation contacts for concerns",
		    g->contacts == 0 ? "None: concerns go to the site administrators" :
		    plural(a, g->contacts, "contact", "contacts"), "/concerns"},
		{"content", "Document uploads", "Largest size and file types", "/content"},
	};
	json_t *list = json_array();
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}", "key",
		    rows[i].key, "label", rows[i].label, "summary", rows[i].summary, "url",
		    arena_printf(a, "%s%s", base, rows[i].path)));
	return list;
}

static json_t *
admins_json(struct request *req, const struct app_scheme_settings_page *p)
{
	json_t *list = json_array();
	for (size_t i = 0; i < p->nadmins; i++) {
		const struct db_user *u = &p->admins[i];
		json_t *o = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)u->id,
		    "username", u->username, "name", arena_printf(req->arena, "%s %s",
		    u->given_name, u->family_name));
		if (!req->is_api && p->may_name_admins)
			json_put_s(o, "remove_url", arena_printf(req->arena,
			    "%s/admins/%lld/remove", settings_url(req, p->scheme.id),
			    (long long)u->id));
		json_array_append_new(list, o);
	}
	return list;
}

static const char *
notice_url(struct request *req, int64_t scheme, int64_t version)
{
	return arena_printf(req->arena, "%s/notice/%lld", settings_url(req, scheme),
	    (long long)version);
}

/* One kept version of the privacy notice, for lists (no text). */
static json_t *
notice_json(struct request *req, int64_t scheme, const struct db_scheme_notice *n)
{
	json_t *o = json_object();
	json_put_i(o, "version", n->version);
	json_put_i(o, "created_at", n->created_at);
	json_put_s(o, "created_on", app_time_words(req->arena, n->created_at, false));
	json_put_s(o, "created_by", n->created_by_name);
	if (!req->is_api)
		json_put_s(o, "created_by_text", n->created_by_name[0] != '\0' ?
		    n->created_by_name : "Not recorded");
	json_put_s(o, req->is_api ? "url" : "view_url", notice_url(req,
	    scheme, n->version));
	return o;
}

/* The earlier versions (every kept one but the current), and whether
 * versions from before they were kept (migration 0024) are missing. */
static void
notices_model(struct request *req, json_t *m, const struct app_scheme_settings_page *p)
{
	json_t *list = json_array();
	int64_t oldest = p->st.privacy_notice_version;
	for (size_t i = 0; i < p->nnotices; i++) {
		const struct db_scheme_notice *n = &p->notices[i];
		if (n->version < oldest)
			oldest = n->version;
		if (req->is_api || n->version != p->st.privacy_notice_version)
			json_array_append_new(list, notice_json(req, p->scheme.id, n));
	}
	if (req->is_api) {
		json_object_set_new(m, "notice_versions", list);
		return;
	}
	json_put_b(m, "has_earlier_notices", json_array_size(list) > 0);
	json_object_set_new(m, "earlier_notices", list);
	json_put_s(m, "notice_url", notice_url(req, p->scheme.id,
	    p->st.privacy_notice_version));
	if (oldest > 1)
		json_put_s(m, "notices_lost", arena_printf(req->arena, "%lld",
		    (long long)oldest));
}

/* form: "settings" when the settings form came back, "admin" when the
 * administrators form did, NULL for a plain GET or an API answer. */
static enum err
settings_page(struct request *req, struct response *resp, int status, const char *form)
{
	struct app_scheme_settings_page p;
	enum err rc = app_scheme_settings(req->db, req->arena, req->auth, scheme_id(req), &p);
	if (rc != ERR_OK)
		return rc;
	struct arena *a = req->arena;
	json_t *m = json_object();
	const char *url = settings_url(req, p.scheme.id);
	json_object_set_new(m, "scheme", json_pack("{s:I, s:s, s:s, s:b}", "id",
	    (json_int_t)p.scheme.id, "slug", p.scheme.slug, "name", p.scheme.name,
	    "is_active", p.scheme.is_active));
	json_t *hol = json_array();
	for (size_t i = 0; i < p.nholidays; i++) {
		const char *w = app_date_words(a, p.holidays[i].day);
		if (w[0] == '\0')
			w = p.holidays[i].day;
		json_array_append_new(hol, json_pack("{s:s, s:s, s:s}", "day", p.holidays[i].day,
		    "label", p.holidays[i].label, "day_text", w));
	}
	json_t *st = settings_json(&p);
	if (req->is_api) {
		json_object_set_new(st, "holidays", hol);
		json_object_set_new(m, "settings", st);
		json_object_set_new(m, "administrators", admins_json(req, &p));
		json_object_set_new(m, "managed", managed_json(req, &p));
		notices_model(req, m, &p);
		return page_respond(req, resp, status, "admin-settings", m);
	}
	/* what was typed when the settings form came back, else stored */
	bool back = form != NULL && strcmp(form, "settings") == 0;
	json_t *v = json_object();
	json_object_update(v, st);
	if (back) {
		static const char *const texts[] = {"name", "description", "privacy_notice",
			"time_zone", NULL};
		for (size_t i = 0; texts[i] != NULL; i++)
			json_put_s(v, texts[i], req_str(req, texts[i]));
		for (size_t i = 0; bool_names[i] != NULL; i++)
			json_put_b(v, bool_names[i], req_bool(req, bool_names[i]));
		for (size_t i = 0; num_names[i] != NULL; i++)
			json_put_s(v, num_names[i], req_str(req, num_names[i]));
	} else {
		for (size_t i = 0; num_names[i] != NULL; i++)
			json_put_s(v, num_names[i], arena_printf(a, "%lld", (long long)
			    json_integer_value(json_object_get(st, num_names[i]))));
	}
	if (back && req_has(req, "matching_prefs_form")) {
		for (size_t i = 0; match_nums[i] != NULL; i++)
			json_put_s(v, match_nums[i], req_str(req, match_nums[i]));
		for (size_t i = 0; match_bools[i] != NULL; i++)
			json_put_b(v, match_bools[i], req_bool(req, match_bools[i]));
	} else {
		for (size_t i = 0; match_nums[i] != NULL; i++)
			json_put_s(v, match_nums[i], arena_printf(a, "%lld", (long long)
			    json_integer_value(json_object_get(st, match_nums[i]))));
	}
	json_decref(st);
	json_object_set_new(m, "v", v);
	json_put_s(m, "privacy_notice_version", arena_printf(a, "%lld",
	    (long long)p.st.privacy_notice_version));
	notices_model(req, m, &p);
	json_object_set_new(m, "holidays", hol);
	json_put_b(m, "has_holidays", p.nholidays > 0);
	json_put_s(m, "holidays_url", arena_printf(a, "/admin/schemes/%lld/request-settings",
	    (long long)p.scheme.id));
	json_object_set_new(m, "administrators", admins_json(req, &p));
	json_put_b(m, "may_name_admins", p.may_name_admins);
	json_put_b(m, "may_remove_admins", p.may_name_admins && p.nadmins > 0);
	json_put_s(m, "admin_username", form != NULL && strcmp(form, "admin") == 0 ?
	    req_str(req, "admin_username") : "");
	json_object_set_new(m, "managed", managed_json(req, &p));
	json_put_s(m, "url", url);
	page_field_errors(req, m, setting_inputs);
	admin_menu(req, m, "", p.scheme.id);
	done_banner(req, m);
	return page_respond(req, resp, status, "admin-settings", m);
}

static enum err
handle_settings(struct request *req, struct response *resp)
{
	return settings_page(req, resp, 200, NULL);
}

static enum err
acted(struct request *req, struct response *resp, const char *done)
{
	if (req->is_api)
		return settings_page(req, resp, 200, NULL);
	resp_redirect(resp, req, arena_printf(req->arena, "%s?done=%s",
	    settings_url(req, scheme_id(req)), done));
	return ERR_OK;
}

static bool
bool_in(struct request *req, const char *name, bool stored)
{
	if (req->is_api && !req_has(req, name))
		return stored;
	return req_bool(req, name);
}

static int64_t
num_in(struct request *req, const char *name, int64_t stored)
{
	return req_has(req, name) ? req_int(req, name) : stored;
}

static const char *
text_in(struct request *req, const char *name, const char *stored)
{
	return req->is_api && !req_has(req, name) ? stored : req_str(req, name);
}

/* An empty number box: the message the route gives a word there, with
 * the field's own range. */
static void
need_number(struct request *req, const char *name)
{
	if (req_has(req, name) || req_error(req, name) != NULL)
		return;
	for (const struct param_spec *p = req->route->params; p->name != NULL; p++)
		if (strcmp(p->name, name) == 0)
			req_add_error(req, name, arena_printf(req->arena,
			    "Enter %s as a whole number from %lld to %lld", p->label,
			    (long long)p->min, (long long)p->max));
}

static enum err
handle_settings_save(struct request *req, struct response *resp)
{
	struct app_scheme_settings_page p;
	enum err rc = app_scheme_settings(req->db, req->arena, req->auth, scheme_id(req), &p);
	if (rc != ERR_OK)
		return rc;
	const struct db_scheme_settings *st = &p.st;
	/* the HTML form sends every number: an empty box is a problem */
	if (!req->is_api)
		for (size_t i = 0; num_names[i] != NULL; i++)
			need_number(req, num_names[i]);
	struct app_scheme_settings_in in = {
		.name = text_in(req, "name", p.scheme.name),
		.description = text_in(req, "description", p.scheme.description),
		.is_active = bool_in(req, "is_active", p.scheme.is_active),
		.registration_open = bool_in(req, "registration_open", st->registration_open),
		.approval_required = bool_in(req, "approval_required", st->approval_required),
		.privacy_notice = text_in(req, "privacy_notice", st->privacy_notice),
		.allow_mentee_requests = bool_in(req, "allow_mentee_requests",
		    st->allow_mentee_requests),
		.ranked_requests = bool_in(req, "ranked_requests", st->ranked_requests),
		.allow_system_proposals = bool_in(req, "allow_system_proposals",
		    st->allow_system_proposals),
		.allow_admin_assignment = bool_in(req, "allow_admin_assignment",
		    st->allow_admin_assignment),
		.allow_cohort_matching = bool_in(req, "allow_cohort_matching",
		    st->allow_cohort_matching),
		.default_capacity = num_in(req, "default_capacity", st->default_capacity),
		.session_cap = num_in(req, "session_cap", st->session_cap),
		.extension_sessions = num_in(req, "extension_sessions", st->extension_sessions),
		.min_minutes_per_month = num_in(req, "min_minutes_per_month",
		    st->min_minutes_per_month),
		.response_deadline_days = num_in(req, "response_deadline_days",
		    st->response_deadline_days),
		.time_zone = text_in(req, "time_zone", st->time_zone),
		.admin_sees_documents = bool_in(req, "admin_sees_documents",
		    st->admin_sees_documents),
	};
	/* cohort matching's preferences: the API may leave any out; the
	 * HTML form counts them only when it carried them */
	struct app_match_settings match = p.match;
	bool match_form = !req->is_api && req_has(req, "matching_prefs_form");
	if (req->is_api || match_form) {
		for (int i = 0; i < APP_WISHES_MAX; i++)
			match.wish_weight[i] = (int)num_in(req, match_nums[i],
			    match.wish_weight[i]);
		match.avoid_penalty = (int)num_in(req, "avoid_penalty", match.avoid_penalty);
		match.avoid_hard = bool_in(req, "avoid_hard", match.avoid_hard);
		match.stable_mode = bool_in(req, "stable_mode", match.stable_mode);
		in.match = &match;
	}
	if (match_form)
		for (size_t i = 0; match_nums[i] != NULL; i++)
			need_number(req, match_nums[i]);
	struct app_problems ps = {0};
	int changed = 0;
	if (req->errors == NULL) {
		rc = app_scheme_settings_save(req->db, req->arena, req->auth, scheme_id(req), &in,
		    req->client_ip, &ps, &changed);
		if (rc == ERR_OK)
			return acted(req, resp, changed > 0 ? "saved" : "unchanged");
		if (rc != ERR_BAD_INPUT)
			return rc;
	} else {
		/* some fields could not be read (they hold the stored values,
		 * which pass): the others' problems are reported too */
		(void)app_scheme_settings_check(&in, &ps);
	}
	page_add_problems(req, &ps);
	if (req->is_api)
		return page_invalid(req, resp, 422);
	return settings_page(req, resp, 422, "settings");
}

static enum err
handle_admin_add(struct request *req, struct response *resp)
{
	if (req->errors == NULL) {
		struct app_problems ps = {0};
		enum err rc = app_scheme_admin_add(req->db, req->arena, req->auth, scheme_id(req),
		    req_str(req, "admin_username"), req->client_ip, &ps);
		if (rc == ERR_OK)
			return acted(req, resp, "admin_added");
		if (rc != ERR_BAD_INPUT)
			return rc;
		page_add_problems(req, &ps);
	}
	if (req->is_api)
		return page_invalid(req, resp, 422);
	return settings_page(req, resp, 422, "admin");
}

/* F9: removing an administrator asks first, and says when it leaves
 * the scheme to the site administrators alone. */
static enum err
handle_admin_remove_confirm(struct request *req, struct response *resp)
{
	struct app_scheme_admin_removal r;
	enum err rc = app_scheme_admin_removal(req->db, req->arena, req->auth, scheme_id(req),
	    req_int(req, "user"), &r);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	json_object_set_new(m, "scheme", json_pack("{s:I, s:s}", "id",
	    (json_int_t)r.scheme.id, "name", r.scheme.name));
	json_object_set_new(m, "administrator", json_pack("{s:I, s:s, s:s}", "id",
	    (json_int_t)r.person.id, "username", r.person.username, "name",
	    arena_printf(req->arena, "%s %s", r.person.given_name, r.person.family_name)));
	json_put_i(m, "administrators_left", (int64_t)r.others);
	json_put_b(m, "leaves_none", r.others == 0);
	if (!req->is_api) {
		json_put_s(m, "url", arena_printf(req->arena, "%s#administrators",
		    settings_url(req, r.scheme.id)));
		json_put_s(m, "action", arena_printf(req->arena, "%s/admins/%lld/remove",
		    settings_url(req, r.scheme.id), (long long)r.person.id));
		admin_menu(req, m, "", r.scheme.id);
	}
	return page_respond(req, resp, 200, "admin-settings-remove", m);
}

static enum err
handle_admin_remove(struct request *req, struct response *resp)
{
	struct app_scheme_admin_removal r;
	enum err rc = app_scheme_admin_removal(req->db, req->arena, req->auth, scheme_id(req),
	    req_int(req, "user"), &r);
	/* an administrator who is no longer active is not listed, but may
	 * still be taken off: app_scheme_admin_remove decides */
	if (rc != ERR_OK && rc != ERR_NOT_FOUND)
		return rc;
	rc = app_scheme_admin_remove(req->db, req->arena, req->auth, scheme_id(req),
	    req_int(req, "user"), req->client_ip);
	if (rc != ERR_OK)
		return rc;
	return acted(req, resp, r.person.id != 0 && r.others == 0 ? "admin_removed_last" :
	    "admin_removed");
}

/* ---- one kept version of the privacy notice ---- */

/* The notice as paragraphs, one per non-blank line (as the consent
 * page shows it, handlers/register.c). */
static json_t *
paragraphs(struct request *req, const char *text)
{
	json_t *list = json_array();
	const char *p = text != NULL ? text : "";
	while (*p != '\0') {
		size_t len = strcspn(p, "\n"), start = 0, end = len;
		while (start < end && strchr(" \t\r", p[start]) != NULL)
			start++;
		while (end > start && strchr(" \t\r", p[end - 1]) != NULL)
			end--;
		if (end > start)
			json_array_append_new(list, json_string(arena_strndup(req->arena,
			    p + start, end - start)));
		p += len;
		if (*p == '\n')
			p++;
	}
	return list;
}

static enum err
handle_notice(struct request *req, struct response *resp)
{
	struct app_scheme_notice_page p;
	enum err rc = app_scheme_notice_version(req->db, req->arena, req->auth, scheme_id(req),
	    req_int(req, "version"), &p);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	json_object_set_new(m, "scheme", json_pack("{s:I, s:s}", "id",
	    (json_int_t)p.scheme.id, "name", p.scheme.name));
	json_t *n = notice_json(req, p.scheme.id, &p.notice);
	json_put_s(n, "text", p.notice.text);
	json_put_b(n, "is_current", p.notice.version == p.current_version);
	json_object_set_new(m, "notice", n);
	json_put_i(m, "current_version", p.current_version);
	if (!req->is_api) {
		json_object_set_new(m, "paragraphs", paragraphs(req, p.notice.text));
		json_put_s(m, "url", arena_printf(req->arena, "%s#privacy_notice",
		    settings_url(req, p.scheme.id)));
		admin_menu(req, m, "", p.scheme.id);
	}
	return page_respond(req, resp, 200, "admin-settings-notice", m);
}

/* ---- routes ---- */

#define A ACCESS_SIGNED_IN
#define S "/admin/schemes/{id:int}/settings"
#define API "/api/v1/admin/schemes/{id:int}/settings"
#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the scheme"}
#define DONE_PARAM {.name = "done", .type = P_CHOICE, .choices = dones, \
	.label = "what was done"}
#define FLAG(n, l) {.name = n, .type = P_BOOL, .label = l}
#define NUM(n, l, lo, hi) {.name = n, .type = P_INT, .min = lo, .max = hi, .label = l}

static const struct param_spec list_get[] = {DONE_PARAM, {0}};
static const struct param_spec create_post[] = {
	{.name = "slug", .type = P_STRING, .max_len = 64, .label = "Short name"},
	{.name = "name", .type = P_STRING, .max_len = 200, .label = "Scheme name"},
	{.name = "description", .type = P_TEXT, .max_len = 2000, .label = "Description"},
	{.name = "admin_username", .type = P_STRING, .max_len = 100,
	    .label = "Administrator's username"},
	{0},
};
static const struct param_spec settings_get[] = {ID_PARAM, DONE_PARAM, {0}};
static const struct param_spec settings_post[] = {
	ID_PARAM,
	{.name = "name", .type = P_STRING, .max_len = 200, .label = "Scheme name"},
	{.name = "description", .type = P_TEXT, .max_len = 2000, .label = "Description"},
	FLAG("is_active", "Scheme is open"),
	FLAG("registration_open", "Registration open"),
	FLAG("approval_required", "Approval required"),
	{.name = "privacy_notice", .type = P_TEXT, .max_len = 20000,
	    .label = "Privacy notice"},
	FLAG("allow_mentee_requests", "Mentee requests"),
	FLAG("ranked_requests", "Ranked requests"),
	FLAG("allow_system_proposals", "System proposals"),
	FLAG("allow_admin_assignment", "Administrator assignment"),
	FLAG("allow_cohort_matching", "Cohort matching"),
	NUM("default_capacity", "Mentees per mentor", APP_SETTING_CAPACITY_MIN,
	    APP_SETTING_CAPACITY_MAX),
	NUM("session_cap", "Session limit", APP_SETTING_SESSION_CAP_MIN,
	    APP_SETTING_SESSION_CAP_MAX),
	NUM("extension_sessions", "Extra sessions", APP_SETTING_EXTENSION_MIN,
	    APP_SETTING_EXTENSION_MAX),
	NUM("min_minutes_per_month", "Minimum commitment in minutes a month",
	    APP_SETTING_MINUTES_MIN, APP_SETTING_MINUTES_MAX),
	NUM("response_deadline_days", "Response deadline in working days",
	    APP_SETTING_DEADLINE_MIN, APP_SETTING_DEADLINE_MAX),
	{.name = "time_zone", .type = P_STRING, .max_len = 64, .label = "Time zone"},
	FLAG("admin_sees_documents", "Administrators open shared content"),
	/* 0-100 as app_match_settings_check (app/matchprefs.c) */
	NUM("wish_weight_1", "Points for a first choice", 0, 100),
	NUM("wish_weight_2", "Points for a second choice", 0, 100),
	NUM("wish_weight_3", "Points for a third choice", 0, 100),
	FLAG("avoid_hard", "\"Prefer not\" keeps a pair apart"),
	NUM("avoid_penalty", "Points taken off for \"prefer not\"", 0, 100),
	FLAG("stable_mode", "Stable matching"),
	FLAG("matching_prefs_form", "the cohort matching part of the form"),
	{0},
};
static const struct param_spec admin_post[] = {
	ID_PARAM,
	{.name = "admin_username", .type = P_STRING, .max_len = 100,
	    .label = "Username"},
	{0},
};
static const struct param_spec admin_remove_post[] = {
	ID_PARAM,
	{.name = "user", .type = P_INT, .is_required = true, .min = 1, .max = INT64_MAX,
	    .label = "the administrator"},
	{0},
};
static const struct param_spec notice_get[] = {
	ID_PARAM,
	{.name = "version", .type = P_INT, .is_required = true, .min = 1, .max = INT64_MAX,
	    .label = "the version"},
	{0},
};

const struct route schemes_routes[] = {
	{HTTP_GET, "/admin/schemes", handle_list, A, list_get, 0, 0},
	{HTTP_POST, "/admin/schemes", handle_create, A, create_post, ROUTE_FORM, 0},
	{HTTP_GET, S, handle_settings, A, settings_get, 0, 0},
	{HTTP_POST, S, handle_settings_save, A, settings_post, ROUTE_FORM, 0},
	{HTTP_POST, S "/admins", handle_admin_add, A, admin_post, ROUTE_FORM, 0},
	{HTTP_GET, S "/admins/{user:int}/remove", handle_admin_remove_confirm, A,
	    admin_remove_post, 0, 0},
	{HTTP_POST, S "/admins/{user:int}/remove", handle_admin_remove, A, admin_remove_post,
	    0, 0},
	{HTTP_GET, S "/notice/{version:int}", handle_notice, A, notice_get, 0, 0},

	{HTTP_GET, "/api/v1/admin/schemes", handle_list, A, list_get, 0, 0},
	{HTTP_POST, "/api/v1/admin/schemes", handle_create, A, create_post, 0, 0},
	{HTTP_GET, API, handle_settings, A, settings_get, 0, 0},
	/* ROUTE_FORM: the handler adds the other fields' problems (F10) */
	{HTTP_POST, API, handle_settings_save, A, settings_post, ROUTE_FORM, 0},
	{HTTP_POST, API "/admins", handle_admin_add, A, admin_post, 0, 0},
	{HTTP_GET, API "/admins/{user:int}/remove", handle_admin_remove_confirm, A,
	    admin_remove_post, 0, 0},
	{HTTP_POST, API "/admins/{user:int}/remove", handle_admin_remove, A,
	    admin_remove_post, 0, 0},
	{HTTP_GET, API "/notice/{version:int}", handle_notice, A, notice_get, 0, 0},
};
const size_t schemes_nroutes = sizeof(schemes_routes) / sizeof(schemes_routes[0]);
