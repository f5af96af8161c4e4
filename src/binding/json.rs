//! The JSON binding's reader: JSON text into the neutral tree, straight from serde_json's events.
//!
//! serde_json runs with `arbitrary_precision`, so a JSON number keeps its text and an amount written as
//! a number (`12000.50`) is read from that text, never through `f64`. Object members and array elements
//! become the same sibling nodes XML elements do; property names go through the shared vocabulary.

use serde::de::{
    self, DeserializeSeed, Deserializer as _, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use std::borrow::Cow;

use crate::catalogue::RuleId;
use crate::convert::{to_u32, to_usize};
use crate::findings::Raw;
use crate::limits::Limits;
use crate::vocab::{Name, Syntax};

use super::tree::{Builder, Document, JsonType, Kind, Node};

/// The deepest nesting of arrays and objects serde_json reads (its recursion limit of 128 stops the
/// 128th): a JSON document's depth limit is never above this, whatever the caller sets, since the
/// limit it lifts would be the parser's stack (in wasm, a trap).
pub const SERDE_JSON_DEPTH: u32 = 127;

/// How serde_json (`arbitrary_precision`) hands a number to a visitor: as a one-member map under this
/// key, the number's text the value.
pub(super) const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Reads JSON text (already size-checked) into the tree, straight from serde_json's events: strings
/// without escapes stay borrowed from the source, and members keep their document order.
#[inline(never)]
pub fn read<'a>(source: &'a str, limits: &Limits) -> Result<Document<'a>, Raw> {
    // Pretty-printed certificates have a node every 37 bytes or so (the ten-item fixture: 226 in
    // 8,401): a slightly generous guess spares copying the whole tree to grow it.
    let capacity = (source.len() / 32 + 8).min(to_usize(limits.max_nodes));
    let mut tree = Builder::new(Syntax::Json, capacity);
    let mut reader = Reader {
        tree: &mut tree,
        limits,
        items: 0,
        skipped: 0,
        failure: None,
    };
    let mut de = serde_json::Deserializer::from_str(source);
    let result = de
        .deserialize_any(Root(&mut reader))
        .and_then(|()| de.end());
    let failure = reader.failure.take();
    result.map_err(|e| {
        let offset = offset_of(source, e.line(), e.column());
        // A finding raised by the tree builder, placed where serde_json stopped.
        if let Some(raw) = failure {
            return raw.at_offset(Some(offset));
        }
        let detail = e.to_string();
        if detail.contains("recursion limit") {
            // serde_json's own bound, below a caller's larger limit: the finding names the bound
            // that stopped the reader, not the one the caller asked for.
            let limit = limits.max_depth.min(SERDE_JSON_DEPTH);
            Raw::over_limit(RuleId::LimitDepth, limit.into()).at_offset(Some(offset))
        } else {
            Raw::new(RuleId::ParseMalformed, vec![])
                .at_offset(Some(offset))
                .param("syntax", "JSON")
                .param("detail", detail)
        }
    })?;
    Ok(tree.finish())
}

struct Reader<'t, 'a> {
    tree: &'t mut Builder<'a>,
    limits: &'t Limits,
    items: u32,
    /// Values read past rather than kept (`Skip`).
    skipped: u32,
    /// A finding raised inside serde's callbacks, which can only carry an error message out.
    failure: Option<Raw>,
}

impl Reader<'_, '_> {
    fn fail<E: de::Error>(&mut self, raw: Raw) -> E {
        let message = raw.rule.rule().code;
        self.failure = Some(raw);
        E::custom(message)
    }

    /// Refuses a node beyond the node limit, counting the values read past (arrays in arrays) with
    /// the tree's nodes: they cost time, if not memory.
    #[inline]
    fn within_nodes<E: de::Error>(&mut self) -> Result<(), E> {
        let max = self.limits.max_nodes.saturating_sub(self.skipped);
        if !self.tree.is_full(max) {
            return Ok(());
        }
        let limit = self.limits.max_nodes.into();
        Err(self.fail(Raw::over_limit(RuleId::LimitNodes, limit)))
    }

    /// Refuses to go deeper than the limit, for the tree and for values read past alike.
    #[inline]
    fn within_depth<E: de::Error>(&mut self, depth: u32) -> Result<(), E> {
        if depth < self.limits.max_depth {
            return Ok(());
        }
        let limit = self.limits.max_depth.into();
        Err(self.fail(Raw::over_limit(RuleId::LimitDepth, limit)))
    }
}

/// Every visitor here answers every kind of value itself: serde's default answers format the
/// unexpected value, and that formatting (floats included) would cost the wasm package ~12 KB
/// gzipped. This writes one visitor's answers to `null`, booleans and numbers serde_json hands over
/// as such.
macro_rules! answer_scalars {
    ($value:ty, |$this:ident| $answer:expr) => {
        fn visit_unit<E: de::Error>(self) -> Result<$value, E> {
            let $this = self;
            $answer
        }

        fn visit_bool<E: de::Error>(self, _: bool) -> Result<$value, E> {
            let $this = self;
            $answer
        }

        fn visit_u64<E: de::Error>(self, _: u64) -> Result<$value, E> {
            let $this = self;
            $answer
        }

        fn visit_i64<E: de::Error>(self, _: i64) -> Result<$value, E> {
            let $this = self;
            $answer
        }

        fn visit_f64<E: de::Error>(self, _: f64) -> Result<$value, E> {
            let $this = self;
            $answer
        }
    };
}

