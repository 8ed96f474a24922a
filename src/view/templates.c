/*
 * templates.c - named template registry (see templates.h).
 *
 * The registry is a sorted array searched by binary search; it is built
 * once and never changed while serving, so lookups need no lock.  In
 * development mode each render builds a private registry from disk and
 * frees it afterwards: slow, simple and thread-safe.
 */
#include "view/templates.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/embedded.h"
#include "core/log.h"
#include "view/mustache.h"

struct entry {
	char *name;
	struct mustache_tpl *tpl;
};

struct registry {
	struct entry *e;
	size_t n, cap;
};

static struct registry embedded;
static char *dev_dir;

static int
cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static void
registry_free(struct registry *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->e[i].name);
		mustache_free(r->e[i].tpl);
	}
	free(r->e);
	memset(r, 0, sizeof(*r));
}

/* Add one template; name without the .mustache suffix. */
static enum err
registry_add(struct registry *r, const char *name, size_t namelen,
    const char *src, size_t len)
{
	char err[256];
	char *n = xcalloc(1, namelen + 1);
	memcpy(n, name, namelen);
	struct mustache_tpl *t = mustache_compile(n, src, len, err, sizeof(err));
	if (t == NULL) {
		log_error("templates: %s.mustache: %s", n, err);
		free(n);
		return ERR_INTERNAL;
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->e = xrealloc(r->e, r->cap * sizeof(*r->e));
	}
	r->e[r->n].name = n;
	r->e[r->n].tpl = t;
	r->n++;
	return ERR_OK;
}

static const struct mustache_tpl *
registry_find(const struct registry *r, const char *name)
{
	struct entry key = {(char *)(uintptr_t)name, NULL};
	const struct entry *e = bsearch(&key, r->e, r->n, sizeof(*r->e), cmp_entry);
	return e ? e->tpl : NULL;
}

static const struct mustache_tpl *
lookup(void *ud, const char *name)
{
	return registry_find(ud, name);
}

static enum err
load_embedded(struct registry *r)
{
	static const char prefix[] = "templates/", suffix[] = ".mustache";
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		size_t len = strlen(f->name);
		if (strncmp(f->name, prefix, sizeof(prefix) - 1) != 0 ||
		    len < sizeof(prefix) + sizeof(suffix) - 2 ||
		    strcmp(f->name + len - (sizeof(suffix) - 1), suffix) != 0)
			continue;
		enum err rc = registry_add(r, f->name + sizeof(prefix) - 1,
		    len - (sizeof(prefix) - 1) - (sizeof(suffix) - 1),
		    (const char *)f->data, f->len);
		if (rc != ERR_OK)
			return rc;
	}
	qsort(r->e, r->n, sizeof(*r->e), cmp_entry);
	return ERR_OK;
}

/* Read the .mustache files of dir and of its subdirectories (one level). */
static enum err
load_dir(struct registry *r, const char *dir, const char *sub)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s%s%s", dir, sub ? "/" : "", sub ? sub : "");
	DIR *d = opendir(path);
	if (d == NULL) {
		log_error("templates: cannot open %s", path);
		return ERR_IO;
	}
	enum err rc = ERR_OK;
	struct dirent *de;
	while (rc == ERR_OK && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		size_t len = strlen(de->d_name);
		if (sub == NULL && de->d_type == DT_DIR) {
			rc = load_dir(r, dir, de->d_name);
			continue;
		}
		if (len <= 9 || strcmp(de->d_name + len - 9, ".mustache") != 0)
			continue;
		char file[8448], name[512];
		snprintf(file, sizeof(file), "%s/%s", path, de->d_name);
		snprintf(name, sizeof(name), "%s%s%.*s", sub ? sub : "", sub ? "/" : "",
		    (int)(len - 9), de->d_name);
		FILE *f = fopen(file, "rb");
		if (f == NULL) {
			rc = ERR_IO;
			break;
		}
		struct buf b;
		buf_init(&b, 4 * 1024 * 1024);
		char chunk[8192];
		size_t got;
		while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_append(&b, chunk, got);
		fclose(f);
		rc = registry_add(r, name, strlen(name), buf_str(&b), b.len);
		buf_free(&b);
	}
	closedir(d);
	if (sub == NULL)
		qsort(r->e, r->n, sizeof(*r->e), cmp_entry);
	return rc;
}

enum err
templates_init(const char *dir)
{
	templates_free();
	if (dir != NULL) {
		dev_dir = xstrdup(dir);
		struct registry probe = {0};
		enum err rc = load_dir(&probe, dev_dir, NULL);
		registry_free(&probe);
		return rc;
	}
	return load_embedded(&embedded);
}

void
templates_free(void)
{
	registry_free(&embedded);
	free(dev_dir);
	dev_dir = NULL;
}

enum err
templates_render(const char *name, json_t *ctx, struct buf *out)
{
	struct registry dev = {0};
	struct registry *r = &embedded;
	enum err rc;
	if (dev_dir != NULL) {
		if ((rc = load_dir(&dev, dev_dir, NULL)) != ERR_OK)
			goto out;
		r = &dev;
	}
	const struct mustache_tpl *t = registry_find(r, name);
	if (t == NULL) {
		log_error("templates: no template named '%s'", name);
		rc = ERR_NOT_FOUND;
		goto out;
	}
	rc = mustache_render(t, ctx, lookup, r, out);
out:
	registry_free(&dev);
	return rc;
}
