/* static.c - embedded assets with ETags and a version (see static.h). */
#include "http/static.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/crypto.h"
#include "core/embedded.h"

static struct static_asset *assets;
static size_t nassets;
static char version[13];

static const char *
type_for(const char *name)
{
	static const struct { const char *ext, *type; } types[] = {
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".ico", "image/x-icon"},
		{".json", "application/manifest+json"},
		{".woff2", "font/woff2"},
		{".txt", "text/plain; charset=utf-8"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

void
static_init(void)
{
	size_t n = 0;
	for (const struct embedded_file *f = embedded_files; f->name; f++)
		if (strncmp(f->name, "assets/", 7) == 0)
			n++;
	assets = xcalloc(n ? n : 1, sizeof(*assets));
	char *all = xcalloc(n ? n : 1, 17);
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		if (strncmp(f->name, "assets/", 7) != 0)
			continue;
		struct static_asset *a = &assets[nassets];
		char hex[HASH_HEX_LEN + 1];
		a->name = f->name + 7;
		a->data = f->data;
		a->len = f->len;
		a->content_type = type_for(a->name);
		crypto_hash_hex(f->data, f->len, hex);
		a->etag[0] = '"';
		memcpy(a->etag + 1, hex, 16);
		a->etag[17] = '"';
		a->etag[18] = '\0';
		memcpy(all + nassets * 16, hex, 16);
		nassets++;
	}
	char hex[HASH_HEX_LEN + 1];
	crypto_hash_hex(all, nassets * 16, hex);
	memcpy(version, hex, 12);
	version[12] = '\0';
	free(all);
}

void
static_free(void)
{
	free(assets);
	assets = NULL;
	nassets = 0;
}

const char *
static_version(void)
{
	return version;
}

const struct static_asset *
static_lookup(const char *path, bool *is_versioned)
{
	*is_versioned = false;
	if (strncmp(path, "/assets/", 8) != 0)
		return NULL;
	const char *name = path + 8;
	if (strncmp(name, "v/", 2) == 0) {
		const char *slash = strchr(name + 2, '/');
		if (slash == NULL)
			return NULL;
		*is_versioned = (size_t)(slash - name - 2) == strlen(version) &&
		    memcmp(name + 2, version, strlen(version)) == 0;
		name = slash + 1;
	}
	for (size_t i = 0; i < nassets; i++)
		if (strcmp(assets[i].name, name) == 0)
			return &assets[i];
	*is_versioned = false;
	return NULL;
}
