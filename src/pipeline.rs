//! The pipeline: bytes → sniffed syntax → the binding's reader (tree) → mapping (model) → rule stages
//! → report. Every input is read once; nothing is read from the environment.

use std::sync::Arc;

use jiff::civil::Date;

use crate::binding::{self, Document};
use crate::catalogue::{CATALOGUE_VERSION, Catalogue, RuleId, Severity, Texts};
use crate::codelists::{self, CodeLists};
use crate::convert::{to_u32, to_usize};
use crate::data::Data;
use crate::findings::{Overflow, Raw};
use crate::loading::LoadError;
use crate::model::Certificate;
use crate::options::Options;
#[cfg(feature = "origin")]
use crate::origin::{self, Assessment};
use crate::profiles::Profiles;
#[cfg(feature = "origin")]
use crate::psr::Rule;
use crate::psr::Table;
use crate::report::{self, Report, Versions};
use crate::stages::{self, Context, Supported};
use crate::statuslist::StatusList;
use crate::vocab::Syntax;

/// The validator's version, as reports quote it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A document read as far as it could be: its syntax, tree and model, and the findings so far.
#[derive(Debug)]
pub struct Parsed<'a> {
    /// The binding the document was read from, when it could be told.
    pub syntax: Option<Syntax>,
    /// The model, when the document could be read into a tree at all.
    pub certificate: Option<Certificate>,
    document: Option<Document<'a>>,
    raws: Vec<Raw>,
    overflow: Overflow,
}

impl Parsed<'_> {
    /// An input refused before it was read, with the one finding that says why.
    fn refused(syntax: Option<Syntax>, raw: Raw) -> Self {
        Parsed {
            syntax,
            certificate: None,
            document: None,
            raws: vec![raw],
            overflow: Overflow::default(),
        }
    }

    /// Whether the model holds everything the document said: no value was dropped as malformed and
    /// nothing was refused. A converter must not write a model that is not faithful.
    pub fn is_faithful(&self) -> bool {
        // An error only counted (past the findings limit) was raised while the model was built.
        self.certificate.is_some()
            && !self.overflow.errors
            && !self.raws.iter().any(|r| {
                r.rule.rule().severity == Severity::Error && r.rule.rule().stage.is_structural()
            })
    }
}

/// The canonical form of a whole XML document — Canonical XML 1.0 or Exclusive XML
/// Canonicalization 1.0, with comments or without, as `method` says — read by the same tokenizer
/// as validation, within `limits` (bytes, depth, attributes per element, namespace declarations).
/// A document without a canonical form here — not well-formed, with a DOCTYPE, a relative
/// namespace name, not UTF-8, beyond a limit — is an error with a stable code (`c14n.*`) and its
/// byte offset.
pub fn canonicalize(
    input: &[u8],
    method: crate::xml::C14nMethod,
    limits: &crate::limits::Limits,
) -> Result<String, crate::xml::C14nRefused> {
    canonicalize_subset(input, method, crate::xml::C14nSubset::default(), limits)
}

/// The canonical form of a subtree in its document context, as [`canonicalize`] writes a whole
/// document: the element whose start tag begins at byte `subset.apex`, less the element at
/// `subset.omit` (offsets in the input as given, byte order mark included). XML Signature's
/// `SignedInfo` and its enveloped-signature transform are these subsets; an offset where no
/// element starts is an error (`c14n.subset`), never an empty form.
pub fn canonicalize_subset(
    input: &[u8],
    method: crate::xml::C14nMethod,
    subset: crate::xml::C14nSubset<'_>,
    limits: &crate::limits::Limits,
) -> Result<String, crate::xml::C14nRefused> {
    let refuse = |code: &'static str, reason: &'static str| crate::xml::C14nRefused {
        code,
        offset: 0,
        reason: std::borrow::Cow::Borrowed(reason),
    };
    if input.len() > limits.max_bytes {
        return Err(refuse(
            "c14n.limit",
            "the document is larger than the size limit",
        ));
    }
    let body = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let text = std::str::from_utf8(body).map_err(|_| refuse("c14n.encoding", "not UTF-8"))?;
    let bom = to_u32(input.len() - body.len());
    let inside = |at: Option<u32>| at.map(|at| at.wrapping_sub(bom));
    let subset = crate::xml::C14nSubset {
        apex: inside(subset.apex),
        omit: inside(subset.omit),
        ..subset
    };
    crate::xml::canonicalize(
        text,
        method,
        subset,
        to_usize(limits.max_attributes),
        to_usize(limits.max_depth),
        to_usize(limits.max_namespaces),
    )
    .map_err(|mut e| {
        // Offsets in the input as given, byte order mark included.
        e.offset = e.offset.saturating_add(bom);
        e
    })
}

