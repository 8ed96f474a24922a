/*
 * reports.c - the reports dashboard (ADM-4) and the site roll-up
 * (ADM-9), HTML and JSON side by side:
 *
 *   /admin/schemes/{id}/reports              a scheme's figures for a period
 *                                            (?from, to: dates; cohort: id)
 *   /admin/schemes/{id}/reports/{table}.csv  one of its tables as CSV
 *   /admin/reports                           the same summed over every scheme
 *   /admin/reports/{table}.csv
 *
 * and each under /api/v1/admin with the same model as JSON.  Every
 * route is ACCESS_SIGNED_IN: app decides, and anyone who is not an
 * administrator of the scheme (of the site, for the roll-up) gets 404.
 *
 * reports_model fills "report" for partials/report-figures, which the
 * annual report (annual.c) renders too.  The charts are SVG drawn by
 * the template from the numbers here; each bar's geometry is added for
 * pages only, the API gets the numbers.
 */
#include "handlers/handlers.h"

#include <string.h>

#include "app/date.h"
#include "app/reports.h"
#include "core/arena.h"
#include "core/buf.h"
#include "view/json.h"

#define BAR_ROW 44          /* px per bar in a chart */

static const char *const filter_fields[] = {"from", "to", "cohort", NULL};

/* Where a report lives: /admin/schemes/7/reports or /admin/reports. */
static const char *
base_of(struct arena *a, int64_t scheme_id)
{
	return scheme_id ? arena_printf(a, "/admin/schemes/%lld/reports", (long long)scheme_id) :
	    "/admin/reports";
}

/* A number as the page shows it: thousands separated ("12,345.5"); the
 * CSV and "text" keep the plain digits. */
static const char *
with_commas(struct arena *a, const char *text)
{
	size_t digits = strspn(text, "0123456789");
	if (digits <= 3)
		return text;
	struct buf b;
	buf_init_arena(&b, a, BUF_MAX_DEFAULT);
	for (size_t i = 0; i < digits; i++) {
		if (i > 0 && (digits - i) % 3 == 0)
			buf_putc(&b, ',');
		buf_putc(&b, text[i]);
	}
	buf_puts(&b, text + digits);
	return buf_str(&b);
}

static json_t *
table_json(struct request *req, const struct app_report *r, const struct app_report_table *t,
    const char *query)
{
	struct arena *a = req->arena;
	json_t *o = json_object();
	json_put_s(o, "slug", t->slug);
	json_put_s(o, "title", t->title);
	json_put_s(o, "description", t->description);
	json_put_b(o, "is_equality", t->is_equality);
	json_put_b(o, "is_as_at_today", t->is_as_at_today);
	json_put_b(o, "is_withheld", t->withheld != NULL);
	json_put_s(o, "withheld", t->withheld ? t->withheld : "");
	if (t->withheld == NULL)
		json_put_s(o, "csv_url", arena_printf(a, "%s/%s.csv%s", base_of(a, r->scheme_id),
		    t->slug, query));
	json_t *cols = json_array();
	for (size_t c = 0; c < t->ncols; c++)
		json_array_append_new(cols, json_string(t->cols[c]));
	json_object_set_new(o, "columns", cols);
	json_t *rows = json_array();
	for (size_t i = 0; i < t->nrows; i++) {
		json_t *cells = json_array();
		for (size_t c = 0; c < t->ncols; c++) {
			const struct app_report_cell *x = &t->cells[i * t->ncols + c];
			json_t *cj = json_object();
			json_put_s(cj, "text", x->is_blank ? "" : x->text);
			json_put_s(cj, "display", x->is_blank || x->is_suppressed ? x->text :
			    with_commas(a, x->text));
			json_object_set_new(cj, "value", x->is_suppressed || x->is_blank ?
			    json_null() : json_integer(x->value));
			json_put_b(cj, "is_suppressed", x->is_suppressed);
			json_put_b(cj, "is_blank", x->is_blank);
			json_array_append_new(cells, cj);
		}
		json_t *row = json_object();
		json_put_s(row, "label", t->rows[i]);
		json_put_b(row, "is_total", t->has_total_row && i + 1 == t->nrows);
		json_object_set_new(row, "cells", cells);
		json_array_append_new(rows, row);
	}
	json_object_set_new(o, "rows", rows);

	/* a bar chart of one column, the total row left out */
	size_t nbars = t->nrows - (t->has_total_row ? 1 : 0);
	bool has_chart = t->chart_col >= 0 && nbars > 0;
	json_put_b(o, "has_chart", has_chart);
	if (has_chart && !req->is_api) {
		size_t col = (size_t)t->chart_col;
		int64_t max = 0;
		for (size_t i = 0; i < nbars; i++)
			if (t->cells[i * t->ncols + col].value > max)
				max = t->cells[i * t->ncols + col].value;
		json_t *bars = json_array();
		for (size_t i = 0; i < nbars; i++) {
			const struct app_report_cell *x = &t->cells[i * t->ncols + col];
			int64_t pct = max > 0 && x->value > 0 ? x->value * 100 / max : 0;
			json_array_append_new(bars, json_pack("{s:s, s:s, s:I, s:I, s:I}", "label",
			    t->rows[i], "text", x->is_blank ? x->text : with_commas(a, x->text),
			    "percent", (json_int_t)pct,
			    "y_label", (json_int_t)(i * BAR_ROW + 14),
			    "y_bar", (json_int_t)(i * BAR_ROW + 22)));
		}
		json_t *chart = json_object();
		json_put_s(chart, "title", arena_printf(a, "Bar chart: %s, %s", t->title,
		    t->cols[col]));
		json_put_s(chart, "description", arena_printf(a, "%s for each row of the table "
		    "%s; the numbers are in the table beside the chart.", t->cols[col], t->title));
		json_put_i(chart, "height", (int64_t)(nbars * BAR_ROW + 4));
		json_object_set_new(chart, "bars", bars);
		json_object_set_new(o, "chart", chart);
	}
	return o;
}

