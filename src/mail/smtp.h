/*
 * smtp.h - the SMTP transport of the outbox, over libcurl.
 *
 * smtp_transport() gives a `struct mail_transport` (mail/outbox.h) that
 * sends each message in its own SMTP session to cfg->smtp_url with
 * cfg->smtp_user / smtp_password.  smtp_build_message() is the RFC 5322
 * / MIME writer it uses, exported so that it can be tested alone.
 *
 * Addresses are ASCII only (no SMTPUTF8): an address with other bytes,
 * or any CR or LF in an address or the subject, is refused as
 * ERR_BAD_INPUT and the outbox marks the message failed at once.
 */
#ifndef TANDEM_MAIL_SMTP_H
#define TANDEM_MAIL_SMTP_H

#include <stdint.h>

#include "core/err.h"
#include "mail/outbox.h"

struct buf;
struct config;
struct db_mail;

/* Largest message built, headers and encoded bodies together. */
#define SMTP_MESSAGE_MAX ((size_t)10 * 1024 * 1024)

/* curl_global_init / curl_global_cleanup: once, by main, before any
 * thread starts and after they have all stopped.  ERR_INTERNAL when
 * libcurl cannot start. */
enum err smtp_global_init(void);
void smtp_global_cleanup(void);

/*
 * A transport over cfg's SMTP settings (copied: cfg may go away).  It
 * uses STARTTLS when the server offers it on smtp://, and insists on it
 * when a password is set (a password is never sent in clear); smtps://
 * is TLS from the start.  The server's certificate is always verified,
 * against cfg->smtp_ca_file when set (a private CA), else the system's.  Release with smtp_transport_free() after the
 * outbox sender that uses it has stopped.
 */
struct mail_transport smtp_transport(const struct config *cfg);
void smtp_transport_free(struct mail_transport *t);

/*
 * Append to `out` the whole message for m, from `from` (an address or
 * "Name <address>"), dated `now`: Date, From, To, Subject (RFC 2047
 * encoded when it is not plain ASCII), Message-ID (<msg_token.id@the
 * From domain>: the same for every attempt at one outbox row, so that
 * copies sent again after a crash are collapsed; random when the row has
 * no token), MIME-Version, Auto-Submitted, List-Unsubscribe (when
 * m->unsubscribe is an http(s) URL: the notification settings page;
 * required emails have none), Precedence: bulk (m->is_bulk: the daily
 * digest), and a text/plain part, or
 * multipart/alternative with text/plain and text/html when body_html is
 * not empty.  When m->ics is set with an ics_method (REQUEST, CANCEL,
 * PUBLISH), the whole is multipart/mixed: that body, with the invitation
 * added to the alternatives as text/calendar; method=..., and the same
 * invitation attached as invite.ics, both base64 (SES-9).  Text bodies
 * are UTF-8 in quoted-printable; every line ends in CRLF; MIME
 * boundaries are random (needs crypto_init).  ERR_BAD_INPUT when an
 * address or the subject is unsafe (see above), ERR_TOO_LARGE when out
 * would pass its maximum; out may then hold part of a message.
 */
enum err smtp_build_message(struct buf *out, const struct db_mail *m,
    const char *from, int64_t now);

#endif
