/*
 * page.c - rendering pages into the layout, and the error page.
 *
 * The layout's data is built here once per request under the "app" key,
 * so templates never reach for anything not handed to them, and the
 * same model can be sent as JSON by the API twin of a page.
 */
#include "handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#include "app/account.h"
#include "app/chats.h"
#include "app/date.h"
#include "app/matchprefs.h"
#include "app/messages.h"
#include "app/request.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "http/csrf.h"
#include "http/static.h"
#include "view/json.h"
#include "view/templates.h"
#include "view/url.h"

static json_t *
app_model(struct request *req)
{
	bool is_dark = strcmp(req->theme, "dark") == 0;
	json_t *app = json_pack("{s:s, s:s, s:b, s:b, s:s, s:s, s:s}",
	    "service", "Tandem",
	    "theme", req->theme,
	    "is_dark", is_dark,
	    "sidebar_hidden", req->sidebar_hidden,
	    "csrf_token", req->csrf_token ? req->csrf_token : "",
	    "assets", arena_printf(req->arena, "/assets/v/%s", static_version()),
	    "path", req->path);
	/* ACC-9: with no choice made yet, the script may follow the
	 * browser's light/dark preference */
	json_object_set_new(app, "theme_chosen", json_boolean(req->auth != NULL ||
	    req_cookie(req, "tandem_theme") != NULL));
	json_object_set_new(app, "path_query",
	    json_string(url_encode(req->arena, req->path)));
	json_object_set_new(app, "is_home", json_boolean(strcmp(req->path, "/") == 0));
	const struct app_auth *me = req->auth;
	if (me != NULL) {
		json_t *user = json_pack("{s:s, s:s, s:b, s:b, s:b}",
		    "username", me->username, "name", me->display_name,
		    "is_site_admin", me->is_site_admin,
		    "is_admin", app_is_any_admin(me),
		    "can_switch", me->nviews > 1);
		if (me->active != NULL) {
			/* REQ-2: the menu badge, one indexed count (mentors only) */
			int64_t outstanding = 0;
			if (req->db != NULL &&
			    app_requests_outstanding(req->db, me, &outstanding) != ERR_OK)
				outstanding = 0;
			bool is_mentee = strcmp(me->active->role, "mentee") == 0;
			bool is_mentor = strcmp(me->active->role, "mentor") == 0;
			/* MSG-1: unread chat messages, one indexed count */
			int64_t unread_chats = 0;
			if ((is_mentee || is_mentor) && req->db != NULL &&
			    app_chats_unread(req->db, me, &unread_chats) != ERR_OK)
				unread_chats = 0;
			/* REQ-11: cohort matching's preferences, when the scheme
			 * uses it (a waiting mentee's wishes, a mentor's marks) */
			bool wishes = false, avoid = false;
			if ((is_mentee || is_mentor) && req->db != NULL &&
			    app_matchprefs_menu(req->db, me, &wishes, &avoid) != ERR_OK)
				wishes = avoid = false;
			json_object_set_new(user, "view", json_pack(
			    "{s:s, s:s, s:b, s:b, s:b, s:I, s:b, s:I, s:b, s:b, s:b}",
			    "label", me->active->label, "scheme", me->active->scheme_name,
			    "is_mentee", is_mentee, "is_mentor", is_mentor,
			    "is_participant", is_mentee || is_mentor,
			    "outstanding", (json_int_t)outstanding,
			    "has_outstanding", outstanding > 0,
			    "chats_unread", (json_int_t)unread_chats,
			    "has_chats_unread", unread_chats > 0,
			    "has_match_wishes", wishes, "has_match_avoid", avoid));
		}
		/* MSG-2: the menu badge for administrator messages (everyone) */
		int64_t unread_msgs = 0;
		if (req->db != NULL &&
		    app_messages_unread(req->db, me, &unread_msgs) != ERR_OK)
			unread_msgs = 0;
		json_object_set_new(user, "messages_unread", json_integer(unread_msgs));
		json_object_set_new(user, "has_messages_unread", json_boolean(unread_msgs > 0));
		json_object_set_new(app, "user", user);
	}
	return app;
}

json_t *
page_errors(const struct request *req)
{
	json_t *list = json_array();
	for (const struct field_error *e = req->errors; e; e = e->next)
		json_array_append_new(list, json_pack("{s:s, s:s}",
		    "field", e->field, "message", e->message));
	return list;
}

void
page_add_problems(struct request *req, const struct app_problems *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		if (req_error(req, ps->p[i].field) == NULL)
			req_add_error(req, ps->p[i].field, ps->p[i].message);
}

