// Browser test of notes and documents (NOTE-1 to NOTE-3): the mentor
// (desktop) writes a note on the relationship page's notes page, first
// empty (the message beside the field), then with text, and shares it;
// the mentee (phone width) sees it; the mentor stops sharing and the
// mentee can no longer open it; the mentor uploads a document shared
// with the mentee, who finds it on the Documents page and downloads it.
// axe runs on every page (visit() and landed()), no page scrolls
// sideways.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, demoPassword } from '../lib/server.mjs'
import { openBrowser, visit, checkAxe, shot } from '../lib/browser.mjs'

let srv, b, dir
before(async () => {
  srv = await startServer({ demo: true })
  b = await openBrowser()
  dir = mkdtempSync(join(tmpdir(), 'tandem-notes-'))
})
after(async () => {
  await b?.close()
  await srv?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
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

test('a note shared and unshared, a document uploaded and downloaded', async () => {
  const chidi = await b.page(null)
  await signIn(chidi, 'chidi.okafor')
  await visit(chidi, srv.url + '/?tab=current', 'mentor home')
  await chidi.getByRole('link', { name: /Tom Hughes/ }).first().click()
  await landed(chidi, 'relationship page')
  const relUrl = chidi.url()
  assert.match(await chidi.locator('main').innerText(), /Notes and documents/)
  await chidi.getByRole('link', { name: 'Add a note' }).click()
  await landed(chidi, 'notes page')

  // an empty note: the message beside the field
  await chidi.getByRole('button', { name: 'Add note' }).click()
  await landed(chidi, 'empty note refused')
  assert.match(await chidi.locator('.nhsuk-error-summary').innerText(), /Enter the note/)
  assert.match(await chidi.locator('#text-error').innerText(), /Enter the note/)

  await chidi.getByLabel('Your note').fill('Agenda for our next meeting:\n1. Your goals\n2. <b>Rota</b> worries')
  await chidi.getByLabel('Share this note with Tom Hughes').check()
  await chidi.getByRole('button', { name: 'Add note' }).click()
  await landed(chidi, 'note added')
  assert.match(await chidi.locator('main').innerText(), /Your note has been added/)
  await shot(chidi, 'notes-page')

  // the mentee, on a phone, reads it with its line breaks
  const tom = await b.page({ width: 375, height: 740 })
  await signIn(tom, 'tom.hughes')
  await visit(tom, relUrl, 'mentee relationship page (phone)')
  await tom.getByRole('link', { name: /Read the note/ }).first().click()
  await landed(tom, 'shared note (phone)')
  const noteUrl = tom.url()
  const text = await tom.locator('.tandem-notes-text').innerText()
  assert.equal(text, 'Agenda for our next meeting:\n1. Your goals\n2. <b>Rota</b> worries')
  await shot(tom, 'notes-shared-phone')

  // the mentor stops sharing: the mentee can no longer open it
  await chidi.getByRole('button', { name: /Stop sharing/ }).first().click()
  await landed(chidi, 'note unshared')
  assert.match(await chidi.locator('main').innerText(), /no longer shared/)
  const res = await tom.goto(noteUrl)
  assert.equal(res.status(), 404)
  await checkAxe(tom, 'not found (phone)')
  await visit(tom, relUrl, 'mentee relationship page after unsharing')
  assert.doesNotMatch(await tom.locator('main').innerText(), /Agenda for our next meeting/)

  // a document, uploaded shared, downloaded by the mentee from Documents
  const file = join(dir, 'Meeting plan.pdf')
  const pdf = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'
  writeFileSync(file, pdf)
  await chidi.getByLabel('Choose a file').setInputFiles(file)
  await chidi.getByLabel('Share this document with Tom Hughes').check()
  await chidi.getByRole('button', { name: 'Upload document' }).click()
  await landed(chidi, 'document uploaded')
  assert.match(await chidi.locator('main').innerText(), /Your document has been uploaded/)

  await visit(tom, srv.url + '/documents', 'documents page (phone)')
  const docs = await tom.locator('main').innerText()
  assert.match(docs, /Meeting plan\.pdf/)
  assert.match(docs, /PDF/)
  assert.match(docs, /Chidi Okafor/)
  await shot(tom, 'documents-phone')
  const [download] = await Promise.all([
    tom.waitForEvent('download'),
    tom.getByRole('link', { name: 'Meeting plan.pdf' }).click()
  ])
  assert.equal(download.suggestedFilename(), 'Meeting plan.pdf')
  const saved = join(dir, 'downloaded.pdf')
  await download.saveAs(saved)
  assert.equal(readFileSync(saved, 'utf8'), pdf)

  // the administrator's settings page, too
  const gareth = await b.page(null)
  await signIn(gareth, 'gareth.evans')
  await visit(gareth, srv.url + '/admin/schemes/1/content', 'administrator content settings')
  await visit(gareth, relUrl, 'administrator relationship page')
  assert.doesNotMatch(await gareth.locator('main').innerText(), /Meeting plan/)
  for (const p of [chidi, tom, gareth]) assert.deepEqual(p.jsErrors, [])
})
