/*
 * test_sniff.c - core/sniff.c: every kind of document recognised from
 * its bytes, and the near-misses refused (an HTML page or an ELF named
 * .pdf, a PDF without its end marker, a ZIP that is not an office file,
 * an OpenDocument whose mimetype is compressed or wrong, macro-enabled
 * Word, truncated and lying ZIP directories, text with NUL or broken
 * UTF-8); and core/files.c's files_clean_name, as a table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/files.h"
#include "core/sniff.h"

/* ---- a tiny ZIP writer (stored entries) ---- */

struct zip {
	unsigned char b[8192];
	size_t len;
	unsigned char cd[4096];
	size_t cd_len;
	unsigned n;
};

static void
put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void
put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

/* method 0 stored, 8 deflate (the bytes are stored either way: only the
 * header says which) */
static void
zip_add(struct zip *z, const char *name, const char *data, unsigned method)
{
	size_t nlen = strlen(name), dlen = strlen(data);
	unsigned char *h = z->b + z->len;
	memset(h, 0, 30);
	put32(h, 0x04034b50);
	put16(h + 8, method);
	put32(h + 18, (uint32_t)dlen);
	put32(h + 22, (uint32_t)dlen);
	put16(h + 26, (unsigned)nlen);
	memcpy(h + 30, name, nlen);
	memcpy(h + 30 + nlen, data, dlen);
	unsigned char *c = z->cd + z->cd_len;
	memset(c, 0, 46);
	put32(c, 0x02014b50);
	put16(c + 10, method);
	put32(c + 20, (uint32_t)dlen);
	put32(c + 24, (uint32_t)dlen);
	put16(c + 28, (unsigned)nlen);
	put32(c + 42, (uint32_t)z->len);
	memcpy(c + 46, name, nlen);
	z->cd_len += 46 + nlen;
	z->len += 30 + nlen + dlen;
	z->n++;
}

static size_t
zip_end(struct zip *z)
{
	uint32_t off = (uint32_t)z->len;
	memcpy(z->b + z->len, z->cd, z->cd_len);
	z->len += z->cd_len;
	unsigned char *e = z->b + z->len;
	memset(e, 0, 22);
	put32(e, 0x06054b50);
	put16(e + 8, z->n);
	put16(e + 10, z->n);
	put32(e + 12, (uint32_t)z->cd_len);
	put32(e + 16, off);
	z->len += 22;
	return z->len;
}

static enum sniff_kind
office(const char *const *names, size_t n)
{
	static struct zip z;
	memset(&z, 0, sizeof(z));
	for (size_t i = 0; i < n; i++)
		zip_add(&z, names[i], "<x/>", 8);
	return sniff_bytes(z.b, zip_end(&z));
}

static enum sniff_kind
odf(const char *first, const char *type, unsigned method)
{
	static struct zip z;
	memset(&z, 0, sizeof(z));
	zip_add(&z, first, type, method);
	zip_add(&z, "content.xml", "<office:document-content/>", 8);
	zip_add(&z, "META-INF/manifest.xml", "<manifest/>", 8);
	return sniff_bytes(z.b, zip_end(&z));
}

static void
test_office(void **state)
{
	(void)state;
	const char *docx[] = {"[Content_Types].xml", "_rels/.rels", "word/document.xml"};
	const char *xlsx[] = {"[Content_Types].xml", "xl/workbook.xml"};
	const char *pptx[] = {"[Content_Types].xml", "ppt/presentation.xml"};
	const char *no_ct[] = {"_rels/.rels", "word/document.xml"};
	const char *no_part[] = {"[Content_Types].xml", "docProps/app.xml"};
	const char *two[] = {"[Content_Types].xml", "word/document.xml", "xl/workbook.xml"};
	const char *macro[] = {"[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"};
	const char *plain[] = {"readme.txt", "setup.exe"};
	assert_int_equal(office(docx, 3), SNIFF_DOCX);
	assert_int_equal(office(xlsx, 2), SNIFF_XLSX);
	assert_int_equal(office(pptx, 2), SNIFF_PPTX);
	assert_int_equal(office(no_ct, 2), SNIFF_NONE);
	assert_int_equal(office(no_part, 2), SNIFF_NONE);
	assert_int_equal(office(two, 3), SNIFF_NONE);
	assert_int_equal(office(macro, 3), SNIFF_NONE);
	assert_int_equal(office(plain, 2), SNIFF_NONE);
}

