/*
 * news.c - news items and resources (MSG-3): the participants' pages,
 * the scheme administrators' pages, the home page's section, and the
 * /api/v1 twins.
 *
 *   /news                            GET current news for my active view
 *   /news/{id}                       GET one item
 *   /resources                       GET my view's resources by category
 *   /resources/{id}/file             GET a file resource, as an attachment
 *   /admin/schemes/{id}/news         GET the scheme's news and resources
 *   /admin/schemes/{id}/news/new     GET the form; POST .../news adds
 *   /admin/news/{id}/edit            GET the form, POST the change
 *   /admin/news/{id}/delete          GET confirm, POST delete
 *   /admin/schemes/{id}/resources/new  GET the form; POST .../resources
 *                                    adds (multipart: a file, or a link)
 *   /admin/resources/{id}/edit       GET the form, POST the change
 *   /admin/resources/{id}/delete     GET confirm, POST delete
 *
 * Who may see or change what is app/news.c's decision: a 404 here is
 * always "you may not know it exists" (another audience, another
 * scheme, another scheme's administrator).  The home page's section is
 * home_news (partials/home-news).
 *
 * Traps: a news item's body is plain text: it is split into paragraphs
 * here and every paragraph is escaped by the template (never {{{ }}}).
 * A link resource is shown with its domain and rel="noopener
 * noreferrer"; only http(s) addresses are ever stored (app checks).
 */
#include "handlers/handlers.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/date.h"
#include "app/news.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/sniff.h"
#include "view/json.h"

static const char *
data_dir(const struct request *req)
{
	return req->config->data;
}

static const char *const dones[] = {"news_added", "news_saved", "news_deleted",
	"resource_added", "resource_saved", "resource_deleted", NULL};
static const char *const audiences[] = {"all", "mentors", "mentees", NULL};
static const char *const kinds[] = {"link", "file", NULL};

static const char *
done_message(const char *done)
{
	static const struct { const char *done, *message; } map[] = {
		{"news_added", "The news item has been published."},
		{"news_saved", "The news item has been saved."},
		{"news_deleted", "The news item has been deleted."},
		{"resource_added", "The resource has been added."},
		{"resource_saved", "The resource has been saved."},
		{"resource_deleted", "The resource has been deleted."},
	};
	for (size_t i = 0; done && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].done, done) == 0)
			return map[i].message;
	return NULL;
}

static const char *
size_words(struct arena *a, int64_t bytes)
{
	if (bytes < 1024)
		return arena_printf(a, "%lld bytes", (long long)bytes);
	if (bytes < 1024 * 1024)
		return arena_printf(a, "%lld KB", (long long)((bytes + 1023) / 1024));
	return arena_printf(a, "%.1f MB", (double)bytes / (1024.0 * 1024.0));
}

/* The paragraphs of plain text (blank-line separated), each trimmed of
 * its surrounding line breaks; as [{text}] for the template. */
static json_t *
paragraphs(struct arena *a, const char *body)
{
	json_t *list = json_array();
	const char *p = body;
	while (*p) {
		while (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		const char *end = strstr(p, "\n\n");
		const char *crlf = strstr(p, "\r\n\r\n");
		if (crlf != NULL && (end == NULL || crlf < end))
			end = crlf;
		size_t len = end ? (size_t)(end - p) : strlen(p);
		while (len > 0 && (p[len - 1] == '\n' || p[len - 1] == '\r' || p[len - 1] == ' '))
			len--;
		json_array_append_new(list, json_pack("{s:s}", "text", arena_strndup(a, p, len)));
		p += end ? (size_t)(end - p) : strlen(p);
	}
	return list;
}

/* A news item: the list row, or with full the body (the API's "body"
 * and the page's paragraphs).  today: the scheme's date, for the
 * administrators' status ("" to leave it out). */
static json_t *
news_json(struct request *req, const struct db_news *n, bool full, const char *today)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	json_put_i(o, "id", n->id);
	json_put_i(o, "scheme_id", n->scheme_id);
	json_put_s(o, "title", n->title);
	json_put_s(o, "audience", n->audience);
	json_put_s(o, "audience_words", app_news_audience_words(n->audience));
	json_put_s(o, "published_on", n->published_on);
	json_put_s(o, "published_words", app_date_words(a, n->published_on));
	json_put_s(o, "show_until", n->show_until);
	json_put_s(o, "show_until_words", app_date_words(a, n->show_until));
	json_put_b(o, "has_show_until", n->show_until[0] != '\0');
	json_put_s(o, "url", arena_printf(a, "/news/%lld", (long long)n->id));
	if (full) {
		json_put_s(o, "body", n->body);
		json_object_set_new(o, "paragraphs", paragraphs(a, n->body));
	}
	if (today != NULL && today[0]) {
		const char *status = strcmp(n->published_on, today) > 0 ? "scheduled" :
		    n->show_until[0] && strcmp(n->show_until, today) < 0 ? "ended" : "showing";
		json_put_s(o, "status", status);
		json_put_s(o, "status_words", strcmp(status, "scheduled") == 0 ? "Scheduled" :
		    strcmp(status, "ended") == 0 ? "No longer shown" : "Showing");
		json_put_b(o, "is_showing", strcmp(status, "showing") == 0);
		json_put_s(o, "edit_url", arena_printf(a, "/admin/news/%lld/edit",
		    (long long)n->id));
		json_put_s(o, "delete_url", arena_printf(a, "/admin/news/%lld/delete",
		    (long long)n->id));
		json_put_s(o, "author", n->author_name);
	}
	return o;
}

