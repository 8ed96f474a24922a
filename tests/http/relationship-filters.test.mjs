// HTTP tests of the administrators' relationship list filters (ADM-3,
// ADM-9): a cohort of another scheme is not a filter of this scheme's
// list, it is 404 (an empty list would tell whether that cohort's
// members have relationships here), on the page and through the API.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, addElsewhere, api, signedIn, stopServer } from '../lib/server.mjs'

let srv
const v = {}

before(async () => {
  srv = await startServer({ demo: true })
  addElsewhere(srv)
  v.gareth = await signedIn(srv, 'gareth.evans')
  v.olga = await signedIn(srv, 'olga.other')
})
after(() => stopServer(srv))

test('ADM-3/ADM-9: the relationship list refuses another scheme\'s cohort with 404', async () => {
  const schemes = (await (await v.olga.fetch('/api/v1/admin/schemes')).json()).schemes
  const elsewhere = schemes.find(s => s.slug === 'elsewhere')
  assert.ok(elsewhere, 'olga administers the new scheme')
  const r = await api(v.olga, `/api/v1/schemes/${elsewhere.id}/cohorts`, { name: 'Theirs' })
  assert.equal(r.status, 201)
  const theirs = (await r.json()).id
  const mine = (await (await v.gareth.fetch('/api/v1/schemes/1/cohorts')).json()).cohorts[0].id

  let res = await v.gareth.fetch(`/api/v1/admin/schemes/1/relationships?cohort=${mine}`)
  assert.equal(res.status, 200, 'the scheme\'s own cohort filters')
  const own = await res.json()
  assert.ok(own.relationships.length > 0, 'the demo cohort has relationships')

  res = await v.gareth.fetch(`/api/v1/admin/schemes/1/relationships?cohort=${theirs}`)
  assert.equal(res.status, 404, 'another scheme\'s cohort is not found, not an empty list')
  res = await v.gareth.fetch(`/admin/schemes/1/relationships?cohort=${theirs}`)
  assert.equal(res.status, 404, 'the page too')
  res = await v.gareth.fetch('/api/v1/admin/schemes/1/relationships?cohort=999999')
  assert.equal(res.status, 404, 'an unknown cohort')
})
