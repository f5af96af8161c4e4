//! The fixture corpus: valid certificates pass clean, and each invalid one raises exactly the rule it
//! is named for and no other error. Together they give every rule a positive and a negative case.

mod common;

use std::collections::BTreeSet;

use common::*;
use eco_validator::{FobRequiredFor, Limits, Severity, Stage, Status, validate};

#[test]
fn valid_fixtures_have_no_findings() {
    for name in [
        "valid-1.xml",
        "valid-10.xml",
        "valid-100.xml",
        "valid-1.json",
        "valid-10.json",
        "valid-100.json",
        "valid-full.xml",
        "valid-full.json",
    ] {
        let report = validate(&read(name), &options());
        assert!(report.valid, "{name}: {:#?}", report.findings);
        assert!(report.findings.is_empty(), "{name}: {:#?}", report.findings);
        assert_eq!(report.reference.as_deref(), Some("SG26D0012345"));
        assert_eq!(report.agreement.as_deref(), Some("ATIGA"));
    }
}

/// A certificate of each bundled agreement is checked against its own profile: its codes, HS
/// length and ticks pass there, and the same certificate claimed under ATIGA does not.
#[test]
fn each_agreement_fixture_meets_its_own_profile_only() {
    for (file, agreement) in AGREEMENT_FIXTURES {
        let doc = read(file);
        let report = validate(&doc, &options());
        assert!(report.findings.is_empty(), "{file}: {:#?}", report.findings);
        assert_eq!(report.agreement.as_deref(), Some(agreement));
        let profile = report.versions.profile.as_deref().unwrap_or("");
        assert!(profile.starts_with(&format!("{agreement} ")), "{profile}");
        let text = String::from_utf8(doc).unwrap();
        let form = text
            .split("<FormTypeCode>")
            .nth(1)
            .and_then(|r| r.split('<').next())
            .unwrap();
        let as_atiga = text
            .replacen(
                &format!("<AgreementID>{agreement}<"),
                "<AgreementID>ATIGA<",
                1,
            )
            .replacen(&format!("<FormTypeCode>{form}<"), "<FormTypeCode>D<", 1);
        let report = validate(as_atiga.as_bytes(), &options());
        assert!(!report.valid, "{file} also passes as Form D");
    }
}

#[test]
fn each_invalid_fixture_raises_its_code_and_no_other_error() {
    let corpus = invalid_corpus();
    assert!(corpus.len() >= 40, "corpus has {} documents", corpus.len());
    for (code, file) in corpus {
        let report = validate(&read(&file), &options_for(&file));
        let all: Vec<&str> = report.findings.iter().map(|f| f.code).collect();
        assert!(
            all.contains(&code.as_str()),
            "{file} does not raise {code}: {all:?}"
        );
        let other_errors: Vec<&str> = codes(&report, Severity::Error)
            .into_iter()
            .filter(|c| *c != code)
            .collect();
        assert!(
            other_errors.is_empty(),
            "{file} raises other errors: {other_errors:?}"
        );
        let rule = eco_validator::rules()
            .by_code(&code)
            .expect("named for a catalogue rule");
        assert_eq!(report.valid, rule.severity != Severity::Error, "{file}");
        for f in &report.findings {
            // A JSON Pointer to the whole document is "", and input of neither syntax has none.
            let whole = report.syntax != Some(eco_validator::Syntax::Xml);
            assert!(
                (whole || !f.path.is_empty()) && !f.message.is_empty() && !f.basis.is_empty(),
                "{f:?}"
            );
            if f.code == code && rule.stage != Stage::Parse {
                assert!(
                    f.line.is_some() && f.column.is_some(),
                    "{file}: no position in {f:?}"
                );
            }
        }
    }
}

/// The two rules whose triggers are too large to commit: built here from the 10-item certificate.
#[test]
fn size_and_item_limits() {
    let base = String::from_utf8(read("valid-10.xml")).unwrap();
    let mut big = base.clone();
    big.push_str(&" ".repeat(Limits::default().max_bytes));
    let report = validate(big.as_bytes(), &options());
    assert_eq!(codes(&report, Severity::Error), ["limit.size"]);

    let start = base.find("    <IncludedConsignmentItem>").unwrap();
    let end =
        base.rfind("</IncludedConsignmentItem>").unwrap() + "</IncludedConsignmentItem>\n".len();
    let items = &base[start..end];
    let many = format!("{}{}{}", &base[..start], items.repeat(100), &base[end..]);
    let report = validate(many.as_bytes(), &options());
    assert_eq!(codes(&report, Severity::Error), ["limit.items"]);

    // The same limits are the caller's to set.
    let mut options = options();
    options.limits.max_items = 2000;
    let report = validate(many.as_bytes(), &options);
    assert!(!codes(&report, Severity::Error).contains(&"limit.items"));
}

