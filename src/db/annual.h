/*
 * annual.h - typed queries for the annual report's sections (ADM-5), the
 * standards' notes and documents (ADM-6) and the evidence counts the
 * standards page shows.  Strings go into the caller's arena.  Access
 * rules are app/annual.c's.
 */
#ifndef TANDEM_DB_ANNUAL_H
#define TANDEM_DB_ANNUAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct db;

/* One year's written sections; ERR_NOT_FOUND when never saved. */
struct db_annual {
	int64_t scheme_id;
	int64_t year;
	const char *aims;
	const char *changes;
	const char *plans;
	int64_t updated_by;
	int64_t updated_at;
	const char *updater_name;    /* "" when the account is gone */
};
enum err db_annual_get(struct db *db, struct arena *a, int64_t scheme_id, int64_t year,
    struct db_annual *out);
/* Insert or replace (scheme_id, year). */
enum err db_annual_put(struct db *db, const struct db_annual *r, int64_t now);

struct db_standard_note {
	const char *point;
	const char *body;
	int64_t updated_by;
	int64_t updated_at;
	const char *updater_name;
};
/* Every note of the scheme, by point. */
enum err db_standard_notes(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_standard_note **out, size_t *n);
/* Insert or replace; an empty body deletes the note. */
enum err db_standard_note_put(struct db *db, int64_t scheme_id, const char *point,
    const char *body, int64_t by, int64_t now);

struct db_standard_doc {
	int64_t id;
	int64_t scheme_id;
	const char *point;
	const char *filename;
	const char *stored_name;
	const char *kind;            /* core/sniff.h short name */
	const char *mime;
	int64_t size;
	int64_t uploaded_by;
	int64_t created_at;
	const char *uploader_name;
};
/* Every document of the scheme, by point then age (one query). */
enum err db_standard_docs(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_standard_doc **out, size_t *n);
enum err db_standard_doc_get(struct db *db, struct arena *a, int64_t id,
    struct db_standard_doc *out);
enum err db_standard_doc_add(struct db *db, const struct db_standard_doc *d, int64_t now,
    int64_t *id);
enum err db_standard_doc_delete(struct db *db, int64_t id);

/* The evidence: see annual.def for what each count is. */
struct db_annual_evidence {
	/* training, as at `today` */
	int64_t mentors, trained, refresher_due, awaiting_verification;
	/* relationships in the year */
	int64_t started, by_request, by_proposal, by_cohort, by_assignment, overrides;
	int64_t ended_early, completed, live_now, with_agreement, running;
	/* people, information, safety, quality */
	int64_t mentees, mentor_roles;
	int64_t guides, guides_for_mentees, guides_before_matching, resources;
	int64_t concern_contacts, concerns, conflicts;
	int64_t forms_active, evals_due, evals_answered, mentee_evals_due,
	    mentee_evals_answered;
	/* matching rules in force */
	bool exclude_conflicts;
	const char *organisation_rule, *specialty_rule;
	int64_t max_distance_miles;
};
/* from/to: the year as UTC seconds [from, to); today YYYY-MM-DD. */
enum err db_annual_evidence(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t from, int64_t to, const char *today, struct db_annual_evidence *out);

#endif
