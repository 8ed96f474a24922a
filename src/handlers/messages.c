/*
 * messages.c - administrator messages (MSG-2): the pages and their
 * /api/v1 twins, and the home page's unread notice.
 *
 *   /messages                        GET my messages, unread marked
 *   /messages/{id}                   GET one (opening marks it read),
 *                                    with its files and my replies
 *   /messages/{id}/reply             POST a reply to the administrator
 *   /messages/{id}/files/{fid}       the file, as an attachment
 *   /admin/messages                  GET the messages sent in the
 *                                    schemes I run: recipients, read,
 *                                    replied
 *   /admin/messages/new              GET the form; POST action=preview
 *                                    (the count and the first names, the
 *                                    files kept) or action=send
 *   /admin/messages/{id}             GET who received it, read and
 *                                    replied when, and the replies
 * API: the same paths under /api/v1, except that the compose form is
 * POST /api/v1/admin/messages/preview and POST /api/v1/admin/messages
 * (send, 201).
 *
 * Who may do what is app/messages.c's decision; a 404 here always
 * means "you may not know it exists".
 *
 * Trap: the compose form is multipart with up to five files under one
 * name ("files"); the route declares the name once (P_FILE checks the
 * first) and the handler reads every part of that name from
 * req->uploads, skipping the empty part a browser sends when no file
 * was chosen.
 */
#include "handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#include "app/cohorts.h"
#include "app/date.h"
#include "app/messages.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/sniff.h"
#include "core/strparse.h"
#include "view/json.h"

static const char *
data_dir(const struct request *req)
{
	return req->config->data;
}

static const char *const dones[] = {"sent", "replied", NULL};
static const char *const kinds[] = {"groups", "people", NULL};
static const char *const roles[] = {"all", "mentors", "mentees", NULL};
static const char *const statuses[] = {"any", "live", "ended", "none", NULL};
static const char *const actions[] = {"preview", "send", NULL};

static const char *
size_words(struct arena *a, int64_t bytes)
{
	if (bytes < 1024)
		return arena_printf(a, "%lld bytes", (long long)bytes);
	if (bytes < 1024 * 1024)
		return arena_printf(a, "%lld KB", (long long)((bytes + 1023) / 1024));
	return arena_printf(a, "%.1f MB", (double)bytes / (1024.0 * 1024.0));
}

static const struct app_auth *
me_of(const struct request *req)
{
	return req->auth;
}

/* "Replied on 3 May 2026" or "Replied on 3 May 2026, last on 9 May 2026". */
static const char *
replied_words(struct arena *a, int64_t first, int64_t last, int64_t n)
{
	if (n <= 0 || first <= 0)
		return "";
	if (n == 1 || last <= first)
		return arena_printf(a, "Replied on %s", app_time_words(a, first, false));
	const char *f = app_time_words(a, first, false), *l = app_time_words(a, last, false);
	if (strcmp(f, l) == 0)
		return arena_printf(a, "Replied %lld times on %s", (long long)n, f);
	return arena_printf(a, "Replied on %s, last on %s (%lld replies)", f, l, (long long)n);
}

static json_t *
file_json(struct request *req, const struct db_message_file *f)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	json_put_i(o, "id", f->id);
	json_put_s(o, "filename", f->filename);
	json_put_s(o, "kind", f->kind);
	json_put_s(o, "type", sniff_label(sniff_parse(f->kind)));
	json_put_i(o, "size", f->size);
	json_put_s(o, "size_words", size_words(a, f->size));
	if (f->message_id > 0)
		json_put_s(o, "url", arena_printf(a, "%s/messages/%lld/files/%lld",
		    req->is_api ? "/api/v1" : "", (long long)f->message_id, (long long)f->id));
	return o;
}

static json_t *
files_json(struct request *req, const struct db_message_file *f, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, file_json(req, &f[i]));
	return arr;
}

