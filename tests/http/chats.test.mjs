// HTTP tests of chats (MSG-1): one conversation per relationship.
//
// Unread counts (the side menu's badge, the list, the home card; opening
// marks read, the poll only when visible), sending and bad input (the
// message beside the field, the text kept, 422), drafts (saved without
// JavaScript, restored, cleared by sending; the API twin), the poll
// (?after=ID returns only newer messages, edits and deletions through
// ?since=T), editing for 5 minutes and deleting while unread (dev
// clock), the email throttle (one per conversation per 15 minutes while
// unread, again at once after reading; never the text), refusals
// (signed out, another pair's ids 404, administrators 403, a message of
// another conversation 404) and read-only after completion (409, reading
// stays).
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { startServer, Visitor, demoPassword, tandem, bin } from '../lib/server.mjs'

let srv
const who = {}
const v = {}
let chidiTom // the demo pair (chidi.okafor mentors tom.hughes)
let jamesAmy // assigned here: another pair

before(async () => {
  srv = await startServer({ demo: true, dev: true })
  const u = spawnSync(bin, ['user', 'add', '--data', srv.data, '--username', 'olga.other',
    '--email', 'olga.other@example.nhs.uk', '--name', 'Olga Other'],
  { input: demoPassword + '\n', encoding: 'utf8' })
  assert.equal(u.status, 0, u.stderr)
  for (const name of ['chidi.okafor', 'tom.hughes', 'gareth.evans', 'james.li', 'amy.clarke', 'olga.other']) {
    v[name] = await signedIn(name)
    who[name] = (await (await v[name].fetch('/api/v1/me')).json()).id
  }
  const rels = await (await v['chidi.okafor'].fetch('/api/v1/relationships?status=current')).json()
  chidiTom = rels.relationships[0].id
  const res = await api(v['gareth.evans'], `/api/v1/admin/users/${who['amy.clarke']}/assign`,
    { scheme_id: 1, mentor_id: who['james.li'], override_reason: 'Test pair for chats' })
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
async function json (vis, path, status = 200) {
  const res = await vis.fetch(path)
  const text = await res.text()
  assert.equal(res.status, status, path + ': ' + text)
  return JSON.parse(text)
}
// the poll as chat.js makes it: POST with the CSRF header
async function pollPost (vis, rel, body) {
  const res = await api(vis, `/api/v1/chats/${rel}/messages`, body)
  const text = await res.text()
  assert.equal(res.status, 200, text)
  return JSON.parse(text)
}
async function advance (seconds) {
  const res = await api(v['gareth.evans'], '/_dev/clock', { advance: seconds })
  assert.equal(res.status, 200)
}
async function send (vis, rel, text) {
  const res = await api(vis, `/api/v1/chats/${rel}`, { text })
  const body = await res.text()
  assert.equal(res.status, 201, body)
  return JSON.parse(body)
}
// the side menu's badge as a page shows it
async function badge (vis) {
  const [, html] = await vis.page('/help')
  const m = html.match(/href="\/chats">Chats(?: <span[^>]*>(\d+)<\/span>)?/)
  assert.ok(m, 'the Chats menu item is there')
  return m[1] ? Number(m[1]) : 0
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
const chatMails = (to) => outbox().filter((m) => m.to === to && /New chat message from/.test(m.subject))
function mailBody (id) {
  const r = tandem(['outbox', '--data', srv.data, '--show', String(id)])
  assert.equal(r.status, 0, r.stderr)
  return r.stdout
}
const TOM = 'tom.hughes@northfield.example.nhs.uk'

describe('MSG-1: unread counts', () => {
  test('the demo leaves one message unread by Tom: menu, list and home page say so', async () => {
    const tom = v['tom.hughes']
    assert.equal(await badge(tom), 1)
    assert.equal(await badge(v['chidi.okafor']), 0)
    const list = await json(tom, '/api/v1/chats')
    assert.equal(list.unread, 1)
    const c = list.chats.find((x) => x.relationship_id === chidiTom)
    assert.equal(c.unread, 1)
    assert.equal(c.other_name, 'Chidi Okafor')
    assert.match(c.last_excerpt, /Bring it to our next session/)
    const [, list2] = await tom.page('/chats')
    assert.match(list2, /1 unread/)
    assert.match(list2, new RegExp(`href="/chats/${chidiTom}"`))
    const [, home] = await tom.page('/')
    assert.match(home, /Unread chat messages/)
    const [, chidiHome] = await v['chidi.okafor'].page('/')
    assert.doesNotMatch(chidiHome, /Unread chat messages/, 'nothing when there is nothing unread')
  })

  test('opening the conversation marks it read; the page shows where the new ones start', async () => {
    const tom = v['tom.hughes']
    const [res, html] = await tom.page(`/chats/${chidiTom}`)
    assert.equal(res.status, 200)
    assert.match(html, /<h1>Chat with Chidi Okafor<\/h1>/)
    assert.match(html, /id="new-messages"/)
    assert.match(html, /role="log"/)
    assert.match(html, /js\/chat\.js/)
    assert.equal(await badge(tom), 0)
    const [, again] = await tom.page(`/chats/${chidiTom}`)
    assert.doesNotMatch(again, /id="new-messages"/)
  })

  test('a new message counts; the poll marks read only when the page is visible', async () => {
    const tom = v['tom.hughes']
    const before = await json(tom, `/api/v1/chats/${chidiTom}/messages?after=0`)
    const newest = Math.max(...before.messages.map((m) => m.id))
    const m = await send(v['chidi.okafor'], chidiTom, 'Are you free on Friday?')
    assert.equal(m.is_mine, true)
    assert.equal(await badge(tom), 1)
    let poll = await json(tom, `/api/v1/chats/${chidiTom}/messages?after=${newest}&visible=false`)
    assert.deepEqual(poll.messages.map((x) => x.id), [m.id], 'only the newer message')
    assert.equal(poll.messages[0].text, 'Are you free on Friday?')
    assert.equal(poll.messages[0].is_mine, false)
    assert.equal(await badge(tom), 1, 'a hidden page reads nothing')
    poll = await pollPost(tom, chidiTom, { after: newest, visible: true })
    assert.equal(poll.my_read_id, m.id)
    assert.equal(await badge(tom), 0)
    poll = await pollPost(tom, chidiTom, { after: m.id, visible: true })
    assert.deepEqual(poll.messages, [], 'nothing newer')
    assert.equal(typeof poll.now, 'number')
    // Chidi's page learns that Tom has read it
    poll = await json(v['chidi.okafor'], `/api/v1/chats/${chidiTom}/messages?after=${m.id}`)
    assert.equal(poll.other_read_id, m.id)
  })

  test('MSG-1: what a hidden poll fetched is read by the next visible poll (after = it)', async () => {
    const tom = v['tom.hughes']
    const chidi = v['chidi.okafor']
    const start = await pollPost(tom, chidiTom, { after: 0, visible: true })
    const newest = Math.max(...start.messages.map((x) => x.id))
    const m = await send(chidi, chidiTom, 'Fetched while the tab was hidden')
    // the hidden tab fetches it (and reads nothing)
    let poll = await pollPost(tom, chidiTom, { after: newest, visible: false })
    assert.deepEqual(poll.messages.map((x) => x.id), [m.id])
    assert.equal(poll.my_read_id, newest)
    assert.equal(await badge(tom), 1)
    // the tab becomes visible: its next poll starts after that message
    poll = await pollPost(tom, chidiTom, { after: m.id, visible: true })
    assert.deepEqual(poll.messages, [], 'nothing newer comes back')
    assert.equal(poll.my_read_id, m.id, 'but what the page holds is read')
    assert.equal(await badge(tom), 0)
    const list = await json(tom, '/api/v1/chats')
    assert.equal(list.chats.find((x) => x.relationship_id === chidiTom).unread, 0)
    poll = await json(chidi, `/api/v1/chats/${chidiTom}/messages?after=${m.id}`)
    assert.equal(poll.other_read_id, m.id, 'the sender sees it read')
    // an `after` beyond the conversation marks no more than is there
    const m2 = await send(chidi, chidiTom, 'And one more')
    poll = await pollPost(tom, chidiTom, { after: m2.id + 1000, visible: true })
    assert.equal(poll.my_read_id, m2.id, 'capped at the newest message to me')
    const later = await send(chidi, chidiTom, 'Still unread')
    assert.equal(await badge(tom), 1, 'a later message is unread')
    await pollPost(tom, chidiTom, { after: later.id, visible: true })
  })

  test('MSG-1: a GET, or a POST without the CSRF header, never marks read (no cross-site reading)', async () => {
    const tom = v['tom.hughes']
    const chidi = v['chidi.okafor']
    const m = await send(chidi, chidiTom, 'Did you get my last one?')
    assert.equal(await badge(tom), 1)
    // what a link on another site could do: a top-level GET with the cookie
    let res = await tom.fetch(`/api/v1/chats/${chidiTom}/messages?after=0&visible=true`)
    assert.equal(res.status, 200, 'the poll still answers')
    const body = await res.json()
    assert.ok(body.messages.some((x) => x.id === m.id))
    assert.ok(body.my_read_id < m.id)
    assert.equal(await badge(tom), 1, 'a GET marks nothing read')
    // the POST twin without the token is refused by the server
    res = await tom.postJSON(`/api/v1/chats/${chidiTom}/messages`, { after: 0, visible: true })
    assert.equal(res.status, 403)
    res = await tom.postJSON(`/api/v1/chats/${chidiTom}/messages`, { after: 0, visible: true },
      { 'X-CSRF-Token': 'x'.repeat(43) })
    assert.equal(res.status, 403)
    assert.equal(await badge(tom), 1)
    const poll = await pollPost(tom, chidiTom, { after: 0, visible: true })
    assert.equal(poll.my_read_id, m.id, 'with the header it does')
    assert.equal(await badge(tom), 0)
  })

  test('the POST poll: bad input is 422, another pair 404, an administrator 403', async () => {
    const tom = v['tom.hughes']
    let res = await api(tom, `/api/v1/chats/${chidiTom}/messages`, { after: -1 })
    assert.equal(res.status, 422)
    res = await api(v['amy.clarke'], `/api/v1/chats/${chidiTom}/messages`, { after: 0, visible: true })
    assert.equal(res.status, 404)
    res = await api(v['gareth.evans'], `/api/v1/chats/${chidiTom}/messages`, { after: 0, visible: true })
    assert.equal(res.status, 403)
  })
})

describe('MSG-1: sending and bad input', () => {
  test('the form posts without JavaScript and comes back to the conversation', async () => {
    const tom = v['tom.hughes']
    const res = await form(tom, `/chats/${chidiTom}`, { text: 'Friday works. <b>See you</b>\nThanks' })
    assert.equal(res.status, 303)
    assert.match(res.headers.get('location'), new RegExp(`^/chats/${chidiTom}#message-\\d+$`))
    const [, html] = await v['chidi.okafor'].page(`/chats/${chidiTom}`)
    assert.match(html, /Friday works\. &lt;b&gt;See you&lt;\/b&gt;\nThanks/, 'escaped, line break kept')
  })

  test('an empty or too long message: the error beside the field, the text kept, 422', async () => {
    const tom = v['tom.hughes']
    let res = await form(tom, `/chats/${chidiTom}`, { text: '   ' })
    assert.equal(res.status, 422)
    let html = await res.text()
    assert.match(html, /There is a problem/)
    assert.match(html, /<a href="#text">Enter a message<\/a>/)
    assert.match(html, /id="text-error"(?! hidden)/)
    const long = 'y'.repeat(4001)
    res = await form(tom, `/chats/${chidiTom}`, { text: long })
    assert.equal(res.status, 422)
    html = await res.text()
    assert.match(html, /<a href="#text">Enter your message in 4,000 characters or fewer<\/a>/)
    assert.doesNotMatch(html, /Your message in|4000 characters/)
    assert.match(html, /y{4001}<\/textarea>/, 'what was typed comes back')
    res = await api(tom, `/api/v1/chats/${chidiTom}`, { text: '' })
    assert.equal(res.status, 422)
    assert.equal((await res.json()).error.fields.text, 'Enter a message')
  })
})

describe('MSG-1: drafts', () => {
  test('"Save draft" works without JavaScript; the draft comes back; sending clears it', async () => {
    const tom = v['tom.hughes']
    let res = await form(tom, `/chats/${chidiTom}/draft`, { text: 'Half a thought about the fellowship' })
    assert.equal(res.status, 303)
    assert.match(res.headers.get('location'), /done=draft/)
    let [, html] = await tom.page(`/chats/${chidiTom}?done=draft`)
    assert.match(html, /Your draft has been saved/)
    assert.match(html, />Half a thought about the fellowship<\/textarea>/)
    // Chidi never sees it
    ;[, html] = await v['chidi.okafor'].page(`/chats/${chidiTom}`)
    assert.doesNotMatch(html, /Half a thought/)
    assert.equal((await json(tom, `/api/v1/chats/${chidiTom}`)).draft, 'Half a thought about the fellowship')
    const list = await json(tom, '/api/v1/chats')
    assert.equal(list.chats.find((x) => x.relationship_id === chidiTom).has_draft, true)
    // the API twin (what chat.js calls as you type)
    res = await api(tom, `/api/v1/chats/${chidiTom}/draft`, { text: 'A better thought' })
    assert.equal(res.status, 200)
    assert.equal((await json(tom, `/api/v1/chats/${chidiTom}`)).draft, 'A better thought')
    res = await api(tom, `/api/v1/chats/${chidiTom}/draft`, { text: 'z'.repeat(4001) })
    assert.equal(res.status, 422)
    await send(tom, chidiTom, 'A better thought, sent')
    assert.equal((await json(tom, `/api/v1/chats/${chidiTom}`)).draft, '')
    ;[, html] = await tom.page(`/chats/${chidiTom}`)
    assert.match(html, /rows="4" maxlength="4000" aria-describedby="text-hint"><\/textarea>/)
  })
})

describe('MSG-1: editing and deleting', () => {
  test('a message can be changed for 5 minutes, and shows "edited"', async () => {
    const chidi = v['chidi.okafor']
    const m = await send(chidi, chidiTom, 'See you at 3pm')
    assert.equal(m.can_edit, true)
    let [res, html] = await chidi.page(`/chats/${chidiTom}/messages/${m.id}/edit`)
    assert.equal(res.status, 200)
    assert.match(html, />See you at 3pm<\/textarea>/)
    res = await form(chidi, `/chats/${chidiTom}/messages/${m.id}/edit`, { text: '' })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /Enter a message/)
    res = await form(chidi, `/chats/${chidiTom}/messages/${m.id}/edit`, { text: 'See you at 2pm' })
    assert.equal(res.status, 303)
    ;[, html] = await v['tom.hughes'].page(`/chats/${chidiTom}`)
    assert.match(html, /\(edited\)<\/span><\/p>\s*<p class="tandem-chat-msg__text">See you at 2pm/)
    // Tom cannot change Chidi's message
    res = await api(v['tom.hughes'], `/api/v1/chats/${chidiTom}/messages/${m.id}/edit`, { text: 'x' })
    assert.equal(res.status, 403)
    await advance(301)
    res = await api(chidi, `/api/v1/chats/${chidiTom}/messages/${m.id}/edit`, { text: 'Too late' })
    assert.equal(res.status, 409)
    assert.match((await res.json()).error.message, /only be changed for 5 minutes/)
    res = await chidi.fetch(`/chats/${chidiTom}/messages/${m.id}/edit`)
    assert.equal(res.status, 409)
  })

  test('a message can be deleted until it is read; it then reads "Message deleted"', async () => {
    const chidi = v['chidi.okafor']
    const tom = v['tom.hughes']
    const m = await send(chidi, chidiTom, 'Wrong chat, sorry')
    const since = (await json(tom, `/api/v1/chats/${chidiTom}/messages?after=${m.id}`)).now
    assert.equal(m.can_delete, true)
    let res = await form(chidi, `/chats/${chidiTom}/messages/${m.id}/delete`)
    assert.equal(res.status, 303)
    const poll = await json(tom, `/api/v1/chats/${chidiTom}/messages?after=${m.id}&since=${since}`)
    assert.equal(poll.messages.length, 1, 'the deletion reaches open pages')
    assert.equal(poll.messages[0].is_deleted, true)
    assert.equal(poll.messages[0].text, '')
    let [, html] = await tom.page(`/chats/${chidiTom}`)
    assert.match(html, /Message deleted/)
    assert.doesNotMatch(html, /Wrong chat, sorry/)
    // read: no longer
    const m2 = await send(chidi, chidiTom, 'Second message')
    await tom.page(`/chats/${chidiTom}`)
    res = await api(chidi, `/api/v1/chats/${chidiTom}/messages/${m2.id}/delete`)
    assert.equal(res.status, 409)
    assert.match((await res.json()).error.message, /has been read/)
    ;[, html] = await chidi.page(`/chats/${chidiTom}`)
    assert.match(html, /Seen/)
    res = await tom.fetch(`/api/v1/chats/${chidiTom}/messages/${m2.id}`, { method: 'DELETE', headers: { 'X-CSRF-Token': tom.csrf } })
    assert.equal(res.status, 403, 'not the author')
  })
})

describe('MSG-1: the email throttle (dev clock)', () => {
  test('one email per conversation per 15 minutes while unread; again after reading', async () => {
    const chidi = v['chidi.okafor']
    const tom = v['tom.hughes']
    await tom.page(`/chats/${chidiTom}`)  // everything read
    await advance(16 * 60)
    const n0 = chatMails(TOM).length
    const chidiMails = chatMails('chidi.okafor@northfield.example.nhs.uk').length
    await send(chidi, chidiTom, 'First of several')
    let mails = chatMails(TOM)
    assert.equal(mails.length, n0 + 1)
    const last = mails[mails.length - 1]
    assert.equal(last.subject, 'New chat message from Chidi Okafor')
    const body = mailBody(last.id)
    assert.doesNotMatch(body, /First of several/, 'never the text')
    assert.match(body, /Chidi Okafor has sent you a message/)
    await send(chidi, chidiTom, 'Second')
    await advance(14 * 60)
    await send(chidi, chidiTom, 'Third, 14 minutes later')
    assert.equal(chatMails(TOM).length, n0 + 1, 'throttled')
    await advance(60)
    await send(chidi, chidiTom, 'Fourth, 15 minutes after the email')
    assert.equal(chatMails(TOM).length, n0 + 2)
    await tom.page(`/chats/${chidiTom}`)
    await send(chidi, chidiTom, 'After Tom read them')
    assert.equal(chatMails(TOM).length, n0 + 3, 'reading ends the throttle')
    // Chidi is never emailed about his own messages
    assert.equal(chatMails('chidi.okafor@northfield.example.nhs.uk').length, chidiMails)
  })

  test('turning chat emails off is respected', async () => {
    const tom = v['tom.hughes']
    const [, html] = await tom.page('/settings')
    assert.match(html, /A new chat message/, 'the kind is on the settings page')
  })
})

describe('MSG-1: refusals', () => {
  test('signed out: the sign-in page, 401 for the API', async () => {
    const anon = new Visitor(srv.url)
    let res = await anon.fetch(`/chats/${chidiTom}`)
    assert.equal(res.status, 303)
    assert.match(res.headers.get('location'), /\/sign-in/)
    res = await anon.fetch('/chats')
    assert.equal(res.status, 303)
    for (const p of ['/api/v1/chats', `/api/v1/chats/${chidiTom}`, `/api/v1/chats/${chidiTom}/messages?after=0`]) {
      assert.equal((await anon.fetch(p)).status, 401, p)
    }
  })

  test("another pair's chat is 404, both ways, for every route", async () => {
    const amy = v['amy.clarke']
    const chidi = v['chidi.okafor']
    const mine = await send(amy, jamesAmy, 'Hello James')
    for (const [vis, rel] of [[amy, chidiTom], [chidi, jamesAmy], [v['olga.other'], chidiTom]]) {
      assert.equal((await vis.fetch(`/chats/${rel}`)).status, 404)
      assert.equal((await vis.fetch(`/api/v1/chats/${rel}`)).status, 404)
      assert.equal((await vis.fetch(`/api/v1/chats/${rel}/messages?after=0`)).status, 404)
      assert.equal((await api(vis, `/api/v1/chats/${rel}`, { text: 'x' })).status, 404)
      assert.equal((await form(vis, `/chats/${rel}`, { text: 'x' })).status, 404)
      assert.equal((await form(vis, `/chats/${rel}/draft`, { text: 'x' })).status, 404)
    }
    // a message of another conversation through my own chat's path
    assert.equal((await api(chidi, `/api/v1/chats/${chidiTom}/messages/${mine.id}/delete`)).status, 404)
    assert.equal((await chidi.fetch(`/chats/${chidiTom}/messages/${mine.id}/edit`)).status, 404)
    assert.equal((await chidi.fetch('/chats/999999')).status, 404)
    // Amy's list has only her own: James now, and Sarah in the past (demo)
    const list = await json(amy, '/api/v1/chats')
    const ids = list.chats.map((c) => c.relationship_id)
    assert.equal(ids[0], jamesAmy)
    assert.ok(!ids.includes(chidiTom))
    for (const c of list.chats.slice(1)) assert.equal(c.other_name, 'Sarah Mitchell')
  })

  test('administrators cannot read or write chats (403); the relationship page says so', async () => {
    const gareth = v['gareth.evans']
    let res = await gareth.fetch(`/chats/${chidiTom}`)
    assert.equal(res.status, 403)
    assert.match(await res.text(), /private between the mentor and the mentee/)
    res = await gareth.fetch(`/api/v1/chats/${chidiTom}/messages?after=0`)
    assert.equal(res.status, 403)
    assert.equal((await res.json()).error.code, 'forbidden')
    assert.equal((await api(gareth, `/api/v1/chats/${chidiTom}`, { text: 'x' })).status, 403)
    const [, page] = await gareth.page(`/relationships/${chidiTom}`)
    assert.match(page, /Administrators cannot read it/)
    assert.doesNotMatch(page, /Bring it to our next session/)
    const [, tomPage] = await v['tom.hughes'].page(`/relationships/${chidiTom}`)
    assert.match(tomPage, /Open the chat/)
  })
})

describe('MSG-1: read-only after the relationship ends (REL-4, REL-5)', () => {
  test('sending, drafts, editing and deleting are 409; reading stays', async () => {
    const chidi = v['chidi.okafor']
    const tom = v['tom.hughes']
    const m = await send(tom, chidiTom, 'Thank you for everything')
    let res = await api(chidi, `/api/v1/relationships/${chidiTom}/complete`,
      { end_date: new Date((await (await api(v['gareth.evans'], '/_dev/clock', { advance: 0 })).json()).now * 1000).toISOString().slice(0, 10) })
    assert.equal(res.status, 200, await res.text())
    res = await form(chidi, `/chats/${chidiTom}`, { text: 'One more thing' })
    assert.equal(res.status, 409)
    assert.match(await res.text(), /This relationship has ended/)
    res = await api(chidi, `/api/v1/chats/${chidiTom}`, { text: 'One more thing' })
    assert.equal(res.status, 409)
    assert.equal((await res.json()).error.code, 'conflict')
    assert.equal((await api(tom, `/api/v1/chats/${chidiTom}/draft`, { text: 'x' })).status, 409)
    assert.equal((await api(tom, `/api/v1/chats/${chidiTom}/messages/${m.id}/edit`, { text: 'x' })).status, 409)
    assert.equal((await api(tom, `/api/v1/chats/${chidiTom}/messages/${m.id}/delete`)).status, 409)
    const [page, html] = await chidi.page(`/chats/${chidiTom}`)
    assert.equal(page.status, 200)
    assert.match(html, /This relationship has ended. You can still read this chat/)
    assert.match(html, /Thank you for everything/)
    assert.doesNotMatch(html, /Send message/)
    const c = await json(tom, `/api/v1/chats/${chidiTom}`)
    assert.equal(c.can_send, false)
    const list = await json(tom, '/api/v1/chats')
    assert.equal(list.chats.find((x) => x.relationship_id === chidiTom).is_past, true)
  })
})

describe('MSG-1: the poll is not activity (ROUTE_PASSIVE)', () => {
  test('an open chat page polling alone does not keep a sign-in alive', async () => {
    // james.li and amy.clarke: their relationship is still live
    const amy = await signedIn('amy.clarke')
    // the clock is moved by someone not signed in: amy's only requests
    // are the polls
    const clerk = new Visitor(srv.url)
    clerk.csrf = await clerk.token()
    const clock = (s) => api(clerk, '/_dev/clock', { advance: s })
    const poll = () => amy.fetch(`/api/v1/chats/${jamesAmy}/messages?after=0&visible=true`)
    assert.equal((await poll()).status, 200)
    // polls every 15 minutes: never a request the person made
    for (let i = 0; i < 3; i++) {
      assert.equal((await clock(15 * 60)).status, 200)
      assert.equal((await poll()).status, 200, 'still signed in after ' + (i + 1) * 15 + ' minutes')
    }
    assert.equal((await clock(15 * 60 + 1)).status, 200)
    assert.equal((await poll()).status, 401, 'idle for more than an hour despite the polls')
    // a page the person opens is activity, as before
    const tom = await signedIn('tom.hughes')
    assert.equal((await clock(50 * 60)).status, 200)
    assert.equal((await tom.fetch('/chats')).status, 200)
    assert.equal((await clock(50 * 60)).status, 200)
    assert.equal((await tom.fetch('/api/v1/me')).status, 200, 'opening a page kept it alive')
  })
})