enum err
page_invalid(struct request *req, struct response *resp, int status)
{
	json_t *fields = json_object();
	for (const struct field_error *e = req->errors; e; e = e->next)
		if (json_object_get(fields, e->field) == NULL)
			json_object_set_new(fields, e->field, json_string(e->message));
	resp_json(resp, req, status, json_pack("{s:{s:s, s:s, s:o}}", "error",
	    "code", status == 409 ? "conflict" : "invalid",
	    "message", "Some of the information sent was not valid.",
	    "fields", fields));
	return ERR_OK;
}

void
page_field_errors(struct request *req, json_t *m, const char *const *names)
{
	for (size_t i = 0; names[i] != NULL; i++) {
		const char *e = req_error(req, names[i]);
		if (e != NULL)
			json_object_set_new(m, arena_printf(req->arena, "%s_error", names[i]),
			    json_string(e));
	}
}

enum err
page_render(struct request *req, struct response *resp, int status,
    const char *template, json_t *model)
{
	if (model == NULL)
		model = json_object();
	json_object_set_new(model, "app", app_model(req));
	if (req->errors != NULL && json_object_get(model, "errors") == NULL) {
		json_object_set_new(model, "errors", page_errors(req));
		json_object_set_new(model, "has_errors", json_true());
	}
	buf_reset(&resp->body);
	enum err rc = templates_render(template, model, &resp->body);
	json_decref(model);
	if (rc != ERR_OK) {
		log_error("page: rendering %s failed: %s", template, err_code(rc));
		buf_reset(&resp->body);
		return ERR_INTERNAL;
	}
	resp->status = status;
	resp->content_type = "text/html; charset=utf-8";
	return ERR_OK;
}

enum err
page_respond(struct request *req, struct response *resp, int status,
    const char *template, json_t *model)
{
	if (req->is_api) {
		resp_json(resp, req, status, model);
		return ERR_OK;
	}
	return page_render(req, resp, status, template, model);
}

/* A heading for an input: the label its route declares, written for
 * messages ("Enter a title"), without the article ("Title"); else its
 * name made readable ("given_name" -> "Given name"). */
static const char *
input_label(struct request *req, const char *name)
{
	static const char *const articles[] = {"a ", "an ", "the ", "your "};
	const char *from = name;
	const struct param_spec *ps = req->route ? req->route->params : NULL;
	for (; ps != NULL && ps->name != NULL; ps++) {
		if (strcmp(ps->name, name) == 0 && ps->label != NULL && *ps->label) {
			from = ps->label;
			for (size_t i = 0; i < sizeof(articles) / sizeof(articles[0]); i++)
				if (strncmp(from, articles[i], strlen(articles[i])) == 0 &&
				    from[strlen(articles[i])] != '\0')
					from += strlen(articles[i]);
			break;
		}
	}
	char *s = arena_strdup(req->arena, from);
	if (from == name)
		for (char *p = s; *p; p++)
			if (*p == '_' || *p == '-')
				*p = ' ';
	if (*s >= 'a' && *s <= 'z')
		*s = (char)(*s - 'a' + 'A');
	return s;
}

/* Inputs never sent back: secrets a page must not hold (typed again). */
static bool
is_secret_input(const char *name)
{
	return strstr(name, "password") != NULL || strstr(name, "passphrase") != NULL;
}

/*
 * The storage incident page (cause ERR_STORAGE): nothing was saved, and
 * for a form post, what the person typed - shown so it can be copied,
 * and carried in a "Try again" form that posts the same inputs back to
 * the same path with this page's CSRF token.  Generic, so no handler
 * needs to know: every input of the body comes back except the CSRF
 * token and passwords; files are not kept (the page says which were
 * dropped).  All of it goes through {{ }}, escaped like anything else.
 */
