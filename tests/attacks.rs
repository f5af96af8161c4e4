//! The attack classes and invariants of SIGNATURES.md on the project's own Form D: the sample
//! signed by Singapore's demo key (the library's signer), verified against the demo trust list,
//! then changed the way each attack changes a document. Each is refused at its stage (or, for
//! comment splitting, verified with every value taken from the canonical signed bytes). No panic,
//! whatever the input.

mod common;

use std::path::Path;

use eco_validator::{Limits, PrivateKey, PublicKey, Validator, Verification};
use jiff::civil::{Date, date};

const CLOCK: Date = date(2026, 11, 25);

fn demo(file: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("demo")
            .join(file),
    )
    .unwrap()
}

fn validator() -> Validator {
    let operator = PublicKey::from_pem(&demo("operator.pub.pem")).unwrap();
    Validator::builder()
        .trust_list(
            "demo",
            &demo("trust-list.signed.json"),
            Some(&operator),
            None,
        )
        .unwrap()
        .build()
        .unwrap()
}

/// `input` signed by Singapore's demo key, its certificate in KeyInfo.
fn signed(input: &[u8]) -> String {
    let key = PrivateKey::from_pem(&demo("keys/sg-signing.key.pem")).unwrap();
    let certs = eco_validator::pem_certificates(&demo("keys/sg-signing.cert.pem")).unwrap();
    eco_validator::sign_document(input, &key, None, &certs, &Limits::default()).unwrap()
}

fn stage<'v>(v: &'v Verification, name: &str) -> (&'v str, &'v str) {
    let s = v.stages.iter().find(|s| s.stage == name).unwrap();
    (s.status, s.code)
}

/// The first stage that did not pass, with its code.
fn refused_at(v: &Verification) -> (&str, &str) {
    let s = v.stages.iter().find(|s| s.status != "passed").unwrap();
    (s.stage, s.code)
}

#[test]
fn the_signed_sample_verifies() {
    let doc = signed(&common::read("valid-10.xml"));
    let v = validator().verify(doc.as_bytes(), CLOCK);
    assert!(v.verified, "{:#?}", v.stages);
    assert_eq!(
        v.certificate.as_ref().unwrap().header.reference.as_deref(),
        Some("SG26D0012345")
    );
}

