//! The WebAssembly surface: a thin skin over [`crate::validate`], [`crate::rules`] and [`crate::VERSION`].
//!
//! Results cross as plain JS objects (the CLI's JSON report, parsed by the engine), never as class
//! handles a page would have to free. Document problems are findings; misuse of the API (an input
//! that is not text, bytes or an object, malformed options) throws an `Error` with a `code`.
//! A plain JS object enters through `JSON.stringify`, so its nesting, cycles and number spelling are
//! settled by the engine before the Rust JSON reader (with its depth limit) sees text: a JS number
//! arrives as its shortest decimal text, never as an `f64` in the model.

use js_sys::{ArrayBuffer, JSON, JsString, Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::options::{Limits, Options};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/**
 * What `validate` accepts: XML or JSON text, its bytes (a `Uint8Array`, or the `ArrayBuffer` that
 * `Response.arrayBuffer()` gives), or an object in the JSON binding's shape.
 */
export type Input = string | Uint8Array | ArrayBuffer | Certificate;

/** Options of one validation; every member is optional. */
export interface ValidateOptions {
  /** The validation clock, `YYYY-MM-DD`; default: today in UTC. */
  asOf?: string;
  /** Input limits; each defaults to the library's default. */
  limits?: {
    maxBytes?: number;
    maxDepth?: number;
    maxAttributes?: number;
    maxNamespaces?: number;
    maxItems?: number;
    /** Most elements, attributes and JSON members (array entries included). */
    maxNodes?: number;
    /** Most findings reported (the rest are counted in a `limit.findings` warning). */
    maxFindings?: number;
  };
  /** From when Timor-Leste counts as an ATIGA party (`YYYY-MM-DD`); default: never. */
  timorLesteAtigaFrom?: string;
  /** The agreement every certificate must claim; default: whatever it names. */
  agreement?: "ATIGA" | "RCEP" | "AKFTA" | "ACFTA" | "KCFTA";
}

/** The rule catalogue with its version. */
export interface Catalogue {
  version: string;
  rules: Rule[];
}
"#;

/// Raises a JS `Error` carrying a stable `code`.
fn error(code: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    let _ = Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
    err.into()
}

/// Results cross the boundary as JSON text parsed by the engine: one call instead of one per
/// property, and the very serializer the CLI uses, so the two reports cannot differ in shape.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text =
        serde_json::to_string(value).map_err(|e| error("internal.serialize", &e.to_string()))?;
    JSON::parse(&text)
}

fn today_utc() -> jiff::civil::Date {
    let now = js_sys::Date::new_0();
    jiff::civil::Date::new(
        now.get_utc_full_year() as i16,
        now.get_utc_month() as i8 + 1,
        now.get_utc_date() as i8,
    )
    .unwrap_or(jiff::civil::date(1970, 1, 1))
}

#[wasm_bindgen]
extern "C" {
    /// The caller's options object. Each member is read by one property access (no key string
    /// made per call, as `Reflect.get` needs); a getter that throws is an `options.invalid` error.
    type OptionsBag;
    #[wasm_bindgen(method, getter, structural, catch, js_name = asOf)]
    fn as_of(this: &OptionsBag) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch, js_name = timorLesteAtigaFrom)]
    fn timor_leste_atiga_from(this: &OptionsBag) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch)]
    fn agreement(this: &OptionsBag) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch)]
    fn limits(this: &OptionsBag) -> Result<JsValue, JsValue>;

    /// `options.limits`.
    type LimitsBag;
    #[wasm_bindgen(method, getter, structural, catch, js_name = maxBytes)]
    fn max_bytes(this: &LimitsBag) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch, js_name = maxDepth)]
    fn max_depth(this: &LimitsBag) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch, js_name = maxAttributes)]
    fn max_attributes(this: &LimitsBag) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch, js_name = maxNamespaces)]
    fn max_namespaces(this: &LimitsBag) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch, js_name = maxItems)]
    fn max_items(this: &LimitsBag) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch, js_name = maxNodes)]
    fn max_nodes(this: &LimitsBag) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch, js_name = maxFindings)]
    fn max_findings(this: &LimitsBag) -> Result<JsValue, JsValue>;
}

