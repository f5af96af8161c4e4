//! The worksheet as a spreadsheet exports it: CSV (UTF-8, with or without a byte order mark,
//! quoted fields, CR LF or LF), a block of `name,value` rows for the good, then the bill of
//! materials under its own header row:
//!
//! ```text
//! agreement,ATIGA
//! product hs,2404.19.10
//! product description,Tobacco substitute sticks
//! fob,1000.00
//! currency,USD
//! labour,120.00
//! overhead,80.00
//! profit,60.00
//! other,10.00
//! rate THB,0.028
//! rvc method,indirect
//! processes,spinning weaving
//! description,hs,value,currency,origin,weight,rvc
//! Herbal blend,1211.90,300.00,,non-originating,,
//! "Filter tow, cellulose acetate",5502.10,100.00,THB,originating,,25
//! ```
//!
//! The names are those of the JSON worksheet, in words; the materials' header row starts with
//! `description` and may list its columns in any order (`hs`, `value` and `origin` required).
//! Every value that is not what its column takes is an error with its line and column: a wrong
//! number is never read as zero.

use rust_decimal::Decimal;

use crate::bytes::sub;
use crate::codelists::CodeLists;
use std::borrow::Cow;

use crate::lexical::{HsCode, plain_decimal, shown};
use crate::loading::LoadError;
use crate::psr::Process;

use super::worksheet::{
    MAX_MATERIALS, MAX_RATE, Material, MaterialOrigin, Method, Worksheet, within,
};

/// Reads a CSV worksheet; errors have the code `worksheet.csv` (not CSV) or `worksheet.value`,
/// and their path is `line L, column C`.
/// Its texts are owned (the CSV reader reuses its record).
pub fn read(text: &str, source: &str, codes: &CodeLists) -> Result<Worksheet<'static>, LoadError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let fail = |code: &'static str, line: usize, column: usize, message: String| {
        LoadError::new(
            code,
            source,
            &format!("line {line}, column {column}"),
            message,
        )
    };
    let mut ws = Worksheet {
        agreement: String::new(),
        hs: HsCode::default(),
        description: Cow::Borrowed(""),
        fob: Decimal::ZERO,
        currency: Cow::Borrowed(""),
        materials: Vec::new(),
        costs: [Decimal::ZERO; 4],
        weight: None,
        rates: Vec::new(),
        method: Method::Indirect,
        processes: Vec::new(),
        minimal_operations: false,
        wholly_obtained: false,
    };
    let mut columns: Option<Vec<String>> = None;
    let mut record = csv::StringRecord::new();
    // Lines are counted from the record's byte offset: the reader's own line count takes CR LF
    // for two line ends at times.
    // A record after CR LF is said to start at the LF: step over it.
    let line_at = |byte: u64| {
        let mut end = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
        if text.as_bytes().get(end) == Some(&b'\n') {
            end += 1;
        }
        1 + text.as_bytes()[..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
    };
    loop {
        let start = reader.position().byte();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let byte = e.position().map_or(start, csv::Position::byte);
                return Err(fail("worksheet.csv", line_at(byte), 1, e.to_string()));
            }
        }
        let line = line_at(start);
        // A row of empty cells is a spreadsheet's blank line.
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |i: usize| record.get(i).unwrap_or("").trim();
        let value_error = |column: usize, what: &str| {
            fail(
                "worksheet.value",
                line,
                column + 1,
                format!(
                    "'{}' is not {what}",
                    shown(record.get(column).unwrap_or("").trim())
                ),
            )
        };
        if let Some(cols) = &columns {
            if ws.materials.len() == MAX_MATERIALS {
                return Err(fail(
                    "worksheet.value",
                    line,
                    1,
                    format!("more than {MAX_MATERIALS} materials"),
                ));
            }
            ws.materials
                .push(material(cols, &record, codes, &value_error)?);
            continue;
        }
        let name = cell(0).to_ascii_lowercase();
        if name == "description" {
            let cols: Vec<String> = record
                .iter()
                .map(|c| c.trim().to_ascii_lowercase())
                .collect();
            for (i, c) in cols.iter().enumerate() {
                if !super::worksheet::MATERIAL.contains(&c.as_str()) {
                    return Err(value_error(i, "a column of the bill of materials"));
                }
                if cols[..i].contains(c) {
                    return Err(value_error(i, "a column named only once"));
                }
            }
            for needed in ["hs", "value", "origin"] {
                if !cols.iter().any(|c| c == needed) {
                    return Err(fail(
                        "worksheet.value",
                        line,
                        1,
                        format!("the bill of materials needs a '{needed}' column"),
                    ));
                }
            }
            columns = Some(cols);
            continue;
        }
        // A name and one value: a third cell is a value split at a comma (`1.000,00`).
        if let Some(extra) = (2..record.len()).find(|i| !cell(*i).is_empty()) {
            return Err(value_error(
                extra,
                "empty: a name row has one value (is a number written with a comma?)",
            ));
        }
        let value = cell(1);
        let amount =
            || plain_decimal(value).ok_or_else(|| value_error(1, "a non-negative decimal number"));
        match name.as_str() {
            "agreement" => ws.agreement = value.to_owned(),
            "product hs" => {
                ws.hs = HsCode::parse(value)
                    .ok_or_else(|| value_error(1, "an HS code of 6, 8 or 10 digits"))?;
            }
            "product description" => ws.description = Cow::Owned(value.to_owned()),
            "fob" => ws.fob = amount()?,
            "currency" => {
                if !codes.is_currency(value) {
                    return Err(value_error(1, "an ISO 4217 currency code"));
                }
                ws.currency = Cow::Owned(value.to_owned());
            }
            "labour" => ws.costs[0] = amount()?,
            "overhead" => ws.costs[1] = amount()?,
            "profit" => ws.costs[2] = amount()?,
            "other" => ws.costs[3] = amount()?,
            "weight" => ws.weight = Some(amount()?),
            "rvc method" => {
                ws.method = match value {
                    "indirect" => Method::Indirect,
                    "direct" => Method::Direct,
                    _ => return Err(value_error(1, "indirect or direct")),
                }
            }
            "processes" => {
                for word in value.split_whitespace() {
                    let p = Process::from_word(word).ok_or_else(|| {
                        value_error(1, "processes of the rule language, separated by spaces")
                    })?;
                    ws.processes.push(p);
                }
            }
            "minimal operations" | "wholly obtained" => {
                let flag = match value {
                    "true" | "yes" => true,
                    "false" | "no" | "" => false,
                    _ => return Err(value_error(1, "true or false")),
                };
                if name == "minimal operations" {
                    ws.minimal_operations = flag;
                } else {
                    ws.wholly_obtained = flag;
                }
            }
            rate if rate.starts_with("rate ") => {
                let code = sub(rate, 5..).trim().to_ascii_uppercase();
                if !codes.is_currency(&code) {
                    return Err(value_error(0, "'rate' and an ISO 4217 currency code"));
                }
                let r = amount()?;
                if r.is_zero() || r > MAX_RATE {
                    return Err(value_error(1, "a rate above zero and at most 1000000"));
                }
                ws.rates.push((Cow::Owned(code), r));
            }
            _ => {
                return Err(value_error(
                    0,
                    "a name of the worksheet (agreement, product hs, fob, currency, …) or the materials' header",
                ));
            }
        }
    }
    for (name, missing) in [
        ("agreement", ws.agreement.is_empty()),
        ("product hs", ws.hs.as_str().is_empty()),
        ("fob", ws.fob.is_zero()),
        ("currency", ws.currency.is_empty()),
        ("the materials' header row", columns.is_none()),
    ] {
        if missing {
            return Err(LoadError::new(
                "worksheet.value",
                source,
                "",
                format!(
                    "the worksheet needs {name}{}",
                    if name == "fob" { " above zero" } else { "" }
                ),
            ));
        }
    }
    Ok(ws)
}

