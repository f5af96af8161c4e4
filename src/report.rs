//! Findings and the report: what every stage produces, resolved against the source at the end.
//!
//! Stages raise [`Raw`] findings that name a rule, a model path and parameters. Only when the report is
//! assembled are they resolved through the source tree to the binding's own path syntax, line and column,
//! and given their message, severity, box and legal basis from the catalogue: stages never format text.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::binding::{self, Document};
use crate::bytes::sub;
use crate::catalogue::{Severity, Texts};
use crate::findings::Raw;
use crate::sort::sorted_order;
use crate::vocab::{self, Syntax};

/// One finding, resolved: what portals and the CLI show.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Finding {
    /// The rule's stable code (`box8.syntax`); portals localise by it.
    #[cfg_attr(feature = "typescript", tsify(type = "RuleCode"))]
    pub code: &'static str,
    /// The rule's severity.
    pub severity: Severity,
    /// The Form D box (`"1"`–`"13"`, or `"header"`), when the finding concerns one.
    #[serde(rename = "box")]
    pub form_box: Option<&'static str>,
    /// The goods item (1-based, in document order), when the finding concerns one.
    pub item: Option<u32>,
    /// Where: an XPath-like path for XML, a JSON Pointer for JSON.
    pub path: String,
    /// 1-based line, where the position is known.
    pub line: Option<u32>,
    /// 1-based column in characters, where the position is known.
    pub column: Option<u32>,
    /// The catalogue's English message with the parameters filled in.
    pub message: String,
    /// The legal basis the rule enforces: the agreement profile's citation where it has one (an
    /// RCEP certificate's finding cites RCEP), otherwise the catalogue's.
    pub basis: String,
    /// The values the message names, by placeholder name, for callers' own wording.
    #[cfg_attr(feature = "typescript", tsify(type = "Record<string, string>"))]
    pub params: Params,
}

/// A finding's parameters by name, in name order: a JSON object in every serialisation. A
/// finding has a handful, so a sorted list serves (a `BTreeMap` cost the wasm package 1.3 KB).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params(Vec<(&'static str, String)>);

impl Params {
    /// The value of a parameter.
    pub fn get(&self, name: &str) -> Option<&String> {
        self.0.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// Whether the parameter is there.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The parameters in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &String)> {
        self.0.iter().map(|(k, v)| (*k, v))
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sets a parameter, replacing one of the same name.
    fn insert(&mut self, name: &'static str, value: String) {
        match self.0.iter().position(|(k, _)| *k >= name) {
            Some(i) if self.0[i].0 == name => self.0[i].1 = value,
            Some(i) => self.0.insert(i, (name, value)),
            None => self.0.push((name, value)),
        }
    }
}

impl std::ops::Index<&str> for Params {
    type Output = String;

    /// The value of a parameter that is there (panics otherwise, as a map's index does).
    fn index(&self, name: &str) -> &String {
        match self.get(name) {
            Some(v) => v,
            None => panic!("no parameter {name}"),
        }
    }
}

impl Serialize for Params {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// The versions a report was produced with, so a stored report can be reproduced.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Versions {
    /// The validator's version.
    pub validator: &'static str,
    /// The rule catalogue's version.
    pub rules: &'static str,
    /// The code lists' version.
    pub code_lists: &'static str,
    /// The agreement profile the certificate was checked against, with its version (`ATIGA
    /// 2026.12.1`), when one was loaded for its agreement.
    pub profile: Option<String>,
    /// The validation clock (ISO date).
    pub as_of: String,
}

/// The result of validating one document.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Report {
    /// Whether no finding is an error.
    pub valid: bool,
    /// The binding the document was read from, when it could be told.
    pub syntax: Option<Syntax>,
    /// The agreement the certificate claims, when it could be read.
    pub agreement: Option<String>,
    /// The certificate's reference number, when it could be read.
    pub reference: Option<String>,
    /// Every finding, in a stable order: document-level first, then by box, item and code.
    pub findings: Vec<Finding>,
    /// What the report was produced with.
    pub versions: Versions,
}

