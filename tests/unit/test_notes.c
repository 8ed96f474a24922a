/*
 * test_notes.c - app/notes.c: the pure rules (download names, the kinds
 * and size in words, excerpts) and the access rule as a table over who
 * asks (author, partner, administrator under each rule, another pair's
 * mentor, another scheme's administrator) and what (private or shared),
 * the order of refusals (404 before 409 before 403), read-only after
 * completion (REL-5), and uploads checked by content and the scheme's
 * limit, their files removed with them.
 *
 * Each database test gets a fresh database: scheme A with pairs
 * (mentor1, mentee1) and (mentor2, mentee2), an administrator of A and
 * one of scheme B.  Time is pinned to Mon 23 Nov 2026.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "testdb.h"
#include "testpairs.h"

#include "app/notes.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "db/search.h"

#define T0 ((int64_t)1795464861)   /* Mon, 23 Nov 2026 20:14:21 UTC */

/* ---- pure rules ---- */

static void
test_filename(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	static const struct { const char *in, *kind, *out; } cases[] = {
		{"plan.pdf", "pdf", "plan.pdf"},
		{"plan.PDF", "pdf", "plan.PDF"},
		{"cv.pdf", "docx", "cv.docx"},             /* the name lied: the bytes win */
		{"photo.jpeg", "jpeg", "photo.jpeg"},
		{"photo.jpg", "jpeg", "photo.jpg"},
		{"../../etc/passwd", "txt", "passwd.txt"},
		{"notes", "txt", "notes.txt"},
		{"v1.2 draft", "txt", "v1.2 draft.txt"},   /* " draft" is not an extension */
		{"", "pdf", "document.pdf"},
		{"...", "pdf", "document.pdf"},
		{".pdf", "pdf", "pdf.pdf"},
		{"a\xe2\x80\xaeslx.exe", "xlsx", "aslx.xlsx"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = app_document_filename(a, cases[i].in, cases[i].kind);
		if (strcmp(got, cases[i].out) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, got, cases[i].out);
	}
	/* long names end within the limit, with the right extension */
	char longname[400];
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	const char *got = app_document_filename(a, longname, "odt");
	assert_int_equal(strlen(got), APP_DOC_NAME_MAX);
	assert_string_equal(got + strlen(got) - 4, ".odt");
	arena_free(a);
}

static void
test_words(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	assert_string_equal(app_document_kinds_words(a, "pdf,docx,xlsx,pptx,odt,txt,png,jpeg"),
	    "PDF, Word, Excel, PowerPoint, OpenDocument, text, PNG or JPEG");
	assert_string_equal(app_document_kinds_words(a, "odt,ods,odp"), "OpenDocument");
	assert_string_equal(app_document_kinds_words(a, "txt, pdf"), "PDF or text");
	assert_string_equal(app_document_kinds_words(a, "png"), "PNG");
	assert_string_equal(app_document_kinds_words(a, "exe"), "");
	assert_string_equal(app_document_size_words(a, 10240), "10 MB");
	assert_string_equal(app_document_size_words(a, 500), "500 KB");
	assert_string_equal(app_document_size_words(a, 1536), "1536 KB");
	assert_true(app_document_kind_allowed("pdf,docx", "docx"));
	assert_true(app_document_kind_allowed(" pdf , txt ", "txt"));
	assert_false(app_document_kind_allowed("pdf,docx", "doc"));
	assert_false(app_document_kind_allowed("pdfx", "pdf"));
	assert_false(app_document_kind_allowed("", "pdf"));
	assert_false(app_document_kind_allowed(NULL, "pdf"));
	assert_string_equal(app_note_excerpt(a, "one\ntwo\n\nthree", 100), "one two three");
	assert_string_equal(app_note_excerpt(a, "abcdef", 3), "abc\xe2\x80\xa6");
	assert_string_equal(app_note_excerpt(a, "\xc3\xa9\xc3\xa9\xc3\xa9", 2),
	    "\xc3\xa9\xc3\xa9\xe2\x80\xa6");
	assert_string_equal(app_note_excerpt(a, "", 5), "");
	arena_free(a);
}

/* ---- the database ---- */

static int
setup(void **state)
{
	return testpairs_setup(state, "notes", T0);
}

static int
teardown(void **state)
{
	return testpairs_teardown(state);
}

static void
set_rule(struct fixture *f, bool open)
{
	struct db_scheme_settings st;
	assert_int_equal(db_scheme_settings_get(f->db, f->a, f->scheme_a, &st), ERR_OK);
	st.admin_sees_documents = open;
	assert_int_equal(db_scheme_settings_put(f->db, &st), ERR_OK);
}

static int64_t
add_note(struct fixture *f, int who, int64_t rel, const char *text, bool shared)
{
	struct app_problems ps = {0};
	int64_t id = 0;
	assert_int_equal(app_note_add(f->db, f->a, &f->me[who], rel, text, shared, "http://x",
	    "", &ps, &id), ERR_OK);
	return id;
}

static void
test_note_matrix(void **state)
{
	struct fixture *f = *state;
	int64_t priv = add_note(f, MENTOR1, f->rel1, "private", false);
	int64_t shared = add_note(f, MENTOR1, f->rel1, "shared", true);
	struct app_note_view nv;
	static const struct {
		int who;
		bool open_rule, is_shared;
		enum err want;
	} cases[] = {
		{MENTOR1, false, false, ERR_OK}, {MENTOR1, false, true, ERR_OK},
		{MENTEE1, false, false, ERR_NOT_FOUND}, {MENTEE1, false, true, ERR_OK},
		{ADMIN_A, false, false, ERR_NOT_FOUND}, {ADMIN_A, false, true, ERR_FORBIDDEN},
		{ADMIN_A, true, false, ERR_NOT_FOUND}, {ADMIN_A, true, true, ERR_OK},
		{MENTOR2, true, true, ERR_NOT_FOUND}, {MENTEE2, true, true, ERR_NOT_FOUND},
		{ADMIN_B, true, true, ERR_NOT_FOUND},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		set_rule(f, cases[i].open_rule);
		enum err rc = app_note_get(f->db, f->a, &f->me[cases[i].who],
		    cases[i].is_shared ? shared : priv, "", &nv);
		if (rc != cases[i].want)
			fail_msg("case %zu: got %d, want %d", i, (int)rc, (int)cases[i].want);
	}
	assert_int_equal(app_note_get(f->db, f->a, &f->me[MENTOR1], 9999, "", &nv),
	    ERR_NOT_FOUND);

	/* the lists: the partner and an administrator get the shared one only */
	struct app_rel_content c;
	assert_int_equal(app_rel_content(f->db, f->a, &f->me[MENTOR1], f->rel1, &c), ERR_OK);
	assert_int_equal(c.nnotes, 2);
	assert_true(c.can_add);
	assert_int_equal(app_rel_content(f->db, f->a, &f->me[MENTEE1], f->rel1, &c), ERR_OK);
	assert_int_equal(c.nnotes, 1);
	assert_int_equal(c.notes[0].id, shared);
	assert_int_equal(app_rel_content(f->db, f->a, &f->me[ADMIN_A], f->rel1, &c), ERR_OK);
	assert_int_equal(c.nnotes, 1);
	assert_false(c.can_add);
	assert_int_equal(c.access, APP_CONTENT_OPEN);
	assert_int_equal(app_rel_content(f->db, f->a, &f->me[MENTOR2], f->rel1, &c),
	    ERR_NOT_FOUND);
}

static void
test_note_changes(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	int64_t rel = 0, id = 0;
	int64_t priv = add_note(f, MENTEE1, f->rel1, "mine", false);
	int64_t shared = add_note(f, MENTEE1, f->rel1, "ours", true);

	/* text rules */
	assert_int_equal(app_note_add(f->db, f->a, &f->me[MENTEE1], f->rel1, " \n ", false, "",
	    "", &ps, &id), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].message, "Enter the note");
	char *big = calloc(1, 2 * APP_NOTE_MAX + 3);
	for (size_t i = 0; i < APP_NOTE_MAX; i++)
		memcpy(big + 2 * i, "\xc3\xa9", 2);   /* 10,000 characters, 20,000 bytes */
	memset(&ps, 0, sizeof(ps));
	assert_int_equal(app_note_edit(f->db, f->a, &f->me[MENTEE1], priv, big, "", &ps),
	    ERR_OK);
	memcpy(big + 2 * APP_NOTE_MAX, "x", 2);
	assert_int_equal(app_note_edit(f->db, f->a, &f->me[MENTEE1], priv, big, "", &ps),
	    ERR_BAD_INPUT);
	free(big);

	/* who may change: the partner of a shared one 403, of a private one 404;
	 * an administrator 403 for shared, 404 for private; others 404 */
	static const struct { int who; bool is_shared; enum err want; } cases[] = {
		{MENTOR1, true, ERR_FORBIDDEN}, {MENTOR1, false, ERR_NOT_FOUND},
		{ADMIN_A, true, ERR_FORBIDDEN}, {ADMIN_A, false, ERR_NOT_FOUND},
		{MENTOR2, true, ERR_NOT_FOUND}, {ADMIN_B, true, ERR_NOT_FOUND},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t n = cases[i].is_shared ? shared : priv;
		memset(&ps, 0, sizeof(ps));
		assert_int_equal(app_note_edit(f->db, f->a, &f->me[cases[i].who], n, "x", "", &ps),
		    cases[i].want);
		assert_int_equal(app_note_share(f->db, f->a, &f->me[cases[i].who], n, false, "",
		    "", &rel), cases[i].want);
		assert_int_equal(app_note_delete(f->db, f->a, &f->me[cases[i].who], n, "", &rel),
		    cases[i].want);
	}
	assert_int_equal(app_note_add(f->db, f->a, &f->me[ADMIN_A], f->rel1, "x", false, "",
	    "", &ps, &id), ERR_FORBIDDEN);
	assert_int_equal(app_note_add(f->db, f->a, &f->me[MENTOR2], f->rel1, "x", false, "",
	    "", &ps, &id), ERR_NOT_FOUND);

	/* unsharing hides it from the partner at once */
	struct app_note_view nv;
	assert_int_equal(app_note_share(f->db, f->a, &f->me[MENTEE1], shared, false, "", "",
	    &rel), ERR_OK);
	assert_int_equal(rel, f->rel1);
	assert_int_equal(app_note_get(f->db, f->a, &f->me[MENTOR1], shared, "", &nv),
	    ERR_NOT_FOUND);
	assert_int_equal(app_note_share(f->db, f->a, &f->me[MENTEE1], shared, true, "", "",
	    &rel), ERR_OK);
	assert_int_equal(app_note_get(f->db, f->a, &f->me[MENTOR1], shared, "", &nv), ERR_OK);
	assert_int_equal(nv.n.shared_at, T0);
	assert_false(nv.can_change);

	/* REL-5: after completion, read but never write (409), in that order */
	assert_int_equal(db_rel_finish(f->db, f->rel1, "completed", "2026-11-23", "", 0, T0),
	    ERR_OK);
	assert_int_equal(app_note_get(f->db, f->a, &f->me[MENTEE1], priv, "", &nv), ERR_OK);
	assert_false(nv.can_change);
	assert_int_equal(app_note_get(f->db, f->a, &f->me[MENTOR1], shared, "", &nv), ERR_OK);
	memset(&ps, 0, sizeof(ps));
	assert_int_equal(app_note_add(f->db, f->a, &f->me[MENTEE1], f->rel1, "late", false, "",
	    "", &ps, &id), ERR_CONFLICT);
	assert_int_equal(app_note_edit(f->db, f->a, &f->me[MENTEE1], priv, "late", "", &ps),
	    ERR_CONFLICT);
	assert_int_equal(app_note_share(f->db, f->a, &f->me[MENTEE1], priv, true, "", "", &rel),
	    ERR_CONFLICT);
	assert_int_equal(app_note_delete(f->db, f->a, &f->me[MENTEE1], priv, "", &rel),
	    ERR_CONFLICT);
	assert_int_equal(app_note_edit(f->db, f->a, &f->me[MENTOR1], priv, "x", "", &ps),
	    ERR_NOT_FOUND);
	struct app_rel_content c;
	assert_int_equal(app_rel_content(f->db, f->a, &f->me[MENTEE1], f->rel1, &c), ERR_OK);
	assert_false(c.can_add);
	assert_int_equal(c.nnotes, 2);
}

