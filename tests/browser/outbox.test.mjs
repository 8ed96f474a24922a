// Browser test of the administrators' outbox (MSG-4): a scheme
// administrator searches the outbox on a desktop window, opens an email
// and sees its text; on a phone-sized window the list and a password
// reset (whose text is never shown) fit without scrolling sideways.  axe
// runs on every page visited (visit() runs it).
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

test('search the outbox and open an email, at desktop and phone width', async () => {
  // a password reset for Ravi, so there is a secret email too
  const reset = await b.page({ width: 1280, height: 900 })
  await visit(reset, srv.url + '/password/forgot')
  await reset.getByLabel('Username').fill('ravi.patel')
  await reset.getByLabel('Email address').fill('ravi.patel@northfield.example.nhs.uk')
  await reset.getByRole('button', { name: /send/i }).click()
  await reset.waitForLoadState('load')
  await reset.close()

  const page = await b.page({ width: 1280, height: 900 })
  await signIn(page, 'admin')
  await visit(page, srv.url + '/admin/outbox', 'the outbox')
  await page.getByLabel('Search by recipient or subject').fill('Olivia')
  await page.getByRole('button', { name: 'Search' }).click()
  await page.waitForLoadState('load')
  await checkAxe(page, 'the outbox, searched')
  assert.match(page.url(), /q=Olivia/)
  const rows = page.locator('tbody tr')
  assert.equal(await rows.count(), 1)
  await rows.first().getByRole('link').click()
  await page.waitForLoadState('load')
  await checkAxe(page, 'one email')
  assert.match(await page.locator('h1').innerText(), /^Email \d+$/)
  // MSG-4: metadata only, never what the email says
  assert.match(await page.locator('main').innerText(), /New registration waiting for approval: Olivia Grant/)
  assert.doesNotMatch(await page.locator('main').innerText(), /Olivia Grant has registered/)
  assert.match(await page.locator('main').innerText(), /never shown here/)
  await shot(page, 'outbox-email-desktop')
  await page.close()

  const phone = await b.page({ width: 360, height: 740 })
  await signIn(phone, 'admin')
  await visit(phone, srv.url + '/admin/outbox', 'the outbox on a phone')
  await noSidewaysScroll(phone, 'the outbox on a phone')
  await phone.getByLabel('Search by recipient or subject').fill('ravi.patel')
  await phone.getByRole('button', { name: 'Search' }).click()
  await phone.waitForLoadState('load')
  await phone.locator('tbody tr').first().getByRole('link').click()
  await phone.waitForLoadState('load')
  await checkAxe(phone, 'a password reset on a phone')
  await noSidewaysScroll(phone, 'a password reset on a phone')
  assert.match(await phone.locator('main').innerText(), /never shown/)
  assert.equal(await phone.locator('.tandem-mail-body').count(), 0)
  await shot(phone, 'outbox-reset-phone')
  await phone.close()
})
