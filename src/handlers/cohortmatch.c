/*
 * cohortmatch.c - cohort matching (REQ-11): the pages and their /api/v1
 * twins (docs/cohort-matching.md, docs/api-cohortmatch.md).
 *
 * /admin/schemes/{id}/cohort-matching: what cohort matching does, the form
 * (a cohort or everyone waiting; best overall or stable) and the past
 * runs.  /admin/match-runs/{id}: totals, each mentor's load, the proposed
 * pairs (lock checkboxes in one form, a "Change" link per row to
 * .../swap?mentee=), the unmatched with why, the blocking pairs, and the
 * actions (re-run around the locked pairs, discard, confirm).
 * /admin/match-runs/{id}/confirm: "This will create N relationships and
 * email 2N people", then POST.
 *
 * Who may do what is app's decision (app/cohortmatch.c): anyone who does
 * not administer the scheme gets 404 on every route.
 */
#include "handlers/handlers.h"

#include <string.h>

#include "app/cohortmatch.h"
#include "app/date.h"
#include "core/arena.h"
#include "core/strparse.h"
#include "view/json.h"

static const char *const modes[] = {"optimal", "stable", NULL};
static const char *const dones[] = {"locked", "swapped", "rerun", "rerun_optimal",
	"discarded", "confirmed", NULL};

#define PAIRS_PER_PAGE 50          /* proposed pairs on one page of a run */

static const char *
done_message(const char *done)
{
	if (done == NULL)
		return "";
	if (strcmp(done, "locked") == 0)
		return "The locks have been saved.";
	if (strcmp(done, "swapped") == 0)
		return "The mentor has been changed and the pair locked.";
	if (strcmp(done, "rerun") == 0)
		return "The matching has been run again around the locked pairs.";
	if (strcmp(done, "rerun_optimal") == 0)
		return "The matching has been run again around the locked pairs. The scheme "
		    "no longer offers stable mode, so this run is matched best overall.";
	if (strcmp(done, "discarded") == 0)
		return "The run has been discarded.";
	if (strcmp(done, "confirmed") == 0)
		return "The run has been confirmed: the relationships have been made and "
		    "everyone has been emailed.";
	return "";
}

static const char *
run_url(struct request *req, int64_t id, const char *tail)
{
	return arena_printf(req->arena, "/admin/match-runs/%lld%s", (long long)id, tail);
}

static const char *
status_words(const char *status)
{
	if (strcmp(status, "draft") == 0)
		return "Draft";
	if (strcmp(status, "confirmed") == 0)
		return "Confirmed";
	if (strcmp(status, "replaced") == 0)
		return "Replaced by a re-run";
	return "Discarded";
}

static const char *
mode_words(const char *mode)
{
	return strcmp(mode, "stable") == 0 ? "Stable" : "Best overall";
}

static const char *
who_words(const struct db_cm_run *r)
{
	if (r->cohort_id)
		return r->cohort_name;
	return r->everyone ? "Everyone waiting" : "A cohort since deleted";
}

static json_t *
lines_json(struct arena *a, const char *text)
{
	json_t *arr = json_array();
	const char *p = text;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		json_array_append_new(arr, json_string(arena_strndup(a, p, len)));
		p = nl ? nl + 1 : NULL;
	}
	return arr;
}

