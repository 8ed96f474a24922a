/*
 * chats.c - chats, one conversation per relationship (MSG-1): the pages
 * and their /api/v1 twins, the relationship page's section and the home
 * page's card.
 *
 *   /chats                               GET the conversation list
 *   /chats/{id}                          GET the conversation (marks it
 *                                        read; ?before=ID pages back);
 *                                        POST send (text)
 *   /chats/{id}/draft                    POST save the draft (text)
 *   /chats/{id}/messages/{msg}/edit      GET the form, POST the change
 *   /chats/{id}/messages/{msg}/delete    POST delete
 *   /api/v1/chats/{id}/messages          the poll: after=ID, since=T,
 *                                        visible=true; GET never marks
 *                                        read (unless by API token), POST
 *                                        (CSRF header checked) does
 *
 * {id} is the relationship's id.  Everything works without JavaScript:
 * assets/js/chat.js only sends through the API without a reload, polls
 * for new messages every few seconds while the page is visible, and
 * saves the draft as you type.  Who may do what is app/chats.c's
 * decision; a 404 is always "you may not know it exists", a 403 an
 * administrator (chats are private), a 409 an ended relationship or a
 * message past its edit or delete rule.
 */
#include "handlers/handlers.h"

#include <stdint.h>
#include <string.h>

#include "app/chats.h"
#include "app/notes.h"
#include "core/arena.h"
#include "core/clock.h"
#include "view/json.h"

static const char *const dones[] = {"draft", "edited", "deleted", NULL};

static const char *
done_message(const char *done)
{
	if (done == NULL)
		return NULL;
	if (strcmp(done, "draft") == 0)
		return "Your draft has been saved. It will be here when you come back.";
	if (strcmp(done, "edited") == 0)
		return "Your message has been changed.";
	if (strcmp(done, "deleted") == 0)
		return "Your message has been deleted.";
	return NULL;
}

static const struct app_auth *
me_of(const struct request *req)
{
	return req->auth;
}

/* 403 and 409 with their sentences; anything else as it is. */
static enum err
refuse(struct request *req, struct response *resp, enum err rc, const char *message)
{
	if (rc == ERR_FORBIDDEN)
		return page_refuse(req, resp, 403, "forbidden", message ? message :
		    APP_CHAT_PRIVATE);
	if (rc == ERR_CONFLICT)
		return page_refuse(req, resp, 409, "conflict", message ? message :
		    APP_REL_ENDED);
	return rc;
}

static const char *
chat_url(struct request *req, int64_t rel_id)
{
	return arena_printf(req->arena, "/chats/%lld", (long long)rel_id);
}

/* One message as the page and the API show it. */
static json_t *
msg_json(struct request *req, const struct db_chat_message *m, int64_t other_read,
    bool live, int64_t now, const char *zone, int64_t my_read)
{
	struct arena *a = req->arena;
	int64_t me = me_of(req)->user_id;
	bool mine = m->author_id == me;
	bool can_edit = app_chat_can_edit(m, me, now, live);
	bool can_delete = app_chat_can_delete(m, me, other_read, live);
	json_t *o = json_object();
	json_put_i(o, "id", m->id);
	json_put_i(o, "relationship_id", m->relationship_id);
	json_put_b(o, "is_mine", mine);
	json_put_s(o, "author", mine ? "You" : m->author_name);
	json_put_s(o, "author_name", m->author_name);
	json_put_b(o, "is_deleted", m->deleted_at != 0);
	json_put_s(o, "text", m->body);
	json_put_b(o, "is_edited", m->edited_at != 0 && m->deleted_at == 0);
	json_put_i(o, "created_at", m->created_at);
	json_put_i(o, "edited_at", m->edited_at);
	json_put_s(o, "sent", app_chat_when(a, m->created_at, now, zone));
	/* for my messages: whether the other person has read it */
	json_put_b(o, "is_seen", mine && m->id <= other_read);
	json_put_b(o, "is_unread", !mine && m->deleted_at == 0 && m->id > my_read);
	json_put_b(o, "can_edit", can_edit);
	json_put_b(o, "can_delete", can_delete);
	json_put_s(o, "edit_url", can_edit ? arena_printf(a, "/chats/%lld/messages/%lld/edit",
	    (long long)m->relationship_id, (long long)m->id) : "");
	json_put_s(o, "delete_url", can_delete ? arena_printf(a,
	    "/chats/%lld/messages/%lld/delete", (long long)m->relationship_id,
	    (long long)m->id) : "");
	return o;
}

