// Reliability: the database cannot be written (issue 12, disk full and
// I/O errors).
//
// The server runs under libfiu's POSIX preload (`fiu-run -x`, Debian's
// fiu-utils), and pwrite() - what SQLite writes its WAL and database
// with (pwrite64 in Debian's libsqlite3; libfiu names both
// posix/io/rw/pwrite) - is made to fail with ENOSPC at run time through
// `fiu-ctrl`, as a disk filling up would.  While it fails: a form post
// gets the 503 page that says nothing was saved, with what was typed
// shown (escaped) and a "Try again" form carrying it back; the API gets
// 503 JSON {"error": {"code": "unavailable"}} with Retry-After; pages
// that only read still answer 200; /readyz says 503; the log has ONE
// incident line however many writes failed; /metrics shows the incident.
// Then pwrite works again and, with no restart, the same post (sent from
// the "Try again" form) goes through, /readyz is 200 and the log has ONE
// "writes work again" line.
//
// A real full disk (a small tmpfs) is tests/reliability/diskfull.test.mjs.
//
// The sanitizer build (TANDEM_SANITIZE=ON) runs this too: fiuWrap
// (tests/lib/server.mjs) puts ASan's runtime ahead of libfiu's preload,
// which ASan requires.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { api, decode, demoPassword, fiuWrap, form, signedIn, startServer, Visitor } from '../lib/server.mjs'

const wrap = fiuWrap()


const count = (text, re) => (text.match(new RegExp(re.source, 'gm')) || []).length
const incidentLine = /error storage: cannot write: /
const recoveredLine = /info {1,2}storage: writes work again after \d+ failure\(s\) over \d+ s/

async function scrape (srv) {
  const res = await fetch(srv.url + '/metrics')
  assert.equal(res.status, 200)
  return res.text()
}
function sample (text, series) {
  for (const line of text.split('\n')) if (line.startsWith(series + ' ')) return Number(line.slice(series.length + 1))
  return NaN
}

// The hidden inputs of the "Try again" form, decoded.
function keptInputs (html) {
  const form = html.match(/<form action="([^"]*)" method="post"[^>]*>([\s\S]*?)<\/form>/)
  assert.ok(form, 'a "Try again" form')
  const fields = {}
  for (const m of form[2].matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[decode(m[1])] = decode(m[2])
  }
  return { action: decode(form[1]), fields }
}

// What tom.hughes (a mentee in the demo) types into a diary entry: markup
// and quotes, so the page must escape them, and two lines.
const typed = {
  title: 'Reflection <b>"bold"</b> & \'quoted\'',
  entry_day: '3',
  entry_month: '2',
  entry_year: '2026',
  body: 'First line <script>alert(1)</script>\nSecond line',
  relationship_id: '1'
}

// The read-only pages a mentee uses, each expected 200 during an incident.
const readPages = ['/', '/diary', '/relationships/1', '/messages', '/profile', '/help']

