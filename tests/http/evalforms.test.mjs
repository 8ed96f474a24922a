// HTTP tests of the evaluation form builder and the annual review
// (EVAL-1, EVAL-2 settings, EVAL-6), pages and API twins: a scheme
// administrator creates a form, adds one question of each kind, moves,
// changes and removes questions, makes it active and closes it; bad
// input comes back beside the field with what was typed (422); the
// annual review opens for a period and closes early; another scheme's
// administrator and a participant get 404 for every route; signed out
// is sent to sign in; a POST without its CSRF token is refused.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { addElsewhere, demoPassword, startServer, Visitor } from '../lib/server.mjs'

let srv
before(async () => {
  srv = await startServer({ demo: true, dev: true })
  addElsewhere(srv)
})
after(async () => {
  const r = await srv.stop()
  assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
})

const visitors = {}
async function signedIn (username) {
  if (visitors[username]) return visitors[username]
  const v = new Visitor(srv.url)
  const res = await v.signIn(username, demoPassword)
  assert.equal(res.status, 303, `${username} signs in`)
  v.csrf = await v.token()
  visitors[username] = v
  return v
}
const form = (v, path, fields = {}) => v.postForm(path, { csrf_token: v.csrf, ...fields })
const api = (v, path, body = {}) => v.postJSON(path, body, { 'X-CSRF-Token': v.csrf })
async function json (v, path) {
  const res = await v.fetch(path)
  assert.equal(res.status, 200, path)
  return res.json()
}

const RATING = { kind: 'rating', prompt: 'My mentor listened to me', required: 'yes',
  label_1: 'Strongly disagree', label_2: 'Disagree', label_3: 'Neither', label_4: 'Agree', label_5: 'Strongly agree' }

