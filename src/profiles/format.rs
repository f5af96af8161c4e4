//! The profile format, version 1, as JSON: what an operator writes to add an agreement
//! (`profiles/README.md` documents it for them). Read into a JSON tree, then member by member,
//! every value checked and compiled into a [`Profile`], so a mistake is reported once, at load,
//! with its JSON Pointer; an unknown member is refused (a typo must not silently drop a rule).
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
//!   "generalRule": "RVC(40) or CTH",
//!   "ticks": { "names": ["backToBack", "issuedRetroactively"], "basis": "…" },
//!   "hs": { "digits": [8], "basis": "…" },
//!   "validity": { "months": 12, "basis": "…" },
//!   "retroactive": { "months": 12, "basis": "…" },
//!   "maxItems": { "count": 20, "basis": "…" },
//!   "deMinimis": { "valuePercent": "10", "weightPercent": "10", "weightChapters": ["50-63"],
//!                  "basis": "…" },
//!   "cumulation": { "full": true, "partial": { "from": "20", "below": "40" }, "basis": "…" },
//!   "fob": { "whereRvc": ["KH", "ID", "LA"], "basis": "…" },
//!   "waiver": { "fobUsd": "200", "basis": "…" },
//!   "procedures": { "backToBack": "…", "certifiedCopy": "…", "exhibition": "…",
//!                   "thirdCountryInvoicing": "…" },
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

use crate::codelists::CodeLists;
use crate::jsondata::{self, At, Fail};
use crate::lexical::{agreement_code_well_formed, parse_date, plain_decimal};
use crate::model::{Code, Meaning, Percent, TariffShift, Vocabulary};
use crate::psr::Rule;

use super::{Articles, Cited, DeMinimis, FobRule, Membership, Procedures, Profile};

/// The format name and version a profile declares.
const FORMAT: &str = "eco-validator/profile/1";

const COUNTRY: &str = "an ISO 3166-1 alpha-2 code";

// Every function here runs once per profile loaded, never per certificate: `#[cold]` has them
// compiled for size (they are a good part of what loading costs the wasm package), not speed.

/// Load errors of a value that is not what its member takes.
const VALUE: &str = "profile.value";

/// Reads one profile; `source` names it in errors.
#[cold]
pub fn parse(text: &str, source: &str, codes: &CodeLists) -> Result<Profile, Fail> {
    let tree = jsondata::parse(text, source, "profile.json")?;
    let root = At::root(&tree, source, VALUE);
    let mut m = root.members()?;
    m.format(FORMAT, "profile.format")?;
    let agreement = m.required("agreement")?;
    let code = agreement.str()?;
    if !agreement_code_well_formed(code) {
        return Err(agreement.refuse("an agreement code (2 to 16 capitals, digits or hyphens)"));
    }
    let name = text_of(&m.required("name")?)?;
    let version = text_of(&m.required("version")?)?;
    let sources_at = m.required("sources")?;
    let mut sources = Vec::new();
    for s in sources_at.items()? {
        sources.push(text_of(&s)?);
    }
    if sources.is_empty() {
        return Err(sources_at.error("names at least one source"));
    }
    let mut form = m.required("form")?.members()?;
    let form_code = text_of(&form.required("code")?)?;
    let form_name = text_of(&form.required("name")?)?;
    let form_basis = basis(&mut form)?;
    form.done()?;
    let parties = parties(&m.required("parties")?, codes)?;
    let criteria = criteria(&m.required("criteria")?)?;
    let general_rule = match m.optional("generalRule") {
        Some(r) => Some(Rule::parse(r.str()?).map_err(|e| r.error(format!("is not a rule: {e}")))?),
        None => None,
    };
    let ticks = ticks(&m.required("ticks")?)?;
    let hs_digits = hs(&m.required("hs")?)?;
    let validity_months = months(&m.required("validity")?)?;
    let retroactive_months = match m.optional("retroactive") {
        Some(r) => Some(months(&r)?),
        None => None,
    };
    let max_items = match m.optional("maxItems") {
        Some(at) => {
            let mut mi = at.members()?;
            let count = mi.required("count")?.whole(1..=u32::MAX)?;
            let basis = basis(&mut mi)?;
            mi.done()?;
            Some(Cited {
                value: count,
                basis,
            })
        }
        None => None,
    };
    let de_minimis = match m.optional("deMinimis") {
        Some(at) => Some(de_minimis(&at)?),
        None => None,
    };
    let (full_cumulation, partial_cumulation) = cumulation(&m.required("cumulation")?)?;
    let fob = fob(&m.required("fob")?, codes)?;
    let waiver_usd = match m.optional("waiver") {
        Some(at) => {
            let mut w = at.members()?;
            let value = amount(&w.required("fobUsd")?)?;
            let basis = basis(&mut w)?;
            w.done()?;
            Some(Cited { value, basis })
        }
        None => None,
    };
    let articles = articles(m.optional("originArticles"), code)?;
    let procedures = procedures(m.optional("procedures"), &ticks.basis)?;
    let mut notes = Vec::new();
    if let Some(at) = m.optional("notes") {
        for n in at.items()? {
            notes.push(n.str()?.to_owned());
        }
    }
    m.done()?;
    Ok(Profile {
        agreement: code.to_owned(),
        name,
        version,
        sources,
        form: Cited {
            value: form_code,
            basis: form_basis,
        },
        form_name,
        parties,
        criteria,
        general_rule,
        ticks,
        hs_digits,
        validity_months,
        retroactive_months,
        max_items,
        de_minimis,
        full_cumulation,
        partial_cumulation,
        fob,
        waiver_usd,
        procedures,
        articles,
        notes,
    })
}

