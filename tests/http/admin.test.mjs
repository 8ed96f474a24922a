// HTTP tests for the administration pages and their API twins (issue 3:
// ADM-1, ACC-3, ACC-5, MSG-4): who may open them, approving and rejecting
// registrations, locked accounts, the people search, a person's page and
// ending their sessions, the outbox.  That an administrator of one scheme
// cannot see or act on a person of another is tested in
// tests/unit/test_admin.c: the demo has only one scheme.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import net from 'node:net'
import { startServer, Visitor, demoPassword, tandem } from '../lib/server.mjs'

let srv
before(async () => { srv = await startServer({ demo: true }) })
after(async () => {
  const r = await srv.stop()
  assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
})

// A visitor signed in as `username`, with the session's CSRF token.
async function signedIn (username, server = srv) {
  const v = new Visitor(server.url)
  const res = await v.signIn(username, demoPassword)
  assert.equal(res.status, 303, `${username} signs in`)
  v.csrf = await v.token()
  return v
}

// The id of a person, found through the API as an administrator.
async function idOf (admin, username) {
  const res = await admin.fetch('/api/v1/admin/users?q=' + encodeURIComponent(username))
  assert.equal(res.status, 200)
  const u = (await res.json()).users.find((x) => x.username === username)
  assert.ok(u, `${username} is listed`)
  return u.id
}

const form = (v, path, fields = {}) => v.postForm(path, { csrf_token: v.csrf, ...fields })
const api = (v, path, body = {}) => v.postJSON(path, body, { 'X-CSRF-Token': v.csrf })

const PAGES = ['/admin', '/admin/registrations', '/admin/locked', '/admin/users',
  '/admin/users?q=tom', '/admin/users/1', '/admin/outbox', '/admin/outbox?status=failed']
const ACTIONS = ['/admin/users/10/approve', '/admin/users/10/reject', '/admin/users/7/unlock',
  '/admin/users/7/end-sessions', '/admin/outbox/1/retry']

describe('who may open the administration pages', () => {
  test('a mentee and a mentor get the 403 page on every page and action', async () => {
    for (const who of ['amy.clarke', 'chidi.okafor']) {
      const v = await signedIn(who)
      for (const path of PAGES) {
        const [res, html] = await v.page(path)
        assert.equal(res.status, 403, `${who} GET ${path}`)
        assert.match(html, /<h1>You cannot do this<\/h1>/)
        const j = await v.fetch('/api/v1' + path)
        assert.equal(j.status, 403, `${who} GET /api/v1${path}`)
        assert.equal((await j.json()).error.code, 'forbidden')
      }
      for (const path of ACTIONS) {
        const res = await form(v, path, { reason: 'no' })
        assert.equal(res.status, 403, `${who} POST ${path}`)
        assert.match(await res.text(), /You cannot do this/)
        const j = await api(v, '/api/v1' + path, { reason: 'no' })
        assert.equal(j.status, 403, `${who} POST /api/v1${path}`)
      }
    }
    // nothing was done: olivia still waits, the outbox has not moved
    const admin = await signedIn('gareth.evans')
    const res = await admin.fetch('/api/v1/admin/registrations')
    assert.deepEqual((await res.json()).registrations.map((x) => x.username), ['olivia.grant'])
  })

  test('signed out: pages go to sign-in, the API answers 401', async () => {
    const v = new Visitor(srv.url)
    const [res] = await v.page('/admin/registrations')
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/sign-in?next=/admin/registrations')
    const j = await v.fetch('/api/v1/admin/users')
    assert.equal(j.status, 401)
  })

  test('actions need the CSRF token', async () => {
    const admin = await signedIn('gareth.evans')
    const id = await idOf(admin, 'olivia.grant')
    let res = await admin.postForm(`/admin/users/${id}/approve`, {})
    assert.equal(res.status, 403)
    assert.match(await res.text(), /This form has expired/)
    res = await admin.postForm(`/admin/users/${id}/approve`, { csrf_token: 'x'.repeat(43) })
    assert.equal(res.status, 403)
    res = await admin.postJSON(`/api/v1/admin/users/${id}/approve`, {})
    assert.equal(res.status, 403)
    res = await admin.fetch('/api/v1/admin/registrations')
    assert.equal((await res.json()).registrations.length, 1, 'still pending')
  })

  test('the overview shows the counts and links to every list', async () => {
    for (const who of ['gareth.evans', 'admin']) {
      const v = await signedIn(who)
      const [res, html] = await v.page('/admin')
      assert.equal(res.status, 200)
      assert.match(html, /<h1>Administration<\/h1>/)
      assert.match(html, /id="count-pending"><strong>1<\/strong> waiting for approval/)
      assert.match(html, /id="count-locked"><strong>0<\/strong>/)
      for (const href of ['/admin/registrations', '/admin/locked', '/admin/users', '/admin/outbox']) {
        assert.match(html, new RegExp(`href="${href}"`))
      }
      assert.match(html, /href="\/admin" aria-current="page">Overview/)
      const j = await (await v.fetch('/api/v1/admin')).json()
      assert.equal(j.pending, 1)
      assert.equal(j.locked, 0)
    }
  })

  test('an unknown person is 404 for pages and actions', async () => {
    const admin = await signedIn('gareth.evans')
    const [res] = await admin.page('/admin/users/9999')
    assert.equal(res.status, 404)
    for (const a of ['approve', 'unlock', 'end-sessions']) {
      const r = await form(admin, `/admin/users/9999/${a}`)
      assert.equal(r.status, 404, a)
    }
    const r = await form(admin, '/admin/users/9999/reject', { reason: 'Not known to us' })
    assert.equal(r.status, 404)
    const j = await admin.fetch('/api/v1/admin/users/9999')
    assert.equal((await j.json()).error.code, 'not_found')
  })
})

