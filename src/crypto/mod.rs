//! The cryptographic primitives signatures and the trust list rest on, and nothing of XML: digests,
//! public keys read from their SubjectPublicKeyInfo, signature checks, strict base64. The
//! arithmetic is RustCrypto's (feature `rustcrypto`) or a runtime's WebCrypto (`asking`); this
//! module fixes which algorithms exist here and how a key and an algorithm must fit each other (SIGNATURES.md, "algorithms are bound to the key"), so that no caller can
//! check an RSA signature with a curve's hash or take a 1024-bit modulus.

mod asking;

use std::borrow::Cow;

pub use asking::{Asking, Question, raw_ecdsa};

use base64ct::Encoding as _;
use sha2::Digest as _;

use crate::bytes::{find, sub};

/// A digest of the profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hash {
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl Hash {
    /// The digest of `bytes`.
    pub fn digest(self, bytes: &[u8]) -> Vec<u8> {
        match self {
            Hash::Sha256 => sha2::Sha256::digest(bytes).to_vec(),
            Hash::Sha384 => sha2::Sha384::digest(bytes).to_vec(),
            Hash::Sha512 => sha2::Sha512::digest(bytes).to_vec(),
        }
    }

    /// The digest's length in bytes.
    pub fn output_len(self) -> usize {
        match self {
            Hash::Sha256 => 32,
            Hash::Sha384 => 48,
            Hash::Sha512 => 64,
        }
    }
}

/// A signature scheme of the profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// RSASSA-PKCS1-v1_5.
    RsaPkcs1(Hash),
    /// RSASSA-PSS with MGF1 of the same hash and a salt as long as the hash (RFC 6931 §2.3.10).
    RsaPss(Hash),
    /// ECDSA, the signature as the raw r ‖ s of XML Signature (not DER).
    Ecdsa(Hash),
}

/// What the arithmetic of a signature check said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The signature verifies.
    Valid,
    /// It does not.
    Invalid,
    /// Not known yet: taken as valid for now and asked for (see [`Asking`]). A verdict reached on
    /// an assumption is only provisional.
    Assumed,
}

/// Who does the arithmetic of signature checks: RustCrypto, here and now ([`Native`]), or a
/// runtime's WebCrypto, asked afterwards ([`Asking`]). Only the arithmetic is theirs: the key, the
/// scheme and whether they fit are settled before they are asked.
pub trait Arithmetic: Sync {
    /// A document's or a trust list's signature, with a key that admits it.
    fn document(&self, key: &PublicKey, scheme: Scheme, message: &[u8], signature: &[u8])
    -> Answer;

    /// A certificate's signature (see [`verify_certificate_signature`] for the arguments).
    fn certificate(
        &self,
        scheme: CertificateScheme,
        subject_public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Answer;
}

/// RustCrypto's arithmetic, answered at once.
#[cfg(feature = "rustcrypto")]
#[derive(Clone, Copy, Debug, Default)]
pub struct Native;

#[cfg(feature = "rustcrypto")]
impl Arithmetic for Native {
    fn document(
        &self,
        key: &PublicKey,
        scheme: Scheme,
        message: &[u8],
        signature: &[u8],
    ) -> Answer {
        match key.arithmetic(scheme, message, signature) {
            Ok(()) => Answer::Valid,
            Err(_) => Answer::Invalid,
        }
    }

    fn certificate(
        &self,
        scheme: CertificateScheme,
        subject_public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Answer {
        if verify_certificate_signature(scheme, subject_public_key, message, signature) {
            Answer::Valid
        } else {
            Answer::Invalid
        }
    }
}

/// A public key of a kind the profile takes, with the SubjectPublicKeyInfo it was read from (what
/// a runtime's WebCrypto imports when it is asked to do the arithmetic) and, where RustCrypto is
/// built in (feature `rustcrypto`), RustCrypto's reading of it.
#[derive(Clone, Debug)]
pub struct PublicKey {
    spki: Vec<u8>,
    kind: Kind,
    #[cfg(feature = "rustcrypto")]
    key: Key,
}

/// What the profile needs to know of a key to admit a check: its family, curve and length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// RSA, at least 2048 bits; the modulus' length in bytes.
    Rsa(usize),
    /// ECDSA on P-256.
    P256,
    /// ECDSA on P-384.
    P384,
}

#[cfg(feature = "rustcrypto")]
#[derive(Clone, Debug)]
enum Key {
    Rsa(rsa::PublicKey),
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
}

/// Why a key, a signature or an encoding is refused: a stable code and a reason in English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRefused {
    /// `key.unsupported`, `key.malformed`, `key.weak`, `signature.mismatch` (the algorithm does
    /// not fit the key), `signature.length`, `signature.invalid`.
    pub code: &'static str,
    /// What is wrong.
    pub reason: Cow<'static, str>,
}

