"""xmlsec1 in process (Debian's python3-xmlsec over libxmlsec1 and OpenSSL), the peer of
benches/verify.rs on the same documents: the signed 10-item sample of demo/ (ECDSA P-256 and
RSA-2048), parsed by lxml and verified with the signing certificate's key (canonicalisation,
digest, signature; xmlsec1 is given the key, so no chain is built). Median of 15 batches.
Run with Debian's Python: /usr/bin/python3 benches/xmlsec1.py (apt-get install python3-xmlsec)."""
import json
import os
import statistics
import time

import xmlsec
from lxml import etree

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "demo")


def median_us(fn, batch):
    for _ in range(batch * 2):
        fn()
    times = []
    for _ in range(15):
        t = time.perf_counter()
        for _ in range(batch):
            fn()
        times.append((time.perf_counter() - t) / batch * 1e6)
    return round(statistics.median(times), 1)


out = {"xmlsec": xmlsec.__version__ if hasattr(xmlsec, "__version__") else "python3-xmlsec"}
for name, file, cert in [("ecdsa-p256", "valid-10.signed.xml", "sg-signing"), ("rsa-2048", "valid-10.signed-rsa.xml", "sg-signing-rsa")]:
    data = open(os.path.join(ROOT, file), "rb").read()
    key = xmlsec.Key.from_file(os.path.join(ROOT, "keys", cert + ".cert.pem"), xmlsec.KeyFormat.CERT_PEM)

    def verify():
        root = etree.fromstring(data)
        node = xmlsec.tree.find_node(root, xmlsec.constants.NodeSignature)
        ctx = xmlsec.SignatureContext()
        ctx.key = key
        ctx.verify(node)

    verify()
    out[name] = {"fullUs": median_us(verify, 200)}
print(json.dumps(out, indent=1))
