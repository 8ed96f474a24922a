/*
 * test_outbox.c - mail/outbox (sweeps, retries, the sender thread) and
 * mail/smtp (the message builder, and the transport against a fake SMTP
 * server on loopback).
 *
 * Each outbox test opens a fresh database in a temporary directory with
 * the embedded migrations, queues mail as the application does (inside
 * db_begin/db_commit), and sweeps with a fake transport at pinned times.
 * Nothing sleeps: the thread tests wait on condition variables.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "testdb.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/embedded.h"
#include "core/log.h"
#include "core/incident.h"
#include "db/calendar.h"
#include "db/db.h"
#include "db/db_int.h"
#include "mail/outbox.h"
#include "mail/smtp.h"

#define T0 ((int64_t)1795464861)   /* Mon, 23 Nov 2026 20:14:21 UTC */
#define FROM "Tandem <tandem@example.org>"
#define CALLS_MAX 64

/* ---- fixture: a fresh database ---- */

struct fixture {
	char dir[TESTDB_DIR_MAX];
	char path[TESTDB_PATH_MAX];
	struct db *db;
};

static int
db_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	if (testdb_make("outbox", f->dir, f->path, &f->db) != 0)
		return -1;
	clock_set(T0);
	*state = f;
	return 0;
}

static int
db_teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	testdb_remove(f->dir, f->path);
	free(f);
	clock_real();
	return 0;
}

static int64_t
queue(struct db *db, const char *to, const char *subject, int64_t now)
{
	int64_t id = 0;

	assert_int_equal(db_begin(db), ERR_OK);
	assert_int_equal(db_outbox_add(db, to, subject, "Hello.\n", "", now, &id),
	    ERR_OK);
	assert_int_equal(db_commit(db), ERR_OK);
	return id;
}

/* The row with this id, copied into a. */
static struct db_mail
row(struct db *db, struct arena *a, int64_t id)
{
	struct db_mail *rows, none = {0};
	size_t n;

	assert_int_equal(db_outbox_list(db, a, NULL, 1000, &rows, &n), ERR_OK);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].id == id)
			return rows[i];
	}
	fail_msg("no outbox row %lld", (long long)id);
	return none;
}

/* ---- a fake transport ---- */

