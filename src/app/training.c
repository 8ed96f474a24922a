/*
 * training.c - mentor training records (training.h): the date and
 * certificate rules, and who may read, change and verify a record.
 *
 * Design: every function starts by deciding access (owner, or an
 * administrator of a scheme where the owner is a mentor) and answers
 * ERR_NOT_FOUND for anything else, so ids of other people's records
 * reveal nothing.  Certificate bytes are read from the upload's
 * temporary file, sniffed, stored under a generated name before the
 * transaction, and removed again if it fails.
 */
#include "app/training.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/files.h"
#include "core/image.h"
#include "core/strparse.h"

/* ---- the rules of a record ---- */

static bool
is_kind(const char *k)
{
	return k != NULL && (strcmp(k, "course") == 0 || strcmp(k, "refresher") == 0 ||
	    strcmp(k, "qualification") == 0);
}

enum err
app_training_check(const struct app_training_in *in, const char *today,
    struct app_problems *ps)
{
	size_t before = ps->n;
	const char *done = in->completed_on ? in->completed_on : "";
	const char *due = in->refresh_due_on ? in->refresh_due_on : "";

	if (!is_kind(in->kind))
		app_problem(ps, "kind", "Select the kind of training");
	if (in->course == NULL || *in->course == '\0')
		app_problem(ps, "course", "Enter the name of the course or qualification");
	else if (str_utf8_len(in->course) > APP_COURSE_MAX)
		app_problem(ps, "course", "Course name must be 200 characters or fewer");
	if (in->provider != NULL && str_utf8_len(in->provider) > APP_PROVIDER_MAX)
		app_problem(ps, "provider", "Provider must be 200 characters or fewer");
	bool done_ok = false;
	if (*done == '\0')
		app_problem(ps, "completed_on", "Enter the date you completed the training");
	else if (!app_date_is_real(done))
		app_problem(ps, "completed_on", "Date completed must be a real date");
	else if (strcmp(done, today) > 0)
		app_problem(ps, "completed_on", "Date completed must be today or in the past");
	else
		done_ok = true;
	if (*due != '\0') {
		if (!app_date_is_real(due))
			app_problem(ps, "refresh_due_on", "Refresher due date must be a real date");
		else if (done_ok && strcmp(due, done) <= 0)
			app_problem(ps, "refresh_due_on",
			    "Refresher due date must be after the date completed");
	}
	return ps->n > before ? ERR_BAD_INPUT : ERR_OK;
}

bool
app_training_is_overdue(const struct db_training *t, const char *today)
{
	return t->refresh_due_on != NULL && *t->refresh_due_on != '\0' &&
	    strcmp(t->refresh_due_on, today) < 0;
}

bool
app_training_is_verified(const struct db_training *t)
{
	return t->verified_at != 0;
}

/* ---- certificates ---- */

#define PDF_WINDOW 1024

/* "%PDF-1.0".."%PDF-1.7" or "%PDF-2.0" starting within the first
 * PDF_WINDOW bytes (readers allow a little before it). */
static bool
pdf_header(const unsigned char *data, size_t len)
{
	for (size_t i = 0; i < PDF_WINDOW && i + 8 <= len; i++) {
		const unsigned char *p = data + i;
		if (memcmp(p, "%PDF-", 5) != 0 || p[6] != '.')
			continue;
		if ((p[5] == '1' && p[7] >= '0' && p[7] <= '7') ||
		    (p[5] == '2' && p[7] == '0'))
			return true;
	}
	return false;
}

/* "%%EOF" wholly within the last PDF_WINDOW bytes. */
static bool
pdf_trailer(const unsigned char *data, size_t len)
{
	size_t from = len > PDF_WINDOW ? len - PDF_WINDOW : 0;
	for (size_t i = from; i + 5 <= len; i++)
		if (memcmp(data + i, "%%EOF", 5) == 0)
			return true;
	return false;
}

enum err
app_certificate_sniff(const unsigned char *data, size_t len, const char **mime,
    const char **ext)
{
	if (pdf_header(data, len) && pdf_trailer(data, len)) {
		*mime = "application/pdf";
		*ext = "pdf";
		return ERR_OK;
	}
	enum image_type t = image_sniff(data, len);
	if (t == IMAGE_JPEG || t == IMAGE_PNG) {
		*mime = image_mime(t);
		*ext = image_ext(t);
		return ERR_OK;
	}
	return ERR_BAD_INPUT;
}

