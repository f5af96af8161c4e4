//! Canonical XML 1.0 (W3C Recommendation, 15 March 2001) of a whole document, with or without
//! comments, over the same tokenizer the binding reads with: what a signature's digest is taken
//! over must be what the model is read from (SIGNATURES.md, "one parser, one parse").
//!
//! A document with a DOCTYPE is refused (the canonical form depends on the DTD's defaults and
//! entities, which this reader never applies), as is a namespace name that is not an absolute URI
//! (C14N 1.0 §2.1 leaves the result of relative names undefined). It never returns empty bytes for
//! a document: it canonicalises or says why not. Exclusive XML Canonicalization 1.0 differs only in
//! which namespace declarations an element carries. Subtrees in their document context (a
//! `SignedInfo`, an enveloped signature left out) come next (issue 11).

use std::borrow::Cow;

use crate::sort::sorted_order;

use super::lexer::{ErrorKind, Lexer, Token};
use super::namespaces::{Scopes, declared_prefix, split_qname};

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
    /// `c14n.limit`.
    pub code: &'static str,
    /// Byte offset in the document.
    pub offset: u32,
    /// What is wrong, in English.
    pub reason: Cow<'static, str>,
}

/// Where the tokens are, relative to the document element.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Before,
    Inside,
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
    for c in s.chars() {
        let reference = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' if !attribute => "&gt;",
            '"' if attribute => "&quot;",
            '\t' if attribute => "&#x9;",
            '\n' if attribute => "&#xA;",
            '\r' => "&#xD;",
            c => {
                out.push(c);
                continue;
            }
        };
        out.push_str(reference);
    }
}

/// Text as written, its line ends (CR LF, CR) made one LF as an XML processor must (XML 1.0 §2.11).
fn line_ends(s: &str) -> Cow<'_, str> {
    if !s.contains('\r') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
}

/// The canonical form of a whole document. `max_attributes`, `max_depth` and `max_namespaces` (the
/// declarations in the whole document) bound what one element, the nesting and the namespace
/// look-ups may cost, as the reader's limits do.
pub fn canonicalize(
    doc: &str,
    method: Method,
    max_attributes: usize,
    max_depth: usize,
    max_namespaces: usize,
) -> Result<String, Refused> {
    let refuse = |code: &'static str, offset: u32, reason: &'static str| Refused {
        code,
        offset,
        reason: Cow::Borrowed(reason),
    };
    let mut lexer = Lexer::new(doc, max_attributes);
    let mut scopes = Scopes::new("");
    let mut rendered = Rendered::default();
    let mut open: Vec<&str> = Vec::new();
    let mut out = String::with_capacity(doc.len());
    let mut place = Place::Before;
    let mut declared = 0usize;
    loop {
        let at = lexer.position();
        let token = lexer.next_token().map_err(|e| {
            let (code, reason) = match e.kind {
                ErrorKind::Malformed(detail) => ("c14n.malformed", detail),
                ErrorKind::Entity(_) => (
                    "c14n.malformed",
                    "a reference to an entity other than the five predefined ones",
                ),
                ErrorKind::Encoding => ("c14n.encoding", "an encoding other than UTF-8"),
                ErrorKind::Attributes(_) => ("c14n.limit", "more attributes than the limit"),
            };
            Refused {
                code,
                offset: e.offset,
                reason: Cow::Owned(format!("not well-formed XML here: {reason}")),
            }
        })?;
        // A comment or PI outside the document element stands on a line of its own.
        let outside = |out: &mut String, write: &dyn Fn(&mut String)| match place {
            Place::Before => {
                write(out);
                out.push('\n');
            }
            Place::After => {
                out.push('\n');
                write(out);
            }
            Place::Inside => write(out),
        };
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
                if open.len() >= max_depth {
                    return Err(refuse(
                        "c14n.limit",
                        at,
                        "elements nested deeper than the limit",
                    ));
                }
                place = Place::Inside;
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
                let rendering = method.exclusive.then_some(&mut rendered);
                start_tag(&mut out, &mut scopes, rendering, &lexer, name, at)?;
                open.push(name);
                // `<e/>` is written `<e></e>`: its end follows at once.
                if empty {
                    end_tag(&mut out, &mut scopes, &mut rendered, &mut open, &mut place);
                }
            }
            Token::End => end_tag(&mut out, &mut scopes, &mut rendered, &mut open, &mut place),
            Token::Text { text, .. } | Token::CData(text) => {
                if place == Place::Inside {
                    escape(&mut out, &line_ends(text), false);
                }
            }
            Token::Char(c) => {
                let mut buf = [0u8; 4];
                escape(&mut out, c.encode_utf8(&mut buf), false);
            }
            Token::Comment(text) => {
                if method.comments {
                    outside(&mut out, &|o: &mut String| {
                        o.push_str("<!--");
                        o.push_str(&line_ends(text));
                        o.push_str("-->");
                    });
                }
            }
            Token::Pi { target, data } => {
                outside(&mut out, &|o: &mut String| {
                    o.push_str("<?");
                    o.push_str(target);
                    if !data.is_empty() {
                        o.push(' ');
                        o.push_str(&line_ends(data));
                    }
                    o.push_str("?>");
                });
            }
        }
    }
    Ok(out)
}

