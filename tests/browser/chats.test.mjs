// Browser test of chats (MSG-1): two people chat in two browser
// contexts.  Tom (phone width) opens the chat from the side menu's
// "Chats" item with its unread badge; Chidi (desktop) sends with
// JavaScript (no reload: the page's own marker survives) and Tom's open
// page shows the message within a few seconds by polling.  An empty
// message shows the error beside the field.  Then Tom, in a
// context with JavaScript off sends with a plain form post, saves a
// draft that comes back, and Chidi's open page shows the reply.  axe
// runs on every page, in light and dark, and no page scrolls sideways.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, demoPassword } from '../lib/server.mjs'
import { openBrowser, visit, checkAxe, shot } from '../lib/browser.mjs'

let srv, b
before(async () => {
  srv = await startServer({ demo: true })
  b = await openBrowser()
})
after(async () => {
  await b?.close()
  await srv?.stop()
})

async function signIn (page, username) {
  await visit(page, srv.url + '/sign-in', `sign-in as ${username}`)
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(demoPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForLoadState('load')
}

// a page without JavaScript: axe cannot run there (it is a script; the
// same pages are checked with JavaScript on), the no-sideways check can
async function plain (page, what, url) {
  if (url) {
    const res = await page.goto(url, { waitUntil: 'load' })
    assert.ok(res.ok(), `${what}: HTTP ${res.status()}`)
  }
  await page.waitForLoadState('load')
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)
  assert.equal(wide, false, `${what}: the page scrolls sideways`)
}

async function landed (page, what) {
  await page.waitForLoadState('load')
  await checkAxe(page, what)
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)
  assert.equal(wide, false, `${what}: the page scrolls sideways`)
}

test('two people chat: JavaScript sends and polls, no-JavaScript form posts work too', async () => {
  const tom = await b.page({ width: 375, height: 740 })
  await signIn(tom, 'tom.hughes')
  // the side menu's badge: one unread from the demo
  const menu = tom.getByRole('link', { name: /Chats/ }).first()
  assert.match(await menu.innerText(), /Chats\s*1/)
  await menu.click()
  await landed(tom, 'chat list (phone)')
  await tom.getByRole('link', { name: /Chidi Okafor/ }).first().click()
  await landed(tom, 'conversation (phone)')
  const chatUrl = tom.url()
  assert.match(await tom.locator('#chat-log').innerText(), /Bring it to our next session/)
  await shot(tom, 'chats-conversation-phone')

  const chidi = await b.page(null)
  await signIn(chidi, 'chidi.okafor')
  await visit(chidi, chatUrl, 'conversation (desktop)')
  // an empty message: the error beside the field, without a reload
  await chidi.evaluate(() => { window.tandemMarker = 'no reload' })
  await chidi.getByRole('button', { name: 'Send message' }).click()
  await chidi.locator('#text-error').waitFor({ state: 'visible' })
  assert.match(await chidi.locator('#text-error').innerText(), /Enter a message/)
  await checkAxe(chidi, 'empty message refused (JavaScript)')

  await chidi.getByLabel(/Your message to Tom Hughes/).fill('Hello Tom, how did the huddle go?')
  await chidi.getByRole('button', { name: 'Send message' }).click()
  await chidi.locator('#chat-log').getByText('Hello Tom, how did the huddle go?').waitFor()
  assert.equal(await chidi.evaluate(() => window.tandemMarker), 'no reload', 'sent without a reload')
  assert.equal(await chidi.getByLabel(/Your message to Tom Hughes/).inputValue(), '')

  // Tom's open page shows it by polling, without a reload
  await tom.evaluate(() => { window.tandemMarker = 'still here' })
  const t0 = Date.now()
  await tom.locator('#chat-log').getByText('Hello Tom, how did the huddle go?').waitFor({ timeout: 10000 })
  const waited = Date.now() - t0
  assert.ok(waited < 8000, `appeared in ${waited} ms`)
  assert.equal(await tom.evaluate(() => window.tandemMarker), 'still here')
  await checkAxe(tom, 'conversation after a polled message (phone)')
  // Tom's visible page marked it read (chat.js polls by POST with the
  // X-CSRF-Token header): Chidi's page learns it by its own poll
  await chidi.locator('.tandem-chat-msg--mine', { hasText: 'Hello Tom, how did the huddle go?' })
    .locator('[data-seen]', { hasText: 'Seen' }).waitFor({ timeout: 10000 })

  // Tom without JavaScript: a plain form post, and a draft kept
  const tomNoJs = await b.page({ width: 375, height: 740 }, { javaScript: false })
  await plain(tomNoJs, 'sign-in (no JavaScript)', srv.url + '/sign-in')
  await tomNoJs.getByLabel('Username').fill('tom.hughes')
  await tomNoJs.getByLabel('Password').fill(demoPassword)
  await tomNoJs.getByRole('button', { name: 'Sign in' }).click()
  await plain(tomNoJs, 'conversation without JavaScript', chatUrl)
  await tomNoJs.getByLabel(/Your message to Chidi Okafor/).fill('Draft: the huddle went')
  await tomNoJs.getByRole('button', { name: 'Save draft' }).click()
  await plain(tomNoJs, 'draft saved (no JavaScript)')
  assert.match(await tomNoJs.locator('main').innerText(), /Your draft has been saved/)
  await plain(tomNoJs, 'conversation reopened (no JavaScript)', chatUrl)
  assert.equal(await tomNoJs.getByLabel(/Your message to Chidi Okafor/).inputValue(), 'Draft: the huddle went')
  await tomNoJs.getByLabel(/Your message to Chidi Okafor/).fill('It went well, thank you!')
  await tomNoJs.getByRole('button', { name: 'Send message' }).click()
  await plain(tomNoJs, 'sent (no JavaScript)')
  assert.match(await tomNoJs.locator('#chat-log').innerText(), /It went well, thank you!/)
  assert.equal(await tomNoJs.getByLabel(/Your message to Chidi Okafor/).inputValue(), '', 'sending cleared the draft')
  await tomNoJs.getByRole('button', { name: 'Send message' }).click()
  await plain(tomNoJs, 'empty message (no JavaScript)')
  assert.match(await tomNoJs.locator('#text-error').innerText(), /Enter a message/)

  // Chidi's open page shows the reply
  await chidi.locator('#chat-log').getByText('It went well, thank you!').waitFor({ timeout: 10000 })
  await checkAxe(chidi, 'conversation after a reply (desktop)')
  await shot(chidi, 'chats-conversation-desktop')

  // the dark theme
  const dark = await b.page(null, { colorScheme: 'dark' })
  await signIn(dark, 'chidi.okafor')
  await visit(dark, chatUrl, 'conversation (dark)')
  await visit(dark, srv.url + '/chats', 'chat list (dark)')

  for (const p of [tom, chidi, tomNoJs, dark]) {
    assert.deepEqual(p.jsErrors, [], 'no script errors')
    await p.close()
  }
})
