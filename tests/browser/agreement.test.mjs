// Browser test of the mentoring agreement (REL-8): the mentor (Chidi
// Okafor, desktop) writes the agreement from the relationship page,
// first leaving out a required answer and seeing why; the mentee (Tom
// Hughes, phone width) finds it on his home page, reads it and confirms
// it; the mentor confirms it; both pages say it is agreed, dated.  axe
// runs on every page visited, and no page may scroll sideways.
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

test('the mentor drafts, the mentee confirms, the mentor confirms: agreed', async () => {
  // 1. Chidi opens the relationship and writes the agreement
  const chidi = await b.page(null)
  await signIn(chidi, 'chidi.okafor')
  await visit(chidi, srv.url + '/?tab=current', 'mentor home')
  await chidi.getByRole('link', { name: /Tom Hughes/ }).first().click()
  await landed(chidi, 'relationship page')
  assert.match(await chidi.locator('main').innerText(), /No agreement yet/)
  await chidi.getByRole('link', { name: 'Write your mentoring agreement' }).click()
  await landed(chidi, 'agreement form')
  await chidi.getByLabel('What do you expect of each other?').fill('Come prepared and be honest.')
  await chidi.getByLabel('How often will you meet?').fill('Once a month.')
  await chidi.getByLabel('How will you meet?').fill('By video, in person each quarter.')
  await chidi.getByLabel('What are your ground rules?').fill('What we say stays between us.')
  await chidi.getByLabel('How will it end?').fill('When the portfolio is done.')
  await chidi.getByLabel('What will you focus on first?').fill('The portfolio plan.')
  // the limits of confidentiality left out
  await chidi.getByRole('button', { name: 'Save and ask for confirmation' }).click()
  await landed(chidi, 'agreement form with an error')
  assert.match(await chidi.locator('.nhsuk-error-summary').innerText(),
    /Say what the limits of confidentiality are/)
  assert.equal(await chidi.getByLabel('How often will you meet?').inputValue(), 'Once a month.',
    'what was typed is kept')
  await chidi.getByLabel('What are the limits of confidentiality?').fill(
    'A risk to patients, to Tom or to others, or a fitness to practise concern: Chidi tells Tom first.')
  await chidi.getByLabel(/code of ethics/).check()
  await chidi.getByRole('button', { name: 'Save and ask for confirmation' }).click()
  await landed(chidi, 'draft saved')
  let text = await chidi.locator('main').innerText()
  assert.match(text, /The draft has been saved/)
  assert.match(text, /waiting for Chidi Okafor and Tom Hughes to confirm it/)
  await shot(chidi, 'agreement-draft')

  // 2. Tom (phone) sees it on his home page and confirms
  const tom = await b.page({ width: 375, height: 740 })
  await signIn(tom, 'tom.hughes')
  await visit(tom, srv.url + '/', 'mentee home')
  await noSidewaysScroll(tom, 'mentee home')
  await tom.getByRole('link', { name: /Read and confirm the draft mentoring agreement with Chidi Okafor/ }).click()
  await landed(tom, 'agreement to confirm (phone)')
  text = await tom.locator('main').innerText()
  assert.match(text, /fitness to practise concern/)
  await tom.getByRole('button', { name: 'Confirm this agreement' }).click()
  await landed(tom, 'mentee confirmed')
  assert.match(await tom.locator('main').innerText(), /You have confirmed this draft/)

  // 3. Chidi confirms
  await visit(chidi, srv.url + chidi.url().replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, ''),
    'agreement before the mentor confirms')
  await chidi.getByRole('button', { name: 'Confirm this agreement' }).click()
  await landed(chidi, 'agreed')
  text = await chidi.locator('main').innerText()
  assert.match(text, /You have both confirmed the agreement/)
  assert.match(text, /Agreed by Chidi Okafor on \d+ \w+ \d{4} and Tom Hughes on \d+ \w+ \d{4}/)
  await shot(chidi, 'agreement-agreed')

  // 4. both see it agreed on the relationship page
  await tom.reload()
  await landed(tom, 'agreed (phone)')
  assert.match(await tom.locator('main').innerText(), /Agreed by Chidi Okafor/)
  await tom.getByRole('link', { name: 'Back to the relationship' }).click()
  await landed(tom, 'relationship page (phone)')
  assert.match(await tom.locator('main').innerText(), /Agreed on \d+ \w+ \d{4}\. Next review due/)
})
