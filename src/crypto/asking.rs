//! Signature arithmetic done by someone else, later: a runtime's WebCrypto (browsers, Node and
//! workerd all have every algorithm of the profile), which answers only asynchronously. A check
//! whose answer is not known yet is taken as valid for now and kept as a [`Question`]; the caller
//! has the runtime answer the questions and runs the check again with the answers known. Every
//! decision — which key, which scheme, whether they fit, what an answer means — stays with the
//! code that asks; a question carries only what the runtime needs for the arithmetic.

use std::sync::Mutex;

use rustls_pki_types::alg_id;

use super::{
    Answer, Arithmetic, CertificateScheme, Hash, PublicKey, Scheme, content_key, spki_der,
};

/// A signature check to be made by the runtime: import `spki` with the question's algorithm and
/// verify `signature` over `message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// What identifies the check (a digest of the scheme, key, message and signature): answers
    /// are matched to checks by it.
    pub id: [u8; 32],
    /// The key's SubjectPublicKeyInfo, DER (WebCrypto's `spki` import format).
    pub spki: Vec<u8>,
    /// The scheme; an ECDSA signature is given as r ‖ s, as WebCrypto takes it.
    pub scheme: Scheme,
    /// For ECDSA, whether the key is on P-384 (else P-256).
    pub p384: bool,
    /// The signed bytes.
    pub message: Vec<u8>,
    /// The signature value.
    pub signature: Vec<u8>,
    /// For a certificate's signature, what the trust list's memo knows it by (its DER form), so
    /// that a "valid" answer is remembered as a check made here would be.
    certificate: Option<[u8; 32]>,
}

impl Question {
    /// For a certificate's signature, its key in the trust list's memo.
    pub fn certificate(&self) -> Option<[u8; 32]> {
        self.certificate
    }

    /// What identifies the imported key: the key and how it is imported (WebCrypto binds an RSA
    /// key to one hash and scheme), so that a runtime may keep keys it imported before.
    pub fn key_id(&self) -> [u8; 32] {
        let (family, hash) = tag(self.scheme);
        let curve = u8::from(self.p384);
        let import = match self.scheme {
            Scheme::Ecdsa(_) => [family, curve],
            _ => [family, hash],
        };
        content_key(&[&import, &self.spki])
    }
}

fn tag(scheme: Scheme) -> (u8, u8) {
    let hash = |h: Hash| match h {
        Hash::Sha256 => 1u8,
        Hash::Sha384 => 2,
        Hash::Sha512 => 3,
    };
    match scheme {
        Scheme::RsaPkcs1(h) => (1, hash(h)),
        Scheme::RsaPss(h) => (2, hash(h)),
        Scheme::Ecdsa(h) => (3, hash(h)),
    }
}

fn id_of(scheme: Scheme, spki: &[u8], message: &[u8], signature: &[u8]) -> [u8; 32] {
    let (family, hash) = tag(scheme);
    content_key(&[&[family, hash], spki, message, signature])
}

/// The arithmetic of answers known so far, asking the rest.
#[derive(Debug, Default)]
pub struct Asking {
    known: Vec<([u8; 32], bool)>,
    asked: Mutex<Vec<Question>>,
    /// The last round: what is not known is invalid, and nothing more is asked.
    last: bool,
}

impl Asking {
    /// An arithmetic that knows `known` (ids and answers) and asks the rest; when `last`, what is
    /// not known counts as invalid.
    pub fn new(known: Vec<([u8; 32], bool)>, last: bool) -> Asking {
        Asking {
            known,
            asked: Mutex::new(Vec::new()),
            last,
        }
    }

    /// The questions asked, in the order they were asked, and the answers known.
    pub fn into_parts(self) -> (Vec<Question>, Vec<([u8; 32], bool)>) {
        let asked = self.asked.into_inner().unwrap_or_else(|e| e.into_inner());
        (asked, self.known)
    }

    fn ask(
        &self,
        key: &PublicKey,
        scheme: Scheme,
        message: &[u8],
        signature: &[u8],
        certificate: Option<[u8; 32]>,
    ) -> Answer {
        let id = id_of(scheme, key.spki(), message, signature);
        if let Some((_, valid)) = self.known.iter().find(|(k, _)| *k == id) {
            return if *valid {
                Answer::Valid
            } else {
                Answer::Invalid
            };
        }
        if self.last {
            return Answer::Invalid;
        }
        let Ok(mut asked) = self.asked.lock() else {
            return Answer::Invalid;
        };
        if !asked.iter().any(|q| q.id == id) {
            asked.push(Question {
                id,
                spki: key.spki().to_vec(),
                scheme,
                p384: key.is_p384(),
                message: message.to_vec(),
                signature: signature.to_vec(),
                certificate,
            });
        }
        Answer::Assumed
    }
}

