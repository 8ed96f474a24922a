/* bench/match/lemon.cc - runs LEMON's NetworkSimplex (the reference) on one benchmark instance: objective, matched, solve ms. */
/*
 * usage: lemon INSTANCE [SEED]    (instances: bench/match/gen.h)
 * The model of docs/internals/cohort-matching.md: each mentee supplies 1,
 * the sink takes n; mentee -> mentor (1, cost), mentor -> sink (its
 * capacity), mentee -> sink (1, penalty n * Cmax + 1).  The time covers
 * NetworkSimplex's construction (it copies the graph into its own
 * arrays) and run(); generating the instance and building the
 * SmartDigraph (the equivalent of our reading the CSR) are outside it.
 * The CSR is freed once the graph is built.
 */
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include "gen.h"

static double
now_ms()
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	using namespace lemon;
	if (argc < 2) {
		std::fprintf(stderr, "usage: lemon INSTANCE [SEED]\n");
		return 2;
	}
	gen_instance g;
	uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
	if (gen_make(argv[1], seed, &g) != 0) {
		std::fprintf(stderr, "lemon: unknown instance %s\n", argv[1]);
		return 2;
	}
	int32_t n = g.n, m = g.m;
	SmartDigraph dg;
	dg.reserveNode(n + m + 1);
	dg.reserveArc(g.narcs + n + m);
	for (int32_t v = 0; v < n + m + 1; v++)
		dg.addNode();
	SmartDigraph::Node sink = dg.nodeFromId(n + m);
	int64_t cmax = 0;
	for (int64_t a = 0; a < g.narcs; a++)
		cmax = g.cost[a] > cmax ? g.cost[a] : cmax;
	int64_t penalty = (int64_t)n * cmax + 1;
	SmartDigraph::ArcMap<int64_t> cap(dg), cost(dg);
	for (int32_t i = 0; i < n; i++)
		for (int64_t a = g.first[i]; a < g.first[i + 1]; a++) {
			SmartDigraph::Arc e = dg.addArc(dg.nodeFromId(i), dg.nodeFromId(n + g.mentor[a]));
			cap[e] = 1;
			cost[e] = g.cost[a];
		}
	int firstpen = -1;
	for (int32_t i = 0; i < n; i++) {
		SmartDigraph::Arc e = dg.addArc(dg.nodeFromId(i), sink);
		if (i == 0)
			firstpen = dg.id(e);
		cap[e] = 1;
		cost[e] = penalty;
	}
	for (int32_t j = 0; j < m; j++) {
		SmartDigraph::Arc e = dg.addArc(dg.nodeFromId(n + j), sink);
		cap[e] = g.capacity[j];
		cost[e] = 0;
	}
	SmartDigraph::NodeMap<int64_t> supply(dg, 1);
	for (int32_t j = 0; j < m; j++)
		supply[dg.nodeFromId(n + j)] = 0;
	supply[sink] = -(int64_t)n;
	gen_free(&g);

	double t0 = now_ms();
	NetworkSimplex<SmartDigraph, int64_t, int64_t> ns(dg);
	ns.upperMap(cap).costMap(cost).supplyMap(supply);
	if (ns.run() != NetworkSimplex<SmartDigraph, int64_t, int64_t>::OPTIMAL) {
		std::fprintf(stderr, "lemon: not optimal\n");
		return 1;
	}
	double t1 = now_ms();
	int64_t unmatched = 0;
	for (int32_t i = 0; i < n; i++)
		unmatched += ns.flow(dg.arcFromId(firstpen + i));
	int64_t total = ns.totalCost<int64_t>() - penalty * unmatched;
	std::printf("objective=%lld matched=%lld ms=%.1f\n", (long long)total,
	    (long long)(n - unmatched), t1 - t0);
	return 0;
}
