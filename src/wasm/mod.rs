//! The WebAssembly surface (cargo feature `wasm`): a thin skin over [`crate::validate`],
//! [`crate::Validator`], [`crate::rules`] and [`crate::VERSION`].
//!
//! Results cross as plain JS objects (the CLI's JSON report, parsed by the engine), never as class
//! handles a page would have to free. Document problems are findings; misuse of the API (an input
//! that is not text, bytes or an object, malformed options) throws an `Error` with a `code`.
//! A plain JS object enters through `JSON.stringify`, so its nesting, cycles and number spelling are
//! settled by the engine before the Rust JSON reader (with its depth limit) sees text: a JS number
//! arrives as its shortest decimal text, never as an `f64` in the model.

use wasm_bindgen::prelude::*;

mod js;
use js::{ArrayBuffer, JsString, Uint8Array};

use crate::convert::{to_u32, to_usize};
use crate::data::Data;
use crate::loading::LoadError;
use crate::options::Options;
use crate::pipeline::{self, Validator};
use crate::report::Report;
use crate::settings::{SETTINGS, Setting, SettingError, SettingValue};

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
  /**
   * Whom the profile's FOB states (ATIGA overleaf note 10: KH, ID, LA) oblige to show FOB where an
   * RVC criterion is used; default `"exporting-or-importing"`.
   */
  fobRequiredFor?: "exporting-or-importing" | "importing" | "exporting";
  /** The agreement every certificate must claim (one with a profile); default: whatever it names. */
  agreement?: string;
}

/**
 * What `createValidator` builds a validator from, once; every member is optional. Limits and
 * policy are those of `ValidateOptions`; the clock is given per call.
 */
export interface ValidatorConfig {
  /**
   * Agreement profiles (JSON text, or objects in the same shape; the package's `profiles/README.md`
   * documents the format), added to the bundled ATIGA, RCEP, AKFTA, ACFTA and KCFTA profiles; one
   * for an agreement already loaded replaces it.
   */
  profiles?: (string | object)[];
  /** `false` keeps only the given profiles; default `true`. */
  bundledProfiles?: boolean;
  /**
   * The issuers' list of cancelled and replaced certificates (JSON text or an object, format
   * `eco-validator/status-list/1`): a listed certificate is invalid, and the finding names its
   * replacement.
   */
  statusList?: string | object;
  /**
   * Product-specific-rule tables (JSON text or objects, format `eco-validator/psr-table/1`), each
   * replacing the bundled table of its agreement.
   */
  psr?: (string | object)[];
  limits?: ValidateOptions["limits"];
  timorLesteAtigaFrom?: string;
  fobRequiredFor?: ValidateOptions["fobRequiredFor"];
  agreement?: string;
}

/** What one call of a built validator takes. */
export interface CallOptions {
  /** The validation clock, `YYYY-MM-DD`; default: today in UTC. */
  asOf?: string;
}

"#;

#[wasm_bindgen(typescript_custom_section)]
const RULE_CODES: &'static str = crate::catalogue::TS_RULE_CODES;

#[cfg(feature = "signatures")]
#[wasm_bindgen(typescript_custom_section)]
const TS_TRUST: &'static str = r#"
export interface ValidatorConfig {
  /**
   * The trust list signed documents are verified against (JSON text or an object: the JWS
   * envelope of a list in format `eco-validator/trust-list/1`), read and checked once, here.
   */
  trustList?: string | object;
  /**
   * The list operator's public key or certificate (PEM) the envelope's signature is checked with;
   * without it, every verdict's trust stage is "not-checked". A list whose signature does not
   * verify with it throws (`trust-list.signature`).
   */
  trustListKey?: string;
  /** The highest list version accepted before: a lower one is reported as rolled back. */
  trustListLastSeen?: number;
}

/**
 * One signature check the module asks the runtime's WebCrypto to make: import `spki` with
 * `importParams`, then verify `signature` over `data` with `verifyParams`.
 */
export interface WebCryptoCheck {
  /** What the module knows the check by (a trust list's answer is handed back with it). */
  id: Uint8Array;
  keyId: string;
  spki: Uint8Array;
  importParams: { name: string; hash?: string; namedCurve?: string };
  verifyParams: { name: string; hash?: string; saltLength?: number };
  data: Uint8Array;
  signature: Uint8Array;
}
"#;

/// Raises a JS `Error` carrying a stable `code`.
fn error(code: &str, message: &str) -> JsValue {
    let err = js::Error::new(message);
    let _ = js::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
    err.into()
}

/// Results cross the boundary as JSON text parsed by the engine: one call instead of one per
/// property, in the shape the CLI prints (the crate's writer; compared with serde's in tests).
fn report_js(report: &Report) -> Result<JsValue, JsValue> {
    js::json_parse(&report.to_json())
}