describe('registrations (ACC-3)', () => {
  test('an administrator sees the pending registration, approves it, and the person can sign in', async () => {
    const admin = await signedIn('gareth.evans')
    let [res, html] = await admin.page('/admin/registrations')
    assert.equal(res.status, 200)
    assert.match(html, /Olivia Grant/)
    assert.match(html, /olivia\.grant@northfield\.example\.nhs\.uk/)
    assert.match(html, /Aspire Mentoring - Northfield NHS Foundation Trust/)
    assert.match(html, /Asked to join as<\/dt>\s*<dd class="nhsuk-summary-list__value">Mentee</)
    assert.match(html, /Registered<\/dt>\s*<dd class="nhsuk-summary-list__value">\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d/)
    assert.match(html, /name="csrf_token" value="[^"]{43}"/)
    assert.match(html, /class="nhsuk-button nhsuk-button--warning"/)
    const id = await idOf(admin, 'olivia.grant')
    assert.match(html, new RegExp(`action="/admin/users/${id}/approve"`))

    const before = await new Visitor(srv.url).signIn('olivia.grant', demoPassword)
    assert.equal(before.status, 403, 'pending: cannot sign in yet')

    res = await form(admin, `/admin/users/${id}/approve`, { from: 'registrations' })
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/admin/registrations?done=approved');
    [res, html] = await admin.page('/admin/registrations?done=approved')
    assert.match(html, /nhsuk-notification-banner--success/)
    assert.match(html, /The registration has been approved/)
    assert.doesNotMatch(html, /Olivia Grant/)
    assert.match(html, /No one is waiting for approval/)

    const olivia = new Visitor(srv.url)
    res = await olivia.signIn('olivia.grant', demoPassword)
    assert.equal(res.status, 303, 'approved: she signs in')

    const out = tandem(['outbox', '--data', srv.data])
    assert.equal(out.status, 0, out.stderr)
    assert.match(out.stdout, /olivia\.grant@northfield\.example\.nhs\.uk\s+Your registration has been approved/)

    res = await form(admin, `/admin/users/${id}/approve`)
    assert.equal(res.status, 409, 'approving twice: something changed')

    const [, page] = await admin.page(`/admin/users/${id}`)
    assert.match(page, /Registration approved/)
    assert.match(page, /Gareth Evans/)
  })

  test('a rejection needs a reason; the form comes back with it kept; then the person is told', async () => {
    const own = await startServer({ demo: true })
    try {
      const admin = await signedIn('gareth.evans', own)
      const id = await idOf(admin, 'olivia.grant')

      let res = await form(admin, `/admin/users/${id}/reject`, { reason: '', from: 'registrations' })
      assert.equal(res.status, 400)
      let html = await res.text()
      assert.match(html, /<title>Error: Registrations - Tandem<\/title>/)
      assert.match(html, new RegExp(`<a href="#reason-${id}">Enter a reason`))
      assert.match(html, new RegExp(`id="reason-${id}-error"><span class="nhsuk-u-visually-hidden">Error:</span> Enter a reason`))
      assert.match(html, /<details class="nhsuk-details" open>/)

      const long = 'Not a member of staff. '.repeat(30)
      res = await form(admin, `/admin/users/${id}/reject`, { reason: long, from: 'registrations' })
      assert.equal(res.status, 400)
      html = await res.text()
      assert.match(html, /500 characters or fewer/)
      assert.ok(html.includes(`>${long}</textarea>`), 'what was typed is kept')

      res = await api(admin, `/api/v1/admin/users/${id}/reject`, { reason: '   ' })
      assert.equal(res.status, 422)
      const j = await res.json()
      assert.equal(j.error.code, 'invalid')
      assert.match(j.error.fields.reason, /Enter a reason/)

      res = await form(admin, `/admin/users/${id}/reject`, { reason: 'You are not on the staff list', from: 'user' })
      assert.equal(res.status, 303)
      assert.equal(res.headers.get('location'), `/admin/users/${id}?done=rejected`)
      const [, page] = await admin.page(`/admin/users/${id}?done=rejected`)
      assert.match(page, /The registration has been rejected/)
      assert.match(page, /nhsuk-tag--red">Rejected</)
      assert.match(page, /reason: You are not on the staff list/)

      res = await new Visitor(own.url).signIn('olivia.grant', demoPassword)
      assert.equal(res.status, 403)
      assert.match(await res.text(), /Your registration was not approved/)
      const out = tandem(['outbox', '--data', own.data])
      assert.match(out.stdout, /olivia\.grant@\S+\s+Your registration has not been approved/)
    } finally {
      assert.equal((await own.stop()).code, 0)
    }
  })
})

describe('locked accounts and sessions (ACC-5, ACC-4)', () => {
  test('5 wrong passwords lock; the administrator sees it and unlocks', async () => {
    const tom = new Visitor(srv.url)
    for (let i = 0; i < 5; i++) {
      const res = await tom.signIn('tom.hughes', 'not-my-password-' + i)
      assert.equal(res.status, 401)
    }
    let res = await tom.signIn('tom.hughes', demoPassword)
    assert.equal(res.status, 403, 'the 6th, right, password is refused')
    assert.match(await res.text(), /locked/)

    const admin = await signedIn('gareth.evans')
    const id = await idOf(admin, 'tom.hughes')
    let [, html] = await admin.page('/admin')
    assert.match(html, /id="count-locked"><strong>1<\/strong>/);
    [res, html] = await admin.page('/admin/locked')
    assert.equal(res.status, 200)
    assert.match(html, /<a href="\/admin\/users\/\d+">Tom Hughes<\/a>/)
    assert.match(html, new RegExp(`action="/admin/users/${id}/unlock"`))
    const j = await (await admin.fetch('/api/v1/admin/locked')).json()
    assert.deepEqual(j.locked.map((x) => x.username), ['tom.hughes'])
    assert.equal(j.locked[0].is_locked, true)
    assert.equal(j.locked[0].can_unlock, true, 'tom is only in gareth\'s scheme');

    [, html] = await admin.page(`/admin/users/${id}`)
    assert.match(html, /nhsuk-tag--orange">Locked</)
    assert.match(html, /Unlock account/)

    res = await form(admin, `/admin/users/${id}/unlock`, { from: 'locked' })
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/admin/locked?done=unlocked');
    [, html] = await admin.page('/admin/locked?done=unlocked')
    assert.match(html, /The account has been unlocked/)
    assert.match(html, /No accounts are locked/)

    res = await tom.signIn('tom.hughes', demoPassword)
    assert.equal(res.status, 303, 'tom signs in again')
    const [, page] = await admin.page(`/admin/users/${id}`)
    assert.match(page, /Account unlocked/)
  })

  test('ending all sessions signs the person out everywhere', async () => {
    const tom = await signedIn('tom.hughes')
    const phone = await signedIn('tom.hughes')
    assert.equal((await tom.fetch('/api/v1/me')).status, 200)

    const admin = await signedIn('gareth.evans')
    const id = await idOf(admin, 'tom.hughes')
    let [res, html] = await admin.page(`/admin/users/${id}`)
    assert.equal(res.status, 200)
    assert.match(html, /<h2>Sign-in sessions<\/h2>/)
    assert.match(html, /<td class="nhsuk-table__cell">Browser<\/td>\s*<td class="nhsuk-table__cell">127\.0\.0\.1<\/td>/)
    assert.match(html, /End all sign-in sessions/)
    assert.match(html, /Mentee in Aspire Mentoring/)

    res = await form(admin, `/admin/users/${id}/end-sessions`, { from: 'user' })
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), `/admin/users/${id}?done=sessions_ended`)
    assert.equal((await tom.fetch('/api/v1/me')).status, 401, 'the cookie no longer works')
    assert.equal((await phone.fetch('/api/v1/me')).status, 401);
    [, html] = await admin.page(`/admin/users/${id}?done=sessions_ended`)
    assert.match(html, /sign-in sessions have ended/)
    assert.match(html, /is not signed in anywhere/)
    assert.match(html, /Sign-in sessions ended/)

    // the API twin
    await signedIn('tom.hughes')
    res = await api(admin, `/api/v1/admin/users/${id}/end-sessions`)
    assert.equal(res.status, 200)
    assert.deepEqual(await res.json(), { id, done: 'sessions_ended' })
    const d = await (await admin.fetch(`/api/v1/admin/users/${id}`)).json()
    assert.equal(d.sessions.length, 0)
  })
})

