// Cross-check of the shipped JSON Schema with an independent validator (ajv, draft 2020-12): on the
// JSON fixtures and on edge cases of the JSON binding, ajv and eco-validator must agree on structural
// validity. eco-validator's verdict comes from the real CLI (ECO_VALIDATOR_BIN, default the debug build).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = process.env.ECO_VALIDATOR_BIN ?? join(root, 'target', 'debug', 'eco-validator');
const schema = JSON.parse(readFileSync(join(root, 'schema', 'eco-certificate-of-origin-1.schema.json'), 'utf8'));
const fixture = (name) => readFileSync(join(root, 'tests', 'fixtures', name), 'utf8');

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const ajvValidate = ajv.compile(schema);

const catalogue = JSON.parse(execFileSync(bin, ['rules', '--format', 'json'], { encoding: 'utf8' }));
const structural = new Set(
  catalogue.rules.filter((r) => ['parse', 'structure', 'format'].includes(r.stage)).map((r) => r.code),
);

/** Runs the CLI once over all documents; returns, per document, its structural finding codes. */
function ourVerdicts(texts) {
  const dir = mkdtempSync(join(tmpdir(), 'eco-json-'));
  try {
    const files = texts.map((t, i) => {
      const f = join(dir, `case-${i}.json`);
      writeFileSync(f, t);
      return f;
    });
    let out;
    try {
      out = execFileSync(bin, ['validate', '--format', 'json', '--as-of', '2026-11-25', ...files], { encoding: 'utf8' });
    } catch (e) {
      assert.equal(e.status, 1, `the CLI failed: ${e.stderr}`);
      out = e.stdout;
    }
    return JSON.parse(out).map((r) => r.findings.filter((f) => structural.has(f.code)).map((f) => f.code));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const base = () => JSON.parse(fixture('valid-10.json'));
const item = (c, n) => c.supplyChainConsignment.includedConsignmentItems[n];
const edits = [
  ['valid as written', () => {}],
  ['item without description', (c) => delete item(c, 2).description],
  ['reference number as a number', (c) => (c.exchangedDocument.id = 5)],
  ['item number as a string', (c) => (item(c, 2).sequenceNumeric = '3')],
  ['bare string weight', (c) => (item(c, 0).grossWeight = '812.50')],
  ['FOB as a JSON number', (c) => (item(c, 0).fobAmount.value = 58400.5)],
  ['negative FOB string', (c) => (item(c, 0).fobAmount.value = '-1')],
  ['negative FOB number', (c) => (item(c, 0).fobAmount.value = -1)],
  ['invoices as an object', (c) => (item(c, 1).invoices = item(c, 1).invoices[0])],
  ['consignor as an array', (c) => (c.supplyChainConsignment.consignor = [c.supplyChainConsignment.consignor])],
  ['country code with a space', (c) => (c.exchangedDocument.issueCountryId = ' SG')],
  ['blank description', (c) => (item(c, 3).description = '   ')],
  ['unknown member', (c) => (c.exchangedDocument.colour = 'red')],
  ['tick as a string', (c) => (c.indicators.deMinimis = 'false')],
  ['official use given', (c) => (c.officialUse = { treatmentCode: 'GIVEN' })],
  ['no indicators', (c) => delete c.indicators],
  ['null optional member', (c) => (c.exchangedDocument.remarks = null)],
  ['null required member', (c) => (c.exchangedDocument.id = null)],
  ['impossible date', (c) => (c.exchangedDocument.issueDate = '2026-02-30')],
  ['dotted HS code', (c) => (item(c, 1).harmonisedTariffCode = '8471.30.20')],
  ['quantity without weight', (c) => delete item(c, 0).grossWeight],
  ['neither weight nor quantity', (c) => delete item(c, 4).grossWeight],
  ['zero packages', (c) => (item(c, 0).packageQuantity = 0)],
  ['$schema member', (c) => (c.$schema = 'schema/eco-certificate-of-origin-1.schema.json')],
  ['no items', (c) => (c.supplyChainConsignment.includedConsignmentItems = [])],
  ['criterion of another form', (c) => (item(c, 4).originCriteriaText = 'PE')],
  ['extra member in a measure', (c) => (item(c, 0).grossWeight.extra = 1)],
  ['unknown status', (c) => (c.exchangedDocument.statusCode = 'VALID')],
  ['lower-case currency', (c) => (item(c, 0).fobAmount.currencyId = 'usd')],
  ['refused items', (c) => (c.officialUse = { treatmentCode: 'NOT_GIVEN', reasons: ['item 3'], refusedItemNumbers: [3] })],
];

test('ajv and eco-validator agree on the JSON fixtures', () => {
  const names = ['valid-1.json', 'valid-10.json', 'valid-100.json', 'valid-full.json', 'invalid/format.json-type.json'];
  const texts = names.map(fixture);
  const ours = ourVerdicts(texts);
  texts.forEach((t, i) => {
    assert.equal(ours[i].length === 0, ajvValidate(JSON.parse(t)), `${names[i]}: ${ours[i]}`);
  });
});

test('ajv and eco-validator agree on edge cases of the JSON binding', () => {
  const docs = edits.map(([, edit]) => {
    const c = base();
    edit(c);
    return c;
  });
  const ours = ourVerdicts(docs.map((d) => JSON.stringify(d, null, 2)));
  let accepted = 0;
  const disagreements = [];
  docs.forEach((d, i) => {
    const theirs = ajvValidate(d);
    accepted += theirs ? 1 : 0;
    if ((ours[i].length === 0) !== theirs) {
      disagreements.push(`${edits[i][0]}: eco-validator ${JSON.stringify(ours[i])}, ajv ${theirs} ${JSON.stringify(ajvValidate.errors)}`);
    }
  });
  assert.deepEqual(disagreements, []);
  assert.ok(accepted >= 8 && docs.length - accepted >= 8, `${accepted} of ${docs.length} accepted`);
});

// The worksheet's schema against the CLI's reader: the fixture worksheet passes both; each edit
// that the reader refuses (exit 2, a worksheet.value error) ajv refuses too, and the other way.
test('ajv and the origin command agree on worksheets', () => {
  const worksheetSchema = JSON.parse(readFileSync(join(root, 'schema', 'eco-worksheet-1.schema.json'), 'utf8'));
  const check = ajv.compile(worksheetSchema);
  const base = JSON.parse(fixture('worksheets/tobacco-substitute.json'));
  const edits = [
    ['as it is', (w) => w],
    ['a number amount', (w) => { w.fob = 1000; }],
    ['a comma in an amount', (w) => { w.materials[0].value = '1,000.00'; }],
    ['an unknown origin word', (w) => { w.materials[0].origin = 'local'; }],
    ['a member that is no member', (w) => { w.colour = 'red'; }],
    ['a 4-digit HS code', (w) => { w.product.hs = '2404'; }],
    ['no materials', (w) => { delete w.materials; }],
    ['a process the language lacks', (w) => { w.processes = ['sewing']; }],
    ['the direct formula', (w) => { w.rvcMethod = 'direct'; }],
    ['a lower-case currency', (w) => { w.currency = 'usd'; }],
  ];
  const dir = mkdtempSync(join(tmpdir(), 'eco-ws-'));
  try {
    for (const [name, edit] of edits) {
      const w = structuredClone(base);
      edit(w);
      const file = join(dir, 'w.json');
      writeFileSync(file, JSON.stringify(w));
      let code = 0;
      try {
        execFileSync(bin, ['origin', '--format', 'json', file], { encoding: 'utf8', stdio: 'pipe' });
      } catch (e) {
        code = e.status;
      }
      const readable = code !== 2;
      assert.equal(check(w), readable, `${name}: schema ${JSON.stringify(check.errors)}, CLI exit ${code}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
