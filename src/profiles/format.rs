//! The profile format, version 1, as JSON: what an operator writes to add an agreement. Read with
//! serde into plain text fields, then every value is checked and compiled into a [`Profile`], so a
//! mistake is reported once, at load, with where it is.
//!
//! ```json
//! {
//!   "format": "eco-validator/profile/1",
//!   "agreement": "ATIGA", "name": "ASEAN Trade in Goods Agreement", "version": "2026.12.1",
//!   "sources": ["ATIGA Annex 7 (revised 2021)", "…"],
//!   "form": { "code": "D", "name": "Form D", "basis": "ATIGA Annex 7" },
//!   "parties": { "members": [{ "country": "SG", "from": "2010-05-17" }], "basis": "…" },
//!   "criteria": { "codes": [{ "code": "WO", "means": "wholly-obtained", "alone": true },
//!                           { "code": "RVC", "means": "regional-value-content",
//!                             "percent": "required", "bare": true }],
//!                 "separator": " + ", "maxParts": 3, "basis": "…" },
//!   "generalRule": "WO or RVC(40) or CTH",
//!   "ticks": { "names": ["backToBack", "issuedRetroactively"], "basis": "…" },
//!   "hs": { "digits": [8], "basis": "…" },
//!   "validity": { "months": 12, "basis": "…" },
//!   "retroactive": { "months": 12, "basis": "…" },
//!   "maxItems": { "count": 20, "basis": "…" },
//!   "deMinimis": { "valuePercent": "10", "weightPercent": "10", "weightChapters": ["50-63"],
//!                  "basis": "…" },
//!   "cumulation": { "full": true, "partial": { "from": "20", "below": "40" }, "basis": "…" },
//!   "fob": { "whereRvc": ["KH", "ID", "LA"], "basis": "…" },
//!   "notes": ["what was transcribed from where, and what was left out"]
//! }
//! ```
//!
//! `means` is one of `wholly-obtained`, `produced-entirely`, `regional-value-content`, `cc`, `cth`,
//! `ctsh`, `ctc` (the level the product-specific rule names), `specific-process`,
//! `chemical-reaction`, `product-specific-rule`, `partial-cumulation`, `accumulation`,
//! `de-minimis`. `percent` is `never` (the default), `optional` or `required`; `bare: true` makes a
//! bare percentage (`40%`) stand for the code; `alone: true` forbids combining the code; `beside:
//! true` allows it only beside a criterion. Tick names are the binding's (`thirdCountryInvoicing`,
//! `exhibition`, `accumulation`, `deMinimis`, `backToBack`, `issuedRetroactively`,
//! `partialCumulation`, `movementCertificate`) or any other code, carried by `OtherIndicator`.
//! `fob.whereRvc` is `"all"`, `"none"` or the list of importing states that require it. Every
//! `basis` is the legal text a finding about that part cites.

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::lexical::{agreement_code_well_formed, parse_date, plain_decimal, shown as cut};
use crate::loading::LoadError;
use crate::model::{Code, Meaning, Percent, TariffShift, Vocabulary};

use super::{Cited, DeMinimis, FobRule, Membership, Profile};

