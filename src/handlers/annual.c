/*
 * annual.c - the scheme standards page (ADM-6) and the annual report
 * (ADM-5): the pages and their /api/v1 twins.
 *
 *   /admin/schemes/{id}/standards                 the standards, evidence,
 *                                                 notes and documents
 *   /admin/schemes/{id}/standards/{point}         one point: its note form
 *                                                 (POST saves) and uploads
 *   /admin/schemes/{id}/standards/{point}/documents  POST an upload
 *   /admin/standards/documents/{id}/download      the file, as an attachment
 *   /admin/standards/documents/{id}/delete        GET asks "are you sure?", POST
 *                                                 removes
 *   /admin/schemes/{id}/annual-report?year=       the printable report
 *   /admin/schemes/{id}/annual-report/edit?year=  its written sections
 *
 * Access is app's decision (app/annual.c): the scheme's administrators
 * and site administrators; anyone else gets 404 for every id.  Routes
 * are ACCESS_SIGNED_IN so another scheme's administrator is told "not
 * found", never "forbidden".  The report's figures and charts come from
 * reports_model and partials/report-figures (the reports area's), the
 * standards from the same model as the standards page, read-only.
 */
#include "handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#include "app/annual.h"
#include "app/date.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/sniff.h"
#include "view/json.h"

static const char *const dones[] = {"note", "document", "deleted", "saved", NULL};

static const char *
done_message(const char *done)
{
	static const struct { const char *done, *message; } map[] = {
		{"note", "The note has been saved."},
		{"document", "The document has been attached."},
		{"deleted", "The document has been removed."},
		{"saved", "The annual report has been saved."},
	};
	for (size_t i = 0; done && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].done, done) == 0)
			return map[i].message;
	return NULL;
}

/* ---- the standards model (page, point page, annual report) ---- */

static json_t *
doc_json(struct request *req, const struct db_standard_doc *d)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	json_put_i(o, "id", d->id);
	json_put_s(o, "point", d->point);
	json_put_s(o, "filename", d->filename);
	json_put_s(o, "kind", d->kind);
	json_put_s(o, "kind_label", sniff_label(sniff_parse(d->kind)));
	json_put_i(o, "size", d->size);
	json_put_s(o, "size_words", d->size >= 1024 ? arena_printf(a, "%lld KB",
	    (long long)((d->size + 1023) / 1024)) : arena_printf(a, "%lld bytes",
	    (long long)d->size));
	json_put_s(o, "uploaded_by", *d->uploader_name ? d->uploader_name :
	    "a former administrator");
	json_put_i(o, "created_at", d->created_at);
	json_put_s(o, "uploaded", app_time_words(a, d->created_at, false));
	json_put_s(o, "download_url", arena_printf(a, "/admin/standards/documents/%lld/download",
	    (long long)d->id));
	json_put_s(o, "delete_url", arena_printf(a, "/admin/standards/documents/%lld/delete",
	    (long long)d->id));
	return o;
}

static json_t *
point_json(struct request *req, const struct app_standards_page *p,
    const struct app_standard_point *pt)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	json_put_s(o, "key", pt->key);
	json_put_s(o, "text", pt->text);
	json_put_b(o, "is_essential", pt->is_essential);
	json_put_s(o, "level", pt->is_essential ? "Essential" : "Desirable");
	json_put_s(o, "url", arena_printf(a, "/admin/schemes/%lld/standards/%s",
	    (long long)p->scheme.id, pt->key));
	const struct db_standard_note *note = NULL;
	for (size_t i = 0; i < p->nnotes && note == NULL; i++)
		if (strcmp(p->notes[i].point, pt->key) == 0)
			note = &p->notes[i];
	json_put_s(o, "note", note ? note->body : "");
	json_put_b(o, "has_note", note != NULL);
	int64_t updated = note ? note->updated_at : 0;
	json_t *docs = json_array();
	for (size_t i = 0; i < p->ndocs; i++) {
		if (strcmp(p->docs[i].point, pt->key) != 0)
			continue;
		json_array_append_new(docs, doc_json(req, &p->docs[i]));
		if (p->docs[i].created_at > updated)
			updated = p->docs[i].created_at;
	}
	json_put_b(o, "has_documents", json_array_size(docs) > 0);
	json_object_set_new(o, "documents", docs);
	json_put_b(o, "has_evidence", note != NULL || updated > 0);
	json_put_i(o, "updated_at", updated);
	json_put_s(o, "last_updated", updated ? app_time_words(a, updated, false) : "");
	if (note != NULL)
		json_put_s(o, "note_by", *note->updater_name ? note->updater_name :
		    "a former administrator");
	return o;
}

