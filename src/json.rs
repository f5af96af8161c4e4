//! The JSON binding: reading JSON text into the neutral tree with serde_json, and writing the model.
//!
//! serde_json runs with `arbitrary_precision`, so a JSON number keeps its text and an amount written as
//! a number (`12000.50`) is read from that text, never through `f64`. Object members and array elements
//! become the same sibling nodes XML elements do; property names go through the shared vocabulary.

use serde_json::Value;

use crate::model::Certificate;
use crate::options::Limits;
use crate::report::Raw;
use crate::rules::RuleId;
use std::borrow::Cow;

use crate::tree::{Builder, Document, JsonType, Kind, Node, Syntax};
use crate::vocab::Name;

/// Reads JSON text (already size-checked) into the tree.
pub fn read(source: &str, limits: &Limits) -> Result<Document<'static>, Raw> {
    let value: Value = serde_json::from_str(source).map_err(|e| {
        let offset = offset_of(source, e.line(), e.column());
        let detail = e.to_string();
        if detail.contains("recursion limit") {
            Raw::new(RuleId::LimitDepth, vec![])
                .at_offset(Some(offset))
                .param("limit", limits.max_depth.to_string())
        } else {
            Raw::new(RuleId::ParseMalformed, vec![])
                .at_offset(Some(offset))
                .param("syntax", "JSON")
                .param("detail", detail)
        }
    })?;
    from_value(value, limits)
}

/// Builds the tree from an already parsed JSON value (also the path plain JS objects take). The value
/// is consumed: its strings move into the tree without a copy.
pub fn from_value(value: Value, limits: &Limits) -> Result<Document<'static>, Raw> {
    let Value::Object(map) = value else {
        return Err(Raw::new(RuleId::ParseRoot, vec![])
            .param("found", "a JSON value that is not an object")
            .param("namespace", crate::vocab::NAMESPACE));
    };
    let mut tree = Builder::new(Syntax::Json, 64);
    let mut root = Node::new("", Some(Name::CertificateOfOrigin), None);
    root.kind = Kind::Container;
    tree.open(root);
    let mut items = 0u32;
    for (key, v) in map {
        if key == "$schema" {
            continue;
        }
        add_member(&mut tree, &key, v, limits, &mut items)?;
    }
    tree.close();
    Ok(tree.finish())
}

fn add_member(
    tree: &mut Builder<'static>,
    key: &str,
    value: Value,
    limits: &Limits,
    items: &mut u32,
) -> Result<(), Raw> {
    if tree.depth() as u32 >= limits.max_depth {
        return Err(
            Raw::new(RuleId::LimitDepth, vec![]).param("limit", limits.max_depth.to_string())
        );
    }
    let name = Name::from_json(key);
    match value {
        Value::Array(list) => {
            for v in list {
                build(tree, key, name, v, true, limits, items)?;
            }
        }
        v => build(tree, key, name, v, false, limits, items)?,
    }
    Ok(())
}

fn build(
    tree: &mut Builder<'static>,
    key: &str,
    name: Option<Name>,
    value: Value,
    in_array: bool,
    limits: &Limits,
    items: &mut u32,
) -> Result<(), Raw> {
    if name == Some(Name::IncludedConsignmentItem) {
        *items += 1;
        if *items > limits.max_items {
            return Err(Raw::new(RuleId::LimitItems, vec![])
                .param("count", format!("more than {}", limits.max_items))
                .param("limit", limits.max_items.to_string()));
        }
    }
    let mut node = Node::new(key, name, None);
    node.in_array = in_array;
    let mut members = None;
    match value {
        Value::Null => node.kind = Kind::Null,
        Value::Bool(b) => {
            node.text = Some(Cow::Borrowed(if b { "true" } else { "false" }));
            node.json_type = Some(JsonType::Boolean);
        }
        Value::Number(n) => {
            node.text = Some(Cow::Owned(n.to_string()));
            node.json_type = Some(JsonType::Number);
        }
        Value::String(s) => {
            // JSON strings are taken as written: " SG " is not a country code.
            node.text = Some(Cow::Owned(s));
            node.json_type = Some(JsonType::String);
        }
        Value::Array(_) => node.kind = Kind::List,
        Value::Object(map) => {
            node.kind = Kind::Container;
            members = Some(map);
        }
    }
    tree.open(node);
    if let Some(map) = members {
        for (k, v) in map {
            add_member(tree, &k, v, limits, items)?;
        }
    }
    tree.close();
    Ok(())
}

