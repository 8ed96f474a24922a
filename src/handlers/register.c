/*
 * register.c - registration, consent, the forgotten-password link and
 * the settings page (ACC-1, ACC-2, ACC-3, ACC-6, ACC-8), each page with
 * its /api/v1 twin.
 *
 * Design:
 * - Every rule lives in app/account.c.  The declared parameters here are
 *   deliberately loose (nothing required, lengths above the app's limits)
 *   so that the app's rules speak, with every problem of the form at
 *   once; the central check only stops what is not text at all.  Problems
 *   come back per field and are keyed by the parameter that was sent
 *   ("roles" becomes as_mentee, "consent" accepts_notice), so the error
 *   summary's links land on the right control and API clients can map
 *   them too.  API field errors are 422 "invalid", as for the central
 *   check.
 * - Registration is two steps only when there is a choice: with several
 *   schemes the person picks one first (GET /register?scheme_id=N), so
 *   the page shows exactly one privacy notice, in full, and the hidden
 *   notice_version is the version that was read.  With one scheme the
 *   form comes at once.  No JavaScript either way.
 * - Successful forms redirect (303) to a page that says what happens
 *   next, so a reload never posts twice.  Withdrawing consent ends every
 *   session of the person (app), so its page is public.
 * - Settings: the registry of kinds of email is a run-time table, and
 *   declared parameters are static, so each kind has its own small form
 *   (kind, enabled, frequency) and the page lists one per kind.
 *
 * Traps: passwords are P_TEXT (spaces are part of them) and never go
 * back into a page.  The reset token is in the path; the app checks it,
 * so a malformed one is the friendly "expired" page (410), not a 400.
 * The public API POSTs (register, forgotten password, reset) are
 * ROUTE_NO_CSRF like /api/v1/sign-in: a mobile app has no CSRF cookie,
 * and they act with no one's credentials, so a forged request can do
 * nothing a direct one cannot.
 */
#include "handlers/handlers.h"

#include <stdint.h>
#include <string.h>

#include "app/account.h"
#include "app/schemes.h"
#include "core/arena.h"
#include "core/config.h"

#define NO_SCHEME_MESSAGE "Select the mentoring scheme you want to join"
#define FORGOT_ANSWER "If the username and email address match an account, we " \
	"have sent an email to that address with a link to choose a new password. " \
	"The link is valid for one hour and works once."
#define GONE_MESSAGE "This link has expired or has already been used. Ask " \
	"for a new one."

/* ---- shared helpers ---- */

/* The privacy notice as paragraphs: one per non-blank line. */
static json_t *
paragraphs(struct request *req, const char *text)
{
	json_t *list = json_array();
	const char *p = text ? text : "";
	while (*p) {
		size_t len = strcspn(p, "\n");
		size_t start = 0, end = len;
		while (start < end && (p[start] == ' ' || p[start] == '\t' ||
		    p[start] == '\r'))
			start++;
		while (end > start && (p[end - 1] == ' ' || p[end - 1] == '\t' ||
		    p[end - 1] == '\r'))
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

/* An error of ours that is not about fields, as JSON. */
static enum err
api_error(struct request *req, struct response *resp, int status, const char *code,
    const char *message)
{
	resp_json(resp, req, status, json_pack("{s:{s:s, s:s, s:{}}}", "error",
	    "code", code, "message", message, "fields"));
	return ERR_OK;
}

/* The app's problems as field errors, under the parameter's name. */
static void
add_problems(struct request *req, const struct app_problems *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		const char *field = ps->p[i].field;
		if (strcmp(field, "roles") == 0)
			field = "as_mentee";
		else if (strcmp(field, "consent") == 0)
			field = "accepts_notice";
		if (req_error(req, field) == NULL)
			req_add_error(req, field, ps->p[i].message);
	}
}

/* ---- registration (ACC-1, ACC-2, ACC-3) ---- */

static const char *const register_fields[] = {
	"scheme_id", "given_name", "family_name", "email", "username", "password",
	"as_mentee", "as_mentor", "accepts_notice", "notice_version", NULL,
};

/* Step one: choose a scheme (or none is open). */
static enum err
render_chooser(struct request *req, struct response *resp, int status,
    const struct db_scheme *schemes, size_t n, int64_t chosen)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:b}",
		    "id", (json_int_t)schemes[i].id, "name", schemes[i].name,
		    "description", schemes[i].description,
		    "radio_id", i == 0 ? "scheme_id" :
		    arena_printf(req->arena, "scheme_id-%zu", i),
		    "is_checked", schemes[i].id == chosen));
	json_t *m = json_pack("{s:b, s:b, s:o}", "is_chooser", 1,
	    "has_schemes", n > 0, "schemes", list);
	page_field_errors(req, m, register_fields);
	return page_render(req, resp, status, "register", m);
}

