/*
 * concerns.c - raising a concern (MSG-5): the pages and their /api/v1
 * twins.
 *
 *   /concerns                          the concerns I raised, with status
 *   /concerns/new?relationship=&scheme=  GET the form, POST raise it
 *   /concerns/{id}                     one of mine (?done=raised: the
 *                                      confirmation with its reference)
 *   /admin/schemes/{id}/concerns       the scheme's escalation contacts
 *                                      (every administrator of the scheme)
 *                                      and its concerns (contacts and site
 *                                      administrators only)
 *   /admin/schemes/{id}/concerns/contacts        POST add (site admins)
 *   /admin/schemes/{id}/concerns/contacts/{user}/remove  POST (site admins)
 *   /admin/concerns/{id}               a handler reads a concern, its notes
 *   /admin/concerns/{id}/notes         POST a note (append-only)
 *   /admin/concerns/{id}/status        POST a new status (the raiser is
 *                                      emailed the status, never notes)
 *   /api/v1/... the same, JSON; POST /api/v1/concerns raises one.
 *
 * Who may see what is app/concerns.c's decision: anyone but a concern's
 * raiser (their view) or its handlers (the admin view) gets 404.  The
 * /admin/concerns/{id} rows are open to anyone signed in on purpose, so
 * that the other person of a relationship, who is no administrator,
 * gets the same 404 as everyone else rather than a 403.  Bad
 * input re-renders the form with the message beside the field and what
 * was typed, 422 (the API: {"error": {code, message, fields}}).
 *
 * Traps: the raiser's view never carries notes or who handled it; the
 * text of a concern is never logged (this file logs nothing).
 */
#include "handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#include "app/concerns.h"
#include "app/date.h"
#include "core/arena.h"
#include "core/tz.h"
#include "view/json.h"

/* ---- words ---- */

static const char *const kind_names[] = {"about_mentor", "about_mentee", "safeguarding",
	"patient_safety", "fitness_to_practise", "other", NULL};
static const char *const status_names[] = {"new", "in_progress", "closed", NULL};
static const char *const yes_no[] = {"yes", "no", NULL};

/* The kind in words: as the raiser says it (mine) or as a handler reads
 * it. */
static const char *
kind_label(const char *kind, bool mine)
{
	static const struct { const char *kind, *mine, *theirs; } map[] = {
		{"about_mentor", "About my mentor", "About their mentor"},
		{"about_mentee", "About my mentee", "About their mentee"},
		{"safeguarding", "Safeguarding", "Safeguarding"},
		{"patient_safety", "Patient safety", "Patient safety"},
		{"fitness_to_practise", "Fitness to practise", "Fitness to practise"},
		{"other", "Something else", "Something else"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].kind, kind) == 0)
			return mine ? map[i].mine : map[i].theirs;
	return kind;
}

static const char *
kind_hint(const char *kind)
{
	static const struct { const char *kind, *hint; } map[] = {
		{"safeguarding", "Someone, such as a child, an adult at risk or a colleague, "
		    "may be at risk of harm, abuse or neglect."},
		{"patient_safety", "Patients may be at risk, for example from unsafe care, "
		    "practice or systems."},
		{"fitness_to_practise", "A health professional's health, behaviour or "
		    "performance may make it unsafe for them to practise."},
		{"other", "Anything else about the scheme or your mentoring that worries you."},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].kind, kind) == 0)
			return map[i].hint;
	return "";
}

static const char *
status_tag(const char *status)
{
	if (strcmp(status, "in_progress") == 0)
		return "nhsuk-tag--yellow";
	if (strcmp(status, "closed") == 0)
		return "nhsuk-tag--grey";
	return "nhsuk-tag--blue";
}

/* Wall-clock time in the scheme's zone: "24 November 2026 at 10:05". */
static const char *
when(struct arena *a, int64_t t, const char *zone)
{
	struct tz_local l;
	if (t <= 0)
		return "";
	tz_to_local(tz_or_default(zone), t, &l);
	return app_session_words(a, arena_printf(a, "%04d-%02d-%02dT%02d:%02d", l.year,
	    l.month, l.day, l.hour, l.minute), false);
}