/// Checks an enveloped XML signature of the profile (SIGNATURES.md) with keys the caller pins,
/// never with a key the document carries: the document is read once, its `SignedInfo` read back
/// from its canonical form, the reference's digest compared, then the signature value checked with
/// each key in turn. Success is the evidence, [`Signed`](crate::Signed), holding the canonical bytes that were
/// signed; a failure names its stage and has a stable code. Whose key it is — a trust list, a
/// member state — is the caller's question; this answers only which bytes a key signed.
#[cfg(feature = "rustcrypto")]
pub fn verify_with_keys(
    input: &[u8],
    keys: &[&crate::crypto::PublicKey],
    limits: &crate::limits::Limits,
) -> Result<crate::dsig::Signed, crate::dsig::Failure> {
    let parse = |code, reason| crate::dsig::Failure {
        stage: crate::dsig::Stage::Parse,
        code,
        reason: std::borrow::Cow::Borrowed(reason),
    };
    if input.len() > limits.max_bytes {
        return Err(parse(
            "dsig.limit",
            "the document is larger than the size limit",
        ));
    }
    let body = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let text = std::str::from_utf8(body).map_err(|_| parse("dsig.encoding", "not UTF-8"))?;
    crate::dsig::digest(text, limits)?.check(keys)
}

/// Signs an XML e-Form D in the profile with `key` (natively: a test and pilot tool), the
/// `certificates` (DER, the signing certificate first) in `KeyInfo`; none: no `KeyInfo`, for a
/// key the trust list pins. Exclusive canonicalisation, SHA-256, the method `scheme` (`None`: the
/// key's own, RSA PKCS #1 v1.5 or ECDSA with its curve's hash); the result is verified with the key
/// before it is returned.
#[cfg(all(feature = "signing", not(target_arch = "wasm32")))]
pub fn sign_document(
    input: &[u8],
    key: &crate::crypto::PrivateKey,
    scheme: Option<crate::crypto::Scheme>,
    certificates: &[Vec<u8>],
    limits: &crate::limits::Limits,
) -> Result<String, crate::dsig::Failure> {
    let body = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let text = std::str::from_utf8(body).map_err(|_| crate::dsig::Failure {
        stage: crate::dsig::Stage::Parse,
        code: "dsig.encoding",
        reason: std::borrow::Cow::Borrowed("not UTF-8"),
    })?;
    crate::dsig::sign(
        text,
        key,
        scheme.unwrap_or(key.scheme()),
        certificates,
        limits,
    )
}

/// A trust list's JSON signed by its operator's `key`, in the JWS envelope the validator reads
/// (natively). The list is read first (its state codes against `data`'s code lists), so that only
/// a list that loads is signed.
#[cfg(all(feature = "signing", not(target_arch = "wasm32")))]
pub fn sign_trust_list(
    list: &str,
    source: &str,
    key: &crate::crypto::PrivateKey,
    data: &Data,
) -> Result<String, LoadError> {
    crate::trust::TrustList::load(
        list,
        source,
        None,
        None,
        &data.codes,
        &crate::crypto::Native,
    )?;
    crate::trust::sign_list(list, key)
        .map_err(|e| LoadError::new(e.code, source, "", e.reason.into_owned()))
}

/// The certificates (DER) of a PEM text: every `CERTIFICATE` block, in order.
#[cfg(feature = "signatures")]
pub fn pem_certificates(text: &str) -> Result<Vec<Vec<u8>>, crate::crypto::KeyRefused> {
    let blocks = crate::crypto::pem_blocks(text)?;
    if blocks.is_empty() || blocks.iter().any(|(label, _)| label != "CERTIFICATE") {
        return Err(crate::crypto::KeyRefused {
            code: "key.malformed",
            reason: std::borrow::Cow::Borrowed("not one or more PEM CERTIFICATE blocks"),
        });
    }
    Ok(blocks.into_iter().map(|(_, der)| der).collect())
}

