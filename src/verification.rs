//! Verify, then validate what was signed: the stages of a signed e-Form D in order — parse,
//! profile, digest (`dsig`), signature (a key the trust list offers for the state the signed
//! content names), chain, trust, time and revocation (`trust`) — each passed, failed or not
//! checked with a stable code and its reason, and, only when every stage passed, the validation
//! report of the canonical signed bytes. A missing trust list makes the trust stages "not
//! checked", never "forged".

use std::borrow::Cow;

use jiff::civil::Date;
use serde::Serialize;

use crate::crypto::Hash;
use crate::dsig::{self, Signed};
use crate::model::Certificate;
use crate::pipeline::{Validator, parse};
use crate::report::Report;
use crate::trust::{Check, ListSignature, Status, TrustList};

/// What every result relying on demo trust material says.
pub const DEMO_NOTICE: &str = "DEMO — NOT AUTHORITATIVE";

/// One stage's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct StageResult {
    /// `parse`, `profile`, `digest`, `signature`, `chain`, `trust`, `time` or `revocation`.
    #[cfg_attr(
        feature = "wasm",
        tsify(
            type = "\"parse\" | \"profile\" | \"digest\" | \"signature\" | \"chain\" | \"trust\" | \"time\" | \"revocation\""
        )
    )]
    pub stage: &'static str,
    /// `passed`, `failed` or `not-checked`.
    #[cfg_attr(
        feature = "wasm",
        tsify(type = "\"passed\" | \"failed\" | \"not-checked\"")
    )]
    pub status: &'static str,
    /// The stable code.
    pub code: &'static str,
    /// Why, in English.
    pub reason: Cow<'static, str>,
}

/// The trust list a verdict used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct TrustListUsed {
    /// Its version.
    pub version: u32,
    /// Its issue date.
    pub issued: String,
    /// When the next list is due.
    #[serde(rename = "nextUpdate")]
    pub next_update: String,
    /// Flagged as demo material.
    pub demo: bool,
    /// `verified`, `unsigned` or `not-checked`: its own signature.
    #[cfg_attr(
        feature = "wasm",
        tsify(type = "\"verified\" | \"unsigned\" | \"not-checked\"")
    )]
    pub signature: &'static str,
}

/// A verdict on a signed document.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Verification {
    /// Every stage passed: the document is what the issuing authority of the state it names
    /// signed, at a time its key was good.
    pub verified: bool,
    /// The eight stages, in order.
    pub stages: Vec<StageResult>,
    /// The trust list used, if one was loaded.
    #[serde(rename = "trustList")]
    pub trust_list: Option<TrustListUsed>,
    /// Hex SHA-256 of the canonical signed bytes (what a QR code will pin), once the digest stage
    /// passed.
    #[serde(rename = "signedDigest")]
    pub signed_digest: Option<String>,
    /// `DEMO — NOT AUTHORITATIVE` when the verdict relied on a demo trust list.
    #[cfg_attr(feature = "wasm", tsify(type = "\"DEMO — NOT AUTHORITATIVE\" | null"))]
    pub notice: Option<&'static str>,
    /// The validation report of the signed content, only when verified.
    pub report: Option<Report>,
    /// The certificate as read from the canonical signed bytes, only when verified: what a page
    /// shows. The Rust API and the CLI; the npm package's result leaves it out (its JSON writer
    /// has no writer of the model; `report` and `signedDigest` are there).
    #[cfg_attr(feature = "wasm", tsify(type = "never", optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<Certificate>,
}

impl Verification {
    /// The verdict as the npm package returns it — what serde writes, less `certificate` —
    /// written without serde's serialisers (see `jsonwrite`).
    #[cfg_attr(not(feature = "wasm"), allow(dead_code))]
    pub(crate) fn to_json(&self) -> String {
        use crate::jsonwrite::{boolean, key, number, optional, string};
        let mut o = String::with_capacity(1024);
        o.push('{');
        key(&mut o, true, "verified");
        boolean(&mut o, self.verified);
        key(&mut o, false, "stages");
        o.push('[');
        for (i, s) in self.stages.iter().enumerate() {
            o.push_str(if i == 0 { "{" } else { ",{" });
            key(&mut o, true, "stage");
            string(&mut o, s.stage);
            key(&mut o, false, "status");
            string(&mut o, s.status);
            key(&mut o, false, "code");
            string(&mut o, s.code);
            key(&mut o, false, "reason");
            string(&mut o, &s.reason);
            o.push('}');
        }
        o.push(']');
        key(&mut o, false, "trustList");
        match &self.trust_list {
            None => o.push_str("null"),
            Some(t) => {
                o.push('{');
                key(&mut o, true, "version");
                number(&mut o, Some(t.version));
                key(&mut o, false, "issued");
                string(&mut o, &t.issued);
                key(&mut o, false, "nextUpdate");
                string(&mut o, &t.next_update);
                key(&mut o, false, "demo");
                boolean(&mut o, t.demo);
                key(&mut o, false, "signature");
                string(&mut o, t.signature);
                o.push('}');
            }
        }
        key(&mut o, false, "signedDigest");
        optional(&mut o, self.signed_digest.as_deref());
        key(&mut o, false, "notice");
        optional(&mut o, self.notice);
        key(&mut o, false, "report");
        match &self.report {
            None => o.push_str("null"),
            Some(r) => o.push_str(&r.to_json()),
        }
        o.push('}');
        o
    }

