//! Signing in the profile, natively: a test and pilot tool (production issuers sign with their HSM
//! or xmlsec1). The signature is the last child of the document element, with nothing around it,
//! so the document less the signature is the document as given: Exclusive XML Canonicalization
//! 1.0 for the `SignedInfo` and as the reference's transform after enveloped-signature, SHA-256,
//! the method the key's kind has, and the certificates in `KeyInfo`. What is written is verified
//! before it is returned.

use crate::convert::{to_u32, to_usize};
use crate::crypto::{Hash, PrivateKey, Scheme, base64_lines};
use crate::limits::Limits;
use crate::xml::{C14nMethod, C14nSubset, Lexer, Scopes, Token, canonicalize, declared_prefix};

use super::algorithms::{DSIG_NS, ENVELOPED};
use super::{Failure, Stage, digest, fail};

const EXC: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";

fn method_uri(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::RsaPkcs1(Hash::Sha256) => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        Scheme::RsaPkcs1(Hash::Sha384) => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
        Scheme::RsaPkcs1(Hash::Sha512) => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
        Scheme::RsaPss(Hash::Sha256) => "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1",
        Scheme::RsaPss(Hash::Sha384) => "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1",
        Scheme::RsaPss(Hash::Sha512) => "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1",
        Scheme::Ecdsa(Hash::Sha256) => "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
        Scheme::Ecdsa(Hash::Sha384) => "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
        Scheme::Ecdsa(Hash::Sha512) => "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512",
    }
}

/// Where the document element's end tag begins; refuses a document that has an XML Signature
/// element already, or an empty document element (`<r/>` has no end tag to sign before).
fn root_end(doc: &str, limits: &Limits) -> Result<usize, Failure> {
    let refuse = |reason| fail(Stage::Profile, "sign.document", reason);
    let mut lexer = Lexer::new(doc, to_usize(limits.max_attributes));
    let mut scopes = Scopes::new(DSIG_NS);
    let mut depth = 0usize;
    let mut end = None;
    loop {
        let at = lexer.position();
        match lexer
            .next_token()
            .map_err(|_| refuse("not well-formed XML"))?
        {
            Token::Eof => break,
            Token::Doctype => {
                return Err(refuse("a DOCTYPE, which a signed document must not have"));
            }
            Token::Start { name, empty, .. } => {
                scopes.open();
                for a in &lexer.attributes {
                    if let Some(prefix) = declared_prefix(a.name) {
                        scopes
                            .declare(prefix, a.value.clone(), at)
                            .map_err(|_| refuse("a namespace error"))?;
                    }
                }
                let prefix = name.split_once(':').map_or("", |(p, _)| p);
                if scopes.resolve(prefix).is_some_and(|r| r.watched) {
                    return Err(refuse(
                        "the document holds an XML Signature element already",
                    ));
                }
                if empty {
                    if depth == 0 {
                        return Err(refuse("an empty document element"));
                    }
                    scopes.close();
                } else {
                    depth += 1;
                }
            }
            Token::End => {
                scopes.close();
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    end = Some(to_usize(at));
                }
            }
            _ => {}
        }
    }
    end.ok_or_else(|| refuse("no document element"))
}

/// The document signed with `key` under `scheme`, `certificates` (DER, the signing certificate
/// first) in `KeyInfo`, or no `KeyInfo` when there are none.
pub fn sign(
    doc: &str,
    key: &PrivateKey,
    scheme: Scheme,
    certificates: &[Vec<u8>],
    limits: &Limits,
) -> Result<String, Failure> {
    let end = root_end(doc, limits)?;
    let c14n = |text: &str, subset| {
        canonicalize(
            text,
            C14nMethod {
                exclusive: true,
                comments: false,
            },
            subset,
            to_usize(limits.max_attributes),
            to_usize(limits.max_depth),
            to_usize(limits.max_namespaces),
        )
        .map_err(|e| Failure {
            stage: Stage::Parse,
            code: "sign.c14n",
            reason: e.reason,
        })
    };
    let canonical = c14n(doc, C14nSubset::default())?;
    let digest_value = base64_lines(&Hash::Sha256.digest(canonical.as_bytes()));
    let method = method_uri(scheme);
    let signed_info = format!(
        "<SignedInfo>\n<CanonicalizationMethod Algorithm=\"{EXC}\"/>\n\
         <SignatureMethod Algorithm=\"{method}\"/>\n<Reference URI=\"\">\n<Transforms>\n\
         <Transform Algorithm=\"{ENVELOPED}\"/>\n<Transform Algorithm=\"{EXC}\"/>\n</Transforms>\n\
         <DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>\n\
         <DigestValue>{digest_value}</DigestValue>\n</Reference>\n</SignedInfo>"
    );
    let key_info = if certificates.is_empty() {
        String::new()
    } else {
        let mut k = String::from("\n<KeyInfo>\n<X509Data>\n");
        for c in certificates {
            k.push_str("<X509Certificate>");
            k.push_str(&base64_lines(c));
            k.push_str("</X509Certificate>\n");
        }
        k.push_str("</X509Data>\n</KeyInfo>");
        k
    };
    let open = format!("<Signature xmlns=\"{DSIG_NS}\">\n");
    let draft = format!(
        "{}{open}{signed_info}\n<SignatureValue></SignatureValue>{key_info}\n</Signature>{}",
        &doc[..end],
        &doc[end..]
    );
    let apex = to_u32(end + open.len());
    let info = c14n(
        &draft,
        C14nSubset {
            apex: Some(apex),
            ..C14nSubset::default()
        },
    )?;
    let value = key.sign(scheme, info.as_bytes()).map_err(|e| Failure {
        stage: Stage::Signature,
        code: e.code,
        reason: e.reason,
    })?;
    // The value goes between the empty SignatureValue's tags, which follow the SignedInfo.
    let slot = end + open.len() + signed_info.len() + "\n<SignatureValue>".len();
    let signed = format!(
        "{}{}{}",
        &draft[..slot],
        base64_lines(&value),
        &draft[slot..]
    );
    // What is written must verify, with the key that wrote it.
    digest(&signed, limits)?.check(&[&key.public_key()])?;
    Ok(signed)
}
