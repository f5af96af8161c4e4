//! A small JSON writer for the two results the wasm package hands to JavaScript (reports and the
//! catalogue). serde's derived serialisers and serde_json's formatter cost the package about seven
//! kilobytes gzipped for two fixed shapes; these few functions write the same JSON (the tests
//! compare both writers on every fixture), and the native CLI keeps serde.

use std::fmt::Write;

/// Appends `/name` to a JSON Pointer, `~` and `/` escaped as RFC 6901 asks.
pub fn pointer_step(out: &mut String, name: &str) {
    out.push('/');
    for c in name.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Writes `s` as a JSON string: its plain runs found eight bytes at a time and copied whole,
/// as the trail of an assessment and a report's messages are kilobytes of them.
pub fn string(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    loop {
        let at = crate::bytes::json_special(bytes, start);
        // The special bytes are ASCII, so `at` is a character boundary.
        out.push_str(s.get(start..at).unwrap_or(""));
        let Some(&b) = bytes.get(at) else {
            break;
        };
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            _ => {
                let _ = write!(out, "\\u{b:04x}");
            }
        }
        start = at + 1;
    }
    out.push('"');
}

/// Writes `"key":` (after a comma unless `first`). Member names are the crate's own ASCII words,
/// never escaped, so they are copied without the scan.
pub fn key(out: &mut String, first: bool, name: &str) {
    debug_assert!(crate::bytes::json_special(name.as_bytes(), 0) == name.len());
    out.push_str(if first { "\"" } else { ",\"" });
    out.push_str(name);
    out.push_str("\":");
}

/// Writes a string or `null`.
pub fn optional(out: &mut String, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.push_str("null"),
    }
}

/// Writes a whole number or `null`.
pub fn number(out: &mut String, n: Option<u32>) {
    match n {
        Some(n) => {
            let _ = write!(out, "{n}");
        }
        None => out.push_str("null"),
    }
}

/// Writes `true` or `false`.
pub fn boolean(out: &mut String, b: bool) {
    out.push_str(if b { "true" } else { "false" });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_read_back_as_written() {
        for s in [
            "",
            "plain",
            "quote \" and \\ back",
            "line\nbreak\ttab\r",
            "\u{1}\u{1f}",
            "\u{8}\u{c}\u{b}\u{0}",
            "é 中 🙂",
            "a plain run longer than eight bytes, then \"quoted\", \\ and \u{7} and \u{7f}",
            "\"\"\"\"\"\"\"\"\"\"",
        ] {
            let mut out = String::new();
            string(&mut out, s);
            assert_eq!(serde_json::from_str::<String>(&out).unwrap(), s, "{out}");
            // Byte for byte serde's text (the worksheet fuzzer found `\f` written as `\u000c`).
            assert_eq!(out, serde_json::to_string(s).unwrap());
        }
    }
}
