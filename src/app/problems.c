/* problems.c - collecting per-field problems found by domain rules. */
#include "app/app.h"

void
app_problem(struct app_problems *ps, const char *field, const char *message)
{
	if (ps->n < APP_PROBLEMS_MAX) {
		ps->p[ps->n].field = field;
		ps->p[ps->n].message = message;
		ps->n++;
	}
}
