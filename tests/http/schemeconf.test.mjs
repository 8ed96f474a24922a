// HTTP tests for the scheme administrator's settings for profiles and
// matching (issue 4: PRO-2 own fields, PRO-8 keyword list, FIND-3
// weights, FIND-4 rules, required fields) and their API twins.
//
// gareth.evans administers the demo scheme northfield-aspire (id 1).  A
// second scheme "Other" with its own administrator (other.admin) is made
// with the command line after the demo is loaded, to prove that an
// administrator of another scheme gets 404 on scheme 1's pages and on
// the ids of scheme 1's entries and questions.  Labels are unique per
// test so the demo's own lists do not matter.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { startServer, Visitor, demoPassword, bin } from '../lib/server.mjs'

let srv
let otherScheme
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
  otherScheme = m ? Number(m[1]) : 2
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
const S = '/admin/schemes/1'
const A = '/api/v1/admin/schemes/1'

// The options of a list, through the API.
async function options (v, list) {
  const res = await v.fetch(`${A}/lists/${list}`)
  assert.equal(res.status, 200)
  return (await res.json()).options
}

// The error message shown next to a field, and the value typed in it.
function errorNear (html, id) {
  const m = html.match(new RegExp(`id="${id}-error"><span class="nhsuk-u-visually-hidden">Error:</span> ([^<]*)</span>`))
  return m ? m[1] : null
}
function valueOf (html, id) {
  const m = html.match(new RegExp(`id="${id}" name="[^"]*" type="text"[^>]* value="([^"]*)"`))
  return m ? m[1] : null
}

describe('the hub and the menu', () => {
  test('gareth.evans sees the hub with counts and the menu link', async () => {
    const v = await signedIn('gareth.evans')
    const [res, html] = await v.page(`${S}/profiles`)
    assert.equal(res.status, 200)
    assert.match(html, /<h1>Profiles and matching<\/h1>/)
    assert.match(html, /href="\/admin\/schemes\/1\/lists\/keyword">Standard keywords<\/a>/)
    assert.match(html, /href="\/admin\/schemes\/1\/fields">Questions on the profile form/)
    assert.match(html, /href="\/admin\/schemes\/1\/profiles" aria-current="page">Profiles and matching/)
    const j = await (await v.fetch(`${A}/profiles`)).json()
    assert.equal(j.scheme.id, 1)
    assert.deepEqual(j.lists.map((x) => x.list), ['keyword', 'specialty', 'organisation', 'site'])
    assert.equal(typeof j.fields.count, 'number')
  })

  test('the site administrator may manage scheme 1 too', async () => {
    const v = await signedIn('admin')
    const [res, html] = await v.page(`${S}/matching`)
    assert.equal(res.status, 200)
    assert.match(html, /<h1>Matching settings<\/h1>/)
    const [missing] = await v.page('/admin/schemes/999/profiles')
    assert.equal(missing.status, 404)
  })
})

