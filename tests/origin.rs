//! Origin assessment, worked examples checked by hand: each worksheet's numbers are computed in
//! the comments and compared with what the engine says, through the library and the CLI.
#![cfg(feature = "origin")]

mod common;

use common::*;
use eco_validator::{Assessment, Validator};

fn assess(json: &str) -> Assessment {
    Validator::builder()
        .build()
        .unwrap()
        .assess_origin(json, "w.json", jiff::civil::date(2026, 12, 1))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A worksheet for HS `hs` with FOB 1000 USD and the given materials (`(hs, value, origin)`).
fn sheet(hs: &str, materials: &[(&str, &str, &str)], extra: &str) -> String {
    let list: Vec<String> = materials
        .iter()
        .enumerate()
        .map(|(i, (h, v, o))| {
            format!(r#"{{"description": "m{i}", "hs": "{h}", "value": "{v}", "origin": "{o}"}}"#)
        })
        .collect();
    format!(
        r#"{{"agreement": "ATIGA", "product": {{"hs": "{hs}"}}, "fob": "1000.00", "currency": "USD",
           "materials": [{}]{extra}}}"#,
        list.join(",")
    )
}

fn met(a: &Assessment) -> Vec<(&str, bool)> {
    a.criteria
        .iter()
        .map(|c| (c.code.as_str(), c.met))
        .collect()
}

/// Example 1: "CTH except from heading 2403" (2404.19.10): homogenised tobacco of 2403 fails the CTH
/// however it changes heading; RVC = (1000 − 300 − 150) / 1000 = 55 % meets RVC(40). The filter
/// tow, 100 THB at 0.028, is 2.80 USD of originating material: direct (2.8 + 270) / 1000 = 27.28 %.
#[test]
fn a_psr_line_except_from_heading_2403() {
    let a = assess(&String::from_utf8(read("worksheets/tobacco-substitute.json")).unwrap());
    assert!(a.originating);
    assert_eq!(a.rule, "RVC(40) or CTH except 2403");
    assert_eq!(met(&a), [("RVC(40)", true), ("CTH except 2403", false)]);
    assert_eq!(a.rvc.indirect.as_deref(), Some("55"));
    assert_eq!(a.rvc.direct.as_deref(), Some("27.28"));
    assert_eq!(a.box8.as_deref(), Some("55%"));
    assert!(
        a.trail
            .iter()
            .any(|s| s.text.contains("from an excepted code (HS 240391)"))
    );
    // Break-points: VNM may rise to 1000 × 60 % = 600; with VNM 450 the FOB may fall to
    // 450 / 0.6 = 750; the CTH fails for the homogenised tobacco, and de minimis allows 100.
    let rvc = &a.break_points[0];
    assert_eq!(rvc.criterion, "RVC(40)");
    assert_eq!(rvc.max_non_originating.as_deref(), Some("600"));
    assert_eq!(rvc.min_fob.as_deref(), Some("750"));
    let ctc = &a.break_points[1];
    assert_eq!(ctc.failing_materials, ["Homogenised tobacco"]);
    assert_eq!(ctc.de_minimis_limit.as_deref(), Some("100"));
    // The record names what it used, so the same inputs give the same result anywhere.
    assert_eq!(a.versions.profile, "ATIGA 2026.12.2");
    assert_eq!(
        a.versions.psr_table.as_deref(),
        Some("ATIGA 2026.12.1 HS2022")
    );
    assert_eq!(a.versions.validator, eco_validator::VERSION);
    assert_eq!(a.versions.as_of, "2026-12-01", "the record names the clock");
}

