// HTTP tests for the administrators' outbox (MSG-4) and its API twins:
// search by recipient or subject (literal, % and _ are not wildcards),
// the status filter keeping the search, one email's details (metadata
// only: never a body, for anyone), the scope of a scheme administrator
// (only rows of their schemes, by scheme, never by address; no private
// kinds such as a request to end, REL-6; no account emails), the emails
// of relationships carrying their scheme, and every refusal: signed out,
// not an administrator,
// bad parameters, unknown ids, CSRF.  Retrying a failed email is in
// admin.test.mjs; paging and the scope across two schemes in
// tests/unit/test_mail.c (the demo has one scheme).
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { startServer, Visitor, demoPassword, bin } from '../lib/server.mjs'

let srv
before(async () => {
  srv = await startServer({ demo: true, set: { base_url: 'https://mentoring.example.nhs.uk' } })
  // two password resets, to people in the scheme
  for (const [username, email] of [['ravi.patel', 'ravi.patel@northfield.example.nhs.uk'],
    ['admin', 'priya.shah@northfield.example.nhs.uk']]) {
    const v = new Visitor(srv.url)
    const [, , token] = await v.page('/password/forgot')
    const res = await v.postForm('/password/forgot', { csrf_token: token, username, email })
    assert.equal(res.status, 303)
  }
  // an email about the relationship (agreement.changed to Tom) and a
  // private one (admin.end_requested to Gareth, REL-6)
  const chidi = await signedIn('chidi.okafor')
  let res = await chidi.postForm('/relationships/1/agreement/edit', {
    csrf_token: chidi.csrf,
    expectations: 'Come prepared',
    frequency: 'Once a month',
    meeting_format: 'Video',
    ground_rules: 'Openness',
    confidentiality: 'AGREEMENT-SECRET',
    ending: 'When the portfolio is done',
    first_focus: 'The portfolio plan'
  })
  assert.equal(res.status, 303, 'the draft is saved')
  const tom = await signedIn('tom.hughes')
  res = await tom.postForm('/relationships/1/ask-to-end', { csrf_token: tom.csrf, reason: 'PRIVATE-REASON' })
  assert.equal(res.status, 303, 'Tom asks to end')
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

async function list (v, query = '') {
  const res = await v.fetch('/api/v1/admin/outbox' + query)
  assert.equal(res.status, 200)
  return res.json()
}

describe('the outbox pages (MSG-4)', () => {
  test('search by recipient or subject, literally, with the status kept', async () => {
    const priya = await signedIn('admin')
    let j = await list(priya, '?q=olivia')
    assert.ok(j.messages.length >= 1)
    assert.ok(j.messages.every((m) => /olivia/i.test(m.subject) || /olivia/i.test(m.to)))
    j = await list(priya, '?q=' + encodeURIComponent('ravi.patel@'))
    assert.equal(j.messages.length, 1)
    assert.equal(j.messages[0].subject, 'Reset your Tandem password')
    assert.equal(j.messages[0].kind, 'password.reset')
    assert.equal(j.messages[0].is_secret, true)
    assert.equal(j.messages[0].body_text, undefined, 'lists never carry bodies')
    j = await list(priya, '?q=%25')
    assert.equal(j.messages.length, 0, '% is not a wildcard')
    j = await list(priya, '?q=_')
    assert.equal(j.messages.length, 0, '_ is not a wildcard')

    const [res, html] = await priya.page('/admin/outbox?status=queued&q=Olivia')
    assert.equal(res.status, 200)
    assert.match(html, /<label class="nhsuk-label" for="q">Search by recipient or subject<\/label>/)
    assert.match(html, /id="q" name="q" type="search" value="Olivia"/)
    assert.match(html, /New registration waiting for approval: Olivia Grant/)
    assert.match(html, /href="\/admin\/outbox\?status=failed&amp;q=Olivia"/, 'the filters keep the search')
    assert.match(html, /href="\/admin\/outbox\?status=queued&amp;q=Olivia" aria-current="page"/)
    const [, none] = await priya.page('/admin/outbox?q=no-such-thing')
    assert.match(none, /There are no emails to show that match &ldquo;no-such-thing&rdquo;/)
  })

  test('a scheme administrator sees only mail about their schemes', async () => {
    // a second scheme with its own administrator, made on the command line
    const env = { ...process.env }
    for (const k of Object.keys(env)) if (k.startsWith('TANDEM_') && k !== 'TANDEM_BIN') delete env[k]
    let r = spawnSync(bin, ['user', 'add', '--data', srv.data, '--username', 'zara.khan',
      '--email', 'zara.khan@other.example.nhs.uk', '--name', 'Zara Khan'],
    { input: demoPassword + '\n', encoding: 'utf8', env, timeout: 60000 })
    assert.equal(r.status, 0, r.stderr)
    r = spawnSync(bin, ['scheme', 'add', '--data', srv.data, '--slug', 'other', '--name', 'Other Scheme',
      '--admin', 'zara.khan'], { encoding: 'utf8', env, timeout: 60000 })
    assert.equal(r.status, 0, r.stderr)

    const zara = await signedIn('zara.khan')
    const priya = await signedIn('admin')
    const all = await list(priya, '?q=Olivia')
    assert.equal(all.messages.length, 1, 'the site administrator sees everything')
    const theirs = await list(zara)
    assert.equal(theirs.messages.length, 0, 'nothing about Northfield')
    const id = all.messages[0].id
    let res = await zara.fetch(`/api/v1/admin/outbox/${id}`)
    assert.equal(res.status, 404, 'not theirs: as if it did not exist')
    res = await zara.fetch(`/admin/outbox/${id}`)
    assert.equal(res.status, 404)
    res = await zara.postJSON(`/api/v1/admin/outbox/${id}/retry`, {}, { 'X-CSRF-Token': zara.csrf })
    assert.equal(res.status, 404)
  })

  test('MSG-4: a scheme administrator sees their scheme\'s rows only, never private kinds (REL-6)', async () => {
    const gareth = await signedIn('gareth.evans')
    const priya = await signedIn('admin')
    const mine = (await list(gareth)).messages
    assert.ok(mine.length >= 1)
    assert.ok(mine.every((m) => m.scheme_id === 1), 'only rows about Northfield')
    const agreement = mine.find((m) => m.kind === 'agreement.changed')
    assert.ok(agreement, 'the agreement email carries its scheme')
    assert.match(agreement.scheme, /^Aspire Mentoring/)
    // the demo's registration email is about his scheme
    const reg = (await list(gareth, '?q=Olivia')).messages
    assert.equal(reg.length, 1)
    assert.equal(reg[0].kind, 'admin.registration')
    // rows about no scheme (account emails): site administrators only
    assert.equal((await list(gareth, '?q=ravi.patel')).messages.length, 0, 'account emails: no')
    // a private kind about his own scheme: site administrators only
    const all = (await list(priya)).messages
    const ended = all.find((m) => m.kind === 'admin.end_requested')
    assert.ok(ended, 'the site administrator sees the request to end')
    assert.equal(ended.scheme_id, 1)
    assert.ok(!mine.some((m) => m.kind === 'admin.end_requested'))
    assert.equal((await list(gareth, '?q=' + encodeURIComponent('asked to end'))).messages.length, 0)
    for (const path of [`/admin/outbox/${ended.id}`, `/api/v1/admin/outbox/${ended.id}`]) {
      assert.equal((await gareth.fetch(path)).status, 404, path)
      assert.equal((await priya.fetch(path)).status, 200, path)
    }
  })

  test('MSG-4: one email\'s details, never its body, for anyone', async () => {
    const priya = await signedIn('admin')
    const gareth = await signedIn('gareth.evans')
    const demo = (await list(priya, '?q=Olivia')).messages[0]
    let res = await priya.fetch(`/api/v1/admin/outbox/${demo.id}`)
    assert.equal(res.status, 200)
    let j = await res.json()
    assert.equal(j.body_text, undefined, 'no body in the API')
    assert.equal(j.body_html, undefined)
    assert.equal(j.subject, 'New registration waiting for approval: Olivia Grant')
    for (const k of ['to', 'kind', 'status', 'attempts', 'last_error', 'created', 'next_attempt', 'sent']) {
      assert.ok(k in j, k)
    }
    let [page, html] = await priya.page(`/admin/outbox/${demo.id}`)
    assert.equal(page.status, 200)
    assert.match(html, /<h1>Email \d+<\/h1>/)
    assert.doesNotMatch(html, /Olivia Grant has registered/)
    assert.match(html, /What an email says is never shown here/)

    const agreement = (await list(gareth)).messages.find((m) => m.kind === 'agreement.changed')
    res = await gareth.fetch(`/api/v1/admin/outbox/${agreement.id}`)
    assert.equal(res.status, 200)
    j = await res.json()
    assert.equal(j.body_text, undefined)
    ;[page, html] = await gareth.page(`/admin/outbox/${agreement.id}`)
    assert.equal(page.status, 200)
    assert.doesNotMatch(html, /Hello Tom/, 'nothing of what the email says')

    const reset = (await list(priya, '?q=ravi.patel')).messages[0]
    res = await priya.fetch(`/api/v1/admin/outbox/${reset.id}`)
    j = await res.json()
    assert.equal(j.body_text, undefined)
    assert.equal(j.has_unsubscribe, false, 'a required email has no unsubscribe link')
    ;[page, html] = await priya.page(`/admin/outbox/${reset.id}`)
    assert.equal(page.status, 200)
    assert.doesNotMatch(html, /password\/reset\//)
  })

  test('refusals: signed out, not an administrator, bad input, unknown ids, CSRF', async () => {
    const anon = new Visitor(srv.url)
    let res = await anon.fetch('/admin/outbox')
    assert.equal(res.status, 303)
    assert.match(res.headers.get('location'), /^\/sign-in/)
    res = await anon.fetch('/api/v1/admin/outbox')
    assert.equal(res.status, 401)
    res = await anon.fetch('/api/v1/admin/outbox/1')
    assert.equal(res.status, 401)

    const tom = await signedIn('tom.hughes')
    for (const path of ['/admin/outbox', '/admin/outbox/1', '/api/v1/admin/outbox', '/api/v1/admin/outbox/1']) {
      res = await tom.fetch(path)
      assert.equal(res.status, 403, path)
    }
    res = await tom.postForm('/admin/outbox/1/retry', { csrf_token: tom.csrf })
    assert.equal(res.status, 403)

    const gareth = await signedIn('gareth.evans')
    for (const q of ['?status=lost', '?before=0', '?before=x', '?q=' + 'x'.repeat(201)]) {
      res = await gareth.fetch('/admin/outbox' + q)
      assert.equal(res.status, 400, q)
      res = await gareth.fetch('/api/v1/admin/outbox' + q)
      assert.equal(res.status, 422, q)
      assert.equal((await res.json()).error.code, 'invalid')
    }
    res = await gareth.fetch('/admin/outbox/999999')
    assert.equal(res.status, 404)
    res = await gareth.fetch('/api/v1/admin/outbox/999999')
    assert.equal(res.status, 404)
    assert.equal((await res.json()).error.code, 'not_found')
    res = await gareth.postForm('/admin/outbox/1/retry', { csrf_token: 'wrong' })
    assert.equal(res.status, 403, 'CSRF')
  })
})
