// HTTP tests of match requests and proposals, the mentee's and mentor's
// side (REQ-1 to REQ-6, REQ-8, REQ-12, REQ-13): the request form and the
// rules that refuse it, each decision with the emails it sends (read
// from the outbox), amendment and withdrawal, every refusal (another
// pair's ids are 404, the wrong party 403, the wrong state 409, bad
// input 422 with the message beside the field and what was typed kept),
// proposals made through the dev route, ranked requests passed on at a
// decline, and the races for the last place (REQ-12).
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { startServer, Visitor, demoPassword, tandem } from '../lib/server.mjs'

const emailOf = (username) => `${username}@northfield.example.nhs.uk`

function outboxOf (srv) {
  const r = tandem(['outbox', '--data', srv.data])
  assert.equal(r.status, 0, r.stderr)
  const mails = []
  for (const line of r.stdout.split('\n')) {
    const m = line.match(/^(\d+)\s+(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(.*)$/)
    if (m) mails.push({ id: Number(m[1]), status: m[2], to: m[5], subject: m[6].trim() })
  }
  return mails.sort((x, y) => x.id - y.id)   // the command lists newest first
}
// The newest message's id, and the messages after it.
const markOf = (srv) => Math.max(0, ...outboxOf(srv).map((m) => m.id))
const sinceOf = (srv, mark) => outboxOf(srv).filter((m) => m.id > mark)

function bodyOf (srv, id) {
  const r = tandem(['outbox', '--data', srv.data, '--show', String(id)])
  assert.equal(r.status, 0, r.stderr)
  return r.stdout.slice(r.stdout.indexOf('\n\n') + 2)
}

// SQL for picking people by a fact no route lists (read-only queries).
function sql (srv, statement) {
  const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', join(srv.data, 'tandem.db'), statement], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return r.stdout.trim()
}
const hasSqlite = spawnSync('sqlite3', ['-version']).status === 0

async function signedIn (srv, username, view) {
  const v = new Visitor(srv.url)
  const res = await v.signIn(username, demoPassword)
  assert.equal(res.status, 303, `${username} signs in`)
  v.csrf = await v.token()
  if (view) {
    const r = await v.postForm('/switch-view', { csrf_token: v.csrf, view })
    assert.equal(r.status, 303, `${username} switches to ${view}`)
  }
  const me = await (await v.fetch('/api/v1/profile')).json()
  v.id = me.id
  return v
}

const form = (v, path, fields = {}) => v.postForm(path, { csrf_token: v.csrf, ...fields })
const api = (v, path, body = {}) => v.postJSON(path, body, { 'X-CSRF-Token': v.csrf })
const future = () => { const d = new Date(Date.now() + 20 * 86400e3); return { first_session_day: String(d.getUTCDate()), first_session_month: String(d.getUTCMonth() + 1), first_session_year: String(d.getUTCFullYear()), first_session_time: '14:30' } }
const futureIso = () => new Date(Date.now() + 20 * 86400e3).toISOString().slice(0, 10) + 'T10:00'

describe('requests: the full flow and its refusals (demo scheme)', () => {
  let srv, amy, fatima, tom, chidi, ravi, james, outbox, mark, since
  before(async () => {
    srv = await startServer({ demo: true, dev: true })
    outbox = () => outboxOf(srv)
    mark = () => markOf(srv)
    since = (n) => sinceOf(srv, n)
    amy = await signedIn(srv, 'amy.clarke')
    fatima = await signedIn(srv, 'fatima.begum', '1:mentor')
    tom = await signedIn(srv, 'tom.hughes')
    chidi = await signedIn(srv, 'chidi.okafor')
    ravi = await signedIn(srv, 'ravi.patel')
    james = await signedIn(srv, 'james.li')
  })
  after(async () => {
    const r = await srv.stop()
    assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
  })

  test('REQ-1: the mentor page offers "Request a match", or says why not', async () => {
    let [res, html] = await amy.page(`/people/${fatima.id}`)
    assert.equal(res.status, 200)
    assert.match(html, new RegExp(`href="/people/${fatima.id}/request">Request a match`))
    // ravi lacks the personal statement the scheme requires
    ;[res, html] = await ravi.page(`/people/${fatima.id}`)
    assert.equal(res.status, 200)
    assert.doesNotMatch(html, /Request a match/)
    assert.match(html, /Before you can request a mentor, add to your profile: Personal statement/)
    const r = await api(ravi, '/api/v1/requests', { mentor_id: fatima.id })
    assert.equal(r.status, 422)
    assert.match((await r.json()).error.fields.mentor_id, /Personal statement/)
  })

  test('REQ-1: refusals: wrong role 403, full, conflict, unknown mentor', async () => {
    let res = await chidi.fetch(`/people/${fatima.id}/request`)
    assert.equal(res.status, 403, 'a mentor cannot request')
    res = await api(chidi, '/api/v1/requests', { mentor_id: fatima.id })
    assert.equal(res.status, 403)
    res = await api(amy, '/api/v1/requests', { mentor_id: chidi.id })
    assert.equal(res.status, 422)
    assert.match((await res.json()).error.fields.mentor_id, /no free places/)
    res = await api(amy, '/api/v1/requests', { mentor_id: james.id })
    assert.equal(res.status, 422)
    assert.match((await res.json()).error.fields.mentor_id, /supervisor, appraiser or a conflict/)
    res = await api(amy, '/api/v1/requests', { mentor_id: tom.id })
    assert.equal(res.status, 404, 'a mentee is not a mentor')
    res = await amy.fetch('/people/99999/request')
    assert.equal(res.status, 404)
  })

  test('REQ-1: a message too long is shown again with the error beside it', async () => {
    const long = 'x'.repeat(1990) + ' typed-end-' + 'y'.repeat(20)
    const res = await form(amy, `/people/${fatima.id}/request`, { message: long })
    assert.equal(res.status, 422)
    const html = await res.text()
    assert.match(html, /There is a problem/)
    assert.match(html, /nhsuk-error-message" id="message-error"/)
    assert.ok(html.includes('typed-end-'), 'what was typed is kept')
    const r = await api(amy, '/api/v1/requests', { mentor_id: fatima.id, message: long })
    assert.equal(r.status, 422)
    assert.ok((await r.json()).error.fields.message)
  })

  let id
  test('REQ-1, REQ-2: amy requests fatima; fatima is emailed and sees it first in her list with a badge', async () => {
    const before = mark()
    const res = await form(amy, `/people/${fatima.id}/request`, { message: 'I would like help with my ARCP.' })
    assert.equal(res.status, 303)
    id = Number(res.headers.get('location').match(/\/requests\/(\d+)\?done=sent/)[1])
    const mails = since(before)
    assert.equal(mails.length, 1)
    assert.equal(mails[0].to, emailOf('fatima.begum'))
    assert.match(mails[0].subject, /has asked you to be their mentor/)
    const body = bodyOf(srv, mails[0].id)
    assert.match(body, /I would like help with my ARCP\./)
    assert.match(body, /Please answer by \d+ \w+ \d{4}/)
    // a second open request to the same mentor: 409
    let r = await api(amy, '/api/v1/requests', { mentor_id: fatima.id })
    assert.equal(r.status, 409)
    assert.match((await r.json()).error.fields.mentor_id, /already sent a request/)
    // the mentor's list, page, API, home tab and menu badge
    let [p, html] = await fatima.page('/requests')
    assert.equal(p.status, 200)
    assert.match(html, /New requests/)
    assert.match(html, new RegExp(`href="/requests/${id}">Amy`))
    assert.match(html, /Answer by \d+ \w+ \d{4}/)
    assert.match(html, /\(1 outstanding\)/)
    ;[p, html] = await fatima.page('/?tab=requests')
    assert.match(html, new RegExp(`href="/requests/${id}"`))
    r = await fatima.fetch('/api/v1/requests')
    const list = await r.json()
    assert.equal(list.is_mentor_list, true)
    assert.equal(list.requests[0].id, id)
    assert.equal(list.requests[0].status, 'new')
    // the mentee's list
    r = await amy.fetch('/api/v1/requests')
    assert.equal((await r.json()).requests[0].status, 'new')
    // the mentor may now see the mentee's profile, to judge the request
    ;[p] = await fatima.page(`/people/${amy.id}`)
    assert.equal(p.status, 200)
    ;[p, html] = await fatima.page(`/requests/${id}`)
    assert.equal(p.status, 200)
    assert.match(html, /name="decision"/)
    assert.match(html, new RegExp(`href="/people/${amy.id}"`))
  })

  test('REQ-2: only the pair sees a request; others get 404, the wrong party 403', async () => {
    for (const v of [tom, chidi, ravi]) {
      assert.equal((await v.fetch(`/requests/${id}`)).status, 404)
      assert.equal((await v.fetch(`/api/v1/requests/${id}`)).status, 404)
      assert.equal((await api(v, `/api/v1/requests/${id}/decision`, { decision: 'decline', comment: 'x' })).status, 404)
      assert.equal((await api(v, `/api/v1/requests/${id}/withdraw`)).status, 404)
    }
    assert.equal((await api(amy, `/api/v1/requests/${id}/decision`, { decision: 'approve', first_session: futureIso() })).status, 403,
      'the mentee cannot decide')
    assert.equal((await api(fatima, `/api/v1/requests/${id}/withdraw`)).status, 403, 'the mentor cannot withdraw')
    assert.equal((await api(fatima, '/api/v1/requests/99999/decision', { decision: 'decline', comment: 'x' })).status, 404)
  })

  test('REQ-3: ask to amend needs a comment; the mentee amends and it returns as new', async () => {
    let res = await form(fatima, `/requests/${id}/decision`, { decision: 'amend', comment: '' })
    assert.equal(res.status, 422)
    let html = await res.text()
    assert.match(html, /id="comment-error"/)
    assert.match(html, /Enter what you would like the mentee to change/)
    assert.match(html, /value="amend" checked/, 'the choice is kept')
    const before = mark()
    res = await form(fatima, `/requests/${id}/decision`, { decision: 'amend', comment: 'Tell me which exams.' })
    assert.equal(res.status, 303)
    let mails = since(before)
    assert.deepEqual(mails.map((m) => m.to), [emailOf('amy.clarke')])
    assert.match(mails[0].subject, /has asked you to amend your request/)
    assert.match(bodyOf(srv, mails[0].id), /Tell me which exams\./)
    // wrong state: approving a request sent back for amendment
    res = await api(fatima, `/api/v1/requests/${id}/decision`, { decision: 'approve', first_session: futureIso() })
    assert.equal(res.status, 409)
    // the mentee sees the comment and the amend form
    let p
    ;[p, html] = await amy.page(`/requests/${id}`)
    assert.match(html, /Tell me which exams\./)
    assert.match(html, /action="\/requests\/\d+\/amend"/)
    // another mentee cannot amend it; a too-long message is refused
    assert.equal((await api(tom, `/api/v1/requests/${id}/amend`, { message: 'x' })).status, 404)
    res = await form(amy, `/requests/${id}/amend`, { message: 'z'.repeat(2001) })
    assert.equal(res.status, 422)
    const b2 = mark()
    res = await form(amy, `/requests/${id}/amend`, { message: 'MRCP part 2, please.' })
    assert.equal(res.status, 303)
    mails = since(b2)
    assert.deepEqual(mails.map((m) => m.to), [emailOf('fatima.begum')])
    assert.match(mails[0].subject, /has amended their mentoring request/)
    const r = await (await fatima.fetch(`/api/v1/requests/${id}`)).json()
    assert.equal(r.status, 'new')
    assert.equal(r.message, 'MRCP part 2, please.')
    // resubmitting again is a state conflict
    assert.equal((await api(amy, `/api/v1/requests/${id}/amend`, { message: 'again' })).status, 409)
  })

  test('REQ-4: the waiting list; then decline needs a reason; REQ-6 request again', async () => {
    let before = mark()
    let res = await form(fatima, `/requests/${id}/decision`, { decision: 'waitlist' })
    assert.equal(res.status, 303)
    let mails = since(before)
    assert.deepEqual(mails.map((m) => [m.to, /waiting list/.test(m.subject)]), [[emailOf('amy.clarke'), true]])
    let [, html] = await fatima.page('/requests')
    assert.match(html, /Your waiting list/)
    res = await form(fatima, `/requests/${id}/decision`, { decision: 'decline', comment: '' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /Enter a reason for declining the request/)
    before = mark()
    res = await form(fatima, `/requests/${id}/decision`, { decision: 'decline', comment: 'My list is full this year.' })
    assert.equal(res.status, 303)
    mails = since(before)
    assert.deepEqual(mails.map((m) => m.to), [emailOf('amy.clarke')])
    assert.match(mails[0].subject, /is not able to mentor you/)
    assert.match(bodyOf(srv, mails[0].id), /My list is full this year\./)
    // decided: no more decisions or withdrawal
    assert.equal((await api(fatima, `/api/v1/requests/${id}/decision`, { decision: 'decline', comment: 'x' })).status, 409)
    assert.equal((await api(amy, `/api/v1/requests/${id}/withdraw`)).status, 409)
    ;[, html] = await amy.page('/requests')
    assert.match(html, /Declined/)
    // REQ-6: the same mentor may be requested again after a decline
    res = await api(amy, '/api/v1/requests', { mentor_id: fatima.id, message: 'Trying again' })
    assert.equal(res.status, 201)
    const again = await res.json()
    assert.equal(again.status, 'new')
    id = again.id
  })

  test('REQ-5: the mentee withdraws; the mentor is told', async () => {
    const before = mark()
    const res = await form(amy, `/requests/${id}/withdraw`)
    assert.equal(res.status, 303)
    const mails = since(before)
    assert.deepEqual(mails.map((m) => m.to), [emailOf('fatima.begum')])
    assert.match(mails[0].subject, /has withdrawn their request/)
    assert.equal((await form(amy, `/requests/${id}/withdraw`)).status, 409)
  })

  test('REQ-3, REQ-10, REQ-12: approval needs a future first session, then matches them', async () => {
    let res = await api(amy, '/api/v1/requests', { mentor_id: fatima.id })
    assert.equal(res.status, 201)
    id = (await res.json()).id
    res = await form(fatima, `/requests/${id}/decision`, { decision: 'approve' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /Enter the date and time you propose for the first session/)
    res = await form(fatima, `/requests/${id}/decision`, { decision: 'approve', first_session_day: '1', first_session_month: '1', first_session_year: '2020', first_session_time: '10:00' })
    assert.equal(res.status, 422)
    let html = await res.text()
    assert.match(html, /First session must be in the future/)
    assert.match(html, /name="first_session_year" type="text" inputmode="numeric" value="2020"/, 'typed values kept')
    res = await form(fatima, `/requests/${id}/decision`, { decision: 'approve', ...future(), first_session_time: '25:99' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /Enter the time of the first session/)
    res = await form(fatima, `/requests/${id}/decision`, { decision: 'approve', ...future(), first_session_month: '13' })
    assert.equal(res.status, 422)
    res = await api(fatima, `/api/v1/requests/${id}/decision`, { decision: 'approve', first_session: 'tomorrow' })
    assert.equal(res.status, 422)
    assert.ok((await res.json()).error.fields.first_session)
    res = await api(fatima, `/api/v1/requests/${id}/decision`, { decision: 'maybe' })
    assert.equal(res.status, 422)
    const before = mark()
    res = await form(fatima, `/requests/${id}/decision`, { decision: 'approve', ...future() })
    assert.equal(res.status, 303)
    const mails = since(before)
    assert.deepEqual(mails.map((m) => m.to).sort(), [emailOf('amy.clarke'), emailOf('fatima.begum')].sort(),
      'the match confirmations are the only emails (REQ-10)')
    for (const m of mails) assert.match(m.subject, /You have been matched with/)
    assert.match(bodyOf(srv, mails.find((m) => m.to === emailOf('fatima.begum')).id), /please make the first contact/)
    const r = await (await amy.fetch(`/api/v1/requests/${id}`)).json()
    assert.equal(r.status, 'approved')
    assert.ok(r.relationship_id > 0)
    assert.match(r.first_session, /^\d{4}-\d\d-\d\dT14:30$/)
    // approving twice is a state conflict
    assert.equal((await api(fatima, `/api/v1/requests/${id}/decision`, { decision: 'approve', first_session: futureIso() })).status, 409)
    // amy now has a mentor: no more requests
    ;[, html] = await amy.page(`/people/${fatima.id}`)
    assert.match(html, /You already have a mentor in this scheme/)
  })

  test('REQ-8: proposals: accept, ask to amend, reject, each with its emails', async () => {
    // a personal statement, so ravi could request too
    let res = await api(ravi, '/api/v1/profile', { statement: 'I am an IMG doctor looking for support with exams.' })
    assert.equal(res.status, 200)
    res = await api(ravi, '/_dev/proposal', { mentee_id: ravi.id, mentor_id: james.id, score: 82 })
    assert.equal(res.status, 201)
    let pid = (await res.json()).id
    let mails = outbox().filter((m) => m.to === emailOf('james.li'))
    assert.match(mails[mails.length - 1].subject, /Tandem suggests you mentor Ravi/)
    let [, html] = await james.page('/requests')
    assert.match(html, /Suggested by Tandem/)
    ;[, html] = await james.page(`/requests/${pid}`)
    assert.match(html, /Accept the suggestion/)
    assert.doesNotMatch(html, /waiting list/i)
    // a second proposal for the same pair: 409
    assert.equal((await api(ravi, '/_dev/proposal', { mentee_id: ravi.id, mentor_id: james.id, score: 82 })).status, 409)
    // no waiting list for a proposal
    res = await api(james, `/api/v1/requests/${pid}/decision`, { decision: 'waitlist' })
    assert.equal(res.status, 409)
    res = await api(james, `/api/v1/requests/${pid}/decision`, { decision: 'amend', comment: 'Add what you want help with.' })
    assert.equal(res.status, 200)
    mails = outbox().filter((m) => m.to === emailOf('ravi.patel'))
    assert.match(mails[mails.length - 1].subject, /asked you to amend/)
    res = await api(ravi, `/api/v1/requests/${pid}/amend`, { message: 'Exams, mostly.' })
    assert.equal(res.status, 200)
    res = await api(james, `/api/v1/requests/${pid}/decision`, { decision: 'decline' })
    assert.equal(res.status, 422)
    assert.match((await res.json()).error.fields.comment, /reason for rejecting/)
    res = await api(james, `/api/v1/requests/${pid}/decision`, { decision: 'decline', comment: 'Not my area.' })
    assert.equal(res.status, 200)
    mails = outbox().filter((m) => m.to === emailOf('ravi.patel'))
    assert.match(mails[mails.length - 1].subject, /is not able to mentor you/)
    // a new proposal, accepted without a first session
    res = await api(ravi, '/_dev/proposal', { mentee_id: ravi.id, mentor_id: james.id, score: 75 })
    pid = (await res.json()).id
    const before = mark()
    res = await api(james, `/api/v1/requests/${pid}/decision`, { decision: 'approve', comment: 'Happy to.' })
    assert.equal(res.status, 200)
    const r = await res.json()
    assert.equal(r.status, 'approved')
    assert.ok(r.relationship_id > 0)
    assert.deepEqual(since(before).map((m) => m.to).sort(), [emailOf('james.li'), emailOf('ravi.patel')].sort())
  })
})

describe('REQ-13: ranked requests', () => {
  let srv, ravi, fatima, james
  before(async () => {
    srv = await startServer({ demo: true, dev: true })
    // the scheme administrator turns ranked requests on
    const gareth = await signedIn(srv, 'gareth.evans')
    const on = await api(gareth, '/api/v1/admin/schemes/1/request-settings', { ranked_requests: true })
    assert.equal(on.status, 200, await on.text())
    ravi = await signedIn(srv, 'ravi.patel')
    fatima = await signedIn(srv, 'fatima.begum', '1:mentor')
    james = await signedIn(srv, 'james.li')
    const res = await api(ravi, '/api/v1/profile', { statement: 'Looking for help with exams.' })
    assert.equal(res.status, 200)
  })
  after(async () => { await srv.stop() })

  test('the form offers later choices; a decline passes the request to the next', async () => {
    let [res, html] = await ravi.page(`/people/${fatima.id}/request`)
    assert.equal(res.status, 200)
    assert.match(html, /id="second_id"/)
    assert.match(html, new RegExp(`<option value="${james.id}">`))
    res = await form(ravi, `/people/${fatima.id}/request`, { second_id: String(fatima.id) })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /different from your first/)
    res = await form(ravi, `/people/${fatima.id}/request`, { message: 'Ranked', second_id: String(james.id) })
    assert.equal(res.status, 303)
    const id = Number(res.headers.get('location').match(/\/requests\/(\d+)/)[1])
    let list = (await (await ravi.fetch('/api/v1/requests')).json()).requests
    assert.deepEqual(list.map((r) => [r.mentor_id, r.rank, r.status]), [[fatima.id, 1, 'new'], [james.id, 2, 'queued']])
    // the queued choice has not reached james
    assert.equal((await james.fetch(`/api/v1/requests/${list[1].id}`)).status, 404)
    const before = markOf(srv)
    res = await api(fatima, `/api/v1/requests/${id}/decision`, { decision: 'decline', comment: 'Sorry, I am full.' })
    assert.equal(res.status, 200)
    const mails = sinceOf(srv, before)
    assert.ok(mails.some((m) => m.to === emailOf('james.li') && /asked you to be their mentor/.test(m.subject)))
    assert.ok(mails.some((m) => m.to === emailOf('ravi.patel') && /Your request has gone to James/.test(m.subject)))
    list = (await (await ravi.fetch('/api/v1/requests')).json()).requests
    assert.deepEqual(list.map((r) => r.status), ['declined', 'new'])
    // withdrawing the group withdraws its open rows
    res = await api(ravi, `/api/v1/requests/${list[1].id}/withdraw`)
    assert.equal(res.status, 200)
    list = (await (await ravi.fetch('/api/v1/requests')).json()).requests
    assert.deepEqual(list.map((r) => r.status), ['declined', 'withdrawn'])
  })

  test('REQ-2: past the answer-by date a new request is overdue; the administrator reads it only', async () => {
    let res = await api(ravi, '/api/v1/requests', { mentor_id: fatima.id })
    assert.equal(res.status, 201)
    const r = await res.json()
    assert.equal(r.is_overdue, false)
    let [, html] = await fatima.page('/requests')
    assert.doesNotMatch(html, /Overdue/)
    res = await api(ravi, '/_dev/clock', { advance: 10 * 86400 })
    assert.equal(res.status, 200)
    // ten days on, the sessions have expired: sign in again
    fatima = await signedIn(srv, 'fatima.begum', '1:mentor')
    ;[, html] = await fatima.page('/requests')
    assert.match(html, /Overdue/)
    assert.equal((await (await fatima.fetch(`/api/v1/requests/${r.id}`)).json()).is_overdue, true)
    // an administrator of the scheme sees it, without the forms, and may not decide
    const gareth = await signedIn(srv, 'gareth.evans')
    let p
    ;[p, html] = await gareth.page(`/requests/${r.id}`)
    assert.equal(p.status, 200)
    assert.match(html, /Only the mentor can decide it/)
    assert.doesNotMatch(html, /name="decision"/)
    assert.equal((await api(gareth, `/api/v1/requests/${r.id}/decision`, { decision: 'decline', comment: 'x' })).status, 403)
    assert.equal((await api(gareth, `/api/v1/requests/${r.id}/withdraw`)).status, 403)
  })
})

describe('REQ-12: the races for a place', () => {
  let srv
  before(async () => {
    srv = await startServer({
      dev: true,
      prepare: (data) => {
        const r = tandem(['demo', '--data', data, '--password', demoPassword, '--people', '100'])
        assert.equal(r.status, 0, r.stderr)
      }
    })
  })
  after(async () => { await srv.stop() })

  test('two mentors approving the same mentee at once: one relationship', async () => {
    const ravi = await signedIn(srv, 'ravi.patel')
    const fatima = await signedIn(srv, 'fatima.begum', '1:mentor')
    const james = await signedIn(srv, 'james.li')
    assert.equal((await api(ravi, '/api/v1/profile', { statement: 'Exams please.' })).status, 200)
    const a = await (await api(ravi, '/api/v1/requests', { mentor_id: fatima.id })).json()
    const b = await (await api(ravi, '/api/v1/requests', { mentor_id: james.id })).json()
    const rs = await Promise.all([
      api(fatima, `/api/v1/requests/${a.id}/decision`, { decision: 'approve', first_session: futureIso() }),
      api(james, `/api/v1/requests/${b.id}/decision`, { decision: 'approve', first_session: futureIso() })
    ])
    const codes = rs.map((r) => r.status).sort()
    assert.deepEqual(codes, [200, 409])
    const list = (await (await ravi.fetch('/api/v1/requests')).json()).requests
    assert.equal(list.filter((r) => r.status === 'approved').length, 1)
    assert.equal(list.filter((r) => r.relationship_id > 0).length, 1)
  })

  test('REQ-1: at most 3 open requests at a time', { skip: !hasSqlite && 'needs the sqlite3 command' }, async () => {
    const mentee = sql(srv, "SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id " +
      "AND r.role = 'mentee' AND r.scheme_id = 2 WHERE NOT EXISTS (SELECT 1 FROM relationships x " +
      "WHERE x.mentee_id = u.id AND x.status = 'active') ORDER BY u.id DESC LIMIT 1")
    const v = await signedIn(srv, mentee)
    const found = await (await v.fetch('/api/v1/find?sort=name')).json()
    const mentors = found.mentors.filter((m) => m.free_places > 0).slice(0, 4)
    assert.equal(mentors.length, 4, 'four mentors offered')
    for (const m of mentors.slice(0, 3)) assert.equal((await api(v, '/api/v1/requests', { mentor_id: m.id })).status, 201)
    const res = await api(v, '/api/v1/requests', { mentor_id: mentors[3].id })
    assert.equal(res.status, 422)
    assert.match((await res.json()).error.fields.mentor_id, /already have 3 open requests/)
    const [, html] = await v.page(`/people/${mentors[3].id}`)
    assert.match(html, /already have 3 open requests/)
    assert.doesNotMatch(html, /Request a match/)
  })

  test('one free place, two approvals at once, several rounds: exactly one wins each time', { skip: !hasSqlite && 'needs the sqlite3 command' }, async () => {
    // synthetic mentees with no mentor; each round a mentor with no
    // mentees and one place, and the last loser plus a fresh mentee
    const names = (q) => sql(srv, q).split('\n').filter(Boolean)
    const freeMentees = names("SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id " +
      "AND r.role = 'mentee' AND r.scheme_id = 2 WHERE NOT EXISTS (SELECT 1 FROM relationships x " +
      "WHERE x.mentee_id = u.id AND x.status = 'active') ORDER BY u.id LIMIT 6")
    const idleMentors = names("SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id " +
      "AND r.role = 'mentor' AND r.scheme_id = 2 WHERE NOT EXISTS (SELECT 1 FROM relationships x " +
      "WHERE x.mentor_id = u.id AND x.status = 'active') ORDER BY u.id LIMIT 5")
    assert.ok(freeMentees.length >= 4 && idleMentors.length >= 3, 'enough synthetic people')
    const mentees = []
    for (const u of freeMentees) mentees.push(await signedIn(srv, u))
    let free = [mentees[0]]
    let next = 1
    let rounds = 0
    for (let round = 1; next < mentees.length && round <= idleMentors.length; round++) {
      const mentor = await signedIn(srv, idleMentors[round - 1])
      let res = await api(mentor, '/api/v1/profile', { capacity: '1', is_available: true })
      assert.equal(res.status, 200, 'mentor capacity set')
      free.push(mentees[next++])
      const ids = []
      for (const m of free) {
        res = await api(m, '/_dev/proposal', { mentee_id: m.id, mentor_id: mentor.id, score: 90, scheme_id: 2 })
        assert.equal(res.status, 201)
        ids.push((await res.json()).id)
      }
      const rs = await Promise.all(ids.map((id) => api(mentor, `/api/v1/requests/${id}/decision`, { decision: 'approve' })))
      const ok = rs.filter((r) => r.status === 200).length
      const conflicts = rs.filter((r) => r.status === 409).length
      assert.equal(ok, 1, `round ${round}: one approval wins`)
      assert.equal(conflicts, ids.length - 1, `round ${round}: the rest are refused`)
      for (const r of rs.filter((x) => x.status === 409)) assert.match((await r.json()).error.fields.decision, /no free places/)
      const winner = rs.findIndex((r) => r.status === 200)
      free = free.filter((_, i) => i !== winner)
      rounds++
    }
    assert.ok(rounds >= 3, `${rounds} rounds raced`)
  })
})

describe('review fixes: privacy of later choices, withdrawals, email settings', () => {
  let srv, ravi, fatima, james, sarah
  before(async () => {
    srv = await startServer({ demo: true, dev: true })
    const gareth = await signedIn(srv, 'gareth.evans')
    const on = await api(gareth, '/api/v1/admin/schemes/1/request-settings', { ranked_requests: true })
    assert.equal(on.status, 200, await on.text())
    ravi = await signedIn(srv, 'ravi.patel')
    fatima = await signedIn(srv, 'fatima.begum', '1:mentor')
    james = await signedIn(srv, 'james.li')
    sarah = await signedIn(srv, 'sarah.mitchell')
    assert.equal((await api(ravi, '/api/v1/profile', { statement: 'Looking for help with exams.' })).status, 200)
    const res = await api(sarah, '/api/v1/profile', { is_available: true })
    assert.equal(res.status, 200, await res.clone().text())
  })
  after(async () => {
    const r = await srv.stop()
    assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
  })
  const toJames = (mails) => mails.filter((m) => m.to === emailOf('james.li'))
  const setPref = async (v, enabled, frequency) => {
    const res = await api(v, '/api/v1/settings/notifications', { kind: 'request.new', enabled, frequency })
    assert.equal(res.status, 200, await res.clone().text())
  }
  const request = async (mentor) => {
    const res = await api(ravi, '/api/v1/requests', { mentor_id: mentor.id, message: 'Please' })
    assert.equal(res.status, 201, await res.clone().text())
    return (await res.json()).id
  }
  const withdraw = async (id) => assert.equal((await api(ravi, `/api/v1/requests/${id}/withdraw`)).status, 200)

  test('ACC-8: request.new off sends the mentor nothing; daily holds it (no outbox row now)', async () => {
    // the control: on and immediate, the mentor is emailed
    let mark = markOf(srv)
    let id = await request(james)
    assert.equal(toJames(sinceOf(srv, mark)).filter((m) => /asked you to be their mentor/.test(m.subject)).length, 1)
    await withdraw(id)
    await setPref(james, 'off', 'immediate')
    mark = markOf(srv)
    id = await request(james)
    assert.deepEqual(toJames(sinceOf(srv, mark)), [], 'turned off: no email')
    await withdraw(id)
    await setPref(james, 'on', 'daily')
    mark = markOf(srv)
    id = await request(james)
    assert.deepEqual(toJames(sinceOf(srv, mark)), [], 'daily: held for the summary')
    await withdraw(id)
    await setPref(james, 'on', 'immediate')
  })

  test('REQ-5: withdrawing a request waiting for the amendment tells the mentor', async () => {
    const id = await request(james)
    let res = await api(james, `/api/v1/requests/${id}/decision`, { decision: 'amend', comment: 'Tell me more.' })
    assert.equal(res.status, 200, await res.clone().text())
    const mark = markOf(srv)
    await withdraw(id)
    const mails = toJames(sinceOf(srv, mark))
    assert.equal(mails.length, 1)
    assert.match(mails[0].subject, /has withdrawn their request/)
    res = await james.fetch(`/api/v1/requests/${id}`)
    assert.equal((await res.json()).status, 'withdrawn')
  })

  test('REQ-13: a later choice never sent stays hidden from its mentor once withdrawn or closed', async () => {
    const group = async () => {
      const res = await api(ravi, '/api/v1/requests', { mentor_id: fatima.id, second_id: james.id, third_id: sarah.id, message: 'My private message' })
      assert.equal(res.status, 201, await res.clone().text())
      const list = (await (await ravi.fetch('/api/v1/requests')).json()).requests
      const rows = list.filter((r) => r.rank_group === list[0].rank_group)
      assert.deepEqual(rows.map((r) => [r.mentor_id, r.status]), [[fatima.id, 'new'], [james.id, 'queued'], [sarah.id, 'queued']])
      return rows
    }
    const hidden = async (v, id, why) => {
      assert.equal((await v.fetch(`/api/v1/requests/${id}`)).status, 404, `${why}: API`)
      const [res, html] = await v.page(`/requests/${id}`)
      assert.equal(res.status, 404, `${why}: page`)
      assert.doesNotMatch(html, /My private message/)
      const mine = (await (await v.fetch('/api/v1/requests')).json()).requests
      assert.ok(!mine.some((r) => r.id === id), `${why}: not in the list`)
    }
    // the mentee withdraws the group
    let rows = await group()
    await withdraw(rows[0].id)
    await hidden(james, rows[1].id, 'withdrawn second choice')
    await hidden(sarah, rows[2].id, 'withdrawn third choice')
    // the first choice approves: the later choices close
    rows = await group()
    const res = await api(fatima, `/api/v1/requests/${rows[0].id}/decision`, { decision: 'approve', first_session: futureIso() })
    assert.equal(res.status, 200, await res.clone().text())
    const list = (await (await ravi.fetch('/api/v1/requests')).json()).requests
    assert.notEqual(list.find((r) => r.id === rows[1].id).status, 'queued')
    await hidden(james, rows[1].id, 'closed second choice')
    await hidden(sarah, rows[2].id, 'closed third choice')
    // the mentee still sees her own rows
    assert.equal((await ravi.fetch(`/api/v1/requests/${rows[1].id}`)).status, 200)
  })
})

describe('REQ-14: requesting a paused mentor', () => {
  let srv
  before(async () => { srv = await startServer({ demo: true, dev: true }) })
  after(async () => {
    const r = await srv.stop()
    assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
  })

  test('the refusal says the mentor is not taking on new mentees, not "matching rules"', async () => {
    let ravi = await signedIn(srv, 'ravi.patel')
    const james = await signedIn(srv, 'james.li')
    const tom = await signedIn(srv, 'tom.hughes')
    const amy = await signedIn(srv, 'amy.clarke')
    assert.equal((await api(ravi, '/api/v1/profile', { statement: 'Exams please.' })).status, 200)
    // two proposals james lets pass their deadline (REQ-14: paused)
    for (const m of [tom, amy]) {
      const res = await api(m, '/_dev/proposal', { mentee_id: m.id, mentor_id: james.id, score: 50 })
      assert.equal(res.status, 201, await res.clone().text())
    }
    const dev = new Visitor(srv.url)
    dev.csrf = await dev.token()
    let res = await api(dev, '/_dev/clock', { advance: 30 * 86400 })
    assert.equal(res.status, 200)
    let paused = 0
    for (let i = 0; i < 3; i++) {
      res = await api(dev, '/_dev/jobs/requests')
      assert.equal(res.status, 200)
      paused += (await res.json()).paused
    }
    assert.equal(paused, 1, 'james is paused')
    // james does not sign in (that would end the pause)
    ravi = await signedIn(srv, 'ravi.patel')
    res = await api(ravi, '/api/v1/requests', { mentor_id: james.id })
    assert.equal(res.status, 422)
    const why = (await res.json()).error.fields.mentor_id
    assert.match(why, /not taking on new mentees at the moment/)
    assert.doesNotMatch(why, /matching rules/)
  })
})
