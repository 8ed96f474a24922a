// HTTP tests of calendar invitations and feeds (SES-9): the settings page
// and its API twin (turn on, reset, turn off; bad input kept with a
// message; signed-out refused), the private feed read with a strict
// iCalendar parser (CRLF, lines of at most 75 octets, BEGIN/END
// balanced, required properties, times in UTC that are the scheme's
// wall-clock time on both sides of a DST change), every refusal of the
// feed as the same 404 (wrong token, another person's id with my token,
// an old token after a reset, a feed turned off), and the invitations
// emailed when a session is agreed (METHOD:REQUEST) and cancelled
// (METHOD:CANCEL, the same UID, a higher SEQUENCE).
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, Visitor, demoPassword, tandem } from '../lib/server.mjs'

let srv
let chidi, tom
const ids = {}
before(async () => {
  srv = await startServer({ demo: true, dev: true })
  chidi = await signedIn('chidi.okafor')
  tom = await signedIn('tom.hughes')
  for (const [name, v] of [['chidi', chidi], ['tom', tom]]) {
    ids[name] = (await (await v.fetch('/api/v1/me')).json()).id
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

// ---- the outbox, through the command line ----

function outbox () {
  const r = tandem(['outbox', '--data', srv.data])
  assert.equal(r.status, 0, r.stderr)
  const mails = []
  let last = null
  for (const line of r.stdout.split('\n')) {
    const m = line.match(/^(\d+)\s+(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(.*)$/)
    if (m) {
      last = { id: Number(m[1]), status: m[2], to: m[5], subject: m[6].trim(), invitation: '' }
      mails.push(last)
    }
    const inv = line.match(/^\s+invitation: (\S+)$/)
    if (inv && last) last.invitation = inv[1]
  }
  return mails.sort((a, b) => a.id - b.id)
}

// One message's headers as an object (Invitation, Invitation-UID ...)
function mailHeaders (id) {
  const r = tandem(['outbox', '--data', srv.data, '--show', String(id)])
  assert.equal(r.status, 0, r.stderr)
  const head = r.stdout.slice(0, r.stdout.indexOf('\n\n'))
  return Object.fromEntries(head.split('\n').map((l) => [l.slice(0, l.indexOf(':')),
    l.slice(l.indexOf(':') + 2)]))
}

// ---- a small strict iCalendar parser (RFC 5545 3.1, 3.4, 3.6) ----

function parseICS (text) {
  assert.ok(text.endsWith('\r\n'), 'ends in CRLF')
  const raw = text.slice(0, -2).split('\r\n')
  for (const l of raw) {
    assert.ok(!l.includes('\n') && !l.includes('\r'), 'no bare CR or LF: ' + JSON.stringify(l))
    assert.ok(Buffer.byteLength(l, 'utf8') <= 75, `line of ${Buffer.byteLength(l)} octets: ${l}`)
  }
  const lines = []
  for (const l of raw) {
    if (l.startsWith(' ')) {
      assert.ok(lines.length, 'a continuation needs a line before it')
      lines[lines.length - 1] += l.slice(1)
    } else lines.push(l)
  }
  const root = { name: null, props: {}, children: [] }
  const stack = [root]
  for (const l of lines) {
    const m = l.match(/^([A-Z][A-Z0-9-]*)((?:;[^:]*)?):(.*)$/)
    assert.ok(m, 'a content line: ' + l)
    const [, name, params, value] = m
    const top = stack[stack.length - 1]
    if (name === 'BEGIN') {
      const c = { name: value, props: {}, children: [] }
      top.children.push(c)
      stack.push(c)
    } else if (name === 'END') {
      assert.equal(value, top.name, 'END matches BEGIN')
      stack.pop()
    } else {
      assert.ok(top !== root, 'property outside a component: ' + l);
      (top.props[name] ||= []).push({ params, value })
    }
  }
  assert.equal(stack.length, 1, 'BEGIN/END balanced')
  assert.equal(root.children.length, 1)
  const cal = root.children[0]
  assert.equal(cal.name, 'VCALENDAR')
  for (const p of ['VERSION', 'PRODID', 'METHOD']) assert.equal(cal.props[p]?.length, 1, p)
  assert.equal(cal.props.VERSION[0].value, '2.0')
  const events = cal.children.filter((c) => c.name === 'VEVENT')
  for (const e of events) {
    for (const p of ['UID', 'DTSTAMP', 'DTSTART', 'DTEND', 'SUMMARY', 'SEQUENCE', 'STATUS']) {
      assert.equal(e.props[p]?.length, 1, `one ${p}`)
    }
    for (const p of ['DTSTAMP', 'DTSTART', 'DTEND']) {
      assert.match(e.props[p][0].value, /^\d{8}T\d{6}Z$/, p + ' in UTC')
    }
  }
  const get = (c, p) => c.props[p]?.[0]?.value
  return { cal, events, get }
}

// "20261130T100000Z" -> Date
const icsDate = (v) => new Date(Date.UTC(+v.slice(0, 4), +v.slice(4, 6) - 1, +v.slice(6, 8),
  +v.slice(9, 11), +v.slice(11, 13), +v.slice(13, 15)))
// wall-clock "HH:MM" in London of a Date
const londonTime = (d) => new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hour12: false
}).format(d)
const londonOffset = (d) => {
  const s = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'short' })
    .format(d)
  return s.includes('BST') ? 60 : 0
}
const isoDay = (d) => d.toISOString().slice(0, 10)

