/*
 * test_assign.c - the cohort matching solver (REQ-11, src/assign):
 *
 * - optimality: hundreds of small random instances (up to 7 mentees, 4
 *   mentors, capacities 0-3, random allowed pairs, costs with ties and
 *   zeros) against a brute force that enumerates every assignment, for
 *   the same (matched, total); medium ones against a plain Bellman-Ford
 *   successive-shortest-path reference (the first, slow solver);
 * - validity of every result: only allowed pairs, no capacity exceeded,
 *   total and matched agreeing with mentor_of;
 * - square instances (as many places as mentees): the auction's result
 *   directly against the brute force, and the fallback when no perfect
 *   assignment exists;
 * - spare places, mentees with no allowed pair and too few places, with
 *   each method forced in turn (solve() with SOLVE_AUCTION / SOLVE_PATHS)
 *   so the auction with dummies, the auction with "unmatched" objects and
 *   the shortest paths are each proved against the brute force;
 * - the OR-Library instance assign100 (optimum 305);
 * - edge cases and malformed input (ERR_BAD_INPUT);
 * - stable mode: no blocking pair on random instances, by an independent
 *   brute-force check written here, and the result mentee-optimal among
 *   every stable assignment; assign_blocking agreeing with the check on
 *   random (also unstable) assignments.
 *
 * The random generator is a fixed-seed xorshift, so failures repeat.
 * LEMON's optimum on medium instances is in assign_lemon.cc.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* the .c itself, to reach the auction (a static) directly */
#include "assign/assign.c"

/* ---- random instances ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint32_t
rnd(uint32_t below)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return below ? (uint32_t)(rng_state % below) : 0;
}

#define MAXN 64
#define MAXM 32

struct inst {
	int32_t n, m;
	int32_t capacity[MAXM];
	int64_t first[MAXN + 1];
	int32_t mentor[MAXN * MAXM];
	int64_t cost[MAXN * MAXM];
	int64_t c[MAXN][MAXM];     /* -1: not allowed */
	struct assign_problem p;
};

/* Costs drawn from a few small values (ties, zeros) or, with `big`, near
 * ASSIGN_COST_MAX. */
static void
make(struct inst *t, int32_t n, int32_t m, int32_t maxcap, int pct_allowed, bool big)
{
	t->n = n;
	t->m = m;
	for (int32_t j = 0; j < m; j++)
		t->capacity[j] = (int32_t)rnd((uint32_t)maxcap + 1);
	int64_t k = 0;
	t->first[0] = 0;
	for (int32_t i = 0; i < n; i++) {
		/* shuffled mentor order: rows need not be sorted */
		int32_t order[MAXM];
		for (int32_t j = 0; j < m; j++)
			order[j] = j;
		for (int32_t j = m - 1; j > 0; j--) {
			int32_t r = (int32_t)rnd((uint32_t)j + 1), x = order[j];
			order[j] = order[r];
			order[r] = x;
		}
		for (int32_t j = 0; j < m; j++)
			t->c[i][j] = -1;
		for (int32_t q = 0; q < m; q++) {
			int32_t j = order[q];
			if ((int)rnd(100) >= pct_allowed)
				continue;
			int64_t c = big ? ASSIGN_COST_MAX - (int64_t)rnd(3) : (int64_t)rnd(6);
			if (!big && rnd(4) == 0)
				c = (int64_t)rnd(100);
			t->mentor[k] = j;
			t->cost[k] = c;
			t->c[i][j] = c;
			k++;
		}
		t->first[i + 1] = k;
	}
	t->p = (struct assign_problem){n, m, t->capacity, t->first, t->mentor, t->cost};
}

/* ---- brute force: every assignment ---- */

struct brute {
	const struct inst *t;
	int32_t cur[MAXN];
	int32_t load[MAXM];
	int32_t best_matched;
	int64_t best_total;
	/* stable mode: for each mentee the best rank over stable assignments */
	bool want_stable;
	int32_t nstable;
	int32_t best_stable[MAXN];
};

/* Whether mentee i prefers mentor j (cost c) to its current one. */
static bool
mentee_prefers(const struct inst *t, const int32_t *of, int32_t i, int32_t j)
{
	int32_t k = of[i];
	if (k < 0 || t->c[i][k] < 0)
		return true;
	int64_t c = t->c[i][j], ck = t->c[i][k];
	return c < ck || (c == ck && j < k);
}

