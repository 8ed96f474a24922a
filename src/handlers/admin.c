/*
 * admin.c - the administration pages and their API twins (ADM-1, ACC-3,
 * ACC-5, MSG-4): the overview, pending registrations (approve, or reject
 * with a reason), locked accounts (unlock), the people search, one
 * person (roles, sign-in sessions, audit entries; end their sessions),
 * and the outbox (retry a failed email).
 *
 * The route rows let any administrator in (ACCESS_SCHEME_ADMIN: others
 * get the 403 page).  Which people and emails an administrator may see
 * or act on is app's decision (app/admin.c and app_user_visible), so an
 * administrator of another scheme gets the same 404 as for a person who
 * does not exist.
 *
 * Each page handler builds its data (what the API twin sends as JSON),
 * then, for the page only, adds the administration menu and the banner
 * for what was just done.  Actions answer the page with a redirect back
 * (?done=approved ...: POST, redirect, GET) and the API with
 * {"id", "done"}.  Times are UTC, as "23 Nov 2026, 20:14" on pages, with
 * the Unix seconds beside them (`*_at`) for the API.
 */
#include "handlers/handlers.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/admin.h"
#include "app/people.h"
#include "app/relationship.h"
#include "app/schemeconf.h"
#include "core/arena.h"
#include "view/url.h"
#include "view/json.h"

/* ---- small helpers ---- */

