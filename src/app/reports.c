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

/* nothing to divide by: "-" on the page, empty in the CSV, null in the API */
static void
put_blank(struct app_report_table *t, size_t row, size_t col)
{
	struct app_report_cell *c = cell(t, row, col);
	c->value = 0;
	c->text = "-";
	c->is_blank = true;
}

int64_t
app_report_percent(int64_t part, int64_t whole)
{
	return whole > 0 ? (part * 100 + whole / 2) / whole : 0;
}

int64_t
app_report_round(int64_t n)
{
	int64_t b = APP_REPORT_THRESHOLD;
	return n < 0 ? 0 : (n + b / 2) / b * b;
}

static void
put_percent(struct arena *a, struct app_report_table *t, size_t row, size_t col,
    int64_t part, int64_t whole)
{
	if (whole == 0)
		put_blank(t, row, col);
	else
		put_text(t, row, col, app_report_percent(part, whole), arena_printf(a, "%lld%%",
		    (long long)app_report_percent(part, whole)));
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
		out[i] = cells[i] < threshold;
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
				/* the smallest shown inner cell, else the total */
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

/* YYYY-MM-DD of a local time */
static void
iso_day(const struct tz_local *l, char out[11])
{
	char tmp[48];
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", l->year, l->month, l->day);
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
	t->is_as_at_today = true;
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
	    "match: from a mentee joining the scheme as a mentee to their first relationship "
	    "in it starting, in days, for mentees first matched in the period. Medians.", 2, 2);
	t->cols[0] = "Median";
	t->cols[1] = "Counted";
	t->rows[0] = "Time to respond to a request";
	t->rows[1] = "Registration to first match";
	int64_t rn = nr ? respond[0].v[0] : 0, rmed = nr ? respond[0].v[1] : 0;
	int64_t mn = nm ? match[0].v[0] : 0, mmed = nm ? match[0].v[1] : 0;
	/* tenths of an hour, tenths of a day */
	int64_t rt = (rmed + 180) / 360, mt = (mmed + 4320) / 8640;
	if (rn)
		put_text(t, 0, 0, rmed, arena_printf(a, "%lld.%lld hours", (long long)(rt / 10),
		    (long long)(rt % 10)));
	else
		put_blank(t, 0, 0);
	if (mn)
		put_text(t, 1, 0, mmed, arena_printf(a, "%lld.%lld days", (long long)(mt / 10),
		    (long long)(mt % 10)));
	else
		put_blank(t, 1, 0);
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
	t->cols[0] = "In the period";
	static const char *const labels[] = {"Sessions that took place", "Hours",
		"Relationships with sessions", "Average hours per relationship with sessions",
		"Relationship-months", "Relationship-months meeting the minimum",
		"Share meeting the minimum"};
	memcpy(t->rows, labels, sizeof(labels));
	put_n(a, t, 0, 0, sessions);
	put_text(t, 1, 0, minutes, hours_text(a, minutes));
	put_n(a, t, 2, 0, rels);
	if (rels)
		put_text(t, 3, 0, (minutes + rels / 2) / rels, hours_text(a, (minutes + rels / 2) /
		    rels));
	else
		put_blank(t, 3, 0);
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
		if (v[row][2])
			put_text(t, row, 4, tenths, arena_printf(a, "%lld.%lld",
			    (long long)(tenths / 10), (long long)(tenths % 10)));
		else
			put_blank(t, row, 4);
	}
	return ERR_OK;
}