struct fake {
	int fail_first;          /* fail this many calls, then succeed; -1: always */
	enum err fail_with;      /* ERR_IO (temporary) or ERR_BAD_INPUT */
	int calls;
	int64_t ids[CALLS_MAX];
	char from[128];
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

static void
fake_init(struct fake *f, int fail_first, enum err fail_with)
{
	memset(f, 0, sizeof(*f));
	f->fail_first = fail_first;
	f->fail_with = fail_with;
	pthread_mutex_init(&f->lock, NULL);
	pthread_cond_init(&f->cond, NULL);
}

static enum err
fake_send(void *ud, const struct db_mail *m, const char *from, char *errbuf,
    size_t errlen)
{
	struct fake *f = ud;
	enum err rc = ERR_OK;

	pthread_mutex_lock(&f->lock);
	if (f->calls < CALLS_MAX)
		f->ids[f->calls] = m->id;
	f->calls++;
	snprintf(f->from, sizeof(f->from), "%s", from);
	if (f->fail_first < 0 || f->calls <= f->fail_first) {
		snprintf(errbuf, errlen, "fake failure %d", f->calls);
		rc = f->fail_with;
	}
	pthread_cond_broadcast(&f->cond);
	pthread_mutex_unlock(&f->lock);
	return rc;
}

/* ---- outbox_sweep ---- */

static void
test_retry_delay(void **state)
{
	static const struct { int64_t attempt, delay; } cases[] = {
		{1, 60}, {2, 120}, {3, 240}, {4, 480}, {5, 960}, {6, 1920},
		{7, 3840}, {8, 7680}, {9, 15360}, {10, 21600}, {11, 21600},
		{12, 21600}, {100, 21600}, {INT64_MAX, 21600},
	};
	int64_t total = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(outbox_retry_delay(cases[i].attempt), cases[i].delay);
	for (int64_t k = 1; k < OUTBOX_MAX_ATTEMPTS; k++)
		total += outbox_retry_delay(k);
	/* The give-up comes after about a day of trying. */
	assert_true(total > 86400 && total < 2 * 86400);
}

static void
test_sweep_sends(void **state)
{
	struct fixture *fx = *state;
	struct arena *a = arena_new(0);
	struct mail_transport t;
	struct fake fk;
	struct db_mail m;
	size_t sent = 99;
	int64_t id1, id2;

	fake_init(&fk, 0, ERR_IO);
	t = (struct mail_transport){ .send = fake_send, .ud = &fk };
	id1 = queue(fx->db, "alice@example.org", "One", T0);
	id2 = queue(fx->db, "bob@example.org", "Two", T0);

	assert_int_equal(outbox_sweep(fx->db, &t, FROM, T0, 10, &sent), ERR_OK);
	assert_int_equal(sent, 2);
	assert_int_equal(fk.calls, 2);
	assert_int_equal(fk.ids[0], id1);        /* oldest first */
	assert_int_equal(fk.ids[1], id2);
	assert_string_equal(fk.from, FROM);
	m = row(fx->db, a, id1);
	assert_string_equal(m.status, "sent");
	assert_int_equal(m.attempts, 1);
	assert_int_equal(m.sent_at, T0);
	assert_string_equal(m.last_error, "");
	assert_string_equal(row(fx->db, a, id2).status, "sent");

	/* Sent mail is never sent again. */
	assert_int_equal(outbox_sweep(fx->db, &t, FROM, T0 + 86400, 10, &sent), ERR_OK);
	assert_int_equal(sent, 0);
	assert_int_equal(fk.calls, 2);
	arena_free(a);
}

static void
test_sweep_max_and_order(void **state)
{
	struct fixture *fx = *state;
	struct mail_transport t;
	struct fake fk;
	int64_t ids[5];
	size_t sent;

	fake_init(&fk, 0, ERR_IO);
	t = (struct mail_transport){ .send = fake_send, .ud = &fk };
	for (int i = 0; i < 5; i++)
		ids[i] = queue(fx->db, "alice@example.org", "Batch", T0);
	assert_int_equal(outbox_sweep(fx->db, &t, FROM, T0, 2, &sent), ERR_OK);
	assert_int_equal(sent, 2);
	assert_int_equal(outbox_sweep(fx->db, &t, FROM, T0, 2, &sent), ERR_OK);
	assert_int_equal(sent, 2);
	assert_int_equal(outbox_sweep(fx->db, &t, FROM, T0, 2, NULL), ERR_OK);
	assert_int_equal(fk.calls, 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(fk.ids[i], ids[i]);
}

/* A message queued in the future is not due yet. */
static void
test_sweep_not_before_due(void **state)
{
	struct fixture *fx = *state;
	struct mail_transport t;
	struct fake fk;
	size_t sent;

	fake_init(&fk, 0, ERR_IO);
	t = (struct mail_transport){ .send = fake_send, .ud = &fk };
	queue(fx->db, "alice@example.org", "Later", T0 + 100);
	assert_int_equal(outbox_sweep(fx->db, &t, FROM, T0 + 99, 10, &sent), ERR_OK);
	assert_int_equal(sent, 0);
	assert_int_equal(fk.calls, 0);
	assert_int_equal(outbox_sweep(fx->db, &t, FROM, T0 + 100, 10, &sent), ERR_OK);
	assert_int_equal(sent, 1);
}

static void
test_retry_backoff_then_sent(void **state)
{
	struct fixture *fx = *state;
	struct arena *a = arena_new(0);
	struct mail_transport t;
	struct fake fk;
	struct db_mail m;
	size_t sent;
	int64_t id, next;

	fake_init(&fk, 2, ERR_IO);
	t = (struct mail_transport){ .send = fake_send, .ud = &fk };
	id = queue(fx->db, "alice@example.org", "Flaky", T0);

	assert_int_equal(outbox_sweep(fx->db, &t, FROM, T0, 10, &sent), ERR_OK);
	assert_int_equal(sent, 0);
	m = row(fx->db, a, id);
	assert_string_equal(m.status, "queued");
	assert_int_equal(m.attempts, 1);
	assert_int_equal(m.next_attempt_at, T0 + 60);
	assert_string_equal(m.last_error, "fake failure 1");

	/* Not retried before it is due. */
	assert_int_equal(outbox_sweep(fx->db, &t, FROM, T0 + 59, 10, &sent), ERR_OK);
	assert_int_equal(fk.calls, 1);

	assert_int_equal(outbox_sweep(fx->db, &t, FROM, T0 + 60, 10, &sent), ERR_OK);
	assert_int_equal(fk.calls, 2);
	m = row(fx->db, a, id);
	next = m.next_attempt_at;
	assert_int_equal(next, T0 + 60 + 120);   /* the delay doubled */
	assert_int_equal(m.attempts, 2);
	assert_string_equal(m.last_error, "fake failure 2");

	assert_int_equal(outbox_sweep(fx->db, &t, FROM, next - 1, 10, &sent), ERR_OK);
	assert_int_equal(fk.calls, 2);
	assert_int_equal(outbox_sweep(fx->db, &t, FROM, next, 10, &sent), ERR_OK);
	assert_int_equal(sent, 1);
	m = row(fx->db, a, id);
	assert_string_equal(m.status, "sent");
	assert_int_equal(m.attempts, 3);
	assert_int_equal(m.sent_at, next);
	assert_string_equal(m.last_error, "");
	arena_free(a);
}

static void
test_give_up_after_max_attempts(void **state)
{
	struct fixture *fx = *state;
	struct arena *a = arena_new(0);
	struct mail_transport t;
	struct fake fk;
	struct db_mail m;
	int64_t id, now = T0, prev_delay = 0;
	char want[64];

	fake_init(&fk, -1, ERR_IO);
	t = (struct mail_transport){ .send = fake_send, .ud = &fk };
	id = queue(fx->db, "alice@example.org", "Doomed", T0);
	for (int k = 1; k <= OUTBOX_MAX_ATTEMPTS + 5; k++) {
		assert_int_equal(outbox_sweep(fx->db, &t, FROM, now, 10, NULL), ERR_OK);
		m = row(fx->db, a, id);
		if (strcmp(m.status, "failed") == 0)
			break;
		assert_string_equal(m.status, "queued");
		assert_int_equal(m.attempts, k);
		int64_t delay = m.next_attempt_at - now;
		assert_true(delay >= prev_delay && delay <= OUTBOX_RETRY_CAP);
		prev_delay = delay;
		now = m.next_attempt_at;
	}
	assert_string_equal(m.status, "failed");
	assert_int_equal(m.attempts, OUTBOX_MAX_ATTEMPTS);
	assert_int_equal(fk.calls, OUTBOX_MAX_ATTEMPTS);
	assert_int_equal(prev_delay, OUTBOX_RETRY_CAP);
	assert_true(now - T0 > 86400);           /* tried for over a day */
	snprintf(want, sizeof(want), "fake failure %d", OUTBOX_MAX_ATTEMPTS);
	assert_string_equal(m.last_error, want);

	/* Failed mail stays, and is never tried again. */
	assert_int_equal(outbox_sweep(fx->db, &t, FROM, now + 30 * 86400, 10, NULL),
	    ERR_OK);
	assert_int_equal(fk.calls, OUTBOX_MAX_ATTEMPTS);
	m = row(fx->db, a, id);
	assert_string_equal(m.status, "failed");
	assert_string_equal(m.last_error, want);
	arena_free(a);
}

static void
test_permanent_failure(void **state)
{
	struct fixture *fx = *state;
	struct arena *a = arena_new(0);
	struct mail_transport t;
	struct fake fk;
	struct db_mail m;
	int64_t id;

	fake_init(&fk, -1, ERR_BAD_INPUT);
	t = (struct mail_transport){ .send = fake_send, .ud = &fk };
	id = queue(fx->db, "alice@example.org", "Bad", T0);
	assert_int_equal(outbox_sweep(fx->db, &t, FROM, T0, 10, NULL), ERR_OK);
	m = row(fx->db, a, id);
	assert_string_equal(m.status, "failed");
	assert_int_equal(m.attempts, 1);
	assert_string_equal(m.last_error, "fake failure 1");
	arena_free(a);
}

/* The server is "killed" with mail queued, some of it mid-retry: a new
 * connection (a new process) finds it all and keeps the retry times. */
static void
test_survives_restart(void **state)
{
	struct fixture *fx = *state;
	struct arena *a = arena_new(0);
	struct mail_transport t;
	struct fake fk;
	size_t sent;
	int64_t never_swept, retrying;

	fake_init(&fk, 1, ERR_IO);
	t = (struct mail_transport){ .send = fake_send, .ud = &fk };
	retrying = queue(fx->db, "alice@example.org", "Retrying", T0);
	assert_int_equal(outbox_sweep(fx->db, &t, FROM, T0, 10, NULL), ERR_OK);
	never_swept = queue(fx->db, "bob@example.org", "Never swept", T0);
	db_close(fx->db);
	fx->db = NULL;

	assert_int_equal(db_open(fx->path, false, &fx->db), ERR_OK);
	assert_string_equal(row(fx->db, a, never_swept).status, "queued");
	assert_int_equal(row(fx->db, a, retrying).next_attempt_at, T0 + 60);
	assert_int_equal(outbox_sweep(fx->db, &t, FROM, T0 + 1, 10, &sent), ERR_OK);
	assert_int_equal(sent, 1);
	assert_string_equal(row(fx->db, a, never_swept).status, "sent");
	assert_string_equal(row(fx->db, a, retrying).status, "queued");
	assert_int_equal(outbox_sweep(fx->db, &t, FROM, T0 + 60, 10, &sent), ERR_OK);
	assert_int_equal(sent, 1);
	assert_string_equal(row(fx->db, a, retrying).status, "sent");
	arena_free(a);
}

/* ---- the sender thread ---- */

static void
test_sender_thread(void **state)
{
	struct fixture *fx = *state;
	struct arena *a = arena_new(0);
	struct config cfg;
	struct mail_transport t;
	struct outbox_sender *s;
	struct fake fk;
	struct timespec until;
	char msg[128];
	int64_t id;
	int calls;

	fake_init(&fk, 0, ERR_IO);
	t = (struct mail_transport){ .send = fake_send, .ud = &fk };
	config_init(&cfg);
	assert_int_equal(config_set(&cfg, "smtp_url", "smtp://mail.invalid", "test",
	    msg, sizeof(msg)), ERR_OK);
	assert_int_equal(config_set(&cfg, "mail_interval", "3600", "test", msg,
	    sizeof(msg)), ERR_OK);
	db_pool_init(fx->path);

	s = outbox_sender_start(&cfg, &t);
	assert_non_null(s);
	id = queue(fx->db, "alice@example.org", "Kicked", T0);
	outbox_sender_kick(s);          /* without it, the next sweep is in an hour */

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	pthread_mutex_lock(&fk.lock);
	while (fk.calls == 0) {
		if (pthread_cond_timedwait(&fk.cond, &fk.lock, &until) != 0)
			break;
	}
	calls = fk.calls;
	pthread_mutex_unlock(&fk.lock);
	assert_int_equal(calls, 1);

	outbox_sender_stop(s);          /* prompt: it was waiting for an hour */
	db_pool_close();
	assert_string_equal(row(fx->db, a, id).status, "sent");
	assert_string_equal(fk.from, cfg.smtp_from);
	config_free(&cfg);
	arena_free(a);
}

static void
test_sender_without_smtp(void **state)
{
	struct config cfg;
	struct fake fk;
	struct mail_transport t;
	struct outbox_sender *s;

	fake_init(&fk, 0, ERR_IO);
	t = (struct mail_transport){ .send = fake_send, .ud = &fk };
	config_init(&cfg);              /* smtp_url is "" */
	s = outbox_sender_start(&cfg, &t);
	assert_null(s);
	outbox_sender_kick(s);
	outbox_sender_stop(s);
	assert_int_equal(fk.calls, 0);
	config_free(&cfg);
}

/* ---- smtp_build_message ---- */

static struct db_mail
mail(const char *to, const char *subject, const char *text, const char *html)
{
	return (struct db_mail){
		.id = 42, .to_addr = to, .subject = subject, .body_text = text,
		.body_html = html, .status = "queued",
	};
}

/* Build, check CRLF everywhere, 7-bit only and line lengths; returns the
 * message (owned by b). */
static const char *
build(struct buf *b, const struct db_mail *m, const char *from)
{
	const char *s, *line;
	size_t i;
	bool is_body = false;

	buf_init(b, 0);
	assert_int_equal(smtp_build_message(b, m, from, T0), ERR_OK);
	s = buf_str(b);
	line = s;
	for (i = 0; s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];
		assert_true(c < 0x80);
		if (c == '\r')
			assert_int_equal(s[i + 1], '\n');
		if (c == '\n') {
			size_t len = (size_t)(s + i - 1 - line);
			assert_true(i > 0 && s[i - 1] == '\r');
			if (len == 0)
				is_body = true;
			/* QP body lines stay within 76; headers near 78. */
			assert_true(len <= (is_body ? 76u : 78u));
			line = s + i + 1;
		}
	}
	assert_true(i >= 2 && s[i - 2] == '\r' && s[i - 1] == '\n');
	return s;
}

static const char *
header_end(const char *s)
{
	const char *e = strstr(s, "\r\n\r\n");

	assert_non_null(e);
	return e;
}

static void
test_build_headers(void **state)
{
	static const char *const want[] = {
		"Date: Mon, 23 Nov 2026 20:14:21 +0000\r\n",
		"From: Tandem <tandem@example.org>\r\n",
		"To: alice@example.org\r\n",
		"Subject: Your mentoring request\r\n",
		"Message-ID: <",
		".42@example.org>\r\n",
		"MIME-Version: 1.0\r\n",
		"Auto-Submitted: auto-generated\r\n",
		"Content-Type: text/plain; charset=utf-8\r\n",
		"Content-Transfer-Encoding: quoted-printable\r\n",
	};
	struct db_mail m = mail("alice@example.org", "Your mentoring request",
	    "Hello Alice,\n\nBob accepted.\n", "");
	struct buf b;
	const char *s = build(&b, &m, FROM), *end = header_end(s);

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const char *p = strstr(s, want[i]);
		assert_non_null(p);
		assert_true(p < end);
	}
	assert_null(strstr(s, "multipart"));
	assert_string_equal(end + 4, "Hello Alice,\r\n\r\nBob accepted.\r\n");
	/* A message built by hand has no msg_token: each build draws a
	 * random Message-ID. */
	struct buf b2;
	const char *s2 = build(&b2, &m, FROM);
	assert_true(strcmp(strstr(s, "Message-ID:"), strstr(s2, "Message-ID:")) != 0);
	buf_free(&b2);
	buf_free(&b);
}

