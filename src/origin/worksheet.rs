//! The exporter's worksheet: the good, its FOB value, its bill of materials, its costs. JSON, read
//! straight from the JSON tokenizer's events into the typed worksheet (no tree: an exporter's tool
//! assesses as the exporter types), so every value that is not what its member takes is an error with its
//! JSON Pointer — a wrong number is never a silent zero. The first mistake in document order is
//! the one reported.
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

use std::borrow::Cow;

use rust_decimal::Decimal;

use crate::codelists::CodeLists;
use crate::jsonlex::{self, Event, Lexer};
use crate::lexical::{HsCode, plain_decimal, shown};
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
pub struct Material<'t> {
    /// What it is (borrowed from the worksheet's text unless escaped there).
    pub description: Cow<'t, str>,
    /// Its HS code, digits only.
    pub hs: HsCode,
    /// Its value (CIF, or the earliest ascertained price paid), in `currency`.
    pub value: Decimal,
    /// Its currency, when not the worksheet's.
    pub currency: Option<Cow<'t, str>>,
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

/// The worksheet of one good; its texts borrow from the worksheet's text where they can.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Worksheet<'t> {
    /// The agreement the good is assessed under.
    pub agreement: String,
    /// The good's HS code, digits only (6 digits or the national 8 or 10).
    pub hs: HsCode,
    /// The good's description.
    pub description: Cow<'t, str>,
    /// Its FOB value.
    pub fob: Decimal,
    /// The worksheet's currency.
    pub currency: Cow<'t, str>,
    /// The bill of materials.
    pub materials: Vec<Material<'t>>,
    /// Direct labour, overhead, profit and other costs, for the direct formula.
    pub costs: [Decimal; 4],
    /// The good's weight in kg, when given.
    pub weight: Option<Decimal>,
    /// Each other currency's unit in the worksheet's currency.
    pub rates: Vec<(Cow<'t, str>, Decimal)>,
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
pub fn read<'t>(
    text: &'t str,
    source: &str,
    codes: &CodeLists,
) -> Result<Worksheet<'t>, LoadError> {
    let ctx = Ctx {
        source,
        codes,
        text,
    };
    let mut r = Lexer::new(text);
    let first = ctx.next(&mut r).map_err(|e| *e)?;
    let sheet = nested(&ctx, &mut r, &Path::Root, Kind::Sheet, first).map_err(|e| *e)?;
    let Some(Nest::Sheet(ws)) = sheet else {
        return Err(LoadError::new(
            "worksheet.value",
            source,
            "",
            "must be an object, not null",
        ));
    };
    match ctx.next(&mut r).map_err(|e| *e)? {
        Event::End => Ok(ws),
        _ => Err(*ctx.syntax(jsonlex::Error {
            offset: r.start(),
            message: "text after the JSON value",
        })),
    }
}

/// A reader's error, boxed so that every `?` moves a pointer.
type Fail = Box<LoadError>;

/// The reader's state: the input, its name and the code lists its currencies are checked
/// against.
struct Ctx<'s> {
    source: &'s str,
    codes: &'s CodeLists,
    text: &'s str,
}

impl<'s> Ctx<'s> {
    #[cold]
    #[inline(never)]
    fn fail(&self, path: &Path<'_>, message: String) -> Fail {
        let mut pointer = String::new();
        path.write(&mut pointer);
        Box::new(LoadError::new(
            "worksheet.value",
            self.source,
            &pointer,
            message,
        ))
    }

    /// Text that is not JSON: `worksheet.json`, with the line and column.
    #[cold]
    #[inline(never)]
    fn syntax(&self, e: jsonlex::Error) -> Fail {
        let (line, column) = jsonlex::line_column(self.text, e.offset);
        let message = format!("{} at line {line} column {column}", e.message);
        Box::new(LoadError::new("worksheet.json", self.source, "", message))
    }

