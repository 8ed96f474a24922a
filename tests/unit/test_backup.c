/*
 * test_backup.c - app/backup (tandem backup, restore, check), db/backup
 * and core/tar: a round trip keeps every byte; check finds a missing
 * file, a file of the wrong size, a corrupted database page and files
 * nothing names; restore refuses a tampered, cut-short or hostile
 * archive and a non-empty directory, and puts nothing in place when it
 * refuses; every schema column that names stored files is known to
 * backup and check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "app/backup.h"
#include "core/arena.h"
#include "core/crypto.h"
#include "core/files.h"
#include "core/tar.h"
#include "db/backup.h"
#include "jobs/backups.h"
#include "testdb.h"

struct fx {
	char dir[TESTDB_DIR_MAX];
	char path[TESTDB_PATH_MAX];
	char photo[FILES_NAME_MAX];
	char doc[FILES_NAME_MAX];
	char out[TESTDB_PATH_MAX + 64];
	struct arena *a;
};

static void
sql(const char *path, const char *text)
{
	sqlite3 *c;
	assert_int_equal(sqlite3_open(path, &c), SQLITE_OK);
	char *msg = NULL;
	if (sqlite3_exec(c, text, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", text, msg);
	sqlite3_close(c);
}

/* A database with one person whose profile names a photo, and a
 * resource naming a stored file of known size. */
static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct db *db;
	if (testdb_make("backup", f->dir, f->path, &db) != 0)
		return -1;
	int64_t uid = testdb_user(db, "pat.photo", 1000);
	db_close(db);
	assert_int_equal(files_store(f->dir, "\x89PNG fake photo", 15, "png", f->photo), ERR_OK);
	assert_int_equal(files_store(f->dir, "%PDF-1.7 guide", 14, "pdf", f->doc), ERR_OK);
	char text[1024];
	snprintf(text, sizeof(text),
	    "INSERT INTO profiles (user_id, photo_name, photo_type, updated_at) "
	    "VALUES (%lld, '%s', 'image/png', 1);"
	    "INSERT INTO schemes (slug, name, created_at) VALUES ('s', 'S', 1);"
	    "INSERT INTO resources (scheme_id, title, category, audience, kind, filename, "
	    "stored_name, file_kind, mime, size, created_by, created_at, updated_at) VALUES "
	    "((SELECT id FROM schemes), 'Guide', 'General', 'all', 'file', 'guide.pdf', '%s', 'pdf', "
	    "'application/pdf', 14, %lld, 1, 1);", (long long)uid, f->photo, f->doc,
	    (long long)uid);
	sql(f->path, text);
	snprintf(f->out, sizeof(f->out), "%s-restored", f->dir);
	f->a = arena_new(0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s' '%s.tar' '%s.tar.tmp'", f->dir, f->out,
	    f->dir, f->dir);
	assert_int_equal(system(cmd), 0);
	arena_free(f->a);
	free(f);
	return 0;
}

static const char *
archive(struct fx *f)
{
	return arena_printf(f->a, "%s.tar", f->dir);
}

static void
file_bytes(struct fx *f, const char *path, const char *want, size_t len)
{
	unsigned char *data;
	size_t got;
	assert_int_equal(files_read(f->a, path, 1 << 20, &data, &got), ERR_OK);
	assert_int_equal(got, len);
	assert_memory_equal(data, want, len);
}

