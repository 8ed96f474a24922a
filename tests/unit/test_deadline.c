/*
 * test_deadline.c - http/deadline (issue 12, slow clients): the deadline
 * arithmetic as a table, and the registry and reaper driven with a
 * made-up clock over real loopback TCP sockets (the reaper reads the
 * kernel's byte count, so socketpairs would not do): a silent new
 * connection, a header that never completes, a body below the minimum
 * rate, a request being answered, a kept-alive connection waiting idle
 * and then sending a header slowly, removal, and counting.  A cut is
 * checked from the client's side: it reads end of stream.  Also the
 * settings' defaults and ranges in core/config.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/config.h"
#include "core/log.h"
#include "http/deadline.h"

static const struct deadline_limits lim = {
	.header_ms = 10000, .body_ms = 20000, .body_min_rate = 500,
};

static void
test_due_table(void **state)
{
	(void)state;
	static const struct deadline_limits off = {0, 0, 0};
	static const struct deadline_limits norate = {.header_ms = 10000, .body_ms = 5000};
	static const struct {
		const struct deadline_limits *lim;
		enum deadline_phase phase;
		int64_t start;
		uint64_t bytes;
		int64_t due;
	} rows[] = {
		{&lim, DEADLINE_HEADER, 0, 0, 10000},
		{&lim, DEADLINE_HEADER, 5000, 123456, 15000},  /* bytes do not buy time */
		{&lim, DEADLINE_BODY, 1000, 0, 21000},
		{&lim, DEADLINE_BODY, 1000, 499, 21000},       /* whole seconds only */
		{&lim, DEADLINE_BODY, 1000, 500, 22000},
		{&lim, DEADLINE_BODY, 1000, 25 * 1024 * 1024, 1000 + 20000 + 52428000},
		{&lim, DEADLINE_BODY, 0, UINT64_MAX, 20000 + INT64_C(1000000000000)},
		{&lim, DEADLINE_ANSWER, 0, 0, INT64_MAX},
		{&norate, DEADLINE_BODY, 0, 1000000, 5000},   /* no rate: a flat deadline */
		{&off, DEADLINE_HEADER, 0, 0, INT64_MAX},
		{&off, DEADLINE_BODY, 0, 0, INT64_MAX},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int64_t got = deadline_due(rows[i].lim, rows[i].phase, rows[i].start,
		    rows[i].bytes);
		if (got != rows[i].due)
			fail_msg("row %zu: due %lld, want %lld", i, (long long)got,
			    (long long)rows[i].due);
	}
}

/* ---- a loopback TCP pair: the client end and the server's accepted end ---- */

struct pair {
	int client, server;
};

static struct pair
tcp_pair(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t len = sizeof(sa);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(lfd >= 0);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(lfd, 1), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&sa, &len), 0);
	struct pair p;
	p.client = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(connect(p.client, (struct sockaddr *)&sa, sizeof(sa)), 0);
	p.server = accept(lfd, NULL, NULL);
	assert_true(p.server >= 0);
	close(lfd);
	return p;
}

/* Send and let the server side read it (as MHD would), so the bytes are
 * counted by the kernel and not left waiting in a buffer. */
static void
send_read(struct pair *p, const char *text)
{
	char buf[256];
	size_t len = strlen(text);
	assert_int_equal(write(p->client, text, len), (ssize_t)len);
	size_t got = 0;
	while (got < len) {
		ssize_t n = read(p->server, buf, sizeof(buf));
		assert_true(n > 0);
		got += (size_t)n;
	}
}

/* Has the server shut the connection down?  The client reads EOF. */
static bool
is_cut(const struct pair *p)
{
	struct pollfd pfd = {.fd = p->client, .events = POLLIN};
	if (poll(&pfd, 1, 200) != 1)
		return false;
	char c;
	return read(p->client, &c, 1) == 0;
}

static void
close_pair(struct pair *p)
{
	close(p->client);
	close(p->server);
}

static void
test_silent_new_connection(void **state)
{
	(void)state;
	struct deadlines *d = deadlines_new(&lim);
	struct pair p = tcp_pair();
	struct deadline_conn *c = deadlines_add(d, p.server, "192.0.2.1", 1000);
	assert_int_equal(deadlines_count(d), 1);
	assert_int_equal(deadlines_reap(d, 1000 + 9999), 0);
	assert_false(is_cut(&p));
	assert_int_equal(deadlines_reap(d, 1000 + 10000), 1);
	assert_true(is_cut(&p));
	assert_int_equal(deadlines_cut(d, DEADLINE_CUT_IDLE), 1);
	assert_int_equal(deadlines_cut(d, DEADLINE_CUT_HEADER), 0);
	/* cut once: MHD closes it later, the reaper does not count it again */
	assert_int_equal(deadlines_reap(d, 99999), 0);
	deadlines_remove(d, c);
	assert_int_equal(deadlines_count(d), 0);
	close_pair(&p);
	deadlines_free(d);
}

static void
test_slow_header(void **state)
{
	(void)state;
	struct deadlines *d = deadlines_new(&lim);
	struct pair p = tcp_pair();
	struct deadline_conn *c = deadlines_add(d, p.server, "192.0.2.1", 0);
	/* a header line every few seconds: activity does not extend it */
	for (int t = 0; t < 10000; t += 3000) {
		send_read(&p, "X-a: b\r\n");
		assert_int_equal(deadlines_reap(d, t), 0);
	}
	assert_false(is_cut(&p));
	assert_int_equal(deadlines_reap(d, 10000), 1);
	assert_true(is_cut(&p));
	assert_int_equal(deadlines_cut(d, DEADLINE_CUT_HEADER), 1);
	deadlines_remove(d, c);
	close_pair(&p);
	deadlines_free(d);
}

