// Browser test of the evaluation form builder and the annual review
// (EVAL-1, EVAL-2's settings, EVAL-6).  The scheme administrator
// (gareth.evans) opens Administration -> Evaluation for the demo scheme,
// creates a relationship form for mentees asked on completion, adds one
// question of each type (rating, single choice, multiple choice, yes/no,
// free text), sends one question with bad input (a single choice with
// one option) and sees the message beside the field with what he typed
// kept, looks at the preview and makes the form active; then creates an
// annual review, adds a question and opens it until a closing date.
//
// The flow runs twice: at desktop width with axe on every page visited
// (and no sideways scrolling), and in a browser without JavaScript (the
// pages are plain forms).  The list page, the form page and a question
// page are checked again at phone width (375px).  The demo may have
// evaluation forms of its own, so our forms are found by their titles.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, demoPassword } from '../lib/server.mjs'
import { openBrowser, checkAxe, shot } from '../lib/browser.mjs'

let srv, b
before(async () => {
  srv = await startServer({ demo: true, dev: true })
  b = await openBrowser()
})
after(async () => {
  await b?.close()
  await srv?.stop()
})

const PHONE = { width: 375, height: 740 }

async function noSidewaysScroll (page, label) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)
  assert.equal(wide, false, `${label}: the page scrolls sideways`)
}

// After each navigation: axe and no sideways scrolling, when the browser
// runs scripts (axe is one); without JavaScript the page must just load.
function checker (page, js) {
  page.setDefaultTimeout(10000)
  return async function landed (what) {
    await page.waitForLoadState('load')
    if (!js) return
    await checkAxe(page, what)
    await noSidewaysScroll(page, what)
  }
}

async function go (page, landed, url, what) {
  const res = await page.goto(srv.url + url, { waitUntil: 'load' })
  assert.ok(res.ok(), `${what}: HTTP ${res.status()}`)
  await landed(what)
  return res
}

