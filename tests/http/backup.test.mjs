// HTTP tests of `tandem backup`, `tandem restore` and `tandem check`
// (issue 12): a backup taken while writes run through HTTP is restored
// into a new directory, a server started on it has every write that was
// acknowledged before the backup started (notes, chat messages, uploaded
// documents with the same bytes), and check passes; check fails on a
// missing stored file and on a damaged database page.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, openSync, writeSync, closeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bin, startServer, signedIn, api, tandem } from '../lib/server.mjs'

const work = mkdtempSync(join(tmpdir(), 'tandem-backup-'))
const servers = []
after(async () => {
  for (const s of servers) await s.stop()
  rmSync(work, { recursive: true, force: true })
})

// tandem on the command line without blocking the event loop, so the
// writers keep going while it runs
function tandemAsync (args) {
  return new Promise((resolve) => {
    const c = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''; let stderr = ''
    c.stdout.on('data', (d) => { stdout += d })
    c.stderr.on('data', (d) => { stderr += d })
    c.on('exit', (status) => resolve({ status, stdout, stderr }))
  })
}

function upload (vis, path, name, body) {
  const fd = new FormData()
  fd.set('csrf_token', vis.csrf)
  fd.set('shared', 'true')
  fd.set('file', new Blob([body], { type: 'text/plain' }), name)
  return vis.fetch(path, { method: 'POST', body: fd })
}

