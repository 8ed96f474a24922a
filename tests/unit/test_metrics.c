/*
 * test_metrics.c - core/metrics and the readiness probe (issue 12,
 * "Health and metrics"): the Prometheus text format (one HELP and TYPE
 * per family, every sample of a declared family), requests counted by
 * route pattern and status code, histogram buckets (inclusive upper
 * bounds, cumulative, _sum and _count), label escaping, job runs and
 * failures, storage errors by code, the metrics_allow parser and matcher
 * as tables, the setting in core/config, and app_ready / the outbox
 * counts against a real database (a second connection holding the write
 * lock makes it unready, and the probe leaves nothing behind).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "app/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/metrics.h"
#include "db/health.h"
#include "testdb.h"

static const char *const methods[] = {"GET", "POST", "GET"};
static const char *const patterns[] = {
	"/relationships/{id:int}", "/relationships/{id:int}/notes", "/we\"ird\\",
};

/* The rendered exposition (heap; the caller frees). */
static char *
render(const struct metrics_extra *x)
{
	struct buf b;
	buf_init(&b, 0);
	metrics_render(&b, x);
	assert_false(buf_err(&b));
	return buf_take(&b, NULL);
}

static const struct metrics_extra extra = {
	.version = "1.2.3", .outbox_queued = 4, .outbox_failed = 1, .is_ready = true,
};

static bool
has_line(const char *text, const char *line)
{
	size_t len = strlen(line);
	for (const char *p = text; (p = strstr(p, line)) != NULL; p++)
		if ((p == text || p[-1] == '\n') && p[len] == '\n')
			return true;
	return false;
}

static void
test_requests_by_route_and_code(void **state)
{
	(void)state;
	metrics_init_routes(3, methods, patterns);
	metrics_request(0, 200, 0.002);
	metrics_request(0, 200, 0.003);
	metrics_request(0, 404, 0.001);
	metrics_request(1, 303, 0.02);
	metrics_request(1, 418, 0.02);        /* no slot of its own: its class */
	metrics_request(1, 410, 0.02);        /* reset links that are spent */
	metrics_request(1, 599, 0.02);
	metrics_request(METRICS_UNMATCHED, 404, 0.001);
	metrics_request(99, 404, 0.001);      /* out of range: unmatched */
	metrics_request(METRICS_ASSETS, 304, 0.0001);
	char *t = render(&extra);

	static const char *const want[] = {
		"tandem_http_requests_total{method=\"GET\",route=\"/relationships/{id:int}\",code=\"200\"} 2",
		"tandem_http_requests_total{method=\"GET\",route=\"/relationships/{id:int}\",code=\"404\"} 1",
		"tandem_http_requests_total{method=\"POST\",route=\"/relationships/{id:int}/notes\",code=\"303\"} 1",
		"tandem_http_requests_total{method=\"POST\",route=\"/relationships/{id:int}/notes\",code=\"4xx\"} 1",
		"tandem_http_requests_total{method=\"POST\",route=\"/relationships/{id:int}/notes\",code=\"410\"} 1",
		"tandem_http_requests_total{method=\"POST\",route=\"/relationships/{id:int}/notes\",code=\"5xx\"} 1",
		"tandem_http_requests_total{method=\"\",route=\"(unmatched)\",code=\"404\"} 2",
		"tandem_http_requests_total{method=\"\",route=\"/assets/*\",code=\"304\"} 1",
		"tandem_outbox_messages{status=\"queued\"} 4",
		"tandem_outbox_messages{status=\"failed\"} 1",
		"tandem_ready 1",
		"tandem_build_info{version=\"1.2.3\"} 1",
		"# TYPE tandem_http_requests_total counter",
		"# TYPE tandem_http_request_duration_seconds histogram",
		"# TYPE tandem_uptime_seconds gauge",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!has_line(t, want[i]))
			fail_msg("missing line: %s\nin:\n%s", want[i], t);
	/* a route that has seen nothing writes nothing */
	assert_null(strstr(t, "we\\\"ird"));
	free(t);
}

/* Every sample belongs to a family declared above it, each family is
 * declared once with HELP then TYPE, and every value is a number. */
