//! The exporter's worksheet, JSON or a bill-of-materials CSV (told apart by the first character):
//! any bytes give an assessment or an error with a code, never a panic;
//! every assessment keeps its own invariants (an originating good has a Box 8 text; both RVC
//! figures are decimals or absent; the npm package's JSON of it is serde's, text for text, whatever
//! the descriptions hold).
#![no_main]

use eco_validator::Validator;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let v = Validator::builder().build().expect("the bundled data loads");
    match v.assess_origin(&text, "fuzz.json", jiff::civil::date(2026, 12, 1)) {
        Ok(a) => {
            assert!(!a.originating || a.box8.is_some(), "{a:?}");
            for r in [&a.rvc.direct, &a.rvc.indirect].into_iter().flatten() {
                assert!(r.parse::<f64>().is_ok(), "{r}");
            }
            assert_eq!(
                eco_validator::__private::assessment_json(&a),
                serde_json::to_string(&a).expect("an assessment serialises")
            );
        }
        Err(e) => assert!(!e.code.is_empty() && !e.message.is_empty()),
    }
    if let Ok(rows) = v.compare_origin(&text, "fuzz.json", jiff::civil::date(2026, 12, 1)) {
        assert_eq!(rows.len(), v.agreements().count());
        let json = eco_validator::__private::compared_json(&rows);
        assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "{json}");
    }
});
