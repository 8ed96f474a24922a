// Browser test of cohorts (issue 10): the scheme administrator creates a
// cohort (first without a name, and sees why), imports a CSV file with
// one bad row (the check page names the line and its problem, and offers
// no way to add), then the corrected file, confirms "Add these 2 people",
// and sees them as members.  Once in a desktop window and once at phone
// width; axe on every page, and no page may scroll sideways.
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

const csvFile = (text) => ({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(text) })

async function flow (viewport, tag, name, bad, good) {
  const page = await b.page(viewport)
  await signIn(page, 'gareth.evans')
  await visit(page, srv.url + '/admin/schemes/1/cohorts', `${tag}: cohorts`)
  await landed(page, `${tag}: cohorts`)
  assert.match(await page.locator('main').innerText(), /Autumn 2026 intake/)
  // no name: the message beside the field, the description kept
  await page.getByLabel('Description (optional)').fill('Kept description')
  await page.getByRole('button', { name: 'Create cohort' }).click()
  await landed(page, `${tag}: create with a problem`)
  assert.match(await page.locator('.nhsuk-error-summary').innerText(), /Enter a name for the cohort/)
  assert.equal(await page.getByLabel('Description (optional)').inputValue(), 'Kept description')
  await page.getByLabel('Name', { exact: true }).fill(name)
  await page.getByRole('button', { name: 'Create cohort' }).click()
  await landed(page, `${tag}: the new cohort`)
  assert.match(await page.locator('h1').innerText(), new RegExp(name))
  // a file with one bad row
  await page.getByLabel('CSV file').setInputFiles(csvFile(bad))
  await page.getByRole('button', { name: 'Check the file' }).click()
  await landed(page, `${tag}: the dry run with a problem`)
  const checked = await page.locator('main').innerText()
  assert.match(checked, /line 3: no one in this scheme has the username no\.such\.person/)
  assert.equal(await page.getByRole('button', { name: /Add th/ }).count(), 0)
  await shot(page, `cohorts-dry-run-${tag}`)
  // the corrected file
  await page.getByRole('link', { name: 'Choose a corrected file' }).click()
  await landed(page, `${tag}: back to the cohort`)
  assert.match(await page.locator('main').innerText(), /No one is in this cohort yet/)
  await page.getByLabel('CSV file').setInputFiles(csvFile(good))
  await page.getByRole('button', { name: 'Check the file' }).click()
  await landed(page, `${tag}: the dry run, all fine`)
  await page.getByRole('button', { name: 'Add these 2 people' }).click()
  await landed(page, `${tag}: imported`)
  const done = await page.locator('main').innerText()
  assert.match(done, /The people in the file have been added/)
  await shot(page, `cohorts-members-${tag}`)
  assert.deepEqual(page.jsErrors, [])
  await page.close()
  return done
}

test('create a cohort, import a CSV with one bad row (the dry run shows it), fix it, import: desktop', async () => {
  const done = await flow(null, 'desktop', 'Spring 2027 intake',
    'username,team\namy.clarke,A\nno.such.person,B\n', 'username,team\namy.clarke,A\nravi.patel,B\n')
  assert.match(done, /Amy Clarke/)
  assert.match(done, /Ravi Patel/)
})

test('the same at phone width', async () => {
  const done = await flow({ width: 375, height: 740 }, 'phone', 'Summer 2027 intake',
    'username,email\ntom.hughes,x\nno.such.person,y\n', 'Username\ntom.hughes\njames.li\n')
  assert.match(done, /Tom Hughes/)
  assert.match(done, /James Li/)
})
