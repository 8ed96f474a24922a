// The command line, configuration, and graceful shutdown.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import net from 'node:net'
import { mkdtempSync, writeFileSync, rmSync, existsSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { spawn, spawnSync } from 'node:child_process'
import { tandem, startServer, demoPassword, bin, root, Visitor } from '../lib/server.mjs'

function tempDir () { return mkdtempSync(join(tmpdir(), 'tandem-cli-')) }

test('--version and --help', () => {
  let r = tandem(['--version'])
  assert.equal(r.status, 0)
  assert.match(r.stdout, /^tandem \d+\.\d+\.\d+\n$/)
  r = tandem(['--help'])
  assert.equal(r.status, 0)
  for (const word of ['init', 'demo', 'serve', 'outbox', '--data', '--listen']) assert.ok(r.stdout.includes(word), word)
  r = tandem(['frobnicate'])
  assert.equal(r.status, 2)
  assert.match(r.stderr, /unknown command 'frobnicate'/)
})

test('init creates the data directory and database; twice is fine', () => {
  const dir = join(tempDir(), 'data')
  let r = tandem(['init', '--data', dir])
  assert.equal(r.status, 0, r.stderr)
  assert.match(r.stdout, /is ready \(schema version \d+\)/)
  assert.ok(existsSync(join(dir, 'tandem.db')))
  r = tandem(['init', '--data', dir])
  assert.equal(r.status, 0)
  r = tandem(['init'])
  assert.equal(r.status, 1)
  assert.match(r.stderr, /no data directory/)
})

test('demo prints the people and their roles; a random password when none is given', () => {
  const dir = tempDir()
  let r = tandem(['demo', '--data', dir])
  assert.equal(r.status, 0, r.stderr)
  assert.match(r.stdout, /admin\s+site administrator/)
  assert.match(r.stdout, /fatima\.begum\s+mentor and mentee/)
  assert.match(r.stdout, /password is: \S{16}\n/)
  r = tandem(['demo', '--data', dir])
  assert.equal(r.status, 1)
  assert.match(r.stderr, /already loaded/)
  r = tandem(['demo', '--data', tempDir(), '--password', 'short'])
  assert.equal(r.status, 1)
  assert.match(r.stderr, /12 characters or more/)
  rmSync(dir, { recursive: true, force: true })
})

test('configuration: file, environment and command line, with file:line errors', () => {
  const dir = tempDir()
  const conf = join(dir, 'tandem.conf')
  writeFileSync(conf, '# comment\nlisten = 127.0.0.1:9999\nmax_upload = 2M\nsmtp_password = hunter2\n')
  let r = tandem(['config', '--config', conf])
  assert.equal(r.status, 0, r.stderr)
  assert.match(r.stdout, /listen = 127\.0\.0\.1:9999/)
  assert.match(r.stdout, /max_upload = 2097152/)
  assert.match(r.stdout, /smtp_password = \(set\)/, 'secrets are never printed')
  assert.doesNotMatch(r.stdout, /hunter2/)

  r = tandem(['config', '--config', conf], { TANDEM_LISTEN: '127.0.0.1:7000' })
  assert.match(r.stdout, /listen = 127\.0\.0\.1:7000/, 'environment beats the file')
  r = tandem(['config', '--config', conf, '--listen', '127.0.0.1:7001'], { TANDEM_LISTEN: '127.0.0.1:7000' })
  assert.match(r.stdout, /listen = 127\.0\.0\.1:7001/, 'command line beats the environment')

  writeFileSync(conf, 'listen = 127.0.0.1:9999\nlisen = oops\n')
  r = tandem(['config', '--config', conf])
  assert.equal(r.status, 1)
  assert.equal(r.stderr, `tandem: ${conf}:2: unknown key 'lisen'\n`)

  writeFileSync(conf, 'threads = lots\n')
  r = tandem(['config', '--config', conf])
  assert.match(r.stderr, /tandem\.conf:1: threads must be a whole number from 1 to 256, not 'lots'/)

  r = tandem(['config'], { TANDEM_MAX_UPLOAD: 'ten' })
  assert.match(r.stderr, /TANDEM_MAX_UPLOAD: max_upload must be a size/)

  r = tandem(['config', '--set', 'base_url=ftp://x'])
  assert.match(r.stderr, /base_url: 'ftp:\/\/x' must start with http:\/\/ or https:\/\//)

  // DATA/tandem.conf is read when it exists
  writeFileSync(join(dir, 'tandem.conf'), 'log_level = debug\n')
  r = tandem(['config', '--data', dir])
  assert.match(r.stdout, /log_level = debug/)
  rmSync(dir, { recursive: true, force: true })
})

test('serve --check checks everything and exits, writing nothing', () => {
  const dir = tempDir()
  let r = tandem(['serve', '--data', join(dir, 'none'), '--check'])
  assert.equal(r.status, 1)
  assert.match(r.stderr, /does not exist: run `tandem init/)
  assert.ok(!existsSync(join(dir, 'none')), '--check created nothing')
  tandem(['init', '--data', dir])
  r = tandem(['serve', '--data', dir, '--check'])
  assert.equal(r.status, 0, r.stderr)
  assert.match(r.stdout, /all right/)
  r = tandem(['serve', '--data', dir, '--check', '--set', 'smtp_url=smtp://mail.example:587', '--set', 'smtp_from=nobody'])
  assert.equal(r.status, 1)
  assert.match(r.stderr, /smtp_from: 'nobody' must be an email address/)
  rmSync(dir, { recursive: true, force: true })
})

test('a new installation from nothing: init, first administrator, first scheme, open for registration', async () => {
  const srv = await startServer({
    prepare (data) {
      assert.equal(tandem(['init', '--data', data]).status, 0)
      const add = spawnSync(bin, ['user', 'add', '--data', data, '--username', 'jo.bloggs',
        '--email', 'jo.bloggs@trust.example.nhs.uk', '--name', 'Jo Bloggs', '--site-admin'],
      { input: 'lantern orchard velvet\n', encoding: 'utf8' })
      assert.equal(add.status, 0, add.stderr)
      const r = tandem(['scheme', 'add', '--data', data, '--slug', 'trust-mentoring',
        '--name', 'Trust Mentoring', '--admin', 'jo.bloggs'])
      assert.equal(r.status, 0, r.stderr)
      assert.match(r.stdout, /Created scheme trust-mentoring \(Trust Mentoring\) with administrator jo\.bloggs/)
      assert.match(tandem(['scheme', 'add', '--data', data, '--slug', 'Bad Slug', '--name', 'x']).stderr,
        /slug: The short name must be/)
    }
  })
  const home = await (await fetch(srv.url + '/')).text()
  assert.match(home, /Trust Mentoring/)
  const reg = await (await fetch(srv.url + '/register')).text()
  assert.match(reg, /name="scheme_id" value="1"/, 'open for registration')
  const v = new Visitor(srv.url)
  assert.equal((await v.signIn('jo.bloggs', 'lantern orchard velvet')).status, 303)
  const [res] = await v.page('/admin/registrations')
  assert.equal(res.status, 200, 'the first administrator can administer')
  await srv.stop()
})

// What `make run` does after building (scripts/run-demo): from nothing,
// a data directory with the demo, the sign-ins printed and kept 0600,
// and the same sign-ins printed again on the next start.
async function runDemo (data) {
  const child = spawn(join(root, 'scripts', 'run-demo'), [bin, data, '127.0.0.1:0'],
    { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.on('data', (d) => { out += d })
  child.stderr.on('data', (d) => { out += d })
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('run-demo did not start:\n' + out)), 30000)
    child.stdout.on('data', () => {
      const m = out.match(/listening on (http:\/\/[^/\s]+)\//)
      if (m) { clearTimeout(timer); resolve(m[1]) }
    })
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`run-demo exited ${code}:\n${out}`)) })
  })
  const res = await fetch(url + '/')
  child.kill('SIGTERM')
  await new Promise((resolve) => child.on('exit', resolve))
  return { out, status: res.status }
}

test('make run from nothing: demo data, sign-ins printed and kept private, served', async () => {
  const data = join(tempDir(), 'data')          // does not exist yet
  let r = await runDemo(data)
  assert.equal(r.status, 200)
  assert.match(r.out, /admin\s+site administrator/)
  assert.match(r.out, /password is: \S{16}/)
  assert.match(r.out, /Open http:\/\/127\.0\.0\.1:0\/ in your browser/)
  assert.equal(statSync(join(data, 'demo-sign-ins.txt')).mode & 0o777, 0o600)
  const password = r.out.match(/password is: (\S+)/)[1]
  r = await runDemo(data)                        // second start: same data
  assert.equal(r.status, 200)
  assert.ok(r.out.includes(password), 'the same sign-ins printed again')
  rmSync(dirname(data), { recursive: true, force: true })
})

test('outbox lists email, empty at first', () => {
  const dir = tempDir()
  tandem(['init', '--data', dir])
  const r = tandem(['outbox', '--data', dir])
  assert.equal(r.status, 0, r.stderr)
  assert.match(r.stdout, /0 message\(s\)/)
  assert.equal(tandem(['outbox', '--data', dir, '--status', 'bogus']).status, 1)
  rmSync(dir, { recursive: true, force: true })
})

test('behind a trusted proxy the client address is the last X-Forwarded-For entry', async () => {
  const trusted = await startServer({ set: { trust_proxy: 'true' } })
  await fetch(trusted.url + '/help', { headers: { 'X-Forwarded-For': '198.51.100.1, 203.0.113.9' } })
  await fetch(trusted.url + '/help', { headers: { 'X-Forwarded-For': 'not-an-address' } })
  await new Promise((resolve) => setTimeout(resolve, 100))
  assert.match(trusted.stderr(), /GET \/help 200 .* ip=203\.0\.113\.9 /)
  assert.match(trusted.stderr(), /GET \/help 200 .* ip=127\.0\.0\.1 /, 'garbage is ignored')
  assert.doesNotMatch(trusted.stderr(), /198\.51\.100\.1/, 'what the client claimed is not believed')
  await trusted.stop()
  const plain = await startServer()
  await fetch(plain.url + '/help', { headers: { 'X-Forwarded-For': '203.0.113.9' } })
  await new Promise((resolve) => setTimeout(resolve, 100))
  assert.doesNotMatch(plain.stderr(), /203\.0\.113\.9/, 'not trusted unless configured')
  await plain.stop()
})

test('HSTS is sent when the public base URL is https', async () => {
  const srv = await startServer({ set: { base_url: 'https://mentoring.example.nhs.uk' } })
  const res = await fetch(srv.url + '/')
  assert.match(res.headers.get('strict-transport-security'), /max-age=31536000/)
  assert.match(res.headers.get('set-cookie'), /; Secure/)
  await srv.stop()
})

test('SIGTERM lets a request in progress finish, then exits cleanly', async () => {
  const srv = await startServer({ demo: true })
  const { port } = new URL(srv.url)
  const page = await (await fetch(srv.url + '/appearance')).text()
  const token = page.match(/name="csrf-token" content="([^"]+)"/)[1]
  // the request needs the cookie that goes with the token
  const res0 = await fetch(srv.url + '/appearance')
  const cookie = res0.headers.getSetCookie()[0].split(';')[0]
  const token2 = (await res0.text()).match(/name="csrf-token" content="([^"]+)"/)[1]
  assert.ok(token)
  const body = `csrf_token=${token2}&theme=dark`
  const sock = net.connect(Number(port), '127.0.0.1')
  let reply = ''
  sock.setEncoding('latin1')
  sock.on('data', (d) => { reply += d })
  await new Promise((resolve) => sock.on('connect', resolve))
  sock.write(`POST /appearance HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n` + body.slice(0, 10))
  await new Promise((resolve) => setTimeout(resolve, 200))
  srv.child.kill('SIGTERM')
  await new Promise((resolve) => setTimeout(resolve, 300))
  sock.write(body.slice(10))
  const closed = new Promise((resolve) => sock.on('close', resolve))
  const r = await srv.stop()
  await closed
  assert.match(reply, /^HTTP\/1\.1 303/, 'the request in flight was answered')
  assert.equal(r.code, 0)
  assert.match(r.stderr, /SIGTERM received/)
  assert.match(r.stderr, /tandem: stopped/)
  assert.ok(demoPassword)
})
