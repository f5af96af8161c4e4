//! The algorithm identifiers of the profile (SIGNATURES.md) and what each means here. An identifier
//! outside the profile is refused with a reason that names what it is, so that a signer learns
//! why (HMAC, SHA-1, DSA, XPath are well-known identifiers, refused on purpose).

use crate::crypto::{Hash, Scheme};
use crate::xml::C14nMethod;

/// The XML Signature namespace.
pub const DSIG_NS: &str = "http://www.w3.org/2000/09/xmldsig#";

/// The enveloped-signature transform.
pub const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

/// A canonicalisation method's identifier.
pub fn canonicalization(uri: &str) -> Result<C14nMethod, &'static str> {
    let (exclusive, comments) = match uri {
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315" => (false, false),
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments" => (false, true),
        "http://www.w3.org/2001/10/xml-exc-c14n#" => (true, false),
        "http://www.w3.org/2001/10/xml-exc-c14n#WithComments" => (true, true),
        "http://www.w3.org/2006/12/xml-c14n11"
        | "http://www.w3.org/2006/12/xml-c14n11#WithComments" => {
            return Err(
                "Canonical XML 1.1, which this verifier does not implement (use 1.0 or exclusive 1.0)",
            );
        }
        _ => return Err("a canonicalisation method outside the profile"),
    };
    Ok(C14nMethod {
        exclusive,
        comments,
    })
}

/// A digest method's identifier.
pub fn digest(uri: &str) -> Result<Hash, &'static str> {
    match uri {
        "http://www.w3.org/2001/04/xmlenc#sha256" => Ok(Hash::Sha256),
        "http://www.w3.org/2001/04/xmldsig-more#sha384" => Ok(Hash::Sha384),
        "http://www.w3.org/2001/04/xmlenc#sha512" => Ok(Hash::Sha512),
        "http://www.w3.org/2000/09/xmldsig#sha1" => Err("SHA-1, which the profile refuses"),
        "http://www.w3.org/2001/04/xmldsig-more#md5" => Err("MD5, which the profile refuses"),
        _ => Err("a digest method outside the profile"),
    }
}

/// A signature method's identifier.
pub fn signature(uri: &str) -> Result<Scheme, &'static str> {
    const MORE: &str = "http://www.w3.org/2001/04/xmldsig-more#";
    const MGF1: &str = "http://www.w3.org/2007/05/xmldsig-more#";
    if let Some(name) = uri.strip_prefix(MORE) {
        match name {
            "rsa-sha256" => return Ok(Scheme::RsaPkcs1(Hash::Sha256)),
            "rsa-sha384" => return Ok(Scheme::RsaPkcs1(Hash::Sha384)),
            "rsa-sha512" => return Ok(Scheme::RsaPkcs1(Hash::Sha512)),
            "ecdsa-sha256" => return Ok(Scheme::Ecdsa(Hash::Sha256)),
            "ecdsa-sha384" => return Ok(Scheme::Ecdsa(Hash::Sha384)),
            "ecdsa-sha512" => return Ok(Scheme::Ecdsa(Hash::Sha512)),
            _ => {}
        }
    }
    if let Some(name) = uri.strip_prefix(MGF1) {
        match name {
            "sha256-rsa-MGF1" => return Ok(Scheme::RsaPss(Hash::Sha256)),
            "sha384-rsa-MGF1" => return Ok(Scheme::RsaPss(Hash::Sha384)),
            "sha512-rsa-MGF1" => return Ok(Scheme::RsaPss(Hash::Sha512)),
            _ => {}
        }
    }
    // Byte searches: `str::contains` of a string brings the two-way searcher into the module.
    let has = |part: &str| crate::bytes::find(uri.as_bytes(), part.as_bytes()).is_some();
    if has("hmac") {
        return Err("an HMAC, a shared secret, which proves nothing about an issuing authority");
    }
    if has("sha1") || has("md5") {
        return Err("a signature over SHA-1 or MD5, which the profile refuses");
    }
    if has("dsa-") && !has("ecdsa") {
        return Err("DSA, which the profile refuses");
    }
    Err("a signature method outside the profile")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_of_the_profile_and_outside_it() {
        assert_eq!(
            signature("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"),
            Ok(Scheme::RsaPkcs1(Hash::Sha256))
        );
        assert_eq!(
            signature("http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1"),
            Ok(Scheme::RsaPss(Hash::Sha512))
        );
        assert!(
            signature("http://www.w3.org/2000/09/xmldsig#hmac-sha1")
                .unwrap_err()
                .contains("HMAC")
        );
        assert!(
            signature("http://www.w3.org/2000/09/xmldsig#rsa-sha1")
                .unwrap_err()
                .contains("SHA-1")
        );
        assert!(
            signature("http://www.w3.org/2000/09/xmldsig#dsa-sha1")
                .unwrap_err()
                .contains("SHA-1")
        );
        assert!(
            signature("http://www.w3.org/2009/xmldsig11#dsa-sha256")
                .unwrap_err()
                .contains("DSA")
        );
        assert_eq!(
            digest("http://www.w3.org/2001/04/xmldsig-more#sha384"),
            Ok(Hash::Sha384)
        );
        assert!(digest("http://www.w3.org/2000/09/xmldsig#sha1").is_err());
        assert_eq!(
            canonicalization("http://www.w3.org/2001/10/xml-exc-c14n#WithComments"),
            Ok(C14nMethod {
                exclusive: true,
                comments: true
            })
        );
        assert!(canonicalization("http://www.w3.org/TR/1999/REC-xpath-19991116").is_err());
    }
}
