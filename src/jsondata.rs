//! JSON data the caller loads into a validator — agreement profiles now; status lists, PSR tables
//! and worksheets next — read into a small tree, then read member by member with the JSON Pointer
//! of each value at hand, so every mistake is reported with where it is.
//!
//! The tree is built from the JSON tokenizer's events (serde's derived deserialisers, one per
//! struct, cost the wasm package tens of kilobytes); numbers keep their text, so a percentage is
//! read as a decimal, never through `f64`. Duplicate member names are refused: which one wins must
//! not depend on the parser.

use std::borrow::Cow;

use crate::jsonlex::{self, Event, Lexer};
use crate::loading::LoadError;

/// A load error, boxed: results of the readers stay a pointer wide, so the many `?` of a loader
/// move a pointer, not the error (which is wasm code at every exit).
pub type Fail = Box<LoadError>;

/// Nesting deeper than this is refused.
const MAX_DEPTH: usize = 64;

/// Objects of more members than this are refused (data files have objects of a few dozen).
const MAX_MEMBERS: usize = 1024;

/// A JSON value. Strings and names borrow from the text where they have no escapes: a worksheet
/// of fifty materials is read with an allocation per object and array, not per value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Json<'t> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(Cow<'t, str>),
    /// A string.
    String(Cow<'t, str>),
    /// An array.
    Array(Vec<Json<'t>>),
    /// An object, members in document order.
    Object(Vec<(Cow<'t, str>, Json<'t>)>),
}

/// Parses `text`; a syntax error is a `LoadError` of code `syntax` with the line and column in
/// its message.
#[cold]
pub fn parse<'t>(text: &'t str, source: &str, syntax: &'static str) -> Result<Json<'t>, Fail> {
    let mut lexer = Lexer::new(text);
    let fail = |e: Bad| {
        let (line, column) = jsonlex::line_column(text, e.offset);
        let message = format!("{} at line {line} column {column}", e.message);
        Box::new(LoadError::new(syntax, source, "", message))
    };
    let first = lexer.next_event().map_err(Bad::from).map_err(fail)?;
    let value = tree(&mut lexer, first).map_err(fail)?;
    match lexer.next_event().map_err(Bad::from).map_err(fail)? {
        Event::End => Ok(value),
        _ => Err(fail(Bad {
            offset: lexer.start(),
            message: "text after the JSON value".into(),
        })),
    }
}

/// Why the text is no data tree, and where.
struct Bad {
    offset: usize,
    message: Cow<'static, str>,
}

impl From<jsonlex::Error> for Bad {
    fn from(e: jsonlex::Error) -> Bad {
        Bad {
            offset: e.offset,
            message: e.message.into(),
        }
    }
}

/// The value that starts with `event`, read to its end.
fn tree<'t>(lexer: &mut Lexer<'t>, event: Event<'t>) -> Result<Json<'t>, Bad> {
    let refuse = |lexer: &Lexer<'_>, message: Cow<'static, str>| Bad {
        offset: lexer.start(),
        message,
    };
    Ok(match event {
        Event::Null => Json::Null,
        Event::Bool(b) => Json::Bool(b),
        Event::Number(n) => Json::Number(Cow::Borrowed(n)),
        Event::String(s) => Json::String(s),
        Event::ArrayStart | Event::ObjectStart if lexer.depth() > MAX_DEPTH => {
            return Err(refuse(lexer, "nested deeper than 64".into()));
        }
        Event::ArrayStart => {
            let mut items = Vec::new();
            loop {
                match lexer.next_event()? {
                    Event::ArrayEnd => break,
                    e => items.push(tree(lexer, e)?),
                }
            }
            Json::Array(items)
        }
        Event::ObjectStart => {
            // Room for the members of a typical object (a material has five to seven).
            let mut members: Vec<(Cow<'t, str>, Json<'t>)> = Vec::with_capacity(8);
            loop {
                let key = match lexer.next_event()? {
                    Event::ObjectEnd => break,
                    Event::Key(key) => key,
                    _ => return Err(refuse(lexer, "expected a member name".into())),
                };
                // The duplicate check compares with every member before: bounded, so a hostile
                // object of a million members cannot make it quadratic.
                if members.len() == MAX_MEMBERS {
                    return Err(refuse(lexer, "an object of more than 1024 members".into()));
                }
                if members.iter().any(|(k, _)| *k == key) {
                    let name = crate::lexical::shown(&key);
                    return Err(refuse(
                        lexer,
                        format!("member \"{name}\" appears twice").into(),
                    ));
                }
                let first = lexer.next_event()?;
                members.push((key, tree(lexer, first)?));
            }
            Json::Object(members)
        }
        Event::ObjectEnd | Event::ArrayEnd | Event::Key(_) | Event::End => {
            return Err(refuse(lexer, "expected a value".into()));
        }
    })
}

/// The JSON Pointer of `target` in `root`, found by identity. Nodes carry no pointer: only an
/// error needs one, and it can afford a walk of the tree (at most [`MAX_DEPTH`] deep).
fn pointer_to(root: &Json<'_>, target: &Json<'_>, path: &mut String) -> bool {
    if std::ptr::eq(root, target) {
        return true;
    }
    let len = path.len();
    match root {
        Json::Array(items) => {
            let mut index = itoa_buf::Buf::default();
            for (i, item) in items.iter().enumerate() {
                path.push('/');
                path.push_str(index.of(i));
                if pointer_to(item, target, path) {
                    return true;
                }
                path.truncate(len);
            }
        }
        Json::Object(members) => {
            for (name, value) in members {
                push_step(path, name);
                if pointer_to(value, target, path) {
                    return true;
                }
                path.truncate(len);
            }
        }
        _ => {}
    }
    false
}

/// Appends `/name`, escaped as RFC 6901 asks.
fn push_step(path: &mut String, name: &str) {
    crate::jsonwrite::pointer_step(path, name);
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

/// A value being read: the node, the input's name and the code its errors carry. Plain
/// references, so readers copy it freely.
#[derive(Clone, Copy, Debug)]
pub struct At<'j> {
    root: &'j Json<'j>,
    node: &'j Json<'j>,
    source: &'j str,
    code: &'static str,
}

impl<'j> At<'j> {
    /// The root of a document named `source`, whose errors have `code`.
    pub fn root(root: &'j Json<'j>, source: &'j str, code: &'static str) -> At<'j> {
        At {
            root,
            node: root,
            source,
            code,
        }
    }

    /// The value.
    pub fn value(&self) -> &'j Json<'j> {
        self.node
    }

    fn at(&self, node: &'j Json<'j>) -> At<'j> {
        At { node, ..*self }
    }

    /// This value's JSON Pointer.
    #[cold]
    #[inline(never)]
    fn pointer(&self) -> String {
        let mut path = String::new();
        pointer_to(self.root, self.node, &mut path);
        path
    }

    /// An error about this value.
    #[cold]
    #[inline(never)]
    pub fn error(&self, message: impl Into<String>) -> Fail {
        Box::new(LoadError::new(
            self.code,
            self.source,
            &self.pointer(),
            message,
        ))
    }

    /// An error quoting this string value (cut): `'XX' is not {what}`.
    #[cold]
    #[inline(never)]
    pub fn refuse(&self, what: &str) -> Fail {
        let quoted = match self.node {
            Json::String(s) => crate::lexical::shown(s),
            _ => String::new(),
        };
        self.error(format!("'{quoted}' is not {what}"))
    }

    fn kind(&self) -> &'static str {
        match self.node {
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
        match self.node {
            Json::String(s) => Ok(s),
            _ => Err(self.wrong("a string")),
        }
    }

    /// A boolean.
    #[cold]
    #[inline(never)]
    pub fn bool(&self) -> Result<bool, Fail> {
        match *self.node {
            Json::Bool(b) => Ok(b),
            _ => Err(self.wrong("true or false")),
        }
    }

    /// A whole number within `range`.
    #[cold]
    #[inline(never)]
    pub fn whole(&self, range: std::ops::RangeInclusive<u32>) -> Result<u32, Fail> {
        let n = match self.node {
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
        match self.node {
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
        match self.node {
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
    items: std::slice::Iter<'j, Json<'j>>,
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
    members: &'j [(Cow<'j, str>, Json<'j>)],
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
        (*node != Json::Null).then(|| self.at.at(node))
    }

    /// A member that must be present.
    #[cold]
    #[inline(never)]
    pub fn required(&mut self, name: &str) -> Result<At<'j>, Fail> {
        match self.optional(name) {
            Some(at) => Ok(at),
            None => Err(self.missing(name)),
        }
    }

    #[cold]
    #[inline(never)]
    fn missing(&self, name: &str) -> Fail {
        let mut path = self.at.pointer();
        push_step(&mut path, name);
        Box::new(LoadError::new(
            self.at.code,
            self.at.source,
            &path,
            "is required",
        ))
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

    fn read(text: &str) -> Result<Json<'_>, Fail> {
        parse(text, "t.json", "t.json")
    }

    #[test]
    fn a_tree_with_numbers_as_written() {
        let v = read(r#"{"a": [1, 2.50, "x", true, null], "b": {"c": 1e400}}"#).unwrap();
        let Json::Object(m) = &v else { panic!() };
        let Json::Array(items) = &m[0].1 else {
            panic!()
        };
        let values: Vec<_> = items.to_vec();
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
        let Json::Object(b) = &m[1].1 else { panic!() };
        assert_eq!(b[0].1, Json::Number("1e400".into()));
        let root = At::root(&v, "t.json", "t.value");
        assert_eq!(root.at(&b[0].1).pointer(), "/b/c");
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
