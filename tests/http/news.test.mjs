// HTTP tests of news and resources (MSG-3), pages and API twins: the
// demo's resources (Tandem's short guide and the code-of-practice
// placeholder) download for a participant; a scheme administrator
// publishes, changes and deletes news and resources (links and files);
// audiences filter lists and single items (a mentee never sees a
// mentors-only item, and its ids give 404); another scheme's items and
// administrator get 404; bad input comes back beside the field with what
// was typed (empty title, bad address, wrong kind of file, too large).
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { addElsewhere, demoPassword, startServer, Visitor } from '../lib/server.mjs'

let srv
before(async () => {
  srv = await startServer({ demo: true, dev: true })
  // a second scheme with an administrator of its own
  addElsewhere(srv)
})
after(async () => {
  const r = await srv.stop()
  assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
})

const visitors = {}
async function signedIn (username) {
  if (visitors[username]) return visitors[username]
  const v = new Visitor(srv.url)
  const res = await v.signIn(username, demoPassword)
  assert.equal(res.status, 303, `${username} signs in`)
  v.csrf = await v.token()
  visitors[username] = v
  return v
}

const form = (v, path, fields = {}) => v.postForm(path, { csrf_token: v.csrf, ...fields })
const api = (v, path, body = {}) => v.postJSON(path, body, { 'X-CSRF-Token': v.csrf })

function multipart (v, path, fields, file) {
  const fd = new FormData()
  fd.set('csrf_token', v.csrf)
  for (const [k, val] of Object.entries(fields)) fd.set(k, val)
  if (file) fd.set('file', new Blob([file.body], { type: file.type || 'application/octet-stream' }), file.name)
  return v.fetch(path, { method: 'POST', body: fd })
}

const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'

async function json (v, path) {
  const res = await v.fetch(path)
  assert.equal(res.status, 200, path)
  return res.json()
}

describe('the demo news and resources', () => {
  test('a mentee sees the guide and the code of practice, and downloads both', async () => {
    const tom = await signedIn('tom.hughes')
    const [res, html] = await tom.page('/resources')
    assert.equal(res.status, 200)
    assert.match(html, /<h1>Resources<\/h1>/)
    assert.match(html, /<h2 id="category-\d+">Guides<\/h2>/)
    assert.match(html, /Tandem: a short guide for mentees and mentors/)
    assert.match(html, /Code of practice \(placeholder\)/)
    assert.doesNotMatch(html, /Leadership Academy/, 'the mentors-only link is not listed')
    const list = (await json(tom, '/api/v1/resources')).resources
    assert.equal(list.length, 2)
    for (const r of list) {
      assert.equal(r.kind, 'file')
      const dl = await tom.fetch(r.file_url)
      assert.equal(dl.status, 200)
      assert.match(dl.headers.get('content-disposition'), /^attachment; filename="[^"]+\.txt"/)
      assert.match(dl.headers.get('content-type'), /^text\/plain/)
      const text = await dl.text()
      assert.ok(text.length > 200)
      assert.match(text, r.title.startsWith('Code') ? /PLACEHOLDER/ : /Raise a concern/)
      const api2 = await tom.fetch('/api/v1' + r.file_url)
      assert.equal(api2.status, 200)
    }
  })

  test('a mentor also sees the mentors-only link, with its domain and rel="noopener"', async () => {
    const chidi = await signedIn('chidi.okafor')
    const [, html] = await chidi.page('/resources')
    assert.match(html, /<a href="https:\/\/www\.leadershipacademy\.nhs\.uk\/" rel="noopener noreferrer external">NHS Leadership Academy/)
    assert.match(html, /Link to www\.leadershipacademy\.nhs\.uk/)
    const list = (await json(chidi, '/api/v1/resources')).resources
    assert.equal(list.length, 3)
    const link = list.find((r) => r.kind === 'link')
    assert.equal(link.domain, 'www.leadershipacademy.nhs.uk')
    assert.equal(link.audience, 'mentors')
    // a link has no file
    assert.equal((await chidi.fetch(`/resources/${link.id}/file`)).status, 404)
  })

  test('news: the mentee sees one item, the mentor two; the mentors-only one is 404 for the mentee', async () => {
    const tom = await signedIn('tom.hughes')
    const chidi = await signedIn('chidi.okafor')
    const tomNews = (await json(tom, '/api/v1/news')).news
    const chidiNews = (await json(chidi, '/api/v1/news')).news
    assert.equal(tomNews.length, 1)
    assert.equal(chidiNews.length, 2)
    const mentorsOnly = chidiNews.find((n) => n.audience === 'mentors')
    assert.equal((await tom.fetch(mentorsOnly.url)).status, 404)
    assert.equal((await tom.fetch('/api/v1' + mentorsOnly.url)).status, 404)
    const [res, html] = await chidi.page(mentorsOnly.url)
    assert.equal(res.status, 200)
    assert.match(html, /<h1>Mentor supervision group: next meeting<\/h1>/)
    assert.match(html, /<p>Bring a mentoring situation/)
    const one = await json(chidi, '/api/v1' + mentorsOnly.url)
    assert.match(one.body, /supervision group/)
    const [, list] = await tom.page('/news')
    assert.match(list, /Welcome to Aspire Mentoring on Tandem/)
  })

  test('the home page shows recent news and new resources for the audience', async () => {
    const tom = await signedIn('tom.hughes')
    let [, html] = await tom.page('/')
    assert.match(html, /<h2 class="nhsuk-card__heading nhsuk-heading-m" id="news-home-heading">News and resources<\/h2>/)
    assert.match(html, /Welcome to Aspire Mentoring on Tandem/)
    assert.match(html, /Tandem: a short guide for mentees and mentors/)
    assert.doesNotMatch(html, /Mentor supervision group/)
    const chidi = await signedIn('chidi.okafor')
    ;[, html] = await chidi.page('/')
    assert.match(html, /Mentor supervision group/)
    assert.match(html, /link to www\.leadershipacademy\.nhs\.uk/)
  })

  test('signed out: pages go to sign in, the API answers 401', async () => {
    const res = await fetch(srv.url + '/resources', { redirect: 'manual' })
    assert.ok([302, 303].includes(res.status), String(res.status))
    assert.equal((await fetch(srv.url + '/api/v1/resources')).status, 401)
    assert.equal((await fetch(srv.url + '/api/v1/news')).status, 401)
    assert.equal((await fetch(srv.url + '/resources/1/file', { redirect: 'manual' })).status === 200, false)
  })
})

