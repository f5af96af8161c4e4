// Verifying the signed 10-item sample (demo/, ECDSA P-256 and RSA-2048) in wasm, stage by stage
// with the package's public API (as benches/verify.rs does natively): a tampered copy stops after
// the digest, the untouched one without a trust list adds the signature value, and with the demo
// trust list every stage; beside xml-crypto (Node), the peer a Node developer would pick, on the
// same documents with the same keys (its checkSignature: canonicalisation, digest, signature; no
// chain, no trust list). The verify build's signature arithmetic is Node's WebCrypto, so every call
// is awaited, one at a time (xml-crypto's too, for the same loop). Median of 15 batches after a
// warm-up.
// Usage: node .ci/build-pkg.mjs && node benches/wasm/verify.mjs [PKG_DIR]
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPublicKey, createSign, generateKeyPairSync, verify as nodeVerify } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { DOMParser } from '@xmldom/xmldom';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = process.argv[2] ?? join(root, 'target', 'pkg');
const { createValidator } = await import(join(pkg, 'verify', 'node.js'));
const demo = (f) => readFileSync(join(root, 'demo', f), 'utf8');

const loadStart = performance.now();
const trusted = await createValidator({ trustList: demo('trust-list.signed.json'), trustListKey: demo('operator.pub.pem') });
const loadUs = +((performance.now() - loadStart) * 1000).toFixed(0);
const bare = await createValidator();
const options = { asOf: '2026-11-25' };
const medianAsync = async (fn, batch) => {
  for (let i = 0; i < batch * 2; i++) await fn();
  const times = [];
  for (let r = 0; r < 15; r++) {
    const t = performance.now();
    for (let i = 0; i < batch; i++) await fn();
    times.push(((performance.now() - t) / batch) * 1000);
  }
  return +times.sort((a, b) => a - b)[7].toFixed(1);
};
const out = { node: process.version, trustListLoadUs: loadUs };
for (const [name, file, cert] of [['ecdsa-p256', 'valid-10.signed.xml', 'sg-signing'], ['rsa-2048', 'valid-10.signed-rsa.xml', 'sg-signing-rsa']]) {
  const signed = new TextEncoder().encode(demo(file));
  const tampered = new TextEncoder().encode(demo(file).replace('SG26D', 'SG27D'));
  if (!(await trusted.verify(signed, options)).verified) throw new Error(`${name} does not verify`);
  const digest = await medianAsync(() => bare.verify(tampered, options), 50);
  const signature = await medianAsync(() => bare.verify(signed, options), 20);
  const full = await medianAsync(() => trusted.verify(signed, options), 20);
  // xml-crypto: the same document and key, its own parse (xmldom) included, as a caller does it.
  const xml = demo(file);
  const publicCert = demo(`keys/${cert}.cert.pem`);
  const peer = async () => {
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    const signature = doc.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature')[0];
    const sig = new SignedXml({ publicCert });
    sig.loadSignature(signature);
    if (!sig.checkSignature(xml)) throw new Error('xml-crypto refused the document');
  };
  let xmlCrypto;
  try {
    await peer();
    xmlCrypto = await medianAsync(peer, 20);
  } catch (e) {
    xmlCrypto = `not comparable: ${e.message}`;
  }
  // xml-crypto's own stages cannot be called apart; its signature check is Node's OpenSSL, so
  // its parse + canonicalisation + digest is its whole time less one RSA verification by Node.
  let xmlCryptoC14nDigest = null;
  if (typeof xmlCrypto === 'number') {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const data = Buffer.from('x'.repeat(700));
    const sig = createSign('sha256').update(data).sign(privateKey);
    const rsa = await medianAsync(async () => nodeVerify('sha256', data, createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })), sig), 100);
    xmlCryptoC14nDigest = +(xmlCrypto - rsa).toFixed(1);
  }
  out[name] = { c14nDigestUs: digest, signatureUs: +(signature - digest).toFixed(1), chainTrustReportUs: +(full - signature).toFixed(1), fullUs: full, xmlCryptoUs: xmlCrypto, xmlCryptoC14nDigestUs: xmlCryptoC14nDigest };
}
console.log(JSON.stringify(out, null, 1));
