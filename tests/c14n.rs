//! Canonical XML 1.0 and Exclusive XML Canonicalization 1.0, of whole documents and of subtrees in
//! their document context: the W3C examples that need no DTD byte for byte, the ones that do
//! refused with their reason, merlin-exc-c14n-one's five intermediate forms, and every XML fixture of the project plus a corpus of edge
//! cases agreeing byte for byte with an independent implementation, Debian's `xmllint --c14n`
//! (libxml2; it prints the with-comments form). `.ci/setup` installs xmllint.

use std::path::Path;
use std::process::Command;

use eco_validator::{C14nMethod, C14nSubset, Limits, canonicalize, canonicalize_subset};

const INCLUSIVE: C14nMethod = C14nMethod {
    exclusive: false,
    comments: false,
};

fn vector(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/vectors/c14n10")
            .join(name),
    )
    .unwrap()
}

#[test]
fn the_w3c_examples() {
    let limits = Limits::default();
    // 3.2, white space in content, and 3.6, a character reference in a document that declares
    // ISO-8859-1 and holds only ASCII bytes: byte for byte.
    for n in ["32", "36"] {
        let got = canonicalize(&vector(&format!("{n}_input.xml")), INCLUSIVE, &limits).unwrap();
        assert_eq!(got.as_bytes(), vector(&format!("{n}_c14n.xml")), "{n}");
    }
    // 3.1, 3.3–3.5, 3.7 and 3.8 have a DOCTYPE: refused, whatever the method (their canonical
    // forms need the DTD read).
    for n in ["31", "33", "34", "35", "37", "38"] {
        for exclusive in [false, true] {
            let method = C14nMethod {
                exclusive,
                comments: true,
            };
            let e = canonicalize(&vector(&format!("{n}_input.xml")), method, &limits).unwrap_err();
            assert_eq!(e.code, "c14n.doctype", "{n}: {e:?}");
        }
    }
    // A relative namespace name has no canonical form in C14N 1.0.
    let e = canonicalize(&vector("relative-ns-behaviour.xml"), INCLUSIVE, &limits).unwrap_err();
    assert_eq!(e.code, "c14n.namespace", "{e:?}");
    // Latin-1 declared over a byte that is not ASCII: refused, not guessed at.
    let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><doc>\xe9</doc>";
    let e = canonicalize(latin, INCLUSIVE, &limits).unwrap_err();
    assert!(
        matches!(e.code, "c14n.encoding" | "c14n.malformed"),
        "{e:?}"
    );
}

/// The subset whose apex is the first element named `apex` (by the offset of its start tag).
fn subtree<'p>(doc: &[u8], apex: &str, inclusive_prefixes: &'p str) -> C14nSubset<'p> {
    let text = std::str::from_utf8(doc).unwrap();
    let at = text
        .find(&format!("<{apex}"))
        .unwrap_or_else(|| panic!("{apex}"));
    C14nSubset {
        apex: Some(u32::try_from(at).unwrap()),
        omit: None,
        inclusive_prefixes,
    }
}

fn exc_vector(folder: &str, name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/vectors")
            .join(folder)
            .join(name),
    )
    .unwrap()
}

/// Subtrees in their document context: the exclusive canonicalisation examples (inclusive and
/// exclusive forms), the redefined default namespace that must not become `xmlns=""`, and the
/// five intermediate forms of merlin-exc-c14n-one.
#[test]
fn subtrees_in_their_document_context() {
    let limits = Limits::default();
    let exclusive = C14nMethod {
        exclusive: true,
        comments: false,
    };
    let cases = [
        (
            "example2_2_1.xml",
            "n1:elem2",
            INCLUSIVE,
            "example2_2_1_c14nized.xml",
        ),
        (
            "example2_2_2.xml",
            "n1:elem2",
            INCLUSIVE,
            "example2_2_2_c14nized.xml",
        ),
        (
            "example2_2_1.xml",
            "n1:elem2",
            exclusive,
            "example2_2_c14nized_exclusive.xml",
        ),
        (
            "example2_2_2.xml",
            "n1:elem2",
            exclusive,
            "example2_2_c14nized_exclusive.xml",
        ),
        (
            "example2_2_3.xml",
            "p ",
            exclusive,
            "example2_2_3_c14nized_exclusive.xml",
        ),
        (
            "example2_4.xml",
            "etsi:elem2",
            exclusive,
            "example2_4_c14nized.xml",
        ),
    ];
    for (input, apex, method, expected) in cases {
        let doc = exc_vector("exc-c14n", input);
        let got = canonicalize_subset(&doc, method, subtree(&doc, apex.trim(), ""), &limits)
            .unwrap_or_else(|e| panic!("{input}: {e:?}"));
        assert_eq!(
            got,
            String::from_utf8(exc_vector("exc-c14n", expected)).unwrap(),
            "{input} → {expected}"
        );
    }
    let doc = vector("default_ns_redefinition_input.xml");
    let got =
        canonicalize_subset(&doc, INCLUSIVE, subtree(&doc, "dsig:Object", ""), &limits).unwrap();
    assert_eq!(got.as_bytes(), vector("default_ns_redefinition_c14n.xml"));

    let doc = exc_vector("merlin-exc-c14n-one", "exc-signature.xml");
    let forms = [
        ("dsig:Object", false, "", "c14n-0.txt"),
        ("dsig:Object", false, "bar #default", "c14n-1.txt"),
        ("dsig:Object", true, "", "c14n-2.txt"),
        ("dsig:Object", true, "bar #default", "c14n-3.txt"),
        ("dsig:SignedInfo", false, "", "c14n-4.txt"),
    ];
    for (apex, comments, prefixes, expected) in forms {
        let method = C14nMethod {
            exclusive: true,
            comments,
        };
        let got =
            canonicalize_subset(&doc, method, subtree(&doc, apex, prefixes), &limits).unwrap();
        assert_eq!(
            got.as_bytes(),
            exc_vector("merlin-exc-c14n-one", expected),
            "{expected}"
        );
    }
}