static const char *
done_message(const char *done)
{
	static const struct { const char *done, *message; } map[] = {
		{"note", "Your note has been added."},
		{"status", "The status has been changed. The person who raised the concern "
		    "has been emailed the new status (never the notes)."},
		{"contact_added", "The escalation contact has been added."},
		{"contact_removed", "The escalation contact has been removed."},
	};
	for (size_t i = 0; done != NULL && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].done, done) == 0)
			return map[i].message;
	return NULL;
}

static const char *const dones[] = {"raised", "note", "status", "contact_added",
	"contact_removed", NULL};

static const struct app_auth *
me_of(const struct request *req)
{
	return req->auth;
}

static const char *const not_participant = "Concerns are raised by mentees and "
    "mentors. You do not have a mentee or mentor role in any scheme. If you are "
    "worried about someone's safety, speak to your line manager or your "
    "organisation's safeguarding team.";

/* ---- the raiser's side ---- */

/* A concern as its raiser sees it: never notes, never who handles it. */
static json_t *
mine_json(struct request *req, const struct db_concern *c, const char *zone)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	json_put_i(o, "id", c->id);
	json_put_s(o, "reference", app_concern_reference(a, c->id));
	json_put_i(o, "scheme_id", c->scheme_id);
	json_put_s(o, "scheme_name", c->scheme_name);
	json_put_s(o, "kind", c->kind);
	json_put_s(o, "kind_label", kind_label(c->kind, true));
	json_put_i(o, "relationship_id", c->relationship_id);
	json_put_s(o, "about_name", c->about_name);
	json_put_s(o, "details", c->details);
	json_put_b(o, "may_contact", c->may_contact);
	json_put_s(o, "contact_how", c->contact_how);
	json_put_s(o, "status", c->status);
	json_put_s(o, "status_label", app_concern_status_label(c->status));
	json_put_s(o, "status_tag", status_tag(c->status));
	json_put_i(o, "created_at", c->created_at);
	json_put_s(o, "raised", when(a, c->created_at, zone));
	json_put_i(o, "updated_at", c->updated_at);
	json_put_s(o, "updated", when(a, c->updated_at, zone));
	json_put_s(o, "url", arena_printf(a, "/concerns/%lld", (long long)c->id));
	return o;
}

static enum err
handle_mine(struct request *req, struct response *resp)
{
	struct db_concern *c;
	const char **zones;
	size_t n;
	enum err rc = app_concerns_mine(req->db, req->arena, me_of(req), &c, &zones, &n);

	if (rc != ERR_OK)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, mine_json(req, &c[i], zones[i]));
	json_t *m = json_object();
	json_object_set_new(m, "concerns", list);
	json_put_b(m, "has_concerns", n > 0);
	return page_respond(req, resp, 200, "concerns", m);
}

static enum err
handle_show_mine(struct request *req, struct response *resp)
{
	struct db_concern c;
	const char *zone;
	enum err rc = app_concern_mine(req->db, req->arena, me_of(req), req_int(req, "id"),
	    &c, &zone);

	if (rc != ERR_OK)
		return rc;
	json_t *m = mine_json(req, &c, zone);
	if (!req->is_api)
		json_put_b(m, "is_raised", strcmp(req_str(req, "done"), "raised") == 0);
	return page_respond(req, resp, 200, "concern-show", m);
}

static const char *const raise_fields[] = {"scheme_id", "kind", "details", "may_contact",
	"contact_how", NULL};

