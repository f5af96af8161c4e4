//! The XML binding's reader: a document into the neutral tree, through the strict tokenizer and the
//! namespace scopes of [`crate::xml`].
//!
//! The reader refuses what a certificate never needs and an attacker loves: any DOCTYPE (so no DTD,
//! no entity declarations, no external fetches), references to entities other than the five predefined
//! ones, elements outside the binding's namespace, and documents beyond the caller's limits. Every
//! refusal is a finding with a stable code and a position, never a panic.

use std::borrow::Cow;

use crate::catalogue::RuleId;
use crate::convert::to_usize;
use crate::findings::Raw;
use crate::limits::Limits;
use crate::sort::sorted_order;
use crate::vocab::{NAMESPACE, Name, Syntax, XmlForm};
use crate::xml::{
    Attribute, Error, ErrorKind, Lexer, Resolved, Scopes, Token, declared_prefix, is_space,
    line_ends, split_qname,
};

use super::tree::{Builder, Document, Kind, Node, NodeId};

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Reads an XML document (UTF-8, already size-checked, without its byte order mark) into the tree.
/// Out of line, as the JSON reader is: a first validation compiles the one reader it uses.
#[inline(never)]
pub fn read<'a>(source: &'a str, limits: &Limits) -> Result<Document<'a>, Raw> {
    let per_element = limits.max_attributes.saturating_add(limits.max_namespaces);
    let mut lexer = Lexer::new(source, to_usize(per_element));
    let mut scopes = Scopes::new(NAMESPACE);
    // About one node per 30 bytes in pretty-printed certificates.
    let capacity = (source.len() / 30 + 8).min(to_usize(limits.max_nodes));
    let mut tree = Builder::new(Syntax::Xml, capacity);
    let mut namespaces = 0u32;
    let mut items = 0u32;
    // One look over the whole document spares a look at every text: most have no CR at all.
    let has_cr = memchr::memchr(b'\r', source.as_bytes()).is_some();
    // An element refused for what it is (a root that is not a certificate, an element of another
    // namespace): reading goes on without building anything, within the same limits, for a more
    // basic fault that would come first — a document that is not even well-formed XML is reported
    // as that.
    let mut refused: Option<Refused> = None;
    loop {
        let start = lexer.position();
        let token = match lexer.next_token() {
            Ok(token) => token,
            Err(e) => return Err(lexer_error(&lexer, e, source, limits)),
        };
        match token {
            Token::Start {
                name: qname,
                empty,
                prefixed,
            } => {
                let attributes = &lexer.attributes;
                let (local, watched) = open_scope(
                    &mut scopes,
                    attributes,
                    qname,
                    prefixed,
                    &mut namespaces,
                    limits,
                    start,
                )?;
                if let Some(past) = &mut refused {
                    past.element(&mut scopes, attributes, empty, limits, start)?;
                    continue;
                }
                let at_root = tree.depth() == 0;
                if !watched || (at_root && local != Name::CertificateOfOrigin.xml()) {
                    refused = Some(Refused::new(qname, at_root, start, &tree, empty));
                    if empty {
                        scopes.close();
                    }
                    continue;
                }
                if tree.depth() >= limits.max_depth {
                    return Err(over_limit(RuleId::LimitDepth, limits.max_depth, start));
                }
                let name = Name::from_xml(local).filter(|n| n.xml_form() == XmlForm::Element);
                if name == Some(Name::IncludedConsignmentItem) {
                    items += 1;
                    if items > limits.max_items {
                        return Err(Raw::too_many_items(limits.max_items).at_offset(Some(start)));
                    }
                }
                // Layout before the first child element is not content either.
                if let Some(parent) = tree.current()
                    && parent.text.as_deref().is_some_and(is_xml_space)
                {
                    parent.text = None;
                }
                if tree.is_full(limits.max_nodes) {
                    return Err(over_limit(RuleId::LimitNodes, limits.max_nodes, start));
                }
                let id = tree.open(Node::new(local, name, Some(start)));
                if !attributes.is_empty() {
                    attribute_nodes(Some(&mut tree), &scopes, attributes, limits, start)?;
                }
                if empty {
                    close(&mut tree, id);
                    scopes.close();
                }
            }
            Token::End => {
                scopes.close();
                match &mut refused {
                    Some(past) => past.depth = past.depth.saturating_sub(1),
                    None => {
                        let id = tree.current_id();
                        close(&mut tree, id);
                    }
                }
            }
            Token::Text { .. } | Token::CData(_) | Token::Char(_) if refused.is_some() => {}
            // Layout between elements is dropped before any line-end normalisation is paid for.
            Token::Text { blank: true, .. } if tree.depth() == 0 || tree.current_has_elements() => {
            }
            Token::Text { text, .. } | Token::CData(text) => {
                push_text(&mut tree, content(text, has_cr))
            }
            Token::Char(c) => push_text(&mut tree, Cow::Owned(c.to_string())),
            // Neither is content of the certificate.
            Token::Comment(_) | Token::Pi { .. } | Token::Declaration => {}
            // The tokenizer reads nothing past a DOCTYPE; inside a document it is malformed.
            Token::Doctype if refused.is_some() => {
                return Err(malformed("a DOCTYPE inside the document", start));
            }
            Token::Doctype => {
                return Err(Raw::new(RuleId::ParseDoctype, vec![]).at_offset(Some(start)));
            }
            Token::Eof => break,
        }
    }
    match refused {
        Some(past) => Err(past.refusal),
        None => Ok(tree.finish()),
    }
}

