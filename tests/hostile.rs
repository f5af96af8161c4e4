//! Hostile input: XML bombs and external entities (public defusedxml vectors), huge and deep
//! documents, and thousands of random mutations of the fixtures through every entry point. Bad input
//! must give findings with stable codes, quickly, and never a panic.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use common::*;
use eco_validator::{Severity, Syntax, parse, sniff, validate, write};

fn only_error(bytes: &[u8]) -> Vec<&'static str> {
    codes(&validate(bytes, &options()), Severity::Error)
}

#[test]
fn dtd_and_entity_vectors_are_refused_before_any_expansion() {
    for name in [
        "xmlbomb",
        "xmlbomb2",
        "quadratic",
        "cyclic",
        "external",
        "external_file",
        "dtd",
    ] {
        let bytes = read(&format!("hostile/{name}.xml"));
        let start = Instant::now();
        let report = validate(&bytes, &options());
        // Generous bound: refusal happens at the DOCTYPE token, long before any expansion.
        assert!(
            start.elapsed().as_secs() < 2,
            "{name} took {:?}",
            start.elapsed()
        );
        assert_eq!(codes(&report, Severity::Error), ["parse.doctype"], "{name}");
        let f = &report.findings[0];
        let text = String::from_utf8_lossy(&bytes);
        let line = text.lines().position(|l| l.contains("<!DOCTYPE")).unwrap();
        let line = u32::try_from(line).unwrap() + 1;
        assert_eq!((f.line, f.column), (Some(line), Some(1)), "{name}");
    }
}

#[test]
fn benign_controls_are_read_and_refused_for_what_they_are() {
    // Well-formed XML, but not a certificate in the binding's namespace.
    for name in ["simple", "simple-ns"] {
        assert_eq!(
            only_error(&read(&format!("hostile/{name}.xml"))),
            ["parse.root"],
            "{name}"
        );
    }
}

#[test]
fn undeclared_entities_and_bad_references_are_findings() {
    let base = String::from_utf8(read("valid-1.xml")).unwrap();
    let cases = [
        ("Meridian Trading", "&ent; Trading", "parse.entity"),
        ("Meridian Trading", "&#0; Trading", "parse.malformed"),
        ("Meridian Trading", "&#xD800; Trading", "parse.malformed"),
        (
            "Meridian Trading",
            "&#99999999999; Trading",
            "parse.malformed",
        ),
        ("unitCode=\"KGM\"", "unitCode=\"&kg;\"", "parse.entity"),
        (
            "<Consignor>",
            "<Consignor a=\"1\" a=\"2\">",
            "parse.malformed",
        ),
        ("<Consignor>", "<y:Consignor>", "parse.namespace"),
        ("unitCode=\"KGM\"", "q:unitCode=\"KGM\"", "parse.namespace"),
    ];
    for (old, new, code) in cases {
        let text = base.replacen(old, new, 1);
        assert_eq!(only_error(text.as_bytes()), [code], "{new}");
    }
    // Character references that are fine stay fine.
    let ok = base.replacen(
        "Meridian Trading",
        "Meridian &#x54;rading &amp; &lt;Co&gt;",
        1,
    );
    assert!(validate(ok.as_bytes(), &options()).valid);
}

