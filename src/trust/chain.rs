//! Certificate paths, by rustls-webpki: RustCrypto behind its signature-algorithm trait, the key
//! usage webpki leaves to the caller (a signing certificate must allow digitalSignature), and the
//! serial numbers of a path for the revocation stage.

use std::borrow::Cow;

use rustls_pki_types::{
    AlgorithmIdentifier, CertificateDer, InvalidSignature, SignatureVerificationAlgorithm,
    TrustAnchor, UnixTime, alg_id,
};

use super::certificate;
use crate::crypto::{Answer, Arithmetic, CertificateScheme, Hash};

/// Certificate signatures known to verify: those checked when the trust list was loaded (each
/// intermediate by its state's anchors) and the last ones checked since (a validator sees the same
/// signing certificates again and again). Keyed by the SHA-256 of the key, the signed bytes and the
/// signature, so an entry answers only for exactly those bytes; the answers are the arithmetic's
/// own, only not computed twice.
#[derive(Debug, Default)]
pub struct Memo {
    loaded: Vec<[u8; 32]>,
    recent: std::sync::Mutex<Vec<[u8; 32]>>,
}

/// How many signatures checked after loading are remembered.
const RECENT: usize = 64;

/// What the memo knows a certificate signature by: its content, as the asking arithmetic's
/// questions carry it, so that an answer the runtime gave is remembered too.
pub fn memo_key(public_key: &[u8], message: &[u8], signature: &[u8]) -> [u8; 32] {
    crate::crypto::content_key(&[public_key, message, signature])
}

impl Memo {
    fn knows(&self, key: &[u8; 32]) -> bool {
        self.loaded.contains(key) || self.recent.lock().map(|r| r.contains(key)).unwrap_or(false)
    }

    /// Remembers a signature known to verify (checked here, or answered by the runtime).
    pub fn remember(&self, key: [u8; 32]) {
        if let Ok(mut recent) = self.recent.lock() {
            if recent.len() >= RECENT {
                recent.remove(0);
            }
            recent.push(key);
        }
    }

    /// Checks `issuer_spki`'s signature on the certificate `der` at load, and remembers it
    /// when it verifies. The scheme is the one webpki would take: the entry of [`SCHEMES`] whose
    /// identifiers are the certificate's signature algorithm and the issuer's key algorithm.
    pub fn learn(&mut self, der: &[u8], issuer_spki: &[u8], arithmetic: &dyn Arithmetic) {
        let (Some(cert), Some((key_kind, key))) =
            (certificate::fields(der), crate::der::key_of(issuer_spki))
        else {
            return;
        };
        let Some((scheme, _, _)) = SCHEMES.iter().find(|(_, public_key, signature)| {
            cert.signature_algorithm == signature.as_ref() && key_kind == public_key.as_ref()
        }) else {
            return;
        };
        // Only an answer known now is learnt: one the runtime gives later is remembered then.
        if arithmetic.certificate(*scheme, key, cert.tbs, cert.signature) == Answer::Valid {
            self.loaded.push(memo_key(key, cert.tbs, cert.signature));
        }
    }
}

/// One certificate signature algorithm webpki may use, with the memo of known signatures and
/// who does the arithmetic.
struct Algorithm<'m> {
    scheme: CertificateScheme,
    public_key: AlgorithmIdentifier,
    signature: AlgorithmIdentifier,
    memo: &'m Memo,
    arithmetic: &'m dyn Arithmetic,
}

impl std::fmt::Debug for Algorithm<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Algorithm({:?})", self.scheme)
    }
}

impl SignatureVerificationAlgorithm for Algorithm<'_> {
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        let key = memo_key(public_key, message, signature);
        if self.memo.knows(&key) {
            return Ok(());
        }
        match self
            .arithmetic
            .certificate(self.scheme, public_key, message, signature)
        {
            Answer::Valid => {
                self.memo.remember(key);
                Ok(())
            }
            // Provisional, as the verdict it leads to: not remembered.
            Answer::Assumed => Ok(()),
            Answer::Invalid => Err(InvalidSignature),
        }
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        self.public_key
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        self.signature
    }
}

