// server.mjs - start a real `tandem serve` on a free loopback port with a
// fresh data directory, for the HTTP and browser tests.
//
//   const srv = await startServer({ demo: true, dev: true, set: { max_form: '16k' } })
//   await fetch(srv.url + '/')
//   await srv.stop()          // SIGTERM, waits for exit, returns { code, stderr }
//   await srv.kill('SIGKILL') // any signal, waits for exit, keeps the data
//
// opts.data reuses an existing data directory (never removed here), so
// a test can restart a server on the same data (tests/reliability).
//
// And what most test files start with: signedIn (a visitor signed in,
// with its CSRF token), form and api (posts carrying that token), decode
// (a page's text back from its entities), addElsewhere (a second scheme
// with its own administrator, for the 404 refusals), stopServer, and
// fiuWrap (opts.wrap for a server under libfiu, tests/reliability).
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
export const root = join(here, '..', '..')
export const bin = process.env.TANDEM_BIN || join(root, 'build', 'tandem')
export const demoPassword = 'correct-horse-battery'

// Run the tandem command line and return { status, stdout, stderr }.
export function tandem (args, env = {}) {
  const r = spawnSync(bin, args, {
    encoding: 'utf8',
    env: { ...cleanEnv(), ...env },
    timeout: 60000
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

function cleanEnv () {
  const env = { ...process.env }
  for (const k of Object.keys(env)) if (k.startsWith('TANDEM_') && k !== 'TANDEM_BIN') delete env[k]
  return env
}

export async function startServer (opts = {}) {
  const isOwnData = !opts.data
  const data = opts.data || mkdtempSync(join(tmpdir(), 'tandem-test-'))
  if (opts.prepare) opts.prepare(data)
  if (opts.demo) {
    const r = tandem(['demo', '--data', data, '--password', demoPassword])
    if (r.status !== 0) throw new Error('tandem demo failed: ' + r.stderr)
  }
  const args = ['serve', '--data', data, '--listen', '127.0.0.1:0', '--log-level', 'info']
  if (opts.dev) args.push('--dev', '--set', `templates_dir=${join(root, 'templates')}`)
  for (const [k, v] of Object.entries(opts.set || {})) args.push('--set', `${k}=${v}`)
  // opts.wrap: a command to run the server under, e.g. ['fiu-run', '-x']
  // (it must exec the server, so child.pid stays the server's)
  const cmd = [...(opts.wrap || []), bin, ...args]
  const child = spawn(cmd[0], cmd.slice(1), { env: { ...cleanEnv(), ...(opts.env || {}) }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  let stdout = ''
  child.stderr.on('data', (d) => { stderr += d })
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start:\n' + stderr)), 20000)
    child.stdout.on('data', (d) => {
      stdout += d
      const m = stdout.match(/listening on (http:\/\/[^/\s]+)\//)
      if (m) { clearTimeout(timer); resolve(m[1]) }
    })
    exited.then(({ code }) => { clearTimeout(timer); reject(new Error(`server exited (${code}):\n${stderr}`)) })
  })
  return {
    url,
    data,
    child,
    stderr: () => stderr,
    async stop ({ keep = false } = {}) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      const r = await exited
      if (!keep && isOwnData) rmSync(data, { recursive: true, force: true })
      return { ...r, stderr }
    },
    async kill (signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      const r = await exited
      return { ...r, stderr }
    }
  }
}

// A tiny cookie jar over fetch, enough for one visitor.
export class Visitor {
  constructor (base) { this.base = base; this.cookies = new Map() }
  cookieHeader () { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') }
  remember (res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const i = pair.indexOf('=')
      const name = pair.slice(0, i); const value = pair.slice(i + 1)
      if (/Max-Age=0/i.test(c)) this.cookies.delete(name); else this.cookies.set(name, value)
    }
  }
  async fetch (path, init = {}) {
    const headers = { ...(init.headers || {}) }
    if (this.cookies.size) headers.Cookie = this.cookieHeader()
    const res = await fetch(this.base + path, { redirect: 'manual', ...init, headers })
    this.remember(res)
    return res
  }
  // GET a page and return [response, text, csrf token from its meta tag]
  async page (path) {
    const res = await this.fetch(path)
    const text = await res.text()
    const m = text.match(/<meta name="csrf-token" content="([^"]*)">/)
    return [res, text, m ? m[1] : null]
  }
  // Sign in through the form; returns the sign-in response.
  async signIn (username, password) {
    const [, , token] = await this.page('/sign-in')
    return this.postForm('/sign-in', { csrf_token: token, username, password })
  }
  // The CSRF token of the current session (from any page).
  async token () {
    const [, , token] = await this.page('/help')
    return token
  }
  async postJSON (path, body, headers = {}) {
    return this.fetch(path, {
      method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body)
    })
  }
  async postForm (path, fields) {
    return this.fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString()
    })
  }
}

