// Browser test of issue 9's whole flow (EVAL-2 to EVAL-5): the mentor
// (chidi.okafor) marks relationship 1 as ended and is taken straight to
// the scheme's mentor evaluation (EVAL-3), chooses "Do this later",
// comes back to it from Past mentees on the home page and sends it; the
// mentee (tom.hughes) answers theirs from Evaluations; the scheme's
// administrator (gareth.evans, phone width) finds the results from the
// scheme's Evaluation page and sees the response counts, the charts with
// their tables, and one response.  axe runs on every page visited, and
// no page may scroll sideways.
//
// Data: the demo's two forms that ask on completion ("Mentor's
// reflection at completion" and "After your mentoring: your feedback")
// and sarah.mitchell's answered past relationships.
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

// choose `label` in the question whose legend matches `prompt` (a
// rating's labels read "4: Agree": a RegExp then)
async function choose (page, prompt, label) {
  await page.getByRole('group', { name: prompt })
    .getByLabel(label, typeof label === 'string' ? { exact: true } : {}).check()
}

test('the mentor ends a relationship, defers the evaluation, answers it later; the mentee answers; the administrator sees the results', async () => {
  // 1. chidi.okafor marks relationship 1 as ended ...
  const chidi = await b.page(null)
  await signIn(chidi, 'chidi.okafor')
  await visit(chidi, srv.url + '/relationships/1', 'the relationship')
  await chidi.getByRole('link', { name: 'Mark this relationship as ended' }).click()
  await landed(chidi, 'mark as ended')
  const now = new Date()
  await chidi.getByLabel('Day').fill(String(now.getUTCDate()))
  await chidi.getByLabel('Month').fill(String(now.getUTCMonth() + 1))
  await chidi.getByLabel('Year').fill(String(now.getUTCFullYear()))
  await chidi.getByRole('button', { name: 'Mark as ended' }).click()
  // ... and is taken straight to the form (EVAL-3)
  await landed(chidi, 'the mentor evaluation after completion')
  assert.match(chidi.url(), /\/evaluations\/\d+/)
  const evalUrl = new URL(chidi.url()).pathname
  let main = await chidi.locator('main').innerText()
  assert.match(main, /Mentor's reflection at completion/)
  assert.match(main, /You can also do it later/)

  // 2. not now: "Do this later"
  await chidi.getByRole('button', { name: 'Do this later' }).click()
  await landed(chidi, 'evaluation deferred')

  // 3. back from Past mentees on the home page
  await visit(chidi, srv.url + '/?tab=past', 'home: past mentees')
  await noSidewaysScroll(chidi, 'home: past mentees')
  await chidi.locator('main').getByRole('link', { name: /Complete your evaluation/ }).first().click()
  await landed(chidi, 'the mentor evaluation from past mentees')
  assert.equal(new URL(chidi.url()).pathname, evalUrl)
  await choose(chidi, /How useful do you think the mentoring was/, /: Useful$/)
  await choose(chidi, /I had the support I needed/, /: Agree$/)
  await choose(chidi, /Would you mentor for the scheme again/, 'Yes')
  await chidi.getByLabel(/What went well/).fill('Tom set clear goals and kept to them.')
  await chidi.getByRole('button', { name: 'Send my answers' }).click()
  await landed(chidi, 'the mentor evaluation sent')
  main = await chidi.locator('main').innerText()
  assert.match(main, /Tom set clear goals/)
  await chidi.close()

  // 4. tom.hughes answers his from Evaluations
  const tom = await b.page({ width: 375, height: 740 })
  await signIn(tom, 'tom.hughes')
  await visit(tom, srv.url + '/evaluations', 'mentee: evaluations')
  await noSidewaysScroll(tom, 'mentee: evaluations')
  await tom.locator('main').getByRole('link', { name: /After your mentoring/ }).first().click()
  await landed(tom, 'the mentee evaluation')
  await choose(tom, /My mentor listened/, /: Strongly agree$/)
  await choose(tom, /I achieved what I hoped/, /: Agree$/)
  await choose(tom, /How many times did you meet/, '3 to 5')
  await choose(tom, /Would you recommend mentoring/, 'Yes')
  await tom.getByRole('group', { name: /What helped most/ }).getByLabel('Setting goals and action points').check()
  await tom.getByLabel(/What could your mentor do differently/).fill('More time on rota planning.')
  await tom.getByRole('button', { name: 'Send my answers' }).click()
  await landed(tom, 'the mentee evaluation sent')
  // a mentee has no feedback page, and sees no aggregate anywhere
  const fb = await tom.goto(srv.url + '/evaluations/feedback')
  assert.equal(fb.status(), 404)
  await tom.close()

  // 5. gareth.evans (phone width) finds the results from the scheme's Evaluation page
  const gareth = await b.page({ width: 375, height: 740 })
  await signIn(gareth, 'gareth.evans')
  await visit(gareth, srv.url + '/admin/schemes/1/evaluations', 'admin: evaluation forms')
  await noSidewaysScroll(gareth, 'admin: evaluation forms')
  await gareth.locator('main').getByRole('link', { name: /Results of After your mentoring/ }).click()
  await landed(gareth, 'admin: results of the mentee form')
  main = await gareth.locator('main').innerText()
  // amy, ravi and tom answered; fatima was asked and has not yet
  assert.match(main, /Response rate of the form\s*75%/)
  assert.match(main, /3 responses \(to any version\) out of 4 evaluations of this form asked/)
  assert.match(main, /3 of these responses answered version 1\./)
  assert.match(main, /3 people answered this question\./)
  assert.match(main, /More time on rota planning\./)
  assert.match(main, /Tom Hughes/)
  const chart = gareth.locator('svg.tandem-evalresults-chart').first()
  assert.equal(await chart.getAttribute('role'), 'img')
  assert.match(await chart.locator('title').textContent(), /Bar chart of the answers to question 1/)
  assert.ok(await gareth.getByRole('region', { name: 'Answers to question 1' }).isVisible())
  await shot(gareth, 'evaluation-results-phone')

  // the filters: only Chidi's mentee, with a date range that holds today
  await gareth.getByLabel('Mentor', { exact: true }).selectOption({ label: 'Chidi Okafor' })
  await gareth.getByRole('button', { name: 'Show results' }).click()
  await landed(gareth, 'admin: results filtered by mentor')
  main = await gareth.locator('main').innerText()
  assert.match(main, /1 response \(to any version\) out of 1 evaluation of this form asked with these filters/)
  assert.match(main, /Response rate of the form\s*100%/)

  // a bad date: the message next to the field, the form kept
  await gareth.goto(srv.url + new URL(gareth.url()).pathname + '?from=2026-02-30&to=')
  await checkAxe(gareth, 'admin: results with a bad date')
  assert.match(await gareth.locator('main').innerText(), /The 'Asked from' date must be a real date/)

  // one response, opened from the list
  await gareth.goto(srv.url + new URL(gareth.url()).pathname)
  await gareth.locator('main').getByRole('link', { name: /Tom Hughes/ }).first().click()
  await landed(gareth, 'admin: one response')
  main = await gareth.locator('main').innerText()
  assert.match(main, /Response from Tom Hughes/)
  assert.match(main, /Chidi Okafor mentoring Tom Hughes/)
  assert.match(main, /Setting goals and action points/)

  // the mentor form's results: sarah's two answers and chidi's
  await visit(gareth, srv.url + '/admin/schemes/1/evaluations', 'admin: evaluation forms again')
  await gareth.locator('main').getByRole('link', { name: /Results of Mentor's reflection/ }).click()
  await landed(gareth, 'admin: results of the mentor form')
  main = await gareth.locator('main').innerText()
  assert.match(main, /3 of these responses answered version 1/)
  assert.match(main, /Tom set clear goals/)
  assert.deepEqual(gareth.jsErrors, [])
  await gareth.close()
})

test('a mentor with three mentees who answered sees the aggregate, in light and dark', async () => {
  // sarah.mitchell: amy and ravi answered in the demo; fatima answers now
  const fatima = await b.page(null)
  await signIn(fatima, 'fatima.begum')
  await visit(fatima, srv.url + '/switch-view', 'switch view')
  await fatima.getByLabel(/^Mentee/).check()
  await fatima.getByRole('button', { name: 'Use this view' }).click()
  await fatima.waitForLoadState('load')
  await visit(fatima, srv.url + '/evaluations', 'fatima: evaluations')
  await fatima.locator('main').getByRole('link', { name: /After your mentoring/ }).first().click()
  await landed(fatima, 'fatima: the evaluation')
  await choose(fatima, /My mentor listened/, /: Agree$/)
  await choose(fatima, /I achieved what I hoped/, /: Strongly agree$/)
  await choose(fatima, /How many times did you meet/, '10 or more')
  await choose(fatima, /Would you recommend mentoring/, 'Yes')
  await fatima.getByRole('button', { name: 'Send my answers' }).click()
  await landed(fatima, 'fatima: sent')
  await fatima.close()

  for (const colorScheme of ['light', 'dark']) {
    const sarah = await b.page({ width: 375, height: 740 }, { colorScheme })
    await signIn(sarah, 'sarah.mitchell')
    await visit(sarah, srv.url + '/evaluations/feedback', `sarah: feedback (${colorScheme})`)
    await noSidewaysScroll(sarah, 'sarah: feedback')
    const main = await sarah.locator('main').innerText()
    assert.match(main, /From 3 of your mentees/)
    assert.match(main, /3 mentees answered this question\./)
    // EVAL-5 per question: fatima skipped the optional 'What helped most?',
    // which only amy and ravi answered: no numbers for it
    assert.match(main, /What helped most\?\s*Fewer than 3 of your mentees have answered this question yet\./)
    assert.match(main, /Numbers are shown in groups of three mentees so that no one's answers can be picked out\./)
    assert.doesNotMatch(main, /Amy|Ravi|Fatima|rota changes/)
    assert.equal(await sarah.locator('svg.tandem-evalresults-chart').first().getAttribute('role'), 'img')
    await sarah.close()
  }
})