describe('refusals', () => {
  const pages = [`${S}/profiles`, `${S}/lists/keyword`, `${S}/fields`, `${S}/fields/new`,
    `${S}/matching`]

  test('a mentee and a mentor are refused every page and action', async () => {
    for (const who of ['amy.clarke', 'chidi.okafor']) {
      const v = await signedIn(who)
      for (const path of pages) {
        const [res] = await v.page(path)
        assert.ok([403, 404].includes(res.status), `${who} GET ${path}: ${res.status}`)
      }
      const res = await form(v, `${S}/lists/keyword`, { label: 'Sneaky' })
      assert.ok([403, 404].includes(res.status))
      const j = await api(v, `${A}/matching`, { weight_keyword: 50 })
      assert.ok([403, 404].includes(j.status))
    }
  })

  test('an equality question can never be made visible (PRO-3)', async () => {
    const gareth = await signedIn('gareth.evans')
    const f = await api(gareth, `${A}/fields/new`, {
      label: 'Sexual orientation', kind: 'text', visibility: 'equality', applies_to: 'both'
    })
    assert.equal(f.status, 200)
    const fid = (await f.json()).id
    for (const visibility of ['private', 'public']) {
      const res = await api(gareth, `${A}/fields/${fid}`, {
        label: 'Sexual orientation', kind: 'text', visibility, applies_to: 'both'
      })
      assert.equal(res.status, 422, visibility)
      assert.match((await res.json()).error.fields.visibility, /cannot be made visible/)
    }
  })

  test('an administrator of another scheme gets 404 on scheme 1 and its ids', async () => {
    const gareth = await signedIn('gareth.evans')
    const add = await api(gareth, `${A}/lists/keyword`, { label: 'Refusal keyword' })
    assert.equal(add.status, 200)
    const kid = (await add.json()).id
    const f = await api(gareth, `${A}/fields/new`, { label: 'Refusal question', kind: 'text' })
    assert.equal(f.status, 200)
    const fid = (await f.json()).id

    const other = await signedIn('other.admin')
    // their own scheme works
    const [own] = await other.page(`/admin/schemes/${otherScheme}/profiles`)
    assert.equal(own.status, 200)
    for (const path of [...pages, `${S}/lists/keyword/${kid}`, `${S}/fields/${fid}`]) {
      const [res] = await other.page(path)
      assert.equal(res.status, 404, `other.admin GET ${path}`)
    }
    // scheme 1's ids under their own scheme's paths are 404 too
    const o = `/admin/schemes/${otherScheme}`
    for (const path of [`${o}/lists/keyword/${kid}`, `${o}/fields/${fid}`]) {
      const [res] = await other.page(path)
      assert.equal(res.status, 404, `other.admin GET ${path}`)
    }
    for (const [path, body] of [
      [`${o}/lists/keyword/${kid}`, { label: 'Hijacked' }],
      [`${o}/lists/keyword/${kid}/retire`, {}],
      [`${o}/lists/keyword/${kid}/move`, { direction: 'up' }],
      [`${o}/fields/${fid}`, { label: 'Hijacked', kind: 'text', visibility: 'public', applies_to: 'both' }],
      [`${o}/fields/${fid}/retire`, {}],
      [`${S}/lists/keyword`, { label: 'Hijacked' }],
      [`${S}/matching`, { weight_keyword: '1' }]
    ]) {
      const res = await form(other, path, body)
      assert.equal(res.status, 404, `other.admin POST ${path}`)
    }
    const j = await api(other, `${A}/matching`, { weight_keyword: 1 })
    assert.equal(j.status, 404)
    // nothing changed
    const kw = (await options(gareth, 'keyword')).find((x) => x.id === kid)
    assert.equal(kw.label, 'Refusal keyword')
    assert.equal(kw.is_retired, false)
    // an unknown list is 404, not 400
    const [bad] = await gareth.page(`${S}/lists/colours`)
    assert.equal(bad.status, 404)
  })
})

