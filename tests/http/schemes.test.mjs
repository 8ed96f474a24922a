// HTTP tests for schemes, the site overview and the scheme settings page
// (issue 10: ADM-2, ADM-9) and their API twins.
//
// gareth.evans administers the demo scheme northfield-aspire (id 1); admin
// is the site administrator.  A second scheme "Other" with its own
// administrator (other.admin) is made with the command line, to prove that
// an administrator of scheme A gets 404 on everything of scheme B.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { startServer, Visitor, demoPassword, bin, tandem } from '../lib/server.mjs'

const hasSqlite = spawnSync('sqlite3', ['-version']).status === 0
let srv
let other
before(async () => {
  srv = await startServer({ demo: true })
  const add = spawnSync(bin, ['user', 'add', '--data', srv.data, '--username', 'other.admin',
    '--email', 'other.admin@example.nhs.uk', '--name', 'Olu Other'],
  { input: demoPassword + '\n', encoding: 'utf8' })
  assert.equal(add.status, 0, 'user add: ' + add.stderr)
  const sch = spawnSync(bin, ['scheme', 'add', '--data', srv.data, '--slug', 'other',
    '--name', 'Other', '--admin', 'other.admin'], { encoding: 'utf8' })
  assert.equal(sch.status, 0, 'scheme add: ' + sch.stderr)
  const m = (sch.stdout + sch.stderr).match(/\b(\d+)\b/)
  other = m ? Number(m[1]) : 2
})
after(async () => {
  const r = await srv.stop()
  assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
})

async function signedIn (username) {
  const v = new Visitor(srv.url)
  const res = await v.signIn(username, demoPassword)
  assert.equal(res.status, 303, `${username} signs in`)
  v.csrf = await v.token()
  return v
}

