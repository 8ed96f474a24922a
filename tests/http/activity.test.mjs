// HTTP tests of activity logs (SES-7), My activity (SES-8), the home
// page's "My activity" tab (REL-1) and the evidence export (SES-11):
// who may write which part of a log (the mentor the summary, the mentee
// their notes, administrators never: 403, other pairs: 404, signed out:
// sign-in), the took-place rule and the mentee waiting for a summary
// (409), the scheme's rule for administrators reading (403 with it off,
// 200 and an audit row with it on), an ended relationship (409 to write,
// still readable), the emails (no text of the log in them), bad input
// (422, the message beside the field, what was typed kept), CSRF, date
// ranges, and the CSV's headers, quoting and formula prefixing.
//
// The demo pair chidi.okafor (mentor) and tom.hughes (mentee), live
// relationship 1, has two logged sessions in the last month (ids 1 and
// 2) and one proposed in the future (3).  The administrators' rule is
// switched with the sqlite3 command line (skipped without it).
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { startServer, Visitor, demoPassword, tandem } from '../lib/server.mjs'

const hasSqlite = spawnSync('sqlite3', ['-version']).status === 0
let srv
const v = {}
before(async () => {
  srv = await startServer({ demo: true, dev: true })
  for (const name of ['chidi.okafor', 'tom.hughes', 'sarah.mitchell', 'gareth.evans']) {
    v[name] = await signedIn(name)
  }
  todayOnServer = (await (await v['tom.hughes'].fetch('/api/v1/activity')).json()).to
})
after(async () => {
  const r = await srv.stop()
  assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
})

async function signedIn (username) {
  const x = new Visitor(srv.url)
  const res = await x.signIn(username, demoPassword)
  assert.equal(res.status, 303, `${username} signs in`)
  x.csrf = await x.token()
  return x
}

