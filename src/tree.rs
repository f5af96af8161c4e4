//! The neutral document tree both bindings are read into, and the source map built on it.
//!
//! XML and JSON are parsed (once) into the same shape: a node per element or property, XML attributes and
//! JSON object members alike as child nodes, repeated elements and JSON array members alike as siblings
//! with the same name. The model mapping then reads one shape, and the tree — kept with the model —
//! answers "where in the source is this field?" for any finding, in the binding's own path syntax.
//!
//! Nodes live in one vector linked by index, and XML text borrows the source wherever no entity or
//! line-end normalisation forced a copy: reading a certificate costs a handful of allocations, not one
//! per element.

use std::borrow::Cow;

use crate::vocab::{Name, XmlForm};

/// Which binding a tree was read from; decides how paths are written.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Syntax {
    Xml,
    Json,
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

/// The JSON type of a scalar, for the type check of the JSON binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonType {
    String,
    Number,
    Boolean,
}

/// Index of a node in its document.
pub type NodeId = u32;

/// No node: the end of a sibling chain or a node without children.
const NONE: NodeId = u32::MAX;

/// One element, attribute or JSON property.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    /// The vocabulary name, when the name is known.
    pub name: Option<Name>,
    /// The name as written, kept only for names outside the vocabulary.
    pub raw: Option<Box<str>>,
    /// Leaf text (XML character data, JSON scalar as text); `None` for containers and JSON `null`.
    pub text: Option<Cow<'a, str>>,
    /// Byte offset of the node in the source, when the parser reports one.
    pub offset: Option<u32>,
    /// Position among siblings of the same name (0-based).
    pub index: u32,
    /// JSON: the node is a member of an array. XML: always false.
    pub in_array: bool,
    /// XML: the node is an attribute.
    pub is_attr: bool,
    /// The children are all vocabulary names, none JSON `null`, each once, in strictly rising
    /// vocabulary order (which is binding order): what a valid certificate nearly always has. Then
    /// a field is found, or known absent, by looking on from the previous one.
    in_order: bool,
    pub kind: Kind,
    /// JSON: the type of a scalar as written. XML text has none: every XML value is text.
    pub json_type: Option<JsonType>,
    first_child: NodeId,
    last_child: NodeId,
    next_sibling: NodeId,
}

impl<'a> Node<'a> {
    pub fn new(raw: &str, name: Option<Name>, offset: Option<u32>) -> Node<'a> {
        Node {
            name,
            raw: if name.is_none() {
                Some(raw.into())
            } else {
                None
            },
            text: None,
            offset,
            index: 0,
            in_array: false,
            is_attr: false,
            in_order: true,
            kind: Kind::Scalar,
            json_type: None,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
        }
    }

    /// The node's name as the document's syntax spells it.
    pub fn label(&self, syntax: Syntax) -> &str {
        label(self.name, self.raw.as_deref(), syntax)
    }

    /// See the field: children known, present once and in vocabulary order.
    pub fn children_in_order(&self) -> bool {
        self.in_order
    }

    /// The first child (`NodeId::MAX` for none).
    pub fn first_child(&self) -> NodeId {
        self.first_child
    }

    /// The next sibling (`NodeId::MAX` after the last).
    pub fn next_sibling(&self) -> NodeId {
        self.next_sibling
    }
}

fn label(name: Option<Name>, raw: Option<&str>, syntax: Syntax) -> &str {
    match (name, syntax) {
        (Some(n), Syntax::Xml) => n.xml(),
        (Some(n), Syntax::Json) => n.json(),
        (None, _) => raw.unwrap_or(""),
    }
}

/// A parsed document: its syntax and its nodes (the root first).
#[derive(Debug, Clone)]
pub struct Document<'a> {
    pub syntax: Syntax,
    nodes: Vec<Node<'a>>,
}

impl<'a> Document<'a> {
    pub const ROOT: NodeId = 0;

    pub fn node(&self, id: NodeId) -> &Node<'a> {
        &self.nodes[id as usize]
    }

    /// The children of a node, in document order.
    pub fn children(&self, id: NodeId) -> Children<'_, 'a> {
        Children {
            doc: self,
            next: self.nodes[id as usize].first_child,
        }
    }

    /// The siblings from `id` on (`id` included), in document order.
    pub fn siblings_from<'d>(
        &'d self,
        id: NodeId,
    ) -> impl Iterator<Item = (NodeId, &'d Node<'a>)> + use<'d, 'a> {
        Children {
            doc: self,
            next: id,
        }
    }

    /// The children of a node given by reference, in document order.
    pub fn children_of<'d>(
        &'d self,
        node: &Node<'a>,
    ) -> impl Iterator<Item = &'d Node<'a>> + use<'d, 'a> {
        Children {
            doc: self,
            next: node.first_child,
        }
        .map(|(_, n)| n)
    }
}

