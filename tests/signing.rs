//! The native signer, checked by an independent verifier: the project's Form D fixtures signed by
//! `eco-validator sign` (RSA-2048, ECDSA P-256 and P-384 keys made by openssl) verify with
//! `xmlsec1 --verify` and here; tampered copies fail in both. And the CLI's `verify` over the demo
//! trust list and the signed sample that ship in `demo/`: its JSON, its text, its exit codes.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eco-validator"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("eco-signing-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn openssl(args: &[&str]) {
    let out = Command::new("openssl").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn documents_signed_here_verify_with_xmlsec1_and_tampered_ones_fail_in_both() {
    let dir = scratch("xmlsec");
    let limits = eco_validator::Limits::default();
    let mut checked = 0;
    for (kind, opts) in [
        (
            "rsa",
            ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
        ),
        (
            "p256",
            ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
        ),
        (
            "p384",
            ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
        ),
    ] {
        let key = dir.join(format!("{kind}.key.pem"));
        let public = dir.join(format!("{kind}.pub.pem"));
        let mut args = vec!["genpkey", "-quiet"];
        args.extend(opts);
        args.extend(["-out", key.to_str().unwrap()]);
        openssl(&args);
        openssl(&[
            "pkey",
            "-pubout",
            "-in",
            key.to_str().unwrap(),
            "-out",
            public.to_str().unwrap(),
        ]);
        let pinned =
            eco_validator::PublicKey::from_pem(&std::fs::read_to_string(&public).unwrap()).unwrap();
        for fixture in [
            "valid-1.xml",
            "valid-10.xml",
            "valid-full.xml",
            "valid-rcep.xml",
        ] {
            let input = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(fixture);
            let out = cli(&[
                "sign",
                "--key",
                key.to_str().unwrap(),
                input.to_str().unwrap(),
            ]);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let signed_path = dir.join("signed.xml");
            std::fs::write(&signed_path, &out.stdout).unwrap();
            let theirs = |file: &Path| {
                Command::new("xmlsec1")
                    .args(["--verify", "--pubkey-pem", public.to_str().unwrap()])
                    .arg(file)
                    .output()
                    .unwrap()
            };
            let verdict = theirs(&signed_path);
            assert!(
                verdict.status.success(),
                "xmlsec1 refused {kind} {fixture}: {}",
                String::from_utf8_lossy(&verdict.stderr)
            );
            let ours = eco_validator::verify_with_keys(&out.stdout, &[&pinned], &limits).unwrap();
            // What was signed is the fixture as it stands, canonical.
            let original = std::fs::read(&input).unwrap();
            let canonical = eco_validator::canonicalize(
                &original,
                eco_validator::C14nMethod {
                    exclusive: true,
                    comments: false,
                },
                &limits,
            )
            .unwrap();
            assert_eq!(ours.document(), canonical);
            // Tampered: a character of the content changed.
            let text = String::from_utf8(out.stdout.clone()).unwrap();
            let at = text.find("</ID>").unwrap() - 1;
            let mut tampered = text.into_bytes();
            tampered[at] ^= 1;
            std::fs::write(&signed_path, &tampered).unwrap();
            assert!(
                !theirs(&signed_path).status.success(),
                "xmlsec1 took a tampered {kind} {fixture}"
            );
            let e = eco_validator::verify_with_keys(&tampered, &[&pinned], &limits).unwrap_err();
            assert_eq!(e.code, "dsig.digest");
            checked += 1;
        }
    }
    assert_eq!(checked, 12);
    // A document already signed, a DOCTYPE and a missing key are refused.
    let key = dir.join("p256.key.pem");
    let signed = dir.join("twice.xml");
    let once = cli(&[
        "sign",
        "--key",
        key.to_str().unwrap(),
        "tests/fixtures/valid-1.xml",
    ]);
    std::fs::write(&signed, &once.stdout).unwrap();
    let twice = cli(&[
        "sign",
        "--key",
        key.to_str().unwrap(),
        signed.to_str().unwrap(),
    ]);
    assert_eq!(twice.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("already"));
    assert_eq!(
        cli(&["sign", "tests/fixtures/valid-1.xml"]).status.code(),
        Some(2)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_demo_trust_list_verifies_the_signed_sample_through_the_cli() {
    let args = [
        "verify",
        "--trust",
        "demo/trust-list.signed.json",
        "--trust-key",
        "demo/operator.pub.pem",
        "--as-of",
        "2026-11-25",
        "--format",
        "json",
        "demo/valid-10.signed.xml",
    ];
    let out = cli(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let result = &json[0];
    assert_eq!(result["file"], "demo/valid-10.signed.xml");
    assert_eq!(result["verified"], true);
    let stages: Vec<(&str, &str)> = result["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["stage"].as_str().unwrap(), s["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        stages,
        [
            "parse",
            "profile",
            "digest",
            "signature",
            "chain",
            "trust",
            "time",
            "revocation"
        ]
        .map(|s| (s, "passed"))
    );
    assert_eq!(result["trustList"]["version"], 1);
    assert_eq!(result["trustList"]["demo"], true);
    assert_eq!(result["notice"], "DEMO — NOT AUTHORITATIVE");
    assert_eq!(result["report"]["valid"], true);
    // The signed digest is the SHA-256 of the sample's canonical form (what was signed).
    let canonical = eco_validator::canonicalize(
        &common::read("valid-10.xml"),
        eco_validator::C14nMethod {
            exclusive: true,
            comments: false,
        },
        &eco_validator::Limits::default(),
    )
    .unwrap();
    let digest = eco_validator::Hash::Sha256.digest(canonical.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(result["signedDigest"], hex.as_str());

    // Text: the verdict, the notice and every stage.
    let mut text_args = args.to_vec();
    text_args.retain(|a| *a != "--format" && *a != "json");
    let out = cli(&text_args);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("demo/valid-10.signed.xml: verified\n  DEMO — NOT AUTHORITATIVE"),
        "{text}"
    );
    assert!(text.contains("revocation passed"), "{text}");

    // Without the operator key the list's signature is not checked: not verified, exit 1.
    let out = cli(&[
        "verify",
        "--trust",
        "demo/trust-list.signed.json",
        "--as-of",
        "2026-11-25",
        "demo/valid-10.signed.xml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("trust      not-checked trust.operator"));
    // No trust list at all: the signature is checked, the rest not; exit 1.
    let out = cli(&[
        "verify",
        "--as-of",
        "2026-11-25",
        "demo/valid-10.signed.xml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("chain      not-checked verify.no-trust-list")
    );
    // The unsigned fixture: no signature, at the profile stage.
    let out = cli(&[
        "verify",
        "--trust",
        "demo/trust-list.signed.json",
        "--trust-key",
        "demo/operator.pub.pem",
        "tests/fixtures/valid-10.xml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("dsig.unsigned"));
    // The operator pinned by its certificate works as its public key does.
    let out = cli(&[
        "verify",
        "--trust",
        "demo/trust-list.signed.json",
        "--trust-key",
        "demo/keys/operator.cert.pem",
        "--as-of",
        "2026-11-25",
        "demo/valid-10.signed.xml",
    ]);
    assert_eq!(out.status.code(), Some(0));
    // Another operator's key: the list does not load (exit 2).
    let out = cli(&[
        "verify",
        "--trust",
        "demo/trust-list.signed.json",
        "--trust-key",
        "demo/keys/sg-root.cert.pem",
        "demo/valid-10.signed.xml",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("trust-list.signature"));
    // Usage.
    assert_eq!(cli(&["verify"]).status.code(), Some(2));
    assert_eq!(
        cli(&["verify", "--bogus", "x", "demo/valid-10.signed.xml"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn trust_sign_writes_an_envelope_that_loads_with_the_operator_key() {
    let dir = scratch("trust-sign");
    let signed = cli(&[
        "trust",
        "sign",
        "--key",
        "demo/keys/operator.key.pem",
        "demo/trust-list.json",
    ]);
    assert_eq!(
        signed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&signed.stderr)
    );
    let operator = eco_validator::PublicKey::from_pem(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/operator.pub.pem"),
        )
        .unwrap(),
    )
    .unwrap();
    let text = String::from_utf8(signed.stdout).unwrap();
    let validator = eco_validator::Validator::builder()
        .trust_list("signed.json", &text, Some(&operator), None)
        .unwrap()
        .build()
        .unwrap();
    let verdict = validator.verify(
        &std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/valid-10.signed.xml"))
            .unwrap(),
        jiff::civil::date(2026, 11, 25),
    );
    assert!(verdict.verified);
    // A list that does not load is not signed.
    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{\"format\": \"eco-validator/trust-list/1\"}").unwrap();
    let out = cli(&[
        "trust",
        "sign",
        "--key",
        "demo/keys/operator.key.pem",
        broken.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn sign_takes_the_method_rsa_pss_included() {
    let dir = scratch("method");
    let signed = dir.join("pss.xml");
    let out = cli(&[
        "sign",
        "--key",
        "demo/keys/sg-signing-rsa.key.pem",
        "--cert",
        "demo/keys/sg-signing-rsa.cert.pem",
        "--chain",
        "demo/keys/sg-intermediate.cert.pem",
        "--method",
        "rsa-pss-sha256",
        "tests/fixtures/valid-10.xml",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("xmldsig-more#sha256-rsa-MGF1"));
    std::fs::write(&signed, &out.stdout).unwrap();
    let verified = cli(&[
        "verify",
        "--trust",
        "demo/trust-list.signed.json",
        "--trust-key",
        "demo/operator.pub.pem",
        "--as-of",
        "2026-11-25",
        signed.to_str().unwrap(),
    ]);
    assert_eq!(
        verified.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&verified.stdout)
    );
    // A method that does not fit the key, and one that does not exist.
    let misfit = cli(&[
        "sign",
        "--key",
        "demo/keys/sg-signing-rsa.key.pem",
        "--method",
        "ecdsa-sha256",
        "tests/fixtures/valid-10.xml",
    ]);
    assert_eq!(misfit.status.code(), Some(1));
    let unknown = cli(&[
        "sign",
        "--key",
        "demo/keys/sg-signing-rsa.key.pem",
        "--method",
        "rsa-md5",
        "tests/fixtures/valid-10.xml",
    ]);
    assert_eq!(unknown.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}
