/*
 * session.c - signing in and out, switching view, and the signed-in
 * home page (ACC-4, ACC-5, REL-1 tabs, the role model).
 *
 * The page and the API share the rules in app/session.c.  Through the
 * API a mobile app signs in with {"token": true} and gets a bearer token
 * instead of a cookie; a browser script gets the cookie and the CSRF
 * token for its later requests.
 */
#include "handlers/handlers.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/account.h"
#include "app/profile.h"
#include "core/arena.h"
#include "core/strparse.h"
#include "http/csrf.h"
#include "view/json.h"

#define SIGNIN_BAD_MESSAGE "Enter a correct username and password. After 5 " \
	"wrong passwords in a row an account is locked."

/* The person and their views, as the API and the pages show them. */
json_t *
session_me_json(const struct app_auth *me)
{
	json_t *views = json_array();
	for (size_t i = 0; i < me->nviews; i++) {
		const struct app_view *v = &me->views[i];
		json_array_append_new(views, json_pack("{s:I, s:s, s:s, s:s, s:b}",
		    "scheme_id", (json_int_t)v->scheme_id, "scheme", v->scheme_name,
		    "role", v->role, "label", v->label, "is_active", v == me->active));
	}
	return json_pack("{s:I, s:s, s:s, s:s, s:b, s:o, s:s, s:b}",
	    "id", (json_int_t)me->user_id, "username", me->username,
	    "name", me->display_name, "email", me->email,
	    "is_site_admin", me->is_site_admin, "views", views,
	    "theme", me->theme, "consent_required", me->consent_scheme != 0);
}

static json_t *
signin_model(struct request *req, const char *message)
{
	const char *next = req_str(req, "next");
	json_t *m = json_pack("{s:s, s:s}", "username", req_str(req, "username"),
	    "next", http_is_local_path(next) ? next : "");
	if (message != NULL)
		json_object_set_new(m, "message", json_string(message));
	const char *e;
	if ((e = req_error(req, "username")) != NULL)
		json_object_set_new(m, "username_error", json_string(e));
	if ((e = req_error(req, "password")) != NULL)
		json_object_set_new(m, "password_error", json_string(e));
	return m;
}

static enum err
handle_signin_get(struct request *req, struct response *resp)
{
	if (req->auth != NULL) {
		resp_redirect(resp, req, "/");
		return ERR_OK;
	}
	json_t *m = signin_model(req, NULL);
	json_object_set_new(m, "is_signed_out", json_boolean(req_bool(req, "signed_out")));
	json_object_set_new(m, "is_reset", json_boolean(req_bool(req, "reset")));
	return page_render(req, resp, 200, "sign-in", m);
}

/* Refuse: the form again (HTML) or a JSON error, with one message. */
static enum err
refuse(struct request *req, struct response *resp, int status, const char *code,
    const char *message)
{
	if (req->is_api) {
		resp_json(resp, req, status, json_pack("{s:{s:s, s:s, s:{}}}", "error",
		    "code", code, "message", message, "fields"));
		return ERR_OK;
	}
	return page_render(req, resp, status, "sign-in", signin_model(req, message));
}