static json_t *
resource_json(struct request *req, const struct db_resource *r, bool is_admin)
{
	struct arena *a = req->arena;
	bool is_link = strcmp(r->kind, "link") == 0;
	json_t *o = json_object();
	json_put_i(o, "id", r->id);
	json_put_i(o, "scheme_id", r->scheme_id);
	json_put_s(o, "title", r->title);
	json_put_s(o, "description", r->description);
	json_put_b(o, "has_description", r->description[0] != '\0');
	json_put_s(o, "category", r->category);
	json_put_s(o, "audience", r->audience);
	json_put_s(o, "audience_words", app_news_audience_words(r->audience));
	json_put_s(o, "kind", r->kind);
	json_put_b(o, "is_link", is_link);
	json_put_s(o, "anchor", arena_printf(a, "resource-%lld", (long long)r->id));
	json_put_s(o, "added_words", app_time_words(a, r->created_at, false));
	if (is_link) {
		const char *host = "";
		if (app_resource_url_problem(a, r->url, &host) != NULL)
			host = "";
		json_put_s(o, "url", r->url);
		json_put_s(o, "domain", host);
	} else {
		json_put_s(o, "file_url", arena_printf(a, "/resources/%lld/file",
		    (long long)r->id));
		json_put_s(o, "filename", r->filename);
		json_put_s(o, "file_type", sniff_label(sniff_parse(r->file_kind)));
		json_put_i(o, "size", r->size);
		json_put_s(o, "size_words", size_words(a, r->size));
	}
	if (is_admin) {
		json_put_s(o, "edit_url", arena_printf(a, "/admin/resources/%lld/edit",
		    (long long)r->id));
		json_put_s(o, "delete_url", arena_printf(a, "/admin/resources/%lld/delete",
		    (long long)r->id));
		json_put_s(o, "author", r->author_name);
	}
	return o;
}

/* ---- participants ---- */

static enum err
handle_news_list(struct request *req, struct response *resp)
{
	struct app_news_reader who;
	struct db_news *items = NULL;
	size_t n = 0;
	enum err rc = app_news_list(req->db, req->arena, req->auth, &who, &items, &n);
	if (rc != ERR_OK && rc != ERR_NOT_FOUND)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, news_json(req, &items[i], req->is_api, NULL));
	return page_respond(req, resp, 200, "news", json_pack("{s:o, s:b, s:s}", "news", list,
	    "has_news", n > 0, "scheme_name", rc == ERR_OK && who.scheme_name ?
	    who.scheme_name : ""));
}

static enum err
handle_news_get(struct request *req, struct response *resp)
{
	struct db_news n;
	enum err rc = app_news_get(req->db, req->arena, req->auth, req_int(req, "id"), &n);
	if (rc != ERR_OK)
		return rc;
	json_t *m = news_json(req, &n, true, NULL);
	if (req->is_api)
		return page_respond(req, resp, 200, "news-item", m);
	return page_render(req, resp, 200, "news-item", json_pack("{s:o}", "item", m));
}

