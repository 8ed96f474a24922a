/*
 * test_multipart.c - the streaming multipart/form-data parser.
 *
 * Every body in the tables is fed whole, split in two at every possible
 * point, and byte by byte; each way must give the same result, the same
 * temporary file contents, and (for the limit table) the error on the feed
 * that carries the first byte too many.  After every run multipart_cleanup
 * must leave the temporary directory empty.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "http/form.h"
#include "http/multipart.h"

#define CT "multipart/form-data; boundary=AaB03x"
#define D "--AaB03x"
#define CRLF "\r\n"
#define CD "Content-Disposition: form-data; "
#define END CRLF D "--" CRLF

#define X10 "0123456789"
#define X100 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10
#define X1000 X100 X100 X100 X100 X100 X100 X100 X100 X100 X100

#define MAX_FIELDS 4
#define MAX_UPLOADS 3

static char tmpdir[] = "/tmp/tandem-test-mp-XXXXXX";

struct want_field {
	const char *name;       /* NULL ends the list */
	const char *value;
};

struct want_upload {
	const char *field;      /* NULL ends the list */
	const char *filename;
	const char *content_type;
	const char *data;
	size_t len;             /* 0: strlen(data) */
};

struct mp_case {
	const char *what;
	const char *body;
	size_t body_len;
	enum err rc;
	struct want_field fields[MAX_FIELDS + 1];
	struct want_upload uploads[MAX_UPLOADS + 1];
};

#define BODY(s) .body = s, .body_len = sizeof(s) - 1
#define FIELDS(...) .fields = { __VA_ARGS__ }
#define UPLOADS(...) .uploads = { __VA_ARGS__ }

