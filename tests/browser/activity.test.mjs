// Browser test of issue 6's activity pages: the mentor writes the
// activity log of a session that took place (SES-7), first empty and
// told why, the mentee reads it and adds notes on a phone-sized screen,
// then My activity with a chosen date range, a bad date shown beside the
// field (SES-8), the home page's My activity tab (REL-1), and the
// evidence page (SES-11) with its print button (with JavaScript) or its
// hint (without), and its print styles.  axe runs on every page visited,
// and no page may scroll sideways.
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

test('the mentor logs a session, the mentee adds notes, both see My activity and the evidence', async () => {
  // 1. chidi.okafor (mentor, desktop) opens the log of the demo's first session
  const chidi = await b.page(null)
  await signIn(chidi, 'chidi.okafor')
  await visit(chidi, srv.url + '/sessions/1/log', 'activity log (mentor)')
  await chidi.getByRole('button', { name: 'Save the activity log' }).click()
  await landed(chidi, 'activity log with an error')
  assert.match(await chidi.locator('.nhsuk-error-summary').innerText(), /Enter a summary of the session/)
  assert.match(await chidi.locator('#summary-error').innerText(), /Enter a summary/)
  await chidi.getByLabel('What you discussed').fill('We looked at your goals.\nNext: a STAR example for the interview.')
  await chidi.getByRole('button', { name: 'Save the activity log' }).click()
  await landed(chidi, 'activity log saved')
  assert.match(await chidi.locator('main').innerText(), /The activity log has been saved/)

  // 2. tom.hughes (mentee, phone) reads it and adds notes
  const tom = await b.page({ width: 375, height: 740 })
  await signIn(tom, 'tom.hughes')
  await visit(tom, srv.url + '/sessions/1/log', 'activity log (mentee, phone)')
  await noSidewaysScroll(tom, 'activity log (mentee, phone)')
  const summary = tom.locator('.tandem-activity-text').first()
  assert.match(await summary.innerText(), /goals\.\nNext: a STAR/, 'line breaks kept')
  await tom.getByLabel('Your own notes on the session').fill('I will draft two examples.')
  await tom.getByRole('button', { name: 'Add your notes' }).click()
  await landed(tom, 'notes saved (phone)')
  assert.match(await tom.locator('main').innerText(), /Your notes have been saved/)
  await shot(tom, 'activity-log-phone')

  // 3. My activity: the last month, then a bad date, then a range
  await visit(tom, srv.url + '/activity', 'my activity (phone)')
  await noSidewaysScroll(tom, 'my activity (phone)')
  let main = await tom.locator('main').innerText()
  assert.match(main, /Mentored by Chidi Okafor/)
  assert.match(main, /2 hours/)
  const bad = await tom.goto(srv.url + '/activity?from=2026-02-30', { waitUntil: 'load' })
  assert.equal(bad.status(), 422)
  await landed(tom, 'my activity with a bad date')
  assert.match(await tom.locator('#from-error').innerText(), /real date/)
  await tom.getByLabel('From').fill('2020-01-01')
  await tom.getByLabel('To').fill('2020-12-31')
  await tom.getByRole('button', { name: 'Show activity' }).click()
  await landed(tom, 'my activity in 2020')
  main = await tom.locator('main').innerText()
  assert.match(main, /You had no mentoring sessions in these dates/)

  // 4. the home tab, then the evidence page
  await visit(chidi, srv.url + '/?tab=activity', 'home: my activity tab')
  assert.match(await chidi.locator('main').innerText(), /Mentoring hours in total/)
  await chidi.getByRole('link', { name: /Print a record of your mentoring/ }).click()
  await landed(chidi, 'evidence page')
  const print = chidi.getByRole('button', { name: 'Print this page' })
  assert.equal(await print.isVisible(), true, 'the print button shows with JavaScript')
  main = await chidi.locator('main').innerText()
  assert.match(main, /Record of mentoring/)
  assert.match(main, /Tom Hughes \(Mentee\)/)
  await chidi.emulateMedia({ media: 'print' })
  assert.equal(await chidi.locator('.nhsuk-header').isVisible(), false, 'no header in print')
  assert.equal(await chidi.locator('form.tandem-activity-range').isVisible(), false, 'no form in print')
  assert.equal(await chidi.locator('table').first().isVisible(), true)
  await chidi.emulateMedia({ media: 'screen' })
  await shot(chidi, 'activity-evidence')

  // without JavaScript the button stays hidden and the hint says what to do
  // (axe needs JavaScript: this page was checked above with it)
  const plain = await b.page(null, { javaScript: false })
  await plain.goto(srv.url + '/sign-in')
  await plain.getByLabel('Username').fill('tom.hughes')
  await plain.getByLabel('Password').fill(demoPassword)
  await plain.getByRole('button', { name: 'Sign in' }).click()
  await plain.waitForLoadState('load')
  const res = await plain.goto(srv.url + '/activity/evidence')
  assert.equal(res.status(), 200)
  assert.equal(await plain.getByRole('button', { name: 'Print this page' }).count(), 0)
  assert.match(await plain.locator('main').innerText(), /use your browser's print command/)

  assert.deepEqual([...chidi.jsErrors, ...tom.jsErrors], [])
  await chidi.close()
  await tom.close()
  await plain.close()
})
