//! Agreements are data: a validator built from a made-up sixth profile checks that agreement's
//! certificates with no code of its own, and each of its parts that none of the five bundled
//! profiles shares raises its finding.

mod common;

use common::*;
use eco_validator::{Severity, Validator};
use jiff::civil::date;

/// A made-up agreement: its criterion code (`XP`), tick (`outwardProcessing`), HS length (10
/// digits), validity (6 months) and item limit (12) are used by none of the five.
const SIXTH: &str = include_str!("fixtures/profiles/zzfta.json");

fn with_sixth() -> Validator {
    Validator::builder()
        .profiles([("zzfta.json", SIXTH)])
        .unwrap()
        .build()
        .unwrap()
}

/// The 10-item Form D fixture as a Form ZZ certificate (tests/fixtures/generate.py): every item
/// `XP` with a 10-digit HS code, the `outwardProcessing` tick ticked.
fn form_zz() -> String {
    String::from_utf8(read("profiles/form-zz.xml")).unwrap()
}

fn error_codes(report: &eco_validator::Report) -> Vec<&'static str> {
    codes(report, Severity::Error)
}

#[test]
fn the_sixth_agreement_needs_only_its_profile() {
    let zz = form_zz();
    let v = with_sixth();
    assert!(v.agreements().any(|a| a == "ZZFTA"));
    assert!(
        v.agreements().any(|a| a == "ATIGA"),
        "the bundled five stay"
    );
    let report = v.validate(zz.as_bytes(), date(2026, 11, 25));
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert_eq!(report.versions.profile.as_deref(), Some("ZZFTA 0.0.1"));
    // Without the profile the agreement is unknown, and nothing else about it is judged.
    let bundled = Validator::builder().build().unwrap();
    let report = bundled.validate(zz.as_bytes(), date(2026, 11, 25));
    assert_eq!(error_codes(&report), ["header.agreement"]);
}

#[test]
fn its_criterion_code_belongs_to_it_alone() {
    // `XP` on Form D: a code of another loaded form, named.
    let mut t = String::from_utf8(read("valid-10.xml")).unwrap();
    t = t.replacen("<OriginCriteriaText>CTH<", "<OriginCriteriaText>XP<", 1);
    let report = with_sixth().validate(t.as_bytes(), date(2026, 11, 25));
    assert_eq!(error_codes(&report), ["box8.not-on-form"]);
    assert_eq!(report.findings[0].params["forms"], "Form ZZ");
    // Form D's `CTH` on Form ZZ is no Form ZZ criterion, cited from its profile.
    let zz = form_zz().replacen("<OriginCriteriaText>XP<", "<OriginCriteriaText>CTH<", 1);
    let report = with_sixth().validate(zz.as_bytes(), date(2026, 11, 25));
    assert_eq!(error_codes(&report), ["box8.not-on-form"]);
    let f = &report.findings[0];
    assert_eq!(f.params["form"], "Form ZZ");
    assert_eq!(f.basis, "ZZFTA Annex 1, note 2");
}

#[test]
fn its_tick_box_belongs_to_it_alone() {
    let t = String::from_utf8(read("valid-10.xml")).unwrap().replacen(
        "</PartialCumulation>",
        "</PartialCumulation>\n    <OtherIndicator>outwardProcessing</OtherIndicator>",
        1,
    );
    let report = with_sixth().validate(t.as_bytes(), date(2026, 11, 25));
    assert_eq!(error_codes(&report), ["tick.not-on-form"]);
    assert_eq!(
        report.findings[0].path,
        "/CertificateOfOrigin/Indicators/OtherIndicator[1]"
    );
    // And Form D's ticks are not Form ZZ's.
    let zz = form_zz().replacen("<BackToBack>false<", "<BackToBack>true<", 1);
    let report = with_sixth().validate(zz.as_bytes(), date(2026, 11, 25));
    assert_eq!(error_codes(&report), ["tick.not-on-form"]);
    assert_eq!(report.findings[0].basis, "ZZFTA Annex 1, box 9");
}