#[test]
fn each_attack_is_refused_at_its_stage() {
    let doc = signed(&common::read("valid-10.xml"));
    let start = doc.find("<Signature xmlns").unwrap();
    let end = doc.find("</Signature>").unwrap() + "</Signature>".len();
    let signature = &doc[start..end];
    let without = format!("{}{}", &doc[..start], &doc[end..]);
    let root_end = without.rfind("</CertificateOfOrigin>").unwrap();
    let v = validator();
    let cases: Vec<(&str, String, (&str, &str))> = vec![
        // Signature wrapping: the signed root wrapped in another, and the signature moved.
        (
            "wrapped root",
            format!("<Envelope>{doc}</Envelope>").replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", ""),
            ("profile", "dsig.placement"),
        ),
        (
            "signature moved into content",
            without.replacen("</Certification>", &format!("{signature}</Certification>"), 1),
            ("profile", "dsig.placement"),
        ),
        (
            "content moved (a forged item added beside the signed ones)",
            doc.replacen("</SupplyChainConsignment>", "<IncludedConsignmentItem><SequenceNumeric>11</SequenceNumeric></IncludedConsignmentItem></SupplyChainConsignment>", 1),
            ("digest", "dsig.digest"),
        ),
        // Duplicated IDs and look-alikes.
        (
            "duplicated Id",
            doc.replacen("<ExchangedDocument>", "<ExchangedDocument Id=\"a\">", 1)
                .replacen("<Certification>", "<Certification Id=\"a\">", 1),
            ("profile", "dsig.id"),
        ),
        // Confused SignedInfo, decoy Signature, stray Reference.
        (
            "second SignedInfo",
            doc.replacen("<SignatureValue>", "<SignedInfo/><SignatureValue>", 1),
            ("profile", "dsig.grammar"),
        ),
        (
            "decoy second Signature (a copy, same value)",
            format!("{}{signature}{}", &doc[..end], &doc[end..]),
            ("profile", "dsig.placement"),
        ),
        (
            "stray Reference in the content",
            doc.replacen("<Certification>", "<Certification><Reference xmlns=\"http://www.w3.org/2000/09/xmldsig#\" URI=\"\"/>", 1),
            ("profile", "dsig.placement"),
        ),
        // Comments and PIs inside values.
        (
            "comment inside DigestValue",
            {
                let at = doc.find("<DigestValue>").unwrap() + "<DigestValue>".len() + 4;
                format!("{}<!--x-->{}", &doc[..at], &doc[at..])
            },
            ("profile", "dsig.markup"),
        ),
        (
            "PI inside SignatureValue",
            {
                let at = doc.find("<SignatureValue>").unwrap() + "<SignatureValue>".len() + 4;
                format!("{}<?x?>{}", &doc[..at], &doc[at..])
            },
            ("profile", "dsig.markup"),
        ),
        // Namespaces.
        (
            "relative namespace name",
            doc.replacen("<Certification>", "<Certification xmlns:r=\"rel/ns\">", 1),
            ("parse", "dsig.c14n"),
        ),
        (
            "look-alike Signature in another namespace (the real one gone)",
            without[..root_end].to_string()
                + &signature.replacen("http://www.w3.org/2000/09/xmldsig#", "http://www.w3.org/2000/09/xmldsig", 1)
                + &without[root_end..],
            ("profile", "dsig.lookalike"),
        ),
        // Algorithms.
        (
            "HMAC",
            doc.replace("xmldsig-more#ecdsa-sha256", "xmldsig-more#hmac-sha256"),
            ("profile", "dsig.algorithm"),
        ),
        (
            "SHA-1 digest",
            doc.replace("http://www.w3.org/2001/04/xmlenc#sha256", "http://www.w3.org/2000/09/xmldsig#sha1"),
            ("profile", "dsig.algorithm"),
        ),
        (
            "hash relabelled (ecdsa-sha384 over a SHA-256 signature)",
            doc.replace("xmldsig-more#ecdsa-sha256", "xmldsig-more#ecdsa-sha384"),
            ("signature", "signature.invalid"),
        ),
        (
            "malformed base64",
            {
                let at = doc.find("<DigestValue>").unwrap() + "<DigestValue>".len();
                format!("{}*{}", &doc[..at], &doc[at + 1..])
            },
            ("profile", "dsig.base64"),
        ),
        // DOCTYPE, even empty, and entities.
        (
            "empty DOCTYPE",
            doc.replacen("<CertificateOfOrigin", "<!DOCTYPE CertificateOfOrigin><CertificateOfOrigin", 1),
            ("parse", "dsig.doctype"),
        ),
    ];
    for (name, changed, (at, code)) in &cases {
        assert_ne!(changed, &doc, "{name} changed nothing");
        let verdict = v.verify(changed.as_bytes(), CLOCK);
        assert!(!verdict.verified, "{name}");
        assert!(
            verdict.report.is_none() && verdict.certificate.is_none(),
            "{name}"
        );
        assert_eq!(
            refused_at(&verdict),
            (*at, *code),
            "{name}: {:#?}",
            verdict.stages
        );
    }
}

/// A comment that splits a signed text node leaves the canonical form unchanged, so the verdict
/// may be "verified"; what matters is that every value comes from the canonical signed bytes,
/// where the text is whole — a reader keeping only the first text node would see "SG26D".
#[test]
fn a_comment_splitting_signed_text_changes_nothing_read() {
    let doc = signed(&common::read("valid-10.xml"));
    let split = doc.replacen("<ID>SG26D0012345</ID>", "<ID>SG26D<!-- -->0012345</ID>", 1);
    assert_ne!(split, doc);
    let v = validator();
    let plain = v.verify(doc.as_bytes(), CLOCK);
    let verdict = v.verify(split.as_bytes(), CLOCK);
    assert!(verdict.verified, "{:#?}", verdict.stages);
    assert_eq!(
        verdict
            .certificate
            .as_ref()
            .unwrap()
            .header
            .reference
            .as_deref(),
        Some("SG26D0012345")
    );
    assert_eq!(verdict.signed_digest, plain.signed_digest);
    assert_eq!(verdict.report, plain.report);
}

