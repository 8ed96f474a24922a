/*
 * sniff.c - document kinds from their bytes (sniff.h).
 *
 * The ZIP walk trusts nothing: the end-of-central-directory record is
 * searched for in the last 64 KiB + 22 bytes, its directory must lie
 * wholly inside the data, and every entry's header and name are
 * bounds-checked before they are read.  At most ZIP_ENTRIES_MAX entries
 * are looked at (an office file has tens).  The file is not
 * decompressed: the names in the directory are enough to tell the
 * kinds apart, and the download goes out as an attachment with nosniff.
 */
#include "core/sniff.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#define PDF_WINDOW 1024
#define ZIP_ENTRIES_MAX 4096

static const struct {
	const char *name, *mime, *ext, *alt_ext, *label, *family;
} kinds[SNIFF__MAX] = {
	[SNIFF_NONE] = {"", "application/octet-stream", "bin", NULL, "Unknown", "unknown"},
	[SNIFF_PDF] = {"pdf", "application/pdf", "pdf", NULL, "PDF", "PDF"},
	[SNIFF_DOCX] = {"docx", "application/vnd.openxmlformats-officedocument."
	    "wordprocessingml.document", "docx", NULL, "Word document", "Word"},
	[SNIFF_XLSX] = {"xlsx", "application/vnd.openxmlformats-officedocument."
	    "spreadsheetml.sheet", "xlsx", NULL, "Excel spreadsheet", "Excel"},
	[SNIFF_PPTX] = {"pptx", "application/vnd.openxmlformats-officedocument."
	    "presentationml.presentation", "pptx", NULL, "PowerPoint presentation",
	    "PowerPoint"},
	[SNIFF_ODT] = {"odt", "application/vnd.oasis.opendocument.text", "odt", NULL,
	    "OpenDocument text", "OpenDocument"},
	[SNIFF_ODS] = {"ods", "application/vnd.oasis.opendocument.spreadsheet", "ods", NULL,
	    "OpenDocument spreadsheet", "OpenDocument"},
	[SNIFF_ODP] = {"odp", "application/vnd.oasis.opendocument.presentation", "odp",
	    NULL, "OpenDocument presentation", "OpenDocument"},
	[SNIFF_TXT] = {"txt", "text/plain; charset=utf-8", "txt", "text", "Text file",
	    "text"},
	[SNIFF_PNG] = {"png", "image/png", "png", NULL, "PNG image", "PNG"},
	[SNIFF_JPEG] = {"jpeg", "image/jpeg", "jpg", "jpeg", "JPEG image", "JPEG"},
};

const char *
sniff_name(enum sniff_kind k)
{
	return (unsigned)k < SNIFF__MAX ? kinds[k].name : "";
}

enum sniff_kind
sniff_parse(const char *name)
{
	for (int k = 1; name != NULL && k < SNIFF__MAX; k++)
		if (strcmp(kinds[k].name, name) == 0)
			return (enum sniff_kind)k;
	return SNIFF_NONE;
}

const char *
sniff_mime(enum sniff_kind k)
{
	return kinds[(unsigned)k < SNIFF__MAX ? k : SNIFF_NONE].mime;
}

const char *
sniff_ext(enum sniff_kind k)
{
	return kinds[(unsigned)k < SNIFF__MAX ? k : SNIFF_NONE].ext;
}

bool
sniff_ext_fits(enum sniff_kind k, const char *ext)
{
	if (k == SNIFF_NONE || (unsigned)k >= SNIFF__MAX || ext == NULL)
		return false;
	return strcasecmp(ext, kinds[k].ext) == 0 ||
	    (kinds[k].alt_ext != NULL && strcasecmp(ext, kinds[k].alt_ext) == 0);
}

const char *
sniff_label(enum sniff_kind k)
{
	return kinds[(unsigned)k < SNIFF__MAX ? k : SNIFF_NONE].label;
}

const char *
sniff_family(enum sniff_kind k)
{
	return kinds[(unsigned)k < SNIFF__MAX ? k : SNIFF_NONE].family;
}

/* ---- simple signatures ---- */

