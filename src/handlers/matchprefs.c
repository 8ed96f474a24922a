/*
 * matchprefs.c - preferences for cohort matching (REQ-11), with their
 * /api/v1 twins:
 *
 *   /matching/wishes          GET a waiting mentee's first, second and
 *                             third choice of mentor; POST saves them
 *   /matching/wishes/clear    POST clears them
 *   /matching/avoid           GET a mentor's "prefer not" marks; POST
 *                             adds one (the email address the mentee uses)
 *   /matching/avoid/remove    POST removes one
 *   /api/v1/admin/schemes/{id}/matching/preferences   GET every wish and
 *                             mark of the scheme (its administrators)
 *
 * and the home page's card (home_matchprefs).
 *
 * Design: the active view chooses the scheme, as for declared
 * conflicts; app decides everything (matchprefs.h).  A scheme without
 * cohort matching gets a page that says so, and 404 from the API and
 * from every change.  A wrong view is a 403 page that says which view
 * to switch to.
 *
 * Trap: a mentor's page lists only the addresses they typed, never who
 * has them (PRO-10), and a mentee's page never shows marks; neither
 * side learns the other's preferences from any answer.
 */
#include "handlers/handlers.h"

#include <string.h>

#include "app/date.h"
#include "app/matchprefs.h"
#include "core/arena.h"
#include "view/json.h"

static const char *const not_mentee = "Wishes for cohort matching are made from your "
    "mentee view. Switch view to the scheme where you are a mentee.";
static const char *const not_mentor = "\"Prefer not\" marks for cohort matching are made "
    "from your mentor view. Switch view to the scheme where you are a mentor.";

static const char *const choice_names[APP_WISHES_MAX] = {"choice_1", "choice_2",
	"choice_3"};
static const char *const rank_words[APP_WISHES_MAX] = {"First choice", "Second choice",
	"Third choice"};

static const char *
done_message(const char *done)
{
	static const struct { const char *key, *text; } t[] = {
		{"saved", "Your wishes have been saved."},
		{"cleared", "Your wishes have been cleared."},
		{"marked", "Saved. If a mentee of this scheme uses this address, cohort "
		    "matching will take your mark into account. They are not told."},
		{"removed", "The mark has been removed."},
	};
	for (size_t i = 0; done != NULL && i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(done, t[i].key) == 0)
			return t[i].text;
	return "";
}

static const char *
state_name(enum app_mp_state s)
{
	return s == APP_MP_OPEN ? "open" : s == APP_MP_NOT_USED ? "not_used" : "has_mentor";
}

static json_t *
choice_json(const struct app_mentor_choice *c)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:b}", "id", (json_int_t)c->user_id,
	    "name", c->name, "job_role", c->job_role, "organisation", c->organisation,
	    "is_offered", c->is_offered);
}

static const char *
choice_label(struct arena *a, const struct app_mentor_choice *c)
{
	const char *t = c->name;
	if (*c->job_role && *c->organisation)
		t = arena_printf(a, "%s (%s, %s)", t, c->job_role, c->organisation);
	else if (*c->job_role || *c->organisation)
		t = arena_printf(a, "%s (%s)", t, *c->job_role ? c->job_role : c->organisation);
	if (!c->is_offered)
		t = arena_printf(a, "%s: not taking new mentees at the moment", t);
	return t;
}

/* ---- a mentee's wishes ---- */

