/*
 * image.c - profile photos (PRO-5): recognise JPEG, PNG and WebP by their
 * bytes, validate the container end to end and write a copy without
 * metadata.  No pixels are decoded.
 *
 * Design: one pass per format walks the container and copies only what
 * is on an ALLOW-LIST: the parts a browser needs to show the picture
 * the right way up and in the right colours.  Everything else - known
 * metadata, private and unknown segments or chunks - is dropped, so a
 * kind of metadata nobody thought of cannot slip through (a deny-list
 * let JFXX thumbnails, JPGn segments, PNG caBX and iCCP through).  The
 * copy is never longer than the input (we drop bytes; the segments
 * we rewrite are never longer than the ones they replace), so it needs
 * one arena allocation and no growth.
 *
 *   JPEG  SOI, then marker segments with lengths; exactly one SOF0, SOF1
 *         or SOF2 (baseline, extended, progressive) gives the size; each
 *         SOS is followed by entropy-coded data, scanned for the next
 *         marker honouring FF00 stuffing, RSTn and fill bytes; EOI ends
 *         the image.  Kept: SOI, SOF0-2, DHT, DQT, DRI, SOS with its
 *         data and RSTn, EOI; the first APP0 "JFIF\0", rewritten as the
 *         standard 16-byte header with a 0x0 thumbnail (version, units
 *         and density kept; a thumbnail can show the uncropped
 *         original); the first APP14 "Adobe" with exactly 12 bytes of
 *         payload, as is (it says how CMYK and YCCK are coded: without
 *         it the colours are wrong); and the orientation from the first
 *         EXIF APP1 that has one, in a new minimal APP1, or portrait
 *         photos from phones would show on their side.  Dropped: every
 *         other APPn (EXIF, XMP, ICC, JFXX, Photoshop ...), COM, JPGn
 *         (F0-FD), DNL, DHP, EXP, TEM and the reserved markers.
 *   PNG   signature, then chunks with lengths inside the file and CRC-32
 *         checked (our own table: zlib is not linked); IHDR first with a
 *         valid bit depth and colour type, PLTE before IDAT for palette
 *         images, consecutive IDATs, IEND last, no unknown critical
 *         chunk.  Kept: IHDR, PLTE, IDAT, IEND, tRNS, gAMA, cHRM, sRGB,
 *         sBIT, bKGD, pHYs, each ancillary one only at a length it may
 *         have.  Dropped: everything else (tEXt, zTXt, iTXt, eXIf, tIME,
 *         caBX, APNG frames ...).  Colour profiles (iCCP) are dropped on
 *         purpose, since a profile can name the device; sRGB is kept, so
 *         an image that declares it still shows the same.
 *   WebP  RIFF size within the file; the first chunk is VP8 (key frame
 *         start code 9d 01 2a, 14-bit sizes), VP8L (signature 0x2f,
 *         14-bit sizes minus one) or VP8X (24-bit canvas sizes minus
 *         one, then an image or animation chunk).  Kept: "VP8 ", VP8L,
 *         VP8X, and with VP8X also ALPH, ANIM and ANMF (inside a frame
 *         only ALPH, "VP8 " and VP8L, the frame's size fixed).  Dropped:
 *         everything else (ICCP, EXIF, "XMP ", unknown chunks); the ICC,
 *         EXIF and XMP flags of VP8X are cleared and the RIFF size fixed.
 *
 * Traps: anything after JPEG EOI, PNG IEND or the RIFF end is dropped,
 * not copied (phones append motion-photo videos and trailers there).  A
 * zero width or height is refused as damaged.  The copy must validate
 * again and cleaning it must change nothing (tests/fuzz/fuzz_image.c
 * checks both), so every rewrite keeps only the first of a kind and
 * writes what it would itself keep, and nothing may keep a chunk whose
 * neighbours it dropped in a way that changes how the rest parses (PNG
 * refuses IDATs that are not consecutive before anything is dropped).
 * What the allow-list cannot see: bytes hidden inside the kept parts
 * (unused palette entries, data after the end of a compressed stream)
 * would need the pixels decoded.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/image.h"

#define WHY_EMPTY "The selected file is empty"
#define WHY_TYPE "The selected file must be a JPG, PNG or WebP image"
#define WHY_DAMAGED "The image is damaged or incomplete"
#define WHY_SIZE "The image must be 10000 pixels or smaller on each side"
#define WHY_JPEG_KIND "The image uses a kind of JPG that cannot be shown " \
	"in a browser: save it again as an ordinary JPG"

static const unsigned char png_signature[8] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
};

/* Where a copy is written: cap bytes, never more than the input. */
struct out {
	unsigned char *p;
	size_t len, cap;
};

