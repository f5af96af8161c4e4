//! The assessment: which rule applies to the good, each alternative met or not and why, the RVC by
//! both formulas of Art. 29, the change of classification of every non-originating material, de
//! minimis, partial cumulation and minimal operations — every step in the trail with its numbers
//! and its article.
//!
//! Arithmetic is exact decimal. A threshold compares exact values by cross-multiplying (the RVC is
//! at least n % when `100 × (FOB − VNM) ≥ n × FOB`), so 39.999 % does not meet 40 %; the RVC shown
//! is cut (not rounded) to four decimals, and Box 8 shows it cut to a whole percent, as practice
//! prints it.

use std::fmt::{self, Write as _};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::lexical::PlainDecimal;
use crate::model::TariffShift;
use crate::profiles::Profile;
use crate::psr::{Criterion, Process, Rule, Table};

use super::trail::Trail;
use super::worksheet::{Material, MaterialOrigin, Method, Worksheet};

/// A decimal as the trail prints it.
fn d(x: Decimal) -> PlainDecimal {
    PlainDecimal(x)
}

/// One alternative of the rule that applies, and whether the good meets it.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Alternative {
    /// The alternative in the rule language (`RVC(40)`, `CTH except 2403`, `CTSH and RVC(35)`).
    pub code: String,
    /// Whether the good meets it.
    pub met: bool,
}

/// Both RVC formulas, as exact decimal strings cut to four places.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rvc {
    /// (originating materials + labour + overhead + profit + other) / FOB × 100.
    pub direct: Option<String>,
    /// (FOB − non-originating materials) / FOB × 100.
    pub indirect: Option<String>,
    /// The formula the exporting party uses, which decides.
    pub method: &'static str,
}

/// The ticks the certificate would carry.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Ticks {
    /// De minimis rescued a change of classification.
    pub de_minimis: bool,
    /// Partial cumulation: the good does not originate, but its RVC of 20–40 % may be cumulated.
    pub partial_cumulation: bool,
}

/// How far the numbers may move before the verdict of an alternative changes.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BreakPoint {
    /// The criterion (`RVC(40)`, `CTH`).
    pub criterion: String,
    /// For an RVC criterion under the indirect formula: the largest value of non-originating
    /// materials that still meets it, at this FOB.
    pub max_non_originating: Option<String>,
    /// For an RVC criterion under the indirect formula: the lowest FOB that still meets it, with
    /// these materials.
    pub min_fob: Option<String>,
    /// For a change of classification: the materials that fail it.
    pub failing_materials: Vec<String>,
    /// For a failed change of classification: whether de minimis could rescue the failing
    /// materials (their value within the limit), and the value limit.
    pub de_minimis_limit: Option<String>,
}

/// What an assessment was made with, so the same inputs give the same result anywhere.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Used {
    /// The validator's version.
    pub validator: &'static str,
    /// The agreement profile and its version (`ATIGA 2026.12.2`).
    pub profile: String,
    /// The PSR table, its version and HS edition (`ATIGA 2026.12.1 HS2022`), when one was loaded.
    pub psr_table: Option<String>,
    /// The code lists' version.
    pub code_lists: &'static str,
    /// The assessment's clock (ISO 8601 date), the caller's.
    pub as_of: String,
}

/// What the assessment found.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Assessment {
    /// The agreement.
    pub agreement: String,
    /// Whether the good originates.
    pub originating: bool,
    /// The rule that applies, in the rule language, and where it comes from.
    pub rule: String,
    /// Where the rule comes from (the general rule, a line of a PSR table).
    pub rule_source: String,
    /// Every alternative of the rule, met or not.
    pub criteria: Vec<Alternative>,
    /// The RVC by both formulas.
    pub rvc: Rvc,
    /// What Box 8 would say, when the good originates or may be cumulated partially.
    pub box8: Option<String>,
    /// The ticks.
    pub ticks: Ticks,
    /// Every step, with its numbers and its article.
    #[cfg_attr(feature = "typescript", tsify(type = "Step[]"))]
    pub trail: Trail,
    /// Where each RVC and CTC criterion of the rule would change its verdict.
    pub break_points: Vec<BreakPoint>,
    /// The versions of everything the assessment used.
    pub versions: Used,
}

