// Builds the npm package into target/pkg and packs it to target/eco-validator-<version>.tgz.
//
// One .wasm serves every entry. wasm-bindgen's `web` glue and the sources in pkg-template/ (api.js and
// the entries) are bundled by esbuild into one self-contained file per entry: index.js (browsers,
// bundlers), node.js (Node ESM), node.cjs (Node CommonJS, the same source as node.js) and worker.js
// (edge workers, which import the .wasm as a module). One file instead of three saves a browser two
// module fetches and Node two module loads before the first result (README "Speed and size").
// No wasm-opt pass: measured on the opt-level 2 build, none of its levels made validation faster, and
// -Oz, though 3 KB smaller gzipped, inlined the validation into one 60 KB function that V8 takes 70 ms
// to optimise, slowing the first validations. Prints a size report and fails when the gzipped .wasm
// exceeds the budget.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'target', 'pkg');
const scratch = join(root, 'target', 'pkg-build');
// Issue 10 sets 130 KB for all its parts; its profiles, certification rules and product-specific
// rules took the build past it before the origin assessment arrived. Interim 160 KB, to be brought
// back under 130 KB before the issue is resolved (the plan is in the notes: the bundled
// data shipped beside the .wasm instead of inside it, one JSON reader for certificates and data,
// leaner stage code).
const BUDGET_GZ_WASM = 160_000;

const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

const cargoVersion = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];

// The package's features: the wasm skin over the core (Cargo.toml says how optional parts are switched).
// The origin assessment (feature `origin`, on by default for the crate) is not in this build yet:
// with it the .wasm is 182 KB gzipped, far over issue 10's 130 KB; it is tested through the wasm
// surface (tests/wasm.rs) and will ship once the size work lets it (see the notes).
run('cargo', ['build', '--lib', '--locked', '--no-default-features', '--features', 'wasm', '--target', 'wasm32-unknown-unknown', '--profile', 'wasm']);
const input = join(root, 'target', 'wasm32-unknown-unknown', 'wasm', 'eco_validator.wasm');

rmSync(out, { recursive: true, force: true });
rmSync(scratch, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const flags = ['--out-name', 'eco_validator', '--experimental-reset-state-function', '--remove-name-section', '--remove-producers-section'];
run('wasm-bindgen', ['--target', 'web', '--out-dir', scratch, ...flags, input]);
copyFileSync(join(scratch, 'eco_validator_bg.wasm'), join(out, 'eco_validator_bg.wasm'));
// The module's own validator class is internal (api.js wraps it in the `BuiltValidator` that
// index.d.ts declares); its generated `[Symbol.dispose]` member would make every user's TypeScript
// need the esnext lib, so the declaration drops it (api.js never uses it).
const glueTypes = readFileSync(join(scratch, 'eco_validator.d.ts'), 'utf8');
const withoutDispose = glueTypes.replace(/^ *\[Symbol\.dispose\]\(\): void;\n/gm, '');
if (withoutDispose === glueTypes && glueTypes.includes('class Validator')) throw new Error('the validator class declaration changed shape');
writeFileSync(join(out, 'eco_validator.d.ts'), withoutDispose);

// The entries: pkg-template's sources beside the glue, bundled. The .wasm stays a file of its own.
const template = join(root, 'pkg-template');
for (const f of ['api.js', 'index.js', 'node.js', 'worker.js']) copyFileSync(join(template, f), join(scratch, f));
const bundle = (entry, outfile, options = {}) =>
  buildSync({
    entryPoints: [join(scratch, entry)],
    outfile: join(out, outfile),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    external: ['node:*', './eco_validator_bg.wasm'],
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    ...options,
  });
// index.d.ts declares one surface for every entry; each bundle must export exactly that.
const surface = ['createValidator', 'default', 'initSync', 'rules', 'validate', 'version'].join();
const exportsOf = (result) => Object.values(result.metafile.outputs)[0].exports.slice().sort().join();
const esm = [
  bundle('index.js', 'index.js', { platform: 'browser' }),
  bundle('worker.js', 'worker.js', { platform: 'neutral' }),
  bundle('node.js', 'node.js', { platform: 'node' }),
];
for (const result of esm) {
  if (exportsOf(result) !== surface) throw new Error(`an entry exports ${exportsOf(result)}, index.d.ts declares ${surface}`);
}
// CommonJS has no import.meta: the one use (where the .wasm is) becomes the file's own URL.
bundle('node.js', 'node.cjs', {
  platform: 'node',
  format: 'cjs',
  define: { 'import.meta.url': '__eco_validator_url' },
  banner: { js: "const __eco_validator_url = require('node:url').pathToFileURL(__filename).href;" },
});
for (const f of ['index.js', 'node.js', 'worker.js', 'node.cjs']) {
  const text = readFileSync(join(out, f), 'utf8');
  if (/from ['"]\.\/(?!eco_validator_bg\.wasm)/.test(text) || /require\(['"]\.\//.test(text)) {
    throw new Error(`${f} still loads a sibling module`);
  }
}

// The package: the types, the npm README, schemas, licences, the version.
for (const f of ['index.d.ts', 'README.md', 'package.json']) copyFileSync(join(template, f), join(out, f));
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
const rows = ['eco_validator_bg.wasm', 'index.js', 'node.js', 'node.cjs', 'worker.js'].map((f) => {
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
console.log(`packed target/eco-validator-${cargoVersion}.tgz`);