static void
put(struct out *o, const unsigned char *p, size_t len)
{
	/* cannot happen: we only copy parts of the input */
	if (len > o->cap - o->len)
		abort();
	memcpy(o->p + o->len, p, len);
	o->len += len;
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
le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
le24(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
}

static uint32_t
le32(const unsigned char *p)
{
	return le24(p) | (uint32_t)p[3] << 24;
}

static void
put_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* A size from the file: zero is damage, too large is refused. */
static const char *
check_size(uint32_t width, uint32_t height)
{
	if (width == 0 || height == 0)
		return WHY_DAMAGED;
	if (width > IMAGE_MAX_SIDE || height > IMAGE_MAX_SIDE)
		return WHY_SIZE;
	return NULL;
}

/* ---- sniffing ---- */

enum image_type
image_sniff(const unsigned char *data, size_t len)
{
	if (data == NULL)
		return IMAGE_NONE;
	if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
		return IMAGE_JPEG;
	if (len >= 8 && memcmp(data, png_signature, 8) == 0)
		return IMAGE_PNG;
	if (len >= 12 && memcmp(data, "RIFF", 4) == 0 &&
	    memcmp(data + 8, "WEBP", 4) == 0)
		return IMAGE_WEBP;
	return IMAGE_NONE;
}

const char *
image_mime(enum image_type t)
{
	switch (t) {
	case IMAGE_JPEG:
		return "image/jpeg";
	case IMAGE_PNG:
		return "image/png";
	case IMAGE_WEBP:
		return "image/webp";
	default:
		return "application/octet-stream";
	}
}

const char *
image_ext(enum image_type t)
{
	switch (t) {
	case IMAGE_JPEG:
		return "jpg";
	case IMAGE_PNG:
		return "png";
	case IMAGE_WEBP:
		return "webp";
	default:
		return "bin";
	}
}

/* ---- JPEG ---- */

static bool
is_sof(unsigned m)
{
	return m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc;
}

/* The entropy-coded data after an SOS header, from *pos to the next
 * marker (left at its first FF byte).  NULL, or why it is damaged. */
static const char *
jpeg_scan(const unsigned char *d, size_t len, size_t *pos)
{
	size_t i = *pos;

	for (;;) {
		const unsigned char *ff = memchr(d + i, 0xff, len - i);
		unsigned c;

		if (ff == NULL)
			return WHY_DAMAGED;       /* no EOI */
		i = (size_t)(ff - d);
		if (i + 1 >= len)
			return WHY_DAMAGED;
		c = d[i + 1];
		if (c == 0x00 || (c >= 0xd0 && c <= 0xd7))
			i += 2;                   /* stuffing, restart marker */
		else if (c == 0xff)
			i += 1;                   /* fill byte */
		else
			break;
	}
	*pos = i;
	return NULL;
}

/* The Orientation tag (0x0112) of IFD0 in an APP1 EXIF payload, 1-8, or
 * 0 when there is none or the payload is not EXIF.  Bounds are checked
 * against the segment: its contents are otherwise not validated. */
static unsigned
exif_orientation(const unsigned char *p, size_t len)
{
	const unsigned char *t = p + 6;
	size_t tlen, ifd, n;
	bool is_le;
	uint32_t (*u16)(const unsigned char *), (*u32)(const unsigned char *);

	/* shorter than our own segment's payload (put_orientation): ignored,
	 * so that the copy can never grow */
	if (len < 32 || memcmp(p, "Exif\0\0", 6) != 0)
		return 0;
	tlen = len - 6;
	if (memcmp(t, "II*\0", 4) == 0)
		is_le = true;
	else if (memcmp(t, "MM\0*", 4) == 0)
		is_le = false;
	else
		return 0;
	u16 = is_le ? le16 : be16;
	u32 = is_le ? le32 : be32;
	ifd = u32(t + 4);
	if (ifd < 8 || ifd > tlen - 2)
		return 0;
	n = u16(t + ifd);
	if (n > (tlen - ifd - 2) / 12)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const unsigned char *e = t + ifd + 2 + 12 * i;
		unsigned v;

		if (u16(e) != 0x0112)
			continue;
		if (u16(e + 2) != 3 || u32(e + 4) != 1)
			return 0;
		v = u16(e + 8);
		return v >= 1 && v <= 8 ? v : 0;
	}
	return 0;
}

