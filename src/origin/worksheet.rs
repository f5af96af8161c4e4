//! The exporter's worksheet: the good, its FOB value, its bill of materials, its costs. JSON, read
//! with the data reader so every value that is not what its member takes is a finding with its
//! JSON Pointer — a wrong number is never a silent zero.
//!
//! ```json
//! {
//!   "agreement": "ATIGA",
//!   "product": { "hs": "2404.19.10", "description": "Tobacco substitute sticks" },
//!   "fob": "1000.00", "currency": "USD",
//!   "materials": [
//!     { "description": "Tobacco leaf", "hs": "2401.10", "value": "180.00",
//!       "origin": "non-originating" },
//!     { "description": "Paper", "hs": "4813.10", "value": "50.00", "currency": "THB",
//!       "origin": "originating", "rvc": "25" }
//!   ],
//!   "costs": { "labour": "120.00", "overhead": "80.00", "profit": "60.00", "other": "10.00" },
//!   "rates": { "THB": "0.028" },
//!   "rvcMethod": "indirect",
//!   "processes": ["spinning"], "minimalOperations": false, "whollyObtained": false
//! }
//! ```
//!
//! Amounts, weights, rates and percentages are decimal strings. `rates` gives each other
//! currency's unit in the worksheet's currency. `origin` is `originating`, `non-originating` or
//! `unknown` (counted as non-originating, Art. 29). `rvc` is an originating material's own RVC,
//! for partial cumulation. `rvcMethod` is the formula the exporting party uses (`indirect`, the
//! default, or `direct`); both are computed.

use rust_decimal::Decimal;

use crate::jsondata::{self, At, Fail, Json, Members};
use crate::lexical::plain_decimal;
use crate::loading::LoadError;
use crate::psr::Process;

/// A material's origin as the exporter knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaterialOrigin {
    /// Originating in a party.
    Originating,
    /// Not originating.
    NonOriginating,
    /// Not known: counted as non-originating (Art. 29).
    Unknown,
}

/// One material of the bill of materials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Material {
    /// What it is.
    pub description: String,
    /// Its HS code, digits only.
    pub hs: String,
    /// Its value (CIF, or the earliest ascertained price paid), in `currency`.
    pub value: Decimal,
    /// Its currency, when not the worksheet's.
    pub currency: Option<String>,
    /// Its origin.
    pub origin: MaterialOrigin,
    /// Its weight in kg, when given (de minimis by weight).
    pub weight: Option<Decimal>,
    /// An originating material's own RVC, when given (partial cumulation).
    pub rvc: Option<Decimal>,
}

/// The formula of Art. 29 the exporting party uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// (FOB − non-originating materials) / FOB.
    Indirect,
    /// (originating materials + labour + overhead + profit + other) / FOB.
    Direct,
}

/// The worksheet of one good.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Worksheet {
    /// The agreement the good is assessed under.
    pub agreement: String,
    /// The good's HS code, digits only (6 digits or the national 8 or 10).
    pub hs: String,
    /// The good's description.
    pub description: String,
    /// Its FOB value.
    pub fob: Decimal,
    /// The worksheet's currency.
    pub currency: String,
    /// The bill of materials.
    pub materials: Vec<Material>,
    /// Direct labour, overhead, profit and other costs, for the direct formula.
    pub costs: [Decimal; 4],
    /// The good's weight in kg, when given.
    pub weight: Option<Decimal>,
    /// Each other currency's unit in the worksheet's currency.
    pub rates: Vec<(String, Decimal)>,
    /// The formula the exporting party uses.
    pub method: Method,
    /// Textile or other processes done in the exporting party.
    pub processes: Vec<Process>,
    /// Whether the production was only minimal operations (Art. 31).
    pub minimal_operations: bool,
    /// Whether the good is wholly obtained (Art. 27).
    pub wholly_obtained: bool,
}

/// Reads a worksheet; `source` names it in errors, which have the code `worksheet.json` (not JSON)
/// or `worksheet.value` (a member that is not what it takes), with its JSON Pointer.
pub fn read(text: &str, source: &str) -> Result<Worksheet, LoadError> {
    parse(text, source).map_err(|e| *e)
}

