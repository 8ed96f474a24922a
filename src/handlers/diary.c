/*
 * diary.c - the learning diary (NOTE-4) and guides (NOTE-6): the pages
 * and their /api/v1 twins.
 *
 *   /diary                      my entries, newest first, and "Shared with you"
 *   /diary/new                  GET form (?guide_page=ID prefills the title and
 *                               the page's reflection prompt), POST adds
 *   /diary/{id}                 one entry (the author, or the partner it is
 *                               shared with)
 *   /diary/{id}/edit            GET form, POST saves
 *   /diary/{id}/delete          GET confirm, POST deletes
 *   /diary/{id}/share           POST shared=true|false
 *   /guides, /guides/{id}, /guides/{id}/pages/{n}, POST .../read
 *   /admin/schemes/{id}/guides  a scheme's guides; POST adds one
 *   /admin/guides/{id}          edit a guide and list its pages; /publish,
 *                               /move, /delete, /pages/new
 *   /admin/guide-pages/{id}     edit a page; /move, /delete
 *   /api/v1/...                 the same under /api/v1 (docs/api-diary.md)
 *
 * Who may see what is app/diary.c's decision: anything me may not read
 * is ERR_NOT_FOUND (404), whoever me is, administrators included.  Bad
 * input re-renders the form with the message beside the field and what
 * was typed (422; the API: {"error": {code, message, fields}}); a shared
 * entry of an ended relationship, or sharing on one, is 409.
 */
#include "handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#include "app/date.h"
#include "app/diary.h"
#include "core/arena.h"
#include "core/tz.h"
#include "view/json.h"

/* ---- small helpers ---- */

/* The first sentence app gave with no field, or `fallback`. */
static const char *
general_problem(const struct app_problems *ps, const char *fallback)
{
	for (size_t i = 0; i < ps->n; i++)
		if (ps->p[i].field == NULL || *ps->p[i].field == '\0')
			return ps->p[i].message;
	return fallback;
}

static const char *
done_message(const char *done)
{
	static const struct { const char *done, *message; } map[] = {
		{"added", "Your diary entry has been saved."},
		{"saved", "Your diary entry has been saved."},
		{"deleted", "Your diary entry has been deleted."},
		{"shared", "Your diary entry is now shared. We have emailed the other person."},
		{"unshared", "Your diary entry is no longer shared. Only you can see it."},
		{"completed", "You have finished this guide."},
		{"guide_added", "The guide has been added."},
		{"guide_saved", "The guide has been saved."},
		{"guide_deleted", "The guide has been deleted."},
		{"published", "The guide is published."},
		{"unpublished", "The guide is no longer published."},
		{"moved", "The order has been changed."},
		{"page_added", "The page has been added."},
		{"page_saved", "The page has been saved."},
		{"page_deleted", "The page has been deleted."},
	};
	for (size_t i = 0; done && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].done, done) == 0)
			return map[i].message;
	return NULL;
}

static const char *const dones[] = {"added", "saved", "deleted", "shared", "unshared",
	"completed", "guide_added", "guide_saved", "guide_deleted", "published",
	"unpublished", "moved", "page_added", "page_saved", "page_deleted", NULL};

static const struct app_auth *
me_of(const struct request *req)
{
	return req->auth;
}

/* Text as paragraphs (blank lines split them), each escaped by the
 * template. */
static json_t *
paragraphs(const char *text)
{
	json_t *list = json_array();
	const char *p = text ? text : "";
	while (*p != '\0') {
		while (*p == '\n' || *p == '\r')
			p++;
		if (*p == '\0')
			break;
		const char *end = strstr(p, "\n\n");
		const char *crlf = strstr(p, "\r\n\r\n");
		if (crlf != NULL && (end == NULL || crlf < end))
			end = crlf;
		size_t len = end ? (size_t)(end - p) : strlen(p);
		json_array_append_new(list, json_pack("{s:s%}", "text", p, len));
		p += len;
	}
	return list;
}

static const char *
session_text(struct arena *a, int64_t starts_at, const char *zone)
{
	struct tz_local l;
	if (starts_at <= 0)
		return "";
	tz_to_local(tz_or_default(zone), starts_at, &l);
	return app_session_words(a, arena_printf(a, "%04d-%02d-%02dT%02d:%02d", l.year,
	    l.month, l.day, l.hour, l.minute), false);
}

/* "Mentoring Tom Hughes" / "Mentored by Chidi Okafor", as seen by who. */
static const char *
rel_label(struct arena *a, int64_t who, int64_t mentor_id, const char *mentor_name,
    const char *mentee_name)
{
	return who == mentor_id ? arena_printf(a, "Mentoring %s", mentee_name) :
	    arena_printf(a, "Mentored by %s", mentor_name);
}

/* ---- diary entries ---- */

static json_t *
entry_json(struct request *req, const struct db_diary_entry *e, bool full)
{
	struct arena *a = req->arena;
	const struct app_auth *me = me_of(req);
	bool mine = app_diary_is_author(me, e);
	bool live = strcmp(e->rel_status, "active") == 0;
	json_t *o = json_object();

	json_put_i(o, "id", e->id);
	json_put_s(o, "title", e->title);
	json_put_s(o, "entry_date", e->entry_date);
	json_put_s(o, "date_text", app_date_words(a, e->entry_date));
	json_put_s(o, "url", arena_printf(a, "/diary/%lld", (long long)e->id));
	json_put_b(o, "is_mine", mine);
	json_put_b(o, "is_shared", e->is_shared);
	json_put_s(o, "author_name", e->author_name);
	if (full)
		json_put_s(o, "body", e->body);
	if (!req->is_api && full)
		json_object_set_new(o, "paragraphs", paragraphs(e->body));
	json_put_i(o, "relationship_id", e->relationship_id);
	json_put_s(o, "relationship", e->relationship_id ? rel_label(a, e->author_id,
	    e->mentor_id, e->mentor_name, e->mentee_name) : "");
	json_put_b(o, "is_relationship_live", e->relationship_id != 0 && live);
	json_put_i(o, "session_id", e->session_id);
	json_put_s(o, "session", session_text(a, e->session_starts_at, e->time_zone));
	json_put_i(o, "guide_page_id", e->guide_page_id);
	json_put_s(o, "guide_page", e->guide_page_id ? arena_printf(a, "%s: %s",
	    e->guide_title, e->page_title) : "");
	json_put_s(o, "guide_page_url", e->guide_page_id ? arena_printf(a,
	    "/guides/%lld/pages/%lld", (long long)e->guide_id,
	    (long long)e->page_position) : "");
	json_put_i(o, "stage_id", e->stage_id);
	json_put_s(o, "stage", e->stage_name);
	if (mine) {
		json_put_b(o, "can_edit", !(e->is_shared && !live));
		json_put_b(o, "can_share", !e->is_shared && e->relationship_id != 0 && live);
		json_put_s(o, "partner_name", e->relationship_id == 0 ? "" :
		    e->author_id == e->mentor_id ? e->mentee_name : e->mentor_name);
		json_put_s(o, "edit_url", arena_printf(a, "/diary/%lld/edit", (long long)e->id));
		json_put_s(o, "delete_url", arena_printf(a, "/diary/%lld/delete",
		    (long long)e->id));
	}
	json_put_s(o, "updated", app_time_words(a, e->updated_at, false));
	return o;
}