/* The raise form: what it offers, with what was typed. */
static json_t *
form_json(struct request *req, const struct app_concern_form *f)
{
	struct arena *a = req->arena;
	const struct app_auth *me = me_of(req);
	bool is_post = req->method == HTTP_POST;
	const char *kind = is_post ? req_str(req, "kind") : "";
	json_t *m = json_object();

	json_put_i(m, "scheme_id", f->scheme.id);
	json_put_s(m, "scheme_name", f->scheme.name);
	json_put_b(m, "has_rel", f->has_rel);
	json_put_i(m, "relationship_id", f->has_rel ? f->rel.id : 0);
	const char *other = !f->has_rel ? "" : f->actor == LC_MENTEE ? f->rel.mentor_name :
	    f->rel.mentee_name;
	json_put_s(m, "other_name", other);
	json_put_s(m, "other_role", !f->has_rel ? "" : f->actor == LC_MENTEE ? "mentor" :
	    "mentee");
	json_put_s(m, "back_url", f->has_rel ? arena_printf(a, "/relationships/%lld",
	    (long long)f->rel.id) : "/concerns");

	/* the kinds offered: about the other person only from a relationship */
	json_t *k = json_array();
	for (size_t i = 0; kind_names[i] != NULL; i++) {
		const char *v = kind_names[i];
		if ((strcmp(v, "about_mentor") == 0 && f->actor != LC_MENTEE) ||
		    (strcmp(v, "about_mentee") == 0 && f->actor != LC_MENTOR))
			continue;
		json_t *x = json_object();
		json_put_s(x, "value", v);
		json_put_s(x, "label", strncmp(v, "about_", 6) == 0 ? arena_printf(a, "%s, %s",
		    kind_label(v, true), other) : kind_label(v, true));
		json_put_s(x, "hint", strncmp(v, "about_", 6) == 0 ? arena_printf(a,
		    "Something about how %s has behaved, towards you or others.", other) :
		    kind_hint(v));
		json_put_s(x, "id", json_array_size(k) == 0 ? "kind" : arena_printf(a, "kind-%s",
		    v));
		json_put_b(x, "is_checked", strcmp(kind, v) == 0);
		json_array_append_new(k, x);
	}
	json_object_set_new(m, "kinds", k);

	/* several participant schemes and no relationship: choose */
	json_t *s = json_array();
	if (!f->has_rel && f->nschemes > 1) {
		for (size_t i = 0; i < f->nschemes; i++) {
			int64_t id = f->schemes[i]->scheme_id;
			json_array_append_new(s, json_pack("{s:I, s:s, s:s, s:b}", "value",
			    (json_int_t)id, "label", f->schemes[i]->scheme_name, "id", i == 0 ?
			    "scheme_id" : arena_printf(a, "scheme_id-%lld", (long long)id),
			    "is_checked", id == f->scheme.id));
		}
	}
	json_put_b(m, "has_scheme_choice", json_array_size(s) > 0);
	json_object_set_new(m, "schemes", s);

	/* from the general form: links to raise it about a mentor or mentee */
	json_t *r = json_array();
	for (size_t i = 0; !f->has_rel && i < f->nrels; i++) {
		const struct db_relationship *x = &f->rels[i];
		bool am_mentee = x->mentee_id == me->user_id;
		json_array_append_new(r, json_pack("{s:I, s:s, s:s, s:s, s:b}", "id",
		    (json_int_t)x->id, "url", arena_printf(a, "/concerns/new?relationship=%lld",
		    (long long)x->id), "name", am_mentee ? x->mentor_name : x->mentee_name,
		    "role", am_mentee ? "mentor" : "mentee", "has_ended",
		    strcmp(x->status, "active") != 0));
	}
	json_put_b(m, "has_rels", json_array_size(r) > 0);
	json_object_set_new(m, "relationships", r);

	json_t *c = json_array();
	for (size_t i = 0; i < f->ncontacts; i++)
		json_array_append_new(c, json_pack("{s:s}", "name", f->contacts[i].name));
	json_object_set_new(m, "contacts", c);
	/* "A", "A and B", "A, B and C" */
	const char *names = "";
	for (size_t i = 0; i < f->ncontacts; i++)
		names = i == 0 ? f->contacts[i].name : arena_printf(a, "%s%s%s", names,
		    i + 1 == f->ncontacts ? " and " : ", ", f->contacts[i].name);
	json_put_s(m, "contacts_text", names);
	json_put_b(m, "has_contacts", f->ncontacts > 0);
	json_put_b(m, "has_one_contact", f->ncontacts == 1);
	json_put_s(m, "my_email", me->email ? me->email : "");

	const char *may = is_post ? req_str(req, "may_contact") : "";
	json_put_s(m, "details", is_post ? req_str(req, "details") : "");
	json_put_b(m, "may_contact_yes", strcmp(may, "yes") == 0);
	json_put_b(m, "may_contact_no", strcmp(may, "no") == 0);
	json_put_s(m, "contact_how", is_post ? req_str(req, "contact_how") : "");
	json_put_i(m, "details_max", APP_CONCERN_DETAILS_MAX);
	json_put_i(m, "contact_how_max", APP_CONCERN_HOW_MAX);
	return m;
}

