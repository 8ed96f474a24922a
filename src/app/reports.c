/*
 * reports.c - the reports dashboard (ADM-4) and the site roll-up
 * (ADM-9), see reports.h.
 *
 * Each table comes from one aggregate query (db/reports.def) or one of
 * db/reports.c's passes (participants: people and equality;
 * relationships with their sessions: relationships and months) and one
 * pass over its few rows here.  Hours always come from THE counting
 * rule of sessions (SES_COUNTS, issue 6), never from another.
 *
 * Trap: the equality tables must be suppressed before anything reads
 * them; build_equality does it as it fills them, and nothing else
 * keeps the raw counts (they are not logged either).
 */
#include "app/reports.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/cohorts.h"
#include "app/date.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/tz.h"

#define NTABLES_MAX 16             /* and one per scheme equality question */

static const char *const month_names[] = {"January", "February", "March", "April", "May",
	"June", "July", "August", "September", "October", "November", "December"};

/* ---- tables ---- */

static struct app_report_table *
table_add(struct app_report *r, struct arena *a, const char *slug, const char *title,
    const char *description, size_t nrows, size_t ncols)
{
	struct app_report_table *t = &r->tables[r->ntables++];
	memset(t, 0, sizeof(*t));
	t->slug = slug;
	t->title = title;
	t->description = description;
	t->nrows = nrows;
	t->ncols = ncols;
	t->rows = arena_calloc(a, nrows ? nrows : 1, sizeof(*t->rows));
	t->cols = arena_calloc(a, ncols, sizeof(*t->cols));
	t->cells = arena_calloc(a, (nrows ? nrows : 1) * ncols, sizeof(*t->cells));
	t->chart_col = -1;
	return t;
}

static struct app_report_cell *
cell(struct app_report_table *t, size_t row, size_t col)
{
	return &t->cells[row * t->ncols + col];
}

static void
put_n(struct arena *a, struct app_report_table *t, size_t row, size_t col, int64_t n)
{
	struct app_report_cell *c = cell(t, row, col);
	c->value = n;
	c->text = arena_printf(a, "%lld", (long long)n);
}

static void
put_text(struct app_report_table *t, size_t row, size_t col, int64_t n, const char *text)
{
	struct app_report_cell *c = cell(t, row, col);
	c->value = n;
	c->text = text;
}

/* minutes as hours with one decimal: "12.5" */
static const char *
hours_text(struct arena *a, int64_t minutes)
{
	int64_t tenths = (minutes * 10 + 30) / 60;
	return arena_printf(a, "%lld.%lld", (long long)(tenths / 10), (long long)(tenths % 10));
}

/* part of whole as a whole per cent, "-" when whole is 0 */
static int64_t
percent(int64_t part, int64_t whole)
{
	return whole > 0 ? (part * 100 + whole / 2) / whole : 0;
}

static void
put_percent(struct arena *a, struct app_report_table *t, size_t row, size_t col,
    int64_t part, int64_t whole)
{
	if (whole == 0)
		put_text(t, row, col, 0, "-");
	else
		put_text(t, row, col, percent(part, whole), arena_printf(a, "%lld%%",
		    (long long)percent(part, whole)));
}

/* ---- suppression (pure) ---- */

/* Line k: a row (is_row) or a column; its cells' indexes into out. */
static size_t
line_len(size_t nrows, size_t ncols, bool is_row)
{
	return is_row ? ncols : nrows;
}

static size_t
line_at(size_t ncols, bool is_row, size_t k, size_t i)
{
	return is_row ? k * ncols + i : i * ncols + k;
}