static enum err
handle_diary_list(struct request *req, struct response *resp)
{
	struct db_diary_entry *mine, *shared;
	size_t nmine, nshared;
	enum err rc = app_diary_list(req->db, req->arena, me_of(req), &mine, &nmine, &shared,
	    &nshared);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object(), *a = json_array(), *b = json_array();
	for (size_t i = 0; i < nmine; i++)
		json_array_append_new(a, entry_json(req, &mine[i], false));
	for (size_t i = 0; i < nshared; i++)
		json_array_append_new(b, entry_json(req, &shared[i], false));
	json_object_set_new(m, "entries", a);
	json_object_set_new(m, "shared_with_me", b);
	if (!req->is_api) {
		json_put_b(m, "has_entries", nmine > 0);
		json_put_b(m, "has_shared", nshared > 0);
		json_put_s(m, "done_message", done_message(req_str(req, "done")));
	}
	return page_respond(req, resp, 200, "diary", m);
}

static enum err
handle_diary_get(struct request *req, struct response *resp)
{
	struct db_diary_entry e;
	enum err rc = app_diary_get(req->db, req->arena, me_of(req), req_int(req, "id"), &e);
	if (rc != ERR_OK)
		return rc;
	json_t *m = entry_json(req, &e, true);
	if (!req->is_api)
		json_put_s(m, "done_message", done_message(req_str(req, "done")));
	return page_respond(req, resp, 200, "diary-entry", m);
}

static const char *const entry_fields[] = {"title", "entry_date", "body",
	"relationship_id", "session_id", "guide_page_id", "stage_id", NULL};

/* One <option> row. */
static void
option(json_t *list, int64_t value, const char *label, int64_t selected)
{
	json_array_append_new(list, json_pack("{s:I, s:s, s:b}", "value", (json_int_t)value,
	    "label", label, "is_selected", value == selected));
}

/* The add/edit form: what was typed (POST), the entry (edit) or the
 * prefill (a guide page's prompt), and the problems beside the fields. */
static enum err
entry_form(struct request *req, struct response *resp, int status, int64_t id,
    const struct db_diary_entry *e)
{
	struct arena *a = req->arena;
	const struct app_auth *me = me_of(req);
	bool is_post = req->method == HTTP_POST;
	struct app_diary_options opt;
	enum err rc = app_diary_options(req->db, a, me, &opt);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	const char *title = "", *body = "", *iso = "";
	int64_t rel = 0, ses = 0, page = 0, stage = 0;
	char today[11];

	app_today(today);
	if (is_post) {
		title = req_str(req, "title");
		body = req_str(req, "body");
		rel = req_int(req, "relationship_id");
		ses = req_int(req, "session_id");
		page = req_int(req, "guide_page_id");
		stage = req_int(req, "stage_id");
	} else if (e != NULL) {
		title = e->title;
		body = e->body;
		iso = e->entry_date;
		rel = e->relationship_id;
		ses = e->session_id;
		page = e->guide_page_id;
		stage = e->stage_id;
	} else {
		iso = today;
		page = req_int(req, "guide_page");
		struct db_guide g;
		struct db_guide_page p;
		if (page != 0 && app_guide_page_by_id(req->db, a, me, page, &g, &p) == ERR_OK) {
			title = arena_printf(a, "Reflection: %s", p.title);
			json_put_s(m, "prompt", p.prompt);
			json_put_s(m, "prompt_source", arena_printf(a, "%s: %s", g.title, p.title));
			json_put_s(m, "prompt_url", arena_printf(a, "/guides/%lld/pages/%lld",
			    (long long)g.id, (long long)p.position));
		} else {
			page = 0;
		}
	}
	if (is_post) {
		json_put_s(m, "entry_day", req_str(req, "entry_day"));
		json_put_s(m, "entry_month", req_str(req, "entry_month"));
		json_put_s(m, "entry_year", req_str(req, "entry_year"));
	} else {
		int y = 0, mo = 0, d = 0;
		bool ok = app_date_is_real(iso) && sscanf(iso, "%4d-%2d-%2d", &y, &mo, &d) == 3;
		json_put_s(m, "entry_day", ok ? arena_printf(a, "%d", d) : "");
		json_put_s(m, "entry_month", ok ? arena_printf(a, "%d", mo) : "");
		json_put_s(m, "entry_year", ok ? arena_printf(a, "%d", y) : "");
	}
	json_put_s(m, "title", title);
	json_put_s(m, "body", body);
	json_put_b(m, "is_edit", id != 0);
	json_put_i(m, "id", id);
	json_put_s(m, "action", id ? arena_printf(a, "/diary/%lld/edit", (long long)id) :
	    "/diary/new");

	json_t *rels = json_array(), *sess = json_array(), *pages = json_array(),
	    *stages = json_array();
	for (size_t i = 0; i < opt.nrels; i++) {
		const struct db_relationship *r = &opt.rels[i];
		option(rels, r->id, arena_printf(a, "%s (%s)%s", rel_label(a, me->user_id,
		    r->mentor_id, r->mentor_name, r->mentee_name), r->scheme_name,
		    strcmp(r->status, "active") == 0 ? "" : ", ended"), rel);
	}
	for (size_t i = 0; i < opt.nsessions; i++) {
		const struct db_msession *s = &opt.sessions[i];
		option(sess, s->id, arena_printf(a, "%s, %s", session_text(a, s->starts_at,
		    s->time_zone), rel_label(a, me->user_id, s->mentor_id, s->mentor_name,
		    s->mentee_name)), ses);
	}
	for (size_t i = 0; i < opt.npages; i++)
		option(pages, opt.pages[i].id, arena_printf(a, "%s: %s", opt.pages[i].guide_title,
		    opt.pages[i].title), page);
	for (size_t i = 0; i < opt.nstages; i++)
		option(stages, opt.stages[i].id, arena_printf(a, "%s (%s)", opt.stages[i].name,
		    opt.stages[i].scheme_name), stage);
	json_object_set_new(m, "relationships", rels);
	json_object_set_new(m, "sessions", sess);
	json_object_set_new(m, "guide_pages", pages);
	json_object_set_new(m, "stages", stages);
	json_put_b(m, "has_relationships", opt.nrels > 0);
	json_put_b(m, "has_sessions", opt.nsessions > 0);
	json_put_b(m, "has_guide_pages", opt.npages > 0);
	json_put_b(m, "has_stages", opt.nstages > 0);
	json_put_b(m, "is_shared", e != NULL && e->is_shared);
	page_field_errors(req, m, entry_fields);
	return page_render(req, resp, status, "diary-form", m);
}

