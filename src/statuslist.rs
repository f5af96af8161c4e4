//! The lifecycle of e-Form Ds as their issuers publish it (OCP Rules 26–30): an amendment is a new
//! certificate that cancels or replaces the earlier one, and a certificate cannot say it was
//! cancelled afterwards, so the caller passes a status list — references cancelled or replaced,
//! with the replacement — loaded once into the validator and searched per certificate.
//!
//! Format `eco-validator/status-list/1`, JSON:
//!
//! ```json
//! {
//!   "format": "eco-validator/status-list/1",
//!   "issuer": "Singapore Customs",
//!   "updated": "2026-11-30",
//!   "entries": [
//!     { "reference": "SG26D0012001", "issuedIn": "SG", "status": "replaced",
//!       "replacedBy": "SG26D0012345", "date": "2026-11-20" },
//!     { "reference": "SG26D0011999", "status": "cancelled", "date": "2026-11-02" }
//!   ]
//! }
//! ```
//!
//! An entry without `issuedIn` matches the reference whatever country issued it (references are
//! national, so a list of one issuer may leave it out); an entry dated after the validation clock
//! has not happened yet on that day.

use jiff::civil::Date;

use crate::codelists::CodeLists;
use crate::jsondata::{self, At, Fail};
use crate::lexical::parse_date;
use crate::loading::LoadError;
use crate::sort::sorted_order;

/// What happened to a certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Withdrawn without a replacement.
    Cancelled,
    /// Withdrawn and replaced by another certificate.
    Replaced,
}

/// One certificate's status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its reference number.
    pub reference: String,
    /// Where it was issued, when the list says.
    pub issued_in: Option<String>,
    /// Cancelled or replaced.
    pub status: Status,
    /// The replacement's reference.
    pub replaced_by: Option<String>,
    /// When, if the list says.
    pub date: Option<Date>,
}

/// A loaded status list, searchable by reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusList {
    /// Who published it, when it says.
    pub issuer: Option<String>,
    /// When it was last updated.
    pub updated: Date,
    entries: Vec<Entry>,
}

const FORMAT: &str = "eco-validator/status-list/1";

impl StatusList {
    /// Reads a status list; `source` names it in errors.
    #[cold]
    pub fn load(text: &str, source: &str, codes: &CodeLists) -> Result<StatusList, LoadError> {
        read(text, source, codes).map_err(|e| *e)
    }

    /// The entry for a certificate, if it is listed as of `on`.
    pub fn find(&self, reference: &str, issued_in: Option<&str>, on: Date) -> Option<&Entry> {
        let start = self
            .entries
            .partition_point(|e| e.reference.as_str() < reference);
        self.entries[start..]
            .iter()
            .take_while(|e| e.reference == reference)
            .find(|e| {
                e.date.is_none_or(|d| d <= on)
                    && (e.issued_in.is_none() || e.issued_in.as_deref() == issued_in)
            })
    }
}

#[cold]
fn read(text: &str, source: &str, codes: &CodeLists) -> Result<StatusList, Fail> {
    let tree = jsondata::parse(text, source, "status-list.json")?;
    let root = At::root(&tree, source, "status-list.value");
    let mut m = root.members()?;
    m.format(FORMAT, "status-list.format")?;
    let issuer = match m.optional("issuer") {
        Some(i) => Some(i.str()?.to_owned()),
        None => None,
    };
    let updated = date(&m.required("updated")?)?;
    let mut entries = Vec::new();
    for e in m.required("entries")?.items()? {
        entries.push(entry(&e, codes)?);
    }
    m.done()?;
    let order = sorted_order(entries.len(), &|a, b| {
        entries[a].reference.cmp(&entries[b].reference)
    });
    let mut slots: Vec<Option<Entry>> = entries.into_iter().map(Some).collect();
    let entries = order.into_iter().filter_map(|i| slots[i].take()).collect();
    Ok(StatusList {
        issuer,
        updated,
        entries,
    })
}