fn today_utc() -> jiff::civil::Date {
    let now = js::Date::now();
    // The engine's calendar fields of the current time: small whole numbers.
    let field = |v: u32| i8::try_from(v).unwrap_or(1);
    jiff::civil::Date::new(
        i16::try_from(now.utc_year()).unwrap_or(1970),
        field(now.utc_month0() + 1),
        field(now.utc_day()),
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
    #[wasm_bindgen(method, getter, structural, catch, js_name = fobRequiredFor)]
    fn fob_required_for(this: &OptionsBag) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch)]
    fn agreement(this: &OptionsBag) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch)]
    fn limits(this: &OptionsBag) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch)]
    fn profiles(this: &OptionsBag) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch, js_name = bundledProfiles)]
    fn bundled_profiles(this: &OptionsBag) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch, js_name = statusList)]
    fn status_list(this: &OptionsBag) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch)]
    fn psr(this: &OptionsBag) -> Result<JsValue, JsValue>;
    #[cfg(feature = "signatures")]
    #[wasm_bindgen(method, getter, structural, catch, js_name = trustList)]
    fn trust_list(this: &OptionsBag) -> Result<JsValue, JsValue>;
    #[cfg(feature = "signatures")]
    #[wasm_bindgen(method, getter, structural, catch, js_name = trustListKey)]
    fn trust_list_key(this: &OptionsBag) -> Result<JsValue, JsValue>;
    #[cfg(feature = "signatures")]
    #[wasm_bindgen(method, getter, structural, catch, js_name = trustListLastSeen)]
    fn trust_list_last_seen(this: &OptionsBag) -> Result<JsValue, JsValue>;

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

/// A member's value, `None` when absent (undefined or null); `path` as the settings name it.
fn member(read: Result<JsValue, JsValue>, path: &str) -> Result<Option<JsValue>, JsValue> {
    match read {
        Ok(v) if v.is_undefined() || v.is_null() => Ok(None),
        Ok(v) => Ok(Some(v)),
        Err(_) => Err(error(
            SettingError::CODE,
            &format!("reading options.{path} threw"),
        )),
    }
}

/// Sets the option at `path` (`asOf`, `limits.maxBytes`) from what the getter read, through the
/// settings the CLI uses too. Counts 1 when the member is there at all (`null` included), for
/// [`refuse_unknown`].
fn apply(
    options: &mut Options,
    path: &str,
    read: Result<JsValue, JsValue>,
) -> Result<u32, JsValue> {
    let there = u32::from(read.as_ref().is_ok_and(|v| !v.is_undefined()));
    let Some(value) = member(read, path)? else {
        return Ok(there);
    };
    let Some(setting) = Setting::by_js(path) else {
        return Err(error("internal.setting", path));
    };
    let text = value.as_string();
    let typed = match &text {
        Some(t) => SettingValue::Text(t),
        None => value
            .as_f64()
            .map_or(SettingValue::Other, SettingValue::Number),
    };
    setting
        .apply(options, typed)
        .map_err(|e| error(SettingError::CODE, &e.message(&format!("options.{path}"))))?;
    Ok(there)
}

/// Which options object is read: `validate`'s, `createValidator`'s, or a built validator's call.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Bag {
    Validate,
    Config,
    Call,
}

impl Bag {
    /// The TypeScript interface that lists the bag's members, for messages.
    fn interface(self) -> &'static str {
        match self {
            Bag::Validate => "ValidateOptions",
            Bag::Config => "ValidatorConfig",
            Bag::Call => "CallOptions",
        }
    }
}

/// Whether `name` is an option of `bag` inside `within` (`""` or `"limits."`), without building a
/// path: this runs for every member of every options object passed.
fn is_option(bag: Bag, within: &str, name: &str) -> bool {
    if !within.is_empty() {
        return bag != Bag::Call
            && SETTINGS
                .iter()
                .any(|s| s.js.strip_prefix(within) == Some(name));
    }
    let setting = || SETTINGS.iter().any(|s| !s.js.contains('.') && s.js == name);
    match bag {
        Bag::Call => name == "asOf",
        Bag::Validate => name == "limits" || setting(),
        Bag::Config => {
            matches!(name, "limits" | "profiles" | "bundledProfiles")
                || (cfg!(feature = "signatures")
                    && matches!(name, "trustList" | "trustListKey" | "trustListLastSeen"))
                || (name != "asOf" && setting())
        }
    }
}

/// Refuses an own member whose name is not an option: `{ asof: … }` would otherwise be ignored and
/// the certificate judged by today's clock without a word. `seen` is how many options the getters
/// found: when the object has that many own members, they are those, and no name is converted to
/// Rust (a string conversion per member, on every call, costs a small certificate's validation a
/// few per cent). The one case this lets through is an option inherited from a prototype beside an
/// own member that is not one.
fn refuse_unknown(object: &JsValue, bag: Bag, within: &str, seen: u32) -> Result<(), JsValue> {
    let keys = js::Object::keys(object).map_err(|_| {
        let path = within.trim_end_matches('.');
        let name = if path.is_empty() {
            "options".to_owned()
        } else {
            format!("options.{path}")
        };
        error(
            SettingError::CODE,
            &format!("the members of {name} cannot be read"),
        )
    })?;
    if keys.length() == seen {
        return Ok(());
    }
    for key in keys.iter() {
        let name = key.as_string().unwrap_or_default();
        if !is_option(bag, within, &name) {
            return Err(unknown_option(bag, within, &name));
        }
    }
    Ok(())
}