const form = (x, path, fields = {}) => x.postForm(path, { csrf_token: x.csrf, ...fields })
const api = (x, path, body = {}) => x.postJSON(path, body, { 'X-CSRF-Token': x.csrf })
const sql = (q) => {
  const r = spawnSync('sqlite3', [join(srv.data, 'tandem.db'), q], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return r.stdout.trim()
}

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
// today in the scheme's zone, as the server sees it (My activity's default end)
let todayOnServer
const today = () => todayOnServer

describe('SES-7: the activity log', () => {
  test('the demo sessions are as the tests expect', async () => {
    const res = await v['chidi.okafor'].fetch('/api/v1/sessions/1/log')
    assert.equal(res.status, 200)
    const j = await res.json()
    assert.equal(j.session.status, 'logged')
    assert.equal(j.took_place, true)
    assert.equal(j.viewer, 'mentor')
    assert.equal(j.can_write_summary, true)
    assert.equal(j.can_write_notes, false)
    assert.equal(j.log.has_summary, false)
  })

  test('signed out: the page sends to sign-in, the API answers 401', async () => {
    const anon = new Visitor(srv.url)
    let res = await anon.fetch('/sessions/1/log')
    assert.ok([302, 303].includes(res.status), `status ${res.status}`)
    assert.match(res.headers.get('location'), /^\/sign-in/)
    res = await anon.fetch('/api/v1/sessions/1/log')
    assert.equal(res.status, 401)
    res = await anon.fetch('/activity')
    assert.ok([302, 303].includes(res.status))
    res = await anon.fetch('/activity/evidence.csv')
    assert.ok([302, 303].includes(res.status))
  })

  test('another pair\'s person, and a session that does not exist: 404', async () => {
    const sarah = v['sarah.mitchell']
    for (const path of ['/sessions/1/log', '/api/v1/sessions/1/log', '/sessions/999/log']) {
      assert.equal((await sarah.fetch(path)).status, 404, path)
    }
    assert.equal((await form(sarah, '/sessions/1/log', { summary: 'x' })).status, 404)
    assert.equal((await api(sarah, '/api/v1/sessions/1/log', { notes: 'x' })).status, 404)
    assert.equal((await form(v['chidi.okafor'], '/sessions/999/log', { summary: 'x' })).status, 404)
  })

  test('the mentee cannot add notes before the mentor wrote the summary (409)', async () => {
    const tom = v['tom.hughes']
    const [res, html] = await tom.page('/sessions/1/log')
    assert.equal(res.status, 200)
    assert.match(html, /You can add your notes once your mentor has written the summary/)
    assert.doesNotMatch(html, /name="notes"/)
    const r = await form(tom, '/sessions/1/log', { notes: 'My notes' })
    assert.equal(r.status, 409)
    assert.match(await r.text(), /has not written the activity log/)
  })

  test('a session that has not taken place: no log (409)', async () => {
    const r = await form(v['chidi.okafor'], '/sessions/3/log', { summary: 'Too early' })
    assert.equal(r.status, 409)
    assert.match(await r.text(), /only be written for a session that has taken place/)
    const [res, html] = await v['chidi.okafor'].page('/sessions/3/log')
    assert.equal(res.status, 200)
    assert.doesNotMatch(html, /name="summary"/)
  })

  test('bad input: 422, the message beside the field, what was typed kept', async () => {
    const chidi = v['chidi.okafor']
    let res = await form(chidi, '/sessions/1/log', { summary: '   ' })
    assert.equal(res.status, 422)
    let html = await res.text()
    assert.match(html, /<title>Error: /)
    assert.match(html, /href="#summary">Enter a summary of the session/)
    assert.match(html, /id="summary-error"/)
    res = await form(chidi, '/sessions/1/log', { summary: 'x'.repeat(8001) })
    assert.equal(res.status, 422)
    html = await res.text()
    assert.match(html, /Summary must be 8000 characters or fewer/)
    res = await api(chidi, '/api/v1/sessions/1/log', { summary: '' })
    assert.equal(res.status, 422)
    assert.equal((await res.json()).error.fields.summary, 'Enter a summary of the session')
  })

  test('limits count characters, not bytes: 8000 two-byte letters are accepted', async () => {
    const res = await api(v['chidi.okafor'], '/api/v1/sessions/2/log', { summary: 'é'.repeat(8000) })
    assert.equal(res.status, 200)
    assert.equal((await res.json()).log.summary.length, 8000)
  })

  test('CSRF: a form without its token is refused and nothing is saved', async () => {
    const res = await v['chidi.okafor'].postForm('/sessions/1/log', { summary: 'No token' })
    assert.equal(res.status, 403)
    const j = await (await v['chidi.okafor'].fetch('/api/v1/sessions/1/log')).json()
    assert.equal(j.log.has_summary, false)
  })

  test('the mentor writes the summary; the mentee is emailed without its text', async () => {
    const chidi = v['chidi.okafor']
    const since = outbox().length
    const text = 'We talked about <b>goals</b>\nand next steps & "plans"'
    let res = await form(chidi, '/sessions/1/log', { summary: text })
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/sessions/1/log?done=summary')
    const [page, html] = await chidi.page('/sessions/1/log?done=summary')
    assert.equal(page.status, 200)
    assert.match(html, /The activity log has been saved/)
    assert.match(html, /We talked about &lt;b&gt;goals&lt;\/b&gt;\nand next steps &amp; &quot;plans&quot;/)
    const mails = outbox().slice(since)
    assert.equal(mails.length, 1)
    assert.equal(mails[0].to, 'tom.hughes@northfield.example.nhs.uk')
    assert.match(mails[0].subject, /Activity log of your session/)
    assert.match(mails[0].subject, /\((GMT|BST)\)$/, 'the time names its zone')
    const body = mailBody(mails[0].id)
    assert.match(body, /mentoring session on \w+day \d+ \w+ \d{4}, [^\n]+ \((GMT|BST)\)/)
    assert.match(body, /has written the activity log/)
    assert.match(body, /\/sessions\/1\/log/)
    assert.doesNotMatch(body, /goals/)
    // the mentee sees it, and now the form for their notes
    const [, tomHtml] = await v['tom.hughes'].page('/sessions/1/log')
    assert.match(tomHtml, /We talked about &lt;b&gt;goals/)
    assert.match(tomHtml, /name="notes"/)
    assert.doesNotMatch(tomHtml, /name="summary"/)
    // an edit says so
    res = await form(chidi, '/sessions/1/log', { summary: text + '\nEdited' })
    assert.equal(res.status, 303)
    assert.match(mailBody(outbox().at(-1).id), /has updated the activity log/)
  })

  test('each writes only their own part (403)', async () => {
    let res = await form(v['chidi.okafor'], '/sessions/1/log', { notes: 'Mentor notes' })
    assert.equal(res.status, 403)
    assert.match(await res.text(), /Only the mentor writes the summary/)
    res = await api(v['tom.hughes'], '/api/v1/sessions/1/log', { summary: 'Rewritten' })
    assert.equal(res.status, 403)
    assert.equal((await res.json()).error.code, 'forbidden')
  })

  test('the mentee adds notes; the mentor is emailed', async () => {
    const tom = v['tom.hughes']
    const since = outbox().length
    let res = await form(tom, '/sessions/1/log', { notes: '' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /Enter your notes on the session/)
    res = await form(tom, '/sessions/1/log', { notes: 'Useful. I will try the STAR method.' })
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/sessions/1/log?done=notes')
    const mails = outbox().slice(since)
    assert.equal(mails.length, 1)
    assert.equal(mails[0].to, 'chidi.okafor@northfield.example.nhs.uk')
    assert.doesNotMatch(mailBody(mails[0].id), /STAR/)
    const j = await (await v['chidi.okafor'].fetch('/api/v1/sessions/1/log')).json()
    assert.equal(j.log.mentee_notes, 'Useful. I will try the STAR method.')
    assert.equal(j.log.has_summary, true)
  })

  test('an administrator never writes (403) and reads only under the scheme\'s rule', async () => {
    const gareth = v['gareth.evans']
    let res = await form(gareth, '/sessions/1/log', { summary: 'Admin text' })
    assert.equal(res.status, 403)
    res = await api(gareth, '/api/v1/sessions/1/log', { notes: 'Admin text' })
    assert.equal(res.status, 403)
    res = await gareth.fetch('/sessions/1/log')
    assert.equal(res.status, 403)
    assert.match(await res.text(), /keeps activity logs private to the mentor and mentee/)
    res = await gareth.fetch('/api/v1/sessions/1/log')
    assert.equal(res.status, 403)
  })

  test('with the rule on, an administrator reads it, and each read is audited', { skip: !hasSqlite && 'no sqlite3 command' }, async () => {
    const gareth = v['gareth.evans']
    sql('UPDATE scheme_settings SET admin_sees_documents = 1 WHERE scheme_id = 1')
    const count = () => Number(sql("SELECT count(*) FROM audit_log WHERE action = 'content.view' " +
      "AND subject = 'session_log:1'"))
    const before = count()
    const [res, html] = await gareth.page('/sessions/1/log')
    assert.equal(res.status, 200)
    assert.match(html, /We talked about/)
    assert.match(html, /recorded in the audit log/)
    assert.doesNotMatch(html, /name="summary"|name="notes"/)
    const j = await (await gareth.fetch('/api/v1/sessions/1/log')).json()
    assert.equal(j.viewer, 'admin')
    assert.equal(count(), before + 2)
    // still no writing
    assert.equal((await form(gareth, '/sessions/1/log', { summary: 'x' })).status, 403)
    sql('UPDATE scheme_settings SET admin_sees_documents = 0 WHERE scheme_id = 1')
  })
})

describe('SES-8: My activity', () => {
  test('the default range is the last month, with totals and the sessions', async () => {
    const tom = v['tom.hughes']
    const res = await tom.fetch('/api/v1/activity')
    assert.equal(res.status, 200)
    const j = await res.json()
    assert.equal(j.to, today())
    const [y, m] = j.to.split('-').map(Number)
    const before = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
    assert.equal(j.from.slice(0, 7), before, 'one month back')
    assert.equal(j.totals.took_place, 2)
    assert.equal(j.totals.minutes, 120)
    assert.equal(j.relationships.length, 1)
    assert.equal(j.relationships[0].role, 'mentee')
    assert.equal(j.relationships[0].sessions.length, 2, 'the future session is not in the range')
    assert.equal(j.relationships[0].sessions[0].log_url, '/sessions/1/log')
    assert.equal(typeof j.diary_count, 'number', 'the diary area adds its entries')
    assert.ok(Array.isArray(j.diary))
    const [page, html] = await tom.page('/activity')
    assert.equal(page.status, 200)
    assert.match(html, /<h1>My activity<\/h1>/)
    assert.match(html, /type="date"/)
    assert.match(html, /<label class="nhsuk-label" for="from">From<\/label>/)
    assert.match(html, /Mentored by Chidi Okafor/)
    assert.match(html, /2 hours/)
    // times name their zone, as the relationship page does
    const s = j.relationships[0].sessions[0]
    assert.match(s.when, /^\w+day \d+ \w+ \d{4}, .+ \((GMT|BST)\)$/)
    assert.match(s.time_zone_abbrev, /^(GMT|BST)$/)
    assert.equal(s.time_zone, 'Europe/London')
    assert.equal(s.status_label, 'Taken place', 'the sessions module\'s words, not "Logged"')
    assert.ok(html.includes(s.when), 'the page shows the time with its zone')
    assert.doesNotMatch(html, />Logged</)
  })

  test('a chosen range, typed as D/M/YYYY or YYYY-MM-DD', async () => {
    const tom = v['tom.hughes']
    const future = new Date(Date.now() + 60 * 86400e3).toISOString().slice(0, 10)
    let j = await (await tom.fetch(`/api/v1/activity?from=${today()}&to=${future}`)).json()
    assert.equal(j.session_count, 1, 'the proposed session ahead')
    assert.equal(j.totals.took_place, 0)
    j = await (await tom.fetch('/api/v1/activity?from=1/1/2020&to=31/12/2020')).json()
    assert.equal(j.from, '2020-01-01')
    assert.equal(j.to, '2020-12-31')
    assert.equal(j.session_count, 0)
  })

  test('bad dates: 422, the message beside the field, the values as typed', async () => {
    const tom = v['tom.hughes']
    let res = await tom.fetch('/activity?from=2026-13-01&to=2026-11-01')
    assert.equal(res.status, 422)
    let html = await res.text()
    assert.match(html, /href="#from">The from date must be a real date/)
    assert.match(html, /id="from-error"/)
    assert.match(html, /value="2026-13-01"/)
    assert.match(html, /value="2026-11-01"/)
    res = await tom.fetch('/activity?from=2026-11-02&to=2026-11-01')
    assert.equal(res.status, 422)
    assert.match(await res.text(), /The from date must be the same as or before the to date/)
    res = await tom.fetch('/activity?from=2020-01-01&to=2026-01-02')
    assert.equal(res.status, 422)
    assert.match(await res.text(), /no more than 5 years apart/)
    res = await tom.fetch('/api/v1/activity?to=yesterday')
    assert.equal(res.status, 422)
    assert.match((await res.json()).error.fields.to, /real date/)
    res = await tom.fetch('/activity?from=' + 'x'.repeat(60))
    assert.equal(res.status, 422)
  })

  test('the home page tab: hours this month and in total, the latest sessions, links', async () => {
    const [res, html] = await v['tom.hughes'].page('/?tab=activity')
    assert.equal(res.status, 200)
    assert.match(html, /Mentoring hours in total<\/dt>\s*<dd class="nhsuk-summary-list__value">2 hours/)
    assert.match(html, /href="\/activity"/)
    assert.match(html, /href="\/activity\/evidence"/)
    assert.match(html, /href="\/sessions\/2\/log"/)
    assert.match(html, /<li>\w+day \d+ \w+ \d{4}, [^<]+ \((GMT|BST)\) with Chidi Okafor/)
  })
})

describe('SES-11: the evidence export', () => {
  test('the printable page: name, relationships, sessions, hours, a print button', async () => {
    const [res, html] = await v['tom.hughes'].page('/activity/evidence')
    assert.equal(res.status, 200)
    assert.match(html, /<h1>Record of mentoring<\/h1>/)
    assert.match(html, /Tom Hughes/)
    assert.match(html, /Chidi Okafor \(Mentor\)/)
    assert.match(html, /Print this page/)
    assert.match(html, /use your browser's print command/)
    assert.match(html, /print\.css" media="print"/)
    assert.match(html, /href="\/activity\/evidence\.csv"/)
    const j = await (await v['tom.hughes'].fetch('/api/v1/activity/evidence')).json()
    assert.equal(j.name, 'Tom Hughes')
    assert.equal(j.is_everything, true)
    assert.equal(j.relationships.length, 1)
    assert.equal(j.relationships[0].took_place, 2)
    assert.equal(j.totals.minutes, 120)
    assert.equal(j.sessions.length, 2, 'the proposed session is no evidence')
  })

  test('bad range: 422 with the message beside the field', async () => {
    const res = await v['tom.hughes'].fetch('/activity/evidence?from=31/02/2026')
    assert.equal(res.status, 422)
    const html = await res.text()
    assert.match(html, /id="from-error"/)
    assert.match(html, /value="31\/02\/2026"/)
    assert.equal((await v['tom.hughes'].fetch('/activity/evidence.csv?to=nope')).status, 422)
  })

  test('the CSV: headers, one table, RFC 4180 quoting and formula prefixing', async () => {
    const chidi = v['chidi.okafor']
    let res = await api(chidi, '/api/v1/training', {
      kind: 'course', course: '=HYPERLINK("http://evil.example","Click")',
      provider: 'Trust, "Learning" team', completed_on: '2026-01-15'
    })
    assert.equal(res.status, 201)
    res = await chidi.fetch('/activity/evidence.csv')
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8')
    assert.equal(res.headers.get('content-disposition'),
      `attachment; filename="tandem-mentoring-record-${today()}.csv"`)
    const text = await res.text()
    const lines = text.split('\r\n')
    assert.equal(lines[0], 'record,scheme,role,other_person,date,time,end_date,status,sessions,' +
      'hours,duration_minutes,format,counted,course,provider,verified,time_zone')
    assert.equal(lines.at(-1), '', 'ends with CRLF')
    assert.ok(lines.some((l) => l.startsWith('relationship,') && l.includes(',mentor,Tom Hughes,') &&
      l.includes(',2,2.00,')), text)
    assert.equal(lines.filter((l) => l.startsWith('session,')).length, 2)
    assert.ok(lines.some((l) => l.startsWith('session,') &&
      /,Taken place,,1\.00,60,(In person|Video|Phone),yes,,,,(GMT|BST)$/.test(l)), text)
    assert.ok(lines.filter((l) => l.startsWith('relationship,')).every((l) => l.endsWith(',')),
      'a relationship row has no time, so no zone')
    const tr = lines.find((l) => l.startsWith('training,'))
    assert.ok(tr, text)
    assert.ok(tr.includes(`"'=HYPERLINK(""http://evil.example"",""Click"")"`), tr)
    assert.ok(tr.includes('"Trust, ""Learning"" team"'), tr)
    assert.ok(tr.endsWith(',no,'), tr)
    // a range narrows it
    res = await chidi.fetch('/activity/evidence.csv?from=2020-01-01&to=2020-12-31')
    const narrow = (await res.text()).split('\r\n').filter((l) => l)
    assert.equal(narrow.length, 1, 'only the header: nothing in 2020')
  })
})

describe('SES-5, SES-10: a session answered "No" on the activity pages', () => {
  test('reads "Did not take place" on /activity, the evidence and the CSV, with no hours', async () => {
    const chidi = v['chidi.okafor']
    const tom = v['tom.hughes']
    // chidi logs a session two days ago; tom says it did not take place
    const d = new Date(Date.parse(today() + 'T00:00:00Z') - 2 * 86400e3)
    let res = await api(chidi, '/api/v1/relationships/1/sessions', {
      s1_day: String(d.getUTCDate()), s1_month: String(d.getUTCMonth() + 1),
      s1_year: String(d.getUTCFullYear()), s1_time: '10:00', s1_minutes: '45',
      s1_format: 'phone', s1_place: ''
    })
    assert.equal(res.status, 201, await res.clone().text())
    const id = (await res.json()).added[0]
    res = await api(tom, `/api/v1/sessions/${id}/took-place`, { answer: 'no' })
    assert.equal(res.status, 200, await res.clone().text())
    const words = (await (await tom.fetch(`/api/v1/sessions/${id}`)).json()).session.status_words
    assert.equal(words, 'Did not take place')

    // My activity: the same words, not counted, no hours added
    const j = await (await tom.fetch('/api/v1/activity')).json()
    const s = j.relationships[0].sessions.find((x) => x.id === id)
    assert.ok(s, JSON.stringify(j))
    assert.equal(s.status, 'logged')
    assert.equal(s.status_label, words)
    assert.equal(s.counts, false)
    assert.equal(s.took_place, false)
    assert.equal(s.log_url, '', 'no activity log for it')
    assert.equal(j.totals.took_place, 2)
    assert.equal(j.totals.minutes, 120)
    const [, html] = await tom.page('/activity')
    assert.match(html, new RegExp(`Status </span>${words}</td>`))
    assert.ok(html.includes(s.when))

    // the activity log page says so, and refuses a log (409)
    const [, logHtml] = await chidi.page(`/sessions/${id}/log`)
    assert.match(logHtml, new RegExp(`${words}</dd>`))
    assert.equal((await form(chidi, `/sessions/${id}/log`, { summary: 'x' })).status, 409)

    // the evidence page: not counted, in the same words
    const [, ev] = await chidi.page('/activity/evidence')
    assert.match(ev, new RegExp(`No \\(${words}\\)`))
    const evj = await (await chidi.fetch('/api/v1/activity/evidence')).json()
    assert.equal(evj.totals.minutes, 120)

    // the CSV: the words, 0.00 hours (the length kept), not counted
    const lines = (await (await chidi.fetch('/activity/evidence.csv')).text()).split('\r\n')
    const row = lines.find((l) => l.startsWith('session,') && l.includes(',45,Phone,'))
    assert.ok(row, lines.join('\n'))
    assert.match(row, new RegExp(`,${words},,0\\.00,45,Phone,no,,,,(GMT|BST)$`))
    assert.ok(!lines.some((l) => /,Logged,|,Agreed,/.test(l)), 'never the raw status')
  })
})

describe('REL-4, REL-5: after the relationship ended', () => {
  test('writing is refused (409); reading stays', async () => {
    const chidi = v['chidi.okafor']
    let res = await api(chidi, '/api/v1/relationships/1/complete', { end_date: today() })
    assert.equal(res.status, 200, await res.clone().text())
    res = await form(chidi, '/sessions/1/log', { summary: 'Late edit' })
    assert.equal(res.status, 409)
    assert.match(await res.text(), /This relationship has ended/)
    res = await api(v['tom.hughes'], '/api/v1/sessions/1/log', { notes: 'Late notes' })
    assert.equal(res.status, 409)
    assert.equal((await res.json()).error.code, 'conflict')
    const [page, html] = await v['tom.hughes'].page('/sessions/1/log')
    assert.equal(page.status, 200)
    assert.match(html, /We talked about/)
    assert.match(html, /can be read but not changed/)
    assert.doesNotMatch(html, /name="notes"/)
    const j = await (await v['tom.hughes'].fetch('/api/v1/activity/evidence')).json()
    assert.equal(j.relationships[0].status, 'completed')
  })
})
