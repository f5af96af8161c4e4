//! The trust list's envelope: a JWS in its flattened JSON serialisation (RFC 7515 §7.2.2), so that
//! an operator can sign a list with any JOSE tool as well as with `eco-validator trust sign`:
//!
//! ```json
//! { "protected": "<base64url of {\"alg\":\"RS256\",\"typ\":\"eco-validator-trust-list+json\"}>",
//!   "payload": "<base64url of the list's JSON>",
//!   "signature": "<base64url>" }
//! ```
//!
//! `typ` is required and must name this format, so that nothing else the operator's key signed
//! reads as a trust list. `alg`: RS256/384/512, PS256/384/512, ES256/384 (ECDSA as JWS writes it,
//! r ‖ s).

use crate::crypto::{Hash, PublicKey, Scheme, base64url};
use crate::jsondata::{self, At, Fail, Json};

/// The `typ` a trust list's protected header carries.
pub const TYP: &str = "eco-validator-trust-list+json";

/// An envelope read: the payload, and what the signature covers.
pub struct Envelope {
    /// The list's JSON, as signed.
    pub payload: String,
    scheme: Scheme,
    signing_input: String,
    signature: Vec<u8>,
}

/// Whether `tree` is an envelope rather than a bare list: an object with `payload`.
pub fn is_envelope(tree: &Json<'_>) -> bool {
    matches!(tree, Json::Object(members) if members.iter().any(|(n, _)| n == "payload"))
}

/// Reads the envelope (its header's `alg` and `typ`, the payload decoded).
#[cold]
pub fn read(root: At<'_>, source: &str) -> Result<Envelope, Fail> {
    let mut m = root.members()?;
    let protected_at = m.required("protected")?;
    let protected = protected_at.str()?;
    let payload_at = m.required("payload")?;
    let payload = payload_at.str()?;
    let signature_at = m.required("signature")?;
    let signature = base64url(signature_at.str()?)
        .ok_or_else(|| signature_at.error("must be base64url without padding"))?;
    m.done()?;
    let header = base64url(protected)
        .and_then(|h| String::from_utf8(h).ok())
        .ok_or_else(|| protected_at.error("must be base64url of a UTF-8 JSON header"))?;
    let tree = jsondata::parse(&header, source, "trust-list.envelope")?;
    let at = At::root(&tree, source, "trust-list.envelope");
    let mut h = at.members()?;
    let alg_at = h.required("alg")?;
    let scheme = match alg_at.str()? {
        "RS256" => Scheme::RsaPkcs1(Hash::Sha256),
        "RS384" => Scheme::RsaPkcs1(Hash::Sha384),
        "RS512" => Scheme::RsaPkcs1(Hash::Sha512),
        "PS256" => Scheme::RsaPss(Hash::Sha256),
        "PS384" => Scheme::RsaPss(Hash::Sha384),
        "PS512" => Scheme::RsaPss(Hash::Sha512),
        "ES256" => Scheme::Ecdsa(Hash::Sha256),
        "ES384" => Scheme::Ecdsa(Hash::Sha384),
        _ => return Err(alg_at.refuse("a JWS algorithm of the profile (RS*, PS*, ES256, ES384)")),
    };
    let typ_at = h.required("typ")?;
    if typ_at.str()? != TYP {
        return Err(typ_at.refuse(TYP));
    }
    h.done()?;
    let payload_text = base64url(payload)
        .and_then(|p| String::from_utf8(p).ok())
        .ok_or_else(|| payload_at.error("must be base64url of the list's UTF-8 JSON"))?;
    Ok(Envelope {
        payload: payload_text,
        scheme,
        signing_input: format!("{protected}.{payload}"),
        signature,
    })
}

impl Envelope {
    /// Whether `key` signed this envelope, the arithmetic done by `arithmetic`.
    pub fn verify(
        &self,
        key: &PublicKey,
        arithmetic: &dyn crate::crypto::Arithmetic,
    ) -> Result<(), crate::crypto::KeyRefused> {
        key.admits(self.scheme, &self.signature)?;
        match arithmetic.document(
            key,
            self.scheme,
            self.signing_input.as_bytes(),
            &self.signature,
        ) {
            crate::crypto::Answer::Invalid => Err(crate::crypto::KeyRefused {
                code: "signature.invalid",
                reason: std::borrow::Cow::Borrowed(
                    "the signature value does not verify with the key",
                ),
            }),
            _ => Ok(()),
        }
    }
}

/// The list's JSON signed with `key` (the operator's) in the envelope: RS256, ES256 or ES384 as
/// the key's kind has it.
#[cfg(all(feature = "signing", not(target_arch = "wasm32")))]
pub fn sign(
    payload: &str,
    key: &crate::crypto::PrivateKey,
) -> Result<String, crate::crypto::KeyRefused> {
    use crate::crypto::base64url_encode;
    let scheme = key.scheme();
    let alg = match scheme {
        Scheme::RsaPkcs1(_) => "RS256",
        Scheme::Ecdsa(Hash::Sha384) => "ES384",
        _ => "ES256",
    };
    let protected = base64url_encode(format!("{{\"alg\":\"{alg}\",\"typ\":\"{TYP}\"}}").as_bytes());
    let body = base64url_encode(payload.as_bytes());
    let signature = key.sign(scheme, format!("{protected}.{body}").as_bytes())?;
    Ok(format!(
        "{{\n  \"protected\": \"{protected}\",\n  \"payload\": \"{body}\",\n  \"signature\": \"{}\"\n}}\n",
        base64url_encode(&signature)
    ))
}
