/*
 * training.h - mentor training records (PRO-9: "has completed a training
 * course in mentoring", refreshers, qualifications) with an optional
 * certificate and an administrator's verification.
 *
 * Who may do what:
 *   - a mentor (the mentor role in any scheme) keeps their own records:
 *     list, add, edit (which clears a verification: what was verified
 *     is no longer what the record says), delete, upload a certificate;
 *   - an administrator of a scheme where the owner is a mentor (or a
 *     site administrator) may read the record, download its certificate
 *     and verify or unverify it.
 * Anyone else gets ERR_NOT_FOUND for a record, never a hint it exists;
 * a person without the mentor role gets ERR_FORBIDDEN for their own list.
 *
 * Verified means verified_at is set (verified_by goes NULL when the
 * verifier's account is deleted: "a former administrator").  Every
 * change of a record (edit, certificate) clears it and bumps
 * record.version; a verification names the version the administrator
 * looked at, and is refused (ERR_CONFLICT) when it is no longer current.
 *
 * Lengths are counted in characters (UTF-8), never bytes.
 *
 * Dates are "YYYY-MM-DD" text (UTC): completed_on a real date not after
 * today, refresh_due_on empty or after completed_on.
 *
 * Certificates: PDF, JPEG or PNG up to APP_CERT_MAX bytes, recognised
 * from the bytes alone, never the name or the browser's Content-Type: a
 * PDF has "%PDF-1.0".."%PDF-1.7" or "%PDF-2.0" within its first 1024
 * bytes and "%%EOF" within its last 1024; a JPEG or PNG goes through
 * image_clean (core/image.h) and only the cleaned copy (no metadata) is
 * kept.  Stored under a generated name (core/files.h);
 * the name as uploaded is kept, sanitised, only as the download name.
 * Trap: the stored file is written before the transaction and removed
 * again if the transaction fails; a replaced or deleted record's old
 * file is removed after the commit (a crash in between leaves an orphan
 * file, never a record without its file).
 */
#ifndef TANDEM_APP_TRAINING_H
#define TANDEM_APP_TRAINING_H

#include "app/account.h"
#include "app/date.h"
#include "db/training.h"

#define APP_CERT_MAX (10 * 1024 * 1024)
#define APP_COURSE_MAX 200
#define APP_PROVIDER_MAX 200

/* An uploaded file as app sees it (handlers copy from struct upload). */
struct app_file {
	const char *path;           /* temporary file with the bytes */
	size_t len;
	const char *filename;       /* as the browser sent it (display only) */
};

struct app_training_in {
	const char *kind;           /* course, refresher, qualification */
	const char *course;
	const char *provider;
	const char *completed_on;   /* YYYY-MM-DD */
	const char *refresh_due_on; /* YYYY-MM-DD or "" */
};

/* ---- rules (pure: unit-tested without a database) ---- */

/* Every rule of a record (problems on kind, course, provider,
 * completed_on, refresh_due_on); ERR_BAD_INPUT when there are any.
 * today is "YYYY-MM-DD". */
enum err app_training_check(const struct app_training_in *in, const char *today,
    struct app_problems *ps);

/* What the bytes of a certificate are: ERR_OK with *mime and *ext
 * ("application/pdf"/"pdf", "image/jpeg"/"jpg", "image/png"/"png"), or
 * ERR_BAD_INPUT.  A PDF's header and end marker are checked here; an
 * image is only recognised (app_certificate_clean validates it). */
enum err app_certificate_sniff(const unsigned char *data, size_t len,
    const char **mime, const char **ext);

/* The bytes to store for a certificate: a PDF as sent, a JPEG or PNG as
 * image_clean leaves it.  ERR_BAD_INPUT with *why a sentence for the
 * person ("The selected file must be a PDF, JPG or PNG", or image_clean's
 * own). */
enum err app_certificate_clean(struct arena *a, const unsigned char *data, size_t len,
    const char **mime, const char **ext, const unsigned char **out, size_t *out_len,
    const char **why);