static enum err
wishes_page(struct request *req, struct response *resp, int status)
{
	struct arena *a = req->arena;
	struct app_wishes_page p;
	enum err rc = app_wishes_get(req->db, a, req->auth, &p);
	if (rc == ERR_FORBIDDEN)
		return page_refuse(req, resp, 403, "forbidden", not_mentee);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api && p.state == APP_MP_NOT_USED)
		return ERR_NOT_FOUND;
	json_t *m = json_object();
	json_put_i(m, "scheme_id", p.scheme_id);
	json_put_s(m, "scheme", p.scheme_name);
	json_put_s(m, "state", state_name(p.state));
	json_t *w = json_array();
	for (size_t i = 0; i < p.nwishes; i++) {
		const struct db_match_wish *x = &p.wishes[i];
		bool offered = false;
		for (size_t k = 0; k < p.nchoices; k++)
			if (p.choices[k].user_id == x->mentor_id)
				offered = p.choices[k].is_offered;
		json_array_append_new(w, json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:b}",
		    "rank", (json_int_t)x->rank, "rank_label", rank_words[(x->rank - 1) % 3],
		    "mentor_id", (json_int_t)x->mentor_id, "name", x->mentor_name,
		    "job_role", x->mentor_job_role, "organisation", x->mentor_organisation,
		    "is_offered", offered));
	}
	json_object_set_new(m, "wishes", w);
	if (req->is_api) {
		json_t *c = json_array();
		for (size_t i = 0; i < p.nchoices; i++)
			json_array_append_new(c, choice_json(&p.choices[i]));
		json_object_set_new(m, "choices", c);
		return page_respond(req, resp, status, "matchprefs-wishes", m);
	}
	json_put_b(m, "is_open", p.state == APP_MP_OPEN);
	json_put_b(m, "is_not_used", p.state == APP_MP_NOT_USED);
	json_put_b(m, "has_mentor", p.state == APP_MP_HAS_MENTOR);
	json_put_b(m, "has_wishes", p.nwishes > 0);
	json_put_b(m, "has_choices", p.nchoices > 0);
	/* each select: what was sent back (a form with errors), else stored */
	bool back = req->method == HTTP_POST;
	json_t *selects = json_array();
	for (int r = 0; r < APP_WISHES_MAX; r++) {
		int64_t sel = 0;
		if (back)
			sel = req_int(req, choice_names[r]);
		else if ((size_t)r < p.nwishes)
			sel = p.wishes[r].mentor_id;
		json_t *opts = json_array();
		for (size_t i = 0; i < p.nchoices; i++)
			json_array_append_new(opts, json_pack("{s:I, s:s, s:b}", "id",
			    (json_int_t)p.choices[i].user_id, "label", choice_label(a,
			    &p.choices[i]), "is_selected", p.choices[i].user_id == sel));
		const char *err = req_error(req, choice_names[r]);
		json_t *o = json_pack("{s:s, s:s, s:o}", "name", choice_names[r], "label",
		    rank_words[r], "options", opts);
		json_put_b(o, "is_none", sel == 0);
		if (err != NULL)
			json_put_s(o, "error", err);
		json_array_append_new(selects, o);
	}
	json_object_set_new(m, "selects", selects);
	if (status == 200)
		json_put_s(m, "done_message", done_message(req_str(req, "done")));
	return page_render(req, resp, status, "matchprefs-wishes", m);
}

static enum err
handle_wishes(struct request *req, struct response *resp)
{
	return wishes_page(req, resp, 200);
}

static enum err
wishes_saved(struct request *req, struct response *resp, const char *done)
{
	if (req->is_api)
		return wishes_page(req, resp, 200);
	resp_redirect(resp, req, arena_printf(req->arena, "/matching/wishes?done=%s", done));
	return ERR_OK;
}

static enum err
wishes_refused(struct request *req, struct response *resp, enum err rc,
    const struct app_problems *ps)
{
	if (rc == ERR_FORBIDDEN)
		return page_refuse(req, resp, 403, "forbidden", not_mentee);
	if (rc == ERR_CONFLICT)
		return page_refuse(req, resp, 409, "conflict", page_why(ps, "You have a mentor, "
		    "so wishes for cohort matching are not used"));
	return rc;
}

static enum err
handle_wishes_save(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	if (req->errors == NULL) {
		int64_t choice[APP_WISHES_MAX];
		for (int i = 0; i < APP_WISHES_MAX; i++)
			choice[i] = req_int(req, choice_names[i]);
		enum err rc = app_wishes_save(req->db, req->arena, req->auth, choice,
		    req->client_ip, &ps);
		if (rc == ERR_OK) {
			bool none = choice[0] == 0 && choice[1] == 0 && choice[2] == 0;
			return wishes_saved(req, resp, none ? "cleared" : "saved");
		}
		if (rc != ERR_BAD_INPUT)
			return wishes_refused(req, resp, rc, &ps);
		page_add_problems(req, &ps);
	}
	if (req->is_api)
		return page_invalid(req, resp, 422);
	return wishes_page(req, resp, 422);
}

static enum err
handle_wishes_clear(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	const int64_t none[APP_WISHES_MAX] = {0};
	enum err rc = app_wishes_save(req->db, req->arena, req->auth, none, req->client_ip,
	    &ps);
	if (rc != ERR_OK)
		return wishes_refused(req, resp, rc, &ps);
	return wishes_saved(req, resp, "cleared");
}

/* ---- a mentor's "prefer not" ---- */

