// HTTP tests of mentor training records (PRO-9) and declared conflicts
// (FIND-4), pages and API twins: a mentor keeps their records (dates
// checked, certificates sniffed from their bytes, downloaded as
// attachments), administrators verify them, mentees and mentors declare
// conflicts; and every refusal: the wrong role, another person's ids and
// another scheme's administrator get 403 or 404 as the rules say.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { addElsewhere, demoPassword, startServer, Visitor } from '../lib/server.mjs'

let srv
before(async () => {
  // max_upload above the certificate limit, so an oversize certificate
  // reaches the route's own check and its message beside the field
  srv = await startServer({ demo: true, dev: true, set: { max_upload: '12m' } })
  // a second scheme with an administrator of its own
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

function multipart (v, path, fields, file) {
  const fd = new FormData()
  fd.set('csrf_token', v.csrf)
  for (const [k, val] of Object.entries(fields)) fd.set(k, val)
  if (file) fd.set('certificate', new Blob([file.body], { type: file.type || 'application/octet-stream' }), file.name)
  return v.fetch(path, { method: 'POST', body: fd })
}

const course = (extra = {}) => ({
  kind: 'course', course: 'Mentoring skills', provider: 'Northfield Deanery',
  completed_day: '15', completed_month: '3', completed_year: '2024',
  refresh_day: '15', refresh_month: '3', refresh_year: '2027', ...extra
})

const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'
// a 1x1 PNG with a text chunk ("Comment": "secret-gps") a cleaner must drop
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489' +
  '0000001274455874436f6d6d656e74007365637265742d6770738cde6917' +
  '0000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082', 'hex')

// The id of the newest record of the signed-in mentor.
async function newestId (v) {
  const res = await v.fetch('/api/v1/training')
  assert.equal(res.status, 200)
  return (await res.json()).records[0].id
}

describe('training records', () => {
  test('a mentor adds, sees, edits and deletes a record', async () => {
    const v = await signedIn('chidi.okafor')
    let [res, html] = await v.page('/training')
    assert.equal(res.status, 200)
    assert.match(html, /<h1>Your mentoring training<\/h1>/)
    ;[res, html] = await v.page('/training/new')
    assert.equal(res.status, 200)
    assert.match(html, /name="completed_day"/)

    res = await form(v, '/training/new', course())
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/training?done=added')
    ;[res, html] = await v.page('/training?done=added')
    assert.match(html, /Your training record has been added/)
    assert.match(html, /Mentoring skills/)
    assert.match(html, /15 March 2024/)
    assert.match(html, /15 March 2027/)
    assert.match(html, /Not verified/)

    const id = await newestId(v)
    ;[res, html] = await v.page(`/training/${id}/edit`)
    assert.equal(res.status, 200)
    assert.match(html, /value="Mentoring skills"/)
    assert.match(html, /name="completed_year" type="text" inputmode="numeric" value="2024"/)
    res = await form(v, `/training/${id}/edit`, course({ course: 'Mentoring skills (advanced)' }))
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/training?done=saved')
    ;[, html] = await v.page('/training')
    assert.match(html, /Mentoring skills \(advanced\)/)

    ;[res, html] = await v.page(`/training/${id}/delete`)
    assert.equal(res.status, 200)
    assert.match(html, /Delete Mentoring skills \(advanced\)\?/)
    res = await form(v, `/training/${id}/delete`)
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/training?done=deleted')
    res = await v.fetch(`/api/v1/training/${id}`)
    assert.equal(res.status, 404)
  })

  test('bad dates come back beside the field with what was typed', async () => {
    const v = await signedIn('chidi.okafor')
    const cases = [
      [{ completed_year: '2099' }, 'completed_on', /Date completed must be today or in the past/],
      [{ completed_day: '31', completed_month: '2' }, 'completed_on', /Date completed must be a real date/],
      [{ completed_month: '' }, 'completed_on', /Date completed must include a month/],
      [{ completed_day: '', completed_month: '', completed_year: '' }, 'completed_on', /Enter the date you completed the training/],
      [{ refresh_year: '2023' }, 'refresh_due_on', /Refresher due date must be after the date completed/],
      [{ refresh_year: '24' }, 'refresh_due_on', /Refresher due date year must include 4 numbers/],
      [{ course: '' }, 'course', /Enter the name of the course or qualification/],
      [{ kind: '' }, 'kind', /Select/]
    ]
    for (const [extra, field, message] of cases) {
      const res = await form(v, '/training/new', course({ course: 'Kept <course>', ...extra }))
      const html = await res.text()
      assert.equal(res.status, 400, JSON.stringify(extra))
      assert.match(html, message, JSON.stringify(extra))
      assert.match(html, new RegExp(`href="#${field}"`), 'the summary links to the field')
      assert.match(html, new RegExp(`id="${field}-error"`), 'the message is beside the field')
      if (extra.course === undefined) assert.match(html, /value="Kept &lt;course&gt;"/, 'what was typed is kept, escaped')
    }
    // a box refused by the route itself (too long): the message is on the
    // date, once, and the summary links to the day box
    for (const extra of [{ completed_year: '20244444444' }, { completed_day: 'x'.repeat(11), completed_month: 'y'.repeat(11) }]) {
      const res = await form(v, '/training/new', course(extra))
      const html = await res.text()
      assert.equal(res.status, 400, JSON.stringify(extra))
      assert.match(html, /href="#completed_on"/)
      assert.doesNotMatch(html, /href="#completed_(day|month|year)"/)
      assert.equal(html.match(/id="completed_on-error"/g).length, 1)
      assert.equal(html.match(/<li><a href="#completed_on">/g).length, 1, 'one message for the date')
    }
    // lengths count characters, not bytes: 200 accented letters are fine
    let res = await form(v, '/training/new', course({ course: 'é'.repeat(200), provider: 'ü'.repeat(200) }))
    assert.equal(res.status, 303)
    res = await form(v, '/training/new', course({ course: 'é'.repeat(201) }))
    assert.equal(res.status, 400)
    res = await api(v, '/api/v1/training', { kind: 'course', course: 'X', completed_on: '2024-02-30' })
    assert.equal(res.status, 422)
    assert.match((await res.json()).error.fields.completed_on, /real date/)
  })

  test('a PDF certificate is stored and downloaded as an attachment', async () => {
    const v = await signedIn('chidi.okafor')
    let res = await multipart(v, '/training/new', course({ course: 'Coaching certificate' }),
      { body: PDF, name: 'My cert (2024) <final>.pdf', type: 'application/pdf' })
    assert.equal(res.status, 303)
    const id = await newestId(v)
    const [, html] = await v.page('/training')
    assert.match(html, new RegExp(`href="/training/${id}/certificate"`))
    res = await v.fetch(`/training/${id}/certificate`)
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'application/pdf')
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
    assert.match(res.headers.get('content-disposition'), /^attachment; filename="My cert \(2024\) _final_\.pdf"; filename\*=UTF-8''/)
    assert.equal(await res.text(), PDF)

    // the API twin replaces it with a PNG: what is stored is the cleaned
    // copy, without its metadata
    const fd = new FormData()
    fd.set('certificate', new Blob([PNG]), 'scan.png')
    res = await v.fetch(`/api/v1/training/${id}/certificate`, { method: 'POST', body: fd, headers: { 'X-CSRF-Token': v.csrf } })
    assert.equal(res.status, 200)
    const j = await res.json()
    assert.equal(j.certificate_type, 'image/png')
    assert.equal(j.certificate_filename, 'scan.png')
    res = await v.fetch(`/training/${id}/certificate`)
    assert.equal(res.headers.get('content-type'), 'image/png')
    const kept = Buffer.from(await res.arrayBuffer())
    assert.equal(kept.subarray(0, 8).toString('hex'), '89504e470d0a1a0a')
    assert.ok(!kept.includes('secret-gps'), 'the metadata was removed')
  })

  test('a disguised or oversize certificate is refused beside the field', async () => {
    const v = await signedIn('chidi.okafor')
    let res = await multipart(v, '/training/new', course({ course: 'Disguised' }),
      { body: 'just some text, not a PDF', name: 'cert.pdf', type: 'application/pdf' })
    let html = await res.text()
    assert.equal(res.status, 400)
    assert.match(html, /The selected file must be a PDF, JPG or PNG/)
    assert.match(html, /id="certificate-error"/)
    assert.match(html, /value="Disguised"/)

    // a PDF header without its end marker, and one of an unknown version
    for (const body of ['%PDF-1.4\nno end', '%PDF-1.9\n%%EOF\n', '%PDF-1.4\n%%EOF\n' + ' '.repeat(2000)]) {
      res = await multipart(v, '/training/new', course({ course: 'Not a PDF' }), { body, name: 'c.pdf' })
      html = await res.text()
      assert.equal(res.status, 400, body.slice(0, 12))
      assert.match(html, /The selected file must be a PDF, JPG or PNG/)
    }
    // a damaged PNG: the cleaner's own message
    res = await multipart(v, '/training/new', course({ course: 'Damaged' }),
      { body: PNG.subarray(0, 40), name: 'scan.png', type: 'image/png' })
    html = await res.text()
    assert.equal(res.status, 400)
    assert.match(html, /id="certificate-error"/)
    assert.doesNotMatch(html, /The selected file must be a PDF, JPG or PNG/)

    res = await multipart(v, '/training/new', course({ course: 'Too big' }),
      { body: '%PDF-1.4\n' + 'x'.repeat(10 * 1024 * 1024 + 10), name: 'big.pdf' })
    html = await res.text()
    assert.equal(res.status, 400)
    assert.match(html, /The selected file must be 10 MB or smaller/)
    assert.match(html, /value="Too big"/)

    res = await v.fetch('/api/v1/training')
    const names = (await res.json()).records.map((r) => r.course)
    for (const n of ['Disguised', 'Too big', 'Not a PDF', 'Damaged']) assert.ok(!names.includes(n), 'nothing was saved: ' + n)
  })

  test('a mentee without the mentor role is told training is for mentors', async () => {
    const v = await signedIn('amy.clarke')
    for (const path of ['/training', '/training/new']) {
      const [res, html] = await v.page(path)
      assert.equal(res.status, 403, path)
      assert.match(html, /Training records are kept by mentors/)
    }
    let res = await form(v, '/training/new', course())
    assert.equal(res.status, 403)
    res = await api(v, '/api/v1/training', { kind: 'course', course: 'X', completed_on: '2024-01-01' })
    assert.equal(res.status, 403)
    assert.equal((await res.json()).error.code, 'forbidden')
  })

  test("another mentor cannot see, change, delete or download someone's record", async () => {
    const owner = await signedIn('chidi.okafor')
    let res = await multipart(owner, '/training/new', course({ course: 'Private course' }),
      { body: PDF, name: 'c.pdf' })
    assert.equal(res.status, 303)
    const id = await newestId(owner)
    const other = await signedIn('james.li')
    for (const path of [`/training/${id}/edit`, `/training/${id}/delete`, `/training/${id}/certificate`,
      `/api/v1/training/${id}`]) {
      const [r, html] = await other.page(path)
      assert.equal(r.status, 404, path)
      assert.doesNotMatch(html, /Private course/)
    }
    res = await form(other, `/training/${id}/edit`, course({ course: 'Hijacked' }))
    assert.equal(res.status, 404)
    res = await form(other, `/training/${id}/delete`)
    assert.equal(res.status, 404)
    res = await other.fetch(`/api/v1/training/${id}`, { method: 'DELETE', headers: { 'X-CSRF-Token': other.csrf } })
    assert.equal(res.status, 404)
    res = await owner.fetch(`/api/v1/training/${id}`)
    assert.equal((await res.json()).course, 'Private course', 'unchanged')
  })

  test('an administrator verifies; an edit clears it; another scheme\'s administrator gets 404', async () => {
    const mentor = await signedIn('chidi.okafor')
    let res = await form(mentor, '/training/new', course({ course: 'To verify',
      refresh_day: '1', refresh_month: '1', refresh_year: '2025' }))
    assert.equal(res.status, 303)
    const id = await newestId(mentor)

    const outsider = await signedIn('olga.other')
    res = await form(outsider, `/admin/training/${id}/verify`, { scheme_id: '1', version: '1' })
    assert.equal(res.status, 404)
    res = await outsider.fetch('/admin/schemes/1/training')
    assert.equal(res.status, 404)
    res = await outsider.fetch('/api/v1/admin/schemes/1/conflicts')
    assert.equal(res.status, 404)
    res = await outsider.fetch(`/training/${id}/certificate`)
    assert.equal(res.status, 404)
    res = await outsider.fetch('/admin/schemes/2/training')
    assert.equal(res.status, 200, 'their own scheme is fine')

    const mentee = await signedIn('amy.clarke')
    res = await form(mentee, `/admin/training/${id}/verify`, { version: '1' })
    assert.equal(res.status, 403)

    const admin = await signedIn('gareth.evans')
    let [page, html] = await admin.page('/admin/schemes/1/training')
    assert.equal(page.status, 200)
    assert.match(html, /Chidi Okafor/)
    assert.match(html, /To verify/)
    assert.match(html, /Overdue/, 'the refresher due in 2025 is overdue')
    assert.match(html, /role="region" aria-label="Mentor training" tabindex="0"/)
    assert.match(html, new RegExp(`action="/admin/training/${id}/verify"[^]*?name="version" value="1"`))
    res = await form(admin, `/admin/training/${id}/verify`, { scheme_id: '1', version: '1' })
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/admin/schemes/1/training?done=verified')
    ;[, html] = await admin.page('/admin/schemes/1/training?done=verified')
    assert.match(html, /The training record has been verified/)
    assert.match(html, /Verified<\/strong> by Gareth Evans/)
    let j = await (await admin.fetch('/api/v1/admin/schemes/1/training')).json()
    const row = j.mentors.find((m) => m.name === 'Chidi Okafor')
    assert.equal(row.latest.id, id)
    assert.equal(row.latest.is_verified, true)
    assert.equal(row.latest.is_overdue, true)

    // the owner sees who verified it; editing warns, then clears it
    ;[, html] = await mentor.page('/training')
    assert.match(html, /By Gareth Evans on/)
    ;[, html] = await mentor.page(`/training/${id}/edit`)
    assert.match(html, /This record is verified/)
    res = await form(mentor, `/training/${id}/edit`, course({ course: 'To verify (edited)' }))
    assert.equal(res.headers.get('location'), '/training?done=saved_unverified')
    j = await (await mentor.fetch(`/api/v1/training/${id}`)).json()
    assert.equal(j.is_verified, false)

    assert.equal(j.version, 2, 'an edit bumps the version')

    // verifying what was seen before the edit: refused, the list shown again
    res = await form(admin, `/admin/training/${id}/verify`, { scheme_id: '1', version: '1' })
    html = await res.text()
    assert.equal(res.status, 409)
    assert.match(html, /This record changed after you opened it\. Check it again before verifying\./)
    assert.match(html, /<h1>Mentor training/)
    assert.match(html, new RegExp(`action="/admin/training/${id}/verify"[^]*?name="version" value="2"`))
    j = await (await mentor.fetch(`/api/v1/training/${id}`)).json()
    assert.equal(j.is_verified, false, 'still not verified')

    // the API twins: version required; a stale one is 409; verify, unverify
    res = await api(admin, `/api/v1/admin/training/${id}/verify`)
    assert.equal(res.status, 422)
    assert.ok((await res.json()).error.fields.version)
    res = await api(admin, `/api/v1/admin/training/${id}/verify`, { version: 1 })
    assert.equal(res.status, 409)
    assert.match((await res.json()).error.message, /This record changed after you opened it/)
    res = await api(admin, `/api/v1/admin/training/${id}/verify`, { version: 2 })
    assert.equal(res.status, 200)
    assert.equal((await res.json()).done, 'verified')
    res = await api(admin, `/api/v1/admin/training/${id}/unverify`, { version: 2 })
    assert.equal(res.status, 200)
    j = await (await admin.fetch(`/api/v1/training/${id}`)).json()
    assert.equal(j.is_verified, false, 'the administrator can read the record')
    res = await api(outsider, `/api/v1/admin/training/${id}/verify`, { version: 2 })
    assert.equal(res.status, 404)

    // a certificate change bumps the version too
    const fd = new FormData()
    fd.set('certificate', new Blob([PDF]), 'c.pdf')
    res = await mentor.fetch(`/api/v1/training/${id}/certificate`, { method: 'POST', body: fd, headers: { 'X-CSRF-Token': mentor.csrf } })
    assert.equal((await res.json()).version, 3)
  })

  test("an administrator sees all of a mentor's records, filters and pages the list", async () => {
    const mentor = await signedIn('james.li')
    for (const c of ['First course', 'Second course']) {
      const res = await form(mentor, '/training/new', course({ course: c }))
      assert.equal(res.status, 303)
    }
    const mine = (await (await mentor.fetch('/api/v1/training')).json()).records
    const admin = await signedIn('gareth.evans')
    let [res, html] = await admin.page('/admin/schemes/1/training')
    const jamesId = (await (await admin.fetch('/api/v1/admin/schemes/1/training')).json())
      .mentors.find((m) => m.name === 'James Li').user_id
    assert.match(html, new RegExp(`href="/admin/schemes/1/training/${jamesId}">James Li`))
    ;[res, html] = await admin.page(`/admin/schemes/1/training/${jamesId}`)
    assert.equal(res.status, 200)
    assert.match(html, /First course/)
    assert.match(html, /Second course/)
    assert.match(html, /role="region" aria-label="Training records of James Li" tabindex="0"/)
    assert.match(html, /name="back_user"/)
    res = await form(admin, `/admin/training/${mine[1].id}/verify`, { scheme_id: '1', back_user: String(jamesId), version: String(mine[1].version) })
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), `/admin/schemes/1/training/${jamesId}?done=verified`)
    const j = await (await admin.fetch(`/api/v1/admin/schemes/1/training/${jamesId}`)).json()
    assert.equal(j.records.length, mine.length)
    assert.equal(j.records.find((r) => r.id === mine[1].id).is_verified, true)
    // not a mentor of the scheme, or another scheme's administrator: 404
    const amyId = (await (await (await signedIn('amy.clarke')).fetch('/api/v1/me')).json()).id
    assert.ok(amyId > 0)
    res = await admin.fetch(`/admin/schemes/1/training/${amyId}`)
    assert.equal(res.status, 404)
    res = await admin.fetch('/admin/schemes/1/training/999999')
    assert.equal(res.status, 404)
    res = await (await signedIn('olga.other')).fetch(`/admin/schemes/1/training/${jamesId}`)
    assert.equal(res.status, 404)

    // filters and counts over the whole scheme
    let l = await (await admin.fetch('/api/v1/admin/schemes/1/training?show=none')).json()
    assert.ok(l.mentors.every((m) => !m.has_training))
    assert.equal(l.mentors.length, l.without_training)
    l = await (await admin.fetch('/api/v1/admin/schemes/1/training?show=unverified')).json()
    assert.ok(l.mentors.some((m) => m.name === 'James Li'), 'an older unverified record counts')
    assert.ok(l.unverified >= 1)
    l = await (await admin.fetch('/api/v1/admin/schemes/1/training?show=overdue')).json()
    assert.ok(l.mentors.every((m) => m.latest.is_overdue))
    l = await (await admin.fetch('/api/v1/admin/schemes/1/training?page=2')).json()
    assert.equal(l.mentors.length, 0, 'fewer than 50 mentors: one page')
    assert.equal(l.pages, 1)
    ;[res, html] = await admin.page('/admin/schemes/1/training?show=none')
    assert.match(html, /value="none" checked/)
    assert.doesNotMatch(html, /nhsuk-pagination/)
    res = await admin.fetch('/admin/schemes/1/training?show=bogus')
    assert.equal(res.status, 400)
  })

  test('the API twins: list, add, read, update, delete', async () => {
    const v = await signedIn('sarah.mitchell')
    let res = await api(v, '/api/v1/training', { kind: 'qualification', course: 'ILM Level 5',
      provider: 'ILM', completed_on: '2023-06-01', refresh_due_on: '' })
    assert.equal(res.status, 201)
    let j = await res.json()
    assert.equal(j.course, 'ILM Level 5')
    assert.equal(j.kind_label, 'Qualification')
    const id = j.id
    res = await api(v, `/api/v1/training/${id}`, { kind: 'qualification', course: 'ILM Level 7',
      completed_on: '2023-06-01', refresh_due_on: '2026-06-01' })
    assert.equal(res.status, 200)
    j = await res.json()
    assert.equal(j.course, 'ILM Level 7')
    assert.equal(j.refresh_due_on, '2026-06-01')
    res = await api(v, `/api/v1/training/${id}`, { kind: 'qualification', course: 'ILM',
      completed_on: '2023-06-01', refresh_due_on: '2023-01-01' })
    assert.equal(res.status, 422)
    assert.match((await res.json()).error.fields.refresh_due_on, /after the date completed/)
    res = await v.fetch(`/api/v1/training/${id}`, { method: 'DELETE', headers: { 'X-CSRF-Token': v.csrf } })
    assert.equal(res.status, 200)
    res = await v.fetch(`/api/v1/training/${id}`)
    assert.equal(res.status, 404)
  })
})