static json_t *
run_json(struct request *req, const struct db_cm_run *r)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	json_put_i(o, "id", r->id);
	json_put_i(o, "scheme_id", r->scheme_id);
	if (r->cohort_id)
		json_put_i(o, "cohort_id", r->cohort_id);
	else
		json_object_set_new(o, "cohort_id", json_null());
	json_put_s(o, "cohort_name", r->cohort_name);
	json_put_b(o, "everyone", r->everyone);
	json_put_s(o, "mode", r->mode);
	json_put_s(o, "status", r->status);
	json_put_i(o, "matched", r->matched);
	json_put_i(o, "unmatched", r->unmatched);
	json_put_i(o, "objective", r->objective);
	json_put_i(o, "blocking", r->blocking);
	json_put_i(o, "elapsed_us", r->elapsed_us);
	json_put_i(o, "mean_score", r->matched ? (r->score_total * 2 + r->matched) /
	    (r->matched * 2) : 0);
	json_put_i(o, "created_at", r->created_at);
	json_put_s(o, "created_by", r->created_by_name);
	if (r->replaced_by)
		json_put_i(o, "replaced_by", r->replaced_by);
	if (r->confirmed_at)
		json_put_i(o, "confirmed_at", r->confirmed_at);
	if (!req->is_api) {
		json_put_s(o, "url", run_url(req, r->id, ""));
		json_put_s(o, "status_words", status_words(r->status));
		json_put_s(o, "mode_words", mode_words(r->mode));
		json_put_s(o, "who_words", who_words(r));
		json_put_s(o, "when_words", app_time_words(a, r->created_at, false));
		json_put_b(o, "is_draft", strcmp(r->status, "draft") == 0);
		json_put_b(o, "is_confirmed", strcmp(r->status, "confirmed") == 0);
		if (r->replaced_by)
			json_put_s(o, "replaced_url", run_url(req, r->replaced_by, ""));
	}
	return o;
}

static enum err
refuse(struct request *req, struct response *resp, enum err rc,
    const struct app_problems *ps)
{
	if (rc == ERR_CONFLICT)
		return page_refuse(req, resp, 409, "conflict", page_why(ps,
		    "This run has changed. Open it again."));
	if (rc == ERR_FORBIDDEN)
		return page_refuse(req, resp, 403, "forbidden", page_why(ps,
		    "Cohort matching is turned off for this scheme."));
	return rc;
}

/* ---- the scheme's page ---- */

static enum err
scheme_page(struct request *req, struct response *resp, int status, int64_t scheme_id)
{
	struct arena *a = req->arena;
	struct app_cm_overview ov;
	enum err rc = app_cohortmatch_overview(req->db, a, req->auth, scheme_id, &ov);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	json_put_i(m, "scheme_id", scheme_id);
	json_put_b(m, "is_on", ov.is_on);
	json_put_b(m, "stable_mode", ov.stable_mode);
	json_put_i(m, "waiting", (int64_t)ov.waiting);
	json_t *runs = json_array();
	for (size_t i = 0; i < ov.nruns; i++)
		json_array_append_new(runs, run_json(req, &ov.runs[i]));
	json_object_set_new(m, "runs", runs);
	const char *typed_cohort = req_has(req, "cohort_id") ? req_str(req, "cohort_id") : "";
	json_t *cl = json_array();
	for (size_t i = 0; i < ov.ncohorts; i++) {
		json_t *o = json_object();
		json_put_i(o, "id", ov.cohorts[i].id);
		json_put_s(o, "name", ov.cohorts[i].name);
		json_put_i(o, "members", ov.cohorts[i].members);
		if (!req->is_api)
			json_put_b(o, "is_selected", strcmp(typed_cohort,
			    arena_printf(a, "%lld", (long long)ov.cohorts[i].id)) == 0);
		json_array_append_new(cl, o);
	}
	json_object_set_new(m, "cohorts", cl);
	if (!req->is_api) {
		json_put_b(m, "has_runs", ov.nruns > 0);
		json_put_b(m, "has_cohorts", ov.ncohorts > 0);
		json_put_b(m, "is_stable_chosen", strcmp(req_str(req, "mode"), "stable") == 0);
		json_put_s(m, "action", arena_printf(a, "/admin/schemes/%lld/cohort-matching",
		    (long long)scheme_id));
		json_put_s(m, "settings_url", arena_printf(a, "/admin/schemes/%lld/settings",
		    (long long)scheme_id));
		json_put_s(m, "done_message", status == 200 ?
		    done_message(req_str(req, "done")) : "");
		static const char *const fields[] = {"cohort_id", "mode", NULL};
		page_field_errors(req, m, fields);
		admin_menu(req, m, "cohort-matching", scheme_id);
	}
	return page_respond(req, resp, status, "admin-cohortmatch", m);
}

