//! Agreements as data: a profile says what an agreement's certificate looks like and what its
//! procedure requires — form, parties and when they joined, the Box 8 vocabulary, general rule, tick
//! boxes, HS digits on the form, validity, item limit, de minimis, cumulation, where FOB is shown —
//! each part with the legal text a finding about it cites. The rule stages know no agreement: a
//! certificate is checked against its own agreement's profile, and adding an agreement is adding a
//! profile (`format.rs` documents the JSON).
//!
//! Five profiles are bundled (ATIGA, RCEP, AKFTA, ACFTA, Korea–China), read once on first use; a
//! caller can load others, or replace these, when building a validator.

use std::sync::Arc;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::codelists::CodeLists;
use crate::loading::LoadError;
use crate::model::Vocabulary;
use crate::psr::Rule;

mod format;

/// A value of a profile with the legal text that fixes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cited<T> {
    /// The value.
    pub value: T,
    /// What a finding about it cites.
    pub basis: String,
}

/// A party to an agreement, from the date it joined (until the date it left, if it did).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// The first day the agreement is in force for it.
    pub from: Date,
    /// The last day, if it left.
    pub until: Option<Date>,
}

/// De minimis: by value, and for some chapters also by weight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeMinimis {
    /// The share of FOB non-originating materials that fail the CTC may have.
    pub value_percent: Decimal,
    /// The share of the good's weight, for the chapters below.
    pub weight_percent: Option<Decimal>,
    /// Chapter ranges (inclusive) where the weight test applies.
    pub weight_chapters: Vec<(u8, u8)>,
}

/// Where Box 9 must show the FOB value when an RVC criterion is used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FobRule {
    /// Never required.
    Never,
    /// Always, when an RVC criterion is used.
    All,
    /// For the listed states only (ATIGA overleaf note 10).
    States(Vec<String>),
}

/// One agreement's profile, checked and compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// The code certificates name (`ATIGA`).
    pub agreement: String,
    /// The agreement's name.
    pub name: String,
    /// The profile's own version, quoted by reports.
    pub version: String,
    /// Where its content comes from.
    pub sources: Vec<String>,
    /// The form type code certificates carry (`D`).
    pub form: Cited<String>,
    /// The form's name in messages (`Form D`).
    pub form_name: String,
    /// Who is party, from when.
    pub parties: Cited<Vec<Membership>>,
    /// The Box 8 vocabulary.
    pub criteria: Cited<Vocabulary>,
    /// The general rule of origin in the PSR rule language, when the agreement has one.
    pub general_rule: Option<Rule>,
    /// The form's tick boxes, by binding name or other code.
    pub ticks: Cited<Vec<String>>,
    /// HS digits the form asks for.
    pub hs_digits: Cited<Vec<u8>>,
    /// Months a certificate stays valid from its issue date.
    pub validity_months: Cited<u32>,
    /// Months after shipment a certificate may still be issued retroactively.
    pub retroactive_months: Option<Cited<u32>>,
    /// Items one certificate may list.
    pub max_items: Option<Cited<u32>>,
    /// The de minimis rule.
    pub de_minimis: Option<Cited<DeMinimis>>,
    /// Whether materials of every party count as originating.
    pub full_cumulation: bool,
    /// Partial cumulation's range of RVC, `from` inclusive, `below` exclusive.
    pub partial_cumulation: Cited<Option<(Decimal, Decimal)>>,
    /// Where FOB must be shown.
    pub fob: Cited<FobRule>,
    /// A consignment of at most this total FOB in US dollars needs no proof of origin.
    pub waiver_usd: Option<Cited<Decimal>>,
    /// The articles an origin assessment's trail cites, each step by its topic.
    pub articles: Articles,
    /// The articles the certification procedures are checked against (back-to-back certificates,
    /// certified true copies, exhibitions, third-country invoicing).
    pub procedures: Procedures,
    /// What was transcribed from where, and what was left out.
    pub notes: Vec<String>,
}