/* A message as a list row (full: with the body). */
static json_t *
message_json(struct request *req, const struct db_message *m, bool full, bool admin)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	json_put_i(o, "id", m->id);
	json_put_s(o, "subject", m->subject);
	json_put_i(o, "scheme_id", m->scheme_id);
	json_put_s(o, "scheme", m->scheme_name);
	json_put_s(o, "from", m->sender_name);
	json_put_i(o, "sent_at", m->sent_at);
	json_put_s(o, "sent", app_time_words(a, m->sent_at, false));
	if (full)
		json_put_s(o, "body", m->body);
	if (admin) {
		json_put_s(o, "audience", m->audience);
		json_put_i(o, "recipients", m->nrecipients);
		json_put_i(o, "read", m->nread);
		json_put_i(o, "replied", m->nreplied);
		json_put_i(o, "replies", m->nreplies);
		json_put_b(o, "replies_one", m->nreplies == 1);
		json_put_s(o, "recipients_words", m->nrecipients == 1 ? "1 person" :
		    arena_printf(a, "%lld people", (long long)m->nrecipients));
		json_put_s(o, "url", arena_printf(a, "/admin/messages/%lld", (long long)m->id));
	} else {
		json_put_b(o, "is_unread", m->read_at == 0);
		json_put_i(o, "read_at", m->read_at);
		json_put_i(o, "first_reply_at", m->first_reply_at);
		json_put_i(o, "last_reply_at", m->last_reply_at);
		json_put_i(o, "reply_count", m->my_nreplies);
		json_put_b(o, "has_replied", m->my_nreplies > 0);
		json_put_s(o, "replied", replied_words(a, m->first_reply_at, m->last_reply_at,
		    m->my_nreplies));
		json_put_i(o, "files", m->nfiles);
		json_put_s(o, "url", arena_printf(a, "/messages/%lld", (long long)m->id));
	}
	return o;
}

static json_t *
replies_json(struct request *req, const struct db_message_reply *r, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_put_i(o, "id", r[i].id);
		json_put_i(o, "user_id", r[i].user_id);
		json_put_s(o, "name", r[i].name);
		json_put_s(o, "text", r[i].body);
		json_put_i(o, "created_at", r[i].created_at);
		json_put_s(o, "when", app_time_words(req->arena, r[i].created_at, false));
		json_array_append_new(arr, o);
	}
	return arr;
}

/* ---- recipients ---- */

static enum err
handle_inbox(struct request *req, struct response *resp)
{
	struct db_message *ms;
	size_t n;
	enum err rc = app_messages_inbox(req->db, req->arena, me_of(req), &ms, &n);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object(), *arr = json_array();
	int64_t unread = 0;
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(arr, message_json(req, &ms[i], false, false));
		unread += ms[i].read_at == 0;
	}
	json_object_set_new(m, "messages", arr);
	json_put_b(m, "has_messages", n > 0);
	json_put_i(m, "unread", unread);
	return page_respond(req, resp, 200, "messages", m);
}

static const char *const reply_fields[] = {"text", NULL};

static enum err
message_page(struct request *req, struct response *resp, int status)
{
	struct app_msg_view v;
	enum err rc = app_message_open(req->db, req->arena, me_of(req), req_int(req, "id"), &v);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	json_object_set_new(m, "message", message_json(req, &v.m, true, false));
	json_object_set_new(m, "attachments", files_json(req, v.files, v.nfiles));
	json_put_b(m, "has_files", v.nfiles > 0);
	json_object_set_new(m, "replies", replies_json(req, v.replies, v.nreplies));
	json_put_b(m, "has_replies", v.nreplies > 0);
	json_put_s(m, "reply_url", arena_printf(req->arena, "/messages/%lld/reply",
	    (long long)v.m.id));
	json_put_i(m, "reply_max", APP_MSG_REPLY_MAX);
	if (req->is_api)
		return page_respond(req, resp, status, "messages-show", m);
	if (req->method == HTTP_POST)
		json_put_s(m, "text", req_str(req, "text"));
	page_field_errors(req, m, reply_fields);
	if (status == 200 && strcmp(req_str(req, "done"), "replied") == 0)
		json_put_s(m, "done_message", "Your reply has been sent.");
	return page_render(req, resp, status, "messages-show", m);
}

static enum err
handle_message(struct request *req, struct response *resp)
{
	return message_page(req, resp, 200);
}

static enum err
handle_reply(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id"), reply_id = 0;
	enum err rc = ERR_BAD_INPUT;
	if (req->errors == NULL) {
		rc = app_message_reply(req->db, req->arena, me_of(req), id, req_str(req, "text"),
		    req->client_ip, &ps, &reply_id);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
		page_add_problems(req, &ps);
	}
	if (rc != ERR_OK) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return message_page(req, resp, 422);
	}
	if (req->is_api) {
		resp_json(resp, req, 201, json_pack("{s:I, s:I, s:s}", "id", (json_int_t)reply_id,
		    "message_id", (json_int_t)id, "done", "replied"));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "/messages/%lld?done=replied#replies",
	    (long long)id));
	return ERR_OK;
}

