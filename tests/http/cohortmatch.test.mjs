// HTTP tests of cohort matching (REQ-11, issue 11): the scheme's page
// with the switch off (how to turn it on) and on; running (a form, the
// API, bad input beside the field with 422); a run's page and its twin;
// locks, a swap (its choices and bad choices), a re-run around the
// locked pairs, discarding, the confirm page ("create N relationships
// and email 2N people") and the confirm itself (emails to both people);
// a confirm that can no longer hold answers 409 saying which pair and
// why, and writes nothing; refusals: another scheme's administrator (404
// on everything), a participant, signed out; and `tandem match
// --instance` on the OR-Library instance (objective 305).  And the
// preferences inside it, on a server of their own: a mentee's first
// choice shows in the preview as their wish; a mentor's hard "prefer
// not" keeps the only allowed pair apart (the reason, in words, only on
// the administrator's pages; the mentee sees nothing of it); a soft one
// adds the penalty; stable mode, offered by the scheme's setting, has no
// blocking pair; a mentee matched since has wishes that no longer count.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import {
  startServer, stopServer, addElsewhere, signedIn, form, api, decode, Visitor, tandem, root
} from '../lib/server.mjs'

let srv
const v = {}
const who = {}

before(async () => {
  srv = await startServer({ demo: true, dev: true })
  addElsewhere(srv)
  for (const name of ['gareth.evans', 'tom.hughes', 'olga.other', 'admin']) {
    v[name] = await signedIn(srv, name)
    who[name] = (await (await v[name].fetch('/api/v1/me')).json()).id
  }
})
after(() => stopServer(srv))

const getJSON = async (vis, path) => {
  const r = await vis.fetch(path)
  assert.equal(r.status, 200, path)
  return r.json()
}

