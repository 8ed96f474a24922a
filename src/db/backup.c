/*
 * backup.c - snapshot, integrity and stored-file listing of a database
 * file (backup.h), for `tandem backup`, `restore` and `check`.
 *
 * The SQL lives here rather than in a .def statement table on purpose:
 * those statements are prepared by db_open on every connection, and
 * these must run on databases db_open refuses (a snapshot from an older
 * version, a damaged file).  They are still fixed, prepared statements;
 * nothing is built from input (VACUUM INTO takes its file name as a
 * bound parameter).
 *
 * Trap: a new table that keeps a stored file name must be added to
 * `sources` below, or check and backup will not know its files.
 * tests/unit/test_backup.c fails when a column named *stored_name,
 * *photo_name or *certificate_name is not listed in
 * db_stored_file_columns.
 */
#include "db/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/log.h"

#define BUSY_TIMEOUT_MS 10000
#define PROBLEMS_MAX 100

/* Each table that names stored files: (table, id, name, size or -1). */
static const struct {
	const char *table;
	const char *column;
	const char *sql;
} sources[] = {
	{"profiles", "photo_name",
	    "SELECT user_id, photo_name, -1 FROM profiles WHERE photo_name <> ''"},
	{"training_records", "certificate_name",
	    "SELECT id, certificate_name, -1 FROM training_records "
	    "WHERE certificate_name <> ''"},
	{"documents", "stored_name", "SELECT id, stored_name, size FROM documents"},
	{"message_files", "stored_name", "SELECT id, stored_name, size FROM message_files"},
	{"resources", "stored_name",
	    "SELECT id, stored_name, size FROM resources WHERE stored_name <> ''"},
	{"standard_documents", "stored_name",
	    "SELECT id, stored_name, size FROM standard_documents"},
};
#define NSOURCES (sizeof(sources) / sizeof(sources[0]))

const char *const db_stored_file_columns[] = {
	"profiles.photo_name", "training_records.certificate_name", "documents.stored_name",
	"message_files.stored_name", "resources.stored_name", "standard_documents.stored_name",
	NULL,
};

/* A connection of our own to an existing file: never created, WAL
 * left as the file has it, a busy timeout for a live database. */
static sqlite3 *
open_file(const char *path, const char **why, struct arena *a)
{
	sqlite3 *c = NULL;
	/* read-write (but never create): a read-only connection cannot
	 * always open a WAL database whose -shm is missing */
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	if (sqlite3_open_v2(path, &c, flags, NULL) != SQLITE_OK) {
		if (why != NULL)
			*why = arena_printf(a, "the database cannot be opened: %s",
			    c ? sqlite3_errmsg(c) : "out of memory");
		sqlite3_close(c);
		return NULL;
	}
	sqlite3_busy_timeout(c, BUSY_TIMEOUT_MS);
	sqlite3_exec(c, "PRAGMA trusted_schema = OFF", NULL, NULL, NULL);
	return c;
}

