// The npm package's speed beside the peers a portal developer would otherwise pick, in one run:
//   - instantiate + first validate (a fresh Node process each time);
//   - validate() documents per second on the 1-, 10- and 100-item certificates (XML and JSON);
//   - xmllint-wasm (libxml2's XSD validation compiled to wasm) on the same XML against the shipped XSD,
//     one document per call (it starts a worker per call) and many documents per call;
//   - ajv on the JSON form against the shipped JSON Schema (JSON.parse included, as we parse too).
// Usage: node .ci/build-pkg.mjs && (cd benches/wasm && npm ci) && node benches/wasm/bench.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

// Instantiate + first validate, in fresh processes.
const startup = [];
for (let i = 0; i < 7; i++) {
  const ms = execFileSync(process.execPath, ['--input-type=module', '-e', `
    const doc = (await import('node:fs')).readFileSync(${JSON.stringify(join(root, 'tests', 'fixtures', 'valid-10.xml'))});
    const t = performance.now();
    const { validate } = await import(${JSON.stringify(pkg)});
    if (!validate(doc, { asOf: '2026-11-25' }).valid) throw new Error('invalid');
    console.log(performance.now() - t);`], { encoding: 'utf8' });
  startup.push(Number(ms));
}

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
console.log(`eco-validator ${validate.length >= 0 ? '' : ''}wasm, Node ${process.version}`);
console.log(`instantiate + first validate (10 items): median ${median(startup).toFixed(1)} ms (of ${startup.length} fresh processes)\n`);
console.log('items | eco-validator XML      | eco-validator JSON     | xmllint-wasm per call | xmllint-wasm batched        | ajv (JSON.parse + validate)');
for (const r of rows) {
  console.log(`${String(r.n).padStart(5)} | ${us(r.ours).padStart(10)} ${rate(r.ours).padStart(10)} | ${us(r.oursJson).padStart(10)} ${rate(r.oursJson).padStart(10)} | ${us(r.single).padStart(12)} ${`×${(r.single / r.ours).toFixed(0)}`.padStart(7)} | ${us(r.batched).padStart(10)} (${r.batch}/call) ×${(r.batched / r.ours).toFixed(2)} | ${us(r.ajvTime).padStart(10)} ×${(r.ajvTime / r.oursJson).toFixed(2)}`);
}
console.log('\n×N = peer time / eco-validator time (above 1: eco-validator is faster). Medians; one run, same machine.');
