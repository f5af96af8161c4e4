//! Namespaces in XML 1.0 over the tokenizer's names: qualified names, declarations and the scopes
//! they hold in. Knows no vocabulary: a caller that cares about one namespace names it when the
//! scopes are made, and learns per resolution whether a prefix stands for it (compared once, when
//! declared, not for every element).

use std::borrow::Cow;

use crate::bytes::same_bytes;

use super::lexer::{Error, ErrorKind};

/// The namespace the `xml` prefix is bound to by definition.
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace of `xmlns` attributes, which nothing may be bound to.
const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

/// The prefix an `xmlns` or `xmlns:p` attribute declares (`""` for the default namespace).
pub fn declared_prefix(name: &str) -> Option<&str> {
    match name.strip_prefix("xmlns") {
        Some("") => Some(""),
        // `xmlns:` alone declares nothing: it is a malformed qualified name, refused as one.
        Some(rest) => rest.strip_prefix(':').filter(|prefix| !prefix.is_empty()),
        None => None,
    }
}

fn malformed(offset: u32, detail: &'static str) -> Error<'static> {
    Error {
        offset,
        kind: ErrorKind::Malformed(detail),
    }
}

/// A qualified name's prefix (`""` for none) and local part, as Namespaces in XML 1.0 allows them.
#[inline]
pub fn split_qname(qname: &str, offset: u32) -> Result<(&str, &str), Error<'static>> {
    // Names are short: a plain loop beats a search routine's setup.
    let Some(colon) = qname.bytes().position(|b| b == b':') else {
        return Ok(("", qname));
    };
    match (qname.get(..colon), qname.get(colon + 1..)) {
        (Some(prefix), Some(local))
            if !prefix.is_empty() && !local.is_empty() && !local.bytes().any(|b| b == b':') =>
        {
            Ok((prefix, local))
        }
        _ => Err(malformed(offset, "a name that is not a qualified name")),
    }
}

/// The namespace bindings in scope: declarations in document order, cut back when their element
/// closes.
pub struct Scopes<'a> {
    bindings: Vec<Binding<'a>>,
    marks: Vec<usize>,
    watched: &'static str,
}

struct Binding<'a> {
    prefix: &'a str,
    uri: Cow<'a, str>,
    watched: bool,
}

/// What a prefix resolves to.
pub struct Resolved<'s> {
    /// The namespace name.
    pub uri: &'s str,
    /// Whether it is the namespace the scopes were made to watch.
    pub watched: bool,
}

impl<'a> Scopes<'a> {
    /// Empty scopes that tell, for every resolution, whether the namespace is `watched`.
    pub fn new(watched: &'static str) -> Scopes<'a> {
        Scopes {
            bindings: Vec::new(),
            marks: Vec::new(),
            watched,
        }
    }

    /// An element starts: its declarations follow.
    pub fn open(&mut self) {
        self.marks.push(self.bindings.len());
    }

    /// An element ends: its declarations go out of scope.
    pub fn close(&mut self) {
        if let Some(mark) = self.marks.pop() {
            self.bindings.truncate(mark);
        }
    }

    /// Declares `prefix` (`""`: the default namespace) on the element opened last.
    pub fn declare(
        &mut self,
        prefix: &'a str,
        uri: Cow<'a, str>,
        offset: u32,
    ) -> Result<(), Error<'static>> {
        // Namespaces in XML 1.0 §3: `xml` only for its own name, `xmlns` never, no prefix unbound.
        let reserved = prefix == "xmlns"
            || (prefix == "xml") != (uri == XML_NS)
            || uri == XMLNS_NS
            || (!prefix.is_empty() && uri.is_empty())
            || prefix.contains(':');
        if reserved {
            return Err(malformed(
                offset,
                "a namespace declaration Namespaces in XML forbids",
            ));
        }
        self.bindings.push(Binding {
            prefix,
            watched: uri == self.watched,
            uri,
        });
        Ok(())
    }

    /// The bindings in scope, innermost first, each prefix once: its prefix and namespace name
    /// (empty where the default namespace is undeclared). `xml` only where it was declared.
    pub fn in_scope(&self) -> impl Iterator<Item = (&'a str, &str)> {
        let all = &self.bindings;
        all.iter()
            .enumerate()
            .rev()
            .filter(move |(i, b)| !all[i + 1..].iter().any(|later| later.prefix == b.prefix))
            .map(|(_, b)| (b.prefix, &*b.uri))
    }

    /// The namespace a prefix (`""`: the default namespace) stands for; `None` when unbound.
    #[inline]
    pub fn resolve(&self, prefix: &str) -> Option<Resolved<'_>> {
        if prefix == "xml" {
            return Some(Resolved {
                uri: XML_NS,
                watched: false,
            });
        }
        let b = self
            .bindings
            .iter()
            .rev()
            .find(|b| same_bytes(b.prefix.as_bytes(), prefix.as_bytes()))?;
        Some(Resolved {
            uri: &b.uri,
            watched: b.watched,
        })
        .filter(|r| !r.uri.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_nest_and_unwind() {
        let mut s = Scopes::new("urn:w");
        s.open();
        s.declare("", "urn:w".into(), 0).unwrap();
        s.declare("p", "urn:p".into(), 0).unwrap();
        s.open();
        s.declare("p", "urn:q".into(), 5).unwrap();
        assert!(s.resolve("").is_some_and(|r| r.watched));
        assert_eq!(s.resolve("p").map(|r| r.uri), Some("urn:q"));
        s.close();
        assert_eq!(s.resolve("p").map(|r| r.uri), Some("urn:p"));
        assert!(s.resolve("q").is_none());
        assert_eq!(s.resolve("xml").map(|r| r.uri), Some(XML_NS));
        s.open();
        // An empty default namespace undeclares it; a prefix cannot be unbound.
        s.declare("", "".into(), 9).unwrap();
        assert!(s.resolve("").is_none());
        assert!(s.declare("p", "".into(), 9).is_err());
    }

    #[test]
    fn reserved_names_are_refused() {
        let mut s = Scopes::new("urn:w");
        s.open();
        assert!(s.declare("xml", "urn:x".into(), 0).is_err());
        assert!(s.declare("x", XML_NS.into(), 0).is_err());
        assert!(s.declare("xmlns", "urn:x".into(), 0).is_err());
        assert!(s.declare("x", XMLNS_NS.into(), 0).is_err());
        assert!(s.declare("xml", XML_NS.into(), 0).is_ok());
        assert_eq!(declared_prefix("xmlns"), Some(""));
        assert_eq!(declared_prefix("xmlns:a"), Some("a"));
        assert_eq!(declared_prefix("xmlns:"), None);
        assert_eq!(declared_prefix("xmlnsx"), None);
        assert_eq!(split_qname("a:b", 0), Ok(("a", "b")));
        assert!(split_qname("a:", 0).is_err() && split_qname(":b", 0).is_err());
        assert!(split_qname("a:b:c", 0).is_err());
    }
}
