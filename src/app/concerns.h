/*
 * concerns.h - raising a concern (MSG-5; seed 003 "Safety": clear
 * referral pathways for patient safety, safeguarding and fitness to
 * practise; mentees know how to raise concerns about their mentor).
 *
 * Who may do what:
 *   - a participant (a mentee or mentor role in the scheme) raises a
 *     concern in a scheme: about their mentor or mentee (tied to one of
 *     their own relationships, which may have ended: safety does not end
 *     with the relationship), or a safeguarding, patient-safety,
 *     fitness-to-practise or other concern.  They see their own concerns
 *     and their status, never the handlers' notes;
 *   - the handlers of a concern are the scheme's named escalation
 *     contacts (db/concerns.h: an active administrator of the scheme or
 *     a site administrator, on the scheme's list) and the site
 *     administrators, except the person who raised it and the other
 *     person of its relationship (about_id), who never handle it.  They
 *     read it (audited "concern.view"; the list "concern.list"), add
 *     notes (append-only) and change its status (new, in progress,
 *     closed; the raiser is emailed concern.updated, never the notes);
 *   - the list of contacts is changed by site administrators only (a
 *     scheme administrator could otherwise add themself to read a
 *     concern about a colleague); every administrator of the scheme
 *     sees who the contacts are.
 * Anyone else gets ERR_NOT_FOUND for a concern, the same answer as a
 * missing one.
 *
 * The other person is never told: no email, nothing on the relationship
 * page, no count.  Raising emails every handler (concern.raised, a kind
 * that cannot be turned off) with nothing of what happened or who it is
 * about; when the scheme has no contact, the site administrators.
 *
 * Audit: "concern.raise" is written with no actor (the concern row says
 * who raised it): an actor's audit rows are shown on their page in
 * People to every administrator of their scheme, and that would tell a
 * non-contact administrator (perhaps the mentor concerned) who raised
 * one.  The handlers' actions carry their actor.  No audit row, log line
 * or email holds the text of a concern or a note.
 *
 * Lengths are counted in characters (UTF-8), never bytes.
 */
#ifndef TANDEM_APP_CONCERNS_H
#define TANDEM_APP_CONCERNS_H

#include "app/account.h"
#include "app/lifecycle.h"
#include "db/concerns.h"
#include "db/relationships.h"

#define APP_CONCERN_DETAILS_MAX 5000
#define APP_CONCERN_HOW_MAX 500
#define APP_CONCERN_NOTE_MAX 4000
#define APP_CONCERN_LIST_MAX 500

/* ---- words and rules (pure) ---- */

/* about_mentor, about_mentee, safeguarding, patient_safety,
 * fitness_to_practise, other. */
bool app_concern_kind_ok(const char *kind);
/* new, in_progress, closed. */
bool app_concern_status_ok(const char *status);
/* "New", "In progress", "Closed". */
const char *app_concern_status_label(const char *status);
/* The reference the raiser is given: "C-000012". */
const char *app_concern_reference(struct arena *a, int64_t id);

/* What a participant sends. */
struct app_concern_in {
	int64_t scheme_id;           /* 0: the relationship's, or me's active view's */
	int64_t relationship_id;     /* 0: none */
	const char *kind;
	const char *details;         /* what happened, required */
	const char *may_contact;     /* "yes" or "no", required */
	const char *contact_how;     /* optional */
};

/* Every rule of the input (problems on kind, details, may_contact,
 * contact_how); `actor` is who me is to the relationship (LC_MENTEE,
 * LC_MENTOR, or LC_OTHER when there is none): "about my mentor" needs
 * LC_MENTEE and "about my mentee" LC_MENTOR.  ERR_BAD_INPUT when there
 * are any. */
enum err app_concern_check(const struct app_concern_in *in, enum lc_actor actor,
    struct app_problems *ps);

/* ---- raising ---- */

