//! JSON Pointers to byte offsets. serde_json keeps no positions, so the places of findings in a JSON
//! document are found afterwards, in one pass over its text.

use std::borrow::Cow;

use serde::de::DeserializeSeed;

use crate::convert::to_u32;
use crate::sort::sorted_order;

use super::json::Key;

/// Byte offsets of the members and elements that JSON Pointers name, found in one pass over the
/// source text (serde_json keeps no positions), so that a document with thousands of findings costs
/// one scan, not one per finding. Only the pointers asked for and their prefixes are recorded; a
/// pointer that runs past what exists gets the offset of its deepest part that does, as in XML.
pub fn offsets_of_pointers(source: &[u8], pointers: &[&str]) -> Vec<Option<u32>> {
    // A valid document asks for nothing: no scan.
    if pointers.is_empty() {
        return Vec::new();
    }
    // The pointers and all their prefixes, sorted: a sorted list keeps the wasm package smaller than a
    // map would, and a binary search is all the scan needs.
    let mut wanted: Vec<&str> = vec![""];
    for p in pointers {
        for (i, _) in p.match_indices('/').skip(1) {
            wanted.push(&p[..i]);
        }
        wanted.push(p);
    }
    let order = sorted_order(wanted.len(), &|a, b| wanted[a].cmp(wanted[b]));
    let mut wanted: Vec<&str> = order.into_iter().map(|i| wanted[i]).collect();
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
            out[i] = Some(to_u32(at));
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
        // Read with the reader's own string visitor, whose code is in the build anyway.
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
    use super::offsets_of_pointers;

    #[test]
    fn pointers_find_their_members() {
        let text = br#"{"a": {"b": [10, {"c": "x,]}"}, 30]}, "d~/e": 1, "f": [], "g": {}}"#;
        let at = |p: &str| offsets_of_pointers(text, &[p])[0].map(|o| usize::try_from(o).unwrap());
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
