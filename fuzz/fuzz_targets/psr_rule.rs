//! A product-specific rule line: any text is a rule or an error with its place, never a panic,
//! and a rule prints back (its canonical spelling) to a text that parses to the same rule and
//! prints the same — the table's lines, the assessment's `rule` and Box 8's check all rely on it.
#![no_main]

use eco_validator::__private::PsrRule;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match PsrRule::parse(text) {
        Ok(rule) => {
            let printed = rule.to_string();
            let again = PsrRule::parse(&printed)
                .unwrap_or_else(|e| panic!("{text:?} printed as {printed:?}, which fails: {e}"));
            assert_eq!(again, rule, "{text:?} → {printed:?}");
            assert_eq!(again.to_string(), printed);
        }
        Err(e) => assert!(e.at <= text.len(), "{text:?}: {e}"),
    }
});
