// Slow clients and connection limits (issue 12): "a client that sends
// headers slowly cannot hold a worker forever ... while slowhttptest
// holds 200 slow connections, a normal client still gets the sign-in
// page within one second", and "connection limits answer quickly rather
// than hang".
//
// Driven by Debian's slowhttptest (scripts/bootstrap installs it):
//   (a) Tandem alone: slowloris (-H, 200 connections) and slow body (-B)
//       while a normal client fetches /sign-in several times, each in
//       under 1 s; then every slow connection is cut by Tandem's header
//       deadline or body rate (its /metrics counters and log say so, and
//       slowhttptest ends early with "No open connections left").
//   (b) the same through nginx, started here with a copy of
//       deploy/nginx/tandem.conf (TLS with a throwaway self-signed
//       certificate, ports and timeouts adapted): nginx holds and cuts
//       the slow connections, Tandem never sees them, and Tandem logs
//       the real client address from X-Forwarded-For.
//   (c) max_connections and max_connections_per_ip: the connection past
//       a limit is closed at once, and service is normal once the
//       holders go away.
//
// The attacker is slowhttptest on 127.0.0.1; the normal client connects
// from 127.0.0.2 (a different address on the loopback network), so it
// stands for a separate user and the per-address limit, which would
// otherwise refuse it for the attacker's sake, does not muddle the
// result.  In (a) max_connections_per_ip is raised so that all 200 slow
// connections are really held, as from an attacker with many addresses.
//
// Deadlines are shortened with --set (header_timeout=4, body_timeout=3)
// so the file runs in ~40 s; the 1 s rule is not relaxed, even under
// ASan (TANDEM_SANITIZE=ON): /sign-in takes milliseconds there too.
import { test, describe, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { root, startServer, stopServer } from '../lib/server.mjs'

const SLOW = 200              // slowloris connections (the number)
const SLOW_BODY = 50          // slow-body connections
const NORMAL_TRIES = 5        // normal requests measured while they are held
const ONE_SECOND = 1000

const work = mkdtempSync(join(tmpdir(), 'tandem-slow-'))
// whatever a failing test leaves running is stopped here
const children = []
after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  rmSync(work, { recursive: true, force: true })
})
async function start (opts) {
  const srv = await startServer(opts)
  children.push(srv.child)
  return srv
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

// One GET on a fresh connection from `localAddress`; { status, ms, body }.
function timedGet (url, localAddress = '127.0.0.2') {
  const t0 = performance.now()
  const mod = url.startsWith('https:') ? https : http
  return new Promise((resolve, reject) => {
    const req = mod.get(url, { agent: false, localAddress, rejectUnauthorized: false, timeout: 5000 },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (d) => { body += d })
        res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - t0, body }))
      })
    req.on('timeout', () => req.destroy(new Error('no answer in 5 s')))
    req.on('error', reject)
  })
}

// A tandem_http_connections_cut_total counter from /metrics.
async function cuts (srv, reason) {
  const r = await timedGet(srv.url + '/metrics', '127.0.0.1')
  assert.equal(r.status, 200)
  const m = r.body.match(new RegExp(`^tandem_http_connections_cut_total\\{reason="${reason}"\\} (\\d+)$`, 'm'))
  assert.ok(m, 'the cut counter is exported')
  return Number(m[1])
}

