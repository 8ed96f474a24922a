/*
 * log.h - one line per event on stderr, sanitised.
 *
 * Lines look like `2026-11-23T20:14:21Z info  http: GET / 200 ...`.
 * Every byte of the formatted line below 0x20 or equal to 0x7f is written
 * as \xNN, so user-supplied text (paths, user agents) can never forge a
 * line or drive a terminal.  Private and equality-monitoring data must
 * never be passed here at all: sanitising is not redaction.
 */
#ifndef TANDEM_CORE_LOG_H
#define TANDEM_CORE_LOG_H

#include <stdbool.h>

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG, LOG__MAX };

void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* "error", "warn", "info", "debug" -> level; false if unknown. */
bool log_level_parse(const char *s, enum log_level *out);

void log_msg(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