static const struct mp_case good_cases[] = {
	{ .what = "one text field",
	  BODY(D CRLF CD "name=\"a\"" CRLF CRLF "hello" END), .rc = ERR_OK,
	  { { "a", "hello" } }, { { 0 } } },
	{ .what = "RFC 7578 style, preamble and epilogue",
	  BODY("This is the preamble.\r\n\r\n--AaB03 nope\r\n"
	  D CRLF CD "name=\"field1\"" CRLF
	  "Content-Type: text/plain;charset=UTF-8" CRLF CRLF
	  "Joe owes \xe2\x82\xac" "100." CRLF
	  D CRLF CD "name=\"pics\"; filename=\"file1.txt\"" CRLF
	  "Content-Type: text/plain" CRLF CRLF
	  "...contents of file1.txt..." CRLF
	  D "--" CRLF "epilogue" CRLF D CRLF "ignored\x00\xff" CRLF D),
	  .rc = ERR_OK,
	  { { "field1", "Joe owes \xe2\x82\xac" "100." } },
	  { { "pics", "file1.txt", "text/plain",
	      "...contents of file1.txt...", 0 } } },
	{ .what = "partial delimiters inside a file",
	  BODY(D CRLF CD "name=\"f\"; filename=\"x.bin\"" CRLF CRLF
	  "\r\n--AaB03\r\n--AaB0\r\r\n--AaB03y\r\n-\r\n--\r--AaB03x"
	  "line\n--AaB03x\n--AaB03x--\r\r\r\n\r\n\r" END),
	  .rc = ERR_OK, { { 0 } },
	  { { "f", "x.bin", "application/octet-stream",
	      "\r\n--AaB03\r\n--AaB0\r\r\n--AaB03y\r\n-\r\n--\r--AaB03x"
	      "line\n--AaB03x\n--AaB03x--\r\r\r\n\r\n\r", 0 } } },
	{ .what = "text field with line breaks and a partial delimiter",
	  BODY(D CRLF CD "name=\"t\"" CRLF CRLF "l1\r\nl2\r\n--AaB0" CRLF END),
	  .rc = ERR_OK, { { "t", "l1\r\nl2\r\n--AaB0\r\n" } }, { { 0 } } },
	{ .what = "empty upload is kept",
	  BODY(D CRLF CD "name=\"f\"; filename=\"\"" CRLF
	  "Content-Type: application/octet-stream" CRLF CRLF END),
	  .rc = ERR_OK, { { 0 } },
	  { { "f", "", "application/octet-stream", "", 0 } } },
	{ .what = "empty text field",
	  BODY(D CRLF CD "name=\"e\"" CRLF CRLF END), .rc = ERR_OK,
	  { { "e", "" } }, { { 0 } } },
	{ .what = "escaped quotes",
	  BODY(D CRLF CD "name=\"a\\\"b\"; filename=\"dir\\\\x\\\"y.txt\""
	  CRLF CRLF "z" END),
	  .rc = ERR_OK, { { 0 } },
	  { { "a\"b", "x\"y.txt", "application/octet-stream", "z", 0 } } },
	{ .what = "windows path in filename",
	  BODY(D CRLF CD "name=\"f\"; filename=\"C:\\Users\\me\\report.pdf\""
	  CRLF "Content-Type: application/pdf" CRLF CRLF "%PDF" END),
	  .rc = ERR_OK, { { 0 } },
	  { { "f", "report.pdf", "application/pdf", "%PDF", 0 } } },
	{ .what = "path traversal and dot names in filenames",
	  BODY(D CRLF CD "name=\"a\"; filename=\"../../etc/passwd\"" CRLF CRLF
	  "1" CRLF D CRLF CD "name=\"b\"; filename=\"..\"" CRLF CRLF
	  "2" CRLF D CRLF CD "name=\"c\"; filename=\"x/.\"" CRLF CRLF
	  "3" END),
	  .rc = ERR_OK, { { 0 } },
	  { { "a", "passwd", "application/octet-stream", "1", 0 },
	    { "b", "", "application/octet-stream", "2", 0 },
	    { "c", "", "application/octet-stream", "3", 0 } } },
	{ .what = "control characters removed from filename",
	  BODY(D CRLF CD "name=\"f\"; filename=\"a\tb\x01" "c\x7f"
	  "\xe2\x80\xae" "d\xc2\x85\xff.txt\xc3\xa9\"" CRLF CRLF "q" END),
	  .rc = ERR_OK, { { 0 } },
	  { { "f", "abcd_.txt\xc3\xa9", "application/octet-stream", "q",
	      0 } } },
	{ .what = "header names and disposition are case-insensitive",
	  BODY(D CRLF "CONTENT-DISPOSITION: FORM-DATA; NAME=x" CRLF CRLF "1"
	  CRLF D CRLF "cOnTeNt-DiSpOsItIoN: form-data; Name=\"f\"; "
	  "FileName=\"p.png\"" CRLF "CoNtEnT-tYpE:image/png  " CRLF CRLF
	  "\x89PNG" END),
	  .rc = ERR_OK, { { "x", "1" } },
	  { { "f", "p.png", "image/png", "\x89PNG", 0 } } },
	{ .what = "bare LF line ends in headers",
	  BODY(D "\n" CD "name=\"a\"\n\n" "v" CRLF D "\n"
	  CD "name=\"b\"\r\n\n" "w" END),
	  .rc = ERR_OK, { { "a", "v" }, { "b", "w" } }, { { 0 } } },
	{ .what = "transport padding after delimiters",
	  BODY(D " \t " CRLF CD "name=\"a\"" CRLF CRLF "v" CRLF D "\t" CRLF
	  CD "name=\"b\"" CRLF CRLF "w" CRLF D "--  " CRLF),
	  .rc = ERR_OK, { { "a", "v" }, { "b", "w" } }, { { 0 } } },
	{ .what = "close delimiter only", BODY(D "--"), .rc = ERR_OK,
	  { { 0 } },
	  { { 0 } } },
	{ .what = "body starting with CRLF before the first delimiter",
	  BODY(CRLF D CRLF CD "name=\"a\"" CRLF CRLF "v" END),
	  .rc = ERR_OK, { { "a", "v" } }, { { 0 } } },
	{ .what = "other headers ignored",
	  BODY(D CRLF "X-Foo: bar" CRLF "Content-Transfer-Encoding: 8bit" CRLF
	  CD "name=\"a\"" CRLF "X-Empty:" CRLF CRLF "v" END),
	  .rc = ERR_OK, { { "a", "v" } }, { { 0 } } },
	{ .what = "UTF-8 names and values",
	  BODY(D CRLF CD "name=\"caf\xc3\xa9\"" CRLF CRLF
	  "\xf0\x9f\x98\x80 ok" END),
	  .rc = ERR_OK, { { "caf\xc3\xa9", "\xf0\x9f\x98\x80 ok" } },
	  { { 0 } } },
	{ .what = "filename* alone makes a file",
	  BODY(D CRLF CD "name=\"f\"; filename*=UTF-8''a.txt" CRLF CRLF "d"
	  END),
	  .rc = ERR_OK, { { 0 } },
	  { { "f", "", "application/octet-stream", "d", 0 } } },
	{ .what = "unquoted values, spaces, trailing semicolon",
	  BODY(D CRLF "Content-Disposition:form-data ; name = a[b] ;" CRLF
	  CRLF "v" CRLF D CRLF
	  "Content-Disposition: form-data;name=\"q\";filename=f.txt;"
	  CRLF CRLF "w" END),
	  .rc = ERR_OK, { { "a[b]", "v" } },
	  { { "q", "f.txt", "application/octet-stream", "w", 0 } } },
	{ .what = "head holds the first 512 bytes",
	  BODY(D CRLF CD "name=\"big\"; filename=\"big.txt\"" CRLF CRLF X1000
	  END),
	  .rc = ERR_OK, { { 0 } },
	  { { "big", "big.txt", "application/octet-stream", X1000, 0 } } },
	{ .what = "mixed fields and files in order",
	  BODY(D CRLF CD "name=\"a\"" CRLF CRLF "1" CRLF
	  D CRLF CD "name=\"f1\"; filename=\"1.txt\"" CRLF CRLF "one" CRLF
	  D CRLF CD "name=\"b\"" CRLF CRLF "2" CRLF
	  D CRLF CD "name=\"f2\"; filename=\"2.txt\"" CRLF CRLF "two" CRLF
	  D CRLF CD "name=\"a\"" CRLF CRLF "3" END),
	  .rc = ERR_OK, { { "a", "1" }, { "b", "2" }, { "a", "3" } },
	  { { "f1", "1.txt", "application/octet-stream", "one", 0 },
	    { "f2", "2.txt", "application/octet-stream", "two", 0 } } },
	{ .what = "binary file with NUL bytes",
	  BODY(D CRLF CD "name=\"f\"; filename=\"n\"" CRLF CRLF
	  "\x00\x01\x00\xff\r\x00" END),
	  .rc = ERR_OK, { { 0 } },
	  { { "f", "n", "application/octet-stream",
	      "\x00\x01\x00\xff\r\x00", 6 } } },
	{ .what = "delimiter not at a line start is preamble",
	  BODY("x" D CRLF CD "name=a" CRLF CRLF "v" END), .rc = ERR_OK,
	  { { 0 } }, { { 0 } } },
	{ .what = "empty name is allowed",
	  BODY(D CRLF CD "name=\"\"" CRLF CRLF "v" END),
	  .rc = ERR_OK, { { "", "v" } }, { { 0 } } },
};

