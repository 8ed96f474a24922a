/*
 * test_training.c - app/training.c and app/conflict.c: the date rules of
 * a training record (NHS date input, not in the future, refresher after
 * completion), certificates recognised by their bytes (a text file named
 * cert.pdf is refused) and their download names, who may read, change
 * and verify a record, and the conflict rules (pick or email, duplicates,
 * only the declarer removes, only the scheme's administrators list).
 *
 * Each database test gets a fresh database with schemes A and B, an
 * administrator of each, two mentors and two mentees of A.  Time is
 * pinned with clock_set to Mon 23 Nov 2026.
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

#include "app/conflict.h"
#include "app/training.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"

#define T0 ((int64_t)1795464861)   /* Mon, 23 Nov 2026 20:14:21 UTC */

/* ---- pure rules ---- */

static void
test_date_real(void **state)
{
	(void)state;
	static const struct { const char *iso; bool ok; } cases[] = {
		{"2024-02-29", true}, {"2023-02-29", false}, {"2000-02-29", true},
		{"1900-02-29", false}, {"2024-13-01", false}, {"2024-04-31", false},
		{"2024-4-01", false}, {"24-04-01", false}, {"", false}, {"2024-04-01x", false},
		{"1899-12-31", false}, {"2026-11-23", true}, {"abcd-ef-gh", false},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(app_date_is_real(cases[i].iso), cases[i].ok);
}

static void
test_date_parts(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	static const struct {
		const char *d, *m, *y, *iso, *why;
	} cases[] = {
		{"", "", "", "", NULL},
		{"5", "3", "2024", "2024-03-05", NULL},
		{"05", "03", "2024", "2024-03-05", NULL},
		{"31", "2", "2024", NULL, "Date must be a real date"},
		{"", "3", "2024", NULL, "Date must include a day"},
		{"5", "", "2024", NULL, "Date must include a month"},
		{"5", "3", "", NULL, "Date must include a year"},
		{"", "", "2024", NULL, "Date must include a day and month"},
		{"5", "3", "24", NULL, "Date year must include 4 numbers"},
		{"x", "3", "2024", NULL, "Date must be a real date"},
		{"5", "3", "20245", NULL, "Date must be a real date"},
		{"-1", "3", "2024", NULL, "Date must be a real date"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *iso, *why;
		enum err rc = app_date_from_parts(a, "Date", cases[i].d, cases[i].m,
		    cases[i].y, &iso, &why);
		if (cases[i].why == NULL) {
			assert_int_equal(rc, ERR_OK);
			assert_string_equal(iso, cases[i].iso);
		} else {
			assert_int_equal(rc, ERR_BAD_INPUT);
			assert_string_equal(why, cases[i].why);
		}
	}
	arena_free(a);
}

static void
test_training_check(void **state)
{
	(void)state;
	static const struct {
		const char *kind, *course, *done, *due, *field, *message;
	} cases[] = {
		{"course", "Mentoring", "2026-11-23", "", NULL, NULL},
		{"refresher", "Mentoring", "2024-01-01", "2027-01-01", NULL, NULL},
		{"course", "Mentoring", "2026-11-24", "", "completed_on",
		    "Date completed must be today or in the past"},
		{"course", "Mentoring", "", "", "completed_on",
		    "Enter the date you completed the training"},
		{"course", "Mentoring", "2024-02-30", "", "completed_on",
		    "Date completed must be a real date"},
		{"course", "Mentoring", "2024-01-01", "2024-01-01", "refresh_due_on",
		    "Refresher due date must be after the date completed"},
		{"course", "Mentoring", "2024-01-01", "2023-12-31", "refresh_due_on",
		    "Refresher due date must be after the date completed"},
		{"course", "Mentoring", "2024-01-01", "2025-02-29", "refresh_due_on",
		    "Refresher due date must be a real date"},
		{"webinar", "Mentoring", "2024-01-01", "", "kind",
		    "Select the kind of training"},
		{"course", "", "2024-01-01", "", "course",
		    "Enter the name of the course or qualification"},
	};
	/* lengths are characters: 200 two-byte letters are fine, 201 are not */
	char course[2 * 201 + 1] = "";
	for (size_t i = 0; i < 200; i++)
		memcpy(course + 2 * i, "\xc3\xa9", 3);
	struct app_problems lp = {0};
	struct app_training_in long_in = {"course", course, course, "2024-01-01", ""};
	assert_int_equal(app_training_check(&long_in, "2026-11-23", &lp), ERR_OK);
	memcpy(course + 400, "\xc3\xa9", 3);
	assert_int_equal(app_training_check(&long_in, "2026-11-23", &lp), ERR_BAD_INPUT);
	assert_int_equal(lp.n, 2);
	assert_string_equal(lp.p[0].field, "course");
	assert_string_equal(lp.p[1].field, "provider");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct app_problems ps = {0};
		struct app_training_in in = {cases[i].kind, cases[i].course, "",
			cases[i].done, cases[i].due};
		enum err rc = app_training_check(&in, "2026-11-23", &ps);
		if (cases[i].field == NULL) {
			assert_int_equal(rc, ERR_OK);
			assert_int_equal(ps.n, 0);
		} else {
			assert_int_equal(rc, ERR_BAD_INPUT);
			assert_int_equal(ps.n, 1);
			assert_string_equal(ps.p[0].field, cases[i].field);
			assert_string_equal(ps.p[0].message, cases[i].message);
		}
	}
}

static void
test_today_and_overdue(void **state)
{
	(void)state;
	char today[11];
	clock_set(T0);
	app_today(today);
	assert_string_equal(today, "2026-11-23");
	struct db_training t = {.refresh_due_on = "2026-11-22"};
	assert_true(app_training_is_overdue(&t, today));
	t.refresh_due_on = "2026-11-23";
	assert_false(app_training_is_overdue(&t, today));
	t.refresh_due_on = "";
	assert_false(app_training_is_overdue(&t, today));
	/* verified means verified_at, even when the verifier is gone */
	t.verified_at = T0;
	t.verified_by = 0;
	assert_true(app_training_is_verified(&t));
	t.verified_at = 0;
	t.verified_by = 7;
	assert_false(app_training_is_verified(&t));
}

static void
test_certificate_sniff(void **state)
{
	(void)state;
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
		0, 0, 0, 13, 'I', 'H', 'D', 'R'};
	static const unsigned char jpeg[] = {0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F',
		'I', 'F', 0};
	static const struct { const void *data; size_t len; const char *mime; } cases[] = {
		{"%PDF-1.4\n%%EOF\n", 15, "application/pdf"},
		{"%PDF-2.0\n%%EOF", 14, "application/pdf"},
		{"junk\n%PDF-1.7\n%%EOF", 19, "application/pdf"},   /* header within 1024 */
		{"%PDF-1.4\nno end marker", 22, NULL},
		{"%PDF-1.8\n%%EOF\n", 15, NULL},
		{"%PDF-3.0\n%%EOF\n", 15, NULL},
		{"%PDF-1.\n%%EOF\n", 14, NULL},
		{png, sizeof(png), "image/png"},
		{jpeg, sizeof(jpeg), "image/jpeg"},
		{"just some text, named cert.pdf", 30, NULL},
		{"%PDF", 4, NULL},
		{" %PDF-1.4", 9, NULL},
		{"<html><body>%PDF-</body></html>", 31, NULL},
		{"GIF89a", 6, NULL},
		{"RIFF\x10\0\0\0WEBPVP8 ", 16, NULL},
		{"<html>%PDF-1.4 %%EOF</html>", 27, "application/pdf"},  /* see CSP sandbox */
		{"", 0, NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *mime = NULL, *ext = NULL;
		enum err rc = app_certificate_sniff(cases[i].data, cases[i].len, &mime, &ext);
		if (cases[i].mime == NULL) {
			assert_int_equal(rc, ERR_BAD_INPUT);
		} else {
			assert_int_equal(rc, ERR_OK);
			assert_string_equal(mime, cases[i].mime);
		}
	}
}

/* A 1x1 PNG with a tEXt chunk ("Comment": "secret-gps"). */
static const unsigned char png_with_text[] = {
	0x89,0x50,0x4e,0x47,0x0d,0x0a,0x1a,0x0a,0x00,0x00,0x00,0x0d,0x49,0x48,0x44,0x52,
	0x00,0x00,0x00,0x01,0x00,0x00,0x00,0x01,0x08,0x06,0x00,0x00,0x00,0x1f,0x15,0xc4,
	0x89,0x00,0x00,0x00,0x12,0x74,0x45,0x58,0x74,0x43,0x6f,0x6d,0x6d,0x65,0x6e,0x74,
	0x00,0x73,0x65,0x63,0x72,0x65,0x74,0x2d,0x67,0x70,0x73,0x8c,0xde,0x69,0x17,0x00,
	0x00,0x00,0x0b,0x49,0x44,0x41,0x54,0x78,0x9c,0x63,0x60,0x00,0x02,0x00,0x00,0x05,
	0x00,0x01,0x7a,0x5e,0xab,0x3f,0x00,0x00,0x00,0x00,0x49,0x45,0x4e,0x44,0xae,0x42,
	0x60,0x82,
};

static bool
has_bytes(const unsigned char *data, size_t len, const char *what)
{
	size_t wlen = strlen(what);
	for (size_t i = 0; i + wlen <= len; i++)
		if (memcmp(data + i, what, wlen) == 0)
			return true;
	return false;
}

static void
test_certificate_clean(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	const char *mime, *ext, *why;
	const unsigned char *out;
	size_t len;

	/* an image is cleaned: the metadata is gone from what is kept */
	assert_true(has_bytes(png_with_text, sizeof(png_with_text), "secret-gps"));
	assert_int_equal(app_certificate_clean(a, png_with_text, sizeof(png_with_text),
	    &mime, &ext, &out, &len, &why), ERR_OK);
	assert_string_equal(mime, "image/png");
	assert_false(has_bytes(out, len, "secret-gps"));
	/* a damaged image: image_clean's own sentence */
	assert_int_equal(app_certificate_clean(a, png_with_text, 40, &mime, &ext, &out,
	    &len, &why), ERR_BAD_INPUT);
	assert_non_null(why);
	/* a PDF is kept as sent; a text file is refused */
	static const unsigned char pdf[] = "%PDF-1.4\n%%EOF\n";
	assert_int_equal(app_certificate_clean(a, pdf, sizeof(pdf) - 1, &mime, &ext, &out,
	    &len, &why), ERR_OK);
	assert_true(out == pdf && len == sizeof(pdf) - 1);
	assert_int_equal(app_certificate_clean(a, (const unsigned char *)"text", 4, &mime,
	    &ext, &out, &len, &why), ERR_BAD_INPUT);
	assert_string_equal(why, "The selected file must be a PDF, JPG or PNG");
	/* %%EOF must be within the last 1024 bytes */
	size_t big = 3000;
	unsigned char *far = arena_alloc(a, big);
	memset(far, ' ', big);
	memcpy(far, "%PDF-1.4\n%%EOF\n", 15);
	assert_int_equal(app_certificate_sniff(far, big, &mime, &ext), ERR_BAD_INPUT);
	memcpy(far + big - 6, "%%EOF\n", 6);
	assert_int_equal(app_certificate_sniff(far, big, &mime, &ext), ERR_OK);
	/* the header must start within the first 1024 bytes */
	memset(far, ' ', 1100);
	memcpy(far + 1030, "%PDF-1.4", 8);
	assert_int_equal(app_certificate_sniff(far, big, &mime, &ext), ERR_BAD_INPUT);
	arena_free(a);
}

static void
test_certificate_filename(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	static const struct { const char *in, *ext, *out; } cases[] = {
		{"Mentoring cert.pdf", "pdf", "Mentoring cert.pdf"},
		{"scan.JPEG", "jpg", "scan.jpg"},
		{"evil\"; filename=x.html", "pdf", "evil__ filename_x.pdf"},
		{"..", "pdf", "certificate.pdf"},
		{"", "png", "certificate.png"},
		{"résumé.pdf", "pdf", "r__sum__.pdf"},
		{"noext", "pdf", "noext.pdf"},
		{"a\\b/c.pdf", "pdf", "a_b_c.pdf"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(app_certificate_filename(a, cases[i].in, cases[i].ext),
		    cases[i].out);
	char long_name[400];
	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	assert_true(strlen(app_certificate_filename(a, long_name, "pdf")) <= 104);
	arena_free(a);
}

/* ---- with a database ---- */

struct fixture {
	char dir[TESTDB_DIR_MAX];
	char path[TESTDB_PATH_MAX];
	struct db *db;
	struct arena *a;
	int64_t scheme_a, scheme_b;
	int64_t admin_a, admin_b, mentor1, mentor2, mentee1, mentee2;
	struct app_view v_admin_a[1], v_admin_b[1], v_mentor1[1], v_mentor2[1],
	    v_mentee1[1], v_mentee2[1];
	struct app_auth admin_a_me, admin_b_me, mentor1_me, mentor2_me, mentee1_me,
	    mentee2_me;
};

static int64_t
make_user(struct db *db, const char *username, const char *family)
{
	char email[128];
	int64_t id = 0;

	snprintf(email, sizeof(email), "%s@example.nhs.uk", username);
	struct db_user u = {
		.username = username, .email = email, .given_name = "Given",
		.family_name = family, .password_hash = "$argon2id$placeholder",
		.status = "active", .created_at = T0,
	};
	assert_int_equal(db_user_create(db, &u, &id), ERR_OK);
	return id;
}

static struct app_auth
auth_for(int64_t id, const char *email, struct app_view *v, int64_t scheme,
    const char *role)
{
	v->scheme_id = scheme;
	v->scheme_name = "Scheme";
	v->role = role;
	v->label = role;
	struct app_auth me = {.user_id = id, .username = "someone",
		.display_name = "Given Family", .email = email, .views = v, .nviews = 1,
		.active = v};
	return me;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || crypto_init() != ERR_OK)
		return -1;
	log_set_level(LOG_ERROR);
	if (testdb_make("training", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(0);
	clock_set(T0);
	if (db_begin(f->db) != ERR_OK ||
	    app_scheme_create_tx(f->db, "aspire", "Aspire", "", &f->scheme_a) != ERR_OK ||
	    app_scheme_create_tx(f->db, "beacon", "Beacon", "", &f->scheme_b) != ERR_OK ||
	    db_commit(f->db) != ERR_OK)
		return -1;
	f->admin_a = make_user(f->db, "admin.a", "Adams");
	f->admin_b = make_user(f->db, "admin.b", "Baker");
	f->mentor1 = make_user(f->db, "mentor.one", "Cole");
	f->mentor2 = make_user(f->db, "mentor.two", "Dale");
	f->mentee1 = make_user(f->db, "mentee.one", "Evans");
	f->mentee2 = make_user(f->db, "mentee.two", "Ford");
	db_role_add(f->db, f->admin_a, f->scheme_a, "scheme_admin", T0);
	db_role_add(f->db, f->admin_b, f->scheme_b, "scheme_admin", T0);
	db_role_add(f->db, f->mentor1, f->scheme_a, "mentor", T0);
	db_role_add(f->db, f->mentor2, f->scheme_a, "mentor", T0);
	db_role_add(f->db, f->mentee1, f->scheme_a, "mentee", T0);
	db_role_add(f->db, f->mentee2, f->scheme_a, "mentee", T0);
	f->admin_a_me = auth_for(f->admin_a, "admin.a@example.nhs.uk", f->v_admin_a,
	    f->scheme_a, "scheme_admin");
	f->admin_b_me = auth_for(f->admin_b, "admin.b@example.nhs.uk", f->v_admin_b,
	    f->scheme_b, "scheme_admin");
	f->mentor1_me = auth_for(f->mentor1, "mentor.one@example.nhs.uk", f->v_mentor1,
	    f->scheme_a, "mentor");
	f->mentor2_me = auth_for(f->mentor2, "mentor.two@example.nhs.uk", f->v_mentor2,
	    f->scheme_a, "mentor");
	f->mentee1_me = auth_for(f->mentee1, "mentee.one@example.nhs.uk", f->v_mentee1,
	    f->scheme_a, "mentee");
	f->mentee2_me = auth_for(f->mentee2, "mentee.two@example.nhs.uk", f->v_mentee2,
	    f->scheme_a, "mentee");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char files[TESTDB_DIR_MAX + 16];
	db_close(f->db);
	testdb_unlink(f->path);
	snprintf(files, sizeof(files), "%s/files", f->dir);
	rmdir(files);
	rmdir(f->dir);
	arena_free(f->a);
	free(f);
	return 0;
}

static int64_t
add_record(struct fixture *f, const struct app_auth *me, const char *course)
{
	struct app_training_in in = {"course", course, "Deanery", "2024-03-15",
		"2025-03-15"};
	struct app_problems ps = {0};
	int64_t id = 0;
	assert_int_equal(app_training_add(f->db, f->a, me, &in, NULL, f->dir, "",
	    &ps, &id), ERR_OK);
	return id;
}

static void
test_training_access(void **state)
{
	struct fixture *f = *state;
	struct db_training t;
	struct app_problems ps = {0};
	bool was = false;
	int64_t id = add_record(f, &f->mentor1_me, "Mentoring skills");
	struct app_training_in in = {"course", "Changed", "", "2024-03-15", ""};

	/* a mentee cannot keep records */
	assert_int_equal(app_training_add(f->db, f->a, &f->mentee1_me, &in, NULL, f->dir,
	    "", &ps, &id), ERR_FORBIDDEN);
	/* the owner and the scheme's administrator read it; others do not */
	assert_int_equal(app_training_get(f->db, f->a, &f->mentor1_me, id, true, &t), ERR_OK);
	assert_int_equal(app_training_get(f->db, f->a, &f->admin_a_me, id, false, &t), ERR_OK);
	assert_int_equal(app_training_get(f->db, f->a, &f->admin_a_me, id, true, &t),
	    ERR_NOT_FOUND);
	assert_int_equal(app_training_get(f->db, f->a, &f->mentor2_me, id, false, &t),
	    ERR_NOT_FOUND);
	assert_int_equal(app_training_get(f->db, f->a, &f->admin_b_me, id, false, &t),
	    ERR_NOT_FOUND);
	assert_int_equal(app_training_update(f->db, f->a, &f->mentor2_me, id, &in, NULL,
	    f->dir, "", &ps, &was), ERR_NOT_FOUND);
	assert_int_equal(app_training_delete(f->db, f->a, &f->mentor2_me, id, f->dir, ""),
	    ERR_NOT_FOUND);

	/* verification: the scheme's administrator only; an edit clears it */
	assert_int_equal(db_training_get(f->db, f->a, id, &t), ERR_OK);
	assert_int_equal(t.version, 1);
	assert_int_equal(app_training_verify(f->db, f->a, &f->admin_b_me, id, 1, true, ""),
	    ERR_NOT_FOUND);
	assert_int_equal(app_training_verify(f->db, f->a, &f->mentor2_me, id, 1, true, ""),
	    ERR_NOT_FOUND);
	assert_int_equal(app_training_verify(f->db, f->a, &f->admin_a_me, id, 1, true, ""),
	    ERR_OK);
	assert_int_equal(db_training_get(f->db, f->a, id, &t), ERR_OK);
	assert_int_equal(t.verified_by, f->admin_a);
	assert_int_equal(t.verified_at, T0);
	assert_int_equal(t.version, 1);
	assert_string_equal(t.verifier_name, "Given Adams");
	assert_int_equal(app_training_update(f->db, f->a, &f->mentor1_me, id, &in, NULL,
	    f->dir, "", &ps, &was), ERR_OK);
	assert_true(was);
	assert_int_equal(db_training_get(f->db, f->a, id, &t), ERR_OK);
	assert_int_equal(t.verified_by, 0);
	assert_int_equal(t.verified_at, 0);
	assert_int_equal(t.version, 2);
	assert_string_equal(t.course, "Changed");
	/* a verification of the version seen before the edit is refused */
	assert_int_equal(app_training_verify(f->db, f->a, &f->admin_a_me, id, 1, true, ""),
	    ERR_CONFLICT);
	assert_int_equal(db_training_get(f->db, f->a, id, &t), ERR_OK);
	assert_int_equal(t.verified_at, 0);
	assert_int_equal(app_training_verify(f->db, f->a, &f->admin_a_me, id, 2, true, ""),
	    ERR_OK);
	/* an administrator who is also a mentor cannot verify their own */
	db_role_add(f->db, f->admin_a, f->scheme_a, "mentor", T0);
	struct app_view both[2] = {f->v_admin_a[0], {.scheme_id = f->scheme_a,
		.scheme_name = "Scheme", .role = "mentor", .label = "mentor"}};
	struct app_auth admin_mentor = f->admin_a_me;
	admin_mentor.views = both;
	admin_mentor.nviews = 2;
	int64_t own = add_record(f, &admin_mentor, "My own");
	assert_int_equal(app_training_verify(f->db, f->a, &admin_mentor, own, 1, true, ""),
	    ERR_NOT_FOUND);

	/* the administrator's list: every mentor, the newest record, one query */
	struct db_scheme s;
	struct db_training_counts k;
	struct db_mentor_training *mt;
	struct db_person who;
	struct db_training *all;
	size_t n;
	add_record(f, &f->mentor1_me, "Older course");
	assert_int_equal(app_training_of_scheme(f->db, f->a, &f->admin_b_me, f->scheme_a,
	    "all", 1, &s, &k, &mt, &n), ERR_NOT_FOUND);
	assert_int_equal(app_training_of_scheme(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    "all", 1, &s, &k, &mt, &n), ERR_OK);
	/* admin.a (Adams) is now a mentor too, first by name */
	assert_int_equal(n, 3);
	assert_int_equal(mt[1].user_id, f->mentor1);
	assert_int_equal(mt[1].nrecords, 2);
	assert_int_equal(mt[2].latest.id, 0);
	assert_int_equal(k.mentors, 3);
	assert_int_equal(k.without_training, 1);
	/* records not verified, over all records: admin's own and the older one */
	assert_int_equal(k.unverified_records, 2);
	assert_int_equal(k.unverified_mentors, 2);
	assert_int_equal(k.overdue, 2);   /* both newest due 2025-03-15 */
	assert_int_equal(app_training_of_scheme(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    "none", 1, &s, &k, &mt, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(mt[0].user_id, f->mentor2);
	assert_int_equal(app_training_of_scheme(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    "unverified", 1, &s, &k, &mt, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(app_training_of_scheme(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    "all", 2, &s, &k, &mt, &n), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(app_training_of_scheme(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    "bogus", 1, &s, &k, &mt, &n), ERR_BAD_INPUT);
	/* one mentor's every record: the scheme's administrators, mentors only */
	assert_int_equal(app_training_of_mentor(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    f->mentor1, &s, &who, &all, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(app_training_of_mentor(f->db, f->a, &f->admin_b_me, f->scheme_a,
	    f->mentor1, &s, &who, &all, &n), ERR_NOT_FOUND);
	assert_int_equal(app_training_of_mentor(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    f->mentee1, &s, &who, &all, &n), ERR_NOT_FOUND);

	assert_int_equal(app_training_delete(f->db, f->a, &f->mentor1_me, id, f->dir, ""),
	    ERR_OK);
	assert_int_equal(db_training_get(f->db, f->a, id, &t), ERR_NOT_FOUND);
}

static void
test_training_certificate(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	char path[TESTDB_DIR_MAX + 32];
	int64_t id = add_record(f, &f->mentor1_me, "With certificate");
	const char *stored, *mime, *name;

	/* a text file named cert.pdf is refused */
	snprintf(path, sizeof(path), "%s/upload.tmp", f->dir);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs("this is not a pdf", fp);
	fclose(fp);
	struct app_file file = {path, 17, "cert.pdf"};
	assert_int_equal(app_training_set_certificate(f->db, f->a, &f->mentor1_me, id,
	    &file, f->dir, "", &ps), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "certificate");
	assert_int_equal(app_training_certificate(f->db, f->a, &f->mentor1_me, id, f->dir,
	    &stored, &mime, &name), ERR_NOT_FOUND);

	/* a real one is stored under a generated name */
	fp = fopen(path, "wb");
	fputs("%PDF-1.4\n%%EOF\n", fp);
	fclose(fp);
	file.len = 15;
	ps.n = 0;
	assert_int_equal(app_training_set_certificate(f->db, f->a, &f->mentor1_me, id,
	    &file, f->dir, "", &ps), ERR_OK);
	assert_int_equal(app_training_certificate(f->db, f->a, &f->mentor1_me, id, f->dir,
	    &stored, &mime, &name), ERR_OK);
	assert_string_equal(mime, "application/pdf");
	assert_string_equal(name, "cert.pdf");
	assert_null(strstr(stored, "cert.pdf"));
	assert_int_equal(access(stored, R_OK), 0);
	assert_int_equal(app_training_certificate(f->db, f->a, &f->admin_a_me, id, f->dir,
	    &stored, &mime, &name), ERR_OK);
	assert_int_equal(app_training_certificate(f->db, f->a, &f->mentor2_me, id, f->dir,
	    &stored, &mime, &name), ERR_NOT_FOUND);
	/* deleting the record deletes the file */
	assert_int_equal(app_training_certificate(f->db, f->a, &f->mentor1_me, id, f->dir,
	    &stored, &mime, &name), ERR_OK);
	assert_int_equal(app_training_delete(f->db, f->a, &f->mentor1_me, id, f->dir, ""),
	    ERR_OK);
	assert_int_not_equal(access(stored, F_OK), 0);
	unlink(path);
}

static void
test_conflicts(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t id1, id2, id3, id4;
	struct db_conflict *c;
	struct db_scheme s;
	size_t n;

	/* a mentee picks a mentor */
	struct app_conflict_in pick = {"supervisor", f->mentor1, "", ""};
	assert_int_equal(app_conflict_declare(f->db, f->a, &f->mentee1_me, &pick, "", &ps,
	    &id1), ERR_OK);
	/* the same again, even as another kind: refused */
	pick.kind = "appraiser";
	assert_int_equal(app_conflict_declare(f->db, f->a, &f->mentee1_me, &pick, "", &ps,
	    &id2), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].message, "You have already declared this person");
	/* a mentor's email typed: the mentor is stored too; then a duplicate */
	ps.n = 0;
	struct app_conflict_in typed = {"appraiser", 0, "Dr Two", "MENTOR.TWO@example.nhs.uk"};
	assert_int_equal(app_conflict_declare(f->db, f->a, &f->mentee1_me, &typed, "", &ps,
	    &id2), ERR_OK);
	struct db_conflict got;
	assert_int_equal(db_conflict_get(f->db, f->a, id2, &got), ERR_OK);
	assert_int_equal(got.mentor_id, f->mentor2);
	struct app_conflict_in again = {"other", f->mentor2, "", ""};
	assert_int_equal(app_conflict_declare(f->db, f->a, &f->mentee1_me, &again, "", &ps,
	    &id3), ERR_BAD_INPUT);
	/* someone not registered */
	ps.n = 0;
	struct app_conflict_in outside = {"other", 0, "Pat", "pat@example.nhs.uk"};
	assert_int_equal(app_conflict_declare(f->db, f->a, &f->mentee1_me, &outside, "", &ps,
	    &id3), ERR_OK);
	assert_int_equal(db_conflict_get(f->db, f->a, id3, &got), ERR_OK);
	assert_int_equal(got.mentor_id, 0);
	/* bad input */
	static const struct { struct app_conflict_in in; const char *field; } bad[] = {
		{{"friend", 0, "A", "a@example.nhs.uk"}, "kind"},
		{{"other", 0, "", ""}, "person_id"},
		{{"other", 0, "A", "not-an-email"}, "email"},
		{{"other", 0, "", "a@example.nhs.uk"}, "name"},
		{{"other", 0, "Me", "mentee.one@example.nhs.uk"}, "email"},
		{{"other", 999, "", ""}, "person_id"},
		{{"other", 0, "X", "x@example.nhs.uk"}, NULL},
	};
	for (size_t i = 0; bad[i].field != NULL; i++) {
		ps.n = 0;
		int64_t x;
		assert_int_equal(app_conflict_declare(f->db, f->a, &f->mentee1_me, &bad[i].in,
		    "", &ps, &x), ERR_BAD_INPUT);
		assert_string_equal(ps.p[0].field, bad[i].field);
	}
	/* a mentee cannot pick another mentee */
	ps.n = 0;
	struct app_conflict_in peer = {"other", f->mentee2, "", ""};
	assert_int_equal(app_conflict_declare(f->db, f->a, &f->mentee1_me, &peer, "", &ps,
	    &id4), ERR_BAD_INPUT);

	/* a mentor names a mentee by email only: never picked, never looked up */
	struct db_person *people;
	assert_int_equal(app_conflict_choices(f->db, f->a, &f->mentor1_me, &people, &n),
	    ERR_OK);
	assert_int_equal(n, 0);
	ps.n = 0;
	struct app_conflict_in m = {"other", f->mentee2, "", ""};
	assert_int_equal(app_conflict_declare(f->db, f->a, &f->mentor1_me, &m, "", &ps,
	    &id4), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "email");
	ps.n = 0;
	struct app_conflict_in m2 = {"other", 0, "", "mentee.two@example.nhs.uk"};
	assert_int_equal(app_conflict_declare(f->db, f->a, &f->mentor1_me, &m2, "", &ps,
	    &id4), ERR_OK);
	assert_int_equal(db_conflict_get(f->db, f->a, id4, &got), ERR_OK);
	assert_int_equal(got.mentee_id, 0);
	assert_int_equal(got.mentor_id, f->mentor1);
	assert_string_equal(got.email, "mentee.two@example.nhs.uk");
	/* the audit names who was named, nothing else */
	struct db_audit *au;
	size_t nau;
	assert_int_equal(db_audit_list(f->db, f->a, 0, "", 50, &au, &nau), ERR_OK);
	const char *want4 = arena_printf(f->a, "conflict:%lld", (long long)id4);
	const char *want1 = arena_printf(f->a, "conflict:%lld", (long long)id1);
	int seen = 0;
	for (size_t i = 0; i < nau; i++) {
		if (strcmp(au[i].subject, want4) == 0 && ++seen)
			assert_string_equal(au[i].detail, arena_printf(f->a,
			    "mentor:%lld email:mentee.two@example.nhs.uk", (long long)f->mentor1));
		if (strcmp(au[i].subject, want1) == 0 && ++seen)
			assert_string_equal(au[i].detail, arena_printf(f->a,
			    "mentee:%lld mentor:%lld", (long long)f->mentee1,
			    (long long)f->mentor1));
	}
	assert_int_equal(seen, 2);
	/* the same email in another case: a duplicate */
	ps.n = 0;
	struct app_conflict_in m2b = {"appraiser", 0, "", "Mentee.Two@EXAMPLE.nhs.uk"};
	assert_int_equal(app_conflict_declare(f->db, f->a, &f->mentor1_me, &m2b, "", &ps,
	    &id4), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "email");
	assert_string_equal(ps.p[0].message, "You have already declared this person");
	/* nobody has this address: the very same answer */
	ps.n = 0;
	struct app_conflict_in m3 = {"other", 0, "", "nobody@example.nhs.uk"};
	assert_int_equal(app_conflict_declare(f->db, f->a, &f->mentor1_me, &m3, "", &ps,
	    &id4), ERR_OK);
	assert_int_equal(ps.n, 0);
	/* an administrator's view declares nothing */
	assert_int_equal(app_conflict_declare(f->db, f->a, &f->admin_a_me, &m, "", &ps,
	    &id4), ERR_FORBIDDEN);

	/* each sees their own; administrators of the scheme see all */
	assert_int_equal(app_conflicts_mine(f->db, f->a, &f->mentee1_me, &c, &n), ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(app_conflicts_mine(f->db, f->a, &f->mentor1_me, &c, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(app_conflicts_mine(f->db, f->a, &f->mentee2_me, &c, &n), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(app_conflicts_of_scheme(f->db, f->a, &f->admin_b_me, f->scheme_a,
	    &s, &c, &n), ERR_NOT_FOUND);
	assert_int_equal(app_conflicts_of_scheme(f->db, f->a, &f->mentor1_me, f->scheme_a,
	    &s, &c, &n), ERR_NOT_FOUND);
	assert_int_equal(app_conflicts_of_scheme(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    &s, &c, &n), ERR_OK);
	assert_int_equal(n, 5);
	/* "not registered" is worked out when listing */
	for (size_t i = 0; i < n; i++) {
		if (strcmp(c[i].email, "nobody@example.nhs.uk") == 0 ||
		    strcmp(c[i].email, "pat@example.nhs.uk") == 0)
			assert_false(c[i].is_registered);
		else
			assert_true(c[i].is_registered);
	}
	make_user(f->db, "pat", "Later");   /* pat@example.nhs.uk joins */
	assert_int_equal(app_conflicts_of_scheme(f->db, f->a, &f->admin_a_me, f->scheme_a,
	    &s, &c, &n), ERR_OK);
	for (size_t i = 0; i < n; i++)
		if (strcmp(c[i].email, "pat@example.nhs.uk") == 0)
			assert_true(c[i].is_registered);

	/* only the declarer removes */
	assert_int_equal(app_conflict_delete(f->db, f->a, &f->mentor1_me, id1, ""),
	    ERR_NOT_FOUND);
	assert_int_equal(app_conflict_delete(f->db, f->a, &f->admin_a_me, id1, ""),
	    ERR_NOT_FOUND);
	assert_int_equal(app_conflict_delete(f->db, f->a, &f->mentee1_me, id1, ""), ERR_OK);
	assert_int_equal(app_conflict_delete(f->db, f->a, &f->mentee1_me, id1, ""),
	    ERR_NOT_FOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_real),
		cmocka_unit_test(test_date_parts),
		cmocka_unit_test(test_training_check),
		cmocka_unit_test(test_today_and_overdue),
		cmocka_unit_test(test_certificate_sniff),
		cmocka_unit_test(test_certificate_clean),
		cmocka_unit_test(test_certificate_filename),
		cmocka_unit_test_setup_teardown(test_training_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_training_certificate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflicts, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
