//! `validate` and `rules`: documents checked in batches, one validator built for the run.

use std::io::Write;

use eco_validator::{Options, Report, Severity, Status, Validator, ValidatorBuilder};
use serde::Serialize;

use crate::{Flags, Format, Usage, flags};

/// A validation with the exporter's worksheets of some items; `None` after saying which one
/// could not be assessed.
fn with_worksheets(
    validator: &Validator,
    bytes: &[u8],
    as_of: jiff::civil::Date,
    sheets: &[(u32, &str)],
) -> Option<Report> {
    #[cfg(feature = "origin")]
    {
        match validator.validate_with_worksheets(bytes, as_of, sheets) {
            Ok(r) => Some(r),
            Err(e) => {
                eprintln!("eco-validator: cannot assess {e}");
                None
            }
        }
    }
    #[cfg(not(feature = "origin"))]
    {
        let _ = (validator, bytes, as_of, sheets);
        eprintln!("eco-validator: --worksheet needs the origin feature");
        None
    }
}

/// The validator of one run, built once from the options and the data files; `None` after saying
/// what could not be loaded.
pub(crate) fn build(
    options: Options,
    profile_files: &[String],
    psr_files: &[String],
    status_file: Option<&str>,
) -> Option<Validator> {
    let read = |file: &str| match std::fs::read_to_string(file) {
        Ok(text) => Some(text),
        Err(e) => {
            eprintln!("eco-validator: cannot read {file}: {e}");
            None
        }
    };
    let status = match status_file {
        Some(file) => Some((file, read(file)?)),
        None => None,
    };
    let mut tables = Vec::new();
    for file in psr_files {
        tables.push((file.as_str(), read(file)?));
    }
    let mut texts = Vec::new();
    for file in profile_files {
        match std::fs::read_to_string(file) {
            Ok(text) => texts.push((file.as_str(), text)),
            Err(e) => {
                eprintln!("eco-validator: cannot read {file}: {e}");
                return None;
            }
        }
    }
    let built = ValidatorBuilder::profiles(
        Validator::builder().options(options),
        texts.iter().map(|(f, t)| (*f, t.as_str())),
    )
    .and_then(|b| match &status {
        Some((file, text)) => b.status_list(file, text),
        None => Ok(b),
    })
    .and_then(|b| {
        tables
            .iter()
            .try_fold(b, |b, (file, text)| b.psr_table(file, text))
    })
    .and_then(ValidatorBuilder::build);
    match built {
        Ok(v) => Some(v),
        Err(e) => {
            eprintln!("eco-validator: cannot load {e}");
            None
        }
    }
}

#[derive(Serialize)]
struct FileReport<'a> {
    file: &'a str,
    #[serde(flatten)]
    report: &'a Report,
}

pub(crate) fn validate(args: &[String]) -> Result<u8, Usage> {
    let Flags {
        format,
        options,
        profiles,
        psr,
        status_list,
        compare,
        worksheets,
        files,
    } = flags(args)?;
    if files.is_empty() {
        return Err(Usage("validate needs at least one file".into()));
    }
    let mut item_sheets: Vec<(u32, String)> = Vec::new();
    for w in &worksheets {
        let parsed = w
            .split_once('=')
            .and_then(|(n, f)| Some((n.parse::<u32>().ok().filter(|n| *n > 0)?, f)));
        let Some((item, file)) = parsed else {
            return Err(Usage(format!("--worksheet takes ITEM=FILE, not '{w}'")));
        };
        match std::fs::read_to_string(file) {
            Ok(text) => item_sheets.push((item, text)),
            Err(e) => {
                eprintln!("eco-validator: cannot read {file}: {e}");
                return Ok(2);
            }
        }
    }
    if compare {
        return Err(Usage("--compare is an option of origin".into()));
    }
    let as_of = options.as_of;
    let Some(validator) = build(options, &profiles, &psr, status_list.as_deref()) else {
        return Ok(2);
    };
    let mut unreadable = false;
    let mut any_error = false;
    let mut reports = Vec::new();
    for file in &files {
        match std::fs::read(file) {
            Ok(bytes) => {
                let report = if item_sheets.is_empty() {
                    validator.validate(&bytes, as_of)
                } else {
                    let sheets: Vec<(u32, &str)> =
                        item_sheets.iter().map(|(n, t)| (*n, t.as_str())).collect();
                    match with_worksheets(&validator, &bytes, as_of, &sheets) {
                        Some(r) => r,
                        None => return Ok(2),
                    }
                };
                any_error |= !report.valid;
                reports.push((file.as_str(), report));
            }
            Err(e) => {
                eprintln!("eco-validator: cannot read {file}: {e}");
                unreadable = true;
            }
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        Format::Json => {
            let list: Vec<FileReport<'_>> = reports
                .iter()
                .map(|(file, report)| FileReport { file, report })
                .collect();
            let _ = serde_json::to_writer_pretty(&mut out, &list);
            let _ = writeln!(out);
        }
        Format::Text => {
            for (file, report) in &reports {
                let _ = write_text(&mut out, file, report);
            }
        }
    }
    Ok(if unreadable {
        2
    } else if any_error {
        1
    } else {
        0
    })
}

/// A person's view: a verdict line, then findings grouped under their box and item.
fn write_text(out: &mut impl Write, file: &str, report: &Report) -> std::io::Result<()> {
    let verdict = if report.valid { "valid" } else { "INVALID" };
    let count = |s| report.count(s);
    writeln!(
        out,
        "{file}: {verdict} ({} errors, {} warnings, {} notes){}",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
        report
            .reference
            .as_ref()
            .map(|r| format!(" — {} {}", report.agreement.as_deref().unwrap_or("?"), r))
            .unwrap_or_default()
    )?;
    let mut group: Option<(Option<&str>, Option<u32>)> = None;
    for f in &report.findings {
        let key = (f.form_box, f.item);
        if group != Some(key) {
            let heading = match f.form_box {
                None => "Document".to_string(),
                Some("header") => "Header".to_string(),
                Some(b) => format!("Box {b}"),
            };
            match f.item {
                Some(i) => writeln!(out, "  {heading}, item {i}")?,
                None => writeln!(out, "  {heading}")?,
            }
            group = Some(key);
        }
        let position = match (f.line, f.column) {
            (Some(l), Some(c)) => format!("line {l}:{c}"),
            _ => f.path.clone(),
        };
        let severity = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            _ => "note",
        };
        let position = if f.line.is_some() {
            format!("{position}  {}", f.path)
        } else {
            position
        };
        writeln!(out, "    {severity:<7} {:<24} {position}", f.code)?;
        writeln!(out, "            {} [{}]", f.message, f.basis)?;
    }
    Ok(())
}

pub(crate) fn print_rules(format: Format) {
    let catalogue = eco_validator::rules();
    match format {
        Format::Json => {
            println!(
                "{}",
                serde_json::to_string_pretty(&catalogue).unwrap_or_default()
            );
        }
        Format::Text => {
            println!("rule catalogue {}", catalogue.version);
            for r in catalogue.rules {
                let severity = match r.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    _ => "info",
                };
                let status = match r.status {
                    Status::Active => "",
                    Status::Retired => " (retired)",
                };
                println!(
                    "{:<26} {:<7} box {:<6} {}{status}\n{:<26} basis: {}",
                    r.code,
                    severity,
                    r.form_box.unwrap_or("-"),
                    r.description,
                    "",
                    r.basis
                );
            }
        }
    }
}