#define BAD(w, b) \
	{ .what = w, BODY(b), .rc = ERR_BAD_INPUT }

static const struct mp_case bad_cases[] = {
	BAD("empty body", ""),
	BAD("only a preamble", "hello\r\n"),
	BAD("no close delimiter", D CRLF CD "name=\"a\"" CRLF CRLF "hello"),
	BAD("no close delimiter after a part", D CRLF CD "name=\"a\"" CRLF CRLF
	    "hello" CRLF D CRLF),
	BAD("ends inside headers", D CRLF CD "name=\"a\"" CRLF),
	BAD("ends after delimiter", D),
	BAD("ends after one close dash", D "-"),
	BAD("bad close", D "-x" CRLF),
	BAD("garbage after delimiter", D "x" CRLF CD "name=a" CRLF CRLF END),
	BAD("longer boundary", D "yz" CRLF),
	BAD("padding then garbage", D "  x" CRLF),
	BAD("CR without LF after delimiter", D "\rX"),
	BAD("header folding", D CRLF "Content-Disposition: form-data;" CRLF
	    " name=\"a\"" CRLF CRLF "v" END),
	BAD("folding with tab", D CRLF CD "name=\"a\"" CRLF "\tx" CRLF CRLF
	    "v" END),
	BAD("no Content-Disposition", D CRLF "Content-Type: text/plain" CRLF
	    CRLF "v" END),
	BAD("no headers at all", D CRLF CRLF "v" END),
	BAD("attachment", D CRLF "Content-Disposition: attachment; name=a"
	    CRLF CRLF "v" END),
	BAD("form-datax", D CRLF "Content-Disposition: form-datax; name=a"
	    CRLF CRLF "v" END),
	BAD("no name", D CRLF CD "filename=\"a.txt\"" CRLF CRLF "v" END),
	BAD("unterminated quote", D CRLF CD "name=\"a" CRLF CRLF "v" END),
	BAD("escaped closing quote", D CRLF CD "name=\"a\\\"" CRLF CRLF "v"
	    END),
	BAD("two Content-Disposition", D CRLF CD "name=a" CRLF CD "name=b"
	    CRLF CRLF "v" END),
	BAD("two names", D CRLF CD "name=a; name=b" CRLF CRLF "v" END),
	BAD("two filenames", D CRLF CD "name=a; filename=x; filename=y" CRLF
	    CRLF "v" END),
	BAD("two Content-Type", D CRLF CD "name=a" CRLF "Content-Type: a/b"
	    CRLF "Content-Type: a/b" CRLF CRLF "v" END),
	BAD("no colon", D CRLF "Content-Disposition form-data; name=a" CRLF
	    CRLF "v" END),
	BAD("space before colon", D CRLF "Content-Disposition : form-data; "
	    "name=a" CRLF CRLF "v" END),
	BAD("empty header name", D CRLF ": x" CRLF CD "name=a" CRLF CRLF "v"
	    END),
	BAD("NUL in a header", D CRLF "X-A: a\0b" CRLF CD "name=a" CRLF CRLF
	    "v" END),
	BAD("bare CR in a header", D CRLF "X-A: a\rb" CRLF CD "name=a" CRLF
	    CRLF "v" END),
	BAD("control byte in Content-Type", D CRLF CD "name=a" CRLF
	    "Content-Type: a\x01" "b" CRLF CRLF "v" END),
	BAD("parameter without value", D CRLF CD "name" CRLF CRLF "v" END),
	BAD("parameter with empty value", D CRLF CD "name=" CRLF CRLF "v"
	    END),
	BAD("garbage after quoted value", D CRLF CD "name=\"a\"b" CRLF CRLF
	    "v" END),
	BAD("missing semicolon", D CRLF CD "name=a filename=b" CRLF CRLF "v"
	    END),
	BAD("NUL in text value", D CRLF CD "name=a" CRLF CRLF "x\0y" END),
	BAD("invalid UTF-8 in text value", D CRLF CD "name=a" CRLF CRLF
	    "\xc3\x28" END),
	BAD("surrogate in text value", D CRLF CD "name=a" CRLF CRLF
	    "\xed\xa0\x80" END),
	BAD("invalid UTF-8 in name", D CRLF CD "name=\"\xff\"" CRLF CRLF "v"
	    END),
	BAD("bare LF delimiter is not a delimiter", D CRLF CD "name=a" CRLF
	    CRLF "v\n" D "--\n"),
};

