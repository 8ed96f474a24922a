/* bench/match/gen.h - the cohort matching benchmark's instances (REQ-11), generated in memory from a seed (C and C++). */
/*
 * The families (seeded xorshift64*, so every run and both
 * runners see exactly the same instance):
 *
 *   u50     5,000 x 1,000 x capacity 5, 50 random allowed mentors each,
 *           uniform costs 0-1000
 *   c50     the same with contention costs: the mentor's popularity
 *           (0-899, one per mentor) + random 0-100
 *   udense  5,000 x 1,000 x 5, every pair allowed (5,000,000 arcs), uniform
 *   cdense  every pair allowed, contention
 *   c20k    20,000 x 4,000 x 5, 50 allowed each (1,000,000 arcs), contention
 *
 * With spare places, as real schemes have (mentors take 1-3 each and
 * many wait): the same five with capacity 6 (20% more places than
 * mentees), named with an "s": u50s, c50s, udenses, cdenses, c20ks.
 * And two where not everyone can be matched:
 *
 *   c20kx   c20ks, but every tenth mentee has no allowed pair at all
 *   c20kt   c20k with capacity 4: 16,000 places for 20,000 mentees
 *
 * The problem is the solver's CSR (src/assign/assign.h): first[n + 1],
 * mentor[], cost[].  gen_free releases it.
 */
#ifndef TANDEM_BENCH_MATCH_GEN_H
#define TANDEM_BENCH_MATCH_GEN_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gen_instance {
	int32_t n, m;
	int64_t narcs;
	int32_t *capacity;
	int64_t *first;
	int32_t *mentor;
	int64_t *cost;
};

static uint64_t gen_state;

static inline uint32_t
gen_rnd(uint32_t below)
{
	gen_state ^= gen_state >> 12;
	gen_state ^= gen_state << 25;
	gen_state ^= gen_state >> 27;
	return (uint32_t)(((gen_state * 0x2545F4914F6CDD1DULL) >> 32) % below);
}

static inline void *
gen_alloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fprintf(stderr, "gen: out of memory\n");
		exit(1);
	}
	return p;
}

/* 0 and the instance filled in, or -1 for an unknown name. */
static inline int
gen_make(const char *name, uint64_t seed, struct gen_instance *g)
{
	int32_t n, m, cap = 5, deg, lonely = 0;
	int contention;
	char base[16];
	size_t len = strlen(name);
	if (len >= sizeof base)
		return -1;
	memcpy(base, name, len + 1);
	if (strcmp(name, "c20kx") == 0 || strcmp(name, "c20kt") == 0) {
		cap = name[4] == 'x' ? 6 : 4;
		lonely = name[4] == 'x' ? 10 : 0;
		base[4] = '\0';
	} else if (len > 1 && name[len - 1] == 's') {
		cap = 6;
		base[len - 1] = '\0';
	}
	name = base;
	if (strcmp(name, "u50") == 0) {
		n = 5000; m = 1000; deg = 50; contention = 0;
	} else if (strcmp(name, "c50") == 0) {
		n = 5000; m = 1000; deg = 50; contention = 1;
	} else if (strcmp(name, "udense") == 0) {
		n = 5000; m = 1000; deg = 1000; contention = 0;
	} else if (strcmp(name, "cdense") == 0) {
		n = 5000; m = 1000; deg = 1000; contention = 1;
	} else if (strcmp(name, "c20k") == 0) {
		n = 20000; m = 4000; deg = 50; contention = 1;
	} else {
		return -1;
	}
	gen_state = seed * 0x9E3779B97F4A7C15ULL + 0x1234567ULL;
	g->n = n;
	g->m = m;
	g->narcs = (int64_t)(n - (lonely ? n / lonely : 0)) * deg;
	g->capacity = (int32_t *)gen_alloc((size_t)m * sizeof *g->capacity);
	g->first = (int64_t *)gen_alloc(((size_t)n + 1) * sizeof *g->first);
	g->mentor = (int32_t *)gen_alloc((size_t)g->narcs * sizeof *g->mentor);
	g->cost = (int64_t *)gen_alloc((size_t)g->narcs * sizeof *g->cost);
	int32_t *popularity = (int32_t *)gen_alloc((size_t)m * sizeof *popularity);
	int32_t *order = (int32_t *)gen_alloc((size_t)m * sizeof *order);
	for (int32_t j = 0; j < m; j++) {
		g->capacity[j] = cap;
		popularity[j] = (int32_t)gen_rnd(900);
		order[j] = j;
	}
	int64_t k = 0;
	g->first[0] = 0;
	for (int32_t i = 0; i < n; i++) {
		for (int32_t q = 0; q < deg && !(lonely && i % lonely == lonely - 1); q++) {
			/* a partial Fisher-Yates shuffle: deg distinct mentors */
			int32_t r = q + (int32_t)gen_rnd((uint32_t)(m - q));
			int32_t x = order[q];
			order[q] = order[r];
			order[r] = x;
			int32_t j = order[q];
			g->mentor[k] = j;
			g->cost[k] = contention ? popularity[j] + (int64_t)gen_rnd(101)
			    : (int64_t)gen_rnd(1001);
			k++;
		}
		g->first[i + 1] = k;
	}
	free(popularity);
	free(order);
	return 0;
}

static inline void
gen_free(struct gen_instance *g)
{
	free(g->capacity);
	free(g->first);
	free(g->mentor);
	free(g->cost);
	memset(g, 0, sizeof *g);
}

#endif