static enum err
handle_diary_new(struct request *req, struct response *resp)
{
	return entry_form(req, resp, 200, 0, NULL);
}

/* What was sent: the API's entry_date, or the page's date boxes. */
static void
read_entry(struct request *req, struct app_diary_in *in)
{
	in->title = req_str(req, "title");
	in->body = req_str(req, "body");
	in->relationship_id = req_int(req, "relationship_id");
	in->session_id = req_int(req, "session_id");
	in->guide_page_id = req_int(req, "guide_page_id");
	in->stage_id = req_int(req, "stage_id");
	if (req->is_api) {
		in->entry_date = req_str(req, "entry_date");
		return;
	}
	static const char *const parts[] = {"entry_day", "entry_month", "entry_year"};
	for (struct field_error *e = req->errors; e != NULL; e = e->next)
		for (size_t i = 0; i < 3; i++)
			if (strcmp(e->field, parts[i]) == 0)
				e->field = "entry_date";
	const char *why = NULL;
	in->entry_date = "";
	if (app_date_from_parts(req->arena, "Date", req_str(req, "entry_day"),
	    req_str(req, "entry_month"), req_str(req, "entry_year"), &in->entry_date,
	    &why) != ERR_OK && req_error(req, "entry_date") == NULL)
		req_add_error(req, "entry_date", why);
}

/* After app answered a write: the 409 refusal, the form again with the
 * problems (422), or ERR_OK to go on.  *handled says whether a
 * response was made. */
static enum err
form_outcome(struct request *req, struct response *resp, enum err rc,
    const struct app_problems *ps, int64_t id, const struct db_diary_entry *e,
    bool *handled)
{
	*handled = true;
	if (rc == ERR_CONFLICT)
		return page_refuse(req, resp, 409, "conflict", general_problem(ps,
		    APP_DIARY_ENDED));
	if (rc != ERR_OK && rc != ERR_BAD_INPUT)
		return rc;
	page_add_problems(req, ps);
	if (rc != ERR_OK || req->errors != NULL) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return entry_form(req, resp, 422, id, e);
	}
	*handled = false;
	return ERR_OK;
}

static enum err
handle_diary_create(struct request *req, struct response *resp)
{
	struct app_diary_in in;
	struct app_problems ps = {0};
	int64_t id = 0;
	bool handled;
	enum err rc = ERR_BAD_INPUT;

	read_entry(req, &in);
	if (req->errors == NULL)
		rc = app_diary_create(req->db, req->arena, me_of(req), &in, &ps, &id);
	else
		app_diary_check(&in, &ps);
	rc = form_outcome(req, resp, rc, &ps, 0, NULL, &handled);
	if (handled)
		return rc;
	if (req->is_api) {
		struct db_diary_entry e;
		if ((rc = app_diary_get(req->db, req->arena, me_of(req), id, &e)) != ERR_OK)
			return rc;
		resp_json(resp, req, 201, entry_json(req, &e, true));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "/diary/%lld?done=added",
	    (long long)id));
	return ERR_OK;
}

/* One of me's own entries (the partner gets 404 for edit and delete). */
static enum err
own_entry(struct request *req, int64_t id, struct db_diary_entry *e)
{
	enum err rc = app_diary_get(req->db, req->arena, me_of(req), id, e);
	if (rc == ERR_OK && !app_diary_is_author(me_of(req), e))
		rc = ERR_NOT_FOUND;
	return rc;
}

static enum err
handle_diary_edit(struct request *req, struct response *resp)
{
	struct db_diary_entry e;
	int64_t id = req_int(req, "id");
	enum err rc = own_entry(req, id, &e);
	if (rc != ERR_OK)
		return rc;
	if (e.is_shared && strcmp(e.rel_status, "active") != 0)
		return page_refuse(req, resp, 409, "conflict", APP_DIARY_ENDED);
	return entry_form(req, resp, 200, id, &e);
}

static enum err
handle_diary_update(struct request *req, struct response *resp)
{
	struct db_diary_entry e;
	struct app_diary_in in;
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id");
	bool handled;
	enum err rc = own_entry(req, id, &e);

	if (rc != ERR_OK)
		return rc;
	read_entry(req, &in);
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL)
		rc = app_diary_update(req->db, req->arena, me_of(req), id, &in, &ps);
	else
		app_diary_check(&in, &ps);
	rc = form_outcome(req, resp, rc, &ps, id, &e, &handled);
	if (handled)
		return rc;
	if (req->is_api) {
		if ((rc = app_diary_get(req->db, req->arena, me_of(req), id, &e)) != ERR_OK)
			return rc;
		resp_json(resp, req, 200, entry_json(req, &e, true));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "/diary/%lld?done=saved",
	    (long long)id));
	return ERR_OK;
}

static enum err
handle_diary_confirm(struct request *req, struct response *resp)
{
	struct db_diary_entry e;
	enum err rc = own_entry(req, req_int(req, "id"), &e);
	if (rc != ERR_OK)
		return rc;
	return page_render(req, resp, 200, "diary-delete", entry_json(req, &e, false));
}

static enum err
handle_diary_delete(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	enum err rc = app_diary_delete(req->db, req->arena, me_of(req), id, req->client_ip);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id,
		    "done", "deleted"));
		return ERR_OK;
	}
	resp_redirect(resp, req, "/diary?done=deleted");
	return ERR_OK;
}

static enum err
handle_diary_share(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id");
	bool shared = req_bool(req, "shared");
	enum err rc = app_diary_share(req->db, req->arena, me_of(req), id, shared,
	    page_link_base(req), req->client_ip, &ps);

	if (rc == ERR_CONFLICT)
		return page_refuse(req, resp, 409, "conflict", general_problem(&ps, APP_DIARY_ENDED));
	if (rc == ERR_BAD_INPUT) {
		page_add_problems(req, &ps);
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return page_refuse(req, resp, 422, "invalid", APP_DIARY_NOT_SHAREABLE);
	}
	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		struct db_diary_entry e;
		if ((rc = app_diary_get(req->db, req->arena, me_of(req), id, &e)) != ERR_OK)
			return rc;
		resp_json(resp, req, 200, entry_json(req, &e, true));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "/diary/%lld?done=%s",
	    (long long)id, shared ? "shared" : "unshared"));
	return ERR_OK;
}

/* ---- My activity (activity.c asks) ---- */