/* "23 Nov 2026, 20:14" (UTC); "" for 0 (never). */
static const char *
when(struct arena *a, int64_t t)
{
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t tt = (time_t)t;
	struct tm tm;

	if (t <= 0 || gmtime_r(&tt, &tm) == NULL)
		return "";
	return arena_printf(a, "%d %s %d, %02d:%02d", tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

/* A time as both Unix seconds (`key`) and words (`words`). */
static void
set_time(struct request *req, json_t *o, const char *key, const char *words,
    int64_t t)
{
	json_put_i(o, key, t);
	json_put_s(o, words, when(req->arena, t));
}

static const char *
status_label(const char *status, const char **tag)
{
	static const struct { const char *status, *label, *tag; } map[] = {
		{"pending", "Waiting for approval", "nhsuk-tag--yellow"},
		{"active", "Active", "nhsuk-tag--green"},
		{"rejected", "Rejected", "nhsuk-tag--red"},
		{"deactivated", "Deactivated", "nhsuk-tag--grey"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (strcmp(map[i].status, status) == 0) {
			*tag = map[i].tag;
			return map[i].label;
		}
	}
	*tag = "nhsuk-tag--grey";
	return status;
}

static const char *
role_label(const char *role)
{
	if (strcmp(role, "mentee") == 0)
		return "Mentee";
	if (strcmp(role, "mentor") == 0)
		return "Mentor";
	if (strcmp(role, "scheme_admin") == 0)
		return "Scheme administrator";
	return role;
}

/* A person's account as the pages and the API show it: never the
 * password hash. */
static json_t *
user_json(struct request *req, const struct db_user *u)
{
	json_t *o = json_object();
	const char *tag, *label = status_label(u->status, &tag);

	json_put_i(o, "id", u->id);
	json_put_s(o, "username", u->username);
	json_put_s(o, "name", arena_printf(req->arena, "%s %s", u->given_name,
	    u->family_name));
	json_put_s(o, "email", u->email);
	json_put_s(o, "status", u->status);
	json_put_s(o, "status_label", label);
	json_put_s(o, "status_tag", tag);
	json_put_b(o, "is_pending", strcmp(u->status, "pending") == 0);
	json_put_b(o, "is_locked", u->locked_at != 0);
	json_put_b(o, "is_site_admin", u->is_site_admin);
	json_put_i(o, "failed_logins", u->failed_logins);
	set_time(req, o, "created_at", "created", u->created_at);
	set_time(req, o, "approved_at", "approved", u->approved_at);
	set_time(req, o, "locked_at", "locked", u->locked_at);
	set_time(req, o, "last_login_at", "last_login", u->last_login_at);
	json_put_s(o, "url", arena_printf(req->arena, "/admin/users/%lld", (long long)u->id));
	return o;
}

/* The person with their roles: "roles" [{scheme_id, scheme, role,
 * label}], and the same as text for a table cell. */
static json_t *
person_json(struct request *req, const struct app_admin_person *p)
{
	json_t *o = user_json(req, &p->user), *roles = json_array();
	struct buf schemes, labels;

	buf_init_arena(&schemes, req->arena, 4096);
	buf_init_arena(&labels, req->arena, 4096);
	for (size_t i = 0; i < p->nviews; i++) {
		const struct db_view *v = &p->views[i];
		json_t *r = json_object();
		json_put_i(r, "scheme_id", v->scheme_id);
		json_put_s(r, "scheme", v->scheme_name);
		json_put_s(r, "role", v->role);
		json_put_s(r, "label", role_label(v->role));
		json_array_append_new(roles, r);
		bool is_new = i == 0 || v->scheme_id != p->views[i - 1].scheme_id;
		if (is_new)
			buf_printf(&schemes, "%s%s", schemes.len ? ", " : "", v->scheme_name);
		buf_printf(&labels, "%s%s", labels.len ? ", " : "", role_label(v->role));
	}
	json_object_set_new(o, "roles", roles);
	json_put_s(o, "schemes_text", buf_str(&schemes));
	json_put_s(o, "roles_text", buf_str(&labels));
	return o;
}

/* The reject form's fields on a person: every key is always set, so a
 * section never falls through to the page's own keys. */
static void
reject_fields(struct request *req, json_t *o, int64_t id, const char *from,
    bool has_error)
{
	const char *e = has_error ? req_error(req, "reason") : NULL;
	json_put_s(o, "from", from);
	json_put_s(o, "reason_id", arena_printf(req->arena, "reason-%lld", (long long)id));
	json_put_s(o, "reason", has_error ? req_str(req, "reason") : "");
	json_put_s(o, "reason_error", e);
	json_put_b(o, "is_open", e != NULL);
}

/* The error summary's list, with "reason" pointing at this person's box. */
static void
set_errors(struct request *req, json_t *m, int64_t id)
{
	json_t *list = json_array();
	for (const struct field_error *e = req->errors; e; e = e->next) {
		json_t *x = json_object();
		json_put_s(x, "field", strcmp(e->field, "reason") == 0 ?
		    arena_printf(req->arena, "reason-%lld", (long long)id) : e->field);
		json_put_s(x, "message", e->message);
		json_array_append_new(list, x);
	}
	json_object_set_new(m, "errors", list);
	json_put_b(m, "has_errors", true);
}

/* ---- what pages add: the menu and the "done" banner ---- */

static const struct { const char *done, *message; } done_messages[] = {
	{"approved", "The registration has been approved. We have emailed the "
	    "person to tell them they can sign in."},
	{"rejected", "The registration has been rejected. We have emailed the "
	    "person with your reason."},
	{"unlocked", "The account has been unlocked. The person can sign in again."},
	{"sessions_ended", "All of this person's sign-in sessions have ended. They "
	    "must sign in again on every device."},
	{"retried", "The email is back in the queue and will be sent again shortly."},
	{"deactivated", "The account has been deactivated. The person has been signed "
	    "out everywhere, cannot sign in, and their open requests are closed."},
	{"reactivated", "The account is active again. The person can sign in."},
	{"imported", "The people have been imported. Each has been emailed a link "
	    "to choose their password."},
	{"updated", "The person's details have been saved."},
};

static const char *const dones[] = {"approved", "rejected", "unlocked",
	"sessions_ended", "retried", "deactivated", "reactivated", "imported",
	"updated", NULL};

/* A scheme's administration tabs: the key is also the path under
 * /admin/schemes/{id}/. */
static const struct { const char *key, *label; } scheme_tabs[] = {
	{"settings", "Settings"},
	{"profiles", "Profiles and matching"},
	{"cohorts", "Cohorts"},
	{"cohort-matching", "Cohort matching"},
	{"requests", "Requests"},
	{"relationships", "Relationships"},
	{"guides", "Guides and journey"},
	{"content", "Notes and documents"},
	{"news", "News and resources"},
	{"concerns", "Concerns"},
	{"evaluations", "Evaluation"},
	{"reports", "Reports"},
};

/* Which scheme tab a path belongs to: the segment after
 * /admin/schemes/{id}/, or the area of an item's own pages
 * (/admin/evaluations/forms/7 is the Evaluation tab); "" for none. */
static const char *
scheme_tab_of(const char *path)
{
	static const struct { const char *segment, *tab; } map[] = {
		{"requests", "requests"}, {"relationships", "relationships"},
		{"extensions", "relationships"}, {"guides", "guides"}, {"journey", "guides"},
		{"content", "content"}, {"news", "news"}, {"resources", "news"},
		{"concerns", "concerns"}, {"evaluations", "evaluations"},
		{"settings", "settings"}, {"cohorts", "cohorts"}, {"reports", "reports"},
		{"cohort-matching", "cohort-matching"}, {"match-runs", "cohort-matching"},
		{"annual-report", "reports"}, {"standards", "reports"},
	};
	if (path == NULL || strncmp(path, "/admin/", 7) != 0)
		return "";
	const char *seg = path + 7;
	if (strncmp(seg, "schemes/", 8) == 0) {
		seg += 8;
		seg += strspn(seg, "0123456789");
		if (*seg != '/')
			return "";
		seg++;
	}
	size_t len = strcspn(seg, "/");
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strlen(map[i].segment) == len && strncmp(seg, map[i].segment, len) == 0)
			return map[i].tab;
	/* the rest of a scheme's pages are its profiles and matching settings */
	return path + 7 != seg ? "profiles" : "";
}

/* The scheme id in /admin/schemes/{id}/..., or 0. */
static int64_t
scheme_of_path(const char *path)
{
	if (path == NULL || strncmp(path, "/admin/schemes/", 15) != 0)
		return 0;
	int64_t id = 0;
	for (const char *p = path + 15; *p >= '0' && *p <= '9' && id < INT64_MAX / 10; p++)
		id = id * 10 + (*p - '0');
	return id;
}

void
admin_menu(struct request *req, json_t *m, const char *current, int64_t scheme_current)
{
	static const struct { const char *key, *url, *label; } menu[] = {
		{"overview", "/admin", "Overview"},
		{"registrations", "/admin/registrations", "Registrations"},
		{"locked", "/admin/locked", "Locked accounts"},
		{"users", "/admin/users", "People"},
		{"messages", "/admin/messages", "Messages"},
		{"outbox", "/admin/outbox", "Outbox"},
		{"schemes", "/admin/schemes", "Schemes"},
		{"audit", "/admin/audit", "Audit log"},
		{"site-reports", "/admin/reports", "Reports (all schemes)"},
	};
	const struct app_auth *me = req->auth;
	json_t *items = json_array();
	for (size_t i = 0; i < sizeof(menu) / sizeof(menu[0]); i++) {
		bool site = strcmp(menu[i].key, "site-reports") == 0;
		if (site && (me == NULL || !me->is_site_admin))
			continue;   /* ADM-9: the roll-up is the site administrators' */
		json_t *x = json_object();
		json_put_s(x, "url", menu[i].url);
		json_put_s(x, "label", menu[i].label);
		json_put_b(x, "is_current", strcmp(menu[i].key, current) == 0 ||
		    (site && req->path != NULL && strcmp(req->path, "/admin/reports") == 0));
		json_array_append_new(items, x);
	}
	json_object_set_new(m, "admin_menu", items);

	/* One scheme's tabs, never every scheme's (a site administrator of
	 * ten schemes would scroll past 120 links): the scheme the page is
	 * about (the caller's scheme_current or the one the path names), or
	 * the only scheme the person runs.  On a site-wide page of someone
	 * who runs several, a short list of their schemes instead. */
	const char *tab = strcmp(current, "") != 0 ? current : scheme_tab_of(req->path);
	if (scheme_current == 0)
		scheme_current = scheme_of_path(req->path);
	if (req->path != NULL && strcmp(req->path, "/admin/reports") == 0)
		tab = "";
	struct db_scheme *schemes = NULL;
	size_t n = 0;
	if (app_sc_managed(req->db, req->arena, req->auth, &schemes, &n) != ERR_OK)
		n = 0;
	struct db_scheme shown = {0};
	if (scheme_current != 0) {
		/* a closed scheme is not in the managed list but its pages
		 * still need their tabs */
		if (app_sc_scheme(req->db, req->arena, req->auth, scheme_current, &shown) !=
		    ERR_OK)
			shown.id = 0;
	} else if (n == 1) {
		shown = schemes[0];
		tab = "";
	}
	if (shown.id != 0) {
		json_t *x = json_object();
		json_put_i(x, "id", shown.id);
		json_put_s(x, "name", shown.name);
		json_put_b(x, "is_closed", !shown.is_active);
		json_put_b(x, "has_others", n > 1 || (n == 1 && schemes[0].id != shown.id));
		json_t *tabs = json_array();
		for (size_t k = 0; k < sizeof(scheme_tabs) / sizeof(scheme_tabs[0]); k++) {
			json_t *t = json_object();
			json_put_s(t, "url", arena_printf(req->arena, "/admin/schemes/%lld/%s",
			    (long long)shown.id, scheme_tabs[k].key));
			json_put_s(t, "label", scheme_tabs[k].label);
			json_put_b(t, "is_current", strcmp(scheme_tabs[k].key, tab) == 0);
			json_array_append_new(tabs, t);
		}
		json_object_set_new(x, "tabs", tabs);
		json_object_set_new(m, "admin_scheme", x);
	} else if (n > 1) {
		json_t *list = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *x = json_object();
			json_put_s(x, "name", schemes[i].name);
			json_put_s(x, "url", arena_printf(req->arena, "/admin/schemes/%lld/settings",
			    (long long)schemes[i].id));
			json_array_append_new(list, x);
		}
		json_object_set_new(m, "admin_scheme_choices", list);
		json_put_b(m, "has_admin_scheme_choices", true);
	}
}

static void
decorate(struct request *req, json_t *m, const char *current, const char *done)
{
	admin_menu(req, m, current, 0);
	for (size_t i = 0; i < sizeof(done_messages) / sizeof(done_messages[0]); i++)
		if (strcmp(done, done_messages[i].done) == 0)
			json_put_s(m, "done_message", done_messages[i].message);
}

/* The model as JSON (API) or as the page with its menu and, on the GET
 * routes (which declare "done"), the banner. */
static enum err
respond(struct request *req, struct response *resp, int status,
    const char *template, const char *current, json_t *m)
{
	if (!req->is_api)
		decorate(req, m, current, req->method == HTTP_GET ||
		    req->method == HTTP_HEAD ? req_str(req, "done") : "");
	return page_respond(req, resp, status, template, m);
}

/* ---- the overview ---- */

static enum err
handle_overview(struct request *req, struct response *resp)
{
	struct app_admin_counts c;
	enum err rc = app_admin_counts(req->db, req->arena, req->auth, &c);

	if (rc != ERR_OK)
		return rc;
	const struct app_auth *me = req->auth;
	json_t *m = json_object();
	json_put_i(m, "pending", (int64_t)c.npending);
	json_put_i(m, "locked", (int64_t)c.nlocked);
	json_put_i(m, "failed_emails", (int64_t)c.nfailed);
	json_put_b(m, "is_site_admin", me->is_site_admin);
	return respond(req, resp, 200, "admin-overview", "overview", m);
}

/* ---- registrations (ACC-3) ---- */

/* The list; with a rejection that failed its checks, `error_id` is the
 * person whose form comes back open, with the reason they typed. */
static enum err
registrations_page(struct request *req, struct response *resp, int status,
    int64_t error_id)
{
	struct app_admin_person *p;
	size_t n;
	enum err rc = app_admin_pending(req->db, req->arena, req->auth, &p, &n);

	if (rc != ERR_OK)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = person_json(req, &p[i]);
		if (!req->is_api)
			reject_fields(req, o, p[i].user.id, "registrations",
			    p[i].user.id == error_id);
		json_array_append_new(list, o);
	}
	json_t *m = json_object();
	json_object_set_new(m, "registrations", list);
	json_put_i(m, "count", (int64_t)n);
	if (!req->is_api)
		json_put_b(m, "has_registrations", n > 0);
	if (error_id != 0)
		set_errors(req, m, error_id);
	return respond(req, resp, status, "admin-registrations", "registrations", m);
}

