//! Product-specific rules: for each item, whether its Box 8 criterion is one the rule of its HS code
//! admits — the line of the agreement's PSR table, which replaces the general rule for the goods it
//! lists (ATIGA Art. 28(2)(a); the most specific line decides, an 8-digit code picks among "ex"
//! lines that name it), or the general rule where a complete table has no line. Where
//! no line is known and the table does not claim to be complete, nothing is concluded: the
//! published tables list only part of the products that have a rule of their own. A table in
//! another HS edition than the one the certificate is read in is not compared (an info), since a
//! code may mean other goods there.

use std::fmt::Display;
use std::sync::Arc;

use crate::catalogue::RuleId;
use crate::codelists::HsEdition;
use crate::findings::Raw;
use crate::model::{Certificate, Item, Meaning, OriginCriterion};
use crate::profiles::Profile;
use crate::psr::{Criterion, Rule, Table};
use crate::vocab::Name;

use super::{At, raise};

pub(super) fn run(
    cert: &Certificate,
    criteria: &[Option<OriginCriterion>],
    profile: &Profile,
    tables: &[Arc<Table>],
    edition: Option<HsEdition<'_>>,
    raws: &mut Vec<Raw>,
) {
    let table = tables.iter().find(|t| t.agreement == profile.agreement);
    if let Some(table) = table {
        // `HS 2022` in force against a table's `HS2022`, compared without the space.
        let same = |name: &str| {
            name.bytes()
                .filter(|b| *b != b' ')
                .eq(table.edition.bytes())
        };
        if edition.is_some_and(|e| !same(e.name)) {
            let params: [(_, &dyn Display); 3] = [
                ("table", &table.edition),
                ("edition", &edition.map_or("", |e| e.name)),
                ("agreement", &table.agreement),
            ];
            let at = At::Doc(&[Name::SupplyChainConsignment]);
            raise(raws, RuleId::PsrOtherEdition, at, &params);
            return;
        }
    }
    for (i, (item, criterion)) in cert.consignment.items.iter().zip(criteria).enumerate() {
        if let Some(criterion) = criterion {
            self::item(i, item, criterion, profile, table.map(|t| &**t), raws);
        }
    }
}

fn item(
    i: usize,
    item: &Item,
    criterion: &OriginCriterion,
    profile: &Profile,
    table: Option<&Table>,
    raws: &mut Vec<Raw>,
) {
    // Wholly obtained goods originate whatever their rule; partial cumulation claims no origin;
    // "PSR" on Form E says the product's rule was met, which one it does not say.
    if criterion.has(Meaning::WhollyObtained)
        || criterion.has(Meaning::PartialCumulation)
        || criterion.has(Meaning::ProductSpecificRule)
    {
        return;
    }
    let (Some(hs), Some(table)) = (item.hs_code.as_deref(), table) else {
        return;
    };
    // The code's digits on the stack: a well-formed code has at most ten.
    let mut buf = [0u8; 10];
    let mut len = 0;
    for b in hs.bytes().filter(u8::is_ascii_digit) {
        if let Some(slot) = buf.get_mut(len) {
            *slot = b;
            len += 1;
        }
    }
    let Ok(digits) = std::str::from_utf8(&buf[..len]) else {
        return;
    };
    let lines = table.lines_for(digits);
    // The rules that decide, each with what names it; the names are written only for a finding.
    let general = match &profile.general_rule {
        // Only a table that lists every product with a rule of its own says that this one has
        // none, so that the general rule applies.
        Some(general) if lines.is_empty() && table.complete => Some(general),
        _ if lines.is_empty() => return,
        _ => None,
    };
    let admitted = match general {
        Some(rule) => admits(rule, criterion),
        None => lines.iter().any(|line| admits(&line.rule, criterion)),
    };
    if admitted {
        return;
    }
    let mut rules: Vec<(&Rule, String)> = Vec::new();
    if let Some(general) = general {
        rules.push((general, "the general rule".to_owned()));
    }
    for line in lines {
        let code = line
            .hs
            .iter()
            .find(|c| digits.starts_with(c.as_str()))
            .cloned()
            .unwrap_or_default();
        let ex = if line.ex { "ex " } else { "" };
        let source = format!("line {ex}{code} of {} {}", table.agreement, table.edition);
        rules.push((&line.rule, source));
    }
    let text = item.origin_criterion.as_deref().unwrap_or("");
    let mut allowed = String::new();
    for (n, (rule, source)) in rules.iter().enumerate() {
        if n > 0 {
            allowed.push_str("; ");
        }
        allowed.push_str(&format!("{rule} ({source})"));
    }
    let hs = item.hs_code.as_deref().unwrap_or("");
    let params: [(_, &dyn Display); 3] = [("value", &text), ("hs", &hs), ("rules", &allowed)];
    let at = At::Item(i, &[Name::OriginCriteriaText]);
    raise(raws, RuleId::PsrNotAdmissible, at, &params);
}

/// Whether some alternative of the rule is met by what Box 8 declares: every criterion of the
/// alternative is covered by a declared part (a stricter change covers a looser one: CC covers CTH;
/// RCEP's bare `RVC` and `CTC` cover any threshold and level, as the form cannot say more).
/// The rule is evaluated as the formula it is, each criterion true when covered: the same verdict
/// as trying each alternative of its disjunctive form, without building that form.
pub(super) fn admits(rule: &Rule, declared: &OriginCriterion) -> bool {
    match rule {
        Rule::One(c) => covered(c, declared),
        Rule::All(rules) => rules.iter().all(|r| admits(r, declared)),
        Rule::Any(rules) => rules.iter().any(|r| admits(r, declared)),
    }
}

fn covered(criterion: &Criterion, declared: &OriginCriterion) -> bool {
    declared
        .parts
        .iter()
        .any(|part| match (criterion, part.meaning) {
            (Criterion::WhollyObtained, Meaning::WhollyObtained) => true,
            (Criterion::ProducedEntirely, Meaning::ProducedEntirely) => true,
            (Criterion::ChemicalReaction, Meaning::ChemicalReaction) => true,
            (Criterion::Process(_), Meaning::SpecificProcess) => true,
            (Criterion::RegionalValueContent(required), Meaning::RegionalValueContent) => {
                part.percent.is_none_or(|p| p >= *required)
            }
            (Criterion::Change(level, _), Meaning::TariffShift(declared)) => {
                declared.is_none_or(|d| d.digits() <= level.digits())
            }
            _ => false,
        })
}
