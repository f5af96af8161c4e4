//! The agreements a certificate can claim preference under.

use serde::Serialize;

/// The free trade agreement the certificate claims preference under.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Agreement {
    /// ASEAN Trade in Goods Agreement (Form D).
    #[serde(rename = "ATIGA")]
    Atiga,
    /// Regional Comprehensive Economic Partnership.
    #[serde(rename = "RCEP")]
    Rcep,
    /// ASEAN–Korea FTA (Form AK).
    #[serde(rename = "AKFTA")]
    Akfta,
    /// ASEAN–China FTA (Form E).
    #[serde(rename = "ACFTA")]
    Acfta,
    /// Korea–China FTA.
    #[serde(rename = "KCFTA")]
    Kcfta,
}

impl Agreement {
    /// Every agreement the bindings name.
    pub const ALL: [Agreement; 5] = [
        Agreement::Atiga,
        Agreement::Rcep,
        Agreement::Akfta,
        Agreement::Acfta,
        Agreement::Kcfta,
    ];

    /// The code the bindings write (`ATIGA`, `RCEP`, …).
    pub fn code(self) -> &'static str {
        match self {
            Agreement::Atiga => "ATIGA",
            Agreement::Rcep => "RCEP",
            Agreement::Akfta => "AKFTA",
            Agreement::Acfta => "ACFTA",
            Agreement::Kcfta => "KCFTA",
        }
    }

    /// The agreement a binding code names.
    pub fn from_code(s: &str) -> Option<Agreement> {
        Agreement::ALL.into_iter().find(|a| a.code() == s)
    }

    /// The form type printed on the agreement's certificate.
    pub fn form_type(self) -> &'static str {
        match self {
            Agreement::Atiga => "D",
            Agreement::Rcep => "RCEP",
            Agreement::Akfta => "AK",
            Agreement::Acfta => "E",
            Agreement::Kcfta => "KC",
        }
    }
}