static enum err
handle_file(struct request *req, struct response *resp)
{
	struct db_message_file f;
	const char *path;
	enum err rc = app_message_file_open(req->db, req->arena, me_of(req), req_int(req, "id"),
	    req_int(req, "fid"), data_dir(req), &f, &path);
	if (rc != ERR_OK)
		return rc;
	resp->status = 200;
	resp->content_type = f.mime;
	resp->file_path = path;
	resp->file_name = f.filename;
	return ERR_OK;
}

/* ---- the home page (MSG-2: "a number indicates how many") ---- */

enum err
home_messages(struct request *req, json_t *m)
{
	int64_t n = 0;
	if (req->auth == NULL)
		return ERR_OK;
	enum err rc = app_messages_unread(req->db, me_of(req), &n);
	if (rc != ERR_OK)
		return rc;
	json_t *o = json_object();
	json_put_i(o, "unread", n);
	json_put_b(o, "has_unread", n > 0);
	json_put_s(o, "text", n == 1 ? "You have 1 unread message from your scheme team" :
	    arena_printf(req->arena, "You have %lld unread messages from your scheme team",
	    (long long)n));
	json_object_set_new(m, "messages_home", o);
	return ERR_OK;
}

/* ---- administrators ---- */

static enum err
handle_admin_list(struct request *req, struct response *resp)
{
	struct db_message *ms;
	size_t n;
	enum err rc = app_messages_sent(req->db, req->arena, me_of(req), &ms, &n);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object(), *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, message_json(req, &ms[i], false, true));
	json_object_set_new(m, "messages", arr);
	json_put_b(m, "has_messages", n > 0);
	if (req->is_api)
		return page_respond(req, resp, 200, "admin-messages", m);
	admin_menu(req, m, "messages", 0);
	return page_render(req, resp, 200, "admin-messages", m);
}

static enum err
handle_admin_show(struct request *req, struct response *resp)
{
	struct app_msg_admin_view v;
	struct arena *a = req->arena;
	enum err rc = app_message_admin_get(req->db, a, me_of(req), req_int(req, "id"), &v);
	if (rc != ERR_OK)
		return rc;
	v.m.nread = v.nread;
	v.m.nreplied = v.nreplied;
	v.m.nreplies = (int64_t)v.nreplies;
	json_t *m = json_object(), *people = json_array();
	json_object_set_new(m, "message", message_json(req, &v.m, true, true));
	for (size_t i = 0; i < v.nrecipients; i++) {
		const struct db_message_person *p = &v.recipients[i];
		json_t *o = json_object();
		json_put_i(o, "user_id", p->user_id);
		json_put_s(o, "name", p->name);
		json_put_i(o, "read_at", p->read_at);
		json_put_s(o, "read", p->read_at ? app_time_words(a, p->read_at, false) : "");
		json_put_i(o, "first_reply_at", p->first_reply_at);
		json_put_i(o, "last_reply_at", p->last_reply_at);
		json_put_i(o, "reply_count", p->nreplies);
		json_put_s(o, "replied", replied_words(a, p->first_reply_at, p->last_reply_at,
		    p->nreplies));
		json_array_append_new(people, o);
	}
	json_object_set_new(m, "recipients", people);
	json_object_set_new(m, "attachments", files_json(req, v.files, v.nfiles));
	json_put_b(m, "has_files", v.nfiles > 0);
	json_object_set_new(m, "replies", replies_json(req, v.replies, v.nreplies));
	json_put_b(m, "has_replies", v.nreplies > 0);
	if (req->is_api)
		return page_respond(req, resp, 200, "admin-messages-show", m);
	if (strcmp(req_str(req, "done"), "sent") == 0)
		json_put_s(m, "done_message", arena_printf(a, "Your message has been sent to %lld %s.",
		    (long long)v.m.nrecipients, v.m.nrecipients == 1 ? "person" : "people"));
	admin_menu(req, m, "messages", 0);
	return page_render(req, resp, 200, "admin-messages-show", m);
}

