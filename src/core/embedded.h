/*
 * embedded.h - files compiled into the binary at build time
 * (templates, migrations, static assets; see tools/embed.c).
 *
 * Names are "templates/home.mustache", "sql/0001-foundation.sql",
 * "assets/tandem.css", "assets/nhsuk/nhsuk-frontend.min.js" ...
 * The data is NUL-terminated (the NUL is not counted in len).
 */
#ifndef TANDEM_CORE_EMBEDDED_H
#define TANDEM_CORE_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;
	const unsigned char *data;
	size_t len;
};

/* Terminated by an entry whose name is NULL. */
extern const struct embedded_file embedded_files[];

/* The entry called `name`, or NULL. */
const struct embedded_file *embedded_find(const char *name);

#endif
