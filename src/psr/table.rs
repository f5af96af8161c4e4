//! A PSR table, format `eco-validator/psr-table/1`:
//!
//! ```json
//! {
//!   "format": "eco-validator/psr-table/1",
//!   "agreement": "ATIGA", "hsEdition": "HS2022", "version": "2026.12.1",
//!   "source": "ATIGA PSR implementing guidelines; Annex 3 Attachment 1",
//!   "complete": false,
//!   "lines": [
//!     { "hs": "2404.19", "ex": true, "codes": ["2404.19.10"], "rule": "RVC(40) or CTH except 2403",
//!       "note": "manufactured tobacco substitutes" },
//!     { "hs": ["5004.00", "5005.00"], "rule": "RVC(40) or CTH or TP(fibre-making | spinning)" }
//!   ]
//! }
//! ```
//!
//! `hs` is a chapter (2 digits), heading (4) or subheading (6), dots allowed, or a list of them
//! under one rule; `ex: true` marks a line that covers only part of its code (which part, `note`
//! says in words, and `codes` may list the national 8- or 10-digit lines it covers, which then
//! decide for a certificate that gives one). `complete: false` says the table does not list every
//! product that has a rule of its own, so a product it does not list is not thereby under the
//! general rule.

use crate::bytes::sub;
use crate::jsondata::{self, At, Fail};
use crate::lexical::shown;
use crate::loading::LoadError;

use super::Rule;

/// One line of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// The codes' digits: 2, 4 or 6 each.
    pub hs: Vec<String>,
    /// Whether the line covers only part of its code.
    pub ex: bool,
    /// The national lines (digits) an "ex" line covers, when the table says.
    pub codes: Vec<String>,
    /// The rule.
    pub rule: Rule,
    /// What the line says beside the rule (which goods an "ex" line covers).
    pub note: Option<String>,
}

/// A loaded table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// The agreement the rules are of.
    pub agreement: String,
    /// The HS edition its codes are in (`HS2022`, `HS2012`).
    pub edition: String,
    /// The table's own version.
    pub version: String,
    /// Where it was transcribed from.
    pub source: String,
    /// Whether it lists every product with a rule of its own.
    pub complete: bool,
    lines: Vec<Line>,
    /// Every code with its line, sorted by [`key`]: integers compare in one step, where the
    /// strings they stand for took a search of string comparisons per item.
    index: Vec<(u32, usize)>,
}

const FORMAT: &str = "eco-validator/psr-table/1";

/// A code of 2, 4 or 6 digits as one integer: its length above its value, so that `01` and `0100`
/// differ; `None` for anything else.
fn key(digits: &str) -> Option<u32> {
    if !matches!(digits.len(), 2 | 4 | 6) {
        return None;
    }
    let value = digits.bytes().try_fold(0u32, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })?;
    Some(crate::convert::to_u32(digits.len()) << 20 | value)
}

impl Table {
    /// Reads a table; `source` names it in errors.
    #[cold]
    pub fn load(text: &str, source: &str) -> Result<Table, LoadError> {
        read(text, source).map_err(|e| *e)
    }

    /// The lines that decide for a product's 6-digit subheading: its own 6-digit lines if the
    /// table has any, else its heading's, else its chapter's; several when they are "ex" lines.
    /// `hs` is the product's code, digits only; a national code longer than six digits picks,
    /// among "ex" lines that list their national lines, the ones that cover it.
    pub fn lines_for(&self, hs: &str) -> Vec<&Line> {
        for len in [6, 4, 2] {
            let Some(code) = hs.get(..len).and_then(key) else {
                continue;
            };
            let start = self.index.partition_point(|(c, _)| *c < code);
            let found: Vec<&Line> = self.index[start..]
                .iter()
                .take_while(|(c, _)| *c == code)
                .filter_map(|(_, i)| self.lines.get(*i))
                .collect();
            if found.is_empty() {
                continue;
            }
            let national: Vec<&Line> = found
                .iter()
                .copied()
                .filter(|l| l.codes.iter().any(|c| hs.starts_with(c.as_str())))
                .collect();
            return if hs.len() > 6 && !national.is_empty() {
                national
            } else {
                found
            };
        }
        Vec::new()
    }

