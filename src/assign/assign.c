/*
 * assign.c - the cohort matching solver (assign.h).
 *
 * First version: successive shortest paths with a Bellman-Ford (queue)
 * search on the residual network source -> mentee -> mentor -> sink, one
 * mentee per augmentation.  Exact, and simple enough to trust; slow on
 * large instances (see docs/performance.md for what replaces it).
 */
#include "assign/assign.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>


enum err
assign_check(const struct assign_problem *p)
{
	if (p->nmentees < 0 || p->nmentors < 0)
		return ERR_BAD_INPUT;
	if (p->nmentees > 0 && (!p->first || p->first[0] != 0))
		return ERR_BAD_INPUT;
	for (int32_t j = 0; j < p->nmentors; j++)
		if (p->capacity[j] < 0)
			return ERR_BAD_INPUT;
	int32_t *seen = NULL;
	if (p->nmentors > 0) {
		seen = malloc((size_t)p->nmentors * sizeof *seen);
		if (!seen)
			abort();
		for (int32_t j = 0; j < p->nmentors; j++)
			seen[j] = -1;
	}
	enum err e = ERR_OK;
	for (int32_t i = 0; i < p->nmentees && e == ERR_OK; i++) {
		if (p->first[i + 1] < p->first[i]) {
			e = ERR_BAD_INPUT;
			break;
		}
		for (int64_t a = p->first[i]; a < p->first[i + 1]; a++) {
			int32_t j = p->mentor[a];
			if (j < 0 || j >= p->nmentors || seen[j] == i ||
			    p->cost[a] < 0 || p->cost[a] > ASSIGN_COST_MAX) {
				e = ERR_BAD_INPUT;
				break;
			}
			seen[j] = i;
		}
	}
	free(seen);
	return e;
}

/* ---- optimum: successive shortest paths ---- */

struct edge {
	int32_t to;
	int32_t cap;
	int64_t cost;
};

enum err
assign_solve(const struct assign_problem *p, int32_t *mentor_of, int64_t *total,
    int32_t *matched)
{
	enum err e = assign_check(p);
	if (e != ERR_OK)
		return e;
	int32_t n = p->nmentees, m = p->nmentors;
	int64_t narcs = n > 0 ? p->first[n] : 0;
	/* nodes: 0 source, 1..n mentees, n+1..n+m mentors, n+m+1 sink;
	 * edges in pairs (e, e^1 its reverse) */
	int32_t nodes = n + m + 2, src = 0, sink = n + m + 1;
	size_t nedges = 2 * ((size_t)n + (size_t)narcs + (size_t)m);
	struct edge *ed = calloc(nedges ? nedges : 1, sizeof *ed);
	int64_t *head = malloc((size_t)nodes * sizeof *head);
	int64_t *next = malloc((nedges ? nedges : 1) * sizeof *next);
	int64_t *dist = malloc((size_t)nodes * sizeof *dist);
	int64_t *via = malloc((size_t)nodes * sizeof *via);
	int32_t *queue = malloc(((size_t)nodes + 1) * sizeof *queue);
	bool *inq = calloc((size_t)nodes, sizeof *inq);
	if (!ed || !head || !next || !dist || !via || !queue || !inq)
		abort();
	for (int32_t v = 0; v < nodes; v++)
		head[v] = -1;
	size_t ne = 0;
#define ADD(u, v, c, w) do { \
		ed[ne] = (struct edge){(v), (c), (w)}; next[ne] = head[u]; head[u] = (int64_t)ne++; \
		ed[ne] = (struct edge){(u), 0, -(w)}; next[ne] = head[v]; head[v] = (int64_t)ne++; \
	} while (0)
	for (int32_t i = 0; i < n; i++)
		ADD(src, 1 + i, 1, 0);
	int64_t first_arc_edge = (int64_t)ne;
	for (int32_t i = 0; i < n; i++)
		for (int64_t a = p->first[i]; a < p->first[i + 1]; a++)
			ADD(1 + i, 1 + n + p->mentor[a], 1, p->cost[a]);
	for (int32_t j = 0; j < m; j++)
		ADD(1 + n + j, sink, p->capacity[j], 0);
