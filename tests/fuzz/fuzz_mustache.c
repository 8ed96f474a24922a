/*
 * fuzz_mustache.c - libFuzzer target for the Mustache compiler and
 * renderer.
 *
 * The input is compiled as a template; a template that compiles is
 * rendered with a small fixed context, and every partial or parent it
 * names resolves to the template itself, so self-recursion and the depth
 * and work limits get exercised.  A compile error must come with a
 * "line N: " message.
 *
 *   clang -g -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc \
 *       tests/fuzz/fuzz_mustache.c src/view/mustache.c src/core/arena.c \
 *       src/core/buf.c -ljansson -o fuzz_mustache
 *   ./fuzz_mustache -max_total_time=20 tests/fuzz/corpus/mustache
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/buf.h"
#include "view/mustache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char context_json[] =
    "{\"a\": \"<b>&'\\\"\", \"n\": 42, \"r\": 1.25, \"t\": true,"
    " \"f\": false, \"z\": null, \"e\": \"\", \"l\": [1, \"two\", 3.5],"
    " \"o\": {\"p\": {\"q\": \"deep\"}, \"l\": [{\"a\": 1}, {}]},"
    " \"empty\": [], \"text\": \"line\\nbreak\"}";

static const struct mustache_tpl *
self_partial(void *ud, const char *name)
{
	(void)name;
	return ud;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *ctx;
	struct mustache_tpl *t;
	struct buf out;
	char err[256];

	if (ctx == NULL && (ctx = json_loads(context_json, 0, NULL)) == NULL)
		abort();
	t = mustache_compile("fuzz", (const char *)data, size, err,
	    sizeof(err));
	if (t == NULL) {
		if (strncmp(err, "line ", 5) != 0)
			abort();
		return 0;
	}
	buf_init(&out, 1024 * 1024);
	(void)mustache_render(t, ctx, self_partial, t, &out);
	if (out.len > 1024 * 1024)
		abort();
	buf_free(&out);
	mustache_free(t);
	return 0;
}
