// HTTP tests for the administrators' outbox (MSG-4) and its API twins:
// search by recipient or subject (literal, % and _ are not wildcards),
// the status filter keeping the search, one email in full (its body
// shown and audited, except a password reset's, which is never shown),
// the scope of a scheme administrator (nothing about another scheme),
// and every refusal: signed out, not an administrator,
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
    const gareth = await signedIn('gareth.evans')
    let j = await list(gareth, '?q=olivia')
    assert.ok(j.messages.length >= 1)
    assert.ok(j.messages.every((m) => /olivia/i.test(m.subject) || /olivia/i.test(m.to)))
    j = await list(gareth, '?q=' + encodeURIComponent('ravi.patel@'))
    assert.equal(j.messages.length, 1)
    assert.equal(j.messages[0].subject, 'Reset your Tandem password')
    assert.equal(j.messages[0].kind, 'password.reset')
    assert.equal(j.messages[0].is_secret, true)
    assert.equal(j.messages[0].body_text, undefined, 'lists never carry bodies')
    j = await list(gareth, '?q=%25')
    assert.equal(j.messages.length, 0, '% is not a wildcard')
    j = await list(gareth, '?q=_')
    assert.equal(j.messages.length, 0, '_ is not a wildcard')

    const [res, html] = await gareth.page('/admin/outbox?status=queued&q=Olivia')
    assert.equal(res.status, 200)
    assert.match(html, /<label class="nhsuk-label" for="q">Search by recipient or subject<\/label>/)
    assert.match(html, /id="q" name="q" type="search" value="Olivia"/)
    assert.match(html, /New registration waiting for approval: Olivia Grant/)
    assert.match(html, /href="\/admin\/outbox\?status=failed&amp;q=Olivia"/, 'the filters keep the search')
    assert.match(html, /href="\/admin\/outbox\?status=queued&amp;q=Olivia" aria-current="page"/)
    const [, none] = await gareth.page('/admin/outbox?q=no-such-thing')
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
    // gareth, of Northfield, sees mail to Northfield's people
    const gareth = await signedIn('gareth.evans')
    assert.equal((await list(gareth, '?q=Olivia')).messages.length, 1)
  })

  test('one email in full: the body is shown, a reset link never', async () => {
    const gareth = await signedIn('gareth.evans')
    const demo = (await list(gareth, '?q=Olivia')).messages[0]
    let res = await gareth.fetch(`/api/v1/admin/outbox/${demo.id}`)
    assert.equal(res.status, 200)
    let j = await res.json()
    assert.equal(j.is_hidden, false)
    assert.match(j.body_text, /Olivia Grant has registered/)
    let [page, html] = await gareth.page(`/admin/outbox/${demo.id}`)
    assert.equal(page.status, 200)
    assert.match(html, /<h1>Email \d+<\/h1>/)
    assert.match(html, /Olivia Grant has registered/)
    assert.match(html, /Opening it is recorded in the audit log/)

    const reset = (await list(gareth, '?q=ravi.patel')).messages[0]
    res = await gareth.fetch(`/api/v1/admin/outbox/${reset.id}`)
    j = await res.json()
    assert.equal(j.is_hidden, true)
    assert.equal(j.body_text, '')
    assert.equal(j.has_unsubscribe, false, 'a required email has no unsubscribe link')
    ;[page, html] = await gareth.page(`/admin/outbox/${reset.id}`)
    assert.equal(page.status, 200)
    assert.match(html, /carries a private link/)
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