/* The scheme and relationship asked for: the query on the form page,
 * the body's ids when it is sent. */
static void
ids_of(struct request *req, int64_t *scheme_id, int64_t *rel_id)
{
	bool is_post = req->method == HTTP_POST;
	*scheme_id = req_int(req, is_post ? "scheme_id" : "scheme");
	*rel_id = req_int(req, is_post ? "relationship_id" : "relationship");
}

static enum err
form_page(struct request *req, struct response *resp, int status)
{
	struct app_concern_form f;
	int64_t scheme_id, rel_id;
	ids_of(req, &scheme_id, &rel_id);
	enum err rc = app_concern_form(req->db, req->arena, me_of(req), scheme_id, rel_id,
	    &f);

	if (rc == ERR_FORBIDDEN)
		return page_refuse(req, resp, 403, "forbidden", not_participant);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api && status >= 400)
		return page_invalid(req, resp, status);
	json_t *m = form_json(req, &f);
	if (!req->is_api)
		page_field_errors(req, m, raise_fields);
	return page_respond(req, resp, status, "concern-new", m);
}

static enum err
handle_new(struct request *req, struct response *resp)
{
	return form_page(req, resp, 200);
}

static enum err
handle_raise(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	struct app_concern_in in;
	int64_t id = 0;
	enum err rc;

	ids_of(req, &in.scheme_id, &in.relationship_id);
	in.kind = req_str(req, "kind");
	in.details = req_str(req, "details");
	in.may_contact = req_str(req, "may_contact");
	in.contact_how = req_str(req, "contact_how");
	if (req->errors == NULL) {
		rc = app_concern_raise(req->db, req->arena, me_of(req), &in, req->client_ip,
		    &ps, &id);
	} else {
		/* the other fields' messages too: one round trip */
		struct app_concern_form f;
		rc = app_concern_form(req->db, req->arena, me_of(req), in.scheme_id,
		    in.relationship_id, &f);
		if (rc == ERR_OK) {
			app_concern_check(&in, f.actor, &ps);
			rc = ERR_BAD_INPUT;
		}
	}
	if (rc == ERR_FORBIDDEN)
		return page_refuse(req, resp, 403, "forbidden", not_participant);
	if (rc != ERR_OK && rc != ERR_BAD_INPUT)
		return rc;
	page_add_problems(req, &ps);
	if (rc != ERR_OK)
		return form_page(req, resp, 422);
	if (req->is_api) {
		struct db_concern c;
		const char *zone;
		if ((rc = app_concern_mine(req->db, req->arena, me_of(req), id, &c,
		    &zone)) != ERR_OK)
			return rc;
		resp_json(resp, req, 201, mine_json(req, &c, zone));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "/concerns/%lld?done=raised",
	    (long long)id));
	return ERR_OK;
}

/* ---- the administrators' side ---- */

static json_t *
person_json(struct request *req, const struct db_concern_person *p, int64_t scheme_id,
    bool can_remove)
{
	json_t *o = json_object();
	json_put_i(o, "id", p->id);
	json_put_s(o, "name", p->name);
	json_put_s(o, "email", p->email);
	if (can_remove)
		json_put_s(o, "remove_url", arena_printf(req->arena,
		    "/admin/schemes/%lld/concerns/contacts/%lld/remove", (long long)scheme_id,
		    (long long)p->id));
	return o;
}