static int
schema_version(sqlite3 *c)
{
	sqlite3_stmt *s;
	int v = 0;
	if (sqlite3_prepare_v2(c, "SELECT coalesce(max(version), 0) FROM schema_migrations",
	    -1, &s, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

enum err
db_snapshot(const char *src, const char *dest, int *version)
{
	enum err rc = ERR_DB;
	sqlite3_stmt *s = NULL;
	struct arena *a = arena_new(0);
	const char *why = "";
	sqlite3 *c = open_file(src, &why, a);
	if (c == NULL) {
		log_error("backup: %s: %s", src, why);
		goto out;
	}
	if (sqlite3_prepare_v2(c, "VACUUM INTO ?", -1, &s, NULL) != SQLITE_OK) {
		log_error("backup: %s", sqlite3_errmsg(c));
		goto out;
	}
	sqlite3_bind_text(s, 1, dest, -1, SQLITE_STATIC);
	int r = sqlite3_step(s);
	if (r != SQLITE_DONE) {
		log_error("backup: VACUUM INTO %s: %s", dest, sqlite3_errmsg(c));
		rc = (r & 0xff) == SQLITE_BUSY ? ERR_BUSY :
		    (r & 0xff) == SQLITE_FULL || (r & 0xff) == SQLITE_CANTOPEN ||
		    (r & 0xff) == SQLITE_IOERR ? ERR_IO : ERR_DB;
		goto out;
	}
	/* VACUUM INTO does not sync its output */
	int fd = open(dest, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		log_error("backup: cannot sync %s: %s", dest, strerror(errno));
		if (fd >= 0)
			close(fd);
		rc = ERR_IO;
		goto out;
	}
	close(fd);
	sqlite3_finalize(s);
	s = NULL;
	sqlite3_close(c);
	c = open_file(dest, &why, a);
	*version = c ? schema_version(c) : 0;
	rc = c ? ERR_OK : ERR_DB;
out:
	sqlite3_finalize(s);
	sqlite3_close(c);
	arena_free(a);
	return rc;
}

static void
add_problem(struct arena *a, const char ***list, size_t *n, size_t *cap, const char *p)
{
	if (*n == *cap) {
		const char **more = arena_alloc(a, 2 * *cap * sizeof(**list));
		memcpy(more, *list, *n * sizeof(**list));
		*list = more;
		*cap *= 2;
	}
	(*list)[(*n)++] = p;
}

void
db_check_integrity(struct arena *a, const char *path, const char ***problems, size_t *n)
{
	size_t cap = 8;
	*problems = arena_alloc(a, cap * sizeof(**problems));
	*n = 0;
	const char *why = "";
	sqlite3_stmt *s = NULL;
	sqlite3 *c = open_file(path, &why, a);
	if (c == NULL) {
		add_problem(a, problems, n, &cap, why);
		return;
	}
	/* integrity_check stops after PROBLEMS_MAX messages */
	int r = sqlite3_prepare_v2(c, "PRAGMA integrity_check(100)", -1, &s, NULL);
	while (r == SQLITE_OK || r == SQLITE_ROW) {
		if ((r = sqlite3_step(s)) != SQLITE_ROW)
			break;
		const char *msg = (const char *)sqlite3_column_text(s, 0);
		if (msg != NULL && strcmp(msg, "ok") != 0)
			add_problem(a, problems, n, &cap, arena_printf(a, "integrity: %s", msg));
	}
	if (r != SQLITE_DONE)
		add_problem(a, problems, n, &cap, arena_printf(a,
		    "the database cannot be read: %s", sqlite3_errmsg(c)));
	sqlite3_finalize(s);
	s = NULL;
	r = sqlite3_prepare_v2(c, "PRAGMA foreign_key_check", -1, &s, NULL);
	while ((r == SQLITE_OK || r == SQLITE_ROW) && *n < PROBLEMS_MAX) {
		if ((r = sqlite3_step(s)) != SQLITE_ROW)
			break;
		const char *table = (const char *)sqlite3_column_text(s, 0);
		const char *parent = (const char *)sqlite3_column_text(s, 2);
		add_problem(a, problems, n, &cap, arena_printf(a,
		    "foreign key: %s row %lld refers to a %s row that does not exist",
		    table ? table : "?", (long long)sqlite3_column_int64(s, 1),
		    parent ? parent : "?"));
	}
	if (r != SQLITE_DONE && r != SQLITE_ROW)
		add_problem(a, problems, n, &cap, arena_printf(a,
		    "foreign keys cannot be checked: %s", sqlite3_errmsg(c)));
	sqlite3_finalize(s);
	sqlite3_close(c);
}

static bool
has_table(sqlite3 *c, const char *table)
{
	sqlite3_stmt *s;
	bool is = false;
	if (sqlite3_prepare_v2(c, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND "
	    "name = ?", -1, &s, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	is = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return is;
}

static int
by_name(const void *x, const void *y)
{
	const struct db_stored_file *p = x, *q = y;
	return strcmp(p->name, q->name);
}

enum err
db_stored_files(struct arena *a, const char *path, struct db_stored_file **out,
    size_t *n, const char **why)
{
	enum err rc = ERR_DB;
	size_t cap = 64, count = 0;
	struct db_stored_file *f = arena_alloc(a, cap * sizeof(*f));
	sqlite3_stmt *s = NULL;
	*why = "";
	sqlite3 *c = open_file(path, why, a);
	if (c == NULL)
		goto out;
	for (size_t i = 0; i < NSOURCES; i++) {
		if (!has_table(c, sources[i].table))
			continue;
		int r = sqlite3_prepare_v2(c, sources[i].sql, -1, &s, NULL);
		while (r == SQLITE_OK || r == SQLITE_ROW) {
			if ((r = sqlite3_step(s)) != SQLITE_ROW)
				break;
			if (count == cap) {
				struct db_stored_file *more = arena_alloc(a, 2 * cap * sizeof(*f));
				memcpy(more, f, count * sizeof(*f));
				f = more;
				cap *= 2;
			}
			const char *name = (const char *)sqlite3_column_text(s, 1);
			f[count++] = (struct db_stored_file){
				.table = sources[i].table,
				.row_id = sqlite3_column_int64(s, 0),
				.name = arena_strdup(a, name ? name : ""),
				.size = sqlite3_column_int64(s, 2),
			};
		}
		if (r != SQLITE_DONE) {
			*why = arena_printf(a, "%s cannot be read: %s", sources[i].table,
			    sqlite3_errmsg(c));
			goto out;
		}
		sqlite3_finalize(s);
		s = NULL;
	}
	qsort(f, count, sizeof(*f), by_name);
	rc = ERR_OK;
out:
	sqlite3_finalize(s);
	sqlite3_close(c);
	*out = f;
	*n = count;
	return rc;
}