static const struct multipart_limits default_limits = {
	.max_parts = 8,
	.max_header_len = 256,
	.max_field_len = 64,
	.max_file_len = 1024,
	.max_files = 3,
};

struct limit_case {
	const char *what;
	const char *body;
	size_t body_len;
	struct multipart_limits lim;
	enum err rc;
	const char *marker;     /* error comes with the marker's last byte */
};

#define LIM(parts, hdr, field, file, files) \
	{ .max_parts = parts, .max_header_len = hdr, .max_field_len = field, \
	  .max_file_len = file, .max_files = files }

static const struct limit_case limit_cases[] = {
	{ "field at the limit",
	  BODY(D CRLF CD "name=a" CRLF CRLF "12345" END),
	  LIM(8, 256, 5, 1024, 3), ERR_OK, NULL },
	{ "field with a trailing CR at the limit",
	  BODY(D CRLF CD "name=a" CRLF CRLF "1234\r" END),
	  LIM(8, 256, 5, 1024, 3), ERR_OK, NULL },
	{ "field one byte over",
	  BODY(D CRLF CD "name=a" CRLF CRLF "12345X" END),
	  LIM(8, 256, 5, 1024, 3), ERR_TOO_LARGE, "12345X" },
	{ "field over by a released partial delimiter",
	  BODY(D CRLF CD "name=a" CRLF CRLF "123\r\n--AaB0x" END),
	  LIM(8, 256, 5, 1024, 3), ERR_TOO_LARGE, "123\r\n--AaB0x" },
	{ "empty field with limit 0",
	  BODY(D CRLF CD "name=a" CRLF CRLF END),
	  LIM(8, 256, 0, 1024, 3), ERR_OK, NULL },
	{ "field of one byte with limit 0",
	  BODY(D CRLF CD "name=a" CRLF CRLF "Z" END),
	  LIM(8, 256, 0, 1024, 3), ERR_TOO_LARGE, "\r\n\r\nZ" },
	{ "file at the limit",
	  BODY(D CRLF CD "name=f; filename=x" CRLF CRLF "abcde" END),
	  LIM(8, 256, 64, 5, 3), ERR_OK, NULL },
	{ "file one byte over",
	  BODY(D CRLF CD "name=f; filename=x" CRLF CRLF "abcdeF" END),
	  LIM(8, 256, 64, 5, 3), ERR_TOO_LARGE, "abcdeF" },
	{ "file limit is per file",
	  BODY(D CRLF CD "name=f; filename=x" CRLF CRLF "abcde" CRLF
	  D CRLF CD "name=g; filename=y" CRLF CRLF "fghij" END),
	  LIM(8, 256, 64, 5, 3), ERR_OK, NULL },
	{ "parts at the limit",
	  BODY(D CRLF CD "name=a" CRLF CRLF "v1" CRLF
	  D CRLF CD "name=b" CRLF CRLF "v2" END),
	  LIM(2, 256, 64, 1024, 3), ERR_OK, NULL },
	{ "one part too many",
	  BODY(D CRLF CD "name=a" CRLF CRLF "v1" CRLF
	  D CRLF CD "name=b" CRLF CRLF "v2" CRLF
	  D CRLF CD "name=c" CRLF CRLF "v3" END),
	  LIM(2, 256, 64, 1024, 3), ERR_TOO_LARGE, "v2\r\n--AaB03x\r\n" },
	{ "no parts allowed",
	  BODY(D CRLF CD "name=a" CRLF CRLF "v1" END),
	  LIM(0, 256, 64, 1024, 3), ERR_TOO_LARGE, D CRLF },
	{ "files at the limit",
	  BODY(D CRLF CD "name=f; filename=\"1.txt\"" CRLF CRLF "1" CRLF
	  D CRLF CD "name=a" CRLF CRLF "v" END),
	  LIM(8, 256, 64, 1024, 1), ERR_OK, NULL },
	{ "one file too many",
	  BODY(D CRLF CD "name=f; filename=\"1.txt\"" CRLF CRLF "1" CRLF
	  D CRLF CD "name=g; filename=\"2.txt\"" CRLF CRLF "2" END),
	  LIM(8, 256, 64, 1024, 1), ERR_TOO_LARGE,
	  "filename=\"2.txt\"\r\n\r\n" },
	{ "no files allowed",
	  BODY(D CRLF CD "name=a" CRLF CRLF "1" CRLF
	  D CRLF CD "name=g; filename=\"\"" CRLF CRLF END),
	  LIM(8, 256, 64, 1024, 0), ERR_TOO_LARGE, "filename=\"\"\r\n\r\n" },
	{ "headers at the limit (44 bytes)",
	  BODY(D CRLF CD "name=\"a\"" CRLF CRLF "v" END),
	  LIM(8, 44, 64, 1024, 3), ERR_OK, NULL },
	{ "headers one byte over",
	  BODY(D CRLF CD "name=\"a\"" CRLF CRLF "v" END),
	  LIM(8, 43, 64, 1024, 3), ERR_TOO_LARGE, "name=\"a\"\r\n\r\n" },
	{ "long header line with no end",
	  BODY(D CRLF "X-Long: 0123456789ABCDEFGHIJ"),
	  LIM(8, 20, 64, 1024, 3), ERR_TOO_LARGE, "X-Long: 0123456789ABC" },
	{ "header limit is per part",
	  BODY(D CRLF CD "name=\"a\"" CRLF CRLF "v" CRLF
	  D CRLF CD "name=\"b\"" CRLF CRLF "w" END),
	  LIM(8, 44, 64, 1024, 3), ERR_OK, NULL },
	{ "limit error before a later syntax error",
	  BODY(D CRLF CD "name=a" CRLF CRLF "123456" CRLF D "x"),
	  LIM(8, 256, 5, 1024, 3), ERR_TOO_LARGE, "123456" },
};

