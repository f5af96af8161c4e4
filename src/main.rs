//! The command-line tool: validate files in batches, print the rule catalogue, convert bindings.
//!
//! Exit codes: 0 when no document has an error, 1 when one has, 2 for usage errors or unreadable files.

use std::process::ExitCode;

mod cli;

use eco_validator::{Options, Setting, SettingValue};

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
        "validate" => cli::validate::validate(rest),
        "rules" => {
            let flags = flags(rest)?;
            if !flags.files.is_empty() {
                return Err(Usage("rules takes no files".into()));
            }
            cli::validate::print_rules(flags.format);
            Ok(0)
        }
        "convert" => cli::documents::convert(rest),
        "c14n" => cli::documents::c14n(rest),
        #[cfg(feature = "signatures")]
        "verify" => cli::signatures::verify(rest),
        #[cfg(all(feature = "signing", not(target_arch = "wasm32")))]
        "sign" => cli::signatures::sign(rest),
        #[cfg(all(feature = "signing", not(target_arch = "wasm32")))]
        "trust" => match rest.split_first() {
            Some((sub, args)) if sub == "sign" => cli::signatures::trust_sign(args),
            _ => Err(Usage("trust takes the subcommand sign".into())),
        },
        #[cfg(feature = "origin")]
        "origin" => cli::origin::origin(rest),
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

fn today_utc() -> jiff::civil::Date {
    jiff::tz::Offset::UTC
        .to_datetime(jiff::Timestamp::now())
        .date()
}

/// A file's bytes, or `None` after saying why it cannot be read.
fn read_file(file: &str) -> Option<Vec<u8>> {
    std::fs::read(file)
        .map_err(|e| eprintln!("eco-validator: cannot read {file}: {e}"))
        .ok()
}
