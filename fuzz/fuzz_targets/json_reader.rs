//! The JSON reader on arbitrary text, under the default and under tight limits.
#![no_main]

use eco_validator::__private::read;
use eco_validator::{Limits, Syntax};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = read(Syntax::Json, text, &Limits::default());
    let mut tight = Limits::default();
    tight.max_depth = 3;
    tight.max_items = 1;
    tight.max_nodes = 16;
    let _ = read(Syntax::Json, text, &tight);
});