void
app_report_suppress(const int64_t *cells, size_t nrows, size_t ncols, int64_t threshold,
    bool *out)
{
	size_t n = nrows * ncols;
	for (size_t i = 0; i < n; i++)
		out[i] = cells[i] > 0 && cells[i] < threshold;
	if (nrows < 2 || ncols < 2)
		return;
	bool is_changed = true;
	while (is_changed) {
		is_changed = false;
		for (int pass = 0; pass < 2; pass++) {
			bool is_row = pass == 0;
			size_t nlines = is_row ? nrows : ncols;
			size_t len = line_len(nrows, ncols, is_row);
			for (size_t k = 0; k < nlines; k++) {
				size_t hidden = 0;
				for (size_t i = 0; i < len; i++)
					hidden += out[line_at(ncols, is_row, k, i)];
				if (hidden != 1)
					continue;
				/* the smallest non-zero shown inner cell, else the total */
				size_t best = SIZE_MAX;
				for (size_t i = 0; i + 1 < len; i++) {
					size_t at = line_at(ncols, is_row, k, i);
					if (out[at] || cells[at] <= 0)
						continue;
					if (best == SIZE_MAX || cells[at] < cells[best])
						best = at;
				}
				if (best == SIZE_MAX)
					best = line_at(ncols, is_row, k, len - 1);
				if (!out[best]) {
					out[best] = true;
					is_changed = true;
				}
			}
		}
	}
}

/* ---- the period ---- */

static bool
ymd(const char *iso, int *y, int *m, int *d)
{
	return sscanf(iso, "%4d-%2d-%2d", y, m, d) == 3;
}

/* The default period: the month of `to` and the 11 before it. */
static void
default_from(const char *to, char out[11])
{
	int y, m, d;
	if (!ymd(to, &y, &m, &d)) {
		out[0] = '\0';
		return;
	}
	m -= 11;
	if (m < 1) {
		m += 12;
		y--;
	}
	char tmp[32];
	snprintf(tmp, sizeof(tmp), "%04d-%02d-01", y, m);
	snprintf(out, 11, "%.10s", tmp);
}

/* ---- the figures ---- */

static enum err
rows_of(struct db *db, struct arena *a, enum db_report_query q,
    const struct db_report_args *args, struct db_report_row **rows, size_t *n)
{
	return db_report_rows(db, a, q, args, rows, n);
}

/* People by role and status; returns the active mentors (training's
 * total) */
static int64_t
build_people(struct arena *a, const struct db_report_participants *p, struct app_report *r)
{
	static const char *const statuses[] = {"active", "pending", "deactivated", "rejected"};
	const struct db_report_row *rows = p->people;
	size_t n = p->npeople;
	struct app_report_table *t = table_add(r, a, "people", "People by role and status",
	    "Mentors and mentees of the scheme today, by the state of their account, and how "
	    "many took the role during the period. Someone who is both counts in each row.",
	    3, 6);
	static const char *const cols[] = {"Active", "Pending", "Deactivated", "Rejected",
		"Total", "Joined in the period"};
	memcpy(t->cols, cols, sizeof(cols));
	t->rows[0] = "Mentors";
	t->rows[1] = "Mentees";
	t->rows[2] = "Total";
	t->has_total_row = true;
	int64_t v[3][6] = {{0}};
	for (size_t i = 0; i < n; i++) {
		int row = strcmp(rows[i].k1, "mentor") == 0 ? 0 : 1;
		for (int s = 0; s < 4; s++)
			if (strcmp(rows[i].k2, statuses[s]) == 0)
				v[row][s] += rows[i].v[0];
		v[row][4] += rows[i].v[0];
		v[row][5] += rows[i].v[1];
	}
	for (int c = 0; c < 6; c++)
		v[2][c] = v[0][c] + v[1][c];
	for (size_t row = 0; row < 3; row++)
		for (size_t c = 0; c < 6; c++)
			put_n(a, t, row, c, v[row][c]);
	return v[0][0];
}

