/*
 * notes.c - notes and documents on a relationship (NOTE-1 to NOTE-3),
 * the administrators' rule (NOTE-2, ADM-8) and read-only past
 * relationships (REL-5): the pages and their /api/v1 twins.
 *
 *   /relationships/{id}/notes      GET the pair's notes and documents with
 *                                  the add and upload forms; POST a note
 *   /relationships/{id}/documents  POST an upload (multipart)
 *   /notes/{id}                    GET one note (administrators: audited)
 *   /notes/{id}/edit               GET the form, POST the change
 *   /notes/{id}/share              POST shared=true|false
 *   /notes/{id}/delete             GET confirm, POST delete
 *   /documents                     GET every document I can see, POST an
 *                                  upload to one of my live relationships
 *   /documents/{id}/download       the file, as an attachment
 *   /documents/{id}/share, /documents/{id}/delete  as for notes
 *   /admin/schemes/{id}/content    the scheme's rule, size limit, kinds
 *
 * The relationship page's section ("notes" in its model,
 * partials/rel-notes) is rel_notes_model; the notes page reuses the same
 * model and partial.  Who may see or change what is app/notes.c's
 * decision; a 404 here is always "you may not know it exists".
 *
 * Traps: administrators never get an excerpt in a list (that would be
 * reading content without the audit row): they get who, when and the
 * file type, and under the open rule a link whose opening is audited.
 * Redirects back to the relationship page carry no ?done= (its route
 * declares its own choices).
 */
#include "handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#include "app/date.h"
#include "app/notes.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/sniff.h"
#include "view/json.h"

static const char *
data_dir(const struct request *req)
{
	return req->config->data;
}

static const char *const dones[] = {"note_added", "document_added", "saved", "shared",
	"unshared", "deleted", "settings", NULL};
static const char *const backs[] = {"relationship", "notes", "note", "documents", NULL};

