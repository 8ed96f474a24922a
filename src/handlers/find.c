/*
 * find.c - "Find a mentor" pages and their API twins (FIND-1 to FIND-4):
 *
 *   GET /find                 a mentee's search (or an administrator's,
 *                             on behalf of ?for=MENTEE_ID, in the admin
 *                             view of the scheme)
 *   GET /api/v1/find          the same as JSON
 *   GET /admin/schemes/{id}/explain?mentee=&mentor=
 *                             why a mentor is (not) offered to a mentee
 *   GET /api/v1/admin/schemes/{id}/explain
 *
 * Design: every search is a bookmarkable GET.  The routes are ROUTE_FORM
 * so bad input (page=0, sort=bogus, a q of only punctuation) re-renders
 * the page with the message beside the field and what was typed kept
 * (API: 422 with the fields), never a 500.  Who may search for whom is
 * app's decision (app_finder_search): another scheme's mentee is a 404.
 * The scheme is the active view's.  A waiting mentee of a scheme with
 * cohort matching on also gets a link to /matching/wishes (REQ-11).
 */
#include "handlers/handlers.h"

#include <string.h>
#include <strings.h>

#include "app/account.h"
#include "app/finder.h"
#include "app/matchprefs.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/strparse.h"
#include "view/url.h"
#include "view/json.h"

#define PER_PAGE 10

static json_t *
strings(const char *const *s, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(s[i]));
	return a;
}

/* ---- the search ---- */

static const char *const format_values[] = {"in_person", "video", "phone", NULL};
static const char *const format_labels[] = {"In person", "Video call", "Phone call"};
static const char *const sort_values[] = {"score", "name", "distance", NULL};
static const char *const sort_labels[] = {"Best match", "Name", "Distance"};

struct criteria {
	struct finder_query q;
	int64_t *keywords;
	const char *const *format_items;
	size_t nformats;
	bool is_set;                 /* any criterion: the panel opens */
};

/* Read the declared inputs into c (errors added to req). */
static void
read_criteria(struct request *req, int64_t scheme_id, int64_t mentee_id,
    struct criteria *c)
{
	struct finder_query *q = &c->q;
	*c = (struct criteria){0};
	q->scheme_id = scheme_id;
	q->mentee_id = mentee_id;
	q->text = req_str(req, "q");
	q->text_any = strcmp(req_str(req, "match"), "any") == 0;
	const char *const *items;
	size_t n = req_list(req, "keyword", &items);
	c->keywords = arena_calloc(req->arena, n + 1, sizeof(int64_t));
	for (size_t i = 0; i < n; i++) {
		int64_t id;
		if (str_to_i64(items[i], 1, INT64_MAX, &id) != ERR_OK) {
			if (req_error(req, "keyword") == NULL)
				req_add_error(req, "keyword", "Choose keywords from the list");
			continue;
		}
		c->keywords[q->nkeywords++] = id;
	}
	q->keywords = c->keywords;
	q->keywords_all = strcmp(req_str(req, "keywords"), "all") == 0;
	q->specialty = req_str(req, "specialty");
	q->organisation = req_str(req, "organisation");
	c->nformats = req_list(req, "format", &c->format_items);
	for (size_t i = 0; i < c->nformats; i++) {
		unsigned bits;
		if (match_formats_parse(c->format_items[i], &bits) != ERR_OK) {
			if (req_error(req, "format") == NULL)
				req_add_error(req, "format", "Choose in person, video call or "
				    "phone call");
			continue;
		}
		q->formats |= bits;
	}
	q->within_miles = req_int(req, "within");
	const char *sort = req_str(req, "sort");
	q->sort = strcmp(sort, "name") == 0 ? FINDER_SORT_NAME :
	    strcmp(sort, "distance") == 0 ? FINDER_SORT_DISTANCE : FINDER_SORT_SCORE;
	q->page = req_has(req, "page") && req_int(req, "page") > 0 ?
	    (size_t)req_int(req, "page") : 1;
	q->per_page = req_has(req, "per_page") && req_int(req, "per_page") > 0 ?
	    (size_t)req_int(req, "per_page") : PER_PAGE;
	c->is_set = *q->text || q->nkeywords || *q->specialty || *q->organisation ||
	    q->formats || req_has(req, "within") || req_error(req, "keyword") ||
	    req_error(req, "format") || req_error(req, "within");
}

/* The query string of the current search, without the page: for the
 * pagination links ("" or "a=b&...&"). */