/* The conversation: the page's model and the API's answer. */
static json_t *
chat_json(struct request *req, const struct app_chat *c)
{
	struct arena *a = req->arena;
	int64_t rel_id = c->rel.r.id;
	json_t *o = json_object();
	json_put_i(o, "relationship_id", rel_id);
	json_put_s(o, "other_name", c->other_name);
	json_put_s(o, "scheme_name", c->rel.r.scheme_name);
	json_put_s(o, "url", chat_url(req, rel_id));
	json_put_s(o, "relationship_url", arena_printf(a, "/relationships/%lld",
	    (long long)rel_id));
	json_put_s(o, "draft_url", arena_printf(a, "/chats/%lld/draft", (long long)rel_id));
	json_put_s(o, "api_url", arena_printf(a, "/api/v1/chats/%lld", (long long)rel_id));
	json_put_s(o, "poll_url", arena_printf(a, "/api/v1/chats/%lld/messages",
	    (long long)rel_id));
	json_put_b(o, "can_send", c->can_send);
	json_put_b(o, "is_past", !c->can_send);
	json_put_i(o, "newest_id", c->newest_id);
	json_put_i(o, "since", c->now);
	json_put_i(o, "max_length", APP_CHAT_MAX);
	json_put_s(o, "draft", c->draft);
	json_put_b(o, "has_draft", c->draft[0] != '\0');
	json_t *list = json_array();
	bool first_unread = false;
	for (size_t i = 0; i < c->nmsgs; i++) {
		json_t *m = msg_json(req, &c->msgs[i], c->other_read, c->can_send, c->now,
		    c->time_zone, c->my_read);
		if (!first_unread && json_is_true(json_object_get(m, "is_unread"))) {
			first_unread = true;
			json_put_b(m, "is_first_unread", true);
		}
		json_array_append_new(list, m);
	}
	json_object_set_new(o, "messages", list);
	json_put_b(o, "has_messages", c->nmsgs > 0);
	json_put_b(o, "has_earlier", c->has_earlier);
	json_put_s(o, "earlier_url", c->has_earlier ? arena_printf(a, "/chats/%lld?before=%lld",
	    (long long)rel_id, (long long)c->msgs[0].id) : "");
	return o;
}

/* ---- the list ---- */

static json_t *
conv_json(struct request *req, const struct db_chat_conv *c, int64_t now)
{
	struct arena *a = req->arena;
	int64_t me = me_of(req)->user_id;
	bool i_mentor = c->mentor_id == me;
	json_t *o = json_object();
	json_put_i(o, "relationship_id", c->relationship_id);
	json_put_s(o, "url", chat_url(req, c->relationship_id));
	json_put_s(o, "other_name", i_mentor ? c->mentee_name : c->mentor_name);
	json_put_s(o, "other_role", i_mentor ? "your mentee" : "your mentor");
	json_put_s(o, "scheme_name", c->scheme_name);
	json_put_b(o, "is_past", strcmp(c->status, "active") != 0);
	json_put_i(o, "unread", c->unread);
	json_put_b(o, "has_unread", c->unread > 0);
	json_put_b(o, "has_draft", c->has_draft);
	json_put_b(o, "has_last", c->last_id > 0);
	json_put_i(o, "last_id", c->last_id);
	json_put_b(o, "last_is_mine", c->last_author_id == me);
	json_put_b(o, "last_is_deleted", c->last_deleted);
	json_put_s(o, "last_excerpt", c->last_deleted ? "" : app_note_excerpt(a, c->last_body,
	    100));
	json_put_i(o, "last_at", c->last_at);
	json_put_s(o, "last_when", c->last_at > 0 ? app_chat_when(a, c->last_at, now,
	    c->time_zone) : "");
	return o;
}