static enum err
handle_signin_post(struct request *req, struct response *resp)
{
	if (req->errors != NULL) {
		if (req->is_api)
			return ERR_BAD_INPUT;
		return page_render(req, resp, 400, "sign-in", signin_model(req, NULL));
	}
	struct app_signin_in in = {
		.username = req_str(req, "username"),
		.password = req_str(req, "password"),
		.ip = req->client_ip,
		.user_agent = req->user_agent,
		.is_bearer = req->is_api && req_bool(req, "token"),
	};
	struct app_session_limits lim;
	struct app_signin_out out;
	auth_limits(req, &lim);
	enum err rc = app_sign_in(req->db, req->arena, &in, &lim, &out);
	if (rc != ERR_OK)
		return rc;

	switch (out.result) {
	case SIGNIN_OK:
		break;
	case SIGNIN_BAD:
		return refuse(req, resp, 401, "bad_credentials", SIGNIN_BAD_MESSAGE);
	case SIGNIN_LOCKED:
		return refuse(req, resp, 403, "locked", "Your account is locked because "
		    "a wrong password was entered 5 times in a row. Contact your scheme "
		    "administrator to unlock it.");
	case SIGNIN_PENDING:
		return refuse(req, resp, 403, "pending", "Your registration is waiting "
		    "for a scheme administrator to approve it. We will email you when "
		    "you can sign in.");
	case SIGNIN_REJECTED:
		return refuse(req, resp, 403, "rejected", "Your registration was not "
		    "approved. The email we sent you gives the reason. Contact your "
		    "scheme administrator if you think this is wrong.");
	case SIGNIN_DEACTIVATED:
		return refuse(req, resp, 403, "deactivated", "Your account is no longer "
		    "active. Contact your scheme administrator if you want to use "
		    "Tandem again.");
	case SIGNIN_THROTTLED:
		resp_header(resp, req, "Retry-After", "300");
		return refuse(req, resp, 429, "throttled", "There have been too many "
		    "attempts to sign in from your network. Wait 5 minutes and try again.");
	}

	/* a new session: the person is signed in from the next request on */
	struct app_auth me;
	if ((rc = app_session_check(req->db, req->arena, out.token, &lim, &me)) != ERR_OK)
		return rc;
	if (in.is_bearer) {
		json_t *j = session_me_json(&me);
		json_object_set_new(j, "token", json_string(out.token));
		resp_json(resp, req, 200, j);
		crypto_wipe(out.token, sizeof(out.token));
		return ERR_OK;
	}
	resp_cookie(resp, req, auth_cookie_name(req), arena_strdup(req->arena, out.token),
	    lim.absolute);
	/* the person's saved theme now wins over this browser's cookie */
	resp_cookie(resp, req, "tandem_theme", me.theme, 365LL * 24 * 3600);
	crypto_wipe(out.token, sizeof(out.token));
	if (req->is_api) {
		char csrf[TOKEN_TEXT_LEN + 1];
		json_t *j = session_me_json(&me);
		csrf_token_for(me.csrf_base, csrf);
		json_object_set_new(j, "csrf_token", json_string(csrf));
		resp_json(resp, req, 200, j);
		return ERR_OK;
	}
	const char *next = req_str(req, "next");
	resp_redirect(resp, req, me.consent_scheme ? "/consent" :
	    http_is_local_path(next) ? next : "/");
	return ERR_OK;
}

static enum err
handle_signout(struct request *req, struct response *resp)
{
	enum err rc = app_sign_out(req->db, req->auth, req->client_ip);
	if (rc != ERR_OK)
		return rc;
	resp_cookie(resp, req, auth_cookie_name(req), "", 0);
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:b}", "signed_out", 1));
		return ERR_OK;
	}
	resp_redirect(resp, req, "/sign-in?signed_out=1");
	return ERR_OK;
}

static enum err
handle_me(struct request *req, struct response *resp)
{
	resp_json(resp, req, 200, session_me_json(req->auth));
	return ERR_OK;
}

static json_t *
views_model(struct request *req)
{
	const struct app_auth *me = req->auth;
	json_t *list = json_array();
	for (size_t i = 0; i < me->nviews; i++) {
		const struct app_view *v = &me->views[i];
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:b}",
		    "value", arena_printf(req->arena, "%lld:%s", (long long)v->scheme_id,
		    v->role), "id", arena_printf(req->arena, "view-%zu", i),
		    "label", v->label, "scheme", v->scheme_name, "is_active", v == me->active));
	}
	json_t *m = json_pack("{s:o}", "views", list);
	const char *e = req_error(req, "view");
	if (e != NULL)
		json_object_set_new(m, "view_error", json_string(e));
	return m;
}

static enum err
handle_switch_view_get(struct request *req, struct response *resp)
{
	return page_render(req, resp, 200, "switch-view", views_model(req));
}

static enum err
handle_switch_view_post(struct request *req, struct response *resp)
{
	struct app_auth *me = req->auth;
	int64_t scheme_id = 0;
	char role[32] = "";
	const char *view = req_str(req, "view");
	const char *colon = strchr(view, ':');
	if (req->errors == NULL && colon != NULL && colon - view < 19 &&
	    strlen(colon + 1) < sizeof(role)) {
		char num[20];
		memcpy(num, view, (size_t)(colon - view));
		num[colon - view] = '\0';
		snprintf(role, sizeof(role), "%s", colon + 1);
		if (str_to_i64(num, 1, INT64_MAX, &scheme_id) != ERR_OK)
			scheme_id = 0;
	}
	if (scheme_id == 0 || app_switch_view(req->db, me, scheme_id, role) != ERR_OK) {
		if (req_error(req, "view") == NULL)
			req_add_error(req, "view", "Select one of your views");
		if (req->is_api)
			return ERR_BAD_INPUT;
		return page_render(req, resp, 400, "switch-view", views_model(req));
	}
	if (req->is_api) {
		resp_json(resp, req, 200, session_me_json(me));
		return ERR_OK;
	}
	resp_redirect(resp, req, "/");
	return ERR_OK;
}

