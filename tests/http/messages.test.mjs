// HTTP tests of administrator messages (MSG-2).
//
// Group targeting: the preview's recipient count for every group and
// their combinations on the demo scheme (7 active participants; never
// the pending olivia.grant, never a hand-picked id from elsewhere), then
// again after a relationship ends.  Sending with an attachment: one
// message.new email per recipient that names the subject and never
// carries the body; an audit row without the body.  Attachment access:
// recipients and the scheme's administrators only (everyone else 404,
// signed out: sign-in).  Unread counts in the side menu, on the home page
// and in the API, going down when a message is opened.  Replies: bad
// input beside the field with the text kept, the message.reply email,
// "Replied on" first and last, the administrators' view.  Refusals:
// participants on admin pages (403), another scheme's administrator and
// non-recipients (404).
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { addElsewhere, demoPassword, startServer, tandem, Visitor } from '../lib/server.mjs'

let srv
const v = {}
const who = {}

before(async () => {
  srv = await startServer({ demo: true, dev: true })
  addElsewhere(srv)
  for (const name of ['gareth.evans', 'tom.hughes', 'chidi.okafor', 'amy.clarke', 'james.li',
    'ravi.patel', 'olga.other']) {
    v[name] = await signedIn(name)
    who[name] = (await (await v[name].fetch('/api/v1/me')).json()).id
  }
})
after(async () => {
  const r = await srv.stop()
  assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
})

async function signedIn (username) {
  const vis = new Visitor(srv.url)
  const res = await vis.signIn(username, demoPassword)
  assert.equal(res.status, 303, `${username} signs in`)
  vis.csrf = await vis.token()
  return vis
}
const form = (vis, path, fields = {}) => vis.postForm(path, { csrf_token: vis.csrf, ...fields })
const api = (vis, path, body = {}) => vis.postJSON(path, body, { 'X-CSRF-Token': vis.csrf })

