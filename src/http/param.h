/*
 * param.h - one decoded name=value pair, shared by the byte parsers.
 *
 * form.c (query strings and urlencoded bodies), multipart.c (text fields)
 * and cookie.c (the Cookie header) all hand back a singly linked list of
 * these, in input order, allocated from the caller's arena.  Lookup is
 * linear (param_find in form.h): the lists are short and bounded by each
 * parser's count limit.
 */
#ifndef TANDEM_HTTP_PARAM_H
#define TANDEM_HTTP_PARAM_H

#include <stddef.h>

/*
 * One name=value pair from a query string, form body, multipart text field
 * or cookie.  Both strings are NUL-terminated and arena-owned; value_len is
 * the decoded length (a value containing a NUL byte is rejected by the
 * parsers, so strlen works too).
 */
struct param {
	const char *name;
	const char *value;
	size_t value_len;
	struct param *next;   /* in input order */
};

#endif
