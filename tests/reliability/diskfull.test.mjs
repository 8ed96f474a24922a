// Reliability: a real full disk (issue 12, disk full and I/O errors).
//
// storage.test.mjs makes pwrite() fail with libfiu; this one fills a
// real file system.  A 16 MiB tmpfs is mounted (needs root, as in CI;
// skipped with the reason when mount is refused), a demo data directory
// is put on it and a server started, and then a filler file takes every
// free block.  While the disk is full: a form post gets the 503 page
// that keeps what was typed; a document upload (multipart, whose
// temporary file in DATA/tmp meets ENOSPC) gets 503, not 500, for the
// page and for the API, and leaves nothing behind in DATA/tmp or
// DATA/files; pages that only read answer 200; the log has ONE incident
// line.  Then the filler is deleted and, with no restart, the same post
// and the same upload go through.
//
// Deterministic, not "write until it breaks": before filling, the WAL is
// checkpointed and truncated to 0 bytes, so the next commit must grow it
// by at least one page (a WAL frame is 4096 + 24 bytes, more than one
// tmpfs page) and cannot reuse space; the filler is written until
// ENOSPC, then 4 KiB at a time until ENOSPC again, and statfs must say
// no block is free.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import {
  mkdtempSync, mkdirSync, rmdirSync, openSync, writeSync, closeSync, unlinkSync,
  readdirSync, statfsSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decode, demoPassword, form, signedIn, startServer, tandem } from '../lib/server.mjs'

const SIZE = '16m'

