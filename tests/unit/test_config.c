/*
 * test_config.c - core/config: defaults, the file parser (with
 * "file:line: message" errors), TANDEM_* environment variables,
 * config_set, config_validate, precedence of the sources, and
 * config_print (secrets masked, output loads back).
 *
 * Files are written to mkstemp temporaries; every TANDEM_<KEY> variable
 * is cleared before each test so the caller's environment cannot leak in.
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

#include "core/config.h"

static const char *const env_names[] = {
	"TANDEM_DATA", "TANDEM_LISTEN", "TANDEM_BASE_URL", "TANDEM_SMTP_URL",
	"TANDEM_SMTP_USER", "TANDEM_SMTP_PASSWORD", "TANDEM_SMTP_FROM",
	"TANDEM_LOG_LEVEL", "TANDEM_TEMPLATES_DIR", "TANDEM_DEV", "TANDEM_THREADS",
	"TANDEM_MAX_CONNECTIONS", "TANDEM_MAX_CONNECTIONS_PER_IP",
	"TANDEM_CONNECTION_TIMEOUT", "TANDEM_SHUTDOWN_TIMEOUT",
	"TANDEM_CONNECTION_MEMORY", "TANDEM_MAX_FORM", "TANDEM_MAX_UPLOAD",
	"TANDEM_MAX_REQUEST", "TANDEM_MAIL_INTERVAL",
};

static int
clear_env(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(env_names) / sizeof(env_names[0]); i++)
		unsetenv(env_names[i]);
	return 0;
}

/* Write text to a fresh temporary file; path has room for 64 bytes. */
static void
write_temp(char *path, const char *text)
{
	snprintf(path, 64, "/tmp/tandem-conf-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t len = strlen(text);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
}

static void
test_defaults(void **state)
{
	struct config c;
	char msg[256] = "";

	(void)state;
	config_init(&c);
	assert_string_equal(c.data, "");
	assert_string_equal(c.listen, "127.0.0.1:8080");
	assert_string_equal(c.base_url, "");
	assert_string_equal(c.smtp_url, "");
	assert_string_equal(c.smtp_from, "Tandem <tandem@localhost>");
	assert_string_equal(c.log_level, "info");
	assert_string_equal(c.templates_dir, "templates");
	assert_false(c.dev);
	assert_int_equal(c.threads, 4);
	assert_int_equal(c.max_connections, 512);
	assert_int_equal(c.max_connections_per_ip, 64);
	assert_int_equal(c.connection_timeout, 30);
	assert_int_equal(c.shutdown_timeout, 10);
	assert_int_equal(c.connection_memory, 64 * 1024);
	assert_int_equal(c.max_form, 256 * 1024);
	assert_int_equal(c.max_upload, 10 * 1024 * 1024);
	assert_int_equal(c.max_request, 25 * 1024 * 1024);
	assert_int_equal(c.mail_interval, 15);
	assert_int_equal(config_validate(&c, msg, sizeof(msg)), ERR_OK);
	config_free(&c);
	assert_null(c.data);
	assert_null(c.smtp_password);
}

/* ---- the file parser ---- */

enum field { F_NONE, F_LISTEN, F_THREADS, F_SMTP_FROM, F_MAX_UPLOAD, F_DEV,
	F_BASE_URL, F_SMTP_URL, F_DATA };

struct file_case {
	const char *text;
	enum err rc;
	const char *msg;       /* expected message after "PATH:" (errors) */
	enum field field;      /* a field to check (successes) */
	const char *want;      /* its value as text */
};

static const struct file_case file_cases[] = {
	{ "", ERR_OK, NULL, F_THREADS, "4" },
	{ "listen = 0.0.0.0:9000\n", ERR_OK, NULL, F_LISTEN, "0.0.0.0:9000" },
	{ "threads=8", ERR_OK, NULL, F_THREADS, "8" },           /* no newline */
	{ "   threads   =   9   \n", ERR_OK, NULL, F_THREADS, "9" },
	{ "\tthreads\t=\t10\t\n", ERR_OK, NULL, F_THREADS, "10" },
	{ "threads = 11\r\n", ERR_OK, NULL, F_THREADS, "11" },  /* CRLF */
	{ "# a comment\n\n   # indented comment\n\nthreads = 12\n# end\n",
	    ERR_OK, NULL, F_THREADS, "12" },
	{ "threads = 2\nthreads = 3\n", ERR_OK, NULL, F_THREADS, "3" },
	{ "smtp_from = \"Tandem <t@example.org>\"\n", ERR_OK, NULL, F_SMTP_FROM,
	    "Tandem <t@example.org>" },
	{ "smtp_from = \"\"\n", ERR_OK, NULL, F_SMTP_FROM, "" },
	{ "smtp_from = \"\n", ERR_OK, NULL, F_SMTP_FROM, "\"" },
	{ "smtp_from = \"x\n", ERR_OK, NULL, F_SMTP_FROM, "\"x" },
	{ "smtp_from = \" spaced \"\n", ERR_OK, NULL, F_SMTP_FROM, " spaced " },
	{ "base_url = https://x.example/?a=b\n", ERR_OK, NULL, F_BASE_URL,
	    "https://x.example/?a=b" },                          /* first '=' */
	{ "smtp_url =\n", ERR_OK, NULL, F_SMTP_URL, "" },
	{ "data = /srv/tandem data\n", ERR_OK, NULL, F_DATA, "/srv/tandem data" },
	{ "max_upload = 2M\n", ERR_OK, NULL, F_MAX_UPLOAD, "2097152" },
	{ "max_upload = 512k\n", ERR_OK, NULL, F_MAX_UPLOAD, "524288" },
	{ "dev = yes\n", ERR_OK, NULL, F_DEV, "1" },
	{ "dev = off\n", ERR_OK, NULL, F_DEV, "0" },
	/* errors name the line */
	{ "dev = true\n\nlisen = 127.0.0.1:1\n", ERR_BAD_INPUT,
	    "3: unknown key 'lisen'", F_NONE, NULL },
	{ "Threads = 8\n", ERR_BAD_INPUT, "1: unknown key 'Threads'", F_NONE, NULL },
	{ "= 8\n", ERR_BAD_INPUT, "1: unknown key ''", F_NONE, NULL },
	{ "# ok\nthreads 8\n", ERR_BAD_INPUT, "2: expected 'key = value'",
	    F_NONE, NULL },
	{ "threads = 0\n", ERR_BAD_INPUT,
	    "1: threads must be a whole number from 1 to 256, not '0'", F_NONE, NULL },
	{ "threads = 257\n", ERR_BAD_INPUT,
	    "1: threads must be a whole number from 1 to 256, not '257'", F_NONE, NULL },
	{ "threads = four\n", ERR_BAD_INPUT,
	    "1: threads must be a whole number from 1 to 256, not 'four'", F_NONE, NULL },
	{ "threads = \"8\n", ERR_BAD_INPUT,
	    "1: threads must be a whole number from 1 to 256, not '\"8'", F_NONE, NULL },
	{ "dev = maybe\n", ERR_BAD_INPUT,
	    "1: dev must be true or false, not 'maybe'", F_NONE, NULL },
	{ "\n\n\n\nmax_form = 1T\n", ERR_BAD_INPUT,
	    "5: max_form must be a size such as 512k or 10M (at most 67108864 "
	    "bytes), not '1T'", F_NONE, NULL },
	{ "max_upload = 2G\n", ERR_BAD_INPUT,
	    "1: max_upload must be a size such as 512k or 10M (at most 1073741824 "
	    "bytes), not '2G'", F_NONE, NULL },
	{ "threads = 2\nbogus line\nthreads = 3\n", ERR_BAD_INPUT,
	    "2: expected 'key = value'", F_NONE, NULL },
};

static void
field_text(const struct config *c, enum field f, char *out, size_t len)
{
	switch (f) {
	case F_NONE: snprintf(out, len, "-"); break;
	case F_LISTEN: snprintf(out, len, "%s", c->listen); break;
	case F_THREADS: snprintf(out, len, "%lld", (long long)c->threads); break;
	case F_SMTP_FROM: snprintf(out, len, "%s", c->smtp_from); break;
	case F_MAX_UPLOAD: snprintf(out, len, "%zu", c->max_upload); break;
	case F_DEV: snprintf(out, len, "%d", c->dev); break;
	case F_BASE_URL: snprintf(out, len, "%s", c->base_url); break;
	case F_SMTP_URL: snprintf(out, len, "%s", c->smtp_url); break;
	case F_DATA: snprintf(out, len, "%s", c->data); break;
	}
}

static void
test_file_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(file_cases) / sizeof(file_cases[0]); i++) {
		const struct file_case *fc = &file_cases[i];
		struct config c;
		char path[64], msg[512] = "", want[600], got[256];

		write_temp(path, fc->text);
		config_init(&c);
		enum err rc = config_load_file(&c, path, false, msg, sizeof(msg));
		unlink(path);
		if (rc != fc->rc)
			fail_msg("case %zu: rc %d, want %d (%s)", i, rc, fc->rc, msg);
		if (fc->msg != NULL) {
			snprintf(want, sizeof(want), "%s:%s", path, fc->msg);
			if (strcmp(msg, want) != 0)
				fail_msg("case %zu: \"%s\"\n want \"%s\"", i, msg, want);
		} else {
			field_text(&c, fc->field, got, sizeof(got));
			if (strcmp(got, fc->want) != 0)
				fail_msg("case %zu: \"%s\", want \"%s\"", i, got, fc->want);
		}
		config_free(&c);
	}
}