static const char *
done_message(const char *done)
{
	static const struct { const char *done, *message; } map[] = {
		{"note_added", "Your note has been added."},
		{"document_added", "Your document has been uploaded."},
		{"saved", "Your note has been saved."},
		{"shared", "It is now shared with the other person."},
		{"unshared", "It is no longer shared. Only you can see it now."},
		{"deleted", "It has been deleted."},
		{"settings", "The notes and documents settings have been saved."},
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

/* A refusal with its sentence: 409 after the relationship ended
 * (REL-5), 403 for someone who may see but not do; anything else (404
 * above all) goes to the server's error page as it is. */
static enum err
refuse(struct request *req, struct response *resp, enum err rc, const char *message)
{
	int status;
	const char *code;
	if (rc == ERR_CONFLICT) {
		status = 409, code = "conflict";
		if (message == NULL)
			message = APP_REL_ENDED;
	} else if (rc == ERR_FORBIDDEN) {
		status = 403, code = "forbidden";
		if (message == NULL)
			message = "You cannot do this. Only the person who added it can change "
			    "it, and administrators can open only what the scheme allows";
	} else {
		return rc;
	}
	if (req->is_api) {
		resp_json(resp, req, status, json_pack("{s:{s:s, s:s, s:{}}}", "error",
		    "code", code, "message", message, "fields"));
		return ERR_OK;
	}
	page_render_error(req, resp, status, message);
	return ERR_OK;
}

/* ---- JSON of one item, as a list row or the full thing ---- */

static json_t *
note_json(struct request *req, const struct db_note *n, enum app_content_access access,
    bool can_add, bool full)
{
	struct arena *a = req->arena;
	int64_t me = req->auth ? ((const struct app_auth *)req->auth)->user_id : 0;
	bool mine = n->author_id == me;
	json_t *o = json_object();
	json_put_i(o, "id", n->id);
	json_put_i(o, "relationship_id", n->relationship_id);
	json_put_b(o, "is_mine", mine);
	json_put_s(o, "author", mine ? "You" : n->author_name);
	json_put_s(o, "author_name", n->author_name);
	json_put_b(o, "is_shared", n->is_shared);
	json_put_i(o, "created_at", n->created_at);
	json_put_i(o, "updated_at", n->updated_at);
	json_put_i(o, "shared_at", n->shared_at);
	json_put_s(o, "created", app_time_words(a, n->created_at, false));
	json_put_s(o, "shared_on", app_time_words(a, n->shared_at, false));
	bool can_open = access != APP_CONTENT_META;
	json_put_b(o, "can_open", can_open);
	json_put_s(o, "url", can_open ? arena_printf(a, "/notes/%lld", (long long)n->id) : "");
	if (access == APP_CONTENT_PARTY)
		json_put_s(o, "excerpt", app_note_excerpt(a, n->body, 160));
	if (full)
		json_put_s(o, "text", n->body);
	bool can_change = mine && can_add;
	json_put_b(o, "can_change", can_change);
	if (can_change) {
		json_put_s(o, "edit_url", arena_printf(a, "/notes/%lld/edit", (long long)n->id));
		json_put_s(o, "share_url", arena_printf(a, "/notes/%lld/share", (long long)n->id));
		json_put_s(o, "delete_url", arena_printf(a, "/notes/%lld/delete",
		    (long long)n->id));
	}
	return o;
}

static json_t *
doc_json(struct request *req, const struct db_document *d, enum app_content_access access,
    bool can_add)
{
	struct arena *a = req->arena;
	int64_t me = req->auth ? ((const struct app_auth *)req->auth)->user_id : 0;
	bool mine = d->author_id == me;
	bool can_open = access != APP_CONTENT_META;
	json_t *o = json_object();
	json_put_i(o, "id", d->id);
	json_put_i(o, "relationship_id", d->relationship_id);
	json_put_b(o, "is_mine", mine);
	json_put_s(o, "author", mine ? "You" : d->author_name);
	json_put_s(o, "author_name", d->author_name);
	json_put_s(o, "kind", d->kind);
	json_put_s(o, "type", sniff_label(sniff_parse(d->kind)));
	json_put_i(o, "size", d->size);
	json_put_s(o, "size_words", size_words(a, d->size));
	json_put_b(o, "is_shared", d->is_shared);
	json_put_i(o, "created_at", d->created_at);
	json_put_i(o, "shared_at", d->shared_at);
	json_put_s(o, "uploaded", app_time_words(a, d->created_at, false));
	json_put_s(o, "shared_on", app_time_words(a, d->shared_at, false));
	json_put_b(o, "can_open", can_open);
	/* the name is content too: administrators under the metadata rule
	 * see that a file of this type exists, not what it is called */
	json_put_s(o, "filename", can_open ? d->filename : "");
	json_put_s(o, "download_url", can_open ? arena_printf(a, "/documents/%lld/download",
	    (long long)d->id) : "");
	bool can_change = mine && can_add;
	json_put_b(o, "can_change", can_change);
	if (can_change) {
		json_put_s(o, "share_url", arena_printf(a, "/documents/%lld/share",
		    (long long)d->id));
		json_put_s(o, "delete_url", arena_printf(a, "/documents/%lld/delete",
		    (long long)d->id));
	}
	return o;
}

/* The section of a relationship: lists, what may be done, the forms'
 * limits.  back: where share buttons return ("relationship", "notes"). */
static json_t *
content_json(struct request *req, const struct app_rel_content *c, const char *back)
{
	struct arena *a = req->arena;
	const struct db_relationship *r = &c->rel.r;
	bool party = c->access == APP_CONTENT_PARTY;
	json_t *o = json_object();
	json_put_i(o, "relationship_id", r->id);
	json_put_s(o, "notes_url", arena_printf(a, "/relationships/%lld/notes",
	    (long long)r->id));
	json_put_s(o, "upload_url", arena_printf(a, "/relationships/%lld/documents",
	    (long long)r->id));
	json_put_s(o, "back", back);
	/* on the notes page itself the page has the heading and the forms */
	json_put_b(o, "is_section", strcmp(back, "relationship") == 0);
	json_put_b(o, "is_party", party);
	json_put_b(o, "is_admin", !party);
	json_put_b(o, "admin_can_open", c->access == APP_CONTENT_OPEN);
	/* NOTE-2: the pair are told when the scheme's administrators may
	 * open what they share (seed 002's rule) */
	json_put_b(o, "admins_may_open_shared", c->settings.admin_sees_documents);
	json_put_b(o, "can_add", c->can_add);
	json_put_b(o, "is_past", c->rel.status != LRL_ACTIVE);
	json_put_s(o, "other_name", r->mentor_id == ((const struct app_auth *)req->auth)->user_id
	    ? r->mentee_name : r->mentor_name);
	json_put_s(o, "max_size", app_document_size_words(a, c->settings.document_max_kb));
	json_put_s(o, "kinds_words", app_document_kinds_words(a, c->settings.document_types));
	json_t *notes = json_array();
	for (size_t i = 0; i < c->nnotes; i++)
		json_array_append_new(notes, note_json(req, &c->notes[i], c->access, c->can_add,
		    false));
	json_object_set_new(o, "notes", notes);
	json_put_b(o, "has_notes", c->nnotes > 0);
	json_put_i(o, "note_count", (int64_t)c->nnotes);
	json_t *docs = json_array();
	for (size_t i = 0; i < c->ndocs; i++)
		json_array_append_new(docs, doc_json(req, &c->docs[i], c->access, c->can_add));
	json_object_set_new(o, "documents", docs);
	json_put_b(o, "has_documents", c->ndocs > 0);
	json_put_i(o, "document_count", (int64_t)c->ndocs);
	return o;
}

/* ---- the relationship page's section ---- */

enum err
rel_notes_model(struct request *req, json_t *m, const struct app_relationship_page *p)
{
	struct app_rel_content c;
	enum err rc = app_rel_content(req->db, req->arena, req->auth, p->rel.r.id, &c);
	if (rc != ERR_OK)
		return rc;
	json_object_set_new(m, "notes", content_json(req, &c, "relationship"));
	return ERR_OK;
}

/* ---- a relationship's notes page ---- */

static const char *const note_fields[] = {"text", "shared", "file", NULL};

/* The page with its forms; after a failed POST the typed note (or the
 * upload's share choice) comes back with the messages. */
static enum err
rel_notes_page(struct request *req, struct response *resp, int status, int64_t rel_id)
{
	struct app_rel_content c;
	enum err rc = app_rel_content(req->db, req->arena, req->auth, rel_id, &c);
	if (rc != ERR_OK)
		return refuse(req, resp, rc, NULL);
	json_t *m = json_object();
	json_object_set_new(m, "notes", content_json(req, &c, "notes"));
	json_put_s(m, "relationship_url", arena_printf(req->arena, "/relationships/%lld",
	    (long long)rel_id));
	if (req->is_api)
		return page_respond(req, resp, status, "notes-relationship", m);
	if (req->method == HTTP_POST) {
		bool is_upload = req->route->flags & ROUTE_UPLOAD;
		if (!is_upload)
			json_put_s(m, "text", req_str(req, "text"));
		json_put_b(m, is_upload ? "doc_shared" : "note_shared", req_bool(req, "shared"));
	}
	page_field_errors(req, m, note_fields);
	if (status == 200)
		json_put_s(m, "done_message", done_message(req_str(req, "done")));
	return page_render(req, resp, status, "notes-relationship", m);
}

static enum err
handle_rel_notes(struct request *req, struct response *resp)
{
	return rel_notes_page(req, resp, 200, req_int(req, "id"));
}

static enum err
handle_note_create(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t rel_id = req_int(req, "id"), id = 0;
	enum err rc = ERR_BAD_INPUT;

	if (req->errors == NULL) {
		rc = app_note_add(req->db, req->arena, req->auth, rel_id, req_str(req, "text"),
		    req_bool(req, "shared"), page_link_base(req), req->client_ip, &ps, &id);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return refuse(req, resp, rc, NULL);
		page_add_problems(req, &ps);
	}
	if (rc != ERR_OK) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return rel_notes_page(req, resp, 422, rel_id);
	}
	if (req->is_api) {
		struct app_note_view v;
		if ((rc = app_note_get(req->db, req->arena, req->auth, id, req->client_ip, &v)) !=
		    ERR_OK)
			return rc;
		resp_json(resp, req, 201, note_json(req, &v.n, APP_CONTENT_PARTY, v.can_change,
		    true));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena,
	    "/relationships/%lld/notes?done=note_added", (long long)rel_id));
	return ERR_OK;
}

