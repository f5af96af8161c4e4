//! The certificate reader (src/trust/certificate.rs) on any bytes: never a panic, and on every
//! certificate x509-cert (a full DER decoder) takes, the same fields — serial, validity, key,
//! key usage, the signed bytes and the signature.
#![no_main]

use libfuzzer_sys::fuzz_target;
use x509_cert::der::{Decode as _, Encode as _};

fuzz_target!(|data: &[u8]| {
    let ours = eco_validator::__private::certificate_fields(data);
    let Ok(peer) = x509_cert::Certificate::from_der(data) else {
        return;
    };
    let Some(ours) = ours else {
        // A signature with unused bits is no signature of the profile; anything else x509-cert
        // takes, this reader must take too.
        assert!(
            peer.signature().as_bytes().is_none(),
            "refused a certificate x509-cert reads"
        );
        return;
    };
    let tbs = peer.tbs_certificate();
    // The signed bytes as they stand; x509-cert's re-encoding equals them only where the input is
    // the canonical encoding it writes (it drops an explicit default version, for one).
    if peer.to_der().unwrap() == data {
        assert_eq!(ours.tbs, tbs.to_der().unwrap().as_slice());
    }
    assert_eq!(ours.serial, tbs.serial_number().as_bytes());
    assert_eq!(
        ours.spki,
        tbs.subject_public_key_info().to_der().unwrap().as_slice()
    );
    assert_eq!(Some(ours.signature), peer.signature().as_bytes());
    let validity = tbs.validity();
    assert_eq!(
        ours.validity,
        (
            validity.not_before.to_unix_duration().as_secs(),
            validity.not_after.to_unix_duration().as_secs()
        )
    );
    if let (Some(Ok(usage)), Ok(Some((_, theirs)))) = (
        ours.key_usage,
        tbs.get_extension::<x509_cert::ext::pkix::KeyUsage>(),
    ) {
        assert_eq!(
            usage,
            (theirs.digital_signature(), theirs.non_repudiation())
        );
    }
});
