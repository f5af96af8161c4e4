//! Canonical XML 1.0 (W3C Recommendation, 15 March 2001) of a whole document, with or without
//! comments, of a whole document or of a subtree in its document context, over the same tokenizer
//! the binding reads with: what a signature's digest is taken over must be what the model is read
//! from (SIGNATURES.md, "one parser, one parse").
//!
//! A document with a DOCTYPE is refused (the canonical form depends on the DTD's defaults and
//! entities, which this reader never applies), as is a namespace name that is not an absolute URI
//! (C14N 1.0 §2.1 leaves the result of relative names undefined). It never returns empty bytes for
//! a document: it canonicalises or says why not. Exclusive XML Canonicalization 1.0 differs only in
//! which namespace declarations an element carries.
//!
//! The document subsets XML Signature needs here are whole subtrees: one element with everything in
//! it (a `SignedInfo`, a referenced element), less at most one element with everything in it (the
//! enveloped `Signature`, by identity). Elements are named by the byte offset of their start tag,
//! which the caller learnt from the same tokenizer: identity, not a name or an ID to search for.

use std::borrow::Cow;

use crate::bytes::sub;
use crate::sort::sorted_order;

use super::lexer::{ErrorKind, Lexer, Token, line_ends};
use super::namespaces::{Scopes, XML_NS, declared_prefix, split_qname};

/// Which canonical form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Method {
    /// Exclusive XML Canonicalization 1.0 (W3C Recommendation, 18 July 2002): an element carries
    /// only the namespace declarations its own name and attributes use, where no output ancestor
    /// has the same already (no `InclusiveNamespaces` prefix list).
    pub exclusive: bool,
    /// Comments are kept (`#WithComments`).
    pub comments: bool,
}

/// Which nodes are canonicalised: XML Signature's node-sets, as far as this profile needs them.
#[derive(Clone, Copy, Debug, Default)]
pub struct Subset<'p> {
    /// The element whose subtree is canonicalised, by the offset of its start tag's `<`; `None`:
    /// the whole document, with comments and PIs outside the document element.
    pub apex: Option<u32>,
    /// An element left out with everything in it (the enveloped-signature transform), by the
    /// offset of its start tag's `<`.
    pub omit: Option<u32>,
    /// Exclusive canonicalisation's `InclusiveNamespaces PrefixList`: prefixes, separated by white
    /// space, whose declarations are written as inclusive canonicalisation would (`#default` for
    /// the default namespace).
    pub inclusive_prefixes: &'p str,
}

/// The namespace declarations written in the output, innermost last, cut back as elements close
/// (exclusive canonicalisation asks what an output ancestor declared, not what is in scope).
#[derive(Default)]
struct Rendered<'a> {
    declared: Vec<(&'a str, String)>,
    marks: Vec<usize>,
}

impl Rendered<'_> {
    fn get(&self, prefix: &str) -> &str {
        self.declared
            .iter()
            .rev()
            .find(|(p, _)| *p == prefix)
            .map_or("", |(_, uri)| uri)
    }
}

/// Why a document has no canonical form here, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    /// The stable code: `c14n.malformed`, `c14n.encoding`, `c14n.doctype`, `c14n.namespace`,
    /// `c14n.limit`, `c14n.subset` (no element where the subset names one).
    pub code: &'static str,
    /// Byte offset in the document.
    pub offset: u32,
    /// What is wrong, in English.
    pub reason: Cow<'static, str>,
}

fn refuse(code: &'static str, offset: u32, reason: &'static str) -> Refused {
    Refused {
        code,
        offset,
        reason: Cow::Borrowed(reason),
    }
}

/// Where the tokens are, relative to what is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Before the document element (whole document) or the apex.
    Before,
    Inside,
    /// After the document element or the apex.
    After,
}