describe('lists (PRO-8 and choices)', () => {
  test('add, rename, move, retire and restore keywords', async () => {
    const v = await signedIn('gareth.evans')
    let res = await form(v, `${S}/lists/keyword`, { label: 'Test QI projects' })
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), `${S}/lists/keyword?done=added`)
    res = await form(v, `${S}/lists/keyword`, { label: 'Test research methods' })
    assert.equal(res.status, 303)
    let list = await options(v, 'keyword')
    const qi = list.find((x) => x.label === 'Test QI projects')
    const rm = list.find((x) => x.label === 'Test research methods')
    assert.ok(qi && rm)
    assert.ok(list.indexOf(qi) < list.indexOf(rm))

    // the page lists them with the banner
    const [page, html] = await v.page(`${S}/lists/keyword?done=added`)
    assert.equal(page.status, 200)
    assert.match(html, /Test QI projects/)
    assert.match(html, /Added\./)
    assert.match(html, /stays on the profiles that already have it/)

    // move down, then up again
    res = await form(v, `${S}/lists/keyword/${qi.id}/move`, { direction: 'down' })
    assert.equal(res.status, 303)
    list = await options(v, 'keyword')
    const at = (id) => list.findIndex((x) => x.id === id)
    assert.equal(at(qi.id), at(rm.id) + 1)
    res = await api(v, `${A}/lists/keyword/${qi.id}/move`, { direction: 'up' })
    assert.equal(res.status, 200)
    list = await options(v, 'keyword')
    assert.equal(at(qi.id) + 1, at(rm.id))

    // rename (case change of itself is allowed)
    res = await form(v, `${S}/lists/keyword/${qi.id}`, { label: 'Test QI Projects (renamed)' })
    assert.equal(res.status, 303)
    list = await options(v, 'keyword')
    assert.equal(list.find((x) => x.id === qi.id).label, 'Test QI Projects (renamed)')

    // retire and restore
    res = await form(v, `${S}/lists/keyword/${rm.id}/retire`)
    assert.equal(res.status, 303)
    list = await options(v, 'keyword')
    assert.equal(list.find((x) => x.id === rm.id).is_retired, true)
    const [, retiredHtml] = await v.page(`${S}/lists/keyword`)
    assert.match(retiredHtml, /Test research methods <strong class="nhsuk-tag nhsuk-tag--grey">Retired/)
    res = await api(v, `${A}/lists/keyword/${rm.id}/restore`)
    assert.equal(res.status, 200)
    list = await options(v, 'keyword')
    assert.equal(list.find((x) => x.id === rm.id).is_retired, false)
  })

  test('duplicate labels are refused next to the field, ignoring case', async () => {
    const v = await signedIn('gareth.evans')
    let res = await form(v, `${S}/lists/specialty`, { label: 'Paediatric surgery' })
    assert.equal(res.status, 303)
    res = await form(v, `${S}/lists/specialty`, { label: 'PAEDIATRIC SURGERY' })
    assert.equal(res.status, 400)
    const html = await res.text()
    assert.match(errorNear(html, 'label'), /already in the list/)
    assert.equal(valueOf(html, 'label'), 'PAEDIATRIC SURGERY')
    assert.match(html, /nhsuk-error-summary/)
    // renaming another entry onto it too
    res = await form(v, `${S}/lists/specialty`, { label: 'Paediatric medicine' })
    const list = await options(v, 'specialty')
    const pm = list.find((x) => x.label === 'Paediatric medicine')
    res = await form(v, `${S}/lists/specialty/${pm.id}`, { label: 'paediatric surgery' })
    assert.equal(res.status, 400)
    assert.match(errorNear(await res.text(), 'label'), /already in the list/)
    // API
    res = await api(v, `${A}/lists/specialty`, { label: 'Paediatric Surgery' })
    assert.equal(res.status, 422)
    assert.match((await res.json()).error.fields.label, /already in the list/)
    // empty
    res = await form(v, `${S}/lists/specialty`, { label: '' })
    assert.equal(res.status, 400)
    assert.equal(errorNear(await res.text(), 'label'), 'Enter a name')
  })

  test('sites with coordinates: valid, invalid, half given', async () => {
    const v = await signedIn('gareth.evans')
    let res = await form(v, `${S}/lists/site`, { label: 'Test Infirmary', latitude: '53.4808', longitude: '-2.2426' })
    assert.equal(res.status, 303)
    res = await form(v, `${S}/lists/site`, { label: 'No-location clinic', latitude: '', longitude: '' })
    assert.equal(res.status, 303)
    let list = await options(v, 'site')
    const ti = list.find((x) => x.label === 'Test Infirmary')
    assert.equal(ti.has_location, true)
    assert.equal(ti.latitude, 53.4808)
    assert.equal(ti.longitude, -2.2426)
    assert.equal(list.find((x) => x.label === 'No-location clinic').has_location, false)

    for (const [lat, lon, field, re] of [
      ['91', '0', 'latitude', /from -90 to 90/],
      ['abc', '0', 'latitude', /decimal number/],
      ['1e2', '0', 'latitude', /decimal number/],
      ['nan', '0', 'latitude', /decimal number/],
      ['50', '-181', 'longitude', /from -180 to 180/],
      ['50', '0x10', 'longitude', /decimal number/],
      ['50', '', 'longitude', /longitude too/],
      ['', '1.5', 'latitude', /latitude too/]
    ]) {
      res = await form(v, `${S}/lists/site`, { label: 'Bad site', latitude: lat, longitude: lon })
      assert.equal(res.status, 400, `${lat}, ${lon}`)
      const html = await res.text()
      assert.match(errorNear(html, field) || '', re, `${lat}, ${lon}`)
      assert.equal(valueOf(html, 'latitude'), lat)
      assert.equal(valueOf(html, 'longitude'), lon)
      assert.equal(valueOf(html, 'label'), 'Bad site')
    }
    assert.equal((await options(v, 'site')).filter((x) => x.label === 'Bad site').length, 0)

    // change the coordinates of a site; the API keeps what it leaves out
    res = await form(v, `${S}/lists/site/${ti.id}`, { label: 'Test Infirmary', latitude: '51.5', longitude: '-0.12' })
    assert.equal(res.status, 303)
    res = await api(v, `${A}/lists/site/${ti.id}`, { label: 'Test Royal Infirmary' })
    assert.equal(res.status, 200)
    list = await options(v, 'site')
    const now = list.find((x) => x.id === ti.id)
    assert.equal(now.label, 'Test Royal Infirmary')
    assert.equal(now.latitude, 51.5)
    assert.equal(now.longitude, -0.12)
    res = await api(v, `${A}/lists/site/${ti.id}`, { latitude: '100' })
    assert.equal(res.status, 422)
    assert.match((await res.json()).error.fields.latitude, /from -90 to 90/)
    // the change page shows the current values
    const [page, html] = await v.page(`${S}/lists/site/${ti.id}`)
    assert.equal(page.status, 200)
    assert.equal(valueOf(html, 'latitude'), '51.5')
    // six decimals survive a round trip through the change page
    res = await form(v, `${S}/lists/site/${ti.id}`, { label: 'Test Royal Infirmary', latitude: '53.480812', longitude: '-153.123456' })
    assert.equal(res.status, 303)
    const [, again] = await v.page(`${S}/lists/site/${ti.id}`)
    assert.equal(valueOf(again, 'latitude'), '53.480812')
    assert.equal(valueOf(again, 'longitude'), '-153.123456')
  })

  test('organisations list through the API', async () => {
    const v = await signedIn('gareth.evans')
    const res = await api(v, `${A}/lists/organisation`, { label: 'Test Teaching Hospitals NHS Trust' })
    assert.equal(res.status, 200)
    const body = await res.json()
    assert.equal(body.done, 'added')
    const one = await (await v.fetch(`${A}/lists/organisation/${body.id}`)).json()
    assert.equal(one.option.label, 'Test Teaching Hospitals NHS Trust')
    // an organisation's id under the keyword list is not found
    const [wrong] = await v.page(`${S}/lists/keyword/${body.id}`)
    assert.equal(wrong.status, 404)
  })
})

