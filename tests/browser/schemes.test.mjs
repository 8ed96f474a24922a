// Browser test of issue 10's schemes flow (ADM-9, ADM-2): the site
// administrator creates a scheme and names its administrator, then
// configures its settings, first with a bad value (shown beside its field,
// everything typed kept), then correctly.  The new administrator opens
// the settings page and the schemes overview on a phone-sized screen.
// axe runs on every page, and no page may scroll sideways.
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

test('the site administrator creates a scheme, names its administrator and configures it; the administrator sees it on a phone', async () => {
  // 1. admin (desktop) creates "Riverside Reach" with james.li as its administrator
  const admin = await b.page(null)
  await signIn(admin, 'admin')
  await visit(admin, srv.url + '/admin/schemes', 'schemes list')
  await noSidewaysScroll(admin, 'schemes list')
  const overview = await admin.locator('main').innerText()
  assert.match(overview, /Sessions in \d{4}/)
  await admin.getByLabel('Scheme name').fill('Riverside Reach')
  await admin.getByLabel('Short name').fill('riverside')
  await admin.getByLabel('Description (optional)').fill('Mentoring for newly qualified nurses.')
  await admin.getByLabel('Username of its first administrator').fill('james.li')
  await admin.getByRole('button', { name: 'Create scheme' }).click()
  await landed(admin, 'new scheme settings')
  assert.match(admin.url(), /\/admin\/schemes\/\d+\/settings/)
  let main = await admin.locator('main').innerText()
  assert.match(main, /The scheme has been created/)
  assert.match(main, /james\.li/)
  await shot(admin, 'schemes-settings-desktop')

  // 2. a bad value: the message beside the field, what was typed kept
  await admin.getByLabel('Session limit, from 0 to 100').fill('lots')
  await admin.getByLabel('Time zone').fill('Europe/Dublin')
  await admin.getByLabel('People may register to join this scheme').uncheck()
  await admin.getByRole('button', { name: 'Save settings' }).click()
  await landed(admin, 'settings with a bad value')
  assert.match(await admin.locator('.nhsuk-error-summary').innerText(), /There is a problem/)
  assert.ok(await admin.locator('#session_cap-error').isVisible(), 'the message is beside the field')
  assert.equal(await admin.getByLabel('Session limit, from 0 to 100').inputValue(), 'lots')
  assert.equal(await admin.getByLabel('Time zone').inputValue(), 'Europe/Dublin')
  assert.equal(await admin.getByLabel('People may register to join this scheme').isChecked(), false)
  // the error summary link takes you to the field
  await admin.locator('.nhsuk-error-summary a[href="#session_cap"]').click()
  await shot(admin, 'schemes-settings-error')

  // 3. corrected and saved
  await admin.getByLabel('Session limit, from 0 to 100').fill('8')
  await admin.getByRole('button', { name: 'Save settings' }).click()
  await landed(admin, 'settings saved')
  main = await admin.locator('main').innerText()
  assert.match(main, /The settings have been saved/)
  assert.equal(await admin.getByLabel('Session limit, from 0 to 100').inputValue(), '8')
  assert.equal(await admin.getByLabel('Time zone').inputValue(), 'Europe/Dublin')
  const settingsUrl = admin.url().replace(/\?.*$/, '')

  // 3b. F7: the cohort matching switch says what cohort matching does
  assert.match(await admin.locator('#allow_cohort_matching-hint').innerText(), /Cohort matching tab.*proposes the best pairing.*confirm it/s)

  // 3c. F5: a new privacy notice keeps the old one, which can be read again
  const notice = admin.getByLabel(/Privacy notice \(version 1\)/)
  await notice.fill('Riverside keeps your records for eight years.')
  await admin.getByRole('button', { name: 'Save settings' }).click()
  await landed(admin, 'settings with a new notice')
  assert.match(await admin.locator('main').innerText(), /Privacy notice \(version 2\)/)
  const earlier = admin.getByRole('region', { name: 'Earlier versions of the privacy notice' })
  assert.match(await earlier.innerText(), /1\s+\d{1,2} \w+ \d{4}/)
  await earlier.getByRole('link', { name: 'Read version 1' }).click()
  await landed(admin, 'privacy notice version 1')
  main = await admin.locator('main').innerText()
  assert.match(main, /Privacy notice, version 1/)
  assert.match(main, /The current one is version 2/)
  assert.doesNotMatch(main, /eight years/)
  await shot(admin, 'schemes-notice-version')
  await admin.getByRole('link', { name: 'Back to the scheme settings' }).click()
  await admin.waitForLoadState('load')
  await admin.close()

  // 4. james.li (phone) runs the new scheme: its settings and the overview
  const james = await b.page({ width: 375, height: 812 })
  await signIn(james, 'james.li')
  await visit(james, settingsUrl, 'settings on a phone')
  await noSidewaysScroll(james, 'settings on a phone')
  assert.match(await james.locator('main').innerText(), /Only site administrators can name/)
  await shot(james, 'schemes-settings-phone')
  await visit(james, srv.url + '/admin/schemes', 'schemes on a phone')
  await noSidewaysScroll(james, 'schemes on a phone')
  main = await james.locator('main').innerText()
  assert.match(main, /Riverside Reach/)
  assert.doesNotMatch(main, /Create a scheme/)
  await shot(james, 'schemes-list-phone')
  assert.deepEqual(james.jsErrors, [])
  await james.close()

  // 5. F9: removing james.li asks first, says the scheme is left to the
  // site administrators, Cancel keeps him, Remove removes him
  const admin2 = await b.page({ width: 375, height: 812 })
  await signIn(admin2, 'admin')
  await visit(admin2, settingsUrl, 'settings again')
  await admin2.getByRole('link', { name: /Remove .* as an administrator/ }).click()
  await landed(admin2, 'remove administrator: confirm')
  main = await admin2.locator('main').innerText()
  assert.match(main, /Remove .* as an administrator of Riverside Reach\?/)
  assert.match(main, /They will no longer see this scheme's administration/)
  assert.match(main, /only site administrators can run Riverside Reach/)
  await shot(admin2, 'schemes-remove-admin-phone')
  await admin2.getByRole('link', { name: 'Cancel' }).click()
  await landed(admin2, 'settings after cancel')
  assert.match(await admin2.locator('main').innerText(), /james\.li/)
  await admin2.getByRole('link', { name: /Remove .* as an administrator/ }).click()
  await admin2.waitForLoadState('load')
  await admin2.getByRole('button', { name: 'Remove' }).click()
  await landed(admin2, 'administrator removed')
  main = await admin2.locator('main').innerText()
  assert.match(main, /The administrator has been removed/)
  assert.match(main, /only site administrators can run it/)
  assert.deepEqual(admin2.jsErrors, [])
  await admin2.close()
})