#[cold]
#[inline(never)]
fn unknown_option(bag: Bag, within: &str, name: &str) -> JsValue {
    let hint = match (bag, name) {
        (
            Bag::Call,
            "limits" | "agreement" | "timorLesteAtigaFrom" | "fobRequiredFor" | "profiles",
        ) => ": a built validator takes it once, in createValidator's config",
        (Bag::Config, "asOf") => {
            ": the clock is given with each call, validator.validate(input, { asOf })"
        }
        _ => "",
    };
    error(
        SettingError::CODE,
        &format!(
            "options.{within}{name} is not an option ({} lists them){hint}",
            bag.interface()
        ),
    )
}

/// Reads the JS options object into [`Options`].
fn options_from(js: &JsValue) -> Result<Options, JsValue> {
    Ok(read_bag(js, Bag::Validate)?.0)
}

/// What a config brings besides the options, as given.
#[derive(Default)]
struct Given {
    profiles: Option<JsValue>,
    bundled: bool,
    status_list: Option<JsValue>,
    psr: Option<JsValue>,
    /// The trust list, the operator's key (PEM) and the last version seen.
    #[cfg(feature = "signatures")]
    trust: (Option<JsValue>, Option<JsValue>, Option<JsValue>),
}

/// Reads an options object of `bag`: the options, and for a config its data members as given.
fn read_bag(js: &JsValue, bag: Bag) -> Result<(Options, Given), JsValue> {
    if js.is_undefined() || js.is_null() {
        let clock = if bag == Bag::Config {
            jiff::civil::Date::MIN
        } else {
            today_utc()
        };
        let data = Given {
            bundled: true,
            ..Given::default()
        };
        return Ok((Options::new(clock), data));
    }
    if !js.is_object() {
        return Err(error(SettingError::CODE, "options must be an object"));
    }
    let bag_js = OptionsBag::unchecked_from_js_ref(js);
    let mut seen = 0;
    // The engine's clock is read only when the caller gives none: a portal passes its own, and
    // reading the time costs a small certificate's validation a few per cent. A config has none.
    let mut options = Options::new(jiff::civil::Date::MIN);
    if bag != Bag::Config {
        let as_of = bag_js.as_of();
        let given = as_of
            .as_ref()
            .is_ok_and(|v| !v.is_undefined() && !v.is_null());
        if !given {
            options.as_of = today_utc();
        }
        seen += apply(&mut options, "asOf", as_of)?;
    }
    let mut data = Given {
        bundled: true,
        ..Given::default()
    };
    if bag != Bag::Call {
        seen += apply(&mut options, "agreement", bag_js.agreement())?;
        seen += apply(
            &mut options,
            "timorLesteAtigaFrom",
            bag_js.timor_leste_atiga_from(),
        )?;
        seen += apply(&mut options, "fobRequiredFor", bag_js.fob_required_for())?;
    }
    if bag == Bag::Config {
        let given = bag_js.profiles();
        seen += u32::from(given.as_ref().is_ok_and(|v| !v.is_undefined()));
        data.profiles = member(given, "profiles")?;
        let given = bag_js.bundled_profiles();
        seen += u32::from(given.as_ref().is_ok_and(|v| !v.is_undefined()));
        if let Some(b) = member(given, "bundledProfiles")? {
            data.bundled = b.as_bool().ok_or_else(|| {
                error(
                    SettingError::CODE,
                    "options.bundledProfiles must be true or false",
                )
            })?;
        }
        let given = bag_js.status_list();
        seen += u32::from(given.as_ref().is_ok_and(|v| !v.is_undefined()));
        data.status_list = member(given, "statusList")?;
        let given = bag_js.psr();
        seen += u32::from(given.as_ref().is_ok_and(|v| !v.is_undefined()));
        data.psr = member(given, "psr")?;
        #[cfg(feature = "signatures")]
        {
            let mut read = |given: Result<JsValue, JsValue>, name: &str| {
                seen += u32::from(given.as_ref().is_ok_and(|v| !v.is_undefined()));
                member(given, name)
            };
            data.trust = (
                read(bag_js.trust_list(), "trustList")?,
                read(bag_js.trust_list_key(), "trustListKey")?,
                read(bag_js.trust_list_last_seen(), "trustListLastSeen")?,
            );
        }
    }
    let limits = if bag == Bag::Call {
        Ok(JsValue::UNDEFINED)
    } else {
        bag_js.limits()
    };
    seen += u32::from(limits.as_ref().is_ok_and(|v| !v.is_undefined()));
    refuse_unknown(js, bag, "", seen)?;
    if let Some(limits) = member(limits, "limits")? {
        if !limits.is_object() {
            return Err(error(
                SettingError::CODE,
                "options.limits must be an object",
            ));
        }
        let bag_js = LimitsBag::unchecked_from_js_ref(&limits);
        let o = &mut options;
        let mut seen = apply(o, "limits.maxBytes", bag_js.max_bytes())?;
        seen += apply(o, "limits.maxDepth", bag_js.max_depth())?;
        seen += apply(o, "limits.maxAttributes", bag_js.max_attributes())?;
        seen += apply(o, "limits.maxNamespaces", bag_js.max_namespaces())?;
        seen += apply(o, "limits.maxItems", bag_js.max_items())?;
        seen += apply(o, "limits.maxNodes", bag_js.max_nodes())?;
        seen += apply(o, "limits.maxFindings", bag_js.max_findings())?;
        refuse_unknown(&limits, bag, "limits.", seen)?;
    }
    Ok((options, data))
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

/// What judges an input: the free functions with one call's options and the bundled profiles, or
/// a validator built once with this call's clock.
enum Engine<'a> {
    Free(&'a Options, &'a Data),
    Built(&'a Validator, jiff::civil::Date),
}

impl Engine<'_> {
    fn max_bytes(&self) -> usize {
        match self {
            Engine::Free(o, _) => o.limits.max_bytes,
            Engine::Built(v, _) => v.max_bytes(),
        }
    }

    fn validate(&self, bytes: &[u8]) -> Report {
        match self {
            Engine::Free(o, data) => pipeline::validate_with(bytes, o, data),
            Engine::Built(v, as_of) => v.validate(bytes, *as_of),
        }
    }

    fn oversized(&self, len: usize, head: &[u8]) -> Report {
        match self {
            Engine::Free(o, d) => pipeline::validate_oversized(len, head, o, d),
            Engine::Built(v, as_of) => v.validate_oversized(len, head, *as_of),
        }
    }

    fn unreadable(&self, detail: &str) -> Report {
        match self {
            Engine::Free(o, d) => pipeline::validate_unreadable_object(detail, o, &d.texts),
            Engine::Built(v, as_of) => v.validate_unreadable_object(detail, *as_of),
        }
    }
}

