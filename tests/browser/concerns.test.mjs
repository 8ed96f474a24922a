// Browser test of raising a concern (MSG-5): a mentee (tom.hughes, phone
// width) raises a concern about his mentor from the relationship page,
// first leaving the form empty and seeing why, then gets the confirmation
// with its reference; the escalation contact (gareth.evans, desktop)
// finds it, reads it, adds a note and changes its status; the mentee
// sees the new status but not the note.  Axe runs on every page (visit()
// and landed()), at desktop and phone width (and the raise page in the
// dark theme), and no page scrolls sideways.
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

async function noSidewaysScroll (page, label) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)
  assert.equal(wide, false, `${label}: the page scrolls sideways`)
}

async function landed (page, what) {
  await page.waitForLoadState('load')
  await checkAxe(page, what)
  await noSidewaysScroll(page, what)
}

test('a mentee raises a concern from the relationship page; the contact reads it, adds a note and changes its status', async () => {
  // 1. tom.hughes (mentee, phone width) opens his relationship and follows the concern link
  const tom = await b.page({ width: 375, height: 740 })
  await signIn(tom, 'tom.hughes')
  await visit(tom, srv.url + '/?tab=current', 'home: my mentors')
  await tom.locator('main a[href^="/relationships/"]').first().click()
  await landed(tom, 'the relationship')
  const rel = tom.url().match(/\/relationships\/(\d+)/)[1]
  await tom.locator('main').getByRole('link', { name: /raise a concern with the person who handles concerns/i }).click()
  await landed(tom, 'raise a concern')
  assert.match(tom.url(), new RegExp(`/concerns/new\\?relationship=${rel}$`))
  let main = await tom.locator('main').innerText()
  assert.match(main, /What happens next/)
  assert.match(main, /Confidentiality and its limits/)
  assert.match(main, /Gareth Evans/)
  assert.match(main, /Chidi Okafor is not told/)
  await shot(tom, 'concerns-raise-phone')

  // 2. sends it empty: the problems, each beside its field
  await tom.getByRole('button', { name: 'Send the concern' }).click()
  await landed(tom, 'raise a concern: errors')
  main = await tom.locator('main').innerText()
  assert.match(main, /There is a problem/)
  assert.match(main, /Select what your concern is about/)
  assert.match(main, /Enter what happened/)

  // 3. fills it in properly
  await tom.getByLabel('About my mentor, Chidi Okafor').check()
  await tom.getByLabel('What happened?').fill('In our last session he made remarks about my colleagues that made me uncomfortable.')
  await tom.getByRole('group', { name: /Can the person handling your concern get in touch/ }).getByLabel('Yes').check()
  await tom.getByLabel(/How and when is it best to contact you/).fill('After 5pm on weekdays')
  await tom.getByRole('button', { name: 'Send the concern' }).click()
  await landed(tom, 'concern sent')
  main = await tom.locator('main').innerText()
  assert.match(main, /Concern sent/)
  const reference = main.match(/C-\d{6}/)[0]
  await shot(tom, 'concerns-sent-phone')

  // 4. gareth.evans (the escalation contact, desktop) finds and reads it
  const gareth = await b.page(null)
  await signIn(gareth, 'gareth.evans')
  await visit(gareth, srv.url + '/admin', 'administration')
  await gareth.getByRole('link', { name: /^Concerns/ }).first().click()
  await landed(gareth, 'concerns of the scheme')
  assert.match(await gareth.locator('main').innerText(), /Escalation contacts/)
  await gareth.getByRole('link', { name: reference }).click()
  await landed(gareth, 'the concern')
  main = await gareth.locator('main').innerText()
  assert.match(main, /remarks about my colleagues/)
  assert.match(main, /Tom Hughes/)
  assert.match(main, /After 5pm on weekdays/)

  // 5. a note, then a status
  await gareth.getByLabel('Add a note').fill('Called Tom; agreed to speak to the scheme lead.')
  await gareth.getByRole('button', { name: 'Add note' }).click()
  await landed(gareth, 'note added')
  assert.match(await gareth.locator('main').innerText(), /agreed to speak to the scheme lead/)
  await gareth.getByLabel('In progress').check()
  await gareth.getByRole('button', { name: 'Change status' }).click()
  await landed(gareth, 'status changed')
  main = await gareth.locator('main').innerText()
  assert.match(main, /The status has been changed/)
  assert.match(main, /Changed the status to\s*In progress/)
  await shot(gareth, 'concerns-handled-desktop')

  // 6. the mentee sees the status, never the note
  await visit(tom, srv.url + '/concerns', 'your concerns')
  await noSidewaysScroll(tom, 'your concerns')
  main = await tom.locator('main').innerText()
  assert.match(main, new RegExp(reference))
  assert.match(main, /In progress/)
  await tom.getByRole('link', { name: reference }).click()
  await landed(tom, 'your concern')
  assert.doesNotMatch(await tom.locator('main').innerText(), /scheme lead/)

  // 7. the desktop raise page (dark theme) and the phone admin page are clean too
  const tomDesk = await b.page(null, { colorScheme: 'dark' })
  await signIn(tomDesk, 'tom.hughes')
  await visit(tomDesk, srv.url + '/concerns/new', 'raise a concern: desktop, dark')
  await visit(tomDesk, srv.url + '/concerns', 'your concerns: desktop, dark')
  const garethPhone = await b.page({ width: 375, height: 740 })
  await signIn(garethPhone, 'gareth.evans')
  await visit(garethPhone, srv.url + '/admin/schemes/1/concerns', 'concerns: phone')
  await noSidewaysScroll(garethPhone, 'concerns: phone')
  for (const p of [tom, gareth, tomDesk, garethPhone]) {
    assert.deepEqual(p.jsErrors, [])
    await p.close()
  }
})