impl Arithmetic for Asking {
    fn document(
        &self,
        key: &PublicKey,
        scheme: Scheme,
        message: &[u8],
        signature: &[u8],
    ) -> Answer {
        self.ask(key, scheme, message, signature, None)
    }

    fn certificate(
        &self,
        scheme: CertificateScheme,
        subject_public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Answer {
        let (algorithm, scheme, raw) = match scheme {
            CertificateScheme::RsaPkcs1(h) => (
                alg_id::RSA_ENCRYPTION,
                Scheme::RsaPkcs1(h),
                Some(signature.to_vec()),
            ),
            CertificateScheme::RsaPss(h) => (
                alg_id::RSA_ENCRYPTION,
                Scheme::RsaPss(h),
                Some(signature.to_vec()),
            ),
            CertificateScheme::EcdsaP256(h) => (
                alg_id::ECDSA_P256,
                Scheme::Ecdsa(h),
                raw_ecdsa(signature, 32),
            ),
            CertificateScheme::EcdsaP384(h) => (
                alg_id::ECDSA_P384,
                Scheme::Ecdsa(h),
                raw_ecdsa(signature, 48),
            ),
        };
        // The key is read and admitted as a document's would be (RSA ≥ 2048 bits, a point on the
        // curve, the signature's length): only the arithmetic is asked for.
        let (Ok(key), Some(raw)) = (
            PublicKey::from_spki_der(&spki_der(&algorithm, subject_public_key)),
            raw,
        ) else {
            return Answer::Invalid;
        };
        if key.admits(scheme, &raw).is_err() {
            return Answer::Invalid;
        }
        let memo = content_key(&[subject_public_key, message, signature]);
        self.ask(&key, scheme, message, &raw, Some(memo))
    }
}

/// An ECDSA signature in DER (`SEQUENCE { INTEGER r, INTEGER s }`) as r ‖ s of `size` bytes each;
/// `None` when it is not exactly that.
pub fn raw_ecdsa(der: &[u8], size: usize) -> Option<Vec<u8>> {
    fn element(der: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
        let (&t, rest) = der.split_first()?;
        let (&len, rest) = rest.split_first()?;
        let (len, rest) = match len {
            0..=0x7f => (usize::from(len), rest),
            0x81 => {
                let (&l, rest) = rest.split_first()?;
                if l < 0x80 {
                    return None;
                }
                (usize::from(l), rest)
            }
            _ => return None,
        };
        (t == tag && rest.len() >= len).then(|| rest.split_at(len))
    }
    let (body, trailing) = element(der, 0x30)?;
    if !trailing.is_empty() {
        return None;
    }
    let (r, rest) = element(body, 0x02)?;
    let (s, rest) = element(rest, 0x02)?;
    if !rest.is_empty() {
        return None;
    }
    let mut out = vec![0u8; 2 * size];
    for (i, int) in [r, s].into_iter().enumerate() {
        // A positive INTEGER: one leading zero only where the high bit is set.
        let int = match int {
            [0, next, ..] if next & 0x80 != 0 => &int[1..],
            [0, ..] => return None,
            [first, ..] if first & 0x80 == 0 => int,
            _ => return None,
        };
        if int.len() > size || int.iter().all(|b| *b == 0) {
            return None;
        }
        out[(i + 1) * size - int.len()..(i + 1) * size].copy_from_slice(int);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecdsa_signatures_in_der_become_r_and_s() {
        // r = 0x80 (needs its leading zero), s = 1.
        let der = [0x30, 0x07, 0x02, 0x02, 0x00, 0x80, 0x02, 0x01, 0x01];
        let raw = raw_ecdsa(&der, 32).unwrap();
        assert_eq!(raw[31], 0x80);
        assert_eq!(raw[63], 0x01);
        assert!(raw[..31].iter().chain(&raw[32..63]).all(|b| *b == 0));
        // Trailing bytes, a superfluous leading zero, a negative or zero integer, too long.
        assert_eq!(raw_ecdsa(&[der.as_slice(), &[0]].concat(), 32), None);
        assert_eq!(
            raw_ecdsa(&[0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01], 32),
            None
        );
        assert_eq!(
            raw_ecdsa(&[0x30, 0x06, 0x02, 0x01, 0x80, 0x02, 0x01, 0x01], 32),
            None
        );
        assert_eq!(
            raw_ecdsa(&[0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01], 32),
            None
        );
        let mut long = vec![0x30, 0x26, 0x02, 0x21, 0x01];
        long.extend([1u8; 32]);
        long.extend([0x02, 0x01, 0x01]);
        assert_eq!(raw_ecdsa(&long, 32), None);
        assert!(raw_ecdsa(&long, 48).is_some());
    }
}
