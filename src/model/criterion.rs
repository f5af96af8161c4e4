//! Box 8: the origin criterion, parsed from its printed form into a typed value, with the vocabulary
//! of the certificate's own form.
//!
//! Every form has its own codes: Form D prints `WO`, a percentage (`40%`, in practice also `RVC 40%`),
//! `CC`/`CTH`/`CTSH`, `SP`, combinations (`CTSH + 35%`) and `PC x%` (Annex 7 overleaf note 3); RCEP
//! prints `WO`, `PE`, `CTC`, `RVC`, `CR` with `ACU`/`DMI` beside them; Form AK has `WO-AK`. A
//! [`Vocabulary`] says which codes a form has, what each means and whether it carries a percentage;
//! the agreement profiles supply it, so the parser knows no form. Spelling variants that leave no
//! doubt (lower case, missing spaces or `%`) are accepted and flagged as minor discrepancies (OCP Rule
//! 16); a code the form does not have is returned so the caller can say which form it belongs to.

use std::fmt;

use rust_decimal::Decimal;

use crate::bytes::sub;
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
    /// The code the rule language and Form D print (`CC`, `CTH`, `CTSH`).
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

/// What a Box 8 code means, whatever the form prints for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Meaning {
    /// Wholly obtained or produced (ATIGA Art. 27; `WO`, and AKFTA's regional `WO-AK`).
    WhollyObtained,
    /// Produced entirely from originating materials (`PE`, Korea–China's `WP`).
    ProducedEntirely,
    /// Regional value content (`40%`, `RVC`).
    RegionalValueContent,
    /// A change in tariff classification at a level (`CC`, `CTH`, `CTSH`) or at the level the
    /// product-specific rule names (`CTC`, level `None`).
    TariffShift(Option<TariffShift>),
    /// A specific manufacturing or processing operation (`SP`).
    SpecificProcess,
    /// A chemical reaction (RCEP `CR`).
    ChemicalReaction,
    /// The product-specific rule, whatever it is (ACFTA and Korea–China `PSR`).
    ProductSpecificRule,
    /// Partial cumulation (`PC x%`, ATIGA Art. 30(2)).
    PartialCumulation,
    /// Accumulation applied (RCEP `ACU`), printed beside a criterion.
    Accumulation,
    /// De minimis applied (RCEP `DMI`), printed beside a criterion.
    DeMinimis,
}

/// Whether a code carries a percentage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Percent {
    /// Never (`CTH`, RCEP's `RVC`).
    Never,
    /// May (`RVC` on Form AK).
    Optional,
    /// Must (`PC x%`).
    Required,
}

/// One code of a form's Box 8.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Code {
    /// As printed, in capitals (`WO`, `WO-AK`, `CTSH`).
    pub text: String,
    /// What it means.
    pub meaning: Meaning,
    /// Whether it carries a percentage.
    pub percent: Percent,
    /// Whether it must stand alone (`WO`, `PC x%` on Form D).
    pub alone: bool,
    /// Whether it may only stand beside a criterion (RCEP's `ACU`, `DMI`).
    pub beside: bool,
}

/// A form's Box 8 vocabulary: its codes, how they combine and how a combination is printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vocabulary {
    /// Every code, at most 255.
    pub codes: Vec<Code>,
    /// The code a bare percentage stands for (`40%` is RVC on Form D), printed bare.
    pub bare_percent: Option<u8>,
    /// Printed between the parts of a combination (` + `); `+` and `,` are read.
    pub separator: String,
    /// At most this many parts.
    pub max_parts: usize,
}

/// One part of what Box 8 says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    /// Index of the code in the vocabulary.
    pub code: u8,
    /// What the code means.
    pub meaning: Meaning,
    /// The percentage printed with it, if any.
    pub percent: Option<Decimal>,
}

/// What Box 8 says: one criterion or a combination of criteria, all of which were met.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OriginCriterion {
    /// The parts, in the order printed.
    pub parts: Vec<Part>,
}

/// Why a Box 8 text was not understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CriterionError {
    /// Not a criterion of the form.
    Syntax,
    /// A word that is no code of the form: the caller may know another form that has it.
    Unknown(String),
}

impl OriginCriterion {
    /// Parses Box 8 with a form's vocabulary. Returns the criterion and whether the text was in the
    /// canonical spelling.
    pub fn parse(
        text: &str,
        vocabulary: &Vocabulary,
    ) -> Result<(OriginCriterion, bool), CriterionError> {
        // A single code as written on most certificates needs neither a copy nor a comparison with
        // its printed form.
        if let Some((i, code)) = vocabulary
            .codes
            .iter()
            .enumerate()
            .find(|(_, c)| c.text == text && c.percent != Percent::Required && !c.beside)
            && let Ok(index) = u8::try_from(i)
        {
            let part = Part {
                code: index,
                meaning: code.meaning,
                percent: None,
            };
            return Ok((OriginCriterion { parts: vec![part] }, true));
        }
        let trimmed = text.trim();
        // Lower case is never canonical; text without it is parsed as it stands, without a copy.
        if trimmed.bytes().any(|b| b.is_ascii_lowercase()) {
            let upper = trimmed.to_ascii_uppercase();
            return Ok((parse_upper(&upper, vocabulary)?, false));
        }
        let parsed = parse_upper(trimmed, vocabulary)?;
        let canonical = spelled(trimmed, &parsed.printed(vocabulary, false))
            || spelled(trimmed, &parsed.printed(vocabulary, true));
        Ok((parsed, canonical))
    }

