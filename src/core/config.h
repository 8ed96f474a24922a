/*
 * config.h - settings from defaults, a configuration file, the
 * environment and the command line, in rising precedence.
 *
 * The file is `key = value` lines with `#` comments; keys are the names
 * in the table in config.c (and docs/configuration.md).  Each key also
 * comes from TANDEM_<KEY> in upper case (TANDEM_DATA, TANDEM_LISTEN...).
 * Errors name their source: "tandem.conf:12: unknown key 'lisen'" or
 * "TANDEM_MAX_UPLOAD: max_upload must be a size such as 512k ...".
 */
#ifndef TANDEM_CORE_CONFIG_H
#define TANDEM_CORE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct config {
	char *data;            /* data directory */
	char *listen;          /* HOST:PORT */
	char *base_url;        /* public URL, e.g. https://mentoring.example.nhs.uk */
	char *smtp_url;        /* smtp://host:587 or smtps://...; "" = keep mail in the outbox */
	char *smtp_user;
	char *smtp_password;
	char *smtp_from;       /* From: address */
	char *smtp_ca_file;    /* PEM file of CAs to trust for SMTP TLS; "" = the system's */
	char *log_level;       /* error, warn, info, debug */
	char *templates_dir;   /* read templates from here when dev is on */
	bool dev;              /* development: reload templates, dev routes */
	bool trust_proxy;      /* a reverse proxy on this machine sets
	                          X-Forwarded-For: believe its last address */
	int64_t threads;       /* HTTP worker threads */
	int64_t max_connections;
	int64_t max_connections_per_ip;
	int64_t connection_timeout;   /* seconds of inactivity */
	int64_t header_timeout;       /* seconds for a whole request header
	                                 (0 = no limit; http/deadline.h) */
	int64_t body_timeout;         /* seconds of grace for a request body */
	size_t body_min_rate;         /* then bytes a second, on average */
	int64_t shutdown_timeout;     /* seconds to finish in-flight requests */
	size_t connection_memory;     /* per-connection buffer memory */
	size_t max_form;              /* urlencoded or JSON body */
	size_t max_upload;            /* one uploaded file */
	size_t max_request;           /* any request body */
	size_t max_photo;             /* one profile photo (PRO-5) */
	int64_t mail_interval;        /* seconds between outbox sweeps */
	int64_t session_idle_timeout;     /* seconds without a request */
	int64_t session_absolute_timeout; /* seconds from sign-in */
	char *metrics_allow;   /* who may read /metrics: IPs and CIDR networks,
	                          comma separated (core/metrics.h) */
	char *backup_dir;             /* scheduled backups go here; "" = off */
	int64_t backup_every_hours;   /* and are made this often */
	int64_t backup_keep;          /* the newest this many are kept */
};

/* Defaults. */
void config_init(struct config *c);
void config_free(struct config *c);

/* Apply a file.  A missing file is ERR_IO unless `optional`.  On error,
 * writes "file:line: message" into msg. */
enum err config_load_file(struct config *c, const char *path, bool optional,
    char *msg, size_t msglen);

/* Apply TANDEM_* environment variables. */
enum err config_load_env(struct config *c, char *msg, size_t msglen);

/* Apply one key = value (from the command line); source names it in msg. */
enum err config_set(struct config *c, const char *key, const char *value,
    const char *source, char *msg, size_t msglen);

/* Check values that depend on each other or on a format: listen parses,
 * log level known, URL schemes, smtp_from an address when mail is sent,
 * metrics_allow a list of addresses and networks. */
enum err config_validate(const struct config *c, char *msg, size_t msglen);

/* Print every setting (secrets masked) in file syntax. */
void config_print(const struct config *c, void *file);

#endif
