/* bench/match/ours.c - runs Tandem's solver (src/assign) on one benchmark instance: objective, matched, solve ms. */
/*
 * usage: ours INSTANCE [SEED]    (instances: bench/match/gen.h)
 * Prints one line "objective=N matched=N ms=N.N"; the time covers
 * assign_solve only (the instance is generated before the clock starts).
 * STABLE=1 times assign_stable and assign_blocking instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "assign/assign.h"
#include "gen.h"

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: ours INSTANCE [SEED]\n");
		return 2;
	}
	struct gen_instance g;
	uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
	if (gen_make(argv[1], seed, &g) != 0) {
		fprintf(stderr, "ours: unknown instance %s\n", argv[1]);
		return 2;
	}
	struct assign_problem p = {g.n, g.m, g.capacity, g.first, g.mentor, g.cost};
	int32_t *mentor_of = malloc((size_t)g.n * sizeof *mentor_of);
	if (!mentor_of)
		return 1;
	int64_t total = 0;
	int32_t matched = 0;
	const char *stable = getenv("STABLE");
	double t0 = now_ms();
	if (stable && *stable == '1') {
		if (assign_stable(&p, mentor_of) != ERR_OK)
			return 1;
		size_t blocking = assign_blocking(&p, mentor_of, NULL, 0);
		double t1 = now_ms();
		for (int32_t i = 0; i < g.n; i++)
			matched += mentor_of[i] >= 0;
		printf("stable matched=%d blocking=%zu ms=%.1f\n", matched, blocking, t1 - t0);
	} else {
		if (assign_solve(&p, mentor_of, &total, &matched) != ERR_OK)
			return 1;
		double t1 = now_ms();
		printf("objective=%lld matched=%d ms=%.1f\n", (long long)total, matched, t1 - t0);
	}
	free(mentor_of);
	gen_free(&g);
	return 0;
}
