// Browser test of issue 10's people administration (ADM-1, ADM-3): the
// scheme administrator edits a person (first with a bad email, seeing
// why), imports people from CSV (the dry run shows the bad row, then a
// good file is imported), and filters the relationship list (a bad date
// first).  Desktop and phone widths; axe runs on every page, and no page
// may scroll sideways.
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

async function landed (page, what) {
  await page.waitForLoadState('load')
  await checkAxe(page, what)
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)
  assert.equal(wide, false, `${what}: the page scrolls sideways`)
}

for (const [label, viewport] of [['desktop', null], ['phone', { width: 375, height: 740 }]]) {
  test(`edit a person, import people with a bad row, filter relationships (${label})`, async () => {
    const page = await b.page(viewport)
    await signIn(page, 'gareth.evans')

    // 1. edit Ravi Patel: a bad email first, then a good change
    await visit(page, srv.url + '/admin/users?q=patel', 'people search')
    await page.getByRole('link', { name: /Ravi\w* Patel/ }).first().click()
    await landed(page, 'person page')
    await page.getByRole('link', { name: /Change details and roles/ }).click()
    await landed(page, 'edit form')
    await page.getByLabel('Email address').fill('not an email')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await landed(page, 'edit form with an error')
    assert.match(await page.locator('.nhsuk-error-summary').innerText(), /Enter an email address/)
    assert.equal(await page.getByLabel('Email address').inputValue(), 'not an email')
    await page.getByLabel('Email address').fill(`ravi.${label}@example.nhs.uk`)
    await page.getByLabel('Given name').fill('Ravinder')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await landed(page, 'person page after the change')
    assert.match(await page.locator('main').innerText(), /Ravinder Patel/)
    await shot(page, `people-person-${label}`)

    // 2. import: a bad row is shown with its line, nothing written
    await visit(page, srv.url + '/admin/users', 'people list')
    await page.getByRole('link', { name: /Import people into/ }).first().click()
    await landed(page, 'import form')
    const head = 'username,email,given_name,family_name,role\n'
    await page.getByLabel('Or paste the CSV text').fill(head +
      `imp.${label},imp.${label}@example.nhs.uk,Imogen,Porter,mentee\n` +
      `tom.hughes,tom.${label}@example.nhs.uk,Tom,Again,boss\n`)
    await page.getByRole('button', { name: 'Check the file' }).click()
    await landed(page, 'import dry run with problems')
    const summary = await page.locator('.nhsuk-error-summary').innerText()
    assert.match(summary, /Line 3: Role must be mentor, mentee or both; Username tom.hughes is already taken/)
    assert.equal(await page.getByRole('button', { name: /Import \d+ people/ }).count(), 0)
    await shot(page, `people-import-problems-${label}`)
    await page.getByLabel('Or paste the CSV text').fill(head +
      `imp.${label},imp.${label}@example.nhs.uk,Imogen,Porter,mentee\n`)
    await page.getByRole('button', { name: 'Check the file' }).click()
    await landed(page, 'import dry run ready')
    await page.getByRole('button', { name: 'Import 1 people' }).click()
    await landed(page, 'people list after import')
    assert.match(await page.locator('main').innerText(), /The people have been imported/)

    // 3. the relationship list: a bad date, then a mentor filter
    await visit(page, srv.url + '/admin/schemes/1/relationships', 'relationships')
    await page.locator('summary', { hasText: 'Filter relationships' }).click()
    await page.getByLabel('Started on or after').fill('2026-02-30')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await landed(page, 'relationships with a bad date')
    assert.match(await page.locator('.nhsuk-error-summary').innerText(), /Started from must be a real date/)
    await page.getByLabel('Started on or after').fill('')
    await page.getByLabel('Mentor', { exact: true }).selectOption({ label: 'Sarah Mitchell' })
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await landed(page, 'relationships filtered by mentor')
    const rows = await page.locator('table tbody tr').allInnerTexts()
    assert.equal(rows.length, 3)
    for (const r of rows) assert.match(r, /Sarah Mitchell/)
    await shot(page, `people-relationships-filtered-${label}`)
    assert.deepEqual(page.jsErrors, [])
    await page.close()
  })
}
