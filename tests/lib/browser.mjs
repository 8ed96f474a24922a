// browser.mjs - Debian's Chromium driven by playwright-core, and axe-core
// run on every page a test visits.
//
//   const b = await openBrowser()
//   const page = await b.page({ width: 375, height: 740 })
//   await visit(page, url)        // navigates and asserts no axe violations
//   await signIn(page, srv.url, 'gareth.evans')
//   await follow(page, page.getByRole('button', { name: 'Save' }), 'saved')
import { chromium } from 'playwright-core'
import { createRequire } from 'node:module'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import assert from 'node:assert/strict'
import { root, demoPassword, startServer } from './server.mjs'

const require = createRequire(import.meta.url)
const axePath = require.resolve('axe-core/axe.min.js')
export const screenshots = join(root, 'tests', 'browser', 'screenshots')

// Chromium starts with a fresh temporary profile each time.
export async function openBrowser () {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync',
      '--disable-quic']
  })
  return {
    browser,
    // A page in a context of its own (its own cookies): one visitor.
    async page (viewport, { javaScript = true, colorScheme = 'light' } = {}) {
      const ctx = await browser.newContext({
        colorScheme,
        // axe is injected as a script: our Content-Security-Policy would
        // (rightly) block that, so the test browser is told to ignore it
        bypassCSP: true,
        javaScriptEnabled: javaScript,
        viewport: viewport || { width: 1280, height: 900 }
      })
      const page = await ctx.newPage()
      const close = page.close.bind(page)
      page.close = async () => { await close(); await ctx.close() }
      const errors = []
      page.on('pageerror', (e) => errors.push(String(e)))
      // script errors only: an error status the test asked for (a 403 on
      // a refused sign-in) is logged by Chromium too, and is not one
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text())
      })
      page.jsErrors = errors
      return page
    },
    async close () { await browser.close() }
  }
}

// Run axe (WCAG 2.0-2.2 A and AA) on the page as it is now.
export async function checkAxe (page, label) {
  await page.addScriptTag({ path: axePath })
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }
    })
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5)
    }))
  })
  assert.deepEqual(result, [], `axe violations on ${label}:\n${JSON.stringify(result, null, 2)}`)
}

export async function visit (page, url, label = url) {
  const res = await page.goto(url, { waitUntil: 'load' })
  assert.ok(res.ok(), `${label}: HTTP ${res.status()}`)
  await checkAxe(page, label)
  return res
}

export async function shot (page, name) {
  mkdirSync(screenshots, { recursive: true })
  await page.screenshot({ path: join(screenshots, name + '.png'), fullPage: true })
}

// ---- what the test files share ----

// A server (the demo unless opts say otherwise) and a browser for a test
// file, and their end:
//   before(async () => ({ srv, b } = await startWithBrowser()))
//   after(() => stopWithBrowser(srv, b))
export async function startWithBrowser (opts = { demo: true }) {
  const srv = await startServer(opts)
  return { srv, b: await openBrowser() }
}
export async function stopWithBrowser (srv, b) {
  await b?.close()
  await srv?.stop()
}

// The page is no wider than its window (no sideways scrolling, above all
// at phone width).
export async function noSidewaysScroll (page, what) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)
  assert.equal(wide, false, `${what}: the page scrolls sideways`)
}

// After a click that navigates: wait for the new page, run axe, and
// check it fits the window.
export async function landed (page, what) {
  await page.waitForLoadState('load')
  await checkAxe(page, what)
  await noSidewaysScroll(page, what)
}

// Click something that loads a new page (a link, or a form's button and
// the redirect after it) and wait for that page before checking it.
export async function follow (page, target, what) {
  await Promise.all([page.waitForEvent('load'), target.click()])
  await landed(page, what)
}

// Sign in through the form of the server at `base` (the demo password
// unless given).
export async function signIn (page, base, username, password = demoPassword) {
  await visit(page, base + '/sign-in', `sign-in as ${username}`)
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForLoadState('load')
}