#undef ADD

	for (;;) {
		for (int32_t v = 0; v < nodes; v++) {
			dist[v] = INT64_MAX;
			via[v] = -1;
		}
		size_t qh = 0, qt = 0, qcap = (size_t)nodes + 1;
		dist[src] = 0;
		queue[qt++] = src;
		inq[src] = true;
		while (qh != qt) {
			int32_t u = queue[qh];
			qh = (qh + 1) % qcap;
			inq[u] = false;
			for (int64_t k = head[u]; k >= 0; k = next[k]) {
				if (ed[k].cap <= 0)
					continue;
				int32_t v = ed[k].to;
				if (dist[u] + ed[k].cost < dist[v]) {
					dist[v] = dist[u] + ed[k].cost;
					via[v] = k;
					if (!inq[v]) {
						queue[qt] = v;
						qt = (qt + 1) % qcap;
						inq[v] = true;
					}
				}
			}
		}
		if (dist[sink] == INT64_MAX)
			break;
		for (int32_t v = sink; v != src; v = ed[via[v] ^ 1].to) {
			ed[via[v]].cap--;
			ed[via[v] ^ 1].cap++;
		}
	}

	int64_t sum = 0;
	int32_t count = 0;
	int64_t k = first_arc_edge;
	for (int32_t i = 0; i < n; i++) {
		mentor_of[i] = -1;
		for (int64_t a = p->first[i]; a < p->first[i + 1]; a++, k += 2)
			if (ed[k].cap == 0) {
				mentor_of[i] = p->mentor[a];
				sum += p->cost[a];
				count++;
			}
	}
	*total = sum;
	if (matched)
		*matched = count;
	free(ed);
	free(head);
	free(next);
	free(dist);
	free(via);
	free(queue);
	free(inq);
	return ERR_OK;
}

/* ---- stable mode ---- */

/* The cost of pair (i, j), or -1 when it is not allowed. */
static int64_t
pair_cost(const struct assign_problem *p, int32_t i, int32_t j)
{
	for (int64_t a = p->first[i]; a < p->first[i + 1]; a++)
		if (p->mentor[a] == j)
			return p->cost[a];
	return -1;
}

/* Whether mentor j prefers mentee i (cost ci) to mentee k (cost ck). */
static bool
mentor_prefers(int32_t i, int64_t ci, int32_t k, int64_t ck)
{
	return ci < ck || (ci == ck && i < k);
}

static int
cmp_arc(const void *x, const void *y, const int64_t *cost, const int32_t *mentor)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	if (cost[a] != cost[b])
		return cost[a] < cost[b] ? -1 : 1;
	return (mentor[a] > mentor[b]) - (mentor[a] < mentor[b]);
}