static void
test_opendocument(void **state)
{
	(void)state;
	assert_int_equal(odf("mimetype", "application/vnd.oasis.opendocument.text", 0),
	    SNIFF_ODT);
	assert_int_equal(odf("mimetype", "application/vnd.oasis.opendocument.spreadsheet", 0),
	    SNIFF_ODS);
	assert_int_equal(odf("mimetype", "application/vnd.oasis.opendocument.presentation",
	    0), SNIFF_ODP);
	/* compressed mimetype, another type, a template, not first */
	assert_int_equal(odf("mimetype", "application/vnd.oasis.opendocument.text", 8),
	    SNIFF_NONE);
	assert_int_equal(odf("mimetype", "application/vnd.oasis.opendocument.graphics", 0),
	    SNIFF_NONE);
	assert_int_equal(odf("mimetype", "application/vnd.oasis.opendocument.text-template",
	    0), SNIFF_NONE);
	assert_int_equal(odf("mimetypes", "application/vnd.oasis.opendocument.text", 0),
	    SNIFF_NONE);
}

static void
test_broken_zip(void **state)
{
	(void)state;
	static struct zip z;
	memset(&z, 0, sizeof(z));
	zip_add(&z, "[Content_Types].xml", "<x/>", 8);
	zip_add(&z, "word/document.xml", "<x/>", 8);
	size_t len = zip_end(&z);
	assert_int_equal(sniff_bytes(z.b, len), SNIFF_DOCX);
	/* cut off: no end record */
	assert_int_equal(sniff_bytes(z.b, len - 10), SNIFF_NONE);
	/* the directory claims to lie past the end record */
	unsigned char copy[8192];
	memcpy(copy, z.b, len);
	put32(copy + len - 22 + 16, (uint32_t)len);
	assert_int_equal(sniff_bytes(copy, len), SNIFF_NONE);
	/* more entries than the directory holds */
	memcpy(copy, z.b, len);
	put16(copy + len - 22 + 10, 3);
	assert_int_equal(sniff_bytes(copy, len), SNIFF_NONE);
	/* a name longer than the directory */
	memcpy(copy, z.b, len);
	put16(copy + len - 22 - z.cd_len + 28, 4000);
	assert_int_equal(sniff_bytes(copy, len), SNIFF_NONE);
	/* just the signature */
	assert_int_equal(sniff_bytes((const unsigned char *)"PK\3\4", 4), SNIFF_NONE);
}

