//! `verify`, `sign` and `trust sign`: signed e-Form Ds checked against a trust list, and the
//! native signing of documents and trust lists (a test and pilot tool).

use std::io::Write;

use eco_validator::{Severity, Validator};
use serde::Serialize;

use crate::{Format, Usage, read_file, today_utc};

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
pub(crate) fn sign(args: &[String]) -> Result<u8, Usage> {
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
pub(crate) fn trust_sign(args: &[String]) -> Result<u8, Usage> {
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
pub(crate) fn verify(args: &[String]) -> Result<u8, Usage> {
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