/// A public key from PEM: a `PUBLIC KEY`, or the subject key of a `CERTIFICATE` (read, not
/// judged) — how a caller pins a trust list's operator.
#[cfg(feature = "signatures")]
pub fn public_key_from_pem(
    text: &str,
) -> Result<crate::crypto::PublicKey, crate::crypto::KeyRefused> {
    let (label, der) = crate::crypto::pem(text)?;
    if label == "CERTIFICATE" {
        let spki = crate::trust::subject_key(&der).ok_or(crate::crypto::KeyRefused {
            code: "key.malformed",
            reason: std::borrow::Cow::Borrowed("a certificate that cannot be read"),
        })?;
        return crate::crypto::PublicKey::from_spki_der(&spki);
    }
    crate::crypto::PublicKey::from_pem(text)
}

/// Tells XML from JSON by the first significant character.
pub fn sniff(input: &[u8]) -> Option<Syntax> {
    let body = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'<') => Some(Syntax::Xml),
        Some(b'{') | Some(b'[') => Some(Syntax::Json),
        _ => None,
    }
}

/// Parses a document (XML or JSON, told apart by content) into the model, with structural findings.
pub fn parse<'a>(input: &'a [u8], options: &Options) -> Parsed<'a> {
    let mut parsed = Parsed {
        syntax: sniff(input),
        document: None,
        certificate: None,
        raws: Vec::new(),
        overflow: Overflow::default(),
    };
    if input.len() > options.limits.max_bytes {
        parsed.raws.push(size_limit(input.len(), options));
        return parsed;
    }
    let Some(syntax) = parsed.syntax else {
        parsed
            .raws
            .push(Raw::new(RuleId::ParseUnknownFormat, vec![]).at_offset(Some(0)));
        return parsed;
    };
    let body = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let text = match std::str::from_utf8(body) {
        Ok(t) => t,
        Err(e) => {
            parsed.raws.push(
                Raw::new(RuleId::ParseEncoding, vec![]).at_offset(Some(to_u32(e.valid_up_to()))),
            );
            return parsed;
        }
    };
    match binding::read(syntax, text, &options.limits) {
        Ok(doc) => {
            let limit = to_usize(options.limits.max_findings);
            let (certificate, overflow) = binding::map(&doc, &mut parsed.raws, limit);
            parsed.certificate = Some(certificate);
            parsed.overflow = overflow;
            parsed.document = Some(doc);
        }
        Err(raw) => parsed.raws.push(raw),
    }
    parsed
}

/// Validates one document against the bundled profiles and reports every finding. A service that
/// validates many documents builds a [`Validator`] once instead.
///
/// ```
/// let options = eco_validator::Options::new(jiff::civil::date(2026, 11, 25));
/// let report = eco_validator::validate(b"<not-a-certificate/>", &options);
/// assert!(!report.valid);
/// assert_eq!(report.findings[0].code, "parse.root");
/// ```
#[cfg(feature = "bundled")]
pub fn validate(input: &[u8], options: &Options) -> Report {
    validate_with(input, options, Data::bundled())
}

/// Validates one document against the given data (what [`validate`] does with the bundled data):
/// the npm package's free `validate`, given the data file it ships.
pub fn validate_with(input: &[u8], options: &Options, data: &Data) -> Report {
    let sources = Sources {
        codes: &data.codes,
        profiles: &data.profiles,
        statuses: None,
        tables: &data.tables,
        texts: &data.texts,
    };
    run(input, options.as_of, options, &sources, &[])
}

/// What a validation checks against, borrowed from the data or the validator.
struct Sources<'v> {
    codes: &'v CodeLists,
    profiles: &'v Profiles,
    statuses: Option<&'v StatusList>,
    tables: &'v [Arc<Table>],
    texts: &'v Texts,
}

fn run(
    input: &[u8],
    as_of: Date,
    options: &Options,
    sources: &Sources<'_>,
    supported: &[Supported],
) -> Report {
    let parsed = parse(input, options);
    let body = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    report_of(parsed, body, as_of, options, sources, supported)
}

/// The rule stages over a parsed document, and its report (`body`: the text it was parsed from).
fn report_of(
    mut parsed: Parsed<'_>,
    body: &[u8],
    as_of: Date,
    options: &Options,
    sources: &Sources<'_>,
    supported: &[Supported],
) -> Report {
    let profiles = sources.profiles;
    if let Some(cert) = &parsed.certificate {
        let ctx = Context {
            as_of,
            options,
            codes: sources.codes,
            profiles,
            statuses: sources.statuses,
            tables: sources.tables,
            supported,
        };
        stages::run(cert, &ctx, &mut parsed.raws);
    }
    let profile = parsed
        .certificate
        .as_ref()
        .and_then(|c| c.header.agreement.as_deref())
        .and_then(|a| profiles.get(a))
        .map(|p| format!("{} {}", p.agreement, p.version));
    let mut report = finish(parsed, body, options, sources.texts);
    report.versions.as_of = as_of.to_string();
    report.versions.profile = profile;
    report
}

