// HTTP tests for "Find a mentor" (issue 4: FIND-1 to FIND-4) against the
// demo data (src/app/demo_profiles.c): chidi.okafor is full (capacity 1,
// mentoring tom.hughes), sarah.mitchell is not available, amy.clarke
// declared james.li as her educational supervisor, ravi.patel has no
// personal statement, fatima.begum is a mentor and a mentee.  Available
// mentors with room: james.li and fatima.begum.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, Visitor, demoPassword, tandem } from '../lib/server.mjs'

let srv
before(async () => { srv = await startServer({ demo: true }) })
after(async () => {
  const r = await srv.stop()
  assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
})

async function signedIn (username) {
  const v = new Visitor(srv.url)
  const res = await v.signIn(username, demoPassword)
  assert.equal(res.status, 303, `${username} signs in`)
  v.csrf = await v.token()
  return v
}

async function find (v, qs = '') {
  const res = await v.fetch('/api/v1/find' + (qs ? '?' + qs : ''))
  const body = await res.json()
  return { status: res.status, body, names: (body.mentors || []).map((m) => m.name) }
}

async function idOf (v, username) {
  const res = await v.fetch('/api/v1/admin/users?q=' + encodeURIComponent(username))
  assert.equal(res.status, 200)
  return (await res.json()).users.find((x) => x.username === username).id
}

// The demo's keyword ids by label, from the search page's checkboxes.
async function keywordIds (v) {
  const [, html] = await v.page('/find')
  const ids = {}
  for (const m of html.matchAll(/name="keyword" type="checkbox" value="(\d+)"[^>]*>\s*<label[^>]*>([^<]+)</g)) ids[m[2]] = m[1]
  return ids
}

describe('who is offered', () => {
  test('a mentee sees the available mentors with room, and no one else', async () => {
    const tom = await signedIn('tom.hughes')
    const r = await find(tom)
    assert.equal(r.status, 200)
    assert.deepEqual([...r.names].sort(), ['Fatima Begum', 'James Li'])
    assert.equal(r.body.total, 2)
    assert.ok(!r.names.includes('Chidi Okafor'), 'the full mentor is absent')
    assert.ok(!r.names.includes('Sarah Mitchell'), 'the unavailable mentor is absent')
  })

  test('a declared supervisor is never offered', async () => {
    const amy = await signedIn('amy.clarke')
    const r = await find(amy)
    assert.deepEqual(r.names, ['Fatima Begum'])
    const q = await find(amy, 'q=paediatrician')
    assert.equal(q.body.total, 0, 'not even by name of their specialty')
  })

  test('a person who is mentor and mentee is not offered to themself', async () => {
    const fatima = await signedIn('fatima.begum')
    await fatima.postForm('/switch-view', { csrf_token: fatima.csrf, view: '1:mentee' })
    const r = await find(fatima)
    assert.equal(r.status, 200)
    assert.deepEqual(r.names, ['James Li'])
  })

  test('the score and its reasons come with every mentor', async () => {
    const tom = await signedIn('tom.hughes')
    const r = await find(tom)
    for (const m of r.body.mentors) {
      assert.ok(m.score >= 0 && m.score <= 100)
      assert.ok(Array.isArray(m.reasons) && m.reasons.length > 0, m.name + ' has reasons')
      assert.equal(m.photo_url, null)
      assert.equal(m.url, '/people/' + m.id)
    }
    const james = r.body.mentors.find((m) => m.name === 'James Li')
    assert.ok(james.reasons.some((x) => /Exams/.test(x)), 'the shared keyword is a reason')
    const [res, html] = await tom.page('/find')
    assert.equal(res.status, 200)
    assert.match(html, /Match score \d+ out of 100/)
    assert.match(html, /<a href="\/people\/\d+">James Li<\/a>/)
    assert.match(html, /<details class="nhsuk-details">/, 'criteria closed when none is set')
  })
})