/* A concern's summary in the handlers' list (no text). */
static json_t *
row_json(struct request *req, const struct db_concern *c, const char *zone)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	json_put_i(o, "id", c->id);
	json_put_s(o, "reference", app_concern_reference(a, c->id));
	json_put_s(o, "kind", c->kind);
	json_put_s(o, "kind_label", kind_label(c->kind, false));
	json_put_s(o, "status", c->status);
	json_put_s(o, "status_label", app_concern_status_label(c->status));
	json_put_s(o, "status_tag", status_tag(c->status));
	json_put_i(o, "created_at", c->created_at);
	json_put_s(o, "raised", when(a, c->created_at, zone));
	json_put_i(o, "updated_at", c->updated_at);
	json_put_s(o, "updated", when(a, c->updated_at, zone));
	json_put_s(o, "url", arena_printf(a, "/admin/concerns/%lld", (long long)c->id));
	return o;
}

static const char *const contact_fields[] = {"user_id", NULL};

/* What a page is answering: a GET, or which POST came back. */
enum answer { ANSWER_GET, ANSWER_CONTACT_ADD, ANSWER_CONTACT_REMOVE, ANSWER_NOTE,
	ANSWER_STATUS };

static enum err
admin_page(struct request *req, struct response *resp, int status, enum answer from)
{
	struct app_concern_admin x;
	int64_t scheme_id = req_int(req, "id");
	enum err rc = app_concerns_of_scheme(req->db, req->arena, me_of(req), scheme_id,
	    req->client_ip, &x);

	if (rc != ERR_OK)
		return rc;
	if (req->is_api && status >= 400)
		return page_invalid(req, resp, status);
	json_t *m = json_object();
	json_put_i(m, "scheme_id", x.scheme.id);
	json_put_s(m, "scheme_name", x.scheme.name);
	json_t *c = json_array();
	for (size_t i = 0; i < x.ncontacts; i++)
		json_array_append_new(c, person_json(req, &x.contacts[i], scheme_id,
		    x.can_change_contacts));
	json_object_set_new(m, "contacts", c);
	json_put_b(m, "has_contacts", x.ncontacts > 0);
	json_put_b(m, "can_change_contacts", x.can_change_contacts);
	if (x.can_change_contacts) {
		json_t *k = json_array();
		int64_t typed = from == ANSWER_CONTACT_ADD ? req_int(req, "user_id") : 0;
		for (size_t i = 0; i < x.ncandidates; i++) {
			json_t *o = person_json(req, &x.candidates[i], scheme_id, false);
			json_put_b(o, "is_selected", x.candidates[i].id == typed);
			json_array_append_new(k, o);
		}
		json_object_set_new(m, "candidates", k);
		json_put_b(m, "has_candidates", x.ncandidates > 0);
		json_put_s(m, "add_url", arena_printf(req->arena,
		    "/admin/schemes/%lld/concerns/contacts", (long long)scheme_id));
	}
	json_put_b(m, "can_see_concerns", x.can_see_concerns);
	if (x.can_see_concerns) {
		json_t *list = json_array();
		size_t open = 0;
		for (size_t i = 0; i < x.nconcerns; i++) {
			json_array_append_new(list, row_json(req, &x.concerns[i], x.time_zone));
			open += strcmp(x.concerns[i].status, "closed") != 0;
		}
		json_object_set_new(m, "concerns", list);
		json_put_b(m, "has_concerns", x.nconcerns > 0);
		json_put_i(m, "open", (int64_t)open);
	}
	if (req->is_api)
		return page_respond(req, resp, status, "admin-concerns", m);
	admin_menu(req, m, "", scheme_id);
	page_field_errors(req, m, contact_fields);
	if (from == ANSWER_GET)
		json_put_s(m, "done_message", done_message(req_str(req, "done")));
	return page_render(req, resp, status, "admin-concerns", m);
}

