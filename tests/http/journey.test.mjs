// HTTP tests of the journey / roadmap (NOTE-5): the pair's decisions and
// action points per stage, the stage they are at, the progress review,
// and the scheme's stages managed by its administrators.  The access
// matrix for decisions and action points, HTML and API: each party, the
// administrator under each content rule (NOTE-2, ADM-8: counts only, or
// read-only with an audit row per opening; never a write), another
// pair's mentor and another scheme's administrator (404), signed out,
// guessed ids (404).  Bad input is 422 with what was typed kept; after
// completion every write is 409 and reading stays.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { addElsewhere, demoPassword, startServer, tandem, Visitor } from '../lib/server.mjs'

let srv
const who = {}
let pair2 // fatima.begum mentoring amy.clarke, made by an assignment
const hasSqlite = spawnSync('sqlite3', ['-version']).status === 0

before(async () => {
  srv = await startServer({ demo: true, dev: true })
  addElsewhere(srv)
  for (const name of ['chidi.okafor', 'tom.hughes', 'amy.clarke', 'fatima.begum', 'gareth.evans',
    'olga.other']) {
    const v = await signedIn(name)
    who[name] = (await (await v.fetch('/api/v1/me')).json()).id
  }
  const gareth = await signedIn('gareth.evans')
  const res = await api(gareth, `/api/v1/admin/users/${who['amy.clarke']}/assign`,
    { scheme_id: 1, mentor_id: who['fatima.begum'], override_reason: 'Test pair for the journey' })
  assert.ok(res.status < 300, 'the second pair is assigned: ' + res.status)
  const amy = await signedIn('amy.clarke')
  const list = await (await amy.fetch('/api/v1/relationships?status=current')).json()
  pair2 = list.relationships.find((r) => r.mentor.id === who['fatima.begum']).id
})
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

const form = (v, path, fields = {}) => v.postForm(path, { csrf_token: v.csrf, ...fields })
const api = (v, path, body = {}) => v.postJSON(path, body, { 'X-CSRF-Token': v.csrf })
const today = () => new Date().toISOString().slice(0, 10)