static enum err
avoid_page(struct request *req, struct response *resp, int status)
{
	struct arena *a = req->arena;
	struct app_avoid_page p;
	enum err rc = app_avoids_get(req->db, a, req->auth, &p);
	if (rc == ERR_FORBIDDEN)
		return page_refuse(req, resp, 403, "forbidden", not_mentor);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api && p.state != APP_MP_OPEN)
		return ERR_NOT_FOUND;
	json_t *m = json_object();
	json_put_i(m, "scheme_id", p.scheme_id);
	json_put_s(m, "scheme", p.scheme_name);
	json_put_b(m, "avoid_hard", p.st.avoid_hard);
	json_t *list = json_array();
	for (size_t i = 0; i < p.navoids; i++) {
		json_t *o = json_pack("{s:s, s:I}", "email", p.avoids[i].email, "created_at",
		    (json_int_t)p.avoids[i].created_at);
		if (!req->is_api)
			json_put_s(o, "added", app_time_words(a, p.avoids[i].created_at, false));
		json_array_append_new(list, o);
	}
	json_object_set_new(m, "marks", list);
	if (req->is_api)
		return page_respond(req, resp, status, "matchprefs-avoid", m);
	json_put_b(m, "is_open", p.state == APP_MP_OPEN);
	json_put_b(m, "is_not_used", p.state != APP_MP_OPEN);
	json_put_b(m, "has_marks", p.navoids > 0);
	json_put_s(m, "email", req->method == HTTP_POST ? req_str(req, "email") : "");
	static const char *const fields[] = {"email", NULL};
	page_field_errors(req, m, fields);
	if (status == 200)
		json_put_s(m, "done_message", done_message(req_str(req, "done")));
	return page_render(req, resp, status, "matchprefs-avoid", m);
}

static enum err
handle_avoid(struct request *req, struct response *resp)
{
	return avoid_page(req, resp, 200);
}

static enum err
handle_avoid_add(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	if (req->errors == NULL) {
		enum err rc = app_avoid_add(req->db, req->arena, req->auth, req_str(req, "email"),
		    req->client_ip, &ps);
		if (rc == ERR_OK) {
			if (req->is_api) {
				resp_json(resp, req, 201, json_pack("{s:s, s:s}", "done", "marked",
				    "message", done_message("marked")));
				return ERR_OK;
			}
			resp_redirect(resp, req, "/matching/avoid?done=marked");
			return ERR_OK;
		}
		if (rc == ERR_FORBIDDEN)
			return page_refuse(req, resp, 403, "forbidden", not_mentor);
		if (rc != ERR_BAD_INPUT)
			return rc;
		page_add_problems(req, &ps);
	}
	if (req->is_api)
		return page_invalid(req, resp, 422);
	return avoid_page(req, resp, 422);
}

static enum err
handle_avoid_remove(struct request *req, struct response *resp)
{
	enum err rc = app_avoid_remove(req->db, req->arena, req->auth, req_str(req, "email"),
	    req->client_ip);
	if (rc == ERR_FORBIDDEN)
		return page_refuse(req, resp, 403, "forbidden", not_mentor);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:s}", "done", "removed"));
		return ERR_OK;
	}
	resp_redirect(resp, req, "/matching/avoid?done=removed");
	return ERR_OK;
}

/* ---- administrators (API) ---- */

static enum err
handle_admin_prefs(struct request *req, struct response *resp)
{
	struct app_matchprefs_admin p;
	enum err rc = app_matchprefs_admin(req->db, req->arena, req->auth, req_int(req, "id"),
	    &p);
	if (rc != ERR_OK)
		return rc;
	json_t *w = json_array();
	for (size_t i = 0; i < p.nwishes; i++)
		json_array_append_new(w, json_pack("{s:I, s:s, s:I, s:s, s:I, s:I}",
		    "mentee_id", (json_int_t)p.wishes[i].mentee_id, "mentee",
		    p.wishes[i].mentee_name, "mentor_id", (json_int_t)p.wishes[i].mentor_id,
		    "mentor", p.wishes[i].mentor_name, "rank", (json_int_t)p.wishes[i].rank,
		    "created_at", (json_int_t)p.wishes[i].created_at));
	json_t *v = json_array();
	for (size_t i = 0; i < p.navoids; i++) {
		const struct db_match_avoid *x = &p.avoids[i];
		json_t *o = json_pack("{s:I, s:s, s:s, s:I}", "mentor_id",
		    (json_int_t)x->mentor_id, "mentor", x->mentor_name, "email", x->email,
		    "created_at", (json_int_t)x->created_at);
		if (x->mentee_id != 0) {
			json_put_i(o, "mentee_id", x->mentee_id);
			json_put_s(o, "mentee", x->mentee_name);
		} else {
			json_object_set_new(o, "mentee_id", json_null());
			json_object_set_new(o, "mentee", json_null());
		}
		json_array_append_new(v, o);
	}
	const struct app_match_settings *st = &p.st;
	json_t *m = json_pack("{s:I, s:s, s:{s:[i,i,i], s:b, s:i, s:b}, s:o, s:o}",
	    "scheme_id", (json_int_t)p.scheme.id, "scheme", p.scheme.name,
	    "settings", "wish_weights", st->wish_weight[0], st->wish_weight[1],
	    st->wish_weight[2], "avoid_hard", st->avoid_hard, "avoid_penalty",
	    st->avoid_penalty, "stable_mode", st->stable_mode, "wishes", w, "avoids", v);
	resp_json(resp, req, 200, m);
	return ERR_OK;
}