/// A namespace name C14N 1.0 can order and compare: an absolute URI (a scheme, then a colon), or
/// empty (undeclaring the default namespace).
fn absolute(uri: &str) -> bool {
    let Some(colon) = uri.find(':') else {
        return uri.is_empty();
    };
    let scheme = &uri.as_bytes()[..colon];
    scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// Character data as C14N 1.0 §2.3 writes it: in text `&`, `<`, `>` and CR as references (line
/// ends already one LF); in an attribute value `&`, `<`, `"`, tab, LF and CR.
fn escape(out: &mut String, s: &str, attribute: bool) {
    // Every character escaped is ASCII, so the text between them is copied as it stands, sliced at
    // their positions (always character boundaries).
    let mut from = 0;
    for (at, b) in s.bytes().enumerate() {
        let reference = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' if !attribute => "&gt;",
            b'"' if attribute => "&quot;",
            b'\t' if attribute => "&#x9;",
            b'\n' if attribute => "&#xA;",
            b'\r' => "&#xD;",
            _ => continue,
        };
        out.push_str(sub(s, from..at));
        out.push_str(reference);
        from = at + 1;
    }
    out.push_str(sub(s, from..));
}

/// An open element: its name, and whether it is written.
struct Open<'a> {
    name: &'a str,
    written: bool,
}

/// The walk over the document, and what it has written.
struct Canonicalizer<'a> {
    method: Method,
    subset: Subset<'a>,
    /// The prefix list, `#default` as `""`.
    inclusive: Vec<&'a str>,
    scopes: Scopes<'a>,
    rendered: Rendered<'a>,
    open: Vec<Open<'a>>,
    /// How many open elements the omitted one is inside of, while inside it.
    omitting: Option<usize>,
    /// `xml:` attributes of the open elements (their depth, name and value), for inclusive
    /// canonicalisation's apex, which carries its ancestors' (C14N 1.0 §2.4); kept until the apex.
    xml_attributes: Vec<(usize, &'a str, Cow<'a, str>)>,
    place: Place,
    out: String,
}

/// The canonical form of a document or of the `subset` of it. `max_attributes`, `max_depth` and
/// `max_namespaces` (the declarations in the whole document) bound what one element, the nesting
/// and the namespace look-ups may cost, as the reader's limits do.
pub fn canonicalize<'a>(
    doc: &'a str,
    method: Method,
    subset: Subset<'a>,
    max_attributes: usize,
    max_depth: usize,
    max_namespaces: usize,
) -> Result<String, Refused> {
    let mut lexer = Lexer::new(doc, max_attributes);
    let mut walk = Canonicalizer {
        method,
        subset,
        inclusive: subset
            .inclusive_prefixes
            .split_ascii_whitespace()
            .map(|p| if p == "#default" { "" } else { p })
            .collect(),
        scopes: Scopes::new(""),
        rendered: Rendered::default(),
        open: Vec::new(),
        omitting: None,
        xml_attributes: Vec::new(),
        place: Place::Before,
        out: String::with_capacity(doc.len()),
    };
    let mut declared = 0usize;
    let mut omitted = false;
    loop {
        let at = lexer.position();
        let token = lexer.next_token().map_err(|e| {
            let (code, reason) = match e.kind {
                ErrorKind::Malformed(detail) => ("c14n.malformed", detail),
                ErrorKind::Entity(_) => (
                    "c14n.malformed",
                    "a reference to an entity other than the five predefined ones",
                ),
                ErrorKind::Encoding => (
                    "c14n.encoding",
                    "an encoding other than UTF-8 (or ASCII bytes only)",
                ),
                ErrorKind::Attributes(_) => ("c14n.limit", "more attributes than the limit"),
            };
            Refused {
                code,
                offset: e.offset,
                reason: Cow::Owned(format!("not well-formed XML here: {reason}")),
            }
        })?;
        match token {
            Token::Eof => break,
            Token::Declaration => {}
            Token::Doctype => {
                return Err(refuse(
                    "c14n.doctype",
                    at,
                    "a DOCTYPE: its defaults and entities would change the canonical form, and no DTD is read",
                ));
            }
            Token::Start { name, empty, .. } => {
                if walk.open.len() >= max_depth {
                    return Err(refuse(
                        "c14n.limit",
                        at,
                        "elements nested deeper than the limit",
                    ));
                }
                declared += lexer
                    .attributes
                    .iter()
                    .filter(|a| declared_prefix(a.name).is_some())
                    .count();
                if declared > max_namespaces {
                    return Err(refuse(
                        "c14n.limit",
                        at,
                        "more namespace declarations than the limit",
                    ));
                }
                if walk.omitting.is_none() && subset.omit == Some(at) {
                    walk.omitting = Some(walk.open.len());
                    omitted = true;
                }
                walk.start(&lexer, name, at)?;
                // `<e/>` is written `<e></e>`: its end follows at once.
                if empty {
                    walk.end();
                }
            }
            Token::End => walk.end(),
            Token::Text { text, .. } | Token::CData(text) => {
                if walk.writing() {
                    escape(&mut walk.out, &line_ends(text), false);
                }
            }
            Token::Char(c) => {
                if walk.writing() {
                    let mut buf = [0u8; 4];
                    escape(&mut walk.out, c.encode_utf8(&mut buf), false);
                }
            }
            Token::Comment(text) => {
                if method.comments {
                    walk.beside(|o| {
                        o.push_str("<!--");
                        o.push_str(&line_ends(text));
                        o.push_str("-->");
                    });
                }
            }
            Token::Pi { target, data } => walk.beside(|o| {
                o.push_str("<?");
                o.push_str(target);
                if !data.is_empty() {
                    o.push(' ');
                    o.push_str(&line_ends(data));
                }
                o.push_str("?>");
            }),
        }
    }
    if walk.place == Place::Before {
        let reason = if subset.apex.is_some() {
            "no element starts where the subset's apex is named"
        } else {
            "no document element"
        };
        return Err(refuse("c14n.subset", 0, reason));
    }
    if subset.omit.is_some() && !omitted {
        return Err(refuse(
            "c14n.subset",
            0,
            "no element starts where the omitted element is named",
        ));
    }
    Ok(walk.out)
}

