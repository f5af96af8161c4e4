//! The lifecycle of e-Form Ds (OCP Rules 26–30) from the issuers' status list the caller loads: a
//! cancelled or replaced certificate is invalid from the day the list dates it, and the finding
//! names the replacement; the list matches the reference within its issuing country.

mod common;

use common::*;
use eco_validator::{Severity, Validator};
use jiff::civil::date;

fn with_list() -> Validator {
    let list = String::from_utf8(read("status-list.json")).unwrap();
    Validator::builder()
        .status_list("status-list.json", &list)
        .unwrap()
        .build()
        .unwrap()
}

#[test]
fn a_replaced_certificate_names_its_replacement_from_the_day_it_was_replaced() {
    let v = with_list();
    let report = v.validate(&read("valid-10.xml"), date(2026, 11, 25));
    assert_eq!(codes(&report, Severity::Error), ["lifecycle.replaced"]);
    let f = &report.findings[0];
    assert_eq!(
        f.message,
        "Certificate SG26D0012345 was replaced by SG26D0012399 on 2026-11-24 (status list of \
         Singapore Customs, 2026-11-30): present the replacement"
    );
    assert_eq!(f.params["replacement"], "SG26D0012399");
    assert_eq!(f.path, "/CertificateOfOrigin/ExchangedDocument/ID");
    // The day before, it still stood; the JSON twin is judged alike.
    assert!(v.validate(&read("valid-10.xml"), date(2026, 11, 23)).valid);
    let json = v.validate(&read("valid-10.json"), date(2026, 11, 25));
    assert_eq!(codes(&json, Severity::Error), ["lifecycle.replaced"]);
}

#[test]
fn a_cancelled_certificate_is_invalid_and_others_are_untouched() {
    let v = with_list();
    let report = v.validate(&read("valid-rcep.xml"), date(2026, 11, 25));
    assert_eq!(codes(&report, Severity::Error), ["lifecycle.cancelled"]);
    for file in ["valid-akfta.xml", "valid-kcfta.xml", "valid-acfta.xml"] {
        assert!(v.validate(&read(file), date(2026, 11, 25)).valid, "{file}");
    }
    // Without a list only the certificate's own status speaks.
    let plain = Validator::builder().build().unwrap();
    assert!(
        plain
            .validate(&read("valid-10.xml"), date(2026, 11, 25))
            .valid
    );
}

#[test]
fn the_list_matches_within_the_issuing_country() {
    // The same reference issued in Malaysia is cancelled there, with no date: always.
    let text = String::from_utf8(read("valid-1.xml"))
        .unwrap()
        .replace(
            "<IssueCountryID>SG</IssueCountryID>",
            "<IssueCountryID>MY</IssueCountryID>",
        )
        .replace("<CountryID>SG</CountryID>", "<CountryID>MY</CountryID>")
        .replace(
            "<ProductionCountryID>SG</ProductionCountryID>",
            "<ProductionCountryID>MY</ProductionCountryID>",
        );
    let report = with_list().validate(text.as_bytes(), date(2026, 11, 25));
    assert_eq!(codes(&report, Severity::Error), ["lifecycle.cancelled"]);
    assert!(
        report.findings[0]
            .message
            .ends_with("(status list of Singapore Customs, 2026-11-30)")
    );
}

#[test]
fn a_broken_list_is_a_load_error() {
    let broken = String::from_utf8(read("status-list.json"))
        .unwrap()
        .replacen("\"replaced\"", "\"withdrawn\"", 1);
    let err = Validator::builder()
        .status_list("list.json", &broken)
        .unwrap_err();
    assert_eq!(
        (err.code, err.path.as_str(), err.source.as_str()),
        ("status-list.value", "/entries/0/status", "list.json")
    );
}