static enum err
handle_admin_list(struct request *req, struct response *resp)
{
	return admin_page(req, resp, 200, ANSWER_GET);
}

static enum err
handle_contact_add(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t scheme_id = req_int(req, "id");
	enum err rc = ERR_BAD_INPUT;

	if (req->errors == NULL) {
		rc = app_concern_contact_add(req->db, req->arena, me_of(req), scheme_id,
		    req_int(req, "user_id"), req->client_ip, &ps);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
		page_add_problems(req, &ps);
	}
	if (rc != ERR_OK)
		return admin_page(req, resp, 422, ANSWER_CONTACT_ADD);
	if (req->is_api)
		return admin_page(req, resp, 200, ANSWER_CONTACT_ADD);
	resp_redirect(resp, req, arena_printf(req->arena,
	    "/admin/schemes/%lld/concerns?done=contact_added", (long long)scheme_id));
	return ERR_OK;
}

static enum err
handle_contact_remove(struct request *req, struct response *resp)
{
	int64_t scheme_id = req_int(req, "id");
	enum err rc = app_concern_contact_remove(req->db, req->arena, me_of(req), scheme_id,
	    req_int(req, "user"), req->client_ip);

	if (rc != ERR_OK)
		return rc;
	if (req->is_api)
		return admin_page(req, resp, 200, ANSWER_CONTACT_REMOVE);
	resp_redirect(resp, req, arena_printf(req->arena,
	    "/admin/schemes/%lld/concerns?done=contact_removed", (long long)scheme_id));
	return ERR_OK;
}

static const char *const case_fields[] = {"text", "status", NULL};

/* A concern as its handlers see it: who raised it, about whom, the
 * notes.  Opening it is audited (app). */
static enum err
case_page(struct request *req, struct response *resp, int status, enum answer from)
{
	struct app_concern_case k;
	struct arena *a = req->arena;
	int64_t id = req_int(req, "id");
	enum err rc = app_concern_open(req->db, a, me_of(req), id, req->client_ip, &k);

	if (rc != ERR_OK)
		return rc;
	if (req->is_api && status >= 400)
		return page_invalid(req, resp, status);
	const struct db_concern *c = &k.concern;
	json_t *m = row_json(req, c, k.time_zone);
	json_put_i(m, "scheme_id", c->scheme_id);
	json_put_s(m, "scheme_name", c->scheme_name);
	json_put_s(m, "details", c->details);
	json_put_b(m, "may_contact", c->may_contact);
	json_put_s(m, "contact_how", c->contact_how);
	json_object_set_new(m, "raised_by", c->raised_by ? json_pack("{s:I, s:s, s:s}",
	    "id", (json_int_t)c->raised_by, "name", c->raiser_name, "email",
	    c->raiser_email) : json_null());
	json_put_s(m, "raiser_name", c->raised_by ? c->raiser_name : "A deleted account");
	json_put_s(m, "raiser_email", c->raiser_email);
	json_put_i(m, "relationship_id", c->relationship_id);
	json_put_s(m, "relationship_url", c->relationship_id ? arena_printf(a,
	    "/admin/relationships/%lld", (long long)c->relationship_id) : "");
	json_put_i(m, "about_id", c->about_id);
	json_put_s(m, "about_name", c->about_name);
	json_put_b(m, "has_about", c->about_id != 0);
	json_t *notes = json_array();
	for (size_t i = 0; i < k.nnotes; i++) {
		const struct db_concern_note *x = &k.notes[i];
		json_t *o = json_object();
		json_put_i(o, "id", x->id);
		json_put_s(o, "type", *x->status ? "status" : "note");
		json_put_b(o, "is_status", *x->status != '\0');
		json_put_s(o, "status", x->status);
		json_put_s(o, "status_label", *x->status ?
		    app_concern_status_label(x->status) : "");
		json_put_s(o, "text", x->text);
		json_put_i(o, "author_id", x->author_id);
		json_put_s(o, "author_name", *x->author_name ? x->author_name :
		    "A deleted account");
		json_put_i(o, "created_at", x->created_at);
		json_put_s(o, "when", when(a, x->created_at, k.time_zone));
		json_array_append_new(notes, o);
	}
	json_object_set_new(m, "notes", notes);
	json_put_b(m, "has_notes", k.nnotes > 0);
	if (req->is_api)
		return page_respond(req, resp, status, "admin-concerns-show", m);

	const char *typed_status = from == ANSWER_STATUS ? req_str(req, "status") :
	    c->status;
	json_t *st = json_array();
	for (size_t i = 0; status_names[i] != NULL; i++)
		json_array_append_new(st, json_pack("{s:s, s:s, s:s, s:b}", "value",
		    status_names[i], "label", app_concern_status_label(status_names[i]), "id",
		    i == 0 ? "status" : arena_printf(a, "status-%s", status_names[i]),
		    "is_checked", strcmp(typed_status, status_names[i]) == 0));
	json_object_set_new(m, "statuses", st);
	json_put_s(m, "text_typed", from == ANSWER_NOTE ? req_str(req, "text") : "");
	json_put_s(m, "back_url", arena_printf(a, "/admin/schemes/%lld/concerns",
	    (long long)c->scheme_id));
	admin_menu(req, m, "", c->scheme_id);
	page_field_errors(req, m, case_fields);
	if (from == ANSWER_GET)
		json_put_s(m, "done_message", done_message(req_str(req, "done")));
	return page_render(req, resp, status, "admin-concerns-show", m);
}