static enum err
handle_resources(struct request *req, struct response *resp)
{
	struct app_news_reader who;
	struct db_resource *rows = NULL;
	size_t n = 0;
	enum err rc = app_resources_list(req->db, req->arena, req->auth, &who, &rows, &n);
	if (rc != ERR_OK && rc != ERR_NOT_FOUND)
		return rc;
	json_t *m = json_object();
	json_put_s(m, "scheme_name", rc == ERR_OK && who.scheme_name ? who.scheme_name : "");
	json_put_b(m, "has_resources", n > 0);
	if (req->is_api) {
		json_t *list = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, resource_json(req, &rows[i], false));
		json_object_set_new(m, "resources", list);
		return page_respond(req, resp, 200, "resources", m);
	}
	/* the rows come by category (case-insensitive): one group per run */
	json_t *groups = json_array(), *group = NULL, *items = NULL;
	for (size_t i = 0; i < n; i++) {
		if (group == NULL || strcasecmp(rows[i].category, rows[i - 1].category) != 0) {
			items = json_array();
			group = json_pack("{s:s, s:s, s:o}", "category", rows[i].category,
			    "id", arena_printf(req->arena, "category-%zu", i), "resources", items);
			json_array_append_new(groups, group);
		}
		json_array_append_new(items, resource_json(req, &rows[i], false));
	}
	json_object_set_new(m, "categories", groups);
	return page_render(req, resp, 200, "resources", m);
}

/* The download: the detected type, as an attachment under the kept name
 * (the server adds Content-Disposition and nosniff). */
static enum err
handle_resource_file(struct request *req, struct response *resp)
{
	struct db_resource r;
	const char *path;
	enum err rc = app_resource_open(req->db, req->arena, req->auth, req_int(req, "id"),
	    data_dir(req), &r, &path);
	if (rc != ERR_OK)
		return rc;
	resp->status = 200;
	resp->content_type = r.mime;
	resp->file_path = path;
	resp->file_name = r.filename;
	return ERR_OK;
}

/* ---- the home page (partials/home-news) ---- */

enum err
home_news(struct request *req, json_t *m)
{
	struct app_news_home h;
	enum err rc = app_news_home(req->db, req->arena, req->auth, &h);
	if (rc != ERR_OK)
		return rc;
	json_t *news = json_array(), *res = json_array();
	for (size_t i = 0; i < h.nnews; i++)
		json_array_append_new(news, news_json(req, &h.news[i], false, NULL));
	for (size_t i = 0; i < h.nresources; i++)
		json_array_append_new(res, resource_json(req, &h.resources[i], false));
	json_object_set_new(m, "news_home", json_pack("{s:b, s:b, s:b, s:o, s:o}",
	    "has_items", h.nnews + h.nresources > 0, "has_news", h.nnews > 0,
	    "has_resources", h.nresources > 0, "news", news, "resources", res));
	return ERR_OK;
}

/* ---- administration: the scheme's page ---- */

static enum err
handle_admin(struct request *req, struct response *resp)
{
	struct app_news_admin p;
	int64_t scheme_id = req_int(req, "id");
	enum err rc = app_news_admin(req->db, req->arena, req->auth, scheme_id, &p);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object(), *news = json_array(), *res = json_array(),
	    *cats = json_array();
	for (size_t i = 0; i < p.nnews; i++)
		json_array_append_new(news, news_json(req, &p.news[i], req->is_api, p.today));
	for (size_t i = 0; i < p.nresources; i++)
		json_array_append_new(res, resource_json(req, &p.resources[i], true));
	for (size_t i = 0; i < p.ncategories; i++)
		json_array_append_new(cats, json_string(p.categories[i]));
	json_put_i(m, "scheme_id", scheme_id);
	json_put_s(m, "scheme_name", p.scheme.name);
	json_put_s(m, "today", p.today);
	json_object_set_new(m, "news", news);
	json_object_set_new(m, "resources", res);
	json_object_set_new(m, "categories", cats);
	if (req->is_api)
		return page_respond(req, resp, 200, "admin-news", m);
	json_put_b(m, "has_news", p.nnews > 0);
	json_put_b(m, "has_resources", p.nresources > 0);
	json_put_s(m, "new_news_url", arena_printf(req->arena, "/admin/schemes/%lld/news/new",
	    (long long)scheme_id));
	json_put_s(m, "new_resource_url", arena_printf(req->arena,
	    "/admin/schemes/%lld/resources/new", (long long)scheme_id));
	json_put_s(m, "done_message", done_message(req_str(req, "done")));
	admin_menu(req, m, "", 0);
	return page_render(req, resp, 200, "admin-news", m);
}

static const char *
admin_url(struct request *req, int64_t scheme_id, const char *done)
{
	return arena_printf(req->arena, "/admin/schemes/%lld/news?done=%s",
	    (long long)scheme_id, done);
}

/* ---- administration: news items ---- */

static const char *const news_fields[] = {"title", "body", "audience", "published_on",
	"show_until", NULL};

/* Central validation puts a date box's error on the box's own name
 * (published_day ...), which has no message of its own on the page:
 * move it to its date (published_on, show_until), once per date. */
