//! Canonical XML 1.0 and Exclusive XML Canonicalization 1.0 of any bytes: a canonical form or an error with a `c14n.*` code, never a
//! panic; a canonical form is its own canonical form (SIGNATURES.md: `c14n(read(c14n(x))) ==
//! c14n(x)`), and the form without comments is that of the form with them. A subtree of a document
//! that has a canonical form, less another element, has one too (or names no element), and it is
//! its own canonical form.
#![no_main]

use eco_validator::{C14nMethod, C14nSubset, Limits, canonicalize, canonicalize_subset};
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
            subsets(data, with(true), &limits);
        } else {
            assert!(forms.is_empty(), "one method refused what the other took");
        }
    }
});

/// Two `<` that may start elements, chosen by the input's length, as apex and omitted element.
fn subsets(data: &[u8], method: C14nMethod, limits: &Limits) {
    let starts: Vec<u32> = data
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[0] == b'<' && !matches!(w[1], b'/' | b'!' | b'?'))
        .filter_map(|(i, _)| u32::try_from(i).ok())
        .collect();
    if starts.is_empty() {
        return;
    }
    let apex = starts[data.len() % starts.len()];
    let omit = starts[(data.len() / 3) % starts.len()];
    for omit in [None, Some(omit)] {
        let subset = C14nSubset {
            apex: Some(apex),
            omit,
            inclusive_prefixes: "",
        };
        match canonicalize_subset(data, method, subset, limits) {
            Ok(text) => {
                let again = canonicalize(text.as_bytes(), method, limits)
                    .expect("a subtree's canonical form canonicalises");
                assert_eq!(again, text);
            }
            Err(e) => assert_eq!(e.code, "c14n.subset", "{e:?}"),
        }
    }
}
