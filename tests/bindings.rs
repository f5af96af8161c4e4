//! The XML and JSON bindings: round trips, twins, paths and positions in each syntax.

mod common;

use common::*;
use eco_validator::{Syntax, parse, validate, write};

fn model(bytes: &[u8]) -> eco_validator::model::Certificate {
    let parsed = parse(bytes, &options());
    parsed.certificate.expect("a certificate")
}

#[test]
fn xml_read_write_read_gives_the_same_model() {
    for name in [
        "valid-1.xml",
        "valid-10.xml",
        "valid-100.xml",
        "valid-full.xml",
    ] {
        let first = model(&read(name));
        let written = write(&first, Syntax::Xml);
        let second = model(written.as_bytes());
        assert_eq!(first, second, "{name}");
        assert!(validate(written.as_bytes(), &options()).findings.is_empty());
    }
}

#[test]
fn json_twins_hold_the_same_model_and_round_trip() {
    for n in ["1", "10", "100", "full"] {
        let from_xml = model(&read(&format!("valid-{n}.xml")));
        let from_json = model(&read(&format!("valid-{n}.json")));
        assert_eq!(from_xml, from_json, "valid-{n}");
        let again = model(write(&from_json, Syntax::Json).as_bytes());
        assert_eq!(from_json, again);
    }
}

/// The writer puts every element of the binding in schema order: it reproduces the fixture that has
/// every optional element, byte for byte after the leading comment.
#[test]
fn the_xml_writer_reproduces_the_full_fixture() {
    let source = String::from_utf8(read("valid-full.xml")).unwrap();
    let written = write(&model(source.as_bytes()), Syntax::Xml);
    let without_comment: String = source
        .lines()
        .filter(|l| !l.starts_with("<!--"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(written, without_comment);
}

#[test]
fn json_amounts_are_decimal_strings_and_numbers_are_read_from_their_text() {
    let text = String::from_utf8(read("valid-1.json")).unwrap();
    assert!(text.contains("\"value\": \"58400.00\""));
    // The same amount as a JSON number with more digits than an f64 holds.
    let as_number = text.replacen(
        "\"value\": \"58400.00\"",
        "\"value\": 58400.000000000000000001",
        1,
    );
    let cert = model(as_number.as_bytes());
    let fob = cert.consignment.items[0]
        .fob
        .as_ref()
        .unwrap()
        .value
        .unwrap();
    assert_eq!(fob.to_string(), "58400.000000000000000001");
}

#[test]
fn json_findings_carry_json_pointers() {
    let text = String::from_utf8(read("valid-10.json")).unwrap().replacen(
        "\"originCriteriaText\": \"CTH\"",
        "\"originCriteriaText\": \"CTH or RVC\"",
        1,
    );
    let report = validate(text.as_bytes(), &options());
    assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
    let f = &report.findings[0];
    assert_eq!(f.code, "box8.syntax");
    assert_eq!(
        f.path,
        "/supplyChainConsignment/includedConsignmentItems/1/originCriteriaText"
    );
    assert_eq!(f.item, Some(2));
    assert_eq!(f.form_box, Some("8"));
    // JSON findings have lines and columns too: the member's key.
    let line = text
        .lines()
        .position(|l| l.contains("\"CTH or RVC\""))
        .unwrap();
    let line = u32::try_from(line).unwrap() + 1;
    assert_eq!(f.line, Some(line));
    assert_eq!(f.column, Some(9));
}

#[test]
fn xml_findings_carry_paths_lines_and_columns() {
    let report = validate(&read("invalid/code.currency.xml"), &options());
    let f = report
        .findings
        .iter()
        .find(|f| f.code == "code.currency")
        .unwrap();
    assert_eq!(
        f.path,
        "/CertificateOfOrigin/SupplyChainConsignment/IncludedConsignmentItem[9]/FOBAmount/@currencyID"
    );
    let text = String::from_utf8(read("invalid/code.currency.xml")).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("currencyID=\"USX\""))
        .unwrap();
    let line = u32::try_from(line).unwrap() + 1;
    assert_eq!(f.line, Some(line));
    assert_eq!(f.column, Some(7));
    assert_eq!(f.params.get("value").map(String::as_str), Some("USX"));
}

#[test]
fn json_structure_errors_are_reported_per_member() {
    let text = r#"{"exchangedDocument": {"id": 5, "agreementId": "ATIGA", "formTypeCode": "D",
        "issueDate": "2026-11-20", "issueCountryId": "SG", "colour": "red"},
        "supplyChainConsignment": []}"#;
    let report = validate(text.as_bytes(), &options());
    let got: Vec<(&str, &str)> = report
        .findings
        .iter()
        .map(|f| (f.code, f.path.as_str()))
        .collect();
    assert!(
        got.contains(&("struct.unknown", "/exchangedDocument/colour")),
        "{got:?}"
    );
    assert!(
        got.contains(&("struct.missing", "/supplyChainConsignment")),
        "{got:?}"
    );
    assert!(
        got.contains(&("struct.missing", "/exporterDeclaration")),
        "{got:?}"
    );
    // A number where the binding has a string is a type error, not silently text.
    assert!(
        got.contains(&("format.json-type", "/exchangedDocument/id")),
        "{got:?}"
    );
    assert_eq!(model(text.as_bytes()).header.reference, None);
}

