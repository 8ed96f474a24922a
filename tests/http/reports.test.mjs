// HTTP tests of the reports dashboard (ADM-4) and the site roll-up
// (ADM-9): the page and its API twin (every table, the charts, the
// period shown), the filters (default period, dates as typed, bad input
// 422 with the message beside the field and the typed value kept), the
// CSV of every table (type, attachment, same suppression as the page,
// formula-safe), equality monitoring suppressed ("fewer than 5", never a
// small number), and the access matrix: the scheme's administrator and
// the site administrator yes; participants and another scheme's
// administrator 404 on everything, another scheme's cohort 404; signed
// out sent to sign in.  Figures against hand-computed data are in
// tests/unit/test_reports.c.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { addElsewhere, demoPassword, startServer, tandem, Visitor } from '../lib/server.mjs'

let srv
const v = {}
const slugs = ['people', 'requests', 'timings', 'relationships', 'sessions', 'months',
  'evaluations', 'training', 'gender', 'age', 'country']
const equality = ['gender', 'age', 'country']

before(async () => {
  srv = await startServer({ demo: true, dev: true })
  addElsewhere(srv)
  for (const name of ['gareth.evans', 'admin', 'chidi.okafor', 'tom.hughes', 'olga.other']) {
    v[name] = new Visitor(srv.url)
    const res = await v[name].signIn(name, demoPassword)
    assert.equal(res.status, 303, `${name} signs in`)
  }
})
after(async () => {
  const r = await srv.stop()
  assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
})

const cellOf = (t, row, col) => t.rows.find(r => r.label === row).cells[t.columns.indexOf(col)]

