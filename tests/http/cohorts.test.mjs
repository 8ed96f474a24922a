// HTTP tests of cohorts (issue 10): the demo's "Autumn 2026 intake";
// creating one (name, dates, bad input beside the field with what was
// typed kept, 422); adding people by selection (only the scheme's active
// participants); the CSV import's dry run, which reports every bad row
// with its line and writes nothing, then the import of the corrected
// file in one go (and a refusal when the text changed since the check);
// removing, deleting; the API twins; refusals: a participant (403 or
// 404), another scheme's administrator (404 on everything), signed out.
// Security review fixes: the API imports only with the hash of a check
// (L1), that hash is keyed to the administrator and cohort, a file that
// is not UTF-8 is refused beside the file field (L4), candidates come
// with a count and at most 50 at once (M3).
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { addElsewhere, demoPassword, startServer, tandem, Visitor } from '../lib/server.mjs'

let srv
const v = {}
const who = {}

before(async () => {
  srv = await startServer({ demo: true, dev: true })
  addElsewhere(srv)
  for (const name of ['gareth.evans', 'tom.hughes', 'olga.other', 'ravi.patel']) {
    v[name] = await signedIn(name)
    who[name] = (await (await v[name].fetch('/api/v1/me')).json()).id
  }
})
after(async () => {
  const r = await srv.stop()
  assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
})