/* An independent blocking-pair count, straight from the definition. */
static size_t
blocking_brute(const struct inst *t, const int32_t *of)
{
	size_t count = 0;
	for (int32_t i = 0; i < t->n; i++)
		for (int32_t j = 0; j < t->m; j++) {
			if (t->c[i][j] < 0 || of[i] == j || t->capacity[j] == 0)
				continue;
			if (!mentee_prefers(t, of, i, j))
				continue;
			int32_t held = 0;
			bool displaces = false;
			for (int32_t k = 0; k < t->n; k++) {
				if (of[k] != j)
					continue;
				held++;
				int64_t ck = t->c[k][j], ci = t->c[i][j];
				if (ck < 0 || ci < ck || (ci == ck && i < k))
					displaces = true;
			}
			if (held < t->capacity[j] || displaces)
				count++;
		}
	return count;
}

static void
brute_rec(struct brute *b, int32_t i, int32_t matched, int64_t total)
{
	const struct inst *t = b->t;
	if (i == t->n) {
		if (matched > b->best_matched || (matched == b->best_matched && total < b->best_total)) {
			b->best_matched = matched;
			b->best_total = total;
		}
		if (b->want_stable && blocking_brute(t, b->cur) == 0) {
			b->nstable++;
			for (int32_t k = 0; k < t->n; k++) {
				int32_t cur = b->best_stable[k];
				int32_t *of = b->cur;
				/* keep the better of cur and of[k] for mentee k */
				if (of[k] >= 0 && (cur < 0 || t->c[k][of[k]] < t->c[k][cur] ||
				    (t->c[k][of[k]] == t->c[k][cur] && of[k] < cur)))
					b->best_stable[k] = of[k];
			}
		}
		return;
	}
	b->cur[i] = -1;
	brute_rec(b, i + 1, matched, total);
	for (int32_t j = 0; j < t->m; j++) {
		if (t->c[i][j] < 0 || b->load[j] >= t->capacity[j])
			continue;
		b->cur[i] = j;
		b->load[j]++;
		brute_rec(b, i + 1, matched + 1, total + t->c[i][j]);
		b->load[j]--;
		b->cur[i] = -1;
	}
}

static void
brute(struct brute *b, const struct inst *t, bool want_stable)
{
	memset(b, 0, sizeof *b);
	b->t = t;
	b->best_matched = -1;
	b->want_stable = want_stable;
	for (int32_t i = 0; i < MAXN; i++)
		b->best_stable[i] = -1;
	brute_rec(b, 0, 0, 0);
}

/* ---- the first solver, as a reference for medium instances ---- */

/* Successive shortest paths with a Bellman-Ford search on a dense
 * residual graph: slow and obviously right.  Penalty arcs as in the
 * model, so the count comes first. */
static void
reference(const struct inst *t, int32_t *matched, int64_t *total)
{
	int32_t n = t->n, m = t->m;
	static int32_t of[MAXN], load[MAXM];
	int64_t cmax = 0;
	for (int32_t i = 0; i < n; i++)
		for (int32_t j = 0; j < m; j++)
			if (t->c[i][j] > cmax)
				cmax = t->c[i][j];
	for (int32_t i = 0; i < n; i++)
		of[i] = -1;
	for (int32_t j = 0; j < m; j++)
		load[j] = 0;
	/* nodes: mentees 0..n-1, mentors n..n+m-1, sink n+m */
	int32_t nodes = n + m + 1, sink = n + m;
	static int64_t dist[MAXN + MAXM + 1];
	static int32_t pred[MAXN + MAXM + 1];
	for (int32_t s = 0; s < n; s++) {
		for (int32_t v = 0; v < nodes; v++) {
			dist[v] = INT64_MAX / 4;
			pred[v] = -1;
		}
		dist[s] = 0;
		/* mentee s is its own "unassigned" fallback; every other
		 * matched mentee may be unassigned: arc to the sink costing
		 * the penalty, whose size does not matter for the brute force
		 * comparison as long as it dominates */
		int64_t pen = (int64_t)(n + 1) * (cmax + 1);
		for (int32_t round = 0; round < nodes; round++) {
			bool changed = false;
			for (int32_t i = 0; i < n; i++) {
				if (dist[i] >= INT64_MAX / 4)
					continue;
				if ((of[i] >= 0 || i == s) && dist[i] + pen < dist[sink]) {
					dist[sink] = dist[i] + pen;
					pred[sink] = i;
					changed = true;
				}
				for (int32_t j = 0; j < m; j++)
					if (t->c[i][j] >= 0 && of[i] != j &&
					    dist[i] + t->c[i][j] < dist[n + j]) {
						dist[n + j] = dist[i] + t->c[i][j];
						pred[n + j] = i;
						changed = true;
					}
			}
			for (int32_t j = 0; j < m; j++) {
				if (dist[n + j] >= INT64_MAX / 4)
					continue;
				if (load[j] < t->capacity[j] && dist[n + j] < dist[sink]) {
					dist[sink] = dist[n + j];
					pred[sink] = n + j;
					changed = true;
				}
				for (int32_t i = 0; i < n; i++)
					if (of[i] == j && dist[n + j] - t->c[i][j] < dist[i]) {
						dist[i] = dist[n + j] - t->c[i][j];
						pred[i] = n + j;
						changed = true;
					}
			}
			if (!changed)
				break;
		}
		int32_t v = pred[sink];
		if (v < n) {
			if (v == s)
				continue;
			int32_t j = of[v];   /* j loses v and gains its predecessor */
			of[v] = -1;
			v = n + j;
		} else {
			load[v - n]++;
		}
		/* v is a mentor that takes its predecessor */
		for (;;) {
			int32_t i = pred[v];
			int32_t old = of[i];
			of[i] = v - n;
			if (i == s)
				break;
			v = n + old;
		}
	}
	*matched = 0;
	*total = 0;
	for (int32_t i = 0; i < n; i++)
		if (of[i] >= 0) {
			(*matched)++;
			*total += t->c[i][of[i]];
		}
}

