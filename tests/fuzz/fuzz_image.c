/*
 * fuzz_image.c - libFuzzer target for core/image.c, the parser of photos
 * people upload (PRO-5).
 *
 * The input is the whole file.  Besides the sanitizers, the contracts of
 * image_clean are checked: a refusal leaves no copy and gives a sentence;
 * an accepted image has a known type and a size within 1..IMAGE_MAX_SIDE,
 * its copy is no longer than the input, starts with the same signature,
 * validates again with the same type and size, and cleaning the copy
 * changes nothing (the copy is already clean).
 *
 * Built by `make fuzz` (the Makefile compiles tandem_lib with
 * -fsanitize=fuzzer-no-link, so the parser in the library is
 * instrumented) and run on tests/fuzz/corpus/image.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/image.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int ok)
{
	if (!ok)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(0);
	struct image_info info, again;
	unsigned char *out, *out2;
	size_t out_len, len2;
	const char *why, *why2;
	enum err rc;

	rc = image_clean(a, data, size, &info, &out, &out_len, &why);
	if (rc != ERR_OK) {
		check(rc == ERR_BAD_INPUT);
		check(out == NULL && out_len == 0);
		check(why != NULL && why[0] >= 'A' && why[0] <= 'Z');
		check(info.type == IMAGE_NONE);
		arena_free(a);
		return 0;
	}
	check(why == NULL);
	check(info.type != IMAGE_NONE);
	check(info.type == image_sniff(data, size));
	check(info.width >= 1 && info.width <= IMAGE_MAX_SIDE);
	check(info.height >= 1 && info.height <= IMAGE_MAX_SIDE);
	check(out != NULL && out_len > 0 && out_len <= size);
	check(image_sniff(out, out_len) == info.type);

	rc = image_clean(a, out, out_len, &again, &out2, &len2, &why2);
	check(rc == ERR_OK);
	check(again.type == info.type);
	check(again.width == info.width && again.height == info.height);
	check(len2 == out_len && memcmp(out2, out, len2) == 0);
	arena_free(a);
	return 0;
}
