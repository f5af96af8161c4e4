//! Box 8: the origin criterion, parsed from its printed form into a typed value.
//!
//! Annex 7 overleaf note 3 fixes what may stand in Box 8 of Form D: `WO`; the RVC percentage (`40%`,
//! printed in practice also as `RVC 40%`); the CTC rule applied (`CC`, `CTH`, `CTSH`); `SP`; a combination
//! of these (`CTSH + 35%`); or `PC x%` for partial cumulation. Spelling variants that leave no doubt
//! (lower case, missing spaces or `%`) are accepted and flagged as minor discrepancies (OCP Rule 16);
//! codes of other forms (PE, CR, ACU, DMI…) are recognised so the finding can say where they belong.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::lexical::plain_decimal;

/// The level of a change-in-tariff-classification rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TariffShift {
    /// `CC`: change of chapter (2 digits).
    Chapter,
    /// `CTH`: change of tariff heading (4 digits).
    Heading,
    /// `CTSH`: change of tariff subheading (6 digits).
    Subheading,
}

impl TariffShift {
    /// The code Box 8 prints (`CC`, `CTH`, `CTSH`).
    pub fn code(self) -> &'static str {
        match self {
            TariffShift::Chapter => "CC",
            TariffShift::Heading => "CTH",
            TariffShift::Subheading => "CTSH",
        }
    }

    /// How many leading HS digits must change.
    pub fn digits(self) -> usize {
        match self {
            TariffShift::Chapter => 2,
            TariffShift::Heading => 4,
            TariffShift::Subheading => 6,
        }
    }
}

/// One criterion of a not-wholly-obtained good (ATIGA Art. 28).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Criterion {
    /// Regional value content of at least this percentage.
    RegionalValueContent {
        /// The percentage, as printed.
        percent: Decimal,
    },
    /// `CC`, `CTH` or `CTSH`.
    TariffShift(TariffShift),
    /// `SP`: a specific process (the product-specific rules).
    SpecificProcess,
}

/// What Box 8 says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OriginCriterion {
    /// `WO` (Art. 27).
    WhollyObtained,
    /// One criterion or a combination, all of which were met (Art. 28 and the PSR).
    NotWhollyObtained(Vec<Criterion>),
    /// `PC x%` (Art. 30(2)): a material cumulated in proportion to its RVC.
    PartialCumulation {
        /// The regional value content of the good, as printed.
        percent: Decimal,
    },
}

/// Why a Box 8 text was not understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CriterionError {
    /// Not a criterion at all.
    Syntax,
    /// A code that belongs to another agreement's form.
    OtherForm(String),
}

/// Codes seen on other certificates that Form D does not use.
const OTHER_FORM_CODES: &[&str] = &["PE", "CR", "ACU", "DMI", "WP", "PSR", "CTC", "WO-AK"];

impl OriginCriterion {
    /// Parses Box 8. Returns the criterion and whether the text was in the canonical spelling.
    pub fn parse(text: &str) -> Result<(OriginCriterion, bool), CriterionError> {
        let trimmed = text.trim();
        // The single codes, as written on most certificates, need neither a copy nor a comparison
        // with their printed form.
        let single = |c| Ok((OriginCriterion::NotWhollyObtained(vec![c]), true));
        match text {
            "WO" => return Ok((OriginCriterion::WhollyObtained, true)),
            "CC" => return single(Criterion::TariffShift(TariffShift::Chapter)),
            "CTH" => return single(Criterion::TariffShift(TariffShift::Heading)),
            "CTSH" => return single(Criterion::TariffShift(TariffShift::Subheading)),
            "SP" => return single(Criterion::SpecificProcess),
            _ => {}
        }
        // Lower case is never canonical; text without it is parsed as it stands, without a copy.
        if trimmed.bytes().any(|b| b.is_ascii_lowercase()) {
            return Ok((parse_upper(&trimmed.to_ascii_uppercase())?, false));
        }
        let parsed = parse_upper(trimmed)?;
        let canonical = spelled(trimmed, &parsed) || spelled(trimmed, &RvcSpelling(&parsed));
        Ok((parsed, canonical))
    }
}

/// The alternative spelling practice prints: `RVC 40%` for `40%`, also in combinations.
struct RvcSpelling<'c>(&'c OriginCriterion);

impl fmt::Display for RvcSpelling<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let OriginCriterion::NotWhollyObtained(parts) = self.0 else {
            return self.0.fmt(f);
        };
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                f.write_str(" + ")?;
            }
            if let Criterion::RegionalValueContent { .. } = p {
                f.write_str("RVC ")?;
            }
            p.fmt(f)?;
        }
        Ok(())
    }
}

/// Whether `value` prints exactly as `text`: compared piece by piece as it is written, no string made.
fn spelled(text: &str, value: &dyn fmt::Display) -> bool {
    struct Against<'t>(Option<&'t str>);
    impl fmt::Write for Against<'_> {
        fn write_str(&mut self, piece: &str) -> fmt::Result {
            self.0 = self.0.and_then(|rest| rest.strip_prefix(piece));
            Ok(())
        }
    }
    let mut against = Against(Some(text));
    fmt::write(&mut against, format_args!("{value}")).is_ok() && against.0 == Some("")
}

