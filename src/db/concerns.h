/*
 * concerns.h - storage of raised concerns (MSG-5), their handlers' notes
 * and the schemes' named escalation contacts.
 *
 * Conventions as db.h: ERR_OK, ERR_NOT_FOUND, ERR_CONFLICT (a contact
 * already on the list, a status changed meanwhile), ERR_BUSY, ERR_DB;
 * strings copied into the caller's arena; writes inside the caller's
 * transaction.  Who may read or change a row is decided in app
 * (app/concerns.c), never here.
 */
#ifndef TANDEM_DB_CONCERNS_H
#define TANDEM_DB_CONCERNS_H

#include "db/db.h"

/* A contact, a possible contact or a site administrator. */
struct db_concern_person {
	int64_t id;
	const char *name;
	const char *email;
	int64_t added_at;              /* contacts: when added; else 0 */
	const char *given_name;        /* for the greeting of an email */
};

/* The scheme's contacts that still count (an active administrator of
 * the scheme, or an active site administrator), by name. */
enum err db_concern_contacts(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_concern_person **out, size_t *n);
/* Whether user_id is one of those. */
enum err db_concern_contact_is(struct db *db, int64_t scheme_id, int64_t user_id,
    bool *is_contact);
/* Who may be added: the scheme's active administrators and the active
 * site administrators who are not on the list, by name. */
enum err db_concern_contact_candidates(struct db *db, struct arena *a, int64_t scheme_id,
    struct db_concern_person **out, size_t *n);
/* ERR_CONFLICT when already on the list. */
enum err db_concern_contact_add(struct db *db, int64_t scheme_id, int64_t user_id,
    int64_t added_by, int64_t now);
/* ERR_NOT_FOUND when not on the list. */
enum err db_concern_contact_remove(struct db *db, int64_t scheme_id, int64_t user_id);
/* The active site administrators, oldest account first. */
enum err db_concern_site_admins(struct db *db, struct arena *a,
    struct db_concern_person **out, size_t *n);

struct db_concern {
	int64_t id;
	int64_t scheme_id;
	const char *scheme_name;
	int64_t raised_by;             /* 0: the account is gone */
	const char *raiser_name;
	const char *raiser_email;
	int64_t relationship_id;       /* 0: none */
	int64_t about_id;              /* the other person of that relationship; 0 none */
	const char *about_name;
	const char *kind;              /* about_mentor, about_mentee, safeguarding,
	                                  patient_safety, fitness_to_practise, other */
	const char *details;
	bool may_contact;
	const char *contact_how;
	const char *status;            /* new, in_progress, closed */
	int64_t created_at;
	int64_t updated_at;
};

/* scheme_id, raised_by, relationship_id (0 none), about_id (0 none),
 * kind, details, may_contact, contact_how from c; status "new". */
enum err db_concern_add(struct db *db, const struct db_concern *c, int64_t now,
    int64_t *id);
enum err db_concern_get(struct db *db, struct arena *a, int64_t id,
    struct db_concern *out);
/* A scheme's concerns, newest first, at most `limit`. */
enum err db_concerns_of_scheme(struct db *db, struct arena *a, int64_t scheme_id,
    int64_t limit, struct db_concern **out, size_t *n);
/* What one person raised, newest first, at most `limit`. */
enum err db_concerns_of_raiser(struct db *db, struct arena *a, int64_t user_id,
    int64_t limit, struct db_concern **out, size_t *n);
/* from -> to; ERR_CONFLICT when the status is no longer `from`. */
enum err db_concern_set_status(struct db *db, int64_t id, const char *from,
    const char *to, int64_t now);
/* updated_at = now (a note was added). */
enum err db_concern_touch(struct db *db, int64_t id, int64_t now);

/* A handler's note (text, status "") or a change of status (status set,
 * text ""). */
struct db_concern_note {
	int64_t id;
	int64_t concern_id;
	int64_t author_id;             /* 0: the account is gone */
	const char *author_name;
	const char *status;
	const char *text;
	int64_t created_at;
};
enum err db_concern_note_add(struct db *db, int64_t concern_id, int64_t author_id,
    const char *status, const char *text, int64_t now, int64_t *id);
/* Oldest first. */
enum err db_concern_notes(struct db *db, struct arena *a, int64_t concern_id,
    struct db_concern_note **out, size_t *n);

#endif