enum err
app_certificate_clean(struct arena *a, const unsigned char *data, size_t len,
    const char **mime, const char **ext, const unsigned char **out, size_t *out_len,
    const char **why)
{
	*why = NULL;
	if (app_certificate_sniff(data, len, mime, ext) != ERR_OK) {
		*why = "The selected file must be a PDF, JPG or PNG";
		return ERR_BAD_INPUT;
	}
	if (strcmp(*ext, "pdf") == 0) {
		*out = data;
		*out_len = len;
		return ERR_OK;
	}
	struct image_info info;
	unsigned char *clean;
	enum err rc = image_clean(a, data, len, &info, &clean, out_len, why);
	if (rc != ERR_OK)
		return rc;
	/* what the cleaner found decides, not the first bytes alone */
	if (info.type != IMAGE_JPEG && info.type != IMAGE_PNG) {
		*why = "The selected file must be a PDF, JPG or PNG";
		return ERR_BAD_INPUT;
	}
	*mime = image_mime(info.type);
	*ext = image_ext(info.type);
	*out = clean;
	return ERR_OK;
}

const char *
app_certificate_filename(struct arena *a, const char *uploaded, const char *ext)
{
	size_t len = uploaded ? strlen(uploaded) : 0, elen = strlen(ext);
	char *out = arena_alloc(a, 100 + elen + 2);
	size_t n = 0;

	/* the stem: up to the last dot, safe characters only */
	const char *dot = uploaded ? strrchr(uploaded, '.') : NULL;
	size_t stem = dot ? (size_t)(dot - uploaded) : len;
	for (size_t i = 0; i < stem && n < 100 - elen - 1; i++) {
		unsigned char c = (unsigned char)uploaded[i];
		out[n++] = isalnum(c) || c == ' ' || c == '.' || c == '-' || c == '_' ||
		    c == '(' || c == ')' ? (char)c : '_';
	}
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '.'))
		n--;
	size_t start = 0;
	while (start < n && (out[start] == ' ' || out[start] == '.'))
		start++;
	if (start == n)
		return arena_printf(a, "certificate.%s", ext);
	out[n] = '\0';
	return arena_printf(a, "%s.%s", out + start, ext);
}

/* Read, sniff and store an upload.  ERR_BAD_INPUT with a problem on
 * "certificate" for the person; t's certificate columns filled. */
static enum err
store_certificate(struct arena *a, const struct app_file *cert, const char *data_dir,
    struct db_training *t, struct app_problems *ps)
{
	unsigned char *data;
	const unsigned char *keep;
	size_t len, keep_len;
	const char *mime, *ext, *why;
	char name[FILES_NAME_MAX];
	enum err rc;

	if (cert->len > APP_CERT_MAX) {
		app_problem(ps, "certificate", "The selected file must be 10 MB or smaller");
		return ERR_BAD_INPUT;
	}
	if (cert->len == 0) {
		app_problem(ps, "certificate", "The selected file is empty");
		return ERR_BAD_INPUT;
	}
	rc = files_read(a, cert->path, APP_CERT_MAX, &data, &len);
	if (rc == ERR_TOO_LARGE) {
		app_problem(ps, "certificate", "The selected file must be 10 MB or smaller");
		return ERR_BAD_INPUT;
	}
	if (rc != ERR_OK)
		return rc;
	rc = app_certificate_clean(a, data, len, &mime, &ext, &keep, &keep_len, &why);
	if (rc == ERR_BAD_INPUT) {
		app_problem(ps, "certificate", why);
		return ERR_BAD_INPUT;
	}
	if (rc != ERR_OK)
		return rc;
	if ((rc = files_store(data_dir, keep, keep_len, ext, name)) != ERR_OK)
		return rc;
	t->certificate_name = arena_strdup(a, name);
	t->certificate_type = mime;
	t->certificate_filename = app_certificate_filename(a, cert->filename, ext);
	return ERR_OK;
}

/* ---- access ---- */

bool
app_is_mentor(const struct app_auth *me)
{
	for (size_t i = 0; me != NULL && i < me->nviews; i++)
		if (strcmp(me->views[i].role, "mentor") == 0)
			return true;
	return false;
}

/* The first scheme where owner is a mentor and me an administrator, or
 * 0 (*scheme_id). */
static enum err
admin_scheme_of(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t owner, int64_t *scheme_id)
{
	int64_t *ids;
	size_t n;
	enum err rc = db_role_schemes(db, a, owner, "mentor", &ids, &n);

	*scheme_id = 0;
	for (size_t i = 0; rc == ERR_OK && i < n; i++) {
		if (app_is_scheme_admin(me, ids[i])) {
			*scheme_id = ids[i];
			break;
		}
	}
	return rc;
}