/* Checks any result: only allowed pairs, capacities kept, counts right. */
static void
check_valid(const struct inst *t, const int32_t *of, int32_t matched, int64_t total)
{
	int32_t load[MAXM] = {0}, count = 0;
	int64_t sum = 0;
	for (int32_t i = 0; i < t->n; i++) {
		if (of[i] < 0) {
			assert_int_equal(of[i], -1);
			continue;
		}
		assert_true(of[i] < t->m);
		assert_true(t->c[i][of[i]] >= 0);          /* only allowed pairs */
		load[of[i]]++;
		count++;
		sum += t->c[i][of[i]];
	}
	for (int32_t j = 0; j < t->m; j++)
		assert_true(load[j] <= t->capacity[j]);   /* capacity never exceeded */
	if (matched >= 0) {
		assert_int_equal(count, matched);
		assert_int_equal(sum, total);
	}
}

/* ---- optimality ---- */

/* REQ-11: the same (matched, total) as every assignment enumerated. */
static void
test_req11_brute_force(void **state)
{
	(void)state;
	static struct inst t;
	struct brute b;
	int32_t of[MAXN];
	for (int round = 0; round < 600; round++) {
		int32_t n = (int32_t)rnd(8), m = 1 + (int32_t)rnd(4);
		make(&t, n, m, 3, 20 + (int)rnd(81), round % 10 == 9);
		int64_t total = -7;
		int32_t matched = -7;
		assert_int_equal(assign_solve(&t.p, of, &total, &matched), ERR_OK);
		brute(&b, &t, false);
		if (matched != b.best_matched || total != b.best_total)
			fail_msg("round %d: got (%d, %lld), brute force (%d, %lld)", round,
			    matched, (long long)total, b.best_matched, (long long)b.best_total);
		check_valid(&t, of, matched, total);
	}
}

/* REQ-11: medium instances against the Bellman-Ford reference. */
static void
test_req11_reference(void **state)
{
	(void)state;
	static struct inst t;
	int32_t of[MAXN];
	for (int round = 0; round < 120; round++) {
		int32_t n = 20 + (int32_t)rnd(45), m = 2 + (int32_t)rnd(30);
		make(&t, n, m, 1 + (int32_t)rnd(4), 5 + (int)rnd(60), round % 8 == 7);
		int64_t total, rtotal;
		int32_t matched, rmatched;
		assert_int_equal(assign_solve(&t.p, of, &total, &matched), ERR_OK);
		reference(&t, &rmatched, &rtotal);
		if (matched != rmatched || total != rtotal)
			fail_msg("round %d (%dx%d): got (%d, %lld), reference (%d, %lld)", round,
			    n, m, matched, (long long)total, rmatched, (long long)rtotal);
		check_valid(&t, of, matched, total);
	}
}

/* The reference itself against the brute force, so it is worth trusting. */
static void
test_reference_brute(void **state)
{
	(void)state;
	static struct inst t;
	struct brute b;
	for (int round = 0; round < 200; round++) {
		make(&t, (int32_t)rnd(8), 1 + (int32_t)rnd(4), 3, 20 + (int)rnd(81), false);
		int64_t rtotal;
		int32_t rmatched;
		reference(&t, &rmatched, &rtotal);
		brute(&b, &t, false);
		assert_int_equal(rmatched, b.best_matched);
		assert_int_equal(rtotal, b.best_total);
	}
}