fn refused(code: &'static str, reason: &'static str) -> KeyRefused {
    KeyRefused {
        code,
        reason: Cow::Borrowed(reason),
    }
}

/// RSA moduli below this many bits are refused (SIGNATURES.md: RSA ≥ 2048 bits).
const RSA_MIN_BITS: usize = 2048;

/// The DER of the ecPublicKey OID (1.2.840.10045.2.1), which an EC key's algorithm begins with.
const EC_PUBLIC_KEY: &[u8] = &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];

/// The modulus length in bytes of a PKCS #1 RSAPublicKey (`SEQUENCE { n INTEGER, e INTEGER }`),
/// which must be positive and of 2048 bits or more, with an odd exponent from 3 to 2^33 - 1.
fn rsa_modulus_len(der: &[u8]) -> Result<usize, KeyRefused> {
    use crate::der::{INTEGER, SEQUENCE, expect};
    let malformed = || refused("key.malformed", "not an RSA public key");
    let (_, body, trailing) = expect(der, SEQUENCE).ok_or_else(malformed)?;
    let (_, n, rest) = expect(body, INTEGER).ok_or_else(malformed)?;
    let (_, e, rest) = expect(rest, INTEGER).ok_or_else(malformed)?;
    let positive = |int: &[u8]| match int {
        [0, next, ..] => *next >= 0x80,
        [first, ..] => *first < 0x80 && *first != 0,
        [] => false,
    };
    if !trailing.is_empty() || !rest.is_empty() || !positive(n) || !positive(e) {
        return Err(malformed());
    }
    // An odd exponent from 3 to 2^33 - 1, as RustCrypto takes them: e = 1 would make every value
    // its own signature, whoever does the arithmetic.
    let exponent = e
        .iter()
        .try_fold(0u64, |v, b| v.checked_mul(256).map(|v| v | u64::from(*b)));
    if !exponent.is_some_and(|e| e & 1 == 1 && (3..1 << 33).contains(&e)) {
        return Err(malformed());
    }
    let size = n.len() - usize::from(n[0] == 0);
    if size * 8 < RSA_MIN_BITS {
        return Err(refused("key.weak", "an RSA key shorter than 2048 bits"));
    }
    Ok(size)
}

impl PublicKey {
    /// The key a DER SubjectPublicKeyInfo holds: RSA (rsaEncryption) of 2048 bits or more, or an
    /// EC key on P-256 or P-384; anything else is refused with its reason.
    pub fn from_spki_der(der: &[u8]) -> Result<PublicKey, KeyRefused> {
        use rustls_pki_types::alg_id;
        let (algorithm, point) = crate::der::key_of(der)
            .ok_or_else(|| refused("key.malformed", "not a DER SubjectPublicKeyInfo"))?;
        let ec = |kind, len| {
            // Uncompressed, as certificates carry them and every WebCrypto imports them.
            if point.len() == len && point[0] == 4 {
                Ok(kind)
            } else {
                Err(refused(
                    "key.malformed",
                    "not an uncompressed point of its curve",
                ))
            }
        };
        let kind = if algorithm == alg_id::RSA_ENCRYPTION.as_ref() {
            Kind::Rsa(rsa_modulus_len(point)?)
        } else if algorithm == alg_id::ECDSA_P256.as_ref() {
            ec(Kind::P256, 65)?
        } else if algorithm == alg_id::ECDSA_P384.as_ref() {
            ec(Kind::P384, 97)?
        } else if algorithm.starts_with(EC_PUBLIC_KEY) {
            return Err(refused(
                "key.unsupported",
                "an EC key on a curve other than P-256 or P-384",
            ));
        } else {
            return Err(refused(
                "key.unsupported",
                "a key that is neither RSA nor ECDSA (DSA and others are outside the profile)",
            ));
        };
        Ok(PublicKey {
            spki: der.to_vec(),
            kind,
            #[cfg(feature = "rustcrypto")]
            key: rustcrypto_key(kind, point)?,
        })
    }

    /// The key of a PEM `PUBLIC KEY` (a SubjectPublicKeyInfo) or of a PEM `CERTIFICATE`'s
    /// subject (read from the certificate without judging it).
    pub fn from_pem(text: &str) -> Result<PublicKey, KeyRefused> {
        let (label, der) = pem(text)?;
        match label.as_str() {
            "PUBLIC KEY" => PublicKey::from_spki_der(&der),
            _ => Err(refused(
                "key.malformed",
                "a PEM block other than PUBLIC KEY",
            )),
        }
    }

