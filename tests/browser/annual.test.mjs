// Browser test of the scheme standards page (ADM-6) and the annual
// report (ADM-5): the scheme administrator opens the standards, writes a
// note, attaches a document, opens the annual report and writes its
// sections; on a desktop, at phone width and with print media emulated
// (menus and buttons hidden).  axe runs on every page (visit()).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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

test('a scheme administrator documents the standards and writes the annual report', async () => {
  const g = await b.page(null)
  await signIn(g, 'gareth.evans')
  await visit(g, srv.url + '/admin/schemes/1/standards', 'standards')
  await landed(g, 'standards')
  await g.getByRole('link', { name: /Add a note or document for: Taking part is voluntary/ }).click()
  await landed(g, 'standards point')
  await g.getByLabel('Your note').fill('Our leaflet says taking part is voluntary.')
  await g.getByRole('button', { name: 'Save note' }).click()
  await landed(g, 'note saved')
  assert.match(await g.locator('main').innerText(), /The note has been saved/)
  const dir = mkdtempSync(join(tmpdir(), 'annual-'))
  const file = join(dir, 'leaflet.pdf')
  writeFileSync(file, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
  await g.getByLabel('Attach a document').setInputFiles(file)
  await g.getByRole('button', { name: 'Attach document' }).click()
  await landed(g, 'document attached')
  assert.match(await g.locator('main').innerText(), /leaflet\.pdf/)
  await shot(g, 'annual-standards-point')
  // ADM-6: removing a document asks first
  await g.getByRole('link', { name: /Remove leaflet\.pdf/ }).click()
  await landed(g, 'remove a document: are you sure?')
  assert.match(await g.locator('h1').innerText(), /Remove leaflet\.pdf\?/)
  await g.getByRole('button', { name: 'Remove document' }).click()
  await landed(g, 'document removed')
  assert.match(await g.locator('main').innerText(), /The document has been removed/)

  await visit(g, srv.url + '/admin/schemes/1/annual-report', 'annual report')
  await landed(g, 'annual report')
  await g.getByRole('link', { name: "Write the report's sections" }).click()
  await landed(g, 'annual sections')
  await g.getByLabel('Aims').fill('Every trainee offered a mentor.')
  await g.getByLabel('Changes made in response to feedback').fill('Shorter first meetings.')
  await g.getByLabel('Plans').fill('Two cohorts next year.')
  await g.getByRole('button', { name: 'Save sections' }).click()
  await landed(g, 'annual report saved')
  const text = await g.locator('main').innerText()
  assert.match(text, /Every trainee offered a mentor/)
  assert.match(text, /Our leaflet says taking part is voluntary/)
  assert.ok(await g.getByRole('button', { name: 'Print or save as PDF' }).isVisible(),
    'the print button shows with JavaScript')
  await shot(g, 'annual-report')

  // print: menus and buttons hidden, the content kept
  await g.emulateMedia({ media: 'print' })
  assert.equal(await g.getByRole('button', { name: 'Print or save as PDF' }).isVisible(), false)
  assert.equal(await g.locator('header').first().isVisible(), false)
  assert.ok(await g.getByRole('heading', { name: /Annual report/ }).isVisible())
  await shot(g, 'annual-report-print')
  await g.emulateMedia({ media: 'screen' })

  // phone width
  const phone = await b.page({ width: 375, height: 740 })
  await signIn(phone, 'gareth.evans')
  await visit(phone, srv.url + '/admin/schemes/1/standards', 'standards (phone)')
  await landed(phone, 'standards (phone)')
  await visit(phone, srv.url + '/admin/schemes/1/annual-report', 'annual report (phone)')
  await landed(phone, 'annual report (phone)')
  await shot(phone, 'annual-report-phone')
})