/* The Message-ID header of message s, up to its CRLF, copied into a. */
static const char *
message_id(struct arena *a, const char *s)
{
	const char *p = strstr(s, "\r\nMessage-ID: "), *e;

	assert_non_null(p);
	p += 2;
	e = strstr(p, "\r\n");
	assert_non_null(e);
	return arena_strndup(a, p, (size_t)(e - p));
}

static void
test_build_message_id_from_token(void **state)
{
	static const struct {
		const char *token, *want;    /* want NULL: a random one */
	} cases[] = {
		{"0123456789abcdef0123456789abcdef",
		    "Message-ID: <0123456789abcdef0123456789abcdef.42@example.org>"},
		{"00112233445566778899aabbccddeeff",
		    "Message-ID: <00112233445566778899aabbccddeeff.42@example.org>"},
		{"", NULL},
		{NULL, NULL},
		/* not a token as 0026 draws them: never copied into a header */
		{"0123456789ABCDEF0123456789ABCDEF", NULL},
		{"0123456789abcdef>\r\nBcc: eve@x.org", NULL},
		{"0123456789abcde", NULL},
	};
	struct arena *a = arena_new(0);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct db_mail m = mail("alice@example.org", "Hi", "Hello.\n", "");
		struct buf b1, b2;
		m.msg_token = cases[i].token;
		const char *id1 = message_id(a, build(&b1, &m, FROM));
		const char *id2 = message_id(a, build(&b2, &m, FROM));
		if (cases[i].want != NULL) {
			/* the same for every attempt */
			assert_string_equal(id1, cases[i].want);
			assert_string_equal(id2, cases[i].want);
		} else {
			assert_string_not_equal(id1, id2);
			assert_int_equal(strspn(id1 + 13, "0123456789abcdef"), 32);
			assert_string_equal(id1 + 45, ".42@example.org>");
		}
		buf_free(&b1);
		buf_free(&b2);
	}
	arena_free(a);
}

