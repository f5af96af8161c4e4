//! The XML binding: reading bytes into the neutral tree with quick-xml, and writing the model back.
//!
//! The reader refuses what a certificate never needs and an attacker loves: any DOCTYPE (so no DTD,
//! no entity declarations, no external fetches), references to entities other than the five predefined
//! ones, elements outside the binding's namespace, and documents beyond the caller's limits. Every
//! refusal is a finding with a stable code and a position, never a panic.

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::events::attributes::Attribute;
use quick_xml::name::{NamespaceResolver, ResolveResult};

use crate::options::Limits;
use crate::report::Raw;
use crate::rules::RuleId;
use std::borrow::Cow;

use crate::tree::{Builder, Document, Kind, Node, NodeId, Syntax};
use crate::vocab::{NAMESPACE, Name, XmlForm};

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Reads an XML document (UTF-8, already size-checked) into the tree.
pub fn read<'a>(source: &'a str, limits: &Limits) -> Result<Document<'a>, Raw> {
    // A plain reader with the namespace scopes kept here: only start tags need resolving, and
    // resolving every text and end event (as NsReader does) costs a tenth of the whole validation.
    let mut reader = Reader::from_str(source);
    let mut scopes = NamespaceResolver::default();
    // Whether each open element opened a namespace scope: only elements with attributes can bind a
    // prefix, and most certificate elements have none, so most skip the resolver's bookkeeping.
    let mut scoped: Vec<bool> = Vec::with_capacity(16);
    // About one node per 30 bytes in pretty-printed certificates.
    let mut tree = Builder::new(Syntax::Xml, source.len() / 30 + 8);
    let mut namespaces = 0u32;
    let mut items = 0u32;
    // One look over the whole document spares a look at every text: most have no CR at all.
    let has_cr = memchr::memchr(b'\r', source.as_bytes()).is_some();
    loop {
        let start = reader.buffer_position() as u32;
        let event = match reader.read_event() {
            Ok(v) => v,
            Err(e) => return Err(malformed(e.to_string(), reader.error_position() as u32)),
        };
        match event {
            Event::DocType(_) => {
                return Err(Raw::new(RuleId::ParseDoctype, vec![]).at_offset(Some(start)));
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                if tree.is_complete() {
                    return Err(malformed("content after the root element".into(), start));
                }
                let has_attributes = !is_xml_space(e.attributes_raw());
                if has_attributes {
                    scopes
                        .push(e)
                        .map_err(|err| malformed(err.to_string(), start))?;
                }
                scoped.push(has_attributes);
                let (ns, local) = scopes.resolve_element(e.name());
                let local = source_str(source, local.into_inner())?;
                let in_ns =
                    matches!(ns, ResolveResult::Bound(n) if n.into_inner() == NAMESPACE.as_bytes());
                let qname = || source_str(source, e.name().into_inner()).unwrap_or_default();
                let at_root = tree.depth() == 0;
                if !in_ns || (at_root && local != Name::CertificateOfOrigin.xml()) {
                    return Err(if at_root {
                        Raw::new(RuleId::ParseRoot, vec![])
                            .at_offset(Some(start))
                            .param("found", qname())
                            .param("namespace", NAMESPACE)
                    } else {
                        Raw::new(RuleId::ParseNamespace, vec![])
                            .at_offset(Some(start))
                            .param("found", qname())
                    });
                }
                if tree.depth() as u32 >= limits.max_depth {
                    return Err(Raw::new(RuleId::LimitDepth, vec![])
                        .at_offset(Some(start))
                        .param("limit", limits.max_depth.to_string()));
                }
                let name = Name::from_xml(local).filter(|n| n.xml_form() == XmlForm::Element);
                if name == Some(Name::IncludedConsignmentItem) {
                    items += 1;
                    if items > limits.max_items {
                        return Err(Raw::new(RuleId::LimitItems, vec![])
                            .at_offset(Some(start))
                            .param("count", format!("more than {}", limits.max_items))
                            .param("limit", limits.max_items.to_string()));
                    }
                }
                // Layout before the first child element is not content either.
                if let Some(parent) = tree.current()
                    && parent.text.as_deref().is_some_and(is_xml_space)
                {
                    parent.text = None;
                }
                let id = tree.open(Node::new(local, name, Some(start)));
                if has_attributes {
                    let mut attributes = 0u32;
                    for attr in e.attributes() {
                        let attr = attr.map_err(|err| malformed(err.to_string(), start))?;
                        if attr.key.as_namespace_binding().is_some() {
                            namespaces += 1;
                            if namespaces > limits.max_namespaces {
                                return Err(Raw::new(RuleId::LimitNamespaces, vec![])
                                    .at_offset(Some(start))
                                    .param("limit", limits.max_namespaces.to_string()));
                            }
                            continue;
                        }
                        attributes += 1;
                        if attributes > limits.max_attributes {
                            return Err(Raw::new(RuleId::LimitAttributes, vec![])
                                .at_offset(Some(start))
                                .param("limit", limits.max_attributes.to_string()));
                        }
                        if let Some(child) = attribute_node(source, &scopes, &attr, start)? {
                            tree.open(child);
                            tree.close();
                        }
                    }
                }
                if empty {
                    close(&mut tree, id);
                    pop_scope(&mut scopes, &mut scoped);
                }
            }
            Event::End(_) => match tree.depth() {
                0 => return Err(malformed("unexpected end tag".into(), start)),
                _ => {
                    let id = tree.current_id();
                    close(&mut tree, id);
                    pop_scope(&mut scopes, &mut scoped);
                }
            },
            // Layout between elements is dropped before any line-end normalisation is paid for.
            Event::Text(t) if tree.current_has_elements() && is_xml_space(&*t) => {}
            Event::Text(t) => push_text(&mut tree, content(source, &t, has_cr)?, start)?,
            Event::CData(c) => {
                if tree.depth() == 0 {
                    return Err(malformed(
                        "character data outside the root element".into(),
                        start,
                    ));
                }
                push_text(&mut tree, content(source, &c, has_cr)?, start)?;
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let entity = source_str(source, &r)?;
                        match resolve_predefined_entity(entity) {
                            Some(s) => s.to_owned(),
                            None => {
                                return Err(Raw::new(RuleId::ParseEntity, vec![])
                                    .at_offset(Some(start))
                                    .param("entity", entity));
                            }
                        }
                    }
                    Err(e) => return Err(malformed(e.to_string(), start)),
                };
                if tree.depth() == 0 {
                    return Err(malformed(
                        "reference outside the root element".into(),
                        start,
                    ));
                }
                push_text(&mut tree, Cow::Owned(resolved), start)?;
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if tree.depth() > 0 {
        return Err(malformed(
            "the document ends inside an element".into(),
            source.len() as u32,
        ));
    }
    if !tree.is_complete() {
        return Err(malformed("no root element".into(), 0));
    }
    Ok(tree.finish())
}