static void
test_file_line_too_long(void **state)
{
	struct config c;
	char path[64], msg[512] = "", want[600];
	char *text = malloc(10000);

	(void)state;
	snprintf(text, 10000, "threads = 5\n# ");
	memset(text + 14, 'x', 6000);
	snprintf(text + 14 + 6000, 10000 - 14 - 6000, "\nthreads = 6\n");
	write_temp(path, text);
	free(text);
	config_init(&c);
	assert_int_equal(config_load_file(&c, path, false, msg, sizeof(msg)),
	    ERR_BAD_INPUT);
	unlink(path);
	snprintf(want, sizeof(want), "%s:2: line too long", path);
	assert_string_equal(msg, want);
	assert_int_equal(c.threads, 5);   /* the line after it was not read */
	config_free(&c);
}

static void
test_file_missing(void **state)
{
	struct config c;
	char msg[512] = "";
	const char *path = "/nonexistent-dir-for-tandem/tandem.conf";

	(void)state;
	config_init(&c);
	assert_int_equal(config_load_file(&c, path, true, msg, sizeof(msg)), ERR_OK);
	assert_string_equal(msg, "");
	assert_int_equal(config_load_file(&c, path, false, msg, sizeof(msg)), ERR_IO);
	assert_string_equal(msg,
	    "/nonexistent-dir-for-tandem/tandem.conf: No such file or directory");
	config_free(&c);
}