    #[inline]
    fn next<'t>(&self, r: &mut Lexer<'t>) -> Result<Event<'t>, Fail> {
        r.next_event().map_err(|e| self.syntax(e))
    }

    /// The value that starts with `first` as a scalar; a container is read past and named.
    fn scalar<'t>(&self, r: &mut Lexer<'t>, first: Event<'t>) -> Result<Scalar<'t>, Fail> {
        Ok(match first {
            Event::Null => Scalar::Null,
            Event::Bool(b) => Scalar::Bool(b),
            Event::String(s) => Scalar::Str(s),
            Event::Number(_) => Scalar::Other("a number"),
            Event::ObjectStart | Event::ArrayStart => {
                let kind = if first == Event::ObjectStart {
                    "an object"
                } else {
                    "an array"
                };
                let depth = r.depth();
                while r.depth() >= depth {
                    self.next(r)?;
                }
                Scalar::Other(kind)
            }
            Event::ObjectEnd | Event::ArrayEnd | Event::Key(_) | Event::End => {
                Scalar::Other("no value")
            }
        })
    }

    /// The next value, as a scalar.
    fn value<'t>(&self, r: &mut Lexer<'t>) -> Result<Scalar<'t>, Fail> {
        let first = self.next(r)?;
        self.scalar(r, first)
    }
}

/// Where a value is: a chain on the stack, written out as a JSON Pointer only for an error.
#[derive(Clone, Copy)]
enum Path<'p> {
    Root,
    Member(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl Path<'_> {
    fn write(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Member(up, name) => {
                up.write(out);
                crate::jsonwrite::pointer_step(out, name);
            }
            Path::Index(up, i) => {
                up.write(out);
                out.push('/');
                out.push_str(&i.to_string());
            }
        }
    }
}

/// A scalar member's value, or what kind of value stood there instead.
enum Scalar<'t> {
    Null,
    Bool(bool),
    Str(Cow<'t, str>),
    Other(&'static str),
}

impl<'t> Scalar<'t> {
    fn kind(&self) -> &'static str {
        match self {
            Scalar::Null => "null",
            Scalar::Bool(_) => "a boolean",
            Scalar::Str(_) => "a string",
            Scalar::Other(kind) => kind,
        }
    }

    /// The string, or `None` for null (absent); anything else is an error at `path`.
    fn string(self, ctx: &Ctx<'_>, path: &Path<'_>) -> Result<Option<Cow<'t, str>>, Fail> {
        match self {
            Scalar::Str(s) => Ok(Some(s)),
            Scalar::Null => Ok(None),
            other => Err(ctx.fail(path, format!("must be a string, not {}", other.kind()))),
        }
    }
}

/// An object- or array-valued member: which shape it has.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Sheet,
    Product,
    Materials,
    Costs,
    Rates,
    Processes,
}

impl Kind {
    fn expected(self) -> &'static str {
        if matches!(self, Kind::Materials | Kind::Processes) {
            "an array"
        } else {
            "an object"
        }
    }
}