/* Places sum to n; with `plant`, a perfect assignment is planted so the
 * auction applies; without, some have none and the solver falls back. */
static void
make_square(struct inst *t, int32_t n, int32_t m, bool plant, bool big)
{
	make(t, n, m, 0, 0, big);
	int32_t owner[MAXN];
	for (int32_t i = 0; i < n; i++) {
		owner[i] = (int32_t)rnd((uint32_t)m);
		t->capacity[owner[i]]++;
	}
	int64_t k = 0;
	t->first[0] = 0;
	for (int32_t i = 0; i < n; i++) {
		for (int32_t j = 0; j < m; j++) {
			t->c[i][j] = -1;
			if ((plant && owner[i] == j) || rnd(100) < 35) {
				t->c[i][j] = big ? ASSIGN_COST_MAX - (int64_t)rnd(5) : (int64_t)rnd(8);
				t->mentor[k] = j;
				t->cost[k] = t->c[i][j];
				k++;
			}
		}
		t->first[i + 1] = k;
	}
	t->p = (struct assign_problem){n, m, t->capacity, t->first, t->mentor, t->cost};
}

/* REQ-11, the square case: the auction's own answer (without the
 * "unmatched" objects) is optimal whenever it gives one, it gives one
 * whenever a perfect assignment exists, and assign_solve agrees with the
 * brute force either way. */
static void
test_req11_square(void **state)
{
	(void)state;
	static struct inst t;
	struct brute b;
	int32_t of[MAXN];
	int64_t arc_of[MAXN];
	int32_t room[MAXM];
	int64_t place0[MAXM + 1];
	int auctions = 0, fallbacks = 0;
	for (int round = 0; round < 500; round++) {
		int32_t n = 1 + (int32_t)rnd(7), m = 1 + (int32_t)rnd(4);
		make_square(&t, n, m, round % 3 != 0, round % 7 == 6);
		brute(&b, &t, false);
		int64_t cmax = 0;
		for (int64_t a = 0; a < t.first[n]; a++)
			cmax = t.cost[a] > cmax ? t.cost[a] : cmax;
		place0[0] = 0;
		for (int32_t j = 0; j < m; j++) {
			room[j] = t.capacity[j] < n ? t.capacity[j] : n;
			place0[j + 1] = place0[j] + room[j];
		}
		if (auction(&t.p, room, place0, cmax, n * cmax + 1, false, arc_of)) {
			auctions++;
			/* every mentee with an allowed mentor with room is placed */
			int32_t in_play = 0;
			for (int32_t i = 0; i < n; i++)
				for (int64_t a = t.first[i]; a < t.first[i + 1]; a++)
					if (room[t.mentor[a]] > 0) {
						in_play++;
						break;
					}
			assert_int_equal(b.best_matched, in_play);
			int64_t sum = 0;
			int32_t load[MAXM] = {0};
			for (int32_t i = 0; i < n; i++) {
				if (arc_of[i] < 0)
					continue;
				assert_true(arc_of[i] >= t.first[i] && arc_of[i] < t.first[i + 1]);
				sum += t.cost[arc_of[i]];
				assert_true(++load[t.mentor[arc_of[i]]] <= t.capacity[t.mentor[arc_of[i]]]);
			}
			if (sum != b.best_total)
				fail_msg("round %d: auction %lld, brute force %lld", round,
				    (long long)sum, (long long)b.best_total);
		} else {
			fallbacks++;
			assert_true(b.best_matched < n);   /* gave up only when it had to */
		}
		int64_t total;
		int32_t matched;
		assert_int_equal(assign_solve(&t.p, of, &total, &matched), ERR_OK);
		assert_int_equal(matched, b.best_matched);
		assert_int_equal(total, b.best_total);
		check_valid(&t, of, matched, total);
	}
	/* medium square ones against the reference */
	for (int round = 0; round < 60; round++) {
		make_square(&t, 20 + (int32_t)rnd(44), 3 + (int32_t)rnd(20), round % 2 == 0, false);
		int64_t total, rtotal;
		int32_t matched, rmatched;
		assert_int_equal(assign_solve(&t.p, of, &total, &matched), ERR_OK);
		reference(&t, &rmatched, &rtotal);
		assert_int_equal(matched, rmatched);
		assert_int_equal(total, rtotal);
		check_valid(&t, of, matched, total);
	}
	assert_true(auctions > 100);
	assert_true(fallbacks > 10);
}