/// The tree builders are their own seeds: each reads whatever value comes (`deserialize_any`).
macro_rules! seeds_by_themselves {
    ($($t:ident),*) => {$(
        impl<'a> DeserializeSeed<'a> for $t<'_, '_, 'a> {
            type Value = ();

            fn deserialize<D: de::Deserializer<'a>>(self, d: D) -> Result<(), D::Error> {
                d.deserialize_any(self)
            }
        }
    )*};
}

seeds_by_themselves!(Root, Member, Skip);

/// The document: one object, whose `$schema` member is an editor's hint, not content.
struct Root<'r, 't, 'a>(&'r mut Reader<'t, 'a>);

impl<'a> Visitor<'a> for Root<'_, '_, 'a> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<M: MapAccess<'a>>(self, mut map: M) -> Result<(), M::Error> {
        let mut root = Node::new("", Some(Name::CertificateOfOrigin), None);
        root.kind = Kind::Container;
        self.0.tree.open(root);
        let mut first = true;
        while let Some(key) = map.next_key_seed(Key)? {
            if first && key == NUMBER_TOKEN {
                // A number at the top level.
                return Err(self.0.fail(not_an_object()));
            }
            first = false;
            if key == "$schema" {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            map.next_value_seed(Member::new(self.0, key, false)?)?;
        }
        self.0.tree.close();
        Ok(())
    }

    fn visit_seq<S: SeqAccess<'a>>(self, _: S) -> Result<(), S::Error> {
        Err(self.0.fail(not_an_object()))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(self.0.fail(not_an_object()))
    }

    answer_scalars!((), |this| Err(this.0.fail(not_an_object())));
}

fn not_an_object() -> Raw {
    Raw::new(RuleId::ParseRoot, vec![])
        .param(
            "expected",
            "a JSON object (the JSON binding's certificate of origin)",
        )
        .param("found", "a JSON value that is not an object")
}

/// A member name, borrowed from the source unless it holds escapes.
pub(super) struct Key;

impl<'a> DeserializeSeed<'a> for Key {
    type Value = Cow<'a, str>;

    fn deserialize<D: de::Deserializer<'a>>(self, d: D) -> Result<Cow<'a, str>, D::Error> {
        d.deserialize_any(Text)
    }
}

/// A string, borrowed from the source unless it holds escapes.
struct Text;

impl<'a> Visitor<'a> for Text {
    type Value = Cow<'a, str>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'a str) -> Result<Cow<'a, str>, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Cow<'a, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Cow<'a, str>, E> {
        Ok(Cow::Owned(v))
    }

    answer_scalars!(Cow<'a, str>, |_this| Err(not_a_string()));

    fn visit_seq<S: SeqAccess<'a>>(self, _: S) -> Result<Cow<'a, str>, S::Error> {
        Err(not_a_string())
    }

    fn visit_map<M: MapAccess<'a>>(self, _: M) -> Result<Cow<'a, str>, M::Error> {
        Err(not_a_string())
    }
}

fn not_a_string<E: de::Error>() -> E {
    E::custom("expected a string")
}

/// One value under a member name. `list` says whether an array here holds siblings (an object's
/// member) or is a value of its own (an array inside an array, which no binding field takes).
struct Member<'r, 't, 'a> {
    reader: &'r mut Reader<'t, 'a>,
    key: Cow<'a, str>,
    name: Option<Name>,
    in_array: bool,
    list: bool,
}

impl<'r, 't, 'a> Member<'r, 't, 'a> {
    #[inline]
    fn new<E: de::Error>(
        reader: &'r mut Reader<'t, 'a>,
        key: Cow<'a, str>,
        in_array: bool,
    ) -> Result<Self, E> {
        reader.within_depth(reader.tree.depth())?;
        let name = Name::from_json(&key);
        Ok(Member {
            reader,
            key,
            name,
            in_array,
            list: !in_array,
        })
    }

    #[inline]
    fn node<E: de::Error>(&mut self) -> Result<Node<'a>, E> {
        self.reader.within_nodes()?;
        if self.name == Some(Name::IncludedConsignmentItem) {
            self.reader.items += 1;
            let limit = self.reader.limits.max_items;
            if self.reader.items > limit {
                return Err(self.reader.fail(Raw::too_many_items(limit)));
            }
        }
        let mut node = Node::new(&self.key, self.name, None);
        node.in_array = self.in_array;
        Ok(node)
    }

    #[inline]
    fn leaf<E: de::Error>(
        mut self,
        text: Option<Cow<'a, str>>,
        json_type: Option<JsonType>,
        kind: Kind,
    ) -> Result<(), E> {
        let mut node = self.node()?;
        node.text = text;
        node.json_type = json_type;
        node.kind = kind;
        self.reader.tree.leaf(node);
        Ok(())
    }

    #[inline]
    fn number<E: de::Error>(self, text: Cow<'a, str>) -> Result<(), E> {
        self.leaf(Some(text), Some(JsonType::Number), Kind::Scalar)
    }
}

