//! The neutral document tree both bindings are read into, and the source map built on it.
//!
//! XML and JSON are parsed (once) into the same shape: a node per element or property, XML attributes and
//! JSON object members alike as child nodes, repeated elements and JSON array members alike as siblings
//! with the same name. The model mapping then reads one shape, and the tree — kept with the model —
//! answers "where in the source is this field?" for any finding, in the binding's own path syntax.

use crate::vocab::{Name, XmlForm};

/// Which binding a tree was read from; decides how paths are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Syntax {
    Xml,
    Json,
}

/// One element, attribute or JSON property.
#[derive(Debug, Clone)]
pub struct Node {
    /// The vocabulary name, when the name is known.
    pub name: Option<Name>,
    /// The name as written, kept only for names outside the vocabulary (known names cost no allocation).
    pub raw: Option<Box<str>>,
    /// Leaf text (XML character data, JSON scalar as text); `None` for containers and JSON `null`.
    pub text: Option<Box<str>>,
    pub children: Vec<Node>,
    /// Byte offset of the node in the source, when the parser reports one.
    pub offset: Option<u32>,
    /// Position among siblings of the same name (0-based).
    pub index: u32,
    /// JSON: the node is a member of an array. XML: always false.
    pub in_array: bool,
    /// XML: the node is an attribute.
    pub is_attr: bool,
    pub kind: Kind,
    /// JSON: the type of a scalar as written. XML text has none: every XML value is text.
    pub json_type: Option<JsonType>,
}

/// The JSON type of a scalar, for the type check of the JSON binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonType {
    String,
    Number,
    Boolean,
}

/// What a node holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text (an XML element without child elements, a JSON string, number or boolean).
    Scalar,
    /// Child elements or members (XML element content, JSON object).
    Container,
    /// JSON `null`: treated as absent.
    Null,
    /// A JSON array inside an array, which no binding element can be.
    List,
}

impl Node {
    pub fn new(raw: &str, name: Option<Name>, offset: Option<u32>) -> Node {
        Node {
            name,
            raw: if name.is_none() { Some(raw.into()) } else { None },
            text: None,
            children: Vec::new(),
            offset,
            index: 0,
            in_array: false,
            is_attr: false,
            kind: Kind::Scalar,
            json_type: None,
        }
    }

    /// Sets `index` on every child after the children are complete.
    pub fn number_children(&mut self) {
        // Distinct names per parent are few, so a short list of (first child, count) beats a map.
        let mut seen: Vec<(usize, u32)> = Vec::new();
        for i in 0..self.children.len() {
            let found = seen.iter_mut().find(|(first, _)| {
                let (a, b) = (&self.children[*first], &self.children[i]);
                a.name == b.name && a.raw == b.raw
            });
            let index = match found {
                Some((_, count)) => {
                    *count += 1;
                    *count - 1
                }
                None => {
                    seen.push((i, 1));
                    0
                }
            };
            self.children[i].index = index;
        }
    }
}

impl Node {
    /// The node's name as the document's syntax spells it.
    pub fn label(&self, syntax: Syntax) -> &str {
        label(self.name, self.raw.as_deref(), syntax)
    }
}

fn label<'a>(name: Option<Name>, raw: Option<&'a str>, syntax: Syntax) -> &'a str {
    match (name, syntax) {
        (Some(n), Syntax::Xml) => n.xml(),
        (Some(n), Syntax::Json) => n.json(),
        (None, _) => raw.unwrap_or(""),
    }
}

/// A parsed document: its syntax, its root node and the source text (for line and column).
#[derive(Debug, Clone)]
pub struct Document {
    pub syntax: Syntax,
    pub root: Node,
}

/// Names that repeat by design; their index is always part of a path.
pub fn is_repeating(name: Option<Name>) -> bool {
    matches!(
        name,
        Some(
            Name::IncludedConsignmentItem
                | Name::Invoice
                | Name::OriginalProof
                | Name::Reason
                | Name::RefusedItemNumber
        )
    )
}

/// One step of a canonical (model) path: a vocabulary name or an unknown name, with an index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub name: Option<Name>,
    /// The name as written, for names outside the vocabulary only.
    pub raw: Option<Box<str>>,
    pub index: u32,
}

impl Step {
    pub fn named(name: Name, index: u32) -> Step {
        Step {
            name: Some(name),
            raw: None,
            index,
        }
    }

