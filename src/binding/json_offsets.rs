//! Where each node of a JSON document's tree starts. serde_json keeps no positions, so when a report
//! has findings to place, the text is walked once more and the offsets are handed out in the order
//! the reader made the nodes: a member at its key, an array element at its value. Findings are then
//! placed by their own node, as in XML — a repeated member's finding points at its own copy, which
//! a JSON Pointer cannot tell apart.

use std::borrow::Cow;

use serde::de::DeserializeSeed;

use crate::convert::to_u32;

use super::json::{Key, NUMBER_TOKEN};

/// The offset of every node, by node id, for a document the JSON reader read without error.
/// Mirrors the reader: the root object is the first node; a member is a node unless its value is an
/// array, whose elements are the nodes; an array inside an array is one node, its contents read
/// past; the root's `$schema` member and the inside of a number (an object under serde_json's
/// number marker) are no nodes.
pub fn node_offsets(source: &[u8]) -> Vec<u32> {
    let mut scan = Scanner { s: source, i: 0 };
    let mut out = Vec::new();
    scan.ws();
    if scan.peek() != Some(b'{') {
        return out;
    }
    out.push(to_u32(scan.i));
    scan.i += 1;
    // Open containers: whether each is an array (its elements are nodes) and whether it is the root.
    let mut frames: Vec<(bool, bool)> = vec![(false, true)];
    while let Some(&(array, root)) = frames.last() {
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
            None => break,
            Some(_) => {}
        }
        let at = scan.i;
        if array {
            out.push(to_u32(at));
            if scan.peek() == Some(b'[') {
                scan.skip_value();
            } else {
                scan.node_value(&mut frames);
            }
            continue;
        }
        let Some(key) = scan.string() else { break };
        scan.ws();
        if scan.peek() != Some(b':') {
            break;
        }
        scan.i += 1;
        scan.ws();
        if root && key == "$schema" {
            scan.skip_value();
        } else if scan.peek() == Some(b'[') {
            scan.i += 1;
            frames.push((true, false));
        } else {
            out.push(to_u32(at));
            scan.node_value(&mut frames);
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

    /// The value of a node just recorded: an object's members are nodes of their own (unless it
    /// is empty, or a number in serde_json's marker form); anything else is read past.
    fn node_value(&mut self, frames: &mut Vec<(bool, bool)>) {
        if self.peek() != Some(b'{') {
            self.skip_value();
            return;
        }
        let start = self.i;
        self.i += 1;
        self.ws();
        let opaque = match self.peek() {
            Some(b'}') => true,
            Some(b'"') => self.string().is_some_and(|k| k == NUMBER_TOKEN),
            _ => true,
        };
        self.i = start;
        if opaque {
            self.skip_value();
        } else {
            self.i += 1;
            frames.push((false, false));
        }
    }

    /// Past one value of a well-formed document: a string, a container (brackets counted outside
    /// strings), or a scalar up to its delimiter.
    fn skip_value(&mut self) {
        match self.peek() {
            Some(b'"') => {
                let _ = self.skip_string();
            }
            Some(b'{' | b'[') => {
                let mut depth = 0usize;
                while let Some(b) = self.peek() {
                    match b {
                        b'"' => {
                            if self.skip_string().is_none() {
                                return;
                            }
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                self.i += 1;
                                return;
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
            }
            _ => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                        return;
                    }
                    self.i += 1;
                }
            }
        }
    }

    /// A string at the cursor, unescaped with the reader's own string visitor (its code is in the
    /// build anyway), so that keys compare as the reader saw them.
    fn string(&mut self) -> Option<String> {
        let start = self.i;
        self.skip_string()?;
        let text = std::str::from_utf8(self.s.get(start..self.i)?).ok()?;
        let mut de = serde_json::Deserializer::from_str(text);
        Key.deserialize(&mut de).ok().map(Cow::into_owned)
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
    use super::*;

    fn at(text: &str) -> Vec<usize> {
        node_offsets(text.as_bytes())
            .into_iter()
            .map(|o| usize::try_from(o).unwrap())
            .collect()
    }

    #[test]
    fn nodes_in_the_readers_order() {
        let text = r#"{"a": {"b": [10, {"c": "x,]}"}, [1, [2]], 30]}, "d~/e": 1, "f": [], "g": {}, "a": null}"#;
        let want = [
            0,                               // the root
            text.find(r#""a""#).unwrap(),    // a
            text.find("10").unwrap(),        // b[0]
            text.find(r#"{"c""#).unwrap(),   // b[1]
            text.find(r#""c""#).unwrap(),    // b[1].c
            text.find("[1,").unwrap(),       // b[2], an array in an array: one node
            text.find("30").unwrap(),        // b[3]
            text.find(r#""d~/e""#).unwrap(), // d~/e
            text.find(r#""g""#).unwrap(),    // g (f is an empty array: no node)
            text.rfind(r#""a""#).unwrap(),   // the repeated a, at its own key
        ];
        assert_eq!(at(text), want);
    }

    /// The scan mirrors the reader: for every document the reader reads, one offset per node, each
    /// at a key or a value. A reader that made nodes the scan does not know of would shift every
    /// later finding's place without a word.
    #[test]
    fn one_offset_per_node_the_reader_made() {
        let docs = [
            include_str!("../../tests/fixtures/valid-1.json"),
            include_str!("../../tests/fixtures/valid-10.json"),
            include_str!("../../tests/fixtures/valid-full.json"),
            r#"{"$schema": "x", "a": [[1, [2]], {}, null, {"$serde_json::private::Number": "1"}], "a": {"b": []}}"#,
        ];
        for text in docs {
            let doc = super::super::json::read(text, &crate::limits::Limits::default()).unwrap();
            let offsets = node_offsets(text.as_bytes());
            assert_eq!(offsets.len(), doc.len());
            for o in offsets {
                let at = text.as_bytes()[usize::try_from(o).unwrap()];
                assert!(!at.is_ascii_whitespace() && at != b',' && at != b':', "{o}");
            }
        }
    }

    #[test]
    fn schema_hints_and_numbers_are_no_nodes() {
        let text = r#"{"$schema": {"x": [1]}, "n": {"$serde_json::private::Number": "1"}, "m": {"$schema": 1}}"#;
        let want = [
            0,
            text.find(r#""n""#).unwrap(),
            text.find(r#""m""#).unwrap(),
            text.rfind(r#""$schema""#).unwrap(),
        ];
        assert_eq!(at(text), want);
        assert!(at("[1]").is_empty() && at("").is_empty());
    }
}