enum err
app_training_list(struct db *db, struct arena *a, const struct app_auth *me,
    struct db_training **out, size_t *n)
{
	if (!app_is_mentor(me))
		return ERR_FORBIDDEN;
	return db_training_list(db, a, me->user_id, out, n);
}

enum err
app_training_get(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, bool owner_only, struct db_training *out)
{
	enum err rc = db_training_get(db, a, id, out);
	int64_t scheme_id;

	if (rc != ERR_OK || out->user_id == me->user_id)
		return rc;
	if (owner_only)
		return ERR_NOT_FOUND;
	if ((rc = admin_scheme_of(db, a, me, out->user_id, &scheme_id)) != ERR_OK)
		return rc;
	return scheme_id != 0 ? ERR_OK : ERR_NOT_FOUND;
}

static const char *
subject(struct arena *a, int64_t id)
{
	return arena_printf(a, "training:%lld", (long long)id);
}

enum err
app_training_add(struct db *db, struct arena *a, const struct app_auth *me,
    const struct app_training_in *in, const struct app_file *cert,
    const char *data_dir, const char *ip, struct app_problems *ps, int64_t *id)
{
	char today[11];
	struct db_training t = {0};
	enum err rc;

	if (!app_is_mentor(me))
		return ERR_FORBIDDEN;
	app_today(today);
	rc = app_training_check(in, today, ps);
	if (rc != ERR_OK)
		return rc;
	t.user_id = me->user_id;
	t.kind = in->kind;
	t.course = in->course;
	t.provider = in->provider ? in->provider : "";
	t.completed_on = in->completed_on;
	t.refresh_due_on = in->refresh_due_on ? in->refresh_due_on : "";
	if (cert != NULL && (rc = store_certificate(a, cert, data_dir, &t, ps)) != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		goto fail;
	if ((rc = db_training_add(db, &t, clock_now(), id)) == ERR_OK) {
		t.id = *id;
		if (cert != NULL)
			rc = db_training_set_certificate(db, &t);
	}
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, 0, "training.add", subject(a, *id),
		    t.kind, ip);
	if (rc == ERR_OK)
		rc = db_commit(db);
	if (rc != ERR_OK) {
		db_rollback(db);
		goto fail;
	}
	return ERR_OK;
fail:
	if (cert != NULL && t.certificate_name != NULL)
		files_remove(data_dir, t.certificate_name);
	return rc;
}

enum err
app_training_update(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const struct app_training_in *in, const struct app_file *cert,
    const char *data_dir, const char *ip, struct app_problems *ps, bool *was_verified)
{
	char today[11];
	struct db_training old, t;
	enum err rc = app_training_get(db, a, me, id, true, &old);

	*was_verified = false;
	if (rc != ERR_OK)
		return rc;
	*was_verified = app_training_is_verified(&old);
	app_today(today);
	if ((rc = app_training_check(in, today, ps)) != ERR_OK)
		return rc;
	t = old;
	t.kind = in->kind;
	t.course = in->course;
	t.provider = in->provider ? in->provider : "";
	t.completed_on = in->completed_on;
	t.refresh_due_on = in->refresh_due_on ? in->refresh_due_on : "";
	t.certificate_name = NULL;
	if (cert != NULL && (rc = store_certificate(a, cert, data_dir, &t, ps)) != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		goto fail;
	rc = db_training_update(db, &t);
	if (rc == ERR_OK && cert != NULL)
		rc = db_training_set_certificate(db, &t);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, 0, "training.edit", subject(a, id),
		    *was_verified ? "verification cleared" : "", ip);
	if (rc == ERR_OK)
		rc = db_commit(db);
	if (rc != ERR_OK) {
		db_rollback(db);
		goto fail;
	}
	if (cert != NULL && *old.certificate_name)
		files_remove(data_dir, old.certificate_name);
	return ERR_OK;
fail:
	if (cert != NULL && t.certificate_name != NULL)
		files_remove(data_dir, t.certificate_name);
	return rc;
}

enum err
app_training_set_certificate(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const struct app_file *cert, const char *data_dir, const char *ip,
    struct app_problems *ps)
{
	struct db_training old, t;
	enum err rc = app_training_get(db, a, me, id, true, &old);

	if (rc != ERR_OK)
		return rc;
	t = old;
	if ((rc = store_certificate(a, cert, data_dir, &t, ps)) != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		goto fail;
	rc = db_training_set_certificate(db, &t);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, 0, "training.certificate",
		    subject(a, id), t.certificate_type, ip);
	if (rc == ERR_OK)
		rc = db_commit(db);
	if (rc != ERR_OK) {
		db_rollback(db);
		goto fail;
	}
	if (*old.certificate_name)
		files_remove(data_dir, old.certificate_name);
	return ERR_OK;
fail:
	files_remove(data_dir, t.certificate_name);
	return rc;
}