/* active_mentors: from build_people; those without a record are the
 * rest.  Verified records only, the standards' rule (ADM-6): one
 * definition in the dashboard, the annual report and the standards. */
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
	    "Active mentors: in date (a verified training record with no refresher date, or "
	    "one not yet passed), due for a refresher (verified records, every refresher date "
	    "passed), awaiting verification (records, none verified yet), or none recorded.",
	    5, 1);
	t->cols[0] = "Mentors";
	static const char *const labels[] = {"In date", "Due for a refresher",
		"Awaiting verification", "None recorded", "Total"};
	memcpy(t->rows, labels, sizeof(labels));
	t->has_total_row = true;
	t->is_as_at_today = true;
	int64_t v[5] = {0};
	for (size_t i = 0; i < n; i++)
		v[strcmp(rows[i].k1, "in_date") == 0 ? 0 : strcmp(rows[i].k1, "due") == 0 ? 1 : 2] +=
		    rows[i].v[0];
	v[3] = active_mentors - v[0] - v[1] - v[2];
	v[4] = active_mentors;
	for (size_t i = 0; i < 5; i++)
		put_n(a, t, i, 0, v[i]);
	t->chart_col = 0;
	return ERR_OK;
}

/* ---- equality monitoring (seed 000: aggregates only) ---- */

#define EQ_ANOTHER "Another answer or not shown"
#define EQ_NONE "Not given"
#define ROW_ANOTHER SIZE_MAX       /* build_equality's row_of: not yet numbered */
#define ROW_NONE (SIZE_MAX - 1)

/* A spelling that counts as one of a table's fixed categories. */
struct eq_syn {
	const char *word;              /* compared ignoring case */
	size_t cat;                    /* index into the fixed labels */
};

/* How one equality table is built. */
struct eq_spec {
	const char *slug, *title, *description;
	const char *const *fixed;      /* the categories always shown, in order */
	size_t nfixed;
	const struct eq_syn *syns;     /* other spellings of them */
	size_t nsyns;
	bool is_open;                  /* a value given by >= threshold people gets a row */
	bool is_closed;                /* no other answers are possible (age bands): no
	                                * "Another answer or not shown" row */
};

static const char *const gender_cats[] = {"Female", "Male", "Non-binary"};
static const struct eq_syn gender_syns[] = {
	{"woman", 0}, {"f", 0}, {"man", 1}, {"m", 1}, {"nonbinary", 2}, {"non binary", 2},
};
static const char *const age_cats[] = {"Under 25", "25 to 34", "35 to 44", "45 to 54",
	"55 to 64", "65 and over"};
/* db/reports.c gives the bands as codes */
static const struct eq_syn age_syns[] = {
	{"a", 0}, {"b", 1}, {"c", 2}, {"d", 3}, {"e", 4}, {"f", 5},
};
static const char *const country_cats[] = {"United Kingdom"};
static const struct eq_syn country_syns[] = {
	{"uk", 0}, {"u.k.", 0}, {"great britain", 0}, {"britain", 0}, {"gb", 0},
	{"england", 0}, {"scotland", 0}, {"wales", 0}, {"northern ireland", 0},
};

/* value's fixed category, or -1 */
static int
eq_classify(const struct eq_spec *sp, const char *value)
{
	for (size_t i = 0; i < sp->nfixed; i++)
		if (strcasecmp(sp->fixed[i], value) == 0)
			return (int)i;
	for (size_t i = 0; i < sp->nsyns; i++)
		if (strcasecmp(sp->syns[i].word, value) == 0)
			return (int)sp->syns[i].cat;
	return -1;
}

/* A withheld equality table: no rows, the reason instead. */
static void
eq_withheld(struct arena *a, struct app_report *r, const struct eq_spec *sp,
    const char *why)
{
	struct app_report_table *t = table_add(r, a, sp->slug, sp->title, sp->description, 0,
	    1);
	t->cols[0] = "Total";
	t->ncols = 0;
	t->is_equality = true;
	t->is_as_at_today = true;
	t->withheld = why;
}

/*
 * One equality table from the rows (db_report_participants' equality,
 * or a scheme question's) whose v[1] is field.  The rows come sorted by
 * the value lower-cased, then role, so one value's rows are together.
 * Rows of the table: the fixed categories, then (is_open) each other
 * value given by at least the threshold (its smallest spelling), then
 * "Another answer or not shown" and "Not given", always all of them:
 * no row is labelled from a value fewer than the threshold gave.
 * Then suppressed and rounded; the raw counts go no further.
 */
