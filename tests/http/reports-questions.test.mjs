// HTTP tests of a scheme's own equality-monitoring questions in the
// reports dashboard (ADM-4 with PRO-2): a profile question the scheme
// marks "equality" gets an equality table of its own, suppressed like
// gender, age and country of origin, on the page, in the API and as CSV;
// a public question does not; another scheme's administrator gets 404.
// Figures against hand-computed data are in tests/unit/test_reports.c
// (test_scheme_equality_questions).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, addElsewhere, signedIn, stopServer } from '../lib/server.mjs'

let srv
const v = {}

before(async () => {
  srv = await startServer({ demo: true, dev: true })
  addElsewhere(srv)
  for (const name of ['gareth.evans', 'olga.other', 'admin']) v[name] = await signedIn(srv, name)
})
after(() => stopServer(srv))

test('ADM-4: an equality question of the scheme gets its own table (withheld in a small scheme, with why); public questions do not', async () => {
  const g = v['gareth.evans']
  const csrf = await g.token()
  for (const [label, visibility] of [['Ethnic group', 'equality'], ['Favourite team', 'public']]) {
    const res = await g.postForm('/admin/schemes/1/fields/new', {
      csrf_token: csrf, label, kind: 'choice', choices: 'Asian\nBlack\nWhite\nMixed\nOther', visibility, applies_to: 'both'
    })
    assert.equal(res.status, 303, `${label} added`)
  }
  const j = await (await g.fetch('/api/v1/admin/schemes/1/reports')).json()
  const t = j.report.tables.find(x => x.title === 'Equality monitoring: Ethnic group')
  assert.ok(t, 'the equality question has a table')
  assert.match(t.slug, /^question-\d+$/)
  assert.equal(t.is_equality, true)
  assert.equal(j.report.tables.find(x => x.title === 'Equality monitoring: Favourite team'), undefined)
  // the built-in tables come first, the scheme's questions after them
  assert.deepEqual(j.report.tables.slice(-4).map(x => x.slug), ['gender', 'age', 'country', t.slug])
  // the demo scheme has fewer than 20 active mentors and mentees: the
  // table is there, withheld with the reason, no rows and no CSV
  assert.equal(t.is_withheld, true)
  assert.match(t.withheld, /at least 20/)
  assert.deepEqual(t.rows, [])
  assert.equal(t.csv_url, undefined)
  const [res, html] = await g.page('/admin/schemes/1/reports')
  assert.equal(res.status, 200)
  assert.match(html, new RegExp(`id="report-${t.slug}"`))
  assert.match(html, /Equality monitoring: Ethnic group/)
  assert.match(html, /Not shown: equality monitoring needs at least 20/)
  const csv = await g.fetch(`/admin/schemes/1/reports/${t.slug}.csv`)
  assert.equal(csv.status, 404)
  // another scheme's administrator: 404 on the page's question CSV and the API
  assert.equal((await v['olga.other'].fetch(`/admin/schemes/1/reports/${t.slug}.csv`)).status, 404)
  assert.equal((await v['olga.other'].fetch('/api/v1/admin/schemes/1/reports')).status, 404)
  // the site roll-up has no scheme's questions
  const site = await (await v.admin.fetch('/api/v1/admin/reports')).json()
  assert.equal(site.report.tables.find(x => /^question-/.test(x.slug)), undefined)
})
