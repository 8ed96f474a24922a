/*
 * training.h - storage of mentor training records (PRO-9) and declared
 * conflicts (FIND-4), and the small look-ups about a scheme's people
 * their pages need (who are its mentors and mentees, who has an email).
 *
 * Conventions as db.h: ERR_OK, ERR_NOT_FOUND, ERR_BUSY, ERR_DB; strings
 * copied into the caller's arena; writes inside the caller's
 * transaction.  Who may read or change a row is decided in app, never
 * here.
 */
#ifndef TANDEM_DB_TRAINING_H
#define TANDEM_DB_TRAINING_H

#include "db/db.h"

/* ---- training records ---- */

struct db_training {
	int64_t id;
	int64_t user_id;
	const char *kind;                  /* course, refresher, qualification */
	const char *course;
	const char *provider;
	const char *completed_on;          /* YYYY-MM-DD */
	const char *refresh_due_on;        /* YYYY-MM-DD or "" */
	const char *certificate_name;      /* generated (files.h), "" for none */
	const char *certificate_type;      /* application/pdf, image/jpeg, image/png */
	const char *certificate_filename;  /* sanitised original, for the download */
	int64_t verified_by;               /* 0: none, or the verifier's account is gone */
	int64_t verified_at;               /* 0: not verified (the test of "verified") */
	int64_t created_at;
	const char *verifier_name;         /* "" when not verified or the verifier is gone */
	int64_t version;                   /* +1 on every change of the record */
};

/* A person's records, newest completion first. */
enum err db_training_list(struct db *db, struct arena *a, int64_t user_id,
    struct db_training **out, size_t *n);
enum err db_training_get(struct db *db, struct arena *a, int64_t id,
    struct db_training *out);
/* user_id, kind, course, provider, completed_on, refresh_due_on from t. */
enum err db_training_add(struct db *db, const struct db_training *t, int64_t now,
    int64_t *id);
/* kind, course, provider and dates from t (by t->id); clears the
 * verification. */
enum err db_training_update(struct db *db, const struct db_training *t);
/* The certificate columns from t (by t->id); clears the verification. */
enum err db_training_set_certificate(struct db *db, const struct db_training *t);
enum err db_training_delete(struct db *db, int64_t id);
/* verified_by 0 clears the verification.  Only when the record is still
 * at `version`: ERR_CONFLICT when it changed (or went) since. */
enum err db_training_verify(struct db *db, int64_t id, int64_t version,
    int64_t verified_by, int64_t now);

/* A mentor of a scheme with their newest record (record.id 0: none). */
struct db_mentor_training {
	int64_t user_id;
	const char *name;
	const char *email;
	struct db_training latest;
	int64_t nrecords;
};
/* One page of them, by name: filter "all", "overdue" (the newest
 * record's refresher is before today, "YYYY-MM-DD"), "unverified" (any
 * record not verified) or "none" (no record). */
enum err db_training_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    const char *filter, const char *today, int64_t limit, int64_t offset,
    struct db_mentor_training **out, size_t *n);

/* Counts over all of a scheme's active mentors. */
struct db_training_counts {
	int64_t mentors;
	int64_t overdue;              /* newest record's refresher overdue */
	int64_t without_training;
	int64_t unverified_records;   /* every record, not just the newest */
	int64_t unverified_mentors;   /* mentors with an unverified record */
};
enum err db_training_scheme_counts(struct db *db, int64_t scheme_id, const char *today,
    struct db_training_counts *out);

/* ---- people of a scheme ---- */

/* The schemes in which user_id has `role`, ascending. */
enum err db_role_schemes(struct db *db, struct arena *a, int64_t user_id,
    const char *role, int64_t **out, size_t *n);

struct db_person {
	int64_t id;
	const char *name;
	const char *email;
};
/* Active people with `role` in the scheme, by family then given name. */
enum err db_scheme_people(struct db *db, struct arena *a, int64_t scheme_id,
    const char *role, struct db_person **out, size_t *n);
/* The active person user_id if they have `role` in the scheme;
 * ERR_NOT_FOUND if not. */
enum err db_scheme_person_get(struct db *db, struct arena *a, int64_t scheme_id,
    const char *role, int64_t user_id, struct db_person *out);
/* The active person with `role` in the scheme and this email (any case);
 * ERR_NOT_FOUND if none. */
enum err db_scheme_person_by_email(struct db *db, struct arena *a, int64_t scheme_id,
    const char *role, const char *email, struct db_person *out);

/* ---- declared conflicts ---- */

struct db_conflict {
	int64_t id;
	int64_t scheme_id;
	int64_t mentee_id;        /* 0: a mentor named a mentee by email only */
	int64_t mentor_id;        /* 0: a mentee named a mentor by email only */
	const char *name;         /* as typed ("" when picked) */
	const char *email;        /* as typed ("" when picked) */
	const char *kind;         /* supervisor, appraiser, other */
	int64_t declared_by;
	int64_t created_at;
	const char *mentee_name;  /* "" when named by email only */
	const char *mentor_name;  /* "" when named by email only */
	const char *declarer_name;
	bool is_registered;       /* both ids set, or someone has the email now
	                             (worked out when listing: for administrators
	                             only, never a mentor's own list) */
};
enum err db_conflict_add(struct db *db, const struct db_conflict *c, int64_t now,
    int64_t *id);
enum err db_conflict_get(struct db *db, struct arena *a, int64_t id,
    struct db_conflict *out);
enum err db_conflict_delete(struct db *db, int64_t id);
/* Whether declared_by already named this mentor, or this email (any
 * case), in the scheme (mentor_id 0 and email "" match nothing). */
enum err db_conflict_exists(struct db *db, int64_t scheme_id, int64_t declared_by,
    int64_t mentor_id, const char *email, bool *exists);
/* What one person declared in a scheme, newest first. */
enum err db_conflicts_by_declarer(struct db *db, struct arena *a, int64_t declared_by,
    int64_t scheme_id, struct db_conflict **out, size_t *n);
/* Every declaration in a scheme, by mentee. */
enum err db_conflicts_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_conflict **out, size_t *n);

#endif
