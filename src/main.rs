//! The command-line tool: validate files in batches, print the rule catalogue, convert bindings.
//!
//! Exit codes: 0 when no document has an error, 1 when one has, 2 for usage errors or unreadable files.

use std::io::Write;
use std::process::ExitCode;

use eco_validator::{
    Options, Report, Setting, SettingValue, Severity, Status, Syntax, Validator, ValidatorBuilder,
};
use serde::Serialize;

const USAGE: &str = "\
usage:
  eco-validator validate [--format text|json] [--as-of YYYY-MM-DD] [--agreement CODE]
                         [--timor-leste-atiga-from YYYY-MM-DD]
                         [--max-bytes N] [--max-depth N] [--max-attributes N]
                         [--max-namespaces N] [--max-items N] [--max-nodes N]
                         [--max-findings N] [--profiles FILE]... FILE...
  eco-validator origin [--format text|json] [--agreement CODE] [--compare]
                       [--profiles FILE]... [--psr FILE]... WORKSHEET.json
  eco-validator rules [--format text|json]
  eco-validator convert --to xml|json FILE
  eco-validator c14n [--exclusive] [--with-comments] FILE
  eco-validator verify [--format text|json] [--as-of YYYY-MM-DD] [--trust TRUST.json]
                       [--trust-key OPERATOR.pem] [--last-seen VERSION] FILE...
  eco-validator sign --key KEY.pem [--cert CERT.pem] [--chain CHAIN.pem] [--method M] IN.xml
  eco-validator trust sign --key KEY.pem LIST.json
  eco-validator --version

validate  checks each FILE (XML or JSON, told apart by content) and reports every finding.
          --as-of sets the validation clock (default: today in UTC); --agreement the
          agreement every document must claim (one with a profile);
          --timor-leste-atiga-from the date from which Timor-Leste counts as an ATIGA
          party (default: never; it is not in Annex 7 overleaf note 1);
          --profiles loads an agreement profile (JSON, see profiles/README.md) beside the
          bundled ones (ATIGA, RCEP, AKFTA, ACFTA, KCFTA), replacing one of the same
          agreement; it may be given more than once; --psr loads a product-specific-rule
          table, replacing the bundled one of its agreement (ATIGA: the implementing
          guidelines and the textile list); --status-list loads the issuers'
          list of cancelled and replaced certificates (a listed one is invalid, and the
          finding names its replacement); --worksheet checks item ITEM's Box 8 and the
          ticks against the exporter's worksheet of it (see origin); --fob-required-for how overleaf note 10's
          'exported from and imported by' is read (default: either side).
          The limits (each a whole number from 1) refuse a document beyond them with a
          limit.* finding: --max-bytes its size (default 5242880), --max-depth its nesting
          (32), --max-attributes attributes per XML element (16), --max-namespaces namespace
          declarations per XML document (16), --max-items goods items (999), --max-nodes
          elements, attributes and JSON members (100000);
          --max-findings how many findings a report lists (default 1000; the rest are
          counted in a limit.findings warning).
origin    assesses an exporter's worksheet (the good, its FOB, its bill of materials and
          costs): whether it originates, by which rule and alternative, the RVC by both
          formulas, what Box 8 would say, and every step with its article. Exit 0 when the
          good originates, 1 when it does not, 2 for usage errors or an unreadable worksheet.
          --agreement assesses under another agreement than the worksheet names; --compare
          under every loaded agreement side by side (exit 0 when it originates under one).
rules     prints the rule catalogue.
convert   reads FILE and writes the certificate in the other binding to standard output.
c14n      prints FILE's Canonical XML 1.0 form (--exclusive: Exclusive XML Canonicalization
          1.0; --with-comments keeps its comments); exit 1
          with the reason and its code when the document has none here (a DOCTYPE, a
          relative namespace name, not well-formed).
verify    checks each FILE's enveloped XML signature against the trust list (--trust, in
          its signed envelope; --trust-key pins the list operator's public key or
          certificate, PEM; --last-seen the highest list version seen before, so that a
          rolled-back list is reported), stage by stage (parse, profile, digest, signature,
          chain, trust, time, revocation), then validates what was signed. --as-of is the
          clock (default: today in UTC). Exit 0 when every file verified and its signed
          content is valid, 1 otherwise, 2 for usage errors or unreadable files.