static void
move_date_part_errors(struct request *req)
{
	static const struct { const char *prefix, *field; } dates[] = {
		{"published_", "published_on"}, {"until_", "show_until"},
	};
	struct field_error **at = &req->errors;
	while (*at != NULL) {
		struct field_error *e = *at;
		const char *to = NULL;
		for (size_t i = 0; i < 2 && to == NULL; i++) {
			size_t plen = strlen(dates[i].prefix);
			if (strncmp(e->field, dates[i].prefix, plen) == 0 &&
			    strcmp(e->field, dates[i].field) != 0)
				to = dates[i].field;
		}
		if (to != NULL) {
			bool dup = false;
			for (struct field_error *x = req->errors; x != NULL && !dup; x = x->next)
				dup = x != e && strcmp(x->field, to) == 0;
			if (dup) {
				*at = e->next;
				continue;
			}
			e->field = to;
		}
		at = &e->next;
	}
}

/* What was sent: the API's YYYY-MM-DD, or the page's date boxes (their
 * problems into dates, field published_on or show_until). */
static void
read_news(struct request *req, struct app_news_in *in, struct app_problems *dates)
{
	in->title = req_str(req, "title");
	in->body = req_str(req, "body");
	in->audience = req_str(req, "audience");
	if (req->is_api) {
		in->published_on = req_str(req, "published_on");
		in->show_until = req_str(req, "show_until");
		return;
	}
	const char *why;
	move_date_part_errors(req);
	if (app_date_from_parts(req->arena, "Date published", req_str(req, "published_day"),
	    req_str(req, "published_month"), req_str(req, "published_year"),
	    &in->published_on, &why) != ERR_OK)
		app_problem(dates, "published_on", why);
	if (app_date_from_parts(req->arena, "Show until", req_str(req, "until_day"),
	    req_str(req, "until_month"), req_str(req, "until_year"), &in->show_until,
	    &why) != ERR_OK)
		app_problem(dates, "show_until", why);
}

/* app's problems as field errors in the form's order, a date box's own
 * message ("... must include a month") in place of app's for that date;
 * then any date message app had no problem for. */
static void
add_news_problems(struct request *req, const struct app_problems *ps,
    const struct app_problems *dates)
{
	struct app_problems all = {0};
	for (size_t i = 0; i < ps->n; i++) {
		const char *message = ps->p[i].message;
		for (size_t j = 0; j < dates->n; j++)
			if (strcmp(dates->p[j].field, ps->p[i].field) == 0)
				message = dates->p[j].message;
		app_problem(&all, ps->p[i].field, message);
	}
	for (size_t j = 0; j < dates->n; j++)
		app_problem(&all, dates->p[j].field, dates->p[j].message);
	page_add_problems(req, &all);
}

/* The add or edit form; after a failed POST what was typed comes back. */
static enum err
news_form(struct request *req, struct response *resp, int status, int64_t scheme_id,
    const struct db_news *n)
{
	struct app_news_admin p;
	enum err rc = app_news_admin(req->db, req->arena, req->auth, scheme_id, &p);
	if (rc != ERR_OK)
		return rc;
	bool back = req->method == HTTP_POST;
	json_t *m = json_object();
	json_put_s(m, "scheme_name", p.scheme.name);
	json_put_b(m, "is_edit", n != NULL);
	json_put_s(m, "action", n ? arena_printf(req->arena, "/admin/news/%lld/edit",
	    (long long)n->id) : arena_printf(req->arena, "/admin/schemes/%lld/news",
	    (long long)scheme_id));
	json_put_s(m, "back_url", arena_printf(req->arena, "/admin/schemes/%lld/news",
	    (long long)scheme_id));
	json_put_s(m, "title", back ? req_str(req, "title") : n ? n->title : "");
	json_put_s(m, "body", back ? req_str(req, "body") : n ? n->body : "");
	const char *aud = back ? req_str(req, "audience") : n ? n->audience : "all";
	json_put_b(m, "is_all", strcmp(aud, "all") == 0);
	json_put_b(m, "is_mentors", strcmp(aud, "mentors") == 0);
	json_put_b(m, "is_mentees", strcmp(aud, "mentees") == 0);
	if (back) {
		page_date_typed(req, m, "published");
		page_date_typed(req, m, "until");
	} else {
		page_date_parts(req, m, "published", n ? n->published_on : p.today);
		page_date_parts(req, m, "until", n ? n->show_until : "");
	}
	admin_menu(req, m, "", 0);
	page_field_errors(req, m, news_fields);
	return page_render(req, resp, status, "admin-news-form", m);
}