fn material(
    cols: &[String],
    record: &csv::StringRecord,
    codes: &CodeLists,
    value_error: &dyn Fn(usize, &str) -> LoadError,
) -> Result<Material<'static>, LoadError> {
    let at = |name: &str| cols.iter().position(|c| c == name);
    let cell = |name: &str| {
        at(name)
            .and_then(|i| record.get(i))
            .map(str::trim)
            .unwrap_or("")
    };
    let decimal = |name: &str| -> Result<Option<Decimal>, LoadError> {
        let text = cell(name);
        if text.is_empty() {
            return Ok(None);
        }
        plain_decimal(text)
            .filter(|d| within(*d))
            .map(Some)
            .ok_or_else(|| {
                value_error(
                    at(name).unwrap_or(0),
                    "a non-negative decimal number, at most 10^15",
                )
            })
    };
    let hs = HsCode::parse(cell("hs"))
        .ok_or_else(|| value_error(at("hs").unwrap_or(0), "an HS code of 6, 8 or 10 digits"))?;
    let value =
        decimal("value")?.ok_or_else(|| value_error(at("value").unwrap_or(0), "a value"))?;
    let currency = match cell("currency") {
        "" => None,
        c if codes.is_currency(c) => Some(Cow::Owned(c.to_owned())),
        _ => {
            return Err(value_error(
                at("currency").unwrap_or(0),
                "an ISO 4217 currency code",
            ));
        }
    };
    let origin = match cell("origin") {
        "originating" => MaterialOrigin::Originating,
        "non-originating" => MaterialOrigin::NonOriginating,
        "unknown" => MaterialOrigin::Unknown,
        _ => {
            return Err(value_error(
                at("origin").unwrap_or(0),
                "originating, non-originating or unknown",
            ));
        }
    };
    let rvc = decimal("rvc")?;
    if rvc.is_some_and(|r| r > Decimal::ONE_HUNDRED) {
        return Err(value_error(
            at("rvc").unwrap_or(0),
            "a percentage from 0 to 100",
        ));
    }
    Ok(Material {
        description: Cow::Owned(cell("description").to_owned()),
        hs,
        value,
        currency,
        origin,
        weight: decimal("weight")?,
        rvc,
    })
}