#[test]
fn deep_and_wide_documents_hit_limits_not_stacks() {
    let deep_xml = format!(
        "<CertificateOfOrigin xmlns=\"urn:eco-validator:certificate-of-origin:1\">{}{}</CertificateOfOrigin>",
        "<a>".repeat(100_000),
        "</a>".repeat(100_000)
    );
    assert_eq!(only_error(deep_xml.as_bytes()), ["limit.depth"]);
    let deep_json = format!(
        "{{\"exchangedDocument\":{}1{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert_eq!(only_error(deep_json.as_bytes()), ["limit.depth"]);
    let deep_objects = format!("{}1{}", "{\"a\":".repeat(60), "}".repeat(60));
    assert_eq!(only_error(deep_objects.as_bytes()), ["limit.depth"]);
    // Placed where reading stopped: past the limit's depth, on the one line.
    let finding = &validate(deep_objects.as_bytes(), &options()).findings[0];
    assert_eq!(finding.line, Some(1));
    assert!(finding.column.is_some_and(|c| c > 31 * 5), "{finding:?}");
    let many_attributes = format!(
        "<CertificateOfOrigin xmlns=\"urn:eco-validator:certificate-of-origin:1\" {}/>",
        (0..1000)
            .map(|i| format!("a{i}=\"x\""))
            .collect::<Vec<_>>()
            .join(" ")
    );
    assert_eq!(only_error(many_attributes.as_bytes()), ["limit.attributes"]);
}

/// The limit a finding names is the caller's, whichever bound of the reader tripped first.
#[test]
fn limit_findings_name_the_callers_limit() {
    let limit = |report: &eco_validator::Report, code: &str| {
        let f = report.findings.iter().find(|f| f.code == code);
        f.and_then(|f| f.params.get("limit").cloned())
    };
    // The tokenizer holds attributes and declarations together (16 + 16 by default); a tag past
    // either limit is reported with that limit's own number, however far past it is.
    let crowded = |n: usize, name: &str, value: &str| {
        let attributes: Vec<String> = (0..n).map(|i| format!("{name}{i}=\"{value}\"")).collect();
        format!(
            "<CertificateOfOrigin xmlns=\"urn:eco-validator:certificate-of-origin:1\" {}/>",
            attributes.join(" ")
        )
    };
    for n in [17, 20, 32, 33, 100] {
        for (name, value, code) in [
            ("a", "x", "limit.attributes"),
            ("xmlns:p", "urn:p", "limit.namespaces"),
        ] {
            let report = validate(crowded(n, name, value).as_bytes(), &options());
            assert_eq!(limit(&report, code).as_deref(), Some("16"), "{n}: {code}");
        }
    }
    // JSON nesting is kept on the reader's heap, not the call stack, so the caller's limit is the
    // only bound, as in XML (serde_json's recursion limit of 128 was one until the reader left it).
    let mut deep = options();
    deep.limits.max_depth = 500;
    let nested = |d: usize| format!("{}1{}", "{\"a\":".repeat(d), "}".repeat(d));
    assert!(limit(&validate(nested(200).as_bytes(), &deep), "limit.depth").is_none());
    assert!(limit(&validate(nested(499).as_bytes(), &deep), "limit.depth").is_none());
    assert_eq!(
        limit(&validate(nested(500).as_bytes(), &deep), "limit.depth").as_deref(),
        Some("500")
    );
    assert_eq!(
        limit(&validate(nested(100_000).as_bytes(), &deep), "limit.depth").as_deref(),
        Some("500")
    );
    // Below the bound, the caller's own limit.
    let report = validate(nested(60).as_bytes(), &options());
    assert_eq!(limit(&report, "limit.depth").as_deref(), Some("32"));
}

/// Millions of tiny nodes fit in the size limit; the tree of them would not fit an edge isolate. The
/// node limit stops each binding early, and counts elements and attributes exactly.
#[test]
fn millions_of_tiny_nodes_hit_the_node_limit() {
    let siblings = format!(
        "<CertificateOfOrigin xmlns=\"urn:eco-validator:certificate-of-origin:1\">\
         <ExchangedDocument>{}</ExchangedDocument></CertificateOfOrigin>",
        "<a/>".repeat(1_000_000)
    );
    assert_eq!(only_error(siblings.as_bytes()), ["limit.nodes"]);
    let attributes = format!(
        "<CertificateOfOrigin xmlns=\"urn:eco-validator:certificate-of-origin:1\">{}</CertificateOfOrigin>",
        "<a b=\"\" c=\"\" d=\"\" e=\"\"/>".repeat(100_000)
    );
    assert_eq!(only_error(attributes.as_bytes()), ["limit.nodes"]);
    let entries = format!(
        "{{\"exchangedDocument\": {{\"x\": [{}0]}}}}",
        "0,".repeat(1_000_000)
    );
    assert_eq!(only_error(entries.as_bytes()), ["limit.nodes"]);
    // Arrays in arrays are read past, not kept: their values count all the same.
    let nested = format!(
        "{{\"exchangedDocument\": [[{}0]]}}",
        "{\"a\": 0},".repeat(500_000)
    );
    assert_eq!(only_error(nested.as_bytes()), ["limit.nodes"]);
    let members: String = (0..200_000).map(|i| format!("\"x{i}\": 1, ")).collect();
    let objects = format!("{{\"exchangedDocument\": {{{members}\"y\": 1}}}}");
    assert_eq!(only_error(objects.as_bytes()), ["limit.nodes"]);

    // valid-1.xml has `nodes` elements and attributes (namespace declarations and the XML
    // declaration's pseudo-attributes are neither).
    let source = read("valid-1.xml");
    let text = std::str::from_utf8(&source).unwrap();
    let text = &text[text.find("?>").unwrap()..];
    let elements = text.matches('<').count()
        - text.matches("</").count()
        - text.matches("<?").count()
        - text.matches("<!").count();
    let attributes = text.matches("=\"").count() - text.matches("xmlns").count();
    let nodes = u32::try_from(elements + attributes).unwrap();
    let mut options = options();
    options.limits.max_nodes = nodes;
    assert!(validate(&source, &options).valid);
    options.limits.max_nodes = nodes - 1;
    let codes: Vec<_> = validate(&source, &options)
        .findings
        .iter()
        .map(|f| f.code)
        .collect();
    assert_eq!(codes, ["limit.nodes"]);
}

/// The default limits leave room for the largest real certificate: the item limit's 999 goods
/// items, each as full as the fullest fixture's first item.
#[test]
fn the_largest_real_certificate_fits_the_default_limits() {
    let source = String::from_utf8(read("valid-full.xml")).unwrap();
    let (open, close) = ("<IncludedConsignmentItem>", "</IncludedConsignmentItem>");
    let first = source.find(open).unwrap();
    let last = source.rfind(close).unwrap() + close.len();
    let item = &source[first..first + source[first..].find(close).unwrap() + close.len()];
    let items: String = (1..=options().limits.max_items)
        .map(|i| item.replacen("<SequenceNumeric>1<", &format!("<SequenceNumeric>{i}<"), 1))
        .collect();
    let doc = format!("{}{items}{}", &source[..first], &source[last..]);
    let report = validate(doc.as_bytes(), &options());
    let limits: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code.starts_with("limit."))
        .collect();
    assert!(limits.is_empty(), "{limits:?}");
    assert!(
        report.valid,
        "{:?}",
        &report.findings[..report.findings.len().min(3)]
    );
}

