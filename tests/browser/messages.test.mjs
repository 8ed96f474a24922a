// Browser test of administrator messages (MSG-2): the administrator
// (desktop) writes a message to mentees with an attachment, previews the
// recipients (the count and names, without JavaScript's help), is told
// what is missing when the subject is left out (the file kept), and
// sends; the mentee (phone width) sees the unread count in the menu,
// opens the message, downloads the attachment and replies (first empty:
// the message beside the field); the administrator sees the reply and
// "Replied on" on the message's page, also at phone width.  axe runs on
// every page; no page scrolls sideways.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, demoPassword } from '../lib/server.mjs'
import { openBrowser, visit, checkAxe, shot } from '../lib/browser.mjs'

const phone = { width: 375, height: 740 }
let srv, b, dir
before(async () => {
  srv = await startServer({ demo: true })
  b = await openBrowser()
  dir = mkdtempSync(join(tmpdir(), 'tandem-messages-'))
})
after(async () => {
  await b?.close()
  await srv?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function signIn (page, username) {
  await visit(page, srv.url + '/sign-in', `sign-in as ${username}`)
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(demoPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForLoadState('load')
}

async function landed (page, what) {
  await page.waitForLoadState('load')
  await checkAxe(page, what)
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)
  assert.equal(wide, false, `${what}: the page scrolls sideways`)
}

test('an administrator sends a message with an attachment; the mentee reads and replies', async () => {
  const file = join(dir, 'training-day.txt')
  writeFileSync(file, 'Training day agenda\n09:30 Welcome\n')

  const gareth = await b.page(null)
  await signIn(gareth, 'gareth.evans')
  await visit(gareth, srv.url + '/admin/messages', 'messages (admin)')
  await gareth.getByRole('link', { name: 'Write a message' }).click()
  await landed(gareth, 'write a message')
  await gareth.getByLabel('Mentees only').check()
  await gareth.getByLabel('Attachments (optional)').setInputFiles(file)
  await gareth.getByRole('button', { name: 'Preview recipients' }).click()
  await landed(gareth, 'preview')
  const preview = await gareth.locator('.tandem-messages-preview').innerText()
  assert.match(preview, /This message would go to 4 people/)
  assert.match(preview, /Tom Hughes/)
  assert.match(await gareth.locator('main').innerText(), /training-day\.txt/)

  // no subject: the message beside the field, the file still attached
  await gareth.getByLabel('Message', { exact: true }).fill('The training day is on 3 March. The agenda is attached.')
  await gareth.getByRole('button', { name: 'Send message' }).click()
  await landed(gareth, 'send refused')
  assert.match(await gareth.locator('#subject-error').innerText(), /Enter a subject/)
  assert.equal(await gareth.getByLabel('Message', { exact: true }).inputValue(), 'The training day is on 3 March. The agenda is attached.')
  assert.ok(await gareth.getByLabel(/training-day\.txt/).isChecked())
  await gareth.getByLabel('Subject').fill('Training day in March')
  await gareth.getByRole('button', { name: 'Send message' }).click()
  await landed(gareth, 'sent message (admin)')
  assert.match(await gareth.locator('main').innerText(), /Your message has been sent to 4 people\./)
  const adminUrl = gareth.url()
  await shot(gareth, 'messages-admin-sent')

  // the mentee, on a phone
  const tom = await b.page(phone)
  await signIn(tom, 'tom.hughes')
  await landed(tom, 'mentee home (phone)')
  assert.match(await tom.locator('main').innerText(), /You have 2 unread messages from your scheme team/)
  await visit(tom, srv.url + '/messages', 'messages (phone)')
  assert.match(await tom.locator('body').innerText(), /Messages\s*2/)
  await tom.getByRole('link', { name: 'Training day in March' }).click()
  await landed(tom, 'message (phone)')
  assert.match(await tom.locator('main').innerText(), /The training day is on 3 March/)
  const [download] = await Promise.all([
    tom.waitForEvent('download'),
    tom.getByRole('link', { name: 'training-day.txt' }).click()
  ])
  const saved = join(dir, 'downloaded.txt')
  await download.saveAs(saved)
  assert.equal(readFileSync(saved, 'utf8'), 'Training day agenda\n09:30 Welcome\n')

  await tom.getByRole('button', { name: 'Send reply' }).click()
  await landed(tom, 'empty reply refused (phone)')
  assert.match(await tom.locator('#text-error').innerText(), /Enter your reply/)
  await tom.getByLabel('Reply to the scheme team').fill('Thank you, I will be there.')
  await tom.getByRole('button', { name: 'Send reply' }).click()
  await landed(tom, 'reply sent (phone)')
  assert.match(await tom.locator('main').innerText(), /Your reply has been sent\./)
  assert.match(await tom.locator('main').innerText(), /Thank you, I will be there\./)
  await shot(tom, 'messages-reply-phone')
  await visit(tom, srv.url + '/messages', 'messages after reply (phone)')
  assert.match(await tom.locator('main').innerText(), /Replied on/)

  // the administrator sees the reply, desktop and phone
  await visit(gareth, adminUrl, 'message with a reply (admin)')
  const main = await gareth.locator('main').innerText()
  assert.match(main, /Tom Hughes\s+replied on/)
  assert.match(main, /Thank you, I will be there\./)
  assert.match(main, /Replied on/)
  await visit(gareth, srv.url + '/admin/messages', 'messages list (admin)')
  const gphone = await b.page(phone)
  await signIn(gphone, 'gareth.evans')
  await visit(gphone, adminUrl, 'message with a reply (admin, phone)')
  await landed(gphone, 'message with a reply (admin, phone)')
  await visit(gphone, srv.url + '/admin/messages', 'messages list (admin, phone)')
  await landed(gphone, 'messages list (admin, phone)')
  await gphone.getByRole('link', { name: 'Write a message' }).click()
  await landed(gphone, 'write a message (phone)')
  await shot(gphone, 'messages-compose-phone')
  for (const p of [gareth, tom, gphone]) {
    assert.deepEqual(p.jsErrors, [])
    await p.close()
  }
})