static enum err
handle_news_new(struct request *req, struct response *resp)
{
	return news_form(req, resp, 200, req_int(req, "id"), NULL);
}

static enum err
handle_news_create(struct request *req, struct response *resp)
{
	struct app_problems ps = {0}, dates = {0};
	struct app_news_in in;
	int64_t scheme_id = req_int(req, "id"), id = 0;
	struct app_news_admin p;
	/* another scheme's administrator: 404 before any message */
	enum err rc = app_news_admin(req->db, req->arena, req->auth, scheme_id, &p);
	if (rc != ERR_OK)
		return rc;
	read_news(req, &in, &dates);
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL && dates.n == 0) {
		rc = app_news_add(req->db, req->arena, req->auth, scheme_id, &in, req->client_ip,
		    &ps, &id);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
	} else {
		app_news_check(req->db, req->arena, scheme_id, &in, &ps);
	}
	add_news_problems(req, &ps, &dates);
	if (rc != ERR_OK)
		return req->is_api ? page_invalid(req, resp, 422) :
		    news_form(req, resp, 422, scheme_id, NULL);
	if (req->is_api) {
		struct db_news n;
		if ((rc = app_news_admin_get(req->db, req->arena, req->auth, id, &n)) != ERR_OK)
			return rc;
		resp_json(resp, req, 201, news_json(req, &n, true, p.today));
		return ERR_OK;
	}
	resp_redirect(resp, req, admin_url(req, scheme_id, "news_added"));
	return ERR_OK;
}

static enum err
handle_news_edit(struct request *req, struct response *resp)
{
	struct db_news n;
	enum err rc = app_news_admin_get(req->db, req->arena, req->auth, req_int(req, "id"),
	    &n);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		char today[11] = "";
		struct app_news_admin p;
		if (app_news_admin(req->db, req->arena, req->auth, n.scheme_id, &p) == ERR_OK)
			memcpy(today, p.today, sizeof(today));
		return page_respond(req, resp, 200, "admin-news-form",
		    news_json(req, &n, true, today));
	}
	return news_form(req, resp, 200, n.scheme_id, &n);
}

static enum err
handle_news_update(struct request *req, struct response *resp)
{
	struct app_problems ps = {0}, dates = {0};
	struct app_news_in in;
	struct db_news n;
	int64_t id = req_int(req, "id");
	enum err rc = app_news_admin_get(req->db, req->arena, req->auth, id, &n);
	if (rc != ERR_OK)
		return rc;
	read_news(req, &in, &dates);
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL && dates.n == 0) {
		rc = app_news_edit(req->db, req->arena, req->auth, id, &in, req->client_ip, &ps);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
	} else {
		app_news_check(req->db, req->arena, n.scheme_id, &in, &ps);
	}
	add_news_problems(req, &ps, &dates);
	if (rc != ERR_OK)
		return req->is_api ? page_invalid(req, resp, 422) :
		    news_form(req, resp, 422, n.scheme_id, &n);
	if (req->is_api)
		return handle_news_edit(req, resp);
	resp_redirect(resp, req, admin_url(req, n.scheme_id, "news_saved"));
	return ERR_OK;
}

static enum err
confirm_page(struct request *req, struct response *resp, int64_t scheme_id,
    const char *what, const char *title, const char *action, const char *warning)
{
	json_t *m = json_pack("{s:s, s:s, s:s, s:s, s:s}", "what", what, "title", title,
	    "action", action, "warning", warning, "back_url", arena_printf(req->arena,
	    "/admin/schemes/%lld/news", (long long)scheme_id));
	admin_menu(req, m, "", 0);
	return page_render(req, resp, 200, "admin-news-delete", m);
}

static enum err
handle_news_confirm(struct request *req, struct response *resp)
{
	struct db_news n;
	enum err rc = app_news_admin_get(req->db, req->arena, req->auth, req_int(req, "id"),
	    &n);
	if (rc != ERR_OK)
		return rc;
	return confirm_page(req, resp, n.scheme_id, "news item", n.title,
	    arena_printf(req->arena, "/admin/news/%lld/delete", (long long)n.id),
	    "It will no longer be shown to anyone. You cannot undo this.");
}

static enum err
handle_news_delete(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id"), scheme_id = 0;
	enum err rc = app_news_delete(req->db, req->arena, req->auth, id, req->client_ip,
	    &scheme_id);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "done",
		    "deleted"));
		return ERR_OK;
	}
	resp_redirect(resp, req, admin_url(req, scheme_id, "news_deleted"));
	return ERR_OK;
}

/* ---- administration: resources ---- */

static const char *const resource_fields[] = {"title", "description", "category",
	"audience", "kind", "url", "file", NULL};

