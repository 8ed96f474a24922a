// HTTP tests of mentoring relationships (REL-1 to REL-7, REL-9) and
// administrator assignment (REQ-9): the home tabs, the relationship page
// and its API twin, the estimated end, completion, the private request
// to end and the no-fault ending with reassignment, extensions; every
// email checked in the outbox (who got which, and that the other party
// gets nothing on ask-to-end), and every refusal: the wrong role, other
// pairs' ids, another scheme's administrator (404), writes on completed
// and ended-early relationships (409), bad dates (422, typed values kept).
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { addElsewhere, demoPassword, startServer, tandem, Visitor } from '../lib/server.mjs'

let srv
const who = {}
before(async () => {
  srv = await startServer({ demo: true, dev: true })
  addElsewhere(srv)
  for (const name of ['chidi.okafor', 'tom.hughes', 'amy.clarke', 'james.li', 'sarah.mitchell',
    'fatima.begum', 'ravi.patel', 'gareth.evans']) {
    const v = await signedIn(name)
    who[name] = (await (await v.fetch('/api/v1/me')).json()).id
  }
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
const emailOf = (username) => username === 'olga.other' ? 'olga.other@example.nhs.uk'
  : `${username}@northfield.example.nhs.uk`

function outbox () {
  const r = tandem(['outbox', '--data', srv.data])
  assert.equal(r.status, 0, r.stderr)
  const mails = []
  for (const line of r.stdout.split('\n')) {
    const m = line.match(/^(\d+)\s+(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(.*)$/)
    if (m) mails.push({ id: Number(m[1]), status: m[2], to: m[5], subject: m[6].trim() })
  }
  return mails.sort((a, b) => a.id - b.id) // listed newest first
}
function mailBody (id) {
  const r = tandem(['outbox', '--data', srv.data, '--show', String(id)])
  assert.equal(r.status, 0, r.stderr)
  return r.stdout.slice(r.stdout.indexOf('\n\n') + 2)
}
// the mails since `since` (an outbox length), by recipient username
function newMails (since) {
  return outbox().slice(since)
}
const to = (mails, username) => mails.filter((m) => m.to === emailOf(username))

async function myRelationships (v, status = 'current') {
  const res = await v.fetch('/api/v1/relationships?status=' + status)
  assert.equal(res.status, 200)
  return (await res.json()).relationships
}

let chidiTom // the demo's live pair
let raviJames // made by a reassignment

describe('REL-1, REL-2: home tabs and the relationship page', () => {
  test('the mentor and the mentee see each other on their home tab and the page', async () => {
    const chidi = await signedIn('chidi.okafor')
    const rels = await myRelationships(chidi)
    assert.equal(rels.length, 1)
    assert.equal(rels[0].other.name.includes('Tom'), true)
    chidiTom = rels[0].id
    let [res, html] = await chidi.page('/?tab=current')
    assert.equal(res.status, 200)
    assert.match(html, new RegExp(`href="/relationships/${chidiTom}"`))
    const tom = await signedIn('tom.hughes')
    assert.equal((await myRelationships(tom))[0].id, chidiTom)
    ;[res, html] = await tom.page(`/relationships/${chidiTom}`)
    assert.equal(res.status, 200)
    assert.match(html, /Your mentor/)
    assert.match(html, /At least 1 hour a month/, 'REL-9: the commitment')
    assert.match(html, /\d+ hours? (\d+ minutes? )?recorded/, 'SES-5: the hours (the demo has two sessions)')
    assert.match(html, /No limit on the number of sessions/, 'REL-7: the cap (0 = none)')
    for (const h of ['Sessions', 'Notes and documents', 'Messages', 'Mentoring agreement']) {
      assert.match(html, new RegExp(`<h2>${h}</h2>`))
    }
    assert.match(html, new RegExp(`href="/people/${who['chidi.okafor']}"`), 'the other profile')
    assert.doesNotMatch(html, /estimated-end/, 'a mentee cannot set the estimated end')
    assert.match(html, /ask-to-end/)
    const j = await (await tom.fetch(`/api/v1/relationships/${chidiTom}`)).json()
    assert.equal(j.status, 'active')
    assert.equal(j.my_role, 'mentee')
    assert.equal(j.can.complete, false)
    assert.equal(j.can.ask_to_end, true)
  })

  test('visible to its two people and the scheme administrators only (404 for others)', async () => {
    const gareth = await signedIn('gareth.evans')
    assert.equal((await gareth.fetch(`/relationships/${chidiTom}`)).status, 200)
    assert.equal((await gareth.fetch(`/admin/relationships/${chidiTom}`)).status, 200)
    for (const name of ['james.li', 'amy.clarke', 'olga.other']) {
      const v = await signedIn(name)
      assert.equal((await v.fetch(`/relationships/${chidiTom}`)).status, 404, name)
      assert.equal((await v.fetch(`/api/v1/relationships/${chidiTom}`)).status, 404, name)
      assert.equal((await v.fetch(`/relationships/${chidiTom}/complete`)).status, 404, name)
      assert.equal((await form(v, `/relationships/${chidiTom}/ask-to-end`, { reason: 'x' })).status, 404, name)
    }
    const olga = await signedIn('olga.other')
    assert.equal((await olga.fetch(`/admin/relationships/${chidiTom}`)).status, 404)
    assert.equal((await olga.fetch('/admin/schemes/1/relationships')).status, 404)
    const tom = await signedIn('tom.hughes')
    assert.equal((await tom.fetch(`/admin/relationships/${chidiTom}`)).status, 403, 'not an administrator at all')
    assert.equal((await tom.fetch('/relationships/99999')).status, 404)
  })
})

describe('REL-3: the estimated end', () => {
  test('the mentor sets it; bad dates come back with the message and what was typed', async () => {
    const chidi = await signedIn('chidi.okafor')
    let res = await form(chidi, `/relationships/${chidiTom}/estimated-end`, { est_day: '31', est_month: '2', est_year: '2027' })
    assert.equal(res.status, 422)
    let html = await res.text()
    assert.match(html, /Estimated end date must be a real date/)
    assert.match(html, /name="est_day" type="text" inputmode="numeric" value="31"/)
    res = await form(chidi, `/relationships/${chidiTom}/estimated-end`, { est_day: '1', est_month: '1', est_year: '2001' })
    assert.equal(res.status, 422)
    html = await res.text()
    assert.match(html, /must be on or after the start of the relationship/)
    assert.match(html, /value="2001"/)
    res = await form(chidi, `/relationships/${chidiTom}/estimated-end`, { est_day: '30', est_month: '6', est_year: '2030' })
    assert.equal(res.status, 303)
    const [, page] = await chidi.page(res.headers.get('location'))
    assert.match(page, /30 June 2030/)
    res = await api(chidi, `/api/v1/relationships/${chidiTom}/estimated-end`, { estimated_end: '2030-13-01' })
    assert.equal(res.status, 422)
    assert.match((await res.json()).error.fields.estimated_end, /real date/)
    const tom = await signedIn('tom.hughes')
    res = await api(tom, `/api/v1/relationships/${chidiTom}/estimated-end`, { estimated_end: '2030-01-01' })
    assert.equal(res.status, 403, 'REL-3: only the mentor (or an administrator)')
  })
})

let amyJames
describe('REQ-9: administrator assignment', () => {
  test('a rule violation needs an override reason; with one the pair is live at once', async () => {
    const gareth = await signedIn('gareth.evans')
    const amy = who['amy.clarke']
    let [res, html] = await gareth.page(`/admin/users/${amy}`)
    assert.equal(res.status, 200)
    assert.match(html, new RegExp(`/admin/users/${amy}/assign\\?scheme=1`), 'the link on the person page')
    ;[res, html] = await gareth.page(`/admin/users/${amy}/assign?scheme=1&mentor_id=${who['james.li']}`)
    assert.equal(res.status, 200)
    assert.match(html, /Match score/)
    assert.match(html, /This pair breaks a rule/, 'amy declared james as her supervisor')
    const before = outbox().length
    res = await form(gareth, `/admin/users/${amy}/assign`, { scheme_id: '1', mentor_id: String(who['james.li']), first_day: '7', first_month: '12', first_year: '2026', first_time: '14:30' })
    assert.equal(res.status, 422)
    html = await res.text()
    assert.match(html, /Give a reason for assigning this mentor/)
    assert.match(html, /name="first_time" type="text" value="14:30"/, 'typed values kept')
    assert.equal(outbox().length, before, 'nothing sent')
    res = await form(gareth, `/admin/users/${amy}/assign`, { scheme_id: '1', mentor_id: String(who['james.li']), override_reason: 'Different deanery now; both agreed', first_day: '7', first_month: '12', first_year: '2026', first_time: '14:30' })
    assert.equal(res.status, 303)
    amyJames = Number(res.headers.get('location').match(/relationships\/(\d+)/)[1])
    const mails = newMails(before)
    assert.equal(to(mails, 'amy.clarke').length, 1)
    assert.equal(to(mails, 'james.li').length, 1)
    assert.match(to(mails, 'james.li')[0].subject, /You have been matched with/)
    const j = await (await gareth.fetch(`/api/v1/admin/relationships/${amyJames}`)).json()
    assert.equal(j.status, 'active')
    assert.equal(j.origin, 'assignment')
    assert.equal(j.override_reason, 'Different deanery now; both agreed')
    assert.equal(j.first_session, '2026-12-07T14:30')
    // the mentee now has a mentor: a second assignment is a conflict
    res = await api(gareth, `/api/v1/admin/users/${amy}/assign`, { scheme_id: 1, mentor_id: who['fatima.begum'] })
    assert.equal(res.status, 409)
  })

  test('another scheme\'s administrator gets 404; a mentee with a mentor has no assign form', async () => {
    const olga = await signedIn('olga.other')
    const ravi = who['ravi.patel']
    assert.equal((await olga.fetch(`/admin/users/${ravi}/assign?scheme=1`)).status, 404)
    assert.equal((await api(olga, `/api/v1/admin/users/${ravi}/assign`, { scheme_id: 1, mentor_id: who['fatima.begum'] })).status, 404)
    const gareth = await signedIn('gareth.evans')
    const [, html] = await gareth.page(`/admin/users/${who['tom.hughes']}/assign?scheme=1`)
    assert.match(html, /A mentor cannot be assigned now/)
    const res = await api(gareth, `/api/v1/admin/users/${who['tom.hughes']}/assign`, { scheme_id: 1, mentor_id: who['fatima.begum'] })
    assert.equal(res.status, 409)
  })

  test('a full mentor needs an override too (API)', async () => {
    const gareth = await signedIn('gareth.evans')
    const ravi = who['ravi.patel']
    let res = await gareth.fetch(`/api/v1/admin/users/${ravi}/assign?scheme=1&mentor_id=${who['chidi.okafor']}`)
    assert.equal(res.status, 200)
    const p = (await res.json()).preview
    assert.equal(p.is_full, true)
    assert.equal(p.needs_override, true)
    res = await api(gareth, `/api/v1/admin/users/${ravi}/assign`, { scheme_id: 1, mentor_id: who['chidi.okafor'] })
    assert.equal(res.status, 422)
    assert.match((await res.json()).error.fields.override_reason, /reason/)
    res = await api(gareth, `/api/v1/admin/users/${ravi}/assign`, { scheme_id: 1, mentor_id: who['amy.clarke'] })
    assert.equal(res.status, 422, 'a mentee is no mentor')
    assert.match((await res.json()).error.fields.mentor_id, /Choose a mentor from this scheme/)
    res = await form(gareth, `/admin/users/${ravi}/assign`, { scheme_id: '1', mentor_id: String(who['fatima.begum']), first_day: '7', first_month: '12', first_year: '2026', first_time: '25:00' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /Enter the time of the first session, like 14:30/)
  })
})

describe('REL-6: asking to end, privately', () => {
  test('the administrators are emailed, the other party nothing, and no second ask', async () => {
    const amy = await signedIn('amy.clarke')
    let res = await form(amy, `/relationships/${amyJames}/ask-to-end`, { reason: '' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /Enter why you would like to end the relationship/)
    const before = outbox().length
    res = await form(amy, `/relationships/${amyJames}/ask-to-end`, { reason: 'We do not get on: PRIVATE-REASON' })
    assert.equal(res.status, 303)
    const mails = newMails(before)
    assert.equal(to(mails, 'gareth.evans').length, 1, 'the scheme administrator')
    assert.equal(to(mails, 'james.li').length, 0, 'the other party is not told')
    assert.doesNotMatch(mailBody(to(mails, 'gareth.evans')[0].id), /PRIVATE-REASON/, 'the reason stays in Tandem')
    let [, html] = await amy.page(`/relationships/${amyJames}`)
    assert.match(html, /You asked to end this relationship on/)
    assert.doesNotMatch(html, /href="\/relationships\/\d+\/ask-to-end"/)
    res = await api(amy, `/api/v1/relationships/${amyJames}/ask-to-end`, { reason: 'again' })
    assert.equal(res.status, 409)
    const james = await signedIn('james.li')
    ;[, html] = await james.page(`/relationships/${amyJames}`)
    assert.doesNotMatch(html, /PRIVATE-REASON/)
    assert.doesNotMatch(html, /asked to end/)
    const j = await (await james.fetch(`/api/v1/relationships/${amyJames}`)).json()
    assert.equal(j.end_requests.length, 0, 'the API hides it from the other party too')
    // REL-6: no count gives the other party's request away either
    assert.equal(j.open_end_requests, undefined, 'no end-request count for a party')
    assert.equal(j.pending_extensions, undefined)
    for (const r of await myRelationships(james)) assert.equal(r.open_end_requests, undefined, 'nor in the list')
    const amyJ = await (await amy.fetch(`/api/v1/relationships/${amyJames}`)).json()
    assert.equal(amyJ.open_end_requests, undefined, 'nor for the one who asked')
    const gareth = await signedIn('gareth.evans')
    ;[, html] = await gareth.page('/admin/schemes/1/relationships')
    assert.match(html, /PRIVATE-REASON/)
    ;[, html] = await gareth.page(`/admin/relationships/${amyJames}`)
    assert.match(html, /PRIVATE-REASON/)
    const admin = await (await gareth.fetch(`/api/v1/admin/relationships/${amyJames}`)).json()
    assert.equal(admin.open_end_requests, 1, 'the administrator sees the count')
  })
})

describe('REL-6: an end request closed without ending', () => {
  test('the administrator dismisses it with a note; the relationship goes on', async () => {
    const chidi = await signedIn('chidi.okafor')
    let res = await api(chidi, `/api/v1/relationships/${chidiTom}/ask-to-end`, { reason: 'Busy rota' })
    assert.equal(res.status, 201)
    const endId = (await res.json()).id
    const gareth = await signedIn('gareth.evans')
    let [, html] = await gareth.page('/')
    assert.match(html, /Waiting for you: requests to end a relationship: [1-9]/, 'the home card counts')
    const olga = await signedIn('olga.other')
    assert.equal((await api(olga, `/api/v1/admin/end-requests/${endId}/dismiss`, { note: 'x' })).status, 404)
    res = await form(gareth, `/admin/end-requests/${endId}/dismiss`, { note: '' })
    assert.equal(res.status, 422)
    html = await res.text()
    assert.match(html, /Enter a note saying why the relationship continues/)
    assert.match(html, /id="dismiss_note"/)
    const before = outbox().length
    res = await form(gareth, `/admin/end-requests/${endId}/dismiss`, { note: 'Talked it through' })
    assert.equal(res.status, 303)
    // the person who asked is told it was closed, without the note; the other is not told
    const sent = newMails(before)
    assert.equal(to(sent, 'chidi.okafor').length, 1, JSON.stringify(sent))
    assert.equal(to(sent, 'tom.hughes').length, 0, 'the other party is not told')
    const body = mailBody(to(sent, 'chidi.okafor')[0].id)
    assert.match(body, /closed it, so the relationship continues/)
    assert.doesNotMatch(body, /Talked it through/)
    assert.equal((await api(gareth, `/api/v1/admin/end-requests/${endId}/dismiss`, { note: 'again' })).status, 409)
    const j = await (await chidi.fetch(`/api/v1/relationships/${chidiTom}`)).json()
    assert.equal(j.status, 'active')
    assert.equal(j.end_requests[0].status, 'dismissed')
    // the dismissal note is internal to the scheme team: the page and the API agree
    assert.equal(j.end_requests[0].admin_note, undefined, 'no admin note for the party')
    assert.equal(j.end_requests[0].handled_by, undefined, 'nor who handled it')
    ;[, html] = await chidi.page(`/relationships/${chidiTom}`)
    assert.doesNotMatch(html, /Talked it through/)
    const admin = await (await gareth.fetch(`/api/v1/admin/relationships/${chidiTom}`)).json()
    const e = admin.end_requests.find((x) => x.id === endId)
    assert.equal(e.admin_note, 'Talked it through', 'administrators keep the note')
    assert.ok(e.handled_by)
    assert.equal(j.can.ask_to_end, true, 'may ask again later')
  })
})

describe('REL-7: extensions', () => {
  test('one pending at a time; declined needs a note; approval adds sessions; both emailed', async () => {
    const tom = await signedIn('tom.hughes')
    let res = await form(tom, `/relationships/${chidiTom}/extension`, { sessions: '25', reason: 'More exam practice' })
    assert.equal(res.status, 422)
    let html = await res.text()
    assert.match(html, /value="25"/)
    assert.match(html, /More exam practice/)
    let before = outbox().length
    res = await api(tom, `/api/v1/relationships/${chidiTom}/extension`, { sessions: 2, reason: 'More exam practice' })
    assert.equal(res.status, 201)
    const ext = (await res.json()).id
    assert.equal(to(newMails(before), 'gareth.evans').length, 1)
    res = await api(tom, `/api/v1/relationships/${chidiTom}/extension`, { sessions: 1, reason: 'again' })
    assert.equal(res.status, 409)
    assert.equal((await api(tom, `/api/v1/admin/extensions/${ext}`, { decision: 'approve' })).status, 403)
    const chidi = await signedIn('chidi.okafor')
    assert.equal((await api(chidi, `/api/v1/admin/extensions/${ext}`, { decision: 'approve' })).status, 403)
    const olga = await signedIn('olga.other')
    assert.equal((await api(olga, `/api/v1/admin/extensions/${ext}`, { decision: 'approve' })).status, 404)
    const gareth = await signedIn('gareth.evans')
    res = await form(gareth, `/admin/extensions/${ext}`, { decision: 'decline', note: '' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /Enter a note saying why the extension is declined/)
    before = outbox().length
    res = await form(gareth, `/admin/extensions/${ext}`, { decision: 'approve', note: '' })
    assert.equal(res.status, 303)
    const mails = newMails(before)
    assert.equal(to(mails, 'tom.hughes').length, 1)
    assert.equal(to(mails, 'chidi.okafor').length, 1)
    const j = await (await tom.fetch(`/api/v1/relationships/${chidiTom}`)).json()
    assert.equal(j.extra_sessions, 2)
    assert.equal((await api(gareth, `/api/v1/admin/extensions/${ext}`, { decision: 'decline', note: 'x' })).status, 409, 'decided already')
  })
})

// every write route of a relationship, as the party or admin allowed in an active one
function writes (id) {
  return [
    ['chidi.okafor', `/api/v1/relationships/${id}/estimated-end`, { estimated_end: '2030-01-01' }],
    ['chidi.okafor', `/api/v1/relationships/${id}/complete`, { end_date: '2026-01-01' }],
    ['tom.hughes', `/api/v1/relationships/${id}/ask-to-end`, { reason: 'x' }],
    ['tom.hughes', `/api/v1/relationships/${id}/extension`, { sessions: 1, reason: 'x' }],
    ['gareth.evans', `/api/v1/admin/relationships/${id}/end-early`, { note: 'x', then: 'search' }],
    ['gareth.evans', `/api/v1/relationships/${id}/complete`, { end_date: '2026-01-01' }]
  ]
}

describe('REL-6: ending early, without blame, and reassignment', () => {
  test('back to searching: both told kindly, end requests closed, then read-only (409)', async () => {
    const gareth = await signedIn('gareth.evans')
    let res = await form(gareth, `/admin/relationships/${amyJames}/end-early`, { note: '', then: 'search' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /Enter a note about why the relationship is ending/)
    const before = outbox().length
    res = await form(gareth, `/admin/relationships/${amyJames}/end-early`, { note: 'ADMIN-NOTE not working out', then: 'search' })
    assert.equal(res.status, 303)
    const mails = newMails(before)
    for (const name of ['amy.clarke', 'james.li']) {
      assert.equal(to(mails, name).length, 1, name)
      const body = mailBody(to(mails, name)[0].id)
      assert.match(body, /brought to a close by the scheme team\. This happens sometimes and is nobody's fault\./)
      assert.doesNotMatch(body, /ADMIN-NOTE|PRIVATE-REASON/)
    }
    assert.match(mailBody(to(mails, 'amy.clarke')[0].id), /Find a mentor/)
    const amy = await signedIn('amy.clarke')
    const [, html] = await amy.page(`/relationships/${amyJames}`)
    assert.match(html, /This relationship ended on .* It is read-only\./)
    assert.doesNotMatch(html, /ADMIN-NOTE/)
    assert.doesNotMatch(html, /<form action="\/relationships/)
    const past = await myRelationships(amy, 'past')
    assert.equal(past[0].status, 'ended_early')
    const j = await (await gareth.fetch(`/api/v1/admin/relationships/${amyJames}`)).json()
    assert.equal(j.end_requests[0].status, 'ended')
    for (const [name, path, body] of [
      ['james.li', `/api/v1/relationships/${amyJames}/estimated-end`, { estimated_end: '2030-01-01' }],
      ['james.li', `/api/v1/relationships/${amyJames}/complete`, { end_date: '2026-01-01' }],
      ['amy.clarke', `/api/v1/relationships/${amyJames}/ask-to-end`, { reason: 'x' }],
      ['amy.clarke', `/api/v1/relationships/${amyJames}/extension`, { sessions: 1, reason: 'x' }],
      ['gareth.evans', `/api/v1/admin/relationships/${amyJames}/end-early`, { note: 'x', then: 'search' }]
    ]) {
      const v = await signedIn(name)
      const r = await api(v, path, body)
      assert.equal(r.status, 409, path)
      assert.match((await r.json()).error.message, /This relationship has ended, so nothing can be added or changed/)
    }
  })

  test('assign a new mentor now: the old pair ends, the new one is live', async () => {
    const gareth = await signedIn('gareth.evans')
    let res = await api(gareth, `/api/v1/admin/users/${who['ravi.patel']}/assign`, { scheme_id: 1, mentor_id: who['fatima.begum'] })
    assert.equal(res.status, 201)
    const raviFatima = (await res.json()).id
    res = await api(gareth, `/api/v1/admin/relationships/${raviFatima}/end-early`, { note: 'clash', then: 'assign' })
    assert.equal(res.status, 422)
    assert.ok((await res.json()).error.fields.mentor_id)
    const before = outbox().length
    res = await api(gareth, `/api/v1/admin/relationships/${raviFatima}/end-early`, { note: 'clash', then: 'assign', mentor_id: who['james.li'] })
    assert.equal(res.status, 200)
    const j = await res.json()
    assert.ok(j.new_relationship_id > 0)
    const mails = newMails(before)
    assert.equal(to(mails, 'ravi.patel').length, 2, 'the ending and the new match')
    assert.equal(to(mails, 'fatima.begum').length, 1)
    assert.equal(to(mails, 'james.li').length, 1)
    const ravi = await signedIn('ravi.patel')
    assert.equal((await myRelationships(ravi))[0].id, j.new_relationship_id)
    raviJames = j.new_relationship_id
  })

  test('a completion and an early ending racing: exactly one wins, the other is 409', async () => {
    const gareth = await signedIn('gareth.evans')
    const james = await signedIn('james.li')
    const before = outbox().length
    const today = new Date().toISOString().slice(0, 10)
    const [a, b] = await Promise.all([
      api(james, `/api/v1/relationships/${raviJames}/complete`, { end_date: today }),
      api(gareth, `/api/v1/admin/relationships/${raviJames}/end-early`, { note: 'race', then: 'search' })
    ])
    assert.deepEqual([a.status, b.status].sort(), [200, 409])
    // besides the ending, a completion asks for the demo's evaluation (EVAL-2)
    const mails = newMails(before).filter((m) => !/evaluation/.test(m.subject))
    assert.equal(to(mails, 'ravi.patel').length, 1, 'one ending, one email')
  })
})

describe('REL-4: completion', () => {
  test('the mentee cannot; bad dates are 422; the mentor completes; then every write is 409', async () => {
    const tom = await signedIn('tom.hughes')
    assert.equal((await tom.fetch(`/relationships/${chidiTom}/complete`)).status, 403)
    assert.equal((await api(tom, `/api/v1/relationships/${chidiTom}/complete`, { end_date: '2026-01-01' })).status, 403)
    const james = await signedIn('james.li')
    assert.equal((await api(james, `/api/v1/relationships/${chidiTom}/complete`, { end_date: '2026-01-01' })).status, 404, 'a mentor of another pair')
    const chidi = await signedIn('chidi.okafor')
    let res = await form(chidi, `/relationships/${chidiTom}/complete`, { end_day: '1', end_month: '1', end_year: '2099', closing_comments: 'Went well' })
    assert.equal(res.status, 422)
    let html = await res.text()
    assert.match(html, /End date must be today or in the past/)
    assert.match(html, /value="2099"/)
    assert.match(html, />Went well<\/textarea>/)
    res = await form(chidi, `/relationships/${chidiTom}/complete`, { end_day: '1', end_month: '1', end_year: '2001' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /on or after the start/)
    res = await form(chidi, `/relationships/${chidiTom}/complete`, { end_day: 'x', end_month: '1', end_year: '2026' })
    assert.equal(res.status, 422)
    // an extension and an end request still waiting when it completes
    res = await api(tom, `/api/v1/relationships/${chidiTom}/extension`, { sessions: 1, reason: 'last one' })
    assert.equal(res.status, 201)
    const extId = (await res.json()).id
    res = await api(tom, `/api/v1/relationships/${chidiTom}/ask-to-end`, { reason: 'rota' })
    assert.equal(res.status, 201)
    const endId = (await res.json()).id
    const before = outbox().length
    const now = new Date()
    res = await form(chidi, `/relationships/${chidiTom}/complete`, { end_day: String(now.getUTCDate()), end_month: String(now.getUTCMonth() + 1), end_year: String(now.getUTCFullYear()), closing_comments: 'Went well' })
    assert.equal(res.status, 303)
    // the demo scheme asks the mentor for an evaluation at once (EVAL-3)
    assert.match(res.headers.get('location'), /^\/evaluations\/\d+\?from=completion$/)
    const mails = newMails(before)
    assert.deepEqual(to(mails, 'tom.hughes').map((m) => m.subject).sort(),
      ['Please answer an evaluation: After your mentoring: your feedback',
        'Your mentoring relationship with Chidi Okafor has been completed'],
      'the other party: the ending, and the evaluation the demo asks of mentees')
    assert.equal(to(mails, 'chidi.okafor').length, 0, 'not the mentor who did it: he is taken to his evaluation')
    ;[, html] = await tom.page('/?tab=past')
    assert.match(html, new RegExp(`href="/relationships/${chidiTom}"`))
    ;[, html] = await tom.page(`/relationships/${chidiTom}`)
    assert.match(html, /It is read-only/)
    assert.match(html, /Went well/)
    for (const [name, path, body] of writes(chidiTom)) {
      const v = await signedIn(name)
      const r = await api(v, path, body)
      assert.equal(r.status, 409, `${name} ${path}`)
    }
    const gareth = await signedIn('gareth.evans')
    assert.equal((await api(gareth, `/api/v1/admin/extensions/${extId}`, { decision: 'approve' })).status, 409)
    assert.equal((await api(gareth, `/api/v1/admin/end-requests/${endId}/dismiss`, { note: 'x' })).status, 409)
    const list = await (await gareth.fetch('/api/v1/admin/schemes/1/relationships')).json()
    assert.ok(!list.end_requests.some((e) => e.id === endId), 'nothing left to decide is not listed')
    assert.ok(!list.extensions.some((x) => x.id === extId))
    // the HTML forms answer 409 too, whatever was typed
    res = await form(chidi, `/relationships/${chidiTom}/estimated-end`, { est_day: 'bad' })
    assert.equal(res.status, 409)
    assert.match(await res.text(), /This relationship has ended, so nothing can be added or changed/)
    assert.equal((await chidi.fetch(`/relationships/${chidiTom}/complete`)).status, 409)
    assert.equal((await tom.fetch(`/relationships/${chidiTom}/ask-to-end`)).status, 409)
  })
})

describe('the administrator\'s lists', () => {
  test('filter by status; the home card counts', async () => {
    const gareth = await signedIn('gareth.evans')
    let j = await (await gareth.fetch('/api/v1/admin/schemes/1/relationships?status=ended_early')).json()
    assert.ok(j.relationships.every((r) => r.status === 'ended_early'))
    assert.ok(j.relationships.length >= 2)
    j = await (await gareth.fetch('/api/v1/admin/schemes/1/relationships')).json()
    assert.ok(j.relationships.length >= 4)
    const [res] = await gareth.page('/admin/schemes/1/relationships?status=active')
    assert.equal(res.status, 200)
  })
})

function sql (statement) {
  const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', join(srv.data, 'tandem.db'), statement], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return r.stdout.trim()
}
const hasSqlite = spawnSync('sqlite3', ['-version']).status === 0

describe('REL-6: an administrator who is one of the pair', () => {
  test('never sees the other side\'s request to end: lists, counts, view, email', { skip: !hasSqlite && 'needs the sqlite3 command' }, async () => {
    const gareth = await signedIn('gareth.evans')
    // a fresh live pair: chidi (free again after the completion) mentors tom
    let res = await api(gareth, `/api/v1/admin/users/${who['tom.hughes']}/assign`, { scheme_id: 1, mentor_id: who['chidi.okafor'] })
    assert.equal(res.status, 201)
    const pair = (await res.json()).id
    // chidi becomes an administrator of the scheme too
    sql(`INSERT INTO user_roles (user_id, scheme_id, role, created_at) VALUES (${who['chidi.okafor']}, 1, 'scheme_admin', 0)`)
    const chidi = await signedIn('chidi.okafor')
    assert.equal((await chidi.postForm('/switch-view', { csrf_token: chidi.csrf, view: '1:scheme_admin' })).status, 303)
    const tom = await signedIn('tom.hughes')
    const before = outbox().length
    // a multi-byte reason of exactly 4000 characters (8000+ bytes) is allowed
    const reason = 'TOM-PRIVATE ' + 'é'.repeat(4000 - 12)
    res = await api(tom, `/api/v1/relationships/${pair}/ask-to-end`, { reason })
    assert.equal(res.status, 201, 'characters are counted, not bytes')
    const mails = newMails(before)
    assert.equal(to(mails, 'gareth.evans').length, 1, 'the other administrator is told')
    assert.equal(to(mails, 'chidi.okafor').length, 0, 'the mentor-administrator is not')
    let j = await (await chidi.fetch('/api/v1/admin/schemes/1/relationships')).json()
    assert.ok(!j.end_requests.some((e) => e.relationship_id === pair), 'not in their admin list')
    assert.equal(j.open_end_requests, 0)
    const row = j.relationships.find((r) => r.id === pair)
    assert.equal(row.open_end_requests, undefined, 'no count on their own row')
    let [, html] = await chidi.page('/admin/schemes/1/relationships')
    assert.doesNotMatch(html, /TOM-PRIVATE/)
    ;[, html] = await chidi.page('/')
    assert.doesNotMatch(html, /Waiting for you: requests to end a relationship: [1-9]/, 'nor in the home card count')
    assert.equal((await chidi.fetch(`/admin/relationships/${pair}`)).status, 404, 'no administrator view of their own')
    assert.equal((await chidi.fetch(`/api/v1/admin/relationships/${pair}`)).status, 404)
    j = await (await chidi.fetch(`/api/v1/relationships/${pair}`)).json()
    assert.equal(j.end_requests.length, 0)
    // the other administrator still sees everything
    j = await (await gareth.fetch('/api/v1/admin/schemes/1/relationships')).json()
    assert.ok(j.end_requests.some((e) => e.relationship_id === pair))
    ;[, html] = await gareth.page('/')
    assert.match(html, /Waiting for you: requests to end a relationship: [1-9]/)
    // too long by one character is still refused
    res = await api(tom, `/api/v1/relationships/${pair}/extension`, { sessions: 1, reason: 'é'.repeat(4001) })
    assert.equal(res.status, 422)
  })
})
