//! XML Signature as the profile of SIGNATURES.md takes it: one enveloped `Signature`, a child of the
//! document element, with one `Reference` to the whole document. Everything else is refused with a
//! stable code and the reason.
//!
//! The stages run in the order of the data: the document is read once (its `Signature` held as a
//! small tree, the rest streamed), the `SignedInfo` is canonicalised and read again *from its
//! canonical bytes* — the reference, digest method and value are taken only from there, never looked
//! up in the document — then the document less the signature is canonicalised and digested.
//! [`Digested`] is what passed so far; [`Digested::check`] checks the signature value with a key the
//! caller chose (from a trust list, never from the document) and only then returns [`Signed`], the
//! evidence: the canonical bytes that were signed, which is all a report may be built from.

mod algorithms;
#[cfg(all(feature = "signing", not(target_arch = "wasm32")))]
mod sign;
mod tree;

use std::borrow::Cow;
use std::sync::Arc;

use crate::convert::to_usize;
#[cfg(feature = "rustcrypto")]
use crate::crypto::Native;
use crate::crypto::{Answer, Arithmetic, Hash, PublicKey, Scheme, strict_base64};
use crate::limits::Limits;
use crate::xml::{C14nMethod, C14nSubset, ErrorKind, Lexer, Scopes, Token, canonicalize};

pub use algorithms::DSIG_NS;
#[cfg(all(feature = "signing", not(target_arch = "wasm32")))]
pub use sign::sign;
use tree::{Builder, Element};

/// A stage of the signature check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The document as XML: well-formed, no DOCTYPE, within the limits.
    Parse,
    /// The signature's grammar, algorithms and reference.
    Profile,
    /// The reference's digest over the canonical document.
    Digest,
    /// The signature value over the canonical `SignedInfo`.
    Signature,
}

/// Why the check stopped: the stage, a stable code and the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// Where.
    pub stage: Stage,
    /// The stable code (`dsig.*`, or the key's and signature's codes of the signature stage).
    pub code: &'static str,
    /// What is wrong, in English.
    pub reason: Cow<'static, str>,
}

fn fail(stage: Stage, code: &'static str, reason: &'static str) -> Failure {
    Failure {
        stage,
        code,
        reason: Cow::Borrowed(reason),
    }
}

fn profile(code: &'static str, reason: &'static str) -> Failure {
    fail(Stage::Profile, code, reason)
}

/// A signed document whose reference digest matched: the canonical `SignedInfo`, its signature
/// method and value, and the canonical document it names. The signature value is not yet checked.
#[derive(Debug)]
pub struct Digested {
    signed_info: String,
    scheme: Scheme,
    signature_value: Vec<u8>,
    document: Arc<str>,
    certificates: Vec<Vec<u8>>,
}

/// The evidence that a key signed a document: built only by `Digested::check`, it holds the
/// canonical bytes whose digest the signed `SignedInfo` carries.
#[derive(Debug)]
pub struct Signed {
    document: Arc<str>,
    key: usize,
    certificates: Vec<Vec<u8>>,
}

impl Digested {
    /// The canonical document the reference names (the document less its signature, comments
    /// removed): what the signature, if it verifies, signed. Readable before the signature is
    /// checked only so that the caller can learn whose key to try; it is not evidence.
    pub fn document(&self) -> &str {
        &self.document
    }

    /// The `X509Certificate` values of `KeyInfo`, DER, as written: hints for finding the key, never
    /// a reason to trust it.
    pub fn certificates(&self) -> &[Vec<u8>] {
        &self.certificates
    }

    /// The canonical document, shared: a caller that reads it before the check (to learn whose
    /// key to try) can tell by [`Signed::is`] that the evidence holds these very bytes, and need
    /// not read them twice.
    pub fn shared_document(&self) -> Arc<str> {
        Arc::clone(&self.document)
    }