/// Opens a start tag's namespace scope: its declarations (counted against the document's limit),
/// then its name resolved. Returns the local name and whether it is in the binding's namespace; a
/// prefix bound nowhere is a namespace error.
#[inline(always)]
fn open_scope<'a>(
    scopes: &mut Scopes<'a>,
    attributes: &[Attribute<'a>],
    qname: &'a str,
    prefixed: bool,
    namespaces: &mut u32,
    limits: &Limits,
    start: u32,
) -> Result<(&'a str, bool), Raw> {
    scopes.open();
    for attr in attributes {
        if let Some(prefix) = declared_prefix(attr.name) {
            *namespaces += 1;
            if *namespaces > limits.max_namespaces {
                return Err(over_limit(
                    RuleId::LimitNamespaces,
                    limits.max_namespaces,
                    start,
                ));
            }
            scopes
                .declare(prefix, attr.value.clone(), start)
                .map_err(syntax_error)?;
        }
    }
    let (prefix, local) = if prefixed {
        split_qname(qname, start).map_err(syntax_error)?
    } else {
        ("", qname)
    };
    match scopes.resolve(prefix) {
        Some(ns) => Ok((local, ns.watched)),
        None if !prefix.is_empty() => Err(unbound(qname, start)),
        // No default namespace: a name in no namespace, which is well-formed.
        None => Ok((local, false)),
    }
}

/// Reading past a refused element: the refusal, and what the limits count.
struct Refused {
    refusal: Raw,
    /// Elements open, the refused one included.
    depth: u32,
    /// Nodes read, as the tree would hold them.
    nodes: u32,
}

impl Refused {
    #[cold]
    #[inline(never)]
    fn new(qname: &str, at_root: bool, start: u32, tree: &Builder<'_>, empty: bool) -> Refused {
        Refused {
            refusal: foreign(qname, at_root, start),
            depth: tree.depth() + u32::from(!empty),
            nodes: tree.len(),
        }
    }

    /// A start tag past the refusal, its scope already opened: checked, not built.
    #[cold]
    #[inline(never)]
    fn element<'a>(
        &mut self,
        scopes: &mut Scopes<'a>,
        attributes: &[Attribute<'a>],
        empty: bool,
        limits: &Limits,
        start: u32,
    ) -> Result<(), Raw> {
        if self.depth >= limits.max_depth {
            return Err(over_limit(RuleId::LimitDepth, limits.max_depth, start));
        }
        let added = attribute_nodes(None, scopes, attributes, limits, start)?;
        self.nodes = self.nodes.saturating_add(1 + added);
        if self.nodes > limits.max_nodes {
            return Err(over_limit(RuleId::LimitNodes, limits.max_nodes, start));
        }
        if empty {
            scopes.close();
        } else {
            self.depth += 1;
        }
        Ok(())
    }
}

/// The finding for why the tokenizer stopped. Out of line, so the token loop passes tokens, not
/// findings, around.
#[cold]
#[inline(never)]
fn lexer_error(lexer: &Lexer<'_>, e: Error<'_>, source: &str, limits: &Limits) -> Raw {
    match e.kind {
        ErrorKind::Attributes(_) => too_many_attributes(lexer, source, e.offset, limits),
        _ => syntax_error(e),
    }
}