/* Step two: the form for one scheme, with its notice in full.  Typed
 * values come back from the request (never the password). */
static enum err
render_form(struct request *req, struct response *resp, int status,
    const struct db_scheme *scheme, const char *notice, int64_t version,
    size_t nschemes)
{
	bool is_post = req->method == HTTP_POST;
	json_t *m = json_pack("{s:b, s:I, s:s, s:s, s:I, s:o, s:b}",
	    "is_form", 1, "scheme_id", (json_int_t)scheme->id,
	    "scheme_name", scheme->name, "scheme_description", scheme->description,
	    "notice_version", (json_int_t)version, "notice", paragraphs(req, notice),
	    "can_change_scheme", nschemes > 1);
	if (is_post) {
		json_object_set_new(m, "username", json_string(req_str(req, "username")));
		json_object_set_new(m, "email", json_string(req_str(req, "email")));
		json_object_set_new(m, "given_name", json_string(req_str(req, "given_name")));
		json_object_set_new(m, "family_name",
		    json_string(req_str(req, "family_name")));
		json_object_set_new(m, "as_mentee", json_boolean(req_bool(req, "as_mentee")));
		json_object_set_new(m, "as_mentor", json_boolean(req_bool(req, "as_mentor")));
		/* a box whose answer was refused is shown unticked */
		json_object_set_new(m, "accepts_notice", json_boolean(
		    req_bool(req, "accepts_notice") &&
		    req_error(req, "accepts_notice") == NULL));
	}
	/* ADM-2: say what happens after registering in this scheme */
	bool open = true, approval = true;
	if (app_scheme_joining(req->db, req->arena, scheme->id, &open, &approval) != ERR_OK)
		approval = true;
	json_object_set_new(m, "approval_required", json_boolean(approval));
	page_field_errors(req, m, register_fields);
	return page_render(req, resp, status, "register", m);
}

/* The active scheme `id` among `schemes`, or NULL. */
static const struct db_scheme *
find_scheme(const struct db_scheme *schemes, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (schemes[i].id == id)
			return &schemes[i];
	return NULL;
}

/* The form for `scheme_id`, or the chooser when it is not open. */
static enum err
render_register(struct request *req, struct response *resp, int status,
    int64_t scheme_id)
{
	struct db_scheme *schemes;
	size_t n;
	const char *notice;
	int64_t version;
	/* ADM-2: only schemes taking registrations are offered */
	enum err rc = app_schemes_registering(req->db, req->arena, &schemes, &n);
	if (rc != ERR_OK)
		return rc;
	if (scheme_id == 0 && n == 1 && req->method != HTTP_POST)
		scheme_id = schemes[0].id;
	if (scheme_id == 0)
		return render_chooser(req, resp, status, schemes, n, 0);
	const struct db_scheme *s = find_scheme(schemes, n, scheme_id);
	rc = s ? app_scheme_notice(req->db, req->arena, s->id, &notice, &version) :
	    ERR_NOT_FOUND;
	if (rc == ERR_NOT_FOUND) {
		if (req_error(req, "scheme_id") == NULL)
			req_add_error(req, "scheme_id", NO_SCHEME_MESSAGE);
		return render_chooser(req, resp, status == 200 ? 404 : status, schemes,
		    n, 0);
	}
	if (rc != ERR_OK)
		return rc;
	return render_form(req, resp, status, s, notice, version, n);
}

static enum err
handle_register_get(struct request *req, struct response *resp)
{
	if (req->auth != NULL) {
		resp_redirect(resp, req, "/");
		return ERR_OK;
	}
	return render_register(req, resp, 200, req_int(req, "scheme_id"));
}

