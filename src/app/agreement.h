/*
 * agreement.h - the mentoring agreement (REL-8), following Annex A of the
 * NHS England mentoring guide (seed 004): the pair write down their
 * expectations, how often and how they will meet, their ground rules
 * (confidentiality and its limits among them), how it will end and their
 * next steps; both confirm it; it is reviewed every six months.
 *
 * States (sql/migrations/0009-agreement.sql): a relationship has at most
 * one draft and at most one agreed (current) version, plus superseded
 * ones.  Either party writes the draft; every change of it raises its
 * revision and clears both confirmations, so each confirms exactly what
 * they read.  When the second confirmation comes the draft is frozen
 * (agreed), the previous agreed version becomes history, and the review
 * clock starts: due six months later in the scheme's time zone, and the
 * daily job emails both then and every six months after until someone
 * marks it reviewed (which restarts the clock) or a new version is
 * agreed.  Changing an agreed agreement starts a new draft (version + 1);
 * the agreed one stays current until the new one is agreed.
 *
 * Access: app_relationship_guard decides.  Reading: LRLA_VIEW (the pair
 * and the scheme's administrators; anyone else ERR_NOT_FOUND).  Writing:
 * LRLA_ADD_CONTENT (the pair while live: an administrator gets
 * ERR_FORBIDDEN, a relationship that ended ERR_CONFLICT with
 * APP_REL_ENDED).  Administrators see the status only (who drafted,
 * who confirmed, agreed on, review due) unless the scheme's
 * admin_sees_documents rule is on (NOTE-2, ADM-8): then they may read
 * agreed versions (never a draft), and each opening is audited
 * ("content.view", "agreement:<relationship id>").
 *
 * Errors: as relationship.h; ERR_BAD_INPUT with problems per field
 * (names from app_agreement_fields); ERR_CONFLICT with the sentence in
 * the problem of field "".
 */
#ifndef TANDEM_APP_AGREEMENT_H
#define TANDEM_APP_AGREEMENT_H

#include "app/relationship.h"
#include "db/agreement.h"

#define APP_AGREEMENT_TEXT_MAX 2000     /* characters per answer */
#define APP_AGREEMENT_REVIEW_MONTHS 6
#define APP_AGREEMENT_CHANGED "The draft changed since you opened it. " \
	"Read it again before you confirm it."
#define APP_AGREEMENT_EDITED "The draft changed since you opened it. " \
	"Your changes were not saved: read the new draft and make them again."
#define APP_AGREEMENT_NO_DRAFT "There is no draft agreement to confirm."
#define APP_AGREEMENT_NOTHING_TO_REVIEW "There is no confirmed agreement to review yet."

/* One answer of the agreement, in the order of db_agreement.text[]. */
struct app_agreement_field {
	const char *name;          /* form, JSON and column name */
	int section;               /* 1 to 4, Annex A's sections */
	const char *label;         /* a question in plain words */
	const char *hint;          /* what to agree */
	const char *missing;       /* required: the message when it is
	                              empty; NULL: optional */
};
/* The DB_AGREEMENT_NTEXT fields, static storage. */
const struct app_agreement_field *app_agreement_fields(void);
/* "Expectations" ... for section 1 to 4; "" otherwise. */
const char *app_agreement_section_title(int section);
/* Annex A's checkbox: the mentor discussed a code of ethics. */
#define APP_AGREEMENT_ETHICS_LABEL "The mentor has talked through a code of ethics for " \
	"mentoring (such as the EMCC Global Code of Ethics) with the mentee and shared a copy"

/* What the agreement page shows. */
struct app_agreement_page {
	struct app_relationship rel;
	struct db_scheme_settings settings;
	struct db_agreement *versions;     /* every version, newest first */
	size_t nversions;
	const struct db_agreement *current;  /* the agreed one, or NULL */
	const struct db_agreement *draft;    /* or NULL */
	bool shows_content;          /* the pair; an administrator when allowed */
	bool can_edit;               /* one of the pair, live */
	bool can_confirm;            /* ... and a draft they have not confirmed */
	bool can_review;             /* ... and a current agreement */
	bool is_review_due;          /* the current one's review is due now */
	int64_t now;
};