#[cold]
fn entry(at: &At<'_>, codes: &CodeLists) -> Result<Entry, Fail> {
    let mut m = at.members()?;
    let reference_at = m.required("reference")?;
    let reference = reference_at.str()?.trim();
    if reference.is_empty() {
        return Err(reference_at.error("must not be empty"));
    }
    let issued_in = match m.optional("issuedIn") {
        Some(c) if codes.is_country(c.str()?) => Some(c.str()?.to_owned()),
        Some(c) => return Err(c.refuse("an ISO 3166-1 alpha-2 code")),
        None => None,
    };
    let status_at = m.required("status")?;
    let status = match status_at.str()? {
        "cancelled" => Status::Cancelled,
        "replaced" => Status::Replaced,
        _ => return Err(status_at.refuse("cancelled or replaced")),
    };
    let replaced_by = match m.optional("replacedBy") {
        Some(r) => Some(r.str()?.to_owned()),
        None => None,
    };
    if (status == Status::Replaced) != replaced_by.is_some() {
        return Err(at.error(
            "a replaced certificate names its replacement (replacedBy), and only a replaced one",
        ));
    }
    let date = match m.optional("date") {
        Some(d) => Some(self::date(&d)?),
        None => None,
    };
    m.done()?;
    Ok(Entry {
        reference: reference.to_owned(),
        issued_in,
        status,
        replaced_by,
        date,
    })
}

#[cold]
fn date(at: &At<'_>) -> Result<Date, Fail> {
    parse_date(at.str()?).ok_or_else(|| at.refuse("a date YYYY-MM-DD"))
}

#[cfg(all(test, feature = "bundled"))]
mod tests {
    use super::*;
    use jiff::civil::date;

    const LIST: &str = r#"{
      "format": "eco-validator/status-list/1",
      "updated": "2026-11-30",
      "entries": [
        { "reference": "B", "issuedIn": "SG", "status": "replaced", "replacedBy": "C", "date": "2026-11-20" },
        { "reference": "A", "status": "cancelled" },
        { "reference": "B", "issuedIn": "MY", "status": "cancelled", "date": "2026-12-20" }
      ]
    }"#;

    #[test]
    fn found_by_reference_country_and_date() {
        let list = StatusList::load(LIST, "l.json", CodeLists::bundled()).unwrap();
        assert_eq!(list.entries.len(), 3);
        let on = date(2026, 11, 25);
        assert_eq!(
            list.find("A", Some("TH"), on).unwrap().status,
            Status::Cancelled
        );
        let b = list.find("B", Some("SG"), on).unwrap();
        assert_eq!(b.replaced_by.as_deref(), Some("C"));
        assert!(
            list.find("B", Some("MY"), on).is_none(),
            "not yet cancelled on that day"
        );
        assert!(list.find("B", Some("MY"), date(2026, 12, 20)).is_some());
        assert!(list.find("B", Some("SG"), date(2026, 11, 19)).is_none());
        assert!(list.find("Z", None, on).is_none());
    }

    #[test]
    fn load_errors_name_the_place() {
        for (from, to, code, path) in [
            (
                "\"replaced\", \"replacedBy\": \"C\"",
                "\"replaced\"",
                "status-list.value",
                "/entries/0",
            ),
            (
                "\"cancelled\" }",
                "\"gone\" }",
                "status-list.value",
                "/entries/1/status",
            ),
            (
                "\"MY\"",
                "\"MYS\"",
                "status-list.value",
                "/entries/2/issuedIn",
            ),
            (
                "status-list/1",
                "status-list/2",
                "status-list.format",
                "/format",
            ),
            ("\"updated\"", "\"update\"", "status-list.value", "/updated"),
        ] {
            let text = LIST.replacen(from, to, 1);
            assert_ne!(text, LIST);
            let e = StatusList::load(&text, "l.json", CodeLists::bundled()).unwrap_err();
            assert_eq!((e.code, e.path.as_str()), (code, path), "{e}");
        }
        assert_eq!(
            StatusList::load("[", "l.json", CodeLists::bundled())
                .unwrap_err()
                .code,
            "status-list.json"
        );
    }
}