static enum err
build_requests(struct db *db, struct arena *a, const struct db_report_args *args,
    struct app_report *r)
{
	struct db_report_row *rows;
	size_t n;
	enum err rc = rows_of(db, a, DB_REPORT_REQUESTS, args, &rows, &n);
	if (rc != ERR_OK)
		return rc;
	struct app_report_table *t = table_add(r, a, "requests", "Requests",
	    "Requests from mentees and proposals to mentees submitted during the period, by "
	    "what has happened to them since.", 6, 3);
	t->cols[0] = "Requests";
	t->cols[1] = "Proposals";
	t->cols[2] = "Total";
	static const char *const labels[] = {"Submitted", "Approved", "Declined", "Withdrawn",
		"Closed without an answer", "Waiting for an answer"};
	memcpy(t->rows, labels, sizeof(labels));
	int64_t v[6][3] = {{0}};
	for (size_t i = 0; i < n; i++) {
		int col = strcmp(rows[i].k1, "proposal") == 0 ? 1 : 0;
		const char *s = rows[i].k2;
		int row = strcmp(s, "approved") == 0 ? 1 : strcmp(s, "declined") == 0 ? 2 :
		    strcmp(s, "withdrawn") == 0 ? 3 : strcmp(s, "passed") == 0 ? 4 : 5;
		v[row][col] += rows[i].v[0];
		v[0][col] += rows[i].v[0];
	}
	for (size_t row = 0; row < 6; row++) {
		v[row][2] = v[row][0] + v[row][1];
		for (size_t c = 0; c < 3; c++)
			put_n(a, t, row, c, v[row][c]);
	}
	t->chart_col = 2;
	return ERR_OK;
}

static enum err
build_timings(struct db *db, struct arena *a, const struct db_report_args *args,
    struct app_report *r)
{
	struct db_report_row *respond, *match;
	size_t nr, nm;
	enum err rc = rows_of(db, a, DB_REPORT_RESPOND, args, &respond, &nr);
	if (rc == ERR_OK)
		rc = rows_of(db, a, DB_REPORT_MATCH, args, &match, &nm);
	if (rc != ERR_OK)
		return rc;
	struct app_report_table *t = table_add(r, a, "timings", "Time to respond and to match",
	    "Time to respond: from a request being submitted to its mentor approving or "
	    "declining it, in hours, for requests submitted in the period. Registration to "
	    "match: from a mentee's account being created to their first relationship "
	    "starting, in days, for mentees first matched in the period. Medians.", 2, 2);
	t->cols[0] = "Median";
	t->cols[1] = "Counted";
	t->rows[0] = "Time to respond to a request";
	t->rows[1] = "Registration to first match";
	int64_t rn = nr ? respond[0].v[0] : 0, rmed = nr ? respond[0].v[1] : 0;
	int64_t mn = nm ? match[0].v[0] : 0, mmed = nm ? match[0].v[1] : 0;
	/* tenths of an hour, tenths of a day */
	int64_t rt = (rmed + 180) / 360, mt = (mmed + 4320) / 8640;
	put_text(t, 0, 0, rmed, rn ? arena_printf(a, "%lld.%lld hours", (long long)(rt / 10),
	    (long long)(rt % 10)) : "-");
	put_text(t, 1, 0, mmed, mn ? arena_printf(a, "%lld.%lld days", (long long)(mt / 10),
	    (long long)(mt % 10)) : "-");
	put_n(a, t, 0, 1, rn);
	put_n(a, t, 1, 1, mn);
	return ERR_OK;
}

static void
build_relationships(struct arena *a, const struct db_report_activity *act,
    struct app_report *r)
{
	struct app_report_table *t = table_add(r, a, "relationships", "Relationships",
	    "Relationships live at any time during the period; those that started, were "
	    "completed or ended early during it; and those active today.", 5, 1);
	t->cols[0] = "Relationships";
	static const char *const labels[] = {"Live during the period", "Started",
		"Completed", "Ended early", "Active today"};
	memcpy(t->rows, labels, sizeof(labels));
	const int64_t v[5] = {act->live, act->started, act->completed, act->ended_early,
		act->active};
	for (size_t i = 0; i < 5; i++)
		put_n(a, t, i, 0, v[i]);
	t->chart_col = 0;
}