/// A member's value, `None` when absent (undefined or null). `within` is `""` or `"limits."`.
fn member(
    read: Result<JsValue, JsValue>,
    within: &str,
    key: &str,
) -> Result<Option<JsValue>, JsValue> {
    match read {
        Ok(v) if v.is_undefined() || v.is_null() => Ok(None),
        Ok(v) => Ok(Some(v)),
        Err(_) => Err(error(
            "options.invalid",
            &format!("reading options.{within}{key} threw"),
        )),
    }
}

fn date_option(
    read: Result<JsValue, JsValue>,
    key: &str,
) -> Result<Option<jiff::civil::Date>, JsValue> {
    let Some(v) = member(read, "", key)? else {
        return Ok(None);
    };
    let text = v.as_string().ok_or_else(|| {
        error(
            "options.invalid",
            &format!("options.{key} must be a date string YYYY-MM-DD"),
        )
    })?;
    crate::mapping::parse_date(&text).map(Some).ok_or_else(|| {
        error(
            "options.invalid",
            &format!("options.{key} '{text}' is not a date YYYY-MM-DD"),
        )
    })
}

fn limit(read: Result<JsValue, JsValue>, key: &str, default: u32) -> Result<u32, JsValue> {
    let Some(v) = member(read, "limits.", key)? else {
        return Ok(default);
    };
    match v.as_f64() {
        Some(n) if n.fract() == 0.0 && (1.0..=u32::MAX as f64).contains(&n) => Ok(n as u32),
        _ => Err(error(
            "options.invalid",
            &format!(
                "options.limits.{key} must be a whole number from 1 to {}",
                u32::MAX
            ),
        )),
    }
}

/// Reads the JS options object into [`Options`].
fn options_from(js: &JsValue) -> Result<Options, JsValue> {
    if js.is_undefined() || js.is_null() {
        return Ok(Options::new(today_utc()));
    }
    if !js.is_object() {
        return Err(error("options.invalid", "options must be an object"));
    }
    let bag = OptionsBag::unchecked_from_js_ref(js);
    let mut options = Options::new(date_option(bag.as_of(), "asOf")?.unwrap_or_else(today_utc));
    options.timor_leste_atiga_from =
        date_option(bag.timor_leste_atiga_from(), "timorLesteAtigaFrom")?;
    if let Some(agreement) = member(bag.agreement(), "", "agreement")? {
        let code = agreement.as_string().unwrap_or_default();
        options.agreement = Some(crate::model::Agreement::from_code(&code).ok_or_else(|| {
            error(
                "options.invalid",
                "options.agreement must be one of ATIGA, RCEP, AKFTA, ACFTA, KCFTA",
            )
        })?);
    }
    if let Some(limits) = member(bag.limits(), "", "limits")? {
        if !limits.is_object() {
            return Err(error("options.invalid", "options.limits must be an object"));
        }
        let bag = LimitsBag::unchecked_from_js_ref(&limits);
        let d = Limits::default();
        options.limits = Limits {
            max_bytes: limit(bag.max_bytes(), "maxBytes", d.max_bytes as u32)? as usize,
            max_depth: limit(bag.max_depth(), "maxDepth", d.max_depth)?,
            max_attributes: limit(bag.max_attributes(), "maxAttributes", d.max_attributes)?,
            max_namespaces: limit(bag.max_namespaces(), "maxNamespaces", d.max_namespaces)?,
            max_items: limit(bag.max_items(), "maxItems", d.max_items)?,
            max_nodes: limit(bag.max_nodes(), "maxNodes", d.max_nodes)?,
            max_findings: limit(bag.max_findings(), "maxFindings", d.max_findings)?,
        };
    }
    Ok(options)
}

#[wasm_bindgen]
extern "C" {
    /// The engine's own UTF-8 encoder (browsers, Node and workerd all have it).
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, source: &JsString, destination: &mut [u8]) -> EncodeResult;

    type EncodeResult;
    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodeResult) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeResult) -> u32;
}

