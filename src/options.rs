//! What a caller decides: the validation clock, input limits and policy. Nothing is read from the
//! environment; the same document and options always give the same report.

use jiff::civil::Date;

/// Bounds on hostile or accidental input. Every bound gives a `limit.*` finding, never a crash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted document, in bytes.
    pub max_bytes: usize,
    /// Deepest element or JSON nesting.
    pub max_depth: u32,
    /// Most attributes on one XML element.
    pub max_attributes: u32,
    /// Most namespace declarations in one XML document.
    pub max_namespaces: u32,
    /// Most goods items in one certificate (ATIGA sets none; practice caps far lower).
    pub max_items: u32,
    /// Most elements, attributes and JSON members (array entries included, and the values of
    /// arrays in arrays, which are read past rather than kept) in one document. The
    /// size limit alone lets a 5 MB document hold millions of tiny elements, and the tree of those
    /// outgrows what an edge isolate may use (128 MB on Cloudflare Workers). A certificate at the
    /// item limit, each item as full as the fullest fixture's, has about 31,000 (tested).
    pub max_nodes: u32,
    /// Most findings in one report. A hostile document within the size limit can hold a million
    /// faults (say, unknown elements); the report keeps the first ones found and says how many
    /// there were (`limit.findings`). Validity is decided on all of them.
    pub max_findings: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: 5 * 1024 * 1024,
            max_depth: 32,
            max_attributes: 16,
            max_namespaces: 16,
            max_items: 999,
            max_nodes: 100_000,
            max_findings: 1000,
        }
    }
}

/// Options of one validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The validation clock: "today" for the rules that compare with the present.
    pub as_of: Date,
    pub limits: Limits,
    /// The date from which Timor-Leste is treated as an ATIGA party. `None` (the default) keeps it out:
    /// it joined ASEAN on 26 Oct 2025 but is not listed in Annex 7 overleaf note 1.
    pub timor_leste_atiga_from: Option<Date>,
    /// The agreement the caller expects (a portal for Form D expects ATIGA). `None` accepts whatever
    /// agreement the certificate names.
    pub agreement: Option<crate::model::Agreement>,
}

impl Options {
    pub fn new(as_of: Date) -> Options {
        Options {
            as_of,
            limits: Limits::default(),
            timor_leste_atiga_from: None,
            agreement: None,
        }
    }
}