impl<'a> Canonicalizer<'a> {
    /// Whether text here is written: inside the document element or the apex, outside the
    /// omitted element.
    fn writing(&self) -> bool {
        self.place == Place::Inside && self.omitting.is_none()
    }

    /// A comment or PI: inside, where it stands; outside the document element on a line of its
    /// own; outside an apex, not at all.
    fn beside(&mut self, write: impl Fn(&mut String)) {
        match self.place {
            Place::Inside if self.omitting.is_none() => write(&mut self.out),
            Place::Before if self.subset.apex.is_none() => {
                write(&mut self.out);
                self.out.push('\n');
            }
            Place::After if self.subset.apex.is_none() => {
                self.out.push('\n');
                write(&mut self.out);
            }
            _ => {}
        }
    }

    /// The end tag of the innermost open element; its declarations go out of scope.
    fn end(&mut self) {
        let Some(element) = self.open.pop() else {
            return;
        };
        self.scopes.close();
        let depth = self.open.len();
        self.xml_attributes.retain(|(d, ..)| *d < depth);
        if element.written {
            self.out.push_str("</");
            self.out.push_str(element.name);
            self.out.push('>');
            if let Some(mark) = self.rendered.marks.pop() {
                self.rendered.declared.truncate(mark);
            }
            let apex_closed = match self.subset.apex {
                Some(_) => self.open.iter().all(|e| !e.written),
                None => depth == 0,
            };
            if apex_closed {
                self.place = Place::After;
            }
        }
        if self.omitting == Some(depth) {
            self.omitting = None;
        }
    }

    /// An element starts: its declarations come into scope, and its start tag is written when it
    /// is in the subset.
    fn start(&mut self, lexer: &Lexer<'a>, name: &'a str, at: u32) -> Result<(), Refused> {
        if lexer.attributes.is_empty() && self.inclusive.is_empty() {
            return self.plain_start(lexer, name, at);
        }
        self.full_start(lexer, name, at)
    }