static void
test_slow_body(void **state)
{
	(void)state;
	struct deadlines *d = deadlines_new(&lim);
	struct pair p = tcp_pair();
	struct deadline_conn *c = deadlines_add(d, p.server, "192.0.2.1", 0);
	deadline_header_done(d, c, "198.51.100.7", 2000);
	/* the header is done: its deadline no longer applies */
	assert_int_equal(deadlines_reap(d, 12000), 0);
	/* 1500 bytes buy 3 s beyond the 20 s grace */
	deadline_body(d, c, 1000);
	deadline_body(d, c, 500);
	assert_int_equal(deadlines_reap(d, 2000 + 22999), 0);
	assert_false(is_cut(&p));
	assert_int_equal(deadlines_reap(d, 2000 + 23000), 1);
	assert_true(is_cut(&p));
	assert_int_equal(deadlines_cut(d, DEADLINE_CUT_BODY), 1);
	deadlines_remove(d, c);
	close_pair(&p);
	deadlines_free(d);
}

static void
test_answering_and_removed_are_never_cut(void **state)
{
	(void)state;
	struct deadlines *d = deadlines_new(&lim);
	struct pair a = tcp_pair(), b = tcp_pair();
	struct deadline_conn *ca = deadlines_add(d, a.server, "192.0.2.1", 0);
	struct deadline_conn *cb = deadlines_add(d, b.server, "192.0.2.2", 0);
	assert_int_equal(deadlines_count(d), 2);
	deadline_header_done(d, ca, NULL, 100);
	deadline_answering(d, ca);         /* a slow handler is not the client's fault */
	deadlines_remove(d, cb);           /* closed by MHD: its fd is not ours */
	assert_int_equal(deadlines_count(d), 1);
	assert_int_equal(deadlines_reap(d, INT64_C(1000000000)), 0);
	assert_false(is_cut(&a));
	assert_false(is_cut(&b));
	deadlines_remove(d, ca);
	close_pair(&a);
	close_pair(&b);
	deadlines_free(d);
}

static void
test_kept_alive(void **state)
{
	(void)state;
	struct deadlines *d = deadlines_new(&lim);
	struct pair p = tcp_pair();
	struct deadline_conn *c = deadlines_add(d, p.server, "192.0.2.1", 0);
	send_read(&p, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
	deadline_header_done(d, c, NULL, 10);
	deadline_answering(d, c);
	deadline_request_done(d, c, 20);
	/* waiting for the next request is idleness, left to MHD: re-armed */
	assert_int_equal(deadlines_reap(d, 20 + 10000), 0);
	assert_int_equal(deadlines_reap(d, 20 + 20000), 0);
	assert_int_equal(deadlines_reap(d, 20 + 60000), 0);
	assert_false(is_cut(&p));
	/* the next request begins, slowly: noticed at the next expiry, then
	 * one more header_timeout */
	send_read(&p, "GET / HT");
	assert_int_equal(deadlines_reap(d, 20 + 70000), 0);
	assert_false(is_cut(&p));
	assert_int_equal(deadlines_reap(d, 20 + 79999), 0);
	assert_int_equal(deadlines_reap(d, 20 + 80000), 1);
	assert_true(is_cut(&p));
	assert_int_equal(deadlines_cut(d, DEADLINE_CUT_HEADER), 1);
	deadlines_remove(d, c);
	close_pair(&p);
	deadlines_free(d);
}

static void
test_reaper_thread(void **state)
{
	(void)state;
	/* the real thread and clock, with a deadline short enough to wait for */
	static const struct deadline_limits quick = {.header_ms = 100};
	struct deadlines *d = deadlines_new(&quick);
	assert_int_equal(deadlines_start(d, 20), ERR_OK);
	struct pair p = tcp_pair();
	struct deadline_conn *c = deadlines_add(d, p.server, "192.0.2.1", deadline_now_ms());
	struct pollfd pfd = {.fd = p.client, .events = POLLIN};
	assert_int_equal(poll(&pfd, 1, 5000), 1);
	char ch;
	assert_int_equal(read(p.client, &ch, 1), 0);
	assert_int_equal(deadlines_cut(d, DEADLINE_CUT_IDLE), 1);
	deadlines_remove(d, c);
	close_pair(&p);
	deadlines_free(d);  /* stops and joins the thread */
}

static void
test_config_keys(void **state)
{
	(void)state;
	struct config c;
	char msg[256];
	config_init(&c);
	assert_int_equal(c.header_timeout, 10);
	assert_int_equal(c.body_timeout, 20);
	assert_int_equal(c.body_min_rate, 500);
	assert_int_equal(config_set(&c, "header_timeout", "0", "t", msg, sizeof(msg)), ERR_OK);
	assert_int_equal(c.header_timeout, 0);
	assert_int_equal(config_set(&c, "body_min_rate", "2k", "t", msg, sizeof(msg)), ERR_OK);
	assert_int_equal(c.body_min_rate, 2048);
	assert_int_not_equal(config_set(&c, "header_timeout", "-1", "t", msg,
	    sizeof(msg)), ERR_OK);
	assert_int_not_equal(config_set(&c, "body_timeout", "3601", "t", msg,
	    sizeof(msg)), ERR_OK);
	config_free(&c);
}

int
main(void)
{
	log_set_level(LOG_ERROR);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_due_table),
		cmocka_unit_test(test_silent_new_connection),
		cmocka_unit_test(test_slow_header),
		cmocka_unit_test(test_slow_body),
		cmocka_unit_test(test_answering_and_removed_are_never_cut),
		cmocka_unit_test(test_kept_alive),
		cmocka_unit_test(test_reaper_thread),
		cmocka_unit_test(test_config_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
