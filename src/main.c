/*
 * main.c - the tandem command: start-up, configuration, signals.
 *
 *   tandem init   --data DIR                 create the data directory
 *   tandem demo   --data DIR [--password PW] load the demo scheme
 *                 [--people N]               (and N synthetic mentors)
 *   tandem serve  --data DIR --listen H:P    serve (--check: check only)
 *   tandem outbox --data DIR [--status S]    list queued/sent/failed mail
 *   tandem config [--config FILE]            print the effective settings
 *   tandem backup --data DIR --to FILE       a consistent archive, while serving
 *   tandem restore --from FILE --data DIR    checked, then put in place
 *   tandem check  --data DIR                 database integrity, stored files
 *
 * Settings come from defaults < the configuration file (--config FILE,
 * else $TANDEM_CONFIG, else DIR/tandem.conf when it exists) < TANDEM_*
 * environment variables < command-line options.
 *
 * Threads: SIGINT/SIGTERM/SIGHUP are blocked before any thread starts and the
 * main thread waits for them with sigwait, so shutdown runs as ordinary
 * code, not in a signal handler.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "app/account.h"
#include "app/audit.h"
#include "app/backup.h"
#include "app/cohortmatch.h"
#include "app/demo_people.h"
#include "app/password.h"
#include "app/app.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/log.h"
#include "core/strparse.h"
#include "db/db.h"
#include "handlers/handlers.h"
#include "http/csrf.h"
#include "http/server.h"
#include "http/static.h"
#include "jobs/agreements.h"
#include "jobs/backups.h"
#include "jobs/evaluations.h"
#include "jobs/digest.h"
#include "jobs/housekeeping.h"
#include "jobs/requests.h"
#include "jobs/scheduler.h"
#include "mail/outbox.h"
#include "mail/render.h"
#include "mail/smtp.h"
#include "view/templates.h"

#define MAX_SETS 64

static const char usage[] =
	"usage: tandem COMMAND [OPTIONS]\n"
	"\n"
	"Tandem runs mentoring schemes: registration, matching, sessions,\n"
	"notes, messages, evaluation and reports, in one program.\n"
	"\n"
	"commands:\n"
	"  init   --data DIR                  create the data directory and database\n"
	"  demo   --data DIR [--password PW]  init if needed, then load a demo scheme\n"
	"                                     and demo people (password PW, or a\n"
	"                                     random one that is printed)\n"
	"         [--people N]                also a scheme \"synthetic\" with N\n"
	"                                     generated mentors and N/10 mentees\n"
	"                                     (docs/performance.md)\n"
	"  serve  --data DIR [--listen HOST:PORT] [--check]\n"
	"                                     serve Tandem (--check: check the\n"
	"                                     configuration, database and templates,\n"
	"                                     then exit)\n"
	"  outbox --data DIR [--status queued|sent|failed]\n"
	"                                     list email in the outbox\n"
	"  outbox --data DIR --show ID        print one message in full (with the\n"
	"                                     METHOD, UID and SEQUENCE of its\n"
	"                                     calendar invitation, if any)\n"
	"  user add --data DIR --username U --email E --name \"FULL NAME\" [--site-admin]\n"
	"                                     create an active account; the password\n"
	"                                     is read from standard input\n"
	"  user unlock --data DIR USERNAME    unlock an account locked by wrong passwords\n"
	"  scheme add --data DIR --slug SLUG --name \"NAME\" [--admin USERNAME]\n"
	"                                     create a scheme (and make USERNAME its\n"
	"                                     administrator)\n"
	"  audit verify --data DIR [--head ID:HASH]\n"
	"                                     check the audit log's hash chain: exit 0\n"
	"                                     when no entry was changed, 1 naming the\n"
	"                                     first that was; prints the newest entry\n"
	"                                     to keep outside (--head checks a kept one)\n"
	"  match  --data DIR --scheme ID [--cohort ID] [--stable] [--confirm]\n"
	"                                     cohort matching (REQ-11): a dry run that\n"
	"                                     prints the objective, counts, time and\n"
	"                                     pairs; --confirm saves it and makes the\n"
	"                                     relationships (emails, audit)\n"
	"  match  --instance FILE             solve an assignment instance file\n"
	"                                     (OR-Library format, or \"c\" capacity\n"
	"                                     format) and print objective, counts, time\n"
	"  backup --data DIR --to FILE        write a backup (the database and every\n"
	"                                     stored file, in one tar file, mode 0600)\n"
	"                                     while Tandem runs\n"
	"  restore --from FILE --data DIR [--force]\n"
	"                                     check a backup, then put it in DIR (which\n"
	"                                     must be new or empty unless --force)\n"
	"  check  --data DIR                  check the database's integrity and that\n"
	"                                     every stored file it names is there;\n"
	"                                     exit 0 when all is well, 1 otherwise\n"
	"  config [--config FILE]             print the effective configuration\n"
	"\n"
	"options for every command:\n"
	"  --data DIR          data directory (TANDEM_DATA)\n"
	"  --listen HOST:PORT  address to serve on (TANDEM_LISTEN), default 127.0.0.1:8080\n"
	"  --config FILE       configuration file (TANDEM_CONFIG), default DIR/tandem.conf\n"
	"  --set KEY=VALUE     any configuration key (see docs/configuration.md)\n"
	"  --log-level LEVEL   error, warn, info or debug (TANDEM_LOG_LEVEL)\n"
	"  --dev               development mode: templates re-read from disk\n"
	"  -h, --help          this help\n"
	"  -V, --version       the version\n";

struct options {
	const char *command;
	const char *config_file;
	const char *password;
	const char *status;
	const char *subcommand;     /* user add | user unlock */
	const char *argument;       /* user unlock NAME */
	const char *username, *email, *name;
	const char *slug, *admin;
	int64_t show_id;
	int64_t people;             /* demo --people N */
	int64_t scheme_id, cohort_id; /* match --scheme, --cohort */
	const char *instance;       /* match --instance FILE */
	const char *head;           /* audit verify --head ID:HASH */
	bool is_stable, is_confirm; /* match --stable, --confirm */
	const char *to, *from;      /* backup --to, restore --from */
	bool is_force;              /* restore --force */
	bool is_site_admin;
	bool is_check;
	const char *sets[MAX_SETS][2];
	size_t nsets;
};

