/*
 * image.h - profile photos (PRO-5): recognise JPEG, PNG and WebP by
 * their bytes (never the file name or the browser's Content-Type),
 * validate the structure end to end, and write a copy without the
 * metadata a phone camera or editor adds (EXIF with GPS position, XMP,
 * comments, text chunks, thumbnails, content credentials, colour
 * profiles that name the device), so a photo cannot leak where it was
 * taken or what it showed before it was cropped.
 *
 * The copy is made from an allow-list: only the parts needed to show the
 * picture are kept (JPEG: SOI, SOF0-2, DHT, DQT, DRI, SOS and its data,
 * EOI, a JFIF APP0 rewritten without thumbnail, a 12-byte APP14 "Adobe",
 * the EXIF orientation alone; PNG: IHDR, PLTE, IDAT, IEND, tRNS, gAMA,
 * cHRM, sRGB, sBIT, bKGD, pHYs; WebP: VP8, VP8L, VP8X, ALPH, ANIM,
 * ANMF), everything else is dropped.  Colour profiles (JPEG APP2 ICC,
 * PNG iCCP, WebP ICCP) are dropped on purpose: a wide-gamut photo may
 * show slightly duller; PNG sRGB is kept.
 *
 * No pixels are decoded: the parser walks the container (JPEG markers,
 * PNG chunks with CRCs, RIFF chunks) and rejects anything truncated,
 * oversized or malformed.  A libFuzzer target covers it
 * (tests/fuzz/fuzz_image.c).
 */
#ifndef TANDEM_CORE_IMAGE_H
#define TANDEM_CORE_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;

enum image_type { IMAGE_NONE, IMAGE_JPEG, IMAGE_PNG, IMAGE_WEBP };

#define IMAGE_MAX_SIDE 10000   /* pixels: larger is refused */

struct image_info {
	enum image_type type;
	uint32_t width, height;
};

/* What the first bytes say (IMAGE_NONE: not one of ours). */
enum image_type image_sniff(const unsigned char *data, size_t len);

/* "image/jpeg" ..., and the extension we store under ("jpg" ...). */
const char *image_mime(enum image_type t);
const char *image_ext(enum image_type t);

/* Validate the whole image and copy it without metadata into the arena
 * (*out, *out_len; never longer than len; cleaning the copy again gives
 * the same bytes).  ERR_BAD_INPUT with *why a sentence for the person
 * ("The selected file must be a JPG, PNG or WebP image", "The image is
 * damaged or incomplete", "The image must be 10000 pixels or smaller on
 * each side"). */
enum err image_clean(struct arena *a, const unsigned char *data, size_t len,
    struct image_info *info, unsigned char **out, size_t *out_len, const char **why);

#endif