/// A string that is not blank.
#[cold]
fn text_of(at: &At<'_>) -> Result<String, Fail> {
    let s = at.str()?.trim();
    if s.is_empty() {
        return Err(at.error("must not be empty"));
    }
    Ok(s.to_owned())
}

/// The `basis` member of an object: the legal text its findings cite.
#[cold]
fn basis(m: &mut jsondata::Members<'_>) -> Result<String, Fail> {
    text_of(&m.required("basis")?)
}

#[cold]
fn parties(at: &At<'_>, codes: &CodeLists) -> Result<Cited<Vec<Membership>>, Fail> {
    let mut m = at.members()?;
    let mut parties = Vec::new();
    for member in m.required("members")?.items()? {
        let mut p = member.members()?;
        let country_at = p.required("country")?;
        let country = country_at.str()?;
        if !codes.is_country(country) {
            return Err(country_at.refuse(COUNTRY));
        }
        let from = date(&p.required("from")?)?;
        let until = match p.optional("until") {
            Some(u) => {
                let until = date(&u)?;
                if until < from {
                    return Err(u.error("is before 'from'"));
                }
                Some(until)
            }
            None => None,
        };
        p.done()?;
        parties.push(Membership {
            country: country.to_owned(),
            from,
            until,
        });
    }
    let basis = basis(&mut m)?;
    m.done()?;
    Ok(Cited {
        value: parties,
        basis,
    })
}

#[cold]
fn criteria(at: &At<'_>) -> Result<Cited<Vocabulary>, Fail> {
    let mut m = at.members()?;
    let codes_at = m.required("codes")?;
    let list = codes_at.items()?;
    if list.is_empty() || list.count_left() > 64 {
        return Err(codes_at.error("lists 1 to 64 codes"));
    }
    let mut codes: Vec<Code> = Vec::with_capacity(list.count_left());
    let mut bare_percent = None;
    for (i, c) in list.enumerate() {
        let mut cm = c.members()?;
        let text_at = cm.required("code")?;
        let text = text_at.str()?;
        let shaped = text.starts_with(|ch: char| ch.is_ascii_uppercase())
            && text.len() <= 24
            && !text.ends_with(' ')
            && !text.as_bytes().windows(2).any(|w| w == b"  ")
            && text
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-' || b == b' ');
        if !shaped || codes.iter().any(|k| k.text == text) {
            return Err(text_at.refuse(
                "a code of capitals, digits, hyphens and single inner spaces, or is listed twice",
            ));
        }
        let means_at = cm.required("means")?;
        let meaning = meaning(means_at.str()?).ok_or_else(|| means_at.refuse("a known meaning"))?;
        let percent = match cm.optional("percent") {
            None => Percent::Never,
            Some(p) => match p.str()? {
                "never" => Percent::Never,
                "optional" => Percent::Optional,
                "required" => Percent::Required,
                _ => return Err(p.refuse("never, optional or required")),
            },
        };
        let flag = |cm: &mut jsondata::Members<'_>, name: &str| match cm.optional(name) {
            Some(b) => b.bool(),
            None => Ok(false),
        };
        let (bare, alone, beside) = (
            flag(&mut cm, "bare")?,
            flag(&mut cm, "alone")?,
            flag(&mut cm, "beside")?,
        );
        if bare {
            if percent == Percent::Never || bare_percent.is_some() {
                return Err(c.error(
                    "only one code, one that takes a percentage, stands for a bare percentage",
                ));
            }
            bare_percent = u8::try_from(i).ok();
        }
        if alone && beside {
            return Err(c.error("a code cannot be both alone and beside"));
        }
        cm.done()?;
        codes.push(Code {
            text: text.to_owned(),
            meaning,
            percent,
            alone,
            beside,
        });
    }
    let separator_at = m.required("separator")?;
    let separator = separator_at.str()?;
    if !matches!(separator.trim(), "+" | ",") {
        return Err(separator_at.error("is + or , with spaces around it as printed (` + `, `, `)"));
    }
    let max_parts = m.required("maxParts")?.whole(1..=8)?;
    let basis = basis(&mut m)?;
    m.done()?;
    Ok(Cited {
        value: Vocabulary {
            codes,
            bare_percent,
            separator: separator.to_owned(),
            max_parts: crate::convert::to_usize(max_parts),
        },
        basis,
    })
}

