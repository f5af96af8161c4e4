//! Interop with an independent XML Signature implementation, Debian's `xmlsec1` (OpenSSL backend):
//! the project's own Form D fixtures signed by xmlsec1 — RSA-2048 and ECDSA P-256, Canonical XML
//! 1.0 and exclusive, with and without an explicit canonicalisation transform — verify here with
//! the signer's public key pinned, and what was signed is exactly the fixture's canonical form;
//! tampered copies fail here and in xmlsec1 alike. `.ci/setup` installs xmlsec1 and openssl.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use eco_validator::{
    C14nMethod, C14nSubset, Limits, PublicKey, SignatureStage, canonicalize_subset,
    verify_with_keys,
};

fn run(cmd: &mut Command) -> std::process::Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A key pair and a self-signed certificate made by openssl: (private key, certificate, public key).
fn keys(dir: &Path, kind: &str) -> (PathBuf, PathBuf, PathBuf) {
    let key = dir.join(format!("{kind}.key.pem"));
    let cert = dir.join(format!("{kind}.cert.pem"));
    let public = dir.join(format!("{kind}.pub.pem"));
    let algorithm: &[&str] = match kind {
        "rsa" => &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
        _ => &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
    };
    run(Command::new("openssl")
        .args(["genpkey", "-quiet"])
        .args(algorithm)
        .arg("-out")
        .arg(&key));
    run(Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-new",
            "-subj",
            "/CN=eco-validator interop",
            "-days",
            "30",
        ])
        .arg("-key")
        .arg(&key)
        .arg("-out")
        .arg(&cert));
    run(Command::new("openssl")
        .args(["pkey", "-pubout"])
        .arg("-in")
        .arg(&key)
        .arg("-out")
        .arg(&public));
    (key, cert, public)
}

/// The profile's signature template, as the last child of the document element.
fn template(doc: &str, c14n: &str, transform: bool, method: &str) -> String {
    let explicit = if transform {
        format!("<Transform Algorithm=\"{c14n}\"/>")
    } else {
        String::new()
    };
    let signature = format!(
        "<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\">\n<SignedInfo>\n\
         <CanonicalizationMethod Algorithm=\"{c14n}\"/>\n<SignatureMethod Algorithm=\"{method}\"/>\n\
         <Reference URI=\"\"><Transforms><Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>{explicit}</Transforms>\
         <DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><DigestValue/></Reference>\n\
         </SignedInfo>\n<SignatureValue/>\n<KeyInfo><X509Data/></KeyInfo>\n</Signature>"
    );
    let end = doc.rfind("</").unwrap();
    format!("{}{signature}{}", &doc[..end], &doc[end..])
}

#[test]
fn documents_signed_by_xmlsec1_verify() {
    let dir = std::env::temp_dir().join(format!("eco-xmlsec-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let limits = Limits::default();
    let mut verified = 0;
    for kind in ["rsa", "ec"] {
        let (key, cert, public) = keys(&dir, kind);
        let pinned = PublicKey::from_pem(&std::fs::read_to_string(&public).unwrap()).unwrap();
        let method = match kind {
            "rsa" => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            _ => "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
        };
        for fixture in ["valid-1.xml", "valid-10.xml", "valid-full.xml"] {
            let original = String::from_utf8(common::read(fixture)).unwrap();
            for (c14n, exclusive) in [
                ("http://www.w3.org/TR/2001/REC-xml-c14n-20010315", false),
                ("http://www.w3.org/2001/10/xml-exc-c14n#", true),
            ] {
                for transform in [false, true] {
                    let unsigned = dir.join("unsigned.xml");
                    std::fs::write(&unsigned, template(&original, c14n, transform, method))
                        .unwrap();
                    let signed_path = dir.join(format!("signed-{kind}.xml"));
                    run(Command::new("xmlsec1")
                        .arg("--sign")
                        .arg("--privkey-pem")
                        .arg(format!("{},{}", key.display(), cert.display()))
                        .arg("--output")
                        .arg(&signed_path)
                        .arg(&unsigned));
                    let signed = std::fs::read(&signed_path).unwrap();
                    let case = format!("{kind} {fixture} {c14n} transform={transform}");
                    let evidence = verify_with_keys(&signed, &[&pinned], &limits)
                        .unwrap_or_else(|e| panic!("{case}: {e:?}"));
                    // What was signed is the fixture's canonical form (the reference's
                    // canonicalisation, without comments), and nothing of the signature.
                    let method = C14nMethod {
                        exclusive: exclusive && transform,
                        comments: false,
                    };
                    let expected = canonicalize_subset(
                        original.as_bytes(),
                        method,
                        C14nSubset::default(),
                        &limits,
                    )
                    .unwrap();
                    assert_eq!(evidence.document(), expected, "{case}");
                    // A tampered copy: one character of the content changed.
                    let text = String::from_utf8(signed.clone()).unwrap();
                    let at = text.find("</ID>").expect("a certificate number") - 1;
                    let mut tampered = text.into_bytes();
                    tampered[at] = if tampered[at] == b'1' { b'2' } else { b'1' };
                    let e = verify_with_keys(&tampered, &[&pinned], &limits).unwrap_err();
                    assert_eq!(
                        (e.stage, e.code),
                        (SignatureStage::Digest, "dsig.digest"),
                        "{case}"
                    );
                    // xmlsec1 takes the signed copy (so its refusal below says something).
                    run(Command::new("xmlsec1")
                        .arg("--verify")
                        .arg("--pubkey-pem")
                        .arg(&public)
                        .arg(&signed_path));
                    let tampered_path = dir.join("tampered.xml");
                    std::fs::write(&tampered_path, &tampered).unwrap();
                    let theirs = Command::new("xmlsec1")
                        .arg("--verify")
                        .arg("--pubkey-pem")
                        .arg(&public)
                        .arg(&tampered_path)
                        .output()
                        .unwrap();
                    assert!(
                        !theirs.status.success(),
                        "xmlsec1 took the tampered copy: {case}"
                    );
                    verified += 1;
                }
            }
        }
    }
    assert_eq!(verified, 2 * 3 * 2 * 2);
    std::fs::remove_dir_all(&dir).unwrap();
}