/* The filters as a query string for the links ("" none), after `sep`. */
static const char *
filter_query(struct arena *a, const struct app_report *r)
{
	const char *q = arena_printf(a, "?from=%s&to=%s", r->range.from, r->range.to);
	if (r->cohort_id)
		q = arena_printf(a, "%s&cohort=%lld", q, (long long)r->cohort_id);
	return q;
}

/* "report" on m: ERR_OK, ERR_BAD_INPUT (problems added to req; "report"
 * keeps the scheme, the cohorts and what was typed), or ERR_NOT_FOUND. */
static enum err
model(struct request *req, json_t *m, int64_t scheme_id, const char *from, const char *to,
    int64_t cohort_id, struct app_report *r)
{
	struct arena *a = req->arena;
	struct app_problems ps = {0};
	struct app_report_in in = {.scheme_id = scheme_id, .from = from, .to = to,
		.cohort_id = cohort_id};
	enum err rc = app_report_get(req->db, a, req->auth, &in, r, &ps);
	if (rc != ERR_OK && rc != ERR_BAD_INPUT)
		return rc;
	json_t *o = json_object();
	json_put_i(o, "scheme_id", r->scheme_id);
	json_put_b(o, "is_site", r->scheme_id == 0);
	json_put_s(o, "scheme_name", r->scheme_name);
	json_put_s(o, "url", base_of(a, r->scheme_id));
	json_put_i(o, "threshold", r->threshold);
	json_put_i(o, "cohort_id", r->cohort_id);
	json_put_i(o, "min_minutes_per_month", r->min_minutes);
	json_t *cs = json_array();
	const char *cohort_name = "";
	for (size_t i = 0; i < r->ncohorts; i++) {
		bool is_selected = r->cohorts[i].id == r->cohort_id;
		if (is_selected)
			cohort_name = r->cohorts[i].name;
		json_array_append_new(cs, json_pack("{s:I, s:s, s:b}", "id",
		    (json_int_t)r->cohorts[i].id, "name", r->cohorts[i].name, "is_selected",
		    is_selected));
	}
	json_object_set_new(o, "cohorts", cs);
	json_put_b(o, "has_cohorts", r->ncohorts > 0);
	json_put_s(o, "cohort_name", cohort_name);
	json_put_b(o, "has_cohort", *cohort_name != '\0');
	json_put_i(o, "heading_level", 2);    /* the annual report nests them: 3 */
	if (rc == ERR_OK && r->is_empty) {
		json_put_b(o, "is_empty", true);
		json_put_b(o, "has_tables", false);
		json_put_s(o, "from", r->range.from);
		json_put_s(o, "to", r->range.to);
	} else if (rc == ERR_OK) {
		json_put_b(o, "is_empty", false);
		json_put_s(o, "today", r->today);
		json_put_s(o, "today_words", app_date_words(a, r->today));
		json_put_b(o, "is_so_far", r->is_so_far);
		json_put_s(o, "from", r->range.from);
		json_put_s(o, "to", r->range.to);
		json_put_s(o, "time_zone", r->range.tz);
		json_put_s(o, "from_words", app_date_words(a, r->range.from));
		json_put_s(o, "to_words", app_date_words(a, r->range.to));
		const char *query = filter_query(a, r);
		json_t *ts = json_array();
		for (size_t i = 0; i < r->ntables; i++)
			json_array_append_new(ts, table_json(req, r, &r->tables[i], query));
		json_object_set_new(o, "tables", ts);
		json_put_b(o, "has_tables", true);
	} else {
		page_add_problems(req, &ps);
		json_put_b(o, "has_tables", false);
	}
	json_object_set_new(m, "report", o);
	return rc;
}