/// The algorithms certificates of a path may be signed with: those of the profile.
const SCHEMES: [(CertificateScheme, AlgorithmIdentifier, AlgorithmIdentifier); 10] = [
    (
        CertificateScheme::RsaPkcs1(Hash::Sha256),
        alg_id::RSA_ENCRYPTION,
        alg_id::RSA_PKCS1_SHA256,
    ),
    (
        CertificateScheme::RsaPkcs1(Hash::Sha384),
        alg_id::RSA_ENCRYPTION,
        alg_id::RSA_PKCS1_SHA384,
    ),
    (
        CertificateScheme::RsaPkcs1(Hash::Sha512),
        alg_id::RSA_ENCRYPTION,
        alg_id::RSA_PKCS1_SHA512,
    ),
    (
        CertificateScheme::RsaPss(Hash::Sha256),
        alg_id::RSA_ENCRYPTION,
        alg_id::RSA_PSS_SHA256,
    ),
    (
        CertificateScheme::RsaPss(Hash::Sha384),
        alg_id::RSA_ENCRYPTION,
        alg_id::RSA_PSS_SHA384,
    ),
    (
        CertificateScheme::RsaPss(Hash::Sha512),
        alg_id::RSA_ENCRYPTION,
        alg_id::RSA_PSS_SHA512,
    ),
    (
        CertificateScheme::EcdsaP256(Hash::Sha256),
        alg_id::ECDSA_P256,
        alg_id::ECDSA_SHA256,
    ),
    (
        CertificateScheme::EcdsaP256(Hash::Sha384),
        alg_id::ECDSA_P256,
        alg_id::ECDSA_SHA384,
    ),
    (
        CertificateScheme::EcdsaP384(Hash::Sha384),
        alg_id::ECDSA_P384,
        alg_id::ECDSA_SHA384,
    ),
    (
        CertificateScheme::EcdsaP384(Hash::Sha512),
        alg_id::ECDSA_P384,
        alg_id::ECDSA_SHA512,
    ),
];

/// Any extended key usage, or none: an issuing authority's signing certificate is not a TLS one,
/// and the profile names no purpose of its own.
struct AnyPurpose;

impl webpki::ExtendedKeyUsageValidator for AnyPurpose {
    fn validate(&self, _: webpki::KeyPurposeIdIter<'_, '_>) -> Result<(), webpki::Error> {
        Ok(())
    }
}

/// Why a path was not found, in English, from webpki's error.
fn reason(e: &webpki::Error) -> Cow<'static, str> {
    use webpki::Error as E;
    Cow::Borrowed(match e {
        E::CertExpired { .. } | E::CertNotValidYet { .. } => {
            "a certificate of the path is not valid at the document's issue date"
        }
        E::UnknownIssuer => "no path to an anchor of the trust list",
        E::CaUsedAsEndEntity => "the signing certificate is a CA certificate",
        E::EndEntityUsedAsCa => "a certificate that is not a CA issued another",
        E::UnsupportedSignatureAlgorithmContext(_)
        | E::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => {
            "a certificate signed with an algorithm outside the profile"
        }
        E::InvalidSignatureForPublicKey => "a certificate's signature does not verify",
        E::BadDer | E::BadDerTime | E::TrailingData(_) => "a certificate that is not valid DER",
        E::PathLenConstraintViolated => "a path longer than a CA's path length allows",
        E::MaximumPathDepthExceeded | E::MaximumSignatureChecksExceeded => {
            "a path too long to be checked"
        }
        _ => "the certificate path is not valid",
    })
}

/// A path found: the serial numbers of its certificates (the signing certificate's first) and
/// which anchor it ends at, so that the anchor's own serial is matched against revocations too.
pub struct Path {
    pub serials: Vec<Vec<u8>>,
    pub anchor: Option<usize>,
}