/* A transport that builds each message as SMTP would, keeps its
 * Message-ID, and says the send failed: as when the server took the
 * message but the process died before recording it. */
struct ids_seen {
	struct arena *a;
	size_t n;
	const char *ids[8];
	int64_t rows[8];
};

static enum err
lost_send(void *ud, const struct db_mail *m, const char *from, char *errbuf,
    size_t errlen)
{
	struct ids_seen *seen = ud;
	struct buf b;

	buf_init(&b, 0);
	assert_int_equal(smtp_build_message(&b, m, from, T0), ERR_OK);
	assert_true(seen->n < 8);
	seen->rows[seen->n] = m->id;
	seen->ids[seen->n++] = message_id(seen->a, buf_str(&b));
	buf_free(&b);
	snprintf(errbuf, errlen, "the acknowledgement was lost");
	return ERR_IO;
}

static void
test_message_id_stable_per_row(void **state)
{
	struct fixture *fx = *state;
	struct arena *a = arena_new(0);
	struct ids_seen seen = { .a = a };
	struct mail_transport t = { .send = lost_send, .ud = &seen };
	int64_t ids[3], again;
	const char *tokens[3];

	/* every way of queueing a message draws a token */
	assert_int_equal(db_begin(fx->db), ERR_OK);
	assert_int_equal(db_outbox_add(fx->db, "a@example.org", "One", "Hello.\n", "",
	    T0, &ids[0]), ERR_OK);
	assert_int_equal(db_mail_put(fx->db, &(struct db_mail_new){.to = "b@example.org",
	    .subject = "Two", .text = "Hello.\n", .kind = "account.registered"}, T0,
	    &ids[1]), ERR_OK);
	assert_int_equal(db_outbox_add_ics(fx->db, "c@example.org", "Three", "Hello.\n",
	    "", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "REQUEST", T0, &ids[2]), ERR_OK);
	assert_int_equal(db_commit(fx->db), ERR_OK);
	for (size_t i = 0; i < 3; i++) {
		tokens[i] = row(fx->db, a, ids[i]).msg_token;
		assert_int_equal(strlen(tokens[i]), 32);
		assert_int_equal(strspn(tokens[i], "0123456789abcdef"), 32);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(tokens[i], tokens[j]);
	}

	/* attempt 1 "lost"; the process restarts; attempt 2 at the retry
	 * time carries the same Message-ID, made of the row's token */
	assert_int_equal(outbox_sweep(fx->db, &t, FROM, T0, 1, NULL), ERR_OK);
	db_close(fx->db);
	assert_int_equal(db_open(fx->path, false, &fx->db), ERR_OK);
	assert_int_equal(outbox_sweep(fx->db, &t, FROM, T0 + OUTBOX_RETRY_BASE, 1, NULL),
	    ERR_OK);
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.rows[0], ids[0]);
	assert_int_equal(seen.rows[1], ids[0]);
	assert_string_equal(seen.ids[0], seen.ids[1]);
	assert_string_equal(seen.ids[0], arena_printf(a, "Message-ID: <%s.%lld@example.org>",
	    tokens[0], (long long)ids[0]));

	/* a row id used again (the newest row deleted) is a new Message-ID */
	sqlite3 *raw;
	assert_int_equal(sqlite3_open(fx->path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, arena_printf(a,
	    "DELETE FROM outbox WHERE id = %lld", (long long)ids[2]), NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(raw);
	again = queue(fx->db, "c@example.org", "Three again", T0);
	assert_int_equal(again, ids[2]);
	assert_string_not_equal(row(fx->db, a, again).msg_token, tokens[2]);
	arena_free(a);
}

/* The migration itself, found by name whatever its number. */
static const char *
messageid_migration(void)
{
	static const char suffix[] = "-messageid.sql";

	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		size_t len = strlen(f->name);
		if (strncmp(f->name, "sql/", 4) == 0 && len > sizeof(suffix) &&
		    strcmp(f->name + len - (sizeof(suffix) - 1), suffix) == 0)
			return (const char *)f->data;
	}
	fail_msg("no *-messageid.sql migration embedded");
	return NULL;
}

