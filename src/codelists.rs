//! Code lists and their effective dates.
//!
//! The lists are sorted fixed-width records (see `codelists/SOURCES.md`), searched in place: nothing is
//! built from them, which keeps the first validation in wasm as fast as the thousandth. They are data,
//! not code: a native build bundles them (feature `bundled`), the npm package ships them beside its
//! `.wasm` (its data file, `crate::data`), and either way a validator is handed the lists it checks
//! against. Which HS list applies follows the certificate's issue date: HS editions are dated. Who is
//! party to which agreement is not a code list: see the profiles.

use std::borrow::Cow;

use jiff::civil::{Date, date};

use crate::loading::LoadError;

/// Version of the code-list set; reports quote it, and a data file must carry the same.
pub const VERSION: &str = "2026-11 (HS 2022, ISO 3166-1, ISO 4217, UN/ECE Rec 19/20/21)";

/// The lists' file names (under `codelists/`), as the data file names its entries.
pub const FILES: [&str; 6] = [
    "hs2022.bin",
    "iso3166.txt",
    "iso4217.txt",
    "rec20.txt",
    "rec21.txt",
    "rec19.txt",
];

/// Size of one HS record: a big-endian u16 heading and a 100-bit bitmap of its subheading suffixes.
const HS_RECORD: usize = 15;

/// The code lists a validator checks against, each searched where it lies (borrowed from the
/// binary when bundled, owned when read from a data file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeLists {
    hs2022: Cow<'static, [u8]>,
    countries: Cow<'static, [u8]>,
    currencies: Cow<'static, [u8]>,
    units: Cow<'static, [u8]>,
    packages: Cow<'static, [u8]>,
    modes: Cow<'static, [u8]>,
}

/// The lists compiled into a native build.
#[cfg(feature = "bundled")]
static BUNDLED: CodeLists = CodeLists {
    hs2022: Cow::Borrowed(include_bytes!("../codelists/hs2022.bin")),
    countries: Cow::Borrowed(include_bytes!("../codelists/iso3166.txt")),
    currencies: Cow::Borrowed(include_bytes!("../codelists/iso4217.txt")),
    units: Cow::Borrowed(include_bytes!("../codelists/rec20.txt")),
    packages: Cow::Borrowed(include_bytes!("../codelists/rec21.txt")),
    modes: Cow::Borrowed(include_bytes!("../codelists/rec19.txt")),
};

impl CodeLists {
    /// The lists compiled into this build.
    #[cfg(feature = "bundled")]
    pub fn bundled() -> &'static CodeLists {
        &BUNDLED
    }

    /// Reads the lists from their files' bytes (`file(name)` gives the bytes of a name of
    /// [`FILES`]). Each is checked to be sorted fixed-width records, since a binary search in an
    /// unsorted list would answer wrongly without failing.
    pub fn load(
        source: &str,
        mut file: impl FnMut(&str) -> Option<Vec<u8>>,
    ) -> Result<CodeLists, LoadError> {
        let mut read = |name: &str, width: usize| -> Result<Cow<'static, [u8]>, LoadError> {
            let path = format!("/codelists/{name}");
            let bytes = file(name).ok_or_else(|| {
                LoadError::new("data.missing", source, &path, "the code list is missing")
            })?;
            let ordered = if width == 0 {
                hs_records_ordered(&bytes)
            } else {
                text_records_ordered(&bytes, width)
            };
            if !ordered {
                return Err(LoadError::new(
                    "data.codelist",
                    source,
                    &path,
                    "the code list is not sorted fixed-width records",
                ));
            }
            Ok(Cow::Owned(bytes))
        };
        Ok(CodeLists {
            hs2022: read(FILES[0], 0)?,
            countries: read(FILES[1], 2)?,
            currencies: read(FILES[2], 3)?,
            units: read(FILES[3], 3)?,
            packages: read(FILES[4], 2)?,
            modes: read(FILES[5], 1)?,
        })
    }

    /// Whether `code` is an ISO 3166-1 alpha-2 country code.
    pub fn is_country(&self, code: &str) -> bool {
        contains(&self.countries, 2, code)
    }

    /// Whether `code` is a current ISO 4217 currency code.
    pub fn is_currency(&self, code: &str) -> bool {
        contains(&self.currencies, 3, code)
    }

    /// Whether `code` is a UN/ECE Rec 20 unit of measure.
    pub fn is_unit(&self, code: &str) -> bool {
        contains(&self.units, 3, code)
    }

    /// Whether `code` is a UN/ECE Rec 21 package type.
    pub fn is_package_type(&self, code: &str) -> bool {
        contains(&self.packages, 2, code)
    }

    /// Whether `code` is a UN/ECE Rec 19 transport mode.
    pub fn is_transport_mode(&self, code: &str) -> bool {
        contains(&self.modes, 1, code)
    }

    /// The HS edition in force on a date, with its nomenclature where these lists hold it.
    pub fn hs_edition(&self, on: Date) -> Option<HsEdition<'_>> {
        EDITIONS
            .iter()
            .find(|(_, from, until)| *from <= on && until.is_none_or(|u| on <= u))
            .map(|&(name, from, until)| HsEdition {
                name,
                from,
                until,
                subheadings: (name == "HS 2022").then_some(&*self.hs2022),
            })
    }
}

