// HTTP tests for people administration (issue 10: ADM-1, ADM-3): the user
// import from CSV with its dry run, deactivating and reactivating a
// person, and that a scheme administrator of one scheme gets 404 on
// everything of another scheme.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { startServer, Visitor, demoPassword, bin, tandem } from '../lib/server.mjs'

let srv
let west // the second scheme's id
before(async () => {
  srv = await startServer({ demo: true })
  const r = spawnSync(bin, ['user', 'add', '--data', srv.data, '--username', 'wendy.west',
    '--email', 'wendy.west@westbury.example.nhs.uk', '--name', 'Wendy West'],
  { input: demoPassword + '\n', encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  const s = tandem(['scheme', 'add', '--data', srv.data, '--slug', 'westbury',
    '--name', 'Westbury Mentoring', '--admin', 'wendy.west'])
  assert.equal(s.status, 0, s.stderr)
  const admin = await signedIn('admin')
  const res = await admin.fetch('/api/v1/admin/users?q=wendy.west')
  const wendy = (await res.json()).users[0]
  const p = await admin.fetch('/api/v1/admin/users/' + wendy.id)
  west = (await p.json()).user.roles.find((x) => x.role === 'scheme_admin').scheme_id
  assert.ok(west > 1)
})
after(async () => { if (srv) await srv.stop() })

async function signedIn (username) {
  const v = new Visitor(srv.url)
  const res = await v.signIn(username, demoPassword)
  assert.equal(res.status, 303, `${username} signs in`)
  v.csrf = await v.token()
  return v
}

async function idOf (admin, username) {
  const res = await admin.fetch('/api/v1/admin/users?q=' + encodeURIComponent(username))
  const u = (await res.json()).users.find((x) => x.username === username)
  assert.ok(u, `${username} is listed`)
  return u.id
}

const form = (v, path, fields = {}) => v.postForm(path, { csrf_token: v.csrf, ...fields })
const api = (v, path, body = {}) => v.postJSON(path, body, { 'X-CSRF-Token': v.csrf })
// A CSV file (bytes or text) uploaded through the import form or its API twin.
function upload (v, path, bytes, name = 'people.csv') {
  const fd = new FormData()
  fd.set('csrf_token', v.csrf)
  fd.append('file', new Blob([bytes], { type: 'text/csv' }), name)
  return v.fetch(path, { method: 'POST', body: fd, headers: { 'X-CSRF-Token': v.csrf } })
}
const unescape = (s) => s.replace(/&#x27;|&#39;/g, "'").replace(/&quot;|&#34;/g, '"')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
// A person added on the command line, signing in with the demo password.
function addUser (username, name, domain = 'westbury.example.nhs.uk') {
  const r = spawnSync(bin, ['user', 'add', '--data', srv.data, '--username', username,
    '--email', `${username}@${domain}`, '--name', name],
  { input: demoPassword + '\n', encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
}
// The edit form's details as the API gives them (to send back unchanged).
async function details (admin, id) {
  const f = await (await admin.fetch(`/api/v1/admin/users/${id}/edit`)).json()
  return { given_name: f.given_name, family_name: f.family_name, email: f.email, username: f.username }
}

function outbox () {
  const r = tandem(['outbox', '--data', srv.data])
  assert.equal(r.status, 0, r.stderr)
  const mails = []
  for (const line of r.stdout.split('\n')) {
    const m = line.match(/^(\d+)\s+(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(.*)$/)
    if (m) mails.push({ id: Number(m[1]), status: m[2], to: m[5], subject: m[6].trim() })
  }
  return mails
}
function mailBody (id) {
  const r = tandem(['outbox', '--data', srv.data, '--show', String(id)])
  assert.equal(r.status, 0, r.stderr)
  return r.stdout
}

const HEADER = 'username,email,given_name,family_name,role'
const BAD_CSV = [
  HEADER,
  'new.one,new.one@example.nhs.uk,New,One,mentee',
  'x,bad-email,Two,,mentor', // line 3: short username, bad email, no family name
  'tom.hughes,tom.taken@example.nhs.uk,Tom,Again,mentee', // line 4: username taken
  'new.three,new.one@example.nhs.uk,New,Three,both', // line 5: email twice in the file
  'new.four,new.four@example.nhs.uk,New,Four,boss', // line 6: unknown role
  'NEW.ONE,other@example.nhs.uk,New,Again,mentor' // line 7: username twice (case)
].join('\n')

describe('user import (ADM-3)', () => {
  test('ADM-3 the dry run catches each bad row with its line and writes nothing', async () => {
    const gareth = await signedIn('gareth.evans')
    const before = outbox().length
    const [page] = await gareth.page('/admin/schemes/1/people/import')
    assert.equal(page.status, 200)
    const res = await form(gareth, '/admin/schemes/1/people/import', { csv: BAD_CSV })
    assert.equal(res.status, 422)
    const html = await res.text()
    assert.match(html, /There is a problem/)
    assert.match(html, /Line 3: Username must be 3 to 64/)
    assert.match(html, /Line 3: [^<]*Enter an email address in the correct format/)
    assert.match(html, /Line 3: [^<]*Enter a family name/)
    assert.match(html, /Line 4: Username tom.hughes is already taken/)
    assert.match(html, /Line 5: Email new.one@example.nhs.uk is also on line 2/)
    assert.match(html, /Line 6: Role must be mentor, mentee or both/)
    assert.match(html, /Line 7: Username NEW.ONE is also on line 2/)
    assert.doesNotMatch(html, /Line 2:/)
    assert.doesNotMatch(html, /Import \d+ people/, 'no confirm button')
    assert.match(html, /new.one,new.one@example.nhs.uk/, 'the text comes back')
    // the API twin: every row and its problem
    const j = await api(gareth, '/api/v1/admin/schemes/1/people/import', { csv: BAD_CSV })
    assert.equal(j.status, 200)
    const body = await j.json()
    assert.equal(body.can_import, false)
    assert.equal(body.count, 6)
    assert.equal(body.bad, 5)
    assert.deepEqual(body.rows.filter((r) => !r.ok).map((r) => r.line), [3, 4, 5, 6, 7])
    // nothing written: no person, no email
    const s = await gareth.fetch('/api/v1/admin/users?q=new.one')
    assert.equal((await s.json()).users.length, 0)
    assert.equal(outbox().length, before)
    // confirming the bad file is refused too, and still writes nothing
    const c = await api(gareth, '/api/v1/admin/schemes/1/people/import/confirm',
      { csv: BAD_CSV, digest: body.digest })
    assert.equal(c.status, 422)
    assert.equal(outbox().length, before)
  })

  test('ADM-3 a file without the header, or empty, is refused as a whole', async () => {
    const gareth = await signedIn('gareth.evans')
    let res = await form(gareth, '/admin/schemes/1/people/import', { csv: 'a,b\n1,2' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /The first line must be a header/)
    res = await form(gareth, '/admin/schemes/1/people/import', { csv: '' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /The file is empty/)
    res = await form(gareth, '/admin/schemes/1/people/import', { csv: HEADER + '\n"open' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /quotes on line 2/)
  })

  test('ADM-3 a good file imports after the dry run; each person is emailed a link', async () => {
    const gareth = await signedIn('gareth.evans')
    const csv = HEADER + '\r\nimp.mentor,imp.mentor@example.nhs.uk,Ima,Mentor,mentor\r\n' +
      '"imp.both","imp.both@example.nhs.uk","Bo, th",Both,both\r\n'
    const res = await form(gareth, '/admin/schemes/1/people/import', { csv })
    assert.equal(res.status, 200)
    const html = await res.text()
    assert.match(html, /Import 2 people/)
    const digest = html.match(/name="digest" value="([0-9a-f]{64})"/)[1]
    const hidden = html.match(/name="csv" value="([^"]*)"/)[1]
      .replace(/&#10;|&#xA;/gi, '\n').replace(/&quot;|&#34;/g, '"').replace(/&amp;/g, '&')
    // changed since the check: refused, the file's problem on the form
    let c = await form(gareth, '/admin/schemes/1/people/import/confirm',
      { csv: csv + 'late.add,late@example.nhs.uk,L,A,mentee\n', digest })
    assert.equal(c.status, 422)
    const ch = await c.text()
    assert.match(ch, /The file changed since it was checked/)
    assert.doesNotMatch(ch, /Import \d+ people/, 'no confirm button')
    c = await form(gareth, '/admin/schemes/1/people/import/confirm', { csv: hidden, digest })
    assert.equal(c.status, 303)
    assert.equal(c.headers.get('location'), '/admin/users?done=imported')
    const admin = await signedIn('admin')
    const id = await idOf(admin, 'imp.both')
    const p = await (await admin.fetch('/api/v1/admin/users/' + id)).json()
    assert.equal(p.user.status, 'active')
    assert.equal(p.user.name, 'Bo, th Both')
    assert.deepEqual(p.user.roles.map((r) => r.role).sort(), ['mentee', 'mentor'])
    const mails = outbox().filter((m) => m.to === 'imp.both@example.nhs.uk')
    assert.equal(mails.length, 1)
    assert.match(mails[0].subject, /You have been added to Aspire Mentoring/)
    const body = mailBody(mails[0].id)
    assert.match(body, /Gareth Evans, an administrator of Aspire Mentoring/)
    assert.match(body, /as a mentor and a mentee/)
    assert.match(body, /\/password\/reset\/[A-Za-z0-9_-]{43}/)
    // the link lets them choose a password, then sign in
    const token = body.match(/\/password\/reset\/([A-Za-z0-9_-]{43})/)[1]
    const v = new Visitor(srv.url)
    const [lp, , csrf] = await v.page('/password/reset/' + token)
    assert.equal(lp.status, 200)
    assert.ok(csrf)
    // imported again: the usernames are now taken
    const again = await api(gareth, '/api/v1/admin/schemes/1/people/import', { csv })
    assert.equal((await again.json()).bad, 2)
  })

  test('ADM-3 a file not saved as UTF-8 is told how to save it, with the line, not to check its quotes', async () => {
    const gareth = await signedIn('gareth.evans')
    // Excel's "CSV" on Windows: Latin-1, so the e acute of Rene is one byte 0xE9
    const latin1 = Buffer.concat([Buffer.from(HEADER + '\nok.one,ok.one@example.nhs.uk,Ok,One,mentee\n' +
      'rene.two,rene.two@example.nhs.uk,Ren', 'latin1'), Buffer.from([0xe9]),
    Buffer.from(',Two,mentor\n', 'latin1')])
    const res = await upload(gareth, '/admin/schemes/1/people/import', latin1)
    assert.equal(res.status, 422)
    const html = unescape(await res.text())
    assert.match(html, /This file is not saved as UTF-8 \(line 3 has characters that are not\)\. In Excel choose Save as → CSV UTF-8\./)
    assert.match(html, /id="csv-error"/, 'beside the field')
    assert.doesNotMatch(html, /check the quotes/)
    assert.doesNotMatch(html, /Import \d+ people/)
    const j = await upload(gareth, '/api/v1/admin/schemes/1/people/import', latin1)
    assert.equal(j.status, 200)
    const body = await j.json()
    assert.equal(body.can_import, false)
    assert.match(body.problem, /not saved as UTF-8 \(line 3/)
    // UTF-16 (Excel's "Unicode text") has NUL bytes: refused as not a CSV file
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEADER + '\n', 'utf16le')])
    const u = await upload(gareth, '/admin/schemes/1/people/import', utf16)
    assert.equal(u.status, 422)
    assert.match(unescape(await u.text()), /saved as Unicode \(UTF-16\), not UTF-8\. In Excel choose Save as → CSV UTF-8\./)
    const bin = await upload(gareth, '/admin/schemes/1/people/import', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2]))
    assert.equal(bin.status, 422)
    assert.match(unescape(await bin.text()), /not a CSV text file/)
  })

  test('ADM-3 the import needs the digest of the same administrator\'s dry run for the same scheme', async () => {
    addUser('imp.coadmin', 'Ines Coadmin', 'example.nhs.uk')
    const admin = await signedIn('admin')
    const co = await idOf(admin, 'imp.coadmin')
    const r = await api(admin, `/api/v1/admin/users/${co}/edit`, { ...(await details(admin, co)),
      role: ['1:scheme_admin'] })
    assert.equal(r.status, 200, await r.clone().text())
    const gareth = await signedIn('gareth.evans')
    const ines = await signedIn('imp.coadmin')
    const csv = HEADER + '\nkey.one,key.one@example.nhs.uk,Key,One,mentee\n'
    const check = async (v, scheme = 1) => {
      const res = await api(v, `/api/v1/admin/schemes/${scheme}/people/import`, { csv })
      assert.equal(res.status, 200)
      const b = await res.json()
      assert.equal(b.can_import, true)
      return b.digest
    }
    const mine = await check(gareth)
    assert.equal(await check(gareth), mine, 'the same check, the same digest')
    const hers = await check(ines)
    assert.notEqual(hers, mine, 'keyed to the administrator')
    const otherScheme = await check(admin, west)
    assert.notEqual(otherScheme, await check(admin), 'keyed to the scheme')
    const confirm = (v, digest) => api(v, '/api/v1/admin/schemes/1/people/import/confirm',
      digest === undefined ? { csv } : { csv, digest })
    // another administrator's digest, or one for another scheme: refused, nothing written
    for (const [v, d] of [[gareth, hers], [admin, otherScheme]]) {
      const c = await confirm(v, d)
      assert.equal(c.status, 422)
      const b = await c.json()
      assert.match(b.problem, /The file changed since it was checked/)
    }
    // no digest at all: refused before anything is written
    for (const d of [undefined, '']) {
      const c = await confirm(gareth, d)
      assert.equal(c.status, 422)
      assert.match((await c.json()).problem, /Check the file first/)
    }
    const none = await (await admin.fetch('/api/v1/admin/users?q=key.one')).json()
    assert.equal(none.users.length, 0)
    // the page's form too
    const h = await form(gareth, '/admin/schemes/1/people/import/confirm', { csv, digest: hers })
    assert.equal(h.status, 422)
    assert.match(await h.text(), /The file changed since it was checked/)
    // her own digest imports
    const ok = await confirm(ines, hers)
    assert.equal(ok.status, 201, await ok.clone().text())
    assert.equal((await ok.json()).created, 1)
  })
})

describe('deactivate and reactivate (ADM-1)', () => {
  test('ADM-1 a reason is required; the form comes back with the message', async () => {
    const gareth = await signedIn('gareth.evans')
    const id = await idOf(gareth, 'james.li')
    const res = await form(gareth, `/admin/users/${id}/deactivate`, { reason: '  ' })
    assert.equal(res.status, 422)
    const html = await res.text()
    assert.match(html, /There is a problem/)
    assert.match(html, /id="reason-error"[^>]*>.*Enter why you are deactivating/s)
    const j = await api(gareth, `/api/v1/admin/users/${id}/deactivate`, {})
    assert.equal(j.status, 422)
    assert.ok((await j.json()).error.fields.reason)
  })

  test('ADM-1 someone in a live relationship cannot be deactivated: it is listed', async () => {
    const gareth = await signedIn('gareth.evans')
    const id = await idOf(gareth, 'tom.hughes')
    const res = await form(gareth, `/admin/users/${id}/deactivate`, { reason: 'Left the trust' })
    assert.equal(res.status, 409)
    const html = await res.text()
    assert.match(html, /href="\/admin\/relationships\/1">Chidi Okafor mentoring Tom Hughes/)
    assert.match(html, /Left the trust/, 'the reason typed comes back')
    const j = await api(gareth, `/api/v1/admin/users/${id}/deactivate`, { reason: 'Left' })
    assert.equal(j.status, 409)
    const e = (await j.json()).error
    assert.equal(e.code, 'live_relationships')
    assert.deepEqual(e.relationships.map((r) => r.id), [1])
  })

  test('ADM-1 deactivated: signed out, cannot sign in; reactivated: can', async () => {
    const james = await signedIn('james.li')
    const gareth = await signedIn('gareth.evans')
    const id = await idOf(gareth, 'james.li')
    const res = await form(gareth, `/admin/users/${id}/deactivate`, { reason: 'Left the trust' })
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), `/admin/users/${id}?done=deactivated`)
    const [after] = await james.page('/settings')
    assert.equal(after.status, 303, 'the old session has ended')
    const v = new Visitor(srv.url)
    const s = await v.signIn('james.li', demoPassword)
    assert.notEqual(s.status, 303, 'cannot sign in')
    const p = await (await gareth.fetch('/api/v1/admin/users/' + id)).json()
    assert.equal(p.user.status, 'deactivated')
    assert.ok(p.audit.some((a) => a.action === 'account.deactivate' && /Left the trust/.test(a.detail)))
    // twice: conflict
    const again = await api(gareth, `/api/v1/admin/users/${id}/deactivate`, { reason: 'x' })
    assert.equal(again.status, 409)
    const r = await api(gareth, `/api/v1/admin/users/${id}/reactivate`)
    assert.equal(r.status, 200)
    assert.equal((await r.json()).done, 'reactivated')
    assert.equal((await v.signIn('james.li', demoPassword)).status, 303)
  })

  test('ADM-1 nobody deactivates themselves', async () => {
    const gareth = await signedIn('gareth.evans')
    const id = await idOf(gareth, 'gareth.evans')
    const res = await api(gareth, `/api/v1/admin/users/${id}/deactivate`, { reason: 'x' })
    assert.equal(res.status, 409)
  })
})

describe('scheme boundaries', () => {
  test('ADM-1 ADM-3 an administrator of another scheme gets 404 on everything', async () => {
    const wendy = await signedIn('wendy.west')
    const tom = await idOf(await signedIn('admin'), 'ravi.patel')
    for (const path of ['/admin/schemes/1/people/import', `/admin/users/${tom}`]) {
      const [res] = await wendy.page(path)
      assert.equal(res.status, 404, path)
    }
    for (const [path, body] of [
      ['/admin/schemes/1/people/import', { csv: HEADER + '\nzz.top,zz@example.nhs.uk,Z,Z,mentee' }],
      ['/admin/schemes/1/people/import/confirm', { csv: HEADER, digest: 'x'.repeat(64) }],
      [`/admin/users/${tom}/deactivate`, { reason: 'x' }],
      [`/admin/users/${tom}/reactivate`, {}]]) {
      const res = await form(wendy, path, body)
      assert.equal(res.status, 404, 'page ' + path)
      const j = await api(wendy, '/api/v1' + path, body)
      assert.equal(j.status, 404, 'api ' + path)
    }
    // and her own scheme works
    const [own] = await wendy.page(`/admin/schemes/${west}/people/import`)
    assert.equal(own.status, 200)
  })

  test('a participant and a signed-out visitor cannot import', async () => {
    const amy = await signedIn('amy.clarke')
    const [res] = await amy.page('/admin/schemes/1/people/import')
    assert.ok([403, 404].includes(res.status))
    const v = new Visitor(srv.url)
    const r = await v.fetch('/admin/schemes/1/people/import')
    assert.equal(r.status, 303)
    const j = await v.fetch('/api/v1/admin/schemes/1/people/import', { method: 'POST' })
    assert.equal(j.status, 401)
  })
})

describe('the relationship list filters (ADM-1)', () => {
  const list = async (v, q = '') => {
    const res = await v.fetch('/api/v1/admin/schemes/1/relationships' + q)
    assert.equal(res.status, 200, q)
    return (await res.json()).relationships.map((r) => r.id)
  }

  test('ADM-1 mentor, dates and status filters narrow the list', async () => {
    const gareth = await signedIn('gareth.evans')
    const all = await list(gareth)
    assert.deepEqual(all.slice().sort(), [1, 2, 3, 4])
    const sarah = await idOf(gareth, 'sarah.mitchell')
    assert.deepEqual((await list(gareth, '?mentor=' + sarah)).sort(), [2, 3, 4])
    assert.deepEqual(await list(gareth, `?mentor=${sarah}&status=active`), [])
    // relationship 1 started 30 days ago; the others months before
    const day = (n) => new Date(Date.now() - n * 86400000).toISOString().slice(0, 10)
    assert.deepEqual(await list(gareth, `?from=${day(31)}`), [1])
    assert.deepEqual((await list(gareth, `?to=${day(32)}`)).sort(), [2, 3, 4])
    assert.deepEqual(await list(gareth, `?from=${day(31)}&to=${day(29)}&status=active`), [1])
    // the page keeps the chosen filters in the form and in the status links
    const [res, html] = await gareth.page(`/admin/schemes/1/relationships?mentor=${sarah}&from=${day(400)}`)
    assert.equal(res.status, 200)
    assert.match(html, new RegExp(`<option value="${sarah}" selected>Sarah Mitchell`))
    assert.match(html, new RegExp(`status=completed&amp;mentor=${sarah}&amp;from=${day(400)}`))
  })

  test('ADM-1 bad dates come back next to the field', async () => {
    const gareth = await signedIn('gareth.evans')
    const [res, html] = await gareth.page('/admin/schemes/1/relationships?from=2026-02-30')
    assert.equal(res.status, 422)
    assert.match(html, /There is a problem/)
    assert.match(html, /id="from-error"[^>]*>.*Started from must be a real date/s)
    assert.match(html, /name="from" type="text" value="2026-02-30"/)
    const j = await gareth.fetch('/api/v1/admin/schemes/1/relationships?from=2026-11-10&to=2026-11-01')
    assert.equal(j.status, 422)
    assert.ok((await j.json()).error.fields.to)
  })

  test('ADM-1 waiting for a decision and no session in N days', async () => {
    const gareth = await signedIn('gareth.evans')
    assert.deepEqual(await list(gareth, '?waiting=1'), [])
    const quiet = await list(gareth, '?quiet=14&status=active')
    const tom = await signedIn('tom.hughes')
    const r = await api(tom, '/api/v1/relationships/1/extension', { sessions: 2, reason: 'More exam practice' })
    assert.equal(r.status, 201)
    assert.deepEqual(await list(gareth, '?waiting=1'), [1])
    assert.deepEqual(await list(gareth, '?waiting=1&status=completed'), [])
    // quiet: a live relationship with no agreed or held session in 14 days
    assert.deepEqual(quiet, [], 'relationship 1 has a session in the last 14 days in the demo')
    assert.deepEqual((await list(gareth, '?quiet=90&status=completed')).sort(), [2, 3, 4])
    const bad = await gareth.fetch('/api/v1/admin/schemes/1/relationships?quiet=7')
    assert.equal(bad.status, 422)
  })

  test('ADM-1 another scheme\'s administrator gets 404 on the list, filtered or not', async () => {
    const wendy = await signedIn('wendy.west')
    for (const q of ['', '?waiting=1', '?from=bad']) {
      assert.equal((await wendy.fetch('/admin/schemes/1/relationships' + q)).status, 404, q)
      assert.equal((await wendy.fetch('/api/v1/admin/schemes/1/relationships' + q)).status, 404, q)
    }
  })
})

describe('edit a person (ADM-1)', () => {
  test('ADM-1 details change and are audited with before and after', async () => {
    const gareth = await signedIn('gareth.evans')
    const id = await idOf(gareth, 'amy.clarke')
    const [page, html] = await gareth.page(`/admin/users/${id}/edit`)
    assert.equal(page.status, 200)
    assert.match(html, /value="1:mentee" checked/)
    assert.doesNotMatch(html, /scheme_admin/, 'a scheme administrator cannot grant administration')
    const res = await form(gareth, `/admin/users/${id}/edit`, { given_name: 'Amelia',
      family_name: 'Clarke', email: 'amelia.clarke@example.nhs.uk', username: 'amy.clarke',
      set_roles: '1', role: '1:mentee' })
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), `/admin/users/${id}?done=updated`)
    const p = await (await gareth.fetch('/api/v1/admin/users/' + id)).json()
    assert.equal(p.user.name, 'Amelia Clarke')
    assert.equal(p.user.email, 'amelia.clarke@example.nhs.uk')
    const a = p.audit.find((x) => x.action === 'account.edit')
    assert.match(a.detail, /name: Amy Clarke -> Amelia Clarke/)
    assert.match(a.detail, /email: \S+ -> amelia.clarke@example.nhs.uk/)
  })

  test('ADM-1 bad or taken values come back next to the field, form kept', async () => {
    const gareth = await signedIn('gareth.evans')
    const id = await idOf(gareth, 'ravi.patel')
    const res = await form(gareth, `/admin/users/${id}/edit`, { given_name: '',
      family_name: 'Patel', email: 'not-an-email', username: 'tom.hughes', set_roles: '1',
      role: '1:mentee' })
    assert.equal(res.status, 422)
    const html = await res.text()
    assert.match(html, /There is a problem/)
    assert.match(html, /id="given_name-error"/)
    assert.match(html, /id="email-error"[^>]*>.*Enter an email address in the correct format/s)
    assert.match(html, /id="username-error"[^>]*>.*That username is already taken/s)
    assert.match(html, /name="email" type="email" value="not-an-email"/)
    // whatever email james.li has is taken
    const james = (await (await gareth.fetch('/api/v1/admin/users?q=james.li')).json()).users[0]
    const k = await api(gareth, `/api/v1/admin/users/${id}/edit`, { given_name: 'Ravi',
      family_name: 'Patel', email: james.email, username: 'ravi.patel' })
    assert.equal(k.status, 422)
    // L2: james.li is in gareth's scheme, so the message names him
    assert.match((await k.json()).error.fields.email, /already used by james.li/)
  })

  test('ADM-1 a role held in a live relationship cannot be removed', async () => {
    const gareth = await signedIn('gareth.evans')
    const id = await idOf(gareth, 'chidi.okafor')
    const p = await (await gareth.fetch('/api/v1/admin/users/' + id)).json()
    const res = await api(gareth, `/api/v1/admin/users/${id}/edit`, { given_name: 'Chidi',
      family_name: 'Okafor', email: p.user.email, username: 'chidi.okafor', set_roles: true,
      role: [] })
    assert.equal(res.status, 422)
    assert.match((await res.json()).error.fields.roles, /is a mentor in a live relationship/)
    const after = await (await gareth.fetch('/api/v1/admin/users/' + id)).json()
    assert.ok(after.user.roles.some((r) => r.role === 'mentor'), 'nothing changed')
  })

  test('ADM-1 a site administrator grants scheme administration; never removes the last site administrator', async () => {
    const admin = await signedIn('admin')
    const id = await idOf(admin, 'james.li')
    const p = await (await admin.fetch('/api/v1/admin/users/' + id)).json()
    const form1 = await (await admin.fetch(`/api/v1/admin/users/${id}/edit`)).json()
    assert.ok(form1.roles.some((r) => r.role === 'scheme_admin'))
    const res = await api(admin, `/api/v1/admin/users/${id}/edit`, { given_name: 'James',
      family_name: 'Li', email: p.user.email, username: 'james.li',
      role: ['1:mentor', '1:scheme_admin'] })
    assert.equal(res.status, 200, await res.clone().text())
    const after = await (await admin.fetch('/api/v1/admin/users/' + id)).json()
    assert.ok(after.user.roles.some((r) => r.role === 'scheme_admin' && r.scheme_id === 1))
    // the only site administrator cannot lose the role
    const me = await idOf(admin, 'admin')
    const mine = await (await admin.fetch('/api/v1/admin/users/' + me)).json()
    const split = (n) => [n.split(' ')[0], n.split(' ').slice(1).join(' ')]
    const [g, f] = split(mine.user.name)
    const r2 = await api(admin, `/api/v1/admin/users/${me}/edit`, { given_name: g,
      family_name: f, email: mine.user.email, username: 'admin', is_site_admin: false })
    assert.equal(r2.status, 422)
    assert.match((await r2.json()).error.fields.roles, /at least one site administrator/)
    // with a second one, it can (and James gives it back)
    const r3 = await api(admin, `/api/v1/admin/users/${id}/edit`, { given_name: 'James',
      family_name: 'Li', email: p.user.email, username: 'james.li', is_site_admin: true })
    assert.equal(r3.status, 200)
    const r4 = await api(admin, `/api/v1/admin/users/${id}/edit`, { given_name: 'James',
      family_name: 'Li', email: p.user.email, username: 'james.li', is_site_admin: false })
    assert.equal(r4.status, 200)
    const audit = (await (await admin.fetch('/api/v1/admin/users/' + id)).json()).audit
    assert.ok(audit.some((a) => /site administrator: no -> yes/.test(a.detail)))
  })

  test('ADM-1 a scheme administrator cannot edit a site administrator or another scheme\'s person', async () => {
    const gareth = await signedIn('gareth.evans')
    const wendy = await signedIn('wendy.west')
    const amy = await idOf(gareth, 'amy.clarke')
    assert.equal((await wendy.fetch(`/admin/users/${amy}/edit`)).status, 404)
    const r = await api(wendy, `/api/v1/admin/users/${amy}/edit`, { given_name: 'X',
      family_name: 'Y', email: 'x@example.nhs.uk', username: 'amy.clarke' })
    assert.equal(r.status, 404)
  })
})

// The security review of issue 10 (ADM-1, ADM-3, ADM-9): H1, H4, L3, L2.
describe('security review: who may change whom (ADM-1, ADM-9)', () => {
  let jo // a mentor in scheme 1 and the administrator of Westbury
  let bea // a mentee of Westbury only
  before(async () => {
    addUser('jo.both', 'Jo Both')
    addUser('bea.west', 'Bea West')
    const admin = await signedIn('admin')
    jo = await idOf(admin, 'jo.both')
    bea = await idOf(admin, 'bea.west')
    let r = await api(admin, `/api/v1/admin/users/${jo}/edit`, { ...(await details(admin, jo)),
      role: ['1:mentor', `${west}:scheme_admin`] })
    assert.equal(r.status, 200, await r.clone().text())
    r = await api(admin, `/api/v1/admin/users/${bea}/edit`, { ...(await details(admin, bea)),
      role: [`${west}:mentee`] })
    assert.equal(r.status, 200, await r.clone().text())
  })

  test('H1 ADM-1 a scheme administrator cannot change the email, username or name of another scheme\'s administrator', async () => {
    const gareth = await signedIn('gareth.evans')
    const mine = await details(gareth, jo)
    const before = outbox().length
    // the reviewer's reproduction
    const r = await api(gareth, `/api/v1/admin/users/${jo}/edit`, { given_name: 'Jo',
      family_name: 'Both', email: 'x@attacker.example', username: 'jo.both' })
    assert.equal(r.status, 422)
    assert.match((await r.json()).error.fields.email, /Only a site administrator can change this person's email address/)
    for (const [field, value] of [['username', 'jo.taken'], ['given_name', 'Mallory']]) {
      const k = await api(gareth, `/api/v1/admin/users/${jo}/edit`, { ...mine, [field]: value })
      assert.equal(k.status, 422, field)
      assert.match((await k.json()).error.fields[field], /Only a site administrator/)
    }
    // the HTML form offers no email box; a forged post is refused with the
    // message beside the saved address, which stays as it was
    const h = await form(gareth, `/admin/users/${jo}/edit`, { ...mine,
      email: 'x@attacker.example', set_roles: '1', role: '1:mentor' })
    assert.equal(h.status, 422)
    const html = await h.text()
    assert.match(html, /id="email"[^>]*>[^<]*<span class="nhsuk-error-message">.*Only a site administrator/s)
    assert.match(html, /href="#email"/, 'the error summary links to it')
    assert.doesNotMatch(html, /x@attacker\.example/)
    assert.doesNotMatch(html, /type="email"/)
    assert.deepEqual(await details(gareth, jo), mine, 'nothing changed')
    assert.ok(!outbox().slice(before).some((m) => m.to === 'x@attacker.example'))
    // their roles in gareth's scheme are still his to change
    const ok = await api(gareth, `/api/v1/admin/users/${jo}/edit`, { ...mine,
      role: ['1:mentor', '1:mentee'] })
    assert.equal(ok.status, 200, await ok.clone().text())
    // a site administrator can change the email
    const admin = await signedIn('admin')
    const s = await api(admin, `/api/v1/admin/users/${jo}/edit`, { ...mine,
      email: 'jo.both@example.nhs.uk' })
    assert.equal(s.status, 200, await s.clone().text())
  })

  test('H1 ADM-1 a fellow administrator of the same scheme: the name, not the email', async () => {
    const admin = await signedIn('admin')
    addUser('co.admin', 'Cora Admin')
    const co = await idOf(admin, 'co.admin')
    const r = await api(admin, `/api/v1/admin/users/${co}/edit`, { ...(await details(admin, co)),
      role: ['1:scheme_admin'] })
    assert.equal(r.status, 200)
    const gareth = await signedIn('gareth.evans')
    const d = await details(gareth, co)
    assert.equal((await api(gareth, `/api/v1/admin/users/${co}/edit`, { ...d,
      given_name: 'Corinne' })).status, 200)
    const k = await api(gareth, `/api/v1/admin/users/${co}/edit`, { ...d,
      given_name: 'Corinne', email: 'cora@attacker.example' })
    assert.equal(k.status, 422)
    assert.match((await k.json()).error.fields.email, /Only a site administrator/)
  })

  test('H4 ADM-7 a site administrator\'s edit of a Westbury-only person is not in scheme 1\'s audit', async () => {
    const admin = await signedIn('admin')
    const r = await api(admin, `/api/v1/admin/users/${bea}/edit`, { ...(await details(admin, bea)),
      given_name: 'Beatrice', email: 'beatrice.private@westbury.example.nhs.uk' })
    assert.equal(r.status, 200, await r.clone().text())
    const gareth = await signedIn('gareth.evans')
    for (const q of [`user:${bea}`, 'beatrice.private', 'Beatrice']) {
      const g = await (await gareth.fetch('/api/v1/admin/audit?q=' + encodeURIComponent(q))).json()
      assert.equal(g.entries.length, 0, `gareth sees nothing of ${q}`)
    }
    const wendy = await signedIn('wendy.west')
    const w = await (await wendy.fetch('/api/v1/admin/audit?q=' + encodeURIComponent(`user:${bea}`))).json()
    const edits = w.entries.filter((e) => e.action === 'account.edit')
    assert.ok(edits.length >= 2, 'Westbury\'s administrator sees both edits')
    assert.ok(edits.every((e) => e.scheme_id === west))
    assert.ok(edits.some((e) => /email: \S+ -> beatrice.private/.test(e.detail)))
  })

  test('L3 ACC-4 a scheme administrator cannot end the sessions of another scheme\'s administrator', async () => {
    const gareth = await signedIn('gareth.evans')
    const r = await api(gareth, `/api/v1/admin/users/${jo}/end-sessions`)
    assert.equal(r.status, 403)
    assert.equal((await form(gareth, `/admin/users/${jo}/end-sessions`, { from: 'user' })).status, 403)
    const amy = await idOf(gareth, 'amy.clarke')
    assert.equal((await api(gareth, `/api/v1/admin/users/${amy}/end-sessions`)).status, 200)
    // Westbury's administrator: jo also has roles in scheme 1
    const wendy = await signedIn('wendy.west')
    assert.equal((await api(wendy, `/api/v1/admin/users/${jo}/end-sessions`)).status, 403)
    assert.equal((await api(wendy, `/api/v1/admin/users/${amy}/end-sessions`)).status, 404)
    const admin = await signedIn('admin')
    assert.equal((await api(admin, `/api/v1/admin/users/${jo}/end-sessions`)).status, 200)
  })

  test('H1 ADM-1 the edit form shows read-only what the administrator may not change', async () => {
    const gareth = await signedIn('gareth.evans')
    // jo administers Westbury: neither the names nor the sign-in details are offered
    let [res, html] = await gareth.page(`/admin/users/${jo}/edit`)
    assert.equal(res.status, 200)
    for (const f of ['given_name', 'family_name', 'email', 'username']) {
      assert.doesNotMatch(html, new RegExp(`<input class="nhsuk-input[^>]*name="${f}"`), f + ' not offered')
      assert.match(html, new RegExp(`<input type="hidden" name="${f}" value="`), f + ' sent back unchanged')
    }
    assert.match(html, /Only a site administrator can change this/)
    assert.match(html, /<dt class="nhsuk-summary-list__key">Email address<\/dt>/)
    let f = await (await gareth.fetch(`/api/v1/admin/users/${jo}/edit`)).json()
    assert.equal(f.can_edit_names, false)
    assert.equal(f.can_edit_sign_in, false)
    // the form as shown saves (roles in gareth's scheme are still his)
    const hidden = (name) => unescape(html.match(new RegExp(`name="${name}" value="([^"]*)"`))[1])
    const post = await form(gareth, `/admin/users/${jo}/edit`, { given_name: hidden('given_name'),
      family_name: hidden('family_name'), email: hidden('email'), username: hidden('username'),
      set_roles: '1', role: '1:mentor' })
    assert.equal(post.status, 303, 'saved')
    // a fellow administrator of scheme 1: the names, not the email or username
    addUser('ro.fellow', 'Rory Fellow')
    const admin = await signedIn('admin')
    const fellow = await idOf(admin, 'ro.fellow')
    assert.equal((await api(admin, `/api/v1/admin/users/${fellow}/edit`, {
      ...(await details(admin, fellow)), role: ['1:scheme_admin'] })).status, 200);
    [, html] = await gareth.page(`/admin/users/${fellow}/edit`)
    assert.match(html, /<input class="nhsuk-input[^>]*name="given_name"/)
    assert.doesNotMatch(html, /<input class="nhsuk-input[^>]*name="email"/)
    assert.match(html, /<input type="hidden" name="email" value="ro.fellow@westbury.example.nhs.uk">/)
    f = await (await gareth.fetch(`/api/v1/admin/users/${fellow}/edit`)).json()
    assert.equal(f.can_edit_names, true)
    assert.equal(f.can_edit_sign_in, false)
    // a mentee only in scheme 1: everything; a site administrator: everything for jo
    const amy = await idOf(gareth, 'amy.clarke');
    [, html] = await gareth.page(`/admin/users/${amy}/edit`)
    for (const n of ['given_name', 'family_name', 'email', 'username']) {
      assert.match(html, new RegExp(`<input class="nhsuk-input[^>]*name="${n}"`), n)
    }
    assert.doesNotMatch(html, /Only a site administrator can change this/)
    f = await (await admin.fetch(`/api/v1/admin/users/${jo}/edit`)).json()
    assert.equal(f.can_edit_names, true)
    assert.equal(f.can_edit_sign_in, true)
  })

  test('L3 ACC-4 "End all sign-in sessions" is offered only where it is allowed', async () => {
    await signedIn('jo.both')
    await signedIn('amy.clarke')
    const gareth = await signedIn('gareth.evans')
    const amy = await idOf(gareth, 'amy.clarke')
    let [res, html] = await gareth.page(`/admin/users/${jo}`)
    assert.equal(res.status, 200)
    assert.match(html, /Sign-in sessions/)
    assert.doesNotMatch(html, /End all sign-in sessions<\/button>/)
    assert.doesNotMatch(html, new RegExp(`action="/admin/users/${jo}/end-sessions"`))
    assert.match(html, /Only a site administrator can end/)
    let p = await (await gareth.fetch(`/api/v1/admin/users/${jo}`)).json()
    assert.equal(p.has_sessions, true)
    assert.equal(p.can_end_sessions, false);
    [, html] = await gareth.page(`/admin/users/${amy}`)
    assert.match(html, /End all sign-in sessions<\/button>/)
    p = await (await gareth.fetch(`/api/v1/admin/users/${amy}`)).json()
    assert.equal(p.can_end_sessions, true)
    const admin = await signedIn('admin');
    [, html] = await admin.page(`/admin/users/${jo}`)
    assert.match(html, /End all sign-in sessions<\/button>/)
  })

  test('ACC-5 L3 a scheme administrator cannot unlock another scheme\'s administrator, and is not offered it', async () => {
    const lock = async (username) => {
      const v = new Visitor(srv.url)
      for (let i = 0; i < 5; i++) assert.equal((await v.signIn(username, 'wrong-password-' + i)).status, 401)
      assert.equal((await v.signIn(username, demoPassword)).status, 403, username + ' locked')
    }
    addUser('lo.fivefold', 'Lou Fivefold', 'example.nhs.uk')
    const admin = await signedIn('admin')
    const lou = await idOf(admin, 'lo.fivefold')
    assert.equal((await api(admin, `/api/v1/admin/users/${lou}/edit`, {
      ...(await details(admin, lou)), role: ['1:mentee'] })).status, 200)
    await lock('jo.both')
    await lock('lo.fivefold')
    await lock('bea.west')
    const gareth = await signedIn('gareth.evans')
    // the list: both of his scheme's people, Unlock only for lou
    let [res, html] = await gareth.page('/admin/locked')
    assert.equal(res.status, 200)
    assert.match(html, /Jo Both/)
    assert.doesNotMatch(html, /Bea(trice)? West/, 'Westbury only: not listed')
    assert.match(html, new RegExp(`action="/admin/users/${lou}/unlock"`))
    assert.doesNotMatch(html, new RegExp(`action="/admin/users/${jo}/unlock"`))
    assert.match(html, /A site administrator can unlock this account/)
    const list = (await (await gareth.fetch('/api/v1/admin/locked')).json()).locked
    assert.equal(list.find((x) => x.id === jo).can_unlock, false)
    assert.equal(list.find((x) => x.id === lou).can_unlock, true);
    // the person's page
    [, html] = await gareth.page(`/admin/users/${jo}`)
    assert.doesNotMatch(html, /Unlock account<\/button>/)
    assert.match(html, /Only a site administrator can unlock this account/)
    // the refusals: 403 for jo (page and API), 404 for bea; nothing changed
    assert.equal((await api(gareth, `/api/v1/admin/users/${jo}/unlock`)).status, 403)
    assert.equal((await form(gareth, `/admin/users/${jo}/unlock`, { from: 'locked' })).status, 403)
    assert.equal((await api(gareth, `/api/v1/admin/users/${bea}/unlock`)).status, 404)
    const wendy = await signedIn('wendy.west')
    assert.equal((await api(wendy, `/api/v1/admin/users/${jo}/unlock`)).status, 403, 'jo is in scheme 1 too')
    let j = await (await admin.fetch(`/api/v1/admin/users/${jo}`)).json()
    assert.equal(j.user.is_locked, true)
    // allowed ones
    assert.equal((await api(gareth, `/api/v1/admin/users/${lou}/unlock`)).status, 200)
    assert.equal((await api(wendy, `/api/v1/admin/users/${bea}/unlock`)).status, 200)
    assert.equal((await api(admin, `/api/v1/admin/users/${jo}/unlock`)).status, 200)
    j = await (await admin.fetch(`/api/v1/admin/users/${jo}`)).json()
    assert.equal(j.user.is_locked, false)
    assert.equal((await new Visitor(srv.url).signIn('jo.both', demoPassword)).status, 303)
  })

  test('L2 ADM-3 an email in use outside the administrator\'s schemes names no one', async () => {
    const gareth = await signedIn('gareth.evans')
    const csv = [HEADER, 'new.west,wendy.west@westbury.example.nhs.uk,New,West,mentee'].join('\n')
    const body = await (await api(gareth, '/api/v1/admin/schemes/1/people/import', { csv })).json()
    assert.equal(body.can_import, false)
    const problem = body.rows[0].problem
    assert.match(problem, /cannot be used for a new account/)
    assert.match(problem, /ask a site administrator to add them to this scheme/)
    assert.doesNotMatch(problem, /wendy\.west\b(?!@)|in Tandem|belongs/)
    // in gareth's scheme: the person is named, with the way to add a role
    const tom = [HEADER, 'new.tom,tom.hughes@northfield.example.nhs.uk,New,Tom,mentor'].join('\n')
    const t = await (await api(gareth, '/api/v1/admin/schemes/1/people/import', { csv: tom })).json()
    assert.match(t.rows[0].problem, /already used by tom.hughes: to add them to this scheme, give them a role/)
  })
})