/* Spare places (and mentees with no allowed pair, and too few places):
 * each method forced in turn, so every path is proved on its own. */
static void
make_spare(struct inst *t, int32_t n, int32_t m, int32_t extra, bool plant, int pct,
    bool big)
{
	make_square(t, n, m, plant, big);
	for (int32_t k = 0; k < extra; k++)
		t->capacity[rnd((uint32_t)m)]++;
	/* some mentees lose every allowed pair */
	if (pct > 0) {
		int64_t k = 0;
		int64_t old_first[MAXN + 1];
		memcpy(old_first, t->first, sizeof old_first);
		for (int32_t i = 0; i < n; i++) {
			bool lonely = (int)rnd(100) < pct;
			int64_t a0 = old_first[i], a1 = old_first[i + 1];
			t->first[i] = k;
			for (int64_t a = a0; a < a1; a++) {
				if (lonely) {
					t->c[i][t->mentor[a]] = -1;
					continue;
				}
				t->mentor[k] = t->mentor[a];
				t->cost[k] = t->cost[a];
				k++;
			}
		}
		t->first[n] = k;
	}
}

static void
check_method(const struct inst *t, enum solve_method method, int32_t want_matched,
    int64_t want_total, int *counts, int round)
{
	int32_t of[MAXN];
	int64_t total = -7;
	int32_t matched = -7;
	enum solved_by by = SOLVED_NONE;
	assert_int_equal(solve(&t->p, method, of, &total, &matched, &by), ERR_OK);
	if (method == SOLVE_AUCTION)
		assert_true(by == SOLVED_AUCTION || by == SOLVED_AUCTION_UNMATCHED);
	if (method == SOLVE_PATHS)
		assert_int_equal(by, SOLVED_PATHS);
	counts[by]++;
	if (matched != want_matched || total != want_total)
		fail_msg("round %d (%dx%d), method %d (by %d): got (%d, %lld), want (%d, %lld)",
		    round, t->n, t->m, (int)method, (int)by, matched, (long long)total,
		    want_matched, (long long)want_total);
	check_valid(t, of, matched, total);
}

/* REQ-11 with spare places, the real schemes' case: the auction (with
 * dummies taking the places left free, and "unmatched" objects when not
 * everyone can be placed) and the shortest paths agree with the brute
 * force on small instances and with the reference on medium ones. */
static void
test_req11_spare_places(void **state)
{
	(void)state;
	static struct inst t;
	struct brute b;
	int counts[4] = {0};
	for (int round = 0; round < 900; round++) {
		int32_t n = 1 + (int32_t)rnd(7), m = 1 + (int32_t)rnd(4);
		/* extra places: none, a few, many; sometimes fewer (capacity
		 * taken away below) */
		int32_t extra = round % 4 == 0 ? 0 : (int32_t)rnd(6);
		make_spare(&t, n, m, extra, round % 3 != 0, round % 5 == 4 ? 30 : 0,
		    round % 9 == 8);
		if (round % 3 == 2) {
			/* fewer places, or a Hall violation */
			int32_t j = (int32_t)rnd((uint32_t)m);
			t.capacity[j] = round % 2 ? 0 : t.capacity[j] / 2;
		}
		brute(&b, &t, false);
		check_method(&t, SOLVE_AUTO, b.best_matched, b.best_total, counts, round);
		check_method(&t, SOLVE_AUCTION, b.best_matched, b.best_total, counts, round);
		check_method(&t, SOLVE_PATHS, b.best_matched, b.best_total, counts, round);
	}
	for (int round = 0; round < 120; round++) {
		int32_t n = 20 + (int32_t)rnd(44), m = 3 + (int32_t)rnd(20);
		make_spare(&t, n, m, (int32_t)rnd((uint32_t)n / 2 + 1), round % 2 == 0,
		    round % 3 == 2 ? 15 : 0, round % 10 == 9);
		int64_t rtotal;
		int32_t rmatched;
		reference(&t, &rmatched, &rtotal);
		check_method(&t, SOLVE_AUTO, rmatched, rtotal, counts, 1000 + round);
		check_method(&t, SOLVE_AUCTION, rmatched, rtotal, counts, 1000 + round);
	}
	print_message("spare places: auction %d, with unmatched %d, paths %d\n",
	    counts[SOLVED_AUCTION], counts[SOLVED_AUCTION_UNMATCHED], counts[SOLVED_PATHS]);
	/* every path was taken many times */
	assert_true(counts[SOLVED_AUCTION] > 300);
	assert_true(counts[SOLVED_AUCTION_UNMATCHED] > 150);
	assert_true(counts[SOLVED_PATHS] >= 900);
}