fn parse_upper(s: &str) -> Result<OriginCriterion, CriterionError> {
    if s.is_empty() {
        return Err(CriterionError::Syntax);
    }
    if s == "WO" {
        return Ok(OriginCriterion::WhollyObtained);
    }
    if let Some(rest) = s.strip_prefix("PC")
        && let Some(p) = percentage(rest.trim())
    {
        return Ok(OriginCriterion::PartialCumulation { percent: p });
    }
    let mut parts = Vec::new();
    for piece in s.split('+') {
        let piece = piece.trim();
        let part = match piece {
            "CC" => Criterion::TariffShift(TariffShift::Chapter),
            "CTH" => Criterion::TariffShift(TariffShift::Heading),
            "CTSH" => Criterion::TariffShift(TariffShift::Subheading),
            "SP" => Criterion::SpecificProcess,
            _ => {
                let body = piece.strip_prefix("RVC").map(str::trim).unwrap_or(piece);
                match percentage(body) {
                    Some(percent) => Criterion::RegionalValueContent { percent },
                    None => return Err(other_form_or_syntax(piece)),
                }
            }
        };
        if parts.contains(&part) {
            return Err(CriterionError::Syntax);
        }
        parts.push(part);
    }
    Ok(OriginCriterion::NotWhollyObtained(parts))
}

fn other_form_or_syntax(piece: &str) -> CriterionError {
    let head: String = piece
        .chars()
        .take_while(|c| c.is_ascii_alphabetic() || *c == '-' || *c == ' ')
        .collect();
    let head = head.trim();
    match OTHER_FORM_CODES.iter().find(|c| **c == head) {
        Some(code) => CriterionError::OtherForm((*code).to_string()),
        None => CriterionError::Syntax,
    }
}

/// `40%`, `40 %`, `40.5%`, or a bare number (a non-canonical spelling the caller flags).
fn percentage(s: &str) -> Option<Decimal> {
    let number = s.strip_suffix('%').map(str::trim_end).unwrap_or(s);
    if number.is_empty()
        || number.len() > 12
        || !number.chars().all(|c| c.is_ascii_digit() || c == '.')
        || number.starts_with('.')
        || number.ends_with('.')
        || number.matches('.').count() > 1
    {
        return None;
    }
    plain_decimal(number)
}

impl fmt::Display for Criterion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Criterion::RegionalValueContent { percent } => write!(f, "{percent}%"),
            Criterion::TariffShift(t) => f.write_str(t.code()),
            Criterion::SpecificProcess => f.write_str("SP"),
        }
    }
}

impl fmt::Display for OriginCriterion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OriginCriterion::WhollyObtained => f.write_str("WO"),
            OriginCriterion::PartialCumulation { percent } => write!(f, "PC {percent}%"),
            OriginCriterion::NotWhollyObtained(parts) => {
                for (i, p) in parts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" + ")?;
                    }
                    write!(f, "{p}")?;
                }
                Ok(())
            }
        }
    }
}

impl Serialize for OriginCriterion {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> (String, bool) {
        let (c, canonical) = OriginCriterion::parse(s).unwrap();
        (c.to_string(), canonical)
    }

    #[test]
    fn canonical_forms_of_note_3() {
        assert_eq!(ok("WO"), ("WO".into(), true));
        assert_eq!(ok("40%"), ("40%".into(), true));
        assert_eq!(ok("RVC 40%"), ("40%".into(), true));
        assert_eq!(ok("CC"), ("CC".into(), true));
        assert_eq!(ok("CTH"), ("CTH".into(), true));
        assert_eq!(ok("CTSH"), ("CTSH".into(), true));
        assert_eq!(ok("SP"), ("SP".into(), true));
        assert_eq!(ok("CTSH + 35%"), ("CTSH + 35%".into(), true));
        assert_eq!(ok("RVC 40% + CTH"), ("40% + CTH".into(), true));
        assert_eq!(ok("PC 25%"), ("PC 25%".into(), true));
        assert_eq!(ok("42.5%"), ("42.5%".into(), true));
        assert_eq!(ok("40.50%"), ("40.50%".into(), true));
    }

    #[test]
    fn variants_are_understood_but_not_canonical() {
        assert_eq!(ok("rvc40%"), ("40%".into(), false));
        assert_eq!(ok("RVC 40"), ("40%".into(), false));
        assert_eq!(ok(" cth "), ("CTH".into(), false));
        assert_eq!(ok("CTSH+35%"), ("CTSH + 35%".into(), false));
        assert_eq!(ok("PC25%"), ("PC 25%".into(), false));
        // The number as printed, too: no leading zero, and the whole text compared, not a prefix.
        assert_eq!(ok("040%"), ("40%".into(), false));
        assert_eq!(ok("RVC 040%"), ("40%".into(), false));
        assert_eq!(ok("40% "), ("40%".into(), true));
        assert_eq!(ok("CTH + 40% + SP"), ("CTH + 40% + SP".into(), true));
        assert_eq!(ok("CTH +  40%"), ("CTH + 40%".into(), false));
    }

    #[test]
    fn typed_values() {
        let (c, _) = OriginCriterion::parse("CTSH + 35%").unwrap();
        assert_eq!(
            c,
            OriginCriterion::NotWhollyObtained(vec![
                Criterion::TariffShift(TariffShift::Subheading),
                Criterion::RegionalValueContent {
                    percent: Decimal::new(35, 0)
                },
            ])
        );
    }

    #[test]
    fn rejects_what_is_not_a_criterion() {
        for bad in [
            "",
            "XYZ",
            "CTH +",
            "+ CTH",
            "40%%",
            "RVC",
            "PC",
            "CTH + CTH",
            ".5%",
            "4 0%",
            "WO + CTH",
        ] {
            assert_eq!(
                OriginCriterion::parse(bad),
                Err(CriterionError::Syntax),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn names_codes_of_other_forms() {
        assert_eq!(
            OriginCriterion::parse("PE"),
            Err(CriterionError::OtherForm("PE".into()))
        );
        assert_eq!(
            OriginCriterion::parse("CR"),
            Err(CriterionError::OtherForm("CR".into()))
        );
        assert_eq!(
            OriginCriterion::parse("ACU + 40%"),
            Err(CriterionError::OtherForm("ACU".into()))
        );
    }
}
