//! The JSON binding's reader: JSON text into the neutral tree, from the JSON tokenizer's events.
//!
//! A JSON number keeps its text, so an amount written as a number (`12000.50`) is read from that
//! text, never through `f64`. Object members and array elements become the same sibling nodes XML
//! elements do; property names go through the shared vocabulary. Each node keeps where it starts
//! (a member at its name, an array element at its value), as XML nodes do, for the report.

use std::borrow::Cow;

use crate::catalogue::RuleId;
use crate::convert::{to_u32, to_usize};
use crate::findings::Raw;
use crate::jsonlex::{Event, Lexer};
use crate::limits::Limits;
use crate::vocab::{Name, Syntax};

use super::tree::{Builder, Document, JsonType, Kind, Node};

/// Reads JSON text (already size-checked) into the tree: strings without escapes stay borrowed
/// from the source, and members keep their document order.
#[inline(never)]
pub fn read<'a>(source: &'a str, limits: &Limits) -> Result<Document<'a>, Raw> {
    // Pretty-printed certificates have a node every 37 bytes or so (the ten-item fixture: 226 in
    // 8,401): a slightly generous guess spares copying the whole tree to grow it.
    let capacity = (source.len() / 32 + 8).min(to_usize(limits.max_nodes));
    let mut reader = Reader {
        tree: Builder::new(Syntax::Json, capacity),
        lexer: Lexer::new(source),
        limits,
        items: 0,
        skipped: 0,
    };
    reader.document().map_err(|e| *e)?;
    Ok(reader.tree.finish())
}

/// What the innermost open container is to the tree.
enum Frame<'a> {
    /// An object whose members are the children of the node open for it.
    Object,
    /// An array under a member: each element is a node of the member's name.
    List(Cow<'a, str>, Option<Name>),
    /// A value walked, not kept: its depth, and whether it is an array (whose elements count as
    /// nodes read past) or an object (whose members do).
    Skip(u32, bool),
}

/// A finding that stops the reader, boxed: every event passes a `Result` up, and a pointer-wide
/// error keeps it small.
type Stop = Box<Raw>;

struct Reader<'t, 'a> {
    tree: Builder<'a>,
    lexer: Lexer<'a>,
    limits: &'t Limits,
    items: u32,
    /// Values read past rather than kept.
    skipped: u32,
}