impl Assessment {
    /// The assessment as JSON, member for member what serde writes (a test compares them on every
    /// worked example): the npm package's result, written without serde's serialisers, which
    /// escaped the trail's kilobytes a byte at a time (see `jsonwrite`).
    #[cfg_attr(not(feature = "wasm"), allow(dead_code))]
    pub(crate) fn write_json(&self, o: &mut String) {
        use crate::jsonwrite::{boolean, key, optional, string};
        o.push('{');
        key(o, true, "agreement");
        string(o, &self.agreement);
        key(o, false, "originating");
        boolean(o, self.originating);
        key(o, false, "rule");
        string(o, &self.rule);
        key(o, false, "ruleSource");
        string(o, &self.rule_source);
        key(o, false, "criteria");
        o.push('[');
        for (i, a) in self.criteria.iter().enumerate() {
            o.push_str(if i == 0 { "{" } else { ",{" });
            key(o, true, "code");
            string(o, &a.code);
            key(o, false, "met");
            boolean(o, a.met);
            o.push('}');
        }
        o.push(']');
        key(o, false, "rvc");
        o.push('{');
        key(o, true, "direct");
        optional(o, self.rvc.direct.as_deref());
        key(o, false, "indirect");
        optional(o, self.rvc.indirect.as_deref());
        key(o, false, "method");
        string(o, self.rvc.method);
        o.push('}');
        key(o, false, "box8");
        optional(o, self.box8.as_deref());
        key(o, false, "ticks");
        o.push('{');
        key(o, true, "deMinimis");
        boolean(o, self.ticks.de_minimis);
        key(o, false, "partialCumulation");
        boolean(o, self.ticks.partial_cumulation);
        o.push('}');
        key(o, false, "trail");
        o.push('[');
        for (i, step) in self.trail.iter().enumerate() {
            o.push_str(if i == 0 { "{" } else { ",{" });
            key(o, true, "text");
            string(o, step.text);
            key(o, false, "basis");
            string(o, step.basis);
            o.push('}');
        }
        o.push(']');
        key(o, false, "breakPoints");
        o.push('[');
        for (i, b) in self.break_points.iter().enumerate() {
            o.push_str(if i == 0 { "{" } else { ",{" });
            key(o, true, "criterion");
            string(o, &b.criterion);
            key(o, false, "maxNonOriginating");
            optional(o, b.max_non_originating.as_deref());
            key(o, false, "minFob");
            optional(o, b.min_fob.as_deref());
            key(o, false, "failingMaterials");
            o.push('[');
            for (j, m) in b.failing_materials.iter().enumerate() {
                if j > 0 {
                    o.push(',');
                }
                string(o, m);
            }
            o.push(']');
            key(o, false, "deMinimisLimit");
            optional(o, b.de_minimis_limit.as_deref());
            o.push('}');
        }
        o.push(']');
        let v = &self.versions;
        key(o, false, "versions");
        o.push('{');
        key(o, true, "validator");
        string(o, v.validator);
        key(o, false, "profile");
        string(o, &v.profile);
        key(o, false, "psrTable");
        optional(o, v.psr_table.as_deref());
        key(o, false, "codeLists");
        string(o, v.code_lists);
        key(o, false, "asOf");
        string(o, &v.as_of);
        o.push_str("}}");
    }
}

/// Why a worksheet could not be assessed beyond its values: a missing exchange rate, a currency
/// the worksheet does not rate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssessError {
    /// The stable code.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
}

struct Ctx<'w> {
    ws: &'w Worksheet<'w>,
    profile: &'w Profile,
    trail: Trail,
    /// Each material's value in the worksheet's currency.
    values: Vec<Decimal>,
}

impl Ctx<'_> {
    /// A step citing `basis`.
    fn step(&mut self, text: fmt::Arguments<'_>, basis: &str) {
        self.trail.push(text, format_args!("{basis}"));
    }
}

