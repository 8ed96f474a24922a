// smtp.mjs - the test SMTP sink (tests/lib/smtp-sink.py, python3-aiosmtpd)
// and a free loopback port for it, for the tests that send real email.
//
//   const port = await freePort()
//   const sink = await startSink(port, dir, ['--quit-delay', '0.15'])
//   ...
//   await sink.stop()
// Sinks still running when the test file ends are killed.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import net from 'node:net'
import { join } from 'node:path'
import { after } from 'node:test'
import { root } from './server.mjs'

export const PY = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'
export const SINK = join(root, 'tests', 'lib', 'smtp-sink.py')
export const hasSink = spawnSync(PY, ['-c', 'import aiosmtpd'], { timeout: 10000 }).status === 0

const sinks = new Set()
after(() => { for (const c of sinks) c.kill('SIGKILL') })

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

export async function freePort () {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)) })
  })
}

// Start the sink on `port`, writing each message into `dir`; resolves
// once it listens, with { stop }.
export function startSink (port, dir, extra = []) {
  const child = spawn(PY, [SINK, '--port', String(port), '--dir', dir, ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] })
  sinks.add(child)
  let err = ''
  child.stderr.on('data', (d) => { err += d })
  const exited = new Promise((resolve) => child.on('exit', () => { sinks.delete(child); resolve() }))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('sink did not start: ' + err)) }, 15000)
    child.stdout.on('data', (d) => {
      if (/ready/.test(String(d))) {
        clearTimeout(timer)
        resolve({ async stop () { child.kill('SIGTERM'); await Promise.race([exited, sleep(5000)]); child.kill('SIGKILL'); await exited } })
      }
    })
    exited.then(() => { clearTimeout(timer); reject(new Error('sink exited: ' + err)) })
  })
}