    /// The criterion as its form prints it.
    pub fn printed<'v>(&'v self, vocabulary: &'v Vocabulary, coded: bool) -> Printed<'v> {
        Printed {
            criterion: self,
            vocabulary,
            coded,
        }
    }

    /// The percentage of the first part that means `meaning`, if printed.
    pub fn percent_of(&self, meaning: Meaning) -> Option<Decimal> {
        self.parts
            .iter()
            .find(|p| p.meaning == meaning)
            .and_then(|p| p.percent)
    }

    /// Whether some part means `meaning`.
    pub fn has(&self, meaning: Meaning) -> bool {
        self.parts.iter().any(|p| p.meaning == meaning)
    }
}

/// A criterion printed in its form's vocabulary; `coded` prints a bare percentage with its code too
/// (`RVC 40%` for `40%`), the alternative spelling practice uses.
pub struct Printed<'v> {
    criterion: &'v OriginCriterion,
    vocabulary: &'v Vocabulary,
    coded: bool,
}

impl fmt::Display for Printed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, part) in self.criterion.parts.iter().enumerate() {
            if i > 0 {
                f.write_str(&self.vocabulary.separator)?;
            }
            let code = self.vocabulary.codes.get(usize::from(part.code));
            let bare = self.vocabulary.bare_percent == Some(part.code) && !self.coded;
            match (code, part.percent) {
                (Some(_), Some(p)) if bare => write!(f, "{p}%")?,
                (Some(c), Some(p)) => write!(f, "{} {p}%", c.text)?,
                (Some(c), None) => f.write_str(&c.text)?,
                (None, _) => f.write_str("?")?,
            }
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

fn parse_upper(s: &str, vocabulary: &Vocabulary) -> Result<OriginCriterion, CriterionError> {
    if s.is_empty() {
        return Err(CriterionError::Syntax);
    }
    let mut parts: Vec<Part> = Vec::new();
    for piece in s.split(['+', ',']) {
        let part = parse_part(piece.trim(), vocabulary)?;
        if parts.iter().any(|p| p.code == part.code) {
            return Err(CriterionError::Syntax);
        }
        parts.push(part);
    }
    let alone = |p: &Part| {
        vocabulary
            .codes
            .get(usize::from(p.code))
            .is_some_and(|c| c.alone)
    };
    let beside = |p: &Part| {
        vocabulary
            .codes
            .get(usize::from(p.code))
            .is_some_and(|c| c.beside)
    };
    if parts.len() > vocabulary.max_parts.max(1)
        || (parts.len() > 1 && parts.iter().any(alone))
        || parts.iter().all(beside)
    {
        return Err(CriterionError::Syntax);
    }
    Ok(OriginCriterion { parts })
}

fn parse_part(piece: &str, vocabulary: &Vocabulary) -> Result<Part, CriterionError> {
    if piece.is_empty() {
        return Err(CriterionError::Syntax);
    }
    // The longest code the piece starts with wins (`WO-AK` before `WO`, `CTSH` before `CTH`).
    let mut best: Option<(usize, &Code)> = None;
    for (i, code) in vocabulary.codes.iter().enumerate() {
        let Some(rest) = piece.strip_prefix(code.text.as_str()) else {
            continue;
        };
        // A code is a whole word: `CTHX` is not `CTH`.
        let whole_word = rest.is_empty() || !rest.starts_with(|c: char| c.is_ascii_alphabetic());
        if whole_word && best.is_none_or(|(_, b)| b.text.len() < code.text.len()) {
            best = Some((i, code));
        }
    }
    if let Some((i, code)) = best {
        let index = u8::try_from(i).map_err(|_| CriterionError::Syntax)?;
        let rest = sub(piece, code.text.len()..).trim_start();
        let percent = match (rest.is_empty(), code.percent) {
            (true, Percent::Required) => return Err(CriterionError::Syntax),
            (true, _) => None,
            (false, Percent::Never) => return Err(CriterionError::Syntax),
            (false, _) => Some(percentage(rest).ok_or(CriterionError::Syntax)?),
        };
        return Ok(Part {
            code: index,
            meaning: code.meaning,
            percent,
        });
    }
    if let Some(index) = vocabulary.bare_percent
        && let Some(percent) = percentage(piece)
        && let Some(code) = vocabulary.codes.get(usize::from(index))
    {
        return Ok(Part {
            code: index,
            meaning: code.meaning,
            percent: Some(percent),
        });
    }
    let word: String = piece
        .chars()
        .take_while(|c| c.is_ascii_alphabetic() || *c == '-')
        .collect();
    if word.is_empty() {
        Err(CriterionError::Syntax)
    } else {
        Err(CriterionError::Unknown(word))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Form D's vocabulary as the ATIGA profile spells it.
    fn form_d() -> Vocabulary {
        let code = |text: &str, meaning, percent, alone| Code {
            text: text.into(),
            meaning,
            percent,
            alone,
            beside: false,
        };
        Vocabulary {
            codes: vec![
                code("WO", Meaning::WhollyObtained, Percent::Never, true),
                code(
                    "RVC",
                    Meaning::RegionalValueContent,
                    Percent::Required,
                    false,
                ),
                code(
                    "CC",
                    Meaning::TariffShift(Some(TariffShift::Chapter)),
                    Percent::Never,
                    false,
                ),
                code(
                    "CTH",
                    Meaning::TariffShift(Some(TariffShift::Heading)),
                    Percent::Never,
                    false,
                ),
                code(
                    "CTSH",
                    Meaning::TariffShift(Some(TariffShift::Subheading)),
                    Percent::Never,
                    false,
                ),
                code("SP", Meaning::SpecificProcess, Percent::Never, false),
                code("PC", Meaning::PartialCumulation, Percent::Required, true),
            ],
            bare_percent: Some(1),
            separator: " + ".into(),
            max_parts: 3,
        }
    }

    fn ok(s: &str) -> (String, bool) {
        let v = form_d();
        let (c, canonical) = OriginCriterion::parse(s, &v).unwrap();
        (c.printed(&v, false).to_string(), canonical)
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
        assert_eq!(ok("CTSH, 35%"), ("CTSH + 35%".into(), false));
        // The number as printed, too: no leading zero, and the whole text compared, not a prefix.
        assert_eq!(ok("040%"), ("40%".into(), false));
        assert_eq!(ok("RVC 040%"), ("40%".into(), false));
        assert_eq!(ok("40% "), ("40%".into(), true));
        assert_eq!(ok("CTH + 40% + SP"), ("CTH + 40% + SP".into(), true));
        assert_eq!(ok("CTH +  40%"), ("CTH + 40%".into(), false));
    }

    #[test]
    fn typed_values() {
        let (c, _) = OriginCriterion::parse("CTSH + 35%", &form_d()).unwrap();
        let meanings: Vec<_> = c.parts.iter().map(|p| (p.meaning, p.percent)).collect();
        assert_eq!(
            meanings,
            [
                (Meaning::TariffShift(Some(TariffShift::Subheading)), None),
                (Meaning::RegionalValueContent, Some(Decimal::new(35, 0))),
            ]
        );
        assert_eq!(
            c.percent_of(Meaning::RegionalValueContent),
            Some(Decimal::new(35, 0))
        );
        assert!(!c.has(Meaning::WhollyObtained));
    }

    #[test]
    fn rejects_what_is_not_a_criterion() {
        for bad in [
            "",
            "CTH +",
            "+ CTH",
            "40%%",
            "RVC",
            "PC",
            "CTH + CTH",
            ".5%",
            "4 0%",
            "WO + CTH",
            "CTH 40%",
            "CTH + SP + 40% + CC",
        ] {
            assert_eq!(
                OriginCriterion::parse(bad, &form_d()),
                Err(CriterionError::Syntax),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn returns_words_the_form_does_not_have() {
        for (text, word) in [
            ("PE", "PE"),
            ("CR", "CR"),
            ("ACU + 40%", "ACU"),
            ("XYZ", "XYZ"),
            ("CTHX", "CTHX"),
            ("CTSH or RVC", "CTSH"),
        ] {
            let got = OriginCriterion::parse(text, &form_d());
            if text == "CTSH or RVC" {
                // A known code followed by more words is no criterion, not another form's code.
                assert_eq!(got, Err(CriterionError::Syntax));
            } else {
                assert_eq!(got, Err(CriterionError::Unknown(word.into())), "{text}");
            }
        }
    }

    #[test]
    fn the_longest_code_wins() {
        let mut v = form_d();
        v.codes.push(Code {
            text: "WO-AK".into(),
            meaning: Meaning::WhollyObtained,
            percent: Percent::Never,
            alone: true,
            beside: false,
        });
        v.codes.push(Code {
            text: "DMI".into(),
            meaning: Meaning::DeMinimis,
            percent: Percent::Never,
            alone: false,
            beside: true,
        });
        assert_eq!(
            OriginCriterion::parse("DMI", &v),
            Err(CriterionError::Syntax),
            "a note beside nothing"
        );
        assert!(OriginCriterion::parse("CTH + DMI", &v).is_ok());
        let (c, canonical) = OriginCriterion::parse("WO-AK", &v).unwrap();
        assert!(canonical);
        assert_eq!(c.parts[0].code, 7);
        assert_eq!(c.printed(&v, false).to_string(), "WO-AK");
    }
}