enum err
reports_model(struct request *req, json_t *m, int64_t scheme_id, const char *from,
    const char *to, int64_t cohort_id)
{
	struct app_report r;
	return model(req, m, scheme_id, from, to, cohort_id, &r);
}

/* ---- the dashboard ---- */

static enum err
dashboard(struct request *req, struct response *resp, int64_t scheme_id)
{
	struct app_report r;
	json_t *m = json_object();
	/* a bad cohort number is a field error: everyone's figures are not shown */
	int64_t cohort = req_error(req, "cohort") ? 0 : req_int(req, "cohort");
	enum err rc = model(req, m, scheme_id, req_str(req, "from"), req_str(req, "to"),
	    cohort, &r);
	if (rc != ERR_OK && rc != ERR_BAD_INPUT) {
		json_decref(m);
		return rc;
	}
	int status = 200;
	if (rc == ERR_BAD_INPUT || req->errors != NULL) {
		if (req->is_api) {
			json_decref(m);
			return page_invalid(req, resp, 422);
		}
		status = 422;
		json_t *o = json_object_get(m, "report");
		json_object_del(o, "tables");
		json_put_b(o, "has_tables", false);
	}
	json_put_s(m, "from_typed", req_has(req, "from") || status != 200 ?
	    req_str(req, "from") : r.range.from);
	json_put_s(m, "to_typed", req_has(req, "to") || status != 200 ? req_str(req, "to") :
	    r.range.to);
	json_put_b(m, "is_site", scheme_id == 0);
	json_put_i(m, "scheme_id", scheme_id);
	json_put_s(m, "scheme_name", r.scheme_name);
	json_put_s(m, "url", base_of(req->arena, scheme_id));
	if (scheme_id != 0) {
		json_put_s(m, "annual_url", arena_printf(req->arena,
		    "/admin/schemes/%lld/annual-report", (long long)scheme_id));
		json_put_s(m, "standards_url", arena_printf(req->arena,
		    "/admin/schemes/%lld/standards", (long long)scheme_id));
	}
	if (req->is_api)
		return page_respond(req, resp, status, "admin-reports", m);
	admin_menu(req, m, "", scheme_id);
	page_field_errors(req, m, filter_fields);
	return page_render(req, resp, status, "admin-reports", m);
}

static enum err
handle_scheme_reports(struct request *req, struct response *resp)
{
	return dashboard(req, resp, req_int(req, "id"));
}

static enum err
handle_site_reports(struct request *req, struct response *resp)
{
	return dashboard(req, resp, 0);
}

/* ---- one table as CSV ---- */