/// Iterator over a node's children.
pub struct Children<'d, 'a> {
    doc: &'d Document<'a>,
    next: NodeId,
}

impl<'d, 'a> Iterator for Children<'d, 'a> {
    type Item = (NodeId, &'d Node<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.next == NONE {
            return None;
        }
        let id = self.next;
        let node = &self.doc.nodes[id as usize];
        self.next = node.next_sibling;
        Some((id, node))
    }
}

/// Builds a document in document order: `open` a node (it becomes the last child of the innermost open
/// node), fill it, `close` it.
pub struct Builder<'a> {
    syntax: Syntax,
    nodes: Vec<Node<'a>>,
    open: Vec<NodeId>,
    /// Children seen so far per vocabulary name, while one node's children are numbered; all zero
    /// between closes (only the entries used are cleared, not the whole table).
    counts: Vec<u32>,
}

impl<'a> Builder<'a> {
    pub fn new(syntax: Syntax, capacity: usize) -> Builder<'a> {
        Builder {
            syntax,
            nodes: Vec::with_capacity(capacity),
            open: Vec::with_capacity(16),
            counts: vec![0; Name::ALL.len()],
        }
    }

    /// Adds a node under the innermost open node and opens it.
    #[inline]
    pub fn open(&mut self, node: Node<'a>) -> NodeId {
        let id = self.leaf(node);
        self.open.push(id);
        id
    }

    /// Adds a node without children (a value, an attribute) under the innermost open node: no
    /// open and close, as it will have nothing inside.
    #[inline]
    pub fn leaf(&mut self, node: Node<'a>) -> NodeId {
        let id = self.nodes.len() as NodeId;
        if let Some(&parent) = self.open.last() {
            let p = &mut self.nodes[parent as usize];
            if p.first_child == NONE {
                p.first_child = id;
            } else {
                let last = p.last_child;
                self.nodes[last as usize].next_sibling = id;
            }
            self.nodes[parent as usize].last_child = id;
        }
        self.nodes.push(node);
        id
    }

    /// Whether the tree already holds `max` nodes, so that the binding must refuse the next one
    /// (`limit.nodes`) rather than grow the tree.
    #[inline]
    pub fn is_full(&self, max: u32) -> bool {
        self.nodes.len() >= max as usize
    }

    /// The innermost open node.
    #[inline]
    pub fn current(&mut self) -> Option<&mut Node<'a>> {
        let id = *self.open.last()?;
        Some(&mut self.nodes[id as usize])
    }

    /// The id of the innermost open node (the root's id when none is open).
    pub fn current_id(&self) -> NodeId {
        self.open.last().copied().unwrap_or(0)
    }

    pub fn depth(&self) -> usize {
        self.open.len()
    }

    /// Closes the innermost open node, numbering its children among same-named siblings.
    pub fn close(&mut self) -> Option<&mut Node<'a>> {
        let id = self.open.pop()?;
        // Vocabulary names count in a small table indexed by name (no search); names outside the
        // vocabulary (rare, and always an error) are numbered afterwards, all at once.
        let mut child = self.nodes[id as usize].first_child;
        if child == NONE {
            return Some(&mut self.nodes[id as usize]);
        }
        let first = child;
        let mut unknown = false;
        while child != NONE {
            let c = &mut self.nodes[child as usize];
            match c.name.and_then(|n| self.counts.get_mut(n as usize)) {
                Some(count) => {
                    c.index = *count;
                    *count += 1;
                }
                None => unknown = true,
            }
            child = c.next_sibling;
        }
        if unknown {
            self.number_unknown(first);
        }
        child = first;
        let mut in_order = true;
        let mut previous: Option<u8> = None;
        while child != NONE {
            let c = &self.nodes[child as usize];
            let rank = c.name.map(|n| n as u8);
            in_order &= c.kind != Kind::Null && rank.is_some() && rank > previous;
            previous = rank;
            if let Some(count) = c.name.and_then(|n| self.counts.get_mut(n as usize)) {
                *count = 0;
            }
            child = c.next_sibling;
        }
        let node = &mut self.nodes[id as usize];
        node.in_order = in_order;
        Some(node)
    }

    /// Numbers the siblings from `first` on whose names are outside the vocabulary, each among
    /// those spelled the same: sorted by spelling (ties keep document order), then counted run by
    /// run. Not a count of the earlier siblings for each: a hostile document may have a million of
    /// them under one parent.
    fn number_unknown(&mut self, first: NodeId) {
        let mut unknown = Vec::new();
        let mut at = first;
        while at != NONE {
            let n = &self.nodes[at as usize];
            if n.name.and_then(|x| self.counts.get(x as usize)).is_none() {
                unknown.push(at);
            }
            at = n.next_sibling;
        }
        let nodes = &self.nodes;
        let spelling = |i: usize| {
            let n = &nodes[unknown[i] as usize];
            (n.name.map(|x| x as u8), n.raw.as_deref())
        };
        let order = crate::sorted_order(unknown.len(), &|i, j| spelling(i).cmp(&spelling(j)));
        let mut indexes = vec![0u32; unknown.len()];
        for pair in order.windows(2) {
            if spelling(pair[0]) == spelling(pair[1]) {
                indexes[pair[1]] = indexes[pair[0]] + 1;
            }
        }
        for (id, index) in unknown.into_iter().zip(indexes) {
            self.nodes[id as usize].index = index;
        }
    }

    /// Whether the innermost open node has a child element yet (attributes come first, so the last
    /// child tells).
    #[inline]
    pub fn current_has_elements(&self) -> bool {
        self.open.last().is_some_and(|&id| {
            let last = self.nodes[id as usize].last_child;
            last != NONE && !self.nodes[last as usize].is_attr
        })
    }

    /// Whether the innermost open node has children that are not attributes.
    pub fn has_elements(&self, id: NodeId) -> bool {
        let mut child = self.nodes[id as usize].first_child;
        while child != NONE {
            if !self.nodes[child as usize].is_attr {
                return true;
            }
            child = self.nodes[child as usize].next_sibling;
        }
        false
    }

    pub fn is_complete(&self) -> bool {
        self.open.is_empty() && !self.nodes.is_empty()
    }

    pub fn finish(self) -> Document<'a> {
        Document {
            syntax: self.syntax,
            nodes: self.nodes,
        }
    }
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

    /// What tells siblings apart: name, spelling (outside the vocabulary) and position.
    fn key(&self) -> SiblingKey<'_> {
        (self.name.map(|n| n as u8), self.raw.as_deref(), self.index)
    }
}