    /// Checks the signature value over the canonical `SignedInfo` with each of `keys` in turn; the
    /// first that verifies makes the evidence. When none does, the reason is that of the first key
    /// the method fitted (`signature.invalid`), else the first key's.
    #[cfg(feature = "rustcrypto")]
    pub fn check(self, keys: &[&PublicKey]) -> Result<Signed, Failure> {
        self.check_with(keys, &Native)
    }

    /// [`check`](Self::check) with the arithmetic done by `arithmetic`. An answer the arithmetic
    /// only assumes (it answers later) makes evidence as provisional as that assumption.
    pub fn check_with(
        self,
        keys: &[&PublicKey],
        arithmetic: &dyn Arithmetic,
    ) -> Result<Signed, Failure> {
        let mut first: Option<Failure> = None;
        let mut chosen = None;
        let message = self.signed_info.as_bytes();
        for (i, key) in keys.iter().enumerate() {
            let refused = match key.admits(self.scheme, &self.signature_value) {
                Err(e) => e,
                Ok(()) => {
                    match arithmetic.document(key, self.scheme, message, &self.signature_value) {
                        Answer::Valid | Answer::Assumed => {
                            chosen = Some(i);
                            break;
                        }
                        Answer::Invalid => crate::crypto::KeyRefused {
                            code: "signature.invalid",
                            reason: Cow::Borrowed(
                                "the signature value does not verify with the key",
                            ),
                        },
                    }
                }
            };
            let fitted = refused.code == "signature.invalid";
            if first
                .as_ref()
                .is_none_or(|f| fitted && f.code != "signature.invalid")
            {
                first = Some(Failure {
                    stage: Stage::Signature,
                    code: refused.code,
                    reason: refused.reason,
                });
            }
        }
        if let Some(key) = chosen {
            return Ok(Signed {
                document: self.document,
                key,
                certificates: self.certificates,
            });
        }
        Err(first.unwrap_or_else(|| {
            fail(
                Stage::Signature,
                "dsig.no-key",
                "no key to check the signature with",
            )
        }))
    }
}

impl Signed {
    /// The canonical bytes that were signed.
    pub fn document(&self) -> &str {
        &self.document
    }

    /// Which of the keys given to the check verified.
    pub fn key(&self) -> usize {
        self.key
    }

    /// The `KeyInfo` certificates (DER), hints for the chain.
    pub fn certificates(&self) -> &[Vec<u8>] {
        &self.certificates
    }

    /// Whether the signed bytes are those `document` shares (see `Digested::shared_document`).
    pub fn is(&self, document: &Arc<str>) -> bool {
        Arc::ptr_eq(&self.document, document)
    }
}

/// What the document pass learnt: the document element and the signature.
struct Envelope<'a> {
    root_at: u32,
    root_id: Option<Cow<'a, str>>,
    signature: Element<'a>,
    /// Values of attributes that look like IDs but are not (`ID`, `id`, `xml:id`, `p:Id`).
    lookalike_ids: Vec<Cow<'a, str>>,
}