static enum err
handle_scheme(struct request *req, struct response *resp)
{
	return scheme_page(req, resp, 200, req_int(req, "id"));
}

static enum err
handle_run(struct request *req, struct response *resp)
{
	int64_t scheme_id = req_int(req, "id");
	struct app_problems ps = {0};
	int64_t cohort_id = 0, id = 0;
	const char *c = req_str(req, "cohort_id");
	struct app_cm_overview ov;
	/* another scheme's administrator: 404 before any word about input */
	enum err rc = app_cohortmatch_overview(req->db, req->arena, req->auth, scheme_id, &ov);
	if (rc != ERR_OK)
		return rc;
	if (*c && strcmp(c, "all") != 0 &&
	    str_to_i64(c, 1, INT64_MAX, &cohort_id) != ERR_OK)
		req_add_error(req, "cohort_id", "Choose a cohort of this scheme, or everyone "
		    "waiting");
	const char *mode = req_has(req, "mode") ? req_str(req, "mode") : "optimal";
	if (req->errors == NULL) {
		rc = app_cohortmatch_run(req->db, req->arena, req->auth, scheme_id, cohort_id,
		    mode, req->client_ip, &ps, &id);
		if (rc == ERR_FORBIDDEN || rc == ERR_CONFLICT)
			return refuse(req, resp, rc, &ps);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
	}
	page_add_problems(req, &ps);
	if (req->errors != NULL) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return scheme_page(req, resp, 422, scheme_id);
	}
	if (req->is_api) {
		struct app_cm_view v;
		if ((rc = app_cohortmatch_get(req->db, req->arena, req->auth, id, &v)) != ERR_OK)
			return rc;
		resp_json(resp, req, 201, run_json(req, &v.run));
		return ERR_OK;
	}
	resp_redirect(resp, req, run_url(req, id, ""));
	return ERR_OK;
}

/* ---- one run ---- */

static json_t *
pair_json(struct request *req, const struct db_cm_pair *p, size_t i, bool is_draft,
    int64_t run_id)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	json_put_i(o, "mentee_id", p->mentee_id);
	json_put_s(o, "mentee_name", p->mentee_name);
	if (p->mentor_id) {
		json_put_i(o, "mentor_id", p->mentor_id);
		json_put_s(o, "mentor_name", p->mentor_name);
		json_put_i(o, "score", p->score);
		json_put_i(o, "cost", p->cost);
		json_put_i(o, "wish_rank", p->wish_rank);
		json_put_b(o, "locked", p->locked);
		json_object_set_new(o, "reasons", lines_json(a, p->reasons));
		if (p->relationship_id)
			json_put_i(o, "relationship_id", p->relationship_id);
	} else {
		json_put_s(o, "why", p->why);
	}
	if (!req->is_api) {
		json_put_s(o, "box_id", i == 0 ? "locked" : arena_printf(a, "locked-%zu", i));
		json_put_b(o, "has_wish", p->wish_rank > 0);
		json_put_b(o, "has_reasons", *p->reasons != '\0');
		if (is_draft)
			json_put_s(o, "swap_url", run_url(req, run_id, arena_printf(a,
			    "/swap?mentee=%lld", (long long)p->mentee_id)));
		if (p->relationship_id)
			json_put_s(o, "relationship_url", arena_printf(a, "/relationships/%lld",
			    (long long)p->relationship_id));
	}
	return o;
}

/* The run's model: pairs split into matched and unmatched.  The page
 * shows one page of PAIRS_PER_PAGE proposed pairs (page from 1; the
 * API every pair: page 0). */
