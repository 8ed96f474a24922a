/* err.c - stable short codes for enum err, for log lines. */
#include "core/err.h"

static const char *const codes[ERR__MAX] = {
	[ERR_OK] = "ok",
	[ERR_BAD_INPUT] = "bad_input",
	[ERR_TOO_LARGE] = "too_large",
	[ERR_NOT_FOUND] = "not_found",
	[ERR_UNAUTHORIZED] = "unauthorized",
	[ERR_FORBIDDEN] = "forbidden",
	[ERR_CSRF] = "csrf",
	[ERR_METHOD] = "method_not_allowed",
	[ERR_MEDIA_TYPE] = "unsupported_media_type",
	[ERR_CONFLICT] = "conflict",
	[ERR_BUSY] = "busy",
	[ERR_STORAGE] = "storage",
	[ERR_IO] = "io",
	[ERR_DB] = "db",
	[ERR_INTERNAL] = "internal",
};

const char *
err_code(enum err e)
{
	if ((unsigned)e >= ERR__MAX || codes[e] == 0)
		return "internal";
	return codes[e];
}