describe('storage failing under libfiu (pwrite gives ENOSPC)', { skip: wrap === null ? 'fiu-utils is not installed (scripts/bootstrap installs it)' : false }, () => {
  let srv, tom, messageId
  const ctl = (cmd) => {
    const r = spawnSync('fiu-ctrl', ['-c', cmd, String(srv.child.pid)], { encoding: 'utf8' })
    assert.equal(r.status, 0, 'fiu-ctrl ' + cmd + ': ' + r.stderr)
  }
  const fail = () => { ctl('enable name=posix/io/rw/pwrite,failinfo=28') }
  const heal = () => { ctl('disable name=posix/io/rw/pwrite') }

  before(async () => {
    srv = await startServer({ demo: true, wrap })
    tom = await signedIn(srv, 'tom.hughes')
    // something unread for tom: a chat message from his mentor and a
    // message from the scheme's administrator (opening each marks it read)
    const chidi = await signedIn(srv, 'chidi.okafor')
    assert.equal((await api(chidi, '/api/v1/chats/1', { text: 'Hello Tom' })).status, 201)
    const gareth = await signedIn(srv, 'gareth.evans')
    const fd = new FormData()
    for (const [k, v] of Object.entries({ csrf_token: gareth.csrf, scheme_id: '1', audience: 'groups',
      role: 'mentees', status: 'any', subject: 'Training day', body: 'On 3 March.' })) fd.set(k, v)
    const sent = await gareth.fetch('/api/v1/admin/messages', { method: 'POST', body: fd })
    assert.equal(sent.status, 201, await sent.clone().text())
    messageId = (await sent.json()).id
    // every worker thread opens its connection while the disk is fine
    await Promise.all(Array.from({ length: 12 }, () => tom.fetch('/help')))
  })
  after(async () => {
    const r = await srv.stop()
    assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
  })

  test('writes answer 503 and keep what was typed; reads keep working; one log line', async () => {
    for (const path of readPages) assert.equal((await tom.fetch(path)).status, 200, 'before: ' + path)
    const readyBefore = await fetch(srv.url + '/readyz')
    assert.equal(readyBefore.status, 200)
    fail()

    // a form post: the 503 page
    let res = await form(tom, '/diary/new', typed)
    assert.equal(res.status, 503)
    assert.equal(res.headers.get('retry-after'), '120')
    const html = await res.text()
    assert.match(html, /<h1>Tandem cannot save changes right now<\/h1>/)
    assert.match(html, /Nothing you entered has been saved/)
    // what was typed, shown escaped, never as markup
    assert.ok(!html.includes('<b>"bold"</b>'), 'the title is escaped')
    assert.ok(!html.includes('<script>alert(1)</script>'), 'the body is escaped')
    assert.ok(decode(html).includes(typed.title), 'the title is shown')
    assert.ok(decode(html).includes('First line <script>alert(1)</script>'), 'the body is shown')
    const kept = keptInputs(html)
    assert.equal(kept.action, '/diary/new')
    for (const [k, v] of Object.entries(typed)) assert.equal(kept.fields[k], v, 'kept ' + k)
    assert.match(kept.fields.csrf_token, /^\S{20,}$/, 'a CSRF token in the form')

    // the API: 503 JSON with Retry-After
    res = await api(tom, '/api/v1/diary', { title: 'By API', entry_date: '2026-02-03', body: 'x' })
    assert.equal(res.status, 503)
    assert.equal(res.headers.get('retry-after'), '120')
    const body = await res.json()
    assert.equal(body.error.code, 'unavailable')
    assert.equal(body.error.message, 'Tandem cannot save changes right now; nothing was saved. ' +
      'Try again in a few minutes.')

    // a few more failing writes: still one incident line
    for (let i = 0; i < 3; i++) assert.equal((await form(tom, '/diary/new', typed)).status, 503)

    // reads keep working, also those that mark something read
    for (const path of readPages) assert.equal((await tom.fetch(path)).status, 200, 'during: ' + path)
    assert.equal((await tom.fetch('/api/v1/me')).status, 200)
    assert.equal((await tom.fetch('/chats/1')).status, 200, 'a chat with an unread message')
    assert.equal((await tom.fetch(`/messages/${messageId}`)).status, 200, 'an unread message')

    // signing in is a write: 503, the username kept, the password not
    const visitor = new Visitor(srv.url)
    res = await visitor.signIn('amy.clarke', demoPassword)
    assert.equal(res.status, 503)
    const signin = await res.text()
    assert.match(signin, /Passwords are not kept/)
    assert.equal(keptInputs(signin).fields.username, 'amy.clarke')
    assert.ok(!signin.includes(demoPassword), 'the password is not in the page')

    // readiness and metrics say so
    const ready = await fetch(srv.url + '/readyz')
    assert.equal(ready.status, 503)
    assert.match((await ready.json()).reason, /cannot be written/)
    const m = await scrape(srv)
    assert.equal(sample(m, 'tandem_storage_incident'), 1)
    assert.equal(sample(m, 'tandem_storage_incidents_total'), 1)
    assert.ok(sample(m, 'tandem_storage_failures_total') >= 7, 'failures counted')
    assert.ok(sample(m, 'tandem_db_errors_total{code="storage"}') >= 7)

    const log = srv.stderr()
    assert.equal(count(log, incidentLine), 1, 'one incident line:\n' + log)
    assert.equal(count(log, /failed: storage/), 0, 'no per-request error line')
    assert.equal(count(log, /http: POST \/diary\/new 503 /), 4, 'each 503 in the access log')
    assert.equal(count(log, /error /), 1, 'no other error line:\n' + log)
    assert.equal(count(log, recoveredLine), 0)

    // space comes back: no restart, the "Try again" form goes through
    heal()
    res = await tom.postForm(kept.action, kept.fields)
    assert.equal(res.status, 303, 'saved after the disk recovers')
    const [page, entry] = await tom.page(res.headers.get('location'))
    assert.equal(page.status, 200)
    assert.ok(decode(entry).includes(typed.title))
    assert.equal((await fetch(srv.url + '/readyz')).status, 200)
    res = await api(tom, '/api/v1/diary', { title: 'By API', entry_date: '2026-02-03', body: 'x' })
    assert.equal(res.status, 201)
    const after = await scrape(srv)
    assert.equal(sample(after, 'tandem_storage_incident'), 0)
    const log2 = srv.stderr()
    assert.equal(count(log2, incidentLine), 1)
    assert.equal(count(log2, recoveredLine), 1, 'one recovery line:\n' + log2)
  })
})