#[cold]
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

#[cold]
fn ticks(at: &At<'_>) -> Result<Cited<Vec<String>>, Fail> {
    let mut m = at.members()?;
    let mut names: Vec<String> = Vec::new();
    let list = m.required("names")?;
    let items = list.items()?;
    if items.count_left() > 64 {
        return Err(list.error("lists at most 64 tick boxes"));
    }
    for n in items {
        let name = n.str()?;
        let shaped = name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.len() <= 40
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !shaped || names.iter().any(|k| k == name) {
            return Err(n.refuse("a tick name, or is listed twice"));
        }
        names.push(name.to_owned());
    }
    let basis = basis(&mut m)?;
    m.done()?;
    Ok(Cited {
        value: names,
        basis,
    })
}

#[cold]
fn hs(at: &At<'_>) -> Result<Cited<Vec<u8>>, Fail> {
    let mut m = at.members()?;
    let digits_at = m.required("digits")?;
    let mut digits = Vec::new();
    for d in digits_at.items()? {
        let n = d.whole(6..=10)?;
        match u8::try_from(n) {
            Ok(n @ (6 | 8 | 10)) => digits.push(n),
            _ => return Err(d.error("must be 6, 8 or 10")),
        }
    }
    if digits.is_empty() {
        return Err(digits_at.error("lists 6, 8 or 10, at least one"));
    }
    let basis = basis(&mut m)?;
    m.done()?;
    Ok(Cited {
        value: digits,
        basis,
    })
}

#[cold]
fn months(at: &At<'_>) -> Result<Cited<u32>, Fail> {
    let mut m = at.members()?;
    let months = m.required("months")?.whole(1..=120)?;
    let basis = basis(&mut m)?;
    m.done()?;
    Ok(Cited {
        value: months,
        basis,
    })
}

#[cold]
fn de_minimis(at: &At<'_>) -> Result<Cited<DeMinimis>, Fail> {
    let mut m = at.members()?;
    let value_percent = percent(&m.required("valuePercent")?)?;
    let weight_percent = match m.optional("weightPercent") {
        Some(w) => Some(percent(&w)?),
        None => None,
    };
    let mut weight_chapters = Vec::new();
    if let Some(list) = m.optional("weightChapters") {
        for range in list.items()? {
            let parsed = chapters(range.str()?)
                .ok_or_else(|| range.error("is not a chapter or a range of chapters (50-63)"))?;
            weight_chapters.push(parsed);
        }
    }
    if weight_percent.is_some() == weight_chapters.is_empty() {
        return Err(at.error("weightPercent and weightChapters come together"));
    }
    let basis = basis(&mut m)?;
    m.done()?;
    Ok(Cited {
        value: DeMinimis {
            value_percent,
            weight_percent,
            weight_chapters,
        },
        basis,
    })
}

type Cumulation = (bool, Cited<Option<(Decimal, Decimal)>>);