static bool
is_pdf(const unsigned char *d, size_t len)
{
	if (len < 5 + 5 || memcmp(d, "%PDF-", 5) != 0)
		return false;
	size_t from = len > PDF_WINDOW ? len - PDF_WINDOW : 0;
	for (size_t i = from; i + 5 <= len; i++)
		if (memcmp(d + i, "%%EOF", 5) == 0)
			return true;
	return false;
}

static bool
is_png(const unsigned char *d, size_t len)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	static const unsigned char ihdr[8] = {0, 0, 0, 13, 'I', 'H', 'D', 'R'};
	return len >= 33 && memcmp(d, sig, 8) == 0 && memcmp(d + 8, ihdr, 8) == 0;
}

static bool
is_jpeg(const unsigned char *d, size_t len)
{
	return len >= 4 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff && d[3] >= 0xc0 &&
	    d[3] != 0xff;
}

/* ---- ZIP containers ---- */

static uint32_t
le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

struct zip_seen {
	bool content_types, word, xl, ppt, macros;
};

static bool
has_prefix(const unsigned char *name, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);
	return len > n && memcmp(name, prefix, n) == 0;
}

static bool
ends_with(const unsigned char *name, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);
	return len >= n && memcmp(name + len - n, suffix, n) == 0;
}

/* Walk the central directory; false when the ZIP structure is broken. */
static bool
zip_walk(const unsigned char *d, size_t len, struct zip_seen *seen)
{
	if (len < 22)
		return false;
	/* the end record: PK 5 6, searched back over the longest comment */
	size_t lowest = len > 22 + 65535 ? len - 22 - 65535 : 0, eocd = SIZE_MAX;
	for (size_t i = len - 22 + 1; i-- > lowest;) {
		if (d[i] == 'P' && d[i + 1] == 'K' && d[i + 2] == 5 && d[i + 3] == 6) {
			eocd = i;
			break;
		}
	}
	if (eocd == SIZE_MAX)
		return false;
	uint32_t entries = le16(d + eocd + 10);
	uint32_t cd_size = le32(d + eocd + 12), cd_off = le32(d + eocd + 16);
	if (entries == 0 || entries > ZIP_ENTRIES_MAX || cd_off > eocd ||
	    cd_size > eocd - cd_off)
		return false;
	size_t p = cd_off, end = (size_t)cd_off + cd_size;
	for (uint32_t i = 0; i < entries; i++) {
		if (end - p < 46 || le32(d + p) != 0x02014b50)
			return false;
		size_t nlen = le16(d + p + 28), xlen = le16(d + p + 30), clen = le16(d + p + 32);
		if (end - p - 46 < nlen + xlen + clen)
			return false;
		const unsigned char *name = d + p + 46;
		if (nlen == 19 && memcmp(name, "[Content_Types].xml", 19) == 0)
			seen->content_types = true;
		else if (has_prefix(name, nlen, "word/"))
			seen->word = true;
		else if (has_prefix(name, nlen, "xl/"))
			seen->xl = true;
		else if (has_prefix(name, nlen, "ppt/"))
			seen->ppt = true;
		if (ends_with(name, nlen, "vbaProject.bin"))
			seen->macros = true;
		p += 46 + nlen + xlen + clen;
	}
	return true;
}

/* The OpenDocument kind named by a stored "mimetype" first entry. */
static enum sniff_kind
odf_kind(const unsigned char *d, size_t len)
{
	static const struct { const char *type; enum sniff_kind kind; } odf[] = {
		{"application/vnd.oasis.opendocument.text", SNIFF_ODT},
		{"application/vnd.oasis.opendocument.spreadsheet", SNIFF_ODS},
		{"application/vnd.oasis.opendocument.presentation", SNIFF_ODP},
	};
	if (len < 30 + 8 || le32(d) != 0x04034b50)
		return SNIFF_NONE;
	uint32_t method = le16(d + 8), csize = le32(d + 18), usize = le32(d + 22);
	size_t nlen = le16(d + 26), xlen = le16(d + 28);
	if (method != 0 || csize != usize || nlen != 8 || memcmp(d + 30, "mimetype", 8) != 0)
		return SNIFF_NONE;
	size_t data = 30 + nlen + xlen;
	if (data > len || csize > len - data)
		return SNIFF_NONE;
	for (size_t i = 0; i < sizeof(odf) / sizeof(odf[0]); i++)
		if (csize == strlen(odf[i].type) && memcmp(d + data, odf[i].type, csize) == 0)
			return odf[i].kind;
	return SNIFF_NONE;
}