static json_t *
standards_json(struct request *req, const struct app_standards_page *p)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	json_put_i(o, "year", p->year);
	json_put_b(o, "is_current_year", p->is_current_year);
	json_put_s(o, "as_at", p->as_at);
	json_put_s(o, "as_at_words", app_date_words(a, p->as_at));
	json_t *list = json_array();
	for (size_t i = 0; i < app_standards_n; i++) {
		const struct app_standard *s = &app_standards[i];
		json_t *x = json_object();
		json_put_s(x, "key", s->key);
		json_put_s(x, "title", s->title);
		json_put_s(x, "expected", s->expected);
		json_t *ev = json_array();
		for (size_t k = 0; k < p->nlines[i]; k++)
			json_array_append_new(ev, json_string(p->lines[i][k]));
		json_object_set_new(x, "evidence", ev);
		json_t *pts = json_array();
		for (size_t j = 0; j < s->npoints; j++)
			json_array_append_new(pts, point_json(req, p, &s->points[j]));
		json_object_set_new(x, "points", pts);
		json_array_append_new(list, x);
	}
	json_object_set_new(o, "standards", list);
	const struct ev_count { const char *name; int64_t n; } counts[] = {
		{"mentors", p->ev.mentors}, {"mentors_trained", p->ev.trained},
		{"mentors_refresher_due", p->ev.refresher_due},
		{"mentors_awaiting_verification", p->ev.awaiting_verification},
		{"relationships_started", p->ev.started}, {"by_request", p->ev.by_request},
		{"by_proposal", p->ev.by_proposal}, {"by_cohort", p->ev.by_cohort},
		{"by_assignment", p->ev.by_assignment}, {"overrides", p->ev.overrides},
		{"ended_early", p->ev.ended_early}, {"completed", p->ev.completed},
		{"live_now", p->ev.live_now}, {"relationships_running", p->ev.running},
		{"with_agreement", p->ev.with_agreement}, {"mentees", p->ev.mentees},
		{"guides_published", p->ev.guides}, {"guides_for_mentees",
		p->ev.guides_for_mentees}, {"guides_before_matching",
		p->ev.guides_before_matching}, {"resources", p->ev.resources},
		{"concern_contacts", p->ev.concern_contacts}, {"concerns_raised", p->ev.concerns},
		{"conflicts_declared", p->ev.conflicts}, {"evaluation_forms_active",
		p->ev.forms_active}, {"evaluations_due", p->ev.evals_due},
		{"evaluations_answered", p->ev.evals_answered}, {"mentee_feedback_due",
		p->ev.mentee_evals_due}, {"mentee_feedback_answered",
		p->ev.mentee_evals_answered},
	};
	json_t *c = json_object();
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		json_put_i(c, counts[i].name, counts[i].n);
	json_put_b(c, "no_fault_ending", true);
	json_put_b(c, "exclude_conflicts", p->ev.exclude_conflicts);
	json_put_s(c, "organisation_rule", p->ev.organisation_rule);
	json_put_s(c, "specialty_rule", p->ev.specialty_rule);
	json_put_i(c, "max_distance_miles", p->ev.max_distance_miles);
	json_put_i(c, "privacy_notice_version", p->settings.privacy_notice_version);
	json_object_set_new(o, "counts", c);
	return o;
}

/* ---- the standards page ---- */