sign      signs IN.xml in the profile (exclusive canonicalisation, SHA-256, RSA or ECDSA
          as KEY.pem is; PKCS #8 PEM) and writes it to standard output; --cert (and
          --chain) go into KeyInfo, none: no KeyInfo (for a key the trust list pins). A
          test and pilot tool: production issuers sign with their HSM or xmlsec1.
trust sign
          signs a trust list (JSON, format eco-validator/trust-list/1) with the list
          operator's KEY.pem into the JWS envelope verify reads.";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

struct Usage(String);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => ExitCode::from(code),
        Err(Usage(msg)) => {
            eprintln!("eco-validator: {msg}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<u8, Usage> {
    let Some((command, rest)) = args.split_first() else {
        return Err(Usage("no command given".into()));
    };
    match command.as_str() {
        "validate" => validate(rest),
        "rules" => {
            let flags = flags(rest)?;
            if !flags.files.is_empty() {
                return Err(Usage("rules takes no files".into()));
            }
            print_rules(flags.format);
            Ok(0)
        }
        "convert" => convert(rest),
        "c14n" => c14n(rest),
        #[cfg(feature = "signatures")]
        "verify" => verify(rest),
        #[cfg(all(feature = "signing", not(target_arch = "wasm32")))]
        "sign" => sign(rest),
        #[cfg(all(feature = "signing", not(target_arch = "wasm32")))]
        "trust" => match rest.split_first() {
            Some((sub, args)) if sub == "sign" => trust_sign(args),
            _ => Err(Usage("trust takes the subcommand sign".into())),
        },
        #[cfg(feature = "origin")]
        "origin" => origin(rest),
        "--version" | "-V" => {
            println!("eco-validator {}", eco_validator::VERSION);
            Ok(0)
        }
        "--help" | "-h" | "help" => {
            println!("{USAGE}");
            Ok(0)
        }
        other => Err(Usage(format!("unknown command '{other}'"))),
    }
}

/// What `validate` and `rules` accept besides file names.
struct Flags {
    format: Format,
    options: Options,
    profiles: Vec<String>,
    psr: Vec<String>,
    status_list: Option<String>,
    compare: bool,
    worksheets: Vec<String>,
    files: Vec<String>,
}

/// Parses `--format`, the settings (`--as-of`, `--agreement`, the limits…) and the file names.
fn flags(args: &[String]) -> Result<Flags, Usage> {
    let mut format = Format::Text;
    let mut options = Options::new(today_utc());
    let mut files = Vec::new();
    let mut profiles = Vec::new();
    let mut status_list = None;
    let mut psr = Vec::new();
    let mut compare = false;
    let mut worksheets = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        let mut value = |name: &str| -> Result<String, Usage> {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or_else(|| Usage(format!("{name} needs a value")))
        };
        match flag {
            "--format" => {
                format = match value("--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => return Err(Usage(format!("unknown format '{other}'"))),
                }
            }
            "--profiles" => profiles.push(value("--profiles")?),
            "--status-list" => status_list = Some(value("--status-list")?),
            "--psr" => psr.push(value("--psr")?),
            "--compare" => compare = true,
            "--worksheet" => worksheets.push(value("--worksheet")?),
            "--" => files.extend(it.by_ref().cloned()),
            f if f.starts_with("--") => {
                let setting =
                    Setting::by_flag(f).ok_or_else(|| Usage(format!("unknown option '{f}'")))?;
                let v = value(f)?;
                setting
                    .apply(&mut options, SettingValue::Word(&v))
                    .map_err(|e| Usage(e.message(f)))?;
            }
            _ => files.push(a.clone()),
        }
    }
    Ok(Flags {
        format,
        options,
        profiles,
        psr,
        status_list,
        compare,
        worksheets,
        files,
    })
}

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
fn build(
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

fn today_utc() -> jiff::civil::Date {
    jiff::tz::Offset::UTC
        .to_datetime(jiff::Timestamp::now())
        .date()
}

#[derive(Serialize)]
struct FileReport<'a> {
    file: &'a str,
    #[serde(flatten)]
    report: &'a Report,
}

