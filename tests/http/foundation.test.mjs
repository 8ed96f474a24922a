// HTTP tests for the foundation (issue 2): routing, errors, security
// headers, CSRF, body limits, static assets, the API's error shape.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import net from 'node:net'
import { startServer, Visitor } from '../lib/server.mjs'

let srv

before(async () => { srv = await startServer({ demo: true, set: { max_form: '16k' } }) })
after(async () => {
  const r = await srv.stop()
  assert.equal(r.code, 0, 'server exits cleanly on SIGTERM')
})

// A raw HTTP/1.1 exchange, for what fetch will not send.
function raw (url, request) {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname, () => sock.write(request))
    let data = ''
    sock.setEncoding('latin1')
    sock.on('data', (d) => { data += d })
    sock.on('end', () => resolve(data))
    sock.on('close', () => resolve(data))
    sock.on('error', reject)
    setTimeout(() => { sock.destroy(); resolve(data) }, 5000)
  })
}

describe('pages and headers', () => {
  test('home page is HTML with the security headers set in one place', async () => {
    const v = new Visitor(srv.url)
    const res = await v.fetch('/')
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type'), /^text\/html; charset=utf-8/)
    const csp = res.headers.get('content-security-policy')
    assert.match(csp, /default-src 'none'/)
    assert.match(csp, /script-src 'self'/)
    assert.doesNotMatch(csp, /unsafe-inline/)
    assert.match(csp, /frame-ancestors 'none'/)
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
    assert.equal(res.headers.get('referrer-policy'), 'same-origin')
    assert.equal(res.headers.get('cache-control'), 'no-store')
    assert.equal(res.headers.get('strict-transport-security'), null, 'no HSTS over plain http')
    assert.match(res.headers.get('x-request-id'), /^[0-9a-f]{8}-[0-9a-f]{6}$/)
    const body = await res.text()
    assert.match(body, /<title>Home - Tandem<\/title>/)
    assert.match(body, /Skip to main content/)
    assert.match(body, /href="\/accessibility"/)
    assert.match(body, /Aspire Mentoring - Northfield NHS Foundation Trust/)
    assert.doesNotMatch(body, /<script>/, 'no inline script')
    assert.ok(v.cookies.get('tandem_csrf'), 'a CSRF cookie is set on first visit')
  })

  test('HEAD answers like GET without a body', async () => {
    const res = await fetch(srv.url + '/', { method: 'HEAD' })
    assert.equal(res.status, 200)
    assert.equal(await res.text(), '')
  })

  test('keep-alive: a plain GET is not answered with Connection: close', async () => {
    const text = await raw(srv.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n')
    assert.match(text, /^HTTP\/1\.1 200/)
    assert.doesNotMatch(text, /connection: close/i)
  })

  test('accessibility statement and user guide exist (UX-6, ACC-4)', async () => {
    for (const [path, heading] of [['/accessibility', 'Accessibility statement for Tandem'], ['/help', 'User guide']]) {
      const res = await fetch(srv.url + path)
      assert.equal(res.status, 200, path)
      assert.match(await res.text(), new RegExp(`<h1>${heading}</h1>`))
    }
  })

  test('unknown page gives the 404 page', async () => {
    const res = await fetch(srv.url + '/no-such-page')
    assert.equal(res.status, 404)
    const body = await res.text()
    assert.match(body, /<h1>Page not found<\/h1>/)
    assert.match(body, /quote this reference: [0-9a-f]{8}-[0-9a-f]{6}/)
  })

  test('a first visit to an error page still gets its CSRF cookie', async () => {
    const v = new Visitor(srv.url)
    const [res, , token] = await v.page('/no-such-page')
    assert.equal(res.status, 404)
    assert.ok(v.cookies.get('tandem_csrf'), 'cookie kept on the error page')
    // the side-menu form on that 404 page works
    const post = await v.postForm('/appearance', { csrf_token: token, sidebar: 'hidden', return_to: '/no-such-page' })
    assert.equal(post.status, 303)
  })

  test('an unknown method gets 405 with what the path accepts, logged as sent', async () => {
    const text = await raw(srv.url, 'BREW /help HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    assert.match(text, /^HTTP\/1\.1 405/)
    assert.match(text, /\r\nAllow: GET, HEAD\r\n/i)
    await new Promise((resolve) => setTimeout(resolve, 100))
    assert.match(srv.stderr(), /http: BREW \/help 405/)
  })

  test('links carrying the current path encode it', async () => {
    const body = await (await fetch(srv.url + '/help?x=1')).text()
    assert.match(body, /href="\/appearance\?return_to=\/help"/)
  })

  test('a typed path segment that does not parse is not found', async () => {
    const res = await fetch(srv.url + '/api/v1/schemes/abc')
    assert.equal(res.status, 404)
  })

  test('wrong method gives 405 with Allow', async () => {
    const res = await fetch(srv.url + '/accessibility', { method: 'DELETE' })
    assert.equal(res.status, 405)
    assert.equal(res.headers.get('allow'), 'GET, HEAD')
    assert.match(await res.text(), /This page cannot be used in that way/)
  })

  test('health check reports the schema version', async () => {
    const res = await fetch(srv.url + '/healthz')
    assert.equal(res.status, 200)
    const j = await res.json()
    assert.equal(j.status, 'ok')
    assert.ok(j.schema >= 1)
  })
})

describe('static assets', () => {
  test('versioned assets are cached for a year, with ETag and 304', async () => {
    const page = await (await fetch(srv.url + '/')).text()
    const css = page.match(/href="(\/assets\/v\/[0-9a-f]{12}\/tandem\.css)"/)[1]
    const res = await fetch(srv.url + css)
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type'), /^text\/css/)
    assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable')
    const etag = res.headers.get('etag')
    assert.match(etag, /^"[0-9a-f]{16}"$/)
    assert.match(await res.text(), /tandem-theme-dark/)
    const again = await fetch(srv.url + css, { headers: { 'If-None-Match': etag } })
    assert.equal(again.status, 304)
  })

  test('the NHS.UK frontend CSS and JS are served, without the font CDN', async () => {
    const page = await (await fetch(srv.url + '/')).text()
    const base = page.match(/(\/assets\/v\/[0-9a-f]{12})\//)[1]
    const css = await fetch(srv.url + base + '/nhsuk/nhsuk-frontend.min.css')
    assert.equal(css.status, 200)
    const text = await css.text()
    assert.match(text, /nhsuk-header/)
    assert.doesNotMatch(text, /@font-face/)
    const js = await fetch(srv.url + base + '/nhsuk/nhsuk-frontend.min.js')
    assert.equal(js.status, 200)
    assert.match(js.headers.get('content-type'), /^text\/javascript/)
  })

  test('unversioned paths revalidate; unknown assets are 404', async () => {
    const icon = await fetch(srv.url + '/assets/images/nhsuk-icon-arrow-down.svg')
    assert.equal(icon.status, 200)
    assert.equal(icon.headers.get('cache-control'), 'public, no-cache')
    assert.equal((await fetch(srv.url + '/assets/nope.css')).status, 404)
    assert.equal((await fetch(srv.url + '/assets/tandem.css', { method: 'POST' })).status, 405)
  })
})

describe('forms, CSRF and limits', () => {
  test('appearance form works without JavaScript (ACC-9)', async () => {
    const v = new Visitor(srv.url)
    const [, , token] = await v.page('/appearance')
    assert.ok(token)
    const res = await v.postForm('/appearance', { csrf_token: token, theme: 'dark', sidebar: 'hidden', return_to: '/help' })
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/help')
    assert.equal(v.cookies.get('tandem_theme'), 'dark')
    const [, html] = await v.page('/help')
    assert.match(html, /<html lang="en" class="tandem-theme-dark">/, 'chosen: no data-theme-default')
    assert.match(html, /tandem-shell--sidebar-hidden/)
  })

  test('CSRF token missing or wrong is refused with 403 and a clear page', async () => {
    const v = new Visitor(srv.url)
    await v.page('/appearance')
    let res = await v.postForm('/appearance', { theme: 'dark' })
    assert.equal(res.status, 403)
    assert.match(await res.text(), /This form has expired or did not come from Tandem/)
    res = await v.postForm('/appearance', { theme: 'dark', csrf_token: 'x'.repeat(43) })
    assert.equal(res.status, 403)
    assert.equal(v.cookies.get('tandem_theme'), undefined, 'nothing was saved')
  })

  test("another visitor's token does not work", async () => {
    const a = new Visitor(srv.url)
    const b = new Visitor(srv.url)
    const [, , tokenA] = await a.page('/appearance')
    await b.page('/appearance')
    const res = await b.postForm('/appearance', { theme: 'dark', csrf_token: tokenA })
    assert.equal(res.status, 403)
  })

  test('invalid choice: the form comes back with the message next to the field', async () => {
    const v = new Visitor(srv.url)
    const [, , token] = await v.page('/appearance')
    const res = await v.postForm('/appearance', { csrf_token: token, theme: 'purple', sidebar: 'hidden' })
    assert.equal(res.status, 400)
    const html = await res.text()
    assert.match(html, /<title>Error: Appearance - Tandem<\/title>/)
    assert.match(html, /There is a problem/)
    assert.match(html, /<a href="#theme">Select light or dark<\/a>/)
    assert.match(html, /id="theme-error"/)
    assert.match(html, /id="sidebar-hidden" name="sidebar" type="radio" value="hidden" checked/, 'what was chosen is kept')
  })

  test('off-site return_to is never followed', async () => {
    const v = new Visitor(srv.url)
    const [, , token] = await v.page('/appearance')
    for (const bad of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const res = await v.postForm('/appearance', { csrf_token: token, theme: 'light', return_to: bad })
      assert.equal(res.status, 303)
      assert.equal(res.headers.get('location'), '/appearance?saved=1')
    }
  })

  test('malformed form body is a 400 page', async () => {
    const v = new Visitor(srv.url)
    const [, , token] = await v.page('/appearance')
    const res = await v.fetch('/appearance', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `csrf_token=${token}&theme=%zz`
    })
    assert.equal(res.status, 400)
    assert.match(await res.text(), /The form could not be read/)
  })

  test('a body over the limit is refused with 413 (Content-Length)', async () => {
    const v = new Visitor(srv.url)
    const [, , token] = await v.page('/appearance')
    const res = await v.postForm('/appearance', { csrf_token: token, theme: 'dark', pad: 'x'.repeat(20000) })
    assert.equal(res.status, 413)
  })

  test('a streamed body over the limit is refused with 413 (chunked)', async () => {
    const chunk = 'a'.repeat(4096)
    let req = 'POST /appearance HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n'
    for (let i = 0; i < 8; i++) req += `${chunk.length.toString(16)}\r\n${chunk}\r\n`
    req += '0\r\n\r\n'
    const text = await raw(srv.url, req)
    assert.match(text, /^HTTP\/1\.1 413/)
  })

  test('an unsupported body type is 415', async () => {
    const v = new Visitor(srv.url)
    const [, , token] = await v.page('/appearance')
    const res = await v.fetch('/appearance', {
      method: 'POST', headers: { 'Content-Type': 'text/plain', 'X-CSRF-Token': token }, body: 'theme=dark'
    })
    assert.equal(res.status, 415)
  })

  test('an upload to a route that takes none is refused', async () => {
    const v = new Visitor(srv.url)
    const [, , token] = await v.page('/appearance')
    const fd = new FormData()
    fd.set('csrf_token', token)
    fd.set('theme', 'dark')
    fd.set('file', new Blob(['hello']), 'hello.txt')
    const res = await v.fetch('/appearance', { method: 'POST', body: fd })
    assert.equal(res.status, 413)
  })

  test('multipart text fields work on ordinary forms', async () => {
    const v = new Visitor(srv.url)
    const [, , token] = await v.page('/appearance')
    const fd = new FormData()
    fd.set('csrf_token', token)
    fd.set('theme', 'dark')
    const res = await v.fetch('/appearance', { method: 'POST', body: fd })
    assert.equal(res.status, 303)
    assert.equal(v.cookies.get('tandem_theme'), 'dark')
  })

  test('dev-only routes do not exist outside development mode', async () => {
    const res = await fetch(srv.url + '/_dev/echo', { method: 'POST' })
    assert.equal(res.status, 404)
  })
})

describe('JSON API', () => {
  test('the API root answers JSON', async () => {
    const res = await fetch(srv.url + '/api/v1')
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type'), /^application\/json/)
    const j = await res.json()
    assert.equal(j.api, 'v1')
  })

  test('the schemes list is the home page model', async () => {
    const j = await (await fetch(srv.url + '/api/v1/schemes')).json()
    assert.equal(j.schemes[0].slug, 'northfield-aspire')
  })

  test('errors are JSON with code, message and fields', async () => {
    let res = await fetch(srv.url + '/api/v1/nothing-here')
    assert.equal(res.status, 404)
    let j = await res.json()
    assert.equal(j.error.code, 'not_found')
    assert.equal(typeof j.error.message, 'string')
    assert.deepEqual(j.error.fields, {})

    res = await fetch(srv.url + '/api/v1/appearance', { method: 'DELETE' })
    assert.equal(res.status, 405)
    j = await res.json()
    assert.equal(j.error.code, 'method_not_allowed')
  })

  test('appearance through the API, with the CSRF header', async () => {
    const v = new Visitor(srv.url)
    const [, , token] = await v.page('/')
    let res = await v.fetch('/api/v1/appearance', {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token }, body: JSON.stringify({ theme: 'dark' })
    })
    assert.equal(res.status, 200)
    assert.deepEqual(await res.json(), { theme: 'dark', sidebar: 'shown' })
    res = await v.fetch('/api/v1/appearance')
    assert.equal((await res.json()).theme, 'dark')
  })

  test('API refusals: no token 403, invalid value 422 with fields, bad JSON 400', async () => {
    const v = new Visitor(srv.url)
    const [, , token] = await v.page('/')
    const post = (body, headers = {}) => v.fetch('/api/v1/appearance', {
      method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body
    })
    let res = await post('{"theme":"dark"}')
    assert.equal(res.status, 403)
    assert.equal((await res.json()).error.code, 'forbidden')

    res = await post('{"theme":"purple"}', { 'X-CSRF-Token': token })
    assert.equal(res.status, 422)
    const j = await res.json()
    assert.equal(j.error.fields.theme, 'Select light or dark')

    res = await post('{"theme":', { 'X-CSRF-Token': token })
    assert.equal(res.status, 400)
    assert.equal((await res.json()).error.code, 'bad_request')

    res = await post('['.repeat(100) + ']'.repeat(100), { 'X-CSRF-Token': token })
    assert.equal(res.status, 400, 'nesting is bounded')

    res = await post('{"theme":"dark","theme":"light"}', { 'X-CSRF-Token': token })
    assert.equal(res.status, 400, 'duplicate keys are refused')

    res = await post('{"theme":7}', { 'X-CSRF-Token': token })
    assert.equal(res.status, 422, 'wrong JSON type')
  })
})

describe('logging', () => {
  test('one sanitised access line per request, without the query string', async () => {
    await fetch(srv.url + '/help?token=secret-value')
    await fetch(srv.url + '/help%0d%0aFAKE')
    await new Promise((resolve) => setTimeout(resolve, 100))
    const log = srv.stderr()
    assert.match(log, /info  http: GET \/help 200 \d+B [\d.]+ms ip=127\.0\.0\.1 id=[0-9a-f-]+/)
    assert.doesNotMatch(log, /secret-value/)
    assert.doesNotMatch(log, /\nFAKE/, 'CR/LF in a path cannot forge a log line')
  })
})