/* ---- composing ---- */

static const char *const compose_fields[] = {"scheme_id", "audience", "role", "status",
	"cohort", "people", "subject", "body", "files", NULL};

/* The ids of a P_LIST of numbers (bad ones skipped: the app's rules
 * never see an id that is not a number). */
static size_t
id_list(struct request *req, const char *name, int64_t **out)
{
	const char *const *items;
	size_t n = req_list(req, name, &items), k = 0;
	*out = arena_calloc(req->arena, n + 1, sizeof(**out));
	for (size_t i = 0; i < n; i++)
		if (str_to_i64(items[i], 1, INT64_MAX, &(*out)[k]) == ERR_OK)
			k++;
	return k;
}

static bool
in_ids(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static const char *
choice_or(struct request *req, const char *name, const char *dflt)
{
	const char *s = req_str(req, name);
	return *s ? s : dflt;
}

static void
read_audience(struct request *req, struct app_msg_audience *au)
{
	int64_t *people;
	size_t n = id_list(req, "people", &people);
	*au = (struct app_msg_audience){.scheme_id = req_int(req, "scheme_id"),
		.kind = choice_or(req, "audience", "groups"), .role = choice_or(req, "role", "all"),
		.status = choice_or(req, "status", "any"),
		.is_incomplete = req_bool(req, "incomplete"), .people = people, .npeople = n,
		.cohort_id = req_has(req, "cohort") ? req_int(req, "cohort") : 0};
}

static json_t *
choices_json(struct request *req, const char *name, const char *const *values,
    const char *const *labels, const char *picked)
{
	json_t *arr = json_array();
	for (size_t i = 0; values[i] != NULL; i++) {
		json_t *o = json_object();
		json_put_s(o, "value", values[i]);
		json_put_s(o, "label", labels[i]);
		json_put_s(o, "input_id", i == 0 ? name : arena_printf(req->arena, "%s-%s", name,
		    values[i]));
		json_put_b(o, "is_checked", strcmp(values[i], picked) == 0);
		json_array_append_new(arr, o);
	}
	return arr;
}

/* The compose form: as it was posted (posted), or fresh; with the
 * preview's count and names when there is one. */
static enum err
compose_page(struct request *req, struct response *resp, int status, bool posted,
    const struct app_msg_composed *c)
{
	struct arena *a = req->arena;
	struct app_msg_form f;
	int64_t scheme_id = req_has(req, "scheme_id") ? req_int(req, "scheme_id") : 0;
	enum err rc = app_message_form(req->db, a, me_of(req), scheme_id, &f);
	if (rc != ERR_OK)
		return rc;
	struct app_msg_audience au = {.kind = "groups", .role = "all", .status = "any"};
	if (posted)
		read_audience(req, &au);
	else if (req_has(req, "cohort"))
		au.cohort_id = req_int(req, "cohort");   /* from a cohort's page */
	json_t *m = json_object();
	json_put_i(m, "scheme_id", f.scheme_id);
	json_t *schemes = json_array();
	for (size_t i = 0; i < f.nschemes; i++) {
		json_t *o = json_object();
		json_put_i(o, "id", f.schemes[i].id);
		json_put_s(o, "name", f.schemes[i].name);
		json_put_b(o, "is_selected", f.schemes[i].id == f.scheme_id);
		json_array_append_new(schemes, o);
		if (f.schemes[i].id == f.scheme_id)
			json_put_s(m, "scheme_name", f.schemes[i].name);
	}
	json_object_set_new(m, "schemes", schemes);
	json_put_b(m, "has_many_schemes", f.nschemes > 1);
	static const char *const kind_labels[] = {"Groups of people",
		"People I choose by name", NULL};
	static const char *const role_labels[] = {"Mentors and mentees", "Mentors only",
		"Mentees only", NULL};
	static const char *const status_labels[] = {"Any relationship status",
		"In a live relationship", "Whose relationship has ended (and who have no live one)",
		"With no relationship yet", NULL};
	json_object_set_new(m, "audiences", choices_json(req, "audience", kinds, kind_labels,
	    au.kind));
	json_object_set_new(m, "roles", choices_json(req, "role", roles, role_labels, au.role));
	json_object_set_new(m, "statuses", choices_json(req, "status", statuses,
	    status_labels, au.status));
	json_put_b(m, "incomplete", au.is_incomplete);
	json_put_b(m, "is_people", strcmp(au.kind, "people") == 0);
	/* the scheme's cohorts (issue 10): one more AND-ed group */
	struct db_cohort *cohorts;
	size_t ncohorts = 0;
	if ((rc = app_cohorts_list(req->db, a, me_of(req), f.scheme_id, &cohorts,
	    &ncohorts)) != ERR_OK)
		return rc;
	json_t *cl = json_array();
	for (size_t i = 0; i < ncohorts; i++) {
		json_t *o = json_object();
		json_put_i(o, "id", cohorts[i].id);
		json_put_s(o, "name", cohorts[i].name);
		json_put_i(o, "members", cohorts[i].members);
		json_put_b(o, "is_selected", cohorts[i].id == au.cohort_id);
		json_array_append_new(cl, o);
	}
	json_object_set_new(m, "cohorts", cl);
	json_put_b(m, "has_cohorts", ncohorts > 0);
	json_put_s(m, "cohorts_url", arena_printf(a, "/admin/schemes/%lld/cohorts",
	    (long long)f.scheme_id));
	json_t *people = json_array();
	for (size_t i = 0; i < f.npeople; i++) {
		json_t *o = json_object();
		json_put_i(o, "id", f.people[i].user_id);
		json_put_s(o, "name", f.people[i].name);
		json_put_s(o, "input_id", i == 0 ? "people" : arena_printf(a, "people-%lld",
		    (long long)f.people[i].user_id));
		json_put_b(o, "is_checked", in_ids(au.people, au.npeople, f.people[i].user_id));
		json_array_append_new(people, o);
	}
	json_object_set_new(m, "people", people);
	json_put_b(m, "has_people", f.npeople > 0);
	/* the files chosen so far (kept across previews; untick to drop) */
	json_t *files = json_array();
	const struct db_message_file *kept = c ? c->files : f.pending;
	size_t nkept = c ? c->nfiles : f.npending;
	for (size_t i = 0; i < nkept; i++) {
		json_t *o = file_json(req, &kept[i]);
		json_put_s(o, "input_id", arena_printf(a, "keep-%lld", (long long)kept[i].id));
		json_array_append_new(files, o);
	}
	json_object_set_new(m, "kept_files", files);
	json_put_b(m, "has_kept_files", nkept > 0);
	json_put_i(m, "max_files", APP_MSG_FILES_MAX);
	json_put_b(m, "can_add_files", nkept < APP_MSG_FILES_MAX);
	json_put_i(m, "subject_max", APP_MSG_SUBJECT_MAX);
	json_put_i(m, "body_max", APP_MSG_BODY_MAX);
	if (posted) {
		json_put_s(m, "subject", req_str(req, "subject"));
		json_put_s(m, "body", req_str(req, "body"));
	}
	/* a group with no one in it still gets a preview: "No one is in
	 * this group" (people is NULL then) */
	if (c != NULL && c->has_audience) {
		json_t *p = json_object(), *names = json_array();
		for (size_t i = 0; i < c->npeople && i < APP_MSG_PREVIEW_NAMES; i++)
			json_array_append_new(names, json_string(c->people[i].name));
		json_put_i(p, "count", (int64_t)c->npeople);
		json_put_s(p, "count_words", c->npeople == 1 ? "1 person" :
		    arena_printf(a, "%zu people", c->npeople));
		json_put_s(p, "audience", c->audience_words);
		json_object_set_new(p, "names", names);
		json_put_b(p, "has_names", c->npeople > 0);
		/* 0 is truthy in our Mustache: a flag for "and N more" */
		json_put_i(p, "more", c->npeople > APP_MSG_PREVIEW_NAMES ?
		    (int64_t)(c->npeople - APP_MSG_PREVIEW_NAMES) : 0);
		json_put_b(p, "has_more", c->npeople > APP_MSG_PREVIEW_NAMES);
		json_object_set_new(m, "preview", p);
	}
	page_field_errors(req, m, compose_fields);
	if (req->is_api)
		return page_respond(req, resp, status, "admin-messages-new", m);
	admin_menu(req, m, "messages", 0);
	return page_render(req, resp, status, "admin-messages-new", m);
}

static enum err
handle_compose(struct request *req, struct response *resp)
{
	return compose_page(req, resp, 200, false, NULL);
}

/* Every non-empty part named "files", at most max + 1 (one more than
 * allowed is enough for app to say "too many"). */
static size_t
uploads(struct request *req, struct app_doc_file **out)
{
	size_t n = 0, max = APP_MSG_FILES_MAX + 1;
	*out = arena_calloc(req->arena, max, sizeof(**out));
	for (const struct upload *u = req->uploads; u != NULL && n < max; u = u->next) {
		if (strcmp(u->field, "files") != 0 || (u->len == 0 && *u->filename == '\0'))
			continue;
		(*out)[n++] = (struct app_doc_file){.path = u->path, .len = u->len,
			.filename = u->filename};
	}
	return n;
}

static json_t *
preview_json(struct request *req, const struct app_msg_composed *c)
{
	json_t *m = json_object(), *people = json_array();
	for (size_t i = 0; i < c->npeople; i++)
		json_array_append_new(people, json_pack("{s:I, s:s}", "id",
		    (json_int_t)c->people[i].user_id, "name", c->people[i].name));
	json_put_i(m, "count", (int64_t)c->npeople);
	json_put_s(m, "audience", c->audience_words);
	json_object_set_new(m, "people", people);
	json_object_set_new(m, "files", files_json(req, c->files, c->nfiles));
	return m;
}

static enum err
compose_post(struct request *req, struct response *resp, bool send)
{
	struct app_problems ps = {0};
	struct app_msg_composed c = {0};
	enum err rc = ERR_BAD_INPUT;
	bool called = req->errors == NULL;
	if (called) {
		struct app_msg_compose in = {.subject = req_str(req, "subject"),
			.body = req_str(req, "body")};
		read_audience(req, &in.au);
		int64_t *keep;
		in.nkeep = id_list(req, "keep", &keep);
		in.keep = keep;
		struct app_doc_file *files;
		in.nfiles = uploads(req, &files);
		in.files = files;
		rc = app_message_compose(req->db, req->arena, me_of(req), &in, send, data_dir(req),
		    req->client_ip, &ps, &c);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
		page_add_problems(req, &ps);
	}
	if (req->is_api) {
		if (rc != ERR_OK)
			return page_invalid(req, resp, 422);
		if (!send) {
			resp_json(resp, req, 200, preview_json(req, &c));
			return ERR_OK;
		}
		json_t *o = preview_json(req, &c);
		json_put_i(o, "id", c.id);
		json_put_s(o, "url", arena_printf(req->arena, "/admin/messages/%lld",
		    (long long)c.id));
		resp_json(resp, req, 201, o);
		return ERR_OK;
	}
	if (rc != ERR_OK)
		return compose_page(req, resp, 422, true, called ? &c : NULL);
	if (!send)
		return compose_page(req, resp, 200, true, &c);
	resp_redirect(resp, req, arena_printf(req->arena, "/admin/messages/%lld?done=sent",
	    (long long)c.id));
	return ERR_OK;
}

static enum err
handle_compose_post(struct request *req, struct response *resp)
{
	return compose_post(req, resp, strcmp(req_str(req, "action"), "send") == 0);
}

static enum err
handle_api_preview(struct request *req, struct response *resp)
{
	return compose_post(req, resp, false);
}

static enum err
handle_api_send(struct request *req, struct response *resp)
{
	return compose_post(req, resp, true);
}

/* ---- routes ---- */

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the number"}
#define DONE_PARAM {.name = "done", .type = P_CHOICE, .choices = dones, \
	.label = "what was done"}