fn syntax_error(e: Error<'_>) -> Raw {
    let at = Some(e.offset);
    match e.kind {
        ErrorKind::Malformed(detail) => malformed(detail, e.offset),
        ErrorKind::Entity(name) => Raw::new(RuleId::ParseEntity, vec![])
            .at_offset(at)
            .param("entity", name),
        ErrorKind::Encoding => Raw::new(RuleId::ParseEncoding, vec![]).at_offset(at),
        // Not reached from the reader: the tokenizer's crowded-tag error goes through `lexer_error`
        // to `too_many_attributes`, which names the caller's limit, and the namespace layer never
        // raises it. The arm keeps the match whole with the tokenizer's own number.
        ErrorKind::Attributes(limit) => Raw::over_limit(
            RuleId::LimitAttributes,
            u64::try_from(limit).unwrap_or(u64::MAX),
        )
        .at_offset(at),
    }
}

/// A tag with more attributes than the tokenizer holds (the caller's attribute limit plus its
/// namespace limit: XML 1.0 counts declarations as attributes). More than both allow means more
/// declarations or more attributes than its own limit allows; the finding names that one, with the
/// caller's number (not the tokenizer's sum).
#[cold]
#[inline(never)]
fn too_many_attributes(lexer: &Lexer<'_>, source: &str, at: u32, limits: &Limits) -> Raw {
    let offending = source.get(to_usize(at)..).and_then(|rest| {
        let end = rest.find(|c: char| c == '=' || is_space_char(c))?;
        rest.get(..end)
    });
    let declarations = lexer
        .attributes
        .iter()
        .map(|a| a.name)
        .chain(offending)
        .filter(|name| declared_prefix(name).is_some())
        .count();
    if declarations > to_usize(limits.max_namespaces) {
        over_limit(RuleId::LimitNamespaces, limits.max_namespaces, at)
    } else {
        over_limit(RuleId::LimitAttributes, limits.max_attributes, at)
    }
}

fn is_space_char(c: char) -> bool {
    c.is_ascii() && u8::try_from(c).is_ok_and(is_space)
}

// The reader's findings are built out of line, so that the loop over tokens stays small.

/// An element outside the binding's namespace, or a root that is not the binding's.
#[cold]
#[inline(never)]
fn foreign(qname: &str, at_root: bool, offset: u32) -> Raw {
    let raw = Raw::new(
        if at_root {
            RuleId::ParseRoot
        } else {
            RuleId::ParseNamespace
        },
        vec![],
    )
    .at_offset(Some(offset))
    .param("found", qname);
    if at_root {
        let expected = format!(
            "the root element {{{NAMESPACE}}}{}",
            Name::CertificateOfOrigin.xml()
        );
        raw.param("namespace", NAMESPACE)
            .param("expected", expected)
    } else {
        raw
    }
}

/// A prefix that no declaration in scope binds (Namespaces in XML 1.0, "Prefix Declared").
#[cold]
#[inline(never)]
fn unbound(qname: &str, offset: u32) -> Raw {
    Raw::new(RuleId::ParseNamespace, vec![])
        .at_offset(Some(offset))
        .param("found", qname)
}

/// A document beyond one of the limits the reader enforces, where it went beyond.
#[cold]
#[inline(never)]
fn over_limit(rule: RuleId, limit: u32, offset: u32) -> Raw {
    Raw::over_limit(rule, limit.into()).at_offset(Some(offset))
}

