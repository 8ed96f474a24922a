// HTTP tests of the scheme standards page (ADM-6) and the annual report
// (ADM-5), pages and API twins: the standards with the evidence Tandem
// computes, a note and documents per point (sniffed, downloaded as
// attachments), the report's written sections per year; and every
// refusal: signed out, a participant, another scheme's administrator
// (404 for every scheme, point, year and document id), bad input kept
// with the message beside the field.  The figures from the reports area
// (partials/report-figures) are not relied on here.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { addElsewhere, demoPassword, startServer, tandem, Visitor } from '../lib/server.mjs'

let srv
before(async () => {
  srv = await startServer({ demo: true, dev: true })
  addElsewhere(srv)
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
function upload (v, path, file) {
  const fd = new FormData()
  fd.set('csrf_token', v.csrf)
  if (file) fd.set('file', new Blob([file.body], { type: 'application/octet-stream' }), file.name)
  return v.fetch(path, { method: 'POST', body: fd })
}
const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'
const year = new Date().getUTCFullYear()

test('ADM-6: the standards page lists every attribute, its points and the evidence', async () => {
  const g = await signedIn('gareth.evans')
  const [res, html] = await g.page('/admin/schemes/1/standards')
  assert.equal(res.status, 200)
  for (const t of ['Eligibility to take part', 'Information for mentees', 'Matching process',
    'Training', 'Safety', 'Quality assurance']) assert.match(html, new RegExp(t))
  assert.match(html, /Essential/)
  assert.match(html, /Desirable/)
  assert.match(html, /No-fault ending is available/)
  assert.match(html, /mentors? trained/)
  const r = await g.fetch('/api/v1/admin/schemes/1/standards')
  assert.equal(r.status, 200)
  const j = await r.json()
  assert.equal(j.standards.standards.length, 6)
  const keys = j.standards.standards.map(s => s.key)
  assert.deepEqual(keys, ['eligibility', 'information', 'matching', 'training', 'safety', 'quality'])
  const c = j.standards.counts
  assert.ok(c.mentors >= 3, 'the demo has mentors')
  assert.equal(c.no_fault_ending, true)
  assert.ok(c.relationships_started >= 0)
  assert.ok(j.standards.standards[3].evidence.some(l => /trained/.test(l)))
})

test('ADM-6: a note per point is saved, audited, shown with "last updated"; too long is refused beside the field', async () => {
  const g = await signedIn('gareth.evans')
  let res = await form(g, '/admin/schemes/1/standards/eligibility-voluntary',
    { note: 'Leaflets say joining is voluntary <b>always</b>.' })
  assert.equal(res.status, 303)
  assert.match(res.headers.get('location'), /done=note/)
  const [, html] = await g.page('/admin/schemes/1/standards')
  assert.match(html, /Leaflets say joining is voluntary &lt;b&gt;always&lt;\/b&gt;\./)
  assert.match(html, /Last updated/)
  const long = 'x'.repeat(4001)
  res = await form(g, '/admin/schemes/1/standards/eligibility-voluntary', { note: long })
  assert.equal(res.status, 422)
  const body = await res.text()
  assert.match(body, /nhsuk-error-summary/)
  assert.match(body, /id="note-error"[^]*Note must be 4000 characters or fewer/)
  assert.ok(body.includes(long), 'the typed note comes back')
  const a = await api(g, '/api/v1/admin/schemes/1/standards/eligibility-voluntary', { note: long })
  assert.equal(a.status, 422)
  assert.match((await a.json()).error.fields.note, /4000/)
  const ok = await api(g, '/api/v1/admin/schemes/1/standards/safety-referral', { note: 'Escalation policy v2' })
  assert.equal(ok.status, 200)
  assert.equal((await ok.json()).point.note, 'Escalation policy v2')
  // unknown point
  assert.equal((await g.fetch('/admin/schemes/1/standards/no-such-point')).status, 404)
  assert.equal((await form(g, '/admin/schemes/1/standards/no-such-point', { note: 'x' })).status, 404)
  const log = tandem(['audit', 'list', '--data', srv.data])
  if (log.status === 0) assert.doesNotMatch(log.stdout, /Leaflets say/, 'the audit row holds no text')
})

test('ADM-6: documents are sniffed, downloaded as attachments, removed; bad files refused', async () => {
  const g = await signedIn('gareth.evans')
  let res = await upload(g, '/admin/schemes/1/standards/eligibility-fair/documents',
    { name: 'promo leaflet.pdf', body: PDF })
  assert.equal(res.status, 303)
  res = await upload(g, '/admin/schemes/1/standards/eligibility-fair/documents',
    { name: 'evil.pdf', body: '<script>alert(1)</script>' })
  assert.equal(res.status, 422)
  assert.match(await res.text(), /id="file-error"[^]*The file must be a/)
  res = await upload(g, '/admin/schemes/1/standards/eligibility-fair/documents', null)
  assert.equal(res.status, 422)
  const j = await (await g.fetch('/api/v1/admin/schemes/1/standards/eligibility-fair')).json()
  assert.equal(j.point.documents.length, 1)
  const d = j.point.documents[0]
  assert.equal(d.filename, 'promo leaflet.pdf')
  const dl = await g.fetch(d.download_url)
  assert.equal(dl.status, 200)
  assert.match(dl.headers.get('content-disposition'), /attachment/)
  assert.equal(await dl.text(), PDF)
  // API upload
  const fd = new FormData()
  fd.set('file', new Blob([PDF]), 'policy.pdf')
  const up = await g.fetch('/api/v1/admin/schemes/1/standards/matching-dissolution/documents',
    { method: 'POST', body: fd, headers: { 'X-CSRF-Token': g.csrf } })
  assert.equal(up.status, 201)
  const doc = await up.json()
  // another scheme's administrator, a participant, signed out: 404 / refused
  const o = await signedIn('olga.other')
  assert.equal((await o.fetch(d.download_url)).status, 404)
  assert.equal((await form(o, d.delete_url)).status, 404)
  const t = await signedIn('tom.hughes')
  assert.notEqual((await t.fetch(d.download_url)).status, 200)
  const anon = new Visitor(srv.url)
  assert.notEqual((await anon.fetch(d.download_url)).status, 200)
  // delete: "Remove" is a link to a confirmation page, which POSTs
  let [cres, chtml] = await g.page(`/admin/schemes/1/standards/eligibility-fair`)
  assert.match(chtml, new RegExp(`<a class="tandem-annual-remove" href="${d.delete_url}">Remove`))
  ;[cres, chtml] = await g.page(d.delete_url)
  assert.equal(cres.status, 200)
  assert.match(chtml, /<h1>Remove promo leaflet\.pdf\?<\/h1>/)
  assert.match(chtml, new RegExp(`<form action="${d.delete_url}" method="post"`))
  assert.match(chtml, /href="\/admin\/schemes\/1\/standards\/eligibility-fair">Cancel/)
  assert.equal((await g.fetch(d.download_url)).status, 200, 'looking at the question removes nothing')
  assert.equal((await o.fetch(d.delete_url)).status, 404, 'another scheme: 404 on the question too')
  res = await form(g, d.delete_url)
  assert.equal(res.status, 303)
  assert.equal((await g.fetch(d.download_url)).status, 404)
  const del = await g.fetch(`/api/v1/admin/standards/documents/${doc.id}`,
    { method: 'DELETE', headers: { 'X-CSRF-Token': g.csrf } })
  assert.equal(del.status, 200)
})

test('ADM-5: the annual report: sections saved per year, form kept on bad input, printable', async () => {
  const g = await signedIn('gareth.evans')
  let [res, html] = await g.page('/admin/schemes/1/annual-report')
  assert.equal(res.status, 200)
  assert.match(html, new RegExp(`Annual report ${year}`))
  assert.match(html, /Northfield/)
  assert.match(html, /Scheme standards/)
  assert.match(html, /data-tandem-print/)
  assert.match(html, /Not written yet/)
  // the figures nest under "Figures for the year" (h2): their headings are h3
  assert.match(html, /<h2>Figures for the year<\/h2>/)
  assert.match(html, /<h3 id="report-people-heading">/)
  assert.doesNotMatch(html, /<h2 id="report-/)
  // this year runs to today: said so, not "to 31 December"
  assert.match(html, new RegExp(`1 January ${year} so far \\(to \\d+ \\w+ ${year}\\)`))
  assert.match(html, /Figures from 1 January \d{4} so far/)
  assert.match(html, /Counted as at \d+ \w+ \d{4}, not for the period/)
  ;[res, html] = await g.page(`/admin/schemes/1/annual-report/edit?year=${year}`)
  assert.equal(res.status, 200)
  assert.match(html, /name="aims"/)
  res = await form(g, '/admin/schemes/1/annual-report/edit',
    { year: String(year), aims: 'Support every trainee', changes: 'Shorter forms', plans: 'x'.repeat(10001) })
  assert.equal(res.status, 422)
  html = await res.text()
  assert.match(html, /id="plans-error"[^]*Plans must be 10000 characters or fewer/)
  assert.match(html, /Support every trainee/)
  res = await form(g, '/admin/schemes/1/annual-report/edit',
    { year: String(year), aims: 'Support every trainee', changes: 'Shorter forms', plans: 'Two cohorts' })
  assert.equal(res.status, 303)
  ;[res, html] = await g.page(`/admin/schemes/1/annual-report?year=${year}`)
  assert.match(html, /Support every trainee/)
  assert.match(html, /Shorter forms/)
  assert.match(html, /Two cohorts/)
  const j = await (await g.fetch(`/api/v1/admin/schemes/1/annual-report?year=${year}`)).json()
  assert.equal(j.sections.aims, 'Support every trainee')
  assert.equal(j.year, year)
  assert.equal(j.standards.standards.length, 6)
  const a = await api(g, '/api/v1/admin/schemes/1/annual-report', { year, aims: 'API aims', changes: '', plans: '' })
  assert.equal(a.status, 200)
  assert.equal((await a.json()).sections.aims, 'API aims')
  // a year outside the scheme's life
  assert.equal((await g.fetch('/admin/schemes/1/annual-report?year=2001')).status, 404)
  assert.equal((await g.fetch(`/admin/schemes/1/annual-report?year=${year + 1}`)).status, 404)
})

test('ADM-5, ADM-6: refusals: another scheme\'s administrator 404, participant refused, signed out', async () => {
  const o = await signedIn('olga.other')
  for (const p of ['/admin/schemes/1/standards', '/admin/schemes/1/standards/eligibility-fair',
    '/admin/schemes/1/annual-report', '/admin/schemes/1/annual-report/edit',
    '/api/v1/admin/schemes/1/standards', '/api/v1/admin/schemes/1/annual-report']) {
    assert.equal((await o.fetch(p)).status, 404, p)
  }
  assert.equal((await form(o, '/admin/schemes/1/standards/eligibility-fair', { note: 'x' })).status, 404)
  assert.equal((await form(o, '/admin/schemes/1/annual-report/edit', { year: String(year), aims: 'x' })).status, 404)
  assert.equal((await api(o, '/api/v1/admin/schemes/1/annual-report', { year, aims: 'x' })).status, 404)
  // their own scheme works
  const own = await o.fetch('/api/v1/admin/schemes/2/standards')
  assert.equal(own.status, 200)
  const t = await signedIn('tom.hughes')
  assert.equal((await t.fetch('/admin/schemes/1/standards')).status, 404)
  assert.equal((await form(t, '/admin/schemes/1/annual-report/edit', { year: String(year), aims: 'x' })).status, 404)
  const anon = new Visitor(srv.url)
  const r = await anon.fetch('/admin/schemes/1/annual-report')
  assert.ok([303, 401].includes(r.status), 'signed out: sent to sign in')
  // the site administrator sees any scheme
  const p = await signedIn('admin')
  assert.equal((await p.fetch('/admin/schemes/2/annual-report')).status, 200)
})
