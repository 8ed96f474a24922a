/*
 * assign.c - the cohort matching solver (assign.h, REQ-11).
 *
 * The optimum is a min-cost flow: source -> mentee (1) -> allowed mentor
 * (1, the pair's cost) -> sink (the mentor's capacity), plus an
 * "unassigned" arc mentee -> sink of penalty P = min(n, places) * Cmax + 1,
 * so one more matched mentee always outweighs any difference in cost
 * (docs/internals/cohort-matching.md has the proof and the measurements
 * that chose this algorithm).
 *
 * Algorithms (docs/internals/cohort-matching.md): first Bertsekas'
 * auction with epsilon-scaling on the problem made square with dummies
 * (who take the places the optimum leaves free) and, when not everyone
 * can be placed, an "unmatched" object per mentee; when it gives up,
 * successive shortest paths with Dijkstra on reduced costs
 * (Jonker-Volgenant style).  In the latter only mentors carry a
 * potential v[j]; a matched mentee's potential is v[its mentor] - its
 * pair's cost (the matched arc has reduced cost 0), and the sink's is 0.
 * A mentor with a free place keeps v = 0, so reaching it ends a path at
 * once; a full mentor is settled from a binary heap and its mentees are
 * scanned at the same distance.  The search stops as soon as the heap's
 * smallest key is no better than the best path end found (a free mentor,
 * or unassigning a matched mentee for the penalty).  Only settled mentors
 * change potential (v += d - D), so one search costs what it explores.
 *
 * Every number is an int64; no floating point.  Memory beyond the
 * caller's CSR arrays: a few words per mentee, mentor and place.
 *
 * Traps: capacities may exceed the number of mentees (places are clamped
 * to the mentees allowed to take the mentor); a mentor's place list is
 * kept unordered (swap-remove); the auction's dummies are tokens (DUMMY)
 * in its queue and owners, not people.
 */
#include "assign/assign.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort();
	return p;
}

static void *
xmalloc(size_t n, size_t size)
{
	void *p = malloc((n ? n : 1) * size);
	if (!p)
		abort();
	return p;
}

