// Browser test of issue 10 as one journey (ADM-9, ADM-2, ADM-3, ADM-4,
// ADM-5, ADM-7): the site administrator of a new installation sets up a
// second scheme from nothing.  They create it with a description and a
// first administrator (james.li), close registration while they configure
// it, change its settings (approval, matching modes, time zone, a holiday)
// and see them kept; open registration, and a new participant registers
// and can sign in at once; an existing person is given a role in it; a
// cohort is made and filled from a CSV file (the dry run names the bad
// row and adds nothing, the corrected file is added); the reports are read
// for this year and one table downloaded as CSV; the annual report's aims
// are written and seen on the printable page; the audit log shows the
// settings change with its old and new values.  Then the key pages again
// at phone width (390x844), and the new scheme administrator sees only
// their scheme and gets "Page not found" for the demo scheme's reports.
// axe runs on every page visited, and no page may scroll sideways.
//
// Checks written as `todo` subtests are known product bugs, reported to
// the lead; they state the correct behaviour and do not fail the run.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, demoPassword } from '../lib/server.mjs'
import { openBrowser, visit, checkAxe, shot, noSidewaysScroll, landed, follow } from '../lib/browser.mjs'

const year = new Date().getFullYear()
const scheme = 'Westbrook Mentoring'
const cohort = `January ${year + 1} intake`
const newcomer = { username: 'nadia.rahman', password: 'quiet-harbour-lantern-47' }
const phone = { width: 390, height: 844 }

let srv, b, dir
// filled in by the desktop journey, used by the phone pass and the new
// administrator
const urls = {}

before(async () => {
  srv = await startServer({ demo: true })
  b = await openBrowser()
  dir = mkdtempSync(join(tmpdir(), 'admin-flow-'))
})
after(async () => {
  await b?.close()
  await srv?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function go (page, path, what) {
  await visit(page, srv.url + path, what)
  await noSidewaysScroll(page, what)
}

async function signIn (page, username, password = demoPassword) {
  await go(page, '/sign-in', `sign in as ${username}`)
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(password)
  await follow(page, page.getByRole('button', { name: 'Sign in' }), `signed in as ${username}`)
  assert.doesNotMatch(page.url(), /\/sign-in/, `${username} is signed in`)
}

const mainText = (page) => page.locator('main').innerText()

// A tab of the administration menu: the site tabs, or the tabs of the
// scheme the page is about (their own navigation, named after it).
function tab (page, label, forScheme = scheme) {
  if (!forScheme) return page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: label, exact: true })
  return page.getByRole('navigation', { name: `Scheme: ${forScheme}` }).getByRole('link', { name: label, exact: true })
}

// A visitor of their own; a missing element fails in 10 s, not 30.
async function newPage (viewport) {
  const page = await b.page(viewport)
  page.setDefaultTimeout(10000)
  return page
}

