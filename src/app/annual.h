/*
 * annual.h - the scheme standards page (ADM-6) and the annual report
 * (ADM-5).
 *
 * The standards are seed 003's "Standards For A Mentoring Scheme" table
 * (HEE East of England): six attributes, each with essential and
 * desirable points and the evidence a scheme is expected to hold.  They
 * live in a static table here (app_standards), written in our own words;
 * each point has a stable key ("training-skills") that notes and
 * documents are filed under.
 *
 * Evidence is what Tandem already knows, computed on every view with
 * three queries (db_annual_evidence): training records, how
 * relationships started, endings, agreements, guides, resources,
 * concern contacts, concerns (a count, never content), evaluation
 * response rates, the matching rules in force.  What Tandem cannot know
 * the administrator writes as a note per point or attaches as documents
 * (per scheme, not per year, with "last updated").
 *
 * The annual report is one scheme and one year: the sections the
 * administrator writes (aims, changes made in response to feedback,
 * plans; saved per year), the reports dashboard's figures for the year
 * (handlers call reports_model) and the standards with the year's
 * evidence.
 *
 * Access: the scheme's administrators and site administrators
 * (app_is_scheme_admin); anyone else, another scheme's administrator
 * included, gets ERR_NOT_FOUND for every scheme, point, year and
 * document id.  Every change is audited (app_audit_tx): "standards.note",
 * "standards.document_add", "standards.document_delete", "annual.save"
 * with the lengths before and after, never the text.
 *
 * Documents reuse the notes area's rules (app/notes.h): recognised by
 * their bytes against the scheme's document_types, at most
 * document_max_kb, stored under generated names, downloaded as
 * attachments.  The file is stored before the transaction and removed
 * if it fails; a deleted document's file is removed after the commit.
 */
#ifndef TANDEM_APP_ANNUAL_H
#define TANDEM_APP_ANNUAL_H

#include "app/account.h"
#include "app/notes.h"
#include "db/annual.h"

#define APP_ANNUAL_SECTION_MAX 10000   /* characters per written section */
#define APP_STANDARD_NOTE_MAX 4000     /* characters per note */
#define APP_STANDARD_POINTS_MAX 6
#define APP_STANDARD_LINES_MAX 8

struct app_standard_point {
	const char *key;             /* "training-skills" */
	const char *text;
	bool is_essential;           /* false: desirable */
};

struct app_standard {
	const char *key;             /* "training" */
	const char *title;           /* "Training" */
	const char *expected;        /* the evidence the standard asks for */
	struct app_standard_point points[APP_STANDARD_POINTS_MAX];
	size_t npoints;
};

extern const struct app_standard app_standards[];
extern const size_t app_standards_n;

/* The point with this key, or NULL; *standard its attribute. */
const struct app_standard_point *app_standard_point_find(const char *key,
    const struct app_standard **standard);

/* A share as words: "92%" (app_report_percent: half up, as every
 * report figure), "none yet" when n is 0. */
const char *app_annual_percent(struct arena *a, int64_t part, int64_t n);

/* The evidence sentences for standard i (0 .. app_standards_n - 1) from
 * the counts; *n lines, at most APP_STANDARD_LINES_MAX.  year_words:
 * "in 2026" or "so far this year". */
void app_standard_evidence(struct arena *a, size_t i, const struct db_annual_evidence *ev,
    const struct db_scheme_settings *st, const char *year_words, bool report_written,
    const char *lines[APP_STANDARD_LINES_MAX], size_t *n);

/* The standards as shown for a scheme and a year. */
struct app_standards_page {
	struct db_scheme scheme;
	struct db_scheme_settings settings;
	int64_t year;
	bool is_current_year;
	const char *as_at;           /* YYYY-MM-DD the training counts are for: today */
	struct db_annual_evidence ev;
	const char *lines[8][APP_STANDARD_LINES_MAX];
	size_t nlines[8];
	struct db_standard_note *notes;
	size_t nnotes;
	struct db_standard_doc *docs;
	size_t ndocs;
};
/* year 0: this year (in the scheme's time zone). */
enum err app_standards_page(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t year, struct app_standards_page *out);

/* Save the note on a point ("" removes it).  Problem on "note" when it
 * is longer than APP_STANDARD_NOTE_MAX characters; ERR_NOT_FOUND for an
 * unknown point. */
enum err app_standard_note_put(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *point, const char *body, const char *ip,
    struct app_problems *ps);

/* Attach a document to a point.  Problems on "file" as app_document_add. */
enum err app_standard_doc_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *point, const struct app_doc_file *f,
    const char *data_dir, const char *ip, struct app_problems *ps, int64_t *id);
/* A document's row and stored path for a download. */
enum err app_standard_doc_open(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *data_dir, struct db_standard_doc *out, const char **path);
/* Delete the row, then the file. */
enum err app_standard_doc_delete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *data_dir, const char *ip, struct db_standard_doc *was);

/* The annual report of one year. */
struct app_annual_page {
	struct db_scheme scheme;
	int64_t year;
	int64_t first_year;          /* the scheme's creation, in its zone */
	int64_t last_year;           /* this year */
	bool is_saved;
	struct db_annual sections;   /* "" each when never saved */
	const char *from, *to;       /* "YYYY-01-01", "YYYY-12-31" */
};
/* year 0: this year.  ERR_NOT_FOUND outside first_year .. last_year. */
enum err app_annual_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t year, struct app_annual_page *out);

/* Save a year's sections; problems on "aims", "changes", "plans". */
enum err app_annual_put(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t year, const char *aims, const char *changes,
    const char *plans, const char *ip, struct app_problems *ps);

#endif