static void
read_resource(struct request *req, struct app_resource_in *in, struct app_doc_file *f)
{
	in->title = req_str(req, "title");
	in->description = req_str(req, "description");
	in->category = req_str(req, "category");
	in->audience = req_str(req, "audience");
	in->kind = req_str(req, "kind");
	in->url = req_str(req, "url");
	in->file = NULL;
	const struct upload *u = req_has(req, "file") ? req_file(req, "file") : NULL;
	if (u != NULL) {
		f->path = u->path;
		f->len = u->len;
		f->filename = u->filename;
		in->file = f;
	}
}

static enum err
resource_form(struct request *req, struct response *resp, int status, int64_t scheme_id,
    const struct db_resource *r)
{
	struct app_news_admin p;
	struct arena *a = req->arena;
	enum err rc = app_news_admin(req->db, a, req->auth, scheme_id, &p);
	if (rc != ERR_OK)
		return rc;
	bool back = req->method == HTTP_POST;
	json_t *m = json_object();
	json_put_s(m, "scheme_name", p.scheme.name);
	json_put_b(m, "is_edit", r != NULL);
	json_put_s(m, "action", r ? arena_printf(a, "/admin/resources/%lld/edit",
	    (long long)r->id) : arena_printf(a, "/admin/schemes/%lld/resources",
	    (long long)scheme_id));
	json_put_s(m, "back_url", arena_printf(a, "/admin/schemes/%lld/news",
	    (long long)scheme_id));
	json_put_s(m, "title", back ? req_str(req, "title") : r ? r->title : "");
	json_put_s(m, "description", back ? req_str(req, "description") :
	    r ? r->description : "");
	json_put_s(m, "category", back ? req_str(req, "category") : r ? r->category : "");
	json_put_s(m, "url", back ? req_str(req, "url") : r && strcmp(r->kind, "link") == 0 ?
	    r->url : "");
	const char *aud = back ? req_str(req, "audience") : r ? r->audience : "all";
	json_put_b(m, "is_all", strcmp(aud, "all") == 0);
	json_put_b(m, "is_mentors", strcmp(aud, "mentors") == 0);
	json_put_b(m, "is_mentees", strcmp(aud, "mentees") == 0);
	const char *kind = back ? req_str(req, "kind") : r ? r->kind : "";
	json_put_b(m, "is_link", strcmp(kind, "link") == 0);
	json_put_b(m, "is_file", strcmp(kind, "file") == 0);
	if (r != NULL && strcmp(r->kind, "file") == 0) {
		json_put_b(m, "has_file", true);
		json_put_s(m, "filename", r->filename);
		json_put_s(m, "size_words", size_words(a, r->size));
		json_put_s(m, "file_url", arena_printf(a, "/resources/%lld/file", (long long)r->id));
	}
	json_t *cats = json_array();
	for (size_t i = 0; i < p.ncategories; i++)
		json_array_append_new(cats, json_pack("{s:s}", "name", p.categories[i]));
	json_object_set_new(m, "categories", cats);
	json_put_b(m, "has_categories", p.ncategories > 0);
	json_put_s(m, "kinds_words", app_document_kinds_words(a, p.settings.document_types));
	json_put_s(m, "max_size", app_document_size_words(a, p.settings.document_max_kb));
	admin_menu(req, m, "", 0);
	page_field_errors(req, m, resource_fields);
	return page_render(req, resp, status, "admin-news-resource", m);
}

static enum err
handle_resource_new(struct request *req, struct response *resp)
{
	return resource_form(req, resp, 200, req_int(req, "id"), NULL);
}

static enum err
handle_resource_create(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	struct app_resource_in in;
	struct app_doc_file f;
	struct app_news_admin p;
	int64_t scheme_id = req_int(req, "id"), id = 0;
	enum err rc = app_news_admin(req->db, req->arena, req->auth, scheme_id, &p);
	if (rc != ERR_OK)
		return rc;
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL) {
		read_resource(req, &in, &f);
		rc = app_resource_add(req->db, req->arena, req->auth, scheme_id, &in,
		    data_dir(req), req->client_ip, &ps, &id);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
		page_add_problems(req, &ps);
	}
	if (rc != ERR_OK)
		return req->is_api ? page_invalid(req, resp, 422) :
		    resource_form(req, resp, 422, scheme_id, NULL);
	if (req->is_api) {
		struct db_resource r;
		if ((rc = app_resource_admin_get(req->db, req->arena, req->auth, id, &r)) !=
		    ERR_OK)
			return rc;
		resp_json(resp, req, 201, resource_json(req, &r, true));
		return ERR_OK;
	}
	resp_redirect(resp, req, admin_url(req, scheme_id, "resource_added"));
	return ERR_OK;
}

