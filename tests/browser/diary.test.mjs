// Browser test of the guides and the learning diary (NOTE-4, NOTE-6): a
// mentee reads a guide page, marks it read, follows its reflection
// prompt into a prefilled diary entry, first saves it with the title
// cleared and sees why, then saves it and finds it in the diary and on
// the guide's contents as read.  A phone-sized window for the diary, a
// desktop one (dark theme) for the administrator's guide pages; axe
// runs on every page visited, and no page may scroll sideways.
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

async function landed (page, what) {
  await page.waitForLoadState('load')
  await checkAxe(page, what)
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)
  assert.equal(wide, false, `${what}: the page scrolls sideways`)
}

test('a guide page\'s reflection prompt becomes a saved diary entry', async () => {
  const tom = await b.page({ width: 375, height: 740 })
  await signIn(tom, 'tom.hughes')
  await visit(tom, srv.url + '/guides', 'guides')
  await tom.getByRole('link', { name: 'Preparing for mentoring' }).click()
  await landed(tom, 'guide contents')
  await tom.getByRole('link', { name: 'Start the guide' }).click()
  await landed(tom, 'guide page 1')
  assert.match(await tom.locator('h1').innerText(), /What mentoring is/)
  await tom.getByRole('button', { name: 'Mark as read and continue' }).click()
  await landed(tom, 'guide page 2')
  await tom.getByRole('link', { name: /Previous/ }).click()
  await landed(tom, 'guide page 1 again')
  await tom.getByRole('link', { name: 'Write a diary entry about this' }).click()
  await landed(tom, 'prefilled diary entry')
  assert.equal(await tom.getByLabel('Title').inputValue(), 'Reflection: What mentoring is')
  assert.match(await tom.locator('main').innerText(), /What do you hope mentoring will give you/)
  await tom.getByLabel('Title').fill('')
  await tom.getByLabel('Your entry').fill('Space to think about my next role.')
  await tom.getByRole('button', { name: 'Save entry' }).click()
  await landed(tom, 'diary entry with an error')
  assert.match(await tom.locator('.nhsuk-error-summary').innerText(), /Enter a title/)
  assert.equal(await tom.getByLabel('Your entry').inputValue(), 'Space to think about my next role.')
  await tom.getByLabel('Title').fill('What I hope for')
  await tom.getByRole('button', { name: 'Save entry' }).click()
  await landed(tom, 'saved diary entry')
  const entry = await tom.locator('main').innerText()
  assert.match(entry, /What I hope for/)
  assert.match(entry, /Preparing for mentoring: What mentoring is/)
  assert.match(entry, /Only you/)
  await shot(tom, 'diary-entry-phone')
  await visit(tom, srv.url + '/diary', 'the diary')
  assert.match(await tom.locator('main').innerText(), /What I hope for/)
  await visit(tom, srv.url + '/guides', 'guides with progress')
  assert.match(await tom.locator('main').innerText(), /1 of 4 pages read/)
  await tom.close()
})

test('the administrator\'s guide pages are accessible (dark theme, desktop)', async () => {
  const gareth = await b.page(null, { colorScheme: 'dark' })
  await signIn(gareth, 'gareth.evans')
  await visit(gareth, srv.url + '/admin/schemes/1/guides', 'admin guides')
  await gareth.getByRole('button', { name: 'Add guide' }).click()
  await landed(gareth, 'admin guides with an error')
  assert.match(await gareth.locator('.nhsuk-error-summary').innerText(), /Enter a title/)
  await gareth.getByRole('link', { name: 'Ending well' }).click()
  await landed(gareth, 'admin guide')
  await gareth.getByRole('link', { name: 'Add a page' }).click()
  await landed(gareth, 'admin new page')
  await shot(gareth, 'admin-guides-dark')
  await gareth.close()
})