static const char *
query_string(struct request *req, const struct criteria *c, int64_t for_id)
{
	struct buf b;
	buf_init_arena(&b, req->arena, 8192);
	struct arena *a = req->arena;
	if (for_id)
		buf_printf(&b, "for=%lld&", (long long)for_id);
	if (*c->q.text)
		buf_printf(&b, "q=%s&", url_encode(a, c->q.text));
	if (c->q.text_any)
		buf_puts(&b, "match=any&");
	for (size_t i = 0; i < c->q.nkeywords; i++)
		buf_printf(&b, "keyword=%lld&", (long long)c->q.keywords[i]);
	if (c->q.keywords_all)
		buf_puts(&b, "keywords=all&");
	if (*c->q.specialty)
		buf_printf(&b, "specialty=%s&", url_encode(a, c->q.specialty));
	if (*c->q.organisation)
		buf_printf(&b, "organisation=%s&", url_encode(a, c->q.organisation));
	for (size_t i = 0; i < c->nformats; i++)
		buf_printf(&b, "format=%s&", url_encode(a, c->format_items[i]));
	if (c->q.within_miles)
		buf_printf(&b, "within=%lld&", (long long)c->q.within_miles);
	if (req_has(req, "sort"))
		buf_printf(&b, "sort=%s&", url_encode(a, req_str(req, "sort")));
	if (req_has(req, "per_page") && c->q.per_page != PER_PAGE)
		buf_printf(&b, "per_page=%zu&", c->q.per_page);
	return buf_str(&b);
}

static json_t *
hit_json(struct request *req, const struct finder_hit *h)
{
	json_t *o = json_object();
	json_put_i(o, "id", h->user_id);
	json_put_s(o, "name", h->name);
	json_put_s(o, "url", arena_printf(req->arena, "/people/%lld", (long long)h->user_id));
	json_put_s(o, "job_role", h->job_role);
	json_put_s(o, "organisation", h->organisation);
	json_put_s(o, "specialty", h->specialty);
	json_put_s(o, "site", h->site);
	json_put_s(o, "biography_excerpt", h->biography_excerpt);
	json_object_set_new(o, "keywords", strings(h->keywords, h->nkeywords));
	json_put_s(o, "formats", match_formats_text(req->arena, h->formats));
	json_put_s(o, "formats_words", match_formats_words(req->arena, h->formats));
	json_put_i(o, "free_places", h->free_places);
	json_put_i(o, "score", h->score.score);
	json_object_set_new(o, "reasons", strings(h->reasons, h->nreasons));
	json_object_set_new(o, "photo_url", h->has_photo ? json_string(arena_printf(
	    req->arena, "/people/%lld/photo", (long long)h->user_id)) : json_null());
	if (!req->is_api) {
		json_put_b(o, "has_photo", h->has_photo);
		json_put_b(o, "has_keywords", h->nkeywords > 0);
		json_put_b(o, "has_reasons", h->nreasons > 0);
		json_put_b(o, "has_formats", h->formats != 0);
		json_put_b(o, "one_place", h->free_places == 1);
	}
	return o;
}

static bool
list_has(const char *const *items, size_t n, const char *v)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(items[i], v) == 0)
			return true;
	return false;
}