/// Whether `bytes` are sorted, unique lines of `width` characters each.
fn text_records_ordered(bytes: &[u8], width: usize) -> bool {
    let stride = width + 1;
    bytes.len().is_multiple_of(stride)
        && bytes.chunks(stride).all(|r| r[width] == b'\n')
        && bytes
            .chunks(stride)
            .zip(bytes.chunks(stride).skip(1))
            .all(|(a, b)| a < b)
}

/// Whether `bytes` are HS records with headings sorted and unique.
fn hs_records_ordered(bytes: &[u8]) -> bool {
    let heading = |r: &[u8]| u16::from_be_bytes([r[0], r[1]]);
    bytes.len().is_multiple_of(HS_RECORD)
        && bytes
            .chunks(HS_RECORD)
            .zip(bytes.chunks(HS_RECORD).skip(1))
            .all(|(a, b)| heading(a) < heading(b))
}

/// Binary search in a sorted list of `width`-byte codes, one per line, right-padded with spaces.
#[inline]
fn contains(list: &[u8], width: usize, code: &str) -> bool {
    if code.is_empty() || code.len() > width {
        return false;
    }
    let stride = width + 1;
    let count = list.len() / stride;
    let mut key = [b' '; 8];
    key[..code.len()].copy_from_slice(code.as_bytes());
    let key = &key[..width];
    let (mut lo, mut hi) = (0usize, count);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let entry = &list[mid * stride..mid * stride + width];
        match entry.cmp(key) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

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

/// An edition of the Harmonized System with the dates it governs certificates, and its
/// nomenclature where the code lists hold it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HsEdition<'c> {
    pub name: &'static str,
    pub from: Date,
    /// Last day in force; `None` while no successor is scheduled.
    pub until: Option<Date>,
    subheadings: Option<&'c [u8]>,
}

impl HsEdition<'_> {
    /// Whether the code lists hold this edition's nomenclature.
    pub fn is_bundled(&self) -> bool {
        self.subheadings.is_some()
    }

    /// Whether `digits` (6 or more) starts with a subheading of this edition; `None` when the
    /// edition's nomenclature is not held.
    #[inline]
    pub fn has_subheading(&self, digits: &str) -> Option<bool> {
        let list = self.subheadings?;
        Some(digits.get(..6).is_some_and(|d| hs_contains(list, d)))
    }
}

/// The HS editions the validator knows of, with the dates they govern certificates. HS 2017
/// governed certificates issued until 2021 and HS 2028 starts on 1 Jan 2028; neither
/// nomenclature is held yet, so codes under them are reported as unchecked rather than judged
/// against the wrong edition.
const EDITIONS: [(&str, Date, Option<Date>); 3] = [
    ("HS 2017", date(2017, 1, 1), Some(date(2021, 12, 31))),
    ("HS 2022", date(2022, 1, 1), Some(date(2027, 12, 31))),
    ("HS 2028", date(2028, 1, 1), None),
];

