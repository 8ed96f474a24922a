// HTTP tests of requests whose people change under them: a ranked
// request moving on (REQ-13) past a later choice who can no longer be
// offered (REQ-14: paused, full or not available) - that choice is
// passed over without being sent (its mentor is never emailed and
// cannot open it), and the mentee is told who was passed over and that
// no choices are left; and a mentee or mentor who leaves (withdraws
// consent, ACC-2) - their open requests close and the other side is told
// (REQ-12).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, Visitor, demoPassword, tandem } from '../lib/server.mjs'

const emailOf = (username) => `${username}@northfield.example.nhs.uk`

function outboxOf (srv) {
  const r = tandem(['outbox', '--data', srv.data])
  assert.equal(r.status, 0, r.stderr)
  const mails = []
  for (const line of r.stdout.split('\n')) {
    const m = line.match(/^(\d+)\s+(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(.*)$/)
    if (m) mails.push({ id: Number(m[1]), to: m[5], subject: m[6].trim() })
  }
  return mails
}

function bodyOf (srv, id) {
  const r = tandem(['outbox', '--data', srv.data, '--show', String(id)])
  assert.equal(r.status, 0, r.stderr)
  return r.stdout
}

async function signedIn (srv, username, view) {
  const v = new Visitor(srv.url)
  assert.equal((await v.signIn(username, demoPassword)).status, 303)
  v.csrf = await v.token()
  if (view) assert.equal((await v.postForm('/switch-view', { csrf_token: v.csrf, view })).status, 303)
  v.id = (await (await v.fetch('/api/v1/profile')).json()).id
  return v
}
const api = (v, path, body = {}) => v.postJSON(path, body, { 'X-CSRF-Token': v.csrf })

let srv
before(async () => { srv = await startServer({ demo: true, dev: true }) })
after(async () => { await srv.stop() })

test('REQ-13: a later choice who is no longer available is passed over, not sent', async () => {
  const gareth = await signedIn(srv, 'gareth.evans')
  assert.equal((await api(gareth, '/api/v1/admin/schemes/1/request-settings', { ranked_requests: true })).status, 200)
  const ravi = await signedIn(srv, 'ravi.patel')
  assert.equal((await api(ravi, '/api/v1/profile', { statement: 'Looking for help with exams.' })).status, 200)
  const fatima = await signedIn(srv, 'fatima.begum', '1:mentor')
  const james = await signedIn(srv, 'james.li')

  // ravi ranks fatima first and james second
  let res = await api(ravi, '/api/v1/requests', { mentor_id: fatima.id, second_id: james.id, message: 'Ranked' })
  assert.equal(res.status, 201, await res.clone().text())
  const first = (await res.json()).id
  let list = (await (await ravi.fetch('/api/v1/requests')).json()).requests
  const second = list.find((r) => r.mentor_id === james.id)
  assert.equal(second.status, 'queued')

  // james stops taking mentees before fatima answers
  assert.equal((await api(james, '/api/v1/profile', { is_available: false })).status, 200)

  const mark = Math.max(0, ...outboxOf(srv).map((m) => m.id))
  res = await api(fatima, `/api/v1/requests/${first}/decision`, { decision: 'decline', comment: 'I am away.' })
  assert.equal(res.status, 200, await res.clone().text())
  const mails = outboxOf(srv).filter((m) => m.id > mark)
  assert.ok(!mails.some((m) => m.to === emailOf('james.li')), 'james is never sent the request')
  const told = mails.find((m) => m.to === emailOf('ravi.patel') && /choose again/.test(m.subject))
  assert.ok(told, 'ravi is told his choices are used up: ' + JSON.stringify(mails))
  assert.match(bodyOf(srv, told.id), /James Li is not taking on new mentees at the moment/)

  list = (await (await ravi.fetch('/api/v1/requests')).json()).requests
  assert.equal(list.find((r) => r.id === second.id).status, 'passed')
  // it never reached james, so he cannot open it
  assert.equal((await james.fetch(`/api/v1/requests/${second.id}`)).status, 404)
})

const withdrawConsent = (v) => v.postJSON('/api/v1/settings/withdraw-consent', { confirm: true }, { 'X-CSRF-Token': v.csrf })

test('REQ-12: a mentee who leaves closes their open requests, and the mentor is told', async () => {
  const amy = await signedIn(srv, 'amy.clarke')
  const fatima = await signedIn(srv, 'fatima.begum', '1:mentor')
  let res = await api(amy, '/api/v1/requests', { mentor_id: fatima.id, message: 'Hello' })
  assert.equal(res.status, 201, await res.clone().text())
  const id = (await res.json()).id
  const mark = Math.max(0, ...outboxOf(srv).map((m) => m.id))
  assert.equal((await withdrawConsent(amy)).status, 200)
  const mails = outboxOf(srv).filter((m) => m.id > mark && m.to === emailOf('fatima.begum'))
  assert.equal(mails.length, 1, JSON.stringify(mails))
  assert.match(bodyOf(srv, mails[0].id), /no longer taking part in the scheme/)
  // it has left fatima's list
  const list = (await (await fatima.fetch('/api/v1/requests')).json()).requests
  assert.ok(!list.some((r) => r.id === id && ['new', 'waiting', 'amend'].includes(r.status)))
})

test('REQ-12: a mentor who leaves closes the requests sent to them, and the mentee is told', async () => {
  const tom = await signedIn(srv, 'tom.hughes')
  const fatima = await signedIn(srv, 'fatima.begum', '1:mentor')
  const ravi = await signedIn(srv, 'ravi.patel')
  // ravi (no mentor yet) asks fatima; tom already has a mentor and may not
  assert.equal((await api(tom, '/api/v1/requests', { mentor_id: fatima.id })).status, 422)
  let res = await api(ravi, '/api/v1/requests', { mentor_id: fatima.id, message: 'Please' })
  assert.equal(res.status, 201, await res.clone().text())
  const id = (await res.json()).id
  const mark = Math.max(0, ...outboxOf(srv).map((m) => m.id))
  assert.equal((await withdrawConsent(fatima)).status, 200)
  const told = outboxOf(srv).filter((m) => m.id > mark && m.to === emailOf('ravi.patel'))
  assert.equal(told.length, 1, JSON.stringify(told))
  assert.match(bodyOf(srv, told[0].id), /Fatima Begum is no longer taking part in the scheme/)
  const list = (await (await ravi.fetch('/api/v1/requests')).json()).requests
  const r = list.find((x) => x.id === id)
  assert.equal(r.status, 'withdrawn')
})