/// Arrays in JSON are where the binding repeats: a repeating field given once, as an object, and a
/// single field given as an array are both the wrong shape, whether the members come in binding
/// order (the fast path of the mapping) or not.
#[test]
fn json_arrays_must_be_where_the_binding_repeats() {
    let base = String::from_utf8(read("valid-10.json")).unwrap();
    let shape_finding_at = |doc: &str, at: &dyn Fn(&str) -> bool| {
        let report = validate(doc.as_bytes(), &options());
        let found = report
            .findings
            .iter()
            .any(|f| f.code == "struct.shape" && at(&f.path));
        assert!(found, "{:?}", report.findings);
    };
    let first_invoice = base
        .find("\"invoices\": [")
        .expect("invoices in the fixture");
    let close = first_invoice + base[first_invoice..].find(']').unwrap();
    let open = first_invoice + base[first_invoice..].find('[').unwrap();
    let as_object = format!(
        "{}{}{}",
        &base[..open],
        base[open + 1..close].trim(),
        &base[close + 1..]
    );
    shape_finding_at(&as_object, &|p| p.ends_with("/invoices"));
    let consignor = base
        .find("\"consignor\": {")
        .expect("consignor in the fixture");
    let wrapped = format!(
        "{}\"consignor\": [{}",
        &base[..consignor],
        &base[consignor + 13..]
    );
    // Close the array after the consignor object: its closing brace is the first at its depth.
    let start = consignor + 14;
    let mut depth = 0;
    let end = start
        + wrapped[start..]
            .char_indices()
            .find(|&(_, c)| {
                depth += i32::from(c == '{') - i32::from(c == '}');
                depth == 0
            })
            .unwrap()
            .0;
    let wrapped = format!("{}]{}", &wrapped[..=end], &wrapped[end + 1..]);
    shape_finding_at(&wrapped, &|p| p.contains("/consignor"));
}

#[test]
fn the_validation_clock_is_an_argument() {
    let doc = read("valid-10.xml");
    let mut early = options();
    early.as_of = jiff::civil::date(2026, 11, 19);
    let report = validate(&doc, &early);
    assert_eq!(report.findings[0].code, "header.issue-date-future");
    assert_eq!(report.versions.as_of, "2026-11-19");
    assert!(validate(&doc, &options()).valid);
}

#[test]
fn timor_leste_is_a_party_only_by_policy() {
    let doc = read("invalid/code.member-state.xml");
    assert!(!validate(&doc, &options()).valid);
    let mut policy = options();
    policy.timor_leste_atiga_from = Some(jiff::civil::date(2026, 1, 1));
    assert!(validate(&doc, &policy).valid);
}

