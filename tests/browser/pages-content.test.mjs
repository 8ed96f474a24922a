// Browser sweep of issues 6 and 7's pages: sessions, activity, the
// record of mentoring, the calendar feed, notes and documents, the
// learning diary, guides, the journey and the mentoring agreement, for
// the demo mentee, mentor and scheme administrator.  Each page is opened
// at desktop and at phone width with axe (visit() runs it) and must not
// scroll sideways.  The areas' own browser tests walk their main flows.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, demoPassword } from '../lib/server.mjs'
import { openBrowser, visit } from '../lib/browser.mjs'

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

for (const [label, viewport] of [['desktop', null], ['phone', { width: 375, height: 740 }]]) {
  test(`the mentee's sessions, activity, diary, guides and content pages (${label})`, async () => {
    // the demo pairs chidi.okafor with tom.hughes: relationship 1
    const page = await b.page(viewport)
    await signIn(page, 'tom.hughes')
    for (const [path, what] of [
      ['/?tab=activity', 'home: my activity tab'],
      ['/relationships/1', 'relationship with sessions, agreement, journey, notes'],
      ['/relationships/1/sessions/new', 'add sessions'],
      ['/activity', 'my activity'],
      ['/activity/evidence', 'record of mentoring'],
      ['/settings/calendar', 'calendar feed'],
      ['/documents', 'documents'],
      ['/relationships/1/notes', 'notes and documents of a relationship'],
      ['/diary', 'learning diary'],
      ['/diary/new', 'new diary entry'],
      ['/guides', 'guides'],
      ['/guides/1', 'a guide'],
      ['/guides/1/pages/1', 'a guide page'],
      ['/relationships/1/journey', 'the journey'],
      ['/relationships/1/journey/review', 'progress review'],
      ['/relationships/1/agreement', 'the mentoring agreement'],
      ['/relationships/1/agreement/edit', 'draft the agreement']
    ]) await open(page, path, what)
    await page.close()
  })

  test(`the mentor's activity log (${label})`, async () => {
    const page = await b.page(viewport)
    await signIn(page, 'chidi.okafor')
    await open(page, '/relationships/1', 'relationship (mentor)')
    const log = page.locator('a[href^="/sessions/"][href$="/log"]').first()
    const href = await log.getAttribute('href')
    assert.ok(href, 'a session that took place links to its activity log')
    await open(page, href, 'activity log (mentor)')
    await page.close()
  })

  test(`the administrator's guides, journey and content rule pages (${label})`, async () => {
    const page = await b.page(viewport)
    await signIn(page, 'gareth.evans')
    for (const [path, what] of [
      ['/admin/schemes/1/guides', 'guides (administrator)'],
      ['/admin/schemes/1/journey', 'journey stages (administrator)'],
      ['/admin/schemes/1/content', 'notes and documents rule (administrator)'],
      ['/relationships/1', 'a relationship page (administrator)']
    ]) await open(page, path, what)
    await page.close()
  })
}