/* ---- one note ---- */

static json_t *
note_page_model(struct request *req, const struct app_note_view *v)
{
	bool party = v->rel.actor == LC_MENTOR || v->rel.actor == LC_MENTEE;
	json_t *m = json_object();
	json_t *n = note_json(req, &v->n, party ? APP_CONTENT_PARTY : APP_CONTENT_OPEN,
	    v->can_change, true);
	json_object_set_new(m, "note", n);
	json_put_s(m, "back_url", party ? arena_printf(req->arena, "/relationships/%lld/notes",
	    (long long)v->n.relationship_id) : arena_printf(req->arena, "/relationships/%lld",
	    (long long)v->n.relationship_id));
	json_put_b(m, "is_admin", !party);
	json_put_b(m, "is_past", v->rel.status != LRL_ACTIVE);
	return m;
}

static enum err
handle_note_get(struct request *req, struct response *resp)
{
	struct app_note_view v;
	enum err rc = app_note_get(req->db, req->arena, req->auth, req_int(req, "id"),
	    req->client_ip, &v);
	if (rc != ERR_OK)
		return refuse(req, resp, rc, NULL);
	if (req->is_api) {
		bool party = v.rel.actor == LC_MENTOR || v.rel.actor == LC_MENTEE;
		resp_json(resp, req, 200, note_json(req, &v.n, party ? APP_CONTENT_PARTY :
		    APP_CONTENT_OPEN, v.can_change, true));
		return ERR_OK;
	}
	json_t *m = note_page_model(req, &v);
	json_put_s(m, "done_message", done_message(req_str(req, "done")));
	return page_render(req, resp, 200, "notes-show", m);
}

/* The edit form (GET), or a change that must be refused as a whole
 * (ended relationship, not the author): only the author of a live note
 * reaches the form. */
static enum err
note_for_form(struct request *req, int64_t id, struct app_note_view *v)
{
	enum err rc = app_note_get(req->db, req->arena, req->auth, id, req->client_ip, v);
	if (rc != ERR_OK)
		return rc;
	if (!v->is_mine)
		return ERR_FORBIDDEN;
	if (v->rel.status != LRL_ACTIVE)
		return ERR_CONFLICT;
	return ERR_OK;
}

static const char *const edit_fields[] = {"text", NULL};