static enum err
handle_list(struct request *req, struct response *resp)
{
	struct db_chat_conv *convs;
	size_t n;
	int64_t total = 0, now = clock_now();
	enum err rc = app_chats_list(req->db, req->arena, me_of(req), &convs, &n);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		total += convs[i].unread;
		json_array_append_new(list, conv_json(req, &convs[i], now));
	}
	json_object_set_new(m, "chats", list);
	json_put_b(m, "has_chats", n > 0);
	json_put_i(m, "unread", total);
	return page_respond(req, resp, 200, "chats", m);
}

/* ---- the conversation ---- */

static const char *const chat_fields[] = {"text", NULL};

static enum err
chat_page(struct request *req, struct response *resp, int status, int64_t rel_id,
    bool mark)
{
	struct app_chat c;
	/* the POST routes (a form coming back) declare no before or done */
	bool is_get = req->method == HTTP_GET;
	int64_t before = is_get && req_has(req, "before") ? req_int(req, "before") : 0;
	enum err rc = app_chat_open(req->db, req->arena, me_of(req), rel_id, before, mark, &c);
	if (rc != ERR_OK)
		return refuse(req, resp, rc, NULL);
	json_t *m = chat_json(req, &c);
	if (req->is_api)
		return page_respond(req, resp, status, "chat-conversation", m);
	/* the form: what was typed when it comes back, else the draft */
	json_put_s(m, "text", req->method == HTTP_POST ? req_str(req, "text") : c.draft);
	json_put_b(m, "is_paged", before > 0);
	page_field_errors(req, m, chat_fields);
	if (is_get)
		json_put_s(m, "done_message", done_message(req_str(req, "done")));
	return page_render(req, resp, status, "chat-conversation", m);
}

static enum err
handle_chat(struct request *req, struct response *resp)
{
	return chat_page(req, resp, 200, req_int(req, "id"), true);
}

static enum err
handle_send(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t rel_id = req_int(req, "id"), id = 0;
	enum err rc = ERR_BAD_INPUT;
	if (req->errors == NULL) {
		rc = app_chat_send(req->db, req->arena, me_of(req), rel_id, req_str(req, "text"),
		    &ps, &id);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return refuse(req, resp, rc, NULL);
		page_add_problems(req, &ps);
	}
	if (rc != ERR_OK) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return chat_page(req, resp, 422, rel_id, false);
	}
	if (req->is_api) {
		struct app_chat c;
		struct db_chat_message msg;
		if ((rc = app_chat_message(req->db, req->arena, me_of(req), rel_id, id, &c,
		    &msg)) != ERR_OK)
			return rc;
		resp_json(resp, req, 201, msg_json(req, &msg, c.other_read, c.can_send, c.now,
		    c.time_zone, INT64_MAX));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "/chats/%lld#message-%lld",
	    (long long)rel_id, (long long)id));
	return ERR_OK;
}

static enum err
handle_draft(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t rel_id = req_int(req, "id");
	enum err rc = ERR_BAD_INPUT;
	if (req->errors == NULL) {
		rc = app_chat_draft(req->db, req->arena, me_of(req), rel_id, req_str(req, "text"),
		    &ps);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return refuse(req, resp, rc, NULL);
		page_add_problems(req, &ps);
	}
	if (rc != ERR_OK) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return chat_page(req, resp, 422, rel_id, false);
	}
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:I, s:s}", "relationship_id",
		    (json_int_t)rel_id, "draft", req_str(req, "text")));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "/chats/%lld?done=draft#text",
	    (long long)rel_id));
	return ERR_OK;
}