describe('the scheme dashboard (ADM-4)', () => {
  test('ADM-4: the page shows every table, SVG charts with a title, a description and the table beside, and a CSV link each', async () => {
    const [res, html] = await v['gareth.evans'].page('/admin/schemes/1/reports')
    assert.equal(res.status, 200)
    assert.match(html, /<h1>Reports<\/h1>/)
    for (const s of slugs) {
      assert.match(html, new RegExp(`id="report-${s}"`), s)
      const link = new RegExp(`href="/admin/schemes/1/reports/${s}\\.csv\\?from=\\d{4}-\\d\\d-\\d\\d&amp;to=\\d{4}-\\d\\d-\\d\\d"`)
      if (equality.includes(s)) assert.doesNotMatch(html, link, `${s}: withheld, no CSV`)
      else assert.match(html, link, `${s} CSV link`)
    }
    // seed 000: a small scheme's equality tables are withheld, saying why
    assert.match(html, /Not shown: equality monitoring needs at least 20 active mentors and mentees/)
    assert.doesNotMatch(html, /Numbers from 1 to/)
    // today's counts say so; the period runs to today
    assert.match(html, /Counted as at \d+ \w+ \d{4}, not for the period/)
    assert.match(html, /Figures from \d+ \w+ \d{4} so far \(to \d+ \w+ \d{4}\)/)
    // "-" when there is nothing to divide by, said to screen readers too
    assert.match(html, /<span aria-hidden="true">-<\/span><span class="nhsuk-u-visually-hidden">none<\/span>/)
    assert.match(html, /<th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">In the period<\/th>/)
    assert.match(html, /<h2 id="report-people-heading">/)
    assert.match(html, /<svg class="tandem-reports-chart"[^>]*role="img"/)
    assert.match(html, /<title id="report-relationships-chart-title">/)
    assert.match(html, /<desc id="report-relationships-chart-desc">/)
    assert.match(html, /Download as CSV/)
    assert.match(html, /annual-report/)
  })

  test('ADM-4: the API gives the same tables as JSON; the default period is this month and the 11 before it', async () => {
    const r = await v['gareth.evans'].fetch('/api/v1/admin/schemes/1/reports')
    assert.equal(r.status, 200)
    const j = await r.json()
    const rep = j.report
    assert.equal(rep.scheme_id, 1)
    assert.equal(rep.threshold, 5)
    assert.deepEqual(rep.tables.map(t => t.slug), slugs)
    // the default: this month and the 11 before it, from the 1st, unless
    // the scheme began later (its first role or relationship)
    assert.match(rep.from, /^\d{4}-\d\d-\d\d$/)
    const [fy, fm] = rep.from.split('-').map(Number)
    const [ty, tm] = rep.to.split('-').map(Number)
    assert.ok((ty * 12 + tm) - (fy * 12 + fm) <= 11)
    assert.equal(rep.to, rep.today, 'to today')
    assert.equal(rep.is_so_far, true)
    // nothing to divide by: null in the API, not 0; the page's "-" is display
    const ev = rep.tables.find(t => t.slug === 'evaluations')
    for (const row of ev.rows) {
      for (const c of row.cells) {
        if (c.is_blank) { assert.equal(c.value, null); assert.equal(c.text, ''); assert.equal(c.display, '-') }
      }
    }
    const people = rep.tables.find(t => t.slug === 'people')
    assert.ok(cellOf(people, 'Mentors', 'Active').value >= 3, 'the demo has active mentors')
    assert.ok(cellOf(people, 'Mentees', 'Active').value >= 2)
    const total = cellOf(people, 'Total', 'Total').value
    assert.equal(total, cellOf(people, 'Mentors', 'Total').value + cellOf(people, 'Mentees', 'Total').value)
    const rels = rep.tables.find(t => t.slug === 'relationships')
    assert.ok(cellOf(rels, 'Active today', 'Relationships').value >= 1, 'chidi and tom')
    assert.ok(cellOf(rels, 'Completed', 'Relationships').value >= 3, 'sarah\'s three')
    const months = rep.tables.find(t => t.slug === 'months')
    assert.equal(months.rows.length, (ty * 12 + tm) - (fy * 12 + fm) + 1)
    assert.equal(months.chart, undefined, 'no chart geometry in the API')
    assert.equal(months.has_chart, true)
  })

  test('ADM-4, seed 000: a scheme of fewer than 20 people: equality tables withheld in the page, the API and the CSV', async () => {
    const j = await (await v['gareth.evans'].fetch('/api/v1/admin/schemes/1/reports')).json()
    for (const slug of equality) {
      const t = j.report.tables.find(x => x.slug === slug)
      assert.equal(t.is_equality, true)
      assert.equal(t.is_withheld, true)
      assert.match(t.withheld, /at least 20/)
      assert.deepEqual(t.rows, [], 'no numbers at all')
      const csv = await v['gareth.evans'].fetch(`/admin/schemes/1/reports/${slug}.csv`)
      assert.equal(csv.status, 404)
    }
  })

  test('ADM-4: every table downloads as CSV with the filters, as an attachment', async () => {
    for (const s of slugs.filter(x => !equality.includes(x))) {
      const r = await v['gareth.evans'].fetch(`/admin/schemes/1/reports/${s}.csv?from=2022-01-01&to=2026-06-30`)
      assert.equal(r.status, 200, s)
      assert.match(r.headers.get('content-type'), /^text\/csv/)
      assert.match(r.headers.get('content-disposition'), new RegExp(`^attachment; filename="scheme-${s}-2022-01-01-to-2026-06-30\\.csv"$`))
      const text = await r.text()
      assert.match(text, /^,/, 'a heading row')
    }
    const people = await (await v['gareth.evans'].fetch('/admin/schemes/1/reports/people.csv')).text()
    assert.match(people, /^,Active,Pending,Deactivated,Rejected,Total,Joined in the period\r\nMentors,\d+,/)
    const api = await v['gareth.evans'].fetch('/api/v1/admin/schemes/1/reports/relationships.csv')
    assert.equal(api.status, 200)
    assert.match(await api.text(), /Live during the period,\d+\r\n/)
    const r = await v['gareth.evans'].fetch('/admin/schemes/1/reports/nothing.csv')
    assert.equal(r.status, 404)
    const r2 = await v['gareth.evans'].fetch('/admin/schemes/1/reports/people')
    assert.equal(r2.status, 404)
  })

  test('ADM-4: a period chosen: months of that period, the dates kept in the form', async () => {
    const [res, html] = await v['gareth.evans'].page('/admin/schemes/1/reports?from=2026-01-15&to=2026-03-02')
    assert.equal(res.status, 200)
    assert.match(html, /value="2026-01-15"/)
    assert.match(html, /value="2026-03-02"/)
    assert.match(html, /Figures from 15 January 2026 to 2 March 2026/)
    const j = await (await v['gareth.evans'].fetch('/api/v1/admin/schemes/1/reports?from=15/1/2026&to=2026-03-02')).json()
    assert.equal(j.report.from, '2026-01-15')
    const months = j.report.tables.find(t => t.slug === 'months')
    assert.deepEqual(months.rows.map(r => r.label), ['January 2026', 'February 2026', 'March 2026'])
  })

  test('ADM-4: bad dates: 422, the message beside the field, what was typed kept; the API says which field', async () => {
    let [res, html] = await v['gareth.evans'].page('/admin/schemes/1/reports?from=2026-02-31&to=2026-03-01')
    assert.equal(res.status, 422)
    assert.match(html, /<span class="nhsuk-error-message" id="from-error"><span class="nhsuk-u-visually-hidden">Error:<\/span> The from date must be a real date/)
    assert.match(html, /value="2026-02-31"/)
    assert.match(html, /nhsuk-error-summary/)
    assert.doesNotMatch(html, /id="report-people"/, 'no figures for a bad period')
    ;[res, html] = await v['gareth.evans'].page('/admin/schemes/1/reports?from=2026-05-01&to=2026-03-01')
    assert.equal(res.status, 422)
    assert.match(html, /The from date must be the same as or before the to date/)
    ;[res, html] = await v['gareth.evans'].page('/admin/schemes/1/reports?from=2016-05-01&to=2026-03-01')
    assert.equal(res.status, 422)
    assert.match(html, /no more than 5 years apart/)
    const r = await v['gareth.evans'].fetch('/api/v1/admin/schemes/1/reports?to=yesterday')
    assert.equal(r.status, 422)
    const j = await r.json()
    assert.ok(j.error.fields.to)
    const c = await v['gareth.evans'].fetch('/admin/schemes/1/reports/people.csv?from=nope')
    assert.equal(c.status, 422)
    ;[res, html] = await v['gareth.evans'].page('/admin/schemes/1/reports?cohort=abc')
    assert.equal(res.status, 422)
  })
})

describe('who may see reports', () => {
  const paths = ['/admin/schemes/1/reports', '/admin/schemes/1/reports/people.csv',
    '/admin/schemes/1/reports/gender.csv', '/admin/schemes/1/reports?from=2026-99-99']
  test('ADM-4: participants and another scheme\'s administrator get 404 on everything of the scheme', async () => {
    for (const name of ['chidi.okafor', 'tom.hughes', 'olga.other']) {
      for (const p of paths) {
        let r = await v[name].fetch(p)
        assert.equal(r.status, 404, `${name} ${p}`)
        assert.doesNotMatch(await r.text(), /<h1>Reports|report-people/, `${name} ${p}: nothing leaks`)
        r = await v[name].fetch('/api/v1' + p)
        assert.equal(r.status, 404, `${name} /api/v1${p}`)
      }
    }
    // olga's own scheme works for her, and gareth gets 404 on it
    const olgaScheme = (await (await v['admin'].fetch('/api/v1/admin/reports')).json()).report ? 2 : 2
    let r = await v['olga.other'].fetch(`/admin/schemes/${olgaScheme}/reports`)
    assert.equal(r.status, 200)
    // nobody has joined olga's new scheme: no pages of zeros
    const empty = await r.text()
    assert.match(empty, /Nothing to report yet: nobody has joined the scheme as a mentor or mentee/)
    assert.doesNotMatch(empty, /id="report-people"/)
    const ej = await (await v['olga.other'].fetch(`/api/v1/admin/schemes/${olgaScheme}/reports`)).json()
    assert.equal(ej.report.is_empty, true)
    assert.equal(ej.report.tables, undefined)
    r = await v['gareth.evans'].fetch(`/admin/schemes/${olgaScheme}/reports`)
    assert.equal(r.status, 404)
    r = await v['gareth.evans'].fetch(`/admin/schemes/${olgaScheme}/reports/people.csv`)
    assert.equal(r.status, 404)
    r = await v['gareth.evans'].fetch('/admin/schemes/999/reports')
    assert.equal(r.status, 404)
  })

  test('ADM-4: a cohort that is not the scheme\'s: 404', async () => {
    const r = await v['gareth.evans'].fetch('/admin/schemes/1/reports?cohort=999999')
    assert.equal(r.status, 404)
    const c = await v['gareth.evans'].fetch('/admin/schemes/1/reports/people.csv?cohort=999999')
    assert.equal(c.status, 404)
  })

  test('signed out: sent to sign in; the API says 401', async () => {
    const anon = new Visitor(srv.url)
    let r = await anon.fetch('/admin/schemes/1/reports')
    assert.equal(r.status, 303)
    assert.match(r.headers.get('location'), /sign-in/)
    r = await anon.fetch('/api/v1/admin/schemes/1/reports')
    assert.equal(r.status, 401)
    r = await anon.fetch('/admin/reports/people.csv')
    assert.equal(r.status, 303)
  })
})

describe('the site roll-up (ADM-9)', () => {
  test('ADM-9: the site administrator sees every scheme added together, with its own suppression', async () => {
    const site = await (await v['admin'].fetch('/api/v1/admin/reports')).json()
    const one = await (await v['admin'].fetch('/api/v1/admin/schemes/1/reports')).json()
    assert.equal(site.report.is_site, true)
    assert.equal(site.report.scheme_name, 'All schemes')
    const sp = site.report.tables.find(t => t.slug === 'people')
    const op = one.report.tables.find(t => t.slug === 'people')
    assert.ok(cellOf(sp, 'Total', 'Total').value >= cellOf(op, 'Total', 'Total').value)
    const g = site.report.tables.find(t => t.slug === 'gender')
    for (const row of g.rows) for (const c of row.cells) assert.ok(c.is_suppressed || c.value === 0 || c.value >= 5)
    const [res, html] = await v['admin'].page('/admin/reports')
    assert.equal(res.status, 200)
    assert.match(html, /All schemes/)
    assert.match(html, /href="\/admin\/reports\/people\.csv\?from=/)
    const csv = await v['admin'].fetch('/admin/reports/relationships.csv')
    assert.equal(csv.status, 200)
    assert.match(csv.headers.get('content-disposition'), /filename="site-relationships-/)
  })

  test('ADM-9: scheme administrators and participants get 404 on the roll-up', async () => {
    for (const name of ['gareth.evans', 'olga.other', 'chidi.okafor']) {
      for (const p of ['/admin/reports', '/admin/reports/people.csv', '/api/v1/admin/reports']) {
        const r = await v[name].fetch(p)
        assert.equal(r.status, 404, `${name} ${p}`)
      }
    }
  })
})

// A scheme of 44 synthetic people (`tandem demo --people 40`: 40
// mentors, 4 mentees, answers drawn from fixed lists): big enough for
// equality monitoring, which then shows only fixed categories, hides
// every count under 5 (zero too) and rounds every other number and
// total to 5, the same in the page, the API and the CSV.
describe('equality monitoring of a scheme of 20 or more (ADM-4, seed 000)', () => {
  let big
  const w = new Visitor('')
  let scheme = 0
  before(async () => {
    big = await startServer({
      prepare: (data) => {
        const r = tandem(['demo', '--data', data, '--password', demoPassword, '--people', '40'])
        assert.equal(r.status, 0, r.stderr)
      }
    })
    w.base = big.url
    assert.equal((await w.signIn('synth.admin', demoPassword)).status, 303)
    for (const id of [1, 2, 3]) {
      if ((await w.fetch(`/api/v1/admin/schemes/${id}/reports`)).status === 200) scheme = id
    }
    assert.ok(scheme > 0, 'synth.admin runs the synthetic scheme')
  })
  after(async () => { await big.stop() })

  test('ADM-4: fixed rows, under 5 hidden, the rest rounded to 5; the CSV and the API carry exactly the page', async () => {
    const j = await (await w.fetch(`/api/v1/admin/schemes/${scheme}/reports`)).json()
    const people = j.report.tables.find(t => t.slug === 'people')
    const exactMentors = cellOf(people, 'Mentors', 'Active').value
    assert.equal(exactMentors, 40)
    const [, html] = await w.page(`/admin/schemes/${scheme}/reports`)
    assert.match(html, /rounded to the nearest 5/)
    for (const slug of equality) {
      const t = j.report.tables.find(x => x.slug === slug)
      assert.equal(t.is_withheld, false, slug)
      for (const row of t.rows) {
        for (const c of row.cells) {
          if (c.is_suppressed) {
            assert.equal(c.value, null)
            assert.ok(['fewer than 5', 'not shown'].includes(c.text), c.text)
          } else {
            assert.ok(c.value >= 5 && c.value % 5 === 0, `${slug} ${row.label}: ${c.value} rounded`)
            assert.equal(c.text, String(c.value))
          }
        }
      }
      // the fixed categories, never a value as typed
      const labels = t.rows.map(r => r.label)
      if (slug === 'gender') assert.deepEqual(labels, ['Female', 'Male', 'Non-binary', 'Another answer or not shown', 'Not given', 'Total'])
      if (slug === 'age') assert.deepEqual(labels.slice(0, 6), ['Under 25', '25 to 34', '35 to 44', '45 to 54', '55 to 64', '65 and over'])
      // the CSV: the same cells
      const csv = await (await w.fetch(`/admin/schemes/${scheme}/reports/${slug}.csv`)).text()
      const lines = csv.trim().split('\r\n')
      assert.equal(lines[0], ',Mentors,Mentees,Total')
      assert.deepEqual(lines.slice(1), t.rows.map(r => [r.label, ...r.cells.map(c => c.text)].join(',')))
      // the page: the same cells
      for (const row of t.rows) {
        for (const c of row.cells) assert.match(html, new RegExp(`>${c.display}</td>`))
      }
      // the total row is rounded: not the people table's exact 44 or 40
      const total = t.rows.find(r => r.label === 'Total').cells
      assert.equal(total[2].value, 45)
      assert.notEqual(total[0].value, exactMentors + 1)
    }
    // everyone (cohort 0) is the whole scheme: shown (a cohort never is: test_reports.c)
    const c = await (await w.fetch(`/api/v1/admin/schemes/${scheme}/reports?cohort=0`)).json()
    assert.equal(c.report.tables.find(x => x.slug === 'gender').is_withheld, false)
  })
})