describe('free text and keywords', () => {
  test('words are prefixes and all must match by default', async () => {
    const tom = await signedIn('tom.hughes')
    assert.deepEqual((await find(tom, 'q=paediatric')).names, ['James Li'])
    assert.deepEqual((await find(tom, 'q=research+labour')).names, [])
    assert.deepEqual((await find(tom, 'q=research+labour&match=any&sort=name')).names,
      ['Fatima Begum', 'James Li'])
  })

  test('a quoted phrase stays a phrase', async () => {
    const tom = await signedIn('tom.hughes')
    assert.deepEqual((await find(tom, 'q=' + encodeURIComponent('"returning to training"'))).names,
      ['Fatima Begum'])
    assert.deepEqual((await find(tom, 'q=' + encodeURIComponent('"training returning"'))).names, [])
  })

  test('FTS5 syntax typed by a person is taken as words', async () => {
    const tom = await signedIn('tom.hughes')
    for (const q of ['NEAR(research asthma)', 'body:research', 'research*', '(research OR',
      'research AND NOT', '"research', '^research', 'research" OR "labour']) {
      const r = await find(tom, 'q=' + encodeURIComponent(q))
      assert.equal(r.status, 200, q)
    }
    assert.deepEqual((await find(tom, 'q=' + encodeURIComponent('body:research'))).names, [],
      'a column filter is two words, and no mentor has "body"')
    assert.deepEqual((await find(tom, 'q=' + encodeURIComponent('research:'))).names, ['James Li'])
    assert.deepEqual((await find(tom, 'q=' + encodeURIComponent('NEAR(asthma') + '&match=any')).names, ['James Li'])
  })

  test('standard keywords: any or all', async () => {
    const tom = await signedIn('tom.hughes')
    const ids = await keywordIds(tom)
    assert.ok(ids.Exams && ids['Quality improvement'] && ids.Research)
    const any = await find(tom, `keyword=${ids.Exams}&keyword=${ids['Quality improvement']}&sort=name`)
    assert.deepEqual(any.names, ['Fatima Begum', 'James Li'])
    const all = await find(tom, `keyword=${ids.Exams}&keyword=${ids['Quality improvement']}&keywords=all`)
    assert.deepEqual(all.names, [])
    const both = await find(tom, `keyword=${ids.Exams}&keyword=${ids.Research}&keywords=all`)
    assert.deepEqual(both.names, ['James Li'])
    const [, html] = await tom.page(`/find?keyword=${ids.Exams}`)
    assert.match(html, /<details class="nhsuk-details" open>/, 'criteria open when one is set')
    assert.match(html, new RegExp(`value="${ids.Exams}" checked`))
  })
})

describe('filters, sorting and pages', () => {
  test('specialty, organisation, format and distance', async () => {
    const tom = await signedIn('tom.hughes')
    assert.deepEqual((await find(tom, 'specialty=paediatrics')).names, ['James Li'])
    assert.deepEqual((await find(tom, 'organisation=' + encodeURIComponent('Northfield NHS Foundation Trust'))).names,
      ['Fatima Begum'])
    assert.deepEqual((await find(tom, 'format=in_person')).names, ['Fatima Begum'])
    assert.deepEqual((await find(tom, 'format=phone&sort=name')).names, ['Fatima Begum', 'James Li'])
    // tom is at Northfield General: Westmoor is about 9 miles, Calder Valley about 14
    assert.deepEqual((await find(tom, 'within=10')).names, ['James Li'])
    assert.deepEqual((await find(tom, 'within=20&sort=distance')).names, ['James Li', 'Fatima Begum'])
  })

  test('sort by name and by score', async () => {
    const tom = await signedIn('tom.hughes')
    assert.deepEqual((await find(tom, 'sort=name')).names, ['Fatima Begum', 'James Li'])
    const byScore = (await find(tom, 'sort=score')).body.mentors.map((m) => m.score)
    assert.deepEqual(byScore, [...byScore].sort((a, b) => b - a))
  })

  test('pages', async () => {
    const tom = await signedIn('tom.hughes')
    const p1 = await find(tom, 'per_page=1&sort=name')
    assert.deepEqual([p1.body.total, p1.body.page, p1.body.pages], [2, 1, 2])
    assert.deepEqual(p1.names, ['Fatima Begum'])
    const p2 = await find(tom, 'per_page=1&sort=name&page=2')
    assert.deepEqual(p2.names, ['James Li'])
    const p3 = await find(tom, 'per_page=1&sort=name&page=3')
    assert.deepEqual(p3.names, [])
    const [, html] = await tom.page('/find?per_page=1&sort=name')
    assert.match(html, /class="nhsuk-pagination"/)
    assert.match(html, /href="\/find\?sort=name&amp;per_page=1&amp;page=2" rel="next"/)
  })

  test('no match gives advice', async () => {
    const tom = await signedIn('tom.hughes')
    const [res, html] = await tom.page('/find?q=zebra')
    assert.equal(res.status, 200)
    assert.match(html, /No mentors match/)
  })
})

