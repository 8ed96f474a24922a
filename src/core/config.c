/*
 * config.c - one table of settings, applied from four sources.
 *
 * Each row names a key, its type and where it lives in struct config, so
 * the file parser, the environment reader, --set and config_print share
 * one description and cannot drift apart.
 */
#include "core/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/strparse.h"

enum ctype { C_STR, C_BOOL, C_INT, C_SIZE };

struct key {
	const char *name;
	enum ctype type;
	size_t off;
	int64_t min, max;   /* C_INT range; C_SIZE max */
	bool is_secret;
};

#define K(n, t, f, lo, hi, s) {n, t, offsetof(struct config, f), lo, hi, s}
static const struct key keys[] = {
	K("data", C_STR, data, 0, 0, false),
	K("listen", C_STR, listen, 0, 0, false),
	K("base_url", C_STR, base_url, 0, 0, false),
	K("smtp_url", C_STR, smtp_url, 0, 0, false),
	K("smtp_user", C_STR, smtp_user, 0, 0, false),
	K("smtp_password", C_STR, smtp_password, 0, 0, true),
	K("smtp_from", C_STR, smtp_from, 0, 0, false),
	K("smtp_ca_file", C_STR, smtp_ca_file, 0, 0, false),
	K("log_level", C_STR, log_level, 0, 0, false),
	K("templates_dir", C_STR, templates_dir, 0, 0, false),
	K("dev", C_BOOL, dev, 0, 0, false),
	K("trust_proxy", C_BOOL, trust_proxy, 0, 0, false),
	K("threads", C_INT, threads, 1, 256, false),
	K("max_connections", C_INT, max_connections, 1, 100000, false),
	K("max_connections_per_ip", C_INT, max_connections_per_ip, 1, 100000, false),
	K("connection_timeout", C_INT, connection_timeout, 1, 3600, false),
	K("header_timeout", C_INT, header_timeout, 0, 3600, false),
	K("body_timeout", C_INT, body_timeout, 0, 3600, false),
	K("body_min_rate", C_SIZE, body_min_rate, 0, 1024 * 1024 * 1024, false),
	K("shutdown_timeout", C_INT, shutdown_timeout, 0, 3600, false),
	K("connection_memory", C_SIZE, connection_memory, 0, 64 * 1024 * 1024, false),
	K("max_form", C_SIZE, max_form, 0, 64 * 1024 * 1024, false),
	K("max_upload", C_SIZE, max_upload, 0, 1024LL * 1024 * 1024, false),
	K("max_request", C_SIZE, max_request, 0, 1024LL * 1024 * 1024, false),
	K("max_photo", C_SIZE, max_photo, 0, 1024LL * 1024 * 1024, false),
	K("mail_interval", C_INT, mail_interval, 1, 86400, false),
	K("session_idle_timeout", C_INT, session_idle_timeout, 60, 7 * 86400, false),
	K("session_absolute_timeout", C_INT, session_absolute_timeout, 300, 90 * 86400, false),
	K("metrics_allow", C_STR, metrics_allow, 0, 0, false),
	K("backup_dir", C_STR, backup_dir, 0, 0, false),
	K("backup_every_hours", C_INT, backup_every_hours, 1, 8760, false),
	K("backup_keep", C_INT, backup_keep, 1, 1000, false),
};
#undef K

static void
set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v);
}

void
config_init(struct config *c)
{
	memset(c, 0, sizeof(*c));
	set_str(&c->data, "");
	set_str(&c->listen, "127.0.0.1:8080");
	set_str(&c->base_url, "");
	set_str(&c->smtp_url, "");
	set_str(&c->smtp_user, "");
	set_str(&c->smtp_password, "");
	set_str(&c->smtp_from, "Tandem <tandem@localhost>");
	set_str(&c->smtp_ca_file, "");
	set_str(&c->log_level, "info");
	set_str(&c->templates_dir, "templates");
	c->threads = 4;
	c->max_connections = 512;
	c->max_connections_per_ip = 64;
	c->connection_timeout = 30;
	c->header_timeout = 10;
	c->body_timeout = 20;
	c->body_min_rate = 500;
	c->shutdown_timeout = 10;
	c->connection_memory = 64 * 1024;
	c->max_form = 256 * 1024;
	c->max_upload = 10 * 1024 * 1024;
	c->max_request = 25 * 1024 * 1024;
	c->max_photo = 5 * 1024 * 1024;
	c->mail_interval = 15;
	c->session_idle_timeout = 60 * 60;
	c->session_absolute_timeout = 12 * 60 * 60;
	set_str(&c->metrics_allow, "127.0.0.1, ::1");
	set_str(&c->backup_dir, "");
	c->backup_every_hours = 24;
	c->backup_keep = 7;
}

void
config_free(struct config *c)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (keys[i].type != C_STR)
			continue;
		char **p = (char **)((char *)c + keys[i].off);
		if (keys[i].is_secret && *p)
			memset(*p, 0, strlen(*p));
		free(*p);
		*p = NULL;
	}
}