describe('cohort matching', () => {
  let g
  let first // the run made by the form
  let rerun // its re-run

  test('with the switch off the page says how to turn it on and a run is refused', async () => {
    g = v['gareth.evans']
    // the demo scheme uses cohort matching: turn it off to see the off state
    const off = await api(g, '/api/v1/admin/schemes/1/settings', { allow_cohort_matching: false })
    assert.equal(off.status, 200)
    const [res, html] = await g.page('/admin/schemes/1/cohort-matching')
    assert.equal(res.status, 200)
    assert.match(html, /Cohort matching is turned off/)
    assert.match(html, /href="\/admin\/schemes\/1\/settings"/)
    assert.match(html, /declared conflict/)
    const r = await form(g, '/admin/schemes/1/cohort-matching', { cohort_id: 'all' })
    assert.equal(r.status, 403)
    assert.match(decode(await r.text()), /Turn on cohort matching in the scheme's settings/)
    const j = await getJSON(g, '/api/v1/schemes/1/cohort-matching')
    assert.equal(j.is_on, false)
    assert.equal(j.waiting, 3)
  })

  test('turned on, bad input comes back beside the field with 422', async () => {
    const on = await api(g, '/api/v1/admin/schemes/1/settings', { allow_cohort_matching: true })
    assert.equal(on.status, 200)
    let r = await form(g, '/admin/schemes/1/cohort-matching', { cohort_id: 'abc' })
    assert.equal(r.status, 422)
    let html = await r.text()
    assert.match(html, /id="cohort_id-error"/)
    assert.match(html, /Choose a cohort of this scheme, or everyone waiting/)
    r = await form(g, '/admin/schemes/1/cohort-matching', { cohort_id: '99999' })
    assert.equal(r.status, 422)
    r = await form(g, '/admin/schemes/1/cohort-matching', { cohort_id: 'all', mode: 'stable' })
    assert.equal(r.status, 422)
    html = decode(await r.text())
    assert.match(html, /does not offer stable matching/)
    r = await api(g, '/api/v1/schemes/1/cohort-matching', { mode: 'greedy' })
    assert.equal(r.status, 422)
    assert.ok((await r.json()).error.fields.mode)
  })

  test('a run: its page shows pairs with scores and reasons, totals and loads', async () => {
    const r = await form(g, '/admin/schemes/1/cohort-matching', { cohort_id: 'all', mode: 'optimal' })
    assert.equal(r.status, 303)
    const loc = r.headers.get('location')
    assert.match(loc, /^\/admin\/match-runs\/\d+$/)
    first = Number(loc.split('/').pop())
    const [res, html] = await g.page(loc)
    assert.equal(res.status, 200)
    assert.match(html, /Proposed pairs/)
    assert.match(html, /Mean match score/)
    assert.match(html, /Mentors&#x27; places|Mentors' places/)
    assert.match(html, /Fatima Begum|Amy Clarke|Ravi Patel/)
    // on a phone the totals and the actions come first; each pair's
    // reasons fold away under its score
    const at = (re) => html.search(re)
    assert.ok(at(/Mean match score/) < at(/Confirm these pairs/), 'totals first')
    assert.ok(at(/Confirm these pairs/) < at(/<h2 id="pairs">Proposed pairs/), 'actions above the pairs')
    assert.ok(at(/Re-run around the locked pairs/) < at(/<h2 id="pairs">/))
    assert.ok(at(/Discard this run/) < at(/<h2 id="pairs">/))
    assert.match(html, /<details class="nhsuk-details tandem-cohortmatch-why"><summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">Score \d+/)
    assert.match(html, /<button[^>]*form="tandem-cohortmatch-locks" formaction="\/admin\/match-runs\/\d+\/rerun"/)
    // fewer than 50 pairs: one page, no page links; a page past the end shows the last
    assert.doesNotMatch(html, /nhsuk-pagination/)
    const [p9, h9] = await g.page(loc + '?page=9')
    assert.equal(p9.status, 200)
    assert.match(h9, /name="shown"/)
    const j = await getJSON(g, `/api/v1/match-runs/${first}`)
    assert.equal(j.run.status, 'draft')
    assert.equal(j.run.matched + j.run.unmatched, 3)
    assert.ok(j.pairs.length > 0)
    for (const p of j.pairs) {
      assert.ok(p.mentor_id !== p.mentee_id)
      assert.ok(Array.isArray(p.reasons))
      assert.equal(typeof p.score, 'number')
    }
    for (const l of j.loads) assert.ok(l.used <= l.capacity)
    // the scheme's page lists it
    const [, list] = await g.page('/admin/schemes/1/cohort-matching')
    assert.match(list, new RegExp(`/admin/match-runs/${first}`))
  })

  test('locks: a pair of the run is locked; anything else is refused', async () => {
    const j = await getJSON(g, `/api/v1/match-runs/${first}`)
    const mentee = j.pairs[0].mentee_id
    let r = await api(g, `/api/v1/match-runs/${first}/locks`, { locked: [mentee] })
    assert.equal(r.status, 200)
    const after = await r.json()
    assert.equal(after.pairs.find((p) => p.mentee_id === mentee).locked, true)
    assert.equal(after.locked, 1)
    r = await api(g, `/api/v1/match-runs/${first}/locks`, { locked: ['zzz'] })
    assert.equal(r.status, 422)
    r = await form(g, `/admin/match-runs/${first}/locks`, { locked: '123456' })
    assert.equal(r.status, 422)
    assert.match(await r.text(), /Only a proposed pair of this run can be locked/)
    // unlock everything through the form (no boxes ticked)
    r = await form(g, `/admin/match-runs/${first}/locks`, {})
    assert.equal(r.status, 303)
    assert.equal((await getJSON(g, `/api/v1/match-runs/${first}`)).locked, 0)
  })

  test('a swap: the choices, a bad choice, then another mentor (locked)', async () => {
    const j = await getJSON(g, `/api/v1/match-runs/${first}`)
    const p = j.pairs[0]
    const [res, html] = await g.page(`/admin/match-runs/${first}/swap?mentee=${p.mentee_id}`)
    assert.equal(res.status, 200)
    assert.match(html, /Choose a mentor for/)
    const opts = await getJSON(g, `/api/v1/match-runs/${first}/swap?mentee=${p.mentee_id}`)
    assert.ok(opts.options.length >= 1)
    assert.ok(opts.options.every((o) => o.mentor_id !== p.mentee_id))
    let r = await form(g, `/admin/match-runs/${first}/swap`, { mentee: p.mentee_id, mentor_id: 'x' })
    assert.equal(r.status, 422)
    assert.match(await r.text(), /id="mentor_id-error"/)
    r = await api(g, `/api/v1/match-runs/${first}/swap`, { mentee: p.mentee_id, mentor_id: who['tom.hughes'] })
    assert.equal(r.status, 422, 'a mentee is not a mentor')
    const choice = opts.options.find((o) => !o.is_current) || opts.options[0]
    r = await form(g, `/admin/match-runs/${first}/swap`, { mentee: p.mentee_id, mentor_id: choice.mentor_id })
    assert.equal(r.status, 303)
    const after = await getJSON(g, `/api/v1/match-runs/${first}`)
    const row = after.pairs.find((x) => x.mentee_id === p.mentee_id)
    assert.equal(row.mentor_id, choice.mentor_id)
    assert.equal(row.locked, true)
    // a mentee who is not in the run
    assert.equal((await g.fetch(`/admin/match-runs/${first}/swap?mentee=${who['tom.hughes']}`)).status, 404)
  })

  test('locks of pairs on other pages are kept when one page is saved', async () => {
    const j = await getJSON(g, `/api/v1/match-runs/${first}`)
    const locked = j.pairs.find((p) => p.locked)
    assert.ok(locked, 'the swapped pair is locked')
    const others = j.pairs.filter((p) => p.mentee_id !== locked.mentee_id)
    if (others.length === 0) return
    // a page that showed only the other pairs, none ticked
    const r = await g.postForm(`/admin/match-runs/${first}/locks`, new URLSearchParams([
      ['csrf_token', g.csrf], ['save_locks', 'yes'],
      ...others.map((p) => ['shown', String(p.mentee_id)])]))
    assert.equal(r.status, 303)
    const after = await getJSON(g, `/api/v1/match-runs/${first}`)
    assert.equal(after.pairs.find((p) => p.mentee_id === locked.mentee_id).locked, true)
  })

  test('"Re-run" on the page saves the ticked locks first (a second button of the locks form)', async () => {
    const r0 = await api(g, '/api/v1/schemes/1/cohort-matching', { cohort_id: 'all' })
    assert.equal(r0.status, 201)
    const id = (await r0.json()).id
    const j = await getJSON(g, `/api/v1/match-runs/${id}`)
    const p = j.pairs[0]
    assert.equal(p.locked, false)
    // the form as the browser sends it for the Re-run button: the ticks with it
    const r = await form(g, `/admin/match-runs/${id}/rerun`, { save_locks: 'yes', locked: String(p.mentee_id) })
    assert.equal(r.status, 303)
    const next = Number(r.headers.get('location').match(/match-runs\/(\d+)/)[1])
    assert.notEqual(next, id)
    const n = await getJSON(g, `/api/v1/match-runs/${next}`)
    const row = n.pairs.find((x) => x.mentee_id === p.mentee_id)
    assert.equal(row.mentor_id, p.mentor_id)
    assert.equal(row.locked, true, 'the ticked lock was saved and kept')
    assert.equal((await getJSON(g, `/api/v1/match-runs/${id}`)).pairs.find((x) => x.mentee_id === p.mentee_id).locked, true)
    // the API may send the locks with the re-run too (save_locks: none ticked)
    const r2 = await api(g, `/api/v1/match-runs/${next}/rerun`, { save_locks: 'yes', locked: [] })
    assert.equal(r2.status, 201)
    const n2 = await getJSON(g, `/api/v1/match-runs/${(await r2.json()).id}`)
    assert.equal(n2.locked, 0, 'no locks sent: none kept')
    assert.equal((await api(g, `/api/v1/match-runs/${n2.run.id}/discard`)).status, 200)
  })

  test('a re-run keeps the locked pair and replaces the old draft', async () => {
    const before = await getJSON(g, `/api/v1/match-runs/${first}`)
    const kept = before.pairs.find((p) => p.locked)
    const r = await api(g, `/api/v1/match-runs/${first}/rerun`)
    assert.equal(r.status, 201)
    rerun = (await r.json()).id
    const j = await getJSON(g, `/api/v1/match-runs/${rerun}`)
    const row = j.pairs.find((p) => p.mentee_id === kept.mentee_id)
    assert.equal(row.mentor_id, kept.mentor_id)
    assert.equal(row.locked, true)
    const old = await getJSON(g, `/api/v1/match-runs/${first}`)
    assert.equal(old.run.status, 'replaced')
    assert.equal(old.run.replaced_by, rerun)
    // the old one can no longer change
    const again = await form(g, `/admin/match-runs/${first}/rerun`)
    assert.equal(again.status, 409)
    assert.match(decode(await again.text()), /replaced by a re-run/)
  })

  test('discarding a draft, and only once', async () => {
    const r = await api(g, '/api/v1/schemes/1/cohort-matching', { cohort_id: 'all' })
    assert.equal(r.status, 201)
    const id = (await r.json()).id
    assert.equal((await form(g, `/admin/match-runs/${id}/discard`)).status, 303)
    assert.equal((await getJSON(g, `/api/v1/match-runs/${id}`)).run.status, 'discarded')
    assert.equal((await api(g, `/api/v1/match-runs/${id}/discard`)).status, 409)
    assert.equal((await g.fetch(`/admin/match-runs/${id}/confirm`)).status, 409)
  })

  let stale // a draft made before the confirm
  test('the confirm page, then the confirm: relationships and emails to both people', async () => {
    const s = await api(g, '/api/v1/schemes/1/cohort-matching', { cohort_id: 'all' })
    stale = (await s.json()).id
    const j = await getJSON(g, `/api/v1/match-runs/${rerun}`)
    const n = j.run.matched
    assert.ok(n >= 1)
    const [res, html] = await g.page(`/admin/match-runs/${rerun}/confirm`)
    assert.equal(res.status, 200)
    assert.match(html, new RegExp(`This will create ${n} relationships and email ${2 * n} people`))
    assert.match(html, /tell the mentor of any open request from these mentees that the request is withdrawn/)
    const c = await getJSON(g, `/api/v1/match-runs/${rerun}/confirm`)
    assert.equal(c.relationships, n)
    assert.equal(c.emails, 2 * n)
    const r = await form(g, `/admin/match-runs/${rerun}/confirm`)
    assert.equal(r.status, 303)
    assert.match(r.headers.get('location'), /done=confirmed/)
    const done = await getJSON(g, `/api/v1/match-runs/${rerun}`)
    assert.equal(done.run.status, 'confirmed')
    for (const p of done.pairs) assert.ok(p.relationship_id > 0)
    const out = tandem(['outbox', '--data', srv.data]).stdout
    const matched = out.split('\n').filter((l) => /You have been matched|matched with/i.test(l))
    assert.ok(matched.length >= n, out)
    // twice: refused
    assert.equal((await form(g, `/admin/match-runs/${rerun}/confirm`)).status, 409)
  })

  test('a stale draft: the confirm answers 409 naming the pair, and writes nothing', async () => {
    const count = () => tandem(['outbox', '--data', srv.data]).stdout.match(/(\d+) message\(s\)/)[1]
    const before = count()
    const r = await api(g, `/api/v1/match-runs/${stale}/confirm`)
    assert.equal(r.status, 409)
    const e = await r.json()
    assert.match(e.error.message, /has a mentor now|no free place now/)
    assert.match(e.error.message, /Re-run the matching/)
    assert.equal(count(), before, 'no email queued')
    assert.equal((await getJSON(g, `/api/v1/match-runs/${stale}`)).run.status, 'draft')
    const page = await form(g, `/admin/match-runs/${stale}/confirm`)
    assert.equal(page.status, 409)
    // the run page, with the problem in its error summary and the re-run at hand
    const html = decode(await page.text())
    assert.match(html, /<h2 class="nhsuk-error-summary__title">There is a problem<\/h2>/)
    assert.match(html, /<a href="#actions">[^<]*(has a mentor now|no free place now)[^<]*Re-run the matching/)
    assert.match(html, /<h2 id="actions">What next<\/h2>/)
    assert.match(html, /Re-run around the locked pairs/)
    assert.doesNotMatch(html, /Go to the Tandem home page/)
  })

  test('another scheme\'s administrator gets 404 on everything; a participant is refused', async () => {
    const o = v['olga.other']
    const t = v['tom.hughes']
    const paths = ['/admin/schemes/1/cohort-matching', '/api/v1/schemes/1/cohort-matching',
      `/admin/match-runs/${stale}`, `/api/v1/match-runs/${stale}`,
      `/admin/match-runs/${stale}/confirm`, `/admin/match-runs/${stale}/swap?mentee=1`]
    for (const p of paths) {
      assert.equal((await o.fetch(p)).status, 404, p)
      assert.ok([403, 404].includes((await t.fetch(p)).status), p)
    }
    for (const p of ['/rerun', '/discard', '/confirm', '/locks']) {
      assert.equal((await api(o, `/api/v1/match-runs/${stale}${p}`)).status, 404, p)
      assert.ok([403, 404].includes((await api(t, `/api/v1/match-runs/${stale}${p}`)).status), p)
    }
    assert.equal((await api(o, '/api/v1/schemes/1/cohort-matching', { cohort_id: 'all' })).status, 404)
    assert.equal((await api(o, `/api/v1/match-runs/${stale}/swap`, { mentee: 1, mentor_id: 1 })).status, 404)
    // the site administrator sees it
    assert.equal((await v.admin.fetch(`/api/v1/match-runs/${stale}`)).status, 200)
    // signed out
    const anon = new Visitor(srv.url)
    const r = await anon.fetch(`/admin/match-runs/${stale}`)
    assert.ok([303, 401].includes(r.status))
    assert.equal((await anon.fetch(`/api/v1/match-runs/${stale}`)).status, 401)
    assert.equal((await anon.fetch('/admin/match-runs/999999')).status === 404 ||
      (await anon.fetch('/admin/match-runs/999999')).status === 303, true)
    assert.equal((await g.fetch('/admin/match-runs/999999')).status, 404)
  })

  test('the audit log records runs, locks, swaps, discards and confirms', async () => {
    for (const a of ['match.run', 'match.lock', 'match.swap', 'match.discard', 'match.confirm']) {
      const r = await v.admin.fetch(`/api/v1/admin/audit?action=${a}&scheme=1`)
      assert.equal(r.status, 200)
      assert.ok(JSON.stringify(await r.json()).includes(a), a)
    }
  })
})

describe('tandem match', () => {
  test('--instance on the OR-Library assign100 prints objective 305', () => {
    const file = join(root, '..', 'shared', 'conformance', 'assignment', 'assign100.txt')
    const r = tandem(['match', '--instance', file])
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /^objective 305$/m)
    assert.match(r.stdout, /matched 100, unmatched 0/)
    assert.match(r.stdout, /^time /m)
  })
  test('a bad instance file and a missing scheme are refused', () => {
    const r = tandem(['match', '--instance', '/nonexistent/file.txt'])
    assert.notEqual(r.status, 0)
    const s = tandem(['match', '--data', srv.data, '--scheme', '999'])
    assert.notEqual(s.status, 0)
    assert.match(s.stderr, /no such scheme/)
  })
  test('a dry run on the demo scheme prints the objective and saves nothing', () => {
    const r = tandem(['match', '--data', srv.data, '--scheme', '1'])
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /^objective \d+$/m)
    assert.match(r.stdout, /dry run: nothing was saved/)
    assert.doesNotMatch(r.stderr, /warning/)
  })
  test('with the scheme\'s switch off: --confirm is refused, a dry run warns', async () => {
    const g = v['gareth.evans']
    assert.equal((await api(g, '/api/v1/admin/schemes/1/settings', { allow_cohort_matching: false })).status, 200)
    const runs = async () => (await getJSON(v.admin, '/api/v1/schemes/1/cohort-matching')).runs.length
    const before = await runs()
    const c = tandem(['match', '--data', srv.data, '--scheme', '1', '--confirm'])
    assert.equal(c.status, 1)
    assert.match(c.stderr, /Cohort matching is off in this scheme: turn it on in the scheme's settings/)
    assert.equal(await runs(), before, 'nothing saved')
    const d = tandem(['match', '--data', srv.data, '--scheme', '1'])
    assert.equal(d.status, 0, d.stderr)
    assert.match(d.stderr, /warning: cohort matching is off in this scheme/)
    assert.match(d.stdout, /^objective \d+$/m)
    assert.equal((await api(g, '/api/v1/admin/schemes/1/settings', { allow_cohort_matching: true })).status, 200)
  })
})

// Preferences inside cohort matching (REQ-11, PRO-10).  In the demo the
// pool is Fatima Begum (2 places) and James Li (3); the waiting mentees
// are Amy Clarke (a declared conflict with James Li), Ravi Patel (best
// score with James Li) and Fatima Begum, who may not be her own mentor,
// so James Li is the only mentor allowed for her.
describe('REQ-11: preferences inside cohort matching', () => {
  let s2
  const p = {}
  const id = {}
  before(async () => {
    s2 = await startServer({ demo: true, dev: true })
    for (const name of ['gareth.evans', 'ravi.patel', 'fatima.begum', 'james.li']) {
      const vis = p[name] = await signedIn(s2, name)
      const me = await (await vis.fetch('/api/v1/me')).json()
      id[name] = me.id
      id[name + '@'] = me.email
    }
    const on = await api(p['gareth.evans'], '/api/v1/admin/schemes/1/settings', { allow_cohort_matching: true })
    assert.equal(on.status, 200)
  })
  after(() => stopServer(s2))
  const settings = (body) => api(p['gareth.evans'], '/api/v1/admin/schemes/1/settings', body)
  const runOf = async (mode = 'optimal') => {
    const r = await api(p['gareth.evans'], '/api/v1/schemes/1/cohort-matching', { cohort_id: 'all', mode })
    assert.equal(r.status, 201)
    const runId = (await r.json()).id
    const j = await (await p['gareth.evans'].fetch(`/api/v1/match-runs/${runId}`)).json()
    return [runId, j]
  }
  const rowOf = (j, mentee) => j.pairs.find((x) => x.mentee_id === mentee) ||
    j.unmatched.find((x) => x.mentee_id === mentee)
  const discard = async (runId) =>
    assert.equal((await api(p['gareth.evans'], `/api/v1/match-runs/${runId}/discard`)).status, 200)

  test('a mentee\'s first choice wins them the mentor they would otherwise not get; the preview shows the wish', async () => {
    const g = p['gareth.evans']
    // the demo gives Ravi Patel a first choice (Fatima Begum): the
    // preview shows it at once
    let [runId, j] = await runOf()
    assert.equal(rowOf(j, id['ravi.patel']).wish_rank, 1, 'the demo wish')
    await discard(runId)
    assert.equal((await api(p['ravi.patel'], '/api/v1/matching/wishes/clear')).status, 200);
    [runId, j] = await runOf()
    let ravi = rowOf(j, id['ravi.patel'])
    assert.equal(ravi.mentor_id, id['james.li'], 'the best score without wishes')
    assert.equal(ravi.wish_rank, 0)
    await discard(runId)
    const w = await api(p['ravi.patel'], '/api/v1/matching/wishes', { choice_1: id['fatima.begum'] })
    assert.equal(w.status, 200);
    [runId, j] = await runOf()
    ravi = rowOf(j, id['ravi.patel'])
    assert.equal(ravi.mentor_id, id['fatima.begum'])
    assert.equal(ravi.wish_rank, 1)
    assert.equal(ravi.cost, 100 - ravi.score - 30, 'the first choice weighs 30 points')
    const [, html] = await g.page(`/admin/match-runs/${runId}`)
    assert.match(html, /Ravi Patel<\/td>[\s\S]*?Fatima Begum <strong class="nhsuk-tag[^"]*">Wish 1<\/strong>/)
    await discard(runId)
  })

  let hardRun
  test('a hard "prefer not" keeps the only allowed pair apart; the reason is for administrators', async () => {
    const m = await api(p['james.li'], '/api/v1/matching/avoid', { email: id['fatima.begum@'].toUpperCase() })
    assert.equal(m.status, 201)
    const [runId, j] = await runOf()
    hardRun = runId
    const f = rowOf(j, id['fatima.begum'])
    assert.equal(f.mentor_id, undefined, 'unmatched')
    assert.equal(f.why, 'No allowed mentor. Excluded by: "prefer not" marked by the mentor (James Li). 2 other mentors are full or not available.')
    assert.equal(j.run.unmatched, 1)
    const [, html] = await p['gareth.evans'].page(`/admin/match-runs/${runId}`)
    assert.match(decode(html), /Fatima Begum<\/dt>\s*<dd class="nhsuk-summary-list__value">No allowed mentor\. Excluded by: "prefer not" marked by the mentor \(James Li\)\. 2 other mentors are full or not available\./)
    // nor can the administrator pair them by hand
    const opts = await (await p['gareth.evans'].fetch(`/api/v1/match-runs/${runId}/swap?mentee=${id['fatima.begum']}`)).json()
    assert.ok(opts.options.every((o) => o.mentor_id !== id['james.li']))
    const sw = await api(p['gareth.evans'], `/api/v1/match-runs/${runId}/swap`, { mentee: id['fatima.begum'], mentor_id: id['james.li'] })
    assert.equal(sw.status, 422)
  })

  test('the mentee is never told: her pages, the API and her emails say nothing of the mark', async () => {
    const f = p['fatima.begum']
    for (const path of ['/', '/matching/wishes', '/find', '/api/v1/matching/wishes', '/api/v1/find']) {
      const r = await f.fetch(path)
      assert.equal(r.status, 200, path)
      const body = decode(await r.text())
      assert.doesNotMatch(body, /prefer not|marked/i, path)
    }
    // James Li is still among the mentors she may choose
    const w = await (await f.fetch('/api/v1/matching/wishes')).json()
    assert.ok(w.choices.some((c) => c.id === id['james.li']))
    // another scheme's people and the run: not hers to see
    assert.ok([403, 404].includes((await f.fetch(`/api/v1/match-runs/${hardRun}`)).status))
    const out = tandem(['outbox', '--data', s2.data]).stdout
    assert.doesNotMatch(out, /prefer not/i)
    await discard(hardRun)
  })

  test('a soft "prefer not" only adds the penalty, and the administrator sees it', async () => {
    assert.equal((await settings({ avoid_hard: false, avoid_penalty: 50 })).status, 200)
    const [runId, j] = await runOf()
    const f = rowOf(j, id['fatima.begum'])
    assert.equal(f.mentor_id, id['james.li'], 'the only allowed mentor, at a cost')
    assert.equal(f.cost, 100 - f.score + 50)
    assert.ok(f.reasons.includes('The mentor marked this mentee "prefer not" (50 points against the pair)'))
    await discard(runId)
  })

  test('stable mode is offered by the scheme\'s setting: no blocking pair; the best-overall run reports its own', async () => {
    let [res, html] = await p['gareth.evans'].page('/admin/schemes/1/cohort-matching')
    assert.doesNotMatch(html, /id="mode-stable"/, 'not offered yet')
    assert.equal((await settings({ stable_mode: true })).status, 200);
    [res, html] = await p['gareth.evans'].page('/admin/schemes/1/cohort-matching')
    assert.equal(res.status, 200)
    assert.match(html, /id="mode-stable"/)
    const r = await form(p['gareth.evans'], '/admin/schemes/1/cohort-matching', { cohort_id: 'all', mode: 'stable' })
    assert.equal(r.status, 303)
    const stableId = Number(r.headers.get('location').split('/').pop())
    const st = await (await p['gareth.evans'].fetch(`/api/v1/match-runs/${stableId}`)).json()
    assert.equal(st.run.mode, 'stable')
    assert.equal(st.run.blocking, 0)
    assert.deepEqual(st.blocking_pairs, [])
    const [, sh] = await p['gareth.evans'].page(`/admin/match-runs/${stableId}`)
    assert.match(sh, /There are no blocking pairs/)
    await discard(stableId)
    const [runId, j] = await runOf('optimal')
    assert.equal(typeof j.run.blocking, 'number')
    assert.equal(j.blocking_pairs.length, Math.min(j.run.blocking, 5))
    const [, oh] = await p['gareth.evans'].page(`/admin/match-runs/${runId}`)
    assert.match(oh, new RegExp(`Blocking pairs</dt><dd class="nhsuk-summary-list__value">${j.run.blocking}</dd>`))
    await discard(runId)
  })

  test('a mentee who has a mentor since: the wishes no longer count', async () => {
    const [runId, j] = await runOf()
    assert.equal(rowOf(j, id['ravi.patel']).wish_rank, 1)
    const c = await api(p['gareth.evans'], `/api/v1/match-runs/${runId}/confirm`)
    assert.equal(c.status, 200)
    const w = await (await p['ravi.patel'].fetch('/api/v1/matching/wishes')).json()
    assert.equal(w.state, 'has_mentor')
    assert.deepEqual(w.wishes, [])
    const prefs = await (await p['gareth.evans'].fetch('/api/v1/admin/schemes/1/matching/preferences')).json()
    assert.ok(!prefs.wishes.some((x) => x.mentee_id === id['ravi.patel']), 'set aside')
    const [, page] = await p['ravi.patel'].page('/matching/wishes')
    assert.doesNotMatch(page, /<select/)
  })
})