fn validate(args: &[String]) -> Result<u8, Usage> {
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

#[cfg(feature = "origin")]
fn origin(args: &[String]) -> Result<u8, Usage> {
    let Flags {
        format,
        options,
        profiles,
        psr,
        status_list,
        compare,
        worksheets: _,
        files,
    } = flags(args)?;
    let [file] = files.as_slice() else {
        return Err(Usage("origin takes exactly one worksheet".into()));
    };
    let agreement = options.agreement.clone();
    let as_of = options.as_of;
    let Some(validator) = build(options, &profiles, &psr, status_list.as_deref()) else {
        return Ok(2);
    };
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("eco-validator: cannot read {file}: {e}");
            return Ok(2);
        }
    };
    if compare {
        return Ok(compare_origin(&validator, &text, file, as_of, format));
    }
    // --agreement names the agreement to assess under, in place of the worksheet's.
    let text = match &agreement {
        Some(code) => match with_agreement(&text, code) {
            Some(t) => t,
            None => {
                eprintln!("eco-validator: {file} is not a JSON object with an agreement");
                return Ok(2);
            }
        },
        None => text,
    };
    let assessment = match validator.assess_origin(&text, file, as_of) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("eco-validator: cannot assess {e}");
            return Ok(2);
        }
    };
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&assessment).unwrap_or_default()
        ),
        Format::Text => {
            let a = &assessment;
            let verdict = if a.originating {
                "originating"
            } else {
                "NOT originating"
            };
            println!(
                "{file}: {verdict} under {} ({})",
                a.agreement, a.rule_source
            );
            println!("  rule: {}", a.rule);
            for c in &a.criteria {
                println!(
                    "    {} {}",
                    if c.met { "met    " } else { "not met" },
                    c.code
                );
            }
            let pct = |v: &Option<String>| v.clone().map_or("-".into(), |v| format!("{v} %"));
            println!(
                "  RVC: indirect {}, direct {} ({} decides)",
                pct(&a.rvc.indirect),
                pct(&a.rvc.direct),
                a.rvc.method
            );
            println!("  Box 8: {}", a.box8.as_deref().unwrap_or("-"));
            if a.ticks.de_minimis || a.ticks.partial_cumulation {
                println!(
                    "  ticks:{}{}",
                    if a.ticks.de_minimis {
                        " De Minimis"
                    } else {
                        ""
                    },
                    if a.ticks.partial_cumulation {
                        " Partial Cumulation"
                    } else {
                        ""
                    }
                );
            }
            for b in &a.break_points {
                if let Some(max) = &b.max_non_originating {
                    let fob = b.min_fob.as_deref().unwrap_or("-");
                    println!(
                        "  break-point {}: non-originating materials at most {max}; FOB at least {fob}",
                        b.criterion
                    );
                } else if !b.failing_materials.is_empty() {
                    println!(
                        "  break-point {}: fails for {}; de minimis allows {}",
                        b.criterion,
                        b.failing_materials.join(", "),
                        b.de_minimis_limit.as_deref().unwrap_or("-")
                    );
                }
            }
            println!("  trail:");
            for s in a.trail.iter() {
                println!("    - {} [{}]", s.text, s.basis);
            }
        }
    }
    Ok(if assessment.originating { 0 } else { 1 })
}

/// The worksheet with its `agreement` member replaced, written back as JSON.
#[cfg(feature = "origin")]
fn with_agreement(text: &str, code: &str) -> Option<String> {
    let mut v: serde_json::Value = serde_json::from_str(text).ok()?;
    *v.as_object_mut()?.get_mut("agreement")? = serde_json::Value::String(code.to_owned());
    Some(v.to_string())
}