/* The search panel's choices (page only). */
static enum err
panel_model(struct request *req, json_t *m, const struct criteria *c)
{
	struct db_option *o;
	size_t n;
	enum err rc = app_finder_lists(req->db, req->arena, c->q.scheme_id, &o, &n);
	if (rc != ERR_OK)
		return rc;
	json_t *kw = json_array(), *sp = json_array(), *org = json_array();
	const char *const *raw;
	size_t nraw = req_list(req, "keyword", &raw);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(o[i].list, "keyword") == 0) {
			const char *id = arena_printf(req->arena, "%lld", (long long)o[i].id);
			json_array_append_new(kw, json_pack("{s:s, s:s, s:s, s:b}", "id", id,
			    "label", o[i].label, "input_id", k == 0 ? "keyword" :
			    arena_printf(req->arena, "keyword-%zu", k),
			    "checked", list_has(raw, nraw, id)));
			k++;
		} else if (strcmp(o[i].list, "specialty") == 0) {
			json_array_append_new(sp, json_pack("{s:s, s:b}", "label", o[i].label,
			    "selected", strcasecmp(o[i].label, c->q.specialty) == 0));
		} else if (strcmp(o[i].list, "organisation") == 0) {
			json_array_append_new(org, json_pack("{s:s, s:b}", "label",
			    o[i].label, "selected",
			    strcasecmp(o[i].label, c->q.organisation) == 0));
		}
	}
	json_object_set_new(m, "keyword_options", kw);
	json_put_b(m, "has_keyword_options", k > 0);
	json_object_set_new(m, "specialty_options", sp);
	json_object_set_new(m, "organisation_options", org);
	json_t *f = json_array();
	for (size_t i = 0; format_values[i]; i++)
		json_array_append_new(f, json_pack("{s:s, s:s, s:s, s:b}", "value",
		    format_values[i], "label", format_labels[i], "input_id",
		    i == 0 ? "format" : arena_printf(req->arena, "format-%zu", i),
		    "checked", list_has(c->format_items, c->nformats, format_values[i])));
	json_object_set_new(m, "format_options", f);
	json_t *s = json_array();
	const char *sort = req_str(req, "sort");
	for (size_t i = 0; sort_values[i]; i++)
		json_array_append_new(s, json_pack("{s:s, s:s, s:b}", "value",
		    sort_values[i], "label", sort_labels[i], "selected",
		    strcmp(sort, sort_values[i]) == 0));
	json_object_set_new(m, "sort_options", s);
	json_put_s(m, "q", req_str(req, "q"));
	json_put_b(m, "match_any", c->q.text_any);
	json_put_b(m, "keywords_all", c->q.keywords_all);
	json_put_s(m, "within", req_str(req, "within"));
	json_put_s(m, "page_typed", req_str(req, "page"));
	json_put_b(m, "is_open", c->is_set || req->errors != NULL);
	static const char *const fields[] = {"q", "match", "keyword", "keywords",
	    "specialty", "organisation", "format", "within", "sort", "page",
	    "per_page", "for", NULL};
	for (size_t i = 0; fields[i]; i++) {
		const char *e = req_error(req, fields[i]);
		if (e != NULL)
			json_put_s(m, arena_printf(req->arena, "%s_error", fields[i]), e);
	}
	return ERR_OK;
}

/* An administrator in the admin view without ?for=: pick a mentee. */
static enum err
render_chooser(struct request *req, struct response *resp, int64_t scheme_id)
{
	struct db_person *p;
	size_t n;
	enum err rc = app_finder_people(req->db, req->arena, req->auth, scheme_id,
	    "mentee", &p, &n);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		req_add_error(req, "for", "Choose the mentee to search for");
		return page_invalid(req, resp, 422);
	}
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s}", "id",
		    (json_int_t)p[i].id, "name", p[i].name));
	json_t *m = json_pack("{s:b, s:o, s:b}", "is_chooser", 1, "mentees", list,
	    "has_mentees", n > 0);
	const struct app_auth *me = req->auth;
	json_put_s(m, "scheme_name", me->active ? me->active->scheme_name : "");
	return page_render(req, resp, 200, "find", m);
}

