// HTTP tests for signing in and out, sessions, lockout and the throttle,
// API tokens and switch view (issue 3: ACC-4, ACC-5, ACC-7, ACC-9).
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, Visitor, demoPassword, tandem } from '../lib/server.mjs'

let srv
before(async () => { srv = await startServer({ demo: true, dev: true }) })
after(async () => { await srv.stop() })

const BAD = /Enter a correct username and password/

describe('signing in and out (ACC-4)', () => {
  test('a mentee signs in, sees their home, and signs out', async () => {
    const v = new Visitor(srv.url)
    const res = await v.signIn('tom.hughes', demoPassword)
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/')
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('tandem_session='))
    assert.match(cookie, /HttpOnly; SameSite=Lax/)
    assert.match(cookie, /Max-Age=43200/)
    assert.equal(v.cookies.get('tandem_session').length, 43, '256-bit token, base64url')

    const [, home] = await v.page('/')
    assert.match(home, /Welcome, Tom Hughes/)
    assert.match(home, /You are using the <strong>Mentee<\/strong> view/)
    assert.match(home, /aria-current="page">My mentors</)
    // REL-1: the current tab lists his mentor (the demo pairs him with Chidi)
    assert.match(home, /Chidi Okafor/)
    assert.doesNotMatch(home, /Switch view/, 'one view only: no switch')

    const [, tab] = await v.page('/?tab=requests')
    assert.match(tab, /<h2 id="tab-heading">My mentoring requests<\/h2>/)

    const token = await v.token()
    const out = await v.postForm('/sign-out', { csrf_token: token })
    assert.equal(out.status, 303)
    assert.equal(out.headers.get('location'), '/sign-in?signed_out=1')
    const [, after] = await v.page('/sign-in?signed_out=1')
    assert.match(after, /You have signed out/)
    const [res2] = await v.page('/switch-view')
    assert.equal(res2.status, 303, 'signed out: sent to sign in')
  })

  test('the session is deleted on the server at sign-out, not only the cookie', async () => {
    const v = new Visitor(srv.url)
    await v.signIn('amy.clarke', demoPassword)
    const stolen = v.cookies.get('tandem_session')
    await v.postForm('/sign-out', { csrf_token: await v.token() })
    const res = await fetch(srv.url + '/api/v1/me', { headers: { Cookie: `tandem_session=${stolen}` } })
    assert.equal(res.status, 401)
  })

  test('a new token at every sign-in', async () => {
    const a = new Visitor(srv.url)
    const b = new Visitor(srv.url)
    await a.signIn('ravi.patel', demoPassword)
    await b.signIn('ravi.patel', demoPassword)
    assert.notEqual(a.cookies.get('tandem_session'), b.cookies.get('tandem_session'))
  })

  test('sign-out needs the CSRF token', async () => {
    const v = new Visitor(srv.url)
    await v.signIn('amy.clarke', demoPassword)
    const res = await v.postForm('/sign-out', {})
    assert.equal(res.status, 403)
    const [, home] = await v.page('/')
    assert.match(home, /Welcome, Amy Clarke/, 'still signed in')
  })

  test('next= brings you back, but never off the site', async () => {
    const v = new Visitor(srv.url)
    const [r] = await v.page('/switch-view')
    assert.equal(r.headers.get('location'), '/sign-in?next=/switch-view')
    const [, , token] = await v.page('/sign-in?next=/switch-view')
    let res = await v.postForm('/sign-in', { csrf_token: token, username: 'fatima.begum', password: demoPassword, next: '/switch-view' })
    assert.equal(res.headers.get('location'), '/switch-view')
    const w = new Visitor(srv.url)
    const [, , t2] = await w.page('/sign-in')
    res = await w.postForm('/sign-in', { csrf_token: t2, username: 'fatima.begum', password: demoPassword, next: '//evil.example/' })
    assert.equal(res.headers.get('location'), '/')
  })

  test('missing fields come back with messages and the username kept', async () => {
    const v = new Visitor(srv.url)
    const [, , token] = await v.page('/sign-in')
    const res = await v.postForm('/sign-in', { csrf_token: token, username: 'tom.hughes', password: '' })
    assert.equal(res.status, 400)
    const html = await res.text()
    assert.match(html, /<a href="#password">Enter your password<\/a>/)
    assert.match(html, /value="tom.hughes"/)
  })

  test('pending accounts are told they wait for approval (ACC-3)', async () => {
    const v = new Visitor(srv.url)
    const res = await v.signIn('olivia.grant', demoPassword)
    assert.equal(res.status, 403)
    assert.match(await res.text(), /waiting for a scheme administrator to approve it/)
    assert.equal(v.cookies.get('tandem_session'), undefined)
  })
})