enum err
activity_diary_model(struct request *req, json_t *m, const char *from, const char *to)
{
	struct db_diary_entry *e;
	size_t n;
	enum err rc = app_diary_between(req->db, req->arena, me_of(req), from, to, &e, &n);
	if (rc != ERR_OK)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:s}",
		    "id", (json_int_t)e[i].id, "title", e[i].title, "date", e[i].entry_date,
		    "date_text", app_date_words(req->arena, e[i].entry_date),
		    "url", arena_printf(req->arena, "/diary/%lld", (long long)e[i].id)));
	json_object_set_new(m, "diary", list);
	json_put_i(m, "diary_count", (int64_t)n);
	return ERR_OK;
}

/* ---- guides for participants ---- */

static const char *
progress_text(struct arena *a, const struct db_guide *g)
{
	if (g->npages > 0 && g->nread >= g->npages)
		return "Completed";
	if (g->nread == 0)
		return "Not started";
	return arena_printf(a, "%lld of %lld pages read", (long long)g->nread,
	    (long long)g->npages);
}

static const char *
audience_label(const char *audience)
{
	return strcmp(audience, "mentors") == 0 ? "Mentors" :
	    strcmp(audience, "mentees") == 0 ? "Mentees" : "Mentors and mentees";
}

static json_t *
guide_json(struct request *req, const struct db_guide *g)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	json_put_i(o, "id", g->id);
	json_put_i(o, "scheme_id", g->scheme_id);
	json_put_s(o, "scheme_name", g->scheme_name);
	json_put_s(o, "title", g->title);
	json_put_s(o, "summary", g->summary);
	json_put_s(o, "audience", g->audience);
	json_put_s(o, "audience_label", audience_label(g->audience));
	json_put_i(o, "position", g->position);
	json_put_b(o, "is_published", g->is_published);
	json_put_b(o, "is_before_matching", g->is_before_matching);
	json_put_i(o, "pages", g->npages);
	json_put_i(o, "pages_read", g->nread);
	json_put_b(o, "is_completed", g->npages > 0 && g->nread >= g->npages);
	json_put_i(o, "completed_at", g->completed_at);
	json_put_s(o, "progress", progress_text(a, g));
	json_put_s(o, "url", arena_printf(a, "/guides/%lld", (long long)g->id));
	return o;
}

static enum err
handle_guides(struct request *req, struct response *resp)
{
	struct db_guide *g;
	size_t n;
	enum err rc = app_guides_mine(req->db, req->arena, me_of(req), &g, &n);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object(), *list = json_array(), *first = json_array(),
	    *rest = json_array();
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(list, guide_json(req, &g[i]));
		if (!req->is_api)
			json_array_append_new(g[i].is_before_matching ? first : rest,
			    guide_json(req, &g[i]));
	}
	json_object_set_new(m, "guides", list);
	if (req->is_api) {
		json_decref(first);
		json_decref(rest);
	} else {
		json_put_b(m, "has_guides", n > 0);
		json_put_b(m, "has_before", json_array_size(first) > 0);
		json_put_b(m, "has_rest", json_array_size(rest) > 0);
		json_object_set_new(m, "before_matching", first);
		json_object_set_new(m, "other_guides", rest);
	}
	return page_respond(req, resp, 200, "guides", m);
}

static json_t *
page_row(struct request *req, const struct db_guide *g, const struct db_guide_page *p)
{
	json_t *o = json_object();
	json_put_i(o, "id", p->id);
	json_put_i(o, "n", p->position);
	json_put_s(o, "title", p->title);
	json_put_b(o, "is_read", p->is_read);
	json_put_b(o, "has_prompt", *p->prompt != '\0');
	json_put_s(o, "url", arena_printf(req->arena, "/guides/%lld/pages/%lld",
	    (long long)g->id, (long long)p->position));
	return o;
}

static enum err
handle_guide(struct request *req, struct response *resp)
{
	struct db_guide g;
	struct db_guide_page *p;
	size_t n;
	enum err rc = app_guide_open(req->db, req->arena, me_of(req), req_int(req, "id"), &g,
	    &p, &n);
	if (rc != ERR_OK)
		return rc;
	json_t *m = guide_json(req, &g), *list = json_array();
	int64_t next = 0;
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(list, page_row(req, &g, &p[i]));
		if (next == 0 && !p[i].is_read)
			next = p[i].position;
	}
	json_object_set_new(m, "page_list", list);
	json_put_b(m, "has_pages", n > 0);
	json_put_s(m, "start_url", n == 0 ? "" : arena_printf(req->arena,
	    "/guides/%lld/pages/%lld", (long long)g.id, (long long)(next ? next : 1)));
	json_put_s(m, "start_label", g.nread == 0 ? "Start the guide" :
	    next ? "Continue where you left off" : "Read it again");
	if (!req->is_api)
		json_put_s(m, "done_message", done_message(req_str(req, "done")));
	return page_respond(req, resp, 200, "guide", m);
}

static enum err
handle_guide_page(struct request *req, struct response *resp)
{
	struct arena *a = req->arena;
	struct db_guide g;
	struct db_guide_page p;
	int64_t gid = req_int(req, "id"), n = req_int(req, "n");
	enum err rc = app_guide_page_open(req->db, a, me_of(req), gid, n, &g, &p);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	json_object_set_new(m, "guide", guide_json(req, &g));
	json_put_i(m, "id", p.id);
	json_put_i(m, "n", n);
	json_put_i(m, "npages", g.npages);
	json_put_s(m, "title", p.title);
	json_put_s(m, "body", p.body);
	json_put_s(m, "prompt", p.prompt);
	json_put_b(m, "has_prompt", *p.prompt != '\0');
	json_put_b(m, "is_read", p.is_read);
	json_put_s(m, "diary_url", *p.prompt ? arena_printf(a, "/diary/new?guide_page=%lld",
	    (long long)p.id) : "");
	json_put_s(m, "previous_url", n > 1 ? arena_printf(a, "/guides/%lld/pages/%lld",
	    (long long)gid, (long long)(n - 1)) : "");
	json_put_s(m, "next_url", n < g.npages ? arena_printf(a, "/guides/%lld/pages/%lld",
	    (long long)gid, (long long)(n + 1)) : "");
	json_put_s(m, "read_url", arena_printf(a, "/guides/%lld/pages/%lld/read",
	    (long long)gid, (long long)n));
	json_put_b(m, "is_last", n >= g.npages);
	if (!req->is_api)
		json_object_set_new(m, "paragraphs", paragraphs(p.body));
	return page_respond(req, resp, 200, "guide-page", m);
}

