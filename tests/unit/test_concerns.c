/*
 * test_concerns.c - app/concerns.c (MSG-5): the rules of what a
 * participant sends (table), who may raise from which relationship, who
 * handles a concern (the scheme's contacts and the site administrators,
 * never the raiser and never the person it is about, even when that
 * person is a contact), the emails each step sends and to whom, the
 * audit rows (no text in them; raising has no actor), notes that cannot
 * be changed, and the contact list changed by site administrators only.
 *
 * Each database test gets a fresh database with schemes A and B: in A a
 * mentor and mentee paired, a mentor who is also an administrator and
 * escalation contact paired with a second mentee, a contact, an
 * administrator who is not a contact; a site administrator; B's
 * administrator and a mentee of B.
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

#include "app/concerns.h"
#include "app/pairing.h"
#include "app/relationship.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "db/db_int.h"

#define T0 INT64_C(1795428000)   /* Monday 23 November 2026, 10:00 UTC */
#define DAY INT64_C(86400)
#define SECRET "zebra-orchid-42 shouted in clinic"

/* ---- pure rules ---- */

static void
test_check_table(void **state)
{
	(void)state;
	char long_text[APP_CONCERN_DETAILS_MAX * 2 + 8];
	char just_fits[APP_CONCERN_DETAILS_MAX * 2 + 8];
	/* 5001 two-byte characters, and 5000: characters are counted, not bytes */
	for (size_t i = 0; i < APP_CONCERN_DETAILS_MAX + 1; i++)
		memcpy(long_text + 2 * i, "\xc3\xa9", 2);
	long_text[2 * (APP_CONCERN_DETAILS_MAX + 1)] = '\0';
	memcpy(just_fits, long_text, 2 * APP_CONCERN_DETAILS_MAX);
	just_fits[2 * APP_CONCERN_DETAILS_MAX] = '\0';
	static char how_long[APP_CONCERN_HOW_MAX + 2];
	memset(how_long, 'h', APP_CONCERN_HOW_MAX + 1);

	const struct {
		const char *kind, *details, *may, *how;
		enum lc_actor actor;
		const char *field;   /* the first problem's field, NULL: none */
	} cases[] = {
		{"safeguarding", "x", "yes", "", LC_OTHER, NULL},
		{"patient_safety", "x", "no", NULL, LC_MENTEE, NULL},
		{"fitness_to_practise", "x", "no", "", LC_MENTOR, NULL},
		{"other", just_fits, "no", "", LC_OTHER, NULL},
		{"about_mentor", "x", "yes", "", LC_MENTEE, NULL},
		{"about_mentee", "x", "yes", "", LC_MENTOR, NULL},
		{"about_mentor", "x", "yes", "", LC_MENTOR, "kind"},
		{"about_mentor", "x", "yes", "", LC_OTHER, "kind"},
		{"about_mentee", "x", "yes", "", LC_MENTEE, "kind"},
		{"", "x", "yes", "", LC_OTHER, "kind"},
		{NULL, "x", "yes", "", LC_OTHER, "kind"},
		{"gossip", "x", "yes", "", LC_OTHER, "kind"},
		{"other", "", "yes", "", LC_OTHER, "details"},
		{"other", " \r\n\t", "yes", "", LC_OTHER, "details"},
		{"other", NULL, "yes", "", LC_OTHER, "details"},
		{"other", long_text, "yes", "", LC_OTHER, "details"},
		{"other", "x", "", "", LC_OTHER, "may_contact"},
		{"other", "x", "maybe", "", LC_OTHER, "may_contact"},
		{"other", "x", "yes", how_long, LC_OTHER, "contact_how"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct app_problems ps = {0};
		struct app_concern_in in = {.kind = cases[i].kind, .details = cases[i].details,
		    .may_contact = cases[i].may, .contact_how = cases[i].how};
		enum err rc = app_concern_check(&in, cases[i].actor, &ps);
		if (cases[i].field == NULL) {
			assert_int_equal(rc, ERR_OK);
			assert_int_equal(ps.n, 0);
		} else {
			assert_int_equal(rc, ERR_BAD_INPUT);
			assert_true(ps.n >= 1);
			assert_string_equal(ps.p[0].field, cases[i].field);
		}
	}
	/* everything wrong at once: one problem per field */
	struct app_problems ps = {0};
	struct app_concern_in in = {0};
	assert_int_equal(app_concern_check(&in, LC_OTHER, &ps), ERR_BAD_INPUT);
	assert_int_equal(ps.n, 3);
}

static void
test_words(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	assert_string_equal(app_concern_reference(a, 12), "C-000012");
	assert_string_equal(app_concern_status_label("new"), "New");
	assert_string_equal(app_concern_status_label("in_progress"), "In progress");
	assert_string_equal(app_concern_status_label("closed"), "Closed");
	assert_true(app_concern_status_ok("closed"));
	assert_false(app_concern_status_ok("open"));
	assert_false(app_concern_status_ok(NULL));
	assert_true(app_concern_kind_ok("fitness_to_practise"));
	assert_false(app_concern_kind_ok("fitness"));
	arena_free(a);
}

/* ---- with a database ---- */

enum { P_MENTOR, P_MENTEE, P_CONTACT, P_ADMIN2, P_MA, P_MENTEE2, P_SITE, P_OTHER_ADMIN,
	P_OUTSIDER, P__N };

struct fixture {
	char dir[TESTDB_DIR_MAX], path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme, other_scheme;
	int64_t id[P__N];
	struct app_auth me[P__N];
	struct app_view views[P__N][2];
	int64_t rel, rel2;
};

static const char *const names[P__N] = {"mentor", "mentee", "contact", "admin2",
	"mentoradmin", "mentee2", "site", "otheradmin", "outsider"};

static int64_t
make_user(struct db *db, const char *username, bool is_site)
{
	char email[128];
	int64_t id = 0;
	snprintf(email, sizeof(email), "%s@example.nhs.uk", username);
	struct db_user u = {
		.username = username, .email = email, .given_name = username,
		.family_name = "Tester", .password_hash = "$argon2id$placeholder",
		.status = "active", .created_at = T0, .is_site_admin = is_site,
	};
	assert_int_equal(db_user_create(db, &u, &id), ERR_OK);
	return id;
}

/* How many emails went to `who` (of kind `kind`, NULL any), and that
 * none of them holds the concern's text. */
static size_t
mails_to(struct fixture *f, int who)
{
	struct db_mail *mail;
	size_t n, k = 0;
	char to[128];
	snprintf(to, sizeof(to), "%s@example.nhs.uk", names[who]);
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 500, &mail, &n), ERR_OK);
	for (size_t i = 0; i < n; i++) {
		assert_null(strstr(mail[i].body_text, "zebra-orchid"));
		assert_null(strstr(mail[i].subject, "zebra-orchid"));
		k += strcmp(mail[i].to_addr, to) == 0;
	}
	return k;
}