describe('people (ADM-1)', () => {
  test('search by name, username or email, 50 to a page', async () => {
    const admin = await signedIn('admin')
    let [res, html] = await admin.page('/admin/users?q=hughes')
    assert.equal(res.status, 200)
    assert.match(html, /Tom Hughes/)
    assert.doesNotMatch(html, /Amy Clarke/)
    assert.match(html, /value="hughes"/)
    assert.match(html, /nhsuk-tag--green">Active</)

    let j = await (await admin.fetch('/api/v1/admin/users?q=AMY.CLARKE@')).json()
    assert.deepEqual(j.users.map((u) => u.username), ['amy.clarke'], 'email, any case')
    j = await (await admin.fetch('/api/v1/admin/users?q=' + encodeURIComponent('Ravi Pat'))).json()
    assert.deepEqual(j.users.map((u) => u.username), ['ravi.patel'], 'full name')
    j = await (await admin.fetch('/api/v1/admin/users')).json()
    assert.equal(j.users.length, 10)
    assert.equal(j.has_more, false)
    assert.deepEqual(j.users.map((u) => u.username).slice(0, 2), ['fatima.begum', 'amy.clarke'], 'by family name')

    for (const wild of ['%', '_', '\\']) {
      j = await (await admin.fetch('/api/v1/admin/users?q=' + encodeURIComponent(wild))).json()
      assert.equal(j.users.length, 0, `${wild} is a character, not a wildcard`)
    }
    [, html] = await admin.page('/admin/users?q=' + encodeURIComponent('<b>nobody'))
    assert.match(html, /No one matches &ldquo;&lt;b&gt;nobody&rdquo;/)

    ;[res, html] = await admin.page('/admin/users?page=2')
    assert.equal(res.status, 200)
    assert.match(html, /href="\/admin\/users\?page=1" rel="prev"/)
    ;[res] = await admin.page('/admin/users?page=0')
    assert.equal(res.status, 400)
  })

  test('a person\'s page shows status, roles, sessions and activity, never a password', async () => {
    const admin = await signedIn('admin')
    const id = await idOf(admin, 'fatima.begum')
    await signedIn('fatima.begum')
    const [res, html] = await admin.page(`/admin/users/${id}`)
    assert.equal(res.status, 200)
    assert.match(html, /<h1>Fatima Begum<\/h1>/)
    assert.match(html, /Mentee in Aspire Mentoring/)
    assert.match(html, /Mentor in Aspire Mentoring/)
    assert.match(html, /Signed in/)
    assert.doesNotMatch(html, /argon2/)
    const raw = await (await admin.fetch(`/api/v1/admin/users/${id}`)).text()
    assert.doesNotMatch(raw, /argon2|password_hash/)
    const j = JSON.parse(raw)
    assert.equal(j.user.username, 'fatima.begum')
    assert.deepEqual(j.user.roles.map((r) => r.role), ['mentee', 'mentor'])
    assert.ok(j.sessions.length >= 1)
    assert.ok(j.audit.some((e) => e.action === 'signin.ok'))
  })
})

describe('the outbox (MSG-4)', () => {
  test('lists email with its status; only failed email can be retried', async () => {
    const admin = await signedIn('gareth.evans')
    let [res, html] = await admin.page('/admin/outbox')
    assert.equal(res.status, 200)
    assert.match(html, /New registration waiting for approval: Olivia Grant/)
    assert.match(html, /gareth\.evans@northfield\.example\.nhs\.uk/)
    assert.match(html, /class="nhsuk-tag nhsuk-tag--(blue|green)">(Queued|Sent)</)
    ;[res, html] = await admin.page('/admin/outbox?status=failed')
    assert.equal(res.status, 200)
    assert.match(html, /There are no emails to show/)
    assert.match(html, /href="\/admin\/outbox\?status=failed" aria-current="page"/)
    ;[res] = await admin.page('/admin/outbox?status=lost')
    assert.equal(res.status, 400)

    const j = await (await admin.fetch('/api/v1/admin/outbox')).json()
    const first = j.messages.find((m) => /Olivia Grant/.test(m.subject))
    assert.ok(first)
    assert.equal(first.body_text, undefined, 'bodies are never listed (reset links)')
    res = await form(admin, `/admin/outbox/${first.id}/retry`)
    assert.equal(res.status, 404, 'not failed: nothing to retry')
    res = await api(admin, `/api/v1/admin/outbox/${first.id}/retry`)
    assert.equal(res.status, 404)
    assert.equal((await res.json()).error.code, 'not_found')
    res = await form(admin, '/admin/outbox/99999/retry')
    assert.equal(res.status, 404)
  })
})

// A tiny SMTP server that refuses every recipient (a permanent 550, so
// Tandem gives up at once) until told to accept.
function fakeSmtp () {
  const state = { accept: false, delivered: 0 }
  const server = net.createServer((sock) => {
    let buf = ''
    let inData = false
    sock.write('220 fake.example ESMTP\r\n')
    sock.on('data', (d) => {
      buf += d.toString('latin1')
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n')
          if (end < 0) return
          buf = buf.slice(end + 5)
          inData = false
          state.delivered++
          sock.write('250 2.0.0 queued\r\n')
          continue
        }
        const i = buf.indexOf('\r\n')
        if (i < 0) return
        const line = buf.slice(0, i).toUpperCase()
        buf = buf.slice(i + 2)
        if (line.startsWith('EHLO') || line.startsWith('HELO')) sock.write('250 fake.example\r\n')
        else if (line.startsWith('MAIL FROM')) sock.write('250 2.1.0 ok\r\n')
        else if (line.startsWith('RCPT TO')) sock.write(state.accept ? '250 2.1.5 ok\r\n' : '550 5.1.1 mailbox unavailable\r\n')
        else if (line.startsWith('DATA')) { inData = true; sock.write('354 go ahead\r\n') }
        else if (line.startsWith('QUIT')) { sock.end('221 2.0.0 bye\r\n'); return }
        else if (line.startsWith('RSET') || line.startsWith('NOOP')) sock.write('250 ok\r\n')
        else sock.write('502 5.5.2 not implemented\r\n')
      }
    })
    sock.on('error', () => {})
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({ state, port: server.address().port, close: () => new Promise((r) => server.close(r)) })
  }))
}