const sqlite = (db, q) => {
  const r = spawnSync('sqlite3', [db, q], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return r.stdout.trim()
}

const archive = join(work, 'backup.tar')
const restored = { dir: null }

test('a backup taken while writes run restores every acknowledged write, files byte for byte', async () => {
  const srv = await startServer({ demo: true })
  servers.push(srv)
  const chidi = await signedIn(srv, 'chidi.okafor')
  const tom = await signedIn(srv, 'tom.hughes')

  // every write the server acknowledged, and whether that was before
  // the backup started
  const notes = []; const chats = []; const docs = []
  let started = false; let stop = false
  const chidiWrites = (async () => {
    for (let i = 0; !stop; i++) {
      const text = `Backup note ${i}`
      const res = await api(chidi, '/api/v1/relationships/1/notes', { text, shared: true })
      assert.equal(res.status, 201)
      const before = !started
      notes.push({ id: (await res.json()).id, text, before })
      if (i % 3 === 0) {
        const body = `document ${i}\n` + 'x'.repeat(200 + i)
        const r = await upload(chidi, '/api/v1/relationships/1/documents', `doc-${i}.txt`, body)
        assert.equal(r.status, 201)
        docs.push({ id: (await r.json()).id, body, before: !started })
      }
    }
  })()
  const tomWrites = (async () => {
    // at most 150: one poll answers up to 200 messages
    for (let i = 0; !stop && i < 150; i++) {
      const text = `Backup chat ${i}`
      const res = await api(tom, '/api/v1/chats/1', { text })
      assert.equal(res.status, 201)
      chats.push({ id: (await res.json()).id, text, before: !started })
    }
  })()

  while (notes.length < 15) await new Promise((resolve) => setTimeout(resolve, 20))
  started = true
  const b = await tandemAsync(['backup', '--data', srv.data, '--to', archive])
  assert.equal(b.status, 0, b.stderr)
  assert.match(b.stdout, /^Wrote .*backup\.tar: [\d.]+ (KB|MB)\./)
  assert.match(b.stdout, /stored files: \d+ \(/)
  const during = notes.length
  while (notes.length < during + 5) await new Promise((resolve) => setTimeout(resolve, 20))
  stop = true
  await Promise.all([chidiWrites, tomWrites])
  assert.ok(notes.some((n) => !n.before), 'writes went on while the backup ran')
  console.log(`notes ${notes.length} (${notes.filter((n) => n.before).length} before), chats ${chats.length}, documents ${docs.length}`)
  assert.equal(statSync(archive).mode & 0o777, 0o600, 'the backup is readable by its owner only')
  assert.deepEqual(readdirSync(join(srv.data, 'tmp')), [], 'no staging left behind')

  // the live directory checks clean while the server runs
  const live = tandem(['check', '--data', srv.data])
  assert.equal(live.status, 0, live.stdout + live.stderr)

  // restore into a new directory and serve it
  const copy = await startServer({
    prepare (data) {
      const r = tandem(['restore', '--from', archive, '--data', data])
      assert.equal(r.status, 0, r.stderr)
      assert.match(r.stdout, /Restored .* all checked\./)
      const c = tandem(['check', '--data', data])
      assert.equal(c.status, 0, c.stdout + c.stderr)
      assert.match(c.stdout, /integrity_check ok, foreign_key_check ok/)
      assert.match(c.stdout, /All is well\./)
      restored.dir = data
    }
  })
  servers.push(copy)
  const chidi2 = await signedIn(copy, 'chidi.okafor')
  const tom2 = await signedIn(copy, 'tom.hughes')

  const got = (await (await chidi2.fetch('/api/v1/relationships/1/notes')).json()).notes.notes
  const byId = new Map(got.map((n) => [n.id, n.text ?? n.excerpt]))
  for (const n of notes.filter((x) => x.before)) assert.equal(byId.get(n.id), n.text, `note ${n.id}`)
  // the snapshot is one moment: no later write without every earlier one
  const present = notes.map((n) => byId.has(n.id))
  assert.equal(present.indexOf(false) === -1 ? present.length : present.indexOf(false),
    present.filter(Boolean).length, 'a prefix of the notes, no gaps')

  const poll = await (await tom2.fetch('/api/v1/chats/1/messages?after=0&visible=true')).json()
  const chatIds = new Set(poll.messages.map((m) => m.id))
  for (const c of chats.filter((x) => x.before)) assert.ok(chatIds.has(c.id), `chat message ${c.id}`)

  for (const d of docs.filter((x) => x.before)) {
    const res = await chidi2.fetch(`/api/v1/documents/${d.id}/download`)
    assert.equal(res.status, 200, `document ${d.id}`)
    assert.equal(await res.text(), d.body, `document ${d.id} has the same bytes`)
  }
  // every stored file of the copy is the original's, byte for byte
  const files = readdirSync(join(copy.data, 'files'))
  assert.ok(files.length >= docs.filter((x) => x.before).length + 2)
  for (const f of files) {
    assert.deepEqual(readFileSync(join(copy.data, 'files', f)), readFileSync(join(srv.data, 'files', f)), f)
  }
  const r = await copy.stop({ keep: true })
  assert.equal(r.code, 0, r.stderr)
  servers.pop()
})

test('restore refuses a directory that is not empty, and a damaged archive', () => {
  assert.ok(restored.dir, 'the first test restored a copy')
  let r = tandem(['restore', '--from', archive, '--data', restored.dir])
  assert.equal(r.status, 1)
  assert.match(r.stderr, /not empty/)
  const damaged = join(work, 'damaged.tar')
  const bytes = readFileSync(archive)
  bytes[512 + 3000] ^= 0x55 // inside the database snapshot
  const fd = openSync(damaged, 'w'); writeSync(fd, bytes); closeSync(fd)
  const fresh = join(work, 'fresh')
  r = tandem(['restore', '--from', damaged, '--data', fresh])
  assert.equal(r.status, 1)
  assert.match(r.stderr, /tandem\.db does not match the MANIFEST/)
  assert.match(r.stderr, /nothing was restored/)
  assert.throws(() => statSync(fresh), 'nothing left behind')
})

test('check fails on a missing stored file and on a damaged database page', () => {
  const dir = restored.dir
  const files = readdirSync(join(dir, 'files'))
  unlinkSync(join(dir, 'files', files[0]))
  let r = tandem(['check', '--data', dir])
  assert.equal(r.status, 1)
  assert.match(r.stdout, new RegExp(`MISSING: files/${files[0]} \\(\\w+ row \\d+\\)`))
  assert.match(r.stdout, /Problems were found\./)

  const db = join(dir, 'tandem.db')
  const [page, size] = sqlite(db, "SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_schema WHERE name = 'notes'").split('|').map(Number)
  const fd = openSync(db, 'r+')
  writeSync(fd, Buffer.alloc(size, 0xa5), 0, size, (page - 1) * size)
  closeSync(fd)
  r = tandem(['check', '--data', dir])
  assert.equal(r.status, 1)
  assert.match(r.stdout, /PROBLEM: /)
  assert.doesNotMatch(r.stdout, /All is well/)
})