#[test]
fn its_hs_length_belongs_to_it_alone() {
    let zz = form_zz();
    let first = zz.find("<HarmonisedTariffCode>").unwrap() + "<HarmonisedTariffCode>".len();
    let mut eight = zz.clone();
    eight.replace_range(first..first + 10, "85044090");
    let report = with_sixth().validate(eight.as_bytes(), date(2026, 11, 25));
    let warned = codes(&report, Severity::Warning);
    assert_eq!(warned, ["code.hs-length"]);
    assert!(
        report.findings[0].message.ends_with("Form ZZ asks for 10"),
        "{}",
        report.findings[0].message
    );
}

#[test]
fn its_validity_belongs_to_it_alone() {
    // Issued 2026-11-20: six months later Form ZZ has expired, Form D has not.
    let later = date(2027, 5, 21);
    let report = with_sixth().validate(form_zz().as_bytes(), later);
    assert_eq!(error_codes(&report), ["validity.expired"]);
    assert!(report.findings[0].message.contains("until 2027-05-20"));
    assert!(
        report.findings[0]
            .message
            .contains("imported before it expired")
    );
    let on_the_last_day = with_sixth().validate(form_zz().as_bytes(), date(2027, 5, 20));
    assert!(on_the_last_day.valid);
    let form_d = with_sixth().validate(&read("valid-10.xml"), later);
    assert!(form_d.valid, "{:#?}", form_d.findings);
}

#[test]
fn its_parties_and_item_limit_come_from_it() {
    // Indonesia left the made-up agreement at the end of 2030.
    let zz = form_zz().replace("2026-11-", "2031-01-");
    let report = with_sixth().validate(zz.as_bytes(), date(2031, 1, 25));
    assert_eq!(error_codes(&report), ["code.member-state"]);
    let f = report
        .findings
        .iter()
        .find(|f| f.code == "code.member-state")
        .unwrap();
    assert_eq!(f.basis, "ZZFTA Art. 1");
    // 13 items where the form allows 12.
    let hundred = String::from_utf8(read("valid-100.xml")).unwrap();
    let cut = hundred
        .find("<SequenceNumeric>14</SequenceNumeric>")
        .unwrap();
    let item_start = hundred[..cut].rfind("<IncludedConsignmentItem>").unwrap();
    let tail = hundred.find("</SupplyChainConsignment>").unwrap();
    let thirteen = format!("{}  {}", &hundred[..item_start], &hundred[tail..]);
    assert_eq!(thirteen.matches("<IncludedConsignmentItem>").count(), 13);
    let as_zz = thirteen
        .replacen("<AgreementID>ATIGA<", "<AgreementID>ZZFTA<", 1)
        .replacen("<FormTypeCode>D<", "<FormTypeCode>ZZ<", 1);
    let report = with_sixth().validate(as_zz.as_bytes(), date(2026, 11, 25));
    assert!(error_codes(&report).contains(&"item.count"), "{report:?}");
    let f = report
        .findings
        .iter()
        .find(|f| f.code == "item.count")
        .unwrap();
    assert_eq!(
        f.message,
        "Form ZZ lists at most 12 items; this certificate has 13"
    );
}

#[test]
fn korea_china_allows_twenty_items() {
    let kc = String::from_utf8(read("valid-kcfta.xml")).unwrap();
    let start = kc.find("<IncludedConsignmentItem>").unwrap();
    let end = kc.find("</SupplyChainConsignment>").unwrap();
    let items = &kc[start..end];
    // The ten items twice, then once more: 20 pass, 30 do not (numbering follows).
    for (copies, valid) in [(2, true), (3, false)] {
        let mut body = String::new();
        for c in 0..copies {
            let mut block = items.to_owned();
            for n in (1..=10).rev() {
                block = block.replace(
                    &format!("<SequenceNumeric>{n}<"),
                    &format!("<SequenceNumeric>{}<", n + 10 * c),
                );
            }
            body.push_str(&block);
        }
        let doc = format!("{}{}{}", &kc[..start], body, &kc[end..]);
        let report = eco_validator::validate(doc.as_bytes(), &options());
        assert_eq!(report.valid, valid, "{copies}: {:#?}", report.findings);
        if !valid {
            assert_eq!(error_codes(&report), ["item.count"]);
        }
    }
}

