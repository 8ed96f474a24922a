/*
 * sniff.h - what kind of document a file is, from its bytes alone
 * (NOTE-1: "a list of allowed types checked by content, not name").
 * The name and the browser's Content-Type are never consulted, so an
 * .exe or an HTML page renamed report.pdf is refused.
 *
 * Recognised (everything else is SNIFF_NONE):
 *   pdf   "%PDF-" at offset 0 and "%%EOF" within the last 1024 bytes
 *         (without the end marker it is refused, not taken for text)
 *   png   the 8-byte signature followed by an IHDR chunk
 *   jpeg  FF D8 FF and a marker byte (C0..FE)
 *   docx, xlsx, pptx  a ZIP whose central directory (found through the
 *         end record, every offset bounds-checked) lists
 *         "[Content_Types].xml" and entries under word/, xl/ or ppt/
 *         (exactly one of them); macro projects (vbaProject.bin) refused
 *   odt, ods, odp  a ZIP whose first local entry is "mimetype", stored
 *         uncompressed, holding the OpenDocument text, spreadsheet or
 *         presentation type, and that has a central directory
 *   txt   valid UTF-8 (no overlong forms, surrogates or values past
 *         U+10FFFF), no NUL, no control characters other than tab, line
 *         feed, carriage return and form feed, and not markup a browser
 *         would take for HTML or SVG (a leading "<html", "<!doctype",
 *         "<script", "<svg", "<?xml" ... or "<script" anywhere)
 *
 * Pure functions over bytes, no allocation; a libFuzzer-friendly shape.
 */
#ifndef TANDEM_CORE_SNIFF_H
#define TANDEM_CORE_SNIFF_H

#include <stdbool.h>
#include <stddef.h>

enum sniff_kind {
	SNIFF_NONE,
	SNIFF_PDF,
	SNIFF_DOCX,
	SNIFF_XLSX,
	SNIFF_PPTX,
	SNIFF_ODT,
	SNIFF_ODS,
	SNIFF_ODP,
	SNIFF_TXT,
	SNIFF_PNG,
	SNIFF_JPEG,
	SNIFF__MAX
};

/* The kind of the bytes, SNIFF_NONE when they are none of the above. */
enum sniff_kind sniff_bytes(const unsigned char *data, size_t len);

/* The short name as stored and configured ("pdf", "docx" ... "jpeg");
 * "" for SNIFF_NONE or out of range. */
const char *sniff_name(enum sniff_kind k);
/* Back from the short name; SNIFF_NONE for an unknown one. */
enum sniff_kind sniff_parse(const char *name);
/* The Content-Type to serve it with ("application/pdf" ...). */
const char *sniff_mime(enum sniff_kind k);
/* The extension for stored and download names ("pdf", "jpg" ...). */
const char *sniff_ext(enum sniff_kind k);
/* Whether ext (no dot, any case) is a usual extension of the kind
 * ("jpg" and "jpeg" for JPEG). */
bool sniff_ext_fits(enum sniff_kind k, const char *ext);
/* The file type in words for lists: "PDF", "Word document" ... */
const char *sniff_label(enum sniff_kind k);
/* The family in words for "must be a ... file" messages: "PDF",
 * "Word", "Excel", "PowerPoint", "OpenDocument", "text", "PNG", "JPEG". */
const char *sniff_family(enum sniff_kind k);

#endif
