//! `origin`: an exporter's worksheet assessed under its agreement, or compared under all.

use eco_validator::Validator;

use super::validate::build;
use crate::{Flags, Format, Usage, flags};

#[cfg(feature = "origin")]
pub(crate) fn origin(args: &[String]) -> Result<u8, Usage> {
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
