/*
 * test_schemes.c - the rules of schemes, their administrators, the
 * settings page and the site overview (ADM-2, ADM-9; app/schemes.c).
 *
 * Two schemes, Aspire (A) and Beacon (B), each with its administrator; a
 * mentor and a mentee in A; a site administrator.  The clock is pinned
 * to Mon 23 Nov 2026.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testdb.h"
#include "testpeople.h"

#include "app/schemes.h"
#include "db/audit.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"

#define T0 ((int64_t)1795464861)   /* Mon, 23 Nov 2026 20:14:21 UTC */

struct fixture {
	char dir[TESTDB_DIR_MAX];
	char path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme_a, scheme_b;
	struct app_view va, vb, vm, vt;
	struct app_auth admin_a, admin_b, mentor, mentee, site;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	if (testdb_make("schemes", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);
	if (db_begin(f->db) != ERR_OK ||
	    app_scheme_create_tx(f->db, "aspire", "Aspire", "", &f->scheme_a) != ERR_OK ||
	    app_scheme_create_tx(f->db, "beacon", "Beacon", "", &f->scheme_b) != ERR_OK ||
	    db_commit(f->db) != ERR_OK)
		return -1;
	testpeople_add(f->db, f->scheme_a, "admin.a", "scheme_admin", T0, &f->va, &f->admin_a);
	testpeople_add(f->db, f->scheme_b, "admin.b", "scheme_admin", T0, &f->vb, &f->admin_b);
	testpeople_add(f->db, f->scheme_a, "mentor.one", "mentor", T0, &f->vm, &f->mentor);
	testpeople_add(f->db, f->scheme_a, "mentee.one", "mentee", T0, &f->vt, &f->mentee);
	int64_t site = testdb_user(f->db, "site.admin", T0);
	f->site = (struct app_auth){.user_id = site, .username = "site.admin",
	    .display_name = "Site", .email = "", .is_site_admin = true};
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	testdb_remove(f->dir, f->path);
	arena_free(f->a);
	free(f);
	return 0;
}

static bool
has_problem(const struct app_problems *ps, const char *field)
{
	for (size_t i = 0; i < ps->n; i++)
		if (strcmp(ps->p[i].field, field) == 0)
			return true;
	return false;
}

/* The stored settings as the page would send them back. */
static struct app_scheme_settings_in
current(struct fixture *f, int64_t scheme)
{
	struct app_scheme_settings_page p;
	assert_int_equal(app_scheme_settings(f->db, f->a, &f->site, scheme, &p), ERR_OK);
	return (struct app_scheme_settings_in){
		.name = p.scheme.name, .description = p.scheme.description,
		.is_active = p.scheme.is_active, .registration_open = p.st.registration_open,
		.approval_required = p.st.approval_required,
		.privacy_notice = p.st.privacy_notice,
		.allow_mentee_requests = p.st.allow_mentee_requests,
		.ranked_requests = p.st.ranked_requests,
		.allow_system_proposals = p.st.allow_system_proposals,
		.allow_admin_assignment = p.st.allow_admin_assignment,
		.allow_cohort_matching = p.st.allow_cohort_matching,
		.default_capacity = p.st.default_capacity, .session_cap = p.st.session_cap,
		.extension_sessions = p.st.extension_sessions,
		.min_minutes_per_month = p.st.min_minutes_per_month,
		.response_deadline_days = p.st.response_deadline_days,
		.time_zone = p.st.time_zone, .admin_sees_documents = p.st.admin_sees_documents,
	};
}

/* ADM-9: the list and the overview show each person only their schemes. */
static void
test_overview_scope(void **state)
{
	struct fixture *f = *state;
	struct app_schemes_overview ov;
	assert_int_equal(app_schemes_overview(f->db, f->a, &f->site, &ov), ERR_OK);
	assert_int_equal(ov.n, 2);
	assert_true(ov.may_create);
	assert_int_equal(ov.year, 2026);
	assert_int_equal(ov.totals.mentors, 1);
	assert_int_equal(ov.totals.mentees, 1);
	assert_int_equal(ov.totals.admins, 2);

	assert_int_equal(app_schemes_overview(f->db, f->a, &f->admin_a, &ov), ERR_OK);
	assert_int_equal(ov.n, 1);
	assert_int_equal(ov.rows[0].s.id, f->scheme_a);
	assert_false(ov.may_create);
	assert_int_equal(ov.rows[0].mentors, 1);

	assert_int_equal(app_schemes_overview(f->db, f->a, &f->mentor, &ov), ERR_FORBIDDEN);
	assert_int_equal(app_schemes_overview(f->db, f->a, NULL, &ov), ERR_FORBIDDEN);
}

/* ADM-9: only site administrators create schemes; bad input per field. */
static void
test_create(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t id = 0;
	struct app_scheme_new in = {"cedar", "Cedar", "For doctors", "mentor.one"};
	assert_int_equal(app_scheme_create(f->db, f->a, &f->admin_a, &in, "", &ps, &id),
	    ERR_FORBIDDEN);

	struct app_scheme_new bad = {"Cedar Tree", "", "", "nobody"};
	assert_int_equal(app_scheme_create(f->db, f->a, &f->site, &bad, "", &ps, &id),
	    ERR_BAD_INPUT);
	assert_true(has_problem(&ps, "slug"));
	assert_true(has_problem(&ps, "name"));
	assert_true(has_problem(&ps, "admin_username"));

	ps.n = 0;
	struct app_scheme_new taken = {"aspire", "Again", "", "mentor.one"};
	assert_int_equal(app_scheme_create(f->db, f->a, &f->site, &taken, "", &ps, &id),
	    ERR_BAD_INPUT);
	assert_true(has_problem(&ps, "slug"));

	ps.n = 0;
	struct app_scheme_new edge = {"-cedar", "Cedar", "", "mentor.one"};
	assert_int_equal(app_scheme_create(f->db, f->a, &f->site, &edge, "", &ps, &id),
	    ERR_BAD_INPUT);

	ps.n = 0;
	assert_int_equal(app_scheme_create(f->db, f->a, &f->site, &in, "", &ps, &id), ERR_OK);
	struct app_scheme_settings_page p;
	assert_int_equal(app_scheme_settings(f->db, f->a, &f->site, id, &p), ERR_OK);
	assert_string_equal(p.scheme.slug, "cedar");
	assert_true(p.st.registration_open);
	assert_true(p.st.approval_required);
	assert_false(p.st.allow_cohort_matching);
	assert_int_equal(p.nadmins, 1);
	assert_string_equal(p.admins[0].username, "mentor.one");
}

/* ADM-2 and ADM-9: another scheme's administrator gets ERR_NOT_FOUND. */
static void
test_settings_scope(void **state)
{
	struct fixture *f = *state;
	struct app_scheme_settings_page p;
	assert_int_equal(app_scheme_settings(f->db, f->a, &f->admin_a, f->scheme_a, &p), ERR_OK);
	assert_false(p.may_name_admins);
	assert_int_equal(app_scheme_settings(f->db, f->a, &f->admin_a, f->scheme_b, &p),
	    ERR_NOT_FOUND);
	assert_int_equal(app_scheme_settings(f->db, f->a, &f->mentor, f->scheme_a, &p),
	    ERR_NOT_FOUND);
	assert_int_equal(app_scheme_settings(f->db, f->a, &f->site, 999, &p), ERR_NOT_FOUND);

	struct app_scheme_settings_in in = current(f, f->scheme_b);
	in.session_cap = 8;
	struct app_problems ps = {0};
	int changed = 0;
	assert_int_equal(app_scheme_settings_save(f->db, f->a, &f->admin_a, f->scheme_b, &in,
	    "", &ps, &changed), ERR_NOT_FOUND);
	assert_int_equal(current(f, f->scheme_b).session_cap, 0);
}

/* ADM-2: every range checked, the problem on its field, nothing saved. */
static void
test_settings_checks(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *field;
		int64_t capacity, cap, ext, minutes, days;
		const char *zone, *name, *notice;
	} cases[] = {
		{"default_capacity", 0, 0, 2, 60, 5, "Europe/London", "A", "N"},
		{"default_capacity", 51, 0, 2, 60, 5, "Europe/London", "A", "N"},
		{"session_cap", 2, 101, 2, 60, 5, "Europe/London", "A", "N"},
		{"session_cap", 2, -1, 2, 60, 5, "Europe/London", "A", "N"},
		{"extension_sessions", 2, 0, 21, 60, 5, "Europe/London", "A", "N"},
		{"min_minutes_per_month", 2, 0, 2, 2401, 5, "Europe/London", "A", "N"},
		{"response_deadline_days", 2, 0, 2, 60, 0, "Europe/London", "A", "N"},
		{"response_deadline_days", 2, 0, 2, 60, 61, "Europe/London", "A", "N"},
		{"time_zone", 2, 0, 2, 60, 5, "Mars/Olympus", "A", "N"},
		{"time_zone", 2, 0, 2, 60, 5, "", "A", "N"},
		{"time_zone", 2, 0, 2, 60, 5, "../etc/passwd", "A", "N"},
		{"name", 2, 0, 2, 60, 5, "Europe/London", "", "N"},
		{"privacy_notice", 2, 0, 2, 60, 5, "Europe/London", "A", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct app_scheme_settings_in in = current(f, f->scheme_a);
		in.default_capacity = cases[i].capacity;
		in.session_cap = cases[i].cap;
		in.extension_sessions = cases[i].ext;
		in.min_minutes_per_month = cases[i].minutes;
		in.response_deadline_days = cases[i].days;
		in.time_zone = cases[i].zone;
		in.name = cases[i].name;
		in.privacy_notice = cases[i].notice;
		struct app_problems ps = {0};
		int changed = -1;
		assert_int_equal(app_scheme_settings_save(f->db, f->a, &f->admin_a, f->scheme_a,
		    &in, "", &ps, &changed), ERR_BAD_INPUT);
		assert_int_equal(ps.n, 1);
		assert_string_equal(ps.p[0].field, cases[i].field);
		assert_int_equal(changed, 0);
	}
	struct app_scheme_settings_in none = current(f, f->scheme_a);
	none.allow_mentee_requests = none.allow_system_proposals = false;
	none.allow_admin_assignment = none.allow_cohort_matching = false;
	struct app_problems ps = {0};
	int changed = 0;
	assert_int_equal(app_scheme_settings_save(f->db, f->a, &f->admin_a, f->scheme_a, &none,
	    "", &ps, &changed), ERR_BAD_INPUT);
	assert_true(has_problem(&ps, "allow_mentee_requests"));
	assert_string_equal(current(f, f->scheme_a).name, "Aspire");
}

/* ADM-2: a save changes what was changed; a new notice text is a new
 * version; the same values again change nothing. */
static void
test_settings_save(void **state)
{
	struct fixture *f = *state;
	struct app_scheme_settings_in in = current(f, f->scheme_a);
	int64_t version;
	{
		struct app_scheme_settings_page p;
		assert_int_equal(app_scheme_settings(f->db, f->a, &f->site, f->scheme_a, &p),
		    ERR_OK);
		version = p.st.privacy_notice_version;
	}
	in.session_cap = 8;
	in.registration_open = false;
	in.approval_required = false;
	in.allow_cohort_matching = true;
	in.time_zone = "Europe/Dublin";
	in.is_active = false;
	struct app_problems ps = {0};
	int changed = 0;
	assert_int_equal(app_scheme_settings_save(f->db, f->a, &f->admin_a, f->scheme_a, &in,
	    "", &ps, &changed), ERR_OK);
	assert_int_equal(changed, 6);
	struct app_scheme_settings_page p;
	assert_int_equal(app_scheme_settings(f->db, f->a, &f->site, f->scheme_a, &p), ERR_OK);
	assert_int_equal(p.st.session_cap, 8);
	assert_false(p.st.registration_open);
	assert_false(p.st.approval_required);
	assert_true(p.st.allow_cohort_matching);
	assert_string_equal(p.st.time_zone, "Europe/Dublin");
	assert_false(p.scheme.is_active);
	assert_int_equal(p.st.privacy_notice_version, version);

	bool open = true, approval = true;
	assert_int_equal(app_scheme_joining(f->db, f->a, f->scheme_a, &open, &approval), ERR_OK);
	assert_false(open);
	assert_false(approval);

	in = current(f, f->scheme_a);
	assert_int_equal(app_scheme_settings_save(f->db, f->a, &f->admin_a, f->scheme_a, &in,
	    "", &ps, &changed), ERR_OK);
	assert_int_equal(changed, 0);

	in.privacy_notice = "A new notice.";
	assert_int_equal(app_scheme_settings_save(f->db, f->a, &f->admin_a, f->scheme_a, &in,
	    "", &ps, &changed), ERR_OK);
	assert_int_equal(changed, 1);
	assert_int_equal(app_scheme_settings(f->db, f->a, &f->site, f->scheme_a, &p), ERR_OK);
	assert_int_equal(p.st.privacy_notice_version, version + 1);
	assert_string_equal(p.st.privacy_notice, "A new notice.");
}

/* ADM-9: naming and removing administrators is the site's. */
static void
test_admins(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	assert_int_equal(app_scheme_admin_add(f->db, f->a, &f->admin_a, f->scheme_a,
	    "mentor.one", "", &ps), ERR_FORBIDDEN);
	assert_int_equal(app_scheme_admin_add(f->db, f->a, &f->admin_a, f->scheme_b,
	    "mentor.one", "", &ps), ERR_NOT_FOUND);
	assert_int_equal(app_scheme_admin_add(f->db, f->a, &f->site, f->scheme_a,
	    "nobody", "", &ps), ERR_BAD_INPUT);
	assert_true(has_problem(&ps, "admin_username"));
	ps.n = 0;
	assert_int_equal(app_scheme_admin_add(f->db, f->a, &f->site, f->scheme_a,
	    "admin.a", "", &ps), ERR_BAD_INPUT);
	ps.n = 0;
	/* one person, several schemes, different roles */
	assert_int_equal(app_scheme_admin_add(f->db, f->a, &f->site, f->scheme_b,
	    "mentor.one", "", &ps), ERR_OK);
	struct app_scheme_settings_page p;
	assert_int_equal(app_scheme_settings(f->db, f->a, &f->site, f->scheme_b, &p), ERR_OK);
	assert_int_equal(p.nadmins, 2);
	assert_int_equal(app_scheme_admin_remove(f->db, f->a, &f->admin_b, f->scheme_b,
	    f->mentor.user_id, ""), ERR_FORBIDDEN);
	assert_int_equal(app_scheme_admin_remove(f->db, f->a, &f->site, f->scheme_b,
	    f->mentor.user_id, ""), ERR_OK);
	assert_int_equal(app_scheme_admin_remove(f->db, f->a, &f->site, f->scheme_b,
	    f->mentor.user_id, ""), ERR_NOT_FOUND);
	struct app_schemes_overview ov;
	assert_int_equal(app_schemes_overview(f->db, f->a, &f->site, &ov), ERR_OK);
	assert_int_equal(ov.totals.mentors, 1);   /* still a mentor in A */
}

/* The newest audit row's detail with this action ("" when none). */
static const char *
last_audit(struct fixture *f, const char *action)
{
	struct db_audit_entry *e;
	size_t n;
	assert_int_equal(db_audit_walk(f->db, f->a, 0, 10000, &e, &n), ERR_OK);
	for (size_t i = n; i > 0; i--)
		if (strcmp(e[i - 1].action, action) == 0)
			return e[i - 1].detail;
	return "";
}

/* The outbox's messages of one kind to one address. */
static size_t
mails_to(struct fixture *f, const char *kind, const char *to, const struct db_mail **last)
{
	struct db_mail *m;
	size_t n, k = 0;
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 1000, &m, &n), ERR_OK);
	for (size_t i = 0; i < n; i++)
		if (strcmp(m[i].kind, kind) == 0 && strcmp(m[i].to_addr, to) == 0) {
			k++;
			*last = &m[i];
		}
	return k;
}