/* A minimal APP1 EXIF segment holding only the orientation: phone
 * cameras store portrait photos sideways and say so here, and browsers
 * turn the picture by it. */
static void
put_orientation(struct out *o, unsigned orientation)
{
	static const unsigned char head[] = {
		0xff, 0xe1, 0x00, 34,               /* APP1, length */
		'E', 'x', 'i', 'f', 0, 0,
		'M', 'M', 0, '*', 0, 0, 0, 8,       /* TIFF, IFD0 at 8 */
		0, 1,                               /* one entry */
		0x01, 0x12, 0, 3, 0, 0, 0, 1,       /* Orientation SHORT 1 */
	};
	unsigned char tail[8] = { 0, 0, 0, 0, 0, 0, 0, 0 };   /* next IFD 0 */
	unsigned char value[2] = { 0, (unsigned char)orientation };

	put(o, head, sizeof(head));
	put(o, value, 2);
	put(o, tail, 2);                          /* value padding */
	put(o, tail, 4);
}

/* The APP0 JFIF header, rewritten: "JFIF\0", version, units and
 * density kept, thumbnail 0x0 (a thumbnail can show the uncropped
 * original).  p is the payload after the length, len its size; false
 * when it is not a JFIF header we can rewrite without growing the copy
 * (the new segment is 18 bytes with its marker, so the old one must be
 * at least that). */
static bool
put_jfif(struct out *o, const unsigned char *p, size_t len)
{
	unsigned char seg[18] = {
		0xff, 0xe0, 0x00, 16, 'J', 'F', 'I', 'F', 0,
	};

	if (len < 14 || memcmp(p, "JFIF\0", 5) != 0)
		return false;
	memcpy(seg + 9, p + 5, 7);                /* version, units, density */
	seg[16] = 0;                              /* thumbnail width */
	seg[17] = 0;                              /* and height */
	put(o, seg, sizeof(seg));
	return true;
}

/* Is this APP14 payload the 12-byte "Adobe" segment that says how CMYK
 * and YCCK JPEGs are coded?  Without it their colours come out wrong. */
static bool
is_adobe(const unsigned char *p, size_t len)
{
	return len == 12 && memcmp(p, "Adobe", 5) == 0;
}

static const char *
jpeg_clean(const unsigned char *d, size_t len, struct out *o,
    struct image_info *info)
{
	size_t pos = 2;
	bool has_sof = false, has_sos = false, has_orientation = false;
	bool has_jfif = false, has_adobe = false;
	const char *why;