impl<'a> Visitor<'a> for Member<'_, '_, 'a> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.leaf(None, None, Kind::Null)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        let text = Cow::Borrowed(if v { "true" } else { "false" });
        self.leaf(Some(text), Some(JsonType::Boolean), Kind::Scalar)
    }

    // Integers that fit 64 bits arrive as integers (exact); others as text (`visit_map`).
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.number(Cow::Owned(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.number(Cow::Owned(v.to_string()))
    }

    // Unreachable with `arbitrary_precision` (fractions arrive as text), refused all the same.
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom("a number read as binary floating point"))
    }

    // JSON strings are taken as written: " SG " is not a country code.
    fn visit_borrowed_str<E: de::Error>(self, v: &'a str) -> Result<(), E> {
        self.leaf(Some(Cow::Borrowed(v)), Some(JsonType::String), Kind::Scalar)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.visit_string(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<(), E> {
        self.leaf(Some(Cow::Owned(v)), Some(JsonType::String), Kind::Scalar)
    }

    fn visit_seq<S: SeqAccess<'a>>(self, mut seq: S) -> Result<(), S::Error> {
        if !self.list {
            // An array inside an array: a value of its own kind, its contents walked (within the
            // depth limit) but not kept.
            let depth = self.reader.tree.depth().saturating_add(1);
            skip_elements(self.reader, &mut seq, depth)?;
            return self.leaf(None, None, Kind::List);
        }
        while seq
            .next_element_seed(Member {
                reader: &mut *self.reader,
                key: self.key.clone(),
                name: self.name,
                in_array: true,
                list: false,
            })?
            .is_some()
        {}
        Ok(())
    }

    fn visit_map<M: MapAccess<'a>>(mut self, mut map: M) -> Result<(), M::Error> {
        let Some(first) = map.next_key_seed(Key)? else {
            return self.leaf(None, None, Kind::Container);
        };
        if first == NUMBER_TOKEN {
            let text = map.next_value_seed(Key)?;
            if !is_json_number(&text) {
                return Err(de::Error::custom("a member named like a number's marker"));
            }
            return self.number(text);
        }
        let mut node = self.node()?;
        node.kind = Kind::Container;
        self.reader.tree.open(node);
        let mut key = Some(first);
        while let Some(k) = key {
            map.next_value_seed(Member::new(&mut *self.reader, k, false)?)?;
            key = map.next_key_seed(Key)?;
        }
        self.reader.tree.close();
        Ok(())
    }
}

/// A value that is walked, not kept, under the same depth limit as the tree.
struct Skip<'r, 't, 'a> {
    reader: &'r mut Reader<'t, 'a>,
    depth: u32,
}

impl Skip<'_, '_, '_> {
    fn deeper<E: de::Error>(&mut self) -> Result<u32, E> {
        self.reader.within_depth(self.depth)?;
        Ok(self.depth + 1)
    }
}

impl<'a> Visitor<'a> for Skip<'_, '_, 'a> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    answer_scalars!((), |_this| Ok(()));

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<S: SeqAccess<'a>>(mut self, mut seq: S) -> Result<(), S::Error> {
        let depth = self.deeper()?;
        skip_elements(self.reader, &mut seq, depth)
    }

    fn visit_map<M: MapAccess<'a>>(mut self, mut map: M) -> Result<(), M::Error> {
        let depth = self.deeper()?;
        while map.next_key::<IgnoredAny>()?.is_some() {
            self.reader.skipped += 1;
            self.reader.within_nodes()?;
            map.next_value_seed(Skip {
                reader: &mut *self.reader,
                depth,
            })?;
        }
        Ok(())
    }
}

fn skip_elements<'a, S: SeqAccess<'a>>(
    reader: &mut Reader<'_, 'a>,
    seq: &mut S,
    depth: u32,
) -> Result<(), S::Error> {
    while seq.next_element_seed(Skip { reader, depth })?.is_some() {
        reader.skipped += 1;
        reader.within_nodes()?;
    }
    Ok(())
}

/// The JSON number grammar (RFC 8259 §6), so that an object that merely names serde_json's number
/// marker is not taken for a number.
fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

/// serde_json reports 1-based lines and columns; findings keep positions as byte offsets.
fn offset_of(source: &str, line: usize, column: usize) -> u32 {
    let mut offset = 0usize;
    for (i, l) in source.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return to_u32(offset + column.saturating_sub(1).min(l.len()));
        }
        offset += l.len();
    }
    to_u32(source.len())
}
