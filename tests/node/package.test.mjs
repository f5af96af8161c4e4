// The packed npm tarball, installed into a scratch project and used as a portal or a Node service
// would: through `import` and through `require`, with text, bytes and objects, and compared with the
// native CLI on every fixture (parity). Build it first: node .ci/build-pkg.mjs (the test command does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, fixtures, installPackage, root, version } from './scratch.mjs';

const AS_OF = '2026-11-25';
const project = installPackage('eco-pkg-');

/** Runs a script inside the scratch project and returns what it printed as JSON. */
function runIn(name, source) {
  writeFileSync(join(project, name), source);
  return JSON.parse(execFileSync(process.execPath, [name], { cwd: project, encoding: 'utf8', maxBuffer: 1 << 28 }));
}

const fixtureList = () => {
  const names = readdirSync(fixtures).filter((f) => /^valid-.*\.(xml|json)$/.test(f));
  for (const f of readdirSync(join(fixtures, 'invalid'))) names.push(`invalid/${f}`);
  return names.sort();
};

const script = (importLine) => `${importLine}
const fs = require_fs();
const dir = ${JSON.stringify(fixtures)};
const out = { version: version(), ruleCount: rules().rules.length, reports: {} };
for (const name of ${JSON.stringify(fixtureList())}) {
  out.reports[name] = validate(fs.readFileSync(dir + '/' + name), { asOf: '${AS_OF}' });
}
const text = fs.readFileSync(dir + '/valid-10.json', 'utf8');
out.fromText = validate(text, { asOf: '${AS_OF}' });
out.fromObject = validate(JSON.parse(text), { asOf: '${AS_OF}' });
const withNumber = JSON.parse(text);
withNumber.supplyChainConsignment.includedConsignmentItems[0].fobAmount.value = 58400.5;
out.numberAmount = validate(withNumber, { asOf: '${AS_OF}' });
const cyclic = JSON.parse(text); cyclic.self = cyclic;
out.cyclic = validate(cyclic, { asOf: '${AS_OF}' });
out.small = validate(fs.readFileSync(dir + '/valid-10.xml'), { asOf: '${AS_OF}', limits: { maxBytes: 100 } });
out.bigText = validate('<'.repeat(200), { limits: { maxBytes: 100 } });
out.bigObject = validate({ remarks: 'x'.repeat(200) }, { limits: { maxBytes: 100 } });
out.expected = validate(fs.readFileSync(dir + '/valid-10.xml'), { asOf: '${AS_OF}', agreement: 'RCEP' });
out.errors = [];
for (const [input, options] of [[42, undefined], [null, undefined], ['<x/>', { asOf: '25/11/2026' }], ['<x/>', { limits: { maxItems: -1 } }], ['<x/>', 7], ['<x/>', { agreement: 'nafta' }]]) {
  try { validate(input, options); out.errors.push(null); } catch (e) { out.errors.push({ code: e.code, isError: e instanceof Error }); }
}
console.log(JSON.stringify(out));
`;

const viaImport = runIn('esm.mjs', script("import { validate, rules, version } from 'eco-validator';\nimport * as nodeFs from 'node:fs';\nconst require_fs = () => nodeFs;"));
const viaRequire = runIn('cjs.cjs', script("const { validate, rules, version } = require('eco-validator');\nconst require_fs = () => require('node:fs');"));

test('the package works through import and through require alike', () => {
  for (const r of [viaImport, viaRequire]) {
    assert.equal(r.version, version);
    assert.ok(r.ruleCount >= 40);
    assert.equal(r.reports['valid-10.xml'].valid, true);
    assert.equal(r.reports['invalid/box8.syntax.xml'].findings[0].code, 'box8.syntax');
  }
  assert.deepEqual(viaImport.reports, viaRequire.reports);
});

test('text, bytes and plain objects give the same report', () => {
  const r = viaImport;
  assert.deepEqual(r.fromText, r.reports['valid-10.json']);
  assert.deepEqual(r.fromObject, r.reports['valid-10.json']);
  assert.equal(r.fromObject.valid, true);
  // A JS number amount is read from its shortest decimal text: still a valid certificate.
  assert.equal(r.numberAmount.valid, true);
  // A cyclic object cannot be JSON: one parse finding, not an exception.
  assert.deepEqual(r.cyclic.findings.map((f) => f.code), ['parse.malformed']);
  assert.deepEqual(r.small.findings.map((f) => f.code), ['limit.size']);
  // Text and objects over the limit are refused by their length, before being copied in.
  assert.deepEqual(r.bigText.findings.map((f) => [f.code, f.params.size]), [['limit.size', '200']]);
  assert.deepEqual(r.bigObject.findings.map((f) => f.code), ['limit.size']);
  assert.deepEqual(r.expected.findings.map((f) => f.code), ['header.agreement-expected']);
});