    /// The length a signature by this key has: the modulus' bytes, or r ‖ s.
    pub fn signature_len(&self) -> usize {
        match self.kind {
            Kind::Rsa(size) => size,
            Kind::P256 => 64,
            Kind::P384 => 96,
        }
    }

    /// Whether `scheme` may be used with this key: RSA schemes with an RSA key; ECDSA with an EC
    /// key and a hash at least as strong as its curve (P-256: SHA-256 and up; P-384: SHA-384 and
    /// up), so that no signature is weaker than the key that made it.
    pub fn fits(&self, scheme: Scheme) -> Result<(), KeyRefused> {
        let fits = match (self.kind, scheme) {
            (Kind::Rsa(_), Scheme::RsaPkcs1(_) | Scheme::RsaPss(_)) => true,
            (Kind::P256, Scheme::Ecdsa(_)) => true,
            (Kind::P384, Scheme::Ecdsa(h)) => h != Hash::Sha256,
            _ => false,
        };
        if fits {
            Ok(())
        } else {
            Err(refused(
                "signature.mismatch",
                "the signature method does not fit the key (its family, curve or hash)",
            ))
        }
    }

    /// Checks `signature` over `message` with this key under `scheme`, which must fit it. The
    /// signature must have exactly the key's length (an ECDSA signature in DER is refused).
    #[cfg(feature = "rustcrypto")]
    pub fn verify(
        &self,
        scheme: Scheme,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), KeyRefused> {
        self.admits(scheme, signature)?;
        self.arithmetic(scheme, message, signature)
    }

    /// Whether a signature may be checked with this key at all: the scheme fits the key and the
    /// value has the key's length. What is left is arithmetic, whoever does it.
    pub fn admits(&self, scheme: Scheme, signature: &[u8]) -> Result<(), KeyRefused> {
        self.fits(scheme)?;
        if signature.len() != self.signature_len() {
            return Err(refused(
                "signature.length",
                "the signature value is not as long as the key's signatures",
            ));
        }
        Ok(())
    }

    /// The key's SubjectPublicKeyInfo, DER.
    pub fn spki(&self) -> &[u8] {
        &self.spki
    }

    /// Whether this key is on P-384 (the curve a runtime is told when it imports the key).
    pub fn is_p384(&self) -> bool {
        self.kind == Kind::P384
    }

    /// RustCrypto's arithmetic, once [`admits`](Self::admits) passed.
    #[cfg(feature = "rustcrypto")]
    fn arithmetic(
        &self,
        scheme: Scheme,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), KeyRefused> {
        let invalid = || {
            refused(
                "signature.invalid",
                "the signature value does not verify with the key",
            )
        };
        match (&self.key, scheme) {
            (Key::Rsa(key), Scheme::RsaPkcs1(h)) => {
                let hashed = h.digest(message);
                let padding = match h {
                    Hash::Sha256 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
                    Hash::Sha384 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
                    Hash::Sha512 => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
                };
                key.verify(padding, &hashed, signature)
                    .map_err(|_| invalid())
            }
            (Key::Rsa(key), Scheme::RsaPss(h)) => {
                let hashed = h.digest(message);
                match h {
                    Hash::Sha256 => key.pss_verify_prehash::<sha2::Sha256>(&hashed, signature),
                    Hash::Sha384 => key.pss_verify_prehash::<sha2::Sha384>(&hashed, signature),
                    Hash::Sha512 => key.pss_verify_prehash::<sha2::Sha512>(&hashed, signature),
                }
                .map_err(|_| invalid())
            }
            (Key::P256(key), Scheme::Ecdsa(h)) => {
                use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
                let sig = p256::ecdsa::Signature::from_slice(signature).map_err(|_| {
                    refused("signature.invalid", "not an ECDSA P-256 signature (r ‖ s)")
                })?;
                key.verify_prehash(&h.digest(message), &sig)
                    .map_err(|_| invalid())
            }
            (Key::P384(key), Scheme::Ecdsa(h)) => {
                use p384::ecdsa::signature::hazmat::PrehashVerifier as _;
                let sig = p384::ecdsa::Signature::from_slice(signature).map_err(|_| {
                    refused("signature.invalid", "not an ECDSA P-384 signature (r ‖ s)")
                })?;
                key.verify_prehash(&h.digest(message), &sig)
                    .map_err(|_| invalid())
            }
            _ => Err(refused(
                "signature.mismatch",
                "the signature method does not fit the key (its family, curve or hash)",
            )),
        }
    }
}