/* ---- the environment ---- */

static void
test_env(void **state)
{
	struct config c;
	char msg[512] = "";

	(void)state;
	setenv("TANDEM_THREADS", "12", 1);
	setenv("TANDEM_DEV", "yes", 1);
	setenv("TANDEM_MAX_CONNECTIONS_PER_IP", "3", 1);
	setenv("TANDEM_DATA", "/var/lib/tandem", 1);
	setenv("TANDEM_MAX_FORM", "1M", 1);
	setenv("TANDEM_threads", "99", 1);   /* not upper case: ignored */
	config_init(&c);
	assert_int_equal(config_load_env(&c, msg, sizeof(msg)), ERR_OK);
	assert_int_equal(c.threads, 12);
	assert_true(c.dev);
	assert_int_equal(c.max_connections_per_ip, 3);
	assert_int_equal(c.max_connections, 512);   /* untouched */
	assert_string_equal(c.data, "/var/lib/tandem");
	assert_int_equal(c.max_form, 1024 * 1024);
	unsetenv("TANDEM_threads");
	config_free(&c);
}

struct env_err_case {
	const char *name, *value, *msg;
};

static const struct env_err_case env_err_cases[] = {
	{ "TANDEM_MAX_UPLOAD", "lots",
	    "TANDEM_MAX_UPLOAD: max_upload must be a size such as 512k or 10M "
	    "(at most 1073741824 bytes), not 'lots'" },
	{ "TANDEM_DEV", "", "TANDEM_DEV: dev must be true or false, not ''" },
	{ "TANDEM_MAIL_INTERVAL", "0",
	    "TANDEM_MAIL_INTERVAL: mail_interval must be a whole number from 1 "
	    "to 86400, not '0'" },
	{ "TANDEM_SHUTDOWN_TIMEOUT", "-1",
	    "TANDEM_SHUTDOWN_TIMEOUT: shutdown_timeout must be a whole number "
	    "from 0 to 3600, not '-1'" },
};