test('misuse throws Errors with stable codes', () => {
  assert.deepEqual(viaImport.errors, [
    { code: 'input.type', isError: true },
    { code: 'input.type', isError: true },
    { code: 'options.invalid', isError: true },
    { code: 'options.invalid', isError: true },
    { code: 'options.invalid', isError: true },
    { code: 'options.invalid', isError: true },
  ]);
});

test('parity: the wasm report equals the native CLI report on every fixture', () => {
  const names = fixtureList();
  let cli;
  try {
    cli = execFileSync(bin, ['validate', '--format', 'json', '--as-of', AS_OF, ...names], { cwd: fixtures, encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch (e) {
    cli = e.stdout;
  }
  const native = JSON.parse(cli);
  assert.equal(native.length, names.length);
  for (const report of native) {
    const { file, ...rest } = report;
    assert.deepEqual(viaImport.reports[file], rest, `${file} differs`);
  }
});

test('a trapped module is restarted and the next call works', () => {
  // Corrupting the instance's memory stands in for running out of it: the next call traps inside
  // the allocator. The wrapper must turn that into an Error with a code and restart the instance.
  const r = runIn('trap.mjs', `
import { validate, initSync, createValidator } from 'eco-validator';
import { readFileSync } from 'node:fs';
const doc = readFileSync(${JSON.stringify(join(fixtures, 'valid-10.xml'))});
const kept = createValidator({ limits: { maxFindings: 7 } });
const out = { before: validate(doc, { asOf: '${AS_OF}' }).valid };
const raw = initSync({ module: new Uint8Array() }); // already initialised: returns the live exports
new Uint8Array(raw.memory.buffer).fill(0xff);
try { validate(doc, { asOf: '${AS_OF}' }); out.threw = null; } catch (e) { out.threw = { code: e.code, isError: e instanceof Error, cause: e.cause instanceof WebAssembly.RuntimeError }; }
out.after = validate(doc, { asOf: '${AS_OF}' });
out.kept = kept.validate(doc, { asOf: '${AS_OF}' });
console.log(JSON.stringify(out));
`);
  assert.equal(r.before, true);
  // A validator built before the restart is built again from its config on its next call.
  assert.deepEqual(r.kept, r.after);
  assert.deepEqual(r.threw, { code: 'wasm.trap', isError: true, cause: true });
  assert.equal(r.after.valid, true);
  assert.deepEqual(r.after, viaImport.reports['valid-10.xml']);
});

test('createValidator: profiles loaded once, the clock per call, load errors with codes', () => {
  const r = runIn('validator.mjs', `
import { createValidator, validate } from 'eco-validator';
import { readFileSync } from 'node:fs';
const zzText = readFileSync(${JSON.stringify(join(fixtures, 'profiles/zzfta.json'))}, 'utf8');
const zz = readFileSync(${JSON.stringify(join(fixtures, 'profiles/form-zz.xml'))});
const formD = readFileSync(${JSON.stringify(join(fixtures, 'valid-10.xml'))});
const out = {};
const v = createValidator({ profiles: [zzText], limits: { maxFindings: 50 } });
out.agreements = v.agreements();
out.zz = v.validate(zz, { asOf: '${AS_OF}' });
out.late = v.validate(zz, { asOf: '2027-05-21' }).findings.map((f) => f.code);
out.formD = v.validate(formD, { asOf: '${AS_OF}' });
out.free = validate(zz, { asOf: '${AS_OF}' }).findings.map((f) => f.code);
out.objectsOnly = createValidator({ profiles: [JSON.parse(zzText)], bundledProfiles: false }).agreements();
const listText = readFileSync(${JSON.stringify(join(fixtures, 'status-list.json'))}, 'utf8');
const psrText = readFileSync(${JSON.stringify(join(fixtures, 'psr-complete.json'))}, 'utf8');
out.psr = createValidator({ psr: [psrText] }).validate(formD, { asOf: '${AS_OF}' }).findings.map((f) => [f.code, f.item]);
out.listed = [listText, JSON.parse(listText)].map((statusList) => createValidator({ statusList }).validate(formD, { asOf: '${AS_OF}' }).findings.map((f) => [f.code, f.params.replacement]));
out.errors = [];
for (const make of [
  () => createValidator({ profiles: ['{'] }),
  () => createValidator({ profiles: [zzText.replace('"2020-01-01"', '"2020-13-01"')] }),
  () => createValidator({ profiles: [zzText, zzText] }),
  () => createValidator({ asOf: '2026-01-01' }),
  () => createValidator({ profiles: 'x' }),
  () => createValidator({ agreement: 'NOPE' }),
  () => v.validate(zz, { limits: { maxBytes: 10 } }),
  () => v.validate(42),
  () => createValidator({ psr: ['{"format": "eco-validator/psr-table/1"}'] }),
  () => createValidator({ statusList: '{"format": "eco-validator/status-list/1", "updated": "2026-11-30", "entries": [{"reference": "X", "status": "gone"}]}' }),
]) {
  try { make(); out.errors.push(null); } catch (e) { out.errors.push({ code: e.code, path: e.path ?? null, source: e.source ?? null, isError: e instanceof Error }); }
}
const gone = createValidator();
gone.free();
gone.free();
try { gone.validate(formD); out.freed = null; } catch (e) { out.freed = e.code; }
console.log(JSON.stringify(out));
`);
  assert.deepEqual(r.agreements, ['ATIGA', 'RCEP', 'AKFTA', 'ACFTA', 'KCFTA', 'ZZFTA']);
  assert.equal(r.zz.valid, true);
  assert.deepEqual(r.zz.findings, []);
  assert.equal(r.zz.versions.profile, 'ZZFTA 0.0.1');
  assert.equal(r.zz.versions.asOf, AS_OF);
  assert.deepEqual(r.late, ['validity.expired']);
  assert.deepEqual(r.formD, viaImport.reports['valid-10.xml']);
  assert.deepEqual(r.free, ['header.agreement']);
  assert.deepEqual(r.objectsOnly, ['ZZFTA']);
  assert.deepEqual(r.psr, [3, 4, 6, 8].map((i) => ['psr.not-admissible', i]));
  assert.deepEqual(r.listed, [[['lifecycle.replaced', 'SG26D0012399']], [['lifecycle.replaced', 'SG26D0012399']]]);
  const err = (code, path = null, source = null) => ({ code, path, source, isError: true });
  assert.deepEqual(r.errors, [
    err('profile.json', '', 'profiles[0]'),
    err('profile.value', '/parties/members/0/from', 'profiles[0]'),
    err('profile.duplicate', '/agreement', 'profiles[1]'),
    err('options.invalid'),
    err('options.invalid'),
    err('validator.agreement', '/agreement', 'options'),
    err('options.invalid'),
    err('input.type'),
    err('psr.value', '/agreement', 'psr[0]'),
    err('status-list.value', '/entries/0/status', 'statusList'),
  ]);
  assert.equal(r.freed, 'validator.freed');
});

test('eco-validator/origin: the worked examples, side by side, CSV, errors; the root has no assessment', () => {
  const examples = JSON.parse(readFileSync(join(fixtures, 'worksheets/worked-examples.json'), 'utf8')).examples;
  const body = `
const examples = ${JSON.stringify(examples)};
const out = { examples: [] };
const plain = createValidator();
for (const ex of examples) {
  const v = ex.psr ? createValidator({ psr: [ex.psr] }) : plain;
  out.examples.push(v.assessOrigin(ex.worksheet, { asOf: '2026-12-01' }));
}
out.text = plain.assessOrigin(JSON.stringify(examples[0].worksheet), { asOf: '2026-12-01' });
out.csv = plain.assessOrigin(readFileSync(${JSON.stringify(join(fixtures, 'worksheets/tobacco-substitute.csv'))}, 'utf8'));
out.compare = plain.compareOrigin(examples[0].worksheet).map((r) => [r.agreement, r.assessment?.originating ?? null, r.error?.code ?? null]);
out.errors = [];
for (const bad of [{ ...examples[0].worksheet, fob: '1,000' }, '{', 42, { ...examples[0].worksheet, agreement: 'NOPE' }]) {
  try { plain.assessOrigin(bad); out.errors.push(null); } catch (e) { out.errors.push([e.code, e.path ?? null]); }
}
console.log(JSON.stringify(out));
`;
  const viaImport = runIn('origin.mjs', `import { createValidator } from 'eco-validator/origin';\nimport { readFileSync } from 'node:fs';\n${body}`);
  const viaRequire = runIn('origin.cjs', `const { createValidator } = require('eco-validator/origin');\nconst { readFileSync } = require('node:fs');\n${body}`);
  assert.deepEqual(viaRequire, viaImport);
  // Each example's hand-checked numbers, and the native CLI's assessment of the same worksheet.
  const pick = { originating: '/originating', rule: '/rule', indirect: '/rvc/indirect', direct: '/rvc/direct', box8: '/box8', deMinimis: '/ticks/deMinimis', partialCumulation: '/ticks/partialCumulation' };
  const at = (v, pointer) => pointer.split('/').slice(1).reduce((o, k) => o?.[k], v);
  examples.forEach((ex, i) => {
    const got = viaImport.examples[i];
    for (const [member, pointer] of Object.entries(pick)) {
      if (member in ex.expect) assert.deepEqual(at(got, pointer), ex.expect[member], `${ex.name}: ${member}`);
    }
    if (ex.expect.criteria) assert.deepEqual(got.criteria.map((c) => [c.code, c.met]), ex.expect.criteria, `${ex.name}: criteria`);
    assert.equal(got.versions.asOf, '2026-12-01');
    const dir = mkdtempSync(join(tmpdir(), 'eco-origin-'));
    writeFileSync(join(dir, 'w.json'), JSON.stringify(ex.worksheet));
    const args = ['origin', '--format', 'json', '--as-of', '2026-12-01'];
    if (ex.psr) {
      writeFileSync(join(dir, 'psr.json'), JSON.stringify(ex.psr));
      args.push('--psr', join(dir, 'psr.json'));
    }
    let cli;
    try {
      cli = execFileSync(bin, [...args, join(dir, 'w.json')], { encoding: 'utf8' });
    } catch (e) {
      assert.equal(e.status, 1, `${ex.name}: the CLI's exit`);
      cli = e.stdout;
    }
    assert.deepEqual(got, JSON.parse(cli), `${ex.name}: wasm and the native CLI differ`);
  });
  assert.deepEqual(viaImport.text, viaImport.examples[0]);
  assert.equal(viaImport.csv.rvc.indirect, viaImport.examples[0].rvc.indirect);
  assert.deepEqual(viaImport.compare, [['ATIGA', true, null], ['RCEP', null, 'origin.no-rule'], ['AKFTA', true, null], ['ACFTA', true, null], ['KCFTA', null, 'origin.no-rule']]);
  assert.deepEqual(viaImport.errors, [['worksheet.value', '/fob'], ['worksheet.json', ''], ['options.invalid', null], ['origin.agreement', '/agreement']]);
  // The lean root module has no assessment: its validator offers none.
  const lean = runIn('lean.mjs', "import { createValidator } from 'eco-validator';\nconsole.log(JSON.stringify(typeof createValidator().assessOrigin));");
  assert.equal(lean, 'undefined');
});

test('eco-validator/verify: the demo trust list verifies the signed sample as the CLI does; the other builds have no verify', () => {
  const demo = join(root, 'demo');
  const body = `
const demo = ${JSON.stringify(demo)};
const trustList = readFileSync(demo + '/trust-list.signed.json', 'utf8');
const trustListKey = readFileSync(demo + '/operator.pub.pem', 'utf8');
const signed = readFileSync(demo + '/valid-10.signed.xml');
const out = {};
const asOf = { asOf: '2026-11-25' };
const v = await createValidator({ trustList, trustListKey, trustListLastSeen: 1 });
out.bytes = await v.verify(signed, asOf);
out.text = await v.verify(signed.toString('utf8'), asOf);
out.buffer = await v.verify(signed.buffer.slice(signed.byteOffset, signed.byteOffset + signed.length), asOf);
out.tampered = await v.verify(signed.toString('utf8').replace('SG26D', 'SG27D'), asOf);
out.unchecked = await (await createValidator({ trustList })).verify(signed, asOf);
out.none = await (await createValidator()).verify(signed, asOf);
out.rolledBack = await (await createValidator({ trustList, trustListKey, trustListLastSeen: 2 })).verify(signed, asOf);
out.small = await (await createValidator({ trustList, trustListKey, limits: { maxBytes: 100 } })).verify(signed, asOf);
out.errors = [];
for (const config of [{ trustList, trustListKey: 'not pem' }, { trustList, trustListKey: readFileSync(demo + '/keys/sg-root.cert.pem', 'utf8') }, { trustList: '{' }, { trustListKey }, { trustList, trustListLastSeen: 1.5 }]) {
  try { await createValidator(config); out.errors.push(null); } catch (e) { out.errors.push(e.code); }
}
try { await v.verify({ not: 'xml' }); out.errors.push(null); } catch (e) { out.errors.push(e.code); }
console.log(JSON.stringify(out));
`;
  const viaImport = runIn('verify.mjs', `import { createValidator } from 'eco-validator/verify';\nimport { readFileSync } from 'node:fs';\n${body}`);
  const viaRequire = runIn('verify.cjs', `const { createValidator } = require('eco-validator/verify');\nconst { readFileSync } = require('node:fs');\n(async () => {\n${body}\n})();`);
  assert.deepEqual(viaRequire, viaImport);
  const r = viaImport;
  assert.equal(r.bytes.verified, true);
  assert.deepEqual(r.bytes.stages.map((s) => [s.stage, s.status]), ['parse', 'profile', 'digest', 'signature', 'chain', 'trust', 'time', 'revocation'].map((s) => [s, 'passed']));
  assert.equal(r.bytes.notice, 'DEMO — NOT AUTHORITATIVE');
  assert.equal(r.bytes.trustList.demo, true);
  assert.equal(r.bytes.report.valid, true);
  assert.deepEqual(r.text, r.bytes);
  assert.deepEqual(r.buffer, r.bytes);
  // The same verdict as the native CLI's, member for member (the CLI adds the file and the model).
  const cli = JSON.parse(execFileSync(bin, ['verify', '--format', 'json', '--as-of', '2026-11-25', '--trust', join(demo, 'trust-list.signed.json'), '--trust-key', join(demo, 'operator.pub.pem'), join(demo, 'valid-10.signed.xml')], { encoding: 'utf8' }))[0];
  delete cli.file;
  delete cli.certificate;
  assert.deepEqual(r.bytes, cli);
  const at = (v, name) => v.stages.find((s) => s.stage === name);
  assert.equal(r.tampered.verified, false);
  assert.equal(at(r.tampered, 'digest').code, 'dsig.digest');
  assert.equal(r.tampered.report, null);
  assert.equal(at(r.unchecked, 'trust').status, 'not-checked');
  assert.equal(r.unchecked.trustList.signature, 'not-checked');
  assert.equal(at(r.none, 'chain').code, 'verify.no-trust-list');
  assert.equal(r.none.trustList, null);
  assert.equal(at(r.rolledBack, 'trust').code, 'trust.rollback');
  assert.equal(at(r.small, 'parse').code, 'dsig.limit');
  assert.deepEqual(r.errors, ['key.malformed', 'trust-list.signature', 'trust-list.json', 'options.invalid', 'options.invalid', 'input.type']);
  // The validate-only root and the origin build have no verify.
  const lean = runIn('lean-verify.mjs', "import { createValidator } from 'eco-validator';\nimport { createValidator as o } from 'eco-validator/origin';\nconsole.log(JSON.stringify([typeof createValidator().verify, typeof o().verify]));");
  assert.deepEqual(lean, ['undefined', 'undefined']);
});

test('eco-validator/verify: WebCrypto doing the arithmetic, the verdicts are the native CLI\'s (RustCrypto)', () => {
  const demo = join(root, 'demo');
  const dir = mkdtempSync(join(tmpdir(), 'eco-verify-'));
  const ec = readFileSync(join(demo, 'valid-10.signed.xml'), 'utf8');
  // More methods than the demo's two, signed by the native CLI with the demo keys.
  const signedWith = (key, method) => execFileSync(bin, ['sign', '--key', join(demo, 'keys', key + '.key.pem'), '--cert', join(demo, 'keys', key + '.cert.pem'), '--chain', join(demo, 'keys', 'sg-intermediate.cert.pem'), '--method', method, join(fixtures, 'valid-10.xml')], { encoding: 'utf8' });
  const cases = {
    ec,
    rsa: readFileSync(join(demo, 'valid-10.signed-rsa.xml'), 'utf8'),
    tampered: ec.replace('SG26D', 'SG27D'),
    // The signature value altered (its first base64 digit).
    forged: ec.replace(/<SignatureValue>(.)/, (m, c) => '<SignatureValue>' + (c === 'A' ? 'B' : 'A')),
    'rsa-pss-sha256': signedWith('sg-signing-rsa', 'rsa-pss-sha256'),
    'rsa-pss-sha512': signedWith('sg-signing-rsa', 'rsa-pss-sha512'),
    'rsa-sha384': signedWith('sg-signing-rsa', 'rsa-sha384'),
    'ecdsa-sha512': signedWith('sg-signing', 'ecdsa-sha512'),
  };
  const files = Object.keys(cases).map((name) => {
    writeFileSync(join(dir, name + '.xml'), cases[name]);
    return join(dir, name + '.xml');
  });
  const trust = ['--trust', join(demo, 'trust-list.signed.json'), '--trust-key', join(demo, 'operator.pub.pem')];
  const cli = (args) => {
    let text;
    try {
      text = execFileSync(bin, ['verify', '--format', 'json', '--as-of', '2026-11-25', ...args, ...files], { encoding: 'utf8' });
    } catch (e) {
      text = e.stdout; // exit 1: not every file verified
    }
    return JSON.parse(text).map((r) => {
      delete r.file;
      delete r.certificate;
      return r;
    });
  };
  const native = { trusted: cli(trust), bare: cli([]) };
  const out = runIn('verify-webcrypto.mjs', `import { createValidator } from 'eco-validator/verify';
import { readFileSync } from 'node:fs';
const demo = ${JSON.stringify(demo)};
const trustList = readFileSync(demo + '/trust-list.signed.json', 'utf8');
const trustListKey = readFileSync(demo + '/operator.pub.pem', 'utf8');
const cases = ${JSON.stringify(cases)};
const out = { trusted: [], bare: [], calls: 0 };
const subtle = globalThis.crypto.subtle;
const verify = subtle.verify.bind(subtle);
subtle.verify = (...args) => { out.calls += 1; return verify(...args); };
const v = await createValidator({ trustList, trustListKey });
const bare = await createValidator();
for (const doc of Object.values(cases)) {
  out.trusted.push(await v.verify(doc, { asOf: '2026-11-25' }));
  out.bare.push(await bare.verify(doc, { asOf: '2026-11-25' }));
}
out.concurrent = (await Promise.all([cases.ec, cases.rsa, cases.ec].map((d) => v.verify(d, { asOf: '2026-11-25' })))).map((r) => r.verified);
const saved = globalThis.crypto;
Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
try { await v.verify(cases.ec); out.missing = null; } catch (e) { out.missing = e.code; }
out.refusedWithout = (await v.verify('<NotSigned/>')).stages.find((s) => s.status === 'failed').stage;
try { await createValidator({ trustList, trustListKey }); out.missingAtCreate = null; } catch (e) { out.missingAtCreate = e.code; }
out.withoutList = typeof (await createValidator()).validate;
Object.defineProperty(globalThis, 'crypto', { value: saved, configurable: true });
console.log(JSON.stringify(out));
`);
  const names = Object.keys(cases);
  names.forEach((name, i) => {
    assert.deepEqual(out.trusted[i], native.trusted[i], name);
    assert.deepEqual(out.bare[i], native.bare[i], name + ' without a trust list');
  });
  const trusted = Object.fromEntries(names.map((n, i) => [n, out.trusted[i]]));
  for (const name of ['ec', 'rsa', 'rsa-pss-sha256', 'rsa-pss-sha512', 'rsa-sha384', 'ecdsa-sha512']) assert.equal(trusted[name].verified, true, name);
  assert.equal(trusted.forged.verified, false);
  assert.equal(trusted.forged.stages.find((s) => s.stage === 'signature').status, 'failed');
  assert.equal(trusted.tampered.stages.find((s) => s.stage === 'digest').code, 'dsig.digest');
  assert.ok(out.calls >= 8, 'WebCrypto did the arithmetic');
  assert.deepEqual(out.concurrent, [true, true, true]);
  assert.equal(out.missing, 'webcrypto.unavailable');
  assert.equal(out.refusedWithout, 'profile', 'a document refused before any signature check needs no WebCrypto');
  assert.equal(out.missingAtCreate, 'webcrypto.unavailable');
  assert.equal(out.withoutList, 'function', 'a validator without a trust list needs no WebCrypto to be made');
});

test('every Node entry exports what index.d.ts declares', () => {
  // index.d.ts declares one surface for every entry: validate, rules, version, initSync and the default
  // init. In Node the instance exists at load, so initSync returns its exports and init resolves.
  const probe = (importLine) => `${importLine}
const out = {};
for (const name of ['validate', 'rules', 'version', 'createValidator', 'initSync', 'default']) out[name] = typeof m[name];
out.instance = m.initSync({ module: new Uint8Array() }).memory instanceof WebAssembly.Memory;
out.init = (await m.default()) === undefined;
console.log(JSON.stringify(out));
`;
  const expected = { validate: 'function', rules: 'function', version: 'function', createValidator: 'function', initSync: 'function', default: 'function', instance: true, init: true };
  assert.deepEqual(runIn('exports.mjs', probe("import * as m from 'eco-validator';")), expected);
  assert.deepEqual(runIn('exports.cjs', `(async () => { ${probe("const m = require('eco-validator');")} })();`), expected);
  assert.deepEqual(runIn('origin-exports.mjs', probe("import * as m from 'eco-validator/origin';")), expected);
  assert.deepEqual(runIn('origin-exports.cjs', `(async () => { ${probe("const m = require('eco-validator/origin');")} })();`), expected);
});

test('the data file beside each .wasm holds the repository code lists, profiles, PSR tables and the rules texts', () => {
  const installed = join(project, 'node_modules', 'eco-validator');
  const pack = readFileSync(join(installed, 'eco_validator_data.bin'));
  assert.deepEqual(readFileSync(join(installed, 'origin', 'eco_validator_data.bin')), pack);
  const magic = 'eco-validator-data/1\n';
  assert.equal(pack.subarray(0, magic.length).toString(), magic);
  const entries = [];
  for (let at = magic.length; at < pack.length;) {
    const end = pack.indexOf(10, at);
    const [name, length] = pack.subarray(at, end).toString().split(' ');
    entries.push([name, pack.subarray(end + 1, end + 1 + Number(length))]);
    at = end + 1 + Number(length);
  }
  assert.deepEqual(entries[0], ['eco-validator', Buffer.from(version)]);
  const inRepo = ['codelists', 'profiles', 'psr'].flatMap((dir) =>
    readdirSync(join(root, dir)).filter((f) => /\.(txt|bin|json)$/.test(f)).map((f) => `${dir}/${f}`));
  const files = entries.slice(1).filter(([n]) => n !== 'catalogue/rules.txt');
  assert.deepEqual(files.map(([n]) => n).sort(), inRepo.sort());
  for (const [name, body] of files) assert.deepEqual(body, readFileSync(join(root, name)), name);
  // The last entry: a line per rule of the native catalogue, its code, basis, message and
  // description.
  const native = JSON.parse(execFileSync(bin, ['rules', '--format', 'json'], { encoding: 'utf8' }));
  const [lastName, lastBody] = entries[entries.length - 1];
  assert.equal(lastName, 'catalogue/rules.txt');
  assert.equal(lastBody.toString(), native.rules.map((r) => `${r.code}\t${r.basis}\t${r.message}\t${r.description}\n`).join(''));
  // The profiles load in the native build's order, so both list agreements alike.
  const profiles = entries.filter(([n]) => n.startsWith('profiles/')).map(([n]) => n.slice(9, -5).toUpperCase());
  assert.deepEqual(profiles, ['ATIGA', 'RCEP', 'AKFTA', 'ACFTA', 'KCFTA']);
});

test('rules() equals the native catalogue, its texts read from the data file', () => {
  const r = runIn('rules.mjs', `
import { rules } from 'eco-validator';
import { rules as originRules } from 'eco-validator/origin';
console.log(JSON.stringify([rules(), originRules()]));
`);
  const native = JSON.parse(execFileSync(bin, ['rules', '--format', 'json'], { encoding: 'utf8' }));
  assert.deepEqual(r[0], native);
  assert.deepEqual(r[1], native);
  assert.ok(native.rules.every((rule) => rule.description.length > 10 && rule.message.length > 10 && rule.basis.length > 5));
});
