//! JSON data the caller loads into a validator — agreement profiles now; status lists, PSR tables
//! and worksheets next — read into a small tree, then read member by member with the JSON Pointer
//! of each value at hand, so every mistake is reported with where it is.
//!
//! One serde visitor builds the tree (serde's derived deserialisers, one per struct, cost the wasm
//! package tens of kilobytes); numbers keep their text (`arbitrary_precision`), so a percentage is
//! read as a decimal, never through `f64`. Duplicate member names are refused: which one wins must
//! not depend on the parser.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::loading::LoadError;

/// A load error, boxed: results of the readers stay a pointer wide, so the many `?` of a loader
/// move a pointer, not the error (which is wasm code at every exit).
pub type Fail = Box<LoadError>;

/// How serde_json (`arbitrary_precision`) hands a number to a visitor: a one-member map under this
/// key, whose value is the number's text.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Nesting deeper than this is refused (serde_json's own bound is 128).
const MAX_DEPTH: usize = 64;

/// Objects of more members than this are refused (data files have objects of a few dozen).
const MAX_MEMBERS: usize = 1024;

/// A JSON value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object, members in document order.
    Object(Vec<(String, Node)>),
}

/// A value with its JSON Pointer, made while parsing: readers then pass plain references around,
/// with nothing to build or drop on the way (each of those is wasm code at every exit of a loader).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// The value.
    pub value: Json,
    path: Box<str>,
}

/// Parses `text`; a syntax error is a `LoadError` of code `syntax` with serde_json's line and
/// column in its message.
#[cold]
pub fn parse(text: &str, source: &str, syntax: &'static str) -> Result<Node, Fail> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Seed {
        depth: 0,
        path: String::new(),
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v))
    .map_err(|e| Box::new(LoadError::new(syntax, source, "", e.to_string())))?;
    Ok(value)
}

struct Seed {
    depth: usize,
    path: String,
}

impl Seed {
    fn node(self, value: Json) -> Node {
        Node {
            value,
            path: self.path.into_boxed_str(),
        }
    }

    fn child<E: de::Error>(&self, step: &str) -> Result<Seed, E> {
        if self.depth >= MAX_DEPTH {
            return Err(E::custom(format_args!("nested deeper than {MAX_DEPTH}")));
        }
        // One allocation per node; escaping (RFC 6901) only when the name needs it.
        let mut path = String::with_capacity(self.path.len() + 1 + step.len());
        path.push_str(&self.path);
        path.push('/');
        if step.contains(['~', '/']) {
            path.push_str(&step.replace('~', "~0").replace('/', "~1"));
        } else {
            path.push_str(step);
        }
        Ok(Seed {
            depth: self.depth + 1,
            path,
        })
    }
}