function multipart (vis, path, fields, files = []) {
  const fd = new FormData()
  fd.set('csrf_token', vis.csrf)
  for (const [k, val] of Object.entries(fields)) {
    for (const x of Array.isArray(val) ? val : [val]) fd.append(k, String(x))
  }
  for (const f of files) fd.append('files', new Blob([f.body], { type: 'application/octet-stream' }), f.name)
  return vis.fetch(path, { method: 'POST', body: fd })
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

async function count (vis, audience) {
  const res = await api(vis, '/api/v1/admin/messages/preview', { scheme_id: 1, ...audience })
  const body = await res.json()
  assert.equal(res.status, 200, JSON.stringify(body))
  return body
}

const names = (p) => p.people.map((x) => x.name).sort()

describe('MSG-2: group targeting', () => {
  test('the recipient count of every group and combination', async () => {
    const g = v['gareth.evans']
    const cases = [
      [{}, 7, 'Everyone in the scheme'],
      [{ role: 'mentors' }, 4, 'Mentors in the scheme'],
      [{ role: 'mentees' }, 4, 'Mentees in the scheme'],
      [{ status: 'live' }, 2, 'Everyone in a live relationship'],
      // the demo's past relationships: sarah.mitchell mentored amy.clarke,
      // ravi.patel and fatima.begum (completed, with evaluations)
      [{ status: 'ended' }, 4, 'Everyone whose relationship has ended'],
      [{ status: 'none' }, 1, 'Everyone with no relationship yet'],
      [{ role: 'mentors', status: 'live' }, 1, 'Mentors in a live relationship'],
      [{ role: 'mentees', status: 'none' }, 0, 'Mentees with no relationship yet'],
      [{ role: 'mentors', status: 'none' }, 2, 'Mentors with no relationship yet'],
      [{ role: 'mentees', status: 'ended' }, 3, 'Mentees whose relationship has ended']
    ]
    for (const [au, n, words] of cases) {
      const p = await count(g, { audience: 'groups', ...au })
      assert.equal(p.count, n, JSON.stringify(au) + ': ' + names(p).join(', '))
      assert.equal(p.audience, words)
      assert.ok(!names(p).includes('Olivia Grant'), 'never a pending account')
    }
    assert.deepEqual(names(await count(g, { role: 'mentors', status: 'live' })), ['Chidi Okafor'])
    // incomplete profiles: ravi.patel has no personal statement (the demo's rule)
    const inc = await count(g, { role: 'mentees', incomplete: true })
    assert.ok(names(inc).includes('Ravi Patel'), names(inc).join(', '))
    assert.ok(!names(inc).includes('Tom Hughes'))
    assert.equal(inc.audience, 'Mentees with an incomplete profile')
    // hand-picked: only this scheme's active participants count
    const picked = await count(g, { audience: 'people', people: [who['tom.hughes'], who['olga.other'], 999999] })
    assert.equal(picked.count, 1)
    assert.deepEqual(names(picked), ['Tom Hughes'])
    assert.equal(picked.audience, '3 people chosen by name')
    // nobody picked: a message beside the field
    const res = await api(g, '/api/v1/admin/messages/preview', { scheme_id: 1, audience: 'people' })
    assert.equal(res.status, 422)
    assert.equal((await res.json()).error.fields.people, 'Choose at least one person')
  })

  test('a cohort is one more AND-ed group (issue 10); another scheme\'s cohort is refused', async () => {
    const g = v['gareth.evans']
    const c = await api(g, '/api/v1/schemes/1/cohorts', { name: 'Messages test cohort' })
    assert.equal(c.status, 201)
    const cid = (await c.json()).id
    const add = await api(g, `/api/v1/cohorts/${cid}/members`, { people: [who['tom.hughes'], who['chidi.okafor']] })
    assert.equal(add.status, 200)
    let p = await count(g, { audience: 'groups', cohort: cid })
    assert.deepEqual(names(p), ['Chidi Okafor', 'Tom Hughes'])
    assert.equal(p.audience, 'Members of Messages test cohort')
    p = await count(g, { audience: 'groups', role: 'mentees', cohort: cid })
    assert.deepEqual(names(p), ['Tom Hughes'])
    assert.equal(p.audience, 'Mentees in Messages test cohort')
    p = await count(g, { audience: 'groups', role: 'mentors', status: 'live', cohort: cid })
    assert.equal(p.audience, 'Mentors in Messages test cohort in a live relationship')
    assert.deepEqual(names(p), ['Chidi Okafor'])
    // hand-picked ignores the cohort
    p = await count(g, { audience: 'people', people: [who['amy.clarke']], cohort: cid })
    assert.equal(p.count, 1)
    // the page offers the cohort
    const res = await multipart(g, '/admin/messages/new', { scheme_id: 1, audience: 'groups', role: 'all', status: 'any', cohort: cid, subject: 'S', body: 'B', action: 'preview' })
    const html = await res.text()
    assert.equal(res.status, 200)
    assert.match(html, /This message would go to 2 people/)
    assert.match(html, new RegExp(`<option value="${cid}" selected>Messages test cohort`))
    // another scheme's cohort: a problem beside the field
    const o = await api(v['olga.other'], '/api/v1/schemes/2/cohorts', { name: 'Elsewhere cohort' })
    assert.equal(o.status, 201)
    const other = (await o.json()).id
    const bad = await api(g, '/api/v1/admin/messages/preview', { scheme_id: 1, audience: 'groups', cohort: other })
    assert.equal(bad.status, 422)
    assert.equal((await bad.json()).error.fields.cohort, 'Choose one of the scheme\'s cohorts')
    assert.equal((await api(g, `/api/v1/cohorts/${cid}/delete`)).status, 200)
  })

  test('MSG-2: previewing an empty group says "No one is in this group"', async () => {
    const g = v['gareth.evans']
    const res = await multipart(g, '/admin/messages/new', { scheme_id: 1, audience: 'groups', role: 'mentees', status: 'none', subject: 'S', body: 'B', action: 'preview' })
    const html = await res.text()
    assert.equal(res.status, 200)
    assert.match(html, /This message would go to 0 people/)
    assert.match(html, /Mentees with no relationship yet/)
    assert.match(html, /No one is in this group\. Choose another group before you send\./)
    assert.doesNotMatch(html, /and 0 more/)
  })

  test('after a relationship ends, "ended" and "no relationship yet" move', async () => {
    const g = v['gareth.evans']
    let res = await api(g, `/api/v1/admin/users/${who['amy.clarke']}/assign`,
      { scheme_id: 1, mentor_id: who['james.li'], override_reason: 'Test pair for messages' })
    assert.equal(res.status, 201, await res.clone().text())
    const rel = (await res.json()).id
    assert.equal((await count(g, { status: 'live' })).count, 4)
    res = await api(g, `/api/v1/admin/relationships/${rel}/end-early`, { note: 'test', then: 'search' })
    assert.ok(res.status < 300, await res.text())
    const ended = await count(g, { status: 'ended' })
    assert.deepEqual(names(ended), ['Amy Clarke', 'Fatima Begum', 'James Li', 'Ravi Patel', 'Sarah Mitchell'])
    assert.equal((await count(g, { status: 'none' })).count, 0)
    assert.deepEqual(names(await count(g, { role: 'mentors', status: 'ended' })), ['James Li', 'Sarah Mitchell'])
  })

  test('the compose page previews without JavaScript: count, names, typed text kept', async () => {
    const g = v['gareth.evans']
    let [res, html] = await g.page('/admin/messages/new')
    assert.equal(res.status, 200)
    assert.match(html, /Preview recipients/)
    assert.match(html, /<select[^>]*name="cohort"/)
    assert.match(html, /Autumn 2026 intake/)
    res = await multipart(g, '/admin/messages/new', { scheme_id: 1, audience: 'groups', role: 'mentors', status: 'any', subject: 'Typed subject', body: 'Typed body', action: 'preview' })
    html = await res.text()
    assert.equal(res.status, 200)
    assert.match(html, /This message would go to 4 people/)
    assert.match(html, /<li>Chidi Okafor<\/li>/)
    assert.doesNotMatch(html, /and 0 more/, 'all names shown: no "and 0 more"')
    assert.doesNotMatch(html, /and \d+ more/)
    assert.match(html, /value="Typed subject"/)
    assert.match(html, />Typed body<\/textarea>/)
    // sending without a subject: the message beside the field, the body kept
    res = await multipart(g, '/admin/messages/new', { scheme_id: 1, audience: 'groups', role: 'all', status: 'any', subject: '', body: 'Kept body', action: 'send' })
    html = await res.text()
    assert.equal(res.status, 422)
    assert.match(html, /<span class="nhsuk-error-message" id="subject-error"><span class="nhsuk-u-visually-hidden">Error:<\/span> Enter a subject<\/span>/)
    assert.match(html, />Kept body<\/textarea>/)
    res = await multipart(g, '/admin/messages/new', { scheme_id: 1, audience: 'people', subject: 'x', body: 'y', action: 'send' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /id="people-error">.*Choose at least one person/)
  })

  test('refusals: participants 403, another scheme\'s administrator 404, signed out', async () => {
    for (const path of ['/admin/messages', '/admin/messages/new', '/api/v1/admin/messages']) {
      assert.equal((await v['tom.hughes'].fetch(path)).status, 403, path)
    }
    const res = await api(v['olga.other'], '/api/v1/admin/messages/preview', { scheme_id: 1 })
    assert.equal(res.status, 404)
    assert.equal((await v['olga.other'].fetch('/admin/messages/new?scheme_id=1')).status, 404)
    assert.equal((await fetch(srv.url + '/api/v1/messages')).status, 401)
    assert.equal((await fetch(srv.url + '/messages', { redirect: 'manual' })).status, 303)
  })
})

describe('MSG-2: sending, attachments, unread counts and replies', () => {
  let id, fileUrl

  test('unread count before: the demo welcome message', async () => {
    const tom = v['tom.hughes']
    const j = await (await tom.fetch('/api/v1/messages')).json()
    assert.equal(j.unread, 1)
    assert.equal(j.messages[0].subject, 'Welcome to Aspire Mentoring')
    const [, html] = await tom.page('/help')
    assert.match(html, /Messages <span class="nhsuk-tag nhsuk-tag--blue tandem-badge" aria-hidden="true">1<\/span><span class="nhsuk-u-visually-hidden">\(1 unread\)<\/span>/)
  })

  test('send to mentees with an attachment: emails say a message waits, never the body', async () => {
    const g = v['gareth.evans']
    const before = outbox().length
    const res = await multipart(g, '/api/v1/admin/messages', {
      scheme_id: 1, audience: 'groups', role: 'mentees', status: 'any',
      subject: 'Training day in March', body: 'SECRET-BODY the training day is on 3 March.'
    }, [{ name: 'agenda.txt', body: 'Agenda for the training day\n' }])
    const j = await res.json()
    assert.equal(res.status, 201, JSON.stringify(j))
    id = j.id
    assert.equal(j.count, 4)
    assert.equal(j.files.length, 1)
    const mails = outbox().slice(before)
    assert.equal(mails.length, 4)
    for (const m of mails) {
      assert.match(m.subject, /Training day in March/)
      const body = mailBody(m.id)
      assert.doesNotMatch(body, /SECRET-BODY/)
      assert.doesNotMatch(body, /Agenda for the training day/)
      assert.match(body, /never sent by email/)
    }
    assert.ok(mails.some((m) => m.to === 'tom.hughes@northfield.example.nhs.uk'))
    assert.ok(!mails.some((m) => m.to === 'chidi.okafor@northfield.example.nhs.uk'))
    // the administrators' list
    const list = await (await g.fetch('/api/v1/admin/messages')).json()
    const row = list.messages.find((m) => m.id === id)
    assert.equal(row.recipients, 4)
    assert.equal(row.read, 0)
    assert.equal(row.audience, 'Mentees in the scheme')
  })

  test('unread counts go up, and down when a message is opened', async () => {
    const tom = v['tom.hughes']
    let j = await (await tom.fetch('/api/v1/messages')).json()
    assert.equal(j.unread, 2)
    const [, home] = await tom.page('/')
    assert.match(home, /You have 2 unread messages from your scheme team/)
    assert.match(home, /\(2 unread\)/)
    const one = await (await tom.fetch(`/api/v1/messages/${id}`)).json()
    assert.equal(one.message.body, 'SECRET-BODY the training day is on 3 March.')
    fileUrl = one.attachments[0].url
    j = await (await tom.fetch('/api/v1/messages')).json()
    assert.equal(j.unread, 1)
    assert.equal(j.messages.find((m) => m.id === id).is_unread, false)
    const [, help] = await tom.page('/help')
    assert.match(help, /\(1 unread\)/)
    // chidi (a mentor) got none of it
    const c = await (await v['chidi.okafor'].fetch('/api/v1/messages')).json()
    assert.ok(!c.messages.some((m) => m.id === id))
  })

  test('attachments: only recipients and the scheme\'s administrators', async () => {
    const htmlUrl = fileUrl.replace('/api/v1', '')
    for (const name of ['tom.hughes', 'amy.clarke', 'gareth.evans']) {
      const res = await v[name].fetch(htmlUrl)
      assert.equal(res.status, 200, name)
      assert.match(res.headers.get('content-disposition'), /^attachment; filename="agenda.txt"/)
      assert.equal(await res.text(), 'Agenda for the training day\n')
    }
    for (const name of ['chidi.okafor', 'james.li', 'olga.other']) {
      assert.equal((await v[name].fetch(htmlUrl)).status, 404, name)
      assert.equal((await v[name].fetch(fileUrl)).status, 404, name)
      assert.equal((await v[name].fetch(`/messages/${id}`)).status, 404, name)
    }
    const fid = fileUrl.split('/').pop()
    assert.equal((await v['tom.hughes'].fetch(`/messages/1/files/${fid}`)).status, 404, 'another message\'s id')
    assert.equal((await fetch(srv.url + fileUrl)).status, 401)
    assert.equal((await v['olga.other'].fetch(`/admin/messages/${id}`)).status, 404)
  })

  test('a reply: bad input beside the field, the text kept; email; Replied on', async () => {
    const tom = v['tom.hughes']
    let res = await form(tom, `/messages/${id}/reply`, { text: '   ' })
    let html = await res.text()
    assert.equal(res.status, 422)
    assert.match(html, /id="text-error"><span class="nhsuk-u-visually-hidden">Error:<\/span> Enter your reply</)
    const long = 'x'.repeat(5001)
    res = await form(tom, `/messages/${id}/reply`, { text: long })
    html = await res.text()
    assert.equal(res.status, 422)
    assert.match(html, /Your reply must be 5000 characters or fewer/)
    assert.ok(html.includes('>' + long + '</textarea>'))
    res = await api(tom, `/api/v1/messages/${id}/reply`, { text: '' })
    assert.equal(res.status, 422)
    assert.equal((await res.json()).error.fields.text, 'Enter your reply')
    // chidi did not receive it
    assert.equal((await form(v['chidi.okafor'], `/messages/${id}/reply`, { text: 'hi' })).status, 404)

    const before = outbox().length
    res = await form(tom, `/messages/${id}/reply`, { text: 'REPLY-TEXT I will be there.' })
    assert.equal(res.status, 303)
    const mails = outbox().slice(before)
    assert.equal(mails.length, 1)
    assert.equal(mails[0].to, 'gareth.evans@northfield.example.nhs.uk')
    assert.match(mails[0].subject, /Tom Hughes replied to your message: Training day in March/)
    assert.doesNotMatch(mailBody(mails[0].id), /REPLY-TEXT/)
    res = await api(tom, `/api/v1/messages/${id}/reply`, { text: 'And a second thought.' })
    assert.equal(res.status, 201)

    const j = await (await tom.fetch('/api/v1/messages')).json()
    const row = j.messages.find((m) => m.id === id)
    assert.equal(row.has_replied, true)
    assert.equal(row.reply_count, 2)
    assert.match(row.replied, /^Replied 2 times on |^Replied on /)
    const [, list] = await tom.page('/messages')
    assert.match(list, /Replied/)
    const [, page] = await tom.page(`/messages/${id}`)
    assert.match(page, /REPLY-TEXT I will be there\./)

    const a = await (await v['gareth.evans'].fetch(`/api/v1/admin/messages/${id}`)).json()
    assert.equal(a.replies.length, 2)
    assert.equal(a.replies[0].name, 'Tom Hughes')
    const t = a.recipients.find((r) => r.user_id === who['tom.hughes'])
    assert.ok(t.read_at > 0)
    assert.equal(t.reply_count, 2)
    assert.ok(t.first_reply_at > 0 && t.last_reply_at >= t.first_reply_at)
    assert.equal(a.message.read, 1)
    assert.equal(a.message.replied, 1)
    const [r2, adminHtml] = await v['gareth.evans'].page(`/admin/messages/${id}`)
    assert.equal(r2.status, 200)
    assert.match(adminHtml, /REPLY-TEXT I will be there\./)
    assert.match(adminHtml, /Not read yet/)
  })

  test('a preview keeps the files chosen; untick to drop; refused kinds beside the field', async () => {
    const g = v['gareth.evans']
    let res = await multipart(g, '/admin/messages/new', { scheme_id: 1, audience: 'people', people: [who['ravi.patel']], subject: 'S', body: 'B', action: 'preview' },
      [{ name: 'one.txt', body: 'first file\n' }, { name: 'evil.pdf', body: '<html><script>alert(1)</script></html>' }])
    let html = await res.text()
    assert.equal(res.status, 422)
    assert.match(html, /id="files-error">.*evil.pdf must be a/)
    const keep = html.match(/name="keep" type="checkbox" value="(\d+)" checked>/)
    assert.ok(keep, 'one.txt is kept')
    assert.match(html, /one\.txt \(Text/)
    res = await multipart(g, '/admin/messages/new', { scheme_id: 1, audience: 'people', people: [who['ravi.patel']], subject: 'With a kept file', body: 'B', keep: [keep[1]], action: 'send' })
    assert.equal(res.status, 303)
    const mid = Number(res.headers.get('location').match(/\/admin\/messages\/(\d+)/)[1])
    const a = await (await g.fetch(`/api/v1/admin/messages/${mid}`)).json()
    assert.deepEqual(a.attachments.map((f) => f.filename), ['one.txt'])
    assert.equal(a.recipients.length, 1)
    // too many files
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.txt`, body: 'x\n' }))
    res = await multipart(g, '/admin/messages/new', { scheme_id: 1, subject: 'S', body: 'B', action: 'send' }, six)
    assert.equal(res.status, 422)
    assert.match(await res.text(), /Attach up to 5 files/)
  })
})
