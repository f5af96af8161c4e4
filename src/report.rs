//! Findings and the report: what every stage produces, resolved against the source at the end.
//!
//! Stages raise [`Raw`] findings that name a rule, a model path and parameters. Only when the report is
//! assembled are they resolved through the source tree to the binding's own path syntax, line and column,
//! and given their message, severity, box and legal basis from the catalogue: stages never format text.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::rules::{CATALOGUE_VERSION, RuleId, Severity};
use crate::tree::{self, Document, Step, Syntax};
use crate::vocab;

/// A finding as a stage raises it.
#[derive(Clone, Debug)]
pub struct Raw {
    pub rule: RuleId,
    /// Model path (vocabulary steps from the root element).
    pub steps: Vec<Step>,
    /// Item number (1-based position in the document) when the finding concerns a goods item.
    pub item: Option<u32>,
    pub params: Vec<(&'static str, String)>,
    /// Byte offset, when the stage knows it better than the path does (parse errors).
    pub offset: Option<u32>,
}

/// Findings a stage found beyond the report's limit (`Limits::max_findings`): counted, and whether
/// any was an error, but not kept, so a document of a million faults costs no memory for them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Overflow {
    pub count: usize,
    pub errors: bool,
}

// Findings are the exception: their construction is kept out of line (`#[cold]`), so the hot
// functions that may raise them stay small, which is also what the engine compiles on the first
// validation of a page or process.
impl Raw {
    #[cold]
    #[inline(never)]
    pub fn new(rule: RuleId, steps: Vec<Step>) -> Raw {
        let item = steps
            .iter()
            .find(|s| s.name == Some(vocab::Name::IncludedConsignmentItem))
            .map(|s| s.index + 1);
        Raw {
            rule,
            steps,
            item,
            params: Vec::new(),
            offset: None,
        }
    }

    #[cold]
    #[inline(never)]
    pub fn param(mut self, key: &'static str, value: impl Into<String>) -> Raw {
        self.params.push((key, value.into()));
        self
    }

    /// A document beyond a limit a reader enforces (`limit.depth`, `limit.nodes`, …), in either binding.
    #[cold]
    #[inline(never)]
    pub fn over_limit(rule: RuleId, limit: u64) -> Raw {
        Raw::new(rule, vec![]).param("limit", limit.to_string())
    }

    /// More goods items than the limit; the count is only known to be larger.
    #[cold]
    #[inline(never)]
    pub fn too_many_items(limit: u32) -> Raw {
        Raw::new(RuleId::LimitItems, vec![])
            .param("count", format!("more than {limit}"))
            .param("limit", limit.to_string())
    }

    #[cold]
    #[inline(never)]
    pub fn at_offset(mut self, offset: Option<u32>) -> Raw {
        self.offset = offset;
        self
    }
}

/// One finding, resolved: what portals and the CLI show.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    #[serde(rename = "box")]
    pub form_box: Option<&'static str>,
    pub item: Option<u32>,
    pub path: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
    pub basis: &'static str,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, string>"))]
    pub params: BTreeMap<&'static str, String>,
}

/// The versions a report was produced with, so a stored report can be reproduced.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Versions {
    pub validator: &'static str,
    pub rules: &'static str,
    pub code_lists: &'static str,
    /// The validation clock (ISO date).
    pub as_of: String,
}

/// The result of validating one document.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Whether no finding is an error.
    pub valid: bool,
    /// The binding the document was read from, when it could be told.
    pub syntax: Option<Syntax>,
    pub agreement: Option<&'static str>,
    /// The certificate's reference number, when it could be read.
    pub reference: Option<String>,
    pub findings: Vec<Finding>,
    pub versions: Versions,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Order of boxes in a report: document-level findings first, then the header, then boxes 1–13.
fn box_rank(b: Option<&str>) -> u32 {
    match b {
        None => 0,
        Some("header") => 1,
        Some(n) => n.parse::<u32>().map(|n| n + 1).unwrap_or(99),
    }
}