impl<'de> DeserializeSeed<'de> for Seed {
    type Value = Node;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(self.node(Json::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(self.node(Json::Null))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(self.node(Json::Bool(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(self.node(Json::Number(v.to_string())))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(self.node(Json::Number(v.to_string())))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
        // With `arbitrary_precision` numbers arrive as text; a float here has lost its digits.
        Err(E::custom("a number that cannot be kept exactly"))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(self.node(Json::String(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(self.node(Json::String(v)))
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Node, S::Error> {
        let mut items = Vec::new();
        let mut index = itoa_buf::Buf::default();
        loop {
            let seed = self.child(index.of(items.len()))?;
            match seq.next_element_seed(seed)? {
                Some(v) => items.push(v),
                None => break,
            }
        }
        Ok(self.node(Json::Array(items)))
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Node, M::Error> {
        let mut members: Vec<(String, Node)> = Vec::new();
        while let Some(key) = map.next_key_seed(Key)? {
            if key == NUMBER_TOKEN && members.is_empty() {
                // The number's text, read as any value: a string visitor's refusals would bring
                // float formatting into the wasm package.
                let text = map.next_value_seed(self.child(&key)?)?;
                return match text.value {
                    Json::String(text) => Ok(self.node(Json::Number(text))),
                    _ => Err(de::Error::custom("a malformed number")),
                };
            }
            // The duplicate check compares with every member before: bounded, so a hostile object
            // of a million members cannot make it quadratic.
            if members.len() == MAX_MEMBERS {
                return Err(de::Error::custom(format_args!(
                    "an object of more than {MAX_MEMBERS} members"
                )));
            }
            let value = map.next_value_seed(self.child(&key)?)?;
            if members.iter().any(|(k, _)| *k == key) {
                return Err(de::Error::custom(format_args!(
                    "member \"{}\" appears twice",
                    crate::lexical::shown(&key)
                )));
            }
            members.push((key, value));
        }
        Ok(self.node(Json::Object(members)))
    }
}

/// Array indices written without `format!` machinery.
mod itoa_buf {
    #[derive(Default)]
    pub struct Buf([u8; 20], usize);

    impl Buf {
        /// The decimal digits of `n`.
        pub fn of(&mut self, mut n: usize) -> &str {
            let mut at = self.0.len();
            loop {
                at -= 1;
                // A digit: n % 10 is below 10.
                self.0[at] = b'0' + u8::try_from(n % 10).unwrap_or(0);
                n /= 10;
                if n == 0 {
                    break;
                }
            }
            self.1 = at;
            std::str::from_utf8(&self.0[at..]).unwrap_or("0")
        }
    }
}

/// A member name. Only strings are names in JSON, so only the string visits are answered: the
/// default refusals of serde's `String` visitor format what they refuse, floats included.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
}

/// A value being read: the node, the input's name and the code its errors carry. Plain
/// references, so readers copy it freely.
#[derive(Clone, Copy, Debug)]
pub struct At<'j> {
    /// The node.
    pub node: &'j Node,
    source: &'j str,
    code: &'static str,
}

impl<'j> At<'j> {
    /// The root of a document named `source`, whose errors have `code`.
    pub fn root(node: &'j Node, source: &'j str, code: &'static str) -> At<'j> {
        At { node, source, code }
    }

    /// The value.
    pub fn value(&self) -> &'j Json {
        &self.node.value
    }

    fn at(&self, node: &'j Node) -> At<'j> {
        At {
            node,
            source: self.source,
            code: self.code,
        }
    }

    /// An error about this value.
    #[cold]
    #[inline(never)]
    pub fn error(&self, message: impl Into<String>) -> Fail {
        Box::new(LoadError::new(
            self.code,
            self.source,
            &self.node.path,
            message,
        ))
    }

    /// An error quoting this string value (cut): `'XX' is not {what}`.
    #[cold]
    #[inline(never)]
    pub fn refuse(&self, what: &str) -> Fail {
        let quoted = match &self.node.value {
            Json::String(s) => crate::lexical::shown(s),
            _ => String::new(),
        };
        self.error(format!("'{quoted}' is not {what}"))
    }

    fn kind(&self) -> &'static str {
        match self.node.value {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }

    #[cold]
    #[inline(never)]
    fn wrong(&self, expected: &str) -> Fail {
        self.error(format!("must be {expected}, not {}", self.kind()))
    }

    /// A string.
    #[cold]
    #[inline(never)]
    pub fn str(&self) -> Result<&'j str, Fail> {
        match &self.node.value {
            Json::String(s) => Ok(s),
            _ => Err(self.wrong("a string")),
        }
    }

    /// A boolean.
    #[cold]
    #[inline(never)]
    pub fn bool(&self) -> Result<bool, Fail> {
        match self.node.value {
            Json::Bool(b) => Ok(b),
            _ => Err(self.wrong("true or false")),
        }
    }

    /// A whole number within `range`.
    #[cold]
    #[inline(never)]
    pub fn whole(&self, range: std::ops::RangeInclusive<u32>) -> Result<u32, Fail> {
        let n = match &self.node.value {
            Json::Number(t) => t.parse::<u32>().ok(),
            _ => None,
        };
        n.filter(|n| range.contains(n)).ok_or_else(|| {
            self.error(format!(
                "must be a whole number from {} to {}",
                range.start(),
                range.end()
            ))
        })
    }

    /// The entries of an array.
    #[cold]
    #[inline(never)]
    pub fn items(&self) -> Result<Items<'j>, Fail> {
        match &self.node.value {
            Json::Array(items) => Ok(Items {
                at: *self,
                items: items.iter(),
            }),
            _ => Err(self.wrong("an array")),
        }
    }

    /// The members of an object, to be taken one by one; [`Members::done`] refuses the rest.
    #[cold]
    #[inline(never)]
    pub fn members(&self) -> Result<Members<'j>, Fail> {
        match &self.node.value {
            Json::Object(members) if members.len() <= 64 => Ok(Members {
                at: *self,
                members,
                taken: 0,
            }),
            Json::Object(_) => Err(self.error("has more than 64 members")),
            _ => Err(self.wrong("an object")),
        }
    }
}

/// An array's entries as values being read.
pub struct Items<'j> {
    at: At<'j>,
    items: std::slice::Iter<'j, Node>,
}

impl<'j> Iterator for Items<'j> {
    type Item = At<'j>;
    fn next(&mut self) -> Option<At<'j>> {
        let node = self.items.next()?;
        Some(self.at.at(node))
    }
}

impl Items<'_> {
    /// Whether the array has no entries.
    pub fn is_empty(&self) -> bool {
        self.items.len() == 0
    }

    /// How many entries are left.
    pub fn count_left(&self) -> usize {
        self.items.len()
    }
}

/// An object's members being read: each taken once, and any left over is an unknown member (a typo
/// must not silently drop a rule).
pub struct Members<'j> {
    at: At<'j>,
    members: &'j [(String, Node)],
    taken: u64,
}

impl<'j> Members<'j> {
    /// A member, if present (`null` counts as absent).
    #[cold]
    #[inline(never)]
    pub fn optional(&mut self, name: &str) -> Option<At<'j>> {
        let i = self.members.iter().position(|(k, _)| k == name)?;
        self.taken |= 1 << i;
        let node = &self.members[i].1;
        (node.value != Json::Null).then(|| self.at.at(node))
    }

