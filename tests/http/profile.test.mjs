// HTTP tests for profiles (issue 4: PRO-1 to PRO-7, PRO-10): my profile,
// the edit form and its refusals, visibility for each kind of viewer
// (self, scheme administrator, a mentee looking at a mentor, the matched
// mentor, an unrelated participant, signed out, the API), equality
// answers absent everywhere but for the person, the padlock on private
// fields, photos (refusals, serving, metadata stripped) and the home
// page's completeness notice.
//
// Relies on the demo data (src/app/demo_profiles.c): chidi.okafor mentors
// tom.hughes; amy.clarke declared james.li as her educational supervisor.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import zlib from 'node:zlib'
import { startServer, Visitor, demoPassword } from '../lib/server.mjs'

let srv
const ids = {}
before(async () => {
  srv = await startServer({ demo: true, dev: true, set: { max_photo: '64k' } })
  const admin = await signedIn('gareth.evans')
  for (const u of ['tom.hughes', 'chidi.okafor', 'amy.clarke', 'james.li', 'sarah.mitchell',
    'ravi.patel', 'fatima.begum']) {
    const res = await admin.fetch('/api/v1/admin/users?q=' + encodeURIComponent(u))
    assert.equal(res.status, 200)
    ids[u] = (await res.json()).users.find((x) => x.username === u).id
  }
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

const form = (v, path, fields) => v.postForm(path, [['csrf_token', v.csrf], ...fields])
const api = (v, path, body, method = 'POST') => v.fetch(path, {
  method,
  headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': v.csrf },
  body: JSON.stringify(body)
})

// Values only Tom knows: they must never appear for anyone else.
const EQ = { country: 'Eqcountryzz', gender: 'Eqgenderzz', dobYear: '1987' }
const PRIVATE_EMAIL = 'tom.private.zz@example.nhs.uk'
const PRIVATE_PHONE = '01632 960 777'
const STATEMENT = 'I want to grow as a clinician zzstatement and plan my training.'

// The whole edit form for Tom (the form always sends every field).
function tomForm (over = {}) {
  const f = {
    preferred_name: 'Tom',
    pronouns: 'he/him',
    contact_email: PRIVATE_EMAIL,
    phone: PRIVATE_PHONE,
    job_role: 'Foundation Year 2 doctor',
    organisation: '',
    specialty: '',
    site: '',
    previous_organisations: 'Eastshire Hospitals',
    country_of_origin: EQ.country,
    gender: EQ.gender,
    dob_day: '4',
    dob_month: '3',
    dob_year: EQ.dobYear,
    statement: STATEMENT,
    reasons: 'Career planning',
    support_areas: 'Exams',
    availability: 'Weekday evenings',
    max_travel_miles: '20',
    ...over
  }
  const pairs = Object.entries(f)
  pairs.push(['formats', 'video'], ['formats', 'phone'])
  return pairs
}

const noEquality = (text, who) => {
  assert.ok(!text.includes(EQ.country), `${who}: no country of origin`)
  assert.ok(!text.includes(EQ.gender), `${who}: no gender`)
  assert.ok(!text.includes('1987-03-04'), `${who}: no date of birth`)
  assert.ok(!/Date of birth|Country of origin|Gender or gender identity/.test(text),
    `${who}: not even the equality labels`)
}
const noPrivate = (text, who) => {
  assert.ok(!text.includes(PRIVATE_EMAIL), `${who}: no contact email`)
  assert.ok(!text.includes(PRIVATE_PHONE), `${who}: no phone`)
}

describe('my profile', () => {
  test('Tom saves the whole form and sees every field of his own, equality answers marked', async () => {
    const tom = await signedIn('tom.hughes')
    const [res0, edit] = await tom.page('/profile/edit')
    assert.equal(res0.status, 200)
    assert.match(edit, /Personal statement/)
    assert.match(edit, /seeking peer mentoring/, 'the seed 002 guidance is beside the statement')
    assert.match(edit, /nhsuk-date-input/)
    // organisation is chosen from the scheme's list when it has one
    const [, apiBefore] = [null, await (await tom.fetch('/api/v1/profile')).json()]
    const org = apiBefore.shared.find((x) => x.key === 'organisation').value
    const res = await form(tom, '/profile/edit', tomForm({ organisation: org }))
    assert.equal(res.status, 303, await res.text())
    assert.equal(res.headers.get('location'), '/profile?done=saved')
    const [, html] = await tom.page('/profile?done=saved')
    assert.match(html, /Your profile has been saved/)
    for (const s of [EQ.country, EQ.gender, '1987-03-04', PRIVATE_EMAIL, STATEMENT]) {
      assert.ok(html.includes(s), `own profile shows ${s}`)
    }
    assert.match(html, /Equality monitoring: never shown to anyone else/)
    const j = await (await tom.fetch('/api/v1/profile')).json()
    assert.equal(j.viewer, 'self')
    assert.equal(j.shared.find((x) => x.key === 'gender').visibility, 'equality')
    assert.equal(j.mentee.find((x) => x.key === 'statement').value, STATEMENT)
    assert.equal(j.mentee.find((x) => x.key === 'mentee_formats').value !== '', true)
    // the form shows the date back in three boxes
    const [, edit2] = await tom.page('/profile/edit')
    assert.match(edit2, /name="dob_day" type="text" inputmode="numeric" autocomplete="bday-day" value="4"/)
    assert.match(edit2, /id="format-video" name="formats" type="checkbox" value="video" checked/)
  })

  test('the API saves a partial update and keeps what was not sent', async () => {
    const tom = await signedIn('tom.hughes')
    const res = await api(tom, '/api/v1/profile', { pronouns: 'they/them' }, 'PUT')
    assert.equal(res.status, 200)
    const j = await res.json()
    assert.equal(j.shared.find((x) => x.key === 'pronouns').value, 'they/them')
    assert.equal(j.mentee.find((x) => x.key === 'statement').value, STATEMENT, 'statement kept')
    assert.equal(j.shared.find((x) => x.key === 'country_of_origin').value, EQ.country)
    const bad = await api(tom, '/api/v1/profile', { date_of_birth: '1990-02-31', max_travel_miles: 'far' })
    assert.equal(bad.status, 422)
    const b = await bad.json()
    assert.ok(b.error.fields.date_of_birth)
    assert.ok(b.error.fields.max_travel_miles)
    await api(tom, '/api/v1/profile', { pronouns: 'he/him' })
  })

  test('null means not given: it clears nothing', async () => {
    const tom = await signedIn('tom.hughes')
    const before = await (await tom.fetch('/api/v1/profile')).json()
    const res = await api(tom, '/api/v1/profile', {
      job_role: null, pronouns: null, statement: null, formats: null, keywords: null
    }, 'PUT')
    assert.equal(res.status, 200)
    const after = await res.json()
    for (const part of ['shared', 'mentee']) {
      for (const f of before[part]) {
        const g = after[part].find((x) => x.key === f.key)
        assert.deepEqual(g?.value, f.value, `${part}.${f.key} kept`)
      }
    }
  })
})

describe('bad input is refused next to the field, with what was typed kept', () => {
  test('date of birth 31/02/1990 and an over-long preferred name', async () => {
    const tom = await signedIn('tom.hughes')
    const long = 'x'.repeat(101)
    const res = await form(tom, '/profile/edit', tomForm({ dob_day: '31', dob_month: '2', dob_year: '1990', preferred_name: long }))
    assert.equal(res.status, 400)
    const html = await res.text()
    assert.match(html, /There is a problem/)
    assert.match(html, /<a href="#date_of_birth">Date of birth must be a real date/)
    assert.match(html, /id="date_of_birth-error"/)
    assert.match(html, /name="dob_day" type="text" inputmode="numeric" autocomplete="bday-day" value="31"/)
    assert.match(html, /id="preferred_name-error"[^>]*>.*Preferred name must be 100 characters or fewer/)
    assert.ok(html.includes(`value="${long}"`), 'the long name is shown back')
    // nothing was saved
    const j = await (await tom.fetch('/api/v1/profile')).json()
    assert.equal(j.shared.find((x) => x.key === 'date_of_birth').value, '1987-03-04')
  })

  test('a date of birth with a part missing says which part', async () => {
    const tom = await signedIn('tom.hughes')
    const res = await form(tom, '/profile/edit', tomForm({ dob_day: '4', dob_month: '', dob_year: '1987' }))
    assert.equal(res.status, 400)
    assert.match(await res.text(), /<a href="#date_of_birth">Date of birth must include a month/)
  })

  test('a date of birth in the future is refused', async () => {
    const tom = await signedIn('tom.hughes')
    const res = await form(tom, '/profile/edit', tomForm({ dob_year: '2999' }))
    assert.equal(res.status, 400)
    assert.match(await res.text(), /real date in the past/)
  })

  test('a mentor capacity of 99 is refused, 99 shown back; blank means the scheme default', async () => {
    const chidi = await signedIn('chidi.okafor')
    const [, edit] = await chidi.page('/profile/edit')
    assert.match(edit, /Are you taking new mentees/)
    assert.match(edit, /scheme&#39;s default of \d+|scheme's default of \d+/)
    const res = await form(chidi, '/profile/edit', [['capacity', '99'], ['biography', 'Consultant.'],
      ['job_role', 'Consultant'], ['is_available', '1']])
    assert.equal(res.status, 400)
    const html = await res.text()
    assert.match(html, /id="capacity-error"[^>]*>.*Enter a capacity as a whole number from 0 to 50/)
    assert.match(html, /id="capacity" name="capacity" type="text" inputmode="numeric" autocomplete="off" value="99"/)
    const api422 = await api(chidi, '/api/v1/profile', { capacity: '99' })
    assert.equal(api422.status, 422)
    assert.ok((await api422.json()).error.fields.capacity)
  })

  test("a scheme's own fields: a choice not in its choices, a bad number, a required one", async () => {
    const gareth = await signedIn('gareth.evans')
    const add = async (body) => {
      const r = await api(gareth, '/api/v1/admin/schemes/1/fields/new', body)
      assert.ok(r.status === 200 || r.status === 201, 'field added: ' + r.status)
    }
    await add({ label: 'Preferred language', kind: 'choice', choices: 'English\nWelsh', visibility: 'public', applies_to: 'both', is_required: false })
    await add({ label: 'Years qualified', kind: 'number', choices: '', visibility: 'private', applies_to: 'mentee', is_required: false })
    await add({ label: 'Ethnic group', kind: 'text', choices: '', visibility: 'equality', applies_to: 'both', is_required: false })
    const list = await (await gareth.fetch('/api/v1/admin/schemes/1/fields')).json()
    const fields = list.fields || list
    const fid = (label) => fields.find((f) => f.label === label).id
    ids.lang = fid('Preferred language'); ids.years = fid('Years qualified'); ids.ethnic = fid('Ethnic group')

    const tom = await signedIn('tom.hughes')
    const [, edit] = await tom.page('/profile/edit')
    assert.match(edit, new RegExp(`name="field_${ids.lang}" type="radio" value="Welsh"`))
    assert.match(edit, new RegExp(`id="field_${ids.years}"`))
    const res = await form(tom, '/profile/edit', [...tomForm(),
      [`field_${ids.lang}`, 'Klingon'], [`field_${ids.years}`, 'seven']])
    assert.equal(res.status, 400)
    const html = await res.text()
    assert.match(html, /Select Preferred language from the choices given/)
    assert.match(html, /Enter Years qualified as a whole number/)
    assert.ok(html.includes(`id="field_${ids.years}" name="field_${ids.years}" type="text" inputmode="numeric" value="seven"`))

    const ok = await form(tom, '/profile/edit', [...tomForm(),
      [`field_${ids.lang}`, 'Welsh'], [`field_${ids.years}`, '3'], [`field_${ids.ethnic}`, 'Eqethniczz']])
    assert.equal(ok.status, 303)
  })
})

describe('who sees what (PRO-3, PRO-10)', () => {
  test('the matched mentor sees public fields and the personal statement, nothing private or equality', async () => {
    const chidi = await signedIn('chidi.okafor')
    const [res, html] = await chidi.page(`/people/${ids['tom.hughes']}`)
    assert.equal(res.status, 200, 'chidi mentors tom (demo relationship)')
    assert.ok(html.includes(STATEMENT), 'personal statement shown (PRO-4)')
    assert.ok(html.includes('Welsh'), 'public own field shown')
    assert.ok(!html.includes('Years qualified'), 'private own field hidden')
    noEquality(html, 'mentor page'); noPrivate(html, 'mentor page')
    assert.ok(!html.includes('Eqethniczz'))
    const j = await chidi.fetch(`/api/v1/people/${ids['tom.hughes']}`)
    assert.equal(j.status, 200)
    const text = await j.text()
    noEquality(text, 'mentor API'); noPrivate(text, 'mentor API')
    assert.ok(!text.includes('Eqethniczz'))
    assert.equal(JSON.parse(text).viewer, 'participant')
  })

  test('the scheme administrator sees private fields with the padlock, never equality ones', async () => {
    const gareth = await signedIn('gareth.evans')
    const [res, html] = await gareth.page(`/people/${ids['tom.hughes']}`)
    assert.equal(res.status, 200)
    assert.ok(html.includes(PRIVATE_EMAIL))
    assert.match(html, /Contact email\s*<span class="tandem-private"><svg[^>]*aria-hidden="true"[\s\S]*?<span class="nhsuk-u-visually-hidden">Private<\/span>/)
    assert.match(html, /Years qualified\s*<span class="tandem-private">/)
    noEquality(html, 'admin page')
    assert.ok(!html.includes('Eqethniczz'))
    const text = await (await gareth.fetch(`/api/v1/people/${ids['tom.hughes']}`)).text()
    noEquality(text, 'admin API')
    assert.ok(!text.includes('Eqethniczz'))
    assert.ok(text.includes(PRIVATE_EMAIL))
  })

  test('an unrelated participant gets 404; a mentor not matched with Tom gets 404', async () => {
    for (const who of ['amy.clarke', 'sarah.mitchell', 'ravi.patel']) {
      const v = await signedIn(who)
      const [res, html] = await v.page(`/people/${ids['tom.hughes']}`)
      assert.equal(res.status, 404, `${who} page`)
      noEquality(html, who); noPrivate(html, who)
      assert.equal((await v.fetch(`/api/v1/people/${ids['tom.hughes']}`)).status, 404, `${who} API`)
      assert.equal((await v.fetch(`/people/${ids['tom.hughes']}/photo`)).status, 404, `${who} photo`)
    }
    const v = await signedIn('amy.clarke')
    assert.equal((await v.page('/people/999999'))[0].status, 404, 'no such person: the same 404')
  })

  test('a mentee sees a mentor who may be offered (with the score), not one excluded', async () => {
    const tom = await signedIn('tom.hughes')
    const [res, html] = await tom.page(`/people/${ids['chidi.okafor']}`)
    assert.equal(res.status, 200, 'tom sees his own mentor')
    assert.ok(!html.includes('Equality monitoring'))
    const amy = await signedIn('amy.clarke')
    const [r1] = await amy.page(`/people/${ids['james.li']}`)
    assert.equal(r1.status, 404, 'james.li is her declared supervisor: excluded')
    const [r0] = await tom.page(`/people/${ids['sarah.mitchell']}`)
    assert.equal(r0.status, 404, 'sarah is "not available": not offered, not shown')
    const [r00] = await amy.page(`/people/${ids['sarah.mitchell']}`)
    assert.equal(r00.status, 200, 'but amy sees her past mentor (PRO-10; the demo pair)')
    // the first mentor the finder offers amy
    const found = await (await amy.fetch('/api/v1/find')).json()
    assert.ok(found.mentors.length > 0, 'amy is offered some mentors')
    const offered = found.mentors[0].id
    assert.ok(![ids['james.li'], ids['sarah.mitchell']].includes(offered))
    const [r2, h2] = await amy.page(`/people/${offered}`)
    assert.equal(r2.status, 200, 'an offered mentor is shown')
    assert.match(h2, /Match score: \d+ out of 100/)
    const j = await (await amy.fetch(`/api/v1/people/${offered}`)).json()
    assert.equal(typeof j.match.score, 'number')
    assert.ok(Array.isArray(j.match.reasons))
    assert.equal(j.viewer, 'participant')
    assert.ok(!('mentee' in j), 'the mentee part is not shown')
  })

  test('signed out: sign in first', async () => {
    const anon = new Visitor(srv.url)
    const res = await anon.fetch(`/people/${ids['tom.hughes']}`)
    assert.ok([302, 303].includes(res.status))
    assert.match(res.headers.get('location'), /sign-in/)
    assert.equal((await anon.fetch(`/api/v1/people/${ids['tom.hughes']}`)).status, 401)
    assert.equal((await anon.fetch('/api/v1/profile')).status, 401)
  })
})

// ---- photos ----

function crc32 (buf) {
  let c; const table = []
  for (let n = 0; n < 256; n++) {
    c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  let crc = 0xffffffff
  for (const b of buf) crc = table[(crc ^ b) & 0xff] ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}
function chunk (type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type), data])
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
// A valid 2x2 PNG with a text chunk that must be stripped.
function png () {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(2, 0); ihdr.writeUInt32BE(2, 4); ihdr[8] = 8; ihdr[9] = 2
  const raw = Buffer.alloc((1 + 2 * 3) * 2, 0x7f); raw[0] = 0; raw[7] = 0
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('tEXt', Buffer.from('Comment\0GPS-SECRET-ZZ')),
    chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

async function upload (v, path, bytes, name, type) {
  const fd = new FormData()
  fd.append('csrf_token', v.csrf)
  fd.append('photo', new Blob([bytes], { type }), name)
  return v.fetch(path, { method: 'POST', body: fd, headers: { 'X-CSRF-Token': v.csrf } })
}

describe('photos (PRO-5)', () => {
  test('refusals: a text file named photo.jpg, an empty file, an oversized file', async () => {
    const tom = await signedIn('tom.hughes')
    let res = await upload(tom, '/profile/photo', Buffer.from('this is not an image at all'), 'photo.jpg', 'image/jpeg')
    assert.equal(res.status, 400)
    let html = await res.text()
    assert.match(html, /id="photo-error"[^>]*>.*must be a JPG, PNG or WebP image/)
    res = await upload(tom, '/profile/photo', Buffer.alloc(0), 'empty.png', 'image/png')
    assert.equal(res.status, 400)
    assert.match(await res.text(), /The selected file is empty/)
    const big = Buffer.concat([png(), Buffer.alloc(70 * 1024)])
    res = await upload(tom, '/profile/photo', big, 'big.png', 'image/png')
    assert.equal(res.status, 400)
    html = await res.text()
    assert.match(html, /The photo must be 64 KB or smaller/)
    const j = await upload(tom, '/api/v1/profile/photo', Buffer.from('GIF89a not ours'), 'x.png', 'image/png')
    assert.equal(j.status, 422)
    assert.ok((await j.json()).error.fields.photo)
  })

  test('a valid PNG is stored without its metadata and served only to allowed viewers', async () => {
    const tom = await signedIn('tom.hughes')
    const res = await upload(tom, '/profile/photo', png(), 'me.png', 'image/png')
    assert.equal(res.status, 303, await res.text())
    const [, html] = await tom.page('/profile?done=photo')
    assert.match(html, /Your photo has been saved/)
    assert.ok(html.includes(`src="/people/${ids['tom.hughes']}/photo"`))
    for (const who of ['tom.hughes', 'chidi.okafor', 'gareth.evans']) {
      const v = who === 'tom.hughes' ? tom : await signedIn(who)
      const r = await v.fetch(`/people/${ids['tom.hughes']}/photo`)
      assert.equal(r.status, 200, who)
      assert.equal(r.headers.get('content-type'), 'image/png')
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff')
      assert.match(r.headers.get('content-disposition'), /^attachment/)
      assert.match(r.headers.get('content-security-policy'), /sandbox/)
      assert.match(r.headers.get('cache-control'), /private/)
      const body = Buffer.from(await r.arrayBuffer())
      assert.deepEqual(body.subarray(0, 8), png().subarray(0, 8))
      assert.ok(!body.includes('GPS-SECRET-ZZ'), 'text metadata stripped')
    }
    const amy = await signedIn('amy.clarke')
    assert.equal((await amy.fetch(`/people/${ids['tom.hughes']}/photo`)).status, 404)
    const anon = new Visitor(srv.url)
    assert.notEqual((await anon.fetch(`/people/${ids['tom.hughes']}/photo`)).status, 200)

    const rm = await form(tom, '/profile/photo/remove', [])
    assert.equal(rm.status, 303)
    assert.equal((await tom.fetch(`/people/${ids['tom.hughes']}/photo`)).status, 404)

    // the API: upload, then DELETE
    const up = await upload(tom, '/api/v1/profile/photo', png(), 'me.png', 'image/png')
    assert.equal(up.status, 200)
    assert.equal((await up.json()).has_photo, true)
    const del = await tom.fetch('/api/v1/profile/photo', { method: 'DELETE', headers: { 'X-CSRF-Token': tom.csrf } })
    assert.equal(del.status, 200)
    assert.equal((await del.json()).has_photo, false)
  })
})

describe('completeness on the home page', () => {
  test('a mentee missing required fields is told what to add, with a link', async () => {
    const ravi = await signedIn('ravi.patel')
    const [, home] = await ravi.page('/')
    assert.match(home, /Before you can be matched/)
    assert.match(home, /href="\/profile\/edit"/)
    const [, mine] = await ravi.page('/profile')
    assert.match(mine, /Before you can be matched, add:/)
    const tom = await signedIn('tom.hughes')
    const [, home2] = await tom.page('/')
    assert.doesNotMatch(home2, /Before you can be matched/, 'tom is complete')
  })
})

describe('a mentor and mentee edits each part from its view', () => {
  test('fatima is told that her other role has its own part', async () => {
    const fatima = await signedIn('fatima.begum')
    const [, edit] = await fatima.page('/profile/edit')
    assert.match(edit, /switch to your (mentor|mentee) view/)
  })
})