/// What a nested member held, by its [`Kind`].
enum Nest<'t> {
    Sheet(Worksheet<'t>),
    Product((HsCode, Cow<'t, str>)),
    Materials(Vec<Material<'t>>),
    Costs([Decimal; 4]),
    Rates(Vec<(Cow<'t, str>, Decimal)>),
    Processes(Vec<Process>),
}

/// The member of shape `kind` that starts with `first`: null is absent, another kind of value is
/// an error.
fn nested<'t>(
    ctx: &Ctx<'_>,
    r: &mut Lexer<'t>,
    path: &Path<'_>,
    kind: Kind,
    first: Event<'t>,
) -> Result<Option<Nest<'t>>, Fail> {
    let wrong = |found: &str| ctx.fail(path, format!("must be {}, not {found}", kind.expected()));
    let found = match first {
        Event::Null => return Ok(None),
        Event::ArrayStart => match kind {
            Kind::Materials => return materials(ctx, r, path).map(|m| Some(Nest::Materials(m))),
            Kind::Processes => return processes(ctx, r, path).map(|p| Some(Nest::Processes(p))),
            _ => "an array",
        },
        Event::ObjectStart if !matches!(kind, Kind::Materials | Kind::Processes) => {
            let key = match ctx.next(r)? {
                Event::Key(k) => Some(k),
                _ => None,
            };
            return Ok(Some(match kind {
                Kind::Sheet => Nest::Sheet(sheet(ctx, r, path, key)?),
                Kind::Product => Nest::Product(product(ctx, r, path, key)?),
                Kind::Costs => Nest::Costs(costs(ctx, r, path, key)?),
                _ => Nest::Rates(rates(ctx, r, path, key)?),
            }));
        }
        other => kind_of(&other),
    };
    Err(wrong(found))
}

/// What kind of value starts with `first`, as an error names it.
fn kind_of(first: &Event<'_>) -> &'static str {
    match first {
        Event::Null => "null",
        Event::ObjectStart => "an object",
        Event::ArrayStart => "an array",
        Event::Bool(_) => "a boolean",
        Event::Number(_) => "a number",
        Event::String(_) => "a string",
        Event::ObjectEnd | Event::ArrayEnd | Event::Key(_) | Event::End => "no value",
    }
}

/// Reads an object's members by name, `key` the first (`None` for an empty object):
/// `read(slot, path, lexer)` reads the value of a known member (slots are bits of a `u32`, so a
/// repeat is found), an unknown name is an error.
fn members<'t>(
    ctx: &Ctx<'_>,
    r: &mut Lexer<'t>,
    path: &Path<'_>,
    mut key: Option<Cow<'t, str>>,
    names: &[&str],
    mut read: impl FnMut(usize, &Path<'_>, &mut Lexer<'t>) -> Result<(), Fail>,
) -> Result<(), Fail> {
    let mut seen = 0u32;
    while let Some(name) = key {
        let at = Path::Member(path, &name);
        let Some(slot) = names.iter().position(|n| *n == name) else {
            return Err(ctx.fail(&at, "is not a member of this object".to_owned()));
        };
        if seen & (1 << slot) != 0 {
            return Err(ctx.fail(&at, "appears twice".to_owned()));
        }
        seen |= 1 << slot;
        read(slot, &at, r)?;
        key = match ctx.next(r)? {
            Event::Key(k) => Some(k),
            _ => None,
        };
    }
    Ok(())
}

/// A required member that was absent (or null).
fn required<T>(ctx: &Ctx<'_>, path: &Path<'_>, name: &str, v: Option<T>) -> Result<T, Fail> {
    v.ok_or_else(|| ctx.fail(&Path::Member(path, name), "is required".to_owned()))
}

const SHEET: [&str; 12] = [
    "agreement",
    "product",
    "fob",
    "currency",
    "materials",
    "costs",
    "weight",
    "rates",
    "rvcMethod",
    "processes",
    "minimalOperations",
    "whollyObtained",
];

/// The worksheet's root object.
fn sheet<'t>(
    ctx: &Ctx<'_>,
    r: &mut Lexer<'t>,
    path: &Path<'_>,
    key: Option<Cow<'t, str>>,
) -> Result<Worksheet<'t>, Fail> {
    let (mut agreement, mut product, mut fob, mut currency_code) = (None, None, None, None);
    let mut materials = None;
    let mut costs = [Decimal::ZERO; 4];
    let (mut weight, mut rates, mut processes) = (None, Vec::new(), Vec::new());
    let mut method = Method::Indirect;
    let (mut minimal_operations, mut wholly_obtained) = (false, false);
    // An empty object is told it lacks its agreement; a fuller one, its product first.
    if key.is_none() {
        return required(ctx, path, "agreement", None);
    }
    members(ctx, r, path, key, &SHEET, |slot, at, r| {
        let kind = match slot {
            1 => Some(Kind::Product),
            4 => Some(Kind::Materials),
            5 => Some(Kind::Costs),
            7 => Some(Kind::Rates),
            9 => Some(Kind::Processes),
            _ => None,
        };
        if let Some(kind) = kind {
            let first = ctx.next(r)?;
            match nested(ctx, r, at, kind, first)? {
                Some(Nest::Product(p)) => product = Some(p),
                Some(Nest::Materials(list)) => materials = Some(list),
                Some(Nest::Costs(c)) => costs = c,
                Some(Nest::Rates(rs)) => rates = rs,
                Some(Nest::Processes(p)) => processes = p,
                _ => {}
            }
            return Ok(());
        }
        let v = ctx.value(r)?;
        match slot {
            0 => agreement = text(ctx, at, v)?,
            2 => {
                fob = amount(ctx, at, v)?;
                if fob.is_some_and(|f| f.is_zero()) {
                    return Err(ctx.fail(at, "must be above zero".to_owned()));
                }
            }
            3 => currency_code = currency(ctx, at, v)?,
            6 => weight = amount(ctx, at, v)?,
            8 => {
                method = match v.string(ctx, at)?.as_deref() {
                    None | Some("indirect") => Method::Indirect,
                    Some("direct") => Method::Direct,
                    Some(other) => {
                        return Err(refuse(ctx, at, other, "indirect or direct"));
                    }
                }
            }
            10 => minimal_operations = flag(ctx, at, v)?,
            _ => wholly_obtained = flag(ctx, at, v)?,
        }
        Ok(())
    })?;
    let (hs, description) = required(ctx, path, "product", product)?;
    Ok(Worksheet {
        agreement: required(ctx, path, "agreement", agreement)?,
        hs,
        description,
        fob: required(ctx, path, "fob", fob)?,
        currency: required(ctx, path, "currency", currency_code)?,
        materials: required(ctx, path, "materials", materials)?,
        costs,
        weight,
        rates,
        method,
        processes,
        minimal_operations,
        wholly_obtained,
    })
}

/// `product`: its HS code and description.
fn product<'t>(
    ctx: &Ctx<'_>,
    r: &mut Lexer<'t>,
    path: &Path<'_>,
    key: Option<Cow<'t, str>>,
) -> Result<(HsCode, Cow<'t, str>), Fail> {
    let (mut hs, mut description) = (None, Cow::Borrowed(""));
    members(ctx, r, path, key, &["hs", "description"], |slot, at, r| {
        let v = ctx.value(r)?;
        if slot == 0 {
            hs = code(ctx, at, v)?;
        } else if let Some(d) = v.string(ctx, at)? {
            description = d;
        }
        Ok(())
    })?;
    Ok((required(ctx, path, "hs", hs)?, description))
}

