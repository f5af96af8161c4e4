//! The fixture corpus through the wasm surface, in Node and in a real headless Chromium:
//! `cargo test --target wasm32-unknown-unknown --test wasm` (Node) and the same with
//! `WASM_BINDGEN_USE_BROWSER=1` (Chromium through chromedriver), both run by `.ci/test`.
//! The fixtures are compiled in (a browser has no file system); `tests/corpus.rs` checks natively that
//! this list names every fixture.
#![cfg(all(target_arch = "wasm32", feature = "wasm"))]

mod common;

use common::{Rng, mutate};
use eco_validator::__private::{
    DataJs, create_validator_js, load_data_js, rules_js, validate_js, version_js,
};
use js_sys::{JSON, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

macro_rules! fixtures {
    ($($name:literal,)*) => {
        const FIXTURES: &[(&str, &[u8])] = &[$(($name, include_bytes!(concat!("fixtures/", $name)))),*];
    };
}

fixtures! {
    "valid-1.json",
    "valid-1.xml",
    "valid-10.json",
    "valid-10.xml",
    "valid-100.json",
    "valid-100.xml",
    "valid-full.json",
    "valid-full.xml",
    "valid-rcep.xml",
    "valid-akfta.xml",
    "valid-acfta.xml",
    "valid-kcfta.xml",
    "invalid/back-to-back.original-expired.xml",
    "invalid/back-to-back.originals.xml",
    "invalid/back-to-back.quantity.xml",
    "invalid/back-to-back.tick.xml",
    "invalid/box8.noncanonical.xml",
    "invalid/box8.not-on-form.xml",
    "invalid/box8.partial-cumulation.xml",
    "invalid/box8.percentage.xml",
    "invalid/box8.syntax.xml",
    "invalid/certified-copy.before-original.xml",
    "invalid/certified-copy.late.xml",
    "invalid/code.country.xml",
    "invalid/code.currency.xml",
    "invalid/code.hs-edition.xml",
    "invalid/code.hs-length.xml",
    "invalid/code.hs-subheading.xml",
    "invalid/code.member-state.xml",
    "invalid/code.package-type.xml",
    "invalid/code.transport-mode.xml",
    "invalid/code.unit.xml",
    "invalid/country.consignee.xml",
    "invalid/country.exporting.xml",
    "invalid/country.importing.xml",
    "invalid/cumulation.partial-criterion.xml",
    "invalid/cumulation.partial-tick.xml",
    "invalid/de-minimis.criterion.xml",
    "invalid/exhibition.details.xml",
    "invalid/exhibition.tick.xml",
    "invalid/fob.missing.xml",
    "invalid/format.boolean.xml",
    "invalid/format.code.xml",
    "invalid/format.date.xml",
    "invalid/format.decimal.xml",
    "invalid/format.enum.xml",
    "invalid/format.hs.xml",
    "invalid/format.integer.xml",
    "invalid/format.json-type.json",
    "invalid/header.agreement.xml",
    "invalid/header.form-type.xml",
    "invalid/header.issue-date-future.xml",
    "invalid/invoice.after-issue.xml",
    "invalid/item.sequence.xml",
    "invalid/lifecycle.cancelled.xml",
    "invalid/lifecycle.replaced-by.xml",
    "invalid/lifecycle.replaced.xml",
    "invalid/limit.attributes.xml",
    "invalid/limit.depth.xml",
    "invalid/limit.namespaces.xml",
    "invalid/parse.doctype.xml",
    "invalid/parse.encoding.xml",
    "invalid/parse.entity.xml",
    "invalid/parse.malformed.xml",
    "invalid/parse.namespace.xml",
    "invalid/parse.root.xml",
    "invalid/parse.unknown-format.xml",
    "invalid/psr.not-admissible.xml",
    "invalid/retroactive.not-late.xml",
    "invalid/retroactive.tick-required.xml",
    "invalid/retroactive.too-late.xml",
    "invalid/struct.empty.xml",
    "invalid/struct.missing.xml",
    "invalid/struct.order.xml",
    "invalid/struct.repeated.xml",
    "invalid/struct.shape.xml",
    "invalid/struct.unknown.xml",
    "invalid/third-country.invoicer.xml",
    "invalid/third-country.tick.xml",
    "invalid/tick.not-on-form.xml",
    "invalid/validity.expired.xml",
    "invalid/waiver.low-value.xml",
}

fn options() -> JsValue {
    JSON::parse(r#"{"asOf": "2026-11-25"}"#).unwrap()
}

/// The report as the JSON a portal would see.
fn report(input: JsValue) -> serde_json::Value {
    report_with(input, options())
}

fn report_with(input: JsValue, options: JsValue) -> serde_json::Value {
    let js =
        validate_js(&DataJs::bundled(), input, options).unwrap_or_else(|e| panic!("threw {e:?}"));
    let text: String = JSON::stringify(&js).unwrap().into();
    serde_json::from_str(&text).unwrap()
}

fn codes(report: &serde_json::Value, severity: &str) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == severity)
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

#[wasm_bindgen_test]
fn every_fixture_gives_its_verdict() {
    let mut checked = 0;
    for (name, bytes) in FIXTURES {
        // The one fixture dated before the bundled HS edition is judged days after its issue, as
        // the native corpus judges it (tests/common `options_for`).
        let options = match *name {
            "invalid/code.hs-edition.xml" => JSON::parse(r#"{"asOf": "2021-11-25"}"#).unwrap(),
            _ => options(),
        };
        let r = report_with(js_sys::Uint8Array::from(*bytes).into(), options);
        match name.strip_prefix("invalid/") {
            None => {
                assert_eq!(r["valid"], true, "{name}: {r}");
                assert!(r["findings"].as_array().unwrap().is_empty(), "{name}");
            }
            Some(file) => {
                let code = file.rsplit_once('.').unwrap().0;
                let all: Vec<&str> = r["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| f["code"].as_str().unwrap())
                    .collect();
                assert!(all.contains(&code), "{name}: {all:?}");
                let others: Vec<String> = codes(&r, "error")
                    .into_iter()
                    .filter(|c| c != code)
                    .collect();
                assert!(others.is_empty(), "{name}: {others:?}");
            }
        }
        checked += 1;
    }
    assert_eq!(checked, FIXTURES.len());
    assert!(checked >= 50);
}

#[wasm_bindgen_test]
fn text_and_objects_are_inputs_too() {
    let (_, json) = FIXTURES
        .iter()
        .find(|(n, _)| *n == "valid-10.json")
        .unwrap();
    let text = std::str::from_utf8(json).unwrap();
    let from_text = report(JsValue::from_str(text));
    let from_object = report(JSON::parse(text).unwrap());
    assert_eq!(from_text, from_object);
    assert_eq!(from_text["valid"], true);
}

/// An object that is not a plain object (a `Blob`, `Response`, `Promise`, `Map`, `Date`, a class
/// instance) is misuse with a hint, not a JSON object of no members reported as a certificate
/// missing everything; a plain object with a null prototype is a document like any other.
#[wasm_bindgen_test]
fn only_plain_objects_are_documents() {
    let make = |body: &str| {
        js_sys::Function::new_no_args(body)
            .call0(&JsValue::NULL)
            .unwrap()
    };
    for (value, named, hint) in [
        (make("return new Blob(['<x/>'])"), "Blob", "arrayBuffer()"),
        (
            make("return new Response('<x/>')"),
            "Response",
            "arrayBuffer()",
        ),
        (make("return Promise.resolve('<x/>')"), "Promise", "await"),
        (make("return new Map()"), "Map", ""),
        (make("return new Date()"), "Date", ""),
        (
            make("return new (class Certificate {})()"),
            "Certificate",
            "",
        ),
    ] {
        let err = validate_js(&DataJs::bundled(), value, options()).expect_err("must throw");
        let field = |k: &str| {
            Reflect::get(&err, &JsValue::from_str(k))
                .unwrap()
                .as_string()
                .unwrap()
        };
        assert_eq!(field("code"), "input.type");
        let message = field("message");
        assert!(
            message.contains(named) && message.contains(hint),
            "{message}"
        );
    }
    let (_, json) = FIXTURES
        .iter()
        .find(|(n, _)| *n == "valid-10.json")
        .unwrap();
    let bare = make(&format!(
        "return Object.assign(Object.create(null), {})",
        std::str::from_utf8(json).unwrap()
    ));
    assert_eq!(report(bare)["valid"], true);
}

/// A document refused for its size alone is still told by its syntax: JSON findings have JSON
/// Pointers (the whole document is ""), not an XML path, and input that is neither has no path.
#[wasm_bindgen_test]
fn oversized_inputs_keep_their_syntax() {
    let tiny = JSON::parse(r#"{"asOf": "2026-11-25", "limits": {"maxBytes": 8}}"#).unwrap();
    let (_, json) = FIXTURES
        .iter()
        .find(|(n, _)| *n == "valid-10.json")
        .unwrap();
    let text = std::str::from_utf8(json).unwrap();
    let at = |input: JsValue| {
        let js = validate_js(&DataJs::bundled(), input, tiny.clone()).unwrap();
        let r: serde_json::Value =
            serde_json::from_str(&String::from(JSON::stringify(&js).unwrap())).unwrap();
        let f = &r["findings"][0];
        (f["code"].clone(), r["syntax"].clone(), f["path"].clone())
    };
    let json_path = (
        serde_json::json!("limit.size"),
        serde_json::json!("json"),
        serde_json::json!(""),
    );
    assert_eq!(at(JsValue::from_str(text)), json_path);
    assert_eq!(at(JSON::parse(text).unwrap()), json_path);
    assert_eq!(
        at(js_sys::Uint8Array::from(json.as_ref()).into()),
        json_path
    );
    let xml = at(JsValue::from_str(include_str!("fixtures/valid-10.xml")));
    assert_eq!(xml.1, "xml");
    let neither = at(JsValue::from_str("neither XML nor JSON, and long"));
    assert_eq!(
        (neither.1, neither.2),
        (serde_json::Value::Null, serde_json::json!(""))
    );
}

/// Text crosses as the engine encodes it: non-ASCII text (more bytes than UTF-16 units) gives the same
/// report as its bytes, and a lone surrogate, which no UTF-8 can hold, arrives as U+FFFD.
#[wasm_bindgen_test]
fn text_of_any_script_arrives_intact() {
    let (_, xml) = FIXTURES.iter().find(|(n, _)| *n == "valid-10.xml").unwrap();
    let source = std::str::from_utf8(xml).unwrap();
    let country = "Việt Nam 東京";
    let (issuer, description) = ("<IssueCountryID>", "<Description>");
    let text = source
        .replacen(&format!("{issuer}SG<"), &format!("{issuer}{country}<"), 1)
        .replacen(
            description,
            &format!("{description}{}", "東".repeat(200)),
            1,
        );
    assert!(text.len() > text.encode_utf16().count() + 16);
    let from_text = report(JsValue::from_str(&text));
    let from_bytes = report(js_sys::Uint8Array::from(text.as_bytes()).into());
    assert_eq!(from_text, from_bytes);
    assert!(from_text.to_string().contains(country), "{from_text}");

    let (head, tail) = source.split_once("<Description>").unwrap();
    let lone = js_sys::JsString::from(format!("{head}<Description>"))
        .concat(&js_sys::JsString::from_char_code1(0xD800))
        .concat(&JsValue::from_str(tail));
    let r = report(lone.into());
    assert_eq!(r["valid"], true, "{r}");
}

/// Bytes arrive as a `Uint8Array` or as the `ArrayBuffer` a `fetch` response gives, alike; an empty
/// or detached buffer is an empty document, not an exception; other views of bytes are misuse.
#[wasm_bindgen_test]
fn byte_inputs_of_every_kind() {
    let source = include_str!("fixtures/valid-10.xml");
    let bytes = js_sys::Uint8Array::from(source.as_bytes());
    assert_eq!(report(bytes.buffer().into()), report(bytes.clone().into()));
    assert_eq!(report(bytes.buffer().into())["valid"], true);
    let detached = js_sys::Function::new_no_args(
        "const b = new ArrayBuffer(8); const v = new Uint8Array(b); \
         structuredClone(b, { transfer: [b] }); return [b, v];",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    let detached: js_sys::Array = detached.unchecked_into();
    for empty in [
        js_sys::ArrayBuffer::new(0).into(),
        js_sys::Uint8Array::new_with_length(0).into(),
        detached.get(0),
        detached.get(1),
    ] {
        let r = report(empty);
        assert_eq!(r["findings"][0]["code"], "parse.unknown-format", "{r}");
    }
    for view in [
        js_sys::Uint16Array::new_with_length(4).into(),
        js_sys::DataView::new(&js_sys::ArrayBuffer::new(4), 0, 4).into(),
    ] {
        let err =
            validate_js(&DataJs::bundled(), view, JsValue::UNDEFINED).expect_err("must throw");
        let code = Reflect::get(&err, &JsValue::from_str("code")).unwrap();
        assert_eq!(code.as_string().as_deref(), Some("input.type"));
    }
}

/// Random mutations of the fixtures through the wasm surface, as bytes and as text: every one gets a
/// report. In wasm a panic is a trap that kills the module for the whole page, and the 32-bit target
/// has its own overflow edges, so the native panic hunt (tests/hostile.rs) is not proof enough.
#[wasm_bindgen_test]
fn mutations_never_trap() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    for original in [
        include_bytes!("fixtures/valid-10.xml").as_slice(),
        include_bytes!("fixtures/valid-10.json").as_slice(),
    ] {
        for _ in 0..1000 {
            let input = mutate(&mutate(original, &mut rng), &mut rng);
            let as_text = JsValue::from_str(&String::from_utf8_lossy(&input));
            for js in [js_sys::Uint8Array::from(input.as_slice()).into(), as_text] {
                let r = report(js);
                assert!(r["valid"].is_boolean(), "{r}");
            }
        }
    }
}

/// An options object whose `asOf` getter throws.
fn throwing_options() -> JsValue {
    let options = js_sys::Object::new();
    let descriptor = js_sys::Object::new();
    let getter = js_sys::Function::new_no_args("throw new Error('no clock today')");
    Reflect::set(&descriptor, &JsValue::from_str("get"), &getter).unwrap();
    js_sys::Object::define_property(&options, &JsValue::from_str("asOf"), &descriptor);
    options.into()
}

#[wasm_bindgen_test]
fn misuse_throws_errors_with_codes() {
    for (input, options) in [
        (JsValue::from_f64(42.0), JsValue::UNDEFINED),
        (
            JsValue::from_str("<x/>"),
            JSON::parse(r#"{"asOf": "yesterday"}"#).unwrap(),
        ),
        (
            JsValue::from_str("<x/>"),
            JSON::parse(r#"{"limits": {"maxDepth": 0}}"#).unwrap(),
        ),
        (
            JsValue::from_str("<x/>"),
            JSON::parse(r#"{"limits": "small"}"#).unwrap(),
        ),
        (JsValue::from_str("<x/>"), throwing_options()),
        (
            JsValue::from_str("<x/>"),
            js_sys::Function::new_no_args(
                "const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy",
            )
            .call0(&JsValue::NULL)
            .unwrap(),
        ),
        // Option names that are not options: refused, not ignored.
        (
            JsValue::from_str("<x/>"),
            JSON::parse(r#"{"asof": "2026-11-25"}"#).unwrap(),
        ),
        (
            JsValue::from_str("<x/>"),
            JSON::parse(r#"{"limits": {"maxbytes": 5}}"#).unwrap(),
        ),
        // Beside the options they misspell, too.
        (
            JsValue::from_str("<x/>"),
            JSON::parse(r#"{"asOf": "2026-11-25", "asof": "2026-11-25"}"#).unwrap(),
        ),
        (
            JsValue::from_str("<x/>"),
            JSON::parse(r#"{"limits": {"maxItems": 5, "maxitems": 5}}"#).unwrap(),
        ),
    ] {
        let err = validate_js(&DataJs::bundled(), input, options).expect_err("must throw");
        assert!(err.is_instance_of::<js_sys::Error>());
        let code = Reflect::get(&err, &JsValue::from_str("code"))
            .unwrap()
            .as_string()
            .unwrap();
        assert!(code == "input.type" || code == "options.invalid", "{code}");
    }
}

/// Every member of the options is read: the clock, the agreement and each limit change the report.
#[wasm_bindgen_test]
fn options_members_take_effect() {
    // A second namespace declaration and second attributes (two findings), for limits of one each.
    let (root, extra) = ("<CertificateOfOrigin ", "xmlns:x=\"urn:x\" ");
    let source = include_str!("fixtures/valid-10.xml")
        .replacen(root, &format!("{root}{extra}"), 1)
        .replacen("unitCode=\"KGM\"", "unitCode=\"KGM\" x:note=\"1\"", 2);
    let codes = |options: &str| -> String {
        let report = validate_js(
            &DataJs::bundled(),
            JsValue::from_str(&source),
            JSON::parse(options).unwrap(),
        )
        .unwrap();
        JSON::stringify(&Reflect::get(&report, &JsValue::from_str("findings")).unwrap())
            .unwrap()
            .as_string()
            .unwrap()
    };
    assert!(!codes(r#"{"asOf": "2026-11-25"}"#).contains("limit."));
    assert!(codes(r#"{"asOf": "2026-11-01"}"#).contains("header.issue-date-future"));
    assert!(codes(r#"{"asOf": "2026-11-25", "agreement": "RCEP"}"#).contains("header.agreement"));
    for (limit, code) in [
        ("maxBytes", "limit.size"),
        ("maxDepth", "limit.depth"),
        ("maxItems", "limit.items"),
        ("maxNodes", "limit.nodes"),
        ("maxFindings", "limit.findings"),
        ("maxAttributes", "limit.attributes"),
        ("maxNamespaces", "limit.namespaces"),
    ] {
        let found = codes(&format!(
            r#"{{"asOf": "2026-11-25", "limits": {{"{limit}": 1}}}}"#
        ));
        assert!(found.contains(code), "{limit}: {found}");
    }
}

#[wasm_bindgen_test]
fn rules_and_version() {
    let catalogue = rules_js(&DataJs::bundled()).unwrap();
    let rules = Reflect::get(&catalogue, &JsValue::from_str("rules")).unwrap();
    let rules: &js_sys::Array = rules.unchecked_ref();
    assert_eq!(
        usize::try_from(rules.length()).unwrap(),
        eco_validator::rules().rules.len()
    );
    assert_eq!(version_js(), eco_validator::VERSION);
}

/// A validator built once from a made-up profile judges that agreement's certificates, with the
/// clock per call; a profile that cannot be loaded throws with its code, source and path.
#[wasm_bindgen_test]
fn a_built_validator_judges_with_its_profiles() {
    let profile = include_str!("fixtures/profiles/zzfta.json");
    let zz = include_str!("fixtures/profiles/form-zz.xml");
    let config = js_sys::Object::new();
    let list = js_sys::Array::of1(&JsValue::from_str(profile));
    Reflect::set(&config, &"profiles".into(), &list).unwrap();
    let v = create_validator_js(&DataJs::bundled(), config.into(), None)
        .unwrap_or_else(|e| panic!("{e:?}"));
    let judged = |as_of: &str| {
        let js = v
            .validate(
                JsValue::from_str(zz),
                JSON::parse(&format!(r#"{{"asOf": "{as_of}"}}"#)).unwrap(),
            )
            .unwrap();
        let text: String = JSON::stringify(&js).unwrap().into();
        serde_json::from_str::<serde_json::Value>(&text).unwrap()
    };
    let r = judged("2026-11-25");
    assert_eq!(r["valid"], true, "{r}");
    assert_eq!(r["versions"]["profile"], "ZZFTA 0.0.1");
    assert_eq!(codes(&judged("2027-05-21"), "error"), ["validity.expired"]);
    assert!(v.agreements().iter().any(|a| a == "ATIGA"));
    // The free function knows only the bundled five.
    assert_eq!(
        codes(&report(JsValue::from_str(zz)), "error"),
        ["header.agreement"]
    );
    let broken = js_sys::Object::new();
    let list = js_sys::Array::of1(&JsValue::from_str(
        &profile.replace("\"2020-01-01\"", "\"2020-13-01\""),
    ));
    Reflect::set(&broken, &"profiles".into(), &list).unwrap();
    let Err(e) = create_validator_js(&DataJs::bundled(), broken.into(), None) else {
        panic!("a bad date loads");
    };
    let get = |k: &str| Reflect::get(&e, &k.into()).unwrap().as_string();
    assert_eq!(get("code").as_deref(), Some("profile.value"));
    assert_eq!(get("path").as_deref(), Some("/parties/members/0/from"));
    assert_eq!(get("source").as_deref(), Some("profiles[0]"));
    // A profiles array whose reads throw (a Proxy's trap, for an entry and for its length) is an
    // options error, not an exception through the module.
    for trap in [
        "(t, k) => { if (k === '0') throw new Error('no'); return Reflect.get(t, k); }",
        "(t, k) => { if (k === 'length') throw new Error('no'); return Reflect.get(t, k); }",
    ] {
        let hostile = js_sys::Function::new_no_args(&format!(
            "return {{ profiles: new Proxy(['{{}}'], {{ get: {trap} }}) }}"
        ))
        .call0(&JsValue::NULL)
        .unwrap();
        let Err(e) = create_validator_js(&DataJs::bundled(), hostile, None) else {
            panic!("a throwing profiles array is read");
        };
        let code = Reflect::get(&e, &"code".into()).unwrap().as_string();
        assert_eq!(code.as_deref(), Some("options.invalid"), "{trap}");
    }
    // A genuine module still answers after them.
    assert!(create_validator_js(&DataJs::bundled(), JsValue::UNDEFINED, None).is_ok());
    // Per call only the clock: limits belong to the config.
    let call = JSON::parse(r#"{"asOf": "2026-11-25", "limits": {"maxBytes": 9}}"#).unwrap();
    let Err(e) = v.validate(JsValue::from_str(zz), call) else {
        panic!("limits per call accepted");
    };
    let message = Reflect::get(&e, &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(message.contains("createValidator"), "{message}");
}

/// The origin assessment through the wasm surface, from text and from an object: the worked
/// example of `tests/origin.rs` gives its numbers here too; a bad value throws with its path.
#[wasm_bindgen_test]
fn a_built_validator_assesses_origin() {
    let v = create_validator_js(&DataJs::bundled(), JsValue::UNDEFINED, None).unwrap();
    let text = include_str!("fixtures/worksheets/tobacco-substitute.json");
    for input in [JsValue::from_str(text), JSON::parse(text).unwrap()] {
        let call = JSON::parse(r#"{"asOf": "2026-11-30"}"#).unwrap();
        let js = v
            .assess_origin(input, call)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let a: serde_json::Value =
            serde_json::from_str(&String::from(JSON::stringify(&js).unwrap())).unwrap();
        assert_eq!(a["originating"], true);
        assert_eq!(a["rvc"]["indirect"], "55");
        assert_eq!(a["rvc"]["direct"], "27.28");
        assert_eq!(a["box8"], "55%");
        assert_eq!(a["breakPoints"][0]["minFob"], "750");
        assert!(a["trail"].as_array().unwrap().len() > 5);
        assert_eq!(a["versions"]["asOf"], "2026-11-30");
    }
    // Side by side: ATIGA qualifies by its PSR line; RCEP has no general rule and no table here.
    let rows = v
        .compare_origin(JsValue::from_str(text), JsValue::UNDEFINED)
        .unwrap();
    let rows: serde_json::Value =
        serde_json::from_str(&String::from(JSON::stringify(&rows).unwrap())).unwrap();
    assert_eq!(rows[0]["agreement"], "ATIGA");
    assert_eq!(rows[0]["assessment"]["box8"], "55%");
    assert_eq!(rows[0]["error"], serde_json::Value::Null);
    assert_eq!(rows[1]["agreement"], "RCEP");
    assert_eq!(rows[1]["assessment"], serde_json::Value::Null);
    assert!(
        rows[1]["error"]["code"]
            .as_str()
            .unwrap()
            .starts_with("origin.")
    );
    let bad = text.replace("\"1000.00\"", "\"1,000\"");
    let Err(e) = v.assess_origin(JsValue::from_str(&bad), JsValue::UNDEFINED) else {
        panic!("a bad FOB assessed");
    };
    let get = |k: &str| Reflect::get(&e, &k.into()).unwrap().as_string();
    assert_eq!(get("code").as_deref(), Some("worksheet.value"));
    assert_eq!(get("path").as_deref(), Some("/fob"));
}

/// A data file that is not one, or is cut short, throws with its code before anything is
/// validated against it (the package's own file is loaded by every Node, browser and workerd test).
#[wasm_bindgen_test]
fn a_bad_data_file_throws_with_a_code() {
    for (bytes, code) in [
        (&b"<html>not found</html>"[..], "data.format"),
        (
            &b"eco-validator-data/1\neco-validator 5\n0.0.1"[..],
            "data.version",
        ),
        (
            &b"eco-validator-data/1\neco-validator 99\n0.1"[..],
            "data.format",
        ),
    ] {
        let Err(e) = load_data_js(bytes) else {
            panic!("{bytes:?} loaded");
        };
        let got = Reflect::get(&e, &"code".into()).unwrap().as_string();
        assert_eq!(got.as_deref(), Some(code));
    }
}
