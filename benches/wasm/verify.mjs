// Verifying the signed 10-item sample (demo/, ECDSA P-256 and RSA-2048) in wasm, stage by stage
// with the package's public API (as benches/verify.rs does natively): a tampered copy stops after
// the digest, the untouched one without a trust list adds the signature value, and with the demo
// trust list every stage; beside xml-crypto (Node), the peer a Node developer would pick, on the
// same documents with the same keys (its checkSignature: canonicalisation, digest, signature; no
// chain, no trust list); and the whole verification again with Node's WebCrypto doing the signature
// arithmetic (verifyAsync). Median of 15 batches after a warm-up.
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

const trusted = createValidator({ trustList: demo('trust-list.signed.json'), trustListKey: demo('operator.pub.pem') });
const bare = createValidator();
const options = { asOf: '2026-11-25' };
const median = (fn, batch) => {
  for (let i = 0; i < batch * 2; i++) fn();
  const times = [];
  for (let r = 0; r < 15; r++) {
    const t = performance.now();
    for (let i = 0; i < batch; i++) fn();
    times.push(((performance.now() - t) / batch) * 1000);
  }
  return +times.sort((a, b) => a - b)[7].toFixed(1);
};
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
const out = { node: process.version };
for (const [name, file, cert] of [['ecdsa-p256', 'valid-10.signed.xml', 'sg-signing'], ['rsa-2048', 'valid-10.signed-rsa.xml', 'sg-signing-rsa']]) {
  const signed = new TextEncoder().encode(demo(file));
  const tampered = new TextEncoder().encode(demo(file).replace('SG26D', 'SG27D'));
  if (!trusted.verify(signed, options).verified) throw new Error(`${name} does not verify`);
  const digest = median(() => bare.verify(tampered, options), 50);
  const signature = median(() => bare.verify(signed, options), 20);
  const full = median(() => trusted.verify(signed, options), 20);
  // The same with Node's WebCrypto doing the signature arithmetic (verifyAsync), one at a time.
  if (!(await trusted.verifyAsync(signed, options)).verified) throw new Error(`${name} does not verify through WebCrypto`);
  const fullAsync = await medianAsync(() => trusted.verifyAsync(signed, options), 20);
  // xml-crypto: the same document and key, its own parse (xmldom) included, as a caller does it.
  const xml = demo(file);
  const publicCert = demo(`keys/${cert}.cert.pem`);
  const peer = () => {
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    const signature = doc.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature')[0];
    const sig = new SignedXml({ publicCert });
    sig.loadSignature(signature);
    if (!sig.checkSignature(xml)) throw new Error('xml-crypto refused the document');
  };
  let xmlCrypto;
  try {
    peer();
    xmlCrypto = median(peer, 20);
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
    const rsa = median(() => nodeVerify('sha256', data, createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })), sig), 100);
    xmlCryptoC14nDigest = +(xmlCrypto - rsa).toFixed(1);
  }
  out[name] = { c14nDigestUs: digest, signatureUs: +(signature - digest).toFixed(1), chainTrustReportUs: +(full - signature).toFixed(1), fullUs: full, fullWebCryptoUs: fullAsync, xmlCryptoUs: xmlCrypto, xmlCryptoC14nDigestUs: xmlCryptoC14nDigest };
}
console.log(JSON.stringify(out, null, 1));