/// `materials`: the bill of materials, at most [`MAX_MATERIALS`], its `[` read.
fn materials<'t>(
    ctx: &Ctx<'_>,
    r: &mut Lexer<'t>,
    path: &Path<'_>,
) -> Result<Vec<Material<'t>>, Fail> {
    // Room for a typical bill of materials, grown past it.
    let mut list = Vec::with_capacity(64);
    loop {
        let first = ctx.next(r)?;
        if first == Event::ArrayEnd {
            break;
        }
        if list.len() == MAX_MATERIALS {
            return Err(ctx.fail(path, format!("lists more than {MAX_MATERIALS} materials")));
        }
        let at = Path::Index(path, list.len());
        // Read in place: through `nested` and its enum, each material would move twice more.
        if first != Event::ObjectStart {
            return Err(ctx.fail(&at, format!("must be an object, not {}", kind_of(&first))));
        }
        let key = match ctx.next(r)? {
            Event::Key(k) => Some(k),
            _ => None,
        };
        list.push(material(ctx, r, &at, key)?);
    }
    Ok(list)
}

/// A material's members, which are also the bill-of-materials CSV's columns.
pub(super) const MATERIAL: [&str; 7] = [
    "description",
    "hs",
    "value",
    "currency",
    "origin",
    "weight",
    "rvc",
];

