"""Native throughput beside libxml2's XSD validation of the same documents, in one run.

Usage: python3 benches/compare.py
Runs the criterion benchmark (benches/validate.rs), then times libxml2 (through lxml, in-process, the
shipped XSD compiled once, parse + validate per document) on the same XML fixtures, and prints
medians and ratios. lxml is installed into target/bench-venv from PyPI on first use.
"""
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "target" / "bench-venv"
LXML = "lxml==6.1.3"


def ensure_lxml():
    py = VENV / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    if subprocess.run([str(py), "-c", "import lxml"], capture_output=True).returncode != 0:
        subprocess.run([str(py), "-m", "pip", "install", "-q", LXML], check=True)
    return py


LXML_TIMER = r"""
import json, statistics, sys, time
from lxml import etree
schema = etree.XMLSchema(etree.parse(sys.argv[1]))
parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
out = {}
for path in sys.argv[2:]:
    data = open(path, "rb").read()
    assert schema.validate(etree.fromstring(data, parser)), path
    size = len(data)
    iters = max(50, 2_000_000 // size)
    runs = []
    for _ in range(7):
        t = time.perf_counter()
        for _ in range(iters):
            schema.validate(etree.fromstring(data, parser))
        runs.append((time.perf_counter() - t) / iters * 1e9)
    out[path] = statistics.median(runs)
print(json.dumps(out))
"""


def main():
    py = ensure_lxml()
    subprocess.run(["cargo", "bench", "--bench", "validate", "--", "--noplot"], cwd=ROOT, check=True)
    ours = {}
    for n in (1, 10, 100):
        for ext in ("xml", "json"):
            est = ROOT / "target" / "criterion" / "validate" / f"{ext}-{n}" / "new" / "estimates.json"
            ours[(ext, n)] = json.loads(est.read_text())["median"]["point_estimate"]
    files = [str(ROOT / "tests" / "fixtures" / f"valid-{n}.xml") for n in (1, 10, 100)]
    res = subprocess.run([str(py), "-c", LXML_TIMER, str(ROOT / "schema" / "eco-certificate-of-origin-1.xsd"), *files],
                         check=True, capture_output=True, text=True)
    theirs = json.loads(res.stdout)
    print()
    print(f"{'items':>5}  {'eco-validator XML':>20}  {'eco-validator JSON':>20}  {'libxml2 XSD (lxml)':>20}  {'ratio (XML)':>11}")
    for n, f in zip((1, 10, 100), files):
        x, j, l = ours[("xml", n)], ours[("json", n)], theirs[f]
        fmt = lambda ns: f"{ns / 1000:8.1f} us {1e9 / ns:7.0f}/s"
        print(f"{n:>5}  {fmt(x):>20}  {fmt(j):>20}  {fmt(l):>20}  {l / x:10.2f}x")
    print("\nratio = libxml2 time / eco-validator time (above 1: eco-validator is faster); medians.")


main()
