// The package's browser entry in a real headless Chromium (Debian's, driven by playwright-core): a page
// served from 127.0.0.1 imports index.js, awaits init() (which fetches the .wasm next to it), validates
// fixtures fetched over HTTP, and must get the same reports as Node.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fixtures, installPackage, launchChromium, root } from './scratch.mjs';

const project = installPackage('eco-browser-');
const pkgDir = join(project, 'node_modules', 'eco-validator');
const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.xml': 'application/xml', '.json': 'application/json' };
const page = `<!doctype html><meta charset="utf-8"><title>eco-validator</title>
<script type="module">
  import init, { validate, version, createValidator } from './pkg/index.js';
  window.run = async (names) => {
    await init();
    const out = { version: version(), reports: {} };
    for (const name of names) {
      const bytes = new Uint8Array(await (await fetch('./fixtures/' + name)).arrayBuffer());
      out.reports[name] = validate(bytes, { asOf: '2026-11-25' });
    }
    out.typed = validate(await (await fetch('./fixtures/valid-10.json')).text(), { asOf: '2026-11-25' });
    // A customs page builds its validator once, with a profile it fetched, then judges with it.
    const profile = await (await fetch('./fixtures/profiles/zzfta.json')).text();
    const validator = createValidator({ profiles: [profile] });
    const zz = await (await fetch('./fixtures/profiles/form-zz.xml')).text();
    out.built = [validator.validate(zz, { asOf: '2026-11-25' }), validator.validate(zz, { asOf: '2027-05-21' })];
    return out;
  };
  window.ready = true;
</script>`;

// An exporter's page: the origin build (its own .wasm, fetched by its own init) assesses the worked
// examples and a bill-of-materials CSV fetched over HTTP.
const originPage = `<!doctype html><meta charset="utf-8"><title>eco-validator origin</title>
<script type="module">
  import init, { createValidator } from './pkg/origin/index.js';
  window.run = async () => {
    await init();
    const { examples } = await (await fetch('./fixtures/worksheets/worked-examples.json')).json();
    const plain = createValidator();
    const out = { examples: examples.map((ex) => (ex.psr ? createValidator({ psr: [ex.psr] }) : plain).assessOrigin(ex.worksheet, { asOf: '2026-12-01' })) };
    out.csv = plain.assessOrigin(await (await fetch('./fixtures/worksheets/tobacco-substitute.csv')).text());
    out.compare = plain.compareOrigin(examples[0].worksheet).map((r) => r.agreement + ':' + (r.assessment ? r.assessment.originating : r.error.code));
    try { plain.assessOrigin({ ...examples[0].worksheet, fob: '1,000' }); } catch (e) { out.error = [e.code, e.path]; }
    return { examples, out };
  };
  window.ready = true;
</script>`;

// A customs officer's page: the verify build (its own .wasm) loads the demo trust list and the
// operator key it pins, fetches the signed e-Form D and verifies it, then a tampered copy.
const verifyPage = `<!doctype html><meta charset="utf-8"><title>eco-validator verify</title>
<script type="module">
  import init, { createValidator } from './pkg/verify/index.js';
  window.run = async () => {
    await init();
    const [trustList, trustListKey, signed] = await Promise.all(
      ['trust-list.signed.json', 'operator.pub.pem', 'valid-10.signed.xml'].map((f) => fetch('./demo/' + f).then((r) => r.text())));
    const v = await createValidator({ trustList, trustListKey });
    const bytes = new Uint8Array(await (await fetch('./demo/valid-10.signed.xml')).arrayBuffer());
    const asOf = { asOf: '2026-11-25' };
    return {
      verdict: await v.verify(bytes, asOf),
      text: await v.verify(signed, asOf),
      tampered: await v.verify(signed.replace('SG26D', 'SG27D'), asOf),
      rsa: await v.verify(await (await fetch('./demo/valid-10.signed-rsa.xml')).text(), asOf),
      forged: await v.verify(signed.replace(/<SignatureValue>(.)/, (m, c) => '<SignatureValue>' + (c === 'A' ? 'B' : 'A')), asOf),
    };
  };
  window.ready = true;
</script>`;

