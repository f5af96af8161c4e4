"""Writes psr/atiga-hs2022.json, the bundled ATIGA PSR table: the lines of the PSR implementing
guidelines (transcribed below) and the subheadings of ATIGA Annex 3 Attachment 1 (textile
product-specific rules, HS 2022), read from the plain text of the attachment.

Run from the repository root with the path of the text:
  python3 psr/extract_textiles.py ../shared/domain/refs/atiga_annex3_attachment1_textile_psr_hs2022.txt > psr/atiga-hs2022.json

The attachment lists subheadings in three groups, each with one working or processing rule:
A. fibres and yarns (fibre-making or spinning), B. fabrics (forming fabric, or dyeing or printing
and finishing, or impregnation or coating), C. articles (cutting and assembly). Paragraph 4 makes
the rule apply "notwithstanding" the others, so a listed product may also meet the general rule:
each line is the general rule or the group's process. A code prefixed "ex" covers part of its
subheading only. Only the codes are taken from the text; the rules are the groups' rules in the
project's rule language.
"""
import json
import re
import sys

GROUPS = [
    ("A.        Fibres and yarns", "RVC(40) or CTH or TP(fibre-making | spinning)", "fibres and yarns"),
    ("B.", "RVC(40) or CTH or TP(fabric-forming | dyeing | printing | coating)", "fabrics"),
    ("C.", "RVC(40) or CTH or TP(cutting-and-assembly)", "articles"),
]

# The implementing guidelines' break-down of three subheadings by 8-digit AHTN line.
GUIDELINES = [
    {"hs": "0307.22", "ex": True, "codes": ["0307.22.00"], "rule": "RVC(40) or CTH",
     "note": "scallops of the genera Pecten, Chlamys or Placopecten"},
    {"hs": "0307.22", "ex": True, "codes": ["0307.22.00"], "rule": "RVC(40) or CTSH",
     "note": "other molluscs of the family Pectinidae"},
    {"hs": "0307.29", "ex": True, "codes": ["0307.29.30", "0307.29.40"], "rule": "RVC(40) or CTH",
     "note": "scallops of the genera Pecten, Chlamys or Placopecten"},
    {"hs": "0307.29", "ex": True, "codes": ["0307.29.30", "0307.29.40"], "rule": "RVC(40) or CTSH",
     "note": "other molluscs of the family Pectinidae"},
    {"hs": "2404.19", "ex": True, "codes": ["2404.19.10"], "rule": "RVC(40) or CTH except 2403",
     "note": "manufactured tobacco substitutes"},
    {"hs": "2404.19", "ex": True, "codes": ["2404.19.20"], "rule": "RVC(40) or CTH except 3824",
     "note": "any other goods"},
]

LINE = re.compile(r"^\s*\d+\s+(?:\d\d\.\d\d\s+)?(ex\.?\s*)?(\d{4}\.\d\d)\b")


def grouped(lines):
    """One line per rule, note and "ex" flag, listing its codes: the same rule for hundreds of
    subheadings is written once (the table ships inside the wasm package)."""
    out = {}
    for entry in lines:
        key = (entry["rule"], entry["note"], entry.get("ex", False))
        out.setdefault(key, []).append(entry["hs"].replace(".", ""))
    return [dict({"hs": codes, "rule": rule, "note": note}, **({"ex": True} if ex else {}))
            for (rule, note, ex), codes in out.items()]


def main(path):
    text = open(path, encoding="utf-8").read().splitlines()
    # Where each group starts: the line that opens it, then its rule paragraph.
    starts = []
    for i, line in enumerate(text):
        if re.match(r"^[ABC]\.\s", line.strip() + " ") and "Working or Processing" in " ".join(text[i:i + 4]):
            starts.append(i)
    assert len(starts) == 3, starts
    lines = []
    seen = set()
    for g, (_, rule, name) in enumerate(GROUPS):
        end = starts[g + 1] if g + 1 < len(starts) else len(text)
        for line in text[starts[g]:end]:
            m = LINE.match(line)
            if not m:
                continue
            hs, ex = m.group(2), bool(m.group(1))
            key = (hs, ex)
            if key in seen:
                continue
            seen.add(key)
            entry = {"hs": hs, "rule": rule, "note": f"textile list, {name}"}
            if ex:
                entry = {"hs": hs, "ex": True, "rule": rule, "note": f"textile list, {name} (part of the subheading)"}
            lines.append(entry)
    table = {
        "format": "eco-validator/psr-table/1",
        "agreement": "ATIGA",
        "hsEdition": "HS2022",
        "version": "2026.12.1",
        "source": "Implementing Guidelines for the Product-Specific Rules of ATIGA (HS 2022 examples); "
                  "ATIGA Annex 3 Attachment 1, substantial transformation criterion for textiles and textile "
                  "products (HS 2022), paragraphs 4 and 5 and lists A (fibres and yarns), B (fabrics), C (articles)",
        "complete": False,
        "lines": GUIDELINES + grouped(lines),
    }
    # One line of the file per line of the table, so a diff shows what changed.
    head = {k: v for k, v in table.items() if k != "lines"}
    out = json.dumps(head, indent=1, ensure_ascii=False)[:-2] + ',\n "lines": [\n'
    out += ",\n".join("  " + json.dumps(line, ensure_ascii=False) for line in table["lines"])
    print(out + "\n ]\n}")
    print(f"{len(GUIDELINES) + len(lines)} lines", file=sys.stderr)


main(sys.argv[1])