/* ---- the poll ---- */

static enum err
handle_poll(struct request *req, struct response *resp)
{
	struct app_chat_poll p;
	int64_t rel_id = req_int(req, "id");
	/* Marking read changes state, so a page on another site must not be
	 * able to do it with a link (a GET carries our cookie on a top-level
	 * navigation).  visible=true counts on the POST twin, which the server
	 * lets through only with the CSRF token in the X-CSRF-Token header,
	 * or from an API token (no cookie, so no CSRF).  A signed-in GET still
	 * answers but marks nothing read (MSG-1). */
	bool visible = req_bool(req, "visible") &&
	    (req->method == HTTP_POST || req->is_bearer);
	enum err rc = app_chat_poll(req->db, req->arena, me_of(req), rel_id,
	    req_int(req, "after"), req_int(req, "since"), visible, &p);
	if (rc != ERR_OK)
		return refuse(req, resp, rc, NULL);
	json_t *list = json_array();
	for (size_t i = 0; i < p.nmsgs; i++)
		json_array_append_new(list, msg_json(req, &p.msgs[i], p.other_read, p.can_send,
		    p.now, p.time_zone, p.my_read));
	json_t *o = json_object();
	json_put_i(o, "relationship_id", rel_id);
	json_object_set_new(o, "messages", list);
	json_put_i(o, "other_read_id", p.other_read);
	json_put_i(o, "my_read_id", p.my_read);
	json_put_b(o, "can_send", p.can_send);
	json_put_i(o, "now", p.now);
	resp_json(resp, req, 200, o);
	return ERR_OK;
}

/* ---- editing and deleting ---- */

static enum err
edit_page(struct request *req, struct response *resp, int status)
{
	struct app_chat c;
	struct db_chat_message msg;
	int64_t rel_id = req_int(req, "id");
	enum err rc = app_chat_message(req->db, req->arena, me_of(req), rel_id,
	    req_int(req, "msg"), &c, &msg);
	if (rc != ERR_OK)
		return refuse(req, resp, rc, NULL);
	if (msg.author_id != me_of(req)->user_id)
		return refuse(req, resp, ERR_FORBIDDEN, "You can only change your own messages");
	if (!c.can_send)
		return refuse(req, resp, ERR_CONFLICT, NULL);
	if (!app_chat_can_edit(&msg, me_of(req)->user_id, c.now, true))
		return refuse(req, resp, ERR_CONFLICT, msg.deleted_at ?
		    "This message has been deleted" : APP_CHAT_TOO_LATE);
	json_t *m = json_object();
	json_put_s(m, "chat_url", chat_url(req, rel_id));
	json_put_s(m, "other_name", c.other_name);
	json_put_s(m, "action", arena_printf(req->arena, "/chats/%lld/messages/%lld/edit",
	    (long long)rel_id, (long long)msg.id));
	json_put_s(m, "sent", app_chat_when(req->arena, msg.created_at, c.now, c.time_zone));
	json_put_s(m, "text", req->method == HTTP_POST ? req_str(req, "text") : msg.body);
	page_field_errors(req, m, chat_fields);
	return page_render(req, resp, status, "chat-edit", m);
}

static enum err
handle_edit_form(struct request *req, struct response *resp)
{
	return edit_page(req, resp, 200);
}

static enum err
handle_edit(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t rel_id = req_int(req, "id"), msg_id = req_int(req, "msg");
	enum err rc = ERR_BAD_INPUT;
	if (req->errors == NULL) {
		rc = app_chat_edit(req->db, req->arena, me_of(req), rel_id, msg_id,
		    req_str(req, "text"), &ps);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return refuse(req, resp, rc, rc == ERR_FORBIDDEN ?
			    "You can only change your own messages" : page_why(&ps, NULL));
		page_add_problems(req, &ps);
	}
	if (rc != ERR_OK) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return edit_page(req, resp, 422);
	}
	if (req->is_api) {
		struct app_chat c;
		struct db_chat_message msg;
		if ((rc = app_chat_message(req->db, req->arena, me_of(req), rel_id, msg_id, &c,
		    &msg)) != ERR_OK)
			return rc;
		resp_json(resp, req, 200, msg_json(req, &msg, c.other_read, c.can_send, c.now,
		    c.time_zone, INT64_MAX));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "/chats/%lld?done=edited#message-%lld",
	    (long long)rel_id, (long long)msg_id));
	return ERR_OK;
}