static void
test_round_trip(void **state)
{
	struct fx *f = *state;
	struct app_backup_result b;
	const char *why;
	/* debris nothing names: left out of the archive */
	char junk[FILES_NAME_MAX];
	assert_int_equal(files_store(f->dir, "junk", 4, "txt", junk), ERR_OK);

	assert_int_equal(app_backup(f->a, f->dir, archive(f), &b, &why), ERR_OK);
	assert_int_equal(b.nfiles, 2);
	assert_int_equal(b.file_bytes, 29);
	assert_int_equal(b.nunreferenced, 1);
	assert_int_equal(b.nmissing, 0);
	assert_int_equal(b.schema_version, db_migrations_known());
	struct stat st;
	assert_int_equal(stat(archive(f), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal((uint64_t)st.st_size, b.archive_bytes);
	assert_int_not_equal(stat(arena_printf(f->a, "%s.tmp", archive(f)), &st), 0);

	struct app_restore_result r;
	assert_int_equal(app_restore(f->a, archive(f), f->out, false, &r, &why), ERR_OK);
	assert_int_equal(r.nfiles, 2);
	assert_int_equal(r.nproblems, 0);
	file_bytes(f, files_path(f->a, f->out, f->photo), "\x89PNG fake photo", 15);
	file_bytes(f, files_path(f->a, f->out, f->doc), "%PDF-1.7 guide", 14);
	assert_int_not_equal(stat(files_path(f->a, f->out, junk), &st), 0);

	struct app_check_report c;
	app_check(f->a, f->out, &c);
	assert_int_equal(c.nproblems, 0);
	assert_int_equal(c.nmissing, 0);
	assert_int_equal(c.nreferenced, 2);
	assert_int_equal(c.nsized, 1);      /* the resource keeps a size, the photo none */

	/* the restored database opens and has the rows */
	struct db *db;
	assert_int_equal(db_open(arena_printf(f->a, "%s/tandem.db", f->out), false, &db), ERR_OK);
	struct db_user u;
	assert_int_equal(db_user_by_username(db, f->a, "pat.photo", &u), ERR_OK);
	db_close(db);

	/* not into a directory that is not empty, unless forced */
	assert_int_equal(app_restore(f->a, archive(f), f->out, false, &r, &why), ERR_CONFLICT);
	assert_int_equal(app_restore(f->a, archive(f), f->out, true, &r, &why), ERR_OK);
}

static void
test_check_finds_problems(void **state)
{
	struct fx *f = *state;
	struct app_check_report c;
	app_check(f->a, f->dir, &c);
	assert_int_equal(c.nproblems + c.nmissing, 0);

	/* a file nothing names is listed, never deleted */
	char junk[FILES_NAME_MAX];
	assert_int_equal(files_store(f->dir, "junk", 4, "txt", junk), ERR_OK);
	app_check(f->a, f->dir, &c);
	assert_int_equal(c.nproblems + c.nmissing, 0);
	assert_int_equal(c.nunreferenced, 1);
	assert_non_null(strstr(c.unreferenced[0], junk));
	struct stat st;
	assert_int_equal(stat(files_path(f->a, f->dir, junk), &st), 0);

	/* a missing photo */
	assert_int_equal(unlink(files_path(f->a, f->dir, f->photo)), 0);
	app_check(f->a, f->dir, &c);
	assert_int_equal(c.nmissing, 1);
	assert_non_null(strstr(c.missing[0], f->photo));
	assert_non_null(strstr(c.missing[0], "profiles row"));

	/* a resource file of the wrong size */
	FILE *fp = fopen(files_path(f->a, f->dir, f->doc), "ab");
	fputs("more", fp);
	fclose(fp);
	app_check(f->a, f->dir, &c);
	assert_int_equal(c.nproblems, 1);
	assert_non_null(strstr(c.problems[0], "is 18 bytes; the database says 14"));
}

static void
test_check_finds_corrupt_page(void **state)
{
	struct fx *f = *state;
	/* the users table's root page, overwritten past its header */
	sqlite3 *c;
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_open(f->path, &c), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(c, "SELECT rootpage, (SELECT page_size FROM "
	    "pragma_page_size) FROM sqlite_schema WHERE name = 'users'", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	long page = sqlite3_column_int(s, 0), size = sqlite3_column_int(s, 1);
	sqlite3_finalize(s);
	sqlite3_close(c);
	FILE *fp = fopen(f->path, "r+b");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, (page - 1) * size, SEEK_SET), 0);
	for (long i = 0; i < size; i++)
		fputc((int)(i * 7 + 13) & 0xff, fp);
	fclose(fp);

	struct app_check_report r;
	app_check(f->a, f->dir, &r);
	assert_true(r.nproblems > 0);

	/* and a backup of it is refused on restore */
	struct app_backup_result b;
	struct app_restore_result rr;
	const char *why;
	if (app_backup(f->a, f->dir, archive(f), &b, &why) == ERR_OK) {
		assert_int_not_equal(app_restore(f->a, archive(f), f->out, false, &rr, &why),
		    ERR_OK);
		assert_int_not_equal(access(arena_printf(f->a, "%s/tandem.db", f->out), F_OK), 0);
	}
}

static void
flip_byte(const char *path, long offset)
{
	FILE *fp = fopen(path, "r+b");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, offset, SEEK_SET), 0);
	int ch = fgetc(fp);
	assert_int_equal(fseek(fp, offset, SEEK_SET), 0);
	fputc(ch ^ 0x55, fp);
	fclose(fp);
}