/// Reads the document once: well-formed, no DOCTYPE, within the limits; exactly one XML Signature
/// element tree, a `Signature` child of the document element, and no XML Signature element
/// anywhere else; `Id` values unique.
fn envelope<'a>(doc: &'a str, limits: &Limits) -> Result<Envelope<'a>, Failure> {
    let parse = |code, reason| fail(Stage::Parse, code, reason);
    let mut lexer = Lexer::new(doc, to_usize(limits.max_attributes));
    let mut scopes = Scopes::new(DSIG_NS);
    let mut builder = Builder::default();
    let mut signature = None;
    let mut depth = 0usize;
    let mut nodes = 0usize;
    let mut declarations = 0usize;
    let mut root: Option<(u32, Option<Cow<'a, str>>)> = None;
    let mut ids: Vec<Cow<'a, str>> = Vec::new();
    let mut lookalike_ids = Vec::new();
    loop {
        let at = lexer.position();
        let token = lexer.next_token().map_err(|e| match e.kind {
            ErrorKind::Encoding => parse("dsig.encoding", "an encoding other than UTF-8"),
            ErrorKind::Entity(_) => parse(
                "dsig.entity",
                "a reference to an entity other than the five predefined ones",
            ),
            ErrorKind::Attributes(_) => parse("dsig.limit", "more attributes than the limit"),
            ErrorKind::Malformed(_) => parse("dsig.malformed", "not well-formed XML"),
        })?;
        let (name, empty) = match token {
            Token::Eof => break,
            Token::Doctype => {
                return Err(parse(
                    "dsig.doctype",
                    "a DOCTYPE, which a signed document must not have, even an empty one",
                ));
            }
            Token::Start { name, empty, .. } => (name, empty),
            Token::End => {
                end(&mut scopes, &mut builder, &mut signature, &mut depth);
                continue;
            }
            Token::Text { text, .. } => {
                builder.text(text);
                continue;
            }
            Token::Char(c) => {
                builder.text(c.encode_utf8(&mut [0u8; 4]));
                continue;
            }
            Token::CData(_) | Token::Comment(_) | Token::Pi { .. } => {
                builder.markup();
                continue;
            }
            Token::Declaration => continue,
        };
        nodes += 1 + lexer.attributes.len();
        declarations += lexer
            .attributes
            .iter()
            .filter(|a| crate::xml::declared_prefix(a.name).is_some())
            .count();
        if depth >= to_usize(limits.max_depth)
            || nodes > to_usize(limits.max_nodes)
            || declarations > to_usize(limits.max_namespaces)
        {
            return Err(parse(
                "dsig.limit",
                "deeper, larger or with more namespace declarations than the limits",
            ));
        }
        let element = tree::open(&lexer, &mut scopes, name, at).map_err(|_| {
            parse(
                "dsig.namespace",
                "a namespace error (an undeclared prefix or a forbidden declaration)",
            )
        })?;
        for (n, v) in &element.attributes {
            if *n == "Id" {
                if ids.contains(v) {
                    return Err(profile("dsig.id", "an Id value that is not unique"));
                }
                ids.push(v.clone());
            } else if matches!(*n, "ID" | "id" | "xml:id") || n.ends_with(":Id") {
                lookalike_ids.push(v.clone());
            }
        }
        if depth == 0 {
            root = Some((
                at,
                element.attribute("Id").map(|v| Cow::Owned(v.to_owned())),
            ));
        }
        if builder.inside() {
            builder.start(element);
        } else if element.dsig {
            if depth != 1 || element.local != "Signature" {
                return Err(profile(
                    "dsig.placement",
                    "an XML Signature element outside the one Signature, a child of the document element",
                ));
            }
            if signature.is_some() {
                return Err(profile("dsig.placement", "a second Signature"));
            }
            builder.start(element);
        } else if matches!(element.local, "Signature" | "SignedInfo") {
            return Err(profile(
                "dsig.lookalike",
                "a Signature or SignedInfo element in another namespace than XML Signature's",
            ));
        }
        depth += 1;
        if empty {
            end(&mut scopes, &mut builder, &mut signature, &mut depth);
        }
    }
    let (root_at, root_id) = root.ok_or_else(|| parse("dsig.malformed", "no document element"))?;
    let signature = signature.ok_or_else(|| {
        profile(
            "dsig.unsigned",
            "no XML Signature, a child of the document element",
        )
    })?;
    Ok(Envelope {
        root_at,
        root_id,
        signature,
        lookalike_ids,
    })
}

fn end<'a>(
    scopes: &mut Scopes<'a>,
    builder: &mut Builder<'a>,
    signature: &mut Option<Element<'a>>,
    depth: &mut usize,
) {
    scopes.close();
    *depth = depth.saturating_sub(1);
    if builder.inside()
        && let Some(done) = builder.end()
    {
        *signature = Some(done);
    }
}