/* Mail queued by a binary from before the migration (no msg_token
 * column) gets a token of its own when it runs. */
static void
test_migration_gives_tokens(void **state)
{
	struct fixture *fx = *state;
	struct arena *a = arena_new(0);
	int64_t one = queue(fx->db, "alice@example.org", "Queued before", T0);
	int64_t two = queue(fx->db, "bob@example.org", "Also queued before", T0);
	sqlite3 *raw;

	db_close(fx->db);
	fx->db = NULL;
	assert_int_equal(sqlite3_open(fx->path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "ALTER TABLE outbox DROP COLUMN msg_token",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, messageid_migration(), NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(raw);

	assert_int_equal(db_open(fx->path, true, &fx->db), ERR_OK);
	const char *t1 = row(fx->db, a, one).msg_token, *t2 = row(fx->db, a, two).msg_token;
	assert_int_equal(strlen(t1), 32);
	assert_int_equal(strspn(t1, "0123456789abcdef"), 32);
	assert_int_equal(strspn(t2, "0123456789abcdef"), 32);
	assert_string_not_equal(t1, t2);
	arena_free(a);
}

static void
test_build_rejects_injection(void **state)
{
	static const struct {
		const char *to, *subject, *from;
	} cases[] = {
		{"alice@example.org\r\nBcc: eve@example.org", "Hi", FROM},
		{"alice@example.org\nBcc: eve@example.org", "Hi", FROM},
		{"alice@example.org", "Hi\r\nBcc: eve@example.org", FROM},
		{"alice@example.org", "Hi\nBcc: eve@example.org", FROM},
		{"alice@example.org", "Hi\rthere", FROM},
		{"alice@example.org", "Hi", "Tandem <t@example.org>\r\nBcc: e@x.org"},
		{"alice@example.org", "Hi", "Tandem\n <t@example.org>"},
		/* not addresses */
		{"alice", "Hi", FROM},
		{"", "Hi", FROM},
		{"alice@", "Hi", FROM},
		{"@example.org", "Hi", FROM},
		{"al ice@example.org", "Hi", FROM},
		{"alice@exa mple.org", "Hi", FROM},
		{"alice@example.org, eve@example.org", "Hi", FROM},
		{"Alice <alice@example.org", "Hi", FROM},
		{"Alice <alice@example.org> eve@example.org", "Hi", FROM},
		{"al\xc3\xaf" "ce@example.org", "Hi", FROM},
		{"alice@example.org", "Hi", "Tandem"},
		{"alice@example.org", "Hi", ""},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct db_mail m = mail(cases[i].to, cases[i].subject, "x", "");
		struct buf b;
		buf_init(&b, 0);
		if (smtp_build_message(&b, &m, cases[i].from, T0) != ERR_BAD_INPUT)
			fail_msg("case %zu was not rejected", i);
		assert_null(strstr(buf_str(&b), "Bcc"));
		buf_free(&b);
	}
}

static int
b64_value(char c)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = strchr(abc, c);

	return c != '\0' && p != NULL ? (int)(p - abc) : -1;
}

/* Decode an unstructured header value made of encoded-words folded with
 * CRLF SP (what put_encoded_words writes) into out. */
static void
decode_words(const char *v, const char *end, struct buf *out)
{
	const char *p = v;

	while (p < end) {
		const char *q;
		unsigned acc = 0;
		int bits = 0;

		if (strncmp(p, "\r\n ", 3) == 0) {
			p += 3;
			continue;
		}
		assert_int_equal(strncmp(p, "=?utf-8?B?", 10), 0);
		p += 10;
		q = strstr(p, "?=");
		assert_non_null(q);
		assert_true(q - p + 12 <= 75);   /* RFC 2047: a word is <= 75 */
		size_t first = out->len;
		for (; p < q; p++) {
			if (*p == '=')
				continue;
			int v6 = b64_value(*p);
			assert_true(v6 >= 0);
			acc = (acc << 6) | (unsigned)v6;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				buf_putc(out, (char)((acc >> bits) & 0xff));
			}
		}
		/* Words are cut between UTF-8 characters, never inside. */
		assert_true(out->len > first);
		assert_true(((unsigned char)out->data[first] & 0xc0) != 0x80);
		p = q + 2;
	}
}

static void
test_build_encodes_subject(void **state)
{
	static const char *const subjects[] = {
		"R\xc3\xa9union de mentorat",
		"Caf\xc3\xa9 \xe2\x98\x95 \xe2\x80\x93 \xf0\x9f\x98\x80 emoji and "
		    "enough text to need several encoded-words \xc3\xa9\xc3\xa9\xc3\xa9"
		    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9",
		"looks like =?utf-8?B?QQ==?= a word",
		"tab\tand\x01control",
		"x\xe2\x98\x95\xe2\x98\x95\xe2\x98\x95\xe2\x98\x95\xe2\x98\x95\xe2\x98"
		    "\x95\xe2\x98\x95\xe2\x98\x95\xe2\x98\x95\xe2\x98\x95\xe2\x98\x95"
		    "\xe2\x98\x95\xe2\x98\x95\xe2\x98\x95",
	};

	for (size_t i = 0; i < sizeof(subjects) / sizeof(subjects[0]); i++) {
		struct db_mail m = mail("alice@example.org", subjects[i], "x", "");
		struct buf b, dec;
		const char *s = build(&b, &m, FROM), *v, *end;

		v = strstr(s, "\r\nSubject: ");
		assert_non_null(v);
		v += strlen("\r\nSubject: ");
		/* The value ends at the first CRLF not followed by a space. */
		for (end = v; !(end[0] == '\r' && end[2] != ' '); end++)
			;
		buf_init(&dec, 0);
		decode_words(v, end, &dec);
		assert_string_equal(buf_str(&dec), subjects[i]);
		buf_free(&dec);
		buf_free(&b);
	}
}