static enum err
handle_resource_edit(struct request *req, struct response *resp)
{
	struct db_resource r;
	enum err rc = app_resource_admin_get(req->db, req->arena, req->auth,
	    req_int(req, "id"), &r);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return page_respond(req, resp, 200, "admin-news-resource",
		    resource_json(req, &r, true));
	return resource_form(req, resp, 200, r.scheme_id, &r);
}

static enum err
handle_resource_update(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	struct app_resource_in in;
	struct app_doc_file f;
	struct db_resource r;
	int64_t id = req_int(req, "id");
	enum err rc = app_resource_admin_get(req->db, req->arena, req->auth, id, &r);
	if (rc != ERR_OK)
		return rc;
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL) {
		read_resource(req, &in, &f);
		rc = app_resource_edit(req->db, req->arena, req->auth, id, &in, data_dir(req),
		    req->client_ip, &ps);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
		page_add_problems(req, &ps);
	}
	if (rc != ERR_OK)
		return req->is_api ? page_invalid(req, resp, 422) :
		    resource_form(req, resp, 422, r.scheme_id, &r);
	if (req->is_api)
		return handle_resource_edit(req, resp);
	resp_redirect(resp, req, admin_url(req, r.scheme_id, "resource_saved"));
	return ERR_OK;
}

static enum err
handle_resource_confirm(struct request *req, struct response *resp)
{
	struct db_resource r;
	enum err rc = app_resource_admin_get(req->db, req->arena, req->auth,
	    req_int(req, "id"), &r);
	if (rc != ERR_OK)
		return rc;
	return confirm_page(req, resp, r.scheme_id, "resource", r.title,
	    arena_printf(req->arena, "/admin/resources/%lld/delete", (long long)r.id),
	    strcmp(r.kind, "file") == 0 ? "Its file will be deleted too, and no one will be "
	    "able to download it. You cannot undo this." :
	    "It will no longer be listed for anyone. You cannot undo this.");
}

static enum err
handle_resource_delete(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id"), scheme_id = 0;
	enum err rc = app_resource_delete(req->db, req->arena, req->auth, id, data_dir(req),
	    req->client_ip, &scheme_id);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "done",
		    "deleted"));
		return ERR_OK;
	}
	resp_redirect(resp, req, admin_url(req, scheme_id, "resource_deleted"));
	return ERR_OK;
}

/* ---- routes ---- */

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the number"}
#define DONE_PARAM {.name = "done", .type = P_CHOICE, .choices = dones, \
	.label = "what was done"}
#define DATE_PART(n, l) {.name = n, .type = P_STRING, .max_len = 10, .label = l}
#define AUDIENCE_PARAM {.name = "audience", .type = P_CHOICE, .choices = audiences, \
	.label = "who it is for"}
#define TITLE_PARAM {.name = "title", .type = P_STRING, .max_len = APP_NEWS_TITLE_MAX, \
	.label = "the title"}
/* the hard ceiling: a 50 MB file and the form around it */
#define UPLOAD_MAX (APP_DOC_CEILING + 64 * 1024)

static const struct param_spec by_id[] = {ID_PARAM, {0}};
static const struct param_spec none[] = {{0}};
static const struct param_spec admin_get[] = {ID_PARAM, DONE_PARAM, {0}};
static const struct param_spec news_post[] = {
	ID_PARAM, TITLE_PARAM,
	{.name = "body", .type = P_TEXT, .max_len = APP_NEWS_BODY_MAX, .label = "the news"},
	AUDIENCE_PARAM,
	DATE_PART("published_day", "the day published"),
	DATE_PART("published_month", "the month published"),
	DATE_PART("published_year", "the year published"),
	DATE_PART("until_day", "the day to show it until"),
	DATE_PART("until_month", "the month to show it until"),
	DATE_PART("until_year", "the year to show it until"),
	DATE_PART("published_on", "Date published"),
	DATE_PART("show_until", "Show until"),
	{0},
};
static const struct param_spec resource_post[] = {
	ID_PARAM, TITLE_PARAM,
	{.name = "description", .type = P_TEXT, .max_len = APP_RESOURCE_DESC_MAX,
	    .label = "the description"},
	{.name = "category", .type = P_STRING, .max_len = APP_RESOURCE_CATEGORY_MAX,
	    .label = "the category"},
	AUDIENCE_PARAM,
	{.name = "kind", .type = P_CHOICE, .choices = kinds,
	    .label = "whether it is a link or a file"},
	{.name = "url", .type = P_STRING, .max_len = APP_RESOURCE_URL_MAX,
	    .label = "the web address"},
	{.name = "file", .type = P_FILE, .max_len = APP_DOC_CEILING, .label = "a file to upload"},
	{0},
};