describe("the scheme's own fields (PRO-2)", () => {
  test('each kind with each visibility', async () => {
    const v = await signedIn('gareth.evans')
    const kinds = ['text', 'long_text', 'choice', 'multi', 'date', 'number']
    const vis = ['public', 'private', 'equality']
    let i = 0
    for (const kind of kinds) {
      for (const visibility of vis) {
        const label = `Q ${kind} ${visibility}`
        const fields = {
          label,
          hint: 'A hint',
          kind,
          visibility,
          applies_to: ['mentee', 'mentor', 'both'][i++ % 3],
          choices: kind === 'choice' || kind === 'multi' ? 'Yes\nNo\n\n Maybe ' : ''
        }
        if (visibility !== 'equality' && kind === 'text') fields.is_required = '1'
        const res = await form(v, `${S}/fields/new`, fields)
        assert.equal(res.status, 303, `${kind} ${visibility}`)
        assert.equal(res.headers.get('location'), `${S}/fields?done=field_added`)
      }
    }
    const list = (await (await v.fetch(`${A}/fields`)).json()).fields
    const multi = list.find((f) => f.label === 'Q multi private')
    assert.deepEqual(multi.choices, ['Yes', 'No', 'Maybe'])
    assert.equal(multi.visibility, 'private')
    assert.equal(list.find((f) => f.label === 'Q text public').is_required, true)
    const [, html] = await v.page(`${S}/fields`)
    assert.match(html, /Q date equality/)
    assert.match(html, /Equality monitoring/)
    // the form explains each visibility
    const [, form1] = await v.page(`${S}/fields/new`)
    assert.match(form1, /Anyone who can see the profile sees the answer/)
    assert.match(form1, /shown to them with a padlock/)
    assert.match(form1, /only counted in reports/)
  })

  test('refusals: no choices, duplicates, unknown kind, required equality question', async () => {
    const v = await signedIn('gareth.evans')
    let res = await form(v, `${S}/fields/new`, {
      label: 'Favourite rota', kind: 'choice', choices: '', visibility: 'public', applies_to: 'both'
    })
    assert.equal(res.status, 400)
    let html = await res.text()
    assert.match(errorNear(html, 'choices'), /Enter the choices/)
    assert.equal(valueOf(html, 'label'), 'Favourite rota')
    assert.match(html, /id="kind-choice" name="kind" type="radio" value="choice"[^>]* checked/)

    res = await form(v, `${S}/fields/new`, {
      label: 'Favourite rota', kind: 'multi', choices: 'Days\ndays', visibility: 'public', applies_to: 'both'
    })
    assert.equal(res.status, 400)
    html = await res.text()
    assert.match(errorNear(html, 'choices'), /more than once/)
    assert.match(html, /<textarea[^>]*id="choices"[^>]*>Days\ndays<\/textarea>/)

    res = await form(v, `${S}/fields/new`, {
      label: 'One', kind: 'choice', choices: 'Only one', visibility: 'public', applies_to: 'both'
    })
    assert.match(errorNear(await res.text(), 'choices'), /at least 2/)

    res = await form(v, `${S}/fields/new`, {
      label: '', kind: 'colour', visibility: 'secret', applies_to: 'everyone'
    })
    assert.equal(res.status, 400)
    html = await res.text()
    assert.ok(errorNear(html, 'label'))
    assert.ok(errorNear(html, 'kind'))
    assert.ok(errorNear(html, 'visibility'))
    assert.ok(errorNear(html, 'applies_to'))

    res = await form(v, `${S}/fields/new`, {
      label: 'Ethnic group', kind: 'text', visibility: 'equality', applies_to: 'both', is_required: '1'
    })
    assert.equal(res.status, 400)
    assert.match(errorNear(await res.text(), 'is_required'), /cannot be required/)

    res = await api(v, `${A}/fields/new`, { label: 'Rota', kind: 'choice' })
    assert.equal(res.status, 422)
    assert.match((await res.json()).error.fields.choices, /Enter the choices/)
  })

  test('edit, move, retire and restore a field; kind change rules', async () => {
    const v = await signedIn('gareth.evans')
    let res = await api(v, `${A}/fields/new`, { label: 'Place of work', kind: 'text', applies_to: 'both' })
    assert.equal(res.status, 200)
    const id = (await res.json()).id
    res = await api(v, `${A}/fields/new`, { label: 'Why take part', kind: 'long_text' })
    const id2 = (await res.json()).id
    // no answers: any kind change is allowed
    res = await form(v, `${S}/fields/${id}`, {
      label: 'Place of work', hint: 'Ward or department', kind: 'long_text', visibility: 'private', applies_to: 'both'
    })
    assert.equal(res.status, 303)
    let f = (await (await v.fetch(`${A}/fields/${id}`)).json()).field
    assert.equal(f.kind, 'long_text')
    assert.equal(f.visibility, 'private')
    assert.equal(f.hint, 'Ward or department')
    // move down past the next one
    res = await form(v, `${S}/fields/${id}/move`, { direction: 'down' })
    assert.equal(res.status, 303)
    const list = (await (await v.fetch(`${A}/fields`)).json()).fields
    assert.ok(list.findIndex((x) => x.id === id) > list.findIndex((x) => x.id === id2))
    // retire, restore
    res = await form(v, `${S}/fields/${id}/retire`)
    assert.equal(res.status, 303)
    f = (await (await v.fetch(`${A}/fields/${id}`)).json()).field
    assert.equal(f.is_retired, true)
    res = await api(v, `${A}/fields/${id}/restore`)
    assert.equal(res.status, 200)
    f = (await (await v.fetch(`${A}/fields/${id}`)).json()).field
    assert.equal(f.is_retired, false)
    // the edit page keeps what was typed on error
    res = await form(v, `${S}/fields/${id}`, {
      label: 'Place of work changed', kind: 'choice', choices: '', visibility: 'private', applies_to: 'both'
    })
    assert.equal(res.status, 400)
    const html = await res.text()
    assert.equal(valueOf(html, 'label'), 'Place of work changed')
    assert.ok(errorNear(html, 'choices'))
  })
})