/* Long plain subjects are folded at spaces, and unfold to the original. */
static void
test_build_folds_long_subject(void **state)
{
	const char *subject = "A fairly long subject line that talks about the "
	    "mentoring scheme, the next session and the notes you shared with "
	    "your mentor last week";
	struct db_mail m = mail("alice@example.org", subject, "x", "");
	struct buf b, unfolded;
	const char *s = build(&b, &m, FROM), *v, *p;

	v = strstr(s, "\r\nSubject: ") + strlen("\r\nSubject: ");
	buf_init(&unfolded, 0);
	for (p = v; !(p[0] == '\r' && p[2] != ' '); p++) {
		if (p[0] == '\r' && p[1] == '\n')
			p += 1;
		else
			buf_putc(&unfolded, *p);
	}
	assert_string_equal(buf_str(&unfolded), subject);
	assert_true(p - v > 78);        /* it was long enough to fold */
	buf_free(&unfolded);
	buf_free(&b);
}

static void
test_build_display_names(void **state)
{
	static const struct {
		const char *from, *want;
	} cases[] = {
		{"tandem@example.org", "From: tandem@example.org\r\n"},
		{"  Tandem   <tandem@example.org>", "From: Tandem <tandem@example.org>\r\n"},
		{"Tandem, NHS <tandem@example.org>",
		    "From: \"Tandem, NHS\" <tandem@example.org>\r\n"},
		{"Say \"hi\" <tandem@example.org>",
		    "From: \"Say \\\"hi\\\"\" <tandem@example.org>\r\n"},
		{"Tand\xc3\xa9m <tandem@example.org>",
		    "From: =?utf-8?B?VGFuZMOpbQ==?= <tandem@example.org>\r\n"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct db_mail m = mail("Alice Smith <alice@example.org>", "Hi", "x", "");
		struct buf b;
		const char *s = build(&b, &m, cases[i].from);
		assert_non_null(strstr(s, cases[i].want));
		assert_non_null(strstr(s, "\r\nTo: Alice Smith <alice@example.org>\r\n"));
		buf_free(&b);
	}
}

/* Decode quoted-printable (soft breaks removed, =XX decoded). */
static void
decode_qp(const char *s, const char *end, struct buf *out)
{
	static const char hex[] = "0123456789ABCDEF";

	while (s < end) {
		if (s[0] == '=' && s[1] == '\r' && s[2] == '\n') {
			s += 3;
		} else if (s[0] == '=') {
			const char *h = strchr(hex, s[1]), *l = strchr(hex, s[2]);
			assert_true(h != NULL && l != NULL && s[1] && s[2]);
			buf_putc(out, (char)(((h - hex) << 4) | (l - hex)));
			s += 3;
		} else {
			buf_putc(out, *s++);
		}
	}
}

static void
test_build_quoted_printable(void **state)
{
	char text[600];
	struct buf b, dec, want;

	snprintf(text, sizeof(text), "caf\xc3\xa9 = 1\ntrailing space \n"
	    ".starts with a dot\n.\r\ntab\t\rlone CR\n%0300d end", 7);
	struct db_mail m = mail("alice@example.org", "QP", text, "");
	const char *s = build(&b, &m, FROM), *body = header_end(s) + 4;

	assert_non_null(strstr(body, "caf=C3=A9 =3D 1\r\n"));
	assert_non_null(strstr(body, "trailing space=20\r\n"));
	assert_non_null(strstr(body, "\r\n=2Estarts with a dot\r\n=2E\r\n"));
	assert_non_null(strstr(body, "tab=09\r\n"));
	assert_null(strstr(body, "\r\n.")); /* no line starts with a dot */

	buf_init(&dec, 0);
	decode_qp(body, s + strlen(s), &dec);
	buf_init(&want, 0);
	for (const char *p = text; *p; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		if (*p == '\r' || *p == '\n')
			buf_puts(&want, "\r\n");
		else
			buf_putc(&want, *p);
	}
	buf_puts(&want, "\r\n");
	assert_string_equal(buf_str(&dec), buf_str(&want));
	buf_free(&want);
	buf_free(&dec);
	buf_free(&b);
}

static void
test_build_multipart(void **state)
{
	struct db_mail m = mail("alice@example.org", "Both",
	    "Plain text with --=_ and =_tandem_ inside\n",
	    "<p>HTML &amp; <b>bold</b> caf\xc3\xa9</p>\n");
	struct buf b;
	const char *s = build(&b, &m, FROM), *p, *end = header_end(s);
	char boundary[80], delim[160], *q;
	int n = 0;

	p = strstr(s, "Content-Type: multipart/alternative;\r\n boundary=\"");
	assert_non_null(p);
	assert_true(p < end);
	p += strlen("Content-Type: multipart/alternative;\r\n boundary=\"");
	snprintf(boundary, sizeof(boundary), "%s", p);
	q = strchr(boundary, '"');
	assert_non_null(q);
	*q = '\0';
	assert_true(strlen(boundary) > 8 && strlen(boundary) <= 70);

	snprintf(delim, sizeof(delim), "\r\n--%s\r\nContent-Type: text/plain; "
	    "charset=utf-8\r\n", boundary);
	assert_non_null(strstr(s, delim));
	snprintf(delim, sizeof(delim), "\r\n--%s\r\nContent-Type: text/html; "
	    "charset=utf-8\r\n", boundary);
	assert_non_null(strstr(s, delim));
	snprintf(delim, sizeof(delim), "\r\n--%s--\r\n", boundary);
	assert_non_null(strstr(s, delim));
	assert_int_equal(strcmp(s + strlen(s) - strlen(delim), delim), 0);
	for (p = s; (p = strstr(p, boundary)) != NULL; p++)
		n++;
	assert_int_equal(n, 4);         /* header, two parts, the close */
	assert_non_null(strstr(s, "<p>HTML &amp; <b>bold</b> caf=C3=A9</p>\r\n"));
	assert_non_null(strstr(s, "Plain text with --=3D_ and =3D_tandem_ inside\r\n"));
	buf_free(&b);
}

static void
test_build_too_large(void **state)
{
	struct db_mail m = mail("alice@example.org", "Big", "xxxxxxxxxxxxxxxx", "");
	struct buf b;

	buf_init(&b, 100);
	assert_int_equal(smtp_build_message(&b, &m, FROM, T0), ERR_TOO_LARGE);
	buf_free(&b);
}

/* ---- the SMTP transport against a fake server on loopback ---- */

struct fake_smtp {
	int listener;
	int port;
	bool is_rcpt_refused;
	bool is_done;
	char mail_from[128];
	char rcpt_to[128];
	struct buf data;
	struct buf commands;    /* every command line, for checks */
	pthread_t thread;
};

/* One line (without CRLF) into line; false at EOF or error. */
static bool
read_line(int fd, char *line, size_t len)
{
	size_t n = 0;
	char c;

	for (;;) {
		if (read(fd, &c, 1) != 1)
			return false;
		if (c == '\n')
			break;
		if (n + 1 < len)
			line[n++] = c;
	}
	if (n > 0 && line[n - 1] == '\r')
		n--;
	line[n] = '\0';
	return true;
}

static void
say(int fd, const char *s)
{
	ssize_t w = write(fd, s, strlen(s));
	(void)w;
}

static void *
fake_smtp_main(void *arg)
{
	struct fake_smtp *f = arg;
	char line[1024];
	struct timeval tv = {10, 0};
	int fd = accept(f->listener, NULL, NULL);

	if (fd < 0)
		return NULL;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	say(fd, "220 fake ESMTP\r\n");
	while (read_line(fd, line, sizeof(line))) {
		buf_printf(&f->commands, "%s\n", line);
		if (strncmp(line, "EHLO", 4) == 0) {
			say(fd, "250 fake\r\n");
		} else if (strncmp(line, "MAIL FROM:", 10) == 0) {
			snprintf(f->mail_from, sizeof(f->mail_from), "%.127s", line + 10);
			say(fd, "250 OK\r\n");
		} else if (strncmp(line, "RCPT TO:", 8) == 0) {
			snprintf(f->rcpt_to, sizeof(f->rcpt_to), "%.127s", line + 8);
			say(fd, f->is_rcpt_refused ? "550 no such user\r\n" : "250 OK\r\n");
		} else if (strcmp(line, "DATA") == 0) {
			say(fd, "354 go ahead\r\n");
			while (read_line(fd, line, sizeof(line)) && strcmp(line, ".") != 0)
				buf_printf(&f->data, "%s\r\n", line);
			f->is_done = true;
			say(fd, "250 queued\r\n");
		} else if (strcmp(line, "QUIT") == 0) {
			say(fd, "221 bye\r\n");
			break;
		} else {
			say(fd, "502 not implemented\r\n");
		}
	}
	close(fd);
	return NULL;
}

static void
fake_smtp_start(struct fake_smtp *f, bool is_rcpt_refused)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t len = sizeof(sa);

	memset(f, 0, sizeof(*f));
	f->is_rcpt_refused = is_rcpt_refused;
	buf_init(&f->data, 0);
	buf_init(&f->commands, 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	f->listener = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(f->listener >= 0);
	assert_int_equal(bind(f->listener, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(f->listener, 1), 0);
	assert_int_equal(getsockname(f->listener, (struct sockaddr *)&sa, &len), 0);
	f->port = ntohs(sa.sin_port);
	assert_int_equal(pthread_create(&f->thread, NULL, fake_smtp_main, f), 0);
}

static void
fake_smtp_stop(struct fake_smtp *f)
{
	shutdown(f->listener, SHUT_RDWR);
	close(f->listener);
	pthread_join(f->thread, NULL);
}

static void
fake_smtp_free(struct fake_smtp *f)
{
	buf_free(&f->data);
	buf_free(&f->commands);
}

static struct mail_transport
transport_to(struct config *cfg, int port, const char *password)
{
	char url[64], msg[128];

	config_init(cfg);
	snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", port);
	assert_int_equal(config_set(cfg, "smtp_url", url, "test", msg, sizeof(msg)),
	    ERR_OK);
	if (password != NULL) {
		assert_int_equal(config_set(cfg, "smtp_user", "tandem", "test", msg,
		    sizeof(msg)), ERR_OK);
		assert_int_equal(config_set(cfg, "smtp_password", password, "test", msg,
		    sizeof(msg)), ERR_OK);
	}
	return smtp_transport(cfg);
}

static void
test_smtp_sends(void **state)
{
	struct fake_smtp f;
	struct config cfg;
	struct mail_transport t;
	char why[256] = "";
	struct db_mail m = mail("Alice <alice@example.org>", "Hello",
	    "Hi.\n.\nA line that is just a dot, above.\n", "<p>Hi.</p>");

	fake_smtp_start(&f, false);
	t = transport_to(&cfg, f.port, NULL);
	assert_int_equal(t.send(t.ud, &m, FROM, why, sizeof(why)), ERR_OK);
	fake_smtp_stop(&f);
	assert_true(f.is_done);
	assert_string_equal(f.mail_from, "<tandem@example.org>");
	assert_string_equal(f.rcpt_to, "<alice@example.org>");
	assert_non_null(strstr(buf_str(&f.data), "To: Alice <alice@example.org>\r\n"));
	assert_non_null(strstr(buf_str(&f.data), "\r\n=2E\r\nA line that is just"));
	fake_smtp_free(&f);
	smtp_transport_free(&t);
	config_free(&cfg);
}

/* A 5xx reply is permanent (RFC 5321): the sweep marks it failed at once. */
static void
test_smtp_refused_is_permanent(void **state)
{
	struct fake_smtp f;
	struct config cfg;
	struct mail_transport t;
	char why[256] = "";
	struct db_mail m = mail("nobody@example.org", "Hello", "x", "");

	fake_smtp_start(&f, true);
	t = transport_to(&cfg, f.port, NULL);
	assert_int_equal(t.send(t.ud, &m, FROM, why, sizeof(why)), ERR_BAD_INPUT);
	fake_smtp_stop(&f);
	assert_false(f.is_done);
	assert_non_null(strstr(why, "550"));
	assert_null(strstr(why, "nobody"));     /* no address in the reason */
	fake_smtp_free(&f);
	smtp_transport_free(&t);
	config_free(&cfg);
}

/* With a password and a server that offers no STARTTLS, nothing is sent:
 * the password never travels in clear. */
static void
test_smtp_password_needs_tls(void **state)
{
	struct fake_smtp f;
	struct config cfg;
	struct mail_transport t;
	char why[256] = "";
	struct db_mail m = mail("alice@example.org", "Hello", "x", "");

	fake_smtp_start(&f, false);
	t = transport_to(&cfg, f.port, "s3cret-password");
	assert_int_equal(t.send(t.ud, &m, FROM, why, sizeof(why)), ERR_IO);
	fake_smtp_stop(&f);
	assert_false(f.is_done);
	assert_null(strstr(buf_str(&f.commands), "AUTH"));
	assert_null(strstr(buf_str(&f.commands), "MAIL FROM"));
	assert_true(why[0] != '\0');
	fake_smtp_free(&f);
	smtp_transport_free(&t);
	config_free(&cfg);
}

static void
test_smtp_rejects_before_connecting(void **state)
{
	struct config cfg;
	struct mail_transport t;
	char why[256] = "";
	struct db_mail m = mail("alice@example.org", "Hi\r\nBcc: eve@example.org",
	    "x", "");

	/* Port 1 on loopback: a connection attempt would fail as ERR_IO. */
	t = transport_to(&cfg, 1, NULL);
	assert_int_equal(t.send(t.ud, &m, FROM, why, sizeof(why)), ERR_BAD_INPUT);
	assert_non_null(strstr(why, "Subject"));
	m = mail("alice@example.org", "Hi", "x", "");
	assert_int_equal(t.send(t.ud, &m, FROM, why, sizeof(why)), ERR_IO);
	assert_true(why[0] != '\0');
	smtp_transport_free(&t);
	assert_null(t.ud);
	config_free(&cfg);
}

static int
group_setup(void **state)
{
	log_set_level(LOG_ERROR);
	if (crypto_init() != ERR_OK || smtp_global_init() != ERR_OK)
		return -1;
	return 0;
}

static int
group_teardown(void **state)
{
	smtp_global_cleanup();
	return 0;
}

/* A storage incident: the first sweep sends, cannot record it (the
 * database is read-only: ERR_STORAGE) and starts the back-off; sweeps
 * inside the back-off do nothing; a sweep after it first proves a write
 * and, while that fails, sends nothing (no duplicate mail per attempt);
 * once the database takes writes again, the message is sent and
 * recorded and the back-off is cleared. */
static void
test_storage_backoff(void **state)
{
	struct fixture *fx = *state;
	struct arena *a = arena_new(0);
	struct fake fk;
	struct incident_backoff b = {0};
	size_t sent;

	incident_reset();
	log_set_level(LOG_ERROR);
	fake_init(&fk, 0, ERR_IO);
	struct mail_transport t = { .send = fake_send, .ud = &fk };
	int64_t id = queue(fx->db, "alice@example.org", "Disk", T0);
	assert_int_equal(sqlite3_exec(fx->db->conn, "PRAGMA query_only = ON", NULL,
	    NULL, NULL), SQLITE_OK);

	assert_int_equal(outbox_sweep_backoff(fx->db, &t, FROM, T0, 10, &b, &sent),
	    ERR_STORAGE);
	assert_int_equal(fk.calls, 1);      /* sent, but not recorded */
	assert_true(incident_is_open());
	assert_int_equal(b.until, T0 + 30);
	/* inside the back-off: nothing at all */
	assert_int_equal(outbox_sweep_backoff(fx->db, &t, FROM, T0 + 15, 10, &b, &sent),
	    ERR_STORAGE);
	assert_int_equal(fk.calls, 1);
	/* after it: the write probe fails, nothing is sent, the wait doubles */
	assert_int_equal(outbox_sweep_backoff(fx->db, &t, FROM, T0 + 30, 10, &b, &sent),
	    ERR_STORAGE);
	assert_int_equal(fk.calls, 1);
	assert_int_equal(b.until, T0 + 30 + 60);

	assert_int_equal(sqlite3_exec(fx->db->conn, "PRAGMA query_only = OFF", NULL,
	    NULL, NULL), SQLITE_OK);
	assert_int_equal(outbox_sweep_backoff(fx->db, &t, FROM, T0 + 89, 10, &b, &sent),
	    ERR_STORAGE);
	assert_int_equal(fk.calls, 1);
	assert_int_equal(outbox_sweep_backoff(fx->db, &t, FROM, T0 + 90, 10, &b, &sent),
	    ERR_OK);
	assert_int_equal(sent, 1);
	assert_int_equal(fk.calls, 2);
	assert_false(incident_is_open());
	assert_int_equal(b.delay, 0);
	struct db_mail m = row(fx->db, a, id);
	assert_string_equal(m.status, "sent");
	arena_free(a);
	incident_reset();
}

int
main(void)
{
#define DB_TEST(f) cmocka_unit_test_setup_teardown(f, db_setup, db_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_retry_delay),
		DB_TEST(test_sweep_sends),
		DB_TEST(test_sweep_max_and_order),
		DB_TEST(test_sweep_not_before_due),
		DB_TEST(test_retry_backoff_then_sent),
		DB_TEST(test_give_up_after_max_attempts),
		DB_TEST(test_permanent_failure),
		DB_TEST(test_survives_restart),
		DB_TEST(test_sender_thread),
		DB_TEST(test_storage_backoff),
		cmocka_unit_test(test_sender_without_smtp),
		cmocka_unit_test(test_build_headers),
		cmocka_unit_test(test_build_message_id_from_token),
		DB_TEST(test_message_id_stable_per_row),
		DB_TEST(test_migration_gives_tokens),
		cmocka_unit_test(test_build_rejects_injection),
		cmocka_unit_test(test_build_encodes_subject),
		cmocka_unit_test(test_build_folds_long_subject),
		cmocka_unit_test(test_build_display_names),
		cmocka_unit_test(test_build_quoted_printable),
		cmocka_unit_test(test_build_multipart),
		cmocka_unit_test(test_build_too_large),
		cmocka_unit_test(test_smtp_sends),
		cmocka_unit_test(test_smtp_refused_is_permanent),
		cmocka_unit_test(test_smtp_password_needs_tls),
		cmocka_unit_test(test_smtp_rejects_before_connecting),
	};
#undef DB_TEST
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
