//! A small element tree of the signature's own elements (the `Signature` of a document, a
//! canonical `SignedInfo`), so that their grammar is checked by position, namespace and local
//! name — never by a search at any depth (SIGNATURES.md, "strict signature grammar"). Only these
//! few elements are ever held as a tree; the document around them is streamed.

use std::borrow::Cow;

use crate::xml::{Lexer, Scopes, declared_prefix, split_qname};

use super::algorithms::DSIG_NS;

/// An element: its start tag's offset, namespace and name, attributes, children and text.
#[derive(Debug)]
pub struct Element<'a> {
    /// Offset of the start tag's `<`.
    pub at: u32,
    /// In the XML Signature namespace.
    pub dsig: bool,
    /// The local name.
    pub local: &'a str,
    /// The attributes other than namespace declarations, by their name as written.
    pub attributes: Vec<(&'a str, Cow<'a, str>)>,
    /// The child elements, in order.
    pub children: Vec<Element<'a>>,
    /// The character data directly inside, concatenated.
    pub text: String,
    /// A comment, processing instruction or CDATA section stood directly inside.
    pub markup: bool,
}

impl<'a> Element<'a> {
    /// The value of the attribute named `name` (no prefix: no namespace).
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| &**v)
    }

    /// Whether this is the XML Signature element `local`.
    pub fn is(&self, local: &str) -> bool {
        self.dsig && self.local == local
    }
}

/// Why an element could not be opened: a namespace error.
pub struct NamespaceError;

/// Opens an element: its namespace declarations come into scope, and its name is resolved.
pub fn open<'a>(
    lexer: &Lexer<'a>,
    scopes: &mut Scopes<'a>,
    name: &'a str,
    at: u32,
) -> Result<Element<'a>, NamespaceError> {
    scopes.open();
    let mut attributes = Vec::new();
    for a in &lexer.attributes {
        match declared_prefix(a.name) {
            Some(prefix) => scopes
                .declare(prefix, a.value.clone(), at)
                .map_err(|_| NamespaceError)?,
            None => attributes.push((a.name, a.value.clone())),
        }
    }
    let (prefix, local) = split_qname(name, at).map_err(|_| NamespaceError)?;
    let dsig = match scopes.resolve(prefix) {
        Some(r) => r.uri == DSIG_NS,
        None if prefix.is_empty() => false,
        None => return Err(NamespaceError),
    };
    // Attribute prefixes must be declared too (Namespaces in XML).
    for (n, _) in &attributes {
        let (p, _) = split_qname(n, at).map_err(|_| NamespaceError)?;
        if !p.is_empty() && scopes.resolve(p).is_none() {
            return Err(NamespaceError);
        }
    }
    Ok(Element {
        at,
        dsig,
        local,
        attributes,
        children: Vec::new(),
        text: String::new(),
        markup: false,
    })
}

/// Builds one subtree from the elements opened and closed in document order.
#[derive(Default)]
pub struct Builder<'a> {
    stack: Vec<Element<'a>>,
}

impl<'a> Builder<'a> {
    /// Whether an element of the subtree is open.
    pub fn inside(&self) -> bool {
        !self.stack.is_empty()
    }

    /// An element starts.
    pub fn start(&mut self, element: Element<'a>) {
        self.stack.push(element);
    }

    /// The innermost element ends; the subtree's root, when it is the one.
    pub fn end(&mut self) -> Option<Element<'a>> {
        let done = self.stack.pop()?;
        match self.stack.last_mut() {
            Some(parent) => {
                parent.children.push(done);
                None
            }
            None => Some(done),
        }
    }

    /// Character data inside the innermost element.
    pub fn text(&mut self, text: &str) {
        if let Some(e) = self.stack.last_mut() {
            e.text.push_str(text);
        }
    }

    /// A comment, PI or CDATA section inside the innermost element.
    pub fn markup(&mut self) {
        if let Some(e) = self.stack.last_mut() {
            e.markup = true;
        }
    }
}