/* OR-Library assign100: a 100 x 100 assignment problem, optimum 305. */
static void
test_req11_assign100(void **state)
{
	(void)state;
	const char *dir = getenv("TANDEM_SOURCE_DIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/../shared/conformance/assignment/assign100.txt",
	    dir ? dir : ".");
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s", path);
	int n = 0;
	assert_int_equal(fscanf(f, "%d", &n), 1);
	assert_int_equal(n, 100);
	int32_t *capacity = malloc(100 * sizeof *capacity);
	int64_t *first = malloc(101 * sizeof *first);
	int32_t *mentor = malloc(10000 * sizeof *mentor);
	int64_t *cost = malloc(10000 * sizeof *cost);
	int32_t *of = malloc(100 * sizeof *of);
	assert_non_null(capacity);
	assert_non_null(first);
	assert_non_null(mentor);
	assert_non_null(cost);
	assert_non_null(of);
	for (int j = 0; j < 100; j++)
		capacity[j] = 1;
	for (int i = 0; i <= 100; i++)
		first[i] = (int64_t)i * 100;
	for (int k = 0; k < 10000; k++) {
		long long c;
		assert_int_equal(fscanf(f, "%lld", &c), 1);
		mentor[k] = k % 100;
		cost[k] = c;
	}
	fclose(f);
	struct assign_problem p = {100, 100, capacity, first, mentor, cost};
	int64_t total;
	int32_t matched;
	assert_int_equal(assign_solve(&p, of, &total, &matched), ERR_OK);
	assert_int_equal(matched, 100);
	assert_int_equal(total, 305);
	bool used[100] = {false};
	int64_t sum = 0;
	for (int i = 0; i < 100; i++) {
		assert_true(of[i] >= 0 && of[i] < 100);
		assert_false(used[of[i]]);
		used[of[i]] = true;
		sum += cost[i * 100 + of[i]];
	}
	assert_int_equal(sum, 305);
	free(capacity);
	free(first);
	free(mentor);
	free(cost);
	free(of);
}

/* ---- edge cases ---- */

