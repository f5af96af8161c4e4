//! Bounds on what one document may cost. A leaf: the readers take the limits, and the options carry
//! them, without either knowing the other.

/// Bounds on hostile or accidental input. Every bound gives a `limit.*` finding, never a crash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest accepted document, in bytes.
    pub max_bytes: usize,
    /// Deepest element or JSON nesting. JSON is never read deeper than 127 nested arrays and
    /// objects, the bound of the JSON parser's recursion; a larger limit is reported as 127.
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