/// RustCrypto's reading of a key the profile admitted (`point`: its bit string).
#[cfg(feature = "rustcrypto")]
fn rustcrypto_key(kind: Kind, point: &[u8]) -> Result<Key, KeyRefused> {
    use rsa::pkcs1::DecodeRsaPublicKey as _;
    match kind {
        Kind::Rsa(_) => rsa::PublicKey::from_pkcs1_der(point)
            .map(Key::Rsa)
            .map_err(|_| refused("key.malformed", "not an RSA public key")),
        Kind::P256 => p256::ecdsa::VerifyingKey::from_sec1_bytes(point)
            .map(Key::P256)
            .map_err(|_| refused("key.malformed", "not a point on P-256")),
        Kind::P384 => p384::ecdsa::VerifyingKey::from_sec1_bytes(point)
            .map(Key::P384)
            .map_err(|_| refused("key.malformed", "not a point on P-384")),
    }
}

/// A private key, for the native signing tools only (documents and trust lists).
#[cfg(all(feature = "signing", not(target_arch = "wasm32")))]
pub enum PrivateKey {
    /// RSA, at least 2048 bits.
    Rsa(rsa::PrivateKey),
    /// ECDSA on P-256.
    P256(p256::ecdsa::SigningKey),
    /// ECDSA on P-384.
    P384(p384::ecdsa::SigningKey),
}

#[cfg(all(feature = "signing", not(target_arch = "wasm32")))]
impl PrivateKey {
    /// The key of a PEM `PRIVATE KEY` (PKCS #8), as `openssl genpkey` writes it, or of the older
    /// `RSA PRIVATE KEY` (PKCS #1) and `EC PRIVATE KEY` (SEC 1) forms.
    pub fn from_pem(text: &str) -> Result<PrivateKey, KeyRefused> {
        use p256::pkcs8::DecodePrivateKey as _;
        use rsa::pkcs1::DecodeRsaPrivateKey as _;
        use rsa::traits::PublicKeyParts as _;
        let (label, der) = pem(text)?;
        let malformed = || {
            refused(
                "key.malformed",
                "not a private key of the profile (RSA, P-256, P-384)",
            )
        };
        let key = match label.as_str() {
            "PRIVATE KEY" => rsa::PrivateKey::from_pkcs8_der(&der)
                .map(PrivateKey::Rsa)
                .or_else(|_| p256::ecdsa::SigningKey::from_pkcs8_der(&der).map(PrivateKey::P256))
                .or_else(|_| p384::ecdsa::SigningKey::from_pkcs8_der(&der).map(PrivateKey::P384))
                .map_err(|_| malformed())?,
            "RSA PRIVATE KEY" => rsa::PrivateKey::from_pkcs1_der(&der)
                .map(PrivateKey::Rsa)
                .map_err(|_| malformed())?,
            "EC PRIVATE KEY" => p256::SecretKey::from_sec1_der(&der)
                .map(|k| PrivateKey::P256(k.into()))
                .or_else(|_| {
                    p384::SecretKey::from_sec1_der(&der).map(|k| PrivateKey::P384(k.into()))
                })
                .map_err(|_| malformed())?,
            _ => {
                return Err(refused(
                    "key.malformed",
                    "a PEM block other than a private key",
                ));
            }
        };
        if let PrivateKey::Rsa(k) = &key
            && k.size() * 8 < RSA_MIN_BITS
        {
            return Err(refused("key.weak", "an RSA key shorter than 2048 bits"));
        }
        Ok(key)
    }

    /// The scheme this key signs with: RSA PKCS #1 v1.5 with SHA-256, or ECDSA with the hash of
    /// its curve's strength.
    pub fn scheme(&self) -> Scheme {
        match self {
            PrivateKey::Rsa(_) => Scheme::RsaPkcs1(Hash::Sha256),
            PrivateKey::P256(_) => Scheme::Ecdsa(Hash::Sha256),
            PrivateKey::P384(_) => Scheme::Ecdsa(Hash::Sha384),
        }
    }