/// serde_json reports 1-based lines and columns; findings keep positions as byte offsets.
fn offset_of(source: &str, line: usize, column: usize) -> u32 {
    let mut offset = 0usize;
    for (i, l) in source.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return (offset + column.saturating_sub(1).min(l.len())) as u32;
        }
        offset += l.len();
    }
    source.len() as u32
}

/// Writes a certificate in the JSON binding.
pub fn write(cert: &Certificate) -> String {
    let mut s = serde_json::to_string_pretty(cert).unwrap_or_default();
    s.push('\n');
    s
}

/// Byte offset of the member or element a JSON Pointer names, found by scanning the source text
/// (serde_json keeps no positions). Only findings pay for it. When the pointer runs past what exists,
/// the offset of the deepest part that exists is returned, as for XML.
pub fn offset_of_pointer(source: &[u8], pointer: &str) -> Option<u32> {
    let mut scan = Scanner { s: source, i: 0 };
    scan.ws();
    let mut found = scan.i;
    for raw in pointer.split('/').skip(1) {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        scan.ws();
        match scan.peek()? {
            b'{' => {
                scan.i += 1;
                loop {
                    scan.ws();
                    if scan.peek()? != b'"' {
                        return Some(found as u32);
                    }
                    let key_at = scan.i;
                    let key = scan.string()?;
                    scan.ws();
                    if scan.peek()? != b':' {
                        return None;
                    }
                    scan.i += 1;
                    scan.ws();
                    if key == segment {
                        found = key_at;
                        break;
                    }
                    scan.skip_value()?;
                    scan.ws();
                    if scan.peek()? == b',' {
                        scan.i += 1;
                    }
                }
            }
            b'[' => {
                let index: usize = segment.parse().ok()?;
                scan.i += 1;
                for _ in 0..index {
                    scan.ws();
                    scan.skip_value()?;
                    scan.ws();
                    if scan.peek()? != b',' {
                        return Some(found as u32);
                    }
                    scan.i += 1;
                }
                scan.ws();
                found = scan.i;
            }
            _ => return Some(found as u32),
        }
    }
    Some(found as u32)
}

struct Scanner<'s> {
    s: &'s [u8],
    i: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    /// A string at the cursor, unescaped well enough to compare with a key (`\uXXXX` included).
    fn string(&mut self) -> Option<String> {
        let start = self.i;
        self.skip_string()?;
        serde_json::from_slice(&self.s[start..self.i]).ok()
    }

    fn skip_string(&mut self) -> Option<()> {
        self.i += 1;
        loop {
            match self.peek()? {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    return Some(());
                }
                _ => self.i += 1,
            }
        }
    }

    /// Skips one value without recursion: brackets are counted, strings skipped whole.
    fn skip_value(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'"' => self.skip_string()?,
                b'{' | b'[' => {
                    depth += 1;
                    self.i += 1;
                }
                b'}' | b']' => {
                    if depth == 0 {
                        return Some(());
                    }
                    depth -= 1;
                    self.i += 1;
                }
                b',' if depth == 0 => return Some(()),
                _ => self.i += 1,
            }
            if depth == 0 && matches!(self.s.get(self.i.wrapping_sub(1)), Some(b'"' | b'}' | b']'))
            {
                return Some(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::offset_of_pointer;

    #[test]
    fn pointers_find_their_members() {
        let text = br#"{"a": {"b": [10, {"c": "x,]}"}, 30]}, "d~/e": 1}"#;
        let at = |p: &str| offset_of_pointer(text, p).map(|o| o as usize);
        assert_eq!(at("/a"), Some(1));
        assert_eq!(at("/a/b/0"), Some(13));
        assert_eq!(at("/a/b/1/c"), Some(18));
        assert_eq!(at("/a/b/2"), Some(32));
        assert_eq!(at("/d~0~1e"), Some(38));
        // Past the end of what exists: the deepest part that does.
        assert_eq!(at("/a/missing"), Some(1));
        assert_eq!(at("/a/b/7"), Some(7));
        assert_eq!(at(""), Some(0));
    }
}