static enum err
handle_registrations(struct request *req, struct response *resp)
{
	return registrations_page(req, resp, 200, 0);
}

/* ---- locked accounts (ACC-5) ---- */

static enum err
handle_locked(struct request *req, struct response *resp)
{
	struct app_admin_person *p;
	size_t n;
	enum err rc = app_admin_locked(req->db, req->arena, req->auth, &p, &n);

	if (rc != ERR_OK)
		return rc;
	/* ACC-5: Unlock only where app_unlock would allow it (not another
	 * scheme's administrator, nor a site administrator): one query for
	 * the whole list */
	int64_t *ids = arena_calloc(req->arena, n + 1, sizeof(*ids));
	bool *may = arena_calloc(req->arena, n + 1, sizeof(*may));
	for (size_t i = 0; i < n; i++)
		ids[i] = p[i].user.id;
	if ((rc = app_people_may_change_each(req->db, req->arena, req->auth, ids, n,
	    may)) != ERR_OK)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = person_json(req, &p[i]);
		json_put_b(o, "can_unlock", may[i]);
		json_array_append_new(list, o);
	}
	json_t *m = json_object();
	json_object_set_new(m, "locked", list);
	json_put_i(m, "count", (int64_t)n);
	if (!req->is_api)
		json_put_b(m, "has_locked", n > 0);
	return respond(req, resp, 200, "admin-locked", "locked", m);
}

