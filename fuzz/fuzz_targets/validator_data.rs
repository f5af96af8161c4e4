//! The data a validator is built from: any bytes as an agreement profile, a status list and a PSR
//! table give a validator or a load error with a code and a JSON Pointer, never a panic; a
//! validator built from what loaded validates the fixture. The rule language is reached through
//! the profile's general rule and the table's lines.
#![no_main]

use eco_validator::Validator;
use libfuzzer_sys::fuzz_target;

const FIXTURE: &[u8] = include_bytes!("../../tests/fixtures/valid-10.xml");

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let clock = jiff::civil::date(2026, 11, 25);
    match Validator::builder().profiles([("fuzz.json", text.as_ref())]) {
        Ok(builder) => {
            if let Ok(v) = builder.build() {
                let _ = v.validate(FIXTURE, clock);
            }
        }
        Err(e) => assert!(!e.code.is_empty() && !e.message.is_empty()),
    }
    for loaded in [
        Validator::builder().status_list("fuzz.json", &text),
        Validator::builder().psr_table("fuzz.json", &text),
    ] {
        match loaded {
            Ok(builder) => {
                if let Ok(v) = builder.build() {
                    let _ = v.validate(FIXTURE, clock);
                }
            }
            Err(e) => assert!(!e.code.is_empty() && !e.message.is_empty()),
        }
    }
});
