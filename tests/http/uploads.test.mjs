// HTTP tests of multipart uploads end to end, through the development-only
// echo route (the parsers' unit tests cover the edge cases byte by byte).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { startServer, Visitor } from '../lib/server.mjs'

let srv
before(async () => { srv = await startServer({ dev: true, set: { max_upload: '64k', max_request: '256k' } }) })
after(async () => { await srv.stop() })

async function visitor () {
  const v = new Visitor(srv.url)
  const [, , token] = await v.page('/')
  return [v, token]
}

test('fields and a file arrive; the temporary file is gone afterwards', async () => {
  const [v, token] = await visitor()
  const fd = new FormData()
  fd.set('csrf_token', token)
  fd.set('title', '  Reflective log  ')
  fd.set('attachment', new Blob(['%PDF-1.7\n' + 'x'.repeat(5000)], { type: 'application/pdf' }), '../../etc/log.pdf')
  const res = await v.fetch('/_dev/echo', { method: 'POST', body: fd })
  assert.equal(res.status, 200)
  const j = await res.json()
  assert.equal(j.title, 'Reflective log', 'declared strings are trimmed')
  assert.equal(j.files.length, 1)
  assert.equal(j.files[0].filename, 'log.pdf', 'only the base name of the client path')
  assert.equal(j.files[0].size, 5009)
  assert.equal(j.files[0].is_pdf, true, 'the first bytes are there for sniffing')
  assert.deepEqual(readdirSync(join(srv.data, 'tmp')), [], 'temporary upload deleted before the answer was sent')
})

test('a file over max_upload is refused early with 413', async () => {
  const [v, token] = await visitor()
  const fd = new FormData()
  fd.set('csrf_token', token)
  fd.set('title', 'Big')
  fd.set('attachment', new Blob(['y'.repeat(100 * 1024)]), 'big.bin')
  const res = await v.fetch('/_dev/echo', { method: 'POST', body: fd })
  assert.equal(res.status, 413)
  assert.match(await res.text(), /too large/)
})

test('a request body over max_request is refused from its Content-Length', async () => {
  const [v, token] = await visitor()
  const fd = new FormData()
  fd.set('csrf_token', token)
  fd.set('title', 'Huge')
  fd.set('attachment', new Blob(['z'.repeat(300 * 1024)]), 'huge.bin')
  const res = await v.fetch('/_dev/echo', { method: 'POST', body: fd })
  assert.equal(res.status, 413)
})

test('a missing required field gives 400 and names it', async () => {
  const [v, token] = await visitor()
  const fd = new FormData()
  fd.set('csrf_token', token)
  const res = await v.fetch('/_dev/echo', { method: 'POST', body: fd })
  assert.equal(res.status, 400)
  assert.match(await res.text(), /Enter a title/)
})

test('a broken multipart body is 400, not a crash', async () => {
  const [v, token] = await visitor()
  const res = await v.fetch('/_dev/echo', {
    method: 'POST',
    headers: { 'Content-Type': 'multipart/form-data; boundary=XYZ', 'X-CSRF-Token': token },
    body: '--XYZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nno closing boundary'
  })
  assert.equal(res.status, 400)
  const again = await fetch(srv.url + '/healthz')
  assert.equal(again.status, 200, 'server still up')
})

test('a multipart body without a boundary is 400', async () => {
  const [v, token] = await visitor()
  const res = await v.fetch('/_dev/echo', {
    method: 'POST', headers: { 'Content-Type': 'multipart/form-data', 'X-CSRF-Token': token }, body: 'x'
  })
  assert.equal(res.status, 400)
})
