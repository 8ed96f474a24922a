/*
 * assign.h - cohort matching's solver (REQ-11): given mentees, mentors
 * with capacities and the allowed pairs with a cost each, the assignment
 * that first matches as many mentees as possible and then has the least
 * total cost; and the stable alternative (mentee-proposing deferred
 * acceptance) with its blocking pairs.
 *
 * Pure computation over plain arrays: depends on nothing but core/err.h
 * and libc (tests/check-layers), so the benchmark and the tests can
 * drive it without a database.  Costs are integers, so the optimum is
 * exact.  A forbidden pair is simply absent.  The caller maps its ids to
 * indexes 0..n-1.  docs/internals/cohort-matching.md explains the model.
 */
#ifndef TANDEM_ASSIGN_ASSIGN_H
#define TANDEM_ASSIGN_ASSIGN_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* The largest cost of one pair: totals stay far from int64 overflow. */
#define ASSIGN_COST_MAX 1000000000

/* The allowed pairs in compressed rows by mentee: mentee i's pairs are
 * first[i] .. first[i + 1] - 1, each a mentor index and a cost.  A mentor
 * appears at most once in a mentee's row. */
struct assign_problem {
	int32_t nmentees;
	int32_t nmentors;
	const int32_t *capacity;   /* [nmentors], each >= 0 */
	const int64_t *first;      /* [nmentees + 1], first[0] = 0, non-decreasing */
	const int32_t *mentor;     /* [first[nmentees]] mentor index */
	const int64_t *cost;       /* [first[nmentees]] 0 .. ASSIGN_COST_MAX */
};

/* Check the shape (indexes in range, costs in range, capacities >= 0,
 * no repeated mentor in a row): ERR_BAD_INPUT when it is wrong. */
enum err assign_check(const struct assign_problem *p);

/* The optimum: as many mentees matched as the capacities and the allowed
 * pairs permit, and of those assignments one of least total cost.
 * mentor_of[i] = the mentor index of mentee i, or -1 unmatched; *total =
 * the sum of the chosen pairs' costs; *matched = how many are matched.
 * ERR_BAD_INPUT for a malformed problem (assign_check). */
enum err assign_solve(const struct assign_problem *p, int32_t *mentor_of, int64_t *total,
    int32_t *matched);

/* Stable mode: mentee-proposing deferred acceptance with capacities.
 * Both sides' preferences come from the pair cost (lower is preferred;
 * ties go to the lower index); a pair not in the problem is unacceptable
 * to both.  The result is the mentee-optimal stable assignment. */
enum err assign_stable(const struct assign_problem *p, int32_t *mentor_of);

struct assign_pair {
	int32_t mentee, mentor;
};

/* The blocking pairs of an assignment under the preferences above: an
 * allowed pair (i, j) where mentee i is unmatched or prefers j to their
 * mentor, and mentor j has a free place or prefers i to one of their
 * mentees.  Returns how many there are; the first `max` are written to
 * out (which may be NULL when max is 0). */
size_t assign_blocking(const struct assign_problem *p, const int32_t *mentor_of,
    struct assign_pair *out, size_t max);

#endif
