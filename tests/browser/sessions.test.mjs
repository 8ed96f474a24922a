// Browser test of issue 6's sessions flow (SES-2 to SES-5, SES-10): the
// mentor (desktop) first gets the three-row form wrong and sees why with
// every row kept, then proposes three sessions in one update; the mentee
// (phone width) agrees one and declines one; time moves on
// (/_dev/clock); the hours go up on the relationship page and the home
// page, where the mentee is asked whether the session took place.  axe
// runs on every page, and no page may scroll sideways.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, demoPassword, Visitor } from '../lib/server.mjs'
import { openBrowser, visit, checkAxe, shot } from '../lib/browser.mjs'

let srv, b
before(async () => {
  srv = await startServer({ demo: true, dev: true })
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

const DAY = 86400
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December']
// "Tuesday 1 December 2026", the day typed into the form (UTC parts)
function dayWords (d) {
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`
}
async function fillRow (page, n, when, time, minutes, format, place) {
  await page.locator(`[name=s${n}_day]`).fill(String(when.getUTCDate()))
  await page.locator(`[name=s${n}_month]`).fill(String(when.getUTCMonth() + 1))
  await page.locator(`[name=s${n}_year]`).fill(String(when.getUTCFullYear()))
  await page.locator(`[name=s${n}_time]`).fill(time)
  await page.locator(`[name=s${n}_minutes]`).fill(minutes)
  await page.locator(`[name=s${n}_format]`).selectOption(format)
  await page.locator(`[name=s${n}_place]`).fill(place)
}

test('the mentor proposes three sessions, the mentee agrees one and declines one, time moves on, the hours go up', async () => {
  const day = (n) => new Date(Date.now() + n * DAY * 1000)

  // 1. chidi.okafor (mentor, desktop) opens the relationship and the form
  const chidi = await b.page(null)
  await signIn(chidi, 'chidi.okafor')
  await visit(chidi, srv.url + '/relationships/1', 'relationship page (mentor)')
  assert.match(await chidi.locator('#sessions').innerText(), /2 hours recorded/)
  await chidi.getByRole('link', { name: 'Add sessions' }).click()
  await landed(chidi, 'add sessions form')

  // 2. a wrong time in row 2: the form comes back with all three rows
  await fillRow(chidi, 1, day(1), '10:00', '60', 'video', 'https://meet.example/chidi-tom')
  await fillRow(chidi, 2, day(2), '25:00', '45', 'phone', '')
  await fillRow(chidi, 3, day(3), '16:30', '30', 'in_person', 'Education Centre')
  await chidi.getByRole('button', { name: 'Save sessions' }).click()
  await landed(chidi, 'add sessions form with an error')
  assert.match(await chidi.locator('.nhsuk-error-summary').innerText(), /start time of session 2/)
  assert.equal(await chidi.locator('[name=s1_place]').inputValue(), 'https://meet.example/chidi-tom')
  assert.equal(await chidi.locator('[name=s3_place]').inputValue(), 'Education Centre')
  assert.equal(await chidi.locator('[name=s2_time]').inputValue(), '25:00')
  await shot(chidi, 'sessions-form-error')

  // 3. corrected: three proposed in one update
  await chidi.locator('[name=s2_time]').fill('08:15')
  await chidi.getByRole('button', { name: 'Save sessions' }).click()
  await landed(chidi, 'relationship page after adding')
  const list = await chidi.locator('#sessions').innerText()
  // exactly four proposals: the demo's own (a week ahead) and the three
  // new ones, each on its own day and time (no row lost)
  const proposedTags = chidi.locator('#sessions .tandem-sessions-item .nhsuk-tag', { hasText: /^Proposed$/ })
  assert.equal(await proposedTags.count(), 4, list)
  for (const [n, time] of [[1, '10am'], [2, '8:15am'], [3, '4:30pm']]) {
    assert.match(list, new RegExp(`${dayWords(day(n))}, ${time} to `), `session ${n} in the list`)
  }

  // 4. tom.hughes (mentee, phone width) agrees the first, declines the second
  const tom = await b.page({ width: 375, height: 740 })
  await signIn(tom, 'tom.hughes')
  await visit(tom, srv.url + '/relationships/1', 'relationship page (mentee, phone)')
  await noSidewaysScroll(tom, 'relationship page (mentee, phone)')
  const agrees = tom.getByRole('button', { name: /^Agree/ })
  // the demo's own proposal (a week ahead) comes after the new first two
  // in date order: the first button is the session 1 day ahead
  await agrees.first().click()
  await landed(tom, 'after agreeing')
  await tom.getByRole('button', { name: /^Decline/ }).first().click()
  await landed(tom, 'after declining')
  const tomList = await tom.locator('#sessions').innerText()
  assert.match(tomList, /Agreed/)
  assert.match(tomList, /Declined/)
  assert.match(tomList, /Not counted/)
  assert.match(tomList, /2 hours recorded/, 'nothing new counts yet')
  await shot(tom, 'sessions-mentee-phone')

  // 5. time moves on two days (the clock is the server's: any signed-in visitor)
  const v = new Visitor(srv.url)
  await v.signIn('gareth.evans', demoPassword)
  const token = await v.token()
  const res = await v.postJSON('/_dev/clock', { advance: 2 * DAY }, { 'X-CSRF-Token': token })
  assert.equal(res.status, 200)

  // 6. the hours went up on the relationship page and the home page
  await signIn(tom, 'tom.hughes')   // idle sign-ins expired with the clock
  await visit(tom, srv.url + '/relationships/1', 'relationship page after time passed')
  assert.match(await tom.locator('#sessions').innerText(), /3 hours recorded/)
  await visit(tom, srv.url + '/', 'home page with the question (phone)')
  await noSidewaysScroll(tom, 'home page (phone)')
  const home = await tom.locator('main').innerText()
  assert.match(home, /Your mentoring hours: 3 hours/)
  assert.match(home, /Did your session with Chidi Okafor on .* take place\?/)
  await signIn(chidi, 'chidi.okafor')
  await visit(chidi, srv.url + '/', 'mentor home page')
  assert.match(await chidi.locator('main').innerText(), /Your mentoring hours: 3 hours/)
  await chidi.getByRole('button', { name: /^Yes/ }).first().click()
  await landed(chidi, 'home page after answering')
  // SES-10: the answer is acknowledged on the home page
  assert.match(chidi.url(), /\/\?done=session_took_place$/)
  assert.match(await chidi.locator('.nhsuk-notification-banner--success').innerText(),
    /Thank you: the session is recorded as having taken place/)
  assert.deepEqual(tom.jsErrors, [])
  assert.deepEqual(chidi.jsErrors, [])
})
