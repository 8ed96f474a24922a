// HTTP tests of the preferences for cohort matching (REQ-11), pages and
// API twins: a waiting mentee's first, second and third choice of mentor
// (/matching/wishes), a mentor's "prefer not" marks by email address
// (/matching/avoid), the administrators' read of both, the home card, and
// every refusal: signed out, CSRF, the wrong view, a mentee with a mentor,
// a scheme without cohort matching (the demo scheme has it on: turned off first),
// another scheme's administrator (404), bad input (422, message beside the
// field, form kept).  Neither side ever sees the other's preferences.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { startServer, Visitor, addElsewhere, api, form, signedIn, stopServer } from '../lib/server.mjs'

const hasSqlite = spawnSync('sqlite3', ['-version']).status === 0
let srv
before(async () => {
  srv = await startServer({ demo: true })
  addElsewhere(srv)
})
after(() => stopServer(srv))

const sql = (q) => {
  const r = spawnSync('sqlite3', [join(srv.data, 'tandem.db'), q], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return r.stdout.trim()
}
function errorNear (html, id) {
  const m = html.match(new RegExp(`id="${id}-error"><span class="nhsuk-u-visually-hidden">Error:</span> ([^<]*)</span>`))
  return m ? m[1] : null
}
function selected (html, id) {
  const sel = html.match(new RegExp(`<select[^>]* id="${id}"[^>]*>([\\s\\S]*?)</select>`))
  if (!sel) return null
  const o = sel[1].match(/<option value="(\d*)" selected>/)
  return o ? o[1] : ''
}

// chidi.okafor's id, from his own /api/v1/me
async function chidiId () {
  const c = await signedIn(srv, 'chidi.okafor')
  const j = await (await c.fetch('/api/v1/me')).json()
  return j.id || j.user_id || (j.me && (j.me.id || j.me.user_id))
}

async function cohortMatching (on) {
  const g = await signedIn(srv, 'gareth.evans')
  const r = await api(g, '/api/v1/admin/schemes/1/settings', { allow_cohort_matching: on })
  assert.equal(r.status, 200)
}

describe('REQ-11: a scheme without cohort matching', () => {
  // the demo scheme uses cohort matching: turn it off to see the off state
  before(async () => { await cohortMatching(false) })
  test('the pages say so, the API and every change answer 404', async () => {
    const amy = await signedIn(srv, 'amy.clarke')
    const [res, html] = await amy.page('/matching/wishes')
    assert.equal(res.status, 200)
    assert.match(html, /Cohort matching is not used in this scheme/)
    assert.doesNotMatch(html, /<select/)
    assert.equal((await amy.fetch('/api/v1/matching/wishes')).status, 404)
    assert.equal((await form(amy, '/matching/wishes', { choice_1: '2' })).status, 404)
    assert.equal((await api(amy, '/api/v1/matching/wishes/clear')).status, 404)
    const james = await signedIn(srv, 'james.li')
    const [r2, h2] = await james.page('/matching/avoid')
    assert.equal(r2.status, 200)
    assert.match(h2, /Cohort matching is not used in this scheme/)
    assert.equal((await james.fetch('/api/v1/matching/avoid')).status, 404)
    assert.equal((await api(james, '/api/v1/matching/avoid', { email: 'x@example.org' })).status, 404)
    const [, home] = await amy.page('/')
    assert.doesNotMatch(home, /tandem-matchprefs-home/, 'no home card')
    // no way in either: not in the side menu, not on "Find a mentor"
    assert.doesNotMatch(home, /href="\/matching\/wishes"/)
    const [, find] = await amy.page('/find')
    assert.doesNotMatch(find, /Choose mentors you would like/)
    assert.doesNotMatch(h2, /href="\/matching\/avoid"/)
  })
})

// REQ-11: the way in.  "Find a mentor" links a waiting mentee to the
// wishes; the side menu has "Mentors you would like" for a waiting
// mentee and "Mentees you would prefer not to take" for a mentor, only
// while the scheme uses cohort matching.
describe('REQ-11: the way in to the preferences', () => {
  before(async () => { await cohortMatching(true) })
  after(async () => { await cohortMatching(false) })
  const wishesLink = /<a class="tandem-sidebar__link" href="\/matching\/wishes">Mentors you would like<\/a>/
  const avoidLink = /<a class="tandem-sidebar__link" href="\/matching\/avoid">Mentees you would prefer not to take<\/a>/

  test('a waiting mentee: the link on "Find a mentor" and the side menu entry', async () => {
    const amy = await signedIn(srv, 'amy.clarke')
    const [res, find] = await amy.page('/find')
    assert.equal(res.status, 200)
    assert.match(find, /<a href="\/matching\/wishes">Choose mentors you would like<\/a>/)
    assert.match(find, wishesLink)
    assert.doesNotMatch(find, avoidLink)
    const [, home] = await amy.page('/')
    assert.match(home, wishesLink)
    // the API twin of the search is unchanged
    const j = await (await amy.fetch('/api/v1/find')).json()
    assert.equal(j.wishes_url, undefined)
  })

  test('a mentee with a mentor: neither the link nor the entry', async () => {
    const tom = await signedIn(srv, 'tom.hughes')
    const [, find] = await tom.page('/find')
    assert.doesNotMatch(find, /Choose mentors you would like/)
    assert.doesNotMatch(find, wishesLink)
  })

  test('a mentor: the "prefer not" entry only; the same person as a mentee: the wishes entry', async () => {
    const james = await signedIn(srv, 'james.li')
    const [, home] = await james.page('/')
    assert.match(home, avoidLink)
    assert.doesNotMatch(home, wishesLink)
    const fatima = await signedIn(srv, 'fatima.begum', { view: '1:mentor' })
    const [, fm] = await fatima.page('/')
    assert.match(fm, avoidLink)
    assert.doesNotMatch(fm, wishesLink)
  })

  test('an administrator\'s find page (on behalf of a mentee) has no link', async () => {
    const g = await signedIn(srv, 'gareth.evans')
    const [, page] = await g.page('/find?for=8')
    assert.doesNotMatch(page, /Choose mentors you would like/)
    assert.doesNotMatch(page, wishesLink)
  })
})

describe('REQ-11: with cohort matching on', () => {
  before(async () => { await cohortMatching(true) })

  test('signed out: the pages send to sign-in, the API answers 401', async () => {
    const v = new Visitor(srv.url)
    for (const p of ['/matching/wishes', '/matching/avoid']) {
      const r = await v.fetch(p)
      assert.ok([302, 303].includes(r.status), p)
      assert.match(r.headers.get('location'), /sign-in/)
    }
    for (const p of ['/api/v1/matching/wishes', '/api/v1/matching/avoid',
      '/api/v1/admin/schemes/1/matching/preferences']) {
      assert.equal((await v.fetch(p)).status, 401, p)
    }
  })

  test('a mentee chooses, changes and clears wishes; mentors not offered are not listed', async () => {
    const amy = await signedIn(srv, 'amy.clarke')
    const j = await (await amy.fetch('/api/v1/matching/wishes')).json()
    assert.equal(j.state, 'open')
    assert.deepEqual(j.wishes, [])
    const names = j.choices.map(c => c.name)
    assert.ok(j.choices.length >= 1, 'some mentors offered: ' + names)
    assert.ok(!names.some(n => /Sarah/.test(n)), 'an unavailable mentor is not listed')
    assert.ok(!names.some(n => /Chidi/.test(n)), 'a full mentor is not listed')
    for (const c of j.choices) {
      assert.deepEqual(Object.keys(c).sort(), ['id', 'is_offered', 'job_role', 'name', 'organisation'])
    }
    const a = j.choices[0]
    // REQ-11 privacy: a mentor full for now (chidi: tom) is hidden from the
    // finder, so not a NEW choice either: the same 422 as an unknown id,
    // and none of his details in the answer
    const b = { id: await chidiId() }
    for (const id of [b.id, 99999]) {
      const r = await api(amy, '/api/v1/matching/wishes', { choice_1: id })
      assert.equal(r.status, 422, 'a full mentor is not a new choice: ' + id)
      const t = await r.text()
      assert.match(JSON.parse(t).error.fields.choice_1, /Choose a mentor from the list/)
      assert.doesNotMatch(t, /Okafor|job_role|organisation/, 'nothing about the mentor')
    }
    const f = await form(amy, '/matching/wishes', { choice_1: String(b.id) })
    assert.equal(f.status, 422)
    assert.doesNotMatch(await f.text(), /Okafor/)
    // a wish made while he had room stays acceptable once he is full
    sql(`INSERT INTO match_wishes (scheme_id, mentee_id, mentor_id, rank, created_at)
      SELECT 1, id, ${b.id}, 1, CAST(strftime('%s', 'now') AS INTEGER) FROM users
      WHERE username = 'amy.clarke'`)
    // the page: what wishes do, that mentors never see them
    const [res, html] = await amy.page('/matching/wishes')
    assert.equal(res.status, 200)
    assert.match(html, /gives weight to your choices; it cannot promise them/)
    assert.match(html, /Mentors never see your choices/)
    // save through the form
    const s = await form(amy, '/matching/wishes', { choice_1: String(a.id), choice_2: String(b.id), choice_3: '' })
    assert.equal(s.status, 303)
    assert.match(s.headers.get('location'), /done=saved/)
    const [, h2] = await amy.page('/matching/wishes?done=saved')
    assert.match(h2, /Your wishes have been saved/)
    assert.equal(selected(h2, 'choice_1'), String(a.id))
    assert.equal(selected(h2, 'choice_2'), String(b.id))
    assert.equal(selected(h2, 'choice_3'), '')
    // the home card counts them
    const [, home] = await amy.page('/')
    assert.match(home, /tandem-matchprefs-home/)
    assert.match(home, /You have chosen 2 mentors/)
    assert.match(home, /href="\/matching\/wishes"/)
    const w = (await (await amy.fetch('/api/v1/matching/wishes')).json()).wishes
    assert.equal(w[1].is_offered, false, 'the full mentor is marked as not taking mentees now')
    assert.match(h2, /Full at the moment, or not taking new mentees for now/)
    // change through the API: a single first choice
    const r = await api(amy, '/api/v1/matching/wishes', { choice_1: b.id })
    assert.equal(r.status, 200)
    const k = await r.json()
    assert.deepEqual(k.wishes.map(w => [w.rank, w.mentor_id]), [[1, b.id]])
    // clear
    const c = await form(amy, '/matching/wishes/clear')
    assert.equal(c.status, 303)
    assert.match(c.headers.get('location'), /done=cleared/)
    assert.deepEqual((await (await amy.fetch('/api/v1/matching/wishes')).json()).wishes, [])
    if (hasSqlite) {
      const d = sql("SELECT detail FROM audit_log WHERE action = 'matchprefs.wishes' ORDER BY id")
      assert.match(d, new RegExp(`mentors user:${a.id}, user:${b.id}`))
      assert.match(d, /cleared/)
      assert.doesNotMatch(d, /Clarke|Li|Okafor|Begum/, 'ids only in the audit detail')
    }
  })

  test('bad input: message beside the field, the form kept, 422', async () => {
    const amy = await signedIn(srv, 'amy.clarke')
    const j = await (await amy.fetch('/api/v1/matching/wishes')).json()
    const a = j.choices[0]
    const b = { id: await chidiId() }
    let res = await form(amy, '/matching/wishes', { choice_1: String(a.id), choice_2: String(a.id) })
    assert.equal(res.status, 422)
    let html = await res.text()
    assert.match(html, /There is a problem/)
    assert.match(errorNear(html, 'choice_2'), /different mentor/)
    assert.equal(selected(html, 'choice_1'), String(a.id), 'form kept')
    assert.equal(selected(html, 'choice_2'), String(a.id))
    res = await form(amy, '/matching/wishes', { choice_2: String(a.id) })
    assert.equal(res.status, 422)
    html = await res.text()
    assert.match(errorNear(html, 'choice_2'), /first choice before a second/)
    assert.equal(selected(html, 'choice_2'), String(a.id))
    res = await api(amy, '/api/v1/matching/wishes', { choice_1: a.id, choice_3: b.id })
    assert.equal(res.status, 422)
    assert.match((await res.json()).error.fields.choice_3, /second choice before a third/)
    // a mentor who may not be offered to her (sarah: unavailable), a
    // mentee, herself, an unknown id: the same message, nothing more
    const sarah = sql("SELECT id FROM users WHERE username = 'sarah.mitchell'") || '0'
    const amyId = sql("SELECT id FROM users WHERE username = 'amy.clarke'") || '0'
    for (const id of [sarah, amyId, '99999']) {
      if (id === '0') continue
      const r = await api(amy, '/api/v1/matching/wishes', { choice_1: Number(id) })
      assert.equal(r.status, 422, 'not offered: ' + id)
      assert.match((await r.json()).error.fields.choice_1, /Choose a mentor from the list/)
    }
    res = await api(amy, '/api/v1/matching/wishes', { choice_1: 'lots' })
    assert.equal(res.status, 422)
    assert.deepEqual((await (await amy.fetch('/api/v1/matching/wishes')).json()).wishes, [], 'nothing saved')
  })

  test('CSRF: a change without the token is refused', async () => {
    const amy = await signedIn(srv, 'amy.clarke')
    const r = await amy.postForm('/matching/wishes', { choice_1: '1' })
    assert.equal(r.status, 403)
    const r2 = await amy.postJSON('/api/v1/matching/avoid', { email: 'a@example.org' })
    assert.equal(r2.status, 403)
    const chidi = await signedIn(srv, 'chidi.okafor')
    const r3 = await chidi.postForm('/matching/avoid', { email: 'a@example.org' })
    assert.equal(r3.status, 403)
  })

  test('the wrong view: a mentor on the wishes page, a mentee on the avoid page (403, told to switch)', async () => {
    const james = await signedIn(srv, 'james.li')
    const [r, h] = await james.page('/matching/wishes')
    assert.equal(r.status, 403)
    assert.match(h, /mentee view/)
    assert.equal((await james.fetch('/api/v1/matching/wishes')).status, 403)
    assert.equal((await api(james, '/api/v1/matching/wishes', { choice_1: 1 })).status, 403)
    const amy = await signedIn(srv, 'amy.clarke')
    const [r2, h2] = await amy.page('/matching/avoid')
    assert.equal(r2.status, 403)
    assert.match(h2, /mentor view/)
    assert.equal((await api(amy, '/api/v1/matching/avoid', { email: 'x@example.org' })).status, 403)
    assert.equal((await api(amy, '/api/v1/matching/avoid/remove', { email: 'x@example.org' })).status, 403)
    const fatima = await signedIn(srv, 'fatima.begum', { view: '1:mentor' })
    assert.equal((await fatima.fetch('/api/v1/matching/wishes')).status, 403)
    assert.equal((await fatima.fetch('/api/v1/matching/avoid')).status, 200)
  })

  test('a mentee with a mentor: wishes are not used (the page says so, a change is 409)', async () => {
    const tom = await signedIn(srv, 'tom.hughes')
    const [res, html] = await tom.page('/matching/wishes')
    assert.equal(res.status, 200)
    assert.match(html, /You have a mentor in this scheme/)
    assert.doesNotMatch(html, /<select/)
    const j = await (await tom.fetch('/api/v1/matching/wishes')).json()
    assert.equal(j.state, 'has_mentor')
    assert.equal((await api(tom, '/api/v1/matching/wishes', { choice_1: 1 })).status, 409)
    assert.equal((await form(tom, '/matching/wishes/clear')).status, 409)
    const [, home] = await tom.page('/')
    assert.doesNotMatch(home, /tandem-matchprefs-home/)
  })

  test('a mentor marks a mentee by email, sees only what they typed, removes it', async () => {
    const chidi = await signedIn(srv, 'chidi.okafor')
    const [res, html] = await chidi.page('/matching/avoid')
    assert.equal(res.status, 200)
    assert.match(html, /The mentee is never told/)
    assert.match(html, /will not match that mentee with you/, 'avoid_hard is on by default')
    const amyEmail = hasSqlite ? sql("SELECT email FROM users WHERE username = 'amy.clarke'") : 'amy.clarke@example.nhs.uk'
    let r = await form(chidi, '/matching/avoid', { email: amyEmail.toUpperCase() })
    assert.equal(r.status, 303)
    assert.match(r.headers.get('location'), /done=marked/)
    // an address nobody uses gets the same answer (PRO-10)
    r = await api(chidi, '/api/v1/matching/avoid', { email: 'nobody.here@example.org' })
    assert.equal(r.status, 201)
    assert.equal((await r.json()).done, 'marked')
    const j = await (await chidi.fetch('/api/v1/matching/avoid')).json()
    assert.deepEqual(j.marks.map(m => m.email).sort(), [amyEmail.toUpperCase(), 'nobody.here@example.org'].sort())
    assert.equal(j.avoid_hard, true)
    assert.ok(!JSON.stringify(j).includes('Clarke'), 'never who has the address')
    const [, home] = await chidi.page('/')
    assert.match(home, /You have marked 2 email addresses/)
    assert.match(home, /href="\/matching\/avoid"/)
    // bad input
    const bad = [['', /Enter the email address/], ['not an address', /correct format/],
      [amyEmail, /already marked/]]
    if (hasSqlite) bad.push([sql("SELECT email FROM users WHERE username = 'chidi.okafor'"), /not your own/])
    for (const [email, msg] of bad) {
      const b = await form(chidi, '/matching/avoid', { email })
      assert.equal(b.status, 422, email)
      const h = await b.text()
      assert.match(h, /There is a problem/)
      assert.match(errorNear(h, 'email'), msg)
      assert.ok(h.includes(`value="${email}"`), 'typed value kept')
    }
    // remove
    r = await form(chidi, '/matching/avoid/remove', { email: 'nobody.here@example.org' })
    assert.equal(r.status, 303)
    assert.match(r.headers.get('location'), /done=removed/)
    assert.equal((await api(chidi, '/api/v1/matching/avoid/remove', { email: 'nobody.here@example.org' })).status, 404)
    if (hasSqlite) {
      const d = sql("SELECT detail FROM audit_log WHERE action = 'matchprefs.avoid' ORDER BY id")
      assert.match(d, /mark added/)
      assert.match(d, /mark removed/)
      assert.doesNotMatch(d, /@/, 'no addresses in the audit detail')
    }
    // the settings say "counts against" when not a hard exclusion
    const g = await signedIn(srv, 'gareth.evans')
    assert.equal((await api(g, '/api/v1/admin/schemes/1/settings', { avoid_hard: false })).status, 200)
    const [, h3] = await chidi.page('/matching/avoid')
    assert.match(h3, /counts against pairing you with that mentee/)
    assert.equal((await api(g, '/api/v1/admin/schemes/1/settings', { avoid_hard: true })).status, 200)
  })

  test('administrators read every wish and mark of their scheme; another scheme\'s administrator 404', async () => {
    const amy = await signedIn(srv, 'amy.clarke')
    const j = await (await amy.fetch('/api/v1/matching/wishes')).json()
    const first = j.choices[0]
    assert.equal((await api(amy, '/api/v1/matching/wishes', { choice_1: first.id })).status, 200)
    const g = await signedIn(srv, 'gareth.evans')
    const res = await g.fetch('/api/v1/admin/schemes/1/matching/preferences')
    assert.equal(res.status, 200)
    const p = await res.json()
    assert.deepEqual(Object.keys(p.settings).sort(), ['avoid_hard', 'avoid_penalty', 'stable_mode', 'wish_weights'])
    const w = p.wishes.find(x => x.mentor_id === first.id && x.rank === 1)
    assert.ok(w, 'amy\'s wish')
    assert.match(w.mentee, /Amy/)
    const a = p.avoids.find(x => x.mentee !== null)
    assert.ok(a, 'chidi\'s mark resolved to amy for administrators')
    assert.match(a.mentee, /Amy/)
    assert.match(a.mentor, /Chidi/)
    const olga = await signedIn(srv, 'olga.other')
    assert.equal((await olga.fetch('/api/v1/admin/schemes/1/matching/preferences')).status, 404)
    assert.equal((await amy.fetch('/api/v1/admin/schemes/1/matching/preferences')).status, 404)
    assert.equal((await g.fetch('/api/v1/admin/schemes/999/matching/preferences')).status, 404)
    const site = await signedIn(srv, 'admin')
    assert.equal((await site.fetch('/api/v1/admin/schemes/1/matching/preferences')).status, 200)
  })

  test('a mentor never sees wishes about them; a mentee never sees marks', async () => {
    const amy = await signedIn(srv, 'amy.clarke')
    const j = await (await amy.fetch('/api/v1/matching/wishes')).json()
    const chidiChoice = j.choices.find(c => /Chidi/.test(c.name)) || j.choices[0]
    assert.equal((await api(amy, '/api/v1/matching/wishes', { choice_1: chidiChoice.id })).status, 200)
    const chidi = await signedIn(srv, 'chidi.okafor')
    for (const p of ['/matching/avoid', '/api/v1/matching/avoid', '/']) {
      const t = await (await chidi.fetch(p)).text()
      assert.doesNotMatch(t, /Amy Clarke|wish|choice/i, p)
    }
    for (const p of ['/matching/wishes', '/api/v1/matching/wishes', '/']) {
      const t = await (await amy.fetch(p)).text()
      assert.doesNotMatch(t, /nobody\.here|marks|prefer not to take/i, p)
    }
  })
})

describe('REQ-11: the scheme settings for preferences', () => {
  test('each setting explained; a bad weight beside its field (422); changes audited before/after', async () => {
    const g = await signedIn(srv, 'gareth.evans')
    const [res, html] = await g.page('/admin/schemes/1/settings')
    assert.equal(res.status, 200)
    for (const f of ['wish_weight_1', 'wish_weight_2', 'wish_weight_3', 'avoid_hard', 'avoid_penalty', 'stable_mode']) {
      assert.match(html, new RegExp(`id="${f}-hint"`), `${f} is explained`)
    }
    const s = (await (await g.fetch('/api/v1/admin/schemes/1/settings')).json()).settings
    assert.equal(s.wish_weight_1, 30)
    assert.equal(s.avoid_penalty, 50)
    let r = await api(g, '/api/v1/admin/schemes/1/settings', { wish_weight_2: 101, avoid_penalty: -1 })
    assert.equal(r.status, 422)
    const e = (await r.json()).error.fields
    assert.match(e.wish_weight_2, /0 to 100/)
    assert.match(e.avoid_penalty, /0 to 100/)
    r = await api(g, '/api/v1/admin/schemes/1/settings', { wish_weight_1: 45, stable_mode: true })
    assert.equal(r.status, 200)
    const k = (await r.json()).settings
    assert.equal(k.wish_weight_1, 45)
    assert.equal(k.stable_mode, true)
    if (hasSqlite) {
      const d = sql("SELECT detail FROM audit_log WHERE action = 'scheme.settings' ORDER BY id DESC LIMIT 1")
      assert.match(d, /wish_weight_1: 30 → 45/)
      assert.match(d, /stable_mode: no → yes/)
    }
  })
})