/// The format name and version a profile declares.
pub const FORMAT: &str = "eco-validator/profile/1";

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawProfile {
    format: String,
    agreement: String,
    name: String,
    version: String,
    sources: Vec<String>,
    form: RawForm,
    parties: RawParties,
    criteria: RawCriteria,
    #[serde(default)]
    general_rule: Option<String>,
    ticks: RawTicks,
    hs: RawHs,
    validity: RawMonths,
    #[serde(default)]
    retroactive: Option<RawMonths>,
    #[serde(default)]
    max_items: Option<RawCount>,
    #[serde(default)]
    de_minimis: Option<RawDeMinimis>,
    cumulation: RawCumulation,
    fob: RawFob,
    #[serde(default)]
    notes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForm {
    code: String,
    name: String,
    basis: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParties {
    members: Vec<RawMember>,
    basis: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMember {
    country: String,
    from: String,
    #[serde(default)]
    until: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawCriteria {
    codes: Vec<RawCode>,
    separator: String,
    max_parts: usize,
    basis: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCode {
    code: String,
    means: String,
    #[serde(default)]
    percent: Option<String>,
    #[serde(default)]
    bare: bool,
    #[serde(default)]
    alone: bool,
    #[serde(default)]
    beside: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTicks {
    names: Vec<String>,
    basis: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHs {
    digits: Vec<u8>,
    basis: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMonths {
    months: u32,
    basis: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCount {
    count: u32,
    basis: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawDeMinimis {
    value_percent: String,
    #[serde(default)]
    weight_percent: Option<String>,
    #[serde(default)]
    weight_chapters: Vec<String>,
    basis: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCumulation {
    full: bool,
    #[serde(default)]
    partial: Option<RawRange>,
    basis: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRange {
    from: String,
    below: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawFob {
    where_rvc: RawFobScope,
    basis: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawFobScope {
    Word(String),
    States(Vec<String>),
}

/// Reads one profile; `source` names it in errors.
pub fn parse(text: &str, source: &str) -> Result<Profile, LoadError> {
    let raw: RawProfile = serde_json::from_str(text)
        .map_err(|e| LoadError::new("profile.json", source, "", e.to_string()))?;
    let bad = |path: &str, message: String| LoadError::new("profile.value", source, path, message);
    if raw.format != FORMAT {
        return Err(LoadError::new(
            "profile.format",
            source,
            "/format",
            format!("format '{}' is not {FORMAT}", cut(&raw.format)),
        ));
    }
    if !agreement_code_well_formed(&raw.agreement) {
        return Err(bad(
            "/agreement",
            format!(
                "'{}' is not an agreement code (2 to 16 capitals, digits or hyphens)",
                cut(&raw.agreement)
            ),
        ));
    }
    for (path, value) in [
        ("/name", &raw.name),
        ("/version", &raw.version),
        ("/form/code", &raw.form.code),
        ("/form/name", &raw.form.name),
    ] {
        if value.trim().is_empty() {
            return Err(bad(path, "must not be empty".into()));
        }
    }
    if raw.sources.iter().all(|s| s.trim().is_empty()) {
        return Err(bad(
            "/sources",
            "a profile names at least one source".into(),
        ));
    }
    let mut parties = Vec::with_capacity(raw.parties.members.len());
    for (i, m) in raw.parties.members.iter().enumerate() {
        let at = |field: &str| format!("/parties/members/{i}/{field}");
        if !crate::codelists::is_country(&m.country) {
            return Err(bad(
                &at("country"),
                format!("'{}' is not an ISO 3166-1 alpha-2 code", cut(&m.country)),
            ));
        }
        let from = date(&m.from).ok_or_else(|| bad(&at("from"), not_a_date(&m.from)))?;
        let until = match &m.until {
            Some(u) => Some(date(u).ok_or_else(|| bad(&at("until"), not_a_date(u)))?),
            None => None,
        };
        if until.is_some_and(|u| u < from) {
            return Err(bad(&at("until"), "is before 'from'".into()));
        }
        parties.push(Membership {
            country: m.country.clone(),
            from,
            until,
        });
    }
    let criteria = vocabulary(&raw.criteria, &bad)?;
    for (i, name) in raw.ticks.names.iter().enumerate() {
        let shaped = name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.len() <= 40
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !shaped || raw.ticks.names[..i].contains(name) {
            return Err(bad(
                &format!("/ticks/names/{i}"),
                format!("'{}' is not a tick name, or is listed twice", cut(name)),
            ));
        }
    }
    if raw.hs.digits.is_empty() || raw.hs.digits.iter().any(|d| !matches!(d, 6 | 8 | 10)) {
        return Err(bad("/hs/digits", "lists 6, 8 or 10, at least one".into()));
    }
    for (path, months) in [
        ("/validity/months", Some(raw.validity.months)),
        (
            "/retroactive/months",
            raw.retroactive.as_ref().map(|r| r.months),
        ),
    ] {
        if months.is_some_and(|m| !(1..=120).contains(&m)) {
            return Err(bad(path, "must be from 1 to 120".into()));
        }
    }
    if raw.max_items.as_ref().is_some_and(|m| m.count == 0) {
        return Err(bad("/maxItems/count", "must be at least 1".into()));
    }
    let de_minimis = match &raw.de_minimis {
        Some(d) => Some(Cited {
            value: de_minimis(d, &bad)?,
            basis: d.basis.clone(),
        }),
        None => None,
    };
    let partial = match &raw.cumulation.partial {
        Some(r) => {
            let from = percent(&r.from)
                .ok_or_else(|| bad("/cumulation/partial/from", not_a_percent(&r.from)))?;
            let below = percent(&r.below)
                .ok_or_else(|| bad("/cumulation/partial/below", not_a_percent(&r.below)))?;
            if from >= below {
                return Err(bad(
                    "/cumulation/partial",
                    "'from' must be below 'below'".into(),
                ));
            }
            Some((from, below))
        }
        None => None,
    };
    let fob = match &raw.fob.where_rvc {
        RawFobScope::Word(w) if w == "all" => FobRule::All,
        RawFobScope::Word(w) if w == "none" => FobRule::Never,
        RawFobScope::Word(w) => {
            return Err(bad(
                "/fob/whereRvc",
                format!("'{}' is not \"all\", \"none\" or a list of states", cut(w)),
            ));
        }
        RawFobScope::States(states) => {
            if let Some((i, s)) = states
                .iter()
                .enumerate()
                .find(|(_, s)| !crate::codelists::is_country(s))
            {
                return Err(bad(
                    &format!("/fob/whereRvc/{i}"),
                    format!("'{}' is not an ISO 3166-1 alpha-2 code", cut(s)),
                ));
            }
            FobRule::States(states.clone())
        }
    };
    let general_rule = raw
        .general_rule
        .as_ref()
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    Ok(Profile {
        agreement: raw.agreement,
        name: raw.name,
        version: raw.version,
        sources: raw.sources,
        form: Cited {
            value: raw.form.code,
            basis: raw.form.basis,
        },
        form_name: raw.form.name,
        parties: Cited {
            value: parties,
            basis: raw.parties.basis,
        },
        criteria: Cited {
            value: criteria,
            basis: raw.criteria.basis,
        },
        general_rule,
        ticks: Cited {
            value: raw.ticks.names,
            basis: raw.ticks.basis,
        },
        hs_digits: Cited {
            value: raw.hs.digits,
            basis: raw.hs.basis,
        },
        validity_months: Cited {
            value: raw.validity.months,
            basis: raw.validity.basis,
        },
        retroactive_months: raw.retroactive.map(|r| Cited {
            value: r.months,
            basis: r.basis,
        }),
        max_items: raw.max_items.map(|m| Cited {
            value: m.count,
            basis: m.basis,
        }),
        de_minimis,
        full_cumulation: raw.cumulation.full,
        partial_cumulation: Cited {
            value: partial,
            basis: raw.cumulation.basis,
        },
        fob: Cited {
            value: fob,
            basis: raw.fob.basis,
        },
        notes: raw.notes,
    })
}

fn vocabulary(
    raw: &RawCriteria,
    bad: &dyn Fn(&str, String) -> LoadError,
) -> Result<Vocabulary, LoadError> {
    if raw.codes.is_empty() || raw.codes.len() > 64 {
        return Err(bad("/criteria/codes", "lists 1 to 64 codes".into()));
    }
    let mut codes = Vec::with_capacity(raw.codes.len());
    let mut bare_percent = None;
    for (i, c) in raw.codes.iter().enumerate() {
        let at = |field: &str| format!("/criteria/codes/{i}/{field}");
        let shaped = c.code.starts_with(|ch: char| ch.is_ascii_uppercase())
            && c.code.len() <= 24
            && !c.code.ends_with(' ')
            && c.code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-' || b == b' ');
        if !shaped || codes.iter().any(|k: &Code| k.text == c.code) {
            return Err(bad(
                &at("code"),
                format!(
                    "'{}' is not a code of capitals, digits, hyphens and inner spaces, or is listed twice",
                    cut(&c.code)
                ),
            ));
        }
        let meaning = meaning(&c.means).ok_or_else(|| {
            bad(
                &at("means"),
                format!("'{}' is not a known meaning", cut(&c.means)),
            )
        })?;
        let percent = match c.percent.as_deref() {
            None | Some("never") => Percent::Never,
            Some("optional") => Percent::Optional,
            Some("required") => Percent::Required,
            Some(other) => {
                return Err(bad(
                    &at("percent"),
                    format!("'{}' is not never, optional or required", cut(other)),
                ));
            }
        };
        if c.bare {
            if percent == Percent::Never || bare_percent.is_some() {
                return Err(bad(
                    &at("bare"),
                    "only one code, one that takes a percentage, stands for a bare percentage"
                        .into(),
                ));
            }
            bare_percent =
                Some(u8::try_from(i).map_err(|_| bad(&at("bare"), "too many codes".into()))?);
        }
        if c.alone && c.beside {
            return Err(bad(
                &at("beside"),
                "a code cannot be both alone and beside".into(),
            ));
        }
        codes.push(Code {
            text: c.code.clone(),
            meaning,
            percent,
            alone: c.alone,
            beside: c.beside,
        });
    }
    if !matches!(raw.separator.trim(), "+" | ",") {
        return Err(bad(
            "/criteria/separator",
            "is + or , with spaces around it as printed (` + `, `, `)".into(),
        ));
    }
    if !(1..=8).contains(&raw.max_parts) {
        return Err(bad("/criteria/maxParts", "must be from 1 to 8".into()));
    }
    Ok(Vocabulary {
        codes,
        bare_percent,
        separator: raw.separator.clone(),
        max_parts: raw.max_parts,
    })
}

fn meaning(word: &str) -> Option<Meaning> {
    Some(match word {
        "wholly-obtained" => Meaning::WhollyObtained,
        "produced-entirely" => Meaning::ProducedEntirely,
        "regional-value-content" => Meaning::RegionalValueContent,
        "cc" => Meaning::TariffShift(Some(TariffShift::Chapter)),
        "cth" => Meaning::TariffShift(Some(TariffShift::Heading)),
        "ctsh" => Meaning::TariffShift(Some(TariffShift::Subheading)),
        "ctc" => Meaning::TariffShift(None),
        "specific-process" => Meaning::SpecificProcess,
        "chemical-reaction" => Meaning::ChemicalReaction,
        "product-specific-rule" => Meaning::ProductSpecificRule,
        "partial-cumulation" => Meaning::PartialCumulation,
        "accumulation" => Meaning::Accumulation,
        "de-minimis" => Meaning::DeMinimis,
        _ => return None,
    })
}

fn de_minimis(
    raw: &RawDeMinimis,
    bad: &dyn Fn(&str, String) -> LoadError,
) -> Result<DeMinimis, LoadError> {
    let value_percent = percent(&raw.value_percent)
        .ok_or_else(|| bad("/deMinimis/valuePercent", not_a_percent(&raw.value_percent)))?;
    let weight_percent = match &raw.weight_percent {
        Some(w) => {
            Some(percent(w).ok_or_else(|| bad("/deMinimis/weightPercent", not_a_percent(w)))?)
        }
        None => None,
    };
    let mut weight_chapters = Vec::new();
    for (i, range) in raw.weight_chapters.iter().enumerate() {
        let parsed = chapters(range).ok_or_else(|| {
            bad(
                &format!("/deMinimis/weightChapters/{i}"),
                format!(
                    "'{}' is not a chapter or a range of chapters (50-63)",
                    cut(range)
                ),
            )
        })?;
        weight_chapters.push(parsed);
    }
    if weight_percent.is_some() == weight_chapters.is_empty() {
        return Err(bad(
            "/deMinimis",
            "weightPercent and weightChapters come together".into(),
        ));
    }
    Ok(DeMinimis {
        value_percent,
        weight_percent,
        weight_chapters,
    })
}

/// `50-63` or `61`: chapters 1 to 97.
fn chapters(s: &str) -> Option<(u8, u8)> {
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    let chapter = |t: &str| {
        t.parse::<u8>()
            .ok()
            .filter(|c| (1..=97).contains(c) && t.len() == 2)
    };
    let (a, b) = (chapter(a)?, chapter(b)?);
    (a <= b).then_some((a, b))
}

fn date(s: &str) -> Option<Date> {
    parse_date(s)
}

/// A percentage from 0 to 100, as a decimal string.
fn percent(s: &str) -> Option<Decimal> {
    plain_decimal(s).filter(|p| *p <= Decimal::ONE_HUNDRED)
}

fn not_a_date(s: &str) -> String {
    format!("'{}' is not a date YYYY-MM-DD", cut(s))
}

fn not_a_percent(s: &str) -> String {
    format!(
        "'{}' is not a percentage from 0 to 100 as a decimal string",
        cut(s)
    )
}
