/*
 * fuzz_image.c - libFuzzer target for core/image.c, the parser of photos
 * people upload (PRO-5).
 *
 * The input is the whole file.  Besides the sanitizers, the contracts of
 * image_clean are checked: a refusal leaves no copy and gives a sentence;
 * an accepted image has a known type and a size within 1..IMAGE_MAX_SIDE,
 * its copy is no longer than the input, starts with the same signature,
 * validates again with the same type and size, cleaning the copy
 * changes nothing (the copy is already clean), and an independent walk
 * of the copy finds only parts on the allow-list (check_allowed: JPEG
 * markers, PNG chunks, WebP chunks and frame sub-chunks, the JFIF
 * thumbnail 0x0 and no ICC, EXIF or XMP flag left in VP8X).
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

static uint32_t
be16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static int
is4(const unsigned char *p, const char *list)
{
	for (; *list != '\0'; list += 4)
		if (memcmp(p, list, 4) == 0)
			return 1;
	return 0;
}

/* The copy was validated by image_clean, so lengths are trusted here
 * only as far as check() bounds them. */
static void
check_jpeg(const unsigned char *d, size_t len)
{
	size_t pos = 2;

	for (;;) {
		unsigned m;
		size_t seglen;

		check(pos + 1 < len && d[pos] == 0xff);
		while (pos < len && d[pos] == 0xff)
			pos++;
		check(pos < len);
		m = d[pos++];
		if (m == 0xd9) {
			check(pos == len);
			return;
		}
		check(m == 0xc0 || m == 0xc1 || m == 0xc2 || m == 0xc4 ||
		    m == 0xdb || m == 0xdd || m == 0xda || m == 0xe0 ||
		    m == 0xe1 || m == 0xee);
		check(len - pos >= 2);
		seglen = be16(d + pos);
		check(seglen >= 2 && seglen <= len - pos);
		if (m == 0xe0)
			check(seglen == 16 && memcmp(d + pos + 2, "JFIF", 5) == 0 &&
			    d[pos + 14] == 0 && d[pos + 15] == 0);
		if (m == 0xe1)
			check(seglen == 34 && memcmp(d + pos + 2, "Exif", 5) == 0);
		if (m == 0xee)
			check(seglen == 14 && memcmp(d + pos + 2, "Adobe", 5) == 0);
		pos += seglen;
		if (m != 0xda)
			continue;
		for (;;) {                        /* entropy-coded data */
			check(pos + 1 < len);
			if (d[pos] != 0xff) {
				pos++;
			} else if (d[pos + 1] == 0x00 ||
			    (d[pos + 1] >= 0xd0 && d[pos + 1] <= 0xd7)) {
				pos += 2;
			} else if (d[pos + 1] == 0xff) {
				pos++;
			} else {
				break;
			}
		}
	}
}

static void
check_png(const unsigned char *d, size_t len)
{
	size_t pos = 8;

	for (;;) {
		size_t clen;

		check(len - pos >= 12);
		clen = be32(d + pos);
		check(clen <= len - pos - 12);
		check(is4(d + pos + 4, "IHDRPLTEIDATIENDtRNSgAMAcHRMsRGBsBIT"
		    "bKGDpHYs"));
		if (memcmp(d + pos + 4, "IEND", 4) == 0) {
			check(pos + 12 == len);
			return;
		}
		pos += 12 + clen;
	}
}

/* Chunks from pos to end, each in list; ANMF frames walked inside. */
static void
check_riff(const unsigned char *d, size_t pos, size_t end, const char *list)
{
	while (pos < end) {
		size_t clen;

		check(end - pos >= 8);
		clen = le32(d + pos + 4);
		check(clen + (clen & 1) <= end - pos - 8);
		check(is4(d + pos, list));
		if (memcmp(d + pos, "VP8X", 4) == 0)
			check((d[pos + 8] & (0x20 | 0x08 | 0x04)) == 0);
		if (memcmp(d + pos, "ANMF", 4) == 0) {
			check(clen >= 16);
			check_riff(d, pos + 8 + 16, pos + 8 + clen,
			    "ALPHVP8 VP8L");
		}
		pos += 8 + clen + (clen & 1);
	}
	check(pos == end);
}

static void
check_allowed(enum image_type t, const unsigned char *d, size_t len)
{
	switch (t) {
	case IMAGE_JPEG:
		check_jpeg(d, len);
		break;
	case IMAGE_PNG:
		check_png(d, len);
		break;
	default:
		check(le32(d + 4) == len - 8);
		check_riff(d, 12, len, "VP8 VP8LVP8XALPHANIMANMF");
		break;
	}
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
	check_allowed(info.type, out, out_len);

	rc = image_clean(a, out, out_len, &again, &out2, &len2, &why2);
	check(rc == ERR_OK);
	check(again.type == info.type);
	check(again.width == info.width && again.height == info.height);
	check(len2 == out_len && memcmp(out2, out, len2) == 0);
	arena_free(a);
	return 0;
}