type SiblingKey<'k> = (Option<u8>, Option<&'k str>, u32);

fn sibling_key<'k>(node: &'k Node<'_>) -> SiblingKey<'k> {
    (node.name.map(|n| n as u8), node.raw.as_deref(), node.index)
}

/// Finds the children that steps name, for all the findings of one report: each parent's children
/// are sorted by [`SiblingKey`] the first time it is asked about and searched after. A walk over the
/// children per finding would be quadratic, and a hostile document can put a million findings (say,
/// unknown elements) under one parent.
pub struct ChildIndex<'d, 'a> {
    doc: &'d Document<'a>,
    /// By parent id: its children in key order, once asked for.
    sorted: Vec<Option<Vec<NodeId>>>,
}

impl<'d, 'a> ChildIndex<'d, 'a> {
    pub fn new(doc: &'d Document<'a>) -> Self {
        ChildIndex {
            doc,
            sorted: Vec::new(),
        }
    }

    fn find(&mut self, parent: NodeId, step: &Step) -> Option<(NodeId, &'d Node<'a>)> {
        let doc = self.doc;
        if self.sorted.is_empty() {
            self.sorted.resize(doc.nodes.len(), None);
        }
        let children = self
            .sorted
            .get_mut(parent as usize)?
            .get_or_insert_with(|| {
                let ids: Vec<NodeId> = doc.children(parent).map(|(id, _)| id).collect();
                let key = |i: usize| sibling_key(doc.node(ids[i]));
                let order = crate::sorted_order(ids.len(), &|i, j| key(i).cmp(&key(j)));
                order.into_iter().map(|i| ids[i]).collect()
            });
        let wanted = step.key();
        let at = children
            .binary_search_by(|&id| sibling_key(doc.node(id)).cmp(&wanted))
            .ok()?;
        let id = children[at];
        Some((id, doc.node(id)))
    }
}

/// Writes a step list as a path in the given syntax: XPath-like for XML (1-based positions on repeating
/// elements, `@` for attributes), JSON Pointer for JSON (array indexes where the source had an array).
/// With the document's index, names are spelled as the document has them.
pub fn render(
    syntax: Syntax,
    steps: &[Step],
    mut index: Option<&mut ChildIndex<'_, '_>>,
) -> String {
    let mut out = String::new();
    let mut at = index.as_ref().map(|_| Document::ROOT);
    if syntax == Syntax::Xml {
        out.push('/');
        out.push_str(Name::CertificateOfOrigin.xml());
    }
    for step in steps {
        let found = match (index.as_deref_mut(), at) {
            (Some(ix), Some(id)) => ix.find(id, step),
            _ => None,
        };
        let name = found
            .map(|(_, f)| f.label(syntax))
            .unwrap_or_else(|| step.label(syntax));
        match syntax {
            Syntax::Xml => {
                if step.name == Some(Name::Value) {
                    // XML carries the value as the element's text.
                    continue;
                }
                let attr = match found {
                    Some((_, f)) => f.is_attr,
                    None => step.name.map(|n| n.xml_form()) == Some(XmlForm::Attribute),
                };
                out.push('/');
                if attr {
                    out.push('@');
                }
                out.push_str(name);
                if !attr && (is_repeating(step.name) || step.index > 0) {
                    out.push_str(&format!("[{}]", step.index + 1));
                }
            }
            Syntax::Json => {
                out.push('/');
                out.push_str(&name.replace('~', "~0").replace('/', "~1"));
                // A member that is not in an array has no index in a pointer, even when the source
                // repeats its name (a pointer cannot tell repeated members apart; the position can).
                let in_array = match found {
                    Some((_, f)) => f.in_array,
                    None => is_repeating(step.name) || step.index > 0,
                };
                if in_array {
                    out.push_str(&format!("/{}", step.index));
                }
            }
        }
        at = found.map(|(id, _)| id);
    }
    if out.is_empty() && syntax == Syntax::Xml {
        out.push('/');
    }
    out
}