enum split {
	SPLIT_WHOLE,
	SPLIT_AT,
	SPLIT_BYTES,
};

struct run {
	struct arena *a;
	struct multipart *m;
	enum err rc;
	size_t err_from, err_to;        /* the chunk that first failed */
	struct param *fields;
	struct upload *uploads;
};

static void
run_body(struct run *r, const char *ct, const struct multipart_limits *lim,
    const char *dir, const char *body, size_t len, enum split how, size_t at)
{
	size_t pos = 0;

	memset(r, 0, sizeof(*r));
	r->a = arena_new(0);
	assert_int_equal(multipart_new(r->a, ct, lim, dir, &r->m), ERR_OK);
	while (pos < len || (how == SPLIT_WHOLE && pos == 0)) {
		size_t n = how == SPLIT_WHOLE ? len :
		    how == SPLIT_BYTES ? 1 :
		    pos < at ? at - pos : len - pos;

		r->rc = multipart_feed(r->m, body + pos, n);
		if (r->rc != ERR_OK) {
			r->err_from = pos;
			r->err_to = pos + n;
			/* sticky, even for good bytes */
			assert_int_equal(multipart_feed(r->m, "", 0), r->rc);
			assert_int_equal(multipart_feed(r->m, CRLF, 2), r->rc);
			return;
		}
		pos += n;
		if (n == 0)
			break;
	}
	r->rc = multipart_finish(r->m, &r->fields, &r->uploads);
	r->err_from = r->err_to = len;
}

static size_t
dir_count(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
check_file(const struct upload *u, const char *data, size_t len)
{
	struct stat st;
	FILE *f;
	char *got = malloc(len + 1);
	size_t got_len;

	assert_non_null(u->path);
	assert_int_equal(stat(u->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal((size_t)st.st_size, len);
	f = fopen(u->path, "rb");
	assert_non_null(f);
	got_len = fread(got, 1, len + 1, f);
	fclose(f);
	assert_int_equal(got_len, len);
	assert_memory_equal(got, data, len);
	free(got);
}

static void
end_run(struct run *r)
{
	multipart_cleanup(r->m);
	multipart_cleanup(r->m);        /* idempotent */
	assert_int_equal(dir_count(tmpdir), 0);
	arena_free(r->a);
}

static void
check_result(const struct mp_case *c, const struct run *r, const char *how,
    size_t at)
{
	const struct param *p = r->fields;
	const struct upload *u = r->uploads;

	if (r->rc != c->rc)
		fail_msg("%s (%s %zu): rc %d, want %d", c->what, how, at, r->rc,
		    c->rc);
	if (r->rc != ERR_OK)
		return;
	for (size_t i = 0; c->fields[i].name != NULL; i++, p = p->next) {
		if (p == NULL)
			fail_msg("%s: missing field %zu", c->what, i);
		assert_string_equal(p->name, c->fields[i].name);
		assert_string_equal(p->value, c->fields[i].value);
		assert_int_equal(p->value_len, strlen(c->fields[i].value));
	}
	assert_null(p);
	for (size_t i = 0; c->uploads[i].field != NULL; i++, u = u->next) {
		const struct want_upload *w = &c->uploads[i];
		size_t len = w->len ? w->len : strlen(w->data);
		size_t head_len = len < sizeof(u->head) ? len : sizeof(u->head);

		if (u == NULL)
			fail_msg("%s: missing upload %zu", c->what, i);
		assert_string_equal(u->field, w->field);
		assert_string_equal(u->filename, w->filename);
		assert_string_equal(u->content_type, w->content_type);
		assert_int_equal(u->len, len);
		assert_int_equal(u->head_len, head_len);
		assert_memory_equal(u->head, w->data, head_len);
		check_file(u, w->data, len);
	}
	assert_null(u);
}

static void
run_case_all_ways(const struct mp_case *c)
{
	struct run r;

	run_body(&r, CT, &default_limits, tmpdir, c->body, c->body_len,
	    SPLIT_WHOLE, 0);
	check_result(c, &r, "whole", 0);
	end_run(&r);
	for (size_t at = 0; at <= c->body_len; at++) {
		run_body(&r, CT, &default_limits, tmpdir, c->body, c->body_len,
		    SPLIT_AT, at);
		check_result(c, &r, "split at", at);
		end_run(&r);
	}
	run_body(&r, CT, &default_limits, tmpdir, c->body, c->body_len,
	    SPLIT_BYTES, 0);
	check_result(c, &r, "bytes", 0);
	end_run(&r);
}

static void
test_good_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(good_cases) / sizeof(good_cases[0]); i++)
		run_case_all_ways(&good_cases[i]);
}

static void
test_bad_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++)
		run_case_all_ways(&bad_cases[i]);
}

