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
import { spawnSync } from 'node:child_process'
import { startServer, Visitor, demoPassword, tandem, bin } from '../lib/server.mjs'

let srv
const v = {}
const slugs = ['people', 'requests', 'timings', 'relationships', 'sessions', 'months',
  'evaluations', 'training', 'gender', 'age', 'country']

before(async () => {
  srv = await startServer({ demo: true, dev: true })
  const u = spawnSync(bin, ['user', 'add', '--data', srv.data, '--username', 'olga.other',
    '--email', 'olga.other@example.nhs.uk', '--name', 'Olga Other'],
  { input: demoPassword + '\n', encoding: 'utf8' })
  assert.equal(u.status, 0, u.stderr)
  const s = tandem(['scheme', 'add', '--data', srv.data, '--slug', 'elsewhere', '--name',
    'Elsewhere Scheme', '--admin', 'olga.other'])
  assert.equal(s.status, 0, s.stderr)
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
      assert.match(html, new RegExp(`href="/admin/schemes/1/reports/${s}\\.csv\\?from=\\d{4}-\\d\\d-01&amp;to=\\d{4}-\\d\\d-\\d\\d"`), `${s} CSV link`)
    }
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
    assert.match(rep.from, /^\d{4}-\d\d-01$/)
    const [fy, fm] = rep.from.split('-').map(Number)
    const [ty, tm] = rep.to.split('-').map(Number)
    assert.equal((ty * 12 + tm) - (fy * 12 + fm), 11)
    const people = rep.tables.find(t => t.slug === 'people')
    assert.ok(cellOf(people, 'Mentors', 'Active').value >= 3, 'the demo has active mentors')
    assert.ok(cellOf(people, 'Mentees', 'Active').value >= 2)
    const total = cellOf(people, 'Total', 'Total').value
    assert.equal(total, cellOf(people, 'Mentors', 'Total').value + cellOf(people, 'Mentees', 'Total').value)
    const rels = rep.tables.find(t => t.slug === 'relationships')
    assert.ok(cellOf(rels, 'Active today', 'Relationships').value >= 1, 'chidi and tom')
    assert.ok(cellOf(rels, 'Completed', 'Relationships').value >= 3, 'sarah\'s three')
    const months = rep.tables.find(t => t.slug === 'months')
    assert.equal(months.rows.length, 12)
    assert.equal(months.chart, undefined, 'no chart geometry in the API')
    assert.equal(months.has_chart, true)
  })

  test('ADM-4: equality tables are suppressed in the page, the API and the CSV: no count from 1 to 4 anywhere', async () => {
    const j = await (await v['gareth.evans'].fetch('/api/v1/admin/schemes/1/reports')).json()
    for (const slug of ['gender', 'age', 'country']) {
      const t = j.report.tables.find(x => x.slug === slug)
      assert.equal(t.is_equality, true)
      for (const row of t.rows) {
        for (const c of row.cells) {
          if (c.is_suppressed) {
            assert.equal(c.value, null)
            assert.equal(c.text, 'fewer than 5')
          } else {
            assert.ok(c.value === 0 || c.value >= 5, `${slug} ${row.label}: ${c.value}`)
          }
        }
      }
      const csv = await v['gareth.evans'].fetch(`/admin/schemes/1/reports/${slug}.csv`)
      assert.equal(csv.status, 200)
      const text = await csv.text()
      assert.match(text, /^,Mentors,Mentees,Total\r\n/)
      for (const line of text.trim().split('\r\n').slice(1)) {
        for (const cell of line.split(',').slice(1)) {
          assert.ok(cell === 'fewer than 5' || cell === '0' || Number(cell) >= 5, `${slug} CSV: ${line}`)
        }
      }
    }
    // the demo is small: at least one cell is hidden
    const gender = j.report.tables.find(x => x.slug === 'gender')
    assert.ok(gender.rows.some(r => r.cells.some(c => c.is_suppressed)))
  })

  test('ADM-4: every table downloads as CSV with the filters, as an attachment', async () => {
    for (const s of slugs) {
      const r = await v['gareth.evans'].fetch(`/admin/schemes/1/reports/${s}.csv?from=2022-01-01&to=2026-12-31`)
      assert.equal(r.status, 200, s)
      assert.match(r.headers.get('content-type'), /^text\/csv/)
      assert.match(r.headers.get('content-disposition'), new RegExp(`^attachment; filename="scheme-${s}-2022-01-01-to-2026-12-31\\.csv"$`))
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
