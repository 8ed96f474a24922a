// HTTP tests of evaluation results (EVAL-4, EVAL-5): the administrator's
// results page and its API twin (response rate, distributions, text
// answers with names, the responses), the filters (dates, mentor) and
// bad input (422, typed value kept), the CSV (type, attachment, columns,
// labels, multiple choices joined), a single response; the visibility
// matrix (the scheme's administrator and the site administrator yes; the
// mentor, the mentee, another mentor and another scheme's administrator
// 404; signed out sent to sign in); and the mentor's feedback: nothing
// at all under three mentees, the aggregate once a third mentee answers,
// another mentor's page never showing it, mentees never.
//
// Data: the demo's "After your mentoring" form (mentees) and sarah.mitchell's
// three completed relationships (amy and ravi answered, fatima not yet).
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { addElsewhere, demoPassword, startServer, tandem, Visitor } from '../lib/server.mjs'

let srv
const v = {}
const ids = {}
let form            // the demo mentee form's id
let results         // its results (API) as gareth sees them first

before(async () => {
  srv = await startServer({ demo: true, dev: true })
  addElsewhere(srv)
  for (const name of ['gareth.evans', 'admin', 'sarah.mitchell', 'amy.clarke',
    'fatima.begum', 'chidi.okafor', 'tom.hughes', 'olga.other']) {
    v[name] = await signedIn(name)
    ids[name] = (await (await v[name].fetch('/api/v1/me')).json()).id
  }
  // the demo's mentee form: find it by its title among the scheme's first forms
  for (let id = 1; id <= 10 && !form; id++) {
    const r = await v['gareth.evans'].fetch(`/api/v1/admin/evaluations/forms/${id}/results`)
    if (r.status !== 200) continue
    const j = await r.json()
    if (/After your mentoring/.test(j.title)) { form = id; results = j }
  }
  assert.ok(form, 'the demo has a mentee feedback form')
})
after(async () => {
  const r = await srv.stop()
  assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
  assert.doesNotMatch(r.stderr, /rota changes|practical examples/, 'no answer text in the log')
})

async function signedIn (username) {
  const x = new Visitor(srv.url)
  const res = await x.signIn(username, demoPassword)
  assert.equal(res.status, 303, `${username} signs in`)
  x.csrf = await x.token()
  return x
}

const resultsPath = () => `/admin/evaluations/forms/${form}/results`
const today = () => new Date().toISOString().slice(0, 10)
const daysAgo = (n) => new Date(Date.now() - n * 86400e3).toISOString().slice(0, 10)