/// Compare: the same worksheet under every loaded agreement. AKFTA and ACFTA have no PSR table
/// here, so their general rule applies, with the caveat in the trail; RCEP and Korea–China have no
/// general rule, so without a table nothing is assessed.
#[test]
fn one_worksheet_under_every_agreement() {
    let ws = String::from_utf8(read("worksheets/tobacco-substitute.json")).unwrap();
    let v = Validator::builder().build().unwrap();
    let rows = v
        .compare_origin(&ws, "w.json", jiff::civil::date(2026, 12, 1))
        .unwrap();
    let summary: Vec<(&str, Option<bool>, Option<String>)> = rows
        .iter()
        .map(|(a, r)| {
            let ok = r.as_ref().ok();
            (
                a.as_str(),
                ok.map(|x| x.originating),
                ok.and_then(|x| x.box8.clone()),
            )
        })
        .collect();
    let yes = Some("55%".to_owned());
    assert_eq!(
        summary,
        [
            ("ATIGA", Some(true), yes.clone()),
            ("RCEP", None, None),
            ("AKFTA", Some(true), yes.clone()),
            ("ACFTA", Some(true), yes),
            ("KCFTA", None, None),
        ]
    );
    assert_eq!(rows[4].1.as_ref().unwrap_err().code, "origin.no-rule");
    let akfta = rows[2].1.as_ref().unwrap();
    assert!(
        akfta
            .trail
            .get(0)
            .unwrap()
            .text
            .contains("no PSR table is loaded for AKFTA")
    );
}

/// Examples 2 and 3: De minimis (Art. 33, 10 % of FOB = 100): 2106.90 under the general rule; the RVC is
/// 30 % (VNM 700), so only the CTH can qualify it. A non-originating material of the same heading
/// worth 80 is rescued (8 %); worth 120 (12 %) it is not. In the failure the RVC is 10 % (VNM 900),
/// below partial cumulation's 20 %.
#[test]
fn de_minimis_rescues_and_fails() {
    let rescued = assess(&sheet(
        "2106.90",
        &[
            ("2106.10", "80.00", "non-originating"),
            ("1701.99", "620.00", "non-originating"),
        ],
        "",
    ));
    assert!(rescued.originating);
    assert_eq!(rescued.rvc.indirect.as_deref(), Some("30"));
    assert_eq!(met(&rescued), [("RVC(40)", false), ("CTH", true)]);
    assert!(rescued.ticks.de_minimis);
    assert_eq!(rescued.box8.as_deref(), Some("CTH"));
    let failed = assess(&sheet(
        "2106.90",
        &[
            ("2106.10", "120.00", "non-originating"),
            ("1701.99", "780.00", "non-originating"),
        ],
        "",
    ));
    assert!(!failed.originating);
    assert_eq!(failed.rvc.indirect.as_deref(), Some("10"));
    assert_eq!(met(&failed), [("RVC(40)", false), ("CTH", false)]);
    assert!(!failed.ticks.de_minimis && !failed.ticks.partial_cumulation);
    assert_eq!(failed.box8, None);
}

/// Examples 4 and 5: Partial cumulation (Art. 30(2), 20 ≤ RVC < 40): VNM 800 gives exactly 20 %, eligible
/// (Box 8 `PC 20%`); VNM 810 gives 19 %, not. The CTH fails: a material of the same heading worth
/// 200 is above de minimis.
#[test]
fn partial_cumulation_at_20_not_at_19() {
    let at_20 = assess(&sheet(
        "2106.90",
        &[
            ("2106.10", "200.00", "non-originating"),
            ("1701.99", "600.00", "non-originating"),
        ],
        "",
    ));
    assert!(!at_20.originating);
    assert_eq!(at_20.rvc.indirect.as_deref(), Some("20"));
    assert!(at_20.ticks.partial_cumulation);
    assert_eq!(at_20.box8.as_deref(), Some("PC 20%"));
    let at_19 = assess(&sheet(
        "2106.90",
        &[
            ("2106.10", "200.00", "non-originating"),
            ("1701.99", "610.00", "non-originating"),
        ],
        "",
    ));
    assert_eq!(at_19.rvc.indirect.as_deref(), Some("19"));
    assert!(!at_19.ticks.partial_cumulation);
    assert_eq!(at_19.box8, None);
}