    /// The step's name as the given syntax spells it.
    pub fn label(&self, syntax: Syntax) -> &str {
        label(self.name, self.raw.as_deref(), syntax)
    }
}

/// Writes a step list as a path in the given syntax: XPath-like for XML (1-based positions on repeating
/// elements, `@` for attributes), JSON Pointer for JSON (array indexes where the source had an array).
pub fn render(syntax: Syntax, steps: &[Step], root: Option<&Node>) -> String {
    let mut out = String::new();
    let mut node = root;
    if syntax == Syntax::Xml {
        out.push('/');
        out.push_str(Name::CertificateOfOrigin.xml());
    }
    for step in steps {
        let found = node.and_then(|n| {
            n.children
                .iter()
                .find(|c| same_name(c, step) && c.index == step.index)
        });
        match syntax {
            Syntax::Xml => {
                let attr = found
                    .map(|f| f.is_attr)
                    .unwrap_or_else(|| step.name.map(|n| n.xml_form()) == Some(XmlForm::Attribute));
                if step.name == Some(Name::Value) {
                    // XML carries the value as the element's text.
                    node = found;
                    continue;
                }
                out.push('/');
                if attr {
                    out.push('@');
                }
                match found {
                    Some(f) => out.push_str(f.label(Syntax::Xml)),
                    None => out.push_str(step.label(Syntax::Xml)),
                }
                if !attr && (is_repeating(step.name) || step.index > 0) {
                    out.push_str(&format!("[{}]", step.index + 1));
                }
            }
            Syntax::Json => {
                out.push('/');
                let raw = match found {
                    Some(f) => f.label(Syntax::Json),
                    None => step.label(Syntax::Json),
                };
                out.push_str(&raw.replace('~', "~0").replace('/', "~1"));
                let in_array = found.map(|f| f.in_array).unwrap_or(is_repeating(step.name));
                if in_array || step.index > 0 {
                    out.push_str(&format!("/{}", step.index));
                }
            }
        }
        node = found;
    }
    if out.is_empty() {
        out.push('/');
        if syntax == Syntax::Json {
            out.clear();
        }
    }
    out
}

fn same_name(node: &Node, step: &Step) -> bool {
    match (node.name, step.name) {
        (Some(a), Some(b)) => a == b,
        (None, None) => node.raw == step.raw,
        _ => false,
    }
}

/// Finds the node a step list names, as far as it exists; returns the deepest node found and whether
/// the whole path was found.
pub fn locate<'a>(root: &'a Node, steps: &[Step]) -> (&'a Node, bool) {
    let mut node = root;
    for step in steps {
        if step.name == Some(Name::Value) {
            continue;
        }
        match node
            .children
            .iter()
            .find(|c| same_name(c, step) && c.index == step.index)
        {
            Some(c) => node = c,
            None => return (node, false),
        }
    }
    (node, true)
}

/// Line and column (1-based, column in characters) of a byte offset.
pub fn line_column(source: &[u8], offset: u32) -> (u32, u32) {
    let end = (offset as usize).min(source.len());
    let before = &source[..end];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|p| p + 1)
        .unwrap_or(0);
    let column = before[line_start..]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count() as u32
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let s = "ab\ncé\nxyz".as_bytes();
        assert_eq!(line_column(s, 0), (1, 1));
        assert_eq!(line_column(s, 3), (2, 1));
        // 'é' is two bytes: the offset after it is column 3.
        assert_eq!(line_column(s, 6), (2, 3));
        assert_eq!(line_column(s, 7), (3, 1));
    }

    #[test]
    fn paths_in_both_syntaxes() {
        let steps = [
            Step::named(Name::SupplyChainConsignment, 0),
            Step::named(Name::IncludedConsignmentItem, 2),
            Step::named(Name::GrossWeight, 0),
            Step::named(Name::UnitCode, 0),
        ];
        assert_eq!(
            render(Syntax::Xml, &steps, None),
            "/CertificateOfOrigin/SupplyChainConsignment/IncludedConsignmentItem[3]/GrossWeight/@unitCode"
        );
        assert_eq!(
            render(Syntax::Json, &steps, None),
            "/supplyChainConsignment/includedConsignmentItems/2/grossWeight/unitCode"
        );
    }
}
