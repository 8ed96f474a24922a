// HTTP tests of notes and documents (NOTE-1 to NOTE-3), the administrators'
// rule (NOTE-2, ADM-8) and read-only past relationships (REL-4, REL-5).
//
// The access matrix, for a note and a document, each via HTML and API:
// the author; the partner (shared: 200; not shared: 404, never 403); an
// administrator (metadata rule: listed without content, opening 403;
// open rule: shared 200 and an audit row, private 404); another pair's
// mentor and another scheme's administrator (404); a signed-out visitor
// (sign-in redirect, 401 for the API); guessed ids (404).  Upload
// refusals: HTML and an ELF renamed .pdf, over the scheme's limit, path
// tricks in the name, an empty file.  After completion every write is
// 409 and every read still 200.  The content.shared email on sharing,
// none on unsharing.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { addElsewhere, demoPassword, startServer, tandem, Visitor } from '../lib/server.mjs'

const hasSqlite = spawnSync('sqlite3', ['-version']).status === 0
let srv
const who = {}
const v = {}
let chidiTom // the demo's live pair (chidi.okafor mentors tom.hughes)
let jamesAmy // assigned here, completed in the last part

before(async () => {
  srv = await startServer({ demo: true, dev: true })
  addElsewhere(srv)
  for (const name of ['chidi.okafor', 'tom.hughes', 'gareth.evans', 'james.li', 'amy.clarke',
    'olga.other']) {
    v[name] = await signedIn(name)
    who[name] = (await (await v[name].fetch('/api/v1/me')).json()).id
  }
  const rels = await (await v['chidi.okafor'].fetch('/api/v1/relationships?status=current')).json()
  chidiTom = rels.relationships[0].id
  const res = await api(v['gareth.evans'], `/api/v1/admin/users/${who['amy.clarke']}/assign`,
    { scheme_id: 1, mentor_id: who['james.li'], override_reason: 'Test pair for notes' })
  const body = await res.text()
  assert.equal(res.status, 201, body)
  jamesAmy = JSON.parse(body).id
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

function upload (vis, path, file, fields = {}) {
  const fd = new FormData()
  fd.set('csrf_token', vis.csrf)
  for (const [k, val] of Object.entries(fields)) fd.set(k, val)
  if (file) fd.set('file', new Blob([file.body], { type: file.type || 'application/octet-stream' }), file.name)
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
const sql = (q) => {
  const r = spawnSync('sqlite3', [join(srv.data, 'tandem.db'), q], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return r.stdout.trim()
}

const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'
const HTML = '<!DOCTYPE html><html><body><script>alert(1)</script></body></html>'
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)])

const ids = {} // notes and documents made below

describe('NOTE-1: notes, private or shared', () => {
  test('the author adds notes; bad input comes back with the message and the text', async () => {
    const chidi = v['chidi.okafor']
    let res = await form(chidi, `/relationships/${chidiTom}/notes`, { text: '   ' })
    assert.equal(res.status, 422)
    let html = await res.text()
    assert.match(html, /There is a problem/)
    assert.match(html, /<a href="#text">Enter the note<\/a>/)
    assert.match(html, /id="text-error"/)
    res = await form(chidi, `/relationships/${chidiTom}/notes`, { text: 'x'.repeat(10001), shared: 'true' })
    assert.equal(res.status, 422)
    html = await res.text()
    assert.match(html, /10000 characters or fewer/)
    assert.match(html, /x{10001}<\/textarea>/, 'what was typed comes back')
    assert.match(html, /id="shared" name="shared" type="checkbox" value="true" checked/)
    res = await api(chidi, `/api/v1/relationships/${chidiTom}/notes`, { text: '' })
    assert.equal(res.status, 422)
    assert.equal((await res.json()).error.fields.text, 'Enter the note')

    res = await form(chidi, `/relationships/${chidiTom}/notes`, { text: 'Private thoughts\nabout <b>Tom</b>' })
    assert.equal(res.status, 303)
    assert.match(res.headers.get('location'), /\/relationships\/\d+\/notes\?done=note_added/)
    const before = outbox().length
    res = await api(chidi, `/api/v1/relationships/${chidiTom}/notes`, { text: 'Shared agenda:\n1. goals\n2. <script>x</script>', shared: true })
    assert.equal(res.status, 201)
    const shared = await res.json()
    assert.equal(shared.is_shared, true)
    assert.equal(shared.text, 'Shared agenda:\n1. goals\n2. <script>x</script>')
    ids.shared = shared.id
    const list = await (await chidi.fetch(`/api/v1/relationships/${chidiTom}/notes`)).json()
    assert.equal(list.notes.note_count, 2)
    ids.private = list.notes.notes.find((n) => !n.is_shared).id
    // the partner is told about the shared one, without its text
    const mails = outbox().slice(before)
    assert.equal(mails.length, 1)
    assert.equal(mails[0].to, 'tom.hughes@northfield.example.nhs.uk')
    const body = mailBody(mails[0].id)
    assert.match(body, new RegExp(`/notes/${ids.shared}`))
    assert.doesNotMatch(body, /agenda|goals/)
  })

  test('the page shows the text escaped, with its line breaks', async () => {
    const [res, html] = await v['chidi.okafor'].page(`/notes/${ids.shared}`)
    assert.equal(res.status, 200)
    assert.match(html, /<div class="tandem-notes-text">Shared agenda:\n1\. goals\n2\. &lt;script&gt;x&lt;\/script&gt;<\/div>/)
    const [, rel] = await v['chidi.okafor'].page(`/relationships/${chidiTom}`)
    assert.match(rel, /id="notes">\s*<h2>Notes and documents<\/h2>/)
    assert.match(rel, /Private thoughts about &lt;b&gt;Tom&lt;\/b&gt;/)
  })

  test('the partner sees the shared note, never the private one (404, not 403)', async () => {
    const tom = v['tom.hughes']
    assert.equal((await tom.fetch(`/notes/${ids.shared}`)).status, 200)
    assert.equal((await tom.fetch(`/api/v1/notes/${ids.shared}`)).status, 200)
    assert.equal((await tom.fetch(`/notes/${ids.private}`)).status, 404)
    assert.equal((await tom.fetch(`/api/v1/notes/${ids.private}`)).status, 404)
    const j = await (await tom.fetch(`/api/v1/relationships/${chidiTom}`)).json()
    assert.deepEqual(j.notes.notes.map((n) => n.id), [ids.shared])
    const [, html] = await tom.page(`/relationships/${chidiTom}`)
    assert.doesNotMatch(html, /Private thoughts/)
    // the partner may read it but not change it
    assert.equal((await form(tom, `/notes/${ids.shared}/edit`, { text: 'mine now' })).status, 403)
    assert.equal((await form(tom, `/notes/${ids.shared}/share`, { shared: 'false' })).status, 403)
    assert.equal((await form(tom, `/notes/${ids.shared}/delete`)).status, 403)
    assert.equal((await tom.fetch(`/notes/${ids.shared}/edit`)).status, 403)
    // a private one is as if absent for every verb
    assert.equal((await form(tom, `/notes/${ids.private}/edit`, { text: 'x' })).status, 404)
    assert.equal((await form(tom, `/notes/${ids.private}/delete`)).status, 404)
    assert.equal((await api(tom, `/api/v1/notes/${ids.private}/share`, { shared: true })).status, 404)
  })

  test('unsharing hides it from the partner at once, and tells no one', async () => {
    const chidi = v['chidi.okafor']
    const before = outbox().length
    let res = await form(chidi, `/notes/${ids.shared}/share`, { shared: 'false', back: 'note' })
    assert.equal(res.status, 303)
    assert.match(res.headers.get('location'), new RegExp(`/notes/${ids.shared}\\?done=unshared`))
    assert.equal((await v['tom.hughes'].fetch(`/notes/${ids.shared}`)).status, 404)
    assert.equal(outbox().length, before, 'no email on unsharing')
    res = await api(chidi, `/api/v1/notes/${ids.shared}/share`, { shared: true })
    assert.equal(res.status, 200)
    assert.equal((await res.json()).is_shared, true)
    assert.equal((await v['tom.hughes'].fetch(`/notes/${ids.shared}`)).status, 200)
    assert.equal(outbox().length, before + 1, 'sharing again tells the partner again')
  })

  test('edit and delete by the author, with a confirmation page', async () => {
    const chidi = v['chidi.okafor']
    let res = await form(chidi, `/notes/${ids.private}/edit`, { text: '' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /Enter the note/)
    res = await form(chidi, `/notes/${ids.private}/edit`, { text: 'Changed\ntext' })
    assert.equal(res.status, 303)
    let j = await (await chidi.fetch(`/api/v1/notes/${ids.private}`)).json()
    assert.equal(j.text, 'Changed\ntext')
    res = await api(chidi, `/api/v1/notes/${ids.private}`, { text: 'By the API' })
    assert.equal(res.status, 200)
    assert.equal((await res.json()).text, 'By the API')
    res = await api(chidi, `/api/v1/relationships/${chidiTom}/notes`, { text: 'to delete' })
    const gone = (await res.json()).id
    const [page, html] = await chidi.page(`/notes/${gone}/delete`)
    assert.equal(page.status, 200)
    assert.match(html, /Delete note/)
    res = await form(chidi, `/notes/${gone}/delete`, { back: 'notes' })
    assert.equal(res.status, 303)
    assert.equal((await chidi.fetch(`/notes/${gone}`)).status, 404)
    res = await api(chidi, `/api/v1/relationships/${chidiTom}/notes`, { text: 'to delete by API' })
    j = await res.json()
    res = await chidi.fetch(`/api/v1/notes/${j.id}`, { method: 'DELETE', headers: { 'X-CSRF-Token': chidi.csrf } })
    assert.equal(res.status, 200)
    assert.equal((await chidi.fetch(`/api/v1/notes/${j.id}`)).status, 404)
  })
})

describe('NOTE-1, NOTE-3: documents', () => {
  test('upload, list, download with a safe name and the detected type', async () => {
    const chidi = v['chidi.okafor']
    const before = outbox().length
    let res = await upload(chidi, `/relationships/${chidiTom}/documents`,
      { body: PDF, name: 'Séance plan v2.pdf', type: 'text/html' }, { shared: 'true' })
    assert.equal(res.status, 303)
    assert.match(res.headers.get('location'), /done=document_added/)
    res = await upload(chidi, `/api/v1/relationships/${chidiTom}/documents`,
      { body: 'my own reflections\n', name: 'reflections.txt' })
    assert.equal(res.status, 201)
    const priv = await res.json()
    assert.equal(priv.kind, 'txt')
    assert.equal(priv.is_shared, false)
    ids.docPrivate = priv.id
    const list = await (await chidi.fetch('/api/v1/documents')).json()
    const pdf = list.documents.find((d) => d.kind === 'pdf')
    ids.doc = pdf.id
    assert.equal(pdf.filename, 'Séance plan v2.pdf')
    assert.equal(pdf.type, 'PDF')
    assert.equal(outbox().length, before + 1, 'the partner is told about the shared one')

    const tom = v['tom.hughes']
    res = await tom.fetch(`/documents/${ids.doc}/download`)
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'application/pdf')
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
    assert.equal(res.headers.get('content-disposition'),
      'attachment; filename="S__ance plan v2.pdf"; filename*=UTF-8\'\'S%C3%A9ance%20plan%20v2.pdf')
    assert.equal(await res.text(), PDF)
    assert.equal((await tom.fetch(`/api/v1/documents/${ids.doc}/download`)).status, 200)
    // the private one is not the partner's to know about
    assert.equal((await tom.fetch(`/documents/${ids.docPrivate}/download`)).status, 404)
    assert.equal((await form(tom, `/documents/${ids.docPrivate}/share`, { shared: 'true' })).status, 404)
    assert.equal((await form(tom, `/documents/${ids.doc}/delete`)).status, 403)

    // the Documents page: name, file type, who shared it and when
    const [page, html] = await tom.page('/documents')
    assert.equal(page.status, 200)
    assert.match(html, /Séance plan v2\.pdf/)
    assert.match(html, /Chidi Okafor/)
    assert.doesNotMatch(html, /reflections/)
    assert.match(html, /Upload a document/)
    const tj = await (await tom.fetch('/api/v1/documents')).json()
    assert.deepEqual(tj.documents.map((d) => d.id), [ids.doc])
    assert.ok(tj.documents[0].shared_on)
  })

  test('uploads from the Documents page go to the live relationship', async () => {
    const tom = v['tom.hughes']
    const res = await upload(tom, '/documents', { body: 'notes for our meeting', name: 'agenda.txt' }, { shared: 'true' })
    assert.equal(res.status, 303)
    assert.match(res.headers.get('location'), /\/documents\?done=document_added/)
    const j = await (await v['chidi.okafor'].fetch(`/api/v1/relationships/${chidiTom}/notes`)).json()
    assert.ok(j.notes.documents.some((d) => d.filename === 'agenda.txt' && d.author_name === 'Tom Hughes'))
  })

  test('refused by content, not name: HTML and an ELF renamed .pdf', async () => {
    const chidi = v['chidi.okafor']
    for (const [body, name] of [[HTML, 'report.pdf'], [ELF, 'report.pdf'], [HTML, 'page.txt']]) {
      let res = await upload(chidi, `/relationships/${chidiTom}/documents`, { body, name, type: 'application/pdf' })
      assert.equal(res.status, 422, name)
      const html = await res.text()
      assert.match(html, /The file must be a PDF, Word, Excel, PowerPoint, OpenDocument, text, PNG or JPEG file/)
      assert.match(html, /id="file-error"/)
      res = await upload(chidi, `/api/v1/relationships/${chidiTom}/documents`, { body, name })
      assert.equal(res.status, 422)
      assert.match((await res.json()).error.fields.file, /must be a PDF/)
    }
  })

  test('an empty file, and no file', async () => {
    const chidi = v['chidi.okafor']
    let res = await upload(chidi, `/relationships/${chidiTom}/documents`, { body: '', name: 'empty.pdf' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /The selected file is empty/)
    res = await upload(chidi, `/relationships/${chidiTom}/documents`, null, { shared: 'true' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /Select a file to upload/)
  })

  test('path tricks and control characters in the name are cleaned', async () => {
    const chidi = v['chidi.okafor']
    for (const [name, want] of [['../../etc/passwd', 'passwd.txt'],
      ['..\\..\\windows\\win.ini', 'win.txt'], ['.hidden.txt', 'hidden.txt']]) {
      const res = await upload(chidi, `/api/v1/relationships/${chidiTom}/documents`, { body: 'plain text', name })
      assert.equal(res.status, 201, name)
      const d = await res.json()
      assert.equal(d.filename, want, name)
      const dl = await chidi.fetch(`/documents/${d.id}/download`)
      assert.match(dl.headers.get('content-disposition'), new RegExp(`filename="${want.replace('.', '\\.')}"`))
      await dl.arrayBuffer()
    }
  })

  test('the scheme\'s size limit, checked in app', async () => {
    const gareth = v['gareth.evans']
    // a repeated field (types=pdf&types=txt) is posted by hand
    let res = await gareth.fetch('/admin/schemes/1/content', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([['csrf_token', gareth.csrf], ['rule', 'metadata'], ['max_mb', '1'],
        ['types', 'pdf'], ['types', 'txt']]).toString()
    })
    assert.equal(res.status, 303)
    const big = 'a'.repeat(1024 * 1024 + 1)
    res = await upload(v['chidi.okafor'], `/relationships/${chidiTom}/documents`, { body: big, name: 'big.txt' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /The file must be smaller than 1 MB/)
    // only the scheme's kinds, named in the message
    const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
      '1f15c4890000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082', 'hex')
    res = await upload(v['chidi.okafor'], `/relationships/${chidiTom}/documents`, { body: PNG, name: 'p.png' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /The file must be a PDF or text file/)
    res = await api(gareth, '/api/v1/admin/schemes/1/content', { rule: 'metadata', max_mb: 10,
      types: ['pdf', 'docx', 'xlsx', 'pptx', 'odt', 'txt', 'png', 'jpeg'] })
    assert.equal(res.status, 200)
    assert.equal((await res.json()).max_kb, 10240)
    // just over the default 10 MB: the form comes back with the message
    const over = 'b'.repeat(10 * 1024 * 1024 + 10)
    res = await upload(v['chidi.okafor'], `/relationships/${chidiTom}/documents`, { body: over, name: 'over.txt' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /The file must be smaller than 10 MB/)
    // a scheme that allows 20 MB takes a file larger than the server's
    // max_upload (10 MB): document routes are bounded by their own ceiling
    res = await api(gareth, '/api/v1/admin/schemes/1/content', { rule: 'metadata', max_mb: 20,
      types: ['pdf', 'docx', 'xlsx', 'pptx', 'odt', 'txt', 'png', 'jpeg'] })
    assert.equal(res.status, 200)
    res = await upload(v['chidi.okafor'], `/api/v1/relationships/${chidiTom}/documents`, { body: over, name: 'over.txt' })
    assert.equal(res.status, 201)
    res = await api(gareth, '/api/v1/admin/schemes/1/content', { rule: 'metadata', max_mb: 10,
      types: ['pdf', 'docx', 'xlsx', 'pptx', 'odt', 'txt', 'png', 'jpeg'] })
    assert.equal(res.status, 200)
  })
})

describe('NOTE-2, ADM-8: administrators', () => {
  test('the settings page: only the scheme\'s administrators; bad input kept', async () => {
    const gareth = v['gareth.evans']
    let [res, html] = await gareth.page('/admin/schemes/1/content')
    assert.equal(res.status, 200)
    assert.match(html, /Administrators see only that notes and documents exist \(who, when, file type\)/)
    assert.match(html, /Administrators can open documents and notes the pair has shared/)
    assert.equal((await v['olga.other'].fetch('/admin/schemes/1/content')).status, 404)
    assert.equal((await api(v['olga.other'], '/api/v1/admin/schemes/1/content', { rule: 'open', max_mb: 5, types: ['pdf'] })).status, 404)
    assert.equal((await v['tom.hughes'].fetch('/admin/schemes/1/content')).status, 403)
    res = await form(gareth, '/admin/schemes/1/content', { rule: 'open', max_mb: '99' })
    assert.equal(res.status, 422)
    html = await res.text()
    assert.match(html, /from 1 to 50/)
    assert.match(html, /Select at least one kind of file/)
    assert.match(html, /value="99"/)
    assert.match(html, /id="rule-open" name="rule" type="radio" value="open" checked/)
  })

  test('metadata rule: shared items listed without content, opening is 403, private ones absent', async () => {
    const gareth = v['gareth.evans']
    const [res, html] = await gareth.page(`/relationships/${chidiTom}`)
    assert.equal(res.status, 200)
    assert.match(html, /see only that shared notes and documents exist/)
    assert.doesNotMatch(html, /Shared agenda|Séance plan|reflections|By the API/)
    const j = await (await gareth.fetch(`/api/v1/relationships/${chidiTom}`)).json()
    assert.ok(j.notes.notes.length >= 1)
    assert.ok(j.notes.notes.every((n) => n.is_shared && n.excerpt === undefined && n.url === ''))
    assert.ok(j.notes.documents.every((d) => d.is_shared && d.filename === ''))
    assert.equal((await gareth.fetch(`/notes/${ids.shared}`)).status, 403)
    assert.equal((await gareth.fetch(`/api/v1/notes/${ids.shared}`)).status, 403)
    assert.equal((await gareth.fetch(`/documents/${ids.doc}/download`)).status, 403)
    assert.equal((await gareth.fetch(`/notes/${ids.private}`)).status, 404)
    assert.equal((await gareth.fetch(`/documents/${ids.docPrivate}/download`)).status, 404)
    // administrators never change content
    assert.equal((await form(gareth, `/relationships/${chidiTom}/notes`, { text: 'admin note' })).status, 403)
    assert.equal((await form(gareth, `/notes/${ids.shared}/share`, { shared: 'false' })).status, 403)
  })

  test('open rule: shared items open, each opening audited; private ones still 404', { skip: !hasSqlite && 'no sqlite3 command' }, async () => {
    const gareth = v['gareth.evans']
    const res = await gareth.fetch('/admin/schemes/1/content', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([['csrf_token', gareth.csrf], ['rule', 'open'], ['max_mb', '10'],
        ['types', 'pdf'], ['types', 'txt'], ['types', 'docx']]).toString()
    })
    assert.equal(res.status, 303)
    assert.match(sql("SELECT detail FROM audit_log WHERE action = 'scheme.content_settings' ORDER BY id DESC LIMIT 1"),
      /before: administrators see metadata only.*after: administrators open shared content/)
    const count = (subject) => Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'content.view' AND subject = '${subject}' AND actor_id = ${who['gareth.evans']}`))
    const [page, html] = await gareth.page(`/notes/${ids.shared}`)
    assert.equal(page.status, 200)
    assert.match(html, /Shared agenda/)
    assert.match(html, /recorded in the audit log/)
    assert.equal(count(`note:${ids.shared}`), 1)
    assert.equal((await gareth.fetch(`/api/v1/notes/${ids.shared}`)).status, 200)
    assert.equal(count(`note:${ids.shared}`), 2)
    const dl = await gareth.fetch(`/documents/${ids.doc}/download`)
    assert.equal(dl.status, 200)
    await dl.arrayBuffer()
    assert.equal(count(`document:${ids.doc}`), 1)
    assert.equal((await gareth.fetch(`/notes/${ids.private}`)).status, 404)
    assert.equal((await gareth.fetch(`/documents/${ids.docPrivate}/download`)).status, 404)
    assert.equal(count(`note:${ids.private}`), 0)
    const [, rel] = await gareth.page(`/relationships/${chidiTom}`)
    assert.doesNotMatch(rel, /Shared agenda/, 'lists never show content, only links')
    assert.match(rel, new RegExp(`href="/notes/${ids.shared}"`))
  })

  test('others: another pair\'s mentor, another scheme\'s administrator, guessed ids, signed out', async () => {
    for (const name of ['james.li', 'olga.other']) {
      const vis = v[name]
      for (const path of [`/notes/${ids.shared}`, `/api/v1/notes/${ids.shared}`, `/notes/${ids.private}`,
        `/documents/${ids.doc}/download`, `/api/v1/documents/${ids.doc}/download`,
        `/relationships/${chidiTom}/notes`, `/api/v1/relationships/${chidiTom}/notes`]) {
        assert.equal((await vis.fetch(path)).status, 404, `${name} ${path}`)
      }
      assert.equal((await form(vis, `/notes/${ids.shared}/share`, { shared: 'false' })).status, 404)
      assert.equal((await form(vis, `/relationships/${chidiTom}/notes`, { text: 'hello' })).status, 404)
      assert.equal((await upload(vis, `/relationships/${chidiTom}/documents`, { body: PDF, name: 'x.pdf' })).status, 404)
    }
    const chidi = v['chidi.okafor']
    for (const path of ['/notes/999999', '/api/v1/notes/999999', '/documents/999999/download',
      '/relationships/999999/notes', '/notes/999999/edit']) {
      assert.equal((await chidi.fetch(path)).status, 404, path)
    }
    const anon = new Visitor(srv.url)
    let res = await anon.fetch(`/notes/${ids.shared}`)
    assert.equal(res.status, 303)
    assert.match(res.headers.get('location'), /\/sign-in/)
    res = await anon.fetch('/documents')
    assert.equal(res.status, 303)
    assert.equal((await anon.fetch(`/api/v1/notes/${ids.shared}`)).status, 401)
    assert.equal((await anon.fetch(`/api/v1/documents/${ids.doc}/download`)).status, 401)
    assert.equal((await anon.fetch('/api/v1/documents')).status, 401)
  })
})

describe('REL-4, REL-5: after completion, read-only', () => {
  test('what the viewer wrote or was shared stays readable; every write is 409', async () => {
    const james = v['james.li']
    const amy = v['amy.clarke']
    let res = await api(james, `/api/v1/relationships/${jamesAmy}/notes`, { text: 'Mentor private' })
    const jPrivate = (await res.json()).id
    res = await api(amy, `/api/v1/relationships/${jamesAmy}/notes`, { text: 'Mentee shared', shared: true })
    const aShared = (await res.json()).id
    res = await upload(james, `/api/v1/relationships/${jamesAmy}/documents`, { body: PDF, name: 'plan.pdf' }, { shared: 'true' })
    const jDoc = (await res.json()).id
    res = await api(james, `/api/v1/relationships/${jamesAmy}/complete`, { end_date: new Date().toISOString().slice(0, 10) })
    assert.equal(res.status, 200)
    await res.arrayBuffer()

    // reads
    assert.equal((await james.fetch(`/notes/${jPrivate}`)).status, 200)
    assert.equal((await james.fetch(`/notes/${aShared}`)).status, 200)
    assert.equal((await amy.fetch(`/notes/${aShared}`)).status, 200)
    assert.equal((await amy.fetch(`/notes/${jPrivate}`)).status, 404)
    const dl = await amy.fetch(`/documents/${jDoc}/download`)
    assert.equal(dl.status, 200)
    assert.equal(await dl.text(), PDF)
    let [page, html] = await amy.page(`/relationships/${jamesAmy}/notes`)
    assert.equal(page.status, 200)
    assert.match(html, /This relationship has ended/)
    assert.doesNotMatch(html, /Add a note|Upload document|Stop sharing/)
    ;[page, html] = await amy.page('/documents')
    assert.match(html, /plan\.pdf/)
    assert.match(html, /\(ended\)/)

    // writes
    const refusals = [
      [james, `/relationships/${jamesAmy}/notes`, { text: 'late' }],
      [james, `/notes/${jPrivate}/edit`, { text: 'late' }],
      [james, `/notes/${jPrivate}/share`, { shared: 'true' }],
      [james, `/notes/${jPrivate}/delete`, {}],
      [amy, `/notes/${aShared}/share`, { shared: 'false' }],
      [james, `/documents/${jDoc}/share`, { shared: 'false' }],
      [james, `/documents/${jDoc}/delete`, {}]
    ]
    for (const [vis, path, fields] of refusals) {
      assert.equal((await form(vis, path, fields)).status, 409, path)
      const r = await api(vis, '/api/v1' + path.replace(/\/edit$/, ''), fields)
      assert.equal(r.status, 409, 'api ' + path)
      assert.match((await r.json()).error.message, /has ended/)
    }
    assert.equal((await james.fetch(`/notes/${jPrivate}/edit`)).status, 409)
    assert.equal((await james.fetch(`/notes/${jPrivate}/delete`)).status, 409)
    assert.equal((await upload(james, `/relationships/${jamesAmy}/documents`, { body: PDF, name: 'late.pdf' })).status, 409)
    assert.equal((await upload(james, `/api/v1/relationships/${jamesAmy}/documents`, { body: PDF, name: 'late.pdf' })).status, 409)
    // no live relationship left for James: the Documents page explains
    ;[page, html] = await james.page('/documents')
    assert.match(html, /You have none at the moment/)
    assert.equal((await upload(james, '/documents', { body: PDF, name: 'late.pdf' })).status, 409)
  })
})