static enum err
run_model(struct request *req, int64_t id, int64_t page, struct app_cm_view *v,
    json_t **out)
{
	struct arena *a = req->arena;
	enum err rc = app_cohortmatch_get(req->db, a, req->auth, id, v);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	json_object_set_new(m, "run", run_json(req, &v->run));
	json_t *pairs = json_array(), *unmatched = json_array(), *loads = json_array();
	json_t *shown = json_array();
	size_t nmatched = 0, from = 0, to = SIZE_MAX;
	for (size_t i = 0; i < v->npairs; i++)
		nmatched += v->pairs[i].mentor_id != 0;
	size_t pages = nmatched ? (nmatched + PAIRS_PER_PAGE - 1) / PAIRS_PER_PAGE : 1;
	if (page > 0) {
		if ((size_t)page > pages)
			page = (int64_t)pages;
		from = (size_t)(page - 1) * PAIRS_PER_PAGE;
		to = from + PAIRS_PER_PAGE;
	}
	size_t k = 0;
	for (size_t i = 0; i < v->npairs; i++) {
		if (v->pairs[i].mentor_id == 0) {
			json_array_append_new(unmatched, pair_json(req, &v->pairs[i], i,
			    v->is_draft, id));
			continue;
		}
		if (k >= from && k < to) {
			json_array_append_new(pairs, pair_json(req, &v->pairs[i], i, v->is_draft,
			    id));
			json_array_append_new(shown, json_integer(v->pairs[i].mentee_id));
		}
		k++;
	}
	if (page > 0) {
		json_object_set_new(m, "shown", shown);
		json_put_i(m, "page", page);
		json_put_i(m, "pages", (int64_t)pages);
		json_put_b(m, "is_paged", pages > 1);
		json_put_i(m, "first_shown", nmatched ? (int64_t)from + 1 : 0);
		json_put_i(m, "last_shown", (int64_t)(to < nmatched ? to : nmatched));
		if (page > 1)
			json_put_s(m, "prev_url", run_url(req, id, arena_printf(a, "?page=%lld",
			    (long long)page - 1)));
		if ((size_t)page < pages)
			json_put_s(m, "next_url", run_url(req, id, arena_printf(a, "?page=%lld",
			    (long long)page + 1)));
	} else {
		json_decref(shown);
	}
	for (size_t i = 0; i < v->nloads; i++) {
		const struct app_cm_load *l = &v->loads[i];
		json_t *o = json_object();
		json_put_i(o, "mentor_id", l->mentor_id);
		json_put_s(o, "name", l->name);
		json_put_i(o, "capacity", l->capacity);
		json_put_i(o, "live", l->live);
		json_put_i(o, "proposed", l->proposed);
		/* a draft's pairs are not live yet; a confirmed run's are */
		json_put_i(o, "used", v->is_draft ? l->live + l->proposed : l->live);
		json_array_append_new(loads, o);
	}
	json_object_set_new(m, "pairs", pairs);
	json_object_set_new(m, "unmatched", unmatched);
	json_object_set_new(m, "loads", loads);
	json_object_set_new(m, "blocking_pairs", lines_json(a, v->run.blocking_text));
	json_put_i(m, "mean_score", v->mean_score);
	json_put_i(m, "locked", (int64_t)v->nlocked);
	*out = m;
	return ERR_OK;
}

static enum err
run_page(struct request *req, struct response *resp, int status, int64_t id)
{
	struct arena *a = req->arena;
	struct app_cm_view v;
	json_t *m;
	int64_t page = req->is_api ? 0 : req_has(req, "page") ? req_int(req, "page") : 1;
	enum err rc = run_model(req, id, page < 1 && !req->is_api ? 1 : page, &v, &m);
	if (rc != ERR_OK)
		return rc;
	if (!req->is_api) {
		json_put_b(m, "is_draft", v.is_draft);
		/* long lists fold away on a phone: the actions stay at the top */
		json_put_b(m, "fold_unmatched", v.run.unmatched > 10);
		json_put_b(m, "fold_loads", v.nloads > 10);
		json_put_i(m, "nloads", (int64_t)v.nloads);
		json_put_b(m, "has_pairs", v.run.matched > 0);
		json_put_b(m, "has_unmatched", v.run.unmatched > 0);
		json_put_b(m, "has_blocking", v.run.blocking > 0);
		json_put_b(m, "more_blocking", (size_t)v.run.blocking > v.nblocking);
		json_put_b(m, "is_stable", strcmp(v.run.mode, "stable") == 0);
		json_put_s(m, "locks_action", run_url(req, id, "/locks"));
		json_put_s(m, "rerun_action", run_url(req, id, "/rerun"));
		json_put_s(m, "discard_action", run_url(req, id, "/discard"));
		json_put_s(m, "confirm_url", run_url(req, id, "/confirm"));
		json_put_s(m, "back_url", arena_printf(a, "/admin/schemes/%lld/cohort-matching",
		    (long long)v.run.scheme_id));
		json_put_s(m, "elapsed_words", arena_printf(a, "%.3f seconds",
		    (double)v.run.elapsed_us / 1e6));
		json_put_s(m, "done_message", status == 200 ? done_message(req_str(req, "done")) :
		    "");
		static const char *const fields[] = {"locked", "actions", NULL};
		page_field_errors(req, m, fields);
		admin_menu(req, m, "cohort-matching", v.run.scheme_id);
	}
	return page_respond(req, resp, status, "admin-cohortmatch-run", m);
}