static enum err
handle_delete(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t rel_id = req_int(req, "id"), msg_id = req_int(req, "msg");
	enum err rc = app_chat_delete(req->db, req->arena, me_of(req), rel_id, msg_id, &ps);
	if (rc != ERR_OK)
		return refuse(req, resp, rc, rc == ERR_FORBIDDEN ?
		    "You can only delete your own messages" : page_why(&ps, NULL));
	if (req->is_api) {
		struct app_chat c;
		struct db_chat_message msg;
		if ((rc = app_chat_message(req->db, req->arena, me_of(req), rel_id, msg_id, &c,
		    &msg)) != ERR_OK)
			return rc;
		resp_json(resp, req, 200, msg_json(req, &msg, c.other_read, c.can_send, c.now,
		    c.time_zone, INT64_MAX));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "/chats/%lld?done=deleted",
	    (long long)rel_id));
	return ERR_OK;
}

/* ---- the relationship page and the home page ---- */

enum err
rel_chat_model(struct request *req, json_t *m, const struct app_relationship_page *p)
{
	json_t *o = json_object();
	bool is_party = p->rel.actor == LC_MENTOR || p->rel.actor == LC_MENTEE;
	json_put_b(o, "is_party", is_party);
	json_put_b(o, "is_admin", p->rel.actor == LC_ADMIN);
	json_put_s(o, "url", chat_url(req, p->rel.r.id));
	if (is_party) {
		struct app_chat c;
		enum err rc = app_chat_open(req->db, req->arena, me_of(req), p->rel.r.id, 0, false,
		    &c);
		if (rc != ERR_OK) {
			json_decref(o);
			return rc;
		}
		json_t *list = json_array();
		int64_t unread = 0;
		for (size_t i = 0; i < c.nmsgs; i++)
			if (c.msgs[i].recipient_id == me_of(req)->user_id &&
			    c.msgs[i].deleted_at == 0 && c.msgs[i].id > c.my_read)
				unread++;
		/* the last three */
		for (size_t i = c.nmsgs > 3 ? c.nmsgs - 3 : 0; i < c.nmsgs; i++) {
			json_t *msg = msg_json(req, &c.msgs[i], c.other_read, false, c.now,
			    c.time_zone, c.my_read);
			json_put_s(msg, "excerpt", app_note_excerpt(req->arena, c.msgs[i].body, 200));
			json_array_append_new(list, msg);
		}
		json_object_set_new(o, "messages", list);
		json_put_b(o, "has_messages", c.nmsgs > 0);
		json_put_s(o, "other_name", c.other_name);
		json_put_i(o, "unread", unread);
		json_put_b(o, "has_unread", unread > 0);
		json_put_b(o, "can_send", c.can_send);
	}
	json_object_set_new(m, "chat", o);
	return ERR_OK;
}

enum err
home_chats(struct request *req, json_t *m)
{
	const struct app_auth *me = me_of(req);
	if (me == NULL || me->active == NULL || (strcmp(me->active->role, "mentor") != 0 &&
	    strcmp(me->active->role, "mentee") != 0))
		return ERR_OK;
	struct db_chat_conv *convs;
	size_t n;
	int64_t now = clock_now();
	enum err rc = app_chats_list(req->db, req->arena, me, &convs, &n);
	if (rc != ERR_OK)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		if (convs[i].unread > 0)
			json_array_append_new(list, conv_json(req, &convs[i], now));
	if (json_array_size(list) == 0) {
		json_decref(list);
		return ERR_OK;
	}
	json_t *o = json_object();
	json_object_set_new(o, "items", list);
	json_object_set_new(m, "chats_home", o);
	return ERR_OK;
}