/* ---- the people search ---- */

static enum err
handle_users(struct request *req, struct response *resp)
{
	const char *q = req_str(req, "q");
	int64_t page = req_has(req, "page") ? req_int(req, "page") : 1;
	struct db_user *u;
	size_t n;
	bool has_more;
	enum err rc = app_admin_users(req->db, req->arena, req->auth, q, page, &u, &n,
	    &has_more);

	if (rc != ERR_OK)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, user_json(req, &u[i]));
	json_t *m = json_object();
	json_object_set_new(m, "users", list);
	json_put_s(m, "q", q);
	json_put_i(m, "page", page);
	json_put_b(m, "has_more", has_more);
	if (!req->is_api) {
		const char *qs = *q ? arena_printf(req->arena, "q=%s&",
		    url_encode(req->arena, q)) : "";
		json_put_b(m, "has_users", n > 0);
		json_put_b(m, "is_search", *q != '\0');
		json_put_i(m, "first", n ? (page - 1) * APP_ADMIN_PAGE + 1 : 0);
		json_put_i(m, "last", (page - 1) * APP_ADMIN_PAGE + (int64_t)n);
		if (page > 1)
			json_put_s(m, "prev_url", arena_printf(req->arena, "/admin/users?%spage=%lld",
			    qs, (long long)(page - 1)));
		if (has_more)
			json_put_s(m, "next_url", arena_printf(req->arena, "/admin/users?%spage=%lld",
			    qs, (long long)(page + 1)));
		json_put_b(m, "has_pages", page > 1 || has_more);
		/* ADM-3: importing people, per scheme run */
		struct db_scheme *schemes;
		size_t ns;
		json_t *imports = json_array();
		if (app_sc_managed(req->db, req->arena, req->auth, &schemes, &ns) == ERR_OK)
			for (size_t i = 0; i < ns; i++)
				json_array_append_new(imports, json_pack("{s:s, s:s}", "scheme",
				    schemes[i].name, "url", arena_printf(req->arena,
				    "/admin/schemes/%lld/people/import", (long long)schemes[i].id)));
		json_put_b(m, "has_imports", json_array_size(imports) > 0);
		json_object_set_new(m, "imports", imports);
	}
	return respond(req, resp, 200, "admin-users", "users", m);
}

/* ---- one person ---- */

static const char *
action_label(const char *action)
{
	static const struct { const char *action, *label; } map[] = {
		{"signin.ok", "Signed in"},
		{"signin.fail", "Wrong password entered"},
		{"signin.refused", "Sign-in refused"},
		{"account.locked", "Account locked"},
		{"account.register", "Registered"},
		{"account.approve", "Registration approved"},
		{"account.reject", "Registration rejected"},
		{"account.unlock", "Account unlocked"},
		{"account.end_sessions", "Sign-in sessions ended"},
		{"account.deactivate", "Account deactivated"},
		{"account.reactivate", "Account reactivated"},
		{"account.edit", "Details or roles changed by an administrator"},
		{"people.import", "People imported from a file"},
		{"account.add_cli", "Account created from the command line"},
		{"consent.accept", "Privacy notice accepted"},
		{"consent.withdraw", "Consent withdrawn"},
		{"password.reset_request", "Password reset asked for"},
		{"password.reset", "Password reset"},
		{"signout", "Signed out"},
		{"admin.view_user", "Record viewed by an administrator"},
		{"outbox.retry", "Email sent again"},
		{"profile.update", "Profile updated"},
		{"profile.photo", "Photo uploaded"},
		{"profile.photo_remove", "Photo removed"},
		{"training.add", "Training record added"},
		{"training.edit", "Training record changed"},
		{"training.delete", "Training record deleted"},
		{"training.certificate", "Training certificate uploaded"},
		{"training.verify", "Training record verified"},
		{"training.unverify", "Training verification withdrawn"},
		{"conflict.declare", "Conflict of interest declared"},
		{"conflict.delete", "Conflict of interest removed"},
		{"scheme.add_cli", "Scheme created from the command line"},
		{"scheme.option_add", "List entry added"},
		{"scheme.option_edit", "List entry changed"},
		{"scheme.option_move", "List order changed"},
		{"scheme.option_retire", "List entry retired"},
		{"scheme.option_restore", "List entry restored"},
		{"scheme.field_add", "Profile question added"},
		{"scheme.field_edit", "Profile question changed"},
		{"scheme.field_move", "Profile questions reordered"},
		{"scheme.field_retire", "Profile question retired"},
		{"scheme.field_restore", "Profile question restored"},
		{"scheme.matching", "Matching settings changed"},
		{"relationship.create", "Mentoring relationship started"},
		{"relationship.estimated_end", "Estimated end date set"},
		{"relationship.complete", "Mentoring relationship completed"},
		{"relationship.ask_end", "Asked to end a mentoring relationship"},
		{"relationship.end_early", "Mentoring relationship ended early"},
		{"relationship.end_request_dismiss", "Request to end closed with a note"},
		{"relationship.ask_extension", "Extension asked for"},
		{"relationship.extension_approve", "Extension approved"},
		{"relationship.extension_decline", "Extension declined"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].action, action) == 0)
			return map[i].label;
	return action;
}