static enum err
handle_show(struct request *req, struct response *resp)
{
	return run_page(req, resp, 200, req_int(req, "id"));
}

/* A refused action of the run page (409): the run page again with the
 * problem in its error summary and the actions (re-run, discard) beside
 * it, not a dead end; the API as refuse(). */
static enum err
run_refuse(struct request *req, struct response *resp, enum err rc,
    const struct app_problems *ps, int64_t id)
{
	if (req->is_api || rc != ERR_CONFLICT)
		return refuse(req, resp, rc, ps);
	req_add_error(req, "actions", page_why(ps, "This run has changed. Open it again."));
	return run_page(req, resp, 409, id);
}

/* ids from a P_LIST: a problem on `field` for one that is not a number */
static size_t
list_ids(struct request *req, const char *field, int64_t **out)
{
	const char *const *items;
	size_t n = req_list(req, field, &items), k = 0;
	*out = arena_calloc(req->arena, n + 1, sizeof(int64_t));
	for (size_t i = 0; i < n; i++) {
		if (str_to_i64(items[i], 1, INT64_MAX, &(*out)[k]) != ERR_OK) {
			req_add_error(req, field, "Only a proposed pair of this run can be locked");
			return 0;
		}
		k++;
	}
	return k;
}

static enum err
after_change(struct request *req, struct response *resp, int64_t id, const char *done)
{
	if (req->is_api) {
		struct app_cm_view v;
		json_t *m;
		enum err rc = run_model(req, id, 0, &v, &m);
		if (rc != ERR_OK)
			return rc;
		resp_json(resp, req, 200, m);
		return ERR_OK;
	}
	resp_redirect(resp, req, run_url(req, id, arena_printf(req->arena, "?done=%s", done)));
	return ERR_OK;
}

/* The mentees to lock: the ticked ones ("locked").  When the form says
 * which rows it showed ("shown": one page of a long run), the locks of
 * the rows on other pages stay as they are. */
static size_t
locks_wanted(struct request *req, const struct app_cm_view *v, int64_t **out)
{
	int64_t *ticked, *shown;
	size_t n = list_ids(req, "locked", &ticked);
	size_t ns = list_ids(req, "shown", &shown);
	if (ns == 0) {
		*out = ticked;
		return n;
	}
	int64_t *all = arena_calloc(req->arena, n + v->npairs + 1, sizeof(int64_t));
	memcpy(all, ticked, n * sizeof(int64_t));
	for (size_t i = 0; i < v->npairs; i++) {
		const struct db_cm_pair *p = &v->pairs[i];
		bool on_page = false;
		for (size_t k = 0; k < ns && !on_page; k++)
			on_page = shown[k] == p->mentee_id;
		if (p->locked && p->mentor_id && !on_page)
			all[n++] = p->mentee_id;
	}
	*out = all;
	return n;
}

/* Save the locks the request sends: ERR_OK, or the response made (a
 * 409 page, 422 with the problem beside the boxes); *done false then. */