static enum err
handle_note_edit(struct request *req, struct response *resp)
{
	struct app_note_view v;
	enum err rc = note_for_form(req, req_int(req, "id"), &v);
	if (rc != ERR_OK)
		return refuse(req, resp, rc, NULL);
	json_t *m = note_page_model(req, &v);
	json_put_s(m, "text", v.n.body);
	return page_render(req, resp, 200, "notes-edit", m);
}

static enum err
handle_note_update(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t id = req_int(req, "id");
	enum err rc = ERR_BAD_INPUT;

	if (req->errors == NULL) {
		rc = app_note_edit(req->db, req->arena, req->auth, id, req_str(req, "text"),
		    req->client_ip, &ps);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return refuse(req, resp, rc, NULL);
		page_add_problems(req, &ps);
	}
	struct app_note_view v;
	if (rc != ERR_OK) {
		if (req->is_api) {
			/* the same refusals as the write would give (404, 403, 409) */
			enum err why = note_for_form(req, id, &v);
			if (why != ERR_OK)
				return refuse(req, resp, why, NULL);
			return page_invalid(req, resp, 422);
		}
		enum err why = note_for_form(req, id, &v);
		if (why != ERR_OK)
			return refuse(req, resp, why, NULL);
		json_t *m = note_page_model(req, &v);
		json_put_s(m, "text", req_str(req, "text"));
		page_field_errors(req, m, edit_fields);
		return page_render(req, resp, 422, "notes-edit", m);
	}
	if (req->is_api) {
		if ((rc = app_note_get(req->db, req->arena, req->auth, id, req->client_ip, &v)) !=
		    ERR_OK)
			return rc;
		resp_json(resp, req, 200, note_json(req, &v.n, APP_CONTENT_PARTY, v.can_change,
		    true));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena, "/notes/%lld?done=saved",
	    (long long)id));
	return ERR_OK;
}

/* Where a share or delete button returns. */
static const char *
back_url(struct request *req, const char *what, int64_t id, int64_t rel_id,
    const char *done)
{
	const char *back = req_has(req, "back") ? req_str(req, "back") : "notes";
	if (strcmp(back, "relationship") == 0)
		return arena_printf(req->arena, "/relationships/%lld#notes", (long long)rel_id);
	if (strcmp(back, "documents") == 0)
		return arena_printf(req->arena, "/documents?done=%s", done);
	if (strcmp(back, "note") == 0 && strcmp(what, "note") == 0 && strcmp(done, "deleted"))
		return arena_printf(req->arena, "/notes/%lld?done=%s", (long long)id, done);
	return arena_printf(req->arena, "/relationships/%lld/notes?done=%s",
	    (long long)rel_id, done);
}

static enum err
handle_note_share(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id"), rel_id = 0;
	bool shared = req_bool(req, "shared");
	enum err rc = app_note_share(req->db, req->arena, req->auth, id, shared,
	    page_link_base(req), req->client_ip, &rel_id);
	if (rc != ERR_OK)
		return refuse(req, resp, rc, NULL);
	if (req->is_api) {
		struct app_note_view v;
		if ((rc = app_note_get(req->db, req->arena, req->auth, id, req->client_ip, &v)) !=
		    ERR_OK)
			return rc;
		resp_json(resp, req, 200, note_json(req, &v.n, APP_CONTENT_PARTY, v.can_change,
		    true));
		return ERR_OK;
	}
	resp_redirect(resp, req, back_url(req, "note", id, rel_id, shared ? "shared" :
	    "unshared"));
	return ERR_OK;
}

static enum err
handle_note_confirm(struct request *req, struct response *resp)
{
	struct app_note_view v;
	enum err rc = note_for_form(req, req_int(req, "id"), &v);
	if (rc != ERR_OK)
		return refuse(req, resp, rc, NULL);
	return page_render(req, resp, 200, "notes-delete", note_page_model(req, &v));
}

static enum err
handle_note_delete(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id"), rel_id = 0;
	enum err rc = app_note_delete(req->db, req->arena, req->auth, id, req->client_ip,
	    &rel_id);
	if (rc != ERR_OK)
		return refuse(req, resp, rc, NULL);
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "done",
		    "deleted"));
		return ERR_OK;
	}
	resp_redirect(resp, req, back_url(req, "note", id, rel_id, "deleted"));
	return ERR_OK;
}

/* ---- documents ---- */

static bool
read_upload(struct request *req, struct app_doc_file *f)
{
	const struct upload *u = req_has(req, "file") ? req_file(req, "file") : NULL;
	if (u == NULL)
		return false;
	f->path = u->path;
	f->len = u->len;
	f->filename = u->filename;
	return true;
}

static enum err documents_page(struct request *req, struct response *resp, int status);