/// Assesses a worksheet under a profile and its agreement's PSR table, if loaded.
pub fn assess(
    ws: &Worksheet<'_>,
    profile: &Profile,
    table: Option<&Table>,
) -> Result<Assessment, AssessError> {
    let mut values = Vec::with_capacity(ws.materials.len());
    for m in &ws.materials {
        values.push(in_currency(ws, m)?);
    }
    let mut c = Ctx {
        ws,
        profile,
        trail: Trail::new(),
        values,
    };
    let (rules, rule_source) = applicable(ws, profile, table, &mut c);
    // Several "ex" lines all to be met multiply their alternatives: bounded, as one rule is.
    if rules.as_ref().is_some_and(|r| r.count() > 4096) {
        return Err(AssessError {
            code: "origin.ambiguous",
            message: format!(
                "HS {} has more \"ex\" lines than can be assessed together: give the national code that picks one",
                ws.hs
            ),
        });
    }
    let Some(rule) = rules else {
        return Err(AssessError {
            code: "origin.no-rule",
            message: format!(
                "no rule of origin is known for HS {} under {}: its profile has no general rule and no PSR table line names it",
                ws.hs, profile.agreement
            ),
        });
    };
    // The RVC by both formulas.
    let fob = ws.fob;
    let (vnm, vom) = material_values(&mut c);
    let (vnm, vom) = (vnm.normalize(), vom.normalize());
    let costs: Decimal = ws.costs.iter().copied().sum();
    let indirect_num = fob - vnm;
    let direct_num = vom + costs;
    let cut = |num: Decimal| {
        num.checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|n| n.checked_div(fob))
            .map(|q| d(q.trunc_with_scale(4).normalize()).to_string())
    };
    let rvc = Rvc {
        direct: cut(direct_num),
        indirect: cut(indirect_num),
        method: match ws.method {
            Method::Indirect => "indirect",
            Method::Direct => "direct",
        },
    };
    let deciding = match ws.method {
        Method::Indirect => indirect_num,
        Method::Direct => direct_num,
    };
    fn shown(s: &Option<String>) -> &str {
        s.as_deref().unwrap_or("?")
    }
    let (fob_, vnm_, vom_) = (d(fob), d(vnm), d(vom));
    c.step(
        format_args!(
            "RVC indirect = (FOB {fob_} − non-originating materials {vnm_}) / FOB {fob_} × 100 = {} %",
            shown(&rvc.indirect)
        ),
        &profile.articles.rvc,
    );
    let costs_ = ws.costs.map(d);
    c.step(
        format_args!(
            "RVC direct = (originating materials {vom_} + labour {} + overhead {} + profit {} + other {}) / FOB {fob_} × 100 = {} %",
            costs_[0], costs_[1], costs_[2], costs_[3], shown(&rvc.direct)
        ),
        &profile.articles.rvc,
    );
    // Each alternative.
    let mut criteria = Vec::new();
    let mut met_alternative: Option<(Vec<&Criterion>, bool)> = None;
    for alternative in rule.alternatives() {
        let mut met = true;
        let mut de_minimis = false;
        for criterion in &alternative {
            let (ok, rescued) = meets(criterion, deciding, &mut c);
            met &= ok;
            de_minimis |= rescued;
        }
        let mut code = String::new();
        for (i, criterion) in alternative.iter().enumerate() {
            let and = if i == 0 { "" } else { " and " };
            let _ = write!(code, "{and}{criterion}");
        }
        criteria.push(Alternative { code, met });
        if met && met_alternative.is_none() {
            met_alternative = Some((alternative.clone(), de_minimis));
        }
    }
    let minimal = ws.minimal_operations;
    if minimal {
        c.step(
            format_args!("the production is only minimal operations, which never confer origin"),
            &profile.articles.minimal_operations,
        );
    }
    let mut ticks = Ticks::default();
    let mut box8 = None;
    let originating = met_alternative.is_some() && !minimal;
    let whole_percent = deciding
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|n| n.checked_div(fob))
        .map(|q| q.trunc());
    if originating && let Some((alternative, de_minimis)) = &met_alternative {
        ticks.de_minimis = *de_minimis;
        box8 = Some(box8_text(alternative, whole_percent, profile));
    } else if !minimal
        && let Some((from, below)) = profile.partial_cumulation.value
        && at_least(deciding, from, fob)
        && !at_least(deciding, below, fob)
    {
        ticks.partial_cumulation = true;
        let percent = d(whole_percent.unwrap_or_default());
        box8 = Some(format!("PC {percent}%"));
        let (from, below) = (d(from), d(below));
        c.step(
            format_args!(
                "not originating, but the RVC is at least {from} % and below {below} %: its value may be cumulated in proportion (Box 8 PC {percent}%, tick Partial Cumulation); the good itself gets no preference"
            ),
            &profile.partial_cumulation.basis,
        );
    }
    c.trail.push(
        format_args!(
            "{} under {}: {}",
            if originating {
                "originating"
            } else {
                "not originating"
            },
            rule_source,
            rule
        ),
        format_args!("the {} rules of origin", profile.agreement),
    );
    let break_points = break_points(&rule, vnm, &mut c);
    let versions = Used {
        validator: env!("CARGO_PKG_VERSION"),
        profile: format!("{} {}", profile.agreement, profile.version),
        psr_table: table.map(|t| format!("{} {} {}", t.agreement, t.version, t.edition)),
        code_lists: crate::codelists::VERSION,
        // The caller's clock, set by the validator that holds it.
        as_of: String::new(),
    };
    Ok(Assessment {
        versions,
        break_points,
        agreement: profile.agreement.clone(),
        originating,
        rule: rule.to_string(),
        rule_source,
        criteria,
        rvc,
        box8,
        ticks,
        trail: c.trail,
    })
}

