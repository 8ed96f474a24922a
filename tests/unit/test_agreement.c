/*
 * test_agreement.c - app/agreement (REL-8): the state rules of the
 * mentoring agreement.  Who may read and write (the pair; administrators
 * read the status, the text only under the admin_sees_documents rule and
 * audited; strangers 404; nothing written after completion); required
 * answers and limits; the draft, its revision and the two confirmations
 * (an edit clears both, a confirm of an older revision is refused, both
 * freeze it); a change of an agreed agreement is a new draft while the
 * old one stays current; the review reminder six months on, once, and
 * again six months later; "reviewed, no changes" restarts the clock;
 * calendar months in the scheme's time zone; the home page's list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testdb.h"
#include "testpeople.h"

#include "app/agreement.h"
#include "app/date.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"

#define T0 INT64_C(1795428000)   /* Monday 23 November 2026, 10:00 UTC */
#define DAY INT64_C(86400)

enum { P_MENTOR, P_MENTEE, P_ADMIN, P_OTHER_MENTOR, P__N };

struct fixture {
	char dir[TESTDB_DIR_MAX], path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme;
	int64_t id[P__N];
	struct app_auth me[P__N];
	struct app_view views[P__N];
	int64_t rel;
};


static size_t
mails_to(struct fixture *f, const char *username, const char *subject_part)
{
	return testpeople_mails_to(f->db, f->a, username, subject_part);
}

