/*
 * scheme.c - schemes and their settings record (ADM-2, ADM-9).
 *
 * A scheme is created with the defaults the seed documents describe: a
 * mentor response deadline of 5 working days (REQ-7), a minimum
 * commitment of one hour a month (REL-9), two mentees per mentor, no
 * session cap until the scheme sets one (REL-7), and a plain privacy
 * notice the administrator is expected to replace (ACC-2).
 */
#include "app/app.h"

#include <string.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/strparse.h"
#include "db/db.h"
#include "db/health.h"

static const char default_privacy_notice[] =
	"We use the information you give us to run this mentoring scheme: to "
	"approve your registration, to help you find a mentor or mentee, to "
	"keep a record of your mentoring sessions, and to report on the "
	"scheme as a whole. Equality monitoring information is only ever used "
	"in anonymous totals. Notes and documents you keep private are seen by "
	"no one else. You can withdraw your consent at any time, and you can "
	"ask for a copy of everything we hold about you.";

enum err
app_scheme_add_cli(struct db *db, struct arena *a, const char *slug, const char *name,
    const char *admin_username, struct app_problems *ps, int64_t *id)
{
	size_t slen = strlen(slug), before = ps->n;
	bool ok = slen >= 1 && slen <= 64;
	for (const char *p = slug; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-';
	if (!ok)
		app_problem(ps, "slug", "The short name must be 1 to 64 lower-case letters, "
		    "numbers or hyphens, like northfield-aspire");
	if (str_utf8_len(name) < 1 || str_utf8_len(name) > 200)
		app_problem(ps, "name", "Give the scheme a name of up to 200 characters");
	if (ps->n > before)
		return ERR_BAD_INPUT;

	struct db_user admin = {0};
	enum err rc;
	if (admin_username != NULL &&
	    (rc = db_user_by_username(db, a, admin_username, &admin)) != ERR_OK)
		return rc;
	if ((rc = db_begin(db)) != ERR_OK)
		return rc;
	if ((rc = app_scheme_create_tx(db, slug, name, "", id)) == ERR_OK &&
	    admin.id != 0)
		rc = db_role_add(db, admin.id, *id, "scheme_admin", clock_now());
	if (rc == ERR_OK)
		rc = app_audit_tx(db, 0, *id, "scheme.add_cli",
		    arena_printf(a, "scheme:%s", slug),
		    admin.id ? arena_printf(a, "administrator user:%lld",
		    (long long)admin.id) : "", "");
	if (rc == ERR_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

enum err
app_schemes_active(struct db *db, struct arena *a, struct db_scheme **out, size_t *n)
{
	struct db_scheme *all;
	size_t total, k = 0;
	enum err rc = db_scheme_list(db, a, &all, &total);
	if (rc != ERR_OK)
		return rc;
	for (size_t i = 0; i < total; i++)
		if (all[i].is_active)
			all[k++] = all[i];
	*out = all;
	*n = k;
	return ERR_OK;
}

enum err
app_scheme_notice(struct db *db, struct arena *a, int64_t scheme_id,
    const char **text, int64_t *version)
{
	struct db_scheme sc;
	struct db_scheme_settings st;
	enum err rc = db_scheme_get(db, a, scheme_id, &sc);
	if (rc != ERR_OK)
		return rc;
	if (!sc.is_active)
		return ERR_NOT_FOUND;
	if ((rc = db_scheme_settings_get(db, a, scheme_id, &st)) != ERR_OK)
		return rc;
	*text = st.privacy_notice;
	*version = st.privacy_notice_version;
	return ERR_OK;
}

enum err
app_health(struct db *db, int *schema)
{
	int64_t users;
	enum err rc = db_user_count(db, &users);
	*schema = rc == ERR_OK ? db_schema_version(db) : 0;
	return rc;
}

enum err
app_ready(struct db *db, struct arena *a, int *schema, int *expected,
    const char **reason)
{
	const char *why;
	*expected = db_migrations_known();
	*schema = db_schema_version(db);
	*reason = "";
	if (*schema != *expected) {
		/* another binary migrated it (or it was restored from another
		 * version) while this one runs: its statements may not fit */
		*reason = arena_printf(a, "the schema is at version %d but this "
		    "Tandem expects %d", *schema, *expected);
		return ERR_BUSY;
	}
	if (db_health_probe(db, APP_READY_BUSY_MS, &why) != ERR_OK) {
		*reason = arena_printf(a, "the database cannot be written: %s", why);
		return ERR_BUSY;
	}
	return ERR_OK;
}

enum err
app_outbox_counts(struct db *db, int64_t *queued, int64_t *failed)
{
	return db_outbox_counts(db, queued, failed);
}

enum err
app_scheme_create_tx(struct db *db, const char *slug, const char *name,
    const char *description, int64_t *id)
{
	int64_t now = clock_now();
	enum err rc = db_scheme_create(db, slug, name, description, now, id);
	if (rc != ERR_OK)
		return rc;
	struct db_scheme_settings s = {
		.scheme_id = *id,
		.allow_mentee_requests = true,
		.allow_system_proposals = false,
		.allow_admin_assignment = true,
		.default_capacity = 2,
		.session_cap = 0,
		.extension_sessions = 2,
		.min_minutes_per_month = 60,
		.response_deadline_days = 5,
		.admin_sees_documents = false,
		.privacy_notice = default_privacy_notice,
		.privacy_notice_version = 1,
		.escalation_contact = "",
		.updated_at = now,
		.registration_open = true,   /* ADM-2: taking registrations */
		.approval_required = true,   /* ACC-3: approved by an administrator */
	};
	return db_scheme_settings_put(db, &s);
}