describe('the builder, as the scheme administrator', () => {
  let formId
  test('the list page, the create form and its bad input (422, kept, beside the field)', async () => {
    const g = await signedIn('gareth.evans')
    const [res, html] = await g.page('/admin/schemes/1/evaluations')
    assert.equal(res.status, 200)
    assert.match(html, /<h1>Evaluation<\/h1>/)
    assert.match(html, /<h2 id="create">Create a form<\/h2>/)
    const bad = await form(g, '/admin/schemes/1/evaluations', { title: 'Mentee feedback <b>', kind: 'relationship', respondent: 'everyone', trigger_on: 'after_start', trigger_days: '' })
    assert.equal(bad.status, 422)
    const body = await bad.text()
    assert.match(body, /Only the annual review can ask every participant/)
    assert.match(body, /id="trigger_days-error"><span class="nhsuk-u-visually-hidden">Error:<\/span> Enter the number of days/)
    assert.match(body, /value="Mentee feedback &lt;b&gt;"/, 'what was typed comes back, escaped')
    const bad2 = await api(g, '/api/v1/admin/schemes/1/evaluations', { title: 'X', kind: 'relationship', respondent: 'mentee', trigger_on: 'completion', trigger_days: '5' })
    assert.equal(bad2.status, 422)
    assert.match((await bad2.json()).error.fields.trigger_days, /on completion has no number of days/)
    const bad3 = await api(g, '/api/v1/admin/schemes/1/evaluations', { title: '', kind: 'x', respondent: 'mentee', trigger_on: 'after_end', trigger_days: '9999' })
    const f3 = (await bad3.json()).error.fields
    assert.equal(f3.title, 'Enter a title')
    assert.equal(f3.kind, 'Select what the form is for')
  })

  test('create, add one question of each kind, move, change, remove', async () => {
    const g = await signedIn('gareth.evans')
    const res = await form(g, '/admin/schemes/1/evaluations', { title: 'End of mentoring: mentee feedback', intro: 'Thank you.', kind: 'relationship', respondent: 'mentee', trigger_on: 'completion', trigger_days: '' })
    assert.equal(res.status, 303)
    const loc = res.headers.get('location')
    formId = Number(/forms\/(\d+)\?done=added/.exec(loc)[1])
    const [, page] = await g.page(loc)
    assert.match(page, /The form has been created/)
    assert.match(page, /There are no questions yet/)
    // kind chooser, then the form
    const [c1, chooser] = await g.page(`/admin/evaluations/forms/${formId}/questions/new`)
    assert.equal(c1.status, 200)
    assert.match(chooser, /What type of question\?/)
    const [, ratingForm] = await g.page(`/admin/evaluations/forms/${formId}/questions/new?kind=rating`)
    assert.match(ratingForm, /value="Strongly disagree"/, 'default labels')
    assert.equal((await form(g, `/admin/evaluations/forms/${formId}/questions`, RATING)).status, 303)
    assert.equal((await form(g, `/admin/evaluations/forms/${formId}/questions`, { kind: 'single', prompt: 'How often did you meet?', required: 'yes', options: 'Weekly\nMonthly\nLess often' })).status, 303)
    assert.equal((await form(g, `/admin/evaluations/forms/${formId}/questions`, { kind: 'multiple', prompt: 'What did you work on?', required: 'no', options: 'Career\nConfidence\nLeadership' })).status, 303)
    assert.equal((await form(g, `/admin/evaluations/forms/${formId}/questions`, { kind: 'yes_no', prompt: 'Would you recommend mentoring?', required: 'yes' })).status, 303)
    const r = await api(g, `/api/v1/admin/evaluations/forms/${formId}/questions`, { kind: 'text', prompt: 'Anything else?', required: 'no', max_length: '800' })
    assert.equal(r.status, 201)
    const textQ = await r.json()
    assert.equal(textQ.max_length, 800)
    assert.equal(textQ.position, 5)
    let f = await json(g, `/api/v1/admin/evaluations/forms/${formId}`)
    assert.deepEqual(f.questions.map((q) => q.kind), ['rating', 'single', 'multiple', 'yes_no', 'text'])
    assert.equal(f.form.version, 1)
    assert.deepEqual(f.questions[1].options, ['Weekly', 'Monthly', 'Less often'])
    // the preview renders the respondents' inputs
    const [, html] = await g.page(`/admin/evaluations/forms/${formId}`)
    assert.match(html, /<h2 id="preview">Preview<\/h2>/)
    assert.match(html, /type="checkbox" value="2" disabled/)
    // no maxlength: a longer answer is refused by the server with its message,
    // never cut short by the browser
    assert.match(html, /<textarea class="nhsuk-textarea" id="q\d+" name="q\d+" rows="5" aria-describedby/)
    assert.match(html, /Up to 800 characters\./)
    assert.match(html, /5\. Anything else\? \(optional\)/)
    // move the text question up, then remove it
    assert.equal((await form(g, `/admin/evaluations/questions/${textQ.id}/move`, { direction: 'up' })).status, 303)
    f = await json(g, `/api/v1/admin/evaluations/forms/${formId}`)
    assert.deepEqual(f.questions.map((q) => q.kind), ['rating', 'single', 'multiple', 'text', 'yes_no'])
    assert.equal((await api(g, `/api/v1/admin/evaluations/questions/${textQ.id}/move`, { direction: 'down' })).status, 200)
    assert.equal((await form(g, `/admin/evaluations/questions/${textQ.id}/delete`)).status, 303)
    f = await json(g, `/api/v1/admin/evaluations/forms/${formId}`)
    assert.equal(f.questions.length, 4)
    assert.deepEqual(f.questions.map((q) => q.position), [1, 2, 3, 4])
    // change the single-choice question
    const single = f.questions[1]
    const [, edit] = await g.page(single.edit_url)
    assert.match(edit, /Weekly\nMonthly\nLess often<\/textarea>/)
    assert.equal((await form(g, single.edit_url, { prompt: 'How often did you usually meet?', required: 'no', options: 'Weekly\nFortnightly\nMonthly' })).status, 303)
    const q = await json(g, `/api/v1/admin/evaluations/questions/${single.id}`)
    assert.equal(q.prompt, 'How often did you usually meet?')
    assert.equal(q.is_required, false)
    assert.deepEqual(q.options, ['Weekly', 'Fortnightly', 'Monthly'])
  })

  test('bad question input per kind: 422 with the message beside the field, typed text kept', async () => {
    const g = await signedIn('gareth.evans')
    const cases = [
      [{ ...RATING, label_3: '' }, 'label_3', 'Enter the label for 3'],
      [{ kind: 'single', prompt: 'Q', required: 'yes', options: 'Only one' }, 'options', 'Enter at least 2 options, one on each line'],
      [{ kind: 'multiple', prompt: 'Q', required: 'yes', options: 'A\nB\nA' }, 'options', 'Each option must be different: remove the repeated one'],
      [{ kind: 'multiple', prompt: 'Q', required: 'yes', options: Array.from({ length: 21 }, (_, i) => 'Option ' + i).join('\n') }, 'options', 'Enter 20 options or fewer'],
      [{ kind: 'text', prompt: 'Q', required: 'yes', max_length: '5000' }, 'max_length', 'The longest answer must be a whole number of characters from 1 to 4000'],
      [{ kind: 'yes_no', prompt: '', required: 'yes' }, 'prompt', 'Enter the question'],
      [{ kind: 'yes_no', prompt: 'Q?', required: 'maybe' }, 'required', 'Select whether an answer is required'],
      [{ kind: 'single', prompt: 'Q', required: 'yes', options: 'A\n' + 'x'.repeat(201) }, 'options', 'Each option must be 200 characters or fewer'],
    ]
    for (const [fields, field, message] of cases) {
      const res = await form(g, `/admin/evaluations/forms/${formId}/questions`, fields)
      assert.equal(res.status, 422, field)
      const html = await res.text()
      assert.ok(html.includes(`id="${field}-error"><span class="nhsuk-u-visually-hidden">Error:</span> ${message}`), `${field}: ${message}`)
      assert.match(html, /There is a problem/)
      const a = await api(g, `/api/v1/admin/evaluations/forms/${formId}/questions`, fields)
      assert.equal(a.status, 422)
      assert.equal((await a.json()).error.fields[field], message)
    }
    const res = await form(g, `/admin/evaluations/forms/${formId}/questions`, { kind: 'single', prompt: 'Kept <prompt>', required: 'yes', options: 'One' })
    const html = await res.text()
    assert.match(html, /value="Kept &lt;prompt&gt;"/)
    assert.match(html, />One<\/textarea>/)
    // an unknown kind on the chooser
    assert.equal((await g.fetch(`/admin/evaluations/forms/${formId}/questions/new?kind=essay`)).status, 422)
    // an unknown kind posted: only the kind is reported, once, and every
    // link in the summary goes to something on the page
    const bogus = await form(g, `/admin/evaluations/forms/${formId}/questions`, { kind: 'bogus' })
    assert.equal(bogus.status, 422)
    const bh = await bogus.text()
    assert.equal(bh.split('Select the type of question').length - 1, 2, 'once in the summary, once beside the field')
    const summary = bh.match(/nhsuk-error-summary__list[^]*?<\/ul>/)[0]
    for (const [, target] of summary.matchAll(/href="#([^"]+)"/g)) {
      assert.match(bh, new RegExp(`id="${target}"`), `#${target} is on the page`)
    }
    assert.doesNotMatch(bh, /href="#prompt"|href="#required"/)
    const ba = await api(g, `/api/v1/admin/evaluations/forms/${formId}/questions`, { kind: 'bogus' })
    assert.equal(ba.status, 422)
    assert.deepEqual(Object.keys((await ba.json()).error.fields), ['kind'])
  })

  test('settings: saved, bad input kept; the status: active, closed, not back to draft while... (none issued: it may)', async () => {
    const g = await signedIn('gareth.evans')
    const bad = await form(g, `/admin/evaluations/forms/${formId}`, { title: 'Renamed', respondent: 'mentee', trigger_on: 'after_start', trigger_days: '4000' })
    assert.equal(bad.status, 422)
    const html = await bad.text()
    assert.match(html, /The number of days must be a whole number from 0 to 3650/)
    assert.match(html, /value="Renamed"/)
    assert.equal((await form(g, `/admin/evaluations/forms/${formId}`, { title: 'Renamed', respondent: 'mentee', trigger_on: 'after_start', trigger_days: '30' })).status, 303)
    let f = (await json(g, `/api/v1/admin/evaluations/forms/${formId}`)).form
    assert.equal(f.when_words, '30 days after the relationship starts')
    assert.equal(f.status, 'draft')
    assert.equal((await form(g, `/admin/evaluations/forms/${formId}/status`, { status: 'active' })).status, 303)
    f = (await json(g, `/api/v1/admin/evaluations/forms/${formId}`)).form
    assert.equal(f.status, 'active')
    const again = await api(g, `/api/v1/admin/evaluations/forms/${formId}/status`, { status: 'active' })
    assert.equal(again.status, 409)
    assert.equal((await form(g, `/admin/evaluations/forms/${formId}/status`, { status: 'closed' })).status, 303)
    const [, list] = await g.page('/admin/schemes/1/evaluations')
    assert.match(list, /Renamed<\/a>/)
    assert.match(list, /nhsuk-tag nhsuk-tag--grey">Closed/)
    assert.match(list, new RegExp(`/admin/evaluations/forms/${formId}/results`))
    // no evaluation was issued: back to draft and delete are allowed
    assert.equal((await api(g, `/api/v1/admin/evaluations/forms/${formId}/status`, { status: 'draft' })).status, 200)
  })

  test('an empty form cannot be made active; delete asks first, then deletes', async () => {
    const g = await signedIn('gareth.evans')
    const r = await api(g, '/api/v1/admin/schemes/1/evaluations', { title: 'Empty', kind: 'relationship', respondent: 'mentor', trigger_on: 'before_end', trigger_days: '14' })
    assert.equal(r.status, 201)
    const id = (await r.json()).form.id
    const act = await api(g, `/api/v1/admin/evaluations/forms/${id}/status`, { status: 'active' })
    assert.equal(act.status, 409)
    assert.match((await act.json()).error.message, /Add at least one question/)
    const [c, confirm] = await g.page(`/admin/evaluations/forms/${id}/delete`)
    assert.equal(c.status, 200)
    assert.match(confirm, /<h1>Delete Empty\?<\/h1>/)
    const del = await form(g, `/admin/evaluations/forms/${id}/delete`)
    assert.equal(del.status, 303)
    assert.equal((await g.fetch(`/admin/evaluations/forms/${id}`)).status, 404)
  })
})