static void
check_limit(const struct limit_case *c, const struct run *r, const char *how,
    size_t at)
{
	if (r->rc != c->rc)
		fail_msg("%s (%s %zu): rc %d, want %d", c->what, how, at, r->rc,
		    c->rc);
	if (c->marker != NULL) {
		const char *m = memmem(c->body, c->body_len, c->marker,
		    strlen(c->marker));
		size_t want;

		assert_non_null(m);
		want = (size_t)(m - c->body) + strlen(c->marker) - 1;
		if (want < r->err_from || want >= r->err_to)
			fail_msg("%s (%s %zu): error in [%zu, %zu), want at "
			    "%zu", c->what, how, at, r->err_from, r->err_to,
			    want);
	}
}

static void
test_limit_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(limit_cases) / sizeof(limit_cases[0]);
	    i++) {
		const struct limit_case *c = &limit_cases[i];
		struct run r;

		run_body(&r, CT, &c->lim, tmpdir, c->body, c->body_len,
		    SPLIT_WHOLE, 0);
		check_limit(c, &r, "whole", 0);
		end_run(&r);
		for (size_t at = 0; at <= c->body_len; at++) {
			run_body(&r, CT, &c->lim, tmpdir, c->body,
			    c->body_len, SPLIT_AT, at);
			check_limit(c, &r, "split at", at);
			end_run(&r);
		}
		run_body(&r, CT, &c->lim, tmpdir, c->body, c->body_len,
		    SPLIT_BYTES, 0);
		check_limit(c, &r, "bytes", 0);
		end_run(&r);
	}
}

struct ct_case {
	const char *content_type;
	enum err rc;
	const char *boundary;   /* to build a body that must parse */
};

static const struct ct_case ct_cases[] = {
	{ "multipart/form-data; boundary=AaB03x", ERR_OK, "AaB03x" },
	{ "Multipart/Form-Data; Boundary=\"AaB03x\"", ERR_OK, "AaB03x" },
	{ "multipart/form-data;boundary=ab;charset=utf-8", ERR_OK, "ab" },
	{ "multipart/form-data; charset=\"utf-8; x\"; boundary=ab", ERR_OK,
	  "ab" },
	{ "  multipart/form-data ; boundary = ab ; ", ERR_OK, "ab" },
	{ "multipart/form-data; boundary=\"a b:c=d?\"", ERR_OK, "a b:c=d?" },
	{ "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
	  ERR_OK, "----WebKitFormBoundary7MA4YWxkTrZu0gW" },
	{ "multipart/form-data; boundary=a/b=c", ERR_OK, "a/b=c" },
	{ "multipart/form-data; boundary=-", ERR_OK, "-" },
	{ "multipart/form-data; boundary="
	  "0123456789012345678901234567890123456789012345678901234567890123456789",
	  ERR_OK,
	  "0123456789012345678901234567890123456789012345678901234567890123456789" },
	{ "multipart/form-data; boundary="
	  "01234567890123456789012345678901234567890123456789012345678901234567890",
	  ERR_BAD_INPUT, NULL },
	{ "multipart/form-data; boundary=\"a \"", ERR_BAD_INPUT, NULL },
	{ "multipart/form-data; boundary=", ERR_BAD_INPUT, NULL },
	{ "multipart/form-data; boundary=\"\"", ERR_BAD_INPUT, NULL },
	{ "multipart/form-data; boundary=\"ab", ERR_BAD_INPUT, NULL },
	{ "multipart/form-data; boundary=a@b", ERR_BAD_INPUT, NULL },
	{ "multipart/form-data; boundary=\"a\\\"b\"", ERR_BAD_INPUT, NULL },
	{ "multipart/form-data; boundary=a\rb", ERR_BAD_INPUT, NULL },
	{ "multipart/form-data; boundary=a; boundary=b", ERR_BAD_INPUT, NULL },
	{ "multipart/form-data; boundary=a; BOUNDARY=a", ERR_BAD_INPUT, NULL },
	{ "multipart/form-data", ERR_BAD_INPUT, NULL },
	{ "multipart/form-data;", ERR_BAD_INPUT, NULL },
	{ "multipart/form-data; charset=utf-8", ERR_BAD_INPUT, NULL },
	{ "multipart/form-data; boundary", ERR_BAD_INPUT, NULL },
	{ "multipart/form-data boundary=a", ERR_BAD_INPUT, NULL },
	{ "multipart/mixed; boundary=a", ERR_BAD_INPUT, NULL },
	{ "multipart/form-datax; boundary=a", ERR_BAD_INPUT, NULL },
	{ "application/x-www-form-urlencoded", ERR_BAD_INPUT, NULL },
	{ "", ERR_BAD_INPUT, NULL },
	{ NULL, ERR_BAD_INPUT, NULL },
};