static const char *
temp_file(struct fixture *f, const void *data, size_t len)
{
	const char *path = arena_printf(f->a, "%s/upload-XXXXXX", f->dir);
	char *p = arena_strdup(f->a, path);
	int fd = mkstemp(p);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return p;
}

static bool
stored_exists(struct fixture *f, const char *name)
{
	struct stat st;
	return stat(arena_printf(f->a, "%s/files/%s", f->dir, name), &st) == 0;
}

static void
test_documents(void **state)
{
	struct fixture *f = *state;
	static const char pdf[] = "%PDF-1.4\n1 0 obj\n%%EOF\n";
	static const char html[] = "<html><script>alert(1)</script></html>";
	struct app_problems ps = {0};
	int64_t id = 0, rel = 0;
	struct app_doc_file file = {temp_file(f, pdf, sizeof(pdf) - 1), sizeof(pdf) - 1,
		"C:\\fakepath\\plan.docx"};

	assert_int_equal(app_document_add(f->db, f->a, &f->me[MENTOR1], f->rel1, &file, false,
	    f->dir, "", "", &ps, &id), ERR_OK);
	struct db_document d;
	enum app_content_access access;
	assert_int_equal(app_document_get(f->db, f->a, &f->me[MENTOR1], id, &d, &access),
	    ERR_OK);
	assert_string_equal(d.filename, "plan.pdf");
	assert_string_equal(d.kind, "pdf");
	assert_string_equal(d.mime, "application/pdf");
	assert_true(stored_exists(f, d.stored_name));
	const char *path;
	assert_int_equal(app_document_open(f->db, f->a, &f->me[MENTEE1], id, f->dir, "", &d,
	    &path), ERR_NOT_FOUND);
	assert_int_equal(app_document_share(f->db, f->a, &f->me[MENTOR1], id, true, "", "",
	    &rel), ERR_OK);
	assert_int_equal(app_document_open(f->db, f->a, &f->me[MENTEE1], id, f->dir, "", &d,
	    &path), ERR_OK);
	set_rule(f, false);
	assert_int_equal(app_document_open(f->db, f->a, &f->me[ADMIN_A], id, f->dir, "", &d,
	    &path), ERR_FORBIDDEN);
	set_rule(f, true);
	assert_int_equal(app_document_open(f->db, f->a, &f->me[ADMIN_A], id, f->dir, "", &d,
	    &path), ERR_OK);
	assert_int_equal(app_document_open(f->db, f->a, &f->me[MENTOR2], id, f->dir, "", &d,
	    &path), ERR_NOT_FOUND);

	/* the Documents page: own and shared, across relationships */
	struct app_documents_page pg;
	assert_int_equal(app_documents_page(f->db, f->a, &f->me[MENTEE1], &pg), ERR_OK);
	assert_int_equal(pg.ndocs, 1);
	assert_int_equal(pg.nlive, 1);
	assert_int_equal(app_documents_page(f->db, f->a, &f->me[MENTOR2], &pg), ERR_OK);
	assert_int_equal(pg.ndocs, 0);

	/* refusals: by content, the scheme's size, empty, none */
	struct app_doc_file bad = {temp_file(f, html, sizeof(html) - 1), sizeof(html) - 1,
		"report.pdf"};
	memset(&ps, 0, sizeof(ps));
	assert_int_equal(app_document_add(f->db, f->a, &f->me[MENTOR1], f->rel1, &bad, false,
	    f->dir, "", "", &ps, &id), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].field, "file");
	assert_string_equal(ps.p[0].message, "The file must be a PDF, Word, Excel, PowerPoint, "
	    "OpenDocument, text, PNG or JPEG file");
	struct db_scheme_settings st;
	assert_int_equal(db_scheme_settings_get(f->db, f->a, f->scheme_a, &st), ERR_OK);
	st.document_max_kb = 16;
	st.document_types = "txt";
	assert_int_equal(db_scheme_settings_put(f->db, &st), ERR_OK);
	static char text[17 * 1024];
	memset(text, 'a', sizeof(text));
	struct app_doc_file big = {temp_file(f, text, sizeof(text)), sizeof(text), "big.txt"};
	memset(&ps, 0, sizeof(ps));
	assert_int_equal(app_document_add(f->db, f->a, &f->me[MENTOR1], f->rel1, &big, false,
	    f->dir, "", "", &ps, &id), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].message, "The file must be smaller than 16 KB");
	memset(&ps, 0, sizeof(ps));
	assert_int_equal(app_document_add(f->db, f->a, &f->me[MENTOR1], f->rel1, &file, false,
	    f->dir, "", "", &ps, &id), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].message, "The file must be a text file");
	struct app_doc_file empty = {file.path, 0, "e.txt"};
	memset(&ps, 0, sizeof(ps));
	assert_int_equal(app_document_add(f->db, f->a, &f->me[MENTOR1], f->rel1, &empty, false,
	    f->dir, "", "", &ps, &id), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].message, "The selected file is empty");
	memset(&ps, 0, sizeof(ps));
	assert_int_equal(app_document_add(f->db, f->a, &f->me[MENTOR1], f->rel1, NULL, false,
	    f->dir, "", "", &ps, &id), ERR_BAD_INPUT);
	assert_string_equal(ps.p[0].message, "Select a file to upload");
	unlink(file.path);
	unlink(bad.path);
	unlink(big.path);

	/* delete: the partner cannot, the author can, and the file goes */
	int64_t doc = d.id;
	const char *stored = d.stored_name;
	assert_int_equal(app_document_delete(f->db, f->a, &f->me[MENTEE1], doc, f->dir, "",
	    &rel), ERR_FORBIDDEN);
	assert_true(stored_exists(f, stored));
	assert_int_equal(app_document_delete(f->db, f->a, &f->me[MENTOR1], doc, f->dir, "",
	    &rel), ERR_OK);
	assert_false(stored_exists(f, stored));
}

