//! The JSON binding: reading JSON text into the neutral tree with serde_json, and writing the model.
//!
//! serde_json runs with `arbitrary_precision`, so a JSON number keeps its text and an amount written as
//! a number (`12000.50`) is read from that text, never through `f64`. Object members and array elements
//! become the same sibling nodes XML elements do; property names go through the shared vocabulary.

use serde_json::Value;

use crate::model::Certificate;
use crate::options::Limits;
use crate::report::Raw;
use crate::rules::RuleId;
use std::borrow::Cow;

use crate::tree::{Builder, Document, JsonType, Kind, Node, Syntax};
use crate::vocab::Name;

/// Reads JSON text (already size-checked) into the tree.
pub fn read(source: &str, limits: &Limits) -> Result<Document<'static>, Raw> {
    let value: Value = serde_json::from_str(source).map_err(|e| {
        let offset = offset_of(source, e.line(), e.column());
        let detail = e.to_string();
        if detail.contains("recursion limit") {
            Raw::new(RuleId::LimitDepth, vec![])
                .at_offset(Some(offset))
                .param("limit", limits.max_depth.to_string())
        } else {
            Raw::new(RuleId::ParseMalformed, vec![])
                .at_offset(Some(offset))
                .param("syntax", "JSON")
                .param("detail", detail)
        }
    })?;
    from_value(value, limits)
}

/// Builds the tree from an already parsed JSON value (also the path plain JS objects take). The value
/// is consumed: its strings move into the tree without a copy.
pub fn from_value(value: Value, limits: &Limits) -> Result<Document<'static>, Raw> {
    let Value::Object(map) = value else {
        return Err(Raw::new(RuleId::ParseRoot, vec![])
            .param("found", "a JSON value that is not an object")
            .param("namespace", crate::vocab::NAMESPACE));
    };
    let mut tree = Builder::new(Syntax::Json, 64);
    let mut root = Node::new("", Some(Name::CertificateOfOrigin), None);
    root.kind = Kind::Container;
    tree.open(root);
    let mut items = 0u32;
    for (key, v) in map {
        if key == "$schema" {
            continue;
        }
        add_member(&mut tree, &key, v, limits, &mut items)?;
    }
    tree.close();
    Ok(tree.finish())
}

fn add_member(
    tree: &mut Builder<'static>,
    key: &str,
    value: Value,
    limits: &Limits,
    items: &mut u32,
) -> Result<(), Raw> {
    if tree.depth() as u32 >= limits.max_depth {
        return Err(
            Raw::new(RuleId::LimitDepth, vec![]).param("limit", limits.max_depth.to_string())
        );
    }
    let name = Name::from_json(key);
    match value {
        Value::Array(list) => {
            for v in list {
                build(tree, key, name, v, true, limits, items)?;
            }
        }
        v => build(tree, key, name, v, false, limits, items)?,
    }
    Ok(())
}

fn build(
    tree: &mut Builder<'static>,
    key: &str,
    name: Option<Name>,
    value: Value,
    in_array: bool,
    limits: &Limits,
    items: &mut u32,
) -> Result<(), Raw> {
    if name == Some(Name::IncludedConsignmentItem) {
        *items += 1;
        if *items > limits.max_items {
            return Err(Raw::new(RuleId::LimitItems, vec![])
                .param("count", format!("more than {}", limits.max_items))
                .param("limit", limits.max_items.to_string()));
        }
    }
    let mut node = Node::new(key, name, None);
    node.in_array = in_array;
    let mut members = None;
    match value {
        Value::Null => node.kind = Kind::Null,
        Value::Bool(b) => {
            node.text = Some(Cow::Borrowed(if b { "true" } else { "false" }));
            node.json_type = Some(JsonType::Boolean);
        }
        Value::Number(n) => {
            node.text = Some(Cow::Owned(n.to_string()));
            node.json_type = Some(JsonType::Number);
        }
        Value::String(s) => {
            // JSON strings are taken as written: " SG " is not a country code.
            node.text = Some(Cow::Owned(s));
            node.json_type = Some(JsonType::String);
        }
        Value::Array(_) => node.kind = Kind::List,
        Value::Object(map) => {
            node.kind = Kind::Container;
            members = Some(map);
        }
    }
    tree.open(node);
    if let Some(map) = members {
        for (k, v) in map {
            add_member(tree, &k, v, limits, items)?;
        }
    }
    tree.close();
    Ok(())
}

/// serde_json reports 1-based lines and columns; findings keep positions as byte offsets.
fn offset_of(source: &str, line: usize, column: usize) -> u32 {
    let mut offset = 0usize;
    for (i, l) in source.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return (offset + column.saturating_sub(1).min(l.len())) as u32;
        }
        offset += l.len();
    }
    source.len() as u32
}

/// Writes a certificate in the JSON binding.
pub fn write(cert: &Certificate) -> String {
    let mut s = serde_json::to_string_pretty(cert).unwrap_or_default();
    s.push('\n');
    s
}