// Start slowhttptest; resolves .connected once its CSV report shows at
// least `want` connections open, .done when it exits (with its output).
function slowhttptest (args, name, want) {
  const prefix = join(work, name)
  const child = spawn('slowhttptest', [...args, '-g', '-o', prefix], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let out = ''
  child.stdout.on('data', (d) => { out += d })
  child.stderr.on('data', (d) => { out += d })
  const started = performance.now()
  const done = new Promise((resolve) => child.on('exit', (code) => resolve({
    code, ms: performance.now() - started, out: out.replace(/\x1b\[[0-9;]*m/g, '') // eslint-disable-line no-control-regex
  })))
  const connected = (async () => {
    for (let i = 0; i < 200; i++) {
      await sleep(100)
      const csv = existsSync(prefix + '.csv') ? readFileSync(prefix + '.csv', 'utf8') : ''
      // Seconds,Closed,Pending,Connected,Service Available
      const most = Math.max(0, ...csv.trim().split('\n').slice(1).map((l) => Number(l.split(',')[3]) || 0))
      if (most >= want) return performance.now()
      if (child.exitCode !== null) break
    }
    throw new Error(`slowhttptest never held ${want} connections:\n${out}`)
  })()
  return { child, connected, done }
}

// The normal client, NORMAL_TRIES times in a row: each under a second.
async function normalClientIsServed (url) {
  const times = []
  for (let i = 0; i < NORMAL_TRIES; i++) {
    const r = await timedGet(url)
    assert.equal(r.status, 200, 'the sign-in page is served')
    assert.match(r.body, /Sign in/)
    times.push(Math.round(r.ms))
  }
  for (const ms of times) assert.ok(ms < ONE_SECOND, `every normal request under 1 s: ${times.join(', ')} ms`)
  return times
}

// Ends early ("No open connections left", well before -l) only if the
// server closed every slow connection.
function assertAllCut (r, length) {
  assert.match(r.out, /Exit status: No open connections left/, r.out)
  assert.ok(r.ms < length * 1000 - 2000, `slowhttptest ended early (${Math.round(r.ms)} ms of ${length} s)`)
}

describe('Tandem alone', { timeout: 90000 }, () => {
  let srv
  test('start', async () => {
    srv = await start({
      set: { header_timeout: 4, body_timeout: 3, max_connections_per_ip: 1000 }
    })
  })

  test(`slowloris: ${SLOW} slow headers are held, a normal client is served, then they are cut`, async (t) => {
    const length = 20
    const port = new URL(srv.url).port
    const s = slowhttptest(['-H', '-c', SLOW, '-r', SLOW, '-i', '1', '-x', '10', '-l', length, '-p', '3',
      '-u', `http://127.0.0.1:${port}/sign-in`].map(String), 'slowloris', SLOW * 0.95)
    const heldAt = await s.connected
    const times = await normalClientIsServed(srv.url + '/sign-in')
    // still inside the header deadline: the measure was taken while held
    assert.ok(performance.now() - heldAt < 3500, 'measured while the slow connections were held')
    const r = await s.done
    assertAllCut(r, length)
    assert.ok(await cuts(srv, 'header_timeout') >= SLOW * 0.95, 'cut by the header deadline')
    assert.match(srv.stderr(), /cut slow connection from 127\.0\.0\.1: request header not complete in time \(4\.\d s/)
    // the log is rate limited: 200 cuts, not 200 lines
    assert.ok((srv.stderr().match(/cut slow connection/g) || []).length <= 10, 'at most 10 lines a minute')
    t.diagnostic(`normal client while held: ${times.join(', ')} ms`)
  })

  test(`slow body: ${SLOW_BODY} bodies below body_min_rate are cut`, async () => {
    const length = 20
    const port = new URL(srv.url).port
    const s = slowhttptest(['-B', '-c', SLOW_BODY, '-r', 100, '-i', '1', '-x', '10', '-s', '100000',
      '-l', length, '-p', '3', '-u', `http://127.0.0.1:${port}/sign-in`].map(String), 'slowbody', SLOW_BODY)
    await s.connected
    await normalClientIsServed(srv.url + '/sign-in')
    const r = await s.done
    assertAllCut(r, length)
    assert.equal(await cuts(srv, 'body_too_slow'), SLOW_BODY, 'each cut by the body rate')
  })

  test('stop', async () => { await stopServer(srv) })
})

// ---- (b) behind nginx ----

function freePort () {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

// deploy/nginx/tandem.conf, adapted: listen on free loopback ports with
// a self-signed certificate, Tandem on its test port, shorter client
// timeouts.  Every replaced line must be found (a change to the shipped
// file fails here, not silently).
function adaptConf (tandemPort, httpsPort, httpPort, dir) {
  let conf = readFileSync(join(root, 'deploy', 'nginx', 'tandem.conf'), 'utf8')
  const swap = (from, to) => {
    assert.ok(conf.includes(from), `deploy/nginx/tandem.conf has "${from}"`)
    conf = conf.split(from).join(to)
  }
  swap('server 127.0.0.1:8080 ', `server 127.0.0.1:${tandemPort} `)
  swap('listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`)
  swap('listen [::]:443 ssl http2;', '')
  swap('listen 80;', `listen 127.0.0.1:${httpPort};`)
  swap('listen [::]:80;', '')
  swap('/etc/ssl/certs/mentoring.example.nhs.uk.pem', join(dir, 'cert.pem'))
  swap('/etc/ssl/private/mentoring.example.nhs.uk.key', join(dir, 'key.pem'))
  swap('client_header_timeout 10s;', 'client_header_timeout 4s;')
  swap('client_body_timeout 20s;', 'client_body_timeout 3s;')
  return conf
}

describe('behind nginx (deploy/nginx/tandem.conf)', { timeout: 90000 }, () => {
  let srv, nginx, base
  const dir = join(work, 'nginx')
  let nginxErr = ''

  test('start Tandem and nginx', async () => {
    srv = await start({ set: { trust_proxy: 'true', max_connections_per_ip: 512 } })
    const [httpsPort, httpPort] = [await freePort(), await freePort()]
    spawnSync('mkdir', ['-p', join(dir, 'logs')])
    const ssl = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
      '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
    { encoding: 'utf8' })
    assert.equal(ssl.status, 0, ssl.stderr)
    writeFileSync(join(dir, 'tandem.conf'), adaptConf(new URL(srv.url).port, httpsPort, httpPort, dir))
    writeFileSync(join(dir, 'nginx.conf'), [
      // as root, workers would drop to "nobody", who cannot read this directory
      process.getuid?.() === 0 ? 'user root;' : '',
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'logs', 'error.log')} info;`,
      'events { worker_connections 1024; }',
      'http {',
      `  access_log ${join(dir, 'logs', 'access.log')};`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${join(dir, t)};`),
      `  include ${join(dir, 'tandem.conf')};`,
      '}', ''].join('\n'))
    nginx = spawn('/usr/sbin/nginx', ['-p', dir, '-e', join(dir, 'logs', 'error.log'), '-c', join(dir, 'nginx.conf'),
      '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] })
    children.push(nginx)
    nginx.stderr.on('data', (d) => { nginxErr += d })
    base = `https://127.0.0.1:${httpsPort}`
    for (let i = 0; ; i++) {
      try { await timedGet(base + '/healthz'); break } catch (e) {
        if (i > 50 || nginx.exitCode !== null) throw new Error('nginx did not start: ' + nginxErr)
        await sleep(100)
      }
    }
    // plain http only redirects to https
    const r = await timedGet(`http://127.0.0.1:${httpPort}/sign-in`)
    assert.equal(r.status, 301)
  })

  test('Tandem logs the real client (X-Forwarded-For), not nginx', async () => {
    const r = await timedGet(base + '/sign-in?from=proxy')
    assert.equal(r.status, 200)
    await sleep(100)
    assert.match(srv.stderr(), /GET \/sign-in 200 .* ip=127\.0\.0\.2 /)
  })

  test(`slowloris through nginx: ${SLOW} held by nginx, the normal client served, nginx cuts them`, async (t) => {
    const length = 20
    const s = slowhttptest(['-H', '-c', SLOW, '-r', SLOW, '-i', '1', '-x', '10', '-l', length, '-p', '3',
      '-u', base + '/sign-in'].map(String), 'nginx-slowloris', SLOW * 0.95)
    await s.connected
    const times = await normalClientIsServed(base + '/sign-in')
    t.diagnostic(`normal client (TLS, via nginx) while held: ${times.join(', ')} ms`)
    const r = await s.done
    assertAllCut(r, length)
    const log = readFileSync(join(dir, 'logs', 'error.log'), 'utf8')
    const timedOut = (log.match(/client timed out .* while reading client request headers/g) || []).length
    assert.ok(timedOut >= SLOW * 0.95, `nginx cut them (${timedOut} header timeouts in its log)`)
    assert.equal(await cuts(srv, 'header_timeout'), 0, 'Tandem never saw a slow header')
  })

  // nginx has no minimum body rate: client_body_timeout is the longest
  // pause between two reads, so a body trickled a few bytes a second is
  // held as long as it keeps coming.  What protects Tandem is that nginx
  // reads the whole body before passing the request on (it never sees
  // these).  (limit_conn is meant to cap them at 64 per address; in
  // trials it refused the 16 past 64 most times but not every time, so
  // that is not asserted here.)
  test('slow body through nginx: held by nginx, never reaching Tandem', async () => {
    const length = 8
    const s = slowhttptest(['-B', '-c', SLOW_BODY, '-r', 100, '-i', '1', '-x', '10', '-s', '100000',
      '-l', length, '-p', '3', '-u', base + '/sign-in'].map(String), 'nginx-slowbody', SLOW_BODY)
    await s.connected
    await normalClientIsServed(base + '/sign-in')
    const r = await s.done
    assert.match(r.out, /Exit status: Hit test time limit/, 'nginx held them')
    assert.doesNotMatch(srv.stderr(), /POST \/sign-in/, 'Tandem never saw a slow body')
    assert.equal(await cuts(srv, 'body_too_slow'), 0)
  })

  test('stop', async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx.on('exit', resolve))
      nginx.kill('SIGQUIT')
      await exited
    }
    await stopServer(srv)
  })
})