/* API: the schemes open for registration, each with its notice. */
static enum err
handle_register_api_get(struct request *req, struct response *resp)
{
	struct db_scheme *schemes;
	size_t n;
	/* ADM-2: only schemes taking registrations are offered */
	enum err rc = app_schemes_registering(req->db, req->arena, &schemes, &n);
	if (rc != ERR_OK)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const char *notice;
		int64_t version;
		rc = app_scheme_notice(req->db, req->arena, schemes[i].id, &notice,
		    &version);
		if (rc == ERR_NOT_FOUND)
			continue;
		if (rc != ERR_OK) {
			json_decref(list);
			return rc;
		}
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:I}",
		    "id", (json_int_t)schemes[i].id, "name", schemes[i].name,
		    "description", schemes[i].description, "privacy_notice", notice,
		    "notice_version", (json_int_t)version));
	}
	resp_json(resp, req, 200, json_pack("{s:o}", "schemes", list));
	return ERR_OK;
}

static enum err
handle_register_post(struct request *req, struct response *resp)
{
	struct app_registration r = {
		.username = req_str(req, "username"),
		.email = req_str(req, "email"),
		.given_name = req_str(req, "given_name"),
		.family_name = req_str(req, "family_name"),
		.password = req_str(req, "password"),
		.scheme_id = req_int(req, "scheme_id"),
		.as_mentee = req_bool(req, "as_mentee"),
		.as_mentor = req_bool(req, "as_mentor"),
		.accepts_notice = req_bool(req, "accepts_notice"),
		.notice_version = req_int(req, "notice_version"),
		.ip = req->client_ip,
	};
	struct app_problems ps = {.n = 0};
	int64_t id = 0;
	enum err rc = ERR_BAD_INPUT;

	/* what is not text at all never reaches the rules */
	if (req->errors == NULL) {
		rc = app_register(req->db, req->arena, &r, &ps, &id);
		if (rc == ERR_BAD_INPUT)
			add_problems(req, &ps);
		else if (rc != ERR_OK)
			return rc;
	}
	if (rc == ERR_OK) {
		/* ADM-2: a scheme that needs no approval made the account active */
		bool open = true, approval = true;
		if ((rc = app_scheme_joining(req->db, req->arena, r.scheme_id, &open,
		    &approval)) != ERR_OK)
			return rc;
		if (req->is_api) {
			resp_json(resp, req, 201, json_pack("{s:I, s:s, s:s, s:s}",
			    "id", (json_int_t)id, "username", r.username,
			    "status", approval ? "pending" : "active",
			    "message", approval ? "Registration received. A scheme administrator "
			    "will check it, and we will email you when you can sign in." :
			    "Registration received. You can sign in now."));
			return ERR_OK;
		}
		resp_redirect(resp, req, approval ? "/register/received" :
		    "/register/received?ready=1");
		return ERR_OK;
	}
	if (req->is_api)
		return page_invalid(req, resp, 422);
	return render_register(req, resp, 400, r.scheme_id);
}

static enum err
handle_register_received(struct request *req, struct response *resp)
{
	return page_render(req, resp, 200, "register", json_pack("{s:b, s:b}",
	    "is_received", 1, "is_ready", req_bool(req, "ready")));
}

/* ---- consent (ACC-2) ---- */

/* The name of one of the person's schemes, for the page. */
static const char *
scheme_name_of(const struct app_auth *me, int64_t scheme_id)
{
	for (size_t i = 0; i < me->nviews; i++)
		if (me->views[i].scheme_id == scheme_id)
			return me->views[i].scheme_name;
	return "your mentoring scheme";
}

static enum err
render_consent(struct request *req, struct response *resp, int status)
{
	const struct app_auth *me = req->auth;
	const char *notice;
	int64_t version;
	if (me->consent_scheme == 0) {
		if (req->is_api) {
			resp_json(resp, req, 200, json_pack("{s:b}", "consent_required", 0));
			return ERR_OK;
		}
		return page_render(req, resp, status, "consent", json_pack("{s:b}",
		    "is_nothing", 1));
	}
	enum err rc = app_scheme_notice(req->db, req->arena, me->consent_scheme,
	    &notice, &version);
	if (rc != ERR_OK)
		return rc;
	const char *scheme = scheme_name_of(me, me->consent_scheme);
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:b, s:I, s:s, s:s, s:I}",
		    "consent_required", 1, "scheme_id", (json_int_t)me->consent_scheme,
		    "scheme", scheme, "privacy_notice", notice,
		    "notice_version", (json_int_t)version));
		return ERR_OK;
	}
	json_t *m = json_pack("{s:b, s:s, s:I, s:o, s:b}", "is_required", 1,
	    "scheme_name", scheme, "notice_version", (json_int_t)version,
	    "notice", paragraphs(req, notice), "can_withdraw", 1);
	static const char *const fields[] = {"notice_version", "confirm", NULL};
	page_field_errors(req, m, fields);
	return page_render(req, resp, status, "consent", m);
}