    /// A verdict on an input refused before it was read (too large to copy in): the parse stage
    /// failed, the rest not checked.
    #[cfg_attr(not(feature = "wasm"), allow(dead_code))]
    pub(crate) fn refused(
        code: &'static str,
        reason: &'static str,
        trust: Option<&TrustList>,
    ) -> Verification {
        let mut stages = Stages::new();
        stages.set(0, "failed", code, Cow::Borrowed(reason));
        Verification {
            verified: false,
            stages: stages.done("verify.earlier-stage", "an earlier stage failed"),
            trust_list: trust.map(used),
            signed_digest: None,
            notice: trust.filter(|t| t.is_demo()).map(|_| DEMO_NOTICE),
            report: None,
            certificate: None,
        }
    }
}

/// What a verdict says of the trust list it used.
fn used(t: &TrustList) -> TrustListUsed {
    TrustListUsed {
        version: t.version(),
        issued: t.issued().to_string(),
        next_update: t.next_update().to_string(),
        demo: t.is_demo(),
        signature: match t.signature() {
            ListSignature::Verified => "verified",
            ListSignature::Unsigned => "unsigned",
            ListSignature::NotChecked => "not-checked",
        },
    }
}

/// The evidence that a document verified: built only here, after every stage passed, from the
/// signature's evidence; the report is built from its bytes alone.
struct Verified {
    signed: Signed,
}

const STAGES: [&str; 8] = [
    "parse",
    "profile",
    "digest",
    "signature",
    "chain",
    "trust",
    "time",
    "revocation",
];

fn status(s: Status) -> &'static str {
    match s {
        Status::Passed => "passed",
        Status::Failed => "failed",
        Status::NotChecked => "not-checked",
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// The stages as they stand: those set, and the rest not checked because of `why`.
struct Stages {
    results: Vec<Option<StageResult>>,
}

impl Stages {
    fn new() -> Stages {
        Stages {
            results: vec![None; STAGES.len()],
        }
    }

    fn set(
        &mut self,
        stage: usize,
        status: &'static str,
        code: &'static str,
        reason: Cow<'static, str>,
    ) {
        self.results[stage] = Some(StageResult {
            stage: STAGES[stage],
            status,
            code,
            reason,
        });
    }

    fn check(&mut self, stage: usize, check: Check) {
        self.set(stage, status(check.status), check.code, check.reason);
    }

    fn passed(&self) -> bool {
        self.results
            .iter()
            .all(|r| r.as_ref().is_some_and(|r| r.status == "passed"))
    }

    fn done(self, code: &'static str, why: &'static str) -> Vec<StageResult> {
        self.results
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                r.unwrap_or(StageResult {
                    stage: STAGES[i],
                    status: "not-checked",
                    code,
                    reason: Cow::Borrowed(why),
                })
            })
            .collect()
    }
}

impl Validator {
    /// Verifies a signed e-Form D against the validator's trust list at the caller's clock
    /// `as_of`, then validates what was signed. The report is of the canonical signed bytes only
    /// (its lines and columns are theirs), and only when every stage passed.
    pub fn verify(&self, input: &[u8], as_of: Date) -> Verification {
        let trust = self.trust();
        let trust_list = trust.map(used);
        let notice = trust.filter(|t| t.is_demo()).map(|_| DEMO_NOTICE);
        let mut stages = Stages::new();
        let mut signed_digest = None;
        let verified = self.stages(input, as_of, trust, &mut stages, &mut signed_digest);
        let (report, certificate) = match verified.filter(|_| stages.passed()) {
            Some(v) => {
                let document = v.signed.into_document();
                let parsed = parse(document.as_bytes(), self.options());
                let certificate = parsed.certificate.clone();
                (
                    Some(self.report_of(parsed, document.as_bytes(), as_of)),
                    certificate,
                )
            }
            None => (None, None),
        };
        Verification {
            verified: report.is_some(),
            stages: stages.done("verify.earlier-stage", "an earlier stage failed"),
            trust_list,
            signed_digest,
            notice,
            report,
            certificate,
        }
    }