/// The articles of the agreement's rules of origin, as the origin assessment's trail cites them
/// (ATIGA: Art. 29 for the RVC…). A profile that does not give one cites "the {agreement} rules of
/// origin".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Articles {
    /// Wholly obtained goods.
    pub wholly_obtained: String,
    /// Goods produced entirely from originating materials.
    pub produced_entirely: String,
    /// The general rule, and the choice between its criteria.
    pub general_rule: String,
    /// Product-specific rules.
    pub product_specific: String,
    /// The RVC formulas.
    pub rvc: String,
    /// Non-originating materials, unknown origin, cumulation of materials.
    pub materials: String,
    /// The change of tariff classification.
    pub ctc: String,
    /// Minimal operations.
    pub minimal_operations: String,
    /// Textile or specific processes.
    pub processes: String,
}

/// Where a profile's agreement sets out the certification procedures its findings cite. Each
/// defaults to the tick boxes' basis: a finding on a certificate of one agreement never cites
/// another's rules (the catalogue's citations are Form D's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Procedures {
    /// Back-to-back certificates (ATIGA Annex 8 Rule 11).
    pub back_to_back: String,
    /// Certified true copies (Rule 12).
    pub certified_copy: String,
    /// Goods sent to exhibitions (Rule 22).
    pub exhibition: String,
    /// Third-country invoicing (Rule 23).
    pub third_country_invoicing: String,
}

impl Profile {
    /// Whether `country` is a party on `on`.
    pub fn is_party(&self, country: &str, on: Date) -> bool {
        self.parties
            .value
            .iter()
            .any(|m| m.country == country && m.from <= on && m.until.is_none_or(|u| on <= u))
    }

    /// Whether the form has the tick box named `name`.
    pub fn has_tick(&self, name: &str) -> bool {
        self.ticks.value.iter().any(|t| t == name)
    }
}

/// The tick boxes the binding has elements for; other ticks of other forms are `OtherIndicator`s.
pub const TICKS: [&str; 8] = [
    "thirdCountryInvoicing",
    "exhibition",
    "accumulation",
    "deMinimis",
    "backToBack",
    "issuedRetroactively",
    "partialCumulation",
    "movementCertificate",
];

/// The profiles a validator checks against, one per agreement. Shared, not copied: every validator
/// built on the bundled profiles holds the same ones.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profiles {
    list: Vec<Arc<Profile>>,
}

/// The bundled profiles' file names and texts.
#[cfg(feature = "bundled")]
const BUNDLED: [(&str, &str); 5] = [
    ("atiga.json", include_str!("../../profiles/atiga.json")),
    ("rcep.json", include_str!("../../profiles/rcep.json")),
    ("akfta.json", include_str!("../../profiles/akfta.json")),
    ("acfta.json", include_str!("../../profiles/acfta.json")),
    ("kcfta.json", include_str!("../../profiles/kcfta.json")),
];

impl Profiles {
    /// The bundled profiles, read once per process (they are part of the build, so reading them
    /// cannot fail; the test suite loads each and a failure there stops the build's tests).
    #[cfg(feature = "bundled")]
    pub fn bundled() -> &'static Profiles {
        static BUNDLE: std::sync::OnceLock<Profiles> = std::sync::OnceLock::new();
        BUNDLE.get_or_init(|| {
            Profiles::load(
                BUNDLED.iter().map(|(name, text)| (*name, *text)),
                CodeLists::bundled(),
            )
            .unwrap_or_default()
        })
    }

    /// Loads profiles from JSON texts, each named for errors; their countries must be in `codes`.
    /// Two profiles for one agreement are an error: which one a certificate meets must not depend
    /// on order.
    pub fn load<'t>(
        texts: impl IntoIterator<Item = (&'t str, &'t str)>,
        codes: &CodeLists,
    ) -> Result<Profiles, LoadError> {
        let mut list: Vec<Arc<Profile>> = Vec::new();
        for (source, text) in texts {
            let profile = format::parse(text, source, codes).map_err(|e| *e)?;
            if list.iter().any(|p| p.agreement == profile.agreement) {
                return Err(LoadError::new(
                    "profile.duplicate",
                    source,
                    "/agreement",
                    format!("a profile for {} is already loaded", profile.agreement),
                ));
            }
            list.push(Arc::new(profile));
        }
        Ok(Profiles { list })
    }

    /// These profiles with `other`'s added, `other`'s replacing any of the same agreement.
    pub fn merged(&self, other: Profiles) -> Profiles {
        let mut list: Vec<Arc<Profile>> = self
            .list
            .iter()
            .filter(|p| !other.list.iter().any(|o| o.agreement == p.agreement))
            .cloned()
            .collect();
        list.extend(other.list);
        Profiles { list }
    }

    /// The profile of an agreement code.
    pub fn get(&self, agreement: &str) -> Option<&Profile> {
        self.list
            .iter()
            .find(|p| p.agreement == agreement)
            .map(|p| &**p)
    }

    /// Every profile, in load order.
    pub fn iter(&self) -> impl Iterator<Item = &Profile> {
        self.list.iter().map(|p| &**p)
    }
}