/// Resolves raw findings against the parsed document (if any) and the source bytes.
pub fn resolve(
    raws: Vec<Raw>,
    doc: Option<&Document<'_>>,
    syntax: Option<Syntax>,
    source: &[u8],
) -> Vec<Finding> {
    let syntax = syntax.unwrap_or(Syntax::Xml);
    let mut index = doc.map(tree::ChildIndex::new);
    let paths: Vec<String> = raws
        .iter()
        .map(|raw| tree::render(syntax, &raw.steps, index.as_mut()))
        .collect();
    // Positions: XML nodes carry theirs; JSON pointers are found in one pass over the text; lines
    // and columns in one sweep over the offsets in order. Thousands of findings cost one scan each.
    let offsets: Vec<Option<u32>> = match (doc, syntax) {
        (Some(_), Syntax::Json) => {
            let wanted: Vec<&str> = raws
                .iter()
                .zip(&paths)
                .filter(|(raw, _)| raw.offset.is_none())
                .map(|(_, p)| p.as_str())
                .collect();
            let mut found = crate::json::offsets_of_pointers(source, &wanted).into_iter();
            raws.iter()
                .map(|raw| raw.offset.or_else(|| found.next().flatten()))
                .collect()
        }
        (Some(_), Syntax::Xml) => raws
            .iter()
            .map(|raw| {
                raw.offset.or_else(|| {
                    let index = index.as_mut()?;
                    tree::locate(index, &raw.steps).0.offset
                })
            })
            .collect(),
        (None, _) => raws.iter().map(|raw| raw.offset).collect(),
    };
    let positions = tree::line_columns(source, &offsets);
    let out: Vec<Finding> = raws
        .into_iter()
        .zip(paths)
        .zip(positions)
        .map(|((raw, path), position)| {
            let rule = raw.rule.rule();
            let chain: Vec<vocab::Name> = raw.steps.iter().filter_map(|s| s.name).collect();
            let form_box = rule.form_box.or_else(|| vocab::box_of_chain(&chain));
            let (line, column) = position.unzip();
            // Inserted one by one: collecting would sort, and bring a second sort into the wasm.
            let mut params: BTreeMap<&'static str, String> = BTreeMap::new();
            for (k, v) in raw.params {
                params.insert(k, v);
            }
            // Stages that see only the model name the element here, in the document's own spelling.
            if !params.contains_key("element")
                && let Some(last) = raw.steps.last()
            {
                params.insert("element", last.label(syntax).to_owned());
            }
            Finding {
                code: rule.code,
                severity: rule.severity,
                form_box,
                item: raw.item,
                path,
                line,
                column,
                message: fill(rule.message, &params),
                basis: rule.basis,
                params,
            }
        })
        .collect();
    let order = crate::sorted_order(out.len(), &|a, b| {
        let (x, y) = (&out[a], &out[b]);
        (box_rank(x.form_box), x.item, x.code, &x.path).cmp(&(
            box_rank(y.form_box),
            y.item,
            y.code,
            &y.path,
        ))
    });
    let mut slots: Vec<Option<Finding>> = out.into_iter().map(Some).collect();
    let mut sorted: Vec<Finding> = order.into_iter().filter_map(|i| slots[i].take()).collect();
    sorted.dedup();
    sorted
}

/// Fills `{name}` placeholders; `{{` and `}}` stand for literal braces.
fn fill(template: &str, params: &BTreeMap<&'static str, String>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
        } else if let Some(end) = tail.find('}').filter(|_| tail.starts_with('{')) {
            let key = &tail[1..end];
            match params.get(key) {
                Some(v) => out.push_str(v),
                None => out.push_str(&tail[..=end]),
            }
            rest = &tail[end + 1..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

pub fn versions(as_of: jiff::civil::Date) -> Versions {
    Versions {
        validator: env!("CARGO_PKG_VERSION"),
        rules: CATALOGUE_VERSION,
        code_lists: crate::codelists::VERSION,
        as_of: as_of.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_braces() {
        let mut p = BTreeMap::new();
        p.insert("a", "x".to_string());
        assert_eq!(fill("{a} and {{a}} and {b}", &p), "x and {a} and {b}");
        assert_eq!(fill("{{{a}}}", &p), "{x}");
        assert_eq!(fill("no params", &p), "no params");
    }
}