static enum err
handle_find(struct request *req, struct response *resp)
{
	const struct app_auth *me = req->auth;
	const struct app_view *v = me ? me->active : NULL;
	if (v == NULL)
		return ERR_FORBIDDEN;
	bool is_admin = strcmp(v->role, "scheme_admin") == 0;
	if (!is_admin && strcmp(v->role, "mentee") != 0)
		return ERR_FORBIDDEN;
	int64_t for_id = 0, mentee_id = me->user_id;
	if (is_admin) {
		if (!req_has(req, "for") || req_error(req, "for"))
			return render_chooser(req, resp, v->scheme_id);
		for_id = mentee_id = req_int(req, "for");
	} else if (req_has(req, "for") && req_int(req, "for") != me->user_id) {
		return ERR_FORBIDDEN;   /* a mentee searches only for themself */
	}
	struct criteria c;
	read_criteria(req, v->scheme_id, mentee_id, &c);

	struct finder_result r = {0};
	struct app_problems ps = {0};
	enum err rc = ERR_OK;
	if (req->errors == NULL) {
		rc = app_finder_search(req->db, req->arena, me, &c.q, &r, &ps);
		if (rc == ERR_BAD_INPUT)
			page_add_problems(req, &ps);
		else if (rc != ERR_OK)
			return rc;
	}
	if (req->errors != NULL && req->is_api)
		return page_invalid(req, resp, 422);

	json_t *m = json_object();
	json_t *list = json_array();
	for (size_t i = 0; i < r.nhits; i++)
		json_array_append_new(list, hit_json(req, &r.hits[i]));
	json_put_i(m, "total", (int64_t)r.total);
	json_put_i(m, "page", (int64_t)r.page);
	json_put_i(m, "pages", (int64_t)r.pages);
	json_object_set_new(m, "mentors", list);
	size_t nmissing;
	const char **missing = app_finder_missing_labels(req->arena, r.mentee_missing,
	    &nmissing);
	json_object_set_new(m, "mentee_missing", strings(missing, nmissing));
	if (req->is_api)
		return page_respond(req, resp, 200, "find", m);

	if ((rc = panel_model(req, m, &c)) != ERR_OK) {
		json_decref(m);
		return rc;
	}
	json_put_b(m, "has_missing", nmissing > 0);
	json_put_b(m, "is_self", !is_admin);
	if (!is_admin) {
		/* REQ-11: the way in to the wishes, for a waiting mentee of a
		 * scheme with cohort matching on (the home card's rule) */
		struct app_matchprefs_home h;
		if ((rc = app_matchprefs_home(req->db, req->arena, me, &h)) != ERR_OK) {
			json_decref(m);
			return rc;
		}
		if (h.show && h.is_mentee)
			json_put_s(m, "wishes_url", "/matching/wishes");
	}
	json_put_b(m, "is_search", req->errors == NULL);
	json_put_b(m, "has_results", r.nhits > 0);
	json_put_b(m, "one_result", r.total == 1);
	json_put_s(m, "scheme_name", v->scheme_name);
	if (is_admin) {
		json_put_i(m, "for", for_id);
		struct db_person *p;
		size_t n;
		if (app_finder_people(req->db, req->arena, me, v->scheme_id, "mentee", &p,
		    &n) == ERR_OK)
			for (size_t i = 0; i < n; i++)
				if (p[i].id == for_id)
					json_put_s(m, "for_name", p[i].name);
	}
	if (r.nhits > 0) {
		size_t per = c.q.per_page > 50 ? 50 : c.q.per_page;
		json_put_i(m, "first", (int64_t)((r.page - 1) * per + 1));
		json_put_i(m, "last", (int64_t)((r.page - 1) * per + r.nhits));
	}
	const char *qs = query_string(req, &c, for_id);
	if (r.page > 1 && r.page <= r.pages)
		json_put_s(m, "prev_url", arena_printf(req->arena, "/find?%spage=%zu", qs,
		    r.page - 1));
	if (r.page < r.pages)
		json_put_s(m, "next_url", arena_printf(req->arena, "/find?%spage=%zu", qs,
		    r.page + 1));
	json_put_b(m, "has_pages", r.pages > 1);
	return page_render(req, resp, req->errors ? 400 : 200, "find", m);
}

/* ---- the administrator's explanation ---- */

static const char *
name_of(const struct db_person *p, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (p[i].id == id)
			return p[i].name;
	return NULL;
}

static json_t *
people_json(const struct db_person *p, size_t n, int64_t chosen)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:I, s:s, s:b}", "id",
		    (json_int_t)p[i].id, "name", p[i].name, "selected", p[i].id == chosen));
	return a;
}