/// A report lists at most the limit's number of findings and then says how many there were; whether
/// the document is valid is decided on all of them.
#[test]
fn findings_beyond_the_limit_are_counted_not_listed() {
    let base = String::from_utf8(read("valid-10.xml")).unwrap();
    let unknown = base.replacen(
        "<MarksText>",
        &format!("{}<MarksText>", "<Colour/>".repeat(1500)),
        1,
    );
    let report = validate(unknown.as_bytes(), &options());
    let limit = usize::try_from(Limits::default().max_findings).unwrap();
    assert_eq!(report.findings.len(), limit + 1);
    let last = report
        .findings
        .iter()
        .find(|f| f.code == "limit.findings")
        .unwrap();
    assert_eq!(last.severity, Severity::Warning);
    assert_eq!(last.params["count"], "1500");
    assert!(!report.valid);

    // Five warnings (Box 8 in lower case; item 1's `40%` has none) under a limit of four: still
    // valid, and said so.
    let mut warned = base.clone();
    for n in 1..=6 {
        let at = warned
            .find(&format!("<SequenceNumeric>{n}</SequenceNumeric>"))
            .unwrap();
        let open = at + warned[at..].find("<OriginCriteriaText>").unwrap() + 20;
        let close = open + warned[open..].find('<').unwrap();
        let lower = warned[open..close].to_lowercase();
        warned.replace_range(open..close, &lower);
    }
    let mut options = options();
    options.limits.max_findings = 4;
    let report = validate(warned.as_bytes(), &options);
    assert!(report.valid, "{:?}", report.findings);
    assert_eq!(codes(&report, Severity::Warning).len(), 5);
    assert!(codes(&report, Severity::Warning).contains(&"limit.findings"));

    // An error found after the listed ones still makes the document invalid: one from a later
    // stage (the certification procedure's, run last) behind the listed warnings.
    let late_error = warned.replacen(
        "</PartialCumulation>",
        "</PartialCumulation><MovementCertificate>true</MovementCertificate>",
        1,
    );
    let report = validate(late_error.as_bytes(), &options);
    assert!(!report.valid);
    assert_eq!(codes(&report, Severity::Error), Vec::<&str>::new());
    // Errors only counted while the model was built (more than the limit) make it unfaithful
    // to a converter, as listed ones do.
    let mut counted_error = warned.clone();
    for n in 5..=9 {
        let at = counted_error
            .find(&format!("<SequenceNumeric>{n}</SequenceNumeric>"))
            .unwrap();
        counted_error.insert_str(at, "<Colour/>");
    }
    let report = validate(counted_error.as_bytes(), &options);
    assert!(!report.valid);
    assert_eq!(codes(&report, Severity::Error).len(), 4);
    // Nor may a converter take the model for faithful.
    assert!(!eco_validator::parse(counted_error.as_bytes(), &options).is_faithful());
    assert!(eco_validator::parse(warned.as_bytes(), &options).is_faithful());
}

#[test]
fn every_active_rule_has_a_fixture() {
    let covered: BTreeSet<String> = invalid_corpus().into_iter().map(|(c, _)| c).collect();
    // Built in memory (too large to commit), or raised only under a caller's option (tested below).
    let in_memory = [
        "limit.size",
        "limit.items",
        "limit.nodes",
        "limit.findings",
        "header.agreement-expected",
        // Korea–China's item limit, raised by a certificate of that agreement (tests/profiles.rs).
        "item.count",
        // A PSR table of another HS edition, which the caller loads (tests/profiles.rs).
        "psr.other-edition",
        // Raised against the exporter's worksheets the caller passes (tests/origin.rs).
        "evidence.not-originating",
        "evidence.criterion",
        "evidence.rvc",
        "evidence.de-minimis",
    ];
    for rule in eco_validator::rules().rules {
        if rule.status == Status::Active && !in_memory.contains(&rule.code) {
            assert!(
                covered.contains(rule.code),
                "no fixture raises {}",
                rule.code
            );
        }
    }
}

#[test]
fn findings_come_in_box_item_code_order() {
    // Several problems across boxes and items in one document.
    let text = String::from_utf8(read("valid-10.xml"))
        .unwrap()
        .replacen(
            "<OriginCriteriaText>CTH</OriginCriteriaText>",
            "<OriginCriteriaText>XX</OriginCriteriaText>",
            1,
        )
        .replacen("<ModeCode>1</ModeCode>", "<ModeCode>10</ModeCode>", 1)
        .replacen(
            "<IssueCountryID>SG</IssueCountryID>",
            "<IssueCountryID>CN</IssueCountryID>",
            1,
        )
        .replacen(
            "<OriginCriteriaText>WO</OriginCriteriaText>",
            "<OriginCriteriaText>PE</OriginCriteriaText>",
            1,
        );
    let report = validate(text.as_bytes(), &options());
    let got: Vec<(Option<&str>, Option<u32>, &str)> = report
        .findings
        .iter()
        .map(|f| (f.form_box, f.item, f.code))
        .collect();
    assert_eq!(
        got,
        [
            (Some("header"), None, "code.member-state"),
            (Some("1"), None, "country.exporting"),
            (Some("3"), None, "code.transport-mode"),
            (Some("8"), Some(2), "box8.syntax"),
            (Some("8"), Some(5), "box8.not-on-form"),
            (Some("11"), None, "country.exporting"),
        ]
    );
    // A bad item never hides another item's findings.
    assert_eq!(report.errors(), 6);
}