/* The agreement of relationship `id` for me.  An administrator shown
 * content is audited (one row per call, in its own transaction; ip as
 * app_audit_tx).  ERR_NOT_FOUND as the guard. */
enum err app_agreement_page(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *ip, struct app_agreement_page *out);

/* The status for the relationship page (rel already guarded by the
 * caller): no content, no audit; shows_content is false. */
enum err app_agreement_status(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_relationship *rel, const struct db_scheme_settings *settings,
    struct app_agreement_page *out);

/* Version `version` of the agreement (*ver points into out->versions);
 * ERR_NOT_FOUND when there is no such version.  An administrator gets
 * content only of an agreed or superseded version, when allowed, and is
 * audited then. */
enum err app_agreement_version(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, int64_t version, const char *ip, struct app_agreement_page *out,
    const struct db_agreement **ver);

/* A save of the draft. */
struct app_agreement_in {
	const char *text[DB_AGREEMENT_NTEXT]; /* NULL: keep what the draft (or,
	                                         with no draft, the current
	                                         agreement) says */
	int ethics_shared;                    /* 0, 1, or -1 to keep */
	int64_t revision;                     /* the draft's revision the editor
	                                         saw, 0 when they saw none;
	                                         -1: do not check */
};
/* Either party writes the draft: a new draft (version + 1) when there is
 * none, else a change of it (both confirmations cleared).  Required
 * answers and limits are checked (problems per field).  ERR_CONFLICT
 * (APP_AGREEMENT_EDITED) when the draft is not the revision the editor
 * saw.  Text identical to what is there changes nothing (*changed
 * false, no email).  Otherwise the other party is emailed
 * (agreement.changed) asking them to read and confirm it.  *version the
 * draft's version (0 when nothing changed and there is no draft). */
enum err app_agreement_save(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const struct app_agreement_in *in, const char *ip,
    struct app_problems *ps, bool *changed, int64_t *version);

/* me (mentor or mentee) confirms revision `revision` of draft `version`.
 * ERR_CONFLICT: APP_AGREEMENT_NO_DRAFT, or APP_AGREEMENT_CHANGED when the
 * draft is another version or revision.  Confirming twice changes
 * nothing.  When both have confirmed the draft is agreed (*is_agreed):
 * both emailed; otherwise the other party is asked to confirm too. */
enum err app_agreement_confirm(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, int64_t version, int64_t revision, const char *ip,
    struct app_problems *ps, bool *is_agreed);

/* "Reviewed, no changes" (REL-8): either party restarts the review
 * clock of the current agreement; the other party is told.
 * ERR_CONFLICT (APP_AGREEMENT_NOTHING_TO_REVIEW) when there is none. */
enum err app_agreement_mark_reviewed(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t id, const char *ip, struct app_problems *ps);

/* t plus `months` calendar months at the same wall-clock time in the
 * zone named `zone` (the last day of a shorter month). */
int64_t app_agreement_add_months(const char *zone, int64_t t, int months);

/* The day of t in the scheme's zone in words ("24 May 2027"). */
const char *app_agreement_day_words(struct arena *a, const char *zone, int64_t t);

/* ---- the daily job ---- */

struct app_agreement_tick {
	size_t reminded;      /* agreements whose pair was emailed */
	size_t failed;        /* rows that could not be done */
};
/* Email both of each live pair whose review reminder is due at `now`
 * (agreement.review), and move the reminder six months on (past `now`),
 * each in its own transaction: a second run sends nothing. */
enum err app_agreements_tick(struct db *db, int64_t now, struct app_agreement_tick *out);

/* ---- the home page ---- */

/* For me's active mentee or mentor view: drafts they have not confirmed
 * and agreements due for review, of their live relationships.
 * Nothing (n 0) for another view. */
enum err app_agreement_home(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_agreement_home **out, size_t *n);

#endif
