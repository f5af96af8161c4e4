//! Certificate paths, by rustls-webpki: RustCrypto behind its signature-algorithm trait, the key
//! usage webpki leaves to the caller (a signing certificate must allow digitalSignature), and the
//! serial numbers of a path for the revocation stage.

use std::borrow::Cow;

use rustls_pki_types::{
    AlgorithmIdentifier, CertificateDer, InvalidSignature, SignatureVerificationAlgorithm,
    TrustAnchor, UnixTime, alg_id,
};
use x509_cert::der::Decode as _;

use crate::crypto::{CertificateScheme, Hash, verify_certificate_signature};

/// One certificate signature algorithm webpki may use.
#[derive(Debug)]
struct Algorithm {
    scheme: CertificateScheme,
    public_key: AlgorithmIdentifier,
    signature: AlgorithmIdentifier,
}

impl SignatureVerificationAlgorithm for Algorithm {
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        if verify_certificate_signature(self.scheme, public_key, message, signature) {
            Ok(())
        } else {
            Err(InvalidSignature)
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
static ALGORITHMS: [Algorithm; 10] = [
    Algorithm {
        scheme: CertificateScheme::RsaPkcs1(Hash::Sha256),
        public_key: alg_id::RSA_ENCRYPTION,
        signature: alg_id::RSA_PKCS1_SHA256,
    },
    Algorithm {
        scheme: CertificateScheme::RsaPkcs1(Hash::Sha384),
        public_key: alg_id::RSA_ENCRYPTION,
        signature: alg_id::RSA_PKCS1_SHA384,
    },
    Algorithm {
        scheme: CertificateScheme::RsaPkcs1(Hash::Sha512),
        public_key: alg_id::RSA_ENCRYPTION,
        signature: alg_id::RSA_PKCS1_SHA512,
    },
    Algorithm {
        scheme: CertificateScheme::RsaPss(Hash::Sha256),
        public_key: alg_id::RSA_ENCRYPTION,
        signature: alg_id::RSA_PSS_SHA256,
    },
    Algorithm {
        scheme: CertificateScheme::RsaPss(Hash::Sha384),
        public_key: alg_id::RSA_ENCRYPTION,
        signature: alg_id::RSA_PSS_SHA384,
    },
    Algorithm {
        scheme: CertificateScheme::RsaPss(Hash::Sha512),
        public_key: alg_id::RSA_ENCRYPTION,
        signature: alg_id::RSA_PSS_SHA512,
    },
    Algorithm {
        scheme: CertificateScheme::EcdsaP256(Hash::Sha256),
        public_key: alg_id::ECDSA_P256,
        signature: alg_id::ECDSA_SHA256,
    },
    Algorithm {
        scheme: CertificateScheme::EcdsaP256(Hash::Sha384),
        public_key: alg_id::ECDSA_P256,
        signature: alg_id::ECDSA_SHA384,
    },
    Algorithm {
        scheme: CertificateScheme::EcdsaP384(Hash::Sha384),
        public_key: alg_id::ECDSA_P384,
        signature: alg_id::ECDSA_SHA384,
    },
    Algorithm {
        scheme: CertificateScheme::EcdsaP384(Hash::Sha512),
        public_key: alg_id::ECDSA_P384,
        signature: alg_id::ECDSA_SHA512,
    },
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
/// which anchor it ends at.
pub struct Path {
    pub serials: Vec<Vec<u8>>,
    pub anchor: usize,
}

/// The path from `leaf` through `intermediates` to one of `anchors`, valid at `time`.
pub fn path(
    leaf: &[u8],
    intermediates: &[CertificateDer<'_>],
    anchors: &[TrustAnchor<'_>],
    time: UnixTime,
) -> Result<Path, Cow<'static, str>> {
    let der = CertificateDer::from(leaf);
    let cert = webpki::EndEntityCert::try_from(&der)
        .map_err(|e| Cow::Owned(format!("the signing certificate: {}", reason(&e))))?;
    let algorithms: Vec<&dyn SignatureVerificationAlgorithm> = ALGORITHMS
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
    let anchor = anchors
        .iter()
        .position(|a| {
            a.subject == end.subject && a.subject_public_key_info == end.subject_public_key_info
        })
        .unwrap_or(0);
    Ok(Path { serials, anchor })
}

/// A certificate as x509-cert reads it.
fn certificate(der: &[u8]) -> Option<x509_cert::Certificate> {
    x509_cert::Certificate::from_der(der).ok()
}

/// A certificate's serial number, as its DER integer's bytes (leading zero included, as written).
pub fn serial(der: &[u8]) -> Option<Vec<u8>> {
    Some(
        certificate(der)?
            .tbs_certificate()
            .serial_number()
            .as_bytes()
            .to_vec(),
    )
}

/// The DER SubjectPublicKeyInfo of a certificate.
pub fn subject_key(der: &[u8]) -> Option<Vec<u8>> {
    use x509_cert::der::Encode as _;
    certificate(der)?
        .tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .ok()
}

/// Whether a certificate's key may sign documents: no key usage extension (every use allowed,
/// RFC 5280 §4.2.1.3), or one with digitalSignature or nonRepudiation.
pub fn may_sign(der: &[u8]) -> bool {
    let Some(cert) = certificate(der) else {
        return false;
    };
    match cert
        .tbs_certificate()
        .get_extension::<x509_cert::ext::pkix::KeyUsage>()
    {
        Ok(Some((_, usage))) => usage.digital_signature() || usage.non_repudiation(),
        Ok(None) => true,
        Err(_) => false,
    }
}

/// Whether a certificate is valid at `time` (seconds since the epoch), for a certificate trusted
/// directly, which no path check looks at.
pub fn valid_at(der: &[u8], time: u64) -> bool {
    let Some(cert) = certificate(der) else {
        return false;
    };
    let validity = cert.tbs_certificate().validity();
    let from = validity.not_before.to_unix_duration().as_secs();
    let to = validity.not_after.to_unix_duration().as_secs();
    from <= time && time <= to
}