function csvFile (name, text) {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

test('FLOW: the site administrator sets up a scheme, its settings, people, a cohort, reports, the annual report and the audit trail (desktop)', async (t) => {
  const admin = await newPage(null)
  await signIn(admin, 'admin')

  // 1. ADM-9: create the scheme, naming james.li its first administrator
  await go(admin, '/admin', 'administration overview')
  await follow(admin, tab(admin, 'Schemes', null), 'schemes')
  await admin.getByLabel('Scheme name').fill(scheme)
  await admin.getByLabel('Short name').fill('westbrook')
  await admin.getByLabel('Description (optional)').fill('Mentoring for newly appointed consultants at Westbrook.')
  await admin.getByLabel('Username of its first administrator').fill('james.li')
  await follow(admin, admin.getByRole('button', { name: 'Create scheme' }), 'the new scheme\'s settings')
  assert.match(admin.url(), /\/admin\/schemes\/\d+\/settings/)
  urls.settings = new URL(admin.url()).pathname
  urls.scheme = urls.settings.replace(/\/settings$/, '')
  assert.match(await admin.getByRole('alert').innerText(), /The scheme has been created/)
  assert.equal(await admin.getByLabel('Scheme name').inputValue(), scheme)
  assert.equal(await admin.getByLabel('Description', { exact: true }).inputValue(),
    'Mentoring for newly appointed consultants at Westbrook.')
  const admins = admin.getByRole('table', { name: `Administrators of ${scheme}` })
  assert.match(await admins.innerText(), /James Li\s+james\.li/)

  // 2. ADM-2: close registration while configuring; no approval needed;
  // ranked requests and cohort matching on; the scheme is in Dublin
  const registration = admin.getByLabel('People may register to join this scheme')
  const approval = admin.getByLabel('An administrator approves each new registration')
  const ranked = admin.getByLabel('Mentees may rank up to three mentors')
  const cohortMatching = admin.getByLabel('Match within cohorts')
  await registration.uncheck()
  await approval.uncheck()
  await ranked.check()
  await cohortMatching.check()
  await admin.getByLabel('Time zone').fill('Europe/Dublin')
  await follow(admin, admin.getByRole('button', { name: 'Save settings' }), 'settings saved')
  assert.match(await admin.getByRole('alert').innerText(), /The settings have been saved/)
  // kept: read back from a fresh load of the page, not the echo of the form
  await go(admin, urls.settings, 'settings reloaded')
  assert.equal(await registration.isChecked(), false)
  assert.equal(await approval.isChecked(), false)
  assert.equal(await ranked.isChecked(), true)
  assert.equal(await cohortMatching.isChecked(), true)
  assert.equal(await admin.getByLabel('Mentees may ask a mentor to mentor them').isChecked(), true)
  assert.equal(await admin.getByLabel('Time zone').inputValue(), 'Europe/Dublin')
  await shot(admin, 'admin-flow-settings')

  // a holiday, from the link in the Time section
  await follow(admin, admin.getByRole('link', { name: 'Add or remove holidays' }), 'holidays')
  const day = admin.getByRole('group', { name: 'Date of the holiday' })
  await day.getByLabel('Day', { exact: true }).fill('1')
  await day.getByLabel('Month', { exact: true }).fill('1')
  await day.getByLabel('Year', { exact: true }).fill(String(year + 1))
  await admin.getByLabel('Name (optional)').fill('New Year\'s Day')
  await follow(admin, admin.getByRole('button', { name: 'Add holiday' }), 'holiday added')
  assert.match(await admin.getByRole('table', { name: /Holidays/ }).innerText(),
    new RegExp(`1 January ${year + 1}\\s+New Year's Day`))
  await follow(admin, tab(admin, 'Settings'), 'settings with the holiday')
  assert.match(await mainText(admin), new RegExp(`1 January ${year + 1}: New Year's Day`))

  // registration is closed: the scheme is not offered
  const visitor = await newPage(null)
  await go(visitor, '/register', 'registration while closed')
  assert.doesNotMatch(await mainText(visitor), /Westbrook/)

  // 3. open registration: a newcomer registers and, with no approval
  // needed, can sign in at once
  await registration.check()
  await follow(admin, admin.getByRole('button', { name: 'Save settings' }), 'registration opened')
  assert.match(await admin.getByRole('alert').innerText(), /The settings have been saved/)
  assert.equal(await registration.isChecked(), true)

  await go(visitor, '/register', 'registration: choose a scheme')
  await visitor.getByLabel(scheme).check()
  await follow(visitor, visitor.getByRole('button', { name: 'Continue' }), 'registration form')
  assert.match(await visitor.getByRole('heading', { level: 1 }).innerText(), /Register for Westbrook Mentoring/)
  await t.test('the registration form does not promise an approval this scheme does not need (ADM-2)',
    async () => {
      assert.ok(!(await mainText(visitor)).includes('A scheme administrator checks every registration'),
        'the form says "A scheme administrator checks every registration"')
    })
  await visitor.getByLabel('First name').fill('Nadia')
  await visitor.getByLabel('Last name').fill('Rahman')
  await visitor.getByLabel('Email address').fill('nadia.rahman@westbrook.example.nhs.uk')
  await visitor.getByLabel('Username').fill(newcomer.username)
  await visitor.getByLabel('Password', { exact: true }).fill(newcomer.password)
  await visitor.getByLabel('As a mentee: I would like a mentor').check()
  await visitor.getByLabel('I have read the privacy notice and I accept it').check()
  await follow(visitor, visitor.getByRole('button', { name: 'Register' }), 'registration received')
  assert.match(await mainText(visitor), /your account is ready/)
  await signIn(visitor, newcomer.username, newcomer.password)
  assert.match(await mainText(visitor), /Nadia Rahman/)
  assert.deepEqual(visitor.jsErrors, [])
  await visitor.close()

  // 4. ADM-3: an existing person (Amy Clarke) becomes a mentee here too
  await follow(admin, tab(admin, 'People', null), 'people')
  await admin.getByLabel('Search by name, username or email').fill('amy')
  await follow(admin, admin.getByRole('button', { name: 'Search' }), 'people: amy')
  await follow(admin, admin.getByRole('link', { name: 'Amy Clarke' }), 'Amy Clarke')
  await follow(admin, admin.getByRole('link', { name: /Change details and roles/ }), 'Amy Clarke: change details and roles')
  await admin.getByLabel(`Mentee in ${scheme}`).check()
  await follow(admin, admin.getByRole('button', { name: 'Save changes' }), 'Amy Clarke, with a new role')
  assert.match(await mainText(admin), new RegExp(`Mentee in ${scheme}`))

  // 5. a cohort, filled from a CSV file: the dry run first
  // from a site-wide page, the scheme is chosen first
  await follow(admin, admin.getByRole('navigation', { name: 'Your schemes' }).getByRole('link', { name: scheme }), 'the scheme\'s settings')
  await follow(admin, tab(admin, 'Cohorts'), 'cohorts')
  assert.match(await mainText(admin), /This scheme has no cohorts yet/)
  await admin.getByLabel('Name', { exact: true }).fill(cohort)
  await follow(admin, admin.getByRole('button', { name: 'Create cohort' }), 'the new cohort')
  assert.match(await admin.getByRole('heading', { level: 1 }).innerText(), new RegExp(cohort))
  urls.cohort = new URL(admin.url()).pathname
  // chidi.okafor has an account, but no role in this scheme
  await admin.getByLabel('CSV file').setInputFiles(csvFile('intake-draft.csv',
    'username,team\nnadia.rahman,Surgery\namy.clarke,Medicine\nchidi.okafor,Surgery\n'))
  await follow(admin, admin.getByRole('button', { name: 'Check the file' }), 'the dry run, one bad row')
  const problems = await admin.locator('.nhsuk-error-summary').innerText()
  assert.match(problems, /1 row cannot be imported\. Nothing has been added/)
  assert.match(problems, /line 4: no one in this scheme has the username chidi\.okafor/)
  const rows = admin.getByRole('table').first()
  assert.match(await rows.innerText(), /2\s+nadia\.rahman\s+Will be added\s+Nadia Rahman/)
  assert.match(await rows.innerText(), /3\s+amy\.clarke\s+Will be added\s+Amy Clarke/)
  assert.equal(await admin.getByRole('button', { name: /^Add th/ }).count(), 0, 'nothing can be added yet')
  await shot(admin, 'admin-flow-cohort-dry-run')
  await follow(admin, admin.getByRole('link', { name: 'Choose a corrected file' }), 'back to the cohort')
  assert.match(await mainText(admin), /No one is in this cohort yet/, 'the dry run wrote nothing')
  await admin.getByLabel('CSV file').setInputFiles(csvFile('intake.csv',
    'username,team\nnadia.rahman,Surgery\namy.clarke,Medicine\n'))
  await follow(admin, admin.getByRole('button', { name: 'Check the file' }), 'the dry run, all fine')
  assert.match(await mainText(admin), /Nothing has been added yet/)
  await follow(admin, admin.getByRole('button', { name: 'Add these 2 people' }), 'the cohort, imported')
  assert.match(await admin.getByRole('alert').innerText(), /The people in the file have been added/)
  const members = await admin.getByRole('table', { name: `People in ${cohort}` }).innerText()
  assert.match(members, /Amy Clarke\s+amy\.clarke\s+Mentee/)
  assert.match(members, /Nadia Rahman\s+nadia\.rahman\s+Mentee/)

  // 6. ADM-4: the reports for this year and the cohort; one table as CSV
  await follow(admin, tab(admin, 'Reports'), 'reports')
  await admin.getByLabel('From', { exact: true }).fill(`${year}-01-01`)
  await admin.getByLabel('To', { exact: true }).fill(`${year}-12-31`)
  await admin.getByLabel('Cohort').selectOption({ label: cohort })
  await follow(admin, admin.getByRole('button', { name: 'Show the figures' }), 'reports for the year and the cohort')
  assert.match(admin.url(), new RegExp(`from=${year}-01-01&to=${year}-12-31&cohort=\\d+`))
  assert.match(await mainText(admin),
    new RegExp(`Figures from 1 January ${year} so far \\(to \\d+ \\w+ ${year}\\) \\(Europe/Dublin\\)`))
  const people = admin.locator('#report-people').getByRole('table')
  assert.match(await people.innerText(), /Mentees\s+2\s+0\s+0\s+0\s+2\s+2/)
  await shot(admin, 'admin-flow-reports')
  const csvLink = admin.locator('#report-people').getByRole('link', { name: /^Download as CSV ?: People by role and status$/ })
  const [download] = await Promise.all([admin.waitForEvent('download'), csvLink.click()])
  assert.match(download.suggestedFilename(), new RegExp(`^scheme-people-${year}-01-01-to-${year}-\\d\\d-\\d\\d.*\\.csv$`))
  const csv = readFileSync(await download.path(), 'utf8')
  assert.equal(csv.split('\r\n')[0], ',Active,Pending,Deactivated,Rejected,Total,Joined in the period')
  assert.match(csv, /\r\nMentees,2,0,0,0,2,2\r\n/)
  urls.reports = new URL(admin.url()).pathname + new URL(admin.url()).search

  // 7. ADM-5: the annual report for this year; write the aims, print it
  await follow(admin, admin.getByRole('link', { name: 'annual report' }), 'annual report')
  await admin.getByLabel('Year', { exact: true }).selectOption(String(year))
  await follow(admin, admin.getByRole('button', { name: 'Show year' }), `annual report ${year}`)
  assert.equal(await admin.getByRole('heading', { level: 1 }).innerText(), `Annual report ${year}`)
  urls.annual = new URL(admin.url()).pathname
  await follow(admin, admin.getByRole('link', { name: 'Write the report\'s sections' }), 'annual report: sections')
  await admin.getByLabel('Aims').fill('Every new consultant offered a mentor within a month of starting.')
  await follow(admin, admin.getByRole('button', { name: 'Save sections' }), 'annual report with its aims')
  const aims = admin.getByText('Every new consultant offered a mentor within a month of starting.')
  assert.ok(await aims.isVisible())
  await admin.emulateMedia({ media: 'print' })
  assert.ok(await aims.isVisible(), 'the aims are on the printed report')
  assert.ok(await admin.getByRole('heading', { name: `Annual report ${year}` }).isVisible())
  assert.equal(await admin.getByRole('link', { name: 'Write the report\'s sections' }).isVisible(), false,
    'the buttons are left off the printed report')
  await shot(admin, 'admin-flow-annual-print')
  await admin.emulateMedia({ media: 'screen' })

  // 8. ADM-7: the audit log has the settings change, before and after
  await follow(admin, tab(admin, 'Audit log', null), 'audit log')
  await admin.getByLabel('What was done', { exact: true }).selectOption('scheme.settings')
  await admin.getByLabel('Scheme', { exact: true }).selectOption({ label: scheme })
  await follow(admin, admin.getByRole('button', { name: 'Show entries' }), 'audit log: settings changes of the scheme')
  const entries = admin.locator('tbody tr')
  assert.equal(await entries.count(), 2, 'two saves, two entries')
  const first = await entries.filter({ hasText: 'approval_required' }).innerText()
  assert.match(first, /Priya Shah \(admin\)/)
  assert.match(first, /registration_open: yes → no/)
  assert.match(first, /approval_required: yes → no/)
  assert.match(first, /ranked_requests: no → yes/)
  assert.match(first, /allow_cohort_matching: no → yes/)
  assert.match(first, /time_zone: Europe\/London → Europe\/Dublin/)
  assert.match(await entries.first().innerText(), /registration_open: no → yes/)
  await shot(admin, 'admin-flow-audit')
  assert.deepEqual(admin.jsErrors, [])
  await admin.close()
})

test('FLOW: the same key pages at phone width (390x844)', async (t) => {
  assert.ok(urls.annual, 'the desktop journey ran')
  const page = await newPage(phone)
  await signIn(page, 'admin')
  for (const [path, what] of [[urls.settings, 'settings'], [urls.cohort, 'cohort'],
    [urls.reports, 'reports'], [urls.annual, 'annual report'], ['/admin/audit', 'audit log']]) {
    await go(page, path, `${what} (phone)`)
    await shot(page, `admin-flow-${what.replace(/ /g, '-')}-phone`)
  }
  assert.match(await mainText(page), /scheme\.settings/)
  await go(page, urls.cohort, 'cohort (phone)')
  await t.test('on a phone the administration tabs leave the page\'s heading within two screens',
    async () => {
      const top = await page.getByRole('heading', { level: 1 }).evaluate((h) => h.getBoundingClientRect().top + window.scrollY)
      assert.ok(top < 2 * phone.height, `the heading starts ${Math.round(top)}px down`)
    })
  assert.deepEqual(page.jsErrors, [])
  await page.close()
})

test('FLOW: the new scheme administrator sees their scheme, and the demo scheme\'s reports are "Page not found"', async (t) => {
  assert.ok(urls.scheme, 'the desktop journey ran')
  const james = await newPage(null)
  await signIn(james, 'james.li')
  await go(james, '/admin/schemes', 'schemes (james.li)')
  const list = await mainText(james)
  assert.match(list, /These are the schemes you administer/)
  assert.match(list, /Westbrook Mentoring/)
  assert.doesNotMatch(list, /Aspire Mentoring/)
  assert.doesNotMatch(list, /Create a scheme/)
  await go(james, urls.scheme + '/reports', 'his scheme\'s reports (james.li)')
  assert.match(await mainText(james), /Westbrook Mentoring/)

  // the refusal, as the browser shows it: 404, never 403 and never data
  for (const path of ['/admin/schemes/1/reports', '/admin/schemes/1/reports/people.csv',
    '/admin/schemes/1/annual-report', '/admin/schemes/1/settings']) {
    const res = await james.goto(srv.url + path)
    assert.equal(res.status(), 404, `${path} is not found for james.li`)
    await checkAxe(james, `${path} (james.li)`)
    assert.match(await james.getByRole('heading', { level: 1 }).innerText(), /Page not found/)
    assert.doesNotMatch(await mainText(james), /Aspire|Figures from/)
  }
  await shot(james, 'admin-flow-not-found')

  await t.test('his audit log shows Amy Clarke being given a role in his scheme (ADM-7)',
    async () => {
      await go(james, '/admin/audit?action=account.edit', 'audit log (james.li)')
      assert.ok((await mainText(james)).includes('role added: mentee'), 'no entry about Amy Clarke\'s new role')
    })
  assert.deepEqual(james.jsErrors, [])
  await james.close()
})