async function signIn (page, landed, username) {
  await go(page, landed, '/sign-in', `sign-in as ${username}`)
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(demoPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await landed('signed in')
}

const main = (page) => page.locator('main').innerText()

// The closing date of the annual review: 60 days from now.
function inDays (n) {
  const d = new Date(Date.now() + n * 86400e3)
  return { day: String(d.getUTCDate()), month: String(d.getUTCMonth() + 1), year: String(d.getUTCFullYear()) }
}

// Add a question of `type` (its words in the chooser) from the form page.
async function addQuestion (page, landed, type, fill, what) {
  await page.getByRole('link', { name: 'Add a question' }).click()
  await landed(`choose the type (${what})`)
  assert.match(await page.locator('h1').innerText(), /What type of question\?/)
  await page.getByLabel(type, { exact: true }).check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await landed(`add a question: ${type} (${what})`)
  assert.equal(await page.locator('h1').innerText(), `Add a question: ${type}`)
  await fill()
  await page.getByRole('button', { name: 'Add the question' }).click()
  await landed(`question added: ${type} (${what})`)
  assert.match(await main(page), /The question has been added/)
}

async function builderFlow (page, { js, tag }) {
  const landed = checker(page, js)
  const what = js ? 'desktop' : 'no JavaScript'
  await signIn(page, landed, 'gareth.evans')

  // 1. Administration -> Evaluation (the demo scheme's tab)
  await go(page, landed, '/admin', `administration (${what})`)
  await page.getByRole('navigation', { name: /^Scheme: .*Northfield/ }).getByRole('link', { name: 'Evaluation', exact: true }).click()
  await landed(`evaluation forms (${what})`)
  assert.match(page.url(), /\/admin\/schemes\/1\/evaluations$/)
  assert.equal(await page.locator('h1').innerText(), 'Evaluation')

  // 2. create a relationship form for mentees, asked on completion
  const title = `End of mentoring: mentee feedback ${tag}`
  await page.getByLabel('Title', { exact: true }).fill(title)
  await page.getByLabel('Introduction (optional)').fill('Thank you for taking part. The scheme team reads every answer.')
  await page.getByLabel('Each mentoring relationship').check()
  await page.getByLabel('Mentees', { exact: true }).check()
  await page.getByLabel('When the relationship is completed').check()
  await page.getByRole('button', { name: 'Create the form' }).click()
  await landed(`form created (${what})`)
  assert.match(page.url(), /\/admin\/evaluations\/forms\/\d+\?done=added$/)
  let text = await main(page)
  assert.match(text, /The form has been created/)
  assert.equal(await page.locator('h1').innerText(), title)
  assert.match(text, /Status\s+Draft/)
  assert.match(text, /Who answers\s+Mentees/)
  assert.match(text, /When the relationship is completed/i)
  assert.match(text, /There are no questions yet/)
  assert.equal(await page.getByRole('button', { name: 'Make active' }).count(), 0,
    'a form without questions cannot be made active')
  const formUrl = page.url().replace(/\?.*$/, '')

  // 3. one question of each type
  await addQuestion(page, landed, 'Rating scale (1 to 5)', async () => {
    await page.getByLabel('Question', { exact: true }).fill('My mentor listened to me')
    assert.equal(await page.getByLabel('1', { exact: true }).inputValue(), 'Strongly disagree')
    assert.equal(await page.getByLabel('5', { exact: true }).inputValue(), 'Strongly agree')
    await page.getByLabel('3', { exact: true }).fill('Neither agree nor disagree')
  }, what)

  // the single choice, first with one option: the message is beside the
  // field, and the question, hint and option typed are kept
  await page.getByRole('link', { name: 'Add a question' }).click()
  await landed(`choose the type (${what})`)
  await page.getByLabel('Single choice', { exact: true }).check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await landed(`add a question: single choice (${what})`)
  await page.getByLabel('Question', { exact: true }).fill('How often did you meet?')
  await page.getByLabel('Hint (optional)').fill('Think of the usual gap between meetings.')
  await page.getByRole('group', { name: 'Must people answer it?' }).getByLabel('No, it is optional').check()
  await page.getByLabel('Options', { exact: true }).fill('Weekly')
  const qres = page.waitForResponse((r) => r.request().method() === 'POST')
  await page.getByRole('button', { name: 'Add the question' }).click()
  assert.equal((await qres).status(), 422)
  await landed(`single choice with one option (${what})`)
  assert.match(await page.title(), /^Error: /)
  assert.match(await page.locator('.nhsuk-error-summary').innerText(), /Enter at least 2 options, one on each line/)
  assert.match(await page.locator('#options-error').innerText(), /Enter at least 2 options, one on each line/)
  assert.equal(await page.locator('#options').getAttribute('aria-describedby'), 'options-hint options-error')
  assert.equal(await page.getByLabel('Question', { exact: true }).inputValue(), 'How often did you meet?')
  assert.equal(await page.getByLabel('Hint (optional)').inputValue(), 'Think of the usual gap between meetings.')
  assert.equal(await page.getByLabel('Options', { exact: true }).inputValue(), 'Weekly')
  assert.ok(await page.getByLabel('No, it is optional').isChecked(), 'the "optional" choice is kept')
  // the error summary's link goes to the field
  assert.equal(await page.locator('.nhsuk-error-summary a').first().getAttribute('href'), '#options')
  if (js) await shot(page, 'evalforms-question-error-desktop')
  await page.getByLabel('Options', { exact: true }).fill('Weekly\nEvery two weeks\nMonthly\nLess often')
  await page.getByRole('button', { name: 'Add the question' }).click()
  await landed(`question added: single choice (${what})`)
  assert.match(await main(page), /The question has been added/)

  await addQuestion(page, landed, 'Multiple choice', async () => {
    await page.getByLabel('Question', { exact: true }).fill('What did you work on together?')
    await page.getByLabel('Options', { exact: true }).fill('Career planning\nConfidence\nLeadership\nWellbeing')
  }, what)
  await addQuestion(page, landed, 'Yes or no', async () => {
    await page.getByLabel('Question', { exact: true }).fill('Would you recommend the scheme to a colleague?')
  }, what)
  await addQuestion(page, landed, 'Free text', async () => {
    await page.getByLabel('Question', { exact: true }).fill('What could the scheme do better?')
    await page.getByRole('group', { name: 'Must people answer it?' }).getByLabel('No, it is optional').check()
    await page.getByLabel('Longest answer, in characters').fill('1000')
  }, what)

  // 4. the questions in order, and the preview as people see it
  text = await main(page)
  const order = ['1. My mentor listened to me', '2. How often did you meet?',
    '3. What did you work on together?', '4. Would you recommend the scheme to a colleague?',
    '5. What could the scheme do better?']
  const list = await page.locator('.tandem-evalforms-questions').innerText()
  let at = -1
  for (const q of order) {
    const i = list.indexOf(q)
    assert.ok(i > at, `question in order: ${q}`)
    at = i
  }
  assert.match(list, /Rating scale \(1 to 5\), required\. Strongly disagree, Disagree, Neither agree nor disagree, Agree, Strongly agree/)
  assert.match(list, /Single choice, optional\. Weekly, Every two weeks, Monthly, Less often/)
  assert.match(list, /Yes or no, required\. Yes, No/)
  assert.match(list, /Free text, optional\. Up to 1000 characters/)
  const preview = page.locator('.tandem-evalforms-preview')
  const pv = await preview.innerText()
  assert.ok(pv.startsWith(title), 'the preview starts with the title')
  assert.doesNotMatch(pv, /\}\}|is_required/, 'no template text shows')
  assert.match(pv, /Thank you for taking part/)
  assert.match(pv, /1\. My mentor listened to me/)
  assert.match(pv, /3: Neither agree nor disagree/)
  assert.match(pv, /2\. How often did you meet\? \(optional\)/)
  assert.match(pv, /Think of the usual gap between meetings\./)
  assert.match(pv, /Select all that apply\./)
  assert.match(pv, /Up to 1000 characters\./)
  assert.equal(await preview.getByRole('radio').count(), 5 + 4 + 2)
  assert.equal(await preview.getByRole('checkbox').count(), 4)
  assert.equal(await preview.getByRole('textbox').count(), 1)
  assert.equal(await preview.locator('input:not([disabled]), textarea:not([disabled])').count(), 0,
    'the preview cannot be filled in')
  assert.equal(await preview.getByRole('group', { name: /Would you recommend the scheme/ }).getByLabel('Yes').count(), 1)
  if (js) await shot(page, 'evalforms-form-desktop')

  // 5. make it active
  await page.getByRole('button', { name: 'Make active' }).click()
  await landed(`form made active (${what})`)
  text = await main(page)
  assert.match(text, /The form's status has been changed/)
  assert.match(text, /Status\s+Active/)
  assert.equal(await page.getByRole('button', { name: 'Close the form' }).count(), 1)

  // the list shows it by its title
  await page.getByRole('link', { name: 'Back to evaluation forms' }).click()
  await landed(`evaluation forms, one active (${what})`)
  const row = page.locator('tbody tr').filter({ has: page.getByRole('link', { name: title, exact: true }) })
  assert.equal(await row.count(), 1)
  const rowText = await row.innerText()
  assert.match(rowText, /Mentees/)
  assert.match(rowText, /Active/)
  assert.match(rowText, /Active\s+1\s+0 Results/, 'status, version 1, no responses')

  // 6. an annual review for every participant: a question, then open it
  const annual = `Annual review of the scheme ${tag}`
  await page.getByLabel('Title', { exact: true }).fill(annual)
  await page.getByLabel("The scheme's annual review").check()
  await page.getByLabel('Every participant (annual review only)').check()
  await page.getByRole('button', { name: 'Create the form' }).click()
  await landed(`annual review created (${what})`)
  assert.equal(await page.locator('h1').innerText(), annual)
  text = await main(page)
  assert.match(text, /Who answers\s+Every participant/)
  assert.match(text, /Add at least one question before you open the review/)
  assert.equal(await page.getByRole('button', { name: 'Open the review' }).count(), 0)
  await addQuestion(page, landed, 'Rating scale (1 to 5)', async () => {
    await page.getByLabel('Question', { exact: true }).fill('The scheme helped me in my work this year')
  }, `${what}, annual`)
  const until = inDays(60)
  const dates = page.getByRole('group', { name: 'Open the review until' })
  await dates.getByLabel('Day').fill(until.day)
  await dates.getByLabel('Month').fill(until.month)
  await dates.getByLabel('Year').fill(until.year)
  await page.getByRole('button', { name: 'Open the review' }).click()
  await landed(`annual review opened (${what})`)
  text = await main(page)
  assert.match(text, /The annual review is open until .+\. \d+ (people have|person has) been asked to answer it\./)
  assert.match(text, /Status\s+Open/)
  assert.equal(await page.getByRole('button', { name: 'Close the review now' }).count(), 1)
  assert.equal(await page.getByRole('button', { name: 'Open the review' }).count(), 0)
  if (js) await shot(page, 'evalforms-annual-desktop')

  assert.deepEqual(page.jsErrors, [])
  return formUrl
}