enum err
app_training_delete(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *data_dir, const char *ip)
{
	struct db_training old;
	enum err rc = app_training_get(db, a, me, id, true, &old);

	if (rc != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	rc = db_training_delete(db, id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, 0, "training.delete", subject(a, id),
		    old.course, ip);
	if (rc == ERR_OK)
		rc = db_commit(db);
	if (rc != ERR_OK) {
		db_rollback(db);
		return rc;
	}
	if (*old.certificate_name)
		files_remove(data_dir, old.certificate_name);
	return ERR_OK;
}

enum err
app_training_certificate(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, const char *data_dir, const char **path, const char **mime,
    const char **filename)
{
	struct db_training t;
	enum err rc = app_training_get(db, a, me, id, false, &t);

	if (rc != ERR_OK)
		return rc;
	if (*t.certificate_name == '\0')
		return ERR_NOT_FOUND;
	*path = files_path(a, data_dir, t.certificate_name);
	if (*path == NULL)
		return ERR_NOT_FOUND;
	*mime = t.certificate_type;
	*filename = *t.certificate_filename ? t.certificate_filename : "certificate";
	return ERR_OK;
}

enum err
app_training_verify(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t id, int64_t version, bool is_verified, const char *ip)
{
	struct db_training t;
	int64_t scheme_id;
	enum err rc = db_training_get(db, a, id, &t);

	if (rc != ERR_OK)
		return rc;
	/* an administrator's own record is not theirs to verify: it needs
	 * someone else's eyes */
	if (t.user_id == me->user_id)
		return ERR_NOT_FOUND;
	if ((rc = admin_scheme_of(db, a, me, t.user_id, &scheme_id)) != ERR_OK)
		return rc;
	if (scheme_id == 0)
		return ERR_NOT_FOUND;
	if (t.version != version)
		return ERR_CONFLICT;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	/* checked again inside the transaction: the owner may save between */
	rc = db_training_verify(db, id, version, is_verified ? me->user_id : 0,
	    clock_now());
	if (rc == ERR_OK)
		rc = app_audit_tx(db, me->user_id, scheme_id, is_verified ?
		    "training.verify" : "training.unverify", subject(a, id),
		    arena_printf(a, "user:%lld", (long long)t.user_id), ip);
	if (rc == ERR_OK)
		rc = db_commit(db);
	if (rc != ERR_OK)
		db_rollback(db);
	return rc;
}

bool
app_training_filter_ok(const char *filter)
{
	return filter != NULL && (strcmp(filter, "all") == 0 ||
	    strcmp(filter, "overdue") == 0 || strcmp(filter, "unverified") == 0 ||
	    strcmp(filter, "none") == 0);
}

enum err
app_training_of_scheme(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, const char *filter, int64_t page, struct db_scheme *scheme,
    struct db_training_counts *counts, struct db_mentor_training **out, size_t *n)
{
	char today[11];

	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	if (filter == NULL || *filter == '\0')
		filter = "all";
	if (!app_training_filter_ok(filter))
		return ERR_BAD_INPUT;
	if (page < 1 || page > INT64_MAX / APP_TRAINING_PAGE)
		page = 1;
	enum err rc = db_scheme_get(db, a, scheme_id, scheme);
	if (rc != ERR_OK)
		return rc;
	app_today(today);
	if ((rc = db_training_scheme_counts(db, scheme_id, today, counts)) != ERR_OK)
		return rc;
	return db_training_of_scheme(db, a, scheme_id, filter, today, APP_TRAINING_PAGE,
	    (page - 1) * APP_TRAINING_PAGE, out, n);
}

enum err
app_training_of_mentor(struct db *db, struct arena *a, const struct app_auth *me,
    int64_t scheme_id, int64_t user_id, struct db_scheme *scheme,
    struct db_person *mentor, struct db_training **out, size_t *n)
{
	if (!app_is_scheme_admin(me, scheme_id))
		return ERR_NOT_FOUND;
	enum err rc = db_scheme_get(db, a, scheme_id, scheme);
	if (rc == ERR_OK)
		rc = db_scheme_person_get(db, a, scheme_id, "mentor", user_id, mentor);
	if (rc != ERR_OK)
		return rc;
	return db_training_list(db, a, user_id, out, n);
}