/* An upload to rel_id; on bad input the page it came from comes back. */
static enum err
upload(struct request *req, struct response *resp, int64_t rel_id, bool from_documents)
{
	struct app_problems ps = {0};
	struct app_doc_file f;
	int64_t id = 0;
	enum err rc = ERR_BAD_INPUT;

	if (req->errors == NULL) {
		bool has = read_upload(req, &f);
		rc = app_document_add(req->db, req->arena, req->auth, rel_id, has ? &f : NULL,
		    req_bool(req, "shared"), data_dir(req), page_link_base(req), req->client_ip,
		    &ps, &id);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return refuse(req, resp, rc, NULL);
		page_add_problems(req, &ps);
	}
	if (rc != ERR_OK) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return from_documents ? documents_page(req, resp, 422) :
		    rel_notes_page(req, resp, 422, rel_id);
	}
	if (req->is_api) {
		struct db_document d;
		enum app_content_access access;
		if ((rc = app_document_get(req->db, req->arena, req->auth, id, &d, &access)) !=
		    ERR_OK)
			return rc;
		resp_json(resp, req, 201, doc_json(req, &d, access, true));
		return ERR_OK;
	}
	resp_redirect(resp, req, from_documents ? "/documents?done=document_added" :
	    arena_printf(req->arena, "/relationships/%lld/notes?done=document_added",
	    (long long)rel_id));
	return ERR_OK;
}

static enum err
handle_rel_upload(struct request *req, struct response *resp)
{
	return upload(req, resp, req_int(req, "id"), false);
}

static enum err
handle_documents_upload(struct request *req, struct response *resp)
{
	int64_t rel_id = req_has(req, "relationship_id") ? req_int(req, "relationship_id") : 0;
	if (rel_id == 0 && req->errors == NULL) {
		/* one live relationship: it is the one */
		struct app_documents_page p;
		enum err rc = app_documents_page(req->db, req->arena, req->auth, &p);
		if (rc != ERR_OK)
			return rc;
		if (p.nlive == 1)
			rel_id = p.live[0].id;
		else if (p.nlive == 0)
			return refuse(req, resp, ERR_CONFLICT, "You have no live mentoring "
			    "relationship, so there is no one to upload a document for");
		else
			req_add_error(req, "relationship_id",
			    "Select who you are sharing the document with");
	}
	return upload(req, resp, rel_id, true);
}

static enum err
documents_page(struct request *req, struct response *resp, int status)
{
	struct app_documents_page p;
	enum err rc = app_documents_page(req->db, req->arena, req->auth, &p);
	if (rc != ERR_OK)
		return refuse(req, resp, rc, NULL);
	struct arena *a = req->arena;
	const struct app_auth *me = req->auth;
	json_t *m = json_object();
	json_t *docs = json_array();
	for (size_t i = 0; i < p.ndocs; i++) {
		const struct db_document *d = &p.docs[i];
		bool live = strcmp(d->rel_status, "active") == 0;
		json_t *o = doc_json(req, d, APP_CONTENT_PARTY, live);
		bool mentor = d->mentor_id == me->user_id;
		json_put_s(o, "with", arena_printf(a, "%s (%s)", mentor ? d->mentee_name :
		    d->mentor_name, d->scheme_name));
		json_put_s(o, "relationship_url", arena_printf(a, "/relationships/%lld",
		    (long long)d->relationship_id));
		json_put_b(o, "is_past", !live);
		json_array_append_new(docs, o);
	}
	json_object_set_new(m, "documents", docs);
	json_put_b(m, "has_documents", p.ndocs > 0);
	json_t *live = json_array();
	int64_t chosen = req->method == HTTP_POST && req_has(req, "relationship_id") ?
	    req_int(req, "relationship_id") : 0;
	for (size_t i = 0; i < p.nlive; i++) {
		json_t *o = json_object();
		json_put_i(o, "id", p.live[i].id);
		json_put_s(o, "label", p.live[i].label);
		json_put_s(o, "max_size", app_document_size_words(a, p.live[i].max_kb));
		json_put_s(o, "kinds_words", app_document_kinds_words(a, p.live[i].types));
		json_put_b(o, "is_selected", chosen == p.live[i].id);
		/* the first radio carries the field's id: the error summary's link */
		json_put_s(o, "input_id", i == 0 ? "relationship_id" : arena_printf(a, "rel-%lld",
		    (long long)p.live[i].id));
		json_array_append_new(live, o);
	}
	json_object_set_new(m, "relationships", live);
	json_put_b(m, "can_upload", p.nlive > 0);
	json_put_b(m, "has_choice", p.nlive > 1);
	if (p.nlive == 1) {
		json_put_i(m, "only_id", p.live[0].id);
		json_put_s(m, "only_label", p.live[0].label);
		json_put_s(m, "max_size", app_document_size_words(a, p.live[0].max_kb));
		json_put_s(m, "kinds_words", app_document_kinds_words(a, p.live[0].types));
	}
	if (req->is_api)
		return page_respond(req, resp, status, "documents", m);
	if (req->method == HTTP_POST)
		json_put_b(m, "doc_shared", req_bool(req, "shared"));
	static const char *const fields[] = {"relationship_id", "file", "shared", NULL};
	page_field_errors(req, m, fields);
	if (status == 200)
		json_put_s(m, "done_message", done_message(req_str(req, "done")));
	return page_render(req, resp, status, "documents", m);
}