	put(o, d, 2);                             /* SOI */
	for (;;) {
		const unsigned char *payload;
		unsigned m;
		size_t seglen;

		if (pos >= len || d[pos] != 0xff)
			return WHY_DAMAGED;
		while (pos < len && d[pos] == 0xff)
			pos++;                    /* fill bytes before a marker */
		if (pos >= len)
			return WHY_DAMAGED;
		m = d[pos++];
		if (m == 0xd9) {                  /* EOI */
			if (!has_sos)
				return WHY_DAMAGED;
			put(o, (const unsigned char *)"\xff\xd9", 2);
			return NULL;
		}
		if (m == 0x00 || m == 0xd8 || (m >= 0xd0 && m <= 0xd7))
			return WHY_DAMAGED;       /* stray or second SOI */
		if (m == 0x01)                    /* TEM: no length, dropped */
			continue;
		if (len - pos < 2)
			return WHY_DAMAGED;
		seglen = be16(d + pos);
		if (seglen < 2 || seglen > len - pos)
			return WHY_DAMAGED;
		payload = d + pos + 2;
		if (is_sof(m)) {
			uint32_t height, width;
			unsigned ncomp;

			if (m > 0xc2)
				return WHY_JPEG_KIND;
			if (has_sof || seglen < 8)
				return WHY_DAMAGED;
			height = be16(d + pos + 3);
			width = be16(d + pos + 5);
			ncomp = d[pos + 7];
			if (ncomp < 1 || ncomp > 4 || seglen != 8 + 3 * ncomp)
				return WHY_DAMAGED;
			if ((why = check_size(width, height)) != NULL)
				return why;
			info->width = width;
			info->height = height;
			has_sof = true;
		}
		/* the allow-list: everything not named here is left out */
		switch (m) {
		case 0xc0:                        /* SOF0, SOF1, SOF2 */
		case 0xc1:
		case 0xc2:
		case 0xc4:                        /* DHT */
		case 0xdb:                        /* DQT */
		case 0xdd:                        /* DRI */
		case 0xda:                        /* SOS */
			put(o, d + pos - 2, seglen + 2);
			break;
		case 0xe0:                        /* APP0: JFIF only, rewritten */
			if (!has_jfif)
				has_jfif = put_jfif(o, payload, seglen - 2);
			break;
		case 0xe1:                        /* APP1: the first orientation */
			if (!has_orientation) {
				unsigned orientation = exif_orientation(payload,
				    seglen - 2);

				if (orientation > 1) {
					put_orientation(o, orientation);
					has_orientation = true;
				}
			}
			break;
		case 0xee:                        /* APP14: "Adobe" only */
			if (!has_adobe && is_adobe(payload, seglen - 2)) {
				put(o, d + pos - 2, seglen + 2);
				has_adobe = true;
			}
			break;
		default:
			break;
		}
		pos += seglen;
		if (m == 0xda) {                  /* SOS, then entropy data */
			size_t start = pos;

			if (!has_sof || seglen < 8)
				return WHY_DAMAGED;
			if ((why = jpeg_scan(d, len, &pos)) != NULL)
				return why;
			put(o, d + start, pos - start);
			has_sos = true;
		}
	}
}

/* ---- PNG ---- */

/* CRC-32 with polynomial 0xedb88320, one entry per byte value (made by
 * the loop in the PNG specification, annex D). */