static enum err
csv(struct request *req, struct response *resp, int64_t scheme_id)
{
	struct app_report r;
	struct app_problems ps = {0};
	struct arena *a = req->arena;
	const char *name = req_str(req, "table");
	size_t len = strlen(name);
	if (len < 5 || strcmp(name + len - 4, ".csv") != 0)
		return ERR_NOT_FOUND;
	const char *slug = arena_strndup(a, name, len - 4);
	struct app_report_in in = {.scheme_id = scheme_id, .from = req_str(req, "from"),
		.to = req_str(req, "to"), .cohort_id = req_int(req, "cohort")};
	enum err rc = app_report_get(req->db, a, req->auth, &in, &r, &ps);
	if (rc == ERR_BAD_INPUT || (rc == ERR_OK && req->errors != NULL)) {
		page_add_problems(req, &ps);
		return page_invalid(req, resp, 422);
	}
	if (rc != ERR_OK)
		return rc;
	const struct app_report_table *t = app_report_table(&r, slug);
	if (t == NULL)
		return ERR_NOT_FOUND;
	size_t csv_len;
	const char *text = app_report_csv(a, t, &csv_len);
	if (text == NULL)
		return ERR_NOT_FOUND;   /* withheld: the page says why */
	resp_header(resp, req, "Content-Disposition", arena_printf(a,
	    "attachment; filename=\"%s-%s-%s-to-%s.csv\"", scheme_id ? "scheme" : "site",
	    slug, r.range.from, r.range.to));
	resp_text(resp, 200, "text/csv; charset=utf-8", text, csv_len);
	return ERR_OK;
}

static enum err
handle_scheme_csv(struct request *req, struct response *resp)
{
	return csv(req, resp, req_int(req, "id"));
}

static enum err
handle_site_csv(struct request *req, struct response *resp)
{
	return csv(req, resp, 0);
}

/* ---- routes ---- */

#define ID_PARAM {.name = "id", .type = P_INT, .is_required = true, .min = 1, \
	.max = INT64_MAX, .label = "the number"}
/* generous: the app says what is wrong with a date, in its words */
#define FILTERS \
	{.name = "from", .type = P_STRING, .max_len = 40, .label = "From"}, \
	{.name = "to", .type = P_STRING, .max_len = 40, .label = "To"}, \
	{.name = "cohort", .type = P_INT, .min = 0, .max = INT64_MAX, .label = "Cohort"}

static const struct param_spec scheme_params[] = {
	ID_PARAM,
	FILTERS,
	{0},
};

static const struct param_spec scheme_table_params[] = {
	ID_PARAM,
	{.name = "table", .type = P_STRING, .is_required = true, .max_len = 40,
	    .label = "the table"},
	FILTERS,
	{0},
};

static const struct param_spec site_params[] = {
	FILTERS,
	{0},
};

static const struct param_spec site_table_params[] = {
	{.name = "table", .type = P_STRING, .is_required = true, .max_len = 40,
	    .label = "the table"},
	FILTERS,
	{0},
};

#define S ACCESS_SIGNED_IN
#define F ROUTE_FORM

const struct route reports_routes[] = {
	{HTTP_GET, "/admin/schemes/{id:int}/reports", handle_scheme_reports, S, scheme_params, F, 0},
	{HTTP_GET, "/admin/schemes/{id:int}/reports/{table}", handle_scheme_csv, S,
	    scheme_table_params, 0, 0},
	{HTTP_GET, "/admin/reports", handle_site_reports, S, site_params, F, 0},
	{HTTP_GET, "/admin/reports/{table}", handle_site_csv, S, site_table_params, 0, 0},

	{HTTP_GET, "/api/v1/admin/schemes/{id:int}/reports", handle_scheme_reports, S,
	    scheme_params, F, 0},
	{HTTP_GET, "/api/v1/admin/schemes/{id:int}/reports/{table}", handle_scheme_csv, S,
	    scheme_table_params, 0, 0},
	{HTTP_GET, "/api/v1/admin/reports", handle_site_reports, S, site_params, F, 0},
	{HTTP_GET, "/api/v1/admin/reports/{table}", handle_site_csv, S, site_table_params, 0, 0},
};
const size_t reports_nroutes = sizeof(reports_routes) / sizeof(reports_routes[0]);