/// Every loaded agreement side by side.
#[cfg(feature = "origin")]
fn compare_origin(
    validator: &Validator,
    text: &str,
    file: &str,
    as_of: jiff::civil::Date,
    format: Format,
) -> u8 {
    let rows = match validator.compare_origin(text, file, as_of) {
        Ok(rows) => rows,
        Err(e) => {
            eprintln!("eco-validator: cannot assess {e}");
            return 2;
        }
    };
    let any = rows
        .iter()
        .any(|(_, r)| r.as_ref().is_ok_and(|a| a.originating));
    match format {
        Format::Json => {
            let list: Vec<serde_json::Value> = rows
                .iter()
                .map(|(agreement, r)| match r {
                    Ok(a) => serde_json::json!({ "agreement": agreement, "assessment": a }),
                    Err(e) => serde_json::json!({ "agreement": agreement, "error": { "code": e.code, "message": e.message } }),
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            );
        }
        Format::Text => {
            println!("{file}: compared under {} agreements", rows.len());
            for (agreement, r) in &rows {
                match r {
                    Ok(a) => {
                        let by = a
                            .criteria
                            .iter()
                            .find(|c| c.met)
                            .map_or("-", |c| c.code.as_str());
                        println!(
                            "  {agreement:<8} {:<16} by {by:<28} Box 8: {}",
                            if a.originating {
                                "originating"
                            } else {
                                "not originating"
                            },
                            a.box8.as_deref().unwrap_or("-")
                        );
                    }
                    Err(e) => println!("  {agreement:<8} not assessed: {}", e.message),
                }
            }
        }
    }
    if any { 0 } else { 1 }
}

fn print_rules(format: Format) {
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

/// A file's bytes, or `None` after saying why it cannot be read.
fn read_file(file: &str) -> Option<Vec<u8>> {
    std::fs::read(file)
        .map_err(|e| eprintln!("eco-validator: cannot read {file}: {e}"))
        .ok()
}

fn c14n(args: &[String]) -> Result<u8, Usage> {
    let mut method = eco_validator::C14nMethod {
        exclusive: false,
        comments: false,
    };
    let mut files = Vec::new();
    for a in args {
        match a.as_str() {
            "--with-comments" => method.comments = true,
            "--exclusive" => method.exclusive = true,
            f if f.starts_with("--") => return Err(Usage(format!("unknown option '{f}'"))),
            _ => files.push(a),
        }
    }
    let [file] = files.as_slice() else {
        return Err(Usage("c14n takes exactly one file".into()));
    };
    let Some(bytes) = read_file(file) else {
        return Ok(2);
    };
    match eco_validator::canonicalize(&bytes, method, &eco_validator::Limits::default()) {
        Ok(text) => {
            print!("{text}");
            Ok(0)
        }
        Err(e) => {
            eprintln!(
                "eco-validator: {file}: {} at byte {} ({})",
                e.reason, e.offset, e.code
            );
            Ok(1)
        }
    }
}

fn convert(args: &[String]) -> Result<u8, Usage> {
    let mut to = None;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--to" => to = it.next().cloned(),
            f if f.starts_with("--to=") => to = Some(f[5..].to_string()),
            f if f.starts_with("--") => return Err(Usage(format!("unknown option '{f}'"))),
            _ => files.push(a.clone()),
        }
    }
    let [file] = files.as_slice() else {
        return Err(Usage("convert takes exactly one file".into()));
    };
    let Some(bytes) = read_file(file) else {
        return Ok(2);
    };
    let options = Options::new(today_utc());
    let parsed = eco_validator::parse(&bytes, &options);
    if !parsed.is_faithful() {
        eprintln!(
            "eco-validator: {file} has structural errors; converting it would drop what they concern \
             (run `eco-validator validate {file}`)"
        );
        return Ok(1);
    }
    let Some(cert) = parsed.certificate else {
        return Ok(1);
    };
    match to.as_deref() {
        Some("xml") => print!("{}", eco_validator::write(&cert, Syntax::Xml)),
        Some("json") => print!("{}", eco_validator::write(&cert, Syntax::Json)),
        _ => return Err(Usage("convert needs --to xml or --to json".into())),
    }
    Ok(0)
}

/// Options by name (`--name VALUE` or `--name=VALUE`) and the file names.
type Parsed = (Vec<(String, String)>, Vec<String>);

/// `--name VALUE` or `--name=VALUE` options and the file names, for the signature commands.
fn options_and_files(args: &[String], known: &[&str]) -> Result<Parsed, Usage> {
    let mut options = Vec::new();
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(flag) = a.strip_prefix("--") {
            let (name, value) = match flag.split_once('=') {
                Some((n, v)) => (n.to_string(), v.to_string()),
                None => (
                    flag.to_string(),
                    it.next()
                        .cloned()
                        .ok_or_else(|| Usage(format!("--{flag} needs a value")))?,
                ),
            };
            if !known.contains(&name.as_str()) {
                return Err(Usage(format!("unknown option '--{name}'")));
            }
            options.push((name, value));
        } else {
            files.push(a.clone());
        }
    }
    Ok((options, files))
}

