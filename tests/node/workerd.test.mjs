// The package in a real edge runtime: workerd (from npm) serves a precheck worker built on the
// package's worker entry (the .wasm imported as a module, instantiated synchronously), on 127.0.0.1.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fixtures, installPackage, root } from './scratch.mjs';

const project = installPackage('eco-workerd-');
const site = join(project, 'site');
mkdirSync(join(site, 'pkg'), { recursive: true });
const installed = join(project, 'node_modules', 'eco-validator');
for (const f of readdirSync(installed)) if (/\.(js|wasm)$/.test(f)) copyFileSync(join(installed, f), join(site, 'pkg', f));
copyFileSync(join(root, 'tests', 'workerd', 'worker.js'), join(site, 'worker.js'));

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});
const modules = ['worker.js', 'pkg/worker.js']
  .map((m) => `(name = "${m}", esModule = embed "${m}")`)
  .concat(['(name = "pkg/eco_validator_bg.wasm", wasm = embed "pkg/eco_validator_bg.wasm")']);
writeFileSync(join(site, 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .precheck)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const precheck :Workerd.Worker = (
  modules = [${modules.join(', ')}],
  compatibilityDate = "2026-11-01",
);
`);

const workerd = spawn(join(root, 'node_modules', '.bin', 'workerd'), ['serve', join(site, 'config.capnp')], { stdio: ['ignore', 'pipe', 'pipe'] });
let logs = '';
workerd.stdout.on('data', (d) => (logs += d));
workerd.stderr.on('data', (d) => (logs += d));
after(() => workerd.kill('SIGTERM'));

const base = `http://127.0.0.1:${port}/`;
async function ready() {
  for (let i = 0; i < 100; i++) {
    try {
      return await fetch(base);
    } catch {
      if (workerd.exitCode !== null) throw new Error(`workerd exited: ${logs}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`workerd did not start: ${logs}`);
}

const post = (body, type) => fetch(base, { method: 'POST', body, headers: { 'content-type': type } });

test('workerd answers with reports and the right statuses', async () => {
  assert.equal((await ready()).status, 405);
  const valid = await post(readFileSync(join(fixtures, 'valid-10.xml')), 'application/xml');
  assert.equal(valid.status, 200);
  const report = await valid.json();
  assert.equal(report.valid, true);
  assert.equal(report.reference, 'SG26D0012345');

  const json = await post(readFileSync(join(fixtures, 'valid-10.json')), 'application/json; charset=utf-8');
  assert.equal(json.status, 200);

  const invalid = await post(readFileSync(join(fixtures, 'invalid', 'box8.syntax.xml')), 'text/xml');
  assert.equal(invalid.status, 422);
  const bad = await invalid.json();
  assert.deepEqual(bad.findings.map((f) => [f.code, f.box, f.item]), [['box8.syntax', '8', 3]]);

  const big = await post(new Uint8Array(5 * 1024 * 1024 + 1).fill(32), 'application/xml');
  assert.equal(big.status, 413);

  const plain = await post('hello', 'text/plain');
  assert.equal(plain.status, 415);
});
