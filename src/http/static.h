/*
 * static.h - the embedded static assets (our CSS and JS, the NHS.UK
 * frontend's CSS, JS and images).
 *
 * At start-up every asset gets an ETag (hash of its bytes) and the set a
 * version (hash of all of them).  Pages link to /assets/v/VERSION/NAME,
 * served with a year's immutable caching; a new build changes VERSION so
 * browsers fetch afresh.  /assets/NAME also works (the NHS.UK CSS points
 * at /assets/images/...), revalidated by ETag.
 */
#ifndef TANDEM_HTTP_STATIC_H
#define TANDEM_HTTP_STATIC_H

#include <stdbool.h>
#include <stddef.h>

struct static_asset {
	const char *name;          /* "tandem.css", "nhsuk/nhsuk-frontend.min.css" */
	const unsigned char *data;
	size_t len;
	const char *content_type;
	char etag[20];             /* "\"<16 hex>\"" */
};

void static_init(void);
void static_free(void);

/* The version segment, e.g. "3f9a0c12d4e5". */
const char *static_version(void);

/* Resolve a request path under /assets/.  Returns NULL when unknown.
 * *is_versioned says whether it came with the current version (so may be
 * cached for ever). */
const struct static_asset *static_lookup(const char *path, bool *is_versioned);

#endif
