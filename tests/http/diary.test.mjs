// HTTP tests of the learning diary (NOTE-4) and guides (NOTE-6): the
// diary's access matrix (author; partner with the entry shared and not;
// the scheme's administrator under each content rule; another pair's
// mentor; a signed-out visitor; HTML and API; guessed ids), sharing and
// its refusals (no relationship link 422, ended relationship 409), the
// partner's email, bad input (422, typed values kept), My activity's
// model; guides: the participant's list, pages, progress remembered
// across sign-ins, the reflection prompt's prefilled entry; guide
// management and its refusals (non-admin 403, other scheme's admin 404,
// bad input 422 with values kept), ordering and publishing.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { addElsewhere, demoPassword, startServer, tandem, Visitor } from '../lib/server.mjs'

let srv
before(async () => {
  srv = await startServer({ demo: true, dev: true })
  addElsewhere(srv)
})
after(async () => {
  const r = await srv.stop()
  assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
})

const sql = (q) => {
  const r = spawnSync('sqlite3', [join(srv.data, 'tandem.db'), q], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return r.stdout.trim()
}
async function signedIn (username) {
  const v = new Visitor(srv.url)
  const res = await v.signIn(username, demoPassword)
  assert.equal(res.status, 303, `${username} signs in`)
  v.csrf = await v.token()
  return v
}
const form = (v, path, fields = {}) => v.postForm(path, { csrf_token: v.csrf, ...fields })
const api = (v, path, body = {}) => v.postJSON(path, body, { 'X-CSRF-Token': v.csrf })
const today = () => new Date().toISOString().slice(0, 10)

describe('learning diary (NOTE-4)', () => {
  let tom, chidi, gareth, fatima, olga
  let shared, priv
  before(async () => {
    tom = await signedIn('tom.hughes')
    chidi = await signedIn('chidi.okafor')
    gareth = await signedIn('gareth.evans')
    fatima = await signedIn('fatima.begum')
    olga = await signedIn('olga.other')
  })

  test('the mentee writes entries through the form and the API', async () => {
    let res = await form(tom, '/diary/new', { title: 'My first reflection', entry_day: '3',
      entry_month: '2', entry_year: '2026', body: 'Private thoughts\n\nSecond paragraph',
      relationship_id: '1' })
    assert.equal(res.status, 303)
    priv = Number(res.headers.get('location').match(/\/diary\/(\d+)/)[1])
    res = await api(tom, '/api/v1/diary', { title: 'To share', entry_date: today(),
      body: 'For Chidi', relationship_id: 1 })
    assert.equal(res.status, 201)
    const e = await res.json()
    shared = e.id
    assert.equal(e.is_shared, false)
    assert.equal(e.relationship, 'Mentored by Chidi Okafor')
    const [r2, html] = await tom.page('/diary')
    assert.equal(r2.status, 200)
    assert.ok(html.indexOf('To share') < html.indexOf('My first reflection'), 'newest first')
  })

  test('bad input: 422, message beside the field, typed values kept', async () => {
    let res = await form(tom, '/diary/new', { title: '', entry_day: '31', entry_month: '2',
      entry_year: '2026', body: 'kept text' })
    assert.equal(res.status, 422)
    const html = await res.text()
    assert.match(html, /Enter a title for your diary entry/)
    assert.match(html, /Date must be a real date/)
    assert.match(html, /kept text/)
    assert.match(html, /name="entry_day" type="text" inputmode="numeric" value="31"/)
    res = await api(tom, '/api/v1/diary', { title: 'x', entry_date: today(), body: 'y'.repeat(10001) })
    assert.equal(res.status, 422)
    assert.ok((await res.json()).error.fields.body)
    res = await api(tom, '/api/v1/diary', { title: 'x', entry_date: today(), relationship_id: 999 })
    assert.equal(res.status, 422)
    assert.match((await res.json()).error.fields.relationship_id, /your mentoring relationships/)
  })

  test('sharing: refused without a link, emails the partner, partner reads it', async () => {
    let res = await api(tom, '/api/v1/diary', { title: 'Unlinked', entry_date: today() })
    const unlinked = (await res.json()).id
    res = await api(tom, `/api/v1/diary/${unlinked}/share`, { shared: true })
    assert.equal(res.status, 422)
    res = await api(tom, `/api/v1/diary/${shared}/share`, { shared: true })
    assert.equal(res.status, 200)
    assert.equal((await res.json()).is_shared, true)
    const out = tandem(['outbox', '--data', srv.data]).stdout
    assert.match(out, /chidi\.okafor@\S+\s+Tom Hughes shared a learning diary entry with you/)
    res = await chidi.fetch(`/api/v1/diary/${shared}`)
    assert.equal(res.status, 200)
    assert.equal((await res.json()).body, 'For Chidi')
    const [r2, html] = await chidi.page('/diary')
    assert.equal(r2.status, 200)
    assert.match(html, /Shared with you/)
    assert.match(html, /To share/)
    assert.doesNotMatch(html, /My first reflection/)
    // the partner may read, never change
    assert.equal((await chidi.fetch(`/diary/${shared}/edit`)).status, 404)
    assert.equal((await api(chidi, `/api/v1/diary/${shared}`, { title: 'x', entry_date: today() })).status, 404)
    assert.equal((await api(chidi, `/api/v1/diary/${shared}/delete`)).status, 404)
    assert.equal((await api(chidi, `/api/v1/diary/${shared}/share`, { shared: false })).status, 404)
  })

  test('access matrix: nobody else reads an entry (404), administrators included', async () => {
    for (const rule of [0, 1]) {
      sql(`UPDATE scheme_settings SET admin_sees_documents = ${rule} WHERE scheme_id = 1`)
      for (const id of [priv, shared]) {
        for (const v of [gareth, fatima, olga]) {
          assert.equal((await v.fetch(`/diary/${id}`)).status, 404, `rule ${rule} entry ${id}`)
          assert.equal((await v.fetch(`/api/v1/diary/${id}`)).status, 404)
          assert.equal((await v.fetch(`/diary/${id}/edit`)).status, 404)
          assert.equal((await form(v, `/diary/${id}/delete`)).status, 404)
        }
      }
      const [, html] = await gareth.page('/diary')
      assert.doesNotMatch(html, /To share|My first reflection/)
    }
    // the partner without sharing
    assert.equal((await chidi.fetch(`/diary/${priv}`)).status, 404)
    assert.equal((await chidi.fetch(`/api/v1/diary/${priv}`)).status, 404)
    // guessed ids
    assert.equal((await tom.fetch('/diary/999999')).status, 404)
    assert.equal((await tom.fetch('/api/v1/diary/999999')).status, 404)
    // signed out
    const anon = new Visitor(srv.url)
    assert.equal((await anon.fetch(`/diary/${priv}`)).status, 303)
    assert.equal((await anon.fetch(`/api/v1/diary/${priv}`)).status, 401)
    assert.equal((await anon.fetch('/api/v1/diary')).status, 401)
  })

  test('unsharing hides it from the partner at once', async () => {
    let res = await form(tom, `/diary/${shared}/share`, { shared: 'false' })
    assert.equal(res.status, 303)
    assert.equal((await chidi.fetch(`/api/v1/diary/${shared}`)).status, 404)
    res = await form(tom, `/diary/${shared}/share`, { shared: 'true' })
    assert.equal(res.status, 303)
    assert.equal((await chidi.fetch(`/diary/${shared}`)).status, 200)
  })

  test('My activity model and the edit form', async () => {
    const [res, html] = await tom.page(`/diary/${priv}/edit`)
    assert.equal(res.status, 200)
    assert.match(html, /value="My first reflection"/)
    const r2 = await form(tom, `/diary/${priv}/edit`, { title: 'Renamed', entry_day: '4',
      entry_month: '2', entry_year: '2026', body: 'b', relationship_id: '1' })
    assert.equal(r2.status, 303)
    assert.equal((await (await tom.fetch(`/api/v1/diary/${priv}`)).json()).title, 'Renamed')
  })

  test('after the relationship ends: the shared entry stays readable, sharing is 409', async () => {
    sql("UPDATE relationships SET status = 'completed', ended_at = 1 WHERE id = 1")
    try {
      assert.equal((await chidi.fetch(`/api/v1/diary/${shared}`)).status, 200)
      let res = await api(tom, `/api/v1/diary/${priv}/share`, { shared: true })
      assert.equal(res.status, 409)
      res = await api(tom, `/api/v1/diary/${shared}`, { title: 'changed', entry_date: today() })
      assert.equal(res.status, 409)
      res = await api(tom, `/api/v1/diary/${shared}/share`, { shared: false })
      assert.equal(res.status, 200)
      assert.equal((await chidi.fetch(`/api/v1/diary/${shared}`)).status, 404)
    } finally {
      sql("UPDATE relationships SET status = 'active', ended_at = NULL WHERE id = 1")
    }
  })

  test('delete asks first, then deletes', async () => {
    const [res, html] = await tom.page(`/diary/${priv}/delete`)
    assert.equal(res.status, 200)
    assert.match(html, /Delete the entry/)
    const r2 = await form(tom, `/diary/${priv}/delete`)
    assert.equal(r2.status, 303)
    assert.equal((await tom.fetch(`/diary/${priv}`)).status, 404)
  })
})

describe('guides (NOTE-6)', () => {
  test('participants see the published guides with progress remembered across sign-ins', async () => {
    let tom = await signedIn('tom.hughes')
    let res = await tom.fetch('/api/v1/guides')
    const list = (await res.json()).guides
    assert.equal(list.length, 4)
    assert.equal(list[0].title, 'Preparing for mentoring')
    assert.equal(list[0].progress, 'Not started')
    const [r1, html] = await tom.page('/guides')
    assert.equal(r1.status, 200)
    assert.match(html, /Read these before completing your profile/)
    const g = list[1]
    const [r2, page] = await tom.page(`/guides/${g.id}/pages/1`)
    assert.equal(r2.status, 200)
    assert.match(page, /Mark as read and continue/)
    res = await form(tom, `/guides/${g.id}/pages/1/read`)
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), `/guides/${g.id}/pages/2`)
    tom = await signedIn('tom.hughes')
    const again = (await (await tom.fetch('/api/v1/guides')).json()).guides[1]
    assert.equal(again.pages_read, 1)
    assert.equal(again.progress, `1 of ${g.pages} pages read`)
    for (let n = 2; n <= g.pages; n++) await form(tom, `/guides/${g.id}/pages/${n}/read`)
    const done = (await (await tom.fetch(`/api/v1/guides/${g.id}`)).json())
    assert.equal(done.progress, 'Completed')
    assert.ok(done.completed_at > 0)
    assert.equal((await tom.fetch(`/guides/${g.id}/pages/99`)).status, 404)
  })

  test('a reflection prompt opens a prefilled diary entry', async () => {
    const tom = await signedIn('tom.hughes')
    const [, page] = await tom.page('/guides/1/pages/1')
    const m = page.match(/href="\/diary\/new\?guide_page=(\d+)"/)
    assert.ok(m, 'the prompt link')
    const [res, html] = await tom.page(`/diary/new?guide_page=${m[1]}`)
    assert.equal(res.status, 200)
    assert.match(html, /value="Reflection: What mentoring is"/)
    assert.match(html, /What do you hope mentoring will give you/)
  })

  test('unpublished guides and other schemes\' guides are 404 for participants', async () => {
    const gareth = await signedIn('gareth.evans')
    let res = await api(gareth, '/api/v1/admin/guides/4/publish', { published: false })
    assert.equal(res.status, 200)
    const tom = await signedIn('tom.hughes')
    assert.equal((await tom.fetch('/guides/4')).status, 404)
    assert.equal((await tom.fetch('/api/v1/guides/4/pages/1')).status, 404)
    assert.equal((await gareth.fetch('/guides/4')).status, 200, 'the administrator previews')
    res = await api(gareth, '/api/v1/admin/guides/4/publish', { published: true })
    assert.equal(res.status, 200)
    const olga = await signedIn('olga.other')
    assert.equal((await olga.fetch('/guides/1')).status, 404)
  })

  test('administrators manage guides; refusals', async () => {
    const gareth = await signedIn('gareth.evans')
    const [r0, list] = await gareth.page('/admin/schemes/1/guides')
    assert.equal(r0.status, 200)
    assert.match(list, /Ending well/)
    assert.match(list, /\/admin\/schemes\/1\/journey/)
    let res = await form(gareth, '/admin/schemes/1/guides', { title: '', summary: 'kept summary',
      audience: 'mentors' })
    assert.equal(res.status, 422)
    const html = await res.text()
    assert.match(html, /Enter a title for the guide/)
    assert.match(html, /kept summary/)
    res = await form(gareth, '/admin/schemes/1/guides', { title: 'For mentors', audience: 'mentors',
      published: 'true' })
    assert.equal(res.status, 303)
    const id = Number(res.headers.get('location').match(/guides\/(\d+)/)[1])
    res = await form(gareth, `/admin/guides/${id}/pages/new`, { title: '', body: 'typed body' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /typed body/)
    res = await api(gareth, `/api/v1/admin/guides/${id}/pages`, { title: 'Page A', body: 'Text A',
      prompt: 'Think?' })
    assert.equal(res.status, 201)
    res = await api(gareth, `/api/v1/admin/guides/${id}/pages`, { title: 'Page B', body: 'Text B' })
    const pageB = (await res.json()).id
    res = await api(gareth, `/api/v1/admin/guide-pages/${pageB}/move`, { direction: 'up' })
    assert.equal(res.status, 200)
    assert.deepEqual((await res.json()).page_list.map(p => p.title), ['Page B', 'Page A'])
    res = await api(gareth, `/api/v1/admin/guide-pages/${pageB}/move`, { direction: 'up' })
    assert.equal(res.status, 409)
    res = await api(gareth, `/api/v1/admin/guides/${id}/move`, { direction: 'up' })
    assert.equal(res.status, 200)
    assert.equal((await res.json()).guides[3].title, 'For mentors')
    // audience: the mentee does not see it, a mentor does
    const tom = await signedIn('tom.hughes')
    assert.equal((await tom.fetch(`/guides/${id}`)).status, 404)
    const chidi = await signedIn('chidi.okafor')
    assert.equal((await chidi.fetch(`/guides/${id}`)).status, 200)
    // refusals
    assert.equal((await tom.fetch('/admin/schemes/1/guides')).status, 403)
    assert.equal((await api(tom, `/api/v1/admin/guides/${id}`, { title: 'x', audience: 'all' })).status, 403)
    const olga = await signedIn('olga.other')
    assert.equal((await olga.fetch('/admin/schemes/1/guides')).status, 404)
    assert.equal((await olga.fetch(`/admin/guides/${id}`)).status, 404)
    assert.equal((await api(olga, `/api/v1/admin/guides/${id}/delete`)).status, 404)
    assert.equal((await api(olga, `/api/v1/admin/guide-pages/${pageB}`, { title: 'x', body: 'y' })).status, 404)
    assert.equal((await api(olga, '/api/v1/admin/schemes/1/guides', { title: 'x', audience: 'all' })).status, 404)
    // audited, then deleted
    assert.ok(Number(sql("SELECT count(*) FROM audit_log WHERE action LIKE 'guide.%'")) >= 5)
    res = await form(gareth, `/admin/guides/${id}/delete`)
    assert.equal(res.status, 303)
    assert.equal((await gareth.fetch(`/admin/guides/${id}`)).status, 404)
  })
})
