//! Who is party to which agreement, from when. Only ATIGA membership is bundled so far; the agreement
//! profiles of the next issue take this over, with the dates every party joined each agreement.

use jiff::civil::{Date, date};

use crate::model::Agreement;

/// A party to an agreement from a date.
#[derive(Clone, Copy, Debug)]
pub struct Party {
    pub country: &'static str,
    pub from: Date,
}

const ATIGA_IN_FORCE: Date = date(2010, 5, 17);

/// ATIGA parties accepting Form D (Annex 7 overleaf note 1). Timor-Leste is added by policy only.
const ATIGA_PARTIES: &[Party] = &[
    Party {
        country: "BN",
        from: ATIGA_IN_FORCE,
    },
    Party {
        country: "KH",
        from: ATIGA_IN_FORCE,
    },
    Party {
        country: "ID",
        from: ATIGA_IN_FORCE,
    },
    Party {
        country: "LA",
        from: ATIGA_IN_FORCE,
    },
    Party {
        country: "MY",
        from: ATIGA_IN_FORCE,
    },
    Party {
        country: "MM",
        from: ATIGA_IN_FORCE,
    },
    Party {
        country: "PH",
        from: ATIGA_IN_FORCE,
    },
    Party {
        country: "SG",
        from: ATIGA_IN_FORCE,
    },
    Party {
        country: "TH",
        from: ATIGA_IN_FORCE,
    },
    Party {
        country: "VN",
        from: ATIGA_IN_FORCE,
    },
];

/// Whether `country` is a party to `agreement` on `on`. `timor_leste_from` is the caller's policy for
/// Timor-Leste under ATIGA. Only ATIGA membership is bundled so far; other agreements answer `None`.
pub fn is_party(
    agreement: Agreement,
    country: &str,
    on: Date,
    timor_leste_from: Option<Date>,
) -> Option<bool> {
    match agreement {
        Agreement::Atiga => {
            if country == "TL" {
                return Some(timor_leste_from.is_some_and(|from| from <= on));
            }
            Some(
                ATIGA_PARTIES
                    .iter()
                    .any(|p| p.country == country && p.from <= on),
            )
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timor_leste_only_by_policy() {
        let on = date(2026, 11, 20);
        assert_eq!(is_party(Agreement::Atiga, "TL", on, None), Some(false));
        assert_eq!(
            is_party(Agreement::Atiga, "TL", on, Some(date(2026, 1, 1))),
            Some(true)
        );
        assert_eq!(is_party(Agreement::Atiga, "SG", on, None), Some(true));
        assert_eq!(
            is_party(Agreement::Atiga, "SG", date(2009, 1, 1), None),
            Some(false)
        );
        assert_eq!(is_party(Agreement::Atiga, "CN", on, None), Some(false));
        assert_eq!(is_party(Agreement::Rcep, "CN", on, None), None);
    }
}