/// The threshold compares exact values: 39.999 % does not meet 40 % (VNM 600.01 of 1000).
#[test]
fn thresholds_compare_exact_values() {
    let a = assess(&sheet(
        "2106.90",
        &[("2106.10", "600.01", "non-originating")],
        "",
    ));
    assert_eq!(a.rvc.indirect.as_deref(), Some("39.999"));
    assert_eq!(met(&a), [("RVC(40)", false), ("CTH", false)]);
    // …and partial cumulation prints the RVC cut to a whole percent.
    assert_eq!(a.box8.as_deref(), Some("PC 39%"));
}

/// Example 6: A textile process rule (5205.11, cotton yarn, textile list A): the cotton yarn of the same
/// heading fails the CTH and the RVC is 30 %, but spinning done in the exporting party meets
/// TP(fibre-making | spinning); Box 8 says SP.
#[test]
fn a_textile_process_rule() {
    let a = assess(&sheet(
        "5205.11",
        &[("5205.12", "700.00", "non-originating")],
        r#", "processes": ["spinning"]"#,
    ));
    assert_eq!(a.rule, "RVC(40) or CTH or TP(fibre-making | spinning)");
    assert_eq!(
        met(&a),
        [
            ("RVC(40)", false),
            ("CTH", false),
            ("TP(fibre-making | spinning)", true)
        ]
    );
    assert!(a.originating);
    assert_eq!(a.box8.as_deref(), Some("SP"));
    let without = assess(&sheet(
        "5205.11",
        &[("5205.12", "700.00", "non-originating")],
        "",
    ));
    assert!(!without.originating);
}

/// Example 7: CTSH passing where CTH fails: a caller's table gives 8542.31 "RVC(40) or CTSH"; a
/// non-originating die of 8542.39 (same heading, other subheading) worth 700 fails a CTH but not
/// the CTSH, and the RVC is 30 %.
#[test]
fn ctsh_passes_where_cth_fails() {
    let table = r#"{"format": "eco-validator/psr-table/1", "agreement": "ATIGA", "hsEdition": "HS2022",
      "version": "t", "source": "tests", "complete": false,
      "lines": [{"hs": "8542.31", "rule": "RVC(40) or CTSH"}, {"hs": "8542.32", "rule": "RVC(40) or CTH"}]}"#;
    let v = Validator::builder()
        .psr_table("t.json", table)
        .unwrap()
        .build()
        .unwrap();
    let ws = |hs: &str| sheet(hs, &[("8542.39", "700.00", "non-originating")], "");
    let a = v
        .assess_origin(&ws("8542.31"), "w", jiff::civil::date(2026, 12, 1))
        .unwrap();
    assert!(a.originating);
    assert_eq!(met(&a), [("RVC(40)", false), ("CTSH", true)]);
    assert_eq!(a.box8.as_deref(), Some("CTSH"));
    let b = v
        .assess_origin(&ws("8542.32"), "w", jiff::civil::date(2026, 12, 1))
        .unwrap();
    assert!(!b.originating);
    assert_eq!(met(&b), [("RVC(40)", false), ("CTH", false)]);
}

/// Example 8: Materials of unknown origin count as non-originating (Art. 29): originating 500, unknown
/// 350: VNM 350, indirect 65 %; the direct formula counts only the 500 known originating, plus the
/// costs 100: 60 %.
#[test]
fn unknown_origin_counts_as_non_originating() {
    let a = assess(&sheet(
        "2106.90",
        &[
            ("2106.10", "500.00", "originating"),
            ("0901.11", "350.00", "unknown"),
        ],
        r#", "costs": {"labour": "100.00"}"#,
    ));
    assert_eq!(a.rvc.indirect.as_deref(), Some("65"));
    assert_eq!(a.rvc.direct.as_deref(), Some("60"));
    assert!(a.originating);
    assert!(a.trail.iter().any(|s| {
        s.text
            .contains("origin unknown, counted as non-originating")
    }));
}

