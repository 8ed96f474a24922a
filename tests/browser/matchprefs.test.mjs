// Browser test of the preferences for cohort matching (REQ-11): the
// scheme administrator turns cohort matching on from the settings page,
// a waiting mentee follows the home card to her wishes, first gets the
// form wrong (the same mentor twice) and sees why beside the field, then
// saves a first choice; a mentor on a phone-sized screen marks a mentee
// he would prefer not to take.  axe runs on every page visited, and no
// page may scroll sideways.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startWithBrowser, stopWithBrowser, visit, signIn, landed } from '../lib/browser.mjs'

let srv, b
before(async () => ({ srv, b } = await startWithBrowser()))
after(() => stopWithBrowser(srv, b))

test('cohort matching on; a mentee chooses a mentor she would like; a mentor marks a mentee (phone)', async () => {
  // 1. the administrator turns cohort matching on
  const g = await b.page(null)
  await signIn(g, srv.url, 'gareth.evans')
  await visit(g, srv.url + '/admin/schemes/1/settings', 'settings')
  await g.getByLabel('Match within cohorts').check()
  await g.getByLabel('Points for a first choice, from 0 to 100').fill('40')
  await g.getByRole('button', { name: 'Save settings' }).click()
  await landed(g, 'settings saved')
  assert.equal(await g.getByLabel('Points for a first choice, from 0 to 100').inputValue(), '40')
  await g.close()

  // 2. amy.clarke (waiting mentee) follows the home card
  const amy = await b.page(null)
  await signIn(amy, srv.url, 'amy.clarke')
  await landed(amy, 'home')
  assert.match(await amy.locator('.tandem-matchprefs-home').innerText(), /not chosen any mentors yet/)
  await amy.locator('main').getByRole('link', { name: 'Choose mentors you would like' }).click()
  await landed(amy, 'wishes')
  const main = await amy.locator('main').innerText()
  assert.match(main, /cannot promise them/)
  assert.match(main, /Mentors never see your choices/)
  const options = await amy.locator('#choice_1 option').allInnerTexts()
  assert.ok(options.length >= 2, 'at least one mentor to choose')
  const first = options[1]
  // the same mentor twice: the message beside the second choice
  await amy.getByLabel('First choice').selectOption({ label: first })
  await amy.getByLabel('Second choice').selectOption({ label: first })
  await amy.getByRole('button', { name: 'Save my choices' }).click()
  await landed(amy, 'wishes with an error')
  assert.match(await amy.locator('.nhsuk-error-summary').innerText(), /different mentor/)
  assert.match(await amy.locator('#choice_2-error').innerText(), /different mentor/)
  // put right: a first choice only
  await amy.getByLabel('Second choice').selectOption({ label: 'No choice' })
  await amy.getByRole('button', { name: 'Save my choices' }).click()
  await landed(amy, 'wishes saved')
  assert.match(await amy.locator('main').innerText(), /Your wishes have been saved/)
  assert.match(await amy.locator('.nhsuk-summary-list').innerText(), /First choice/)
  await amy.close()

  // 3. chidi.okafor (mentor) on a phone marks a mentee
  const chidi = await b.page({ width: 375, height: 740 })
  await signIn(chidi, srv.url, 'chidi.okafor')
  await landed(chidi, 'mentor home (phone)')
  await chidi.locator('main').getByRole('link', { name: 'Mentees you would prefer not to take' }).click()
  await landed(chidi, 'prefer not (phone)')
  assert.match(await chidi.locator('main').innerText(), /The mentee is never told/)
  await chidi.getByLabel("The mentee's email address").fill('not an address')
  await chidi.getByRole('button', { name: 'Mark this mentee' }).click()
  await landed(chidi, 'prefer not with an error (phone)')
  assert.match(await chidi.locator('#email-error').innerText(), /correct format/)
  await chidi.getByLabel("The mentee's email address").fill('ravi.patel@example.nhs.uk')
  await chidi.getByRole('button', { name: 'Mark this mentee' }).click()
  await landed(chidi, 'prefer not saved (phone)')
  assert.match(await chidi.locator('main').innerText(), /ravi\.patel@example\.nhs\.uk/)
  await chidi.close()
})
