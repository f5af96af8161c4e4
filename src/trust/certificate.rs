//! The few fields of an X.509 certificate (RFC 5280) that webpki does not show and the trust list
//! needs: the signed TBS bytes and the signature, the serial number, the validity, the subject's
//! key and the key usage. Read by position from the DER, nothing decoded beyond them: webpki
//! checks every certificate of a path in full, and a certificate this reader cannot take is
//! refused wherever it is asked about (no key, not valid, may not sign).

use crate::der::{
    BIT_STRING, BOOLEAN, INTEGER, OCTET_STRING, OID, SEQUENCE, element, expect, whole_bytes,
};

const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;
/// `[0] EXPLICIT Version` and `[3] EXPLICIT Extensions` of the TBSCertificate.
const VERSION: u8 = 0xa0;
const EXTENSIONS: u8 = 0xa3;
/// id-ce-keyUsage, 2.5.29.15, as its DER contents.
const KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x0f];

/// A certificate's fields, borrowed from its DER.
pub struct Fields<'a> {
    /// The TBSCertificate, as its bytes stand (what the signature covers).
    pub tbs: &'a [u8],
    /// The signature algorithm's AlgorithmIdentifier contents (as webpki's `alg_id` holds them).
    pub signature_algorithm: &'a [u8],
    /// The signature value: the BIT STRING's bytes (no unused bits).
    pub signature: &'a [u8],
    /// The serial number: the INTEGER's contents as written.
    pub serial: &'a [u8],
    /// notBefore and notAfter, in seconds since the epoch.
    pub validity: (u64, u64),
    /// The SubjectPublicKeyInfo, the whole element.
    pub spki: &'a [u8],
    /// The key usage extension's first two bits (digitalSignature, nonRepudiation), if there is
    /// one; `Err` when it is there and unreadable.
    pub key_usage: Option<Result<(bool, bool), ()>>,
}

/// The fields of the certificate `der`; `None` when it is not one this reader can take.
pub fn fields(der: &[u8]) -> Option<Fields<'_>> {
    let (_, certificate, trailing) = expect(der, SEQUENCE)?;
    if !trailing.is_empty() {
        return None;
    }
    let (tbs, body, rest) = expect(certificate, SEQUENCE)?;
    let (_, signature_algorithm, rest) = expect(rest, SEQUENCE)?;
    let (_, bits, rest) = expect(rest, BIT_STRING)?;
    let signature = whole_bytes(bits)?;
    if !rest.is_empty() {
        return None;
    }
    // TBSCertificate: [0] version, serial, signature, issuer, validity, subject, spki, then the
    // optional unique identifiers and [3] extensions.
    let body = match element(body)? {
        (VERSION, _, _, rest) => rest,
        _ => body,
    };
    let (_, serial, rest) = expect(body, INTEGER)?;
    let (_, _, rest) = expect(rest, SEQUENCE)?;
    let (_, _, rest) = expect(rest, SEQUENCE)?;
    let (_, times, rest) = expect(rest, SEQUENCE)?;
    let (_, _, rest) = expect(rest, SEQUENCE)?;
    let (spki, _, mut rest) = expect(rest, SEQUENCE)?;
    let (not_before, after) = time(times)?;
    let (not_after, end) = time(after)?;
    if !end.is_empty() {
        return None;
    }
    let mut key_usage = None;
    while !rest.is_empty() {
        let (tag, _, contents, next) = element(rest)?;
        if tag == EXTENSIONS {
            key_usage = usage(contents)?;
        }
        rest = next;
    }
    Some(Fields {
        tbs,
        signature_algorithm,
        signature,
        serial,
        validity: (not_before, not_after),
        spki,
        key_usage,
    })
}

