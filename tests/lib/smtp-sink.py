#!/usr/bin/python3
"""smtp-sink.py - a real SMTP server on loopback for tests/http/smtp.test.mjs.

    smtp-sink.py --port P --dir D [--tls CERT KEY] [--auth USER:PASS]
                 [--quit-delay SECONDS]

Every message it accepts is written to D as NNNN.eml (the bytes as
received, with a Received-free body: exactly what Tandem sent) and
NNNN.json (envelope sender and recipients, whether the session had
switched to TLS and who authenticated).  With --tls it offers STARTTLS
and refuses mail before it; with --auth it offers AUTH PLAIN/LOGIN only
after STARTTLS and refuses mail from anyone who has not authenticated.
With --quit-delay it waits that long before answering QUIT, after the
message was stored and accepted: the sender still has it marked unsent,
the window a crash test wants to kill the sender in.

It prints "ready PORT" on stdout when it listens and stops on SIGTERM or
SIGINT.  It uses Debian's python3-aiosmtpd (scripts/bootstrap installs it).
"""
import argparse
import asyncio
import json
import os
import signal
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, directory, quit_delay=0.0):
        self.directory = directory
        self.quit_delay = quit_delay
        self.n = len([f for f in os.listdir(directory) if f.endswith('.eml')])

    async def handle_QUIT(self, server, session, envelope):
        if self.quit_delay > 0:
            await asyncio.sleep(self.quit_delay)
        return '221 Bye'

    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        base = os.path.join(self.directory, '%04d' % self.n)
        with open(base + '.tmp', 'wb') as f:
            f.write(envelope.original_content or envelope.content)
        meta = {
            'mail_from': envelope.mail_from,
            'rcpt_tos': envelope.rcpt_tos,
            'tls': session.ssl is not None,
            'auth': (session.auth_data.login.decode()
                     if isinstance(session.auth_data, LoginPassword) else None),
        }
        with open(base + '.json', 'w') as f:
            json.dump(meta, f)
        os.rename(base + '.tmp', base + '.eml')   # the .eml appears whole
        return '250 OK stored'


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and
              auth_data.login.decode() == user and
              auth_data.password.decode() == password)
        return AuthResult(success=ok, handled=False, auth_data=auth_data)
    return check


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--dir', required=True)
    p.add_argument('--tls', nargs=2, metavar=('CERT', 'KEY'))
    p.add_argument('--auth', metavar='USER:PASS')
    p.add_argument('--quit-delay', type=float, default=0.0, metavar='SECONDS')
    a = p.parse_args()

    kw = {}
    if a.tls:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.tls[0], a.tls[1])
        kw['tls_context'] = ctx
        kw['require_starttls'] = True
    if a.auth:
        user, _, password = a.auth.partition(':')
        kw['authenticator'] = authenticator(user, password)
        kw['auth_required'] = True
        kw['auth_require_tls'] = True
    controller = Controller(Sink(a.dir, a.quit_delay), hostname='127.0.0.1', port=a.port,
                            ready_timeout=10, **kw)
    controller.start()
    print('ready %d' % a.port, flush=True)

    loop = asyncio.new_event_loop()
    stop = loop.create_future()
    for s in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(s, lambda: stop.done() or stop.set_result(None))
    loop.run_until_complete(stop)
    controller.stop()
    return 0


if __name__ == '__main__':
    sys.exit(main())
