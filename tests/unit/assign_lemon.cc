/*
 * assign_lemon.cc - the cohort matching solver (REQ-11) against LEMON's
 * NetworkSimplex on medium random instances: the same matched count and
 * the same total on every one.  LEMON solves the model of
 * docs/internals/cohort-matching.md: each mentee supplies 1 and the sink
 * takes n; mentee -> mentor (capacity 1, the pair's cost), mentor -> sink
 * (the mentor's capacity), mentee -> sink (capacity 1, a penalty larger
 * than any path's cost), minimised.
 *
 * Also spare places (capacity 6 for 5 mentees per mentor: the auction
 * with dummies), mentees nobody may take, and too few places (the
 * auction with "unmatched" objects).
 *
 * Built only when the LEMON headers are there (CMakeLists.txt); plain
 * asserts, fixed seeds, a line per instance.
 */
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

extern "C" {
#include "assign/assign.h"
}

namespace {

uint64_t rng_state;

uint32_t
rnd(uint32_t below)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return below ? (uint32_t)(rng_state % below) : 0;
}

enum costs { UNIFORM, CONTENTION, HUGE_COSTS, TIES };

struct instance {
	int32_t n = 0, m = 0;
	std::vector<int32_t> capacity, mentor;
	std::vector<int64_t> first, cost;
};

/* n mentees, m mentors of capacity cap (or 0..cap when vary), deg allowed
 * mentors each (m: every pair). */
instance
make(uint64_t seed, int32_t n, int32_t m, int32_t cap, bool vary, int32_t deg, costs kind)
{
	rng_state = seed * 0x9e3779b97f4a7c15u + 1;
	instance t;
	t.n = n;
	t.m = m;
	std::vector<int32_t> popularity(m);
	for (int32_t j = 0; j < m; j++) {
		t.capacity.push_back(vary ? (int32_t)rnd(cap + 1) : cap);
		popularity[j] = (int32_t)rnd(900);
	}
	std::vector<int32_t> order(m);
	for (int32_t j = 0; j < m; j++)
		order[j] = j;
	t.first.push_back(0);
	for (int32_t i = 0; i < n; i++) {
		for (int32_t q = 0; q < deg; q++) {   /* a partial shuffle */
			int32_t r = q + (int32_t)rnd(m - q);
			std::swap(order[q], order[r]);
			int32_t j = order[q];
			int64_t c = 0;
			switch (kind) {
			case UNIFORM: c = rnd(1001); break;
			case CONTENTION: c = popularity[j] + rnd(101); break;
			case HUGE_COSTS: c = ASSIGN_COST_MAX - (int64_t)rnd(1000); break;
			case TIES: c = rnd(3); break;
			}
			t.mentor.push_back(j);
			t.cost.push_back(c);
		}
		t.first.push_back((int64_t)t.mentor.size());
	}
	return t;
}

void
lemon_solve(const instance &t, int32_t *matched, int64_t *total)
{
	using namespace lemon;
	SmartDigraph g;
	std::vector<SmartDigraph::Node> mentee(t.n), mentor(t.m);
	for (auto &v : mentee)
		v = g.addNode();
	for (auto &v : mentor)
		v = g.addNode();
	SmartDigraph::Node sink = g.addNode();
	SmartDigraph::ArcMap<int64_t> cap(g), cost(g);
	SmartDigraph::NodeMap<int64_t> supply(g, 0);
	int64_t cmax = 0;
	for (int64_t c : t.cost)
		cmax = c > cmax ? c : cmax;
	int64_t penalty = (int64_t)t.n * cmax + 1;
	std::vector<SmartDigraph::Arc> unassigned(t.n);
	for (int32_t i = 0; i < t.n; i++) {
		supply[mentee[i]] = 1;
		for (int64_t a = t.first[i]; a < t.first[i + 1]; a++) {
			SmartDigraph::Arc e = g.addArc(mentee[i], mentor[t.mentor[a]]);
			cap[e] = 1;
			cost[e] = t.cost[a];
		}
		unassigned[i] = g.addArc(mentee[i], sink);
		cap[unassigned[i]] = 1;
		cost[unassigned[i]] = penalty;
	}
	for (int32_t j = 0; j < t.m; j++) {
		SmartDigraph::Arc e = g.addArc(mentor[j], sink);
		cap[e] = t.capacity[j];
		cost[e] = 0;
	}
	supply[sink] = -(int64_t)t.n;
	NetworkSimplex<SmartDigraph, int64_t, int64_t> ns(g);
	ns.upperMap(cap).costMap(cost).supplyMap(supply);
	if (ns.run() != NetworkSimplex<SmartDigraph, int64_t, int64_t>::OPTIMAL) {
		std::fprintf(stderr, "LEMON: not optimal\n");
		std::exit(1);
	}
	int32_t unmatched = 0;
	for (int32_t i = 0; i < t.n; i++)
		unmatched += (int32_t)ns.flow(unassigned[i]);
	*matched = t.n - unmatched;
	*total = ns.totalCost<int64_t>() - penalty * unmatched;
}

int failures = 0;