/// The enveloped-signature transform: one element left out by identity, the rest as it stands;
/// an apex or omitted element that is not there is an error, never an empty form.
#[test]
fn an_element_is_left_out_by_identity() {
    let limits = Limits::default();
    let doc = b"<?pi x?><r xmlns=\"urn:r\"><s><t>1</t></s> <s><t>2</t></s><!--c--></r>";
    let second = u32::try_from(std::str::from_utf8(doc).unwrap().rfind("<s>").unwrap()).unwrap();
    let omit = |apex: Option<u32>| C14nSubset {
        apex,
        omit: Some(second),
        inclusive_prefixes: "",
    };
    let with_comments = C14nMethod {
        exclusive: false,
        comments: true,
    };
    assert_eq!(
        canonicalize_subset(doc, with_comments, omit(None), &limits).unwrap(),
        "<?pi x?>\n<r xmlns=\"urn:r\"><s><t>1</t></s> <!--c--></r>"
    );
    // The document element as apex: what stands outside it is not in the subset.
    assert_eq!(
        canonicalize_subset(doc, with_comments, omit(Some(8)), &limits).unwrap(),
        "<r xmlns=\"urn:r\"><s><t>1</t></s> <!--c--></r>"
    );
    // A byte order mark counts in the offsets.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(doc);
    let shifted = C14nSubset {
        apex: Some(11),
        omit: Some(second + 3),
        inclusive_prefixes: "",
    };
    assert_eq!(
        canonicalize_subset(&bom, INCLUSIVE, shifted, &limits).unwrap(),
        "<r xmlns=\"urn:r\"><s><t>1</t></s> </r>"
    );
    for (apex, omit) in [
        (Some(9), None),
        (None, Some(second + 1)),
        (Some(second), Some(second)),
    ] {
        let subset = C14nSubset {
            apex,
            omit,
            inclusive_prefixes: "",
        };
        let e = canonicalize_subset(doc, INCLUSIVE, subset, &limits).unwrap_err();
        assert_eq!(e.code, "c14n.subset", "{apex:?} {omit:?}");
    }
}

fn xmllint_c14n(file: &Path, exclusive: bool) -> Option<Vec<u8>> {
    let out = Command::new("xmllint")
        .args(["--nonet", if exclusive { "--exc-c14n" } else { "--c14n" }])
        .arg(file)
        .output()
        .expect("xmllint must be installed (bash .ci/setup installs libxml2-utils)");
    out.status.success().then_some(out.stdout)
}

/// Edge cases of the canonical form: namespace declarations and undeclarations, attribute order
/// by namespace name, CR and tab in attributes and text, CDATA, comments and PIs outside the
/// document element, `xml:` attributes, superfluous declarations, non-ASCII text, deep nesting
/// under a default namespace, references.
const EDGES: &[&str] = &[
    "<a xmlns=\"urn:x\"><b xmlns=\"\"><c xmlns=\"urn:x\"/></b></a>",
    "<a xmlns:p=\"urn:p\"><p:b xmlns:p=\"urn:q\"><p:c xmlns:p=\"urn:p\"/></p:b></a>",
    "<a xmlns:z=\"urn:a\" xmlns:b=\"urn:b\" b:x=\"1\" z:x=\"2\" x=\"0\"/>",
    "<a t=\"tab\there\" n=\"line\nend\" r=\"cr&#13;&#10;lf\" e=\"&#9;&#xA;\">x\r\ny\rz&#13;</a>",
    "<a><![CDATA[ <&> ]]>&lt;&gt;&amp;&quot;&apos;</a>",
    "<?p one?>\n<!--before-->\n<a/>\n<!--after--><?q?>\n",
    "<a xml:lang=\"th\" xml:space=\"preserve\" xmlns:xml=\"http://www.w3.org/XML/1998/namespace\"/>",
    "<a xmlns=\"urn:x\" xmlns:p=\"urn:p\"><b xmlns=\"urn:x\" xmlns:p=\"urn:p\"/></a>",
    "<a>Ľudovít 中文 🙂 ครับ</a>",
    "<a b='\"' c=\"'\" d=\"&lt;&amp;>\"/>",
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><a/>",
    "<a><!-- c1 --><b><!---->x<?pi  data  ?></b></a>",
    "<n0:local xmlns:n0=\"foo:bar\" xmlns:n3=\"ftp://example.org\"><n1:elem2 xmlns:n1=\"http://example.net\" xml:lang=\"en\"><n3:stuff xmlns:n3=\"ftp://example.org\"/></n1:elem2></n0:local>",
    "<a xmlns=\"urn:d\"><b xmlns=\"\"><c/></b><p:d xmlns:p=\"urn:p\"><e p:x=\"1\"/></p:d></a>",
    "<a xmlns:p=\"urn:p\" xmlns:q=\"urn:q\"><b q:y=\"2\"><p:c/></b></a>",
    "<xml:a xmlns:p=\"urn:p\" p:x=\"1\" xml:lang=\"en\"/>",
];