/* ---- routes ---- */

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the relationship"}
#define MSG_PARAM {.name = "msg", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the message"}
/* app_chat_text_ok says "Enter your message in 4,000 characters or fewer";
 * the declared bound is only a guard against very large input. */
#define TEXT_PARAM {.name = "text", .type = P_TEXT, .max_len = 4 * APP_CHAT_MAX, \
	.label = "your message"}

static const struct param_spec none[] = {{0}};
static const struct param_spec chat_get[] = {
	ID_PARAM,
	{.name = "before", .type = P_INT, .min = 1, .max = INT64_MAX,
	    .label = "earlier messages"},
	{.name = "done", .type = P_CHOICE, .choices = dones, .label = "what was done"},
	{0},
};
static const struct param_spec chat_text[] = {ID_PARAM, TEXT_PARAM, {0}};
static const struct param_spec poll_get[] = {
	ID_PARAM,
	{.name = "after", .type = P_INT, .min = 0, .max = INT64_MAX, .label = "after"},
	{.name = "since", .type = P_INT, .min = 0, .max = INT64_MAX, .label = "since"},
	{.name = "visible", .type = P_BOOL, .label = "visible"},
	{0},
};
static const struct param_spec msg_only[] = {ID_PARAM, MSG_PARAM, {0}};
static const struct param_spec msg_text[] = {ID_PARAM, MSG_PARAM, TEXT_PARAM, {0}};

#define S ACCESS_SIGNED_IN
#define F ROUTE_FORM

const struct route chats_routes[] = {
	{HTTP_GET, "/chats", handle_list, S, none, 0, 0},
	{HTTP_GET, "/chats/{id:int}", handle_chat, S, chat_get, 0, 0},
	{HTTP_POST, "/chats/{id:int}", handle_send, S, chat_text, F, 0},
	{HTTP_POST, "/chats/{id:int}/draft", handle_draft, S, chat_text, F, 0},
	{HTTP_GET, "/chats/{id:int}/messages/{msg:int}/edit", handle_edit_form, S, msg_only, 0,
	    0},
	{HTTP_POST, "/chats/{id:int}/messages/{msg:int}/edit", handle_edit, S, msg_text, F, 0},
	{HTTP_POST, "/chats/{id:int}/messages/{msg:int}/delete", handle_delete, S, msg_only, 0,
	    0},

	{HTTP_GET, "/api/v1/chats", handle_list, S, none, 0, 0},
	{HTTP_GET, "/api/v1/chats/{id:int}", handle_chat, S, chat_get, 0, 0},
	{HTTP_POST, "/api/v1/chats/{id:int}", handle_send, S, chat_text, F, 0},
	{HTTP_GET, "/api/v1/chats/{id:int}/messages", handle_poll, S, poll_get,
	    ROUTE_PASSIVE, 0},
	{HTTP_POST, "/api/v1/chats/{id:int}/messages", handle_poll, S, poll_get,
	    ROUTE_PASSIVE, 0},
	{HTTP_POST, "/api/v1/chats/{id:int}/draft", handle_draft, S, chat_text, F, 0},
	{HTTP_POST, "/api/v1/chats/{id:int}/messages/{msg:int}/edit", handle_edit, S, msg_text,
	    F, 0},
	{HTTP_POST, "/api/v1/chats/{id:int}/messages/{msg:int}/delete", handle_delete, S,
	    msg_only, 0, 0},
	{HTTP_DELETE, "/api/v1/chats/{id:int}/messages/{msg:int}", handle_delete, S, msg_only,
	    0, 0},
};

#undef S
#undef F

const size_t chats_nroutes = sizeof(chats_routes) / sizeof(chats_routes[0]);