const form = (v, path, fields = {}) => v.postForm(path, { csrf_token: v.csrf, ...fields })
const api = (v, path, body = {}) => v.postJSON(path, body, { 'X-CSRF-Token': v.csrf })
const sql = (q) => {
  const r = spawnSync('sqlite3', [join(srv.data, 'tandem.db'), q], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return r.stdout.trim()
}

// The outbox through the command line: { id, to, subject } each.
function outbox () {
  const r = tandem(['outbox', '--data', srv.data])
  assert.equal(r.status, 0, r.stderr)
  const mails = []
  for (const line of r.stdout.split('\n')) {
    const m = line.match(/^(\d+)\s+(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(.*)$/)
    if (m) mails.push({ id: Number(m[1]), to: m[5], subject: m[6].trim() })
  }
  return mails
}
function mailBody (id) {
  const r = tandem(['outbox', '--data', srv.data, '--show', String(id)])
  assert.equal(r.status, 0, r.stderr)
  return r.stdout
}

// Signed in, past the consent gate (the notice changes in these tests).
async function accepted (username) {
  const v = await signedIn(username)
  const res = await v.fetch('/')
  if (res.status === 303 && /\/consent/.test(res.headers.get('location'))) {
    // (signedIn read no token: the gate sent /help to /consent)
    const [, html, token] = await v.page('/consent')
    v.csrf = token
    const version = html.match(/name="notice_version" value="(\d+)"/)[1]
    assert.equal((await form(v, '/consent', { notice_version: version })).status, 303)
  }
  v.csrf = await v.token()
  return v
}

function errorNear (html, id) {
  const m = html.match(new RegExp(`id="${id}-error"><span class="nhsuk-u-visually-hidden">Error:</span> ([^<]*)</span>`))
  return m ? m[1] : null
}
function valueOf (html, id) {
  const m = html.match(new RegExp(`id="${id}" name="[^"]*" type="text"[^>]* value="([^"]*)"`))
  return m ? m[1] : null
}

// The settings form as the page sends it, from the API's view of them.
async function settingsForm (v, id) {
  const res = await v.fetch(`/api/v1/admin/schemes/${id}/settings`)
  assert.equal(res.status, 200)
  const s = (await res.json()).settings
  const f = {
    name: s.name,
    description: s.description,
    privacy_notice: s.privacy_notice,
    time_zone: s.time_zone
  }
  for (const k of ['default_capacity', 'session_cap', 'extension_sessions',
    'min_minutes_per_month', 'response_deadline_days']) f[k] = String(s[k])
  for (const k of ['is_active', 'registration_open', 'approval_required',
    'allow_mentee_requests', 'ranked_requests', 'allow_system_proposals',
    'allow_admin_assignment', 'allow_cohort_matching', 'admin_sees_documents']) {
    if (s[k]) f[k] = '1'
  }
  return f
}

describe('ADM-9: the schemes list and the site overview', () => {
  test('the site administrator sees every scheme, the overview with totals and the create form', async () => {
    const v = await signedIn('admin')
    const [res, html] = await v.page('/admin/schemes')
    assert.equal(res.status, 200)
    assert.match(html, /<h1>Schemes<\/h1>/)
    assert.match(html, /Aspire Mentoring/)
    assert.match(html, />Other</)
    assert.match(html, /All schemes/)
    assert.match(html, /Create a scheme/)
    const j = await (await v.fetch('/api/v1/admin/schemes')).json()
    assert.equal(j.may_create, true)
    const north = j.schemes.find((s) => s.id === 1)
    assert.ok(north.mentors >= 3, 'demo mentors counted')
    assert.ok(north.mentees >= 3, 'demo mentees counted')
    assert.ok(north.relationships_live >= 1)
    assert.ok(north.relationships_completed >= 3, 'sarah.mitchell\'s three completed')
    assert.ok(north.administrators >= 1)
    const sum = j.schemes.reduce((n, s) => n + s.mentors, 0)
    assert.equal(j.totals.mentors, sum, 'the totals row adds up the schemes')
    assert.equal(typeof j.totals.minutes_this_year, 'number')
  })

  test('a scheme administrator sees only their schemes and no create form', async () => {
    const v = await signedIn('gareth.evans')
    const [res, html] = await v.page('/admin/schemes')
    assert.equal(res.status, 200)
    assert.match(html, /Aspire Mentoring/)
    assert.doesNotMatch(html, />Other</)
    assert.doesNotMatch(html, /Create a scheme/)
    const j = await (await v.fetch('/api/v1/admin/schemes')).json()
    assert.deepEqual(j.schemes.map((s) => s.id), [1])
    assert.equal(j.may_create, false)
  })

  test('a scheme administrator may not create a scheme (403); a participant may not list (403); signed out is sent to sign in', async () => {
    const g = await signedIn('gareth.evans')
    assert.equal((await api(g, '/api/v1/admin/schemes', { slug: 'g-new', name: 'G', admin_username: 'gareth.evans' })).status, 403)
    const t = await signedIn('tom.hughes')
    assert.equal((await t.fetch('/admin/schemes')).status, 403)
    assert.equal((await t.fetch('/api/v1/admin/schemes')).status, 403)
    const anon = new Visitor(srv.url)
    const res = await anon.fetch('/admin/schemes')
    assert.ok([303, 302, 401].includes(res.status), 'signed out: ' + res.status)
    assert.equal((await anon.fetch('/api/v1/admin/schemes')).status, 401)
  })
})

describe('ADM-9: creating a scheme and naming its administrators', () => {
  test('bad input: each message beside its field, what was typed kept, 422, nothing created', async () => {
    const v = await signedIn('admin')
    const before = (await (await v.fetch('/api/v1/admin/schemes')).json()).schemes.length
    const res = await form(v, '/admin/schemes', { slug: 'Bad Slug!', name: 'Riverside Reach', description: 'For nurses', admin_username: 'no.such.person' })
    assert.equal(res.status, 422)
    const html = await res.text()
    assert.match(html, /There is a problem/)
    assert.match(errorNear(html, 'slug'), /lower-case letters/)
    assert.match(errorNear(html, 'admin_username'), /no active person/)
    assert.equal(valueOf(html, 'slug'), 'Bad Slug!')
    assert.equal(valueOf(html, 'name'), 'Riverside Reach')
    assert.match(html, />For nurses<\/textarea>/)
    const r2 = await api(v, '/api/v1/admin/schemes', { slug: 'northfield-aspire', name: '', admin_username: 'james.li' })
    assert.equal(r2.status, 422)
    const e = (await r2.json()).error.fields
    assert.match(e.slug, /already has that short name/)
    assert.match(e.name, /Enter the scheme's name/)
    const after = (await (await v.fetch('/api/v1/admin/schemes')).json()).schemes.length
    assert.equal(after, before)
  })

  test('the site administrator creates a scheme and names james.li; james.li runs it and also stays a mentor of scheme 1', async () => {
    const v = await signedIn('admin')
    const res = await form(v, '/admin/schemes', { slug: 'riverside', name: 'Riverside Reach', description: 'For nurses', admin_username: 'james.li' })
    assert.equal(res.status, 303)
    const loc = res.headers.get('location')
    const id = Number(loc.match(/\/admin\/schemes\/(\d+)\/settings/)[1])
    const [r2, html] = await v.page(loc)
    assert.equal(r2.status, 200)
    assert.match(html, /The scheme has been created/)
    assert.match(html, /james\.li/)
    const j = await (await v.fetch(`/api/v1/admin/schemes/${id}/settings`)).json()
    assert.equal(j.settings.name, 'Riverside Reach')
    assert.equal(j.settings.registration_open, true)
    assert.equal(j.settings.approval_required, true)
    assert.deepEqual(j.administrators.map((a) => a.username), ['james.li'])
    const james = await signedIn('james.li')
    const list = await (await james.fetch('/api/v1/admin/schemes')).json()
    assert.deepEqual(list.schemes.map((s) => s.id), [id])
    assert.equal((await james.fetch(`/admin/schemes/${id}/settings`)).status, 200)
    assert.equal((await james.fetch('/admin/schemes/1/settings')).status, 404, 'still only a mentor in scheme 1')
    if (hasSqlite) {
      assert.equal(sql(`SELECT count(*) FROM user_roles u JOIN users x ON x.id = u.user_id WHERE x.username = 'james.li' AND u.scheme_id = 1 AND u.role = 'mentor'`), '1')
      assert.match(sql(`SELECT detail FROM audit_log WHERE action = 'scheme.create' ORDER BY id DESC LIMIT 1`), /slug riverside/)
    }
  })

  test('naming and removing administrators: site administrators only, audited; unknown or repeated names refused beside the field', async () => {
    const v = await signedIn('admin')
    const id = (await (await v.fetch('/api/v1/admin/schemes')).json()).schemes.find((s) => s.slug === 'riverside').id
    const bad = await form(v, `/admin/schemes/${id}/settings/admins`, { admin_username: 'nobody.here' })
    assert.equal(bad.status, 422)
    const html = await bad.text()
    assert.match(errorNear(html, 'admin_username'), /no active person/)
    assert.equal(valueOf(html, 'admin_username'), 'nobody.here')
    const again = await api(v, `/api/v1/admin/schemes/${id}/settings/admins`, { admin_username: 'james.li' })
    assert.equal(again.status, 422)
    assert.match((await again.json()).error.fields.admin_username, /already an administrator/)
    const ok = await form(v, `/admin/schemes/${id}/settings/admins`, { admin_username: 'amy.clarke' })
    assert.equal(ok.status, 303)
    let j = await (await v.fetch(`/api/v1/admin/schemes/${id}/settings`)).json()
    const amy = j.administrators.find((a) => a.username === 'amy.clarke')
    assert.ok(amy)
    // gareth runs scheme 1, not this one: 404; and even in his own scheme he may not name (403)
    const g = await signedIn('gareth.evans')
    assert.equal((await api(g, `/api/v1/admin/schemes/${id}/settings/admins`, { admin_username: 'tom.hughes' })).status, 404)
    assert.equal((await api(g, '/api/v1/admin/schemes/1/settings/admins', { admin_username: 'tom.hughes' })).status, 403)
    const rm = await form(v, `/admin/schemes/${id}/settings/admins/${amy.id}/remove`)
    assert.equal(rm.status, 303)
    j = await (await v.fetch(`/api/v1/admin/schemes/${id}/settings`)).json()
    assert.equal(j.administrators.find((a) => a.username === 'amy.clarke'), undefined)
    assert.equal((await form(v, `/admin/schemes/${id}/settings/admins/${amy.id}/remove`)).status, 404, 'not an administrator any more')
    if (hasSqlite) {
      assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action IN ('scheme.admin_add', 'scheme.admin_remove') AND scheme_id = ${id}`), '2')
    }
  })
})

describe('ADM-2: the settings page', () => {
  test('one page with every section, each setting explained, and the managed pages summarised with links', async () => {
    const v = await signedIn('gareth.evans')
    const [res, html] = await v.page('/admin/schemes/1/settings')
    assert.equal(res.status, 200)
    assert.match(html, /<h1>Scheme settings<\/h1>/)
    for (const h of ['About the scheme', 'Joining', 'Matching', 'Relationships', 'Time', 'Content', 'Administrators', 'Managed on their own pages']) {
      assert.match(html, new RegExp(`<h2 id="[a-z]+">${h}</h2>`), h)
    }
    for (const f of ['name', 'registration_open', 'approval_required', 'privacy_notice', 'allow_cohort_matching', 'session_cap', 'time_zone', 'admin_sees_documents']) {
      assert.match(html, new RegExp(`id="${f}-hint"`), `${f} is explained`)
    }
    assert.match(html, /\d+ keywords?/)
    assert.match(html, /active evaluation forms?/)
    assert.match(html, /href="\/admin\/schemes\/1\/matching"/)
    assert.match(html, /Only site administrators can name/)
    const j = await (await v.fetch('/api/v1/admin/schemes/1/settings')).json()
    assert.equal(j.settings.time_zone, 'Europe/London')
    assert.ok(Array.isArray(j.managed) && j.managed.length >= 8)
    for (const m of j.managed) {
      assert.equal((await v.fetch(m.url)).status, 200, `the link for ${m.key} opens`)
    }
  })

  test('a bad value: message beside the field, everything typed kept, 422, nothing saved', async () => {
    const v = await signedIn('gareth.evans')
    const f = await settingsForm(v, 1)
    const res = await form(v, '/admin/schemes/1/settings', { ...f, name: 'Typed name', session_cap: 'lots', time_zone: 'Mars/Olympus' })
    assert.equal(res.status, 422)
    const html = await res.text()
    assert.match(html, /There is a problem/)
    assert.ok(errorNear(html, 'session_cap'), 'message beside session_cap')
    assert.equal(valueOf(html, 'session_cap'), 'lots')
    assert.equal(valueOf(html, 'name'), 'Typed name')
    assert.equal(valueOf(html, 'time_zone'), 'Mars/Olympus')
    const r2 = await form(v, '/admin/schemes/1/settings', { ...f, time_zone: 'Mars/Olympus', default_capacity: '99' })
    assert.equal(r2.status, 422)
    const h2 = await r2.text()
    assert.match(errorNear(h2, 'time_zone'), /zone name Tandem knows/)
    assert.match(errorNear(h2, 'default_capacity'), /from 1 to 50/)
    const none = await form(v, '/admin/schemes/1/settings', { ...f, allow_mentee_requests: '', allow_system_proposals: '', allow_admin_assignment: '', allow_cohort_matching: '' })
    assert.equal(none.status, 422)
    assert.match(errorNear(await none.text(), 'allow_mentee_requests'), /at least one way/)
    const j = await (await v.fetch('/api/v1/admin/schemes/1/settings')).json()
    assert.equal(j.settings.name, f.name, 'nothing saved')
    assert.equal(j.settings.time_zone, 'Europe/London')
  })

  test('saving audits the changed fields only, before and after', async () => {
    const v = await signedIn('gareth.evans')
    const f = await settingsForm(v, 1)
    // a yes/no setting the demo leaves off (cohort matching is on in the demo;
    // ranked requests is set back at the end)
    const res = await form(v, '/admin/schemes/1/settings', { ...f, session_cap: '8', time_zone: 'Europe/Dublin', ranked_requests: '1' })
    assert.equal(res.status, 303)
    assert.match(res.headers.get('location'), /done=saved/)
    const j = await (await v.fetch('/api/v1/admin/schemes/1/settings')).json()
    assert.equal(j.settings.session_cap, 8)
    assert.equal(j.settings.time_zone, 'Europe/Dublin')
    assert.equal(j.settings.ranked_requests, true)
    if (hasSqlite) {
      const d = sql("SELECT detail FROM audit_log WHERE action = 'scheme.settings' ORDER BY id DESC LIMIT 1")
      assert.match(d, /session_cap: 0 → 8/)
      assert.match(d, /time_zone: Europe\/London → Europe\/Dublin/)
      assert.match(d, /ranked_requests: no → yes/)
      assert.doesNotMatch(d, /default_capacity/, 'unchanged fields are not listed')
    }
    // the same again changes nothing and writes no audit row
    const count = hasSqlite && sql("SELECT count(*) FROM audit_log WHERE action = 'scheme.settings'")
    const again = await form(v, '/admin/schemes/1/settings', { ...(await settingsForm(v, 1)) })
    assert.match(again.headers.get('location'), /done=unchanged/)
    if (hasSqlite) assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'scheme.settings'"), count)
    // the API may send one setting and keep the rest
    const r2 = await api(v, '/api/v1/admin/schemes/1/settings', { time_zone: 'Europe/London' })
    assert.equal(r2.status, 200)
    const k = await r2.json()
    assert.equal(k.settings.time_zone, 'Europe/London')
    assert.equal(k.settings.session_cap, 8)
    const r3 = await api(v, '/api/v1/admin/schemes/1/settings', { response_deadline_days: 0 })
    assert.equal(r3.status, 422)
    assert.match((await r3.json()).error.fields.response_deadline_days, /1 to 60/)
    assert.equal((await api(v, '/api/v1/admin/schemes/1/settings', { ranked_requests: false })).status, 200)
  })

  test('a changed privacy notice makes a new version that members must accept again', async () => {
    const v = await signedIn('gareth.evans')
    const tom = await signedIn('tom.hughes')
    assert.equal((await tom.fetch('/')).status, 200)
    const f = await settingsForm(v, 1)
    const j0 = await (await v.fetch('/api/v1/admin/schemes/1/settings')).json()
    const res = await form(v, '/admin/schemes/1/settings', { ...f, privacy_notice: f.privacy_notice + ' We keep records for six years.' })
    assert.equal(res.status, 303)
    const j = await (await v.fetch('/api/v1/admin/schemes/1/settings')).json()
    assert.equal(j.settings.privacy_notice_version, j0.settings.privacy_notice_version + 1)
    const gate = await tom.fetch('/')
    assert.equal(gate.status, 303)
    assert.match(gate.headers.get('location'), /\/consent/)
    // accepting the new version lets tom in again
    const ok = await form(tom, '/consent', { notice_version: String(j.settings.privacy_notice_version) })
    assert.equal(ok.status, 303)
    assert.equal((await tom.fetch('/')).status, 200)
    if (hasSqlite) {
      const d = sql("SELECT detail FROM audit_log WHERE action = 'scheme.settings' ORDER BY id DESC LIMIT 1")
      assert.match(d, /privacy_notice_version: \d+ → \d+/)
      assert.doesNotMatch(d, /six years/, 'the text itself is not copied into the audit log')
    }
  })
})

describe('ADM-9: the administrator of scheme A gets 404 on everything of scheme B', () => {
  test('other.admin: scheme 1\'s settings page, its API twin, saving, and naming administrators are 404', async () => {
    const o = await signedIn('other.admin')
    assert.equal((await o.fetch(`/admin/schemes/${other}/settings`)).status, 200)
    assert.equal((await o.fetch('/admin/schemes/1/settings')).status, 404)
    assert.equal((await o.fetch('/api/v1/admin/schemes/1/settings')).status, 404)
    assert.equal((await form(o, '/admin/schemes/1/settings', { name: 'Taken over' })).status, 404)
    assert.equal((await api(o, '/api/v1/admin/schemes/1/settings', { name: 'Taken over' })).status, 404)
    assert.equal((await api(o, '/api/v1/admin/schemes/1/settings/admins', { admin_username: 'other.admin' })).status, 404)
    assert.equal((await form(o, '/admin/schemes/1/settings/admins/1/remove')).status, 404)
    assert.equal((await o.fetch('/admin/schemes/999/settings')).status, 404)
    const g = await signedIn('gareth.evans')
    assert.equal((await g.fetch(`/admin/schemes/${other}/settings`)).status, 404)
    const t = await signedIn('tom.hughes')
    assert.equal((await t.fetch('/admin/schemes/1/settings')).status, 404)
    const j = await (await g.fetch('/api/v1/admin/schemes/1/settings')).json()
    assert.notEqual(j.settings.name, 'Taken over')
  })
})

// ADM-2: the Joining settings take effect on /register.  These need the
// registration change in src/app/account.c and src/handlers/register.c
// (owned outside this area; see the SCHEMES report): until it is in, they
// are marked todo so they report without failing the run.
const JOINING_WIRED = process.env.TANDEM_JOINING !== '0'
describe('ADM-2: registration follows the Joining settings', () => {
  const wired = { todo: !JOINING_WIRED && 'needs the registration change (see the SCHEMES report)' }
  async function openForm () {
    const v = new Visitor(srv.url)
    const [res, html, token] = await v.page('/register?scheme_id=1')
    assert.equal(res.status, 200)
    const version = html.match(/name="notice_version" value="(\d+)"/)[1]
    return { v, fields: { csrf_token: token, scheme_id: '1', notice_version: version } }
  }
  const person = (name) => ({
    username: name, email: `${name}@example.nhs.uk`, given_name: 'Jo', family_name: 'Joiner',
    password: 'plum orchard lantern river', as_mentee: 'yes', accepts_notice: 'yes'
  })

  test('registration closed: the scheme is not offered and a registration for it is refused', wired, async () => {
    const g = await signedIn('gareth.evans')
    const { v, fields } = await openForm()
    assert.equal((await api(g, '/api/v1/admin/schemes/1/settings', { registration_open: false })).status, 200)
    try {
      const list = await (await fetch(srv.url + '/api/v1/register')).json()
      const offered = JSON.stringify(list)
      assert.doesNotMatch(offered, /"id":1,/, 'scheme 1 is not offered')
      const res = await v.postForm('/register', { ...fields, ...person('closed.joiner') })
      assert.ok([400, 404, 422].includes(res.status), 'refused: ' + res.status)
      if (hasSqlite) assert.equal(sql("SELECT count(*) FROM users WHERE username = 'closed.joiner'"), '0')
    } finally {
      assert.equal((await api(g, '/api/v1/admin/schemes/1/settings', { registration_open: true })).status, 200)
    }
  })

  test('approval not required: the new account is active at once, and the administrators are still emailed', wired, async () => {
    const g = await signedIn('gareth.evans')
    assert.equal((await api(g, '/api/v1/admin/schemes/1/settings', { approval_required: false })).status, 200)
    try {
      const { v, fields } = await openForm()
      const res = await v.postForm('/register', { ...fields, ...person('quick.joiner') })
      assert.equal(res.status, 303)
      // the confirmation says so, instead of promising an administrator's check
      assert.equal(res.headers.get('location'), '/register/received?ready=1')
      const [, done] = await v.page('/register/received?ready=1')
      assert.match(done, /your account is ready/)
      assert.doesNotMatch(done, /will check your registration/)
      const jo = new Visitor(srv.url)
      assert.equal((await jo.signIn('quick.joiner', 'plum orchard lantern river')).status, 303, 'signs in at once')
      if (hasSqlite) {
        assert.equal(sql("SELECT status FROM users WHERE username = 'quick.joiner'"), 'active')
        assert.equal(sql("SELECT count(*) FROM outbox o JOIN users u ON u.id = o.user_id WHERE u.username = 'gareth.evans' AND o.body_text LIKE '%quick.joiner%'"), '1')
      }
    } finally {
      assert.equal((await api(g, '/api/v1/admin/schemes/1/settings', { approval_required: true })).status, 200)
    }
  })
})

describe('REQ-11: cohort matching preferences on the settings page', () => {
  test('the form saves the weights; a bad one beside its field, typed value kept (422); a form without them keeps them', async () => {
    const v = await signedIn('gareth.evans')
    const [, page] = await v.page('/admin/schemes/1/settings')
    assert.match(page, /name="matching_prefs_form"/)
    assert.equal(valueOf(page, 'wish_weight_1'), '30')
    const f = await settingsForm(v, 1)
    const prefs = { matching_prefs_form: '1', wish_weight_1: '30', wish_weight_2: '20', wish_weight_3: '10', avoid_hard: '1', avoid_penalty: '50' }
    let res = await form(v, '/admin/schemes/1/settings', { ...f, ...prefs, wish_weight_3: '250' })
    assert.equal(res.status, 422)
    const html = await res.text()
    assert.match(errorNear(html, 'wish_weight_3'), /0 to 100/)
    assert.equal(valueOf(html, 'wish_weight_3'), '250')
    res = await form(v, '/admin/schemes/1/settings', { ...f, ...prefs, avoid_penalty: '' })
    assert.equal(res.status, 422)
    assert.match(errorNear(await res.text(), 'avoid_penalty'), /whole number/)
    res = await form(v, '/admin/schemes/1/settings', { ...f, ...prefs, wish_weight_2: '25', avoid_hard: '', stable_mode: '1' })
    assert.equal(res.status, 303)
    let s = (await (await v.fetch('/api/v1/admin/schemes/1/settings')).json()).settings
    assert.equal(s.wish_weight_2, 25)
    assert.equal(s.avoid_hard, false, 'an unticked box on the form is off')
    assert.equal(s.stable_mode, true)
    if (hasSqlite) {
      const d = sql("SELECT detail FROM audit_log WHERE action = 'scheme.settings' ORDER BY id DESC LIMIT 1")
      assert.match(d, /wish_weight_2: 20 → 25/)
      assert.match(d, /avoid_hard: yes → no/)
      assert.match(d, /stable_mode: no → yes/)
    }
    // a form without the cohort matching part (an older page) keeps them
    res = await form(v, '/admin/schemes/1/settings', { ...f })
    assert.equal(res.status, 303)
    s = (await (await v.fetch('/api/v1/admin/schemes/1/settings')).json()).settings
    assert.equal(s.wish_weight_2, 25)
    assert.equal(s.stable_mode, true)
    // another scheme's administrator cannot read or change them
    const o = await signedIn('other.admin')
    assert.equal((await api(o, '/api/v1/admin/schemes/1/settings', { wish_weight_1: 5 })).status, 404)
  })
})

describe('F10 (ADM-2): every field\'s problem at once, each number with its own range', () => {
  test('a word in Mentees per mentor says 1 to 50; the other fields\' problems come with it (HTML and API), form kept, 422', async () => {
    const v = await signedIn('gareth.evans')
    const f = await settingsForm(v, 1)
    const res = await form(v, '/admin/schemes/1/settings', { ...f, default_capacity: 'abc', session_cap: '', name: '', time_zone: 'Mars/Olympus' })
    assert.equal(res.status, 422)
    const html = await res.text()
    assert.equal(errorNear(html, 'default_capacity'), 'Enter Mentees per mentor as a whole number from 1 to 50')
    assert.equal(errorNear(html, 'session_cap'), 'Enter Session limit as a whole number from 0 to 100')
    assert.match(errorNear(html, 'name'), /Enter the scheme(&#39;|')s name/)
    assert.match(errorNear(html, 'time_zone'), /zone name Tandem knows/)
    assert.doesNotMatch(html, /-1000000/)
    assert.equal(valueOf(html, 'default_capacity'), 'abc')
    assert.equal(valueOf(html, 'time_zone'), 'Mars/Olympus')
    // the summary lists all four
    const summary = html.slice(html.indexOf('nhsuk-error-summary'), html.indexOf('</ul>', html.indexOf('nhsuk-error-summary')))
    for (const k of ['default_capacity', 'session_cap', 'name', 'time_zone']) assert.match(summary, new RegExp(`href="#${k}"`), k)
    const r2 = await api(v, '/api/v1/admin/schemes/1/settings', { response_deadline_days: 'soon', extension_sessions: 99, time_zone: 'Nowhere/At_All', wish_weight_1: 'x' })
    assert.equal(r2.status, 422)
    const e = (await r2.json()).error.fields
    assert.equal(e.response_deadline_days, 'Enter Response deadline in working days as a whole number from 1 to 60')
    assert.match(e.extension_sessions, /from 0 to 20/)
    assert.match(e.time_zone, /zone name Tandem knows/)
    assert.match(e.wish_weight_1, /from 0 to 100/)
    const j = await (await v.fetch('/api/v1/admin/schemes/1/settings')).json()
    assert.equal(j.settings.name, f.name, 'nothing saved')
  })
})

describe('F5 (ADM-2): every version of the privacy notice is kept and can be read', () => {
  test('a new version keeps the old text; Earlier versions lists version, date and who; each opens (HTML and API)', async () => {
    const v = await signedIn('gareth.evans')
    const f = await settingsForm(v, 1)
    const j0 = await (await v.fetch('/api/v1/admin/schemes/1/settings')).json()
    const old = j0.settings.privacy_notice
    const v0 = j0.settings.privacy_notice_version
    assert.ok(j0.notice_versions.some((n) => n.version === v0), 'the current version is kept')
    const res = await form(v, '/admin/schemes/1/settings', { ...f, privacy_notice: 'Notice F5.\n\nWe keep <records> for eight years.' })
    assert.equal(res.status, 303)
    const j = await (await v.fetch('/api/v1/admin/schemes/1/settings')).json()
    assert.equal(j.settings.privacy_notice_version, v0 + 1)
    const newest = j.notice_versions[0]
    assert.equal(newest.version, v0 + 1)
    assert.equal(newest.created_by, 'Gareth Evans')
    assert.equal(newest.url, `/admin/schemes/1/settings/notice/${v0 + 1}`)
    // the settings page: earlier versions with a link to each
    const [, page] = await v.page('/admin/schemes/1/settings')
    assert.match(page, /Earlier versions of the privacy notice/)
    assert.match(page, new RegExp(`href="/admin/schemes/1/settings/notice/${v0}">Read<span class="nhsuk-u-visually-hidden"> version ${v0}</span>`))
    assert.doesNotMatch(page, new RegExp(`href="/admin/schemes/1/settings/notice/${v0 + 1}"`), 'the current one is in the box above')
    // the old version as it was
    const [r1, html1] = await v.page(`/admin/schemes/1/settings/notice/${v0}`)
    assert.equal(r1.status, 200)
    assert.match(html1, new RegExp(`<h1>Privacy notice, version ${v0}</h1>`))
    assert.match(html1, new RegExp(`The current one is version ${v0 + 1}`))
    const firstLine = old.split('\n').find((l) => l.trim() !== '').trim()
    assert.ok(html1.includes(firstLine.replace(/&/g, '&amp;').replace(/'/g, '&#39;').slice(0, 30)), 'the old text is shown')
    // the new one, escaped, one paragraph a line
    const [, html2] = await v.page(`/admin/schemes/1/settings/notice/${v0 + 1}`)
    assert.match(html2, /<p>We keep &lt;records&gt; for eight years.<\/p>/)
    assert.match(html2, /The current version/)
    const a = await (await v.fetch(`/api/v1/admin/schemes/1/settings/notice/${v0}`)).json()
    assert.equal(a.notice.text, old)
    assert.equal(a.notice.is_current, false)
    assert.equal(a.current_version, v0 + 1)
    // refusals: unknown version, another scheme's administrator, a participant, signed out
    assert.equal((await v.fetch('/admin/schemes/1/settings/notice/999')).status, 404)
    const o = await signedIn('other.admin')
    assert.equal((await o.fetch(`/admin/schemes/1/settings/notice/${v0}`)).status, 404)
    assert.equal((await o.fetch(`/api/v1/admin/schemes/1/settings/notice/${v0}`)).status, 404)
    const t = await accepted('tom.hughes')
    assert.equal((await t.fetch(`/api/v1/admin/schemes/1/settings/notice/${v0}`)).status, 404)
    assert.equal((await new Visitor(srv.url).fetch(`/api/v1/admin/schemes/1/settings/notice/${v0}`)).status, 401)
    if (hasSqlite) {
      assert.equal(sql(`SELECT count(*) FROM scheme_notices WHERE scheme_id = 1 AND version = ${v0 + 1} AND text LIKE '%eight years%'`), '1')
      assert.doesNotMatch(sql("SELECT detail FROM audit_log WHERE action = 'scheme.settings' ORDER BY id DESC LIMIT 1"), /eight years/)
    }
  })

  test('name and description changes are audited with their text, a long description shortened', async () => {
    const v = await signedIn('gareth.evans')
    const f = await settingsForm(v, 1)
    const long = 'Mentoring for doctors. '.repeat(20).trim()
    const res = await form(v, '/admin/schemes/1/settings', { ...f, name: 'Aspire Mentoring North', description: long })
    assert.equal(res.status, 303)
    if (hasSqlite) {
      const d = sql("SELECT detail FROM audit_log WHERE action = 'scheme.settings' ORDER BY id DESC LIMIT 1")
      assert.match(d, new RegExp(`name: "${f.name}" → "Aspire Mentoring North"`))
      const after = d.slice(d.indexOf('description:'))
      assert.match(after, /→ "Mentoring for doctors\. /)
      assert.match(after, /…"$/, 'shortened with an ellipsis')
      assert.ok(after.length < 2 * 200 + 40, 'each side at most 200 characters')
    }
    assert.equal((await form(v, '/admin/schemes/1/settings', { ...f })).status, 303, 'put back')
  })
})

describe('F9 (ADM-9): removing an administrator asks first', () => {
  test('GET asks (who, which scheme, what changes, Remove and Cancel); the last administrator is allowed, and said so; POST removes', async () => {
    const v = await signedIn('admin')
    let res = await form(v, '/admin/schemes', { slug: 'f9-scheme', name: 'F9 Scheme', admin_username: 'ravi.patel' })
    assert.equal(res.status, 303)
    const id = Number(res.headers.get('location').match(/schemes\/(\d+)\//)[1])
    const s = await (await v.fetch(`/api/v1/admin/schemes/${id}/settings`)).json()
    const ravi = s.administrators.find((a) => a.username === 'ravi.patel')
    // the settings page links to the confirmation; it does not remove at once
    const [, page] = await v.page(`/admin/schemes/${id}/settings`)
    assert.match(page, new RegExp(`<a href="/admin/schemes/${id}/settings/admins/${ravi.id}/remove">Remove<span`))
    const [r1, html] = await v.page(`/admin/schemes/${id}/settings/admins/${ravi.id}/remove`)
    assert.equal(r1.status, 200)
    assert.match(html, /<h1>Remove Ravi Patel as an administrator of F9 Scheme\?<\/h1>/)
    assert.match(html, /They will no longer see this scheme's administration/)
    assert.match(html, /only site administrators can run F9 Scheme/)
    assert.match(html, new RegExp(`<form action="/admin/schemes/${id}/settings/admins/${ravi.id}/remove" method="post">`))
    assert.match(html, /<button class="nhsuk-button nhsuk-button--warning" type="submit" data-module="nhsuk-button">Remove<\/button>/)
    assert.match(html, new RegExp(`<a class="nhsuk-link" href="/admin/schemes/${id}/settings#administrators">Cancel</a>`))
    const a = await (await v.fetch(`/api/v1/admin/schemes/${id}/settings/admins/${ravi.id}/remove`)).json()
    assert.equal(a.leaves_none, true)
    assert.equal(a.administrator.username, 'ravi.patel')
    // with a second administrator it does not warn
    assert.equal((await form(v, `/admin/schemes/${id}/settings/admins`, { admin_username: 'amy.clarke' })).status, 303)
    const [, html2] = await v.page(`/admin/schemes/${id}/settings/admins/${ravi.id}/remove`)
    assert.doesNotMatch(html2, /only site administrators can run/)
    // refusals: not an administrator of it (404), the scheme's own administrator (403), another scheme's (404)
    assert.equal((await v.fetch(`/admin/schemes/${id}/settings/admins/1/remove`)).status, 404)
    const ravi2 = await accepted('ravi.patel')
    assert.equal((await ravi2.fetch(`/admin/schemes/${id}/settings/admins/${ravi.id}/remove`)).status, 403)
    const g = await signedIn('gareth.evans')
    assert.equal((await g.fetch(`/admin/schemes/${id}/settings/admins/${ravi.id}/remove`)).status, 404)
    // POST removes; removing the last says the scheme has none now
    res = await form(v, `/admin/schemes/${id}/settings/admins/${ravi.id}/remove`)
    assert.equal(res.status, 303)
    assert.match(res.headers.get('location'), /done=admin_removed$/)
    const amy = (await (await v.fetch(`/api/v1/admin/schemes/${id}/settings`)).json()).administrators[0]
    res = await form(v, `/admin/schemes/${id}/settings/admins/${amy.id}/remove`)
    assert.match(res.headers.get('location'), /done=admin_removed_last/)
    const [, done] = await v.page(res.headers.get('location'))
    assert.match(done, /no administrators now: only site administrators can run it/)
  })
})

describe('Naming a scheme administrator emails them (scheme.admin_named)', () => {
  test('the first administrator of a new scheme and one added later each get the email: who named them, what they can do, the guide, the link', async () => {
    const v = await signedIn('admin')
    const res = await form(v, '/admin/schemes', { slug: 'mail-scheme', name: 'Mail Scheme', admin_username: 'fatima.begum' })
    assert.equal(res.status, 303)
    const id = Number(res.headers.get('location').match(/schemes\/(\d+)\//)[1])
    assert.equal((await form(v, `/admin/schemes/${id}/settings/admins`, { admin_username: 'olivia.grant' })).status, 422, 'pending: refused, no email')
    assert.equal((await api(v, `/api/v1/admin/schemes/${id}/settings/admins`, { admin_username: 'sarah.mitchell' })).status, 200)
    const mails = outbox().filter((m) => m.subject === 'You are now an administrator of Mail Scheme')
    assert.equal(mails.length, 2)
    const s = await (await v.fetch(`/api/v1/admin/schemes/${id}/settings`)).json()
    assert.deepEqual(s.administrators.map((a) => a.username).sort(), ['fatima.begum', 'sarah.mitchell'])
    for (const m of mails) {
      assert.match(m.to, /^(fatima\.begum|sarah\.mitchell)@/)
      const body = mailBody(m.id)
      assert.match(body, /a site administrator, has made you an administrator of Mail Scheme/)
      assert.match(body, /approve people who register, match mentees with mentors, send messages/)
      assert.match(body, /reports/)
      assert.match(body, /administrator's guide/)
      assert.match(body, new RegExp(`/admin/schemes/${id}/settings`))
    }
    assert.ok(outbox().every((m) => !/olivia/.test(m.to) || m.subject !== 'You are now an administrator of Mail Scheme'))
  })
})