static enum err
handle_consent_get(struct request *req, struct response *resp)
{
	return render_consent(req, resp, 200);
}

static enum err
handle_consent_post(struct request *req, struct response *resp)
{
	struct app_auth *me = req->auth;
	if (me->consent_scheme == 0) {
		/* already accepted (another tab, or a second click) */
		if (req->is_api) {
			resp_json(resp, req, 200, session_me_json(me));
			return ERR_OK;
		}
		resp_redirect(resp, req, "/");
		return ERR_OK;
	}
	enum err rc = ERR_BAD_INPUT;
	if (req->errors == NULL) {
		rc = app_consent_accept(req->db, me, me->consent_scheme,
		    req_int(req, "notice_version"), req->client_ip);
		if (rc == ERR_CONFLICT)
			req_add_error(req, "notice_version", "The privacy notice changed "
			    "while you were reading it. Read it again and accept it");
		else if (rc != ERR_OK)
			return rc;
	}
	if (rc != ERR_OK) {
		int status = rc == ERR_CONFLICT ? 409 : req->is_api ? 422 : 400;
		if (req->is_api)
			return page_invalid(req, resp, status);
		return render_consent(req, resp, status);
	}
	if (req->is_api) {
		resp_json(resp, req, 200, session_me_json(me));
		return ERR_OK;
	}
	resp_redirect(resp, req, "/");
	return ERR_OK;
}

static enum err
handle_consent_withdrawn(struct request *req, struct response *resp)
{
	return page_render(req, resp, 200, "consent", json_pack("{s:b}",
	    "is_withdrawn", 1));
}

/* ---- the forgotten password (ACC-6) ---- */

static enum err
render_forgot(struct request *req, struct response *resp, int status)
{
	json_t *m = json_pack("{s:s, s:s}", "username", "", "email", "");
	if (req->method == HTTP_POST) {
		json_object_set_new(m, "username", json_string(req_str(req, "username")));
		json_object_set_new(m, "email", json_string(req_str(req, "email")));
	}
	static const char *const fields[] = {"username", "email", NULL};
	page_field_errors(req, m, fields);
	return page_render(req, resp, status, "password-forgot", m);
}

static enum err
handle_forgot_get(struct request *req, struct response *resp)
{
	if (req_bool(req, "sent"))
		return page_render(req, resp, 200, "password-forgot", json_pack("{s:b, s:s}",
		    "is_sent", 1, "message", FORGOT_ANSWER));
	return render_forgot(req, resp, 200);
}

static enum err
handle_forgot_post(struct request *req, struct response *resp)
{
	if (req->errors != NULL) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return render_forgot(req, resp, 400);
	}
	enum err rc = app_reset_request(req->db, req_str(req, "username"),
	    req_str(req, "email"), page_link_base(req), req->client_ip);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		/* the same answer whether or not anything matched */
		resp_json(resp, req, 202, json_pack("{s:s}", "message", FORGOT_ANSWER));
		return ERR_OK;
	}
	resp_redirect(resp, req, "/password/forgot?sent=1");
	return ERR_OK;
}

/* The link is unknown, used or expired. */
static enum err
reset_gone(struct request *req, struct response *resp)
{
	if (req->is_api)
		return api_error(req, resp, 410, "gone", GONE_MESSAGE);
	return page_render(req, resp, 410, "password-reset", json_pack("{s:b}",
	    "is_gone", 1));
}

static enum err
render_reset(struct request *req, struct response *resp, int status)
{
	json_t *m = json_pack("{s:b, s:s}", "is_form", 1, "token",
	    req_str(req, "token"));
	static const char *const fields[] = {"password", "confirm_password", NULL};
	page_field_errors(req, m, fields);
	return page_render(req, resp, status, "password-reset", m);
}

