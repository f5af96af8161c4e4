#!/usr/bin/env bash
# Regenerates the demo trust material: a demo PKI for Singapore (root → intermediate → signing
# certificates, ECDSA P-256 and RSA-2048) and Thailand (root → signing certificate, RSA-2048), a demo list
# operator (RSA-2048), the trust list naming them (flagged "demo": true), signed by the operator,
# and the bundled sample signed by Singapore's demo key. Every key here is public: nothing signed
# with them is authoritative. Needs openssl and a built CLI (cargo build --release).
set -euo pipefail
cd "$(dirname "$0")"
cli=../target/release/eco-validator
pki() { PKI_LABEL=DEMO bash ../tests/pki.sh "$PWD/keys" "$@"; }
rm -rf keys && mkdir keys
pki operator rsa self 20250101000000Z 20451231235959Z ca 01
pki sg-root ec self 20250101000000Z 20451231235959Z ca 1000
pki sg-intermediate ec sg-root 20250101000000Z 20401231235959Z ca 1001
pki sg-signing ec sg-intermediate 20250101000000Z 20351231235959Z sign 1002
pki sg-signing-rsa rsa sg-intermediate 20250101000000Z 20351231235959Z sign 1003
pki th-root rsa self 20250101000000Z 20451231235959Z ca 2000
pki th-signing rsa th-root 20250101000000Z 20351231235959Z sign 2001
rm -rf keys/ca
openssl pkey -in keys/operator.key.pem -pubout -out operator.pub.pem
python3 - <<'PY'
import json
pem = lambda name: open(f"keys/{name}.cert.pem").read()
list_ = {
    "format": "eco-validator/trust-list/1",
    "version": 1,
    "issued": "2026-12-01",
    "nextUpdate": "2036-12-31",
    "demo": True,
    "operator": "eco-validator demo list operator (DEMO — NOT AUTHORITATIVE)",
    "authorities": [
        {"state": "SG", "name": "Singapore Customs (DEMO)",
         "anchors": [pem("sg-root")], "intermediates": [pem("sg-intermediate")], "revoked": []},
        {"state": "TH", "name": "Thai Customs Department (DEMO)",
         "anchors": [pem("th-root")], "revoked": []},
    ],
}
open("trust-list.json", "w").write(json.dumps(list_, indent=2, ensure_ascii=False) + "\n")
PY
"$cli" trust sign --key keys/operator.key.pem trust-list.json > trust-list.signed.json
"$cli" sign --key keys/sg-signing.key.pem --cert keys/sg-signing.cert.pem \
  ../tests/fixtures/valid-10.xml > valid-10.signed.xml
"$cli" sign --key keys/sg-signing-rsa.key.pem --cert keys/sg-signing-rsa.cert.pem \
  ../tests/fixtures/valid-10.xml > valid-10.signed-rsa.xml
"$cli" verify --trust trust-list.signed.json --trust-key operator.pub.pem --as-of 2026-11-25 \
  valid-10.signed.xml valid-10.signed-rsa.xml
