//! Options as callers spell them: `--as-of 2026-11-25` on the command line, `{ asOf: '2026-11-25' }`
//! in the npm package. Both skins look their names up here and hand over what was given, so they
//! accept the same values and refuse the same mistakes in the same words; neither parses a date,
//! an agreement code or a limit itself.

use crate::convert::to_usize;
use crate::lexical::{agreement_code_well_formed, parse_date, shown};
use crate::limits::Limits;
use crate::options::{FobRequiredFor, Options};

/// One option a caller can set.
#[derive(Debug)]
pub struct Setting {
    /// The command-line flag (`--as-of`).
    pub flag: &'static str,
    /// The npm option's path in the options object (`asOf`, `limits.maxBytes`).
    pub js: &'static str,
    kind: Kind,
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    AsOf,
    Agreement,
    TimorLesteAtigaFrom,
    FobRequiredFor,
    Limit(fn(&mut Limits, u32)),
}

/// A value as a skin received it.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum SettingValue<'a> {
    /// A command-line word: untyped, read as whatever the setting takes.
    Word(&'a str),
    /// A JavaScript string.
    Text(&'a str),
    /// A JavaScript number.
    Number(f64),
    /// Any other JavaScript value (an object, a boolean, a `Date`).
    Other,
}

/// Why a value was refused: what the setting takes, and what was given when it can be shown.
#[derive(Debug, PartialEq, Eq)]
pub struct SettingError {
    expected: &'static str,
    given: Option<String>,
}

impl SettingError {
    /// The stable code both skins report (`options.invalid`).
    pub const CODE: &'static str = "options.invalid";

    /// The message, with the option named as the caller spelled it.
    pub fn message(&self, name: &str) -> String {
        match &self.given {
            Some(given) => format!("{name} '{given}' is not {}", self.expected),
            None => format!("{name} must be {}", self.expected),
        }
    }
}

const DATE: &str = "a date YYYY-MM-DD";
const AGREEMENT: &str =
    "an agreement code such as ATIGA or RCEP (2 to 16 capitals, digits or hyphens)";
const FOB: &str = "exporting-or-importing, importing or exporting";
const WHOLE: &str = "a whole number from 1 to 4294967295";

/// Every setting, in the order the usage texts list them.
pub static SETTINGS: &[Setting] = &[
    Setting {
        flag: "--as-of",
        js: "asOf",
        kind: Kind::AsOf,
    },
    Setting {
        flag: "--agreement",
        js: "agreement",
        kind: Kind::Agreement,
    },
    Setting {
        flag: "--timor-leste-atiga-from",
        js: "timorLesteAtigaFrom",
        kind: Kind::TimorLesteAtigaFrom,
    },
    Setting {
        flag: "--fob-required-for",
        js: "fobRequiredFor",
        kind: Kind::FobRequiredFor,
    },
    Setting {
        flag: "--max-bytes",
        js: "limits.maxBytes",
        kind: Kind::Limit(|l, n| l.max_bytes = to_usize(n)),
    },
    Setting {
        flag: "--max-depth",
        js: "limits.maxDepth",
        kind: Kind::Limit(|l, n| l.max_depth = n),
    },
    Setting {
        flag: "--max-attributes",
        js: "limits.maxAttributes",
        kind: Kind::Limit(|l, n| l.max_attributes = n),
    },
    Setting {
        flag: "--max-namespaces",
        js: "limits.maxNamespaces",
        kind: Kind::Limit(|l, n| l.max_namespaces = n),
    },
    Setting {
        flag: "--max-items",
        js: "limits.maxItems",
        kind: Kind::Limit(|l, n| l.max_items = n),
    },
    Setting {
        flag: "--max-nodes",
        js: "limits.maxNodes",
        kind: Kind::Limit(|l, n| l.max_nodes = n),
    },
    Setting {
        flag: "--max-findings",
        js: "limits.maxFindings",
        kind: Kind::Limit(|l, n| l.max_findings = n),
    },
];

impl Setting {
    /// The setting a command-line flag names.
    pub fn by_flag(flag: &str) -> Option<&'static Setting> {
        SETTINGS.iter().find(|s| s.flag == flag)
    }

    /// The setting an npm option path names (`asOf`, `limits.maxBytes`).
    pub fn by_js(path: &str) -> Option<&'static Setting> {
        SETTINGS.iter().find(|s| s.js == path)
    }

    /// Sets the option from what the caller gave.
    pub fn apply(
        &self,
        options: &mut Options,
        value: SettingValue<'_>,
    ) -> Result<(), SettingError> {
        match self.kind {
            Kind::AsOf => options.as_of = date(value)?,
            Kind::TimorLesteAtigaFrom => options.timor_leste_atiga_from = Some(date(value)?),
            Kind::Agreement => {
                let code = text(value, AGREEMENT)?;
                if !agreement_code_well_formed(code) {
                    return Err(refused(code, AGREEMENT));
                }
                options.agreement = Some(code.to_owned());
            }
            Kind::FobRequiredFor => {
                let word = text(value, FOB)?;
                options.fob_required_for = match word {
                    "exporting-or-importing" => FobRequiredFor::ExportingOrImporting,
                    "importing" => FobRequiredFor::Importing,
                    "exporting" => FobRequiredFor::Exporting,
                    _ => return Err(refused(word, FOB)),
                };
            }
            Kind::Limit(set) => set(&mut options.limits, whole(value)?),
        }
        Ok(())
    }
}