// Mount now, so that a refusal skips the suite with its reason.
let mnt = mkdtempSync(join(tmpdir(), 'tandem-diskfull-'))
let skip = false
if (typeof process.getuid === 'function' && process.getuid() !== 0) {
  skip = 'mounting a tmpfs needs root (CI runs as root)'
} else {
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE},mode=0700`, 'tmpfs', mnt],
    { encoding: 'utf8' })
  if (r.error || r.status !== 0) skip = 'mount -t tmpfs was refused: ' + (r.error || r.stderr.trim())
}
if (skip) {
  rmdirSync(mnt)
  mnt = null
}

// Unmount whatever happens, also when the test process dies early.
function unmount () {
  if (mnt === null) return
  let r = spawnSync('umount', [mnt], { encoding: 'utf8' })
  if (r.status !== 0) r = spawnSync('umount', ['-l', mnt], { encoding: 'utf8' })
  if (r.status === 0) rmdirSync(mnt)
  else console.error(`diskfull: could not unmount ${mnt}: ${r.stderr}`)
  mnt = null
}
process.on('exit', unmount)


function upload (vis, path, file, fields = {}) {
  const fd = new FormData()
  fd.set('csrf_token', vis.csrf)
  for (const [k, val] of Object.entries(fields)) fd.set(k, val)
  fd.set('file', new Blob([file.body], { type: 'text/plain' }), file.name)
  return vis.fetch(path, { method: 'POST', body: fd })
}

const count = (text, re) => (text.match(new RegExp(re.source, 'gm')) || []).length
const incidentLine = /error storage: cannot write: /
const recoveredLine = /info {1,2}storage: writes work again after \d+ failure\(s\) over \d+ s/

// The hidden inputs of the "Try again" form, decoded.
function keptInputs (html) {
  const f = html.match(/<form action="([^"]*)" method="post"[^>]*>([\s\S]*?)<\/form>/)
  assert.ok(f, 'a "Try again" form')
  const fields = {}
  for (const m of f[2].matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[decode(m[1])] = decode(m[2])
  }
  return { action: decode(f[1]), fields }
}

// Every file under dir (relative names), to see that nothing was left.
function tree (dir, base = '') {
  const out = []
  for (const e of readdirSync(join(dir, base), { withFileTypes: true })) {
    const rel = join(base, e.name)
    if (e.isDirectory()) out.push(...tree(dir, rel))
    else out.push(rel)
  }
  return out.sort()
}

// Take every free block of the file system that holds path.
function fill (path) {
  const fd = openSync(path, 'w')
  try {
    for (const size of [1 << 20, 4096, 512, 1]) {
      const chunk = Buffer.alloc(size, 0x55)
      for (;;) {
        try {
          if (writeSync(fd, chunk) < size) break
        } catch (e) {
          if (e.code !== 'ENOSPC') throw e
          break
        }
      }
    }
  } finally {
    closeSync(fd)
  }
}

const typed = {
  title: 'Disk full <b>"test"</b> & \'quoted\'',
  entry_day: '4',
  entry_month: '2',
  entry_year: '2026',
  body: 'Typed while the disk was full\nSecond line',
  relationship_id: '1'
}
const doc = { body: 'Agenda for our meeting\n'.repeat(10000), name: 'agenda.txt' } // 230 KB
const readPages = ['/', '/diary', '/relationships/1', '/messages', '/profile', '/help']

describe('a full disk (tmpfs)', { skip }, () => {
  let srv, data, tom, chidi, filler, rel

  before(async () => {
    data = join(mnt, 'data')
    mkdirSync(data)
    const r = tandem(['demo', '--data', data, '--password', demoPassword])
    assert.equal(r.status, 0, 'tandem demo: ' + r.stderr)
    srv = await startServer({ data })
    tom = await signedIn(srv, 'tom.hughes')
    chidi = await signedIn(srv, 'chidi.okafor')
    const rels = await (await chidi.fetch('/api/v1/relationships')).json()
    rel = rels.relationships[0].id // chidi mentors tom
    // every worker thread opens its connection while there is space
    await Promise.all(Array.from({ length: 12 }, () => tom.fetch('/help')))
  })
  after(async () => {
    try {
      if (srv) {
        const r = await srv.stop()
        assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
      }
    } finally {
      unmount()
    }
  })

  test('writes and uploads answer 503, nothing half-written; freeing space heals without a restart', async () => {
    const filesBefore = tree(join(data, 'files'))
    // the WAL to 0 bytes: the next commit has to take new blocks
    const cp = spawnSync('sqlite3', [join(data, 'tandem.db'), 'PRAGMA wal_checkpoint(TRUNCATE);'],
      { encoding: 'utf8' })
    assert.equal(cp.status, 0, 'checkpoint: ' + cp.stderr)
    assert.match(cp.stdout, /^0\|/, 'the checkpoint was not blocked')
    filler = join(mnt, 'filler')
    fill(filler)
    assert.equal(statfsSync(mnt).bavail, 0, 'no free block left')

    // a form post: the 503 page with what was typed
    let res = await form(tom, '/diary/new', typed)
    assert.equal(res.status, 503)
    assert.equal(res.headers.get('retry-after'), '120')
    const html = await res.text()
    assert.match(html, /<h1>Tandem cannot save changes right now<\/h1>/)
    assert.ok(!html.includes('<b>"test"</b>'), 'the title is escaped')
    assert.ok(decode(html).includes(typed.title), 'the title is shown')
    const kept = keptInputs(html)
    assert.equal(kept.action, '/diary/new')
    for (const [k, v] of Object.entries(typed)) assert.equal(kept.fields[k], v, 'kept ' + k)

    // an upload: its temporary file meets ENOSPC; 503, not 500, and
    // the "shared" choice offered back, the file not
    res = await upload(chidi, `/relationships/${rel}/documents`, doc, { shared: 'true' })
    assert.equal(res.status, 503, 'the page upload')
    assert.equal(res.headers.get('retry-after'), '120')
    const up = await res.text()
    assert.match(up, /Files you chose are not kept/)
    const upKept = keptInputs(up)
    assert.equal(upKept.action, `/relationships/${rel}/documents`)
    assert.equal(upKept.fields.shared, 'true')
    assert.equal(upKept.fields.file, undefined, 'no file in the form')
    // dropped while the body was read, so already gone with the answer
    assert.deepEqual(readdirSync(join(data, 'tmp')), [], 'no temporary file left')
    // the page that offers the fields back (with a good CSRF token) is
    // drawn only after the CSRF check: a forged upload is still refused
    const forged = new FormData()
    forged.set('shared', 'true')
    forged.set('file', new Blob([doc.body], { type: 'text/plain' }), doc.name)
    res = await chidi.fetch(`/relationships/${rel}/documents`, { method: 'POST', body: forged })
    assert.equal(res.status, 403, 'an upload without the CSRF token is refused, full disk or not')
    assert.doesNotMatch(await res.text(), /Try again/)
    res = await upload(chidi, `/api/v1/relationships/${rel}/documents`, doc)
    assert.equal(res.status, 503, 'the API upload')
    assert.equal((await res.json()).error.code, 'unavailable')
    assert.deepEqual(readdirSync(join(data, 'tmp')), [], 'no temporary file left')
    assert.deepEqual(tree(join(data, 'files')), filesBefore, 'no stored file, whole or half')

    // reads keep working
    for (const path of readPages) assert.equal((await tom.fetch(path)).status, 200, 'during: ' + path)
    assert.equal((await chidi.fetch('/api/v1/documents')).status, 200)
    assert.equal((await fetch(srv.url + '/readyz')).status, 503)

    const log = srv.stderr()
    assert.equal(count(log, incidentLine), 1, 'one incident line:\n' + log)
    assert.equal(count(log, / 500 /), 0, 'no 500:\n' + log)
    assert.equal(count(log, /failed: /), 0, 'no per-request error line:\n' + log)

    // space comes back: no restart
    unlinkSync(filler)
    res = await tom.postForm(kept.action, kept.fields)
    assert.equal(res.status, 303, 'the kept diary entry is saved')
    const [page, entry] = await tom.page(res.headers.get('location'))
    assert.equal(page.status, 200)
    assert.ok(decode(entry).includes(typed.title))
    res = await upload(chidi, `/relationships/${rel}/documents`, doc, { shared: 'true' })
    assert.equal(res.status, 303, 'the upload goes through')
    // (its temporary file goes when the request completes, after the
    // answer: not checked here, tests/http/uploads.test.mjs does)
    assert.equal(tree(join(data, 'files')).length, filesBefore.length + 1, 'one file stored')
    assert.equal((await fetch(srv.url + '/readyz')).status, 200)
    const log2 = srv.stderr()
    assert.equal(count(log2, incidentLine), 1)
    assert.equal(count(log2, recoveredLine), 1, 'one recovery line:\n' + log2)
  })
})