describe('lockout (ACC-5)', () => {
  test('5 wrong passwords lock; the 6th with the right password is refused; unlock restores', async () => {
    const v = new Visitor(srv.url)
    for (let i = 0; i < 5; i++) {
      const res = await v.signIn('james.li', 'wrong-password-' + i)
      assert.equal(res.status, 401)
      assert.match(await res.text(), BAD)
    }
    let res = await v.signIn('james.li', demoPassword)
    assert.equal(res.status, 403)
    assert.match(await res.text(), /Your account is locked/)
    assert.equal(v.cookies.get('tandem_session'), undefined)

    const r = tandem(['user', 'unlock', '--data', srv.data, 'james.li'])
    assert.equal(r.status, 0, r.stderr)
    res = await v.signIn('james.li', demoPassword)
    assert.equal(res.status, 303)
  })

  test('an unknown username and a wrong password get the same answer', async () => {
    const v = new Visitor(srv.url)
    const a = await v.signIn('no.such.person', 'whatever-password')
    const b = await v.signIn('sarah.mitchell', 'whatever-password')
    assert.equal(a.status, b.status)
    const strip = (s) => s.replace(/content="[^"]+"|value="[^"]*"/g, '')
    assert.equal(strip(await a.text()), strip(await b.text()))
  })

  test('a locked account with a wrong password says nothing about locking', async () => {
    const v = new Visitor(srv.url)
    for (let i = 0; i < 5; i++) await v.signIn('chidi.okafor', 'nope-nope-' + i)
    const res = await v.signIn('chidi.okafor', 'still-wrong')
    assert.equal(res.status, 401)
    assert.doesNotMatch(await res.text(), /locked because/)
    tandem(['user', 'unlock', '--data', srv.data, 'chidi.okafor'])
  })
})

