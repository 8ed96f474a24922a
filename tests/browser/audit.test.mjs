// Browser test of the audit log view (ADM-7): a site administrator
// filters the log by action and by a bad date (the message beside the
// field, the form kept) on a desktop window; a scheme administrator
// reads it on a phone-sized window without scrolling sideways.  axe runs
// on every page visited (visit() runs it, and checkAxe after each form).
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

test('filter the audit log at desktop width', async () => {
  const page = await b.page({ width: 1280, height: 900 })
  await signIn(page, 'admin')
  await visit(page, srv.url + '/admin/audit', 'the audit log')
  const main = page.locator('main')
  assert.match(await main.innerText(), /Entries cannot be changed or deleted/)
  await page.getByLabel('What was done', { exact: true }).selectOption('signin.ok')
  await page.getByRole('button', { name: 'Show entries' }).click()
  await page.waitForLoadState('load')
  await checkAxe(page, 'the audit log, filtered')
  assert.match(page.url(), /action=signin\.ok/)
  const rows = page.locator('tbody tr')
  assert.ok(await rows.count() >= 1)
  assert.match(await rows.first().innerText(), /signin\.ok/)
  assert.match(await rows.first().innerText(), /Priya Shah \(admin\)/)
  await shot(page, 'audit-desktop')

  // a date that is not real: the message beside the field, the rest kept
  await page.goto(srv.url + '/admin/audit?from=2026-02-30&q=signin')
  await checkAxe(page, 'the audit log, a bad date')
  assert.match(await page.locator('.nhsuk-error-summary').innerText(), /The start date must be a real date/)
  assert.match(await page.locator('#from-error').innerText(), /real date/)
  assert.equal(await page.getByLabel(/Search what was done/).inputValue(), 'signin')
  await page.close()
})

test('a scheme administrator reads the log at phone width', async () => {
  const page = await b.page({ width: 375, height: 740 })
  await signIn(page, 'gareth.evans')
  await visit(page, srv.url + '/admin/audit', 'the audit log (phone)')
  assert.match(await page.locator('main').innerText(), /the schemes you administer/)
  assert.match(await page.locator('tbody').innerText(), /demo\.load/)
  assert.doesNotMatch(await page.locator('tbody').innerText(), /signin\.ok/, 'no entries of no scheme')
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)
  assert.equal(wide, false, 'the page scrolls sideways')
  await shot(page, 'audit-phone')
  await page.close()
})
