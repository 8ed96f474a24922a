/*
 * reports.h - the reports dashboard (ADM-4) of one scheme and the site
 * roll-up (ADM-9): figures for a period, as tables.
 *
 * Design: every figure lives in a table (struct app_report_table) of
 * rows x columns of cells, each cell a number and the text shown for
 * it.  The page, the JSON API and every CSV download are drawn from the
 * same tables, so they cannot disagree, and the CSV carries the same
 * suppression as the page.  Each table is filled from one aggregate
 * query or pass (db/reports.h); C does at most one pass over its rows.
 *
 * Access: a scheme's report is for its administrators and site
 * administrators (app_is_scheme_admin); the roll-up for site
 * administrators.  Anyone else gets ERR_NOT_FOUND, also for another
 * scheme's cohort id.
 *
 * Equality monitoring (gender, age band, country of origin, and each
 * of the scheme's own profile questions marked "equality": tables
 * "question-{id}", one scheme's report only) is shown only as
 * aggregates (seed 000), NHS Digital style: rows are fixed categories
 * (the standard list, or the question's own choices; a free-text value
 * gets a row of its own only when at least APP_REPORT_THRESHOLD people
 * gave it, the rest fold into "Another answer or not shown"); every
 * count from 0 to 4 reads "fewer than 5", every other cell and total is
 * rounded to the nearest 5, and secondary suppression
 * (app_report_suppress) leaves no line with exactly one hidden cell.
 * The tables are withheld (t->withheld says why, no rows) for a cohort
 * and for a group of fewer than APP_REPORT_GROUP_MIN people.  Nothing
 * exact leaves app: the cells hold the rounded numbers.  See
 * docs/reports.md.
 *
 * People, training and equality are counted as at today whatever the
 * period (t->is_as_at_today; there is no history of account states);
 * a period that runs past today stops at today (r->is_so_far).
 */
#ifndef TANDEM_APP_REPORTS_H
#define TANDEM_APP_REPORTS_H

#include "app/account.h"
#include "app/activity.h"
#include "app/app.h"
#include "db/cohorts.h"
#include "db/reports.h"

#define APP_REPORT_THRESHOLD 5     /* equality: 0..4 read "fewer than 5"; others round to 5s */
#define APP_REPORT_GROUP_MIN 20    /* equality tables need a group of at least this many */
#define APP_REPORT_NOT_SHOWN "not shown"   /* a cell of 5 or more hidden to protect another */
#define APP_REPORT_YEARS_MAX 5     /* the longest period (app_activity_range) */

struct app_report_cell {
	int64_t value;                 /* the number (hours: minutes; rates: per cent) */
	const char *text;              /* what the page and the CSV show */
	bool is_suppressed;            /* text is "fewer than 5" (0..4) or "not shown"
	                                * (secondary); value is not given */
	bool is_blank;                 /* nothing to divide by: "-" on the page, an
	                                * empty CSV cell, null in the API */
};

struct app_report_table {
	const char *slug;              /* "people": its CSV is people.csv */
	const char *title;
	const char *description;       /* what the figures are, one sentence */
	size_t nrows, ncols;
	const char **cols;             /* ncols column headings */
	const char **rows;             /* nrows row headings */
	struct app_report_cell *cells; /* nrows * ncols, row by row */
	bool is_equality;              /* suppressed (app_report_suppress) and rounded */
	const char *withheld;          /* equality: why not shown (no rows), else NULL */
	bool is_as_at_today;           /* counted today, whatever the period */
	bool has_total_row;            /* the last row is a total (not charted) */
	int chart_col;                 /* the column drawn as bars, -1 none */
};

struct app_report_in {
	int64_t scheme_id;             /* 0: the site roll-up */
	const char *from, *to;         /* as typed, "" for the default */
	int64_t cohort_id;             /* 0: everyone */
};

struct app_report {
	int64_t scheme_id;             /* 0: the site */
	const char *scheme_name;       /* "All schemes" for the site */
	struct app_range range;        /* the period, filled even on bad input */
	int64_t cohort_id;
	struct db_cohort *cohorts;     /* the scheme's cohorts, for the filter */
	size_t ncohorts;
	int64_t threshold;
	int64_t min_minutes;           /* the scheme's minimum a month (site: 0) */
	char today[11];                /* YYYY-MM-DD in the zone */
	bool is_so_far;                /* the period runs to today (cut there) */
	bool is_empty;                 /* nobody has a mentor or mentee role: no tables */
	struct app_report_table *tables;
	size_t ntables;
};

/* The report for in: ERR_OK; ERR_BAD_INPUT with problems on "from" and
 * "to" (out keeps what was typed, tables empty); ERR_NOT_FOUND for
 * anyone but the scheme's administrators (the site's: site
 * administrators), an unknown scheme or another scheme's cohort. */
enum err app_report_get(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_report_in *in, struct app_report *out, struct app_problems *ps);

/* The table with this slug, NULL if none. */
const struct app_report_table *app_report_table(const struct app_report *r, const char *slug);

/* One table as CSV (RFC 4180, formula-safe app_csv_cell): a heading row,
 * then a row per row, exactly the page's cells: suppressed cells say
 * "fewer than 5", blank ones ("-" on the page) are empty, no thousands
 * separators.  NULL for a withheld table. */
const char *app_report_csv(struct arena *a, const struct app_report_table *t, size_t *len);

/* part of whole as a whole per cent, half up (0 when whole is 0): the
 * one rounding of every percentage in reports, the annual report and
 * the standards. */
int64_t app_report_percent(int64_t part, int64_t whole);

/* n rounded to the nearest multiple of APP_REPORT_THRESHOLD (5). */
int64_t app_report_round(int64_t n);

/*
 * Small-number suppression (pure).  cells: nrows x ncols counts, row by
 * row, whose last row holds the column totals and last column the row
 * totals (so the bottom-right cell is the grand total).  Sets out[i]
 * for every cell to hide:
 *   primary:   a count from 0 to threshold - 1 (zero too: a shown 0
 *              would tell that the hidden cells beside it are 1 to 4);
 *   secondary: any row or column (the total row and column included)
 *              with exactly one hidden cell would give it away by
 *              subtraction, so a second cell of that line is hidden
 *              too: its smallest shown inner cell, or else its total;
 *              repeated until no line has exactly one.
 * The cells shown are then rounded (app_report_round) by the caller.
 */
void app_report_suppress(const int64_t *cells, size_t nrows, size_t ncols,
    int64_t threshold, bool *out);

#endif