static const uint32_t crc_table[256] = {
	0x00000000u, 0x77073096u, 0xee0e612cu, 0x990951bau, 0x076dc419u, 0x706af48fu,
	0xe963a535u, 0x9e6495a3u, 0x0edb8832u, 0x79dcb8a4u, 0xe0d5e91eu, 0x97d2d988u,
	0x09b64c2bu, 0x7eb17cbdu, 0xe7b82d07u, 0x90bf1d91u, 0x1db71064u, 0x6ab020f2u,
	0xf3b97148u, 0x84be41deu, 0x1adad47du, 0x6ddde4ebu, 0xf4d4b551u, 0x83d385c7u,
	0x136c9856u, 0x646ba8c0u, 0xfd62f97au, 0x8a65c9ecu, 0x14015c4fu, 0x63066cd9u,
	0xfa0f3d63u, 0x8d080df5u, 0x3b6e20c8u, 0x4c69105eu, 0xd56041e4u, 0xa2677172u,
	0x3c03e4d1u, 0x4b04d447u, 0xd20d85fdu, 0xa50ab56bu, 0x35b5a8fau, 0x42b2986cu,
	0xdbbbc9d6u, 0xacbcf940u, 0x32d86ce3u, 0x45df5c75u, 0xdcd60dcfu, 0xabd13d59u,
	0x26d930acu, 0x51de003au, 0xc8d75180u, 0xbfd06116u, 0x21b4f4b5u, 0x56b3c423u,
	0xcfba9599u, 0xb8bda50fu, 0x2802b89eu, 0x5f058808u, 0xc60cd9b2u, 0xb10be924u,
	0x2f6f7c87u, 0x58684c11u, 0xc1611dabu, 0xb6662d3du, 0x76dc4190u, 0x01db7106u,
	0x98d220bcu, 0xefd5102au, 0x71b18589u, 0x06b6b51fu, 0x9fbfe4a5u, 0xe8b8d433u,
	0x7807c9a2u, 0x0f00f934u, 0x9609a88eu, 0xe10e9818u, 0x7f6a0dbbu, 0x086d3d2du,
	0x91646c97u, 0xe6635c01u, 0x6b6b51f4u, 0x1c6c6162u, 0x856530d8u, 0xf262004eu,
	0x6c0695edu, 0x1b01a57bu, 0x8208f4c1u, 0xf50fc457u, 0x65b0d9c6u, 0x12b7e950u,
	0x8bbeb8eau, 0xfcb9887cu, 0x62dd1ddfu, 0x15da2d49u, 0x8cd37cf3u, 0xfbd44c65u,
	0x4db26158u, 0x3ab551ceu, 0xa3bc0074u, 0xd4bb30e2u, 0x4adfa541u, 0x3dd895d7u,
	0xa4d1c46du, 0xd3d6f4fbu, 0x4369e96au, 0x346ed9fcu, 0xad678846u, 0xda60b8d0u,
	0x44042d73u, 0x33031de5u, 0xaa0a4c5fu, 0xdd0d7cc9u, 0x5005713cu, 0x270241aau,
	0xbe0b1010u, 0xc90c2086u, 0x5768b525u, 0x206f85b3u, 0xb966d409u, 0xce61e49fu,
	0x5edef90eu, 0x29d9c998u, 0xb0d09822u, 0xc7d7a8b4u, 0x59b33d17u, 0x2eb40d81u,
	0xb7bd5c3bu, 0xc0ba6cadu, 0xedb88320u, 0x9abfb3b6u, 0x03b6e20cu, 0x74b1d29au,
	0xead54739u, 0x9dd277afu, 0x04db2615u, 0x73dc1683u, 0xe3630b12u, 0x94643b84u,
	0x0d6d6a3eu, 0x7a6a5aa8u, 0xe40ecf0bu, 0x9309ff9du, 0x0a00ae27u, 0x7d079eb1u,
	0xf00f9344u, 0x8708a3d2u, 0x1e01f268u, 0x6906c2feu, 0xf762575du, 0x806567cbu,
	0x196c3671u, 0x6e6b06e7u, 0xfed41b76u, 0x89d32be0u, 0x10da7a5au, 0x67dd4accu,
	0xf9b9df6fu, 0x8ebeeff9u, 0x17b7be43u, 0x60b08ed5u, 0xd6d6a3e8u, 0xa1d1937eu,
	0x38d8c2c4u, 0x4fdff252u, 0xd1bb67f1u, 0xa6bc5767u, 0x3fb506ddu, 0x48b2364bu,
	0xd80d2bdau, 0xaf0a1b4cu, 0x36034af6u, 0x41047a60u, 0xdf60efc3u, 0xa867df55u,
	0x316e8eefu, 0x4669be79u, 0xcb61b38cu, 0xbc66831au, 0x256fd2a0u, 0x5268e236u,
	0xcc0c7795u, 0xbb0b4703u, 0x220216b9u, 0x5505262fu, 0xc5ba3bbeu, 0xb2bd0b28u,
	0x2bb45a92u, 0x5cb36a04u, 0xc2d7ffa7u, 0xb5d0cf31u, 0x2cd99e8bu, 0x5bdeae1du,
	0x9b64c2b0u, 0xec63f226u, 0x756aa39cu, 0x026d930au, 0x9c0906a9u, 0xeb0e363fu,
	0x72076785u, 0x05005713u, 0x95bf4a82u, 0xe2b87a14u, 0x7bb12baeu, 0x0cb61b38u,
	0x92d28e9bu, 0xe5d5be0du, 0x7cdcefb7u, 0x0bdbdf21u, 0x86d3d2d4u, 0xf1d4e242u,
	0x68ddb3f8u, 0x1fda836eu, 0x81be16cdu, 0xf6b9265bu, 0x6fb077e1u, 0x18b74777u,
	0x88085ae6u, 0xff0f6a70u, 0x66063bcau, 0x11010b5cu, 0x8f659effu, 0xf862ae69u,
	0x616bffd3u, 0x166ccf45u, 0xa00ae278u, 0xd70dd2eeu, 0x4e048354u, 0x3903b3c2u,
	0xa7672661u, 0xd06016f7u, 0x4969474du, 0x3e6e77dbu, 0xaed16a4au, 0xd9d65adcu,
	0x40df0b66u, 0x37d83bf0u, 0xa9bcae53u, 0xdebb9ec5u, 0x47b2cf7fu, 0x30b5ffe9u,
	0xbdbdf21cu, 0xcabac28au, 0x53b39330u, 0x24b4a3a6u, 0xbad03605u, 0xcdd70693u,
	0x54de5729u, 0x23d967bfu, 0xb3667a2eu, 0xc4614ab8u, 0x5d681b02u, 0x2a6f2b94u,
	0xb40bbe37u, 0xc30c8ea1u, 0x5a05df1bu, 0x2d02ef8du,
};