describe('matching rules and weights (FIND-3, FIND-4)', () => {
  test('read, set and read back; the page explains each weight', async () => {
    const v = await signedIn('gareth.evans')
    const [page, html] = await v.page(`${S}/matching`)
    assert.equal(page.status, 200)
    assert.match(html, /Shared keywords, from 0 to 100/)
    assert.match(html, /Same organisation, from -100 to 100/)
    assert.match(html, /name="mentor_required" type="checkbox" value="biography"/)
    assert.doesNotMatch(html, /name="mentor_required" type="checkbox" value="statement"/)
    assert.match(html, /name="mentee_required" type="checkbox" value="statement"/)
    assert.doesNotMatch(html, /name="mentee_required" type="checkbox" value="biography"/)

    const res = await v.postForm(`${S}/matching`, new URLSearchParams([
      ['csrf_token', v.csrf], ['exclude_conflicts', '1'], ['organisation_rule', 'different'],
      ['specialty_rule', 'same'], ['max_distance_miles', '40'], ['weight_keyword', '12'],
      ['weight_specialty', '30'], ['weight_organisation', '-20'], ['weight_distance', '0'],
      ['weight_format', '7'], ['default_capacity', '3'],
      ['mentor_required', 'job_role'], ['mentor_required', 'keywords'], ['mentor_required', 'training'],
      ['mentee_required', 'statement'], ['mentee_required', 'site']
    ]).toString())
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), `${S}/matching?done=matching_saved`)
    const m = (await (await v.fetch(`${A}/matching`)).json()).matching
    assert.equal(m.exclude_conflicts, true)
    assert.equal(m.organisation_rule, 'different')
    assert.equal(m.specialty_rule, 'same')
    assert.equal(m.max_distance_miles, 40)
    assert.equal(m.weight_keyword, 12)
    assert.equal(m.weight_specialty, 30)
    assert.equal(m.weight_organisation, -20)
    assert.equal(m.weight_distance, 0)
    assert.equal(m.weight_format, 7)
    assert.equal(m.default_capacity, 3)
    assert.deepEqual(m.mentor_required.sort(), ['job_role', 'keywords', 'training'])
    assert.deepEqual(m.mentee_required.sort(), ['site', 'statement'])

    // API partial update keeps the rest
    const j = await api(v, `${A}/matching`, { weight_keyword: 25, exclude_conflicts: false, mentee_required: ['statement'] })
    assert.equal(j.status, 200)
    const m2 = (await (await v.fetch(`${A}/matching`)).json()).matching
    assert.equal(m2.weight_keyword, 25)
    assert.equal(m2.exclude_conflicts, false)
    assert.equal(m2.weight_organisation, -20)
    assert.deepEqual(m2.mentee_required, ['statement'])
    assert.deepEqual(m2.mentor_required.sort(), ['job_role', 'keywords', 'training'])
  })

  test('out of range and unknown values come back next to their fields', async () => {
    const v = await signedIn('gareth.evans')
    const res = await v.postForm(`${S}/matching`, new URLSearchParams([
      ['csrf_token', v.csrf], ['organisation_rule', 'sometimes'], ['specialty_rule', 'any'],
      ['max_distance_miles', '5000'], ['weight_keyword', '101'], ['weight_specialty', 'lots'],
      ['weight_organisation', '-101'], ['weight_distance', '-1'], ['weight_format', '10'],
      ['default_capacity', '0'], ['mentor_required', 'statement']
    ]).toString())
    assert.equal(res.status, 400)
    const html = await res.text()
    assert.ok(errorNear(html, 'organisation_rule'))
    assert.match(errorNear(html, 'max_distance_miles'), /0 to 1000/)
    assert.match(errorNear(html, 'weight_keyword'), /0 to 100/)
    assert.match(errorNear(html, 'weight_specialty'), /0 to 100/)
    assert.match(errorNear(html, 'weight_organisation'), /-100 to 100/)
    assert.match(errorNear(html, 'weight_distance'), /0 to 100/)
    assert.equal(valueOf(html, 'weight_keyword'), '101')
    assert.equal(valueOf(html, 'weight_specialty'), 'lots')
    // nothing was saved
    const m = (await (await v.fetch(`${A}/matching`)).json()).matching
    assert.notEqual(m.weight_keyword, 101)

    const j = await api(v, `${A}/matching`, { weight_format: 500, default_capacity: 51, mentee_required: ['biography'] })
    assert.equal(j.status, 422)
    const f = (await j.json()).error.fields
    assert.match(f.weight_format, /0 to 100/)
    assert.match(f.default_capacity, /1 to 50/)
    assert.match(f.mentee_required, /cannot be required of mentees/)
  })
})
