// The origin build's assessment in wasm: the 50-material worksheet of benches/origin.rs (the same
// generator), assessed and compared under every agreement, the result crossing into JavaScript
// included. Prints the median of 15 timed batches of 200 calls, after 500 warm-up calls.
// Usage: node .ci/build-pkg.mjs && node benches/wasm/origin.mjs [PKG_DIR]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = process.argv[2] ?? join(root, 'target', 'pkg');
const { createValidator } = await import(join(pkg, 'origin', 'node.js'));

const materials = Array.from({ length: 50 }, (_, i) => {
  const origin = ['originating', 'non-originating', 'unknown'][i % 3];
  const hs = ['1701.99', '0901.11', '2106.10', '1211.90', '3923.30'][i % 5];
  const currency = i % 7 === 0 ? ', "currency": "THB"' : '';
  return `{"description": "material ${i}", "hs": "${hs}", "value": "${3 + (i % 4)}.${String(i).padStart(2, '0')}", "origin": "${origin}"${currency}}`;
});
const worksheet = `{"agreement": "ATIGA", "product": {"hs": "2106.90.99"}, "fob": "1000.00", "currency": "USD",
  "materials": [${materials.join(',')}], "costs": {"labour": "120.00", "overhead": "40.00", "profit": "30.00"},
  "rates": {"THB": "0.028"}}`;
const validator = createValidator();
const options = { asOf: '2026-12-01' };
const median = (fn) => {
  for (let i = 0; i < 500; i++) fn();
  const times = [];
  for (let r = 0; r < 15; r++) {
    const t = performance.now();
    for (let i = 0; i < 200; i++) fn();
    times.push(((performance.now() - t) / 200) * 1000);
  }
  return +times.sort((a, b) => a - b)[7].toFixed(1);
};
console.log(JSON.stringify({
  node: process.version,
  assessOriginUs: median(() => validator.assessOrigin(worksheet, options)),
  compareOriginUs: median(() => validator.compareOrigin(worksheet, options)),
}));
