//! Verification against a signed trust list, stage by stage, on the project's own Form D (issued
//! in Singapore on 2026-11-20) signed by xmlsec1 with keys of a test PKI made by openssl
//! (`tests/pki.sh`): an intermediate CA, an expired and a revoked intermediate, a certificate
//! without the digitalSignature key usage, no KeyInfo at all (a pinned key), KeyInfo naming a
//! trusted certificate while another key signed, a self-signed KeyInfo certificate, another
//! state's valid key; the list unsigned, unchecked, rolled back, stale, demo, or signed by another
//! operator.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use base64ct::Encoding as _;
use eco_validator::{PublicKey, Validator, Verification, VerifyStep};
use jiff::civil::{Date, date};
use serde_json::json;

const CLOCK: Date = date(2026, 11, 25);

fn run(cmd: &mut Command) -> Vec<u8> {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

struct Pki {
    dir: PathBuf,
}

impl Pki {
    fn new(name: &str) -> Pki {
        let dir = std::env::temp_dir().join(format!("eco-trust-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Pki { dir }
    }

    /// A key and certificate (see tests/pki.sh for the arguments).
    fn make(
        &self,
        name: &str,
        kind: &str,
        issuer: &str,
        validity: (&str, &str),
        usage: &str,
        serial: &str,
    ) {
        let (from, to) = validity;
        run(Command::new("bash")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pki.sh"))
            .args([
                self.dir.to_str().unwrap(),
                name,
                kind,
                issuer,
                from,
                to,
                usage,
                serial,
            ]));
    }

    fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    fn cert(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(&format!("{name}.cert.pem"))).unwrap()
    }

    fn public(&self, name: &str) -> String {
        String::from_utf8(run(Command::new("openssl")
            .args(["pkey", "-pubout", "-in"])
            .arg(self.path(&format!("{name}.key.pem")))))
        .unwrap()
    }

    /// The sample signed by `key` with xmlsec1; `certs` (key's own first) go into KeyInfo, none:
    /// no KeyInfo at all.
    fn sign(&self, key: &str, certs: &[&str]) -> Vec<u8> {
        let original = String::from_utf8(common::read("valid-10.xml")).unwrap();
        let ec = std::fs::read_to_string(self.path(&format!("{key}.key.pem")))
            .unwrap()
            .contains("BEGIN PRIVATE KEY")
            && run(Command::new("openssl")
                .args(["pkey", "-noout", "-text", "-in"])
                .arg(self.path(&format!("{key}.key.pem"))))
            .starts_with(b"Private-Key: (256 bit");
        let method = if ec { "ecdsa-sha256" } else { "rsa-sha256" };
        let key_info = if certs.is_empty() {
            ""
        } else {
            "<KeyInfo><X509Data/></KeyInfo>"
        };
        let signature = format!(
            "<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"><SignedInfo>\
             <CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>\
             <SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#{method}\"/>\
             <Reference URI=\"\"><Transforms><Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>\
             <Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/></Transforms>\
             <DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><DigestValue/></Reference>\
             </SignedInfo><SignatureValue/>{key_info}</Signature>"
        );
        let end = original.rfind("</").unwrap();
        let unsigned = format!("{}{signature}{}", &original[..end], &original[end..]);
        std::fs::write(self.path("unsigned.xml"), unsigned).unwrap();
        let mut keys = vec![self.path(&format!("{key}.key.pem")).display().to_string()];
        keys.extend(
            certs
                .iter()
                .map(|c| self.path(&format!("{c}.cert.pem")).display().to_string()),
        );
        run(Command::new("xmlsec1")
            .args(["--sign", "--privkey-pem", &keys.join(","), "--output"])
            .arg(self.path("signed.xml"))
            .arg(self.path("unsigned.xml")));
        std::fs::read(self.path("signed.xml")).unwrap()
    }

    /// The list's JSON in a JWS envelope signed with the operator's RSA key (RS256), by openssl.
    fn envelope(&self, content: &str, operator: &str) -> String {
        let b64 = |b: &[u8]| base64ct::Base64UrlUnpadded::encode_string(b);
        let protected = b64(br#"{"alg":"RS256","typ":"eco-validator-trust-list+json"}"#);
        let payload = b64(content.as_bytes());
        std::fs::write(self.path("input.txt"), format!("{protected}.{payload}")).unwrap();
        let signature = run(Command::new("openssl")
            .args(["dgst", "-sha256", "-sign"])
            .arg(self.path(&format!("{operator}.key.pem")))
            .arg(self.path("input.txt")));
        json!({ "protected": protected, "payload": payload, "signature": b64(&signature) })
            .to_string()
    }
}

impl Drop for Pki {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn list(version: u32, next_update: &str, demo: bool, authorities: serde_json::Value) -> String {
    json!({
        "format": "eco-validator/trust-list/1",
        "version": version,
        "issued": "2026-11-01",
        "nextUpdate": next_update,
        "demo": demo,
        "authorities": authorities,
    })
    .to_string()
}

/// What a runtime's WebCrypto would answer, here by RustCrypto from the questions alone: the
/// key's SubjectPublicKeyInfo, the scheme, the bytes.
fn runtime_answers(p: &eco_validator::Provisional) -> Vec<bool> {
    p.questions()
        .iter()
        .map(|q| {
            PublicKey::from_spki_der(&q.spki)
                .and_then(|k| k.verify(q.scheme, &q.message, &q.signature))
                .is_ok()
        })
        .collect()
}

/// Every case is verified both ways: with the arithmetic done here, and with it asked for and
/// answered as a runtime's WebCrypto would (here by RustCrypto from the questions alone: the key's
/// SubjectPublicKeyInfo, the scheme, the bytes), and the two verdicts must be the same.
trait BothWays {
    fn verify_both(&self, input: &[u8], as_of: Date) -> Verification;
}

impl BothWays for Validator {
    fn verify_both(&self, input: &[u8], as_of: Date) -> Verification {
        let here = self.verify(input, as_of);
        let mut step = self.verify_asking(input, as_of);
        let mut rounds = 0;
        let asked = loop {
            match step {
                VerifyStep::Done(v) => break *v,
                VerifyStep::Ask(p) => {
                    rounds += 1;
                    let answers = runtime_answers(&p);
                    step = p.answer(self, &answers);
                }
            }
        };
        assert!(rounds <= 4, "at most four rounds");
        assert_eq!(here, asked, "the verdicts agree");
        if here.verified {
            assert_eq!(rounds, 1, "a genuine document is answered in one round");
        }
        here
    }
}

fn validator(text: &str, operator: Option<&PublicKey>, last_seen: Option<u32>) -> Validator {
    Validator::builder()
        .trust_list("trust.json", text, operator, last_seen)
        .unwrap()
        .build()
        .unwrap()
}

fn stage<'v>(v: &'v Verification, name: &str) -> (&'v str, &'v str) {
    let s = v.stages.iter().find(|s| s.stage == name).unwrap();
    (s.status, s.code)
}

/// The PKI most cases share: Singapore's root → intermediate → signing certificate (EC), an RSA
/// operator key, and Thailand's root → signing certificate (RSA).
fn standard(test: &str) -> Pki {
    let pki = Pki::new(test);
    pki.make(
        "operator",
        "rsa",
        "self",
        ("20250101000000Z", "20350101000000Z"),
        "ca",
        "01",
    );
    pki.make(
        "sg-root",
        "ec",
        "self",
        ("20250101000000Z", "20450101000000Z"),
        "ca",
        "10",
    );
    pki.make(
        "sg-inter",
        "ec",
        "sg-root",
        ("20250101000000Z", "20400101000000Z"),
        "ca",
        "11",
    );
    pki.make(
        "sg-sign",
        "ec",
        "sg-inter",
        ("20260101000000Z", "20310101000000Z"),
        "sign",
        "12",
    );
    pki.make(
        "th-root",
        "rsa",
        "self",
        ("20250101000000Z", "20450101000000Z"),
        "ca",
        "20",
    );
    pki.make(
        "th-sign",
        "rsa",
        "th-root",
        ("20260101000000Z", "20310101000000Z"),
        "sign",
        "21",
    );
    pki
}

fn authorities(pki: &Pki, sg_extra: serde_json::Value) -> serde_json::Value {
    let mut sg = json!({
        "state": "SG", "name": "Singapore Customs",
        "anchors": [pki.cert("sg-root")], "intermediates": [pki.cert("sg-inter")],
    });
    if let (Some(sg), Some(extra)) = (sg.as_object_mut(), sg_extra.as_object()) {
        for (k, v) in extra {
            sg.insert(k.clone(), v.clone());
        }
    }
    json!([sg, { "state": "TH", "name": "Thai Customs Department", "anchors": [pki.cert("th-root")] }])
}

#[test]
fn a_chain_to_the_right_state_verifies_and_the_rest_is_refused_at_its_stage() {
    let pki = standard("chain");
    let operator = PublicKey::from_pem(&pki.public("operator")).unwrap();
    let text = pki.envelope(
        &list(3, "2027-02-01", false, authorities(&pki, json!({}))),
        "operator",
    );
    let v = validator(&text, Some(&operator), Some(3));

    // Singapore's signing certificate, through the intermediate: every stage passed.
    let doc = pki.sign("sg-sign", &["sg-sign"]);
    let verdict = v.verify_both(&doc, CLOCK);
    assert!(verdict.verified, "{:#?}", verdict.stages);
    assert!(verdict.stages.iter().all(|s| s.status == "passed"));
    let report = verdict.report.as_ref().unwrap();
    assert!(report.valid, "{:?}", report.findings);
    assert_eq!(
        verdict.trust_list.as_ref().map(|t| (t.version, t.demo)),
        Some((3, false))
    );
    assert_eq!(verdict.notice, None);
    let digest = verdict.signed_digest.as_deref().unwrap();
    assert_eq!(digest.len(), 64);
    // The chain is found from the KeyInfo certificate alone, the intermediate coming from the list;
    // with the intermediate in KeyInfo too, the same.
    let doc2 = pki.sign("sg-sign", &["sg-sign", "sg-inter"]);
    assert!(v.verify_both(&doc2, CLOCK).verified);

    // Another state's valid key, over a document issued in Singapore: the trust stage.
    let verdict = v.verify_both(&pki.sign("th-sign", &["th-sign"]), CLOCK);
    assert!(!verdict.verified);
    assert_eq!(stage(&verdict, "chain"), ("passed", "trust.path"));
    assert_eq!(stage(&verdict, "trust"), ("failed", "trust.state"));
    assert!(verdict.report.is_none());

    // KeyInfo names Singapore's trusted certificate, but another key signed.
    pki.make(
        "intruder",
        "ec",
        "self",
        ("20260101000000Z", "20310101000000Z"),
        "sign",
        "99",
    );
    let forged = String::from_utf8(pki.sign("intruder", &["intruder"])).unwrap();
    let theirs = |c: &str| {
        c.lines()
            .filter(|l| !l.starts_with("-----"))
            .collect::<String>()
    };
    let start = forged.find("<X509Certificate>").unwrap() + "<X509Certificate>".len();
    let end = forged.find("</X509Certificate>").unwrap();
    let forged = format!(
        "{}{}{}",
        &forged[..start],
        theirs(&pki.cert("sg-sign")),
        &forged[end..]
    );
    assert!(forged.contains(&theirs(&pki.cert("sg-sign"))));
    let verdict = v.verify_both(forged.as_bytes(), CLOCK);
    assert_eq!(
        stage(&verdict, "signature"),
        ("failed", "signature.invalid")
    );

    // A self-signed KeyInfo certificate: the signature verifies with its key, which chains to
    // nothing in the list.
    let verdict = v.verify_both(&pki.sign("intruder", &["intruder"]), CLOCK);
    assert_eq!(stage(&verdict, "signature"), ("passed", "dsig.signature"));
    assert_eq!(stage(&verdict, "chain").0, "failed");
    assert!(!verdict.verified);

    // The document issued after the caller's clock.
    let verdict = v.verify_both(&doc, date(2026, 11, 19));
    assert_eq!(stage(&verdict, "time"), ("failed", "trust.future"));

    // A changed document: the digest stage; nothing after it is checked.
    let tampered = String::from_utf8(doc.clone())
        .unwrap()
        .replace("SG26D", "SG27D");
    let verdict = v.verify_both(tampered.as_bytes(), CLOCK);
    assert_eq!(stage(&verdict, "digest"), ("failed", "dsig.digest"));
    assert_eq!(stage(&verdict, "signature").0, "not-checked");
    assert_eq!(verdict.signed_digest, None);

    // No trust list: the signature is checked with the document's own certificate, the rest is
    // not checked — never "forged".
    let bare = Validator::builder().build().unwrap();
    let verdict = bare.verify_both(&doc, CLOCK);
    assert_eq!(stage(&verdict, "signature"), ("passed", "dsig.signature"));
    for s in ["chain", "trust", "time", "revocation"] {
        assert_eq!(stage(&verdict, s), ("not-checked", "verify.no-trust-list"));
    }
    assert!(!verdict.verified && verdict.trust_list.is_none());
}

#[test]
fn expired_revoked_and_unusable_certificates() {
    let pki = standard("expired");
    let operator = PublicKey::from_pem(&pki.public("operator")).unwrap();
    // An intermediate that expired before the issue date, and its signing certificate.
    pki.make(
        "old-inter",
        "ec",
        "sg-root",
        ("20200101000000Z", "20251231000000Z"),
        "ca",
        "31",
    );
    pki.make(
        "old-sign",
        "ec",
        "old-inter",
        ("20250101000000Z", "20310101000000Z"),
        "sign",
        "32",
    );
    // A signing certificate whose key usage is key encipherment only.
    pki.make(
        "enc-sign",
        "ec",
        "sg-inter",
        ("20260101000000Z", "20310101000000Z"),
        "encipher",
        "33",
    );
    let extra = json!({ "intermediates": [pki.cert("sg-inter"), pki.cert("old-inter")] });
    let plain = |revoked: serde_json::Value| {
        let mut sg_extra = extra.clone();
        sg_extra["revoked"] = revoked;
        let text = pki.envelope(
            &list(3, "2027-02-01", false, authorities(&pki, sg_extra)),
            "operator",
        );
        validator(&text, Some(&operator), None)
    };
    let v = plain(json!([]));
    let verdict = v.verify_both(&pki.sign("old-sign", &["old-sign"]), CLOCK);
    assert_eq!(
        stage(&verdict, "chain"),
        ("failed", "trust.path"),
        "{:#?}",
        verdict.stages
    );
    let verdict = v.verify_both(&pki.sign("enc-sign", &["enc-sign"]), CLOCK);
    assert_eq!(stage(&verdict, "chain"), ("failed", "trust.key-usage"));

    let doc = pki.sign("sg-sign", &["sg-sign"]);
    // The intermediate revoked before the issue date.
    let v = plain(json!([{ "serial": "11", "date": "2026-11-01", "reason": "superseded" }]));
    assert_eq!(
        stage(&v.verify_both(&doc, CLOCK), "revocation"),
        ("failed", "trust.revoked")
    );
    // Revoked after the issue date, superseded: genuine certificates of before stay good.
    let v = plain(json!([{ "serial": "0011", "date": "2026-11-24", "reason": "superseded" }]));
    let verdict = v.verify_both(&doc, CLOCK);
    assert_eq!(
        stage(&verdict, "revocation"),
        ("passed", "trust.not-revoked")
    );
    assert!(verdict.verified);
    // Revoked after the issue date for key compromise: revoked whatever the date.
    let v = plain(json!([{ "serial": "12", "date": "2026-11-24", "reason": "keyCompromise" }]));
    assert_eq!(
        stage(&v.verify_both(&doc, CLOCK), "revocation"),
        ("failed", "trust.revoked")
    );
    // The anchor the path ends at is part of the path: its serial revoked counts too.
    let v = plain(json!([{ "serial": "10", "date": "2026-11-24", "reason": "keyCompromise" }]));
    assert_eq!(
        stage(&v.verify_both(&doc, CLOCK), "revocation"),
        ("failed", "trust.revoked")
    );
}

#[test]
fn pinned_keys_and_directly_trusted_certificates_without_keyinfo() {
    let pki = standard("pinned");
    let operator = PublicKey::from_pem(&pki.public("operator")).unwrap();
    let doc = pki.sign("sg-sign", &[]);
    assert!(!String::from_utf8_lossy(&doc).contains("KeyInfo"));
    let with_key = |from: &str, to: &str| {
        let extra = json!({ "keys": [{ "spki": pki.public("sg-sign"), "validFrom": from, "validTo": to }] });
        let text = pki.envelope(
            &list(1, "2027-02-01", false, authorities(&pki, extra)),
            "operator",
        );
        validator(&text, Some(&operator), None)
    };
    let verdict = with_key("2026-01-01", "2027-12-31").verify_both(&doc, CLOCK);
    assert!(verdict.verified, "{:#?}", verdict.stages);
    assert_eq!(stage(&verdict, "chain"), ("passed", "trust.pinned"));
    let verdict = with_key("2026-11-21", "2027-12-31").verify_both(&doc, CLOCK);
    assert_eq!(
        stage(&verdict, "chain"),
        ("failed", "trust.pinned-validity")
    );
    // Without KeyInfo and without a pinned key of the signer: no key verifies.
    let text = pki.envelope(
        &list(1, "2027-02-01", false, authorities(&pki, json!({}))),
        "operator",
    );
    let verdict = validator(&text, Some(&operator), None).verify_both(&doc, CLOCK);
    assert_eq!(stage(&verdict, "signature").0, "failed");
    // A signing certificate trusted directly, as an anchor of its state.
    let text = pki.envelope(
        &list(1, "2027-02-01", false, json!([{ "state": "SG", "name": "Singapore Customs", "anchors": [pki.cert("sg-sign")] }])),
        "operator",
    );
    let verdict = validator(&text, Some(&operator), None).verify_both(&doc, CLOCK);
    assert!(verdict.verified, "{:#?}", verdict.stages);
    assert_eq!(stage(&verdict, "chain"), ("passed", "trust.direct"));
}

#[test]
fn the_list_itself_unsigned_unchecked_rolled_back_stale_demo_or_forged() {
    let pki = standard("list");
    let operator = PublicKey::from_pem(&pki.public("operator")).unwrap();
    let doc = pki.sign("sg-sign", &["sg-sign"]);
    let content = list(5, "2027-02-01", false, authorities(&pki, json!({})));
    let signed = pki.envelope(&content, "operator");
    // Unsigned (a bare list).
    let verdict = validator(&content, Some(&operator), None).verify_both(&doc, CLOCK);
    assert_eq!(stage(&verdict, "trust"), ("failed", "trust.unsigned"));
    assert_eq!(verdict.trust_list.as_ref().unwrap().signature, "unsigned");
    // Signed, but no operator key to check it with.
    let verdict = validator(&signed, None, None).verify_both(&doc, CLOCK);
    assert_eq!(stage(&verdict, "trust"), ("not-checked", "trust.operator"));
    assert!(!verdict.verified);
    // Rolled back below the version last seen.
    let verdict = validator(&signed, Some(&operator), Some(6)).verify_both(&doc, CLOCK);
    assert_eq!(stage(&verdict, "trust"), ("failed", "trust.rollback"));
    // Stale at the caller's clock.
    let verdict = validator(&signed, Some(&operator), Some(5)).verify_both(&doc, date(2027, 2, 2));
    assert_eq!(stage(&verdict, "trust"), ("failed", "trust.stale"));
    // Signed by another key than the operator's the caller pins: not loaded.
    pki.make(
        "other-operator",
        "rsa",
        "self",
        ("20250101000000Z", "20350101000000Z"),
        "ca",
        "02",
    );
    let other = PublicKey::from_pem(&pki.public("other-operator")).unwrap();
    let e = Validator::builder()
        .trust_list("trust.json", &signed, Some(&other), None)
        .unwrap_err();
    assert_eq!(e.code, "trust-list.signature");
    // A changed payload no longer matches the operator's signature.
    let mut envelope: serde_json::Value = serde_json::from_str(&signed).unwrap();
    let changed = list(6, "2027-02-01", false, authorities(&pki, json!({})));
    envelope["payload"] = base64ct::Base64UrlUnpadded::encode_string(changed.as_bytes()).into();
    let e = Validator::builder()
        .trust_list("trust.json", &envelope.to_string(), Some(&operator), None)
        .unwrap_err();
    assert_eq!(e.code, "trust-list.signature");
    // A demo list: every result that relied on it says so.
    let demo = pki.envelope(
        &list(5, "2027-02-01", true, authorities(&pki, json!({}))),
        "operator",
    );
    let verdict = validator(&demo, Some(&operator), None).verify_both(&doc, CLOCK);
    assert!(verdict.verified);
    assert_eq!(verdict.notice, Some("DEMO — NOT AUTHORITATIVE"));
    assert!(verdict.trust_list.unwrap().demo);
}

#[test]
fn malformed_lists_are_load_errors_with_their_place() {
    let pki = standard("malformed");
    let good = list(1, "2027-02-01", false, authorities(&pki, json!({})));
    for (from, to, code) in [
        ("\"version\":1", "\"version\":-1", "trust-list.value"),
        ("\"state\":\"SG\"", "\"state\":\"XX\"", "trust-list.value"),
        ("trust-list/1", "trust-list/2", "trust-list.format"),
        ("\"demo\":false", "\"demo\":\"no\"", "trust-list.value"),
        (
            "-----BEGIN CERTIFICATE-----",
            "-----BEGIN PUBLIC KEY-----",
            "trust-list.value",
        ),
    ] {
        let text = good.replacen(from, to, 1);
        assert_ne!(text, good, "{from}");
        let e = Validator::builder()
            .trust_list("trust.json", &text, None, None)
            .unwrap_err();
        assert_eq!(e.code, code, "{from}: {e}");
    }
    let e = Validator::builder()
        .trust_list(
            "trust.json",
            "{\"protected\":\"e30\",\"payload\":\"e30\",\"signature\":\"\"}",
            None,
            None,
        )
        .unwrap_err();
    assert_eq!(e.code, "trust-list.envelope", "{e}");
}

/// A validator with the standard PKI's list (version 3), signed by its operator.
fn signed_list_validator(pki: &Pki) -> Validator {
    let operator = PublicKey::from_pem(&pki.public("operator")).unwrap();
    let text = pki.envelope(
        &list(3, "2027-02-01", false, authorities(pki, json!({}))),
        "operator",
    );
    validator(&text, Some(&operator), None)
}

/// A runtime's answers are all the asking verifier takes from it: "invalid" for every check makes
/// the signature fail, missing answers count as "invalid", and an assumed answer that comes back
/// "invalid" makes the verification run again, never hand out the provisional verdict.
#[test]
fn asked_arithmetic_answered_invalid_or_not_at_all() {
    let pki = standard("asked");
    let v = signed_list_validator(&pki);
    let doc = pki.sign("sg-sign", &["sg-sign"]);
    for answer in [Some(false), None] {
        let mut step = v.verify_asking(&doc, CLOCK);
        let mut rounds = 0;
        let verdict = loop {
            match step {
                VerifyStep::Done(v) => break *v,
                VerifyStep::Ask(p) => {
                    rounds += 1;
                    let n = p.questions().len();
                    assert!(n >= 1);
                    let answers = match answer {
                        Some(a) => vec![a; n],
                        None => Vec::new(),
                    };
                    step = p.answer(&v, &answers);
                }
            }
        };
        assert!(!verdict.verified);
        assert!(verdict.report.is_none());
        assert_eq!(
            stage(&verdict, "signature"),
            ("failed", "signature.invalid"),
            "{:#?}",
            verdict.stages
        );
        assert!((1..=4).contains(&rounds), "{rounds}");
    }
}

/// The questions a genuine document raises: its signature value and its signing certificate's
/// signature (the intermediate's was checked when the list was loaded); a certificate signature
/// answered "valid" is remembered, so the next document of that signer asks only its own.
#[test]
fn asked_questions_are_few_and_certificate_answers_remembered() {
    let pki = standard("remembered");
    let v = signed_list_validator(&pki);
    let doc = pki.sign("sg-sign", &["sg-sign"]);
    let mut asked = Vec::new();
    for _ in 0..2 {
        let VerifyStep::Ask(p) = v.verify_asking(&doc, CLOCK) else {
            panic!("the signature is asked for");
        };
        asked.push(
            p.questions()
                .iter()
                .map(|q| q.certificate().is_some())
                .collect::<Vec<_>>(),
        );
        let answers = runtime_answers(&p);
        let VerifyStep::Done(verdict) = p.answer(&v, &answers) else {
            panic!("done in one round");
        };
        assert!(verdict.verified, "{:#?}", verdict.stages);
    }
    assert_eq!(asked, [vec![false, true], vec![false]]);
}