/* REL, REQ-9: the person's relationships in the schemes `me` runs, and
 * "Assign a mentor" for each scheme where they are a mentee without a
 * live mentor and assignment is allowed. */
static enum err
user_relationships(struct request *req, json_t *m, int64_t id,
    const struct app_admin_person *p)
{
	struct arena *a = req->arena;
	struct db_relationship *r;
	size_t n;
	enum err rc = app_relationships_of_user(req->db, a, req->auth, id, &r, &n);
	if (rc != ERR_OK)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		enum lc_rel_status st = lc_rel_status_parse(r[i].status);
		json_t *o = json_object();
		json_put_i(o, "id", r[i].id);
		json_put_s(o, "url", arena_printf(a, "/admin/relationships/%lld",
		    (long long)r[i].id));
		json_put_s(o, "scheme", r[i].scheme_name);
		json_put_s(o, "mentor", r[i].mentor_name);
		json_put_s(o, "mentee", r[i].mentee_name);
		json_put_s(o, "role", r[i].mentor_id == id ? "Mentor" : "Mentee");
		json_put_s(o, "status", r[i].status);
		json_put_s(o, "status_label", st < LRL__MAX ? lc_rel_status_label(st) : "");
		json_put_s(o, "status_tag", st == LRL_ACTIVE ? "nhsuk-tag--green" :
		    "nhsuk-tag--grey");
		json_array_append_new(list, o);
	}
	json_object_set_new(m, "relationships", list);
	json_put_b(m, "has_relationships", n > 0);
	json_t *assign = json_array();
	for (size_t i = 0; i < p->nviews; i++) {
		bool possible = false;
		if (strcmp(p->views[i].role, "mentee") != 0)
			continue;
		if ((rc = app_assign_possible(req->db, req->auth, p->views[i].scheme_id, id,
		    &possible)) != ERR_OK)
			return rc;
		if (possible)
			json_array_append_new(assign, json_pack("{s:I, s:s, s:s}", "scheme_id",
			    (json_int_t)p->views[i].scheme_id, "scheme",
			    p->views[i].scheme_name, "url", arena_printf(a,
			    "/admin/users/%lld/assign?scheme=%lld", (long long)id,
			    (long long)p->views[i].scheme_id)));
	}
	json_put_b(m, "can_assign", json_array_size(assign) > 0);
	json_object_set_new(m, "assign", assign);
	return ERR_OK;
}

static enum err
user_page(struct request *req, struct response *resp, int status, int64_t id,
    bool has_error, json_t *extra)
{
	struct app_admin_user d;
	enum err rc = app_admin_user(req->db, req->arena, req->auth, id, &d);

	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	json_t *person = person_json(req, &d.person);
	if (!req->is_api)
		reject_fields(req, person, id, "user", has_error);
	json_object_set_new(m, "user", person);

	json_t *sessions = json_array();
	for (size_t i = 0; i < d.nsessions; i++) {
		const struct db_session *s = &d.sessions[i];
		json_t *o = json_object();
		set_time(req, o, "created_at", "created", s->created_at);
		set_time(req, o, "last_seen_at", "last_seen", s->last_seen_at);
		set_time(req, o, "expires_at", "expires", s->expires_at);
		json_put_s(o, "kind", s->kind);
		json_put_s(o, "kind_label", strcmp(s->kind, "bearer") == 0 ?
		    "Mobile app token" : "Browser");
		json_put_s(o, "ip", s->ip);
		json_array_append_new(sessions, o);
	}
	json_object_set_new(m, "sessions", sessions);
	json_put_b(m, "has_sessions", d.nsessions > 0);

	json_t *audit = json_array();
	for (size_t i = 0; i < d.naudit; i++) {
		const struct db_audit *e = &d.audit[i].entry;
		json_t *o = json_object();
		json_put_i(o, "id", e->id);
		set_time(req, o, "at", "when", e->at);
		json_put_i(o, "actor_id", e->actor_id);
		json_put_s(o, "actor", d.audit[i].actor);
		json_put_s(o, "action", e->action);
		json_put_s(o, "label", action_label(e->action));
		json_put_s(o, "subject", e->subject);
		json_put_s(o, "detail", e->detail);
		json_put_s(o, "ip", e->ip);
		/* ADM-2: the text of the notice the person accepted (404 for
		 * someone who may not administer that scheme) */
		long long version = 0;
		if (strcmp(e->action, "consent.accept") == 0 && e->scheme_id > 0 &&
		    sscanf(e->detail, "privacy notice version %lld", &version) == 1 &&
		    version > 0)
			json_put_s(o, "notice_url", arena_printf(req->arena,
			    "/admin/schemes/%lld/settings/notice/%lld", (long long)e->scheme_id,
			    version));
		json_array_append_new(audit, o);
	}
	json_object_set_new(m, "audit", audit);
	json_put_b(m, "has_audit", d.naudit > 0);
	if ((rc = user_relationships(req, m, id, &d.person)) != ERR_OK) {
		json_decref(m);
		return rc;
	}
	if (has_error)
		set_errors(req, m, id);
	/* ADM-1, ACC-5: unlocking, ending sessions, deactivating and
	 * reactivating change the account as a whole: offered only where
	 * app_people_may_change allows it (a scheme administrator is not
	 * offered a fellow administrator of another scheme: 403) */
	struct db_user who;
	int64_t first_scheme;
	rc = app_people_may_change(req->db, req->arena, req->auth, id, &who, &first_scheme);
	if (rc != ERR_OK && rc != ERR_FORBIDDEN) {
		json_decref(m);
		return rc;
	}
	bool may_change = rc == ERR_OK;
	json_put_b(m, "can_change", may_change);
	json_put_b(m, "can_unlock", may_change && d.person.user.locked_at != 0);
	json_put_b(m, "can_end_sessions", may_change && d.nsessions > 0);
	/* ADM-1: deactivate (a reason) or reactivate; never oneself */
	bool is_active = strcmp(d.person.user.status, "active") == 0;
	json_put_b(m, "can_deactivate", may_change && is_active &&
	    id != ((const struct app_auth *)req->auth)->user_id);
	json_put_b(m, "can_reactivate", may_change &&
	    strcmp(d.person.user.status, "deactivated") == 0);
	json_put_s(m, "edit_url", arena_printf(req->arena, "/admin/users/%lld/edit",
	    (long long)id));
	if (extra != NULL) {
		json_object_update(m, extra);
		json_decref(extra);
	}
	return respond(req, resp, status, "admin-user", "users", m);
}