#[test]
fn agrees_with_xmllint_on_fixtures_and_edge_cases() {
    let dir = std::env::temp_dir().join(format!("eco-c14n-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for (i, edge) in EDGES.iter().enumerate() {
        let path = dir.join(format!("edge-{i}.xml"));
        std::fs::write(&path, edge).unwrap();
        files.push(path);
    }
    let deep = format!(
        "<a xmlns=\"urn:deep\">{}{}</a>",
        "<b>".repeat(200),
        "</b>".repeat(200)
    );
    let path = dir.join("deep.xml");
    std::fs::write(&path, deep).unwrap();
    files.push(path);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for sub in ["", "invalid"] {
        for entry in std::fs::read_dir(root.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "xml") {
                files.push(path);
            }
        }
    }
    let mut limits = Limits::default();
    limits.max_depth = 1000;
    limits.max_attributes = 64;
    limits.max_namespaces = 64;
    let mut compared = 0;
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        for exclusive in [false, true] {
            let with = |comments| C14nMethod {
                exclusive,
                comments,
            };
            let ours = canonicalize(&bytes, with(true), &limits);
            match (ours, xmllint_c14n(file, exclusive)) {
                (Ok(ours), Some(theirs)) => {
                    let theirs = String::from_utf8(theirs).unwrap();
                    assert_eq!(ours, theirs, "{} exclusive={exclusive}", file.display());
                    // Without comments: the form with them, less them (xmllint prints only that one).
                    let plain = canonicalize(&bytes, with(false), &limits).unwrap();
                    let stripped = canonicalize(ours.as_bytes(), with(false), &limits).unwrap();
                    assert_eq!(plain, stripped, "{}", file.display());
                    compared += 1;
                }
                (Err(e), _) => assert!(
                    matches!(e.code, "c14n.doctype" | "c14n.malformed" | "c14n.encoding"),
                    "{}: {e:?}",
                    file.display()
                ),
                (Ok(_), None) => panic!("xmllint refused {} where we did not", file.display()),
            }
        }
    }
    assert!(compared >= 2 * (EDGES.len() + 20), "{compared} compared");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_cli_prints_the_canonical_form() {
    let dir = std::env::temp_dir().join(format!("eco-c14n-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("in.xml");
    std::fs::write(&path, "<a b='1'><!--c--></a>").unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_eco-validator"))
            .args(args)
            .arg(&path)
            .output()
            .unwrap()
    };
    let out = run(&["c14n"]);
    assert_eq!(
        (out.status.code(), &out.stdout[..]),
        (Some(0), &b"<a b=\"1\"></a>"[..])
    );
    let out = run(&["c14n", "--with-comments"]);
    assert_eq!(&out.stdout[..], b"<a b=\"1\"><!--c--></a>");
    std::fs::write(&path, "<a xmlns:p=\"urn:p\"><b/></a>").unwrap();
    let out = run(&["c14n", "--exclusive"]);
    assert_eq!(
        &out.stdout[..],
        b"<a><b></b></a>",
        "an unused prefix is not declared"
    );
    std::fs::write(&path, "<!DOCTYPE a><a/>").unwrap();
    let out = run(&["c14n"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("c14n.doctype"));
    // The offset counts the byte order mark: the reference starts at byte 6.
    std::fs::write(&path, "\u{feff}<a>&bad;</a>").unwrap();
    let out = run(&["c14n"]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("at byte 6"),
        "{out:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// SIGNATURES.md, "one parser, one parse": the canonical form of every XML fixture, read again by
/// the same reader, canonicalises to itself, in both methods, with and without comments.
#[test]
fn the_canonical_form_of_every_fixture_is_its_own() {
    let limits = Limits::default();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seen = 0;
    for sub in ["", "invalid", "profiles"] {
        for entry in std::fs::read_dir(root.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "xml") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            for exclusive in [false, true] {
                for comments in [false, true] {
                    let method = C14nMethod {
                        exclusive,
                        comments,
                    };
                    let Ok(once) = canonicalize(&bytes, method, &limits) else {
                        continue;
                    };
                    let twice = canonicalize(once.as_bytes(), method, &limits).unwrap();
                    assert_eq!(twice, once, "{}", path.display());
                    seen += 1;
                }
            }
        }
    }
    assert!(seen > 100, "{seen}");
}