/* ---- the signed-in home page (REL-1) ---- */

struct tab {
	const char *id, *mentee, *mentor, *empty_mentee, *empty_mentor;
};

static const struct tab tabs[] = {
	{"current", "My mentors", "My mentees",
	    "You have no mentor yet. Complete your profile, then find a mentor who "
	    "suits you.",
	    "You have no mentees yet. Complete your profile so that mentees can find "
	    "you; their requests will appear under My mentoring requests."},
	{"requests", "My mentoring requests", "My mentoring requests",
	    "Requests you send to mentors, and their answers, will appear here.",
	    "Requests from mentees will appear here, newest first, then your "
	    "waiting list."},
	{"past", "Past mentors", "Past mentees",
	    "Mentoring relationships that have ended will appear here.",
	    "Mentoring relationships that have ended will appear here."},
	{"activity", "My activity", "My activity",
	    "Your sessions and learning diary entries will appear here.",
	    "Your sessions and mentoring hours will appear here."},
	{"messages", "Messages", "Messages",
	    "Messages from your mentor and your scheme administrators will appear here.",
	    "Messages from your mentees and your scheme administrators will appear here."},
};

enum err
handle_dashboard(struct request *req, struct response *resp)
{
	const struct app_auth *me = req->auth;
	const struct app_view *v = me->active;
	json_t *m = json_pack("{s:s}", "name", me->display_name);
	if (v == NULL) {
		json_object_set_new(m, "has_no_view", json_true());
		return page_render(req, resp, 200, "dashboard", m);
	}
	json_object_set_new(m, "view", json_pack("{s:s, s:s}", "label", v->label,
	    "scheme", v->scheme_name));
	if (strcmp(v->role, "scheme_admin") == 0) {
		json_object_set_new(m, "is_admin_view", json_true());
		enum err rc = home_admin_requests(req, m);
		if (rc == ERR_OK)
			rc = home_admin_relationships(req, m);
		if (rc != ERR_OK) {
			json_decref(m);
			return rc;
		}
		return page_render(req, resp, 200, "dashboard", m);
	}
	bool is_mentor = strcmp(v->role, "mentor") == 0;
	const char *want = req_str(req, "tab");
	const struct tab *current = &tabs[0];
	for (size_t i = 0; i < sizeof(tabs) / sizeof(tabs[0]); i++)
		if (strcmp(tabs[i].id, want) == 0)
			current = &tabs[i];
	/* REQ-2: the requests tab shows the mentor's outstanding count, the
	 * one page.c already counted for the side menu (app.user.view) */
	json_t *list = json_array();
	for (size_t i = 0; i < sizeof(tabs) / sizeof(tabs[0]); i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b, s:b}", "id", tabs[i].id,
		    "label", is_mentor ? tabs[i].mentor : tabs[i].mentee,
		    "is_current", &tabs[i] == current,
		    "is_requests", strcmp(tabs[i].id, "requests") == 0));
	json_object_set_new(m, "tabs", list);
	json_t *tab = json_pack("{s:s, s:s, s:s}", "id", current->id,
	    "label", is_mentor ? current->mentor : current->mentee,
	    "empty", is_mentor ? current->empty_mentor : current->empty_mentee);
	json_object_set_new(m, "tab", tab);
	json_object_set_new(m, "is_mentor", json_boolean(is_mentor));
	enum err trc = ERR_OK;
	if (strcmp(current->id, "current") == 0) {
		json_put_b(tab, "is_current", true);
		trc = home_tab_relationships(req, tab, false);
	} else if (strcmp(current->id, "past") == 0) {
		json_put_b(tab, "is_past", true);
		trc = home_tab_relationships(req, tab, true);
	} else if (strcmp(current->id, "requests") == 0) {
		json_put_b(tab, "is_requests", true);
		trc = home_tab_requests(req, tab);
	} else if (strcmp(current->id, "activity") == 0) {
		json_put_b(tab, "is_activity", true);
		trc = home_tab_activity(req, tab);
	}
	/* hours, "did it take place?" and agreements to confirm (SES-5,
	 * SES-10, REL-8), above the tabs */
	if (trc == ERR_OK)
		trc = home_sessions(req, m);
	if (trc == ERR_OK)
		trc = home_agreement(req, m);
	/* unread chats and messages, news and resources (MSG-1..3) */
	if (trc == ERR_OK)
		trc = home_chats(req, m);
	if (trc == ERR_OK)
		trc = home_messages(req, m);
	if (trc == ERR_OK)
		trc = home_news(req, m);
	/* evaluations to complete, and on past relationships (EVAL-2, EVAL-3) */
	if (trc == ERR_OK)
		trc = home_evaluations(req, m, json_object_get(m, "tab"));
	/* wishes for cohort matching (REQ-11) */
	if (trc == ERR_OK)
		trc = home_matchprefs(req, m);
	if (trc != ERR_OK) {
		json_decref(m);
		return trc;
	}
	/* what the profile still lacks before the person can be matched */
	const char **missing;
	size_t nmissing;
	enum err rc = app_profile_missing(req->db, req->arena, me, &missing, &nmissing);
	if (rc != ERR_OK) {
		json_decref(m);
		return rc;
	}
	json_t *list_missing = json_array();
	for (size_t i = 0; i < nmissing; i++)
		json_array_append_new(list_missing, json_string(missing[i]));
	json_object_set_new(m, "missing", list_missing);
	json_object_set_new(m, "has_missing", json_boolean(nmissing > 0));
	return page_render(req, resp, 200, "dashboard", m);
}