static enum err
handle_reset_get(struct request *req, struct response *resp)
{
	enum err rc = app_reset_check(req->db, req_str(req, "token"));
	if (rc == ERR_NOT_FOUND)
		return reset_gone(req, resp);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:b}", "is_valid", 1));
		return ERR_OK;
	}
	return render_reset(req, resp, 200);
}

static enum err
handle_reset_post(struct request *req, struct response *resp)
{
	const char *token = req_str(req, "token");
	const char *password = req_str(req, "password");
	enum err rc = app_reset_check(req->db, token);
	if (rc == ERR_NOT_FOUND)
		return reset_gone(req, resp);
	if (rc != ERR_OK)
		return rc;
	if (req_error(req, "password") == NULL &&
	    req_error(req, "confirm_password") == NULL &&
	    strcmp(password, req_str(req, "confirm_password")) != 0)
		req_add_error(req, "confirm_password", "The passwords do not match");
	if (req->errors == NULL) {
		struct app_problems ps = {.n = 0};
		rc = app_reset_complete(req->db, req->arena, token, password,
		    req->client_ip, &ps);
		if (rc == ERR_NOT_FOUND)
			return reset_gone(req, resp);
		if (rc == ERR_BAD_INPUT)
			add_problems(req, &ps);
		else if (rc != ERR_OK)
			return rc;
	}
	if (req->errors != NULL) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return render_reset(req, resp, 400);
	}
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:b}", "password_changed", 1));
		return ERR_OK;
	}
	resp_redirect(resp, req, "/sign-in?reset=1");
	return ERR_OK;
}

/* ---- settings: notifications (ACC-8) and withdrawing consent ---- */

static const char *const on_off[] = {"on", "off", NULL};
static const char *const frequencies[] = {"immediate", "daily", NULL};

/* The index of a kind in the registry, or -1. */
static int
kind_index(const char *kind)
{
	for (size_t i = 0; i < app_notice_nkinds; i++)
		if (strcmp(app_notice_kinds[i].kind, kind) == 0)
			return (int)i;
	return -1;
}

static json_t *
prefs_json(const struct app_pref *p, size_t n)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:b, s:b, s:s}",
		    "kind", p[i].kind->kind, "label", p[i].kind->label,
		    "description", p[i].kind->description,
		    "is_required", p[i].kind->is_required, "is_enabled", p[i].is_enabled,
		    "frequency", p[i].is_daily ? "daily" : "immediate"));
	return list;
}

/*
 * The view whose scheme consent is withdrawn from: the scheme whose
 * notice is waiting (the consent page offers withdrawing instead of
 * accepting), else the active view, else any view, as a mentee or
 * mentor.  Administrators accepted no notice, so not theirs.  NULL when
 * there is none.
 */
static const struct app_view *
withdraw_view(const struct app_auth *me)
{
	const struct app_view *found = NULL;
	for (size_t i = 0; i < me->nviews; i++) {
		const struct app_view *v = &me->views[i];
		if (v->role == NULL || (strcmp(v->role, "mentee") != 0 &&
		    strcmp(v->role, "mentor") != 0))
			continue;
		if (me->consent_scheme ? v->scheme_id == me->consent_scheme :
		    v == me->active)
			return v;
		if (found == NULL && me->consent_scheme == 0)
			found = v;
	}
	return found;
}

/*
 * The settings page.  On a refused notification form, `failed` is the
 * kind it was for: its errors are shown beside its controls, and the
 * error summary links to them by their ids (enabled-N, frequency-N).
 */