static enum err
save_locks(struct request *req, struct response *resp, int64_t id, bool *done)
{
	struct app_problems ps = {0};
	struct app_cm_view v;
	*done = false;
	enum err rc = app_cohortmatch_get(req->db, req->arena, req->auth, id, &v);
	if (rc != ERR_OK)
		return rc;
	int64_t *ids;
	size_t n = locks_wanted(req, &v, &ids);
	if (req->errors == NULL) {
		rc = app_cohortmatch_locks(req->db, req->arena, req->auth, id, ids, n,
		    req->client_ip, &ps);
		if (rc == ERR_CONFLICT)
			return run_refuse(req, resp, rc, &ps, id);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
	}
	page_add_problems(req, &ps);
	if (req->errors != NULL) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return run_page(req, resp, 422, id);
	}
	*done = true;
	return ERR_OK;
}

static enum err
handle_locks(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	bool done;
	enum err rc = save_locks(req, resp, id, &done);
	if (rc != ERR_OK || !done)
		return rc;
	return after_change(req, resp, id, "locked");
}

/* ---- swap ---- */

static enum err
swap_page(struct request *req, struct response *resp, int status, int64_t id,
    int64_t mentee_id)
{
	struct arena *a = req->arena;
	struct app_problems ps = {0};
	struct db_cm_pair row;
	struct app_cm_option *opt;
	size_t n;
	struct app_cm_view v;
	enum err rc = app_cohortmatch_get(req->db, a, req->auth, id, &v);
	if (rc != ERR_OK)
		return rc;
	rc = app_cohortmatch_options(req->db, a, req->auth, id, mentee_id, &row, &opt, &n, &ps);
	if (rc == ERR_CONFLICT)
		return refuse(req, resp, rc, &ps);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	json_put_i(m, "run_id", id);
	json_put_i(m, "mentee_id", mentee_id);
	json_put_s(m, "mentee_name", row.mentee_name);
	if (row.mentor_id)
		json_put_i(m, "mentor_id", row.mentor_id);
	json_put_s(m, "mentor_name", row.mentor_name);
	const char *typed = req_has(req, "mentor_id") ? req_str(req, "mentor_id") : "";
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_put_i(o, "mentor_id", opt[i].mentor_id);
		json_put_s(o, "name", opt[i].name);
		json_put_i(o, "score", opt[i].score);
		json_put_i(o, "wish_rank", opt[i].wish_rank);
		json_put_i(o, "free_after", opt[i].free);
		json_put_b(o, "is_current", opt[i].is_current);
		if (!req->is_api) {
			json_put_s(o, "box_id", i == 0 ? "mentor_id" : arena_printf(a,
			    "mentor_id-%zu", i));
			json_put_b(o, "is_checked", *typed ? strcmp(typed, arena_printf(a, "%lld",
			    (long long)opt[i].mentor_id)) == 0 : opt[i].is_current);
			json_put_b(o, "has_wish", opt[i].wish_rank > 0);
		}
		json_array_append_new(list, o);
	}
	json_object_set_new(m, "options", list);
	if (!req->is_api) {
		json_put_b(m, "has_options", n > 0);
		json_put_b(m, "is_matched", row.mentor_id != 0);
		json_put_s(m, "action", run_url(req, id, "/swap"));
		json_put_s(m, "back_url", run_url(req, id, ""));
		static const char *const fields[] = {"mentor_id", NULL};
		page_field_errors(req, m, fields);
		admin_menu(req, m, "cohort-matching", v.run.scheme_id);
	}
	return page_respond(req, resp, status, "admin-cohortmatch-swap", m);
}

static enum err
handle_swap_form(struct request *req, struct response *resp)
{
	return swap_page(req, resp, 200, req_int(req, "id"), req_int(req, "mentee"));
}