describe('API sign-in, tokens and me (UX-4)', () => {
  test('a bearer token for the mobile app; no CSRF needed with it', async () => {
    let res = await fetch(srv.url + '/api/v1/sign-in', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'fatima.begum', password: demoPassword, token: true })
    })
    assert.equal(res.status, 200)
    assert.equal(res.headers.getSetCookie().some((c) => c.startsWith('tandem_session')), false, 'no cookie')
    const j = await res.json()
    assert.equal(j.username, 'fatima.begum')
    assert.equal(j.views.length, 2)
    const auth = { Authorization: `Bearer ${j.token}` }
    res = await fetch(srv.url + '/api/v1/me', { headers: auth })
    assert.equal((await res.json()).name, 'Fatima Begum')
    res = await fetch(srv.url + '/api/v1/switch-view', {
      method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ view: `${j.views[1].scheme_id}:mentor` })
    })
    assert.equal(res.status, 200)
    assert.equal((await res.json()).views.find((x) => x.is_active).role, 'mentor')
    res = await fetch(srv.url + '/api/v1/sign-out', { method: 'POST', headers: auth })
    assert.equal(res.status, 200)
    res = await fetch(srv.url + '/api/v1/me', { headers: auth })
    assert.equal(res.status, 401)
  })

  test('a cookie sign-in through the API returns the CSRF token for later calls', async () => {
    const v = new Visitor(srv.url)
    let res = await v.postJSON('/api/v1/sign-in', { username: 'tom.hughes', password: demoPassword })
    assert.equal(res.status, 200)
    const j = await res.json()
    assert.equal(j.csrf_token.length, 43)
    res = await v.postJSON('/api/v1/appearance', { theme: 'dark' })
    assert.equal(res.status, 403, 'cookie session without the CSRF header')
    res = await v.postJSON('/api/v1/appearance', { theme: 'dark' }, { 'X-CSRF-Token': j.csrf_token })
    assert.equal(res.status, 200)
    res = await v.fetch('/api/v1/me')
    assert.equal((await res.json()).theme, 'dark', 'ACC-9: saved for the person')
  })

  test('sign-in through the API takes JSON only (login CSRF)', async () => {
    const res = await fetch(srv.url + '/api/v1/sign-in', {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `username=tom.hughes&password=${demoPassword}`
    })
    assert.equal(res.status, 415)
  })

  test('API refusals are JSON with codes', async () => {
    let res = await fetch(srv.url + '/api/v1/me')
    assert.equal(res.status, 401)
    assert.equal((await res.json()).error.code, 'unauthorized')
    res = await fetch(srv.url + '/api/v1/sign-in', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'tom.hughes', password: 'wrong-wrong-wrong' })
    })
    assert.equal(res.status, 401)
    assert.equal((await res.json()).error.code, 'bad_credentials')
    res = await fetch(srv.url + '/api/v1/me', { headers: { Authorization: 'Bearer ' + 'x'.repeat(43) } })
    assert.equal(res.status, 401)
  })

  test('an ended session gets 401 on a POST too, not a CSRF 403', async () => {
    const res = await fetch(srv.url + '/api/v1/switch-view', {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + 'y'.repeat(43), 'Content-Type': 'application/json' },
      body: JSON.stringify({ view: '1:mentee' })
    })
    assert.equal(res.status, 401)
    assert.equal((await res.json()).error.code, 'unauthorized')
  })

  test('a cookie token does not work as a bearer token', async () => {
    const v = new Visitor(srv.url)
    await v.signIn('ravi.patel', demoPassword)
    const res = await fetch(srv.url + '/api/v1/me', { headers: { Authorization: `Bearer ${v.cookies.get('tandem_session')}` } })
    assert.equal(res.status, 401)
  })
})

describe('switch view (role model)', () => {
  test('a person with two roles switches between them; the page follows', async () => {
    const v = new Visitor(srv.url)
    await v.signIn('fatima.begum', demoPassword)
    let [, home] = await v.page('/')
    assert.match(home, /<strong>Mentee<\/strong> view/)
    assert.match(home, /My mentors/)
    const [, form, token] = await v.page('/switch-view')
    assert.match(form, /value="1:mentor"/)
    let res = await v.postForm('/switch-view', { csrf_token: token, view: '1:mentor' })
    assert.equal(res.status, 303);
    [, home] = await v.page('/')
    assert.match(home, /<strong>Mentor<\/strong> view/)
    assert.match(home, /My mentees/)
    res = await v.postForm('/switch-view', { csrf_token: token, view: '1:scheme_admin' })
    assert.equal(res.status, 400, 'not one of her views')
    assert.match(await res.text(), /Select one of your views/)
  })
})

describe('timeouts (injectable clock)', () => {
  test('an idle session ends after the idle timeout', async () => {
    const v = new Visitor(srv.url)
    await v.signIn('sarah.mitchell', demoPassword)
    let res = await v.fetch('/api/v1/me')
    assert.equal(res.status, 200)
    const token = await v.token()
    res = await v.postJSON('/_dev/clock', { advance: 3601 }, { 'X-CSRF-Token': token })
    assert.equal(res.status, 200)
    res = await v.fetch('/api/v1/me')
    assert.equal(res.status, 401, 'idle for more than an hour')
  })
})

describe('throttle (ACC-5)', () => {
  test('one address cannot try many usernames quickly', async () => {
    const v = new Visitor(srv.url)
    let last
    for (let i = 0; i < 25; i++) last = await v.signIn(`someone${i}`, 'guess-guess-guess')
    assert.equal(last.status, 429)
    assert.equal(last.headers.get('retry-after'), '300')
    assert.match(await last.text(), /too many attempts to sign in from your network/)
    // the window passes (the dev clock moves the server's time)
    const token = await v.token()
    await v.postJSON('/_dev/clock', { advance: 301 }, { 'X-CSRF-Token': token })
    const ok = await v.signIn('tom.hughes', demoPassword)
    assert.equal(ok.status, 303)
  })
})