/// Text is measured before it is copied in: its UTF-8 form has at least as many bytes as the string
/// has UTF-16 units, so a string longer than the limit is refused without a copy.
fn validate_text(js: &JsString, options: &Options) -> crate::Report {
    let units = js.length() as usize;
    if units > options.limits.max_bytes {
        return crate::validate_oversized(units, options);
    }
    crate::validate(&utf8_of(js, units), options)
}

/// The string's UTF-8 bytes, written by the engine's encoder straight into wasm memory (the generic
/// string conversion walks the text in JS a character at a time: a sixth of a validation).
/// Lone surrogates become U+FFFD, as any UTF-8 conversion must make them.
fn utf8_of(js: &JsString, units: usize) -> Vec<u8> {
    let encoder = TextEncoder::new();
    // Mostly-ASCII text fits in one byte per unit; what does not fit is encoded after it, with room
    // for the worst case (three bytes per remaining unit), without encoding the start again.
    let mut bytes = vec![0u8; units + 16];
    let first = encoder.encode_into(js, &mut bytes);
    let (read, written) = (first.read() as usize, first.written() as usize);
    if read < units {
        let rest = js.slice(read as u32, units as u32);
        bytes.resize(written + (units - read).saturating_mul(3), 0);
        let more = encoder.encode_into(&rest, &mut bytes[written..]);
        bytes.truncate(written + more.written() as usize);
    } else {
        bytes.truncate(written);
    }
    bytes
}

/// Bytes are measured before they are copied in. An empty view is not copied at all: one over a
/// detached buffer has length 0, and copying from it would throw.
fn validate_bytes(bytes: &Uint8Array, options: &Options) -> crate::Report {
    match bytes.length() as usize {
        0 => crate::validate(&[], options),
        n if n > options.limits.max_bytes => crate::validate_oversized(n, options),
        _ => crate::validate(&bytes.to_vec(), options),
    }
}

/// Validates one certificate and returns its report (the CLI's JSON report without `file`).
#[wasm_bindgen(js_name = validate, unchecked_return_type = "Report")]
pub fn validate_js(
    #[wasm_bindgen(unchecked_param_type = "Input")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let options = options_from(&options)?;
    let report = if let Some(js) = input.dyn_ref::<JsString>() {
        validate_text(js, &options)
    } else if input.is_instance_of::<Uint8Array>() {
        validate_bytes(Uint8Array::unchecked_from_js_ref(&input), &options)
    } else if input.is_instance_of::<ArrayBuffer>() {
        // A detached buffer has no bytes, and viewing it would throw: it is an empty input.
        if ArrayBuffer::unchecked_from_js_ref(&input).byte_length() == 0 {
            crate::validate(&[], &options)
        } else {
            validate_bytes(&Uint8Array::new(&input), &options)
        }
    } else if input.is_object() && !js_sys::Array::is_array(&input) && !ArrayBuffer::is_view(&input)
    {
        match JSON::stringify(&input) {
            Ok(text) => validate_text(&text, &options),
            Err(e) => {
                let detail = Reflect::get(&e, &JsValue::from_str("message"))
                    .ok()
                    .and_then(|m| m.as_string())
                    .unwrap_or_else(|| "the object cannot be written as JSON".into());
                crate::validate_unreadable_object(&detail, &options)
            }
        }
    } else {
        return Err(error(
            "input.type",
            "input must be XML or JSON text, a Uint8Array or ArrayBuffer, or an object in the JSON binding's shape",
        ));
    };
    to_js(&report)
}

/// The rule catalogue.
#[wasm_bindgen(js_name = rules, unchecked_return_type = "Catalogue")]
pub fn rules_js() -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    struct Catalogue {
        version: &'static str,
        rules: &'static [crate::Rule],
    }
    to_js(&Catalogue {
        version: crate::rules::CATALOGUE_VERSION,
        rules: crate::rules(),
    })
}

/// The validator's version.
#[wasm_bindgen(js_name = version)]
pub fn version_js() -> String {
    crate::VERSION.to_string()
}
