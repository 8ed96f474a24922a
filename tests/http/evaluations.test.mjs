// HTTP tests of answering evaluations (EVAL-2, EVAL-3, EVAL-4, EVAL-6
// participation): the demo's answered and open evaluations; who may read
// a response (its owner; the mentee only when the mentor shared it;
// everyone else 404); the mentor taken straight to the form on
// completion, deferring, the past tab's link; the mentee's evaluation
// and its email; validation of each question type (422, message beside
// the question, what was typed kept); a second answer 409; the one
// reminder through /_dev/jobs/evaluations; the four-week window (409
// after it closes); the API twins.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, Visitor, demoPassword, tandem } from '../lib/server.mjs'

let srv, dev
before(async () => {
  srv = await startServer({ demo: true, dev: true })
  dev = new Visitor(srv.url)
  dev.csrf = await dev.token()
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
async function json (v, path, status = 200) {
  const res = await v.fetch(path)
  assert.equal(res.status, status, path)
  return res.json()
}
async function advance (seconds) {
  const res = await api(dev, '/_dev/clock', { advance: seconds })
  assert.equal(res.status, 200)
}
async function runJob () {
  const res = await api(dev, '/_dev/jobs/evaluations')
  assert.equal(res.status, 200)
  const r = await res.json()
  assert.equal(r.failed, 0)
  return r
}
function outbox () {
  const r = tandem(['outbox', '--data', srv.data])
  assert.equal(r.status, 0, r.stderr)
  const mails = []
  for (const line of r.stdout.split('\n')) {
    const m = line.match(/^(\d+)\s+(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(.*)$/)
    if (m) mails.push({ id: Number(m[1]), to: m[5], subject: m[6].trim() })
  }
  return mails.sort((a, b) => a.id - b.id)
}
function mailBody (id) {
  const r = tandem(['outbox', '--data', srv.data, '--show', String(id)])
  assert.equal(r.status, 0, r.stderr)
  return r.stdout.slice(r.stdout.indexOf('\n\n') + 2)
}
const mailsTo = (username, subject) => outbox().filter((m) =>
  m.to === `${username}@northfield.example.nhs.uk` && (!subject || subject.test(m.subject)))
const decode = (s) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')

// the evaluation of mine whose "about" matches
async function mine (v, about) {
  const j = await json(v, '/api/v1/evaluations')
  const all = [...j.open, ...j.answered, ...j.closed]
  return all.find((e) => about.test(e.about))
}

describe('the demo and who may read a response (EVAL-4)', () => {
  test('sarah has answered two, deferred one; the past tab links the open one', async () => {
    const sarah = await signedIn('sarah.mitchell')
    const j = await json(sarah, '/api/v1/evaluations')
    assert.equal(j.answered.length, 2)
    assert.equal(j.open.length, 1)
    assert.equal(j.open[0].is_deferred, true)
    assert.match(j.open[0].about, /Fatima/)
    const [, html] = await sarah.page('/?tab=past')
    assert.match(html, new RegExp(`href="/evaluations/${j.open[0].id}"`))
    assert.match(html, /Complete your evaluation/)
    const [, list] = await sarah.page('/evaluations')
    assert.match(list, /Evaluations to complete/)
    assert.match(list, /Answered/)
  })

  test('fatima sees her open evaluation on her home page', async () => {
    const fatima = await signedIn('fatima.begum')
    // fatima is mentor and mentee: the mentee view shows it
    const res = await api(fatima, '/api/v1/switch-view', { view: '1:mentee' })
    assert.ok(res.status < 400, 'switch to the mentee view')
    const [, html] = await fatima.page('/')
    assert.match(html, /Evaluations to complete/)
    assert.match(html, /After your mentoring: your feedback/)
  })

  test('the shared response: the owner and the mentee read it; others 404', async () => {
    const sarah = await signedIn('sarah.mitchell')
    const amyEval = await mine(sarah, /Amy/)
    const raviEval = await mine(sarah, /Ravi/)
    assert.equal(amyEval.is_shared, true)
    assert.equal(raviEval.is_shared, false)
    const amy = await signedIn('amy.clarke')
    const shown = await json(amy, `/api/v1/evaluations/${amyEval.id}`)
    assert.equal(shown.is_shared_view, true)
    assert.equal(shown.is_open, false)
    assert.ok(shown.questions.some((q) => q.has_answer))
    const [, html] = await amy.page(`/evaluations/${amyEval.id}`)
    assert.match(html, /chose to share their answers/)
    assert.match(decode(html), /Only you, Sarah Mitchell and your scheme's administrators can read them/)
    assert.doesNotMatch(html, /Send my answers/)
    // named from amy's side, not "Your mentoring with Amy Clarke"
    assert.equal(shown.about, "Sarah Mitchell's evaluation of your mentoring")
    assert.doesNotMatch(html, /Your mentoring with Amy/)
    // amy's list shows it under "Shared with you"
    const list = await json(amy, '/api/v1/evaluations')
    assert.equal(list.shared_with_me.length, 1)
    assert.equal(list.shared_with_me[0].about, "Sarah Mitchell's evaluation of your mentoring")
    // the demo's questions say "Select all that apply." once
    const [, own] = await amy.page(`/evaluations/${(await mine(amy, /Sarah/)).id}`)
    assert.doesNotMatch(own, /Select all that apply\. Select all that apply/)
    // the mentee may not answer or share it
    assert.equal((await api(amy, `/api/v1/evaluations/${amyEval.id}`, {})).status, 404)
    assert.equal((await api(amy, `/api/v1/evaluations/${amyEval.id}/share`, { shared: 'no' })).status, 404)
    // not shared: ravi cannot; nor can anyone else read either
    const ravi = await signedIn('ravi.patel')
    assert.equal((await ravi.fetch(`/evaluations/${raviEval.id}`)).status, 404)
    assert.equal((await amy.fetch(`/evaluations/${raviEval.id}`)).status, 404)
    for (const name of ['chidi.okafor', 'tom.hughes', 'gareth.evans', 'james.li']) {
      const v = await signedIn(name)
      assert.equal((await v.fetch(`/evaluations/${amyEval.id}`)).status, 404, name)
      assert.equal((await v.fetch(`/api/v1/evaluations/${raviEval.id}`)).status, 404, name)
    }
    // a mentee's own answers are never shown to the mentor
    const amyOwn = await mine(amy, /Sarah/)
    assert.equal((await sarah.fetch(`/evaluations/${amyOwn.id}`)).status, 404)
    assert.equal((await api(amy, `/api/v1/evaluations/${amyOwn.id}/share`, { shared: 'yes' })).status, 409,
      'a mentee cannot share their own')
    // signed out
    const anon = new Visitor(srv.url)
    const res = await anon.fetch(`/evaluations/${amyEval.id}`)
    assert.ok([303, 401].includes(res.status))
  })

  test('sarah shares with ravi: one email the first time; unsharing hides it again', async () => {
    const sarah = await signedIn('sarah.mitchell')
    const raviEval = await mine(sarah, /Ravi/)
    const ravi = await signedIn('ravi.patel')
    const before = mailsTo('ravi.patel', /shared their evaluation/).length
    let res = await form(sarah, `/evaluations/${raviEval.id}/share`, { shared: 'yes' })
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), `/evaluations/${raviEval.id}?done=shared`)
    const sent = mailsTo('ravi.patel', /shared their evaluation/)
    assert.equal(sent.length, before + 1)
    assert.match(mailBody(sent.at(-1).id), /Sarah Mitchell has chosen to share/)
    // EVAL-4: the scheme's administrators can read it too, and the email says so
    assert.match(mailBody(sent.at(-1).id).replace(/\s+/g, ' '), /Only you, Sarah Mitchell and your scheme's administrators can read them/)
    assert.doesNotMatch(mailBody(sent.at(-1).id), /Only you and Sarah/)
    assert.equal((await ravi.fetch(`/evaluations/${raviEval.id}`)).status, 200)
    res = await form(sarah, `/evaluations/${raviEval.id}/share`, { shared: 'no' })
    assert.equal(res.status, 303)
    assert.equal((await ravi.fetch(`/evaluations/${raviEval.id}`)).status, 404)
    res = await api(sarah, `/api/v1/evaluations/${raviEval.id}/share`, { shared: 'yes' })
    assert.equal(res.status, 200)
    assert.equal((await res.json()).is_shared, true)
    assert.equal(mailsTo('ravi.patel', /shared their evaluation/).length, before + 1, 'emailed once only')
    res = await api(sarah, `/api/v1/evaluations/${raviEval.id}/share`, { shared: 'maybe' })
    assert.equal(res.status, 422)
  })
})

describe('completion, deferring, answering, the reminder and the window (EVAL-2, EVAL-3)', () => {
  let chidi, tom, chidiEval, tomEval
  test('chidi completes: straight to his evaluation; tom is emailed; chidi is not', async () => {
    chidi = await signedIn('chidi.okafor')
    tom = await signedIn('tom.hughes')
    const beforeTom = mailsTo('tom.hughes', /Please answer an evaluation/).length
    const now = new Date((await (await api(dev, '/_dev/clock', { advance: 0 })).json()).now * 1000)
    const res = await form(chidi, '/relationships/1/complete', {
      end_day: String(now.getUTCDate()),
      end_month: String(now.getUTCMonth() + 1),
      end_year: String(now.getUTCFullYear())
    })
    assert.equal(res.status, 303)
    const loc = res.headers.get('location')
    const m = loc.match(/^\/evaluations\/(\d+)\?from=completion$/)
    assert.ok(m, loc)
    chidiEval = Number(m[1])
    const [page, html] = await chidi.page(loc)
    assert.equal(page.status, 200)
    assert.match(html, /The relationship is now marked as completed/)
    assert.match(html, /it stays in Past mentees on your home page until/)
    assert.match(html, /Mentor&#39;s reflection at completion|Mentor's reflection at completion/)
    assert.match(html, /Share my answers with Tom/)
    assert.match(html, /Do this later/)
    assert.equal(mailsTo('chidi.okafor', /Please answer an evaluation/).length, 0)
    const toTom = mailsTo('tom.hughes', /Please answer an evaluation/)
    assert.equal(toTom.length, beforeTom + 1)
    const body = mailBody(toTom.at(-1).id)
    assert.match(body, /Northfield/)
    assert.match(body, /your mentoring with Chidi/)
    tomEval = (await mine(tom, /Chidi/)).id
    assert.match(body, new RegExp(`/evaluations/${tomEval}`))
  })

  test('chidi defers; the past tab and his list show it', async () => {
    let res = await form(chidi, `/evaluations/${chidiEval}/defer`)
    assert.equal(res.status, 303)
    assert.equal(res.headers.get('location'), '/evaluations?done=deferred')
    const [, list] = await chidi.page('/evaluations?done=deferred')
    assert.match(list, /kept for later/)
    assert.match(list, /You chose to do this later/)
    const [, html] = await chidi.page('/?tab=past')
    assert.match(html, new RegExp(`href="/evaluations/${chidiEval}"`))
    assert.match(html, /Complete your evaluation/)
    res = await api(chidi, `/api/v1/evaluations/${chidiEval}/defer`)
    assert.equal(res.status, 200)
    assert.equal((await res.json()).is_deferred, true)
  })

  test('others cannot see or answer their evaluations', async () => {
    for (const name of ['tom.hughes', 'james.li', 'amy.clarke', 'gareth.evans', 'sarah.mitchell']) {
      const v = await signedIn(name)
      assert.equal((await v.fetch(`/evaluations/${chidiEval}`)).status, 404, name)
      assert.equal((await api(v, `/api/v1/evaluations/${chidiEval}/defer`)).status, 404, name)
    }
    const gareth = await signedIn('gareth.evans')
    assert.equal((await gareth.fetch(`/api/v1/evaluations/${tomEval}`)).status, 404)
    assert.equal((await api(chidi, `/api/v1/evaluations/${tomEval}`, {})).status, 404,
      'the mentor never answers or reads the mentee\'s')
    assert.equal((await chidi.fetch(`/evaluations/${tomEval}`)).status, 404)
  })

  test('validation of each question type: 422, the message beside it, what was typed kept', async () => {
    const j = await json(tom, `/api/v1/evaluations/${tomEval}`)
    assert.equal(j.is_open, true)
    const q = (kind) => j.questions.find((x) => x.kind === kind)
    const [r1, r2] = j.questions.filter((x) => x.kind === 'rating')
    const single = q('single'); const multi = q('multiple'); const yn = q('yes_no'); const text = q('text')
    // nothing at all: every required question named
    let res = await form(tom, `/evaluations/${tomEval}`, {})
    assert.equal(res.status, 422)
    let html = decode(await res.text())
    assert.match(html, /There is a problem/)
    assert.ok(html.includes(`Select an answer to '${r1.prompt}'`))
    assert.ok(html.includes(`Select an answer to '${yn.prompt}'`))
    assert.ok(html.includes(`href="#q${r1.id}"`))
    // bad values and what was typed kept
    const body = new URLSearchParams({ csrf_token: tom.csrf })
    body.append(`q${r1.id}`, '9')
    body.append(`q${r2.id}`, '4')
    body.append(`q${single.id}`, '2')
    body.append(`q${multi.id}`, '1')
    body.append(`q${multi.id}`, '1')
    body.append(`q${yn.id}`, 'maybe')
    body.append(`q${text.id}`, 'x'.repeat(text.max_length + 1))
    res = await tom.fetch(`/evaluations/${tomEval}`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString()
    })
    assert.equal(res.status, 422)
    html = decode(await res.text())
    assert.ok(html.includes(`Select one of the answers given for '${r1.prompt}'`))
    assert.ok(html.includes(`Select each answer to '${multi.prompt}' only once`))
    assert.ok(html.includes(`Select one of the answers given for '${yn.prompt}'`))
    assert.ok(html.includes(`Your answer to '${text.prompt}' must be ${text.max_length} characters or fewer`))
    assert.match(html, new RegExp(`name="q${r2.id}" type="radio" value="4" checked`))
    assert.match(html, new RegExp(`name="q${single.id}" type="radio" value="2" checked`))
    assert.match(html, new RegExp(`id="q${r1.id}" name="q${r1.id}" type="radio"`), 'the summary link has a target')
    // the API: an unknown question and an out-of-range single choice
    res = await api(tom, `/api/v1/evaluations/${tomEval}`, { q999999: '1', [`q${single.id}`]: 99 })
    assert.equal(res.status, 422)
    const err = (await res.json()).error
    assert.match(err.fields.questions, /questions have changed/)
    assert.match(err.fields[`q${single.id}`], /Select one of the answers given/)
    assert.match(err.fields[`q${r1.id}`], /Select an answer to/)
    // nothing was stored
    assert.equal((await json(tom, `/api/v1/evaluations/${tomEval}`)).is_answered, false)
  })

  test('a free-text answer far past the question\'s limit: 422 naming its limit, the text kept', async () => {
    const j = await json(tom, `/api/v1/evaluations/${tomEval}`)
    const text = j.questions.find((x) => x.kind === 'text')
    assert.equal(text.max_length, 2000)
    const long = 'Sessions were useful. '.repeat(114).slice(0, 2500)
    let res = await form(tom, `/evaluations/${tomEval}`, { [`q${text.id}`]: long })
    assert.equal(res.status, 422)
    let html = decode(await res.text())
    assert.ok(html.includes(`Your answer to '${text.prompt}' must be 2000 characters or fewer`))
    assert.ok(html.includes(`>${long}</textarea>`), 'the text comes back')
    assert.doesNotMatch(html, /in 4000 characters|Enter Your answer/)
    // past the longest any question allows (4000): still the question's own limit
    const longer = 'x'.repeat(5000)
    res = await form(tom, `/evaluations/${tomEval}`, { [`q${text.id}`]: longer })
    assert.equal(res.status, 422)
    html = decode(await res.text())
    assert.ok(html.includes(`Your answer to '${text.prompt}' must be 2000 characters or fewer`))
    assert.ok(html.includes(`>${longer}</textarea>`), 'the text comes back')
    // past the route's bound the parser refuses it, in lower case
    res = await form(tom, `/evaluations/${tomEval}`, { [`q${text.id}`]: 'x'.repeat(16001) })
    assert.equal(res.status, 422)
    assert.match(await res.text(), /Enter your answer in 16000 characters or fewer/)
  })

  test('the questions changed since the page was opened: 422, the summary links the first question, what was typed kept', async () => {
    const j = await json(tom, `/api/v1/evaluations/${tomEval}`)
    assert.match(j.seen, /^[0-9a-f]{16}$/)
    const [, page] = await tom.page(`/evaluations/${tomEval}`)
    assert.ok(page.includes(`name="seen" value="${j.seen}"`))
    const single = j.questions.find((x) => x.kind === 'single')
    const first = j.questions[0]
    // a key that is not the questions' (they changed meanwhile)
    let res = await form(tom, `/evaluations/${tomEval}`, { seen: '0123456789abcdef', [`q${single.id}`]: '3' })
    assert.equal(res.status, 422)
    let html = decode(await res.text())
    assert.match(html, /<a href="#questions">The questions have changed since you opened this page/)
    assert.doesNotMatch(html, /href="#"/)
    assert.match(html, /id="questions"/)
    assert.ok(html.indexOf('id="questions"') < html.indexOf(`name="q${first.id}"`) + 400, 'the anchor is the first question')
    assert.match(html, new RegExp(`name="q${single.id}" type="radio" value="3" checked`))
    assert.ok(html.includes(`name="seen" value="${j.seen}"`), 'the page now carries the current key')
    // an input for a question that no longer exists: the same
    res = await form(tom, `/evaluations/${tomEval}`, { q999999: '1', [`q${single.id}`]: '2' })
    assert.equal(res.status, 422)
    html = decode(await res.text())
    assert.match(html, /<a href="#questions">The questions have changed/)
    assert.match(html, new RegExp(`name="q${single.id}" type="radio" value="2" checked`))
    assert.equal((await json(tom, `/api/v1/evaluations/${tomEval}`)).is_answered, false)
  })

  test('tom answers through the API; a second answer is 409; he reads his answers', async () => {
    const j = await json(tom, `/api/v1/evaluations/${tomEval}`)
    const answers = {}
    for (const x of j.questions) {
      if (x.kind === 'rating') answers[x.name] = 4
      if (x.kind === 'single') answers[x.name] = '2'
      if (x.kind === 'multiple') answers[x.name] = [1, 3]
      if (x.kind === 'yes_no') answers[x.name] = 'yes'
      if (x.kind === 'text') answers[x.name] = '  More time for sessions.  '
    }
    let res = await api(tom, `/api/v1/evaluations/${tomEval}`, { ...answers, share: true })
    assert.equal(res.status, 200)
    const done = await res.json()
    assert.equal(done.is_answered, true)
    assert.equal(done.is_shared, false, 'a mentee cannot share')
    assert.ok(done.version_id > 0)
    const text = done.questions.find((x) => x.kind === 'text')
    assert.deepEqual(text.answer, ['More time for sessions.'])
    const multi = done.questions.find((x) => x.kind === 'multiple')
    assert.equal(multi.answer.length, 2)
    res = await api(tom, `/api/v1/evaluations/${tomEval}`, answers)
    assert.equal(res.status, 409)
    assert.match((await res.json()).error.message, /already answered/)
    res = await form(tom, `/evaluations/${tomEval}`, {})
    assert.equal(res.status, 409)
    // the 409 page: the sentence, a link back to his answers, and them
    const conflictHtml = await res.text()
    assert.match(conflictHtml, /You have already answered this evaluation/)
    assert.match(conflictHtml, new RegExp(`<a href="/evaluations/${tomEval}">Read your answers`))
    assert.match(conflictHtml, /More time for sessions\./)
    assert.doesNotMatch(conflictHtml, /There is a problem/)
    const [, html] = await tom.page(`/evaluations/${tomEval}`)
    assert.match(html, /You answered this evaluation on/)
    assert.match(html, /More time for sessions\./)
    assert.doesNotMatch(html, /Send my answers/)
    // tom's relationship page links his answers
    const [, rel] = await tom.page('/relationships/1')
    assert.match(rel, new RegExp(`href="/evaluations/${tomEval}"`))
  })

  test('one reminder after seven days, never twice; a deferred one is reminded', async () => {
    await runJob()
    const before = mailsTo('chidi.okafor', /Reminder: please answer/).length
    await advance(6 * 86400)
    await runJob()
    assert.equal(mailsTo('chidi.okafor', /Reminder: please answer/).length, before, 'not before seven days')
    await advance(86400 + 60)
    const r = await runJob()
    assert.ok(r.reminded >= 1)
    const sent = mailsTo('chidi.okafor', /Reminder: please answer/)
    assert.equal(sent.length, before + 1)
    assert.match(mailBody(sent.at(-1).id), /only reminder/)
    await runJob()
    await advance(86400)
    await runJob()
    assert.equal(mailsTo('chidi.okafor', /Reminder: please answer/).length, before + 1, 'once only')
    assert.equal(mailsTo('tom.hughes', /Reminder: please answer/).length, 0, 'answered: no reminder')
  })

  test('after four weeks it closes: the page says so and answering or deferring is 409', async () => {
    chidi = await signedIn('chidi.okafor') // the clock moved past the sign-in's lifetime
    let j = await json(chidi, `/api/v1/evaluations/${chidiEval}`)
    assert.equal(j.is_open, true, 'still open at 8 days')
    await advance(21 * 86400)
    chidi = await signedIn('chidi.okafor')
    j = await json(chidi, `/api/v1/evaluations/${chidiEval}`)
    assert.equal(j.is_open, false)
    assert.equal(j.is_closed, true)
    const [, html] = await chidi.page(`/evaluations/${chidiEval}`)
    assert.match(html, /This evaluation closed on/)
    assert.doesNotMatch(html, /Send my answers/)
    let res = await form(chidi, `/evaluations/${chidiEval}`, {})
    assert.equal(res.status, 409)
    assert.match(await res.text(), /closed on/)
    res = await api(chidi, `/api/v1/evaluations/${chidiEval}/defer`)
    assert.equal(res.status, 409)
    const [, past] = await chidi.page('/?tab=past')
    assert.doesNotMatch(past, /Complete your evaluation/)
    const list = await json(chidi, '/api/v1/evaluations')
    assert.ok(list.closed.some((e) => e.id === chidiEval))
  })
})