/// How much of an input too large to copy is looked at to tell XML from JSON: past a byte order
/// mark and some white space.
const HEAD: u32 = 256;

/// Text is measured before it is copied in: its UTF-8 form has at least as many bytes as the string
/// has UTF-16 units, so a string longer than the limit is refused without a copy.
fn validate_text(js: &JsString, engine: &Engine<'_>) -> Report {
    let units = to_usize(js.length());
    if units > engine.max_bytes() {
        let head = js.slice(0, HEAD).as_string().unwrap_or_default();
        return engine.oversized(units, head.as_bytes());
    }
    engine.validate(&utf8_of(js, units))
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
    let (read, written) = (to_usize(first.read()), to_usize(first.written()));
    if read < units {
        let rest = js.slice(to_u32(read), to_u32(units));
        bytes.resize(written + (units - read).saturating_mul(3), 0);
        let more = encoder.encode_into(&rest, &mut bytes[written..]);
        bytes.truncate(written + to_usize(more.written()));
    } else {
        bytes.truncate(written);
    }
    bytes
}

/// Bytes are measured before they are copied in. An empty view is not copied at all: one over a
/// detached buffer has length 0, and copying from it would throw.
fn validate_bytes(bytes: &Uint8Array, engine: &Engine<'_>) -> Report {
    match to_usize(bytes.length()) {
        0 => engine.validate(&[]),
        n if n > engine.max_bytes() => {
            let head = bytes.subarray(0, HEAD).to_vec();
            engine.oversized(n, &head)
        }
        _ => engine.validate(&bytes.to_vec()),
    }
}

/// The package's data file (code lists, profiles, PSR tables), read once: each entry loads it
/// beside the module and hands it to the free functions and to `createValidator`.
#[wasm_bindgen(js_name = Data)]
pub struct DataJs {
    inner: Data,
}

/// Reads the data file's bytes; one that cannot be read throws an `Error` whose `code` says why
/// (`data.format`, `data.version`, …).
#[wasm_bindgen(js_name = loadData)]
pub fn load_data_js(bytes: &[u8]) -> Result<DataJs, JsValue> {
    Data::from_pack(bytes, "eco_validator_data.bin")
        .map(|inner| DataJs { inner })
        .map_err(|e| load_error(&e))
}

#[cfg(feature = "bundled")]
impl DataJs {
    /// The data compiled into the build, for the harnesses that run the module without its file.
    pub fn bundled() -> DataJs {
        DataJs {
            inner: Data::bundled().clone(),
        }
    }
}

/// Validates one certificate against the data and returns its report (the CLI's JSON report
/// without `file`).
#[wasm_bindgen(js_name = validate, unchecked_return_type = "Report")]
pub fn validate_js(
    data: &DataJs,
    #[wasm_bindgen(unchecked_param_type = "Input")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let options = options_from(&options)?;
    report_js(&judge(&input, &Engine::Free(&options, &data.inner))?)
}

/// Reads the input as text, bytes or a plain object and has the engine judge it.
fn judge(input: &JsValue, engine: &Engine<'_>) -> Result<Report, JsValue> {
    Ok(if let Some(js) = input.dyn_ref::<JsString>() {
        validate_text(js, engine)
    } else if input.is_instance_of::<Uint8Array>() {
        validate_bytes(Uint8Array::unchecked_from_js_ref(input), engine)
    } else if input.is_instance_of::<ArrayBuffer>() {
        // A detached buffer has no bytes, and viewing it would throw: it is an empty input.
        if ArrayBuffer::unchecked_from_js_ref(input).byte_length() == 0 {
            engine.validate(&[])
        } else {
            validate_bytes(&Uint8Array::new(input), engine)
        }
    } else if is_plain_object(input) {
        match js::json_stringify(input) {
            Ok(text) => match text.dyn_ref::<JsString>() {
                Some(text) => validate_text(text, engine),
                None => engine.unreadable("the object has no JSON text"),
            },
            Err(e) => {
                let detail = js::get(&e, &JsValue::from_str("message"))
                    .ok()
                    .and_then(|m| m.as_string())
                    .unwrap_or_else(|| "the object cannot be written as JSON".into());
                engine.unreadable(&detail)
            }
        }
    } else {
        return Err(wrong_input(input));
    })
}

