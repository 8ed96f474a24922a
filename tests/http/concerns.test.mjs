// HTTP tests of raising a concern (MSG-5): the raise page (from the
// relationship page and the help menu) with what happens next and the
// limits of confidentiality; bad input (422, typed text kept); the
// visibility matrix (the raiser, the other party: 404 and nothing on
// their pages, the escalation contact, a scheme administrator who is not
// a contact: 404, another scheme's administrator: 404, the site
// administrator); handling (notes, status, the raiser emailed the status
// only); contacts changed by site administrators only; a scheme with no
// contact sends concerns to the site administrators; every email checked
// (who gets what, and that no text leaks), and nothing in the log.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { addElsewhere, demoPassword, startServer, tandem, Visitor } from '../lib/server.mjs'

let srv
const who = {}
const SECRET = 'He shouted at me in clinic on Tuesday zebra-orchid-42'
const NOTE = 'Spoke to the clinical lead quokka-lantern-7'

before(async () => {
  srv = await startServer({ demo: true, dev: true })
  addElsewhere(srv)
  for (const name of ['chidi.okafor', 'tom.hughes', 'amy.clarke', 'gareth.evans', 'admin',
    'fatima.begum']) {
    const v = await signedIn(name)
    who[name] = (await (await v.fetch('/api/v1/me')).json()).id
  }
})
after(async () => {
  const r = await srv.stop()
  assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
  assert.doesNotMatch(r.stderr, /zebra-orchid|quokka-lantern/, 'no concern text in the log')
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
const emailOf = (username) => username === 'olga.other' ? 'olga.other@example.nhs.uk'
  : username === 'admin' ? 'priya.shah@northfield.example.nhs.uk'
    : `${username}@northfield.example.nhs.uk`

function outbox () {
  const r = tandem(['outbox', '--data', srv.data])
  assert.equal(r.status, 0, r.stderr)
  const mails = []
  for (const line of r.stdout.split('\n')) {
    const m = line.match(/^(\d+)\s+(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(.*)$/)
    if (m) mails.push({ id: Number(m[1]), status: m[2], to: m[5], subject: m[6].trim() })
  }
  return mails.sort((a, b) => a.id - b.id)
}
function mailBody (id) {
  const r = tandem(['outbox', '--data', srv.data, '--show', String(id)])
  assert.equal(r.status, 0, r.stderr)
  return r.stdout
}
const to = (mails, username) => mails.filter((m) => m.to === emailOf(username))

let rel // the demo pair: chidi.okafor mentors tom.hughes
let concernId
let reference

describe('MSG-5: the raise page', () => {
  test('linked from the relationship page and the side menu; explains what happens next', async () => {
    const tom = await signedIn('tom.hughes')
    rel = (await (await tom.fetch('/api/v1/relationships')).json()).relationships[0].id
    let [res, html] = await tom.page(`/relationships/${rel}`)
    assert.equal(res.status, 200)
    assert.match(html, new RegExp(`href="/concerns/new\\?relationship=${rel}"`))
    assert.match(html, /href="\/concerns\/new">Raise a concern/, 'the side menu')
    ;[res, html] = await tom.page(`/concerns/new?relationship=${rel}`)
    assert.equal(res.status, 200)
    assert.match(html, /<h1>Raise a concern<\/h1>/)
    assert.match(html, /What happens next/)
    assert.match(html, /Confidentiality and its limits/)
    assert.match(html, /Your concern goes only to the person who handles concerns for your scheme \(<strong>Gareth Evans<\/strong>\)/, 'named, in plain words')
    assert.match(html, /it may be a while before anyone reads your concern/)
    assert.doesNotMatch(html, /escalation|nobody may read|straight away/i, 'no jargon for participants')
    assert.match(html, /About my mentor, Chidi Okafor/)
    assert.doesNotMatch(html, /About my mentee/)
    assert.match(html, /Chidi Okafor is not told/)
    assert.match(html, /Call 999/)
    assert.match(html, new RegExp(`name="relationship_id" value="${rel}"`))
    // the help menu's way in: no relationship, so the person-kinds are links
    ;[res, html] = await tom.page('/concerns/new')
    assert.equal(res.status, 200)
    assert.doesNotMatch(html, /value="about_mentor"/)
    assert.match(html, new RegExp(`href="/concerns/new\\?relationship=${rel}"`))
    assert.match(html, /value="safeguarding"/)
    // the API twin
    const j = await (await tom.fetch(`/api/v1/concerns/new?relationship=${rel}`)).json()
    assert.equal(j.relationship_id, rel)
    assert.deepEqual(j.kinds.map((k) => k.value), ['about_mentor', 'safeguarding',
      'patient_safety', 'fitness_to_practise', 'other'])
    assert.deepEqual(j.contacts.map((c) => c.name), ['Gareth Evans'])
  })

  test('the mentor is offered "about my mentee"', async () => {
    const chidi = await signedIn('chidi.okafor')
    const [res, html] = await chidi.page(`/concerns/new?relationship=${rel}`)
    assert.equal(res.status, 200)
    assert.match(html, /About my mentee, Tom Hughes/)
    assert.doesNotMatch(html, /About my mentor/)
  })

  test('refusals: another pair\'s relationship 404, an administrator 403, signed out', async () => {
    for (const name of ['amy.clarke', 'fatima.begum']) {
      const v = await signedIn(name)
      assert.equal((await v.fetch(`/concerns/new?relationship=${rel}`)).status, 404, name)
      assert.equal((await v.fetch(`/api/v1/concerns/new?relationship=${rel}`)).status, 404, name)
      const res = await form(v, '/concerns/new', { relationship_id: rel, kind: 'other',
        details: 'x', may_contact: 'no' })
      assert.equal(res.status, 404, name + ' cannot raise against another pair')
    }
    const tom = await signedIn('tom.hughes')
    assert.equal((await tom.fetch('/concerns/new?relationship=99999')).status, 404)
    assert.equal((await tom.fetch('/concerns/new?scheme=2')).status, 404, 'not my scheme')
    const gareth = await signedIn('gareth.evans')
    const res = await gareth.fetch(`/concerns/new?relationship=${rel}`)
    assert.equal(res.status, 403, 'an administrator is no participant')
    assert.match(await res.text(), /Concerns are raised by mentees and mentors/)
    const anon = new Visitor(srv.url)
    assert.equal((await anon.fetch('/concerns/new')).status, 303, 'to sign in')
    assert.equal((await anon.fetch('/api/v1/concerns')).status, 401)
  })
})

describe('MSG-5: bad input', () => {
  test('nothing chosen or typed: 422, each message beside its field', async () => {
    const tom = await signedIn('tom.hughes')
    const res = await form(tom, '/concerns/new', { relationship_id: rel, contact_how: 'After 5pm' })
    assert.equal(res.status, 422)
    const html = await res.text()
    assert.match(html, /There is a problem/)
    assert.match(html, /id="kind-error"[^>]*>.*Select what your concern is about/)
    assert.match(html, /id="details-error"[^>]*>.*Enter what happened/)
    assert.match(html, /id="may_contact-error"[^>]*>.*Select yes or no</)
    assert.match(html, />After 5pm<\/textarea>/, 'what was typed comes back')
  })

  test('too long, a kind that does not fit, and the API', async () => {
    const tom = await signedIn('tom.hughes')
    let res = await form(tom, '/concerns/new', { relationship_id: rel, kind: 'safeguarding',
      details: 'x'.repeat(5001), may_contact: 'no' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /id="details-error"[^>]*>.*5000 characters or fewer/)
    res = await form(tom, '/concerns/new', { relationship_id: rel, kind: 'about_mentee',
      details: 'Something', may_contact: 'yes' })
    assert.equal(res.status, 422, 'tom is the mentee here: no "about my mentee"')
    assert.match(await res.text(), /id="kind-error"/)
    res = await form(tom, '/concerns/new', { kind: 'about_mentor', details: 'Something',
      may_contact: 'yes' })
    assert.equal(res.status, 422, 'about my mentor needs the relationship')
    res = await api(tom, '/api/v1/concerns', { kind: 'nonsense', may_contact: 'perhaps' })
    assert.equal(res.status, 422)
    const j = await res.json()
    assert.equal(j.error.code, 'invalid')
    assert.ok(j.error.fields.kind && j.error.fields.details && j.error.fields.may_contact)
    assert.equal((await (await tom.fetch('/api/v1/concerns')).json()).concerns.length, 0,
      'nothing was raised')
  })
})

describe('MSG-5: raising, and who sees it', () => {
  test('the mentee raises a concern about the mentor: confirmation and reference', async () => {
    const before = outbox().length
    const tom = await signedIn('tom.hughes')
    const res = await form(tom, '/concerns/new', { relationship_id: rel, kind: 'about_mentor',
      details: SECRET, may_contact: 'yes', contact_how: 'Mobile 07700 900123' })
    assert.equal(res.status, 303)
    const loc = res.headers.get('location')
    const m = loc.match(/^\/concerns\/(\d+)\?done=raised$/)
    assert.ok(m, loc)
    concernId = Number(m[1])
    const [page, html] = await tom.page(loc)
    assert.equal(page.status, 200)
    assert.match(html, /Concern sent/)
    reference = html.match(/<strong>(C-\d{6})<\/strong>/)[1]
    assert.match(html, /zebra-orchid-42/)
    assert.match(html, /Chidi Okafor has not been told/)

    const mails = outbox().slice(before)
    assert.equal(mails.length, 1, 'one email: to the contact')
    assert.equal(to(mails, 'gareth.evans').length, 1)
    assert.match(mails[0].subject, /A concern has been raised in Aspire Mentoring/)
    const body = mailBody(mails[0].id)
    assert.match(body, new RegExp(reference))
    assert.match(body, new RegExp(`/admin/concerns/${concernId}`))
    assert.doesNotMatch(body, /zebra-orchid|Chidi|Tom|07700/, 'no text, no names')
  })

  test('the raiser sees it and its status, never notes; the API twin', async () => {
    const tom = await signedIn('tom.hughes')
    let [res, html] = await tom.page('/concerns')
    assert.equal(res.status, 200)
    assert.match(html, new RegExp(`href="/concerns/${concernId}">${reference}`))
    assert.match(html, />New</)
    const j = await (await tom.fetch(`/api/v1/concerns/${concernId}`)).json()
    assert.equal(j.reference, reference)
    assert.equal(j.status, 'new')
    assert.equal(j.kind, 'about_mentor')
    assert.equal(j.details, SECRET)
    assert.equal(j.notes, undefined)
    ;[res, html] = await tom.page(`/concerns/${concernId}`)
    assert.equal(res.status, 200)
    assert.doesNotMatch(html, /Concern sent/, 'the panel only straight after')
  })

  test('the other party: 404 everywhere and no trace on their pages', async () => {
    const chidi = await signedIn('chidi.okafor')
    for (const path of [`/concerns/${concernId}`, `/api/v1/concerns/${concernId}`,
      `/admin/concerns/${concernId}`, `/api/v1/admin/concerns/${concernId}`]) {
      assert.equal((await chidi.fetch(path)).status, 404, path)
    }
    assert.equal((await form(chidi, `/admin/concerns/${concernId}/notes`, { text: 'x' })).status, 404)
    assert.equal((await form(chidi, `/admin/concerns/${concernId}/status`, { status: 'closed' })).status, 404)
    for (const path of ['/', `/relationships/${rel}`, '/concerns', '/help']) {
      const [res, html] = await chidi.page(path)
      assert.equal(res.status, 200, path)
      assert.doesNotMatch(html, new RegExp(reference), path)
      assert.doesNotMatch(html, /zebra-orchid|has raised a concern|concern has been raised/, path)
    }
    assert.equal((await (await chidi.fetch('/api/v1/concerns')).json()).concerns.length, 0)
  })

  test('the escalation contact and the site administrator read it; others get 404', async () => {
    for (const name of ['gareth.evans', 'admin']) {
      const v = await signedIn(name)
      let [res, html] = await v.page('/admin/schemes/1/concerns')
      assert.equal(res.status, 200, name)
      assert.match(html, new RegExp(`href="/admin/concerns/${concernId}">${reference}`), name)
      assert.doesNotMatch(html, /zebra-orchid/, 'the list has no text')
      ;[res, html] = await v.page(`/admin/concerns/${concernId}`)
      assert.equal(res.status, 200, name)
      assert.match(html, /zebra-orchid-42/)
      assert.match(html, /Tom Hughes/)
      assert.match(html, /About their mentor: Chidi Okafor/)
      assert.match(html, /Mobile 07700 900123/)
      const j = await (await v.fetch(`/api/v1/admin/concerns/${concernId}`)).json()
      assert.equal(j.raised_by.id, who['tom.hughes'])
      assert.equal(j.about_id, who['chidi.okafor'])
      assert.deepEqual(j.notes, [])
    }
    for (const name of ['olga.other', 'amy.clarke', 'fatima.begum']) {
      const v = await signedIn(name)
      assert.equal((await v.fetch(`/admin/concerns/${concernId}`)).status, 404, name)
      assert.equal((await v.fetch(`/api/v1/admin/concerns/${concernId}`)).status, 404, name)
      assert.equal((await v.fetch(`/concerns/${concernId}`)).status, 404, name)
    }
    const olga = await signedIn('olga.other')
    assert.equal((await olga.fetch('/admin/schemes/1/concerns')).status, 404, 'another scheme')
    assert.equal((await olga.fetch('/admin/concerns/99999')).status, 404)
  })
})

describe('MSG-5: handling', () => {
  test('a note: required, append-only, never shown to the raiser', async () => {
    const gareth = await signedIn('gareth.evans')
    let res = await form(gareth, `/admin/concerns/${concernId}/notes`, { text: '  ' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /id="text-error"[^>]*>.*Enter the note/)
    const before = outbox().length
    res = await form(gareth, `/admin/concerns/${concernId}/notes`, { text: NOTE })
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), `/admin/concerns/${concernId}?done=note`)
    const [, html] = await gareth.page(res.headers.get('location'))
    assert.match(html, /Your note has been added/)
    assert.match(html, /quokka-lantern-7/)
    assert.match(html, /<strong>Gareth Evans<\/strong>/)
    assert.equal(outbox().length, before, 'a note emails nobody')
    const tom = await signedIn('tom.hughes')
    const [, mine] = await tom.page(`/concerns/${concernId}`)
    assert.doesNotMatch(mine, /quokka-lantern/)
    assert.doesNotMatch(JSON.stringify(await (await tom.fetch(`/api/v1/concerns/${concernId}`)).json()), /quokka/)
  })

  test('the status: the raiser is emailed the new status only', async () => {
    const gareth = await signedIn('gareth.evans')
    let res = await form(gareth, `/admin/concerns/${concernId}/status`, { status: 'new' })
    assert.equal(res.status, 422, 'unchanged')
    assert.match(await res.text(), /The status is already New/)
    res = await form(gareth, `/admin/concerns/${concernId}/status`, { status: 'maybe' })
    assert.equal(res.status, 422)
    const before = outbox().length
    res = await form(gareth, `/admin/concerns/${concernId}/status`, { status: 'in_progress' })
    assert.equal(res.status, 303)
    const mails = outbox().slice(before)
    assert.equal(mails.length, 1)
    assert.equal(to(mails, 'tom.hughes').length, 1)
    assert.doesNotMatch(mails[0].subject, /concern/i, 'the subject does not say "concern"')
    const body = mailBody(mails[0].id)
    assert.match(body, /In progress/)
    assert.match(body, new RegExp(reference))
    assert.doesNotMatch(body, /quokka|zebra|Chidi|Gareth/)
    const tom = await signedIn('tom.hughes')
    assert.equal((await (await tom.fetch(`/api/v1/concerns/${concernId}`)).json()).status, 'in_progress')
    // the API twin, by the site administrator
    const admin = await signedIn('admin')
    res = await api(admin, `/api/v1/admin/concerns/${concernId}/status`, { status: 'closed' })
    assert.equal(res.status, 200)
    const j = await res.json()
    assert.equal(j.status, 'closed')
    assert.deepEqual(j.notes.map((n) => n.type), ['note', 'status', 'status'])
    assert.equal(j.notes[0].text, NOTE)
    res = await api(admin, `/api/v1/admin/concerns/${concernId}/notes`, { text: 'Closed after talking to both' })
    assert.equal(res.status, 200)
    assert.equal((await res.json()).notes.length, 4)
    res = await api(admin, `/api/v1/admin/concerns/${concernId}/notes`, {})
    assert.equal(res.status, 422)
    assert.ok((await res.json()).error.fields.text)
  })
})

describe('MSG-5: escalation contacts', () => {
  test('only site administrators change the list; scheme administrators see it', async () => {
    const gareth = await signedIn('gareth.evans')
    let res = await form(gareth, '/admin/schemes/1/concerns/contacts', { user_id: who['gareth.evans'] })
    assert.equal(res.status, 403)
    res = await form(gareth, `/admin/schemes/1/concerns/contacts/${who['gareth.evans']}/remove`)
    assert.equal(res.status, 403)
    const [, html] = await gareth.page('/admin/schemes/1/concerns')
    assert.match(html, /Only site administrators can change/)
    assert.doesNotMatch(html, /Add contact/)

    const admin = await signedIn('admin')
    res = await form(admin, '/admin/schemes/1/concerns/contacts', { user_id: who['chidi.okafor'] })
    assert.equal(res.status, 422, 'a mentor cannot be a contact')
    assert.match(await res.text(), /id="user_id-error"[^>]*>.*Select an administrator of this scheme/)
    res = await form(admin, '/admin/schemes/1/concerns/contacts', { user_id: who['gareth.evans'] })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /already an escalation contact/)
    res = await form(admin, `/admin/schemes/1/concerns/contacts/${who['chidi.okafor']}/remove`)
    assert.equal(res.status, 404, 'not on the list')
    res = await form(admin, '/admin/schemes/99/concerns/contacts', { user_id: who.admin })
    assert.equal(res.status, 404)
  })

  test('a scheme administrator who is no longer a contact: the list, no concerns, 404', async () => {
    const admin = await signedIn('admin')
    let res = await form(admin, `/admin/schemes/1/concerns/contacts/${who['gareth.evans']}/remove`)
    assert.equal(res.status, 303)
    const gareth = await signedIn('gareth.evans')
    const [page, html] = await gareth.page('/admin/schemes/1/concerns')
    assert.equal(page.status, 200)
    assert.match(html, /Only the escalation contacts and Tandem's site administrators can see/)
    assert.doesNotMatch(html, new RegExp(reference))
    assert.equal((await gareth.fetch(`/admin/concerns/${concernId}`)).status, 404)
    assert.equal((await form(gareth, `/admin/concerns/${concernId}/notes`, { text: 'x' })).status, 404)
    const j = await (await gareth.fetch('/api/v1/admin/schemes/1/concerns')).json()
    assert.equal(j.can_see_concerns, false)
    assert.equal(j.concerns, undefined)

    // no contact: the raise page says so, and concerns go to the site administrators
    const amy = await signedIn('amy.clarke')
    const [, raise] = await amy.page('/concerns/new')
    assert.match(raise, /Nobody has been named yet to handle concerns for your scheme, so your concern goes to Tandem's site administrators/)
    assert.doesNotMatch(raise, /escalation/i)
    const before = outbox().length
    res = await api(amy, '/api/v1/concerns', { kind: 'patient_safety', details: 'Ward 4 is short of staff',
      may_contact: 'no' })
    assert.equal(res.status, 201)
    const c = await res.json()
    assert.match(c.reference, /^C-\d{6}$/)
    assert.equal(c.status, 'new')
    const mails = outbox().slice(before)
    assert.deepEqual(mails.map((x) => x.to), [emailOf('admin')])

    // the site administrator adds them back (the API twin)
    res = await api(admin, '/api/v1/admin/schemes/1/concerns/contacts', { user_id: who['gareth.evans'] })
    assert.equal(res.status, 200)
    assert.deepEqual((await res.json()).contacts.map((x) => x.name), ['Gareth Evans'])
    assert.equal((await gareth.fetch(`/admin/concerns/${c.id}`)).status, 200)
  })

  test('the mentor raises one about the mentee: the mentee gets 404, the raiser has no handler view', async () => {
    // (a contact who is the person a concern is about: tests/unit/test_concerns.c)
    const chidi = await signedIn('chidi.okafor')
    const res = await api(chidi, '/api/v1/concerns', { relationship_id: rel, kind: 'about_mentee',
      details: 'Worried about his wellbeing', may_contact: 'yes' })
    assert.equal(res.status, 201)
    const id = (await res.json()).id
    const tom = await signedIn('tom.hughes')
    assert.equal((await tom.fetch(`/concerns/${id}`)).status, 404)
    assert.equal((await tom.fetch(`/admin/concerns/${id}`)).status, 404)
    assert.equal((await chidi.fetch(`/admin/concerns/${id}`)).status, 404, 'the raiser has no handler view')
  })
})
