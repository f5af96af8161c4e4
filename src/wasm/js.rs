//! The few JavaScript built-ins the surface calls, declared here rather than taken from js-sys:
//! linking js-sys brings the invocation shims of every closure signature its bindings declare and
//! its futures support into the module (~5 KB before compression) whether they are called or not.
//! Every call that can throw on a hostile value (a revoked `Proxy`, a throwing getter) is `catch`,
//! so the throw comes back as an `Err` instead of unwinding through the module.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A JS string.
    #[wasm_bindgen(is_type_of = JsValue::is_string, typescript_type = "string")]
    pub type JsString;
    /// Its length in UTF-16 code units.
    #[wasm_bindgen(method, getter, structural)]
    pub fn length(this: &JsString) -> u32;
    /// The code units from `start` to `end`.
    #[wasm_bindgen(method, structural)]
    pub fn slice(this: &JsString, start: u32, end: u32) -> JsString;

    /// A byte view.
    #[wasm_bindgen(typescript_type = "Uint8Array")]
    pub type Uint8Array;
    /// A view of the whole of an `ArrayBuffer`.
    #[wasm_bindgen(constructor)]
    pub fn new(buffer: &JsValue) -> Uint8Array;
    /// A new array holding a copy of the bytes (a view of wasm memory, copied by the constructor).
    #[wasm_bindgen(constructor)]
    pub fn copied(bytes: &[u8]) -> Uint8Array;
    /// Its length in bytes.
    #[wasm_bindgen(method, getter, structural)]
    pub fn length(this: &Uint8Array) -> u32;
    /// The view of bytes `start` to `end`, without a copy.
    #[wasm_bindgen(method, structural)]
    pub fn subarray(this: &Uint8Array, start: u32, end: u32) -> Uint8Array;
    /// `Uint8Array.prototype.set.call(destination, source)`: copies `source` into the view of wasm
    /// memory that `destination` arrives as.
    #[wasm_bindgen(js_namespace = ["Uint8Array", "prototype", "set"], js_name = call)]
    fn set_into(destination: &mut [u8], source: &Uint8Array);

    /// A byte buffer.
    #[wasm_bindgen(typescript_type = "ArrayBuffer")]
    pub type ArrayBuffer;
    /// Its length in bytes (0 once detached).
    #[wasm_bindgen(method, getter, structural, js_name = byteLength)]
    pub fn byte_length(this: &ArrayBuffer) -> u32;
    /// `ArrayBuffer.isView`: a typed array or `DataView`.
    #[wasm_bindgen(static_method_of = ArrayBuffer, js_name = isView)]
    pub fn is_view(value: &JsValue) -> bool;

    /// An array.
    #[wasm_bindgen(typescript_type = "Array<any>")]
    pub type Array;
    /// An empty array.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Array;
    /// Its length.
    #[wasm_bindgen(method, getter, structural)]
    pub fn length(this: &Array) -> u32;
    /// Appends one value.
    #[wasm_bindgen(method, structural)]
    pub fn push(this: &Array, value: &JsValue) -> u32;
    /// The value at `index`.
    #[wasm_bindgen(method, structural, indexing_getter)]
    pub fn get(this: &Array, index: u32) -> JsValue;
    /// `Array.isArray`, which throws on a revoked proxy.
    #[wasm_bindgen(catch, static_method_of = Array, js_name = isArray)]
    pub fn is_array(value: &JsValue) -> Result<bool, JsValue>;

    /// A plain object.
    #[wasm_bindgen(js_name = Object)]
    pub type Object;
    /// An empty object.
    #[wasm_bindgen(constructor, js_class = Object)]
    pub fn new() -> Object;
    /// `Object.keys`, which throws on a revoked proxy or a throwing `ownKeys` trap.
    #[wasm_bindgen(catch, static_method_of = Object, js_name = keys)]
    pub fn keys(value: &JsValue) -> Result<Array, JsValue>;

    /// `JSON.parse`.
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    pub fn json_parse(text: &str) -> Result<JsValue, JsValue>;
    /// `JSON.stringify`: a string, or `undefined` for a value JSON has no text for.
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = stringify)]
    pub fn json_stringify(value: &JsValue) -> Result<JsValue, JsValue>;

    /// `Reflect.get`.
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = get)]
    pub fn get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;
    /// `Reflect.set`.
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = set)]
    pub fn set(target: &JsValue, key: &JsValue, value: &JsValue) -> Result<bool, JsValue>;
    /// `Reflect.getPrototypeOf`.
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = getPrototypeOf)]
    pub fn prototype_of(target: &JsValue) -> Result<JsValue, JsValue>;

    /// `String(value)`: a number's decimal text, written by the engine.
    #[wasm_bindgen(js_name = String)]
    pub fn text_of(value: &JsValue) -> String;

    /// An `Error`.
    #[wasm_bindgen(js_name = Error)]
    pub type Error;
    /// An error with its message.
    #[wasm_bindgen(constructor, js_class = Error)]
    pub fn new(message: &str) -> Error;

    /// A point in time.
    #[wasm_bindgen(js_name = Date)]
    pub type Date;
    /// Now.
    #[wasm_bindgen(constructor, js_class = Date)]
    pub fn now() -> Date;
    /// The year in UTC.
    #[wasm_bindgen(method, js_name = getUTCFullYear)]
    pub fn utc_year(this: &Date) -> u32;
    /// The month in UTC, 0 to 11.
    #[wasm_bindgen(method, js_name = getUTCMonth)]
    pub fn utc_month0(this: &Date) -> u32;
    /// The day of the month in UTC.
    #[wasm_bindgen(method, js_name = getUTCDate)]
    pub fn utc_day(this: &Date) -> u32;
}

impl Uint8Array {
    /// A copy of the bytes in wasm memory.
    pub fn to_vec(&self) -> Vec<u8> {
        let mut out = vec![0; crate::convert::to_usize(self.length())];
        set_into(&mut out, self);
        out
    }
}

impl Array {
    /// Its values, in order. For arrays the engine made (`Object.keys`'s): a caller's array may be
    /// a `Proxy` whose traps throw, and is read with [`entries`].
    pub fn iter(&self) -> impl Iterator<Item = JsValue> + '_ {
        (0..self.length()).map(|i| self.get(i))
    }
}

/// The values of a caller's array, each read through `Reflect.get` (its length too), so a `Proxy`
/// trap or a getter that throws comes back as an `Err` rather than through the module.
pub fn entries(
    list: &JsValue,
) -> Result<impl Iterator<Item = Result<JsValue, JsValue>> + '_, JsValue> {
    let length = get(list, &JsValue::from_str("length"))?;
    let length = text_of(&length).parse::<u32>().map_err(|_| length)?;
    Ok((0..length).map(move |i| get(list, &JsValue::from(i))))
}