describe('declared conflicts', () => {
  async function choices (v) {
    const res = await v.fetch('/api/v1/conflicts')
    assert.equal(res.status, 200)
    return (await res.json()).choices
  }

  test('a mentee declares a supervisor by picking, and an appraiser by email', async () => {
    const v = await signedIn('amy.clarke')
    let [res, html] = await v.page('/conflicts')
    assert.equal(res.status, 200)
    assert.match(html, /Declare a supervisor or appraiser/)
    assert.match(html, /<option value="\d+">James Li<\/option>/)
    // the demo has Amy name James Li as her supervisor: she picks Chidi
    const james = (await choices(v)).find((c) => c.name === 'Chidi Okafor')
    assert.ok(james)
    assert.equal(james.email, undefined, 'emails are not shown')

    res = await form(v, '/conflicts', { kind: 'supervisor', person_id: String(james.id) })
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/conflicts?done=declared')
    ;[, html] = await v.page('/conflicts?done=declared')
    assert.match(html, /Your declaration has been saved\. You will not be suggested to each other\./)
    assert.match(html, /<legend[^>]*>If they are not in the list<\/legend>/)
    assert.match(html, /<label class="nhsuk-label" for="name">Full name<\/label>/)
    assert.match(html, /<label class="nhsuk-label" for="email">Email address<\/label>/)
    assert.match(html, /Chidi Okafor<\/h3>/)

    // the same person again: refused beside the field
    res = await form(v, '/conflicts', { kind: 'appraiser', person_id: String(james.id) })
    html = await res.text()
    assert.equal(res.status, 400)
    assert.match(html, /You have already declared this person/)
    assert.match(html, /id="person_id-error"/)

    res = await form(v, '/conflicts', { kind: 'appraiser', name: 'Dr Pat Unregistered', email: 'pat.u@example.nhs.uk' })
    assert.equal(res.status, 303)
    res = await form(v, '/conflicts', { kind: 'appraiser', name: 'Dr Pat', email: 'PAT.U@example.nhs.uk' })
    assert.equal(res.status, 400, 'the same email in another case is a duplicate')
    // a mentor's email, typed: stored with the mentor too
    res = await form(v, '/conflicts', { kind: 'other', name: 'Sarah', email: 'sarah.mitchell@northfield.example.nhs.uk' })
    assert.equal(res.status, 303)

    // problems beside the fields, what was typed kept
    res = await form(v, '/conflicts', { kind: 'other', name: 'Nobody <b>', email: 'not-an-email' })
    html = await res.text()
    assert.equal(res.status, 400)
    assert.match(html, /Enter an email address in the correct format/)
    assert.match(html, /value="Nobody &lt;b&gt;"/)
    res = await form(v, '/conflicts', { kind: 'other' })
    assert.equal(res.status, 400)
    assert.match(await res.text(), /Choose a mentor from the list, or type their name and email/)
    res = await form(v, '/conflicts', { person_id: String(james.id), name: 'X', email: 'x@example.nhs.uk', kind: 'other' })
    assert.equal(res.status, 400)
    assert.match(await res.text(), /not both/)
  })

  test('a mentor declares a conflict by email only, learning nothing about mentees', async () => {
    const v = await signedIn('chidi.okafor')
    const [res0, html] = await v.page('/conflicts')
    assert.equal(res0.status, 200)
    assert.match(html, /Declare a conflict with a mentee/)
    assert.doesNotMatch(html, /<select/, 'no list of mentees')
    assert.doesNotMatch(html, /Tom Hughes|Amy Clarke|Ravi Patel/)
    let j = await (await v.fetch('/api/v1/conflicts')).json()
    assert.equal(j.choices, undefined, 'no choices in the API either')

    // a mentee's address and an address nobody has get the same answer
    const answers = []
    for (const email of ['tom.hughes@northfield.example.nhs.uk', 'nobody.here@example.nhs.uk']) {
      const res = await api(v, '/api/v1/conflicts', { kind: 'other', email })
      assert.equal(res.status, 201, email)
      const b = await res.json()
      delete b.id
      answers.push(b)
    }
    assert.deepEqual(answers[0], answers[1])
    assert.equal(answers[0].message, 'Saved. If a mentee of this scheme uses this address, you will not be suggested to each other.')
    let res = await form(v, '/conflicts', { kind: 'appraiser', email: 'someone.else@example.nhs.uk' })
    assert.equal(res.status, 303)
    const [, done] = await v.page('/conflicts?done=declared')
    assert.match(done, /Saved\. If a mentee of this scheme uses this address, you will not be suggested to each other\./)
    // the list shows what was typed, never a name behind it
    j = await (await v.fetch('/api/v1/conflicts')).json()
    const tom = j.declarations.find((d) => d.person === 'tom.hughes@northfield.example.nhs.uk')
    assert.ok(tom)
    assert.ok(!JSON.stringify(j.declarations).includes('Tom Hughes'))
    assert.equal(tom.is_registered, undefined)

    // a duplicate in any case is refused; picking by id is not offered
    res = await api(v, '/api/v1/conflicts', { kind: 'other', email: 'TOM.HUGHES@northfield.example.nhs.uk' })
    assert.equal(res.status, 422)
    assert.match((await res.json()).error.fields.email, /already declared/)
    const amy = await signedIn('amy.clarke')
    const amyId = (await (await amy.fetch('/api/v1/me')).json()).id
    res = await api(v, '/api/v1/conflicts', { kind: 'other', person_id: amyId })
    assert.equal(res.status, 422)
    assert.match((await res.json()).error.fields.email, /Type the mentee's email address/)
  })

  test('the words follow the scheme\'s matching setting', async () => {
    const admin = await signedIn('gareth.evans')
    let res = await api(admin, '/api/v1/admin/schemes/1/matching', { exclude_conflicts: false })
    assert.ok(res.status < 400, 'matching settings saved: ' + res.status)
    try {
      const v = await signedIn('chidi.okafor')
      let [, html] = await v.page('/conflicts')
      assert.match(html, /your scheme administrators will see this when matching/)
      res = await api(v, '/api/v1/conflicts', { kind: 'other', email: 'words.test@example.nhs.uk' })
      assert.equal((await res.json()).message, 'Saved. If a mentee of this scheme uses this address, your scheme administrators will see this when matching.')
      const m = await signedIn('ravi.patel')
      ;[, html] = await m.page('/conflicts?done=declared')
      assert.match(html, /Your declaration has been saved\. Your scheme administrators will see this when matching\./)
    } finally {
      res = await api(admin, '/api/v1/admin/schemes/1/matching', { exclude_conflicts: true })
      assert.ok(res.status < 400)
    }
    const [, html] = await (await signedIn('chidi.okafor')).page('/conflicts')
    assert.match(html, /you will not be suggested to each other/)
  })

  test('only the declarer and the administrators see or remove a declaration', async () => {
    const amy = await signedIn('amy.clarke')
    const mine = (await (await amy.fetch('/api/v1/conflicts')).json()).declarations
    assert.ok(mine.length >= 3)
    const id = mine[0].id

    const tom = await signedIn('tom.hughes')
    const his = (await (await tom.fetch('/api/v1/conflicts')).json()).declarations
    assert.ok(!his.some((d) => d.id === id), "tom does not see amy's")
    let res = await form(tom, `/conflicts/${id}/delete`)
    assert.equal(res.status, 404)
    res = await api(tom, `/api/v1/conflicts/${id}/delete`)
    assert.equal(res.status, 404)

    const james = await signedIn('james.li')
    const [, jhtml] = await james.page('/conflicts')
    assert.doesNotMatch(jhtml, /Amy Clarke<\/h3>/, 'the person named is not told')

    const admin = await signedIn('gareth.evans')
    const [page, html] = await admin.page('/admin/schemes/1/conflicts')
    assert.equal(page.status, 200)
    assert.match(html, /Amy Clarke/)
    assert.match(html, /Dr Pat Unregistered/)
    assert.match(html, /Not registered/)
    assert.match(html, /nobody\.here@example\.nhs\.uk <strong class="nhsuk-tag nhsuk-tag--grey">Not registered/)
    assert.doesNotMatch(html, /tom\.hughes@northfield\.example\.nhs\.uk <strong class="nhsuk-tag nhsuk-tag--grey">Not registered/)
    const all = (await (await admin.fetch('/api/v1/admin/schemes/1/conflicts')).json()).declarations
    const sarah = all.find((d) => d.email === 'sarah.mitchell@northfield.example.nhs.uk')
    assert.ok(sarah.mentor_id > 0, 'a typed email of a mentor stores the mentor')
    const byMentor = all.find((d) => d.declared_by_role === 'mentor' && d.email === 'tom.hughes@northfield.example.nhs.uk')
    assert.equal(byMentor.mentee_id, 0, 'stored without looking the address up')
    assert.equal(byMentor.is_registered, true, 'worked out when listing')
    assert.equal(all.find((d) => d.email === 'nobody.here@example.nhs.uk').is_registered, false)

    const mentor = await signedIn('chidi.okafor')
    res = await mentor.fetch('/admin/schemes/1/conflicts')
    assert.equal(res.status, 403)

    res = await form(amy, `/conflicts/${id}/delete`)
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/conflicts?done=removed')
    const after = (await (await amy.fetch('/api/v1/conflicts')).json()).declarations
    assert.ok(!after.some((d) => d.id === id))
  })

  test('an administrator-only view is told to switch view', async () => {
    const v = await signedIn('gareth.evans')
    const [res, html] = await v.page('/conflicts')
    assert.equal(res.status, 403)
    assert.match(html, /Switch view/)
  })
})