/// Example 9: The two formulas disagree: VNM 500 gives 50 % indirect; originating 100 and costs 200 give
/// 30 % direct. The same-heading material (2106.10, 300) fails the CTH. Indirect: originating;
/// direct: not (but eligible for partial cumulation at 30 %).
#[test]
fn direct_and_indirect_formulas_disagree() {
    let materials = [
        ("2106.10", "300.00", "non-originating"),
        ("1701.99", "200.00", "non-originating"),
        ("0901.11", "100.00", "originating"),
    ];
    let costs = r#", "costs": {"labour": "150.00", "profit": "50.00"}"#;
    let indirect = assess(&sheet("2106.90", &materials, costs));
    assert_eq!(indirect.rvc.indirect.as_deref(), Some("50"));
    assert_eq!(indirect.rvc.direct.as_deref(), Some("30"));
    assert!(indirect.originating);
    assert_eq!(indirect.box8.as_deref(), Some("50%"));
    let direct = assess(&sheet(
        "2106.90",
        &materials,
        &format!("{costs}, \"rvcMethod\": \"direct\""),
    ));
    assert!(!direct.originating);
    assert_eq!(direct.rvc.method, "direct");
    assert_eq!(direct.box8.as_deref(), Some("PC 30%"));
}

/// Minimal operations never confer origin (Art. 31), whatever the numbers.
#[test]
fn minimal_operations_never_confer_origin() {
    let a = assess(&sheet(
        "2106.90",
        &[("1701.99", "100.00", "non-originating")],
        r#", "minimalOperations": true"#,
    ));
    assert_eq!(a.rvc.indirect.as_deref(), Some("90"));
    assert!(!a.originating);
    assert_eq!(a.box8, None);
}

/// A wrong number is a finding with its place, never a silent zero; a currency without a rate is
/// refused.
#[test]
fn a_wrong_value_is_an_error_with_its_place() {
    let v = Validator::builder().build().unwrap();
    let bad = sheet("2106.90", &[("1701.99", "1,000.00", "non-originating")], "");
    let e = v
        .assess_origin(&bad, "w.json", jiff::civil::date(2026, 12, 1))
        .unwrap_err();
    assert_eq!(
        (e.code, e.path.as_str()),
        ("worksheet.value", "/materials/0/value")
    );
    let e = v
        .assess_origin(
            &bad.replace("\"1,000.00\"", "1000"),
            "w.json",
            jiff::civil::date(2026, 12, 1),
        )
        .unwrap_err();
    assert_eq!(e.message, "must be a string, not a number");
    let rated = sheet("2106.90", &[("1701.99", "100.00", "non-originating")], "").replace(
        "\"origin\": \"non-originating\"",
        "\"origin\": \"non-originating\", \"currency\": \"THB\"",
    );
    assert_eq!(
        v.assess_origin(&rated, "w.json", jiff::civil::date(2026, 12, 1))
            .unwrap_err()
            .code,
        "origin.rate"
    );
    let e = v
        .assess_origin(
            &bad.replace("ATIGA", "ZZFTA"),
            "w.json",
            jiff::civil::date(2026, 12, 1),
        )
        .unwrap_err();
    assert_eq!(e.code, "worksheet.value");
}