/* F5 (ADM-2): every version of the privacy notice is kept with who saved
 * it and when, and readable by the scheme's administrators only. */
static void
test_notice_versions(void **state)
{
	struct fixture *f = *state;
	struct app_scheme_settings_page p;
	assert_int_equal(app_scheme_settings(f->db, f->a, &f->site, f->scheme_a, &p), ERR_OK);
	assert_int_equal(p.nnotices, 1);   /* the new scheme's first, by the trigger */
	assert_int_equal(p.notices[0].version, 1);
	assert_int_equal(p.notices[0].created_by, 0);
	const char *first = p.st.privacy_notice;

	struct app_scheme_settings_in in = current(f, f->scheme_a);
	in.privacy_notice = "Version two.\nWe keep records for six years.";
	struct app_problems ps = {0};
	int changed = 0;
	clock_set(T0 + 3600);
	assert_int_equal(app_scheme_settings_save(f->db, f->a, &f->admin_a, f->scheme_a, &in,
	    "", &ps, &changed), ERR_OK);
	in.privacy_notice = "Version three.";
	assert_int_equal(app_scheme_settings_save(f->db, f->a, &f->admin_a, f->scheme_a, &in,
	    "", &ps, &changed), ERR_OK);
	/* a save that leaves the notice alone adds no version */
	in.session_cap = 4;
	assert_int_equal(app_scheme_settings_save(f->db, f->a, &f->admin_a, f->scheme_a, &in,
	    "", &ps, &changed), ERR_OK);

	assert_int_equal(app_scheme_settings(f->db, f->a, &f->site, f->scheme_a, &p), ERR_OK);
	assert_int_equal(p.st.privacy_notice_version, 3);
	assert_int_equal(p.nnotices, 3);
	assert_int_equal(p.notices[0].version, 3);   /* newest first */
	assert_int_equal(p.notices[1].version, 2);
	assert_int_equal(p.notices[1].created_by, f->admin_a.user_id);
	assert_int_equal(p.notices[1].created_at, T0 + 3600);
	assert_string_equal(p.notices[1].created_by_name, "admin.a Tester");
	assert_null(p.notices[1].text);

	struct app_scheme_notice_page v;
	assert_int_equal(app_scheme_notice_version(f->db, f->a, &f->admin_a, f->scheme_a, 2, &v),
	    ERR_OK);
	assert_string_equal(v.notice.text, "Version two.\nWe keep records for six years.");
	assert_int_equal(v.current_version, 3);
	assert_int_equal(app_scheme_notice_version(f->db, f->a, &f->site, f->scheme_a, 1, &v),
	    ERR_OK);
	assert_string_equal(v.notice.text, first);
	/* another scheme's administrator, a participant, an unknown version */
	assert_int_equal(app_scheme_notice_version(f->db, f->a, &f->admin_b, f->scheme_a, 2, &v),
	    ERR_NOT_FOUND);
	assert_int_equal(app_scheme_notice_version(f->db, f->a, &f->mentee, f->scheme_a, 2, &v),
	    ERR_NOT_FOUND);
	assert_int_equal(app_scheme_notice_version(f->db, f->a, &f->admin_a, f->scheme_a, 4, &v),
	    ERR_NOT_FOUND);
	/* the audit row says the version, never the text */
	const char *d = last_audit(f, "scheme.settings");
	assert_non_null(strstr(d, "session_cap: 0 \xe2\x86\x92 4"));
	d = "";
	struct db_audit_entry *e;
	size_t n;
	assert_int_equal(db_audit_walk(f->db, f->a, 0, 10000, &e, &n), ERR_OK);
	for (size_t i = 0; i < n; i++)
		assert_null(strstr(e[i].detail, "six years"));

	/* a scheme made by the site administrator's page records who wrote
	 * its first version */
	int64_t id = 0;
	struct app_scheme_new sn = {"cedar", "Cedar", "", "mentor.one"};
	assert_int_equal(app_scheme_create(f->db, f->a, &f->site, &sn, "", &ps, &id), ERR_OK);
	assert_int_equal(app_scheme_settings(f->db, f->a, &f->site, id, &p), ERR_OK);
	assert_int_equal(p.nnotices, 1);
	assert_int_equal(p.notices[0].created_by, f->site.user_id);
}