static enum err
handle_standards(struct request *req, struct response *resp)
{
	struct app_standards_page p;
	int64_t scheme_id = req_int(req, "id");
	enum err rc = app_standards_page(req->db, req->arena, req->auth, scheme_id, 0, &p);
	if (rc != ERR_OK)
		return rc;
	json_t *m = json_object();
	json_put_i(m, "scheme_id", scheme_id);
	json_put_s(m, "scheme_name", p.scheme.name);
	json_object_set_new(m, "standards", standards_json(req, &p));
	if (!req->is_api) {
		json_put_s(m, "done_message", done_message(req_str(req, "done")));
		json_put_b(m, "is_editable", true);
		json_put_s(m, "report_url", arena_printf(req->arena,
		    "/admin/schemes/%lld/annual-report", (long long)scheme_id));
		json_put_s(m, "reports_url", arena_printf(req->arena,
		    "/admin/schemes/%lld/reports", (long long)scheme_id));
		admin_menu(req, m, "reports", scheme_id);
	}
	return page_respond(req, resp, 200, "admin-standards", m);
}

static const char *const point_fields[] = {"note", "file", NULL};

/* One point's page: the note form (with what was typed after a failed
 * POST) and the upload form. */
static enum err
point_page(struct request *req, struct response *resp, int status)
{
	struct app_standards_page p;
	int64_t scheme_id = req_int(req, "id");
	const char *key = req_str(req, "point");
	const struct app_standard *s = NULL;
	const struct app_standard_point *pt = app_standard_point_find(key, &s);
	if (pt == NULL)
		return ERR_NOT_FOUND;
	enum err rc = app_standards_page(req->db, req->arena, req->auth, scheme_id, 0, &p);
	if (rc != ERR_OK)
		return rc;
	struct arena *a = req->arena;
	json_t *m = json_object();
	json_put_i(m, "scheme_id", scheme_id);
	json_put_s(m, "scheme_name", p.scheme.name);
	json_put_s(m, "standard_title", s->title);
	json_put_s(m, "standard_key", s->key);
	json_t *pj = point_json(req, &p, pt);
	if (req->method == HTTP_POST && !(req->route->flags & ROUTE_UPLOAD))
		json_put_s(pj, "note", req_str(req, "note"));
	json_object_set_new(m, "point", pj);
	size_t si = (size_t)(s - app_standards);
	json_t *ev = json_array();
	for (size_t k = 0; k < p.nlines[si]; k++)
		json_array_append_new(ev, json_string(p.lines[si][k]));
	json_object_set_new(m, "evidence", ev);
	if (!req->is_api) {
		json_put_s(m, "action", arena_printf(a, "/admin/schemes/%lld/standards/%s",
		    (long long)scheme_id, pt->key));
		json_put_s(m, "upload_action", arena_printf(a,
		    "/admin/schemes/%lld/standards/%s/documents", (long long)scheme_id, pt->key));
		json_put_s(m, "back_url", arena_printf(a, "/admin/schemes/%lld/standards#%s",
		    (long long)scheme_id, s->key));
		json_put_s(m, "max_size", app_document_size_words(a,
		    p.settings.document_max_kb));
		json_put_s(m, "kinds_words", app_document_kinds_words(a,
		    p.settings.document_types));
		json_put_i(m, "note_max", APP_STANDARD_NOTE_MAX);
		page_field_errors(req, m, point_fields);
		if (status == 200)
			json_put_s(m, "done_message", done_message(req_str(req, "done")));
		admin_menu(req, m, "reports", scheme_id);
	}
	return page_respond(req, resp, status, "admin-standards-point", m);
}

static enum err
handle_point(struct request *req, struct response *resp)
{
	return point_page(req, resp, 200);
}

/* A note or upload refused with problems: 404 for another scheme's
 * administrator or an unknown point (before any message), else the
 * point's page again with the problems (422). */
static enum err
point_refused(struct request *req, struct response *resp, int64_t scheme_id,
    const char *point)
{
	struct app_standards_page p;
	enum err seen = app_standards_page(req->db, req->arena, req->auth, scheme_id, 0, &p);
	if (seen != ERR_OK)
		return seen;
	if (app_standard_point_find(point, NULL) == NULL)
		return ERR_NOT_FOUND;
	if (req->is_api)
		return page_invalid(req, resp, 422);
	return point_page(req, resp, 422);
}