fn option<'o>(options: &'o [(String, String)], name: &str) -> Option<&'o str> {
    options
        .iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn read_text(file: &str) -> Option<String> {
    std::fs::read_to_string(file)
        .map_err(|e| eprintln!("eco-validator: cannot read {file}: {e}"))
        .ok()
}

#[cfg(all(feature = "signing", not(target_arch = "wasm32")))]
fn private_key(file: &str) -> Option<eco_validator::PrivateKey> {
    let text = read_text(file)?;
    eco_validator::PrivateKey::from_pem(&text)
        .map_err(|e| eprintln!("eco-validator: {file}: {} ({})", e.reason, e.code))
        .ok()
}

/// A signature method by its short name (`rsa-pss-sha256`, …), as the profile has them.
#[cfg(all(feature = "signing", not(target_arch = "wasm32")))]
fn signature_method(name: &str) -> Option<eco_validator::Scheme> {
    use eco_validator::{Hash, Scheme};
    let (family, hash) = name.rsplit_once("-sha")?;
    let hash = match hash {
        "256" => Hash::Sha256,
        "384" => Hash::Sha384,
        "512" => Hash::Sha512,
        _ => return None,
    };
    match family {
        "rsa" => Some(Scheme::RsaPkcs1(hash)),
        "rsa-pss" => Some(Scheme::RsaPss(hash)),
        "ecdsa" => Some(Scheme::Ecdsa(hash)),
        _ => None,
    }
}

#[cfg(all(feature = "signing", not(target_arch = "wasm32")))]
fn sign(args: &[String]) -> Result<u8, Usage> {
    let (options, files) = options_and_files(args, &["key", "cert", "chain", "method"])?;
    let [file] = files.as_slice() else {
        return Err(Usage("sign takes exactly one file".into()));
    };
    let scheme = match option(&options, "method") {
        None => None,
        Some(name) => Some(signature_method(name).ok_or_else(|| {
            Usage(format!(
                "--method takes rsa-sha256|384|512, rsa-pss-sha256|384|512 or ecdsa-sha256|384|512, not {name}"
            ))
        })?),
    };
    let key_file = option(&options, "key").ok_or_else(|| Usage("sign needs --key".into()))?;
    let Some(key) = private_key(key_file) else {
        return Ok(2);
    };
    let mut certificates = Vec::new();
    for name in ["cert", "chain"] {
        if let Some(f) = option(&options, name) {
            let Some(text) = read_text(f) else {
                return Ok(2);
            };
            match eco_validator::pem_certificates(&text) {
                Ok(mut c) => certificates.append(&mut c),
                Err(e) => {
                    eprintln!("eco-validator: {f}: {}", e.reason);
                    return Ok(2);
                }
            }
        }
    }
    if option(&options, "chain").is_some() && option(&options, "cert").is_none() {
        return Err(Usage("--chain goes with --cert".into()));
    }
    let Some(bytes) = read_file(file) else {
        return Ok(2);
    };
    match eco_validator::sign_document(
        &bytes,
        &key,
        scheme,
        &certificates,
        &eco_validator::Limits::default(),
    ) {
        Ok(signed) => {
            print!("{signed}");
            Ok(0)
        }
        Err(e) => {
            eprintln!("eco-validator: {file}: {} ({})", e.reason, e.code);
            Ok(1)
        }
    }
}

#[cfg(all(feature = "signing", not(target_arch = "wasm32")))]
fn trust_sign(args: &[String]) -> Result<u8, Usage> {
    let (options, files) = options_and_files(args, &["key"])?;
    let [file] = files.as_slice() else {
        return Err(Usage("trust sign takes exactly one list".into()));
    };
    let key_file = option(&options, "key").ok_or_else(|| Usage("trust sign needs --key".into()))?;
    let Some(key) = private_key(key_file) else {
        return Ok(2);
    };
    let Some(text) = read_text(file) else {
        return Ok(2);
    };
    match eco_validator::sign_trust_list(&text, file, &key, eco_validator::Data::bundled()) {
        Ok(signed) => {
            print!("{signed}");
            Ok(0)
        }
        Err(e) => {
            eprintln!("eco-validator: cannot sign {e}");
            Ok(1)
        }
    }
}

