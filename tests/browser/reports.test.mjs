// Browser test of the reports dashboard (ADM-4): the scheme's
// administrator opens Reports from the administration tabs at desktop
// width, chooses a period in the filters, sees the tables and the SVG
// charts (role img, a title, the numbers in the table beside), downloads
// a table as CSV, and sees a bad date come back with its message beside
// the field; then the same dashboard on a phone-sized screen, with no
// sideways scrolling.  axe runs on every page.
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

test('ADM-4: the scheme administrator reads the dashboard, filters it, downloads a CSV, and gets a bad date explained', async () => {
  const page = await b.page(null)
  await signIn(page, 'gareth.evans')
  await visit(page, srv.url + '/admin/schemes/1/reports', 'reports dashboard')
  await noSidewaysScroll(page, 'reports dashboard')
  await page.getByLabel('From', { exact: true }).fill('2026-01-01')
  await page.getByLabel('To', { exact: true }).fill('2026-11-30')
  await page.getByRole('button', { name: 'Show the figures' }).click()
  await page.waitForLoadState('load')
  await checkAxe(page, 'reports filtered')
  assert.match(page.url(), /from=2026-01-01&to=2026-11-30/)
  const main = await page.locator('main').innerText()
  // a period past today stops at today
  assert.match(main, /Figures from 1 January 2026 (so far \(to \d+ \w+ 2026\)|to 30 November 2026)/)
  assert.match(main, /People by role and status/)
  assert.match(main, /Equality monitoring: gender/)
  // the demo scheme is small: equality monitoring is withheld, saying why
  assert.match(main, /Not shown: equality monitoring needs at least 20/)
  const chart = page.locator('svg.tandem-reports-chart[role="img"]').first()
  assert.ok(await chart.count() > 0, 'a chart')
  assert.ok((await chart.locator('title').textContent()).length > 0)
  await shot(page, 'reports-desktop')

  // a table as CSV: the link carries the period; the download is CSV
  const link = page.locator('#report-relationships').getByRole('link', { name: /Download as CSV/ })
  const href = await link.getAttribute('href')
  assert.match(href, /^\/admin\/schemes\/1\/reports\/relationships\.csv\?from=2026-01-01&to=2026-11-\d\d$/)
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
  assert.match(download.suggestedFilename(), /^scheme-relationships-2026-01-01-to-2026-11-\d\d\.csv$/)
  const res = await page.request.get(srv.url + href)
  assert.equal(res.status(), 200)
  assert.match(await res.text(), /^,Relationships\r\nLive during the period,\d+/)

  // a date that does not exist: 422, the message beside the field
  const bad = await page.goto(srv.url + '/admin/schemes/1/reports?from=2026-02-30&to=2026-03-31')
  assert.equal(bad.status(), 422)
  await checkAxe(page, 'reports with a bad date')
  assert.match(await page.locator('#from-error').innerText(), /The from date must be a real date/)
  assert.match(await page.locator('.nhsuk-error-summary').innerText(), /The from date must be a real date/)
  await page.close()
})

test('ADM-4: the dashboard on a phone-sized screen', async () => {
  const page = await b.page({ width: 375, height: 812 })
  await signIn(page, 'gareth.evans')
  await visit(page, srv.url + '/admin/schemes/1/reports', 'reports dashboard (phone)')
  await noSidewaysScroll(page, 'reports dashboard (phone)')
  assert.ok(await page.getByRole('link', { name: /Download as CSV/ }).first().isVisible())
  await shot(page, 'reports-phone')
  await page.close()
})