static enum err
handle_documents(struct request *req, struct response *resp)
{
	return documents_page(req, resp, 200);
}

/* The download: the detected type, as an attachment under the sanitised
 * name (the server adds Content-Disposition with filename and filename*,
 * and nosniff). */
static enum err
handle_document_download(struct request *req, struct response *resp)
{
	struct db_document d;
	const char *path;
	enum err rc = app_document_open(req->db, req->arena, req->auth, req_int(req, "id"),
	    data_dir(req), req->client_ip, &d, &path);
	if (rc != ERR_OK)
		return refuse(req, resp, rc, NULL);
	resp->status = 200;
	resp->content_type = d.mime;
	resp->file_path = path;
	resp->file_name = d.filename;
	return ERR_OK;
}

static enum err
handle_document_share(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id"), rel_id = 0;
	bool shared = req_bool(req, "shared");
	enum err rc = app_document_share(req->db, req->arena, req->auth, id, shared,
	    page_link_base(req), req->client_ip, &rel_id);
	if (rc != ERR_OK)
		return refuse(req, resp, rc, NULL);
	if (req->is_api) {
		struct db_document d;
		enum app_content_access access;
		if ((rc = app_document_get(req->db, req->arena, req->auth, id, &d, &access)) !=
		    ERR_OK)
			return rc;
		resp_json(resp, req, 200, doc_json(req, &d, access, true));
		return ERR_OK;
	}
	resp_redirect(resp, req, back_url(req, "document", id, rel_id, shared ? "shared" :
	    "unshared"));
	return ERR_OK;
}

static enum err
handle_document_confirm(struct request *req, struct response *resp)
{
	struct db_document d;
	enum app_content_access access;
	int64_t id = req_int(req, "id");
	enum err rc = app_document_get(req->db, req->arena, req->auth, id, &d, &access);
	if (rc != ERR_OK)
		return refuse(req, resp, rc, NULL);
	const struct app_auth *me = req->auth;
	if (d.author_id != me->user_id)
		return ERR_FORBIDDEN;
	if (strcmp(d.rel_status, "active") != 0)
		return ERR_CONFLICT;
	json_t *m = json_object();
	json_object_set_new(m, "document", doc_json(req, &d, access, true));
	json_put_s(m, "back", req_has(req, "back") ? req_str(req, "back") : "notes");
	json_put_s(m, "back_url", req_has(req, "back") && strcmp(req_str(req, "back"),
	    "documents") == 0 ? "/documents" : arena_printf(req->arena,
	    "/relationships/%lld/notes", (long long)d.relationship_id));
	return page_render(req, resp, 200, "documents-delete", m);
}

static enum err
handle_document_delete(struct request *req, struct response *resp)
{
	int64_t id = req_int(req, "id"), rel_id = 0;
	enum err rc = app_document_delete(req->db, req->arena, req->auth, id, data_dir(req),
	    req->client_ip, &rel_id);
	if (rc != ERR_OK)
		return refuse(req, resp, rc, NULL);
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "done",
		    "deleted"));
		return ERR_OK;
	}
	resp_redirect(resp, req, back_url(req, "document", id, rel_id, "deleted"));
	return ERR_OK;
}

/* ---- administrators: the scheme's rule (NOTE-2, ADM-8) ---- */

static const char *const kind_names[] = {"pdf", "docx", "xlsx", "pptx", "odt", "ods",
	"odp", "txt", "png", "jpeg", NULL};
static const char *const rules[] = {"metadata", "open", NULL};
static const char *const content_fields[] = {"rule", "max_mb", "types", NULL};

