//! The XML signature verifier on any bytes, with the RSA key of the W3C XMLDSig 1.1 Microsoft
//! vectors and the demo's Singapore signing keys pinned (seeded from those vectors and the demo's
//! signed samples): a failure with a stable code at a stage, or evidence whose signed bytes are a
//! canonical form (its own canonical form), never a panic.
#![no_main]

use eco_validator::{C14nMethod, Limits, PublicKey, canonicalize, verify_with_keys};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    thread_local! {
        static KEYS: Vec<PublicKey> = [
            include_str!("../microsoft-rsa2048.pub.pem"),
            include_str!("../../demo/keys/sg-signing.cert.pem"),
            include_str!("../../demo/keys/sg-signing-rsa.cert.pem"),
        ]
        .iter()
        .map(|pem| eco_validator::public_key_from_pem(pem).expect("the pinned key reads"))
        .collect();
    }
    let limits = Limits::default();
    KEYS.with(|keys| match verify_with_keys(data, &keys.iter().collect::<Vec<_>>(), &limits) {
        Ok(signed) => {
            let method = C14nMethod {
                exclusive: false,
                comments: false,
            };
            let again = canonicalize(signed.document().as_bytes(), method, &limits)
                .expect("signed bytes canonicalise");
            assert_eq!(again, signed.document());
        }
        Err(e) => {
            assert!(
                ["dsig.", "signature.", "key."]
                    .iter()
                    .any(|p| e.code.starts_with(p)),
                "{e:?}"
            );
            assert!(!e.reason.is_empty());
        }
    });
});