/// One agreement's row of a comparison: its code, and its assessment or why there is none.
#[cfg(feature = "origin")]
pub type Compared = (String, Result<Assessment, LoadError>);

/// The rows of a comparison as the npm package returns them: `{ agreement, assessment, error }`
/// each, `error` (`{ code, message }`) null where the good was assessed and `assessment` null
/// where it was not. Written as [`Assessment`]'s JSON is, without serde.
#[cfg(feature = "origin")]
#[cfg_attr(not(feature = "wasm"), allow(dead_code))]
pub(crate) fn compared_json(rows: &[Compared]) -> String {
    use crate::jsonwrite::{key, string};
    let mut o = String::with_capacity(4096 * rows.len());
    o.push('[');
    for (i, (agreement, result)) in rows.iter().enumerate() {
        o.push_str(if i == 0 { "{" } else { ",{" });
        key(&mut o, true, "agreement");
        string(&mut o, agreement);
        key(&mut o, false, "assessment");
        match result {
            Ok(a) => {
                a.write_json(&mut o);
                key(&mut o, false, "error");
                o.push_str("null");
            }
            Err(e) => {
                o.push_str("null");
                key(&mut o, false, "error");
                o.push('{');
                key(&mut o, true, "code");
                string(&mut o, e.code);
                key(&mut o, false, "message");
                string(&mut o, &e.message);
                o.push('}');
            }
        }
        o.push('}');
    }
    o.push(']');
    o
}

/// A validator built once from the caller's data — agreement profiles, limits and policy — so
/// that each validation only brings its document and its clock (the shape of rustls-webpki's
/// verifier: prepared once, then asked with a time).
///
/// ```
/// use eco_validator::Validator;
/// let validator = Validator::builder().build().unwrap();
/// let report = validator.validate(b"<not-a-certificate/>", jiff::civil::date(2026, 11, 25));
/// assert_eq!(report.findings[0].code, "parse.root");
/// ```
#[derive(Clone, Debug)]
pub struct Validator {
    codes: Arc<CodeLists>,
    texts: Arc<Texts>,
    profiles: Profiles,
    statuses: Option<StatusList>,
    tables: Vec<Arc<Table>>,
    options: Options,
    #[cfg(feature = "signatures")]
    trust: Option<Arc<crate::trust::TrustList>>,
}

/// Collects what a [`Validator`] is built from; each input is read and checked as it is added.
#[derive(Clone, Debug)]
pub struct ValidatorBuilder {
    codes: Arc<CodeLists>,
    texts: Arc<Texts>,
    profiles: Profiles,
    statuses: Option<StatusList>,
    tables: Vec<Arc<Table>>,
    options: Options,
    #[cfg(feature = "signatures")]
    trust: Option<Arc<crate::trust::TrustList>>,
}

impl Validator {
    /// A builder with the bundled data and the default limits and policy.
    #[cfg(feature = "bundled")]
    pub fn builder() -> ValidatorBuilder {
        Validator::builder_with(Data::bundled())
    }

    /// A builder with the given data (code lists, profiles, PSR tables) and the default limits
    /// and policy.
    pub fn builder_with(data: &Data) -> ValidatorBuilder {
        ValidatorBuilder {
            codes: Arc::clone(&data.codes),
            texts: Arc::clone(&data.texts),
            profiles: data.profiles.clone(),
            statuses: None,
            tables: data.tables.clone(),
            // The clock of these options is never read: each call brings its own.
            options: Options::new(jiff::civil::Date::MIN),
            #[cfg(feature = "signatures")]
            trust: None,
        }
    }

    /// Validates one document at the clock `as_of`.
    pub fn validate(&self, input: &[u8], as_of: Date) -> Report {
        self.run(input, as_of, &[])
    }