static enum err
handle_swap(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id"), mentee = req_int(req, "mentee");
	int64_t mentor = 0;
	struct app_problems ps = {0};
	struct app_cm_view v;
	enum err rc = app_cohortmatch_get(req->db, req->arena, req->auth, id, &v);
	if (rc != ERR_OK)
		return rc;
	if (str_to_i64(req_str(req, "mentor_id"), 1, INT64_MAX, &mentor) != ERR_OK)
		req_add_error(req, "mentor_id", "Choose a mentor who may take this mentee and "
		    "has a free place");
	if (req->errors == NULL) {
		rc = app_cohortmatch_swap(req->db, req->arena, req->auth, id, mentee, mentor,
		    req->client_ip, &ps);
		if (rc == ERR_CONFLICT)
			return refuse(req, resp, rc, &ps);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
	}
	page_add_problems(req, &ps);
	if (req->errors != NULL) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return swap_page(req, resp, 422, id, mentee);
	}
	return after_change(req, resp, id, "swapped");
}

/* ---- re-run, discard, confirm ---- */

/* Re-run around the locked pairs.  The run page's "Re-run" is a second
 * button of the locks form, so the boxes ticked there are saved first
 * (save_locks says so; the API may send "locked" too); without them the
 * stored locks are used. */
static enum err
handle_rerun(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id"), new_id = 0;
	struct app_problems ps = {0};
	struct app_cm_view old, v;
	enum err rc = app_cohortmatch_get(req->db, req->arena, req->auth, id, &old);
	if (rc != ERR_OK)
		return rc;
	if (req_has(req, "save_locks") || req_has(req, "locked")) {
		bool done;
		if ((rc = save_locks(req, resp, id, &done)) != ERR_OK || !done)
			return rc;
	}
	rc = app_cohortmatch_rerun(req->db, req->arena, req->auth, id, req->client_ip,
	    &ps, &new_id);
	if (rc == ERR_CONFLICT)
		return run_refuse(req, resp, rc, &ps, id);
	if (rc != ERR_OK)
		return rc;
	if ((rc = app_cohortmatch_get(req->db, req->arena, req->auth, new_id, &v)) != ERR_OK)
		return rc;
	if (req->is_api) {
		resp_json(resp, req, 201, run_json(req, &v.run));
		return ERR_OK;
	}
	bool optimal_now = strcmp(old.run.mode, "stable") == 0 &&
	    strcmp(v.run.mode, "stable") != 0;
	resp_redirect(resp, req, run_url(req, new_id, optimal_now ? "?done=rerun_optimal" :
	    "?done=rerun"));
	return ERR_OK;
}

static enum err
handle_discard(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	struct app_problems ps = {0};
	enum err rc = app_cohortmatch_discard(req->db, req->arena, req->auth, id,
	    req->client_ip, &ps);
	if (rc == ERR_CONFLICT)
		return run_refuse(req, resp, rc, &ps, id);
	if (rc != ERR_OK)
		return rc;
	return after_change(req, resp, id, "discarded");
}

static enum err
handle_confirm_page(struct request *req, struct response *resp)
{
	struct arena *a = req->arena;
	int64_t id = req_int(req, "id");
	struct app_cm_view v;
	enum err rc = app_cohortmatch_get(req->db, a, req->auth, id, &v);
	if (rc != ERR_OK)
		return rc;
	if (!v.is_draft) {
		struct app_problems ps = {0};
		app_problem(&ps, "", strcmp(v.run.status, "confirmed") == 0
		    ? "This run has already been confirmed: its relationships have been made."
		    : "Only a draft run can be confirmed.");
		return refuse(req, resp, ERR_CONFLICT, &ps);
	}
	json_t *m = json_object();
	json_object_set_new(m, "run", run_json(req, &v.run));
	json_put_i(m, "relationships", v.run.matched);
	json_put_i(m, "emails", v.run.matched * 2);
	if (!req->is_api) {
		json_put_b(m, "has_pairs", v.run.matched > 0);
		json_put_b(m, "has_unmatched", v.run.unmatched > 0);
		json_put_s(m, "action", run_url(req, id, "/confirm"));
		json_put_s(m, "back_url", run_url(req, id, ""));
		admin_menu(req, m, "cohort-matching", v.run.scheme_id);
	}
	return page_respond(req, resp, 200, "admin-cohortmatch-confirm", m);
}