enum err
assign_check(const struct assign_problem *p)
{
	if (!p || p->nmentees < 0 || p->nmentors < 0)
		return ERR_BAD_INPUT;
	if (p->nmentors > 0 && !p->capacity)
		return ERR_BAD_INPUT;
	if (p->nmentees > 0 && (!p->first || p->first[0] != 0))
		return ERR_BAD_INPUT;
	if (p->nmentees > 0 && p->first[p->nmentees] > 0 && (!p->mentor || !p->cost))
		return ERR_BAD_INPUT;
	for (int32_t j = 0; j < p->nmentors; j++)
		if (p->capacity[j] < 0)
			return ERR_BAD_INPUT;
	int32_t *seen = xmalloc((size_t)p->nmentors, sizeof *seen);
	for (int32_t j = 0; j < p->nmentors; j++)
		seen[j] = -1;
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

/* ---- optimum: successive shortest paths with potentials ---- */

struct solver {
	const struct assign_problem *p;
	int64_t penalty;
	int64_t *arc_of;      /* [n] the matched arc, or -1 */
	int32_t *slot_at;     /* [n] position in its mentor's place list */
	int64_t *place0;      /* [m + 1] where mentor j's places start */
	int32_t *places;      /* mentees held, place0[j] .. + load[j] */
	int32_t *load;        /* [m] */
	int32_t *room;        /* [m] places (capacity clamped to n) */
	int64_t *v;           /* [m] potential; 0 while the mentor has room */
	int64_t *dist;        /* [m] tentative distance (offset by the source's) */
	int32_t *from;        /* [m] the mentee it was reached from */
	int64_t *via;         /* [m] through which arc */
	uint8_t *state;       /* [m] 0 unseen, 1 in heap, 2 settled */
	int32_t *touched;     /* [m] mentors to reset after a search */
	int32_t *settled;     /* [m] mentors settled in this search */
	int32_t *heap;        /* [m] binary heap of mentors by dist */
	int32_t *hpos;        /* [m] position in heap */
	int32_t nheap, ntouched;
	/* phases (many sources at once) */
	int64_t *psrc;        /* [n] an unmatched mentee's potential */
	int32_t *sources;     /* [n] the unmatched mentees still to place */
	uint8_t *done;        /* [n] 1: best left unmatched, for good */
	int32_t *mark;        /* [m] phase stamp: visited by this phase's DFS */
	int32_t stamp;
	/* the DFS stack, one frame per mentee on the path */
	int32_t *fr_i, *fr_j, *fr_q;
	int64_t *fr_a, *fr_via;
};

static void
heap_up(struct solver *s, int32_t k)
{
	int32_t j = s->heap[k];
	int64_t d = s->dist[j];
	while (k > 0) {
		int32_t up = (k - 1) / 2;
		int32_t uj = s->heap[up];
		if (s->dist[uj] <= d)
			break;
		s->heap[k] = uj;
		s->hpos[uj] = k;
		k = up;
	}
	s->heap[k] = j;
	s->hpos[j] = k;
}

static int32_t
heap_pop(struct solver *s)
{
	int32_t top = s->heap[0];
	int32_t j = s->heap[--s->nheap];
	int64_t d = s->dist[j];
	int32_t k = 0, n = s->nheap;
	for (;;) {
		int32_t c = 2 * k + 1;
		if (c >= n)
			break;
		if (c + 1 < n && s->dist[s->heap[c + 1]] < s->dist[s->heap[c]])
			c++;
		if (s->dist[s->heap[c]] >= d)
			break;
		s->heap[k] = s->heap[c];
		s->hpos[s->heap[k]] = k;
		k = c;
	}
	if (n > 0) {
		s->heap[k] = j;
		s->hpos[j] = k;
	}
	return top;
}

/* Move mentee i onto mentor j through arc a (off its old mentor, whose
 * place the caller refills or frees). */
static void
place(struct solver *s, int32_t i, int32_t j, int64_t a)
{
	int64_t old = s->arc_of[i];
	if (old >= 0) {
		int32_t oj = s->p->mentor[old];
		int32_t *pl = s->places + s->place0[oj];
		int32_t last = pl[--s->load[oj]];
		pl[s->slot_at[i]] = last;
		s->slot_at[last] = s->slot_at[i];
	}
	s->arc_of[i] = a;
	if (a >= 0) {
		s->slot_at[i] = s->load[j];
		s->places[s->place0[j] + s->load[j]++] = i;
	}
}

/* Relax the arcs of mentee i, reached at distance di, whose potential is
 * pi; best/end track the cheapest path end (end >= 0: free mentor j;
 * end < 0: unassign mentee -end - 1). */
static inline void
scan_mentee(struct solver *s, int32_t i, int64_t di, int64_t pi, int64_t *best, int64_t *end)
{
	const struct assign_problem *p = s->p;
	int64_t base = di + pi;
	int64_t un = base + s->penalty;
	if (un < *best) {
		*best = un;
		*end = -(int64_t)i - 1;
	}
	for (int64_t a = p->first[i]; a < p->first[i + 1]; a++) {
		int32_t j = p->mentor[a];
		uint8_t st = s->state[j];
		if (st == 2)
			continue;
		int64_t d = base + p->cost[a] - s->v[j];
		if (s->load[j] < s->room[j]) {
			if (d < *best) {
				*best = d;
				*end = j;
				if (st == 0) {
					s->state[j] = 3;
					s->touched[s->ntouched++] = j;
				}
				s->from[j] = i;
				s->via[j] = a;
			}
			continue;
		}
		if (d >= *best)
			continue;
		if (st == 0) {
			s->state[j] = 1;
			s->touched[s->ntouched++] = j;
			s->dist[j] = d;
			s->from[j] = i;
			s->via[j] = a;
			s->heap[s->nheap] = j;
			heap_up(s, s->nheap++);
		} else if (d < s->dist[j]) {
			s->dist[j] = d;
			s->from[j] = i;
			s->via[j] = a;
			heap_up(s, s->hpos[j]);
		}
	}
}

/* Walk a path back from its end through from/via, moving each mentee
 * onto the mentor after it: end >= 0 is a free mentor, end < 0 unassigns
 * mentee -end - 1 (a source left unmatched for good: done). */
static void
augment_tree(struct solver *s, int64_t end)
{
	const struct assign_problem *p = s->p;
	int32_t j;
	if (end >= 0) {
		j = (int32_t)end;
	} else {
		int32_t i = (int32_t)(-end - 1);
		if (s->arc_of[i] < 0) {
			s->done[i] = 1;
			return;
		}
		j = p->mentor[s->arc_of[i]];
		place(s, i, -1, -1);
	}
	for (;;) {
		int32_t i = s->from[j];
		int64_t old = s->arc_of[i];
		place(s, i, j, s->via[j]);
		if (old < 0)
			break;
		j = p->mentor[old];
	}
}

/* A mentee's potential: a source's own, else its mentor's less its
 * pair's cost (the matched arc has reduced cost 0). */
static inline int64_t
pot(const struct solver *s, int32_t i)
{
	int64_t a = s->arc_of[i];
	return a < 0 ? s->psrc[i] : s->v[s->p->mentor[a]] - s->p->cost[a];
}

/* Depth-first search from source src for a path of reduced cost 0 to the
 * sink, through mentors not yet visited in this phase; augments along it.
 * Returns whether it found one. */
static bool
dfs_augment(struct solver *s, int32_t src)
{
	const struct assign_problem *p = s->p;
	int32_t top = 0;
	s->fr_i[0] = src;
	s->fr_a[0] = p->first[src];
	s->fr_j[0] = -1;
	if (s->penalty + s->psrc[src] == 0) {
		s->done[src] = 1;      /* leaving it unmatched is a shortest path */
		return true;
	}
	int64_t end = INT64_MIN, end_arc = -1;
	while (top >= 0) {
		int32_t i = s->fr_i[top];
		int32_t j = s->fr_j[top];
		if (j >= 0) {
			if (s->fr_q[top] < s->load[j]) {
				int32_t k = s->places[s->place0[j] + s->fr_q[top]++];
				top++;
				s->fr_i[top] = k;
				s->fr_a[top] = p->first[k];
				s->fr_j[top] = -1;
				if (s->penalty + pot(s, k) == 0) {
					end = -(int64_t)k - 1;
					break;
				}
				continue;
			}
			s->fr_j[top] = -1;
		}
		int64_t pi = pot(s, i);
		bool pushed = false;
		while (s->fr_a[top] < p->first[i + 1]) {
			int64_t a = s->fr_a[top]++;
			int32_t mj = p->mentor[a];
			if (s->mark[mj] == s->stamp || p->cost[a] + pi - s->v[mj] != 0)
				continue;
			s->mark[mj] = s->stamp;
			if (s->load[mj] < s->room[mj]) {
				end = mj;
				end_arc = a;
				break;
			}
			s->fr_j[top] = mj;
			s->fr_q[top] = 0;
			s->fr_via[top] = a;
			pushed = true;
			break;
		}
		if (end != INT64_MIN)
			break;
		if (!pushed)
			top--;
	}
	if (end == INT64_MIN)
		return false;
	/* frames 0..top: frame k's mentee moves along fr_via[k] to fr_j[k],
	 * whose mentee it displaces is frame k + 1's; the top one moves to
	 * the free mentor (or is unassigned) */
	if (end >= 0)
		place(s, s->fr_i[top], (int32_t)end, end_arc);
	else
		place(s, s->fr_i[top], -1, -1);
	for (int32_t k = top - 1; k >= 0; k--)
		place(s, s->fr_i[k], s->fr_j[k], s->fr_via[k]);
	return true;
}

/* One phase: Dijkstra from every unmatched mentee at once (each with its
 * own potential, so its best arc has reduced cost 0), potentials moved so
 * every shortest path has reduced cost 0, the tree path to the nearest
 * end augmented, then as many more paths of reduced cost 0 as a DFS
 * finds.  Returns how many sources remain. */
static int32_t
phase(struct solver *s, int32_t nsources)
{
	const struct assign_problem *p = s->p;
	int64_t best = INT64_MAX, end = INT64_MIN;
	s->nheap = 0;
	s->ntouched = 0;
	for (int32_t k = 0; k < nsources; k++) {
		int32_t i = s->sources[k];
		int64_t lo = s->penalty;
		for (int64_t a = p->first[i]; a < p->first[i + 1]; a++) {
			int64_t r = p->cost[a] - s->v[p->mentor[a]];
			if (r < lo)
				lo = r;
		}
		s->psrc[i] = -lo;
		scan_mentee(s, i, 0, s->psrc[i], &best, &end);
	}
	int32_t nsettled = 0;
	while (s->nheap > 0 && s->dist[s->heap[0]] < best) {
		int32_t j = heap_pop(s);
		s->state[j] = 2;
		s->settled[nsettled++] = j;
		int64_t dj = s->dist[j];
		const int32_t *pl = s->places + s->place0[j];
		for (int32_t q = 0; q < s->load[j]; q++) {
			int32_t i = pl[q];
			scan_mentee(s, i, dj, s->v[j] - p->cost[s->arc_of[i]], &best, &end);
		}
	}
	for (int32_t k = 0; k < nsettled; k++) {
		int32_t j = s->settled[k];
		s->v[j] += s->dist[j] - best;
	}
	for (int32_t k = 0; k < nsources; k++)
		s->psrc[s->sources[k]] -= best;
	augment_tree(s, end);
	for (int32_t k = 0; k < s->ntouched; k++)
		s->state[s->touched[k]] = 0;
	s->stamp++;
	int32_t left = 0;
	for (int32_t k = 0; k < nsources; k++) {
		int32_t i = s->sources[k];
		if (s->arc_of[i] >= 0 || s->done[i])
			continue;
		if (!dfs_augment(s, i))
			s->sources[left++] = i;
	}
	return left;
}

/* ---- the auction: epsilon-scaling over places, squared with dummies ---- */

/* Bertsekas' auction with epsilon-scaling on a square assignment problem
 * built from ours:
 *
 * - objects: every place (a mentor's places are identical objects with
 *   prices of their own; a bidder takes the cheapest), and, with
 *   `unmatched`, one private "unmatched" object per mentee at cost P;
 * - persons: every mentee with an allowed mentor that has room, plus as
 *   many dummies as there are more objects than mentees.  A dummy may
 *   take any object at cost 0, so the objects the dummies end up with
 *   are exactly the ones the optimum leaves free: spare places (and the
 *   unmatched objects of mentees who are placed).  The dummies are
 *   identical, so they are tokens, not people: a dummy bids for the
 *   cheapest object of all, found in a heap of object groups (a mentor's
 *   cheapest place; an unmatched object) keyed lazily, since prices only
 *   rise (a stored key is a lower bound; the root and its two children
 *   are refreshed before a dummy bids, which makes the second best exact).
 *
 * Costs are multiplied by (persons + 1); the last phase's epsilon of 1
 * leaves the total within persons * 1 < persons + 1 scaled units of the
 * optimum, so it is exactly optimal.  Every phase starts with nobody
 * assigned and the prices kept.  With `unmatched`, one more matched
 * mentee is worth P (assign_solve's penalty), so the count comes first.
 *
 * Without `unmatched` a perfect assignment of the mentees must exist.
 * That is not known beforehand: the first phase (epsilon large, close to
 * a greedy) finds one if there is one (later phases then always end);
 * if it does more than 64 bids per arc and object, or a price passes
 * 2^60, it gives up (false) and the caller tries again with `unmatched`
 * (always feasible), and after that falls back to successive shortest
 * paths, exact for every instance. */
#define CAND 4
#define DUMMY (-2)
#define PRICE_LIMIT ((int64_t)1 << 60)

struct auc {
	int32_t m;
	int64_t nplaces;
	int64_t *price;       /* [nplaces + n]: places, then mentee i's unmatched object */
	int64_t *minprice;    /* [m] the price of mentor j's cheapest place */
	int64_t *hkey;        /* the dummies' heap: a lower bound of the group's key */
	int32_t *hg;          /* group: mentor j < m, or unmatched object of mentee g - m */
	int32_t hn;
};

static inline int64_t
group_key(const struct auc *x, int32_t g)
{
	return g < x->m ? x->minprice[g] : x->price[x->nplaces + (g - x->m)];
}

static void
group_sift(struct auc *x, int32_t k)
{
	int64_t key = x->hkey[k];
	int32_t g = x->hg[k];
	for (;;) {
		int32_t c = 2 * k + 1;
		if (c >= x->hn)
			break;
		if (c + 1 < x->hn && x->hkey[c + 1] < x->hkey[c])
			c++;
		if (x->hkey[c] >= key)
			break;
		x->hkey[k] = x->hkey[c];
		x->hg[k] = x->hg[c];
		k = c;
	}
	x->hkey[k] = key;
	x->hg[k] = g;
}

/* Make heap position k hold a true key (stored keys only ever lag). */
static void
group_fix(struct auc *x, int32_t k)
{
	while (k < x->hn) {
		int64_t key = group_key(x, x->hg[k]);
		if (key == x->hkey[k])
			break;
		x->hkey[k] = key;
		group_sift(x, k);
	}
}

static bool
auction(const struct assign_problem *p, const int32_t *room, const int64_t *place0,
    int64_t cmax, int64_t penalty, bool unmatched, int64_t *arc_of)
{
	int32_t n = p->nmentees, m = p->nmentors;
	int64_t nplaces = place0[m];
	int32_t np = 0;
	for (int32_t i = 0; i < n; i++) {
		arc_of[i] = -1;
		for (int64_t a = p->first[i]; a < p->first[i + 1]; a++)
			if (room[p->mentor[a]] > 0) {
				np++;
				break;
			}
	}
	int64_t nobj = nplaces + (unmatched ? np : 0);
	if (np == 0)
		return true;
	if (nobj < np)
		return false;   /* too few places: not without `unmatched` */
	int64_t ndummy = nobj - np;
	int64_t scale = nobj + 1;    /* persons (mentees and dummies) + 1 */
	int64_t unit = unmatched ? penalty + cmax : cmax;
	if (unit > (PRICE_LIMIT / 4) / scale)
		return false;   /* keep every value below 2^62 */
	int64_t top = unit * scale > 0 ? unit * scale : 1;
	int64_t pen = penalty * scale;
	int64_t nall = nplaces + n;
	struct auc x = {.m = m, .nplaces = nplaces};
	x.price = xcalloc((size_t)nall, sizeof *x.price);
	x.minprice = xcalloc((size_t)m, sizeof *x.minprice);
	x.hkey = xcalloc((size_t)m + (size_t)n, sizeof *x.hkey);
	x.hg = xmalloc((size_t)m + (size_t)n, sizeof *x.hg);
	int32_t *owner = xmalloc((size_t)nall, sizeof *owner);
	int64_t *minslot = xmalloc((size_t)m, sizeof *minslot);
	size_t qcap = (size_t)nobj + 1;
	int32_t *queue = xmalloc(qcap, sizeof *queue);
	int32_t *persons = xmalloc((size_t)np, sizeof *persons);
	/* per mentee: its CAND best arcs at its last full scan, and the best
	 * value of any other arc then (a lower bound for ever after) */
	int64_t *cand = xmalloc((size_t)n * CAND, sizeof *cand);
	int64_t *bound = xmalloc((size_t)n, sizeof *bound);
	for (size_t k = 0; k < (size_t)n * CAND; k++)
		cand[k] = -1;
	np = 0;
	for (int32_t i = 0; i < n; i++) {
		bound[i] = INT64_MIN;
		for (int64_t a = p->first[i]; a < p->first[i + 1]; a++)
			if (room[p->mentor[a]] > 0) {
				persons[np++] = i;
				break;
			}
	}
	/* the dummies' heap: every group at key 0 is a heap already */
	for (int32_t j = 0; j < m; j++) {
		minslot[j] = place0[j];
		if (room[j] > 0)
			x.hg[x.hn++] = j;
	}
	for (int32_t k = 0; unmatched && k < np; k++)
		x.hg[x.hn++] = m + persons[k];
	int64_t narcs = p->first[n];
	int64_t budget = 64 * (nobj + narcs) + 10000;   /* bids and arcs scanned */
	/* The first epsilon, by how much the mentees' first choices clash:
	 * when few would be turned away from their cheapest mentor (uniform
	 * costs), prices need little correction and a small start saves
	 * phases (u50s 16 ms instead of 26, udenses 115 instead of 200);
	 * under contention a small start makes a price war, so a quarter of
	 * the range.  Exactness does not depend on it. */
	int32_t *demand = xcalloc((size_t)m, sizeof *demand);
	int64_t turned_away = 0;
	for (int32_t k = 0; k < np; k++) {
		int32_t i = persons[k], bj = -1;
		int64_t bc = INT64_MAX;
		for (int64_t a = p->first[i]; a < p->first[i + 1]; a++)
			if (room[p->mentor[a]] > 0 && p->cost[a] < bc) {
				bc = p->cost[a];
				bj = p->mentor[a];
			}
		if (++demand[bj] > room[bj])
			turned_away++;
	}
	free(demand);
	int64_t start = turned_away * 5 < np ? 1024 : 4;
	bool first_phase = true, ok = true;
	int64_t eps = top / start > 1 ? top / start : 1;   /* measured: start and */
	for (;;) {
		for (int64_t q = 0; q < nall; q++)
			owner[q] = -1;
		size_t qh = 0, qt = 0;
		for (int32_t k = 0; k < np; k++) {
			queue[qt++] = persons[k];
			arc_of[persons[k]] = -1;
		}
		for (int64_t k = 0; k < ndummy; k++)
			queue[qt++] = DUMMY;
		int64_t work = 0;
		while (qh != qt) {
			int32_t i = queue[qh];
			qh = qh + 1 == qcap ? 0 : qh + 1;
			work++;
			if (first_phase && work > budget) {
				ok = false;
				goto out;
			}
			int64_t obj, w1, w2;
			int32_t j1 = -1;
			if (i == DUMMY) {
				/* the cheapest object of all, and the next cheapest */
				group_fix(&x, 0);
				group_fix(&x, 1);
				group_fix(&x, 2);
				int32_t g = x.hg[0];
				w1 = x.hkey[0];
				w2 = x.hn > 1 ? x.hkey[1] : INT64_MAX;
				if (x.hn > 2 && x.hkey[2] < w2)
					w2 = x.hkey[2];
				if (g < m) {
					j1 = g;
					obj = minslot[g];
					for (int64_t q = place0[g]; q < place0[g] + room[g]; q++)
						if (q != obj && x.price[q] < w2)
							w2 = x.price[q];
				} else {
					obj = nplaces + (g - m);
				}
			} else {
				/* best and second best value (cost + price) over
				 * places: from the cached candidates when they still
				 * beat the bound (prices only rise, so every other
				 * arc's value is at least the bound), else a full scan */
				int64_t best_arc = -1;
				w1 = INT64_MAX;
				w2 = INT64_MAX;
				int64_t *ca = cand + (size_t)i * CAND;
				for (int k = 0; k < CAND && ca[k] >= 0; k++) {
					int64_t a = ca[k];
					int64_t w = p->cost[a] * scale + x.minprice[p->mentor[a]];
					if (w < w1) {
						w2 = w1;
						w1 = w;
						best_arc = a;
					} else if (w < w2) {
						w2 = w;
					}
				}
				if (best_arc < 0 || w2 > bound[i]) {
					int64_t cw[CAND];
					int nc = 0;
					int64_t lb = INT64_MAX;
					work += p->first[i + 1] - p->first[i];
					for (int64_t a = p->first[i]; a < p->first[i + 1]; a++) {
						int32_t j = p->mentor[a];
						if (room[j] == 0)
							continue;
						int64_t w = p->cost[a] * scale + x.minprice[j];
						if (nc == CAND && w >= cw[CAND - 1]) {
							if (w < lb)
								lb = w;
							continue;
						}
						if (nc == CAND && cw[CAND - 1] < lb)
							lb = cw[CAND - 1];
						int k = nc < CAND ? nc++ : CAND - 1;
						while (k > 0 && cw[k - 1] > w) {
							cw[k] = cw[k - 1];
							ca[k] = ca[k - 1];
							k--;
						}
						cw[k] = w;
						ca[k] = a;
					}
					for (int k = nc; k < CAND; k++)
						ca[k] = -1;
					bound[i] = lb;
					best_arc = nc > 0 ? ca[0] : -1;
					w1 = nc > 0 ? cw[0] : INT64_MAX;
					w2 = nc > 1 ? cw[1] : lb;
				}
				int64_t wu = unmatched ? pen + x.price[nplaces + i] : INT64_MAX;
				if (wu < w1) {
					/* its own unmatched object is best */
					w2 = w1;
					w1 = wu;
					obj = nplaces + i;
					arc_of[i] = -1;
				} else {
					if (best_arc < 0) {
						ok = false;   /* cannot happen: i is in play */
						goto out;
					}
					if (wu < w2)
						w2 = wu;
					j1 = p->mentor[best_arc];
					obj = minslot[j1];
					/* the second cheapest place of j1 competes too */
					int64_t c1 = p->cost[best_arc] * scale;
					for (int64_t q = place0[j1]; q < place0[j1] + room[j1]; q++)
						if (q != obj && c1 + x.price[q] < w2)
							w2 = c1 + x.price[q];
					arc_of[i] = best_arc;
				}
			}
			if (w2 == INT64_MAX)
				w2 = w1 + top;   /* the only object it can have */
			x.price[obj] += w2 - w1 + eps;
			if (x.price[obj] > PRICE_LIMIT) {
				ok = false;
				goto out;
			}
			int32_t displaced = owner[obj];
			owner[obj] = i;
			if (displaced != -1) {
				if (displaced >= 0)
					arc_of[displaced] = -1;
				queue[qt] = displaced;
				qt = qt + 1 == qcap ? 0 : qt + 1;
			}
			if (j1 >= 0) {
				/* j1's cheapest place again */
				int64_t lo = place0[j1];
				for (int64_t q = place0[j1] + 1; q < place0[j1] + room[j1]; q++)
					if (x.price[q] < x.price[lo])
						lo = q;
				minslot[j1] = lo;
				x.minprice[j1] = x.price[lo];
			}
		}
		if (eps == 1)
			break;
		first_phase = false;
		eps = eps / 4 > 1 ? eps / 4 : 1;            /* factor 4 did best */
	}
out:
	free(x.price);
	free(x.minprice);
	free(x.hkey);
	free(x.hg);
	free(owner);
	free(minslot);
	free(queue);
	free(persons);
	free(cand);
	free(bound);
	return ok;
}

/* Whether an assignment can be extended: an alternating path from a
 * mentee left unmatched (who has an allowed mentor with room) to a
 * mentor with a free place (Berge: none means the count is the largest
 * possible).  One breadth-first search over the whole graph, O(arcs). */
static bool
augmentable(const struct assign_problem *p, const int32_t *room, const int64_t *arc_of)
{
	int32_t n = p->nmentees, m = p->nmentors;
	int32_t *load = xcalloc((size_t)m + 1, sizeof *load);
	int32_t *start = xcalloc((size_t)m + 1, sizeof *start);
	int32_t *held = xmalloc((size_t)n, sizeof *held);
	int32_t *queue = xmalloc((size_t)n, sizeof *queue);
	uint8_t *seen_i = xcalloc((size_t)n, sizeof *seen_i);
	uint8_t *seen_j = xcalloc((size_t)m, sizeof *seen_j);
	for (int32_t i = 0; i < n; i++)
		if (arc_of[i] >= 0)
			load[p->mentor[arc_of[i]]]++;
	for (int32_t j = 0; j < m; j++)
		start[j + 1] = start[j] + load[j];
	for (int32_t i = 0; i < n; i++)
		if (arc_of[i] >= 0) {
			int32_t j = p->mentor[arc_of[i]];
			held[start[j + 1] - load[j]--] = i;
		}
	/* load[] is 0 again; the loads are start[j + 1] - start[j] */
	int32_t qh = 0, qt = 0;
	for (int32_t i = 0; i < n; i++)
		if (arc_of[i] < 0) {
			seen_i[i] = 1;
			queue[qt++] = i;
		}
	bool found = false;
	while (qh < qt && !found) {
		int32_t i = queue[qh++];
		for (int64_t a = p->first[i]; a < p->first[i + 1]; a++) {
			int32_t j = p->mentor[a];
			if (room[j] == 0 || seen_j[j])
				continue;
			seen_j[j] = 1;
			if (start[j + 1] - start[j] < room[j]) {
				found = true;
				break;
			}
			for (int32_t q = start[j]; q < start[j + 1]; q++)
				if (!seen_i[held[q]]) {
					seen_i[held[q]] = 1;
					queue[qt++] = held[q];
				}
		}
	}
	free(load);
	free(start);
	free(held);
	free(queue);
	free(seen_i);
	free(seen_j);
	return found;
}

/* Which method solved an instance (for the tests and the benchmark). */
enum solve_method {
	SOLVE_AUTO,           /* as assign_solve: auction, else shortest paths */
	SOLVE_AUCTION,        /* the auction only (may give up: SOLVED_NONE) */
	SOLVE_PATHS,          /* successive shortest paths only */
};

enum solved_by {
	SOLVED_NONE,
	SOLVED_AUCTION,               /* every mentee in play placed */
	SOLVED_AUCTION_UNMATCHED,     /* with the "unmatched" objects */
	SOLVED_PATHS,
};

static enum err
solve(const struct assign_problem *p, enum solve_method method, int32_t *mentor_of,
    int64_t *total, int32_t *matched, enum solved_by *by)
{
	enum err e = assign_check(p);
	if (e != ERR_OK)
		return e;
	int32_t n = p->nmentees, m = p->nmentors;
	int64_t narcs = n > 0 ? p->first[n] : 0;
	int64_t cmax = 0, places = 0;
	for (int64_t a = 0; a < narcs; a++)
		if (p->cost[a] > cmax)
			cmax = p->cost[a];
	struct solver s = {.p = p};
	s.place0 = xmalloc((size_t)m + 1, sizeof *s.place0);
	s.room = xcalloc((size_t)m, sizeof *s.room);
	/* a mentor's places: its capacity, but no more than the mentees
	 * who may have it (the rest could never be filled) */
	for (int64_t a = 0; a < narcs; a++)
		s.room[p->mentor[a]]++;
	s.place0[0] = 0;
	for (int32_t j = 0; j < m; j++) {
		if (p->capacity[j] < s.room[j])
			s.room[j] = p->capacity[j];
		s.place0[j + 1] = s.place0[j] + s.room[j];
	}
	places = s.place0[m];
	/* one more matched mentee saves P and costs at most min(n, places)
	 * * cmax more in pairs: P above that makes the count come first */
	s.penalty = (places < n ? places : n) * cmax + 1;
	s.arc_of = xmalloc((size_t)n, sizeof *s.arc_of);
	enum solved_by used = SOLVED_NONE;
	if (method != SOLVE_PATHS && n > 0) {
		/* first as if everyone could be placed; else with the
		 * "unmatched" objects at a small penalty, which is exact when
		 * the result cannot be extended (then it has the most matched
		 * of any assignment, and the least cost among those), and far
		 * faster than at P (the auction's phases grow with the costs'
		 * range); else at P, exact by construction */
		int64_t small = 4 * cmax + 1;
		if (auction(p, s.room, s.place0, cmax, s.penalty, false, s.arc_of))
			used = SOLVED_AUCTION;
		else if (small < s.penalty &&
		    auction(p, s.room, s.place0, cmax, small, true, s.arc_of) &&
		    !augmentable(p, s.room, s.arc_of))
			used = SOLVED_AUCTION_UNMATCHED;
		else if (auction(p, s.room, s.place0, cmax, s.penalty, true, s.arc_of))
			used = SOLVED_AUCTION_UNMATCHED;
	}
	if (used == SOLVED_NONE && method == SOLVE_AUCTION)
		for (int32_t i = 0; i < n; i++)
			s.arc_of[i] = -1;
	if (used == SOLVED_NONE && method != SOLVE_AUCTION) {
		used = SOLVED_PATHS;
		s.slot_at = xmalloc((size_t)n, sizeof *s.slot_at);
		s.places = xmalloc((size_t)places, sizeof *s.places);
		s.load = xcalloc((size_t)m, sizeof *s.load);
		s.v = xcalloc((size_t)m, sizeof *s.v);
		s.dist = xmalloc((size_t)m, sizeof *s.dist);
		s.from = xmalloc((size_t)m, sizeof *s.from);
		s.via = xmalloc((size_t)m, sizeof *s.via);
		s.state = xcalloc((size_t)m, sizeof *s.state);
		s.touched = xmalloc((size_t)m, sizeof *s.touched);
		s.settled = xmalloc((size_t)m, sizeof *s.settled);
		s.heap = xmalloc((size_t)m, sizeof *s.heap);
		s.hpos = xmalloc((size_t)m, sizeof *s.hpos);
		s.psrc = xmalloc((size_t)n, sizeof *s.psrc);
		s.sources = xmalloc((size_t)n, sizeof *s.sources);
		s.done = xcalloc((size_t)n, sizeof *s.done);
		s.mark = xcalloc((size_t)m, sizeof *s.mark);
		s.stamp = 1;
		s.fr_i = xmalloc((size_t)n + 1, sizeof *s.fr_i);
		s.fr_j = xmalloc((size_t)n + 1, sizeof *s.fr_j);
		s.fr_q = xmalloc((size_t)n + 1, sizeof *s.fr_q);
		s.fr_a = xmalloc((size_t)n + 1, sizeof *s.fr_a);
		s.fr_via = xmalloc((size_t)n + 1, sizeof *s.fr_via);
		int32_t nsources = 0;
		for (int32_t i = 0; i < n; i++) {
			s.arc_of[i] = -1;
			if (p->first[i + 1] > p->first[i])
				s.sources[nsources++] = i;
		}
		while (nsources > 0)
			nsources = phase(&s, nsources);
		free(s.slot_at);
		free(s.places);
		free(s.load);
		free(s.v);
		free(s.dist);
		free(s.from);
		free(s.via);
		free(s.state);
		free(s.touched);
		free(s.settled);
		free(s.heap);
		free(s.hpos);
		free(s.psrc);
		free(s.sources);
		free(s.done);
		free(s.mark);
		free(s.fr_i);
		free(s.fr_j);
		free(s.fr_q);
		free(s.fr_a);
		free(s.fr_via);
	}
	int64_t sum = 0;
	int32_t count = 0;
	for (int32_t i = 0; i < n; i++) {
		int64_t a = s.arc_of[i];
		mentor_of[i] = a >= 0 ? p->mentor[a] : -1;
		if (a >= 0) {
			sum += p->cost[a];
			count++;
		}
	}
	*total = sum;
	if (matched)
		*matched = count;
	if (by)
		*by = used;
	free(s.place0);
	free(s.room);
	free(s.arc_of);
	return ERR_OK;
}

enum err
assign_solve(const struct assign_problem *p, int32_t *mentor_of, int64_t *total,
    int32_t *matched)
{
	return solve(p, SOLVE_AUTO, mentor_of, total, matched, NULL);
}

/* ---- stable mode ---- */

/* A pair's rank on both sides: lower cost first, then lower index; packed
 * so one integer comparison orders it (cost < 2^30, index < 2^31). */
static inline uint64_t
rank_key(int64_t cost, int32_t index)
{
	return ((uint64_t)cost << 31) | (uint32_t)index;
}

static int
cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return (a > b) - (a < b);
}