/// A valid signature of a trusted key over something that is not an e-Form D of this binding.
#[test]
fn a_signed_document_of_another_root_is_refused() {
    let other =
        b"<Invoice xmlns=\"urn:example:invoice\"><IssueDate>2026-11-20</IssueDate></Invoice>";
    let doc = signed(other);
    let verdict = validator().verify(doc.as_bytes(), CLOCK);
    assert_eq!(stage(&verdict, "signature"), ("passed", "dsig.signature"));
    assert_eq!(stage(&verdict, "profile"), ("failed", "verify.root"));
    assert!(!verdict.verified && verdict.report.is_none());
}

/// Entity bombs and external entities (defusedxml's files), deep and wide documents: refused at
/// the parse stage, before anything is expanded or canonicalised.
#[test]
fn bombs_deep_and_wide_documents_are_refused_at_parse() {
    let v = validator();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    for bomb in [
        "xmlbomb.xml",
        "xmlbomb2.xml",
        "quadratic.xml",
        "cyclic.xml",
        "external.xml",
        "external_file.xml",
        "dtd.xml",
    ] {
        let verdict = v.verify(&std::fs::read(dir.join(bomb)).unwrap(), CLOCK);
        assert_eq!(refused_at(&verdict), ("parse", "dsig.doctype"), "{bomb}");
    }
    let doc = signed(&common::read("valid-10.xml"));
    let deep = doc.replacen(
        "<Certification>",
        &format!(
            "<Certification>{}{}",
            "<d>".repeat(5000),
            "</d>".repeat(5000)
        ),
        1,
    );
    assert_eq!(
        refused_at(&v.verify(deep.as_bytes(), CLOCK)),
        ("parse", "dsig.limit")
    );
    let wide = doc.replacen(
        "<Certification>",
        &format!("<Certification>{}", "<w/>".repeat(200_000)),
        1,
    );
    assert_eq!(
        refused_at(&v.verify(wide.as_bytes(), CLOCK)),
        ("parse", "dsig.limit")
    );
    // 5,000 nested elements under a default namespace, within raised limits: canonicalised in
    // linear memory, and the digest (the content changed) says so.
    let mut limits = Limits::default();
    limits.max_depth = 6000;
    let deep_ok = Validator::builder()
        .options({
            let mut o = eco_validator::Options::new(CLOCK);
            o.limits = limits;
            o
        })
        .build()
        .unwrap();
    let verdict = deep_ok.verify(deep.as_bytes(), CLOCK);
    assert_eq!(refused_at(&verdict), ("digest", "dsig.digest"));
}

/// Mutations of the signed sample never panic and never verify unless the canonical bytes are
/// those signed.
#[test]
fn mutated_signed_documents_never_panic_or_verify_changed_content() {
    let doc = signed(&common::read("valid-10.xml"));
    let v = validator();
    let good = v.verify(doc.as_bytes(), CLOCK);
    let mut rng = common::Rng(11);
    for _ in 0..300 {
        let mutated = common::mutate(doc.as_bytes(), &mut rng);
        let verdict = v.verify(&mutated, CLOCK);
        if verdict.verified {
            assert_eq!(verdict.signed_digest, good.signed_digest);
        }
    }
}

/// A genuinely signed certificate with faults is verified: the signature is good, and the report
/// of the signed content shows the faults (a customs officer must see them, not a refusal).
#[test]
fn a_signed_certificate_with_faults_is_verified_and_its_report_says_so() {
    let faulty = String::from_utf8(common::read("valid-10.xml"))
        .unwrap()
        .replacen("currencyID=\"USD\"", "currencyID=\"USX\"", 1);
    assert_ne!(faulty.as_bytes(), common::read("valid-10.xml"));
    let verdict = validator().verify(signed(faulty.as_bytes()).as_bytes(), CLOCK);
    assert!(verdict.verified, "{:#?}", verdict.stages);
    let report = verdict.report.unwrap();
    assert!(!report.valid);
    assert!(
        report.findings.iter().any(|f| f.code == "code.currency"),
        "{:?}",
        report.findings
    );
}
