//! Embedded code lists and their effective dates.
//!
//! The lists are sorted fixed-width records (see `codelists/SOURCES.md`), searched in place: nothing is
//! built at start-up, which keeps the first validation in wasm as fast as the thousandth. Which list
//! applies follows the certificate's issue date: HS editions are dated. Who is party to
//! which agreement is not a code list: see [`crate::parties`].

use jiff::civil::{Date, date};

/// Version of the embedded set; reports quote it.
pub const VERSION: &str = "2026-11 (HS 2022, ISO 3166-1, ISO 4217, UN/ECE Rec 19/20/21)";

const HS2022: &[u8] = include_bytes!("../codelists/hs2022.bin");
const ISO3166: &str = include_str!("../codelists/iso3166.txt");
const ISO4217: &str = include_str!("../codelists/iso4217.txt");
const REC20: &str = include_str!("../codelists/rec20.txt");
const REC21: &str = include_str!("../codelists/rec21.txt");
const REC19: &str = include_str!("../codelists/rec19.txt");

/// Binary search in a sorted list of `width`-byte codes, one per line, right-padded with spaces.
#[inline]
fn contains(list: &str, width: usize, code: &str) -> bool {
    if code.is_empty() || code.len() > width {
        return false;
    }
    let stride = width + 1;
    let bytes = list.as_bytes();
    let count = bytes.len() / stride;
    let mut key = [b' '; 8];
    key[..code.len()].copy_from_slice(code.as_bytes());
    let key = &key[..width];
    let (mut lo, mut hi) = (0usize, count);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let entry = &bytes[mid * stride..mid * stride + width];
        match entry.cmp(key) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// Size of one HS record: a big-endian u16 heading and a 100-bit bitmap of its subheading suffixes.
const HS_RECORD: usize = 15;

/// Whether the six digits `code` name a subheading in an HS table (see `codelists/generate.py`).
fn hs_contains(table: &[u8], code: &str) -> bool {
    let b = code.as_bytes();
    if b.len() != 6 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let digit = |i: usize| u16::from(b[i] - b'0');
    let heading = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
    let suffix = usize::from(digit(4) * 10 + digit(5));
    let (mut lo, mut hi) = (0usize, table.len() / HS_RECORD);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let record = &table[mid * HS_RECORD..(mid + 1) * HS_RECORD];
        match u16::from_be_bytes([record[0], record[1]]).cmp(&heading) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return record[2 + suffix / 8] & (1 << (suffix % 8)) != 0,
        }
    }
    false
}

pub fn is_country(code: &str) -> bool {
    contains(ISO3166, 2, code)
}

pub fn is_currency(code: &str) -> bool {
    contains(ISO4217, 3, code)
}

pub fn is_unit(code: &str) -> bool {
    contains(REC20, 3, code)
}

pub fn is_package_type(code: &str) -> bool {
    contains(REC21, 2, code)
}

pub fn is_transport_mode(code: &str) -> bool {
    contains(REC19, 1, code)
}

/// An edition of the Harmonized System with the dates it governs certificates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HsEdition {
    pub name: &'static str,
    pub from: Date,
    /// Last day in force; `None` while no successor is scheduled.
    pub until: Option<Date>,
    subheadings: Option<&'static [u8]>,
}

impl HsEdition {
    /// Whether this edition's nomenclature ships with the crate.
    pub fn is_bundled(&self) -> bool {
        self.subheadings.is_some()
    }

    /// Whether `digits` (6 or more) starts with a subheading of this edition; `None` when the edition's
    /// nomenclature is not bundled.
    #[inline]
    pub fn has_subheading(&self, digits: &str) -> Option<bool> {
        let list = self.subheadings?;
        Some(digits.len() >= 6 && digits.is_char_boundary(6) && hs_contains(list, &digits[..6]))
    }
}

/// The HS editions the validator knows of. HS 2017 governed certificates issued until 2021 and HS 2028
/// starts on 1 Jan 2028; neither nomenclature is bundled yet, so codes under them are reported as
/// unchecked rather than judged against the wrong edition.
pub const HS_EDITIONS: &[HsEdition] = &[
    HsEdition {
        name: "HS 2017",
        from: date(2017, 1, 1),
        until: Some(date(2021, 12, 31)),
        subheadings: None,
    },
    HsEdition {
        name: "HS 2022",
        from: date(2022, 1, 1),
        until: Some(date(2027, 12, 31)),
        subheadings: Some(HS2022),
    },
    HsEdition {
        name: "HS 2028",
        from: date(2028, 1, 1),
        until: None,
        subheadings: None,
    },
];

/// The edition in force on a date.
pub fn hs_edition(on: Date) -> Option<&'static HsEdition> {
    HS_EDITIONS
        .iter()
        .find(|e| e.from <= on && e.until.is_none_or(|u| on <= u))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted_fixed(list: &str, width: usize) {
        let lines: Vec<&str> = list.lines().collect();
        assert!(lines.iter().all(|l| l.len() == width));
        assert!(lines.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
        assert_eq!(list.len(), lines.len() * (width + 1));
    }

    #[test]
    fn lists_are_sorted_fixed_width() {
        assert_eq!(HS2022.len() % HS_RECORD, 0);
        let headings: Vec<u16> = HS2022
            .chunks(HS_RECORD)
            .map(|r| u16::from_be_bytes([r[0], r[1]]))
            .collect();
        assert!(
            headings.windows(2).all(|w| w[0] < w[1]),
            "sorted and unique"
        );
        assert_eq!(headings.len(), 1228);
        let subheadings: u32 = HS2022
            .chunks(HS_RECORD)
            .map(|r| r[2..].iter().map(|b| b.count_ones()).sum::<u32>())
            .sum();
        sorted_fixed(ISO3166, 2);
        sorted_fixed(ISO4217, 3);
        sorted_fixed(REC20, 3);
        sorted_fixed(REC21, 2);
        sorted_fixed(REC19, 1);
        assert_eq!(subheadings, 5612);
    }

    #[test]
    fn membership() {
        assert!(is_country("SG") && is_country("NA") && !is_country("XX") && !is_country("S"));
        assert!(is_currency("USD") && is_currency("SGD") && !is_currency("XYZ"));
        assert!(is_unit("KGM") && is_unit("C62") && !is_unit("KGX"));
        assert!(is_package_type("CT") && !is_package_type("00"));
        assert!(is_transport_mode("1") && !is_transport_mode("A"));
        assert!(hs_contains(HS2022, "850440") && !hs_contains(HS2022, "850499"));
        assert!(hs_contains(HS2022, "010121") && hs_contains(HS2022, "970610"));
        assert!(!hs_contains(HS2022, "0101210") && !hs_contains(HS2022, "01012a"));
    }

    #[test]
    fn editions_follow_the_issue_date() {
        assert_eq!(hs_edition(date(2026, 11, 20)).unwrap().name, "HS 2022");
        assert_eq!(hs_edition(date(2021, 12, 31)).unwrap().name, "HS 2017");
        assert_eq!(hs_edition(date(2028, 1, 1)).unwrap().name, "HS 2028");
        assert!(hs_edition(date(2016, 1, 1)).is_none());
        assert_eq!(
            hs_edition(date(2028, 1, 1))
                .unwrap()
                .has_subheading("850440"),
            None
        );
    }
}