/// A validator built once from the caller's profiles, limits and policy (`createValidator`);
/// each call brings only its input and clock.
#[wasm_bindgen(js_name = Validator)]
pub struct ValidatorJs {
    inner: Validator,
}

/// Builds a validator; a profile that cannot be loaded throws an `Error` whose `code` says why
/// (`profile.json`, `profile.value`, …), with `source` and `path` naming where.
///
/// `answers` (the verify build without RustCrypto): the runtime's WebCrypto answers to
/// `trustListQuestions(data, config)`, 33 bytes each: the question's `id`, then 1 (verifies) or
/// 0; other builds ignore it.
#[wasm_bindgen(js_name = createValidator)]
pub fn create_validator_js(
    data: &DataJs,
    #[wasm_bindgen(unchecked_param_type = "ValidatorConfig | undefined")] config: JsValue,
    answers: Option<Vec<u8>>,
) -> Result<ValidatorJs, JsValue> {
    let (options, given) = read_bag(&config, Bag::Config)?;
    let texts = json_texts(given.profiles.as_ref(), "profiles")?;
    let tables = json_texts(given.psr.as_ref(), "psr")?;
    let mut builder = Validator::builder_with(&data.inner).options(options);
    if !given.bundled {
        builder = builder.without_bundled_profiles();
    }
    let status = match &given.status_list {
        Some(list) => Some(json_text(list, "statusList")?),
        None => None,
    };
    let inner = builder
        .profiles(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .and_then(|b| match &status {
            Some(text) => b.status_list("statusList", text),
            None => Ok(b),
        })
        .and_then(|b| {
            tables
                .iter()
                .try_fold(b, |b, (name, text)| b.psr_table(name, text))
        })
        .map_err(|e| load_error(&e))?;
    #[cfg(feature = "signatures")]
    let builder = match trust_config(&given)? {
        None => inner,
        Some(trust) => {
            #[cfg(feature = "rustcrypto")]
            let arithmetic = {
                let _ = answers;
                crate::crypto::Native
            };
            #[cfg(not(feature = "rustcrypto"))]
            let arithmetic = {
                // The answers to `trustListQuestions`, each its question's id and 1 or 0; a
                // check without one counts as not verifying.
                let known = answers
                    .unwrap_or_default()
                    .chunks_exact(33)
                    .filter_map(|record| {
                        let id: [u8; 32] = record[..32].try_into().ok()?;
                        Some((id, record[32] == 1))
                    })
                    .collect();
                crate::crypto::Asking::new(known, true)
            };
            inner
                .trust_list_with(
                    "trustList",
                    &trust.text,
                    trust.key.as_ref(),
                    trust.last_seen,
                    &arithmetic,
                )
                .map_err(|e| load_error(&e))?
        }
    };
    #[cfg(not(feature = "signatures"))]
    let builder = {
        let _ = answers;
        inner
    };
    let inner = builder.build().map_err(|e| load_error(&e))?;
    Ok(ValidatorJs { inner })
}

/// The config's trust list: its text, the operator key it is checked with (`trustListKey`, a PEM
/// public key or certificate) and `trustListLastSeen`, the last version seen.
#[cfg(feature = "signatures")]
struct TrustConfig {
    text: String,
    key: Option<crate::crypto::PublicKey>,
    last_seen: Option<u32>,
}

#[cfg(feature = "signatures")]
impl TrustConfig {
    /// The signature checks loading the list needs the runtime for (its envelope's).
    #[cfg(not(feature = "rustcrypto"))]
    fn questions(&self, data: &DataJs) -> Result<Vec<crate::crypto::Question>, JsValue> {
        let asking = crate::crypto::Asking::new(Vec::new(), false);
        crate::trust::TrustList::load(
            &self.text,
            "trustList",
            self.key.as_ref(),
            self.last_seen,
            &data.inner.codes,
            &asking,
        )
        .map_err(|e| load_error(&e))?;
        Ok(asking.into_parts().0)
    }
}

/// The signature checks `createValidator(data, config, answers)` needs answered first: those of
/// the trust list's envelope, as WebCrypto's calls take them (none without a list or a key).
#[cfg(all(feature = "signatures", not(feature = "rustcrypto")))]
#[wasm_bindgen(js_name = trustListQuestions, unchecked_return_type = "WebCryptoCheck[]")]
pub fn trust_list_questions(
    data: &DataJs,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidatorConfig")] config: JsValue,
) -> Result<js::Array, JsValue> {
    let (_, given) = read_bag(&config, Bag::Config)?;
    let out = js::Array::new();
    if let Some(trust) = trust_config(&given)? {
        for q in trust.questions(data)? {
            out.push(&web_crypto_check(&q)?);
        }
    }
    Ok(out)
}

#[cfg(feature = "signatures")]
fn trust_config(given: &Given) -> Result<Option<TrustConfig>, JsValue> {
    let (list, key, last_seen) = &given.trust;
    let Some(list) = list else {
        if key.is_some() {
            return Err(error(
                SettingError::CODE,
                "options.trustListKey goes with options.trustList",
            ));
        }
        return Ok(None);
    };
    let text = json_text(list, "trustList")?;
    let key = match key {
        None => None,
        Some(k) => {
            let pem = k.as_string().ok_or_else(|| {
                error(
                    SettingError::CODE,
                    "options.trustListKey must be PEM text (a public key or a certificate)",
                )
            })?;
            Some(
                pipeline::public_key_from_pem(&pem)
                    .map_err(|e| error(e.code, &format!("options.trustListKey: {}", e.reason)))?,
            )
        }
    };
    let last_seen = match last_seen {
        None => None,
        // The engine writes the number (no float formatting in the module); a whole number in
        // range reads back as one.
        Some(v) => Some(
            v.as_f64()
                .and_then(|_| js::text_of(v).parse::<u32>().ok())
                .ok_or_else(|| {
                    error(
                        SettingError::CODE,
                        "options.trustListLastSeen must be a whole number",
                    )
                })?,
        ),
    };
    Ok(Some(TrustConfig {
        text,
        key,
        last_seen,
    }))
}

#[cfg(feature = "signatures")]
impl ValidatorJs {
    /// The bytes of a signed document given as text, a `Uint8Array` or an `ArrayBuffer`; `None`
    /// when larger than the size limit (not copied in).
    fn signed_input(&self, input: &JsValue) -> Result<Option<Vec<u8>>, JsValue> {
        let max = self.inner.max_bytes();
        Ok(if let Some(js) = input.dyn_ref::<JsString>() {
            let units = to_usize(js.length());
            (units <= max).then(|| utf8_of(js, units))
        } else if let Some(view) = input.dyn_ref::<Uint8Array>() {
            (to_usize(view.length()) <= max).then(|| view.to_vec())
        } else if let Some(buffer) = input.dyn_ref::<ArrayBuffer>() {
            let view = Uint8Array::new(buffer);
            (to_usize(view.length()) <= max).then(|| view.to_vec())
        } else {
            return Err(wrong_input(input));
        })
    }

    fn oversized_signed(&self) -> crate::verification::Verification {
        crate::verification::Verification::refused(
            "dsig.limit",
            "the document is larger than the size limit",
            self.inner.trust(),
        )
    }
}

/// A verification waiting for the runtime's signature checks: its questions, then its verdict.
#[cfg(feature = "signatures")]
#[wasm_bindgen(js_name = Verifying)]
pub struct VerifyingJs {
    step: Option<crate::verification::VerifyStep>,
}

#[cfg(feature = "signatures")]
#[wasm_bindgen(js_class = Verifying)]
impl VerifyingJs {
    /// Whether the verdict is reached.
    pub fn done(&self) -> bool {
        matches!(self.step, Some(crate::verification::VerifyStep::Done(_)))
    }

    /// The checks to make, each `{ id, keyId, spki, importParams, verifyParams, data, signature }`:
    /// what `crypto.subtle.importKey("spki", …)` and `crypto.subtle.verify(…)` take, as they are,
    /// and what names the imported key (the same key imported the same way has the same `keyId`).
    #[wasm_bindgen(unchecked_return_type = "WebCryptoCheck[]")]
    pub fn questions(&self) -> Result<js::Array, JsValue> {
        let out = js::Array::new();
        if let Some(crate::verification::VerifyStep::Ask(p)) = &self.step {
            for q in p.questions() {
                out.push(&web_crypto_check(q)?);
            }
        }
        Ok(out)
    }

    /// The verdict, once done.
    #[wasm_bindgen(unchecked_return_type = "Verification")]
    pub fn verdict(&self) -> Result<JsValue, JsValue> {
        match &self.step {
            Some(crate::verification::VerifyStep::Done(v)) => js::json_parse(&v.to_json()),
            _ => Err(error(
                "verify.pending",
                "the verification still waits for the answers to its questions",
            )),
        }
    }
}

/// A question as WebCrypto's calls take it.
#[cfg(feature = "signatures")]
fn web_crypto_check(q: &crate::crypto::Question) -> Result<JsValue, JsValue> {
    use crate::crypto::{Hash, Scheme};
    let object = |pairs: &[(&str, JsValue)]| -> Result<JsValue, JsValue> {
        let o = js::Object::new();
        for (k, v) in pairs {
            js::set(&o, &JsValue::from_str(k), v)?;
        }
        Ok(o.into())
    };
    let hash = |h: Hash| {
        JsValue::from_str(match h {
            Hash::Sha256 => "SHA-256",
            Hash::Sha384 => "SHA-384",
            Hash::Sha512 => "SHA-512",
        })
    };
    let name = |n: &str| ("name", JsValue::from_str(n));
    let (import, verify) = match q.scheme {
        Scheme::RsaPkcs1(h) => (
            object(&[name("RSASSA-PKCS1-v1_5"), ("hash", hash(h))])?,
            object(&[name("RSASSA-PKCS1-v1_5")])?,
        ),
        Scheme::RsaPss(h) => (
            object(&[name("RSA-PSS"), ("hash", hash(h))])?,
            object(&[
                name("RSA-PSS"),
                ("saltLength", JsValue::from(to_u32(h.output_len()))),
            ])?,
        ),
        Scheme::Ecdsa(h) => (
            object(&[
                name("ECDSA"),
                (
                    "namedCurve",
                    JsValue::from_str(if q.p384 { "P-384" } else { "P-256" }),
                ),
            ])?,
            object(&[name("ECDSA"), ("hash", hash(h))])?,
        ),
    };
    object(&[
        ("id", Uint8Array::copied(&q.id[..]).into()),
        ("keyId", JsValue::from_str(&crate::crypto::hex(&q.key_id()))),
        ("spki", Uint8Array::copied(q.spki.as_slice()).into()),
        ("importParams", import),
        ("verifyParams", verify),
        ("data", Uint8Array::copied(q.message.as_slice()).into()),
        (
            "signature",
            Uint8Array::copied(q.signature.as_slice()).into(),
        ),
    ])
}

#[wasm_bindgen(js_class = Validator)]
impl ValidatorJs {
    /// Validates one certificate at the call's clock.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn validate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Input")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options = read_bag(&options, Bag::Call)?.0;
        report_js(&judge(&input, &Engine::Built(&self.inner, options.as_of))?)
    }

    /// Verifies a signed e-Form D (XML text, a `Uint8Array` or an `ArrayBuffer`) against the
    /// validator's trust list at the call's clock, then validates what was signed: the stages,
    /// the trust list used, the signed digest and — only when verified — the report.
    #[cfg(feature = "rustcrypto")]
    #[wasm_bindgen(unchecked_return_type = "Verification")]
    pub fn verify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let as_of = read_bag(&options, Bag::Call)?.0.as_of;
        let verdict = match self.signed_input(&input)? {
            Some(b) => self.inner.verify(&b, as_of),
            None => self.oversized_signed(),
        };
        js::json_parse(&verdict.to_json())
    }

    /// The first step of a verification whose signature arithmetic the runtime's WebCrypto does
    /// (the verify build's `verify` in the package drives it): every stage runs, the checks met are asked.
    #[cfg(feature = "signatures")]
    #[wasm_bindgen(js_name = verifyBegin)]
    pub fn verify_begin(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Result<VerifyingJs, JsValue> {
        let as_of = read_bag(&options, Bag::Call)?.0.as_of;
        let step = match self.signed_input(&input)? {
            Some(b) => self.inner.verify_asking(&b, as_of),
            None => crate::verification::VerifyStep::Done(Box::new(self.oversized_signed())),
        };
        Ok(VerifyingJs { step: Some(step) })
    }

    /// Hands the runtime's answers (1: the signature verifies, 0: it does not, one byte per
    /// question in order) to a verification, which is then done or asks again.
    #[cfg(feature = "signatures")]
    #[wasm_bindgen(js_name = verifyAnswer)]
    pub fn verify_answer(&self, pending: &mut VerifyingJs, answers: &[u8]) -> Result<(), JsValue> {
        use crate::verification::VerifyStep;
        pending.step = match pending.step.take() {
            Some(VerifyStep::Ask(p)) => {
                let answers: Vec<bool> = answers.iter().map(|a| *a == 1).collect();
                Some(p.answer(&self.inner, &answers))
            }
            done => done,
        };
        Ok(())
    }

    /// Assesses an exporter's worksheet (JSON text or an object in its shape, see the package's
    /// `schema/eco-worksheet-1.schema.json`, or bill-of-materials CSV text) at the call's clock;
    /// a worksheet that cannot be read or assessed throws an `Error` with its `code` and `path`.
    #[cfg(feature = "origin")]
    #[wasm_bindgen(js_name = assessOrigin, unchecked_return_type = "Assessment")]
    pub fn assess_origin(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | object")] worksheet: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (text, as_of) = worksheet_call(&worksheet, &options)?;
        let assessment = self
            .inner
            .assess_origin(&text, "worksheet", as_of)
            .map_err(|e| load_error(&e))?;
        let mut json = String::with_capacity(4096);
        assessment.write_json(&mut json);
        js::json_parse(&json)
    }

    /// The same worksheet under every agreement the validator has a profile for, side by side:
    /// a row `{ agreement, assessment, error }` each, `error` (`{ code, message }`) null where the
    /// good was assessed and `assessment` null where no rule is known for it under that agreement.
    #[cfg(feature = "origin")]
    #[wasm_bindgen(js_name = compareOrigin, unchecked_return_type = "ComparedOrigin[]")]
    pub fn compare_origin(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | object")] worksheet: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (text, as_of) = worksheet_call(&worksheet, &options)?;
        let rows = self
            .inner
            .compare_origin(&text, "worksheet", as_of)
            .map_err(|e| load_error(&e))?;
        js::json_parse(&pipeline::compared_json(&rows))
    }

    /// The agreement codes the validator has profiles for, in load order.
    pub fn agreements(&self) -> Vec<String> {
        self.inner.agreements().map(str::to_owned).collect()
    }
}

