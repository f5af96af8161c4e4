//! Native time of an origin assessment: a 50-material worksheet (read from its JSON text and
//! assessed, trail and break-points included), one agreement and all five side by side. Run with
//! `cargo bench --bench origin`; the issue's targets are 20 µs for one assessment and five times
//! that for the comparison.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use eco_validator::Validator;

/// Fifty materials, a mix of origins, headings and currencies, for HS 2106.90 under the general rule.
fn worksheet() -> String {
    let materials: Vec<String> = (0..50)
        .map(|i| {
            let origin = ["originating", "non-originating", "unknown"][i % 3];
            let hs = ["1701.99", "0901.11", "2106.10", "1211.90", "3923.30"][i % 5];
            let currency = if i % 7 == 0 { r#", "currency": "THB""# } else { "" };
            format!(
                r#"{{"description": "material {i}", "hs": "{hs}", "value": "{}.{:02}", "origin": "{origin}"{currency}}}"#,
                3 + i % 4,
                i
            )
        })
        .collect();
    format!(
        r#"{{"agreement": "ATIGA", "product": {{"hs": "2106.90.99"}}, "fob": "1000.00", "currency": "USD",
           "materials": [{}], "costs": {{"labour": "120.00", "overhead": "40.00", "profit": "30.00"}},
           "rates": {{"THB": "0.028"}}}}"#,
        materials.join(",")
    )
}

fn bench(c: &mut Criterion) {
    let v = Validator::builder().build().unwrap();
    let ws = worksheet();
    let a = v
        .assess_origin(&ws, "bench", jiff::civil::date(2026, 12, 1))
        .unwrap();
    assert!(a.trail.len() > 3);
    let mut group = c.benchmark_group("origin");
    group.bench_function("assess-50", |b| {
        b.iter(|| v.assess_origin(black_box(&ws), "bench", jiff::civil::date(2026, 12, 1)))
    });
    // What the npm package does per call: the assessment as JSON text, for the engine to parse.
    group.bench_function("assess-50-json", |b| {
        b.iter(|| {
            let a = v
                .assess_origin(black_box(&ws), "bench", jiff::civil::date(2026, 12, 1))
                .unwrap();
            serde_json::to_string(&a).unwrap()
        })
    });
    group.bench_function("compare-50", |b| {
        b.iter(|| v.compare_origin(black_box(&ws), "bench", jiff::civil::date(2026, 12, 1)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