/// One material.
fn material<'t>(
    ctx: &Ctx<'_>,
    r: &mut Lexer<'t>,
    path: &Path<'_>,
    key: Option<Cow<'t, str>>,
) -> Result<Material<'t>, Fail> {
    let mut description = Cow::Borrowed("");
    let (mut hs, mut value, mut currency_code, mut origin) = (None, None, None, None);
    let (mut weight, mut rvc) = (None, None);
    members(ctx, r, path, key, &MATERIAL, |slot, at, r| {
        let v = ctx.value(r)?;
        match slot {
            0 => {
                if let Some(d) = v.string(ctx, at)? {
                    description = d;
                }
            }
            1 => hs = code(ctx, at, v)?,
            2 => value = amount(ctx, at, v)?,
            3 => currency_code = currency(ctx, at, v)?,
            4 => {
                origin = match v.string(ctx, at)?.as_deref() {
                    None => None,
                    Some("originating") => Some(MaterialOrigin::Originating),
                    Some("non-originating") => Some(MaterialOrigin::NonOriginating),
                    Some("unknown") => Some(MaterialOrigin::Unknown),
                    Some(other) => {
                        return Err(refuse(
                            ctx,
                            at,
                            other,
                            "originating, non-originating or unknown",
                        ));
                    }
                }
            }
            5 => weight = amount(ctx, at, v)?,
            _ => {
                rvc = amount(ctx, at, v)?;
                if rvc.is_some_and(|p| p > Decimal::ONE_HUNDRED) {
                    return Err(ctx.fail(at, "must be a percentage from 0 to 100".to_owned()));
                }
            }
        }
        Ok(())
    })?;
    Ok(Material {
        description,
        hs: required(ctx, path, "hs", hs)?,
        value: required(ctx, path, "value", value)?,
        currency: currency_code,
        origin: required(ctx, path, "origin", origin)?,
        weight,
        rvc,
    })
}

/// `costs`: labour, overhead, profit and other costs, each zero when absent.
fn costs<'t>(
    ctx: &Ctx<'_>,
    r: &mut Lexer<'t>,
    path: &Path<'_>,
    key: Option<Cow<'t, str>>,
) -> Result<[Decimal; 4], Fail> {
    let mut costs = [Decimal::ZERO; 4];
    let names = ["labour", "overhead", "profit", "other"];
    members(ctx, r, path, key, &names, |slot, at, r| {
        let v = ctx.value(r)?;
        if let (Some(d), Some(c)) = (amount(ctx, at, v)?, costs.get_mut(slot)) {
            *c = d;
        }
        Ok(())
    })?;
    Ok(costs)
}