void
check(const char *name, const instance &t)
{
	std::vector<int32_t> of(t.n > 0 ? t.n : 1);
	assign_problem p = {t.n, t.m, t.capacity.data(), t.first.data(), t.mentor.data(),
	    t.cost.data()};
	int64_t total = -1, ltotal = -1;
	int32_t matched = -1, lmatched = -1;
	if (assign_solve(&p, of.data(), &total, &matched) != ERR_OK) {
		std::printf("not ok - %s: assign_solve failed\n", name);
		failures++;
		return;
	}
	lemon_solve(t, &lmatched, &ltotal);
	/* validity: allowed pairs only, capacities kept */
	std::vector<int32_t> load(t.m, 0);
	int64_t sum = 0;
	int32_t count = 0;
	bool valid = true;
	for (int32_t i = 0; i < t.n; i++) {
		if (of[i] < 0)
			continue;
		bool allowed = false;
		for (int64_t a = t.first[i]; a < t.first[i + 1]; a++)
			if (t.mentor[a] == of[i]) {
				allowed = true;
				sum += t.cost[a];
			}
		valid = valid && allowed && ++load[of[i]] <= t.capacity[of[i]];
		count++;
	}
	bool same = matched == lmatched && total == ltotal && sum == total && count == matched;
	std::printf("%s - %s: ours (%d, %" PRId64 "), LEMON (%d, %" PRId64 ")\n",
	    same && valid ? "ok" : "not ok", name, matched, total, lmatched, ltotal);
	if (!same || !valid)
		failures++;
}

/* The same instance with every `every`-th mentee's allowed pairs gone
 * (nobody may take them: they stay unmatched). */
instance
lonely(instance t, int32_t every)
{
	std::vector<int32_t> mentor;
	std::vector<int64_t> first{0}, cost;
	for (int32_t i = 0; i < t.n; i++) {
		if (i % every != every - 1)
			for (int64_t a = t.first[i]; a < t.first[i + 1]; a++) {
				mentor.push_back(t.mentor[a]);
				cost.push_back(t.cost[a]);
			}
		first.push_back((int64_t)mentor.size());
	}
	t.mentor = mentor;
	t.first = first;
	t.cost = cost;
	return t;
}

}  // namespace

int
main()
{
	char name[128];
	for (uint64_t seed = 1; seed <= 4; seed++) {
		std::snprintf(name, sizeof name, "300x60 cap 5, 30 allowed, uniform (seed %d)", (int)seed);
		check(name, make(seed, 300, 60, 5, false, 30, UNIFORM));
		std::snprintf(name, sizeof name, "300x60 cap 5, 30 allowed, contention (seed %d)", (int)seed);
		check(name, make(seed, 300, 60, 5, false, 30, CONTENTION));
		std::snprintf(name, sizeof name, "dense 200x50 cap 4, uniform (seed %d)", (int)seed);
		check(name, make(seed, 200, 50, 4, false, 50, UNIFORM));
		std::snprintf(name, sizeof name, "dense 200x50 cap 4, contention (seed %d)", (int)seed);
		check(name, make(seed, 200, 50, 4, false, 50, CONTENTION));
		std::snprintf(name, sizeof name, "400x60 cap 0-8, 4 allowed, contention (seed %d)", (int)seed);
		check(name, make(seed, 400, 60, 8, true, 4, CONTENTION));
		std::snprintf(name, sizeof name, "300x40 cap 5 (too few places), 20 allowed (seed %d)", (int)seed);
		check(name, make(seed, 300, 40, 5, false, 20, UNIFORM));
		std::snprintf(name, sizeof name, "250x50 cap 0-9, 10 allowed, costs near the maximum (seed %d)", (int)seed);
		check(name, make(seed, 250, 50, 9, true, 10, HUGE_COSTS));
		std::snprintf(name, sizeof name, "300x70 cap 0-6, 15 allowed, costs 0-2 (seed %d)", (int)seed);
		check(name, make(seed, 300, 70, 6, true, 15, TIES));
		/* spare places, the real schemes' case (the auction with
		 * dummies), and not everyone placeable (with "unmatched") */
		std::snprintf(name, sizeof name, "300x60 cap 6 (20%% spare), 30 allowed, uniform (seed %d)", (int)seed);
		check(name, make(seed, 300, 60, 6, false, 30, UNIFORM));
		std::snprintf(name, sizeof name, "300x60 cap 6 (20%% spare), 30 allowed, contention (seed %d)", (int)seed);
		check(name, make(seed, 300, 60, 6, false, 30, CONTENTION));
		std::snprintf(name, sizeof name, "dense 200x50 cap 5 (25%% spare), contention (seed %d)", (int)seed);
		check(name, make(seed, 200, 50, 5, false, 50, CONTENTION));
		std::snprintf(name, sizeof name, "2000x400 cap 6 (20%% spare), 50 allowed, contention (seed %d)", (int)seed);
		check(name, make(seed, 2000, 400, 6, false, 50, CONTENTION));
		std::snprintf(name, sizeof name, "300x60 cap 6, every 10th mentee with no allowed pair, contention (seed %d)", (int)seed);
		check(name, lonely(make(seed, 300, 60, 6, false, 30, CONTENTION), 10));
		std::snprintf(name, sizeof name, "300x60 cap 4 (too few places), 30 allowed, contention (seed %d)", (int)seed);
		check(name, make(seed, 300, 60, 4, false, 30, CONTENTION));
		std::snprintf(name, sizeof name, "300x60 cap 0-12, 6 allowed, costs near the maximum (seed %d)", (int)seed);
		check(name, lonely(make(seed, 300, 60, 12, true, 6, HUGE_COSTS), 7));
	}
	std::printf("%s\n", failures ? "FAILED" : "all agree with LEMON");
	return failures ? 1 : 0;
}