static enum err
handle_point_note(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t scheme_id = req_int(req, "id");
	const char *point = req_str(req, "point");
	enum err rc = ERR_BAD_INPUT;

	if (req->errors == NULL) {
		rc = app_standard_note_put(req->db, req->arena, req->auth, scheme_id, point,
		    req_str(req, "note"), req->client_ip, &ps);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
		page_add_problems(req, &ps);
	}
	if (rc != ERR_OK)
		return point_refused(req, resp, scheme_id, point);
	if (req->is_api)
		return point_page(req, resp, 200);
	resp_redirect(resp, req, arena_printf(req->arena,
	    "/admin/schemes/%lld/standards/%s?done=note", (long long)scheme_id, point));
	return ERR_OK;
}

static enum err
handle_point_upload(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t scheme_id = req_int(req, "id"), id = 0;
	const char *point = req_str(req, "point");
	enum err rc = ERR_BAD_INPUT;

	if (req->errors == NULL) {
		const struct upload *u = req_has(req, "file") ? req_file(req, "file") : NULL;
		struct app_doc_file f = {0};
		if (u != NULL)
			f = (struct app_doc_file){.path = u->path, .len = u->len,
				.filename = u->filename};
		rc = app_standard_doc_add(req->db, req->arena, req->auth, scheme_id, point,
		    u ? &f : NULL, req->config->data, req->client_ip, &ps, &id);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
		page_add_problems(req, &ps);
	}
	if (rc != ERR_OK)
		return point_refused(req, resp, scheme_id, point);
	if (req->is_api) {
		struct db_standard_doc d;
		const char *path;
		if ((rc = app_standard_doc_open(req->db, req->arena, req->auth, id,
		    req->config->data, &d, &path)) != ERR_OK)
			return rc;
		resp_json(resp, req, 201, doc_json(req, &d));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena,
	    "/admin/schemes/%lld/standards/%s?done=document", (long long)scheme_id, point));
	return ERR_OK;
}

static enum err
handle_doc_download(struct request *req, struct response *resp)
{
	struct db_standard_doc d;
	const char *path;
	enum err rc = app_standard_doc_open(req->db, req->arena, req->auth, req_int(req, "id"),
	    req->config->data, &d, &path);
	if (rc != ERR_OK)
		return rc;
	resp->status = 200;
	resp->content_type = d.mime;
	resp->file_path = path;
	resp->file_name = d.filename;
	return ERR_OK;
}

/* Are you sure?  The confirmation page of a document's removal (POST
 * removes it). */
static enum err
handle_doc_delete_confirm(struct request *req, struct response *resp)
{
	struct db_standard_doc d;
	const char *path;
	enum err rc = app_standard_doc_open(req->db, req->arena, req->auth, req_int(req, "id"),
	    req->config->data, &d, &path);
	if (rc != ERR_OK)
		return rc;
	struct app_standards_page p;
	if ((rc = app_standards_page(req->db, req->arena, req->auth, d.scheme_id, 0, &p)) !=
	    ERR_OK)
		return rc;
	const struct app_standard *s = NULL;
	app_standard_point_find(d.point, &s);
	json_t *m = json_object();
	json_put_i(m, "scheme_id", d.scheme_id);
	json_put_s(m, "scheme_name", p.scheme.name);
	json_t *dj = doc_json(req, &d);
	json_put_s(dj, "standard_title", s ? s->title : "");
	json_object_set_new(m, "document", dj);
	json_put_s(m, "back_url", arena_printf(req->arena, "/admin/schemes/%lld/standards/%s",
	    (long long)d.scheme_id, d.point));
	admin_menu(req, m, "reports", d.scheme_id);
	return page_render(req, resp, 200, "admin-standards-delete", m);
}