describe('bad input', () => {
  test('gives a clear message beside the field, with what was typed kept', async () => {
    const tom = await signedIn('tom.hughes')
    let [res, html] = await tom.page('/find?q=' + encodeURIComponent('!!! ** "" ()'))
    assert.equal(res.status, 400)
    assert.match(html, /There is a problem/)
    assert.match(html, /<a href="#q">Enter words to search for/)
    assert.match(html, /value="!!! \*\* &quot;&quot; \(\)"/)
    ;[res, html] = await tom.page('/find?page=0&sort=bogus&within=far')
    assert.equal(res.status, 400)
    assert.match(html, /<a href="#sort">/)
    assert.match(html, /<a href="#page">/)
    assert.match(html, /<a href="#within">/)
    assert.match(html, /id="within" name="within" type="text" inputmode="numeric" value="far"/)
    ;[res, html] = await tom.page('/find?keyword=abc&format=pigeon')
    assert.equal(res.status, 400)
    assert.match(html, /<a href="#keyword">/)
    assert.match(html, /<a href="#format">/)
    const api = await find(tom, 'q=%3F%3F%3F')
    assert.equal(api.status, 422)
    assert.equal(api.body.error.code, 'invalid')
    assert.ok(api.body.error.fields.q)
    const api2 = await find(tom, 'page=0')
    assert.equal(api2.status, 422)
    assert.ok(api2.body.error.fields.page)
  })
})

describe('profile completeness', () => {
  test('a mentee whose profile lacks required fields is told, and can still search', async () => {
    const ravi = await signedIn('ravi.patel')
    const r = await find(ravi)
    assert.equal(r.status, 200)
    assert.ok(r.body.mentee_missing.length > 0, 'the statement is missing')
    assert.ok(r.body.total > 0)
    const [, html] = await ravi.page('/find')
    assert.match(html, /Complete your profile/)
    assert.match(html, /href="\/profile\/edit"/)
    const tom = await signedIn('tom.hughes')
    const [, html2] = await tom.page('/find')
    assert.doesNotMatch(html2, /Complete your profile/)
  })
})

describe('who may search', () => {
  test('a signed-out visitor is sent to sign in; a mentor is refused', async () => {
    const anon = new Visitor(srv.url)
    const res = await anon.fetch('/find', { redirect: 'manual' })
    assert.ok([302, 303, 401].includes(res.status), 'signed out: ' + res.status)
    const api = await anon.fetch('/api/v1/find')
    assert.equal(api.status, 401)
    const chidi = await signedIn('chidi.okafor')
    const [r2] = await chidi.page('/find')
    assert.equal(r2.status, 403)
    assert.equal((await chidi.fetch('/api/v1/find')).status, 403)
  })

  test('a mentee cannot search for another mentee', async () => {
    const tom = await signedIn('tom.hughes')
    const amy = await idOf(await signedIn('gareth.evans'), 'amy.clarke')
    const r = await find(tom, 'for=' + amy)
    assert.equal(r.status, 403)
  })

  test('an administrator of the scheme searches for a mentee', async () => {
    const gareth = await signedIn('gareth.evans')
    const [res, html] = await gareth.page('/find')
    assert.equal(res.status, 200)
    assert.match(html, /Find a mentor for a mentee/)
    const amy = await idOf(gareth, 'amy.clarke')
    const r = await find(gareth, 'for=' + amy)
    assert.equal(r.status, 200)
    assert.deepEqual(r.names, ['Fatima Begum'])
    const [res2, html2] = await gareth.page('/find?for=' + amy)
    assert.equal(res2.status, 200)
    assert.match(html2, /Find a mentor for Amy Clarke/)
    const chidi = await idOf(gareth, 'chidi.okafor')
    assert.equal((await find(gareth, 'for=' + chidi)).status, 404, 'not a mentee')
    assert.equal((await find(gareth, 'for=99999')).status, 404)
  })

  test("another scheme's administrator can neither search nor explain", async () => {
    const gareth = await signedIn('gareth.evans')
    const amy = await idOf(gareth, 'amy.clarke')
    const james = await idOf(gareth, 'james.li')
    // sarah (a mentor here) becomes the administrator of another scheme
    const r2 = tandem(['scheme', 'add', '--data', srv.data, '--slug', 'third-scheme',
      '--name', 'Third Scheme', '--admin', 'sarah.mitchell'])
    assert.equal(r2.status, 0, r2.stderr)
    const sarah = await signedIn('sarah.mitchell')
    const me = await (await sarah.fetch('/api/v1/me')).json()
    const view = JSON.stringify(me).match(/"scheme_id":\s*(\d+)[^}]*"role":\s*"scheme_admin"/)
    assert.ok(view, 'sarah administers the third scheme')
    await sarah.postForm('/switch-view', { csrf_token: sarah.csrf, view: `${view[1]}:scheme_admin` })
    assert.equal((await find(sarah, 'for=' + amy)).status, 404)
    const [res] = await sarah.page(`/admin/schemes/1/explain?mentee=${amy}&mentor=${james}`)
    assert.equal(res.status, 404)
    assert.equal((await sarah.fetch(`/api/v1/admin/schemes/1/explain?mentee=${amy}&mentor=${james}`)).status, 404)
  })
})

