//! Verify, then validate what was signed: the stages of a signed e-Form D in order — parse,
//! profile, digest (`dsig`), signature (a key the trust list offers for the state the signed
//! content names), chain, trust, time and revocation (`trust`) — each passed, failed or not
//! checked with a stable code and its reason, and, only when every stage passed, the validation
//! report of the canonical signed bytes. A missing trust list makes the trust stages "not
//! checked", never "forged".

use std::borrow::Cow;

use jiff::civil::Date;
use serde::Serialize;

#[cfg(feature = "rustcrypto")]
use crate::crypto::Native;
use crate::crypto::{Arithmetic, Asking, Hash, Question, hex};
use crate::dsig::{self, Signed};
use crate::model::Certificate;
use crate::pipeline::{Validator, parse};
use crate::report::Report;
use crate::trust::{Check, ListSignature, Status, TrustList};

/// What every result relying on demo trust material says.
pub const DEMO_NOTICE: &str = "DEMO — NOT AUTHORITATIVE";

/// One stage's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct StageResult {
    /// `parse`, `profile`, `digest`, `signature`, `chain`, `trust`, `time` or `revocation`.
    #[cfg_attr(
        feature = "typescript",
        tsify(
            type = "\"parse\" | \"profile\" | \"digest\" | \"signature\" | \"chain\" | \"trust\" | \"time\" | \"revocation\""
        )
    )]
    pub stage: &'static str,
    /// `passed`, `failed` or `not-checked`.
    #[cfg_attr(
        feature = "typescript",
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
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
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
        feature = "typescript",
        tsify(type = "\"verified\" | \"unsigned\" | \"not-checked\"")
    )]
    pub signature: &'static str,
}

/// A verdict on a signed document.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
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
    #[cfg_attr(
        feature = "typescript",
        tsify(type = "\"DEMO — NOT AUTHORITATIVE\" | null")
    )]
    pub notice: Option<&'static str>,
    /// The validation report of the signed content, only when verified.
    pub report: Option<Report>,
    /// The certificate as read from the canonical signed bytes, only when verified: what a page
    /// shows. The Rust API and the CLI; the npm package's result leaves it out (its JSON writer
    /// has no writer of the model; `report` and `signedDigest` are there).
    #[cfg_attr(feature = "typescript", tsify(type = "never", optional))]
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

/// What the signed content says of whose key to try.
struct Names {
    state: Option<String>,
    issued: Option<Date>,
    /// An e-Form D of this binding: another root or another version of the binding reads as no
    /// certificate at all (a certificate of this binding with faults is verified, and its report
    /// shows them).
    root_ok: bool,
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
    #[cfg(feature = "rustcrypto")]
    pub fn verify(&self, input: &[u8], as_of: Date) -> Verification {
        self.verify_with(input, as_of, &Native)
    }

    /// [`verify`](Self::verify) with the signature arithmetic done by `arithmetic`.
    pub(crate) fn verify_with(
        &self,
        input: &[u8],
        as_of: Date,
        arithmetic: &dyn Arithmetic,
    ) -> Verification {
        let trust = self.trust();
        let mut stages = Stages::new();
        let mut signed_digest = None;
        let mut report = None;
        let mut certificate = None;
        if let Some(digested) = self.digest_stages(input, &mut stages) {
            signed_digest = Some(hex(&Hash::Sha256.digest(digested.document().as_bytes())));
            // The signed content is read once, before the signature is checked, to learn whose
            // key to try; the evidence then says whether it holds those very bytes (it does: the
            // check keeps the document it was given), and only then is that reading the report's.
            let text = digested.shared_document();
            let parsed = parse(text.as_bytes(), self.options());
            let header = parsed.certificate.as_ref().map(|c| &c.header);
            let names = Names {
                state: header.and_then(|h| h.issued_in.clone()),
                issued: header.and_then(|h| h.issue_date),
                root_ok: parsed.certificate.is_some(),
            };
            let verified = self.key_stages(digested, &names, as_of, trust, arithmetic, &mut stages);
            if let Some(Verified { signed }) = verified.filter(|_| stages.passed()) {
                let parsed = if signed.is(&text) {
                    parsed
                } else {
                    parse(signed.document().as_bytes(), self.options())
                };
                certificate = parsed.certificate.clone();
                report = Some(self.report_of(parsed, signed.document().as_bytes(), as_of));
            }
        }
        Verification {
            verified: report.is_some(),
            stages: stages.done("verify.earlier-stage", "an earlier stage failed"),
            trust_list: trust.map(used),
            signed_digest,
            notice: trust.filter(|t| t.is_demo()).map(|_| DEMO_NOTICE),
            report,
            certificate,
        }
    }