static enum err
handle_guide_read(struct request *req, struct response *resp)
{
	int64_t gid = req_int(req, "id"), n = req_int(req, "n");
	enum err rc = app_guide_mark_read(req->db, req->arena, me_of(req), gid, n);
	if (rc != ERR_OK)
		return rc;
	struct db_guide g;
	struct db_guide_page *p;
	size_t np;
	if ((rc = app_guide_open(req->db, req->arena, me_of(req), gid, &g, &p, &np)) != ERR_OK)
		return rc;
	if (req->is_api) {
		resp_json(resp, req, 200, guide_json(req, &g));
		return ERR_OK;
	}
	resp_redirect(resp, req, n < g.npages ? arena_printf(req->arena,
	    "/guides/%lld/pages/%lld", (long long)gid, (long long)(n + 1)) :
	    arena_printf(req->arena, "/guides/%lld?done=completed", (long long)gid));
	return ERR_OK;
}

/* ---- guides for administrators ---- */

static const char *const audiences[] = {"all", "mentors", "mentees", NULL};
static const char *const guide_fields[] = {"title", "summary", "audience", NULL};
static const char *const page_fields[] = {"title", "body", "prompt", NULL};

static void
guide_form_values(struct request *req, json_t *m, const struct db_guide *g)
{
	bool is_post = req->method == HTTP_POST;
	const char *aud = is_post ? req_str(req, "audience") : g ? g->audience : "all";
	json_put_s(m, "form_title", is_post ? req_str(req, "title") : g ? g->title : "");
	json_put_s(m, "form_summary", is_post ? req_str(req, "summary") : g ? g->summary : "");
	json_put_b(m, "form_published", is_post ? req_bool(req, "published") :
	    g ? g->is_published : false);
	json_put_b(m, "form_before_matching", is_post ? req_bool(req, "before_matching") :
	    g ? g->is_before_matching : false);
	json_t *list = json_array();
	for (size_t i = 0; audiences[i] != NULL; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:b}", "value",
		    audiences[i], "label", audience_label(audiences[i]), "id", i == 0 ?
		    "audience" : arena_printf(req->arena, "audience-%s", audiences[i]),
		    "is_checked", strcmp(aud, audiences[i]) == 0));
	json_object_set_new(m, "audiences", list);
	page_field_errors(req, m, guide_fields);
}

static enum err
admin_guides_page(struct request *req, struct response *resp, int status)
{
	struct db_scheme s;
	struct db_guide *g;
	size_t n;
	int64_t sid = req_int(req, "id");
	enum err rc = app_guides_of_scheme(req->db, req->arena, me_of(req), sid, &s, &g, &n);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api && status >= 400)
		return page_invalid(req, resp, status);
	json_t *m = json_object(), *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = guide_json(req, &g[i]);
		json_put_s(o, "edit_url", arena_printf(req->arena, "/admin/guides/%lld",
		    (long long)g[i].id));
		json_put_b(o, "is_first", i == 0);
		json_put_b(o, "is_last", i + 1 == n);
		json_array_append_new(list, o);
	}
	json_put_i(m, "scheme_id", sid);
	json_put_s(m, "scheme_name", s.name);
	json_object_set_new(m, "guides", list);
	if (!req->is_api) {
		json_put_b(m, "has_guides", n > 0);
		json_put_s(m, "journey_url", arena_printf(req->arena, "/admin/schemes/%lld/journey",
		    (long long)sid));
		guide_form_values(req, m, NULL);
		admin_menu(req, m, "", sid);
		if (status == 200)
			json_put_s(m, "done_message", done_message(req_str(req, "done")));
	}
	return page_respond(req, resp, status, "admin-guides", m);
}

static enum err
handle_admin_guides(struct request *req, struct response *resp)
{
	return admin_guides_page(req, resp, 200);
}

static void
read_guide(struct request *req, struct app_guide_in *in)
{
	in->title = req_str(req, "title");
	in->summary = req_str(req, "summary");
	in->audience = req_has(req, "audience") && *req_str(req, "audience") ?
	    req_str(req, "audience") : "";
	in->is_published = req_bool(req, "published");
	in->is_before_matching = req_bool(req, "before_matching");
}

static enum err
admin_guide_page(struct request *req, struct response *resp, int status, int64_t id)
{
	struct db_guide g;
	struct db_guide_page *p;
	size_t n;
	enum err rc = app_guide_admin_get(req->db, req->arena, me_of(req), id, &g, &p, &n);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api && status >= 400)
		return page_invalid(req, resp, status);
	json_t *m = guide_json(req, &g), *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = page_row(req, &g, &p[i]);
		json_put_s(o, "prompt", p[i].prompt);
		json_put_s(o, "edit_url", arena_printf(req->arena, "/admin/guide-pages/%lld",
		    (long long)p[i].id));
		json_put_b(o, "is_first", i == 0);
		json_put_b(o, "is_last", i + 1 == n);
		if (req->is_api)
			json_put_s(o, "body", p[i].body);
		json_array_append_new(list, o);
	}
	json_object_set_new(m, "page_list", list);
	if (!req->is_api) {
		json_put_b(m, "has_pages", n > 0);
		json_put_s(m, "back_url", arena_printf(req->arena, "/admin/schemes/%lld/guides",
		    (long long)g.scheme_id));
		guide_form_values(req, m, &g);
		admin_menu(req, m, "", g.scheme_id);
		if (status == 200)
			json_put_s(m, "done_message", done_message(req_str(req, "done")));
	}
	return page_respond(req, resp, status, "admin-guides-guide", m);
}

static enum err
handle_admin_guide(struct request *req, struct response *resp)
{
	return admin_guide_page(req, resp, 200, req_int(req, "id"));
}

static enum err
handle_guide_create(struct request *req, struct response *resp)
{
	struct app_guide_in in;
	struct app_problems ps = {0};
	int64_t sid = req_int(req, "id"), id = 0;
	enum err rc = ERR_BAD_INPUT;

	read_guide(req, &in);
	if (req->errors == NULL)
		rc = app_guide_create(req->db, req->arena, me_of(req), sid, &in, req->client_ip,
		    &ps, &id);
	else if (!app_is_scheme_admin(me_of(req), sid))
		rc = ERR_NOT_FOUND;
	if (rc != ERR_OK && rc != ERR_BAD_INPUT)
		return rc;
	page_add_problems(req, &ps);
	if (rc != ERR_OK || req->errors != NULL)
		return admin_guides_page(req, resp, 422);
	if (req->is_api)
		return admin_guide_page(req, resp, 201, id);
	resp_redirect(resp, req, arena_printf(req->arena, "/admin/guides/%lld?done=guide_added",
	    (long long)id));
	return ERR_OK;
}

static enum err
handle_guide_update(struct request *req, struct response *resp)
{
	struct app_guide_in in;
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id");
	struct db_guide g;
	enum err rc = app_guide_admin_get(req->db, req->arena, me_of(req), id, &g, NULL, NULL);

	if (rc != ERR_OK)
		return rc;
	read_guide(req, &in);
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL)
		rc = app_guide_update(req->db, req->arena, me_of(req), id, &in, req->client_ip,
		    &ps);
	if (rc != ERR_OK && rc != ERR_BAD_INPUT)
		return rc;
	page_add_problems(req, &ps);
	if (rc != ERR_OK || req->errors != NULL)
		return admin_guide_page(req, resp, 422, id);
	if (req->is_api)
		return admin_guide_page(req, resp, 200, id);
	resp_redirect(resp, req, arena_printf(req->arena, "/admin/guides/%lld?done=guide_saved",
	    (long long)id));
	return ERR_OK;
}