/// XML 1.0 line ends: CR LF and a lone CR in content read as LF (so a document saved on Windows
/// holds the same model), while a CR written as a character reference is content and stays.
#[test]
fn xml_line_ends_are_normalised_but_referenced_carriage_returns_stay() {
    let source = String::from_utf8(read("valid-1.xml")).unwrap();
    let windows = source.replace('\n', "\r\n");
    assert_eq!(model(windows.as_bytes()), model(source.as_bytes()));
    assert!(validate(windows.as_bytes(), &options()).findings.is_empty());

    let description = |doc: &str| {
        model(doc.as_bytes()).consignment.items[0]
            .description
            .clone()
            .expect("a description")
    };
    let before = description(&source);
    let (first, rest) = before
        .split_once(' ')
        .expect("a description of several words");
    for (written, read) in [
        (format!("{first}\r\n{rest}"), format!("{first}\n{rest}")),
        (format!("{first}\r{rest}"), format!("{first}\n{rest}")),
        (format!("{first}&#13;{rest}"), format!("{first}\r{rest}")),
    ] {
        let doc = source.replace(&before, &written);
        assert_ne!(doc, source);
        assert_eq!(description(&doc), read, "{written:?}");
    }
}

/// JSON members are read as written, in order: a repeated member is reported, not silently replaced
/// by the last one, and an object that merely names serde_json's internal number marker is not a
/// number.
#[test]
fn json_repeated_members_are_reported_and_number_markers_are_not_numbers() {
    let source = String::from_utf8(read("valid-1.json")).unwrap();
    let codes = |doc: &str| -> Vec<&'static str> {
        validate(doc.as_bytes(), &options())
            .findings
            .iter()
            .map(|f| f.code)
            .collect()
    };
    assert!(codes(&source).is_empty());
    let repeated = source.replacen("\"id\": \"", "\"id\": \"X1\", \"id\": \"", 1);
    assert_eq!(codes(&repeated), ["struct.repeated"]);
    // Each finding is placed at its own node: the repeat's at the repeat.
    let finding = &validate(repeated.as_bytes(), &options()).findings[0];
    assert_eq!(finding.path, "/exchangedDocument/id");
    let second = repeated.find("\"X1\", \"id\"").unwrap() + "\"X1\", ".len();
    let line_start = repeated[..second].rfind('\n').unwrap() + 1;
    assert_eq!(
        (finding.line, finding.column),
        (
            Some(u32::try_from(repeated[..second].matches('\n').count()).unwrap() + 1),
            Some(u32::try_from(second - line_start).unwrap() + 1)
        )
    );
    // A finding about the first copy points at the first copy, not at the last one (a JSON Pointer
    // names both alike; the node is the first's).
    let twice = source.replacen(
        "\"issueDate\": \"",
        "\"issueDate\": \"someday\",\n    \"issueDate\": \"",
        1,
    );
    let report = validate(twice.as_bytes(), &options());
    let at = |code: &str| {
        let f = report.findings.iter().find(|f| f.code == code).unwrap();
        (f.path.clone(), f.line, f.column)
    };
    let line_of = |needle: &str| {
        let offset = twice.find(needle).unwrap();
        Some(u32::try_from(twice[..offset].matches('\n').count()).unwrap() + 1)
    };
    let first = at("format.date");
    assert_eq!(first.0, "/exchangedDocument/issueDate");
    assert_eq!(first.1, line_of("\"issueDate\": \"someday\""));
    let repeat = at("struct.repeated");
    assert_eq!(repeat.1, Some(first.1.unwrap() + 1));
    let marker = source.replacen(
        "\"formTypeCode\": \"D\"",
        "\"formTypeCode\": {\"$serde_json::private::Number\": \"1\"}",
        1,
    );
    // serde_json's private name for a number is an ordinary member name to the reader: an object
    // where the form type is a value.
    assert_eq!(codes(&marker), ["struct.shape"]);
}