static enum err
render_settings(struct request *req, struct response *resp, int status, int failed)
{
	const struct app_auth *me = req->auth;
	struct app_pref *p;
	size_t n;
	enum err rc = app_prefs_get(req->db, req->arena, me->user_id, &p, &n);
	if (rc != ERR_OK)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		bool is_failed = failed >= 0 && p[i].kind == &app_notice_kinds[failed];
		bool is_enabled = p[i].is_enabled, is_daily = p[i].is_daily;
		if (is_failed && req_has(req, "enabled") && !req_error(req, "enabled"))
			is_enabled = strcmp(req_str(req, "enabled"), "on") == 0;
		if (is_failed && req_has(req, "frequency") && !req_error(req, "frequency"))
			is_daily = strcmp(req_str(req, "frequency"), "daily") == 0;
		json_t *k = json_pack("{s:s, s:s, s:s, s:b, s:b, s:b, s:s, s:s, s:s}",
		    "kind", p[i].kind->kind, "label", p[i].kind->label,
		    "description", p[i].kind->description,
		    "is_required", p[i].kind->is_required,
		    "is_enabled", is_enabled, "is_daily", is_daily,
		    "id", arena_printf(req->arena, "kind-%zu", i),
		    "enabled_id", arena_printf(req->arena, "enabled-%zu", i),
		    "frequency_id", arena_printf(req->arena, "frequency-%zu", i));
		if (is_failed) {
			const char *e;
			if ((e = req_error(req, "enabled")) != NULL)
				json_object_set_new(k, "enabled_error", json_string(e));
			if ((e = req_error(req, "frequency")) != NULL)
				json_object_set_new(k, "frequency_error", json_string(e));
		}
		json_array_append_new(list, k);
	}
	json_t *m = json_pack("{s:o}", "kinds", list);

	/* the error summary, with links to the controls of this page */
	json_t *errors = json_array();
	for (const struct field_error *e = req->errors; e; e = e->next) {
		const char *anchor = "notifications";
		if (strcmp(e->field, "confirm") == 0)
			anchor = "confirm";
		else if (failed >= 0 && (strcmp(e->field, "enabled") == 0 ||
		    strcmp(e->field, "frequency") == 0))
			anchor = arena_printf(req->arena, "%s-%d", e->field, failed);
		json_array_append_new(errors, json_pack("{s:s, s:s}", "field", anchor,
		    "message", e->message));
	}
	if (json_array_size(errors)) {
		json_object_set_new(m, "errors", errors);
		json_object_set_new(m, "has_errors", json_true());
	} else {
		json_decref(errors);
	}
	const char *e = req_error(req, "confirm");
	if (e != NULL)
		json_object_set_new(m, "confirm_error", json_string(e));
	const struct app_view *wv = withdraw_view(me);
	if (wv != NULL)
		json_object_set_new(m, "withdraw", json_pack("{s:s}", "scheme",
		    wv->scheme_name));
	if (req->method == HTTP_GET) {
		int saved = kind_index(req_str(req, "saved"));
		if (saved >= 0)
			json_object_set_new(m, "saved", json_string(
			    app_notice_kinds[saved].label));
	}
	return page_render(req, resp, status, "settings", m);
}

static enum err
handle_settings_get(struct request *req, struct response *resp)
{
	return render_settings(req, resp, 200, -1);
}

static enum err
handle_prefs_api_get(struct request *req, struct response *resp)
{
	const struct app_auth *me = req->auth;
	struct app_pref *p;
	size_t n;
	enum err rc = app_prefs_get(req->db, req->arena, me->user_id, &p, &n);
	if (rc != ERR_OK)
		return rc;
	resp_json(resp, req, 200, json_pack("{s:o}", "notifications", prefs_json(p, n)));
	return ERR_OK;
}

static enum err
handle_prefs_post(struct request *req, struct response *resp)
{
	const char *kind = req_str(req, "kind");
	int k = kind_index(kind);
	if (k < 0 && req_error(req, "kind") == NULL)
		req_add_error(req, "kind", "Select a kind of email from the list");
	if (req->errors == NULL) {
		const struct app_notice_kind *nk = &app_notice_kinds[k];
		enum err rc = app_pref_set(req->db, req->auth, kind,
		    strcmp(req_str(req, "enabled"), "on") == 0,
		    strcmp(req_str(req, "frequency"), "daily") == 0);
		if (rc == ERR_BAD_INPUT)
			req_add_error(req, "enabled", arena_printf(req->arena,
			    "\"%s\" cannot be turned off or held for the daily summary: "
			    "it is about your account and its security", nk->label));
		else if (rc != ERR_OK)
			return rc;
	}
	if (req->errors != NULL) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return render_settings(req, resp, 400, k);
	}
	if (req->is_api)
		return handle_prefs_api_get(req, resp);
	resp_redirect(resp, req, arena_printf(req->arena, "/settings?saved=%s", kind));
	return ERR_OK;
}

/*
 * Withdraw consent (ACC-2) from the scheme of withdraw_view.  The
 * account closes and every session ends, so the cookie goes too.
 */