static void
test_req11_edges(void **state)
{
	(void)state;
	int32_t of[8];
	int64_t total;
	int32_t matched;
	int32_t cap[3] = {1, 0, 2};
	int64_t none[1] = {0};

	/* no mentees */
	struct assign_problem p = {0, 3, cap, none, NULL, NULL};
	assert_int_equal(assign_solve(&p, of, &total, &matched), ERR_OK);
	assert_int_equal(matched, 0);
	assert_int_equal(total, 0);
	assert_int_equal(assign_stable(&p, of), ERR_OK);
	assert_int_equal(assign_blocking(&p, of, NULL, 0), 0);

	/* no mentors: everyone unmatched */
	int64_t first0[4] = {0, 0, 0, 0};
	p = (struct assign_problem){3, 0, NULL, first0, NULL, NULL};
	assert_int_equal(assign_solve(&p, of, &total, &matched), ERR_OK);
	assert_int_equal(matched, 0);
	assert_int_equal(of[0], -1);
	assert_int_equal(of[2], -1);
	assert_int_equal(assign_stable(&p, of), ERR_OK);
	assert_int_equal(of[1], -1);

	/* zero capacities: nobody placed, no blocking pair */
	int32_t zero[2] = {0, 0};
	int64_t first[4] = {0, 2, 3, 3};     /* mentee 2 has no allowed pair */
	int32_t mentor[3] = {0, 1, 1};
	int64_t cost[3] = {5, 0, 7};
	p = (struct assign_problem){3, 2, zero, first, mentor, cost};
	assert_int_equal(assign_solve(&p, of, &total, &matched), ERR_OK);
	assert_int_equal(matched, 0);
	assert_int_equal(assign_stable(&p, of), ERR_OK);
	assert_int_equal(of[0], -1);
	assert_int_equal(assign_blocking(&p, of, NULL, 0), 0);

	/* a mentee with no allowed pair stays unmatched, the rest are placed */
	int32_t two[2] = {1, 1};
	p.capacity = two;
	assert_int_equal(assign_solve(&p, of, &total, &matched), ERR_OK);
	assert_int_equal(matched, 2);
	assert_int_equal(of[0], 0);
	assert_int_equal(of[1], 1);
	assert_int_equal(of[2], -1);
	assert_int_equal(total, 12);

	/* more matched beats cheaper: 0 could take mentor 1 for 0, but then
	 * 1 is left out, so 0 takes mentor 0 at 5 */
	int64_t firstb[3] = {0, 2, 3};
	int32_t mentorb[3] = {0, 1, 1};
	int64_t costb[3] = {5, 0, 7};
	p = (struct assign_problem){2, 2, two, firstb, mentorb, costb};
	assert_int_equal(assign_solve(&p, of, &total, &matched), ERR_OK);
	assert_int_equal(matched, 2);
	assert_int_equal(total, 12);

	/* the cheaper of two mentees gets the one place (first come does
	 * not win) */
	int32_t one[1] = {1};
	int64_t firstc[3] = {0, 1, 2};
	int32_t mentorc[2] = {0, 0};
	int64_t costc[2] = {100, 0};
	p = (struct assign_problem){2, 1, one, firstc, mentorc, costc};
	assert_int_equal(assign_solve(&p, of, &total, &matched), ERR_OK);
	assert_int_equal(matched, 1);
	assert_int_equal(total, 0);
	assert_int_equal(of[0], -1);
	assert_int_equal(of[1], 0);

	/* all costs equal and ASSIGN_COST_MAX costs */
	for (int64_t c = 0; c <= ASSIGN_COST_MAX; c += ASSIGN_COST_MAX) {
		int32_t caps[2] = {2, 3};
		int64_t firste[6] = {0, 2, 4, 6, 8, 10};
		int32_t mentore[10] = {0, 1, 1, 0, 0, 1, 1, 0, 0, 1};
		int64_t coste[10];
		for (int k = 0; k < 10; k++)
			coste[k] = c;
		p = (struct assign_problem){5, 2, caps, firste, mentore, coste};
		assert_int_equal(assign_solve(&p, of, &total, &matched), ERR_OK);
		assert_int_equal(matched, 5);
		assert_int_equal(total, 5 * c);
	}

	/* a capacity far above the number of mentees */
	int32_t huge[1] = {INT32_MAX};
	p = (struct assign_problem){2, 1, huge, firstc, mentorc, costc};
	assert_int_equal(assign_solve(&p, of, &total, &matched), ERR_OK);
	assert_int_equal(matched, 2);
	assert_int_equal(total, 100);
	assert_int_equal(assign_stable(&p, of), ERR_OK);
	assert_int_equal(of[0], 0);
	assert_int_equal(of[1], 0);
	assert_int_equal(assign_blocking(&p, of, NULL, 0), 0);
}

/* Malformed problems are refused by every entry point. */
static void
test_req11_malformed(void **state)
{
	(void)state;
	int32_t of[4];
	int64_t total;
	int32_t matched;
	int32_t cap[2] = {1, 1};
	int64_t first[3] = {0, 1, 2};
	int32_t mentor[2] = {0, 1};
	int64_t cost[2] = {1, 2};
	struct assign_problem ok = {2, 2, cap, first, mentor, cost};
	assert_int_equal(assign_check(&ok), ERR_OK);

	struct assign_problem p = ok;
	p.nmentees = -1;
	assert_int_equal(assign_solve(&p, of, &total, &matched), ERR_BAD_INPUT);
	p = ok;
	p.nmentors = -1;
	assert_int_equal(assign_solve(&p, of, &total, &matched), ERR_BAD_INPUT);

	int32_t negcap[2] = {1, -1};
	p = ok;
	p.capacity = negcap;
	assert_int_equal(assign_solve(&p, of, &total, &matched), ERR_BAD_INPUT);
	assert_int_equal(assign_stable(&p, of), ERR_BAD_INPUT);

	int64_t badfirst[3] = {1, 1, 2};
	p = ok;
	p.first = badfirst;
	assert_int_equal(assign_check(&p), ERR_BAD_INPUT);
	int64_t decreasing[3] = {0, 2, 1};
	p.first = decreasing;
	assert_int_equal(assign_solve(&p, of, &total, &matched), ERR_BAD_INPUT);

	int32_t out_of_range[2] = {0, 2};
	p = ok;
	p.mentor = out_of_range;
	assert_int_equal(assign_solve(&p, of, &total, &matched), ERR_BAD_INPUT);
	int32_t negative[2] = {-1, 0};
	p.mentor = negative;
	assert_int_equal(assign_stable(&p, of), ERR_BAD_INPUT);

	int64_t first_rep[3] = {0, 2, 2};
	int32_t repeated[2] = {1, 1};
	p = ok;
	p.first = first_rep;
	p.mentor = repeated;
	assert_int_equal(assign_solve(&p, of, &total, &matched), ERR_BAD_INPUT);

	int64_t negcost[2] = {-1, 0};
	p = ok;
	p.cost = negcost;
	assert_int_equal(assign_solve(&p, of, &total, &matched), ERR_BAD_INPUT);
	int64_t bigcost[2] = {0, (int64_t)ASSIGN_COST_MAX + 1};
	p.cost = bigcost;
	assert_int_equal(assign_solve(&p, of, &total, &matched), ERR_BAD_INPUT);

	p = ok;
	p.first = NULL;
	assert_int_equal(assign_check(&p), ERR_BAD_INPUT);
	p = ok;
	p.capacity = NULL;
	assert_int_equal(assign_check(&p), ERR_BAD_INPUT);
}

