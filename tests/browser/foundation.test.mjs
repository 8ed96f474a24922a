// Browser tests for the foundation (issue 2): the home page and the
// public pages in both themes and at phone width, with axe on every
// visit; the appearance form with and without JavaScript (ACC-9, UX-2,
// UX-3, UX-6).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from '../lib/server.mjs'
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

const pages = ['/', '/help', '/accessibility', '/appearance']
const phone = { width: 375, height: 740 }

test('every public page passes axe in the light theme, desktop and phone', async () => {
  for (const viewport of [null, phone]) {
    const page = await b.page(viewport)
    for (const path of pages) await visit(page, srv.url + path, `${path} light ${viewport ? 'phone' : 'desktop'}`)
    assert.deepEqual(page.jsErrors, [], 'no JavaScript errors')
    await page.goto(srv.url + '/')
    await shot(page, `home-light-${viewport ? 'phone' : 'desktop'}`)
    await page.close()
  }
})

test('the NHS.UK styles and our script load (no CSP or 404 errors)', async () => {
  const page = await b.page()
  const failed = []
  page.on('requestfailed', (r) => failed.push(r.url()))
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`) })
  await page.goto(srv.url + '/')
  const header = await page.locator('header.nhsuk-header').evaluate((el) => getComputedStyle(el).backgroundColor)
  assert.equal(header, 'rgb(0, 94, 184)', 'NHS blue header from nhsuk-frontend CSS')
  const jsOn = await page.evaluate(() => document.body.classList.contains('nhsuk-frontend-supported'))
  assert.ok(jsOn, 'tandem.js ran and initialised the NHS.UK components')
  assert.deepEqual(failed, [])
  assert.deepEqual(page.jsErrors, [])
  await page.close()
})

test('switching to the dark theme with the form, then every page in dark passes axe', async () => {
  const page = await b.page()
  await visit(page, srv.url + '/appearance?return_to=/help')
  await page.getByLabel('Dark').check()
  await page.getByRole('button', { name: 'Save appearance' }).click()
  await page.waitForURL(srv.url + '/help')
  assert.equal(await page.evaluate(() => document.documentElement.className), 'tandem-theme-dark')
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
  assert.equal(bg, 'rgb(18, 26, 31)')
  for (const viewport of [null, phone]) {
    if (viewport) await page.setViewportSize(viewport)
    for (const path of pages) await visit(page, srv.url + path, `${path} dark ${viewport ? 'phone' : 'desktop'}`)
  }
  await page.goto(srv.url + '/')
  await shot(page, 'home-dark-phone')
  await page.setViewportSize({ width: 1280, height: 900 })
  await shot(page, 'home-dark-desktop')
  await page.close()
})

test("with no choice made, the browser's dark preference is followed (ACC-9)", async () => {
  const page = await b.page(null, { colorScheme: 'dark' })
  await visit(page, srv.url + '/help', '/help preferring dark')
  assert.equal(await page.evaluate(() => document.documentElement.className), 'tandem-theme-dark')
  // a choice made on the appearance page wins over the preference
  await page.goto(srv.url + '/appearance')
  await page.getByLabel('Light').check()
  await page.getByRole('button', { name: 'Save appearance' }).click()
  await page.goto(srv.url + '/help')
  assert.equal(await page.evaluate(() => document.documentElement.className), 'tandem-theme-light')
  await page.close()
})

test('an invalid submission shows the error summary and the field message, accessibly', async () => {
  const page = await b.page()
  await page.goto(srv.url + '/appearance')
  // a tampered form: the server must still answer with a proper form
  await page.evaluate(() => { document.querySelector('#theme').value = 'purple' })
  await page.locator('#theme').check()
  await page.getByRole('button', { name: 'Save appearance' }).click()
  await page.waitForSelector('.nhsuk-error-summary')
  assert.equal(await page.title(), 'Error: Appearance - Tandem')
  assert.match(await page.locator('#theme-error').innerText(), /Select light or dark/)
  await checkAxe(page, 'appearance with errors')
  await page.close()
})

test('the side menu hides and shows with JavaScript, and the choice is kept', async () => {
  const page = await b.page()
  await page.goto(srv.url + '/help')
  const menu = page.locator('#tandem-sidebar-menu')
  assert.ok(await menu.isVisible())
  await page.getByRole('button', { name: 'Hide menu' }).click()
  assert.ok(await menu.isHidden())
  await page.getByRole('button', { name: 'Show menu' }).waitFor()
  await checkAxe(page, 'help with side menu hidden')
  await page.waitForTimeout(200) // the API call saving the choice
  await page.reload()
  assert.ok(await menu.isHidden(), 'hidden after reload: saved through the API')
  await page.getByRole('button', { name: 'Show menu' }).click()
  assert.ok(await menu.isVisible())
  await page.close()
})

test('without JavaScript the side menu toggle still works (UX-3)', async () => {
  const page = await b.page(null, { javaScript: false })
  await page.goto(srv.url + '/accessibility')
  await page.getByRole('button', { name: 'Hide menu' }).click()
  await page.waitForURL(srv.url + '/accessibility')
  assert.ok(await page.locator('#tandem-sidebar-menu').isHidden())
  await page.getByRole('button', { name: 'Show menu' }).click()
  await page.waitForURL(srv.url + '/accessibility')
  assert.ok(await page.locator('#tandem-sidebar-menu').isVisible())
  await page.close()
})