#[cfg(feature = "signatures")]
#[derive(Serialize)]
struct FileVerification<'a> {
    file: &'a str,
    #[serde(flatten)]
    verification: &'a eco_validator::Verification,
}

#[cfg(feature = "signatures")]
fn verify(args: &[String]) -> Result<u8, Usage> {
    let (options, files) = options_and_files(
        args,
        &["format", "as-of", "trust", "trust-key", "last-seen"],
    )?;
    if files.is_empty() {
        return Err(Usage("verify needs at least one file".into()));
    }
    let format = match option(&options, "format") {
        None | Some("text") => Format::Text,
        Some("json") => Format::Json,
        Some(other) => return Err(Usage(format!("unknown format '{other}'"))),
    };
    let as_of = match option(&options, "as-of") {
        None => today_utc(),
        Some(d) => d
            .parse::<jiff::civil::Date>()
            .map_err(|_| Usage(format!("--as-of takes a date YYYY-MM-DD, not '{d}'")))?,
    };
    let last_seen = match option(&options, "last-seen") {
        None => None,
        Some(v) => Some(
            v.parse::<u32>()
                .map_err(|_| Usage(format!("--last-seen takes a whole number, not '{v}'")))?,
        ),
    };
    let operator = match option(&options, "trust-key") {
        None => None,
        Some(f) => {
            let Some(text) = read_text(f) else {
                return Ok(2);
            };
            match eco_validator::public_key_from_pem(&text) {
                Ok(k) => Some(k),
                Err(e) => {
                    eprintln!("eco-validator: {f}: {} ({})", e.reason, e.code);
                    return Ok(2);
                }
            }
        }
    };
    let mut builder = Validator::builder();
    if let Some(f) = option(&options, "trust") {
        let Some(text) = read_text(f) else {
            return Ok(2);
        };
        builder = match builder.trust_list(f, &text, operator.as_ref(), last_seen) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("eco-validator: cannot load {e}");
                return Ok(2);
            }
        };
    } else if operator.is_some() {
        return Err(Usage("--trust-key goes with --trust".into()));
    }
    let validator = match builder.build() {
        Ok(v) => v,
        Err(e) => {
            eprintln!("eco-validator: cannot load {e}");
            return Ok(2);
        }
    };
    let mut results = Vec::new();
    for file in &files {
        let Some(bytes) = read_file(file) else {
            return Ok(2);
        };
        results.push((file.as_str(), validator.verify(&bytes, as_of)));
    }
    let all_good = results
        .iter()
        .all(|(_, v)| v.verified && v.report.as_ref().is_some_and(|r| r.valid));
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let rows: Vec<FileVerification<'_>> = results
                .iter()
                .map(|(file, verification)| FileVerification { file, verification })
                .collect();
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&rows).unwrap_or_default()
            );
        }
        Format::Text => {
            for (file, v) in &results {
                let verdict = if v.verified {
                    "verified"
                } else {
                    "NOT verified"
                };
                let _ = writeln!(out, "{file}: {verdict}");
                if let Some(notice) = v.notice {
                    let _ = writeln!(out, "  {notice}");
                }
                if let Some(t) = &v.trust_list {
                    let _ = writeln!(
                        out,
                        "  trust list version {} ({}; its signature {}; next update {})",
                        t.version,
                        if t.demo { "demo" } else { "not demo" },
                        t.signature,
                        t.next_update
                    );
                }
                for s in &v.stages {
                    let _ = writeln!(
                        out,
                        "  {:<10} {:<11} {:<24} {}",
                        s.stage, s.status, s.code, s.reason
                    );
                }
                if let Some(d) = &v.signed_digest {
                    let _ = writeln!(
                        out,
                        "  signed digest (SHA-256 of the canonical signed bytes): {d}"
                    );
                }
                if let Some(r) = &v.report {
                    let errors = r
                        .findings
                        .iter()
                        .filter(|f| f.severity == Severity::Error)
                        .count();
                    let _ = writeln!(
                        out,
                        "  the signed certificate is {} ({} findings, {errors} errors)",
                        if r.valid { "valid" } else { "INVALID" },
                        r.findings.len()
                    );
                    for f in &r.findings {
                        let _ = writeln!(out, "    {} {}: {}", f.code, f.path, f.message);
                    }
                }
            }
        }
    }
    Ok(if all_good { 0 } else { 1 })
}
