/*
 * fuzz_sniff.c - libFuzzer target for core/sniff.c, which reads the bytes
 * of every document people upload (NOTE-1) and walks ZIP directories.
 *
 * Besides the sanitizers, the contracts are checked: the answer is a
 * known kind; a kind has a name, MIME type and extension that parse back;
 * the answer depends on the bytes alone (asking twice gives the same
 * kind); a text answer means no NUL byte; a PDF answer starts "%PDF-".
 * And files_clean_name on the same bytes (as a name) never keeps a '/'
 * or '\\' or a control character, and never exceeds its limit in
 * characters.
 *
 * Built by `make fuzz` once "sniff" is in the CMake list of targets.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/files.h"
#include "core/sniff.h"

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
	enum sniff_kind k = sniff_bytes(data, size);
	check(k >= SNIFF_NONE && k < SNIFF__MAX);
	check(sniff_bytes(data, size) == k);
	if (k != SNIFF_NONE) {
		check(sniff_parse(sniff_name(k)) == k);
		check(sniff_ext_fits(k, sniff_ext(k)));
		check(strlen(sniff_mime(k)) > 0);
	}
	if (k == SNIFF_TXT)
		check(memchr(data, 0, size) == NULL);
	if (k == SNIFF_PDF)
		check(size >= 5 && memcmp(data, "%PDF-", 5) == 0);

	struct arena *a = arena_new(0);
	char *name = arena_alloc(a, size + 1);
	memcpy(name, data, size);
	name[size] = '\0';
	const char *clean = files_clean_name(a, name, 40);
	size_t chars = 0;
	for (const unsigned char *p = (const unsigned char *)clean; *p; p++) {
		check(*p != '/' && *p != '\\' && *p >= 0x20 && *p != 0x7f);
		if ((*p & 0xc0) != 0x80)
			chars++;
	}
	check(chars <= 40);
	arena_free(a);
	return 0;
}