fn pop_scope(scopes: &mut NamespaceResolver, scoped: &mut Vec<bool>) {
    if scoped.pop() == Some(true) {
        scopes.pop();
    }
}

/// The source text behind bytes the reader handed out. The reader works on the source itself, so
/// its names and texts are slices of it: finding them again costs two boundary checks, where
/// decoding would check the UTF-8 of every piece again (the source was checked once, whole).
fn source_str<'a>(source: &'a str, bytes: &[u8]) -> Result<&'a str, Raw> {
    let within = (bytes.as_ptr() as usize)
        .checked_sub(source.as_ptr() as usize)
        .and_then(|start| source.get(start..start.checked_add(bytes.len())?));
    match within {
        Some(s) => Ok(s),
        // Not a slice of the source: never with a reader over a string, refused rather than guessed.
        None => Err(malformed(
            "the reader returned text that is not part of the document".into(),
            0,
        )),
    }
}

/// Character data with XML 1.0 line ends normalised (CR LF and lone CR become LF); borrowed
/// unless there is a CR to replace.
fn content<'a>(source: &'a str, bytes: &[u8], has_cr: bool) -> Result<Cow<'a, str>, Raw> {
    let text = source_str(source, bytes)?;
    if !has_cr || memchr::memchr(b'\r', bytes).is_none() {
        return Ok(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(cr) = rest.find('\r') {
        out.push_str(&rest[..cr]);
        out.push('\n');
        rest = &rest[cr + 1..];
        if let Some(after) = rest.strip_prefix('\n') {
            rest = after;
        }
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

fn malformed(detail: String, offset: u32) -> Raw {
    Raw::new(RuleId::ParseMalformed, vec![])
        .at_offset(Some(offset))
        .param("syntax", "XML")
        .param("detail", detail)
}

/// Attributes become child nodes flagged as attributes. Unqualified attributes belong to the binding;
/// `xsi:` ones are tolerated and dropped; any other namespace (`xml:lang` too) is an unknown node.
fn attribute_node<'a>(
    source: &'a str,
    scopes: &NamespaceResolver,
    attr: &Attribute<'_>,
    offset: u32,
) -> Result<Option<Node<'a>>, Raw> {
    let (ns, local) = scopes.resolve_attribute(attr.key);
    let local = source_str(source, local.into_inner())?;
    let known = match ns {
        ResolveResult::Unbound => true,
        // xsi:schemaLocation and friends are instructions to schema processors, not content.
        ResolveResult::Bound(n) if n.into_inner() == XSI.as_bytes() => return Ok(None),
        ResolveResult::Bound(_) => false,
        ResolveResult::Unknown(_) => {
            return Err(Raw::new(RuleId::ParseNamespace, vec![])
                .at_offset(Some(offset))
                .param("found", source_str(source, attr.key.into_inner())?));
        }
    };
    let value = attr
        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .map_err(|e| match e {
            quick_xml::Error::Escape(quick_xml::escape::EscapeError::UnrecognizedEntity(
                _,
                name,
            )) => Raw::new(RuleId::ParseEntity, vec![])
                .at_offset(Some(offset))
                .param("entity", name),
            other => malformed(other.to_string(), offset),
        })?;
    let (raw, name) = if known {
        (
            local,
            Name::from_xml(local).filter(|n| n.xml_form() == XmlForm::Attribute),
        )
    } else {
        (source_str(source, attr.key.into_inner())?, None)
    };
    let mut node = Node::new(raw, name, Some(offset));
    node.is_attr = true;
    node.kind = Kind::Scalar;
    // A value with nothing to normalise is a slice of the source and stays borrowed.
    node.text = Some(match trimmed(value) {
        Cow::Borrowed(b) => Cow::Borrowed(source_str(source, b.as_bytes())?),
        Cow::Owned(o) => Cow::Owned(o),
    });
    Ok(Some(node))
}

/// Trims XML white space (what xs:token collapses), not Unicode's: a no-break space is content.
/// Works on bytes: the four are ASCII, so every cut falls on a character boundary.
fn trim_xml_space(s: &str) -> &str {
    let bytes = s.as_bytes();
    let start = bytes
        .iter()
        .position(|b| !is_space(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !is_space(b))
        .map_or(start, |i| i + 1);
    s.get(start..end).unwrap_or(s)
}

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
    s.as_ref().iter().all(is_space)
}

/// One byte of S: space, tab, LF or CR.
fn is_space(b: &u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Appends character data to the open element; the first piece is kept borrowed.
fn push_text<'a>(tree: &mut Builder<'a>, text: Cow<'a, str>, offset: u32) -> Result<(), Raw> {
    // Layout between child elements is not content: dropped here, so it is never copied or joined.
    if tree.current_has_elements() && is_xml_space(&*text) {
        return Ok(());
    }
    match tree.current() {
        Some(node) => {
            node.text = Some(match node.text.take() {
                None => text,
                Some(before) => Cow::Owned(before.into_owned() + &text),
            });
            Ok(())
        }
        None if is_xml_space(&*text) => Ok(()),
        None => Err(malformed("text outside the root element".into(), offset)),
    }
}

/// Closes an element, deciding its kind once its content is complete.
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

/// Writes a certificate in the XML binding. The JSON form of the model is walked with the vocabulary,
/// whose declaration order is the binding's element order, so the two bindings cannot drift apart.
pub fn write(cert: &crate::model::Certificate) -> String {
    let value = serde_json::to_value(cert).unwrap_or(serde_json::Value::Null);
    let mut out = String::with_capacity(4096);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<{} xmlns=\"{}\">\n",
        Name::CertificateOfOrigin.xml(),
        NAMESPACE
    ));
    if let serde_json::Value::Object(map) = &value {
        let mut members: Vec<_> = map.iter().collect();
        members.sort_by_key(|(k, _)| Name::from_json(k).map(|n| n as u8));
        for (key, v) in members {
            write_member(&mut out, key, v, 1);
        }
    }
    out.push_str(&format!("</{}>\n", Name::CertificateOfOrigin.xml()));
    out
}

