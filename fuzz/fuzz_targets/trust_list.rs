//! The trust-list reader on any text, with and without the demo operator's key pinned: a loaded
//! list or a load error with a `trust-list.*` code, never a panic; a list that loads is used for a
//! verification of the demo's signed sample without a panic either.
#![no_main]

use eco_validator::{PublicKey, Validator};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    thread_local! {
        static OPERATOR: PublicKey = PublicKey::from_pem(include_str!("../../demo/operator.pub.pem"))
            .expect("the demo operator key reads");
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    OPERATOR.with(|operator| {
        for key in [None, Some(operator)] {
            match Validator::builder().trust_list("fuzz", text, key, Some(1)) {
                Ok(builder) => {
                    let validator = builder.build().expect("builds");
                    let verdict = validator.verify(
                        include_bytes!("../../demo/valid-10.signed.xml"),
                        jiff::civil::date(2026, 11, 25),
                    );
                    assert_eq!(verdict.stages.len(), 8);
                }
                Err(e) => assert!(e.code.starts_with("trust-list."), "{e}"),
            }
        }
    });
});
