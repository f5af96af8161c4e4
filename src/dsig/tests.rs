//! The W3C XML Signature 1.1 interop vectors (Microsoft's enveloped signatures; keys pinned from
//! their `KeyValue`, which the verifier itself never reads) and the grammar's refusals.

use super::*;

fn vector(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/vectors/xmldsig11-microsoft")
            .join(name),
    )
    .unwrap()
}

/// The text between `<tag` … `>` and `</tag>`, or an attribute's value.
fn between<'d>(doc: &'d str, open: &str, close: &str) -> &'d str {
    let start = doc.find(open).unwrap() + open.len();
    let end = start + doc[start..].find(close).unwrap();
    &doc[start..end]
}

/// A decimal number's big-endian bytes, `width` long.
fn decimal_bytes(decimal: &str, width: usize) -> Vec<u8> {
    let mut out = vec![0u8; width];
    for d in decimal.bytes() {
        let mut carry = u32::from(d - b'0');
        for byte in out.iter_mut().rev() {
            let v = u32::from(*byte) * 10 + carry;
            *byte = u8::try_from(v & 0xff).unwrap();
            carry = v >> 8;
        }
        assert_eq!(carry, 0, "{decimal} is wider than {width} bytes");
    }
    out
}

/// The key of the vector's `KeyValue`, as a trust list would pin it; `None` for a curve outside
/// the profile.
fn pinned(doc: &str) -> Option<PublicKey> {
    if doc.contains("<RSAKeyValue>") {
        use rsa::pkcs8::EncodePublicKey as _;
        let n = strict_base64(between(doc, "<Modulus>", "</Modulus>")).unwrap();
        let e = strict_base64(between(doc, "<Exponent>", "</Exponent>")).unwrap();
        let key = rsa::PublicKey::new(
            rsa::BoxedUint::from_be_slice_vartime(&n),
            rsa::BoxedUint::from_be_slice_vartime(&e),
        )
        .unwrap();
        let der = key.to_public_key_der().unwrap();
        return Some(PublicKey::from_spki_der(der.as_bytes()).unwrap());
    }
    let curve = between(doc, "NamedCurve URN=\"urn:oid:", "\"");
    let width = match curve {
        "1.2.840.10045.3.1.7" => 32,
        "1.3.132.0.34" => 48,
        _ => return None,
    };
    let mut spki = match width {
        32 => hex("3059301306072a8648ce3d020106082a8648ce3d030107034200"),
        _ => hex("3076301006072a8648ce3d020106052b81040022036200"),
    };
    spki.push(4);
    spki.extend(decimal_bytes(between(doc, "<X Value=\"", "\""), width));
    spki.extend(decimal_bytes(between(doc, "<Y Value=\"", "\""), width));
    Some(PublicKey::from_spki_der(&spki).unwrap())
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn limits() -> Limits {
    Limits::default()
}

/// Every vector of the profile verifies with its pinned key, and fails with another key or a
/// changed document; every vector outside it is refused at the stage and with the reason that
/// says why.
#[test]
fn the_xmldsig11_interop_vectors() {
    let expected = vector("EXPECTED.tsv");
    let mut verified = 0;
    for line in expected.lines().filter(|l| !l.starts_with('#')) {
        let file = line.split('\t').next().unwrap();
        let doc = vector(file);
        let outcome = digest(&doc, &limits());
        let in_profile = !file.contains("sha1")
            && !file.starts_with("dsa")
            && !file.starts_with("hmac")
            && !file.contains("p521")
            && !file.contains("p384_sha256");
        if file.contains("sha1") || file.starts_with("dsa") || file.starts_with("hmac") {
            let e = outcome.unwrap_err();
            assert_eq!(
                (e.stage, e.code),
                (Stage::Profile, "dsig.algorithm"),
                "{file}: {e:?}"
            );
            continue;
        }
        let digested = outcome.unwrap_or_else(|e| panic!("{file}: {e:?}"));
        let Some(key) = pinned(&doc) else {
            assert!(file.contains("p521"), "{file}");
            continue;
        };
        let result = digested.check(&[&key]);
        if !in_profile {
            let e = result.unwrap_err();
            assert_eq!(e.code, "signature.mismatch", "{file}: {e:?}");
            continue;
        }
        let signed = result.unwrap_or_else(|e| panic!("{file}: {e:?}"));
        assert_eq!(signed.key(), 0);
        // What was signed: the document less its signature, canonical.
        assert_eq!(
            signed.document(),
            "<root>\n\t<element1>test</element1>\n</root>"
        );
        verified += 1;
    }
    assert_eq!(
        verified,
        6 + 6 + 4,
        "RSA ×3 hashes, P-256 ×3, P-384 ×2, each c14n and exc-c14n"
    );
}

/// A changed document, a changed signature value and a changed SignedInfo fail at their stage.
#[test]
fn tampering_fails_at_its_stage() {
    let doc = vector("rsa2048_sha256_exc-c14n.xml");
    let key = pinned(&doc).unwrap();
    let changed = doc.replace(">test<", ">tesT<");
    let e = digest(&changed, &limits()).unwrap_err();
    assert_eq!((e.stage, e.code), (Stage::Digest, "dsig.digest"));
    let value = between(&doc, "<SignatureValue>", "</SignatureValue>");
    let flipped = format!("{}A{}", &value[..10], &value[11..]);
    assert_ne!(flipped, value);
    let changed = doc.replace(value, &flipped);
    let e = digest(&changed, &limits())
        .unwrap()
        .check(&[&key])
        .unwrap_err();
    assert_eq!((e.stage, e.code), (Stage::Signature, "signature.invalid"));
    // SignedInfo changed in a way canonicalisation keeps: a different Id.
    let changed = doc.replace("<SignedInfo>", "<SignedInfo Id=\"x\">");
    let e = digest(&changed, &limits())
        .unwrap()
        .check(&[&key])
        .unwrap_err();
    assert_eq!(e.code, "signature.invalid");
    // The ECDSA key cannot check an RSA signature.
    let ec = pinned(&vector("ecc_p256_sha256_c14n.xml")).unwrap();
    let e = digest(&doc, &limits()).unwrap().check(&[&ec]).unwrap_err();
    assert_eq!(e.code, "signature.mismatch");
    // No key: nothing verified.
    let e = digest(&doc, &limits()).unwrap().check(&[]).unwrap_err();
    assert_eq!(e.code, "dsig.no-key");
    // The second key given verifies when the first does not.
    let signed = digest(&doc, &limits())
        .unwrap()
        .check(&[&ec, &key])
        .unwrap();
    assert_eq!(signed.key(), 1);
}

/// Each refusal of the profile, on a mutation of a real vector: the stage and the code.
#[test]
fn the_profile_refuses_what_it_does_not_know() {
    let doc = vector("rsa2048_sha256_exc-c14n.xml");
    let signature = &doc[doc.find("<Signature").unwrap()..doc.find("</root>").unwrap()];
    let cases: Vec<(String, Stage, &str)> = vec![
        (
            format!("<!DOCTYPE root>{doc}"),
            Stage::Parse,
            "dsig.doctype",
        ),
        (
            doc.replace("<root>", "<!DOCTYPE root [<!ENTITY a \"b\">]><root>"),
            Stage::Parse,
            "dsig.doctype",
        ),
        (doc.replace("test", "&a;"), Stage::Parse, "dsig.entity"),
        (
            doc.replace("<root>", "<root><a></b>"),
            Stage::Parse,
            "dsig.malformed",
        ),
        // Wrapping and moving.
        (
            doc.replace("</root>", &format!("{signature}</root>")),
            Stage::Profile,
            "dsig.placement",
        ),
        (
            doc.replace(signature, &format!("<w>{signature}</w>")),
            Stage::Profile,
            "dsig.placement",
        ),
        (
            doc.replace(
                "<element1>",
                "<element1><Reference xmlns=\"http://www.w3.org/2000/09/xmldsig#\"/>",
            ),
            Stage::Profile,
            "dsig.placement",
        ),
        (doc.replace(signature, ""), Stage::Profile, "dsig.unsigned"),
        (
            doc.replace(
                "<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\">",
                "<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig\">",
            ),
            Stage::Profile,
            "dsig.lookalike",
        ),
        (
            doc.replace("<element1>", "<element1><x:SignedInfo xmlns:x=\"urn:x\"/>"),
            Stage::Profile,
            "dsig.lookalike",
        ),
        // Grammar by position.
        (
            doc.replace("<SignedInfo>", "<SignedInfo><SignedInfo/>"),
            Stage::Profile,
            "dsig.grammar",
        ),
        (
            doc.replace("</SignedInfo>", "</SignedInfo><SignedInfo/>"),
            Stage::Profile,
            "dsig.grammar",
        ),
        (
            doc.replace("</KeyInfo>", "</KeyInfo><Object/>"),
            Stage::Profile,
            "dsig.grammar",
        ),
        (
            doc.replace("<SignedInfo>", "<SignedInfo><!--x-->"),
            Stage::Profile,
            "dsig.markup",
        ),
        (
            doc.replace("<DigestValue>eeqP", "<DigestValue>ee<!--x-->qP"),
            Stage::Profile,
            "dsig.markup",
        ),
        (
            doc.replace("<SignatureValue>DQ", "<SignatureValue>D<?p?>Q"),
            Stage::Profile,
            "dsig.markup",
        ),
        (
            doc.replace("<DigestValue>eeqP", "<DigestValue>eeq_"),
            Stage::Profile,
            "dsig.base64",
        ),
        (
            doc.replace("EAA=</DigestValue>", "EAB=</DigestValue>"),
            Stage::Profile,
            "dsig.base64",
        ),
        (
            doc.replace("<DigestValue>eeqP", "<DigestValue>AAAAeeqP"),
            Stage::Profile,
            "dsig.base64",
        ),
        (
            doc.replace(
                "<Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>",
                "<Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xpath-19991116\"/>",
            ),
            Stage::Profile,
            "dsig.algorithm",
        ),
        (
            doc.replace(
                "</Transforms>",
                "<Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#base64\"/></Transforms>",
            ),
            Stage::Profile,
            "dsig.algorithm",
        ),
        (
            doc.replace("rsa-sha256", "hmac-sha256"),
            Stage::Profile,
            "dsig.algorithm",
        ),
        (
            doc.replace("xmlenc#sha256", "xmlenc#sha3"),
            Stage::Profile,
            "dsig.algorithm",
        ),
        // References and IDs.
        (
            doc.replace("URI=\"\"", "URI=\"#r\""),
            Stage::Profile,
            "dsig.reference",
        ),
        (
            doc.replace("URI=\"\"", "URI=\"xd\""),
            Stage::Profile,
            "dsig.reference",
        ),
        (
            doc.replace("URI=\"\"", ""),
            Stage::Profile,
            "dsig.reference",
        ),
        (
            doc.replace("<root>", "<root Id=\"r\">")
                .replace("URI=\"\"", "URI=\"#r\"")
                .replace("<element1>", "<element1 ID=\"r\">"),
            Stage::Profile,
            "dsig.id",
        ),
        (
            doc.replace("<root>", "<root Id=\"r\">")
                .replace("<element1>", "<element1 Id=\"r\">"),
            Stage::Profile,
            "dsig.id",
        ),
        (
            doc.replace("<root>", "<root Id=\"r\">")
                .replace("URI=\"\"", "URI=\"#e\"")
                .replace("<element1>", "<element1 Id=\"e\">"),
            Stage::Profile,
            "dsig.reference",
        ),
        // A relative namespace name has no canonical form.
        (
            doc.replace("<element1>", "<element1 xmlns=\"rel\">"),
            Stage::Parse,
            "dsig.c14n",
        ),
    ];
    for (i, (changed, stage, code)) in cases.iter().enumerate() {
        assert_ne!(changed, &doc, "case {i} changed nothing");
        let e = digest(changed, &limits()).unwrap_err();
        assert_eq!((e.stage, e.code), (*stage, *code), "case {i}: {e:?}");
    }
}

/// The reference by the document element's Id digests the same bytes as `URI=""` less what stands
/// outside the element; a signature over another reference form no longer matches.
#[test]
fn a_reference_by_id_names_the_document_element() {
    let doc = vector("rsa2048_sha256_exc-c14n.xml");
    let changed = doc
        .replace("<root>", "<root Id=\"r\">")
        .replace("URI=\"\"", "URI=\"#r\"");
    // The document changed (its Id), so its digest no longer matches: the stage says so.
    let e = digest(&changed, &limits()).unwrap_err();
    assert_eq!((e.stage, e.code), (Stage::Digest, "dsig.digest"));
}

/// Deep, wide and large documents stop at the limits, before any canonicalisation.
#[test]
fn limits_hold_before_canonicalisation() {
    let doc = vector("rsa2048_sha256_exc-c14n.xml");
    let deep = doc.replace(
        "<element1>test</element1>",
        &format!("{}{}", "<d>".repeat(40), "</d>".repeat(40)),
    );
    let e = digest(&deep, &limits()).unwrap_err();
    assert_eq!((e.stage, e.code), (Stage::Parse, "dsig.limit"));
    let wide = doc.replace("<element1>test</element1>", &"<w/>".repeat(100_001));
    let e = digest(&wide, &limits()).unwrap_err();
    assert_eq!((e.stage, e.code), (Stage::Parse, "dsig.limit"));
}

/// An ECDSA signature in DER, not r ‖ s, is refused by its length.
#[test]
fn an_ecdsa_signature_in_der_is_refused() {
    let doc = vector("ecc_p256_sha256_c14n.xml");
    let key = pinned(&doc).unwrap();
    let value = between(&doc, "<SignatureValue>", "</SignatureValue>");
    let raw = strict_base64(value).unwrap();
    let der = p256::ecdsa::Signature::from_slice(&raw).unwrap().to_der();
    let encoded = <base64ct::Base64 as base64ct::Encoding>::encode_string(der.as_bytes());
    let e = digest(&doc.replace(value, &encoded), &limits())
        .unwrap()
        .check(&[&key])
        .unwrap_err();
    assert_eq!(e.code, "signature.length");
    // The raw form verifies.
    assert!(digest(&doc, &limits()).unwrap().check(&[&key]).is_ok());
}

/// The own signer in every scheme of the profile, PSS included (xmlsec1 has none), verified by the
/// verifier; the document changed after signing fails.
#[cfg(all(feature = "signing", not(target_arch = "wasm32")))]
#[test]
fn the_own_signer_in_every_scheme() {
    use crate::crypto::PrivateKey;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let pem = |name: &str| std::fs::read_to_string(root.join("demo/keys").join(name)).unwrap();
    let doc = std::fs::read_to_string(root.join("tests/fixtures/valid-1.xml")).unwrap();
    let rsa = PrivateKey::from_pem(&pem("th-signing.key.pem")).unwrap();
    let ec = PrivateKey::from_pem(&pem("sg-signing.key.pem")).unwrap();
    let cases = [
        (&rsa, Scheme::RsaPkcs1(Hash::Sha384)),
        (&rsa, Scheme::RsaPss(Hash::Sha256)),
        (&rsa, Scheme::RsaPss(Hash::Sha384)),
        (&rsa, Scheme::RsaPss(Hash::Sha512)),
        (&ec, Scheme::Ecdsa(Hash::Sha384)),
    ];
    for (key, scheme) in cases {
        let signed = sign::sign(&doc, key, scheme, &[], &limits()).unwrap();
        let digested = digest(&signed, &limits()).unwrap();
        assert_eq!(digested.scheme, scheme);
        assert!(digested.check(&[&key.public_key()]).is_ok(), "{scheme:?}");
        let changed = signed.replace("SG26D", "SG27D");
        assert_eq!(digest(&changed, &limits()).unwrap_err().code, "dsig.digest");
    }
    // A PSS signature is no PKCS #1 v1.5 one: the method is bound into what was signed.
    let signed = sign::sign(&doc, &rsa, Scheme::RsaPss(Hash::Sha256), &[], &limits()).unwrap();
    let relabelled = signed.replace(
        "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1",
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    );
    let e = digest(&relabelled, &limits())
        .unwrap()
        .check(&[&rsa.public_key()])
        .unwrap_err();
    assert_eq!(e.code, "signature.invalid");
}

/// For a whole-document reference comments are removed even when the transform says
/// `#WithComments` (XML Signature 1.1 §4.4.3.3): what is digested never depends on them.
#[test]
fn a_with_comments_transform_still_digests_without_comments() {
    let info = |transform: &str| {
        format!(
            "<SignedInfo xmlns=\"http://www.w3.org/2000/09/xmldsig#\">\
             <CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"></CanonicalizationMethod>\
             <SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"></SignatureMethod>\
             <Reference URI=\"\"><Transforms><Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"></Transform>\
             <Transform Algorithm=\"{transform}\"></Transform></Transforms>\
             <DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"></DigestMethod>\
             <DigestValue>eeqPdoccOliD2TNE8OGoEDntw5zOJzpuSdTfU64vEAA=</DigestValue></Reference></SignedInfo>"
        )
    };
    let method = C14nMethod {
        exclusive: true,
        comments: false,
    };
    for (transform, exclusive) in [
        ("http://www.w3.org/2001/10/xml-exc-c14n#WithComments", true),
        (
            "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments",
            false,
        ),
    ] {
        let read = signing(&info(transform), method, &limits()).unwrap();
        assert_eq!(
            read.c14n,
            C14nMethod {
                exclusive,
                comments: false
            },
            "{transform}"
        );
    }
    // A transform with a parameter (an InclusiveNamespaces prefix list) is outside the profile.
    let with_list = info("http://www.w3.org/2001/10/xml-exc-c14n#").replace(
        "<Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"></Transform>",
        "<Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"><InclusiveNamespaces xmlns=\"http://www.w3.org/2001/10/xml-exc-c14n#\" PrefixList=\"a\"></InclusiveNamespaces></Transform>",
    );
    assert_eq!(
        signing(&with_list, method, &limits()).unwrap_err().code,
        "dsig.grammar"
    );
}