static enum err
handle_doc_delete(struct request *req, struct response *resp)
{
	struct db_standard_doc d;
	enum err rc = app_standard_doc_delete(req->db, req->arena, req->auth, req_int(req, "id"),
	    req->config->data, req->client_ip, &d);
	if (rc != ERR_OK)
		return rc;
	if (req->is_api) {
		resp_json(resp, req, 200, json_pack("{s:I, s:s}", "id", (json_int_t)d.id, "done",
		    "deleted"));
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena,
	    "/admin/schemes/%lld/standards/%s?done=deleted", (long long)d.scheme_id, d.point));
	return ERR_OK;
}

/* ---- the annual report ---- */

static json_t *
sections_json(struct request *req, const struct app_annual_page *p)
{
	json_t *o = json_object();
	json_put_s(o, "aims", p->sections.aims);
	json_put_s(o, "changes", p->sections.changes);
	json_put_s(o, "plans", p->sections.plans);
	json_put_b(o, "is_saved", p->is_saved);
	json_put_i(o, "updated_at", p->sections.updated_at);
	json_put_s(o, "last_updated", p->is_saved ? app_time_words(req->arena,
	    p->sections.updated_at, false) : "");
	json_put_s(o, "updated_by", !p->is_saved ? "" : *p->sections.updater_name ?
	    p->sections.updater_name : "a former administrator");
	return o;
}

static json_t *
years_json(const struct app_annual_page *p)
{
	json_t *list = json_array();
	for (int64_t y = p->last_year; y >= p->first_year; y--)
		json_array_append_new(list, json_pack("{s:I, s:b}", "year", (json_int_t)y,
		    "is_selected", y == p->year));
	return list;
}

static enum err
handle_annual(struct request *req, struct response *resp)
{
	struct app_annual_page p;
	struct app_standards_page s;
	int64_t scheme_id = req_int(req, "id");
	int64_t year = req_has(req, "year") ? req_int(req, "year") : 0;
	enum err rc = app_annual_get(req->db, req->arena, req->auth, scheme_id, year, &p);
	if (rc != ERR_OK)
		return rc;
	if ((rc = app_standards_page(req->db, req->arena, req->auth, scheme_id, p.year, &s)) !=
	    ERR_OK)
		return rc;
	struct arena *a = req->arena;
	json_t *m = json_object();
	json_put_i(m, "scheme_id", scheme_id);
	json_put_s(m, "scheme_name", p.scheme.name);
	json_put_i(m, "year", p.year);
	json_put_s(m, "from", p.from);
	json_put_s(m, "to", p.to);
	json_object_set_new(m, "sections", sections_json(req, &p));
	json_object_set_new(m, "standards", standards_json(req, &s));
	if ((rc = reports_model(req, m, scheme_id, p.from, p.to, 0)) != ERR_OK)
		return rc;
	/* the figures' headings sit under "Figures for the year" (h2) */
	json_put_i(json_object_get(m, "report"), "heading_level", 3);
	if (!req->is_api) {
		json_object_set_new(m, "years", years_json(&p));
		json_put_b(m, "has_years", p.first_year < p.last_year);
		json_put_s(m, "action", arena_printf(a, "/admin/schemes/%lld/annual-report",
		    (long long)scheme_id));
		json_put_s(m, "edit_url", arena_printf(a,
		    "/admin/schemes/%lld/annual-report/edit?year=%lld", (long long)scheme_id,
		    (long long)p.year));
		json_put_s(m, "standards_url", arena_printf(a, "/admin/schemes/%lld/standards",
		    (long long)scheme_id));
		json_put_s(m, "done_message", done_message(req_str(req, "done")));
		admin_menu(req, m, "reports", scheme_id);
	}
	return page_respond(req, resp, 200, "admin-annual", m);
}

static const char *const section_fields[] = {"aims", "changes", "plans", NULL};

