//! eco-validator: checks electronic certificates of origin (ATIGA e-Form D first).
//!
//! A document flows one way: bytes → [`xml`] or [`json`] reader → neutral [`tree`] → [`mapping`] onto
//! the [`model`] (structure and format findings) → [`check`] stages (code lists, consistency) →
//! [`report`], where findings are resolved to paths, lines and columns. See `ARCHITECTURE.md`.

pub mod check;
pub mod codelists;
pub mod criterion;
pub mod json;
pub mod mapping;
pub mod model;
pub mod options;
pub mod report;
pub mod rules;
pub mod tree;
pub mod vocab;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
pub mod xml;
pub mod xml_lexer;

pub use model::Certificate;
pub use options::{Limits, Options};
pub use report::{Finding, Report};
pub use rules::{CATALOGUE, Rule, Severity};

use report::{Overflow, Raw};
use rules::RuleId;
use std::cmp::Ordering;
use tree::{Document, Syntax};

/// The validator's version, as reports quote it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A document read as far as it could be: its syntax, tree and model, and the findings so far.
#[derive(Debug)]
pub struct Parsed<'a> {
    pub syntax: Option<Syntax>,
    pub document: Option<Document<'a>>,
    pub certificate: Option<Certificate>,
    raws: Vec<Raw>,
    overflow: Overflow,
}

impl Parsed<'_> {
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
                Raw::new(RuleId::ParseEncoding, vec![]).at_offset(Some(e.valid_up_to() as u32)),
            );
            return parsed;
        }
    };
    let read = match syntax {
        Syntax::Xml => xml::read(text, &options.limits),
        Syntax::Json => json::read(text, &options.limits),
    };
    match read {
        Ok(doc) => {
            let limit = options.limits.max_findings as usize;
            let (certificate, overflow) = mapping::map(&doc, &mut parsed.raws, limit);
            parsed.certificate = Some(certificate);
            parsed.overflow = overflow;
            parsed.document = Some(doc);
        }
        Err(raw) => parsed.raws.push(raw),
    }
    parsed
}

/// Validates one document and reports every finding.
///
/// ```
/// let options = eco_validator::Options::new(jiff::civil::date(2026, 11, 25));
/// let report = eco_validator::validate(b"<not-a-certificate/>", &options);
/// assert!(!report.valid);
/// assert_eq!(report.findings[0].code, "parse.root");
/// ```
pub fn validate(input: &[u8], options: &Options) -> Report {
    let mut parsed = parse(input, options);
    if let Some(cert) = &parsed.certificate {
        check::run(cert, options, &mut parsed.raws);
    }
    let body = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    finish(
        parsed.raws,
        parsed.overflow,
        parsed.document.as_ref(),
        parsed.certificate.as_ref(),
        parsed.syntax,
        body,
        options,
    )
}

/// A report for an input refused by its size alone, before it is read or copied.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn validate_oversized(len: usize, options: &Options) -> Report {
    finish(
        vec![size_limit(len, options)],
        Overflow::default(),
        None,
        None,
        None,
        &[],
        options,
    )
}

fn size_limit(len: usize, options: &Options) -> Raw {
    Raw::new(RuleId::LimitSize, vec![])
        .param("size", len.to_string())
        .param("limit", options.limits.max_bytes.to_string())
}

/// A report for a JS object the engine could not write as JSON (a cycle, a BigInt).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn validate_unreadable_object(detail: &str, options: &Options) -> Report {
    let raw = Raw::new(RuleId::ParseMalformed, vec![])
        .param("syntax", "JSON")
        .param("detail", detail);
    finish(
        vec![raw],
        Overflow::default(),
        None,
        None,
        Some(Syntax::Json),
        &[],
        options,
    )
}

fn finish(
    raws: Vec<Raw>,
    overflow: Overflow,
    document: Option<&Document<'_>>,
    certificate: Option<&Certificate>,
    syntax: Option<Syntax>,
    source: &[u8],
    options: &Options,
) -> Report {
    // Validity is decided on every finding, kept or only counted, before the report is cut.
    let valid = !overflow.errors
        && !raws
            .iter()
            .any(|r| r.rule.rule().severity == Severity::Error);
    let mut raws = raws;
    let limit = options.limits.max_findings as usize;
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
        report::resolve(raws, document, syntax, source)
    };
    Report {
        valid,
        syntax,
        agreement: certificate
            .and_then(|c| c.header.agreement)
            .map(|a| a.code()),
        reference: certificate.and_then(|c| c.header.reference.clone()),
        findings,
        versions: report::versions(options.as_of),
    }
}

/// The rule catalogue (active and retired rules).
pub fn rules() -> &'static [Rule] {
    CATALOGUE
}

/// The order that sorts `n` things by `cmp` (ties by position, so the order is stable), as positions.
/// Every sort in the crate goes through this one function: a sort is big code, and each element type
/// sorted directly would put another copy of it into the wasm package.
pub(crate) fn sorted_order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by(|&a, &b| cmp(a, b).then(a.cmp(&b)));
    order
}

/// Whether two byte strings are equal, compared inline eight bytes at a time. Names and
/// namespaces are compared for every element; `==` on slices calls `memcmp`, which in wasm is a
/// function call and a loop a byte at a time.
#[inline]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut xs, mut ys) = (a.chunks_exact(8), b.chunks_exact(8));
    for (x, y) in (&mut xs).zip(&mut ys) {
        let (mut wx, mut wy) = ([0u8; 8], [0u8; 8]);
        wx.copy_from_slice(x);
        wy.copy_from_slice(y);
        if u64::from_ne_bytes(wx) != u64::from_ne_bytes(wy) {
            return false;
        }
    }
    xs.remainder()
        .iter()
        .zip(ys.remainder())
        .all(|(x, y)| x == y)
}