/// A refusal quoting what was given, cut to a few dozen characters: a caller's value can be long.
fn refused(given: &str, expected: &'static str) -> SettingError {
    SettingError {
        expected,
        given: Some(shown(given)),
    }
}

fn text<'a>(value: SettingValue<'a>, expected: &'static str) -> Result<&'a str, SettingError> {
    match value {
        SettingValue::Word(t) | SettingValue::Text(t) => Ok(t),
        _ => Err(SettingError {
            expected,
            given: None,
        }),
    }
}

fn date(value: SettingValue<'_>) -> Result<jiff::civil::Date, SettingError> {
    let t = text(value, DATE)?;
    parse_date(t).ok_or_else(|| refused(t, DATE))
}

/// A limit: a command-line word of digits, or a JavaScript number that is whole; from 1, as a
/// limit of 0 would refuse everything.
fn whole(value: SettingValue<'_>) -> Result<u32, SettingError> {
    let n = match value {
        SettingValue::Word(t) => t.parse::<u32>().map_err(|_| refused(t, WHOLE))?,
        SettingValue::Number(n) if n.fract() == 0.0 && (1.0..=f64::from(u32::MAX)).contains(&n) => {
            // Whole and within range: the conversion is exact.
            #[allow(clippy::as_conversions)]
            let n = n as u32;
            n
        }
        _ => {
            return Err(SettingError {
                expected: WHOLE,
                given: None,
            });
        }
    };
    if n == 0 {
        return Err(refused("0", WHOLE));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> Options {
        Options::new(jiff::civil::date(2026, 1, 1))
    }

    #[test]
    fn both_spellings_name_every_setting_once() {
        for (i, a) in SETTINGS.iter().enumerate() {
            assert!(a.flag.starts_with("--"));
            assert_eq!(Setting::by_flag(a.flag).map(|s| s.js), Some(a.js));
            assert_eq!(Setting::by_js(a.js).map(|s| s.flag), Some(a.flag));
            for b in &SETTINGS[i + 1..] {
                assert!(a.flag != b.flag && a.js != b.js);
            }
        }
        assert!(Setting::by_js("asof").is_none() && Setting::by_flag("--asof").is_none());
    }

    #[test]
    fn values_take_effect() {
        let mut o = options();
        let set = |o: &mut Options, name: &str, v: SettingValue<'_>| {
            Setting::by_js(name).unwrap().apply(o, v)
        };
        set(&mut o, "asOf", SettingValue::Text("2026-11-25")).unwrap();
        assert_eq!(o.as_of, jiff::civil::date(2026, 11, 25));
        set(&mut o, "agreement", SettingValue::Word("RCEP")).unwrap();
        assert_eq!(o.agreement.as_deref(), Some("RCEP"));
        set(
            &mut o,
            "timorLesteAtigaFrom",
            SettingValue::Text("2027-01-01"),
        )
        .unwrap();
        assert_eq!(
            o.timor_leste_atiga_from,
            Some(jiff::civil::date(2027, 1, 1))
        );
        set(&mut o, "fobRequiredFor", SettingValue::Text("importing")).unwrap();
        assert_eq!(o.fob_required_for, FobRequiredFor::Importing);
        assert!(set(&mut o, "fobRequiredFor", SettingValue::Text("both")).is_err());
        set(&mut o, "limits.maxBytes", SettingValue::Word("77")).unwrap();
        set(&mut o, "limits.maxFindings", SettingValue::Number(3.0)).unwrap();
        assert_eq!((o.limits.max_bytes, o.limits.max_findings), (77, 3));
    }

    #[test]
    fn mistakes_are_refused_in_one_wording() {
        let mut o = options();
        let err = |name: &str, v: SettingValue<'_>| {
            let s = Setting::by_js(name).unwrap();
            s.apply(&mut options(), v).unwrap_err().message(s.flag)
        };
        assert_eq!(
            err("asOf", SettingValue::Word("25/11/2026")),
            "--as-of '25/11/2026' is not a date YYYY-MM-DD"
        );
        assert_eq!(
            err("asOf", SettingValue::Number(1.0)),
            "--as-of must be a date YYYY-MM-DD"
        );
        assert_eq!(
            err("agreement", SettingValue::Text("nafta")),
            "--agreement 'nafta' is not an agreement code such as ATIGA or RCEP (2 to 16 capitals, digits or hyphens)"
        );
        for bad in [
            SettingValue::Word("0"),
            SettingValue::Word("-1"),
            SettingValue::Word("1.5"),
            SettingValue::Number(0.0),
            SettingValue::Number(2.5),
            SettingValue::Number(5e9),
            SettingValue::Number(f64::NAN),
            SettingValue::Text("12"),
            SettingValue::Other,
        ] {
            assert!(
                err("limits.maxItems", bad).contains("a whole number from 1"),
                "{bad:?}"
            );
        }
        let long = "9".repeat(10_000);
        let cut = err("asOf", SettingValue::Word(&long));
        assert!(
            cut.len() < 100 && cut.contains(&format!("'{}…'", &long[..40])),
            "{cut}"
        );
        // A refused value leaves the options as they were.
        let before = o.clone();
        assert!(
            Setting::by_js("limits.maxDepth")
                .unwrap()
                .apply(&mut o, SettingValue::Number(-3.0))
                .is_err()
        );
        assert_eq!(o, before);
    }
}