async function feedOf (v) {
  const res = await v.fetch('/api/v1/me/calendar')
  assert.equal(res.status, 200)
  return res.json()
}
const path = (url) => new URL(url).pathname
// The test server listens on port 0, so its link base has no real port:
// fetch the path from the server's own address.
const fetchFeed = (url) => fetch(srv.url + path(url))

// ---- settings ----

describe('SES-9: the calendar settings page and its API twin', () => {
  test('signed out: the page and the API are refused', async () => {
    const anon = new Visitor(srv.url)
    let res = await anon.fetch('/settings/calendar')
    assert.notEqual(res.status, 200)
    assert.ok([303, 401, 403].includes(res.status), String(res.status))
    res = await anon.fetch('/api/v1/me/calendar')
    assert.equal(res.status, 401)
    res = await anon.postJSON('/api/v1/me/calendar', { action: 'on' })
    assert.ok([401, 403].includes(res.status), String(res.status))
  })

  test('off at first; the settings page links to it', async () => {
    assert.deepEqual(await feedOf(tom), { is_on: false, url: '' })
    const [res, html] = await tom.page('/settings')
    assert.equal(res.status, 200)
    assert.match(html, /href="\/settings\/calendar"/)
    const [res2, page] = await tom.page('/settings/calendar')
    assert.equal(res2.status, 200)
    assert.match(page, /<h1>Calendar feed<\/h1>/)
    assert.match(page, /Turn on your calendar feed\?/)
  })

  test('bad input: 422 with the message next to the field', async () => {
    let res = await form(tom, '/settings/calendar', {})
    assert.equal(res.status, 422)
    let html = await res.text()
    assert.match(html, /nhsuk-error-summary/)
    assert.match(html, /id="action-error"/)
    res = await api(tom, '/api/v1/me/calendar', { action: 'explode' })
    assert.equal(res.status, 422)
    const body = await res.json()
    assert.ok(body.error.fields.action, 'the field named')
    res = await form(tom, '/settings/calendar', { action: 'explode' })
    assert.equal(res.status, 422)
    html = await res.text()
    assert.match(html, /id="action-error"/)
    assert.deepEqual(await feedOf(tom), { is_on: false, url: '' }, 'nothing changed')
  })

  test('no CSRF token: refused', async () => {
    const res = await tom.postForm('/settings/calendar', { action: 'on' })
    assert.equal(res.status, 403)
  })

  test('turning it on shows the address and how to subscribe', async () => {
    const res = await form(tom, '/settings/calendar', { action: 'on' })
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/settings/calendar?done=on')
    const [, html] = await tom.page('/settings/calendar?done=on')
    const f = await feedOf(tom)
    assert.equal(f.is_on, true)
    assert.match(path(f.url), new RegExp(`^/calendar/${ids.tom}/[A-Za-z0-9_-]{43}\\.ics$`))
    assert.ok(html.includes(`value="${f.url}"`), 'the address to copy')
    assert.match(html, /Outlook/)
    assert.match(html, /Google Calendar/)
    assert.match(html, /Apple Calendar/)
    assert.match(html, /The current address will stop working/)
    // on again: the same address
    const again = await (await api(tom, '/api/v1/me/calendar', { action: 'on' })).json()
    assert.equal(again.url, f.url)
  })
})