describe("the administrator's explanation", () => {
  test('shows the conflict, the full mentor, and a match', async () => {
    const gareth = await signedIn('gareth.evans')
    const ids = {}
    for (const u of ['amy.clarke', 'james.li', 'tom.hughes', 'chidi.okafor', 'sarah.mitchell', 'fatima.begum']) ids[u] = await idOf(gareth, u)
    let [res, html] = await gareth.page('/admin/schemes/1/explain')
    assert.equal(res.status, 200)
    assert.match(html, /<select class="nhsuk-select" id="mentee" name="mentee">/)
    ;[res, html] = await gareth.page(`/admin/schemes/1/explain?mentee=${ids['amy.clarke']}&mentor=${ids['james.li']}`)
    assert.equal(res.status, 200)
    assert.match(html, /James Li would not be offered to Amy Clarke/)
    assert.match(html, /supervisor/i)
    const api = async (mentee, mentor) => (await gareth.fetch(`/api/v1/admin/schemes/1/explain?mentee=${ids[mentee]}&mentor=${ids[mentor]}`)).json()
    const conflict = await api('amy.clarke', 'james.li')
    assert.equal(conflict.result.offered, false)
    assert.match(conflict.result.why, /supervisor|conflict/i)
    const full = await api('tom.hughes', 'chidi.okafor')
    assert.equal(full.result.offered, false)
    const away = await api('tom.hughes', 'sarah.mitchell')
    assert.equal(away.result.offered, false)
    assert.notEqual(away.result.why, full.result.why)
    const ok = await api('tom.hughes', 'james.li')
    assert.equal(ok.result.offered, true)
    assert.ok(ok.result.score > 0 && ok.result.reasons.length > 0)
    const notMentor = await api('tom.hughes', 'amy.clarke')
    assert.equal(notMentor.result.offered, false)
    const unknown = await gareth.fetch(`/api/v1/admin/schemes/1/explain?mentee=${ids['amy.clarke']}&mentor=99999`)
    assert.equal(unknown.status, 404)
    const otherScheme = await gareth.fetch(`/admin/schemes/99/explain?mentee=${ids['amy.clarke']}&mentor=${ids['james.li']}`)
    assert.equal(otherScheme.status, 404)
    const site = await signedIn('admin')   // a site administrator: no such scheme
    assert.equal((await site.fetch('/admin/schemes/99/explain')).status, 404)
    assert.equal((await site.fetch('/api/v1/admin/schemes/1/explain?mentee=' + ids['amy.clarke'] + '&mentor=' + ids['james.li'])).status, 200)
  })

  test('a mentee cannot open it', async () => {
    const tom = await signedIn('tom.hughes')
    const [res] = await tom.page('/admin/schemes/1/explain')
    assert.equal(res.status, 403)
  })
})

describe("a mentor's declaration by email", () => {
  test('keeps the mentor from that mentee, and only while it stands', async () => {
    const tom = await signedIn('tom.hughes')
    assert.ok((await find(tom)).names.includes('James Li'))

    const james = await signedIn('james.li')
    const res = await james.postJSON('/api/v1/conflicts', {
      kind: 'other', email: 'Tom.Hughes@northfield.example.nhs.uk'
    }, { 'X-CSRF-Token': james.csrf })
    assert.equal(res.status, 201, await res.clone().text())
    const id = (await res.json()).conflict?.id

    assert.deepEqual((await find(tom)).names, ['Fatima Begum'], 'James is no longer offered to Tom')
    const amy = await signedIn('amy.clarke')
    assert.ok(!(await find(amy)).names.includes('James Li'), 'nothing else changed for Amy')
    const ravi = await signedIn('ravi.patel')
    assert.ok((await find(ravi)).names.includes('James Li'), 'other mentees still see James')

    // withdrawn: offered again
    const list = await (await james.fetch('/api/v1/conflicts')).json()
    const mine = id ?? list.declarations?.[0]?.id
    assert.ok(mine, 'the declaration is listed for James: ' + JSON.stringify(list))
    const del = await james.postJSON(`/api/v1/conflicts/${mine}/delete`, {}, { 'X-CSRF-Token': james.csrf })
    assert.ok(del.status === 200 || del.status === 204, 'deleted: ' + del.status)
    assert.ok((await find(tom)).names.includes('James Li'))
  })
})