/* the hard ceiling: five files at the largest limit and the form */
#define COMPOSE_MAX (APP_MSG_FILES_MAX * APP_DOC_CEILING + 256 * 1024)

static const struct param_spec none[] = {{0}};
static const struct param_spec by_id[] = {ID_PARAM, {0}};
static const struct param_spec by_id_done[] = {ID_PARAM, DONE_PARAM, {0}};
static const struct param_spec file_get[] = {ID_PARAM,
	{.name = "fid", .type = P_INT, .is_required = true, .min = 1, .max = INT64_MAX,
	    .label = "the file"}, {0}};
static const struct param_spec reply_post[] = {ID_PARAM,
	{.name = "text", .type = P_TEXT, .max_len = 2 * APP_MSG_REPLY_MAX,
	    .label = "your reply"}, {0}};
static const struct param_spec compose_get[] = {
	{.name = "scheme_id", .type = P_INT, .min = 1, .max = INT64_MAX, .label = "the scheme"},
	{.name = "cohort", .type = P_INT, .min = 0, .max = INT64_MAX, .label = "Cohort"},
	{0}};
#define COMPOSE_PARAMS \
	{.name = "scheme_id", .type = P_INT, .is_required = true, .min = 1, \
	    .max = INT64_MAX, .label = "the scheme"}, \
	{.name = "audience", .type = P_CHOICE, .choices = kinds, .label = "who to send to"}, \
	{.name = "role", .type = P_CHOICE, .choices = roles, .label = "mentors or mentees"}, \
	{.name = "status", .type = P_CHOICE, .choices = statuses, \
	    .label = "a relationship status"}, \
	{.name = "incomplete", .type = P_BOOL, .label = "Incomplete profiles only"}, \
	{.name = "cohort", .type = P_INT, .min = 0, .max = INT64_MAX, .label = "Cohort"}, \
	{.name = "people", .type = P_LIST, .max_len = 20, .max = APP_MSG_PEOPLE_MAX + 1, \
	    .label = "people"}, \
	{.name = "subject", .type = P_STRING, .max_len = 2 * APP_MSG_SUBJECT_MAX, \
	    .label = "the subject"}, \
	{.name = "body", .type = P_TEXT, .max_len = 2 * APP_MSG_BODY_MAX, \
	    .label = "the message"}, \
	{.name = "keep", .type = P_LIST, .max_len = 20, .max = APP_MSG_FILES_MAX, \
	    .label = "the files to keep"}, \
	{.name = "files", .type = P_FILE, .max_len = APP_DOC_CEILING, .label = "a file"}
