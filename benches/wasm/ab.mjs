// Before and after, in one process: the npm package of this checkout (target/pkg) beside one built
// from another revision, validating the same documents in interleaved rounds, so that the machine's
// drift falls on both alike. Prints, per document, the fastest per-call time of each and their ratio.
// Usage:
//   git worktree add /tmp/before REV && (cd /tmp/before && ln -s "$PWD/node_modules" . && node .ci/build-pkg.mjs)
//   node .ci/build-pkg.mjs && node benches/wasm/ab.mjs /tmp/before/target/pkg [ROUNDS]
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [beforeDir, roundsArg] = process.argv.slice(2);
if (!beforeDir) throw new Error('usage: node benches/wasm/ab.mjs BEFORE_PKG_DIR [ROUNDS]');
const rounds = Number(roundsArg ?? 31);
const after = await import(join(root, 'target', 'pkg', 'node.js'));
const before = await import(join(beforeDir, 'node.js'));
const options = { asOf: '2026-11-25' };
const docs = ['valid-10.xml', 'valid-10.json', 'valid-1.xml', 'valid-100.json'];

/** Seconds per call of `validate` over one batch of `n`. */
function batch(validate, text, n) {
  const t = performance.now();
  for (let i = 0; i < n; i++) validate(text, options);
  return (performance.now() - t) / n / 1000;
}

const results = [];
for (const name of docs) {
  const text = readFileSync(join(root, 'tests', 'fixtures', name), 'utf8');
  for (const pkg of [after, before]) {
    if (!pkg.validate(text, options).valid) throw new Error(`${name} is not valid in one of the builds`);
    batch(pkg.validate, text, 300);
  }
  // A batch of about 20 ms for the slower one.
  const n = Math.max(20, Math.round(0.02 / Math.max(batch(after.validate, text, 50), batch(before.validate, text, 50))));
  let best = [Infinity, Infinity];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) best[i] = Math.min(best[i], batch([after, before][i].validate, text, n));
  }
  results.push({ document: name, afterUs: +(best[0] * 1e6).toFixed(2), beforeUs: +(best[1] * 1e6).toFixed(2), ratio: +(best[0] / best[1]).toFixed(3) });
}
console.log(JSON.stringify({ node: process.version, rounds, results }, null, 1));