/// `rates`: each other currency's unit in the worksheet's currency, at most 64 of them.
fn rates<'t>(
    ctx: &Ctx<'_>,
    r: &mut Lexer<'t>,
    path: &Path<'_>,
    mut key: Option<Cow<'t, str>>,
) -> Result<Vec<(Cow<'t, str>, Decimal)>, Fail> {
    let mut rates: Vec<(Cow<'t, str>, Decimal)> = Vec::new();
    while let Some(name) = key {
        let at = Path::Member(path, &name);
        if !(name.len() == 3 && name.bytes().all(|b| b.is_ascii_uppercase())) {
            return Err(ctx.fail(&at, "is not named by an ISO 4217 currency code".to_owned()));
        }
        if rates.len() == 64 {
            return Err(ctx.fail(path, "has more than 64 members".to_owned()));
        }
        if rates.iter().any(|(c, _)| *c == name) {
            return Err(ctx.fail(&at, "appears twice".to_owned()));
        }
        let v = ctx.value(r)?;
        if let Some(rate) = amount(ctx, &at, v)? {
            if rate.is_zero() || rate > MAX_RATE {
                return Err(ctx.fail(&at, "must be above zero and at most 1000000".to_owned()));
            }
            rates.push((name, rate));
        }
        key = match ctx.next(r)? {
            Event::Key(k) => Some(k),
            _ => None,
        };
    }
    Ok(rates)
}

/// `processes`: operations of the rule language done in the exporting party, its `[` read.
fn processes(ctx: &Ctx<'_>, r: &mut Lexer<'_>, path: &Path<'_>) -> Result<Vec<Process>, Fail> {
    let mut out = Vec::new();
    loop {
        let first = ctx.next(r)?;
        if first == Event::ArrayEnd {
            break;
        }
        let at = Path::Index(path, out.len());
        let word = match ctx.scalar(r, first)? {
            Scalar::Str(w) => w,
            other => {
                return Err(ctx.fail(&at, format!("must be a string, not {}", other.kind())));
            }
        };
        match Process::from_word(&word) {
            Some(p) => out.push(p),
            None => return Err(refuse(ctx, &at, &word, "a process of the rule language")),
        }
    }
    Ok(out)
}

/// `'XX' is not {what}`, the value quoted (cut).
#[cold]
#[inline(never)]
fn refuse(ctx: &Ctx<'_>, path: &Path<'_>, value: &str, what: &str) -> Fail {
    ctx.fail(path, format!("'{}' is not {what}", shown(value)))
}

/// A non-empty text.
fn text(ctx: &Ctx<'_>, path: &Path<'_>, v: Scalar<'_>) -> Result<Option<String>, Fail> {
    match v.string(ctx, path)? {
        Some(s) if s.trim().is_empty() => Err(ctx.fail(path, "must not be empty".to_owned())),
        Some(s) => Ok(Some(s.trim().to_owned())),
        None => Ok(None),
    }
}

/// `true` or `false`; null is false.
fn flag(ctx: &Ctx<'_>, path: &Path<'_>, v: Scalar<'_>) -> Result<bool, Fail> {
    match v {
        Scalar::Bool(b) => Ok(b),
        Scalar::Null => Ok(false),
        other => Err(ctx.fail(path, format!("must be true or false, not {}", other.kind()))),
    }
}

/// A non-negative amount as a decimal string (a JSON number is refused: amounts are never read
/// through binary floating point, and the worksheet's format says strings), at most
/// [`MAX_AMOUNT`].
fn amount(ctx: &Ctx<'_>, path: &Path<'_>, v: Scalar<'_>) -> Result<Option<Decimal>, Fail> {
    let Some(s) = v.string(ctx, path)? else {
        return Ok(None);
    };
    match plain_decimal(&s).filter(|d| within(*d)) {
        Some(d) => Ok(Some(d)),
        None => Err(refuse(
            ctx,
            path,
            &s,
            "a non-negative decimal number such as 1250.00, at most 10^15",
        )),
    }
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

fn currency<'t>(
    ctx: &Ctx<'_>,
    path: &Path<'_>,
    v: Scalar<'t>,
) -> Result<Option<Cow<'t, str>>, Fail> {
    match v.string(ctx, path)? {
        Some(s) if ctx.codes.is_currency(&s) => Ok(Some(s)),
        Some(s) => Err(refuse(ctx, path, &s, "an ISO 4217 currency code")),
        None => Ok(None),
    }
}

/// An HS code of 6, 8 or 10 digits, dots allowed, as its digits.
fn code(ctx: &Ctx<'_>, path: &Path<'_>, v: Scalar<'_>) -> Result<Option<HsCode>, Fail> {
    let Some(s) = v.string(ctx, path)? else {
        return Ok(None);
    };
    match HsCode::parse(&s) {
        Some(code) => Ok(Some(code)),
        None => Err(refuse(ctx, path, &s, "an HS code of 6, 8 or 10 digits")),
    }
}