static enum err
edit_page(struct request *req, struct response *resp, int status, int64_t year)
{
	struct app_annual_page p;
	int64_t scheme_id = req_int(req, "id");
	enum err rc = app_annual_get(req->db, req->arena, req->auth, scheme_id, year, &p);
	if (rc != ERR_OK)
		return rc;
	struct arena *a = req->arena;
	json_t *m = json_object();
	json_put_i(m, "scheme_id", scheme_id);
	json_put_s(m, "scheme_name", p.scheme.name);
	json_put_i(m, "year", p.year);
	json_t *sec = sections_json(req, &p);
	if (req->method == HTTP_POST)
		for (size_t i = 0; section_fields[i]; i++)
			json_put_s(sec, section_fields[i], req_str(req, section_fields[i]));
	json_object_set_new(m, "sections", sec);
	json_put_s(m, "action", arena_printf(a, "/admin/schemes/%lld/annual-report/edit",
	    (long long)scheme_id));
	json_put_s(m, "back_url", arena_printf(a, "/admin/schemes/%lld/annual-report?year=%lld",
	    (long long)scheme_id, (long long)p.year));
	json_put_i(m, "section_max", APP_ANNUAL_SECTION_MAX);
	page_field_errors(req, m, section_fields);
	admin_menu(req, m, "reports", scheme_id);
	return page_render(req, resp, status, "admin-annual-edit", m);
}

static enum err
handle_annual_edit(struct request *req, struct response *resp)
{
	return edit_page(req, resp, 200, req_has(req, "year") ? req_int(req, "year") : 0);
}

static enum err
handle_annual_save(struct request *req, struct response *resp)
{
	struct app_problems ps = {0};
	int64_t scheme_id = req_int(req, "id");
	int64_t year = req_has(req, "year") ? req_int(req, "year") : 0;
	enum err rc = ERR_BAD_INPUT;
	struct app_annual_page p;

	/* another scheme's administrator or a year outside the scheme's: 404
	 * before any message */
	if ((rc = app_annual_get(req->db, req->arena, req->auth, scheme_id, year, &p)) !=
	    ERR_OK)
		return rc;
	rc = ERR_BAD_INPUT;
	if (req->errors == NULL) {
		rc = app_annual_put(req->db, req->arena, req->auth, scheme_id, p.year,
		    req_str(req, "aims"), req_str(req, "changes"), req_str(req, "plans"),
		    req->client_ip, &ps);
		if (rc != ERR_OK && rc != ERR_BAD_INPUT)
			return rc;
		page_add_problems(req, &ps);
	}
	if (rc != ERR_OK) {
		if (req->is_api)
			return page_invalid(req, resp, 422);
		return edit_page(req, resp, 422, p.year);
	}
	if (req->is_api) {
		if ((rc = app_annual_get(req->db, req->arena, req->auth, scheme_id, p.year, &p)) !=
		    ERR_OK)
			return rc;
		json_t *m = json_object();
		json_put_i(m, "scheme_id", scheme_id);
		json_put_i(m, "year", p.year);
		json_object_set_new(m, "sections", sections_json(req, &p));
		resp_json(resp, req, 200, m);
		return ERR_OK;
	}
	resp_redirect(resp, req, arena_printf(req->arena,
	    "/admin/schemes/%lld/annual-report?year=%lld&done=saved", (long long)scheme_id,
	    (long long)p.year));
	return ERR_OK;
}

/* ---- routes ---- */

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the number"}
#define POINT_PARAM {.name = "point", .type = P_STRING, .is_required = true, \
	.max_len = 40, .label = "the point"}
#define DONE_PARAM {.name = "done", .type = P_CHOICE, .choices = dones, \
	.label = "what was done"}
#define YEAR_PARAM {.name = "year", .type = P_INT, .min = 2000, .max = 2200, \
	.label = "Year"}
/* text limits above app's, so app's message (with the count) is the one shown */
#define SECTION(n, l) {.name = n, .type = P_TEXT, .max_len = APP_ANNUAL_SECTION_MAX * 2, \
	.label = l}
#define FILE_PARAM {.name = "file", .type = P_FILE, .max_len = APP_DOC_CEILING, \
	.label = "a file to upload"}
#define UPLOAD_MAX (APP_DOC_CEILING + 64 * 1024)

