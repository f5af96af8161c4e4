//! The verification whose arithmetic a runtime answers (the npm verify build's), on any bytes,
//! against the demo trust list: answered truthfully (by RustCrypto, from the questions alone) its
//! verdict is the native verifier's; answered "invalid" throughout, or not at all, nothing is
//! verified; the rounds end. And the DER-to-r‖s reading of ECDSA signatures the questions use
//! never panics and gives both halves at their size.
#![no_main]

use eco_validator::{PublicKey, Validator, VerifyStep};
use libfuzzer_sys::fuzz_target;

fn run(
    v: &Validator,
    data: &[u8],
    answer: &dyn Fn(&eco_validator::Question) -> bool,
) -> eco_validator::Verification {
    let as_of = jiff::civil::date(2026, 11, 25);
    let mut step = v.verify_asking(data, as_of);
    for _ in 0..5 {
        match step {
            VerifyStep::Done(verdict) => return *verdict,
            VerifyStep::Ask(p) => {
                let answers: Vec<bool> = p.questions().iter().map(answer).collect();
                step = p.answer(v, &answers);
            }
        }
    }
    panic!("more rounds than the limit");
}

fuzz_target!(|data: &[u8]| {
    thread_local! {
        static VALIDATOR: Validator = Validator::builder()
            .trust_list(
                "trust-list.signed.json",
                include_str!("../../demo/trust-list.signed.json"),
                Some(&eco_validator::public_key_from_pem(include_str!("../../demo/operator.pub.pem")).unwrap()),
                None,
            )
            .and_then(|b| b.build())
            .expect("the demo list loads");
    }
    for size in [32, 48] {
        if let Some(raw) = eco_validator::__private::raw_ecdsa(data, size) {
            assert_eq!(raw.len(), 2 * size);
        }
    }
    VALIDATOR.with(|v| {
        let truthful = run(v, data, &|q| {
            PublicKey::from_spki_der(&q.spki)
                .and_then(|k| k.verify(q.scheme, &q.message, &q.signature))
                .is_ok()
        });
        assert_eq!(truthful, v.verify(data, jiff::civil::date(2026, 11, 25)));
        assert!(!run(v, data, &|_| false).verified);
    });
});