static int
setup(void **state)
{
	static const char *const names[P__N] = {"mentor", "mentee", "admin", "othermentor"};
	static const char *const roles[P__N] = {"mentor", "mentee", "scheme_admin", "mentor"};
	struct fixture *f = calloc(1, sizeof(*f));
	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	if (testdb_make("agreement", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);
	if (db_begin(f->db) != ERR_OK ||
	    app_scheme_create_tx(f->db, "aspire", "Aspire", "", &f->scheme) != ERR_OK ||
	    db_commit(f->db) != ERR_OK)
		return -1;
	for (int i = 0; i < P__N; i++)
		f->id[i] = testpeople_add(f->db, f->scheme, names[i], roles[i], T0, &f->views[i],
		    &f->me[i]);
	if (testpeople_pair(f->db, f->a, f->scheme, f->id[P_MENTOR], f->id[P_MENTEE],
	    f->id[P_ADMIN], &f->rel) != 0)
		return -1;
	clock_set(T0 + DAY);
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
	clock_real();
	return 0;
}

/* Every required answer filled, the rest kept; `tag` makes it differ. */
static struct app_agreement_in
answers(const char *tag, int64_t revision)
{
	struct app_agreement_in in = {.ethics_shared = 1, .revision = revision};
	const struct app_agreement_field *fl = app_agreement_fields();
	for (int i = 0; i < DB_AGREEMENT_NTEXT; i++)
		in.text[i] = fl[i].missing != NULL ? tag : "";
	return in;
}

static enum err
save(struct fixture *f, int who, const char *tag, int64_t revision)
{
	struct app_problems ps = {0};
	struct app_agreement_in in = answers(tag, revision);
	bool changed;
	int64_t version;
	return app_agreement_save(f->db, f->a, &f->me[who], f->rel, &in, "", &ps, &changed,
	    &version);
}

static enum err
confirm(struct fixture *f, int who, int64_t version, int64_t revision, const char **why,
    bool *agreed)
{
	struct app_problems ps = {0};
	bool dummy;
	enum err rc = app_agreement_confirm(f->db, f->a, &f->me[who], f->rel, version,
	    revision, "", &ps, agreed ? agreed : &dummy);
	if (why != NULL)
		*why = ps.n > 0 ? ps.p[0].message : "";
	return rc;
}

static struct app_agreement_page
page(struct fixture *f, int who)
{
	struct app_agreement_page p;
	assert_int_equal(app_agreement_page(f->db, f->a, &f->me[who], f->rel, "", &p), ERR_OK);
	return p;
}

/* Who may read and write, live and after completion. */
static void
test_access(void **state)
{
	struct fixture *f = *state;
	struct app_agreement_page p;
	assert_int_equal(save(f, P_ADMIN, "x", -1), ERR_FORBIDDEN);
	assert_int_equal(save(f, P_OTHER_MENTOR, "x", -1), ERR_NOT_FOUND);
	assert_int_equal(app_agreement_page(f->db, f->a, &f->me[P_OTHER_MENTOR], f->rel, "", &p),
	    ERR_NOT_FOUND);
	assert_int_equal(app_agreement_page(f->db, f->a, &f->me[P_MENTOR], 999999, "", &p),
	    ERR_NOT_FOUND);
	assert_int_equal(save(f, P_MENTOR, "Monthly", -1), ERR_OK);
	p = page(f, P_MENTEE);
	assert_non_null(p.draft);
	assert_true(p.can_confirm && p.can_edit && p.shows_content);
	assert_int_equal(confirm(f, P_ADMIN, 1, 1, NULL, NULL), ERR_FORBIDDEN);
	assert_int_equal(confirm(f, P_OTHER_MENTOR, 1, 1, NULL, NULL), ERR_NOT_FOUND);
	struct app_problems ps = {0};
	assert_int_equal(app_agreement_mark_reviewed(f->db, f->a, &f->me[P_MENTEE], f->rel, "",
	    &ps), ERR_CONFLICT);
	assert_string_equal(ps.p[0].message, APP_AGREEMENT_NOTHING_TO_REVIEW);
	/* after completion: readable, never changed */
	ps.n = 0;
	assert_int_equal(app_relationship_complete(f->db, f->a, &f->me[P_MENTOR], f->rel,
	    "2026-11-24", "", "", &ps), ERR_OK);
	const char *why;
	assert_int_equal(confirm(f, P_MENTEE, 1, 1, &why, NULL), ERR_CONFLICT);
	assert_string_equal(why, APP_REL_ENDED);
	assert_int_equal(save(f, P_MENTEE, "y", -1), ERR_CONFLICT);
	p = page(f, P_MENTEE);
	assert_non_null(p.draft);
	assert_false(p.can_edit || p.can_confirm || p.can_review);
}

/* Required answers and the limit, per field. */
static void
test_bad_input(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	struct app_agreement_in in = {.ethics_shared = 0, .revision = -1};
	for (int i = 0; i < DB_AGREEMENT_NTEXT; i++)
		in.text[i] = "";
	bool changed;
	int64_t version;
	assert_int_equal(app_agreement_save(f->db, f->a, &f->me[P_MENTOR], f->rel, &in, "", &ps,
	    &changed, &version), ERR_BAD_INPUT);
	assert_int_equal(ps.n, 7);
	bool saw_confidentiality = false;
	for (size_t i = 0; i < ps.n; i++)
		saw_confidentiality |= strcmp(ps.p[i].field, "confidentiality") == 0;
	assert_true(saw_confidentiality);
	char *long_text = malloc(APP_AGREEMENT_TEXT_MAX + 2);
	memset(long_text, 'a', APP_AGREEMENT_TEXT_MAX + 1);
	long_text[APP_AGREEMENT_TEXT_MAX + 1] = '\0';
	in = answers("ok", -1);
	in.text[0] = long_text;
	ps.n = 0;
	assert_int_equal(app_agreement_save(f->db, f->a, &f->me[P_MENTOR], f->rel, &in, "", &ps,
	    &changed, &version), ERR_BAD_INPUT);
	assert_int_equal(ps.n, 1);
	assert_string_equal(ps.p[0].field, "assistance");
	long_text[APP_AGREEMENT_TEXT_MAX] = '\0';   /* exactly the limit */
	ps.n = 0;
	assert_int_equal(app_agreement_save(f->db, f->a, &f->me[P_MENTOR], f->rel, &in, "", &ps,
	    &changed, &version), ERR_OK);
	assert_true(changed);
	free(long_text);
	assert_null(page(f, P_MENTOR).current);
}

/* The confirm flow: one confirms; an edit clears both; stale refused;
 * both freeze it; a change is a new draft while the old stays current. */
static void
test_confirm_flow(void **state)
{
	struct fixture *f = *state;
	const char *why;
	bool agreed = false;
	assert_int_equal(save(f, P_MENTOR, "first", 0), ERR_OK);
	assert_int_equal(mails_to(f, "mentee", "drafted your mentoring agreement"), 1);
	assert_int_equal(mails_to(f, "mentor", "mentoring agreement"), 0);
	/* saving the same text again changes nothing and tells nobody */
	assert_int_equal(save(f, P_MENTOR, "first", 1), ERR_OK);
	assert_int_equal(mails_to(f, "mentee", "mentoring agreement"), 1);

	assert_int_equal(confirm(f, P_MENTEE, 1, 1, NULL, &agreed), ERR_OK);
	assert_false(agreed);
	assert_int_equal(mails_to(f, "mentor", "confirmed your mentoring agreement"), 1);
	struct app_agreement_page p = page(f, P_MENTEE);
	assert_non_null(p.draft);
	assert_true(p.draft->mentee_confirmed_at > 0);
	assert_int_equal(p.draft->mentor_confirmed_at, 0);
	assert_false(p.can_confirm);
	assert_true(page(f, P_MENTOR).can_confirm);
	/* confirming twice changes nothing */
	assert_int_equal(confirm(f, P_MENTEE, 1, 1, NULL, &agreed), ERR_OK);

	/* the mentor edits: revision 2, both confirmations cleared */
	assert_int_equal(save(f, P_MENTOR, "second", 0), ERR_CONFLICT);  /* saw no draft */
	assert_int_equal(save(f, P_MENTOR, "second", 1), ERR_OK);
	p = page(f, P_MENTOR);
	assert_int_equal(p.draft->revision, 2);
	assert_int_equal(p.draft->version, 1);
	assert_int_equal(p.draft->mentee_confirmed_at, 0);
	assert_true(page(f, P_MENTEE).can_confirm);
	/* the mentee's page from before: refused */
	assert_int_equal(confirm(f, P_MENTOR, 1, 1, &why, NULL), ERR_CONFLICT);
	assert_string_equal(why, APP_AGREEMENT_CHANGED);
	assert_int_equal(confirm(f, P_MENTEE, 2, 2, &why, NULL), ERR_CONFLICT);
	assert_string_equal(why, APP_AGREEMENT_CHANGED);
	/* a save over a revision the editor never saw */
	assert_int_equal(save(f, P_MENTEE, "third", 1), ERR_CONFLICT);

	assert_int_equal(confirm(f, P_MENTEE, 1, 2, NULL, &agreed), ERR_OK);
	assert_false(agreed);
	clock_advance(3600);
	assert_int_equal(confirm(f, P_MENTOR, 1, 2, NULL, &agreed), ERR_OK);
	assert_true(agreed);
	assert_int_equal(mails_to(f, "mentor", "is agreed"), 1);
	assert_int_equal(mails_to(f, "mentee", "is agreed"), 1);
	p = page(f, P_MENTEE);
	assert_null(p.draft);
	assert_non_null(p.current);
	assert_int_equal(p.current->version, 1);
	assert_int_equal(p.current->agreed_at, clock_now());
	assert_string_equal(p.current->text[4], "second");
	assert_true(p.can_review);
	assert_false(p.is_review_due);
	/* the agreed text is frozen: a late confirm of it is harmless */
	assert_int_equal(confirm(f, P_MENTEE, 1, 2, NULL, &agreed), ERR_OK);
	assert_int_equal(confirm(f, P_MENTEE, 1, 1, &why, NULL), ERR_CONFLICT);
	assert_string_equal(why, APP_AGREEMENT_NO_DRAFT);

	/* a change: version 2 is a draft, version 1 stays current */
	assert_int_equal(save(f, P_MENTEE, "changed", 0), ERR_OK);
	assert_int_equal(mails_to(f, "mentor", "suggested changes"), 1);
	p = page(f, P_MENTOR);
	assert_non_null(p.draft);
	assert_int_equal(p.draft->version, 2);
	assert_int_equal(p.current->version, 1);
	assert_string_equal(p.current->text[4], "second");
	assert_int_equal(confirm(f, P_MENTOR, 2, 1, NULL, &agreed), ERR_OK);
	assert_int_equal(confirm(f, P_MENTEE, 2, 1, NULL, &agreed), ERR_OK);
	assert_true(agreed);
	p = page(f, P_MENTOR);
	assert_int_equal(p.nversions, 2);
	assert_int_equal(p.current->version, 2);
	assert_string_equal(p.versions[1].status, "superseded");
	const struct db_agreement *v;
	assert_int_equal(app_agreement_version(f->db, f->a, &f->me[P_MENTEE], f->rel, 1, "", &p,
	    &v), ERR_OK);
	assert_string_equal(v->text[4], "second");
	assert_int_equal(app_agreement_version(f->db, f->a, &f->me[P_MENTEE], f->rel, 3, "", &p,
	    &v), ERR_NOT_FOUND);
}

/* Administrators: the status; the text only when the rule allows, and
 * every opening audited; never a draft. */
static void
test_admin_rule(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(save(f, P_MENTOR, "text", 0), ERR_OK);
	assert_int_equal(confirm(f, P_MENTOR, 1, 1, NULL, NULL), ERR_OK);
	assert_int_equal(confirm(f, P_MENTEE, 1, 1, NULL, NULL), ERR_OK);
	assert_int_equal(save(f, P_MENTEE, "draft2", 0), ERR_OK);
	int64_t before, after;
	assert_int_equal(db_audit_count(f->db, &before), ERR_OK);
	struct app_agreement_page p = page(f, P_ADMIN);
	assert_false(p.shows_content);
	assert_false(p.can_edit || p.can_confirm || p.can_review);
	assert_non_null(p.current);
	assert_int_equal(db_audit_count(f->db, &after), ERR_OK);
	assert_int_equal(after, before);
	struct db_scheme_settings st;
	assert_int_equal(db_scheme_settings_get(f->db, f->a, f->scheme, &st), ERR_OK);
	st.admin_sees_documents = true;
	assert_int_equal(db_scheme_settings_put(f->db, &st), ERR_OK);
	p = page(f, P_ADMIN);
	assert_true(p.shows_content);
	assert_int_equal(db_audit_count(f->db, &after), ERR_OK);
	assert_int_equal(after, before + 1);
	const struct db_agreement *v;
	assert_int_equal(app_agreement_version(f->db, f->a, &f->me[P_ADMIN], f->rel, 2, "", &p,
	    &v), ERR_OK);
	assert_false(p.shows_content);   /* the draft */
	assert_int_equal(app_agreement_version(f->db, f->a, &f->me[P_ADMIN], f->rel, 1, "", &p,
	    &v), ERR_OK);
	assert_true(p.shows_content);
	assert_int_equal(db_audit_count(f->db, &after), ERR_OK);
	assert_int_equal(after, before + 2);
}

/* Calendar months in the scheme's zone. */
static void
test_add_months(void **state)
{
	(void)state;
	/* 31 August 2026 12:00 BST -> 28 February 2027 12:00 GMT */
	int64_t t = INT64_C(1788174000);
	int64_t r = app_agreement_add_months("Europe/London", t, 6);
	assert_int_equal(r, INT64_C(1803816000));
	/* 23 November 2026 10:00 GMT -> 23 May 2027 10:00 BST (09:00 UTC) */
	assert_int_equal(app_agreement_add_months("Europe/London", T0, 6),
	    INT64_C(1795428000) + 181 * DAY - 3600);
	assert_int_equal(app_agreement_add_months("UTC", T0, 12), T0 + 365 * DAY);
}

static size_t
tick(struct fixture *f)
{
	struct app_agreement_tick r;
	assert_int_equal(app_agreements_tick(f->db, clock_now(), &r), ERR_OK);
	assert_int_equal(r.failed, 0);
	return r.reminded;
}

/* REL-8: a reminder six months on, once; again six months later; a
 * review restarts the clock; nothing for an ended relationship. */
static void
test_review_reminders(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(save(f, P_MENTOR, "text", 0), ERR_OK);
	assert_int_equal(confirm(f, P_MENTOR, 1, 1, NULL, NULL), ERR_OK);
	assert_int_equal(confirm(f, P_MENTEE, 1, 1, NULL, NULL), ERR_OK);
	int64_t agreed = clock_now();
	assert_int_equal(tick(f), 0);
	clock_set(agreed + 170 * DAY);
	assert_int_equal(tick(f), 0);
	assert_false(page(f, P_MENTOR).is_review_due);
	clock_set(agreed + 185 * DAY);
	assert_true(page(f, P_MENTOR).is_review_due);
	assert_int_equal(tick(f), 1);
	assert_int_equal(mails_to(f, "mentor", "Time to review"), 1);
	assert_int_equal(mails_to(f, "mentee", "Time to review"), 1);
	assert_int_equal(tick(f), 0);   /* not repeated */
	clock_advance(DAY);
	assert_int_equal(tick(f), 0);
	/* the home page lists it for both */
	struct db_agreement_home *h;
	size_t n;
	assert_int_equal(app_agreement_home(f->db, f->a, &f->me[P_MENTEE], &h, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(h[0].status, "agreed");
	assert_int_equal(app_agreement_home(f->db, f->a, &f->me[P_ADMIN], &h, &n), ERR_OK);
	assert_int_equal(n, 0);
	/* twelve months: again */
	clock_set(agreed + 366 * DAY);
	assert_int_equal(tick(f), 1);
	assert_int_equal(mails_to(f, "mentee", "Time to review"), 2);
	/* reviewed: the clock restarts */
	struct app_problems ps = {0};
	assert_int_equal(app_agreement_mark_reviewed(f->db, f->a, &f->me[P_MENTEE], f->rel, "",
	    &ps), ERR_OK);
	assert_int_equal(mails_to(f, "mentor", "reviewed your mentoring agreement"), 1);
	struct app_agreement_page p = page(f, P_MENTOR);
	assert_false(p.is_review_due);
	assert_int_equal(p.current->reviewed_by, f->id[P_MENTEE]);
	assert_int_equal(app_agreement_home(f->db, f->a, &f->me[P_MENTEE], &h, &n), ERR_OK);
	assert_int_equal(n, 0);
	clock_advance(100 * DAY);
	assert_int_equal(tick(f), 0);
	/* ended: no reminders any more */
	ps.n = 0;
	char today[11];
	app_today(today);
	assert_int_equal(app_relationship_complete(f->db, f->a, &f->me[P_MENTOR], f->rel,
	    today, "", "", &ps), ERR_OK);
	clock_advance(200 * DAY);
	assert_int_equal(tick(f), 0);
	assert_int_equal(mails_to(f, "mentee", "Time to review"), 2);
}

/* The home page: a draft to confirm, for the one who has not. */
static void
test_home(void **state)
{
	struct fixture *f = *state;
	struct db_agreement_home *h;
	size_t n;
	assert_int_equal(save(f, P_MENTOR, "text", 0), ERR_OK);
	assert_int_equal(app_agreement_home(f->db, f->a, &f->me[P_MENTEE], &h, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(h[0].status, "draft");
	assert_string_equal(h[0].other_name, "mentor Tester");
	assert_int_equal(h[0].relationship_id, f->rel);
	assert_int_equal(app_agreement_home(f->db, f->a, &f->me[P_MENTOR], &h, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(confirm(f, P_MENTOR, 1, 1, NULL, NULL), ERR_OK);
	assert_int_equal(app_agreement_home(f->db, f->a, &f->me[P_MENTOR], &h, &n), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(app_agreement_home(f->db, f->a, &f->me[P_OTHER_MENTOR], &h, &n),
	    ERR_OK);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_confirm_flow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_admin_rule, setup, teardown),
		cmocka_unit_test(test_add_months),
		cmocka_unit_test_setup_teardown(test_review_reminders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_home, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