#[cold]
fn parse(text: &str, source: &str) -> Result<Worksheet, Fail> {
    let tree = jsondata::parse(text, source, "worksheet.json")?;
    let root = At::root(&tree, source, "worksheet.value");
    let mut m = root.members()?;
    let agreement = string(m.required("agreement")?)?;
    let mut product = m.required("product")?.members()?;
    let hs = code(product.required("hs")?)?;
    let description = match product.optional("description") {
        Some(d) => d.str()?.to_owned(),
        None => String::new(),
    };
    product.done()?;
    let fob = amount(m.required("fob")?)?;
    if fob.is_zero() {
        return Err(m.required("fob")?.error("must be above zero"));
    }
    let currency = currency(m.required("currency")?)?;
    let mut materials = Vec::new();
    let list = m.required("materials")?;
    let items = list.items()?;
    if items.count_left() > MAX_MATERIALS {
        return Err(list.error(format!("lists more than {MAX_MATERIALS} materials")));
    }
    for at in items {
        materials.push(material(at)?);
    }
    let costs = match m.optional("costs") {
        Some(at) => {
            let mut c = at.members()?;
            let mut costs = [Decimal::ZERO; 4];
            for (slot, name) in costs
                .iter_mut()
                .zip(["labour", "overhead", "profit", "other"])
            {
                if let Some(v) = c.optional(name) {
                    *slot = amount(v)?;
                }
            }
            c.done()?;
            costs
        }
        None => [Decimal::ZERO; 4],
    };
    let weight = optional_amount(&mut m, "weight")?;
    let mut rates = Vec::new();
    if let Some(at) = m.optional("rates") {
        if let Json::Object(members) = at.value() {
            let mut r = at.members()?;
            for (name, _) in members {
                let rate_at = r.required(name)?;
                if !(name.len() == 3 && name.bytes().all(|b| b.is_ascii_uppercase())) {
                    return Err(rate_at.error("is not named by an ISO 4217 currency code"));
                }
                let rate = amount(rate_at)?;
                if rate.is_zero() || rate > MAX_RATE {
                    return Err(rate_at.error("must be above zero and at most 1000000"));
                }
                rates.push((name.to_string(), rate));
            }
            r.done()?;
        } else {
            at.members()?;
        }
    }
    let method = match m.optional("rvcMethod") {
        None => Method::Indirect,
        Some(at) => match at.str()? {
            "indirect" => Method::Indirect,
            "direct" => Method::Direct,
            _ => return Err(at.refuse("indirect or direct")),
        },
    };
    let mut processes = Vec::new();
    if let Some(at) = m.optional("processes") {
        for p in at.items()? {
            let process = Process::from_word(p.str()?)
                .ok_or_else(|| p.refuse("a process of the rule language"))?;
            processes.push(process);
        }
    }
    let flag = |m: &mut Members<'_>, name: &str| match m.optional(name) {
        Some(b) => b.bool(),
        None => Ok(false),
    };
    let minimal_operations = flag(&mut m, "minimalOperations")?;
    let wholly_obtained = flag(&mut m, "whollyObtained")?;
    m.done()?;
    Ok(Worksheet {
        agreement,
        hs,
        description,
        fob,
        currency,
        materials,
        costs,
        weight,
        rates,
        method,
        processes,
        minimal_operations,
        wholly_obtained,
    })
}

#[cold]
fn material(at: At<'_>) -> Result<Material, Fail> {
    let mut m = at.members()?;
    let description = match m.optional("description") {
        Some(d) => d.str()?.to_owned(),
        None => String::new(),
    };
    let hs = code(m.required("hs")?)?;
    let value = amount(m.required("value")?)?;
    let currency = match m.optional("currency") {
        Some(c) => Some(currency(c)?),
        None => None,
    };
    let origin_at = m.required("origin")?;
    let origin = match origin_at.str()? {
        "originating" => MaterialOrigin::Originating,
        "non-originating" => MaterialOrigin::NonOriginating,
        "unknown" => MaterialOrigin::Unknown,
        _ => return Err(origin_at.refuse("originating, non-originating or unknown")),
    };
    let weight = optional_amount(&mut m, "weight")?;
    let rvc = match m.optional("rvc") {
        Some(r) => {
            let p = amount(r)?;
            if p > Decimal::ONE_HUNDRED {
                return Err(r.error("must be a percentage from 0 to 100"));
            }
            Some(p)
        }
        None => None,
    };
    m.done()?;
    Ok(Material {
        description,
        hs,
        value,
        currency,
        origin,
        weight,
        rvc,
    })
}

fn optional_amount(m: &mut Members<'_>, name: &str) -> Result<Option<Decimal>, Fail> {
    match m.optional(name) {
        Some(at) => Ok(Some(amount(at)?)),
        None => Ok(None),
    }
}

fn string(at: At<'_>) -> Result<String, Fail> {
    let s = at.str()?.trim();
    if s.is_empty() {
        return Err(at.error("must not be empty"));
    }
    Ok(s.to_owned())
}

/// A non-negative amount as a decimal string (a JSON number is refused: amounts are never read
/// through binary floating point, and the worksheet's format says strings), at most
/// [`MAX_AMOUNT`].
fn amount(at: At<'_>) -> Result<Decimal, Fail> {
    let s = at.str()?;
    plain_decimal(s)
        .filter(|d| within(*d))
        .ok_or_else(|| at.refuse("a non-negative decimal number such as 1250.00, at most 10^15"))
}

/// The largest amount or weight a worksheet may state, 10^15. With at most [`MAX_MATERIALS`]
/// materials and rates of at most [`MAX_RATE`], the largest number the assessment forms — a
/// value times its rate, summed over the materials, times a hundred — is at most 10^28 · 0.7,
/// inside a decimal's range (7.9 × 10^28). Found by the fuzzer: an unbounded FOB overflowed.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(2764472320, 232830, 0, false, 0);

/// The most materials a worksheet may list.
pub const MAX_MATERIALS: usize = 10_000;

/// The largest exchange rate (one unit of another currency in the worksheet's): 10^6.
pub const MAX_RATE: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// Whether an amount or weight is within [`MAX_AMOUNT`].
pub(super) fn within(d: Decimal) -> bool {
    d <= MAX_AMOUNT
}

fn currency(at: At<'_>) -> Result<String, Fail> {
    let s = at.str()?;
    if crate::codelists::is_currency(s) {
        Ok(s.to_owned())
    } else {
        Err(at.refuse("an ISO 4217 currency code"))
    }
}

/// An HS code of 6, 8 or 10 digits, dots allowed, as its digits.
fn code(at: At<'_>) -> Result<String, Fail> {
    let s = at.str()?;
    if !crate::lexical::hs_well_formed(s) {
        return Err(at.refuse("an HS code of 6, 8 or 10 digits"));
    }
    let mut digits = String::with_capacity(10);
    digits.extend(s.bytes().filter(u8::is_ascii_digit).map(char::from));
    Ok(digits)
}