/// The path from `leaf` through `intermediates` to one of `anchors`, valid at `time`.
pub fn path(
    leaf: &[u8],
    intermediates: &[CertificateDer<'_>],
    anchors: &[TrustAnchor<'_>],
    time: UnixTime,
    memo: &Memo,
    arithmetic: &dyn Arithmetic,
) -> Result<Path, Cow<'static, str>> {
    let der = CertificateDer::from(leaf);
    let cert = webpki::EndEntityCert::try_from(&der)
        .map_err(|e| Cow::Owned(format!("the signing certificate: {}", reason(&e))))?;
    let owned: Vec<Algorithm<'_>> = SCHEMES
        .iter()
        .map(|(scheme, public_key, signature)| Algorithm {
            scheme: *scheme,
            public_key: *public_key,
            signature: *signature,
            memo,
            arithmetic,
        })
        .collect();
    let algorithms: Vec<&dyn SignatureVerificationAlgorithm> = owned
        .iter()
        .map(|a| {
            let algorithm: &dyn SignatureVerificationAlgorithm = a;
            algorithm
        })
        .collect();
    let path = cert
        .verify_for_usage(
            &algorithms,
            anchors,
            intermediates,
            time,
            AnyPurpose,
            None,
            None,
        )
        .map_err(|e| reason(&e))?;
    let mut serials = vec![serial(leaf).unwrap_or_default()];
    for c in path.intermediate_certificates() {
        serials.push(c.serial().to_vec());
    }
    let end = path.anchor();
    let anchor = anchors.iter().position(|a| {
        a.subject == end.subject && a.subject_public_key_info == end.subject_public_key_info
    });
    Ok(Path { serials, anchor })
}

/// A certificate's serial number, as its DER integer's bytes (leading zero included, as written).
pub fn serial(der: &[u8]) -> Option<Vec<u8>> {
    Some(certificate::fields(der)?.serial.to_vec())
}

/// The DER SubjectPublicKeyInfo of a certificate.
pub fn subject_key(der: &[u8]) -> Option<Vec<u8>> {
    Some(certificate::fields(der)?.spki.to_vec())
}

/// Whether a certificate's key may sign documents: no key usage extension (every use allowed,
/// RFC 5280 §4.2.1.3), or one with digitalSignature or nonRepudiation.
pub fn may_sign(der: &[u8]) -> bool {
    match certificate::fields(der).map(|f| f.key_usage) {
        Some(None) => true,
        Some(Some(Ok((digital_signature, non_repudiation)))) => {
            digital_signature || non_repudiation
        }
        Some(Some(Err(()))) | None => false,
    }
}

/// Whether a certificate is valid at `time` (seconds since the epoch), for a certificate trusted
/// directly, which no path check looks at.
pub fn valid_at(der: &[u8], time: u64) -> bool {
    certificate::fields(der).is_some_and(|f| f.validity.0 <= time && time <= f.validity.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo(name: &str) -> Vec<u8> {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("demo/keys")
                .join(name),
        )
        .unwrap();
        crate::crypto::pem(&text).unwrap().1
    }

    /// The memo learns a signature only when it verifies, and answers only for those bytes.
    #[cfg(feature = "rustcrypto")]
    #[test]
    fn the_memo_learns_only_what_verifies() {
        let intermediate = demo("sg-intermediate.cert.pem");
        let root = subject_key(&demo("sg-root.cert.pem")).unwrap();
        let other = subject_key(&demo("th-root.cert.pem")).unwrap();
        let mut memo = Memo::default();
        memo.learn(&intermediate, &other, &crate::crypto::Native);
        assert!(memo.loaded.is_empty(), "another root did not sign it");
        memo.learn(&intermediate, &root, &crate::crypto::Native);
        assert_eq!(memo.loaded.len(), 1, "ECDSA P-256, SHA-256");
        memo.learn(&demo("th-signing.cert.pem"), &other, &crate::crypto::Native);
        assert_eq!(memo.loaded.len(), 2, "RSA PKCS #1 v1.5, SHA-256");
        assert!(!memo.knows(&memo_key(b"k", b"m", b"s")));
        memo.remember(memo_key(b"k", b"m", b"s"));
        assert!(memo.knows(&memo_key(b"k", b"m", b"s")));
        // Length-prefixed: moving a byte from one part to the next is another key.
        assert_ne!(memo_key(b"ab", b"c", b""), memo_key(b"a", b"bc", b""));
        for i in 0..RECENT + 5 {
            memo.remember(memo_key(&i.to_be_bytes(), b"", b""));
        }
        assert!(
            !memo.knows(&memo_key(b"k", b"m", b"s")),
            "the oldest is forgotten"
        );
        assert!(memo.recent.lock().unwrap().len() == RECENT);
    }
}
