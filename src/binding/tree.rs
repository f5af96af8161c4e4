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

use crate::convert::{to_u32, to_usize};
use crate::sort::sorted_order;
use crate::vocab::{Name, Step, Syntax, label};

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

/// A parsed document: its syntax and its nodes (the root first).
#[derive(Debug, Clone)]
pub struct Document<'a> {
    pub syntax: Syntax,
    nodes: Vec<Node<'a>>,
}

impl<'a> Document<'a> {
    pub const ROOT: NodeId = 0;

    /// How many nodes the document has.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn node(&self, id: NodeId) -> &Node<'a> {
        &self.nodes[to_usize(id)]
    }

    /// The children of a node, in document order.
    pub fn children(&self, id: NodeId) -> Children<'_, 'a> {
        Children {
            doc: self,
            next: self.nodes[to_usize(id)].first_child,
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
        let node = &self.doc.nodes[to_usize(id)];
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
        let id = NodeId::try_from(self.nodes.len()).unwrap_or(NONE);
        if let Some(&parent) = self.open.last() {
            let p = &mut self.nodes[to_usize(parent)];
            if p.first_child == NONE {
                p.first_child = id;
            } else {
                let last = p.last_child;
                self.nodes[to_usize(last)].next_sibling = id;
            }
            self.nodes[to_usize(parent)].last_child = id;
        }
        self.nodes.push(node);
        id
    }

    /// Whether the tree already holds `max` nodes, so that the binding must refuse the next one
    /// (`limit.nodes`) rather than grow the tree.
    #[inline]
    pub fn is_full(&self, max: u32) -> bool {
        self.nodes.len() >= to_usize(max)
    }

    /// The innermost open node.
    #[inline]
    pub fn current(&mut self) -> Option<&mut Node<'a>> {
        let id = *self.open.last()?;
        Some(&mut self.nodes[to_usize(id)])
    }

    /// The id of the innermost open node (the root's id when none is open).
    pub fn current_id(&self) -> NodeId {
        self.open.last().copied().unwrap_or(0)
    }

    /// How many nodes the tree holds.
    pub fn len(&self) -> u32 {
        to_u32(self.nodes.len())
    }

    /// How many nodes are open.
    pub fn depth(&self) -> u32 {
        to_u32(self.open.len())
    }

    /// Closes the innermost open node, numbering its children among same-named siblings.
    pub fn close(&mut self) -> Option<&mut Node<'a>> {
        let id = self.open.pop()?;
        // Vocabulary names count in a small table indexed by name (no search); names outside the
        // vocabulary (rare, and always an error) are numbered afterwards, all at once.
        let mut child = self.nodes[to_usize(id)].first_child;
        if child == NONE {
            return Some(&mut self.nodes[to_usize(id)]);
        }
        let first = child;
        let mut unknown = false;
        while child != NONE {
            let c = &mut self.nodes[to_usize(child)];
            match c.name.and_then(|n| self.counts.get_mut(n.index())) {
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
            let c = &self.nodes[to_usize(child)];
            let rank = c.name.map(Name::rank);
            in_order &= c.kind != Kind::Null && rank.is_some() && rank > previous;
            previous = rank;
            if let Some(count) = c.name.and_then(|n| self.counts.get_mut(n.index())) {
                *count = 0;
            }
            child = c.next_sibling;
        }
        let node = &mut self.nodes[to_usize(id)];
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
            let n = &self.nodes[to_usize(at)];
            if n.name.and_then(|x| self.counts.get(x.index())).is_none() {
                unknown.push(at);
            }
            at = n.next_sibling;
        }
        let nodes = &self.nodes;
        let spelling = |i: usize| {
            let n = &nodes[to_usize(unknown[i])];
            (n.name.map(Name::rank), n.raw.as_deref())
        };
        let order = sorted_order(unknown.len(), &|i, j| spelling(i).cmp(&spelling(j)));
        let mut indexes = vec![0u32; unknown.len()];
        for pair in order.windows(2) {
            if spelling(pair[0]) == spelling(pair[1]) {
                indexes[pair[1]] = indexes[pair[0]] + 1;
            }
        }
        for (id, index) in unknown.into_iter().zip(indexes) {
            self.nodes[to_usize(id)].index = index;
        }
    }

    /// Whether the innermost open node has a child element yet (attributes come first, so the last
    /// child tells).
    #[inline]
    pub fn current_has_elements(&self) -> bool {
        self.open.last().is_some_and(|&id| {
            let last = self.nodes[to_usize(id)].last_child;
            last != NONE && !self.nodes[to_usize(last)].is_attr
        })
    }

    /// Whether the innermost open node has children that are not attributes.
    pub fn has_elements(&self, id: NodeId) -> bool {
        let mut child = self.nodes[to_usize(id)].first_child;
        while child != NONE {
            if !self.nodes[to_usize(child)].is_attr {
                return true;
            }
            child = self.nodes[to_usize(child)].next_sibling;
        }
        false
    }

    #[cfg(test)]
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

/// What tells siblings apart: name, spelling (outside the vocabulary) and position.
fn step_key(step: &Step) -> SiblingKey<'_> {
    (step.name.map(Name::rank), step.raw.as_deref(), step.index)
}

type SiblingKey<'k> = (Option<u8>, Option<&'k str>, u32);

fn sibling_key<'k>(node: &'k Node<'_>) -> SiblingKey<'k> {
    (node.name.map(Name::rank), node.raw.as_deref(), node.index)
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

    /// The document the index is of.
    pub fn document(&self) -> &'d Document<'a> {
        self.doc
    }

    /// The child of `parent` that `step` names.
    pub fn find(&mut self, parent: NodeId, step: &Step) -> Option<(NodeId, &'d Node<'a>)> {
        let doc = self.doc;
        if self.sorted.is_empty() {
            self.sorted.resize(doc.nodes.len(), None);
        }
        let children = self
            .sorted
            .get_mut(to_usize(parent))?
            .get_or_insert_with(|| {
                let ids: Vec<NodeId> = doc.children(parent).map(|(id, _)| id).collect();
                let key = |i: usize| sibling_key(doc.node(ids[i]));
                let order = sorted_order(ids.len(), &|i, j| key(i).cmp(&key(j)));
                order.into_iter().map(|i| ids[i]).collect()
            });
        let wanted = step_key(step);
        let at = children
            .binary_search_by(|&id| sibling_key(doc.node(id)).cmp(&wanted))
            .ok()?;
        let id = children[at];
        Some((id, doc.node(id)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locate<'d, 'a>(index: &mut ChildIndex<'d, 'a>, steps: &[Step]) -> (&'d Node<'a>, bool) {
        let (id, whole) = super::super::source_map::locate(index, steps, Syntax::Xml);
        (index.document().node(id), whole)
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
