// The TypeScript declarations, generated from the Rust types, used as a portal developer would:
// `tsc --noEmit` (strict) on a usage file compiled against the installed tarball. The file also holds
// @ts-expect-error lines, so declarations that accept anything would fail the check too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures, installPackage, root } from './scratch.mjs';

const usage = `
import init, { validate, rules, version, createValidator, type Report, type Finding, type Certificate, type ValidateOptions, type ValidatorConfig, type BuiltValidator } from 'eco-validator';

export async function check(xml: string): Promise<string[]> {
  await init();
  const options: ValidateOptions = { asOf: '2026-11-25', limits: { maxItems: 50 } };
  const report: Report = validate(xml, options);
  const lines = report.findings.map((f: Finding) => {
    const severity: 'error' | 'warning' | 'info' = f.severity;
    const where = f.item === null ? (f.box ?? 'document') : \`item \${f.item}\`;
    return \`\${f.code} \${severity} \${where} \${f.path} \${f.line ?? ''} \${f.message} [\${f.basis}] \${f.params['value'] ?? ''}\`;
  });
  const asOf: string = report.versions.asOf;
  return [...lines, asOf, version(), rules().rules[0].code];
}

export function fromObject(c: Certificate): boolean {
  const amount: string | undefined = c.supplyChainConsignment.includedConsignmentItems[0].fobAmount?.value;
  return validate(c).valid && amount !== '';
}

export function bytes(b: Uint8Array): number {
  return validate(b).findings.length;
}

export async function fetched(response: Response): Promise<boolean> {
  return validate(await response.arrayBuffer()).valid;
}

export function built(profile: string, xml: string): string[] {
  const config: ValidatorConfig = { profiles: [profile, JSON.parse(profile)], limits: { maxFindings: 20 }, bundledProfiles: true };
  const v: BuiltValidator = createValidator(config);
  const r: Report = v.validate(xml, { asOf: '2026-11-25' });
  v.free();
  return [...v.agreements(), r.versions.profile ?? 'none'];
}

// @ts-expect-error: a built validator takes its limits once, not per call
createValidator().validate('<x/>', { limits: { maxItems: 2 } });
// @ts-expect-error: the config has no clock
createValidator({ asOf: '2026-11-25' });
// @ts-expect-error: asOf is a date string, not a Date
validate('<x/>', { asOf: new Date() });
// @ts-expect-error: a number is not an input
validate(42);
// @ts-expect-error: severities are a closed set
const s: Finding['severity'] = 'fatal';
// @ts-expect-error: the report has no such field
validate('<x/>').ok;
`;

// Values from real reports, written into the file as literals of the declared types: a type that
// says `undefined` where the module gives `null` (or a code the catalogue lacks) fails to compile.
async function realValues(project) {
  const { validate, rules } = await import(join(project, 'node_modules', 'eco-validator', 'node.js'));
  const opts = { asOf: '2026-11-25' };
  const reports = ['valid-10.xml', 'invalid/code.currency.xml', 'invalid/format.json-type.json', 'invalid/struct.unknown.xml'].map((name) =>
    validate(readFileSync(join(fixtures, name)), opts));
  reports.push(validate('not a certificate', opts), validate('<x/>', { ...opts, limits: { maxBytes: 1 } }));
  const nulls = reports.flatMap((r) => r.findings).filter((f) => f.item === null && f.line === null);
  assert.ok(nulls.length > 0, 'a finding without item and position is among the values');
  return `
const realReports: Report[] = ${JSON.stringify(reports)};
const realCatalogue: Catalogue = ${JSON.stringify(rules())};
export function strictNulls(): number {
  let n = realReports.length + realCatalogue.rules.length;
  for (const f of realReports.flatMap((r) => r.findings)) {
    if (f.item !== null) n += f.item.toFixed().length;
    if (f.box !== null) n += f.box.length;
    if (f.line !== null && f.column !== null) n += f.line + f.column;
  }
  const r = realReports[0];
  return n + (r.syntax === null ? 0 : r.syntax.length) + (r.agreement ?? '').length + (r.reference ?? '').length;
}
// @ts-expect-error: codes are the catalogue's, a typo does not compile
const typo: Finding['code'] = 'box8.sintax';
const known: Finding['code'] = 'box8.syntax';
`;
}

