//! Cross-check with a real, independent XSD validator: Debian's `xmllint --schema` (libxml2) must agree
//! with the validator on the structural validity of every XML fixture. The schema is the one shipped
//! in `schema/`. `.ci/setup` installs xmllint (package libxml2-utils); without it this test fails.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use eco_validator::{rules, validate};

const SCHEMA: &str = "schema/eco-certificate-of-origin-1.xsd";

/// Rules that are the validator's input policy, not structure: an XSD processor accepts what they refuse.
const POLICY_ONLY: &[&str] = &["parse.doctype", "limit.namespaces"];

fn xmllint_accepts(file: &Path) -> bool {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(root.join(SCHEMA))
        .arg(file)
        .output()
        .expect("xmllint must be installed (bash .ci/setup installs libxml2-utils)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("failed to compile") && !stderr.contains("WXS schema")
            || out.status.success(),
        "the schema did not compile: {stderr}"
    );
    out.status.success()
}

fn structurally_valid(bytes: &[u8]) -> (bool, Vec<&'static str>) {
    let report = validate(bytes, &options());
    let structural: Vec<&'static str> = report
        .findings
        .iter()
        .filter(|f| rules::by_code(f.code).is_some_and(|r| r.stage.is_structural()))
        .map(|f| f.code)
        .collect();
    (structural.is_empty(), structural)
}

#[test]
fn xmllint_agrees_on_every_xml_fixture() {
    let mut files = vec![
        "valid-1.xml".to_string(),
        "valid-10.xml".to_string(),
        "valid-100.xml".to_string(),
        "valid-full.xml".to_string(),
    ];
    files.extend(
        invalid_corpus()
            .into_iter()
            .filter(|(code, f)| f.ends_with(".xml") && !POLICY_ONLY.contains(&code.as_str()))
            .map(|(_, f)| f),
    );
    let mut disagreements = Vec::new();
    let mut checked = 0;
    for f in &files {
        let path = fixtures().join(f);
        let ours = structurally_valid(&read(f));
        let theirs = xmllint_accepts(&path);
        if ours.0 != theirs {
            disagreements.push(format!("{f}: validator {:?}, xmllint {theirs}", ours));
        }
        checked += 1;
    }
    assert!(checked >= 40);
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}

#[test]
fn xmllint_agrees_on_documents_the_writer_produces() {
    let source = read("valid-10.xml");
    let parsed = eco_validator::parse(&source, &options());
    let written = eco_validator::xml::write(&parsed.certificate.unwrap());
    let dir = std::env::temp_dir().join(format!("eco-validator-xmllint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("written.xml");
    std::fs::write(&path, &written).unwrap();
    assert!(xmllint_accepts(&path));
    assert!(structurally_valid(written.as_bytes()).0);
    std::fs::remove_dir_all(&dir).ok();
}

/// Edge cases of the binding, each a small change to the 10-item certificate, judged by both.
#[test]
fn xmllint_agrees_on_edge_cases() {
    let base = String::from_utf8(read("valid-10.xml")).unwrap();
    let cases: &[(&str, &str)] = &[
        (
            "<Description>Fresh Cavendish",
            "<Description>   \n  Fresh Cavendish",
        ),
        (
            "<MarksText>SGX/2026/01</MarksText>",
            "<MarksText>   </MarksText>",
        ),
        ("<Consignor>", "<Consignor xml:lang=\"en\">"),
        ("<Consignor>", "<Consignor note=\"x\">"),
        ("<GrossWeight unitCode=\"KGM\">812.50</GrossWeight>\n", ""),
        ("<GrossWeight unitCode=\"KGM\">310.00</GrossWeight>\n", ""),
        (
            "<GrossWeight unitCode=\"KGM\">812.50</GrossWeight>",
            "<GrossWeight>812.50</GrossWeight>",
        ),
        (
            "<GrossWeight unitCode=\"KGM\">812.50</GrossWeight>",
            "<GrossWeight unitCode=\"KGM\"></GrossWeight>",
        ),
        (
            "<GrossWeight unitCode=\"KGM\">812.50</GrossWeight>",
            "<GrossWeight unitCode=\"KGM\">+812.50</GrossWeight>",
        ),
        (
            "<GrossWeight unitCode=\"KGM\">812.50</GrossWeight>",
            "<GrossWeight unitCode=\"KGM\">812.</GrossWeight>",
        ),
        ("<Indicators>", "<Indicators>\n    "),
        ("<DeMinimis>false</DeMinimis>", "<DeMinimis>1</DeMinimis>"),
        (
            "<DeMinimis>false</DeMinimis>",
            "<DeMinimis> true </DeMinimis>",
        ),
        ("<Description>Fresh", "<Description><![CDATA[Fresh]]>"),
        (
            "Meridian Trading Pte Ltd",
            "Meridian &amp; Trading &#x50;te Ltd",
        ),
        ("<ExchangedDocument>", "<ExchangedDocument>stray text"),
        (
            "<IssueDate>2026-11-20</IssueDate>",
            "<IssueDate>2026-11-20Z</IssueDate>",
        ),
        (
            "<IssueDate>2026-11-20</IssueDate>",
            "<IssueDate>2026-02-30</IssueDate>",
        ),
        (
            "<PackageQuantity>40</PackageQuantity>",
            "<PackageQuantity>0</PackageQuantity>",
        ),
        (
            "<PackageQuantity>40</PackageQuantity>",
            "<PackageQuantity>0040</PackageQuantity>",
        ),
        (
            "<SequenceNumeric>1</SequenceNumeric>",
            "<SequenceNumeric>4294967296</SequenceNumeric>",
        ),
        (
            "<HarmonisedTariffCode>84713020",
            "<HarmonisedTariffCode>8471.30.20.00.00",
        ),
        ("<StatusCode>ISSUED</StatusCode>\n", ""),
        (
            "<Indicators>",
            "<OfficialUse><TreatmentCode>GIVEN</TreatmentCode></OfficialUse>\n  <Indicators>",
        ),
        (
            "  </Indicators>\n",
            "  </Indicators>\n  <OfficialUse><TreatmentCode>NOT_GIVEN</TreatmentCode><Reason>Item 3 fails CTSH</Reason><RefusedItemNumber>3</RefusedItemNumber></OfficialUse>\n",
        ),
        (
            "<CertificateOfOrigin xmlns",
            "<CertificateOfOrigin xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"urn:x y.xsd\" xmlns",
        ),
    ];
    let dir = std::env::temp_dir().join(format!("eco-validator-edges-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut disagreements = Vec::new();
    let mut accepted = 0;
    for (i, (old, new)) in cases.iter().enumerate() {
        assert!(base.contains(old), "case {i}: {old}");
        let text = base.replacen(old, new, 1);
        let path = dir.join(format!("edge-{i}.xml"));
        std::fs::write(&path, &text).unwrap();
        let ours = structurally_valid(text.as_bytes());
        let theirs = xmllint_accepts(&path);
        accepted += usize::from(theirs);
        if ours.0 != theirs {
            disagreements.push(format!(
                "case {i} ({new:?}): validator {ours:?}, xmllint {theirs}"
            ));
        }
    }
    std::fs::remove_dir_all(&dir).ok();
    // The cases mix both outcomes, so agreement is not agreement on "everything passes".
    assert!(
        accepted >= 8 && cases.len() - accepted >= 8,
        "{accepted} of {} accepted",
        cases.len()
    );
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}