fn write_member(out: &mut String, key: &str, value: &serde_json::Value, depth: usize) {
    use serde_json::Value;
    let Some(name) = Name::from_json(key) else {
        return;
    };
    let indent = "  ".repeat(depth);
    match value {
        Value::Array(list) => {
            for v in list {
                write_member(out, key, v, depth);
            }
        }
        Value::Object(map) => {
            let mut attrs = String::new();
            let mut text: Option<String> = None;
            let mut children = Vec::new();
            // Binding order is vocabulary order, whatever order the map keeps its keys in.
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            members.sort_by_key(|(k, _)| Name::from_json(k).map(|n| n as u8));
            for (k, v) in members {
                match Name::from_json(k) {
                    Some(Name::Value) => text = Some(scalar_text(v)),
                    Some(n) if n.xml_form() == XmlForm::Attribute => {
                        attrs.push_str(&format!(
                            " {}=\"{}\"",
                            n.xml(),
                            escape(&scalar_text(v), true)
                        ));
                    }
                    _ => children.push((k, v)),
                }
            }
            match text {
                Some(t) => out.push_str(&format!(
                    "{indent}<{0}{attrs}>{1}</{0}>\n",
                    name.xml(),
                    escape(&t, false)
                )),
                None => {
                    out.push_str(&format!("{indent}<{}{attrs}>\n", name.xml()));
                    for (k, v) in children {
                        write_member(out, k, v, depth + 1);
                    }
                    out.push_str(&format!("{indent}</{}>\n", name.xml()));
                }
            }
        }
        Value::Null => {}
        scalar => {
            out.push_str(&format!(
                "{indent}<{0}>{1}</{0}>\n",
                name.xml(),
                escape(&scalar_text(scalar), false)
            ));
        }
    }
}

fn scalar_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            c => out.push(c),
        }
    }
    out
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