enum err
config_set(struct config *c, const char *key, const char *value,
    const char *source, char *msg, size_t msglen)
{
	const struct key *k = NULL;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i].name, key) == 0)
			k = &keys[i];
	if (k == NULL) {
		snprintf(msg, msglen, "%s: unknown key '%s'", source, key);
		return ERR_BAD_INPUT;
	}
	void *field = (char *)c + k->off;
	switch (k->type) {
	case C_STR:
		set_str(field, value);
		return ERR_OK;
	case C_BOOL:
		if (str_to_bool(value, field) != ERR_OK) {
			snprintf(msg, msglen, "%s: %s must be true or false, not '%s'",
			    source, key, value);
			return ERR_BAD_INPUT;
		}
		return ERR_OK;
	case C_INT:
		if (str_to_i64(value, k->min, k->max, field) != ERR_OK) {
			snprintf(msg, msglen,
			    "%s: %s must be a whole number from %lld to %lld, not '%s'",
			    source, key, (long long)k->min, (long long)k->max, value);
			return ERR_BAD_INPUT;
		}
		return ERR_OK;
	case C_SIZE:
		if (str_to_size(value, (size_t)k->max, field) != ERR_OK) {
			snprintf(msg, msglen,
			    "%s: %s must be a size such as 512k or 10M (at most %lld bytes), not '%s'",
			    source, key, (long long)k->max, value);
			return ERR_BAD_INPUT;
		}
		return ERR_OK;
	}
	return ERR_INTERNAL;
}

enum err
config_load_file(struct config *c, const char *path, bool optional,
    char *msg, size_t msglen)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		if (optional && errno == ENOENT)
			return ERR_OK;
		snprintf(msg, msglen, "%s: %s", path, strerror(errno));
		return ERR_IO;
	}
	enum err rc = ERR_OK;
	char line[4096], where[512];
	int lineno = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		snprintf(where, sizeof(where), "%s:%d", path, lineno);
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(msg, msglen, "%s: line too long", where);
			rc = ERR_BAD_INPUT;
			break;
		}
		char *s = str_trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (eq == NULL) {
			snprintf(msg, msglen, "%s: expected 'key = value'", where);
			rc = ERR_BAD_INPUT;
			break;
		}
		*eq = '\0';
		char *key = str_trim(s), *value = str_trim(eq + 1);
		size_t vlen = strlen(value);
		if (vlen >= 2 && value[0] == '"' && value[vlen - 1] == '"') {
			value[vlen - 1] = '\0';
			value++;
		}
		if ((rc = config_set(c, key, value, where, msg, msglen)) != ERR_OK)
			break;
	}
	fclose(f);
	return rc;
}

enum err
config_load_env(struct config *c, char *msg, size_t msglen)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char name[64] = "TANDEM_";
		size_t o = strlen(name);
		for (const char *p = keys[i].name; *p && o < sizeof(name) - 1; p++)
			name[o++] = (char)toupper((unsigned char)*p);
		name[o] = '\0';
		const char *v = getenv(name);
		if (v == NULL)
			continue;
		enum err rc = config_set(c, keys[i].name, v, name, msg, msglen);
		if (rc != ERR_OK)
			return rc;
	}
	return ERR_OK;
}

enum err
config_validate(const struct config *c, char *msg, size_t msglen)
{
	char host[256];
	uint16_t port;
	enum log_level level;
	if (str_to_hostport(c->listen, host, sizeof(host), &port) != ERR_OK) {
		snprintf(msg, msglen, "listen: '%s' is not HOST:PORT", c->listen);
		return ERR_BAD_INPUT;
	}
	if (!log_level_parse(c->log_level, &level)) {
		snprintf(msg, msglen,
		    "log_level: '%s' is not one of error, warn, info, debug", c->log_level);
		return ERR_BAD_INPUT;
	}
	if (*c->base_url && strncmp(c->base_url, "http://", 7) != 0 &&
	    strncmp(c->base_url, "https://", 8) != 0) {
		snprintf(msg, msglen, "base_url: '%s' must start with http:// or https://",
		    c->base_url);
		return ERR_BAD_INPUT;
	}
	if (*c->smtp_url && strncmp(c->smtp_url, "smtp://", 7) != 0 &&
	    strncmp(c->smtp_url, "smtps://", 8) != 0) {
		snprintf(msg, msglen, "smtp_url: '%s' must start with smtp:// or smtps://",
		    c->smtp_url);
		return ERR_BAD_INPUT;
	}
	if (*c->smtp_url && strchr(c->smtp_from, '@') == NULL) {
		snprintf(msg, msglen, "smtp_from: '%s' must be an email address, "
		    "like Tandem <mentoring@trust.nhs.uk>", c->smtp_from);
		return ERR_BAD_INPUT;
	}
	char why[160];
	if (metrics_allow_parse(c->metrics_allow, NULL, NULL, why, sizeof(why)) != ERR_OK) {
		snprintf(msg, msglen, "metrics_allow: %s; write IP addresses or networks "
		    "such as 127.0.0.1, ::1, 10.0.0.0/8, separated by commas", why);
		return ERR_BAD_INPUT;
	}
	return ERR_OK;
}

void
config_print(const struct config *c, void *file)
{
	FILE *f = file;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const void *field = (const char *)c + keys[i].off;
		fprintf(f, "%s = ", keys[i].name);
		switch (keys[i].type) {
		case C_STR: {
			const char *s = *(char *const *)field;
			fprintf(f, "%s\n", keys[i].is_secret && *s ? "(set)" : s);
			break;
		}
		case C_BOOL:
			fprintf(f, "%s\n", *(const bool *)field ? "true" : "false");
			break;
		case C_INT:
			fprintf(f, "%lld\n", (long long)*(const int64_t *)field);
			break;
		case C_SIZE:
			fprintf(f, "%zu\n", *(const size_t *)field);
			break;
		}
	}
}
