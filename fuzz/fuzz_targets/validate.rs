//! `validate` on arbitrary bytes, with tight limits now and then so that every limit's path is
//! reached: every input gets a report, and a report's findings are placed (which walks the tree,
//! the JSON offsets and the line/column sweep).
#![no_main]

use eco_validator::{Options, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut options = Options::new(jiff::civil::date(2026, 11, 25));
    // The first byte, when it is below 8, picks limits small enough for a fuzzer's inputs to pass.
    if let Some(&b) = data.first()
        && b < 8
    {
        options.limits.max_depth = 4;
        options.limits.max_attributes = 2;
        options.limits.max_namespaces = 2;
        options.limits.max_items = 2;
        options.limits.max_nodes = 64;
        options.limits.max_findings = 3;
    }
    let report = validate(data, &options);
    // Validity is decided on every finding, listed or only counted: a listed error means invalid.
    assert!(!(report.valid && report.errors() > 0));
    for f in &report.findings {
        assert!(!f.code.is_empty() && !f.message.is_empty());
    }
});