static void
test_settings(void **state)
{
	struct fixture *f = *state;
	struct app_problems ps = {0};
	static const char *const good[] = {"pdf", "odp"};
	static const char *const bad[] = {"exe"};
	struct app_content_settings_in in = {true, 5, good, 2};
	assert_int_equal(app_content_settings_put(f->db, f->a, &f->me[ADMIN_B], f->scheme_a,
	    &in, "", &ps), ERR_NOT_FOUND);
	assert_int_equal(app_content_settings_put(f->db, f->a, &f->me[MENTOR1], f->scheme_a,
	    &in, "", &ps), ERR_NOT_FOUND);
	assert_int_equal(app_content_settings_put(f->db, f->a, &f->me[ADMIN_A], f->scheme_a,
	    &in, "", &ps), ERR_OK);
	struct db_scheme sc;
	struct db_scheme_settings st;
	assert_int_equal(app_content_settings_get(f->db, f->a, &f->me[ADMIN_A], f->scheme_a,
	    &sc, &st), ERR_OK);
	assert_true(st.admin_sees_documents);
	assert_int_equal(st.document_max_kb, 5 * 1024);
	assert_string_equal(st.document_types, "pdf,odp");
	struct app_content_settings_in wrong = {false, 51, bad, 1};
	assert_int_equal(app_content_settings_put(f->db, f->a, &f->me[ADMIN_A], f->scheme_a,
	    &wrong, "", &ps), ERR_BAD_INPUT);
	assert_int_equal(ps.n, 3);   /* size, an unknown kind, none left */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filename),
		cmocka_unit_test(test_words),
		cmocka_unit_test_setup_teardown(test_note_matrix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_note_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_documents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_settings, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