static enum err
handle_user(struct request *req, struct response *resp)
{
	return user_page(req, resp, 200, req_int(req, "id"), false, NULL);
}

/* ---- actions on a person ---- */

/* Where the page goes back to after an action: `from`, else `fallback`. */
static const char *
back_to(struct request *req, const char *fallback, const char *done)
{
	const char *from = req_has(req, "from") ? req_str(req, "from") : fallback;
	if (strcmp(from, "user") == 0)
		return arena_printf(req->arena, "/admin/users/%lld?done=%s",
		    (long long)req_int(req, "id"), done);
	return arena_printf(req->arena, "/admin/%s?done=%s", from, done);
}

static enum err
acted(struct request *req, struct response *resp, enum err rc,
    const char *fallback, const char *done)
{
	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:I, s:s}",
		    "id", (json_int_t)req_int(req, "id"), "done", done));
		return ERR_OK;
	}
	resp_redirect(resp, req, back_to(req, fallback, done));
	return ERR_OK;
}

static enum err
handle_approve(struct request *req, struct response *resp)
{
	return acted(req, resp, app_approve(req->db, req->auth, req_int(req, "id"),
	    req->client_ip), "registrations", "approved");
}

static enum err
handle_reject(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");

	if (req->errors == NULL) {
		struct app_problems ps = {0};
		enum err rc = app_reject(req->db, req->auth, id, req_str(req, "reason"),
		    req->client_ip, &ps);
		if (rc != ERR_BAD_INPUT)
			return acted(req, resp, rc, "registrations", "rejected");
		for (size_t i = 0; i < ps.n; i++)
			req_add_error(req, ps.p[i].field, ps.p[i].message);
		if (req->errors == NULL)
			return ERR_BAD_INPUT;
	}
	/* the form again, with the reason typed and the problem beside it */
	if (req->is_api) {
		json_t *fields = json_object();
		for (const struct field_error *e = req->errors; e; e = e->next)
			json_put_s(fields, e->field, e->message);
		resp_json(resp, req, 422, json_pack("{s:{s:s, s:s, s:o}}", "error",
		    "code", "invalid", "message",
		    "Some of the information sent was not valid.", "fields", fields));
		return ERR_OK;
	}
	if (req_has(req, "from") && strcmp(req_str(req, "from"), "user") == 0)
		return user_page(req, resp, 400, id, true, NULL);
	return registrations_page(req, resp, 400, id);
}

static enum err
handle_unlock(struct request *req, struct response *resp)
{
	return acted(req, resp, app_unlock(req->db, req->auth, req_int(req, "id"),
	    req->client_ip), "locked", "unlocked");
}

static enum err
handle_end_sessions(struct request *req, struct response *resp)
{
	return acted(req, resp, app_end_sessions(req->db, req->auth, req_int(req, "id"),
	    req->client_ip), "user", "sessions_ended");
}

/* ---- edit a person (ADM-1) ---- */

static const char *
role_word(const char *role)
{
	return strcmp(role, "scheme_admin") == 0 ? "Scheme administrator" :
	    strcmp(role, "mentor") == 0 ? "Mentor" : "Mentee";
}

/* The form: typed values on a POST, the saved ones otherwise. */
static enum err
edit_page(struct request *req, struct response *resp, int status)
{
	int64_t id = req_int(req, "id");
	struct app_person_form f;
	enum err rc = app_people_edit_form(req->db, req->arena, req->auth, id, &f);
	if (rc == ERR_FORBIDDEN)
		return page_refuse(req, resp, 403, "forbidden", "Only a site administrator "
		    "can change a site administrator's details.");
	if (rc != ERR_OK)
		return rc;
	bool posted = req->method == HTTP_POST;
	const char *const *picked = NULL;
	size_t npicked = posted ? req_list(req, "role", &picked) : 0;
	json_t *m = json_object();
	json_put_i(m, "id", id);
	json_put_s(m, "name", arena_printf(req->arena, "%s %s", f.user.given_name,
	    f.user.family_name));
	json_put_s(m, "given_name", posted ? req_str(req, "given_name") : f.user.given_name);
	json_put_s(m, "family_name", posted ? req_str(req, "family_name") : f.user.family_name);
	json_put_s(m, "email", posted ? req_str(req, "email") : f.user.email);
	json_put_s(m, "username", posted ? req_str(req, "username") : f.user.username);
	/* H1: what the caller may not change is shown, not offered (the
	 * saved value, sent back unchanged in a hidden input) */
	json_put_b(m, "can_edit_names", f.can_edit_names);
	json_put_b(m, "can_edit_sign_in", f.can_edit_sign_in);
	if (!f.can_edit_names) {
		json_put_s(m, "given_name", f.user.given_name);
		json_put_s(m, "family_name", f.user.family_name);
	}
	if (!f.can_edit_sign_in) {
		json_put_s(m, "email", f.user.email);
		json_put_s(m, "username", f.user.username);
	}
	json_put_b(m, "can_site_admin", f.can_site_admin);
	json_put_b(m, "is_site_admin", posted && f.can_site_admin ?
	    req_bool(req, "is_site_admin") : f.user.is_site_admin);
	json_t *roles = json_array();
	for (size_t i = 0; i < f.nroles; i++) {
		const char *value = arena_printf(req->arena, "%lld:%s",
		    (long long)f.roles[i].scheme_id, f.roles[i].role);
		bool held = f.roles[i].held;
		if (posted) {
			held = false;
			for (size_t k = 0; k < npicked; k++)
				held |= strcmp(picked[k], value) == 0;
		}
		json_array_append_new(roles, json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:s}",
		    "scheme_id", (json_int_t)f.roles[i].scheme_id, "scheme",
		    f.roles[i].scheme_name, "role", f.roles[i].role, "label",
		    role_word(f.roles[i].role), "value", value, "held", held,
		    "input_id", arena_printf(req->arena, "role-%zu", i)));
	}
	json_object_set_new(m, "roles", roles);
	json_put_b(m, "has_roles", f.nroles > 0);
	if (!req->is_api) {
		static const char *const fields[] = {"given_name", "family_name", "email",
			"username", "roles", NULL};
		json_object_set_new(m, "errors", page_errors(req));
		json_put_b(m, "has_errors", req->errors != NULL);
		page_field_errors(req, m, fields);
	}
	return respond(req, resp, status, "admin-user-edit", "users", m);
}