async function until (what, fn, ms = 15000) {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > end) throw new Error('timed out waiting for ' + what)
    await new Promise((r) => setTimeout(r, 200))
  }
}

describe('retrying a failed email (MSG-4)', () => {
  test('a failed email shows its error and, retried, is sent', async () => {
    const smtp = await fakeSmtp()
    const own = await startServer({
      demo: true,
      set: { smtp_url: `smtp://127.0.0.1:${smtp.port}`, smtp_from: 'tandem@example.nhs.uk', mail_interval: '1' }
    })
    try {
      const admin = await signedIn('gareth.evans', own)
      const failed = await until('the email to fail', async () => {
        const j = await (await admin.fetch('/api/v1/admin/outbox?status=failed')).json()
        return j.messages.find((m) => /Olivia Grant/.test(m.subject))
      })
      assert.equal(failed.attempts, 1)
      assert.notEqual(failed.last_error, '')
      const [, html] = await admin.page('/admin/outbox?status=failed')
      assert.match(html, /class="nhsuk-tag nhsuk-tag--red">Failed</)
      assert.match(html, new RegExp(`action="/admin/outbox/${failed.id}/retry"`))
      const [, overview] = await admin.page('/admin')
      assert.match(overview, /id="count-failed"><strong>1<\/strong>/)

      const mentee = await signedIn('amy.clarke', own)
      assert.equal((await form(mentee, `/admin/outbox/${failed.id}/retry`)).status, 403)

      smtp.state.accept = true
      const res = await form(admin, `/admin/outbox/${failed.id}/retry`)
      assert.equal(res.status, 303)
      assert.equal(res.headers.get('location'), '/admin/outbox?done=retried')
      const [, after] = await admin.page('/admin/outbox?done=retried')
      assert.match(after, /The email is back in the queue/)
      await until('the email to be sent', async () => {
        const j = await (await admin.fetch('/api/v1/admin/outbox?status=sent')).json()
        return j.messages.some((m) => m.id === failed.id)
      })
      assert.ok(smtp.state.delivered >= 1)
      const again = await form(admin, `/admin/outbox/${failed.id}/retry`)
      assert.equal(again.status, 404, 'sent: nothing to retry')
    } finally {
      const r = await own.stop()
      await smtp.close()
      assert.equal(r.code, 0)
    }
  })
})

describe('the audit on a person\'s page keeps concerns confidential (MSG-5, ADM-7)', () => {
  test('only site administrators see that a concern was read or handled', async () => {
    const tom = await signedIn('tom.hughes')
    const res = await form(tom, '/concerns/new', { kind: 'safeguarding',
      details: 'A test concern for the audit view', may_contact: 'no' })
    assert.equal(res.status, 303)
    const id = Number(res.headers.get('location').match(/^\/concerns\/(\d+)/)[1])
    // gareth is the demo scheme's escalation contact: he reads it
    const gareth = await signedIn('gareth.evans')
    assert.equal((await gareth.fetch(`/api/v1/admin/concerns/${id}`)).status, 200)
    const priya = await signedIn('admin')
    const garethId = await idOf(priya, 'gareth.evans')
    const actions = async (v) => (await (await v.fetch(`/api/v1/admin/users/${garethId}`)).json())
      .audit.map((e) => e.action)
    assert.ok((await actions(priya)).includes('concern.view'), 'the site administrator sees it')
    assert.ok(!(await actions(gareth)).some((a) => a.startsWith('concern.')),
      'a scheme administrator does not')
  })
})