static enum err
handle_guide_publish(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	bool on = req_bool(req, "published");
	enum err rc = app_guide_publish(req->db, req->arena, me_of(req), id, on,
	    req->client_ip);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return admin_guide_page(req, resp, 200, id);
	struct db_guide g;
	if ((rc = app_guide_admin_get(req->db, req->arena, me_of(req), id, &g, NULL,
	    NULL)) != ERR_OK)
		return rc;
	resp_redirect(resp, req, arena_printf(req->arena, "/admin/schemes/%lld/guides?done=%s",
	    (long long)g.scheme_id, on ? "published" : "unpublished"));
	return ERR_OK;
}

static enum err
handle_guide_move(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	bool up = strcmp(req_str(req, "direction"), "up") == 0;
	enum err rc = app_guide_move(req->db, req->arena, me_of(req), id, up, req->client_ip);
	if (rc == ERR_CONFLICT)
		return page_refuse(req, resp, 409, "conflict", up ? "This guide is already first" :
		    "This guide is already last");
	if (rc != ERR_OK)
		return rc;
	struct db_guide g;
	if ((rc = app_guide_admin_get(req->db, req->arena, me_of(req), id, &g, NULL,
	    NULL)) != ERR_OK)
		return rc;
	if (req->is_api) {
		struct db_scheme s;
		struct db_guide *list;
		size_t n;
		if ((rc = app_guides_of_scheme(req->db, req->arena, me_of(req), g.scheme_id, &s,
		    &list, &n)) != ERR_OK)
			return rc;
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, guide_json(req, &list[i]));
		resp_json(resp, req, 200, json_pack("{s:o}", "guides", arr));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "/admin/schemes/%lld/guides?done=moved",
	    (long long)g.scheme_id));
	return ERR_OK;
}

static enum err
handle_guide_confirm(struct request *req, struct response *resp)
{
	struct db_guide g;
	int64_t id = req_int(req, "id");
	enum err rc = app_guide_admin_get(req->db, req->arena, me_of(req), id, &g, NULL, NULL);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	json_put_s(m, "what", "guide");
	json_put_s(m, "title", g.title);
	json_put_s(m, "action", arena_printf(req->arena, "/admin/guides/%lld/delete",
	    (long long)id));
	json_put_s(m, "back_url", arena_printf(req->arena, "/admin/guides/%lld", (long long)id));
	json_put_s(m, "warning", "Its pages and everyone's progress through it will be "
	    "deleted too. Diary entries that mention its pages are kept.");
	admin_menu(req, m, "", g.scheme_id);
	return page_render(req, resp, 200, "admin-guides-delete", m);
}

static enum err
handle_guide_delete(struct request *req, struct response *resp)
{
	int64_t sid = 0, id = req_int(req, "id");
	enum err rc = app_guide_delete(req->db, req->arena, me_of(req), id, req->client_ip,
	    &sid);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "done",
		    "deleted"));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena,
	    "/admin/schemes/%lld/guides?done=guide_deleted", (long long)sid));
	return ERR_OK;
}

/* ---- pages ---- */

static enum err
page_form(struct request *req, struct response *resp, int status, int64_t guide_id,
    int64_t page_id)
{
	struct db_guide g;
	struct db_guide_page p = {0};
	enum err rc;
	if (page_id != 0)
		rc = app_guide_page_admin_get(req->db, req->arena, me_of(req), page_id, &g, &p);
	else
		rc = app_guide_admin_get(req->db, req->arena, me_of(req), guide_id, &g, NULL,
		    NULL);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		if (status >= 400)
			return page_invalid(req, resp, status);
		json_t *o = page_row(req, &g, &p);
		json_put_i(o, "guide_id", g.id);
		json_put_s(o, "body", p.body);
		json_put_s(o, "prompt", p.prompt);
		resp_json(resp, req, status, o);
		return ERR_OK;
	}
	bool is_post = req->method == HTTP_POST;
	json_t *m = json_object();
	json_put_b(m, "is_edit", page_id != 0);
	json_put_s(m, "guide_title", g.title);
	json_put_s(m, "back_url", arena_printf(req->arena, "/admin/guides/%lld",
	    (long long)g.id));
	json_put_s(m, "action", page_id ? arena_printf(req->arena, "/admin/guide-pages/%lld",
	    (long long)page_id) : arena_printf(req->arena, "/admin/guides/%lld/pages/new",
	    (long long)g.id));
	json_put_s(m, "delete_url", page_id ? arena_printf(req->arena,
	    "/admin/guide-pages/%lld/delete", (long long)page_id) : "");
	json_put_s(m, "form_title", is_post ? req_str(req, "title") : page_id ? p.title : "");
	json_put_s(m, "form_body", is_post ? req_str(req, "body") : page_id ? p.body : "");
	json_put_s(m, "form_prompt", is_post ? req_str(req, "prompt") : page_id ? p.prompt : "");
	page_field_errors(req, m, page_fields);
	admin_menu(req, m, "", g.scheme_id);
	return page_render(req, resp, status, "admin-guides-page", m);
}

static enum err
handle_page_new(struct request *req, struct response *resp)
{
	return page_form(req, resp, 200, req_int(req, "id"), 0);
}

static enum err
handle_page_edit(struct request *req, struct response *resp)
{
	return page_form(req, resp, 200, 0, req_int(req, "id"));
}

static void
read_page(struct request *req, struct app_guide_page_in *in)
{
	in->title = req_str(req, "title");
	in->body = req_str(req, "body");
	in->prompt = req_str(req, "prompt");
}

static enum err
handle_page_create(struct request *req, struct response *resp)
{
	struct app_guide_page_in in;
	struct app_problems ps = {0};
	int64_t gid = req_int(req, "id"), id = 0;
	struct db_guide g;
	enum err rc = app_guide_admin_get(req->db, req->arena, me_of(req), gid, &g, NULL, NULL);

	if (rc != ERR_OK)
		return rc;
	read_page(req, &in);
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL)
		rc = app_guide_page_create(req->db, req->arena, me_of(req), gid, &in,
		    req->client_ip, &ps, &id);
	if (rc != ERR_OK && rc != ERR_BAD_INPUT)
		return rc;
	page_add_problems(req, &ps);
	if (rc != ERR_OK || req->errors != NULL)
		return page_form(req, resp, 422, gid, 0);
	if (req->is_api)
		return page_form(req, resp, 201, 0, id);
	resp_redirect(resp, req, arena_printf(req->arena, "/admin/guides/%lld?done=page_added",
	    (long long)gid));
	return ERR_OK;
}

