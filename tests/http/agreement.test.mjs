// HTTP tests of the mentoring agreement (REL-8), on the demo pair Chidi
// Okafor (mentor) and Tom Hughes (mentee):
// - the access matrix, HTML and API: each party, the administrator under
//   each admin_sees_documents rule (status only / text, audited per
//   opening, never a write: 403), another pair's mentor (404), signed
//   out (sign-in or 401);
// - the confirm flow: one confirms -> waiting; an edit clears both
//   confirmations; a confirm of the older revision -> 409 "The draft
//   changed since you opened it"; both -> agreed and dated; a change is a
//   new draft while the agreed one stays current; earlier versions;
// - bad input: 422 with the message beside the field and what was typed;
// - the review reminder with the clock moved six months (one email each,
//   not repeated; twelve months: again), the home page, "reviewed, no
//   changes";
// - after completion every write is 409 and reading still works.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { startServer, Visitor, demoPassword, tandem } from '../lib/server.mjs'

const emailOf = (username) => `${username}@northfield.example.nhs.uk`
const SECRET = 'Anything that puts patients at risk is shared with the medical director'

let srv, dev, rel

function outbox () {
  const r = tandem(['outbox', '--data', srv.data])
  assert.equal(r.status, 0, r.stderr)
  const mails = []
  for (const line of r.stdout.split('\n')) {
    const m = line.match(/^(\d+)\s+(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(.*)$/)
    if (m) mails.push({ id: Number(m[1]), to: m[5], subject: m[6].trim() })
  }
  return mails
}
const mailsTo = (username, part) => outbox().filter((m) => m.to === emailOf(username) &&
  m.subject.includes(part))

function sql (statement) {
  const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', join(srv.data, 'tandem.db'), statement],
    { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return r.stdout.trim()
}
const audits = () => Number(sql("SELECT count(*) FROM audit_log WHERE action = 'content.view' " +
  `AND subject = 'agreement:${rel}'`))

async function signedIn (username) {
  const v = new Visitor(srv.url)
  const res = await v.signIn(username, demoPassword)
  assert.equal(res.status, 303, `${username} signs in`)
  v.csrf = await v.token()
  return v
}
const form = (v, path, fields = {}) => v.postForm(path, { csrf_token: v.csrf, ...fields })
const api = (v, path, body = {}) => v.postJSON(path, body, { 'X-CSRF-Token': v.csrf })
async function json (v, path, status = 200) {
  const res = await v.fetch(path)
  assert.equal(res.status, status, path)
  return res.json()
}
async function advance (seconds) {
  const res = await api(dev, '/_dev/clock', { advance: seconds })
  assert.equal(res.status, 200)
}
async function runJob () {
  const res = await api(dev, '/_dev/jobs/agreements')
  assert.equal(res.status, 200)
  const r = await res.json()
  assert.equal(r.failed, 0)
  return r.reminded
}

// the required answers, as the form posts them
const answers = (tag) => ({
  expectations: `Come prepared (${tag})`,
  frequency: 'Once a month',
  meeting_format: 'Video, and in person every quarter',
  ground_rules: 'Openness and honesty',
  confidentiality: SECRET,
  ending: 'When Tom has finished his portfolio',
  first_focus: 'The portfolio plan'
})

before(async () => {
  srv = await startServer({ demo: true, dev: true })
  dev = new Visitor(srv.url)
  dev.csrf = await dev.token()
  const chidi = await signedIn('chidi.okafor')
  rel = (await json(chidi, '/api/v1/relationships?status=current')).relationships[0].id
})
after(async () => {
  const r = await srv.stop()
  assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
})

describe('REL-8: the mentoring agreement', () => {
  test('the relationship page has the section; nothing agreed yet', async () => {
    const tom = await signedIn('tom.hughes')
    const [res, html] = await tom.page(`/relationships/${rel}`)
    assert.equal(res.status, 200)
    assert.match(html, /<h2>Mentoring agreement<\/h2>/)
    assert.match(html, /No agreement yet/)
    assert.match(html, new RegExp(`href="/relationships/${rel}/agreement/edit"`))
    const j = await json(tom, `/api/v1/relationships/${rel}`)
    assert.equal(j.agreement.status, 'none')
    const a = await json(tom, `/api/v1/relationships/${rel}/agreement`)
    assert.equal(a.status, 'none')
    assert.equal(a.can.edit, true)
  })

  test('access: strangers 404, signed out, administrators never write', async () => {
    const paths = ['', '/edit', '/versions/1']
    const fatima = await signedIn('fatima.begum')
    for (const p of ['', '/edit']) {
      assert.equal((await fatima.fetch(`/relationships/${rel}/agreement${p}`)).status, 404, p)
      assert.equal((await fatima.fetch(`/api/v1/relationships/${rel}/agreement${p}`)).status, 404, p)
    }
    assert.equal((await form(fatima, `/relationships/${rel}/agreement/edit`, answers('x'))).status, 404)
    assert.equal((await api(fatima, `/api/v1/relationships/${rel}/agreement/confirm`, { version: 1, revision: 1 })).status, 404)
    assert.equal((await api(fatima, `/api/v1/relationships/${rel}/agreement/reviewed`)).status, 404)
    assert.equal((await fatima.fetch('/relationships/99999/agreement')).status, 404)
    const anon = new Visitor(srv.url)
    for (const p of paths) {
      const res = await anon.fetch(`/relationships/${rel}/agreement${p}`)
      assert.equal(res.status, 303, p)
      assert.match(res.headers.get('location'), /^\/sign-in/)
      assert.equal((await anon.fetch(`/api/v1/relationships/${rel}/agreement${p}`)).status, 401, p)
    }
    const gareth = await signedIn('gareth.evans')
    assert.equal((await gareth.fetch(`/relationships/${rel}/agreement`)).status, 200)
    assert.equal((await gareth.fetch(`/relationships/${rel}/agreement/edit`)).status, 403)
    let res = await form(gareth, `/relationships/${rel}/agreement/edit`, answers('admin'))
    assert.equal(res.status, 403)
    res = await api(gareth, `/api/v1/relationships/${rel}/agreement/edit`, answers('admin'))
    assert.equal(res.status, 403)
    assert.equal((await res.json()).error.code, 'forbidden')
    assert.equal((await api(gareth, `/api/v1/relationships/${rel}/agreement/confirm`, { version: 1, revision: 1 })).status, 403)
    // no version yet
    const tom = await signedIn('tom.hughes')
    assert.equal((await tom.fetch(`/relationships/${rel}/agreement/versions/1`)).status, 404)
  })

  test('bad input: 422, the message beside the field, what was typed kept', async () => {
    const chidi = await signedIn('chidi.okafor')
    const [res0, html0] = await chidi.page(`/relationships/${rel}/agreement/edit`)
    assert.equal(res0.status, 200)
    assert.match(html0, /limits of confidentiality/)
    assert.match(html0, /fitness to practise/, 'the hint says what the limits are')
    assert.match(html0, /name="revision" value="0"/)
    let res = await form(chidi, `/relationships/${rel}/agreement/edit`, {
      revision: '0', assistance: 'Career <advice> & feedback', frequency: 'Monthly'
    })
    assert.equal(res.status, 422)
    let html = await res.text()
    assert.match(html, /There is a problem/)
    assert.match(html, /href="#confidentiality">Say what the limits of confidentiality are/)
    assert.match(html, /id="confidentiality-error"/)
    assert.match(html, /Career &lt;advice&gt; &amp; feedback<\/textarea>/, 'typed text kept, escaped')
    assert.match(html, />Monthly<\/textarea>/)
    res = await form(chidi, `/relationships/${rel}/agreement/edit`, {
      revision: '0', ...answers('long'), outcomes: 'x'.repeat(2001)
    })
    assert.equal(res.status, 422)
    html = await res.text()
    assert.match(html, /id="outcomes-error"/)
    assert.match(html, /2000 characters or fewer/)
    assert.match(html, /Come prepared \(long\)<\/textarea>/)
    res = await api(chidi, `/api/v1/relationships/${rel}/agreement/edit`, { frequency: 'Monthly' })
    assert.equal(res.status, 422)
    const j = await res.json()
    assert.equal(j.error.fields.ending, 'Say how the mentoring will end')
    assert.equal(j.error.fields.frequency, undefined)
    assert.equal(mailsTo('tom.hughes', 'agreement').length, 0, 'nothing saved, nobody told')
  })

  test('the confirm flow: draft, one confirms, an edit clears both, stale 409, both agree', async () => {
    const chidi = await signedIn('chidi.okafor')
    const tom = await signedIn('tom.hughes')
    let res = await form(chidi, `/relationships/${rel}/agreement/edit`, { revision: '0', ...answers('v1') })
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), `/relationships/${rel}/agreement?done=saved`)
    assert.equal(mailsTo('tom.hughes', 'Chidi Okafor drafted your mentoring agreement').length, 1)
    // Tom's home page asks him to confirm
    let [, html] = await tom.page('/')
    assert.match(html, /Read and confirm the draft mentoring agreement with Chidi Okafor/)
    ;[res, html] = await tom.page(`/relationships/${rel}/agreement`)
    assert.equal(res.status, 200)
    assert.match(html, /Come prepared \(v1\)/)
    assert.match(html, /name="revision" value="1"/)
    assert.match(html, /Confirm this agreement/)
    res = await form(tom, `/relationships/${rel}/agreement/confirm`, { version: '1', revision: '1' })
    assert.equal(res.status, 303)
    assert.match(res.headers.get('location'), /done=confirmed/)
    let a = await json(tom, `/api/v1/relationships/${rel}/agreement`)
    assert.equal(a.status, 'draft')
    assert.equal(a.draft.mentee_confirmed, true)
    assert.equal(a.draft.mentor_confirmed, false)
    assert.equal(a.draft.waiting_for, 'Chidi Okafor')
    assert.equal(mailsTo('chidi.okafor', 'Tom Hughes confirmed your mentoring agreement').length, 1)
    ;[, html] = await tom.page(`/relationships/${rel}`)
    assert.match(html, /waiting for Chidi Okafor to confirm it/)

    // Chidi changes the draft: both confirmations cleared
    res = await form(chidi, `/relationships/${rel}/agreement/edit`, { revision: '1', ...answers('v1b') })
    assert.equal(res.status, 303)
    a = await json(chidi, `/api/v1/relationships/${rel}/agreement`)
    assert.equal(a.draft.revision, 2)
    assert.equal(a.draft.mentee_confirmed, false)
    assert.equal(a.draft.mentor_confirmed, false)
    // an edit from a page opened before the change is refused
    res = await form(tom, `/relationships/${rel}/agreement/edit`, { revision: '1', ...answers('lost') })
    assert.equal(res.status, 409)
    // Tom confirms what he read before: refused
    res = await form(tom, `/relationships/${rel}/agreement/confirm`, { version: '1', revision: '1' })
    assert.equal(res.status, 409)
    html = await res.text()
    assert.match(html, /The draft changed since you opened it/)
    assert.match(html, /Come prepared \(v1b\)/, 'the page shows the new draft')
    res = await api(tom, `/api/v1/relationships/${rel}/agreement/confirm`, { version: 1, revision: 1 })
    assert.equal(res.status, 409)
    assert.match((await res.json()).error.message, /The draft changed since you opened it/)
    // both confirm revision 2
    res = await api(tom, `/api/v1/relationships/${rel}/agreement/confirm`, { version: 1, revision: 2 })
    assert.equal(res.status, 200)
    res = await form(chidi, `/relationships/${rel}/agreement/confirm`, { version: '1', revision: '2' })
    assert.equal(res.status, 303)
    assert.match(res.headers.get('location'), /done=agreed/)
    a = await json(chidi, `/api/v1/relationships/${rel}/agreement`)
    assert.equal(a.status, 'agreed')
    assert.equal(a.current.version, 1)
    assert.match(a.current.agreed_by_text, /^Agreed by Chidi Okafor on \d+ \w+ \d{4} and Tom Hughes on \d+ \w+ \d{4}$/)
    assert.equal(a.current.answers.expectations, 'Come prepared (v1b)')
    ;[, html] = await tom.page(`/relationships/${rel}/agreement`)
    assert.match(html, /Agreed by Chidi Okafor on/)
    assert.doesNotMatch(html, /Confirm this agreement/)
    for (const who of ['chidi.okafor', 'tom.hughes']) {
      assert.equal(mailsTo(who, 'Your mentoring agreement is agreed').length, 1, who)
    }
    ;[, html] = await tom.page(`/relationships/${rel}`)
    assert.match(html, /Agreed on \d+ \w+ \d{4}/)
    ;[, html] = await tom.page('/')
    assert.doesNotMatch(html, /confirm the draft mentoring agreement/)
  })

  test('a change is a new draft; the agreed version stays current until both confirm', async () => {
    const chidi = await signedIn('chidi.okafor')
    const tom = await signedIn('tom.hughes')
    let res = await api(tom, `/api/v1/relationships/${rel}/agreement/edit`, { frequency: 'Every two weeks' })
    assert.equal(res.status, 200)
    let a = await res.json()
    assert.equal(a.status, 'agreed_with_draft')
    assert.equal(a.current.version, 1)
    assert.equal(a.current.answers.frequency, 'Once a month')
    assert.equal(a.draft.version, 2)
    assert.equal(a.draft.answers.frequency, 'Every two weeks')
    assert.equal(a.draft.answers.expectations, 'Come prepared (v1b)', 'the rest carried over')
    assert.equal(mailsTo('chidi.okafor', 'Tom Hughes suggested changes').length, 1)
    res = await api(chidi, `/api/v1/relationships/${rel}/agreement/confirm`, { version: 2, revision: 1 })
    assert.equal(res.status, 200)
    res = await api(tom, `/api/v1/relationships/${rel}/agreement/confirm`, { version: 2, revision: 1 })
    a = await res.json()
    assert.equal(a.status, 'agreed')
    assert.equal(a.current.version, 2)
    assert.equal(a.history.length, 1)
    assert.equal(a.history[0].version, 1)
    const [r1, html] = await tom.page(`/relationships/${rel}/agreement/versions/1`)
    assert.equal(r1.status, 200)
    assert.match(html, /Replaced by a later version/)
    assert.match(html, /Once a month/)
    const v = await json(chidi, `/api/v1/relationships/${rel}/agreement/versions/1`)
    assert.equal(v.shown.answers.frequency, 'Once a month')
    assert.equal(v.shown.status, 'superseded')
  })

  test('administrators: the status only, or the text under the rule, audited', async () => {
    const gareth = await signedIn('gareth.evans')
    const before = audits()
    let [res, html] = await gareth.page(`/relationships/${rel}/agreement`)
    assert.equal(res.status, 200)
    assert.match(html, /Agreed on/)
    assert.match(html, /Agreed by Chidi Okafor/)
    assert.doesNotMatch(html, new RegExp(SECRET))
    assert.match(html, /not what it says/)
    let a = await json(gareth, `/api/v1/relationships/${rel}/agreement`)
    assert.equal(a.shows_content, false)
    assert.equal(a.current.answers, undefined)
    assert.equal(a.current.sections, undefined)
    assert.doesNotMatch(JSON.stringify(a), new RegExp(SECRET))
    const v = await json(gareth, `/api/v1/relationships/${rel}/agreement/versions/1`)
    assert.doesNotMatch(JSON.stringify(v), new RegExp(SECRET))
    assert.equal(audits(), before, 'nothing opened, nothing audited')

    sql('UPDATE scheme_settings SET admin_sees_documents = 1 WHERE scheme_id = 1')
    ;[res, html] = await gareth.page(`/relationships/${rel}/agreement`)
    assert.equal(res.status, 200)
    assert.match(html, new RegExp(SECRET))
    assert.equal(audits(), before + 1)
    a = await json(gareth, `/api/v1/relationships/${rel}/agreement`)
    assert.equal(a.current.answers.confidentiality, SECRET)
    assert.equal(audits(), before + 2)
    await json(gareth, `/api/v1/relationships/${rel}/agreement/versions/1`)
    assert.equal(audits(), before + 3)
    // still never a write
    assert.equal((await api(gareth, `/api/v1/relationships/${rel}/agreement/reviewed`)).status, 403)
    assert.equal((await form(gareth, `/relationships/${rel}/agreement/confirm`, { version: '2', revision: '1' })).status, 403)
    sql('UPDATE scheme_settings SET admin_sees_documents = 0 WHERE scheme_id = 1')
    // the relationship page never shows the text to anyone
    ;[, html] = await gareth.page(`/relationships/${rel}`)
    assert.doesNotMatch(html, new RegExp(SECRET))
  })

  test('review: six months on one email each, not repeated; twelve months again', async () => {
    assert.equal(await runJob(), 0)
    const before = { chidi: mailsTo('chidi.okafor', 'Time to review').length, tom: mailsTo('tom.hughes', 'Time to review').length }
    assert.deepEqual(before, { chidi: 0, tom: 0 })
    // the server's own scheduler may notice the moved clock and run the
    // job first: what matters is one email each, whoever ran it
    await advance(185 * 86400)
    assert.ok(await runJob() <= 1)
    assert.equal(mailsTo('chidi.okafor', 'Time to review your mentoring agreement').length, 1)
    assert.equal(mailsTo('tom.hughes', 'Time to review your mentoring agreement').length, 1)
    assert.equal(await runJob(), 0, 'a second run sends nothing')
    assert.equal(mailsTo('tom.hughes', 'Time to review').length, 1)
    const tom = await signedIn('tom.hughes')
    let [, html] = await tom.page('/')
    assert.match(html, /Review your mentoring agreement with Chidi Okafor/)
    ;[, html] = await tom.page(`/relationships/${rel}/agreement`)
    assert.match(html, /Time to review your agreement/)
    assert.match(html, /Mark as reviewed, no changes/)
    const a = await json(tom, `/api/v1/relationships/${rel}`)
    assert.equal(a.agreement.is_review_due, true)

    await advance(183 * 86400)
    assert.ok(await runJob() <= 1)
    assert.equal(mailsTo('chidi.okafor', 'Time to review').length, 2)
    assert.equal(mailsTo('tom.hughes', 'Time to review').length, 2)
    assert.equal(await runJob(), 0)

    // reviewed, no changes: the clock restarts
    const chidi = await signedIn('chidi.okafor')
    const res = await form(chidi, `/relationships/${rel}/agreement/reviewed`)
    assert.equal(res.status, 303)
    assert.match(res.headers.get('location'), /done=reviewed/)
    assert.equal(mailsTo('tom.hughes', 'Chidi Okafor reviewed your mentoring agreement').length, 1)
    const t2 = await signedIn('tom.hughes')
    ;[, html] = await t2.page('/')
    assert.doesNotMatch(html, /Review your mentoring agreement/)
    await advance(100 * 86400)
    assert.equal(await runJob(), 0)
  })

  test('after completion: reading works, every write is 409', async () => {
    const chidi = await signedIn('chidi.okafor')
    const today = new Date((await (await api(dev, '/_dev/clock', { advance: 0 })).json()).now * 1000)
      .toISOString().slice(0, 10)
    let res = await api(chidi, `/api/v1/relationships/${rel}/complete`, { end_date: today })
    assert.equal(res.status, 200, await res.clone().text())
    const tom = await signedIn('tom.hughes')
    for (const v of [chidi, tom]) {
      assert.equal((await v.fetch(`/relationships/${rel}/agreement`)).status, 200)
      assert.equal((await v.fetch(`/api/v1/relationships/${rel}/agreement/versions/1`)).status, 200)
      assert.equal((await v.fetch(`/relationships/${rel}/agreement/edit`)).status, 409)
      res = await form(v, `/relationships/${rel}/agreement/edit`, { revision: '0', ...answers('late') })
      assert.equal(res.status, 409)
      assert.match(await res.text(), /This relationship has ended/)
      res = await api(v, `/api/v1/relationships/${rel}/agreement/edit`, { frequency: '' })
      assert.equal(res.status, 409, 'refused before any complaint about the fields')
      res = await api(v, `/api/v1/relationships/${rel}/agreement/confirm`, { version: 2, revision: 1 })
      assert.equal(res.status, 409)
      res = await form(v, `/relationships/${rel}/agreement/reviewed`)
      assert.equal(res.status, 409)
    }
    const [, html] = await tom.page(`/relationships/${rel}/agreement`)
    assert.match(html, /This relationship has ended/)
    assert.doesNotMatch(html, /Mark as reviewed/)
    assert.doesNotMatch(html, /agreement\/edit/)
    await advance(200 * 86400)
    assert.equal(await runJob(), 0, 'no reminders for an ended relationship')
  })
})
