//! Helpers shared by the integration tests (included with `mod common;`).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use eco_validator::{Options, Report, Severity};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The validation clock every fixture is judged at: a few days after the certificates were issued.
pub fn options() -> Options {
    Options::new(jiff::civil::date(2026, 11, 25))
}

/// The clock a fixture is judged at: `options()`, except for the one fixture dated before the
/// bundled HS edition, which is judged a few days after its own issue (at the common clock it
/// would also have expired).
pub fn options_for(file: &str) -> Options {
    match file {
        "invalid/code.hs-edition.xml" => Options::new(jiff::civil::date(2021, 11, 25)),
        _ => options(),
    }
}

/// One valid certificate per bundled agreement besides the Form D fixtures: (file, agreement).
pub const AGREEMENT_FIXTURES: [(&str, &str); 4] = [
    ("valid-rcep.xml", "RCEP"),
    ("valid-akfta.xml", "AKFTA"),
    ("valid-acfta.xml", "ACFTA"),
    ("valid-kcfta.xml", "KCFTA"),
];

pub fn codes(report: &Report, severity: Severity) -> Vec<&'static str> {
    report
        .findings
        .iter()
        .filter(|f| f.severity == severity)
        .map(|f| f.code)
        .collect()
}

/// The invalid corpus: (code, file name).
pub fn invalid_corpus() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(fixtures().join("invalid"))
        .expect("invalid corpus")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter_map(|f| {
            let code = f.strip_suffix(".xml").or_else(|| f.strip_suffix(".json"))?;
            Some((code.to_string(), format!("invalid/{f}")))
        })
        .collect();
    out.sort();
    out
}

/// A small deterministic generator, so a failure reproduces from its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        let n = u64::try_from(n.max(1)).unwrap_or(u64::MAX);
        usize::try_from(self.next() % n).unwrap_or(0)
    }
}

/// One random change: bit flips, truncation, a duplicated or deleted element or line, inserted bytes.
pub fn mutate(input: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut v = input.to_vec();
    match rng.below(7) {
        0 => {
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
        }
        1 => v.truncate(rng.below(v.len())),
        2 | 3 => {
            // Duplicate or delete a whole line (an element in the pretty-printed fixtures).
            let lines: Vec<&[u8]> = input.split_inclusive(|b| *b == b'\n').collect();
            let i = rng.below(lines.len());
            let mut out = Vec::with_capacity(input.len() + 64);
            for (j, l) in lines.iter().enumerate() {
                if j != i || rng.below(2) == 0 {
                    out.extend_from_slice(l);
                }
                if j == i {
                    out.extend_from_slice(l);
                }
            }
            v = out;
        }
        4 => {
            // Duplicate or delete a span between two '<' (or '{'), i.e. a run of elements or members.
            let marks: Vec<usize> = (0..v.len())
                .filter(|&i| v[i] == b'<' || v[i] == b'{')
                .collect();
            if marks.len() > 2 {
                let a = marks[rng.below(marks.len())];
                let b = marks[rng.below(marks.len())];
                let (a, b) = (a.min(b), a.max(b));
                let span = v[a..b].to_vec();
                if rng.below(2) == 0 {
                    v.splice(a..a, span);
                } else {
                    v.drain(a..b);
                }
            }
        }
        5 => {
            let junk: &[&[u8]] = &[
                b"<",
                b">",
                b"&",
                b"&amp;",
                b"]]>",
                b"<!--",
                b"\"",
                b"{",
                b"}",
                b"[",
                b",",
                b"\\u0000",
                b"\xF0\x9F\x92",
                b"<!DOCTYPE x>",
                b"null",
                b"-1e999999",
            ];
            let i = rng.below(v.len());
            let j = junk[rng.below(junk.len())];
            v.splice(i..i, j.iter().copied());
        }
        _ => {
            let i = rng.below(v.len());
            let j = rng.below(v.len());
            if i < j {
                v[i..j].reverse();
            }
        }
    }
    v
}