/// Attributes become child nodes flagged as attributes. Unqualified attributes belong to the binding;
/// `xsi:` ones are tolerated and dropped; any other namespace (`xml:lang` too) is an unknown node.
/// Without a tree (reading past a refusal) they are only checked; returns how many nodes they are.
fn attribute_nodes<'a>(
    mut tree: Option<&mut Builder<'a>>,
    scopes: &Scopes<'a>,
    attributes: &[Attribute<'a>],
    limits: &Limits,
    offset: u32,
) -> Result<u32, Raw> {
    let mut count = 0u32;
    let mut qualified: Vec<(&str, &str)> = Vec::new();
    for attr in attributes {
        if declared_prefix(attr.name).is_some() {
            continue;
        }
        count += 1;
        if count > limits.max_attributes {
            return Err(over_limit(
                RuleId::LimitAttributes,
                limits.max_attributes,
                offset,
            ));
        }
        let (prefix, local) = split_qname(attr.name, offset).map_err(syntax_error)?;
        let (raw, name) = if prefix.is_empty() {
            let name = Name::from_xml(local).filter(|n| n.xml_form() == XmlForm::Attribute);
            (local, name)
        } else {
            let Some(Resolved { uri, .. }) = scopes.resolve(prefix) else {
                return Err(unbound(attr.name, offset));
            };
            qualified.push((uri, local));
            // xsi:schemaLocation and friends are instructions to schema processors, not content.
            if uri == XSI {
                continue;
            }
            (attr.name, None)
        };
        let Some(tree) = tree.as_deref_mut() else {
            continue;
        };
        if tree.is_full(limits.max_nodes) {
            return Err(over_limit(RuleId::LimitNodes, limits.max_nodes, offset));
        }
        let mut node = Node::new(raw, name, Some(offset));
        node.is_attr = true;
        node.kind = Kind::Scalar;
        node.text = Some(trimmed(attr.value.clone()));
        tree.leaf(node);
    }
    // Two names for one attribute (Namespaces in XML 1.0 §6.3): sorted, as the caller's limit on
    // attributes may be large.
    let order = sorted_order(qualified.len(), &|i, j| qualified[i].cmp(&qualified[j]));
    if order.windows(2).any(|w| qualified[w[0]] == qualified[w[1]]) {
        return Err(malformed("an attribute is repeated", offset));
    }
    Ok(count)
}

/// Character data with XML 1.0 line ends normalised (CR LF and lone CR become LF); borrowed
/// unless there is a CR to replace.
fn content(text: &str, has_cr: bool) -> Cow<'_, str> {
    if !has_cr {
        return Cow::Borrowed(text);
    }
    line_ends(text)
}

fn malformed(detail: &str, offset: u32) -> Raw {
    Raw::new(RuleId::ParseMalformed, vec![])
        .at_offset(Some(offset))
        .param("syntax", "XML")
        .param("detail", detail)
}

/// Trims XML white space (what xs:token collapses), not Unicode's: a no-break space is content.
/// Works on bytes: the four are ASCII, so every cut falls on a character boundary.
#[inline]
fn trim_xml_space(s: &str) -> &str {
    let bytes = s.as_bytes();
    let start = bytes
        .iter()
        .position(|&b| !is_space(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| !is_space(b))
        .map_or(start, |i| i + 1);
    s.get(start..end).unwrap_or(s)
}

#[inline]
fn trimmed(s: Cow<'_, str>) -> Cow<'_, str> {
    match s {
        Cow::Borrowed(b) => Cow::Borrowed(trim_xml_space(b)),
        Cow::Owned(o) if trim_xml_space(&o).len() != o.len() => {
            Cow::Owned(trim_xml_space(&o).to_owned())
        }
        owned => owned,
    }
}

/// XML's own white space (S in the XML 1.0 grammar): what may stand between elements.
fn is_xml_space(s: &(impl AsRef<[u8]> + ?Sized)) -> bool {
    s.as_ref().iter().all(|&b| is_space(b))
}

/// Appends character data to the open element; the first piece is kept borrowed.
#[inline]
fn push_text<'a>(tree: &mut Builder<'a>, text: Cow<'a, str>) {
    // Layout between child elements is not content: dropped here, so it is never copied or joined.
    if tree.current_has_elements() && is_xml_space(&*text) {
        return;
    }
    if let Some(node) = tree.current() {
        node.text = Some(match node.text.take() {
            None => text,
            Some(before) => Cow::Owned(before.into_owned() + &text),
        });
    }
}

/// Closes an element, deciding its kind once its content is complete.
#[inline]
fn close(tree: &mut Builder<'_>, id: NodeId) {
    let has_elements = tree.has_elements(id);
    if let Some(node) = tree.close() {
        if has_elements {
            node.kind = Kind::Container;
            // Layout between elements is not content; other text is kept for a shape finding.
            if node.text.as_deref().is_some_and(is_xml_space) {
                node.text = None;
            }
        } else {
            node.kind = Kind::Scalar;
            node.text = Some(trimmed(node.text.take().unwrap_or(Cow::Borrowed(""))));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_xml_white_space_is_trimmed() {
        assert_eq!(
            trim_xml_space(" \t\r\n\u{a0}ab c\u{a0}\n "),
            "\u{a0}ab c\u{a0}"
        );
        assert_eq!(trim_xml_space(" \n\t "), "");
        assert_eq!(trim_xml_space(""), "");
        assert_eq!(trim_xml_space("é"), "é");
    }
}
