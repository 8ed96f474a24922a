/* agreements.c - PROVISIONAL stub; the agreement helper writes the job. */
#include "jobs/agreements.h"

void
agreements_job_register(struct scheduler *s)
{
	(void)s;
}