static const struct param_spec by_id_done[] = {ID_PARAM, DONE_PARAM, {0}};
static const struct param_spec by_id[] = {ID_PARAM, {0}};
static const struct param_spec point_get[] = {ID_PARAM, POINT_PARAM, DONE_PARAM, {0}};
static const struct param_spec point_note[] = {ID_PARAM, POINT_PARAM,
	{.name = "note", .type = P_TEXT, .max_len = APP_STANDARD_NOTE_MAX * 2,
	    .label = "Note"}, {0}};
static const struct param_spec point_upload[] = {ID_PARAM, POINT_PARAM, FILE_PARAM, {0}};
static const struct param_spec annual_get[] = {ID_PARAM, YEAR_PARAM, DONE_PARAM, {0}};
static const struct param_spec annual_post[] = {ID_PARAM, YEAR_PARAM,
	SECTION("aims", "Aims"), SECTION("changes", "Changes made in response to feedback"),
	SECTION("plans", "Plans"), {0}};

#define S ACCESS_SIGNED_IN
#define F ROUTE_FORM
#define FU (ROUTE_FORM | ROUTE_UPLOAD)

const struct route annual_routes[] = {
	{HTTP_GET, "/admin/schemes/{id:int}/standards", handle_standards, S, by_id_done, 0, 0},
	{HTTP_GET, "/admin/schemes/{id:int}/standards/{point}", handle_point, S, point_get, 0,
	    0},
	{HTTP_POST, "/admin/schemes/{id:int}/standards/{point}", handle_point_note, S,
	    point_note, F, 0},
	{HTTP_POST, "/admin/schemes/{id:int}/standards/{point}/documents", handle_point_upload,
	    S, point_upload, FU, UPLOAD_MAX},
	{HTTP_GET, "/admin/standards/documents/{id:int}/download", handle_doc_download, S,
	    by_id, 0, 0},
	{HTTP_GET, "/admin/standards/documents/{id:int}/delete", handle_doc_delete_confirm, S,
	    by_id, 0, 0},
	{HTTP_POST, "/admin/standards/documents/{id:int}/delete", handle_doc_delete, S, by_id,
	    0, 0},
	{HTTP_GET, "/admin/schemes/{id:int}/annual-report", handle_annual, S, annual_get, 0, 0},
	{HTTP_GET, "/admin/schemes/{id:int}/annual-report/edit", handle_annual_edit, S,
	    annual_get, 0, 0},
	{HTTP_POST, "/admin/schemes/{id:int}/annual-report/edit", handle_annual_save, S,
	    annual_post, F, 0},

	{HTTP_GET, "/api/v1/admin/schemes/{id:int}/standards", handle_standards, S, by_id, 0,
	    0},
	{HTTP_GET, "/api/v1/admin/schemes/{id:int}/standards/{point}", handle_point, S,
	    point_get, 0, 0},
	{HTTP_POST, "/api/v1/admin/schemes/{id:int}/standards/{point}", handle_point_note, S,
	    point_note, F, 0},
	{HTTP_POST, "/api/v1/admin/schemes/{id:int}/standards/{point}/documents",
	    handle_point_upload, S, point_upload, FU, UPLOAD_MAX},
	{HTTP_GET, "/api/v1/admin/standards/documents/{id:int}/download", handle_doc_download,
	    S, by_id, 0, 0},
	{HTTP_DELETE, "/api/v1/admin/standards/documents/{id:int}", handle_doc_delete, S,
	    by_id, 0, 0},
	{HTTP_POST, "/api/v1/admin/standards/documents/{id:int}/delete", handle_doc_delete, S,
	    by_id, 0, 0},
	{HTTP_GET, "/api/v1/admin/schemes/{id:int}/annual-report", handle_annual, S,
	    annual_get, 0, 0},
	{HTTP_POST, "/api/v1/admin/schemes/{id:int}/annual-report", handle_annual_save, S,
	    annual_post, F, 0},
};

#undef S
#undef F
#undef FU

const size_t annual_nroutes = sizeof(annual_routes) / sizeof(annual_routes[0]);
