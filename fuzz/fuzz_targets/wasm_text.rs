//! The text path the wasm skin takes, natively: a JavaScript string is UTF-16 code units (lone
//! surrogates included), which the engine's TextEncoder turns into UTF-8 with U+FFFD for what UTF-8
//! cannot hold; a string longer than the size limit is refused by its length with only its head
//! looked at. The input's bytes, two at a time, are the code units.
#![no_main]

use eco_validator::__private::validate_oversized;
use eco_validator::{Data, Options, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let units: Vec<u16> = data
        .chunks_exact(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]))
        .collect();
    let text = String::from_utf16_lossy(&units);
    let mut options = Options::new(jiff::civil::date(2026, 11, 25));
    // Some inputs are over a size limit their length picks, to reach the refusal by length.
    options.limits.max_bytes = if units.len() % 3 == 0 {
        units.len() / 2
    } else {
        5 << 20
    };
    let report = if units.len() > options.limits.max_bytes {
        let head = String::from_utf16_lossy(&units[..units.len().min(256)]);
        validate_oversized(units.len(), head.as_bytes(), &options, Data::bundled())
    } else {
        validate(text.as_bytes(), &options)
    };
    assert!(report.valid || !report.findings.is_empty());
});
