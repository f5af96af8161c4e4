//! Native throughput of `validate` on the 1-, 10- and 100-item certificates, XML and JSON.
//! Run with `cargo bench --bench validate`; `benches/compare.py` runs it beside libxml2's XSD
//! validation of the same documents and prints the ratio.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use eco_validator::{Options, validate};

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn bench(c: &mut Criterion) {
    let options = Options::new(jiff::civil::date(2026, 11, 25));
    let mut group = c.benchmark_group("validate");
    for items in [1, 10, 100] {
        for ext in ["xml", "json"] {
            let doc = fixture(&format!("valid-{items}.{ext}"));
            assert!(validate(&doc, &options).valid);
            group.throughput(Throughput::Elements(1));
            group.bench_function(format!("{ext}-{items}"), |b| {
                b.iter(|| validate(black_box(&doc), black_box(&options)))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
