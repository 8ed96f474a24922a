/*
 * log.c - sanitised line logger (see log.h).
 *
 * A line is formatted into a stack buffer, sanitised, and written with
 * one write(2) so lines from different threads never interleave.
 * Long lines are cut at LOG_LINE_MAX with a trailing "...".
 */
#include "core/log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LOG_LINE_MAX 2048

static _Atomic int current_level = LOG_INFO;
static const char *const names[LOG__MAX] = {"error", "warn", "info", "debug"};

void
log_set_level(enum log_level level)
{
	atomic_store(&current_level, (int)level);
}

enum log_level
log_get_level(void)
{
	return (enum log_level)atomic_load(&current_level);
}

bool
log_level_parse(const char *s, enum log_level *out)
{
	for (int i = 0; i < LOG__MAX; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (enum log_level)i;
			return true;
		}
	}
	return false;
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	if ((int)level > atomic_load(&current_level))
		return;

	char raw[LOG_LINE_MAX], line[LOG_LINE_MAX * 4 + 64];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	size_t rawlen = (size_t)n < sizeof(raw) ? (size_t)n : sizeof(raw) - 1;

	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	size_t o = strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%SZ ", &tm);
	o += (size_t)snprintf(line + o, sizeof(line) - o, "%-5s ", names[level]);

	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < rawlen; i++) {
		unsigned char c = (unsigned char)raw[i];
		if (c < 0x20 || c == 0x7f) {
			line[o++] = '\\';
			line[o++] = 'x';
			line[o++] = hex[c >> 4];
			line[o++] = hex[c & 15];
		} else {
			line[o++] = (char)c;
		}
	}
	if ((size_t)n >= sizeof(raw)) {
		memcpy(line + o, "...", 3);
		o += 3;
	}
	line[o++] = '\n';
	ssize_t w = write(STDERR_FILENO, line, o);
	(void)w;
}
