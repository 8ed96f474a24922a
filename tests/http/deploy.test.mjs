// deploy.test.mjs - the shipped deployment files (deploy/, docs/deploy.md)
// agree with the binary: deploy/tandem.conf loads with every key known,
// the systemd unit's paths, stop timeout and writable directories match
// it, deploy/secrets.env names a real setting, and a server started from
// the shipped configuration serves with HSTS.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { root, tandem, startServer } from '../lib/server.mjs'

const deploy = join(root, 'deploy')
const confPath = join(deploy, 'tandem.conf')

// The unit file as { Section: { Key: [values...] } } (keys may repeat).
function parseUnit (text) {
  const unit = {}
  let section = null
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    const m = line.match(/^\[(.+)\]$/)
    if (m) { section = (unit[m[1]] ||= {}); continue }
    const i = line.indexOf('=')
    assert.ok(i > 0 && section, `unit line '${line}'`)
    const k = line.slice(0, i); const v = line.slice(i + 1)
    ;(section[k] ||= []).push(v)
  }
  return unit
}

// `tandem config` output as a map.
function effective (args, env = {}) {
  const r = tandem(['config', ...args], env)
  assert.equal(r.status, 0, 'tandem config: ' + r.stderr)
  const map = {}
  for (const line of r.stdout.split('\n')) {
    const i = line.indexOf(' = ')
    if (i > 0) map[line.slice(0, i)] = line.slice(i + 3)
  }
  return map
}

const unit = parseUnit(readFileSync(join(deploy, 'tandem.service'), 'utf8'))
const svc = unit.Service
const one = (k) => { assert.equal(svc[k]?.length, 1, `exactly one ${k}=`); return svc[k][0] }

test('deploy/tandem.conf loads with every key known and production values', () => {
  const c = effective(['--config', confPath])
  assert.match(c.listen, /^(127\.0\.0\.1|\[::1\]):\d+$/, 'Tandem listens on loopback only')
  assert.match(c.base_url, /^https:\/\//, 'base_url is https (HSTS, Secure cookies)')
  assert.equal(c.trust_proxy, 'true', 'behind nginx')
  assert.equal(c.dev, 'false')
  assert.equal(c.max_connections_per_ip, c.max_connections, 'behind a proxy the per-address limit is the whole limit')
  assert.equal(c.smtp_password, '', 'no secret in the world-readable file')
  assert.notEqual(c.backup_dir, '', 'scheduled backups are on')
})

test('the unit runs serve with the shipped config as an unprivileged user, hardened', () => {
  const c = effective(['--config', confPath])
  const exec = one('ExecStart').split(/\s+/)
  assert.equal(exec[0], '/usr/local/bin/tandem')
  assert.equal(exec[1], 'serve')
  const arg = (name) => { const i = exec.indexOf(name); assert.ok(i > 0, name); return exec[i + 1] }
  assert.equal(arg('--config'), '/etc/tandem/tandem.conf')
  // the data directory is the unit's StateDirectory and the file's data
  assert.equal(arg('--data'), '/var/lib/' + one('StateDirectory'))
  assert.equal(arg('--data'), c.data)

  assert.ok(one('User') !== 'root' && one('User') !== '0', 'not root')
  assert.equal(one('UMask'), '0077')
  assert.equal(one('NoNewPrivileges'), 'yes')
  assert.equal(one('ProtectSystem'), 'strict')
  assert.equal(one('PrivateTmp'), 'yes')
  assert.equal(one('Restart'), 'on-failure')
  assert.equal(one('CapabilityBoundingSet'), '')
  assert.ok(svc.SystemCallFilter.includes('@system-service'))
  assert.deepEqual(one('RestrictAddressFamilies').split(/\s+/).sort(),
    ['AF_INET', 'AF_INET6', 'AF_NETLINK', 'AF_UNIX'])
})

test('the unit lets serve write its data and backup directories and nothing else', () => {
  const c = effective(['--config', confPath])
  const writable = ['/var/lib/' + one('StateDirectory'),
    ...(svc.ReadWritePaths || []).flatMap((v) => v.split(/\s+/)).map((p) => p.replace(/^-/, ''))]
  const under = (p) => writable.some((w) => p === w || p.startsWith(w + '/'))
  assert.ok(under(c.data), 'data directory writable')
  assert.ok(under(c.backup_dir), `backup_dir ${c.backup_dir} is in ReadWritePaths (ProtectSystem=strict)`)
  assert.ok(!under('/etc/tandem/tandem.conf'), 'the configuration stays read-only')
})

test('TimeoutStopSec leaves room for shutdown_timeout and the email being sent', () => {
  const c = effective(['--config', confPath])
  const m = one('TimeoutStopSec').match(/^(\d+)(s|min)?$/)
  assert.ok(m, 'TimeoutStopSec in seconds or minutes')
  const stop = Number(m[1]) * (m[2] === 'min' ? 60 : 1)
  // on SIGTERM: requests get shutdown_timeout, then the mail sender
  // finishes its message (SEND_TIMEOUT, 60 s, src/mail/smtp.c)
  assert.ok(stop >= Number(c.shutdown_timeout) + 60,
    `TimeoutStopSec=${stop} must be at least shutdown_timeout (${c.shutdown_timeout}) + 60`)
  assert.equal(one('KillSignal'), 'SIGTERM')
})

test('deploy/secrets.env names settings Tandem reads from the environment', () => {
  assert.equal(one('EnvironmentFile').replace(/^-/, ''), '/etc/tandem/secrets.env')
  const env = {}
  for (const line of readFileSync(join(deploy, 'secrets.env'), 'utf8').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue
    const m = line.match(/^(TANDEM_[A-Z_]+)=(.*)$/)
    assert.ok(m, `secrets.env line '${line}'`)
    env[m[1]] = m[2]
  }
  assert.ok('TANDEM_SMTP_PASSWORD' in env)
  const c = effective(['--config', confPath], env)
  assert.equal(c.smtp_password, '(set)', 'TANDEM_SMTP_PASSWORD reaches smtp_password')
})

test('a server started from the shipped configuration is ready and sends HSTS', async () => {
  const backups = mkdtempSync(join(tmpdir(), 'tandem-deploy-backups-'))
  const srv = await startServer({
    env: { TANDEM_CONFIG: confPath },
    // only what a test machine must change: no mail relay, its own dirs
    set: { smtp_url: '', backup_dir: backups }
  })
  try {
    const res = await fetch(srv.url + '/readyz')
    assert.equal(res.status, 200)
    assert.match(res.headers.get('strict-transport-security') || '', /max-age=\d+/)
    const page = await fetch(srv.url + '/sign-in')
    assert.ok(page.headers.getSetCookie().every((c) => /;\s*Secure/i.test(c)), 'every cookie Secure')
  } finally {
    await srv.stop()
    rmSync(backups, { recursive: true, force: true })
  }
})