static enum err
handle_page_update(struct request *req, struct response *resp)
{
	struct app_guide_page_in in;
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id");
	struct db_guide g;
	struct db_guide_page p;
	enum err rc = app_guide_page_admin_get(req->db, req->arena, me_of(req), id, &g, &p);

	if (rc != ERR_OK)
		return rc;
	read_page(req, &in);
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL)
		rc = app_guide_page_update(req->db, req->arena, me_of(req), id, &in,
		    req->client_ip, &ps);
	if (rc != ERR_OK && rc != ERR_BAD_INPUT)
		return rc;
	page_add_problems(req, &ps);
	if (rc != ERR_OK || req->errors != NULL)
		return page_form(req, resp, 422, 0, id);
	if (req->is_api)
		return page_form(req, resp, 200, 0, id);
	resp_redirect(resp, req, arena_printf(req->arena, "/admin/guides/%lld?done=page_saved",
	    (long long)g.id));
	return ERR_OK;
}

static enum err
handle_page_move(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	bool up = strcmp(req_str(req, "direction"), "up") == 0;
	struct db_guide g;
	struct db_guide_page p;
	enum err rc = app_guide_page_admin_get(req->db, req->arena, me_of(req), id, &g, &p);
	if (rc != ERR_OK)
		return rc;
	rc = app_guide_page_move(req->db, req->arena, me_of(req), id, up, req->client_ip);
	if (rc == ERR_CONFLICT)
		return page_refuse(req, resp, 409, "conflict", up ? "This page is already first" :
		    "This page is already last");
	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return admin_guide_page(req, resp, 200, g.id);
	resp_redirect(resp, req, arena_printf(req->arena, "/admin/guides/%lld?done=moved",
	    (long long)g.id));
	return ERR_OK;
}

static enum err
handle_page_confirm(struct request *req, struct response *resp)
{
	struct db_guide g;
	struct db_guide_page p;
	int64_t id = req_int(req, "id");
	enum err rc = app_guide_page_admin_get(req->db, req->arena, me_of(req), id, &g, &p);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	json_put_s(m, "what", "page");
	json_put_s(m, "title", p.title);
	json_put_s(m, "action", arena_printf(req->arena, "/admin/guide-pages/%lld/delete",
	    (long long)id));
	json_put_s(m, "back_url", arena_printf(req->arena, "/admin/guides/%lld",
	    (long long)g.id));
	json_put_s(m, "warning", "The pages after it move up one place. Diary entries that "
	    "mention it are kept.");
	admin_menu(req, m, "", g.scheme_id);
	return page_render(req, resp, 200, "admin-guides-delete", m);
}

static enum err
handle_page_delete(struct request *req, struct response *resp)
{
	int64_t gid = 0, id = req_int(req, "id");
	enum err rc = app_guide_page_delete(req->db, req->arena, me_of(req), id,
	    req->client_ip, &gid);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "done",
		    "deleted"));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "/admin/guides/%lld?done=page_deleted",
	    (long long)gid));
	return ERR_OK;
}

/* ---- routes ---- */

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the number"}
#define DONE_PARAM {.name = "done", .type = P_CHOICE, .choices = dones, \
	.label = "what was done"}
#define LINK(n, l) {.name = n, .type = P_INT, .min = 0, .max = INT64_MAX, .label = l}
#define ENTRY_PARAMS \
	{.name = "title", .type = P_STRING, .max_len = APP_DIARY_TITLE_MAX, .label = "a title"}, \
	{.name = "body", .type = P_TEXT, .max_len = APP_DIARY_TEXT_MAX, .label = "your entry"}, \
	{.name = "entry_date", .type = P_STRING, .max_len = 10, .label = "the date"}, \
	{.name = "entry_day", .type = P_STRING, .max_len = 10, .label = "the day"}, \
	{.name = "entry_month", .type = P_STRING, .max_len = 10, .label = "the month"}, \
	{.name = "entry_year", .type = P_STRING, .max_len = 10, .label = "the year"}, \
	LINK("relationship_id", "a relationship from the list"), \
	LINK("session_id", "a session from the list"), \
	LINK("guide_page_id", "a guide page from the list"), \
	LINK("stage_id", "a journey stage from the list")

static const struct param_spec list_get[] = {DONE_PARAM, {0}};
static const struct param_spec by_id[] = {ID_PARAM, {0}};
static const struct param_spec by_id_done[] = {ID_PARAM, DONE_PARAM, {0}};
static const struct param_spec diary_new_get[] = {
	{.name = "guide_page", .type = P_INT, .min = 1, .max = INT64_MAX,
	    .label = "the guide page"},
	{0},
};
static const struct param_spec entry_new[] = {ENTRY_PARAMS, {0}};
static const struct param_spec entry_edit[] = {ID_PARAM, ENTRY_PARAMS, {0}};
static const struct param_spec share[] = {
	ID_PARAM,
	{.name = "shared", .type = P_BOOL, .label = "Shared"},
	{0},
};
static const struct param_spec guide_page_get[] = {
	ID_PARAM,
	{.name = "n", .type = P_INT, .is_required = true, .min = 1, .max = 10000,
	    .label = "the page"},
	{0},
};
#define GUIDE_PARAMS \
	{.name = "title", .type = P_STRING, .max_len = APP_GUIDE_TITLE_MAX, .label = "a title"}, \
	{.name = "summary", .type = P_TEXT, .max_len = APP_GUIDE_SUMMARY_MAX, \
	    .label = "the summary"}, \
	{.name = "audience", .type = P_CHOICE, .choices = audiences, \
	    .label = "who the guide is for"}, \
	{.name = "published", .type = P_BOOL, .label = "Published"}, \
	{.name = "before_matching", .type = P_BOOL, .label = "Recommended before matching"}
static const struct param_spec guide_post[] = {ID_PARAM, GUIDE_PARAMS, {0}};
static const struct param_spec publish[] = {
	ID_PARAM,
	{.name = "published", .type = P_BOOL, .label = "Published"},
	{0},
};
static const char *const directions[] = {"up", "down", NULL};
static const struct param_spec move[] = {
	ID_PARAM,
	{.name = "direction", .type = P_CHOICE, .is_required = true, .choices = directions,
	    .label = "up or down"},
	{0},
};
static const struct param_spec page_post[] = {
	ID_PARAM,
	{.name = "title", .type = P_STRING, .max_len = APP_GUIDE_TITLE_MAX, .label = "a title"},
	{.name = "body", .type = P_TEXT, .max_len = APP_GUIDE_PAGE_MAX, .label = "the text"},
	{.name = "prompt", .type = P_TEXT, .max_len = APP_GUIDE_PROMPT_MAX,
	    .label = "the reflection prompt"},
	{0},
};