/// The rule for the good: the PSR table's line for its code, which replaces the general rule for
/// the goods it lists (Art. 28(2)(a)), or the general rule; several "ex" lines the worksheet's code
/// does not tell apart must all be met.
fn applicable(
    ws: &Worksheet<'_>,
    profile: &Profile,
    table: Option<&Table>,
    c: &mut Ctx<'_>,
) -> (Option<Rule>, String) {
    let lines = table
        .map(|t| t.lines_for(ws.hs.as_str()))
        .unwrap_or_default();
    let general = profile.general_rule.clone();
    if lines.is_empty() {
        if let Some(g) = &general {
            let caveat = match table {
                Some(t) if t.complete => {
                    format!("the {} PSR table has no line for it", t.agreement)
                }
                Some(t) => format!(
                    "the {} PSR table has no line for it, but it does not list every product with a rule of its own: check the agreement's annex",
                    t.agreement
                ),
                None => format!(
                    "no PSR table is loaded for {}: check the agreement's annex for a rule of its own",
                    profile.agreement
                ),
            };
            c.step(
                format_args!("HS {}: the general rule {g}; {caveat}", ws.hs),
                &profile.articles.general_rule,
            );
        }
        return (general, "the general rule".into());
    }
    let edition = table.map_or("", |t| t.edition.as_str());
    let rule = if lines.len() > 1 {
        c.step(
            format_args!(
                "{} \"ex\" lines cover HS {} and the worksheet's code does not tell them apart: all must be met",
                lines.len(),
                ws.hs
            ),
            &profile.articles.product_specific,
        );
        Rule::All(lines.iter().map(|l| l.rule.clone()).collect())
    } else {
        lines[0].rule.clone()
    };
    let code = lines[0]
        .hs
        .iter()
        .find(|h| ws.hs.as_str().starts_with(h.as_str()))
        .cloned()
        .unwrap_or_default();
    let source = format!(
        "line {code} of the {} {edition} PSR table",
        profile.agreement
    );
    c.step(
        format_args!(
            "HS {}: {source}, which replaces the general rule: {rule}",
            ws.hs
        ),
        &profile.articles.product_specific,
    );
    (Some(rule), source)
}