static void
test_exposition_format(void **state)
{
	(void)state;
	metrics_init_routes(3, methods, patterns);
	metrics_request(2, 200, 0.5);
	int slot = metrics_job_register("format-job");
	metrics_job_begin(slot);
	metrics_job_end(slot);
	char *t = render(&extra);
	char families[64][64];
	size_t nf = 0;
	char *save = NULL;
	assert_true(t[strlen(t) - 1] == '\n');
	for (char *line = strtok_r(t, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[64], type[32];
		if (strncmp(line, "# HELP ", 7) == 0) {
			assert_int_equal(sscanf(line + 7, "%63s", name), 1);
			for (size_t i = 0; i < nf; i++)
				if (strcmp(families[i], name) == 0)
					fail_msg("family %s declared twice", name);
			char *next = strtok_r(NULL, "\n", &save);
			assert_non_null(next);
			assert_int_equal(sscanf(next, "# TYPE %63s %31s", families[nf], type), 2);
			assert_string_equal(families[nf], name);
			assert_true(strcmp(type, "counter") == 0 || strcmp(type, "gauge") == 0 ||
			    strcmp(type, "histogram") == 0);
			nf++;
			continue;
		}
		assert_true(line[0] != '#');
		size_t len = strcspn(line, "{ ");
		assert_true(len > 0 && len < sizeof(name));
		memcpy(name, line, len);
		name[len] = '\0';
		bool is_known = false;
		for (size_t i = 0; i < nf && !is_known; i++) {
			size_t fl = strlen(families[i]);
			is_known = strcmp(name, families[i]) == 0 ||
			    (strncmp(name, families[i], fl) == 0 &&
			    (strcmp(name + fl, "_bucket") == 0 || strcmp(name + fl, "_sum") == 0 ||
			    strcmp(name + fl, "_count") == 0));
		}
		if (!is_known)
			fail_msg("sample %s before its HELP/TYPE", line);
		const char *value = strrchr(line, ' ');
		assert_non_null(value);
		char *end;
		strtod(value + 1, &end);
		assert_true(*end == '\0' && end > value + 1);
	}
	assert_true(nf >= 9);
	free(t);
}

static void
test_histogram_buckets(void **state)
{
	(void)state;
	metrics_init_routes(3, methods, patterns);
	/* seconds, and the first bucket (upper bound, inclusive) it falls in */
	static const struct { double seconds; const char *le; } cases[] = {
		{0.0005, "0.001"}, {0.001, "0.001"}, {0.0011, "0.005"}, {0.3, "0.5"},
		{1, "1"}, {9.99, "10"}, {10.01, "+Inf"}, {120, "+Inf"},
	};
	size_t n = sizeof(cases) / sizeof(cases[0]);
	for (size_t i = 0; i < n; i++)
		metrics_request(0, 200, cases[i].seconds);
	char *t = render(&extra);
	char line[256];
	const char *labels = "method=\"GET\",route=\"/relationships/{id:int}\"";
	/* cumulative: each bound counts the cases at or below it */
	for (size_t k = 0; k <= METRICS_NBUCKETS; k++) {
		char le[16];
		if (k < METRICS_NBUCKETS)
			snprintf(le, sizeof(le), "%g", metrics_buckets[k]);
		else
			snprintf(le, sizeof(le), "+Inf");
		unsigned cum = 0;
		for (size_t i = 0; i < n; i++)
			if (k == METRICS_NBUCKETS || cases[i].seconds <= metrics_buckets[k])
				cum++;
		snprintf(line, sizeof(line),
		    "tandem_http_request_duration_seconds_bucket{%s,le=\"%s\"} %u", labels, le, cum);
		if (!has_line(t, line))
			fail_msg("missing %s in\n%s", line, t);
	}
	for (size_t i = 0; i < n; i++) {
		/* the case's own bucket line exists (its bound is a real bucket) */
		snprintf(line, sizeof(line), "{%s,le=\"%s\"}", labels, cases[i].le);
		assert_non_null(strstr(t, line));
	}
	snprintf(line, sizeof(line), "tandem_http_request_duration_seconds_count{%s} %zu",
	    labels, n);
	assert_true(has_line(t, line));
	snprintf(line, sizeof(line), "tandem_http_request_duration_seconds_sum{%s} 141.302600",
	    labels);
	if (!has_line(t, line))
		fail_msg("missing %s in\n%s", line, t);
	free(t);
}

static void
test_label_escaping(void **state)
{
	(void)state;
	static const struct { const char *in, *out; } cases[] = {
		{"plain", "plain"},
		{"a\"b", "a\\\"b"},
		{"back\\slash", "back\\\\slash"},
		{"new\nline", "new\\nline"},
		{"{id:int}/é", "{id:int}/é"},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b;
		buf_init(&b, 0);
		metrics_label_escape(&b, cases[i].in);
		assert_string_equal(buf_str(&b), cases[i].out);
		buf_free(&b);
	}
	metrics_init_routes(3, methods, patterns);
	metrics_request(2, 200, 0.01);
	char *t = render(&(struct metrics_extra){.version = "v\"1", .outbox_queued = -1,
	    .outbox_failed = -1});
	assert_true(has_line(t, "tandem_http_requests_total{method=\"GET\","
	    "route=\"/we\\\"ird\\\\\",code=\"200\"} 1"));
	assert_true(has_line(t, "tandem_build_info{version=\"v\\\"1\"} 1"));
	/* counts that could not be read are left out, not written as -1 */
	assert_null(strstr(t, "tandem_outbox_messages"));
	assert_true(has_line(t, "tandem_ready 0"));
	free(t);
}

static void
test_jobs_and_db_errors(void **state)
{
	(void)state;
	int a = metrics_job_register("digest-test");
	int b = metrics_job_register("housekeeping-test");
	assert_true(a >= 0 && b >= 0 && a != b);
	assert_int_equal(metrics_job_register("digest-test"), a);

	metrics_job_failed();                 /* outside a job: nothing */
	metrics_job_begin(a);
	metrics_job_end(a);
	metrics_job_begin(a);
	metrics_db_error(ERR_BUSY);           /* marks the run failed */
	metrics_job_end(a);
	metrics_job_begin(b);
	metrics_job_failed();
	metrics_job_end(b);
	metrics_db_error(ERR_DB);
	metrics_db_error(ERR_OK);             /* not an error: ignored */

	char *t = render(&extra);
	assert_true(has_line(t, "tandem_job_runs_total{job=\"digest-test\"} 2"));
	assert_true(has_line(t, "tandem_job_failures_total{job=\"digest-test\"} 1"));
	assert_true(has_line(t, "tandem_job_runs_total{job=\"housekeeping-test\"} 1"));
	assert_true(has_line(t, "tandem_job_failures_total{job=\"housekeeping-test\"} 1"));
	assert_true(has_line(t, "tandem_db_errors_total{code=\"busy\"} 1"));
	assert_true(has_line(t, "tandem_db_errors_total{code=\"db\"} 1"));
	assert_true(has_line(t, "tandem_db_errors_total{code=\"io\"} 0"));
	free(t);
}

static void
test_allow_parse(void **state)
{
	(void)state;
	static const struct { const char *text; size_t n; } good[] = {
		{"127.0.0.1, ::1", 2},
		{"  127.0.0.1  ", 1},
		{"10.0.0.0/8,192.168.0.0/16,fd00::/8", 3},
		{"0.0.0.0/0", 1},
		{"::/0", 1},
		{"::ffff:10.1.2.3", 1},
		{"", 0},
		{"   ", 0},
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct metrics_net nets[METRICS_ALLOW_MAX];
		size_t n = 99;
		char err[128] = "";
		if (metrics_allow_parse(good[i].text, nets, &n, err, sizeof(err)) != ERR_OK)
			fail_msg("'%s' refused: %s", good[i].text, err);
		assert_int_equal(n, good[i].n);
	}
	static const struct { const char *text, *says; } bad[] = {
		{"localhost", "'localhost' is not an IP address"},
		{"300.1.1.1", "'300.1.1.1' is not an IP address"},
		{"10.0.0.0/33", "not a prefix length from 0 to 32"},
		{"::1/129", "not a prefix length from 0 to 128"},
		{"1.2.3.4/", "not a prefix length"},
		{"1.2.3.4/x", "not a prefix length"},
		{"1.2.3.4/-1", "not a prefix length"},
		{"127.0.0.1,,::1", "an empty item"},
		{"127.0.0.1,", "an empty item"},
		{",127.0.0.1", "an empty item"},
		{"127.0.0.1 ::1", "is not an IP address"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char err[128] = "";
		if (metrics_allow_parse(bad[i].text, NULL, NULL, err, sizeof(err)) != ERR_BAD_INPUT)
			fail_msg("'%s' accepted", bad[i].text);
		if (strstr(err, bad[i].says) == NULL)
			fail_msg("'%s': message '%s' lacks '%s'", bad[i].text, err, bad[i].says);
	}
	/* at most METRICS_ALLOW_MAX */
	char many[METRICS_ALLOW_MAX * 16 + 32] = "";
	for (int i = 0; i <= METRICS_ALLOW_MAX; i++) {
		char one[20];
		snprintf(one, sizeof(one), "%s10.0.0.%d", i ? "," : "", i);
		strncat(many, one, sizeof(many) - strlen(many) - 1);
	}
	char err[128] = "";
	assert_int_equal(metrics_allow_parse(many, NULL, NULL, err, sizeof(err)), ERR_BAD_INPUT);
	assert_non_null(strstr(err, "more than"));
}

static void
test_allow_match(void **state)
{
	(void)state;
	struct metrics_net nets[METRICS_ALLOW_MAX];
	size_t n;
	assert_int_equal(metrics_allow_parse("127.0.0.1, ::1, 10.0.0.0/8, "
	    "192.168.1.128/25, fd00::/8", nets, &n, NULL, 0), ERR_OK);
	static const struct { const char *ip; bool is_in; } cases[] = {
		{"127.0.0.1", true},
		{"127.0.0.2", false},
		{"::1", true},
		{"::2", false},
		{"::ffff:127.0.0.1", true},   /* IPv4 on an IPv6 socket */
		{"10.200.3.4", true},
		{"11.0.0.1", false},
		{"192.168.1.200", true},
		{"192.168.1.128", true},
		{"192.168.1.127", false},
		{"fd12:3456::1", true},
		{"fe80::1", false},
		{"-", false},
		{"", false},
		{"127.0.0.1x", false},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (metrics_allow_match(nets, n, cases[i].ip) != cases[i].is_in)
			fail_msg("%s: expected %s", cases[i].ip, cases[i].is_in ? "in" : "out");
	assert_false(metrics_allow_match(nets, 0, "127.0.0.1"));   /* empty list */
	assert_false(metrics_allow_match(nets, n, NULL));
	assert_int_equal(metrics_allow_parse("0.0.0.0/0", nets, &n, NULL, 0), ERR_OK);
	assert_true(metrics_allow_match(nets, n, "203.0.113.9"));
	assert_false(metrics_allow_match(nets, n, "2001:db8::1"));
}

static void
test_config_setting(void **state)
{
	(void)state;
	struct config c;
	char msg[256] = "";
	config_init(&c);
	assert_string_equal(c.metrics_allow, "127.0.0.1, ::1");
	assert_int_equal(config_validate(&c, msg, sizeof(msg)), ERR_OK);
	assert_int_equal(config_set(&c, "metrics_allow", "10.0.0.0/8, fd00::/8", "--set",
	    msg, sizeof(msg)), ERR_OK);
	assert_int_equal(config_validate(&c, msg, sizeof(msg)), ERR_OK);
	assert_int_equal(config_set(&c, "metrics_allow", "prometheus.local", "--set",
	    msg, sizeof(msg)), ERR_OK);
	assert_int_equal(config_validate(&c, msg, sizeof(msg)), ERR_BAD_INPUT);
	assert_non_null(strstr(msg, "metrics_allow: 'prometheus.local' is not an IP address"));
	config_free(&c);
}

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_ready_and_outbox_counts(void **state)
{
	(void)state;
	char dir[TESTDB_DIR_MAX], path[TESTDB_PATH_MAX];
	struct db *db, *other;
	struct arena *a = arena_new(4096);
	int schema, expected;
	const char *reason;
	assert_int_equal(testdb_make("metrics", dir, path, &db), 0);
	assert_int_equal(db_open(path, false, &other), ERR_OK);

	assert_int_equal(app_ready(db, a, &schema, &expected, &reason), ERR_OK);
	assert_int_equal(schema, expected);
	assert_int_equal(expected, db_migrations_known());
	assert_string_equal(reason, "");
	/* the probe's write was rolled back */
	char *v;
	assert_int_equal(db_meta_get(db, a, "readyz", &v), ERR_NOT_FOUND);

	/* another writer holds the lock: unready within the short timeout */
	assert_int_equal(db_begin(other), ERR_OK);
	double t0 = now_s();
	assert_int_equal(app_ready(db, a, &schema, &expected, &reason), ERR_BUSY);
	assert_true(now_s() - t0 < 2.0);
	assert_non_null(strstr(reason, "the database cannot be written: database is locked"));
	db_rollback(other);
	assert_int_equal(app_ready(db, a, &schema, &expected, &reason), ERR_OK);

	/* queued, then one failed for good */
	int64_t queued, failed, id1, id2;
	assert_int_equal(app_outbox_counts(db, &queued, &failed), ERR_OK);
	assert_int_equal(queued, 0);
	assert_int_equal(failed, 0);
	assert_int_equal(db_begin(db), ERR_OK);
	assert_int_equal(db_outbox_add(db, "a@example.nhs.uk", "s", "t", "", 100, &id1), ERR_OK);
	assert_int_equal(db_outbox_add(db, "b@example.nhs.uk", "s", "t", "", 100, &id2), ERR_OK);
	assert_int_equal(db_commit(db), ERR_OK);
	assert_int_equal(db_outbox_mark_retry(db, id2, 200, "refused", true), ERR_OK);
	assert_int_equal(app_outbox_counts(db, &queued, &failed), ERR_OK);
	assert_int_equal(queued, 1);
	assert_int_equal(failed, 1);

	db_close(other);
	db_close(db);
	testdb_unlink(path);
	rmdir(dir);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_requests_by_route_and_code),
		cmocka_unit_test(test_exposition_format),
		cmocka_unit_test(test_histogram_buckets),
		cmocka_unit_test(test_label_escaping),
		cmocka_unit_test(test_jobs_and_db_errors),
		cmocka_unit_test(test_allow_parse),
		cmocka_unit_test(test_allow_match),
		cmocka_unit_test(test_config_setting),
		cmocka_unit_test(test_ready_and_outbox_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