/// An origin call's worksheet as text and its clock.
#[cfg(feature = "origin")]
fn worksheet_call(
    worksheet: &JsValue,
    options: &JsValue,
) -> Result<(String, jiff::civil::Date), JsValue> {
    let as_of = read_bag(options, Bag::Call)?.0.as_of;
    Ok((json_text(worksheet, "worksheet")?, as_of))
}

/// An array of data inputs as JSON texts, each named `{what}[i]` for errors.
fn json_texts(list: Option<&JsValue>, what: &str) -> Result<Vec<(String, String)>, JsValue> {
    let Some(list) = list else {
        return Ok(Vec::new());
    };
    if !js::Array::is_array(list).unwrap_or(false) {
        return Err(error(
            SettingError::CODE,
            &format!("options.{what} must be an array of JSON texts or objects"),
        ));
    }
    let unreadable = |_| {
        error(
            SettingError::CODE,
            &format!("options.{what} cannot be read"),
        )
    };
    let mut out = Vec::new();
    for (i, entry) in js::entries(list).map_err(unreadable)?.enumerate() {
        let name = format!("{what}[{i}]");
        let text = json_text(&entry.map_err(unreadable)?, &name)?;
        out.push((name, text));
    }
    Ok(out)
}

/// A data input as JSON text: a string as it is, a plain object through `JSON.stringify`.
fn json_text(value: &JsValue, name: &str) -> Result<String, JsValue> {
    if let Some(js) = value.dyn_ref::<JsString>() {
        // The engine's encoder, not the glue's character loop (a tenth of an assessment); its
        // output is UTF-8, which the check below only confirms.
        let bytes = utf8_of(js, to_usize(js.length()));
        return String::from_utf8(bytes)
            .map_err(|_| error(SettingError::CODE, &format!("options.{name} is not text")));
    }
    if is_plain_object(value) {
        return js::json_stringify(value)
            .ok()
            .and_then(|t| t.as_string())
            .ok_or_else(|| {
                error(
                    SettingError::CODE,
                    &format!("options.{name} cannot be written as JSON"),
                )
            });
    }
    Err(error(
        SettingError::CODE,
        &format!("options.{name} must be JSON text or a plain object"),
    ))
}