/* The name a download is offered under: the uploaded name with anything
 * but letters, digits, space, '.', '-', '_', '(' and ')' replaced by
 * '_', at most 100 bytes, ending in .ext; "certificate.ext" when
 * nothing is left. */
const char *app_certificate_filename(struct arena *a, const char *uploaded,
    const char *ext);

/* Is the refresher overdue (due date set and before today)? */
bool app_training_is_overdue(const struct db_training *t, const char *today);

/* Is the record verified (verified_at set, whoever did it)? */
bool app_training_is_verified(const struct db_training *t);

/* ---- records ---- */

/* Does me have the mentor role in any (active) scheme? */
bool app_is_mentor(const struct app_auth *me);

/* me's own records, newest first.  ERR_FORBIDDEN when me is no mentor. */
enum err app_training_list(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_training **out, size_t *n);

/* One record: to its owner, or (unless owner_only) to an administrator
 * of a scheme where the owner is a mentor.  ERR_NOT_FOUND otherwise. */
enum err app_training_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, bool owner_only, struct db_training *out);

/* Add a record of me's (and its certificate when cert is not NULL),
 * audited "training.add".  ERR_FORBIDDEN for a non-mentor; ERR_BAD_INPUT
 * with problems (the certificate's on "certificate"). */
enum err app_training_add(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_training_in *in, const struct app_file *cert,
    const char *data_dir, const char *ip, struct app_problems *ps, int64_t *id);

/* Change one of me's records (and replace its certificate when cert is
 * not NULL); clears the verification.  *was_verified says whether it had
 * one.  Audited "training.edit". */
enum err app_training_update(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const struct app_training_in *in, const struct app_file *cert,
    const char *data_dir, const char *ip, struct app_problems *ps, bool *was_verified);

/* Replace (or add) the certificate of one of me's records.  Audited
 * "training.certificate". */
enum err app_training_set_certificate(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t id, const struct app_file *cert,
    const char *data_dir, const char *ip, struct app_problems *ps);

/* Delete one of me's records and its certificate.  Audited
 * "training.delete". */
enum err app_training_delete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *data_dir, const char *ip);

/* The stored certificate of a record visible to me (as app_training_get
 * with owner_only false): its full path, type and download name.
 * ERR_NOT_FOUND when there is none or me may not see it. */
enum err app_training_certificate(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t id, const char *data_dir,
    const char **path, const char **mime, const char **filename);

/* Verify (or, with is_verified false, unverify) a record as it was at
 * `version`: me must administer a scheme where its owner is a mentor
 * (else ERR_NOT_FOUND; and for me's own record: another administrator
 * must verify it).  ERR_CONFLICT when the record changed since (its
 * version is no longer `version`).  Audited "training.verify" /
 * "training.unverify" in such a scheme's log (the first one). */
enum err app_training_verify(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, int64_t version, bool is_verified, const char *ip);

#define APP_TRAINING_PAGE 50   /* mentors per page of the administrator's list */

/* Is filter one of "all", "overdue", "unverified", "none"? */
bool app_training_filter_ok(const char *filter);

/* One page (1-based, APP_TRAINING_PAGE mentors) of a scheme's mentors with
 * their newest record, narrowed by filter (app_training_filter_ok; NULL
 * or "" is "all"), and the counts over the whole scheme; for its
 * administrators (ERR_NOT_FOUND for anyone else or an unknown scheme). */
enum err app_training_of_scheme(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t scheme_id, const char *filter, int64_t page,
    struct db_scheme *scheme, struct db_training_counts *counts,
    struct db_mentor_training **out, size_t *n);

/* Every record of one mentor of a scheme, for the scheme's
 * administrators: ERR_NOT_FOUND unless me administers the scheme and
 * user_id is an active mentor in it. */
enum err app_training_of_mentor(struct db *db, struct arena *a,
    const struct app_auth *me, int64_t scheme_id, int64_t user_id,
    struct db_scheme *scheme, struct db_person *mentor, struct db_training **out,
    size_t *n);

#endif