/* ---- routes ---- */

static const struct param_spec signin_get[] = {
	{.name = "username", .type = P_STRING, .max_len = 64},
	{.name = "next", .type = P_STRING, .max_len = 500},
	{.name = "signed_out", .type = P_BOOL},
	{.name = "reset", .type = P_BOOL},
	{0},
};

static const struct param_spec signin_post[] = {
	{.name = "username", .type = P_STRING, .is_required = true, .max_len = 64,
	    .label = "your username"},
	{.name = "password", .type = P_TEXT, .is_required = true, .max_len = 128,
	    .label = "your password"},
	{.name = "next", .type = P_STRING, .max_len = 500},
	{.name = "token", .type = P_BOOL},
	{0},
};

static const struct param_spec switch_view[] = {
	{.name = "view", .type = P_STRING, .is_required = true, .max_len = 40,
	    .label = "the view you want to use"},
	{0},
};

const struct route session_routes[] = {
	{HTTP_GET, "/sign-in", handle_signin_get, ACCESS_PUBLIC, signin_get,
	    ROUTE_NO_GATE, 0},
	{HTTP_POST, "/sign-in", handle_signin_post, ACCESS_PUBLIC, signin_post,
	    ROUTE_FORM | ROUTE_NO_GATE, 0},
	{HTTP_POST, "/sign-out", handle_signout, ACCESS_SIGNED_IN, NULL, ROUTE_NO_GATE, 0},
	{HTTP_GET, "/switch-view", handle_switch_view_get, ACCESS_SIGNED_IN, NULL, 0, 0},
	{HTTP_POST, "/switch-view", handle_switch_view_post, ACCESS_SIGNED_IN,
	    switch_view, ROUTE_FORM, 0},

	{HTTP_POST, "/api/v1/sign-in", handle_signin_post, ACCESS_PUBLIC, signin_post,
	    ROUTE_NO_CSRF | ROUTE_NO_GATE, 0},
	{HTTP_POST, "/api/v1/sign-out", handle_signout, ACCESS_SIGNED_IN, NULL,
	    ROUTE_NO_GATE, 0},
	{HTTP_GET, "/api/v1/me", handle_me, ACCESS_SIGNED_IN, NULL, ROUTE_NO_GATE, 0},
	{HTTP_POST, "/api/v1/switch-view", handle_switch_view_post, ACCESS_SIGNED_IN,
	    switch_view, 0, 0},
};

const size_t session_nroutes = sizeof(session_routes) / sizeof(session_routes[0]);