// A page whose first fetch of the .wasm or of the data file fails (a flaky network), or whose
// .wasm or data URL answers the app's HTML (a misconfigured server), each with its own copy of the
// package (a module instance).
const loading = (pkg) => `<!doctype html><meta charset="utf-8"><title>eco-validator</title>
<script type="module">
  import init, { validate, initSync } from './${pkg}/pkg/index.js';
  window.run = async () => {
    const out = {};
    try { validate('<x/>'); } catch (e) { out.before = [e.code, e.message]; }
    try { initSync(new Uint8Array(8)); } catch (e) { out.sync = [e.code, e.message]; }
    try { await init(); } catch (e) { out.first = [e.code, e.message]; }
    try { await init(); out.second = validate(await (await fetch('/fixtures/valid-10.xml')).text(), { asOf: '2026-11-25' }).valid; }
    catch (e) { out.second = [e.code, e.message]; }
    return out;
  };
  window.ready = true;
</script>`;
let flakyFetches = 0;
let flakyDataFetches = 0;

const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
  let file;
  const special = path.match(/^\/(flaky|html|flakydata|htmldata)\/pkg\/(.*)$/);
  const broken = { flaky: 'eco_validator_bg.wasm', html: 'eco_validator_bg.wasm', flakydata: 'eco_validator_data.bin', htmldata: 'eco_validator_data.bin' };
  if (path === '/' || path === '/index.html') {
    res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    return;
  } else if (path === '/origin.html') {
    res.writeHead(200, { 'content-type': 'text/html' }).end(originPage);
    return;
  } else if (path === '/verify.html') {
    res.writeHead(200, { 'content-type': 'text/html' }).end(verifyPage);
    return;
  } else if (/^\/(flaky|html|flakydata|htmldata)\.html$/.test(path)) {
    res.writeHead(200, { 'content-type': 'text/html' }).end(loading(path.slice(1, -5)));
    return;
  } else if (special && special[2] === broken[special[1]] && (special[1].startsWith('html') || (special[1] === 'flaky' ? flakyFetches++ : flakyDataFetches++) === 0)) {
    if (special[1].startsWith('html')) res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    else res.writeHead(503, { 'content-type': 'text/plain' }).end('try later');
    return;
  } else if (special) file = join(pkgDir, special[2]);
  else if (path.startsWith('/pkg/')) file = join(pkgDir, path.slice(5));
  else if (path.startsWith('/fixtures/')) file = join(fixtures, path.slice(10));
  else if (path.startsWith('/demo/')) file = join(root, 'demo', path.slice(6));
  try {
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await launchChromium();
after(async () => {
  await browser.close();
  server.close();
});

test('the browser entry initialises and validates in headless Chromium', async () => {
  const tab = await browser.newPage();
  const errors = [];
  tab.on('pageerror', (e) => errors.push(String(e)));
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  await tab.waitForFunction(() => window.ready === true);
  const names = ['valid-10.xml', 'valid-full.json', 'invalid/box8.syntax.xml', 'invalid/code.currency.xml'];
  const out = await tab.evaluate((n) => window.run(n), names);
  assert.deepEqual(errors, []);
  assert.match(out.version, /^\d+\.\d+\.\d+/);
  assert.equal(out.reports['valid-10.xml'].valid, true);
  assert.equal(out.reports['valid-full.json'].valid, true);
  assert.deepEqual(out.reports['invalid/box8.syntax.xml'].findings.map((f) => f.code), ['box8.syntax']);
  const f = out.reports['invalid/code.currency.xml'].findings[0];
  assert.deepEqual([f.code, f.box, f.item, f.line], ['code.currency', '9', 9, 177]);
  assert.equal(out.typed.valid, true);
  assert.deepEqual(out.built.map((r) => [r.valid, r.versions.profile, r.findings.map((f) => f.code)]), [
    [true, 'ZZFTA 0.0.1', []],
    [false, 'ZZFTA 0.0.1', ['validity.expired']],
  ]);
});

test('the origin build assesses the worked examples in headless Chromium', async () => {
  const tab = await browser.newPage();
  const errors = [];
  tab.on('pageerror', (e) => errors.push(String(e)));
  await tab.goto(`http://127.0.0.1:${server.address().port}/origin.html`);
  await tab.waitForFunction(() => window.ready === true);
  const { examples, out } = await tab.evaluate(() => window.run());
  assert.deepEqual(errors, []);
  examples.forEach((ex, i) => {
    const got = out.examples[i];
    const want = ex.expect;
    assert.equal(got.originating, want.originating, ex.name);
    for (const [k, v] of [['indirect', got.rvc.indirect], ['direct', got.rvc.direct], ['box8', got.box8], ['rule', got.rule]]) {
      if (k in want) assert.equal(v, want[k], `${ex.name}: ${k}`);
    }
    if (want.criteria) assert.deepEqual(got.criteria.map((c) => [c.code, c.met]), want.criteria, ex.name);
    assert.ok(got.trail.length > 2 && got.trail.every((s) => s.basis.length > 0), `${ex.name}: a trail with articles`);
  });
  assert.equal(out.csv.rvc.indirect, '55');
  assert.deepEqual(out.compare, ['ATIGA:true', 'RCEP:origin.no-rule', 'AKFTA:true', 'ACFTA:true', 'KCFTA:origin.no-rule']);
  assert.deepEqual(out.error, ['worksheet.value', '/fob']);
});

test('the verify build verifies the signed sample against the demo trust list in headless Chromium, WebCrypto doing the arithmetic', async () => {
  const tab = await browser.newPage();
  const errors = [];
  tab.on('pageerror', (e) => errors.push(String(e)));
  await tab.goto(`http://127.0.0.1:${server.address().port}/verify.html`);
  await tab.waitForFunction(() => window.ready === true);
  const out = await tab.evaluate(() => window.run());
  assert.deepEqual(errors, []);
  assert.equal(out.verdict.verified, true, JSON.stringify(out.verdict.stages));
  assert.ok(out.verdict.stages.every((s) => s.status === 'passed'));
  assert.equal(out.verdict.notice, 'DEMO — NOT AUTHORITATIVE');
  assert.equal(out.verdict.report.valid, true);
  assert.match(out.verdict.signedDigest, /^[0-9a-f]{64}$/);
  assert.deepEqual(out.text, out.verdict);
  assert.equal(out.tampered.verified, false);
  assert.equal(out.tampered.stages.find((s) => s.stage === 'digest').code, 'dsig.digest');
  assert.equal(out.rsa.verified, true, JSON.stringify(out.rsa.stages));
  assert.equal(out.forged.verified, false);
  assert.equal(out.forged.stages.find((s) => s.stage === 'signature').status, 'failed');
});

test('init() after a failed load tries again, and validate before init says to await it', async () => {
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${server.address().port}/flaky.html`);
  await tab.waitForFunction(() => window.ready === true);
  const out = await tab.evaluate(() => window.run());
  assert.equal(out.before[0], 'wasm.uninitialised');
  assert.match(out.before[1], /await init\(\)/);
  assert.equal(out.first[0], 'wasm.load', JSON.stringify(out.first));
  assert.equal(out.second, true, JSON.stringify(out.second));
  assert.equal(flakyFetches >= 2, true);
});

test('a .wasm URL that answers HTML is named in the error', async () => {
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${server.address().port}/html.html`);
  await tab.waitForFunction(() => window.ready === true);
  const out = await tab.evaluate(() => window.run());
  assert.equal(out.first[0], 'wasm.load');
  assert.match(out.first[1], /eco_validator_bg\.wasm answered text\/html, not a WebAssembly module/);
  assert.equal(out.second[0], 'wasm.load');
});

test('a data file that fails to load is named in the error, and init() tries again', async () => {
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${server.address().port}/flakydata.html`);
  await tab.waitForFunction(() => window.ready === true);
  const out = await tab.evaluate(() => window.run());
  assert.equal(out.first[0], 'data.load', JSON.stringify(out.first));
  assert.match(out.first[1], /eco_validator_data\.bin answered 503/);
  assert.equal(out.second, true, JSON.stringify(out.second));
  assert.equal(out.sync[0], 'data.missing');
  assert.match(out.sync[1], /eco_validator_data\.bin/);
});

test('a data URL that answers HTML is refused by the module with the file named', async () => {
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${server.address().port}/htmldata.html`);
  await tab.waitForFunction(() => window.ready === true);
  const out = await tab.evaluate(() => window.run());
  assert.equal(out.first[0], 'data.format', JSON.stringify(out.first));
  assert.match(out.first[1], /eco_validator_data\.bin could not be read .*not an eco-validator data file/);
  assert.equal(out.second[0], 'data.format');
});
