// Browser sweep of issue 4's other pages: training records, declared
// conflicts, the scheme administrator's lists, questions and matching
// settings, the training and conflicts lists and the explanation page.
// Each page is opened at desktop and at phone width with axe (visit()
// runs it) and must not scroll sideways; each form is sent once with bad
// input, and must come back with the message beside the field, the
// typed value kept, and axe still clean.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, demoPassword } from '../lib/server.mjs'
import { openBrowser, visit, checkAxe } from '../lib/browser.mjs'

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

async function open (page, path, label) {
  await visit(page, srv.url + path, label)
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)
  assert.equal(wide, false, `${label}: the page scrolls sideways`)
}

// Submit the form holding `button`, then expect an error summary and
// axe still clean.
async function submitBad (page, button, label) {
  await page.getByRole('button', { name: button, exact: true }).click()
  await page.waitForLoadState('load')
  await checkAxe(page, label)
  assert.ok(await page.locator('.nhsuk-error-summary').isVisible(), `${label}: error summary shown`)
}

for (const [label, viewport] of [['desktop', null], ['phone', { width: 375, height: 740 }]]) {
  test(`a mentor's training and conflicts pages (${label})`, async () => {
    const page = await b.page(viewport)
    await signIn(page, 'chidi.okafor')
    await open(page, '/training', 'my training')
    await open(page, '/training/new', 'add training')
    await page.getByLabel('Course or qualification name').fill('Coaching refresher')
    await page.locator('#completed_on').fill('31')
    await page.locator('#completed_on-month').fill('2')
    await page.locator('#completed_on-year').fill('2024')
    await submitBad(page, 'Add training', 'add training with a bad date')
    assert.equal(await page.locator('#course').inputValue(), 'Coaching refresher', 'typed course kept')
    await open(page, '/conflicts', 'conflicts (mentor)')
    await page.close()
  })

  test(`a relationship's pages for its mentee and mentor (${label})`, async () => {
    // the demo pairs chidi.okafor with tom.hughes: relationship 1
    const page = await b.page(viewport)
    await signIn(page, 'tom.hughes')
    await open(page, '/relationships/1', 'relationship (mentee)')
    await open(page, '/relationships/1/ask-to-end', 'ask to end')
    await submitBad(page, 'Send to the scheme team', 'ask to end without a reason')
    await open(page, '/relationships/1/extension', 'ask for more sessions')
    await page.close()
    const mentor = await b.page(viewport)
    await signIn(mentor, 'chidi.okafor')
    await open(mentor, '/requests', 'my mentoring requests (mentor)')
    await open(mentor, '/relationships/1/complete', 'mark as ended')
    await mentor.locator('#end_date').fill('31')
    await mentor.locator('#end_date-month').fill('2')
    await mentor.locator('#end_date-year').fill('2026')
    await submitBad(mentor, 'Mark as ended', 'an end date that does not exist')
    assert.equal(await mentor.locator('#end_date').inputValue(), '31', 'typed day kept')
    await mentor.close()
  })

  test(`a mentee's conflicts page (${label})`, async () => {
    const page = await b.page(viewport)
    await signIn(page, 'amy.clarke')
    await open(page, '/conflicts', 'conflicts (mentee)')
    await submitBad(page, 'Declare', 'declare with nothing chosen')
    await page.close()
  })

  test(`the scheme administrator's pages (${label})`, async () => {
    const page = await b.page(viewport)
    await signIn(page, 'gareth.evans')
    const S = '/admin/schemes/1'
    for (const [path, what] of [
      [`${S}/profiles`, 'profiles and matching'],
      [`${S}/lists/keyword`, 'keywords'],
      [`${S}/lists/site`, 'sites'],
      [`${S}/fields`, 'questions'],
      [`${S}/matching`, 'matching settings'],
      [`${S}/training`, 'mentor training'],
      [`${S}/conflicts`, 'declared conflicts'],
      [`${S}/explain`, 'explanation chooser']
    ]) await open(page, path, what)

    await open(page, `${S}/fields/new`, 'new question')
    await page.locator('#label').fill('Why do you want to take part?')
    await page.locator('input[name="kind"][value="choice"]').check()
    await submitBad(page, 'Add the question', 'a choice question without choices')
    assert.equal(await page.locator('#label').inputValue(), 'Why do you want to take part?')

    // requests and relationships (issue 5)
    for (const [path, what] of [
      [`${S}/requests`, 'requests waiting and responsiveness'],
      [`${S}/relationships`, 'the scheme\'s relationships'],
      ['/admin/relationships/1', 'a relationship (administrator)'],
      ['/relationships/1', 'a relationship page (administrator)']
    ]) await open(page, path, what)
    await open(page, `${S}/request-settings`, 'request settings')
    await page.locator('#response_deadline_days').fill('99')
    await submitBad(page, 'Save request settings', 'a deadline out of range')
    assert.equal(await page.locator('#response_deadline_days').inputValue(), '99', 'typed deadline kept')

    // REQ-9: assigning amy.clarke (user 8) her declared supervisor needs a reason
    await open(page, '/admin/users/8/assign?scheme=1', 'assign a mentor')
    await page.getByLabel('Mentor', { exact: true }).selectOption({ label: 'James Li' })
    await page.getByRole('button', { name: 'Check this match' }).click()
    await page.waitForLoadState('load')
    await checkAxe(page, 'assignment preview')
    assert.match(await page.locator('main').innerText(), /This pair breaks a rule/)
    await submitBad(page, 'Assign James Li', 'assignment without an override reason')

    await open(page, `${S}/matching`, 'matching settings again')
    await page.locator('#weight_keyword').fill('500')
    await submitBad(page, 'Save matching settings', 'a weight out of range')
    assert.equal(await page.locator('#weight_keyword').inputValue(), '500', 'typed weight kept')
    await page.close()
  })
}
