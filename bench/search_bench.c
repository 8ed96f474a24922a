/*
 * bench/search_bench.c - the "Find a mentor" query alone, without HTTP:
 * app_finder_search in a loop on a data directory made with
 * `tandem demo --people N`, as the mentee synth.mentee.1, printing the
 * median and 99th percentile per kind of search.  Built and run by
 * bench/search (which links it against the build's libtandem_lib.a);
 * not part of the test suite, and it asserts nothing.
 *
 *   bench/search_bench DATA_DIR [ITERATIONS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/finder.h"
#include "core/arena.h"
#include "db/db.h"

static int
cmp_d(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

static double
now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: search_bench DATA_DIR [ITERATIONS]\n");
		return 2;
	}
	int iterations = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 200;
	if (iterations < 1)
		iterations = 200;
	char path[4096];
	snprintf(path, sizeof(path), "%s/tandem.db", argv[1]);
	struct db *db;
	if (db_open(path, false, &db) != ERR_OK)
		return 1;
	struct arena *a = arena_new(1 << 20);
	struct db_user u;
	struct db_scheme s;
	if (db_user_by_username(db, a, "synth.mentee.1", &u) != ERR_OK ||
	    db_scheme_by_slug(db, a, "synthetic", &s) != ERR_OK) {
		fprintf(stderr, "no synthetic data: run tandem demo --people N\n");
		return 1;
	}
	struct db_option *o;
	size_t no;
	app_finder_lists(db, a, s.id, &o, &no);
	int64_t kw[2] = {0, 0};
	for (size_t i = 0, k = 0; i < no && k < 2; i++)
		if (strcmp(o[i].list, "keyword") == 0)
			kw[k++] = o[i].id;
	struct app_auth me = {.user_id = u.id};
	struct {
		const char *name;
		struct finder_query q;
	} cases[] = {
		{"browse (no criteria)", {.sort = FINDER_SORT_SCORE}},
		{"free text: leadership", {.text = "leadership"}},
		{"free text: \"quality improvement\" research", {.text = "\"quality improvement\" research"}},
		{"free text: rare word (marathon)", {.text = "marathon"}},
		{"keywords: any of 2", {.keywords = kw, .nkeywords = 2}},
		{"keywords: all of 2", {.keywords = kw, .nkeywords = 2, .keywords_all = true}},
		{"combined: text + keyword + format + within 30", {.text = "teaching",
		    .keywords = kw, .nkeywords = 1, .formats = 2, .within_miles = 30}},
		{"sort by name, page 50", {.sort = FINDER_SORT_NAME, .page = 50}},
	};
	double *t = calloc((size_t)iterations, sizeof(double));
	printf("%-48s %10s %10s %8s\n", "search", "median ms", "p99 ms", "total");
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct finder_query q = cases[c].q;
		q.scheme_id = s.id;
		q.mentee_id = u.id;
		if (q.text == NULL)
			q.text = "";
		q.specialty = q.organisation = "";
		if (q.page == 0)
			q.page = 1;
		q.per_page = 10;
		size_t total = 0;
		for (int i = -1; i < iterations; i++) {   /* -1: warm the index */
			struct arena *ra = arena_new(1 << 16);
			struct finder_result r;
			struct app_problems ps = {0};
			double t0 = now_ms();
			enum err rc = app_finder_search(db, ra, &me, &q, &r, &ps);
			double t1 = now_ms();
			if (rc != ERR_OK) {
				fprintf(stderr, "%s: %s\n", cases[c].name, err_code(rc));
				return 1;
			}
			total = r.total;
			if (i >= 0)
				t[i] = t1 - t0;
			else if (c == 0)
				printf("first search (builds the index): %.0f ms\n", t1 - t0);
			arena_free(ra);
		}
		qsort(t, (size_t)iterations, sizeof(double), cmp_d);
		printf("%-48s %10.2f %10.2f %8zu\n", cases[c].name, t[iterations / 2],
		    t[(size_t)((double)iterations * 0.99)], total);
	}
	free(t);
	arena_free(a);
	db_close(db);
	return 0;
}