#[cfg(all(test, feature = "bundled"))]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_five_bundled_profiles_load() {
        let loaded =
            Profiles::load(BUNDLED.iter().map(|(n, t)| (*n, *t)), CodeLists::bundled()).unwrap();
        let codes: Vec<_> = loaded.iter().map(|p| p.agreement.as_str()).collect();
        assert_eq!(codes, ["ATIGA", "RCEP", "AKFTA", "ACFTA", "KCFTA"]);
        assert_eq!(Profiles::bundled(), &loaded);
        for p in loaded.iter() {
            assert!(!p.sources.is_empty(), "{}", p.agreement);
            assert!(!p.parties.value.is_empty(), "{}", p.agreement);
        }
    }

    #[test]
    fn atiga_parties_by_date() {
        let atiga = Profiles::bundled().get("ATIGA").unwrap();
        assert!(atiga.is_party("SG", date(2026, 11, 20)));
        assert!(!atiga.is_party("SG", date(2009, 1, 1)));
        assert!(!atiga.is_party("TL", date(2026, 11, 20)));
        assert!(!atiga.is_party("CN", date(2026, 11, 20)));
        let rcep = Profiles::bundled().get("RCEP").unwrap();
        assert!(rcep.is_party("CN", date(2026, 11, 20)));
        assert!(
            !rcep.is_party("ID", date(2022, 6, 1)),
            "Indonesia from 2023"
        );
    }

    #[test]
    fn load_errors_have_codes_and_places() {
        let atiga = BUNDLED[0].1;
        // (what is replaced, by what, the code, the JSON Pointer)
        let cases = [
            (
                "eco-validator/profile/1",
                "eco-validator/profile/9",
                "profile.format",
                "/format",
            ),
            ("\"ATIGA\"", "\"atiga\"", "profile.value", "/agreement"),
            (
                "\"2010-05-17\"",
                "\"2010-5-17\"",
                "profile.value",
                "/parties/members/0/from",
            ),
            (
                "\"wholly-obtained\"",
                "\"wholly\"",
                "profile.value",
                "/criteria/codes/0/means",
            ),
            (
                "\"digits\": [8]",
                "\"digits\": [7]",
                "profile.value",
                "/hs/digits/0",
            ),
            (
                "\"months\": 12",
                "\"months\": 0",
                "profile.value",
                "/validity/months",
            ),
            (
                "\"months\": 12",
                "\"months\": \"12\"",
                "profile.value",
                "/validity/months",
            ),
            ("\"format\"", "\"formt\"", "profile.value", "/format"),
            ("\"notes\"", "\"note\"", "profile.value", "/note"),
        ];
        let err = Profiles::load([("x.json", "not json")], CodeLists::bundled()).unwrap_err();
        assert_eq!((err.code, err.path.as_str()), ("profile.json", ""));
        for (from, to, code, path) in cases {
            let text = atiga.replacen(from, to, 1);
            assert_ne!(text, atiga, "{from}");
            let err =
                Profiles::load([("x.json", text.as_str())], CodeLists::bundled()).unwrap_err();
            assert_eq!((err.code, err.path.as_str()), (code, path), "{err}");
            assert_eq!(err.source, "x.json");
        }
        let twice = Profiles::load([("a.json", atiga), ("b.json", atiga)], CodeLists::bundled())
            .unwrap_err();
        assert_eq!(twice.code, "profile.duplicate");
        assert_eq!(twice.source, "b.json");
    }
}
