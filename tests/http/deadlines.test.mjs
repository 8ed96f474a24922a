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
// - REQ-8: a proposal the mentee withdrew is not made again an hour later;
// - REQ-13: a ranked request unanswered at its deadline passes to the
//   next choice (Ravi, given a statement, ranks Fatima then James).
// Weekends, holidays and ranked passing are also covered with exact
// times in tests/unit/test_reqjobs.c.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { addElsewhere, demoPassword, startServer, tandem, Visitor } from '../lib/server.mjs'

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

async function signedIn (srv, username, view) {
  const v = new Visitor(srv.url)
  const res = await v.signIn(username, demoPassword)
  assert.equal(res.status, 303, `${username} signs in`)
  v.csrf = await v.token()
  if (view) {
    const r = await v.postForm('/switch-view', { csrf_token: v.csrf, view })
    assert.equal(r.status, 303, `${username} switches to ${view}`)
  }
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
    addElsewhere(srv)
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

describe('REQ-8: a proposal the mentee withdrew is not made again', () => {
  let srv
  before(async () => { srv = await startServer({ demo: true, dev: true }) })
  after(async () => {
    const r = await srv.stop()
    assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
  })

  test('withdrawn by Fatima, then an hour later: no new proposal to James', async () => {
    const gareth = await signedIn(srv, 'gareth.evans')
    const res = await api(gareth, '/api/v1/admin/schemes/1/request-settings',
      { allow_system_proposals: true, proposal_threshold: 1 })
    assert.equal(res.status, 200)
    const dev = await devVisitor(srv)
    const first = await runJob(dev)
    assert.ok(first.proposed >= 1)
    const toJames = () => mailsTo(srv, emailOf('james.li'), 'Tandem suggests you mentor Fatima Begum')
    assert.equal(toJames().length, 1)

    // Fatima, as a mentee, withdraws the proposal
    const fatima = await signedIn(srv, 'fatima.begum', '1:mentee')
    const list = (await json(fatima, '/api/v1/requests')).requests
    const prop = list.find((r) => r.mentor_id === JAMES && r.status === 'new')
    assert.ok(prop, 'the proposal to James: ' + JSON.stringify(list))
    const w = await api(fatima, `/api/v1/requests/${prop.id}/withdraw`)
    assert.equal(w.status, 200, await w.clone().text())

    await advance(dev, 3601)
    const second = await runJob(dev)
    assert.equal(second.schemes_proposing, 1)
    assert.equal(toJames().length, 1, 'James is not emailed the same proposal again')
    const again = await signedIn(srv, 'fatima.begum', '1:mentee')
    const after = (await json(again, '/api/v1/requests')).requests
    assert.equal(after.filter((r) => r.mentor_id === JAMES).length, 1, JSON.stringify(after))
    // still not a day later
    await advance(dev, 86400)
    await runJob(dev)
    assert.equal(toJames().length, 1)
  })
})

describe('REQ-13: a ranked request passes on at its deadline', () => {
  let srv
  before(async () => { srv = await startServer({ demo: true, dev: true }) })
  after(async () => {
    const r = await srv.stop()
    assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
  })

  test('unanswered first choice: passed; James gets it; Ravi is told', async () => {
    const gareth = await signedIn(srv, 'gareth.evans')
    let res = await api(gareth, '/api/v1/admin/schemes/1/request-settings', { ranked_requests: true })
    assert.equal(res.status, 200)
    // Ravi needs a statement to request; Fatima (as mentor) and James
    // may both be offered to him
    const ravi = await signedIn(srv, 'ravi.patel')
    res = await api(ravi, '/api/v1/profile', { statement: 'Looking for help with exams.' })
    assert.equal(res.status, 200)
    res = await api(ravi, '/api/v1/requests', { mentor_id: FATIMA, second_id: JAMES, message: 'Ranked' })
    assert.equal(res.status, 201, await res.clone().text())
    const first = (await res.json()).id
    const second = (await json(ravi, '/api/v1/requests')).requests.find((r) => r.mentor_id === JAMES)
    assert.equal(second.status, 'queued')
    assert.equal(mailsTo(srv, emailOf('james.li'), 'Ravi Patel has asked you').length, 0)

    const dev = await devVisitor(srv)
    // not yet: nothing passes a minute after sending
    await advance(dev, 60)
    assert.equal((await runJob(dev)).passed, 0)
    await advance(dev, 10 * 86400)   /* well past 5 working days */
    const r = await runJob(dev)
    assert.equal(r.passed, 1)
    assert.equal(r.reminded, 0, 'a ranked request passes on instead of a reminder')
    assert.equal(mailsTo(srv, emailOf('fatima.begum'), 'Reminder').length, 0)
    assert.equal(mailsTo(srv, emailOf('james.li'), 'Ravi Patel has asked you to be their mentor').length, 1)
    assert.equal(mailsTo(srv, emailOf('ravi.patel'), 'Your request has gone to James Li').length, 1)

    const again = await signedIn(srv, 'ravi.patel')
    const list = (await json(again, '/api/v1/requests')).requests
    assert.equal(list.find((q) => q.id === first).status, 'passed')
    assert.equal(list.find((q) => q.id === second.id).status, 'new')
    // the job again at the same moment: nothing more
    const more = await runJob(dev)
    assert.equal(more.passed + more.reminded, 0)
  })
})

describe('REQ-14: response times count the first answer to each submission', () => {
  let srv
  before(async () => { srv = await startServer({ demo: true, dev: true }) })
  after(async () => {
    const r = await srv.stop()
    assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
  })
  const decide = async (username, id, body) => {
    const v = await signedIn(srv, username, username === 'fatima.begum' ? '1:mentor' : undefined)
    const res = await api(v, `/api/v1/requests/${id}/decision`, body)
    assert.equal(res.status, 200, await res.clone().text())
  }
  const medianOf = async (mentorId) => {
    const gareth = await signedIn(srv, 'gareth.evans')
    const m = (await json(gareth, '/api/v1/admin/schemes/1/requests')).mentors.find((x) => x.id === mentorId)
    return m
  }

  test('wait-listed then approved: the wait-list answer; amended and resent: from the resending', async () => {
    const dev = await devVisitor(srv)
    // Amy asks Fatima, who wait-lists it after an hour and approves two days later
    const amy = await signedIn(srv, 'amy.clarke')
    let res = await api(amy, '/api/v1/requests', { mentor_id: FATIMA, message: 'Hello' })
    assert.equal(res.status, 201, await res.clone().text())
    const a = (await res.json()).id
    await advance(dev, 3600)
    await decide('fatima.begum', a, { decision: 'waitlist' })
    const now = await advance(dev, 2 * 86400)
    const day = new Date((now + 20 * 86400) * 1000).toISOString().slice(0, 10) + 'T10:00'
    await decide('fatima.begum', a, { decision: 'approve', first_session: day })
    let m = await medianOf(FATIMA)
    assert.equal(m.answered, 1)
    assert.ok(m.median_response_seconds >= 3600 && m.median_response_seconds < 3700,
      'the wait-list answer counts: ' + m.median_response_seconds)

    // Ravi asks James, who asks him to amend it; Ravi resends a day
    // later and James declines two hours after that
    const ravi = await signedIn(srv, 'ravi.patel')
    res = await api(ravi, '/api/v1/profile', { statement: 'Looking for help with exams.' })
    assert.equal(res.status, 200)
    res = await api(ravi, '/api/v1/requests', { mentor_id: JAMES, message: 'Please' })
    assert.equal(res.status, 201, await res.clone().text())
    const b = (await res.json()).id
    await advance(dev, 600)
    await decide('james.li', b, { decision: 'amend', comment: 'Tell me which exams.' })
    await advance(dev, 86400)
    const ravi2 = await signedIn(srv, 'ravi.patel')
    res = await api(ravi2, `/api/v1/requests/${b}/amend`, { message: 'My membership exams.' })
    assert.equal(res.status, 200, await res.clone().text())
    await advance(dev, 7200)
    await decide('james.li', b, { decision: 'decline', comment: 'I am sorry, I am too busy.' })
    m = await medianOf(JAMES)
    assert.equal(m.answered, 1)
    assert.ok(m.median_response_seconds >= 7200 && m.median_response_seconds < 7300,
      'counted from the resending: ' + m.median_response_seconds)
  })
})