#[cfg(all(test, feature = "bundled"))]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"agreement": "ATIGA", "product": {"hs": "2106.90"}, "fob": "1000.00",
        "currency": "USD", "materials": [{"hs": "1701.99", "value": "5.00", "origin": "unknown"}]}"#;

    #[test]
    fn a_worksheet_is_read_into_its_fields() {
        let ws = read(GOOD, "w", CodeLists::bundled()).unwrap();
        assert_eq!((ws.hs.as_str(), ws.materials.len()), ("210690", 1));
        assert_eq!(ws.materials[0].origin, MaterialOrigin::Unknown);
        assert_eq!(ws.method, Method::Indirect);
        let escaped = GOOD.replace("\"2106.90\"", "\"2106\\u002e90\"");
        assert_eq!(
            read(&escaped, "w", CodeLists::bundled())
                .unwrap()
                .hs
                .as_str(),
            "210690",
            "escapes are read"
        );
    }

    /// Each mistake is an error at its own place, in the reader's words.
    #[test]
    fn every_mistake_has_its_place() {
        let cases = [
            (
                r#""product": {"hs": "2106.90"}"#,
                r#""product": "2106.90""#,
                "/product",
                "must be an object, not a string",
            ),
            (
                r#""product": {"hs": "2106.90"}"#,
                r#""product": {}"#,
                "/product/hs",
                "is required",
            ),
            (
                r#""product": {"hs": "2106.90"}"#,
                r#""product": null"#,
                "/product",
                "is required",
            ),
            (
                r#""materials": ["#,
                r#""materials": [null, "#,
                "/materials/0",
                "must be an object, not null",
            ),
            (
                r#""materials": ["#,
                r#""materials": {"a": 1}, "x": ["#,
                "/materials",
                "must be an array, not an object",
            ),
            (
                r#""value": "5.00""#,
                r#""value": 5"#,
                "/materials/0/value",
                "must be a string, not a number",
            ),
            (
                r#""value": "5.00""#,
                r#""value": [5]"#,
                "/materials/0/value",
                "must be a string, not an array",
            ),
            (
                r#""value": "5.00""#,
                r#""value": "5.00", "value": "6""#,
                "/materials/0/value",
                "appears twice",
            ),
            (
                r#""value": "5.00""#,
                r#""value": "5.00", "colour": "red""#,
                "/materials/0/colour",
                "is not a member of this object",
            ),
            (
                r#""origin": "unknown""#,
                r#""origin": "local""#,
                "/materials/0/origin",
                "'local' is not originating, non-originating or unknown",
            ),
            (
                r#""fob": "1000.00""#,
                r#""fob": "0""#,
                "/fob",
                "must be above zero",
            ),
            (
                r#""fob": "1000.00""#,
                r#""fob": {"x": "1"}"#,
                "/fob",
                "must be a string, not an object",
            ),
            (
                r#""agreement": "ATIGA""#,
                r#""agreement": " ""#,
                "/agreement",
                "must not be empty",
            ),
            (
                r#""agreement": "ATIGA""#,
                r#""agreement": null"#,
                "/agreement",
                "is required",
            ),
            (
                r#""currency": "USD""#,
                r#""currency": "USD", "rates": {"thb": "1"}"#,
                "/rates/thb",
                "is not named by an ISO 4217 currency code",
            ),
            (
                r#""currency": "USD""#,
                r#""currency": "USD", "processes": ["spinning", 3]"#,
                "/processes/1",
                "must be a string, not a number",
            ),
            (
                r#""currency": "USD""#,
                r#""currency": "USD", "minimalOperations": "yes""#,
                "/minimalOperations",
                "must be true or false, not a string",
            ),
            (
                r#""currency": "USD""#,
                r#""currency": "USD", "a/b~c": 1"#,
                "/a~1b~0c",
                "is not a member of this object",
            ),
        ];
        for (from, to, path, message) in cases {
            let text = GOOD.replacen(from, to, 1);
            assert_ne!(text, GOOD, "{from}");
            let e = read(&text, "w", CodeLists::bundled()).unwrap_err();
            assert_eq!(
                (e.code, e.path.as_str(), e.message.as_str()),
                ("worksheet.value", path, message),
                "{to}"
            );
        }
        let rates: Vec<String> = (0..65)
            .map(|i| {
                format!(
                    "\"{}{}X\": \"1\"",
                    char::from(b'A' + i / 26),
                    char::from(b'A' + i % 26)
                )
            })
            .collect();
        let many = GOOD.replacen(
            r#""currency": "USD""#,
            &format!(r#""currency": "USD", "rates": {{{}}}"#, rates.join(",")),
            1,
        );
        let e = read(&many, "w", CodeLists::bundled()).unwrap_err();
        assert_eq!(
            (e.path.as_str(), e.message.as_str()),
            ("/rates", "has more than 64 members")
        );
        for (text, code) in [
            ("{", "worksheet.json"),
            ("[1]", "worksheet.value"),
            ("null", "worksheet.value"),
            ("{} x", "worksheet.value"),
        ] {
            assert_eq!(
                read(text, "w", CodeLists::bundled()).unwrap_err().code,
                code,
                "{text}"
            );
        }
        assert_eq!(
            read(&format!("{GOOD} x"), "w", CodeLists::bundled())
                .unwrap_err()
                .code,
            "worksheet.json"
        );
    }
}
