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
        (self.next() % n.max(1) as u64) as usize
    }
}