/// A load error as a JS `Error` with its `code`, `source` and `path`.
#[cold]
#[inline(never)]
fn load_error(e: &LoadError) -> JsValue {
    let err = error(e.code, &e.to_string());
    let _ = js::set(
        &err,
        &JsValue::from_str("source"),
        &JsValue::from_str(&e.source),
    );
    let _ = js::set(
        &err,
        &JsValue::from_str("path"),
        &JsValue::from_str(&e.path),
    );
    err
}

/// An object literal or `JSON.parse` result: its prototype is a realm's `Object.prototype` (whose
/// own prototype is null) or null. A `Blob`, `File`, `Response`, `Promise`, `Map`, `Date` or DOM
/// node is not: through `JSON.stringify` it would become `{}` (or a date string), and its report
/// would speak of a document nobody sent.
/// Every step is one that reports a throw (a revoked `Proxy` throws even on `Array.isArray`), so a
/// hostile object is answered with `input.type`, never by an exception unwinding through the module.
fn is_plain_object(input: &JsValue) -> bool {
    if !input.is_object()
        || js::Array::is_array(input).unwrap_or(true)
        || ArrayBuffer::is_view(input)
    {
        return false;
    }
    let Ok(proto) = js::prototype_of(input) else {
        return false;
    };
    proto.is_null() || js::prototype_of(&proto).is_ok_and(|p| p.is_null())
}