    /// The public half.
    pub fn public_key(&self) -> PublicKey {
        use rsa::pkcs1::EncodeRsaPublicKey as _;
        use rsa::traits::PublicKeyParts as _;
        use rustls_pki_types::alg_id;
        let (key, kind, algorithm, subject_key) = match self {
            PrivateKey::Rsa(k) => {
                let public = k.to_public_key();
                let der = public
                    .to_pkcs1_der()
                    .map(|d| d.as_bytes().to_vec())
                    .unwrap_or_default();
                let size = public.size();
                (
                    Key::Rsa(public),
                    Kind::Rsa(size),
                    alg_id::RSA_ENCRYPTION,
                    der,
                )
            }
            PrivateKey::P256(k) => (
                Key::P256(*k.verifying_key()),
                Kind::P256,
                alg_id::ECDSA_P256,
                k.verifying_key().to_sec1_point(false).as_bytes().to_vec(),
            ),
            PrivateKey::P384(k) => (
                Key::P384(*k.verifying_key()),
                Kind::P384,
                alg_id::ECDSA_P384,
                k.verifying_key().to_sec1_point(false).as_bytes().to_vec(),
            ),
        };
        PublicKey {
            spki: spki_der(&algorithm, &subject_key),
            kind,
            key,
        }
    }

    /// Signs `message` under `scheme` (which must be this key's kind): RSA as PKCS #1 v1.5 or PSS,
    /// ECDSA as r ‖ s (RFC 6979, deterministic).
    pub fn sign(&self, scheme: Scheme, message: &[u8]) -> Result<Vec<u8>, KeyRefused> {
        use p256::ecdsa::signature::hazmat::PrehashSigner as _;
        let failed = |_| refused("signature.failed", "the key could not sign");
        match (self, scheme) {
            (PrivateKey::Rsa(k), Scheme::RsaPkcs1(h)) => {
                let padding = match h {
                    Hash::Sha256 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
                    Hash::Sha384 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
                    Hash::Sha512 => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
                };
                k.sign(padding, &h.digest(message)).map_err(failed)
            }
            (PrivateKey::Rsa(k), Scheme::RsaPss(h)) => {
                let hashed = h.digest(message);
                match h {
                    Hash::Sha256 => k.pss_sign_prehash::<sha2::Sha256>(&hashed),
                    Hash::Sha384 => k.pss_sign_prehash::<sha2::Sha384>(&hashed),
                    Hash::Sha512 => k.pss_sign_prehash::<sha2::Sha512>(&hashed),
                }
                .map_err(failed)
            }
            (PrivateKey::P256(k), Scheme::Ecdsa(h)) => {
                let sig: p256::ecdsa::Signature = k
                    .sign_prehash(&h.digest(message))
                    .map_err(|_| refused("signature.failed", "the key could not sign"))?;
                Ok(sig.to_bytes().to_vec())
            }
            (PrivateKey::P384(k), Scheme::Ecdsa(h)) => {
                use p384::ecdsa::signature::hazmat::PrehashSigner as _;
                let sig: p384::ecdsa::Signature = k
                    .sign_prehash(&h.digest(message))
                    .map_err(|_| refused("signature.failed", "the key could not sign"))?;
                Ok(sig.to_bytes().to_vec())
            }
            _ => Err(refused(
                "signature.mismatch",
                "the signature method does not fit the key (its family, curve or hash)",
            )),
        }
    }
}

/// Base64 with `=` padding, in lines of 64 characters as PEM and xmlsec1 write it.
#[cfg(all(feature = "signing", not(target_arch = "wasm32")))]
pub fn base64_lines(bytes: &[u8]) -> String {
    let flat = base64ct::Base64::encode_string(bytes);
    let mut out = String::with_capacity(flat.len() + flat.len() / 64 + 1);
    for (i, c) in flat.chars().enumerate() {
        if i > 0 && i % 64 == 0 {
            out.push('\n');
        }
        out.push(c);
    }
    out
}

/// Base64url without padding, as JWS writes it.
#[cfg(all(feature = "signing", not(target_arch = "wasm32")))]
pub fn base64url_encode(bytes: &[u8]) -> String {
    base64ct::Base64UrlUnpadded::encode_string(bytes)
}

/// A certificate's signature algorithm (X.509: ECDSA signatures in DER).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertificateScheme {
    /// RSASSA-PKCS1-v1_5.
    RsaPkcs1(Hash),
    /// RSASSA-PSS, MGF1 of the same hash, salt as long as the hash.
    RsaPss(Hash),
    /// ECDSA on P-256, the signature in DER.
    EcdsaP256(Hash),
    /// ECDSA on P-384, the signature in DER.
    EcdsaP384(Hash),
}

