// HTTP tests of mentoring sessions and hours (SES-1 to SES-6, SES-10,
// SES-5, REL-7, REL-9): the relationship page's list and hours, the
// three-row form (bad rows 422 with every row kept, nothing saved), the
// API twins, agree / decline / cancel / remove / took-place with their
// emails, the cap with its extension link, the clock moving on
// (/_dev/clock), and every refusal: signed out, CSRF, another pair's ids
// (404), an administrator's write (403), an ended relationship (409).
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, Visitor, demoPassword, tandem } from '../lib/server.mjs'

let srv
const who = {}
const DAY = 86400

before(async () => {
  srv = await startServer({ demo: true, dev: true })
  for (const name of ['chidi.okafor', 'tom.hughes', 'gareth.evans', 'fatima.begum', 'amy.clarke']) {
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
const emailOf = (username) => `${username}@northfield.example.nhs.uk`

function outbox () {
  const r = tandem(['outbox', '--data', srv.data])
  assert.equal(r.status, 0, r.stderr)
  const mails = []
  for (const line of r.stdout.split('\n')) {
    const m = line.match(/^(\d+)\s+(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(.*)$/)
    if (m) mails.push({ id: Number(m[1]), to: m[5], subject: m[6].trim() })
  }
  return mails.sort((a, b) => a.id - b.id)
}
function mailBody (id) {
  const r = tandem(['outbox', '--data', srv.data, '--show', String(id)])
  assert.equal(r.status, 0, r.stderr)
  return r.stdout
}
const to = (mails, username) => mails.filter((m) => m.to === emailOf(username))

function boxes (n, d, time, minutes = '60', format = 'video', place = '') {
  return {
    [`s${n}_day`]: String(d.getUTCDate()),
    [`s${n}_month`]: String(d.getUTCMonth() + 1),
    [`s${n}_year`]: String(d.getUTCFullYear()),
    [`s${n}_time`]: time,
    [`s${n}_minutes`]: minutes,
    [`s${n}_format`]: format,
    [`s${n}_place`]: place
  }
}
let offset = 0 // seconds the server's clock has been moved
const day = (n) => new Date(Date.now() + (offset + n * DAY) * 1000)

async function advance (v, seconds) {
  const res = await api(v, '/_dev/clock', { advance: seconds })
  assert.equal(res.status, 200)
  offset += seconds
}

async function sessionsOf (v, rel = 1) {
  const res = await v.fetch(`/api/v1/relationships/${rel}/sessions`)
  assert.equal(res.status, 200)
  return res.json()
}

describe('SES-1, SES-5: the list and the hours', () => {
  test('the demo pair sees its sessions in date order with the hours', async () => {
    const tom = await signedIn('tom.hughes')
    const j = await sessionsOf(tom)
    assert.equal(j.list.length, 3)
    assert.deepEqual(j.list.map((s) => s.status), ['logged', 'logged', 'proposed'])
    assert.ok(j.list[0].starts_at < j.list[1].starts_at && j.list[1].starts_at < j.list[2].starts_at)
    assert.equal(j.minutes, 120)
    assert.equal(j.hours_words, '2 hours')
    assert.match(j.hours_text, /^2 hours recorded \(1 hour a month: /)
    assert.equal(j.list[2].can.agree, true, 'the mentee may agree the mentor\'s proposal')
    assert.equal(j.list[1].can.took_place, true, 'the mentee confirms the mentor\'s record')
    assert.equal(j.list[0].can.remove, false, 'a confirmed one stays')
    // SES-10: who confirms, by name (the one asked reads "you")
    assert.equal(j.list[0].note, 'Confirmed by you')
    assert.equal(j.list[1].note, 'You have not confirmed it yet')
    const cj = await sessionsOf(await signedIn('chidi.okafor'))
    assert.equal(cj.list[0].note, 'Confirmed by Tom Hughes')
    assert.equal(cj.list[1].note, 'Tom Hughes has not confirmed it yet')
    assert.equal(cj.list[2].note, undefined, 'a proposal has nothing to confirm')
    // the API's url is the session on its relationship page (it opens)
    assert.equal(j.list[2].url, `/relationships/1#session-${j.list[2].id}`)
    assert.equal((await tom.fetch(j.list[2].url.replace(/#.*/, ''))).status, 200)
    const [res, html] = await tom.page('/relationships/1')
    assert.equal(res.status, 200)
    assert.match(html, /<h2>Sessions<\/h2>/)
    assert.match(html, /2 hours recorded/)
    assert.match(html, /You have not confirmed it yet/)
    assert.doesNotMatch(html, /the other person/)
    assert.match(html, /, 10am to 11am \((GMT|BST)\)/)
    assert.match(html, /nhsuk-tag--green">Taken place/)
    assert.match(html, /nhsuk-tag--yellow">Proposed/)
    assert.match(html, /action="\/sessions\/3\/agree"/)
    assert.match(html, /href="\/sessions\/1\/log"/, 'the activity log of a session that took place')
    // the home page and the profile
    const [, home] = await tom.page('/')
    assert.match(home, /Your mentoring hours: <strong>2 hours<\/strong>/)
    assert.match(home, /Did your session with Chidi Okafor on .* take place\?/)
    const [, profile] = await tom.page('/profile')
    assert.match(profile, /Mentoring hours recorded: <strong>2 hours<\/strong>/)
    const p = await (await tom.fetch('/api/v1/profile')).json()
    assert.equal(p.mentoring_minutes, 120)
  })

  test('the administrator sees dates, statuses and hours but no actions', async () => {
    const gareth = await signedIn('gareth.evans')
    const j = await sessionsOf(gareth)
    assert.equal(j.list.length, 3)
    assert.equal(j.can_add, false)
    for (const s of j.list) {
      assert.equal(s.has_actions, false)
      assert.equal(s.log_url, undefined, 'the scheme does not show content to administrators')
    }
    const [res, html] = await gareth.page('/relationships/1')
    assert.equal(res.status, 200)
    assert.doesNotMatch(html, /action="\/sessions\/\d+\//)
    assert.doesNotMatch(html, /sessions\/new/)
    assert.equal((await api(gareth, '/api/v1/sessions/3/agree')).status, 403)
    assert.equal((await api(gareth, '/api/v1/relationships/1/sessions',
      boxes(1, day(3), '10:00'))).status, 403)
    assert.equal((await gareth.fetch('/relationships/1/sessions/new')).status, 403)
    const one = await (await gareth.fetch('/api/v1/sessions/1')).json()
    assert.equal(one.session.status, 'logged')
    // the administrator sees who has (not) confirmed, by name
    assert.equal(one.session.note, 'Confirmed by Tom Hughes')
    assert.equal(j.list[1].note, 'Tom Hughes has not confirmed it yet')
    assert.match(html, /Tom Hughes has not confirmed it yet/)
  })

  test('another pair\'s ids are not found; signed out goes to sign in', async () => {
    const amy = await signedIn('amy.clarke')
    assert.equal((await amy.fetch('/api/v1/relationships/1/sessions')).status, 404)
    assert.equal((await amy.fetch('/api/v1/sessions/1')).status, 404)
    assert.equal((await api(amy, '/api/v1/sessions/3/agree')).status, 404)
    assert.equal((await form(amy, '/sessions/3/decline')).status, 404)
    assert.equal((await amy.fetch('/relationships/1/sessions/new')).status, 404)
    assert.equal((await api(amy, '/api/v1/relationships/1/sessions', boxes(1, day(3), '10:00'))).status, 404)
    assert.equal((await api(amy, '/api/v1/sessions/999999/agree')).status, 404)
    const anon = new Visitor(srv.url)
    const res = await anon.fetch('/relationships/1/sessions/new')
    assert.ok([302, 303].includes(res.status))
    assert.match(res.headers.get('location'), /sign-in/)
    assert.equal((await anon.fetch('/api/v1/sessions/1')).status, 401)
  })
})

describe('SES-2, SES-3: adding up to three sessions', () => {
  test('bad rows: 422, the message beside each field, every row kept, nothing saved', async () => {
    const chidi = await signedIn('chidi.okafor')
    const before = (await sessionsOf(chidi)).list.length
    const mails = outbox().length
    const res = await form(chidi, '/relationships/1/sessions/new', {
      ...boxes(1, day(3), '10:00', '60', 'video', 'Room 12'),
      ...boxes(2, day(4), '25:61', '60', 'phone'),
      ...boxes(3, day(5), '11:00', '3', 'in_person', 'Library')
    })
    assert.equal(res.status, 422)
    const html = await res.text()
    assert.match(html, /There is a problem/)
    assert.match(html, /href="#s2_time">Enter the start time of session 2/)
    assert.match(html, /id="s2_time-error"/)
    assert.match(html, /id="s3_minutes-error"/)
    assert.match(html, /value="Room 12"/, 'row 1 as typed')
    assert.match(html, /value="25:61"/, 'row 2 as typed')
    assert.match(html, /value="Library"/, 'row 3 as typed')
    assert.match(html, /<option value="in_person" selected>/)
    assert.equal((await sessionsOf(chidi)).list.length, before, 'nothing saved')
    assert.equal(outbox().length, mails, 'nobody emailed')
    // the API: the same fields, a JSON error
    const r2 = await api(chidi, '/api/v1/relationships/1/sessions', { ...boxes(1, day(3), '9:00', '60', 'fax') })
    assert.equal(r2.status, 422)
    const j = await r2.json()
    assert.ok(j.error.fields.s1_format)
    // nothing at all
    const r3 = await form(chidi, '/relationships/1/sessions/new', {})
    assert.equal(r3.status, 422)
    assert.match(await r3.text(), /Enter at least one session/)
    // CSRF
    const r4 = await chidi.postForm('/relationships/1/sessions/new', boxes(1, day(3), '10:00'))
    assert.equal(r4.status, 403)
  })

  test('one update: past logged, future proposed, one email to the other', async () => {
    const chidi = await signedIn('chidi.okafor')
    const [res0, html0] = await chidi.page('/relationships/1/sessions/new')
    assert.equal(res0.status, 200)
    assert.match(html0, /name="s3_place"/)
    const mails = outbox().length
    const res = await form(chidi, '/relationships/1/sessions/new', {
      ...boxes(1, day(-2), '09:00', '45', 'phone'),
      ...boxes(3, day(6), '14:30', '90', 'in_person', 'Seminar room')
    })
    assert.equal(res.status, 303)
    assert.match(res.headers.get('location'), /^\/relationships\/1\?done=sessions_added#sessions$/)
    const j = await sessionsOf(chidi)
    const added = j.list.slice(-2)
    const byStatus = Object.fromEntries(j.list.filter((s) => s.id > 3).map((s) => [s.status, s]))
    assert.ok(byStatus.logged && byStatus.proposed, JSON.stringify(added))
    assert.equal(byStatus.logged.minutes, 45)
    assert.equal(byStatus.proposed.place, 'Seminar room')
    assert.equal(j.minutes, 120 + 45, 'the logged one counts at once')
    const fresh = outbox().slice(mails)
    assert.equal(fresh.length, 1, 'one email per update')
    assert.equal(fresh[0].to, emailOf('tom.hughes'))
    const body = mailBody(fresh[0].id)
    assert.match(body, /proposed sessions and recorded sessions that took place/)
    assert.match(body, /Seminar room/)
    assert.match(body, /2:30pm to 4pm/)
    assert.match(body, /^The relationship page: https?:\/\/\S+\/relationships\/1$/m, 'the link, not just "open your relationship page"')
  })

  test('the API adds rows with the same names and answers 201', async () => {
    const tom = await signedIn('tom.hughes')
    const res = await api(tom, '/api/v1/relationships/1/sessions', { ...boxes(2, day(8), '08:15', '30', 'video', 'https://meet.example/x') })
    assert.equal(res.status, 201)
    const j = await res.json()
    assert.equal(j.added.length, 1)
    const s = j.list.find((x) => x.id === j.added[0])
    assert.equal(s.status, 'proposed')
    assert.equal(s.place_is_link, true)
    assert.equal(s.can.cancel, true, 'the proposer may withdraw it')
    assert.equal(s.can.agree, false)
  })
})

describe('SES-4, SES-6, SES-10: answering, cancelling, did it take place', () => {
  test('agree and decline by the other party; the proposer is told', async () => {
    const chidi = await signedIn('chidi.okafor')
    const tom = await signedIn('tom.hughes')
    const j = await sessionsOf(tom)
    const proposedByChidi = j.list.filter((s) => s.status === 'proposed' && s.added_by === who['chidi.okafor'])
    assert.ok(proposedByChidi.length >= 2)
    const [a, b] = proposedByChidi
    assert.equal((await api(chidi, `/api/v1/sessions/${a.id}/agree`)).status, 409, 'not your own')
    const mails = outbox().length
    let res = await form(tom, `/sessions/${a.id}/agree`)
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), `/relationships/1?done=session_agreed#session-${a.id}`)
    const fresh = outbox().slice(mails)
    assert.equal(to(fresh, 'chidi.okafor').length, 1, 'the proposer told')
    assert.equal(to(fresh, 'tom.hughes').length, 1, 'the invitation to the one who agreed')
    assert.match(to(fresh, 'chidi.okafor')[0].subject, /agreed/)
    res = await api(tom, `/api/v1/sessions/${b.id}/decline`)
    assert.equal(res.status, 200)
    assert.equal((await res.json()).session.status, 'declined')
    assert.equal((await api(tom, `/api/v1/sessions/${b.id}/agree`)).status, 409, 'already answered')
    const [, html] = await tom.page('/relationships/1')
    assert.match(html, /<s>[^<]+<\/s><\/h3>\s*<p><strong class="nhsuk-tag nhsuk-tag--red">Declined<\/strong> <span class="tandem-sessions-counted">Not counted/)
  })

  test('cancel an agreed one, withdraw a proposal, remove a logged one', async () => {
    const chidi = await signedIn('chidi.okafor')
    const tom = await signedIn('tom.hughes')
    let j = await sessionsOf(tom)
    const agreed = j.list.find((s) => s.status === 'agreed')
    const mine = j.list.find((s) => s.status === 'proposed' && s.added_by === who['tom.hughes'])
    const logged = j.list.find((s) => s.status === 'logged' && s.minutes === 45)
    assert.equal((await api(chidi, `/api/v1/sessions/${mine.id}/cancel`)).status, 409, 'only the proposer withdraws')
    assert.equal((await api(tom, `/api/v1/sessions/${mine.id}/cancel`)).status, 200)
    let mails = outbox().length
    assert.equal((await api(chidi, `/api/v1/sessions/${agreed.id}/cancel`)).status, 200)
    let fresh = outbox().slice(mails)
    assert.equal(to(fresh, 'tom.hughes').length, 1)
    assert.equal(to(fresh, 'chidi.okafor').length, 1, 'the calendar update to both')
    const one = await (await tom.fetch(`/api/v1/sessions/${agreed.id}`)).json()
    assert.equal(one.session.status, 'cancelled')
    assert.equal(one.session.sequence, 1)
    const before = (await sessionsOf(tom)).minutes
    mails = outbox().length
    assert.equal((await form(tom, `/sessions/${logged.id}/remove`)).status, 303, 'either party removes an unconfirmed one')
    fresh = outbox().slice(mails)
    assert.equal(to(fresh, 'chidi.okafor').length, 1)
    j = await sessionsOf(tom)
    assert.equal(j.minutes, before - 45)
    assert.equal((await api(tom, `/api/v1/sessions/${logged.id}/remove`)).status, 409)
    // a confirmed one stays
    assert.equal((await api(chidi, '/api/v1/sessions/1/remove')).status, 409)
  })

  test('time passes: an agreed session counts, then both are asked', async () => {
    let chidi = await signedIn('chidi.okafor')
    let tom = await signedIn('tom.hughes')
    const res = await api(chidi, '/api/v1/relationships/1/sessions', boxes(1, day(2), '10:00', '60', 'video'))
    assert.equal(res.status, 201)
    const id = (await res.json()).added[0]
    assert.equal((await api(tom, `/api/v1/sessions/${id}/agree`)).status, 200)
    const before = (await sessionsOf(tom)).minutes
    assert.equal((await api(tom, `/api/v1/sessions/${id}/took-place`, { answer: 'yes' })).status, 409, 'not yet')
    await advance(chidi, 4 * DAY)
    // sign-in sessions expire when idle that long: sign in again
    chidi = await signedIn('chidi.okafor')
    tom = await signedIn('tom.hughes')
    assert.equal((await sessionsOf(tom)).minutes, before + 60)
    let [, home] = await chidi.page('/')
    assert.match(home, new RegExp(`action="/sessions/${id}/took-place"`))
    // chidi says yes from the home page; tom says no: it stops counting
    const r = await form(chidi, `/sessions/${id}/took-place`, { answer: 'yes', back: 'home' })
    assert.equal(r.status, 303)
    assert.equal(r.headers.get('location'), '/?done=session_took_place')
    ;[, home] = await chidi.page('/?done=session_took_place')
    assert.doesNotMatch(home, new RegExp(`action="/sessions/${id}/took-place"`))
    assert.match(home, /nhsuk-notification-banner--success/)
    assert.match(home, /Thank you: the session is recorded as having taken place\./)
    // only the known values say anything
    ;[, home] = await chidi.page('/?done=session_agreed')
    assert.doesNotMatch(home, /nhsuk-notification-banner/)
    ;[, home] = await chidi.page('/?done=%3Cscript%3E')
    assert.doesNotMatch(home, /nhsuk-notification-banner|<script>/)
    assert.equal((await api(tom, `/api/v1/sessions/${id}/took-place`, { answer: 'maybe' })).status, 422)
    const mails = outbox().length
    const no = await form(tom, `/sessions/${id}/took-place`, { answer: 'no', back: 'home' })
    assert.equal(no.status, 303)
    assert.equal(no.headers.get('location'), '/?done=session_not_taken_place')
    const [, tomHome] = await tom.page('/?done=session_not_taken_place')
    assert.match(tomHome, /recorded as not having taken place, so it does not count/)
    assert.equal(to(outbox().slice(mails), 'chidi.okafor').length, 1)
    assert.equal((await sessionsOf(tom)).minutes, before)
    const one = (await (await tom.fetch(`/api/v1/sessions/${id}`)).json()).session
    assert.equal(one.status_words, 'Did not take place')
    assert.equal(one.counts, false)
  })
})

describe('REL-7: the cap', () => {
  test('refused beyond the cap with how many are left and the extension link', async () => {
    const gareth = await signedIn('gareth.evans')
    const chidi = await signedIn('chidi.okafor')
    const j = await sessionsOf(chidi)
    const inUse = j.in_use
    // the administrator sets the cap to what is in use plus one
    const put = await api(gareth, '/api/v1/admin/schemes/1/request-settings', { session_cap: inUse + 1 })
    assert.equal(put.status, 200)
    const res = await form(chidi, '/relationships/1/sessions/new', {
      ...boxes(1, day(10), '10:00'), ...boxes(2, day(11), '10:00')
    })
    assert.equal(res.status, 422)
    const html = await res.text()
    assert.match(html, /there is 1 left, so 2 cannot be added\. Add fewer, or ask the scheme team for more sessions/)
    assert.doesNotMatch(html, /at \/relationships/, 'no path in the sentence')
    assert.match(html, /href="\/relationships\/1\/extension">Ask the scheme team for more sessions/, 'the link beside it')
    assert.match(html, /value="10:00"/)
    const r422 = await api(chidi, '/api/v1/relationships/1/sessions', {
      ...boxes(1, day(10), '10:00'), ...boxes(2, day(11), '10:00')
    })
    assert.equal(r422.status, 422)
    const msg = (await r422.json()).error.fields.sessions
    assert.doesNotMatch(JSON.stringify(msg), /\/extension/)
    const ok = await api(chidi, '/api/v1/relationships/1/sessions', boxes(1, day(10), '10:00'))
    assert.equal(ok.status, 201)
    const after = await ok.json()
    assert.equal(after.cap_words, `${inUse + 1} of ${inUse + 1} sessions used`)
    assert.equal(after.can_add, false)
    // the cap reached: no three-row form, why and the link instead
    const [g, full] = await chidi.page('/relationships/1/sessions/new')
    assert.equal(g.status, 200)
    assert.match(full, new RegExp(`All ${inUse + 1} sessions allowed are used or planned\\.`))
    assert.match(full, /href="\/relationships\/1\/extension">Ask the scheme team for more sessions/)
    assert.doesNotMatch(full, /name="s1_day"/)
    assert.doesNotMatch(full, /Save sessions/)
    const p = await form(chidi, '/relationships/1/sessions/new', boxes(1, day(12), '10:00'))
    assert.equal(p.status, 409)
    const pfull = await p.text()
    assert.match(pfull, new RegExp(`All ${inUse + 1} sessions allowed are used or planned\\.`))
    assert.match(pfull, /href="\/relationships\/1\/extension"/)
    assert.doesNotMatch(pfull, /name="s1_day"|There is a problem/)
    const [, relHtml] = await chidi.page('/relationships/1')
    assert.match(relHtml, /href="\/relationships\/1\/extension">Ask the scheme team for more sessions/)
    // put the cap back for the tests after this one
    assert.equal((await api(gareth, '/api/v1/admin/schemes/1/request-settings', { session_cap: 0 })).status, 200)
  })
})

describe('REL-4, REL-5: an ended relationship', () => {
  test('the list stays; every write is 409', async () => {
    const chidi = await signedIn('chidi.okafor')
    const tom = await signedIn('tom.hughes')
    const j = await sessionsOf(tom)
    const proposed = j.list.find((s) => s.status === 'proposed')
    const d = day(0)
    const iso = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`
    const res = await api(chidi, '/api/v1/relationships/1/complete', { end_date: iso })
    assert.equal(res.status, 200, await res.text())
    const after = await sessionsOf(tom)
    assert.equal(after.list.length, j.list.length)
    assert.equal(after.can_add, false)
    assert.ok(after.list.every((s) => !s.has_actions))
    assert.equal((await api(tom, `/api/v1/sessions/${proposed.id}/agree`)).status, 409)
    assert.equal((await api(chidi, '/api/v1/relationships/1/sessions', boxes(1, day(3), '10:00'))).status, 409)
    assert.equal((await chidi.fetch('/relationships/1/sessions/new')).status, 409)
    const [, html] = await tom.page('/relationships/1')
    assert.match(html, /<h2>Sessions<\/h2>/)
    assert.doesNotMatch(html, /action="\/sessions\/\d+\//)
  })
})