/* Mentor j's held mentees form a max-heap of rank keys: the root is the
 * least preferred, the one a better proposal displaces. */
static void
sift_down(uint64_t *h, int32_t n, int32_t k)
{
	uint64_t x = h[k];
	for (;;) {
		int32_t c = 2 * k + 1;
		if (c >= n)
			break;
		if (c + 1 < n && h[c + 1] > h[c])
			c++;
		if (h[c] <= x)
			break;
		h[k] = h[c];
		k = c;
	}
	h[k] = x;
}

static void
sift_up(uint64_t *h, int32_t k)
{
	uint64_t x = h[k];
	while (k > 0 && h[(k - 1) / 2] < x) {
		h[k] = h[(k - 1) / 2];
		k = (k - 1) / 2;
	}
	h[k] = x;
}

enum err
assign_stable(const struct assign_problem *p, int32_t *mentor_of)
{
	enum err e = assign_check(p);
	if (e != ERR_OK)
		return e;
	int32_t n = p->nmentees, m = p->nmentors;
	int64_t narcs = n > 0 ? p->first[n] : 0;
	/* each mentee's list in preference order, as (cost, mentor) keys */
	uint64_t *pref = xmalloc((size_t)narcs, sizeof *pref);
	int64_t *nextp = xmalloc((size_t)n, sizeof *nextp);
	int32_t *held = xcalloc((size_t)m, sizeof *held);
	int32_t *room = xmalloc((size_t)m, sizeof *room);
	int64_t *slot0 = xmalloc((size_t)m + 1, sizeof *slot0);
	int32_t *stack = xmalloc((size_t)n, sizeof *stack);
	slot0[0] = 0;
	for (int32_t j = 0; j < m; j++) {
		room[j] = p->capacity[j] < n ? p->capacity[j] : n;
		slot0[j + 1] = slot0[j] + room[j];
	}
	uint64_t *slots = xmalloc((size_t)slot0[m], sizeof *slots);
	for (int32_t i = 0; i < n; i++) {
		for (int64_t a = p->first[i]; a < p->first[i + 1]; a++)
			pref[a] = rank_key(p->cost[a], p->mentor[a]);
		qsort(pref + p->first[i], (size_t)(p->first[i + 1] - p->first[i]),
		    sizeof *pref, cmp_u64);
		nextp[i] = p->first[i];
		mentor_of[i] = -1;
	}
	int32_t top = 0;
	for (int32_t i = n - 1; i >= 0; i--)
		stack[top++] = i;
	while (top > 0) {
		int32_t i = stack[--top];
		while (nextp[i] < p->first[i + 1]) {
			uint64_t k = pref[nextp[i]++];
			int32_t j = (int32_t)(k & 0x7fffffff);
			uint64_t mine = rank_key((int64_t)(k >> 31), i);
			uint64_t *h = slots + slot0[j];
			if (room[j] == 0)
				continue;
			if (held[j] < room[j]) {
				h[held[j]] = mine;
				sift_up(h, held[j]++);
				mentor_of[i] = j;
				break;
			}
			if (mine < h[0]) {
				int32_t out = (int32_t)(h[0] & 0x7fffffff);
				mentor_of[out] = -1;
				stack[top++] = out;
				h[0] = mine;
				sift_down(h, held[j], 0);
				mentor_of[i] = j;
				break;
			}
		}
	}
	free(pref);
	free(nextp);
	free(held);
	free(room);
	free(slot0);
	free(stack);
	free(slots);
	return ERR_OK;
}