    /// Every line, in the order loaded.
    #[cfg(test)]
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }
}

#[cold]
fn read(text: &str, source: &str) -> Result<Table, Fail> {
    let tree = jsondata::parse(text, source, "psr.json")?;
    let root = At::root(&tree, source, "psr.value");
    let mut m = root.members()?;
    m.format(FORMAT, "psr.format")?;
    let text_of = |at: At<'_>| -> Result<String, Fail> {
        let s = at.str()?.trim();
        if s.is_empty() {
            return Err(at.error("must not be empty"));
        }
        Ok(s.to_owned())
    };
    let agreement = text_of(m.required("agreement")?)?;
    let edition_at = m.required("hsEdition")?;
    let edition = text_of(edition_at)?;
    if !(edition.len() == 6
        && edition.starts_with("HS")
        && sub(&edition, 2..).bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(edition_at.refuse("an HS edition such as HS2022"));
    }
    let version = text_of(m.required("version")?)?;
    let source_text = text_of(m.required("source")?)?;
    let complete = m.required("complete")?.bool()?;
    let mut lines: Vec<Line> = Vec::new();
    let mut index: Vec<(u32, usize)> = Vec::new();
    for at in m.required("lines")?.items()? {
        let mut l = at.members()?;
        let hs_at = l.required("hs")?;
        let hs_list: Vec<At<'_>> = match hs_at.value() {
            jsondata::Json::Array(_) => hs_at.items()?.collect(),
            _ => vec![hs_at],
        };
        let mut hs = Vec::with_capacity(hs_list.len());
        for code_at in hs_list {
            hs.push(digits(code_at, &[2, 4, 6])?);
        }
        if hs.is_empty() {
            return Err(hs_at.error("lists at least one code"));
        }
        let ex = match l.optional("ex") {
            Some(e) => e.bool()?,
            None => false,
        };
        let mut codes = Vec::new();
        if let Some(list) = l.optional("codes") {
            for c in list.items()? {
                codes.push(digits(c, &[8, 10])?);
            }
        }
        let rule_at = l.required("rule")?;
        let rule = Rule::parse(rule_at.str()?).map_err(|e| {
            rule_at.error(format!(
                "'{}' is not a rule: {e}",
                shown(rule_at.str().unwrap_or(""))
            ))
        })?;
        let note = match l.optional("note") {
            Some(n) => Some(n.str()?.to_owned()),
            None => None,
        };
        l.done()?;
        let n = lines.len();
        for code in &hs {
            index.extend(key(code).map(|k| (k, n)));
        }
        lines.push(Line {
            hs,
            ex,
            codes,
            rule,
            note,
        });
    }
    let order = crate::sort::sorted_order(index.len(), &|a, b| index[a].0.cmp(&index[b].0));
    let index: Vec<(u32, usize)> = order
        .into_iter()
        .filter_map(|i| index.get(i).copied())
        .collect();
    // Sorted (stably, so in line order), two lines of one code are neighbours: only "ex" lines
    // may share a code. Checked once over the sorted index, not line by line against all before.
    for pair in index.windows(2) {
        let [(a, first), (b, second)] = pair else {
            continue;
        };
        let ex = |i: &usize| lines.get(*i).is_some_and(|l| l.ex);
        if a == b && !(ex(first) && ex(second)) {
            let code = lines
                .get(*second)
                .and_then(|l| l.hs.iter().find(|c| key(c) == Some(*b)))
                .cloned()
                .unwrap_or_default();
            return Err(Box::new(LoadError::new(
                "psr.value",
                source,
                &format!("/lines/{second}/hs"),
                format!("{code} has a line already; only \"ex\" lines may share a code"),
            )));
        }
    }
    m.done()?;
    Ok(Table {
        agreement,
        edition,
        version,
        source: source_text,
        complete,
        lines,
        index,
    })
}