#define S ACCESS_SIGNED_IN
#define A ACCESS_SCHEME_ADMIN
#define F ROUTE_FORM

const struct route diary_routes[] = {
	{HTTP_GET, "/diary", handle_diary_list, S, list_get, 0, 0},
	{HTTP_GET, "/diary/new", handle_diary_new, S, diary_new_get, 0, 0},
	{HTTP_POST, "/diary/new", handle_diary_create, S, entry_new, F, 0},
	{HTTP_GET, "/diary/{id:int}", handle_diary_get, S, by_id_done, 0, 0},
	{HTTP_GET, "/diary/{id:int}/edit", handle_diary_edit, S, by_id, 0, 0},
	{HTTP_POST, "/diary/{id:int}/edit", handle_diary_update, S, entry_edit, F, 0},
	{HTTP_GET, "/diary/{id:int}/delete", handle_diary_confirm, S, by_id, 0, 0},
	{HTTP_POST, "/diary/{id:int}/delete", handle_diary_delete, S, by_id, 0, 0},
	{HTTP_POST, "/diary/{id:int}/share", handle_diary_share, S, share, 0, 0},
	{HTTP_GET, "/guides", handle_guides, S, list_get, 0, 0},
	{HTTP_GET, "/guides/{id:int}", handle_guide, S, by_id_done, 0, 0},
	{HTTP_GET, "/guides/{id:int}/pages/{n:int}", handle_guide_page, S, guide_page_get,
	    0, 0},
	{HTTP_POST, "/guides/{id:int}/pages/{n:int}/read", handle_guide_read, S,
	    guide_page_get, 0, 0},
	{HTTP_GET, "/admin/schemes/{id:int}/guides", handle_admin_guides, A, by_id_done, 0, 0},
	{HTTP_POST, "/admin/schemes/{id:int}/guides", handle_guide_create, A, guide_post, F, 0},
	{HTTP_GET, "/admin/guides/{id:int}", handle_admin_guide, A, by_id_done, 0, 0},
	{HTTP_POST, "/admin/guides/{id:int}", handle_guide_update, A, guide_post, F, 0},
	{HTTP_POST, "/admin/guides/{id:int}/publish", handle_guide_publish, A, publish, 0, 0},
	{HTTP_POST, "/admin/guides/{id:int}/move", handle_guide_move, A, move, 0, 0},
	{HTTP_GET, "/admin/guides/{id:int}/delete", handle_guide_confirm, A, by_id, 0, 0},
	{HTTP_POST, "/admin/guides/{id:int}/delete", handle_guide_delete, A, by_id, 0, 0},
	{HTTP_GET, "/admin/guides/{id:int}/pages/new", handle_page_new, A, by_id, 0, 0},
	{HTTP_POST, "/admin/guides/{id:int}/pages/new", handle_page_create, A, page_post, F, 0},
	{HTTP_GET, "/admin/guide-pages/{id:int}", handle_page_edit, A, by_id, 0, 0},
	{HTTP_POST, "/admin/guide-pages/{id:int}", handle_page_update, A, page_post, F, 0},
	{HTTP_POST, "/admin/guide-pages/{id:int}/move", handle_page_move, A, move, 0, 0},
	{HTTP_GET, "/admin/guide-pages/{id:int}/delete", handle_page_confirm, A, by_id, 0, 0},
	{HTTP_POST, "/admin/guide-pages/{id:int}/delete", handle_page_delete, A, by_id, 0, 0},

	{HTTP_GET, "/api/v1/diary", handle_diary_list, S, list_get, 0, 0},
	{HTTP_POST, "/api/v1/diary", handle_diary_create, S, entry_new, F, 0},
	{HTTP_GET, "/api/v1/diary/{id:int}", handle_diary_get, S, by_id, 0, 0},
	{HTTP_POST, "/api/v1/diary/{id:int}", handle_diary_update, S, entry_edit, F, 0},
	{HTTP_DELETE, "/api/v1/diary/{id:int}", handle_diary_delete, S, by_id, 0, 0},
	{HTTP_POST, "/api/v1/diary/{id:int}/delete", handle_diary_delete, S, by_id, 0, 0},
	{HTTP_POST, "/api/v1/diary/{id:int}/share", handle_diary_share, S, share, 0, 0},
	{HTTP_GET, "/api/v1/guides", handle_guides, S, list_get, 0, 0},
	{HTTP_GET, "/api/v1/guides/{id:int}", handle_guide, S, by_id, 0, 0},
	{HTTP_GET, "/api/v1/guides/{id:int}/pages/{n:int}", handle_guide_page, S,
	    guide_page_get, 0, 0},
	{HTTP_POST, "/api/v1/guides/{id:int}/pages/{n:int}/read", handle_guide_read, S,
	    guide_page_get, 0, 0},
	{HTTP_GET, "/api/v1/admin/schemes/{id:int}/guides", handle_admin_guides, A, by_id, 0,
	    0},
	{HTTP_POST, "/api/v1/admin/schemes/{id:int}/guides", handle_guide_create, A,
	    guide_post, F, 0},
	{HTTP_GET, "/api/v1/admin/guides/{id:int}", handle_admin_guide, A, by_id, 0, 0},
	{HTTP_POST, "/api/v1/admin/guides/{id:int}", handle_guide_update, A, guide_post, F, 0},
	{HTTP_POST, "/api/v1/admin/guides/{id:int}/publish", handle_guide_publish, A, publish,
	    0, 0},
	{HTTP_POST, "/api/v1/admin/guides/{id:int}/move", handle_guide_move, A, move, 0, 0},
	{HTTP_DELETE, "/api/v1/admin/guides/{id:int}", handle_guide_delete, A, by_id, 0, 0},
	{HTTP_POST, "/api/v1/admin/guides/{id:int}/delete", handle_guide_delete, A, by_id, 0,
	    0},
	{HTTP_POST, "/api/v1/admin/guides/{id:int}/pages", handle_page_create, A, page_post, F,
	    0},
	{HTTP_GET, "/api/v1/admin/guide-pages/{id:int}", handle_page_edit, A, by_id, 0, 0},
	{HTTP_POST, "/api/v1/admin/guide-pages/{id:int}", handle_page_update, A, page_post, F,
	    0},
	{HTTP_POST, "/api/v1/admin/guide-pages/{id:int}/move", handle_page_move, A, move, 0,
	    0},
	{HTTP_DELETE, "/api/v1/admin/guide-pages/{id:int}", handle_page_delete, A, by_id, 0,
	    0},
	{HTTP_POST, "/api/v1/admin/guide-pages/{id:int}/delete", handle_page_delete, A, by_id,
	    0, 0},
};

#undef S
#undef A
#undef F

const size_t diary_nroutes = sizeof(diary_routes) / sizeof(diary_routes[0]);