// ---- the feed, invitations ----

describe('SES-9: the feed and the invitations', () => {
  let session, summer
  const place = 'Room 3; Education Centre, level 2 \\ east'

  test('agreeing a session emails invitations with METHOD:REQUEST', async () => {
    // a week ahead at 10:00 London time
    const day = new Date(Date.now() + 7 * 86400e3)
    let res = await api(chidi, '/api/v1/relationships/1/sessions', {
      s1_date: isoDay(day), s1_time: '10:00', s1_minutes: '60', s1_format: 'in_person',
      s1_place: place
    })
    assert.equal(res.status, 201, await res.clone().text())
    session = (await res.json()).added[0]
    assert.ok(session > 0)
    const before = outbox().length
    res = await api(tom, `/api/v1/sessions/${session}/agree`)
    assert.equal(res.status, 200, await res.clone().text())
    const mails = outbox().slice(before)
    const invites = mails.filter((m) => m.invitation === 'REQUEST')
    assert.ok(invites.some((m) => m.to === 'chidi.okafor@northfield.example.nhs.uk'),
      'the proposer gets the invitation: ' + JSON.stringify(mails))
    const h = mailHeaders(invites[0].id)
    assert.equal(h.Invitation, 'REQUEST')
    assert.equal(h['Invitation-UID'], `session-${session}@tandem`)
    assert.equal(h['Invitation-Sequence'], '0')
  })

  test('the feed has the agreed session, in UTC, at the scheme\'s 10:00', async () => {
    const f = await feedOf(tom)
    const anon = new Visitor(srv.url) // no cookies: calendar clients have none
    const res = await anon.fetch(path(f.url))
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'text/calendar; charset=utf-8')
    const { cal, events, get } = parseICS(await res.text())
    assert.equal(get(cal, 'METHOD'), 'PUBLISH')
    assert.equal(get(cal, 'X-WR-CALNAME'), 'Tandem mentoring')
    const e = events.find((x) => get(x, 'UID') === `session-${session}@tandem`)
    assert.ok(e, 'the agreed session is in the feed')
    const start = icsDate(get(e, 'DTSTART'))
    assert.equal(londonTime(start), '10:00')
    assert.equal(icsDate(get(e, 'DTEND')) - start, 3600e3)
    assert.equal(get(e, 'LOCATION'), 'Room 3\\; Education Centre\\, level 2 \\\\ east')
    assert.equal(get(e, 'STATUS'), 'CONFIRMED')
    assert.match(get(e, 'SUMMARY'), /Chidi Okafor and Tom Hughes/)
    assert.equal(e.props.ATTENDEE, undefined, 'a feed has no ATTENDEE (RFC 5546)')
  })

  test('across a DST change the same wall-clock time is another UTC time', async () => {
    // a day ~ half a year on whose London offset differs from a week ahead's
    const near = new Date(Date.now() + 7 * 86400e3)
    let far = null
    for (let d = 30; d < 330 && !far; d += 7) {
      const x = new Date(Date.now() + d * 86400e3)
      if (londonOffset(x) !== londonOffset(near)) far = x
    }
    assert.ok(far, 'a date on the other side of a change')
    let res = await api(chidi, '/api/v1/relationships/1/sessions', {
      s1_date: isoDay(far), s1_time: '10:00', s1_minutes: '30', s1_format: 'video',
      s1_place: 'https://meet.example/abc'
    })
    assert.equal(res.status, 201, await res.clone().text())
    summer = (await res.json()).added[0]
    res = await api(tom, `/api/v1/sessions/${summer}/agree`)
    assert.equal(res.status, 200)
    const f = await feedOf(tom)
    const { events, get } = parseICS(await (await fetchFeed(f.url)).text())
    const a = events.find((x) => get(x, 'UID') === `session-${session}@tandem`)
    const b = events.find((x) => get(x, 'UID') === `session-${summer}@tandem`)
    assert.ok(a && b)
    assert.equal(londonTime(icsDate(get(b, 'DTSTART'))), '10:00')
    const hourA = get(a, 'DTSTART').slice(9, 11)
    const hourB = get(b, 'DTSTART').slice(9, 11)
    assert.notEqual(hourA, hourB, 'one is 10:00Z, the other 09:00Z')
    assert.deepEqual([hourA, hourB].sort(), ['09', '10'])
  })

  test('every refusal is the same 404', async () => {
    const f = await feedOf(tom)
    const p = path(f.url)
    const token = p.split('/')[3].slice(0, -4)
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')
    // chidi's feed on, so his id is a real feed with another token
    await api(chidi, '/api/v1/me/calendar', { action: 'on' })
    const refused = [
      `/calendar/${ids.tom}/${flipped}.ics`, // wrong token
      `/calendar/${ids.chidi}/${token}.ics`, // another person's id with my token
      `/calendar/999999/${token}.ics`, // no such person
      `/calendar/${ids.tom}/${token}.txt`, // not .ics
      `/calendar/${ids.tom}/${token}`,
      `/calendar/${ids.tom}/short.ics`,
      `/api/v1/calendar/${ids.tom}/${token}.ics`
    ]
    for (const u of refused) {
      const res = await fetch(srv.url + u)
      assert.equal(res.status, 404, u)
    }
    assert.equal((await fetchFeed(f.url)).status, 200, 'the right one still works')
  })

  test('reset: the old address stops, the new one works', async () => {
    const old = (await feedOf(tom)).url
    const res = await form(tom, '/settings/calendar', { action: 'reset' })
    assert.equal(res.status, 303)
    const [, html] = await tom.page('/settings/calendar?done=reset')
    assert.match(html, /The old address no longer works/)
    const now = (await feedOf(tom)).url
    assert.notEqual(now, old)
    assert.equal((await fetchFeed(old)).status, 404)
    assert.equal((await fetchFeed(now)).status, 200)
  })

  test('off: the address stops; on again gives a new one', async () => {
    const old = (await feedOf(tom)).url
    let r = await (await api(tom, '/api/v1/me/calendar', { action: 'off' })).json()
    assert.deepEqual(r, { is_on: false, url: '' })
    assert.equal((await fetchFeed(old)).status, 404)
    r = await (await api(tom, '/api/v1/me/calendar', { action: 'on' })).json()
    assert.equal(r.is_on, true)
    assert.notEqual(r.url, old)
    assert.equal((await fetchFeed(r.url)).status, 200)
  })

  test('cancelling sends METHOD:CANCEL with the same UID and a higher SEQUENCE', async () => {
    const before = outbox().length
    const res = await api(chidi, `/api/v1/sessions/${session}/cancel`)
    assert.equal(res.status, 200, await res.clone().text())
    const cancels = outbox().slice(before).filter((m) => m.invitation === 'CANCEL')
    assert.ok(cancels.length >= 1, 'a cancellation was emailed')
    assert.ok(cancels.some((m) => m.to === 'tom.hughes@northfield.example.nhs.uk'))
    for (const m of cancels) {
      const h = mailHeaders(m.id)
      assert.equal(h['Invitation-UID'], `session-${session}@tandem`)
      assert.ok(Number(h['Invitation-Sequence']) > 0, 'a higher SEQUENCE')
    }
    // and the feed no longer has it
    const f = await feedOf(tom)
    const { events, get } = parseICS(await (await fetchFeed(f.url)).text())
    assert.equal(events.find((x) => get(x, 'UID') === `session-${session}@tandem`), undefined)
    assert.ok(events.find((x) => get(x, 'UID') === `session-${summer}@tandem`))
  })
})
