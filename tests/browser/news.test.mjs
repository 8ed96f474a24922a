// Browser test of news and resources (MSG-3): the scheme administrator
// (desktop) first gets the news form wrong and sees why, then publishes a
// news item for mentees and adds a link resource; the mentee, on a phone
// and then on a desktop, sees both on the home page and on the News and
// Resources pages, and opens the news item.  axe runs on every page, in
// both widths, and no page may scroll sideways.
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

const PHONE = { width: 375, height: 740 }

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

test('an administrator publishes news and a link; a mentee sees them on the home page and the Resources page', async () => {
  // 1. gareth.evans (scheme administrator, desktop)
  const gareth = await b.page(null)
  await signIn(gareth, 'gareth.evans')
  await visit(gareth, srv.url + '/admin/schemes/1/news', 'admin news and resources')
  await gareth.getByRole('link', { name: 'Add a news item' }).click()
  await landed(gareth, 'add news form')
  // forgot the title: the message is beside the field, the text is kept
  await gareth.getByLabel('News', { exact: true }).fill('The mentee welcome evening is on 10 December.\n\nAll mentees welcome.')
  await gareth.getByLabel('Mentees only').check()
  await gareth.getByRole('button', { name: 'Publish news item' }).click()
  await landed(gareth, 'add news form with errors')
  assert.match(await gareth.locator('.nhsuk-error-summary').innerText(), /Enter a title/)
  assert.match(await gareth.locator('#title-error').innerText(), /Enter a title/)
  assert.match(await gareth.getByLabel('News', { exact: true }).inputValue(), /welcome evening/)
  await gareth.getByLabel('Title').fill('Mentee welcome evening')
  await gareth.getByRole('button', { name: 'Publish news item' }).click()
  await landed(gareth, 'news published')
  assert.match(await gareth.locator('main').innerText(), /The news item has been published/)

  await gareth.getByRole('link', { name: 'Add a resource' }).click()
  await landed(gareth, 'add resource form')
  await gareth.getByLabel('Title').fill('Health Education England: mentoring')
  await gareth.getByLabel('Description (optional)').fill('Short videos on being mentored well.')
  await gareth.getByLabel('Category').fill('Further reading')
  await gareth.getByLabel('A link to a web page').check()
  await gareth.getByLabel('Web address (for a link)').fill('not a web address')
  await gareth.getByRole('button', { name: 'Add resource' }).click()
  await landed(gareth, 'add resource form with errors')
  assert.match(await gareth.locator('#url-error').innerText(), /starts with https:\/\//)
  await gareth.getByLabel('Web address (for a link)').fill('https://www.e-lfh.org.uk/mentoring')
  await gareth.getByRole('button', { name: 'Add resource' }).click()
  await landed(gareth, 'resource added')
  const admin = await gareth.locator('main').innerText()
  assert.match(admin, /The resource has been added/)
  assert.match(admin, /Health Education England: mentoring/)
  await shot(gareth, 'news-admin')
  await gareth.close()

  // 2. tom.hughes (mentee) on a phone, then on a desktop
  for (const viewport of [PHONE, null]) {
    const width = viewport ? 'phone' : 'desktop'
    const tom = await b.page(viewport)
    await signIn(tom, 'tom.hughes')
    await landed(tom, `home (${width})`)
    const home = tom.locator('.tandem-news-home')
    assert.match(await home.innerText(), /Mentee welcome evening/)
    assert.match(await home.innerText(), /Health Education England: mentoring/)
    assert.match(await home.innerText(), /link to www\.e-lfh\.org\.uk/)
    await noSidewaysScroll(tom, `home (${width})`)

    await home.getByRole('link', { name: 'Mentee welcome evening' }).click()
    await landed(tom, `news item (${width})`)
    assert.equal(await tom.locator('h1').innerText(), 'Mentee welcome evening')
    assert.match(await tom.locator('main').innerText(), /All mentees welcome\./)

    await visit(tom, srv.url + '/news', `news (${width})`)
    await noSidewaysScroll(tom, `news (${width})`)
    assert.match(await tom.locator('main').innerText(), /Mentee welcome evening/)

    await visit(tom, srv.url + '/resources', `resources (${width})`)
    await noSidewaysScroll(tom, `resources (${width})`)
    const page = tom.locator('main')
    assert.match(await page.innerText(), /Further reading/)
    const link = page.getByRole('link', { name: 'Health Education England: mentoring' })
    assert.equal(await link.getAttribute('href'), 'https://www.e-lfh.org.uk/mentoring')
    assert.match(await link.getAttribute('rel'), /noopener/)
    assert.match(await page.innerText(), /Link to www\.e-lfh\.org\.uk/)
    assert.match(await page.innerText(), /Code of practice \(placeholder\)/)
    assert.doesNotMatch(await page.innerText(), /Leadership Academy/)
    await shot(tom, `news-resources-${width}`)
    assert.deepEqual(tom.jsErrors, [])
    await tom.close()
  }
})