static int
fail(const char *msg)
{
	fprintf(stderr, "tandem: %s\n", msg);
	return 1;
}

static void
add_set(struct options *o, const char *key, const char *value)
{
	if (o->nsets == MAX_SETS) {
		fprintf(stderr, "tandem: too many options\n");
		exit(2);
	}
	o->sets[o->nsets][0] = key;
	o->sets[o->nsets][1] = value;
	o->nsets++;
}

static int
parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"data", required_argument, NULL, 'd'},
		{"listen", required_argument, NULL, 'l'},
		{"config", required_argument, NULL, 'c'},
		{"set", required_argument, NULL, 's'},
		{"log-level", required_argument, NULL, 'L'},
		{"password", required_argument, NULL, 'p'},
		{"status", required_argument, NULL, 'S'},
		{"check", no_argument, NULL, 'k'},
		{"show", required_argument, NULL, 'w'},
		{"people", required_argument, NULL, 'P'},
		{"username", required_argument, NULL, 'u'},
		{"email", required_argument, NULL, 'e'},
		{"name", required_argument, NULL, 'n'},
		{"site-admin", no_argument, NULL, 'A'},
		{"slug", required_argument, NULL, 'g'},
		{"admin", required_argument, NULL, 'a'},
		{"dev", no_argument, NULL, 'D'},
		{"scheme", required_argument, NULL, 'x'},
		{"cohort", required_argument, NULL, 'H'},
		{"stable", no_argument, NULL, 'T'},
		{"confirm", no_argument, NULL, 'C'},
		{"instance", required_argument, NULL, 'I'},
		{"head", required_argument, NULL, 'E'},
		{"to", required_argument, NULL, 'o'},
		{"from", required_argument, NULL, 'f'},
		{"force", no_argument, NULL, 'F'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int ch;
	while ((ch = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd': add_set(o, "data", optarg); break;
		case 'l': add_set(o, "listen", optarg); break;
		case 'L': add_set(o, "log_level", optarg); break;
		case 'D': add_set(o, "dev", "true"); break;
		case 'c': o->config_file = optarg; break;
		case 'p': o->password = optarg; break;
		case 'S': o->status = optarg; break;
		case 'k': o->is_check = true; break;
		case 'u': o->username = optarg; break;
		case 'e': o->email = optarg; break;
		case 'n': o->name = optarg; break;
		case 'A': o->is_site_admin = true; break;
		case 'g': o->slug = optarg; break;
		case 'a': o->admin = optarg; break;
		case 'T': o->is_stable = true; break;
		case 'C': o->is_confirm = true; break;
		case 'I': o->instance = optarg; break;
		case 'E': o->head = optarg; break;
		case 'o': o->to = optarg; break;
		case 'f': o->from = optarg; break;
		case 'F': o->is_force = true; break;
		case 'x':
		case 'H':
			if (str_to_i64(optarg, 1, INT64_MAX, ch == 'x' ? &o->scheme_id :
			    &o->cohort_id) != ERR_OK) {
				fprintf(stderr, "tandem: --%s takes an id\n",
				    ch == 'x' ? "scheme" : "cohort");
				return 2;
			}
			break;
		case 'w':
			if (str_to_i64(optarg, 1, INT64_MAX, &o->show_id) != ERR_OK) {
				fprintf(stderr, "tandem: --show takes a message id\n");
				return 2;
			}
			break;
		case 'P':
			if (str_to_i64(optarg, 1, 1000000, &o->people) != ERR_OK) {
				fprintf(stderr, "tandem: --people takes a number from 1 to "
				    "1000000\n");
				return 2;
			}
			break;
		case 's': {
			char *eq = strchr(optarg, '=');
			if (eq == NULL) {
				fprintf(stderr, "tandem: --set takes KEY=VALUE\n");
				return 2;
			}
			*eq = '\0';
			add_set(o, optarg, eq + 1);
			break;
		}
		case 'h':
			fputs(usage, stdout);
			exit(0);
		case 'V':
			printf("tandem %s\n", TANDEM_VERSION);
			exit(0);
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		fputs(usage, stderr);
		return 2;
	}
	o->command = argv[optind++];
	if ((strcmp(o->command, "user") == 0 || strcmp(o->command, "scheme") == 0 ||
	    strcmp(o->command, "audit") == 0) &&
	    optind < argc)
		o->subcommand = argv[optind++];
	if (o->subcommand != NULL && optind < argc)
		o->argument = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "tandem: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	return 0;
}

/* Defaults < file < environment < command line. */
static int
load_config(struct options *o, struct config *cfg)
{
	char msg[512];
	config_init(cfg);
	/* the data directory decides where the default file is */
	const char *data = getenv("TANDEM_DATA");
	for (size_t i = 0; i < o->nsets; i++)
		if (strcmp(o->sets[i][0], "data") == 0)
			data = o->sets[i][1];
	const char *file = o->config_file ? o->config_file : getenv("TANDEM_CONFIG");
	char path[4096];
	bool optional = false;
	if (file == NULL && data != NULL && *data) {
		snprintf(path, sizeof(path), "%s/tandem.conf", data);
		file = path;
		optional = true;
	}
	if (file != NULL && config_load_file(cfg, file, optional, msg, sizeof(msg)) != ERR_OK)
		return fail(msg);
	if (config_load_env(cfg, msg, sizeof(msg)) != ERR_OK)
		return fail(msg);
	for (size_t i = 0; i < o->nsets; i++)
		if (config_set(cfg, o->sets[i][0], o->sets[i][1], "command line",
		    msg, sizeof(msg)) != ERR_OK)
			return fail(msg);
	if (config_validate(cfg, msg, sizeof(msg)) != ERR_OK)
		return fail(msg);
	enum log_level level = LOG_INFO;
	log_level_parse(cfg->log_level, &level);
	log_set_level(level);
	return 0;
}

static int
need_data(const struct config *cfg)
{
	if (*cfg->data == '\0')
		return fail("no data directory: give --data DIR or set TANDEM_DATA");
	return 0;
}

static char *
db_path(const struct config *cfg)
{
	size_t len = strlen(cfg->data) + sizeof("/tandem.db");
	char *p = xmalloc(len);
	snprintf(p, len, "%s/tandem.db", cfg->data);
	return p;
}

static int
make_dir(const char *path)
{
	if (mkdir(path, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "tandem: cannot create %s: %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

/* The data directory's database for a command that reads or changes it
 * (never creates or migrates it): NULL, with the reason on stderr, when
 * it cannot be opened. */
static struct db *
open_existing(const struct config *cfg)
{
	char *path = db_path(cfg);
	struct db *db = NULL;
	enum err rc = db_open(path, false, &db);
	free(path);
	if (rc != ERR_OK) {
		fail("could not open the database (has `tandem init` been run?)");
		return NULL;
	}
	return db;
}

/* Create the data directory layout and database; apply migrations. */
static int
init_data(const struct config *cfg, bool quiet)
{
	char sub[4096];
	if (make_dir(cfg->data) != 0)
		return 1;
	snprintf(sub, sizeof(sub), "%s/tmp", cfg->data);
	if (make_dir(sub) != 0)
		return 1;
	snprintf(sub, sizeof(sub), "%s/files", cfg->data);
	if (make_dir(sub) != 0)
		return 1;
	char *path = db_path(cfg);
	struct db *db;
	enum err rc = db_open(path, true, &db);
	free(path);
	if (rc != ERR_OK)
		return fail("could not open or upgrade the database (see above)");
	unsigned char key[32];
	rc = app_secret_key(db, key);
	crypto_wipe(key, sizeof(key));
	int version = db_schema_version(db);
	db_close(db);
	if (rc != ERR_OK)
		return fail("could not create the installation key");
	if (!quiet)
		printf("Tandem data directory %s is ready (schema version %d).\n",
		    cfg->data, version);
	return 0;
}

static int
cmd_demo(const struct config *cfg, const struct options *o)
{
	char password[TOKEN_TEXT_LEN + 1];
	if (init_data(cfg, true) != 0)
		return 1;
	if (o->password != NULL) {
		const char *problem = app_password_problem(o->password, "demo");
		if (problem != NULL) {
			fprintf(stderr, "tandem: --password: %s\n", problem);
			return 1;
		}
		snprintf(password, sizeof(password), "%s", o->password);
	} else {
		crypto_token(password);
		password[16] = '\0';
	}
	char *path = db_path(cfg);
	struct db *db;
	enum err rc = db_open(path, false, &db);
	free(path);
	if (rc != ERR_OK)
		return fail("could not open the database");
	const struct app_demo_person *people = NULL;
	size_t n = 0;
	rc = app_demo_load(db, password, &people, &n);
	if (rc == ERR_CONFLICT && o->people > 0)
		n = 0;   /* the demo is there already: add the synthetic scheme */
	else if (rc == ERR_CONFLICT) {
		db_close(db);
		return fail("the demo scheme is already loaded in this data directory");
	} else if (rc != ERR_OK) {
		db_close(db);
		return fail("could not load the demo data");
	}
	struct app_demo_people_result synth = {0};
	if (o->people > 0) {
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = app_demo_people(db, password, (size_t)o->people, &synth);
		if (rc != ERR_OK) {
			db_close(db);
			return fail(rc == ERR_CONFLICT ? "the synthetic scheme is already "
			    "loaded in this data directory" : "could not generate the people");
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		printf("Synthetic scheme \"synthetic\": %zu mentors (synth.mentor.1 ...), "
		    "%zu mentees (synth.mentee.1 ...), administrator synth.admin, "
		    "generated in %lld ms.\n", synth.mentors, synth.mentees,
		    (long long)((t1.tv_sec - t0.tv_sec) * 1000 +
		    (t1.tv_nsec - t0.tv_nsec) / 1000000));
	}
	db_close(db);
	if (n > 0) {
		printf("Demo scheme loaded into %s.\n\n", cfg->data);
		printf("  %-16s  %s\n", "username", "role");
		for (size_t i = 0; i < n; i++)
			printf("  %-16s  %s\n", people[i].username, people[i].roles);
	}
	printf("\nEvery %s person's password is: %s\n", n > 0 ? "demo" : "generated",
	    password);
	crypto_wipe(password, sizeof(password));
	return 0;
}

/* One message in full: headers, a blank line, the text body. */
static int
show_mail(struct db *db, int64_t id)
{
	struct arena *a = arena_new(0);
	struct db_mail m;
	enum err rc = db_outbox_get(db, a, id, &m);
	if (rc == ERR_OK) {
		printf("Id: %lld\nTo: %s\nSubject: %s\nStatus: %s\n", (long long)m.id,
		    m.to_addr, m.subject, m.status);
		if (m.ics_method[0] != '\0') {
			/* SES-9: the invitation's METHOD, UID and SEQUENCE */
			const char *uid = strstr(m.ics, "\r\nUID:");
			const char *seq = strstr(m.ics, "\r\nSEQUENCE:");
			printf("Invitation: %s\n", m.ics_method);
			if (uid != NULL)
				printf("Invitation-UID: %.*s\n", (int)strcspn(uid + 6, "\r"), uid + 6);
			if (seq != NULL)
				printf("Invitation-Sequence: %.*s\n", (int)strcspn(seq + 11, "\r"),
				    seq + 11);
		}
		printf("\n%s", m.body_text);
	}
	arena_free(a);
	return rc == ERR_OK ? 0 : fail(rc == ERR_NOT_FOUND ? "no such message" :
	    "could not read the outbox");
}

/* `tandem audit verify` (ADM-7): the audit log's hash chain. */
static int
cmd_audit(const struct config *cfg, const struct options *o)
{
	if (o->subcommand == NULL || strcmp(o->subcommand, "verify") != 0 || o->argument)
		return fail("usage: tandem audit verify --data DIR [--head ID:HASH]");
	int64_t anchor_id = 0;
	const char *anchor_hash = NULL;
	if (o->head != NULL) {
		const char *colon = strchr(o->head, ':');
		char idtext[24];
		size_t len = colon ? (size_t)(colon - o->head) : 0;
		if (colon == NULL || len == 0 || len >= sizeof(idtext) ||
		    strlen(colon + 1) != 64)
			return fail("--head takes ID:HASH as printed by `tandem audit verify`");
		memcpy(idtext, o->head, len);
		idtext[len] = '\0';
		if (str_to_i64(idtext, 1, INT64_MAX, &anchor_id) != ERR_OK)
			return fail("--head takes ID:HASH as printed by `tandem audit verify`");
		anchor_hash = colon + 1;
	}
	struct db *db = open_existing(cfg);
	if (db == NULL)
		return 1;
	enum err rc;
	struct arena *a = arena_new(0);
	int64_t checked = 0, bad = 0, predating = 0, head = 0;
	const char *head_hash = "";
	enum err anchored = ERR_OK;
	rc = app_audit_verify_ex(db, a, &checked, &bad, &predating);
	if (rc == ERR_OK)
		rc = app_audit_head(db, a, &head, &head_hash);
	if (rc == ERR_OK && anchor_hash != NULL)
		anchored = app_audit_anchor(db, a, anchor_id, anchor_hash);
	char kept[72];
	snprintf(kept, sizeof(kept), "%s", head_hash);
	arena_free(a);
	db_close(db);
	if (rc != ERR_OK || (anchored != ERR_OK && anchored != ERR_CONFLICT &&
	    anchored != ERR_NOT_FOUND))
		return fail("could not read the audit log");
	if (anchored != ERR_OK) {
		fprintf(stderr, "tandem: the audit log has been changed: entry %lld %s "
		    "(the kept head no longer matches)\n", (long long)anchor_id,
		    anchored == ERR_NOT_FOUND ? "is gone" : "carries another hash");
		return 1;
	}
	if (bad != 0) {
		fprintf(stderr, "tandem: the audit log has been changed: entry %lld does not match "
		    "its hash (%lld entries checked before it)\n", (long long)bad,
		    (long long)checked);
		return 1;
	}
	printf("The audit log is whole: %lld entries checked.\n", (long long)checked);
	if (predating > 0)
		printf("%lld earlier entries predate the chain and cannot be checked.\n",
		    (long long)predating);
	if (anchor_hash != NULL)
		printf("Entry %lld still carries the hash you kept.\n", (long long)anchor_id);
	if (head != 0)
		printf("Newest entry: %lld:%s\n(keep it outside this server; check later with "
		    "`tandem audit verify --head %lld:%s`)\n", (long long)head, kept,
		    (long long)head, kept);
	return 0;
}

static int
cmd_outbox(const struct config *cfg, const struct options *o)
{
	if (o->status && strcmp(o->status, "queued") && strcmp(o->status, "sent") &&
	    strcmp(o->status, "failed"))
		return fail("--status must be queued, sent or failed");
	struct db *db = open_existing(cfg);
	if (db == NULL)
		return 1;
	enum err rc;
	if (o->show_id) {
		int status = show_mail(db, o->show_id);
		db_close(db);
		return status;
	}
	struct arena *a = arena_new(0);
	struct db_mail *m;
	size_t n;
	rc = db_outbox_list(db, a, o->status, 1000, &m, &n);
	if (rc == ERR_OK) {
		printf("%-6s %-7s %-8s %-20s %-32s %s\n", "id", "status", "attempts",
		    "created", "to", "subject");
		for (size_t i = 0; i < n; i++) {
			char when[32];
			clock_iso8601(m[i].created_at, when, sizeof(when));
			printf("%-6lld %-7s %-8lld %-20s %-32s %s\n", (long long)m[i].id,
			    m[i].status, (long long)m[i].attempts, when, m[i].to_addr,
			    m[i].subject);
			if (*m[i].last_error)
				printf("       last error: %s\n", m[i].last_error);
			if (*m[i].ics_method)
				printf("       invitation: %s\n", m[i].ics_method);
		}
		printf("%zu message(s)\n", n);
	}
	arena_free(a);
	db_close(db);
	return rc == ERR_OK ? 0 : fail("could not read the outbox");
}

static void
print_problems(const struct app_problems *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		fprintf(stderr, "tandem: %s: %s\n", ps->p[i].field, ps->p[i].message);
}

/* `tandem match` (REQ-11): an instance file through the solver, or a
 * scheme's cohort matching as a dry run (or saved and confirmed). */
static int
match_instance(const char *file)
{
	FILE *f = fopen(file, "rb");
	if (f == NULL) {
		fprintf(stderr, "tandem: cannot open %s: %s\n", file, strerror(errno));
		return 1;
	}
	struct arena *a = arena_new(0);
	char *text = arena_alloc(a, APP_CM_INSTANCE_MAX + 1);
	size_t len = fread(text, 1, APP_CM_INSTANCE_MAX + 1, f);
	fclose(f);
	int status = 1;
	struct assign_problem p;
	const char *why = "";
	if (len > APP_CM_INSTANCE_MAX) {
		fprintf(stderr, "tandem: %s is larger than %d bytes\n", file, APP_CM_INSTANCE_MAX);
		goto out;
	}
	if (app_cohortmatch_instance(a, text, len, &p, &why) != ERR_OK) {
		fprintf(stderr, "tandem: %s: %s\n", file, why);
		goto out;
	}
	int32_t *mentor_of = arena_calloc(a, (size_t)p.nmentees + 1, sizeof(int32_t));
	int64_t total = 0;
	int32_t matched = 0;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	enum err rc = assign_solve(&p, mentor_of, &total, &matched);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc != ERR_OK) {
		fprintf(stderr, "tandem: %s: the solver refused the instance\n", file);
		goto out;
	}
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("objective %lld\n", (long long)total);
	printf("mentees %d, mentors %d, allowed pairs %lld\n", p.nmentees, p.nmentors,
	    (long long)p.first[p.nmentees]);
	printf("matched %d, unmatched %d\n", matched, p.nmentees - matched);
	printf("time %.6f s\n", secs);
	status = 0;
out:
	arena_free(a);
	return status;
}

static int
cmd_match(const struct config *cfg, const struct options *o)
{
	if (o->instance != NULL)
		return match_instance(o->instance);
	if (o->scheme_id == 0)
		return fail("usage: tandem match --data DIR --scheme ID [--cohort ID] [--stable] "
		    "[--confirm], or tandem match --instance FILE");
	struct db *db = open_existing(cfg);
	if (db == NULL)
		return 1;
	enum err rc;
	struct arena *a = arena_new(0);
	struct app_problems ps = {0};
	struct app_cm_result r;
	rc = app_cohortmatch_system(db, a, o->scheme_id, o->cohort_id, o->is_stable,
	    o->is_confirm, &ps, &r);
	int status = 0;
	if (rc == ERR_NOT_FOUND) {
		status = fail("no such scheme");
	} else if (rc != ERR_OK) {
		print_problems(&ps);
		status = fail(rc == ERR_CONFLICT ? "nothing was confirmed" : rc == ERR_FORBIDDEN ?
		    "nothing was run" : "matching failed");
	} else {
		if (!r.is_on)
			fprintf(stderr, "tandem: warning: cohort matching is off in this scheme: "
			    "this is a dry run only (turn it on in the scheme's settings to "
			    "confirm)\n");
		printf("objective %lld\n", (long long)r.run.objective);
		printf("mode %s\n", r.run.mode);
		printf("matched %lld, unmatched %lld\n", (long long)r.run.matched,
		    (long long)r.run.unmatched);
		printf("mean score %lld\n", r.run.matched ? (long long)((r.run.score_total * 2 +
		    r.run.matched) / (r.run.matched * 2)) : 0LL);
		printf("blocking pairs %lld\n", (long long)r.run.blocking);
		printf("time %.6f s\n", (double)r.run.elapsed_us / 1e6);
		for (size_t i = 0; i < r.npairs; i++) {
			const struct db_cm_pair *p = &r.pairs[i];
			if (p->mentor_id)
				printf("pair %lld %s -> %lld %s, score %lld, cost %lld\n",
				    (long long)p->mentee_id, p->mentee_name, (long long)p->mentor_id,
				    p->mentor_name, (long long)p->score, (long long)p->cost);
			else
				printf("unmatched %lld %s: %s\n", (long long)p->mentee_id,
				    p->mentee_name, p->why);
		}
		if (o->is_confirm)
			printf("run %lld saved; %zu relationships made\n", (long long)r.run.id,
			    r.created);
		else
			printf("dry run: nothing was saved (add --confirm to make the "
			    "relationships)\n");
	}
	arena_free(a);
	db_close(db);
	return status;
}

/* tandem user add | unlock: accounts from the command line (issue 3). */
static int
cmd_user(const struct config *cfg, const struct options *o)
{
	int status = 1;
	struct db *db = NULL;
	char password[512] = "";
	char given[201] = "";
	const char *family;

	if (o->subcommand == NULL ||
	    (strcmp(o->subcommand, "add") != 0 && strcmp(o->subcommand, "unlock") != 0)) {
		fail("user takes 'add' or 'unlock' (see tandem --help)");
		goto out;
	}
	if ((db = open_existing(cfg)) == NULL)
		goto out;
	if (strcmp(o->subcommand, "unlock") == 0) {
		if (o->argument == NULL) {
			fail("user unlock needs a USERNAME");
			goto out;
		}
		enum err rc = app_user_unlock_cli(db, o->argument);
		if (rc == ERR_NOT_FOUND)
			fail("no such username");
		else if (rc != ERR_OK)
			fail("could not unlock the account");
		else {
			printf("%s is unlocked.\n", o->argument);
			status = 0;
		}
		goto out;
	}
	if (o->username == NULL || o->email == NULL || o->name == NULL) {
		fail("user add needs --username, --email and --name");
		goto out;
	}
	family = strrchr(o->name, ' ');
	if (family == NULL || family == o->name || (size_t)(family - o->name) >= sizeof(given)) {
		fail("--name: give the full name, like \"Sam Jones\"");
		goto out;
	}
	memcpy(given, o->name, (size_t)(family - o->name));
	family++;
	/* typed at a terminal: turn echo off while it is read */
	struct termios saved, quiet;
	bool is_tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
	if (is_tty) {
		fprintf(stderr, "Password for %s (it is not shown): ", o->username);
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	char *got = fgets(password, sizeof(password), stdin);
	if (is_tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
		fputc('\n', stderr);
	}
	if (got == NULL) {
		fail("no password on standard input");
		goto out;
	}
	password[strcspn(password, "\r\n")] = '\0';
	struct app_new_user u = {
		.username = o->username, .email = o->email, .given_name = given,
		.family_name = family, .password = password, .is_active = true,
		.is_site_admin = o->is_site_admin,
	};
	struct app_problems ps = {0};
	int64_t id;
	enum err rc = app_user_add_cli(db, &u, &ps, &id);
	if (rc == ERR_BAD_INPUT || rc == ERR_CONFLICT) {
		print_problems(&ps);
		if (ps.n == 0)
			fail("that username is taken");
	} else if (rc != ERR_OK) {
		fail("could not create the account");
	} else {
		printf("Created %s (%s)%s.\n", o->username, o->name,
		    o->is_site_admin ? ", site administrator" : "");
		status = 0;
	}
out:
	crypto_wipe(password, sizeof(password));
	db_close(db);
	return status;
}

/* tandem scheme add: the first scheme of a new installation. */
static int
cmd_scheme(const struct config *cfg, const struct options *o)
{
	int status = 1;
	char *path = db_path(cfg);
	struct db *db = NULL;
	struct arena *a = arena_new(0);
	struct app_problems ps = {0};
	int64_t id;

	if (o->subcommand == NULL || strcmp(o->subcommand, "add") != 0 || o->argument) {
		fail("scheme takes 'add' (see tandem --help)");
		goto out;
	}
	if (o->slug == NULL || o->name == NULL) {
		fail("scheme add needs --slug and --name");
		goto out;
	}
	if (init_data(cfg, true) != 0 || db_open(path, false, &db) != ERR_OK) {
		fail("could not open the database");
		goto out;
	}
	enum err rc = app_scheme_add_cli(db, a, o->slug, o->name, o->admin, &ps, &id);
	if (rc == ERR_BAD_INPUT)
		print_problems(&ps);
	else if (rc == ERR_CONFLICT)
		fail("a scheme with that --slug already exists");
	else if (rc == ERR_NOT_FOUND)
		fail("--admin: no such username (create it first with tandem user add)");
	else if (rc != ERR_OK)
		fail("could not create the scheme");
	else {
		printf("Created scheme %s (%s)%s%s.\n", o->slug, o->name,
		    o->admin ? " with administrator " : "", o->admin ? o->admin : "");
		status = 0;
	}
out:
	db_close(db);
	arena_free(a);
	free(path);
	return status;
}

/* ---- backup, restore, check (issue 12; app/backup.h) ---- */

static const char *
human_size(struct arena *a, uint64_t n)
{
	if (n < 1024)
		return arena_printf(a, "%llu bytes", (unsigned long long)n);
	if (n < 1024 * 1024)
		return arena_printf(a, "%.1f KB", (double)n / 1024);
	if (n < 1024ULL * 1024 * 1024)
		return arena_printf(a, "%.1f MB", (double)n / (1024 * 1024));
	return arena_printf(a, "%.2f GB", (double)n / (1024.0 * 1024 * 1024));
}

static int
cmd_backup(const struct config *cfg, const struct options *o)
{
	if (o->to == NULL || *o->to == '\0')
		return fail("usage: tandem backup --data DIR --to FILE");
	struct arena *a = arena_new(0);
	struct app_backup_result r;
	const char *why;
	int status = 0;
	enum err rc = app_backup(a, cfg->data, o->to, &r, &why);
	if (rc != ERR_OK) {
		fprintf(stderr, "tandem: backup failed: %s\n", why);
		status = 1;
		goto out;
	}
	printf("Wrote %s: %s.\n", o->to, human_size(a, r.archive_bytes));
	printf("  database: %s (schema version %d)\n", human_size(a, r.db_bytes),
	    r.schema_version);
	printf("  stored files: %zu (%s)\n", r.nfiles, human_size(a, r.file_bytes));
	if (r.nunreferenced > 0)
		printf("  left out: %zu file(s) in files/ that nothing in the database names\n",
		    r.nunreferenced);
	for (size_t i = 0; i < r.nmissing; i++)
		fprintf(stderr, "tandem: warning: the database names %s but it is not in the "
		    "data directory (recorded in the backup's MANIFEST; run `tandem check`)\n",
		    r.missing[i]);
out:
	arena_free(a);
	return status;
}

static int
cmd_restore(const struct config *cfg, const struct options *o)
{
	if (o->from == NULL || *o->from == '\0')
		return fail("usage: tandem restore --from FILE --data DIR [--force]");
	struct arena *a = arena_new(0);
	struct app_restore_result r;
	const char *why;
	int status = 0;
	enum err rc = app_restore(a, o->from, cfg->data, o->is_force, &r, &why);
	for (size_t i = 0; i < r.nproblems; i++)
		fprintf(stderr, "tandem: %s\n", r.problems[i]);
	if (rc != ERR_OK) {
		fprintf(stderr, "tandem: restore failed: %s\n", why);
		status = 1;
		goto out;
	}
	printf("Restored %s into %s: the database (schema version %d) and %zu stored "
	    "file(s), %s, all checked.\n", o->from, cfg->data, r.schema_version, r.nfiles,
	    human_size(a, r.bytes));
	for (size_t i = 0; i < r.nmissing; i++)
		printf("  note: %s was already missing when the backup was made\n",
		    r.missing[i]);
	printf("Start Tandem on it with `tandem serve --data %s` (a backup from an older "
	    "version is upgraded when it starts).\n", cfg->data);
out:
	arena_free(a);
	return status;
}

static int
cmd_check(const struct config *cfg)
{
	struct arena *a = arena_new(0);
	struct app_check_report r;
	app_check(a, cfg->data, &r);
	bool is_ok = r.nproblems == 0 && r.nmissing == 0;
	printf("Checking %s\n", cfg->data);
	for (size_t i = 0; i < r.nproblems; i++)
		printf("  PROBLEM: %s\n", r.problems[i]);
	for (size_t i = 0; i < r.nmissing; i++)
		printf("  MISSING: %s\n", r.missing[i]);
	printf("database: %s\n", r.nproblems == 0 ? "integrity_check ok, foreign_key_check ok" :
	    "problems found (above)");
	printf("stored files: %zu named by the database, %zu missing, %zu compared by size\n"
	    "  (the database keeps no hash of stored files, so their contents are not "
	    "compared;\n  backups carry a SHA-256 of every file, checked on restore)\n",
	    r.nreferenced, r.nmissing, r.nsized);
	if (r.nunreferenced > 0) {
		printf("files nothing names (not deleted; %zu):\n", r.nunreferenced);
		for (size_t i = 0; i < r.nunreferenced; i++)
			printf("  %s\n", r.unreferenced[i]);
	}
	printf("%s\n", is_ok ? "All is well." : "Problems were found.");
	arena_free(a);
	return is_ok ? 0 : 1;
}

static int
cmd_serve(const struct config *cfg, const struct options *o)
{
	int status = 1;
	unsigned char key[32];
	struct http_server *srv = NULL;
	struct scheduler *sched = NULL;
	struct outbox_sender *sender = NULL;
	struct housekeeping hk = {0};
	struct backups_job backups = {0};
	struct mail_transport transport = {0};
	bool is_transport = false;
	char *path = db_path(cfg);
	struct db *db = NULL;
	sigset_t signals;
	bool is_templates = false;

	if (o->is_check) {
		/* check only: never create or upgrade anything */
		struct stat st;
		if (stat(path, &st) != 0) {
			fprintf(stderr, "tandem: %s does not exist: run `tandem init --data %s`\n",
			    path, cfg->data);
			goto out;
		}
	} else if (init_data(cfg, true) != 0) {
		goto out;
	}
	if (db_open(path, false, &db) != ERR_OK || app_secret_key(db, key) != ERR_OK) {
		fail("could not open the database");
		goto out;
	}
	csrf_init(key);
	crypto_wipe(key, sizeof(key));
	db_close(db);
	db = NULL;
	static_init();
	if (templates_init(cfg->dev ? cfg->templates_dir : NULL) != ERR_OK) {
		fail("the templates do not compile (see above)");
		goto out;
	}
	is_templates = true;
	if (o->is_check) {
		printf("Configuration, database and templates are all right.\n");
		status = 0;
		goto out;
	}

	/* every thread started from here on inherits this mask */
	sigemptyset(&signals);
	sigaddset(&signals, SIGINT);
	sigaddset(&signals, SIGTERM);
	sigaddset(&signals, SIGHUP);  /* a closed terminal: stop cleanly too */
	pthread_sigmask(SIG_BLOCK, &signals, NULL);
	signal(SIGPIPE, SIG_IGN);

	db_pool_init(path);
	mail_render_configure(cfg);   /* emails from the templates, links to base_url */
	struct http_hooks hooks = {
		.render_error = page_render_error,
		.thread_db = db_thread,
		.authenticate = auth_authenticate,
		.authorise = auth_authorise,
		.gate = auth_gate,
	};
	uint16_t port;
	size_t nroutes;
	const struct route *routes = routes_all(&nroutes);
	if (http_server_start(cfg, routes, nroutes, &hooks, &srv, &port) != ERR_OK) {
		fail("could not start the web server (see above)");
		goto stop;
	}
	/* the background work starts only once the address is ours: a second
	 * tandem started by mistake on the same address stops above without
	 * sending an email or running a job */
	transport = smtp_transport(cfg);
	is_transport = true;
	sender = outbox_sender_start(cfg, &transport);
	sched = scheduler_new();
	housekeeping_register(sched, cfg, &hk);
	digest_register(sched);
	requests_job_register(sched);
	agreements_job_register(sched);
	evaluations_job_register(sched);
	/* scheduled backups (issue 12), when backup_dir is set */
	backups = (struct backups_job){.data_dir = cfg->data, .dir = cfg->backup_dir,
	    .every_hours = cfg->backup_every_hours, .keep = cfg->backup_keep};
	backups_job_register(sched, &backups);
	scheduler_start(sched);

	char host[256];
	snprintf(host, sizeof(host), "%s", cfg->listen);
	char *colon = strrchr(host, ':');
	if (colon)
		*colon = '\0';
	printf("Tandem %s is listening on http://%s:%u/\n", TANDEM_VERSION, host, port);
	fflush(stdout);
	log_info("tandem: serving %s on %s:%u (%lld threads)%s", cfg->data, host, port,
	    (long long)cfg->threads, cfg->dev ? " in development mode" : "");

	int sig = 0;
	sigwait(&signals, &sig);
	log_info("tandem: %s received, finishing requests in progress",
	    sig == SIGINT ? "SIGINT" : sig == SIGHUP ? "SIGHUP" : "SIGTERM");
	status = 0;
stop:
	http_server_stop(srv);
	scheduler_free(sched);      /* stops it first */
	outbox_sender_stop(sender);
	if (is_transport)
		smtp_transport_free(&transport);
	db_pool_close();
	log_info("tandem: stopped");
out:
	if (is_templates)
		templates_free();
	static_free();
	db_close(db);
	free(path);
	return status;
}

/* Every command that may queue an email (the demo's registration
 * emails, accounts and schemes made on the command line) renders it
 * from the mail templates, as serve does (MSG-4); serve sets up its own.
 * The templates stay loaded until templates_free. */
static bool
mail_templates_on(const struct config *cfg)
{
	if (templates_init(cfg->dev ? cfg->templates_dir : NULL) != ERR_OK)
		return false;
	mail_render_configure(cfg);
	return true;
}

/*
 * tandem routes: the route table as JSON lines, one route a line, for
 * scripts/security-scan (not in the usage text: a tool's interface, not
 * an administrator's).  Dev-only routes are left out, as `serve` without
 * --dev leaves them out.
 */
static int
cmd_routes(void)
{
	static const char *const accesses[] = {
		[ACCESS_PUBLIC] = "public", [ACCESS_SIGNED_IN] = "signed_in",
		[ACCESS_SCHEME_ADMIN] = "scheme_admin", [ACCESS_SITE_ADMIN] = "site_admin",
	};
	static const char *const types[] = {
		[P_STRING] = "string", [P_TEXT] = "text", [P_INT] = "int",
		[P_BOOL] = "bool", [P_CHOICE] = "choice", [P_FILE] = "file",
		[P_LIST] = "list", [P_PREFIX] = "prefix",
	};
	size_t n;
	const struct route *routes = routes_all(&n);
	for (size_t i = 0; i < n; i++) {
		const struct route *r = &routes[i];
		if (r->flags & ROUTE_DEV)
			continue;
		json_t *params = json_array();
		for (const struct param_spec *p = r->params; p != NULL && p->name != NULL;
		    p++) {
			json_t *choices = json_array();
			for (const char *const *c = p->choices; c != NULL && *c != NULL; c++)
				json_array_append_new(choices, json_string(*c));
			json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:I, s:I, "
			    "s:I, s:o}", "name", p->name, "type", types[p->type],
			    "required", p->is_required, "max_len", (json_int_t)p->max_len,
			    "min", (json_int_t)p->min, "max", (json_int_t)p->max,
			    "choices", choices));
		}
		json_t *row = json_pack("{s:s, s:s, s:s, s:b, s:b, s:o}",
		    "method", http_method_name(r->method), "pattern", r->pattern,
		    "access", accesses[r->access],
		    "upload", (r->flags & ROUTE_UPLOAD) != 0,
		    "no_csrf", (r->flags & ROUTE_NO_CSRF) != 0, "params", params);
		char *text = json_dumps(row, JSON_COMPACT);
		puts(text);
		free(text);
		json_decref(row);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct options o = {0};
	struct config cfg;
	int rc = parse_args(argc, argv, &o);
	if (rc != 0)
		return rc;
	if (crypto_init() != ERR_OK)
		return fail("libsodium could not start");
	app_password_list_init();
	if (load_config(&o, &cfg) != 0) {
		config_free(&cfg);
		return 1;
	}
	smtp_global_init();

	bool is_mail_templates = false;
	if (strcmp(o.command, "demo") == 0 || strcmp(o.command, "user") == 0 ||
	    strcmp(o.command, "scheme") == 0 ||
	    (strcmp(o.command, "match") == 0 && o.is_confirm)) {
		if (!(is_mail_templates = mail_templates_on(&cfg))) {
			smtp_global_cleanup();
			config_free(&cfg);
			return fail("the mail templates do not compile (see above)");
		}
	}
	if (strcmp(o.command, "init") == 0)
		rc = need_data(&cfg) || init_data(&cfg, false);
	else if (strcmp(o.command, "demo") == 0)
		rc = need_data(&cfg) || cmd_demo(&cfg, &o);
	else if (strcmp(o.command, "serve") == 0)
		rc = need_data(&cfg) || cmd_serve(&cfg, &o);
	else if (strcmp(o.command, "scheme") == 0)
		rc = need_data(&cfg) || cmd_scheme(&cfg, &o);
	else if (strcmp(o.command, "user") == 0)
		rc = need_data(&cfg) || cmd_user(&cfg, &o);
	else if (strcmp(o.command, "outbox") == 0)
		rc = need_data(&cfg) || cmd_outbox(&cfg, &o);
	else if (strcmp(o.command, "audit") == 0)
		rc = need_data(&cfg) || cmd_audit(&cfg, &o);
	else if (strcmp(o.command, "match") == 0)
		rc = (o.instance == NULL && need_data(&cfg)) || cmd_match(&cfg, &o);
	else if (strcmp(o.command, "backup") == 0)
		rc = need_data(&cfg) || cmd_backup(&cfg, &o);
	else if (strcmp(o.command, "restore") == 0)
		rc = need_data(&cfg) || cmd_restore(&cfg, &o);
	else if (strcmp(o.command, "check") == 0)
		rc = need_data(&cfg) || cmd_check(&cfg);
	else if (strcmp(o.command, "routes") == 0)
		rc = cmd_routes();
	else if (strcmp(o.command, "config") == 0) {
		config_print(&cfg, stdout);
		rc = 0;
	} else {
		fprintf(stderr, "tandem: unknown command '%s'\n\n%s", o.command, usage);
		rc = 2;
	}
	if (is_mail_templates)
		templates_free();
	smtp_global_cleanup();
	config_free(&cfg);
	return rc;
}