static enum err
handle_explain(struct request *req, struct response *resp)
{
	int64_t scheme_id = req_int(req, "id");
	struct db_person *mentees, *mentors;
	size_t nmentees, nmentors;
	enum err rc = app_finder_people(req->db, req->arena, req->auth, scheme_id,
	    "mentee", &mentees, &nmentees);
	if (rc == ERR_OK)
		rc = app_finder_people(req->db, req->arena, req->auth, scheme_id, "mentor",
		    &mentors, &nmentors);
	if (rc != ERR_OK)
		return rc;
	if (req->errors != NULL && req->is_api)
		return page_invalid(req, resp, 422);
	int64_t mentee_id = req_int(req, "mentee"), mentor_id = req_int(req, "mentor");
	json_t *m = json_object();
	json_put_i(m, "scheme_id", scheme_id);
	if (req->errors == NULL && mentee_id > 0 && mentor_id > 0) {
		struct finder_assessment fa;
		rc = app_finder_explain(req->db, req->arena, req->auth, scheme_id,
		    mentee_id, mentor_id, &fa);
		if (rc != ERR_OK) {
			json_decref(m);
			return rc;
		}
		const char *mentee_name = name_of(mentees, nmentees, mentee_id);
		const char *mentor_name = name_of(mentors, nmentors, mentor_id);
		json_t *x = json_object();
		json_put_i(x, "mentee_id", mentee_id);
		json_put_i(x, "mentor_id", mentor_id);
		json_put_s(x, "mentee_name", mentee_name ? mentee_name : "This mentee");
		json_put_s(x, "mentor_name", mentor_name ? mentor_name : "This person");
		json_put_b(x, "offered", fa.exclusion == MX_NONE);
		json_put_s(x, "why", fa.why);
		json_put_i(x, "score", fa.score.score);
		json_object_set_new(x, "reasons", strings(fa.reasons, fa.nreasons));
		if (!req->is_api) {
			json_put_b(x, "has_reasons", fa.nreasons > 0);
			json_put_b(x, "is_mentor", fa.exclusion != MX_NOT_MENTOR);
		}
		json_object_set_new(m, "result", x);
	} else if (req->is_api) {
		json_decref(m);
		if (mentee_id <= 0)
			req_add_error(req, "mentee", "Choose a mentee");
		if (mentor_id <= 0)
			req_add_error(req, "mentor", "Choose a mentor");
		return page_invalid(req, resp, 422);
	}
	if (req->is_api)
		return page_respond(req, resp, 200, "admin-explain", m);
	json_object_set_new(m, "mentees", people_json(mentees, nmentees, mentee_id));
	json_object_set_new(m, "mentors", people_json(mentors, nmentors, mentor_id));
	static const char *const fields[] = {"mentee", "mentor", NULL};
	for (size_t i = 0; fields[i]; i++) {
		const char *e = req_error(req, fields[i]);
		if (e != NULL)
			json_put_s(m, arena_printf(req->arena, "%s_error", fields[i]), e);
	}
	return page_render(req, resp, req->errors ? 400 : 200, "admin-explain", m);
}

/* ---- routes ---- */

static const char *const matches[] = {"all", "any", NULL};
static const char *const keyword_modes[] = {"any", "all", NULL};

static const struct param_spec find_params[] = {
	{.name = "q", .type = P_STRING, .max_len = 200,
	    .label = "words to search for"},
	{.name = "match", .type = P_CHOICE, .choices = matches,
	    .label = "all words or any word"},
	{.name = "keyword", .type = P_LIST, .max_len = 20, .max = 50,
	    .label = "keywords"},
	{.name = "keywords", .type = P_CHOICE, .choices = keyword_modes,
	    .label = "any keyword or every keyword"},
	{.name = "specialty", .type = P_STRING, .max_len = 100, .label = "a specialty"},
	{.name = "organisation", .type = P_STRING, .max_len = 100,
	    .label = "an organisation"},
	{.name = "format", .type = P_LIST, .max_len = 20, .max = 3,
	    .label = "meeting formats"},
	{.name = "within", .type = P_INT, .min = 1, .max = 1000,
	    .label = "a distance in miles"},
	{.name = "sort", .type = P_CHOICE, .choices = sort_values,
	    .label = "best match, name or distance"},
	{.name = "page", .type = P_INT, .min = 1, .max = 100000,
	    .label = "a page number"},
	{.name = "per_page", .type = P_INT, .min = 1, .max = 50,
	    .label = "how many mentors to show on a page"},
	{.name = "for", .type = P_INT, .min = 1, .max = INT64_MAX,
	    .label = "the mentee"},
	{0},
};

static const struct param_spec explain_params[] = {
	{.name = "id", .type = P_INT, .is_required = true, .min = 1, .max = INT64_MAX,
	    .label = "the scheme"},
	{.name = "mentee", .type = P_INT, .min = 1, .max = INT64_MAX,
	    .label = "a mentee from the list"},
	{.name = "mentor", .type = P_INT, .min = 1, .max = INT64_MAX,
	    .label = "a mentor from the list"},
	{0},
};

const struct route find_routes[] = {
	{HTTP_GET, "/find", handle_find, ACCESS_SIGNED_IN, find_params, ROUTE_FORM, 0},
	{HTTP_GET, "/api/v1/find", handle_find, ACCESS_SIGNED_IN, find_params,
	    ROUTE_FORM, 0},
	{HTTP_GET, "/admin/schemes/{id:int}/explain", handle_explain,
	    ACCESS_SCHEME_ADMIN, explain_params, ROUTE_FORM, 0},
	{HTTP_GET, "/api/v1/admin/schemes/{id:int}/explain", handle_explain,
	    ACCESS_SCHEME_ADMIN, explain_params, ROUTE_FORM, 0},
};

const size_t find_nroutes = sizeof(find_routes) / sizeof(find_routes[0]);