static void
test_restore_refuses_bad_archives(void **state)
{
	struct fx *f = *state;
	struct app_backup_result b;
	struct app_restore_result r;
	const char *why;
	assert_int_equal(app_backup(f->a, f->dir, archive(f), &b, &why), ERR_OK);

	/* a byte of the database changed: the MANIFEST's hash says so */
	flip_byte(archive(f), 512 + 4096 + 17);
	assert_int_equal(app_restore(f->a, archive(f), f->out, false, &r, &why), ERR_BAD_INPUT);
	assert_true(r.nproblems > 0);
	assert_non_null(strstr(r.problems[0], "tandem.db does not match the MANIFEST"));
	assert_int_not_equal(access(f->out, F_OK), 0);      /* nothing left behind */

	/* cut short */
	assert_int_equal(app_backup(f->a, f->dir, archive(f), &b, &why), ERR_OK);
	assert_int_equal(truncate(archive(f), (off_t)(b.archive_bytes / 2)), 0);
	assert_int_equal(app_restore(f->a, archive(f), f->out, false, &r, &why), ERR_BAD_INPUT);
	assert_non_null(strstr(why, "cut short"));

	/* a member a backup never has */
	struct tar_writer *w;
	assert_int_equal(tar_create(archive(f), &w), ERR_OK);
	assert_int_equal(tar_add_bytes(w, "../evil", "x", 1, 0), ERR_OK);
	assert_int_equal(tar_finish(w), ERR_OK);
	assert_int_equal(app_restore(f->a, archive(f), f->out, false, &r, &why), ERR_BAD_INPUT);
	assert_non_null(strstr(why, "never has"));

	/* not a tar file at all */
	FILE *fp = fopen(archive(f), "wb");
	for (int i = 0; i < 2048; i++)
		fputc('A', fp);
	fclose(fp);
	assert_int_equal(app_restore(f->a, archive(f), f->out, false, &r, &why), ERR_BAD_INPUT);
	assert_non_null(strstr(why, "not a tar archive"));
	assert_int_not_equal(access(f->out, F_OK), 0);
}

/* Every column of the schema that looks like it names a stored file is
 * one backup and check know about (db/backup.c's trap). */
static void
test_every_file_column_known(void **state)
{
	struct fx *f = *state;
	sqlite3 *c;
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_open(f->path, &c), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(c, "SELECT m.name || '.' || p.name FROM "
	    "sqlite_schema m, pragma_table_info(m.name) p WHERE m.type = 'table' AND "
	    "(p.name LIKE '%stored_name' OR p.name LIKE '%photo_name' OR "
	    "p.name LIKE '%certificate_name')", -1, &s, NULL), SQLITE_OK);
	int n = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(s, 0);
		bool is_known = false;
		for (size_t i = 0; db_stored_file_columns[i]; i++)
			is_known |= strcmp(db_stored_file_columns[i], col) == 0;
		if (!is_known)
			fail_msg("%s names stored files but db/backup.c does not list it", col);
		n++;
	}
	sqlite3_finalize(s);
	sqlite3_close(c);
	assert_int_equal(n, 6);
}

/* Scheduled backups keep the newest `keep` archives, remove half-written
 * archives of theirs that a killed run left, and touch nothing else in
 * the directory. */
static void
test_scheduled_retention(void **state)
{
	struct fx *f = *state;
	const char *dir = arena_printf(f->a, "%s/backups", f->out);
	assert_int_equal(mkdir(f->out, 0700), 0);
	assert_int_equal(mkdir(dir, 0700), 0);
	FILE *fp = fopen(arena_printf(f->a, "%s/README.txt", dir), "w");
	fputs("not a backup", fp);
	fclose(fp);
	/* what a run killed half-way leaves, and someone else's .tmp */
	const char *dead = arena_printf(f->a, "%s/tandem-20261101-020000.tar.tmp", dir);
	const char *other = arena_printf(f->a, "%s/notes.tmp", dir);
	fclose(fopen(dead, "w"));
	fclose(fopen(other, "w"));
	struct backups_job job = { .data_dir = f->dir, .dir = dir, .every_hours = 24, .keep = 2 };
	int64_t day = 24 * 3600, t0 = 1795000000;   /* 2026-11-18 11:06:40 UTC */
	for (int i = 0; i < 4; i++)
		backups_job_run(&job, t0 + i * day);
	assert_int_equal(job.runs, 4);
	assert_int_equal(job.failures, 0);
	assert_int_equal(job.removed, 2);
	struct stat st;
	assert_int_equal(stat(arena_printf(f->a, "%s/README.txt", dir), &st), 0);
	assert_int_not_equal(stat(dead, &st), 0);   /* the dead half-archive went */
	assert_int_equal(stat(other, &st), 0);      /* not ours: kept */
	assert_int_not_equal(stat(arena_printf(f->a, "%s/tandem-20261118-110640.tar", dir), &st), 0);
	assert_int_not_equal(stat(arena_printf(f->a, "%s/tandem-20261119-110640.tar", dir), &st), 0);
	assert_int_equal(stat(arena_printf(f->a, "%s/tandem-20261120-110640.tar", dir), &st), 0);
	assert_int_equal(stat(arena_printf(f->a, "%s/tandem-20261121-110640.tar", dir), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	/* a failing run removes nothing */
	job.data_dir = arena_printf(f->a, "%s/nowhere", f->out);
	backups_job_run(&job, t0 + 5 * day);
	assert_int_equal(job.failures, 1);
	assert_int_equal(job.removed, 2);
	assert_int_equal(stat(arena_printf(f->a, "%s/tandem-20261120-110640.tar", dir), &st), 0);
}

int
main(void)
{
	crypto_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_finds_problems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_finds_corrupt_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_refuses_bad_archives, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_file_column_known, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scheduled_retention, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