#[test]
fn loading_errors_are_values_with_codes() {
    let err = Validator::builder()
        .profiles([("broken.json", "{\"format\": ")])
        .unwrap_err();
    assert_eq!(err.code, "profile.json");
    assert_eq!(err.source, "broken.json");
    assert!(err.message.contains("line 1"), "{err}");
    let err = Validator::builder()
        .profiles([("typed.json", "{\"format\": 1}")])
        .unwrap_err();
    assert_eq!((err.code, err.path.as_str()), ("profile.value", "/format"));
    assert_eq!(err.message, "must be a string, not a number");
    let err = Validator::builder()
        .profiles([("a.json", SIXTH), ("b.json", SIXTH)])
        .unwrap_err();
    assert_eq!(err.code, "profile.duplicate");
    let bad_date = SIXTH.replace("\"2020-01-01\"", "\"2020-13-01\"");
    let err = Validator::builder()
        .profiles([("c.json", bad_date.as_str())])
        .unwrap_err();
    assert_eq!(
        (err.code, err.path.as_str()),
        ("profile.value", "/parties/members/0/from")
    );
    // An expected agreement with no profile is refused when the validator is built.
    let mut options = options();
    options.agreement = Some("ZZFTA".into());
    let err = Validator::builder()
        .options(options.clone())
        .build()
        .unwrap_err();
    assert_eq!(err.code, "validator.agreement");
    assert!(
        Validator::builder()
            .options(options)
            .profiles([("zz.json", SIXTH)])
            .unwrap()
            .build()
            .is_ok()
    );
}

#[test]
fn a_loaded_profile_replaces_the_bundled_one_of_its_agreement() {
    // An operator who corrects ATIGA (here: a 6-month validity) replaces it, not adds a second.
    let atiga = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles/atiga.json"),
    )
    .unwrap()
    .replacen("\"months\": 12", "\"months\": 6", 1)
    .replacen("\"version\": \"2026.12.2\"", "\"version\": \"local.1\"", 1);
    let v = Validator::builder()
        .profiles([("atiga.json", atiga.as_str())])
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(v.agreements().filter(|a| *a == "ATIGA").count(), 1);
    let report = v.validate(&read("valid-10.xml"), date(2027, 5, 21));
    assert_eq!(error_codes(&report), ["validity.expired"]);
    assert_eq!(report.versions.profile.as_deref(), Some("ATIGA local.1"));
    let only = Validator::builder()
        .without_bundled_profiles()
        .profiles([("zz.json", SIXTH)])
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(only.agreements().collect::<Vec<_>>(), ["ZZFTA"]);
}