/* F5: name and description changes are audited with their text, the
 * description at most 200 characters each side. */
static void
test_text_audit(void **state)
{
	struct fixture *f = *state;
	struct app_scheme_settings_in in = current(f, f->scheme_a);
	char long_desc[400];
	memset(long_desc, 'x', 300);
	long_desc[300] = '\0';
	in.name = "Aspire Mentoring";
	in.description = long_desc;
	struct app_problems ps = {0};
	int changed = 0;
	assert_int_equal(app_scheme_settings_save(f->db, f->a, &f->admin_a, f->scheme_a, &in,
	    "", &ps, &changed), ERR_OK);
	assert_int_equal(changed, 2);
	const char *d = last_audit(f, "scheme.settings");
	assert_non_null(strstr(d, "name: \"Aspire\" \xe2\x86\x92 \"Aspire Mentoring\""));
	char want[300];
	memset(want, 'x', 200);
	memcpy(want + 200, "\xe2\x80\xa6\"", 5);
	want[205] = '\0';
	const char *at = strstr(d, "description: \"\" \xe2\x86\x92 \"");
	assert_non_null(at);
	assert_string_equal(strchr(at, 0x92) + 3, want);   /* after "→ \"" */

	/* multi-byte characters are counted as characters, lines joined */
	in = current(f, f->scheme_a);
	in.description = "Für Ärzte\nund Pflege";
	assert_int_equal(app_scheme_settings_save(f->db, f->a, &f->admin_a, f->scheme_a, &in,
	    "", &ps, &changed), ERR_OK);
	d = last_audit(f, "scheme.settings");
	assert_non_null(strstr(d, "\xe2\x86\x92 \"Für Ärzte und Pflege\""));
}