/// Non-originating value (unknown counts as non-originating; a partially cumulated material
/// counts its non-originating share) and originating value, in the worksheet's currency.
fn material_values(c: &mut Ctx<'_>) -> (Decimal, Decimal) {
    let (mut vnm, mut vom) = (Decimal::ZERO, Decimal::ZERO);
    let partial = c.profile.partial_cumulation.value;
    let (ws, profile) = (c.ws, c.profile);
    let basis = &profile.articles.materials;
    for (i, m) in ws.materials.iter().enumerate() {
        let value = c.values.get(i).copied().unwrap_or_default();
        match (m.origin, m.rvc, partial) {
            (MaterialOrigin::Originating, Some(rvc), Some((from, below))) if rvc < below => {
                if rvc >= from {
                    let share = value * rvc / Decimal::ONE_HUNDRED;
                    vom += share;
                    vnm += value - share;
                    c.step(
                        format_args!(
                            "{}: RVC {} %, cumulated in proportion: {} originating, {} non-originating",
                            m.description,
                            d(rvc),
                            d(share),
                            d(value - share)
                        ),
                        basis,
                    );
                } else {
                    vnm += value;
                    c.step(
                        format_args!(
                            "{}: RVC {} %, below {} %: counted as non-originating",
                            m.description,
                            d(rvc),
                            d(from)
                        ),
                        basis,
                    );
                }
            }
            (MaterialOrigin::Originating, ..) => vom += value,
            (MaterialOrigin::NonOriginating, ..) => vnm += value,
            (MaterialOrigin::Unknown, ..) => {
                vnm += value;
                c.step(
                    format_args!(
                        "{}: origin unknown, counted as non-originating ({})",
                        m.description,
                        d(value)
                    ),
                    basis,
                );
            }
        }
    }
    (vnm, vom)
}

/// For each RVC criterion: the largest non-originating value and the lowest FOB that meet it
/// (indirect formula: VNM ≤ FOB × (100 − n) / 100, FOB ≥ VNM × 100 / (100 − n)); for each change
/// of classification: the materials that fail it and what de minimis allows.
fn break_points(rule: &Rule, vnm: Decimal, c: &mut Ctx<'_>) -> Vec<BreakPoint> {
    let ws = c.ws;
    let mut out: Vec<BreakPoint> = Vec::new();
    for alternative in rule.alternatives() {
        for criterion in alternative {
            let name = criterion.to_string();
            if out.iter().any(|b| b.criterion == name) {
                continue;
            }
            let mut b = BreakPoint {
                criterion: name,
                max_non_originating: None,
                min_fob: None,
                failing_materials: Vec::new(),
                de_minimis_limit: None,
            };
            match criterion {
                Criterion::RegionalValueContent(n) => {
                    let rest = Decimal::ONE_HUNDRED - *n;
                    b.max_non_originating = ws
                        .fob
                        .checked_mul(rest)
                        .and_then(|x| x.checked_div(Decimal::ONE_HUNDRED))
                        .map(|x| d(x.normalize()).to_string());
                    if !rest.is_zero() {
                        b.min_fob = vnm
                            .checked_mul(Decimal::ONE_HUNDRED)
                            .and_then(|x| x.checked_div(rest))
                            .map(|x| {
                                d(x.round_dp_with_strategy(
                                    2,
                                    rust_decimal::RoundingStrategy::ToPositiveInfinity,
                                )
                                .normalize())
                                .to_string()
                            });
                    }
                }
                Criterion::Change(level, excepts) => {
                    let n = level.digits();
                    let product = ws.hs.digits().get(..n).unwrap_or(&[]);
                    for m in &ws.materials {
                        let non_originating = m.origin != MaterialOrigin::Originating
                            || m.rvc.is_some_and(|r| r < Decimal::from(40));
                        let changed = m.hs.digits().get(..n).is_some_and(|code| code != product);
                        if non_originating
                            && (!changed || excepts.iter().any(|e| e.covers(m.hs.as_str())))
                        {
                            b.failing_materials.push(m.description.to_string());
                        }
                    }
                    if let Some(dm) = &c.profile.de_minimis {
                        let limit = ws.fob * dm.value.value_percent / Decimal::ONE_HUNDRED;
                        b.de_minimis_limit = Some(d(limit.normalize()).to_string());
                    }
                }
                _ => continue,
            }
            out.push(b);
        }
    }
    out
}

