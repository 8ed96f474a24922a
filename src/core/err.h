/*
 * err.h - the one error type.
 *
 * Every fallible function that is not about memory returns enum err
 * (ERR_OK = 0).  Out of memory and broken invariants abort instead.  The
 * HTTP layer maps these to a status and a human message in one place
 * (http/response.c: http_status_for_err).
 */
#ifndef TANDEM_CORE_ERR_H
#define TANDEM_CORE_ERR_H

enum err {
	ERR_OK = 0,
	ERR_BAD_INPUT,    /* malformed or invalid input (400/422) */
	ERR_TOO_LARGE,    /* a size limit was passed (413) */
	ERR_NOT_FOUND,    /* no such thing, or not visible to the caller (404) */
	ERR_UNAUTHORIZED, /* sign-in needed (401 / redirect to sign-in) */
	ERR_FORBIDDEN,    /* signed in but not allowed (403) */
	ERR_CSRF,         /* missing or wrong CSRF token (403) */
	ERR_METHOD,       /* method not allowed on this path (405) */
	ERR_MEDIA_TYPE,   /* unsupported body type (415) */
	ERR_CONFLICT,     /* state changed under the caller, duplicate (409) */
	ERR_BUSY,         /* overloaded or database busy (503) */
	ERR_STORAGE,      /* storage cannot be written right now: disk full,
	                     read-only or failing file system (503; counted
	                     and logged once per incident by core/incident.h) */
	ERR_IO,           /* filesystem or network failure (500) */
	ERR_DB,           /* database failure (500) */
	ERR_INTERNAL,     /* a bug (500) */
	ERR__MAX
};

/* A short stable code for logs: "bad_input", ...  (JSON error bodies
 * carry a code derived from the HTTP status instead.) */
const char *err_code(enum err e);

#endif