static enum err
content_page(struct request *req, struct response *resp, int status)
{
	struct db_scheme scheme;
	struct db_scheme_settings st;
	int64_t scheme_id = req_int(req, "id");
	enum err rc = app_content_settings_get(req->db, req->arena, req->auth, scheme_id,
	    &scheme, &st);
	if (rc != ERR_OK)
		return refuse(req, resp, rc, NULL);
	struct arena *a = req->arena;
	bool back = req->method == HTTP_POST;
	bool open = back ? req_has(req, "rule") && strcmp(req_str(req, "rule"), "open") == 0 :
	    st.admin_sees_documents;
	json_t *m = json_object();
	json_put_i(m, "scheme_id", scheme_id);
	json_put_s(m, "scheme_name", scheme.name);
	json_put_s(m, "action", arena_printf(a, "/admin/schemes/%lld/content",
	    (long long)scheme_id));
	json_put_s(m, "rule", open ? "open" : "metadata");
	json_put_b(m, "is_open", open);
	json_put_b(m, "is_metadata", !open);
	json_put_b(m, "admin_sees_documents", st.admin_sees_documents);
	json_put_i(m, "max_kb", st.document_max_kb);
	json_put_s(m, "max_size", app_document_size_words(a, st.document_max_kb));
	json_put_s(m, "max_mb", back ? req_str(req, "max_mb") : arena_printf(a, "%lld",
	    (long long)((st.document_max_kb + 1023) / 1024)));
	json_put_s(m, "document_types", st.document_types);
	json_t *kinds = json_array();
	const char *const *typed = NULL;
	size_t ntyped = back ? req_list(req, "types", &typed) : 0;
	for (size_t i = 0; kind_names[i]; i++) {
		bool on = false;
		if (back) {
			for (size_t j = 0; j < ntyped; j++)
				on = on || strcmp(typed[j], kind_names[i]) == 0;
		} else {
			on = app_document_kind_allowed(st.document_types, kind_names[i]);
		}
		json_array_append_new(kinds, json_pack("{s:s, s:s, s:s, s:b}", "value",
		    kind_names[i], "id", i == 0 ? "types" : arena_printf(a, "types-%s",
		    kind_names[i]), "label", sniff_label(sniff_parse(kind_names[i])),
		    "is_checked", on));
	}
	json_object_set_new(m, "kinds", kinds);
	if (req->is_api)
		return page_respond(req, resp, status, "admin-content", m);
	admin_menu(req, m, "content", scheme_id);
	page_field_errors(req, m, content_fields);
	if (status == 200)
		json_put_s(m, "done_message", done_message(req_str(req, "done")));
	return page_render(req, resp, status, "admin-content", m);
}

static enum err
handle_content(struct request *req, struct response *resp)
{
	return content_page(req, resp, 200);
}

static enum err
handle_content_save(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t scheme_id = req_int(req, "id");
	enum err rc = ERR_BAD_INPUT;
	struct db_scheme scheme;
	struct db_scheme_settings st;

	/* another scheme's administrator: 404 before any message */
	if ((rc = app_content_settings_get(req->db, req->arena, req->auth, scheme_id, &scheme,
	    &st)) != ERR_OK)
		return rc;
	rc = ERR_BAD_INPUT;
	if (!req_has(req, "rule"))
		req_add_error(req, "rule", "Select what administrators may see");
	const char *const *typed = NULL;
	if (req_list(req, "types", &typed) == 0)
		req_add_error(req, "types", "Select at least one kind of file people may upload");
	if (req->errors == NULL) {
		const char *const *types = NULL;
		size_t ntypes = req_list(req, "types", &types);
		struct app_content_settings_in in = {
			.admin_sees_documents = strcmp(req_str(req, "rule"), "open") == 0,
			.max_mb = req_has(req, "max_mb") ? req_int(req, "max_mb") : 0,
			.types = types, .ntypes = ntypes,
		};
		rc = app_content_settings_put(req->db, req->arena, req->auth, scheme_id, &in,
		    req->client_ip, &ps);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return refuse(req, resp, rc, NULL);
		page_add_problems(req, &ps);
	}
	if (rc != ERR_OK) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return content_page(req, resp, 422);
	}
	if (req->is_api)
		return content_page(req, resp, 200);
	resp_redirect(resp, req, arena_printf(req->arena, "/admin/schemes/%lld/content?done=settings",
	    (long long)scheme_id));
	return ERR_OK;
}

/* ---- routes ---- */

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the number"}
#define DONE_PARAM {.name = "done", .type = P_CHOICE, .choices = dones, \
	.label = "what was done"}
#define BACK_PARAM {.name = "back", .type = P_CHOICE, .choices = backs, \
	.label = "the page to go back to"}
#define TEXT_PARAM {.name = "text", .type = P_TEXT, .max_len = APP_NOTE_MAX, \
	.label = "the note"}
#define SHARED_PARAM {.name = "shared", .type = P_BOOL, .label = "Shared"}
#define FILE_PARAM {.name = "file", .type = P_FILE, .max_len = APP_DOC_CEILING, \
	.label = "a file to upload"}
/* the hard ceiling: a 50 MB file and the form around it */
#define UPLOAD_MAX (APP_DOC_CEILING + 64 * 1024)

static const struct param_spec by_id[] = {ID_PARAM, {0}};
static const struct param_spec by_id_done[] = {ID_PARAM, DONE_PARAM, {0}};
static const struct param_spec by_id_back[] = {ID_PARAM, BACK_PARAM, {0}};
static const struct param_spec list_get[] = {DONE_PARAM, {0}};
static const struct param_spec note_new[] = {ID_PARAM, TEXT_PARAM, SHARED_PARAM, {0}};
static const struct param_spec note_edit[] = {ID_PARAM, TEXT_PARAM, {0}};
static const struct param_spec share[] = {ID_PARAM, SHARED_PARAM, BACK_PARAM, {0}};
static const struct param_spec rel_upload[] = {ID_PARAM, FILE_PARAM, SHARED_PARAM, {0}};
static const struct param_spec docs_upload[] = {
	{.name = "relationship_id", .type = P_INT, .min = 1, .max = INT64_MAX,
	    .label = "who you are sharing the document with"},
	FILE_PARAM, SHARED_PARAM, {0}};