describe('the annual review (EVAL-6)', () => {
  test('open with a closing date (bad dates beside the field), then close early', async () => {
    const g = await signedIn('gareth.evans')
    const r = await api(g, '/api/v1/admin/schemes/1/evaluations', { title: 'Annual review 2026', kind: 'annual', respondent: 'everyone' })
    assert.equal(r.status, 201)
    const id = (await r.json()).form.id
    const noQ = await api(g, `/api/v1/admin/evaluations/forms/${id}/open`, { closes_on: '2099-01-01' })
    assert.equal(noQ.status, 422, 'more than a year ahead')
    const early = await api(g, `/api/v1/admin/evaluations/forms/${id}/open`, { closes_on: new Date(Date.now() + 20 * 86400e3).toISOString().slice(0, 10) })
    assert.equal(early.status, 409, 'no questions yet')
    assert.equal((await api(g, `/api/v1/admin/evaluations/forms/${id}/questions`, RATING)).status, 201)
    const act = await api(g, `/api/v1/admin/evaluations/forms/${id}/status`, { status: 'active' })
    assert.equal(act.status, 409, 'the annual review is opened, not made active')
    // the page's date boxes
    let res = await form(g, `/admin/evaluations/forms/${id}/open`, { closes_day: '31', closes_month: '2', closes_year: '2027' })
    assert.equal(res.status, 422)
    let html = await res.text()
    assert.match(html, /id="closes_on-error"><span class="nhsuk-u-visually-hidden">Error:<\/span> The closing date must be a real date/)
    assert.match(html, /name="closes_day" type="text" inputmode="numeric" value="31"/)
    res = await form(g, `/admin/evaluations/forms/${id}/open`, { closes_day: '1', closes_month: '1', closes_year: '2000' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /The closing date must be in the future/)
    const until = new Date(Date.now() + 30 * 86400e3)
    res = await form(g, `/admin/evaluations/forms/${id}/open`, { closes_day: String(until.getUTCDate()), closes_month: String(until.getUTCMonth() + 1), closes_year: String(until.getUTCFullYear()) })
    assert.equal(res.status, 303)
    assert.match(res.headers.get('location'), /done=opened&asked=\d+/)
    ;[, html] = await g.page(res.headers.get('location'))
    assert.match(html, /The annual review is open until/)
    let f = (await json(g, `/api/v1/admin/evaluations/forms/${id}`))
    assert.equal(f.form.status, 'active')
    assert.equal(f.is_open, true)
    assert.equal(f.form.closes_on, until.toISOString().slice(0, 10))
    const twice = await api(g, `/api/v1/admin/evaluations/forms/${id}/open`, { closes_on: until.toISOString().slice(0, 10) })
    assert.equal(twice.status, 409)
    // tom was asked; his answer, once the review is closed early, is refused
    const tom = await signedIn('tom.hughes')
    const mine = await json(tom, '/api/v1/evaluations')
    const ev = mine.open.find(e => /Annual review 2026/.test(e.title))
    assert.ok(ev, 'tom was asked the annual review')
    const q = (await json(tom, `/api/v1/evaluations/${ev.id}`)).questions
    const clock = await api(g, '/_dev/clock', { advance: 60 })
    assert.ok(clock.status < 300, 'the dev clock moves')
    assert.equal((await form(g, `/admin/evaluations/forms/${id}/status`, { status: 'closed' })).status, 303)
    f = (await json(g, `/api/v1/admin/evaluations/forms/${id}`))
    assert.equal(f.form.status, 'closed')
    assert.equal(f.is_open, false)
    assert.ok(f.form.closes_on <= until.toISOString().slice(0, 10))
    const late = await form(tom, `/evaluations/${ev.id}`, { [q[0].name]: '5' })
    assert.equal(late.status, 409, 'EVAL-6: closing the review ends what it asked')
    const lateApi = await api(tom, `/api/v1/evaluations/${ev.id}`, { [q[0].name]: '5' })
    assert.equal(lateApi.status, 409)
  })
})

describe('who may', () => {
  let formId, qid
  before(async () => {
    const g = await signedIn('gareth.evans')
    const r = await api(g, '/api/v1/admin/schemes/1/evaluations', { title: 'Private form', kind: 'relationship', respondent: 'mentor', trigger_on: 'completion' })
    formId = (await r.json()).form.id
    qid = (await (await api(g, `/api/v1/admin/evaluations/forms/${formId}/questions`, RATING)).json()).id
  })

  test('another scheme\'s administrator: 404 for every route; a participant: 403', async () => {
    for (const who of ['olga.other', 'tom.hughes', 'chidi.okafor']) {
      const v = await signedIn(who)
      for (const path of ['/admin/schemes/1/evaluations', `/admin/evaluations/forms/${formId}`, `/admin/evaluations/forms/${formId}/questions/new?kind=rating`,
        `/admin/evaluations/questions/${qid}/edit`, `/admin/evaluations/forms/${formId}/delete`, `/api/v1/admin/evaluations/forms/${formId}`, `/api/v1/admin/evaluations/questions/${qid}`]) {
        const res = await v.fetch(path)
        // another scheme's administrator: 404 (app); a participant is no
        // administrator at all: the server's access check, 403, for any id
        assert.equal(res.status, who === 'olga.other' ? 404 : 403, `${who} GET ${path}`)
      }
      for (const [path, body] of [[`/admin/evaluations/forms/${formId}`, { title: 'Mine', respondent: 'mentor', trigger_on: 'completion' }],
        [`/admin/evaluations/forms/${formId}/status`, { status: 'active' }], [`/admin/evaluations/forms/${formId}/open`, { closes_on: '2027-01-01' }],
        [`/admin/evaluations/forms/${formId}/delete`, {}], [`/admin/evaluations/forms/${formId}/questions`, RATING],
        [`/admin/evaluations/questions/${qid}/edit`, RATING], [`/admin/evaluations/questions/${qid}/move`, { direction: 'down' }],
        [`/admin/evaluations/questions/${qid}/delete`, {}], ['/admin/schemes/1/evaluations', { title: 'X', kind: 'annual', respondent: 'everyone' }]]) {
        const res = await form(visitors[who], path, body)
        const expect = who === 'olga.other' ? 404 : 403
        assert.equal(res.status, expect, `${who} POST ${path}`)
        const a = await api(visitors[who], '/api/v1' + path.replace(/\/edit$/, ''), body)
        assert.equal(a.status, expect, `${who} POST /api/v1${path}`)
      }
    }
    const g = await signedIn('gareth.evans')
    const f = await json(g, `/api/v1/admin/evaluations/forms/${formId}`)
    assert.equal(f.form.title, 'Private form')
    assert.equal(f.questions.length, 1)
  })

  test('signed out: sign in (page) or 401 (API); no CSRF token: 403', async () => {
    const anon = new Visitor(srv.url)
    const res = await anon.fetch(`/admin/evaluations/forms/${formId}`)
    assert.equal(res.status, 303)
    assert.equal((await anon.fetch(`/api/v1/admin/evaluations/forms/${formId}`)).status, 401)
    const g = await signedIn('gareth.evans')
    const noToken = await g.postForm(`/admin/evaluations/forms/${formId}/status`, { status: 'active' })
    assert.equal(noToken.status, 403)
    const f = await json(g, `/api/v1/admin/evaluations/forms/${formId}`)
    assert.equal(f.form.status, 'draft')
  })

  test('a site administrator may build forms of any scheme; each change is audited', async () => {
    const priya = await signedIn('admin')
    const res = await priya.fetch(`/api/v1/admin/evaluations/forms/${formId}`)
    assert.equal(res.status, 200)
    assert.equal((await api(priya, `/api/v1/admin/evaluations/questions/${qid}`, { prompt: 'Changed by the site administrator', required: 'no', ...{ label_1: 'a', label_2: 'b', label_3: 'c', label_4: 'd', label_5: 'e' } })).status, 200)
    const audit = await priya.fetch('/api/v1/admin/audit')
    if (audit.status === 200) {
      const text = JSON.stringify(await audit.json())
      assert.match(text, /evalform\.question/)
      assert.match(text, /evalform\.add/)
    }
  })
})
