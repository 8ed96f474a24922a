/*
 * agreements.h - the daily job that prompts pairs to review their
 * mentoring agreement six months after confirming it, and every six
 * months after (REL-8).
 */
#ifndef TANDEM_JOBS_AGREEMENTS_H
#define TANDEM_JOBS_AGREEMENTS_H

struct scheduler;

void agreements_job_register(struct scheduler *s);

#endif