static enum err
handle_case(struct request *req, struct response *resp)
{
	return case_page(req, resp, 200, ANSWER_GET);
}

/* A note or a status: the same shape. */
static enum err
case_write(struct request *req, struct response *resp, bool is_status)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id");
	enum err rc = ERR_BAD_INPUT;

	if (req->errors == NULL) {
		rc = is_status ?
		    app_concern_set_status(req->db, req->arena, me_of(req), id,
		        req_str(req, "status"), req->client_ip, &ps) :
		    app_concern_note(req->db, req->arena, me_of(req), id, req_str(req, "text"),
		        req->client_ip, &ps);
		if (rc == ERR_CONFLICT)
			return page_refuse(req, resp, 409, "conflict", "Someone else changed the "
			    "status of this concern a moment ago. Check it and try again.");
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
		page_add_problems(req, &ps);
	}
	enum answer from = is_status ? ANSWER_STATUS : ANSWER_NOTE;
	if (rc != ERR_OK)
		return case_page(req, resp, 422, from);
	if (req->is_api)
		return case_page(req, resp, 200, from);
	resp_redirect(resp, req, arena_printf(req->arena, "/admin/concerns/%lld?done=%s",
	    (long long)id, is_status ? "status" : "note"));
	return ERR_OK;
}

static enum err
handle_note(struct request *req, struct response *resp)
{
	return case_write(req, resp, false);
}

static enum err
handle_status(struct request *req, struct response *resp)
{
	return case_write(req, resp, true);
}

/* ---- routes ---- */

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the number"}
#define DONE_PARAM {.name = "done", .type = P_CHOICE, .choices = dones, \
	.label = "what was done"}

static const struct param_spec none[] = {
	{0},
};

static const struct param_spec by_id[] = {
	ID_PARAM,
	DONE_PARAM,
	{0},
};

static const struct param_spec new_get[] = {
	{.name = "relationship", .type = P_INT, .min = 1, .max = INT64_MAX,
	    .label = "the relationship"},
	{.name = "scheme", .type = P_INT, .min = 1, .max = INT64_MAX, .label = "the scheme"},
	{0},
};

static const struct param_spec raise[] = {
	{.name = "relationship_id", .type = P_INT, .min = 1, .max = INT64_MAX,
	    .label = "the relationship"},
	{.name = "scheme_id", .type = P_INT, .min = 1, .max = INT64_MAX,
	    .label = "the scheme"},
	{.name = "kind", .type = P_CHOICE, .choices = kind_names,
	    .label = "what your concern is about"},
	{.name = "details", .type = P_TEXT, .max_len = APP_CONCERN_DETAILS_MAX,
	    .label = "what happened"},
	{.name = "may_contact", .type = P_CHOICE, .choices = yes_no,
	    .label = "yes or no"},
	{.name = "contact_how", .type = P_TEXT, .max_len = APP_CONCERN_HOW_MAX,
	    .label = "how to contact you"},
	{0},
};