/// With the attribute limit raised, one element with tens of thousands of attributes is read in
/// linear-logarithmic time, and a repeat (by name, or by namespace and local name) is still found.
#[test]
fn many_attributes_under_a_raised_limit_stay_fast() {
    let mut options = options();
    options.limits.max_attributes = 100_000;
    let doc = |attrs: &str| {
        format!(
            "<CertificateOfOrigin xmlns=\"urn:eco-validator:certificate-of-origin:1\" \
             xmlns:x=\"urn:x\" xmlns:y=\"urn:x\" {attrs}/>"
        )
    };
    let many: Vec<String> = (0..30_000).map(|i| format!("x:a{i}=\"1\"")).collect();
    let start = Instant::now();
    let report = validate(doc(&many.join(" ")).as_bytes(), &options);
    assert!(start.elapsed().as_secs() < 2, "took {:?}", start.elapsed());
    assert!(!report.findings.iter().any(|f| f.code.starts_with("parse.")));
    for repeat in ["x:a7=\"2\"", "y:a7=\"2\""] {
        let attrs = format!("{} {repeat}", many.join(" "));
        let start = Instant::now();
        let report = validate(doc(&attrs).as_bytes(), &options);
        assert!(start.elapsed().as_secs() < 2, "took {:?}", start.elapsed());
        assert_eq!(
            codes(&report, Severity::Error),
            ["parse.malformed"],
            "{repeat}"
        );
    }
}