// The origin build's declarations: an exporter's tool, with real assessments and a comparison as
// literals of the declared types (so `null` in a value and `undefined` in a type cannot disagree).
async function originUsage(project) {
  const { createValidator } = await import(join(project, 'node_modules', 'eco-validator', 'origin', 'node.js'));
  const { examples } = JSON.parse(readFileSync(join(fixtures, 'worksheets', 'worked-examples.json'), 'utf8'));
  const v = createValidator();
  const assessments = examples.filter((e) => !e.psr).map((e) => v.assessOrigin(e.worksheet, { asOf: '2026-12-01' }));
  const compared = v.compareOrigin(examples[0].worksheet);
  assert.ok(compared.some((r) => r.assessment === null) && assessments.some((a) => a.box8 === null));
  return `
import { createValidator, type Assessment, type ComparedOrigin, type BuiltValidator } from 'eco-validator/origin';
import { createValidator as lean } from 'eco-validator';

const realAssessments: Assessment[] = ${JSON.stringify(assessments)};
const realComparison: ComparedOrigin[] = ${JSON.stringify(compared)};

export function box8(worksheet: string): string {
  const v: BuiltValidator = createValidator({ psr: [] });
  const a: Assessment = v.assessOrigin(worksheet, { asOf: '2026-12-01' });
  const steps = a.trail.map((s) => s.text + ' [' + s.basis + ']').join('; ');
  const rvc: string | null = a.rvc.indirect;
  const limit: string | null = a.breakPoints[0]?.deMinimisLimit ?? null;
  const rows = v.compareOrigin(JSON.parse(worksheet)).map((r) => r.agreement + (r.assessment?.box8 ?? r.error?.code ?? ''));
  return [a.box8 ?? 'none', rvc ?? '', limit ?? '', steps, ...rows, String(realAssessments.length + realComparison.length)].join();
}

// @ts-expect-error: the lean root module's validator has no assessment
lean().assessOrigin('{}');
// @ts-expect-error: the clock is a date string
createValidator().assessOrigin('{}', { asOf: new Date() });
`;
}

// The verify build's declarations: a customs page, with real verdicts (verified, tampered, no
// trust list) as literals of the declared types.
async function verifyUsage(project) {
  const { createValidator } = await import(join(project, 'node_modules', 'eco-validator', 'verify', 'node.js'));
  const demo = (f) => readFileSync(join(root, 'demo', f), 'utf8');
  const v = await createValidator({ trustList: demo('trust-list.signed.json'), trustListKey: demo('operator.pub.pem') });
  const signed = demo('valid-10.signed.xml');
  const verdicts = [await v.verify(signed, { asOf: '2026-11-25' }), await v.verify(signed.replace('SG26D', 'SG27D'), { asOf: '2026-11-25' }), await (await createValidator()).verify(signed)];
  assert.ok(verdicts.some((r) => r.report === null) && verdicts.some((r) => r.trustList === null));
  return `
import { createValidator, type Verification, type StageResult, type BuiltValidator, type ValidatorConfig } from 'eco-validator/verify';
import { createValidator as lean } from 'eco-validator';

const realVerdicts: Verification[] = ${JSON.stringify(verdicts)};

export async function gate(trustList: string, trustListKey: string, xml: Uint8Array): Promise<string[]> {
  const config: ValidatorConfig = { trustList, trustListKey, trustListLastSeen: 3 };
  const v: BuiltValidator = await createValidator(config);
  const r: Verification = await v.verify(xml, { asOf: '2026-11-25' });
  const failed: StageResult[] = r.stages.filter((s) => s.status !== 'passed');
  const stage: 'parse' | 'profile' | 'digest' | 'signature' | 'chain' | 'trust' | 'time' | 'revocation' = r.stages[0].stage;
  const version: number | null = r.trustList?.version ?? null;
  return [String(r.verified), stage, r.signedDigest ?? '', r.notice ?? '', String(version), String(r.report?.valid), ...failed.map((s) => s.code + ': ' + s.reason), String(realVerdicts.length)];
}

// @ts-expect-error: the validate-only root's validator has no verify
lean().verify('<x/>');
// @ts-expect-error: a stage's status is a closed set
const st: StageResult['status'] = 'forged';
// @ts-expect-error: the trust list is given once, in the config
void createValidator().then((v) => v.verify('<x/>', { trustList: '{}' }));
// @ts-expect-error: the verify build's validator is made asynchronously (WebCrypto checks the list)
createValidator().validate('<x/>');
`;
}

test('the generated declarations type-check a realistic usage file', async () => {
  const project = installPackage('eco-types-');
  const values = await realValues(project);
  writeFileSync(join(project, 'usage.ts'), usage.replace("type BuiltValidator } from 'eco-validator';", "type BuiltValidator, type Catalogue } from 'eco-validator';") + values);
  writeFileSync(join(project, 'origin.ts'), await originUsage(project));
  writeFileSync(join(project, 'verify.ts'), await verifyUsage(project));
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', skipLibCheck: false, types: [] },
    files: ['usage.ts', 'origin.ts', 'verify.ts'],
  }));
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  let output = '';
  try {
    output = execFileSync(tsc, ['-p', project], { encoding: 'utf8' });
  } catch (e) {
    assert.fail(`tsc found errors:\n${e.stdout}${e.stderr}`);
  }
  assert.equal(output.trim(), '');
});