/* F10: every field's problem at once, each with its own range. */
static void
test_all_problems(void **state)
{
	struct fixture *f = *state;
	struct app_scheme_settings_in in = current(f, f->scheme_a);
	in.name = "";
	in.time_zone = "Mars/Olympus";
	in.default_capacity = 51;
	in.response_deadline_days = 0;
	struct app_problems ps = {0};
	assert_int_equal(app_scheme_settings_check(&in, &ps), ERR_BAD_INPUT);
	assert_int_equal(ps.n, 4);
	assert_true(has_problem(&ps, "name"));
	assert_true(has_problem(&ps, "time_zone"));
	assert_true(has_problem(&ps, "default_capacity"));
	assert_true(has_problem(&ps, "response_deadline_days"));
	in = current(f, f->scheme_a);
	ps.n = 0;
	assert_int_equal(app_scheme_settings_check(&in, &ps), ERR_OK);
	assert_int_equal(ps.n, 0);
}

/* Naming an administrator emails them (scheme.admin_named), in the same
 * transaction: the scheme's first administrator too. */
static void
test_admin_named_email(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	const struct db_mail *m = NULL;
	assert_int_equal(app_scheme_admin_add(f->db, f->a, &f->site, f->scheme_b,
	    "mentor.one", "", &ps), ERR_OK);
	assert_int_equal(mails_to(f, "scheme.admin_named", "mentor.one@example.nhs.uk", &m), 1);
	assert_string_equal(m->subject, "You are now an administrator of Beacon");
	assert_int_equal(m->scheme_id, f->scheme_b);
	assert_non_null(strstr(m->body_text, "Site, a site administrator, has made you an "
	    "administrator of Beacon"));
	assert_non_null(strstr(m->body_text, "approve people who register"));
	assert_non_null(strstr(m->body_text, "administrator's guide"));
	assert_non_null(strstr(m->body_text, arena_printf(f->a, "/admin/schemes/%lld/settings",
	    (long long)f->scheme_b)));
	/* refused: no email */
	assert_int_equal(app_scheme_admin_add(f->db, f->a, &f->site, f->scheme_b,
	    "mentor.one", "", &ps), ERR_BAD_INPUT);
	assert_int_equal(mails_to(f, "scheme.admin_named", "mentor.one@example.nhs.uk", &m), 1);

	int64_t id = 0;
	struct app_scheme_new sn = {"cedar", "Cedar", "", "mentee.one"};
	ps.n = 0;
	assert_int_equal(app_scheme_create(f->db, f->a, &f->site, &sn, "", &ps, &id), ERR_OK);
	assert_int_equal(mails_to(f, "scheme.admin_named", "mentee.one@example.nhs.uk", &m), 1);
	assert_string_equal(m->subject, "You are now an administrator of Cedar");
	assert_int_equal(m->scheme_id, id);
}