    /// The report of a document already parsed (the canonical bytes a signature covered).
    #[cfg(feature = "signatures")]
    pub(crate) fn report_of(&self, parsed: Parsed<'_>, body: &[u8], as_of: Date) -> Report {
        let sources = Sources {
            codes: &self.codes,
            profiles: &self.profiles,
            statuses: self.statuses.as_ref(),
            tables: &self.tables,
            texts: &self.texts,
        };
        report_of(parsed, body, as_of, &self.options, &sources, &[])
    }

    /// The trust list loaded, if any.
    #[cfg(feature = "signatures")]
    pub(crate) fn trust(&self) -> Option<&crate::trust::TrustList> {
        self.trust.as_deref()
    }

    /// The options every call is held to (limits, policy).
    #[cfg(feature = "signatures")]
    pub(crate) fn options(&self) -> &Options {
        &self.options
    }

    fn run(&self, input: &[u8], as_of: Date, supported: &[Supported]) -> Report {
        let sources = Sources {
            codes: &self.codes,
            profiles: &self.profiles,
            statuses: self.statuses.as_ref(),
            tables: &self.tables,
            texts: &self.texts,
        };
        run(input, as_of, &self.options, &sources, supported)
    }

    /// Validates a certificate together with the exporter's worksheets of some of its items
    /// (`(item number, worksheet text)`): besides every rule, each such item's Box 8 criterion and
    /// the ticks must be what its assessment supports (`evidence.*`). A worksheet that cannot be
    /// assessed is a `LoadError` naming the item.
    #[cfg(feature = "origin")]
    pub fn validate_with_worksheets(
        &self,
        input: &[u8],
        as_of: Date,
        worksheets: &[(u32, &str)],
    ) -> Result<Report, LoadError> {
        let mut supported = Vec::with_capacity(worksheets.len());
        for (item, text) in worksheets {
            let source = format!("worksheet of item {item}");
            let a = self.assess_origin(text, &source, as_of)?;
            let met: Vec<Rule> = a
                .criteria
                .iter()
                .filter(|c| c.met)
                .filter_map(|c| Rule::parse(&c.code).ok())
                .collect();
            let rvc_text = if a.rvc.method == "direct" {
                &a.rvc.direct
            } else {
                &a.rvc.indirect
            };
            supported.push(Supported {
                item: *item,
                originating: a.originating,
                rule: a.rule.clone(),
                met: (!met.is_empty()).then_some(Rule::Any(met)),
                rvc: rvc_text.as_deref().and_then(crate::lexical::parse_decimal),
                de_minimis: a.ticks.de_minimis,
            });
        }
        Ok(self.run(input, as_of, &supported))
    }

    /// A report for an input refused by its size alone (see [`validate_oversized`]).
    #[cfg_attr(not(feature = "wasm"), allow(dead_code))]
    pub(crate) fn validate_oversized(&self, len: usize, head: &[u8], as_of: Date) -> Report {
        let mut report = oversized(len, head, &self.options, &self.texts);
        report.versions.as_of = as_of.to_string();
        report
    }

    /// A report for a JS object the engine could not write as JSON.
    #[cfg_attr(not(feature = "wasm"), allow(dead_code))]
    pub(crate) fn validate_unreadable_object(&self, detail: &str, as_of: Date) -> Report {
        let mut report = validate_unreadable_object(detail, &self.options, &self.texts);
        report.versions.as_of = as_of.to_string();
        report
    }

    /// The limits every validation is held to.
    #[cfg_attr(not(feature = "wasm"), allow(dead_code))]
    pub(crate) fn max_bytes(&self) -> usize {
        self.options.limits.max_bytes
    }

    /// Assesses an exporter's worksheet (JSON, `src/origin/worksheet.rs` documents it) under its
    /// agreement's profile and PSR table: whether the good originates, by which alternative, the
    /// RVC by both formulas, what Box 8 would say, every step with its article. A worksheet that
    /// cannot be read is a `LoadError` with its JSON Pointer (`worksheet.value`).
    ///
    /// `as_of` is the assessment's clock: the record names it (`versions.asOf`) beside the
    /// versions of the data, so the same inputs replay to the same result.
    #[cfg(feature = "origin")]
    pub fn assess_origin(
        &self,
        worksheet: &str,
        source: &str,
        as_of: Date,
    ) -> Result<Assessment, LoadError> {
        let ws = origin::read(worksheet, source, &self.codes)?;
        self.assess_read(&ws, source, as_of)
    }