static void
build_equality(struct arena *a, const struct db_report_row *all, size_t nall,
    struct app_report *r, int64_t field, const struct eq_spec *sp)
{
	/* one value's rows together: groups with their counts per role */
	struct group {
		const char *label;
		int64_t n[2];              /* mentors, mentees */
	};
	struct group *g = arena_calloc(a, nall + 1, sizeof(*g));
	size_t ng = 0;
	for (size_t i = 0; i < nall; i++) {
		if (all[i].v[1] != field)
			continue;
		if (ng == 0 || strcasecmp(g[ng - 1].label, all[i].k1) != 0)
			g[ng++].label = all[i].k1;
		else if (strcmp(all[i].k1, g[ng - 1].label) < 0)
			g[ng - 1].label = all[i].k1;
		g[ng - 1].n[strcmp(all[i].k2, "mentor") == 0 ? 0 : 1] += all[i].v[0];
	}
	/* the rows: fixed, open values, another, not given */
	size_t nopen = 0;
	const char **labels = arena_calloc(a, sp->nfixed + ng + 2, sizeof(*labels));
	size_t *row_of = arena_calloc(a, ng + 1, sizeof(*row_of));
	for (size_t i = 0; i < sp->nfixed; i++)
		labels[i] = sp->fixed[i];
	for (size_t k = 0; k < ng; k++) {
		int c = *g[k].label == '\0' ? -2 : eq_classify(sp, g[k].label);
		if (c >= 0)
			row_of[k] = (size_t)c;
		else if (c == -1 && sp->is_open && g[k].n[0] + g[k].n[1] >= r->threshold) {
			row_of[k] = sp->nfixed + nopen;
			labels[sp->nfixed + nopen++] = g[k].label;
		} else
			row_of[k] = c == -2 ? ROW_NONE : ROW_ANOTHER;
	}
	size_t ncats = sp->nfixed + nopen + (sp->is_closed ? 1 : 2);
	size_t none = ncats - 1, another = sp->is_closed ? none : ncats - 2;
	labels[another] = EQ_ANOTHER;
	labels[none] = EQ_NONE;

	size_t nr = ncats + 1, nc = 3;
	struct app_report_table *t = table_add(r, a, sp->slug, sp->title, sp->description, nr,
	    nc);
	t->cols[0] = "Mentors";
	t->cols[1] = "Mentees";
	t->cols[2] = "Total";
	t->is_equality = true;
	t->has_total_row = true;
	t->is_as_at_today = true;
	for (size_t i = 0; i < ncats; i++)
		t->rows[i] = labels[i];
	t->rows[ncats] = "Total";
	int64_t *v = arena_calloc(a, nr * nc, sizeof(*v));
	for (size_t k = 0; k < ng; k++) {
		size_t row = row_of[k] == ROW_ANOTHER ? another : row_of[k] == ROW_NONE ? none :
		    row_of[k];
		v[row * nc] += g[k].n[0];
		v[row * nc + 1] += g[k].n[1];
	}
	for (size_t row = 0; row < ncats; row++) {
		v[row * nc + 2] = v[row * nc] + v[row * nc + 1];
		for (size_t c = 0; c < nc; c++)
			v[ncats * nc + c] += v[row * nc + c];
	}
	bool *hide = arena_calloc(a, nr * nc, sizeof(*hide));
	app_report_suppress(v, nr, nc, r->threshold, hide);
	/* a count under the threshold reads "fewer than 5"; a larger one
	 * hidden to protect it (secondary) "not shown", which is true */
	const char *fewer = arena_printf(a, "fewer than %lld", (long long)r->threshold);
	for (size_t i = 0; i < nr * nc; i++) {
		if (hide[i]) {
			t->cells[i] = (struct app_report_cell){.value = -1,
				.text = v[i] < r->threshold ? fewer : APP_REPORT_NOT_SHOWN,
				.is_suppressed = true};
		} else {
			int64_t shown = app_report_round(v[i]);
			t->cells[i].value = shown;
			t->cells[i].text = arena_printf(a, "%lld", (long long)shown);
		}
		v[i] = 0;
	}
}

