// HTTP tests for the audit log's view (ADM-7) and `tandem audit verify`:
// who sees which entries (site administrators everything; a scheme
// administrator only their schemes' entries, never entries of no scheme,
// never concern.*; another scheme's id is 404, on the page and the API),
// the filters (search, actor, action, scheme, dates) and bad input (422,
// message beside the field, what was typed kept), read only (no POST),
// the refusals (signed out, participants), and the chain: whole on a
// demo, broken when a row is altered in the database with sqlite3.
// Paging and the scope rules entry by entry are in tests/unit/test_audit.c.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { startServer, Visitor, demoPassword, bin, tandem } from '../lib/server.mjs'

let srv
let west // the second scheme's id
before(async () => {
  srv = await startServer({ demo: true })
  // a second scheme with its own administrator, made on the command line
  const r = spawnSync(bin, ['user', 'add', '--data', srv.data, '--username', 'wendy.west',
    '--email', 'wendy.west@westbury.example.nhs.uk', '--name', 'Wendy West'],
  { input: demoPassword + '\n', encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  const s = tandem(['scheme', 'add', '--data', srv.data, '--slug', 'westbury',
    '--name', 'Westbury Mentoring', '--admin', 'wendy.west'])
  assert.equal(s.status, 0, s.stderr)
  // a concern in Northfield (concern.raise, for site administrators only)
  const tom = await signedIn('tom.hughes')
  const res = await tom.postForm('/concerns/new', { csrf_token: tom.csrf, relationship_id: '1',
    kind: 'about_mentor', details: 'AUDIT-CONCERN-TEXT', may_contact: 'no' })
  assert.equal(res.status, 303, 'Tom raises a concern')
  const priya = await signedIn('admin')
  const j = await list(priya, '?q=westbury')
  west = j.entries.find((e) => e.action === 'scheme.add_cli').scheme_id
  assert.ok(west > 1)
})
after(async () => {
  if (srv) await srv.stop()
})

async function signedIn (username) {
  const v = new Visitor(srv.url)
  const res = await v.signIn(username, demoPassword)
  assert.equal(res.status, 303, `${username} signs in`)
  v.csrf = await v.token()
  return v
}

async function list (v, query = '') {
  const res = await v.fetch('/api/v1/admin/audit' + query)
  assert.equal(res.status, 200)
  return res.json()
}

describe('the audit log view (ADM-7)', () => {
  test('a site administrator sees every scheme, entries of no scheme and concerns', async () => {
    const priya = await signedIn('admin')
    const j = await list(priya)
    const actions = j.entries.map((e) => e.action)
    assert.ok(actions.includes('demo.load'))
    assert.ok(actions.includes('scheme.add_cli'))
    assert.ok(actions.includes('signin.ok'), 'entries of no scheme')
    assert.ok(actions.includes('concern.raise'))
    for (let i = 1; i < j.entries.length; i++) assert.ok(j.entries[i].id < j.entries[i - 1].id, 'newest first')
    const signin = j.entries.find((e) => e.action === 'signin.ok' && e.actor_username === 'admin')
    assert.equal(signin.ip, '127.0.0.1', 'from where')
    assert.match(signin.when, /UTC$/)
    assert.equal(j.older_before, 0)
    const [res, html] = await priya.page('/admin/audit')
    assert.equal(res.status, 200)
    assert.match(html, /<h1>Audit log<\/h1>/)
    assert.match(html, /Entries cannot be changed or deleted/)
    assert.match(html, /Westbury Mentoring/)
    assert.ok(!/action="\/admin\/audit[^"]*" method="post"/.test(html), 'nothing on the page changes an entry')
    assert.match(html, /<form class="tandem-audit-filters" action="\/admin\/audit" method="get"/)
  })

  test('a scheme administrator sees only their scheme, never no scheme or concerns', async () => {
    const gareth = await signedIn('gareth.evans')
    const j = await list(gareth)
    assert.ok(j.entries.length > 0)
    assert.ok(j.entries.every((e) => e.scheme_id === 1), 'only Northfield')
    assert.ok(j.entries.every((e) => !e.action.startsWith('concern.')), 'no concern entries (MSG-5)')
    assert.ok(!JSON.stringify(j).includes('AUDIT-CONCERN-TEXT'))
    const [res, html] = await gareth.page('/admin/audit')
    assert.equal(res.status, 200)
    assert.doesNotMatch(html, /Westbury/)
    assert.doesNotMatch(html, /concern\.raise/, 'not even as a filter choice')
    const wendy = await signedIn('wendy.west')
    const w = await list(wendy)
    assert.ok(w.entries.length > 0)
    assert.ok(w.entries.every((e) => e.scheme_id === west))
  })

  test("another scheme's id is 404 for a scheme administrator, page and API", async () => {
    const gareth = await signedIn('gareth.evans')
    assert.equal((await gareth.fetch(`/admin/audit?scheme=${west}`)).status, 404)
    assert.equal((await gareth.fetch(`/api/v1/admin/audit?scheme=${west}`)).status, 404)
    assert.equal((await gareth.fetch('/api/v1/admin/audit?scheme=999')).status, 404)
    const wendy = await signedIn('wendy.west')
    assert.equal((await wendy.fetch('/admin/audit?scheme=1')).status, 404)
    assert.equal((await wendy.fetch('/api/v1/admin/audit?scheme=1')).status, 404)
    const priya = await signedIn('admin')
    const j = await list(priya, `?scheme=${west}`)
    assert.ok(j.entries.length > 0 && j.entries.every((e) => e.scheme_id === west))
  })

  test('filters: search (literal), actor, action prefix, dates', async () => {
    const priya = await signedIn('admin')
    let j = await list(priya, '?actor=admin')
    assert.ok(j.entries.length > 0 && j.entries.every((e) => e.actor_username === 'admin'))
    j = await list(priya, '?actor=ADMIN')
    assert.ok(j.entries.length > 0, 'usernames are not case sensitive')
    j = await list(priya, '?actor=nobody.here')
    assert.equal(j.entries.length, 0)
    j = await list(priya, '?action=signin.')
    assert.ok(j.entries.length > 0 && j.entries.every((e) => e.action.startsWith('signin.')))
    j = await list(priya, '?action=scheme.add_cli')
    assert.equal(j.entries.length, 1)
    j = await list(priya, '?q=northfield-aspire')
    assert.ok(j.entries.some((e) => e.action === 'demo.load'))
    j = await list(priya, '?q=%25')
    assert.equal(j.entries.length, 0, '% is not a wildcard')
    j = await list(priya, '?q=_')
    assert.ok(j.entries.every((e) => (e.action + e.subject + e.detail).includes('_')), '_ is literal')
    const today = new Date().toISOString().slice(0, 10)
    j = await list(priya, `?from=${today}&to=${today}`)
    assert.ok(j.entries.length > 0)
    j = await list(priya, '?to=2000-01-01')
    assert.equal(j.entries.length, 0)
    j = await list(priya, `?scheme=1&action=demo.&from=${today}`)
    assert.equal(j.entries.length, 1)
    assert.equal(j.filters.scheme, 1)
  })

  test('bad input: 422 with the message beside the field and the form kept', async () => {
    const priya = await signedIn('admin')
    let [res, html] = await priya.page('/admin/audit?from=2026-02-30&q=KEPT-WORDS&to=2026-01-01')
    assert.equal(res.status, 422)
    assert.match(html, /There is a problem/)
    assert.match(html, /id="from-error"[^>]*>.*The start date must be a real date/)
    assert.match(html, /value="KEPT-WORDS"/)
    assert.match(html, /value="2026-02-30"/)
    ;[res, html] = await priya.page('/admin/audit?from=2026-03-02&to=2026-03-01')
    assert.equal(res.status, 422)
    assert.match(html, /id="to-error"[^>]*>.*same as or after the start date/)
    ;[res, html] = await priya.page('/admin/audit?before=abc')
    assert.equal(res.status, 422)
    res = await priya.fetch('/api/v1/admin/audit?to=tomorrow')
    assert.equal(res.status, 422)
    const j = await res.json()
    assert.equal(j.error.code, 'invalid')
    assert.ok(j.error.fields.to)
    res = await priya.fetch('/api/v1/admin/audit?q=' + 'x'.repeat(201))
    assert.equal(res.status, 422)
  })

  test('refusals: signed out, participants, and no way to change an entry', async () => {
    const anon = new Visitor(srv.url)
    assert.equal((await anon.fetch('/api/v1/admin/audit')).status, 401)
    const res = await anon.fetch('/admin/audit')
    assert.equal(res.status, 303)
    assert.match(res.headers.get('location'), /sign-in/)
    for (const who of ['tom.hughes', 'chidi.okafor']) {
      const v = await signedIn(who)
      assert.equal((await v.fetch('/admin/audit')).status, 403, who)
      assert.equal((await v.fetch('/api/v1/admin/audit')).status, 403, who)
      assert.equal((await v.fetch('/admin/audit?from=nonsense')).status, 403, who)
    }
    const priya = await signedIn('admin')
    for (const path of ['/admin/audit', '/api/v1/admin/audit']) {
      const r = await priya.postForm(path, { csrf_token: priya.csrf })
      assert.ok([404, 405].includes(r.status), `POST ${path}: ${r.status}`)
    }
  })
})

describe('tandem audit verify (ADM-7)', () => {
  test('whole on a demo; broken when a row is altered in the database', async () => {
    let r = tandem(['audit', 'verify', '--data', srv.data])
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /whole/)
    const j = await list(await signedIn('admin'), '?action=scheme.add_cli')
    const id = j.entries[0].id
    await srv.stop({ keep: true })
    const db = join(srv.data, 'tandem.db')
    // the triggers refuse both, even in sqlite3
    let s = spawnSync('sqlite3', [db, `UPDATE audit_log SET detail = 'x' WHERE id = ${id}`], { encoding: 'utf8' })
    assert.match(s.stderr, /cannot be changed/)
    s = spawnSync('sqlite3', [db, `DELETE FROM audit_log WHERE id = ${id}`], { encoding: 'utf8' })
    assert.match(s.stderr, /cannot be deleted/)
    r = tandem(['audit', 'verify', '--data', srv.data])
    assert.equal(r.status, 0, 'still whole')
    // someone with the file drops the trigger and alters a row
    s = spawnSync('sqlite3', [db, 'DROP TRIGGER audit_log_no_update; ' +
      `UPDATE audit_log SET detail = 'rewritten' WHERE id = ${id}`], { encoding: 'utf8' })
    assert.equal(s.status, 0, s.stderr)
    r = tandem(['audit', 'verify', '--data', srv.data])
    assert.equal(r.status, 1)
    assert.match(r.stderr, new RegExp(`entry ${id} does not match`))
    srv = null
  })

  test('the head kept outside catches blanked hashes and a cut tail', async () => {
    const own = await startServer({ demo: true })
    await own.stop({ keep: true })
    let r = tandem(['audit', 'verify', '--data', own.data])
    assert.equal(r.status, 0, r.stderr)
    const head = r.stdout.match(/Newest entry: (\d+:[0-9a-f]{64})/)
    assert.ok(head, 'verify prints the newest entry: ' + r.stdout)
    r = tandem(['audit', 'verify', '--data', own.data, '--head', head[1]])
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /still carries the hash you kept/)
    assert.equal(tandem(['audit', 'verify', '--data', own.data, '--head', 'nonsense']).status, 1)
    const db = join(own.data, 'tandem.db')
    // blank every hash: the chain alone sees only entries that "predate" it
    let s = spawnSync('sqlite3', [db, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET hash = '', prev_hash = ''"], { encoding: 'utf8' })
    assert.equal(s.status, 0, s.stderr)
    r = tandem(['audit', 'verify', '--data', own.data])
    assert.equal(r.status, 0, 'the chain alone cannot tell')
    r = tandem(['audit', 'verify', '--data', own.data, '--head', head[1]])
    assert.equal(r.status, 1)
    assert.match(r.stderr, /carries another hash/)
    // cut the newest entries
    s = spawnSync('sqlite3', [db, 'DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)'], { encoding: 'utf8' })
    assert.equal(s.status, 0, s.stderr)
    r = tandem(['audit', 'verify', '--data', own.data, '--head', head[1]])
    assert.equal(r.status, 1)
    assert.match(r.stderr, /is gone/)
  })
})

describe('every writer goes through the chain (ADM-7)', () => {
  // the person page records its own visit (admin.view_user): through
  // app_audit_tx, like every other writer
  test("opening a person's record keeps the chain whole", async () => {
    const own = await startServer({ demo: true })
    try {
      const v = new Visitor(own.url)
      assert.equal((await v.signIn('admin', demoPassword)).status, 303)
      assert.equal((await v.fetch('/admin/users/2')).status, 200)
      const r = tandem(['audit', 'verify', '--data', own.data])
      assert.equal(r.status, 0, r.stderr)
    } finally {
      await own.stop()
    }
  })
})