static enum err
handle_withdraw(struct request *req, struct response *resp)
{
	const struct app_auth *me = req->auth;
	const struct app_view *wv = withdraw_view(me);
	if (wv == NULL)
		return ERR_NOT_FOUND;   /* no consent given: nothing to withdraw */
	int64_t scheme_id = wv->scheme_id;
	if (!req_bool(req, "confirm") && req_error(req, "confirm") == NULL)
		req_add_error(req, "confirm", "Select the box to confirm that you "
		    "understand your account will be closed");
	if (req->errors != NULL) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		if (me->consent_scheme)
			return render_consent(req, resp, 400);
		return render_settings(req, resp, 400, -1);
	}
	enum err rc = app_consent_withdraw(req->db, me, scheme_id, req->client_ip);
	if (rc != ERR_OK)
		return rc;
	resp_cookie(resp, req, auth_cookie_name(req), "", 0);
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:b, s:b}", "withdrawn", 1,
		    "signed_out", 1));
		return ERR_OK;
	}
	resp_redirect(resp, req, "/consent/withdrawn");
	return ERR_OK;
}

/* ---- routes ---- */

static const struct param_spec register_get[] = {
	{.name = "scheme_id", .type = P_INT, .min = 1, .max = INT64_MAX,
	    .label = "the mentoring scheme"},
	{0},
};

/* Loose on purpose: the app's rules give the messages (see the top). */
static const struct param_spec register_post[] = {
	{.name = "username", .type = P_STRING, .max_len = 200, .label = "a username"},
	{.name = "email", .type = P_STRING, .max_len = 320,
	    .label = "your email address"},
	{.name = "given_name", .type = P_STRING, .max_len = 200,
	    .label = "your first name"},
	{.name = "family_name", .type = P_STRING, .max_len = 200,
	    .label = "your last name"},
	{.name = "password", .type = P_TEXT, .max_len = 1024, .label = "a password"},
	{.name = "scheme_id", .type = P_INT, .min = 1, .max = INT64_MAX,
	    .label = "the mentoring scheme"},
	{.name = "as_mentee", .type = P_BOOL, .label = "Mentee"},
	{.name = "as_mentor", .type = P_BOOL, .label = "Mentor"},
	{.name = "accepts_notice", .type = P_BOOL,
	    .label = "Accepting the privacy notice"},
	{.name = "notice_version", .type = P_INT, .min = 0, .max = INT64_MAX,
	    .label = "the privacy notice version"},
	{0},
};

static const struct param_spec received_get[] = {
	{.name = "ready", .type = P_BOOL},
	{0},
};

static const struct param_spec consent_post[] = {
	{.name = "notice_version", .type = P_INT, .is_required = true, .min = 0,
	    .max = INT64_MAX, .label = "the privacy notice version"},
	{0},
};

static const struct param_spec withdraw_post[] = {
	{.name = "confirm", .type = P_BOOL,
	    .label = "Confirming that your account will be closed"},
	{0},
};

static const struct param_spec forgot_get[] = {
	{.name = "sent", .type = P_BOOL},
	{0},
};

static const struct param_spec forgot_post[] = {
	{.name = "username", .type = P_STRING, .is_required = true, .max_len = 200,
	    .label = "your username"},
	{.name = "email", .type = P_STRING, .is_required = true, .max_len = 320,
	    .label = "the email address on your account"},
	{0},
};

/* a link token is 43 characters; longer ones are the app's to refuse */
static const struct param_spec reset_get[] = {
	{.name = "token", .type = P_STRING, .is_required = true, .max_len = 200},
	{0},
};

static const struct param_spec reset_post[] = {
	{.name = "token", .type = P_STRING, .is_required = true, .max_len = 200},
	{.name = "password", .type = P_TEXT, .is_required = true, .max_len = 1024,
	    .label = "a new password"},
	{.name = "confirm_password", .type = P_TEXT, .is_required = true,
	    .max_len = 1024, .label = "your new password again"},
	{0},
};

static const struct param_spec settings_get[] = {
	{.name = "saved", .type = P_STRING, .max_len = 64},
	{0},
};

static const struct param_spec prefs_post[] = {
	{.name = "kind", .type = P_STRING, .is_required = true, .max_len = 64,
	    .label = "a kind of email"},
	{.name = "enabled", .type = P_CHOICE, .is_required = true, .choices = on_off,
	    .label = "on or off"},
	{.name = "frequency", .type = P_CHOICE, .is_required = true,
	    .choices = frequencies, .label = "immediately or a daily summary"},
	{0},
};