static void
build_sessions(struct arena *a, const struct db_report_activity *act, struct app_report *r)
{
	const struct db_report_month *mo = act->months;
	size_t nmonths = act->nmonths;
	int64_t rels = act->rels_with_sessions, sessions = act->sessions;
	int64_t minutes = act->minutes, live = 0, meeting = 0;
	struct app_report_table *m = table_add(r, a, "months",
	    "Sessions and hours by month",
	    r->scheme_id ? arena_printf(a, "Sessions that took place each month, their hours, "
	    "the relationships live that month and how many of them met the scheme's minimum "
	    "of %lld minutes a month.", (long long)r->min_minutes) :
	    "Sessions that took place each month, their hours, the relationships live that "
	    "month and how many of them met their scheme's minimum a month.", nmonths, 5);
	static const char *const cols[] = {"Sessions", "Hours", "Live relationships",
		"Meeting the minimum", "Share meeting the minimum"};
	memcpy(m->cols, cols, sizeof(cols));
	for (size_t i = 0; i < nmonths; i++) {
		int y = 0, mn = 0;
		sscanf(mo[i].key, "%4d-%2d", &y, &mn);
		m->rows[i] = mn >= 1 && mn <= 12 ? arena_printf(a, "%s %d", month_names[mn - 1], y) :
		    mo[i].key;
		put_n(a, m, i, 0, mo[i].sessions);
		put_text(m, i, 1, mo[i].minutes, hours_text(a, mo[i].minutes));
		put_n(a, m, i, 2, mo[i].live);
		put_n(a, m, i, 3, mo[i].meeting);
		put_percent(a, m, i, 4, mo[i].meeting, mo[i].live);
		live += mo[i].live;
		meeting += mo[i].meeting;
	}
	m->chart_col = 1;

	struct app_report_table *t = table_add(r, a, "sessions", "Sessions and hours",
	    "Sessions that took place in the period (the same rule as everywhere in Tandem: "
	    "logged, or agreed and over, and nobody said it did not happen) and their hours; "
	    "a relationship-month is a calendar month in which a relationship was live.", 7, 1);
	t->cols[0] = "Figure";
	static const char *const labels[] = {"Sessions that took place", "Hours",
		"Relationships with sessions", "Average hours per relationship with sessions",
		"Relationship-months", "Relationship-months meeting the minimum",
		"Share meeting the minimum"};
	memcpy(t->rows, labels, sizeof(labels));
	put_n(a, t, 0, 0, sessions);
	put_text(t, 1, 0, minutes, hours_text(a, minutes));
	put_n(a, t, 2, 0, rels);
	put_text(t, 3, 0, rels ? minutes / rels : 0, rels ? hours_text(a, (minutes + rels / 2) /
	    rels) : "-");
	put_n(a, t, 4, 0, live);
	put_n(a, t, 5, 0, meeting);
	put_percent(a, t, 6, 0, meeting, live);
	/* the summary first, the months after it */
	struct app_report_table tmp = *m;
	*m = *t;
	*t = tmp;
}

static enum err
build_evaluations(struct db *db, struct arena *a, const struct db_report_args *args,
    struct app_report *r)
{
	struct db_report_row *rows;
	size_t n;
	enum err rc = rows_of(db, a, DB_REPORT_EVALUATIONS, args, &rows, &n);
	if (rc != ERR_OK)
		return rc;
	struct app_report_table *t = table_add(r, a, "evaluations", "Evaluations",
	    "Evaluations due during the period, how many were answered, and the average of "
	    "the rating questions (1 to 5) in those answers.", 3, 5);
	static const char *const cols[] = {"Due", "Answered", "Response rate",
		"Ratings given", "Average rating"};
	memcpy(t->cols, cols, sizeof(cols));
	t->rows[0] = "Mentors";
	t->rows[1] = "Mentees";
	t->rows[2] = "Total";
	t->has_total_row = true;
	int64_t v[3][4] = {{0}};   /* due, answered, ratings, rating sum */
	for (size_t i = 0; i < n; i++) {
		int row = strcmp(rows[i].k1, "mentor") == 0 ? 0 : 1;
		int base = strcmp(rows[i].k2, "due") == 0 ? 0 : 2;
		v[row][base] += rows[i].v[0];
		v[row][base + 1] += rows[i].v[1];
	}
	for (int c = 0; c < 4; c++)
		v[2][c] = v[0][c] + v[1][c];
	for (size_t row = 0; row < 3; row++) {
		put_n(a, t, row, 0, v[row][0]);
		put_n(a, t, row, 1, v[row][1]);
		put_percent(a, t, row, 2, v[row][1], v[row][0]);
		put_n(a, t, row, 3, v[row][2]);
		int64_t tenths = v[row][2] ? (v[row][3] * 10 + v[row][2] / 2) / v[row][2] : 0;
		put_text(t, row, 4, tenths, v[row][2] ? arena_printf(a, "%lld.%lld",
		    (long long)(tenths / 10), (long long)(tenths % 10)) : "-");
	}
	return ERR_OK;
}