static void
test_content_type_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(ct_cases) / sizeof(ct_cases[0]); i++) {
		const struct ct_case *c = &ct_cases[i];
		struct arena *a = arena_new(0);
		struct multipart *m = (struct multipart *)1;
		struct param *fields;
		struct upload *uploads;
		enum err rc;
		char *body;

		rc = multipart_new(a, c->content_type, &default_limits, NULL,
		    &m);
		if (rc != c->rc)
			fail_msg("ct case %zu \"%s\": rc %d", i,
			    c->content_type, rc);
		if (rc != ERR_OK) {
			assert_null(m);
			arena_free(a);
			continue;
		}
		body = arena_printf(a, "--%s\r\nContent-Disposition: form-data;"
		    " name=x\r\n\r\nv\r\n--%s--", c->boundary, c->boundary);
		assert_int_equal(multipart_feed(m, body, strlen(body)), ERR_OK);
		assert_int_equal(multipart_finish(m, &fields, &uploads),
		    ERR_OK);
		assert_non_null(fields);
		assert_string_equal(fields->value, "v");
		multipart_cleanup(m);
		arena_free(a);
	}
}

static const char keep_body[] =
    D CRLF CD "name=\"a\"; filename=\"a.txt\"" CRLF CRLF "AAA" CRLF
    D CRLF CD "name=\"b\"; filename=\"b.txt\"" CRLF CRLF "BBB" CRLF
    D CRLF CD "name=\"c\"; filename=\"c.txt\"" CRLF CRLF "CCC" END;