/* ---- stable mode ---- */

/* REQ-11 stable mode: no blocking pair (by the independent check), valid,
 * and each mentee as well off as in any stable assignment. */
static void
test_req11_stable_no_blocking(void **state)
{
	(void)state;
	static struct inst t;
	struct brute b;
	int32_t of[MAXN];
	for (int round = 0; round < 400; round++) {
		int32_t n = (int32_t)rnd(7), m = 1 + (int32_t)rnd(4);
		make(&t, n, m, 3, 20 + (int)rnd(81), false);
		assert_int_equal(assign_stable(&t.p, of), ERR_OK);
		check_valid(&t, of, -1, 0);
		assert_int_equal(blocking_brute(&t, of), 0);
		assert_int_equal(assign_blocking(&t.p, of, NULL, 0), 0);
		brute(&b, &t, true);
		assert_true(b.nstable > 0);
		for (int32_t i = 0; i < n; i++)
			if (of[i] != b.best_stable[i])
				fail_msg("round %d: mentee %d got %d, best stable %d", round, i,
				    of[i], b.best_stable[i]);
	}
	/* medium ones: the check only */
	for (int round = 0; round < 200; round++) {
		make(&t, 10 + (int32_t)rnd(55), 2 + (int32_t)rnd(30), 1 + (int32_t)rnd(4),
		    5 + (int)rnd(80), false);
		assert_int_equal(assign_stable(&t.p, of), ERR_OK);
		check_valid(&t, of, -1, 0);
		assert_int_equal(blocking_brute(&t, &of[0]), 0);
	}
}

/* assign_blocking counts what the independent check counts, on random
 * assignments (mostly unstable), and lists them. */
static void
test_req11_blocking_agrees(void **state)
{
	(void)state;
	static struct inst t;
	int32_t of[MAXN], load[MAXM];
	struct assign_pair out[MAXN * MAXM];
	size_t total_pairs = 0;
	for (int round = 0; round < 400; round++) {
		make(&t, (int32_t)rnd(30), 1 + (int32_t)rnd(10), 3, 20 + (int)rnd(81), false);
		memset(load, 0, sizeof load);
		for (int32_t i = 0; i < t.n; i++) {
			of[i] = -1;
			int32_t j = (int32_t)rnd((uint32_t)t.m);
			if (rnd(3) != 0 && t.c[i][j] >= 0 && load[j] < t.capacity[j]) {
				of[i] = j;
				load[j]++;
			}
		}
		if (round % 4 == 0)
			assert_int_equal(assign_solve(&t.p, of, &(int64_t){0}, NULL), ERR_OK);
		size_t want = blocking_brute(&t, of);
		assert_int_equal(assign_blocking(&t.p, of, NULL, 0), want);
		size_t got = assign_blocking(&t.p, of, out, MAXN * MAXM);
		assert_int_equal(got, want);
		for (size_t k = 0; k < got; k++) {
			int32_t i = out[k].mentee, j = out[k].mentor;
			assert_true(t.c[i][j] >= 0);
			assert_true(mentee_prefers(&t, of, i, j));
		}
		/* a short buffer gets the first ones and the full count */
		if (got > 1)
			assert_int_equal(assign_blocking(&t.p, of, out, 1), got);
		total_pairs += got;
	}
	assert_true(total_pairs > 100);     /* the test saw blocking pairs */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_brute),
		cmocka_unit_test(test_req11_brute_force),
		cmocka_unit_test(test_req11_reference),
		cmocka_unit_test(test_req11_square),
		cmocka_unit_test(test_req11_spare_places),
		cmocka_unit_test(test_req11_assign100),
		cmocka_unit_test(test_req11_edges),
		cmocka_unit_test(test_req11_malformed),
		cmocka_unit_test(test_req11_stable_no_blocking),
		cmocka_unit_test(test_req11_blocking_agrees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