/* active_mentors: from build_people; those without a record are the
 * rest */
static enum err
build_training(struct db *db, struct arena *a, const struct db_report_args *args,
    int64_t active_mentors, struct app_report *r)
{
	struct db_report_row *rows;
	size_t n;
	enum err rc = rows_of(db, a, DB_REPORT_TRAINING, args, &rows, &n);
	if (rc != ERR_OK)
		return rc;
	struct app_report_table *t = table_add(r, a, "training", "Mentors' training",
	    "Active mentors today: in date (a training record with no refresher date, or one "
	    "not yet passed), due for a refresher (records, every refresher date passed), or "
	    "none recorded.", 4, 1);
	t->cols[0] = "Mentors";
	static const char *const labels[] = {"In date", "Due for a refresher", "None recorded",
		"Total"};
	memcpy(t->rows, labels, sizeof(labels));
	t->has_total_row = true;
	int64_t v[4] = {0};
	for (size_t i = 0; i < n; i++)
		v[strcmp(rows[i].k1, "in_date") == 0 ? 0 : 1] += rows[i].v[0];
	v[2] = active_mentors - v[0] - v[1];
	v[3] = active_mentors;
	for (size_t i = 0; i < 4; i++)
		put_n(a, t, i, 0, v[i]);
	t->chart_col = 0;
	return ERR_OK;
}

/* Category labels of an equality table: the age bands' codes */
static const char *
age_label(const char *k)
{
	static const char *const bands[] = {"Under 25", "25 to 34", "35 to 44", "45 to 54",
		"55 to 64", "65 and over"};
	if (k[0] >= 'a' && k[0] <= 'f' && k[1] == '\0')
		return bands[k[0] - 'a'];
	return "Not given";
}

/* the field of an equality row (v[1]); a scheme question's rows are
 * free text like gender's, field 0 */
enum eq_field { EQ_GENDER, EQ_AGE, EQ_COUNTRY, EQ_QUESTION = EQ_GENDER };

/* One equality table from the rows (db_report_participants' equality,
 * or a scheme question's) whose v[1] is the field. */