/* A question's choices (one a line) as its fixed categories. */
static void
choices_of(struct arena *a, const char *choices, const char *const **out, size_t *n)
{
	size_t cap = 1;
	for (const char *p = choices; *p; p++)
		cap += *p == '\n';
	const char **list = arena_calloc(a, cap, sizeof(*list));
	size_t k = 0;
	for (const char *p = choices; *p && k < cap;) {
		size_t len = strcspn(p, "\n");
		size_t l = len;
		while (l > 0 && (p[l - 1] == '\r' || p[l - 1] == ' '))
			l--;
		const char *q = p;
		while (l > 0 && *q == ' ') {
			q++;
			l--;
		}
		if (l > 0)
			list[k++] = arena_strndup(a, q, l);
		p += len;
		if (*p == '\n')
			p++;
	}
	*out = list;
	*n = k;
}

static const char *const why_cohort = "Not shown for a cohort. Equality monitoring is shown "
    "for the whole scheme only: a cohort is a small group, and its figures set against "
    "everyone's could point at people. Choose Everyone to see it.";

/* The equality tables: withheld for a cohort or a small group. */
static void
build_equalities(struct arena *a, const struct db_report_participants *part,
    const struct db_report_eq_field *questions, size_t nquestions, struct app_report *r)
{
	const struct eq_spec specs[] = {
		{"gender", "Equality monitoring: gender",
		    "Active mentors and mentees by the gender they gave in their profile.",
		    gender_cats, 3, gender_syns, sizeof(gender_syns) / sizeof(gender_syns[0]),
		    false, false},
		{"age", "Equality monitoring: age",
		    "Active mentors and mentees by age today, from the date of birth they gave.",
		    age_cats, 6, age_syns, sizeof(age_syns) / sizeof(age_syns[0]), false, true},
		{"country", "Equality monitoring: country of origin",
		    "Active mentors and mentees by the country of origin they gave. A country "
		    "gets a row of its own when at least 5 people gave it.",
		    country_cats, 1, country_syns, sizeof(country_syns) / sizeof(country_syns[0]),
		    true, false},
	};
	const char *why = NULL;
	if (r->cohort_id != 0)
		why = why_cohort;
	else if (part->nactive_people < APP_REPORT_GROUP_MIN)
		why = arena_printf(a, "Not shown: equality monitoring needs at least %d active "
		    "mentors and mentees, so that nobody can be picked out, and there are fewer.",
		    APP_REPORT_GROUP_MIN);
	for (int64_t f = 0; f < 3; f++) {
		if (why != NULL)
			eq_withheld(a, r, &specs[f], why);
		else
			build_equality(a, part->equality, part->nequality, r, f, &specs[f]);
	}
	/* the scheme's own equality questions (PRO-2), the same way */
	for (size_t i = 0; i < nquestions; i++) {
		const struct db_report_eq_field *q = &questions[i];
		bool is_multi = strcmp(q->kind, "multi") == 0;
		bool is_choice = is_multi || strcmp(q->kind, "choice") == 0;
		struct eq_spec sp = {
			.slug = arena_printf(a, "question-%lld", (long long)q->id),
			.title = arena_printf(a, "Equality monitoring: %s", q->label),
			.description = arena_printf(a, "Active mentors and mentees the question "
			    "applies to, by their answer to \"%s\" (a question of this scheme's "
			    "profiles)%s%s.", q->label, is_choice ? "" : "; an answer gets a row of "
			    "its own when at least 5 people gave it", is_multi ? "; someone who chose "
			    "several answers counts once for each, so the totals count answers" : ""),
			.is_open = !is_choice,
		};
		if (is_choice)
			choices_of(a, q->choices ? q->choices : "", &sp.fixed, &sp.nfixed);
		const char *qwhy = why;
		if (qwhy == NULL && q->nasked < APP_REPORT_GROUP_MIN)
			qwhy = arena_printf(a, "Not shown: fewer than %d active mentors and mentees "
			    "are asked this question, so their answers could point at people.",
			    APP_REPORT_GROUP_MIN);
		if (qwhy != NULL)
			eq_withheld(a, r, &sp, qwhy);
		else
			build_equality(a, q->rows, q->nrows, r, 0, &sp);
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
	char created[11] = "";         /* the scheme's first day, in its zone */
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
		int64_t began = s.created_at;
		if (in->from == NULL || *in->from == '\0') {
			if ((rc = db_report_scheme_start(db, in->scheme_id, &began)) != ERR_OK)
				return rc;
		}
		struct tz_local c;
		tz_to_local(tz_or_default(zone), began, &c);
		iso_day(&c, created);
		if ((rc = app_cohorts_list(db, a, me, in->scheme_id, &out->cohorts,
		    &out->ncohorts)) != ERR_OK)
			return rc;
		bool is_known = in->cohort_id == 0;
		for (size_t i = 0; i < out->ncohorts && !is_known; i++)
			is_known = out->cohorts[i].id == in->cohort_id;
		if (!is_known)
			return ERR_NOT_FOUND;
	}

	/* the period: by default this month and the 11 before it, not
	 * before the scheme existed */
	const char *from = in->from ? in->from : "", *to = in->to ? in->to : "";
	char from_default[11] = "";
	const struct tz *z = tz_or_default(zone);
	struct tz_local today;
	tz_to_local(z, now, &today);
	iso_day(&today, out->today);
	if (*from == '\0') {
		struct app_range probe;
		struct app_problems ignore = {0};
		if (app_activity_range("", to, zone, now, false, &probe, &ignore) == ERR_OK) {
			default_from(probe.to, from_default);
			if (*created != '\0' && strcmp(created, from_default) > 0 &&
			    strcmp(created, probe.to) <= 0)
				memcpy(from_default, created, sizeof(from_default));
			from = from_default;
		}
	}
	if ((rc = app_activity_range(from, to, zone, now, false, &out->range, ps)) != ERR_OK)
		return rc;
	/* nothing after today has happened yet: a period running past today
	 * stops at today ("so far"), so that months to come are not counted
	 * as months without sessions */
	if (strcmp(out->range.to, out->today) >= 0 && strcmp(out->range.from, out->today) <= 0) {
		char from_iso[11];
		memcpy(from_iso, out->range.from, sizeof(from_iso));
		if ((rc = app_activity_range(from_iso, out->today, zone, now, false, &out->range,
		    ps)) != ERR_OK)
			return rc;
		out->is_so_far = true;
	}

	struct tz_local at_from;
	tz_to_local(z, out->range.from_at, &at_from);
	struct db_report_args args = {
		.scheme_lo = in->scheme_id ? in->scheme_id : 1,
		.scheme_hi = in->scheme_id ? in->scheme_id : INT64_MAX,
		.from = out->range.from_at,
		.to = out->range.to_at,
		.cohort_id = in->cohort_id,
		.now = now,
		.offset = at_from.offset,
		.today = out->today,
	};
	struct db_report_participants part;
	struct db_report_activity act;
	if ((rc = db_report_participants(db, a, &args, &part)) != ERR_OK)
		return rc;
	/* a scheme (or cohort) nobody has joined yet: nothing to report,
	 * rather than pages of zeros */
	int64_t nroles = 0;
	for (size_t i = 0; i < part.npeople; i++)
		nroles += part.people[i].v[0];
	if (nroles == 0) {
		out->is_empty = true;
		return ERR_OK;
	}
	if ((rc = db_report_activity(db, a, &args, &act)) != ERR_OK ||
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
	build_equalities(a, &part, questions, nquestions, out);
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
	if (t->withheld != NULL)
		return NULL;
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
			const struct app_report_cell *x = &t->cells[row * t->ncols + c];
			app_csv_cell(&b, x->is_blank ? "" : x->text);
		}
		buf_puts(&b, "\r\n");
	}
	*len = b.len;
	return buf_str(&b);
}