static void
test_env_errors_name_variable(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(env_err_cases) / sizeof(env_err_cases[0]);
	    i++) {
		const struct env_err_case *e = &env_err_cases[i];
		struct config c;
		char msg[512] = "";

		setenv(e->name, e->value, 1);
		config_init(&c);
		enum err rc = config_load_env(&c, msg, sizeof(msg));
		unsetenv(e->name);
		config_free(&c);
		if (rc != ERR_BAD_INPUT || strcmp(msg, e->msg) != 0)
			fail_msg("case %zu: rc %d \"%s\"", i, rc, msg);
	}
}

/* ---- config_set ---- */

static void
test_set(void **state)
{
	struct config c;
	char msg[512] = "";

	(void)state;
	config_init(&c);
	assert_int_equal(config_set(&c, "listen", "[::1]:9", "--listen", msg,
	    sizeof(msg)), ERR_OK);
	assert_string_equal(c.listen, "[::1]:9");
	assert_int_equal(config_set(&c, "connection_memory", "128k", "--set", msg,
	    sizeof(msg)), ERR_OK);
	assert_int_equal(c.connection_memory, 128 * 1024);
	assert_int_equal(config_set(&c, "shutdown_timeout", "0", "--set", msg,
	    sizeof(msg)), ERR_OK);
	assert_int_equal(c.shutdown_timeout, 0);

	assert_int_equal(config_set(&c, "nope", "1", "--set", msg, sizeof(msg)),
	    ERR_BAD_INPUT);
	assert_string_equal(msg, "--set: unknown key 'nope'");
	/* a refused value leaves the old one */
	assert_int_equal(config_set(&c, "threads", "1000", "--threads", msg,
	    sizeof(msg)), ERR_BAD_INPUT);
	assert_string_equal(msg,
	    "--threads: threads must be a whole number from 1 to 256, not '1000'");
	assert_int_equal(c.threads, 4);
	assert_int_equal(config_set(&c, "max_request", "x", "--set", msg,
	    sizeof(msg)), ERR_BAD_INPUT);
	assert_int_equal(c.max_request, 25 * 1024 * 1024);
	assert_int_equal(config_set(&c, "dev", "2", "--set", msg, sizeof(msg)),
	    ERR_BAD_INPUT);
	assert_false(c.dev);
	/* a short message buffer is truncated, not overrun */
	char tiny[8];
	assert_int_equal(config_set(&c, "nope", "1", "--set", tiny, sizeof(tiny)),
	    ERR_BAD_INPUT);
	assert_string_equal(tiny, "--set: ");
	config_free(&c);
}

/* ---- precedence: defaults < file < environment < command line ---- */

