// The package in a real edge runtime: workerd (from npm) serves, on 127.0.0.1, the npm README's own
// precheck worker (taken from the README, so the example is what is tested), built on the package's
// worker entry (the .wasm imported as a module, instantiated synchronously; the data file imported as
// a data module, as Wrangler's default rules import `.bin` files).
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
for (const f of readdirSync(installed)) if (/\.(js|wasm|bin)$/.test(f)) copyFileSync(join(installed, f), join(site, 'pkg', f));
const readme = readFileSync(join(root, 'pkg-template', 'README.md'), 'utf8');
const example = readme.split('## In an edge worker')[1].match(/```js\n([\s\S]*?)```/)[1];
assert.match(example, /from 'eco-validator'/);
writeFileSync(join(site, 'worker.js'), example.replace("from 'eco-validator'", "from './pkg/worker.js'"));
// An exporter's assessment endpoint on the origin build (its own .wasm): a worksheet in, the
// assessment out (400 with the error's code and path when the worksheet cannot be read).
mkdirSync(join(site, 'pkg', 'origin'));
for (const f of readdirSync(join(installed, 'origin'))) if (/\.(js|wasm|bin)$/.test(f)) copyFileSync(join(installed, 'origin', f), join(site, 'pkg', 'origin', f));
writeFileSync(join(site, 'assess.js'), `import { createValidator } from './pkg/origin/worker.js';
const validator = createValidator();
export default {
  async fetch(request) {
    try {
      return Response.json(validator.assessOrigin(await request.text(), { asOf: '2026-12-01' }));
    } catch (e) {
      return Response.json({ code: e.code, path: e.path }, { status: 400 });
    }
  },
};
`);

// An edge gateway on the verify build: a signed e-Form D in, the verdict out (200 when verified,
// 422 otherwise), against the demo trust list and the operator key it pins, embedded as text.
mkdirSync(join(site, 'pkg', 'verify'));
for (const f of readdirSync(join(installed, 'verify'))) if (/\.(js|wasm|bin)$/.test(f)) copyFileSync(join(installed, 'verify', f), join(site, 'pkg', 'verify', f));
for (const f of ['trust-list.signed.json', 'operator.pub.pem']) copyFileSync(join(root, 'demo', f), join(site, f));
writeFileSync(join(site, 'gate.js'), `import { createValidator } from './pkg/verify/worker.js';
import trustList from './trust-list.signed.json';
import trustListKey from './operator.pub.pem';
// Made on the first request: the trust list's signature is checked by WebCrypto, which a worker
// may use only while it handles a request.
let validator;
export default {
  async fetch(request) {
    validator ??= createValidator({ trustList, trustListKey });
    const verdict = await (await validator).verify(new Uint8Array(await request.arrayBuffer()), { asOf: '2026-11-25' });
    return Response.json(verdict, { status: verdict.verified ? 200 : 422 });
  },
};
`);

const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});
const port = await freePort();
const originPort = await freePort();
const verifyPort = await freePort();
const modules = ['worker.js', 'pkg/worker.js']
  .map((m) => `(name = "${m}", esModule = embed "${m}")`)
  .concat([
    '(name = "pkg/eco_validator_bg.wasm", wasm = embed "pkg/eco_validator_bg.wasm")',
    '(name = "pkg/eco_validator_data.bin", data = embed "pkg/eco_validator_data.bin")',
  ]);
writeFileSync(join(site, 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .precheck), (name = "assess", worker = .assess), (name = "gate", worker = .gate)],
  sockets = [
    (name = "http", address = "127.0.0.1:${port}", http = (), service = "main"),
    (name = "origin", address = "127.0.0.1:${originPort}", http = (), service = "assess"),
    (name = "verify", address = "127.0.0.1:${verifyPort}", http = (), service = "gate"),
  ],
);
const gate :Workerd.Worker = (
  modules = [(name = "gate.js", esModule = embed "gate.js"), (name = "pkg/verify/worker.js", esModule = embed "pkg/verify/worker.js"),
             (name = "pkg/verify/eco_validator_bg.wasm", wasm = embed "pkg/verify/eco_validator_bg.wasm"),
             (name = "pkg/verify/eco_validator_data.bin", data = embed "pkg/verify/eco_validator_data.bin"),
             (name = "trust-list.signed.json", text = embed "trust-list.signed.json"),
             (name = "operator.pub.pem", text = embed "operator.pub.pem")],
  compatibilityDate = "2026-11-01",
);
const assess :Workerd.Worker = (
  modules = [(name = "assess.js", esModule = embed "assess.js"), (name = "pkg/origin/worker.js", esModule = embed "pkg/origin/worker.js"),
             (name = "pkg/origin/eco_validator_bg.wasm", wasm = embed "pkg/origin/eco_validator_bg.wasm"),
             (name = "pkg/origin/eco_validator_data.bin", data = embed "pkg/origin/eco_validator_data.bin")],
  compatibilityDate = "2026-11-01",
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

  // The validator the worker built once expects ATIGA: a valid RCEP certificate is turned away.
  const rcep = await post(readFileSync(join(fixtures, 'valid-rcep.xml')), 'application/xml');
  assert.equal(rcep.status, 422);
  assert.deepEqual((await rcep.json()).findings.map((f) => f.code), ['header.agreement-expected']);
  const invalid = await post(readFileSync(join(fixtures, 'invalid', 'box8.syntax.xml')), 'text/xml');
  assert.equal(invalid.status, 422);
  const bad = await invalid.json();
  assert.deepEqual(bad.findings.map((f) => [f.code, f.box, f.item]), [['box8.syntax', '8', 3]]);

  const big = await post(new Uint8Array(5 * 1024 * 1024 + 1).fill(32), 'application/xml');
  assert.equal(big.status, 413);

  const plain = await post('hello', 'text/plain');
  assert.equal(plain.status, 415);
  // A valid certificate under a media type that is not a binding's is refused, not judged.
  const png = await post(readFileSync(join(fixtures, 'valid-10.xml')), 'image/png');
  assert.equal(png.status, 415);
});