    /// An element without attributes (most of a certificate's), with nothing to sort and nothing
    /// declared: its name's prefix must be in scope, and exclusive canonicalisation declares it
    /// where no output ancestor has; the apex takes the general way (it carries what is in scope).
    fn plain_start(&mut self, lexer: &Lexer<'a>, name: &'a str, at: u32) -> Result<(), Refused> {
        let apex = match self.subset.apex {
            None => self.open.is_empty(),
            Some(offset) => offset == at && self.place == Place::Before,
        };
        if apex && !self.method.exclusive {
            return self.full_start(lexer, name, at);
        }
        let (prefix, _) = split_qname(name, at)
            .map_err(|_| refuse("c14n.malformed", at, "a name that is not a qualified name"))?;
        if !prefix.is_empty() && self.scopes.resolve(prefix).is_none() {
            return Err(refuse(
                "c14n.namespace",
                at,
                "an element whose prefix is not declared",
            ));
        }
        self.scopes.open();
        let written = self.omitting.is_none()
            && (apex || self.open.last().is_some_and(|parent| parent.written));
        self.open.push(Open { name, written });
        if !written {
            return Ok(());
        }
        self.place = Place::Inside;
        self.out.push('<');
        self.out.push_str(name);
        if self.method.exclusive {
            self.rendered.marks.push(self.rendered.declared.len());
            let uri = self.scopes.resolve(prefix).map_or("", |r| r.uri);
            if prefix != "xml" && self.rendered.get(prefix) != uri {
                self.rendered.declared.push((prefix, uri.to_owned()));
                self.out.push_str(if prefix.is_empty() {
                    " xmlns"
                } else {
                    " xmlns:"
                });
                self.out.push_str(prefix);
                self.out.push_str("=\"");
                escape(&mut self.out, uri, true);
                self.out.push('"');
            }
        }
        self.out.push('>');
        Ok(())
    }

    fn full_start(&mut self, lexer: &Lexer<'a>, name: &'a str, at: u32) -> Result<(), Refused> {
        let namespace = |reason| refuse("c14n.namespace", at, reason);
        // What the parent has in scope, asked before this element's declarations hold.
        let mut declarations: Vec<(&'a str, Cow<'a, str>, bool)> = Vec::new();
        for a in &lexer.attributes {
            if let Some(prefix) = declared_prefix(a.name) {
                if !absolute(&a.value) {
                    return Err(namespace(
                        "a namespace name that is not an absolute URI (Canonical XML 1.0 §2.1)",
                    ));
                }
                let inherited = self.scopes.resolve(prefix).map_or("", |r| r.uri);
                let changed = inherited != a.value;
                declarations.push((prefix, a.value.clone(), changed));
            }
        }
        self.scopes.open();
        for (prefix, uri, _) in &declarations {
            self.scopes
                .declare(prefix, uri.clone(), at)
                .map_err(|_| namespace("a namespace declaration Namespaces in XML forbids"))?;
        }
        let apex = match self.subset.apex {
            None => self.open.is_empty(),
            Some(offset) => offset == at && self.place == Place::Before,
        };
        let written = self.omitting.is_none()
            && (apex || self.open.last().is_some_and(|parent| parent.written));
        let depth = self.open.len();
        self.open.push(Open { name, written });
        if !written {
            if self.place == Place::Before && !self.method.exclusive {
                for a in &lexer.attributes {
                    if a.name.starts_with("xml:") {
                        self.xml_attributes.push((depth, a.name, a.value.clone()));
                    }
                }
            }
            // Names are still checked: a document with no canonical form is refused whole.
            return names(&self.scopes, lexer, name, at).map(drop);
        }
        self.place = Place::Inside;
        let (used, mut attributes) = names(&self.scopes, lexer, name, at)?;
        let written: Vec<(&'a str, Cow<'_, str>)> = if self.method.exclusive {
            self.rendered.marks.push(self.rendered.declared.len());
            let mut written = Vec::new();
            let listed = self.inclusive.iter().copied().filter(|p| {
                // A listed prefix counts where it is in scope (the default: also where it is
                // undeclared under an output ancestor's).
                p.is_empty() || self.scopes.resolve(p).is_some()
            });
            let candidates: Vec<&'a str> = used.iter().copied().chain(listed).collect();
            for (k, p) in candidates.iter().enumerate() {
                if candidates[..k].contains(p) {
                    continue;
                }
                let uri = self.scopes.resolve(p).map_or("", |r| r.uri);
                if self.rendered.get(p) != uri {
                    self.rendered.declared.push((p, uri.to_owned()));
                    written.push((*p, Cow::Owned(uri.to_owned())));
                }
            }
            written
        } else if apex {
            // The apex carries every namespace in scope (an empty default is no declaration:
            // nothing above it was written), and the `xml:` attributes of its ancestors that it
            // does not set itself.
            let mut inherited: Vec<(&'a str, Cow<'a, str>)> = Vec::new();
            for (_, n, v) in self.xml_attributes.iter().rev() {
                let own = lexer.attributes.iter().any(|a| a.name == *n);
                if !own && !inherited.iter().any(|(m, _)| m == n) {
                    inherited.push((n, v.clone()));
                }
            }
            self.xml_attributes.clear();
            for (n, v) in inherited {
                let local = n.strip_prefix("xml:").unwrap_or(n);
                attributes.push((XML_NS, local, n, v));
            }
            self.scopes
                .in_scope()
                .filter(|(p, uri)| !uri.is_empty() && *p != "xml")
                .map(|(p, uri)| (p, Cow::Owned(uri.to_owned())))
                .collect()
        } else {
            declarations
                .iter()
                .filter(|d| d.2)
                .map(|(p, uri, _)| (*p, Cow::Borrowed(&**uri)))
                .collect()
        };
        let out = &mut self.out;
        out.push('<');
        out.push_str(name);
        let order = sorted_order(written.len(), &|i, j| written[i].0.cmp(written[j].0));
        for i in order {
            let (prefix, uri) = &written[i];
            out.push_str(if prefix.is_empty() {
                " xmlns"
            } else {
                " xmlns:"
            });
            out.push_str(prefix);
            out.push_str("=\"");
            escape(out, uri, true);
            out.push('"');
        }
        let order = sorted_order(attributes.len(), &|i, j| {
            (attributes[i].0, attributes[i].1).cmp(&(attributes[j].0, attributes[j].1))
        });
        for i in order {
            let (_, _, name, value) = &attributes[i];
            out.push(' ');
            out.push_str(name);
            out.push_str("=\"");
            escape(out, value, true);
            out.push('"');
        }
        out.push('>');
        Ok(())
    }
}