static void
build_equality(struct arena *a, const struct db_report_row *all, size_t nall,
    struct app_report *r, enum eq_field field, const char *slug, const char *title,
    const char *description)
{
	struct db_report_row *rows = arena_calloc(a, nall ? nall : 1, sizeof(*rows));
	size_t n = 0;
	for (size_t i = 0; i < nall; i++)
		if (all[i].v[1] == (int64_t)field)
			rows[n++] = all[i];
	/* categories in the order of the rows (the query groups by them;
	 * "not given" ('') goes last) */
	const char **cats = arena_calloc(a, n + 1, sizeof(*cats));
	const char **keys = arena_calloc(a, n + 1, sizeof(*keys));
	size_t ncats = 0;
	bool has_none = false;
	for (size_t i = 0; i < n; i++) {
		if (*rows[i].k1 == '\0') {
			has_none = true;
			continue;
		}
		size_t k = 0;
		while (k < ncats && strcasecmp(keys[k], rows[i].k1) != 0)
			k++;
		if (k < ncats)
			continue;
		keys[ncats] = rows[i].k1;
		cats[ncats++] = field == EQ_AGE ? age_label(rows[i].k1) : rows[i].k1;
	}
	if (has_none) {
		keys[ncats] = "";
		cats[ncats++] = "Not given";
	}
	size_t nr = ncats + 1, nc = 3;
	struct app_report_table *t = table_add(r, a, slug, title, description, nr, nc);
	t->cols[0] = "Mentors";
	t->cols[1] = "Mentees";
	t->cols[2] = "Total";
	t->is_equality = true;
	t->has_total_row = true;
	for (size_t i = 0; i < ncats; i++)
		t->rows[i] = cats[i];
	t->rows[ncats] = "Total";
	int64_t *v = arena_calloc(a, nr * nc, sizeof(*v));
	for (size_t i = 0; i < n; i++) {
		size_t row = 0;
		while (row < ncats && strcasecmp(keys[row], rows[i].k1) != 0)
			row++;
		if (row == ncats)
			continue;
		size_t col = strcmp(rows[i].k2, "mentor") == 0 ? 0 : 1;
		v[row * nc + col] += rows[i].v[0];
	}
	for (size_t row = 0; row < ncats; row++) {
		v[row * nc + 2] = v[row * nc] + v[row * nc + 1];
		for (size_t c = 0; c < nc; c++)
			v[ncats * nc + c] += v[row * nc + c];
	}
	bool *hide = arena_calloc(a, nr * nc, sizeof(*hide));
	app_report_suppress(v, nr, nc, r->threshold, hide);
	const char *fewer = arena_printf(a, "fewer than %lld", (long long)r->threshold);
	for (size_t i = 0; i < nr * nc; i++) {
		if (hide[i]) {
			t->cells[i] = (struct app_report_cell){.value = -1, .text = fewer,
				.is_suppressed = true};
		} else {
			t->cells[i].value = v[i];
			t->cells[i].text = arena_printf(a, "%lld", (long long)v[i]);
		}
	}
}

/* ---- the report ---- */

