//! The npm package's data file: any bytes give data or a load error with a code, never a panic;
//! data that loaded builds a validator that validates the fixture.
#![no_main]

use eco_validator::{Data, Validator};
use libfuzzer_sys::fuzz_target;

const FIXTURE: &[u8] = include_bytes!("../../tests/fixtures/valid-10.xml");

fuzz_target!(|bytes: &[u8]| {
    match Data::from_pack(bytes, "fuzz.bin") {
        Ok(data) => {
            if let Ok(v) = Validator::builder_with(&data).build() {
                let _ = v.validate(FIXTURE, jiff::civil::date(2026, 11, 25));
            }
        }
        Err(e) => assert!(!e.code.is_empty() && !e.message.is_empty()),
    }
});