static void
test_keep(void **state)
{
	struct arena *a = arena_new(0);
	struct multipart *m;
	struct param *fields;
	struct upload *up, *ua, *ub, *uc;
	char *kept_b, *kept_c;

	(void)state;
	assert_int_equal(multipart_new(a, CT, &default_limits, tmpdir, &m),
	    ERR_OK);
	assert_int_equal(multipart_feed(m, keep_body, sizeof(keep_body) - 1),
	    ERR_OK);
	assert_int_equal(multipart_finish(m, &fields, &up), ERR_OK);
	assert_null(fields);
	ua = up;
	ub = ua->next;
	uc = ub->next;
	assert_null(uc->next);
	assert_int_equal(dir_count(tmpdir), 3);
	kept_b = arena_strdup(a, ub->path);
	kept_c = arena_strdup(a, uc->path);
	multipart_keep(m, ub);
	uc->path = NULL;        /* the other way to say "mine" */
	multipart_cleanup(m);
	assert_int_equal(access(ua->path, F_OK), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(access(kept_b, F_OK), 0);
	assert_int_equal(access(kept_c, F_OK), 0);
	assert_int_equal(dir_count(tmpdir), 2);
	unlink(kept_b);
	unlink(kept_c);
	/* after cleanup the parser refuses work */
	assert_int_equal(multipart_feed(m, "x", 1), ERR_INTERNAL);
	assert_int_equal(multipart_finish(m, &fields, &up), ERR_INTERNAL);
	assert_null(up);
	multipart_cleanup(NULL);
	arena_free(a);
}

/* Files that are still being written when an error strikes. */
static void
test_cleanup_after_error(void **state)
{
	static const char body[] = D CRLF CD "name=a; filename=a" CRLF CRLF
	    "partial data";
	struct arena *a = arena_new(0);
	struct multipart *m;

	(void)state;
	assert_int_equal(multipart_new(a, CT, &default_limits, tmpdir, &m),
	    ERR_OK);
	assert_int_equal(multipart_feed(m, body, sizeof(body) - 1), ERR_OK);
	assert_int_equal(dir_count(tmpdir), 1);
	assert_int_equal(multipart_feed(m, "\0", 1), ERR_OK);
	assert_int_equal(multipart_feed(m, CRLF D "x", 11), ERR_BAD_INPUT);
	assert_int_equal(multipart_feed(m, END, sizeof(END) - 1),
	    ERR_BAD_INPUT);
	multipart_cleanup(m);
	assert_int_equal(dir_count(tmpdir), 0);
	arena_free(a);

	/* abandoned without finish */
	a = arena_new(0);
	assert_int_equal(multipart_new(a, CT, &default_limits, tmpdir, &m),
	    ERR_OK);
	assert_int_equal(multipart_feed(m, body, sizeof(body) - 1), ERR_OK);
	multipart_cleanup(m);
	assert_int_equal(dir_count(tmpdir), 0);
	arena_free(a);
}

static void
test_io_error(void **state)
{
	static const char body[] = D CRLF CD "name=a" CRLF CRLF "v" CRLF
	    D CRLF CD "name=f; filename=a" CRLF CRLF "data" END;
	struct arena *a = arena_new(0);
	struct multipart *m;
	struct param *fields;
	struct upload *up;

	(void)state;
	assert_int_equal(multipart_new(a, CT, &default_limits,
	    "/nonexistent/tandem", &m), ERR_OK);
	assert_int_equal(multipart_feed(m, body, sizeof(body) - 1), ERR_IO);
	assert_int_equal(multipart_feed(m, "", 0), ERR_IO);
	assert_int_equal(multipart_finish(m, &fields, &up), ERR_IO);
	assert_null(fields);
	assert_null(up);
	multipart_cleanup(m);
	arena_free(a);
}

static void
test_no_tmpdir(void **state)
{
	struct arena *a = arena_new(0);
	struct multipart *m;
	struct param *fields;
	struct upload *up;
	static const char body[] = D CRLF CD "name=f; filename=\"x\"" CRLF
	    CRLF X1000 END;

	(void)state;
	assert_int_equal(multipart_new(a, CT, &default_limits, NULL, &m),
	    ERR_OK);
	assert_int_equal(multipart_feed(m, body, sizeof(body) - 1), ERR_OK);
	assert_int_equal(multipart_finish(m, &fields, &up), ERR_OK);
	assert_null(up->path);
	assert_int_equal(up->len, 1000);
	assert_int_equal(up->head_len, 512);
	assert_memory_equal(up->head, X1000, 512);
	multipart_cleanup(m);
	arena_free(a);
}

/* A file bigger than the write buffer, with delimiter look-alikes, fed in
 * awkward chunk sizes. */
static void
test_big_file(void **state)
{
	static const size_t chunks[] = { 1, 3, 7, 73, 4096, 65537, 300000 };
	const size_t data_len = 200000;
	struct multipart_limits lim = default_limits;
	char *data = malloc(data_len), *body;
	size_t body_len;
	struct buf b;
	uint32_t x = 12345;

	(void)state;
	for (size_t i = 0; i < data_len; i++) {
		x = x * 1103515245 + 12345;
		data[i] = "\r\n-AaB03x\r"[(x >> 16) % 10];
		if ((x >> 8) % 97 == 0)
			data[i] = (char)(x >> 24);
	}
	buf_init(&b, 0);
	buf_puts(&b, D CRLF CD "name=f; filename=\"big\"" CRLF CRLF);
	buf_append(&b, data, data_len);
	buf_puts(&b, END);
	body = buf_take(&b, &body_len);
	lim.max_file_len = data_len;
	for (size_t k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
		struct arena *a = arena_new(0);
		struct multipart *m;
		struct param *fields;
		struct upload *up;

		assert_int_equal(multipart_new(a, CT, &lim, tmpdir, &m),
		    ERR_OK);
		for (size_t pos = 0; pos < body_len; pos += chunks[k]) {
			size_t n = body_len - pos < chunks[k] ?
			    body_len - pos : chunks[k];
			assert_int_equal(multipart_feed(m, body + pos, n),
			    ERR_OK);
		}
		assert_int_equal(multipart_finish(m, &fields, &up), ERR_OK);
		assert_int_equal(up->len, data_len);
		check_file(up, data, data_len);
		multipart_cleanup(m);
		assert_int_equal(dir_count(tmpdir), 0);
		arena_free(a);
	}
	free(body);
	free(data);
}

/* 10 MB of bytes that keep starting delimiters must stay linear. */
static void
test_linear_time(void **state)
{
	static const char *fills[] = { "\r", "-", "\r\n", "\r\n--AaB03",
	    "\r\n--AaB03x-", "\n--AaB03x\r" };
	const size_t fill_len = (size_t)10 * 1024 * 1024;
	struct multipart_limits lim = default_limits;
	char *fill = malloc(fill_len);
	static const char head[] = D CRLF CD "name=f; filename=x" CRLF CRLF;

	(void)state;
	lim.max_file_len = fill_len;
	lim.max_field_len = fill_len;
	for (size_t k = 0; k < sizeof(fills) / sizeof(fills[0]); k++) {
		size_t flen = strlen(fills[k]);
		for (size_t i = 0; i < fill_len; i++)
			fill[i] = fills[k][i % flen];
		for (int where = 0; where < 3; where++) {
			/* 0: in a file, 1: in the preamble, 2: in a field */
			struct arena *a = arena_new(0);
			struct multipart *m;
			struct param *fields;
			struct upload *up;
			struct timespec t0, t1;
			double secs;
			enum err rc = ERR_OK;

			clock_gettime(CLOCK_MONOTONIC, &t0);
			assert_int_equal(multipart_new(a, CT, &lim, NULL, &m),
			    ERR_OK);
			if (where == 0)
				rc = multipart_feed(m, head, sizeof(head) - 1);
			else if (where == 2)
				rc = multipart_feed(m, D CRLF CD "name=f" CRLF
				    CRLF, 31);
			assert_int_equal(rc, ERR_OK);
			for (size_t pos = 0; pos < fill_len && rc == ERR_OK;
			    pos += 65536)
				rc = multipart_feed(m, fill + pos, 65536);
			if (rc == ERR_OK)
				rc = multipart_feed(m, END, sizeof(END) - 1);
			if (rc == ERR_OK)
				rc = multipart_finish(m, &fields, &up);
			clock_gettime(CLOCK_MONOTONIC, &t1);
			secs = (double)(t1.tv_sec - t0.tv_sec) +
			    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
			if (secs > 3.0)
				fail_msg("fill %zu at %d took %.2f s", k,
				    where, secs);
			if (where == 0 && k < 4) {
				assert_int_equal(rc, ERR_OK);
				assert_int_equal(up->len, fill_len);
			}
			multipart_cleanup(m);
			arena_free(a);
		}
	}
	free(fill);
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	return rmdir(tmpdir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_table),
		cmocka_unit_test(test_bad_table),
		cmocka_unit_test(test_limit_table),
		cmocka_unit_test(test_content_type_table),
		cmocka_unit_test(test_keep),
		cmocka_unit_test(test_cleanup_after_error),
		cmocka_unit_test(test_io_error),
		cmocka_unit_test(test_no_tmpdir),
		cmocka_unit_test(test_big_file),
		cmocka_unit_test(test_linear_time),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