/// The end tag of the innermost open element; its declarations go out of scope.
fn end_tag(
    out: &mut String,
    scopes: &mut Scopes<'_>,
    rendered: &mut Rendered<'_>,
    open: &mut Vec<&str>,
    place: &mut Place,
) {
    let name = open.pop().unwrap_or("");
    out.push_str("</");
    out.push_str(name);
    out.push('>');
    scopes.close();
    if let Some(mark) = rendered.marks.pop() {
        rendered.declared.truncate(mark);
    }
    if open.is_empty() {
        *place = Place::After;
    }
}

/// A start tag in canonical form: the namespace declarations that change what the parent has in
/// scope, ordered by prefix (the default first), then the attributes ordered by namespace name and
/// local name (those in no namespace first).
fn start_tag<'a>(
    out: &mut String,
    scopes: &mut Scopes<'a>,
    exclusive: Option<&mut Rendered<'a>>,
    lexer: &Lexer<'a>,
    name: &'a str,
    at: u32,
) -> Result<(), Refused> {
    let refuse = |reason: &'static str| Refused {
        code: "c14n.namespace",
        offset: at,
        reason: Cow::Borrowed(reason),
    };
    let malformed = |_| Refused {
        code: "c14n.malformed",
        ..refuse("a name that is not a qualified name")
    };
    // What the parent has in scope, asked before this element's declarations hold.
    let mut declarations: Vec<(&'a str, Cow<'a, str>, bool)> = Vec::new();
    for a in &lexer.attributes {
        if let Some(prefix) = declared_prefix(a.name) {
            if !absolute(&a.value) {
                return Err(refuse(
                    "a namespace name that is not an absolute URI (Canonical XML 1.0 §2.1)",
                ));
            }
            let inherited = scopes.resolve(prefix).map_or("", |r| r.uri);
            let changed = inherited != a.value;
            declarations.push((prefix, a.value.clone(), changed));
        }
    }
    scopes.open();
    for (prefix, uri, _) in &declarations {
        scopes
            .declare(prefix, uri.clone(), at)
            .map_err(|_| refuse("a namespace declaration Namespaces in XML forbids"))?;
    }
    let (prefix, _) = split_qname(name, at).map_err(malformed)?;
    if !prefix.is_empty() && scopes.resolve(prefix).is_none() {
        return Err(refuse("an element whose prefix is not declared"));
    }
    // Attributes with their namespace names (no prefix: no namespace).
    let mut attributes: Vec<(&str, &str, usize)> = Vec::new();
    // The names' prefixes, `xml` aside: it is bound by definition and never declared.
    let mut used: Vec<&'a str> = Vec::new();
    if prefix != "xml" {
        used.push(prefix);
    }
    for (i, a) in lexer.attributes.iter().enumerate() {
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
                .ok_or_else(|| refuse("an attribute whose prefix is not declared"))?
        };
        if !attribute_prefix.is_empty() && attribute_prefix != "xml" {
            used.push(attribute_prefix);
        }
        attributes.push((uri, local, i));
    }
    // The declarations written: those that change the parent's scope (inclusive), or those the
    // element's names use that no output ancestor declared the same (exclusive).
    let written: Vec<(&'a str, Cow<'_, str>)> = match exclusive {
        None => declarations
            .iter()
            .filter(|d| d.2)
            .map(|(p, uri, _)| (*p, Cow::Borrowed(&**uri)))
            .collect(),
        Some(rendered) => {
            rendered.marks.push(rendered.declared.len());
            let mut written = Vec::new();
            for (k, p) in used.iter().enumerate() {
                if used[..k].contains(p) {
                    continue;
                }
                let uri = scopes.resolve(p).map_or("", |r| r.uri);
                if rendered.get(p) != uri {
                    rendered.declared.push((p, uri.to_owned()));
                    written.push((*p, Cow::Owned(uri.to_owned())));
                }
            }
            written
        }
    };
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
    for (k, (uri, local, _)) in attributes.iter().enumerate() {
        if attributes[..k]
            .iter()
            .any(|(u, l, _)| u == uri && l == local)
        {
            return Err(refuse(
                "two attributes with the same namespace name and local name",
            ));
        }
    }
    let order = sorted_order(attributes.len(), &|i, j| {
        (attributes[i].0, attributes[i].1).cmp(&(attributes[j].0, attributes[j].1))
    });
    for i in order {
        let a = &lexer.attributes[attributes[i].2];
        out.push(' ');
        out.push_str(a.name);
        out.push_str("=\"");
        escape(out, &a.value, true);
        out.push('"');
    }
    out.push('>');
    Ok(())
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