/* The cost of pair (i, j), or -1 when it is not allowed. */
static int64_t
pair_cost(const struct assign_problem *p, int32_t i, int32_t j)
{
	for (int64_t a = p->first[i]; a < p->first[i + 1]; a++)
		if (p->mentor[a] == j)
			return p->cost[a];
	return -1;
}

size_t
assign_blocking(const struct assign_problem *p, const int32_t *mentor_of,
    struct assign_pair *out, size_t max)
{
	int32_t n = p->nmentees, m = p->nmentors;
	/* per mentor: how many held and the least preferred one's rank */
	int32_t *held = xcalloc((size_t)m, sizeof *held);
	uint64_t *worst = xcalloc((size_t)m, sizeof *worst);
	int64_t *mycost = xmalloc((size_t)n, sizeof *mycost);
	for (int32_t i = 0; i < n; i++) {
		mycost[i] = -1;
		int32_t j = mentor_of[i];
		if (j < 0 || j >= m)
			continue;
		int64_t c = pair_cost(p, i, j);
		mycost[i] = c;
		/* a pair that is not allowed ranks below every allowed one */
		uint64_t k = c >= 0 ? rank_key(c, i) : UINT64_MAX;
		if (held[j] == 0 || k > worst[j])
			worst[j] = k;
		held[j]++;
	}
	size_t count = 0;
	for (int32_t i = 0; i < n; i++) {
		int32_t mine = mentor_of[i] >= 0 && mycost[i] >= 0 ? mentor_of[i] : -1;
		uint64_t my_rank = mine >= 0 ? rank_key(mycost[i], mine) : UINT64_MAX;
		for (int64_t a = p->first[i]; a < p->first[i + 1]; a++) {
			int32_t j = p->mentor[a];
			int64_t c = p->cost[a];
			if (j == mine || p->capacity[j] == 0)
				continue;
			if (rank_key(c, j) >= my_rank)
				continue;      /* i does not prefer j */
			bool mentor_wants = held[j] < p->capacity[j] ||
			    rank_key(c, i) < worst[j];
			if (!mentor_wants)
				continue;
			if (count < max)
				out[count] = (struct assign_pair){i, j};
			count++;
		}
	}
	free(held);
	free(worst);
	free(mycost);
	return count;
}