static void
test_simple_kinds(void **state)
{
	(void)state;
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0,
		0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15,
		0xc4, 0x89};
	static const unsigned char png_short[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	static const unsigned char jpeg[] = {0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F'};
	static const unsigned char not_jpeg[] = {0xff, 0xd8, 0xff, 0xff, 0, 0};
	static const unsigned char elf[] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0};
	static const unsigned char mz[] = {'M', 'Z', 0x90, 0, 3, 0, 0, 0};
	static const unsigned char nul_text[] = {'h', 'i', 0, 't', 'h', 'e', 'r', 'e'};
	static const struct {
		const unsigned char *b;
		size_t len;
		enum sniff_kind want;
	} cases[] = {
		{png, sizeof(png), SNIFF_PNG},
		{png_short, sizeof(png_short), SNIFF_NONE},
		{jpeg, sizeof(jpeg), SNIFF_JPEG},
		{not_jpeg, sizeof(not_jpeg), SNIFF_NONE},
		{elf, sizeof(elf), SNIFF_NONE},
		{mz, sizeof(mz), SNIFF_NONE},
		{nul_text, sizeof(nul_text), SNIFF_NONE},
		{(const unsigned char *)"%PDF-1.7\n1 0 obj\n%%EOF\n", 23, SNIFF_PDF},
		{(const unsigned char *)"%PDF-1.7\n1 0 obj\n", 17, SNIFF_NONE},
		{(const unsigned char *)" %PDF-1.7\n%%EOF", 15, SNIFF_TXT},
		{(const unsigned char *)"Notes for Tuesday\r\n\tgoals\f", 26, SNIFF_TXT},
		{(const unsigned char *)"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14, SNIFF_TXT},
		{(const unsigned char *)"\xef\xbb\xbfwith a BOM", 13, SNIFF_TXT},
		{(const unsigned char *)"a < b and b > c", 15, SNIFF_TXT},
		{(const unsigned char *)"<banana> is not a tag we know", 29, SNIFF_TXT},
		{(const unsigned char *)"overlong \xc0\xaf", 11, SNIFF_NONE},
		{(const unsigned char *)"surrogate \xed\xa0\x80", 13, SNIFF_NONE},
		{(const unsigned char *)"too big \xf4\x90\x80\x80", 12, SNIFF_NONE},
		{(const unsigned char *)"cut \xe2\x82", 6, SNIFF_NONE},
		{(const unsigned char *)"latin-1 caf\xe9", 12, SNIFF_NONE},
		{(const unsigned char *)"bell \x07", 6, SNIFF_NONE},
		{(const unsigned char *)"del \x7f", 5, SNIFF_NONE},
		{(const unsigned char *)"<!DOCTYPE html><p>x", 19, SNIFF_NONE},
		{(const unsigned char *)"  \n<HTML>", 9, SNIFF_NONE},
		{(const unsigned char *)"<svg xmlns='x'/>", 16, SNIFF_NONE},
		{(const unsigned char *)"<?xml version='1.0'?>", 21, SNIFF_NONE},
		{(const unsigned char *)"<b>bold</b>", 11, SNIFF_NONE},
		{(const unsigned char *)"hello <ScRiPt>alert(1)</script>", 31, SNIFF_NONE},
		{(const unsigned char *)"\xef\xbb\xbf<html>", 9, SNIFF_NONE},
		{(const unsigned char *)"", 0, SNIFF_NONE},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (sniff_bytes(cases[i].b, cases[i].len) != cases[i].want)
			fail_msg("case %zu: got %d, want %d", i,
			    (int)sniff_bytes(cases[i].b, cases[i].len), (int)cases[i].want);
	}
	assert_int_equal(sniff_bytes(NULL, 0), SNIFF_NONE);
}

static void
test_names(void **state)
{
	(void)state;
	for (int k = 1; k < SNIFF__MAX; k++) {
		assert_int_equal(sniff_parse(sniff_name((enum sniff_kind)k)), k);
		assert_true(sniff_ext_fits((enum sniff_kind)k, sniff_ext((enum sniff_kind)k)));
		assert_true(strlen(sniff_mime((enum sniff_kind)k)) > 0);
	}
	assert_int_equal(sniff_parse("exe"), SNIFF_NONE);
	assert_int_equal(sniff_parse(NULL), SNIFF_NONE);
	assert_string_equal(sniff_ext(SNIFF_JPEG), "jpg");
	assert_true(sniff_ext_fits(SNIFF_JPEG, "JPEG"));
	assert_false(sniff_ext_fits(SNIFF_PDF, "docx"));
	assert_false(sniff_ext_fits(SNIFF_NONE, "bin"));
	assert_string_equal(sniff_family(SNIFF_ODS), "OpenDocument");
	assert_string_equal(sniff_name((enum sniff_kind)99), "");
}

static void
test_clean_name(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	static const struct { const char *in, *out; size_t max; } cases[] = {
		{"report.pdf", "report.pdf", 120},
		{"../../etc/passwd", "passwd", 120},
		{"..\\..\\Windows\\win.ini", "win.ini", 120},
		{"C:\\Users\\me\\cv final.docx", "cv final.docx", 120},
		{"dir/", "", 120},
		{"..", "", 120},
		{"...hidden", "hidden", 120},
		{" spaced .pdf. ", "spaced .pdf", 120},
		{"tab\there\x01.txt", "tabhere.txt", 120},
		{"nul\x7f\xc2\x85.txt", "nul.txt", 120},                 /* DEL, C1 NEL */
		{"evil\xe2\x80\xaegpj.exe", "evilgpj.exe", 120},         /* RLO dropped */
		{"bad\xff\xfeutf8.txt", "badutf8.txt", 120},
		{"caf\xc3\xa9.pdf", "caf\xc3\xa9.pdf", 120},
		{"abcdefghij.pdf", "abcdef.pdf", 10},                    /* extension kept */
		{"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9.pdf",
		    "\xc3\xa9\xc3\xa9.pdf", 6},                          /* characters */
		{"abcdefghijklmnop", "abcdefghij", 10},
		{"name.verylongextension", "name.veryl", 10},
		{"", "", 120},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = files_clean_name(a, cases[i].in, cases[i].max);
		if (strcmp(got, cases[i].out) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, got, cases[i].out);
	}
	assert_string_equal(files_clean_name(a, NULL, 10), "");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple_kinds),
		cmocka_unit_test(test_office),
		cmocka_unit_test(test_opendocument),
		cmocka_unit_test(test_broken_zip),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_clean_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