/// Finds the node a step list names, as far as it exists; returns the deepest node found and whether
/// the whole path was found.
pub fn locate<'d, 'a>(index: &mut ChildIndex<'d, 'a>, steps: &[Step]) -> (&'d Node<'a>, bool) {
    let doc = index.doc;
    let mut id = Document::ROOT;
    for step in steps {
        if step.name == Some(Name::Value) {
            continue;
        }
        match index.find(id, step) {
            Some((c, _)) => id = c,
            None => return (doc.node(id), false),
        }
    }
    (doc.node(id), true)
}

/// Line and column (1-based, column in characters) of each byte offset, in one sweep over the source
/// in offset order: the cost is the source's length plus sorting, however many offsets there are.
pub fn line_columns(source: &[u8], offsets: &[Option<u32>]) -> Vec<Option<(u32, u32)>> {
    let at_of = |i: usize| offsets[i].map(|o| (o as usize).min(source.len()));
    let order = crate::sorted_order(offsets.len(), &|a, b| at_of(a).cmp(&at_of(b)));
    let mut out = vec![None; offsets.len()];
    let (mut at, mut line, mut column) = (0usize, 1u32, 1u32);
    for (offset, i) in order.into_iter().filter_map(|i| Some((at_of(i)?, i))) {
        for &b in &source[at..offset] {
            if b == b'\n' {
                line += 1;
                column = 1;
            } else if b & 0xC0 != 0x80 {
                column += 1;
            }
        }
        at = offset;
        out[i] = Some((line, column));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let s = "ab\ncé\nxyz".as_bytes();
        // Out of order, repeated and missing offsets; 'é' is two bytes: the offset after it is column 3.
        let got = line_columns(
            s,
            &[Some(7), Some(0), None, Some(6), Some(3), Some(0), Some(99)],
        );
        assert_eq!(
            got,
            [
                Some((3, 1)),
                Some((1, 1)),
                None,
                Some((2, 3)),
                Some((2, 1)),
                Some((1, 1)),
                Some((3, 4))
            ]
        );
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

    #[test]
    fn builder_links_and_numbers_children() {
        let mut b = Builder::new(Syntax::Xml, 8);
        b.open(Node::new("", Some(Name::CertificateOfOrigin), Some(0)));
        for i in 0..3 {
            b.open(Node::new("", Some(Name::Reason), Some(i)));
            b.close();
        }
        b.open(Node::new("Other", None, Some(9)));
        b.close();
        for (raw, offset) in [("Else", 10), ("Other", 11)] {
            b.open(Node::new(raw, None, Some(offset)));
            b.close();
        }
        b.close();
        assert!(b.is_complete());
        let doc = b.finish();
        let kids: Vec<(Option<Name>, u32)> = doc
            .children(Document::ROOT)
            .map(|(_, n)| (n.name, n.index))
            .collect();
        assert_eq!(
            kids,
            [
                (Some(Name::Reason), 0),
                (Some(Name::Reason), 1),
                (Some(Name::Reason), 2),
                (None, 0),
                (None, 0),
                (None, 1)
            ]
        );
        let mut index = ChildIndex::new(&doc);
        let (node, whole) = locate(&mut index, &[Step::named(Name::Reason, 2)]);
        assert!(whole);
        assert_eq!(node.offset, Some(2));
        let other = Step {
            name: None,
            raw: Some("Other".into()),
            index: 0,
        };
        assert_eq!(
            locate(&mut index, std::slice::from_ref(&other)).0.offset,
            Some(9)
        );
        let second = Step { index: 1, ..other };
        assert_eq!(locate(&mut index, &[second]).0.offset, Some(11));
        let (node, whole) = locate(&mut index, &[Step::named(Name::Reason, 3)]);
        assert!(!whole);
        assert_eq!(node.offset, Some(0));
    }
}