static enum err
handle_edit_get(struct request *req, struct response *resp)
{
	return edit_page(req, resp, 200);
}

static enum err
handle_edit_post(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	struct app_problems ps = {0};
	enum err rc = ERR_BAD_INPUT;

	if (req->errors == NULL) {
		const char *const *roles = NULL;
		size_t nroles = req_list(req, "role", &roles);
		struct app_person_edit e = {
			.given_name = req_str(req, "given_name"),
			.family_name = req_str(req, "family_name"),
			.email = req_str(req, "email"),
			.username = req_str(req, "username"),
			.set_roles = req->is_api ? req_has(req, "role") || req_bool(req, "set_roles") :
			    true,
			.roles = roles,
			.nroles = nroles,
			.is_site_admin = req_bool(req, "is_site_admin"),
		};
		rc = app_people_edit(req->db, req->arena, req->auth, id, &e, req->client_ip,
		    &ps);
		if (rc == ERR_FORBIDDEN)
			return page_refuse(req, resp, 403, "forbidden", "Only a site "
			    "administrator can change a site administrator's details.");
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
		page_add_problems(req, &ps);
	}
	if (rc != ERR_OK) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return edit_page(req, resp, 422);
	}
	return acted(req, resp, rc, "user", "updated");
}

/* ---- deactivate and reactivate (ADM-1) ---- */

static enum err
handle_deactivate(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id");
	struct app_problems ps = {0};
	struct db_people_rel *live = NULL;
	size_t nlive = 0;
	enum err rc = ERR_BAD_INPUT;

	if (req->errors == NULL)
		rc = app_people_deactivate(req->db, req->arena, req->auth, id,
		    req_str(req, "reason"), req->client_ip, &ps, &live, &nlive);
	if (rc == ERR_OK)
		return acted(req, resp, rc, "user", "deactivated");
	if (rc == ERR_FORBIDDEN)
		return page_refuse(req, resp, 403, "forbidden", "This person also has "
		    "roles in schemes you do not administer, or is a site administrator. "
		    "Ask a site administrator to deactivate them.");
	if (rc == ERR_CONFLICT && nlive == 0)
		return page_refuse(req, resp, 409, "conflict", id == ((const struct app_auth *)req->auth)->user_id ?
		    "You cannot deactivate your own account." :
		    "Only an active account can be deactivated.");
	if (rc != ERR_CONFLICT && rc != ERR_BAD_INPUT)
		return rc;
	json_t *extra = json_object();
	if (rc == ERR_CONFLICT) {
		/* live relationships: end or reassign each first */
		json_t *list = json_array();
		for (size_t i = 0; i < nlive; i++)
			json_array_append_new(list, json_pack("{s:I, s:I, s:s, s:s, s:s}",
			    "id", (json_int_t)live[i].id, "scheme_id",
			    (json_int_t)live[i].scheme_id, "mentor", live[i].mentor_name,
			    "mentee", live[i].mentee_name, "url", arena_printf(req->arena,
			    "/admin/relationships/%lld", (long long)live[i].id)));
		const char *msg = "This person is in live mentoring relationships. End "
		    "or reassign each one first, then deactivate the account.";
		if (req->is_api) {
			json_decref(extra);
			resp_json(resp, req, 409, json_pack("{s:{s:s, s:s, s:o}}", "error",
			    "code", "live_relationships", "message", msg, "relationships",
			    list));
			return ERR_OK;
		}
		json_object_set_new(extra, "blocking", list);
		json_put_b(extra, "has_blocking", true);
		req_add_error(req, "reason", msg);
	} else {
		page_add_problems(req, &ps);
		if (req->is_api) {
			json_decref(extra);
			return page_invalid(req, resp, 422);
		}
		json_put_s(extra, "deactivate_reason_error", req_error(req, "reason"));
	}
	json_put_s(extra, "deactivate_reason", req_str(req, "reason"));
	json_put_b(extra, "deactivate_open", true);
	json_object_set_new(extra, "errors", page_errors(req));
	json_put_b(extra, "has_errors", true);
	return user_page(req, resp, rc == ERR_CONFLICT ? 409 : 422, id, false, extra);
}

static enum err
handle_reactivate(struct request *req, struct response *resp)
{
	enum err rc = app_people_reactivate(req->db, req->arena, req->auth,
	    req_int(req, "id"), req->client_ip);
	if (rc == ERR_FORBIDDEN)
		return page_refuse(req, resp, 403, "forbidden", "This person also has "
		    "roles in schemes you do not administer, or is a site administrator. "
		    "Ask a site administrator to reactivate them.");
	if (rc == ERR_CONFLICT)
		return page_refuse(req, resp, 409, "conflict",
		    "Only a deactivated account can be reactivated.");
	return acted(req, resp, rc, "user", "reactivated");
}