/* What the raise page shows. */
struct app_concern_form {
	struct db_scheme scheme;            /* where it goes */
	const struct app_view **schemes;    /* me's participant schemes (a choice
	                                       when there are several) */
	size_t nschemes;
	bool has_rel;                       /* raised from a relationship */
	struct db_relationship rel;
	enum lc_actor actor;                /* me in rel: LC_MENTEE, LC_MENTOR */
	struct db_relationship *rels;       /* me's relationships in the scheme
	                                       (any status), for "about my
	                                       mentor/mentee" links */
	size_t nrels;
	struct db_concern_person *contacts; /* the named contacts; none: it goes
	                                       to the site administrators */
	size_t ncontacts;
};
/* ERR_FORBIDDEN when me is no mentee or mentor anywhere; ERR_NOT_FOUND
 * when relationship_id is not one of me's own (an administrator's view
 * of it does not count) or scheme_id is not one of me's participant
 * schemes.  scheme_id 0: the relationship's scheme, else the active
 * view's when it is a participant one, else me's first. */
enum err app_concern_form(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t relationship_id, struct app_concern_form *out);

/* Raise it (audited, emails the handlers).  The refusals of
 * app_concern_form, then ERR_BAD_INPUT with problems.  *id the new
 * concern. */
enum err app_concern_raise(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_concern_in *in, const char *ip, struct app_problems *ps,
    int64_t *id);

/* The raiser's own concerns, newest first (never another's); zones[i]
 * the time zone of concern i's scheme (core/tz.h name). */
enum err app_concerns_mine(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_concern **out, const char ***zones, size_t *n);
/* One of them; ERR_NOT_FOUND for anyone but its raiser.  *time_zone its
 * scheme's. */
enum err app_concern_mine(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, struct db_concern *out, const char **time_zone);

/* ---- handling ---- */

/* The administration page of a scheme's concerns. */
struct app_concern_admin {
	struct db_scheme scheme;
	const char *time_zone;                /* the scheme's (core/tz.h name) */
	struct db_concern_person *contacts;
	size_t ncontacts;
	struct db_concern_person *candidates; /* can_change_contacts only */
	size_t ncandidates;
	bool can_change_contacts;             /* a site administrator */
	bool can_see_concerns;                /* a contact or site administrator */
	struct db_concern *concerns;          /* can_see_concerns only; those
	                                         me raised or is the other person
	                                         of are left out */
	size_t nconcerns;
};
/* ERR_NOT_FOUND unless me administers the scheme (or the site).  When
 * me may see the concerns, the listing is audited ("concern.list"). */
enum err app_concerns_of_scheme(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *ip, struct app_concern_admin *out);

/* A concern with its notes, for a handler (audited "concern.view").
 * ERR_NOT_FOUND for anyone else. */
struct app_concern_case {
	struct db_concern concern;
	const char *time_zone;                /* its scheme's (core/tz.h name) */
	struct db_concern_note *notes;        /* oldest first */
	size_t nnotes;
};
enum err app_concern_open(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *ip, struct app_concern_case *out);

/* A handler adds a note (required, at most APP_CONCERN_NOTE_MAX: problem
 * on "text"); audited "concern.note" without the text. */
enum err app_concern_note(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *text, const char *ip, struct app_problems *ps);

/* A handler changes the status (problem on "status" when unknown or
 * unchanged); audited "concern.status", the raiser emailed
 * (concern.updated) with the new status only.  ERR_CONFLICT when it was
 * changed meanwhile. */
enum err app_concern_set_status(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *status, const char *ip, struct app_problems *ps);

/* ---- the escalation contacts (site administrators only) ---- */

/* Add user_id (an active administrator of the scheme or a site
 * administrator: else ERR_BAD_INPUT, problem on "user_id"; already on the
 * list: ERR_BAD_INPUT too) or remove them (ERR_NOT_FOUND when not on it).
 * ERR_FORBIDDEN for anyone but a site administrator, ERR_NOT_FOUND for an
 * unknown scheme.  Audited "concern.contact_add" / "concern.contact_remove". */
enum err app_concern_contact_add(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t user_id, const char *ip, struct app_problems *ps);
enum err app_concern_contact_remove(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t scheme_id, int64_t user_id, const char *ip);

#endif