static int
setup(void **state)
{
	static const char *const roles[P__N][2] = {
		{"mentor"}, {"mentee"}, {"scheme_admin"}, {"scheme_admin"},
		{"mentor", "scheme_admin"}, {"mentee"}, {NULL}, {"scheme_admin"}, {"mentee"},
	};
	struct fixture *f = calloc(1, sizeof(*f));
	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	if (testdb_make("concerns", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);
	if (db_begin(f->db) != ERR_OK ||
	    app_scheme_create_tx(f->db, "aspire", "Aspire", "", &f->scheme) != ERR_OK ||
	    app_scheme_create_tx(f->db, "beacon", "Beacon", "", &f->other_scheme) != ERR_OK ||
	    db_commit(f->db) != ERR_OK)
		return -1;
	for (int i = 0; i < P__N; i++) {
		f->id[i] = make_user(f->db, names[i], i == P_SITE);
		int64_t scheme = i == P_OTHER_ADMIN || i == P_OUTSIDER ? f->other_scheme :
		    f->scheme;
		size_t nv = 0;
		for (size_t j = 0; j < 2 && roles[i][j] != NULL; j++) {
			db_role_add(f->db, f->id[i], scheme, roles[i][j], T0);
			f->views[i][nv++] = (struct app_view){.scheme_id = scheme,
			    .scheme_name = "Aspire", .role = roles[i][j], .label = ""};
		}
		f->me[i] = (struct app_auth){.user_id = f->id[i], .username = names[i],
		    .display_name = names[i], .email = "", .views = f->views[i],
		    .nviews = nv, .active = nv ? &f->views[i][0] : NULL,
		    .is_site_admin = i == P_SITE};
	}
	struct app_rel_new in = {
		.scheme_id = f->scheme, .mentor_id = f->id[P_MENTOR],
		.mentee_id = f->id[P_MENTEE], .origin = "assignment",
		.assigned_by = f->id[P_CONTACT], .override_reason = "", .first_session = "",
		.actor_id = f->id[P_CONTACT], .ip = "",
	};
	if (db_begin(f->db) != ERR_OK ||
	    app_relationship_create_tx(f->db, f->a, &in, &f->rel) != ERR_OK)
		return -1;
	in.mentor_id = f->id[P_MA];
	in.mentee_id = f->id[P_MENTEE2];
	if (app_relationship_create_tx(f->db, f->a, &in, &f->rel2) != ERR_OK ||
	    db_concern_contact_add(f->db, f->scheme, f->id[P_CONTACT], 0, T0) != ERR_OK ||
	    db_concern_contact_add(f->db, f->scheme, f->id[P_MA], 0, T0) != ERR_OK ||
	    db_commit(f->db) != ERR_OK)
		return -1;
	/* the pairing's own emails are not what these tests count */
	if (sqlite3_exec(f->db->conn, "DELETE FROM outbox", NULL, NULL, NULL) != SQLITE_OK)
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

static int64_t
raise_as(struct fixture *f, int who, int64_t rel, const char *kind)
{
	struct app_problems ps = {0};
	struct app_concern_in in = {.relationship_id = rel, .kind = kind, .details = SECRET,
	    .may_contact = "yes", .contact_how = "07700 900123"};
	int64_t id = 0;
	assert_int_equal(app_concern_raise(f->db, f->a, &f->me[who], &in, "127.0.0.1", &ps,
	    &id), ERR_OK);
	assert_true(id > 0);
	return id;
}

/* Who may open concern id as a handler. */
static void
assert_handlers(struct fixture *f, int64_t id, const bool *may)
{
	for (int i = 0; i < P__N; i++) {
		struct app_concern_case k;
		enum err rc = app_concern_open(f->db, f->a, &f->me[i], id, "", &k);
		if (rc != (may[i] ? ERR_OK : ERR_NOT_FOUND))
			fail_msg("%s: app_concern_open gave %d", names[i], rc);
	}
}

/* The mentee raises about the mentor: stored with who it is about; the
 * contacts are emailed (never the mentor); the handlers are the contacts
 * and the site administrator. */
static void
test_raise_about_mentor(void **state)
{
	struct fixture *f = *state;
	int64_t id = raise_as(f, P_MENTEE, f->rel, "about_mentor");
	struct db_concern c;
	const char *zone;

	assert_int_equal(app_concern_mine(f->db, f->a, &f->me[P_MENTEE], id, &c, &zone),
	    ERR_OK);
	assert_int_equal(c.about_id, f->id[P_MENTOR]);
	assert_int_equal(c.relationship_id, f->rel);
	assert_string_equal(c.status, "new");
	assert_true(c.may_contact);
	assert_string_equal(c.details, SECRET);
	for (int i = 0; i < P__N; i++)
		if (i != P_MENTEE)
			assert_int_equal(app_concern_mine(f->db, f->a, &f->me[i], id, &c, &zone),
			    ERR_NOT_FOUND);

	assert_int_equal(mails_to(f, P_CONTACT), 1);
	assert_int_equal(mails_to(f, P_MA), 1);
	assert_int_equal(mails_to(f, P_MENTOR), 0);
	assert_int_equal(mails_to(f, P_MENTEE), 0);
	assert_int_equal(mails_to(f, P_SITE), 0);
	assert_int_equal(mails_to(f, P_ADMIN2), 0);

	bool may[P__N] = {0};
	may[P_CONTACT] = may[P_MA] = may[P_SITE] = true;
	assert_handlers(f, id, may);

	/* the raise's audit row: no actor, the kind only */
	struct db_audit *rows;
	size_t n;
	bool seen = false;
	assert_int_equal(db_audit_list(f->db, f->a, 0, "", 500, &rows, &n), ERR_OK);
	for (size_t i = 0; i < n; i++) {
		assert_null(strstr(rows[i].detail, "zebra"));
		if (strcmp(rows[i].action, "concern.raise") == 0) {
			seen = true;
			assert_int_equal(rows[i].actor_id, 0);
			assert_int_equal(rows[i].scheme_id, f->scheme);
			assert_string_equal(rows[i].detail, "about_mentor");
		}
	}
	assert_true(seen);
}

/* A contact who is the person a concern is about never handles it, and
 * is not emailed; when they are the only contact, the site
 * administrators are. */
static void
test_contact_about_themself(void **state)
{
	struct fixture *f = *state;
	int64_t id = raise_as(f, P_MENTEE2, f->rel2, "about_mentor");

	assert_int_equal(mails_to(f, P_MA), 0);
	assert_int_equal(mails_to(f, P_CONTACT), 1);
	assert_int_equal(mails_to(f, P_SITE), 0);
	bool may[P__N] = {0};
	may[P_CONTACT] = may[P_SITE] = true;
	assert_handlers(f, id, may);

	/* the scheme's list leaves it out for them */
	struct app_concern_admin x;
	assert_int_equal(app_concerns_of_scheme(f->db, f->a, &f->me[P_MA], f->scheme, "", &x),
	    ERR_OK);
	assert_true(x.can_see_concerns);
	assert_int_equal(x.nconcerns, 0);

	/* a general concern raised from the same relationship: still theirs
	 * to never see */
	int64_t id2 = raise_as(f, P_MENTEE2, f->rel2, "safeguarding");
	assert_handlers(f, id2, may);

	/* only the person concerned left on the list: the site administrator */
	assert_int_equal(db_concern_contact_remove(f->db, f->scheme, f->id[P_CONTACT]), ERR_OK);
	raise_as(f, P_MENTEE2, f->rel2, "other");
	assert_int_equal(mails_to(f, P_SITE), 1);
	assert_int_equal(mails_to(f, P_MA), 0);
}

/* The raise's refusals: another pair's relationship, an administrator's
 * view of one, a scheme that is not mine, no participant role; and an
 * ended relationship still takes a concern (safety does not end). */
static void
test_raise_refusals(void **state)
{
	struct fixture *f = *state;
	struct app_concern_form form;
	struct app_problems ps = {0};
	struct app_concern_in in = {.kind = "other", .details = "x", .may_contact = "no"};
	int64_t id;

	assert_int_equal(app_concern_form(f->db, f->a, &f->me[P_MENTEE2], 0, f->rel, &form),
	    ERR_NOT_FOUND);
	assert_int_equal(app_concern_form(f->db, f->a, &f->me[P_MA], 0, f->rel, &form),
	    ERR_NOT_FOUND);   /* an administrator of it, not one of the pair */
	assert_int_equal(app_concern_form(f->db, f->a, &f->me[P_MENTEE], 0, 99999, &form),
	    ERR_NOT_FOUND);
	assert_int_equal(app_concern_form(f->db, f->a, &f->me[P_MENTEE], f->other_scheme, 0,
	    &form), ERR_NOT_FOUND);
	assert_int_equal(app_concern_form(f->db, f->a, &f->me[P_MENTEE], f->other_scheme,
	    f->rel, &form), ERR_NOT_FOUND);
	assert_int_equal(app_concern_form(f->db, f->a, &f->me[P_CONTACT], 0, 0, &form),
	    ERR_FORBIDDEN);
	assert_int_equal(app_concern_form(f->db, f->a, &f->me[P_SITE], 0, 0, &form),
	    ERR_FORBIDDEN);
	in.relationship_id = f->rel;
	assert_int_equal(app_concern_raise(f->db, f->a, &f->me[P_OUTSIDER], &in, "", &ps, &id),
	    ERR_NOT_FOUND);

	/* the form: the mentee's scheme, contacts, the relationship */
	assert_int_equal(app_concern_form(f->db, f->a, &f->me[P_MENTEE], 0, f->rel, &form),
	    ERR_OK);
	assert_int_equal(form.scheme.id, f->scheme);
	assert_int_equal(form.actor, LC_MENTEE);
	assert_int_equal(form.ncontacts, 2);
	assert_int_equal(app_concern_form(f->db, f->a, &f->me[P_MENTEE], 0, 0, &form), ERR_OK);
	assert_false(form.has_rel);
	assert_int_equal(form.nrels, 1);

	/* ended: the mentor completes it; a concern can still be raised */
	struct app_problems cps = {0};
	assert_int_equal(app_relationship_complete(f->db, f->a, &f->me[P_MENTOR], f->rel,
	    "2026-11-24", "", "", &cps), ERR_OK);
	assert_int_equal(app_concern_form(f->db, f->a, &f->me[P_MENTEE], 0, f->rel, &form),
	    ERR_OK);
	raise_as(f, P_MENTEE, f->rel, "about_mentor");
}

/* The handlers' list: contacts and the site administrator see concerns,
 * another administrator of the scheme only who the contacts are,
 * another scheme's administrator nothing. */
static void
test_scheme_list(void **state)
{
	struct fixture *f = *state;
	struct app_concern_admin x;
	raise_as(f, P_MENTEE, f->rel, "about_mentor");
	raise_as(f, P_MENTOR, f->rel, "patient_safety");

	assert_int_equal(app_concerns_of_scheme(f->db, f->a, &f->me[P_CONTACT], f->scheme, "",
	    &x), ERR_OK);
	assert_true(x.can_see_concerns);
	assert_false(x.can_change_contacts);
	assert_int_equal(x.nconcerns, 2);
	assert_int_equal(x.ncontacts, 2);
	assert_int_equal(x.ncandidates, 0);

	assert_int_equal(app_concerns_of_scheme(f->db, f->a, &f->me[P_ADMIN2], f->scheme, "",
	    &x), ERR_OK);
	assert_false(x.can_see_concerns);
	assert_int_equal(x.nconcerns, 0);
	assert_int_equal(x.ncontacts, 2);

	assert_int_equal(app_concerns_of_scheme(f->db, f->a, &f->me[P_SITE], f->scheme, "",
	    &x), ERR_OK);
	assert_true(x.can_see_concerns);
	assert_true(x.can_change_contacts);
	assert_int_equal(x.nconcerns, 2);
	/* who could be added: admin2 and the site administrator */
	assert_int_equal(x.ncandidates, 2);

	assert_int_equal(app_concerns_of_scheme(f->db, f->a, &f->me[P_OTHER_ADMIN], f->scheme,
	    "", &x), ERR_NOT_FOUND);
	assert_int_equal(app_concerns_of_scheme(f->db, f->a, &f->me[P_MENTEE], f->scheme, "",
	    &x), ERR_NOT_FOUND);

	/* the raiser's own list */
	struct db_concern *mine;
	const char **zones;
	size_t n;
	assert_int_equal(app_concerns_mine(f->db, f->a, &f->me[P_MENTOR], &mine, &zones, &n),
	    ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(mine[0].kind, "patient_safety");
	assert_non_null(zones[0]);
	assert_int_equal(app_concerns_mine(f->db, f->a, &f->me[P_MENTEE2], &mine, &zones, &n),
	    ERR_OK);
	assert_int_equal(n, 0);
}

/* Notes and status: handlers only; the raiser is emailed the status,
 * never the note; notes cannot be changed; every step audited without
 * its text. */
static void
test_handling(void **state)
{
	struct fixture *f = *state;
	int64_t id = raise_as(f, P_MENTEE, f->rel, "about_mentor");
	struct app_problems ps = {0};
	int64_t before;

	assert_int_equal(app_concern_note(f->db, f->a, &f->me[P_ADMIN2], id, "x", "", &ps),
	    ERR_NOT_FOUND);
	assert_int_equal(app_concern_note(f->db, f->a, &f->me[P_MENTOR], id, "x", "", &ps),
	    ERR_NOT_FOUND);
	assert_int_equal(app_concern_note(f->db, f->a, &f->me[P_MENTEE], id, "x", "", &ps),
	    ERR_NOT_FOUND);
	assert_int_equal(app_concern_note(f->db, f->a, &f->me[P_CONTACT], id, " ", "", &ps),
	    ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "text");
	ps.n = 0;
	assert_int_equal(db_audit_count(f->db, &before), ERR_OK);
	assert_int_equal(app_concern_note(f->db, f->a, &f->me[P_CONTACT], id,
	    "quokka-lantern spoke to lead", "", &ps), ERR_OK);
	assert_int_equal(mails_to(f, P_MENTEE), 0);

	assert_int_equal(app_concern_set_status(f->db, f->a, &f->me[P_CONTACT], id, "new", "",
	    &ps), ERR_BAD_INPUT);
	ps.n = 0;
	assert_int_equal(app_concern_set_status(f->db, f->a, &f->me[P_CONTACT], id, "done", "",
	    &ps), ERR_BAD_INPUT);
	ps.n = 0;
	assert_int_equal(app_concern_set_status(f->db, f->a, &f->me[P_ADMIN2], id, "closed",
	    "", &ps), ERR_NOT_FOUND);
	assert_int_equal(app_concern_set_status(f->db, f->a, &f->me[P_SITE], id, "in_progress",
	    "", &ps), ERR_OK);
	assert_int_equal(mails_to(f, P_MENTEE), 1);
	assert_int_equal(mails_to(f, P_MENTOR), 0);

	struct db_mail *mail;
	size_t n;
	assert_int_equal(db_outbox_list(f->db, f->a, NULL, 500, &mail, &n), ERR_OK);
	for (size_t i = 0; i < n; i++) {
		assert_null(strstr(mail[i].body_text, "quokka"));
		if (strcmp(mail[i].to_addr, "mentee@example.nhs.uk") == 0)
			assert_non_null(strstr(mail[i].body_text, "In progress"));
	}

	struct app_concern_case k;
	assert_int_equal(app_concern_open(f->db, f->a, &f->me[P_CONTACT], id, "", &k), ERR_OK);
	assert_string_equal(k.concern.status, "in_progress");
	assert_int_equal(k.nnotes, 2);
	assert_string_equal(k.notes[0].status, "");
	assert_int_equal(k.notes[0].author_id, f->id[P_CONTACT]);
	assert_string_equal(k.notes[1].status, "in_progress");
	assert_int_equal(k.notes[1].author_id, f->id[P_SITE]);

	/* append-only: the database refuses a change */
	assert_int_not_equal(sqlite3_exec(f->db->conn,
	    "UPDATE concern_notes SET text = 'rewritten'", NULL, NULL, NULL), SQLITE_OK);

	/* note, status, view: three audit rows, none with text */
	struct db_audit *rows;
	size_t nrows;
	int64_t after;
	assert_int_equal(db_audit_count(f->db, &after), ERR_OK);
	assert_int_equal(after - before, 3);
	assert_int_equal(db_audit_list(f->db, f->a, 0, "", 500, &rows, &nrows), ERR_OK);
	for (size_t i = 0; i < nrows; i++)
		assert_null(strstr(rows[i].detail, "quokka"));
}

/* The contact list: site administrators only; who may be on it. */
static void
test_contacts(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};

	assert_int_equal(app_concern_contact_add(f->db, f->a, &f->me[P_CONTACT], f->scheme,
	    f->id[P_ADMIN2], "", &ps), ERR_FORBIDDEN);
	assert_int_equal(app_concern_contact_remove(f->db, f->a, &f->me[P_CONTACT], f->scheme,
	    f->id[P_MA], ""), ERR_FORBIDDEN);
	assert_int_equal(app_concern_contact_add(f->db, f->a, &f->me[P_SITE], f->scheme,
	    f->id[P_MENTOR], "", &ps), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "user_id");
	ps.n = 0;
	assert_int_equal(app_concern_contact_add(f->db, f->a, &f->me[P_SITE], f->scheme,
	    f->id[P_OTHER_ADMIN], "", &ps), ERR_BAD_INPUT);   /* another scheme's */
	ps.n = 0;
	assert_int_equal(app_concern_contact_add(f->db, f->a, &f->me[P_SITE], f->scheme,
	    f->id[P_CONTACT], "", &ps), ERR_BAD_INPUT);       /* already on it */
	ps.n = 0;
	assert_int_equal(app_concern_contact_add(f->db, f->a, &f->me[P_SITE], 99999,
	    f->id[P_ADMIN2], "", &ps), ERR_NOT_FOUND);
	assert_int_equal(app_concern_contact_add(f->db, f->a, &f->me[P_SITE], f->scheme,
	    f->id[P_ADMIN2], "", &ps), ERR_OK);
	assert_int_equal(app_concern_contact_add(f->db, f->a, &f->me[P_SITE], f->scheme,
	    f->id[P_SITE], "", &ps), ERR_OK);
	struct db_concern_person *c;
	size_t n;
	assert_int_equal(db_concern_contacts(f->db, f->a, f->scheme, &c, &n), ERR_OK);
	assert_int_equal(n, 4);
	assert_int_equal(app_concern_contact_remove(f->db, f->a, &f->me[P_SITE], f->scheme,
	    f->id[P_ADMIN2], ""), ERR_OK);
	assert_int_equal(app_concern_contact_remove(f->db, f->a, &f->me[P_SITE], f->scheme,
	    f->id[P_ADMIN2], ""), ERR_NOT_FOUND);

	/* a contact whose account is deactivated no longer counts */
	assert_int_equal(db_user_set_status(f->db, f->id[P_CONTACT], "deactivated", "",
	    clock_now()), ERR_OK);
	bool is_contact = true;
	assert_int_equal(db_concern_contact_is(f->db, f->scheme, f->id[P_CONTACT],
	    &is_contact), ERR_OK);
	assert_false(is_contact);
	assert_int_equal(db_concern_contacts(f->db, f->a, f->scheme, &c, &n), ERR_OK);
	assert_int_equal(n, 2);   /* mentoradmin and the site administrator */

	struct db_audit *rows;
	size_t nrows, adds = 0, removes = 0;
	assert_int_equal(db_audit_list(f->db, f->a, f->id[P_SITE], "", 500, &rows, &nrows),
	    ERR_OK);
	for (size_t i = 0; i < nrows; i++) {
		adds += strcmp(rows[i].action, "concern.contact_add") == 0;
		removes += strcmp(rows[i].action, "concern.contact_remove") == 0;
	}
	assert_int_equal(adds, 2);
	assert_int_equal(removes, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_table),
		cmocka_unit_test(test_words),
		cmocka_unit_test_setup_teardown(test_raise_about_mentor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_contact_about_themself, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raise_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scheme_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_handling, setup, teardown),
		cmocka_unit_test_setup_teardown(test_contacts, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