#[cold]
fn cumulation(at: &At<'_>) -> Result<Cumulation, Fail> {
    let mut m = at.members()?;
    let full = m.required("full")?.bool()?;
    let partial = match m.optional("partial") {
        Some(p) => {
            let mut pm = p.members()?;
            let from = percent(&pm.required("from")?)?;
            let below = percent(&pm.required("below")?)?;
            pm.done()?;
            if from >= below {
                return Err(p.error("'from' must be below 'below'"));
            }
            Some((from, below))
        }
        None => None,
    };
    let basis = basis(&mut m)?;
    m.done()?;
    Ok((
        full,
        Cited {
            value: partial,
            basis,
        },
    ))
}

#[cold]
fn fob(at: &At<'_>, codes: &CodeLists) -> Result<Cited<FobRule>, Fail> {
    let mut m = at.members()?;
    let scope = m.required("whereRvc")?;
    let rule = match scope.value() {
        jsondata::Json::String(w) if w == "all" => FobRule::All,
        jsondata::Json::String(w) if w == "none" => FobRule::Never,
        jsondata::Json::Array(_) => {
            let mut states = Vec::new();
            for s in scope.items()? {
                let code = s.str()?;
                if !codes.is_country(code) {
                    return Err(s.refuse(COUNTRY));
                }
                states.push(code.to_owned());
            }
            FobRule::States(states)
        }
        _ => return Err(scope.error("must be \"all\", \"none\" or a list of states")),
    };
    let basis = basis(&mut m)?;
    m.done()?;
    Ok(Cited { value: rule, basis })
}

/// `50-63` or `61`: chapters 1 to 97, two digits each.
#[cold]
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

#[cold]
fn date(at: &At<'_>) -> Result<Date, Fail> {
    let s = at.str()?;
    parse_date(s).ok_or_else(|| at.refuse("a date YYYY-MM-DD"))
}

/// A percentage from 0 to 100, as a decimal string.
#[cold]
fn percent(at: &At<'_>) -> Result<Decimal, Fail> {
    let s = at.str()?;
    plain_decimal(s)
        .filter(|p| *p <= Decimal::ONE_HUNDRED)
        .ok_or_else(|| at.refuse("a percentage from 0 to 100 as a decimal string"))
}

/// An amount, as a decimal string.
#[cold]
fn amount(at: &At<'_>) -> Result<Decimal, Fail> {
    plain_decimal(at.str()?).ok_or_else(|| at.refuse("an amount as a decimal string"))
}

/// The articles the origin assessment cites; each defaults to "the {agreement} rules of origin".
#[cold]
/// `procedures`: each member the article of one procedure; an absent one is the ticks' basis.
fn procedures(at: Option<At<'_>>, ticks: &str) -> Result<Procedures, Fail> {
    let mut p = Procedures {
        back_to_back: ticks.to_owned(),
        certified_copy: ticks.to_owned(),
        exhibition: ticks.to_owned(),
        third_country_invoicing: ticks.to_owned(),
    };
    let Some(at) = at else {
        return Ok(p);
    };
    let mut m = at.members()?;
    for (name, slot) in [
        ("backToBack", &mut p.back_to_back),
        ("certifiedCopy", &mut p.certified_copy),
        ("exhibition", &mut p.exhibition),
        ("thirdCountryInvoicing", &mut p.third_country_invoicing),
    ] {
        if let Some(v) = m.optional(name) {
            *slot = text_of(&v)?;
        }
    }
    m.done()?;
    Ok(p)
}

fn articles(at: Option<At<'_>>, agreement: &str) -> Result<Articles, Fail> {
    let default = format!("the {agreement} rules of origin");
    let mut a = Articles {
        wholly_obtained: default.clone(),
        produced_entirely: default.clone(),
        general_rule: default.clone(),
        product_specific: default.clone(),
        rvc: default.clone(),
        materials: default.clone(),
        ctc: default.clone(),
        minimal_operations: default.clone(),
        processes: default,
    };
    let Some(at) = at else {
        return Ok(a);
    };
    let mut m = at.members()?;
    for (name, slot) in [
        ("whollyObtained", &mut a.wholly_obtained),
        ("producedEntirely", &mut a.produced_entirely),
        ("generalRule", &mut a.general_rule),
        ("productSpecific", &mut a.product_specific),
        ("rvc", &mut a.rvc),
        ("materials", &mut a.materials),
        ("ctc", &mut a.ctc),
        ("minimalOperations", &mut a.minimal_operations),
        ("processes", &mut a.processes),
    ] {
        if let Some(v) = m.optional(name) {
            *slot = text_of(&v)?;
        }
    }
    m.done()?;
    Ok(a)
}