/// An element of the grammar: no comment or PI inside, no text but white space, only the
/// attributes named.
fn plain(e: &Element<'_>, attributes: &[&str]) -> Result<(), Failure> {
    if e.markup {
        return Err(profile(
            "dsig.markup",
            "a comment, processing instruction or CDATA section inside the signature",
        ));
    }
    if !e.text.bytes().all(crate::xml::is_space) {
        return Err(profile(
            "dsig.grammar",
            "text where the signature's grammar has none",
        ));
    }
    if e.attributes.iter().any(|(n, _)| !attributes.contains(n)) {
        return Err(profile(
            "dsig.grammar",
            "an attribute the signature's grammar does not have",
        ));
    }
    Ok(())
}

/// A value element (`DigestValue`, `SignatureValue`, `X509Certificate`): one text node, decoded.
fn value(e: &Element<'_>) -> Result<Vec<u8>, Failure> {
    if e.markup || !e.children.is_empty() {
        return Err(profile(
            "dsig.value",
            "a value with a comment, processing instruction or element inside: a value is one text node",
        ));
    }
    if e.attributes.iter().any(|(n, _)| *n != "Id") {
        return Err(profile(
            "dsig.grammar",
            "an attribute the signature's grammar does not have",
        ));
    }
    strict_base64(&e.text).ok_or_else(|| {
        profile(
            "dsig.base64",
            "a value that is not strict base64 (alphabet, padding, zero pad bits)",
        )
    })
}

/// A child that must be the XML Signature element `local`.
fn child<'e, 'a>(
    e: &'e Element<'a>,
    i: usize,
    local: &'static str,
) -> Result<&'e Element<'a>, Failure> {
    e.children
        .get(i)
        .filter(|c| c.is(local))
        .ok_or_else(|| match local {
            "SignedInfo" => profile("dsig.grammar", "Signature does not begin with SignedInfo"),
            "SignatureValue" => profile(
                "dsig.grammar",
                "SignedInfo is not followed by SignatureValue",
            ),
            "CanonicalizationMethod" => profile(
                "dsig.grammar",
                "SignedInfo does not begin with CanonicalizationMethod",
            ),
            "SignatureMethod" => profile(
                "dsig.grammar",
                "CanonicalizationMethod is not followed by SignatureMethod",
            ),
            "Reference" => profile(
                "dsig.grammar",
                "SignatureMethod is not followed by one Reference",
            ),
            "Transforms" => profile(
                "dsig.grammar",
                "the Reference has no Transforms (the enveloped-signature transform is required)",
            ),
            "DigestMethod" => profile(
                "dsig.grammar",
                "the Reference's Transforms are not followed by DigestMethod",
            ),
            _ => profile(
                "dsig.grammar",
                "DigestMethod is not followed by DigestValue",
            ),
        })
}

/// An `Algorithm`-only element with no children.
fn algorithm<'e>(e: &'e Element<'_>) -> Result<&'e str, Failure> {
    plain(e, &["Algorithm"])?;
    if !e.children.is_empty() {
        return Err(profile(
            "dsig.grammar",
            "parameters of an algorithm, which the profile has none of",
        ));
    }
    e.attribute("Algorithm")
        .ok_or_else(|| profile("dsig.grammar", "an algorithm element without Algorithm"))
}

fn refused(reason: &'static str) -> Failure {
    profile("dsig.algorithm", reason)
}

/// A no-comment subtree: nothing inside `e` holds a comment, PI or CDATA section.
fn no_markup(e: &Element<'_>) -> Result<(), Failure> {
    if e.markup {
        return Err(profile(
            "dsig.markup",
            "a comment, processing instruction or CDATA section inside the signature",
        ));
    }
    e.children.iter().try_for_each(no_markup)
}

/// What the canonical `SignedInfo` says.
#[derive(Debug)]
struct Signing {
    scheme: Scheme,
    /// `None`: the whole document (`URI=""`); the document element's ID otherwise.
    reference: Option<String>,
    c14n: C14nMethod,
    hash: Hash,
    digest: Vec<u8>,
}