/// Whether `num / fob × 100 ≥ percent`, exactly.
fn at_least(num: Decimal, percent: Decimal, fob: Decimal) -> bool {
    match (
        num.checked_mul(Decimal::ONE_HUNDRED),
        percent.checked_mul(fob),
    ) {
        (Some(a), Some(b)) => a >= b,
        _ => false,
    }
}

/// Whether the good meets one criterion, and whether de minimis was needed for it.
fn meets(criterion: &Criterion, deciding: Decimal, c: &mut Ctx<'_>) -> (bool, bool) {
    let ws = c.ws;
    match criterion {
        Criterion::WhollyObtained => {
            c.step(
                format_args!(
                    "WO: the worksheet says the good is {}wholly obtained",
                    if ws.wholly_obtained { "" } else { "not " }
                ),
                &c.profile.articles.wholly_obtained,
            );
            (ws.wholly_obtained, false)
        }
        Criterion::ProducedEntirely => {
            let all = ws
                .materials
                .iter()
                .all(|m| m.origin == MaterialOrigin::Originating);
            c.step(
                format_args!("PE: every material originating: {all}"),
                &c.profile.articles.produced_entirely,
            );
            (all, false)
        }
        Criterion::RegionalValueContent(n) => {
            let ok = at_least(deciding, *n, ws.fob);
            c.step(
                format_args!(
                    "RVC({n}): the {} formula gives {}at least {n} %",
                    method_name(ws.method),
                    if ok { "" } else { "not " },
                    n = d(*n),
                ),
                &c.profile.articles.rvc,
            );
            (ok, false)
        }
        Criterion::Change(level, excepts) => ctc(*level, excepts, c),
        Criterion::ChemicalReaction => {
            c.step(
                format_args!("CR: a chemical reaction is not a process the worksheet can state"),
                &c.profile.articles.product_specific,
            );
            (false, false)
        }
        Criterion::Process(allowed) => {
            let done = ws.processes.iter().find(|p| {
                allowed.contains(p)
                    || (allowed.contains(&Process::FabricForming)
                        && matches!(p, Process::Weaving | Process::Knitting))
            });
            let basis = &c.profile.articles.processes;
            match done {
                Some(p) => c.step(
                    format_args!("TP: {} done in the exporting party", p.word()),
                    basis,
                ),
                None => c.step(
                    format_args!(
                        "TP: none of the processes the rule names is done in the exporting party"
                    ),
                    basis,
                ),
            }
            (done.is_some(), false)
        }
    }
}

fn method_name(m: Method) -> &'static str {
    match m {
        Method::Indirect => "indirect",
        Method::Direct => "direct",
    }
}

/// A change of classification at `level` for every non-originating material (unknown counts as
/// non-originating), none from an excepted code; failing materials may be rescued by de minimis
/// (by value, or by weight for the profile's chapters).
fn ctc(level: TariffShift, excepts: &[crate::psr::Except], c: &mut Ctx<'_>) -> (bool, bool) {
    let ws = c.ws;
    let n = level.digits();
    let product = ws.hs.digits().get(..n).unwrap_or(&[]);
    let mut failing = Vec::new();
    for (i, m) in ws.materials.iter().enumerate() {
        if m.origin == MaterialOrigin::Originating && m.rvc.is_none_or(|r| r >= Decimal::from(40)) {
            continue;
        }
        let changed = m.hs.digits().get(..n).is_some_and(|code| code != product);
        let excepted = excepts.iter().any(|e| e.covers(m.hs.as_str()));
        if !changed || excepted {
            failing.push(i);
            c.step(
                format_args!(
                    "{} {}: {} (HS {})",
                    level.code(),
                    m.description,
                    if excepted {
                        "from an excepted code"
                    } else {
                        "no change at this level"
                    },
                    m.hs
                ),
                &c.profile.articles.ctc,
            );
        }
    }
    let rule = if excepts.is_empty() {
        level.code().to_owned()
    } else {
        Criterion::Change(level, excepts.to_vec()).to_string()
    };
    if failing.is_empty() {
        c.step(
            format_args!("{rule}: every non-originating material changes classification"),
            &c.profile.articles.ctc,
        );
        return (true, false);
    }
    let Some(dm) = &c.profile.de_minimis else {
        return (false, false);
    };
    let by_value: Decimal = failing.iter().map(|i| c.values[*i]).sum();
    // Exactly: failing value / FOB × 100 ≤ the percentage.
    let value_ok = by_value * Decimal::ONE_HUNDRED <= dm.value.value_percent * ws.fob;
    let chapter = ws
        .hs
        .as_str()
        .get(..2)
        .and_then(|c| c.parse::<u8>().ok())
        .unwrap_or(0);
    let weight_ok = match (dm.value.weight_percent, ws.weight) {
        (Some(p), Some(total))
            if dm
                .value
                .weight_chapters
                .iter()
                .any(|(a, b)| (*a..=*b).contains(&chapter)) =>
        {
            let weights: Option<Decimal> = failing.iter().map(|i| ws.materials[*i].weight).sum();
            weights.is_some_and(|w| w * Decimal::ONE_HUNDRED <= p * total)
        }
        _ => false,
    };
    let limit = ws.fob * dm.value.value_percent / Decimal::ONE_HUNDRED;
    c.step(
        format_args!(
            "de minimis: the materials that fail {rule} are worth {}, {} the {} % of FOB ({}){}",
            d(by_value),
            if value_ok { "within" } else { "above" },
            d(dm.value.value_percent),
            d(limit),
            if weight_ok {
                "; by weight they are within the limit"
            } else {
                ""
            }
        ),
        &dm.basis,
    );
    let rescued = value_ok || weight_ok;
    (rescued, rescued)
}