/// A code of one of the allowed digit counts, dots allowed, as its digits.
#[cold]
fn digits(at: At<'_>, allowed: &[usize]) -> Result<String, Fail> {
    let text = at.str()?;
    let d: String = text.chars().filter(char::is_ascii_digit).collect();
    if !allowed.contains(&d.len()) || !text.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(at.refuse("an HS code of the right length (digits, dots allowed)"));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = r#"{
      "format": "eco-validator/psr-table/1",
      "agreement": "ATIGA", "hsEdition": "HS2022", "version": "t", "source": "tests",
      "complete": false,
      "lines": [
        { "hs": "24", "rule": "CC" },
        { "hs": "2404", "rule": "RVC(40) or CTH" },
        { "hs": "2404.19", "ex": true, "codes": ["2404.19.10"], "rule": "RVC40 or CTH except from heading 2403", "note": "substitutes" },
        { "hs": "2404.19", "ex": true, "codes": ["2404.19.20"], "rule": "RVC40 or CTH except from heading 3824" },
        { "hs": ["5004.00", "5005"], "rule": "TP(spinning)" }
      ]
    }"#;

    #[test]
    fn the_most_specific_lines_decide() {
        let t = Table::load(TABLE, "t.json").unwrap();
        let six: Vec<String> = t
            .lines_for("240419")
            .iter()
            .map(|l| l.rule.to_string())
            .collect();
        assert_eq!(
            six,
            ["RVC(40) or CTH except 2403", "RVC(40) or CTH except 3824"]
        );
        assert_eq!(t.lines_for("240411")[0].rule.to_string(), "RVC(40) or CTH");
        assert_eq!(t.lines_for("240210")[0].rule.to_string(), "CC");
        assert!(t.lines_for("010121").is_empty());
        // An 8-digit national code picks its "ex" line.
        let national: Vec<String> = t
            .lines_for("24041920")
            .iter()
            .map(|l| l.rule.to_string())
            .collect();
        assert_eq!(national, ["RVC(40) or CTH except 3824"]);
        assert_eq!(
            t.lines_for("24041990").len(),
            2,
            "a line no \"ex\" line names: both"
        );
        assert_eq!(t.lines_for("500400")[0].rule.to_string(), "TP(spinning)");
        assert_eq!(t.lines_for("500510")[0].rule.to_string(), "TP(spinning)");
    }

    /// The bundled ATIGA table: every line parses, and every code is an HS 2022 subheading.
    #[test]
    #[cfg(feature = "bundled")]
    fn the_bundled_atiga_table_loads() {
        let text = include_str!("../../psr/atiga-hs2022.json");
        let t = Table::load(text, "atiga-hs2022.json").unwrap();
        assert_eq!(t.edition, "HS2022");
        assert!(!t.complete);
        let edition = crate::codelists::CodeLists::bundled()
            .hs_edition(jiff::civil::date(2026, 1, 1))
            .unwrap();
        let mut codes = 0;
        for line in t.lines() {
            for hs in &line.hs {
                assert_eq!(edition.has_subheading(hs), Some(true), "{hs}");
                codes += 1;
            }
        }
        assert!(codes > 790, "{codes}");
        assert_eq!(
            t.lines_for("24041910")[0].rule.to_string(),
            "RVC(40) or CTH except 2403"
        );
        assert_eq!(
            t.lines_for("520511")[0].rule.to_string(),
            "RVC(40) or CTH or TP(fibre-making | spinning)"
        );
    }

    #[test]
    fn load_errors_name_the_line() {
        for (from, to, code, path) in [
            ("\"CC\"", "\"CX\"", "psr.value", "/lines/0/rule"),
            (
                "\"hs\": \"24\"",
                "\"hs\": \"245\"",
                "psr.value",
                "/lines/0/hs",
            ),
            (
                "\"hs\": \"24\"",
                "\"hs\": \"2404\"",
                "psr.value",
                "/lines/1/hs",
            ),
            ("HS2022", "2022", "psr.value", "/hsEdition"),
            ("psr-table/1", "psr-table/0", "psr.format", "/format"),
        ] {
            let text = TABLE.replacen(from, to, 1);
            assert_ne!(text, TABLE);
            let e = Table::load(&text, "t.json").unwrap_err();
            assert_eq!((e.code, e.path.as_str()), (code, path), "{e}");
        }
    }
}
