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
use crate::tree::{Document, JsonType, Kind, Node, Syntax};
use crate::vocab::Name;

/// Reads JSON text (already size-checked) into the tree.
pub fn read(source: &str, limits: &Limits) -> Result<Document, Raw> {
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
    from_value(&value, limits)
}

/// Builds the tree from an already parsed JSON value (also the path plain JS objects take).
pub fn from_value(value: &Value, limits: &Limits) -> Result<Document, Raw> {
    let Value::Object(map) = value else {
        return Err(Raw::new(RuleId::ParseRoot, vec![])
            .param("found", "a JSON value that is not an object")
            .param("namespace", crate::vocab::NAMESPACE));
    };
    let mut root = Node::new(
        Name::CertificateOfOrigin.json(),
        Some(Name::CertificateOfOrigin),
        None,
    );
    root.kind = Kind::Container;
    let mut items = 0u32;
    for (key, v) in map {
        if key == "$schema" {
            continue;
        }
        add_member(&mut root, key, v, 1, limits, &mut items)?;
    }
    root.number_children();
    Ok(Document {
        syntax: Syntax::Json,
        root,
    })
}

fn add_member(
    parent: &mut Node,
    key: &str,
    value: &Value,
    depth: u32,
    limits: &Limits,
    items: &mut u32,
) -> Result<(), Raw> {
    if depth >= limits.max_depth {
        return Err(
            Raw::new(RuleId::LimitDepth, vec![]).param("limit", limits.max_depth.to_string())
        );
    }
    let name = Name::from_json(key);
    match value {
        Value::Array(list) => {
            for v in list {
                let mut node = build(key, name, v, depth, limits, items)?;
                node.in_array = true;
                parent.children.push(node);
            }
        }
        v => parent
            .children
            .push(build(key, name, v, depth, limits, items)?),
    }
    Ok(())
}

fn build(
    key: &str,
    name: Option<Name>,
    value: &Value,
    depth: u32,
    limits: &Limits,
    items: &mut u32,
) -> Result<Node, Raw> {
    if name == Some(Name::IncludedConsignmentItem) {
        *items += 1;
        if *items > limits.max_items {
            return Err(Raw::new(RuleId::LimitItems, vec![])
                .param("count", format!("more than {}", limits.max_items))
                .param("limit", limits.max_items.to_string()));
        }
    }
    let mut node = Node::new(key, name, None);
    match value {
        Value::Null => node.kind = Kind::Null,
        Value::Bool(b) => {
            node.text = Some(b.to_string().into());
            node.json_type = Some(JsonType::Boolean);
        }
        Value::Number(n) => {
            node.text = Some(n.to_string().into());
            node.json_type = Some(JsonType::Number);
        }
        Value::String(s) => {
            // JSON strings are taken as written: " SG " is not a country code.
            node.text = Some(s.as_str().into());
            node.json_type = Some(JsonType::String);
        }
        Value::Array(_) => node.kind = Kind::List,
        Value::Object(map) => {
            node.kind = Kind::Container;
            for (k, v) in map {
                add_member(&mut node, k, v, depth + 1, limits, items)?;
            }
            node.number_children();
        }
    }
    Ok(node)
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