/* F9: the removal's confirmation knows who is left; removing the last
 * administrator is allowed (the site administrators run the scheme). */
static void
test_admin_removal(void **state)
{
	struct fixture *f = *state;
	struct app_scheme_admin_removal r;
	assert_int_equal(app_scheme_admin_removal(f->db, f->a, &f->site, f->scheme_a,
	    f->admin_a.user_id, &r), ERR_OK);
	assert_int_equal(r.others, 0);
	assert_string_equal(r.person.username, "admin.a");
	assert_string_equal(r.scheme.name, "Aspire");
	assert_int_equal(app_scheme_admin_removal(f->db, f->a, &f->site, f->scheme_a,
	    f->mentor.user_id, &r), ERR_NOT_FOUND);       /* not an administrator */
	assert_int_equal(app_scheme_admin_removal(f->db, f->a, &f->admin_a, f->scheme_a,
	    f->admin_a.user_id, &r), ERR_FORBIDDEN);
	assert_int_equal(app_scheme_admin_removal(f->db, f->a, &f->admin_b, f->scheme_a,
	    f->admin_a.user_id, &r), ERR_NOT_FOUND);
	struct app_problems ps = {0};
	assert_int_equal(app_scheme_admin_add(f->db, f->a, &f->site, f->scheme_a,
	    "mentor.one", "", &ps), ERR_OK);
	assert_int_equal(app_scheme_admin_removal(f->db, f->a, &f->site, f->scheme_a,
	    f->admin_a.user_id, &r), ERR_OK);
	assert_int_equal(r.others, 1);
	assert_int_equal(app_scheme_admin_remove(f->db, f->a, &f->site, f->scheme_a,
	    f->admin_a.user_id, ""), ERR_OK);
	assert_int_equal(app_scheme_admin_remove(f->db, f->a, &f->site, f->scheme_a,
	    f->mentor.user_id, ""), ERR_OK);
	struct app_scheme_settings_page p;
	assert_int_equal(app_scheme_settings(f->db, f->a, &f->site, f->scheme_a, &p), ERR_OK);
	assert_int_equal(p.nadmins, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_overview_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_settings_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_settings_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_settings_save, setup, teardown),
		cmocka_unit_test_setup_teardown(test_admins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notice_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_problems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_admin_named_email, setup, teardown),
		cmocka_unit_test_setup_teardown(test_admin_removal, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