// A body without a declared length (chunked) is read only up to the limit.
const streamed = (chunks) => fetch(base, {
  method: 'POST',
  headers: { 'content-type': 'application/xml' },
  duplex: 'half',
  body: new ReadableStream({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(next);
    },
  }),
});

test('workerd reads a body of unknown length only up to the limit', async () => {
  await ready();
  const xml = readFileSync(join(fixtures, 'valid-10.xml'));
  const small = await streamed([xml.subarray(0, 100), xml.subarray(100)]);
  assert.equal(small.status, 200);
  const mb = new Uint8Array(1024 * 1024).fill(32);
  const huge = await streamed([xml, ...Array.from({ length: 8 }, () => mb)]);
  assert.equal(huge.status, 413);
  assert.equal((await huge.json()).limit, 5 * 1024 * 1024);
  // 150 MB with its length declared: refused by the header, drained; the isolate keeps running.
  const declared = await post(new Uint8Array(150 * 1024 * 1024), 'application/xml');
  assert.equal(declared.status, 413);
  assert.equal((await post(xml, 'application/xml')).status, 200);
});

test('workerd runs the origin build: the worked examples assessed at the edge', async () => {
  await ready();
  const { examples } = JSON.parse(readFileSync(join(fixtures, 'worksheets', 'worked-examples.json'), 'utf8'));
  for (const ex of examples.filter((e) => !e.psr)) {
    const res = await fetch(`http://127.0.0.1:${originPort}/`, { method: 'POST', body: JSON.stringify(ex.worksheet) });
    assert.equal(res.status, 200, ex.name);
    const a = await res.json();
    assert.equal(a.originating, ex.expect.originating, ex.name);
    if ('indirect' in ex.expect) assert.equal(a.rvc.indirect, ex.expect.indirect, ex.name);
    if ('box8' in ex.expect) assert.equal(a.box8, ex.expect.box8, ex.name);
    assert.equal(a.versions.asOf, '2026-12-01');
  }
  const csv = await fetch(`http://127.0.0.1:${originPort}/`, { method: 'POST', body: readFileSync(join(fixtures, 'worksheets', 'tobacco-substitute.csv')) });
  assert.equal((await csv.json()).rvc.indirect, '55');
  const bad = await fetch(`http://127.0.0.1:${originPort}/`, { method: 'POST', body: '{"agreement": "ATIGA"}' });
  assert.equal(bad.status, 400);
  assert.deepEqual(await bad.json(), { code: 'worksheet.value', path: '/product' });
});

test('workerd runs the verify build: the signed sample verified at the edge, a tampered copy refused', async () => {
  await ready();
  const signed = readFileSync(join(root, 'demo', 'valid-10.signed.xml'));
  const res = await fetch(`http://127.0.0.1:${verifyPort}/`, { method: 'POST', body: signed });
  const verdict = await res.json();
  assert.equal(res.status, 200, JSON.stringify(verdict.stages));
  assert.equal(verdict.verified, true);
  assert.ok(verdict.stages.every((s) => s.status === 'passed'));
  assert.equal(verdict.notice, 'DEMO — NOT AUTHORITATIVE');
  assert.equal(verdict.report.valid, true);
  const tampered = Buffer.from(signed.toString('utf8').replace('SG26D', 'SG27D'));
  const bad = await fetch(`http://127.0.0.1:${verifyPort}/`, { method: 'POST', body: tampered });
  assert.equal(bad.status, 422);
  assert.equal((await bad.json()).stages.find((s) => s.stage === 'digest').code, 'dsig.digest');
  const rsa = readFileSync(join(root, 'demo', 'valid-10.signed-rsa.xml'));
  const viaRsa = await fetch(`http://127.0.0.1:${verifyPort}/`, { method: 'POST', body: rsa });
  assert.equal(viaRsa.status, 200);
  const forged = Buffer.from(signed.toString('utf8').replace(/<SignatureValue>(.)/, (m, c) => '<SignatureValue>' + (c === 'A' ? 'B' : 'A')));
  const viaForged = await fetch(`http://127.0.0.1:${verifyPort}/`, { method: 'POST', body: forged });
  assert.equal(viaForged.status, 422);
  assert.equal((await viaForged.json()).stages.find((s) => s.stage === 'signature').status, 'failed');
});
