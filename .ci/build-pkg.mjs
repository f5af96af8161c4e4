// Builds the npm package into target/pkg and packs it to target/eco-validator-<version>.tgz.
//
// One .wasm serves every entry: wasm-bindgen's `web` glue (browsers, bundlers, Node ESM, workers) and
// its `nodejs` glue (CommonJS) are generated from the same module and must produce identical .wasm
// bytes. No wasm-opt pass: measured on the opt-level 2 build (README "Speed and size"), none of its
// levels made validation faster, and -Oz, though 3 KB smaller gzipped, inlined the validation into
// one 60 KB function that V8 takes 70 ms to optimise, slowing the first validations. Prints a size
// report and fails when the gzipped .wasm exceeds the budget.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'target', 'pkg');
const scratch = join(root, 'target', 'pkg-build');
const BUDGET_GZ_WASM = 120_000;

const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

const cargoVersion = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];

run('cargo', ['build', '--lib', '--locked', '--target', 'wasm32-unknown-unknown', '--profile', 'wasm']);
const input = join(root, 'target', 'wasm32-unknown-unknown', 'wasm', 'eco_validator.wasm');

rmSync(out, { recursive: true, force: true });
rmSync(scratch, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const flags = ['--out-name', 'eco_validator', '--experimental-reset-state-function', '--remove-name-section', '--remove-producers-section'];
run('wasm-bindgen', ['--target', 'web', '--out-dir', out, ...flags, input]);
run('wasm-bindgen', ['--target', 'nodejs', '--out-dir', scratch, ...flags, input]);
const wasmPath = join(out, 'eco_validator_bg.wasm');
if (!readFileSync(wasmPath).equals(readFileSync(join(scratch, 'eco_validator_bg.wasm')))) {
  throw new Error('the web and nodejs glue were generated from different .wasm bytes');
}
copyFileSync(join(scratch, 'eco_validator.js'), join(out, 'eco_validator.cjs'));
rmSync(join(out, 'eco_validator_bg.wasm.d.ts'), { force: true });


// The package: template files, the CommonJS twin of the wrapper, schemas, licences, the version.
for (const f of readdirSync(join(root, 'pkg-template'))) copyFileSync(join(root, 'pkg-template', f), join(out, f));
const api = readFileSync(join(out, 'api.js'), 'utf8');
const apiCjs = api
  .replace("import * as glue from './eco_validator.js';", "'use strict';\nconst glue = require('./eco_validator.cjs');")
  .replace(/^export const (\w+) = /gm, 'exports.$1 = ');
if (apiCjs.includes('import ') || apiCjs.includes('export ')) throw new Error('api.cjs still has ESM syntax');
writeFileSync(join(out, 'api.cjs'), apiCjs);
mkdirSync(join(out, 'schema'));
for (const f of readdirSync(join(root, 'schema')).filter((f) => f.endsWith('.xsd') || f.endsWith('.json'))) {
  copyFileSync(join(root, 'schema', f), join(out, 'schema', f));
}
for (const f of ['LICENSE-MIT', 'LICENSE-APACHE']) copyFileSync(join(root, f), join(out, f));
const pkg = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'));
pkg.version = cargoVersion;
writeFileSync(join(out, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
for (const f of pkg.files) {
  if (!existsSync(join(out, f))) throw new Error(`package.json lists ${f}, which the build did not produce`);
}

// Size report.
const rows = ['eco_validator_bg.wasm', 'eco_validator.js', 'eco_validator.cjs', 'api.js', 'index.js', 'node.js', 'node.cjs', 'worker.js'].map((f) => {
  const bytes = readFileSync(join(out, f));
  return { file: f, raw: bytes.length, gzip: gz(bytes) };
});
console.log('\nsize report');
console.log('file                     raw bytes   gzip bytes');
for (const r of rows) console.log(`${r.file.padEnd(24)} ${String(r.raw).padStart(9)}   ${String(r.gzip).padStart(10)}`);
const wasmGz = rows[0].gzip;
console.log(`budget: gzipped .wasm ${wasmGz} of ${BUDGET_GZ_WASM} bytes`);
if (wasmGz > BUDGET_GZ_WASM) {
  console.error(`FAIL: the gzipped .wasm (${wasmGz} bytes) is over the budget of ${BUDGET_GZ_WASM}`);
  process.exit(1);
}

execFileSync('npm', ['pack', '--pack-destination', join(root, 'target'), '--silent'], { cwd: out, stdio: ['ignore', 'inherit', 'inherit'] });
cpSync(join(out, 'package.json'), join(scratch, 'package.json'));
console.log(`packed target/eco-validator-${cargoVersion}.tgz`);