/* CRC-32 (ISO 3309, as PNG uses it) of len bytes. */
static uint32_t
crc32_of(const unsigned char *p, size_t len)
{
	uint32_t c = 0xffffffffu;

	for (size_t i = 0; i < len; i++)
		c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

static bool
png_type_is(const unsigned char *t, const char *name)
{
	return memcmp(t, name, 4) == 0;
}

static bool
png_depth_ok(unsigned colour, unsigned depth)
{
	switch (colour) {
	case 0:
		return depth == 1 || depth == 2 || depth == 4 || depth == 8 ||
		    depth == 16;
	case 3:
		return depth == 1 || depth == 2 || depth == 4 || depth == 8;
	case 2:
	case 4:
	case 6:
		return depth == 8 || depth == 16;
	default:
		return false;
	}
}

/* The allow-list of chunks: the critical ones, transparency and the
 * colour and size hints a browser uses.  The ancillary ones are kept
 * only at the length their colour type gives them (PNG specification,
 * 11.3; tRNS of a palette image: at most one entry per colour, after
 * PLTE, npalette being the colours seen so far), so none can carry a
 * payload of its own.  iCCP is dropped on purpose: an embedded colour
 * profile can name the camera or phone; sRGB is kept.  The critical
 * chunks were validated by the caller. */
static bool
png_keep(const unsigned char *type, size_t clen, unsigned colour,
    size_t npalette)
{
	/* by colour type 0..6: sBIT, bKGD and tRNS lengths (0: none) */
	static const unsigned char sbit[7] = { 1, 0, 3, 3, 2, 0, 4 };
	static const unsigned char bkgd[7] = { 2, 0, 6, 1, 2, 0, 6 };
	static const unsigned char trns[7] = { 2, 0, 6, 0, 0, 0, 0 };

	if (png_type_is(type, "IHDR") || png_type_is(type, "PLTE") ||
	    png_type_is(type, "IDAT") || png_type_is(type, "IEND"))
		return true;
	if (png_type_is(type, "gAMA"))
		return clen == 4;
	if (png_type_is(type, "cHRM"))
		return clen == 32;
	if (png_type_is(type, "sRGB"))
		return clen == 1;
	if (png_type_is(type, "pHYs"))
		return clen == 9;
	if (colour > 6)
		return false;                     /* cannot happen: IHDR checked */
	if (png_type_is(type, "sBIT"))
		return clen == sbit[colour];
	if (png_type_is(type, "bKGD"))
		return clen == bkgd[colour];
	if (png_type_is(type, "tRNS"))
		return colour == 3 ? clen >= 1 && clen <= npalette :
		    trns[colour] != 0 && clen == trns[colour];
	return false;
}

static const char *
png_clean(const unsigned char *d, size_t len, struct out *o,
    struct image_info *info)
{
	size_t pos = 8;
	unsigned colour = 0, nchunks = 0;
	size_t npalette = 0;
	bool has_plte = false, in_idat = false, idat_done = false;
	const char *why;

	put(o, d, 8);
	for (;;) {
		const unsigned char *type;
		size_t clen;

		if (len - pos < 12)
			return WHY_DAMAGED;       /* no IEND */
		clen = be32(d + pos);
		type = d + pos + 4;
		if (clen > 0x7fffffffu || clen > len - pos - 12)
			return WHY_DAMAGED;
		for (int i = 0; i < 4; i++)
			if (!((type[i] >= 'A' && type[i] <= 'Z') ||
			    (type[i] >= 'a' && type[i] <= 'z')))
				return WHY_DAMAGED;
		if (crc32_of(type, 4 + clen) != be32(d + pos + 8 + clen))
			return WHY_DAMAGED;
		if (nchunks++ == 0) {
			const unsigned char *h = d + pos + 8;

			if (!png_type_is(type, "IHDR") || clen != 13)
				return WHY_DAMAGED;
			colour = h[9];
			if (!png_depth_ok(colour, h[8]) || h[10] != 0 ||
			    h[11] != 0 || h[12] > 1)
				return WHY_DAMAGED;
			if ((why = check_size(be32(h), be32(h + 4))) != NULL)
				return why;
			info->width = be32(h);
			info->height = be32(h + 4);
		} else if (png_type_is(type, "IHDR")) {
			return WHY_DAMAGED;
		}
		if (png_type_is(type, "IDAT")) {
			if (idat_done || (colour == 3 && !has_plte))
				return WHY_DAMAGED;
			in_idat = true;
		} else if (in_idat) {
			in_idat = false;
			idat_done = true;         /* IDATs must be consecutive */
		}
		if (png_type_is(type, "PLTE")) {
			if (has_plte || in_idat || idat_done || clen == 0 ||
			    clen % 3 != 0 || clen > 768)
				return WHY_DAMAGED;
			has_plte = true;
			npalette = clen / 3;
		}
		if (png_type_is(type, "IEND")) {
			if (!idat_done || clen != 0)
				return WHY_DAMAGED;
			put(o, d + pos, 12);
			return NULL;              /* what follows is dropped */
		}
		/* an unknown critical chunk: a browser would refuse it */
		if (type[0] >= 'A' && type[0] <= 'Z' &&
		    !png_type_is(type, "IHDR") && !png_type_is(type, "PLTE") &&
		    !png_type_is(type, "IDAT"))
			return WHY_DAMAGED;
		if (png_keep(type, clen, colour, npalette))
			put(o, d + pos, 12 + clen);
		pos += 12 + clen;
	}
}

/* ---- WebP ---- */

#define VP8X_ICC 0x20
#define VP8X_EXIF 0x08
#define VP8X_XMP 0x04
#define VP8X_ANIMATION 0x02

/* The size inside a VP8 (lossy) bitstream: a key frame's header. */
static const char *
vp8_size(const unsigned char *p, size_t len, uint32_t *w, uint32_t *h)
{
	if (len < 10 || (p[0] & 1) != 0 || p[3] != 0x9d || p[4] != 0x01 ||
	    p[5] != 0x2a)
		return WHY_DAMAGED;
	*w = le16(p + 6) & 0x3fff;
	*h = le16(p + 8) & 0x3fff;
	return check_size(*w, *h);
}

/* The size inside a VP8L (lossless) bitstream. */
static const char *
vp8l_size(const unsigned char *p, size_t len, uint32_t *w, uint32_t *h)
{
	uint32_t bits;

	if (len < 5 || p[0] != 0x2f)
		return WHY_DAMAGED;
	bits = le32(p + 1);
	if ((bits >> 29) != 0)                   /* version must be 0 */
		return WHY_DAMAGED;
	*w = (bits & 0x3fff) + 1;
	*h = ((bits >> 14) & 0x3fff) + 1;
	return check_size(*w, *h);
}

/* An animation frame (ANMF): a 16-byte header, then sub-chunks - an
 * optional ALPH, the bitstream (VP8 or VP8L) and possibly unknown
 * chunks, which may carry anything and are dropped like the top-level
 * ones.  The frame is written with its size fixed to what is kept; it
 * never grows.  body and clen: the chunk's payload, inside the file. */
static const char *
put_anmf(struct out *o, const unsigned char *body, size_t clen)
{
	size_t at = o->len, pos = 16;

	if (clen < 16)
		return WHY_DAMAGED;
	put(o, (const unsigned char *)"ANMF\0\0\0\0", 8);
	put(o, body, 16);
	while (pos < clen) {
		const unsigned char *fourcc = body + pos;
		size_t sub, padded;

		if (clen - pos < 8)
			return WHY_DAMAGED;
		sub = le32(body + pos + 4);
		if (sub > clen - pos - 8)
			return WHY_DAMAGED;
		padded = sub + (sub & 1);
		if (padded > clen - pos - 8)
			return WHY_DAMAGED;
		if (memcmp(fourcc, "ALPH", 4) == 0 ||
		    memcmp(fourcc, "VP8 ", 4) == 0 ||
		    memcmp(fourcc, "VP8L", 4) == 0)
			put(o, fourcc, 8 + padded);
		pos += 8 + padded;
	}
	put_le32(o->p + at + 4, (uint32_t)(o->len - at - 8));
	return NULL;
}

static const char *
webp_clean(const unsigned char *d, size_t len, struct out *o,
    struct image_info *info)
{
	size_t riff, end, pos = 12, vp8x_at = 0;
	bool first = true, has_image = false, is_extended = false;
	uint32_t w = 0, h = 0;
	const char *why;

	riff = le32(d + 4);
	if (riff < 4 || riff > len - 8 || riff % 2 != 0)
		return WHY_DAMAGED;
	end = 8 + riff;                           /* what follows is dropped */
	put(o, d, 12);
	while (pos < end) {
		const unsigned char *fourcc = d + pos, *body = d + pos + 8;
		size_t clen, padded;

		if (end - pos < 8)
			return WHY_DAMAGED;
		clen = le32(d + pos + 4);
		if (clen > end - pos - 8)
			return WHY_DAMAGED;
		padded = clen + (clen & 1);
		if (padded > end - pos - 8)
			return WHY_DAMAGED;
		if (memcmp(fourcc, "VP8 ", 4) == 0 ||
		    memcmp(fourcc, "VP8L", 4) == 0) {
			uint32_t cw, ch;

			why = fourcc[3] == ' ' ? vp8_size(body, clen, &cw, &ch) :
			    vp8l_size(body, clen, &cw, &ch);
			if (why != NULL)
				return why;
			if (has_image || (!first && !is_extended))
				return WHY_DAMAGED;
			if (is_extended && (cw != w || ch != h))
				return WHY_DAMAGED;
			w = cw;
			h = ch;
			has_image = true;
		} else if (memcmp(fourcc, "VP8X", 4) == 0) {
			if (!first || clen < 10)
				return WHY_DAMAGED;
			w = le24(body + 4) + 1;
			h = le24(body + 7) + 1;
			if ((why = check_size(w, h)) != NULL)
				return why;
			is_extended = true;
			vp8x_at = o->len;
		} else if (memcmp(fourcc, "ANMF", 4) == 0) {
			if (!is_extended || !(d[12 + 8] & VP8X_ANIMATION))
				return WHY_DAMAGED;
			has_image = true;         /* frames are not decoded */
		} else if (first) {
			return WHY_DAMAGED;       /* no image chunk first */
		}
		/* the allow-list: the image, its alpha and its animation;
		 * ALPH and ANIM mean something only in the extended format */
		if (memcmp(fourcc, "ANMF", 4) == 0) {
			if ((why = put_anmf(o, body, clen)) != NULL)
				return why;
		} else if (memcmp(fourcc, "VP8 ", 4) == 0 ||
		    memcmp(fourcc, "VP8L", 4) == 0 ||
		    memcmp(fourcc, "VP8X", 4) == 0 ||
		    (is_extended && (memcmp(fourcc, "ALPH", 4) == 0 ||
		    memcmp(fourcc, "ANIM", 4) == 0))) {
			put(o, d + pos, 8 + padded);
		}
		pos += 8 + padded;
		first = false;
	}
	if (!has_image)
		return WHY_DAMAGED;
	if (is_extended)
		o->p[vp8x_at + 8] &= (unsigned char)~(VP8X_ICC | VP8X_EXIF |
		    VP8X_XMP);
	put_le32(o->p + 4, (uint32_t)(o->len - 8));
	info->width = w;
	info->height = h;
	return NULL;
}

/* ---- the entry point ---- */

enum err
image_clean(struct arena *a, const unsigned char *data, size_t len,
    struct image_info *info, unsigned char **out, size_t *out_len,
    const char **why)
{
	struct image_info found = { IMAGE_NONE, 0, 0 };
	struct out o = { NULL, 0, len };
	const char *bad;

	*out = NULL;
	*out_len = 0;
	*why = NULL;
	memset(info, 0, sizeof(*info));
	if (data == NULL || len == 0) {
		*why = WHY_EMPTY;
		return ERR_BAD_INPUT;
	}
	found.type = image_sniff(data, len);
	if (found.type == IMAGE_NONE) {
		*why = WHY_TYPE;
		return ERR_BAD_INPUT;
	}
	o.p = arena_alloc(a, len);
	switch (found.type) {
	case IMAGE_JPEG:
		bad = jpeg_clean(data, len, &o, &found);
		break;
	case IMAGE_PNG:
		bad = png_clean(data, len, &o, &found);
		break;
	default:
		bad = webp_clean(data, len, &o, &found);
		break;
	}
	if (bad != NULL) {
		*why = bad;
		return ERR_BAD_INPUT;
	}
	*info = found;
	*out = o.p;
	*out_len = o.len;
	return ERR_OK;
}