#define S ACCESS_SIGNED_IN
#define A ACCESS_SCHEME_ADMIN
#define F ROUTE_FORM
#define FU (ROUTE_FORM | ROUTE_UPLOAD)

const struct route news_routes[] = {
	{HTTP_GET, "/news", handle_news_list, S, none, 0, 0},
	{HTTP_GET, "/news/{id:int}", handle_news_get, S, by_id, 0, 0},
	{HTTP_GET, "/resources", handle_resources, S, none, 0, 0},
	{HTTP_GET, "/resources/{id:int}/file", handle_resource_file, S, by_id, 0, 0},
	{HTTP_GET, "/admin/schemes/{id:int}/news", handle_admin, A, admin_get, 0, 0},
	{HTTP_GET, "/admin/schemes/{id:int}/news/new", handle_news_new, A, by_id, 0, 0},
	{HTTP_POST, "/admin/schemes/{id:int}/news", handle_news_create, A, news_post, F, 0},
	{HTTP_GET, "/admin/news/{id:int}/edit", handle_news_edit, A, by_id, 0, 0},
	{HTTP_POST, "/admin/news/{id:int}/edit", handle_news_update, A, news_post, F, 0},
	{HTTP_GET, "/admin/news/{id:int}/delete", handle_news_confirm, A, by_id, 0, 0},
	{HTTP_POST, "/admin/news/{id:int}/delete", handle_news_delete, A, by_id, 0, 0},
	{HTTP_GET, "/admin/schemes/{id:int}/resources/new", handle_resource_new, A, by_id, 0,
	    0},
	{HTTP_POST, "/admin/schemes/{id:int}/resources", handle_resource_create, A,
	    resource_post, FU, UPLOAD_MAX},
	{HTTP_GET, "/admin/resources/{id:int}/edit", handle_resource_edit, A, by_id, 0, 0},
	{HTTP_POST, "/admin/resources/{id:int}/edit", handle_resource_update, A,
	    resource_post, FU, UPLOAD_MAX},
	{HTTP_GET, "/admin/resources/{id:int}/delete", handle_resource_confirm, A, by_id, 0,
	    0},
	{HTTP_POST, "/admin/resources/{id:int}/delete", handle_resource_delete, A, by_id, 0,
	    0},

	{HTTP_GET, "/api/v1/news", handle_news_list, S, none, 0, 0},
	{HTTP_GET, "/api/v1/news/{id:int}", handle_news_get, S, by_id, 0, 0},
	{HTTP_GET, "/api/v1/resources", handle_resources, S, none, 0, 0},
	{HTTP_GET, "/api/v1/resources/{id:int}/file", handle_resource_file, S, by_id, 0, 0},
	{HTTP_GET, "/api/v1/admin/schemes/{id:int}/news", handle_admin, A, admin_get, 0, 0},
	{HTTP_POST, "/api/v1/admin/schemes/{id:int}/news", handle_news_create, A, news_post,
	    F, 0},
	{HTTP_GET, "/api/v1/admin/news/{id:int}", handle_news_edit, A, by_id, 0, 0},
	{HTTP_POST, "/api/v1/admin/news/{id:int}", handle_news_update, A, news_post, F, 0},
	{HTTP_DELETE, "/api/v1/admin/news/{id:int}", handle_news_delete, A, by_id, 0, 0},
	{HTTP_POST, "/api/v1/admin/news/{id:int}/delete", handle_news_delete, A, by_id, 0, 0},
	{HTTP_POST, "/api/v1/admin/schemes/{id:int}/resources", handle_resource_create, A,
	    resource_post, FU, UPLOAD_MAX},
	{HTTP_GET, "/api/v1/admin/resources/{id:int}", handle_resource_edit, A, by_id, 0, 0},
	{HTTP_POST, "/api/v1/admin/resources/{id:int}", handle_resource_update, A,
	    resource_post, FU, UPLOAD_MAX},
	{HTTP_DELETE, "/api/v1/admin/resources/{id:int}", handle_resource_delete, A, by_id, 0,
	    0},
	{HTTP_POST, "/api/v1/admin/resources/{id:int}/delete", handle_resource_delete, A,
	    by_id, 0, 0},
};

#undef S
#undef A
#undef F
#undef FU

const size_t news_nroutes = sizeof(news_routes) / sizeof(news_routes[0]);