/// Reads the canonical `SignedInfo` by position, as the profile has it.
fn signing(canonical: &str, method: C14nMethod, limits: &Limits) -> Result<Signing, Failure> {
    let mut lexer = Lexer::new(canonical, to_usize(limits.max_attributes));
    let mut scopes = Scopes::new(DSIG_NS);
    let mut builder = Builder::default();
    let mut top = None;
    let broken = || {
        profile(
            "dsig.grammar",
            "the canonical SignedInfo does not read back",
        )
    };
    loop {
        let at = lexer.position();
        match lexer.next_token().map_err(|_| broken())? {
            Token::Eof => break,
            Token::Start { name, empty, .. } => {
                let element = tree::open(&lexer, &mut scopes, name, at).map_err(|_| broken())?;
                builder.start(element);
                if empty {
                    scopes.close();
                    top = builder.end().or(top);
                }
            }
            Token::End => {
                scopes.close();
                top = builder.end().or(top);
            }
            Token::Text { text, .. } => builder.text(text),
            Token::Char(c) => builder.text(c.encode_utf8(&mut [0u8; 4])),
            Token::CData(_) | Token::Comment(_) | Token::Pi { .. } => builder.markup(),
            Token::Declaration | Token::Doctype => return Err(broken()),
        }
    }
    let info = top.ok_or_else(broken)?;
    no_markup(&info)?;
    plain(&info, &["Id"])?;
    if info.children.len() != 3 {
        return Err(profile(
            "dsig.grammar",
            "SignedInfo holds other than CanonicalizationMethod, SignatureMethod and one Reference",
        ));
    }
    let stated =
        algorithms::canonicalization(algorithm(child(&info, 0, "CanonicalizationMethod")?)?)
            .map_err(refused)?;
    if stated != method {
        return Err(broken());
    }
    let scheme =
        algorithms::signature(algorithm(child(&info, 1, "SignatureMethod")?)?).map_err(refused)?;
    let reference = child(&info, 2, "Reference")?;
    plain(reference, &["URI", "Id", "Type"])?;
    if reference.children.len() != 3 {
        return Err(profile(
            "dsig.grammar",
            "the Reference holds other than Transforms, DigestMethod and DigestValue",
        ));
    }
    let uri = reference
        .attribute("URI")
        .ok_or_else(|| profile("dsig.reference", "a Reference without URI"))?;
    let reference_id = match uri.strip_prefix('#') {
        None if uri.is_empty() => None,
        Some(id) if ncname(id) => Some(id.to_owned()),
        _ => {
            return Err(profile(
                "dsig.reference",
                "a Reference URI other than \"\" or #Id of the document element",
            ));
        }
    };
    let transforms = child(reference, 0, "Transforms")?;
    plain(transforms, &[])?;
    let mut c14n = C14nMethod {
        exclusive: false,
        comments: false,
    };
    match transforms.children.as_slice() {
        [first, rest @ ..] if first.is("Transform") && rest.len() <= 1 => {
            if algorithm(first)? != algorithms::ENVELOPED {
                return Err(refused("a first transform other than enveloped-signature"));
            }
            if let Some(second) = rest.first() {
                if !second.is("Transform") {
                    return Err(profile(
                        "dsig.grammar",
                        "Transforms holds other than Transform",
                    ));
                }
                c14n = algorithms::canonicalization(algorithm(second)?).map_err(|_| {
                    refused("a transform other than enveloped-signature and one canonicalisation")
                })?;
            }
        }
        _ => {
            return Err(profile(
                "dsig.grammar",
                "Transforms holds other than enveloped-signature and at most one canonicalisation",
            ));
        }
    }
    // For a whole-document or ID reference, comments are removed whatever the method says
    // (XML Signature 1.1 §4.4.3.3).
    c14n.comments = false;
    let hash =
        algorithms::digest(algorithm(child(reference, 1, "DigestMethod")?)?).map_err(refused)?;
    let digest = value(child(reference, 2, "DigestValue")?)?;
    if digest.len() != hash.output_len() {
        return Err(profile(
            "dsig.base64",
            "a DigestValue not as long as its digest method's",
        ));
    }
    Ok(Signing {
        scheme,
        reference: reference_id,
        c14n,
        hash,
        digest,
    })
}