enum err
app_report_get(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_report_in *in, struct app_report *out, struct app_problems *ps)
{
	enum err rc = ERR_OK;
	int64_t now = clock_now();
	const char *zone = "";

	memset(out, 0, sizeof(*out));
	out->scheme_id = in->scheme_id;
	out->cohort_id = in->cohort_id;
	out->threshold = APP_REPORT_THRESHOLD;
	out->tables = arena_calloc(a, NTABLES_MAX, sizeof(*out->tables));
	struct db_report_eq_field *questions = NULL;
	size_t nquestions = 0;
	if (in->scheme_id == 0) {
		if (!me->is_site_admin)
			return ERR_NOT_FOUND;
		if (in->cohort_id != 0)
			return ERR_NOT_FOUND;
		out->scheme_name = "All schemes";
	} else {
		struct db_scheme s;
		struct db_scheme_settings st;
		if (!app_is_scheme_admin(me, in->scheme_id))
			return ERR_NOT_FOUND;
		if ((rc = db_scheme_get(db, a, in->scheme_id, &s)) != ERR_OK)
			return rc;
		if ((rc = db_scheme_settings_get(db, a, in->scheme_id, &st)) != ERR_OK)
			return rc;
		out->scheme_name = s.name;
		out->min_minutes = st.min_minutes_per_month;
		zone = st.time_zone;
		if ((rc = app_cohorts_list(db, a, me, in->scheme_id, &out->cohorts,
		    &out->ncohorts)) != ERR_OK)
			return rc;
		bool is_known = in->cohort_id == 0;
		for (size_t i = 0; i < out->ncohorts && !is_known; i++)
			is_known = out->cohorts[i].id == in->cohort_id;
		if (!is_known)
			return ERR_NOT_FOUND;
	}

	/* the period: by default this month and the 11 before it */
	const char *from = in->from ? in->from : "", *to = in->to ? in->to : "";
	char from_default[11] = "";
	if (*from == '\0') {
		struct app_range probe;
		struct app_problems ignore = {0};
		if (app_activity_range("", to, zone, now, false, &probe, &ignore) == ERR_OK) {
			default_from(probe.to, from_default);
			from = from_default;
		}
	}
	if ((rc = app_activity_range(from, to, zone, now, false, &out->range, ps)) != ERR_OK)
		return rc;

	const struct tz *z = tz_or_default(zone);
	struct tz_local at_from, today;
	tz_to_local(z, out->range.from_at, &at_from);
	tz_to_local(z, now, &today);
	struct db_report_args args = {
		.scheme_lo = in->scheme_id ? in->scheme_id : 1,
		.scheme_hi = in->scheme_id ? in->scheme_id : INT64_MAX,
		.from = out->range.from_at,
		.to = out->range.to_at,
		.cohort_id = in->cohort_id,
		.now = now,
		.offset = at_from.offset,
		.today = arena_printf(a, "%04d-%02d-%02d", today.year, today.month, today.day),
	};
	struct db_report_participants part;
	struct db_report_activity act;
	if ((rc = db_report_participants(db, a, &args, &part)) != ERR_OK ||
	    (rc = db_report_activity(db, a, &args, &act)) != ERR_OK ||
	    (rc = db_report_scheme_equality(db, a, &args, &questions, &nquestions)) != ERR_OK)
		return rc;
	if (nquestions > 0)
		out->tables = arena_calloc(a, NTABLES_MAX + nquestions, sizeof(*out->tables));
	int64_t active_mentors = build_people(a, &part, out);
	if ((rc = build_requests(db, a, &args, out)) != ERR_OK ||
	    (rc = build_timings(db, a, &args, out)) != ERR_OK)
		return rc;
	build_relationships(a, &act, out);
	build_sessions(a, &act, out);
	if ((rc = build_evaluations(db, a, &args, out)) != ERR_OK ||
	    (rc = build_training(db, a, &args, active_mentors, out)) != ERR_OK)
		return rc;
	const struct db_report_row *eq = part.equality;
	size_t neq = part.nequality;
	build_equality(a, eq, neq, out, EQ_GENDER, "gender", "Equality monitoring: gender",
	    "Active mentors and mentees by the gender they gave in their profile.");
	build_equality(a, eq, neq, out, EQ_AGE, "age", "Equality monitoring: age",
	    "Active mentors and mentees by age today, from the date of birth they gave.");
	build_equality(a, eq, neq, out, EQ_COUNTRY, "country",
	    "Equality monitoring: country of origin",
	    "Active mentors and mentees by the country of origin they gave.");
	/* the scheme's own equality questions (PRO-2), suppressed the same way */
	for (size_t i = 0; i < nquestions; i++) {
		const struct db_report_eq_field *q = &questions[i];
		bool is_multi = strcmp(q->kind, "multi") == 0;
		build_equality(a, q->rows, q->nrows, out, EQ_QUESTION,
		    arena_printf(a, "question-%lld", (long long)q->id),
		    arena_printf(a, "Equality monitoring: %s", q->label),
		    arena_printf(a, "Active mentors and mentees the question applies to, by their "
		    "answer to \"%s\" (a question of this scheme's profiles)%s.", q->label,
		    is_multi ? "; someone who chose several answers counts once for each, so the "
		    "totals count answers" : ""));
	}
	return ERR_OK;
}

const struct app_report_table *
app_report_table(const struct app_report *r, const char *slug)
{
	for (size_t i = 0; i < r->ntables; i++)
		if (strcmp(r->tables[i].slug, slug) == 0)
			return &r->tables[i];
	return NULL;
}

const char *
app_report_csv(struct arena *a, const struct app_report_table *t, size_t *len)
{
	struct buf b;
	buf_init_arena(&b, a, BUF_MAX_DEFAULT);
	app_csv_cell(&b, "");
	for (size_t c = 0; c < t->ncols; c++) {
		buf_putc(&b, ',');
		app_csv_cell(&b, t->cols[c]);
	}
	buf_puts(&b, "\r\n");
	for (size_t row = 0; row < t->nrows; row++) {
		app_csv_cell(&b, t->rows[row]);
		for (size_t c = 0; c < t->ncols; c++) {
			buf_putc(&b, ',');
			app_csv_cell(&b, t->cells[row * t->ncols + c].text);
		}
		buf_puts(&b, "\r\n");
	}
	*len = b.len;
	return buf_str(&b);
}
