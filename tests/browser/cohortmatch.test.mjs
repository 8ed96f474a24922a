// Browser test of cohort matching (REQ-11): the scheme administrator
// sees the off state (turned off first: the demo has it on), turns cohort
// matching on (the page first says how), runs the matching
// for everyone waiting, locks a pair, changes a mentee's mentor, re-runs
// around the locked pairs, and confirms ("This will create N
// relationships ..."). Axe on every page; once more at phone width, where
// no page may scroll sideways.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startWithBrowser, stopWithBrowser, visit, signIn, landed } from '../lib/browser.mjs'

let srv, b
before(async () => ({ srv, b } = await startWithBrowser()))
after(() => stopWithBrowser(srv, b))

// Turn the scheme's "Match within cohorts" setting on or off.
async function cohortMatching (page, on) {
  await visit(page, srv.url + '/admin/schemes/1/settings', 'settings')
  await page.getByLabel('Match within cohorts').setChecked(on)
  await page.getByRole('button', { name: 'Save settings' }).click()
  await page.waitForLoadState('load')
}

test('phone width: the matching pages fit', async () => {
  const page = await b.page({ width: 375, height: 740 })
  await signIn(page, srv.url, 'gareth.evans')
  await visit(page, srv.url + '/admin/schemes/1/cohort-matching', 'phone: matching')
  await landed(page, 'phone: matching')
  await page.getByLabel('Who to match').selectOption('all')
  await page.getByRole('button', { name: 'Run the matching' }).click()
  await landed(page, 'phone: a run')
  // the actions are on the first screens, above the pairs
  const top = async (loc) => (await loc.boundingBox()).y
  const pairs = await top(page.locator('#pairs'))
  assert.ok(await top(page.getByRole('button', { name: 'Confirm these pairs' })) < pairs)
  assert.ok(await top(page.getByRole('button', { name: 'Discard this run' })) < pairs)
  // discarded, so the next test starts with every mentee waiting
  await page.getByRole('button', { name: 'Discard this run' }).click()
  await landed(page, 'phone: discarded')
  await page.close()
})

test('run, lock, change, re-run and confirm', async () => {
  const page = await b.page(null)
  await signIn(page, srv.url, 'gareth.evans')
  await cohortMatching(page, false)
  await visit(page, srv.url + '/admin/schemes/1/cohort-matching', 'matching (off)')
  await landed(page, 'matching (off)')
  assert.match(await page.locator('main').innerText(), /Cohort matching is turned off/)
  await cohortMatching(page, true)
  await visit(page, srv.url + '/admin/schemes/1/cohort-matching', 'matching')
  await landed(page, 'matching')
  await page.getByLabel('Who to match').selectOption('all')
  await page.getByRole('button', { name: 'Run the matching' }).click()
  await landed(page, 'a run')
  assert.match(await page.locator('h1').innerText(), /Run \d+: Everyone waiting/)
  // lock the first pair
  await page.locator('input[name="locked"]').first().check()
  await page.getByRole('button', { name: 'Save locks' }).click()
  await landed(page, 'locks saved')
  assert.match(await page.locator('main').innerText(), /The locks have been saved/)
  // change a mentee's mentor
  await page.getByRole('link', { name: /Change/ }).first().click()
  await landed(page, 'choose a mentor')
  await page.locator('input[name="mentor_id"]').last().check()
  await page.getByRole('button', { name: 'Use this mentor' }).click()
  await landed(page, 'changed')
  assert.match(await page.locator('main').innerText(), /The mentor has been changed and the pair locked/)
  // the reasons open under the score
  const why = page.locator('details.tandem-cohortmatch-why').first()
  await why.locator('summary').click()
  assert.equal(await why.evaluate((d) => d.open), true)
  // tick every pair and choose Re-run at once: the ticks are saved with it
  for (const box of await page.locator('input[name="locked"]').all()) await box.check()
  const ticked = await page.locator('input[name="locked"]').count()
  await page.getByRole('button', { name: 'Re-run around the locked pairs' }).click()
  await landed(page, 're-run')
  assert.match(await page.locator('main').innerText(), /run again around the locked pairs/)
  assert.equal(await page.locator('input[name="locked"]:checked').count(), ticked, 'every ticked pair kept its lock')
  // confirm
  await page.getByRole('button', { name: 'Confirm these pairs' }).click()
  await landed(page, 'confirm page')
  assert.match(await page.locator('main').innerText(), /This will create \d+ relationships and email \d+ people/)
  await page.getByRole('button', { name: 'Confirm and make the relationships' }).click()
  await landed(page, 'confirmed')
  assert.match(await page.locator('main').innerText(), /The run has been confirmed/)
  await page.close()
})