static void
test_precedence(void **state)
{
	struct config c;
	char path[64], msg[512] = "";

	(void)state;
	write_temp(path, "threads = 8\nlisten = 10.0.0.1:80\nlog_level = warn\n"
	    "max_form = 100k\n");
	setenv("TANDEM_THREADS", "16", 1);
	setenv("TANDEM_LOG_LEVEL", "debug", 1);
	config_init(&c);
	assert_int_equal(config_load_file(&c, path, false, msg, sizeof(msg)), ERR_OK);
	assert_int_equal(config_load_env(&c, msg, sizeof(msg)), ERR_OK);
	assert_int_equal(config_set(&c, "log_level", "error", "--set", msg,
	    sizeof(msg)), ERR_OK);
	unlink(path);
	assert_int_equal(c.threads, 16);              /* env over file */
	assert_string_equal(c.log_level, "error");    /* command line over env */
	assert_string_equal(c.listen, "10.0.0.1:80"); /* file over default */
	assert_int_equal(c.max_form, 100 * 1024);
	assert_int_equal(c.max_upload, 10 * 1024 * 1024);   /* default */
	assert_int_equal(config_validate(&c, msg, sizeof(msg)), ERR_OK);
	config_free(&c);
}

/* ---- config_validate ---- */

struct validate_case {
	const char *key, *value;
	enum err rc;
	const char *msg;
	const char *key2, *value2;   /* a second setting, or NULL */
};

#define V(k, v, rc, msg) { k, v, rc, msg, NULL, NULL }
#define NOT_HOSTPORT(v) "listen: '" v "' is not HOST:PORT"
#define NOT_HTTP(v) "base_url: '" v "' must start with http:// or https://"

static const struct validate_case validate_cases[] = {
	V("listen", "0.0.0.0:80", ERR_OK, NULL),
	V("listen", "[::]:8080", ERR_OK, NULL),
	V("listen", "localhost", ERR_BAD_INPUT, NOT_HOSTPORT("localhost")),
	V("listen", "host:99999", ERR_BAD_INPUT, NOT_HOSTPORT("host:99999")),
	V("listen", "[::1]", ERR_BAD_INPUT, NOT_HOSTPORT("[::1]")),
	V("listen", ":80", ERR_BAD_INPUT, NOT_HOSTPORT(":80")),
	V("log_level", "debug", ERR_OK, NULL),
	V("log_level", "error", ERR_OK, NULL),
	V("log_level", "verbose", ERR_BAD_INPUT,
	    "log_level: 'verbose' is not one of error, warn, info, debug"),
	V("base_url", "", ERR_OK, NULL),
	V("base_url", "https://mentoring.example.nhs.uk", ERR_OK, NULL),
	V("base_url", "http://localhost:8080", ERR_OK, NULL),
	V("base_url", "ftp://x", ERR_BAD_INPUT, NOT_HTTP("ftp://x")),
	V("base_url", "mentoring.example.nhs.uk", ERR_BAD_INPUT,
	    NOT_HTTP("mentoring.example.nhs.uk")),
	V("base_url", "https:/x", ERR_BAD_INPUT, NOT_HTTP("https:/x")),
	V("smtp_url", "", ERR_OK, NULL),
	V("smtp_url", "smtp://mail:587", ERR_OK, NULL),
	V("smtp_url", "smtps://mail:465", ERR_OK, NULL),
	V("smtp_url", "http://mail", ERR_BAD_INPUT,
	    "smtp_url: 'http://mail' must start with smtp:// or smtps://"),
	/* a From address is needed only when mail is sent */
	{ "smtp_url", "smtp://mail:587", ERR_OK, NULL,
	    "smtp_from", "Tandem <mentoring@trust.nhs.uk>" },
	{ "smtp_url", "smtp://mail:587", ERR_BAD_INPUT,
	    "smtp_from: 'Tandem' must be an email address, like Tandem "
	    "<mentoring@trust.nhs.uk>", "smtp_from", "Tandem" },
	{ "smtp_url", "", ERR_OK, NULL, "smtp_from", "Tandem" },
};
#undef V