    /// A member that must be present.
    #[cold]
    #[inline(never)]
    pub fn required(&mut self, name: &str) -> Result<At<'j>, Fail> {
        match self.optional(name) {
            Some(at) => Ok(at),
            None => Err(Box::new(LoadError::new(
                self.at.code,
                self.at.source,
                &format!("{}/{}", self.at.node.path, name),
                "is required",
            ))),
        }
    }

    /// The `format` member, which must name `expected`: a document of another format or version
    /// is refused with `code` before any other member is read.
    #[cold]
    #[inline(never)]
    pub fn format(&mut self, expected: &str, code: &'static str) -> Result<(), Fail> {
        let at = self.required("format")?;
        let given = at.str()?;
        if given == expected {
            return Ok(());
        }
        let mut e = at.error(format!(
            "format '{}' is not {expected}",
            crate::lexical::shown(given)
        ));
        e.code = code;
        Err(e)
    }

    /// Refuses members not taken.
    #[cold]
    #[inline(never)]
    pub fn done(self) -> Result<(), Fail> {
        match (0..self.members.len()).find(|i| self.taken & (1 << i) == 0) {
            None => Ok(()),
            Some(i) => Err(self
                .at
                .at(&self.members[i].1)
                .error("is not a member of this object")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Node, Fail> {
        parse(text, "t.json", "t.json")
    }

    #[test]
    fn a_tree_with_numbers_as_written() {
        let v = read(r#"{"a": [1, 2.50, "x", true, null], "b": {"c": 1e400}}"#).unwrap();
        let Json::Object(m) = &v.value else { panic!() };
        let Json::Array(items) = &m[0].1.value else {
            panic!()
        };
        let values: Vec<_> = items.iter().map(|n| n.value.clone()).collect();
        assert_eq!(
            values,
            [
                Json::Number("1".into()),
                Json::Number("2.50".into()),
                Json::String("x".into()),
                Json::Bool(true),
                Json::Null,
            ]
        );
        let Json::Object(b) = &m[1].1.value else {
            panic!()
        };
        assert_eq!(b[0].1.value, Json::Number("1e+400".into()));
        assert_eq!(&*b[0].1.path, "/b/c");
    }

    #[test]
    fn syntax_duplicates_and_depth_are_refused() {
        for bad in ["{", "{} x", r#"{"a": 1, "a": 2}"#, &"[".repeat(100)] {
            let e = read(bad).unwrap_err();
            assert_eq!((e.code, e.path.as_str()), ("t.json", ""), "{bad}: {e}");
        }
        assert!(
            read(r#"{"a": 1, "a": 2}"#)
                .unwrap_err()
                .message
                .contains("twice")
        );
    }

    #[test]
    fn members_are_read_with_their_pointers() {
        let v = read(r#"{"a": {"b/c": [1, "x"]}, "n": null, "extra": 1}"#).unwrap();
        let root = At::root(&v, "t.json", "t.value");
        let mut m = root.members().unwrap();
        let a = m.required("a").unwrap();
        let mut am = a.members().unwrap();
        let list = am.required("b/c").unwrap();
        let items: Vec<_> = list.items().unwrap().collect();
        let e = items[1].whole(0..=9).unwrap_err();
        assert_eq!((e.code, e.path.as_str()), ("t.value", "/a/b~1c/1"));
        assert_eq!(items[0].whole(0..=9).unwrap(), 1);
        assert!(am.done().is_ok());
        assert!(m.optional("n").is_none(), "null is absent");
        assert_eq!(m.required("z").unwrap_err().path, "/z");
        let e = m.done().unwrap_err();
        assert_eq!(e.path, "/extra");
        assert_eq!(
            root.str().unwrap_err().message,
            "must be a string, not an object"
        );
    }
}