/// The CLI: exit 0 when the good originates, 1 when not, 2 for an unreadable worksheet.
#[test]
fn the_cli_answers_with_its_exit_code() {
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_eco-validator"))
            .args(args)
            .current_dir(fixtures())
            .output()
            .unwrap()
    };
    let yes = run(&["origin", "worksheets/tobacco-substitute.json"]);
    assert_eq!(yes.status.code(), Some(0));
    let text = String::from_utf8(yes.stdout).unwrap();
    assert!(text.contains("Box 8: 55%"), "{text}");
    let json = run(&[
        "origin",
        "--format",
        "json",
        "worksheets/tobacco-substitute.json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["rvc"]["indirect"], "55");
    assert_eq!(v["originating"], true);
    assert_eq!(run(&["origin", "valid-10.json"]).status.code(), Some(2));
    assert_eq!(run(&["origin"]).status.code(), Some(2));
}

/// The same worksheet as a spreadsheet exports it (byte order mark, CR LF, a quoted field with a
/// comma and doubled quotes, a blank row): the same assessment as the JSON.
#[test]
fn a_bill_of_materials_csv_gives_the_same_assessment() {
    let v = Validator::builder().build().unwrap();
    let json = v
        .assess_origin(
            &String::from_utf8(read("worksheets/tobacco-substitute.json")).unwrap(),
            "j",
            jiff::civil::date(2026, 12, 1),
        )
        .unwrap();
    let csv_text = String::from_utf8(read("worksheets/tobacco-substitute.csv")).unwrap();
    let csv = v
        .assess_origin(&csv_text, "c", jiff::civil::date(2026, 12, 1))
        .unwrap();
    assert_eq!(csv.rvc, json.rvc);
    assert_eq!(csv.criteria, json.criteria);
    assert_eq!(csv.box8, json.box8);
    // The quoted description reads whole (the homogenised tobacco, a material of 2403).
    assert!(
        csv.trail
            .iter()
            .any(|s| s.text.contains("Homogenised tobacco, \"sheet\""))
    );
    // A wrong number is an error at its line and column, never a zero.
    for (from, to, code, path) in [
        ("300.00", "3OO.00", "worksheet.value", "line 13, column 3"),
        (
            "fob,1000.00",
            "fob,1.000,00",
            "worksheet.value",
            "line 4, column 3",
        ),
        (
            "fob,1000.00",
            "fob,1000.OO",
            "worksheet.value",
            "line 4, column 2",
        ),
        (
            "non-originating,,\r\n\"Homo",
            "foreign,,\r\n\"Homo",
            "worksheet.value",
            "line 13, column 5",
        ),
        (
            "rate THB",
            "rate XYZ",
            "worksheet.value",
            "line 10, column 1",
        ),
        (
            ",weight,rvc",
            ",weight,colour",
            "worksheet.value",
            "line 12, column 7",
        ),
    ] {
        let text = csv_text.replacen(from, to, 1);
        assert_ne!(text, csv_text, "{from}");
        let e = v
            .assess_origin(&text, "c.csv", jiff::civil::date(2026, 12, 1))
            .unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (code, path), "{e}");
    }
    let e = v
        .assess_origin("agreement,ATIGA\n", "c.csv", jiff::civil::date(2026, 12, 1))
        .unwrap_err();
    assert!(e.message.contains("needs product hs"), "{e}");
}

