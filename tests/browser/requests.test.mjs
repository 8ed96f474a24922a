// Browser test of issue 5's main flow: a mentee asks a mentor for a
// match from the mentor's profile (REQ-1), the mentor finds it under My
// mentoring requests (REQ-2), first gets the decision form wrong and
// sees why, then approves it with a first session (REQ-3), both see the
// relationship (REL-1, REL-2), and the mentor marks it as ended (REL-4),
// after which it is read-only and listed as past (REL-5).  The mentee
// uses a desktop window, the mentor a phone-sized one; axe runs on every
// page visited (visit() runs it), and no page may scroll sideways.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, demoPassword, tandem } from '../lib/server.mjs'
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

// the page the last click landed on (a redirect after a post, or a form
// re-rendered with its errors), checked like a visited one
async function landed (page, what) {
  await page.waitForLoadState('load')
  await checkAxe(page, what)
  await noSidewaysScroll(page, what)
}

test('a mentee requests a mentor, the mentor approves with a first session, both see the relationship, the mentor ends it', async () => {
  // 1. amy.clarke (mentee, desktop) opens Fatima Begum's profile from Find a mentor
  const amy = await b.page(null)
  await signIn(amy, 'amy.clarke')
  await visit(amy, srv.url + '/find', 'find a mentor')
  await amy.getByRole('link', { name: 'Fatima Begum' }).first().click()
  await landed(amy, 'mentor profile')
  await amy.getByRole('link', { name: 'Request a match' }).click()
  await landed(amy, 'request form')
  await amy.getByLabel('Your message (optional)').fill(
    'I am starting my first ward manager post and would value your experience.')
  await amy.getByRole('button', { name: 'Send request' }).click()
  await landed(amy, 'request sent')
  const sent = await amy.locator('main').innerText()
  assert.match(sent, /Fatima Begum/)
  assert.match(sent, /Waiting for an answer|New|Sent/i)

  // 2. fatima.begum (mentor view, phone width) sees it under My mentoring requests
  const fatima = await b.page({ width: 375, height: 740 })
  await signIn(fatima, 'fatima.begum')
  await visit(fatima, srv.url + '/switch-view', 'switch view')
  await fatima.getByLabel(/^Mentor/).check()
  await fatima.getByRole('button', { name: 'Use this view' }).click()
  await fatima.waitForLoadState('load')
  await visit(fatima, srv.url + '/?tab=requests', 'home: requests tab')
  await noSidewaysScroll(fatima, 'home: requests tab')
  const tab = await fatima.locator('main').innerText()
  assert.match(tab, /New requests/)
  const tabs = await fatima.getByRole('navigation', { name: 'Your mentoring' }).innerText()
  assert.match(tabs, /My mentoring requests\s*1\s*\(1 outstanding\)/, 'the tab shows the count of outstanding requests')
  const menu = await fatima.locator('#tandem-sidebar-menu').innerText()
  assert.match(menu, /My mentoring requests\s*1/, 'and so does the side menu')
  await fatima.locator('main').getByRole('link', { name: 'Amy Clarke' }).first().click()
  await landed(fatima, 'the request')
  assert.match(await fatima.locator('main').innerText(), /ward manager post/)

  // 3. approve without a date: the form says why, by the field
  await fatima.getByLabel('Approve the request').check()
  await fatima.getByRole('button', { name: 'Send my decision' }).click()
  await landed(fatima, 'decision with an error')
  const summary = fatima.locator('.nhsuk-error-summary')
  await summary.waitFor()
  assert.match(await summary.innerText(), /first session/i)
  await shot(fatima, 'request-decision-error-phone')

  // 4. approve with a first session a week from now at 10:30
  const when = new Date(Date.now() + 7 * 86400 * 1000)
  await fatima.getByLabel('Approve the request').check()
  await fatima.locator('#first_session').fill(String(when.getUTCDate()))
  await fatima.locator('#first_session-month').fill(String(when.getUTCMonth() + 1))
  await fatima.locator('#first_session-year').fill(String(when.getUTCFullYear()))
  await fatima.locator('#first_session-time').fill('10:30')
  await fatima.getByLabel('Your comment to the mentee').fill('Happy to help. Let us meet on Teams.')
  await fatima.getByRole('button', { name: 'Send my decision' }).click()
  await landed(fatima, 'request approved')
  await fatima.getByRole('link', { name: 'Go to the mentoring relationship' }).click()
  await landed(fatima, 'relationship (mentor)')
  const rel = await fatima.locator('main').innerText()
  assert.match(rel, /Amy Clarke/)
  assert.match(rel, /10:30/, 'the proposed first session is shown')
  const relUrl = fatima.url()

  // both were emailed the match (REQ-10)
  const listed = tandem(['outbox', '--data', srv.data])
  assert.equal(listed.status, 0, listed.stderr)
  const matched = listed.stdout.split('\n').filter((l) => /You have been matched with/.test(l))
    .map((l) => ({ to: l }))
  assert.ok(matched.some((m) => /amy\.clarke/.test(m.to)), 'the mentee is told')
  assert.ok(matched.some((m) => /fatima\.begum/.test(m.to)), 'the mentor is told')

  // 5. amy sees her mentor on her home page and opens the relationship
  await visit(amy, srv.url + '/', 'mentee home: my mentors')
  const home = await amy.locator('main').innerText()
  assert.match(home, /Fatima Begum/)
  await amy.locator('main').getByRole('link', { name: /Fatima Begum|View|Open/ }).first().click()
  await landed(amy, 'relationship (mentee)')
  assert.match(await amy.locator('main').innerText(), /Fatima Begum/)

  // 6. fatima marks it as ended; it becomes read-only and past
  await visit(fatima, relUrl, 'relationship before ending')
  await fatima.getByRole('link', { name: 'Mark this relationship as ended' }).click()
  await landed(fatima, 'mark as ended')
  const today = new Date()
  await fatima.locator('#end_date').fill(String(today.getUTCDate()))
  await fatima.locator('#end_date-month').fill(String(today.getUTCMonth() + 1))
  await fatima.locator('#end_date-year').fill(String(today.getUTCFullYear()))
  await fatima.getByLabel('Closing comments (optional)').fill('We met our goals.')
  await fatima.getByRole('button', { name: 'Mark as ended' }).click()
  // the demo scheme asks mentors for an evaluation at completion (EVAL-3):
  // she is taken to it and can do it later
  await landed(fatima, 'the mentor\'s evaluation after completing')
  assert.match(await fatima.locator('main').innerText(), /now marked as completed/)
  await visit(fatima, relUrl, 'relationship ended')
  assert.match(await fatima.locator('main').innerText(), /It is read-only/)
  assert.equal(await fatima.getByRole('link', { name: 'Mark this relationship as ended' }).count(), 0)
  await visit(fatima, srv.url + '/?tab=past', 'mentor home: past mentees')
  assert.match(await fatima.locator('main').innerText(), /Amy Clarke/)
  await shot(fatima, 'relationship-past-phone')
  await amy.close()
  await fatima.close()
})
