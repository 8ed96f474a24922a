/*
 * cohorts.h - a scheme's cohorts (intakes): a name, dates and the
 * participants in them (issue 10).  Administrators of the scheme (and
 * site administrators) manage them; cohorts are message targets and
 * filters for the relationship list and the reports.
 */
#ifndef TANDEM_APP_COHORTS_H
#define TANDEM_APP_COHORTS_H

#include "app/account.h"
#include "db/cohorts.h"

/* The scheme's cohorts for a filter or a target list: its
 * administrators and site administrators only, anyone else
 * ERR_NOT_FOUND. */
enum err app_cohorts_list(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, struct db_cohort **out, size_t *n);

/* Declared by their owner below this line. */

/*
 * Rules (issue 10, cohorts):
 * - A cohort's scheme decides everything: me must administer it
 *   (app_is_scheme_admin), else ERR_NOT_FOUND for every id, so a scheme
 *   administrator of A learns nothing about B's cohorts.
 * - Name 1..100 characters, unique in the scheme (any case); description
 *   up to 2000; starts and ends optional real dates, ends on or after
 *   starts.
 * - Members are the scheme's ACTIVE participants (a mentor or mentee
 *   role): by selection or by CSV import.  Never pending, deactivated or
 *   another scheme's people.
 * - CSV import always checks first (dry run: nothing written) and says
 *   every row's problem with its line; importing re-checks the same text
 *   (its digest must match the one the dry run showed, on the page and
 *   the API alike) and writes all rows in one transaction, or none when
 *   any row has a problem.  The digest is keyed (L1): BLAKE2b with a key
 *   derived from the installation's secret key, the administrator's id
 *   and the cohort's id, so a digest shown to one administrator for one
 *   cohort is worth nothing for another.  A file that is not UTF-8 is
 *   refused (L4).
 * - Scale (M3): nothing here reads every participant of the scheme.
 *   Candidates come a bounded page at a time with a count; import rows
 *   are matched by indexed lookups before the write transaction, which
 *   then only inserts (each insert re-checks the person is still active).
 * - Every change is audited: cohort.add, cohort.edit, cohort.delete,
 *   cohort.members.add (count), cohort.members.remove, cohort.import.
 */

#define APP_COHORT_NAME_MAX 100
#define APP_COHORT_DESC_MAX 2000
#define APP_COHORT_CSV_MAX (1024 * 1024)     /* bytes */
#define APP_COHORT_CSV_ROWS 5000
#define APP_COHORT_ADD_MAX 1000              /* people picked at once */
#define APP_COHORT_CANDIDATES_SHOWN 50       /* candidates on one page */
#define APP_COHORT_MEMBERS_PAGE 200          /* members on one page */

struct app_cohort_in {
	const char *name;
	const char *description;
	const char *starts_on;       /* YYYY-MM-DD or "" */
	const char *ends_on;
};

/* The rules that need no database: problems on name, description,
 * starts_on, ends_on.  True when none. */
bool app_cohort_check(const struct app_cohort_in *in, struct app_problems *ps);

enum err app_cohort_create(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const struct app_cohort_in *in, const char *ip,
    struct app_problems *ps, int64_t *id);
enum err app_cohort_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, struct db_cohort *out);
enum err app_cohort_update(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const struct app_cohort_in *in, const char *ip, struct app_problems *ps);
/* Members are only unlinked. */
enum err app_cohort_delete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *ip);

/* The members (by family name): page 1, 2 ... of APP_COHORT_MEMBERS_PAGE
 * (page 0: all of them, for tests and small cohorts). */
enum err app_cohort_members(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, int64_t page, struct db_cohort_person **out, size_t *n);
/* Who could be added: active participants not in the cohort, whose name,
 * username or email contains q (any case; "" all): the first
 * APP_COHORT_CANDIDATES_SHOWN by family name, and *total how many match. */
enum err app_cohort_candidates(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *q, struct db_cohort_person **out, size_t *n, int64_t *total);
/* Add the people picked: each must be a candidate (problem on "people"
 * naming who cannot be added, and nothing written).  *added how many. */
enum err app_cohort_add_people(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const int64_t *users, size_t nusers, const char *ip,
    struct app_problems *ps, size_t *added);
enum err app_cohort_remove_person(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, int64_t user_id, const char *ip);

/* One data row of an import. */
struct app_cohort_import_row {
	size_t line;
	const char *value;           /* the username or email as given */
	const char *problem;         /* NULL: will be added */
	int64_t user_id;
	const char *name;
};

struct app_cohort_import {
	const char *column;          /* "username" or "email" */
	const char *ignored;         /* other columns, ", " separated */
	const char *file_problem;    /* the whole file: no header, unreadable ... */
	struct app_cohort_import_row *rows;
	size_t nrows;
	size_t nadd, nproblems;
	char hash[65];               /* keyed digest of the text, hex (see the rules) */
	bool is_written;
};

/* Check (dry_run) or import a CSV.  Dry run: ERR_OK with the result,
 * nothing written.  Import: expect_hash, the digest a dry run gave this
 * administrator for this cohort, must match the text's ("" or NULL:
 * "Check the file first"); any row problem or file problem
 * ERR_BAD_INPUT with the result and nothing written; else all rows added
 * in one transaction and one audit row (someone's account changed
 * between the check and the write: a file problem, nothing written).
 * ERR_NOT_FOUND as app_cohort_get. */
enum err app_cohort_import(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *text, size_t len, bool dry_run, const char *expect_hash,
    const char *ip, struct app_cohort_import *out);

/* "Mentor", "Mentee", "Mentor and mentee" from db_cohort_person.roles. */
const char *app_cohort_roles_words(const char *roles);

#endif