    /// The parse, profile and digest stages.
    fn digest_stages(&self, input: &[u8], stages: &mut Stages) -> Option<dsig::Digested> {
        let limits = &self.options().limits;
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
        Some(digested)
    }

    /// The signature, chain, trust, time and revocation stages, for the state and issue date
    /// the signed content names.
    fn key_stages(
        &self,
        digested: dsig::Digested,
        names: &Names,
        as_of: Date,
        trust: Option<&TrustList>,
        arithmetic: &dyn Arithmetic,
        stages: &mut Stages,
    ) -> Option<Verified> {
        let state = names.state.as_deref();
        let hints = digested.certificates().to_vec();
        let candidates = match trust {
            Some(t) => t.candidates(state, &hints),
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
        let signed = match digested.check_with(&keys, arithmetic) {
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
        if !names.root_ok {
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
            state,
            names.issued,
            as_of,
            arithmetic,
        );
        stages.check(4, judgement.chain);
        stages.check(5, judgement.trust);
        stages.check(6, judgement.time);
        stages.check(7, judgement.revocation);
        Some(Verified { signed })
    }
}

/// How many times a verification whose arithmetic is asked for runs at most: a run again is
/// needed only when an answer it assumed came back "invalid" (a key tried first that was not the
/// signer's, a path that does not hold), which a genuine document with its certificate in
/// `KeyInfo` never causes.
const ROUNDS: u8 = 4;

/// A step of a verification whose signature arithmetic a runtime does afterwards (WebCrypto):
/// the verdict, or the checks to make first.
#[derive(Debug)]
pub enum VerifyStep {
    /// The verdict: every check it rests on was answered.
    Done(Box<Verification>),
    /// The questions to answer before there is one.
    Ask(Box<Provisional>),
}

/// A verdict reached with some checks assumed valid, not given out: the caller has the questions
/// answered and hands the answers to [`Provisional::answer`].
#[derive(Debug)]
pub struct Provisional {
    input: Vec<u8>,
    as_of: Date,
    verification: Verification,
    questions: Vec<Question>,
    known: Vec<([u8; 32], bool)>,
    round: u8,
}

impl Provisional {
    /// The checks to make, in order.
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// Takes the answers (`true`: the signature verifies), one for each question in order; a
    /// question left without an answer counts as "invalid". When every answer is "valid", the
    /// verdict reached by assuming so is the one the answers give, and is done; otherwise the
    /// verification runs again knowing them, and may ask more (at most four runs in all, the
    /// last counting what is still unknown as invalid). Certificate signatures answered "valid"
    /// are remembered by the trust list as those checked here are.
    pub fn answer(mut self, validator: &Validator, answers: &[bool]) -> VerifyStep {
        let mut held = true;
        for (i, q) in self.questions.iter().enumerate() {
            let valid = answers.get(i).copied().unwrap_or(false);
            held &= valid;
            self.known.push((q.id, valid));
            if let (true, Some(key), Some(trust)) = (valid, q.certificate(), validator.trust()) {
                trust.remember(key);
            }
        }
        if held {
            return VerifyStep::Done(Box::new(self.verification));
        }
        validator.verify_round(self.input, self.as_of, self.known, self.round + 1)
    }
}

impl Validator {
    /// Verifies as [`verify`](Self::verify) does, with the signature arithmetic left to the
    /// caller's runtime: the first step runs every stage, takes the checks it meets as valid for
    /// now, and asks them. The logic stays here; the runtime only says whether each signature
    /// verifies.
    pub fn verify_asking(&self, input: &[u8], as_of: Date) -> VerifyStep {
        self.verify_round(input.to_vec(), as_of, Vec::new(), 1)
    }

    fn verify_round(
        &self,
        input: Vec<u8>,
        as_of: Date,
        known: Vec<([u8; 32], bool)>,
        round: u8,
    ) -> VerifyStep {
        let asking = Asking::new(known, round >= ROUNDS);
        let verification = self.verify_with(&input, as_of, &asking);
        let (questions, known) = asking.into_parts();
        if questions.is_empty() {
            return VerifyStep::Done(Box::new(verification));
        }
        VerifyStep::Ask(Box::new(Provisional {
            input,
            as_of,
            verification,
            questions,
            known,
            round,
        }))
    }
}