static void
storage_error_page(struct request *req, struct response *resp, int status,
    const char *message)
{
	bool has_form = req->method != HTTP_GET && req->method != HTTP_HEAD;
	bool dropped_password = false;
	json_t *shown = json_array(), *kept = json_array();
	for (const struct param *p = req->form; has_form && p != NULL; p = p->next) {
		if (strcmp(p->name, CSRF_FIELD) == 0)
			continue;
		if (is_secret_input(p->name)) {
			dropped_password = dropped_password || p->value[0] != '\0';
			continue;
		}
		json_array_append_new(kept, json_pack("{s:s, s:s}", "name", p->name,
		    "value", p->value));
		if (p->value[0] != '\0')
			json_array_append_new(shown, json_pack("{s:s, s:s}",
			    "label", input_label(req, p->name), "value", p->value));
	}
	bool dropped_files = has_form && req->uploads != NULL;
	json_t *model = json_pack("{s:i, s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:b, s:b}",
	    "status", status, "title", has_form ? "Tandem cannot save changes right now" :
	    "Tandem cannot show this page right now",
	    "message", has_form ? "Nothing you entered has been saved. Try again in a "
	    "few minutes." : "Tandem cannot write to its storage right now, and this "
	    "page needs to. Nothing has changed. Try again in a few minutes.",
	    "request_id", req->request_id, "path", req->path,
	    "has_form", has_form, "has_shown", json_array_size(shown) > 0,
	    "dropped_password", dropped_password, "dropped_files", dropped_files,
	    "has_dropped", dropped_password || dropped_files);
	json_object_set_new(model, "shown", shown);
	json_object_set_new(model, "kept", kept);
	if (page_render(req, resp, status, "storage-error", model) != ERR_OK)
		resp_text(resp, status, "text/plain; charset=utf-8", message, strlen(message));
}

void
page_render_error(struct request *req, struct response *resp, int status,
    const char *message)
{
	const char *title;
	if (resp->cause == ERR_STORAGE) {
		storage_error_page(req, resp, status, message);
		return;
	}
	switch (status) {
	case 400: title = "There is a problem with what was sent"; break;
	case 401: title = "You need to sign in"; break;
	case 403: title = "You cannot do this"; break;
	case 404: title = "Page not found"; break;
	case 405: title = "This page cannot be used in that way"; break;
	case 409: title = "Something changed"; break;
	case 413: title = "Too large"; break;
	case 415: title = "Not accepted"; break;
	case 503: title = "Tandem is busy"; break;
	default: title = status >= 500 ?
	    "Sorry, there is a problem with the service" : "Something went wrong"; break;
	}
	json_t *model = json_pack("{s:i, s:s, s:s, s:s}", "status", status,
	    "title", title, "message", message, "request_id", req->request_id);
	json_t *errs = page_errors(req);
	if (json_array_size(errs)) {
		json_object_set_new(model, "field_errors", errs);
		json_object_set_new(model, "has_field_errors", json_true());
	}
	else
		json_decref(errs);
	if (page_render(req, resp, status, "error", model) != ERR_OK) {
		resp_text(resp, status, "text/plain; charset=utf-8", message, strlen(message));
	}
}

const char *
page_link_base(struct request *req)
{
	const char *base = req->config->base_url;
	char *s = base && *base ? arena_strdup(req->arena, base) :
	    arena_printf(req->arena, "http://%s", req->config->listen);
	size_t len = strlen(s);
	while (len > 0 && s[len - 1] == '/')
		s[--len] = '\0';
	return s;
}

enum err
page_refuse(struct request *req, struct response *resp, int status, const char *code,
    const char *message)
{
	if (req->is_api) {
		resp_json(resp, req, status, json_pack("{s:{s:s, s:s, s:{}}}", "error",
		    "code", code, "message", message, "fields"));
		return ERR_OK;
	}
	page_render_error(req, resp, status, message);
	return ERR_OK;
}

const char *
page_why(const struct app_problems *ps, const char *fallback)
{
	for (size_t i = 0; i < ps->n; i++)
		if (*ps->p[i].field == '\0')
			return ps->p[i].message;
	return fallback;
}

void
page_date_parts(struct request *req, json_t *m, const char *prefix, const char *iso)
{
	int y = 0, mo = 0, d = 0;
	bool ok = app_date_is_real(iso) && sscanf(iso, "%4d-%2d-%2d", &y, &mo, &d) == 3;
	struct arena *a = req->arena;
	json_put_s(m, arena_printf(a, "%s_day", prefix), ok ? arena_printf(a, "%d", d) : "");
	json_put_s(m, arena_printf(a, "%s_month", prefix), ok ? arena_printf(a, "%d", mo) : "");
	json_put_s(m, arena_printf(a, "%s_year", prefix), ok ? arena_printf(a, "%d", y) : "");
}

void
page_date_typed(struct request *req, json_t *m, const char *prefix)
{
	static const char *const parts[] = {"day", "month", "year"};
	for (size_t i = 0; i < 3; i++) {
		const char *name = arena_printf(req->arena, "%s_%s", prefix, parts[i]);
		json_put_s(m, name, req_str(req, name));
	}
}