static const struct param_spec content_get[] = {ID_PARAM, DONE_PARAM, {0}};
static const struct param_spec content_post[] = {
	ID_PARAM,
	{.name = "rule", .type = P_CHOICE, .choices = rules,
	    .label = "what administrators may see"},
	{.name = "max_mb", .type = P_INT, .min = 1, .max = APP_DOC_KB_MAX / 1024,
	    .label = "the largest file size in MB"},
	{.name = "types", .type = P_LIST, .max_len = 8, .max = 10,
	    .label = "the kinds of file"},
	{0},
};

#define S ACCESS_SIGNED_IN
#define A ACCESS_SCHEME_ADMIN
#define F ROUTE_FORM
#define FU (ROUTE_FORM | ROUTE_UPLOAD)

const struct route notes_routes[] = {
	{HTTP_GET, "/relationships/{id:int}/notes", handle_rel_notes, S, by_id_done, 0, 0},
	{HTTP_POST, "/relationships/{id:int}/notes", handle_note_create, S, note_new, F, 0},
	{HTTP_POST, "/relationships/{id:int}/documents", handle_rel_upload, S, rel_upload, FU,
	    UPLOAD_MAX},
	{HTTP_GET, "/notes/{id:int}", handle_note_get, S, by_id_done, 0, 0},
	{HTTP_GET, "/notes/{id:int}/edit", handle_note_edit, S, by_id, 0, 0},
	{HTTP_POST, "/notes/{id:int}/edit", handle_note_update, S, note_edit, F, 0},
	{HTTP_POST, "/notes/{id:int}/share", handle_note_share, S, share, 0, 0},
	{HTTP_GET, "/notes/{id:int}/delete", handle_note_confirm, S, by_id_back, 0, 0},
	{HTTP_POST, "/notes/{id:int}/delete", handle_note_delete, S, by_id_back, 0, 0},
	{HTTP_GET, "/documents", handle_documents, S, list_get, 0, 0},
	{HTTP_POST, "/documents", handle_documents_upload, S, docs_upload, FU, UPLOAD_MAX},
	{HTTP_GET, "/documents/{id:int}/download", handle_document_download, S, by_id, 0, 0},
	{HTTP_POST, "/documents/{id:int}/share", handle_document_share, S, share, 0, 0},
	{HTTP_GET, "/documents/{id:int}/delete", handle_document_confirm, S, by_id_back, 0,
	    0},
	{HTTP_POST, "/documents/{id:int}/delete", handle_document_delete, S, by_id_back, 0,
	    0},
	{HTTP_GET, "/admin/schemes/{id:int}/content", handle_content, A, content_get, 0, 0},
	{HTTP_POST, "/admin/schemes/{id:int}/content", handle_content_save, A, content_post,
	    F, 0},

	{HTTP_GET, "/api/v1/relationships/{id:int}/notes", handle_rel_notes, S, by_id_done, 0,
	    0},
	{HTTP_POST, "/api/v1/relationships/{id:int}/notes", handle_note_create, S, note_new,
	    F, 0},
	{HTTP_POST, "/api/v1/relationships/{id:int}/documents", handle_rel_upload, S,
	    rel_upload, FU, UPLOAD_MAX},
	{HTTP_GET, "/api/v1/notes/{id:int}", handle_note_get, S, by_id_done, 0, 0},
	{HTTP_POST, "/api/v1/notes/{id:int}", handle_note_update, S, note_edit, F, 0},
	{HTTP_POST, "/api/v1/notes/{id:int}/share", handle_note_share, S, share, 0, 0},
	{HTTP_DELETE, "/api/v1/notes/{id:int}", handle_note_delete, S, by_id_back, 0, 0},
	{HTTP_POST, "/api/v1/notes/{id:int}/delete", handle_note_delete, S, by_id_back, 0, 0},
	{HTTP_GET, "/api/v1/documents", handle_documents, S, list_get, 0, 0},
	{HTTP_POST, "/api/v1/documents", handle_documents_upload, S, docs_upload, FU,
	    UPLOAD_MAX},
	{HTTP_GET, "/api/v1/documents/{id:int}/download", handle_document_download, S, by_id,
	    0, 0},
	{HTTP_POST, "/api/v1/documents/{id:int}/share", handle_document_share, S, share, 0,
	    0},
	{HTTP_DELETE, "/api/v1/documents/{id:int}", handle_document_delete, S, by_id_back, 0,
	    0},
	{HTTP_POST, "/api/v1/documents/{id:int}/delete", handle_document_delete, S,
	    by_id_back, 0, 0},
	{HTTP_GET, "/api/v1/admin/schemes/{id:int}/content", handle_content, A, content_get,
	    0, 0},
	{HTTP_POST, "/api/v1/admin/schemes/{id:int}/content", handle_content_save, A,
	    content_post, F, 0},
};

#undef S
#undef A
#undef F
#undef FU

const size_t notes_nroutes = sizeof(notes_routes) / sizeof(notes_routes[0]);