// ---- (c) connection limits ----

// Open a TCP connection from `localAddress` and send nothing.
function hold (port, localAddress) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1', localAddress })
    s.on('connect', () => resolve(s))
    s.on('error', reject)
  })
}

// A connection past a limit: how long until it is answered or closed.
function refusedWithin (port, localAddress) {
  const t0 = performance.now()
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1', localAddress })
    let answer = ''
    s.on('connect', () => s.write('GET /sign-in HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'))
    s.on('data', (d) => { answer += d })
    s.on('error', () => {})
    s.on('close', () => resolve({ ms: performance.now() - t0, answer }))
    setTimeout(() => { s.destroy(); resolve({ ms: Infinity, answer }) }, 5000)
  })
}

describe('connection limits', { timeout: 60000 }, () => {
  test('past max_connections or max_connections_per_ip, a new connection is closed at once', { timeout: 30000 }, async () => {
    const srv = await start({ set: { max_connections: 8, max_connections_per_ip: 6 } })
    const port = new URL(srv.url).port
    const held = []
    for (let i = 0; i < 6; i++) held.push(await hold(port, '127.0.0.1'))
    await sleep(200)

    // the 7th from the same address: the per-address limit
    let r = await refusedWithin(port, '127.0.0.1')
    assert.ok(r.ms < ONE_SECOND, `per-address limit: closed in ${Math.round(r.ms)} ms`)
    assert.equal(r.answer, '', 'closed, not served')

    // two more from another address fill max_connections; the next waits for nothing
    for (let i = 0; i < 2; i++) held.push(await hold(port, '127.0.0.3'))
    await sleep(200)
    r = await refusedWithin(port, '127.0.0.2')
    assert.ok(r.ms < ONE_SECOND, `max_connections: closed in ${Math.round(r.ms)} ms, not left hanging`)
    assert.equal(r.answer, '', 'closed, not served')

    // the holders go away: service is normal again
    for (const s of held) s.destroy()
    await sleep(300)
    for (let i = 0; i < 3; i++) {
      const ok = await timedGet(srv.url + '/sign-in')
      assert.equal(ok.status, 200)
      assert.ok(ok.ms < ONE_SECOND)
    }
    assert.ok(await cuts(srv, 'connection_limit') >= 1, 'counted')
    assert.match(srv.stderr(), /connection refused: 8 connections open \(max_connections\)/)
    await stopServer(srv)
  })
})