/// Product-specific rules: the bundled ATIGA table's lines decide for their codes (an 8-digit code
/// picks its "ex" line), the general rule stays an alternative, and a table of another HS edition
/// is not compared but said so.
#[test]
fn box_8_is_checked_against_the_product_specific_rule() {
    let base = String::from_utf8(read("valid-10.xml")).unwrap();
    let with = |hs: &str, criterion: &str| {
        let at = base.find("<SequenceNumeric>4</SequenceNumeric>").unwrap();
        let mut t = base.clone();
        let rest = t[at..]
            .replacen(
                "<HarmonisedTariffCode>21069099<",
                &format!("<HarmonisedTariffCode>{hs}<"),
                1,
            )
            .replacen(
                "<OriginCriteriaText>40% + CTH<",
                &format!("<OriginCriteriaText>{criterion}<"),
                1,
            );
        t.replace_range(at.., &rest);
        t
    };
    let judge = |t: &str| {
        let report = eco_validator::validate(t.as_bytes(), &options());
        report.findings.iter().map(|f| f.code).collect::<Vec<_>>()
    };
    for (hs, criterion, expected) in [
        ("24041910", "CTH", vec![]),
        ("24041910", "CC", vec![]),
        ("24041910", "45%", vec![]),
        ("24041910", "35%", vec!["psr.not-admissible"]),
        ("24041910", "CTSH", vec!["psr.not-admissible"]),
        ("52051100", "SP", vec![]),
        ("52051100", "CTSH", vec!["psr.not-admissible"]),
        ("52051100", "CTH + 40%", vec![]),
        // No line and an incomplete table: nothing concluded.
        ("30049099", "CTSH", vec![]),
    ] {
        assert_eq!(judge(&with(hs, criterion)), expected, "{hs} {criterion}");
    }
    let f = &eco_validator::validate(with("24041910", "CTSH").as_bytes(), &options()).findings[0];
    assert_eq!(
        f.message,
        "Origin criterion 'CTSH' is not admissible for HS 24041910 under RVC(40) or CTH except 2403 \
         (line ex 240419 of ATIGA HS2022)"
    );
    // A table in HS 2012 for ATIGA replaces the bundled one and is not compared with HS 2022 codes.
    let old = r#"{"format": "eco-validator/psr-table/1", "agreement": "ATIGA", "hsEdition": "HS2012",
      "version": "t", "source": "tests", "complete": true, "lines": [{"hs": "2106", "rule": "WO"}]}"#;
    let v = Validator::builder()
        .psr_table("hs2012.json", old)
        .unwrap()
        .build()
        .unwrap();
    let report = v.validate(with("24041910", "CTSH").as_bytes(), date(2026, 11, 25));
    assert_eq!(
        report.findings.iter().map(|f| f.code).collect::<Vec<_>>(),
        ["psr.other-edition"]
    );
    assert!(report.valid);
    // A complete table in the certificate's edition decides where it has no line: the general rule.
    let complete = old.replace("HS2012", "HS2022");
    let v = Validator::builder()
        .psr_table("c.json", &complete)
        .unwrap()
        .build()
        .unwrap();
    let report = v.validate(with("30049099", "CTSH").as_bytes(), date(2026, 11, 25));
    let refused: Vec<_> = report.findings.iter().map(|f| (f.code, f.item)).collect();
    // Items 3, 4 and 6 declare CTSH (item 6 with 35 %), item 8 a specific process: none is the
    // general rule's, and the table has no line for them.
    let n = |i| ("psr.not-admissible", Some(i));
    assert_eq!(refused, [n(3), n(4), n(6), n(8)]);
}

/// Found by the fuzzer (fuzz/fuzz_targets/validator_data.rs): a profile whose general rule has a
/// character that is not ASCII where a code was being compared panicked the rule parser.
#[test]
fn a_rule_with_odd_characters_is_a_load_error() {
    let bytes = read("fuzz/profile-non-ascii-rule.json");
    let text = String::from_utf8_lossy(&bytes);
    let err = Validator::builder()
        .profiles([("odd.json", text.as_ref())])
        .unwrap_err();
    assert_eq!(
        (err.code, err.path.as_str()),
        ("profile.value", "/generalRule")
    );
}

/// A procedure's finding cites the certificate's own agreement: a back-to-back Form D without its
/// originals cites ATIGA's Rule 11 (its profile's `procedures`), a Form RCEP the RCEP profile's
/// basis for its tick boxes (it names no procedure articles), never ATIGA's rules.
#[test]
fn procedure_findings_cite_their_own_agreement() {
    let v = Validator::builder().build().unwrap();
    let basis_of = |fixture: &str| {
        let text = String::from_utf8(read(fixture)).unwrap();
        let ticked = text.replacen(
            "<BackToBack>false</BackToBack>",
            "<BackToBack>true</BackToBack>",
            1,
        );
        assert_ne!(ticked, text, "{fixture}");
        let report = v.validate(ticked.as_bytes(), date(2026, 11, 25));
        let f = report
            .findings
            .iter()
            .find(|f| f.code == "back-to-back.originals")
            .unwrap_or_else(|| panic!("{fixture}: {:?}", error_codes(&report)));
        f.basis.clone()
    };
    assert_eq!(basis_of("valid-10.xml"), "ATIGA Annex 8 (OCP), Rule 11");
    let rcep = basis_of("valid-rcep.xml");
    assert!(rcep.starts_with("RCEP Chapter 3, Section B"), "{rcep}");
}
