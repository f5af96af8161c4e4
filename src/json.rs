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

/// Byte offsets of the members and elements that JSON Pointers name, found in one pass over the
/// source text (serde_json keeps no positions), so that a document with thousands of findings costs
/// one scan, not one per finding. Only the pointers asked for and their prefixes are recorded; a
/// pointer that runs past what exists gets the offset of its deepest part that does, as in XML.
pub fn offsets_of_pointers(source: &[u8], pointers: &[&str]) -> Vec<Option<u32>> {
    // The pointers and all their prefixes, sorted: a sorted list keeps the wasm package smaller than a
    // map would, and a binary search is all the scan needs.
    let mut wanted: Vec<&str> = vec![""];
    for p in pointers {
        for (i, _) in p.match_indices('/').skip(1) {
            wanted.push(&p[..i]);
        }
        wanted.push(p);
    }
    wanted.sort_unstable();
    wanted.dedup();
    let found = scan_pointers(source, &wanted);
    let at = |p: &str| wanted.binary_search(&p).ok().and_then(|i| found[i]);
    pointers
        .iter()
        .map(|p| {
            let mut prefix: &str = p;
            loop {
                if let Some(offset) = at(prefix) {
                    return Some(offset);
                }
                prefix = &prefix[..prefix.rfind('/')?];
            }
        })
        .collect()
}

/// Walks the JSON text once, without recursion, recording where each wanted pointer starts (a member
/// at its key, an element at its value), in a list parallel to `wanted`.
fn scan_pointers(source: &[u8], wanted: &[&str]) -> Vec<Option<u32>> {
    let mut out = vec![None; wanted.len()];
    let mut record = |path: &str, at: usize| {
        if let Ok(i) = wanted.binary_search(&path) {
            out[i] = Some(at as u32);
        }
    };
    let mut scan = Scanner { s: source, i: 0 };
    let mut path = String::new();
    // (is an array, length of the path at the container, next array index)
    let mut frames: Vec<(bool, usize, usize)> = Vec::new();
    scan.ws();
    record("", scan.i);
    'value: loop {
        scan.ws();
        match scan.peek() {
            Some(b'{') => frames.push((false, path.len(), 0)),
            Some(b'[') => frames.push((true, path.len(), 0)),
            Some(b'"') => {
                if scan.skip_string().is_none() {
                    break;
                }
                scan.i -= 1;
            }
            Some(_) => {
                while let Some(b) = scan.peek() {
                    if matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    scan.i += 1;
                }
                scan.i -= 1;
            }
            None => break,
        }
        scan.i += 1;
        // What follows the value just passed, or the start of a container just entered.
        loop {
            let Some((array, base, next)) = frames.last_mut() else {
                break 'value;
            };
            path.truncate(*base);
            scan.ws();
            match scan.peek() {
                Some(b',') => {
                    scan.i += 1;
                    scan.ws();
                }
                Some(b'}' | b']') => {
                    scan.i += 1;
                    frames.pop();
                    continue;
                }
                None => break 'value,
                Some(_) => {}
            }
            let at = scan.i;
            if *array {
                path.push('/');
                path.push_str(&next.to_string());
                *next += 1;
            } else {
                let Some(key) = scan.string() else {
                    break 'value;
                };
                scan.ws();
                if scan.peek() != Some(b':') {
                    break 'value;
                }
                scan.i += 1;
                path.push('/');
                path.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            record(&path, at);
            continue 'value;
        }
    }
    out
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
        // Read as a `Value`, not a `String`: the code that reads values is in the build anyway, and
        // a `String` reader would bring serde's float formatting (~18 KB of wasm) with its errors.
        let text = std::str::from_utf8(self.s.get(start..self.i)?).ok()?;
        match serde_json::from_str(text) {
            Ok(Value::String(s)) => Some(s),
            _ => None,
        }
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
}

#[cfg(test)]
mod tests {
    use super::offsets_of_pointers;

    #[test]
    fn pointers_find_their_members() {
        let text = br#"{"a": {"b": [10, {"c": "x,]}"}, 30]}, "d~/e": 1, "f": [], "g": {}}"#;
        let at = |p: &str| offsets_of_pointers(text, &[p])[0].map(|o| o as usize);
        assert_eq!(at("/a"), Some(1));
        assert_eq!(at("/a/b/0"), Some(13));
        assert_eq!(at("/a/b/1/c"), Some(18));
        assert_eq!(at("/a/b/2"), Some(32));
        assert_eq!(at("/d~0~1e"), Some(38));
        assert_eq!(at("/g"), Some(58));
        // Past the end of what exists: the deepest part that does.
        assert_eq!(at("/a/missing"), Some(1));
        assert_eq!(at("/a/b/7"), Some(7));
        assert_eq!(at("/f/0"), Some(49));
        assert_eq!(at(""), Some(0));
        // Many pointers, one pass, each answered.
        let all = offsets_of_pointers(text, &["/a/b/2", "/a", "/nothing/here"]);
        assert_eq!(all, [Some(32), Some(1), Some(0)]);
    }
}