static const struct param_spec contact_add[] = {
	ID_PARAM,
	{.name = "user_id", .type = P_INT, .is_required = true, .min = 1, .max = INT64_MAX,
	    .label = "the person to add"},
	{0},
};

static const struct param_spec contact_remove[] = {
	ID_PARAM,
	{.name = "user", .type = P_INT, .is_required = true, .min = 1, .max = INT64_MAX,
	    .label = "the person"},
	{0},
};

static const struct param_spec note[] = {
	ID_PARAM,
	{.name = "text", .type = P_TEXT, .max_len = APP_CONCERN_NOTE_MAX,
	    .label = "the note"},
	{0},
};

static const struct param_spec status[] = {
	ID_PARAM,
	{.name = "status", .type = P_CHOICE, .choices = status_names,
	    .label = "the status"},
	{0},
};

#define S ACCESS_SIGNED_IN
#define A ACCESS_SCHEME_ADMIN
#define SA ACCESS_SITE_ADMIN
#define F ROUTE_FORM

const struct route concerns_routes[] = {
	{HTTP_GET, "/concerns", handle_mine, S, none, 0, 0},
	{HTTP_GET, "/concerns/new", handle_new, S, new_get, 0, 0},
	{HTTP_POST, "/concerns/new", handle_raise, S, raise, F, 0},
	{HTTP_GET, "/concerns/{id:int}", handle_show_mine, S, by_id, 0, 0},
	{HTTP_GET, "/admin/schemes/{id:int}/concerns", handle_admin_list, A, by_id, 0, 0},
	{HTTP_POST, "/admin/schemes/{id:int}/concerns/contacts", handle_contact_add, SA,
	    contact_add, F, 0},
	{HTTP_POST, "/admin/schemes/{id:int}/concerns/contacts/{user:int}/remove",
	    handle_contact_remove, SA, contact_remove, 0, 0},
	{HTTP_GET, "/admin/concerns/{id:int}", handle_case, S, by_id, 0, 0},
	{HTTP_POST, "/admin/concerns/{id:int}/notes", handle_note, S, note, F, 0},
	{HTTP_POST, "/admin/concerns/{id:int}/status", handle_status, S, status, F, 0},

	{HTTP_GET, "/api/v1/concerns", handle_mine, S, none, 0, 0},
	{HTTP_GET, "/api/v1/concerns/new", handle_new, S, new_get, 0, 0},
	{HTTP_POST, "/api/v1/concerns", handle_raise, S, raise, F, 0},
	{HTTP_GET, "/api/v1/concerns/{id:int}", handle_show_mine, S, by_id, 0, 0},
	{HTTP_GET, "/api/v1/admin/schemes/{id:int}/concerns", handle_admin_list, A, by_id,
	    0, 0},
	{HTTP_POST, "/api/v1/admin/schemes/{id:int}/concerns/contacts", handle_contact_add,
	    SA, contact_add, F, 0},
	{HTTP_POST, "/api/v1/admin/schemes/{id:int}/concerns/contacts/{user:int}/remove",
	    handle_contact_remove, SA, contact_remove, 0, 0},
	{HTTP_GET, "/api/v1/admin/concerns/{id:int}", handle_case, S, by_id, 0, 0},
	{HTTP_POST, "/api/v1/admin/concerns/{id:int}/notes", handle_note, S, note, F, 0},
	{HTTP_POST, "/api/v1/admin/concerns/{id:int}/status", handle_status, S, status, F,
	    0},
};

#undef S
#undef A
#undef SA
#undef F

const size_t concerns_nroutes = sizeof(concerns_routes) / sizeof(concerns_routes[0]);