    /// The same worksheet assessed under every loaded agreement, side by side: which qualify, by
    /// which criterion, with which Box 8 text. An agreement whose assessment cannot be made (no
    /// rule known for the code) gives its reason.
    #[cfg(feature = "origin")]
    pub fn compare_origin(
        &self,
        worksheet: &str,
        source: &str,
        as_of: Date,
    ) -> Result<Vec<Compared>, LoadError> {
        let mut ws = origin::read(worksheet, source, &self.codes)?;
        let mut out = Vec::new();
        for agreement in self.agreements() {
            ws.agreement = agreement.to_owned();
            out.push((agreement.to_owned(), self.assess_read(&ws, source, as_of)));
        }
        Ok(out)
    }

    #[cfg(feature = "origin")]
    fn assess_read(
        &self,
        ws: &origin::Worksheet,
        source: &str,
        as_of: Date,
    ) -> Result<Assessment, LoadError> {
        let profile = self.profiles.get(&ws.agreement).ok_or_else(|| {
            LoadError::new(
                "origin.agreement",
                source,
                "/agreement",
                format!("no profile for agreement {} is loaded", ws.agreement),
            )
        })?;
        let table = self
            .tables
            .iter()
            .find(|t| t.agreement == profile.agreement)
            .map(|t| &**t);
        let mut assessment = origin::assess(ws, profile, table)
            .map_err(|e| LoadError::new(e.code, source, "", e.message))?;
        assessment.versions.as_of = as_of.to_string();
        Ok(assessment)
    }

    /// The agreement codes the validator has profiles for, in load order.
    pub fn agreements(&self) -> impl Iterator<Item = &str> {
        self.profiles.iter().map(|p| p.agreement.as_str())
    }
}

impl ValidatorBuilder {
    /// Limits and policy of every validation (the options' clock is not used: each call brings
    /// its own).
    pub fn options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// Adds agreement profiles (JSON, the format `profiles/README.md` documents), each named for
    /// errors. A profile for an agreement already loaded replaces it, so a caller can correct a
    /// bundled one; two in one call for the same agreement are an error.
    pub fn profiles<'t>(
        mut self,
        texts: impl IntoIterator<Item = (&'t str, &'t str)>,
    ) -> Result<Self, LoadError> {
        let loaded = Profiles::load(texts, &self.codes)?;
        self.profiles = self.profiles.merged(loaded);
        Ok(self)
    }

    /// The issuers' list of certificates cancelled or replaced (JSON, format
    /// `eco-validator/status-list/1`); a listed certificate is then invalid, and the finding names
    /// its replacement. A second list replaces the first.
    pub fn status_list(mut self, source: &str, text: &str) -> Result<Self, LoadError> {
        self.statuses = Some(StatusList::load(text, source, &self.codes)?);
        Ok(self)
    }

    /// A product-specific-rule table (JSON, format `eco-validator/psr-table/1`), replacing the
    /// bundled one of its agreement: each item's Box 8 criterion is then checked against the line
    /// of its HS code.
    pub fn psr_table(mut self, source: &str, text: &str) -> Result<Self, LoadError> {
        let table = Table::load(text, source)?;
        self.tables.retain(|t| t.agreement != table.agreement);
        self.tables.push(Arc::new(table));
        Ok(self)
    }

    /// Drops the bundled profiles: only those added after this call are known.
    pub fn without_bundled_profiles(mut self) -> Self {
        self.profiles = Profiles::default();
        self
    }

    /// The validator. The agreement the options expect must have a profile.
    pub fn build(self) -> Result<Validator, LoadError> {
        if let Some(expected) = &self.options.agreement
            && self.profiles.get(expected).is_none()
        {
            return Err(LoadError::new(
                "validator.agreement",
                "options",
                "/agreement",
                format!("no profile for the expected agreement {expected} is loaded"),
            ));
        }
        Ok(Validator {
            codes: self.codes,
            texts: self.texts,
            profiles: self.profiles,
            statuses: self.statuses,
            tables: self.tables,
            options: self.options,
            #[cfg(feature = "signatures")]
            trust: self.trust,
        })
    }

    /// The trust list signed documents are verified against (JSON, format
    /// `eco-validator/trust-list/1`, in its JWS envelope), read and checked once, here: its
    /// envelope's signature with `operator`, the list operator's key the caller pins (`None`: the
    /// signature is reported as not checked on every verdict), every certificate and key parsed.
    /// `last_seen`: the highest list version the caller accepted before; a lower one is reported
    /// as rolled back. A signature that does not verify with the pinned key is an error.
    #[cfg(feature = "rustcrypto")]
    pub fn trust_list(
        self,
        source: &str,
        text: &str,
        operator: Option<&crate::crypto::PublicKey>,
        last_seen: Option<u32>,
    ) -> Result<Self, LoadError> {
        self.trust_list_with(source, text, operator, last_seen, &crate::crypto::Native)
    }

    /// [`trust_list`](Self::trust_list) with the envelope's signature checked by `arithmetic`
    /// (the npm verify build: asked of WebCrypto, then loaded again with the answer known).
    #[cfg(feature = "signatures")]
    pub(crate) fn trust_list_with(
        mut self,
        source: &str,
        text: &str,
        operator: Option<&crate::crypto::PublicKey>,
        last_seen: Option<u32>,
        arithmetic: &dyn crate::crypto::Arithmetic,
    ) -> Result<Self, LoadError> {
        let list = crate::trust::TrustList::load(
            text,
            source,
            operator,
            last_seen,
            &self.codes,
            arithmetic,
        )?;
        self.trust = Some(Arc::new(list));
        Ok(self)
    }
}