/* The outbox pages (MSG-4) are in mail.c. */

/* ---- routes ---- */

static const char *const froms[] = {"registrations", "locked", "user", NULL};

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the number"}
#define DONE_PARAM {.name = "done", .type = P_CHOICE, .choices = dones, \
	.label = "what was done"}
#define FROM_PARAM {.name = "from", .type = P_CHOICE, .choices = froms, \
	.label = "the page to go back to"}

static const struct param_spec list_get[] = {
	DONE_PARAM,
	{0},
};

static const struct param_spec users_get[] = {
	{.name = "q", .type = P_STRING, .max_len = 100,
	    .label = "a name, username or email"},
	{.name = "page", .type = P_INT, .min = 1, .max = APP_ADMIN_PAGE_MAX,
	    .label = "the page"},
	DONE_PARAM,
	{0},
};

static const struct param_spec user_get[] = {
	ID_PARAM,
	DONE_PARAM,
	{0},
};

static const struct param_spec action[] = {
	ID_PARAM,
	FROM_PARAM,
	{0},
};

static const struct param_spec deactivate[] = {
	ID_PARAM,
	{.name = "reason", .type = P_TEXT, .max_len = APP_PEOPLE_REASON_MAX,
	    .label = "a reason"},
	FROM_PARAM,
	{0},
};

static const struct param_spec edit_get[] = {
	ID_PARAM,
	DONE_PARAM,
	{0},
};

static const struct param_spec edit_post[] = {
	ID_PARAM,
	{.name = "given_name", .type = P_STRING, .max_len = 400, .label = "Given name"},
	{.name = "family_name", .type = P_STRING, .max_len = 400, .label = "Family name"},
	{.name = "email", .type = P_STRING, .max_len = 254, .label = "Email address"},
	{.name = "username", .type = P_STRING, .max_len = 64, .label = "Username"},
	{.name = "role", .type = P_LIST, .max_len = 40, .max = 300, .label = "Roles"},
	{.name = "set_roles", .type = P_BOOL, .label = "change the roles"},
	{.name = "is_site_admin", .type = P_BOOL, .label = "Site administrator"},
	FROM_PARAM,
	{0},
};

static const struct param_spec reject[] = {
	ID_PARAM,
	{.name = "reason", .type = P_TEXT, .max_len = 500,
	    .label = "a reason"},
	FROM_PARAM,
	{0},
};

#define A ACCESS_SCHEME_ADMIN

const struct route admin_routes[] = {
	{HTTP_GET, "/admin", handle_overview, A, list_get, 0, 0},
	{HTTP_GET, "/admin/registrations", handle_registrations, A, list_get, 0, 0},
	{HTTP_GET, "/admin/locked", handle_locked, A, list_get, 0, 0},
	{HTTP_GET, "/admin/users", handle_users, A, users_get, 0, 0},
	{HTTP_GET, "/admin/users/{id:int}", handle_user, A, user_get, 0, 0},
	{HTTP_POST, "/admin/users/{id:int}/approve", handle_approve, A, action, 0, 0},
	{HTTP_POST, "/admin/users/{id:int}/reject", handle_reject, A, reject,
	    ROUTE_FORM, 0},
	{HTTP_POST, "/admin/users/{id:int}/unlock", handle_unlock, A, action, 0, 0},
	{HTTP_POST, "/admin/users/{id:int}/end-sessions", handle_end_sessions, A,
	    action, 0, 0},
	{HTTP_POST, "/admin/users/{id:int}/deactivate", handle_deactivate, A,
	    deactivate, ROUTE_FORM, 0},
	{HTTP_GET, "/admin/users/{id:int}/edit", handle_edit_get, A, edit_get, 0, 0},
	{HTTP_POST, "/admin/users/{id:int}/edit", handle_edit_post, A, edit_post,
	    ROUTE_FORM, 0},
	{HTTP_POST, "/admin/users/{id:int}/reactivate", handle_reactivate, A, action,
	    0, 0},

	{HTTP_GET, "/api/v1/admin", handle_overview, A, list_get, 0, 0},
	{HTTP_GET, "/api/v1/admin/registrations", handle_registrations, A, list_get,
	    0, 0},
	{HTTP_GET, "/api/v1/admin/locked", handle_locked, A, list_get, 0, 0},
	{HTTP_GET, "/api/v1/admin/users", handle_users, A, users_get, 0, 0},
	{HTTP_GET, "/api/v1/admin/users/{id:int}", handle_user, A, user_get, 0, 0},
	{HTTP_POST, "/api/v1/admin/users/{id:int}/approve", handle_approve, A, action,
	    0, 0},
	{HTTP_POST, "/api/v1/admin/users/{id:int}/reject", handle_reject, A, reject,
	    0, 0},
	{HTTP_POST, "/api/v1/admin/users/{id:int}/unlock", handle_unlock, A, action,
	    0, 0},
	{HTTP_POST, "/api/v1/admin/users/{id:int}/end-sessions", handle_end_sessions,
	    A, action, 0, 0},
	{HTTP_POST, "/api/v1/admin/users/{id:int}/deactivate", handle_deactivate, A,
	    deactivate, 0, 0},
	{HTTP_GET, "/api/v1/admin/users/{id:int}/edit", handle_edit_get, A, edit_get, 0, 0},
	{HTTP_POST, "/api/v1/admin/users/{id:int}/edit", handle_edit_post, A, edit_post,
	    0, 0},
	{HTTP_POST, "/api/v1/admin/users/{id:int}/reactivate", handle_reactivate, A,
	    action, 0, 0},
};

#undef A

const size_t admin_nroutes = sizeof(admin_routes) / sizeof(admin_routes[0]);