test('EVAL-1, EVAL-6: an administrator builds a relationship form and opens the annual review (desktop, axe on every page)', async () => {
  const page = await b.page(null)
  await builderFlow(page, { js: true, tag: '(desktop)' })
  await page.close()
})

test('EVAL-1, EVAL-6: the same flow works without JavaScript', async () => {
  const page = await b.page(null, { javaScript: false })
  await builderFlow(page, { js: false, tag: '(no JavaScript)' })
  await page.close()
})

test('EVAL-1: the list, a form and a question page at phone width (375px): axe, no sideways scrolling', async () => {
  const page = await b.page(PHONE)
  const landed = checker(page, true)
  await signIn(page, landed, 'gareth.evans')
  await go(page, landed, '/admin/schemes/1/evaluations', 'evaluation forms (phone)')
  await shot(page, 'evalforms-list-phone')
  await page.getByRole('link', { name: 'End of mentoring: mentee feedback (desktop)', exact: true }).click()
  await landed('the form page (phone)')
  assert.match(await page.locator('h1').innerText(), /mentee feedback \(desktop\)/)
  assert.match(await page.locator('.tandem-evalforms-preview').innerText(), /Would you recommend the scheme/)
  await shot(page, 'evalforms-form-phone')
  // a question page: changing the single choice, and the kind chooser
  await page.getByRole('link', { name: 'Change question 2' }).click()
  await landed('change a question (phone)')
  assert.equal(await page.locator('h1').innerText(), 'Change a question: Single choice')
  assert.match(await page.getByLabel('Options', { exact: true }).inputValue(), /Every two weeks/)
  // bad input at phone width too: the message is beside the field
  await page.getByLabel('Options', { exact: true }).fill('Weekly\nWeekly')
  await page.getByRole('button', { name: 'Save the question' }).click()
  await landed('change a question with errors (phone)')
  assert.match(await page.locator('#options-error').innerText(), /Each option must be different/)
  await shot(page, 'evalforms-question-phone')
  await page.getByRole('link', { name: 'Back to the form' }).click()
  await landed('the form page again (phone)')
  await page.getByRole('link', { name: 'Add a question' }).click()
  await landed('choose the type (phone)')
  await page.getByRole('button', { name: 'Continue' }).click()
  await landed('choose the type, nothing chosen (phone)')
  // the annual review's page, open, at phone width
  await go(page, landed, '/admin/schemes/1/evaluations', 'evaluation forms, all (phone)')
  await page.getByRole('link', { name: 'Annual review of the scheme (desktop)', exact: true }).click()
  await landed('the annual review (phone)')
  assert.match(await main(page), /Status\s+Open/)
  assert.deepEqual(page.jsErrors, [])
  await page.close()
})