/// An XML NCName, as far as an ID in a reference needs it: a letter or `_` first, then letters,
/// digits, `.`, `-`, `_` (non-ASCII name characters are taken as they are).
fn ncname(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '\u{B7}'))
}

/// Reads a signed document, canonicalises and reads its `SignedInfo`, and checks the reference's
/// digest over the canonical document: the parse, profile and digest stages.
pub fn digest(doc: &str, limits: &Limits) -> Result<Digested, Failure> {
    let envelope = envelope(doc, limits)?;
    let signature = &envelope.signature;
    no_markup(signature)?;
    plain(signature, &["Id"])?;
    let info = child(signature, 0, "SignedInfo")?;
    let signature_value = value(child(signature, 1, "SignatureValue")?)?;
    let mut certificates = Vec::new();
    match signature.children.get(2..).unwrap_or_default() {
        [] => {}
        [key_info] if key_info.is("KeyInfo") => {
            for data in key_info.children.iter().filter(|c| c.is("X509Data")) {
                for cert in data.children.iter().filter(|c| c.is("X509Certificate")) {
                    certificates.push(value(cert)?);
                }
            }
        }
        _ => {
            return Err(profile(
                "dsig.grammar",
                "Signature holds other than SignedInfo, SignatureValue and KeyInfo (no Object)",
            ));
        }
    }
    let method = info
        .children
        .first()
        .filter(|c| c.is("CanonicalizationMethod"))
        .and_then(|c| c.attribute("Algorithm"))
        .ok_or_else(|| {
            profile(
                "dsig.grammar",
                "SignedInfo does not begin with CanonicalizationMethod",
            )
        })
        .and_then(|uri| algorithms::canonicalization(uri).map_err(refused))?;
    let c14n = |method, subset| {
        canonicalize(
            doc,
            method,
            subset,
            to_usize(limits.max_attributes),
            to_usize(limits.max_depth),
            to_usize(limits.max_namespaces),
        )
    };
    let signed_info = c14n(
        method,
        C14nSubset {
            apex: Some(info.at),
            ..C14nSubset::default()
        },
    )
    .map_err(|e| Failure {
        stage: Stage::Parse,
        code: "dsig.c14n",
        reason: e.reason,
    })?;
    let signing = signing(&signed_info, method, limits)?;
    let apex = match &signing.reference {
        None => None,
        Some(id) => {
            if envelope.lookalike_ids.iter().any(|v| v == id) {
                return Err(profile(
                    "dsig.id",
                    "the referenced ID also stands in an attribute that is not Id (ID, id, xml:id, p:Id)",
                ));
            }
            if envelope.root_id.as_deref() != Some(id.as_str()) {
                return Err(profile(
                    "dsig.reference",
                    "the Reference does not name the document element",
                ));
            }
            Some(envelope.root_at)
        }
    };
    let document = c14n(
        signing.c14n,
        C14nSubset {
            apex,
            omit: Some(signature.at),
            inclusive_prefixes: "",
        },
    )
    .map_err(|e| Failure {
        stage: Stage::Digest,
        code: "dsig.c14n",
        reason: e.reason,
    })?;
    if signing.hash.digest(document.as_bytes()) != signing.digest {
        return Err(fail(
            Stage::Digest,
            "dsig.digest",
            "the document's digest is not the one the signature carries: it was changed after signing",
        ));
    }
    Ok(Digested {
        signed_info,
        scheme: signing.scheme,
        signature_value,
        document: Arc::from(document),
        certificates,
    })
}

#[cfg(test)]
mod tests;