/// The key usage among `[3] EXPLICIT Extensions`: `None` when the outer structure is broken.
fn usage(explicit: &[u8]) -> Option<Option<Result<(bool, bool), ()>>> {
    let (_, mut list, trailing) = expect(explicit, SEQUENCE)?;
    if !trailing.is_empty() {
        return None;
    }
    while !list.is_empty() {
        let (_, extension, next) = expect(list, SEQUENCE)?;
        list = next;
        let (_, oid, rest) = expect(extension, OID)?;
        if oid != KEY_USAGE {
            continue;
        }
        let rest = match element(rest)? {
            (BOOLEAN, _, _, after) => after,
            _ => rest,
        };
        let (_, value, _) = expect(rest, OCTET_STRING)?;
        let read = expect(value, BIT_STRING).and_then(|(_, bits, trailing)| {
            let (&unused, bytes) = bits.split_first()?;
            (trailing.is_empty() && unused < 8).then_some(bytes.first().copied().unwrap_or(0))
        });
        return Some(Some(
            read.map(|first| (first & 0x80 != 0, first & 0x40 != 0))
                .ok_or(()),
        ));
    }
    Some(None)
}

/// A UTCTime (`YYMMDDHHMMSSZ`, 1950–2049) or GeneralizedTime (`YYYYMMDDHHMMSSZ`) at the start of
/// `input`, in seconds since the epoch, and the rest.
fn time(input: &[u8]) -> Option<(u64, &[u8])> {
    let (tag, _, text, rest) = element(input)?;
    let (year, text) = match tag {
        UTC_TIME if text.len() == 13 => {
            let yy = digits(&text[..2])?;
            (if yy < 50 { 2000 + yy } else { 1900 + yy }, &text[2..])
        }
        GENERALIZED_TIME if text.len() == 15 => (digits(&text[..4])?, &text[4..]),
        _ => return None,
    };
    if text[10] != b'Z' {
        return None;
    }
    let (month, day) = (digits(&text[0..2])?, digits(&text[2..4])?);
    let (hour, minute, second) = (
        digits(&text[4..6])?,
        digits(&text[6..8])?,
        digits(&text[8..10])?,
    );
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
        || year < 1970
    {
        return None;
    }
    let days = super::days_since_epoch(i64::from(year), i64::from(month), i64::from(day));
    let seconds = u64::try_from(days).ok()? * 86_400
        + u64::from(hour) * 3_600
        + u64::from(minute) * 60
        + u64::from(second);
    Some((seconds, rest))
}

fn digits(text: &[u8]) -> Option<u32> {
    text.iter().try_fold(0u32, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use x509_cert::der::{Decode as _, Encode as _};

    /// Every demo certificate (RSA and EC, roots, intermediate, signing, operator) read as
    /// x509-cert, a full decoder, reads it.
    #[test]
    fn the_fields_are_those_a_full_decoder_reads() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/keys");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if !path.to_string_lossy().ends_with(".cert.pem") {
                continue;
            }
            let der = crate::crypto::pem(&std::fs::read_to_string(&path).unwrap())
                .unwrap()
                .1;
            let ours = fields(&der).unwrap();
            let peer = x509_cert::Certificate::from_der(&der).unwrap();
            let tbs = peer.tbs_certificate();
            assert_eq!(ours.tbs, tbs.to_der().unwrap().as_slice());
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
            let usage = tbs
                .get_extension::<x509_cert::ext::pkix::KeyUsage>()
                .unwrap()
                .map(|(_, u)| (u.digital_signature(), u.non_repudiation()));
            assert_eq!(ours.key_usage.map(Result::unwrap), usage, "{path:?}");
            seen += 1;
        }
        assert!(seen >= 7, "{seen}");
    }

    #[test]
    fn what_is_not_a_certificate_is_refused() {
        let der = crate::crypto::pem(
            &std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("demo/keys/sg-signing.cert.pem"),
            )
            .unwrap(),
        )
        .unwrap()
        .1;
        assert!(fields(&der).is_some());
        // Truncated anywhere, or with a byte after it: not a certificate.
        for cut in [1, 2, 10, der.len() / 2, der.len() - 1] {
            assert!(fields(&der[..cut]).is_none(), "{cut}");
        }
        assert!(fields(&[der.as_slice(), &[0]].concat()).is_none());
        // A length in a longer form than needed.
        // Times: UTCTime's century window, a month 13, a local time.
        assert_eq!(time(b"\x17\x0d491231235959Z").unwrap().0, 2_524_607_999);
        assert_eq!(time(b"\x17\x0d700101000000Z").unwrap().0, 0);
        assert!(time(b"\x17\x0d701301000000Z").is_none());
        assert!(time(b"\x18\x0f20260101000000+").is_none());
    }
}