/// Tens of thousands of unknown siblings, each a finding, in both bindings: numbering them and
/// placing every finding (path, line and column) takes time in proportion, not its square.
#[test]
fn many_unknown_siblings_are_reported_in_linear_time() {
    let n = 50_000;
    let xml = format!(
        "<CertificateOfOrigin xmlns=\"urn:eco-validator:certificate-of-origin:1\">\
         <ExchangedDocument>{}</ExchangedDocument></CertificateOfOrigin>",
        "<x/>".repeat(n)
    );
    let members: String = (0..n).map(|i| format!("\"x{i}\": 1, ")).collect();
    let json = format!("{{\"exchangedDocument\": {{{members}\"y\": 1}}}}");
    // Every finding listed: the default limit would cut the report to a thousand.
    let mut options = options();
    options.limits.max_findings = u32::MAX;
    for doc in [xml, json] {
        let start = Instant::now();
        let report = validate(doc.as_bytes(), &options);
        // Generous for a debug build; the quadratic version took minutes.
        assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
        let unknown = report
            .findings
            .iter()
            .filter(|f| f.code == "struct.unknown")
            .count();
        let repeated = report
            .findings
            .iter()
            .filter(|f| f.code == "struct.repeated")
            .count();
        assert!(
            unknown + repeated >= n,
            "{unknown} unknown, {repeated} repeated"
        );
        let last = report
            .findings
            .iter()
            .rev()
            .find(|f| f.code == "struct.unknown")
            .unwrap();
        assert!(last.line.is_some() && last.column.is_some(), "{last:?}");
    }
}

/// Values no field takes (arrays in arrays, of every JSON type) are read past and reported as the
/// wrong shape, not as unreadable JSON.
#[test]
fn nested_json_arrays_are_a_shape_finding() {
    let input = br#"{"exchangedDocument": [[1.5, [true, null, "x", {"a": -2}], 7]]}"#;
    let report = validate(input, &options());
    let errors = codes(&report, Severity::Error);
    assert!(errors.contains(&"struct.shape"), "{errors:?}");
    assert!(
        !errors.iter().any(|c| c.starts_with("parse.")),
        "{errors:?}"
    );
}

#[test]
fn odd_inputs_get_one_clear_finding() {
    let cases: [(&[u8], &str); 10] = [
        (b"", "parse.unknown-format"),
        (b"   \n", "parse.unknown-format"),
        (b"\xEF\xBB\xBF", "parse.unknown-format"),
        (b"hello", "parse.unknown-format"),
        (b"<", "parse.malformed"),
        (b"{", "parse.malformed"),
        (b"[1, 2]", "parse.root"),
        (b"[]", "parse.root"),
        (b"[1.5e3]", "parse.root"),
        (b"<a>\xff</a>", "parse.encoding"),
    ];
    for (input, code) in cases {
        let report = validate(input, &options());
        assert_eq!(
            codes(&report, Severity::Error),
            [code],
            "{:?}",
            String::from_utf8_lossy(input)
        );
        assert!(!report.valid);
    }
}

/// Every entry point on one input; the written forms must read again too.
fn exercise(input: &[u8]) {
    let options = options();
    let _ = sniff(input);
    let report = validate(input, &options);
    // A listed error always makes the document invalid; an error only counted past the findings
    // limit does too, without being listed.
    let cut = report.findings.iter().any(|f| f.code == "limit.findings");
    assert!(!report.valid || report.errors() == 0);
    assert!(cut || report.valid == (report.errors() == 0));
    let parsed = parse(input, &options);
    if let Some(cert) = parsed.certificate {
        let x = write(&cert, Syntax::Xml);
        let _ = validate(x.as_bytes(), &options);
        let j = write(&cert, Syntax::Json);
        let _ = validate(j.as_bytes(), &options);
    }
}

/// 1,000 mutations per seed; `ECO_MUTATIONS=n` runs n per seed (a longer hunt, e.g. in release mode:
/// `ECO_MUTATIONS=100000 cargo test --release --test hostile thousands`).
#[test]
fn thousands_of_random_mutations_never_panic() {
    let seeds = [
        "valid-1.xml",
        "valid-10.xml",
        "valid-1.json",
        "valid-10.json",
        "invalid/format.json-type.json",
    ];
    let per_seed: usize = std::env::var("ECO_MUTATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut runs = 0;
    for name in seeds {
        let original = read(name);
        for _ in 0..per_seed {
            let mut input = mutate(&original, &mut rng);
            if rng.below(3) == 0 {
                input = mutate(&input, &mut rng);
            }
            let outcome = catch_unwind(AssertUnwindSafe(|| exercise(&input)));
            assert!(
                outcome.is_ok(),
                "panic on a mutation of {name}:\n{}",
                String::from_utf8_lossy(&input)
            );
            runs += 1;
        }
    }
    assert_eq!(runs, seeds.len() * per_seed);
}