/// Closing the loop: the certificate's Box 8 and ticks against the exporter's worksheets of its
/// items. Item 1 of the ten-item fixture (8504.40.90, Box 8 `40%`, FOB 58,400) and item 2
/// (8471.30.20, Box 8 `CTH`).
#[test]
fn box_8_is_checked_against_the_worksheets() {
    let v = Validator::builder().build().unwrap();
    let cert = String::from_utf8(read("valid-10.xml")).unwrap();
    let day = jiff::civil::date(2026, 11, 25);
    let ws = |hs: &str, materials: &[(&str, &str, &str)]| {
        sheet(hs, materials, "").replace("\"1000.00\"", "\"58400.00\"")
    };
    let codes = |cert: &str, worksheets: &[(u32, &str)]| {
        let report = v
            .validate_with_worksheets(cert.as_bytes(), day, worksheets)
            .unwrap();
        report
            .findings
            .iter()
            .map(|f| (f.code, f.item))
            .collect::<Vec<_>>()
    };
    // VNM 34,000 of 58,400: RVC 41.78 %, supporting Box 8 `40%`.
    let rvc_41 = ws("8504.40.90", &[("8504.90", "34000.00", "non-originating")]);
    assert_eq!(codes(&cert, &[(1, &rvc_41)]), []);
    // Box 8 `45%` claims more than 41.78 %.
    let claimed = cert.replacen("<OriginCriteriaText>40%<", "<OriginCriteriaText>45%<", 1);
    assert_eq!(
        codes(&claimed, &[(1, &rvc_41)]),
        [("evidence.rvc", Some(1))]
    );
    // VNM 40,000: RVC 31.5 %, and the material of the same heading fails the CTH.
    let short = ws("8504.40.90", &[("8504.90", "40000.00", "non-originating")]);
    assert_eq!(
        codes(&cert, &[(1, &short)]),
        [("evidence.not-originating", Some(1))]
    );
    // Item 2 says CTH; its worksheet meets the RVC only (a material of the same heading, 30,000).
    let by_rvc = ws("8471.30.20", &[("8471.41", "30000.00", "non-originating")]);
    assert_eq!(
        codes(&cert, &[(2, &by_rvc)]),
        [("evidence.criterion", Some(2))]
    );
    // Its CTH holds by de minimis (a same-heading material of 3,000, 5 % of FOB), and the
    // certificate is not ticked De Minimis; ticked, it passes.
    let by_de_minimis = ws(
        "8471.30.20",
        &[
            ("8471.41", "3000.00", "non-originating"),
            ("8542.31", "40000.00", "non-originating"),
        ],
    );
    assert_eq!(
        codes(&cert, &[(2, &by_de_minimis)]),
        [("evidence.de-minimis", None)]
    );
    let ticked = cert.replacen("<DeMinimis>false<", "<DeMinimis>true<", 1);
    assert_eq!(codes(&ticked, &[(2, &by_de_minimis)]), []);
    // A worksheet that cannot be read names its item.
    let e = v
        .validate_with_worksheets(cert.as_bytes(), day, &[(3, "{}")])
        .unwrap_err();
    assert_eq!(
        (e.code, e.source.as_str()),
        ("worksheet.value", "worksheet of item 3")
    );
}

/// Found by the fuzzer (fuzz/fuzz_targets/worksheet.rs): an FOB of 29 digits overflowed a
/// product of the assessment. Amounts are bounded when read (10^15, rates 10^6, 10,000
/// materials), so every sum and product stays inside a decimal's range.
#[test]
fn amounts_are_bounded_when_read() {
    let v = Validator::builder().build().unwrap();
    let text = String::from_utf8_lossy(&read("fuzz/worksheet-huge-fob.json")).into_owned();
    let e = v
        .assess_origin(&text, "w.json", jiff::civil::date(2026, 12, 1))
        .unwrap_err();
    assert_eq!((e.code, e.path.as_str()), ("worksheet.value", "/fob"));
    // The largest values allowed are assessed without overflow.
    let max = sheet("2106.90", &[("1701.99", "1000000000000000", "unknown")], "")
        .replace("\"1000.00\"", "\"1000000000000000\"")
        .replace("\"unknown\"}", "\"unknown\", \"currency\": \"THB\"}")
        .replace(
            "\"materials\"",
            "\"rates\": {\"THB\": \"1000000\"}, \"materials\"",
        );
    let a = v
        .assess_origin(&max, "w.json", jiff::civil::date(2026, 12, 1))
        .unwrap();
    assert_eq!(a.rvc.indirect.as_deref(), Some("-99999900"));
}