/// Checks a certificate's signature: `subject_public_key` is the issuer's key as its
/// SubjectPublicKeyInfo's bit string holds it (PKCS #1 for RSA, a SEC1 point for EC), `message` the
/// signed TBS bytes. RSA keys below 2048 bits fail, as for documents.
#[cfg(feature = "rustcrypto")]
pub fn verify_certificate_signature(
    scheme: CertificateScheme,
    subject_public_key: &[u8],
    message: &[u8],
    signature: &[u8],
) -> bool {
    use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
    match scheme {
        CertificateScheme::RsaPkcs1(h) | CertificateScheme::RsaPss(h) => {
            use rsa::pkcs1::DecodeRsaPublicKey as _;
            use rsa::traits::PublicKeyParts as _;
            let Ok(key) = rsa::PublicKey::from_pkcs1_der(subject_public_key) else {
                return false;
            };
            if key.size() * 8 < RSA_MIN_BITS {
                return false;
            }
            let scheme = match scheme {
                CertificateScheme::RsaPss(_) => Scheme::RsaPss(h),
                _ => Scheme::RsaPkcs1(h),
            };
            let key = PublicKey {
                spki: Vec::new(),
                kind: Kind::Rsa(key.size()),
                key: Key::Rsa(key),
            };
            key.verify(scheme, message, signature).is_ok()
        }
        CertificateScheme::EcdsaP256(h) => {
            let (Ok(key), Ok(sig)) = (
                p256::ecdsa::VerifyingKey::from_sec1_bytes(subject_public_key),
                p256::ecdsa::Signature::from_der(signature),
            ) else {
                return false;
            };
            key.verify_prehash(&h.digest(message), &sig).is_ok()
        }
        CertificateScheme::EcdsaP384(h) => {
            let (Ok(key), Ok(sig)) = (
                p384::ecdsa::VerifyingKey::from_sec1_bytes(subject_public_key),
                p384::ecdsa::Signature::from_der(signature),
            ) else {
                return false;
            };
            key.verify_prehash(&h.digest(message), &sig).is_ok()
        }
    }
}

/// The SHA-256 of `parts`, each prefixed with its length (so that no byte can move from one part
/// to the next): what identifies a signature check by its content (key, bytes, signature), so that
/// a remembered answer answers only for exactly those.
pub fn content_key(parts: &[&[u8]]) -> [u8; 32] {
    let mut input = Vec::with_capacity(parts.iter().map(|p| p.len() + 4).sum());
    for part in parts {
        input.extend_from_slice(&u32::try_from(part.len()).unwrap_or(u32::MAX).to_be_bytes());
        input.extend_from_slice(part);
    }
    let mut key = [0u8; 32];
    key.copy_from_slice(&Hash::Sha256.digest(&input));
    key
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// A DER element: `tag`, its length, `contents`.
fn der(tag: u8, contents: &[&[u8]]) -> Vec<u8> {
    let len: usize = contents.iter().map(|c| c.len()).sum();
    let mut out = vec![tag];
    let bytes = len.to_be_bytes();
    let significant = bytes
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(bytes.len() - 1);
    let digits = &bytes[significant..];
    if len < 0x80 {
        out.extend_from_slice(digits);
    } else {
        // The long form: 0x80 | how many length bytes follow (at most 8, so no overflow).
        out.push(0x80 | u8::try_from(digits.len()).unwrap_or(8));
        out.extend_from_slice(digits);
    }
    for c in contents {
        out.extend_from_slice(c);
    }
    out
}

/// A SubjectPublicKeyInfo of an algorithm identifier's contents (as webpki's `alg_id` holds them)
/// and the key's bit string (PKCS #1 for RSA, a SEC 1 point for EC).
pub fn spki_der(algorithm: &[u8], subject_public_key: &[u8]) -> Vec<u8> {
    der(
        0x30,
        &[
            &der(0x30, &[algorithm]),
            &der(0x03, &[&[0], subject_public_key]),
        ],
    )
}

/// The label and bytes of one PEM block (RFC 7468), the first in `text`.
pub fn pem(text: &str) -> Result<(String, Vec<u8>), KeyRefused> {
    first_pem(text).map(|(label, der, _)| (label, der))
}

/// The first PEM block of `text`, and where it ends (past the dashes that close its END line).
fn first_pem(text: &str) -> Result<(String, Vec<u8>, usize), KeyRefused> {
    let start = find(text.as_bytes(), b"-----BEGIN ")
        .ok_or_else(|| refused("key.malformed", "no PEM block"))?;
    let block = sub(text, start..).as_bytes();
    let end = find(block, b"-----END ")
        .and_then(|e| find(block.get(e + 9..)?, b"-----").map(|i| e + 9 + i + 5))
        .ok_or_else(|| refused("key.malformed", "a PEM block without its end line"))?;
    let (label, der) = pem_rfc7468::decode_vec(&block[..end])
        .map_err(|_| refused("key.malformed", "a malformed PEM block"))?;
    Ok((label.to_owned(), der, start + end))
}

/// Every PEM block of `text` with its label, in order (a chain file holds several).
pub fn pem_blocks(text: &str) -> Result<Vec<(String, Vec<u8>)>, KeyRefused> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while find(rest.as_bytes(), b"-----BEGIN ").is_some() {
        let (label, der, end) = first_pem(rest)?;
        blocks.push((label, der));
        rest = sub(rest, end..);
    }
    Ok(blocks)
}