function sql (query) {
  const r = spawnSync('sqlite3', [join(srv.data, 'tandem.db'), query], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return r.stdout.trim()
}
const setRule = (on) => sql(`UPDATE scheme_settings SET admin_sees_documents = ${on ? 1 : 0} WHERE scheme_id = 1`)
const audits = () => Number(sql("SELECT count(*) FROM audit_log WHERE action = 'content.view' AND subject = 'journey:1'"))

describe('reading the journey (NOTE-5)', () => {
  test('the pair see the stages, the demo decision and action points, HTML and API', async () => {
    for (const name of ['tom.hughes', 'chidi.okafor']) {
      const v = await signedIn(name)
      const [res, html] = await v.page('/relationships/1/journey')
      assert.equal(res.status, 200)
      assert.match(html, /<h1>Your mentoring journey<\/h1>/)
      assert.match(html, /1\. Getting to know each other/)
      assert.match(html, /<details class="nhsuk-details">/)
      assert.match(html, /leadership fellowship/)
      assert.match(html, /Progress review<\/strong>/)
      const j = await (await v.fetch('/api/v1/relationships/1/journey')).json()
      assert.deepEqual(j.stages.map((s) => s.name), ['Getting to know each other', 'Setting goals',
        'Progress review', 'Ending'])
      assert.deepEqual(j.counts, { decisions: 1, action_points: 2, open_action_points: 1 })
      assert.equal(j.current_stage, 'Setting goals')
      const rel = await v.page('/relationships/1')
      assert.match(rel[1], /<h2 id="journey-title">Your mentoring journey<\/h2>/)
      assert.match(rel[1], /leadership fellowship/)
      assert.match(rel[1], /\/relationships\/1\/journey\/review/)
    }
  })

  test('the progress review lists open action points by due date and the decisions', async () => {
    const tom = await signedIn('tom.hughes')
    const [res, html] = await tom.page('/relationships/1/journey/review')
    assert.equal(res.status, 200)
    assert.match(html, /<h1>Progress review<\/h1>/)
    assert.match(html, /registrar programme/)
    assert.doesNotMatch(html, /Send Chidi a short summary/, 'done points are not listed')
    assert.match(html, /Due in 14 days/)
    const j = await (await tom.fetch('/api/v1/relationships/1/journey/review')).json()
    assert.equal(j.open_action_points.length, 1)
    assert.equal(j.decisions.length, 1)
  })

  test('another pair\'s mentor, another scheme\'s administrator: 404; signed out: sign in', async () => {
    for (const name of ['fatima.begum', 'olga.other']) {
      const v = await signedIn(name)
      for (const p of ['/relationships/1/journey', '/relationships/1/journey/review',
        '/api/v1/relationships/1/journey', '/api/v1/relationships/1/journey/review',
        '/action-points/1/edit', '/journey/decisions/1/edit']) {
        assert.equal((await v.fetch(p)).status, 404, `${name} ${p}`)
      }
    }
    const anon = new Visitor(srv.url)
    let res = await anon.fetch('/relationships/1/journey')
    assert.equal(res.status, 303)
    assert.match(res.headers.get('location'), /sign-in/)
    res = await anon.fetch('/api/v1/relationships/1/journey')
    assert.equal(res.status, 401)
    res = await anon.postJSON('/api/v1/relationships/1/journey/decisions', { stage_id: 1, text: 'x' })
    assert.ok(res.status === 401 || res.status === 403, 'signed out cannot write: ' + res.status)
  })

  test('the administrator: counts only under the metadata rule, never the text', async () => {
    const gareth = await signedIn('gareth.evans')
    const [res, html] = await gareth.page('/relationships/1')
    assert.equal(res.status, 200)
    assert.match(html, /2 action points, 1 open; 1 decision/)
    assert.doesNotMatch(html, /leadership fellowship/)
    assert.doesNotMatch(html, /registrar programme/)
    const before = audits()
    assert.equal((await gareth.fetch('/relationships/1/journey')).status, 403)
    assert.equal((await gareth.fetch('/relationships/1/journey/review')).status, 403)
    const r = await gareth.fetch('/api/v1/relationships/1/journey')
    assert.equal(r.status, 403)
    assert.equal((await r.json()).error.code, 'forbidden')
    const rel = await (await gareth.fetch('/api/v1/relationships/1')).json()
    assert.equal(rel.journey.counts.action_points, 2)
    assert.equal(rel.journey.stages[1].decisions, undefined, 'no content in the API either')
    assert.equal(audits(), before, 'nothing opened, nothing audited')
  })

  test('the administrator: read only, audited, under the shared-content rule', { skip: !hasSqlite && 'no sqlite3 command' }, async () => {
    setRule(true)
    try {
      const gareth = await signedIn('gareth.evans')
      const before = audits()
      const [res, html] = await gareth.page('/relationships/1/journey')
      assert.equal(res.status, 200)
      assert.match(html, /leadership fellowship/)
      assert.match(html, /recorded in the audit log/)
      assert.doesNotMatch(html, /Record the decision<\/button>/, 'no forms for an administrator')
      assert.doesNotMatch(html, /Mark as done/)
      assert.equal((await gareth.fetch('/api/v1/relationships/1/journey/review')).status, 200)
      assert.equal(audits(), before + 2, 'each opening is audited')
      // the relationship page links to it but shows no content itself
      const rel = await gareth.page('/relationships/1')
      assert.match(rel[1], /Open the pair's journey \(read only\)/)
      assert.doesNotMatch(rel[1], /leadership fellowship/)
      // never a write (403), HTML and API
      let w = await api(gareth, '/api/v1/relationships/1/journey/decisions', { stage_id: 1, text: 'Admin note' })
      assert.equal(w.status, 403)
      w = await form(gareth, '/relationships/1/action-points', { action_stage: '1', action_text: 'x', owner: 'me' })
      assert.equal(w.status, 403)
      w = await api(gareth, '/api/v1/action-points/2/done', { done: true })
      assert.equal(w.status, 403)
      w = await api(gareth, '/api/v1/relationships/1/journey/stage', { stage_id: 1 })
      assert.equal(w.status, 403)
    } finally {
      setRule(false)
    }
  })
})

describe('writing: decisions and action points', () => {
  test('a party records a decision (HTML and API) and changes and deletes their own', async () => {
    const tom = await signedIn('tom.hughes')
    let res = await form(tom, '/relationships/1/journey/decisions', { decision_stage: '1', decision_text: 'We will meet every three weeks on Teams' })
    assert.equal(res.status, 303)
    assert.match(res.headers.get('location'), /\/relationships\/1\/journey\?done=decision/)
    res = await api(tom, '/api/v1/relationships/1/journey/decisions', { stage_id: 2, text: 'Goal three: <b>audit</b> skills' })
    assert.equal(res.status, 201)
    const j = await res.json()
    const id = j.created_id
    assert.ok(id > 0)
    const [, html] = await tom.page('/relationships/1/journey')
    assert.match(html, /Goal three: &lt;b&gt;audit&lt;\/b&gt; skills/, 'escaped')
    res = await api(tom, `/api/v1/journey/decisions/${id}/edit`, { stage_id: 2, text: 'Goal three: audit skills' })
    assert.equal(res.status, 200)
    // the other party may not change or delete it
    const chidi = await signedIn('chidi.okafor')
    assert.equal((await chidi.fetch(`/journey/decisions/${id}/edit`)).status, 403)
    assert.equal((await api(chidi, `/api/v1/journey/decisions/${id}/delete`)).status, 403)
    assert.equal((await form(chidi, `/journey/decisions/${id}/edit`, { decision_stage: '2', decision_text: 'x' })).status, 403)
    // another pair's mentor: 404 for a guessed id
    const fatima = await signedIn('fatima.begum')
    assert.equal((await api(fatima, `/api/v1/journey/decisions/${id}/edit`, { stage_id: 2, text: 'x' })).status, 404)
    assert.equal((await form(fatima, `/journey/decisions/${id}/delete`)).status, 404)
    res = await form(tom, `/journey/decisions/${id}/delete`)
    assert.equal(res.status, 303)
    assert.equal((await tom.fetch(`/journey/decisions/${id}/edit`)).status, 404)
    assert.equal((await api(tom, '/api/v1/journey/decisions/999999/delete')).status, 404)
  })

  test('an action point for the other person, with a due date; either marks it done', async () => {
    const chidi = await signedIn('chidi.okafor')
    let res = await form(chidi, '/relationships/1/action-points', {
      action_stage: '2', action_text: 'Draft the fellowship personal statement', owner: 'other',
      due_day: '1', due_month: '3', due_year: '2099'
    })
    assert.equal(res.status, 303)
    const tom = await signedIn('tom.hughes')
    let j = await (await tom.fetch('/api/v1/relationships/1/journey')).json()
    const x = j.stages[1].action_points.find((p) => /personal statement/.test(p.text))
    assert.equal(x.owner_id, who['tom.hughes'])
    assert.equal(x.due, '2099-03-01')
    assert.equal(x.is_done, false)
    // the owner marks it done from the journey page, then not done
    res = await form(tom, `/action-points/${x.id}/done`, { done: 'true' })
    assert.equal(res.status, 303)
    j = await (await tom.fetch('/api/v1/relationships/1/journey')).json()
    assert.equal(j.stages[1].action_points.find((p) => p.id === x.id).is_done, true)
    res = await api(chidi, `/api/v1/action-points/${x.id}/done`, { done: false })
    assert.equal(res.status, 200)
    assert.equal((await res.json()).stages[1].action_points.find((p) => p.id === x.id).is_done, false)
    // only who added it changes it; the API owner by role
    assert.equal((await tom.fetch(`/action-points/${x.id}/edit`)).status, 403)
    res = await api(chidi, `/api/v1/action-points/${x.id}/edit`, { stage_id: 2, text: 'Draft the statement', owner: 'mentor', due: '' })
    assert.equal(res.status, 200)
    j = await res.json()
    assert.equal(j.stages[1].action_points.find((p) => p.id === x.id).owner_id, who['chidi.okafor'])
    // the edit form shows what is stored
    const [r2, html] = await chidi.page(`/action-points/${x.id}/edit`)
    assert.equal(r2.status, 200)
    assert.match(html, /Draft the statement<\/textarea>/)
    // guessed ids and other pairs: 404
    const fatima = await signedIn('fatima.begum')
    assert.equal((await api(fatima, `/api/v1/action-points/${x.id}/done`, { done: true })).status, 404)
    assert.equal((await form(fatima, `/action-points/${x.id}/done`, { done: 'true' })).status, 404)
    assert.equal((await api(chidi, '/api/v1/action-points/999999/done', { done: true })).status, 404)
    assert.equal((await form(fatima, '/relationships/1/action-points', { action_stage: '1', action_text: 'x', owner: 'me' })).status, 404)
    assert.equal((await api(fatima, '/api/v1/relationships/1/action-points', { stage_id: 1, text: 'x', owner: 'me' })).status, 404)
    const olga = await signedIn('olga.other')
    assert.equal((await api(olga, '/api/v1/relationships/1/journey/decisions', { stage_id: 1, text: 'x' })).status, 404)
    res = await api(chidi, `/api/v1/action-points/${x.id}/delete`)
    assert.equal(res.status, 200)
    assert.equal((await api(chidi, `/api/v1/action-points/${x.id}/delete`)).status, 404)
  })

  test('either party sets the stage they are at', async () => {
    const tom = await signedIn('tom.hughes')
    let res = await form(tom, '/relationships/1/journey/stage', { current_stage: '3' })
    assert.equal(res.status, 303)
    const j = await (await tom.fetch('/api/v1/relationships/1/journey')).json()
    assert.equal(j.current_stage, 'Progress review')
    res = await api(tom, '/api/v1/relationships/1/journey/stage', { stage_id: 999999 })
    assert.equal(res.status, 422)
    assert.ok((await res.json()).error.fields.stage_id)
    res = await form(tom, '/relationships/1/journey/stage', { current_stage: '2' })
    assert.equal(res.status, 303)
  })
})

describe('bad input: 422, the form kept', () => {
  test('empty text, HTML: the message beside the field, the stage kept', async () => {
    const tom = await signedIn('tom.hughes')
    const res = await form(tom, '/relationships/1/journey/decisions', { decision_stage: '3', decision_text: '   ' })
    assert.equal(res.status, 422)
    const html = await res.text()
    assert.match(html, /There is a problem/)
    assert.match(html, /<a href="#decision_text">Enter the decision<\/a>/)
    assert.match(html, /id="decision_text-error"/)
    assert.match(html, /<option value="3" selected>3\. Progress review<\/option>/)
  })

  test('a bad due date, HTML: the boxes come back as typed', async () => {
    const tom = await signedIn('tom.hughes')
    let res = await form(tom, '/relationships/1/action-points', {
      action_stage: '2', action_text: 'Book the leadership course', owner: 'me',
      due_day: '31', due_month: '2', due_year: '2030'
    })
    assert.equal(res.status, 422)
    let html = await res.text()
    assert.match(html, /id="due-error"/)
    assert.match(html, /must be a real date/)
    assert.match(html, /Book the leadership course<\/textarea>/)
    assert.match(html, /name="due_day" type="text" inputmode="numeric" value="31"/)
    res = await form(tom, '/relationships/1/action-points', {
      action_stage: '2', action_text: 'Book it', owner: 'me', due_day: '1', due_month: '1', due_year: '2020'
    })
    assert.equal(res.status, 422)
    html = await res.text()
    assert.match(html, /Due date must be today or in the future/)
  })

  test('API: empty text, bad due date, an owner outside the pair, a stage of no scheme', async () => {
    const tom = await signedIn('tom.hughes')
    let res = await api(tom, '/api/v1/relationships/1/action-points', { stage_id: 1, text: '', owner: 'me' })
    assert.equal(res.status, 422)
    assert.match((await res.json()).error.fields.text, /Enter the action point/)
    res = await api(tom, '/api/v1/relationships/1/action-points', { stage_id: 1, text: 'x', owner: 'me', due: '2030-02-31' })
    assert.equal(res.status, 422)
    assert.match((await res.json()).error.fields.due, /real date/)
    res = await api(tom, '/api/v1/relationships/1/action-points', { stage_id: 1, text: 'x', owner: String(who['olga.other']) })
    assert.equal(res.status, 422)
    assert.match((await res.json()).error.fields.owner, /Choose who will do this/)
    res = await form(tom, '/relationships/1/action-points', { action_stage: '1', action_text: 'x', owner: String(who['fatima.begum']) })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /id="owner-error"/)
    res = await api(tom, '/api/v1/relationships/1/action-points', { stage_id: 1, text: 'x', owner: String(who['chidi.okafor']) })
    assert.equal(res.status, 201, 'the other party by id is fine')
    res = await api(tom, '/api/v1/relationships/1/journey/decisions', { stage_id: 999999, text: 'x' })
    assert.equal(res.status, 422)
    assert.ok((await res.json()).error.fields.stage_id)
    res = await api(tom, '/api/v1/relationships/1/journey/decisions', { stage_id: 1, text: 'x'.repeat(4001) })
    assert.equal(res.status, 422)
  })
})

describe('after completion', () => {
  test('every write is 409, reading stays', async () => {
    const fatima = await signedIn('fatima.begum')
    let res = await api(fatima, `/api/v1/relationships/${pair2}/journey/decisions`, { stage_id: 1, text: 'We will meet monthly' })
    assert.equal(res.status, 201)
    const decision = (await res.json()).created_id
    res = await api(fatima, `/api/v1/relationships/${pair2}/action-points`, { stage_id: 1, text: 'Read the guide', owner: 'other' })
    assert.equal(res.status, 201)
    const point = (await res.json()).created_id
    res = await api(fatima, `/api/v1/relationships/${pair2}/complete`, { end_date: today() })
    assert.equal(res.status, 200)
    const amy = await signedIn('amy.clarke')
    const writes = [
      [fatima, `/api/v1/relationships/${pair2}/journey/decisions`, { stage_id: 1, text: 'x' }],
      [amy, `/api/v1/relationships/${pair2}/action-points`, { stage_id: 1, text: 'x', owner: 'me' }],
      [amy, `/api/v1/relationships/${pair2}/journey/stage`, { stage_id: 1 }],
      [fatima, `/api/v1/journey/decisions/${decision}/edit`, { stage_id: 1, text: 'x' }],
      [fatima, `/api/v1/journey/decisions/${decision}/delete`, {}],
      [amy, `/api/v1/action-points/${point}/done`, { done: true }],
      [fatima, `/api/v1/action-points/${point}/edit`, { stage_id: 1, text: 'x', owner: 'me' }],
      [fatima, `/api/v1/action-points/${point}/delete`, {}]
    ]
    for (const [v, path, body] of writes) {
      res = await api(v, path, body)
      assert.equal(res.status, 409, path)
      assert.match((await res.json()).error.message, /has ended/)
    }
    // HTML too, whatever was typed
    res = await form(amy, `/relationships/${pair2}/journey/decisions`, { decision_stage: '1', decision_text: '' })
    assert.equal(res.status, 409)
    res = await form(amy, `/action-points/${point}/done`, { done: 'true' })
    assert.equal(res.status, 409)
    assert.equal((await fatima.fetch(`/journey/decisions/${decision}/edit`)).status, 409)
    const [r, html] = await amy.page(`/relationships/${pair2}/journey`)
    assert.equal(r.status, 200)
    assert.match(html, /We will meet monthly/)
    assert.match(html, /read only/)
    assert.doesNotMatch(html, /Record the decision<\/button>/)
    assert.equal((await amy.fetch(`/relationships/${pair2}/journey/review`)).status, 200)
  })
})

describe('the scheme\'s stages (administrators)', () => {
  test('add, change, flag the review stage, move, delete; audited', async () => {
    const gareth = await signedIn('gareth.evans')
    let [res, html] = await gareth.page('/admin/schemes/1/journey')
    assert.equal(res.status, 200)
    assert.match(html, /<h1>Journey stages<\/h1>/)
    assert.match(html, /In use by pairs/)
    res = await form(gareth, '/admin/schemes/1/journey', { name: 'Looking back', description: 'What changed?' })
    assert.equal(res.status, 303)
    let j = await (await gareth.fetch('/api/v1/admin/schemes/1/journey')).json()
    const added = j.stages.find((s) => s.name === 'Looking back')
    assert.equal(added.number, 5)
    // flag it as the review stage: the old one loses the flag
    res = await api(gareth, `/api/v1/admin/journey-stages/${added.id}/edit`, { name: 'Looking back', description: 'What changed?', is_review: true })
    assert.equal(res.status, 200)
    j = await res.json()
    assert.deepEqual(j.stages.filter((s) => s.is_review).map((s) => s.name), ['Looking back'])
    // move it up, then down
    res = await api(gareth, `/api/v1/admin/journey-stages/${added.id}/move`, { direction: 'up' })
    assert.equal(res.status, 200)
    j = await res.json()
    assert.deepEqual(j.stages.map((s) => s.name), ['Getting to know each other', 'Setting goals',
      'Progress review', 'Looking back', 'Ending'])
    res = await form(gareth, `/admin/journey-stages/${added.id}/move`, { direction: 'down' })
    assert.equal(res.status, 303)
    j = await (await gareth.fetch('/api/v1/admin/schemes/1/journey')).json()
    assert.equal(j.stages[4].name, 'Looking back')
    // the pair see the new order at once
    const tom = await signedIn('tom.hughes')
    const tj = await (await tom.fetch('/api/v1/relationships/1/journey')).json()
    assert.equal(tj.stages[4].name, 'Looking back')
    // delete: an unused stage goes; a used one is explained
    res = await form(gareth, `/admin/journey-stages/${added.id}/delete`)
    assert.equal(res.status, 303)
    res = await api(gareth, '/api/v1/admin/journey-stages/2/delete')
    assert.equal(res.status, 409)
    assert.match((await res.json()).error.message, /cannot be deleted because pairs have recorded/)
    res = await form(gareth, '/admin/journey-stages/2/delete')
    assert.equal(res.status, 409)
    assert.match(await res.text(), /You can rename it/)
    const n = Number(sql("SELECT count(*) FROM audit_log WHERE action LIKE 'journey.stage_%'"))
    assert.ok(n >= 4, 'stage changes audited: ' + n)
  })

  test('bad input: an empty name is 422 with the description kept', async () => {
    const gareth = await signedIn('gareth.evans')
    let res = await form(gareth, '/admin/schemes/1/journey', { name: '', description: 'Kept text' })
    assert.equal(res.status, 422)
    const html = await res.text()
    assert.match(html, /<a href="#name">Enter the name of the stage<\/a>/)
    assert.match(html, />Kept text<\/textarea>/)
    res = await api(gareth, '/api/v1/admin/schemes/1/journey', { name: 'x'.repeat(121) })
    assert.equal(res.status, 422)
    res = await form(gareth, '/admin/journey-stages/1/edit', { name: '' })
    assert.equal(res.status, 422)
    res = await api(gareth, '/api/v1/admin/journey-stages/1/move', { direction: 'sideways' })
    assert.equal(res.status, 422)
    // the form route answers 400 (it used to abort the server: found by
    // make security-scan)
    res = await form(gareth, '/admin/journey-stages/1/move', { direction: 'sideways' })
    assert.equal(res.status, 400)
    assert.equal((await gareth.fetch('/healthz')).status, 200)
  })

  test('refusals: another scheme\'s administrator 404, a participant 403, signed out', async () => {
    const olga = await signedIn('olga.other')
    assert.equal((await olga.fetch('/admin/schemes/1/journey')).status, 404)
    assert.equal((await olga.fetch('/admin/journey-stages/1/edit')).status, 404)
    assert.equal((await api(olga, '/api/v1/admin/schemes/1/journey', { name: 'Mine' })).status, 404)
    assert.equal((await api(olga, '/api/v1/admin/journey-stages/1/move', { direction: 'down' })).status, 404)
    assert.equal((await api(olga, '/api/v1/admin/journey-stages/4/delete')).status, 404)
    assert.equal((await api(olga, '/api/v1/admin/journey-stages/1/edit', { name: 'Mine' })).status, 404)
    const tom = await signedIn('tom.hughes')
    assert.equal((await tom.fetch('/admin/schemes/1/journey')).status, 403)
    assert.equal((await api(tom, '/api/v1/admin/schemes/1/journey', { name: 'Mine' })).status, 403)
    const gareth = await signedIn('gareth.evans')
    assert.equal((await gareth.fetch('/admin/journey-stages/999999/edit')).status, 404)
    assert.equal((await gareth.fetch('/admin/schemes/999/journey')).status, 404)
    const anon = new Visitor(srv.url)
    const res = await anon.fetch('/admin/schemes/1/journey')
    assert.equal(res.status, 303)
  })
})