/// What a worked example's `expect` says, checked against an assessment as JSON (the library's,
/// serialised, and the CLI's alike). Only the members an example names are compared.
fn check_expected(name: &str, expect: &serde_json::Value, got: &serde_json::Value) {
    for (member, path) in [
        ("originating", "/originating"),
        ("rule", "/rule"),
        ("indirect", "/rvc/indirect"),
        ("direct", "/rvc/direct"),
        ("box8", "/box8"),
        ("deMinimis", "/ticks/deMinimis"),
        ("partialCumulation", "/ticks/partialCumulation"),
    ] {
        if let Some(want) = expect.get(member) {
            assert_eq!(got.pointer(path), Some(want), "{name}: {member}");
        }
    }
    if let Some(want) = expect.get("criteria") {
        let got: Vec<serde_json::Value> = got["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| serde_json::json!([c["code"], c["met"]]))
            .collect();
        assert_eq!(&serde_json::Value::from(got), want, "{name}: criteria");
    }
}

/// Every worked example of `worksheets/worked-examples.json` (the file the Node, Chromium and
/// workerd tests read too) gives its hand-checked numbers through the library and through the
/// CLI, whose JSON is the library's assessment exactly.
#[test]
fn the_worked_examples_through_the_library_and_the_cli() {
    let file: serde_json::Value =
        serde_json::from_slice(&read("worksheets/worked-examples.json")).unwrap();
    let examples = file["examples"].as_array().unwrap();
    assert!(examples.len() >= 8);
    let dir = std::env::temp_dir().join(format!("eco-worked-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (i, ex) in examples.iter().enumerate() {
        let name = ex["name"].as_str().unwrap();
        let ws = serde_json::to_string(&ex["worksheet"]).unwrap();
        let mut builder = Validator::builder();
        let mut args = vec!["origin".to_owned(), "--format".into(), "json".into()];
        args.extend(["--as-of".into(), "2026-12-01".into()]);
        if let Some(table) = ex.get("psr") {
            let text = serde_json::to_string(table).unwrap();
            builder = builder.psr_table("psr.json", &text).unwrap();
            let path = dir.join(format!("psr-{i}.json"));
            std::fs::write(&path, &text).unwrap();
            args.extend(["--psr".into(), path.display().to_string()]);
        }
        let validator = builder.build().unwrap();
        let as_of = jiff::civil::date(2026, 12, 1);
        let assessment = validator.assess_origin(&ws, "w.json", as_of).unwrap();
        let lib = serde_json::to_value(&assessment).unwrap();
        check_expected(name, &ex["expect"], &lib);
        // The npm package's writer gives serde's JSON, text for text, for one assessment and for
        // the comparison under every agreement (rows with an error among them).
        let ours = eco_validator::__private::assessment_json(&assessment);
        assert_eq!(ours, serde_json::to_string(&assessment).unwrap(), "{name}");
        let rows = validator.compare_origin(&ws, "w.json", as_of).unwrap();
        let serde_rows: Vec<serde_json::Value> = rows
            .iter()
            .map(|(agreement, result)| match result {
                Ok(a) => {
                    serde_json::json!({ "agreement": agreement, "assessment": a, "error": null })
                }
                Err(e) => serde_json::json!({ "agreement": agreement, "assessment": null,
                    "error": { "code": e.code, "message": e.message } }),
            })
            .collect();
        let compared: serde_json::Value =
            serde_json::from_str(&eco_validator::__private::compared_json(&rows)).unwrap();
        assert_eq!(compared, serde_json::Value::from(serde_rows), "{name}");

        let path = dir.join(format!("ws-{i}.json"));
        std::fs::write(&path, &ws).unwrap();
        args.push(path.display().to_string());
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_eco-validator"))
            .args(&args)
            .output()
            .unwrap();
        let originating = ex["expect"]["originating"].as_bool().unwrap();
        assert_eq!(
            out.status.code(),
            Some(if originating { 0 } else { 1 }),
            "{name}"
        );
        let cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        check_expected(name, &ex["expect"], &cli);
        assert_eq!(
            cli, lib,
            "{name}: the CLI's JSON is the library's assessment"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
