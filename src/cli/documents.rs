//! `convert` and `c14n`: a certificate written in the other binding, a document canonicalised.

use eco_validator::{Options, Syntax};

use crate::{Usage, read_file, today_utc};

pub(crate) fn c14n(args: &[String]) -> Result<u8, Usage> {
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

pub(crate) fn convert(args: &[String]) -> Result<u8, Usage> {
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