impl Report {
    /// The report as JSON, member for member what serde writes (a test compares them on every
    /// fixture): the wasm package's result, written without serde's serialisers (see `jsonwrite`).
    #[cfg_attr(not(feature = "wasm"), allow(dead_code))]
    pub(crate) fn to_json(&self) -> String {
        use crate::jsonwrite::{boolean, key, number, optional, string};
        let mut o = String::with_capacity(256 + 512 * self.findings.len());
        o.push('{');
        key(&mut o, true, "valid");
        boolean(&mut o, self.valid);
        key(&mut o, false, "syntax");
        optional(&mut o, self.syntax.map(Syntax::word));
        key(&mut o, false, "agreement");
        optional(&mut o, self.agreement.as_deref());
        key(&mut o, false, "reference");
        optional(&mut o, self.reference.as_deref());
        key(&mut o, false, "findings");
        o.push('[');
        for (i, f) in self.findings.iter().enumerate() {
            if i > 0 {
                o.push(',');
            }
            o.push('{');
            key(&mut o, true, "code");
            string(&mut o, f.code);
            key(&mut o, false, "severity");
            string(&mut o, f.severity.word());
            key(&mut o, false, "box");
            optional(&mut o, f.form_box);
            key(&mut o, false, "item");
            number(&mut o, f.item);
            key(&mut o, false, "path");
            string(&mut o, &f.path);
            key(&mut o, false, "line");
            number(&mut o, f.line);
            key(&mut o, false, "column");
            number(&mut o, f.column);
            key(&mut o, false, "message");
            string(&mut o, &f.message);
            key(&mut o, false, "basis");
            string(&mut o, &f.basis);
            key(&mut o, false, "params");
            o.push('{');
            for (j, (k, v)) in f.params.iter().enumerate() {
                key(&mut o, j == 0, k);
                string(&mut o, v);
            }
            o.push_str("}}");
        }
        o.push(']');
        let v = &self.versions;
        key(&mut o, false, "versions");
        o.push('{');
        key(&mut o, true, "validator");
        string(&mut o, v.validator);
        key(&mut o, false, "rules");
        string(&mut o, v.rules);
        key(&mut o, false, "codeLists");
        string(&mut o, v.code_lists);
        key(&mut o, false, "profile");
        optional(&mut o, v.profile.as_deref());
        key(&mut o, false, "asOf");
        string(&mut o, &v.as_of);
        o.push_str("}}");
        o
    }

    /// How many findings are errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// How many findings have the given severity.
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

/// Resolves raw findings against the parsed document (if any) and the source bytes, with the
/// rules' messages and bases from `texts`. Kept out of
/// line: a valid certificate, the common case, never calls it, and then the engine never compiles
/// it on a first validation.
#[inline(never)]
pub fn resolve(
    raws: Vec<Raw>,
    doc: Option<&Document<'_>>,
    syntax: Option<Syntax>,
    source: &[u8],
    texts: &Texts,
) -> Vec<Finding> {
    let wanted: Vec<_> = raws
        .iter()
        .map(|raw| (raw.steps.as_slice(), raw.offset))
        .collect();
    let places = binding::place(doc, syntax, source, &wanted);
    // Names in messages are spelled as XML spells them where the syntax is not known.
    let syntax = syntax.unwrap_or(Syntax::Xml);
    let out: Vec<Finding> = raws
        .into_iter()
        .zip(places)
        .map(|(raw, place)| {
            let rule = raw.rule.rule();
            let chain: Vec<vocab::Name> = raw.steps.iter().filter_map(|s| s.name).collect();
            let form_box = rule.form_box.or_else(|| vocab::box_of_chain(&chain));
            // Inserted one by one: sorting would bring a second sort into the wasm.
            let mut params = Params::default();
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
                path: place.path,
                line: place.line,
                column: place.column,
                message: fill(texts.message(raw.rule), &params),
                basis: raw
                    .basis
                    .unwrap_or_else(|| texts.basis(raw.rule).to_owned()),
                params,
            }
        })
        .collect();
    let order = sorted_order(out.len(), &|a, b| {
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
fn fill(template: &str, params: &Params) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(sub(rest, ..i));
        let tail = sub(rest, i..);
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(sub(tail, ..1));
            rest = sub(tail, 2..);
        } else if let Some(end) = tail.find('}').filter(|_| tail.starts_with('{')) {
            let key = sub(tail, 1..end);
            match params.get(key) {
                Some(v) => out.push_str(v),
                None => out.push_str(sub(tail, ..=end)),
            }
            rest = sub(tail, end + 1..);
        } else {
            out.push_str(sub(tail, ..1));
            rest = sub(tail, 1..);
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_braces() {
        let mut p = Params::default();
        p.insert("b", "y".to_string());
        p.insert("a", "w".to_string());
        p.insert("a", "x".to_string());
        p.insert("c", "z".to_string());
        assert_eq!(
            p.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        assert_eq!(
            (p.len(), &p["a"], p.contains_key("d")),
            (3, &"x".to_string(), false)
        );
        let mut p = Params::default();
        p.insert("a", "x".to_string());
        assert_eq!(fill("{a} and {{a}} and {b}", &p), "x and {a} and {b}");
        assert_eq!(fill("{{{a}}}", &p), "{x}");
        assert_eq!(fill("no params", &p), "no params");
    }
}