impl<'a> Reader<'_, 'a> {
    /// A finding at the last event.
    #[cold]
    fn here(&self, raw: Raw) -> Stop {
        Box::new(raw.at_offset(Some(to_u32(self.lexer.start()))))
    }

    #[inline]
    fn next(&mut self) -> Result<Event<'a>, Stop> {
        self.lexer.next_event().map_err(malformed)
    }

    /// Refuses a node beyond the node limit, counting the values read past (arrays in arrays) with
    /// the tree's nodes: they cost time, if not memory.
    #[inline]
    fn within_nodes(&self) -> Result<(), Stop> {
        let max = self.limits.max_nodes.saturating_sub(self.skipped);
        if !self.tree.is_full(max) {
            return Ok(());
        }
        let limit = self.limits.max_nodes.into();
        Err(self.here(Raw::over_limit(RuleId::LimitNodes, limit)))
    }

    /// Refuses to go deeper than the limit, for the tree and for values read past alike.
    #[inline]
    fn within_depth(&self, depth: u32) -> Result<(), Stop> {
        if depth < self.limits.max_depth {
            return Ok(());
        }
        let limit = self.limits.max_depth.into();
        Err(self.here(Raw::over_limit(RuleId::LimitDepth, limit)))
    }

    /// The document: one object, whose `$schema` member is an editor's hint, not content.
    fn document(&mut self) -> Result<(), Stop> {
        if self.next()? != Event::ObjectStart {
            return Err(self.here(not_an_object()));
        }
        let mut root = Node::new("", Some(Name::CertificateOfOrigin), None);
        root.offset = Some(to_u32(self.lexer.start()));
        root.kind = Kind::Container;
        self.tree.open(root);
        let mut frames = vec![Frame::Object];
        // The frame borrowed for one event; what it opens or closes is done after.
        while let Some(frame) = frames.last() {
            let event = self.next()?;
            let (close, open) = match (frame, event) {
                (Frame::Object, Event::ObjectEnd) => {
                    self.tree.close();
                    (true, None)
                }
                (Frame::List(..), Event::ArrayEnd) => (true, None),
                (Frame::Object, Event::Key(key)) => {
                    let at = self.lexer.start();
                    let value = self.next()?;
                    if frames.len() == 1 && key == "$schema" {
                        (false, skip(&value, self.tree.depth() + 1))
                    } else {
                        self.within_depth(self.tree.depth())?;
                        let name = Name::from_json(&key);
                        (false, self.value(&key, name, at, value, false)?)
                    }
                }
                (Frame::List(key, name), value) => {
                    let at = self.lexer.start();
                    (false, self.value(key, *name, at, value, true)?)
                }
                (&Frame::Skip(depth, array), event) => match event {
                    Event::ObjectEnd | Event::ArrayEnd => (true, None),
                    Event::Key(_) => {
                        self.skipped += 1;
                        self.within_nodes()?;
                        (false, None)
                    }
                    value => {
                        if array {
                            self.skipped += 1;
                            self.within_nodes()?;
                        }
                        if matches!(value, Event::ObjectStart | Event::ArrayStart) {
                            self.within_depth(depth)?;
                        }
                        (false, skip(&value, depth + 1))
                    }
                },
                // The tokenizer hands out a key only in an object and an end only of the open
                // container.
                (Frame::Object, _) => return Err(self.here(not_an_object())),
            };
            if close {
                frames.pop();
            }
            if let Some(open) = open {
                frames.push(open);
            }
        }
        Ok(())
    }

    /// One value under a member name (`in_array`: an element of the member's array), as a node;
    /// the frame to push when it opens a container.
    fn value(
        &mut self,
        key: &Cow<'a, str>,
        name: Option<Name>,
        at: usize,
        value: Event<'a>,
        in_array: bool,
    ) -> Result<Option<Frame<'a>>, Stop> {
        let (text, json_type, kind) = match value {
            Event::ArrayStart if !in_array => return Ok(Some(Frame::List(key.clone(), name))),
            Event::ObjectStart => {
                let mut node = self.node(key, name, at, in_array)?;
                node.kind = Kind::Container;
                self.tree.open(node);
                return Ok(Some(Frame::Object));
            }
            // An array inside an array: a value of its own kind, its contents walked (within the
            // depth limit) but not kept.
            Event::ArrayStart => {
                let mut node = self.node(key, name, at, in_array)?;
                node.kind = Kind::List;
                self.tree.leaf(node);
                return Ok(Some(Frame::Skip(self.tree.depth() + 1, true)));
            }
            Event::Null => (None, None, Kind::Null),
            Event::Bool(b) => (
                Some(Cow::Borrowed(if b { "true" } else { "false" })),
                Some(JsonType::Boolean),
                Kind::Scalar,
            ),
            Event::Number(n) => (Some(Cow::Borrowed(n)), Some(JsonType::Number), Kind::Scalar),
            // JSON strings are taken as written: " SG " is not a country code.
            Event::String(s) => (Some(s), Some(JsonType::String), Kind::Scalar),
            Event::ObjectEnd | Event::ArrayEnd | Event::Key(_) | Event::End => {
                return Err(self.here(not_an_object()));
            }
        };
        let mut node = self.node(key, name, at, in_array)?;
        node.text = text;
        node.json_type = json_type;
        node.kind = kind;
        self.tree.leaf(node);
        Ok(None)
    }

    #[inline]
    fn node(
        &mut self,
        key: &str,
        name: Option<Name>,
        at: usize,
        in_array: bool,
    ) -> Result<Node<'a>, Stop> {
        self.within_nodes()?;
        if name == Some(Name::IncludedConsignmentItem) {
            self.items += 1;
            let limit = self.limits.max_items;
            if self.items > limit {
                return Err(self.here(Raw::too_many_items(limit)));
            }
        }
        let mut node = Node::new(key, name, Some(to_u32(at)));
        node.in_array = in_array;
        Ok(node)
    }
}

#[cold]
fn malformed(e: crate::jsonlex::Error) -> Stop {
    Box::new(
        Raw::new(RuleId::ParseMalformed, vec![])
            .at_offset(Some(to_u32(e.offset)))
            .param("syntax", "JSON")
            .param("detail", e.message),
    )
}

/// The frame that walks past `value` when it opens a container.
fn skip<'a>(value: &Event<'_>, depth: u32) -> Option<Frame<'a>> {
    match value {
        Event::ObjectStart => Some(Frame::Skip(depth, false)),
        Event::ArrayStart => Some(Frame::Skip(depth, true)),
        _ => None,
    }
}

fn not_an_object() -> Raw {
    Raw::new(RuleId::ParseRoot, vec![])
        .param(
            "expected",
            "a JSON object (the JSON binding's certificate of origin)",
        )
        .param("found", "a JSON value that is not an object")
}
