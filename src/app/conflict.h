/*
 * conflict.h - declared conflicts (FIND-4; seed 003: "Mentees must be
 * matched with Mentors who are not involved in their appraisal process
 * or Educational Supervision").
 *
 * In the active view of a scheme:
 *   - a mentee declares their educational supervisor, appraiser or
 *     another conflict, by picking one of the scheme's mentors or by
 *     typing a name and email (the person may not be registered yet;
 *     when the email is a mentor's of the scheme, mentor_id is stored
 *     too, so the finder need not match emails for them);
 *   - a mentor declares a conflict with a mentee by typing their email
 *     only.  PRO-10: a mentor sees a mentee only once matched or
 *     requested, so a mentor gets no list of mentees, and the email is
 *     stored as typed (mentee_id NULL) WITHOUT being looked up: the
 *     answer is the same whether or not a mentee has that address.
 * When the scheme's matching rules exclude conflicts (scheme_matching.
 * exclude_conflicts, the default), the finder (its own SQL) never
 * offers such a pair to each other, matching a mentor's typed email
 * against the mentee's users.email in any case; otherwise the
 * administrators see the declarations when matching.
 *
 * Visibility: a declaration is seen by its declarer and by the scheme's
 * administrators, nobody else (not the other person: naming one's
 * appraiser is not news for them).  Only the declarer removes it; any
 * other id gives ERR_NOT_FOUND.  Every change is audited
 * ("conflict.declare", "conflict.delete") in the scheme's log, naming
 * who was named ("mentee:12 mentor:5", "mentor:5 email:x@y") and never
 * anything else about them.
 */
#ifndef TANDEM_APP_CONFLICT_H
#define TANDEM_APP_CONFLICT_H

#include "app/account.h"
#include "db/training.h"

struct app_conflict_in {
	const char *kind;       /* supervisor, appraiser, other */
	int64_t person_id;      /* picked from the list (0: none; mentees only) */
	const char *name;       /* typed (a mentee naming someone; ignored for a mentor) */
	const char *email;      /* typed */
};

/* The side me declares from in the active view: "mentee" or "mentor";
 * NULL when the active view is neither (ERR_FORBIDDEN from the
 * functions below). */
const char *app_conflict_side(const struct app_auth *me);

/* The people me may pick: the scheme's mentors for a mentee (never me);
 * nobody for a mentor (*n 0: mentees are not listed to mentors).  Names
 * only are shown. */
enum err app_conflict_choices(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_person **out, size_t *n);

/* What me declared in the active scheme, newest first. */
enum err app_conflicts_mine(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_conflict **out, size_t *n);

/* Whether the active scheme's matching rules exclude declared conflicts
 * (what the person is told happens; true when never set). */
enum err app_conflict_excludes(struct db *db, struct arena *a, const struct app_auth *me,
    bool *excludes);

/* Declare a conflict.  ERR_BAD_INPUT with problems on "kind",
 * "person_id", "name", "email" (a duplicate is a problem on
 * "person_id", or "email" when typed; a mentor's are all on "kind" or
 * "email"). */
enum err app_conflict_declare(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_conflict_in *in, const char *ip, struct app_problems *ps,
    int64_t *id);

/* Remove one of me's declarations (any scheme). */
enum err app_conflict_delete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *ip);

/* Every declaration of a scheme, for its administrators (ERR_NOT_FOUND
 * for anyone else or an unknown scheme). */
enum err app_conflicts_of_scheme(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t scheme_id, struct db_scheme *scheme,
    struct db_conflict **out, size_t *n);

#endif