async function signedIn (username) {
  const vis = new Visitor(srv.url)
  const res = await vis.signIn(username, demoPassword)
  assert.equal(res.status, 303, `${username} signs in`)
  vis.csrf = await vis.token()
  return vis
}
const form = (vis, path, fields = {}) => vis.postForm(path, { csrf_token: vis.csrf, ...fields })
const api = (vis, path, body = {}) => vis.postJSON(path, body, { 'X-CSRF-Token': vis.csrf })
function upload (vis, path, text, name = 'people.csv') {
  const fd = new FormData()
  fd.set('csrf_token', vis.csrf)
  fd.append('file', new Blob([text], { type: 'text/csv' }), name)
  return vis.fetch(path, { method: 'POST', body: fd })
}
const decode = (s) => s.replace(/&#x27;|&#39;/g, "'").replace(/&quot;|&#34;/g, '"')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#10;/g, '\n').replace(/&amp;/g, '&')

async function members (id) {
  const r = await v['gareth.evans'].fetch(`/api/v1/cohorts/${id}`)
  assert.equal(r.status, 200)
  return (await r.json()).members.map((m) => m.username).sort()
}

let spring // a cohort made by these tests

describe('cohorts', () => {
  test('the demo scheme has the Autumn 2026 intake with everyone active but olivia.grant', async () => {
    const r = await v['gareth.evans'].fetch('/api/v1/schemes/1/cohorts')
    assert.equal(r.status, 200)
    const list = (await r.json()).cohorts
    const autumn = list.find((c) => c.name === 'Autumn 2026 intake')
    assert.ok(autumn)
    assert.equal(autumn.starts_on, '2026-09-01')
    const names = await members(autumn.id)
    assert.ok(names.includes('tom.hughes') && names.includes('chidi.okafor'))
    assert.ok(!names.includes('olivia.grant'))
    const [res, html] = await v['gareth.evans'].page('/admin/schemes/1/cohorts')
    assert.equal(res.status, 200)
    assert.match(html, /Autumn 2026 intake/)
    assert.match(html, /1 September 2026/)
    // the cohort's page links to a message to it, with the cohort chosen
    const [, show] = await v['gareth.evans'].page(`/admin/cohorts/${autumn.id}`)
    assert.match(show, new RegExp(`/admin/messages/new\\?scheme_id=1&amp;cohort=${autumn.id}`))
    const [res2, compose] = await v['gareth.evans'].page(`/admin/messages/new?scheme_id=1&cohort=${autumn.id}`)
    assert.equal(res2.status, 200)
    assert.match(compose, new RegExp(`<option value="${autumn.id}" selected>Autumn 2026 intake`))
  })

  test('create: bad input is shown beside the field with what was typed kept (422)', async () => {
    const g = v['gareth.evans']
    let r = await form(g, '/admin/schemes/1/cohorts', {
      name: '', description: 'Kept text', starts_day: '1', starts_month: '3', starts_year: '2027',
      ends_day: '1', ends_month: '2', ends_year: '2027'
    })
    assert.equal(r.status, 422)
    let html = await r.text()
    assert.match(html, /Enter a name for the cohort/)
    assert.match(html, /id="name-error"/)
    assert.match(html, /The end date must be the same as or after the start date/)
    assert.match(html, /Kept text/)
    r = await form(g, '/admin/schemes/1/cohorts', { name: 'autumn 2026 INTAKE' })
    assert.equal(r.status, 422)
    html = await r.text()
    assert.match(html, /already has a cohort with this name/)
    assert.match(html, /value="autumn 2026 INTAKE"/)
    r = await form(g, '/admin/schemes/1/cohorts', { name: 'x', starts_day: '31', starts_month: '2', starts_year: '2027' })
    assert.equal(r.status, 422)
    assert.match(await r.text(), /real date/)
    r = await api(g, '/api/v1/schemes/1/cohorts', { name: 'y'.repeat(101) })
    assert.equal(r.status, 422)
    assert.match(JSON.stringify(await r.json()), /100 characters/)
  })

  test('create, then add people by selection: only active participants of the scheme', async () => {
    const g = v['gareth.evans']
    let r = await form(g, '/admin/schemes/1/cohorts', {
      name: 'Spring 2027 intake', starts_day: '1', starts_month: '3', starts_year: '2027'
    })
    assert.equal(r.status, 303)
    const loc = r.headers.get('location')
    spring = Number(loc.match(/\/admin\/cohorts\/(\d+)/)[1])
    let [res, html] = await g.page(`/admin/cohorts/${spring}`)
    assert.equal(res.status, 200)
    assert.match(html, /No one is in this cohort yet/)
    assert.match(html, /Ravi Patel/)
    assert.doesNotMatch(html, /Olivia Grant/, 'pending people are not offered')
    assert.doesNotMatch(html, /Olga Other/, 'other schemes\' people are not offered')
    ;[res, html] = await g.page(`/admin/cohorts/${spring}?q=ravi`)
    assert.match(html, /Ravi Patel/)
    assert.doesNotMatch(html, /Tom Hughes/)
    // nobody chosen
    r = await form(g, `/admin/cohorts/${spring}/members`, {})
    assert.equal(r.status, 422)
    assert.match(await r.text(), /Choose at least one person/)
    // someone from elsewhere: refused, nothing written
    r = await api(g, `/api/v1/cohorts/${spring}/members`, { people: [who['ravi.patel'], who['olga.other']] })
    assert.equal(r.status, 422)
    assert.deepEqual(await members(spring), [])
    r = await form(g, `/admin/cohorts/${spring}/members`, { people: String(who['ravi.patel']) })
    assert.equal(r.status, 303)
    assert.deepEqual(await members(spring), ['ravi.patel'])
  })

  test('CSV import dry run catches each bad row and writes nothing', async () => {
    const g = v['gareth.evans']
    const csv = [
      'Email,Username,Team', // line 1
      'x,tom.hughes,A', // 2: fine
      'x,nobody.here,B', // 3: unknown
      'x,ravi.patel,C', // 4: already in
      'x,TOM.HUGHES,D', // 5: same as line 2
      'x,olivia.grant,E', // 6: pending
      'x,,F', // 7: empty username
      'x,olga.other,G', // 8: another scheme's person
      'x,amy.clarke,H' // 9: fine
    ].join('\r\n') + '\r\n'
    const r = await upload(g, `/admin/cohorts/${spring}/import`, csv)
    assert.equal(r.status, 200)
    const html = decode(await r.text())
    assert.match(html, /matched by their <strong>email<\/strong>/)
    assert.match(html, /Columns ignored: Username, Team/)
    // matched by the first recognised column, email: fix by sending username only
    const r2 = await upload(g, `/admin/cohorts/${spring}/import`, csv.replace('Email,', 'Notes,'))
    const h2 = decode(await r2.text())
    assert.match(h2, /line 3: no one in this scheme has the username nobody\.here/)
    assert.match(h2, /line 4: ravi\.patel is already in this cohort/)
    assert.match(h2, /line 5: the same person as line 2/)
    assert.match(h2, /line 6: olivia\.grant has not been approved yet/)
    assert.match(h2, /line 7: the username is empty/)
    assert.match(h2, /line 8: no one in this scheme has the username olga\.other/)
    assert.match(h2, /6 rows cannot be imported/)
    assert.doesNotMatch(h2, /Add these/)
    assert.deepEqual(await members(spring), ['ravi.patel'], 'the dry run writes nothing')
    // the API: the same answer, nothing written, and a refusal to import it
    let a = await api(g, `/api/v1/cohorts/${spring}/import`, { csv: csv.replace('Email,', 'Notes,'), dry_run: true })
    assert.equal(a.status, 200)
    let j = await a.json()
    assert.equal(j.problems, 6)
    assert.equal(j.to_add, 2)
    assert.deepEqual(j.rows.filter((x) => !x.ok).map((x) => x.line), [3, 4, 5, 6, 7, 8])
    a = await api(g, `/api/v1/cohorts/${spring}/import`, { csv: csv.replace('Email,', 'Notes,'), dry_run: false })
    assert.equal(a.status, 422)
    j = await a.json()
    assert.equal(j.written, false)
    assert.deepEqual(await members(spring), ['ravi.patel'], 'a bad file writes nothing')
  })

  test('unreadable and binary files are refused with the line', async () => {
    const g = v['gareth.evans']
    // no file chosen: the message beside the field on the cohort's page
    const fd = new FormData()
    fd.set('csrf_token', g.csrf)
    fd.append('file', new Blob([]), '')
    const none = await g.fetch(`/admin/cohorts/${spring}/import`, { method: 'POST', body: fd })
    assert.equal(none.status, 422)
    const nh = await none.text()
    assert.match(nh, /id="file-error"/)
    assert.match(nh, /Choose a CSV file to import/)
    let r = await upload(g, `/admin/cohorts/${spring}/import`, 'username\ntom.hughes\n"open quote\n')
    assert.equal(r.status, 422)
    const qh = await r.text()
    assert.match(qh, /could not be read as CSV: check the quotes on line [34]/)
    assert.match(qh, /id="file-error"/, 'beside the file field')
    r = await upload(g, `/admin/cohorts/${spring}/import`, 'username\0\x01\x02')
    assert.equal(r.status, 422)
    assert.match(await r.text(), /not a spreadsheet or other binary file/)
    r = await upload(g, `/admin/cohorts/${spring}/import`, 'name,team\nTom,A\n')
    assert.equal(r.status, 422)
    assert.match(decode(await r.text()), /one called "username" or "email"/)
  })

  test('the corrected file: dry run, then "Add these 2 people" writes them all', async () => {
    const g = v['gareth.evans']
    const csv = 'Username,Team\r\ntom.hughes,A\r\namy.clarke,B\r\n'
    const r = await upload(g, `/admin/cohorts/${spring}/import`, csv)
    assert.equal(r.status, 200)
    const html = await r.text()
    assert.match(html, /Add these 2 people/)
    const hash = html.match(/name="hash" value="([0-9a-f]{64})"/)[1]
    const text = decode(html.match(/name="csv" value="([^"]*)"/)[1])
    assert.deepEqual(await members(spring), ['ravi.patel'])
    // a changed text is refused (line ends do not count: browsers send CRLF)
    let c = await form(g, `/admin/cohorts/${spring}/import`, { csv: text + 'james.li,C\n', hash, confirm: '1' })
    assert.equal(c.status, 422)
    assert.match(await c.text(), /changed since it was checked/)
    assert.deepEqual(await members(spring), ['ravi.patel'])
    c = await form(g, `/admin/cohorts/${spring}/import`, { csv: text.replace(/\r\n/g, '\n'), hash, confirm: '1' })
    assert.equal(c.status, 303, c.status === 303 ? '' : (await c.text()).replace(/[\s\S]*<\/nav>/, '').slice(0, 2500))
    assert.match(c.headers.get('location'), /done=imported/)
    assert.deepEqual(await members(spring), ['amy.clarke', 'ravi.patel', 'tom.hughes'])
    // once more: now every row is already in
    const check = await (await api(g, `/api/v1/cohorts/${spring}/import`, { csv, dry_run: true })).json()
    assert.equal(check.problems, 2)
    const again = await api(g, `/api/v1/cohorts/${spring}/import`, { csv, dry_run: false, hash: check.hash })
    assert.equal(again.status, 422)
  })

  test('L1: the API imports only the text of a check, with its hash, for that administrator and cohort', async () => {
    const g = v['gareth.evans']
    let r = await api(g, '/api/v1/schemes/1/cohorts', { name: 'Digest A' })
    const a = (await r.json()).id
    r = await api(g, '/api/v1/schemes/1/cohorts', { name: 'Digest B' })
    const b = (await r.json()).id
    const csv = 'username\njames.li\n'
    // no check first: refused, nothing written
    r = await api(g, `/api/v1/cohorts/${a}/import`, { csv, dry_run: false })
    assert.equal(r.status, 422)
    let j = await r.json()
    assert.match(j.file_problem, /Check the file first/)
    assert.equal(j.written, false)
    r = await api(g, `/api/v1/cohorts/${a}/import`, { csv, dry_run: 0 })
    assert.equal(r.status, 422)
    // the check's hash is not the plain hash of the text, and it is
    // worth nothing for another cohort
    j = await (await api(g, `/api/v1/cohorts/${a}/import`, { csv, dry_run: true })).json()
    assert.match(j.hash, /^[0-9a-f]{64}$/)
    const other = await (await api(g, `/api/v1/cohorts/${b}/import`, { csv, dry_run: true })).json()
    assert.notEqual(other.hash, j.hash)
    r = await api(g, `/api/v1/cohorts/${b}/import`, { csv, dry_run: false, hash: j.hash })
    assert.equal(r.status, 422)
    assert.match((await r.json()).file_problem, /changed since it was checked/)
    // nor for another administrator of the scheme (the site administrator)
    const admin = await signedIn('admin')
    const theirs = await (await api(admin, `/api/v1/cohorts/${a}/import`, { csv, dry_run: true })).json()
    assert.notEqual(theirs.hash, j.hash)
    r = await api(admin, `/api/v1/cohorts/${a}/import`, { csv, dry_run: false, hash: j.hash })
    assert.equal(r.status, 422)
    assert.deepEqual(await members(a), [])
    assert.deepEqual(await members(b), [])
    // the one who checked it, for the cohort checked
    r = await api(g, `/api/v1/cohorts/${a}/import`, { csv, dry_run: false, hash: j.hash })
    assert.equal(r.status, 200)
    assert.equal((await r.json()).written, true)
    assert.deepEqual(await members(a), ['james.li'])
    for (const id of [a, b]) assert.equal((await form(g, `/admin/cohorts/${id}/delete`)).status, 303)
  })

  test('L4: a file that is not UTF-8 is refused, beside the file field and in the API', async () => {
    const g = v['gareth.evans']
    const bad = new Uint8Array([...Buffer.from('username\n'), 0xff, 0xfe, ...Buffer.from('abc\n')])
    let r = await upload(g, `/admin/cohorts/${spring}/import`, bad)
    assert.equal(r.status, 422)
    const html = await r.text()
    assert.match(html, /id="file-error"/)
    assert.match(html, /This file is not saved as UTF-8 \(line 2[^)]*\)\. In Excel choose Save as \u2192 CSV UTF-8\./)
    assert.match(html, /href="#file"/, 'the error summary links to the field')
    const fd = new FormData()
    fd.set('csrf_token', g.csrf)
    fd.append('file', new Blob([bad], { type: 'text/csv' }), 'people.csv')
    r = await g.fetch(`/api/v1/cohorts/${spring}/import`, { method: 'POST', body: fd, headers: { 'X-CSRF-Token': g.csrf } })
    assert.equal(r.status, 422)
    const j = await r.json()
    assert.match(j.file_problem, /This file is not saved as UTF-8/)
    assert.deepEqual(j.rows, [])
    // a file in Excel's "Unicode text" (UTF-16) gets the same advice
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('username\n', 'utf16le')])
    r = await upload(g, `/admin/cohorts/${spring}/import`, utf16)
    assert.equal(r.status, 422)
    assert.match(await r.text(), /not saved as UTF-8 \(line 1/)
    assert.deepEqual(await members(spring), ['amy.clarke', 'ravi.patel', 'tom.hughes'])
  })

  test('M3: candidates come with a count, at most 50 at once, filtered by name, username or email', async () => {
    const g = v['gareth.evans']
    let r = await g.fetch(`/api/v1/cohorts/${spring}/candidates`)
    assert.equal(r.status, 200)
    let j = await r.json()
    assert.ok(j.candidates.length <= 50)
    assert.equal(j.total, j.candidates.length)
    assert.equal(j.more, false)
    assert.ok(j.candidates.some((c) => c.username === 'james.li'))
    r = await g.fetch(`/api/v1/cohorts/${spring}/candidates?q=JAMES.LI%40`)
    j = await r.json()
    assert.deepEqual(j.candidates.map((c) => c.username), ['james.li'])
    assert.equal(j.total, 1)
    // LIKE's wildcards are plain characters here
    r = await g.fetch(`/api/v1/cohorts/${spring}/candidates?q=%25`)
    assert.equal((await r.json()).total, 0)
    // a few people: no paging and no hint
    const [res, html] = await g.page(`/admin/cohorts/${spring}`)
    assert.equal(res.status, 200)
    assert.doesNotMatch(html, /Type part of a name to find people/)
    assert.doesNotMatch(html, /Pages of members/)
    r = await g.fetch(`/api/v1/cohorts/${spring}?page=9`)
    j = await r.json()
    assert.equal(j.page, 1)
    assert.equal(j.pages, 1)
    assert.equal(j.members.length, 3)
  })

  test('MSG-2: a message to a cohort reaches its active members with the role chosen', async () => {
    const g = v['gareth.evans']
    const r = await api(g, '/api/v1/admin/messages', {
      scheme_id: 1, audience: 'groups', role: 'mentees', cohort: spring, subject: 'Spring welcome', body: 'Hello'
    })
    assert.equal(r.status, 201)
    const { id } = await r.json()
    const m = await g.fetch(`/api/v1/admin/messages/${id}`)
    assert.equal(m.status, 200)
    const j = await m.json()
    const text = JSON.stringify(j)
    assert.match(text, /Mentees in Spring 2027 intake/)
    const out = tandem(['outbox', '--data', srv.data])
    assert.equal(out.status, 0, out.stderr)
    const to = out.stdout.split('\n').filter((l) => /Spring welcome/.test(l))
    // members: ravi.patel, tom.hughes, amy.clarke, all mentees
    assert.equal(to.length, 3, to.join('\n'))
    assert.ok(to.some((l) => /tom\.hughes/.test(l)) && !to.some((l) => /chidi/.test(l)))
  })

  test('edit, remove a member, delete (members only unlinked)', async () => {
    const g = v['gareth.evans']
    let r = await form(g, `/admin/cohorts/${spring}`, { name: '', description: 'typed' })
    assert.equal(r.status, 422)
    const html = await r.text()
    assert.match(html, /Enter a name/)
    assert.match(html, />typed</)
    r = await api(g, `/api/v1/cohorts/${spring}`, { name: 'Spring 2027', starts_on: '2027-03-01', ends_on: '2027-02-28' })
    assert.equal(r.status, 422, 'ends before it starts')
    r = await api(g, `/api/v1/cohorts/${spring}`, { name: 'Spring 2027', starts_on: '2027-03-01', ends_on: '2028-02-28' })
    assert.equal(r.status, 200)
    assert.equal((await r.json()).name, 'Spring 2027')
    r = await form(g, `/admin/cohorts/${spring}/members/${who['tom.hughes']}/remove`)
    assert.equal(r.status, 303)
    assert.deepEqual(await members(spring), ['amy.clarke', 'ravi.patel'])
    r = await form(g, `/admin/cohorts/${spring}/members/${who['tom.hughes']}/remove`)
    assert.equal(r.status, 404)
    const [res, confirm] = await g.page(`/admin/cohorts/${spring}/delete`)
    assert.equal(res.status, 200)
    assert.match(confirm, /2 people/)
    r = await form(g, `/admin/cohorts/${spring}/delete`)
    assert.equal(r.status, 303)
    r = await g.fetch(`/api/v1/cohorts/${spring}`)
    assert.equal(r.status, 404)
    const me = await (await v['ravi.patel'].fetch('/api/v1/me')).json()
    assert.equal(me.id, who['ravi.patel'], 'the member\'s account is untouched')
  })

  test('a scheme administrator of A gets 404 on B\'s everything; participants and signed out are refused', async () => {
    const g = v['gareth.evans']
    const r0 = await api(g, '/api/v1/schemes/1/cohorts', { name: 'Refusals' })
    assert.equal(r0.status, 201)
    const id = (await r0.json()).id
    const o = v['olga.other']
    const t = v['tom.hughes']
    const csv = 'username\ntom.hughes\n'
    for (const vis of [o, t]) {
      const expect = vis === o ? [404] : [403, 404]
      const check = async (p) => {
        const s = (await p).status
        assert.ok(expect.includes(s), `${s} for ${vis === o ? 'olga' : 'tom'}`)
      }
      await check(vis.fetch('/admin/schemes/1/cohorts'))
      await check(vis.fetch('/api/v1/schemes/1/cohorts'))
      await check(form(vis, '/admin/schemes/1/cohorts', { name: 'Sneaky' }))
      await check(vis.fetch(`/admin/cohorts/${id}`))
      await check(vis.fetch(`/api/v1/cohorts/${id}`))
      await check(vis.fetch(`/api/v1/cohorts/${id}/candidates`))
      await check(form(vis, `/admin/cohorts/${id}`, { name: 'Renamed' }))
      await check(form(vis, `/admin/cohorts/${id}/members`, { people: String(who['tom.hughes']) }))
      await check(form(vis, `/admin/cohorts/${id}/members/${who['tom.hughes']}/remove`))
      await check(upload(vis, `/admin/cohorts/${id}/import`, csv))
      await check(api(vis, `/api/v1/cohorts/${id}/import`, { csv, dry_run: false }))
      await check(vis.fetch(`/admin/cohorts/${id}/delete`))
      await check(form(vis, `/admin/cohorts/${id}/delete`))
    }
    // B's own list stays B's
    const mine = await o.fetch('/api/v1/schemes/2/cohorts')
    assert.equal(mine.status, 200)
    assert.deepEqual((await mine.json()).cohorts, [])
    assert.deepEqual(await members(id), [], 'nothing was written')
    const anon = new Visitor(srv.url)
    const r = await anon.fetch(`/admin/cohorts/${id}`)
    assert.ok([302, 303].includes(r.status))
    const ra = await anon.fetch(`/api/v1/cohorts/${id}`)
    assert.equal(ra.status, 401)
  })
})