static const struct param_spec compose_post_params[] = {COMPOSE_PARAMS,
	{.name = "action", .type = P_CHOICE, .choices = actions, .label = "what to do"}, {0}};
static const struct param_spec compose_api[] = {COMPOSE_PARAMS, {0}};

#define S ACCESS_SIGNED_IN
#define A ACCESS_SCHEME_ADMIN
#define F ROUTE_FORM
#define FU (ROUTE_FORM | ROUTE_UPLOAD)

const struct route messages_routes[] = {
	{HTTP_GET, "/messages", handle_inbox, S, none, 0, 0},
	{HTTP_GET, "/messages/{id:int}", handle_message, S, by_id_done, 0, 0},
	{HTTP_POST, "/messages/{id:int}/reply", handle_reply, S, reply_post, F, 0},
	{HTTP_GET, "/messages/{id:int}/files/{fid:int}", handle_file, S, file_get, 0, 0},
	{HTTP_GET, "/admin/messages", handle_admin_list, A, none, 0, 0},
	{HTTP_GET, "/admin/messages/new", handle_compose, A, compose_get, 0, 0},
	{HTTP_POST, "/admin/messages/new", handle_compose_post, A, compose_post_params, FU,
	    COMPOSE_MAX},
	{HTTP_GET, "/admin/messages/{id:int}", handle_admin_show, A, by_id_done, 0, 0},

	{HTTP_GET, "/api/v1/messages", handle_inbox, S, none, 0, 0},
	{HTTP_GET, "/api/v1/messages/{id:int}", handle_message, S, by_id, 0, 0},
	{HTTP_POST, "/api/v1/messages/{id:int}/reply", handle_reply, S, reply_post, F, 0},
	{HTTP_GET, "/api/v1/messages/{id:int}/files/{fid:int}", handle_file, S, file_get, 0,
	    0},
	{HTTP_GET, "/api/v1/admin/messages", handle_admin_list, A, none, 0, 0},
	{HTTP_GET, "/api/v1/admin/messages/new", handle_compose, A, compose_get, 0, 0},
	{HTTP_POST, "/api/v1/admin/messages/preview", handle_api_preview, A, compose_api, FU,
	    COMPOSE_MAX},
	{HTTP_POST, "/api/v1/admin/messages", handle_api_send, A, compose_api, FU, COMPOSE_MAX},
	{HTTP_GET, "/api/v1/admin/messages/{id:int}", handle_admin_show, A, by_id, 0, 0},
};

#undef S
#undef A
#undef F
#undef FU

const size_t messages_nroutes = sizeof(messages_routes) / sizeof(messages_routes[0]);
