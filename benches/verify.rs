//! Native time of verifying the signed 10-item sample (`demo/`), ECDSA P-256 and RSA-2048, stage by
//! stage with the public API alone: a tampered copy stops after the digest (parse, profile,
//! canonicalisation of SignedInfo and of the document, SHA-256), the untouched one without a trust
//! list adds the signature value (the KeyInfo key), and with the demo trust list every stage (the
//! path, the trust and the report of the signed content); and the whole verification with the
//! signature arithmetic asked of the caller instead (what the module does in the npm verify build,
//! where WebCrypto answers). Run with `cargo bench --bench verify`;
//! `benches/xmlsec1.py` times xmlsec1 (python3-xmlsec, in process) on the same documents.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use eco_validator::{PublicKey, Validator};

fn demo(file: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("demo")
            .join(file),
    )
    .unwrap()
}

fn bench(c: &mut Criterion) {
    let as_of = jiff::civil::date(2026, 11, 25);
    let operator =
        PublicKey::from_pem(&String::from_utf8(demo("operator.pub.pem")).unwrap()).unwrap();
    let list = String::from_utf8(demo("trust-list.signed.json")).unwrap();
    let trusted = Validator::builder()
        .trust_list("demo", &list, Some(&operator), None)
        .unwrap()
        .build()
        .unwrap();
    let bare = Validator::builder().build().unwrap();
    let mut group = c.benchmark_group("verify");
    for (name, file) in [
        ("ecdsa-p256", "valid-10.signed.xml"),
        ("rsa-2048", "valid-10.signed-rsa.xml"),
    ] {
        let signed = demo(file);
        let tampered = String::from_utf8(signed.clone())
            .unwrap()
            .replacen("SG26D", "SG27D", 1)
            .into_bytes();
        assert!(trusted.verify(&signed, as_of).verified);
        assert!(!bare.verify(&tampered, as_of).verified);
        group.bench_function(format!("{name}/c14n+digest"), |b| {
            b.iter(|| bare.verify(black_box(&tampered), as_of))
        });
        group.bench_function(format!("{name}/+signature"), |b| {
            b.iter(|| bare.verify(black_box(&signed), as_of))
        });
        group.bench_function(format!("{name}/full"), |b| {
            b.iter(|| trusted.verify(black_box(&signed), as_of))
        });
        // What the module itself does when the runtime does the arithmetic (the npm verify
        // build): every stage, the signature checks asked, not made.
        assert!(matches!(
            trusted.verify_asking(&signed, as_of),
            eco_validator::VerifyStep::Ask(_)
        ));
        group.bench_function(format!("{name}/full-arithmetic-asked"), |b| {
            b.iter(|| trusted.verify_asking(black_box(&signed), as_of))
        });
    }
    group.bench_function("trust-list-load", |b| {
        b.iter(|| {
            Validator::builder()
                .trust_list("demo", black_box(&list), Some(&operator), None)
                .unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
