// HTTP tests of what happens to requests with time and what scheme
// administrators see and set about it, with the injectable clock
// (POST /_dev/clock {advance}) and the deadline job run on demand
// (POST /_dev/jobs/requests):
// - REQ-7: the reminder to the mentor exactly at the deadline, once; the
//   administrators' alert a week after the request was sent, once;
//   "waiting too long" on the administrator's page and home card;
// - REQ-14: two missed deadlines pause the mentor (told by email, not
//   offered in Find a mentor) until they sign in again; last active,
//   missed deadlines and pause on the responsiveness page;
// - REQ-8: system proposals only at or above the scheme's threshold,
//   at most once an hour, never repeated for a mentee with an open one;
// - the request settings page: validation beside each field with what
//   was typed kept, the holiday list, the API twin, and the refusals
//   (a mentor: 403; another scheme's administrator: 404).
// Weekends, holidays and ranked passing are also covered with exact
// times in tests/unit/test_reqjobs.c (the demo has no mentee with two
// offerable mentors for a ranked request).
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { startServer, Visitor, demoPassword, tandem, bin } from '../lib/server.mjs'

const emailOf = (username) => `${username}@northfield.example.nhs.uk`
const FATIMA = 6
const JAMES = 5

function outbox (srv) {
  const r = tandem(['outbox', '--data', srv.data])
  assert.equal(r.status, 0, r.stderr)
  const mails = []
  for (const line of r.stdout.split('\n')) {
    const m = line.match(/^(\d+)\s+(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(.*)$/)
    if (m) mails.push({ id: Number(m[1]), status: m[2], to: m[5], subject: m[6].trim() })
  }
  return mails
}
const mailsTo = (srv, to, part) => outbox(srv).filter((m) => m.to === to && m.subject.includes(part))
function mailBody (srv, id) {
  const r = tandem(['outbox', '--data', srv.data, '--show', String(id)])
  assert.equal(r.status, 0, r.stderr)
  return r.stdout.slice(r.stdout.indexOf('\n\n') + 2)
}

async function signedIn (srv, username) {
  const v = new Visitor(srv.url)
  const res = await v.signIn(username, demoPassword)
  assert.equal(res.status, 303, `${username} signs in`)
  v.csrf = await v.token()
  return v
}
const form = (v, path, fields = {}) => v.postForm(path, { csrf_token: v.csrf, ...fields })
const api = (v, path, body = {}) => v.postJSON(path, body, { 'X-CSRF-Token': v.csrf })

async function advance (v, seconds) {
  const res = await api(v, '/_dev/clock', { advance: seconds })
  assert.equal(res.status, 200)
  return (await res.json()).now
}
async function runJob (v) {
  const res = await api(v, '/_dev/jobs/requests')
  assert.equal(res.status, 200)
  const r = await res.json()
  assert.equal(r.failed, 0, 'no row failed')
  return r
}
// The clock and the job through an anonymous visitor: a signed-in
// session would expire when the clock jumps days ahead.
async function devVisitor (srv) {
  const v = new Visitor(srv.url)
  v.csrf = await v.token()
  return v
}
async function json (v, path) {
  const res = await v.fetch(path)
  assert.equal(res.status, 200, path)
  return res.json()
}
const findNames = async (v) => (await json(v, '/api/v1/find?sort=score')).mentors.map((m) => m.name)

describe('REQ-7 and REQ-14: reminders, alerts, pausing', () => {
  let srv, dev, reqDeadline, reqSent
  // sessions expire as the clock jumps: each step signs in afresh
  const as = (username) => signedIn(srv, username)
  before(async () => {
    srv = await startServer({ demo: true, dev: true })
    dev = await devVisitor(srv)
  })
  after(async () => {
    const r = await srv.stop()
    assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
  })

  test('a request, then a proposal, to the same mentor', async () => {
    // 2 working days: the deadline comes well before the week's alert
    let res = await api(await as('gareth.evans'), '/api/v1/admin/schemes/1/request-settings',
      { response_deadline_days: 2 })
    assert.equal(res.status, 200)
    const amy = await as('amy.clarke')
    const ravi = await as('ravi.patel')
    res = await api(amy, '/api/v1/requests', { mentor_id: FATIMA, message: 'I am returning to training and would value your advice.' })
    assert.equal(res.status, 201, await res.clone().text())
    const j = await res.json()
    const r = j.request || j
    reqDeadline = r.deadline_at
    reqSent = r.submitted_at
    assert.ok(reqDeadline >= reqSent + 2 * 86400 && reqDeadline <= reqSent + 4 * 86400)
    const me = await json(ravi, '/api/v1/me')
    res = await api(ravi, '/_dev/proposal', { mentee_id: me.id, mentor_id: FATIMA, score: 40 })
    assert.equal(res.status, 201, await res.clone().text())
    assert.ok((await findNames(await as('tom.hughes'))).includes('Fatima Begum'),
      'offered before the pause')
  })

  test('REQ-7: no reminder a minute before the deadline', async () => {
    const now = await advance(dev, 0)
    await advance(dev, reqDeadline - now - 60)
    const r = await runJob(dev)
    assert.equal(r.reminded, 0)
    assert.equal(mailsTo(srv, emailOf('fatima.begum'), 'Reminder').length, 0)
  })

  test('REQ-7, REQ-14: at the deadline both remind the mentor; the second miss pauses her', async () => {
    await advance(dev, 60)
    const first = await runJob(dev)
    assert.ok(first.reminded >= 1, 'the request, exactly at its deadline')
    await advance(dev, 60)   // the proposal was made a moment later
    const second = await runJob(dev)
    const r = {}
    for (const k of ['reminded', 'missed', 'paused']) r[k] = first[k] + second[k]
    assert.equal(r.missed, 2)
    assert.equal(r.paused, 1)
    const reminders = mailsTo(srv, emailOf('fatima.begum'), 'Reminder')
    assert.equal(reminders.length, 2)
    const body = mailBody(srv, reminders[0].id)
    assert.match(body, /Sign in to Tandem and open My mentoring requests/)
    const paused = mailsTo(srv, emailOf('fatima.begum'), 'Your mentor profile has been paused')
    assert.equal(paused.length, 1)
    assert.match(mailBody(srv, paused[0].id), /mentees will not be offered you/)
    // idempotent: again at the same moment, nothing
    const again = await runJob(dev)
    assert.equal(again.reminded + again.paused + again.missed, 0)
    assert.equal(mailsTo(srv, emailOf('fatima.begum'), 'Reminder').length, 2)
  })

  test('REQ-14: a paused mentor is not offered, and the profile says why', async () => {
    assert.ok(!(await findNames(await as('tom.hughes'))).includes('Fatima Begum'))
    const gareth = await as('gareth.evans')
    const [res, html] = await gareth.page(`/admin/schemes/1/explain?mentee=7&mentor=${FATIMA}`)
    assert.equal(res.status, 200)
    assert.match(html, /Paused: let two requests pass the deadline/)
  })

  test('REQ-14: the responsiveness page and the home card show it', async () => {
    const gareth = await as('gareth.evans')
    const j = await json(gareth, '/api/v1/admin/schemes/1/requests')
    assert.equal(j.overdue.length, 2)
    assert.ok(j.overdue.every((o) => o.is_reminded && !o.is_alerted && o.mentor_id === FATIMA))
    const f = j.mentors.find((m) => m.id === FATIMA)
    assert.equal(f.is_paused, true)
    assert.equal(f.missed_deadlines, 2)
    assert.equal(f.open_requests, 2)
    assert.equal(f.median_response_seconds, null)
    const [res, html] = await gareth.page('/admin/schemes/1/requests')
    assert.equal(res.status, 200)
    assert.match(html, /Waiting too long/)
    assert.match(html, /Amy Clarke/)
    assert.match(html, /Paused/)
    assert.match(html, /role="region"/)
    const [, home] = await gareth.page('/')
    assert.match(home, /Requests waiting too long: 2/)
  })

  test('REQ-7: the administrators are alerted a week after sending, once', async () => {
    const now = await advance(dev, 0)
    await advance(dev, reqSent + 7 * 86400 - 60 - now)
    let r = await runJob(dev)
    assert.equal(r.alerted, 0, 'not a minute before the week is up')
    await advance(dev, 120)
    r = await runJob(dev)
    assert.equal(r.alerted, 2)
    assert.equal(mailsTo(srv, emailOf('gareth.evans'), 'A request has waited a week').length, 2)
    r = await runJob(dev)
    assert.equal(r.alerted, 0)
    const gareth = await as('gareth.evans')
    const j = await json(gareth, '/api/v1/admin/schemes/1/requests')
    assert.ok(j.overdue.every((o) => o.is_alerted))
  })

  test('REQ-14: the mentor signing in ends the pause', async () => {
    await as('fatima.begum')
    assert.ok((await findNames(await as('tom.hughes'))).includes('Fatima Begum'))
    const gareth = await as('gareth.evans')
    const j = await json(gareth, '/api/v1/admin/schemes/1/requests')
    const f = j.mentors.find((m) => m.id === FATIMA)
    assert.equal(f.is_paused, false)
    assert.equal(f.missed_deadlines, 0)
    assert.ok(f.last_active_at > 0)
  })

  test('refusals: a mentee or mentor gets 403, the page needs its scheme', async () => {
    const amy = await as('amy.clarke')
    const gareth = await as('gareth.evans')
    let res = await amy.fetch('/admin/schemes/1/requests')
    assert.equal(res.status, 403)
    res = await amy.fetch('/api/v1/admin/schemes/1/requests')
    assert.equal(res.status, 403)
    res = await gareth.fetch('/admin/schemes/999/requests')
    assert.equal(res.status, 404)
  })
})

describe('REQ-8: system proposals', () => {
  let srv, gareth
  before(async () => {
    srv = await startServer({ demo: true, dev: true })
    gareth = await signedIn(srv, 'gareth.evans')
  })
  after(async () => {
    const r = await srv.stop()
    assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
  })
  const settings = (extra) => api(gareth, '/api/v1/admin/schemes/1/request-settings', extra)

  test('off by default: nothing is proposed', async () => {
    const r = await runJob(gareth)
    assert.equal(r.proposed, 0)
    assert.equal(r.schemes_proposing, 0)
  })

  test('only mentees whose best mentor scores at least the threshold', async () => {
    // demo scores: Fatima (as mentee) - James 24; Amy - Fatima 22;
    // Ravi lacks a statement; Tom has a mentor
    let res = await settings({ allow_system_proposals: true, proposal_threshold: 23 })
    assert.equal(res.status, 200)
    const r = await runJob(gareth)
    assert.equal(r.schemes_proposing, 1)
    assert.equal(r.proposed, 1)
    const mails = mailsTo(srv, emailOf('james.li'), 'Tandem suggests you mentor')
    assert.equal(mails.length, 1)
    assert.match(mailBody(srv, mails[0].id), /Fatima Begum: your profiles match well \(a match score of 24/)
    assert.equal(outbox(srv).filter((m) => m.subject.includes('Tandem suggests')).length, 1)
    // the threshold lowered: not before an hour has passed
    res = await settings({ proposal_threshold: 20 })
    assert.equal(res.status, 200)
    const again = await runJob(gareth)
    assert.equal(again.schemes_proposing, 0)
    assert.equal(again.proposed, 0)
  })

  test('an hour later: the next mentee, and no repeat for the first', async () => {
    const dev = await devVisitor(srv)
    await advance(dev, 3601)
    const r = await runJob(dev)
    assert.equal(r.schemes_proposing, 1)
    assert.equal(r.proposed, 1)
    assert.equal(mailsTo(srv, emailOf('fatima.begum'), 'Tandem suggests you mentor Amy Clarke').length, 1)
    assert.equal(mailsTo(srv, emailOf('james.li'), 'Tandem suggests you mentor').length, 1)
    await advance(dev, 3601)
    const third = await runJob(dev)
    assert.equal(third.proposed, 0)
  })
})

describe('request settings', () => {
  let srv, gareth, chidi, olga
  before(async () => {
    srv = await startServer({ demo: true, dev: true })
    const u = spawnSync(bin, ['user', 'add', '--data', srv.data, '--username', 'olga.other',
      '--email', 'olga.other@example.nhs.uk', '--name', 'Olga Other'],
    { input: demoPassword + '\n', encoding: 'utf8' })
    assert.equal(u.status, 0, u.stderr)
    const s = tandem(['scheme', 'add', '--data', srv.data, '--slug', 'elsewhere', '--name',
      'Elsewhere Scheme', '--admin', 'olga.other'])
    assert.equal(s.status, 0, s.stderr)
    gareth = await signedIn(srv, 'gareth.evans')
    chidi = await signedIn(srv, 'chidi.okafor')
    olga = await signedIn(srv, 'olga.other')
  })
  after(async () => {
    const r = await srv.stop()
    assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
  })

  const good = {
    allow_mentee_requests: '1', ranked_requests: '1', proposal_threshold: '70',
    allow_admin_assignment: '1', response_deadline_days: '5', default_capacity: '2',
    session_cap: '4', extension_sessions: '2', min_hours: '1', min_minutes: '30'
  }

  test('the page explains each setting and links from the requests page', async () => {
    const [res, html] = await gareth.page('/admin/schemes/1/request-settings')
    assert.equal(res.status, 200)
    for (const s of ['Requests from mentees', 'Ranked requests', 'Proposals by Tandem',
      'Assignment by administrators', 'Working days a mentor has to answer',
      'Mentees per mentor', 'Session limit', 'Extra sessions', 'Minimum commitment each month',
      'Holidays']) assert.ok(html.includes(s), s)
    const [, page] = await gareth.page('/admin/schemes/1/requests')
    assert.match(page, /href="\/admin\/schemes\/1\/request-settings"/)
  })

  test('bad numbers: a message beside each field, what was typed kept', async () => {
    const res = await form(gareth, '/admin/schemes/1/request-settings', {
      ...good, response_deadline_days: '0', proposal_threshold: 'lots', min_minutes: '75'
    })
    assert.equal(res.status, 400)
    const html = await res.text()
    assert.match(html, /id="response_deadline_days-error"[^]*?from 1 to 60/)
    assert.match(html, /id="proposal_threshold-error"[^]*?from 1 to 100/)
    assert.match(html, /id="min_minutes-error"[^]*?from 0 to 59/)
    assert.match(html, /name="proposal_threshold" type="text" inputmode="numeric" value="lots"/)
    assert.match(html, /name="response_deadline_days" type="text" inputmode="numeric" value="0"/)
    assert.match(html, /nhsuk-error-summary/)
    const j = await json(gareth, '/api/v1/admin/schemes/1/request-settings')
    assert.equal(j.settings.response_deadline_days, 5, 'nothing saved')
  })

  test('saved, audited, and the API says so; the API keeps what it leaves out', async () => {
    let res = await form(gareth, '/admin/schemes/1/request-settings', { ...good, response_deadline_days: '3' })
    assert.equal(res.status, 303)
    assert.match(res.headers.get('location'), /request-settings\?done=saved/)
    let j = await json(gareth, '/api/v1/admin/schemes/1/request-settings')
    assert.equal(j.settings.response_deadline_days, 3)
    assert.equal(j.settings.ranked_requests, true)
    assert.equal(j.settings.allow_system_proposals, false, 'an unticked box is off')
    assert.equal(j.settings.min_minutes_per_month, 90)
    assert.equal(j.settings.session_cap, 4)
    res = await api(gareth, '/api/v1/admin/schemes/1/request-settings', { session_cap: 6 })
    assert.equal(res.status, 200)
    j = await res.json()
    assert.equal(j.settings.session_cap, 6)
    assert.equal(j.settings.response_deadline_days, 3)
    res = await api(gareth, '/api/v1/admin/schemes/1/request-settings', { default_capacity: 51 })
    assert.equal(res.status, 422)
    j = await res.json()
    assert.ok(j.error.fields.default_capacity)
  })

  test('holidays: added in day/month/year boxes, refused when not a date, removed', async () => {
    let res = await form(gareth, '/admin/schemes/1/request-settings/holidays', {
      holiday_day: '31', holiday_month: '2', holiday_year: '2027', holiday_label: 'Nonsense'
    })
    assert.equal(res.status, 400)
    let html = await res.text()
    assert.match(html, /id="holiday_day-error"/)
    assert.match(html, /name="holiday_label" type="text" value="Nonsense"/)
    res = await form(gareth, '/admin/schemes/1/request-settings/holidays', {
      holiday_day: '25', holiday_month: '12', holiday_year: '2026', holiday_label: 'Christmas Day'
    })
    assert.equal(res.status, 303)
    ;[, html] = await gareth.page('/admin/schemes/1/request-settings')
    assert.match(html, /25 December 2026/)
    assert.match(html, /Christmas Day/)
    res = await form(gareth, '/admin/schemes/1/request-settings/holidays', {
      holiday_day: '25', holiday_month: '12', holiday_year: '2026'
    })
    assert.equal(res.status, 400, 'the same day twice')
    assert.match(await res.text(), /already on the holiday list/)
    let j = await json(gareth, '/api/v1/admin/schemes/1/request-settings')
    assert.deepEqual(j.settings.holidays.map((h) => h.day), ['2026-12-25'])
    res = await form(gareth, '/admin/schemes/1/request-settings/holidays/remove', { day: '2026-12-25' })
    assert.equal(res.status, 303)
    j = await json(gareth, '/api/v1/admin/schemes/1/request-settings')
    assert.equal(j.settings.holidays.length, 0)
    res = await form(gareth, '/admin/schemes/1/request-settings/holidays/remove', { day: '2026-12-25' })
    assert.equal(res.status, 404)
    // the API twin
    res = await api(gareth, '/api/v1/admin/schemes/1/request-settings/holidays',
      { holiday_day: 28, holiday_month: 12, holiday_year: 2026, holiday_label: 'Bank holiday' })
    assert.equal(res.status, 200)
    j = await res.json()
    assert.deepEqual(j.settings.holidays.map((h) => [h.day, h.label]), [['2026-12-28', 'Bank holiday']])
    res = await api(gareth, '/api/v1/admin/schemes/1/request-settings/holidays',
      { holiday_day: 28, holiday_month: 12, holiday_year: 2026 })
    assert.equal(res.status, 422)
    assert.match((await res.json()).error.fields.holiday_day, /already on the holiday list/)
  })

  test('refusals: a mentor 403, another scheme\'s administrator 404', async () => {
    let res = await chidi.fetch('/admin/schemes/1/request-settings')
    assert.equal(res.status, 403)
    res = await form(chidi, '/admin/schemes/1/request-settings', good)
    assert.equal(res.status, 403)
    res = await olga.fetch('/admin/schemes/1/request-settings')
    assert.equal(res.status, 404)
    res = await olga.fetch('/api/v1/admin/schemes/1/requests')
    assert.equal(res.status, 404)
    res = await form(olga, '/admin/schemes/1/request-settings', good)
    assert.equal(res.status, 404)
    res = await form(olga, '/admin/schemes/1/request-settings/holidays', { holiday_day: '1', holiday_month: '1', holiday_year: '2027' })
    assert.equal(res.status, 404)
    res = await api(olga, '/api/v1/admin/schemes/1/request-settings', { session_cap: 9 })
    assert.equal(res.status, 404)
    const j = await json(gareth, '/api/v1/admin/schemes/1/request-settings')
    assert.notEqual(j.settings.session_cap, 9)
    // her own scheme is hers
    const [own] = await olga.page('/admin/schemes/2/request-settings')
    assert.equal(own.status, 200)
  })
})
