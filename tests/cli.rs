//! The command-line tool, run as a user would: exit codes, JSON and text reports, the catalogue.

mod common;

use std::process::{Command, Output};

use common::*;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eco-validator"))
        .args(args)
        .current_dir(fixtures())
        .output()
        .expect("the CLI runs")
}

fn json_reports(out: &Output) -> Vec<serde_json::Value> {
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

#[test]
fn exit_codes_follow_the_worst_document() {
    let ok = run(&[
        "validate",
        "--as-of",
        "2026-11-25",
        "valid-10.xml",
        "valid-10.json",
    ]);
    assert_eq!(ok.status.code(), Some(0));
    let bad = run(&[
        "validate",
        "--as-of",
        "2026-11-25",
        "valid-10.xml",
        "invalid/box8.syntax.xml",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    // A warning alone does not fail a document.
    let warned = run(&["validate", "--as-of", "2026-11-25", "invalid/code.unit.xml"]);
    assert_eq!(warned.status.code(), Some(0));
    let missing = run(&["validate", "valid-10.xml", "no-such-file.xml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no-such-file.xml"));
    let rcep = run(&[
        "validate",
        "--as-of",
        "2026-11-25",
        "--agreement",
        "RCEP",
        "valid-10.xml",
    ]);
    assert_eq!(rcep.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&rcep.stdout).contains("header.agreement-expected"));
    for usage in [
        &["validate", "--agreement", "XYZ", "valid-10.xml"][..],
        &["validate"][..],
        &["frobnicate"],
        &[],
        &["validate", "--format", "yaml", "x"],
        &["validate", "--as-of", "25/11/2026", "x"],
        &["validate", "--max-findings", "0", "valid-10.xml"],
        &["validate", "--max-findings", "many", "valid-10.xml"],
    ] {
        assert_eq!(run(usage).status.code(), Some(2), "{usage:?}");
    }
}

#[test]
fn json_reports_carry_every_field_a_portal_needs() {
    let out = run(&[
        "validate",
        "--format",
        "json",
        "--as-of",
        "2026-11-25",
        "invalid/code.currency.xml",
        "valid-1.json",
    ]);
    let reports = json_reports(&out);
    assert_eq!(reports.len(), 2);
    let r = &reports[0];
    assert_eq!(r["file"], "invalid/code.currency.xml");
    assert_eq!(r["valid"], false);
    assert_eq!(r["versions"]["asOf"], "2026-11-25");
    assert!(r["versions"]["rules"].is_string() && r["versions"]["codeLists"].is_string());
    let f = &r["findings"][0];
    for key in [
        "code", "severity", "box", "item", "path", "line", "column", "message", "basis", "params",
    ] {
        assert!(f.get(key).is_some(), "finding lacks {key}: {f}");
    }
    assert_eq!(f["code"], "code.currency");
    assert_eq!(f["box"], "9");
    assert_eq!(f["item"], 9);
    assert_eq!(reports[1]["valid"], true);
    assert_eq!(reports[1]["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn the_clock_defaults_to_today_and_can_be_set() {
    let out = run(&["validate", "--format", "json", "valid-1.xml"]);
    let today = json_reports(&out)[0]["versions"]["asOf"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(today.len(), 10);
    let early = run(&[
        "validate",
        "--format",
        "json",
        "--as-of=2026-11-01",
        "valid-1.xml",
    ]);
    assert_eq!(early.status.code(), Some(1));
    assert_eq!(
        json_reports(&early)[0]["findings"][0]["code"],
        "header.issue-date-future"
    );
}

#[test]
fn text_reports_group_by_box_with_lines() {
    let out = run(&[
        "validate",
        "--as-of",
        "2026-11-25",
        "invalid/struct.missing.xml",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("INVALID"), "{text}");
    assert!(text.contains("Box 7, item 4"), "{text}");
    assert!(text.contains("struct.missing"), "{text}");
    assert!(text.contains("line 88:5"), "{text}");
}

#[test]
fn the_catalogue_is_printed_in_both_formats() {
    let out = run(&["rules", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let catalogue: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = catalogue["rules"].as_array().unwrap();
    assert_eq!(rules.len(), eco_validator::rules().rules.len());
    for r in rules {
        for key in [
            "code",
            "severity",
            "stage",
            "box",
            "basis",
            "description",
            "message",
            "status",
        ] {
            assert!(r.get(key).is_some(), "{key} missing in {r}");
        }
    }
    let text = String::from_utf8(run(&["rules"]).stdout).unwrap();
    assert!(text.contains("box8.syntax") && text.contains("ATIGA Annex 7, overleaf note 3"));
}

#[test]
fn convert_writes_the_other_binding() {
    let out = run(&["convert", "--to", "json", "valid-1.xml"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, read("valid-1.json"));
    // A document with structural errors is not converted: values would be lost silently.
    let lossy = run(&["convert", "--to", "json", "invalid/format.decimal.xml"]);
    assert_eq!(lossy.status.code(), Some(1));
    assert!(lossy.stdout.is_empty());
    assert!(String::from_utf8_lossy(&lossy.stderr).contains("structural errors"));
    let back = run(&["convert", "--to", "xml", "valid-1.json"]);
    let report = eco_validator::validate(&back.stdout, &options());
    assert!(report.valid && report.findings.is_empty());
}

/// Each limit flag takes effect: a document within the defaults trips exactly the limit set below it.
#[test]
fn every_limit_is_the_callers_to_set() {
    let source = String::from_utf8(read("valid-10.xml")).unwrap();
    let root = "<CertificateOfOrigin xmlns=\"urn:eco-validator:certificate-of-origin:1\"";
    assert!(source.contains(root));
    // Three namespace declarations and two attributes on the root: within every default limit.
    let doc = source.replacen(
        root,
        &format!("{root} xmlns:a=\"urn:a\" xmlns:b=\"urn:b\" a:x=\"1\" b:y=\"2\""),
        1,
    );
    let dir = std::env::temp_dir().join(format!("eco-validator-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("limits.xml");
    std::fs::write(&file, doc).unwrap();
    let path = file.to_str().unwrap();
    let limit_codes = |extra: &[&str]| {
        let mut args = vec!["validate", "--format", "json", "--as-of", "2026-11-25"];
        args.extend_from_slice(extra);
        args.push(path);
        let reports = json_reports(&run(&args));
        let mut codes: Vec<String> = reports[0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .filter(|c| c.starts_with("limit."))
            .collect();
        codes.dedup();
        codes
    };
    assert!(limit_codes(&[]).is_empty());
    for (flag, value, code) in [
        ("--max-bytes", "100", "limit.size"),
        ("--max-depth", "2", "limit.depth"),
        ("--max-attributes", "1", "limit.attributes"),
        ("--max-namespaces", "2", "limit.namespaces"),
        ("--max-items", "9", "limit.items"),
        ("--max-nodes", "50", "limit.nodes"),
    ] {
        assert_eq!(limit_codes(&[flag, value]), [code], "{flag} {value}");
        assert_eq!(
            run(&["validate", flag, "0", path]).status.code(),
            Some(2),
            "{flag} 0"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// `--max-findings` sets how many findings a report lists; the rest are counted.
#[test]
fn the_findings_limit_is_the_callers_to_set() {
    let source = String::from_utf8(read("valid-10.xml")).unwrap();
    let faulty = source.replacen(
        "<MarksText>",
        &format!("{}<MarksText>", "<Colour/>".repeat(5)),
        1,
    );
    let dir = std::env::temp_dir().join(format!("eco-validator-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("faulty.xml");
    std::fs::write(&file, faulty).unwrap();
    let path = file.to_str().unwrap();
    let args = |limit: &'static str| {
        [
            "validate",
            "--format",
            "json",
            "--as-of",
            "2026-11-25",
            "--max-findings",
            limit,
            path,
        ]
    };
    let all = json_reports(&run(&args("1000")));
    let listed = all[0]["findings"].as_array().unwrap().len();
    assert!(listed >= 5, "{listed}");
    let cut = json_reports(&run(&args("2")));
    let findings = cut[0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 3);
    let note = findings
        .iter()
        .find(|f| f["code"] == "limit.findings")
        .unwrap();
    assert_eq!(note["params"]["count"], listed.to_string());
    assert_eq!(cut[0]["valid"], all[0]["valid"]);
    std::fs::remove_dir_all(&dir).ok();
}

/// The policy flag the npm package has as `timorLesteAtigaFrom`, read by the same settings: from
/// the date given, Timor-Leste counts as an ATIGA party; a date that is not one is a usage error.
#[test]
fn timor_leste_counts_as_a_party_from_the_date_given() {
    let file = fixtures().join("invalid/code.member-state.xml");
    let path = file.to_str().unwrap();
    let codes = |extra: &[&str]| {
        let mut args = vec!["validate", "--format", "json", "--as-of", "2026-11-25"];
        args.extend_from_slice(extra);
        args.push(path);
        let reports = json_reports(&run(&args));
        reports[0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(&[]), ["code.member-state"]);
    assert!(codes(&["--timor-leste-atiga-from", "2026-01-01"]).is_empty());
    assert_eq!(
        codes(&["--timor-leste-atiga-from=2027-01-01"]),
        ["code.member-state"]
    );
    let bad = run(&["validate", "--timor-leste-atiga-from", "soon", path]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not a date YYYY-MM-DD"));
}

/// The validator's data from files: a profile beside the bundled ones, the issuers' status list;
/// one that cannot be loaded stops the run with its code and place (exit 2), before any document.
#[test]
fn profiles_and_status_lists_are_loaded_from_files() {
    let zz = run(&[
        "validate",
        "--as-of",
        "2026-11-25",
        "--profiles",
        "profiles/zzfta.json",
        "profiles/form-zz.xml",
    ]);
    assert_eq!(
        zz.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&zz.stdout)
    );
    let without = run(&["validate", "--as-of", "2026-11-25", "profiles/form-zz.xml"]);
    assert_eq!(without.status.code(), Some(1));
    let listed = run(&[
        "validate",
        "--format",
        "json",
        "--as-of",
        "2026-11-25",
        "--status-list",
        "status-list.json",
        "valid-10.xml",
    ]);
    assert_eq!(listed.status.code(), Some(1));
    let r = &json_reports(&listed)[0];
    assert_eq!(r["findings"][0]["code"], "lifecycle.replaced");
    assert_eq!(r["findings"][0]["params"]["replacement"], "SG26D0012399");
    let broken = run(&["validate", "--profiles", "status-list.json", "valid-10.xml"]);
    assert_eq!(broken.status.code(), Some(2));
    let said = String::from_utf8_lossy(&broken.stderr);
    assert!(
        said.contains("profile.format: status-list.json at /format"),
        "{said}"
    );
    assert!(broken.stdout.is_empty());
    let complete = run(&[
        "validate",
        "--format",
        "json",
        "--as-of",
        "2026-11-25",
        "--psr",
        "psr-complete.json",
        "valid-10.xml",
    ]);
    assert_eq!(complete.status.code(), Some(1));
    let items: Vec<_> = json_reports(&complete)[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].as_str().unwrap().to_owned(), f["item"].as_u64()))
        .collect();
    let n = |i| ("psr.not-admissible".to_owned(), Some(i));
    // Item 4 (HS 2106) has the table's line, WO, which replaces the general rule its 40 % + CTH meets.
    assert_eq!(items, [n(3), n(4), n(6), n(8)]);
    let missing = run(&["validate", "--status-list", "no-such.json", "valid-10.xml"]);
    assert_eq!(missing.status.code(), Some(2));
}

/// `--worksheet ITEM=FILE` checks an item's Box 8 against the exporter's worksheet of it.
#[test]
fn worksheets_close_the_loop_from_the_command_line() {
    let ok = run(&[
        "validate",
        "--as-of",
        "2026-11-25",
        "--worksheet",
        "1=worksheets/item-1.json",
        "valid-10.xml",
    ]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let claimed = run(&[
        "validate",
        "--as-of",
        "2026-11-25",
        "--format",
        "json",
        "--worksheet",
        "9=worksheets/item-1.json",
        "valid-10.xml",
    ]);
    // Item 9 (9018.39.90, Box 8 RVC 45%) against a worksheet of another product: its rule is
    // met, but the RVC it gives (41.78 %) is below what Box 8 states.
    assert_eq!(claimed.status.code(), Some(1));
    assert_eq!(
        json_reports(&claimed)[0]["findings"][0]["code"],
        "evidence.rvc"
    );
    let bad = run(&[
        "validate",
        "--worksheet",
        "one=worksheets/item-1.json",
        "valid-10.xml",
    ]);
    assert_eq!(bad.status.code(), Some(2));
}