static enum sniff_kind
zip_kind(const unsigned char *d, size_t len)
{
	struct zip_seen seen = {0};
	if (len < 4 || le32(d) != 0x04034b50 || !zip_walk(d, len, &seen))
		return SNIFF_NONE;
	enum sniff_kind odf = odf_kind(d, len);
	if (odf != SNIFF_NONE)
		return odf;
	if (!seen.content_types || seen.macros)
		return SNIFF_NONE;
	if (seen.word + seen.xl + seen.ppt != 1)
		return SNIFF_NONE;
	return seen.word ? SNIFF_DOCX : seen.xl ? SNIFF_XLSX : SNIFF_PPTX;
}

/* ---- text ---- */

/* Length of one valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	size_t need;
	uint32_t cp, min;
	if (c >= 0xc2 && c <= 0xdf) {
		need = 2, cp = c & 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 3, cp = c & 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 4, cp = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need;
}

static bool
ci_prefix(const unsigned char *s, size_t n, const char *p)
{
	size_t m = strlen(p);
	return n >= m && strncasecmp((const char *)s, p, m) == 0;
}

/* Markup a browser would render as a page (after the WHATWG sniffing
 * patterns): a leading tag of HTML, SVG or XML, or a script anywhere. */
static bool
looks_like_markup(const unsigned char *d, size_t len)
{
	static const char *const tags[] = {"<!doctype", "<html", "<head", "<script",
		"<iframe", "<h1", "<div", "<font", "<table", "<a", "<style", "<title", "<b",
		"<body", "<br", "<p", "<!--", "<?xml", "<svg", "<object", "<embed", "<img",
		"<meta", "<form", "<link"};
	size_t i = 0;
	if (len >= 3 && d[0] == 0xef && d[1] == 0xbb && d[2] == 0xbf)
		i = 3;
	while (i < len && (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r' ||
	    d[i] == '\f'))
		i++;
	for (size_t t = 0; t < sizeof(tags) / sizeof(tags[0]); t++) {
		size_t m = strlen(tags[t]);
		if (ci_prefix(d + i, len - i, tags[t])) {
			/* the tag must end: "<b " or "<b>", not "<banana" */
			if (strcmp(tags[t], "<!--") == 0 || strcmp(tags[t], "<?xml") == 0 ||
			    i + m == len || d[i + m] == ' ' || d[i + m] == '>' ||
			    d[i + m] == '\t' || d[i + m] == '\n' || d[i + m] == '\r' ||
			    d[i + m] == '/')
				return true;
		}
	}
	for (size_t j = 0; j + 7 <= len; j++)
		if (d[j] == '<' && ci_prefix(d + j, len - j, "<script"))
			return true;
	return false;
}

static bool
is_text(const unsigned char *d, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len;) {
		unsigned char c = d[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
			return false;
		if (c == 0x7f)
			return false;
		size_t n = utf8_seq(d + i, len - i);
		if (n == 0)
			return false;
		i += n;
	}
	return !looks_like_markup(d, len);
}

enum sniff_kind
sniff_bytes(const unsigned char *data, size_t len)
{
	if (data == NULL || len == 0)
		return SNIFF_NONE;
	if (is_pdf(data, len))
		return SNIFF_PDF;
	if (len >= 5 && memcmp(data, "%PDF-", 5) == 0)
		return SNIFF_NONE;    /* a truncated PDF is not a text file */
	if (is_png(data, len))
		return SNIFF_PNG;
	if (is_jpeg(data, len))
		return SNIFF_JPEG;
	if (len >= 4 && data[0] == 'P' && data[1] == 'K')
		return zip_kind(data, len);
	if (is_text(data, len))
		return SNIFF_TXT;
	return SNIFF_NONE;
}