// ---- what the test files share ----

// A visitor signed in as `username` (the demo password unless given),
// the session's CSRF token in .csrf; `view` ("mentor"/"mentee") switches
// the view of someone who is both.
export async function signedIn (srv, username, { password = demoPassword, view } = {}) {
  const vis = new Visitor(srv.url)
  const res = await vis.signIn(username, password)
  assert.equal(res.status, 303, `${username} signs in`)
  vis.csrf = await vis.token()
  if (view) {
    const r = await vis.postForm('/switch-view', { csrf_token: vis.csrf, view })
    assert.equal(r.status, 303, 'switch view ' + view)
  }
  return vis
}

// A form post and a JSON post with the visitor's CSRF token.
export const form = (vis, path, fields = {}) => vis.postForm(path, { csrf_token: vis.csrf, ...fields })
export const api = (vis, path, body = {}) => vis.postJSON(path, body, { 'X-CSRF-Token': vis.csrf })

// A page's text back from the entities the templates write.
export const decode = (s) => s.replace(/&#x27;|&#39;/g, "'").replace(/&quot;|&#34;/g, '"')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#10;/g, '\n').replace(/&amp;/g, '&')

// olga.other (demo password), administrator of a scheme of her own,
// "Elsewhere Scheme" (slug elsewhere): the other scheme's administrator
// every "404, never 403" refusal needs.
export function addElsewhere (srv) {
  const u = spawnSync(bin, ['user', 'add', '--data', srv.data, '--username', 'olga.other',
    '--email', 'olga.other@example.nhs.uk', '--name', 'Olga Other'],
  { input: demoPassword + '\n', encoding: 'utf8' })
  assert.equal(u.status, 0, u.stderr)
  const s = tandem(['scheme', 'add', '--data', srv.data, '--slug', 'elsewhere', '--name',
    'Elsewhere Scheme', '--admin', 'olga.other'])
  assert.equal(s.status, 0, s.stderr)
}

// opts.wrap for a server under libfiu's POSIX preload, as `fiu-run -x`
// sets it up (fiu-ctrl then reaches it by srv.child.pid), or null when
// fiu-utils is not installed.  Run through `env`, not fiu-run, so that
// under the sanitizer build ASan's runtime can come first in LD_PRELOAD:
// ASan refuses to start after the preload, and with
// ASAN_OPTIONS=verify_asan_link_order=0 it crashes (SIGSEGV at start).
export function fiuWrap () {
  const dry = spawnSync('fiu-run', ['-x', '-n', 'true'], { encoding: 'utf8' })
  if (dry.error || dry.status !== 0) return null
  const vars = {}
  for (const m of dry.stdout.matchAll(/^(FIU_ENABLE|FIU_CTRL_FIFO|LD_PRELOAD)="([^"]*)"/gm)) vars[m[1]] = m[2].trim()
  if (!vars.LD_PRELOAD) return null
  const asan = (spawnSync('ldd', [bin], { encoding: 'utf8' }).stdout || '').match(/libasan\.so\S* => (\S+)/)
  if (asan) vars.LD_PRELOAD = asan[1] + ' ' + vars.LD_PRELOAD
  return ['env', ...Object.entries(vars).map(([k, v]) => `${k}=${v}`)]
}

// Stop the server and check it exited cleanly.
export async function stopServer (srv) {
  const r = await srv.stop()
  assert.equal(r.code, 0, 'server exits cleanly: ' + r.stderr)
}