enum err
assign_stable(const struct assign_problem *p, int32_t *mentor_of)
{
	enum err e = assign_check(p);
	if (e != ERR_OK)
		return e;
	int32_t n = p->nmentees, m = p->nmentors;
	int64_t narcs = n > 0 ? p->first[n] : 0;
	/* each mentee's arcs in preference order */
	int64_t *order = malloc((narcs ? (size_t)narcs : 1) * sizeof *order);
	int64_t *nextp = malloc((n ? (size_t)n : 1) * sizeof *nextp);
	int32_t *held = malloc((m ? (size_t)m : 1) * sizeof *held);   /* count held */
	/* mentor j's held mentees: a simple array of capacity[j] slots */
	int64_t *slot0 = malloc(((size_t)m + 1) * sizeof *slot0);
	int32_t *stack = malloc((n ? (size_t)n : 1) * sizeof *stack);
	if (!order || !nextp || !held || !slot0 || !stack)
		abort();
	slot0[0] = 0;
	for (int32_t j = 0; j < m; j++)
		slot0[j + 1] = slot0[j] + p->capacity[j];
	int32_t *slots = malloc((slot0[m] ? (size_t)slot0[m] : 1) * sizeof *slots);
	int64_t *slotcost = malloc((slot0[m] ? (size_t)slot0[m] : 1) * sizeof *slotcost);
	if (!slots || !slotcost)
		abort();
	for (int64_t a = 0; a < narcs; a++)
		order[a] = a;
	for (int32_t i = 0; i < n; i++) {
		/* insertion sort per row: rows are short in practice */
		for (int64_t x = p->first[i] + 1; x < p->first[i + 1]; x++) {
			int64_t v = order[x], y = x;
			while (y > p->first[i] && cmp_arc(&order[y - 1], &v, p->cost, p->mentor) > 0) {
				order[y] = order[y - 1];
				y--;
			}
			order[y] = v;
		}
		nextp[i] = p->first[i];
		mentor_of[i] = -1;
	}
	memset(held, 0, (m ? (size_t)m : 1) * sizeof *held);
	int32_t top = 0;
	for (int32_t i = n - 1; i >= 0; i--)
		stack[top++] = i;
	while (top > 0) {
		int32_t i = stack[--top];
		while (nextp[i] < p->first[i + 1]) {
			int64_t a = order[nextp[i]++];
			int32_t j = p->mentor[a];
			int64_t c = p->cost[a];
			if (p->capacity[j] == 0)
				continue;
			int32_t *s = slots + slot0[j];
			int64_t *sc = slotcost + slot0[j];
			if (held[j] < p->capacity[j]) {
				s[held[j]] = i;
				sc[held[j]] = c;
				held[j]++;
				mentor_of[i] = j;
				break;
			}
			/* full: find the least preferred held mentee */
			int32_t worst = 0;
			for (int32_t k = 1; k < held[j]; k++)
				if (mentor_prefers(s[worst], sc[worst], s[k], sc[k]))
					worst = k;
			if (mentor_prefers(i, c, s[worst], sc[worst])) {
				int32_t out = s[worst];
				mentor_of[out] = -1;
				stack[top++] = out;
				s[worst] = i;
				sc[worst] = c;
				mentor_of[i] = j;
				break;
			}
		}
	}
	free(order);
	free(nextp);
	free(held);
	free(slot0);
	free(stack);
	free(slots);
	free(slotcost);
	return ERR_OK;
}

size_t
assign_blocking(const struct assign_problem *p, const int32_t *mentor_of,
    struct assign_pair *out, size_t max)
{
	int32_t n = p->nmentees, m = p->nmentors;
	/* per mentor: how many held and the least preferred (mentee, cost) */
	int32_t *held = calloc(m ? (size_t)m : 1, sizeof *held);
	int32_t *worst = malloc((m ? (size_t)m : 1) * sizeof *worst);
	int64_t *worstcost = malloc((m ? (size_t)m : 1) * sizeof *worstcost);
	int64_t *mycost = malloc((n ? (size_t)n : 1) * sizeof *mycost);
	if (!held || !worst || !worstcost || !mycost)
		abort();
	for (int32_t i = 0; i < n; i++) {
		mycost[i] = -1;
		int32_t j = mentor_of[i];
		if (j < 0 || j >= m)
			continue;
		int64_t c = pair_cost(p, i, j);
		mycost[i] = c;
		if (held[j] == 0 || mentor_prefers(worst[j], worstcost[j], i, c)) {
			worst[j] = i;
			worstcost[j] = c;
		}
		held[j]++;
	}
	size_t count = 0;
	for (int32_t i = 0; i < n; i++)
		for (int64_t a = p->first[i]; a < p->first[i + 1]; a++) {
			int32_t j = p->mentor[a];
			int64_t c = p->cost[a];
			if (j == mentor_of[i])
				continue;
			bool mentee_wants = mentor_of[i] < 0 || c < mycost[i] ||
			    (c == mycost[i] && j < mentor_of[i]);
			if (!mentee_wants || p->capacity[j] == 0)
				continue;
			bool mentor_wants = held[j] < p->capacity[j] ||
			    mentor_prefers(i, c, worst[j], worstcost[j]);
			if (!mentor_wants)
				continue;
			if (count < max)
				out[count] = (struct assign_pair){i, j};
			count++;
		}
	free(held);
	free(worst);
	free(worstcost);
	free(mycost);
	return count;
}