describe('the administrator\'s results (EVAL-4)', () => {
  test('the API: rate, distributions, text answers with names, the responses', () => {
    const j = results
    assert.equal(j.version, 1)
    assert.equal(j.scheme_id, 1)
    assert.equal(j.issued, 3, 'amy, ravi and fatima were asked')
    assert.equal(j.answered_version, 2)
    assert.equal(j.rate, 67)
    const q1 = j.questions[0]
    assert.equal(q1.kind, 'rating')
    assert.equal(q1.answered, 2)
    assert.deepEqual(q1.options.map(o => o.n), [0, 0, 0, 1, 1])
    assert.deepEqual(q1.options.map(o => o.percent), [0, 0, 0, 50, 50])
    assert.equal(q1.options[4].label, 'Strongly agree')
    assert.equal(q1.average, '4.5')
    const multi = j.questions.find(q => q.kind === 'multiple')
    assert.equal(multi.answered, 2)
    assert.equal(multi.options[0].n, 1)
    assert.equal(multi.options[1].n, 1)
    assert.equal(multi.options[2].n, 1)
    const text = j.questions.find(q => q.kind === 'text')
    assert.equal(text.texts.length, 2)
    assert.deepEqual(text.texts.map(t => t.name).sort(), ['Amy Clarke', 'Ravi Patel'])
    assert.equal(text.options, undefined, 'a text question has no distribution')
    assert.equal(j.total, 2)
    assert.deepEqual(j.responses.map(r => r.respondent).sort(), ['Amy Clarke', 'Ravi Patel'])
    assert.ok(j.responses.every(r => r.mentor === 'Sarah Mitchell'))
    assert.deepEqual(j.mentors.map(m => m.name), ['Sarah Mitchell'])
  })

  test('the page: SVG bar charts with a title, the numbers in tables, the answers', async () => {
    const [res, html] = await v['gareth.evans'].page(resultsPath())
    assert.equal(res.status, 200)
    assert.match(html, /<h1>Results: After your mentoring/)
    assert.match(html, /Response rate of the form<\/dt>\s*<dd[^>]*>67%/)
    assert.match(html, /2 responses \(to any version\) out of 3 evaluations of this form asked/)
    assert.match(html, /2 of these responses answered version 1\./)
    assert.match(html, /2 people answered this question\./)
    assert.match(html, /<svg class="tandem-evalresults-chart"[^>]*role="img"[^>]*aria-labelledby="q\d+-chart-title"/)
    assert.match(html, /<title id="q\d+-chart-title">Bar chart/)
    assert.match(html, /<rect class="tandem-evalresults-chart__bar" x="0" y="\d+" width="50%"/)
    assert.match(html, /Strongly agree: 1 \(50%\)/)
    assert.match(html, /<td class="nhsuk-table__cell">Strongly agree<\/td>\s*<td[^>]*>1<\/td>\s*<td[^>]*>50%<\/td>/)
    assert.match(html, /Average rating: 4.5 out of 5/)
    assert.match(html, /rota changes/)
    assert.match(html, /Amy Clarke, \d+ \w+ \d{4}/)
    assert.match(html, /href="\/admin\/evaluations\/responses\/\d+"/)
    assert.match(html, new RegExp(`href="/admin/evaluations/forms/${form}/results.csv\\?version=1"`))
    assert.doesNotMatch(html, /style=/)
  })

  test('filters: dates the evaluations were asked, and the mentor', async () => {
    const g = v['gareth.evans']
    // fatima's was asked 10 days ago; amy's and ravi's months ago
    let j = await (await g.fetch(`/api/v1${resultsPath()}?from=${daysAgo(30)}&to=${today()}`)).json()
    assert.equal(j.issued, 1)
    assert.equal(j.answered_version, 0)
    assert.equal(j.rate, 0)
    assert.equal(j.total, 0)
    assert.equal(j.questions[0].answered, 0)
    j = await (await g.fetch(`/api/v1${resultsPath()}?mentor=${ids['sarah.mitchell']}`)).json()
    assert.equal(j.issued, 3)
    assert.equal(j.mentor_name, 'Sarah Mitchell')
    const [res, html] = await g.page(`${resultsPath()}?from=${daysAgo(30)}&to=${today()}`)
    assert.equal(res.status, 200)
    assert.match(html, /There are no responses to version 1 with these filters/)
    assert.match(html, new RegExp(`value="${daysAgo(30)}"`), 'the dates stay in the form')
  })

  test('bad filters: 422, the message next to the field, what was typed kept', async () => {
    const g = v['gareth.evans']
    let [res, html] = await g.page(`${resultsPath()}?from=2026-02-30&to=`)
    assert.equal(res.status, 422)
    assert.match(html, /There is a problem/)
    assert.match(html, /id="from-error"[^]*The (&#39;|&#x27;|')Asked from(&#39;|&#x27;|') date must be a real date/)
    assert.match(html, /name="from" type="date" value="2026-02-30"/)
    ;[res, html] = await g.page(`${resultsPath()}?mentor=${ids['chidi.okafor']}`)
    assert.equal(res.status, 422)
    assert.match(html, /id="mentor-error"[^]*Choose a mentor from the list/)
    ;[res, html] = await g.page(`${resultsPath()}?from=2026-11-20&to=2026-11-01`)
    assert.equal(res.status, 422)
    assert.match(html, /The (&#39;|&#x27;|')Asked from(&#39;|&#x27;|') date must be the same as or before the (&#39;|&#x27;|')Asked to(&#39;|&#x27;|') date/)
    res = await g.fetch(`/api/v1${resultsPath()}?mentor=${ids['chidi.okafor']}`)
    assert.equal(res.status, 422)
    const j = await res.json()
    assert.equal(j.error.fields.mentor, 'Choose a mentor from the list')
    res = await g.fetch(`${resultsPath()}.csv?to=yesterday`)
    assert.equal(res.status, 422)
    // no such version
    res = await g.fetch(`${resultsPath()}?version=9`)
    assert.equal(res.status, 404)
    // not a version at all: 422, the summary's link goes to the version
    // chooser, and the message is beside it
    ;[res, html] = await g.page(`${resultsPath()}?version=0`)
    assert.equal(res.status, 422)
    assert.match(html, /nhsuk-error-summary__list[^]*href="#version"/)
    assert.match(html, /<select[^>]*id="version" name="version"/)
    assert.match(html, /id="version-error"><span class="nhsuk-u-visually-hidden">Error:<\/span> \S/)
    res = await g.fetch(`/api/v1${resultsPath()}?version=0`)
    assert.equal(res.status, 422)
    assert.ok((await res.json()).error.fields.version, 'the API names the field')
  })

  test('the CSV: one row per response, labels, multiple choices joined', async () => {
    const res = await v['gareth.evans'].fetch(`${resultsPath()}.csv`)
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8')
    assert.match(res.headers.get('content-disposition'),
      new RegExp(`^attachment; filename="evaluation-${form}-after-your-mentoring-your-feedback-v1\\.csv"$`))
    const text = await res.text()
    const lines = text.split('\r\n')
    assert.equal(lines[0], 'response,submitted,respondent,role,mentor,mentee,' +
      '1. My mentor listened and helped me think things through,' +
      '2. I achieved what I hoped to from mentoring,3. How many times did you meet your mentor?,' +
      '4. What helped most?,5. Would you recommend mentoring to a colleague?,' +
      '6. What could your mentor do differently?')
    assert.equal(lines.length, 4, 'header, two rows, and the last line ending')
    assert.equal(lines[3], '')
    const amy = lines.find(l => l.includes(',Amy Clarke,'))
    assert.match(amy, /^\d+,\d{4}-\d{2}-\d{2} \d{2}:\d{2},Amy Clarke,mentee,Sarah Mitchell,Amy Clarke,Strongly agree,Agree,6 to 9,Having time to talk things through; Setting goals and action points,Yes,"Nothing really\. Sometimes our meetings ran short because of rota changes, so planning/)
    // filtered: the same columns, no rows
    const f = await (await v['gareth.evans'].fetch(`${resultsPath()}.csv?from=${daysAgo(30)}`)).text()
    assert.equal(f.split('\r\n').length, 2)
    // the API twin
    const a = await v['gareth.evans'].fetch(`/api/v1${resultsPath()}.csv`)
    assert.equal(a.status, 200)
    assert.equal(a.headers.get('content-type'), 'text/csv; charset=utf-8')
  })

  test('a single response: every question and answer, who, when, which relationship', async () => {
    const id = results.responses.find(r => r.respondent === 'Ravi Patel').id
    const [res, html] = await v['gareth.evans'].page(`/admin/evaluations/responses/${id}`)
    assert.equal(res.status, 200)
    assert.match(html, /<h1>Response from Ravi Patel<\/h1>/)
    assert.match(html, /Ravi Patel, as the mentee/)
    assert.match(html, /Sarah Mitchell mentoring Ravi Patel/)
    assert.match(html, /practical examples from audits/)
    assert.match(html, /recorded in the audit log/)
    const j = await (await v['gareth.evans'].fetch(`/api/v1/admin/evaluations/responses/${id}`)).json()
    assert.equal(j.respondent, 'Ravi Patel')
    assert.equal(j.mentor, 'Sarah Mitchell')
    assert.equal(j.answers.length, 6)
    assert.deepEqual(j.answers[0].answers, ['Agree'])
    assert.deepEqual(j.answers[3].answers, ['My mentor\'s advice from their own experience'])
  })

  test('the site administrator sees them too', async () => {
    const r = await v.admin.fetch(`/api/v1${resultsPath()}`)
    assert.equal(r.status, 200)
    assert.equal((await r.json()).total, 2)
  })

  test('everyone else: 404 on every administrator route; signed out: sign in', async () => {
    const rid = results.responses[0].id
    const paths = [resultsPath(), `${resultsPath()}.csv`, `/admin/evaluations/responses/${rid}`]
    for (const name of ['sarah.mitchell', 'amy.clarke', 'chidi.okafor', 'tom.hughes',
      'olga.other']) {
      for (const p of paths) {
        let r = await v[name].fetch(p)
        assert.equal(r.status, 404, `${name} ${p}`)
        const body = await r.text()
        assert.doesNotMatch(body, /Results:|rota changes|practical examples/,
          `${name} ${p}: nothing leaks`)
        r = await v[name].fetch('/api/v1' + p)
        assert.equal(r.status, 404, `${name} /api/v1${p}`)
      }
    }
    const anon = new Visitor(srv.url)
    let r = await anon.fetch(resultsPath())
    assert.equal(r.status, 303)
    assert.match(r.headers.get('location'), /sign-in/)
    r = await anon.fetch('/api/v1' + resultsPath())
    assert.equal(r.status, 401)
    r = await anon.fetch('/evaluations/feedback')
    assert.equal(r.status, 303)
  })
})

describe('a mentor\'s feedback from their mentees (EVAL-5)', () => {
  test('under three mentees: nothing at all, not even how many answered', async () => {
    const [res, html] = await v['sarah.mitchell'].page('/evaluations/feedback')
    assert.equal(res.status, 200)
    assert.match(html, /<h1>Feedback from my mentees<\/h1>/)
    assert.match(html, /You will see your mentees' feedback here once at least 3 of your mentees have answered; until then nothing is shown/)
    assert.doesNotMatch(html, /tandem-evalresults-chart|Strongly agree|rota changes|Amy|Ravi|of your mentees\.<\/p>/)
    const j = await (await v['sarah.mitchell'].fetch('/api/v1/evaluations/feedback')).json()
    const f = j.forms.find(x => /After your mentoring/.test(x.title))
    assert.equal(f.is_shown, false)
    assert.deepEqual(f.versions, [])
    assert.equal(JSON.stringify(j).includes('"mentees":'), false)
  })

  test('mentees never see an aggregate; administrators have their own pages', async () => {
    assert.equal((await v['amy.clarke'].fetch('/evaluations/feedback')).status, 404)
    assert.equal((await v['tom.hughes'].fetch('/api/v1/evaluations/feedback')).status, 404)
    assert.equal((await v['gareth.evans'].fetch('/evaluations/feedback')).status, 404)
  })

  test('a third mentee answers: the aggregate of the closed questions, no text, no names', async () => {
    const fatima = v['fatima.begum']
    const sw = await fatima.postForm('/switch-view', { csrf_token: fatima.csrf, view: '1:mentee' })
    assert.equal(sw.status, 303)
    const mine = await (await fatima.fetch('/api/v1/evaluations')).json()
    const open = mine.open.find(e => /After your mentoring/.test(e.title))
    assert.ok(open, 'fatima has her evaluation to answer')
    const ev = await (await fatima.fetch(`/api/v1/evaluations/${open.id}`)).json()
    const q = ev.questions
    const fields = new URLSearchParams({ csrf_token: fatima.csrf })
    fields.append(q[0].name, '5')
    fields.append(q[1].name, '5')
    fields.append(q[2].name, '4')
    fields.append(q[3].name, '1')
    fields.append(q[3].name, '5')
    fields.append(q[4].name, 'no')
    fields.append(q[5].name, 'Fatima-only words orchid-88')
    const r = await fatima.fetch(`/evaluations/${open.id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: fields.toString()
    })
    assert.equal(r.status, 303, 'fatima answers: ' + (r.status === 303 ? ''
      : (await r.text()).match(/nhsuk-error-summary__list[^]*?<\/div>/)?.[0]))

    const j = await (await v['sarah.mitchell'].fetch('/api/v1/evaluations/feedback')).json()
    const f = j.forms.find(x => /After your mentoring/.test(x.title))
    assert.equal(f.is_shown, true)
    assert.equal(f.versions.length, 1)
    assert.equal(f.versions[0].mentees, 3)
    const qs = f.versions[0].questions
    assert.equal(qs.length, 5, 'the closed questions only')
    assert.ok(qs.every(x => x.kind !== 'text'))
    assert.deepEqual(qs[0].options.map(o => o.n), [0, 0, 0, 1, 2])
    assert.equal(qs[0].answered, 3)
    assert.ok(qs.every(x => x.is_shown && x.answered === 3), 'every question answered by all three')
    const text = JSON.stringify(j)
    assert.doesNotMatch(text, /orchid-88|rota changes|Amy|Ravi|Fatima|submitted/)

    const [res, html] = await v['sarah.mitchell'].page('/evaluations/feedback')
    assert.equal(res.status, 200)
    assert.match(html, /From 3 of your mentees/)
    assert.match(html, /3 mentees answered this question\./)
    assert.match(html, /Numbers are shown in groups of three mentees so that no one(&#39;|&#x27;|')s answers can be picked out\./)
    assert.match(html, /<svg class="tandem-evalresults-chart"[^>]*role="img"/)
    assert.match(html, /Strongly agree: 2 \(67%\)/)
    assert.doesNotMatch(html, /orchid-88|rota changes|Amy Clarke|Ravi Patel|Fatima Begum/)

    // the administrator sees fatima's answer, with her name
    const g = await (await v['gareth.evans'].fetch(`/api/v1${resultsPath()}`)).json()
    assert.equal(g.answered_version, 3)
    assert.equal(g.rate, 100)
    assert.ok(g.questions[5].texts.some(t => t.name === 'Fatima Begum' && /orchid-88/.test(t.text)))
  })

  test('another mentor never sees sarah\'s mentees\' feedback', async () => {
    const j = await (await v['chidi.okafor'].fetch('/api/v1/evaluations/feedback')).json()
    const f = j.forms.find(x => /After your mentoring/.test(x.title))
    assert.equal(f.is_shown, false)
    assert.deepEqual(f.versions, [])
    const [, html] = await v['chidi.okafor'].page('/evaluations/feedback')
    assert.doesNotMatch(html, /tandem-evalresults-chart|orchid-88/)
  })
})