/// Base64url without padding, as JWS (RFC 7515) writes it, read strictly.
pub fn base64url(text: &str) -> Option<Vec<u8>> {
    base64ct::Base64UrlUnpadded::decode_vec(text).ok()
}

/// Base64 as XML Signature writes it (RFC 2045's alphabet, `=` padding), read strictly: XML white
/// space between the characters is dropped, then the alphabet, the padding and zero pad bits are
/// required, so that one value has one spelling.
pub fn strict_base64(text: &str) -> Option<Vec<u8>> {
    let compact: Cow<'_, str> = if text
        .bytes()
        .any(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    {
        Cow::Owned(
            text.chars()
                .filter(|c| !matches!(c, ' ' | '\t' | '\r' | '\n'))
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    };
    base64ct::Base64::decode_vec(&compact).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_has_one_spelling() {
        assert_eq!(strict_base64("YWJj").as_deref(), Some(&b"abc"[..]));
        assert_eq!(strict_base64(" YW\r\n Jj\t").as_deref(), Some(&b"abc"[..]));
        assert_eq!(strict_base64("YWI=").as_deref(), Some(&b"ab"[..]));
        for bad in ["YWI", "YWJ=", "YW=I", "YW_j", "YWJj=", "Y", "YWI==", "#WJj"] {
            assert_eq!(strict_base64(bad), None, "{bad}");
        }
        assert_eq!(strict_base64("").as_deref(), Some(&b""[..]));
    }

    #[test]
    fn digests_have_their_lengths() {
        for h in [Hash::Sha256, Hash::Sha384, Hash::Sha512] {
            assert_eq!(h.digest(b"abc").len(), h.output_len());
        }
        // FIPS 180-2, appendix B.1.
        assert_eq!(
            Hash::Sha256.digest(b"abc")[..4],
            [0xba, 0x78, 0x16, 0xbf],
            "SHA-256 of abc"
        );
    }

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    fn vector(name: &str) -> String {
        std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/vectors/wycheproof-pss")
                .join(name),
        )
        .unwrap()
    }

    /// RSA-PSS (SHA-256, MGF1, 32-byte salt) as Wycheproof's vectors have it: xmlsec1 has no PSS,
    /// so the vectors and the own signer are the peers.
    #[test]
    fn rsa_pss_as_the_wycheproof_vectors_say() {
        let key = PublicKey::from_pem(&vector("public.pem")).unwrap();
        let mut seen = 0;
        for line in vector("cases.tsv").lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            let ok = key.verify(Scheme::RsaPss(Hash::Sha256), &hex(f[2]), &hex(f[3]));
            assert_eq!(ok.is_ok(), f[1] == "valid", "tcId {}: {ok:?}", f[0]);
            // The same value is no PKCS #1 v1.5 signature.
            assert!(
                key.verify(Scheme::RsaPkcs1(Hash::Sha256), &hex(f[2]), &hex(f[3]))
                    .is_err()
            );
            seen += 1;
        }
        assert_eq!(seen, 7);
    }

    #[cfg(all(feature = "signing", not(target_arch = "wasm32")))]
    #[test]
    fn the_own_signer_round_trips_every_scheme() {
        let pem = |name: &str| {
            std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("demo/keys")
                    .join(name),
            )
            .unwrap()
        };
        let rsa = PrivateKey::from_pem(&pem("th-signing.key.pem")).unwrap();
        let ec = PrivateKey::from_pem(&pem("sg-signing.key.pem")).unwrap();
        for (key, schemes) in [
            (
                &rsa,
                vec![
                    Scheme::RsaPkcs1(Hash::Sha256),
                    Scheme::RsaPkcs1(Hash::Sha512),
                    Scheme::RsaPss(Hash::Sha256),
                    Scheme::RsaPss(Hash::Sha384),
                    Scheme::RsaPss(Hash::Sha512),
                ],
            ),
            (
                &ec,
                vec![Scheme::Ecdsa(Hash::Sha256), Scheme::Ecdsa(Hash::Sha512)],
            ),
        ] {
            let public = key.public_key();
            // The public half's SubjectPublicKeyInfo, written here, is openssl's byte for byte.
            let cert = pem(match key {
                PrivateKey::Rsa(_) => "th-signing.cert.pem",
                _ => "sg-signing.cert.pem",
            });
            let der = super::pem(&cert).unwrap().1;
            let openssl = {
                use x509_cert::der::{Decode as _, Encode as _};
                x509_cert::Certificate::from_der(&der)
                    .unwrap()
                    .tbs_certificate()
                    .subject_public_key_info()
                    .to_der()
                    .unwrap()
            };
            assert_eq!(public.spki(), openssl.as_slice());
            assert_eq!(
                PublicKey::from_spki_der(&openssl).unwrap().spki(),
                public.spki()
            );
            for scheme in schemes {
                let sig = key.sign(scheme, b"message").unwrap();
                assert!(
                    public.verify(scheme, b"message", &sig).is_ok(),
                    "{scheme:?}"
                );
                assert!(
                    public.verify(scheme, b"messagf", &sig).is_err(),
                    "{scheme:?}"
                );
            }
        }
        assert!(rsa.sign(Scheme::Ecdsa(Hash::Sha256), b"m").is_err());
    }

    #[test]
    fn a_chain_file_holds_every_block_in_order() {
        let read = |name: &str| {
            std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("demo/keys")
                    .join(name),
            )
            .unwrap()
        };
        let chain = format!(
            "leaf:\n{}\nthen its issuer:\n{}",
            read("sg-signing.cert.pem"),
            read("sg-intermediate.cert.pem")
        );
        let blocks = pem_blocks(&chain).unwrap();
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].1, pem(&read("sg-signing.cert.pem")).unwrap().1);
        assert_eq!(
            blocks[1].1,
            pem(&read("sg-intermediate.cert.pem")).unwrap().1
        );
        assert!(pem_blocks("no blocks here").unwrap().is_empty());
        let cut = format!(
            "{}-----BEGIN CERTIFICATE-----\nAAAA",
            read("sg-signing.cert.pem")
        );
        assert_eq!(pem_blocks(&cut).unwrap_err().code, "key.malformed");
    }

    #[test]
    fn keys_that_are_not_of_the_profile_are_refused() {
        use rustls_pki_types::alg_id;
        let code = |der: &[u8]| PublicKey::from_spki_der(der).err().map(|e| e.code);
        assert_eq!(code(b"\x30\x00"), Some("key.malformed"));
        // RSA: `SEQUENCE { n, e }`, n of `bytes` bytes with its top bit set.
        let rsa = |bytes: usize, e: &[u8]| {
            let n = [&[0u8, 0xc0][..], &vec![0x11; bytes - 1]].concat();
            spki_der(
                &alg_id::RSA_ENCRYPTION,
                &der(0x30, &[&der(0x02, &[&n]), &der(0x02, &[e])]),
            )
        };
        assert_eq!(code(&rsa(256, &[1, 0, 1])), None);
        assert_eq!(
            PublicKey::from_spki_der(&rsa(256, &[1, 0, 1]))
                .unwrap()
                .signature_len(),
            256
        );
        assert_eq!(code(&rsa(128, &[1, 0, 1])), Some("key.weak"));
        for e in [&[1u8][..], &[2], &[0], &[0x02, 0, 0, 0, 1], &[0x80]] {
            assert_eq!(code(&rsa(256, e)), Some("key.malformed"), "{e:?}");
        }
        let with_trailing = [rsa(256, &[3]).as_slice(), &[0]].concat();
        assert_eq!(code(&with_trailing), Some("key.malformed"));
        // EC: an uncompressed point of the curve's length; another curve; another algorithm.
        let point = [&[4u8][..], &[7; 64]].concat();
        assert_eq!(
            code(&spki_der(&alg_id::ECDSA_P256, &point)),
            if cfg!(feature = "rustcrypto") {
                // Not on the curve: RustCrypto says so; without it, WebCrypto's import will.
                Some("key.malformed")
            } else {
                None
            }
        );
        let compressed = [&[2u8][..], &[7; 32]].concat();
        assert_eq!(
            code(&spki_der(&alg_id::ECDSA_P256, &compressed)),
            Some("key.malformed")
        );
        assert_eq!(
            code(&spki_der(&alg_id::ECDSA_P384, &point)),
            Some("key.malformed")
        );
        let secp256k1 = [EC_PUBLIC_KEY, &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a]].concat();
        assert_eq!(code(&spki_der(&secp256k1, &point)), Some("key.unsupported"));
        assert_eq!(
            code(&spki_der(&alg_id::ED25519, &[0; 32])),
            Some("key.unsupported")
        );
    }
}
