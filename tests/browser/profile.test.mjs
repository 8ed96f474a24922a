// Browser test of issue 4's main flow: a new mentee completes their
// profile (PRO-1, PRO-2, PRO-4, PRO-8), the home page stops asking for
// it, they search for a mentor (FIND-1, FIND-2) with and without
// JavaScript, see the score and its reasons (FIND-3), and open a
// mentor's profile (PRO-10).  Desktop and phone width; axe on every page
// visited (visit() runs it), and no page may scroll sideways.
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

async function signIn (page, username, javaScript = true) {
  if (javaScript) await visit(page, srv.url + '/sign-in', `sign-in as ${username}`)
  else await page.goto(srv.url + '/sign-in')
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(demoPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForLoadState('load')
}

async function noSidewaysScroll (page, label) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)
  assert.equal(wide, false, `${label}: the page scrolls sideways`)
}

const cases = [
  ['desktop', null, true],
  ['phone', { width: 375, height: 740 }, true],
  ['no JavaScript', null, false]
]

for (const [label, viewport, javaScript] of cases) {
  // axe runs as a script: with JavaScript off the page is checked in
  // the other two cases, and here only that every step still works
  const go = async (page, url, what) => {
    if (javaScript) return visit(page, url, what)
    const res = await page.goto(url, { waitUntil: 'load' })
    assert.ok(res.ok(), `${what}: HTTP ${res.status()}`)
  }
  const axe = async (page, what) => { if (javaScript) await checkAxe(page, what) }
  test(`a mentee completes their profile, finds a mentor and opens their profile (${label})`, async () => {
    // ravi.patel is a demo mentee whose profile lacks a personal
    // statement; an earlier case may have added one: take it away
    const reset = await b.page(null)
    await signIn(reset, 'ravi.patel')
    await visit(reset, srv.url + '/profile/edit', 'edit profile (reset)')
    await reset.getByLabel('Personal statement').fill('')
    await reset.getByRole('button', { name: 'Save profile' }).click()
    await reset.waitForLoadState('load')
    await reset.close()

    const page = await b.page(viewport, { javaScript })
    await signIn(page, 'ravi.patel', javaScript)
    await go(page, srv.url + '/', 'home before')
    assert.match(await page.locator('main').innerText(), /Personal statement/,
      'the home page says what is missing before he can be matched')
    await noSidewaysScroll(page, 'home')

    // 1. bad input first: the form comes back with a message by the field
    //    and what was typed kept
    await go(page, srv.url + '/profile/edit', 'edit profile')
    await noSidewaysScroll(page, 'edit profile')
    const statement = 'I am a core trainee returning to training after parental leave. ' +
      'I would like help with exams and with planning a less than full time rota.'
    await page.getByLabel('Personal statement').fill(statement)
    await page.locator('#date_of_birth').fill('31')
    await page.locator('#date_of_birth-month').fill('2')
    await page.locator('#date_of_birth-year').fill('1990')
    await page.getByRole('button', { name: 'Save profile' }).click()
    await page.waitForLoadState('load')
    await axe(page, 'edit profile with an error')
    assert.match(await page.locator('.nhsuk-error-summary').innerText(), /date of birth/i)
    assert.equal(await page.getByLabel('Personal statement').inputValue(), statement,
      'what was typed is kept')

    // 2. corrected: saved, and the home page no longer asks
    await page.locator('#date_of_birth').fill('')
    await page.locator('#date_of_birth-month').fill('')
    await page.locator('#date_of_birth-year').fill('')
    await page.getByLabel('Returning to training').check()
    await page.getByLabel('Exams').check()
    await page.getByLabel('Video call').check()
    await page.getByRole('button', { name: 'Save profile' }).click()
    await page.waitForLoadState('load')
    await axe(page, 'after saving the profile')
    await go(page, srv.url + '/profile', 'my profile')
    assert.match(await page.locator('main').innerText(), /returning to training after parental leave/)
    await go(page, srv.url + '/', 'home after')
    assert.doesNotMatch(await page.locator('main').innerText(), /Before you can be matched/)

    // 3. find a mentor: everyone available first, then a free-text search
    await go(page, srv.url + '/find', 'find a mentor')
    await noSidewaysScroll(page, 'find a mentor')
    const all = await page.locator('main').innerText()
    assert.match(all, /Match score/)
    assert.doesNotMatch(all, /Sarah Mitchell/, 'a mentor who is not available is not offered')
    if (!(await page.locator('#q').isVisible())) await page.locator('summary').first().click()
    await page.locator('#q').fill('exams')
    await page.getByRole('button', { name: 'Search', exact: true }).click()
    await page.waitForLoadState('load')
    await axe(page, 'search results')
    assert.match(page.url(), /[?&]q=exams/, 'results are bookmarkable')
    const results = await page.locator('main').innerText()
    assert.match(results, /shared keyword/i, 'the score comes with its reasons')
    await shot(page, `find-${label.replace(/ /g, '-')}`)

    // 4. open the first mentor's profile: public parts, the score again
    const first = page.locator('main a[href^="/people/"]').first()
    const name = (await first.innerText()).trim()
    await first.click()
    await page.waitForLoadState('load')
    await axe(page, 'a mentor profile')
    await noSidewaysScroll(page, 'a mentor profile')
    const profile = await page.locator('main').innerText()
    assert.ok(profile.includes(name), 'the profile opened is the one clicked')
    assert.match(profile, /Match score/)
    assert.doesNotMatch(profile, /Phone number|Contact email|Date of birth|Gender/,
      'private and equality fields are not shown to a mentee')
    assert.deepEqual(page.jsErrors, [])
    await page.close()

  })
}