/// A report for an input refused by its size alone, before it is read or copied whole; `head` is
/// its first bytes, enough to tell XML from JSON, so the report speaks the input's own syntax.
pub fn validate_oversized(len: usize, head: &[u8], options: &Options, data: &Data) -> Report {
    oversized(len, head, options, &data.texts)
}

fn oversized(len: usize, head: &[u8], options: &Options, texts: &Texts) -> Report {
    finish(
        Parsed::refused(sniff(head), size_limit(len, options)),
        &[],
        options,
        texts,
    )
}

fn size_limit(len: usize, options: &Options) -> Raw {
    Raw::new(RuleId::LimitSize, vec![])
        .param("size", len.to_string())
        .param("limit", options.limits.max_bytes.to_string())
}

/// A report for a JS object the engine could not write as JSON (a cycle, a BigInt).
#[cfg_attr(not(feature = "wasm"), allow(dead_code))]
pub fn validate_unreadable_object(detail: &str, options: &Options, texts: &Texts) -> Report {
    let raw = Raw::new(RuleId::ParseMalformed, vec![])
        .param("syntax", "JSON")
        .param("detail", detail);
    finish(
        Parsed::refused(Some(Syntax::Json), raw),
        &[],
        options,
        texts,
    )
}

fn finish(parsed: Parsed<'_>, source: &[u8], options: &Options, texts: &Texts) -> Report {
    let Parsed {
        syntax,
        certificate,
        document,
        raws,
        overflow,
    } = parsed;
    let (document, certificate) = (document.as_ref(), certificate.as_ref());
    // Validity is decided on every finding, kept or only counted, before the report is cut.
    let valid = !overflow.errors
        && !raws
            .iter()
            .any(|r| r.rule.rule().severity == Severity::Error);
    let mut raws = raws;
    let limit = to_usize(options.limits.max_findings);
    if raws.len() + overflow.count > limit {
        let count = raws.len() + overflow.count;
        raws.truncate(limit);
        raws.push(
            Raw::new(RuleId::LimitFindings, vec![])
                .param("count", count.to_string())
                .param("limit", limit.to_string()),
        );
    }
    // A valid document without notes, the common case at a customs desk, has nothing to place: not
    // calling the placing code spares V8 compiling it (7 KB of wasm) on a first validation.
    let findings = if raws.is_empty() {
        Vec::new()
    } else {
        report::resolve(raws, document, syntax, source, texts)
    };
    Report {
        valid,
        syntax,
        agreement: certificate.and_then(|c| c.header.agreement.clone()),
        reference: certificate.and_then(|c| c.header.reference.clone()),
        findings,
        versions: Versions {
            validator: VERSION,
            rules: CATALOGUE_VERSION,
            code_lists: codelists::VERSION,
            profile: None,
            as_of: options.as_of.to_string(),
        },
    }
}

/// Writes a certificate in the given binding: what `eco-validator convert` prints, and how the JSON
/// fixtures are made from the XML ones.
pub fn write(certificate: &Certificate, syntax: Syntax) -> String {
    match syntax {
        Syntax::Xml => binding::write_xml(certificate),
        Syntax::Json => binding::write_json(certificate),
    }
}

/// The rule catalogue (active and retired rules) with its version.
pub fn rules() -> Catalogue {
    Catalogue::bundled()
}