describe('administrators publish', () => {
  test('news through the form: listed, shown to its audience, changed, deleted', async () => {
    const gareth = await signedIn('gareth.evans')
    let [res, html] = await gareth.page('/admin/schemes/1/news')
    assert.equal(res.status, 200)
    assert.match(html, /<h1>News and resources<\/h1>/)
    assert.match(html, /Welcome to Aspire Mentoring on Tandem/)
    ;[res, html] = await gareth.page('/admin/schemes/1/news/new')
    assert.equal(res.status, 200)
    assert.match(html, /name="published_day"/)

    res = await form(gareth, '/admin/schemes/1/news', {
      title: 'Mentee drop-in session', body: 'Come along on Friday.\n\nAll welcome.', audience: 'mentees'
    })
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/admin/schemes/1/news?done=news_added')
    const admin = await json(gareth, '/api/v1/admin/schemes/1/news')
    const item = admin.news.find((n) => n.title === 'Mentee drop-in session')
    assert.equal(item.audience, 'mentees')
    assert.equal(item.status, 'showing')
    assert.equal(item.published_on, admin.today)

    const tom = await signedIn('tom.hughes')
    const chidi = await signedIn('chidi.okafor')
    assert.equal((await tom.fetch(item.url)).status, 200)
    assert.equal((await chidi.fetch(item.url)).status, 404, 'mentees only')

    // change: for mentors only, from a future date (held back)
    ;[res, html] = await gareth.page(`/admin/news/${item.id}/edit`)
    assert.equal(res.status, 200)
    assert.match(html, /value="Mentee drop-in session"/)
    res = await form(gareth, `/admin/news/${item.id}/edit`, {
      title: 'Drop-in session', body: 'Friday', audience: 'all',
      published_day: '1', published_month: '1', published_year: '2099'
    })
    assert.equal(res.status, 303)
    assert.equal((await tom.fetch(item.url)).status, 404, 'not yet published')
    const changed = await json(gareth, `/api/v1/admin/news/${item.id}`)
    assert.equal(changed.status, 'scheduled')
    assert.equal(changed.published_on, '2099-01-01')

    // delete: confirm page, then gone
    ;[res, html] = await gareth.page(`/admin/news/${item.id}/delete`)
    assert.equal(res.status, 200)
    assert.match(html, /<h1>Delete Drop-in session\?<\/h1>/)
    res = await form(gareth, `/admin/news/${item.id}/delete`)
    assert.equal(res.status, 303)
    assert.equal((await gareth.fetch(`/api/v1/admin/news/${item.id}`)).status, 404)
  })

  test('news bad input: messages beside the fields, what was typed kept, 422', async () => {
    const gareth = await signedIn('gareth.evans')
    let res = await form(gareth, '/admin/schemes/1/news', {
      title: '', body: 'Typed body text', audience: 'all',
      published_day: '31', published_month: '2', published_year: '2026'
    })
    assert.equal(res.status, 422)
    let html = await res.text()
    assert.match(html, /<span class="nhsuk-error-message" id="title-error"><span class="nhsuk-u-visually-hidden">Error:<\/span> Enter a title<\/span>/)
    assert.match(html, /id="published_on-error"><span class="nhsuk-u-visually-hidden">Error:<\/span> Date published must be a real date/)
    assert.match(html, />Typed body text<\/textarea>/)
    assert.match(html, /<a href="#title">Enter a title<\/a>/)
    res = await form(gareth, '/admin/schemes/1/news', {
      title: 'T', body: 'B', audience: 'all', published_day: '10', published_month: '11',
      published_year: '2026', until_day: '9', until_month: '11', until_year: '2026'
    })
    assert.equal(res.status, 422)
    html = await res.text()
    assert.match(html, /Show until must be the same as or after the date published/)
    // the API: the same messages as fields
    res = await api(gareth, '/api/v1/admin/schemes/1/news', { title: '', body: '', audience: 'everyone' })
    assert.equal(res.status, 422)
    const err = (await res.json()).error
    assert.equal(err.fields.audience, 'Select who it is for')
    res = await api(gareth, '/api/v1/admin/schemes/1/news', { title: '', body: '', audience: 'all' })
    const err2 = (await res.json()).error
    assert.equal(err2.fields.title, 'Enter a title')
    assert.equal(err2.fields.body, 'Enter the news')
  })

  test('news API: create, read, change, delete', async () => {
    const gareth = await signedIn('gareth.evans')
    let res = await api(gareth, '/api/v1/admin/schemes/1/news', {
      title: 'API news', body: 'From the app', audience: 'all', published_on: '2026-11-01', show_until: '2099-12-31'
    })
    assert.equal(res.status, 201)
    const item = await res.json()
    assert.equal(item.title, 'API news')
    assert.equal(item.show_until, '2099-12-31')
    res = await api(gareth, `/api/v1/admin/news/${item.id}`, { title: 'API news 2', body: 'x', audience: 'mentors' })
    assert.equal(res.status, 200)
    assert.equal((await res.json()).audience, 'mentors')
    res = await gareth.fetch(`/api/v1/admin/news/${item.id}`, { method: 'DELETE', headers: { 'X-CSRF-Token': gareth.csrf } })
    assert.equal(res.status, 200)
    assert.equal((await res.json()).done, 'deleted')
  })

  test('resources: a link and a file, audience-filtered, the file 404 to the wrong audience', async () => {
    const gareth = await signedIn('gareth.evans')
    let [res, html] = await gareth.page('/admin/schemes/1/resources/new')
    assert.equal(res.status, 200)
    assert.match(html, /<option value="Guides"><\/option>/, 'existing categories offered')
    res = await multipart(gareth, '/admin/schemes/1/resources', {
      title: 'NHS England mentoring', description: 'Guidance', category: 'Further reading',
      audience: 'all', kind: 'link', url: 'https://www.england.nhs.uk/mentoring'
    })
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/admin/schemes/1/news?done=resource_added')
    res = await multipart(gareth, '/admin/schemes/1/resources', {
      title: 'Mentor handbook', category: 'Guides', audience: 'mentors', kind: 'file'
    }, { body: PDF, name: 'handbook.pdf', type: 'application/pdf' })
    assert.equal(res.status, 303)

    const admin = await json(gareth, '/api/v1/admin/schemes/1/news')
    const handbook = admin.resources.find((r) => r.title === 'Mentor handbook')
    assert.equal(handbook.file_type, 'PDF')
    assert.equal(handbook.filename, 'handbook.pdf')
    const tom = await signedIn('tom.hughes')
    const chidi = await signedIn('chidi.okafor')
    assert.equal((await tom.fetch(handbook.file_url)).status, 404, 'mentors only')
    assert.equal((await tom.fetch('/api/v1' + handbook.file_url)).status, 404)
    const dl = await chidi.fetch(handbook.file_url)
    assert.equal(dl.status, 200)
    assert.equal(dl.headers.get('content-type'), 'application/pdf')
    assert.match(dl.headers.get('content-disposition'), /attachment; filename="handbook\.pdf"/)
    const tomList = (await json(tom, '/api/v1/resources')).resources
    assert.ok(tomList.some((r) => r.title === 'NHS England mentoring'))
    assert.ok(!tomList.some((r) => r.title === 'Mentor handbook'))

    // change it to a link for everyone: the file goes
    ;[res, html] = await gareth.page(`/admin/resources/${handbook.id}/edit`)
    assert.match(html, /Now: <a href="\/resources\/\d+\/file" download>handbook\.pdf<\/a>/)
    res = await multipart(gareth, `/admin/resources/${handbook.id}/edit`, {
      title: 'Mentor handbook', category: 'Guides', audience: 'all', kind: 'link', url: 'https://example.org/handbook'
    })
    assert.equal(res.status, 303)
    assert.equal((await chidi.fetch(handbook.file_url)).status, 404)

    // delete
    res = await form(gareth, `/admin/resources/${handbook.id}/delete`)
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/admin/schemes/1/news?done=resource_deleted')
    assert.equal((await gareth.fetch(`/api/v1/admin/resources/${handbook.id}`)).status, 404)
  })

  test('resources API: a link as JSON, a file as multipart', async () => {
    const gareth = await signedIn('gareth.evans')
    let res = await api(gareth, '/api/v1/admin/schemes/1/resources', {
      title: 'API link', audience: 'mentees', kind: 'link', url: 'http://example.org/x'
    })
    assert.equal(res.status, 201)
    const link = await res.json()
    assert.equal(link.domain, 'example.org')
    assert.equal(link.category, 'General')
    res = await multipart(gareth, '/api/v1/admin/schemes/1/resources', {
      title: 'API file', audience: 'all', kind: 'file'
    }, { body: 'Plain notes', name: 'notes.txt' })
    assert.equal(res.status, 201)
    const file = await res.json()
    assert.equal(file.file_type, 'Text file')
    res = await gareth.fetch(`/api/v1/admin/resources/${link.id}`, { method: 'DELETE', headers: { 'X-CSRF-Token': gareth.csrf } })
    assert.equal(res.status, 200)
    res = await api(gareth, `/api/v1/admin/resources/${file.id}/delete`)
    assert.equal(res.status, 200)
  })

  test('resources bad input: title, address, kind of file, size; the form keeps what was typed', async () => {
    const gareth = await signedIn('gareth.evans')
    let res = await multipart(gareth, '/admin/schemes/1/resources', {
      title: '', description: 'Kept description', category: 'Kept category', audience: 'all',
      kind: 'link', url: 'javascript:alert(1)'
    })
    assert.equal(res.status, 422)
    let html = await res.text()
    assert.match(html, /id="title-error"><span class="nhsuk-u-visually-hidden">Error:<\/span> Enter a title/)
    assert.match(html, /id="url-error"><span class="nhsuk-u-visually-hidden">Error:<\/span> Enter a web address that starts with https:\/\/ or http:\/\//)
    assert.match(html, />Kept description<\/textarea>/)
    assert.match(html, /value="Kept category"/)
    assert.match(html, /value="javascript:alert\(1\)"/)

    res = await multipart(gareth, '/admin/schemes/1/resources', {
      title: 'Program', audience: 'all', kind: 'file'
    }, { body: Buffer.from('4d5a90000300000004000000ffff0000', 'hex'), name: 'setup.pdf' })
    assert.equal(res.status, 422)
    html = await res.text()
    assert.match(html, /id="file-error"><span class="nhsuk-u-visually-hidden">Error:<\/span> The file must be a PDF, Word, Excel, PowerPoint, OpenDocument, text, PNG or JPEG file/)

    res = await multipart(gareth, '/admin/schemes/1/resources', { title: 'No file', audience: 'all', kind: 'file' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /Select a file to upload/)

    res = await api(gareth, '/api/v1/admin/schemes/1/resources', { title: 'x', audience: 'all', kind: 'link', url: 'ftp://example.org' })
    assert.equal(res.status, 422)
    assert.match((await res.json()).error.fields.url, /starts with https:\/\//)

    // the scheme's size limit (1 MB here): the message beside the field
    res = await form(gareth, '/admin/schemes/1/content', { rule: 'metadata', max_mb: '1', types: 'txt' })
    assert.equal(res.status, 303)
    res = await multipart(gareth, '/admin/schemes/1/resources', {
      title: 'Too big', audience: 'all', kind: 'file'
    }, { body: 'a'.repeat(1024 * 1024 + 10), name: 'big.txt' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /The file must be smaller than 1 MB/)
    res = await multipart(gareth, '/admin/schemes/1/resources', {
      title: 'A PDF', audience: 'all', kind: 'file'
    }, { body: PDF, name: 'a.pdf' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /The file must be a text file/)
    res = await form(gareth, '/admin/schemes/1/content', {
      rule: 'metadata', max_mb: '10', types: ['pdf', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'txt', 'png', 'jpeg']
    })
  })
})

describe('refusals', () => {
  test('participants cannot reach the administration (403), API included', async () => {
    const tom = await signedIn('tom.hughes')
    for (const path of ['/admin/schemes/1/news', '/admin/schemes/1/news/new', '/api/v1/admin/schemes/1/news',
      '/admin/schemes/1/resources/new']) {
      const res = await tom.fetch(path)
      assert.equal(res.status, 403, path)
    }
    let res = await form(tom, '/admin/schemes/1/news', { title: 'x', body: 'y', audience: 'all' })
    assert.equal(res.status, 403)
    res = await api(tom, '/api/v1/admin/schemes/1/resources', { title: 'x', audience: 'all', kind: 'link', url: 'https://a.org' })
    assert.equal(res.status, 403)
  })

  test("another scheme's administrator gets 404 for this scheme's pages and items; its items are 404 here", async () => {
    const olga = await signedIn('olga.other')
    const gareth = await signedIn('gareth.evans')
    const mine = await json(gareth, '/api/v1/admin/schemes/1/news')
    const newsId = mine.news[0].id
    const resId = mine.resources[0].id
    for (const path of ['/admin/schemes/1/news', '/admin/schemes/1/news/new', `/admin/news/${newsId}/edit`,
      `/admin/news/${newsId}/delete`, `/admin/resources/${resId}/edit`, `/api/v1/admin/news/${newsId}`,
      `/api/v1/admin/resources/${resId}`, `/admin/schemes/1/resources/new`]) {
      const res = await olga.fetch(path)
      assert.equal(res.status, 404, path)
    }
    let res = await form(olga, '/admin/schemes/1/news', { title: 'x', body: 'y', audience: 'all' })
    assert.equal(res.status, 404)
    res = await form(olga, `/admin/news/${newsId}/delete`)
    assert.equal(res.status, 404)
    res = await api(olga, `/api/v1/admin/resources/${resId}/delete`)
    assert.equal(res.status, 404)
    assert.equal((await gareth.fetch(`/api/v1/admin/news/${newsId}`)).status, 200, 'still there')

    // Olga's own scheme: her news is not shown in Aspire
    const schemes = await json(olga, '/api/v1/me')
    const other = (schemes.views || []).find((v) => v.role === 'scheme_admin')
    assert.ok(other, 'olga administers a scheme')
    res = await api(olga, `/api/v1/admin/schemes/${other.scheme_id}/news`, { title: 'Elsewhere news', body: 'x', audience: 'all' })
    assert.equal(res.status, 201)
    const theirs = await res.json()
    const tom = await signedIn('tom.hughes')
    assert.equal((await tom.fetch(theirs.url)).status, 404)
    assert.ok(!(await json(tom, '/api/v1/news')).news.some((n) => n.title === 'Elsewhere news'))
    // and gareth does not administer it
    assert.equal((await gareth.fetch(`/api/v1/admin/news/${theirs.id}`)).status, 404)
  })
})