    fn stages(
        &self,
        input: &[u8],
        as_of: Date,
        trust: Option<&TrustList>,
        stages: &mut Stages,
        signed_digest: &mut Option<String>,
    ) -> Option<Verified> {
        let limits = &self.options().limits;
        let fail = |stages: &mut Stages, f: dsig::Failure| {
            let stage = match f.stage {
                dsig::Stage::Parse => 0,
                dsig::Stage::Profile => 1,
                dsig::Stage::Digest => 2,
                dsig::Stage::Signature => 3,
            };
            for earlier in 0..stage {
                stages.set(earlier, "passed", "verify.passed", Cow::Borrowed("passed"));
            }
            stages.set(stage, "failed", f.code, f.reason);
        };
        if input.len() > limits.max_bytes {
            stages.set(
                0,
                "failed",
                "dsig.limit",
                Cow::Borrowed("the document is larger than the size limit"),
            );
            return None;
        }
        let body = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
        let Ok(text) = std::str::from_utf8(body) else {
            stages.set(0, "failed", "dsig.encoding", Cow::Borrowed("not UTF-8"));
            return None;
        };
        let digested = match dsig::digest(text, limits) {
            Ok(d) => d,
            Err(f) => {
                fail(stages, f);
                return None;
            }
        };
        stages.set(
            0,
            "passed",
            "dsig.parse",
            Cow::Borrowed("well-formed XML, no DOCTYPE, within the limits"),
        );
        stages.set(
            1,
            "passed",
            "dsig.profile",
            Cow::Borrowed("one enveloped signature of the profile"),
        );
        stages.set(
            2,
            "passed",
            "dsig.digest",
            Cow::Borrowed("the reference's digest matches the canonical document"),
        );
        *signed_digest = Some(hex(&Hash::Sha256.digest(digested.document().as_bytes())));
        // Whose key to try: the state and issue date the signed content names.
        let (state, issued, root_ok) = {
            let parsed = parse(digested.document().as_bytes(), self.options());
            let header = parsed.certificate.as_ref().map(|c| &c.header);
            // Another root or another version of the binding reads as no certificate at all; a
            // certificate of this binding with faults is verified, and its report shows them.
            let root_ok = parsed.certificate.is_some();
            (
                header.and_then(|h| h.issued_in.clone()),
                header.and_then(|h| h.issue_date),
                root_ok,
            )
        };
        let hints = digested.certificates().to_vec();
        let candidates = match trust {
            Some(t) => t.candidates(state.as_deref(), &hints),
            None => Vec::new(),
        };
        // Without a trust list, the document's own certificate still tells whether the bytes are
        // intact and signed by that key; nothing vouches for it.
        let own: Vec<crate::crypto::PublicKey> = match trust {
            None => hints
                .iter()
                .filter_map(|cert| crate::trust::subject_key(cert))
                .filter_map(|spki| crate::crypto::PublicKey::from_spki_der(&spki).ok())
                .collect(),
            Some(_) => Vec::new(),
        };
        let keys: Vec<&crate::crypto::PublicKey> = if trust.is_none() {
            own.iter().collect()
        } else {
            candidates.iter().map(|c| &*c.key).collect()
        };
        if keys.is_empty() {
            let why = if trust.is_none() {
                "no trust list, and no certificate in KeyInfo"
            } else {
                "no key of the trust list, and no certificate in KeyInfo"
            };
            stages.set(3, "not-checked", "verify.no-key", Cow::Borrowed(why));
            return None;
        }
        let signed = match digested.check(&keys) {
            Ok(s) => s,
            Err(f) => {
                stages.set(3, "failed", f.code, f.reason);
                return None;
            }
        };
        stages.set(
            3,
            "passed",
            "dsig.signature",
            Cow::Borrowed("the signature value verifies"),
        );
        if !root_ok {
            stages.set(
                1,
                "failed",
                "verify.root",
                Cow::Borrowed(
                    "what was signed is not an e-Form D of this binding that reads faithfully",
                ),
            );
        }
        let Some(trust) = trust else {
            for stage in 4..8 {
                stages.set(
                    stage,
                    "not-checked",
                    "verify.no-trust-list",
                    Cow::Borrowed("no trust list was given"),
                );
            }
            return None;
        };
        let judgement = trust.judge(
            &candidates[signed.key()],
            &hints,
            state.as_deref(),
            issued,
            as_of,
        );
        stages.check(4, judgement.chain);
        stages.check(5, judgement.trust);
        stages.check(6, judgement.time);
        stages.check(7, judgement.revocation);
        Some(Verified { signed })
    }
}