/// The wasm tests compile the fixtures in (a browser has no file system): their list must name them all.
#[test]
fn the_wasm_test_list_names_every_fixture() {
    let source = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wasm.rs"),
    )
    .unwrap();
    let block = source
        .split_once("fixtures! {")
        .and_then(|(_, rest)| rest.split_once('}'))
        .expect("tests/wasm.rs lists its fixtures in fixtures! { … }")
        .0;
    let listed: BTreeSet<String> = block
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix('"')?
                .strip_suffix("\",")
                .map(str::to_owned)
        })
        .collect();
    let mut on_disk: BTreeSet<String> = invalid_corpus().into_iter().map(|(_, f)| f).collect();
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with("valid-") {
            on_disk.insert(name);
        }
    }
    assert_eq!(listed, on_disk);
}

/// A rule that depends on the caller's options: the agreement it expects.
#[test]
fn the_expected_agreement_is_the_callers_to_set() {
    let doc = read("valid-10.xml");
    let mut expect_atiga = options();
    expect_atiga.agreement = Some("ATIGA".into());
    assert!(validate(&doc, &expect_atiga).findings.is_empty());
    let mut expect_rcep = options();
    expect_rcep.agreement = Some("RCEP".into());
    let report = validate(&doc, &expect_rcep);
    assert_eq!(
        codes(&report, Severity::Error),
        ["header.agreement-expected"]
    );
    let f = &report.findings[0];
    assert_eq!(f.message, "The certificate claims ATIGA; RCEP was expected");
    assert_eq!(f.path, "/CertificateOfOrigin/ExchangedDocument/AgreementID");
}

/// Overleaf note 10's "exported from and imported by" is the caller's to read: the fixture goes from
/// Singapore (not listed) to Indonesia (listed), so only a reading that counts the exporter alone
/// lets its RVC item go without FOB.
#[test]
fn the_fob_reading_is_the_callers_to_set() {
    let doc = read("invalid/fob.missing.xml");
    for (reading, valid) in [
        (FobRequiredFor::ExportingOrImporting, false),
        (FobRequiredFor::Importing, false),
        (FobRequiredFor::Exporting, true),
    ] {
        let mut o = options();
        o.fob_required_for = reading;
        let report = validate(&doc, &o);
        assert_eq!(report.valid, valid, "{reading:?}: {:?}", report.findings);
    }
    let f = &validate(&doc, &options()).findings[0];
    assert_eq!(
        f.message,
        "Origin criterion 'RVC 45%' applies RVC: box 9 must show the FOB value for goods imported by ID"
    );
}

/// What npm users read: a JSON document that is not an object is not told about XML namespaces,
/// and no catalogue text speaks Rust ("crate").
#[test]
fn messages_speak_the_documents_language() {
    for (doc, expected, not) in [
        (&b"[1]"[..], "a JSON object", "urn:"),
        (
            b"<x/>",
            "{urn:eco-validator:certificate-of-origin:1}CertificateOfOrigin",
            "JSON",
        ),
    ] {
        let report = validate(doc, &options());
        let f = &report.findings[0];
        assert_eq!(f.code, "parse.root");
        assert!(
            f.message.contains(expected) && !f.message.contains(not),
            "{}",
            f.message
        );
    }
    for rule in eco_validator::rules().rules {
        for text in [rule.basis, rule.description, rule.message] {
            assert!(!text.contains("crate"), "{}: {text}", rule.code);
        }
    }
}

/// The wasm package writes reports and the catalogue with its own small JSON writer: it must say
/// what serde says, on every fixture (odd characters included) and on the catalogue.
#[test]
fn the_wasm_json_writer_says_what_serde_says() {
    let mut files: Vec<String> = invalid_corpus().into_iter().map(|(_, f)| f).collect();
    files.extend(["valid-10.xml", "valid-full.json", "valid-rcep.xml"].map(String::from));
    let mut documents: Vec<Vec<u8>> = files.iter().map(|f| read(f)).collect();
    documents.push(b"<a>\"\\\n\t\x01</a>".to_vec());
    documents.push("{\"é\": \"中 \u{1}\"}".as_bytes().to_vec());
    for doc in &documents {
        let report = validate(doc, &options());
        let ours: serde_json::Value =
            serde_json::from_str(&eco_validator::__private::report_json(&report)).unwrap();
        assert_eq!(ours, serde_json::to_value(&report).unwrap());
    }
    let catalogue = eco_validator::rules();
    let ours: serde_json::Value =
        serde_json::from_str(&eco_validator::__private::catalogue_json(catalogue)).unwrap();
    assert_eq!(ours, serde_json::to_value(catalogue).unwrap());
}