static void
test_validate_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(validate_cases) / sizeof(validate_cases[0]);
	    i++) {
		const struct validate_case *v = &validate_cases[i];
		struct config c;
		char msg[512] = "";

		config_init(&c);
		assert_int_equal(config_set(&c, v->key, v->value, "test", msg,
		    sizeof(msg)), ERR_OK);
		if (v->key2 != NULL)
			assert_int_equal(config_set(&c, v->key2, v->value2, "test",
			    msg, sizeof(msg)), ERR_OK);
		enum err rc = config_validate(&c, msg, sizeof(msg));
		config_free(&c);
		if (rc != v->rc)
			fail_msg("case %zu: rc %d (%s)", i, rc, msg);
		if (v->msg != NULL && strcmp(msg, v->msg) != 0)
			fail_msg("case %zu: \"%s\"", i, msg);
	}
}

/* ---- config_print ---- */

static void
test_print_masks_secret_and_loads_back(void **state)
{
	struct config c, back;
	char path[64], msg[512] = "";
	char *text = NULL;
	size_t len = 0;

	(void)state;
	config_init(&c);
	assert_int_equal(config_set(&c, "smtp_password", "hunter2-secret", "t",
	    msg, sizeof(msg)), ERR_OK);
	assert_int_equal(config_set(&c, "threads", "7", "t", msg, sizeof(msg)), ERR_OK);
	assert_int_equal(config_set(&c, "dev", "true", "t", msg, sizeof(msg)), ERR_OK);
	assert_int_equal(config_set(&c, "max_upload", "3M", "t", msg, sizeof(msg)),
	    ERR_OK);
	assert_int_equal(config_set(&c, "data", "/srv/t", "t", msg, sizeof(msg)),
	    ERR_OK);

	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	config_print(&c, f);
	fclose(f);
	assert_null(strstr(text, "hunter2"));
	assert_non_null(strstr(text, "smtp_password = (set)\n"));
	assert_non_null(strstr(text, "threads = 7\n"));
	assert_non_null(strstr(text, "dev = true\n"));
	assert_non_null(strstr(text, "max_upload = 3145728\n"));
	assert_non_null(strstr(text, "smtp_user = \n"));

	/* everything but the masked secret loads back to the same values */
	write_temp(path, text);
	free(text);
	config_init(&back);
	assert_int_equal(config_load_file(&back, path, false, msg, sizeof(msg)),
	    ERR_OK);
	unlink(path);
	assert_string_equal(back.data, c.data);
	assert_string_equal(back.listen, c.listen);
	assert_string_equal(back.smtp_from, c.smtp_from);
	assert_string_equal(back.log_level, c.log_level);
	assert_string_equal(back.templates_dir, c.templates_dir);
	assert_true(back.dev);
	assert_int_equal(back.threads, 7);
	assert_int_equal(back.max_upload, c.max_upload);
	assert_int_equal(back.max_request, c.max_request);
	assert_int_equal(back.connection_memory, c.connection_memory);
	assert_int_equal(back.mail_interval, c.mail_interval);
	assert_string_equal(back.smtp_password, "(set)");
	config_free(&back);

	/* an empty secret prints as empty, not "(set)" */
	config_set(&c, "smtp_password", "", "t", msg, sizeof(msg));
	f = open_memstream(&text, &len);
	config_print(&c, f);
	fclose(f);
	assert_non_null(strstr(text, "smtp_password = \n"));
	free(text);
	config_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_defaults, clear_env),
		cmocka_unit_test_setup(test_file_table, clear_env),
		cmocka_unit_test_setup(test_file_line_too_long, clear_env),
		cmocka_unit_test_setup(test_file_missing, clear_env),
		cmocka_unit_test_setup(test_env, clear_env),
		cmocka_unit_test_setup(test_env_errors_name_variable, clear_env),
		cmocka_unit_test_setup(test_set, clear_env),
		cmocka_unit_test_setup_teardown(test_precedence, clear_env, clear_env),
		cmocka_unit_test_setup(test_validate_table, clear_env),
		cmocka_unit_test_setup(test_print_masks_secret_and_loads_back, clear_env),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
