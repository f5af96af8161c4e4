"""Regenerates the embedded code lists from the reference CSV files.

Usage: python3 codelists/generate.py PATH/TO/codelists   (the folder holding hs2022.csv etc.)
Each text output is one code per line, sorted, fixed width per file, and the HS list is fixed-size
binary records, so the crate can binary-search the embedded data without building anything at start-up.
"""
import csv
import sys
from pathlib import Path

src = Path(sys.argv[1])
out = Path(__file__).resolve().parent


def write(name, codes, width):
    codes = sorted(set(c.ljust(width) for c in codes))
    assert all(len(c) == width for c in codes), name
    (out / name).write_text("".join(c + "\n" for c in codes))
    print(name, len(codes))


def write_hs(name, codes):
    """HS subheadings as fixed 15-byte records, sorted by heading: the 4-digit heading as a big-endian
    u16, then a 100-bit little-endian bitmap of its 2-digit subheading suffixes (13 bytes). A third of
    the text list's size, and still binary-searchable in place."""
    headings = {}
    for c in sorted(set(codes)):
        headings.setdefault(int(c[:4]), 0)
        headings[int(c[:4])] |= 1 << int(c[4:])
    data = b"".join(h.to_bytes(2, "big") + bits.to_bytes(13, "little") for h, bits in sorted(headings.items()))
    (out / name).write_bytes(data)
    print(name, len(codes), "subheadings in", len(headings), "headings")


with open(src / "hs2022.csv", newline="") as f:
    write_hs("hs2022.bin", [r["hscode"] for r in csv.DictReader(f)
                            if r["level"] == "6" and r["hscode"] != "999999" and r["hscode"].isdigit()])

with open(src / "iso3166.csv", newline="", encoding="utf-8") as f:
    write("iso3166.txt", [r["ISO3166-1-Alpha-2"] for r in csv.DictReader(f)
                          if len(r["ISO3166-1-Alpha-2"]) == 2], 2)

with open(src / "iso4217.csv", newline="", encoding="utf-8") as f:
    write("iso4217.txt", [r["AlphabeticCode"] for r in csv.DictReader(f)
                          if len(r["AlphabeticCode"]) == 3 and not r["WithdrawalDate"]], 3)

with open(src / "unece_rec20_units.csv", newline="", encoding="utf-8") as f:
    write("rec20.txt", [r["Common Code"] for r in csv.DictReader(f)
                        if r["Status"] in ("", "D") and 2 <= len(r["Common Code"]) <= 3], 3)

with open(src / "unece_rec21_package_types.csv", newline="", encoding="utf-8") as f:
    write("rec21.txt", [r["Code"] for r in csv.DictReader(f)
                        if r["Status"] != "X" and len(r["Code"]) == 2], 2)

with open(src / "unece_rec19_transport_modes.csv", newline="", encoding="utf-8") as f:
    write("rec19.txt", [r["code"] for r in csv.DictReader(f) if len(r["code"]) == 1], 1)