static enum err
handle_confirm(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	struct app_problems ps = {0};
	size_t created = 0;
	enum err rc = app_cohortmatch_confirm(req->db, req->arena, req->auth, id,
	    req->client_ip, &ps, &created);
	if (rc == ERR_CONFLICT || rc == ERR_FORBIDDEN)
		return run_refuse(req, resp, rc, &ps, id);
	if (rc != ERR_OK)
		return rc;
	return after_change(req, resp, id, "confirmed");
}

/* ---- routes ---- */

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the id"}
#define MENTEE_PARAM {.name = "mentee", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the mentee"}

#define DONE_PARAM {.name = "done", .type = P_CHOICE, .choices = dones, \
	.label = "what was done"}
#define RUN_PARAMS {.name = "cohort_id", .type = P_STRING, .max_len = 20, \
	.label = "Who to match"}, \
	{.name = "mode", .type = P_CHOICE, .choices = modes, .label = "How to match"}
#define MENTOR_PARAM {.name = "mentor_id", .type = P_STRING, .max_len = 20, .label = "Mentor"}

#define PAGE_PARAM {.name = "page", .type = P_INT, .min = 1, .max = 1000000, \
	.label = "the page"}
#define LOCK_PARAMS {.name = "locked", .type = P_LIST, .max_len = 20, .max = 100000, \
	.label = "the pairs to lock"}, \
	{.name = "shown", .type = P_LIST, .max_len = 20, .max = PAIRS_PER_PAGE, \
	.label = "the pairs shown"}, \
	{.name = "save_locks", .type = P_STRING, .max_len = 3, .label = "Save the locks"}

/* every page a handler may re-render reads what its form sends, so a
 * page and the form posted from it take the same parameters */
static const struct param_spec by_id[] = {ID_PARAM, {0}};
/* the scheme's page and its run form */
static const struct param_spec scheme_params[] = {ID_PARAM, DONE_PARAM, RUN_PARAMS, {0}};
/* a run's page and its discard and confirm buttons */
static const struct param_spec run_params[] = {ID_PARAM, DONE_PARAM, PAGE_PARAM, {0}};
/* the run page's locks and re-run (both send the ticked locks) */
static const struct param_spec locks_params[] = {ID_PARAM, DONE_PARAM, PAGE_PARAM,
	LOCK_PARAMS, {0}};
/* the swap page and its form */
static const struct param_spec swap_params[] = {ID_PARAM, MENTEE_PARAM, MENTOR_PARAM, {0}};

#define S ACCESS_SIGNED_IN
#define F ROUTE_FORM

/* each page and its /api/v1 twin: "/admin/x" and "/api/v1/x" */
#define TWIN(method, tail, handler, params, flags) \
	{method, "/admin" tail, handler, S, params, flags, 0}, \
	{method, "/api/v1" tail, handler, S, params, flags, 0}

const struct route cohortmatch_routes[] = {
	TWIN(HTTP_GET, "/schemes/{id:int}/cohort-matching", handle_scheme, scheme_params, 0),
	TWIN(HTTP_POST, "/schemes/{id:int}/cohort-matching", handle_run, scheme_params, F),
	TWIN(HTTP_GET, "/match-runs/{id:int}", handle_show, run_params, 0),
	TWIN(HTTP_POST, "/match-runs/{id:int}/locks", handle_locks, locks_params, F),
	TWIN(HTTP_GET, "/match-runs/{id:int}/swap", handle_swap_form, swap_params, 0),
	TWIN(HTTP_POST, "/match-runs/{id:int}/swap", handle_swap, swap_params, F),
	TWIN(HTTP_POST, "/match-runs/{id:int}/rerun", handle_rerun, locks_params, F),
	TWIN(HTTP_POST, "/match-runs/{id:int}/discard", handle_discard, run_params, 0),
	TWIN(HTTP_GET, "/match-runs/{id:int}/confirm", handle_confirm_page, by_id, 0),
	TWIN(HTTP_POST, "/match-runs/{id:int}/confirm", handle_confirm, run_params, 0),
};
const size_t cohortmatch_nroutes = sizeof(cohortmatch_routes) / sizeof(cohortmatch_routes[0]);