/* ---- home ---- */

enum err
home_matchprefs(struct request *req, json_t *m)
{
	struct app_matchprefs_home h;
	enum err rc = app_matchprefs_home(req->db, req->arena, req->auth, &h);
	if (rc != ERR_OK || !h.show)
		return rc;
	struct arena *a = req->arena;
	const char *text;
	if (h.is_mentee)
		text = h.nwishes == 0 ? "You have not chosen any mentors yet." :
		    arena_printf(a, "You have chosen %zu %s.", h.nwishes, h.nwishes == 1 ?
		    "mentor" : "mentors");
	else
		text = h.navoids == 0 ? "You have not marked anyone." :
		    arena_printf(a, "You have marked %zu email %s.", h.navoids,
		    h.navoids == 1 ? "address" : "addresses");
	json_object_set_new(m, "matchprefs_home", json_pack("{s:b, s:s, s:s, s:s, s:I}",
	    "is_mentee", h.is_mentee, "url", h.is_mentee ? "/matching/wishes" :
	    "/matching/avoid", "link", h.is_mentee ? "Choose mentors you would like" :
	    "Mentees you would prefer not to take", "text", text, "count",
	    (json_int_t)(h.is_mentee ? h.nwishes : h.navoids)));
	return ERR_OK;
}

/* ---- routes ---- */

#define A ACCESS_SIGNED_IN
#define CHOICE(n, l) {.name = n, .type = P_INT, .min = 1, .max = INT64_MAX, .label = l}

static const char *const wish_dones[] = {"saved", "cleared", NULL};
static const char *const avoid_dones[] = {"marked", "removed", NULL};

static const struct param_spec wishes_get[] = {
	{.name = "done", .type = P_CHOICE, .choices = wish_dones, .label = "what was done"},
	{0},
};
static const struct param_spec wishes_post[] = {
	CHOICE("choice_1", "First choice"),
	CHOICE("choice_2", "Second choice"),
	CHOICE("choice_3", "Third choice"),
	{0},
};
static const struct param_spec none_params[] = {{0}};
static const struct param_spec avoid_get[] = {
	{.name = "done", .type = P_CHOICE, .choices = avoid_dones, .label = "what was done"},
	{0},
};
static const struct param_spec avoid_post[] = {
	{.name = "email", .type = P_STRING, .max_len = 254, .label = "Email address"},
	{0},
};
static const struct param_spec avoid_remove_post[] = {
	{.name = "email", .type = P_STRING, .is_required = true, .max_len = 254,
	    .label = "the email address"},
	{0},
};
static const struct param_spec admin_get[] = {
	{.name = "id", .type = P_INT, .is_required = true, .min = 1, .max = INT64_MAX,
	    .label = "the scheme"},
	{0},
};

const struct route matchprefs_routes[] = {
	{HTTP_GET, "/matching/wishes", handle_wishes, A, wishes_get, 0, 0},
	{HTTP_POST, "/matching/wishes", handle_wishes_save, A, wishes_post, ROUTE_FORM, 0},
	{HTTP_POST, "/matching/wishes/clear", handle_wishes_clear, A, none_params, 0, 0},
	{HTTP_GET, "/matching/avoid", handle_avoid, A, avoid_get, 0, 0},
	{HTTP_POST, "/matching/avoid", handle_avoid_add, A, avoid_post, ROUTE_FORM, 0},
	{HTTP_POST, "/matching/avoid/remove", handle_avoid_remove, A, avoid_remove_post, 0,
	    0},

	{HTTP_GET, "/api/v1/matching/wishes", handle_wishes, A, wishes_get, 0, 0},
	{HTTP_POST, "/api/v1/matching/wishes", handle_wishes_save, A, wishes_post, 0, 0},
	{HTTP_POST, "/api/v1/matching/wishes/clear", handle_wishes_clear, A, none_params, 0,
	    0},
	{HTTP_GET, "/api/v1/matching/avoid", handle_avoid, A, avoid_get, 0, 0},
	{HTTP_POST, "/api/v1/matching/avoid", handle_avoid_add, A, avoid_post, 0, 0},
	{HTTP_POST, "/api/v1/matching/avoid/remove", handle_avoid_remove, A,
	    avoid_remove_post, 0, 0},
	{HTTP_GET, "/api/v1/admin/schemes/{id:int}/matching/preferences", handle_admin_prefs,
	    A, admin_get, 0, 0},
};
const size_t matchprefs_nroutes = sizeof(matchprefs_routes) / sizeof(matchprefs_routes[0]);
