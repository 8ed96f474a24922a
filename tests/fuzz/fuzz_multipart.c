/*
 * fuzz_multipart.c - libFuzzer target for the streaming multipart parser.
 *
 * Input: byte 0 picks how the body is cut into chunks, byte 1 seeds the
 * chunk sizes, the rest is the body for the fixed Content-Type below
 * (boundary "XyZ", short so the fuzzer finds it).  The body is parsed
 * twice, once whole and once in chunks, and the two results must be the
 * same: chunk boundaries must never change what the parser decides.  No
 * temporary files (tmpdir NULL); small limits so that every limit trips.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *       src/core/arena.c src/core/buf.c src/http/form.c \
 *       src/http/multipart.c tests/fuzz/fuzz_multipart.c -o fuzz_multipart
 *   ./fuzz_multipart tests/fuzz/corpus/multipart
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "http/form.h"
#include "http/multipart.h"

#define CONTENT_TYPE "multipart/form-data; boundary=XyZ"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct multipart_limits limits = {
	.max_parts = 16,
	.max_header_len = 256,
	.max_field_len = 256,
	.max_file_len = 4096,
	.max_files = 4,
};

struct result {
	struct arena *a;
	struct multipart *m;
	enum err rc;
	struct param *fields;
	struct upload *uploads;
};

enum split {
	SPLIT_BYTES,    /* one byte at a time */
	SPLIT_FIXED,    /* chunks of seed % 16 + 1 bytes */
	SPLIT_RANDOM,   /* chunks of 1..64 bytes from a PRNG */
	SPLIT_ONCE,     /* two chunks, cut at size * seed / 255 */
	SPLIT__MAX
};

static void
check(int ok)
{
	if (!ok)
		abort();
}

static size_t
next_len(enum split how, uint32_t *x, size_t pos, size_t size, uint8_t seed)
{
	size_t n;

	switch (how) {
	case SPLIT_BYTES:
		n = 1;
		break;
	case SPLIT_FIXED:
		n = (size_t)(seed % 16) + 1;
		break;
	case SPLIT_RANDOM:
		*x ^= *x << 13;
		*x ^= *x >> 17;
		*x ^= *x << 5;
		n = (size_t)(*x % 64) + 1;
		break;
	default:
		n = size - pos;
		break;
	}
	return n < size - pos ? n : size - pos;
}

static void
parse(struct result *r, const char *body, size_t size, int is_whole,
    enum split how, uint8_t seed)
{
	uint32_t x = 0x9e3779b9u ^ seed;
	size_t pos = 0;

	memset(r, 0, sizeof(*r));
	r->a = arena_new(0);
	check(multipart_new(r->a, CONTENT_TYPE, &limits, NULL, &r->m) ==
	    ERR_OK);
	if (is_whole) {
		r->rc = multipart_feed(r->m, body, size);
	} else if (how == SPLIT_ONCE) {
		size_t cut = size * seed / 255;

		r->rc = multipart_feed(r->m, body, cut);
		if (r->rc == ERR_OK)
			r->rc = multipart_feed(r->m, body + cut, size - cut);
	} else {
		while (pos < size && r->rc == ERR_OK) {
			size_t n = next_len(how, &x, pos, size, seed);

			r->rc = multipart_feed(r->m, body + pos, n);
			pos += n;
		}
	}
	if (r->rc == ERR_OK)
		r->rc = multipart_finish(r->m, &r->fields, &r->uploads);
	else
		check(multipart_feed(r->m, "\r\n", 2) == r->rc);
}

static void
check_result(const struct result *r)
{
	size_t n = 0;

	check(r->rc == ERR_OK || r->rc == ERR_BAD_INPUT ||
	    r->rc == ERR_TOO_LARGE);
	if (r->rc != ERR_OK) {
		check(r->fields == NULL && r->uploads == NULL);
		return;
	}
	for (const struct param *p = r->fields; p != NULL; p = p->next, n++) {
		check(utf8_valid(p->name, strlen(p->name)));
		check(strlen(p->value) == p->value_len);
		check(p->value_len <= limits.max_field_len);
		check(utf8_valid(p->value, p->value_len));
	}
	for (const struct upload *u = r->uploads; u != NULL; u = u->next, n++) {
		check(utf8_valid(u->field, strlen(u->field)));
		check(utf8_valid(u->filename, strlen(u->filename)));
		check(strpbrk(u->filename, "/\\\x01\x1f\x7f") == NULL);
		check(strcmp(u->filename, "..") != 0);
		check(u->path == NULL);
		check(u->len <= limits.max_file_len);
		check(u->head_len == (u->len < 512 ? u->len : 512));
		check(u->content_type[0] != '\0');
	}
	check(n <= limits.max_parts);
}

static void
check_same(const struct result *a, const struct result *b)
{
	const struct param *p = a->fields, *q = b->fields;
	const struct upload *u = a->uploads, *v = b->uploads;

	check(a->rc == b->rc);
	for (; p != NULL && q != NULL; p = p->next, q = q->next) {
		check(strcmp(p->name, q->name) == 0);
		check(p->value_len == q->value_len);
		check(memcmp(p->value, q->value, p->value_len) == 0);
	}
	check(p == NULL && q == NULL);
	for (; u != NULL && v != NULL; u = u->next, v = v->next) {
		check(strcmp(u->field, v->field) == 0);
		check(strcmp(u->filename, v->filename) == 0);
		check(strcmp(u->content_type, v->content_type) == 0);
		check(u->len == v->len && u->head_len == v->head_len);
		check(memcmp(u->head, v->head, u->head_len) == 0);
	}
	check(u == NULL && v == NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct result whole, split;
	enum split how;
	uint8_t seed;

	if (size < 2)
		return 0;
	how = (enum split)(data[0] % SPLIT__MAX);
	seed = data[1];
	data += 2;
	size -= 2;

	parse(&whole, (const char *)data, size, 1, how, seed);
	parse(&split, (const char *)data, size, 0, how, seed);
	check_result(&whole);
	check_result(&split);
	check_same(&whole, &split);

	multipart_cleanup(whole.m);
	multipart_cleanup(split.m);
	arena_free(whole.a);
	arena_free(split.a);
	return 0;
}
