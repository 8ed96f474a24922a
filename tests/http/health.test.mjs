// HTTP tests for health and metrics (issue 12, "Health and metrics"):
// /healthz (liveness), /readyz (the database takes a write and its schema
// is current: 200, or 503 with the reason while another process holds
// the write lock or the schema is ahead of the binary), and /metrics
// (Prometheus text, counters that move, route patterns and never raw
// paths in labels, refused with 404 outside metrics_allow, also behind a
// trusted proxy).
//
// The lock and the schema are changed from outside with Debian's sqlite3
// command line (scripts/bootstrap installs it), as another process or a
// newer binary would.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { bin, demoPassword, startServer, stopServer } from '../lib/server.mjs'

let srv, refusing

before(async () => {
  srv = await startServer({ demo: true })
  // allows only an address the test never has; believes a local proxy
  refusing = await startServer({ set: { metrics_allow: '10.9.9.9, 2001:db8::/32', trust_proxy: 'true' } })
})
after(async () => {
  await stopServer(srv)
  await stopServer(refusing)
})

const dbPath = (s) => join(s.data, 'tandem.db')

function sql (s, text) {
  const r = spawnSync('sqlite3', [dbPath(s), text], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return r.stdout.trim()
}

async function json (path, s = srv) {
  const res = await fetch(s.url + path)
  return { res, body: await res.json() }
}

async function scrape (s = srv, headers = {}) {
  const res = await fetch(s.url + '/metrics', { headers })
  return { res, text: await res.text() }
}

// The value of one sample, exact name and labels as written; 0 if absent.
function sample (text, series) {
  for (const line of text.split('\n')) {
    if (line.startsWith(series + ' ')) return Number(line.slice(series.length + 1))
  }
  return 0
}

// Another process that holds the database's write lock until release().
async function holdWriteLock (s) {
  const child = spawn('sqlite3', [dbPath(s)], { stdio: ['pipe', 'pipe', 'pipe'] })
  let out = ''
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('sqlite3 did not take the lock')), 10000)
    child.stdout.on('data', (d) => { out += d; if (out.includes('locked')) { clearTimeout(timer); resolve() } })
    child.on('error', reject)
    child.stdin.write("BEGIN IMMEDIATE;\nSELECT 'locked';\n")
  })
  const exited = new Promise((resolve) => child.on('exit', resolve))
  return async () => { child.stdin.end('ROLLBACK;\n.quit\n'); await exited }
}