/// The `input.type` error, naming what was passed and what to do with it.
#[cold]
#[inline(never)]
fn wrong_input(input: &JsValue) -> JsValue {
    // Read through Reflect, which reports a throw (a Proxy, a getter) instead of trapping, and may
    // find no constructor at all (an object over a null-prototype chain).
    let get = |from: &JsValue, key: &str| js::get(from, &JsValue::from_str(key)).ok();
    let class = (input.is_object())
        .then(|| get(input, "constructor"))
        .flatten()
        .and_then(|c| get(&c, "name"))
        .and_then(|n| n.as_string())
        .filter(|n| !n.is_empty());
    let hint = match class.as_deref() {
        Some("Blob" | "File") => " (read it first: validate(await file.arrayBuffer()))",
        Some("Response" | "Request") => {
            " (read the body first: validate(await response.arrayBuffer()))"
        }
        Some("Promise") => " (await it first)",
        _ => "",
    };
    let what = class.unwrap_or_else(|| input.js_typeof().as_string().unwrap_or_default());
    error(
        "input.type",
        &format!(
            "input must be XML or JSON text, a Uint8Array or ArrayBuffer, or a plain object in the JSON binding's shape; got {what}{hint}"
        ),
    )
}

/// The rule catalogue, its texts from the data.
#[wasm_bindgen(js_name = rules, unchecked_return_type = "Catalogue")]
pub fn rules_js(data: &DataJs) -> Result<JsValue, JsValue> {
    js::json_parse(&pipeline::rules().to_json_with(&data.inner.texts))
}

/// The validator's version.
#[wasm_bindgen(js_name = version)]
pub fn version_js() -> String {
    pipeline::VERSION.to_string()
}

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