/// An attribute as the canonical form orders it: namespace name, local name, name, value.
type Attr<'s> = (&'s str, &'s str, &'s str, Cow<'s, str>);

/// The prefixes an element's names use (`xml` aside: bound by definition, never declared), and its
/// attributes, checked as Namespaces in XML asks: prefixes declared, no two attributes the same
/// after expansion.
fn names<'a: 's, 's>(
    scopes: &'s Scopes<'a>,
    lexer: &'s Lexer<'a>,
    name: &'a str,
    at: u32,
) -> Result<(Vec<&'a str>, Vec<Attr<'s>>), Refused> {
    let namespace = |reason| refuse("c14n.namespace", at, reason);
    let malformed = |_| refuse("c14n.malformed", at, "a name that is not a qualified name");
    let (prefix, _) = split_qname(name, at).map_err(malformed)?;
    if !prefix.is_empty() && scopes.resolve(prefix).is_none() {
        return Err(namespace("an element whose prefix is not declared"));
    }
    let mut used: Vec<&'a str> = Vec::new();
    if prefix != "xml" {
        used.push(prefix);
    }
    let mut attributes: Vec<Attr<'s>> = Vec::new();
    for a in &lexer.attributes {
        if declared_prefix(a.name).is_some() {
            continue;
        }
        let (attribute_prefix, local) = split_qname(a.name, at).map_err(malformed)?;
        let uri = if attribute_prefix.is_empty() {
            ""
        } else {
            scopes
                .resolve(attribute_prefix)
                .map(|r| r.uri)
                .ok_or_else(|| namespace("an attribute whose prefix is not declared"))?
        };
        if !attribute_prefix.is_empty() && attribute_prefix != "xml" {
            used.push(attribute_prefix);
        }
        if attributes.iter().any(|(u, l, ..)| *u == uri && *l == local) {
            return Err(namespace(
                "two attributes with the same namespace name and local name",
            ));
        }
        attributes.push((uri, local, a.name, Cow::Borrowed(&*a.value)));
    }
    Ok((used, attributes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c14n(doc: &str, comments: bool) -> Result<String, Refused> {
        canonicalize(
            doc,
            Method {
                exclusive: false,
                comments,
            },
            Subset::default(),
            64,
            256,
            16,
        )
    }

    #[test]
    fn the_basics_of_the_canonical_form() {
        let doc = "<?xml version=\"1.0\"?>\r\n<!--c-->\n<a  b='1' a=\"&#x9;x&lt;\"\r\n><e/>t&amp;\r\n<![CDATA[<>]]></a>\n<?p  d?>";
        assert_eq!(
            c14n(doc, false).unwrap(),
            "<a a=\"&#x9;x&lt;\" b=\"1\"><e></e>t&amp;\n&lt;&gt;</a>\n<?p d?>"
        );
        assert_eq!(
            c14n(doc, true).unwrap(),
            "<!--c-->\n<a a=\"&#x9;x&lt;\" b=\"1\"><e></e>t&amp;\n&lt;&gt;</a>\n<?p d?>"
        );
    }

    #[test]
    fn namespaces_are_written_where_they_change() {
        let doc = r#"<a xmlns="urn:d" xmlns:p="urn:p"><b xmlns="urn:d" xmlns:p="urn:q" p:z="1" y="2"><c xmlns=""/></b></a>"#;
        assert_eq!(
            c14n(doc, false).unwrap(),
            r#"<a xmlns="urn:d" xmlns:p="urn:p"><b xmlns:p="urn:q" y="2" p:z="1"><c xmlns=""></c></b></a>"#
        );
        // `xmlns=""` where no default namespace is in scope is superfluous.
        assert_eq!(
            c14n(r#"<a xmlns=""><b/></a>"#, false).unwrap(),
            "<a><b></b></a>"
        );
        // Attributes are ordered by namespace name, not by prefix.
        assert_eq!(
            c14n(
                r#"<a xmlns:z="urn:a" xmlns:b="urn:b" b:x="1" z:x="2"/>"#,
                false
            )
            .unwrap(),
            r#"<a xmlns:b="urn:b" xmlns:z="urn:a" z:x="2" b:x="1"></a>"#
        );
    }

    /// Exclusive canonicalisation: a declaration where a name uses it and no output ancestor has
    /// it already; the default namespace undeclared where an ancestor's would otherwise hold.
    #[test]
    fn exclusive_declarations_follow_use() {
        let exc = |doc: &str| {
            canonicalize(
                doc,
                Method {
                    exclusive: true,
                    comments: false,
                },
                Subset::default(),
                64,
                256,
                16,
            )
            .unwrap()
        };
        assert_eq!(
            exc(r#"<a xmlns:p="urn:p" xmlns:q="urn:q"><b q:y="2"><p:c/><p:d/></b></a>"#),
            r#"<a><b xmlns:q="urn:q" q:y="2"><p:c xmlns:p="urn:p"></p:c><p:d xmlns:p="urn:p"></p:d></b></a>"#
        );
        assert_eq!(
            exc(
                r#"<p:a xmlns:p="urn:p"><p:b xmlns:p="urn:p"><c xmlns="urn:d"><e xmlns=""/></c></p:b></p:a>"#
            ),
            r#"<p:a xmlns:p="urn:p"><p:b><c xmlns="urn:d"><e xmlns=""></e></c></p:b></p:a>"#
        );
    }

    #[test]
    fn what_has_no_canonical_form_is_refused() {
        for (doc, reason) in [
            ("<!DOCTYPE a><a/>", "DOCTYPE"),
            (r#"<a xmlns="rel/ns"/>"#, "absolute URI"),
            (
                r#"<a xmlns:p="urn:p" xmlns:q="urn:p" p:x="1" q:x="2"/>"#,
                "same namespace",
            ),
            ("<p:a/>", "not declared"),
            ("<a>", "well-formed"),
            ("<a>&ent;</a>", "entity"),
        ] {
            let e = c14n(doc, false).unwrap_err();
            assert!(e.reason.contains(reason), "{doc}: {e:?}");
        }
        let deep = format!("{}{}", "<a>".repeat(300), "</a>".repeat(300));
        assert!(c14n(&deep, false).unwrap_err().reason.contains("deeper"));
        let wide = format!("<a>{}</a>", "<b xmlns:p=\"urn:p\"/>".repeat(17));
        assert_eq!(c14n(&wide, false).unwrap_err().code, "c14n.limit");
    }
}