describe('/healthz and /readyz', () => {
  test('/healthz is liveness: 200 JSON, public, never cached', async () => {
    const { res, body } = await json('/healthz')
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('cache-control'), 'no-store')
    assert.equal(body.status, 'ok')
    assert.ok(body.schema > 0)
  })

  test('/readyz is 200 when the database takes a write and the schema is current', async () => {
    const { res, body } = await json('/readyz')
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type'), /^application\/json/)
    assert.equal(res.headers.get('cache-control'), 'no-store')
    assert.equal(body.status, 'ready')
    assert.equal(body.reason, '')
    assert.equal(body.schema, body.schema_expected)
    assert.equal(String(body.schema), sql(srv, 'SELECT max(version) FROM schema_migrations'))
    // the probe's write was rolled back: nothing is left behind
    assert.equal(sql(srv, "SELECT count(*) FROM meta WHERE key = 'readyz'"), '0')
  })

  test('/readyz is 503 with the reason while another process holds the write lock, and recovers', async () => {
    const release = await holdWriteLock(srv)
    try {
      const t0 = Date.now()
      const { res, body } = await json('/readyz')
      assert.equal(res.status, 503)
      assert.ok(Date.now() - t0 < 2000, 'answers quickly (short busy timeout)')
      assert.equal(res.headers.get('cache-control'), 'no-store')
      assert.equal(body.status, 'unavailable')
      assert.match(body.reason, /^the database cannot be written: database is locked$/)
      // liveness and reads are unaffected (WAL readers do not wait)
      assert.equal((await fetch(srv.url + '/healthz')).status, 200)
      assert.equal((await fetch(srv.url + '/')).status, 200)
      const { text } = await scrape()
      assert.equal(sample(text, 'tandem_ready'), 0)
      // a write waits out the busy timeout (5 s), fails with 503 and is
      // counted as a storage error
      const busy = 'tandem_db_errors_total{code="busy"}'
      const signIn = await fetch(srv.url + '/api/v1/sign-in', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'tom.hughes', password: demoPassword })
      })
      assert.equal(signIn.status, 503)
      assert.equal(sample((await scrape()).text, busy), sample(text, busy) + 1)
    } finally {
      await release()
    }
    const { res, body } = await json('/readyz')
    assert.equal(res.status, 200)
    assert.equal(body.status, 'ready')
    assert.equal(sample((await scrape()).text, 'tandem_ready'), 1)
  })

  test('/readyz is 503 when the schema is not the one this binary carries (a newer tandem migrated it)', async () => {
    const { body: before } = await json('/readyz')
    const ahead = before.schema_expected + 1
    sql(srv, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (${ahead}, 'from-the-future', 0)`)
    try {
      const { res, body } = await json('/readyz')
      assert.equal(res.status, 503)
      assert.equal(body.reason, `the schema is at version ${ahead} but this Tandem expects ${before.schema_expected}`)
      assert.equal(body.schema, ahead)
    } finally {
      sql(srv, `DELETE FROM schema_migrations WHERE version = ${ahead}`)
    }
    assert.equal((await fetch(srv.url + '/readyz')).status, 200)
  })
})

describe('/metrics', () => {
  test('Prometheus text from 127.0.0.1, never cached, every sample under a declared family', async () => {
    const { res, text } = await scrape()
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8')
    assert.equal(res.headers.get('cache-control'), 'no-store')
    const families = new Map()
    for (const line of text.trimEnd().split('\n')) {
      const t = line.match(/^# TYPE (\S+) (counter|gauge|histogram)$/)
      if (t) { assert.ok(!families.has(t[1]), 'declared once: ' + t[1]); families.set(t[1], t[2]); continue }
      if (line.startsWith('# HELP ')) continue
      const m = line.match(/^([a-z_]+)(\{[^}]*\})? (\S+)$/)
      assert.ok(m, 'a sample line: ' + line)
      assert.ok(Number.isFinite(Number(m[3])), 'a number: ' + line)
      const base = m[1].replace(/_(bucket|sum|count)$/, '')
      assert.ok(families.has(m[1]) || families.get(base) === 'histogram', 'declared first: ' + line)
    }
    for (const f of ['tandem_http_requests_total', 'tandem_http_request_duration_seconds',
      'tandem_outbox_messages', 'tandem_job_runs_total', 'tandem_job_failures_total',
      'tandem_db_errors_total', 'tandem_ready', 'tandem_uptime_seconds', 'process_start_time_seconds']) {
      assert.ok(families.has(f), f)
    }
    for (const code of ['busy', 'io', 'db']) {
      assert.match(text, new RegExp(`^tandem_db_errors_total\\{code="${code}"\\} \\d+$`, 'm'))
    }
    assert.ok(sample(text, 'tandem_uptime_seconds') > 0)
  })

  test('requests are counted by route pattern and status, with latency; ids and tokens never reach a label', async () => {
    const rel = 'tandem_http_requests_total{method="GET",route="/relationships/{id:int}",code="303"}'
    const unmatched = 'tandem_http_requests_total{method="",route="(unmatched)",code="404"}'
    const reset = 'tandem_http_requests_total{method="GET",route="/password/reset/{token}",code="410"}'
    const hist = 'tandem_http_request_duration_seconds_count{method="GET",route="/healthz"}'
    const inf = 'tandem_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="+Inf"}'
    const before = (await scrape()).text
    const token = 'Zq'.repeat(21) + 'Z'
    for (const path of ['/relationships/424242', '/relationships/424243', '/no-such-page/777111',
      '/password/reset/' + token, '/healthz', '/healthz', '/healthz']) {
      await (await fetch(srv.url + path, { redirect: 'manual' })).arrayBuffer()
    }
    const after = (await scrape()).text
    assert.equal(sample(after, rel) - sample(before, rel), 2)
    assert.equal(sample(after, unmatched) - sample(before, unmatched), 1)
    assert.equal(sample(after, reset) - sample(before, reset), 1)
    assert.equal(sample(after, hist) - sample(before, hist), 3)
    assert.equal(sample(after, inf), sample(after, hist), '+Inf bucket equals _count')
    // buckets are cumulative
    const bounds = [...after.matchAll(/^tandem_http_request_duration_seconds_bucket\{method="GET",route="\/healthz",le="([^"]+)"\} (\d+)$/gm)]
    assert.equal(bounds.length, 13)
    for (let i = 1; i < bounds.length; i++) assert.ok(Number(bounds[i][2]) >= Number(bounds[i - 1][2]))
    for (const secret of ['424242', '777111', token]) assert.ok(!after.includes(secret), secret + ' not in metrics')
  })

  test('outbox counts follow the queue; jobs have run', async () => {
    const before = sample((await scrape()).text, 'tandem_outbox_messages{status="queued"}')
    const res = await fetch(srv.url + '/api/v1/password/forgot', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'tom.hughes', email: 'tom.hughes@northfield.example.nhs.uk' })
    })
    assert.equal(res.status, 202)
    const text = (await scrape()).text
    // no SMTP server is configured: the email stays queued
    assert.equal(sample(text, 'tandem_outbox_messages{status="queued"}'), before + 1)
    assert.equal(sample(text, 'tandem_outbox_messages{status="queued"}'),
      Number(sql(srv, "SELECT count(*) FROM outbox WHERE status = 'queued'")))
    assert.match(text, /^tandem_outbox_messages\{status="failed"\} 0$/m)
    // every job runs at the scheduler's first tick
    for (const job of ['housekeeping', 'digest']) {
      assert.ok(sample(text, `tandem_job_runs_total{job="${job}"}`) >= 1, job)
      assert.match(text, new RegExp(`^tandem_job_failures_total\\{job="${job}"\\} \\d+$`, 'm'))
    }
  })

  test('refused with the ordinary 404 outside metrics_allow; /healthz and /readyz stay public', async () => {
    let { res, text } = await scrape(refusing)
    assert.equal(res.status, 404)
    assert.match(res.headers.get('content-type'), /^text\/html/)
    assert.ok(!text.includes('tandem_'), 'no metrics in the refusal')
    // the address a trusted local proxy forwards is the one checked
    ;({ res, text } = await scrape(refusing, { 'X-Forwarded-For': '203.0.113.7' }))
    assert.equal(res.status, 404)
    ;({ res, text } = await scrape(refusing, { 'X-Forwarded-For': '203.0.113.7, 10.9.9.9' }))
    assert.equal(res.status, 200)
    assert.match(text, /^tandem_ready 1$/m)
    ;({ res } = await scrape(refusing, { 'X-Forwarded-For': '10.9.9.9, 203.0.113.7' }))
    assert.equal(res.status, 404, 'only the last address, the proxy\'s own view, is believed')
    // without trust_proxy a claimed address changes nothing
    ;({ res } = await scrape(srv, { 'X-Forwarded-For': '203.0.113.7' }))
    assert.equal(res.status, 200)
    assert.equal((await fetch(refusing.url + '/healthz')).status, 200)
    assert.equal((await fetch(refusing.url + '/readyz')).status, 200)
  })

  test('a bad metrics_allow stops the server at start with a clear message', () => {
    const r = spawnSync(bin, ['serve', '--data', refusing.data, '--listen', '127.0.0.1:0', '--set', 'metrics_allow=prometheus.internal'],
      { encoding: 'utf8', timeout: 10000 })
    assert.notEqual(r.status, 0)
    assert.match(r.stderr, /metrics_allow: 'prometheus\.internal' is not an IP address/)
  })
})
