/*
 * test_files.c - core/files: stored uploads under generated names, read
 * back with a size limit, names from outside refused (no path can walk
 * out of <data>/files), removal idempotent.
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

#include "core/arena.h"
#include "core/crypto.h"
#include "core/files.h"

static void
test_store_read_remove(void **state)
{
	(void)state;
	char dir[] = "/tmp/tandem-files-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct arena *a = arena_new(0);
	char name[FILES_NAME_MAX], other[FILES_NAME_MAX];

	assert_int_equal(files_store(dir, "hello", 5, "txt", name), ERR_OK);
	assert_int_equal(strlen(name), 36);
	assert_string_equal(name + 32, ".txt");
	assert_int_equal(files_store(dir, "hello", 5, "txt", other), ERR_OK);
	assert_string_not_equal(name, other);         /* generated, not derived */

	const char *path = files_path(a, dir, name);
	assert_non_null(path);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	unsigned char *data;
	size_t len;
	assert_int_equal(files_read(a, path, 5, &data, &len), ERR_OK);
	assert_int_equal(len, 5);
	assert_memory_equal(data, "hello", 5);
	assert_int_equal(data[5], 0);
	assert_int_equal(files_read(a, path, 4, &data, &len), ERR_TOO_LARGE);

	assert_int_equal(files_remove(dir, name), ERR_OK);
	assert_int_equal(files_remove(dir, name), ERR_OK);  /* already gone */
	assert_int_equal(files_read(a, path, 5, &data, &len), ERR_IO);
	assert_int_equal(files_remove(dir, other), ERR_OK);

	char cmd[100];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	arena_free(a);
}

static void
test_names_from_outside(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	static const char *const bad[] = {
		"", "../etc/passwd", "0123456789abcdef0123456789abcdef",
		"0123456789abcdef0123456789abcdef.", "0123456789abcdef0123456789abcdef./x",
		"0123456789ABCDEF0123456789abcdef.png", "0123456789abcdef0123456789abcde.png",
		"0123456789abcdef0123456789abcdef.toolongext", "/0123456789abcdef0123456789abcdef.png",
		"0123456789abcdef0123456789abcdef.pn/g",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (files_path(a, "/data", bad[i]) != NULL)
			fail_msg("accepted '%s'", bad[i]);
		assert_int_equal(files_remove("/data", bad[i]), ERR_BAD_INPUT);
	}
	assert_string_equal(files_path(a, "/data", "0123456789abcdef0123456789abcdef.png"),
	    "/data/files/0123456789abcdef0123456789abcdef.png");
	assert_null(files_path(a, "/data", NULL));
	arena_free(a);
}

int
main(void)
{
	crypto_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_read_remove),
		cmocka_unit_test(test_names_from_outside),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