const struct route register_routes[] = {
	{HTTP_GET, "/register", handle_register_get, ACCESS_PUBLIC, register_get, 0, 0},
	{HTTP_POST, "/register", handle_register_post, ACCESS_PUBLIC, register_post,
	    ROUTE_FORM, 0},
	{HTTP_GET, "/register/received", handle_register_received, ACCESS_PUBLIC,
	    received_get, 0, 0},
	{HTTP_GET, "/consent", handle_consent_get, ACCESS_SIGNED_IN, NULL,
	    ROUTE_NO_GATE, 0},
	{HTTP_POST, "/consent", handle_consent_post, ACCESS_SIGNED_IN, consent_post,
	    ROUTE_FORM | ROUTE_NO_GATE, 0},
	{HTTP_GET, "/consent/withdrawn", handle_consent_withdrawn, ACCESS_PUBLIC,
	    NULL, ROUTE_NO_GATE, 0},
	{HTTP_GET, "/password/forgot", handle_forgot_get, ACCESS_PUBLIC, forgot_get,
	    ROUTE_NO_GATE, 0},
	{HTTP_POST, "/password/forgot", handle_forgot_post, ACCESS_PUBLIC, forgot_post,
	    ROUTE_FORM | ROUTE_NO_GATE, 0},
	{HTTP_GET, "/password/reset/{token}", handle_reset_get, ACCESS_PUBLIC, reset_get,
	    ROUTE_NO_GATE | ROUTE_SECRET_PATH, 0},
	{HTTP_POST, "/password/reset/{token}", handle_reset_post, ACCESS_PUBLIC,
	    reset_post, ROUTE_FORM | ROUTE_NO_GATE | ROUTE_SECRET_PATH, 0},
	{HTTP_GET, "/settings", handle_settings_get, ACCESS_SIGNED_IN, settings_get, 0, 0},
	{HTTP_POST, "/settings", handle_prefs_post, ACCESS_SIGNED_IN, prefs_post,
	    ROUTE_FORM, 0},
	{HTTP_POST, "/settings/withdraw-consent", handle_withdraw, ACCESS_SIGNED_IN,
	    withdraw_post, ROUTE_FORM | ROUTE_NO_GATE, 0},

	{HTTP_GET, "/api/v1/register", handle_register_api_get, ACCESS_PUBLIC, NULL,
	    0, 0},
	{HTTP_POST, "/api/v1/register", handle_register_post, ACCESS_PUBLIC,
	    register_post, ROUTE_NO_CSRF, 0},
	{HTTP_GET, "/api/v1/consent", handle_consent_get, ACCESS_SIGNED_IN, NULL,
	    ROUTE_NO_GATE, 0},
	{HTTP_POST, "/api/v1/consent", handle_consent_post, ACCESS_SIGNED_IN,
	    consent_post, ROUTE_NO_GATE, 0},
	{HTTP_POST, "/api/v1/password/forgot", handle_forgot_post, ACCESS_PUBLIC,
	    forgot_post, ROUTE_NO_CSRF | ROUTE_NO_GATE, 0},
	{HTTP_GET, "/api/v1/password/reset/{token}", handle_reset_get, ACCESS_PUBLIC,
	    reset_get, ROUTE_NO_GATE | ROUTE_SECRET_PATH, 0},
	{HTTP_POST, "/api/v1/password/reset/{token}", handle_reset_post, ACCESS_PUBLIC,
	    reset_post, ROUTE_NO_CSRF | ROUTE_NO_GATE | ROUTE_SECRET_PATH, 0},
	{HTTP_GET, "/api/v1/settings/notifications", handle_prefs_api_get,
	    ACCESS_SIGNED_IN, NULL, 0, 0},
	{HTTP_POST, "/api/v1/settings/notifications", handle_prefs_post,
	    ACCESS_SIGNED_IN, prefs_post, 0, 0},
	{HTTP_POST, "/api/v1/settings/withdraw-consent", handle_withdraw,
	    ACCESS_SIGNED_IN, withdraw_post, ROUTE_NO_GATE, 0},
};

const size_t register_nroutes = sizeof(register_routes) / sizeof(register_routes[0]);
