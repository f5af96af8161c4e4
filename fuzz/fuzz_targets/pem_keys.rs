//! The PEM readers of keys and certificates on any text — a trust list operator's key, the CLI's
//! key files, a chain: a key, certificates or an error with a `key.*` code, never a panic; a key
//! that reads answers which schemes fit it without panicking either.
#![no_main]

use eco_validator::{Hash, PrivateKey, PublicKey, Scheme, pem_certificates, public_key_from_pem};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let code = |e: eco_validator::KeyRefused| assert!(e.code.starts_with("key."), "{e:?}");
    for read in [PublicKey::from_pem(text), public_key_from_pem(text)] {
        match read {
            Ok(key) => {
                for scheme in [Scheme::RsaPkcs1(Hash::Sha256), Scheme::Ecdsa(Hash::Sha384)] {
                    let _ = key.verify(scheme, data, data);
                }
            }
            Err(e) => code(e),
        }
    }
    if let Err(e) = PrivateKey::from_pem(text) {
        code(e);
    }
    if let Err(e) = pem_certificates(text) {
        code(e);
    }
});