/// Box 8 in the profile's vocabulary for the alternative met: the RVC shown cut to a whole percent.
fn box8_text(alternative: &[&Criterion], percent: Option<Decimal>, profile: &Profile) -> String {
    let vocabulary = &profile.criteria.value;
    let code_of = |meaning: crate::model::Meaning| {
        vocabulary
            .codes
            .iter()
            .position(|c| c.meaning == meaning)
            .and_then(|i| u8::try_from(i).ok())
    };
    let mut parts = Vec::new();
    for c in alternative {
        let (meaning, pct) = match c {
            Criterion::WhollyObtained => (crate::model::Meaning::WhollyObtained, None),
            Criterion::ProducedEntirely => (crate::model::Meaning::ProducedEntirely, None),
            Criterion::RegionalValueContent(_) => {
                (crate::model::Meaning::RegionalValueContent, percent)
            }
            Criterion::Change(level, _) => (crate::model::Meaning::TariffShift(Some(*level)), None),
            Criterion::ChemicalReaction => (crate::model::Meaning::ChemicalReaction, None),
            Criterion::Process(_) => (crate::model::Meaning::SpecificProcess, None),
        };
        let index = code_of(meaning).or_else(|| match meaning {
            crate::model::Meaning::TariffShift(_) => {
                code_of(crate::model::Meaning::TariffShift(None))
            }
            _ => None,
        });
        if let Some(code) = index {
            let takes = vocabulary.codes[usize::from(code)].percent != crate::model::Percent::Never;
            parts.push(crate::model::Part {
                code,
                meaning,
                percent: if takes { pct } else { None },
            });
        }
    }
    crate::model::OriginCriterion { parts }
        .printed(vocabulary, false)
        .to_string()
}

/// A material's value in the worksheet's currency.
fn in_currency(ws: &Worksheet, m: &Material) -> Result<Decimal, AssessError> {
    match m.currency.as_deref() {
        None => Ok(m.value),
        Some(c) if c == ws.currency => Ok(m.value),
        Some(c) => {
            let rate = ws
                .rates
                .iter()
                .find(|(k, _)| k == c)
                .map(|(_, r)| *r)
                .ok_or_else(|| AssessError {
                    code: "origin.rate",
                    message: format!(
                        "material '{}' is in {c}, and the worksheet gives no rate for {c} in {}",
                        m.description, ws.currency
                    ),
                })?;
            m.value.checked_mul(rate).ok_or_else(|| AssessError {
                code: "origin.rate",
                message: format!(
                    "material '{}': its value in {} is out of range",
                    m.description, ws.currency
                ),
            })
        }
    }
}
