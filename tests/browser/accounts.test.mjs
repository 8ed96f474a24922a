// Browser test of the accounts flow (issue 3): register -> an
// administrator approves -> sign in -> switch view -> sign out, with axe
// on every page, at desktop and at phone width (ACC-1..4, UX-1, UX-2).
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

async function signIn (page, username, password) {
  await visit(page, srv.url + '/sign-in', `sign-in as ${username}`)
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

for (const [label, viewport] of [['desktop', null], ['phone', { width: 375, height: 740 }]]) {
  test(`register, approve, sign in, switch view, sign out (${label})`, async () => {
    const username = `kate.morgan.${label}`
    const password = 'lantern orchard velvet'

    // 1. a newcomer registers as mentee and mentor, accepting the notice
    const person = await b.page(viewport)
    await visit(person, srv.url + '/register', 'register')
    await person.locator('#username').fill(username)
    await person.locator('#email').fill(`${username}@northfield.example.nhs.uk`)
    await person.locator('#given_name').fill('Kate')
    await person.locator('#family_name').fill('Morgan')
    await person.locator('#password').fill(password)
    await person.locator('#as_mentee').check()
    await person.locator('#as_mentor').check()
    await person.locator('#accepts_notice').check()
    await person.getByRole('button', { name: 'Register' }).click()
    await person.waitForURL(/\/register\/received/)
    await checkAxe(person, 'registration received')

    // 2. not yet: the account waits for approval
    await signIn(person, username, password)
    assert.match(await person.locator('main').innerText(), /waiting for a scheme administrator/)
    await checkAxe(person, 'sign-in refused: pending')

    // 3. the scheme administrator approves it
    const admin = await b.page(viewport)
    await signIn(admin, 'gareth.evans', demoPassword)
    await visit(admin, srv.url + '/admin/registrations', 'pending registrations')
    assert.match(await admin.locator('main').innerText(), new RegExp(username.replace(/\./g, '\\.')))
    await admin.locator('form[action$="/approve"] button').last().click()
    await admin.waitForLoadState('load')
    await checkAxe(admin, 'after approval')
    assert.doesNotMatch(await admin.locator('main').innerText(), new RegExp(username.replace(/\./g, '\\.')))
    await admin.close()

    // 4. she signs in, sees her home, switches to her mentor view
    await signIn(person, username, password)
    await person.waitForURL(srv.url + '/')
    await checkAxe(person, 'home as mentee')
    assert.match(await person.locator('.tandem-view-bar').innerText(), /Mentee view/)
    await person.getByRole('link', { name: 'Switch view' }).first().click()
    await checkAxe(person, 'switch view')
    await person.locator('input[name="view"][value$=":mentor"]').check()
    await person.getByRole('button', { name: 'Use this view' }).click()
    await person.waitForURL(srv.url + '/')
    assert.match(await person.locator('.tandem-view-bar').innerText(), /Mentor view/)
    assert.match(await person.locator('main').innerText(), /My mentees/)
    await checkAxe(person, 'home as mentor')
    await shot(person, `home-mentor-${label}`)

    // 5. and signs out
    await person.getByRole('button', { name: 'Sign out' }).click()
    await person.waitForURL(/signed_out=1/)
    assert.match(await person.locator('main').innerText(), /You have signed out/)
    await checkAxe(person, 'signed out')
    assert.deepEqual(person.jsErrors, [])
    await person.close()
  })
}

// Every page of accounts and administration passes axe in both themes at
// both widths (UX-2): the flow above covers the main path; this covers
// the rest.
const publicPages = ['/register', '/sign-in', '/password/forgot', '/password/forgot?sent=1',
  '/password/reset/' + 'x'.repeat(43), '/consent/withdrawn']
const memberPages = ['/', '/?tab=requests', '/settings', '/consent', '/switch-view']
const adminPages = ['/', '/admin', '/admin/registrations', '/admin/locked', '/admin/users',
  '/admin/users?q=mitchell', '/admin/users/3', '/admin/outbox']

for (const [label, viewport, colorScheme] of [
  ['desktop light', null, 'light'], ['phone dark', { width: 375, height: 740 }, 'dark']]) {
  test(`accounts and administration pages pass axe (${label})`, async () => {
    const anon = await b.page(viewport, { colorScheme })
    for (const path of publicPages) {
      const res = await anon.goto(srv.url + path)
      assert.ok(res.status() < 500, `${path}: ${res.status()}`)
      await checkAxe(anon, `${path} (${label})`)
    }
    await anon.close()

    const member = await b.page(viewport, { colorScheme })
    await signIn(member, 'fatima.begum', demoPassword)
    for (const path of memberPages) await visit(member, srv.url + path, `${path} as member (${label})`)
    await member.close()

    const admin = await b.page(viewport, { colorScheme })
    await signIn(admin, 'admin', demoPassword)
    for (const path of adminPages) await visit(admin, srv.url + path, `${path} as admin (${label})`)
    await shot(admin, `admin-users-${label.replace(' ', '-')}`)
    assert.deepEqual(admin.jsErrors, [])
    await admin.close()
  })
}
