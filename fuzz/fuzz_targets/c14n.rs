//! Canonical XML 1.0 and Exclusive XML Canonicalization 1.0 of any bytes: a canonical form or an error with a `c14n.*` code, never a
//! panic; a canonical form is its own canonical form (SIGNATURES.md: `c14n(read(c14n(x))) ==
//! c14n(x)`), and the form without comments is that of the form with them.
#![no_main]

use eco_validator::{C14nMethod, Limits, canonicalize};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    for exclusive in [false, true] {
        let with = |comments| C14nMethod {
            exclusive,
            comments,
        };
        let mut forms = Vec::new();
        for comments in [false, true] {
            match canonicalize(data, with(comments), &limits) {
                Ok(text) => {
                    let again = canonicalize(text.as_bytes(), with(comments), &limits)
                        .expect("a canonical form canonicalises");
                    assert_eq!(again, text);
                    forms.push(text);
                }
                Err(e) => assert!(e.code.starts_with("c14n.") && !e.reason.is_empty()),
            }
        }
        if let [plain, with_comments] = forms.as_slice() {
            let stripped = canonicalize(with_comments.as_bytes(), with(false), &limits)
                .expect("a canonical form canonicalises");
            assert_eq!(&stripped, plain);
        } else {
            assert!(forms.is_empty(), "one method refused what the other took");
        }
    }
});