#[cfg(all(test, feature = "bundled"))]
mod tests {
    use super::*;

    fn lists() -> &'static CodeLists {
        CodeLists::bundled()
    }

    #[test]
    fn the_bundled_lists_are_sorted_fixed_width() {
        let l = lists();
        assert!(hs_records_ordered(&l.hs2022));
        let headings = l.hs2022.len() / HS_RECORD;
        assert_eq!(headings, 1228);
        let subheadings: u32 = l
            .hs2022
            .chunks(HS_RECORD)
            .map(|r| r[2..].iter().map(|b| b.count_ones()).sum::<u32>())
            .sum();
        assert_eq!(subheadings, 5612);
        for (list, width) in [
            (&l.countries, 2),
            (&l.currencies, 3),
            (&l.units, 3),
            (&l.packages, 2),
            (&l.modes, 1),
        ] {
            assert!(text_records_ordered(list, width));
        }
    }

    /// Lists read from files are the bundled ones; a missing, unsorted or ragged list is refused
    /// with its name.
    #[test]
    fn loaded_lists_are_checked() {
        let file = |name: &str| std::fs::read(format!("codelists/{name}")).ok();
        assert_eq!(&CodeLists::load("data", file).unwrap(), lists());
        let e = CodeLists::load("data", |n| file(n).filter(|_| n != "rec21.txt")).unwrap_err();
        assert_eq!(
            (e.code, e.path.as_str()),
            ("data.missing", "/codelists/rec21.txt")
        );
        /// How a list is spoilt.
        type Edit = fn(&mut Vec<u8>);
        // (the list edited, how)
        let edits: [(&str, Edit); 3] = [
            ("iso4217.txt", |b| b.swap(0, 5)),
            ("hs2022.bin", |b| b.truncate(b.len() - 1)),
            ("hs2022.bin", |b| b.swap(1, HS_RECORD + 1)),
        ];
        for (target, edit) in edits {
            let edited = |n: &str| {
                let mut b = file(n)?;
                if n == target {
                    edit(&mut b);
                }
                Some(b)
            };
            let e = CodeLists::load("data", edited).unwrap_err();
            let path = format!("/codelists/{target}");
            assert_eq!((e.code, e.path.as_str()), ("data.codelist", path.as_str()));
        }
    }

    #[test]
    fn membership() {
        let l = lists();
        assert!(
            l.is_country("SG") && l.is_country("NA") && !l.is_country("XX") && !l.is_country("S")
        );
        assert!(l.is_currency("USD") && l.is_currency("SGD") && !l.is_currency("XYZ"));
        assert!(l.is_unit("KGM") && l.is_unit("C62") && !l.is_unit("KGX"));
        assert!(l.is_package_type("CT") && !l.is_package_type("00"));
        assert!(l.is_transport_mode("1") && !l.is_transport_mode("A"));
        assert!(hs_contains(&l.hs2022, "850440") && !hs_contains(&l.hs2022, "850499"));
        assert!(hs_contains(&l.hs2022, "010121") && hs_contains(&l.hs2022, "970610"));
        assert!(!hs_contains(&l.hs2022, "0101210") && !hs_contains(&l.hs2022, "01012a"));
    }

    #[test]
    fn editions_follow_the_issue_date() {
        let l = lists();
        assert_eq!(l.hs_edition(date(2026, 11, 20)).unwrap().name, "HS 2022");
        assert_eq!(l.hs_edition(date(2021, 12, 31)).unwrap().name, "HS 2017");
        assert_eq!(l.hs_edition(date(2028, 1, 1)).unwrap().name, "HS 2028");
        assert!(l.hs_edition(date(2016, 1, 1)).is_none());
        assert_eq!(
            l.hs_edition(date(2028, 1, 1))
                .unwrap()
                .has_subheading("850440"),
            None
        );
        assert_eq!(
            l.hs_edition(date(2026, 1, 1))
                .unwrap()
                .has_subheading("850440"),
            Some(true)
        );
    }
}
